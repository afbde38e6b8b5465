//! Syslog, after tcpdump 5.0's print-syslog.c: formats `wire::syslog`'s
//! PRI part; under -v the facility, severity and the message text.

use super::{fmt, hex, Ctx, Trunc, R};
use crate::names;
use crate::wire::syslog::{self, Pri};

/// `syslog_print`: `len` is the UDP payload length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], len: u32) -> R {
    ctx.proto = "syslog";
    let Pri::Valid { value, msg_at } = syslog::pri(bp).ok_or(Trunc)? else {
        ctx.invalid();
        return Ok(());
    };
    let (f, s) = (Pri::facility(value), Pri::severity(value));
    if ctx.v() < 1 {
        ctx.s("SYSLOG ");
        ctx.tok2str(names::syslog::facility(f), "unknown (", f, ")");
        ctx.s(".");
        ctx.tok2str(names::syslog::severity(s), "unknown (", s, ")");
        ctx.s(", length: ");
        ctx.u(len);
        return Ok(());
    }
    ctx.s("SYSLOG, length: ");
    ctx.u(len);
    ctx.s("\n\tFacility ");
    ctx.tok2str(names::syslog::facility(f), "unknown (", f, ")");
    ctx.s(" (");
    ctx.u(f);
    ctx.s("), Severity ");
    ctx.tok2str(names::syslog::severity(s), "unknown (", s, ")");
    ctx.s(" (");
    ctx.u(s);
    ctx.s(")\n\tMsg: ");
    for i in msg_at..len as usize {
        fmt::safe_char(ctx.out, *bp.get(i).ok_or(Trunc)?);
    }
    if ctx.v() > 1 {
        hex::hex(ctx.out, "\n\t", &bp[..bp.len().min(len as usize)], 0);
    }
    Ok(())
}
