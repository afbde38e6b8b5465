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
    history: String,
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
type PairKey = ((IpAddr, u16), (IpAddr, u16));

/// Kernel states of every TCP flow record, by socket pair.
#[derive(Default)]
pub struct FlowStates {
    recs: HashMap<PairKey, Vec<Rec>>,
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

fn pair(a: (IpAddr, u16), b: (IpAddr, u16)) -> PairKey {
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
            history: c.history().chars().take(64).collect(),
        };
        self.recs.entry(pair((o.addr, o.port), (r.addr, r.port))).or_default().push(rec);
    }

    fn rec(&self, c: &Conn) -> Option<&Rec> {
        let v = self.recs.get(&pair((c.client, c.cport), (c.server, c.sport)))?;
        v.iter().filter(|r| r.start <= c.last_ts && r.last >= c.first_ts).max_by_key(|r| r.last)
    }

    /// Zeek conn_state and history of the record covering the end of `c`.
    pub fn zeek(&self, c: &Conn) -> Option<ZeekView> {
        self.rec(c).map(|r| ZeekView { conn_state: r.conn_state, history: r.history.clone() })
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

/// The flow tracker, fed in time order, keeping only the states.
pub struct FlowTrack {
    tracker: flow::Tracker,
    states: FlowStates,
}

impl Default for FlowTrack {
    fn default() -> Self {
        FlowTrack { tracker: flow::Tracker::new(flow::TrackerConfig::default()), states: FlowStates::default() }
    }
}

impl FlowTrack {
    /// Feeds one packet.
    pub fn feed(&mut self, s: &crate::wire::Summary) {
        let mut sink = Sink(&mut self.states);
        self.tracker.feed(s, &mut sink);
    }
    /// Ends the input.
    pub fn finish(mut self) -> FlowStates {
        for c in self.tracker.finish() {
            self.states.add(&c);
        }
        self.states
    }
}
