//! TCP (tcpdump 5.0's print-tcp.c and print-mptcp.c): flags, relative
//! sequence numbers, options, RST payload and the text protocols on top.

use super::ip::IpInfo;
use crate::wire::checksum;
use super::{dns, fmt, from, g16, g32, g8, gs, names, Ctx, Trunc, R};
use crate::wire::hash::HashMap;
use crate::wire::registry::TcpOptionKind;

/// A conversation key in tcpdump's collating order (lower port first).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    src: [u8; 16],
    dst: [u8; 16],
    port: u32,
    v6: bool,
}

/// Initial sequence numbers per conversation, for relative numbering.
#[derive(Default)]
pub struct SeqTable {
    map: HashMap<Key, (u32, u32)>,
}

/// Upper bound of conversations remembered; past it the table is reset
/// (tcpdump's grows without limit, but a bounded table keeps memory flat).
const MAX_CONVERSATIONS: usize = 1 << 20;

fn port_str(ctx: &mut Ctx<'_>, port: u16) {
    if ctx.opts.resolve_ports {
        if let Some(n) = names::port(true, port) {
            ctx.s(n);
            return;
        }
    }
    ctx.u(port);
}

const FIN: u16 = 0x01;
const SYN: u16 = 0x02;
const RST: u16 = 0x04;
const PSH: u16 = 0x08;
const ACK: u16 = 0x10;
const URG: u16 = 0x20;
const ECE: u16 = 0x40;
const CWR: u16 = 0x80;
const AE: u16 = 0x100;

