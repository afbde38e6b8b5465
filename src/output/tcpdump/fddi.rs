//! FDDI, after tcpdump's print-fddi.c: the MAC header under `-e`, then
//! 802.2 LLC for asynchronous LLC frames; SMT and MAC frames are not
//! decoded (tcpdump has no SMT printer either).

use super::{fmt, link, Ctx, R};
use crate::names;
use crate::wire::fddi::{self, Fddi};
use crate::wire::registry::FddiFrameControl;

/// `fddi_print`; returns the header length `-x` skips (MAC header plus the
/// LLC header when one was decoded).
pub fn print(ctx: &mut Ctx<'_>, data: &[u8], orig_len: u32) -> R<usize> {
    ctx.proto = "fddi";
    let Some(f) = Fddi::new(data) else {
        ctx.trunc_mark();
        return Ok(data.len());
    };
    let e = ctx.opts.link_header;
    if e {
        header(ctx, &f, orig_len);
        ctx.ll_printed = true;
    }
    let length = orig_len.saturating_sub(fddi::HEADER_LEN as u32);
    let payload = f.payload();
    if f.carries_llc() {
        let llc_len = link::llc(ctx, payload, length)?;
        if llc_len == 0 {
            if !e {
                header(ctx, &f, orig_len);
            }
            link::default_print(ctx, payload);
        }
        return Ok(fddi::HEADER_LEN + llc_len);
    }
    if f.frame_control().class() == FddiFrameControl::CLASS_SMT {
        ctx.s("<SMT printer not yet implemented>");
        return Ok(fddi::HEADER_LEN);
    }
    if !e {
        header(ctx, &f, orig_len);
    }
    link::default_print(ctx, payload);
    Ok(fddi::HEADER_LEN)
}

/// `fddi_hdr_print`: frame control (not under -q), `src > dst, length N: `.
fn header(ctx: &mut Ctx<'_>, f: &Fddi<'_>, length: u32) {
    if !ctx.opts.quiet {
        frame_control(ctx, f.frame_control());
    }
    fmt::mac(ctx.out, &f.src());
    ctx.s(" > ");
    fmt::mac(ctx.out, &f.dst());
    ctx.s(", length ");
    ctx.u(length);
    ctx.s(": ");
}

/// `print_fddi_fc`: `async0 `, `smt1 `, `claim `, or two hex digits.
fn frame_control(ctx: &mut Ctx<'_>, fc: FddiFrameControl) {
    match names::link::fddi_frame_control(fc) {
        Some((name, with_nibble)) => {
            ctx.s(name);
            if with_nibble {
                fmt::x(ctx.out, u64::from(fc.low()));
            }
        }
        None => fmt::x2(ctx.out, fc.0),
    }
    ctx.s(" ");
}
