//! TCP (tcpdump 5.0's print-tcp.c and print-mptcp.c): flags, relative
//! sequence numbers, options, RST payload and the text protocols on top.

use super::ipinfo::IpInfo;
use super::{demux, fmt, from, g16, g32, g8, gs, mptcp, Ctx, Trunc, R};
use crate::wire::checksum;
use crate::wire::hash::HashMap;
use crate::wire::registry::{IpProto, TcpOptionKind};
use crate::wire::tcp::{field, MIN_HEADER_LEN};
use crate::wire::TcpFlags;

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

/// Prints a TCP segment (`tcp_print`); `length` is the IP payload length.
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
    let sport = g16(tp, field::SRC_PORT.start)?;
    let dport = g16(tp, field::DST_PORT.start)?;
    ip.endpoints(ctx, true, sport, dport);
    if tp.len() < MIN_HEADER_LEN {
        // tcpdump's ND_TCHECK_SIZE jumps to its local `trunc` label.
        ctx.trunc_mark();
        return Ok(());
    }
    let hlen = (g8(tp, field::OFFSET_FLAGS.start)? >> 4) as u32 * 4;
    if hlen < MIN_HEADER_LEN as u32 {
        ctx.s(" tcp ");
        ctx.u(length.wrapping_sub(hlen));
        ctx.s(" [bad hdr length ");
        ctx.u(hlen);
        ctx.s(" - too short, < 20]");
        return Ok(());
    }
    if ctx.opts.quiet {
        ctx.s("tcp ");
        ctx.u(length.wrapping_sub(hlen));
        if hlen > length {
            too_long(ctx, hlen, length);
        }
        return Ok(());
    }
    let flags = g16(tp, field::OFFSET_FLAGS.start)? & 0x1ff;
    flags_print(ctx, flags);
    let seq = g32(tp, field::SEQ.start)?;
    let ack = g32(tp, field::ACK.start)?;
    let rel = relative(ctx, ip, (sport, dport), flags, seq, ack);
    if hlen > length {
        too_long(ctx, hlen, length);
        return Ok(());
    }
    if ctx.v() > 0 && !ctx.opts.no_verify_checksums && !fragmented {
        cksum_print(ctx, tp, length, ip)?;
    }
    let length = length - hlen;
    if ctx.v() > 1 || length > 0 || flags & (TcpFlags::SYN | TcpFlags::FIN | TcpFlags::RST) != 0 {
        ctx.s(", seq ");
        ctx.u(rel.seq);
        if length > 0 {
            ctx.s(":");
            ctx.u(rel.seq.wrapping_add(length));
        }
    }
    if flags & TcpFlags::ACK != 0 {
        ctx.s(", ack ");
        ctx.u(rel.ack);
    }
    ctx.s(", win ");
    ctx.u(g16(tp, field::WINDOW.start)?);
    if flags & TcpFlags::URG != 0 {
        ctx.s(", urg ");
        ctx.u(g16(tp, field::URGENT.start)?);
    }
    if hlen > MIN_HEADER_LEN as u32 {
        ctx.s(", options [");
        let opts = from(tp, MIN_HEADER_LEN);
        match options(ctx, opts, hlen - MIN_HEADER_LEN as u32, flags, &rel)? {
            None => ctx.s("]"),
            Some(any_done) => {
                ctx.s("[bad opt]");
                if any_done {
                    ctx.s("]");
                }
                return Ok(());
            }
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
    if flags & TcpFlags::RST != 0 {
        return rst_data(ctx, bp, length);
    }
    demux::tcp_port(ctx, bp, length, sport, dport)
}

fn too_long(ctx: &mut Ctx<'_>, hlen: u32, length: u32) {
    ctx.s(" [bad hdr length ");
    ctx.u(hlen);
    ctx.s(" - too long, > ");
    ctx.u(length);
    ctx.s("]");
}

/// `Flags [S.]`: tcpdump's `tcp_flag_values`, one letter per bit.
fn flags_print(ctx: &mut Ctx<'_>, flags: u16) {
    ctx.s("Flags [");
    let mut any = false;
    for (bit, ch) in [
        (TcpFlags::FIN, b'F'),
        (TcpFlags::SYN, b'S'),
        (TcpFlags::RST, b'R'),
        (TcpFlags::PSH, b'P'),
        (TcpFlags::ACK, b'.'),
        (TcpFlags::URG, b'U'),
        (TcpFlags::ECE, b'E'),
        (TcpFlags::CWR, b'W'),
        (TcpFlags::AE, b'e'),
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
}

/// Sequence numbers as printed, and the conversation's initial ones for SACK
/// blocks (`rev`: this segment travels against the collating order).
struct Relative {
    seq: u32,
    ack: u32,
    thseq: u32,
    thack: u32,
    rev: bool,
}

/// tcpdump's `tcp_seq_hash` lookup: numbers relative to the first seen in
/// the conversation (absolute with `-S`, or without ACK).
fn relative(ctx: &mut Ctx<'_>, ip: &IpInfo<'_>, (sport, dport): (u16, u16), flags: u16, seq: u32, ack: u32) -> Relative {
    let mut r = Relative { seq, ack, thseq: 0, thack: 0, rev: false };
    if ctx.opts.absolute_seq || flags & TcpFlags::ACK == 0 {
        return r;
    }
    let (src, dst) = (ip.src(), ip.dst());
    r.rev = sport > dport || (sport == dport && src > dst);
    let mut key = Key { src: [0; 16], dst: [0; 16], port: 0, v6: ip.v6 };
    let (a, b) = if r.rev { (dst, src) } else { (src, dst) };
    key.src[..a.len()].copy_from_slice(a);
    key.dst[..b.len()].copy_from_slice(b);
    key.port = if r.rev { (dport as u32) << 16 | sport as u32 } else { (sport as u32) << 16 | dport as u32 };
    let map = &mut ctx.tcp.map;
    let entry = match map.get_mut(&key) {
        Some(e) if flags & TcpFlags::SYN == 0 => {
            let (s, a) = if r.rev { (e.1, e.0) } else { (e.0, e.1) };
            r.seq = seq.wrapping_sub(s);
            r.ack = ack.wrapping_sub(a);
            *e
        }
        _ => {
            if map.len() >= MAX_CONVERSATIONS {
                map.clear();
            }
            let e = if r.rev { (ack.wrapping_sub(1), seq) } else { (seq, ack.wrapping_sub(1)) };
            map.insert(key, e);
            e
        }
    };
    r.thseq = entry.0;
    r.thack = entry.1;
    r
}

/// `-v`: `, cksum 0x… (correct)` or what it should have been.
fn cksum_print(ctx: &mut Ctx<'_>, tp: &[u8], length: u32, ip: &IpInfo<'_>) -> R {
    let Some(seg) = tp.get(..length as usize) else {
        return Ok(());
    };
    let sum = ip.cksum(IpProto::TCP.0, seg);
    let tcp_sum = g16(tp, field::CHECKSUM.start)?;
    ctx.s(", cksum 0x");
    fmt::x_pad(ctx.out, tcp_sum as u64, 4);
    if sum != 0 {
        ctx.s(" (incorrect -> 0x");
        fmt::x_pad(ctx.out, checksum::should_be(tcp_sum, sum) as u64, 4);
        ctx.s(")");
    } else {
        ctx.s(" (correct)");
    }
    Ok(())
}

/// Options; `Ok(Some(any_done))` is tcpdump's `goto bad` (`any_done`: an
/// option was completed before, so the list bracket is closed).
fn options(ctx: &mut Ctx<'_>, opts: &[u8], mut hlen: u32, flags: u16, rel: &Relative) -> R<Option<bool>> {
    let mut cp = 0usize;
    let mut done_any = false;
    while hlen > 0 {
        if done_any {
            ctx.s(",");
        }
        let kind = TcpOptionKind(g8(opts, cp)?);
        cp += 1;
        let len: u32;
        if kind.is_single_byte() {
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
        // tcpdump's option tokens live with the other names; "" stands for opt-N.
        let name = kind.tcpdump_name().unwrap_or("");
        if name.is_empty() && kind != TcpOptionKind::CC_ECHO {
            ctx.s("unknown-");
            ctx.u(kind.0);
        } else {
            ctx.s(name);
        }
        let o = Opt { bytes: opts, at: cp, len, room: hlen };
        let Some(mut datalen) = option(ctx, kind, &o, flags, rel)? else {
            return Ok(Some(done_any));
        };
        cp += datalen as usize;
        hlen -= datalen;
        datalen += 1;
        if !kind.is_single_byte() {
            datalen += 1;
        }
        if datalen != len {
            ctx.s("[len ");
            ctx.u(len);
            ctx.s("]");
        }
        done_any = true;
        if kind == TcpOptionKind::EOL {
            break;
        }
    }
    Ok(None)
}

/// One option's data: it starts at `at` in `bytes`, the option is `len`
/// bytes long with kind and length, and `room` header bytes are left.
struct Opt<'a> {
    bytes: &'a [u8],
    at: usize,
    len: u32,
    room: u32,
}

impl Opt<'_> {
    /// tcpdump's LENCHECK: `l` data bytes fit the header (false is `goto
    /// bad`) and are captured (else truncation).
    fn fits(&self, l: u32) -> R<bool> {
        if l > self.room {
            return Ok(false);
        }
        gs(self.bytes, self.at, l as usize)?;
        Ok(true)
    }
    fn u8_at(&self, i: usize) -> R<u8> {
        g8(self.bytes, self.at + i)
    }
    fn u16_at(&self, i: usize) -> R<u16> {
        g16(self.bytes, self.at + i)
    }
    fn u32_at(&self, i: usize) -> R<u32> {
        g32(self.bytes, self.at + i)
    }
    /// Data bytes past kind and length.
    fn data_len(&self) -> u32 {
        self.len - 2
    }
}

/// Prints one option's data after its name; the number of data bytes it
/// took, or `None` for tcpdump's `goto bad`.
fn option(ctx: &mut Ctx<'_>, kind: TcpOptionKind, o: &Opt<'_>, flags: u16, rel: &Relative) -> R<Option<u32>> {
    // The fixed-size options: the data length, then their printer.
    let fixed: Option<(u32, fn(&mut Ctx<'_>, &Opt<'_>) -> R)> = match kind {
        TcpOptionKind::MSS => Some((2, |ctx, o| Ok(ctx_u(ctx, " ", o.u16_at(0)?)))),
        TcpOptionKind::WINDOW_SCALE => Some((1, |ctx, o| Ok(ctx_u(ctx, " ", o.u8_at(0)?)))),
        TcpOptionKind::CC
        | TcpOptionKind::CC_NEW
        | TcpOptionKind::CC_ECHO
        | TcpOptionKind::ECHO
        | TcpOptionKind::ECHO_REPLY => Some((4, |ctx, o| Ok(ctx_u(ctx, " ", o.u32_at(0)?)))),
        TcpOptionKind::TIMESTAMPS => Some((8, |ctx, o| {
            ctx_u(ctx, " val ", o.u32_at(0)?);
            ctx_u(ctx, " ecr ", o.u32_at(4)?);
            Ok(())
        })),
        TcpOptionKind::MD5 => Some((16, md5)),
        TcpOptionKind::SCPS => Some((2, |ctx, o| {
            ctx.s(" cap ");
            fmt::x2(ctx.out, o.u8_at(0)?);
            ctx_u(ctx, " id ", o.u8_at(1)?);
            Ok(())
        })),
        TcpOptionKind::USER_TIMEOUT => Some((2, user_timeout)),
        TcpOptionKind::EOL | TcpOptionKind::NOP | TcpOptionKind::SACK_PERMITTED => Some((0, |_, _| Ok(()))),
        _ => None,
    };
    if let Some((datalen, body)) = fixed {
        if datalen > 0 && !o.fits(datalen)? {
            return Ok(None);
        }
        body(ctx, o)?;
        return Ok(Some(datalen));
    }
    let datalen = o.data_len();
    let ok = match kind {
        TcpOptionKind::SACK => sack(ctx, o, rel)?,
        TcpOptionKind::TCP_AO => tcp_ao(ctx, o)?,
        TcpOptionKind::MPTCP => o.fits(datalen)? && mptcp::print(ctx, gs(o.bytes, o.at - 2, o.len as usize)?, flags)?,
        TcpOptionKind::FAST_OPEN => {
            let fits = o.fits(datalen)?;
            if fits {
                ctx.s(" ");
                fastopen(ctx, gs(o.bytes, o.at, datalen as usize)?, false);
            }
            fits
        }
        TcpOptionKind::EXPERIMENT_2 => experiment(ctx, o)?,
        _ => {
            if datalen > 0 {
                ctx.s(" 0x");
            }
            for i in 0..datalen {
                if !o.fits(i + 1)? {
                    return Ok(None);
                }
                fmt::x2(ctx.out, o.u8_at(i as usize)?);
            }
            true
        }
    };
    Ok(ok.then_some(datalen))
}

/// `text` then a number.
fn ctx_u(ctx: &mut Ctx<'_>, text: &str, n: impl Into<u64>) {
    ctx.s(text);
    ctx.u(n.into());
}

/// TCP-MD5 (RFC 2385): tcpdump built with libcrypto but without -M cannot verify.
fn md5(ctx: &mut Ctx<'_>, o: &Opt<'_>) -> R {
    ctx.s(" shared secret not supplied with -M, can't check - ");
    for i in 0..16 {
        fmt::x2(ctx.out, o.u8_at(i)?);
    }
    Ok(())
}

/// User timeout (RFC 5482): the raw field, then seconds (granularity bit set: minutes).
fn user_timeout(ctx: &mut Ctx<'_>, o: &Opt<'_>) -> R {
    let mut uto = o.u16_at(0)? as u32;
    ctx.s(" 0x");
    fmt::x(ctx.out, uto as u64);
    if uto & 1 != 0 {
        uto = (uto >> 1) * 60;
    } else {
        uto >>= 1;
    }
    ctx_u(ctx, " ", uto);
    Ok(())
}

/// SACK blocks (RFC 2018), relative to the conversation's initial numbers.
fn sack(ctx: &mut Ctx<'_>, o: &Opt<'_>, rel: &Relative) -> R<bool> {
    let datalen = o.data_len();
    if datalen % 8 != 0 {
        ctx.s(" invalid sack");
        return Ok(true);
    }
    ctx_u(ctx, " ", datalen / 8);
    ctx.s(" ");
    let base = if rel.rev { rel.thseq } else { rel.thack };
    let mut i = 0;
    while i < datalen {
        if !o.fits(i + 4)? {
            return Ok(false);
        }
        let s = o.u32_at(i as usize)?;
        if !o.fits(i + 8)? {
            return Ok(false);
        }
        let e = o.u32_at(i as usize + 4)?;
        ctx_u(ctx, "{", s.wrapping_sub(base));
        ctx_u(ctx, ":", e.wrapping_sub(base));
        ctx.s("}");
        i += 8;
    }
    Ok(true)
}

/// TCP-AO (RFC 5925): key ids and the MAC.
fn tcp_ao(ctx: &mut Ctx<'_>, o: &Opt<'_>) -> R<bool> {
    let datalen = o.data_len();
    if datalen < 2 {
        ctx.invalid();
        return Ok(true);
    }
    if !o.fits(1)? {
        return Ok(false);
    }
    ctx_u(ctx, " keyid ", o.u8_at(0)?);
    if !o.fits(2)? {
        return Ok(false);
    }
    ctx_u(ctx, " rnextkeyid ", o.u8_at(1)?);
    if datalen > 2 {
        ctx.s(" mac 0x");
        for i in 2..datalen {
            if !o.fits(i + 1)? {
                return Ok(false);
            }
            fmt::x2(ctx.out, o.u8_at(i as usize)?);
        }
    }
    Ok(true)
}

/// Experimental option 254 (RFC 6994): the Fast Open ExID, or the ExID in hex.
fn experiment(ctx: &mut Ctx<'_>, o: &Opt<'_>) -> R<bool> {
    let datalen = o.data_len();
    if !o.fits(datalen)? || datalen < 2 {
        return Ok(false);
    }
    let magic = o.u16_at(0)?;
    ctx.s("-");
    if magic == 0xf989 {
        fastopen(ctx, gs(o.bytes, o.at + 2, datalen as usize - 2)?, true);
    } else {
        fmt::x_pad(ctx.out, magic as u64, 4);
    }
    Ok(true)
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