/// Prints a TCP segment; `length` is the IP payload length.
pub fn print(ctx: &mut Ctx<'_>, tp: &[u8], length: u32, ip: &IpInfo<'_>, fragmented: bool) -> R {
    ctx.proto = "tcp";
    if tp.len() < 4 {
        ip.addr(ctx.out, ip.src());
        ctx.s(" > ");
        ip.addr(ctx.out, ip.dst());
        ctx.s(":");
        ctx.trunc_mark();
        return Ok(());
    }
    let sport = g16(tp, 0)?;
    let dport = g16(tp, 2)?;
    if ip.direct {
        ip.addr(ctx.out, ip.src());
        ctx.s(".");
        port_str(ctx, sport);
        ctx.s(" > ");
        ip.addr(ctx.out, ip.dst());
        ctx.s(".");
        port_str(ctx, dport);
        ctx.s(": ");
    } else {
        port_str(ctx, sport);
        ctx.s(" > ");
        port_str(ctx, dport);
        ctx.s(": ");
    }
    if tp.len() < 20 {
        // tcpdump's ND_TCHECK_SIZE jumps to its local `trunc` label.
        ctx.trunc_mark();
        return Ok(());
    }
    let hlen = (tp[12] >> 4) as u32 * 4;
    if hlen < 20 {
        ctx.s(" tcp ");
        ctx.u(length.wrapping_sub(hlen));
        ctx.s(" [bad hdr length ");
        ctx.u(hlen);
        ctx.s(" - too short, < 20]");
        return Ok(());
    }
    let mut seq = g32(tp, 4)?;
    let mut ack = g32(tp, 8)?;
    let win = g16(tp, 14)?;
    let urp = g16(tp, 18)?;
    if ctx.opts.quiet {
        ctx.s("tcp ");
        ctx.u(length.wrapping_sub(hlen));
        if hlen > length {
            ctx.s(" [bad hdr length ");
            ctx.u(hlen);
            ctx.s(" - too long, > ");
            ctx.u(length);
            ctx.s("]");
        }
        return Ok(());
    }
    let flags = u16::from_be_bytes([tp[12], tp[13]]) & 0x1ff;
    ctx.s("Flags [");
    let mut any = false;
    for (bit, ch) in [
        (FIN, b'F'),
        (SYN, b'S'),
        (RST, b'R'),
        (PSH, b'P'),
        (ACK, b'.'),
        (URG, b'U'),
        (ECE, b'E'),
        (CWR, b'W'),
        (AE, b'e'),
    ] {
        if flags & bit != 0 {
            ctx.out.push(ch);
            any = true;
        }
    }
    if !any {
        ctx.s("none");
    }
    ctx.s("]");

    let (mut thseq, mut thack, mut rev) = (0u32, 0u32, false);
    if !ctx.opts.absolute_seq && flags & ACK != 0 {
        let (src, dst) = (ip.src(), ip.dst());
        rev = sport > dport || (sport == dport && src > dst);
        let mut key = Key {
            src: [0; 16],
            dst: [0; 16],
            port: 0,
            v6: ip.v6,
        };
        let (a, b) = if rev { (dst, src) } else { (src, dst) };
        key.src[..a.len()].copy_from_slice(a);
        key.dst[..b.len()].copy_from_slice(b);
        key.port = if rev {
            (dport as u32) << 16 | sport as u32
        } else {
            (sport as u32) << 16 | dport as u32
        };
        let map = &mut ctx.tcp.map;
        let entry = match map.get_mut(&key) {
            Some(e) if flags & SYN == 0 => {
                if rev {
                    seq = seq.wrapping_sub(e.1);
                    ack = ack.wrapping_sub(e.0);
                } else {
                    seq = seq.wrapping_sub(e.0);
                    ack = ack.wrapping_sub(e.1);
                }
                *e
            }
            _ => {
                if map.len() >= MAX_CONVERSATIONS {
                    map.clear();
                }
                let e = if rev {
                    (ack.wrapping_sub(1), seq)
                } else {
                    (seq, ack.wrapping_sub(1))
                };
                map.insert(key, e);
                e
            }
        };
        thseq = entry.0;
        thack = entry.1;
    }
    if hlen > length {
        ctx.s(" [bad hdr length ");
        ctx.u(hlen);
        ctx.s(" - too long, > ");
        ctx.u(length);
        ctx.s("]");
        return Ok(());
    }
    if ctx.v() > 0 && !fragmented {
        if let Some(seg) = tp.get(..length as usize) {
            let sum = ip.cksum(6, seg);
            let tcp_sum = g16(tp, 16)?;
            ctx.s(", cksum 0x");
            fmt::x_pad(ctx.out, tcp_sum as u64, 4);
            if sum != 0 {
                ctx.s(" (incorrect -> 0x");
                fmt::x_pad(ctx.out, checksum::should_be(tcp_sum, sum) as u64, 4);
                ctx.s(")");
            } else {
                ctx.s(" (correct)");
            }
        }
    }
    let length = length - hlen;
    if ctx.v() > 1 || length > 0 || flags & (SYN | FIN | RST) != 0 {
        ctx.s(", seq ");
        ctx.u(seq);
        if length > 0 {
            ctx.s(":");
            ctx.u(seq.wrapping_add(length));
        }
    }
    if flags & ACK != 0 {
        ctx.s(", ack ");
        ctx.u(ack);
    }
    ctx.s(", win ");
    ctx.u(win);
    if flags & URG != 0 {
        ctx.s(", urg ");
        ctx.u(urp);
    }
    if hlen > 20 {
        ctx.s(", options [");
        match options(ctx, from(tp, 20), hlen - 20, flags, rev, thseq, thack) {
            Ok(None) => ctx.s("]"),
            Ok(Some(any_done)) => {
                ctx.s("[bad opt]");
                if any_done {
                    ctx.s("]");
                }
                return Ok(());
            }
            Err(e) => return Err(e),
        }
    }
    ctx.s(", length ");
    ctx.u(length);
    if length == 0 {
        return Ok(());
    }
    if tp.len() < hlen as usize {
        ctx.s(" [remaining caplen(");
        ctx.u(tp.len() as u64);
        ctx.s(") < header length(");
        ctx.u(hlen);
        ctx.s(")]");
        return Err(Trunc);
    }
    let bp = from(tp, hlen as usize);
    if flags & RST != 0 {
        return rst_data(ctx, bp, length);
    }
    payload(ctx, bp, length, sport, dport)
}

