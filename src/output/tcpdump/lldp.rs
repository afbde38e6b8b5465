//! LLDP (IEEE 802.1AB), after tcpdump 5.0's print-lldp.c: formats
//! `wire::lldp`'s view. Without -v only the length and the system name;
//! under -v every TLV, with the organisation-specific ones of IEEE 802.1,
//! IEEE 802.3, IANA, TIA (LLDP-MED) and DCBX decoded in `org`, and
//! under -vv each TLV's hex after it.
//!
//! Two ways to stop, as in tcpdump: a read past the capture ends the packet
//! with ` [|lldp]` at the top level (its longjmp, so -x dumps the whole
//! frame), while a length the TLV cannot hold prints the same mark here and
//! returns normally (its `goto trunc`).

mod org;

use super::{fmt, printjnp, unknown_data, Ctx, Trunc, R};
use crate::names;
use crate::wire::lldp::{self, afnum, chassis_subtype, oui, port_subtype, tlv, Lldp};

/// What a TLV's printer asks of the loop after it.
pub(super) enum After {
    /// Printed; no hex dump unless -vv.
    Done,
    /// Not decoded: a hex dump under -v.
    Hexdump,
    /// A length the value cannot hold: ` [|lldp]` and stop.
    Cut,
}

/// `lldp_print`: `length` is the on-wire length after the Ethernet header.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "lldp";
    let v = ctx.v();
    ctx.s("LLDP, length ");
    ctx.u(length);
    let mut t = Lldp::new(bp);
    let mut tlen = length as usize;
    while tlen >= lldp::TLV_HEADER_LEN {
        let Some(header) = t.u16(0) else {
            return cut(ctx);
        };
        let (kind, len) = (lldp::tlv_type(header), lldp::tlv_len(header));
        tlen -= lldp::TLV_HEADER_LEN;
        t = t.at(lldp::TLV_HEADER_LEN);
        if v > 0 {
            ctx.s("\n\t");
            ctx.s(names::lldp::tlv(u16::from(kind)).unwrap_or("Unknown"));
            ctx.s(" TLV (");
            ctx.u(kind);
            ctx.s("), length ");
            ctx.u(len as u64);
        }
        // The End TLV, and a zero length that would never advance.
        if kind == tlv::END || len == 0 {
            break;
        }
        if t.bytes(0, len).is_none() || tlen < len {
            return cut(ctx);
        }
        let hexdump = match value(ctx, kind, t, len)? {
            After::Cut => return cut(ctx),
            After::Hexdump => true,
            After::Done => false,
        };
        if v > 1 || (v > 0 && hexdump) {
            unknown_data(ctx, t.captured(), "\n\t  ", len);
        }
        tlen -= len;
        t = t.at(len);
    }
    Ok(())
}

/// tcpdump's `goto trunc` (`nd_print_trunc`, then a normal return).
fn cut(ctx: &mut Ctx<'_>) -> R {
    ctx.trunc_mark();
    Ok(())
}

pub(super) fn g8(b: Lldp<'_>, at: usize) -> R<u8> {
    b.u8(at).ok_or(Trunc)
}

pub(super) fn g16(b: Lldp<'_>, at: usize) -> R<u16> {
    b.u16(at).ok_or(Trunc)
}

pub(super) fn g32(b: Lldp<'_>, at: usize) -> R<u32> {
    b.u32(at).ok_or(Trunc)
}

