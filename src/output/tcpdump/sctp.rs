//! SCTP, after tcpdump 5.0's print-sctp.c: formats `wire::sctp`'s views.
//! Every chunk is listed as `(n) [TYPE] fields`; DATA, INIT, INIT ACK and
//! SACK show their fixed fields, and -vv dumps DATA payloads.

use super::ipinfo::IpInfo;
use super::{hex, Ctx, Trunc, R};
use crate::names;
use crate::wire::sctp::{chunk, data_field, data_flag, init_field, padding, sack_field, Chunk, Sctp, CHUNK_HEADER_LEN, HEADER_LEN};

/// `sctp_print`: `length` is the IP payload length; the addresses come
/// from the enclosing IP header, as tcpdump takes them.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32, ip: &IpInfo<'_>) -> R {
    ctx.proto = "sctp";
    let s = Sctp::new(bp);
    // tcpdump 4.99 checks these with ND_TCHECK (mark and return, no
    // longjmp), so the -x dump still starts after the link header.
    if !s.header_captured() {
        ctx.trunc_mark();
        return Ok(());
    }
    let (sport, dport) = (s.src_port().ok_or(Trunc)?, s.dst_port().ok_or(Trunc)?);
    ip.addr(ctx.out, ip.src());
    ctx.s(".");
    ctx.u(sport);
    ctx.s(" > ");
    ip.addr(ctx.out, ip.dst());
    ctx.s(".");
    ctx.u(dport);
    ctx.s(": sctp");
    let mut remaining = (length as usize).saturating_sub(HEADER_LEN);
    let mut rest = s.chunks();
    let mut sep = if ctx.v() >= 2 { "\n\t" } else { " (" };
    let mut n = 0u32;
    while remaining != 0 {
        n += 1;
        if remaining < CHUNK_HEADER_LEN {
            chunk_note(ctx, sep, n, "[chunk descriptor cut off at end of packet]");
            break;
        }
        let c = Chunk::new(rest);
        let len = c.length().ok_or(Trunc)?;
        if usize::from(len) < CHUNK_HEADER_LEN {
            ctx.s(sep);
            ctx.u(n);
            ctx.s(") [Bad chunk length ");
            ctx.u(len);
            ctx.s(", < size of chunk descriptor]");
            break;
        }
        let align = usize::from(padding(len));
        if remaining < align {
            ctx.s(sep);
            ctx.u(n);
            ctx.s(") [Bad chunk length ");
            ctx.u(len);
            ctx.s(", > remaining data in packet]");
            break;
        }
        if rest.len() < usize::from(len) {
            ctx.trunc_mark();
            return Ok(());
        }
        ctx.s(sep);
        ctx.u(n);
        ctx.s(") ");
        one_chunk(ctx, &c, len)?;
        let consumed = usize::from(len) + align;
        if rest.len() < consumed {
            // The padding was not captured.
            ctx.trunc_mark();
            return Ok(());
        }
        remaining = remaining.saturating_sub(consumed);
        rest = &rest[consumed..];
        if ctx.v() < 2 {
            sep = ", (";
        }
    }
    Ok(())
}

/// `(n) note` for a chunk tcpdump gives up on.
fn chunk_note(ctx: &mut Ctx<'_>, sep: &str, n: u32, note: &str) {
    ctx.s(sep);
    ctx.u(n);
    ctx.s(") ");
    ctx.s(note);
}

/// One chunk's `[TYPE] fields` (its whole stated length was captured).
fn one_chunk(ctx: &mut Ctx<'_>, c: &Chunk<'_>, len: u16) -> R {
    let kind = c.kind().ok_or(Trunc)?;
    ctx.s("[");
    match names::sctp::chunk(kind) {
        Some(name) => ctx.s(name),
        None => {
            ctx.s("Unknown chunk type: 0x");
            super::fmt::x(ctx.out, kind.into());
        }
    }
    ctx.s("] ");
    let value_len = usize::from(len) - CHUNK_HEADER_LEN;
    match kind {
        chunk::DATA => data(ctx, c, value_len),
        chunk::INIT | chunk::INIT_ACK => init(ctx, c),
        chunk::SACK => sack(ctx, c, value_len),
        _ => Ok(()),
    }
}

/// `[x] ` with a number.
fn bracket(ctx: &mut Ctx<'_>, label: &str, v: u32) {
    ctx.s("[");
    ctx.s(label);
    ctx.u(v);
    ctx.s("] ");
}

