//! Per-packet TCP sequence analysis in the manner of Wireshark's
//! `tcp_analyze_sequence_number` (epan/dissectors/packet-tcp.c).
//!
//! Each direction keeps the next expected sequence number (the high-water
//! mark, with the time it was last advanced), the highest in-order sequence
//! still to be acknowledged, the last ACK / window it sent and a duplicate
//! ACK counter. The rules, in Wireshark's order: zero-window probe, zero
//! window, previous segment not captured, keep-alive, window update, window
//! full, keep-alive ACK, zero-window-probe ACK, duplicate ACK (RFC 5681 §2:
//! no data, same ACK and window, no SYN/FIN/RST), ACKed unseen segment, then
//! for a segment that does not advance the sequence: fast retransmission
//! (≥ 2 duplicate ACKs for it within 20 ms), out-of-order (within the
//! handshake RTT — 3 ms when unknown — of the high-water mark), spurious
//! retransmission (already acknowledged), otherwise retransmission.

use crate::time::Timestamp;
use crate::wire::summary::TcpFlags;

/// Analysis flags of one packet (a bit set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AnalysisFlags(pub u16);

impl AnalysisFlags {
    pub const RETRANSMISSION: u16 = 1 << 0;
    pub const FAST_RETRANSMISSION: u16 = 1 << 1;
    pub const SPURIOUS_RETRANSMISSION: u16 = 1 << 2;
    pub const OUT_OF_ORDER: u16 = 1 << 3;
    pub const DUPLICATE_ACK: u16 = 1 << 4;
    pub const ZERO_WINDOW: u16 = 1 << 5;
    pub const ZERO_WINDOW_PROBE: u16 = 1 << 6;
    pub const WINDOW_FULL: u16 = 1 << 7;
    pub const KEEP_ALIVE: u16 = 1 << 8;
    /// Wireshark "previous segment not captured" (`tcp.analysis.lost_segment`).
    pub const LOST_SEGMENT: u16 = 1 << 9;
    /// Wireshark "ACKed segment that wasn't captured" (`tcp.analysis.ack_lost_segment`).
    pub const ACKED_UNSEEN: u16 = 1 << 10;
    pub const WINDOW_UPDATE: u16 = 1 << 11;
    pub const KEEP_ALIVE_ACK: u16 = 1 << 12;
    pub const ZERO_WINDOW_PROBE_ACK: u16 = 1 << 13;

    /// All flags with their tshark field names (`tcp.analysis.<name>`).
    pub const NAMES: [(u16, &'static str); 14] = [
        (Self::RETRANSMISSION, "retransmission"),
        (Self::FAST_RETRANSMISSION, "fast_retransmission"),
        (Self::SPURIOUS_RETRANSMISSION, "spurious_retransmission"),
        (Self::OUT_OF_ORDER, "out_of_order"),
        (Self::DUPLICATE_ACK, "duplicate_ack"),
        (Self::ZERO_WINDOW, "zero_window"),
        (Self::ZERO_WINDOW_PROBE, "zero_window_probe"),
        (Self::WINDOW_FULL, "window_full"),
        (Self::KEEP_ALIVE, "keep_alive"),
        (Self::LOST_SEGMENT, "lost_segment"),
        (Self::ACKED_UNSEEN, "ack_lost_segment"),
        (Self::WINDOW_UPDATE, "window_update"),
        (Self::KEEP_ALIVE_ACK, "keep_alive_ack"),
        (Self::ZERO_WINDOW_PROBE_ACK, "zero_window_probe_ack"),
    ];

    /// True when any bit of `m` is set.
    pub fn any(self, m: u16) -> bool {
        self.0 & m != 0
    }
    /// True when nothing was flagged.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// Names of the set flags.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Self::NAMES
            .iter()
            .filter(move |(b, _)| self.0 & b != 0)
            .map(|(_, n)| *n)
    }
}

/// Counts of each analysis flag in one direction (allocated on the first
/// flag: most directions of most connections never get one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnalysisCounts(Option<Box<[u32; 14]>>);

