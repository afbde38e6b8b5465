//! AH, after tcpdump 5.0's print-ah.c: formats `wire::ah`'s view; the IP
//! demux then prints what follows the header.

use super::{fmt, Ctx, Trunc, R};
use crate::wire::ah::{self, Ah};

/// `ah_print`: prints `AH(...): ` and returns the next header and the
/// header length to skip.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8]) -> R<(u8, usize)> {
    ctx.proto = "ah";
    ctx.s("AH");
    let a = Ah::new(bp);
    let plen = a.payload_len().ok_or(Trunc)?;
    let hlen = a.header_len().ok_or(Trunc)?;
    ctx.s("(");
    if ctx.v() > 0 {
        ctx.s("length=");
        ctx.u(plen);
        ctx.s("(");
        ctx.u(hlen as u64);
        ctx.s("-bytes),");
    }
    let reserved = a.reserved().ok_or(Trunc)?;
    if reserved != 0 {
        ctx.s("reserved=0x");
        fmt::x(ctx.out, reserved.into());
        ctx.s("[MustBeZero],");
    }
    let spi = a.spi().ok_or(Trunc)?;
    ctx.s("spi=0x");
    fmt::x_pad(ctx.out, spi.into(), 8);
    let seq = a.seq().ok_or(Trunc)?;
    ctx.s(",seq=0x");
    fmt::x(ctx.out, seq.into());
    ctx.s(",icv=0x");
    for i in 0..hlen.saturating_sub(ah::field::ICV) {
        fmt::x2(ctx.out, a.icv_byte(i).ok_or(Trunc)?);
    }
    ctx.s("): ");
    Ok((a.next_header().ok_or(Trunc)?, hlen))
}
