//! The second stage of a diagnosis: packets in time order, with what the
//! flow stage made of them ([`Event`]), become conversations
//! ([`collect`](super::collect)) that are decided as soon as the flow stage
//! closes them.
//!
//! [`Diagnoser`](super::Diagnoser) runs the first stage (time order, the
//! flow tracker, the scan detector) and hands this one a stream of events.
//! On a file read with more than one thread the stream crosses to a thread
//! of its own ([`Stage::Thread`]), in batches; live capture keeps both
//! stages on one thread ([`Stage::Here`]), where a tick must reach the
//! decisions at once. The events and their order are the same either way,
//! so the findings are too.

use super::collect::{self, Collector};
use super::ctx::Ctx;
use super::flowstates::{Closed, FlowStates, Seen};
use super::model::Conn;
use super::{add_server_facts, adopt_flow, diagnose_conn, neighbors, questions, Announce, Finding, Handshakes, Limits, Released, Severity};
use crate::time::Timestamp;
use crate::wire::side::Side;
use crate::wire::summary::Transport;
use crate::wire::Summary;
use std::net::IpAddr;

/// What the first stage hands the second, in the order it happened.
// Packets are nearly every event: boxing them would allocate for each.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Event {
    /// A connection the flow tracker closed (before the packet that closed it).
    Closed(Closed),
    /// A packet, in time order, and the flow connection it belongs to.
    Packet(Summary, Seen),
    /// What a frame carries beside its IP summary, as it arrived.
    Side(Side),
    /// The flow timers ran at `now` with no packet (a live tick).
    Expired(Timestamp),
}

/// Conversations, the flow records of closed connections, and the
/// decisions so far.
#[derive(Default)]
pub struct Deciding {
    pub files: Vec<String>,
    pub limits: Limits,
    /// Flow records are pruned to the tracked conversations' socket pairs
    /// when this many are kept.
    prune_at: usize,
    pub col: Collector,
    pub states: FlowStates,
    /// Conversations decided as soon as the flow stage closed them.
    pub released: Released,
    /// Ids the flow stage closed for good, waiting to be released.
    closed_ids: Vec<u64>,
    /// Per server: shortest SYN → SYN|ACK seen and handshakes, so far.
    pub server_rtt: crate::wire::hash::HashMap<IpAddr, (f64, u32)>,
    /// Per server: the latest completed handshakes, so far.
    pub handshakes: Handshakes,
    /// ARP and neighbour-discovery requests and replies.
    pub neighbors: neighbors::Neighbors,
    /// The questions of DNS queries.
    pub questions: questions::Questions,
    /// Told each failure or warning as soon as its conversation is decided
    /// or closed (live capture prints them as they come).
    pub announce: Option<Announce>,
    /// Flow ids already announced (a reset or ICMP error announces a
    /// conversation before the flow stage closes it).
    announced: crate::wire::hash::HashSet<u64>,
}

impl Deciding {
    /// Sets the memory bounds (before the first event).
    pub fn set_limits(&mut self, l: Limits) {
        self.limits = l;
        self.col.max_conns = l.max_conns;
        self.col.host_ttls.max_hosts = l.max_hosts;
        self.prune_at = l.max_conns.max(4096);
    }

    /// Applies one event of the first stage.
    pub fn apply(&mut self, mut e: Event) {
        self.apply_in_place(&mut e);
    }

    /// Applies one event where it lies (in a batch): a packet's event is
    /// larger than 200 bytes, and moving every one out of its batch cost
    /// more than a tenth of this stage's time.
    fn apply_in_place(&mut self, e: &mut Event) {
        match e {
            Event::Closed(c) => self.states.keep(c.take(), &mut self.closed_ids),
            Event::Packet(s, seen) => self.packet(s, seen),
            Event::Side(Side::Neighbor(n)) => self.neighbors.observe(n),
            Event::Side(Side::Dns(h)) => self.questions.observe(h),
            Event::Expired(now) => self.release_closed(*now),
        }
    }

