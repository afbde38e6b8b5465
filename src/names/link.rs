//! Small link-layer vocabularies: ARP opcodes and hardware types, Linux
//! cooked-capture packet types, BSD loopback address families.
//!
//! Why functions on raw numbers: these fields are only ever named, never
//! dispatched on, so they need no registry type. The detail tree uses
//! Wireshark-style labels; the tcpdump printer uses tcpdump's own
//! (`arphrd_values`, af.c), which differ ("IEEE 802" vs "TokenRing").

use crate::wire::registry::FddiFrameControl;

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

/// A SNAP organisation code as tcpdump names it (oui.c `oui_values`, the
/// codes of this tcpdump; the first name of a shared code).
pub fn oui_tcpdump(oui: u32) -> Option<&'static str> {
    Some(match oui {
        0x000000 => "Ethernet",
        0x00000c => "Cisco",
        0x00005e => "IANA",
        0x000081 => "Nortel Networks SONMP",
        0x0000f8 => "Cisco bridged",
        0x0080c2 => "Ethernet bridged",
        0x00a03e => "ATM Forum",
        0x00e02f => "DOCSIS Spanning Tree",
        0x080007 => "Appletalk",
        0x009069 => "Juniper",
        0x080009 => "Hewlett-Packard",
        0x00120f => "IEEE 802.3 Private",
        0x0012bb => "ANSI/TIA",
        0x001b21 => "DCBX",
        0x002320 => "Nicira Networks",
        0x5c16c7 => "Big Switch Networks",
        0xb0d2f5 => "Vello Systems",
        0x002481 => "HP",
        0x0004ea => "HP-Labs",
        0x748771 => "Infoblox Inc",
        0xa42305 => "Open Networking Lab",
        0x00049f => "Freescale",
        0x0015ad => "Netronome",
        _ => return None,
    })
}

/// The organisation and protocol id names tcpdump prints for a SNAP header
/// (print-llc.c `oui_to_tok`: EtherType names under the RFC 1042, Cisco
/// bridging and Apple codes, `cisco_values`, `bridged_values`).
pub fn snap_names(oui: u32, pid: u16) -> (Option<&'static str>, Option<&'static str>) {
    let pid_name = match oui {
        0x000000 | 0x0000f8 | 0x080007 => super::EtherType(pid).tcpdump_name(),
        0x00000c => match pid {
            0x2000 => Some("CDP"),
            0x2003 => Some("VTP"),
            0x2004 => Some("DTP"),
            0x0111 => Some("UDLD"),
            0x010b => Some("PVST"),
            0x010c => Some("VLAN Bridge"),
            _ => None,
        },
        0x0080c2 => match pid {
            0x0001 => Some("Ethernet + FCS"),
            0x0007 => Some("Ethernet w/o FCS"),
            0x0002 => Some("802.4 + FCS"),
            0x0008 => Some("802.4 w/o FCS"),
            0x0003 => Some("Token Ring + FCS"),
            0x0009 => Some("Token Ring w/o FCS"),
            0x0004 => Some("FDDI + FCS"),
            0x000a => Some("FDDI w/o FCS"),
            0x0005 => Some("802.6 + FCS"),
            0x000b => Some("802.6 w/o FCS"),
            0x000e => Some("BPDU"),
            _ => None,
        },
        _ => None,
    };
    (oui_tcpdump(oui), pid_name)
}

/// tcpdump's words for an FDDI frame control byte (print-fddi.c's
/// `print_fddi_fc`): a whole-byte name, else a class name that the
/// printer follows with the low nibble in hex, else `None` (printed as
/// two hex digits).
pub fn fddi_frame_control(fc: FddiFrameControl) -> Option<(&'static str, bool)> {
    type F = FddiFrameControl;
    let whole = match fc {
        F::VOID => Some("void"),
        F::NONRESTRICTED_TOKEN => Some("nrt"),
        F::RESTRICTED_TOKEN => Some("rt"),
        F::SMT_INFO => Some("info"),
        F::SMT_NEXT_STATION => Some("nsa"),
        F::MAC_BEACON => Some("beacon"),
        F::MAC_CLAIM => Some("claim"),
        _ => None,
    };
    if let Some(name) = whole {
        return Some((name, false));
    }
    let class = match fc.class() {
        F::CLASS_MAC => "mac",
        F::CLASS_SMT => "smt",
        F::CLASS_LLC_ASYNC => "async",
        F::CLASS_LLC_SYNC => "sync",
        F::CLASS_IMP_ASYNC => "imp_async",
        F::CLASS_IMP_SYNC => "imp_sync",
        _ => return None,
    };
    Some((class, true))
}
