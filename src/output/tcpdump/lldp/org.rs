//! LLDP's organisation-specific TLVs, after tcpdump 5.0's print-lldp.c:
//! IEEE 802.1 (VLANs, link aggregation, DCB: congestion notification, ETS,
//! PFC, application priority, EVB, CDCP), IEEE 802.3 (MAC/PHY, power via
//! MDI, aggregation, frame size), IANA (MUD URL), TIA LLDP-MED and DCBX.
//!
//! Each printer gets the TLV value from its OUI on and returns whether the
//! caller should hex-dump it (tcpdump's `hexdump`): a subtype it does not
//! know. A value too short for its subtype prints nothing more, and no dump.

use super::{g16, g32, g8};
use crate::output::tcpdump::{fmt, printjn, printjnp, unknown_data, Ctx, Trunc, R};
use crate::names;
use crate::wire::lldp::{self, dcbx as dcbx_tlv, ieee8021 as s8021, ieee8023 as s8023, tia as stia, Lldp};

/// `\n\t  NAME Subtype (N)` with `unknown` for a subtype not in the table.
fn subtype_line(ctx: &mut Ctx<'_>, name: Option<&str>, subtype: u8) {
    ctx.s("\n\t  ");
    ctx.s(name.unwrap_or("unknown"));
    ctx.s(" Subtype (");
    ctx.u(subtype);
    ctx.s(")");
}

/// `[names] (0x..)` of a bit field, `width` hex digits.
fn bits_hex<T: Copy + Into<u32>>(ctx: &mut Ctx<'_>, v: T, table: &[(T, &str)], none: &str, width: usize) {
    ctx.s("[");
    fmt::bit_names(ctx.out, v, table, none);
    ctx.s("] (0x");
    fmt::x_pad(ctx.out, u64::from(v.into()), width);
    ctx.s(")");
}

/// C's `%-Nd` of a small unsigned value: left-justified, space-padded.
fn left(ctx: &mut Ctx<'_>, v: impl Into<u64>, width: usize) {
    let start = ctx.out.len();
    ctx.u(v);
    while ctx.out.len() - start < width {
        ctx.s(" ");
    }
}

/// The eight bits of `v`, low bit first, as `%-2d ` each (a priority table row).
fn bit_row(ctx: &mut Ctx<'_>, v: u8) {
    for i in 0..8 {
        left(ctx, (v >> i) & 1, 2);
        ctx.s(" ");
    }
}

/// Eight values as `%-3d` each, separated by a space.
fn value_row(ctx: &mut Ctx<'_>, vals: [u8; 8]) {
    for (i, v) in vals.into_iter().enumerate() {
        if i > 0 {
            ctx.s(" ");
        }
        left(ctx, v, 3);
    }
}

/// Eight bytes at `at`, each read before any is printed (one `ND_PRINT`).
fn eight(t: Lldp<'_>, at: usize) -> R<[u8; 8]> {
    let b = t.bytes(at, 8).ok_or(Trunc)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(b);
    Ok(a)
}

/// The ETS priority assignment, TC bandwidth and TSA tables (from byte 5).
fn ets_tables(ctx: &mut Ctx<'_>, t: Lldp<'_>) -> R {
    let p = t.bytes(5, 4).ok_or(Trunc)?;
    ctx.s("\n\t    Priority Assignment Table\n\t     Priority : 0   1   2   3   4   5   6   7\n\t     Value    : ");
    value_row(ctx, [p[0] >> 4, p[0] & 0x0f, p[1] >> 4, p[1] & 0x0f, p[2] >> 4, p[2] & 0x0f, p[3] >> 4, p[3] & 0x0f]);
    let bw = eight(t, 9)?;
    ctx.s("\n\t    TC Bandwidth Table\n\t     TC%   : 0   1   2   3   4   5   6   7\n\t     Value : ");
    value_row(ctx, bw);
    let tsa = eight(t, 17)?;
    ctx.s("\n\t    TSA Assignment Table\n\t     Traffic Class: 0   1   2   3   4   5   6   7\n\t     Value        : ");
    value_row(ctx, tsa);
    Ok(())
}

