//! Endpoint states from the flow stage: each host's kernel socket state as
//! netstat would show it, looked up for a diagnosed conversation.
//!
//! The flow tracker's records are keyed by socket pair and time; Zeek may
//! split one attempt into several records, so the record that covers the end
//! of the conversation gives the state "at the time" of the finding.

use super::finding::TcpState;
use super::model::Conn;
use crate::flow::{self, Connection, FlowSink};
use crate::time::Timestamp;
use std::collections::HashMap;
use std::net::IpAddr;

/// One flow record, reduced to what a finding needs.
#[derive(Clone, Debug)]
struct Rec {
    start: Timestamp,
    last: Timestamp,
    /// (address, port) of the flow's originator.
    orig: (IpAddr, u16),
    orig_state: TcpState,
    resp_state: TcpState,
    conn_state: &'static str,
    history: Box<str>,
}

/// The records of one socket pair: nearly always one, kept without a Vec
/// (a flood has a record per spoofed source).
#[derive(Clone, Debug)]
enum Recs {
    One(Rec),
    Many(Vec<Rec>),
}

impl Recs {
    fn push(&mut self, r: Rec) {
        match self {
            Recs::Many(v) => v.push(r),
            Recs::One(_) => {
                if let Recs::One(first) = std::mem::replace(self, Recs::Many(Vec::new())) {
                    *self = Recs::Many(vec![first, r]);
                }
            }
        }
    }

    fn as_slice(&self) -> &[Rec] {
        match self {
            Recs::One(r) => std::slice::from_ref(r),
            Recs::Many(v) => v,
        }
    }
}

/// Zeek's view of a conversation's record.
#[derive(Clone, Debug, Default)]
pub struct ZeekView {
    /// Zeek conn_state (S0, REJ, SF, RSTO, ...).
    pub conn_state: &'static str,
    /// Zeek history letters (^ when roles were flipped).
    pub history: String,
}

/// A socket pair, sides in sorted order.
pub type PairKey = ((IpAddr, u16), (IpAddr, u16));

/// Kernel states of every TCP flow record, by socket pair.
#[derive(Default)]
pub struct FlowStates {
    recs: HashMap<PairKey, Recs>,
    /// Records kept (sum over `recs`).
    n: usize,
}

fn map(s: flow::TcpState) -> TcpState {
    match s {
        flow::TcpState::Closed => TcpState::Closed,
        flow::TcpState::Listen => TcpState::Listen,
        flow::TcpState::SynSent => TcpState::SynSent,
        flow::TcpState::SynRecv => TcpState::SynRecv,
        flow::TcpState::Established => TcpState::Established,
        flow::TcpState::FinWait1 => TcpState::FinWait1,
        flow::TcpState::FinWait2 => TcpState::FinWait2,
        flow::TcpState::CloseWait => TcpState::CloseWait,
        flow::TcpState::Closing => TcpState::Closing,
        flow::TcpState::LastAck => TcpState::LastAck,
        flow::TcpState::TimeWait => TcpState::TimeWait,
    }
}

/// The key of the socket pair of `a` and `b` (either order).
pub fn pair(a: (IpAddr, u16), b: (IpAddr, u16)) -> PairKey {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

impl FlowStates {
    fn add(&mut self, c: &Connection) {
        if c.proto != 6 && c.proto != 17 {
            return;
        }
        let (o, r) = (c.orig_side(), c.resp_side());
        let rec = Rec {
            start: c.start,
            last: c.last_packet,
            orig: (o.addr, o.port),
            orig_state: map(c.client_state()),
            resp_state: map(c.server_state()),
            conn_state: c.conn_state(),
            history: c.history().chars().take(64).collect::<String>().into_boxed_str(),
        };
        match self.recs.entry(pair((o.addr, o.port), (r.addr, r.port))) {
            std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().push(rec),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(Recs::One(rec));
            }
        }
        self.n += 1;
    }

    /// Records kept.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True when no record is kept.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Socket pairs with records.
    pub fn pairs(&self) -> usize {
        self.recs.len()
    }

    /// Keeps only the records of socket pairs `keep` says a conversation
    /// still needs (the rest can never be looked up).
    pub fn retain(&mut self, keep: impl Fn((IpAddr, u16), (IpAddr, u16)) -> bool) {
        self.recs.retain(|(a, b), _| keep(*a, *b));
        self.n = self.recs.values().map(|r| r.as_slice().len()).sum();
    }

    fn rec(&self, c: &Conn) -> Option<&Rec> {
        let v = self.recs.get(&pair((c.client, c.cport), (c.server, c.sport)))?;
        v.as_slice().iter().filter(|r| r.start <= c.last_ts && r.last >= c.first_ts).max_by_key(|r| r.last)
    }

    /// Zeek conn_state and history of the record covering the end of `c`.
    pub fn zeek(&self, c: &Conn) -> Option<ZeekView> {
        self.rec(c).map(|r| ZeekView { conn_state: r.conn_state, history: r.history.to_string() })
    }

    /// (client state, server state) after the last packet of `c`, per the flow stage.
    pub fn of(&self, c: &Conn) -> Option<(TcpState, TcpState)> {
        let r = self.rec(c)?;
        if r.orig == (c.client, c.cport) {
            Some((r.orig_state, r.resp_state))
        } else {
            Some((r.resp_state, r.orig_state))
        }
    }
}

/// Collects records as the tracker closes them (the flow stage's seam).
struct Sink<'a>(&'a mut FlowStates);

impl FlowSink for Sink<'_> {
    fn on_close(&mut self, c: &Connection) {
        self.0.add(c);
    }
}

/// Live flows the diagnosis' flow tracker keeps by default: the tracker's
/// connections are large (about 1 KB), and the kernel states they give are
/// only needed for conversations the diagnosis still tracks. A flow evicted
/// at this cap is closed with the states it had reached.
pub const DEFAULT_MAX_FLOWS: usize = 32_768;

/// The flow tracker, fed in time order, keeping only the states.
pub struct FlowTrack {
    tracker: flow::Tracker,
    states: FlowStates,
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
        FlowTrack { tracker: flow::Tracker::new(cfg), states: FlowStates::default() }
    }
    /// Feeds one packet.
    pub fn feed(&mut self, s: &crate::wire::Summary) {
        let mut sink = Sink(&mut self.states);
        self.tracker.feed(s, &mut sink);
    }
    /// The records collected so far (to prune them).
    pub fn states_mut(&mut self) -> &mut FlowStates {
        &mut self.states
    }
    /// Live flows the tracker evicted at its cap.
    pub fn evictions(&self) -> u64 {
        self.tracker.stats.evictions
    }
    /// Ends the input.
    pub fn finish(mut self) -> FlowStates {
        for c in self.tracker.finish() {
            self.states.add(&c);
        }
        self.states
    }
}
