//! Cisco Dynamic Trunking Protocol, after tcpdump 5.0's print-dtp.c:
//! formats `wire::dtp`'s view. The version and length; under -v each TLV
//! (domain, status, trunk type, neighbour).

use super::{fmt, printjnp, Ctx, Trunc, R};
use crate::names;
use crate::wire::dtp::{self, tlv, Dtp};

/// `dtp_print`: `length` is the on-wire length after the SNAP header.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "dtp";
    let mut t = Dtp::new(bp);
    let mut length = length as usize;
    if length < dtp::HEADER_LEN {
        ctx.s("[zero packet length]");
        return ctx.invalid_then_check(t.bytes(0, length).is_some());
    }
    let version = t.u8(0).ok_or(Trunc)?;
    ctx.s("DTPv");
    ctx.u(version);
    ctx.s(", length ");
    ctx.u(length as u64);
    if ctx.v() == 0 {
        return Ok(());
    }
    t = t.at(dtp::HEADER_LEN);
    length -= dtp::HEADER_LEN;
    while length > 0 {
        if length < dtp::TLV_HEADER_LEN {
            ctx.s("[");
            ctx.u(length as u64);
            ctx.s(" bytes remaining]");
            return ctx.invalid_then_check(t.bytes(0, length).is_some());
        }
        let (kind, len) = (t.u16(0).ok_or(Trunc)?, t.u16(2).ok_or(Trunc)?);
        // Seen in captures: a zero type ends the message.
        if kind == 0 {
            return Ok(());
        }
        ctx.s("\n\t");
        ctx.s(names::cisco::dtp_tlv(kind).unwrap_or("Unknown"));
        ctx.s(" (0x");
        fmt::x_pad(ctx.out, u64::from(kind), 4);
        ctx.s(") TLV, length ");
        ctx.u(len);
        if usize::from(len) < dtp::TLV_HEADER_LEN || usize::from(len) > length {
            ctx.s("[TLV length ");
            ctx.u(len);
            ctx.s("]");
            return ctx.invalid_then_check(t.bytes(0, length).is_some());
        }
        match kind {
            tlv::DOMAIN => {
                ctx.s(", ");
                printjnp(ctx, t.captured(), 4, usize::from(len) - 4)?;
            }
            tlv::STATUS | tlv::DTP_TYPE if len != dtp::BYTE_TLV_LEN => return ctx.invalid_then_check(t.bytes(0, length).is_some()),
            tlv::STATUS | tlv::DTP_TYPE => {
                let v = t.u8(4).ok_or(Trunc)?;
                ctx.s(", 0x");
                fmt::x(ctx.out, u64::from(v));
            }
            tlv::NEIGHBOR if len != dtp::NEIGHBOR_TLV_LEN => return ctx.invalid_then_check(t.bytes(0, length).is_some()),
            tlv::NEIGHBOR => {
                let mac = t.bytes(4, 6).ok_or(Trunc)?;
                ctx.s(", ");
                fmt::mac(ctx.out, mac);
            }
            _ => {
                t.bytes(0, usize::from(len)).ok_or(Trunc)?;
            }
        }
        t = t.at(usize::from(len));
        length -= usize::from(len);
    }
    Ok(())
}

