//! Flow tracking: the socket-pair table, two endpoints per connection,
//! Zeek's connection semantics and each host's kernel socket state.
//!
//! # Architecture
//!
//! ```text
//!  Summary ──► Tracker::push ──► FlowKey (sorted sides, proto) ──► slot
//!                 │                                    │
//!                 │ timers (binary heap, lazy)         ▼
//!                 │                          Connection { ep: [Endpoint; 2] }
//!                 ▼                               │  Endpoint = side, counters,
//!           closed queue ◄── timeouts, reuse,     │    zeek::ZeekEndpoint   (Zeek state, seq marks, letters)
//!           (drain / FlowSink::on_close)  evict   │    kernel::KernelEndpoint (CLOSED … TIME_WAIT)
//!                                                 │    analysis::DirAnalysis  (Wireshark tcp.analysis)
//!                                                 ▼
//!                               conn_state(), history(), client_state_at(t) …
//! ```
//!
//! * **Keys and roles.** A flow is keyed by its two sides in sorted order,
//!   and the IP protocol, not the VLAN (Zeek's and Wireshark's default: one
//!   direction is often tagged and the other not); ICMP sides carry Zeek's "ports"
//!   (type, and the counterpart type or the code). The originator is the
//!   sender of the first packet, except when Zeek would flip it: a first
//!   packet that is not a bare SYN, sent from a likely server port
//!   ([`key::likely_server_port`]), or a SYN answering a SYN-ACK; a flip adds
//!   `^` to the history.
//! * **Zeek semantics** live in [`zeek`]: one transition function per Zeek
//!   endpoint state, sizes from sequence numbers, history letters with
//!   Zeek's repeat rules, and Zeek's timers (attempt 5 s, close/reset delay
//!   5 s, expire, inactivity: TCP 5 min, UDP/ICMP 1 min), so conn.log
//!   records split and end where Zeek's do. A bare SYN with a new ISN on a
//!   closed or half-open pair starts a new connection (Zeek `IsReuse`).
//! * **Checksums.** By default packets with a bad IPv4, TCP or UDP checksum
//!   count like any other, as in Wireshark and `zeek -C`: a capture taken on
//!   a host with checksum offload holds its outgoing packets before the
//!   card filled the checksum in. They are counted
//!   ([`TrackerStats::bad_checksums`]). With
//!   [`TrackerConfig::honor_checksums`] (Zeek's default) IPv4 packets with a
//!   bad header checksum are dropped and TCP/UDP segments with a bad
//!   checksum only add `C`/`c`.
//! * **Kernel states** live in [`kernel`]: each endpoint's socket state as
//!   `ss` would show it on that host, driven by what it sent and received,
//!   with TIME_WAIT, FIN_WAIT2 and handshake-retransmission timers applied
//!   when read ([`Tracker::sockets_at`]). A socket outlives Zeek's record:
//!   kernel state carries over to the next record on the same pair.
//! * **Analysis** lives in [`analysis`]: per-packet flags as Wireshark's
//!   `tcp.analysis.*`, counted per direction.
//! * **Service** lives in [`service`]: Zeek's `service` column from the
//!   first payload bytes each side sent (the `Summary` head, completed by
//!   in-order segments up to 16 bytes) and the tunnels the packets carried.
//! * **ICMP errors** are logged as their own ICMP flow (as Zeek does) and
//!   also attached to the connection whose packet they quote, where they
//!   may abort a handshake.
//! * **Fragments** are reassembled before the tracker by [`defrag`] (its
//!   own timeout and caps); the tracker counts and drops the non-first
//!   fragments that reach it unreassembled.
//! * **Bounds.** At most [`TrackerConfig::max_flows`] live connections;
//!   beyond, the connection nearest to expiry is evicted and counted.
//!   Histories, ICMP errors and pending data blocks per
//!   connection are capped by named constants.
//!
//! # API
//!
//! ```text
//! let mut t = Tracker::new(TrackerConfig::default());   // Zeek's timeouts, 1 M flow cap
//! for s in summaries { let v = t.push(&s);               // PacketVerdict: conn handle,
//!                                                        //   direction, tcp.analysis flags
//!     for c in t.drain_closed() { … } }                  // records as they expire
//! for c in t.finish() { … }                              // the rest at end of input
//! ```
//!
//! or [`Tracker::feed`] with a [`FlowSink`] (`on_packet`, `on_close`).
//! A [`Connection`] gives `orig()/resp()` [`Endpoint`]s (packets, IP bytes,
//! Zeek state and sizes, kernel state, SYN options, per-flag analysis
//! counts), `conn_state()`, `history()`, `duration()`, `bytes()`,
//! `client_state_at(t)/server_state_at(t)` ([`TcpState`], netstat names),
//! `rtt` (SYN→SYN-ACK, SYN-ACK→ACK), `icmp_errors` (type, code, router,
//! frame), `community_id()` and `uid()`. [`Tracker::sockets_at`] lists every socket
//! as `ss` would at a moment; [`Hindsight`] adds whole-capture facts.
//!
//! Imports: `wire` (the [`Summary`] digest) and `time` only.

pub mod analysis;
pub mod community_id;
pub mod conn;
pub mod defrag;
pub mod history;
pub mod kernel;
pub mod key;
pub mod service;
pub mod shard;
mod slab;
pub mod zeek;

pub use analysis::{AnalysisCounts, AnalysisFlags, PacketAnalysis};
pub use conn::{
    Connection, EndReason, Endpoint, HandshakeRtt, IcmpError, SynInfo,
};
pub use kernel::TcpState;
pub use service::Service;
pub use key::{FlowKey, Side};

use analysis::SegIn;
use conn::{At, Timers};
use kernel::{KernelEndpoint, SegmentEvent};
use crate::wire::hash::{HashMap, HashSet, RandomState};
use key::packet_sides;
use crate::wire::registry::{IpProto, Port};
use std::hash::BuildHasher;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use zeek::{Engine, Segment, ZState};

use crate::time::Timestamp;
use crate::wire::summary::{IcmpDigest, Summary, TcpDigest, Transport};

/// Default cap on live connections. A connection takes about 870 bytes in
/// its slot plus ~100 bytes of table and timer-heap entries (analysis
/// counters and evidence lists are allocated only when used), so the cap
/// keeps the table near 1 GB.
pub const DEFAULT_MAX_FLOWS: usize = 1_000_000;
/// Timers fired for one connection in one go; more means times saturated
/// at the ends of the representable range (hostile input): the connection
/// is then ended.
pub const MAX_TIMER_FIRINGS: usize = 8;
/// TTL difference beyond which a SYN is not from the host that sent the
/// connection's first SYN (a route change moves it by a hop or two; forged
/// packets start from another initial TTL or another distance).
pub const MAX_TTL_DRIFT: u8 = 8;
/// A new-ISN SYN on an open, established connection idle at least this long
/// is a new connection (a NAT forgot the old one and reused its port).
pub const FOREIGN_SYN_IDLE_SECS: f64 = 30.0;
/// Recently closed sockets remembered for kernel-state carry-over.
pub const MAX_RECENT_SOCKETS: usize = 65_536;
/// How long a closed record's sockets are remembered (beyond TIME_WAIT).
pub const RECENT_SOCKET_SECS: i64 = 2 * kernel::TIME_WAIT_SECS + 10;

