//! Summaries → conversations: the packet tracking that fills [`Conn`]s.
//!
//! A TCP conversation is one socket pair and one client ISN: a new SYN with
//! another sequence number on a reused socket pair starts a new connection.
//! UDP conversations are socket pairs. ICMP errors are attached to the
//! conversation they quote.

use super::model::{Conn, Dir, IcmpErr, Pkt, Proto};
use super::vantage::HostTtls;
use crate::time::Timestamp;
use crate::wire::summary::{Summary, TcpFlags, Transport};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;

/// Direction-free key of a socket pair (no VLAN, as the flow stage's key:
/// one direction is often tagged and the other not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct PairKey {
    proto: u8,
    a: (IpAddr, u16),
    b: (IpAddr, u16),
}

impl PairKey {
    fn new(proto: u8, x: (IpAddr, u16), y: (IpAddr, u16)) -> Self {
        let (a, b) = if x <= y { (x, y) } else { (y, x) };
        PairKey { proto, a, b }
    }
}

/// Conversations tracked at once by default. A conversation costs about
/// 500 bytes here (more with many packets kept), its finding another 1–2 KB,
/// so this keeps a diagnosis well under 1 GB; beyond it the least recently
/// active conversation is evicted and counted in [`Evicted`].
pub const DEFAULT_MAX_CONNS: usize = 250_000;

/// Services listed by name in [`Evicted::by_service`]; evictions from others
/// are only counted (a flood to random destinations must not grow the list).
pub const EVICTED_SERVICES: usize = 256;

/// What the conversation cap threw away: counted, never diagnosed.
#[derive(Clone, Debug, Default)]
pub struct Evicted {
    /// Conversations evicted.
    pub conns: u64,
    /// Packets those conversations held.
    pub packets: u64,
    /// Evicted conversations whose server never answered.
    pub unanswered: u64,
    /// (proto, server, port) → conversations evicted, for the first
    /// [`EVICTED_SERVICES`] services.
    pub by_service: HashMap<(Proto, IpAddr, u16), u64>,
    /// Evicted conversations of services beyond that list.
    pub other_services: u64,
}

impl Evicted {
    fn add(&mut self, c: &Conn) {
        self.conns += 1;
        self.packets += c.seen[0] + c.seen[1];
        if c.seen[1] == 0 && c.icmp.is_empty() {
            self.unanswered += 1;
        }
        let k = (c.proto, c.server, c.sport);
        if let Some(n) = self.by_service.get_mut(&k) {
            *n += 1;
        } else if self.by_service.len() < EVICTED_SERVICES {
            self.by_service.insert(k, 1);
        } else {
            self.other_services += 1;
        }
    }