impl AnalysisCounts {
    /// Adds one packet's flags.
    pub fn add(&mut self, f: AnalysisFlags) {
        if f.is_empty() {
            return;
        }
        let c = self.0.get_or_insert_with(|| Box::new([0; 14]));
        for (i, (b, _)) in AnalysisFlags::NAMES.iter().enumerate() {
            if f.0 & b != 0 {
                c[i] = c[i].saturating_add(1);
            }
        }
    }
    fn at(&self, i: Option<usize>) -> u32 {
        match (&self.0, i) {
            (Some(c), Some(i)) => c[i],
            _ => 0,
        }
    }
    /// The count for one flag bit.
    pub fn get(&self, bit: u16) -> u32 {
        self.at(AnalysisFlags::NAMES.iter().position(|(b, _)| *b == bit))
    }
    /// The count by tshark field name.
    pub fn by_name(&self, name: &str) -> u32 {
        self.at(AnalysisFlags::NAMES.iter().position(|(_, n)| *n == name))
    }
    /// Retransmissions of any kind (plain, fast, spurious: all carry
    /// [`AnalysisFlags::RETRANSMISSION`], as in Wireshark).
    pub fn retransmissions(&self) -> u32 {
        self.get(AnalysisFlags::RETRANSMISSION)
    }
}

/// Window scale knowledge (Wireshark's `win_scale`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WinScale {
    /// No SYN seen: the window's scale is unknown.
    #[default]
    Unknown,
    /// Scaling not in use.
    None,
    /// Shift count.
    Shift(u8),
}

/// One direction's sequence-analysis state.
#[derive(Clone, Debug, Default)]
pub struct DirAnalysis {
    nextseq: Option<u32>,
    /// Nanoseconds since the epoch (saturated), when `nextseq` last advanced.
    nextseqtime: i64,
    maxseqtobeacked: Option<u32>,
    lastack: Option<u32>,
    lastacktime: i64,
    window: Option<u32>,
    pub win_scale: WinScale,
    dupacknum: u32,
    lastsegmentflags: u16,
    /// Per-flag counters for this direction.
    pub counts: AnalysisCounts,
}

impl DirAnalysis {
    /// The next sequence number expected from this direction (high-water mark).
    pub(crate) fn next_seq(&self) -> Option<u32> {
        self.nextseq
    }
    /// When the high-water mark last advanced: the first copy of the
    /// newest data was sent then (explanations time retransmissions by it).
    pub fn advanced_at(&self) -> Option<Timestamp> {
        self.nextseq.map(|_| Timestamp::from_nanos(self.nextseqtime as i128))
    }
}

fn nanos(t: Timestamp) -> i64 {
    t.nanos_i64()
}

use crate::wire::seq::{gt, le, lt};

/// The per-packet result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PacketAnalysis {
    pub flags: AnalysisFlags,
    /// Duplicate ACK number (1, 2, …) when flagged.
    pub dupack_num: u32,
}

/// Inputs for one segment.
#[derive(Clone, Copy, Debug)]
pub struct SegIn {
    pub flags: TcpFlags,
    pub seq: u32,
    pub ack: u32,
    pub len: u32,
    pub raw_window: u16,
    pub wscale_opt: Option<u8>,
    pub ts: Timestamp,
}

/// Learns window scaling from a SYN (Wireshark `verify_tcp_window_scaling`).
fn learn_scale(fwd: &mut DirAnalysis, rev: &mut DirAnalysis, s: &SegIn) {
    if !s.flags.syn() {
        return;
    }
    match s.wscale_opt {
        Some(ws) => {
            if s.flags.ack() && rev.win_scale == WinScale::None {
                fwd.win_scale = WinScale::None;
            } else {
                fwd.win_scale = WinScale::Shift(ws.min(14));
            }
        }
        None => {
            fwd.win_scale = WinScale::None;
            rev.win_scale = WinScale::None;
        }
    }
}