/// Timeouts and limits; defaults are Zeek's.
#[derive(Clone, Debug)]
pub struct TrackerConfig {
    /// `tcp_inactivity_timeout`: 5 min.
    pub tcp_inactivity_secs: f64,
    /// `udp_inactivity_timeout`: 1 min (also TCP before the handshake completes).
    pub udp_inactivity_secs: f64,
    /// `icmp_inactivity_timeout`: 1 min.
    pub icmp_inactivity_secs: f64,
    /// Inactivity timeout for other IP protocols: 1 min.
    pub other_inactivity_secs: f64,
    /// `tcp_attempt_delay`: a SYN unanswered this long ends the attempt (5 s).
    pub tcp_attempt_delay_secs: f64,
    /// `tcp_SYN_timeout`: first expire check (5 s).
    pub tcp_syn_timeout_secs: f64,
    /// `tcp_close_delay`: a closed or reset connection lingers 5 s.
    pub tcp_close_delay_secs: f64,
    /// `tcp_connection_linger`: 5 s.
    pub tcp_connection_linger_secs: f64,
    /// `tcp_session_timer`: re-check interval of half-closed flows (6 min).
    pub tcp_session_timer_secs: f64,
    /// Zeek's `dns_session_timeout`: a UDP DNS flow idle this long ends (10 s).
    pub dns_session_timeout_secs: f64,
    /// Cap on live connections.
    pub max_flows: usize,
    /// Server ports for role guessing as (IP protocol, port); `None` uses
    /// Zeek's default scripts' set ([`key::LIKELY_SERVER_TCP`]), an empty
    /// list mimics `zeek -b` without protocol scripts.
    pub likely_server_ports: Option<Vec<(u8, u16)>>,
    /// Drop IPv4 packets with bad header checksums and treat TCP/UDP
    /// segments with bad checksums as Zeek does by default (only a `C`/`c`
    /// letter). Off by default: such packets count, as with `zeek -C` and in
    /// Wireshark, since checksum offload on the capturing host is by far
    /// their most common cause.
    pub honor_checksums: bool,
    /// Split and end records exactly where Zeek's conn.log does. Off by
    /// default, where two things differ: an unanswered SYN retransmitted
    /// with the same ISN stays one connection past Zeek's 5 s attempt timer
    /// while its retransmissions keep coming (Linux's backoff, linear with
    /// `tcp_syn_linear_timeouts` or exponential, lasts up to two minutes);
    /// and a SYN that cannot be the established client's (another TTL, or
    /// a new ISN while the connection is open and active) does not end the
    /// connection: it is counted in [`Connection::foreign_syns`].
    pub zeek_records: bool,
}

impl Default for TrackerConfig {
    fn default() -> Self {
        TrackerConfig {
            tcp_inactivity_secs: 300.0,
            udp_inactivity_secs: 60.0,
            icmp_inactivity_secs: 60.0,
            other_inactivity_secs: 60.0,
            tcp_attempt_delay_secs: 5.0,
            tcp_syn_timeout_secs: 5.0,
            tcp_close_delay_secs: 5.0,
            tcp_connection_linger_secs: 5.0,
            tcp_session_timer_secs: 360.0,
            dns_session_timeout_secs: 10.0,
            max_flows: DEFAULT_MAX_FLOWS,
            likely_server_ports: None,
            honor_checksums: false,
            zeek_records: false,
        }
    }
}

impl TrackerConfig {
    /// Zeek's own defaults, for records that must match its conn.log:
    /// packets with bad checksums are not counted, records split where
    /// Zeek's timers and `IsReuse` split them.
    pub fn zeek() -> TrackerConfig {
        TrackerConfig {
            honor_checksums: true,
            zeek_records: true,
            ..TrackerConfig::default()
        }
    }
}

fn after(t: Timestamp, secs: f64) -> Timestamp {
    Timestamp::from_nanos(t.as_nanos() + (secs * 1e9) as i128)
}

/// Why `push` would leave a packet out of every connection before looking
/// up its flow (and before its time moves the timers); `None` for a packet
/// it tracks. Foreign SYNs are judged later, against their connection.
pub fn ignored(s: &Summary, honor_checksums: bool) -> Option<Ignored> {
    if honor_checksums && s.ip_checksum_ok == Some(false) {
        return Some(Ignored::BadIpChecksum);
    }
    if s.fragment.is_some_and(|f| f.offset > 0) {
        return Some(Ignored::Fragment);
    }
    match s.transport {
        Transport::Other { proto: 4 | 41 | 47, .. } => Some(Ignored::TunnelCarrier),
        // IPv6 "no next header" (e.g. Teredo bubbles): nothing to track.
        Transport::Other { proto: 59, .. } => Some(Ignored::NoPayload),
        _ => None,
    }
}

/// What `n` packets with bad checksums mean, in words (None when none).
pub fn bad_checksum_note(n: u64, dropped: bool) -> Option<String> {
    if n == 0 {
        return None;
    }
    let s = if n == 1 { "" } else { "s" };
    let what = if dropped {
        "left out of connections (--drop-bad-checksums)"
    } else {
        "counted in connections as Wireshark does (--drop-bad-checksums leaves them out, as Zeek does)"
    };
    Some(format!(
        "{} packet{s} with a bad IP, TCP or UDP checksum, {what}: checksum offload on the capturing host \
         is the likely cause (the capture sees outgoing packets before the network card fills the checksum in)",
        n
    ))
}

/// Why a packet did not reach a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ignored {
    /// IPv4 header checksum wrong: Zeek drops the packet.
    BadIpChecksum,
    /// A non-first IP fragment that was not reassembled (no transport header).
    Fragment,
    /// The outer packet of an IP-in-IP or GRE tunnel: the inner packet is
    /// the flow (Zeek logs no connection for the carrier either).
    TunnelCarrier,
    /// An IPv6 packet without a next header.
    NoPayload,
    /// A SYN the connection's own endpoint cannot have sent (another TTL,
    /// or a new ISN on an open, active connection): spoofed or injected.
    /// Counted in [`Connection::foreign_syns`] (not with
    /// [`TrackerConfig::zeek_records`], where Zeek's rules apply).
    ForeignSyn,
}