    fn packet(&mut self, s: &Summary, seen: &Seen) {
        self.col.add(s, seen);
        if self.announce.is_some() {
            self.announce_ending(s, seen);
        }
        if self.states.len() >= self.prune_at {
            self.prune_flow_states();
        }
        self.release_closed(s.ts);
    }

    /// Decides and releases the conversations the flow stage closed whose
    /// verdict nothing later can change ([`collect::Collector::release`]).
    fn release_closed(&mut self, now: Timestamp) {
        let mut ids = std::mem::take(&mut self.closed_ids);
        for id in ids.drain(..) {
            if let Some(c) = self.col.release(id) {
                self.decide(c, now);
            } else if self.announce.is_some() && !self.announced.remove(&id) {
                // Closed for good: nothing more to remember about it.
                self.announce_conn(id, now);
            }
        }
        self.closed_ids = ids;
    }

    fn decide(&mut self, mut c: Conn, now: Timestamp) {
        c.finalize();
        adopt_flow(std::slice::from_mut(&mut c), &self.states);
        add_server_facts(&mut self.server_rtt, &mut self.handshakes, &c);
        let kernel = self.states.kernel(&c);
        // Most conversations are healthy, and beyond what the report lists
        // a healthy one is only counted: its evidence is not written then.
        let brief = self.released.counts_healthy_only();
        let mut f = self.verdict(&c, now, brief);
        if brief && !self.released.only_counts(&f) {
            f = self.verdict(&c, now, false);
        }
        if c.flow_id.is_none_or(|id| !self.announced.remove(&id)) {
            self.tell(&f);
        }
        if let Some(id) = c.flow_id {
            self.states.remove(id);
        }
        self.released.count += 1;
        self.released.list(f, kernel);
    }

    /// The finding for one conversation as of `now`, from what is known so far.
    fn verdict(&self, c: &Conn, now: Timestamp, brief: bool) -> Finding {
        let ctx = Ctx {
            files: &self.files,
            hosts: &self.col.host_ttls,
            capture_end: now,
            flow: &self.states,
            scanned: &[],
            server_rtt: &self.server_rtt,
            handshakes: &self.handshakes,
            questions: &self.questions,
            brief,
        };
        diagnose_conn(c, &ctx)
    }

    /// Announces a finding that matters (a failure or a warning).
    fn tell(&mut self, f: &Finding) {
        if let Some(a) = self.announce.as_mut().filter(|_| matches!(f.severity, Severity::Failure | Severity::Warning)) {
            a(f);
        }
    }

    /// A reset or an ICMP error ends its conversation at once, and a SYN
    /// sent again unanswered is the client's verdict so far: announced now
    /// rather than when the flow stage times it out, seconds or minutes later.
    fn announce_ending(&mut self, s: &Summary, seen: &Seen) {
        let unanswered = |id: &u64| self.col.get(*id).is_some_and(|c| c.seen[0] >= 2 && c.seen[1] == 0);
        let id = match &s.transport {
            Transport::Tcp(t) if t.flags.rst() => seen.id,
            // A SYN sent again with nothing back: the client's own verdict so far.
            Transport::Tcp(t) if t.flags.syn() && !t.flags.ack() => seen.id.filter(unanswered),
            Transport::Icmp(i) if i.is_error() => seen.quoted,
            _ => None,
        };
        // Remembered until the flow stage closes it, so it is told once.
        if let Some(id) = id.filter(|&id| self.announced.insert(id)) {
            self.announce_conn(id, s.ts);
        }
    }

    /// A conversation whose verdict waits for the end (a failure grouped
    /// with its retries, a scan probe): its finding as of `now` is
    /// announced; the report's own comes at the end.
    fn announce_conn(&mut self, id: u64, now: Timestamp) {
        let Some(mut c) = self.col.get(id).cloned() else { return };
        c.finalize();
        adopt_flow(std::slice::from_mut(&mut c), &self.states);
        let f = self.verdict(&c, now, false);
        self.tell(&f);
    }

