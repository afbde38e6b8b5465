//! Zeek's TCP endpoint model (`TCP_Endpoint`, `TCPSessionAdapter::Process`).
//!
//! Each endpoint has a Zeek state (inactive, SYN sent, SYN-ACK sent, partial,
//! established, closed, reset), wrap-safe sequence high-water marks (start,
//! last and acked sequence plus wrap counters) from which Zeek derives the
//! byte counts of conn.log, and the counters behind the scaled history letters.
//! The per-state transition functions mirror Zeek's `Update*State` methods;
//! conn.log's `conn_state` is a pure function of the two endpoints
//! ([`conn_state`]).

use super::history::{mask, History, Scaled};
use crate::time::Timestamp;
use crate::wire::summary::{TcpDigest, TcpFlags};

/// Zeek: a SYN or RST moving the sequence space this far is not trusted.
pub const TOO_LARGE_SEQ_DELTA: i32 = 1_048_576;
/// Out-of-order data blocks kept per endpoint for gap detection.
pub const MAX_PENDING_BLOCKS: usize = 8;

/// Zeek's `EndpointState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ZState {
    #[default]
    Inactive,
    SynSent,
    SynAckSent,
    Partial,
    Established,
    Closed,
    Reset,
}

impl ZState {
    fn is_handshake(self) -> bool {
        matches!(
            self,
            ZState::Inactive | ZState::SynSent | ZState::SynAckSent
        )
    }
}

/// Signed distance from `b` to `a` in 32-bit sequence space.
pub fn seq_delta(a: u32, b: u32) -> i32 {
    crate::wire::seq::delta(a, b)
}

/// Zeek's per-endpoint TCP state.
#[derive(Clone, Debug, Default)]
pub struct ZeekEndpoint {
    pub state: ZState,
    pub prev_state: ZState,
    pub start_seq: u32,
    pub last_seq: u32,
    pub ack_seq: u32,
    pub seq_wraps: u32,
    pub ack_wraps: u32,
    pub fin_cnt: u32,
    pub rst_cnt: u32,
    pub did_close: bool,
    /// UDP: this side sent something.
    pub udp_active: bool,
    pub hist_last_syn: u64,
    pub hist_last_fin: u64,
    pub hist_last_rst: u64,
    pub rxmt: Scaled,
    pub win0: Scaled,
    pub chk: Scaled,
    pub gap: Scaled,
    pub window_scale: u8,
    pub window: u32,
    pub window_seq: u32,
    pub window_ack_seq: u32,
    /// Reassembly point: next relative data sequence expected in order.
    reassem_seq: u64,
    /// Out-of-order data blocks `[start, end)` above `reassem_seq`.
    /// (Allocated only when data arrives out of order.)
    pending: Option<Box<Vec<(u64, u64)>>>,
    /// Bytes of content never seen although acknowledged (Zeek's missed_bytes).
    pub missed: u64,
}

impl ZeekEndpoint {
    fn full(seq: u32, wraps: u32) -> u64 {
        ((wraps as u64) << 32) | seq as u64
    }
    /// Relative position of `seq` given its wrap count.
    pub fn to_relative(&self, seq: u32, wraps: u32) -> u64 {
        Self::full(seq, wraps).wrapping_sub(self.start_seq as u64)
    }
    fn update_last_seq_raw(&mut self, seq: u32) {
        if seq < self.last_seq {
            self.seq_wraps += 1;
        }
        self.last_seq = seq;
    }
    fn update_ack_seq_raw(&mut self, seq: u32) {
        if seq < self.ack_seq {
            self.ack_wraps += 1;
        }
        self.ack_seq = seq;
    }
    fn init_seqs(&mut self, start: u32, ack: u32, last: u32) {
        self.start_seq = start;
        self.ack_seq = ack;
        self.last_seq = last;
    }
    fn set_state(&mut self, s: ZState) {
        if s != self.state {
            self.prev_state = self.state;
            self.state = s;
        }
    }
    fn no_data_acked(&self) -> bool {
        let ack = Self::full(self.ack_seq, self.ack_wraps);
        let start = self.start_seq as u64;
        ack == start || ack == start + 1
    }
    /// Zeek `TCP_Endpoint::Size`, given the peer's state.
    pub fn size(&self, peer_state: ZState) -> u64 {
        if self.prev_state == ZState::SynSent
            && self.state == ZState::Reset
            && peer_state == ZState::Inactive
            && !self.no_data_acked()
        {
            return 0;
        }
        let last = Self::full(self.last_seq, self.seq_wraps);
        let ack = Self::full(self.ack_seq, self.ack_wraps);
        let top = if last > ack { last } else { ack };
        let mut size = top.wrapping_sub(self.start_seq as u64);
        // The SYN octet and the FIN octet are not data.
        size = size.saturating_sub(1);
        if self.fin_cnt > 0 {
            size = size.saturating_sub(1);
        }
        size
    }