/// A DATA chunk: fragment and order flags, TSN, stream, sequence, payload protocol.
fn data(ctx: &mut Ctx<'_>, c: &Chunk<'_>, value_len: usize) -> R {
    let flags = c.flags().ok_or(Trunc)?;
    let marks = [(data_flag::UNORDERED, "(U)"), (data_flag::BEGIN, "(B)"), (data_flag::END, "(E)")];
    for (bit, mark) in marks {
        if flags & bit != 0 {
            ctx.s(mark);
        }
    }
    if marks.iter().any(|(bit, _)| flags & bit != 0) {
        ctx.s(" ");
    }
    let ppid = c.value32(data_field::PPID.start).ok_or(Trunc)?;
    bracket(ctx, "TSN: ", c.value32(data_field::TSN.start).ok_or(Trunc)?);
    bracket(ctx, "SID: ", c.value16(data_field::STREAM_ID.start).ok_or(Trunc)?.into());
    bracket(ctx, "SSEQ ", c.value16(data_field::STREAM_SEQ.start).ok_or(Trunc)?.into());
    ctx.s("[PPID ");
    match names::sctp::ppid(ppid) {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("0x");
            super::fmt::x(ctx.out, ppid.into());
        }
    }
    ctx.s("] ");
    if ctx.v() >= 2 {
        let payload = c.value_from(data_field::PPID.end);
        let n = value_len.saturating_sub(data_field::PPID.end);
        ctx.s("[Payload");
        if ctx.opts.hex == super::HexMode::None {
            ctx.s(":");
            hex::hex_ascii(ctx.out, "\n\t", &payload[..payload.len().min(n)], 0);
        }
        ctx.s("]");
    }
    Ok(())
}

/// INIT and INIT ACK: the fixed fields (optional parameters are not printed).
fn init(ctx: &mut Ctx<'_>, c: &Chunk<'_>) -> R {
    bracket(ctx, "init tag: ", c.value32(init_field::INIT_TAG.start).ok_or(Trunc)?);
    bracket(ctx, "rwnd: ", c.value32(init_field::A_RWND.start).ok_or(Trunc)?);
    bracket(ctx, "OS: ", c.value16(init_field::OUTBOUND_STREAMS.start).ok_or(Trunc)?.into());
    bracket(ctx, "MIS: ", c.value16(init_field::INBOUND_STREAMS.start).ok_or(Trunc)?.into());
    bracket(ctx, "init TSN: ", c.value32(init_field::INITIAL_TSN.start).ok_or(Trunc)?);
    Ok(())
}

/// SACK: cumulative ack, window, then each gap block and duplicate TSN on its own line.
fn sack(ctx: &mut Ctx<'_>, c: &Chunk<'_>, value_len: usize) -> R {
    let cum = c.value32(sack_field::CUM_TSN_ACK.start).ok_or(Trunc)?;
    bracket(ctx, "cum ack ", cum);
    bracket(ctx, "a_rwnd ", c.value32(sack_field::A_RWND.start).ok_or(Trunc)?);
    let gaps = c.value16(sack_field::GAP_BLOCKS.start).ok_or(Trunc)?;
    let dups = c.value16(sack_field::DUP_TSNS.start).ok_or(Trunc)?;
    bracket(ctx, "#gap acks ", gaps.into());
    bracket(ctx, "#dup tsns ", dups.into());
    let mut at = sack_field::DUP_TSNS.end;
    for i in 0..u32::from(gaps) {
        if at >= value_len {
            return Ok(());
        }
        let (start, end) = (c.value16(at).ok_or(Trunc)?, c.value16(at + 2).ok_or(Trunc)?);
        ctx.s("\n\t\t[gap ack block #");
        ctx.u(i + 1);
        ctx.s(": start = ");
        ctx.u(cum.wrapping_add(start.into()));
        ctx.s(", end = ");
        ctx.u(cum.wrapping_add(end.into()));
        ctx.s("] ");
        at += 4;
    }
    for i in 0..u32::from(dups) {
        if at >= value_len {
            return Ok(());
        }
        let tsn = c.value32(at).ok_or(Trunc)?;
        ctx.s("\n\t\t[dup TSN #");
        ctx.u(i + 1);
        ctx.s(": ");
        ctx.u(tsn);
        ctx.s("] ");
        at += 4;
    }
    Ok(())
}
