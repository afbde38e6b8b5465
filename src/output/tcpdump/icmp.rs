//! ICMP (print-icmp.c) and ICMPv6 (print-icmp6.c), including the packet an
//! error message quotes and the common Neighbor Discovery options.

use super::ip;
use super::ipinfo::{self, IpInfo};
use super::{dns, fmt, from, g16, g32, g8, gs, hex, Ctx, Trunc, R};
use crate::wire::checksum;
use crate::wire::icmp::{field, nd_opt_field as opt, v6_field as f6};
use crate::wire::registry::{IcmpType, Icmpv6Type, IpProto, NdOptionType};
use crate::wire::{ipv4, ipv6, udp};

/// ICMPv4 (`icmp_print`).
pub fn icmp4(ctx: &mut Ctx<'_>, dp: &[u8], length: u32, _ip: &IpInfo<'_>, fragmented: bool) -> R {
    ctx.proto = "icmp";
    let t = g8(dp, field::TYPE)?;
    let code = g8(dp, field::CODE)?;
    let mark = ctx.out.len();
    ctx.s("ICMP ");
    let q = from(dp, field::BODY); // quoted IP header
    // tcpdump formats the message into a buffer first: nothing of it
    // appears when a field is missing.
    if let Err(e) = icmp4_kind(ctx, dp, q, t, code) {
        ctx.out.truncate(mark);
        return Err(e);
    }
    icmp4_rest(ctx, dp, q, t, length, fragmented)
}

/// The message text after `ICMP `, by type (`icmp_print`'s switch).
fn icmp4_kind(ctx: &mut Ctx<'_>, dp: &[u8], q: &[u8], t: u8, code: u8) -> R {
    match IcmpType(t) {
        IcmpType::ECHO_REPLY | IcmpType::ECHO_REQUEST => {
            let (id, seq) = (g16(dp, field::IDENT.start)?, g16(dp, field::SEQ.start)?);
            ctx.s(IcmpType(t).tcpdump_name().unwrap_or(""));
            ctx.s(", id ");
            ctx.u(id);
            ctx.s(", seq ");
            ctx.u(seq);
        }
        IcmpType::DEST_UNREACHABLE => unreach4(ctx, dp, q, code)?,
        IcmpType::REDIRECT => redirect4(ctx, dp, q, code)?,
        IcmpType::TIME_EXCEEDED => {
            quoted_dst(q)?;
            match code {
                0 => ctx.s("time exceeded in-transit"),
                1 => ctx.s("ip reassembly time exceeded"),
                _ => {
                    ctx.s("time exceeded-#");
                    ctx.u(code);
                }
            }
        }
        IcmpType::PARAMETER_PROBLEM => {
            if code != 0 {
                ctx.s("parameter problem - code ");
                ctx.u(code);
            } else {
                ctx.s("parameter problem - octet ");
                ctx.u(g8(dp, field::POINTER)?);
            }
        }
        IcmpType::TIMESTAMP_REQUEST | IcmpType::TIMESTAMP_REPLY => timestamp(ctx, dp, t)?,
        IcmpType::ROUTER_ADVERTISEMENT => router_advert(ctx, dp)?,
        IcmpType::ADDRESS_MASK_REPLY => {
            ctx.s("address mask is 0x");
            fmt::x_pad(ctx.out, g32(dp, field::ADDRESS_MASK.start)? as u64, 8);
        }
        _ => {
            match IcmpType(t).tcpdump_name() {
                Some(name) => ctx.s(name),
                None => {
                    ctx.s("type-#");
                    ctx.u(t);
                }
            }
        }
    }
    Ok(())
}

