//! The primitives of pcap-filter(7), generated as libpcap's gencode.c does
//! (tests in the same order, at the same offsets, with the same quirks: `port`
//! on IPv4 skips non-first fragments, `tcp` on IPv6 looks one fragment header
//! deep, `tcp[...]` loads only on IPv4, `vlan` and `mpls` shift every offset
//! compiled after them).

use super::bpf::{op, Insn};
use super::code::Pred;
use super::wlan;
use crate::wire::ethernet::{self, llc_field, snap_oui, LLC_SNAP_LEN, LLC_UI, SAP_IP, SAP_IPX, SAP_ISO_NETWORK, SAP_NETBEUI, SAP_SNAP};
use crate::wire::{fddi, sll};
use crate::wire::registry::{EtherType, LinkType};

/// IP protocol numbers used by the primitives, as the BPF immediates they
/// are compared with (the numbers themselves are `wire::registry`'s).
pub mod ipproto {
    use crate::wire::registry::IpProto;

    const fn k(p: IpProto) -> u32 {
        p.0 as u32
    }
    pub const HOPOPT: u32 = k(IpProto::HOPOPT);
    pub const ICMP: u32 = k(IpProto::ICMP);
    pub const IGMP: u32 = k(IpProto::IGMP);
    pub const IGRP: u32 = k(IpProto::IGRP);
    pub const TCP: u32 = k(IpProto::TCP);
    pub const UDP: u32 = k(IpProto::UDP);
    pub const ROUTING: u32 = k(IpProto::IPV6_ROUTE);
    pub const FRAGMENT: u32 = k(IpProto::IPV6_FRAG);
    pub const ICMPV6: u32 = k(IpProto::ICMPV6);
    pub const NONXT: u32 = k(IpProto::IPV6_NONXT);
    pub const DSTOPTS: u32 = k(IpProto::IPV6_OPTS);
    pub const AH: u32 = k(IpProto::AH);
    pub const ESP: u32 = k(IpProto::ESP);
    pub const PIM: u32 = k(IpProto::PIM);
    pub const VRRP: u32 = k(IpProto::VRRP);
    pub const SCTP: u32 = k(IpProto::SCTP);
}

/// An EtherType as the BPF immediate it is compared with.
const fn et(t: EtherType) -> u32 {
    t.0 as u32
}
pub const ETHERTYPE_IP: u32 = et(EtherType::IPV4);
pub const ETHERTYPE_ARP: u32 = et(EtherType::ARP);
pub const ETHERTYPE_REVARP: u32 = et(EtherType::RARP);
pub const ETHERTYPE_IPV6: u32 = et(EtherType::IPV6);
pub const ETHERTYPE_MPLS: u32 = et(EtherType::MPLS);
const ETHERMTU: u32 = EtherType::MAX_LENGTH as u32;

/// How the link layer of a capture is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    Ethernet,
    Sll,
    Sll2,
    /// Raw IP: version nibble decides.
    Raw,
    RawV4,
    RawV6,
    /// BSD loopback: a 4-byte address family in the writer's byte order (NULL)
    /// or network order (LOOP).
    Null,
    Loop,
    Ppp,
    /// FDDI: every frame is 802.2 LLC, IP behind SNAP.
    Fddi,
    /// 802.11 (plain, radiotap, PPI) as filter/wlan.rs shows it: a prefix
    /// read by the 802.11 primitives, then an Ethernet frame.
    Wlan,
}

impl LinkKind {
    /// The kind of a LINKTYPE_* value, and libpcap's name of it for error messages.
    pub fn of(link_type: u32) -> Option<(LinkKind, &'static str)> {
        Some(match LinkType(link_type) {
            LinkType::ETHERNET => (LinkKind::Ethernet, "Ethernet"),
            LinkType::LINUX_SLL => (LinkKind::Sll, "Linux cooked v1"),
            LinkType::LINUX_SLL2 => (LinkKind::Sll2, "Linux cooked v2"),
            LinkType::RAW_BSD12 | LinkType::RAW_BSD14 | LinkType::RAW => (LinkKind::Raw, "Raw IP"),
            LinkType::IPV4 => (LinkKind::RawV4, "Raw IPv4"),
            LinkType::IPV6 => (LinkKind::RawV6, "Raw IPv6"),
            LinkType::NULL => (LinkKind::Null, "BSD loopback"),
            LinkType::LOOP => (LinkKind::Loop, "OpenBSD loopback"),
            LinkType::PPP => (LinkKind::Ppp, "PPP"),
            LinkType::FDDI => (LinkKind::Fddi, "FDDI"),
            _ => return None,
        })
    }
}

/// Qualifier of the protocol a primitive applies to (`Q_*` in gencode.h).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proto {
    Default,
    Link,
    Ip,
    Arp,
    Rarp,
    Sctp,
    Tcp,
    Udp,
    Icmp,
    Igmp,
    Igrp,
    Pim,
    Vrrp,
    Carp,
    Ip6,
    Icmp6,
    Ah,
    Esp,
}

