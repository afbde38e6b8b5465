//! The flow stage inside a diagnosis: every conversation is one of the flow
//! tracker's connections (one connection key, one model), and its endpoint
//! states, Zeek view, bytes, packets and retransmissions come from there, so
//! `diagnose` and `conns` agree on them.
//!
//! [`FlowTrack::feed`] tells the collector which connection (by id) each
//! packet belongs to and who its originator is; the records the tracker
//! closes are kept by id ([`FlowStates`]) for the rules to look up.

use super::finding::TcpState;
use super::model::Conn;
use crate::flow::kernel::KernelEndpoint;
use crate::flow::{self, Connection, FlowSink, Ignored};
use crate::time::Timestamp;
use std::net::IpAddr;

/// One flow record, reduced to what a finding needs.
#[derive(Clone, Debug)]
struct Rec {
    /// (address, port) of the flow's originator.
    orig: (IpAddr, u16),
    /// The two kernel endpoints, originator first (states are read as of
    /// the end of the capture, as `conns` shows them).
    kernel: [KernelEndpoint; 2],
    conn_state: &'static str,
    history: Box<str>,
    /// Payload bytes (Zeek's sizes), packets and retransmissions, originator first.
    bytes: [u64; 2],
    pkts: [u64; 2],
    retrans: [u64; 2],
}

/// Zeek's view of a conversation's record.
#[derive(Clone, Debug, Default)]
pub struct ZeekView {
    /// Zeek conn_state (S0, REJ, SF, RSTO, ...).
    pub conn_state: &'static str,
    /// Zeek history letters (^ when roles were flipped).
    pub history: String,
}

/// A conversation's figures as the flow stage counted them, client first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FlowFigures {
    /// Payload bytes each way (Zeek's `orig_bytes` / `resp_bytes`).
    pub bytes: [u64; 2],
    /// Packets each way.
    pub pkts: [u64; 2],
    /// Retransmissions each way (Wireshark's `tcp.analysis.retransmission`).
    pub retrans: [u64; 2],
}

/// The flow records of the conversations, by flow connection id.
#[derive(Default)]
pub struct FlowStates {
    recs: crate::wire::hash::HashMap<u64, Rec>,
    /// The end of the capture: states are as of then.
    end: Timestamp,
}

/// A connection the flow tracker closed, on its way to [`FlowStates`]
/// (the flow stage may run on a thread of its own, see [`super::deciding`]).
#[derive(Debug)]
pub struct Closed {
    id: u64,
    /// None for a connection that is neither TCP nor UDP.
    rec: Option<Rec>,
    /// Closed for good (timed out or reused, not evicted or at the end).
    for_good: bool,
}

impl Closed {
    /// Takes the record out, leaving an empty one (applied in place).
    pub fn take(&mut self) -> Closed {
        Closed { id: self.id, rec: self.rec.take(), for_good: self.for_good }
    }

    fn of(c: &Connection) -> Closed {
        Closed { id: c.id, rec: Rec::of(c), for_good: matches!(c.end, flow::EndReason::Timeout | flow::EndReason::Reused) }
    }
}

impl Rec {
    fn of(c: &Connection) -> Option<Rec> {
        if c.proto != 6 && c.proto != 17 {
            return None;
        }
        let o = c.orig_side();
        let (ob, rb) = c.bytes_raw();
        let (ort, rrt) = c.retransmissions();
        Some(Rec {
            orig: (o.addr, o.port),
            kernel: [c.orig().kernel, c.resp().kernel],
            conn_state: c.conn_state(),
            history: c.history().chars().take(64).collect::<String>().into_boxed_str(),
            bytes: [ob, rb],
            pkts: [c.orig().pkts, c.resp().pkts],
            retrans: [u64::from(ort), u64::from(rrt)],
        })
    }
}

impl FlowStates {
    /// Keeps a closed connection's record; pushes its id on `for_good`
    /// when it closed for good (its conversation can then be released).
    pub fn keep(&mut self, c: Closed, for_good: &mut Vec<u64>) {
        if let Some(r) = c.rec {
            self.recs.insert(c.id, r);
        }
        if c.for_good {
            for_good.push(c.id);
        }
    }

    /// Records kept.
    pub fn len(&self) -> usize {
        self.recs.len()
    }