/// Options; `Ok(Some(any_done))` is tcpdump's `goto bad` (`any_done`: an
/// option was completed before, so the list bracket is closed).
fn options(
    ctx: &mut Ctx<'_>,
    opts: &[u8],
    mut hlen: u32,
    flags: u16,
    rev: bool,
    thseq: u32,
    thack: u32,
) -> R<Option<bool>> {
    let mut cp = 0usize;
    let mut done_any = false;
    while hlen > 0 {
        if done_any {
            ctx.s(",");
        }
        let opt = g8(opts, cp)?;
        cp += 1;
        let len: u32;
        if TcpOptionKind(opt).is_single_byte() {
            len = 1;
        } else {
            len = g8(opts, cp)? as u32;
            cp += 1;
            if len < 2 || len > hlen {
                return Ok(Some(done_any));
            }
            hlen -= 1;
        }
        hlen -= 1;
        let mut datalen: u32 = 0;
        macro_rules! lencheck {
            ($l:expr) => {{
                let l: u32 = $l;
                if l > hlen {
                    return Ok(Some(done_any));
                }
                gs(opts, cp, l as usize)?;
            }};
        }
        // tcpdump's option tokens live with the other names; "" stands for opt-N.
        let name = TcpOptionKind(opt).tcpdump_name().unwrap_or("");
        if name.is_empty() && opt != 13 {
            ctx.s("unknown-");
            ctx.u(opt);
        } else {
            ctx.s(name);
        }
        match TcpOptionKind(opt) {
            TcpOptionKind::MSS => {
                datalen = 2;
                lencheck!(datalen);
                ctx.s(" ");
                ctx.u(g16(opts, cp)?);
            }
            TcpOptionKind::WINDOW_SCALE => {
                datalen = 1;
                lencheck!(datalen);
                ctx.s(" ");
                ctx.u(g8(opts, cp)?);
            }
            TcpOptionKind::SACK => {
                datalen = len - 2;
                if datalen % 8 != 0 {
                    ctx.s(" invalid sack");
                } else {
                    ctx.s(" ");
                    ctx.u(datalen / 8);
                    ctx.s(" ");
                    let mut i = 0;
                    while i < datalen {
                        lencheck!(i + 4);
                        let mut s = g32(opts, cp + i as usize)?;
                        lencheck!(i + 8);
                        let mut e = g32(opts, cp + i as usize + 4)?;
                        if rev {
                            s = s.wrapping_sub(thseq);
                            e = e.wrapping_sub(thseq);
                        } else {
                            s = s.wrapping_sub(thack);
                            e = e.wrapping_sub(thack);
                        }
                        ctx.s("{");
                        ctx.u(s);
                        ctx.s(":");
                        ctx.u(e);
                        ctx.s("}");
                        i += 8;
                    }
                }
            }
            TcpOptionKind::CC
            | TcpOptionKind::CC_NEW
            | TcpOptionKind::CC_ECHO
            | TcpOptionKind::ECHO
            | TcpOptionKind::ECHO_REPLY => {
                datalen = 4;
                lencheck!(datalen);
                ctx.s(" ");
                ctx.u(g32(opts, cp)?);
            }
            TcpOptionKind::TIMESTAMPS => {
                datalen = 8;
                lencheck!(datalen);
                ctx.s(" val ");
                ctx.u(g32(opts, cp)?);
                ctx.s(" ecr ");
                ctx.u(g32(opts, cp + 4)?);
            }
            TcpOptionKind::MD5 => {
                datalen = 16;
                lencheck!(datalen);
                // tcpdump built with libcrypto but without -M cannot verify.
                ctx.s(" shared secret not supplied with -M, can't check - ");
                for i in 0..16 {
                    fmt::x2(ctx.out, g8(opts, cp + i)?);
                }
            }
            TcpOptionKind::SCPS => {
                datalen = 2;
                lencheck!(datalen);
                ctx.s(" cap ");
                fmt::x2(ctx.out, g8(opts, cp)?);
                ctx.s(" id ");
                ctx.u(g8(opts, cp + 1)?);
            }
            TcpOptionKind::TCP_AO => {
                datalen = len - 2;
                if datalen < 2 {
                    ctx.invalid();
                } else {
                    lencheck!(1);
                    ctx.s(" keyid ");
                    ctx.u(g8(opts, cp)?);
                    lencheck!(2);
                    ctx.s(" rnextkeyid ");
                    ctx.u(g8(opts, cp + 1)?);
                    if datalen > 2 {
                        ctx.s(" mac 0x");
                        for i in 2..datalen {
                            lencheck!(i + 1);
                            fmt::x2(ctx.out, g8(opts, cp + i as usize)?);
                        }
                    }
                }
            }
            TcpOptionKind::EOL | TcpOptionKind::NOP | TcpOptionKind::SACK_PERMITTED => {}
            TcpOptionKind::USER_TIMEOUT => {
                datalen = 2;
                lencheck!(datalen);
                let mut uto = g16(opts, cp)? as u32;
                ctx.s(" 0x");
                fmt::x(ctx.out, uto as u64);
                if uto & 1 != 0 {
                    uto = (uto >> 1) * 60;
                } else {
                    uto >>= 1;
                }
                ctx.s(" ");
                ctx.u(uto);
            }
            TcpOptionKind::MPTCP => {
                datalen = len - 2;
                lencheck!(datalen);
                let o = gs(opts, cp - 2, len as usize)?;
                if !mptcp(ctx, o, flags)? {
                    return Ok(Some(done_any));
                }
            }
            TcpOptionKind::FAST_OPEN => {
                datalen = len - 2;
                lencheck!(datalen);
                ctx.s(" ");
                fastopen(ctx, gs(opts, cp, datalen as usize)?, false);
            }
            TcpOptionKind::EXPERIMENT_2 => {
                datalen = len - 2;
                lencheck!(datalen);
                if datalen < 2 {
                    return Ok(Some(done_any));
                }
                let magic = g16(opts, cp)?;
                ctx.s("-");
                if magic == 0xf989 {
                    fastopen(ctx, gs(opts, cp + 2, datalen as usize - 2)?, true);
                } else {
                    fmt::x_pad(ctx.out, magic as u64, 4);
                }
            }
            _ => {
                datalen = len - 2;
                if datalen > 0 {
                    ctx.s(" 0x");
                }
                for i in 0..datalen {
                    lencheck!(i + 1);
                    fmt::x2(ctx.out, g8(opts, cp + i as usize)?);
                }
            }
        }
        cp += datalen as usize;
        hlen -= datalen;
        datalen += 1;
        if opt != 0 && opt != 1 {
            datalen += 1;
        }
        if datalen != len {
            ctx.s("[len ");
            ctx.u(len);
            ctx.s("]");
        }
        done_any = true;
        if TcpOptionKind(opt) == TcpOptionKind::EOL {
            break;
        }
    }
    Ok(None)
}