    /// Zeek `get_relative_seq`: relative position plus an underflow flag.
    fn relative_seq(&self, cur: u32, last: u32, wraps: u32) -> (u64, bool) {
        let delta = seq_delta(cur, last);
        let mut wraps = wraps;
        if delta < 0 {
            if wraps > 0 && cur > last {
                wraps -= 1;
            }
        } else if delta > 0 && cur < last {
            wraps += 1;
        }
        if wraps == 0 {
            let d = seq_delta(cur, self.start_seq);
            return (d as i64 as u64, d < 0);
        }
        (self.to_relative(cur, wraps), false)
    }

    /// Records data `[seq, seq+len)` for gap detection (reassembler `DataSent`).
    fn data_sent(&mut self, seq: u64, len: u64) {
        if self.reassem_seq == 0 {
            self.reassem_seq = 1;
        }
        let end = seq.saturating_add(len);
        if end <= self.reassem_seq {
            return;
        }
        if seq <= self.reassem_seq {
            self.reassem_seq = end;
            self.absorb_pending();
        } else {
            self.add_pending(seq, end);
        }
    }
    /// Adds `[seq, end)` to the out-of-order blocks, merging overlapping
    /// or adjacent ones; beyond [`MAX_PENDING_BLOCKS`] disjoint blocks the
    /// new one is dropped.
    fn add_pending(&mut self, seq: u64, end: u64) {
        let (mut s, mut e) = (seq, end);
        let pending = self.pending.get_or_insert_with(Default::default);
        pending.retain(|&(a, b)| {
            if a <= e && s <= b {
                s = s.min(a);
                e = e.max(b);
                false
            } else {
                true
            }
        });
        if pending.len() < MAX_PENDING_BLOCKS {
            pending.push((s, e));
        }
    }

    fn absorb_pending(&mut self) {
        let Some(pending) = self.pending.as_mut() else {
            return;
        };
        loop {
            let r = self.reassem_seq;
            let mut top = r;
            pending.retain(|&(s, e)| {
                if s <= r {
                    top = top.max(e);
                    false
                } else {
                    true
                }
            });
            if top > r {
                self.reassem_seq = top;
            } else {
                break;
            }
        }
        if pending.is_empty() {
            self.pending = None;
        }
    }
    /// An ACK from the peer covered up to relative `seq`: bytes in between
    /// never seen are a content gap. Returns the gap length.
    fn ack_received(&mut self, seq: u64) -> u64 {
        if self.reassem_seq == 0 {
            self.reassem_seq = 1;
        }
        if seq <= self.reassem_seq {
            return 0;
        }
        let mut missing = 0u64;
        let mut cur = self.reassem_seq;
        let mut pending = self.pending.take().unwrap_or_default();
        pending.sort_unstable();
        let mut keep = Vec::new();
        for &(s, e) in pending.iter() {
            if s >= seq {
                keep.push((s, e));
                continue;
            }
            if s > cur {
                missing += s - cur;
            }
            cur = cur.max(e);
        }
        if seq > cur {
            missing += seq - cur;
            cur = seq;
        }
        if !keep.is_empty() {
            *pending = keep;
            self.pending = Some(pending);
        }
        self.reassem_seq = cur;
        self.missed += missing;
        missing
    }
}

/// Connection-wide Zeek TCP flags (`TCPSessionAdapter` members).
#[derive(Clone, Copy, Debug, Default)]
pub struct ZeekConnFlags {
    pub is_partial: bool,
    /// Bit 0: originator's first packet seen; bit 1: responder's.
    pub first_packet_seen: u8,
    /// Set when the roles must be flipped (SYN/SYN-ACK reversal).
    pub flip_now: bool,
    /// Handshake done: switch to the established inactivity timeout.
    pub left_handshake: bool,
    /// An originator SYN started the attempt timer (at this packet).
    pub attempt_started: bool,
    /// A close was completed (both closed, a reset, or a half-open close).
    pub close_complete: bool,
    /// A half close (other side still open) was seen: re-arm the expire timer.
    pub half_closed: bool,
}

