//! Packet builder for tests and fixture scripts: every header field settable,
//! lengths, next-protocol fields and checksums filled in unless overridden.
//!
//! A packet is a [`Stack`] of layers, outermost first. Every layer builder
//! (and the stack itself) implements [`Build`], whose methods push the next
//! layer, so a packet reads left to right like tcpdump prints it:
//!
//! ```
//! use tcpsleuth::wire::build::*;
//! use tcpsleuth::wire::TcpFlags;
//!
//! let syn = Eth::new([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
//!     .ipv4(Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2]).ttl(64).id(7).df())
//!     .tcp(Tcp::new(1234, 80).seq(1).flags(TcpFlags::SYN).mss(1460).sack_perm().ws(7))
//!     .build();
//! assert_eq!(syn.len(), 14 + 20 + 20 + 12);
//!
//! // QinQ, IPv6 with a fragment header, UDP with a deliberately wrong checksum:
//! let odd = Eth::new([2; 6], [4; 6])
//!     .qinq(100, 200)
//!     .ipv6(Ipv6::new([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], [0x2001, 0xdb8, 0, 0, 0, 0, 0, 2]).fragment(0, true, 99))
//!     .udp(Udp::new(53, 53).checksum(0xdead).payload(b"hi"))
//!     .build();
//! assert_eq!(odd.len(), 14 + 8 + 40 + 8 + 8 + 2);
//!
//! // An ICMP port unreachable quoting the first bytes of the packet that caused it:
//! let probe = Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2]).udp(Udp::new(4000, 33434)).build();
//! let reply = Ipv4::new([10, 0, 0, 2], [10, 0, 0, 1]).icmp(Icmp::dest_unreachable(3, &probe)).build();
//! assert_eq!(reply[20], 3);
//! ```
//!
//! Building happens innermost first, so each header sees the finished bytes
//! it encloses: lengths and checksums are exact even with payload added by
//! later layers, and an override (`.checksum(..)`, `.total_len(..)`) wins.
//! Nothing here validates: building broken packets is the point.

use super::registry::{EtherType, IpProto};
use std::net::{IpAddr, Ipv4Addr};

/// EtherTypes the builder fills in.
const ETH_IPV4: u16 = EtherType::IPV4.0;
const ETH_ARP: u16 = EtherType::ARP.0;
const ETH_IPV6: u16 = EtherType::IPV6.0;
const ETH_VLAN: u16 = EtherType::VLAN.0;
const ETH_QINQ: u16 = EtherType::QINQ.0;
/// "Local experimental" EtherType, used when nothing follows.
const ETH_EXPERIMENTAL: u16 = EtherType::LOCAL_EXPERIMENTAL.0;

/// IP protocol numbers the builder fills in.
const IP_ICMP: u8 = IpProto::ICMP.0;
const IP_IPV4: u8 = IpProto::IPIP.0;
const IP_TCP: u8 = IpProto::TCP.0;
const IP_UDP: u8 = IpProto::UDP.0;
const IP_IPV6: u8 = IpProto::IPV6.0;
const IP_ICMPV6: u8 = IpProto::ICMPV6.0;
const IP_NONE: u8 = IpProto::IPV6_NONXT.0;

/// One layer of a [`Stack`].
#[derive(Clone, Debug)]
pub enum Layer {
    /// Ethernet II or 802.3 header.
    Eth(Eth),
    /// 802.1Q/802.1ad tag.
    Vlan(Vlan),
    /// 802.2 LLC (and SNAP) header.
    Llc(Llc),
    /// Linux cooked header, version 1.
    Sll(Sll),
    /// Linux cooked header, version 2.
    Sll2(Sll2),
    /// BSD loopback header.
    Null(Null),
    /// IPv4 header.
    Ipv4(Ipv4),
    /// IPv6 header with extension headers.
    Ipv6(Ipv6),
    /// TCP segment.
    Tcp(Tcp),
    /// UDP datagram.
    Udp(Udp),
    /// ICMPv4 message.
    Icmp(Icmp),
    /// ICMPv6 message.
    Icmpv6(Icmpv6),
    /// ARP packet.
    Arp(Arp),
    /// Opaque bytes (an application payload, an unknown protocol).
    Raw(Vec<u8>),
}

