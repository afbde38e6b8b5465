//! The lax whole-frame walk: link → (VLAN/LLC) → network → transport → tunnel.

use super::arp::Arp;
use super::ethernet::{Ethernet, Llc, VlanTag};
use super::icmp::Icmp;
use super::ipv4::Ipv4;
use super::ipv6::{walk_ext, ExtWalk, Ipv6};
use super::sll::Sll;
use super::summary::*;
use super::tcp::{self, Tcp, TcpOption};
use super::udp::Udp;
use super::registry::{EtherType, IpProto, LinkType, Port};
use super::fddi::{self, Fddi};
use super::{checksum, ethernet, null, tunnel};
use crate::time::Timestamp;
use std::fmt;
use std::net::IpAddr;

/// At most this many VLAN tags are peeled (QinQ and a little more).
pub const MAX_VLANS: usize = 4;
/// At most this many nested tunnels are followed.
pub const MAX_TUNNEL_DEPTH: u8 = 4;

/// The layer a walk stopped in (named as tcpdump names them in `[|…]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    Link,
    Vlan,
    Llc,
    Arp,
    Ip,
    Ip6,
    Tcp,
    Udp,
    Icmp,
    Icmp6,
    Tunnel,
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layer::Link => "ether",
            Layer::Vlan => "vlan",
            Layer::Llc => "llc",
            Layer::Arp => "arp",
            Layer::Ip => "ip",
            Layer::Ip6 => "ip6",
            Layer::Tcp => "tcp",
            Layer::Udp => "udp",
            Layer::Icmp => "icmp",
            Layer::Icmp6 => "icmp6",
            Layer::Tunnel => "tunnel",
        })
    }
}

/// Where and why decoding stopped before the end of the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop {
    pub layer: Layer,
    /// Offset in the frame of the layer that could not be decoded.
    pub offset: usize,
    pub reason: &'static str,
}