/// Everything the engine needs about one TCP segment.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    pub flags: TcpFlags,
    pub seq: u32,
    pub ack: u32,
    pub len: u32,
    pub window: u16,
    pub wscale: Option<u8>,
    pub ts: Timestamp,
}

impl Segment {
    /// From a TCP digest.
    pub fn from_digest(t: &TcpDigest, ts: Timestamp) -> Segment {
        Segment {
            flags: t.flags,
            seq: t.seq,
            ack: t.ack,
            len: t.payload_len,
            window: t.window,
            wscale: t.options.wscale,
            ts,
        }
    }
    fn seg_len(&self) -> u32 {
        let f = self.flags;
        let mut l = self.len;
        if f.syn() {
            l = l.wrapping_add(1);
        }
        if f.fin() {
            l = l.wrapping_add(1);
        }
        if f.rst() {
            l = l.wrapping_sub(self.len);
        }
        l
    }
}

/// Mutable view of a TCP connection for the engine: the endpoints by slot
/// (sender `e`, peer `1-e`), whether slot `e` is the originator, history.
pub struct Engine<'a> {
    pub eps: [&'a mut ZeekEndpoint; 2],
    pub is_orig: bool,
    pub hist: &'a mut History,
    pub cf: &'a mut ZeekConnFlags,
    /// Connection's last_time (only advanced while not both closed).
    pub last_time: &'a mut Timestamp,
}

/// What the caller must do after a segment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The endpoint closed (FIN or RST): run `connection_closed`.
    pub do_close: bool,
    /// The segment's payload was a retransmission per Zeek (`DidRxmit`).
    pub rxmit: bool,
}

impl<'a> Engine<'a> {
    fn ep(&mut self) -> &mut ZeekEndpoint {
        &mut *self.eps[0]
    }
    fn peer(&mut self) -> &mut ZeekEndpoint {
        &mut *self.eps[1]
    }

    /// A segment with a bad checksum: counted as C/c, otherwise ignored.
    pub fn checksum_error(&mut self) {
        if self.ep().chk.bump() {
            let o = self.is_orig;
            self.hist.add_for(o, b'C');
        }
    }

    /// Processes one segment from endpoint 0 (Zeek `TCPSessionAdapter::Process`).
    pub fn process(&mut self, s: &Segment) -> Outcome {
        let f = s.flags;
        let mut out = Outcome::default();
        self.set_partial_status(f);
        let seg_len = s.seg_len();
        let past = s.seq.wrapping_add(seg_len);
        self.init_endpoint(f, s.seq, past);
        let (last, wraps) = (self.ep().last_seq, self.ep().seq_wraps);
        let (rel_seq, underflow) = self.ep().relative_seq(s.seq, last, wraps);
        self.update_history(f, rel_seq, s.len);
        self.update_window(s);
        if !(self.eps[0].did_close && self.eps[1].did_close) {
            *self.last_time = s.ts;
        }
        if f.syn() {
            self.init_window(f, s);
        }
        if f.fin() {
            self.ep().fin_cnt += 1;
        }
        if f.rst() {
            self.ep().rst_cnt += 1;
        }
        let mut rel_ack = 0u64;
        if f.ack() {
            if self.eps[1].state == ZState::Inactive {
                rel_ack = 1;
                let a = s.ack.wrapping_sub(1);
                self.peer().init_seqs(a, a, a);
            } else {
                let (pa, pw) = (self.eps[1].ack_seq, self.eps[1].ack_wraps);
                let (ra, ack_underflow) = self.eps[1].relative_seq(s.ack, pa, pw);
                if ack_underflow {
                    rel_ack = 0;
                } else {
                    rel_ack = ra;
                    if !f.rst() {
                        self.update_ack_seq_peer(s.ack);
                    }
                }
            }
        }
        let (delta_last, rx) = self.update_last_seq(past, f, s.len);
        out.rxmit = rx;
        out.do_close = self.update_state_machine(s, delta_last);
        if f.ack() && rel_ack > 0 {
            self.ack_received(rel_ack);
        }
        if s.len > 0 && !f.rst() && !underflow {
            let data_seq = if f.syn() {
                rel_seq.wrapping_add(1)
            } else {
                rel_seq
            };
            self.ep().data_sent(data_seq, s.len as u64);
        }
        out
    }

