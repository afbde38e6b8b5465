//! Data transfer trouble on an established connection: loss
//! (retransmissions) and zero-window stalls.

use super::ctx::{round3, Ctx};
use super::finding::{Evidence, Finding};
use super::model::{Conn, Dir, Pkt};

/// Retransmitted segments needed before loss is worth a finding.
pub const MIN_RETRANS: u64 = 3;
/// Retransmission rate (retransmitted / data segments) above which loss is reported.
pub const MIN_RETRANS_RATE: f64 = 0.01;
/// Zero-window stalls shorter than this (seconds) are not reported: none
/// is, since even a brief zero window means the receiver fell behind (a
/// warning, never a failure).
pub const MIN_STALL_S: f64 = 0.0;

/// Retransmission figures: (retransmitted segments, rate). Many
/// retransmissions, or any retransmission the receiver asked for with
/// duplicate ACKs or SACK (fast recovery: a segment was lost for sure).
pub fn loss(c: &Conn) -> Option<(u64, f64)> {
    let r = (c.retrans[0] + c.retrans[1]).saturating_sub(pmtud_resends(c));
    let segs = c.data_segs[0] + c.data_segs[1];
    if segs == 0 || r == 0 {
        return None;
    }
    let rate = r as f64 / segs as f64;
    (r >= MIN_RETRANS && rate >= MIN_RETRANS_RATE || recovered(c)).then_some((r, rate))
}

/// Retransmissions that only re-cut data into smaller segments after an ICMP
/// "fragmentation needed" / "packet too big" (RFC 1191, RFC 8201): path MTU
/// discovery working, not loss.
pub fn pmtud_resends(c: &Conn) -> u64 {
    let mut n = 0;
    for e in c.icmp.iter().filter(|e| matches!((e.v6, e.kind, e.code), (false, 3, 4) | (true, 2, _))).take(1) {
        let dir = if e.quotes_c2s { Dir::C2S } else { Dir::S2C };
        let biggest = c.dir_pkts(dir).filter(|p| p.ts <= e.ts && !p.retrans).map(|p| p.len).max().unwrap_or(0);
        n += c.dir_pkts(dir).filter(|p| p.retrans && p.len > 0 && p.ts >= e.ts && p.len < biggest).count() as u64;
    }
    n
}

/// Duplicate ACKs needed before a retransmission counts as fast recovery (RFC 5681 §3.2).
pub const DUP_ACKS: usize = 2;

/// A data retransmission preceded by the receiver's SACK or duplicate ACKs for it.
pub fn recovered(c: &Conn) -> bool {
    let pmtud = pmtud_resends(c) > 0;
    let soonest = [soonest_answer(c, Dir::C2S), soonest_answer(c, Dir::S2C)];
    c.pkts.iter().filter(|p| p.retrans && p.len > 0 && !pmtud).any(|r| {
        let soonest = soonest[r.dir.idx()];
        let asks = c
            .pkts
            .iter()
            .filter(|q| q.dir != r.dir && q.ts <= r.ts && q.is_pure_ack() && q.ack == r.seq && r.ts.secs_since(q.ts) >= soonest);
        let (mut n, mut sack) = (0, false);
        for q in asks {
            n += 1;
            sack |= q.sack;
        }
        sack || n > DUP_ACKS
    })
}

/// Seconds after an ACK seen here before the sender of `dir` can have
/// answered it: half the round trip from this capture point to that sender,
/// when the capture is nearer the receiver (the handshake's legs say so).
/// A segment filling a hole sooner than that was already on its way (it
/// was reordered, or the sender re-cut it after an ICMP "packet too big"
/// this capture cannot see): the receiver's SACK did not ask for it. At
/// the sender's own interface the answer follows at once, and nothing is
/// required.
fn soonest_answer(c: &Conn, dir: Dir) -> f64 {
    let Some((to_server, to_client)) = super::vantage::legs(c) else { return 0.0 };
    let (to_sender, to_receiver) = if dir == Dir::S2C { (to_server, to_client) } else { (to_client, to_server) };
    if to_sender > 2.0 * to_receiver {
        to_sender / 2.0
    } else {
        0.0
    }
}