/// A packet under construction: layers outermost first.
#[derive(Clone, Debug, Default)]
pub struct Stack {
    layers: Vec<Layer>,
    /// Bytes appended after the whole packet (Ethernet padding, an FCS, junk).
    trailer: Vec<u8>,
    /// Minimum length, zero-padded (Ethernet's 60 bytes).
    pad_to: usize,
}

/// Pushes layers; implemented by [`Stack`] and by every layer builder.
pub trait Build: Sized {
    /// This packet so far, as a stack.
    fn stack(self) -> Stack;

    /// Adds any layer.
    fn push(self, layer: Layer) -> Stack {
        let mut s = self.stack();
        s.layers.push(layer);
        s
    }
    /// Adds an 802.1Q tag (its TPID goes in the enclosing type field).
    fn vlan(self, tag: Vlan) -> Stack {
        self.push(Layer::Vlan(tag))
    }
    /// Adds an 802.1ad outer tag (TPID 0x88a8) and an 802.1Q inner tag.
    fn qinq(self, outer_vid: u16, inner_vid: u16) -> Stack {
        self.vlan(Vlan::new(outer_vid).tpid(ETH_QINQ))
            .vlan(Vlan::new(inner_vid))
    }
    /// Adds an 802.2 LLC header (makes the Ethernet type field a length).
    fn llc(self, llc: Llc) -> Stack {
        self.push(Layer::Llc(llc))
    }
    /// Adds an IPv4 header.
    fn ipv4(self, ip: Ipv4) -> Stack {
        self.push(Layer::Ipv4(ip))
    }
    /// Adds an IPv6 header.
    fn ipv6(self, ip: Ipv6) -> Stack {
        self.push(Layer::Ipv6(ip))
    }
    /// Adds a TCP segment.
    fn tcp(self, tcp: Tcp) -> Stack {
        self.push(Layer::Tcp(tcp))
    }
    /// Adds a UDP datagram.
    fn udp(self, udp: Udp) -> Stack {
        self.push(Layer::Udp(udp))
    }
    /// Adds an ICMPv4 message.
    fn icmp(self, icmp: Icmp) -> Stack {
        self.push(Layer::Icmp(icmp))
    }
    /// Adds an ICMPv6 message.
    fn icmpv6(self, icmp: Icmpv6) -> Stack {
        self.push(Layer::Icmpv6(icmp))
    }
    /// Adds an ARP packet.
    fn arp(self, arp: Arp) -> Stack {
        self.push(Layer::Arp(arp))
    }
    /// Adds opaque bytes as the innermost layer.
    fn payload(self, bytes: &[u8]) -> Stack {
        self.push(Layer::Raw(bytes.to_vec()))
    }
    /// Appends bytes after the packet, outside every length and checksum.
    fn trailer(self, bytes: &[u8]) -> Stack {
        let mut s = self.stack();
        s.trailer.extend_from_slice(bytes);
        s
    }
    /// Zero-pads the finished packet to at least `len` bytes (Ethernet minimum: 60).
    fn pad_to(self, len: usize) -> Stack {
        let mut s = self.stack();
        s.pad_to = len;
        s
    }
    /// The packet's bytes.
    fn build(self) -> Vec<u8> {
        self.stack().finish()
    }
}

impl Build for Stack {
    fn stack(self) -> Stack {
        self
    }
}

