//! Multipath TCP options (RFC 8684), after tcpdump 5.0's print-mptcp.c: one
//! printer per subtype, each returning false where tcpdump says `[bad opt]`.

use super::{fmt, g16, g32, g8, gs, Ctx, R};
use crate::wire::TcpFlags;

/// Subtype names as tcpdump prints them, by subtype (8 and up: "unknown"
/// past "tcprst").
const SUBTYPES: [&str; 10] =
    ["capable", "join", "dss", "add-addr", "rem-addr", "prio", "fail", "fast-close", "tcprst", "unknown"];

fn be64(b: &[u8], i: usize) -> R<u64> {
    Ok(((g32(b, i)? as u64) << 32) | g32(b, i + 4)? as u64)
}

/// `mptcp_print`: `o` is the whole option with kind and length; false is
/// tcpdump's `goto bad` in the caller.
pub fn print(ctx: &mut Ctx<'_>, o: &[u8], flags: u16) -> R<bool> {
    ctx.proto = "mptcp";
    let len = o.len() as u32;
    let b2 = g8(o, 2)?;
    let sub = (b2 >> 4).min(8);
    ctx.s(" ");
    ctx.u(len);
    ctx.s(" ");
    ctx.s(SUBTYPES[sub as usize]);
    let ok = match sub {
        0 => capable(ctx, o, flags)?,
        1 => join(ctx, o, flags)?,
        2 => dss(ctx, o, flags)?,
        3 => add_addr(ctx, o)?,
        4 => remove_addr(ctx, o)?,
        5 => prio(ctx, o)?,
        6 => fail(ctx, o)?,
        7 => fast_close(ctx, o)?,
        _ => true,
    };
    // Back to "tcp" for a later truncation mark only where the subtype
    // printer ran to its end: a bad option or an unknown MP_CAPABLE version
    // keeps "mptcp" (DSS always returns through its end).
    let known_version = sub != 0 || b2 & 0xf <= 1;
    if sub == 2 || (ok && known_version) {
        ctx.proto = "tcp";
    }
    Ok(ok)
}

/// Both SYN and ACK as given in `want`.
fn syn_ack(flags: u16, want: u16) -> bool {
    flags & (TcpFlags::SYN | TcpFlags::ACK) == want
}

/// `mp_capable_print`: version, flags A–H and the keys.
fn capable(ctx: &mut Ctx<'_>, o: &[u8], flags: u16) -> R<bool> {
    let len = o.len();
    if !(((len == 12 || len == 4) && flags & TcpFlags::SYN != 0)
        || ((len == 20 || len == 22 || len == 24) && syn_ack(flags, TcpFlags::ACK)))
    {
        return Ok(false);
    }
    let ver = g8(o, 2)? & 0xf;
    if ver > 1 {
        ctx.s(" Unknown Version (");
        ctx.u(ver);
        ctx.s(")");
        return Ok(true);
    }
    ctx.s(" v");
    ctx.u(ver);
    let f = g8(o, 3)?;
    ctx.s(" flags [");
    let mut any = false;
    for (k, ch) in b"ABCDEFGH".iter().enumerate() {
        if f & (0x80 >> k) != 0 {
            ctx.out.push(*ch);
            any = true;
        }
    }
    if !any {
        ctx.s("none");
    }
    ctx.s("]");
    let csum = f & 0x80 != 0;
    if csum {
        ctx.s(" csum");
    }
    if len == 12 || len >= 20 {
        ctx.s(" {0x");
        fmt::x(ctx.out, be64(o, 4)?);
        if len >= 20 {
            ctx.s(",0x");
            fmt::x(ctx.out, be64(o, 12)?);
        }
        if (len == 22 && !csum) || len == 24 {
            ctx.s(",data_len=");
            ctx.u(g16(o, 20)?);
        }
        ctx.s("}");
    }
    Ok(true)
}

/// `mp_join_print`: backup flag, address id, then token/nonce or HMAC by length.
fn join(ctx: &mut Ctx<'_>, o: &[u8], flags: u16) -> R<bool> {
    let len = o.len();
    if !((len == 12 && flags & TcpFlags::SYN != 0)
        || (len == 16 && syn_ack(flags, TcpFlags::SYN | TcpFlags::ACK))
        || (len == 24 && flags & TcpFlags::ACK != 0))
    {
        return Ok(false);
    }
    if len != 24 {
        if g8(o, 2)? & 1 != 0 {
            ctx.s(" backup");
        }
        ctx.s(" id ");
        ctx.u(g8(o, 3)?);
    }
    match len {
        12 => {
            ctx.s(" token 0x");
            fmt::x(ctx.out, g32(o, 4)? as u64);
            ctx.s(" nonce 0x");
            fmt::x(ctx.out, g32(o, 8)? as u64);
        }
        16 => {
            ctx.s(" hmac 0x");
            fmt::x(ctx.out, be64(o, 4)?);
            ctx.s(" nonce 0x");
            fmt::x(ctx.out, g32(o, 12)? as u64);
        }
        _ => {
            ctx.s(" hmac 0x");
            for i in 4..24 {
                fmt::x2(ctx.out, g8(o, i)?);
            }
        }
    }
    Ok(true)
}