/// `lldp_private_8021_print` (802.1AB annex E and the DCB additions).
pub fn ieee8021(ctx: &mut Ctx<'_>, t: Lldp<'_>, len: usize) -> R<bool> {
    if len < 4 {
        return Ok(false);
    }
    let subtype = g8(t, lldp::SUBTYPE)?;
    subtype_line(ctx, names::lldp::ieee8021_subtype(subtype), subtype);
    match subtype {
        s8021::PORT_VLAN_ID if len >= 6 => {
            ctx.s("\n\t    port vlan id (PVID): ");
            ctx.u(g16(t, 4)?);
        }
        s8021::PROTOCOL_VLAN_ID if len >= 7 => {
            let (id, flags) = (g16(t, 5)?, g8(t, 4)?);
            ctx.s("\n\t    port and protocol vlan id (PPVID): ");
            ctx.u(id);
            ctx.s(", flags ");
            bits_hex(ctx, flags, names::lldp::PROTOCOL_VLAN_FLAGS, "none", 2);
        }
        s8021::VLAN_NAME if len >= 6 => {
            ctx.s("\n\t    vlan id (VID): ");
            ctx.u(g16(t, 4)?);
            if len < 7 {
                return Ok(false);
            }
            let n = usize::from(g8(t, 6)?);
            if len < 7 + n {
                return Ok(false);
            }
            ctx.s("\n\t    vlan name: ");
            printjnp(ctx, t.captured(), 7, n)?;
        }
        s8021::PROTOCOL_IDENTITY if len >= 5 => {
            let n = usize::from(g8(t, 4)?);
            if len < 5 + n {
                return Ok(false);
            }
            ctx.s("\n\t    protocol identity: ");
            printjnp(ctx, t.captured(), 5, n)?;
        }
        s8021::LINKAGGR if len >= 9 => aggregation(ctx, t)?,
        s8021::CONGESTION_NOTIFICATION if len >= 6 => {
            for (label, at) in [("\n\t    Pre-Priority CNPV Indicator", 4), ("\n\t    Pre-Priority Ready Indicator", 5)] {
                let v = g8(t, at)?;
                ctx.s(label);
                ctx.s("\n\t     Priority : 0  1  2  3  4  5  6  7\n\t     Value    : ");
                bit_row(ctx, v);
            }
        }
        s8021::ETS_CONFIGURATION if len >= 25 => {
            let v = g8(t, 4)?;
            ctx.s("\n\t    Willing:");
            ctx.u(v >> 7);
            // tcpdump masks the CBS bit as 0x02 after the shift, so it prints 0 or 2.
            ctx.s(", CBS:");
            ctx.u((v >> 6) & 0x02);
            ctx.s(", RES:");
            ctx.u((v >> 3) & 0x07);
            ctx.s(", Max TCs:");
            ctx.u(v & 0x07);
            ets_tables(ctx, t)?;
        }
        s8021::ETS_RECOMMENDATION if len >= 25 => {
            ctx.s("\n\t    RES: ");
            ctx.u(g8(t, 4)?);
            ets_tables(ctx, t)?;
        }
        s8021::PFC_CONFIGURATION if len >= 6 => {
            let v = g8(t, 4)?;
            for (label, x) in [("\n\t    Willing: ", v >> 7), (", MBC: ", (v >> 6) & 1), (", RES: ", (v >> 4) & 3), (", PFC cap:", v & 0x0f)] {
                ctx.s(label);
                ctx.u(x);
            }
            ctx.s(" \n\t    PFC Enable");
            let e = g8(t, 5)?;
            ctx.s("\n\t     Priority : 0  1  2  3  4  5  6  7\n\t     Value    : ");
            bit_row(ctx, e);
        }
        s8021::APPLICATION_PRIORITY if len >= 5 => application_priority(ctx, t, len)?,
        s8021::EVB if len >= 9 => evb(ctx, t)?,
        s8021::CDCP if len >= 8 => {
            let v = g8(t, 4)?;
            ctx.s("\n\t    Role: ");
            ctx.u(v >> 7);
            ctx.s(", RES: ");
            ctx.u((v >> 4) & 7);
            ctx.s(", Scomp: ");
            ctx.u((v >> 3) & 1);
            ctx.s(" ChnCap: ");
            ctx.u(g16(t, 6)? & 0x0fff);
            let n = len - 8;
            if n % 3 != 0 {
                return Ok(false);
            }
            for i in (0..n).step_by(3) {
                let v = t.u24(i + 8).ok_or(Trunc)?;
                ctx.s("\n\t    SCID: ");
                ctx.u(v >> 12);
                ctx.s(", SVID: ");
                ctx.u(v & 0x0fff);
            }
        }
        s8021::PORT_VLAN_ID
        | s8021::PROTOCOL_VLAN_ID
        | s8021::VLAN_NAME
        | s8021::PROTOCOL_IDENTITY
        | s8021::LINKAGGR
        | s8021::CONGESTION_NOTIFICATION
        | s8021::ETS_CONFIGURATION
        | s8021::ETS_RECOMMENDATION
        | s8021::PFC_CONFIGURATION
        | s8021::APPLICATION_PRIORITY
        | s8021::EVB
        | s8021::CDCP => {}
        _ => return Ok(true),
    }
    Ok(false)
}

