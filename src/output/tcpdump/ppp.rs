//! PPP, after tcpdump 5.0's print-ppp.c: formats `wire::ppp`'s views. The
//! frame header (`ppp_print`), the payload switch (`handle_ppp`) and the
//! control protocols' packet line (`handle_ctrl_proto`) with LCP and IPCP
//! options under -v; IPv4, IPv6 and MPLS go on to their printers.

use super::{fmt, g16, g32, g8, ip, mpls, unknown_data, Ctx, Trunc, R};
use crate::names;
use crate::wire::ppp::{Ctrl, Framing, Ppp};
use crate::wire::registry::{EtherType, PppProto};

/// A configuration option's value bytes (after type and length) as hex,
/// as tcpdump dumps an unknown option, or every option under -vv.
fn option_data(ctx: &mut Ctx<'_>, p: &[u8], len: u32) {
    unknown_data(ctx, super::from(p, 2), "\n\t    ", len as usize - 2);
}

/// `ppp_print`: the frame from its address field (or protocol) on; returns
/// the header length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R<usize> {
    ctx.proto = "ppp";
    let p = Ppp::new(bp);
    if length < 2 {
        ctx.trunc_mark();
        return Ok(0);
    }
    let framing = p.framing().ok_or(Trunc)?;
    if ctx.opts.link_header {
        match framing {
            Framing::In => ctx.s("In  "),
            Framing::Out => ctx.s("Out "),
            _ => {}
        }
    }
    let at = Ppp::protocol_at(framing);
    let rest = length - at as u32;
    if rest < 2 {
        ctx.trunc_mark();
        return Ok(0);
    }
    let (proto, plen) = p.protocol(at).ok_or(Trunc)?;
    let hdr_len = at + plen;
    if ctx.opts.link_header {
        let name = PppProto(proto).tcpdump_name();
        ctx.s(name.unwrap_or("unknown"));
        ctx.s(" (0x");
        fmt::x_pad(ctx.out, proto.into(), 4);
        ctx.s("), length ");
        ctx.u(length);
        if name.is_none() {
            return Ok(hdr_len);
        }
        ctx.s(": ");
    }
    payload(ctx, proto, p.from(hdr_len), length - hdr_len as u32)?;
    Ok(hdr_len)
}

/// `handle_ppp`: the information field by protocol.
pub fn payload(ctx: &mut Ctx<'_>, proto: u16, bp: &[u8], length: u32) -> R {
    let pp = PppProto(proto);
    match pp {
        _ if pp.is_control() => ctrl(ctx, pp, bp, length),
        PppProto::IP | PppProto::VJNC => ip::ip4(ctx, bp, length),
        PppProto(p) if p == EtherType::IPV4.0 => ip::ip4(ctx, bp, length),
        PppProto::IPV6 => ip::ip6(ctx, bp, length),
        PppProto(p) if p == EtherType::IPV6.0 => ip::ip6(ctx, bp, length),
        PppProto::MPLS_UCAST | PppProto::MPLS_MCAST => mpls::print(ctx, bp, length),
        PppProto::ML => mlppp(ctx, bp, length),
        PppProto::CHAP => chap(ctx, bp, length),
        PppProto::PAP => pap(ctx, bp, length),
        PppProto::COMP => {
            ctx.s("compressed PPP data");
            Ok(())
        }
        _ => {
            match pp.tcpdump_name() {
                Some(n) => ctx.s(n),
                None => {
                    ctx.s("unknown PPP protocol (0x");
                    fmt::x_pad(ctx.out, proto.into(), 4);
                    ctx.s(")");
                }
            }
            ctx.s(" ");
            unknown_data(ctx, bp, "\n\t", length as usize);
            Ok(())
        }
    }
}