/// A handle to a live connection (slot + id; stale handles resolve to None).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnHandle {
    slot: u32,
    /// The connection's id.
    pub id: u64,
}

/// What the tracker made of one packet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PacketVerdict {
    /// The connection the packet belongs to.
    pub conn: Option<ConnHandle>,
    /// Sent by the originator.
    pub from_orig: bool,
    /// The packet created the connection.
    pub new_connection: bool,
    /// Wireshark-style analysis flags (TCP).
    pub analysis: PacketAnalysis,
    /// Zeek counted the payload as a retransmission (history T/t).
    pub zeek_retransmission: bool,
    /// Why the packet was not attributed to a connection.
    pub ignored: Option<Ignored>,
    /// For an ICMP error: the connection of the packet it quotes.
    pub quoted: Option<ConnHandle>,
}

/// Counters of the tracker itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TrackerStats {
    pub packets: u64,
    pub connections: u64,
    pub closed: u64,
    /// Connections evicted because [`TrackerConfig::max_flows`] was reached.
    pub evictions: u64,
    /// IPv4 packets with a bad header checksum (dropped only with
    /// [`TrackerConfig::honor_checksums`]).
    pub bad_ip_checksum: u64,
    /// TCP/UDP segments with a bad checksum in a good IP header (counted in
    /// their connection unless [`TrackerConfig::honor_checksums`]).
    pub bad_l4_checksum: u64,
    pub fragments: u64,
    /// IP-in-IP / GRE carrier packets (their inner packets are tracked).
    pub tunnel_carriers: u64,
    /// ICMP errors matched to the connection they quote.
    pub icmp_errors_matched: u64,
    /// Connections ended because their timers saturated (hostile times).
    pub saturated_timers: u64,
    /// Kernel states carried over from a closed record to a new one.
    pub kernel_carryovers: u64,
}

impl TrackerStats {
    /// Packets with a bad IPv4, TCP or UDP checksum.
    pub fn bad_checksums(&self) -> u64 {
        self.bad_ip_checksum + self.bad_l4_checksum
    }
}

/// A socket as `ss` on the local host would list it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SocketView {
    pub local: Side,
    pub remote: Side,
    pub state: TcpState,
    /// The connection (live or closed) it belongs to.
    pub conn_id: u64,
}

/// Receives flow events (the narrow seam analysis consumes).
pub trait FlowSink {
    /// After each packet was processed.
    fn on_packet(&mut self, _s: &Summary, _v: &PacketVerdict, _c: Option<&Connection>) {}
    /// When a connection leaves the table (timeout, reuse, eviction, end).
    fn on_close(&mut self, _c: &Connection) {}
}

#[derive(Clone, Copy, Debug)]
struct Recent {
    at: Timestamp,
    conn_id: u64,
    eps: [(Side, KernelEndpoint); 2],
}

/// Facts only the whole capture reveals, for "as of" queries on a file.
///
/// A SYN-ACK that is never retransmitted nor acknowledged, although the
/// capture lasted past its retransmission time, was stateless: a SYN
/// cookie (Linux answers with cookies once a listener's SYN queue is
/// full), so no SYN_RECV socket stood behind it.
#[derive(Clone, Debug, Default)]
pub struct Hindsight {
    stateless_synacks: HashSet<u64>,
}

type SynAckSeen = HashMap<(FlowKey, Side, u32), (u64, Timestamp, u32, bool)>;

/// Builds a [`Hindsight`] packet by packet (one pass over the whole capture).
#[derive(Default)]
pub struct HindsightBuilder {
    // (key, SYN-ACK sender side, ISN) -> (first frame, first ts, sends, acked)
    seen: SynAckSeen,
    end: Timestamp,
}

impl HindsightBuilder {
    /// Looks at one packet.
    pub fn observe(&mut self, s: &Summary) {
        self.end = self.end.max(s.ts);
        let Some(t) = s.tcp() else { return };
        let (src, dst, _) = packet_sides(s);
        let key = FlowKey::new(src, dst, IpProto::TCP.0);
        if t.flags.syn() && t.flags.ack() {
            let e = self
                .seen
                .entry((key, src, t.seq))
                .or_insert((s.frame, s.ts, 0, false));
            e.2 += 1;
        } else if t.flags.ack() && !t.flags.syn() {
            if let Some(e) = self.seen.get_mut(&(key, dst, t.ack.wrapping_sub(1))) {
                e.3 = true;
            }
        }
    }
    /// The facts, once the capture ended.
    pub fn finish(self) -> Hindsight {
        let due = kernel::INITIAL_RTO_SECS * (1.0 + kernel::RETRANSMIT_SLACK_FRACTION)
            + kernel::RETRANSMIT_SLACK_SECS;
        let end = self.end;
        let stateless_synacks = self
            .seen
            .values()
            .filter(|(_, ts, n, acked)| *n == 1 && !*acked && end.secs_since(*ts) > due)
            .map(|(f, ..)| *f)
            .collect();
        Hindsight { stateless_synacks }
    }
}

impl Hindsight {
    /// Scans a whole capture's summaries.
    pub fn scan<'a, I: IntoIterator<Item = &'a Summary>>(summaries: I) -> Hindsight {
        let mut b = HindsightBuilder::default();
        for s in summaries {
            b.observe(s);
        }
        b.finish()
    }
    /// Number of SYN-ACKs judged stateless.
    pub fn stateless_synacks(&self) -> usize {
        self.stateless_synacks.len()
    }
}

/// The connection table.
pub struct Tracker {
    cfg: TrackerConfig,
    /// Slot numbers of live connections, hashed by their [`FlowKey`]: the
    /// key itself is read from the connection, so a million flows cost
    /// about 10 MB of index instead of 110 MB of duplicated keys.
    index: hashbrown::HashTable<u32>,
    slots: slab::Slab<Connection>,
    free: Vec<u32>,
    /// Due times: (nanoseconds, low 32 bits of the id, slot). A stale entry
    /// (rescheduled or reused slot) is skipped when it no longer matches the
    /// connection's own `sched` time and id; 16 bytes an entry. Ties fire
    /// in creation order (the id), not slot order: slots depend on the
    /// table's history, and sharded trackers ([`shard`]) must fire in the
    /// order one table would.
    heap: BinaryHeap<Reverse<(i64, u32, u32)>>,
    closed: VecDeque<Connection>,
    recent: HashMap<FlowKey, Recent>,
    /// The index's hasher, seeded at random (see wire::hash).
    hasher: RandomState,
    next_id: u64,
    now: Timestamp,
    hindsight: Option<Hindsight>,
    /// Counters.
    pub stats: TrackerStats,
}