/// 802.1's application priority table: 3 bytes an entry after byte 5.
fn application_priority(ctx: &mut Ctx<'_>, t: Lldp<'_>, len: usize) -> R {
    ctx.s("\n\t    RES: ");
    ctx.u(g8(t, 4)?);
    let n = len - 5;
    if n == 0 || n % 3 != 0 {
        return Ok(());
    }
    ctx.s("\n\t    Application Priority Table");
    for i in (0..n).step_by(3) {
        let (v, proto) = (g8(t, i + 5)?, g16(t, i + 6)?);
        ctx.s("\n\t      Priority: ");
        ctx.u(v >> 5);
        ctx.s(", RES: ");
        ctx.u((v >> 3) & 3);
        ctx.s(", Sel: ");
        ctx.u(v & 7);
        ctx.s(", Protocol ID: ");
        ctx.u(proto);
    }
    Ok(())
}

/// 802.1Qbg's EVB TLV: bridge and station status, retries, mode, timers.
fn evb(ctx: &mut Ctx<'_>, t: Lldp<'_>) -> R {
    let v = g8(t, 4)?;
    ctx.s("\n\t    EVB Bridge Status\n\t      RES: ");
    ctx.u(v >> 3);
    ctx.s(", BGID: ");
    ctx.u((v >> 2) & 1);
    ctx.s(", RRCAP: ");
    ctx.u((v >> 1) & 1);
    ctx.s(", RRCTR: ");
    ctx.u(v & 1);
    let v = g8(t, 5)?;
    ctx.s("\n\t    EVB Station Status\n\t      RES: ");
    ctx.u(v >> 4);
    ctx.s(", SGID: ");
    ctx.u((v >> 3) & 1);
    ctx.s(", RRREQ: ");
    ctx.u((v >> 2) & 1);
    ctx.s(",RRSTAT: ");
    ctx.u(v & 3);
    let v = g8(t, 6)?;
    ctx.s("\n\t    R: ");
    ctx.u(v >> 5);
    ctx.s(", RTE: ");
    ctx.u(v & 0x1f);
    ctx.s(", ");
    let v = g8(t, 7)?;
    ctx.s("EVB Mode: ");
    ctx.s(names::lldp::evb_mode(v >> 6).unwrap_or("unknown"));
    ctx.s(" [");
    ctx.u(v >> 6);
    ctx.s("]\n\t    ROL: ");
    ctx.u((v >> 5) & 1);
    ctx.s(", RWD: ");
    ctx.u(v & 0x1f);
    ctx.s(", ");
    let v = g8(t, 8)?;
    ctx.s("RES: ");
    ctx.u(v >> 6);
    ctx.s(", ROL: ");
    ctx.u((v >> 5) & 1);
    ctx.s(", RKA: ");
    ctx.u(v & 0x1f);
    Ok(())
}

/// Link aggregation (802.1 subtype 7, 802.3 subtype 3): status bits, port id.
fn aggregation(ctx: &mut Ctx<'_>, t: Lldp<'_>) -> R {
    let (status, port) = (g8(t, 4)?, g32(t, 5)?);
    ctx.s("\n\t    aggregation status [");
    fmt::bit_names(ctx.out, status, names::lldp::AGGREGATION, "none");
    ctx.s("], aggregation port ID ");
    ctx.u(port);
    Ok(())
}