/// `handle_ctrl_proto`: code, id and length; under -v the encoded length,
/// options and the code's own fields.
fn ctrl(ctx: &mut Ctx<'_>, proto: PppProto, bp: &[u8], length: u32) -> R {
    let name = proto.tcpdump_name().unwrap_or("unknown");
    ctx.s(name);
    ctx.s(", ");
    let c = Ctrl::new(bp);
    // tcpdump's own trunc label: `[|LCP]`, no space.
    let trunc = |ctx: &mut Ctx<'_>| {
        ctx.s("[|");
        ctx.s(name);
        ctx.s("]");
        Ok(())
    };
    let (Some(code), Some(id)) = (c.code(), c.id()) else { return trunc(ctx) };
    if length < 4 {
        return trunc(ctx);
    }
    ctx.s(names::ppp::ctrl_code(code));
    ctx.s(" (0x");
    fmt::x2(ctx.out, code);
    ctx.s("), id ");
    ctx.u(id);
    ctx.s(", length ");
    ctx.u(length + 2);
    if ctx.v() == 0 {
        return Ok(());
    }
    let len = c.length().ok_or(Trunc)? as u32;
    if len < 4 {
        ctx.s("\n\tencoded length ");
        ctx.u(len);
        ctx.s(" (< 4))");
        return Ok(());
    }
    if len > length {
        ctx.s("\n\tencoded length ");
        ctx.u(len);
        ctx.s(" (> packet length ");
        ctx.u(length);
        ctx.s("))");
        return Ok(());
    }
    ctx.s("\n\tencoded length ");
    ctx.u(len);
    ctx.s(" (=Option(s) length ");
    ctx.u(len - 4);
    ctx.s(")");
    if len == 4 {
        return Ok(());
    }
    if ctx.v() > 1 {
        // tcpdump dumps from the protocol field, two bytes before the code.
        from_protocol(ctx, proto.0, bp, "\n\t", 6);
    }
    ctrl_body(ctx, proto, code, bp, len)
}

/// tcpdump's `print_unknown_data(pptr - 2, ..)`: `n` bytes from the
/// protocol field, two bytes before the control packet.
fn from_protocol(ctx: &mut Ctx<'_>, proto: u16, bp: &[u8], ident: &str, n: usize) {
    let head = [&proto.to_be_bytes()[..], bp].concat();
    unknown_data(ctx, &head, ident, n);
}

/// The part of a control packet after its 4-byte header (`len` > 4).
fn ctrl_body(ctx: &mut Ctx<'_>, proto: PppProto, code: u8, bp: &[u8], len: u32) -> R {
    let body = super::from(bp, 4);
    match code {
        1..=4 => options(ctx, proto, body, len - 4),
        8 if len >= 6 => {
            let rejected = g16(body, 0)?;
            ctx.s("\n\t  Rejected ");
            ctx.s(PppProto(rejected).tcpdump_name().unwrap_or("unknown"));
            ctx.s(" Protocol (0x");
            fmt::x_pad(ctx.out, rejected.into(), 4);
            ctx.s(")");
            if len > 6 {
                ctx.s("\n\t  Rejected Packet");
                unknown_data(ctx, super::from(body, 2), "\n\t    ", len as usize - 2);
            }
            Ok(())
        }
        9..=11 if len >= 8 => {
            let magic = g32(body, 0)?;
            ctx.s("\n\t  Magic-Num 0x");
            fmt::x_pad(ctx.out, magic.into(), 8);
            if len > 8 {
                ctx.s("\n\t  -----trailing data-----");
                let data = super::from(body, 4);
                if data.len() < len as usize - 8 {
                    return Err(Trunc);
                }
                unknown_data(ctx, data, "\n\t  ", len as usize - 8);
            }
            Ok(())
        }
        5..=11 => Ok(()),
        _ => {
            // Codes tcpdump does not decode: the packet from the protocol field on.
            if ctx.v() <= 1 {
                from_protocol(ctx, proto.0, bp, "\n\t  ", len as usize + 2);
            }
            Ok(())
        }
    }
}

/// The Configure-* option list, for the protocols tcpdump decodes options of.
fn options(ctx: &mut Ctx<'_>, proto: PppProto, mut body: &[u8], mut tlen: u32) -> R {
    let decode: fn(&mut Ctx<'_>, &[u8], u32) -> R<u32> = match proto {
        PppProto::LCP => lcp_option,
        PppProto::IPCP => ipcp_option,
        PppProto::IPV6CP => ip6cp_option,
        // CCP and BACP options are not decoded yet (tcpdump does).
        _ => return Ok(()),
    };
    // tcpdump hands every option the whole packet length, not what is left.
    let whole = tlen + 4;
    while tlen != 0 {
        let advance = decode(ctx, body, whole)?;
        if advance == 0 {
            break;
        }
        if tlen < advance {
            ctx.s(" [remaining options length ");
            ctx.u(tlen);
            ctx.s(" < ");
            ctx.u(advance);
            ctx.s("]");
            ctx.invalid();
            break;
        }
        tlen -= advance;
        body = super::from(body, advance as usize);
    }
    Ok(())
}

