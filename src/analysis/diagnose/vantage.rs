//! Where was the capture taken? Hop counts from TTLs, and handshake legs.
//!
//! Hosts start TTLs (IPv6 hop limits) at 64 (Linux, macOS), 128 (Windows)
//! or 255 (network gear); every router takes one off. A packet seen with an
//! undecremented TTL was captured on its sender's link: a SYN with TTL 64 was
//! captured at the client, a SYN|ACK with 64 at the server. When both arrive
//! decremented, the capture sits between them. The handshake legs tell the
//! same story: SYN → SYN|ACK short and SYN|ACK → ACK long means near the server.

use super::finding::Vantage;
use super::model::{Conn, Dir, Pkt};
use std::net::IpAddr;

/// Common initial TTLs, smallest first.
const INITIAL_TTLS: [u8; 4] = [32, 64, 128, 255];

/// The initial TTL a packet with `ttl` most likely started with.
pub fn initial_ttl(ttl: u8) -> u8 {
    INITIAL_TTLS.iter().copied().find(|&i| ttl <= i).unwrap_or(255)
}

/// Routers between the sender and the capture point.
pub fn hops(ttl: u8) -> u8 {
    initial_ttl(ttl) - ttl
}

/// Hosts whose TTLs are kept by default: enough for any real network, while
/// a flood from spoofed sources stops adding hosts here (vantage inference
/// then relies on each conversation's own packets).
pub const DEFAULT_MAX_HOSTS: usize = 131_072;

/// TTLs each host's packets arrived with (RSTs and ICMP errors excluded:
/// those are what middleboxes forge), for at most `max_hosts` hosts.
#[derive(Clone, Debug)]
pub struct HostTtls {
    /// Each host's place in `hosts` (hosts are never removed, so a place
    /// stays valid: a conversation keeps its two and skips this lookup).
    index: crate::wire::hash::HashMap<IpAddr, u32>,
    hosts: Vec<Ttls>,
    /// Hosts kept at most; later new hosts are counted in `dropped` only.
    pub max_hosts: usize,
    /// Hosts seen after the table was full.
    pub dropped: u64,
}

/// Where a sender's TTLs are counted, as a conversation remembers it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HostSlot {
    /// Not looked up yet.
    #[default]
    Unknown,
    /// Its place in the table.
    At(u32),
    /// The table was full when it was first seen (it stays full).
    Full,
}

/// One host's (TTL, packets), sorted by TTL: `first`, then `rest`. A host
/// rarely uses more than one TTL; keeping the first in the table's own
/// entry spares every packet a second memory access.
#[derive(Clone, Debug)]
struct Ttls {
    first: (u8, u64),
    rest: Vec<(u8, u64)>,
}