/// One TLV's value (captured whole, `len` bytes).
fn value(ctx: &mut Ctx<'_>, kind: u8, t: Lldp<'_>, len: usize) -> R<After> {
    let v = ctx.v() > 0;
    // Only the system name shows without -v (as CDP's device id does);
    // nothing is dumped then either.
    if !v && kind != tlv::SYSTEM_NAME {
        return Ok(After::Done);
    }
    match kind {
        tlv::CHASSIS_ID => id(ctx, t, len, names::lldp::chassis_subtype, chassis_subtype::MAC, chassis_subtype::NETWORK, &chassis_subtype::TEXT),
        tlv::PORT_ID => id(ctx, t, len, names::lldp::port_subtype, port_subtype::MAC, port_subtype::NETWORK, &port_subtype::TEXT),
        tlv::TTL => {
            if len < 2 {
                return Ok(After::Cut);
            }
            ctx.s(": TTL ");
            ctx.u(g16(t, 0)?);
            ctx.s("s");
            Ok(After::Done)
        }
        tlv::PORT_DESCR | tlv::SYSTEM_NAME => {
            ctx.s(": ");
            printjnp(ctx, t.captured(), 0, len)?;
            Ok(After::Done)
        }
        tlv::SYSTEM_DESCR => {
            ctx.s("\n\t  ");
            printjnp(ctx, t.captured(), 0, len)?;
            Ok(After::Done)
        }
        tlv::SYSTEM_CAP => {
            if len < 4 {
                return Ok(After::Cut);
            }
            let (cap, enabled) = (g16(t, 0)?, g16(t, 2)?);
            for (label, bits) in [("\n\t  System  Capabilities [", cap), ("\n\t  Enabled Capabilities [", enabled)] {
                ctx.s(label);
                fmt::bit_names(ctx.out, bits, names::lldp::CAPABILITIES, "none");
                ctx.s("] (0x");
                fmt::x_pad(ctx.out, u64::from(bits), 4);
                ctx.s(")");
            }
            Ok(After::Done)
        }
        tlv::MGMT_ADDR => Ok(if mgmt_addr(ctx, t, len)? { After::Done } else { After::Cut }),
        tlv::PRIVATE => {
            if len < lldp::OUI_LEN {
                return Ok(After::Cut);
            }
            let org = t.u24(0).ok_or(Trunc)?;
            ctx.s(": OUI ");
            ctx.s(names::link::oui_tcpdump(org).unwrap_or("Unknown"));
            ctx.s(" (0x");
            fmt::x_pad(ctx.out, u64::from(org), 6);
            ctx.s(")");
            let hexdump = match org {
                oui::IEEE_8021 => org::ieee8021(ctx, t, len)?,
                oui::IEEE_8023 => org::ieee8023(ctx, t, len)?,
                oui::IANA => org::iana(ctx, t, len)?,
                oui::TIA => org::tia(ctx, t, len)?,
                oui::DCBX => org::dcbx(ctx, t, len)?,
                _ => true,
            };
            Ok(if hexdump { After::Hexdump } else { After::Done })
        }
        _ => Ok(After::Hexdump),
    }
}

/// A chassis or port ID: `\n\t  Subtype NAME (N): ` and the id as a MAC,
/// a network address or text.
fn id(ctx: &mut Ctx<'_>, t: Lldp<'_>, len: usize, name: fn(u8) -> Option<&'static str>, mac: u8, network: u8, text: &[u8]) -> R<After> {
    if len < 2 {
        return Ok(After::Cut);
    }
    let subtype = g8(t, 0)?;
    ctx.s("\n\t  Subtype ");
    ctx.named_num(Some(name(subtype).unwrap_or("Unknown")), subtype);
    ctx.s(": ");
    if subtype == mac {
        if len < 1 + 6 {
            return Ok(After::Cut);
        }
        fmt::mac(ctx.out, t.bytes(1, 6).ok_or(Trunc)?);
    } else if text.contains(&subtype) {
        printjnp(ctx, t.captured(), 1, len - 1)?;
    } else if subtype == network {
        match network_addr(t.at(1), len - 1)? {
            Some(a) => put_network_addr(ctx, a),
            None => return Ok(After::Cut),
        }
    } else {
        return Ok(After::Hexdump);
    }
    Ok(After::Done)
}

/// A network address: its family and, for the families tcpdump prints,
/// the address bytes.
type NetAddr<'a> = (u8, Option<&'a [u8]>);

/// `lldp_network_addr_print`'s reads: `None` (tcpdump's NULL) when the
/// address does not fit in `len`.
fn network_addr<'a>(t: Lldp<'a>, len: usize) -> R<Option<NetAddr<'a>>> {
    if len < 1 {
        return Ok(None);
    }
    let af = g8(t, 0)?;
    let need = match af {
        afnum::INET => Some(4),
        afnum::INET6 => Some(16),
        afnum::IEEE802 => Some(6),
        _ => None,
    };
    match need {
        Some(n) if len - 1 < n => Ok(None),
        Some(n) => Ok(Some((af, Some(t.bytes(1, n).ok_or(Trunc)?)))),
        None => Ok(Some((af, None))),
    }
}

