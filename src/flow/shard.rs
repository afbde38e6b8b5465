//! The connection table sharded over worker threads, as Suricata's workers
//! and Zeek's cluster workers split traffic: each packet goes to the worker
//! that owns its flow, chosen by a symmetric hash of the flow's key (both
//! directions, no VLAN: the [`FlowKey`] one table uses), and each worker runs
//! its own [`Tracker`] over its share. The records come back merged in the
//! order, and with the ids, one table would have produced, so the output of
//! N workers is byte for byte the output of one.
//!
//! How one table's order survives the split:
//! * **Time.** A table's timers fire when any packet's time passes them. Each
//!   worker is told the time of every packet, its own or not (one shared
//!   [`Tick`] per packet, [`Tracker::tick`]), so a connection times out at
//!   the same packet in every mode. Records are tagged with that packet's
//!   position; at one position, timeouts come first, in (due time, creation)
//!   order, as one table's timer heap fires them, then what the packet
//!   itself ended (a reused socket pair, an eviction).
//! * **Ids.** Each connection's id is the position of the packet that made
//!   it (a packet makes at most one); the merger renumbers them 1, 2, 3 …
//!   in that order, which is one table's counter.
//! * **Fragments** are reassembled before sharding (by the reader's
//!   [`super::defrag::Defragmenter`]): a datagram reaches the worker of its
//!   flow whole, ports included. Fragments it gave up on carry no ports and
//!   are only counted, wherever they land.
//! * **ICMP errors** are a flow of their own (router to host, by type and
//!   code) and also news for the connection they quote: the owner of the
//!   ICMP flow tracks them, and the owner of the quoted connection, when
//!   another worker, gets the same packet to attach it
//!   ([`Tracker::attach_quoted`]). Sharding them by the quoted flow alone
//!   would split one router's ICMP flow over several workers.
//!
//! What does not shard exactly: the flow cap is divided among the workers,
//! so when it is reached the evicted connections differ from one table's.
//!
//! Packets travel in batches of [`BATCH`] (one channel operation per batch
//! and worker), with [`IN_FLIGHT`] batches queued so workers never wait for
//! the merger.

use super::key::{packet_sides, FlowKey, Side};
use super::{ignored, Connection, EndReason, Tracker, TrackerConfig, TrackerStats};
use crate::time::Timestamp;
use crate::wire::hash::{HashMap, RandomState};
use crate::wire::registry::IpProto;
use crate::wire::summary::{Summary, Transport};
use std::collections::VecDeque;
use std::hash::BuildHasher;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

/// Packets per batch handed to the workers.
pub const BATCH: usize = 4096;
/// Batches dispatched and not yet merged.
pub const IN_FLIGHT: usize = 4;

/// One packet's time as every worker sees it, and whether it moves the
/// timers (a packet the tracker ignores does not).
#[derive(Clone, Copy, Debug)]
struct Tick {
    ts: Timestamp,
    advances: bool,
}

/// What a worker does with a packet it was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// The packet belongs to one of its flows.
    Track,
    /// An ICMP error quoting one of its connections (another worker tracks
    /// the ICMP flow).
    Attach,
}

/// One batch for one worker: every packet's tick, and its own packets with
/// their positions in the batch.
struct Job {
    /// Position of the batch's first packet in the whole input.
    base: u64,
    ticks: Arc<Vec<Tick>>,
    own: Vec<(u32, Role, Summary)>,
}

/// A worker's answer to one batch.
#[derive(Default)]
struct Done {
    /// Ids of the connections created, in order.
    created: Vec<u64>,
    /// Records ended, with the position (in the batch) of the packet at
    /// which they ended.
    closed: Vec<(u32, Connection)>,
}

enum Msg {
    Job(Job),
    /// End of input: every live connection, and the worker's counters.
    Finish,
}

enum Reply {
    Done(Done),
    Finished(Vec<Connection>, TrackerStats),
}

/// Which worker owns a packet's flow.
#[derive(Clone)]
pub struct Router {
    workers: usize,
    hasher: RandomState,
    honor_checksums: bool,
}

impl Router {
    /// Routes over `workers` workers (at least one).
    pub fn new(workers: usize, honor_checksums: bool) -> Router {
        Router { workers: workers.max(1), hasher: RandomState::default(), honor_checksums }
    }

    /// The worker of the packet's own flow.
    pub fn owner(&self, s: &Summary) -> usize {
        let (src, dst, _) = packet_sides(s);
        self.of(&FlowKey::new(src, dst, s.proto()))
    }

