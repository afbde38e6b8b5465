//! EAPOL and EAP (tcpdump's print-eap.c, with the separators 4.99.3
//! prints: no comma after the last item): formats `wire::eapol`'s view. The EAPOL type, version and length always; under -v the EAP
//! packet's code, identifier and method (an identity, a NAK's proposals,
//! EAP-TLS flags).

use super::{fmt, g16, g32, g8, printjnp, Ctx, R};
use crate::names::eap as names;
use crate::wire::eapol::{code, eap_field as ef, field, kind, method, Eapol, HEADER_LEN, TLS_FLAG_LENGTH};

/// `eapol_print`: the frame after the EtherType.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8]) -> R {
    ctx.proto = "eap";
    // ND_TCHECK_SIZE: marked truncated without a longjmp, so -x still
    // dumps from after the link header.
    if bp.len() < HEADER_LEN {
        ctx.trunc_mark();
        return Ok(());
    }
    let t = g8(bp, field::TYPE.start)?;
    let len = g16(bp, field::LENGTH.start)?;
    ctx.named_num(names::eapol_type(t), t);
    ctx.s(" v");
    ctx.u(g8(bp, field::VERSION.start)?);
    ctx.s(", len ");
    ctx.u(len);
    if ctx.v() < 1 || t != kind::EAP_PACKET {
        return Ok(());
    }
    if len == 0 {
        ctx.trunc_mark();
        return Ok(());
    }
    ctx.s(", ");
    eap(ctx, Eapol::new(bp).body(), len)
}

/// `eap_print`: an EAP packet whose EAPOL length is `length`.
fn eap(ctx: &mut Ctx<'_>, cp: &[u8], length: u16) -> R {
    let c = g8(cp, ef::CODE.start)?;
    let len = g16(cp, ef::LENGTH.start)?;
    if len != length {
        ctx.s("EAP fragment?");
        return Ok(());
    }
    ctx.named_num(names::code(c), c);
    ctx.s(", id ");
    ctx.u(g8(cp, ef::IDENTIFIER.start)?);
    ctx.s(", len ");
    ctx.u(len);
    if cp.len() < usize::from(len) {
        ctx.trunc_mark();
        return Ok(());
    }
    if c != code::REQUEST && c != code::RESPONSE {
        return Ok(());
    }
    let m = g8(cp, ef::TYPE.start)?;
    ctx.s("\n\t\t Type ");
    ctx.named_num(names::method(m), m);
    // tcpdump's unsigned `len - 5`: a packet shorter than its type field
    // asks for far more text than was captured.
    let data_len = u32::from(len).wrapping_sub(ef::DATA as u32);
    match m {
        method::IDENTITY | method::NOTIFICATION if data_len > 0 => {
            ctx.s(if m == method::IDENTITY { ", Identity: " } else { ", Notification: " });
            printjnp(ctx, cp, ef::DATA, data_len as usize)?;
        }
        method::NAK => {
            for at in ef::DATA..usize::from(len) {
                let proposed = g8(cp, at)?;
                ctx.s(if at == ef::DATA { " " } else { ", " });
                ctx.named_num(names::method(proposed), proposed);
            }
        }
        method::TLS | method::TTLS | method::FAST => tls_flags(ctx, cp, m)?,
        method::AKA | method::SIM => {
            let s = g8(cp, ef::TLS_FLAGS.start)?;
            ctx.s(" subtype [");
            ctx.s(names::aka_subtype(s).unwrap_or("unknown"));
            ctx.s("] 0x");
            fmt::x2(ctx.out, s);
        }
        _ => {}
    }
    Ok(())
}

/// The EAP-TLS family's version (TTLS, FAST), flags and message length.
fn tls_flags(ctx: &mut Ctx<'_>, cp: &[u8], m: u8) -> R {
    let flags = g8(cp, ef::TLS_FLAGS.start)?;
    match m {
        method::TTLS => ctx.s(" TTLSv"),
        method::FAST => ctx.s(" FASTv"),
        _ => {}
    }
    if m != method::TLS {
        ctx.u(flags & 7);
    }
    ctx.s(" flags ");
    fmt::flag_list(ctx.out, flags, names::TLS_FLAGS);
    ctx.s(" 0x");
    fmt::x2(ctx.out, flags);
    if flags & TLS_FLAG_LENGTH != 0 {
        ctx.s(", len ");
        ctx.u(g32(cp, ef::TLS_LENGTH.start)?);
    }
    Ok(())
}
