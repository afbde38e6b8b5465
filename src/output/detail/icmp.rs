//! ICMP and ICMPv6 subtrees: type and code by name, checksum verdict, the
//! type-specific rest of the header, and the quoted packet of an error
//! message decoded as a nested subtree.

use super::lookup;
use super::net::{addr, bits8, verdict};
use super::node::{Node, Value};
use super::transport::{expected, verifiable};
use super::{packet, Ctx};
use crate::wire::checksum;
use crate::wire::icmp::Icmp;
use crate::wire::registry::LinkType;
use crate::wire::{decode, Decoded};
use std::net::IpAddr;

/// The ICMP or ICMPv6 subtree.
pub fn icmp(cx: &mut Ctx<'_>, d: &Decoded<'_>, i: &Icmp<'_>) -> Node {
    let v6 = i.is_v6();
    let (t, c) = (i.kind(), i.code());
    let tname = lookup::icmp_type(v6, t);
    let cname = lookup::icmp_code(v6, t, c);
    let (key, title) = if v6 {
        ("icmpv6", "Internet Control Message Protocol v6")
    } else {
        ("icmp", "Internet Control Message Protocol")
    };
    let mut head = format!("{title}, {}", tname.unwrap_or("Unknown type"));
    if let Some(cn) = cname {
        head.push_str(&format!(" ({cn})"));
    }
    let mut n = Node::group(key, head)
        .with(
            Node::num("type", "Type", t)
                .show(format!("{t} ({})", tname.unwrap_or("Unknown")))
                .tag(
                    "name",
                    tname.map_or(Value::Null, |s| Value::Str(s.into())),
                    "",
                ),
        )
        .with(
            Node::num("code", "Code", c)
                .show(match cname {
                    Some(cn) => format!("{c} ({cn})"),
                    None => c.to_string(),
                })
                .tag(
                    "name",
                    cname.map_or(Value::Null, |s| Value::Str(s.into())),
                    "",
                ),
        );
    let ck = Node::num("checksum", "Checksum", i.checksum_field())
        .show(format!("0x{:04x}", i.checksum_field()));
    n.push(match verifiable(cx, d) {
        Ok((s, dst)) => {
            let m = i.bytes();
            let ok = if v6 {
                checksum::transport(s, dst, 58, m) == 0
            } else {
                checksum::checksum(m) == 0
            };
            verdict(ck, Some(ok), expected(s, dst, 58, m, 2, v6), "")
        }
        Err(why) => verdict(ck, None, None, why),
    });
    if !i.has_full_header() {
        if !cx.quoted {
            n.push(Node::note(
                "truncated",
                "Truncated: ICMP header cut short (fewer than 8 bytes)",
            ));
        }
        return n;
    }
    icmp_rest(&mut n, i);
    if i.is_error() {
        let q = i.body();
        let mut qn = Node::group(
            "quoted",
            format!(
                "Quoted packet ({} bytes of the datagram that caused the error)",
                q.len()
            ),
        );
        if q.is_empty() {
            qn.push(Node::note("empty", "No quoted data"));
        } else if cx.quoted {
            // An error quoting an error: one level is shown, deeper ones would
            // only let a crafted packet nest the tree thousands deep.
            qn.push(Node::note(
                "stopped",
                "Not decoded further: an ICMP error quoted inside a quoted packet",
            ));
        } else {
            let qd = decode(LinkType::RAW.0, q);
            let mut qcx = Ctx {
                opts: cx.opts,
                tcp: &mut *cx.tcp,
                quoted: true,
                base: 0,
            };
            qn.children.extend(packet(&mut qcx, &qd));
        }
        n.push(qn);
    } else {
        let body = i.body();
        let nd = v6 && super::nd::options_offset(t).is_some();
        if !body.is_empty() && !nd {
            n.push(
                Node::num("data_len", "Data", body.len() as u64)
                    .show(format!("{} bytes", body.len())),
            );
        }
    }
    n
}

/// The type-specific "rest of header" fields.
fn icmp_rest(n: &mut Node, i: &Icmp<'_>) {
    let id_seq = |n: &mut Node| {
        n.push(Node::num("id", "Identifier", i.echo_id()).show(format!(
            "0x{:04x} ({})",
            i.echo_id(),
            i.echo_id()
        )));
        n.push(Node::num("seq", "Sequence number", i.echo_seq()));
    };
    let b = i.bytes();
    match (i.is_v6(), i.kind()) {
        (false, 0 | 8 | 13 | 14 | 15 | 16 | 17 | 18) | (true, 128 | 129) => id_seq(n),
        (false, 3) if i.code() == 4 => n.push(Node::num("mtu", "Next-hop MTU", i.mtu())),
        (false, 5) => n.push(addr("gateway", "Gateway address", IpAddr::V4(i.gateway()))),
        (false, 12) => n.push(Node::num(
            "pointer",
            "Pointer",
            b.get(4).copied().unwrap_or(0),
        )),
        (true, 2) => n.push(Node::num("mtu", "MTU", i.mtu())),
        (true, 4) => n.push(Node::num("pointer", "Pointer", i.rest())),
        (true, 133) => {}
        (true, 134) => super::nd::router_advert(n, b),
        (true, 135..=137) => {
            if let Some(tg) = i.nd_target() {
                n.push(addr("target", "Target address", IpAddr::V6(tg)));
            }
            if i.kind() == 136 {
                let f = b.get(4).copied().unwrap_or(0);
                n.push(
                    Node::group("flags", "Flags")
                        .show(format!("0x{f:02x}"))
                        .with(Node::flag(
                            "router",
                            format!("{} = Router", bits8(f, 0x80)),
                            f & 0x80 != 0,
                        ))
                        .with(Node::flag(
                            "solicited",
                            format!("{} = Solicited", bits8(f, 0x40)),
                            f & 0x40 != 0,
                        ))
                        .with(Node::flag(
                            "override",
                            format!("{} = Override", bits8(f, 0x20)),
                            f & 0x20 != 0,
                        )),
                );
            }
        }
        _ => n.push(
            Node::num("rest", "Rest of header", i.rest()).show(format!("0x{:08x}", i.rest())),
        ),
    }
    if let Some(off) = i
        .is_v6()
        .then(|| super::nd::options_offset(i.kind()))
        .flatten()
    {
        if let Some(opts) = b.get(off..).filter(|o| !o.is_empty()) {
            n.push(super::nd::options(opts));
        }
    }
}
