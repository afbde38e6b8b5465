//! What is left when the walk could not decode a whole transport header:
//! partial TCP/UDP headers (cut short, or quoted by ICMP), GRE headers, and
//! payloads of other protocols or later fragments.

use super::link::ethertype_display;
use super::net::proto_display;
use super::node::{Node, Value};
use super::transport::{flag_names, port};
use super::Ctx;
use crate::wire::field::{be16, be32};
use crate::wire::{Decoded, Layer, Net};

/// A transport header the walk stopped in (cut short, or quoted by ICMP):
/// the fields that are there.
pub fn partial(cx: &mut Ctx<'_>, d: &Decoded<'_>) -> Option<Node> {
    let s = d.stop?;
    let proto = match s.layer {
        Layer::Tcp => 6,
        Layer::Udp => 17,
        Layer::Icmp | Layer::Icmp6 => return None,
        _ => return None,
    };
    let b = match &d.net {
        Net::Ipv4(ip) => ip.payload().0,
        Net::Ipv6(_, ext) => ext.payload,
        _ => return None,
    };
    if b.len() < 4 {
        return None;
    }
    let why = if cx.quoted { "as quoted" } else { "cut short" };
    let (key, name, full) = if proto == 6 {
        ("tcp", "Transmission Control Protocol", 20)
    } else {
        ("udp", "User Datagram Protocol", 8)
    };
    let mut n = Node::group(
        key,
        format!(
            "{name}, Src Port: {}, Dst Port: {} (first {} of {full} header bytes, {why})",
            be16(b, 0),
            be16(b, 2),
            b.len().min(full)
        ),
    )
    .with(port(cx, "sport", "Source port", proto, be16(b, 0)))
    .with(port(cx, "dport", "Destination port", proto, be16(b, 2)));
    if proto == 6 {
        if b.len() >= 8 {
            let seq = be32(b, 4);
            let base = d
                .ip_addrs()
                .and_then(|(s, t)| cx.tcp.peek(s, be16(b, 0), t, be16(b, 2)));
            if let Some((base, from_syn)) = base {
                let r = seq.wrapping_sub(base);
                let how = if from_syn {
                    "relative to the ISN"
                } else {
                    "relative to the first segment seen"
                };
                n.push(Node::num("seq_rel", "Sequence number", r).show(format!("{r} ({how})")));
            }
            n.push(Node::num("seq", "Sequence number (raw)", seq));
        }
        if b.len() >= 12 {
            n.push(Node::num("ack", "Acknowledgment number (raw)", be32(b, 8)));
        }
        if b.len() >= 14 {
            let f = be16(b, 12) & 0x1ff;
            n.push(
                Node::text("flags", "Flags", flag_names(f))
                    .show(format!("0x{f:03x} ({})", flag_names(f))),
            );
        }
    } else if b.len() >= 6 {
        n.push(Node::num("length", "Length", be16(b, 4)));
    }
    Some(n)
}

/// An IP payload the walk does not decode further (other protocols, later
/// fragments); a GRE header becomes its own layer.
pub fn other(d: &Decoded<'_>, proto: u8, data: &[u8]) -> Node {
    let frag = match &d.net {
        Net::Ipv4(ip) => ip.frag_offset() != 0,
        Net::Ipv6(_, ext) => matches!(ext.fragment, Some((o, _, _)) if o != 0),
        _ => false,
    };
    if proto == 47 && !frag {
        if let Some(g) = gre(data) {
            return g;
        }
    }
    let label = if frag {
        format!(
            "Fragment data: {} bytes of {} (not reassembled)",
            data.len(),
            proto_display(proto)
        )
    } else {
        format!("Payload: {}, {} bytes", proto_display(proto), data.len())
    };
    let mut n = Node::group("payload", label)
        .with(Node::num("proto", "Protocol", proto).show(proto_display(proto)))
        .with(
            Node::num("len", "Length", data.len() as u64)
                .show(format!("{} bytes (not decoded)", data.len())),
        );
    if frag {
        n.push(
            Node::field("fragment", "Later fragment", Value::Bool(true))
                .show("yes: the transport header is in the first fragment"),
        );
    }
    n
}

/// The GRE header (RFC 2784, RFC 2890 key and sequence, RFC 2637 enhanced GRE).
fn gre(b: &[u8]) -> Option<Node> {
    if b.len() < 4 {
        return None;
    }
    let f = be16(b, 0);
    let pt = be16(b, 2);
    let version = f & 7;
    let present = |bit: u16| if f & bit != 0 { "present" } else { "absent" };
    let mut n = Node::group(
        "gre",
        format!("Generic Routing Encapsulation ({})", ethertype_display(pt)),
    )
    .with(Node::num("flags", "Flags and version", f).show(format!(
        "0x{f:04x} (checksum {}, key {}, sequence number {}, version {version})",
        present(0x8000),
        present(0x2000),
        present(0x1000)
    )))
    .with(Node::num("version", "Version", version))
    .with(Node::num("protocol", "Protocol type", pt).show(ethertype_display(pt)));
    let mut off = 4;
    if version == 0 {
        if f & 0x8000 != 0 {
            n.push(
                Node::num("checksum", "Checksum", be16(b, off))
                    .show(format!("0x{:04x}", be16(b, off))),
            );
            off += 4;
        }
        if f & 0x2000 != 0 {
            n.push(Node::num("key", "Key", be32(b, off)).show(format!("0x{:08x}", be32(b, off))));
            off += 4;
        }
    } else if version == 1 {
        n.push(Node::num("payload_len", "Payload length", be16(b, off)));
        n.push(Node::num("call_id", "Call ID", be16(b, off + 2)));
        off += 4;
    }
    if f & 0x1000 != 0 {
        n.push(Node::num("seq", "Sequence number", be32(b, off)));
        off += 4;
    }
    if version == 1 && f & 0x0080 != 0 {
        n.push(Node::num("ack", "Acknowledgment number", be32(b, off)));
        off += 4;
    }
    if b.len() < off {
        n.push(Node::note("truncated", "Truncated: GRE header cut short"));
    }
    Some(n)
}