/// What an option's type/length pair says to do next.
enum Head {
    /// Stop the list (tcpdump's `return 0`).
    Stop,
    /// Skip `len` bytes: tcpdump printed all it prints of this option.
    Skip(u32),
    /// Decode option `opt` of `len` bytes.
    Opt(u8, u32),
}

/// The type/length pair every option starts with, printed as tcpdump's
/// `%s Option (0x%02x), length %u`. `name` is `None` for an option past
/// the protocol's table, which tcpdump prints as `unknown <label> option`.
fn option_head(ctx: &mut Ctx<'_>, p: &[u8], length: u32, name: impl Fn(u8) -> Option<&'static str>, label: &str) -> R<Head> {
    if length < 2 {
        return Ok(Head::Stop);
    }
    let (opt, len) = (g8(p, 0)?, g8(p, 1)? as u32);
    if length < len {
        return Ok(Head::Stop);
    }
    let Some(n) = name(opt) else {
        ctx.s("\n\tunknown ");
        ctx.s(label);
        ctx.s(" option 0x");
        fmt::x2(ctx.out, opt);
        return Ok(if len < 2 { Head::Stop } else { Head::Skip(len) });
    };
    ctx.s("\n\t  ");
    ctx.s(n);
    ctx.s(" Option (0x");
    fmt::x2(ctx.out, opt);
    ctx.s("), length ");
    ctx.u(len);
    if len < 2 {
        ctx.s(" (length bogus, should be >= 2)");
        return Ok(Head::Stop);
    }
    Ok(Head::Opt(opt, len))
}

/// ` (length bogus, should be = N)` or `>= N`.
fn bogus(ctx: &mut Ctx<'_>, rel: &str, n: u32) {
    ctx.s(" (length bogus, should be ");
    ctx.s(rel);
    ctx.s(" ");
    ctx.u(n);
    ctx.s(")");
}

/// `print_lcp_config_options`; returns the option length, 0 to stop.
fn lcp_option(ctx: &mut Ctx<'_>, p: &[u8], length: u32) -> R<u32> {
    let (opt, len) = match option_head(ctx, p, length, names::ppp::lcp_option, "LCP")? {
        Head::Stop => return Ok(0),
        Head::Skip(len) => return Ok(len),
        Head::Opt(opt, len) => (opt, len),
    };
    let (exact, min): (Option<u32>, Option<u32>) = match opt {
        1 | 17 | 23 => (Some(4), None),
        2 | 5 => (Some(6), None),
        3 | 4 => (None, Some(4)),
        0 => (None, Some(6)),
        13 | 19 => (None, Some(3)),
        _ => (None, None),
    };
    // tcpdump returns the length for some bogus options and 0 (stop) for others.
    let stop_on_bogus = matches!(opt, 4 | 5 | 23 | 13 | 17 | 19);
    if let Some(n) = exact.filter(|&n| len != n) {
        bogus(ctx, "=", n);
        return Ok(if stop_on_bogus { 0 } else { len });
    }
    if let Some(n) = min.filter(|&n| len < n) {
        bogus(ctx, ">=", n);
        return Ok(if stop_on_bogus { 0 } else { len });
    }
    match opt {
        1 | 17 => {
            let v = g16(p, 2)?;
            ctx.s(": ");
            ctx.u(v);
        }
        2 | 5 => {
            let v = g32(p, 2)?;
            ctx.s(": 0x");
            fmt::x_pad(ctx.out, v.into(), 8);
        }
        3 => {
            let ap = g16(p, 2)?;
            ctx.s(": ");
            match PppProto(ap).tcpdump_name() {
                Some(n) => ctx.s(n),
                // tcpdump's format string lacks its `%` here.
                None => ctx.s("Unknown Auth Proto (0x04x)"),
            }
            match PppProto(ap) {
                PppProto::CHAP => {
                    let alg = g8(p, 4)?;
                    ctx.s(", ");
                    match names::ppp::auth_alg(alg) {
                        Some(n) => ctx.s(n),
                        None => {
                            ctx.s("Unknown Auth Alg ");
                            ctx.u(alg);
                        }
                    }
                }
                PppProto::PAP | PppProto(0xc227) | PppProto(0xc027) | PppProto(0xc123) => {}
                _ => unknown_data(ctx, p, "\n\t", len as usize),
            }
        }
        4 => ctx.s(if g16(p, 2)? == 0xc025 { ": LQR" } else { ": unknown" }),
        7 | 8 => {}
        23 => {
            let v = g16(p, 2)?;
            ctx.s(": 0x");
            fmt::x_pad(ctx.out, v.into(), 4);
        }
        _ if ctx.v() < 2 => option_data(ctx, p, len),
        _ => {}
    }
    if ctx.v() > 1 {
        option_data(ctx, p, len);
    }
    Ok(len)
}