impl Proto {
    /// The keyword as written.
    pub fn name(self) -> &'static str {
        match self {
            Proto::Default => "default",
            Proto::Link => "link",
            Proto::Ip => "ip",
            Proto::Arp => "arp",
            Proto::Rarp => "rarp",
            Proto::Sctp => "sctp",
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
            Proto::Icmp => "icmp",
            Proto::Igmp => "igmp",
            Proto::Igrp => "igrp",
            Proto::Pim => "pim",
            Proto::Vrrp => "vrrp",
            Proto::Carp => "carp",
            Proto::Ip6 => "ip6",
            Proto::Icmp6 => "icmp6",
            Proto::Ah => "ah",
            Proto::Esp => "esp",
        }
    }

    /// The protocol of a keyword.
    pub fn from_keyword(k: &str) -> Option<Proto> {
        Some(match k {
            "link" | "ether" | "ppp" | "slip" | "wlan" | "fddi" | "tr" => Proto::Link,
            "ip" => Proto::Ip,
            "arp" => Proto::Arp,
            "rarp" => Proto::Rarp,
            "sctp" => Proto::Sctp,
            "tcp" => Proto::Tcp,
            "udp" => Proto::Udp,
            "icmp" => Proto::Icmp,
            "igmp" => Proto::Igmp,
            "igrp" => Proto::Igrp,
            "pim" => Proto::Pim,
            "vrrp" => Proto::Vrrp,
            "carp" => Proto::Carp,
            "ip6" => Proto::Ip6,
            "icmp6" => Proto::Icmp6,
            "ah" => Proto::Ah,
            "esp" => Proto::Esp,
            _ => return None,
        })
    }

    /// IP protocol number for transport keywords (`port`'s qualifier).
    fn transport(self) -> Option<u32> {
        match self {
            Proto::Tcp => Some(ipproto::TCP),
            Proto::Udp => Some(ipproto::UDP),
            Proto::Sctp => Some(ipproto::SCTP),
            _ => None,
        }
    }
}

/// Direction qualifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Default,
    Src,
    Dst,
    Or,
    And,
    /// 802.11 address qualifiers (`addr1`…`addr4`, `ra`, `ta`): MAC addresses only.
    Addr1,
    Addr2,
    Addr3,
    Addr4,
    Ra,
    Ta,
}

impl Dir {
    /// The 802.11 qualifier's keyword, for the other directions None.
    pub fn wlan_keyword(self) -> Option<&'static str> {
        Some(match self {
            Dir::Addr1 => "addr1",
            Dir::Addr2 => "addr2",
            Dir::Addr3 => "addr3",
            Dir::Addr4 => "addr4",
            Dir::Ra => "ra",
            Dir::Ta => "ta",
            _ => return None,
        })
    }
}

/// A code-generation failure (the parser adds the column).
pub type GenResult<T> = Result<T, String>;

/// Compiler state that the expression changes as it is read left to right:
/// `vlan` and `mpls` move the offsets of everything after them.
#[derive(Clone, Debug)]
pub struct State {
    pub kind: LinkKind,
    pub kind_name: &'static str,
    /// The BSD loopback family is compared in the file's byte order.
    pub null_swapped: bool,
    /// `type`, `subtype` and `dir` compile: libpcap offers them on plain
    /// 802.11 and radiotap, not on PPI.
    pub frame_control: bool,
    /// Offset of the link-layer type field, when the link has one.
    pub off_linktype: Option<u32>,
    /// Offset of the link-layer payload.
    pub off_linkpl: u32,
    /// Offset of the network layer within the payload (MPLS labels move it).
    pub off_nl: u32,
    pub label_depth: u32,
    pub vlan_depth: u32,
    /// Scratch registers in use and the round-robin cursor (libpcap's alloc_reg).
    pub regused: [bool; 16],
    pub curreg: usize,
}

impl State {
    /// The initial state for a link type, or an error naming it.
    pub fn new(link_type: u32) -> GenResult<State> {
        let (kind, kind_name) = LinkKind::of(link_type)
            .ok_or_else(|| format!("link-layer type {link_type} is not supported by the filter compiler"))?;
        Ok(State::of_kind(kind, kind_name))
    }

    /// The state for 802.11 frames of `link_type` (plain, radiotap or PPI)
    /// as filter/wlan.rs shows them.
    pub fn wlan_view(link_type: u32) -> State {
        let ppi = LinkType(link_type) == LinkType::PPI;
        State { frame_control: !ppi, ..State::of_kind(LinkKind::Wlan, if ppi { "PPI" } else { "802.11" }) }
    }

    fn of_kind(kind: LinkKind, kind_name: &'static str) -> State {
        let (off_linktype, off_linkpl) = match kind {
            LinkKind::Ethernet => (Some(12), 14),
            LinkKind::Sll => (Some(14), 16),
            LinkKind::Sll2 => (Some(0), 20),
            LinkKind::Raw | LinkKind::RawV4 | LinkKind::RawV6 => (None, 0),
            LinkKind::Null | LinkKind::Loop => (Some(0), 4),
            LinkKind::Ppp => (Some(2), 4),
            // libpcap's offsets: the type "field" is the LLC header.
            LinkKind::Fddi => (Some(fddi::HEADER_LEN as u32), fddi::HEADER_LEN as u32),
            LinkKind::Wlan => (Some(super::wlan::ETHERNET + 12), super::wlan::ETHERNET + 14),
        };
        State {
            kind,
            kind_name,
            null_swapped: false,
            frame_control: false,
            off_linktype,
            off_linkpl,
            // FDDI assumes LLC + SNAP before the network layer, as libpcap does.
            off_nl: if kind == LinkKind::Fddi { LLC_SNAP_LEN as u32 } else { 0 },
            label_depth: 0,
            vlan_depth: 0,
            regused: [false; 16],
            curreg: 0,
        }
    }

