//! IP protocol numbers (IPv4 protocol, IPv6 next header; IANA protocol-numbers).
//!
//! Four names per number, generated into `data/ipproto.rs`: the IANA keyword
//! ("TCP", "IPv6-ICMP"), Wireshark's label, the label tcpdump -v prints in
//! `proto TCP (6)`, and the lowercase netdb-style name tcpdump prints for a
//! protocol it does not dissect, falling back to `ip-proto-N`.

use std::fmt;

mod data {
    include!("data/ipproto.rs");
}

/// Names of one protocol number: IANA keyword, Wireshark, tcpdump -v, tcpdump netdb.
type Row = (
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

/// An 8-bit IP protocol / IPv6 next-header number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IpProto(pub u8);

impl IpProto {
    /// IPv6 hop-by-hop options header (RFC 8200).
    pub const HOPOPT: IpProto = IpProto(0);
    /// Internet Control Message Protocol (RFC 792).
    pub const ICMP: IpProto = IpProto(1);
    /// Internet Group Management Protocol (RFC 3376).
    pub const IGMP: IpProto = IpProto(2);
    /// IPv4 encapsulated in IP (RFC 2003).
    pub const IPIP: IpProto = IpProto(4);
    /// Transmission Control Protocol (RFC 9293).
    pub const TCP: IpProto = IpProto(6);
    /// User Datagram Protocol (RFC 768).
    pub const UDP: IpProto = IpProto(17);
    /// Datagram Congestion Control Protocol (RFC 4340).
    pub const DCCP: IpProto = IpProto(33);
    /// IPv6 encapsulated in IP (RFC 2473, 6in4).
    pub const IPV6: IpProto = IpProto(41);
    /// IPv6 routing header.
    pub const IPV6_ROUTE: IpProto = IpProto(43);
    /// IPv6 fragment header.
    pub const IPV6_FRAG: IpProto = IpProto(44);
    /// Resource Reservation Protocol (RFC 2205).
    pub const RSVP: IpProto = IpProto(46);
    /// Generic Routing Encapsulation (RFC 2784).
    pub const GRE: IpProto = IpProto(47);
    /// IPsec Encapsulating Security Payload (RFC 4303).
    pub const ESP: IpProto = IpProto(50);
    /// IPsec Authentication Header (RFC 4302).
    pub const AH: IpProto = IpProto(51);
    /// ICMP for IPv6 (RFC 4443).
    pub const ICMPV6: IpProto = IpProto(58);
    /// IPv6 "no next header".
    pub const IPV6_NONXT: IpProto = IpProto(59);
    /// IPv6 destination options header.
    pub const IPV6_OPTS: IpProto = IpProto(60);
    /// Cisco Enhanced Interior Gateway Routing Protocol.
    pub const EIGRP: IpProto = IpProto(88);
    /// Open Shortest Path First (RFC 2328).
    pub const OSPF: IpProto = IpProto(89);
    /// Ethernet-within-IP (RFC 3378).
    pub const ETHERIP: IpProto = IpProto(97);
    /// Protocol Independent Multicast (RFC 7761).
    pub const PIM: IpProto = IpProto(103);
    /// IP payload compression (RFC 3173).
    pub const IPCOMP: IpProto = IpProto(108);
    /// Virtual Router Redundancy Protocol (RFC 5798).
    pub const VRRP: IpProto = IpProto(112);
    /// Layer Two Tunneling Protocol v3 (RFC 3931).
    pub const L2TP: IpProto = IpProto(115);
    /// Stream Control Transmission Protocol (RFC 9260).
    pub const SCTP: IpProto = IpProto(132);
    /// IPv6 mobility header (RFC 6275).
    pub const MOBILITY_HEADER: IpProto = IpProto(135);
    /// UDP-Lite (RFC 3828).
    pub const UDPLITE: IpProto = IpProto(136);
    /// MPLS in IP (RFC 4023).
    pub const MPLS_IN_IP: IpProto = IpProto(137);
    /// Experimentation and testing (RFC 3692), first of two.
    pub const EXPERIMENT_1: IpProto = IpProto(253);
    /// Experimentation and testing (RFC 3692), second of two.
    pub const EXPERIMENT_2: IpProto = IpProto(254);

    /// The generated names row for this number.
    fn row(
        self,
    ) -> &'static (
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    ) {
        &data::NAMES[usize::from(self.0)]
    }

    /// IANA keyword ("TCP", "UDP", "IPv6-ICMP", "GRE"), if assigned.
    pub fn name(self) -> Option<&'static str> {
        self.row().0
    }

    /// Wireshark's label ("TCP", "ICMPv6", "Encap Security Payload"), if assigned.
    pub fn wireshark_name(self) -> Option<&'static str> {
        self.row().1
    }

    /// tcpdump's `-v` label ("TCP", "ICMPv6", "Options"); tcpdump prints "unknown" otherwise.
    pub fn tcpdump_name(self) -> Option<&'static str> {
        self.row().2
    }

    /// tcpdump's lowercase name for undissected payloads ("gre", "ipv6-icmp"); else `ip-proto-N`.
    pub fn netdb_name(self) -> Option<&'static str> {
        self.row().3
    }

    /// True for the IPv6 extension headers that chain to another next header.
    pub fn is_ipv6_extension(self) -> bool {
        matches!(
            self.0,
            0 | 43 | 44 | 50 | 51 | 60 | 135 | 139 | 140 | 253 | 254
        )
    }

    /// Writes the netdb name, or `ip-proto-N` as tcpdump does.
    pub fn write_tcpdump(self, f: &mut dyn fmt::Write) -> fmt::Result {
        match self.netdb_name() {
            Some(name) => f.write_str(name),
            None => write!(f, "ip-proto-{}", self.0),
        }
    }
}

