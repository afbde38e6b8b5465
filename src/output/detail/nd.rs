//! ICMPv6 Neighbor Discovery (RFC 4861): router-advertisement fields and the
//! options that follow the fixed part of RS, RA, NS, NA and Redirect.

use super::link::{mac, mac_str};
use super::net::{addr, bits8, hex};
use super::node::{Node, Value};
use crate::wire::field::{be16, be32};
use std::net::{IpAddr, Ipv6Addr};

/// Where the options start in an ND message of type `t` (None for other types).
pub fn options_offset(t: u8) -> Option<usize> {
    match t {
        133 => Some(8),
        134 => Some(16),
        135 | 136 => Some(24),
        137 => Some(40),
        _ => None,
    }
}

/// Router advertisement fixed fields (bytes 4–15).
pub fn router_advert(n: &mut Node, b: &[u8]) {
    if b.len() < 16 {
        return;
    }
    let f = b[5];
    n.push(Node::num("cur_hop_limit", "Cur hop limit", b[4]));
    n.push(
        Node::group("flags", "Flags")
            .show(format!("0x{f:02x}"))
            .with(Node::flag(
                "managed",
                format!("{} = Managed address configuration", bits8(f, 0x80)),
                f & 0x80 != 0,
            ))
            .with(Node::flag(
                "other",
                format!("{} = Other configuration", bits8(f, 0x40)),
                f & 0x40 != 0,
            ))
            .with(Node::num(
                "prf",
                format!("{} = Router preference", bits8(f, 0x18)),
                (f >> 3) & 3,
            )),
    );
    n.push(
        Node::num("router_lifetime", "Router lifetime", be16(b, 6))
            .show(format!("{} s", be16(b, 6))),
    );
    n.push(
        Node::num("reachable_time", "Reachable time", be32(b, 8))
            .show(format!("{} ms", be32(b, 8))),
    );
    n.push(
        Node::num("retrans_timer", "Retrans timer", be32(b, 12))
            .show(format!("{} ms", be32(b, 12))),
    );
}

fn option_name(t: u8) -> &'static str {
    match t {
        1 => "Source link-layer address",
        2 => "Target link-layer address",
        3 => "Prefix information",
        4 => "Redirected header",
        5 => "MTU",
        14 => "Nonce",
        24 => "Route information",
        25 => "Recursive DNS server",
        31 => "DNS search list",
        38 => "PREF64",
        _ => "Unknown option",
    }
}

fn v6(b: &[u8]) -> Option<Ipv6Addr> {
    let s: [u8; 16] = b.get(..16)?.try_into().ok()?;
    Some(Ipv6Addr::from(s))
}

/// The ND options list (type, length in 8-octet units, value).
pub fn options(mut o: &[u8]) -> Node {
    let mut l = Node::list("nd_options", "Neighbor Discovery options");
    while o.len() >= 2 {
        let (t, units) = (o[0], o[1] as usize);
        if units == 0 || units * 8 > o.len() {
            l.push(Node::note(
                "malformed",
                format!(
                    "Malformed: option {t} has length {units} (×8 bytes) with {} bytes left",
                    o.len()
                ),
            ));
            break;
        }
        let body = &o[2..units * 8];
        let name = option_name(t);
        let mut item = Node::group("option", format!("ICMPv6 Option - {name} ({t})"))
            .with(Node::num("type", "Type", t).show(format!("{name} ({t})")))
            .with(
                Node::num("len", "Length", units as u64)
                    .show(format!("{units} ({} bytes)", units * 8)),
            );
        match t {
            1 | 2 if body.len() >= 6 => {
                let m: [u8; 6] = [body[0], body[1], body[2], body[3], body[4], body[5]];
                item.push(mac("lladdr", "Link-layer address", m));
            }
            3 if body.len() >= 30 => {
                let f = body[1];
                item.push(Node::num("prefix_len", "Prefix length", body[0]));
                item.push(Node::flag(
                    "on_link",
                    format!("{} = On-link (L)", bits8(f, 0x80)),
                    f & 0x80 != 0,
                ));
                item.push(Node::flag(
                    "autonomous",
                    format!("{} = Autonomous (A)", bits8(f, 0x40)),
                    f & 0x40 != 0,
                ));
                item.push(Node::num("valid_lifetime", "Valid lifetime", be32(body, 2)));
                item.push(Node::num(
                    "preferred_lifetime",
                    "Preferred lifetime",
                    be32(body, 6),
                ));
                if let Some(p) = v6(&body[14..]) {
                    item.push(addr("prefix", "Prefix", IpAddr::V6(p)));
                }
            }
            5 if body.len() >= 6 => item.push(Node::num("mtu", "MTU", be32(body, 2))),
            25 if body.len() >= 6 => {
                item.push(
                    Node::num("lifetime", "Lifetime", be32(body, 2))
                        .show(format!("{} s", be32(body, 2))),
                );
                let mut servers = Node::list("servers", "Servers");
                for a in body[6..].chunks_exact(16) {
                    if let Some(a) = v6(a) {
                        servers.push(Node::text("addr", "Server", a.to_string()));
                    }
                }
                item.push(servers);
            }
            _ if !body.is_empty() => {
                let shown = if body.len() <= 8 {
                    mac_str(body)
                } else {
                    hex(body)
                };
                item.push(Node::field("data", "Data", Value::Str(hex(body))).show(shown));
            }
            _ => {}
        }
        l.push(item);
        o = &o[units * 8..];
    }
    l
}