    /// Absolute offset of byte `off` of the network layer.
    pub fn nl(&self, off: u32) -> u32 {
        self.off_linkpl + self.off_nl + off
    }

    /// A free scratch register, taken round-robin as libpcap does.
    pub fn alloc_reg(&mut self) -> GenResult<u32> {
        for _ in 0..16 {
            if self.regused[self.curreg] {
                self.curreg = (self.curreg + 1) % 16;
            } else {
                self.regused[self.curreg] = true;
                return Ok(self.curreg as u32);
            }
        }
        Err("too many registers needed to evaluate expression".into())
    }

    pub fn free_reg(&mut self, r: u32) {
        if let Some(u) = self.regused.get_mut(r as usize) {
            *u = false;
        }
    }
}

/// `ld{size} [at]`.
pub fn ld_abs(size: u16, at: u32) -> Insn {
    Insn::stmt(op::LD | size | op::ABS, at)
}

/// Load `size` at absolute `at`, masked unless the mask is all ones, compared for equality.
pub fn mcmp(at: u32, size: u16, v: u32, mask: u32) -> Pred {
    let mut s = vec![ld_abs(size, at)];
    if mask != u32::MAX {
        s.push(Insn::stmt(op::ALU | op::AND | op::K, mask));
    }
    Pred::test(s, op::JEQ, v)
}

pub fn cmp(at: u32, size: u16, v: u32) -> Pred {
    mcmp(at, size, v, u32::MAX)
}

pub fn cmp_op(at: u32, size: u16, jop: u16, v: u32) -> Pred {
    Pred::test(vec![ld_abs(size, at)], jop, v)
}

/// The IPv4 header length into X: `ldxb 4*([nl]&0xf)`.
fn ldx_iphdrlen(st: &State) -> Insn {
    Insn::stmt(op::LDX | op::MSH | op::B, st.nl(0))
}

/// Compare a field of the transport header after an IPv4 header of any length.
fn tran4(st: &State, off: u32, jop: u16, v: u32) -> Pred {
    let s = vec![ldx_iphdrlen(st), Insn::stmt(op::LD | op::H | op::IND, st.nl(off))];
    Pred::test(s, jop, v)
}

/// The link-layer type test for an EtherType (gen_linktype).
pub fn linktype(st: &State, proto: u32) -> GenResult<Pred> {
    if st.label_depth > 0 {
        return match proto {
            ETHERTYPE_IP => Ok(mpls_payload(st, 0x40)),
            ETHERTYPE_IPV6 => Ok(mpls_payload(st, 0x60)),
            _ => Err("unsupported protocol over mpls".into()),
        };
    }
    let at = st.off_linktype.unwrap_or(0);
    Ok(match st.kind {
        LinkKind::Ethernet => ether_linktype(at, proto),
        LinkKind::Fddi => llc_linktype(at, proto),
        LinkKind::Wlan if proto <= ETHERMTU => {
            // An 802.3 length field, then the LLC DSAP.
            let llc = Pred::not(cmp_op(at, op::H, op::JGT, ETHERMTU));
            Pred::and(llc, cmp(st.nl(0), op::B, proto))
        }
        // SLL2 compares the type field alone, as libpcap 1.10 does.
        LinkKind::Sll => sll_linktype(at, proto),
        LinkKind::Wlan | LinkKind::Sll2 => cmp(at, op::H, proto),
        LinkKind::Raw => match proto {
            ETHERTYPE_IP => mcmp(0, op::B, 0x40, 0xf0),
            ETHERTYPE_IPV6 => mcmp(0, op::B, 0x60, 0xf0),
            _ => Pred::falsity(),
        },
        LinkKind::RawV4 => if proto == ETHERTYPE_IP { Pred::truth() } else { Pred::falsity() },
        LinkKind::RawV6 => if proto == ETHERTYPE_IPV6 { Pred::truth() } else { Pred::falsity() },
        LinkKind::Null | LinkKind::Loop => loopback(st, proto),
        LinkKind::Ppp => cmp(at, op::H, ppp_type(proto)),
    })
}

/// libpcap's gen_ether_linktype: an EtherType, or for an 802.3 frame (a
/// length in the type field) the LLC header behind it. `at` is the type
/// field's offset.
fn ether_linktype(at: u32, proto: u32) -> Pred {
    let is_802_3 = || Pred::not(cmp_op(at, op::H, op::JGT, ETHERMTU));
    let llc = at + 2;
    match proto {
        // OSI and NetBEUI are always 802.2: both SAPs are checked.
        p if [SAP_ISO_NETWORK, SAP_IP, SAP_NETBEUI].map(u32::from).contains(&p) => Pred::and(is_802_3(), sap_pair(llc, p)),
        p if p == u32::from(SAP_IPX) => {
            // IPX over 802.2, raw 802.3 (0xffff checksum), SNAP, or Ethernet II.
            let llc_forms = Pred::or(Pred::or(cmp(llc, op::B, p), cmp(llc, op::H, 0xffff)), snap(llc, snap_oui::ENCAP_ETHER, et(EtherType::IPX)));
            Pred::or(Pred::and(is_802_3(), llc_forms), cmp(at, op::H, et(EtherType::IPX)))
        }
        p if p == et(EtherType::APPLETALK) || p == et(EtherType::AARP) => {
            let oui = if p == et(EtherType::APPLETALK) { snap_oui::APPLETALK } else { snap_oui::ENCAP_ETHER };
            Pred::or(Pred::and(is_802_3(), snap(llc, oui, p)), cmp(at, op::H, p))
        }
        p if p <= ETHERMTU => Pred::and(is_802_3(), cmp(llc, op::B, p)),
        p => cmp(at, op::H, p),
    }
}

