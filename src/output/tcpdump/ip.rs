//! IPv4 and IPv6 (with extension headers), after tcpdump 5.0's print-ip.c,
//! print-ip6.c, print-frag6.c, print-rt6.c and print-ip-demux.c.

use super::ipinfo::IpInfo;
use super::{demux, fmt, from, g16, g32, g8, gs, Ctx, Trunc, R};
use crate::wire::checksum;
use crate::wire::ipv4::{field, MIN_HEADER_LEN};
use crate::wire::ipv6::{field as v6f, HEADER_LEN as HEADER_LEN_V6};
use crate::wire::registry::IpProto;

/// The transports that print the addresses themselves, with their ports.
fn prints_own_addresses(nh: u8) -> bool {
    matches!(IpProto(nh), IpProto::TCP | IpProto::UDP | IpProto::DCCP | IpProto::SCTP)
}

fn proto_name(ctx: &mut Ctx<'_>, p: u8) {
    ctx.named_num(crate::names::IpProto(p).tcpdump_name(), p);
}

/// `-v`: the parenthesised header fields (tos, ttl, id, offset, flags,
/// proto, length, options, checksum) and the line break before the
/// addresses; false when an option was cut short (tcpdump then prints the
/// addresses and a truncation mark only).
fn verbose4(ctx: &mut Ctx<'_>, data: &[u8], hlen: u32, off: u16, nh: u8) -> R<bool> {
    let tos = g8(data, field::TOS)?;
    ctx.s("(tos 0x");
    fmt::x(ctx.out, tos as u64);
    match tos & 3 {
        1 => ctx.s(",ECT(1)"),
        2 => ctx.s(",ECT(0)"),
        3 => ctx.s(",CE"),
        _ => {}
    }
    let ttl = g8(data, field::TTL)?;
    if ttl >= 1 {
        ctx.s(", ttl ");
        ctx.u(ttl);
    }
    ctx.s(", id ");
    ctx.u(g16(data, field::IDENT.start)?);
    ctx.s(", offset ");
    ctx.u((off & 0x1fff) as u32 * 8);
    ctx.s(", flags ");
    fmt::flag_list(ctx.out, off, &[(0x2000u16, "+"), (0x4000, "DF"), (0x8000, "rsvd")]);
    ctx.s(", proto ");
    proto_name(ctx, nh);
    ctx.s(", length ");
    ctx.u(g16(data, field::TOTAL_LEN.start)?);
    let mut complete = true;
    if hlen > MIN_HEADER_LEN as u32 {
        ctx.s(", options (");
        if ip_options(ctx, from(data, MIN_HEADER_LEN), hlen as usize - MIN_HEADER_LEN).is_err() {
            ctx.s(" [truncated-option]");
            complete = false;
        }
        ctx.s(")");
    }
    if let Some(h) = data.get(..hlen as usize).filter(|_| !ctx.opts.no_verify_checksums) {
        let sum = checksum::checksum(h);
        if sum != 0 {
            let ip_sum = g16(data, field::CHECKSUM.start)?;
            ctx.s(", bad cksum ");
            fmt::x(ctx.out, ip_sum as u64);
            ctx.s(" (->");
            fmt::x(ctx.out, checksum::should_be(ip_sum, sum) as u64);
            ctx.s(")!");
        }
    }
    ctx.s(")\n    ");
    Ok(complete)
}

