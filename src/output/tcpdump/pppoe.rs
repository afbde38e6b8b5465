//! PPPoE, after tcpdump 5.0's print-pppoe.c: formats `wire::pppoe`'s view.
//! Discovery packets list their tags; session packets hand the PPP frame
//! to the PPP printer.

use super::{fmt, ppp, Ctx, Trunc, R};
use crate::names;
use crate::wire::pppoe::{self, tag_at, Pppoe, HEADER_LEN, TAG_END_OF_LIST};

/// tcpdump prints at most this many characters of a tag value (`MAXTAGPRINT` - 1).
const MAX_TAG_PRINT: usize = 79;

/// `pppoe_print`: `length` is the on-wire length from the PPPoE header on.
/// Returns the length of the headers printed (for `-x` after DLT_PPP_ETHER).
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R<usize> {
    ctx.proto = "pppoe";
    if (length as usize) < HEADER_LEN {
        ctx.s(" (length ");
        ctx.u(length);
        ctx.s(" < ");
        ctx.u(HEADER_LEN as u32);
        ctx.s(")");
        ctx.invalid();
        return Ok(0);
    }
    let length = length - HEADER_LEN as u32;
    let p = Pppoe::new(bp);
    if p.header().is_none() {
        ctx.trunc_mark();
        return Ok(HEADER_LEN);
    }
    let (ver, kind) = (p.version().ok_or(Trunc)?, p.kind().ok_or(Trunc)?);
    let (code, session) = (p.code().ok_or(Trunc)?, p.session_id().ok_or(Trunc)?);
    let mut plen = u32::from(p.length().ok_or(Trunc)?);
    if ver != 1 {
        ctx.s(" [ver ");
        ctx.u(ver);
        ctx.s("]");
    }
    if kind != 1 {
        ctx.s(" [type ");
        ctx.u(kind);
        ctx.s("]");
    }
    ctx.s("PPPoE ");
    match names::ppp::pppoe_code(code) {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("PAD-");
            fmt::x(ctx.out, code.into());
        }
    }
    if code == pppoe::code::PADI && plen > 1484 - HEADER_LEN as u32 {
        ctx.s(" [len ");
        ctx.u(plen);
        ctx.s("!]");
    }
    if plen > length {
        ctx.s(" [len ");
        ctx.u(plen);
        ctx.s(" > ");
        ctx.u(length);
        ctx.s("!]");
        plen = length;
    }
    if session != 0 {
        ctx.s(" [ses 0x");
        fmt::x(ctx.out, session.into());
        ctx.s("]");
    }
    if code == pppoe::code::SESSION {
        ctx.s(" ");
        let hdr = ppp::print(ctx, p.payload(), plen)?;
        return Ok(HEADER_LEN + hdr);
    }
    tags(ctx, p.payload(), plen as usize)?;
    Ok(HEADER_LEN)
}

/// The discovery tags up to End-Of-List or the stated length.
fn tags(ctx: &mut Ctx<'_>, payload: &[u8], len: usize) -> R {
    let mut at = 0usize;
    let mut kind = u16::MAX;
    while kind != TAG_END_OF_LIST && at < len {
        let t = tag_at(payload, at).ok_or(Trunc)?;
        kind = t.kind;
        // tcpdump checks the value was captured before printing the tag.
        let value = payload.get(t.value_at..t.value_at + usize::from(t.len)).ok_or(Trunc)?;
        ctx.s(" [");
        match names::ppp::pppoe_tag(t.kind) {
            Some(n) => ctx.s(n),
            None => {
                ctx.s("TAG-0x");
                fmt::x(ctx.out, t.kind.into());
            }
        }
        if !value.is_empty() {
            tag_value(ctx, value);
        }
        ctx.s("]");
        at = t.value_at + usize::from(t.len);
    }
    Ok(())
}

/// A tag value: quoted text (non-printables as `.`) when mostly printable,
/// else hex in capitals.
fn tag_value(ctx: &mut Ctx<'_>, value: &[u8]) {
    let shown = &value[..value.len().min(MAX_TAG_PRINT)];
    let ascii = shown.iter().filter(|b| (0x20..0x7f).contains(*b)).count();
    if ascii > shown.len() - ascii {
        ctx.s(" \"");
        for &b in shown {
            ctx.out.push(if (0x20..0x7f).contains(&b) { b } else { b'.' });
        }
        ctx.s("\"");
    } else {
        ctx.s(" 0x");
        // tcpdump prints this one dump in capitals (`%02X`).
        const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
        for &b in value {
            ctx.out.extend_from_slice(&[HEX_UPPER[usize::from(b >> 4)], HEX_UPPER[usize::from(b & 15)]]);
        }
    }
}