impl Tracker {
    /// An empty table.
    pub fn new(cfg: TrackerConfig) -> Tracker {
        Tracker {
            cfg,
            index: hashbrown::HashTable::new(),
            slots: slab::Slab::default(),
            free: Vec::new(),
            heap: BinaryHeap::new(),
            closed: VecDeque::new(),
            recent: HashMap::default(),
            hasher: RandomState::default(),
            next_id: 1,
            now: Timestamp::default(),
            hindsight: None,
            stats: TrackerStats::default(),
        }
    }

    /// Uses whole-capture facts (see [`Hindsight`]) for kernel states.
    pub fn with_hindsight(mut self, h: Hindsight) -> Tracker {
        self.hindsight = Some(h);
        self
    }

    /// The cap on live connections.
    pub fn max_flows(&self) -> usize {
        self.cfg.max_flows.max(1)
    }

    /// Number of live connections.
    pub fn len(&self) -> usize {
        self.index.len()
    }
    /// True when no connection is live.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
    /// The latest packet time seen.
    pub fn now(&self) -> Timestamp {
        self.now
    }
    /// A live connection by handle.
    pub fn get(&self, h: ConnHandle) -> Option<&Connection> {
        self.slots
            .get(h.slot as usize)?
            .as_ref()
            .filter(|c| c.id == h.id)
    }
    /// All live connections.
    pub fn live(&self) -> impl Iterator<Item = &Connection> {
        self.slots.iter().flatten()
    }

    /// Processes one packet.
    pub fn push(&mut self, s: &Summary) -> PacketVerdict {
        self.stats.packets += 1;
        if s.ts > self.now {
            self.now = s.ts;
        }
        if s.ip_checksum_ok == Some(false) {
            self.stats.bad_ip_checksum += 1;
        } else if s.l4_checksum_ok == Some(false) {
            self.stats.bad_l4_checksum += 1;
        }
        if let Some(why) = ignored(s, self.cfg.honor_checksums) {
            match why {
                Ignored::Fragment => self.stats.fragments += 1,
                Ignored::TunnelCarrier => self.stats.tunnel_carriers += 1,
                _ => {}
            }
            return PacketVerdict {
                ignored: Some(why),
                ..Default::default()
            };
        }
        self.advance(s.ts);
        let mut quoted = None;
        if let Transport::Icmp(i) = &s.transport {
            if i.is_error() {
                quoted = self.attach_icmp_error(s, i);
            }
        }
        let (src, dst, one_way) = packet_sides(s);
        let key = FlowKey::new(src, dst, s.proto());
        let mut new_connection = false;
        let slot = match self.find(&key) {
            Some(slot) if self.is_foreign_syn(slot, s, &src) => {
                let Some(c) = self.slots[slot as usize].as_mut() else {
                    return PacketVerdict::default();
                };
                c.foreign_syns = c.foreign_syns.saturating_add(1);
                c.last_packet = c.last_packet.max(s.ts);
                return PacketVerdict {
                    conn: Some(ConnHandle { slot, id: c.id }),
                    from_orig: c.is_orig_slot(c.slot_of(&src)),
                    ignored: Some(Ignored::ForeignSyn),
                    ..Default::default()
                };
            }
            Some(slot) if self.is_reuse(slot, s) => {
                self.remove(slot, EndReason::Reused);
                new_connection = true;
                self.create(key, s, src, dst, one_way)
            }
            Some(slot) => slot,
            None => {
                new_connection = true;
                self.create(key, s, src, dst, one_way)
            }
        };
        let deferred = self.slots[slot as usize]
            .as_mut()
            .and_then(|c| c.deferred_ack.take());
        let mut v = match deferred {
            Some(d) if answers_early_ack(&d, s) => {
                // The SYN-ACK the held ACK acknowledges: TCP order first.
                let v = self.process(slot, s, &src, false);
                self.process_deferred(slot, &d);
                v
            }
            Some(d) => {
                self.process_deferred(slot, &d);
                self.process(slot, s, &src, true)
            }
            None => self.process(slot, s, &src, true),
        };
        v.new_connection = new_connection;
        v.quoted = quoted;
        self.schedule(slot);
        v
    }

    /// The id the next connection gets (ids otherwise count from 1): a
    /// sharded tracker numbers connections by the packet that made them,
    /// so that merged records keep one table's creation order.
    pub fn set_next_id(&mut self, id: u64) {
        self.next_id = id;
    }

    /// Time passes as it would for a packet at `ts` that belongs to another
    /// table's flow: the clock moves, and the timers too when such a packet
    /// would have reached them (`advances`: not [`ignored`]).
    pub fn tick(&mut self, ts: Timestamp, advances: bool) {
        if ts > self.now {
            self.now = ts;
        }
        if advances {
            self.advance(ts);
        }
    }

    /// The part of an ICMP error's [`push`](Self::push) that concerns the
    /// connection it quotes, for the table that owns that connection while
    /// another tracks the ICMP flow itself.
    pub fn attach_quoted(&mut self, s: &Summary) {
        self.tick(s.ts, true);
        if let Transport::Icmp(i) = &s.transport {
            if i.is_error() {
                self.attach_icmp_error(s, i);
            }
        }
    }

    fn process_deferred(&mut self, slot: u32, d: &Summary) {
        let (src, _, _) = packet_sides(d);
        self.process(slot, d, &src, false);
    }

    /// Processes a packet and reports to `sink` (packet, then closures).
    pub fn feed<S: FlowSink + ?Sized>(&mut self, s: &Summary, sink: &mut S) -> PacketVerdict {
        let v = self.push(s);
        let c = v.conn.and_then(|h| self.get(h));
        sink.on_packet(s, &v, c);
        while let Some(c) = self.closed.pop_front() {
            sink.on_close(&c);
        }
        v
    }

    /// Expires everything whose timers are due at `now`.
    pub fn expire(&mut self, now: Timestamp) {
        self.advance(now);
    }

