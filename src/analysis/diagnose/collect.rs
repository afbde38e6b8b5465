//! Summaries → conversations: the packets the rules read, filled into
//! [`Conn`]s.
//!
//! A conversation is one connection of the flow stage (its id, from
//! [`FlowTrack::feed`](super::flowstates::FlowTrack::feed)): where a
//! connection starts and ends, and who its client is, the flow tracker
//! decides — one connection model for `conns` and `diagnose`. Spoofed SYNs
//! the tracker set aside are not kept. ICMP errors are attached to the
//! conversation of the packet they quote.

use super::flowstates::Seen;
use super::model::{Conn, Dir, IcmpErr, Pkt, Proto};
use super::vantage::HostTtls;
use crate::time::Timestamp;
use crate::wire::summary::{Summary, TcpFlags, Transport};
use crate::wire::hash::HashMap;
use std::collections::VecDeque;
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
    /// `by_pair` holds this slot for its socket pair: a packet of the same
    /// conversation need not hash the pair again to keep it so.
    paired: bool,
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
    /// Conversations tracked now (`lru` may also hold stale entries of
    /// released ones).
    live: usize,
    born: u64,
    /// Live conversations by flow connection id.
    current: crate::wire::hash::HashMap<u64, u32>,
    /// The latest conversation of each socket pair, for ICMP errors the
    /// flow stage could not tie to a connection.
    by_pair: crate::wire::hash::HashMap<PairKey, u32>,
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
            live: 0,
            born: 0,
            current: Default::default(),
            by_pair: Default::default(),
            host_ttls: HostTtls::default(),
            evicted: Evicted::default(),
        }
    }
}

impl Collector {
    /// Feeds one packet (call in time order) with what the flow stage made of it.
    pub fn add(&mut self, s: &Summary, seen: &Seen) {
        if s.fragment.is_some_and(|f| f.offset > 0) || seen.foreign {
            return;
        }
        match &s.transport {
            Transport::Tcp(t) => {
                self.add_l4(s, seen, (Proto::Tcp, !t.flags.rst()), t.sport, t.dport, |dir| Pkt {
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
                    mss: t.options.mss,
                    app: super::app::of(s),
                    sack: t.options.sack_blocks > 0,
                })
            }
            Transport::Udp(u) => {
                self.add_l4(s, seen, (Proto::Udp, true), u.sport, u.dport, |dir| Pkt {
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
                    mss: None,
                    app: super::app::of(s),
                    sack: false,
                })
            }
            Transport::Icmp(i) if i.is_error() => self.add_icmp(s, i, seen.quoted),
            Transport::Icmp(_) => {}
            Transport::Other { .. } => {}
        }
    }

    /// `ttl`: the sender's TTL counts ([`HostTtls`]; not for an RST).
    fn add_l4(&mut self, s: &Summary, seen: &Seen, (proto, ttl): (Proto, bool), sport: u16, dport: u16, mk: impl Fn(Dir) -> Pkt) {
        let Some(id) = seen.id else {
            if ttl {
                self.host_ttls.see(s.src, s.ttl);
            }
            return;
        };
        let key = || PairKey::new(s.proto(), (s.src, sport), (s.dst, dport));
        let flags = s.tcp().map(|t| t.flags).unwrap_or_default();
        // Ticks before a new conversation is queued, so its queue entry
        // carries the same stamp as its first packet.
        self.clock += 1;
        // A new conversation's sender is counted before it is stored (the
        // store may evict and decide others, which read the counts).
        let mut counted = None;
        let idx = match self.current.get(&id).copied() {
            Some(i) => i,
            None => {
                counted = ttl.then(|| self.host_ttls.see(s.src, s.ttl));
                let client_is_src = seen.orig.is_none_or(|o| o == (s.src, sport));
                let mut c = if client_is_src {
                    Conn::new(proto, s.src, sport, s.dst, dport, s.ts)
                } else {
                    Conn::new(proto, s.dst, dport, s.src, sport, s.ts)
                };
                c.vlan = s.vlan;
                c.flow_id = Some(id);
                c.keep_all = self.keep_all;
                c.roles_known = flags.syn() && !flags.rst();
                self.insert(id, c)
            }
        };
        self.pair(key, idx);
        let Some(slot) = self.slots.get_mut(idx as usize) else { return };
        slot.touched = self.clock;
        let Some(c) = slot.conn.as_mut() else { return };
        let dir = if s.src == c.client && sport == c.cport { Dir::C2S } else { Dir::S2C };
        let slot = &mut c.host_slot[dir.idx()];
        match counted {
            Some(at) => *slot = at,
            None if ttl => self.host_ttls.see_via(slot, s.src, s.ttl),
            None => {}
        }
        c.push(mk(dir));
    }

