//! GRE, after tcpdump 5.0's print-gre.c: formats `wire::gre`'s view, then
//! hands the payload to the IP, IPv6 or Ethernet printer.

use super::{fmt, ip, link, mpls, ppp, Ctx, Trunc, R};
use crate::names;
use crate::wire::gre::{flag, Gre};
use crate::wire::registry::EtherType;

/// tcpdump's `bittok2str`: the names of the set bits joined by ", ", or
/// `none` when no named bit is set.
pub(crate) fn bit_names(ctx: &mut Ctx<'_>, table: &[(u16, &str)], v: u16, none: &str) {
    let mut first = true;
    for &(bit, name) in table {
        if v & bit != 0 {
            if !first {
                ctx.s(", ");
            }
            ctx.s(name);
            first = false;
        }
    }
    if first {
        ctx.s(none);
    }
}

/// `gre_print`: `length` is the IP payload length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "gre";
    let g = Gre::new(bp);
    let flags = g.flags().ok_or(Trunc)?;
    ctx.s("GREv");
    ctx.u(flags & flag::VERSION_MASK);
    match flags & flag::VERSION_MASK {
        // tcpdump 4.99's GRE printer marks a short header and returns, so
        // the hex dump still starts after the link header.
        0 => match v0(ctx, &g, flags, length) {
            Ok(proto) => inner(ctx, &g, proto, length),
            Err(Trunc) => {
                ctx.trunc_mark();
                Ok(())
            }
        },
        1 => match v1(ctx, &g, flags, length) {
            Ok(Some(proto)) => inner(ctx, &g, proto, length),
            Ok(None) => Ok(()),
            Err(Trunc) => {
                ctx.trunc_mark();
                Ok(())
            }
        },
        _ => {
            ctx.s(" ERROR: unknown-version");
            Ok(())
        }
    }
}

/// `gre_print_1` (PPTP, RFC 2637 §4.1) up to the payload; returns the
/// payload's protocol, `None` when there is no payload (no sequence number).
fn v1(ctx: &mut Ctx<'_>, g: &Gre<'_>, flags: u16, length: u32) -> R<Option<u16>> {
    if ctx.v() > 0 {
        ctx.s(", Flags [");
        bit_names(ctx, names::gre::FLAGS, flags, "none");
        ctx.s("]");
    }
    let mut len = length.checked_sub(2).ok_or(Trunc)?;
    let proto = g.proto().ok_or(Trunc)?;
    len = len.checked_sub(2).ok_or(Trunc)?;
    if flags & flag::KEY != 0 {
        let key = g.key().ok_or(Trunc)?;
        len = len.checked_sub(4).ok_or(Trunc)?;
        ctx.s(", call ");
        ctx.u(key & 0xffff);
    }
    if flags & flag::SEQ != 0 {
        let seq = g.seq().ok_or(Trunc)?;
        len = len.checked_sub(4).ok_or(Trunc)?;
        ctx.s(", seq ");
        ctx.u(seq);
    }
    if flags & flag::ACK != 0 {
        let ack = g.ack().ok_or(Trunc)?;
        len.checked_sub(4).ok_or(Trunc)?;
        ctx.s(", ack ");
        ctx.u(ack);
    }
    if flags & flag::SEQ == 0 {
        ctx.s(", no-payload");
    }
    proto_and_length(ctx, proto, length);
    if flags & flag::SEQ == 0 {
        return Ok(None);
    }
    ctx.s(if ctx.v() > 0 { "\n\t" } else { ": " });
    Ok(Some(proto))
}

/// The payload's EtherType (under -e) and the length, as both versions end their line.
fn proto_and_length(ctx: &mut Ctx<'_>, proto: u16, length: u32) {
    if ctx.opts.link_header {
        ctx.s(", proto ");
        ctx.s(names::EtherType(proto).tcpdump_name().unwrap_or("unknown"));
        ctx.s(" (0x");
        fmt::x_pad(ctx.out, proto.into(), 4);
        ctx.s(")");
    }
    ctx.s(", length ");
    ctx.u(length);
}

/// `gre_print_0` up to the payload; returns the payload's EtherType.
fn v0(ctx: &mut Ctx<'_>, g: &Gre<'_>, flags: u16, length: u32) -> R<u16> {
    if ctx.v() > 0 {
        ctx.s(", Flags [");
        bit_names(ctx, names::gre::FLAGS, flags, "none");
        ctx.s("]");
    }
    let proto = g.proto().ok_or(Trunc)?;
    if flags & (flag::CHECKSUM | flag::ROUTING) != 0 {
        let sum = g.checksum().ok_or(Trunc)?;
        if ctx.v() > 0 {
            ctx.s(", sum 0x");
            fmt::x(ctx.out, sum.into());
        }
        let off = g.routing_offset().ok_or(Trunc)?;
        ctx.s(", off 0x");
        fmt::x(ctx.out, off.into());
    }
    if flags & flag::KEY != 0 {
        let key = g.key().ok_or(Trunc)?;
        ctx.s(", key=0x");
        fmt::x(ctx.out, key.into());
    }
    if flags & flag::SEQ != 0 {
        let seq = g.seq().ok_or(Trunc)?;
        ctx.s(", seq ");
        ctx.u(seq);
    }
    proto_and_length(ctx, proto, length);
    // tcpdump goes multi-line under -v.
    ctx.s(if ctx.v() > 0 { "\n\t" } else { ": " });
    Ok(proto)
}

/// The payload, by its EtherType (`length` still counts the GRE header).
fn inner(ctx: &mut Ctx<'_>, g: &Gre<'_>, proto: u16, length: u32) -> R {
    let inner = g.payload();
    let len = length.saturating_sub(g.header_len() as u32);
    // Version 1 (PPTP) decodes PPP only.
    let v1 = g.version() == Some(1);
    match EtherType(proto) {
        EtherType::PPP if v1 => ppp::print(ctx, inner, len).map(|_| ()),
        _ if v1 => {
            ctx.s("gre-proto-0x");
            fmt::x(ctx.out, proto.into());
            Ok(())
        }
        EtherType::IPV4 => ip::ip4(ctx, inner, len),
        EtherType::IPV6 => ip::ip6(ctx, inner, len),
        EtherType::TEB => link::ether(ctx, inner, len).map(|_| ()),
        EtherType::MPLS => mpls::print(ctx, inner, len),
        _ => {
            ctx.s("gre-proto-0x");
            fmt::x(ctx.out, proto.into());
            Ok(())
        }
    }
}