    /// Connections that left the table since the last call.
    pub fn drain_closed(&mut self) -> impl Iterator<Item = Connection> + '_ {
        self.closed.drain(..)
    }

    /// Ends the input: every live connection is closed and returned with
    /// those not yet drained, one at a time, the live ones in creation
    /// order (a deterministic order whatever the slots' history; only their
    /// slot numbers are gathered and sorted, not the connections).
    pub fn finish(&mut self) -> impl Iterator<Item = Connection> + '_ {
        self.heap.clear();
        let mut live: Vec<(u64, u32)> = self
            .slots
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.as_ref().map(|c| (c.id, i as u32)))
            .collect();
        live.sort_unstable();
        let mut live = live.into_iter();
        std::iter::from_fn(move || loop {
            if let Some(c) = self.closed.pop_front() {
                return Some(c);
            }
            let (_, slot) = live.next()?;
            self.remove(slot, EndReason::Finished);
        })
    }

    /// Every socket a host would list at `now`: each endpoint of each live
    /// TCP connection, and of recently closed records, not CLOSED by then.
    pub fn sockets_at(&self, now: Timestamp) -> Vec<SocketView> {
        let mut out = Vec::new();
        for c in self.live().filter(|c| c.proto == IpProto::TCP.0) {
            for i in 0..2 {
                let st = c.ep[i].kernel.state_at(now);
                if st != TcpState::Closed {
                    out.push(SocketView {
                        local: c.ep[i].side,
                        remote: c.ep[1 - i].side,
                        state: st,
                        conn_id: c.id,
                    });
                }
            }
        }
        for (k, r) in &self.recent {
            if self.find(k).is_some() {
                continue;
            }
            for i in 0..2 {
                let st = r.eps[i].1.state_at(now);
                if st != TcpState::Closed {
                    out.push(SocketView {
                        local: r.eps[i].0,
                        remote: r.eps[1 - i].0,
                        state: st,
                        conn_id: r.conn_id,
                    });
                }
            }
        }
        out
    }

    // ----- table maintenance -------------------------------------------------

    /// The slot of the live connection with this key.
    fn find(&self, key: &FlowKey) -> Option<u32> {
        let slots = &self.slots;
        self.index
            .find(self.hasher.hash_one(key), |&s| {
                slots[s as usize].as_ref().is_some_and(|c| c.key() == *key)
            })
            .copied()
    }

    fn create(&mut self, key: FlowKey, s: &Summary, src: Side, dst: Side, one_way: bool) -> u32 {
        while self.index.len() >= self.cfg.max_flows.max(1) {
            if !self.evict_one() {
                break;
            }
        }
        let id = self.next_id;
        self.next_id += 1;
        self.stats.connections += 1;
        let mut c = Connection::new(id, src, dst, key.proto, s.vlan, s.ts);
        c.one_way = one_way;
        c.tunneled = s.tunneled;
        if role_flip(s, &self.cfg) {
            c.flip();
        }
        if key.proto == IpProto::UDP.0 && Port(c.resp_side().port).zeek_dns() {
            c.timers.expire = At::some(after(s.ts, self.cfg.dns_session_timeout_secs));
        }
        if key.proto == IpProto::TCP.0 {
            c.timers.expire = At::some(after(s.ts, self.cfg.tcp_syn_timeout_secs));
            self.carry_kernel(&key, s, &mut c);
        }
        let slot = match self.free.pop() {
            Some(f) => {
                self.slots[f as usize] = Some(c);
                f
            }
            None => {
                self.slots.push(Some(c)) as u32
            }
        };
        let (slots, hasher) = (&self.slots, &self.hasher);
        self.index.insert_unique(hasher.hash_one(key), slot, |&s| {
            slots[s as usize].as_ref().map_or(0, |c| hasher.hash_one(c.key()))
        });
        slot
    }

    fn carry_kernel(&mut self, key: &FlowKey, s: &Summary, c: &mut Connection) {
        let Some(r) = self.recent.get(key).copied() else {
            return;
        };
        let Some(t) = s.tcp() else { return };
        let src_slot = usize::from(r.eps[0].0 != c.ep[0].side);
        let src_k = &r.eps[src_slot].1;
        let new_socket = t.flags.syn() && !t.flags.ack() && src_k.isn != Some(t.seq);
        let alive = r
            .eps
            .iter()
            .any(|(_, k)| k.state_at(s.ts) != TcpState::Closed);
        if new_socket || !alive {
            return;
        }
        for (side, k) in r.eps {
            let i = c.slot_of(&side);
            c.ep[i].kernel = k;
        }
        self.recent.remove(key);
        self.stats.kernel_carryovers += 1;
    }

    fn evict_one(&mut self) -> bool {
        while let Some(Reverse((t, id, slot))) = self.heap.pop() {
            let valid = self.slots[slot as usize]
                .as_ref()
                .is_some_and(|c| c.id as u32 == id && c.timers.sched.nanos() == Some(t));
            if valid {
                self.remove(slot, EndReason::Evicted);
                self.stats.evictions += 1;
                return true;
            }
        }
        // No schedule at all: evict any live connection.
        let any = self.slots.iter().position(|c| c.is_some());
        if let Some(slot) = any {
            self.remove(slot as u32, EndReason::Evicted);
            self.stats.evictions += 1;
            return true;
        }
        false
    }

    fn remove(&mut self, slot: u32, why: EndReason) {
        if let Some(d) = self.slots.get_mut(slot as usize).and_then(|c| c.as_mut()).and_then(|c| c.deferred_ack.take()) {
            self.process_deferred(slot, &d);
        }
        let Some(mut c) = self.slots.get_mut(slot as usize).and_then(Option::take) else {
            return;
        };
        let key = c.key();
        if let Ok(e) = self.index.find_entry(self.hasher.hash_one(key), |&s| s == slot) {
            e.remove();
        }
        self.free.push(slot);
        c.end = why;
        self.stats.closed += 1;
        if c.proto == IpProto::TCP.0 {
            self.remember_sockets(key, &c);
        }
        self.closed.push_back(c);
    }

    fn remember_sockets(&mut self, key: FlowKey, c: &Connection) {
        let open =
            c.ep.iter()
                .any(|e| e.kernel.state_at(c.last_packet) != TcpState::Closed);
        if !open {
            return;
        }
        if self.recent.len() >= MAX_RECENT_SOCKETS {
            let horizon = self.now.secs.saturating_sub(RECENT_SOCKET_SECS);
            self.recent.retain(|_, r| r.at.secs >= horizon);
            if self.recent.len() >= MAX_RECENT_SOCKETS {
                self.recent.clear();
            }
        }
        let eps = [
            (c.ep[0].side, c.ep[0].kernel),
            (c.ep[1].side, c.ep[1].kernel),
        ];
        self.recent.insert(
            key,
            Recent {
                at: c.last_packet,
                conn_id: c.id,
                eps,
            },
        );
    }

    fn inactivity_secs(&self, c: &Connection) -> f64 {
        match IpProto(c.proto) {
            IpProto::TCP if c.zf.left_handshake => self.cfg.tcp_inactivity_secs,
            IpProto::TCP | IpProto::UDP => self.cfg.udp_inactivity_secs,
            IpProto::ICMP | IpProto::ICMPV6 => self.cfg.icmp_inactivity_secs,
            _ => self.cfg.other_inactivity_secs,
        }
    }

    fn next_due(&self, c: &Connection) -> Timestamp {
        let t = &c.timers;
        let mut due = after(c.last_time, self.inactivity_secs(c));
        for x in [t.attempt.get(), t.expire.get(), t.delete.get()]
            .into_iter()
            .flatten()
        {
            if x < due {
                due = x;
            }
        }
        due
    }

    fn schedule(&mut self, slot: u32) {
        let Some(c) = self.slots[slot as usize].as_ref() else {
            return;
        };
        let due = At::nanos_of(self.next_due(c));
        // Truncated on purpose: see `heap`.
        let id = c.id as u32;
        if c.timers.sched.nanos().is_none_or(|s| due < s) {
            self.heap.push(Reverse((due, id, slot)));
            if let Some(c) = self.slots[slot as usize].as_mut() {
                c.timers.sched = At::from_nanos(due);
            }
        }
    }

    fn advance(&mut self, now: Timestamp) {
        let now_n = At::nanos_of(now);
        let mut later = Vec::new();
        while let Some(&Reverse((t, id, slot))) = self.heap.peek() {
            if t > now_n {
                break;
            }
            self.heap.pop();
            let valid = self.slots[slot as usize]
                .as_ref()
                .is_some_and(|c| c.id as u32 == id && c.timers.sched.nanos() == Some(t));
            if !valid {
                continue;
            }
            if !self.fire(slot, now) {
                if let Some(c) = self.slots[slot as usize].as_mut() {
                    c.timers.sched = At::default();
                }
                later.push(slot);
            }
        }
        // Rescheduled after the loop, so each entry is looked at once per
        // call even when saturated times make it due again at once.
        for slot in later {
            self.schedule(slot);
        }
    }

    /// Runs the connection's due timers in time order; true when removed.
    fn fire(&mut self, slot: u32, now: Timestamp) -> bool {
        for _ in 0..MAX_TIMER_FIRINGS {
            let Some(c) = self.slots[slot as usize].as_ref() else {
                return true;
            };
            let inact = after(c.last_time, self.inactivity_secs(c));
            let t = c.timers;
            let cands = [
                (Some(inact), 0u8),
                (t.attempt.get(), 1),
                (t.expire.get(), 2),
                (t.delete.get(), 3),
            ];
            let due = cands
                .iter()
                .filter_map(|&(x, w)| x.filter(|x| *x <= now).map(|x| (x, w)))
                .min();
            let Some((when, which)) = due else {
                return false;
            };
            if self.fire_one(slot, when, which, now) {
                self.remove(slot, EndReason::Timeout);
                return true;
            }
        }
        self.stats.saturated_timers += 1;
        self.remove(slot, EndReason::Timeout);
        true
    }

    fn fire_one(&mut self, slot: u32, when: Timestamp, which: u8, now: Timestamp) -> bool {
        let linger = self.cfg.tcp_connection_linger_secs;
        let dns = self.cfg.dns_session_timeout_secs;
        let session = self.cfg.tcp_session_timer_secs;
        let zeek_records = self.cfg.zeek_records;
        let Some(c) = self.slots[slot as usize].as_mut() else {
            return true;
        };
        let o = (c.orig().zeek.state, c.orig().zeek.did_close);
        let r = (c.resp().zeek.state, c.resp().zeek.did_close);
        match which {
            0 | 3 => true,
            1 => {
                c.timers.attempt = At::default();
                let unanswered =
                    matches!(o.0, ZState::SynSent | ZState::SynAckSent) && r.0 == ZState::Inactive;
                if unanswered && !zeek_records {
                    // Still retransmitting its SYN: the attempt goes on.
                    if let Some(due) = syn_retransmission_due(c).filter(|d| *d > when) {
                        c.timers.attempt = At::some(due);
                        return false;
                    }
                }
                unanswered
            }
            _ if c.proto == IpProto::UDP.0 => {
                // DNS_Analyzer::ExpireTimer
                // A periodic check: the next one after `now` (checks in
                // between would see the same idle connection).
                let next = after(when.max(now), dns);
                c.timers.expire = At::some(next);
                next <= when || when.secs_since(c.last_time) >= dns - 1.0
            }
            _ => {
                let mut gone = false;
                if after(c.last_time, linger) < when {
                    let any_closed = o.1 || r.1;
                    let both_closed = o.1 && r.1;
                    let reset = o.0 == ZState::Reset || r.0 == ZState::Reset;
                    let inactive = o.0 == ZState::Inactive || r.0 == ZState::Inactive;
                    if any_closed && (both_closed || reset || inactive) {
                        gone = true;
                    }
                    if r.0 == ZState::Inactive && o.0 == ZState::Inactive {
                        gone = true;
                    }
                }
                let next = after(when.max(now), session);
                c.timers.expire = At::some(next);
                gone || next <= when
            }
        }
    }

    // ----- per-packet processing ---------------------------------------------

    /// A bare SYN from a side that already sent one, which that side's
    /// kernel cannot have sent: its TTL is far from the first SYN's (another
    /// host forged the address), or it carries a new ISN while the
    /// connection is established, open and was active moments ago (a real
    /// client only reuses a socket pair after closing it, or a NAT after
    /// forgetting it while idle).
    fn is_foreign_syn(&self, slot: u32, s: &Summary, src: &Side) -> bool {
        if self.cfg.zeek_records {
            return false;
        }
        let (Some(c), Some(t)) = (self.slots[slot as usize].as_ref(), s.tcp()) else {
            return false;
        };
        if !t.flags.syn() || t.flags.ack() || t.flags.rst() {
            return false;
        }
        let Some(first) = c.ep[c.slot_of(src)].syn else {
            return false;
        };
        if first.ttl.abs_diff(s.ttl) > MAX_TTL_DRIFT {
            return true;
        }
        let (o, r) = (&c.orig().zeek, &c.resp().zeek);
        let open = !(o.did_close || r.did_close);
        let established = o.state == ZState::Established && r.state == ZState::Established;
        let active = s.ts.secs_since(c.last_packet) < FOREIGN_SYN_IDLE_SECS;
        open && established && active && t.seq != first.isn
    }

    fn is_reuse(&self, slot: u32, s: &Summary) -> bool {
        let (Some(c), Some(t)) = (self.slots[slot as usize].as_ref(), s.tcp()) else {
            return false;
        };
        if !t.flags.syn() || t.header_len < 20 {
            return false;
        }
        let (o, r) = (&c.orig().zeek, &c.resp().zeek);
        let from_resp = s.src == c.resp_side().addr && t.sport == c.resp_side().port;
        if !self.cfg.zeek_records
            && from_resp
            && !t.flags.ack()
            && o.state == ZState::SynSent
            && r.state == ZState::Inactive
        {
            // The responder answers a SYN with its own SYN: a split
            // handshake (RFC 9293 §3.5 simultaneous open), not a new flow.
            return false;
        }
        let conn_orig = if t.flags.ack() {
            if o.state != ZState::Inactive {
                return false;
            }
            r
        } else {
            o
        };
        let closed = o.did_close || r.did_close;
        if !closed {
            if t.seq == conn_orig.start_seq {
                return false;
            }
            if !t.flags.ack()
                && conn_orig.state == ZState::SynAckSent
                && r.state == ZState::Inactive
                && t.seq == r.start_seq
            {
                return false;
            }
        }
        true
    }

    fn process(&mut self, slot: u32, s: &Summary, src: &Side, may_defer: bool) -> PacketVerdict {
        let cfg = self.cfg.clone();
        let Some(c) = self.slots[slot as usize].as_mut() else {
            return PacketVerdict::default();
        };
        let e = c.slot_of(src);
        let mut v = PacketVerdict {
            conn: Some(ConnHandle { slot, id: c.id }),
            from_orig: c.is_orig_slot(e),
            ..Default::default()
        };
        if may_defer && !cfg.zeek_records && is_early_handshake_ack(c, e, s) {
            // Held until the next packet of this connection shows whether
            // it is the SYN-ACK this ACK acknowledges.
            c.deferred_ack = Some(Box::new(*s));
            c.last_packet = c.last_packet.max(s.ts);
            return v;
        }
        c.last_packet = c.last_packet.max(s.ts);
        let bad_l4 = cfg.honor_checksums && s.l4_checksum_ok == Some(false);
        let stateless = self
            .hindsight
            .as_ref()
            .is_some_and(|h| h.stateless_synacks.contains(&s.frame));
        if !bad_l4 {
            let expected = c.ep[e].seq.next_seq();
            c.probe.observe(e, s, expected);
        }
        match &s.transport {
            Transport::Tcp(t) => tcp_packet(c, e, s, t, (bad_l4, stateless), &cfg, &mut v),
            Transport::Udp(u) => {
                let is_orig = c.is_orig_slot(e);
                if bad_l4 {
                    if c.ep[e].zeek.chk.bump() {
                        c.history.add_for(is_orig, b'C');
                    }
                } else {
                    c.ep[e].zeek.udp_active = true;
                    c.history.check(is_orig, history::mask::DATA, b'D');
                    count(c, e, s, u.payload_len as u64);
                    // Zeek's NTP analyzer turns the roles around when the
                    // originator sends a server's reply (mode 4), as when a
                    // capture starts mid-exchange. Like Zeek's FlipRoles, only
                    // the addresses change sides: counts and letters so far
                    // stay where they were.
                    let ntp_reply = (u.sport == 123 || u.dport == 123)
                        && s.head.as_slice().first().is_some_and(|b| b & 7 == 4);
                    if is_orig && ntp_reply {
                        let (a, b) = (c.ep[0].side, c.ep[1].side);
                        c.ep[0].side = b;
                        c.ep[1].side = a;
                        c.history.add(b'^');
                    }
                }
            }
            Transport::Icmp(i) => count(c, e, s, i.len.saturating_sub(8) as u64),
            Transport::Other { .. } => count(c, e, s, 0),
        }
        v
    }

    fn attach_icmp_error(&mut self, s: &Summary, i: &IcmpDigest) -> Option<ConnHandle> {
        let q = i.quoted?;
        if !matches!(IpProto(q.proto), IpProto::TCP | IpProto::UDP) {
            return None;
        }
        let qs = Side {
            addr: q.src,
            port: q.sport,
        };
        let qd = Side {
            addr: q.dst,
            port: q.dport,
        };
        let key = FlowKey::new(qs, qd, q.proto);
        let slot = self.find(&key)?;
        let c = self.slots[slot as usize].as_mut()?;
        let err = IcmpError {
            frame: s.frame,
            ts: s.ts,
            v6: i.v6,
            kind: i.kind,
            code: i.code,
            from: s.src,
            ttl: s.ttl,
            about_orig: c.orig_side() == qs,
        };
        c.icmp_error_count = c.icmp_error_count.saturating_add(1);
        if c.icmp_errors.len() < conn::MAX_ICMP_ERRORS {
            c.icmp_errors.push(err);
        }
        let e = c.slot_of(&qs);
        if q.proto == IpProto::TCP.0 {
            c.ep[e].kernel.on_icmp_error(s.ts, err.aborts_handshake());
        }
        let id = c.id;
        self.stats.icmp_errors_matched += 1;
        Some(ConnHandle { slot, id })
    }
}