/// `lldp_private_8023_print` (802.3 annex G).
pub fn ieee8023(ctx: &mut Ctx<'_>, t: Lldp<'_>, len: usize) -> R<bool> {
    if len < 4 {
        return Ok(false);
    }
    let subtype = g8(t, lldp::SUBTYPE)?;
    subtype_line(ctx, names::lldp::ieee8023_subtype(subtype), subtype);
    match subtype {
        s8023::MACPHY if len >= 9 => {
            let an = g8(t, 4)?;
            ctx.s("\n\t    autonegotiation ");
            bits_hex(ctx, an, names::lldp::AUTONEGOTIATION, "none", 2);
            let pmd = g16(t, 5)?;
            ctx.s("\n\t    PMD autoneg capability ");
            bits_hex(ctx, pmd, names::lldp::PMD_CAPABILITIES, "unknown", 4);
            let mau = g16(t, 7)?;
            ctx.s("\n\t    MAU type ");
            ctx.s(names::lldp::mau_type(mau).unwrap_or("unknown"));
            ctx.s(" (0x");
            fmt::x_pad(ctx.out, u64::from(mau), 4);
            ctx.s(")");
        }
        s8023::MDIPOWER if len >= 7 => {
            let (support, pair, class) = (g8(t, 4)?, g8(t, 5)?, g8(t, 6)?);
            ctx.s("\n\t    MDI power support [");
            fmt::bit_names(ctx.out, support, names::lldp::MDI_POWER, "none");
            ctx.s("], power pair ");
            ctx.s(names::lldp::mdi_power_pair(pair).unwrap_or("unknown"));
            ctx.s(", power class ");
            ctx.s(names::lldp::mdi_power_class(class).unwrap_or("unknown"));
        }
        s8023::LINKAGGR if len >= 9 => aggregation(ctx, t)?,
        s8023::MTU if len >= 6 => {
            ctx.s("\n\t    MTU size ");
            ctx.u(g16(t, 4)?);
        }
        s8023::MACPHY | s8023::MDIPOWER | s8023::LINKAGGR | s8023::MTU => {}
        _ => return Ok(true),
    }
    Ok(false)
}

/// `lldp_private_iana_print`: the MUD URL (RFC 8520).
pub fn iana(ctx: &mut Ctx<'_>, t: Lldp<'_>, len: usize) -> R<bool> {
    if len < 8 {
        return Ok(false);
    }
    let subtype = g8(t, lldp::SUBTYPE)?;
    subtype_line(ctx, names::lldp::iana_subtype(subtype), subtype);
    if subtype != lldp::iana::MUD_URL {
        return Ok(true);
    }
    ctx.s("\n\t  MUD-URL=");
    printjn(ctx, t.captured(), 4, len - 4)?;
    Ok(false)
}

/// `lldp_private_tia_print` (ANSI/TIA-1057 LLDP-MED).
pub fn tia(ctx: &mut Ctx<'_>, t: Lldp<'_>, len: usize) -> R<bool> {
    if len < 4 {
        return Ok(false);
    }
    let subtype = g8(t, lldp::SUBTYPE)?;
    subtype_line(ctx, names::lldp::tia_subtype(subtype), subtype);
    match subtype {
        stia::CAPABILITIES if len >= 7 => {
            let caps = g16(t, 4)?;
            ctx.s("\n\t    Media capabilities ");
            bits_hex(ctx, caps, names::lldp::TIA_CAPABILITIES, "none", 4);
            let dev = g8(t, 6)?;
            ctx.s("\n\t    Device type [");
            ctx.s(names::lldp::tia_device_type(dev).unwrap_or("unknown"));
            ctx.s("] (0x");
            fmt::x2(ctx.out, dev);
            ctx.s(")");
        }
        stia::NETWORK_POLICY if len >= 8 => {
            let app = g8(t, 4)?;
            ctx.s("\n\t    Application type [");
            ctx.s(names::lldp::tia_application_type(app).unwrap_or("none"));
            ctx.s("] (0x");
            fmt::x2(ctx.out, app);
            ctx.s(")");
            let flags = g8(t, 5)?;
            ctx.s(", Flags [");
            fmt::bit_names(ctx.out, flags, names::lldp::TIA_POLICY_FLAGS, "none");
            ctx.s("]\n\t    Vlan id ");
            ctx.u((g16(t, 5)? & 0x1ffe) >> 1);
            ctx.s(", L2 priority ");
            ctx.u((g16(t, 6)? & 0x01ff) >> 6);
            ctx.s(", DSCP value ");
            ctx.u(g16(t, 6)? & 0x003f);
        }
        stia::LOCATION_ID if len >= 5 => return location(ctx, t, len),
        stia::EXTENDED_POWER_MDI if len >= 7 => {
            let b = g8(t, 4)?;
            // tcpdump's `b & 0xC0 >> 6` is `b & 3` (shift before and).
            ctx.s("\n\t    Power type [");
            ctx.s(if b & 0x03 != 0 { "PD device" } else { "PSE device" });
            ctx.s("], Power source [");
            ctx.s(names::lldp::tia_power_source((b & 0x30) >> 4).unwrap_or("none"));
            ctx.s("]\n\t    Power priority [");
            ctx.s(names::lldp::tia_power_priority(b & 0x0f).unwrap_or("none"));
            ctx.s("] (0x");
            fmt::x2(ctx.out, b & 0x0f);
            ctx.s(")");
            let power = g16(t, 5)?;
            if power < stia::POWER_VAL_MAX {
                // C's "%.1f" of a float tenth, as Rust rounds the same value.
                ctx.s(&format!(", Power {:.1} Watts", f64::from(f32::from(power) / 10.0)));
            } else {
                ctx.s(", Power ");
                ctx.u(power);
                ctx.s(" (Reserved)");
            }
        }
        stia::INVENTORY_FIRST..=stia::INVENTORY_LAST => {
            ctx.s("\n\t  ");
            ctx.s(names::lldp::tia_inventory(subtype).unwrap_or("unknown"));
            ctx.s(" ");
            printjnp(ctx, t.captured(), 4, len - 4)?;
        }
        stia::CAPABILITIES | stia::NETWORK_POLICY | stia::LOCATION_ID | stia::EXTENDED_POWER_MDI => {}
        _ => return Ok(true),
    }
    Ok(false)
}

