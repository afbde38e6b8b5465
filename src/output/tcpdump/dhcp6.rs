//! DHCPv6, after tcpdump 5.0's print-dhcp6.c: formats `wire::dhcp6`'s
//! view. Only the line tcpdump prints without -v is done; the options that
//! -v lists are not decoded yet.

use super::{Ctx, R};
use crate::names;
use crate::wire::dhcp6::Dhcp6;

/// `dhcp6_print`: the message type.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8]) -> R {
    ctx.proto = "dhcp6";
    ctx.s("dhcp6");
    let d = Dhcp6::new(bp);
    // tcpdump checks the whole first word before reading the type.
    let Some(kind) = d.msg_type().filter(|_| d.header_captured()) else {
        ctx.trunc_mark();
        return Ok(());
    };
    ctx.s(" ");
    match names::dhcp6::msg_type(kind) {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("msgtype-");
            ctx.u(kind);
        }
    }
    Ok(())
}