/// The link layer.
#[derive(Clone, Copy, Debug)]
pub enum Link<'a> {
    Ethernet(Ethernet<'a>),
    Sll(Sll),
    /// BSD null/loopback with its address family.
    Null { family: u32 },
    /// PPP with its protocol field.
    Ppp { protocol: u16 },
    /// FDDI (ANSI X3T9.5): frame control and MAC addresses; LLC follows.
    Fddi { fc: u8, dst: [u8; 6], src: [u8; 6] },
    /// IEEE 802.11 (plain, radiotap or PPI): radio header, MAC header.
    Ieee80211(super::wlan::Wlan<'a>),
    /// Raw IP: no link header.
    Raw,
    /// A link type the walk does not know (or a link header cut short).
    Unknown,
}

/// The network layer.
#[derive(Clone, Copy, Debug)]
pub enum Net<'a> {
    None,
    Ipv4(Ipv4<'a>),
    Ipv6(Ipv6<'a>, ExtWalk<'a>),
    Arp(Arp<'a>),
    /// A protocol the walk does not decode, by EtherType (or LLC SAP << 8).
    Other { ethertype: u16, data: &'a [u8] },
}

/// The transport layer.
#[derive(Clone, Copy, Debug)]
pub enum Trans<'a> {
    None,
    Tcp(Tcp<'a>),
    Udp(Udp<'a>),
    Icmp(Icmp<'a>),
    /// Another IP protocol, or a non-first fragment.
    Other { proto: u8, data: &'a [u8] },
}

/// The encapsulation a [`Decoded::inner`] packet came out of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tunnel {
    Gre,
    Vxlan,
    Teredo,
    Ayiya,
    PppoE,
    IpInIp,
    Geneve,
    GtpU,
    /// An Ethernet pseudowire inside MPLS.
    Mpls,
}

/// Frame metadata a [`Summary`] carries along.
#[derive(Clone, Copy, Debug, Default)]
pub struct FrameMeta {
    pub frame: u64,
    pub source: u16,
    pub ts: Timestamp,
    pub wire_len: u32,
}

/// Every layer decoded from one frame.
#[derive(Clone, Debug)]
pub struct Decoded<'a> {
    pub link_type: u32,
    /// The frame bytes as captured.
    pub frame: &'a [u8],
    pub link: Link<'a>,
    /// 802.2 LLC header of an 802.3 frame.
    pub llc: Option<Llc>,
    /// VLAN tags, outermost first; `vlan_count` are valid.
    pub vlans: [VlanTag; MAX_VLANS],
    pub vlan_count: u8,
    /// PPPoE session id, when the frame was PPPoE.
    pub pppoe_session: Option<u16>,
    /// The EtherType that selected the network layer.
    pub ethertype: Option<u16>,
    /// Offset of the network header in `frame`.
    pub net_offset: usize,
    pub net: Net<'a>,
    /// Offset of the transport header in `frame`.
    pub transport_offset: usize,
    pub transport: Trans<'a>,
    /// The IP payload was cut short of what the IP header announces.
    pub ip_truncated: bool,
    pub stop: Option<Stop>,
    /// Encapsulated packet, when a tunnel was followed.
    pub inner: Option<(Tunnel, Box<Decoded<'a>>)>,
}

impl<'a> Decoded<'a> {
    fn empty(link_type: u32, frame: &'a [u8]) -> Self {
        Decoded {
            link_type,
            frame,
            link: Link::Unknown,
            llc: None,
            vlans: [VlanTag::default(); MAX_VLANS],
            vlan_count: 0,
            pppoe_session: None,
            ethertype: None,
            net_offset: 0,
            net: Net::None,
            transport_offset: 0,
            transport: Trans::None,
            ip_truncated: false,
            stop: None,
            inner: None,
        }
    }

    pub(super) fn stop(&mut self, layer: Layer, offset: usize, reason: &'static str) {
        if self.stop.is_none() {
            self.stop = Some(Stop { layer, offset, reason });
        }
    }

    /// VLAN tags actually present.
    pub fn vlan_tags(&self) -> &[VlanTag] {
        &self.vlans[..self.vlan_count as usize]
    }

    /// Source and destination IP addresses, when there is an IP layer.
    pub fn ip_addrs(&self) -> Option<(IpAddr, IpAddr)> {
        match &self.net {
            Net::Ipv4(ip) => Some((ip.src().into(), ip.dst().into())),
            Net::Ipv6(ip, _) => Some((ip.src().into(), ip.dst().into())),
            _ => None,
        }
    }
}

/// Decodes `data`, captured with `link_type`, as far as the bytes allow.
pub fn decode(link_type: u32, data: &[u8]) -> Decoded<'_> {
    let mut d = Decoded::empty(link_type, data);
    decode_link(&mut d, 0);
    d
}

fn decode_link(d: &mut Decoded<'_>, depth: u8) {
    let data = d.frame;
    match LinkType(d.link_type) {
        LinkType::ETHERNET => match Ethernet::new(data) {
            Some(e) => {
                d.link = Link::Ethernet(e);
                ether_payload(d, e.type_or_len(), 14, depth);
            }
            None => d.stop(Layer::Link, 0, "truncated Ethernet header"),
        },
        LinkType::LINUX_SLL | LinkType::LINUX_SLL2 => {
            let s = if LinkType(d.link_type) == LinkType::LINUX_SLL { Sll::parse_v1(data) } else { Sll::parse_v2(data) };
            match s {
                Some(s) => {
                    d.link = Link::Sll(s);
                    ether_payload(d, s.protocol, s.header_len, depth);
                }
                None => d.stop(Layer::Link, 0, "truncated Linux cooked header"),
            }
        }
        LinkType::NULL | LinkType::LOOP => {
            let Some(family) = null::family(data, LinkType(d.link_type) == LinkType::LOOP) else {
                return d.stop(Layer::Link, 0, "truncated loopback header");
            };
            d.link = Link::Null { family };
            let et = match family {
                2 => EtherType::IPV4.0,
                10 | 24 | 28 | 30 => EtherType::IPV6.0,
                _ => return d.stop(Layer::Link, 0, "unknown loopback address family"),
            };
            network(d, et, null::HEADER_LEN, depth);
        }
        LinkType::RAW | LinkType::RAW_BSD12 | LinkType::RAW_BSD14 | LinkType::IPV4 | LinkType::IPV6 => {
            d.link = Link::Raw;
            let et = match (LinkType(d.link_type), data.first().map(|b| b >> 4)) {
                (LinkType::IPV4, _) => EtherType::IPV4.0,
                (LinkType::IPV6, _) => EtherType::IPV6.0,
                (_, Some(6)) => EtherType::IPV6.0,
                _ => EtherType::IPV4.0,
            };
            network(d, et, 0, depth);
        }
        LinkType::FDDI => {
            let Some(f) = Fddi::new(data) else {
                return d.stop(Layer::Link, 0, "truncated FDDI header");
            };
            d.link = Link::Fddi { fc: f.frame_control().0, dst: f.dst(), src: f.src() };
            if f.carries_llc() {
                // A zero "length" routes into the 802.2 LLC branch.
                ether_payload(d, 0, fddi::HEADER_LEN, depth);
            }
            // Tokens, SMT and MAC frames carry no network layer.
        }
        LinkType::PPP | LinkType::PPP_HDLC => match tunnel::ppp(data) {
            Some((len, proto)) => {
                d.link = Link::Ppp { protocol: proto };
                match tunnel::ppp_to_ethertype(proto) {
                    Some(et) => network(d, et, len, depth),
                    None => d.net = Net::Other { ethertype: proto, data: &data[len.min(data.len())..] },
                }
            }
            None => d.stop(Layer::Link, 0, "truncated PPP header"),
        },
        LinkType::IEEE802_11 | LinkType::IEEE802_11_RADIOTAP | LinkType::PPI => super::wlan::decode(d, depth),
        LinkType::C_HDLC => match tunnel::chdlc(data) {
            Some((len, et)) => network(d, et, len, depth),
            None => d.stop(Layer::Link, 0, "truncated Cisco HDLC header"),
        },
        LinkType::MPLS => mpls(d, 0, depth),
        LinkType::NFLOG => match tunnel::nflog(data) {
            // The logged packet's own length fields bound it within the record.
            Some((start, _end, et)) => network(d, et, start, depth),
            None => d.stop(Layer::Link, 0, "NFLOG record without a packet"),
        },
        _ => d.stop(Layer::Link, 0, "unknown link type"),
    }
}

/// Peels VLAN tags, LLC/SNAP and PPPoE, then decodes the network layer.
fn ether_payload(d: &mut Decoded<'_>, mut et: u16, mut off: usize, depth: u8) {
    let data = d.frame;
    if et == ethernet::FABRICPATH {
        // Cisco FabricPath: 2 bytes of FTag/TTL, then a whole inner Ethernet header.
        if data.len() < off + 16 {
            return d.stop(Layer::Link, off, "truncated FabricPath header");
        }
        et = super::field::be16(data, off + 14);
        off += 16;
    }
    while EtherType(et).is_vlan_tag() {
        if d.vlan_count as usize == MAX_VLANS {
            return d.stop(Layer::Vlan, off, "too many VLAN tags");
        }
        let Some(tag) = VlanTag::parse(et, &data[off.min(data.len())..]) else {
            return d.stop(Layer::Vlan, off, "truncated VLAN tag");
        };
        d.vlans[d.vlan_count as usize] = tag;
        d.vlan_count += 1;
        et = tag.inner_type;
        off += 4;
    }
    if et <= 1500 && matches!(d.link, Link::Ethernet(_) | Link::Fddi { .. }) {
        let Some(llc) = Llc::parse(&data[off.min(data.len())..]) else {
            return d.stop(Layer::Llc, off, "truncated LLC header");
        };
        d.llc = Some(llc);
        off += llc.len;
        match llc.snap {
            Some((oui, pid)) if oui == [0, 0, 0] => et = pid,
            _ => {
                d.net_offset = off;
                d.net = Net::Other { ethertype: (llc.dsap as u16) << 8 | llc.ssap as u16, data: &data[off.min(data.len())..] };
                return;
            }
        }
    }
    if et == 0x8864 {
        let rest = &data[off.min(data.len())..];
        let Some((len, proto)) = tunnel::pppoe_session(rest) else {
            return d.stop(Layer::Tunnel, off, "truncated PPPoE header");
        };
        d.pppoe_session = Some(super::field::be16(rest, 2));
        off += len;
        match tunnel::ppp_to_ethertype(proto) {
            Some(e) => et = e,
            None => {
                d.net = Net::Other { ethertype: proto, data: &data[off.min(data.len())..] };
                return;
            }
        }
    }
    network(d, et, off, depth);
}

pub(super) fn network(d: &mut Decoded<'_>, et: u16, off: usize, depth: u8) {
    let data = d.frame;
    let rest = &data[off.min(data.len())..];
    d.ethertype = Some(et);
    d.net_offset = off;
    match EtherType(et) {
        EtherType::IPV4 => match Ipv4::new(rest) {
            Some(ip) if ip.version() == 4 => {
                d.net = Net::Ipv4(ip);
                if ip.problem().is_some() {
                    return d.stop(Layer::Ip, off, "bad IPv4 header length");
                }
                let (payload, cut) = ip.payload();
                d.ip_truncated = cut;
                let toff = off + ip.header_len();
                if ip.frag_offset() != 0 {
                    d.transport_offset = toff;
                    d.transport = Trans::Other { proto: ip.protocol(), data: payload };
                    return;
                }
                transport(d, ip.protocol(), payload, toff, false, depth);
            }
            Some(_) => d.stop(Layer::Ip, off, "IP version is not 4"),
            None => d.stop(Layer::Ip, off, "truncated IPv4 header"),
        },
        EtherType::IPV6 => match Ipv6::new(rest) {
            Some(ip) if ip.version() == 6 => {
                let (payload, cut) = ip.payload();
                d.ip_truncated = cut;
                let (ext, _) = walk_ext(ip.next_header(), payload);
                d.net = Net::Ipv6(ip, ext);
                if let Some(e) = ext.error {
                    return d.stop(Layer::Ip6, off + 40 + ext.ext_len, e);
                }
                let toff = off + 40 + ext.ext_len;
                if matches!(ext.fragment, Some((o, _, _)) if o != 0) {
                    d.transport_offset = toff;
                    d.transport = Trans::Other { proto: ext.proto, data: ext.payload };
                    return;
                }
                transport(d, ext.proto, ext.payload, toff, true, depth);
            }
            Some(_) => d.stop(Layer::Ip6, off, "IP version is not 6"),
            None => d.stop(Layer::Ip6, off, "truncated IPv6 header"),
        },
        EtherType::MPLS | EtherType::MPLS_MULTICAST => mpls(d, off, depth),
        EtherType::ARP | EtherType::RARP => match Arp::new(rest) {
            Some(a) => {
                d.net = Net::Arp(a);
                if rest.len() < a.needed_len() {
                    d.stop(Layer::Arp, off, "truncated ARP addresses");
                }
            }
            None => d.stop(Layer::Arp, off, "truncated ARP header"),
        },
        _ => d.net = Net::Other { ethertype: et, data: rest },
    }
}

/// An MPLS label stack at `off`, then the packet it labels.
fn mpls(d: &mut Decoded<'_>, off: usize, depth: u8) {
    let data = d.frame;
    let rest = &data[off.min(data.len())..];
    match tunnel::mpls(rest) {
        Some((len, tunnel::MplsPayload::Ipv4)) => network(d, EtherType::IPV4.0, off + len, depth),
        Some((len, tunnel::MplsPayload::Ipv6)) => network(d, EtherType::IPV6.0, off + len, depth),
        Some((len, tunnel::MplsPayload::Ethernet)) => {
            d.ethertype = Some(EtherType::MPLS.0);
            d.net_offset = off;
            d.net = Net::Other { ethertype: EtherType::MPLS.0, data: rest };
            if depth < MAX_TUNNEL_DEPTH {
                follow(d, Tunnel::Mpls, LinkType::ETHERNET.0, &rest[len..], depth);
            }
        }
        None => {
            d.ethertype = Some(EtherType::MPLS.0);
            d.net_offset = off;
            d.net = Net::Other { ethertype: EtherType::MPLS.0, data: rest };
        }
    }
}

fn transport<'a>(d: &mut Decoded<'a>, proto: u8, payload: &'a [u8], off: usize, v6: bool, depth: u8) {
    d.transport_offset = off;
    match IpProto(proto) {
        IpProto::TCP => match Tcp::new(payload) {
            Some(t) => {
                d.transport = Trans::Tcp(t);
                if t.bad_offset() {
                    d.stop(Layer::Tcp, off, "TCP data offset below 20 bytes");
                } else if !t.options().1 {
                    d.stop(Layer::Tcp, off, "TCP options cut short");
                }
            }
            None => d.stop(Layer::Tcp, off, "truncated TCP header"),
        },
        IpProto::UDP => match Udp::new(payload) {
            Some(u) => {
                d.transport = Trans::Udp(u);
                udp_tunnel(d, u, off + 8, depth);
            }
            None => d.stop(Layer::Udp, off, "truncated UDP header"),
        },
        IpProto::ICMP | IpProto::ICMPV6 => {
            let ic = if IpProto(proto) == IpProto::ICMP { Icmp::new_v4(payload) } else { Icmp::new_v6(payload) };
            match ic {
                Some(i) => d.transport = Trans::Icmp(i),
                None => d.stop(if v6 { Layer::Icmp6 } else { Layer::Icmp }, off, "truncated ICMP header"),
            }
        }
        IpProto::GRE => {
            d.transport = Trans::Other { proto, data: payload };
            if depth < MAX_TUNNEL_DEPTH {
                if let Some((len, inner)) = tunnel::gre(payload) {
                    let body = &payload[len..];
                    match inner {
                        tunnel::Inner::Ethernet => follow(d, Tunnel::Gre, LinkType::ETHERNET.0, body, depth),
                        tunnel::Inner::Ip => follow(d, Tunnel::Gre, LinkType::RAW.0, body, depth),
                        tunnel::Inner::PppProto(_) => follow(d, Tunnel::Gre, LinkType::PPP.0, body, depth),
                        tunnel::Inner::Mpls => follow(d, Tunnel::Gre, LinkType::MPLS.0, body, depth),
                    }
                }
            }
        }
        IpProto::IPIP | IpProto::IPV6 => {
            d.transport = Trans::Other { proto, data: payload };
            if depth < MAX_TUNNEL_DEPTH {
                follow(d, Tunnel::IpInIp, LinkType::RAW.0, payload, depth);
            }
        }
        IpProto::MPLS_IN_IP => {
            d.transport = Trans::Other { proto, data: payload };
            if depth < MAX_TUNNEL_DEPTH {
                follow(d, Tunnel::IpInIp, LinkType::MPLS.0, payload, depth);
            }
        }
        _ => d.transport = Trans::Other { proto, data: payload },
    }
}

fn udp_tunnel<'a>(d: &mut Decoded<'a>, u: Udp<'a>, _off: usize, depth: u8) {
    if depth >= MAX_TUNNEL_DEPTH {
        return;
    }
    let body = u.payload();
    let ports = [u.src_port(), u.dst_port()];
    if ports.contains(&Port::VXLAN.0) {
        if let Some(len) = tunnel::vxlan(body) {
            follow(d, Tunnel::Vxlan, LinkType::ETHERNET.0, &body[len..], depth);
        }
    } else if ports.contains(&Port::GENEVE.0) {
        match tunnel::geneve(body) {
            Some((len, tunnel::Inner::Ethernet)) => follow(d, Tunnel::Geneve, LinkType::ETHERNET.0, &body[len..], depth),
            Some((len, _)) => follow(d, Tunnel::Geneve, LinkType::RAW.0, &body[len..], depth),
            None => {}
        }
    } else if ports.contains(&Port::GTP_U.0) {
        if let Some(len) = tunnel::gtp_u(body) {
            follow(d, Tunnel::GtpU, LinkType::RAW.0, &body[len..], depth);
        }
    } else if ports.contains(&Port::TEREDO.0) {
        if let Some(len) = tunnel::teredo(body) {
            follow(d, Tunnel::Teredo, LinkType::IPV6.0, &body[len..], depth);
        }
    } else if ports.contains(&Port::AYIYA.0) {
        if let Some(len) = tunnel::ayiya(body) {
            follow(d, Tunnel::Ayiya, LinkType::RAW.0, &body[len..], depth);
        }
    } else if let Some(len) = tunnel::teredo_on_any_port(body) {
        // Teredo clients talk to relays and peers on arbitrary ports once qualified.
        follow(d, Tunnel::Teredo, LinkType::IPV6.0, &body[len..], depth);
    }
}

fn follow<'a>(d: &mut Decoded<'a>, kind: Tunnel, link_type: u32, body: &'a [u8], depth: u8) {
    let mut inner = Decoded::empty(link_type, body);
    decode_link(&mut inner, depth + 1);
    // Only keep an inner packet that decoded to IP: a wrong guess stays invisible.
    if inner.ip_addrs().is_some() {
        d.inner = Some((kind, Box::new(inner)));
    }
}

impl<'a> Decoded<'a> {
    /// The digest of the outermost IP packet (None for ARP and non-IP frames).
    pub fn summary(&self, meta: FrameMeta) -> Option<Summary> {
        summarize(self, meta, false)
    }

    /// Digests of every IP packet in the frame: the outer one, then each
    /// tunnelled packet inside it (marked `tunneled`).
    pub fn summaries(&self, meta: FrameMeta) -> impl Iterator<Item = Summary> + '_ {
        let mut cur: Option<(&Decoded<'a>, bool)> = Some((self, false));
        std::iter::from_fn(move || loop {
            let (d, tunneled) = cur?;
            cur = d.inner.as_ref().map(|(_, b)| (&**b, true));
            if let Some(s) = summarize(d, meta, tunneled) {
                return Some(s);
            }
        })
    }
}

fn summarize(d: &Decoded<'_>, meta: FrameMeta, tunneled: bool) -> Option<Summary> {
    let (src, dst, ttl, ip_id, ip_len, fragment, ip_ok, l4_len) = match &d.net {
        Net::Ipv4(ip) => {
            let frag = ip.is_fragment().then(|| FragmentInfo {
                offset: ip.frag_offset(),
                more: ip.more_frags(),
                id: ip.ident() as u32,
            });
            let l4_len = ip.payload_len();
            (ip.src().into(), ip.dst().into(), ip.ttl(), ip.ident(), ip.total_len() as u32, frag, ip.checksum_ok(), l4_len)
        }
        Net::Ipv6(ip, ext) => {
            let frag = ext.fragment.map(|(offset, more, id)| FragmentInfo { offset, more, id });
            let plen = if ip.is_jumbogram() { ip.payload().0.len() as u32 } else { ip.payload_len() as u32 };
            let l4_len = plen.saturating_sub(ext.ext_len as u32);
            (ip.src().into(), ip.dst().into(), ip.hop_limit(), 0, 40 + plen, frag, None, l4_len)
        }
        _ => return None,
    };
    let whole = !d.ip_truncated && fragment.is_none();
    let head = match &d.transport {
        Trans::Tcp(t) => PayloadHead::new(t.payload()),
        Trans::Udp(u) => PayloadHead::new(u.payload()),
        _ => PayloadHead::default(),
    };
    let (transport, l4_ok) = match &d.transport {
        Trans::Tcp(t) => {
            let hl = t.header_len().max(20) as u32;
            let seg = t.bytes();
            let ok = whole.then(|| checksum::transport(src, dst, 6, seg) == 0);
            (Transport::Tcp(tcp_digest(t, l4_len.saturating_sub(hl))), ok)
        }
        Trans::Udp(u) => {
            let len = if (u.len() as u32) >= 8 && u.len() as u32 <= l4_len { u.len() as u32 } else { l4_len };
            let ok = whole.then(|| {
                (u.checksum_field() == 0 && matches!(src, IpAddr::V4(_)))
                    || checksum::transport(src, dst, 17, u.bytes()) == 0
            });
            (Transport::Udp(UdpDigest { sport: u.src_port(), dport: u.dst_port(), payload_len: len.saturating_sub(8) }), ok)
        }
        Trans::Icmp(i) => {
            let ok = whole.then(|| {
                if i.is_v6() {
                    checksum::transport(src, dst, 58, i.bytes()) == 0
                } else {
                    checksum::checksum(i.bytes()) == 0
                }
            });
            (Transport::Icmp(icmp_digest(i, l4_len)), ok)
        }
        Trans::Other { proto, .. } => (Transport::Other { proto: *proto, payload_len: l4_len }, None),
        Trans::None => {
            let proto = match &d.net {
                Net::Ipv4(ip) => ip.protocol(),
                Net::Ipv6(_, ext) => ext.proto,
                _ => 0,
            };
            (Transport::Other { proto, payload_len: l4_len }, None)
        }
    };
    Some(Summary {
        frame: meta.frame,
        source: meta.source,
        ts: meta.ts,
        wire_len: meta.wire_len,
        vlan: d.vlan_tags().first().map(|t| t.vid),
        src,
        dst,
        ttl,
        ip_id,
        ip_len,
        fragment,
        ip_checksum_ok: ip_ok,
        l4_checksum_ok: l4_ok,
        truncated: d.ip_truncated || d.stop.is_some(),
        tunneled,
        carries: d.inner.as_ref().map(|(k, _)| *k),
        transport,
        head,
    })
}

fn tcp_digest(t: &Tcp<'_>, payload_len: u32) -> TcpDigest {
    let mut o = TcpOptionsDigest::default();
    for opt in tcp::options(t.options().0) {
        match opt {
            TcpOption::Mss(m) => o.mss = Some(m),
            TcpOption::WindowScale(w) => o.wscale = Some(w),
            TcpOption::SackPermitted => o.sack_permitted = true,
            TcpOption::Timestamps { tsval, tsecr } => o.timestamps = Some((tsval, tsecr)),
            TcpOption::Sack { blocks, n } => {
                o.sack_blocks = n as u8;
                o.sack_max_right = blocks[..n].iter().map(|b| b.1).reduce(|a, b| if super::seq::gt(b, a) { b } else { a });
            }
            _ => {}
        }
    }
    TcpDigest {
        sport: t.src_port(),
        dport: t.dst_port(),
        seq: t.seq(),
        ack: t.ack(),
        flags: t.flags(),
        window: t.window(),
        urgent: t.urgent(),
        payload_len,
        header_len: t.header_len() as u8,
        options: o,
        payload_hash: payload_hash(&t.payload()[..t.payload().len().min(64)]),
    }
}

fn icmp_digest(i: &Icmp<'_>, len: u32) -> IcmpDigest {
    let echo = if i.is_v6() { matches!(i.kind(), 128 | 129) } else { matches!(i.kind(), 0 | 8 | 13 | 14 | 15 | 16) };
    IcmpDigest {
        v6: i.is_v6(),
        kind: i.kind(),
        code: i.code(),
        id: if echo { i.echo_id() } else { 0 },
        seq: if echo { i.echo_seq() } else { 0 },
        len,
        quoted: i.quoted().and_then(quoted),
    }
}

/// Reads the IP + transport header an ICMP error quotes.
fn quoted(q: &[u8]) -> Option<Quoted> {
    let d = decode(LinkType::RAW.0, q);
    let (src, dst) = d.ip_addrs()?;
    let proto = match &d.net {
        Net::Ipv4(ip) => ip.protocol(),
        Net::Ipv6(_, ext) => ext.proto,
        _ => return None,
    };
    // The quote is usually only 8 bytes of transport header: read ports and seq
    // from the raw bytes, since the views above need a whole header.
    let l4 = q.get(d.transport_offset..).unwrap_or(&[]);
    let be16 = |o| super::field::be16(l4, o);
    let mut out = Quoted { src, dst, proto, sport: 0, dport: 0, tcp_seq: None, tcp_flags: None, icmp_id: None };
    match proto {
        6 | 17 if l4.len() >= 4 => {
            out.sport = be16(0);
            out.dport = be16(2);
            if proto == 6 && l4.len() >= 8 {
                out.tcp_seq = Some(super::field::be32(l4, 4));
            }
            if proto == 6 && l4.len() >= 14 {
                out.tcp_flags = Some(TcpFlags(be16(12) & 0x1ff));
            }
        }
        1 | 58 if l4.len() >= 8 => out.icmp_id = Some(be16(4)),
        _ => {}
    }
    Some(out)
}

/// A 32-bit hash of a payload's first bytes, to match the same segment
/// across two captures (0 for none). It only has to agree with itself
/// within one run: eight bytes a step, since every TCP segment of every
/// capture is hashed (byte-wise FNV-1a over 64 bytes was a tenth of decoding).
pub fn payload_hash(b: &[u8]) -> u32 {
    if b.is_empty() {
        return 0;
    }
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ b.len() as u64;
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let w = <[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes);
        h = (h ^ w).wrapping_mul(K).rotate_left(31);
    }
    for &x in words.remainder() {
        h = (h ^ x as u64).wrapping_mul(K).rotate_left(31);
    }
    let h = (h ^ (h >> 29)).wrapping_mul(K);
    (h >> 32) as u32
}