/// When the originator's next SYN retransmission is due at the latest, once
/// it has retransmitted at least once: the kernel's doubling backoff from
/// its 1 s initial timeout, or twice the time it has already spent
/// retransmitting (covers a 3 s initial timeout and linear timeouts), plus
/// the kernel module's slack.
fn syn_retransmission_due(c: &Connection) -> Option<Timestamp> {
    let o = c.orig();
    let first = o.syn?.ts;
    let k = &o.kernel;
    if k.syn_sends < 2 {
        return None;
    }
    let last = k.last_syn();
    let doubling = kernel::INITIAL_RTO_SECS * 2f64.powi(i32::from(k.syn_sends.min(16)) - 1);
    let wait = doubling.max(2.0 * last.secs_since(first));
    Some(after(
        last,
        wait * (1.0 + kernel::RETRANSMIT_SLACK_FRACTION) + kernel::RETRANSMIT_SLACK_SECS,
    ))
}

/// Greatest time by which a handshake ACK may precede, in capture order or
/// timestamps, the SYN-ACK it acknowledges (multi-queue capture, clock
/// granularity) and still be taken as following it.
pub const HANDSHAKE_REORDER_SECS: f64 = 0.01;

/// An ACK from the SYN's sender before any answer to the SYN was seen: it
/// may acknowledge a SYN-ACK that the capture recorded just after it.
fn is_early_handshake_ack(c: &Connection, e: usize, s: &Summary) -> bool {
    let Some(t) = s.tcp() else { return false };
    let f = t.flags;
    let pure_ack = f.ack() && !f.syn() && !f.rst() && !f.fin();
    pure_ack
        && c.ep[e].zeek.state == ZState::SynSent
        && c.ep[1 - e].zeek.state == ZState::Inactive
        && c.ep[e].syn.is_some()
}