/// `print_ip6cp_config_options`: the interface identifier; others are dumped.
fn ip6cp_option(ctx: &mut Ctx<'_>, p: &[u8], length: u32) -> R<u32> {
    let name = |o: u8| Some(if o == 1 { "Interface-ID" } else { "unknown" });
    let (opt, len) = match option_head(ctx, p, length, name, "IP6CP")? {
        Head::Stop => return Ok(0),
        Head::Skip(len) => return Ok(len),
        Head::Opt(opt, len) => (opt, len),
    };
    match opt {
        1 => {
            if len != 10 {
                bogus(ctx, "=", 10);
                return Ok(len);
            }
            let id = super::gs(p, 2, 8)?;
            ctx.s(": ");
            for (i, w) in id.chunks_exact(2).enumerate() {
                if i > 0 {
                    ctx.s(":");
                }
                fmt::x_pad(ctx.out, u16::from_be_bytes([w[0], w[1]]).into(), 4);
            }
        }
        _ if ctx.v() < 2 => option_data(ctx, p, len),
        _ => {}
    }
    if ctx.v() > 1 {
        option_data(ctx, p, len);
    }
    Ok(len)
}

/// `print_ipcp_config_options` for the address-valued options; others are dumped.
fn ipcp_option(ctx: &mut Ctx<'_>, p: &[u8], length: u32) -> R<u32> {
    let name = |o: u8| Some(names::ppp::ipcp_option(o).unwrap_or("unknown"));
    let (opt, len) = match option_head(ctx, p, length, name, "IPCP")? {
        Head::Stop => return Ok(0),
        Head::Skip(len) => return Ok(len),
        Head::Opt(opt, len) => (opt, len),
    };
    match opt {
        1 => {
            if len != 10 {
                bogus(ctx, "=", 10);
                return Ok(len);
            }
            let (src, dst) = (super::gs(p, 2, 4)?, super::gs(p, 6, 4)?);
            ctx.s(": src ");
            fmt::ipv4(ctx.out, src);
            ctx.s(", dst ");
            fmt::ipv4(ctx.out, dst);
        }
        3 | 4 | 129..=132 => {
            if len != 6 {
                bogus(ctx, "=", 6);
                return Ok(0);
            }
            let a = super::gs(p, 2, 4)?;
            ctx.s(": ");
            fmt::ipv4(ctx.out, a);
        }
        2 => {
            if len < 4 {
                bogus(ctx, ">=", 4);
                return Ok(0);
            }
            let comp = g16(p, 2)?;
            ctx.s(": ");
            ctx.s(match comp {
                0x002d => "VJ-Comp",
                0x0061 => "IP Header Compression",
                _ => "Unknown",
            });
            ctx.s(" (0x");
            fmt::x_pad(ctx.out, comp.into(), 2);
            ctx.s("):");
            // RFC 3544 header compression parameters are not decoded.
        }
        _ if ctx.v() < 2 => option_data(ctx, p, len),
        _ => {}
    }
    if ctx.v() > 1 && p.len() >= len as usize {
        option_data(ctx, p, len);
    }
    Ok(len)
}

/// `handle_mlppp`: the 12-bit sequence number and begin/end flags.
fn mlppp(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    if !ctx.opts.link_header {
        ctx.s("MLPPP, ");
    }
    let Some(w) = (length >= 2).then(|| g16(bp, 0).ok()).flatten() else {
        ctx.s("[|mlppp]");
        return Ok(());
    };
    ctx.s("seq 0x");
    fmt::x_pad(ctx.out, (w & 0x0fff).into(), 3);
    ctx.s(", Flags [");
    super::gre::bit_names(ctx, &[(0x8000, "begin"), (0x4000, "end")], w & 0xc000, "none");
    ctx.s("], length ");
    ctx.u(length);
    Ok(())
}

/// `n` untrusted characters from `at` as tcpdump's `fn_print_char` prints them.
fn chars(ctx: &mut Ctx<'_>, bp: &[u8], at: usize, n: usize) -> R {
    for i in 0..n {
        fmt::safe_char(ctx.out, g8(bp, at + i)?);
    }
    Ok(())
}

