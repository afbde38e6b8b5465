//! The small name tables tcpdump prints (its ethertype.c, ipproto.c, af.c).

/// tcpdump's `ethertype_values`.
pub fn ethertype(t: u16) -> Option<&'static str> {
    Some(match t {
        0x0200 => "PUP",
        0x0800 => "IPv4",
        0x0806 => "ARP",
        0x0842 => "Wake-on-LAN",
        0x22f0 => "AVTP",
        0x6000 => "DEC",
        0x6001 => "MOP DL",
        0x6002 => "MOP RC",
        0x6003 => "DN",
        0x6004 => "LAT",
        0x6007 => "SCA",
        0x6558 => "TEB",
        0x8035 => "Reverse ARP",
        0x809b => "Appletalk",
        0x80f3 => "Appletalk ARP",
        0x8100 => "802.1Q",
        0x8137 => "IPX",
        0x86dd => "IPv6",
        0x8808 => "MAC control",
        0x8809 => "Slow Protocols",
        0x880b => "PPP",
        0x8847 => "MPLS unicast",
        0x8848 => "MPLS multicast",
        0x8863 => "PPPoE D",
        0x8864 => "PPPoE S",
        0x8870 => "Jumbo",
        0x887b => "HomePlug",
        0x888e => "EAPOL",
        0x8892 => "PROFINET",
        0x88a2 => "AoE",
        0x88a8 => "802.1Q-QinQ",
        0x88cc => "LLDP",
        0x88e5 => "MACsec",
        0x88f7 => "PTP",
        0x8902 => "CFM",
        0x8906 => "FCoE",
        0x8914 => "FIP",
        0x894f => "NSH",
        0x9000 => "Loopback",
        0x9100 => "802.1Q-9100",
        0x9200 => "802.1Q-9200",
        0xfefe => "ISO",
        _ => return None,
    })
}

/// tcpdump's `ipproto_values` (used for `proto X (n)` and `next-header X (n)`).
pub fn ipproto(p: u8) -> Option<&'static str> {
    Some(match p {
        0 => "HBH",
        1 => "ICMP",
        2 => "IGMP",
        4 => "IPIP",
        6 => "TCP",
        8 => "EGP",
        9 => "IGRP",
        17 => "UDP",
        33 => "DCCP",
        41 => "IPv6",
        43 => "Routing",
        44 => "Fragment",
        46 => "RSVP",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        55 => "Mobile IP",
        58 => "ICMPv6",
        59 => "No Next Header",
        62 => "Mobile IP (old)",
        88 => "EIGRP",
        89 => "OSPF",
        103 => "PIM",
        108 => "Compressed IP",
        112 => "VRRP",
        113 => "PGM",
        132 => "SCTP",
        135 => "Mobility",
        _ => return None,
    })
}

/// BSD address families (DLT_NULL).
pub fn bsd_af(f: u32) -> Option<&'static str> {
    Some(match f {
        2 => "IPv4",
        7 => "ISO",
        16 => "Appletalk",
        23 => "IPX",
        24 | 28 | 30 => "IPv6",
        _ => return None,
    })
}

/// ARP hardware types (tcpdump's `arphrd_values`).
pub fn arphrd(h: u16) -> Option<&'static str> {
    Some(match h {
        1 => "Ethernet",
        6 => "TokenRing",
        7 => "ArcNet",
        15 => "FrameRelay",
        16 => "ATM",
        19 => "ATM",
        24 => "IEEE1394",
        31 => "IPsec",
        32 => "InfiniBand",
        _ => return None,
    })
}

/// Port name for `-n`-less output, from the same netbase table tcpdump's
/// getservbyport reads; tcpdump never names ports once `-n` is given.
pub fn port(tcp: bool, port: u16) -> Option<&'static str> {
    crate::names::services::netbase_service(if tcp { 6 } else { 17 }, port)
}
