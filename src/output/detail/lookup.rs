//! The names the detail tree shows, read from `crate::names` (the only place
//! that holds the tables). Kept in one file so that the printer's needs are
//! visible at a glance and a change in `names` touches one place.
//!
//! A few tiny protocol-local vocabularies that `names` does not (yet) carry —
//! ARP opcodes and hardware types, Linux cooked packet types, IPv4 option and
//! IPv6 option names — sit at the bottom; they should move to `names`.

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

/// Service name of a port for TCP (6) or UDP (17).
pub fn service(proto: u8, port: u16) -> Option<&'static str> {
    match proto {
        6 => names::tcp_service(port),
        17 => names::udp_service(port),
        _ => names::service(proto, port),
    }
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

// ---- small vocabularies not (yet) in `names` ----

/// ARP opcode (RFC 826, RFC 903, RFC 2390).
pub fn arp_op(op: u16) -> Option<&'static str> {
    Some(match op {
        1 => "request",
        2 => "reply",
        3 => "reverse request",
        4 => "reverse reply",
        8 => "inverse request",
        9 => "inverse reply",
        _ => return None,
    })
}

/// ARP hardware / Linux ARPHRD_ type (the common ones).
pub fn arphrd(t: u16) -> Option<&'static str> {
    Some(match t {
        1 => "Ethernet",
        6 => "IEEE 802",
        24 => "IEEE 1394",
        32 => "InfiniBand",
        512 => "PPP",
        772 => "Loopback",
        776 => "IPv6-in-IPv4",
        778 => "IP GRE",
        801 => "IEEE 802.11",
        803 => "IEEE 802.11 radiotap",
        65534 => "None (tunnel)",
        _ => return None,
    })
}

/// Linux cooked capture packet type.
pub fn sll_packet_type(t: u16) -> Option<&'static str> {
    Some(match t {
        0 => "Unicast to us",
        1 => "Broadcast",
        2 => "Multicast",
        3 => "Unicast to another host",
        4 => "Sent by us",
        _ => return None,
    })
}

/// IPv4 option name (IANA "IP Option Numbers", by the whole type byte).
pub fn ipv4_option(kind: u8) -> Option<&'static str> {
    Some(match kind {
        0 => "End of Options List",
        1 => "No-Operation",
        7 => "Record Route",
        68 => "Timestamp",
        130 => "Security",
        131 => "Loose Source Route",
        133 => "Extended Security",
        136 => "Stream ID",
        137 => "Strict Source Route",
        148 => "Router Alert",
        _ => return None,
    })
}

/// IPv6 hop-by-hop / destination option name (IANA "Destination Options and Hop-by-Hop Options").
pub fn ipv6_option(kind: u8) -> Option<&'static str> {
    Some(match kind {
        0x00 => "Pad1",
        0x01 => "PadN",
        0x04 => "Tunnel Encapsulation Limit",
        0x05 => "Router Alert",
        0x26 => "Quick-Start",
        0x63 => "RPL Option",
        0xc2 => "Jumbo Payload",
        0xc9 => "Home Address",
        _ => return None,
    })
}
