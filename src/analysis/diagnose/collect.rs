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
use std::collections::HashMap;
use std::net::IpAddr;

/// Direction-free key of a socket pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct PairKey {
    proto: u8,
    vlan: Option<u16>,
    a: (IpAddr, u16),
    b: (IpAddr, u16),
}

impl PairKey {
    fn new(proto: u8, vlan: Option<u16>, x: (IpAddr, u16), y: (IpAddr, u16)) -> Self {
        let (a, b) = if x <= y { (x, y) } else { (y, x) };
        PairKey { proto, vlan, a, b }
    }
}

/// Builds conversations from summaries in time order.
#[derive(Default)]
pub struct Collector {
    /// Keep every packet of every conversation (for two-capture matching).
    pub keep_all: bool,
    conns: Vec<Conn>,
    current: HashMap<PairKey, usize>,
    /// Per host: TTLs of the TCP and UDP packets it sent (not RSTs: those are what
    /// middleboxes forge; not ICMP: neighbour discovery uses 255).
    pub(crate) host_ttls: HostTtls,
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
        let key = PairKey::new(s.proto(), s.vlan, (s.src, sport), (s.dst, dport));
        let flags = s.tcp().map(|t| t.flags).unwrap_or_default();
        let pure_syn = flags.syn() && !flags.ack() && !flags.rst();
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
                self.conns.push(c);
                let i = self.conns.len() - 1;
                self.current.insert(key, i);
                i
            }
        };
        let Some(c) = self.conns.get_mut(idx) else { return };
        let dir = if s.src == c.client && sport == c.cport { Dir::C2S } else { Dir::S2C };
        c.push(mk(dir));
    }

    /// A pure SYN from the client with a new ISN on a socket pair in use.
    fn starts_new(&self, i: usize, s: &Summary, pure_syn: bool) -> bool {
        let (Some(c), Some(t)) = (self.conns.get(i), s.tcp()) else { return false };
        if !pure_syn {
            return false;
        }
        if s.src != c.client || t.sport != c.cport {
            // A SYN from the side we took for the server: roles were guessed
            // wrong, or it is a new connection the other way.
            return c.roles_known;
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
        let key = PairKey::new(q.proto, s.vlan, (q.src, q.sport), (q.dst, q.dport));
        let idx = match self.current.get(&key).copied() {
            Some(i) => i,
            None => {
                let mut c = Conn::new(proto, q.src, q.sport, q.dst, q.dport, s.ts);
                c.vlan = s.vlan;
                self.conns.push(c);
                let i = self.conns.len() - 1;
                self.current.insert(key, i);
                i
            }
        };
        let Some(c) = self.conns.get_mut(idx) else { return };
        c.last_ts = c.last_ts.max(s.ts);
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

    /// The conversations, in order of first packet.
    pub fn finish(self) -> (Vec<Conn>, HostTtls) {
        let mut v = self.conns;
        for c in &mut v {
            c.finalize();
        }
        v.sort_by_key(|c| c.first_ts);
        (v, self.host_ttls)
    }
}

/// The processing order of summaries: capture time, then file, then frame.
pub fn order(s: &Summary) -> (Timestamp, u16, u64) {
    (s.ts, s.source, s.frame)
}
