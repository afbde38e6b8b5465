//! ICMPv6 router renumbering (RFC 2894), after tcpdump 5.0's
//! `icmp6_rrenum_print` in print-icmp6.c; the layout is `wire::icmp::rr_field`.

use super::{fmt, g16, g32, g8, gs, Ctx, R};
use crate::wire::field::Field;
use crate::wire::icmp::{field, rr_field as rr};

const CODE_COMMAND: u8 = 0;

/// The bytes of `range` within the part that starts at `at`, or truncation.
fn at(dp: &[u8], at: usize, range: Field) -> R<&[u8]> {
    gs(dp, at + range.start, range.len())
}

/// The router renumbering body after `ICMP6, router renumbering`.
pub fn print(ctx: &mut Ctx<'_>, dp: &[u8]) -> R {
    // ND_TCHECK of the reserved word: a short header is marked, not fatal.
    if at(dp, 0, rr::RESERVED).is_err() {
        ctx.trunc_mark();
        return Ok(());
    }
    let code = g8(dp, field::CODE)?;
    match code {
        CODE_COMMAND => ctx.s(", command"),
        1 => ctx.s(", result"),
        255 => ctx.s(", sequence number reset"),
        _ => {
            ctx.s(", code-#");
            ctx.u(code);
        }
    }
    ctx.s(", seq=");
    ctx.u(g32(dp, rr::SEQ.start)?);
    if ctx.v() > 0 {
        header_flags(ctx, dp)?;
    }
    if code != CODE_COMMAND {
        return Ok(());
    }
    let m = rr::HEADER_LEN;
    if at(dp, m, rr::MATCH_PREFIX).is_err() {
        ctx.trunc_mark();
        return Ok(());
    }
    match_part(ctx, dp, m)?;
    let n = i32::from(g8(dp, m + rr::MATCH_OPLENGTH)?) - 3;
    if n % 4 != 0 {
        ctx.trunc_mark();
        return Ok(());
    }
    for i in 0..(n / 4).max(0) as usize {
        let u = m + rr::MATCH_PART_LEN + i * rr::USE_PART_LEN;
        if at(dp, u, rr::USE_PREFIX).is_err() {
            ctx.trunc_mark();
            return Ok(());
        }
        use_part(ctx, dp, u)?;
    }
    Ok(())
}

/// `-v`: `[TRASP,seg=N,maxdelay=N]` (flag letters only when set).
fn header_flags(ctx: &mut Ctx<'_>, dp: &[u8]) -> R {
    let flags = g8(dp, rr::FLAGS)?;
    ctx.s("[");
    if flags != 0 {
        for (bit, letter) in [(0x80, "T"), (0x40, "R"), (0x20, "A"), (0x10, "S"), (0x08, "P")] {
            if flags & bit != 0 {
                ctx.s(letter);
            }
        }
        ctx.s(",");
    }
    ctx.s("seg=");
    ctx.u(g8(dp, rr::SEGMENT)?);
    ctx.s(",maxdelay=");
    ctx.u(g16(dp, rr::MAX_DELAY.start)?);
    let rsvd = g32(dp, rr::RESERVED.start)?;
    if rsvd != 0 {
        ctx.s("rsvd=0x");
        fmt::x(ctx.out, u64::from(rsvd));
    }
    ctx.s("]");
    Ok(())
}

/// ` match(add,fec0::/48)`, with ordinal and lengths at `-v`.
fn match_part(ctx: &mut Ctx<'_>, dp: &[u8], m: usize) -> R {
    ctx.s(if ctx.v() > 1 { "\n\t" } else { " " });
    ctx.s("match(");
    let code = g8(dp, m + rr::MATCH_OPCODE)?;
    match code {
        1 => ctx.s("add"),
        2 => ctx.s("change"),
        3 => ctx.s("setglobal"),
        _ => {
            ctx.s("#");
            ctx.u(code);
        }
    }
    if ctx.v() > 0 {
        ctx.s(",ord=");
        ctx.u(g8(dp, m + rr::MATCH_ORDINAL)?);
        ctx.s(",min=");
        ctx.u(g8(dp, m + rr::MATCH_MIN_LEN)?);
        ctx.s(",max=");
        ctx.u(g8(dp, m + rr::MATCH_MAX_LEN)?);
    }
    ctx.s(",");
    fmt::ipv6(ctx.out, at(dp, m, rr::MATCH_PREFIX)?);
    ctx.s("/");
    ctx.u(g8(dp, m + rr::MATCH_PREFIX_LEN)?);
    ctx.s(")");
    Ok(())
}

/// ` use(3ffe:501:fffe::/48/16)`, with masks and lifetimes at `-v`.
fn use_part(ctx: &mut Ctx<'_>, dp: &[u8], u: usize) -> R {
    ctx.s(if ctx.v() > 1 { "\n\t" } else { " " });
    ctx.s("use(");
    let flags = g8(dp, u + rr::USE_FLAGS)?;
    if flags != 0 {
        ctx.s(if flags & 0x80 != 0 { "V" } else { "" });
        ctx.s(if flags & 0x40 != 0 { "P" } else { "" });
        ctx.s(",");
    }
    if ctx.v() > 0 {
        ctx.s("mask=0x");
        fmt::x(ctx.out, u64::from(g8(dp, u + rr::USE_FLAG_MASK)?));
        ctx.s(",raflags=0x");
        fmt::x(ctx.out, u64::from(g8(dp, u + rr::USE_RA_FLAGS)?));
        ctx.s(",");
        for (name, range) in [("vltime=", rr::USE_VALID_LIFETIME), ("pltime=", rr::USE_PREFERRED_LIFETIME)] {
            let t = g32(dp, u + range.start)?;
            ctx.s(name);
            if t == u32::MAX {
                ctx.s("infty");
            } else {
                ctx.u(t);
            }
            ctx.s(",");
        }
    }
    fmt::ipv6(ctx.out, at(dp, u, rr::USE_PREFIX)?);
    ctx.s("/");
    ctx.u(g8(dp, u + rr::USE_LEN)?);
    ctx.s("/");
    ctx.u(g8(dp, u + rr::USE_KEEP_LEN)?);
    ctx.s(")");
    Ok(())
}
