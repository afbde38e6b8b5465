//! Cisco HDLC, after tcpdump 5.0's print-chdlc.c: formats `wire::chdlc`'s
//! views; IPv4, IPv6 and MPLS go on to their printers, SLARP is printed here.

use super::{fmt, ip, mpls, Ctx, Trunc, R};
use crate::wire::chdlc::{self, slarp_code, slarp_field, Chdlc, Slarp, HEADER_LEN, SLARP_MAX_LEN, SLARP_MIN_LEN};
use crate::wire::registry::EtherType;

/// `chdlc_print` (DLT_C_HDLC): returns the header length for `-x`.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R<usize> {
    ctx.proto = "chdlc";
    // With -e the C-HDLC line stands for the link layer (no `IP ` prefix).
    ctx.ll_printed = ctx.opts.link_header;
    let c = Chdlc::new(bp);
    if (length as usize) < HEADER_LEN {
        ctx.trunc_mark();
        return Ok(bp.len());
    }
    // A header cut short is a read past the capture (tcpdump's longjmp).
    let (addr, proto) = (c.address().ok_or(Trunc)?, c.protocol().ok_or(Trunc)?);
    if ctx.opts.link_header {
        match addr {
            chdlc::UNICAST => ctx.s("unicast"),
            chdlc::BROADCAST => ctx.s("bcast"),
            a => {
                ctx.s("0x");
                fmt::x2(ctx.out, a);
            }
        }
        ctx.s(", ethertype ");
        ctx.s(crate::names::EtherType(proto).tcpdump_name().unwrap_or("Unknown"));
        ctx.s(" (0x");
        fmt::x_pad(ctx.out, proto.into(), 4);
        ctx.s("), length ");
        ctx.u(length);
        ctx.s(": ");
    }
    let (p, length) = (c.payload(), length - HEADER_LEN as u32);
    match EtherType(proto) {
        EtherType::IPV4 => ip::ip4(ctx, p, length)?,
        EtherType::IPV6 => ip::ip6(ctx, p, length)?,
        EtherType::MPLS | EtherType::MPLS_MULTICAST => mpls::print(ctx, p, length)?,
        EtherType(chdlc::PROTO_SLARP) => slarp(ctx, p, length)?,
        _ if !ctx.opts.link_header => {
            ctx.s("unknown CHDLC protocol (0x");
            fmt::x_pad(ctx.out, proto.into(), 4);
            ctx.s(")");
        }
        _ => {}
    }
    Ok(HEADER_LEN)
}

/// `chdlc_slarp_print`.
fn slarp(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "chdlc_slarp";
    ctx.s("SLARP (length: ");
    ctx.u(length);
    ctx.s("), ");
    let s = Slarp::new(bp);
    let length = length as usize;
    if length < SLARP_MIN_LEN || !s.fixed_captured() {
        ctx.trunc_mark();
        return Ok(());
    }
    // tcpdump's keepalive branch moves its pointer past the fixed part
    // before the -vv dump, which then starts 4 bytes after that.
    let mut dump_from = 4usize;
    let code = s.code().ok_or(Trunc)?;
    match code {
        slarp_code::REQUEST => ctx.s("request"),
        slarp_code::REPLY => {
            let (a, m) = (s.addr(slarp_field::ADDRESS).ok_or(Trunc)?, s.addr(slarp_field::MASK).ok_or(Trunc)?);
            ctx.s("reply ");
            fmt::ipv4(ctx.out, a);
            ctx.s("/");
            fmt::ipv4(ctx.out, m);
        }
        slarp_code::KEEPALIVE => {
            let (mine, yours, rel) = (s.word(slarp_field::MY_SEQ).ok_or(Trunc)?, s.word(slarp_field::YOUR_SEQ).ok_or(Trunc)?, s.reliability().ok_or(Trunc)?);
            ctx.s("keepalive: mineseen=0x");
            fmt::x_pad(ctx.out, mine.into(), 8);
            ctx.s(", yourseen=0x");
            fmt::x_pad(ctx.out, yours.into(), 8);
            ctx.s(", reliability=0x");
            fmt::x_pad(ctx.out, rel.into(), 4);
            if length >= SLARP_MAX_LEN {
                dump_from = SLARP_MIN_LEN + 4;
                let ms = s.word(slarp_field::UPTIME).ok_or(Trunc)?;
                let mut sec = ms / 1000;
                let mut min = sec / 60;
                sec -= min * 60;
                let mut hrs = min / 60;
                min -= hrs * 60;
                let days = hrs / 24;
                hrs -= days * 24;
                ctx.s(", link uptime=");
                for (v, unit) in [(days, "d"), (hrs, "h"), (min, "m"), (sec, "s")] {
                    ctx.u(v);
                    ctx.s(unit);
                }
            }
        }
        other => {
            ctx.s("0x");
            fmt::x_pad(ctx.out, other.into(), 2);
            ctx.s(" unknown");
            if ctx.v() <= 1 {
                super::unknown_data(ctx, super::from(bp, 4), "\n\t", length - 4);
            }
        }
    }
    if SLARP_MAX_LEN < length && ctx.v() > 0 {
        ctx.s(", (trailing junk: ");
        ctx.u((length - SLARP_MAX_LEN) as u64);
        ctx.s(" bytes)");
    }
    if ctx.v() > 1 {
        super::unknown_data(ctx, super::from(bp, dump_from), "\n\t", length - 4);
    }
    Ok(())
}