/// Destination unreachable: the quoted destination and what could not be
/// reached (protocol, port, or a fragment too big for the next hop's MTU).
fn unreach4(ctx: &mut Ctx<'_>, dp: &[u8], q: &[u8], code: u8) -> R {
    match code {
        2 => {
            let d = quoted_dst(q)?;
            let p = g8(q, ipv4::field::PROTOCOL)?;
            fmt::ipv4(ctx.out, d);
            ctx.s(" protocol ");
            ctx.u(p);
            ctx.s(" unreachable");
        }
        3 => {
            let p = g8(q, ipv4::field::PROTOCOL)?;
            let hlen = (g8(q, ipv4::field::VER_IHL)? & 15) as usize * 4;
            let dport = g16(q, hlen + udp::field::DST_PORT.start)?;
            let d = quoted_dst(q)?;
            fmt::ipv4(ctx.out, d);
            match IpProto(p) {
                IpProto::TCP => ctx.s(" tcp port "),
                IpProto::UDP => ctx.s(" udp port "),
                _ => {
                    ctx.s(" protocol ");
                    ctx.u(p);
                    ctx.s(" port ");
                }
            }
            ctx.u(dport);
            ctx.s(" unreachable");
        }
        4 => {
            let mtu = g16(dp, field::NEXT_HOP_MTU.start)?;
            let d = quoted_dst(q)?;
            fmt::ipv4(ctx.out, d);
            ctx.s(" unreachable - need to frag");
            if mtu != 0 {
                ctx.s(" (mtu ");
                ctx.u(mtu);
                ctx.s(")");
            }
        }
        _ => match IcmpType::tcpdump_unreach(code) {
            Some((pre, post)) => {
                let d = quoted_dst(q)?;
                ctx.s(pre);
                fmt::ipv4(ctx.out, d);
                ctx.s(post);
            }
            None => {
                ctx.s("#");
                ctx.u(code);
            }
        },
    }
    Ok(())
}

/// Redirect: the quoted destination, net or host (or by TOS), and the gateway.
fn redirect4(ctx: &mut Ctx<'_>, dp: &[u8], q: &[u8], code: u8) -> R {
    let d = quoted_dst(q)?;
    let gw = gs(dp, field::GATEWAY.start, field::GATEWAY.len())?;
    let (pre, mid) = match code {
        0 => ("redirect ", " to net "),
        1 => ("redirect ", " to host "),
        2 => ("redirect-tos ", " to net "),
        3 => ("redirect-tos ", " to host "),
        _ => ("", ""),
    };
    if pre.is_empty() {
        ctx.s("redirect-#");
        ctx.u(code);
        ctx.s(" ");
        fmt::ipv4(ctx.out, d);
        ctx.s(" to ");
    } else {
        ctx.s(pre);
        fmt::ipv4(ctx.out, d);
        ctx.s(mid);
    }
    fmt::ipv4(ctx.out, gw);
    Ok(())
}

/// The destination address of a quoted IPv4 header.
fn quoted_dst(q: &[u8]) -> R<&[u8]> {
    gs(q, ipv4::field::DST.start, ipv4::field::DST.len())
}

/// Timestamp query or reply; a reply shows its three times.
fn timestamp(ctx: &mut Ctx<'_>, dp: &[u8], t: u8) -> R {
    let (id, seq) = (g16(dp, field::IDENT.start)?, g16(dp, field::SEQ.start)?);
    let reply = IcmpType(t) == IcmpType::TIMESTAMP_REPLY;
    ctx.s(if reply { "time stamp reply id " } else { "time stamp query id " });
    ctx.u(id);
    ctx.s(" seq ");
    ctx.u(seq);
    if reply {
        for (label, at) in [(": org ", field::ORIGINATE), (", recv ", field::RECEIVE), (", xmit ", field::TRANSMIT)] {
            ctx.s(label);
            icmp_tstamp(ctx, g32(dp, at.start)?);
        }
    }
    Ok(())
}

/// tcpdump's router advertisement body (RFC 1256): the lifetime as s, m:ss
/// or h:mm:ss, the entry count, then `{address preference}` per entry
/// when the address size is 2 words. tcpdump formats it into a buffer of
/// 163 characters, so a long list is cut there.
fn router_advert(ctx: &mut Ctx<'_>, dp: &[u8]) -> R {
    const BUF: usize = 64 + 100 - 1;
    let (num, size, life) = (g8(dp, field::NUM_ADDRS)?, g8(dp, field::ADDR_ENTRY_SIZE)?, g16(dp, field::LIFETIME.start)?);
    let mut b = Vec::with_capacity(BUF);
    fmt::s(&mut b, "router advertisement lifetime ");
    fmt::relts_clock(&mut b, life as u32);
    fmt::s(&mut b, " ");
    fmt::u(&mut b, num as u64);
    fmt::s(&mut b, ":");
    if size != 2 {
        fmt::s(&mut b, " [size ");
        fmt::u(&mut b, size as u64);
        fmt::s(&mut b, "]");
    } else {
        for k in 0..num as usize {
            let entry = field::ROUTER_ENTRIES + field::ENTRY_LEN * k;
            let addr = gs(dp, entry + field::ENTRY_ADDR.start, field::ENTRY_ADDR.len())?;
            let pref = g32(dp, entry + field::ENTRY_PREF.start)?;
            fmt::s(&mut b, " {");
            fmt::ipv4(&mut b, addr);
            fmt::s(&mut b, " ");
            fmt::u(&mut b, pref as u64);
            fmt::s(&mut b, "}");
        }
    }
    b.truncate(BUF);
    ctx.out.extend_from_slice(&b);
    Ok(())
}

