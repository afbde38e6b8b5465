//! One step per packet, with both endpoints' TCP states before and after it,
//! for the views that tell a connection packet by packet (`packets
//! --explain`, `ladder`, the HTML report's ladders).
//!
//! The states come from flow's one connection model ([`Tracker`]): this
//! module only remembers each live connection's states after its previous
//! packet, so a view can say what a packet changed.

use crate::flow::{PacketAnalysis, Side, TcpState, Tracker, TrackerConfig};
use crate::time::Timestamp;
use crate::wire::registry::IpProto;
use crate::wire::Summary;
use std::collections::HashMap;

/// What one packet did to its connection.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    /// The connection's id (as `conns` numbers it; `uid_for` gives its uid).
    pub conn_id: u64,
    /// The packet was sent by the client (the originator).
    pub from_client: bool,
    /// The packet opened a new connection record.
    pub new_connection: bool,
    /// The client (originator) and server (responder) sides.
    pub client: Side,
    pub server: Side,
    /// IP protocol of the connection.
    pub proto: u8,
    /// (client, server) socket states before and after the packet (TCP).
    pub before: (TcpState, TcpState),
    pub after: (TcpState, TcpState),
    /// Wireshark-style analysis of the segment.
    pub analysis: PacketAnalysis,
    /// (client, server) initial sequence numbers, once seen.
    pub isn: (Option<u32>, Option<u32>),
    /// SYNs or SYN-ACKs the sender sent with its current ISN (1 = first).
    pub syn_sends: u16,
    /// The sender's previous SYN or SYN-ACK on this connection.
    pub prev_syn: Option<Timestamp>,
    /// When the sender's newest data was first sent (after this packet).
    pub advanced_at: Option<Timestamp>,
    /// The server had sent something before this packet, and after it: a
    /// server never heard from may not even exist (its state is a guess).
    pub server_heard: (bool, bool),
}

impl Step {
    /// The sender's and receiver's (before, after) states.
    pub fn sender_states(&self) -> ((TcpState, TcpState), (TcpState, TcpState)) {
        let c = (self.before.0, self.after.0);
        let s = (self.before.1, self.after.1);
        if self.from_client {
            (c, s)
        } else {
            (s, c)
        }
    }
    /// The initial sequence number of the sender and of the receiver.
    pub fn sender_isn(&self) -> (Option<u32>, Option<u32>) {
        if self.from_client {
            self.isn
        } else {
            (self.isn.1, self.isn.0)
        }
    }
}

#[derive(Clone, Copy, Default)]
struct Memo {
    states: (TcpState, TcpState),
    last_syn: [Option<Timestamp>; 2],
}

/// Feeds packets through flow's tracker and hands back [`Step`]s.
pub struct Stepper {
    tracker: Tracker,
    /// (client, server) states after each live connection's last packet,
    /// and when each side last sent a SYN.
    states: HashMap<u64, Memo>,
}

impl Default for Stepper {
    fn default() -> Self {
        Stepper::new(TrackerConfig::default())
    }
}

impl Stepper {
    /// A stepper over a tracker configured as `cfg`.
    pub fn new(cfg: TrackerConfig) -> Stepper {
        Stepper { tracker: Tracker::new(cfg), states: HashMap::new() }
    }

    /// Processes one packet; `None` when flow attributed it to no connection.
    pub fn step(&mut self, s: &Summary) -> Option<Step> {
        let v = self.tracker.push(s);
        for c in self.tracker.drain_closed() {
            self.states.remove(&c.id);
        }
        let c = self.tracker.get(v.conn?)?;
        let tcp = c.proto == IpProto::TCP.0;
        let after = if tcp { (c.client_state_at(s.ts), c.server_state_at(s.ts)) } else { Default::default() };
        let fresh = (TcpState::Closed, if tcp { TcpState::Listen } else { TcpState::Closed });
        let old = self.states.get(&c.id).copied().filter(|_| !v.new_connection);
        let before = old.map_or(fresh, |m| m.states);
        let side = usize::from(!v.from_orig);
        let prev_syn = old.and_then(|m| m.last_syn[side]);
        let mut memo = Memo { states: after, ..old.unwrap_or_default() };
        if s.tcp().is_some_and(|t| t.flags.syn()) {
            memo.last_syn[side] = Some(s.ts);
        }
        self.states.insert(c.id, memo);
        let sender = if v.from_orig { c.orig() } else { c.resp() };
        let isn = |e: &crate::flow::Endpoint| e.syn.map(|x| x.isn).or(e.kernel.isn);
        Some(Step {
            conn_id: c.id,
            from_client: v.from_orig,
            new_connection: v.new_connection,
            client: c.orig_side(),
            server: c.resp_side(),
            proto: c.proto,
            before,
            after,
            analysis: v.analysis,
            isn: (isn(c.orig()), isn(c.resp())),
            syn_sends: sender.kernel.syn_sends,
            prev_syn,
            advanced_at: sender.seq.advanced_at(),
            server_heard: (c.resp().pkts > u64::from(!v.from_orig), c.resp().pkts > 0),
        })
    }
}