/// `mp_dss_print`: data ACK and the mapping (sequence, subflow sequence,
/// length, checksum), each 4 or 8 bytes as the flags say.
fn dss(ctx: &mut Ctx<'_>, o: &[u8], flags: u16) -> R<bool> {
    let mut len = o.len();
    if len < 4 || flags & TcpFlags::SYN != 0 {
        return Ok(false);
    }
    let f = g8(o, 3)?;
    if f & 0x10 != 0 {
        ctx.s(" fin");
    }
    let mut p = 4;
    len -= 4;
    // A 4- or 8-byte number, as the `wide` flag says; false when it does not fit.
    let number = |ctx: &mut Ctx<'_>, p: &mut usize, len: &mut usize, wide: bool| -> R<bool> {
        let n = if wide { 8 } else { 4 };
        if *len < n {
            return Ok(false);
        }
        ctx.u(if wide { be64(o, *p)? } else { g32(o, *p)? as u64 });
        *p += n;
        *len -= n;
        Ok(true)
    };
    if f & 0x01 != 0 {
        ctx.s(" ack ");
        if !number(ctx, &mut p, &mut len, f & 0x02 != 0)? {
            return Ok(false);
        }
    }
    if f & 0x04 != 0 {
        ctx.s(" seq ");
        if !number(ctx, &mut p, &mut len, f & 0x08 != 0)? {
            return Ok(false);
        }
        if len < 4 {
            return Ok(false);
        }
        ctx.s(" subseq ");
        if !number(ctx, &mut p, &mut len, false)? {
            return Ok(false);
        }
        if len < 2 {
            return Ok(false);
        }
        ctx.s(" len ");
        ctx.u(g16(o, p)?);
        p += 2;
        len -= 2;
        if len >= 2 {
            ctx.s(" csum 0x");
            fmt::x(ctx.out, g16(o, p)? as u64);
            len -= 2;
        }
    }
    Ok(len == 0)
}

/// `add_addr_print`: version/echo, address id, address, port and HMAC by length.
fn add_addr(ctx: &mut Ctx<'_>, o: &[u8]) -> R<bool> {
    let len = o.len();
    if !matches!(len, 8 | 10 | 16 | 18 | 20 | 22 | 28 | 30) {
        return Ok(false);
    }
    ctx.s(" ");
    ctx.s(match g8(o, 2)? & 0xf {
        6 => "v0-ip6",
        4 => "v0-ip4",
        1 => "v1-echo",
        0 => "v1",
        _ => "[bad version/echo]",
    });
    ctx.s(" id ");
    ctx.u(g8(o, 3)?);
    // IPv4 (lengths 8–18) or IPv6 (20–30); a port where the length leaves
    // two bytes for one, an HMAC where it leaves eight.
    let (v4, addr_end) = if matches!(len, 8 | 10 | 16 | 18) { (true, 8) } else { (false, 20) };
    ctx.s(" ");
    if v4 {
        fmt::ipv4(ctx.out, gs(o, 4, 4)?);
    } else {
        fmt::ipv6(ctx.out, gs(o, 4, 16)?);
    }
    let port = len == addr_end + 2 || len == addr_end + 10;
    if port {
        ctx.s(":");
        ctx.u(g16(o, addr_end)?);
    }
    if len >= addr_end + 8 {
        ctx.s(" hmac 0x");
        fmt::x(ctx.out, be64(o, addr_end + if port { 2 } else { 0 })?);
    }
    Ok(true)
}

/// `remove_addr_print`: the address ids.
fn remove_addr(ctx: &mut Ctx<'_>, o: &[u8]) -> R<bool> {
    if o.len() < 4 {
        return Ok(false);
    }
    ctx.s(" id");
    for i in 3..o.len() {
        ctx.s(" ");
        ctx.u(g8(o, i)?);
    }
    Ok(true)
}

/// `mp_prio_print`: backup flag and optional address id.
fn prio(ctx: &mut Ctx<'_>, o: &[u8]) -> R<bool> {
    let len = o.len();
    if len != 3 && len != 4 {
        return Ok(false);
    }
    ctx.s(if g8(o, 2)? & 1 != 0 { " backup" } else { " non-backup" });
    if len == 4 {
        ctx.s(" id ");
        ctx.u(g8(o, 3)?);
    }
    Ok(true)
}

/// `mp_fail_print`: the data sequence number.
fn fail(ctx: &mut Ctx<'_>, o: &[u8]) -> R<bool> {
    if o.len() != 12 {
        return Ok(false);
    }
    ctx.s(" seq ");
    ctx.u(be64(o, 4)?);
    Ok(true)
}

/// `mp_fast_close_print`: the receiver's key.
fn fast_close(ctx: &mut Ctx<'_>, o: &[u8]) -> R<bool> {
    if o.len() != 12 {
        return Ok(false);
    }
    ctx.s(" key 0x");
    fmt::x(ctx.out, be64(o, 4)?);
    Ok(true)
}
