//! NTP, after tcpdump 5.0's print-ntp.c: formats `wire::ntp`'s view. Only
//! the line tcpdump prints without -v is done; the time fields and control
//! messages that -v adds are not printed yet.

use super::{Ctx, Trunc, R};
use crate::names;
use crate::wire::ntp::Ntp;

/// `ntp_print`: `length` is the UDP payload length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "ntp";
    let n = Ntp::new(bp);
    let version = n.version().ok_or(Trunc)?;
    let mode = n.mode().ok_or(Trunc)?;
    ctx.s("NTPv");
    ctx.u(version);
    ctx.s(", ");
    ctx.s(names::ntp::mode(mode));
    ctx.s(", length ");
    ctx.u(length);
    Ok(())
}