/// 34 bits of latitude or longitude after the 6-bit resolution.
fn latlon(t: Lldp<'_>, at: usize) -> R<u64> {
    Ok(u64::from(g8(t, at)? & 0x3) << 32 | u64::from(g32(t, at + 1)?))
}

/// LLDP-MED location identification: coordinates, civic address or ELIN.
fn location(ctx: &mut Ctx<'_>, t: Lldp<'_>, len: usize) -> R<bool> {
    let format = g8(t, 4)?;
    ctx.s("\n\t    Location data format ");
    ctx.s(names::lldp::tia_location_format(format).unwrap_or("unknown"));
    ctx.s(" (0x");
    fmt::x2(ctx.out, format);
    ctx.s(")");
    match format {
        stia::location::COORDINATE => {
            if len < 21 {
                return Ok(false);
            }
            let (lat_res, lat) = (g8(t, 5)? >> 2, latlon(t, 5)?);
            ctx.s("\n\t    Latitude resolution ");
            ctx.u(lat_res);
            ctx.s(", latitude value ");
            ctx.u(lat);
            let (lon_res, lon) = (g8(t, 10)? >> 2, latlon(t, 10)?);
            ctx.s("\n\t    Longitude resolution ");
            ctx.u(lon_res);
            ctx.s(", longitude value ");
            ctx.u(lon);
            let alt_type = g8(t, 15)? >> 4;
            ctx.s("\n\t    Altitude type ");
            ctx.named_num(Some(names::lldp::tia_altitude_type(alt_type).unwrap_or("unknown")), alt_type);
            let (alt_res, alt) = ((g16(t, 15)? >> 6) & 0x3f, g32(t, 16)? & 0x3fff_ffff);
            ctx.s("\n\t    Altitude resolution ");
            ctx.u(alt_res);
            ctx.s(", altitude value 0x");
            fmt::x(ctx.out, u64::from(alt));
            let datum = g8(t, 20)?;
            ctx.s("\n\t    Datum ");
            ctx.s(names::lldp::tia_datum(datum).unwrap_or("unknown"));
            ctx.s(" (0x");
            fmt::x2(ctx.out, datum);
            ctx.s(")");
        }
        stia::location::CIVIC => return civic(ctx, t, len),
        stia::location::ECS_ELIN => {
            ctx.s("\n\t    ECS ELIN id ");
            printjnp(ctx, t.captured(), 5, len - 5)?;
        }
        _ => {
            ctx.s("\n\t    Location ID ");
            unknown_data(ctx, t.at(5).captured(), "\n\t      ", len - 5);
        }
    }
    Ok(false)
}

