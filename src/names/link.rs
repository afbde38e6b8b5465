//! Small link-layer vocabularies: ARP opcodes and hardware types, Linux
//! cooked-capture packet types, BSD loopback address families.
//!
//! Why functions on raw numbers: these fields are only ever named, never
//! dispatched on, so they need no registry type. The detail tree uses
//! Wireshark-style labels; the tcpdump printer uses tcpdump's own
//! (`arphrd_values`, af.c), which differ ("IEEE 802" vs "TokenRing").

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

/// ARP opcode as tcpdump prints it ("Request", "Reverse Reply", "NACK Reply").
pub fn arp_op_tcpdump(op: u16) -> Option<&'static str> {
    Some(match op {
        1 => "Request",
        2 => "Reply",
        3 => "Reverse Request",
        4 => "Reverse Reply",
        8 => "Inverse Request",
        9 => "Inverse Reply",
        10 => "NACK Reply",
        _ => return None,
    })
}

/// ARP hardware / Linux ARPHRD_ type (the common ones), for the detail tree.
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

/// ARP hardware type as tcpdump names it (its `arphrd_values`).
pub fn tcpdump_arphrd(h: u16) -> Option<&'static str> {
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

/// BSD address family of a DLT_NULL / DLT_LOOP header, as tcpdump names it.
pub fn tcpdump_bsd_af(f: u32) -> Option<&'static str> {
    Some(match f {
        2 => "IPv4",
        7 => "ISO",
        16 => "Appletalk",
        23 => "IPX",
        24 | 28 | 30 => "IPv6",
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

/// An 802.2 LLC SAP (its low bit cleared) as tcpdump names it (print-llc.c
/// `llc_values`).
pub fn llc_sap(sap: u8) -> Option<&'static str> {
    Some(match sap {
        0x00 => "Null",
        0xff => "Global",
        0x02 => "802.1B I",
        0x03 => "802.1B G",
        0x06 => "IP",
        0x04 => "SNA",
        0x0e => "ProWay NM",
        0x42 => "STP",
        0x4e => "RS511",
        0x7e => "ISO8208",
        0x8e => "ProWay",
        0xaa => "SNAP",
        0xe0 => "IPX",
        0xf0 => "NetBeui",
        0xfe => "OSI",
        _ => return None,
    })
}