    /// The services that lost most conversations, busiest first.
    pub fn top(&self, n: usize) -> Vec<((Proto, IpAddr, u16), u64)> {
        let mut v: Vec<_> = self.by_service.iter().map(|(k, n)| (*k, *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(n);
        v
    }
}

/// One tracked conversation and its bookkeeping for eviction.
struct Slot {
    conn: Option<Conn>,
    /// Creation order (ties of first packet time keep it).
    born: u64,
    /// Packet clock of the last packet (least recently active goes first).
    touched: u64,
}

/// Builds conversations from summaries in time order, at most
/// [`Collector::max_conns`] at once.
pub struct Collector {
    /// Keep every packet of every conversation (for two-capture matching).
    pub keep_all: bool,
    /// Conversations tracked at once; the least recently active is evicted.
    pub max_conns: usize,
    slots: Vec<Slot>,
    free: Vec<u32>,
    /// One entry per live slot, oldest first: (slot, its `touched` when queued).
    /// A slot touched since is queued again instead of evicted (lazy LRU).
    lru: VecDeque<(u32, u64)>,
    /// Packets added (the clock of `touched`).
    clock: u64,
    born: u64,
    current: HashMap<PairKey, u32>,
    /// Per host: TTLs of the TCP and UDP packets it sent (not RSTs: those are what
    /// middleboxes forge; not ICMP: neighbour discovery uses 255).
    pub(crate) host_ttls: HostTtls,
    /// What the cap evicted.
    pub evicted: Evicted,
}

impl Default for Collector {
    fn default() -> Self {
        Collector {
            keep_all: false,
            max_conns: DEFAULT_MAX_CONNS,
            slots: Vec::new(),
            free: Vec::new(),
            lru: VecDeque::new(),
            clock: 0,
            born: 0,
            current: HashMap::new(),
            host_ttls: HostTtls::default(),
            evicted: Evicted::default(),
        }
    }
}

/// The port a server probably listens on when no SYN says which side is which.
fn guess_client_is_src(sport: u16, dport: u16) -> bool {
    if dport < 1024 && sport >= 1024 {
        return true;
    }
    if sport < 1024 && dport >= 1024 {
        return false;
    }
    sport >= dport
}

impl Collector {
    /// Feeds one packet (call in time order).
    pub fn add(&mut self, s: &Summary) {
        if s.fragment.is_some_and(|f| f.offset > 0) {
            return;
        }
        match &s.transport {
            Transport::Tcp(t) => {
                if !t.flags.rst() {
                    self.host_ttls.see(s.src, s.ttl);
                }
                self.add_l4(s, Proto::Tcp, t.sport, t.dport, |dir| Pkt {
                    frame: s.frame,
                    ts: s.ts,
                    source: s.source,
                    dir,
                    flags: t.flags,
                    seq: t.seq,
                    ack: t.ack,
                    len: t.payload_len,
                    window: t.window,
                    ttl: s.ttl,
                    ip_id: s.ip_id,
                    hash: t.payload_hash,
                    tsval: t.options.timestamps.map(|x| x.0),
                    retrans: false,
                    zero_window: false,
                })
            }
            Transport::Udp(u) => {
                self.host_ttls.see(s.src, s.ttl);
                self.add_l4(s, Proto::Udp, u.sport, u.dport, |dir| Pkt {
                    frame: s.frame,
                    ts: s.ts,
                    source: s.source,
                    dir,
                    flags: TcpFlags(0),
                    seq: 0,
                    ack: 0,
                    len: u.payload_len,
                    window: 0,
                    ttl: s.ttl,
                    ip_id: s.ip_id,
                    hash: 0,
                    tsval: None,
                    retrans: false,
                    zero_window: false,
                })
            }
            Transport::Icmp(i) if i.is_error() => self.add_icmp(s, i),
            Transport::Icmp(_) => {}
            Transport::Other { .. } => {}
        }
    }

    fn add_l4(&mut self, s: &Summary, proto: Proto, sport: u16, dport: u16, mk: impl Fn(Dir) -> Pkt) {
        let key = PairKey::new(s.proto(), (s.src, sport), (s.dst, dport));
        let flags = s.tcp().map(|t| t.flags).unwrap_or_default();
        let pure_syn = flags.syn() && !flags.ack() && !flags.rst();
        // Ticks before a new conversation is queued, so its queue entry
        // carries the same stamp as its first packet.
        self.clock += 1;
        let idx = match self.current.get(&key).copied() {
            Some(i) if !self.starts_new(i, s, pure_syn) => i,
            _ => {
                let client_is_src = if flags.syn() && !flags.rst() { !flags.ack() } else { guess_client_is_src(sport, dport) };
                let mut c = if client_is_src {
                    Conn::new(proto, s.src, sport, s.dst, dport, s.ts)
                } else {
                    Conn::new(proto, s.dst, dport, s.src, sport, s.ts)
                };
                c.vlan = s.vlan;
                c.keep_all = self.keep_all;
                c.roles_known = flags.syn() && !flags.rst();
                self.insert(key, c)
            }
        };
        let Some(slot) = self.slots.get_mut(idx as usize) else { return };
        slot.touched = self.clock;
        let Some(c) = slot.conn.as_mut() else { return };
        let dir = if s.src == c.client && sport == c.cport { Dir::C2S } else { Dir::S2C };
        c.push(mk(dir));
    }

    /// Stores a new conversation as the current one of `key`, evicting the
    /// least recently active ones beyond the cap first.
    fn insert(&mut self, key: PairKey, c: Conn) -> u32 {
        while self.lru.len() >= self.max_conns.max(1) {
            if !self.evict_one() {
                break;
            }
        }
        self.born += 1;
        let slot = Slot { conn: Some(c), born: self.born, touched: self.clock };
        let i = match self.free.pop() {
            Some(i) => {
                if let Some(s) = self.slots.get_mut(i as usize) {
                    *s = slot;
                }
                i
            }
            None => {
                self.slots.push(slot);
                (self.slots.len() - 1) as u32
            }
        };
        self.lru.push_back((i, self.clock));
        self.current.insert(key, i);
        i
    }

    /// Evicts the least recently active conversation; false when none is left.
    fn evict_one(&mut self) -> bool {
        while let Some((i, stamp)) = self.lru.pop_front() {
            let Some(slot) = self.slots.get_mut(i as usize) else { continue };
            if slot.touched > stamp {
                self.lru.push_back((i, slot.touched));
                continue;
            }
            let Some(c) = slot.conn.take() else { continue };
            let proto = if c.proto == Proto::Tcp { 6 } else { 17 };
            let key = PairKey::new(proto, (c.client, c.cport), (c.server, c.sport));
            if self.current.get(&key) == Some(&i) {
                self.current.remove(&key);
            }
            self.evicted.add(&c);
            self.free.push(i);
            return true;
        }
        false
    }

    /// A pure SYN from the client with a new ISN on a socket pair in use.
    fn starts_new(&self, i: u32, s: &Summary, pure_syn: bool) -> bool {
        let (Some(c), Some(t)) = (self.slots.get(i as usize).and_then(|s| s.conn.as_ref()), s.tcp()) else { return false };
        if !pure_syn {
            return false;
        }
        if s.src != c.client || t.sport != c.cport {
            // A SYN from the side we took for the server: roles were guessed
            // wrong, or it is a new connection the other way; but the first
            // answer to a client's SYN is a split handshake (RFC 9293 §3.5).
            let split = c.isn[0].is_some() && c.seen[1] == 0;
            return c.roles_known && !split;
        }
        match c.isn[0] {
            Some(isn) => isn != t.seq,
            None => true,
        }
    }

    fn add_icmp(&mut self, s: &Summary, i: &crate::wire::summary::IcmpDigest) {
        let Some(q) = i.quoted else { return };
        let proto = match q.proto {
            6 => Proto::Tcp,
            17 => Proto::Udp,
            _ => return,
        };
        let key = PairKey::new(q.proto, (q.src, q.sport), (q.dst, q.dport));
        self.clock += 1;
        let idx = match self.current.get(&key).copied() {
            Some(i) => i,
            None => {
                let mut c = Conn::new(proto, q.src, q.sport, q.dst, q.dport, s.ts);
                c.vlan = s.vlan;
                self.insert(key, c)
            }
        };
        let Some(slot) = self.slots.get_mut(idx as usize) else { return };
        slot.touched = self.clock;
        let Some(c) = slot.conn.as_mut() else { return };
        c.last_ts = c.last_ts.max(s.ts);
        if c.icmp.len() >= super::model::KEEP_MAX {
            // An ICMP storm about one conversation: the first ones prove it.
            return;
        }
        c.icmp.push(IcmpErr {
            frame: s.frame,
            ts: s.ts,
            source: s.source,
            sender: s.src,
            v6: i.v6,
            kind: i.kind,
            code: i.code,
            ttl: s.ttl,
            quoted_seq: q.tcp_seq,
            quotes_c2s: q.src == c.client && q.sport == c.cport,
        });
    }

    /// Conversations tracked now.
    pub fn live(&self) -> usize {
        self.lru.len()
    }

    /// Socket pairs of the conversations tracked now.
    pub fn live_pairs(&self) -> std::collections::HashSet<super::flowstates::PairKey> {
        let live = self.slots.iter().filter_map(|s| s.conn.as_ref());
        live.map(|c| super::flowstates::pair((c.client, c.cport), (c.server, c.sport))).collect()
    }

    /// The conversations, in order of first packet (then of creation).
    pub fn finish(self) -> (Vec<Conn>, HostTtls, Evicted) {
        let mut v: Vec<(u64, Conn)> = self.slots.into_iter().filter_map(|s| Some((s.born, s.conn?))).collect();
        for (_, c) in &mut v {
            c.finalize();
        }
        v.sort_by_key(|(born, c)| (c.first_ts, *born));
        (v.into_iter().map(|(_, c)| c).collect(), self.host_ttls, self.evicted)
    }
}

/// The processing order of summaries: capture time, then file, then frame.
pub fn order(s: &Summary) -> (Timestamp, u16, u64) {
    (s.ts, s.source, s.frame)
}