/// libpcap's gen_linux_sll_linktype: the protocol field holds an EtherType,
/// or says 802.2 (an LLC header follows) or raw 802.3 (IPX).
fn sll_linktype(at: u32, proto: u32) -> Pred {
    let says = |p: u16| cmp(at, op::H, u32::from(p));
    let is_802_2 = || says(sll::PROTO_802_2);
    let llc = at + 2;
    match proto {
        p if [SAP_ISO_NETWORK, SAP_IP, SAP_NETBEUI].map(u32::from).contains(&p) => Pred::and(is_802_2(), sap_pair(llc, p)),
        p if p == u32::from(SAP_IPX) => {
            let llc_forms = Pred::or(cmp(llc, op::B, p), snap(llc, snap_oui::ENCAP_ETHER, et(EtherType::IPX)));
            let not_ii = Pred::or(says(sll::PROTO_802_3), Pred::and(is_802_2(), llc_forms));
            Pred::or(cmp(at, op::H, et(EtherType::IPX)), not_ii)
        }
        p if p == et(EtherType::APPLETALK) || p == et(EtherType::AARP) => {
            let oui = if p == et(EtherType::APPLETALK) { snap_oui::APPLETALK } else { snap_oui::ENCAP_ETHER };
            Pred::or(cmp(at, op::H, p), Pred::and(is_802_2(), snap(llc, oui, p)))
        }
        p if p <= ETHERMTU => Pred::and(is_802_2(), cmp(llc, op::B, p)),
        p => cmp(at, op::H, p),
    }
}

/// libpcap's gen_llc_linktype, for links whose every frame is 802.2 (FDDI):
/// a SAP is the DSAP, an EtherType the SNAP protocol id. `llc` is the LLC
/// header's offset.
fn llc_linktype(llc: u32, proto: u32) -> Pred {
    match proto {
        p if [SAP_ISO_NETWORK, SAP_IP, SAP_NETBEUI].map(u32::from).contains(&p) => sap_pair(llc, p),
        // AppleTalk has its own OUI (AARP does not: an EtherType like any).
        p if p == et(EtherType::APPLETALK) => snap(llc, snap_oui::APPLETALK, p),
        p if p <= ETHERMTU => cmp(llc, op::B, p),
        p => cmp(llc + llc_field::SNAP_PID.start as u32, op::H, p),
    }
}

/// DSAP and SSAP both `sap`.
fn sap_pair(llc: u32, sap: u32) -> Pred {
    cmp(llc, op::H, sap << 8 | sap)
}

/// A whole LLC/SNAP header (AA AA 03, `oui`, `pid`), libpcap's gen_snap,
/// compared as its two words from the last one as gen_bcmp does.
fn snap(llc: u32, oui: u32, pid: u32) -> Pred {
    let sap = u32::from(SAP_SNAP);
    let first = sap << 24 | sap << 16 | u32::from(LLC_UI) << 8 | oui >> 16;
    let second = (oui & 0xffff) << 16 | pid;
    Pred::and(cmp(llc + 4, op::W, second), cmp(llc, op::W, first))
}

/// The MPLS bottom-of-stack bit, then the IP version nibble of the payload.
fn mpls_payload(st: &State, version: u32) -> Pred {
    let bottom = mcmp(st.nl(0) - 2, op::B, 0x01, 0x01);
    Pred::and(bottom, mcmp(st.nl(0), op::B, version, 0xf0))
}

/// BSD loopback: AF_INET is 2; AF_INET6 differs by OS (30, 24, 28).
fn loopback(st: &State, proto: u32) -> Pred {
    let af = |v: u32| {
        let v = if st.kind == LinkKind::Null && !st.null_swapped { v.swap_bytes() } else { v };
        cmp(0, op::W, v)
    };
    match proto {
        ETHERTYPE_IP => af(2),
        ETHERTYPE_IPV6 => Pred::or(af(30), Pred::or(af(24), af(28))),
        _ => Pred::falsity(),
    }
}

/// PPP protocol numbers for the EtherTypes that have one.
fn ppp_type(ethertype: u32) -> u32 {
    match ethertype {
        ETHERTYPE_IP => 0x21,
        ETHERTYPE_IPV6 => 0x57,
        ETHERTYPE_MPLS => 0x281,
        other => other,
    }
}

/// Not a fragment other than the first: `ldh [nl+6]; jset #0x1fff` false.
pub fn ipfrag(st: &State) -> Pred {
    Pred::not(cmp_op(st.nl(6), op::H, op::JSET, 0x1fff))
}

