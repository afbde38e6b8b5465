//! OSPF, after tcpdump's print-ospf.c and print-ospf6.c: the first line
//! (`OSPFv2, Hello, length 44`). The -v detail (router and area IDs,
//! authentication, hellos, LSAs) is not decoded yet.

use super::{g16, g8, Ctx, R};
use crate::names;
use crate::wire::ospf::{field, AUTH_CRYPTOGRAPHIC, MD5_DIGEST_LEN};

/// `ospf_print` (over IPv4) and `ospf6_print` (over IPv6); `length` is the
/// IP payload length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32, v6: bool) -> R {
    let mut length = length;
    if v6 {
        ctx.proto = "ospf3";
    } else {
        ctx.proto = "ospf2";
        // The MD5 digest trails the packet inside the IP payload.
        if g16(bp, field::V2_AUTH_TYPE.start)? == AUTH_CRYPTOGRAPHIC {
            length = length.wrapping_sub(MD5_DIGEST_LEN);
        }
    }
    let kind = g8(bp, field::TYPE)?;
    let version = g8(bp, field::VERSION)?;
    ctx.s("OSPFv");
    ctx.u(version);
    ctx.s(", ");
    match names::ospf::packet_type(kind) {
        Some(n) => ctx.s(n),
        None if v6 => {
            ctx.s("unknown packet type (");
            ctx.u(kind);
            ctx.s(")");
        }
        None => {
            ctx.s("unknown LS-type ");
            ctx.u(kind);
        }
    }
    ctx.s(", length ");
    ctx.u(length);
    Ok(())
}