fn fastopen(ctx: &mut Ctx<'_>, data: &[u8], exp: bool) {
    if exp {
        ctx.s("tfo");
    }
    if data.is_empty() {
        ctx.s(" cookiereq");
    } else if data.len() % 2 != 0 || data.len() < 4 || data.len() > 16 {
        ctx.invalid();
    } else {
        ctx.s(" cookie ");
        for &b in data {
            fmt::x2(ctx.out, b);
        }
    }
}

fn be64(b: &[u8], i: usize) -> R<u64> {
    Ok(((g32(b, i)? as u64) << 32) | g32(b, i + 4)? as u64)
}

/// MPTCP option (RFC 8684), `o` is the whole option incl. kind and length.
fn mptcp(ctx: &mut Ctx<'_>, o: &[u8], flags: u16) -> R<bool> {
    ctx.proto = "mptcp";
    let len = o.len() as u32;
    let sub = (g8(o, 2)? >> 4).min(8);
    ctx.s(" ");
    ctx.u(len);
    ctx.s(" ");
    ctx.s([
        "capable",
        "join",
        "dss",
        "add-addr",
        "rem-addr",
        "prio",
        "fail",
        "fast-close",
        "tcprst",
        "unknown",
    ][sub as usize]);
    let r = match sub {
        0 => {
            if !(((len == 12 || len == 4) && flags & SYN != 0)
                || ((len == 20 || len == 22 || len == 24) && flags & (SYN | ACK) == ACK))
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
            true
        }
        1 => {
            if !((len == 12 && flags & SYN != 0)
                || (len == 16 && flags & (SYN | ACK) == SYN | ACK)
                || (len == 24 && flags & ACK != 0))
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
            true
        }
        2 => dss(ctx, o, flags)?,
        3 => {
            if !matches!(len, 8 | 10 | 16 | 18 | 20 | 22 | 28 | 30) {
                return Ok(false);
            }
            let se = g8(o, 2)? & 0xf;
            ctx.s(" ");
            ctx.s(match se {
                6 => "v0-ip6",
                4 => "v0-ip4",
                1 => "v1-echo",
                0 => "v1",
                _ => "[bad version/echo]",
            });
            ctx.s(" id ");
            ctx.u(g8(o, 3)?);
            if matches!(len, 8 | 10 | 16 | 18) {
                ctx.s(" ");
                fmt::ipv4(ctx.out, gs(o, 4, 4)?);
                if len == 10 || len == 18 {
                    ctx.s(":");
                    ctx.u(g16(o, 8)?);
                }
                if len == 16 {
                    ctx.s(" hmac 0x");
                    fmt::x(ctx.out, be64(o, 8)?);
                }
                if len == 18 {
                    ctx.s(" hmac 0x");
                    fmt::x(ctx.out, be64(o, 10)?);
                }
            } else {
                ctx.s(" ");
                fmt::ipv6(ctx.out, gs(o, 4, 16)?);
                if len == 22 || len == 30 {
                    ctx.s(":");
                    ctx.u(g16(o, 20)?);
                }
                if len == 28 {
                    ctx.s(" hmac 0x");
                    fmt::x(ctx.out, be64(o, 20)?);
                }
                if len == 30 {
                    ctx.s(" hmac 0x");
                    fmt::x(ctx.out, be64(o, 22)?);
                }
            }
            true
        }
        4 => {
            if len < 4 {
                return Ok(false);
            }
            ctx.s(" id");
            for i in 3..len as usize {
                ctx.s(" ");
                ctx.u(g8(o, i)?);
            }
            true
        }
        5 => {
            if len != 3 && len != 4 {
                return Ok(false);
            }
            if g8(o, 2)? & 1 != 0 {
                ctx.s(" backup");
            } else {
                ctx.s(" non-backup");
            }
            if len == 4 {
                ctx.s(" id ");
                ctx.u(g8(o, 3)?);
            }
            true
        }
        6 => {
            if len != 12 {
                return Ok(false);
            }
            ctx.s(" seq ");
            ctx.u(be64(o, 4)?);
            true
        }
        7 => {
            if len != 12 {
                return Ok(false);
            }
            ctx.s(" key 0x");
            fmt::x(ctx.out, be64(o, 4)?);
            true
        }
        _ => true,
    };
    ctx.proto = "tcp";
    Ok(r)
}