/// `src`, `dst`, `src or dst`, `src and dst` of two tests.
fn by_dir(dir: Dir, src: impl FnOnce() -> Pred, dst: impl FnOnce() -> Pred) -> Pred {
    match dir {
        Dir::Src => src(),
        Dir::Dst => dst(),
        Dir::And => {
            let s = src();
            Pred::and(s, dst())
        }
        Dir::Or | Dir::Default => {
            let s = src();
            Pred::or(s, dst())
        }
        // Refused before code is generated (parse.rs): MAC addresses only.
        Dir::Addr1 | Dir::Addr2 | Dir::Addr3 | Dir::Addr4 | Dir::Ra | Dir::Ta => Pred::falsity(),
    }
}

/// `host`/`net` on an IPv4 address and mask (gen_host).
pub fn host(st: &State, addr: u32, mask: u32, proto: Proto, dir: Dir) -> GenResult<Pred> {
    let hostop = |ethertype: u32, src: u32, dst: u32| -> GenResult<Pred> {
        let lt = linktype(st, ethertype)?;
        let lt2 = lt.clone();
        Ok(by_dir(
            dir,
            || Pred::and(lt, mcmp(st.nl(src), op::W, addr, mask)),
            || Pred::and(lt2, mcmp(st.nl(dst), op::W, addr, mask)),
        ))
    };
    match proto {
        Proto::Default => {
            let ip = hostop(ETHERTYPE_IP, 12, 16)?;
            if st.label_depth > 0 {
                return Ok(ip);
            }
            let arp = hostop(ETHERTYPE_ARP, 14, 24)?;
            let rarp = hostop(ETHERTYPE_REVARP, 14, 24)?;
            Ok(Pred::or(ip, Pred::or(arp, rarp)))
        }
        Proto::Ip => hostop(ETHERTYPE_IP, 12, 16),
        Proto::Arp => hostop(ETHERTYPE_ARP, 14, 24),
        Proto::Rarp => hostop(ETHERTYPE_REVARP, 14, 24),
        Proto::Link => Err("link-layer modifier applied to ip host".into()),
        Proto::Ip6 => Err("'ip6' modifier applied to ip host".into()),
        p => Err(format!("'{}' modifier applied to host", p.name())),
    }
}

/// `host`/`net` on an IPv6 address and mask (gen_host6).
pub fn host6(st: &State, addr: [u8; 16], mask: [u8; 16], proto: Proto, dir: Dir) -> GenResult<Pred> {
    match proto {
        Proto::Default | Proto::Ip6 => {}
        Proto::Link => return Err("link-layer modifier applied to ip6 host".into()),
        p => return Err(format!("'{}' modifier applied to ip6 host", p.name())),
    }
    let word = |b: &[u8; 16], i: usize| u32::from_be_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]]);
    let lt = linktype(st, ETHERTYPE_IPV6)?;
    let hostop = |off: u32| {
        let mut p = lt.clone();
        for i in 0..4 {
            p = Pred::and(p, mcmp(st.nl(off + 4 * i as u32), op::W, word(&addr, i), word(&mask, i)));
        }
        p
    };
    Ok(by_dir(dir, || hostop(8), || hostop(24)))
}

/// `ether host/src/dst`: the 6 bytes compared as a word then a halfword.
/// On 802.11, libpcap's roles (gen_wlanhostop), which also serve `wlan
/// addr1`…`addr4`, `ra` and `ta`.
pub fn ether_host(st: &State, mac: [u8; 6], dir: Dir) -> GenResult<Pred> {
    let bcmp = |off: u32| {
        let lo = u32::from_be_bytes([mac[2], mac[3], mac[4], mac[5]]);
        let hi = u32::from(u16::from_be_bytes([mac[0], mac[1]]));
        Pred::and(cmp(off + 2, op::W, lo), cmp(off, op::H, hi))
    };
    if st.kind == LinkKind::Wlan {
        use wlan::has;
        let role = |bit: u8, off: u32| Pred::and(wlan_has(bit), bcmp(off));
        let field = |f: &std::ops::Range<usize>| f.start as u32;
        use crate::wire::ieee80211::field as mac_field;
        return Ok(match dir {
            Dir::Addr1 => role(has::ADDR1, field(&mac_field::ADDR1)),
            Dir::Addr2 => role(has::ADDR2, field(&mac_field::ADDR2)),
            Dir::Addr3 => role(has::ADDR3, field(&mac_field::ADDR3)),
            Dir::Addr4 => role(has::ADDR4, field(&mac_field::ADDR4)),
            Dir::Ra => role(has::RA, field(&mac_field::ADDR1)),
            Dir::Ta => role(has::TA, field(&mac_field::ADDR2)),
            _ => by_dir(dir, || role(has::SRC, wlan::SRC), || role(has::DST, wlan::DST)),
        });
    }
    if let Some(k) = dir.wlan_keyword() {
        return Err(format!("'{k}' is only supported on 802.11 with 802.11 headers"));
    }
    let (src, dst) = match st.kind {
        LinkKind::Ethernet => (ethernet::field::SRC.start, ethernet::field::DST.start),
        LinkKind::Fddi => (fddi::field::SRC.start, fddi::field::DST.start),
        _ => return Err("ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel".into()),
    };
    Ok(by_dir(dir, || bcmp(src as u32), || bcmp(dst as u32)))
}