    /// For an ICMP error the tracker would attach to the TCP or UDP
    /// connection it quotes: that connection's worker.
    pub fn quoted_owner(&self, s: &Summary) -> Option<usize> {
        let Transport::Icmp(i) = &s.transport else { return None };
        let q = i.quoted.filter(|q| i.is_error() && matches!(IpProto(q.proto), IpProto::TCP | IpProto::UDP))?;
        let side = |addr, port| Side { addr, port };
        Some(self.of(&FlowKey::new(side(q.src, q.sport), side(q.dst, q.dport), q.proto)))
    }

    fn of(&self, key: &FlowKey) -> usize {
        (self.hasher.hash_one(key) % self.workers as u64) as usize
    }
}

/// How a merged record ended: at a packet (its time), or at the end of input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// Drained after the packet at this time, as one table's `drain_closed`.
    At(Timestamp),
    /// Closed by [`Tracker::finish`].
    Finish,
}

/// The sharded table: route packets with [`push`](Self::push), take the
/// merged records from the callback, end with [`finish`](Self::finish).
pub struct Pool {
    router: Router,
    to: Vec<SyncSender<Msg>>,
    from: Vec<Receiver<Reply>>,
    handles: Vec<JoinHandle<()>>,
    ticks: Vec<Tick>,
    own: Vec<Vec<(u32, Role, Summary)>>,
    base: u64,
    /// Dispatched batches not yet merged: their ticks.
    in_flight: VecDeque<Arc<Vec<Tick>>>,
    /// Ids of live connections (creating packet's position) → one table's id.
    ranks: HashMap<u64, u64>,
    next_rank: u64,
}

impl Pool {
    /// Starts `workers` workers, each with a tracker of `cfg` whose flow cap
    /// is its share of `cfg.max_flows`.
    pub fn new(cfg: &TrackerConfig, workers: usize) -> Pool {
        let n = workers.max(1);
        let mut cfg = cfg.clone();
        cfg.max_flows = cfg.max_flows.max(1).div_ceil(n);
        let mut pool = Pool {
            router: Router::new(n, cfg.honor_checksums),
            to: Vec::new(),
            from: Vec::new(),
            handles: Vec::new(),
            ticks: Vec::with_capacity(BATCH),
            own: (0..n).map(|_| Vec::new()).collect(),
            base: 0,
            in_flight: VecDeque::new(),
            ranks: HashMap::default(),
            next_rank: 1,
        };
        for _ in 0..n {
            let (tx, rx) = sync_channel(IN_FLIGHT + 1);
            let (rtx, rrx) = channel();
            let tracker = Tracker::new(cfg.clone());
            pool.handles.push(std::thread::spawn(move || work(tracker, rx, rtx)));
            pool.to.push(tx);
            pool.from.push(rrx);
        }
        pool
    }

    /// Routes one packet; `out` gets every record the batches merged so far
    /// ended, in one table's order.
    pub fn push(&mut self, s: &Summary, out: &mut impl FnMut(Connection, Ended)) {
        let step = self.ticks.len() as u32;
        let why = ignored(s, self.router.honor_checksums);
        self.ticks.push(Tick { ts: s.ts, advances: why.is_none() });
        let owner = self.router.owner(s);
        self.own[owner].push((step, Role::Track, *s));
        if let Some(q) = self.router.quoted_owner(s).filter(|&q| q != owner && why.is_none()) {
            self.own[q].push((step, Role::Attach, *s));
        }
        if self.ticks.len() >= BATCH {
            self.dispatch();
            while self.in_flight.len() > IN_FLIGHT {
                self.merge_one(out);
            }
        }
    }

    /// Ends the input: the remaining records (those the last batches ended,
    /// then every live connection in creation order) and the workers' counters summed.
    pub fn finish(mut self, out: &mut impl FnMut(Connection, Ended)) -> TrackerStats {
        self.dispatch();
        while !self.in_flight.is_empty() {
            self.merge_one(out);
        }
        let mut live = Vec::new();
        let mut stats = TrackerStats::default();
        for i in 0..self.to.len() {
            let _ = self.to[i].send(Msg::Finish);
            if let Ok(Reply::Finished(conns, st)) = self.from[i].recv() {
                live.extend(conns);
                add_stats(&mut stats, &st);
            }
        }
        live.sort_by_key(|c| c.id);
        for c in live {
            out(self.renumbered(c), Ended::Finish);
        }
        stats
    }