fn icmp4_rest(ctx: &mut Ctx<'_>, dp: &[u8], q: &[u8], t: u8, length: u32, fragmented: bool) -> R {
    ctx.s(", length ");
    ctx.u(length);
    if ctx.v() > 0 && !fragmented && dp.len() >= length as usize {
        let sum = checksum::checksum(&dp[..length as usize]);
        if sum != 0 {
            let icmp_sum = g16(dp, field::CHECKSUM.start)?;
            ctx.s(" (wrong icmp cksum ");
            fmt::x(ctx.out, icmp_sum as u64);
            ctx.s(" (->");
            fmt::x(ctx.out, checksum::should_be(icmp_sum, sum) as u64);
            ctx.s(")!)");
        }
    }
    if ctx.v() > 0 && IcmpType(t).quotes_datagram() {
        ctx.s("\n\t");
        let ip_len = g16(q, ipv4::field::TOTAL_LEN.start)?;
        let inner = &q[..q.len().min(ip_len as usize)];
        ip::ip4(ctx, inner, ip_len as u32)?;
    }
    Ok(())
}

fn icmp_tstamp(ctx: &mut Ctx<'_>, t: u32) {
    let msec = t % 1000;
    let sec = t / 1000;
    let (h, m, s) = (sec / 3600, (sec % 3600) / 60, sec % 60);
    if h > 23 {
        ctx.s("[more than 24h]");
        return;
    }
    fmt::u_pad(ctx.out, h as u64, 2);
    ctx.s(":");
    fmt::u_pad(ctx.out, m as u64, 2);
    ctx.s(":");
    fmt::u_pad(ctx.out, s as u64, 2);
    ctx.s(".");
    fmt::u_pad(ctx.out, msec as u64, 3);
}

/// The upper-layer header of a quoted IPv6 packet: (protocol, header bytes).
fn upper_layer(q: &[u8]) -> R<(u8, &[u8])> {
    gs(q, 0, ipv6::HEADER_LEN)?;
    let mut nh = q[ipv6::field::NEXT_HEADER];
    let mut off = ipv6::HEADER_LEN;
    for _ in 0..ipv6::MAX_EXT_HEADERS {
        match IpProto(nh) {
            IpProto::HOPOPT | IpProto::IPV6_ROUTE | IpProto::IPV6_OPTS => {
                let l = (g8(q, off + 1)? as usize + 1) * 8;
                nh = g8(q, off)?;
                off += l;
            }
            IpProto::IPV6_FRAG => {
                let fo = g16(q, off + 2)?;
                nh = g8(q, off)?;
                off += 8;
                if fo & 0xfff8 != 0 {
                    return Err(Trunc);
                }
            }
            IpProto::AH => {
                let l = (g8(q, off + 1)? as usize + 2) * 4;
                nh = g8(q, off)?;
                off += l;
            }
            _ => return Ok((nh, from(q, off))),
        }
    }
    Err(Trunc)
}

