//! VRRP v2 (RFC 3768) and v3 (RFC 5798), after tcpdump 5.0's print-vrrp.c.

use super::ipinfo::IpInfo;
use super::{fmt, g16, g8, gs, Ctx, R};
use crate::wire::checksum;

/// IP protocol number of VRRP.
pub const PROTO: u8 = 112;

/// `vrrp_print`: `ttl` is the IPv4 TTL or IPv6 hop limit (a real
/// advertisement is sent with 255, so anything else is shown).
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], len: u32, ip: &IpInfo<'_>, ttl: u8) -> R {
    ctx.proto = "vrrp";
    let b0 = g8(bp, 0)?;
    let (version, kind) = (b0 >> 4, b0 & 0x0f);
    ctx.s("VRRPv");
    ctx.u(version);
    ctx.s(", ");
    if kind == 1 {
        ctx.s("Advertisement");
    } else {
        ctx.s("unknown type (");
        ctx.u(kind);
        ctx.s(")");
    }
    if ttl != 255 {
        ctx.s(", (ttl ");
        ctx.u(ttl);
        ctx.s(")");
    }
    if !(2..=3).contains(&version) || kind != 1 {
        return Ok(());
    }
    ctx.s(", vrid ");
    ctx.u(g8(bp, 1)?);
    ctx.s(", prio ");
    ctx.u(g8(bp, 2)?);
    let auth_type = if version == 2 {
        let auth = g8(bp, 4)?;
        ctx.s(", authtype ");
        match auth {
            0 => ctx.s("none"),
            1 => ctx.s("simple"),
            2 => ctx.s("ah"),
            _ => {
                ctx.s("#");
                ctx.u(auth);
            }
        }
        ctx.s(", intvl ");
        ctx.u(g8(bp, 5)?);
        ctx.s("s, length ");
        auth
    } else {
        let intvl = u16::from(g8(bp, 4)? & 0x0f) << 8 | u16::from(g8(bp, 5)?);
        ctx.s(", intvl ");
        ctx.u(intvl);
        ctx.s("cs, length ");
        0
    };
    ctx.u(len);
    if ctx.v() > 0 {
        verbose(ctx, bp, len, ip, version, auth_type)?;
    }
    Ok(())
}

/// `-v`: checksum verdict, virtual addresses and a simple-text password.
fn verbose(ctx: &mut Ctx<'_>, bp: &[u8], len: u32, ip: &IpInfo<'_>, version: u8, auth: u8) -> R {
    let naddrs = g8(bp, 3)?;
    if let Some(whole) = bp.get(..len as usize) {
        // v2 sums the message alone, v3 adds the IP pseudo-header.
        let bad = if version == 2 {
            checksum::checksum(whole) != 0
        } else {
            ip.cksum(PROTO, whole) != 0
        };
        if bad {
            ctx.s(", (bad vrrp cksum ");
            fmt::x(ctx.out, u64::from(g16(bp, 6)?));
            ctx.s(")");
        }
    }
    ctx.s(", addrs");
    if naddrs > 1 {
        ctx.s("(");
        ctx.u(naddrs);
        ctx.s(")");
    }
    ctx.s(":");
    let mut at = 8;
    for i in 0..naddrs {
        ctx.s(if i == 0 { " " } else { "," });
        fmt::ipv4(ctx.out, gs(bp, at, 4)?);
        at += 4;
    }
    if version == 2 && auth == 1 {
        // RFC 3768 5.3.10: a shorter password is zero-filled to 8 bytes.
        ctx.s(" auth \"");
        for k in 0..8 {
            let c = g8(bp, at + k)?;
            if c == 0 {
                break;
            }
            fmt::safe_char(ctx.out, c);
        }
        ctx.s("\"");
    }
    Ok(())
}
