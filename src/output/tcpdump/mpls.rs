//! MPLS, after tcpdump 5.0's print-mpls.c: formats `wire::mpls`'s label
//! stack, then guesses the payload (reserved labels, else the first byte)
//! and hands IPv4 and IPv6 on.

use super::{g8, ip, link, Ctx, Trunc, R};
use crate::names;
use crate::wire::mpls::{label, Mpls, ENTRY_LEN};

/// What the bottom label or the first payload byte says follows.
enum Payload {
    Ipv4,
    Ipv6,
    Unknown,
}

/// `mpls_print`: `length` is the on-wire length from the first entry on.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "mpls";
    let m = Mpls::new(bp);
    ctx.s("MPLS");
    let mut length = length as usize;
    let mut depth = 0;
    let bottom = loop {
        if length < ENTRY_LEN {
            // tcpdump's `invalid:` label: say so, then check the rest was captured.
            ctx.invalid();
            return if m.after(depth).len() < length { Err(Trunc) } else { Ok(()) };
        }
        let e = m.entry(depth).ok_or(Trunc)?;
        ctx.s(if depth > 0 && ctx.v() > 0 { "\n\t(label " } else { " (label " });
        ctx.u(e.label());
        if ctx.v() > 0 {
            if let Some(name) = names::mpls::label(e.label()) {
                ctx.s(" (");
                ctx.s(name);
                ctx.s(")");
            }
        }
        ctx.s(", tc ");
        ctx.u(e.exp());
        if e.bottom() {
            ctx.s(", [S]");
        }
        ctx.s(", ttl ");
        ctx.u(e.ttl());
        ctx.s(")");
        depth += 1;
        length -= ENTRY_LEN;
        if e.bottom() {
            break e;
        }
    };
    let p = m.after(depth);
    let kind = match bottom.label() {
        label::IPV4_EXPLICIT_NULL | label::IMPLICIT_NULL => Payload::Ipv4,
        label::IPV6_EXPLICIT_NULL => Payload::Ipv6,
        _ if length < 1 => return Ok(()),
        // draft-hsmit-isis-aal5mux: the first byte of the payload tells IP from IP6.
        _ => match g8(p, 0)? {
            0x45..=0x4f => Payload::Ipv4,
            0x60..=0x6f => Payload::Ipv6,
            _ => Payload::Unknown,
        },
    };
    let sep = if ctx.v() > 0 { "\n\t" } else { " " };
    match kind {
        Payload::Ipv4 => {
            ctx.s(sep);
            ip::ip4(ctx, p, length as u32)
        }
        Payload::Ipv6 => {
            ctx.s(sep);
            ip::ip6(ctx, p, length as u32)
        }
        Payload::Unknown => {
            link::default_print(ctx, &p[..p.len().min(length)]);
            Ok(())
        }
    }
}