impl Ttls {
    fn add(&mut self, ttl: u8) {
        if self.first.0 == ttl {
            self.first.1 += 1;
        } else if ttl < self.first.0 {
            let old = std::mem::replace(&mut self.first, (ttl, 1));
            self.rest.insert(0, old);
        } else {
            match self.rest.binary_search_by_key(&ttl, |(t, _)| *t) {
                Ok(i) => self.rest[i].1 += 1,
                Err(i) => self.rest.insert(i, (ttl, 1)),
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = &(u8, u64)> {
        std::iter::once(&self.first).chain(self.rest.iter())
    }
}

impl Default for HostTtls {
    fn default() -> Self {
        HostTtls { index: Default::default(), hosts: Vec::new(), max_hosts: DEFAULT_MAX_HOSTS, dropped: 0 }
    }
}

impl HostTtls {
    /// Records one packet from `host`; returns where it is counted.
    pub fn see(&mut self, host: IpAddr, ttl: u8) -> HostSlot {
        if let Some(&i) = self.index.get(&host) {
            self.add_at(i, ttl);
            HostSlot::At(i)
        } else if self.index.len() >= self.max_hosts {
            self.dropped += 1;
            HostSlot::Full
        } else {
            let i = self.hosts.len() as u32;
            self.index.insert(host, i);
            self.hosts.push(Ttls { first: (ttl, 1), rest: Vec::new() });
            HostSlot::At(i)
        }
    }

    /// [`HostTtls::see`] through the place a conversation remembered.
    pub fn see_via(&mut self, slot: &mut HostSlot, host: IpAddr, ttl: u8) {
        match *slot {
            HostSlot::At(i) => self.add_at(i, ttl),
            HostSlot::Full => self.dropped += 1,
            HostSlot::Unknown => *slot = self.see(host, ttl),
        }
    }

    fn add_at(&mut self, i: u32, ttl: u8) {
        if let Some(t) = self.hosts.get_mut(i as usize) {
            t.add(ttl);
        }
    }

    fn get(&self, host: &IpAddr) -> Option<&Ttls> {
        self.index.get(host).and_then(|&i| self.hosts.get(i as usize))
    }

    /// The TTL most of `host`'s packets arrived with.
    pub fn usual(&self, host: IpAddr) -> Option<u8> {
        let m = self.get(&host)?;
        m.iter().max_by_key(|(_, n)| *n).map(|(t, _)| *t)
    }
    /// Packets seen from `host`.
    pub fn count(&self, host: IpAddr) -> u64 {
        self.get(&host).map(|m| m.iter().map(|(_, n)| n).sum()).unwrap_or(0)
    }
    /// Every TTL seen from `host`.
    pub fn all(&self, host: IpAddr) -> Vec<u8> {
        self.get(&host).map(|m| m.iter().map(|(t, _)| *t).collect()).unwrap_or_default()
    }
    /// Hosts that send with undecremented TTLs: on the capture's link.
    pub fn local_hosts(&self) -> Vec<IpAddr> {
        let mut v: Vec<IpAddr> = self.index.keys().copied().filter(|h| self.usual(*h).map(hops) == Some(0)).collect();
        v.sort();
        v
    }
}

/// The usual TTL of one side's packets in a conversation (RSTs excluded);
/// of equally usual ones the highest.
pub fn side_ttl(c: &Conn, dir: Dir) -> Option<u8> {
    // Counted in place: this runs for every finding, a map would allocate.
    let mut counts = [0u32; 256];
    for p in c.dir_pkts(dir).filter(|p| !p.is_rst()) {
        counts[usize::from(p.ttl)] += 1;
    }
    (0..=255u8).filter(|t| counts[usize::from(*t)] > 0).max_by_key(|t| counts[usize::from(*t)])
}

/// What the vantage of a conversation is inferred from.
struct Clues {
    /// The usual TTL of the client's and the server's packets.
    cttl: Option<u8>,
    sttl: Option<u8>,
    /// The vantage the TTLs alone say.
    by_ttl: Option<Vantage>,
    /// The handshake legs.
    legs: Option<(f64, f64)>,
}

fn clues(c: &Conn, hosts: &HostTtls) -> Clues {
    let cttl = side_ttl(c, Dir::C2S).or_else(|| hosts.usual(c.client));
    let mut sttl = side_ttl(c, Dir::S2C).or_else(|| hosts.usual(c.server));
    if sttl.is_none() && cttl.map(hops) != Some(0) {
        // Only RSTs from the server: trust them for the vantage when the
        // client's side does not already place the capture at the client.
        sttl = c.dir_pkts(Dir::S2C).map(|p| p.ttl).next();
    }
    let by_ttl = match (cttl.map(hops), sttl.map(hops)) {
        (Some(0), Some(0)) => None,
        (Some(0), _) => Some(Vantage::Client),
        (_, Some(0)) => Some(Vantage::Server),
        (Some(_), Some(_)) => Some(Vantage::Between),
        _ => None,
    };
    Clues { cttl, sttl, by_ttl, legs: legs(c) }
}

/// The vantage of a conversation, without the reason ([`infer`] gives both).
pub fn vantage(c: &Conn, hosts: &HostTtls) -> Vantage {
    let k = clues(c, hosts);
    match (k.by_ttl, k.legs) {
        (Some(v), _) => v,
        (None, Some((a, b))) if a * 5.0 < b => Vantage::Server,
        (None, Some((a, b))) if b * 5.0 < a => Vantage::Client,
        _ => Vantage::Unknown,
    }
}

/// The vantage of a conversation and the reason, in words.
pub fn infer(c: &Conn, hosts: &HostTtls) -> (Vantage, String) {
    let Clues { cttl, sttl, by_ttl, legs } = clues(c, hosts);
    let why_ttl = |v: Vantage| match v {
        Vantage::Client => format!(
            "the client's packets carry TTL {} (not decremented){}",
            cttl.unwrap_or(0),
            sttl.map(|t| format!(", the server's arrive with {t}")).unwrap_or_default()
        ),
        Vantage::Server => format!(
            "the server's packets carry TTL {} (not decremented){}",
            sttl.unwrap_or(0),
            cttl.map(|t| format!(", the client's arrive with {t}")).unwrap_or_default()
        ),
        _ => format!(
            "both sides' packets arrive with decremented TTLs (client {}, server {})",
            cttl.unwrap_or(0),
            sttl.unwrap_or(0)
        ),
    };
    match (by_ttl, legs) {
        (Some(Vantage::Between), Some((a, b))) if a * 5.0 < b => {
            (Vantage::Between, format!("{}; SYN→SYN|ACK {:.1} ms vs SYN|ACK→ACK {:.1} ms: nearer the server", why_ttl(Vantage::Between), a * 1e3, b * 1e3))
        }
        (Some(Vantage::Between), Some((a, b))) if b * 5.0 < a => {
            (Vantage::Between, format!("{}; SYN→SYN|ACK {:.1} ms vs SYN|ACK→ACK {:.1} ms: nearer the client", why_ttl(Vantage::Between), a * 1e3, b * 1e3))
        }
        (Some(v), _) => (v, why_ttl(v)),
        (None, Some((a, b))) if a * 5.0 < b => (Vantage::Server, format!("SYN→SYN|ACK {:.1} ms is much shorter than SYN|ACK→ACK {:.1} ms", a * 1e3, b * 1e3)),
        (None, Some((a, b))) if b * 5.0 < a => (Vantage::Client, format!("SYN|ACK→ACK {:.1} ms is much shorter than SYN→SYN|ACK {:.1} ms", b * 1e3, a * 1e3)),
        _ => (Vantage::Unknown, "not enough packets to tell where the capture was taken".into()),
    }
}

/// The two handshake legs in seconds: SYN → SYN|ACK and SYN|ACK → ACK.
pub fn legs(c: &Conn) -> Option<(f64, f64)> {
    let syn = last_before(c, |p| p.dir == Dir::C2S && p.is_syn(), None)?;
    let sa = c.pkts.iter().find(|p| p.dir == Dir::S2C && p.is_synack() && p.ts >= syn.ts)?;
    // The ACK of the SYN|ACK's ISN, even when stamped a hair before it.
    let ack = c.pkts.iter().find(|p| {
        p.dir == Dir::C2S && p.flags.ack() && !p.flags.syn() && !p.is_rst() && p.ack == sa.seq.wrapping_add(1)
    })?;
    Some((sa.ts.secs_since(syn.ts), ack.ts.secs_since(sa.ts).max(0.0)))
}

/// SYN → SYN|ACK time in seconds (no ACK needed).
pub fn syn_synack(c: &Conn) -> Option<f64> {
    let syn = last_before(c, |p| p.dir == Dir::C2S && p.is_syn(), None)?;
    let sa = c.pkts.iter().find(|p| p.dir == Dir::S2C && p.is_synack() && p.ts >= syn.ts)?;
    Some(sa.ts.secs_since(syn.ts))
}

fn last_before<'a>(c: &'a Conn, f: impl Fn(&Pkt) -> bool, before: Option<&Pkt>) -> Option<&'a Pkt> {
    let first_sa = c.pkts.iter().find(|p| p.dir == Dir::S2C && p.is_synack());
    let limit = before.or(first_sa).map(|p| p.ts);
    c.pkts.iter().filter(|p| f(p) && limit.is_none_or(|l| p.ts <= l)).last()
}

/// True when `a` and `b` look like the same subnet (/24 for IPv4, /64 for IPv6).
pub fn same_subnet(a: IpAddr, b: IpAddr) -> bool {
    match (a, b) {
        (IpAddr::V4(x), IpAddr::V4(y)) => x.octets()[..3] == y.octets()[..3],
        (IpAddr::V6(x), IpAddr::V6(y)) => x.octets()[..8] == y.octets()[..8],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initial_ttls() {
        assert_eq!(initial_ttl(64), 64);
        assert_eq!(hops(63), 1);
        assert_eq!(hops(128), 0);
        assert_eq!(hops(120), 8);
        assert_eq!(hops(250), 5);
        assert_eq!(hops(0), 32);
    }
}