    /// Makes slot `idx` the latest conversation of its socket pair `key`.
    fn pair(&mut self, key: impl FnOnce() -> PairKey, idx: u32) {
        if self.slots.get(idx as usize).is_none_or(|s| s.paired) {
            return;
        }
        if let Some(old) = self.by_pair.insert(key(), idx) {
            if let Some(o) = self.slots.get_mut(old as usize) {
                o.paired = false;
            }
        }
        if let Some(s) = self.slots.get_mut(idx as usize) {
            s.paired = true;
        }
    }

    /// Stores a new conversation as the current one of `key`, evicting the
    /// least recently active ones beyond the cap first.
    fn insert(&mut self, id: u64, c: Conn) -> u32 {
        let i = self.insert_unkeyed(c);
        self.current.insert(id, i);
        i
    }

    /// Stores a conversation without a flow id (found by socket pair only).
    fn insert_unkeyed(&mut self, c: Conn) -> u32 {
        while self.live >= self.max_conns.max(1) {
            if !self.evict_one() {
                break;
            }
        }
        self.born += 1;
        let slot = Slot { conn: Some(c), born: self.born, touched: self.clock, paired: false };
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
        self.live += 1;
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
            if self.by_pair.get(&key) == Some(&i) {
                self.by_pair.remove(&key);
            }
            if let Some(id) = c.flow_id.filter(|id| self.current.get(id) == Some(&i)) {
                self.current.remove(&id);
            }
            self.evicted.add(&c);
            self.free.push(i);
            self.live -= 1;
            return true;
        }
        false
    }

    fn add_icmp(&mut self, s: &Summary, i: &crate::wire::summary::IcmpDigest, quoted: Option<u64>) {
        let Some(q) = i.quoted else { return };
        let proto = match q.proto {
            6 => Proto::Tcp,
            17 => Proto::Udp,
            _ => return,
        };
        let key = PairKey::new(q.proto, (q.src, q.sport), (q.dst, q.dport));
        self.clock += 1;
        let known = quoted.and_then(|id| self.current.get(&id)).or_else(|| self.by_pair.get(&key));
        let idx = match known.copied() {
            Some(i) => i,
            None => {
                // The quoted packet itself was not captured: a conversation
                // of its own, keyed by a socket pair only.
                let mut c = Conn::new(proto, q.src, q.sport, q.dst, q.dport, s.ts);
                c.vlan = s.vlan;
                let i = self.insert_unkeyed(c);
                self.pair(|| key, i);
                i
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
        self.live
    }

    /// Takes out the conversation of flow connection `id`, which the flow
    /// stage has just closed, when nothing later in the capture can change
    /// its verdict: a TCP connection that carried data both ways and closed
    /// with both FINs and no RST, or a UDP exchange answered without ICMP
    /// errors. Such a conversation belongs to no scan, flood or group of
    /// retries, so it can be decided now and its memory released.
    pub fn release(&mut self, id: u64) -> Option<Conn> {
        let i = *self.current.get(&id)?;
        let c = self.slots.get(i as usize)?.conn.as_ref()?;
        if self.keep_all || !decided(c) {
            return None;
        }
        let c = self.slots.get_mut(i as usize)?.conn.take()?;
        self.current.remove(&id);
        let proto = if c.proto == Proto::Tcp { 6 } else { 17 };
        let key = PairKey::new(proto, (c.client, c.cport), (c.server, c.sport));
        if self.by_pair.get(&key) == Some(&i) {
            self.by_pair.remove(&key);
        }
        self.free.push(i);
        self.live -= 1;
        Some(c)
    }

    /// The conversation of flow connection `id`, while tracked.
    pub fn get(&self, id: u64) -> Option<&Conn> {
        let i = *self.current.get(&id)?;
        self.slots.get(i as usize)?.conn.as_ref()
    }

    /// Flow connection ids of the conversations tracked now.
    pub fn live_ids(&self) -> std::collections::HashSet<u64> {
        self.slots.iter().filter_map(|s| s.conn.as_ref()?.flow_id).collect()
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

/// A closed conversation whose verdict needs nothing else from the capture.
fn decided(c: &Conn) -> bool {
    let both_ways = c.seen[0] > 0 && c.seen[1] > 0;
    match c.proto {
        Proto::Udp => both_ways && c.icmp.is_empty(),
        Proto::Tcp => {
            let fin = |d: Dir| c.dir_pkts(d).any(|p| p.is_fin()) || c.tail.iter().any(|p| p.dir == d && p.is_fin());
            let data = c.bytes[0] > 0 && c.bytes[1] > 0;
            let rst = c.pkts.iter().chain(c.tail.iter()).any(|p| p.is_rst());
            c.roles_known && data && !rst && c.icmp.is_empty() && fin(Dir::C2S) && fin(Dir::S2C)
        }
    }
}

/// The processing order of summaries: capture time, then file, then frame.
pub fn order(s: &Summary) -> (Timestamp, u16, u64) {
    (s.ts, s.source, s.frame)
}