    fn set_partial_status(&mut self, f: TcpFlags) {
        let o = self.is_orig;
        if o {
            if self.cf.first_packet_seen & 1 == 0 {
                self.cf.is_partial = !f.syn() || f.ack();
            }
        } else if self.cf.first_packet_seen & 2 == 0 && !self.cf.is_partial {
            self.cf.is_partial = !f.syn();
        }
        // CheckPIA_FirstPacket marks the side seen after processing; doing
        // it here is equivalent for the partial status of later packets.
        self.cf.first_packet_seen |= if o { 1 } else { 2 };
    }

    fn init_endpoint(&mut self, f: TcpFlags, first: u32, last: u32) {
        let ep = self.ep();
        match ep.state {
            ZState::Inactive => {
                if f.syn() {
                    ep.init_seqs(first, first, last);
                } else {
                    let b = first.wrapping_sub(1);
                    ep.init_seqs(b, b, first);
                }
            }
            ZState::SynSent | ZState::SynAckSent => {
                if f.syn() && first != ep.start_seq {
                    ep.init_seqs(first, first, last);
                }
            }
            ZState::Established | ZState::Partial => {
                if f.syn() {
                    ep.init_seqs(first, first, last);
                }
            }
            ZState::Reset => {
                if f.syn() && ep.prev_state == ZState::Inactive {
                    ep.init_seqs(first, first, last);
                }
            }
            ZState::Closed => {}
        }
    }

    fn update_history(&mut self, f: TcpFlags, rel_seq: u64, len: u32) {
        let o = self.is_orig;
        let bits = f.syn() as u8 + f.fin() as u8 + f.rst() as u8;
        if bits > 1 {
            if f.fin() && f.rst() {
                self.hist.check(o, mask::FIN_RST, b'I');
            } else {
                self.hist.check(o, mask::MULTI_FLAG, b'Q');
            }
        } else if bits == 1 {
            if f.syn() {
                let code = if f.ack() { b'H' } else { b'S' };
                if self.hist.check(o, mask::SYN, code) && rel_seq != self.eps[0].hist_last_syn {
                    self.hist.add_for(o, code);
                }
                self.ep().hist_last_syn = rel_seq;
            }
            if f.fin() {
                let at = rel_seq.wrapping_add(len as u64);
                if self.hist.check(o, mask::FIN, b'F') && at != self.eps[0].hist_last_fin {
                    self.hist.add_for(o, b'F');
                }
                self.ep().hist_last_fin = at;
            }
            if f.rst() {
                if self.hist.check(o, mask::RST, b'R') && rel_seq != self.eps[0].hist_last_rst {
                    self.hist.add_for(o, b'R');
                }
                self.ep().hist_last_rst = rel_seq;
            }
        } else if len > 0 {
            self.hist.check(o, mask::DATA, b'D');
        } else if f.ack() {
            self.hist.check(o, mask::ACK, b'A');
        }
    }

    fn update_window(&mut self, s: &Segment) {
        let f = s.flags;
        let scale = self.eps[0].window_scale.min(14) as u32;
        let window = (s.window as u32) << scale;
        if window == 0
            && !f.rst()
            && self.eps[1].state != ZState::Closed
            && self.eps[0].state != ZState::Reset
            && self.ep().win0.bump()
        {
            let o = self.is_orig;
            self.hist.add_for(o, b'W');
        }
        let ep = self.ep();
        if !f.syn()
            && !f.fin()
            && !f.rst()
            && ep.state != ZState::Closed
            && ep.state != ZState::Reset
            && seq_delta(s.seq, ep.window_seq) >= 0
            && seq_delta(s.ack, ep.window_ack_seq) >= 0
        {
            ep.window = window;
            ep.window_ack_seq = s.ack;
            ep.window_seq = s.seq;
        }
    }

    fn init_window(&mut self, f: TcpFlags, s: &Segment) {
        match s.wscale {
            None => {
                self.ep().window_scale = 0;
                if f.ack() {
                    self.peer().window_scale = 0;
                }
            }
            Some(sc) => {
                let ep = self.ep();
                ep.window_scale = sc.min(14);
                ep.window_seq = s.seq;
                ep.window_ack_seq = s.ack;
                let p = self.peer();
                p.window_seq = s.ack;
                p.window_ack_seq = s.seq;
            }
        }
    }

