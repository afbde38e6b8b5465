//! Network-layer subtrees: IPv4 (with options and header checksum verdict),
//! IPv6 (with each extension header), ARP, and undecoded payloads.

use super::link::{ethertype_display, mac, mac_str};
use super::lookup;
use super::node::{named, Node, Value};
use super::Ctx;
use crate::wire::arp::Arp;
use crate::wire::ipv4::{ipv4_options, Ipv4, Ipv4Problem};
use crate::wire::ipv6::{walk_ext, ExtHeader, ExtWalk, Ipv6};
use crate::wire::{Decoded, Link, Stop};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// `TCP (6)`.
pub fn proto_display(p: u8) -> String {
    match lookup::ipproto(p) {
        Some(n) => format!("{n} ({p})"),
        None => format!("Unknown ({p})"),
    }
}

/// An IP address with its classful class (IPv4) and special range.
pub fn addr(key: &'static str, label: &str, a: IpAddr) -> Node {
    let mut n = Node::text(key, label, a.to_string());
    if let IpAddr::V4(v4) = a {
        let c = lookup::class(v4);
        n = n.tag("class", Value::Str(c.to_string()), format!("class {c}"));
    }
    match lookup::special(a) {
        Some(s) => n.tag("special", Value::Str(s.into()), s),
        None => n.tag("special", Value::Null, ""),
    }
}

/// `0x00 (precedence 0 Routine, DSCP CS0, ECN Not-ECT)` as a TOS node.
fn tos(tos: u8) -> Node {
    Node::num("tos", "Type of service", tos)
        .show(format!(
            "0x{tos:02x} (precedence {} {}, DSCP {}, ECN {})",
            tos >> 5,
            lookup::precedence(tos),
            lookup::dscp(tos),
            lookup::ecn(tos)
        ))
        .with(
            Node::num("precedence", "Precedence", tos >> 5)
                .show(format!("{} ({})", tos >> 5, lookup::precedence(tos)))
                .relabel(format!("{} = Precedence", bits8(tos, 0xe0))),
        )
        .with(
            Node::num("dscp", "DSCP", tos >> 2)
                .show(format!("{} ({})", lookup::dscp(tos), tos >> 2))
                .relabel(format!(
                    "{} = Differentiated Services codepoint",
                    bits8(tos, 0xfc)
                )),
        )
        .with(
            Node::num("ecn", "ECN", tos & 3)
                .show(format!("{} ({})", lookup::ecn(tos), tos & 3))
                .relabel(format!(
                    "{} = Explicit Congestion Notification",
                    bits8(tos, 0x03)
                )),
        )
}

/// An 8-bit field diagram: `0000 00.. ` style for the bits in `mask`.
pub fn bits8(v: u8, mask: u8) -> String {
    let mut s = String::with_capacity(9);
    for i in (0..8).rev() {
        if i == 3 {
            s.push(' ');
        }
        let bit = 1u8 << i;
        s.push(if mask & bit == 0 {
            '.'
        } else if v & bit != 0 {
            '1'
        } else {
            '0'
        });
    }
    s
}

/// Checksum verdict children: status (and expected value when incorrect).
pub fn verdict(mut n: Node, ok: Option<bool>, expected: Option<u16>, why_unverified: &str) -> Node {
    match ok {
        Some(true) => n = n.tag("status", Value::Str("correct".into()), "correct"),
        Some(false) => {
            n = n.tag("status", Value::Str("incorrect".into()), "incorrect");
            if let Some(e) = expected {
                n = n.tag(
                    "expected",
                    Value::U(e as u64),
                    format!("should be 0x{e:04x}"),
                );
            }
        }
        None => {
            n = n.tag(
                "status",
                Value::Str("unverified".into()),
                format!("unverified: {why_unverified}"),
            )
        }
    }
    n
}