macro_rules! layer_builds {
    ($($ty:ident),*) => {$(
        impl Build for $ty {
            fn stack(self) -> Stack {
                Stack { layers: vec![Layer::$ty(self)], ..Stack::default() }
            }
        }
        impl From<$ty> for Layer {
            fn from(l: $ty) -> Layer {
                Layer::$ty(l)
            }
        }
    )*};
}
layer_builds!(Eth, Vlan, Llc, Sll, Sll2, Null, Ipv4, Ipv6, Tcp, Udp, Icmp, Icmpv6, Arp);

impl Stack {
    /// Serialises innermost first so every header sees what it encloses.
    fn finish(self) -> Vec<u8> {
        let mut inner = Vec::new();
        for (i, layer) in self.layers.iter().enumerate().rev() {
            let next = self.layers.get(i + 1);
            let ip = self
                .layers
                .get(..i)
                .and_then(|outer| outer.iter().rev().find_map(ip_addrs));
            inner = layer.emit(inner, next, ip);
        }
        inner.extend_from_slice(&self.trailer);
        if inner.len() < self.pad_to {
            inner.resize(self.pad_to, 0);
        }
        inner
    }
}

/// Source and destination of an IP layer.
fn ip_addrs(l: &Layer) -> Option<(IpAddr, IpAddr)> {
    match l {
        Layer::Ipv4(ip) => Some((ip.src.into(), ip.dst.into())),
        Layer::Ipv6(ip) => Some((ip.src.into(), ip.dst.into())),
        _ => None,
    }
}

/// The EtherType announcing `next`.
fn ethertype_of(next: Option<&Layer>) -> u16 {
    match next {
        Some(Layer::Ipv4(_)) => ETH_IPV4,
        Some(Layer::Ipv6(_)) => ETH_IPV6,
        Some(Layer::Arp(_)) => ETH_ARP,
        Some(Layer::Vlan(v)) => v.tpid,
        _ => ETH_EXPERIMENTAL,
    }
}

/// The IP protocol number announcing `next`.
fn proto_of(next: Option<&Layer>) -> u8 {
    match next {
        Some(Layer::Tcp(_)) => IP_TCP,
        Some(Layer::Udp(_)) => IP_UDP,
        Some(Layer::Icmp(_)) => IP_ICMP,
        Some(Layer::Icmpv6(_)) => IP_ICMPV6,
        Some(Layer::Ipv4(_)) => IP_IPV4,
        Some(Layer::Ipv6(_)) => IP_IPV6,
        _ => IP_NONE,
    }
}

impl Layer {
    fn emit(&self, inner: Vec<u8>, next: Option<&Layer>, ip: Option<(IpAddr, IpAddr)>) -> Vec<u8> {
        match self {
            Layer::Eth(l) => l.emit(inner, next),
            Layer::Vlan(l) => l.emit(inner, next),
            Layer::Llc(l) => l.emit(inner, next),
            Layer::Sll(l) => l.emit(inner, next),
            Layer::Sll2(l) => l.emit(inner, next),
            Layer::Null(l) => l.emit(inner, next),
            Layer::Ipv4(l) => l.emit(inner, next),
            Layer::Ipv6(l) => l.emit(inner, next),
            Layer::Tcp(l) => l.emit(inner, ip),
            Layer::Udp(l) => l.emit(inner, ip),
            Layer::Icmp(l) => l.emit(inner),
            Layer::Icmpv6(l) => l.emit(inner, ip),
            Layer::Arp(l) => l.emit(inner),
            Layer::Raw(b) => [b.as_slice(), &inner].concat(),
        }
    }
}

// ---------------------------------------------------------------- link layers

/// Ethernet II header (or 802.3 when an [`Llc`] follows: the type field becomes a length).
#[derive(Clone, Debug)]
pub struct Eth {
    src: [u8; 6],
    dst: [u8; 6],
    /// EtherType or length; `None` = inferred from the next layer.
    ethertype: Option<u16>,
}