    fn update_ack_seq_peer(&mut self, ack: u32) {
        let p = self.peer();
        let d = seq_delta(ack, p.ack_seq);
        if ack == 0 && d > TOO_LARGE_SEQ_DELTA {
            return;
        }
        if d > 0 {
            p.update_ack_seq_raw(ack);
        }
    }

    /// Zeek `update_last_seq`; returns (delta, retransmission seen).
    fn update_last_seq(&mut self, last: u32, f: TcpFlags, len: u32) -> (i32, bool) {
        let ep = self.ep();
        let d = seq_delta(last, ep.last_seq);
        if (f.syn() || f.rst()) && !(-TOO_LARGE_SEQ_DELTA..=TOO_LARGE_SEQ_DELTA).contains(&d) {
            return (d, false);
        }
        if f.fin() && ep.last_seq == ep.start_seq.wrapping_add(1) {
            ep.update_last_seq_raw(last);
        } else if ep.state == ZState::Reset {
        } else if d > 0 {
            ep.update_last_seq_raw(last);
        } else if len > 0 {
            if ep.rxmt.bump() {
                let o = self.is_orig;
                self.hist.add_for(o, b'T');
            }
            return (d, true);
        }
        (d, false)
    }

    fn set_ep_state(&mut self, slot: usize, s: ZState) {
        let (me, other) = (self.eps[slot].state, self.eps[1 - slot].state);
        if s != me && !s.is_handshake() && me.is_handshake() && other.is_handshake() {
            self.cf.left_handshake = true;
        }
        self.eps[slot].set_state(s);
    }

    fn update_state_machine(&mut self, s: &Segment, delta_last: i32) -> bool {
        match self.eps[0].state {
            ZState::Inactive => self.inactive_state(s),
            ZState::SynSent | ZState::SynAckSent => self.syn_sent_state(s),
            ZState::Established | ZState::Partial => self.established_state(s),
            ZState::Closed => self.closed_state(s, delta_last),
            ZState::Reset => false,
        }
    }

    fn inactive_state(&mut self, s: &Segment) -> bool {
        let f = s.flags;
        let o = self.is_orig;
        let mut do_close = false;
        if f.syn() {
            if o {
                let st = if f.ack() {
                    ZState::SynAckSent
                } else {
                    ZState::SynSent
                };
                self.set_ep_state(0, st);
                self.cf.attempt_started = true;
            } else {
                if !f.ack()
                    && self.eps[1].state == ZState::SynAckSent
                    && s.seq == self.eps[0].start_seq
                {
                    // SYN/SYN-ACK reversal: flip and establish.
                    self.cf.is_partial = false;
                    self.cf.flip_now = true;
                    self.set_ep_state(1, ZState::Established);
                }
                if self.eps[1].state == ZState::SynSent {
                    self.set_ep_state(1, ZState::Established);
                }
                self.set_ep_state(0, ZState::Established);
            }
        }
        if f.fin() {
            self.set_ep_state(0, ZState::Closed);
            do_close = true;
        }
        if f.rst() {
            self.set_ep_state(0, ZState::Reset);
            do_close = true;
        }
        if self.eps[0].state == ZState::Inactive {
            if !o && s.len == 0 && self.eps[1].state == ZState::SynSent {
                // An early ACK of the SYN before the SYN-ACK: not partial.
            } else if f.ack() && self.eps[1].state == ZState::Established {
                self.set_ep_state(0, ZState::Established);
                self.cf.is_partial = false;
            } else {
                self.set_ep_state(0, ZState::Partial);
            }
        }
        do_close
    }

    fn syn_sent_state(&mut self, s: &Segment) -> bool {
        let f = s.flags;
        let mut do_close = false;
        if f.fin() {
            self.set_ep_state(0, ZState::Closed);
            do_close = true;
        }
        if f.rst() {
            self.set_ep_state(0, ZState::Reset);
            do_close = true;
        }
        do_close
    }

