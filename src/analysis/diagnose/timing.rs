//! Where a connection's time went (item 3 of the model): handshake round
//! trip, the server's think time (request acknowledged → first byte of the
//! answer), transfer time, and the time lost waiting for retransmissions and
//! for zero windows — what an engineer works out by hand from a trace.

use super::ctx::round3;
use super::finding::TimeBreakdown;
use super::model::{Conn, Dir, Pkt};
use super::progress::{other, seg_end};
use super::vantage;

/// One request and the first byte of its answer.
pub struct Exchange<'a> {
    /// The last segment of the request (first transmissions only).
    pub request_end: &'a Pkt,
    /// The first data segment of the answer.
    pub answer: &'a Pkt,
    /// The answering side's acknowledgement of the request, when seen before the answer.
    pub acked: Option<&'a Pkt>,
}

impl Exchange<'_> {
    /// Seconds from the end of the request to the first byte of the answer.
    pub fn think(&self) -> f64 {
        self.answer.ts.secs_since(self.request_end.ts)
    }
}

/// `p` is the next data after request `r` on both sides: its first byte is
/// the one `r` acknowledged and it acknowledges exactly `r`'s end. Packets
/// between them that a long conversation did not keep (or the capture
/// missed) break this, and then the time between the two is no think time.
fn answers(p: &Pkt, r: &Pkt, end: u32) -> bool {
    (!r.flags.ack() || p.seq == r.ack) && (!p.flags.ack() || p.ack == end)
}

/// Requests from `asker` and the first answer data to each, in order.
pub fn exchanges(c: &Conn, asker: Dir) -> Vec<Exchange<'_>> {
    let mut out = Vec::new();
    let mut req: Option<&Pkt> = None;
    for p in c.pkts.iter().filter(|p| p.len > 0 && !p.retrans) {
        if p.dir == asker {
            req = Some(p);
        } else if let Some(r) = req.take() {
            let end = seg_end(r);
            if !answers(p, r, end) {
                continue;
            }
            let acked = c
                .dir_pkts(other(asker))
                .find(|q| q.ts >= r.ts && q.ts <= p.ts && q.flags.ack() && super::model::seq_le(end, q.ack));
            out.push(Exchange { request_end: r, answer: p, acked });
        }
    }
    out
}

/// Seconds lost to retransmissions: the wall-clock time during which some
/// data segment waited for its retransmission (from its first transmission
/// to its last resend). Both sides retransmitting at once (a broken path)
/// lose that time once, not twice.
fn retransmission_wait(c: &Conn) -> f64 {
    let mut spans: Vec<(crate::time::Timestamp, crate::time::Timestamp)> = Vec::new();
    for d in [Dir::C2S, Dir::S2C] {
        for p in c.dir_pkts(d).filter(|p| p.len > 0 && p.retrans) {
            let first = c.dir_pkts(d).find(|q| q.seq == p.seq && q.len > 0).map(|q| q.ts).unwrap_or(p.ts);
            spans.push((first, p.ts));
        }
    }
    spans.sort();
    let mut total = 0.0;
    let mut cur: Option<(crate::time::Timestamp, crate::time::Timestamp)> = None;
    for (s, e) in spans {
        cur = match cur {
            Some((cs, ce)) if s <= ce => Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += ce.secs_since(cs);
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    total + cur.map_or(0.0, |(s, e)| e.secs_since(s))
}

/// Seconds during which either side advertised a zero window.
fn zero_window_time(c: &Conn, end: crate::time::Timestamp) -> f64 {
    let mut total = 0.0;
    for d in [Dir::C2S, Dir::S2C] {
        let mut since: Option<crate::time::Timestamp> = None;
        for p in c.dir_pkts(d).filter(|p| !p.is_rst() && !p.flags.syn()) {
            match (since, p.zero_window) {
                (None, true) => since = Some(p.ts),
                (Some(s), false) => {
                    total += p.ts.secs_since(s);
                    since = None;
                }
                _ => {}
            }
        }
        if let Some(s) = since {
            total += end.secs_since(s).max(0.0);
        }
    }
    total
}

/// The time breakdown of one TCP connection (None when it carried no data).
pub fn breakdown(c: &Conn, capture_end: crate::time::Timestamp) -> Option<TimeBreakdown> {
    let first = c.pkts.iter().find(|p| p.len > 0)?;
    let last = c.pkts.iter().rfind(|p| p.len > 0)?;
    let think = exchanges(c, Dir::C2S).iter().map(|e| e.think()).fold(None, |m: Option<f64>, t| Some(m.map_or(t, |m| m.max(t))));
    let end = if c.pkts.iter().any(|p| p.is_fin() || p.is_rst()) { c.last_ts } else { capture_end };
    Some(TimeBreakdown {
        handshake_rtt_ms: vantage::legs(c).map(|(a, b)| round3((a + b) * 1e3)),
        server_think_ms: think.map(|t| round3(t * 1e3)),
        transfer_ms: Some(round3(last.ts.secs_since(first.ts) * 1e3)),
        retransmission_ms: round3(retransmission_wait(c) * 1e3),
        zero_window_ms: round3(zero_window_time(c, end) * 1e3),
    })
}