/// The IPv4 subtree.
pub fn ipv4(cx: &mut Ctx<'_>, d: &Decoded<'_>, ip: &Ipv4<'_>) -> Node {
    let hl = ip.header_len();
    let (src, dst) = (ip.src(), ip.dst());
    let mut n = Node::group(
        "ip",
        format!("Internet Protocol Version 4, Src: {src}, Dst: {dst}"),
    )
    .with(Node::num("version", "Version", ip.version()))
    .with(Node::num("hdr_len", "Header length", hl as u64).show(format!("{hl} bytes ({})", hl / 4)))
    .with(tos(ip.tos()))
    .with({
        let t = Node::num("total_len", "Total length", ip.total_len());
        if ip.tso_assumed() {
            t.show(format!("0 (assumed TCP segmentation offload: {} bytes captured)", ip.effective_total_len()))
        } else {
            t
        }
    })
    .with(Node::num("id", "Identification", ip.ident()).show(format!(
        "0x{:04x} ({})",
        ip.ident(),
        ip.ident()
    )))
    .with(ip_flags(ip))
    .with(
        Node::num("frag_offset", "Fragment offset", ip.frag_offset()).show(format!(
            "{} bytes ({} × 8)",
            ip.frag_offset(),
            ip.frag_offset() / 8
        )),
    )
    .with(Node::num("ttl", "Time to live", ip.ttl()))
    .with(named(
        Node::num("proto", "Protocol", ip.protocol()).show(proto_display(ip.protocol())),
        lookup::ipproto(ip.protocol()),
    ));
    let ck = Node::num("checksum", "Header checksum", ip.checksum_field())
        .show(format!("0x{:04x}", ip.checksum_field()));
    let why = if hl < 20 {
        "bad header length"
    } else {
        "header not fully captured"
    };
    n.push(verdict(ck, ip.checksum_ok(), ip.computed_checksum(), why));
    n.push(addr("src", "Source address", IpAddr::V4(src)));
    n.push(addr("dst", "Destination address", IpAddr::V4(dst)));
    match ip.problem() {
        Some(Ipv4Problem::BadHeaderLength(b)) => n.push(Node::note(
            "bad_hdr_len",
            format!("Bad header length: {b} bytes (the minimum is 20)"),
        )),
        Some(Ipv4Problem::TotalLengthTooSmall(t)) => n.push(Node::note(
            "bad_total_len",
            format!("Bad total length: {t} is less than the header length {hl}"),
        )),
        Some(Ipv4Problem::HeaderTruncated) | None => {}
    }
    if !ip.options().is_empty() {
        n.push(ipv4_opts(ip.options()));
    }
    if d.ip_truncated && !cx.quoted {
        let (payload, _) = ip.payload();
        n.push(Node::note(
            "payload_truncated",
            format!(
                "IP payload cut short: {} of {} bytes captured",
                payload.len(),
                ip.payload_len()
            ),
        ));
    }
    n
}

/// IPv4 flags group (reserved, DF, MF each by name).
fn ip_flags(ip: &Ipv4<'_>) -> Node {
    let byte = ip.bytes().get(6).copied().unwrap_or(0);
    let f = byte >> 5;
    let mut names = Vec::new();
    if ip.reserved_flag() {
        names.push("Reserved");
    }
    if ip.dont_frag() {
        names.push("Don't fragment");
    }
    if ip.more_frags() {
        names.push("More fragments");
    }
    let summary = if names.is_empty() {
        String::new()
    } else {
        format!(" ({})", names.join(", "))
    };
    Node::group("flags", "Flags")
        .show(format!("0x{f:x}{summary}"))
        .with(Node::flag(
            "rf",
            format!("{} = Reserved bit (evil bit)", bits8(byte, 0x80)),
            ip.reserved_flag(),
        ))
        .with(Node::flag(
            "df",
            format!("{} = Don't fragment", bits8(byte, 0x40)),
            ip.dont_frag(),
        ))
        .with(Node::flag(
            "mf",
            format!("{} = More fragments", bits8(byte, 0x20)),
            ip.more_frags(),
        ))
}

