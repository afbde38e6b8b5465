//! Flow keys: the canonical (direction-free) socket pair a packet belongs to,
//! Zeek's ICMP "ports" and the likely-server-port heuristic. Tables keyed by
//! them hash with [`crate::wire::hash`]'s randomly seeded hasher.

use crate::wire::registry::{IcmpType, Icmpv6Type, IpProto};
use crate::wire::summary::{Summary, Transport};
use std::net::IpAddr;

/// One side of a flow: address and port (ICMP: Zeek's type / counterpart).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Side {
    pub addr: IpAddr,
    pub port: u16,
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.addr {
            IpAddr::V4(a) => write!(f, "{a}:{}", self.port),
            IpAddr::V6(a) => write!(f, "[{a}]:{}", self.port),
        }
    }
}

/// Direction-free key of a flow: the two sides in sorted order and the IP
/// protocol. VLAN tags are not part of it (Zeek's and Wireshark's default):
/// a router or trunk port often tags one direction only, and the same
/// addresses on two VLANs are rare outside lab setups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FlowKey {
    /// The lower of the two sides.
    pub lo: Side,
    /// The higher of the two sides.
    pub hi: Side,
    /// IP protocol number (6, 17, 1, 58, or another).
    pub proto: u8,
}

impl FlowKey {
    /// Builds the key from a packet's source and destination sides.
    pub fn new(src: Side, dst: Side, proto: u8) -> FlowKey {
        let (lo, hi) = if src <= dst { (src, dst) } else { (dst, src) };
        FlowKey { lo, hi, proto }
    }
}

/// The (source, destination) sides of a packet as Zeek keys it, plus whether
/// the packet is "one way" (ICMP without a counterpart type).
pub fn packet_sides(s: &Summary) -> (Side, Side, bool) {
    let (sp, dp, one_way) = match &s.transport {
        Transport::Tcp(t) => (t.sport, t.dport, false),
        Transport::Udp(u) => (u.sport, u.dport, false),
        Transport::Icmp(i) => {
            let (cp, one_way) = icmp_counterpart(i.v6, i.kind, i.code);
            (i.kind as u16, cp, one_way)
        }
        Transport::Other { .. } => (0, 0, false),
    };
    (
        Side {
            addr: s.src,
            port: sp,
        },
        Side {
            addr: s.dst,
            port: dp,
        },
        one_way,
    )
}

/// Zeek's `ICMP4_counterpart` / `ICMP6_counterpart`: the type of the reply
/// for request/reply pairs; otherwise the code, and the flow is one-way.
pub fn icmp_counterpart(v6: bool, kind: u8, code: u8) -> (u16, bool) {
    let pair = if v6 {
        other_of(ICMP6_PAIRS, Icmpv6Type(kind)).map(|t| t.0)
    } else {
        other_of(ICMP4_PAIRS, IcmpType(kind)).map(|t| t.0)
    };
    match pair {
        Some(p) => (u16::from(p), false),
        None => (u16::from(code), true),
    }
}

/// The ICMPv4 request/reply pairs Zeek's `ICMP4_counterpart` knows.
const ICMP4_PAIRS: &[(IcmpType, IcmpType)] = &[
    (IcmpType::ECHO_REQUEST, IcmpType::ECHO_REPLY),
    (IcmpType::TIMESTAMP_REQUEST, IcmpType::TIMESTAMP_REPLY),
    (IcmpType::INFO_REQUEST, IcmpType::INFO_REPLY),
    (IcmpType::ROUTER_SOLICITATION, IcmpType::ROUTER_ADVERTISEMENT),
    (IcmpType::ADDRESS_MASK_REQUEST, IcmpType::ADDRESS_MASK_REPLY),
];