/// ICMPv6 (`icmp6_print`).
pub fn icmp6(ctx: &mut Ctx<'_>, dp: &[u8], length: u32, ip: &IpInfo<'_>, fragmented: bool) -> R {
    ctx.proto = "icmp6";
    if length < 4 {
        ctx.s("ICMP6, length ");
        ctx.u(length);
        ctx.invalid();
        return Ok(());
    }
    let t = Icmpv6Type(g8(dp, field::TYPE)?);
    let code = g8(dp, field::CODE)?;
    if ctx.v() > 0 && !fragmented && dp.len() >= length as usize {
        cksum6(ctx, dp, length, ip)?;
    }
    ctx.s("ICMP6, ");
    match t.tcpdump_name() {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("unknown icmp6 type (");
            ctx.u(t.0);
            ctx.s(")");
        }
    }
    let v = ctx.v();
    if v > 0
        && matches!(
            t,
            Icmpv6Type::ROUTER_SOLICITATION
                | Icmpv6Type::ROUTER_ADVERTISEMENT
                | Icmpv6Type::NEIGHBOR_SOLICITATION
                | Icmpv6Type::NEIGHBOR_ADVERTISEMENT
                | Icmpv6Type::REDIRECT
                | Icmpv6Type::HOME_AGENT_REPLY
                | Icmpv6Type::MOBILE_PREFIX_ADVERTISEMENT
        )
    {
        ctx.s(", length ");
        ctx.u(length);
    }
    // Each arm says whether the message is printed to its end already
    // (a hex dump), so that the closing `, length` is left off.
    let ended = match t {
        Icmpv6Type::DEST_UNREACHABLE => dest_unreach6(ctx, dp, code, length)?,
        Icmpv6Type::PACKET_TOO_BIG => {
            ctx.s(", mtu ");
            ctx.u(g32(dp, f6::MTU.start)?);
            false
        }
        Icmpv6Type::TIME_EXCEEDED => time_exceeded6(ctx, from(dp, field::BODY), code).map(|()| false)?,
        Icmpv6Type::PARAMETER_PROBLEM => param_problem6(ctx, dp, code).map(|()| false)?,
        Icmpv6Type::ECHO_REQUEST | Icmpv6Type::ECHO_REPLY => {
            ctx.s(", id ");
            ctx.u(g16(dp, field::IDENT.start)?);
            ctx.s(", seq ");
            ctx.u(g16(dp, field::SEQ.start)?);
            false
        }
        Icmpv6Type::MLD_QUERY => mld_query(ctx, dp, length).map(|()| false)?,
        Icmpv6Type::MLD_REPORT | Icmpv6Type::MLD_DONE => mld6(ctx, dp).map(|()| false)?,
        Icmpv6Type::ROUTER_SOLICITATION => {
            if v > 0 {
                options_at(ctx, dp, f6::RS_OPTIONS, length)?;
            }
            false
        }
        Icmpv6Type::ROUTER_ADVERTISEMENT => {
            if v > 0 {
                router_advert6(ctx, dp, length)?;
            }
            false
        }
        Icmpv6Type::NEIGHBOR_SOLICITATION => {
            let tgt = addr6(dp, f6::TARGET)?;
            ctx.s(", who has ");
            fmt::ipv6(ctx.out, tgt);
            if v > 0 {
                options_at(ctx, dp, f6::NS_OPTIONS, length)?;
            }
            false
        }
        Icmpv6Type::NEIGHBOR_ADVERTISEMENT => neighbor_advert(ctx, dp, length).map(|()| false)?,
        Icmpv6Type::REDIRECT => redirect6(ctx, dp, length).map(|()| false)?,
        Icmpv6Type::ROUTER_RENUMBERING => super::rrenum::print(ctx, dp).map(|()| false)?,
        Icmpv6Type::MLDV2_REPORT => mldv2_report(ctx, dp, length).map(|()| false)?,
        Icmpv6Type::INVERSE_ND_SOLICITATION | Icmpv6Type::INVERSE_ND_ADVERTISEMENT => false,
        _ => {
            ctx.s(", length ");
            ctx.u(length);
            if v <= 1 {
                hex::hex(ctx.out, "\n\t", &dp[..dp.len().min(length as usize)], 0);
            }
            true
        }
    };
    if !ended && v == 0 {
        ctx.s(", length ");
        ctx.u(length);
    }
    Ok(())
}

/// `-v`: `[icmp6 sum ok]` or the checksum it should have been.
fn cksum6(ctx: &mut Ctx<'_>, dp: &[u8], length: u32, ip: &IpInfo<'_>) -> R {
    let icmp_sum = g16(dp, field::CHECKSUM.start)?;
    let sum = ip.cksum(IpProto::ICMPV6.0, &dp[..length as usize]);
    ipinfo::sum_verdict(ctx, "icmp6", icmp_sum, sum);
    Ok(())
}