/// A civic address LCI: what it locates, the country, then its elements.
fn civic(ctx: &mut Ctx<'_>, t: Lldp<'_>, len: usize) -> R<bool> {
    if len < 6 {
        return Ok(false);
    }
    let mut lci_len = usize::from(g8(t, 5)?);
    if lci_len < 3 || len < 7 + lci_len {
        return Ok(false);
    }
    let what = g8(t, 6)?;
    ctx.s("\n\t    LCI length ");
    ctx.u(lci_len as u64);
    ctx.s(", LCI what ");
    ctx.s(names::lldp::tia_lci_what(what).unwrap_or("unknown"));
    ctx.s(" (0x");
    fmt::x2(ctx.out, what);
    ctx.s("), Country-code ");
    printjnp(ctx, t.captured(), 7, 2)?;
    lci_len -= 3;
    let mut at = 9;
    while lci_len > 0 {
        if lci_len < 2 {
            return Ok(false);
        }
        let (ca_type, ca_len) = (g8(t, at)?, usize::from(g8(t, at + 1)?));
        at += 2;
        lci_len -= 2;
        ctx.s("\n\t      CA type '");
        ctx.s(names::lldp::tia_ca_type(ca_type).unwrap_or("unknown"));
        ctx.s("' (");
        ctx.u(ca_type);
        ctx.s("), length ");
        ctx.u(ca_len as u64);
        ctx.s(": ");
        if ca_type == 0 || ca_len == 0 || lci_len < ca_len {
            return Ok(false);
        }
        printjnp(ctx, t.captured(), at, ca_len)?;
        at += ca_len;
        lci_len -= ca_len;
    }
    Ok(false)
}

/// `lldp_private_dcbx_print` (DCBX 1.01): its own TLVs inside the value.
pub fn dcbx(ctx: &mut Ctx<'_>, t: Lldp<'_>, len: usize) -> R<bool> {
    if len < 4 {
        return Ok(false);
    }
    let subtype = g8(t, lldp::SUBTYPE)?;
    subtype_line(ctx, names::lldp::dcbx_subtype(subtype), subtype);
    // Revision 1 is not decoded.
    if subtype == dcbx_tlv::SUBTYPE_1 {
        return Ok(true);
    }
    let (mut p, mut tlen) = (t.at(4), len - 4);
    let mut hexdump = false;
    while tlen >= lldp::TLV_HEADER_LEN {
        // tcpdump's `goto trunc` here returns quietly.
        let Some(header) = p.u16(0) else { return Ok(hexdump) };
        let (kind, tlv_len) = (lldp::tlv_type(header), lldp::tlv_len(header));
        hexdump = false;
        tlen -= lldp::TLV_HEADER_LEN;
        p = p.at(lldp::TLV_HEADER_LEN);
        if kind == 0 || tlv_len == 0 {
            break;
        }
        if p.bytes(0, tlv_len).is_none() || tlen < tlv_len {
            return Ok(hexdump);
        }
        let min = match kind {
            dcbx_tlv::CONTROL => 10,
            dcbx_tlv::PRIORITY_GROUPS => 17,
            dcbx_tlv::PRIORITY_FLOW_CONTROL => 6,
            dcbx_tlv::APPLICATION => 4,
            _ => 0,
        };
        if tlv_len < min {
            return Ok(hexdump);
        }
        match kind {
            dcbx_tlv::CONTROL => {
                ctx.s("\n\t    Control - Protocol Control (type 0x1, length ");
                ctx.u(tlv_len as u64);
                ctx.s(")");
                versions(ctx, p)?;
                ctx.s("\n\t      Sequence Number: ");
                ctx.u(g32(p, 2)?);
                ctx.s("\n\t      Acknowledgement Number: ");
                ctx.u(g32(p, 6)?);
            }
            dcbx_tlv::PRIORITY_GROUPS => priority_groups(ctx, p, tlv_len)?,
            dcbx_tlv::PRIORITY_FLOW_CONTROL => {
                ctx.s("\n\t    Feature - Priority Flow Control (type 0x3, length ");
                ctx.u(tlv_len as u64);
                ctx.s(")");
                feature_head(ctx, p)?;
                let cfg = g8(p, 4)?;
                ctx.s("\n\t      PFC Config (0x");
                fmt::x2_upper(ctx.out, cfg);
                ctx.s(")");
                for i in 0..8 {
                    ctx.s("\n\t          Priority Bit ");
                    ctx.u(i as u8);
                    ctx.s(if cfg & (1 << i) != 0 { ": Enabled" } else { ": Disabled" });
                }
                ctx.s("\n\t      NumTCPFCSupported: ");
                ctx.u(g8(p, 5)?);
            }
            dcbx_tlv::APPLICATION => application(ctx, p, tlv_len)?,
            _ => hexdump = true,
        }
        if ctx.v() > 1 || (ctx.v() > 0 && hexdump) {
            unknown_data(ctx, p.captured(), "\n\t    ", tlv_len);
        }
        tlen -= tlv_len;
        p = p.at(tlv_len);
    }
    Ok(hexdump)
}

