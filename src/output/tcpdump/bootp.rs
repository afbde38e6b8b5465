//! BOOTP/DHCP, after tcpdump 5.0's print-bootp.c: formats `wire::bootp`'s
//! view. Only the first line (what tcpdump prints without -v) is done; the
//! fixed fields and DHCP options that -v adds are not printed yet.

use super::{fmt, Ctx, Trunc, R};
use crate::wire::bootp::{op, Bootp, HTYPE_ETHERNET};

/// `bootp_print`: `length` is the UDP payload length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "bootp";
    let b = Bootp::new(bp);
    let o = b.op().ok_or(Trunc)?;
    ctx.s("BOOTP/DHCP, ");
    match o {
        op::REQUEST => ctx.s("Request"),
        op::REPLY => ctx.s("Reply"),
        _ => {
            ctx.s("unknown (0x");
            fmt::x2(ctx.out, o);
            ctx.s(")");
        }
    }
    let htype = b.htype().ok_or(Trunc)?;
    let hlen = b.hlen().ok_or(Trunc)?;
    if htype == HTYPE_ETHERNET && hlen == 6 && o == op::REQUEST {
        let mac = b.chaddr(6).ok_or(Trunc)?;
        ctx.s(" from ");
        fmt::mac(ctx.out, mac);
    }
    ctx.s(", length ");
    ctx.u(length);
    Ok(())
}
