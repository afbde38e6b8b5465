//! The names the detail tree shows, read from `crate::names` (the only place
//! that holds the tables). Kept in one file so that the printer's needs are
//! visible at a glance and a change in `names` touches one place.

use crate::names::{self, ip as nip, EtherType, IpProto, LinkType};
use std::net::{IpAddr, Ipv4Addr};

/// EtherType name ("IPv4", "ARP"), if registered.
pub fn ethertype(t: u16) -> Option<&'static str> {
    EtherType(t).name()
}

/// IP protocol name ("TCP", "ICMPv6"), Wireshark's label first.
pub fn ipproto(p: u8) -> Option<&'static str> {
    IpProto(p).wireshark_name().or_else(|| IpProto(p).name())
}

/// Link type description and libpcap name ("Ethernet", "EN10MB").
pub fn linktype(l: u32) -> (Option<&'static str>, Option<&'static str>) {
    (LinkType(l).description(), LinkType(l).name())
}

/// Vendor of a MAC: (short, full).
pub fn vendor(mac: [u8; 6]) -> Option<(&'static str, &'static str)> {
    names::vendor(mac).map(|v| (v.short, v.full))
}

/// (broadcast, multicast, locally administered) bits of a MAC.
pub fn mac_kind(mac: [u8; 6]) -> (bool, bool, bool) {
    let k = names::mac_kind(mac);
    (k.broadcast, k.multicast, k.locally_administered)
}

/// Service name of a port for an IP protocol with port tables (TCP, UDP, SCTP).
pub fn service(proto: u8, port: u16) -> Option<&'static str> {
    names::service(proto, port)
}

/// RFC 791 precedence name of a TOS byte.
pub fn precedence(tos: u8) -> &'static str {
    nip::precedence_name(tos)
}

/// DSCP name of a TOS / traffic-class byte ("CS0", "EF", or hex).
pub fn dscp(tos: u8) -> String {
    nip::Dscp::from_tos(tos).to_string()
}

/// ECN name of a TOS / traffic-class byte ("Not-ECT", "CE").
pub fn ecn(tos: u8) -> &'static str {
    nip::Ecn::from_tos(tos).name()
}

/// Classful class letter of an IPv4 address.
pub fn class(a: Ipv4Addr) -> char {
    nip::class(a)
}

/// Special-purpose range of an address ("private", "loopback"…).
pub fn special(a: IpAddr) -> Option<&'static str> {
    nip::special(a)
}

/// ICMP (v4 or v6) type name.
pub fn icmp_type(v6: bool, t: u8) -> Option<&'static str> {
    if v6 {
        names::icmp::Icmpv6Type(t).name()
    } else {
        names::icmp::IcmpType(t).name()
    }
}

/// ICMP (v4 or v6) code name under type `t`.
pub fn icmp_code(v6: bool, t: u8, c: u8) -> Option<&'static str> {
    if v6 {
        names::icmp::Icmpv6Type(t).code_name(c)
    } else {
        names::icmp::IcmpType(t).code_name(c)
    }
}

/// TCP option name ("Maximum Segment Size").
pub fn tcp_option(kind: u8) -> Option<&'static str> {
    names::tcp_option::TcpOptionKind(kind).name()
}

pub use crate::names::ip_option::{ipv4_option, ipv6_option};
pub use crate::names::link::{arp_op, arphrd, sll_packet_type};