/// `Oper_Version` and `Max_Version`, the first two bytes of a DCBX TLV.
fn versions(ctx: &mut Ctx<'_>, p: Lldp<'_>) -> R {
    ctx.s("\n\t      Oper_Version: ");
    ctx.u(g8(p, 0)?);
    ctx.s("\n\t      Max_Version: ");
    ctx.u(g8(p, 1)?);
    Ok(())
}

/// A DCBX feature TLV's versions, info block (enable, willing, error bits) and subtype.
fn feature_head(ctx: &mut Ctx<'_>, p: Lldp<'_>) -> R {
    versions(ctx, p)?;
    let info = g8(p, 2)?;
    ctx.s("\n\t      Info block(0x");
    fmt::x2_upper(ctx.out, info);
    ctx.s("): Enable bit: ");
    ctx.u(u8::from(info & 0x80 != 0));
    ctx.s(", Willing bit: ");
    ctx.u(u8::from(info & 0x40 != 0));
    ctx.s(", Error Bit: ");
    ctx.u(u8::from(info & 0x20 != 0));
    ctx.s("\n\t      SubType: ");
    ctx.u(g8(p, 3)?);
    Ok(())
}

/// DCBX priority groups: a group id per priority, a share per group.
fn priority_groups(ctx: &mut Ctx<'_>, p: Lldp<'_>, tlv_len: usize) -> R {
    ctx.s("\n\t    Feature - Priority Group (type 0x2, length ");
    ctx.u(tlv_len as u64);
    ctx.s(")");
    feature_head(ctx, p)?;
    ctx.s("\n\t      Priority Allocation");
    let pg = g32(p, 4)?;
    for i in 0..8u32 {
        ctx.s("\n\t          PgId_");
        ctx.u(i);
        ctx.s(": ");
        ctx.u((pg >> (28 - 4 * i)) & 0xf);
    }
    ctx.s("\n\t      Priority Group Allocation");
    for i in 0..8 {
        let share = g8(p, 8 + i)?;
        ctx.s("\n\t          Pg percentage[");
        ctx.u(i as u64);
        ctx.s("]: ");
        ctx.u(share);
    }
    ctx.s("\n\t      NumTCsSupported: ");
    ctx.u(g8(p, 16)?);
    Ok(())
}

/// DCBX application TLV: 6-byte application entries after the header.
fn application(ctx: &mut Ctx<'_>, p: Lldp<'_>, tlv_len: usize) -> R {
    ctx.s("\n\t    Feature - Application (type 0x4, length ");
    ctx.u(tlv_len as u64);
    ctx.s(")");
    feature_head(ctx, p)?;
    let (mut left, mut m) = (tlv_len - 4, p.at(4));
    while left >= 6 {
        ctx.s("\n\t      Application Value\n\t          Application Protocol ID: 0x");
        fmt::x_pad(ctx.out, u64::from(g16(m, 0)?), 4);
        let u = m.u24(2).ok_or(Trunc)?;
        ctx.s("\n\t          SF (0x");
        fmt::x(ctx.out, u64::from(u >> 22));
        ctx.s(if u >> 22 != 0 { ") Application Protocol ID is Socket Number" } else { ") Application Protocol ID is L2 EtherType" });
        ctx.s("\n\t          OUI: 0x");
        fmt::x_pad(ctx.out, u64::from(u & 0x3f_ffff), 6);
        ctx.s("\n\t          User Priority Map: 0x");
        fmt::x2(ctx.out, g8(m, 5)?);
        left -= 6;
        m = m.at(6);
    }
    Ok(())
}
