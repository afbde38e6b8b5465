//! TCP and UDP subtrees: TCP relative seq/ack (per-direction ISNs), flags,
//! options, window scaling and checksum verdict; UDP with its checksum
//! verdict and a VXLAN header when present.

use super::lookup;
use super::net::{hex, verdict};
use super::node::{named, Node, Value};
use super::tcp_state::Rel;
use super::Ctx;
use crate::wire::checksum;
use crate::wire::field::be32;
use crate::wire::ipv6::walk_ext;
use crate::wire::tcp::{self, Tcp, TcpOption};
use crate::wire::registry::Port;
use crate::wire::udp::Udp;
use crate::wire::{Decoded, Net, TcpFlags};
use std::net::{IpAddr, Ipv6Addr};

/// A port with its service name.
pub(super) fn port(cx: &Ctx<'_>, key: &'static str, label: &str, proto: u8, p: u16) -> Node {
    let n = Node::num(key, label, p);
    if !cx.opts.resolve_ports {
        return n;
    }
    match lookup::service(proto, p) {
        Some(s) => n.tag("service", Value::Str(s.into()), s),
        None => n.tag("service", Value::Null, ""),
    }
}

/// Checksum the segment should carry: the pseudo-header sum over the segment
/// with its checksum field (at `at`) taken as zero.
pub(super) fn expected(
    src: IpAddr,
    dst: IpAddr,
    proto: u8,
    seg: &[u8],
    at: usize,
    pseudo: bool,
) -> Option<u16> {
    let head = seg.get(..at)?;
    let tail = seg.get(at + 2..)?;
    let acc = if pseudo {
        checksum::pseudo_header(src, dst, proto, seg.len() as u32)
    } else {
        0
    };
    Some(checksum::finish(checksum::sum(
        checksum::sum(acc, head),
        tail,
    )))
}

/// Whether the transport segment can be verified, and why not.
pub(super) fn verifiable(cx: &Ctx<'_>, d: &Decoded<'_>) -> Result<(IpAddr, IpAddr), &'static str> {
    if cx.quoted {
        return Err("quoted in an ICMP error");
    }
    if d.ip_truncated {
        return Err("segment not fully captured");
    }
    let frag = match &d.net {
        Net::Ipv4(ip) => ip.is_fragment(),
        Net::Ipv6(_, ext) => ext.fragment.is_some(),
        _ => false,
    };
    if frag {
        return Err("IP fragment, not reassembled");
    }
    let (src, dst) = d.ip_addrs().ok_or("no IP layer")?;
    Ok((src, final_destination(d).unwrap_or(dst)))
}

/// The final destination an IPv6 routing header names while segments are left:
/// upper-layer checksums use it (RFC 8200 §8.1).
fn final_destination(d: &Decoded<'_>) -> Option<IpAddr> {
    let Net::Ipv6(ip, _) = &d.net else {
        return None;
    };
    let (_, headers) = walk_ext(ip.next_header(), ip.payload().0);
    let mut last = None;
    for h in headers {
        let Some((t, left)) = h.routing() else {
            continue;
        };
        if left == 0 {
            continue;
        }
        let list = h.data.get(8..).unwrap_or(&[]);
        let addr = match t {
            0 => list.chunks_exact(16).last(),
            2 | 4 => list.chunks_exact(16).next(),
            _ => None,
        };
        if let Some(a) = addr {
            let mut b = [0u8; 16];
            b.copy_from_slice(a);
            last = Some(IpAddr::V6(Ipv6Addr::from(b)));
        }
    }
    last
}

/// Transport payload length the IP header announces.
fn l4_len(d: &Decoded<'_>) -> Option<u32> {
    match &d.net {
        Net::Ipv4(ip) => Some(ip.payload_len()),
        Net::Ipv6(ip, ext) if ip.payload_len() != 0 => {
            Some((ip.payload_len() as u32).saturating_sub(ext.ext_len as u32))
        }
        _ => None,
    }
}