/// `s` is the SYN-ACK that the held ACK `d` acknowledges, close in time.
fn answers_early_ack(d: &Summary, s: &Summary) -> bool {
    let (Some(a), Some(sa)) = (d.tcp(), s.tcp()) else {
        return false;
    };
    sa.flags.syn()
        && sa.flags.ack()
        && !sa.flags.rst()
        && s.src == d.dst
        && sa.sport == a.dport
        && a.ack == sa.seq.wrapping_add(1)
        && s.ts.secs_since(d.ts).abs() <= HANDSHAKE_REORDER_SECS
}

/// Whether Zeek would make the destination the originator of a new flow.
fn role_flip(s: &Summary, cfg: &TrackerConfig) -> bool {
    let likely_server_port = |proto: u8, port: u16| match &cfg.likely_server_ports {
        None => key::likely_server_port(proto, port),
        Some(v) => v.contains(&(proto, port)),
    };
    match &s.transport {
        Transport::Tcp(t) => {
            let f = t.flags;
            if f.syn() && !f.ack() {
                return false;
            }
            if !likely_server_port(IpProto::TCP.0, t.sport) {
                return false;
            }
            if likely_server_port(IpProto::TCP.0, t.dport) {
                !f.syn() && t.sport < t.dport
            } else {
                true
            }
        }
        Transport::Udp(u) => {
            // A broadcast or multicast destination is never the client
            // (Zeek's rule: addresses only, not is_group_destination's ports).
            let group = match s.dst {
                std::net::IpAddr::V4(a) => a.is_broadcast() || a.is_multicast(),
                std::net::IpAddr::V6(a) => a.is_multicast(),
            };
            !group
                && likely_server_port(IpProto::UDP.0, u.sport)
                && !likely_server_port(IpProto::UDP.0, u.dport)
        }
        _ => false,
    }
}

