//! The protocol numbers the stages share, each declared once: what a field
//! of a header holds, with no names attached. The names (IANA, Wireshark,
//! tcpdump) are impl blocks on these types in `names`; smoltcp's `wire`
//! enums are the model.

/// IP protocol / IPv6 next-header numbers (IANA protocol-numbers), as plain
/// `u8`s for match arms and comparisons; [`IpProto`] wraps them.
pub mod ipproto {
    /// IPv6 hop-by-hop options header (RFC 8200).
    pub const HOPOPT: u8 = 0;
    /// Internet Control Message Protocol (RFC 792).
    pub const ICMP: u8 = 1;
    /// Internet Group Management Protocol (RFC 3376).
    pub const IGMP: u8 = 2;
    /// IPv4 encapsulated in IP (RFC 2003).
    pub const IPIP: u8 = 4;
    /// Transmission Control Protocol (RFC 9293).
    pub const TCP: u8 = 6;
    /// Interior Gateway Routing Protocol (Cisco).
    pub const IGRP: u8 = 9;
    /// User Datagram Protocol (RFC 768).
    pub const UDP: u8 = 17;
    /// Datagram Congestion Control Protocol (RFC 4340).
    pub const DCCP: u8 = 33;
    /// IPv6 encapsulated in IP (RFC 2473, 6in4).
    pub const IPV6: u8 = 41;
    /// IPv6 routing header.
    pub const IPV6_ROUTE: u8 = 43;
    /// IPv6 fragment header.
    pub const IPV6_FRAG: u8 = 44;
    /// Resource Reservation Protocol (RFC 2205).
    pub const RSVP: u8 = 46;
    /// Generic Routing Encapsulation (RFC 2784).
    pub const GRE: u8 = 47;
    /// IPsec Encapsulating Security Payload (RFC 4303).
    pub const ESP: u8 = 50;
    /// IPsec Authentication Header (RFC 4302).
    pub const AH: u8 = 51;
    /// ICMP for IPv6 (RFC 4443).
    pub const ICMPV6: u8 = 58;
    /// IPv6 "no next header".
    pub const IPV6_NONXT: u8 = 59;
    /// IPv6 destination options header.
    pub const IPV6_OPTS: u8 = 60;
    /// Cisco Enhanced Interior Gateway Routing Protocol.
    pub const EIGRP: u8 = 88;
    /// Open Shortest Path First (RFC 2328).
    pub const OSPF: u8 = 89;
    /// Ethernet-within-IP (RFC 3378).
    pub const ETHERIP: u8 = 97;
    /// Protocol Independent Multicast (RFC 7761).
    pub const PIM: u8 = 103;
    /// IP payload compression (RFC 3173).
    pub const IPCOMP: u8 = 108;
    /// Virtual Router Redundancy Protocol (RFC 5798).
    pub const VRRP: u8 = 112;
    /// Layer Two Tunneling Protocol v3 (RFC 3931).
    pub const L2TP: u8 = 115;
    /// Stream Control Transmission Protocol (RFC 9260).
    pub const SCTP: u8 = 132;
    /// IPv6 mobility header (RFC 6275).
    pub const MOBILITY_HEADER: u8 = 135;
    /// UDP-Lite (RFC 3828).
    pub const UDPLITE: u8 = 136;
    /// MPLS in IP (RFC 4023).
    pub const MPLS_IN_IP: u8 = 137;
    /// Experimentation and testing (RFC 3692), first of two.
    pub const EXPERIMENT_1: u8 = 253;
    /// Experimentation and testing (RFC 3692), second of two.
    pub const EXPERIMENT_2: u8 = 254;
    /// IPv6 fragment header, by the name the filter grammar uses.
    pub const FRAGMENT: u8 = IPV6_FRAG;
}

/// An 8-bit IP protocol / IPv6 next-header number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IpProto(pub u8);

impl IpProto {
    pub const HOPOPT: IpProto = IpProto(ipproto::HOPOPT);
    pub const ICMP: IpProto = IpProto(ipproto::ICMP);
    pub const IGMP: IpProto = IpProto(ipproto::IGMP);
    pub const IPIP: IpProto = IpProto(ipproto::IPIP);
    pub const TCP: IpProto = IpProto(ipproto::TCP);
    pub const IGRP: IpProto = IpProto(ipproto::IGRP);
    pub const UDP: IpProto = IpProto(ipproto::UDP);
    pub const DCCP: IpProto = IpProto(ipproto::DCCP);
    pub const IPV6: IpProto = IpProto(ipproto::IPV6);
    pub const IPV6_ROUTE: IpProto = IpProto(ipproto::IPV6_ROUTE);
    pub const IPV6_FRAG: IpProto = IpProto(ipproto::IPV6_FRAG);
    pub const RSVP: IpProto = IpProto(ipproto::RSVP);
    pub const GRE: IpProto = IpProto(ipproto::GRE);
    pub const ESP: IpProto = IpProto(ipproto::ESP);
    pub const AH: IpProto = IpProto(ipproto::AH);
    pub const ICMPV6: IpProto = IpProto(ipproto::ICMPV6);
    pub const IPV6_NONXT: IpProto = IpProto(ipproto::IPV6_NONXT);
    pub const IPV6_OPTS: IpProto = IpProto(ipproto::IPV6_OPTS);
    pub const EIGRP: IpProto = IpProto(ipproto::EIGRP);
    pub const OSPF: IpProto = IpProto(ipproto::OSPF);
    pub const ETHERIP: IpProto = IpProto(ipproto::ETHERIP);
    pub const PIM: IpProto = IpProto(ipproto::PIM);
    pub const IPCOMP: IpProto = IpProto(ipproto::IPCOMP);
    pub const VRRP: IpProto = IpProto(ipproto::VRRP);
    pub const L2TP: IpProto = IpProto(ipproto::L2TP);
    pub const SCTP: IpProto = IpProto(ipproto::SCTP);
    pub const MOBILITY_HEADER: IpProto = IpProto(ipproto::MOBILITY_HEADER);
    pub const UDPLITE: IpProto = IpProto(ipproto::UDPLITE);
    pub const MPLS_IN_IP: IpProto = IpProto(ipproto::MPLS_IN_IP);
    pub const EXPERIMENT_1: IpProto = IpProto(ipproto::EXPERIMENT_1);
    pub const EXPERIMENT_2: IpProto = IpProto(ipproto::EXPERIMENT_2);
}

impl From<u8> for IpProto {
    fn from(value: u8) -> Self {
        IpProto(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typed_numbers_are_the_plain_ones() {
        assert_eq!((IpProto::TCP.0, IpProto::UDP.0, IpProto::ICMPV6.0, ipproto::FRAGMENT), (6, 17, 58, 44));
    }
}
