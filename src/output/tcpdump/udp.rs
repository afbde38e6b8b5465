//! UDP (tcpdump's print-udp.c) with the DNS, TFTP and VXLAN payloads.

use super::ipinfo::{sum_verdict, IpInfo};
use crate::wire::registry::IpProto;
use super::{demux, fmt, from, g16, g8, Ctx, R};

/// tcpdump's `udpipaddr_print`; ports are `None` when unreadable.
fn addrs(ctx: &mut Ctx<'_>, ip: &IpInfo<'_>, ports: Option<(u16, u16)>) {
    match ports {
        Some((sp, dp)) => ip.endpoints(ctx, false, sp, dp),
        None => {
            ip.addrs(ctx);
        }
    }
}

/// Prints a UDP datagram; `length` is the IP payload length.
pub fn print(ctx: &mut Ctx<'_>, up: &[u8], length: u32, ip: &IpInfo<'_>, fragmented: bool) -> R {
    ctx.proto = "udp";
    if up.len() < 4 {
        addrs(ctx, ip, None);
        ctx.trunc_mark();
        return Ok(());
    }
    let sport = g16(up, 0)?;
    let dport = g16(up, 2)?;
    if length < 8 {
        addrs(ctx, ip, Some((sport, dport)));
        ctx.s("truncated-udp ");
        ctx.u(length);
        return Ok(());
    }
    if up.len() < 6 {
        addrs(ctx, ip, Some((sport, dport)));
        ctx.trunc_mark();
        return Ok(());
    }
    let mut ulen = g16(up, 4)? as u32;
    if ulen == 0 && length > 65535 {
        ulen = length;
    }
    if ulen < 8 {
        addrs(ctx, ip, Some((sport, dport)));
        ctx.s("truncated-udplength ");
        ctx.u(ulen);
        return Ok(());
    }
    ulen -= 8;
    let mut length = length - 8;
    if ulen < length {
        length = ulen;
    }
    if up.len() < 8 {
        addrs(ctx, ip, Some((sport, dport)));
        ctx.trunc_mark();
        return Ok(());
    }
    let cp = from(up, 8);
    addrs(ctx, ip, Some((sport, dport)));
    if ctx.v() > 0 && !ctx.opts.no_verify_checksums && !fragmented {
        let v6 = ip.v6;
        if !v6 && ctx.v() > 1 {
            let udp_sum = g16(up, 6)?;
            if udp_sum == 0 {
                ctx.s("[no cksum] ");
            } else if cp.len() >= length as usize {
                let sum = ip.cksum(IpProto::UDP.0, &up[..length as usize + 8]);
                sum_verdict(ctx, "udp", udp_sum, sum);
            }
        } else if v6 && cp.len() >= length as usize {
            let sum = ip.cksum(IpProto::UDP.0, &up[..length as usize + 8]);
            sum_verdict(ctx, "udp", g16(up, 6)?, sum);
        }
    }
    if !ctx.opts.quiet && demux::udp_port(ctx, cp, length, sport, dport)? {
        return Ok(());
    }
    if ulen > length && !fragmented {
        ctx.s("UDP, bad length ");
        ctx.u(ulen);
        ctx.s(" > ");
        ctx.u(length);
    } else {
        ctx.s("UDP, length ");
        ctx.u(ulen);
    }
    Ok(())
}

/// Prints a NUL-terminated string within `len`; returns bytes consumed (0 = truncated).
fn printztn(ctx: &mut Ctx<'_>, b: &[u8], len: usize) -> usize {
    let mut n = 0;
    while n < len {
        let Some(&c) = b.get(n) else { return 0 };
        n += 1;
        if c == 0 {
            return n;
        }
        fmt::safe_char(ctx.out, c);
    }
    0
}

/// TFTP (print-tftp.c): opcode, then the file name and mode, block or error.
pub fn tftp(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "tftp";
    ctx.s("TFTP, length ");
    ctx.u(length);
    if length < 2 {
        ctx.trunc_mark();
        return Ok(());
    }
    let op = g16(bp, 0)?;
    let name = match op {
        1 => "RRQ",
        2 => "WRQ",
        3 => "DATA",
        4 => "ACK",
        5 => "ERROR",
        6 => "OACK",
        _ => {
            ctx.s(", tftp-#");
            ctx.u(op);
            return Ok(());
        }
    };
    ctx.s(", ");
    ctx.s(name);
    let mut p = &bp[2..];
    let mut len = length as usize - 2;
    match op {
        1 | 2 => {
            if len == 0 {
                ctx.trunc_mark();
                return Ok(());
            }
            ctx.s(" \"");
            let n = printztn(ctx, p, len);
            ctx.s("\"");
            if n == 0 {
                ctx.trunc_mark();
                return Ok(());
            }
            p = from(p, n);
            len -= n;
            if len == 0 {
                ctx.trunc_mark();
                return Ok(());
            }
            ctx.s(" ");
            let n = printztn(ctx, p, len);
            if n == 0 {
                ctx.trunc_mark();
                return Ok(());
            }
            p = from(p, n);
            len -= n;
            while len != 0 {
                if g8(p, 0)? != 0 {
                    ctx.s(" ");
                }
                let n = printztn(ctx, p, len);
                if n == 0 {
                    ctx.trunc_mark();
                    return Ok(());
                }
                p = from(p, n);
                len -= n;
            }
        }
        3 | 4 => {
            ctx.s(" block ");
            ctx.u(g16(p, 0)?);
        }
        _ => {}
    }
    Ok(())
}
