//! ICMPv6 router renumbering (RFC 2894), after tcpdump 5.0's
//! `icmp6_rrenum_print` in print-icmp6.c.
//!
//! ```text
//! header (16): type code cksum(2) seq(4) segnum flags maxdelay(2) reserved(4)
//! match  (24): code len ordinal matchlen minlen maxlen reserved(2) prefix(16)
//! use    (32): uselen keeplen ramask raflags vltime(4) pltime(4) flags(4) prefix(16)
//! ```

use super::{fmt, g16, g32, g8, gs, Ctx, R};

const HEADER_LEN: usize = 16;
const MATCH_LEN: usize = 24;
const USE_LEN: usize = 32;
const CODE_COMMAND: u8 = 0;

/// The router renumbering body after `ICMP6, router renumbering`.
pub fn print(ctx: &mut Ctx<'_>, dp: &[u8]) -> R {
    // ND_TCHECK of the reserved word: a short header is marked, not fatal.
    if gs(dp, 12, 4).is_err() {
        ctx.trunc_mark();
        return Ok(());
    }
    let code = g8(dp, 1)?;
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
    ctx.u(g32(dp, 4)?);
    if ctx.v() > 0 {
        header_flags(ctx, dp)?;
    }
    if code != CODE_COMMAND {
        return Ok(());
    }
    let m = HEADER_LEN;
    if gs(dp, m + 8, 16).is_err() {
        ctx.trunc_mark();
        return Ok(());
    }
    match_part(ctx, dp, m)?;
    let n = i32::from(g8(dp, m + 1)?) - 3;
    if n % 4 != 0 {
        ctx.trunc_mark();
        return Ok(());
    }
    for i in 0..(n / 4).max(0) as usize {
        let u = m + MATCH_LEN + i * USE_LEN;
        if gs(dp, u + 16, 16).is_err() {
            ctx.trunc_mark();
            return Ok(());
        }
        use_part(ctx, dp, u)?;
    }
    Ok(())
}

/// `-v`: `[TRASP,seg=N,maxdelay=N]` (flag letters only when set).
fn header_flags(ctx: &mut Ctx<'_>, dp: &[u8]) -> R {
    let flags = g8(dp, 9)?;
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
    ctx.u(g8(dp, 8)?);
    ctx.s(",maxdelay=");
    ctx.u(g16(dp, 10)?);
    let rsvd = g32(dp, 12)?;
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
    let code = g8(dp, m)?;
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
        ctx.u(g8(dp, m + 2)?);
        ctx.s(",min=");
        ctx.u(g8(dp, m + 4)?);
        ctx.s(",max=");
        ctx.u(g8(dp, m + 5)?);
    }
    ctx.s(",");
    fmt::ipv6(ctx.out, gs(dp, m + 8, 16)?);
    ctx.s("/");
    ctx.u(g8(dp, m + 3)?);
    ctx.s(")");
    Ok(())
}

/// ` use(3ffe:501:fffe::/48/16)`, with masks and lifetimes at `-v`.
fn use_part(ctx: &mut Ctx<'_>, dp: &[u8], u: usize) -> R {
    ctx.s(if ctx.v() > 1 { "\n\t" } else { " " });
    ctx.s("use(");
    let flags = g8(dp, u + 12)?;
    if flags != 0 {
        ctx.s(if flags & 0x80 != 0 { "V" } else { "" });
        ctx.s(if flags & 0x40 != 0 { "P" } else { "" });
        ctx.s(",");
    }
    if ctx.v() > 0 {
        ctx.s("mask=0x");
        fmt::x(ctx.out, u64::from(g8(dp, u + 2)?));
        ctx.s(",raflags=0x");
        fmt::x(ctx.out, u64::from(g8(dp, u + 3)?));
        ctx.s(",");
        for (name, at) in [("vltime=", u + 4), ("pltime=", u + 8)] {
            let t = g32(dp, at)?;
            ctx.s(name);
            if t == u32::MAX {
                ctx.s("infty");
            } else {
                ctx.u(t);
            }
            ctx.s(",");
        }
    }
    fmt::ipv6(ctx.out, gs(dp, u + 16, 16)?);
    ctx.s("/");
    ctx.u(g8(dp, u)?);
    ctx.s("/");
    ctx.u(g8(dp, u + 1)?);
    ctx.s(")");
    Ok(())
}