impl Eth {
    /// Source and destination MAC (written destination first); type inferred.
    pub fn new(src: [u8; 6], dst: [u8; 6]) -> Eth {
        Eth {
            src,
            dst,
            ethertype: None,
        }
    }
    /// Forces the type/length field.
    pub fn ethertype(mut self, t: u16) -> Eth {
        self.ethertype = Some(t);
        self
    }
    fn emit(&self, inner: Vec<u8>, next: Option<&Layer>) -> Vec<u8> {
        let t = self.ethertype.unwrap_or(match next {
            // 802.3: the field is the length of the LLC header and its payload.
            Some(Layer::Llc(_)) => inner.len().min(0xffff) as u16,
            n => ethertype_of(n),
        });
        let mut out = Vec::with_capacity(14 + inner.len());
        out.extend_from_slice(&self.dst);
        out.extend_from_slice(&self.src);
        out.extend_from_slice(&t.to_be_bytes());
        out.extend_from_slice(&inner);
        out
    }
}

/// An 802.1Q/802.1ad tag: the enclosing type field carries `tpid`; this
/// layer writes the TCI and the inner EtherType.
#[derive(Clone, Debug)]
pub struct Vlan {
    tpid: u16,
    pcp: u8,
    dei: bool,
    vid: u16,
    /// Inner EtherType; `None` = inferred.
    ethertype: Option<u16>,
}

impl Vlan {
    /// An 802.1Q tag (TPID 0x8100) with VLAN id `vid`, priority 0.
    pub fn new(vid: u16) -> Vlan {
        Vlan {
            tpid: ETH_VLAN,
            pcp: 0,
            dei: false,
            vid,
            ethertype: None,
        }
    }
    /// Sets the TPID written in the enclosing type field (0x88a8 for 802.1ad).
    pub fn tpid(mut self, tpid: u16) -> Vlan {
        self.tpid = tpid;
        self
    }
    /// Sets the 3-bit priority code point.
    pub fn pcp(mut self, pcp: u8) -> Vlan {
        self.pcp = pcp;
        self
    }
    /// Sets the drop-eligible indicator.
    pub fn dei(mut self, dei: bool) -> Vlan {
        self.dei = dei;
        self
    }
    /// Forces the inner EtherType.
    pub fn ethertype(mut self, t: u16) -> Vlan {
        self.ethertype = Some(t);
        self
    }
    fn emit(&self, inner: Vec<u8>, next: Option<&Layer>) -> Vec<u8> {
        let tci = (self.pcp as u16 & 7) << 13 | (self.dei as u16) << 12 | (self.vid & 0x0fff);
        let t = self.ethertype.unwrap_or_else(|| ethertype_of(next));
        [&tci.to_be_bytes()[..], &t.to_be_bytes(), &inner].concat()
    }
}

/// 802.2 LLC header, optionally with a SNAP extension.
#[derive(Clone, Debug)]
pub struct Llc {
    dsap: u8,
    ssap: u8,
    control: u8,
    /// SNAP (OUI, protocol id); the id `None` = inferred EtherType.
    snap: Option<([u8; 3], Option<u16>)>,
}

impl Llc {
    /// Plain LLC, e.g. `Llc::new(0x42, 0x42, 0x03)` for spanning tree.
    pub fn new(dsap: u8, ssap: u8, control: u8) -> Llc {
        Llc {
            dsap,
            ssap,
            control,
            snap: None,
        }
    }
    /// LLC/SNAP (AA AA 03) with an OUI; OUI 0 carries an EtherType, inferred from the next layer.
    pub fn snap(oui: [u8; 3]) -> Llc {
        Llc {
            dsap: 0xAA,
            ssap: 0xAA,
            control: 0x03,
            snap: Some((oui, None)),
        }
    }
    /// Forces the SNAP protocol id.
    pub fn pid(mut self, pid: u16) -> Llc {
        if let Some((_, p)) = &mut self.snap {
            *p = Some(pid);
        }
        self
    }
    fn emit(&self, inner: Vec<u8>, next: Option<&Layer>) -> Vec<u8> {
        let mut out = vec![self.dsap, self.ssap, self.control];
        if let Some((oui, pid)) = self.snap {
            out.extend_from_slice(&oui);
            out.extend_from_slice(&pid.unwrap_or_else(|| ethertype_of(next)).to_be_bytes());
        }
        out.extend_from_slice(&inner);
        out
    }
}

/// Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 16 bytes).
#[derive(Clone, Debug)]
pub struct Sll {
    /// 0 to us, 1 broadcast, 2 multicast, 3 to someone else, 4 sent by us.
    packet_type: u16,
    /// ARPHRD_* (1 = Ethernet).
    hatype: u16,
    /// Link-layer address (up to 8 bytes are stored; the length field says how many count).
    addr: Vec<u8>,
    protocol: Option<u16>,
}

impl Sll {
    /// Packet type (0 to us … 4 outgoing) and link-layer address; ARPHRD_ETHER.
    pub fn new(packet_type: u16, addr: &[u8]) -> Sll {
        Sll {
            packet_type,
            hatype: 1,
            addr: addr.to_vec(),
            protocol: None,
        }
    }
    /// Sets the ARPHRD_* hardware type.
    pub fn hatype(mut self, t: u16) -> Sll {
        self.hatype = t;
        self
    }
    /// Forces the protocol (EtherType) field.
    pub fn protocol(mut self, p: u16) -> Sll {
        self.protocol = Some(p);
        self
    }
    fn emit(&self, inner: Vec<u8>, next: Option<&Layer>) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + inner.len());
        out.extend_from_slice(&self.packet_type.to_be_bytes());
        out.extend_from_slice(&self.hatype.to_be_bytes());
        out.extend_from_slice(&(self.addr.len() as u16).to_be_bytes());
        out.extend_from_slice(&addr8(&self.addr));
        out.extend_from_slice(
            &self
                .protocol
                .unwrap_or_else(|| ethertype_of(next))
                .to_be_bytes(),
        );
        out.extend_from_slice(&inner);
        out
    }
}

/// Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 20 bytes).
#[derive(Clone, Debug)]
pub struct Sll2 {
    protocol: Option<u16>,
    ifindex: u32,
    hatype: u16,
    packet_type: u8,
    addr: Vec<u8>,
}

impl Sll2 {
    /// Interface index, packet type and link-layer address; ARPHRD_ETHER.
    pub fn new(ifindex: u32, packet_type: u8, addr: &[u8]) -> Sll2 {
        Sll2 {
            protocol: None,
            ifindex,
            hatype: 1,
            packet_type,
            addr: addr.to_vec(),
        }
    }
    /// Sets the ARPHRD_* hardware type.
    pub fn hatype(mut self, t: u16) -> Sll2 {
        self.hatype = t;
        self
    }
    /// Forces the protocol (EtherType) field.
    pub fn protocol(mut self, p: u16) -> Sll2 {
        self.protocol = Some(p);
        self
    }
    fn emit(&self, inner: Vec<u8>, next: Option<&Layer>) -> Vec<u8> {
        let mut out = Vec::with_capacity(20 + inner.len());
        out.extend_from_slice(
            &self
                .protocol
                .unwrap_or_else(|| ethertype_of(next))
                .to_be_bytes(),
        );
        out.extend_from_slice(&[0, 0]); // reserved
        out.extend_from_slice(&self.ifindex.to_be_bytes());
        out.extend_from_slice(&self.hatype.to_be_bytes());
        out.push(self.packet_type);
        out.push(self.addr.len().min(255) as u8);
        out.extend_from_slice(&addr8(&self.addr));
        out.extend_from_slice(&inner);
        out
    }
}

fn addr8(a: &[u8]) -> [u8; 8] {
    let mut out = [0u8; 8];
    for (o, b) in out.iter_mut().zip(a) {
        *o = *b;
    }
    out
}