const FLAG_BITS: [(u16, &str, &str); 9] = [
    (TcpFlags::AE, "ae", "Accurate ECN"),
    (TcpFlags::CWR, "cwr", "CWR (Congestion Window Reduced)"),
    (TcpFlags::ECE, "ece", "ECE (ECN-Echo)"),
    (TcpFlags::URG, "urg", "URG (Urgent)"),
    (TcpFlags::ACK, "ack", "ACK (Acknowledgment)"),
    (TcpFlags::PSH, "psh", "PSH (Push)"),
    (TcpFlags::RST, "rst", "RST (Reset)"),
    (TcpFlags::SYN, "syn", "SYN"),
    (TcpFlags::FIN, "fin", "FIN"),
];

/// A 12-bit diagram (`.... ...1 ....`) of `v` restricted to `mask`.
fn bits12(v: u16, mask: u16) -> String {
    let mut s = String::with_capacity(14);
    for i in (0..12).rev() {
        if i == 7 || i == 3 {
            s.push(' ');
        }
        let b = 1u16 << i;
        s.push(if mask & b == 0 {
            '.'
        } else if v & b != 0 {
            '1'
        } else {
            '0'
        });
    }
    s
}

/// Short flag list ("SYN, ACK").
pub(super) fn flag_names(f: u16) -> String {
    // Conventional reading order (as Wireshark lists them), not bit order.
    let order = [
        (TcpFlags::SYN, "SYN"),
        (TcpFlags::FIN, "FIN"),
        (TcpFlags::RST, "RST"),
        (TcpFlags::PSH, "PSH"),
        (TcpFlags::ACK, "ACK"),
        (TcpFlags::URG, "URG"),
        (TcpFlags::ECE, "ECE"),
        (TcpFlags::CWR, "CWR"),
        (TcpFlags::AE, "AE"),
    ];
    let v: Vec<&str> = order
        .iter()
        .filter(|(m, _)| f & m != 0)
        .map(|(_, s)| *s)
        .collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

fn tcp_flags(t: &Tcp<'_>) -> Node {
    let f = t.flags().0;
    let all = ((t.reserved() as u16) << 9) | f;
    let mut n = Node::group("flags", "Flags")
        .show(format!("0x{all:03x} ({})", flag_names(f)))
        .with(
            Node::num(
                "reserved",
                format!("{} = Reserved", bits12(all, 0xe00)),
                t.reserved(),
            )
            .show(if t.reserved() == 0 {
                "Not set".to_string()
            } else {
                format!("{} (should be zero)", t.reserved())
            }),
        );
    for (mask, key, label) in FLAG_BITS {
        n.push(Node::flag(
            key,
            format!("{} = {label}", bits12(all, mask)),
            f & mask != 0,
        ));
    }
    n
}

/// The TCP subtree.
pub fn tcp(cx: &mut Ctx<'_>, d: &Decoded<'_>, t: &Tcp<'_>) -> Node {
    let (opts, complete) = t.options();
    let ws = tcp::options(opts).find_map(|o| {
        if let TcpOption::WindowScale(s) = o {
            Some(s)
        } else {
            None
        }
    });
    let hl = t.header_len();
    let payload_len = l4_len(d).map_or(t.payload().len() as u32, |l| {
        l.saturating_sub(hl.max(20) as u32)
    });
    let flags = t.flags();
    let rel = match (cx.quoted, d.ip_addrs()) {
        (false, Some((s, dst))) => Some(cx.tcp.observe(s, dst, t, ws)),
        (true, Some((s, dst))) => cx
            .tcp
            .peek(s, t.src_port(), dst, t.dst_port())
            .map(|seq_base| Rel {
                seq_base,
                ack_base: if flags.ack() {
                    cx.tcp.peek(dst, t.dst_port(), s, t.src_port())
                } else {
                    None
                },
                scale: None,
            }),
        _ => None,
    };
    let rel_seq = rel.as_ref().map(|r| t.seq().wrapping_sub(r.seq_base.0));
    let rel_ack = rel
        .as_ref()
        .and_then(|r| r.ack_base)
        .map(|b| t.ack().wrapping_sub(b.0));
    let mut head = format!(
        "Transmission Control Protocol, Src Port: {}, Dst Port: {}, Seq: {}",
        t.src_port(),
        t.dst_port(),
        rel_seq.unwrap_or(t.seq())
    );
    if flags.ack() {
        head.push_str(&format!(", Ack: {}", rel_ack.unwrap_or(t.ack())));
    }
    head.push_str(&format!(", Len: {payload_len}"));
    let mut n = Node::group("tcp", head)
        .with(port(cx, "sport", "Source port", 6, t.src_port()))
        .with(port(cx, "dport", "Destination port", 6, t.dst_port()));
    if let (Some(r), Some(rs)) = (&rel, rel_seq) {
        let how = if r.seq_base.1 {
            "relative to the ISN"
        } else {
            "relative to the first segment seen; SYN not captured"
        };
        n.push(Node::num("seq_rel", "Sequence number", rs).show(format!("{rs} ({how})")));
    }
    n.push(Node::num("seq", "Sequence number (raw)", t.seq()));
    if rel.is_some() {
        let next = t
            .seq()
            .wrapping_add(payload_len)
            .wrapping_add(flags.syn() as u32)
            .wrapping_add(flags.fin() as u32);
        let nr = next.wrapping_sub(rel.as_ref().map_or(0, |r| r.seq_base.0));
        n.push(
            Node::num("next_seq_rel", "[Next sequence number", nr)
                .show(format!("{nr} (relative)]")),
        );
    }
    if let (Some(r), Some(ra)) = (&rel, rel_ack) {
        let how = if r.ack_base.is_some_and(|b| b.1) {
            "relative to the peer's ISN"
        } else {
            "relative to the first ack seen"
        };
        n.push(Node::num("ack_rel", "Acknowledgment number", ra).show(format!("{ra} ({how})")));
    }
    let ack = Node::num("ack", "Acknowledgment number (raw)", t.ack());
    n.push(if !flags.ack() && t.ack() != 0 {
        ack.tag(
            "note",
            Value::Str("ACK flag not set".into()),
            "ACK flag not set",
        )
    } else {
        ack
    });
    let hl_node =
        Node::num("hdr_len", "Header length", hl as u64).show(format!("{hl} bytes ({})", hl / 4));
    n.push(if hl < 20 {
        hl_node.tag("bad", Value::Bool(true), "bad: below the 20-byte minimum")
    } else {
        hl_node
    });
    n.push(tcp_flags(t));
    n.push(window(t, rel.as_ref().and_then(|r| r.scale)));
    n.push(tcp_checksum(cx, d, t));
    let urg = Node::num("urgent", "Urgent pointer", t.urgent());
    n.push(if !flags.urg() && t.urgent() != 0 {
        urg.tag(
            "note",
            Value::Str("URG flag not set".into()),
            "URG flag not set",
        )
    } else {
        urg
    });
    if !opts.is_empty() {
        let ack_base = rel.as_ref().and_then(|r| r.ack_base).map(|b| b.0);
        n.push(tcp_options(opts, complete, ack_base));
    }
    let captured = t.payload().len() as u32;
    let mut pl = Node::num("payload_len", "Payload length", payload_len)
        .show(format!("{payload_len} bytes"));
    if captured < payload_len && !cx.quoted {
        pl = pl.tag(
            "captured",
            Value::U(captured as u64),
            format!("{captured} captured"),
        );
    }
    n.push(pl);
    n
}

/// Window field with what is known about its scaling.
fn window(t: &Tcp<'_>, scale: Option<u8>) -> Node {
    let w = t.window();
    let n = Node::num("window", "Window", w);
    if t.flags().syn() {
        return n.tag("scaled", Value::U(w as u64), "never scaled in a SYN");
    }
    match scale {
        Some(0) => n.tag("scaled", Value::U(w as u64), "no window scaling"),
        Some(s) => {
            let scaled = (w as u64) << s;
            n.tag(
                "scaled",
                Value::U(scaled),
                format!("scaled: {w} × {} = {scaled}", 1u32 << s),
            )
        }
        None => n.tag("scaled", Value::Null, "scaling unknown: SYNs not captured"),
    }
}

fn tcp_checksum(cx: &Ctx<'_>, d: &Decoded<'_>, t: &Tcp<'_>) -> Node {
    let c = t.checksum_field();
    let n = Node::num("checksum", "Checksum", c).show(format!("0x{c:04x}"));
    match verifiable(cx, d) {
        Ok((s, dst)) => {
            let seg = t.bytes();
            let ok = checksum::transport(s, dst, 6, seg) == 0;
            verdict(n, Some(ok), expected(s, dst, 6, seg, 16, true), "")
        }
        Err(why) => verdict(n, None, None, why),
    }
}

/// Short name of an option for the options summary line.
fn option_short(o: &TcpOption<'_>) -> &'static str {
    match o {
        TcpOption::Eol => "EOL",
        TcpOption::Nop => "NOP",
        TcpOption::Mss(_) => "MSS",
        TcpOption::WindowScale(_) => "WS",
        TcpOption::SackPermitted => "SACK_PERM",
        TcpOption::Sack { .. } => "SACK",
        TcpOption::Timestamps { .. } => "TS",
        TcpOption::Other { kind, .. } => lookup::tcp_option(*kind).unwrap_or("unknown"),
        TcpOption::Malformed { .. } => "malformed",
    }
}

/// TCP options, each with kind, length and its fields.
fn tcp_options(opts: &[u8], complete: bool, ack_base: Option<u32>) -> Node {
    let names: Vec<&str> = tcp::options(opts).map(|o| option_short(&o)).collect();
    let mut l = Node::list("options", "Options").show(format!(
        "{} bytes: {}",
        opts.len(),
        names.join(", ")
    ));
    for o in tcp::options(opts) {
        l.push(tcp_option(&o, ack_base));
    }
    if !complete {
        l.push(Node::note(
            "truncated",
            "Truncated: options cut short by the capture",
        ));
    }
    l
}

fn opt_head(kind: u8, len: Option<u8>, summary: String) -> Node {
    let name = lookup::tcp_option(kind).unwrap_or("Unknown");
    let mut n = Node::group("option", format!("TCP Option - {summary}")).with(named(
        Node::num("kind", "Kind", kind).show(format!("{name} ({kind})")),
        lookup::tcp_option(kind),
    ));
    if let Some(l) = len {
        n.push(Node::num("len", "Length", l));
    }
    n
}

fn tcp_option(o: &TcpOption<'_>, ack_base: Option<u32>) -> Node {
    match *o {
        TcpOption::Eol => opt_head(0, None, "End of Option List (EOL)".into()),
        TcpOption::Nop => opt_head(1, None, "No-Operation (NOP)".into()),
        TcpOption::Mss(m) => opt_head(2, Some(4), format!("Maximum segment size: {m} bytes"))
            .with(Node::num("mss", "MSS value", m)),
        TcpOption::WindowScale(s) => {
            let mult = if s <= 14 { 1u64 << s } else { 1 << 14 };
            let mut n = opt_head(
                3,
                Some(3),
                format!("Window scale: {s} (multiply by {mult})"),
            )
            .with(Node::num("shift", "Shift count", s))
            .with(Node::num("multiplier", "Multiplier", mult));
            if s > 14 {
                n.push(Node::note(
                    "malformed",
                    "Malformed: shift count above 14 (RFC 7323 §2.3 caps it at 14)",
                ));
            }
            n
        }
        TcpOption::SackPermitted => opt_head(4, Some(2), "SACK permitted".into()),
        TcpOption::Sack { blocks, n } => {
            let k = n.min(4);
            let mut node = opt_head(
                5,
                Some((2 + 8 * k) as u8),
                format!("SACK: {k} block{}", if k == 1 { "" } else { "s" }),
            );
            let mut l = Node::list("blocks", "Blocks");
            for (le, re) in blocks.iter().take(k) {
                let mut b = Node::group("block", format!("left edge {le}, right edge {re}"))
                    .with(Node::num("left", "Left edge (raw)", *le))
                    .with(Node::num("right", "Right edge (raw)", *re));
                if let Some(base) = ack_base {
                    let (rl, rr) = (le.wrapping_sub(base), re.wrapping_sub(base));
                    b.label = format!(
                        "{rl}-{rr} (relative; raw {le}-{re}, {} bytes)",
                        re.wrapping_sub(*le)
                    );
                    b.push(Node::num("left_rel", "Left edge (relative)", rl));
                    b.push(Node::num("right_rel", "Right edge (relative)", rr));
                }
                l.push(b);
            }
            node.push(l);
            node
        }
        TcpOption::Timestamps { tsval, tsecr } => opt_head(
            8,
            Some(10),
            format!("Timestamps: TSval {tsval}, TSecr {tsecr}"),
        )
        .with(Node::num("tsval", "Timestamp value", tsval))
        .with(Node::num("tsecr", "Timestamp echo reply", tsecr)),
        TcpOption::Other { kind, data } => {
            let name = lookup::tcp_option(kind).unwrap_or("Unknown option");
            let mut n = opt_head(
                kind,
                Some((data.len() + 2).min(255) as u8),
                format!("{name} (kind {kind}), {} bytes", data.len() + 2),
            );
            if !data.is_empty() {
                n.push(Node::text("data", "Data", hex(data)));
            }
            if matches!(kind, 2 | 3 | 4 | 5 | 8) {
                n.push(Node::note(
                    "malformed",
                    format!(
                        "Malformed: unexpected length {} for this option",
                        data.len() + 2
                    ),
                ));
            }
            n
        }
        TcpOption::Malformed { kind, len } => {
            let name = lookup::tcp_option(kind).unwrap_or("Unknown option");
            opt_head(kind, Some(len), format!("{name} (kind {kind}), malformed")).with(Node::note(
                "malformed",
                format!("Malformed: length {len} is below 2 or runs past the options"),
            ))
        }
    }
}

/// The UDP subtree.
pub fn udp(cx: &mut Ctx<'_>, d: &Decoded<'_>, u: &Udp<'_>) -> Node {
    let len = u.len();
    let avail = l4_len(d);
    let mut n = Node::group(
        "udp",
        format!(
            "User Datagram Protocol, Src Port: {}, Dst Port: {}",
            u.src_port(),
            u.dst_port()
        ),
    )
    .with(port(cx, "sport", "Source port", 17, u.src_port()))
    .with(port(cx, "dport", "Destination port", 17, u.dst_port()));
    let mut ln = Node::num("length", "Length", len);
    if len < 8 {
        ln = ln.tag(
            "bad",
            Value::Str("below 8".into()),
            "bad: below the 8-byte header",
        );
    } else if avail.is_some_and(|a| len as u32 > a) {
        ln = ln.tag(
            "bad",
            Value::Str("beyond IP payload".into()),
            format!("bad: IP payload is {} bytes", avail.unwrap_or(0)),
        );
    }
    n.push(ln);
    let c = u.checksum_field();
    let ck = Node::num("checksum", "Checksum", c).show(format!("0x{c:04x}"));
    let v6 = matches!(d.net, Net::Ipv6(..));
    n.push(if c == 0 && !cx.quoted {
        if v6 {
            ck.tag(
                "status",
                Value::Str("incorrect".into()),
                "incorrect: zero checksum is not allowed over IPv6",
            )
        } else {
            ck.tag(
                "status",
                Value::Str("none".into()),
                "none: not computed by the sender",
            )
        }
    } else {
        match verifiable(cx, d) {
            Ok((s, dst)) => {
                let seg = u.bytes();
                let ok = checksum::transport(s, dst, 17, seg) == 0;
                let exp =
                    expected(s, dst, 17, seg, 6, true).map(|e| if e == 0 { 0xffff } else { e });
                verdict(ck, Some(ok), exp, "")
            }
            Err(why) => verdict(ck, None, None, why),
        }
    });
    let pl = (len as u32).saturating_sub(8);
    n.push(Node::num("payload_len", "Payload length", pl).show(format!("{pl} bytes")));
    if let Some(v) = vxlan(u) {
        n.push(v);
    }
    n
}

/// The VXLAN header of a UDP datagram to port 4789, when present.
fn vxlan(u: &Udp<'_>) -> Option<Node> {
    if u.dst_port() != Port::VXLAN.0 && u.src_port() != Port::VXLAN.0 {
        return None;
    }
    let b = u.payload();
    if b.len() < 8 || b[0] & 0x08 == 0 {
        return None;
    }
    let vni = be32(b, 4) >> 8;
    Some(
        Node::group(
            "vxlan",
            format!("Virtual eXtensible Local Area Network, VNI: {vni}"),
        )
        .with(Node::num("flags", "Flags", b[0]).show(format!("0x{:02x} (VNI valid)", b[0])))
        .with(Node::num("vni", "VXLAN network identifier", vni)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_bits_are_drawn_in_their_column() {
        assert_eq!(bits12(0x012, TcpFlags::SYN), ".... .... ..1.");
        assert_eq!(bits12(0x012, 0xe00), "000. .... ....");
        assert_eq!(flag_names(0x012), "SYN, ACK");
    }
}
