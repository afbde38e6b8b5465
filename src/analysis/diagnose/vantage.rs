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
use std::collections::BTreeMap;
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
    /// Per host: (TTL, packets), sorted by TTL; a host rarely uses more than one.
    map: crate::wire::hash::HashMap<IpAddr, Vec<(u8, u64)>>,
    /// Hosts kept at most; later new hosts are counted in `dropped` only.
    pub max_hosts: usize,
    /// Hosts seen after the table was full.
    pub dropped: u64,
}

impl Default for HostTtls {
    fn default() -> Self {
        HostTtls { map: Default::default(), max_hosts: DEFAULT_MAX_HOSTS, dropped: 0 }
    }
}

impl HostTtls {
    /// Records one packet from `host`.
    pub fn see(&mut self, host: IpAddr, ttl: u8) {
        let full = self.map.len() >= self.max_hosts;
        let v = match self.map.get_mut(&host) {
            Some(v) => v,
            None if full => {
                self.dropped += 1;
                return;
            }
            None => self.map.entry(host).or_insert_with(|| Vec::with_capacity(1)),
        };
        match v.binary_search_by_key(&ttl, |(t, _)| *t) {
            Ok(i) => v[i].1 += 1,
            Err(i) => v.insert(i, (ttl, 1)),
        }
    }
    /// The TTL most of `host`'s packets arrived with.
    pub fn usual(&self, host: IpAddr) -> Option<u8> {
        let m = self.map.get(&host)?;
        m.iter().max_by_key(|(_, n)| *n).map(|(t, _)| *t)
    }
    /// Packets seen from `host`.
    pub fn count(&self, host: IpAddr) -> u64 {
        self.map.get(&host).map(|m| m.iter().map(|(_, n)| n).sum()).unwrap_or(0)
    }
    /// Every TTL seen from `host`.
    pub fn all(&self, host: IpAddr) -> Vec<u8> {
        self.map.get(&host).map(|m| m.iter().map(|(t, _)| *t).collect()).unwrap_or_default()
    }
    /// Hosts that send with undecremented TTLs: on the capture's link.
    pub fn local_hosts(&self) -> Vec<IpAddr> {
        let mut v: Vec<IpAddr> = self.map.keys().copied().filter(|h| self.usual(*h).map(hops) == Some(0)).collect();
        v.sort();
        v
    }
}

/// The usual TTL of one side's packets in a conversation (RSTs excluded).
pub fn side_ttl(c: &Conn, dir: Dir) -> Option<u8> {
    let mut counts: BTreeMap<u8, u32> = BTreeMap::new();
    for p in c.dir_pkts(dir).filter(|p| !p.is_rst()) {
        *counts.entry(p.ttl).or_default() += 1;
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(t, _)| t)
}

/// The vantage of a conversation and the reason, in words.
pub fn infer(c: &Conn, hosts: &HostTtls) -> (Vantage, String) {
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
    let legs = legs(c);
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