/// BSD loopback (LINKTYPE_NULL): a 4-byte address family in the writer's byte order.
#[derive(Clone, Debug)]
pub struct Null {
    /// `None` = 2 before IPv4, 24 (BSD AF_INET6) before IPv6.
    family: Option<u32>,
    big_endian: bool,
}

impl Null {
    /// Little-endian (as x86 hosts write it), family inferred.
    pub fn new() -> Null {
        Null {
            family: None,
            big_endian: false,
        }
    }
    /// Forces the address family.
    pub fn family(mut self, f: u32) -> Null {
        self.family = Some(f);
        self
    }
    /// Writes the family big-endian (as a big-endian host would).
    pub fn big_endian(mut self) -> Null {
        self.big_endian = true;
        self
    }
    fn emit(&self, inner: Vec<u8>, next: Option<&Layer>) -> Vec<u8> {
        let f = self.family.unwrap_or(match next {
            Some(Layer::Ipv6(_)) => 24,
            _ => 2,
        });
        let b = if self.big_endian {
            f.to_be_bytes()
        } else {
            f.to_le_bytes()
        };
        [&b[..], &inner].concat()
    }
}

impl Default for Null {
    fn default() -> Null {
        Null::new()
    }
}

/// ARP for IPv4 over Ethernet (RFC 826).
#[derive(Clone, Debug)]
pub struct Arp {
    htype: u16,
    ptype: u16,
    hlen: u8,
    plen: u8,
    /// 1 request, 2 reply.
    op: u16,
    sha: [u8; 6],
    spa: Ipv4Addr,
    tha: [u8; 6],
    tpa: Ipv4Addr,
}

impl Arp {
    /// "Who has `tpa`? Tell `spa`."
    pub fn request(sha: [u8; 6], spa: impl Into<Ipv4Addr>, tpa: impl Into<Ipv4Addr>) -> Arp {
        Arp {
            htype: 1,
            ptype: ETH_IPV4,
            hlen: 6,
            plen: 4,
            op: 1,
            sha,
            spa: spa.into(),
            tha: [0; 6],
            tpa: tpa.into(),
        }
    }
    /// "`spa` is at `sha`", sent to `tha`/`tpa`.
    pub fn reply(
        sha: [u8; 6],
        spa: impl Into<Ipv4Addr>,
        tha: [u8; 6],
        tpa: impl Into<Ipv4Addr>,
    ) -> Arp {
        Arp {
            op: 2,
            tha,
            ..Arp::request(sha, spa, tpa)
        }
    }
    /// Forces the operation code.
    pub fn op(mut self, op: u16) -> Arp {
        self.op = op;
        self
    }
    /// Overrides the declared address lengths (the addresses stay 6 and 4 bytes).
    pub fn lengths(mut self, hlen: u8, plen: u8) -> Arp {
        self.hlen = hlen;
        self.plen = plen;
        self
    }
    fn emit(&self, inner: Vec<u8>) -> Vec<u8> {
        let mut out = Vec::with_capacity(28 + inner.len());
        out.extend_from_slice(&self.htype.to_be_bytes());
        out.extend_from_slice(&self.ptype.to_be_bytes());
        out.extend_from_slice(&[self.hlen, self.plen]);
        out.extend_from_slice(&self.op.to_be_bytes());
        out.extend_from_slice(&self.sha);
        out.extend_from_slice(&self.spa.octets());
        out.extend_from_slice(&self.tha);
        out.extend_from_slice(&self.tpa.octets());
        out.extend_from_slice(&inner);
        out
    }
}

mod icmp;
mod ip;
#[cfg(test)]
mod tests;
mod transport;

pub use icmp::{Icmp, Icmpv6, NdOption};
pub use ip::{fragment, Ext, Ipv4, Ipv6};
pub use transport::{Tcp, TcpOpt, Udp};
