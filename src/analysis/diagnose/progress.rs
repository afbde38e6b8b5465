//! Sequence-space facts the session rules share: which data the peer
//! acknowledged, the trailing retransmissions of one side, idle gaps.
//!
//! What the capture point saw is not what each endpoint received: an ACK of
//! data proves the data was delivered; a retransmission of data the capture
//! already saw acknowledged proves the ACK was lost on the way.

use super::model::{seq_le, Conn, Dir, Pkt};
use crate::time::Timestamp;

/// The other direction.
pub fn other(d: Dir) -> Dir {
    match d {
        Dir::C2S => Dir::S2C,
        Dir::S2C => Dir::C2S,
    }
}

/// End of a segment in sequence space (data, plus SYN and FIN).
pub fn seg_end(p: &Pkt) -> u32 {
    p.seq.wrapping_add(p.len).wrapping_add(u32::from(p.flags.syn())).wrapping_add(u32::from(p.is_fin()))
}

/// The highest acknowledgement the receiver of `dir`'s data sent at or before `t`.
pub fn acked_by(c: &Conn, dir: Dir, t: Timestamp) -> Option<u32> {
    let mut best: Option<u32> = None;
    for p in c.dir_pkts(other(dir)).filter(|p| p.ts <= t && p.flags.ack() && !p.is_rst()) {
        if best.is_none_or(|b| seq_le(b, p.ack)) {
            best = Some(p.ack);
        }
    }
    best
}

/// True when `p` (sent by `p.dir`) was acknowledged by the peer at any time in the capture.
pub fn ever_acked(c: &Conn, p: &Pkt) -> bool {
    let end = seg_end(p);
    c.dir_pkts(other(p.dir)).any(|q| q.ts >= p.ts && q.flags.ack() && !q.is_rst() && seq_le(end, q.ack) && q.ack != p.seq)
}

/// One side's data retransmitted at the end of the capture, never acknowledged.
pub struct Stuck<'a> {
    /// The side retransmitting.
    pub side: Dir,
    /// The first transmission of the stuck segment.
    pub first: &'a Pkt,
    /// Its retransmissions, in time order.
    pub retrans: Vec<&'a Pkt>,
}

impl Stuck<'_> {
    /// Seconds between consecutive transmissions (first transmission included).
    pub fn gaps(&self) -> Vec<f64> {
        let mut v = vec![self.first];
        v.extend(self.retrans.iter().copied());
        v.windows(2).map(|w| super::ctx::gap(w[0].ts, w[1].ts)).collect()
    }

    /// The gaps grow as a retransmission timer backs off (RFC 6298 §5.5):
    /// the last gap is clearly longer than the first, none shrinks much.
    pub fn backs_off(&self) -> bool {
        let g = self.gaps();
        match g.as_slice() {
            [] | [_] => false,
            [first, .., last] => *last >= first * 1.5 && g.windows(2).all(|w| w[1] >= w[0] * 0.8),
        }
    }

    /// Packets the other side sent after the stuck segment was first sent.
    pub fn heard_after<'c>(&self, c: &'c Conn) -> impl Iterator<Item = &'c Pkt> + 'c {
        let (t, side) = (self.first.ts, self.side);
        c.dir_pkts(other(side)).filter(move |p| p.ts > t)
    }
}

/// The segment one side keeps retransmitting at the end of the capture,
/// never acknowledged, with at least `min` retransmissions.
pub fn stuck(c: &Conn, min: usize) -> Option<Stuck<'_>> {
    let last = c.pkts.iter().rev().find(|p| p.retrans && (p.len > 0 || p.is_fin()) && !p.flags.syn())?;
    let side = last.dir;
    let first = c.dir_pkts(side).find(|p| p.seq == last.seq && (p.len > 0 || p.is_fin()))?;
    let retrans: Vec<&Pkt> = c.dir_pkts(side).filter(|p| p.ts > first.ts && p.seq == first.seq && p.retrans).collect();
    if retrans.len() < min {
        return None;
    }
    // Acknowledged after its last retransmission: recovered, not stuck —
    // unless it had been acknowledged before too (the ACKs are not arriving).
    let end = seg_end(last);
    let covers = |p: &&Pkt| p.flags.ack() && !p.is_rst() && seq_le(end, p.ack);
    let acked_later = c.dir_pkts(other(side)).filter(covers).any(|p| p.ts > last.ts);
    let acked_before = c.dir_pkts(other(side)).filter(covers).any(|p| p.ts >= first.ts && p.ts < last.ts);
    (!acked_later || acked_before).then_some(Stuck { side, first, retrans })
}

/// Seconds the connection was idle (no packet either way) before `p`.
pub fn idle_before(c: &Conn, p: &Pkt) -> Option<f64> {
    let prev = c.pkts.iter().filter(|q| q.ts < p.ts || (q.ts == p.ts && q.frame < p.frame)).last()?;
    Some(p.ts.secs_since(prev.ts))
}