/// The `CHAP, Challenge (0x01), id 1` / `PAP, Auth-Req (0x01), id 1` start
/// both authentication printers share; `None` when tcpdump stops early.
fn auth_head(ctx: &mut Ctx<'_>, bp: &[u8], length: u32, label: &str, name: fn(u8) -> Option<&'static str>) -> R<Option<(u8, u32)>> {
    if length < 1 {
        ctx.s("[|");
        ctx.s(label);
        ctx.s("]");
        return Ok(None);
    }
    let code = g8(bp, 0)?;
    if length < 4 {
        ctx.s("[|");
        ctx.s(label);
        ctx.s(" 0x");
        fmt::x2(ctx.out, code);
        ctx.s("]");
        return Ok(None);
    }
    ctx.s(&label.to_ascii_uppercase());
    ctx.s(", ");
    ctx.s(name(code).unwrap_or("unknown"));
    ctx.s(" (0x");
    fmt::x2(ctx.out, code);
    ctx.s(")");
    let id = g8(bp, 1)?;
    ctx.s(", id ");
    ctx.u(id);
    Ok(Some((code, g16(bp, 2)?.into())))
}

/// `handle_chap`: value and name of a challenge or response, the message
/// of a success or failure.
fn chap(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    let Some((code, len)) = auth_head(ctx, bp, length, "chap", names::ppp::chap_code)? else { return Ok(()) };
    let (length, len) = (length as usize, len as usize);
    match code {
        1 | 2 => {
            if length < 5 {
                return Ok(());
            }
            let val_size = g8(bp, 4)? as usize;
            if length - 5 < val_size {
                return Ok(());
            }
            ctx.s(", Value ");
            for i in 0..val_size {
                fmt::x2(ctx.out, g8(bp, 5 + i)?);
            }
            ctx.s(", Name ");
            // tcpdump's unsigned subtraction: a short length reads on until the capture ends.
            let name_size = len.checked_sub(5 + val_size).unwrap_or(usize::MAX);
            chars(ctx, bp, 5 + val_size, name_size)
        }
        3 | 4 => {
            ctx.s(", Msg ");
            chars(ctx, bp, 4, len.checked_sub(4).unwrap_or(usize::MAX))
        }
        _ => Ok(()),
    }
}

/// `handle_pap`: peer and password of a request, the message of an ack or nak.
fn pap(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    let Some((code, len)) = auth_head(ctx, bp, length, "pap", names::ppp::pap_code)? else { return Ok(()) };
    if len > length {
        ctx.s(", length ");
        ctx.u(len);
        ctx.s(" > packet size");
        return Ok(());
    }
    if len < 4 {
        ctx.s(", length ");
        ctx.u(len);
        ctx.s(" < PAP header length");
        return Ok(());
    }
    let len = len as usize;
    // Each counted string: its length byte, then the bytes, if they fit in `len`.
    let counted = |ctx: &mut Ctx<'_>, at: usize, label: &str| -> R<Option<usize>> {
        if len < at + 1 {
            return Ok(None);
        }
        let n = g8(bp, at)? as usize;
        if len - (at + 1) < n {
            return Ok(None);
        }
        ctx.s(label);
        chars(ctx, bp, at + 1, n)?;
        Ok(Some(at + 1 + n))
    };
    match code {
        1 => {
            if len < 6 {
                ctx.s("[|pap]");
                return Ok(());
            }
            if let Some(next) = counted(ctx, 4, ", Peer ")? {
                counted(ctx, next, ", Name ")?;
            }
        }
        2 | 3 => {
            if len < 5 {
                ctx.s("[|pap]");
                return Ok(());
            }
            counted(ctx, 4, ", Msg ")?;
        }
        _ => {}
    }
    Ok(())
}

/// `ppp_if_print` (DLT_PPP): returns the link header length for `-x`,
/// which tcpdump takes as 4 whatever the framing.
pub fn if_print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R<usize> {
    ctx.proto = "ppp";
    // With -e the PPP header line stands for the link layer (no `IP ` prefix).
    ctx.ll_printed = ctx.opts.link_header;
    const PPP_HDRLEN: usize = 4;
    if bp.len() < PPP_HDRLEN {
        ctx.trunc_mark();
        return Ok(bp.len());
    }
    print(ctx, bp, length)?;
    Ok(PPP_HDRLEN)
}