/// Destination unreachable: the code and the quoted packet's addresses or
/// port; true when an unknown code was hex-dumped instead.
fn dest_unreach6(ctx: &mut Ctx<'_>, dp: &[u8], code: u8, length: u32) -> R<bool> {
    let q = from(dp, field::BODY);
    ctx.s(", ");
    match Icmpv6Type::tcpdump_unreach_name(code) {
        Some(name) => ctx.s(name),
        None => {
            ctx.s("unknown unreach code (");
            ctx.u(code);
            ctx.s(")");
        }
    }
    match code {
        0 | 1 | 3 => {
            ctx.s(" ");
            fmt::ipv6(ctx.out, addr6(q, ipv6::field::DST)?);
        }
        2 => {
            ctx.s(" ");
            fmt::ipv6(ctx.out, addr6(q, ipv6::field::DST)?);
            ctx.s(", source address ");
            fmt::ipv6(ctx.out, addr6(q, ipv6::field::SRC)?);
        }
        4 => {
            let (prot, uh) = upper_layer(q)?;
            let dport = g16(uh, udp::field::DST_PORT.start)?;
            ctx.s(", ");
            fmt::ipv6(ctx.out, addr6(q, ipv6::field::DST)?);
            match IpProto(prot) {
                IpProto::TCP => ctx.s(" tcp port "),
                IpProto::UDP => ctx.s(" udp port "),
                _ => {
                    ctx.s(" protocol ");
                    ctx.u(prot);
                    ctx.s(" port ");
                }
            }
            ctx.u(dport);
            if !matches!(IpProto(prot), IpProto::TCP | IpProto::UDP) {
                ctx.s(" unreachable");
            }
        }
        _ => {
            if ctx.v() <= 1 {
                hex::hex(ctx.out, "\n\t", &dp[..dp.len().min(length as usize)], 0);
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Time exceeded: in transit (with the quoted destination) or in reassembly.
fn time_exceeded6(ctx: &mut Ctx<'_>, q: &[u8], code: u8) -> R {
    match code {
        0 => {
            ctx.s(" for ");
            fmt::ipv6(ctx.out, addr6(q, ipv6::field::DST)?);
        }
        1 => ctx.s(" (reassembly)"),
        _ => {
            ctx.s(", unknown code (");
            ctx.u(code);
            ctx.s(")");
        }
    }
    Ok(())
}

/// Parameter problem: what is wrong, and the octet the pointer names.
fn param_problem6(ctx: &mut Ctx<'_>, dp: &[u8], code: u8) -> R {
    addr6(from(dp, field::BODY), ipv6::field::DST)?;
    let ptr = g32(dp, f6::POINTER.start)?;
    match code {
        0 => ctx.s(", erroneous - octet "),
        1 => ctx.s(", next header - octet "),
        2 => ctx.s(", option - octet "),
        3 => ctx.s(", incomplete header chain - octet "),
        _ => {
            ctx.s(", code-#");
            ctx.u(code);
        }
    }
    if code <= 3 {
        ctx.u(ptr);
    }
    Ok(())
}

/// MLD query: v1 (24 bytes) or v2 (28 and more).
fn mld_query(ctx: &mut Ctx<'_>, dp: &[u8], length: u32) -> R {
    if length as usize == f6::MLD_LEN {
        ctx.s(" v1 ");
        mld6(ctx, dp)
    } else if length as usize >= f6::MLDV2_QUERY_LEN {
        ctx.s(" v2");
        mldv2_query(ctx, dp, length)
    } else {
        ctx.s(" unknown-version (len ");
        ctx.u(length);
        ctx.s(") ");
        Ok(())
    }
}

/// `Flags [a, b]` from a table of (bit, name), `none` when no bit is set.
fn flag_names<T: Copy + Into<u32>>(ctx: &mut Ctx<'_>, v: T, table: &[(T, &str)]) {
    ctx.s("Flags ");
    fmt::flag_list(ctx.out, v, table);
}

/// `-v` router advertisement (RFC 4861 §4.2): hop limit, flags, preference,
/// lifetimes, then the options.
fn router_advert6(ctx: &mut Ctx<'_>, dp: &[u8], length: u32) -> R {
    let fl = g8(dp, f6::RA_FLAGS)?;
    ctx.s("\n\thop limit ");
    ctx.u(g8(dp, f6::CUR_HOP_LIMIT)?);
    ctx.s(", ");
    // The router-preference bit (0x10) is printed as `pref` below instead.
    flag_names(
        ctx,
        fl,
        &[(0x80u8, "managed"), (0x40, "other stateful"), (0x20, "home agent"), (0x08, "proxy"), (0x04, "abbreviated")],
    );
    ctx.s(", pref ");
    ctx.s(["medium", "high", "medium", "low"][((fl >> 3) & 3) as usize]);
    ctx.s(", router lifetime ");
    ctx.u(g16(dp, f6::ROUTER_LIFETIME.start)?);
    ctx.s("s, reachable time ");
    ctx.u(g32(dp, f6::REACHABLE_TIME.start)?);
    ctx.s("ms, retrans timer ");
    ctx.u(g32(dp, f6::RETRANS_TIMER.start)?);
    ctx.s("ms");
    options_at(ctx, dp, f6::RA_OPTIONS, length)
}

/// Neighbor advertisement (RFC 4861 §4.4): the target, `-v` flags and options.
fn neighbor_advert(ctx: &mut Ctx<'_>, dp: &[u8], length: u32) -> R {
    let tgt = addr6(dp, f6::TARGET)?;
    ctx.s(", tgt is ");
    fmt::ipv6(ctx.out, tgt);
    if ctx.v() > 0 {
        let fl = g32(dp, f6::NA_FLAGS.start)?;
        ctx.s(", ");
        flag_names(ctx, fl, &[(0x8000_0000u32, "router"), (0x4000_0000, "solicited"), (0x2000_0000, "override")]);
        options_at(ctx, dp, f6::NS_OPTIONS, length)?;
    }
    Ok(())
}

/// Redirect (RFC 4861 §4.5): destination, better first hop, `-v` options.
fn redirect6(ctx: &mut Ctx<'_>, dp: &[u8], length: u32) -> R {
    let tgt = addr6(dp, f6::TARGET)?;
    let dst = addr6(dp, f6::REDIRECT_DST)?;
    ctx.s(", ");
    fmt::ipv6(ctx.out, dst);
    ctx.s(" to ");
    fmt::ipv6(ctx.out, tgt);
    if ctx.v() > 0 {
        options_at(ctx, dp, f6::REDIRECT_OPTIONS, length)?;
    }
    Ok(())
}

/// A 16-byte IPv6 address field, or truncation.
fn addr6(b: &[u8], at: crate::wire::field::Field) -> R<&[u8]> {
    gs(b, at.start, at.len())
}

/// The Neighbor Discovery options from `at` to the message's end.
fn options_at(ctx: &mut Ctx<'_>, dp: &[u8], at: usize, length: u32) -> R {
    opts(ctx, from(dp, at), length.saturating_sub(at as u32) as usize)
}

fn mld6(ctx: &mut Ctx<'_>, dp: &[u8]) -> R {
    // tcpdump's mld6_print prints nothing, and no truncation mark, when
    // the 24-byte message is not all captured (a first fragment, say).
    if dp.len() < f6::MLD_LEN {
        return Ok(());
    }
    let d = g16(dp, f6::MAX_RESP.start)?;
    let a = addr6(dp, f6::MCAST_ADDR)?;
    ctx.s("max resp delay: ");
    ctx.u(d);
    ctx.s(" addr: ");
    fmt::ipv6(ctx.out, a);
    Ok(())
}

fn mldv2_report(ctx: &mut Ctx<'_>, dp: &[u8], len: u32) -> R {
    if (len as usize) < f6::RECORDS {
        ctx.s(" [invalid len ");
        ctx.u(len);
        ctx.s("]");
        return Ok(());
    }
    let ngroups = g16(dp, f6::NUM_RECORDS.start)?;
    ctx.s(", ");
    ctx.u(ngroups);
    ctx.s(" group record(s)");
    if ctx.v() > 0 {
        let mut group = f6::RECORDS;
        for _ in 0..ngroups {
            if (len as usize) < group + f6::REC_SOURCES {
                ctx.s(" [invalid number of groups]");
                return Ok(());
            }
            let a = gs(dp, group + f6::REC_ADDR.start, f6::REC_ADDR.len())?;
            ctx.s(" [gaddr ");
            fmt::ipv6(ctx.out, a);
            let rt = g8(dp, group + f6::REC_TYPE)?;
            ctx.s(" ");
            // MLDv2 records share IGMPv3's types (RFC 3810 §5.2.12).
            ctx.s(crate::names::igmp::record_type(rt).unwrap_or("unknown"));
            let auxlen = g8(dp, group + f6::REC_AUX_LEN)? as usize;
            let nsrcs = g16(dp, group + f6::REC_NUM_SOURCES.start)? as usize;
            let sources = group + f6::REC_SOURCES;
            if (len as usize) < sources + nsrcs * 16 {
                ctx.s(" [invalid number of sources ");
                ctx.u(nsrcs as u64);
                ctx.s("]]");
                return Ok(());
            }
            if ctx.v() == 1 {
                ctx.s(", ");
                ctx.u(nsrcs as u64);
                ctx.s(" source(s)");
            } else {
                ctx.s(" {");
                for j in 0..nsrcs {
                    ctx.s(" ");
                    fmt::ipv6(ctx.out, gs(dp, sources + j * 16, 16)?);
                }
                ctx.s(" }");
            }
            group = sources + nsrcs * 16 + auxlen * 4;
            ctx.s("]");
        }
    }
    Ok(())
}

fn mldv2_query(ctx: &mut Ctx<'_>, dp: &[u8], len: u32) -> R {
    let mrc = g16(dp, f6::MAX_RESP.start)? as u32;
    let mrt = if mrc < 32768 {
        mrc
    } else {
        ((mrc & 0x0fff) | 0x1000) << (((mrc & 0x7000) >> 12) + 3)
    };
    if ctx.v() > 0 {
        ctx.s(" [max resp delay=");
        ctx.u(mrt);
        ctx.s("]");
    }
    ctx.s(" [gaddr ");
    fmt::ipv6(ctx.out, addr6(dp, f6::MCAST_ADDR)?);
    if ctx.v() > 0 {
        let b = g8(dp, f6::QUERY_FLAGS)?;
        if b & 0x08 != 0 {
            ctx.s(" sflag");
        }
        let qrv = b & 7;
        if qrv != 0 {
            ctx.s(" robustness=");
            ctx.u(qrv);
        }
        let qqic = g8(dp, f6::QQIC)? as u32;
        let qqi = if qqic < 128 {
            qqic
        } else {
            ((qqic & 0x0f) | 0x10) << (((qqic & 0x70) >> 4) + 3)
        };
        ctx.s(" qqi=");
        ctx.u(qqi);
    }
    let nsrcs = g16(dp, f6::QUERY_NUM_SOURCES.start)? as usize;
    if nsrcs > 0 {
        if (len as usize) < f6::QUERY_SOURCES + nsrcs * 16 {
            ctx.s(" [invalid number of sources]");
        } else if ctx.v() > 1 {
            ctx.s(" {");
            for j in 0..nsrcs {
                ctx.s(" ");
                fmt::ipv6(ctx.out, gs(dp, f6::QUERY_SOURCES + j * 16, 16)?);
            }
            ctx.s(" }");
        } else {
            ctx.s(", ");
            ctx.u(nsrcs as u64);
            ctx.s(" source(s)");
        }
    }
    ctx.s("]");
    Ok(())
}

/// The one prefix information option length tcpdump decodes.
const PREFIX_INFO_LEN: usize = 32;

/// Neighbor Discovery options (`icmp6_opt_print`).
fn opts(ctx: &mut Ctx<'_>, bp: &[u8], mut resid: usize) -> R {
    let mut cp = 0usize;
    while resid > 0 {
        let t = NdOptionType(g8(bp, cp + opt::TYPE)?);
        let ol = g8(bp, cp + opt::LEN)? as usize;
        if ol == 0 || ol * opt::LEN_UNIT > resid {
            ctx.trunc_mark();
            return Ok(());
        }
        let olen = ol * opt::LEN_UNIT;
        let o = gs(bp, cp, olen)?;
        ctx.s("\n\t  ");
        ctx.s(t.tcpdump_name().unwrap_or("unknown"));
        ctx.s(" option (");
        ctx.u(t.0);
        ctx.s("), length ");
        ctx.u(olen as u64);
        ctx.s(" (");
        ctx.u(ol as u64);
        ctx.s("): ");
        if !option_body(ctx, t, o)? {
            return Ok(());
        }
        if ctx.v() > 1 {
            hex::hex(ctx.out, "\n\t    ", &o[opt::DATA..], 0);
        }
        cp += olen;
        resid -= olen;
    }
    Ok(())
}

/// One option's value after its `type (n), length` prefix; false when
/// tcpdump stops the option list there (with its truncation mark).
fn option_body(ctx: &mut Ctx<'_>, t: NdOptionType, o: &[u8]) -> R<bool> {
    let olen = o.len();
    match t {
        NdOptionType::SOURCE_LINK_ADDR | NdOptionType::TARGET_LINK_ADDR => fmt::mac(ctx.out, &o[opt::DATA..]),
        NdOptionType::NONCE => {
            for (k, b) in o[opt::DATA..].iter().enumerate() {
                if k > 0 {
                    ctx.s(" ");
                }
                fmt::x2(ctx.out, *b);
            }
        }
        NdOptionType::MTU => {
            ctx.s(" ");
            ctx.u(g32(o, opt::VALUE32.start)?);
        }
        NdOptionType::PREFIX_INFO => {
            if olen != PREFIX_INFO_LEN {
                ctx.trunc_mark();
                return Ok(false);
            }
            fmt::ipv6(ctx.out, &o[opt::PREFIX]);
            ctx.s("/");
            ctx.u(o[opt::PREFIX_LEN]);
            ctx.s(", ");
            flag_names(ctx, o[opt::PREFIX_FLAGS], &[(0x80u8, "onlink"), (0x40, "auto"), (0x20, "router")]);
            ctx.s(", valid time ");
            lifetime(ctx, g32(o, opt::VALID_LIFETIME.start)?);
            ctx.s(", pref. time ");
            lifetime(ctx, g32(o, opt::PREFERRED_LIFETIME.start)?);
        }
        NdOptionType::RDNSS => {
            ctx.s(" lifetime ");
            lifetime(ctx, g32(o, opt::VALUE32.start)?);
            ctx.s(",");
            let mut k = opt::LIST;
            while k + 16 <= olen {
                ctx.s(" addr: ");
                fmt::ipv6(ctx.out, &o[k..k + 16]);
                k += 16;
            }
        }
        NdOptionType::DNSSL => {
            ctx.s(" lifetime ");
            lifetime(ctx, g32(o, opt::VALUE32.start)?);
            ctx.s(", domain(s):");
            let mut k = opt::LIST;
            while k < olen && o[k] != 0 {
                ctx.s(" ");
                match dns::name_print(ctx, o, k, 0) {
                    Ok(Some(next)) => k = next,
                    _ => {
                        ctx.s(" [|icmp6]");
                        return Ok(false);
                    }
                }
            }
        }
        NdOptionType::ADVERTISEMENT_INTERVAL => {
            ctx.s(" ");
            ctx.u(g32(o, opt::VALUE32.start)?);
            ctx.s("ms");
        }
        NdOptionType::HOME_AGENT_INFO => {
            ctx.s(" preference ");
            ctx.u(g16(o, opt::HA_PREFERENCE.start)?);
            ctx.s(", lifetime ");
            ctx.u(g16(o, opt::HA_LIFETIME.start)?);
        }
        NdOptionType::PREF64 => pref64(ctx, o)?,
        _ => hex::hex(ctx.out, "\n\t    ", &o[opt::DATA..], 0),
    }
    Ok(true)
}

/// PREF64 (RFC 8781): the 96-bit prefix, its length code and lifetime.
fn pref64(ctx: &mut Ctx<'_>, o: &[u8]) -> R {
    let w = g16(o, opt::PREF64_LIFETIME_PLC.start)?;
    let plc = w & 7;
    let mut a = [0u8; 16];
    // The option's length byte may promise fewer than 16 bytes.
    a[..12].copy_from_slice(gs(o, opt::PREF64_PREFIX.start, opt::PREF64_PREFIX.len())?);
    fmt::ipv6(ctx.out, &a);
    ctx.s("/");
    match plc {
        0 => ctx.s("96"),
        1 => ctx.s("64"),
        2 => ctx.s("56"),
        3 => ctx.s("48"),
        4 => ctx.s("40"),
        5 => ctx.s("32"),
        _ => ctx.s("??"),
    }
    ctx.s(" (plc ");
    ctx.u(plc);
    ctx.s("), lifetime ");
    ctx.u(w & 0xfff8);
    ctx.s("s");
    Ok(())
}

fn lifetime(ctx: &mut Ctx<'_>, t: u32) {
    if t == u32::MAX {
        ctx.s("infinity");
    } else {
        ctx.u(t);
        ctx.s("s");
    }
}