/// `AFI NAME (N): address`, or `AFI NAME (N), no AF printer !`.
fn put_network_addr(ctx: &mut Ctx<'_>, (af, addr): NetAddr<'_>) {
    ctx.s("AFI ");
    ctx.s(names::lldp::address_family(af).unwrap_or("Unknown"));
    ctx.s(" (");
    ctx.u(af);
    let Some(a) = addr else {
        ctx.s("), no AF printer !");
        return;
    };
    ctx.s("): ");
    match af {
        afnum::INET => fmt::ipv4(ctx.out, a),
        afnum::INET6 => fmt::ipv6(ctx.out, a),
        _ => fmt::mac(ctx.out, a),
    }
}

/// `lldp_mgmt_addr_tlv_print`; false where tcpdump's returns 0 (` [|lldp]`).
fn mgmt_addr(ctx: &mut Ctx<'_>, t: Lldp<'_>, len: usize) -> R<bool> {
    if len < 1 {
        return Ok(false);
    }
    let addr_len = usize::from(g8(t, 0)?);
    let (mut t, mut tlen) = (t.at(1), len - 1);
    if tlen < addr_len {
        return Ok(false);
    }
    let Some(addr) = network_addr(t, addr_len)? else {
        return Ok(false);
    };
    ctx.s("\n\t  Management Address length ");
    ctx.u(addr_len as u64);
    ctx.s(", ");
    put_network_addr(ctx, addr);
    t = t.at(addr_len);
    tlen -= addr_len;
    if tlen < lldp::INTF_NUM_LEN {
        return Ok(false);
    }
    let (subtype, number) = (g8(t, 0)?, g32(t, 1)?);
    ctx.s("\n\t  ");
    ctx.s(names::lldp::interface_numbering(subtype).unwrap_or("Unknown"));
    ctx.s(" Interface Numbering (");
    ctx.u(subtype);
    ctx.s("): ");
    ctx.u(number);
    t = t.at(lldp::INTF_NUM_LEN);
    tlen -= lldp::INTF_NUM_LEN;
    // The OID is optional.
    if tlen > 0 {
        let oid_len = usize::from(g8(t, 0)?);
        if tlen < 1 + oid_len {
            return Ok(false);
        }
        if oid_len > 0 {
            ctx.s("\n\t  OID length ");
            ctx.u(oid_len as u64);
            printjnp(ctx, t.captured(), 1, oid_len)?;
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::super::print_layer;

    /// Chassis id (MAC 02:00:00:00:00:0a), TTL 120 s, system name "sw", End.
    const PDU: [u8; 21] = [0x02, 0x07, 4, 2, 0, 0, 0, 0, 0x0a, 0x06, 0x02, 0, 120, 0x0a, 0x02, b's', b'w', 0, 0, 0, 0];

    #[test]
    fn without_v_only_the_system_name_is_shown() {
        assert_eq!(print_layer(0, |ctx| super::print(ctx, &PDU, 21)), "LLDP, length 21: sw");
    }

    #[test]
    fn under_v_each_tlv_has_its_line() {
        assert_eq!(
            print_layer(1, |ctx| super::print(ctx, &PDU, 21)),
            "LLDP, length 21\n\tChassis ID TLV (1), length 7\n\t  Subtype MAC address (4): 02:00:00:00:00:0a\n\tTime to Live TLV (3), length 2: TTL 120s\n\tSystem Name TLV (5), length 2: sw\n\tEnd TLV (0), length 0"
        );
    }

    #[test]
    fn a_tlv_longer_than_the_pdu_is_cut_where_it_starts() {
        // System name claiming 10 bytes in a 6-byte PDU.
        assert_eq!(print_layer(0, |ctx| super::print(ctx, &[0x0a, 0x0a, b'a', b'b', b'c', b'd'], 6)), "LLDP, length 6 [|lldp]");
    }
}