    fn established_state(&mut self, s: &Segment) -> bool {
        let f = s.flags;
        let mut do_close = false;
        if f.syn()
            && self.eps[0].state == ZState::Partial
            && self.eps[1].state == ZState::Inactive
            && !f.ack()
        {
            self.set_ep_state(0, ZState::SynSent);
        }
        if f.fin() && !f.rst() {
            self.set_ep_state(0, ZState::Closed);
            if self.eps[1].state == ZState::Reset && self.eps[1].prev_state == ZState::Closed {
                self.set_ep_state(1, ZState::Closed);
            }
            do_close = true;
        }
        if f.rst() {
            self.set_ep_state(0, ZState::Reset);
            do_close = true;
        }
        do_close
    }

    fn closed_state(&mut self, s: &Segment, _delta_last: i32) -> bool {
        let f = s.flags;
        if f.rst() && self.eps[1].state != ZState::Closed {
            self.set_ep_state(0, ZState::Reset);
            return !self.eps[0].did_close;
        }
        false
    }

    fn ack_received(&mut self, rel_ack: u64) {
        // Gaps at the very end (in a FIN or RST exchange) are unreliable and
        // Zeek's reassembler does not flag them; neither do partial flows.
        let p = &*self.eps[1];
        if p.state == ZState::Partial || self.eps[0].state == ZState::Partial {
            return;
        }
        let mut ack = rel_ack;
        if p.fin_cnt > 0 {
            // The FIN's sequence octet is not content.
            let fin_at = p.hist_last_fin;
            if ack > fin_at {
                ack = fin_at;
            }
        }
        let gap = self.peer().ack_received(ack);
        if gap > 0 && self.peer().gap.bump() {
            let o = !self.is_orig;
            self.hist.add_for(o, b'G');
        }
    }

    /// Zeek `ConnectionClosed` for endpoint 0 (reassembly never defers here).
    pub fn connection_closed(&mut self) {
        if self.eps[0].did_close {
            return;
        }
        self.eps[0].did_close = true;
        let complete = self.eps[0].state == ZState::Reset
            || self.eps[1].did_close
            || self.eps[1].state == ZState::Inactive;
        if complete {
            self.cf.close_complete = true;
        } else if self.eps[0].prev_state != ZState::Inactive {
            self.cf.half_closed = true;
        }
    }
}

/// Zeek's `conn_state` for TCP from the two endpoints, sizes and history.
pub fn conn_state(o: &ZeekEndpoint, r: &ZeekEndpoint, history: &str) -> &'static str {
    use ZState::*;
    let (os, rs) = (o.state, r.state);
    let o_inactive = matches!(os, Inactive | Partial);
    let r_inactive = matches!(rs, Inactive | Partial);
    if rs == Reset {
        if os == SynSent || os == SynAckSent || (os == Reset && o.size(rs) == 0 && r.size(os) == 0)
        {
            "REJ"
        } else if o_inactive {
            "RSTRH"
        } else {
            "RSTR"
        }
    } else if os == Reset {
        if r_inactive {
            if rstos0_history(history) {
                "RSTOS0"
            } else {
                "OTH"
            }
        } else {
            "RSTO"
        }
    } else if rs == Closed && os == Closed {
        "SF"
    } else if os == Closed {
        if r_inactive {
            "SH"
        } else {
            "S2"
        }
    } else if rs == Closed {
        if o_inactive {
            "SHR"
        } else {
            "S3"
        }
    } else if os == SynSent && rs == Inactive {
        "S0"
    } else if os == Established && rs == Established {
        "S1"
    } else {
        "OTH"
    }
}

/// Zeek's pattern `/\^?S[^HAFGIQ]*R.*/` (anchored, whole string).
fn rstos0_history(h: &str) -> bool {
    let b = h.strip_prefix('^').unwrap_or(h);
    let Some(rest) = b.strip_prefix('S') else {
        return false;
    };
    for c in rest.chars() {
        if c == 'R' {
            return true;
        }
        if "HAFGIQ".contains(c) {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rstos0_pattern() {
        assert!(rstos0_history("SR"));
        assert!(rstos0_history("^SsR"));
        assert!(rstos0_history("STR"));
        assert!(rstos0_history("ShR"), "Zeek's class is case-sensitive");
        assert!(!rstos0_history("SAR"));
        assert!(!rstos0_history("R"));
    }

    #[test]
    fn seq_delta_wraps() {
        assert_eq!(seq_delta(5, u32::MAX), 6);
        assert_eq!(seq_delta(u32::MAX, 5), -6);
    }
}