/// The 802.11 view has the address role `bit` ([`wlan::has`]); a role the
/// capture cut off rejects the frame outright, as libpcap's load of it
/// past the packet's end does: the test then loads past the view's end.
fn wlan_has(bit: u8) -> Pred {
    let not_cut = Pred::not(cmp_op(wlan::CUT, op::B, op::JSET, u32::from(bit)));
    Pred::and(Pred::or(not_cut, abort()), cmp_op(wlan::ROLES, op::B, op::JSET, u32::from(bit)))
}

/// A test that rejects the packet whatever the expression: a load past
/// the end of any packet.
pub fn abort() -> Pred {
    cmp(u32::MAX - 3, op::W, 0)
}

/// `type T [subtype S]` and `subtype S`: the frame control byte under
/// `mask` (gen_p80211_type).
pub fn wlan_type(st: &State, value: u32, mask: u32) -> GenResult<Pred> {
    if !st.frame_control {
        return Err("802.11 link-layer types supported only on 802.11".into());
    }
    Ok(mcmp(0, op::B, value, mask))
}

/// `dir D`: the To DS and From DS bits (gen_p80211_fcdir).
pub fn wlan_dir(st: &State, value: u32) -> GenResult<Pred> {
    if !st.frame_control {
        return Err("frame direction supported only with 802.11 headers".into());
    }
    Ok(mcmp(1, op::B, value, 0x03))
}

/// `proto N` under a protocol qualifier (gen_proto).
pub fn proto(st: &State, v: u32, proto: Proto, dir: Dir) -> GenResult<Pred> {
    if dir != Dir::Default {
        return Err("direction applied to 'proto'".into());
    }
    match proto {
        Proto::Default => {
            let a = self::proto(st, v, Proto::Ip, dir)?;
            Ok(Pred::or(a, self::proto(st, v, Proto::Ip6, dir)?))
        }
        Proto::Link => linktype(st, v),
        Proto::Ip => Ok(Pred::and(linktype(st, ETHERTYPE_IP)?, cmp(st.nl(9), op::B, v))),
        Proto::Ip6 => {
            // The next header, or the one after a fragment header.
            let direct = cmp(st.nl(6), op::B, v);
            let frag = Pred::and(cmp(st.nl(6), op::B, ipproto::FRAGMENT), cmp(st.nl(40), op::B, v));
            Ok(Pred::and(linktype(st, ETHERTYPE_IPV6)?, Pred::or(direct, frag)))
        }
        Proto::Arp | Proto::Rarp => Err(format!("{} does not encapsulate another protocol", proto.name())),
        p => Err(format!("'{}' does not encapsulate another protocol by number", p.name())),
    }
}

/// A bare protocol keyword: `tcp`, `ip6`, `icmp`… (gen_proto_abbrev).
pub fn abbrev(st: &State, p: Proto) -> GenResult<Pred> {
    let d = Dir::Default;
    match p {
        Proto::Sctp => proto(st, ipproto::SCTP, Proto::Default, d),
        Proto::Tcp => proto(st, ipproto::TCP, Proto::Default, d),
        Proto::Udp => proto(st, ipproto::UDP, Proto::Default, d),
        Proto::Icmp => proto(st, ipproto::ICMP, Proto::Ip, d),
        Proto::Igmp => proto(st, ipproto::IGMP, Proto::Ip, d),
        Proto::Igrp => proto(st, ipproto::IGRP, Proto::Ip, d),
        Proto::Pim => proto(st, ipproto::PIM, Proto::Default, d),
        Proto::Vrrp | Proto::Carp => proto(st, ipproto::VRRP, Proto::Ip, d),
        Proto::Ip => linktype(st, ETHERTYPE_IP),
        Proto::Arp => linktype(st, ETHERTYPE_ARP),
        Proto::Rarp => linktype(st, ETHERTYPE_REVARP),
        Proto::Ip6 => linktype(st, ETHERTYPE_IPV6),
        Proto::Icmp6 => proto(st, ipproto::ICMPV6, Proto::Ip6, d),
        Proto::Ah => proto(st, ipproto::AH, Proto::Default, d),
        Proto::Esp => proto(st, ipproto::ESP, Proto::Default, d),
        Proto::Link => Err("link layer applied in wrong context".into()),
        Proto::Default => Err("syntax error: expected a protocol".into()),
    }
}

/// `port`/`portrange` (lo..=hi) on IPv4 then IPv6 is built by [`ports`].
fn port_v4(st: &State, lo: u32, hi: u32, ipp: u32, dir: Dir) -> Pred {
    let atom = |off: u32| {
        if lo == hi {
            tran4(st, off, op::JEQ, lo)
        } else {
            Pred::and(tran4(st, off, op::JGE, lo), Pred::not(tran4(st, off, op::JGT, hi)))
        }
    };
    let head = Pred::and(cmp(st.nl(9), op::B, ipp), ipfrag(st));
    Pred::and(head, by_dir(dir, || atom(0), || atom(2)))
}

fn port_v6(st: &State, lo: u32, hi: u32, ipp: u32, dir: Dir) -> Pred {
    let atom = |off: u32| {
        let at = st.nl(40 + off);
        if lo == hi {
            cmp(at, op::H, lo)
        } else {
            Pred::and(cmp_op(at, op::H, op::JGE, lo), Pred::not(cmp_op(at, op::H, op::JGT, hi)))
        }
    };
    Pred::and(cmp(st.nl(6), op::B, ipp), by_dir(dir, || atom(0), || atom(2)))
}