/// A datagram to `dst` port `dport` goes to a group, not one host: a
/// multicast or the limited broadcast address, or a subnet broadcast of the
/// protocols that broadcast by design (NetBIOS name/datagram service, DHCP;
/// without the netmask, an IPv4 address ending in .255). Queries sent there
/// (mDNS, LLMNR, NetBIOS, SSDP, DHCP, DHCPv6) are answered, if at all, by
/// each responder from its own unicast address.
pub fn is_group_destination(dst: std::net::IpAddr, dport: u16) -> bool {
    match dst {
        std::net::IpAddr::V4(a) => a.is_broadcast() || a.is_multicast() || (a.octets()[3] == 255 && matches!(dport, 67 | 68 | 137 | 138)),
        std::net::IpAddr::V6(a) => a.is_multicast(),
    }
}


fn count(c: &mut Connection, e: usize, s: &Summary, payload: u64) {
    let ep = &mut c.ep[e];
    ep.pkts += 1;
    ep.ip_bytes += s.ip_len as u64;
    ep.payload_bytes += payload;
    c.last_time = s.ts;
}

fn tcp_packet(
    c: &mut Connection,
    e: usize,
    s: &Summary,
    t: &TcpDigest,
    (bad_l4, stateless): (bool, bool),
    cfg: &TrackerConfig,
    v: &mut PacketVerdict,
) {
    let is_orig = c.is_orig_slot(e);
    let seg = Segment::from_digest(t, s.ts);
    {
        let (a, b) = c.ep.split_at_mut(1);
        let (me, peer) = if e == 0 {
            (&mut a[0], &mut b[0])
        } else {
            (&mut b[0], &mut a[0])
        };
        let mut eng = Engine {
            eps: [&mut me.zeek, &mut peer.zeek],
            is_orig,
            hist: &mut c.history,
            cf: &mut c.zf,
            last_time: &mut c.last_time,
        };
        if bad_l4 {
            eng.checksum_error();
            return;
        }
        let out = eng.process(&seg);
        if out.do_close {
            eng.connection_closed();
        }
        v.zeek_retransmission = out.rxmit;
    }
    zeek_timers(c, cfg, s.ts);
    if c.zf.flip_now {
        c.zf.flip_now = false;
        c.flip();
        v.from_orig = c.is_orig_slot(e);
    }
    c.ep[e].pkts += 1;
    c.ep[e].ip_bytes += s.ip_len as u64;
    c.ep[e].payload_bytes += t.payload_len as u64;

    let ev = SegmentEvent {
        flags: t.flags,
        seq: t.seq,
        ack: t.ack,
        len: t.payload_len,
        ts: s.ts,
    };
    if !stateless {
        c.ep[e].kernel.on_send(&ev);
    }
    c.ep[1 - e].kernel.on_recv(&ev);

    let first_rtt = c.rtt.total().map(|x| (x * 1e9) as i128);
    let sin = SegIn {
        flags: t.flags,
        seq: t.seq,
        ack: t.ack,
        len: t.payload_len,
        raw_window: t.window,
        wscale_opt: t.options.wscale,
        ts: s.ts,
    };
    {
        let (a, b) = c.ep.split_at_mut(1);
        let (me, peer) = if e == 0 {
            (&mut a[0], &mut b[0])
        } else {
            (&mut b[0], &mut a[0])
        };
        v.analysis = analysis::analyze(&mut me.seq, &mut peer.seq, &sin, first_rtt);
    }
    handshake(c, e, s, t);
}

fn zeek_timers(c: &mut Connection, cfg: &TrackerConfig, now: Timestamp) {
    if std::mem::take(&mut c.zf.attempt_started) {
        let t0 = now;
        if c.timers.delete.get().is_none() {
            c.timers.attempt = At::some(after(t0, cfg.tcp_attempt_delay_secs));
        }
    }
    if c.zf.close_complete {
        c.zf.close_complete = false;
        c.timers = Timers {
            attempt: At::default(),
            expire: At::default(),
            delete: At::some(after(c.last_time, cfg.tcp_close_delay_secs)),
            sched: c.timers.sched,
        };
    }
    if c.zf.half_closed {
        c.zf.half_closed = false;
        let x = after(c.last_time, cfg.tcp_session_timer_secs);
        if c.timers.delete.get().is_none() {
            c.timers.expire = At::some(c.timers.expire.get().map_or(x, |y| y.min(x)));
        }
    }
}

fn handshake(c: &mut Connection, e: usize, s: &Summary, t: &TcpDigest) {
    let f = t.flags;
    if f.syn() {
        let info = SynInfo {
            frame: s.frame,
            ts: s.ts,
            isn: t.seq,
            window: t.window,
            mss: t.options.mss,
            wscale: t.options.wscale,
            sack_permitted: t.options.sack_permitted,
            timestamps: t.options.timestamps.is_some(),
            ttl: s.ttl,
        };
        if c.ep[e].syn.is_none_or(|x| x.isn != t.seq) {
            c.ep[e].syn = Some(info);
        }
        if f.ack() {
            c.rtt.saw_syn_ack(s.ts);
        } else {
            c.rtt.saw_syn(s.ts);
        }
    } else if f.ack() && c.rtt.ack().is_none() && c.rtt.syn().is_some() {
        // The first ACK from the side that sent the bare SYN completes it.
        if let (Some(sa), Some(mine)) = (c.rtt.syn_ack(), c.ep[e].syn) {
            if mine.ts != sa {
                c.rtt.saw_ack(s.ts);
            }
        }
    }
}

#[cfg(test)]
mod tests;