/// The ICMPv6 request/reply pairs Zeek's `ICMP6_counterpart` knows.
const ICMP6_PAIRS: &[(Icmpv6Type, Icmpv6Type)] = &[
    (Icmpv6Type::ECHO_REQUEST, Icmpv6Type::ECHO_REPLY),
    (Icmpv6Type::ROUTER_SOLICITATION, Icmpv6Type::ROUTER_ADVERTISEMENT),
    (Icmpv6Type::NEIGHBOR_SOLICITATION, Icmpv6Type::NEIGHBOR_ADVERTISEMENT),
    (Icmpv6Type::MLD_QUERY, Icmpv6Type::MLD_REPORT),
    (Icmpv6Type::NODE_INFO_QUERY, Icmpv6Type::NODE_INFO_REPLY),
    (Icmpv6Type::HOME_AGENT_REQUEST, Icmpv6Type::HOME_AGENT_REPLY),
];

/// The other member of `kind`'s pair, either way round.
fn other_of<T: PartialEq + Copy>(pairs: &[(T, T)], kind: T) -> Option<T> {
    pairs.iter().find_map(|&(a, b)| match kind {
        k if k == a => Some(b),
        k if k == b => Some(a),
        _ => None,
    })
}

/// Zeek's `likely_server_ports` as its default scripts fill it (each
/// `base/protocols/*/main.zeek` adds its analyzer's ports). Used to pick the
/// responder when no SYN was seen.
pub const LIKELY_SERVER_TCP: &[u16] = &[
    21, 22, 23, 25, 53, 80, 81, 88, 110, 135, 139, 143, 389, 443, 445, 502, 563, 585, 587, 614,
    631, 636, 989, 990, 992, 993, 995, 1080, 1433, 1434, 2811, 3128, 3268, 3306, 3389, 5222, 5223,
    5269, 5432, 6379, 8000, 8080, 8888, 20000,
];
/// UDP part of [`LIKELY_SERVER_TCP`].
pub const LIKELY_SERVER_UDP: &[u16] = &[
    53, 67, 88, 123, 137, 161, 162, 443, 514, 1812, 2123, 2152, 3544, 4789, 5060, 5072, 5353, 5355,
    6081,
];

/// True when `port` is in Zeek's default `likely_server_ports`.
pub fn likely_server_port(proto: u8, port: u16) -> bool {
    match IpProto(proto) {
        IpProto::TCP => LIKELY_SERVER_TCP.contains(&port),
        IpProto::UDP => LIKELY_SERVER_UDP.contains(&port),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;
    use std::net::Ipv4Addr;

    fn side(a: [u8; 4], p: u16) -> Side {
        Side {
            addr: IpAddr::V4(Ipv4Addr::from(a)),
            port: p,
        }
    }

    #[test]
    fn key_is_direction_free() {
        let a = side([10, 0, 0, 1], 1234);
        let b = side([10, 0, 0, 2], 80);
        assert_eq!(FlowKey::new(a, b, 6), FlowKey::new(b, a, 6));
        assert_ne!(FlowKey::new(a, b, 6), FlowKey::new(a, b, 17));
    }

    #[test]
    fn icmp_echo_pairs_and_errors_are_one_way() {
        assert_eq!(icmp_counterpart(false, 8, 0), (0, false));
        assert_eq!(icmp_counterpart(false, 3, 3), (3, true));
        assert_eq!(icmp_counterpart(true, 128, 0), (129, false));
        assert_eq!(icmp_counterpart(true, 143, 0), (0, true));
    }

    #[test]
    fn hasher_spreads_clustered_keys() {
        // Sequential ports on one address must land in many buckets of a small table.
        let seed = crate::wire::hash::RandomState::default();
        let mut buckets = [0u32; 64];
        for p in 0..6400u16 {
            let k = FlowKey::new(side([10, 0, 0, 1], p), side([10, 0, 0, 2], 80), 6);
            buckets[(seed.hash_one(k) >> 58) as usize] += 1;
        }
        assert!(buckets.iter().all(|&c| c > 50 && c < 150), "{buckets:?}");
    }
}