/// IPv4 (`ip_print`); `length` is the on-wire length from the IP header on.
pub fn ip4(ctx: &mut Ctx<'_>, data: &[u8], length: u32) -> R {
    ctx.proto = "ip";
    if !ctx.ll_printed {
        ctx.s("IP ");
    }
    if length < 20 {
        ctx.s(" [length ");
        ctx.u(length);
        ctx.s(" < 20]");
        ctx.invalid();
        return Ok(());
    }
    let b0 = g8(data, field::VER_IHL)?;
    if b0 >> 4 != 4 {
        ctx.s(" [version ");
        ctx.u(b0 >> 4);
        ctx.s(" != 4]");
        ctx.invalid();
        return Ok(());
    }
    let hlen = (b0 & 15) as u32 * 4;
    if hlen < 20 {
        ctx.s(" [header length ");
        ctx.u(hlen);
        ctx.s(" < 20]");
        ctx.invalid();
        return Ok(());
    }
    let mut len = g16(data, field::TOTAL_LEN.start)? as u32;
    if len > length {
        ctx.s("[total length ");
        ctx.u(len);
        ctx.s(" > length ");
        ctx.u(length);
        ctx.s("]");
        ctx.invalid();
        ctx.s(" ");
        len = length;
    } else if len < hlen {
        ctx.s("[total length ");
        ctx.u(len);
        ctx.s(" < header length ");
        ctx.u(hlen);
        ctx.s("]");
        ctx.invalid();
        return Ok(());
    }
    // nd_push_snaplen: nothing past the IP total length is looked at.
    let data = &data[..data.len().min(len as usize)];
    let off = g16(data, field::FLAGS_FRAG.start)?;
    let nh = g8(data, field::PROTOCOL)?;
    if ctx.v() > 0 && !verbose4(ctx, data, hlen, off, nh)? {
        gs(data, field::SRC.start, 8)?;
        fmt::ipv4(ctx.out, &data[field::SRC]);
        ctx.s(" > ");
        fmt::ipv4(ctx.out, &data[field::DST]);
        ctx.s(": ");
        ctx.trunc_mark();
        return Ok(());
    }
    let hdr = gs(data, 0, MIN_HEADER_LEN)?;
    let info = IpInfo {
        hdr,
        v6: false,
        direct: true,
        final_dst: None,
    };
    if off & 0x1fff == 0 {
        if !prints_own_addresses(nh) {
            info.addrs(ctx);
        }
        let fragmented = off & 0x2000 != 0;
        demux::ip_proto(
            ctx,
            from(data, hlen as usize),
            // `len` was cut to a frame shorter than the header it claims.
            len.saturating_sub(hlen),
            &info,
            nh,
            fragmented,
        )
    } else {
        fmt::ipv4(ctx.out, info.src());
        ctx.s(" > ");
        fmt::ipv4(ctx.out, info.dst());
        ctx.s(": ip-proto-");
        ctx.u(nh);
        Ok(())
    }
}

fn ip_options(ctx: &mut Ctx<'_>, data: &[u8], mut len: usize) -> R {
    let mut cp = 0usize;
    let mut first = true;
    while len > 0 {
        let opt = g8(data, cp)?;
        if !first {
            ctx.s(",");
        }
        first = false;
        let name = match opt {
            0 => "EOL",
            1 => "NOP",
            7 => "RR",
            68 => "TS",
            130 => "security",
            131 => "LSRR",
            133 => "E-SEC",
            136 => "SID",
            137 => "SSRR",
            148 => "RA",
            _ => "",
        };
        if name.is_empty() {
            ctx.s("unknown ");
            ctx.u(opt);
        } else {
            ctx.s(name);
        }
        if opt == 0 || opt == 1 {
            if opt == 0 {
                // EOL: the rest is padding.
                return Ok(());
            }
            cp += 1;
            len -= 1;
            continue;
        }
        let olen = g8(data, cp + 1)? as usize;
        if olen < 2 {
            ctx.s(" [bad length ");
            ctx.u(olen as u64);
            ctx.s("]");
            return Ok(());
        }
        if olen > len {
            ctx.s(" [bad length ");
            ctx.u(olen as u64);
            ctx.s(" > ");
            ctx.u(len as u64);
            ctx.s("]");
            return Ok(());
        }
        gs(data, cp, olen)?;
        if matches!(opt, 7 | 131 | 137) {
            // Record route / source routes (tcpdump's ip_printroute).
            if (olen + 1) & 3 != 0 {
                ctx.s(" [bad length ");
                ctx.u(olen as u64);
                ctx.s("]");
            }
            let ptr = g8(data, cp + 2)? as usize;
            let p1 = ptr.wrapping_sub(1);
            if ptr < 4 || (p1 + 1) & 3 != 0 || p1 > olen + 1 {
                ctx.s(" [bad ptr ");
                ctx.u(ptr as u64);
                ctx.s("]");
            }
            let mut k = 3;
            while k < olen {
                ctx.s(" ");
                fmt::ipv4(ctx.out, gs(data, cp + k, 4)?);
                if p1 > k {
                    ctx.s(",");
                }
                k += 4;
            }
        }
        if opt == 148 && olen == 4 {
            let v = g16(data, cp + 2)?;
            if v != 0 {
                ctx.s(" value ");
                ctx.u(v);
            }
        }
        cp += olen;
        len -= olen;
    }
    Ok(())
}