    /// Drops flow records no tracked conversation can look up (their
    /// conversation was evicted); the next prune waits until as many again
    /// as a quarter of the conversation cap have been added.
    fn prune_flow_states(&mut self) {
        let live = self.col.live_ids();
        self.states.retain(|id| live.contains(&id));
        self.prune_at = self.states.len() + self.limits.max_conns.max(16_384) / 4;
    }

    /// The conversations still open, the hosts' TTLs and what the cap evicted.
    pub fn finish_conversations(&mut self) -> (Vec<Conn>, super::vantage::HostTtls, collect::Evicted) {
        std::mem::take(&mut self.col).finish()
    }
}

/// Events per batch handed to the second stage's thread.
const BATCH: usize = 1024;
/// Batches queued ahead of the second stage (bounds memory).
const IN_FLIGHT: usize = 8;

/// Where the second stage runs.
pub enum Stage {
    /// On the caller's thread: each event is applied at once.
    Here(Box<Deciding>),
    /// On a thread of its own, fed batches of events.
    Thread {
        batch: Vec<Event>,
        tx: std::sync::mpsc::SyncSender<Vec<Event>>,
        /// Batches the worker emptied, to be filled again (no allocation per batch).
        empty: std::sync::mpsc::Receiver<Vec<Event>>,
        worker: std::thread::JoinHandle<Box<Deciding>>,
    },
}

impl Default for Stage {
    fn default() -> Self {
        Stage::Here(Box::default())
    }
}

impl Stage {
    /// The second stage, still on the caller's thread (to configure it).
    /// None once it runs on its own thread.
    pub fn here(&mut self) -> Option<&mut Deciding> {
        match self {
            Stage::Here(d) => Some(d),
            Stage::Thread { .. } => None,
        }
    }

    /// Moves the second stage to a thread of its own (before the first event).
    pub fn spawn(&mut self) {
        let Stage::Here(d) = std::mem::take(self) else { return };
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Event>>(IN_FLIGHT);
        let (back, empty) = std::sync::mpsc::sync_channel::<Vec<Event>>(IN_FLIGHT + 1);
        let worker = std::thread::spawn(move || {
            let mut d = d;
            for mut batch in rx {
                batch.iter_mut().for_each(|e| d.apply_in_place(e));
                batch.clear();
                // The first stage may have finished: the batch is then dropped.
                let _ = back.try_send(batch);
            }
            d
        });
        *self = Stage::Thread { batch: Vec::with_capacity(BATCH), tx, empty, worker };
    }

    /// Hands one event to the second stage.
    pub fn send(&mut self, e: Event) {
        match self {
            Stage::Here(d) => d.apply(e),
            Stage::Thread { batch, .. } => {
                batch.push(e);
                self.hand_over_when_full();
            }
        }
    }

    /// Hands one packet to the second stage: its event is built where it
    /// goes in the batch (every packet passes here; fewer copies).
    #[inline]
    pub fn send_packet(&mut self, s: &Summary, seen: Seen) {
        match self {
            Stage::Here(d) => d.apply(Event::Packet(*s, seen)),
            Stage::Thread { batch, .. } => {
                batch.push(Event::Packet(*s, seen));
                self.hand_over_when_full();
            }
        }
    }

    fn hand_over_when_full(&mut self) {
        if let Stage::Thread { batch, tx, empty, .. } = self {
            if batch.len() >= BATCH {
                let next = empty.try_recv().unwrap_or_else(|_| Vec::with_capacity(BATCH));
                let full = std::mem::replace(batch, next);
                // The worker only hangs up when it panicked: `join` reports it.
                let _ = tx.send(full);
            }
        }
    }

    /// Waits for the second stage to apply every event; returns it.
    pub fn join(self) -> Box<Deciding> {
        match self {
            Stage::Here(d) => d,
            Stage::Thread { batch, tx, worker, .. } => {
                let _ = tx.send(batch);
                drop(tx);
                // A panic in the second stage is the diagnosis' own: raised here.
                worker.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
            }
        }
    }
}