    /// True when no record is kept.
    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }

    /// Forgets the record of connection `id`.
    pub fn remove(&mut self, id: u64) {
        self.recs.remove(&id);
    }

    /// The end of the capture so far (states are read as of then).
    pub fn set_end(&mut self, t: Timestamp) {
        self.end = t;
    }

    /// The two kernel endpoints of `c`, client first.
    pub fn kernel(&self, c: &Conn) -> Option<[KernelEndpoint; 2]> {
        self.endpoints(c)
    }

    /// Keeps only the records `keep` says a conversation still needs.
    pub fn retain(&mut self, keep: impl Fn(u64) -> bool) {
        self.recs.retain(|id, _| keep(*id));
    }

    fn rec(&self, c: &Conn) -> Option<&Rec> {
        self.recs.get(&c.flow_id?)
    }

    /// True when the flow's originator is the conversation's client.
    fn same_roles(r: &Rec, c: &Conn) -> bool {
        r.orig == (c.client, c.cport)
    }

    /// The flow's originator (the client) of `c`'s connection.
    pub fn orig(&self, c: &Conn) -> Option<(IpAddr, u16)> {
        self.rec(c).map(|r| r.orig)
    }

    /// Zeek conn_state and history of `c`'s connection.
    pub fn zeek(&self, c: &Conn) -> Option<ZeekView> {
        self.rec(c).map(|r| ZeekView { conn_state: r.conn_state, history: r.history.to_string() })
    }

    /// (client state, server state) at the end of the capture, as `ss`
    /// would have listed them then (and `conns` shows them).
    pub fn of(&self, c: &Conn) -> Option<(TcpState, TcpState)> {
        let [cl, sv] = self.endpoints(c)?;
        Some((cl.state_at(self.end), sv.state_at(self.end)))
    }

    /// Which endpoints sent or received anything the capture shows
    /// (an endpoint never touched has no state of its own to report).
    pub fn touched(&self, c: &Conn) -> Option<(bool, bool)> {
        let [cl, sv] = self.endpoints(c)?;
        Some((cl.touched, sv.touched))
    }

    fn endpoints(&self, c: &Conn) -> Option<[KernelEndpoint; 2]> {
        let r = self.rec(c)?;
        let [o, p] = r.kernel;
        Some(if Self::same_roles(r, c) { [o, p] } else { [p, o] })
    }

    /// Bytes, packets and retransmissions of `c`'s connection, client first.
    pub fn figures(&self, c: &Conn) -> Option<FlowFigures> {
        let r = self.rec(c)?;
        let order = |a: [u64; 2]| if Self::same_roles(r, c) { a } else { [a[1], a[0]] };
        Some(FlowFigures { bytes: order(r.bytes), pkts: order(r.pkts), retrans: order(r.retrans) })
    }
}

/// Collects the connections the tracker closes (the flow stage's seam).
struct Sink<'a>(&'a mut Vec<Closed>);

impl FlowSink for Sink<'_> {
    fn on_close(&mut self, c: &Connection) {
        self.0.push(Closed::of(c));
    }
}

/// What the flow stage made of one packet, for the collector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    /// The flow connection the packet belongs to.
    pub id: Option<u64>,
    /// That connection's originator now (the client).
    pub orig: Option<(IpAddr, u16)>,
    /// A SYN its endpoint cannot have sent (spoofed): not the client's.
    pub foreign: bool,
    /// For an ICMP error: the connection of the packet it quotes.
    pub quoted: Option<u64>,
}

/// Live flows the diagnosis' flow tracker keeps by default: the tracker's
/// connections are large (about 850 bytes). A flow evicted at this cap is
/// closed with the states it had reached; its later packets start a new
/// conversation.
pub const DEFAULT_MAX_FLOWS: usize = 32_768;

/// The flow tracker, fed in time order; the connections it closes wait
/// in [`FlowTrack::drain_closed`] for the conversation stage.
pub struct FlowTrack {
    tracker: flow::Tracker,
    /// Connections closed since the last [`FlowTrack::drain_closed`].
    closed: Vec<Closed>,
}

impl Default for FlowTrack {
    fn default() -> Self {
        FlowTrack::new(DEFAULT_MAX_FLOWS)
    }
}

impl FlowTrack {
    /// A tracker keeping at most `max_flows` live flows.
    pub fn new(max_flows: usize) -> Self {
        let cfg = flow::TrackerConfig { max_flows, ..Default::default() };
        FlowTrack { tracker: flow::Tracker::new(cfg), closed: Vec::new() }
    }
    /// Feeds one packet; says which connection it belongs to.
    pub fn feed(&mut self, s: &crate::wire::Summary) -> Seen {
        let v = self.tracker.feed(s, &mut Sink(&mut self.closed));
        let orig = v.conn.and_then(|h| self.tracker.get(h)).map(|c| {
            let o = c.orig_side();
            (o.addr, o.port)
        });
        Seen {
            id: v.conn.map(|h| h.id),
            orig,
            foreign: v.ignored == Some(Ignored::ForeignSyn),
            quoted: v.quoted.map(|h| h.id),
        }
    }
    /// Runs the flow timers due by `now` (no packet came).
    pub fn expire(&mut self, now: Timestamp) {
        self.tracker.expire(now);
        for c in self.tracker.drain_closed() {
            self.closed.push(Closed::of(&c));
        }
    }
    /// The connections closed since the last call, in closing order.
    pub fn drain_closed(&mut self) -> std::vec::Drain<'_, Closed> {
        self.closed.drain(..)
    }
    /// Live flows the tracker evicted at its cap.
    pub fn evictions(&self) -> u64 {
        self.tracker.stats.evictions
    }
    /// Ends the input: the connections still open, closed, and the time
    /// the states are read at (the last packet's).
    pub fn finish(mut self) -> (Vec<Closed>, Timestamp) {
        let end = self.tracker.now();
        let mut closed = std::mem::take(&mut self.closed);
        // At the end, none is closed for good: their conversations are decided with the rest.
        closed.extend(self.tracker.finish().map(|c| Closed { for_good: false, ..Closed::of(&c) }));
        (closed, end)
    }
}