/// Analyses one segment sent in direction `fwd`; `first_rtt_ns` is the
/// handshake RTT when known (the out-of-order threshold).
pub fn analyze(
    fwd: &mut DirAnalysis,
    rev: &mut DirAnalysis,
    s: &SegIn,
    first_rtt_ns: Option<i128>,
) -> PacketAnalysis {
    learn_scale(fwd, rev, s);
    let f = s.flags;
    let window = match fwd.win_scale {
        WinScale::Shift(n) if !f.syn() => (s.raw_window as u32) << n,
        _ => s.raw_window as u32,
    };
    let sfr = f.syn() || f.fin() || f.rst();
    let (seq, ack, seglen) = (s.seq, s.ack, s.len);
    let mut fl = 0u16;
    let mut dupack_num = 0;

    'fwd: {
        if seglen == 1 && fwd.nextseq == Some(seq) && rev.window == Some(0) {
            fl |= AnalysisFlags::ZERO_WINDOW_PROBE;
            break 'fwd;
        }
        if window == 0 && !sfr {
            fl |= AnalysisFlags::ZERO_WINDOW;
        }
        if let Some(n) = fwd.nextseq {
            if gt(seq, n) && !f.rst() {
                fl |= AnalysisFlags::LOST_SEGMENT;
            }
        }
        if seglen <= 1 && !sfr && fwd.nextseq.is_some_and(|n| seq == n.wrapping_sub(1)) {
            fl |= AnalysisFlags::KEEP_ALIVE;
        }
        let same_pos = fwd.nextseq == Some(seq) && fwd.lastack == Some(ack) && !sfr && seglen == 0;
        if same_pos && window != 0 && fwd.window.is_some_and(|w| w != window) {
            fl |= AnalysisFlags::WINDOW_UPDATE;
        }
        if seglen > 0 && !sfr {
            if let (Some(la), Some(w)) = (rev.lastack, rev.window) {
                if rev.win_scale != WinScale::Unknown
                    && seq.wrapping_add(seglen) == la.wrapping_add(w)
                {
                    fl |= AnalysisFlags::WINDOW_FULL;
                }
            }
        }
        let same_win = fwd.window == Some(window);
        if same_pos
            && window != 0
            && same_win
            && rev.lastsegmentflags & AnalysisFlags::KEEP_ALIVE != 0
        {
            fl |= AnalysisFlags::KEEP_ALIVE_ACK;
            break 'fwd;
        }
        if same_pos
            && window == 0
            && same_win
            && rev.lastsegmentflags & AnalysisFlags::ZERO_WINDOW_PROBE != 0
        {
            fl |= AnalysisFlags::ZERO_WINDOW_PROBE_ACK;
            break 'fwd;
        }
        if same_pos && window != 0 && same_win {
            fwd.dupacknum += 1;
            fl |= AnalysisFlags::DUPLICATE_ACK;
            dupack_num = fwd.dupacknum;
        }
    }
    if fl & AnalysisFlags::DUPLICATE_ACK == 0 {
        fwd.dupacknum = 0;
    }
    if f.ack() {
        if let Some(m) = rev.maxseqtobeacked {
            if gt(ack, m) {
                fl |= AnalysisFlags::ACKED_UNSEEN;
                rev.maxseqtobeacked = rev.nextseq;
            }
        }
    }
    if (seglen > 0 || f.syn() || f.fin()) && fwd.nextseq.is_some_and(|n| lt(seq, n)) {
        let kind = classify_retransmission(fwd, rev, s, fl, first_rtt_ns);
        fl |= kind;
        // Wireshark marks fast and spurious retransmissions as retransmissions too.
        if kind & (AnalysisFlags::FAST_RETRANSMISSION | AnalysisFlags::SPURIOUS_RETRANSMISSION) != 0
        {
            fl |= AnalysisFlags::RETRANSMISSION;
        }
    }

    let mut nextseq = seq.wrapping_add(seglen);
    if f.syn() || f.fin() {
        nextseq = nextseq.wrapping_add(1);
    }
    let zwp = fl & AnalysisFlags::ZERO_WINDOW_PROBE != 0;
    if (fwd.nextseq.is_none() || fwd.nextseq.is_some_and(|n| gt(nextseq, n))) && !zwp {
        fwd.nextseq = Some(nextseq);
        fwd.nextseqtime = nanos(s.ts);
    }
    if (fwd.maxseqtobeacked.is_none() || fwd.maxseqtobeacked == Some(seq)) && !zwp {
        fwd.maxseqtobeacked = fwd.nextseq;
    }
    fwd.window = Some(window);
    if f.ack() {
        fwd.lastack = Some(ack);
        fwd.lastacktime = nanos(s.ts);
    }
    fwd.lastsegmentflags = fl;
    let flags = AnalysisFlags(fl);
    fwd.counts.add(flags);
    PacketAnalysis { flags, dupack_num }
}