impl From<u8> for IpProto {
    fn from(value: u8) -> Self {
        IpProto(value)
    }
}

impl From<IpProto> for u8 {
    fn from(value: IpProto) -> Self {
        value.0
    }
}

impl fmt::Display for IpProto {
    /// The IANA keyword, or tcpdump's `ip-proto-N` for unassigned numbers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "ip-proto-{}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords() {
        assert_eq!(IpProto::TCP.name(), Some("TCP"));
        assert_eq!(IpProto::UDP.name(), Some("UDP"));
        assert_eq!(IpProto::ICMP.name(), Some("ICMP"));
        assert_eq!(IpProto::ICMPV6.name(), Some("IPv6-ICMP"));
        assert_eq!(IpProto::GRE.name(), Some("GRE"));
        assert_eq!(IpProto::ESP.name(), Some("ESP"));
        assert_eq!(IpProto::AH.name(), Some("AH"));
        assert_eq!(IpProto::SCTP.name(), Some("SCTP"));
    }

    #[test]
    fn unknown_falls_back_to_ip_proto_n() {
        assert_eq!(IpProto(250).to_string(), "ip-proto-250");
        let mut s = String::new();
        IpProto(250).write_tcpdump(&mut s).unwrap();
        assert_eq!(s, "ip-proto-250");
    }

    #[test]
    fn tcpdump_flavours() {
        assert_eq!(IpProto::ICMPV6.tcpdump_name(), Some("ICMPv6"));
        assert_eq!(IpProto(3).tcpdump_name(), None);
        assert_eq!(IpProto::GRE.netdb_name(), Some("gre"));
        assert_eq!(IpProto(61).netdb_name(), None);
        assert_eq!(IpProto::ICMPV6.wireshark_name(), Some("ICMPv6"));
    }

    #[test]
    fn extension_headers() {
        assert!(IpProto::IPV6_FRAG.is_ipv6_extension());
        assert!(!IpProto::TCP.is_ipv6_extension());
    }
}