/// `-v`: `(class, flowlabel, hlim, next-header, payload length) `.
fn verbose6(ctx: &mut Ctx<'_>, data: &[u8], nh: u8, plen: u32) -> R {
    let flow = g32(data, v6f::VER_TC_FLOW.start)?;
    ctx.s("(");
    if flow & 0x0ff0_0000 != 0 {
        ctx.s("class 0x");
        fmt::x_pad(ctx.out, ((flow & 0x0ff0_0000) >> 20) as u64, 2);
        ctx.s(", ");
    }
    if flow & 0x000f_ffff != 0 {
        ctx.s("flowlabel 0x");
        fmt::x_pad(ctx.out, (flow & 0x000f_ffff) as u64, 5);
        ctx.s(", ");
    }
    ctx.s("hlim ");
    ctx.u(g8(data, v6f::HOP_LIMIT)?);
    ctx.s(", next-header ");
    proto_name(ctx, nh);
    ctx.s(", payload length ");
    ctx.u(plen);
    ctx.s(") ");
    Ok(())
}

/// IPv6 (`ip6_print`).
pub fn ip6(ctx: &mut Ctx<'_>, data: &[u8], length: u32) -> R {
    ctx.proto = "ip6";
    if !ctx.ll_printed {
        ctx.s("IP6 ");
    }
    if length < 40 {
        ctx.s(" [length ");
        ctx.u(length);
        ctx.s(" < 40]");
        ctx.invalid();
        return Ok(());
    }
    let b0 = g8(data, 0)?;
    if b0 >> 4 != 6 {
        ctx.s(" [version ");
        ctx.u(b0 >> 4);
        ctx.s(" != 6]");
        ctx.invalid();
        return Ok(());
    }
    let plen = g16(data, v6f::PAYLOAD_LEN.start)? as u32;
    let mut len;
    if plen != 0 {
        len = plen + 40;
        if len > length {
            ctx.s("[header+payload length ");
            ctx.u(len);
            ctx.s(" > length ");
            ctx.u(length);
            ctx.s("]");
            ctx.invalid();
            ctx.s(" ");
            len = length;
        }
    } else {
        // Jumbo payload: the Hop-by-Hop option gives the length.
        len = length;
    }
    let data = &data[..data.len().min(len as usize)];
    let nh0 = g8(data, v6f::NEXT_HEADER)?;
    if ctx.v() > 0 {
        verbose6(ctx, data, nh0, plen)?;
    }
    let hdr = gs(data, 0, HEADER_LEN_V6)?;
    let mut nh = nh0;
    let mut cp = HEADER_LEN_V6;
    let mut rem = len - HEADER_LEN_V6 as u32;
    let mut fragmented = false;
    let mut first = true;
    let mut jumbo: Option<u32> = None;
    let mut final_dst: Option<&[u8]> = None;
    while first || cp < data.len() {
        if first && !prints_own_addresses(nh) {
            fmt::ipv6(ctx.out, &hdr[v6f::SRC]);
            ctx.s(" > ");
            fmt::ipv6(ctx.out, &hdr[v6f::DST]);
            ctx.s(": ");
        }
        first = false;
        let p = from(data, cp);
        let advance = match IpProto(nh) {
            IpProto::HOPOPT | IpProto::IPV6_OPTS => {
                let (adv, j) = ext_opts(ctx, p, IpProto(nh) == IpProto::HOPOPT)?;
                if j.is_some() {
                    jumbo = j;
                }
                nh = g8(p, 0)?;
                adv
            }
            IpProto::IPV6_FRAG => {
                let Some(adv) = frag6(ctx, p, hdr, cp)? else {
                    return Ok(());
                };
                if data.len() <= cp + adv {
                    return Ok(());
                }
                nh = g8(p, 0)?;
                fragmented = true;
                adv
            }
            IpProto::IPV6_ROUTE => {
                g8(p, 0)?;
                let (adv, last) = rt6(ctx, p)?;
                if last.is_some() {
                    final_dst = last;
                }
                nh = g8(p, 0)?;
                adv
            }
            _ => {
                let info = IpInfo {
                    hdr,
                    v6: true,
                    direct: cp == HEADER_LEN_V6,
                    final_dst,
                };
                let length = if plen != 0 {
                    rem
                } else if let Some(j) = jumbo {
                    j.saturating_add(HEADER_LEN_V6 as u32).saturating_sub(cp as u32)
                } else {
                    0
                };
                return demux::ip_proto(ctx, p, length, &info, nh, fragmented);
            }
        };
        ctx.proto = "ip6";
        if (rem as usize) < advance {
            return Err(Trunc);
        }
        cp += advance;
        rem -= advance as u32;
    }
    Ok(())
}