/// IPv4 options, each by name.
fn ipv4_opts(opts: &[u8]) -> Node {
    let names: Vec<&str> = ipv4_options(opts)
        .map(|o| {
            o.ok()
                .and_then(|o| lookup::ipv4_option(o.kind))
                .unwrap_or("?")
        })
        .collect();
    let mut l = Node::list("options", "Options").show(format!(
        "{} bytes: {}",
        opts.len(),
        names.join(", ")
    ));
    for o in ipv4_options(opts) {
        match o {
            Ok(o) => {
                let name = lookup::ipv4_option(o.kind).unwrap_or("Unknown option");
                let mut item = Node::group("option", format!("IP Option - {name} ({})", o.kind))
                    .with(Node::num("type", "Type", o.kind).show(format!(
                        "{} (copied {}, class {}, number {})",
                        o.kind,
                        o.kind >> 7,
                        (o.kind >> 5) & 3,
                        o.kind & 0x1f
                    )))
                    .with(Node::text("name", "Name", name));
                if o.kind > 1 {
                    item.push(Node::num("len", "Length", o.len));
                    if !o.data.is_empty() {
                        item.push(Node::text("data", "Data", hex(o.data)));
                    }
                }
                if o.kind == 7 || o.kind == 131 || o.kind == 137 {
                    // Route options: pointer then a list of addresses.
                    let ptr = o.data.first().copied().unwrap_or(0);
                    item.push(Node::num("pointer", "Pointer", ptr));
                    let mut route = Node::list("route", "Route");
                    for a in o.data.get(1..).unwrap_or(&[]).chunks_exact(4) {
                        route.push(Node::text(
                            "addr",
                            "Address",
                            Ipv4Addr::new(a[0], a[1], a[2], a[3]).to_string(),
                        ));
                    }
                    item.push(route);
                }
                l.push(item);
            }
            Err(kind) => l.push(Node::note(
                "malformed",
                format!("Malformed: option {kind} has a bad length (below 2 or past the options)"),
            )),
        }
    }
    l
}

/// Hex of a short byte string (cut at 64 bytes).
pub fn hex(b: &[u8]) -> String {
    let mut s: String = b.iter().take(64).map(|x| format!("{x:02x}")).collect();
    if b.len() > 64 {
        s.push('…');
    }
    s
}

/// The IPv6 subtree with each extension header.
pub fn ipv6(cx: &mut Ctx<'_>, d: &Decoded<'_>, ip: &Ipv6<'_>, ext: &ExtWalk<'_>) -> Node {
    let (src, dst) = (ip.src(), ip.dst());
    let tc = ip.traffic_class();
    let mut n = Node::group(
        "ipv6",
        format!("Internet Protocol Version 6, Src: {src}, Dst: {dst}"),
    )
    .with(Node::num("version", "Version", ip.version()))
    .with(
        Node::num("tclass", "Traffic class", tc)
            .show(format!("0x{tc:02x}"))
            .tag(
                "dscp",
                Value::U((tc >> 2) as u64),
                format!("DSCP {}", lookup::dscp(tc)),
            )
            .tag(
                "ecn",
                Value::U((tc & 3) as u64),
                format!("ECN {}", lookup::ecn(tc)),
            ),
    )
    .with(
        Node::num("flow", "Flow label", ip.flow_label()).show(format!("0x{:05x}", ip.flow_label())),
    )
    .with(payload_len_node(ip))
    .with(named(
        Node::num("nxt", "Next header", ip.next_header()).show(proto_display(ip.next_header())),
        lookup::ipproto(ip.next_header()),
    ))
    .with(Node::num("hlim", "Hop limit", ip.hop_limit()))
    .with(addr("src", "Source address", IpAddr::V6(src)))
    .with(addr("dst", "Destination address", IpAddr::V6(dst)));
    let (payload, _) = ip.payload();
    let (_, headers) = walk_ext(ip.next_header(), payload);
    let mut l = Node::list("ext", "Extension headers");
    for h in headers {
        l.push(ext_header(&h));
    }
    if !l.children.is_empty() {
        l.display = format!("{} ({} bytes)", l.children.len(), ext.ext_len);
        n.push(l);
    }
    if d.ip_truncated && !cx.quoted {
        n.push(Node::note(
            "payload_truncated",
            format!(
                "IPv6 payload cut short: {} of {} bytes captured",
                payload.len(),
                ip.payload_len()
            ),
        ));
    }
    n
}

fn payload_len_node(ip: &Ipv6<'_>) -> Node {
    let p = ip.payload_len();
    let n = Node::num("payload_len", "Payload length", p);
    if p == 0 {
        n.show("0 (jumbogram or no payload)")
    } else {
        n
    }
}

