//! What a frame says beyond its IP [`Summary`](super::Summary), for the few
//! rules that need more: address resolution (ARP, RFC 826; IPv6 neighbour
//! discovery, RFC 4861 §4.3–4.4) and the head of a DNS message (its question
//! does not fit in the summary's 16 payload bytes).
//!
//! Made only when a consumer asks ([`Decoded::side`]), so stages that do not
//! read them pay nothing.

use super::dns::{HEADER_LEN as DNS_HEADER_LEN, TCP_PREFIX as DNS_TCP_PREFIX};
use super::registry::{ArpHardware, ArpOp, EtherType, Icmpv6Type, Port};
use super::walk::{Decoded, FrameMeta, Net, Trans};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// DNS message bytes kept: the 12-byte header and a question of a name of
/// up to about 110 characters (RFC 1035 §4.1.2), bounded per packet.
pub const DNS_HEAD_LEN: usize = 128;

/// A request for an address, or the answer that resolves it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NeighborOp {
    /// ARP request / neighbour solicitation: `sender` asks who has `target`.
    Request,
    /// ARP reply / neighbour advertisement: `sender` is the resolved address.
    Reply,
}

/// One address-resolution message.
#[derive(Clone, Copy, Debug)]
pub struct Neighbor {
    pub meta: FrameMeta,
    pub op: NeighborOp,
    /// Who asks (request) or who answers for its own address (reply).
    pub sender: IpAddr,
    /// The address asked for (request) or the asker (reply; for an
    /// unsolicited advertisement, the destination).
    pub target: IpAddr,
}

/// The first bytes of a DNS message (UDP, or TCP with its length prefix).
#[derive(Clone, Copy, Debug)]
pub struct DnsHead {
    pub meta: FrameMeta,
    pub src: IpAddr,
    pub dst: IpAddr,
    pub sport: u16,
    pub dport: u16,
    /// Carried over TCP (the bytes start with the 2-byte length).
    pub tcp: bool,
    len: u8,
    bytes: [u8; DNS_HEAD_LEN],
}

impl DnsHead {
    /// The kept bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len).min(DNS_HEAD_LEN)]
    }
}

/// What a frame carries for the side rules.
#[derive(Clone, Copy, Debug)]
pub enum Side {
    Neighbor(Neighbor),
    Dns(DnsHead),
}


impl<'a> Decoded<'a> {
    /// The address-resolution message or DNS head of this frame (outer packet only).
    pub fn side(&self, meta: FrameMeta) -> Option<Side> {
        match &self.net {
            Net::Arp(a) => arp(a, meta).map(Side::Neighbor),
            Net::Ipv6(ip, _) => match &self.transport {
                Trans::Icmp(i) => ndp(i, ip.src(), ip.dst(), meta).map(Side::Neighbor),
                _ => dns(self, meta).map(Side::Dns),
            },
            Net::Ipv4(_) => dns(self, meta).map(Side::Dns),
            _ => None,
        }
    }
}

fn arp(a: &super::arp::Arp<'_>, meta: FrameMeta) -> Option<Neighbor> {
    // Ethernet/IPv4 only, with 4-byte protocol addresses.
    let ethernet_ipv4 = ArpHardware(a.hw_type()) == ArpHardware::ETHERNET && EtherType(a.proto_type()) == EtherType::IPV4;
    if !ethernet_ipv4 || a.proto_len() != 4 {
        return None;
    }
    let v4 = |b: &[u8]| <[u8; 4]>::try_from(b).ok().map(|x| IpAddr::V4(Ipv4Addr::from(x)));
    let sender = v4(a.sender_proto()?)?;
    let target = v4(a.target_proto()?)?;
    let op = match ArpOp(a.op()) {
        ArpOp::REQUEST => NeighborOp::Request,
        ArpOp::REPLY => NeighborOp::Reply,
        _ => return None,
    };
    Some(Neighbor { meta, op, sender, target })
}

fn ndp(i: &super::icmp::Icmp<'_>, src: Ipv6Addr, dst: Ipv6Addr, meta: FrameMeta) -> Option<Neighbor> {
    let t = IpAddr::V6(i.nd_target()?);
    match Icmpv6Type(i.kind()) {
        Icmpv6Type::NEIGHBOR_SOLICITATION => Some(Neighbor { meta, op: NeighborOp::Request, sender: IpAddr::V6(src), target: t }),
        Icmpv6Type::NEIGHBOR_ADVERTISEMENT => Some(Neighbor { meta, op: NeighborOp::Reply, sender: t, target: IpAddr::V6(dst) }),
        _ => None,
    }
}

fn dns(d: &Decoded<'_>, meta: FrameMeta) -> Option<DnsHead> {
    let (src, dst) = d.ip_addrs()?;
    let (sport, dport, tcp, payload) = match &d.transport {
        Trans::Udp(u) => (u.src_port(), u.dst_port(), false, u.payload()),
        Trans::Tcp(t) => (t.src_port(), t.dst_port(), true, t.payload()),
        _ => return None,
    };
    // A whole header (plus TCP's 2-byte length).
    let header = DNS_HEADER_LEN + if tcp { DNS_TCP_PREFIX.len() } else { 0 };
    if !(Port(sport).carries_dns() || Port(dport).carries_dns()) || payload.len() < header {
        return None;
    }
    let n = payload.len().min(DNS_HEAD_LEN);
    let mut bytes = [0; DNS_HEAD_LEN];
    bytes[..n].copy_from_slice(&payload[..n]);
    Some(DnsHead { meta, src, dst, sport, dport, tcp, len: n as u8, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::decode;
    use crate::wire::registry::LinkType;

    fn meta() -> FrameMeta {
        FrameMeta { frame: 1, ..Default::default() }
    }

    #[test]
    fn arp_request_names_asker_and_target() {
        let f = [
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06, // Ethernet, ARP
            0, 1, 8, 0, 6, 4, 0, 1, // Ethernet/IPv4 request
            2, 0, 0, 0, 0, 1, 10, 0, 0, 1, // sender 10.0.0.1
            0, 0, 0, 0, 0, 0, 10, 0, 0, 99, // target 10.0.0.99
        ];
        let Some(Side::Neighbor(n)) = decode(LinkType::ETHERNET.0, &f).side(meta()) else { panic!("no ARP side") };
        assert_eq!((n.op, n.sender, n.target), (NeighborOp::Request, IpAddr::from([10, 0, 0, 1]), IpAddr::from([10, 0, 0, 99])));
    }

    #[test]
    fn truncated_arp_gives_nothing() {
        let f = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06, 0, 1, 8, 0, 6, 4, 0, 1, 2, 0];
        assert!(decode(LinkType::ETHERNET.0, &f).side(meta()).is_none());
    }
}
