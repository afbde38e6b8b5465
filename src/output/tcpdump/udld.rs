//! Cisco UniDirectional Link Detection, after tcpdump 5.0's print-udld.c:
//! formats `wire::udld`'s view. Version, opcode, flags and length; under
//! -v the checksum and each TLV.

use super::{fmt, printjn, printjnp, Ctx, Trunc, R};
use crate::names;
use crate::wire::udld::{self, field, tlv, Udld};

/// `udld_print`: `length` is the on-wire length after the SNAP header.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "udld";
    let mut t = Udld::new(bp);
    let mut length = length as usize;
    if length < udld::HEADER_LEN {
        return ctx.invalid_then_check(t.bytes(0, length).is_some());
    }
    let first = t.u8(field::VER_OPCODE).ok_or(Trunc)?;
    let flags = t.u8(field::FLAGS).ok_or(Trunc)?;
    let code = udld::opcode(first);
    ctx.s("UDLDv");
    ctx.u(udld::version(first));
    ctx.s(", Code ");
    ctx.s(names::cisco::udld_code(code).unwrap_or("Reserved"));
    ctx.s(" (");
    fmt::x(ctx.out, u64::from(code));
    ctx.s("), Flags [");
    fmt::bit_names(ctx.out, flags, names::cisco::UDLD_FLAGS, "none");
    ctx.s("] (0x");
    fmt::x2(ctx.out, flags);
    ctx.s("), length ");
    ctx.u(length as u64);
    t = t.at(field::CHECKSUM.start);
    length -= field::CHECKSUM.start;
    if ctx.v() == 0 {
        return t.bytes(0, length).map(|_| ()).ok_or(Trunc);
    }
    let checksum = t.u16(0).ok_or(Trunc)?;
    ctx.s("\n\tChecksum 0x");
    fmt::x_pad(ctx.out, u64::from(checksum), 4);
    ctx.s(" (unverified)");
    t = t.at(2);
    length -= 2;
    while length > 0 {
        if length < udld::TLV_HEADER_LEN {
            return ctx.invalid_then_check(t.bytes(0, length).is_some());
        }
        let kind = t.u16(0).ok_or(Trunc)?;
        t = t.at(2);
        length -= 2;
        let len = t.u16(0).ok_or(Trunc)?;
        t = t.at(2);
        length -= 2;
        ctx.s("\n\t");
        ctx.s(names::cisco::udld_tlv(kind).unwrap_or("Unknown"));
        ctx.s(" (0x");
        fmt::x_pad(ctx.out, u64::from(kind), 4);
        ctx.s(") TLV, length ");
        ctx.u(len);
        // A length of the header alone would never advance.
        if usize::from(len) <= udld::TLV_HEADER_LEN {
            return ctx.invalid_then_check(t.bytes(0, length).is_some());
        }
        let len = usize::from(len) - udld::TLV_HEADER_LEN;
        if length < len {
            return ctx.invalid_then_check(t.bytes(0, length).is_some());
        }
        match kind {
            tlv::DEVICE_ID | tlv::PORT_ID | tlv::DEVICE_NAME => {
                ctx.s(", ");
                printjnp(ctx, t.captured(), 0, len)?;
            }
            tlv::ECHO => {
                ctx.s(", ");
                printjn(ctx, t.captured(), 0, len)?;
            }
            tlv::MESSAGE_INTERVAL | tlv::TIMEOUT_INTERVAL if len != 1 => return ctx.invalid_then_check(t.bytes(0, length).is_some()),
            tlv::MESSAGE_INTERVAL | tlv::TIMEOUT_INTERVAL => {
                let secs = t.u8(0).ok_or(Trunc)?;
                ctx.s(", ");
                ctx.u(secs);
                ctx.s("s");
            }
            tlv::SEQ_NUMBER if len != 4 => return ctx.invalid_then_check(t.bytes(0, length).is_some()),
            tlv::SEQ_NUMBER => {
                let seq = t.u32(0).ok_or(Trunc)?;
                ctx.s(", ");
                ctx.u(seq);
            }
            _ => {
                t.bytes(0, len).ok_or(Trunc)?;
            }
        }
        t = t.at(len);
        length -= len;
    }
    Ok(())
}