    fn dispatch(&mut self) {
        if self.ticks.is_empty() {
            return;
        }
        let ticks = Arc::new(std::mem::replace(&mut self.ticks, Vec::with_capacity(BATCH)));
        for (tx, own) in self.to.iter().zip(&mut self.own) {
            let job = Job { base: self.base, ticks: Arc::clone(&ticks), own: std::mem::take(own) };
            // A worker only hangs up when it panicked; join reports that.
            let _ = tx.send(Msg::Job(job));
        }
        self.base += ticks.len() as u64;
        self.in_flight.push_back(ticks);
    }

    /// Merges the oldest batch's answers into one table's order.
    fn merge_one(&mut self, out: &mut impl FnMut(Connection, Ended)) {
        let Some(ticks) = self.in_flight.pop_front() else { return };
        let mut created = Vec::new();
        let mut closed = Vec::new();
        let mut hung_up = false;
        for rx in &self.from {
            match rx.recv() {
                Ok(Reply::Done(d)) => {
                    created.extend(d.created);
                    closed.extend(d.closed);
                }
                _ => hung_up = true,
            }
        }
        if hung_up {
            self.rejoin_panicked();
        }
        created.sort_unstable();
        for id in created {
            self.ranks.insert(id, self.next_rank);
            self.next_rank += 1;
        }
        closed.sort_by_key(|(step, c)| (*step, order_at_packet(c)));
        for (step, c) in closed {
            let at = ticks.get(step as usize).map_or(Timestamp::default(), |t| t.ts);
            out(self.renumbered(c), Ended::At(at));
        }
    }

    /// A worker hung up: it panicked, and the panic goes on here.
    fn rejoin_panicked(&mut self) {
        for h in self.handles.drain(..) {
            if let Err(panic) = h.join() {
                std::panic::resume_unwind(panic);
            }
        }
    }

    fn renumbered(&mut self, mut c: Connection) -> Connection {
        if let Some(rank) = self.ranks.remove(&c.id) {
            c.id = rank;
        }
        c
    }
}

/// Order of the records one packet ended, as one table drains them: the
/// timers it let fire, by due time then creation, then what the packet
/// itself ended (one worker's, already in order: the sort is stable).
fn order_at_packet(c: &Connection) -> (u8, i64, u64) {
    match c.end {
        EndReason::Timeout => (0, c.timers.sched.nanos().unwrap_or(i64::MIN), c.id),
        _ => (1, 0, 0),
    }
}

/// A worker: tracks its share of each batch and sends back what ended.
fn work(mut tracker: Tracker, rx: Receiver<Msg>, tx: Sender<Reply>) {
    for msg in rx {
        let reply = match msg {
            Msg::Job(job) => Reply::Done(run_job(&mut tracker, &job)),
            Msg::Finish => {
                let live: Vec<Connection> = tracker.finish().collect();
                Reply::Finished(live, tracker.stats)
            }
        };
        if tx.send(reply).is_err() {
            return;
        }
    }
}

/// One batch: the worker's own packets at their positions, every other
/// packet as a tick of the clock.
fn run_job(t: &mut Tracker, job: &Job) -> Done {
    let mut done = Done::default();
    let mut own = job.own.iter().peekable();
    for (i, tick) in job.ticks.iter().enumerate() {
        let step = i as u32;
        let mine = own.next_if(|o| o.0 == step);
        match mine {
            Some((_, Role::Track, s)) => {
                let id = job.base + i as u64 + 1;
                t.set_next_id(id);
                if t.push(s).new_connection {
                    done.created.push(id);
                }
            }
            Some((_, Role::Attach, s)) => t.attach_quoted(s),
            None => t.tick(tick.ts, tick.advances),
        }
        // A packet given twice to one worker (never: attach goes elsewhere)
        // would leave an entry behind; skip it rather than misplace it.
        while own.next_if(|o| o.0 == step).is_some() {}
        done.closed.extend(t.drain_closed().map(|c| (step, c)));
    }
    done
}

/// Adds one worker's counters to the sum.
fn add_stats(sum: &mut TrackerStats, w: &TrackerStats) {
    sum.packets += w.packets;
    sum.connections += w.connections;
    sum.closed += w.closed;
    sum.evictions += w.evictions;
    sum.bad_ip_checksum += w.bad_ip_checksum;
    sum.bad_l4_checksum += w.bad_l4_checksum;
    sum.fragments += w.fragments;
    sum.tunnel_carriers += w.tunnel_carriers;
    sum.icmp_errors_matched += w.icmp_errors_matched;
    sum.saturated_timers += w.saturated_timers;
    sum.kernel_carryovers += w.kernel_carryovers;
}