fn dss(ctx: &mut Ctx<'_>, o: &[u8], flags: u16) -> R<bool> {
    let mut len = o.len();
    if len < 4 || flags & SYN != 0 {
        return Ok(false);
    }
    let f = g8(o, 3)?;
    if f & 0x10 != 0 {
        ctx.s(" fin");
    }
    let mut p = 4;
    len -= 4;
    if f & 0x01 != 0 {
        ctx.s(" ack ");
        if f & 0x02 != 0 {
            if len < 8 {
                return Ok(false);
            }
            ctx.u(be64(o, p)?);
            p += 8;
            len -= 8;
        } else {
            if len < 4 {
                return Ok(false);
            }
            ctx.u(g32(o, p)?);
            p += 4;
            len -= 4;
        }
    }
    if f & 0x04 != 0 {
        ctx.s(" seq ");
        if f & 0x08 != 0 {
            if len < 8 {
                return Ok(false);
            }
            ctx.u(be64(o, p)?);
            p += 8;
            len -= 8;
        } else {
            if len < 4 {
                return Ok(false);
            }
            ctx.u(g32(o, p)?);
            p += 4;
            len -= 4;
        }
        if len < 4 {
            return Ok(false);
        }
        ctx.s(" subseq ");
        ctx.u(g32(o, p)?);
        p += 4;
        len -= 4;
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

/// Data carried by a RST (RFC 1122 4.2.2.12), shown with `-v`; tcpdump 5.0
/// also decodes the RST diagnostic payload and reports a short capture.
fn rst_data(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    if ctx.v() > 0 {
        if length == 8 && bp.len() >= 8 && g16(bp, 0)? == 0x33aa {
            // draft-ietf-tcpm-tcp-rst-diagnostic-payload: reason code + PEN;
            // -vv names a standard (PEN 0) reason.
            let (code, pen) = (g16(bp, 2)?, g32(bp, 4)?);
            match crate::names::tcp_option::rst_reason(code) {
                Some(name) if ctx.v() > 1 && pen == 0 => {
                    ctx.s(" [RST: ");
                    ctx.s(name);
                }
                _ => {
                    ctx.s(" [RST: code ");
                    ctx.u(code);
                    ctx.s(", pen ");
                    ctx.u(pen);
                }
            }
            ctx.s("]");
            return Ok(());
        }
        ctx.s(" [RST");
        let mut n = length as usize;
        if n > 30 {
            n = 30;
            ctx.s("+");
        }
        ctx.s(" ");
        for &c in bp.iter().take(n) {
            fmt::safe_char(ctx.out, c);
        }
        ctx.s("]");
    }
    if bp.len() < length as usize {
        return Err(Trunc);
    }
    Ok(())
}

/// tcpdump's `httpcmds` (print-http.c): WebDAV and a few others, but not
/// PATCH or the later WebDAV methods, whose requests it prints as bare `HTTP`.
const HTTP_CMDS: &[&str] = &[
    "GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY", "BMOVE", "MKCOL",
    "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY",
    "BDELETE", "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE",
    "PROPPATCH", "BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE",
    "UNSUBSCRIBE", "RPC_CONNECT", "VERSION-CONTROL", "BASELINE-CONTROL",
];

fn payload(ctx: &mut Ctx<'_>, bp: &[u8], length: u32, sport: u16, dport: u16) -> R {
    let is = |p: u16| sport == p || dport == p;
    if is(25) {
        ctx.s(": ");
        ctx.proto = "smtp";
        txtproto(ctx, bp, length, None)
    } else if is(43) {
        ctx.s(": ");
        ctx.proto = "whois";
        txtproto(ctx, bp, length, None)
    } else if is(22) {
        ctx.proto = "ssh";
        ssh(ctx, bp, length)
    } else if is(21) {
        ctx.s(": ");
        ctx.proto = "ftp";
        txtproto(ctx, bp, length, None)
    } else if is(80) || is(8080) {
        ctx.s(": ");
        ctx.proto = "http";
        txtproto(ctx, bp, length, Some(HTTP_CMDS))
    } else if is(53) {
        dns::print(ctx, bp, length, true, false)
    } else {
        Ok(())
    }
}

fn ssh(ctx: &mut Ctx<'_>, p: &[u8], len: u32) -> R {
    let len = len as usize;
    for (i, &ch) in b"SSH-".iter().enumerate() {
        if g8(p, i)? != ch {
            return Ok(());
        }
    }
    let mut idx = 4;
    while idx < len {
        let c = g8(p, idx)?;
        if c == b'\n' {
            break;
        }
        if c == b'\r' {
            if idx + 1 >= len {
                return Ok(());
            }
            if g8(p, idx + 1)? == b'\n' {
                break;
            }
            return Ok(());
        } else if !(0x20..0x7f).contains(&c) {
            return Ok(());
        }
        idx += 1;
    }
    ctx.s(": SSH: ");
    for &c in &p[..idx] {
        fmt::safe_char(ctx.out, c);
    }
    Ok(())
}

fn fetch_token(p: &[u8], mut idx: usize, len: usize, tok: &mut [u8; 129]) -> (usize, usize) {
    let mut toklen = 0;
    while idx < len {
        let Some(&c) = p.get(idx) else { return (0, 0) };
        if c >= 0x80 {
            return (0, 0);
        }
        if c == b' ' || c == b'\t' || c == b'\r' || c == b'\n' {
            break;
        }
        if !(0x20..0x7f).contains(&c) {
            return (0, 0);
        }
        if toklen + 2 > tok.len() {
            return (0, 0);
        }
        tok[toklen] = c;
        toklen += 1;
        idx += 1;
    }
    if toklen == 0 {
        return (0, 0);
    }
    while idx < len {
        let Some(&c) = p.get(idx) else { break };
        if c == b'\r' || c == b'\n' || !(0x20..0x7f).contains(&c) || (c != b' ' && c != b'\t') {
            break;
        }
        idx += 1;
    }
    (idx, toklen)
}

/// tcpdump's `txtproto_print` for line-oriented protocols.
fn txtproto(ctx: &mut Ctx<'_>, p: &[u8], len: u32, cmds: Option<&[&str]>) -> R {
    let len = len as usize;
    let mut print_this = false;
    if let Some(cmds) = cmds {
        let mut tok = [0u8; 129];
        let (idx, tl) = fetch_token(p, 0, len, &mut tok);
        if idx != 0 {
            let t = &tok[..tl];
            if cmds.iter().any(|c| c.as_bytes().eq_ignore_ascii_case(t)) {
                print_this = true;
            }
            let (idx2, tl2) = fetch_token(p, idx, len, &mut tok);
            if idx2 != 0 && tl2 == 3 && tok[..3].iter().all(|c| c.is_ascii_digit()) {
                print_this = true;
            }
        }
    } else {
        print_this = true;
    }
    let caps = ctx.proto;
    for ch in caps.bytes() {
        ctx.out.push(ch.to_ascii_uppercase());
    }
    if print_this {
        if ctx.v() > 0 {
            ctx.s(", length: ");
            ctx.u(len as u64);
            let mut idx = 0;
            while idx < len {
                let eol = txt_line(ctx, "\n\t", p, idx, len)?;
                if eol == 0 {
                    break;
                }
                idx = eol;
            }
        } else {
            txt_line(ctx, ": ", p, 0, len)?;
        }
    }
    Ok(())
}

fn txt_line(ctx: &mut Ctx<'_>, prefix: &str, p: &[u8], mut idx: usize, len: usize) -> R<usize> {
    let start = idx;
    let linelen;
    loop {
        if idx >= len {
            // Printable to the end without a line ending: print as truncated.
            ctx.s(prefix);
            for &c in &p[start..idx] {
                fmt::safe_char(ctx.out, c);
            }
            ctx.trunc_mark();
            return Ok(0);
        }
        let c = g8(p, idx)?;
        if c == b'\n' {
            linelen = idx - start;
            idx += 1;
            break;
        } else if c == b'\r' {
            if idx + 1 >= len {
                return Ok(0);
            }
            if g8(p, idx + 1)? == b'\n' {
                linelen = idx - start;
                idx += 2;
                break;
            }
            return Ok(0);
        } else if !(0x20..0x7f).contains(&c) && c != b'\t' {
            return Ok(0);
        }
        idx += 1;
    }
    ctx.s(prefix);
    for &c in &p[start..start + linelen] {
        if c == b'\t' {
            ctx.out.push(c);
        } else {
            fmt::safe_char(ctx.out, c);
        }
    }
    Ok(idx)
}