/// Hop-by-hop / destination options header; returns its length.
fn ext_opts(ctx: &mut Ctx<'_>, p: &[u8], hbh: bool) -> R<(usize, Option<u32>)> {
    let mut jumbo = None;
    ctx.proto = if hbh { "hbhopt" } else { "dstopt" };
    let hlen = (g8(p, 1)? as usize + 1) * 8;
    gs(p, 0, hlen)?;
    ctx.s(if hbh { "HBH " } else { "DSTOPT " });
    let mut i = 2;
    let v = ctx.v() > 0;
    while i < hlen && v {
        let t = p[i];
        if t == 0 {
            ctx.s("(pad1)");
            i += 1;
            continue;
        }
        let ol = g8(p, i + 1)? as usize;
        if i + 2 + ol > hlen {
            ctx.s("[|");
            ctx.s(if hbh { "hbhopt" } else { "dstopt" });
            ctx.s("]");
            break;
        }
        match t {
            1 => ctx.s("(padn)"),
            5 => {
                ctx.s("(rtalert: 0x");
                fmt::x_pad(ctx.out, g16(p, i + 2)? as u64, 4);
                ctx.s(") ");
            }
            0xc2 => {
                ctx.s("(jumbo: ");
                let j = g32(p, i + 2)?;
                jumbo = Some(j);
                ctx.u(j);
                ctx.s(") ");
            }
            _ => {
                ctx.s("(opt_type 0x");
                fmt::x_pad(ctx.out, t as u64, 2);
                ctx.s(": len=");
                ctx.u(ol as u64);
                ctx.s(") ");
            }
        }
        i += 2 + ol;
    }
    if v {
        ctx.s(" ");
    }
    Ok((hlen, jumbo))
}

/// Fragment header; `None` for a non-first fragment (nothing more to print).
fn frag6(ctx: &mut Ctx<'_>, p: &[u8], hdr: &[u8], cp: usize) -> R<Option<usize>> {
    ctx.proto = "frag6";
    ctx.s("frag (");
    gs(p, 0, 8)?;
    if ctx.v() > 0 {
        ctx.s("0x");
        fmt::x_pad(ctx.out, g32(p, 4)? as u64, 8);
        ctx.s(":");
    }
    let offlg = g16(p, 2)?;
    ctx.u(offlg & 0xfff8);
    ctx.s("|");
    let plen = u16::from_be_bytes([hdr[4], hdr[5]]) as i64;
    let flen = 40 + plen - cp as i64 - 8;
    if flen < 0 {
        ctx.s("[length < 0]");
        ctx.invalid();
    } else {
        ctx.u(flen as u64);
    }
    ctx.s(")");
    if offlg & 0xfff8 != 0 {
        return Ok(None);
    }
    ctx.s(" ");
    Ok(Some(8))
}

/// Routing header (`rt6_print`).
fn rt6<'a>(ctx: &mut Ctx<'_>, p: &'a [u8]) -> R<(usize, Option<&'a [u8]>)> {
    let mut last = None;
    ctx.proto = "rt6";
    let len = g8(p, 1)? as usize;
    let typ = g8(p, 2)?;
    let segleft = g8(p, 3)?;
    ctx.s("RT6 (len=");
    ctx.u(len as u64);
    ctx.s(", type=");
    ctx.u(typ);
    if typ == 0 {
        ctx.s(" [Deprecated]");
    }
    ctx.s(", segleft=");
    ctx.u(segleft);
    match typ {
        0 | 2 => {
            // tcpdump shows the reserved word when it is set, or with -v.
            let rsv = g32(p, 4)?;
            if rsv != 0 || ctx.v() > 0 {
                ctx.s(", rsv=0x");
                fmt::x(ctx.out, rsv as u64);
            }
            let n = len / 2;
            for k in 0..n {
                let a = gs(p, 8 + 16 * k, 16)?;
                ctx.s(", [");
                ctx.u(k as u64);
                ctx.s("]");
                fmt::ipv6(ctx.out, a);
                last = Some(a);
            }
            ctx.s(") ");
        }
        _ => {
            ctx.s(") ");
        }
    }
    Ok(((len + 1) * 8, last))
}