fn ext_name(kind: u8) -> &'static str {
    match kind {
        0 => "Hop-by-Hop Options",
        43 => "Routing",
        44 => "Fragment",
        51 => "Authentication",
        60 => "Destination Options",
        135 => "Mobility",
        139 => "Host Identity Protocol",
        140 => "Shim6",
        _ => "Extension",
    }
}

/// One IPv6 extension header.
fn ext_header(h: &ExtHeader<'_>) -> Node {
    let name = ext_name(h.kind);
    let mut n = Node::group("header", format!("{name} Header"))
        .with(named(
            Node::num("type", "Header type", h.kind).show(format!("{name} ({})", h.kind)),
            Some(name),
        ))
        .with(named(
            Node::num("next", "Next header", h.next).show(proto_display(h.next)),
            lookup::ipproto(h.next),
        ))
        .with(
            Node::num("len", "Length", h.data.len() as u64).show(format!("{} bytes", h.data.len())),
        );
    if let Some((t, left)) = h.routing() {
        let tname = match t {
            0 => "source route (deprecated, RFC 5095)",
            2 => "Type 2 (Mobile IPv6)",
            3 => "RPL source route",
            4 => "Segment Routing (SRH)",
            _ => "unknown",
        };
        n.push(Node::num("routing_type", "Routing type", t).show(format!("{t}: {tname}")));
        n.push(Node::num("segments_left", "Segments left", left));
        if t == 0 || t == 4 {
            let mut l = Node::list("addresses", "Addresses");
            for a in h.data.get(8..).unwrap_or(&[]).chunks_exact(16) {
                let mut b = [0u8; 16];
                b.copy_from_slice(a);
                l.push(Node::text("addr", "Address", Ipv6Addr::from(b).to_string()));
            }
            if !l.children.is_empty() {
                n.push(l);
            }
        }
    }
    if let Some((off, more, id)) = h.fragment() {
        n.push(Node::num("frag_offset", "Fragment offset", off).show(format!("{off} bytes")));
        n.push(Node::flag("more", "More fragments", more));
        n.push(Node::num("frag_id", "Identification", id).show(format!("0x{id:08x}")));
    }
    if matches!(h.kind, 0 | 60) {
        n.push(ipv6_opts(h.options()));
    }
    n
}

/// Hop-by-hop / destination options (TLVs; Pad1 is a single byte).
fn ipv6_opts(mut o: &[u8]) -> Node {
    let mut l = Node::list("options", "Options");
    while let Some(&t) = o.first() {
        if t == 0 {
            l.push(
                Node::group("option", "Pad1").with(Node::num("type", "Type", 0u8).show("Pad1 (0)")),
            );
            o = &o[1..];
            continue;
        }
        let Some(&len) = o.get(1) else {
            l.push(Node::note(
                "malformed",
                format!("Malformed: option 0x{t:02x} has no length byte"),
            ));
            break;
        };
        let Some(data) = o.get(2..2 + len as usize) else {
            l.push(Node::note(
                "malformed",
                format!("Malformed: option 0x{t:02x} runs past its header"),
            ));
            break;
        };
        let name = lookup::ipv6_option(t).unwrap_or("Unknown option");
        let mut item = Node::group("option", format!("{name} (0x{t:02x})"))
            .with(Node::num("type", "Type", t).show(format!("{name} (0x{t:02x})")))
            .with(Node::num("len", "Length", len));
        match (t, data.len()) {
            (0x05, 2) => item.push(Node::num(
                "router_alert",
                "Router alert",
                u16::from_be_bytes([data[0], data[1]]),
            )),
            (0xc2, 4) => item.push(Node::num(
                "jumbo_len",
                "Jumbo payload length",
                u32::from_be_bytes([data[0], data[1], data[2], data[3]]),
            )),
            (0x04, 1) => item.push(Node::num(
                "encap_limit",
                "Tunnel encapsulation limit",
                data[0],
            )),
            (0x01, _) => {}
            _ if !data.is_empty() => item.push(Node::text("data", "Data", hex(data))),
            _ => {}
        }
        l.push(item);
        o = &o[2 + len as usize..];
    }
    l
}