/// Fills a loss finding.
pub fn loss_finding(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, r: u64, rate: f64) {
    f.figures.retransmissions = r;
    f.figures.retransmission_rate = Some(round3(rate));
    let (rc, rs) = (c.retrans[0], c.retrans[1]);
    f.summary = format!("{r} retransmitted segments ({:.1}% of data segments)", rate * 100.0);
    f.explanation = format!(
        "Data flowed between {} and {} port {} ({} bytes to the server, {} bytes back), but {r} of {} data segments \
         ({:.1}%) were sent again: {rs} by the server, {rc} by the client. Each retransmission means a segment \
         (or its acknowledgement) was lost or badly reordered; TCP recovered, but throughput suffered.",
        c.client,
        c.server,
        c.sport,
        c.bytes[0],
        c.bytes[1],
        c.data_segs[0] + c.data_segs[1],
        rate * 100.0
    );
    f.likely_cause = "Packet loss on the path: a congested or faulty link, a policer, a duplex mismatch, or Wi-Fi.".into();
    f.next_check = "Interface error and drop counters along the path (`ip -s link`, switch ports), `mtr` to the server, and \
                    whether the loss follows one direction."
        .into();
    for p in c.pkts.iter().filter(|p| p.retrans && p.len > 0).take(20) {
        f.evidence.push(ctx.ev(c, p, "retransmission"));
    }
}

/// A zero-window period: the side that advertised it, first and last packet.
pub struct Stall<'a> {
    pub side: Dir,
    pub start: &'a Pkt,
    /// The first packet reopening the window (None: still closed at the end).
    pub end: Option<&'a Pkt>,
    pub probes: usize,
}

/// The longest zero-window stall of `c`, if any lasted [`MIN_STALL_S`].
pub fn longest_stall<'a>(c: &'a Conn, capture_end: crate::time::Timestamp) -> Option<(Stall<'a>, f64)> {
    let mut best: Option<(Stall<'a>, f64)> = None;
    for side in [Dir::C2S, Dir::S2C] {
        let mut start: Option<&Pkt> = None;
        let mut probes = 0;
        for p in c.pkts.iter() {
            if p.dir != side {
                if start.is_some() && p.len <= 1 && !p.flags.syn() && !p.is_fin() {
                    probes += 1;
                }
                continue;
            }
            if p.is_rst() || p.flags.syn() {
                continue;
            }
            match (start, p.zero_window) {
                (None, true) => {
                    start = Some(p);
                    probes = 0;
                }
                (Some(s), false) => {
                    let d = p.ts.secs_since(s.ts);
                    if best.as_ref().is_none_or(|b| d > b.1) {
                        best = Some((Stall { side, start: s, end: Some(p), probes }, d));
                    }
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            let d = capture_end.secs_since(s.ts);
            if best.as_ref().is_none_or(|b| d > b.1) {
                best = Some((Stall { side, start: s, end: None, probes }, d));
            }
        }
    }
    best.filter(|b| b.1 >= MIN_STALL_S)
}

/// Fills a zero-window finding.
pub fn stall_finding(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, s: &Stall<'_>, d: f64) {
    let (who, peer) = match s.side {
        Dir::C2S => (format!("client {}", c.client), "server"),
        Dir::S2C => (format!("server {}", c.server), "client"),
    };
    f.figures.stall_s = Some(round3(d));
    f.summary = format!("{who} advertised a zero window; the transfer stalled {}", dur(d));
    f.explanation = format!(
        "The {who} advertised a receive window of 0 (frame {}): its buffer was full because the application stopped \
         reading. The {peer} had to stop sending and only probed the window ({} probe(s)) for {}{}. \
         The network is fine: the receiving application is the bottleneck.",
        s.start.frame,
        s.probes,
        dur(d),
        match s.end {
            Some(e) => format!(" until the window reopened (frame {})", e.frame),
            None => ", and the window was still closed when the capture ended".into(),
        }
    );
    f.likely_cause = format!("The application on the {who} is slow or blocked (not calling read/recv), or its receive buffer is too small.");
    f.next_check = "The receiving process: CPU, locks, slow disk or downstream, and `ss -tmi` Recv-Q on that host.".into();
    let mut ev: Vec<Evidence> = vec![ctx.ev(c, s.start, "zero window: receiver full")];
    for p in c.pkts.iter().filter(|p| p.ts > s.start.ts && s.end.is_none_or(|e| p.ts < e.ts)).take(8) {
        ev.push(ctx.ev(c, p, if p.dir != s.side { "window probe" } else { "still zero" }));
    }
    if let Some(e) = s.end {
        ev.push(ctx.ev(c, e, "window reopens"));
    }
    f.evidence.extend(ev);
}

/// "12.3 ms" below a second, "2.5 s" above.
fn dur(d: f64) -> String {
    if d < 1.0 {
        format!("{:.1} ms", d * 1e3)
    } else {
        format!("{d:.1} s")
    }
}