fn classify_retransmission(
    fwd: &DirAnalysis,
    rev: &DirAnalysis,
    s: &SegIn,
    fl: u16,
    first_rtt_ns: Option<i128>,
) -> u16 {
    if fl & AnalysisFlags::KEEP_ALIVE != 0 {
        return 0;
    }
    let (seq, seglen) = (s.seq, s.len);
    let since_dup = nanos(s.ts).saturating_sub(rev.lastacktime) as i128;
    if rev.dupacknum >= 2 && rev.lastack == Some(seq) && since_dup < 20_000_000 {
        return AnalysisFlags::FAST_RETRANSMISSION;
    }
    let ooo_thres = first_rtt_ns.filter(|&r| r > 0).unwrap_or(3_000_000);
    let since_next = nanos(s.ts).saturating_sub(fwd.nextseqtime) as i128;
    if since_next < ooo_thres && fwd.nextseq != Some(seq.wrapping_add(seglen)) {
        return AnalysisFlags::OUT_OF_ORDER;
    }
    if seglen > 0
        && rev
            .lastack
            .is_some_and(|la| le(seq.wrapping_add(seglen), la))
    {
        return AnalysisFlags::SPURIOUS_RETRANSMISSION;
    }
    AnalysisFlags::RETRANSMISSION
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: u16 = TcpFlags::ACK;
    const S: u16 = TcpFlags::SYN;

    fn seg(flags: u16, seq: u32, ack: u32, len: u32, win: u16, t_ms: i64) -> SegIn {
        SegIn {
            flags: TcpFlags(flags),
            seq,
            ack,
            len,
            raw_window: win,
            wscale_opt: None,
            ts: Timestamp::from_nanos(t_ms as i128 * 1_000_000),
        }
    }

    fn pair() -> (DirAnalysis, DirAnalysis) {
        let (mut c, mut s) = (DirAnalysis::default(), DirAnalysis::default());
        analyze(&mut c, &mut s, &seg(S, 100, 0, 0, 1000, 0), None);
        analyze(&mut s, &mut c, &seg(S | A, 500, 101, 0, 1000, 1), None);
        analyze(&mut c, &mut s, &seg(A, 101, 501, 0, 1000, 2), None);
        (c, s)
    }

    #[test]
    fn resent_data_is_a_retransmission() {
        let (mut c, mut s) = pair();
        analyze(
            &mut c,
            &mut s,
            &seg(A, 101, 501, 100, 1000, 10),
            Some(2_000_000),
        );
        let r = analyze(
            &mut c,
            &mut s,
            &seg(A, 101, 501, 100, 1000, 300),
            Some(2_000_000),
        );
        assert_eq!(r.flags.0, AnalysisFlags::RETRANSMISSION);
    }

    #[test]
    fn gap_then_dup_acks_then_fast_retransmission() {
        let (mut c, mut s) = pair();
        let r = analyze(
            &mut c,
            &mut s,
            &seg(A, 201, 501, 100, 1000, 10),
            Some(2_000_000),
        );
        assert!(r.flags.any(AnalysisFlags::LOST_SEGMENT));
        // The SYN-ACK already acked 101: each repeat is a duplicate ACK.
        analyze(&mut s, &mut c, &seg(A, 501, 101, 0, 1000, 11), None);
        let d = analyze(&mut s, &mut c, &seg(A, 501, 101, 0, 1000, 12), None);
        assert_eq!((d.flags.0, d.dupack_num), (AnalysisFlags::DUPLICATE_ACK, 2));
        let r = analyze(
            &mut c,
            &mut s,
            &seg(A, 101, 501, 100, 1000, 14),
            Some(2_000_000),
        );
        assert_eq!(
            r.flags.0,
            AnalysisFlags::FAST_RETRANSMISSION | AnalysisFlags::RETRANSMISSION
        );
    }

    #[test]
    fn zero_window_and_probe() {
        let (mut c, mut s) = pair();
        let z = analyze(&mut s, &mut c, &seg(A, 501, 101, 0, 0, 10), None);
        assert!(z.flags.any(AnalysisFlags::ZERO_WINDOW));
        let p = analyze(&mut c, &mut s, &seg(A, 101, 501, 1, 1000, 200), None);
        assert_eq!(p.flags.0, AnalysisFlags::ZERO_WINDOW_PROBE);
    }

    #[test]
    fn keep_alive_is_not_retransmission() {
        let (mut c, mut s) = pair();
        let k = analyze(&mut c, &mut s, &seg(A, 100, 501, 0, 1000, 5000), None);
        assert_eq!(k.flags.0, AnalysisFlags::KEEP_ALIVE);
    }

    #[test]
    fn ack_beyond_seen_data_is_acked_unseen() {
        let (mut c, mut s) = pair();
        let r = analyze(&mut s, &mut c, &seg(A, 501, 301, 0, 1000, 10), None);
        assert!(r.flags.any(AnalysisFlags::ACKED_UNSEEN));
    }
}