/// The ARP subtree.
pub fn arp(a: &Arp<'_>) -> Node {
    let op = a.op();
    let opname = lookup::arp_op(op).unwrap_or("unknown");
    let hw = a.hw_type();
    let mut n = Node::group("arp", format!("Address Resolution Protocol ({opname})"))
        .with(Node::num("hw_type", "Hardware type", hw).show(format!(
            "{} ({hw})",
            lookup::arphrd(hw).unwrap_or("unknown")
        )))
        .with(
            Node::num("proto_type", "Protocol type", a.proto_type())
                .show(ethertype_display(a.proto_type())),
        )
        .with(Node::num("hw_size", "Hardware size", a.hw_len()))
        .with(Node::num("proto_size", "Protocol size", a.proto_len()))
        .with(named(
            Node::num("opcode", "Opcode", op).show(format!("{opname} ({op})")),
            lookup::arp_op(op),
        ));
    let fields = [
        ("sender_mac", "Sender hardware address", a.sender_hw(), true),
        (
            "sender_ip",
            "Sender protocol address",
            a.sender_proto(),
            false,
        ),
        ("target_mac", "Target hardware address", a.target_hw(), true),
        (
            "target_ip",
            "Target protocol address",
            a.target_proto(),
            false,
        ),
    ];
    for (key, label, bytes, is_hw) in fields {
        match bytes {
            Some(b) if is_hw && b.len() == 6 => {
                let mut m = [0u8; 6];
                m.copy_from_slice(b);
                n.push(mac(key, label, m));
            }
            Some(b) if !is_hw && b.len() == 4 => {
                n.push(addr(
                    key,
                    label,
                    IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3])),
                ));
            }
            Some(b) if !is_hw && b.len() == 16 => {
                let mut x = [0u8; 16];
                x.copy_from_slice(b);
                n.push(addr(key, label, IpAddr::V6(Ipv6Addr::from(x))));
            }
            Some(b) => n.push(Node::text(key, label, mac_str(b))),
            None => n.push(Node::field(key, label, Value::Null).show("[not captured]")),
        }
    }
    n
}

/// A network payload the walk does not decode.
pub fn other(d: &Decoded<'_>, ethertype: u16, data: &[u8]) -> Node {
    let what = match d.llc {
        Some(l) if l.snap.is_none() => format!("LLC DSAP 0x{:02x} SSAP 0x{:02x}", l.dsap, l.ssap),
        Some(l) => {
            let (oui, pid) = l.snap.unwrap_or(([0; 3], 0));
            format!("SNAP organization {} protocol 0x{pid:04x}", mac_str(&oui))
        }
        _ if d.pppoe_session.is_some() || matches!(d.link, Link::Ppp { .. }) => {
            format!(
                "PPP protocol {} (0x{ethertype:04x})",
                super::link::ppp_name(ethertype)
            )
        }
        _ => format!("EtherType {}", ethertype_display(ethertype)),
    };
    Node::group("data", format!("Data ({what}): {} bytes", data.len()))
        .with(Node::num("protocol", "Protocol", ethertype).show(what))
        .with(
            Node::num("len", "Length", data.len() as u64)
                .show(format!("{} bytes (not decoded)", data.len())),
        )
}

/// A network header the walk could not decode (cut short, wrong version):
/// the version nibble and how many bytes there are.
pub fn partial(d: &Decoded<'_>, s: Stop) -> Option<Node> {
    let (key, name, full) = match s.layer {
        crate::wire::Layer::Ip => ("ip", "Internet Protocol Version 4", 20),
        crate::wire::Layer::Ip6 => ("ipv6", "Internet Protocol Version 6", 40),
        _ => return None,
    };
    if !matches!(d.net, crate::wire::Net::None) {
        return None;
    }
    let b = d.frame.get(s.offset..)?;
    let first = *b.first()?;
    Some(
        Node::group(
            key,
            format!(
                "{name} (header not decoded: {} of {full} bytes captured)",
                b.len().min(full)
            ),
        )
        .with(Node::num("version", "Version", first >> 4))
        .with(Node::num("captured", "Bytes captured", b.len() as u64)),
    )
}