/// `[tcp|udp|sctp] [src|dst] port N` or `portrange LO-HI`: IPv6 first, then IPv4.
pub fn ports(st: &State, lo: u32, hi: u32, p: Proto, dir: Dir) -> GenResult<Pred> {
    let (lo, hi) = if lo > hi { (hi, lo) } else { (lo, hi) };
    let ipp = match p {
        Proto::Default => None,
        p => Some(p.transport().ok_or_else(|| format!("illegal qualifier of 'port': '{}'", p.name()))?),
    };
    let each = |f: &dyn Fn(u32) -> Pred| match ipp {
        Some(n) => f(n),
        None => Pred::or(f(ipproto::SCTP), Pred::or(f(ipproto::TCP), f(ipproto::UDP))),
    };
    let v6 = Pred::and(linktype(st, ETHERTYPE_IPV6)?, each(&|n| port_v6(st, lo, hi, n, dir)));
    let v4 = Pred::and(linktype(st, ETHERTYPE_IP)?, each(&|n| port_v4(st, lo, hi, n, dir)));
    Ok(Pred::or(v6, v4))
}

/// `vlan [ID]`: the TPID at the current type offset, the VID, then every
/// later offset moves 4 bytes on (libpcap without BPF extensions, as for files).
pub fn vlan(st: &mut State, id: Option<u32>) -> GenResult<Pred> {
    if st.label_depth > 0 {
        return Err("no VLAN match after MPLS".into());
    }
    if !matches!(st.kind, LinkKind::Ethernet | LinkKind::Wlan) {
        return Err(format!("no VLAN support for {}", st.kind_name));
    }
    let at = st.off_linktype.unwrap_or(12);
    let tag = |t: EtherType| cmp(at, op::H, et(t));
    let tpid = Pred::or(tag(EtherType::VLAN), Pred::or(tag(EtherType::QINQ), tag(EtherType::VLAN_9100)));
    let p = match id {
        Some(v) if v > 4095 => return Err(format!("VLAN tag {v} greater than maximum 4095")),
        Some(v) => Pred::and(tpid, mcmp(at + 2, op::H, v, 0x0fff)),
        None => tpid,
    };
    st.off_linktype = Some(at + 4);
    st.off_linkpl += 4;
    st.vlan_depth += 1;
    Ok(p)
}

/// `mpls [LABEL]`: the EtherType (or, inside a stack, bottom-of-stack clear),
/// the label, then the network layer moves 4 bytes on.
pub fn mpls(st: &mut State, label: Option<u32>) -> GenResult<Pred> {
    let head = if st.label_depth > 0 {
        mcmp(st.nl(0) - 2, op::B, 0, 0x01)
    } else {
        match st.kind {
            LinkKind::Ethernet | LinkKind::Wlan | LinkKind::Ppp => linktype(st, ETHERTYPE_MPLS)?,
            _ => return Err(format!("no MPLS support for {}", st.kind_name)),
        }
    };
    let p = match label {
        Some(v) if v > 0xfffff => return Err(format!("MPLS label {v} greater than maximum 1048575")),
        Some(v) => Pred::and(head, mcmp(st.nl(0), op::W, v << 12, 0xfffff000)),
        None => head,
    };
    st.off_nl += 4;
    st.label_depth += 1;
    Ok(p)
}

/// `less N` and `greater N` on the length on the wire.
pub fn len_cmp(greater: bool, n: u32) -> Pred {
    let s = vec![Insn::stmt(op::LD | op::W | op::LEN, 0)];
    if greater {
        Pred::test(s, op::JGE, n)
    } else {
        Pred::not(Pred::test(s, op::JGT, n))
    }
}

/// `[ether|ip|ip6] broadcast`.
pub fn broadcast(st: &State, p: Proto) -> GenResult<Pred> {
    match p {
        Proto::Default | Proto::Link => match st.kind {
            LinkKind::Ethernet | LinkKind::Fddi | LinkKind::Wlan => ether_host(st, [0xff; 6], Dir::Dst),
            _ => Err("not a broadcast link".into()),
        },
        // tcpdump reading a file has netmask 0: all-zeros or all-ones hosts.
        Proto::Ip => {
            let dst = st.nl(16);
            let b = Pred::or(cmp(dst, op::W, 0), cmp(dst, op::W, u32::MAX));
            Ok(Pred::and(linktype(st, ETHERTYPE_IP)?, b))
        }
        _ => Err("only link-layer/IP broadcast filters supported".into()),
    }
}

/// `[ether|ip|ip6] multicast`.
pub fn multicast(st: &State, p: Proto) -> GenResult<Pred> {
    match p {
        Proto::Default | Proto::Link => match st.kind {
            LinkKind::Ethernet => Ok(cmp_op(ethernet::field::DST.start as u32, op::B, op::JSET, 1)),
            LinkKind::Fddi => Ok(cmp_op(fddi::field::DST.start as u32, op::B, op::JSET, 1)),
            LinkKind::Wlan => Ok(Pred::and(wlan_has(wlan::has::DST), cmp_op(wlan::DST, op::B, op::JSET, 1))),
            _ => Err("link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel".into()),
        },
        Proto::Ip => Ok(Pred::and(linktype(st, ETHERTYPE_IP)?, cmp_op(st.nl(16), op::B, op::JGE, 224))),
        Proto::Ip6 => Ok(Pred::and(linktype(st, ETHERTYPE_IPV6)?, cmp(st.nl(24), op::B, 255))),
        _ => Err("only IP multicast filters supported on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel".into()),
    }
}

