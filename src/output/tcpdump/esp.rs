//! ESP, after tcpdump 5.0's print-esp.c without decryption secrets:
//! formats `wire::esp`'s view (SPI and sequence number only).

use super::{fmt, Ctx, R};
use crate::wire::esp::{self, Esp};

/// `esp_print`: `length` is the IP payload length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "esp";
    let e = Esp::new(bp);
    // tcpdump wants at least one byte past the header before printing, and
    // marks a shorter capture itself (so the hex dump starts after the link header).
    let (Some(spi), Some(seq)) = (e.spi(), e.seq()) else {
        ctx.trunc_mark();
        return Ok(());
    };
    if e.captured() <= esp::HEADER_LEN {
        ctx.trunc_mark();
        return Ok(());
    }
    ctx.s("ESP(spi=0x");
    fmt::x_pad(ctx.out, spi.into(), 8);
    ctx.s(",seq=0x");
    fmt::x(ctx.out, seq.into());
    ctx.s("), length ");
    ctx.u(length);
    Ok(())
}
