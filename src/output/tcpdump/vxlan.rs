//! VXLAN (RFC 7348), after tcpdump's print-vxlan.c: flags and VNI, then the
//! encapsulated Ethernet frame.

use super::{fmt, from, g16, g8, link, Ctx, R};

/// VXLAN header and the inner frame; `len` is the UDP payload length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], len: u32) -> R {
    ctx.proto = "vxlan";
    ctx.s("VXLAN");
    if len < 8 {
        ctx.s(" [length ");
        ctx.u(len);
        ctx.s(" < 8]");
        ctx.invalid();
        return Ok(());
    }
    let flags = g8(bp, 0)?;
    ctx.s(", flags [");
    ctx.s(if flags & 0x08 != 0 { "I" } else { "." });
    ctx.s("] (0x");
    fmt::x2(ctx.out, flags);
    ctx.s("), vni ");
    let vni = (g16(bp, 4)? as u32) << 8 | g8(bp, 6)? as u32;
    ctx.u(vni);
    ctx.s("\n");
    let inner = from(bp, 8);
    link::ether(ctx, inner, len - 8)?;
    Ok(())
}