/// `[ip|ip6] protochain N`: libpcap's header-chain walk, a loop with a
/// backward jump over IPv6 extension headers and AH.
pub fn protochain(st: &mut State, v: u32, p: Proto) -> GenResult<Pred> {
    match p {
        Proto::Default => {
            let a = protochain(st, v, Proto::Ip)?;
            Ok(Pred::or(a, protochain(st, v, Proto::Ip6)?))
        }
        Proto::Ip | Proto::Ip6 => {
            let reg = st.alloc_reg()?;
            let chain = chain_walk(st, v, p == Proto::Ip6, reg);
            st.free_reg(reg);
            let lt = linktype(st, if p == Proto::Ip6 { ETHERTYPE_IPV6 } else { ETHERTYPE_IP })?;
            Ok(Pred::and(lt, chain))
        }
        _ => Err("bad protocol applied for 'protochain'".into()),
    }
}

/// The walk itself; ends with A = the protocol found, tested against `v`.
fn chain_walk(st: &State, v: u32, v6: bool, reg: u32) -> Pred {
    let nl = st.nl(0);
    let j = |c: u16, k: u32, jt: u8, jf: u8| Insn::jump(op::JMP | c | op::K, k, jt, jf);
    let s = |c: u16, k: u32| Insn::stmt(c, k);
    let mut code = if v6 {
        vec![s(op::LD | op::B | op::ABS, st.nl(6)), s(op::LDX | op::IMM, 40)]
    } else {
        vec![s(op::LD | op::B | op::ABS, st.nl(9)), s(op::LDX | op::MSH | op::B, nl)]
    };
    let top = code.len();
    // Offsets below are to FOUND, the `add #0` after the AH body.
    let ah_body = |back: usize| {
        let mut b = vec![
            s(op::MISC | op::TXA, 0),
            s(op::LD | op::B | op::IND, nl),
            s(op::ST, reg),
            s(op::MISC | op::TXA, 0),
            s(op::ALU | op::ADD | op::K, 1),
            s(op::MISC | op::TAX, 0),
            s(op::LD | op::B | op::IND, nl),
            s(op::ALU | op::ADD | op::K, 2),
            s(op::ALU | op::MUL | op::K, 4),
            s(op::MISC | op::TAX, 0),
            s(op::LD | op::MEM, reg),
        ];
        let ja_at = back + b.len();
        b.push(s(op::JMP | op::JA, (top as i64 - ja_at as i64 - 1) as i32 as u32));
        b
    };
    if v6 {
        // 2..=7 tests, 8..=16 extension header, 17 AH test, 18..=29 AH body, 30 FOUND.
        code.extend([
            j(op::JEQ, v, 27, 0),
            j(op::JEQ, ipproto::NONXT, 26, 0),
            j(op::JEQ, ipproto::HOPOPT, 3, 0),
            j(op::JEQ, ipproto::DSTOPTS, 2, 0),
            j(op::JEQ, ipproto::ROUTING, 1, 0),
            j(op::JEQ, ipproto::FRAGMENT, 0, 9),
            s(op::LD | op::B | op::IND, nl),
            s(op::ST, reg),
            s(op::LD | op::B | op::IND, nl + 1),
            s(op::ALU | op::ADD | op::K, 1),
            s(op::ALU | op::MUL | op::K, 8),
            s(op::ALU | op::ADD | op::X, 0),
            s(op::MISC | op::TAX, 0),
            s(op::LD | op::MEM, reg),
        ]);
        let ja_at = code.len();
        code.push(s(op::JMP | op::JA, (top as i64 - ja_at as i64 - 1) as i32 as u32));
        code.push(j(op::JEQ, ipproto::AH, 0, 12));
    } else {
        // 2..=5 tests, 6..=17 AH body, 18 FOUND.
        code.extend([j(op::JEQ, v, 15, 0), j(op::JEQ, ipproto::NONXT, 14, 0), s(op::ALU | op::ADD | op::K, 0), j(op::JEQ, ipproto::AH, 0, 12)]);
    }
    let at = code.len();
    code.extend(ah_body(at));
    code.push(s(op::ALU | op::ADD | op::K, 0));
    Pred::test(code, op::JEQ, v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::{bpf, code};

    #[test]
    fn protochain_finds_tcp_behind_an_ipv6_hop_by_hop_header() {
        let mut st = State::new(1).unwrap();
        let p = protochain(&mut st, 6, Proto::Ip6).unwrap();
        let prog = code::assemble(&p, 1);
        let mut pkt = vec![0u8; 14 + 40 + 8 + 20];
        pkt[12..14].copy_from_slice(&[0x86, 0xdd]);
        pkt[14] = 0x60;
        pkt[14 + 6] = 0; // hop-by-hop
        pkt[54] = 6; // its next header: TCP
        assert_eq!(bpf::run(&prog, &pkt, pkt.len() as u32), 1);
        pkt[54] = 17;
        assert_eq!(bpf::run(&prog, &pkt, pkt.len() as u32), 0);
    }
}
