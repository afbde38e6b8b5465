//! Link layers (Ethernet/802.3/VLAN, Linux cooked v1/v2, BSD null, raw IP)
//! and ARP, after tcpdump's print-ether.c, print-sll.c, print-null.c,
//! print-raw.c and print-arp.c.

use super::{demux, fmt, from, g16, g32, g8, gs, hex, names, Ctx, Trunc, R};
use crate::wire::arp::{self, Addr, Arp};
use crate::wire::ethernet::{field, llc_field, vlan_field, HEADER_LEN, LLC_SNAP_LEN, LLC_UI, LLC_U_LEN, SAP_IG_BIT, SAP_SNAP, VLAN_TAG_LEN, snap_oui};
use crate::wire::registry::{ArpOp, EtherType};
use crate::wire::sll::{self, field::v1, field::v2, HEADER_LEN_V1, HEADER_LEN_V2};
use crate::wire::null;

/// A protocol printer's own `ND_DEFAULTPRINT` call (not suppressed by -x).
fn default_print_always(ctx: &mut Ctx<'_>, data: &[u8]) {
    hex::hex_ascii(ctx.out, "\n\t", data, 0);
}

/// tcpdump's `ND_DEFAULTPRINT`: hex and ASCII of the undecoded bytes.
pub fn default_print(ctx: &mut Ctx<'_>, data: &[u8]) {
    // tcpdump suppresses the default dump when -x/-X dumps the packet in
    // hex anyway, and under -q (tcpdump.c counts ndo_suppress_default_print
    // up for each of these flags; -A does not).
    use super::HexMode::{Ascii, AsciiLink, None as NoDump};
    if matches!(ctx.opts.hex, NoDump | Ascii | AsciiLink) && !ctx.opts.quiet {
        hex::hex_ascii(ctx.out, "\n\t", data, 0);
    }
}

/// print-ether.c's `ether_type_print`: `ethertype IPv4 (0x0800)`, or under
/// -q the name alone (`Unknown Ethertype (0x88b5)` for an unnamed type).
fn ethertype_name(ctx: &mut Ctx<'_>, t: u16) {
    let name = crate::names::EtherType(t).tcpdump_name();
    if ctx.opts.quiet {
        match name {
            Some(n) => ctx.s(n),
            None => {
                ctx.s("Unknown Ethertype (0x");
                fmt::x_pad(ctx.out, t as u64, 4);
                ctx.s(")");
            }
        }
        return;
    }
    ctx.s("ethertype ");
    ctx.s(name.unwrap_or("Unknown"));
    ctx.s(" (0x");
    fmt::x_pad(ctx.out, t as u64, 4);
    ctx.s(")");
}

/// Source and destination MACs; callers have checked the header's length.
fn macs(ctx: &mut Ctx<'_>, data: &[u8]) {
    fmt::mac(ctx.out, &data[field::SRC]);
    ctx.s(" > ");
    fmt::mac(ctx.out, &data[field::DST]);
    ctx.s(", ");
}

fn vlan_tci(ctx: &mut Ctx<'_>, tci: u16) {
    ctx.s("vlan ");
    ctx.u(tci & 0xfff);
    ctx.s(", p ");
    ctx.u(tci >> 13);
    if tci & 0x1000 != 0 {
        ctx.s(", DEI");
    }
    ctx.s(", ");
}

/// Ethernet II / 802.3 with VLAN tags (tcpdump's `ether_common_print`).
pub fn ether(ctx: &mut Ctx<'_>, data: &[u8], orig_len: u32) -> R<usize> {
    ctx.proto = "ether";
    let caplen = data.len();
    if (orig_len as usize) < caplen {
        ctx.s("[length ");
        ctx.u(orig_len);
        ctx.s(" < caplen ");
        ctx.u(caplen as u64);
        ctx.s("]");
        ctx.invalid();
        return Ok(caplen);
    }
    if caplen < HEADER_LEN {
        ctx.trunc_mark();
        return Ok(caplen);
    }
    let e = ctx.opts.link_header;
    if e {
        macs(ctx, data);
    }
    let mut length = orig_len as usize - HEADER_LEN;
    let mut length_type = g16(data, field::TYPE.start)?;
    let mut off = HEADER_LEN;
    let mut printed_length = false;
    while EtherType(length_type).is_vlan_tag() {
        if data.len() < off + VLAN_TAG_LEN || length < VLAN_TAG_LEN {
            ctx.proto = "vlan";
            ctx.trunc_mark();
            return Ok(data.len());
        }
        if e {
            let tci = g16(data, off + vlan_field::TCI.start)?;
            ethertype_name(ctx, length_type);
            if !printed_length {
                ctx.s(", length ");
                ctx.u(orig_len);
                ctx.s(": ");
                printed_length = true;
            } else {
                ctx.s(", ");
            }
            vlan_tci(ctx, tci);
        }
        length_type = g16(data, off + vlan_field::INNER_TYPE.start)?;
        off += VLAN_TAG_LEN;
        length -= VLAN_TAG_LEN;
    }
    if e {
        ctx.ll_printed = true;
    }
    let payload = from(data, off);
    if EtherType(length_type).is_length() {
        let mut length = length;
        if (length_type as usize) < length {
            length = length_type as usize;
        }
        let payload = &payload[..payload.len().min(length)];
        if e {
            ctx.s("802.3");
            if !printed_length {
                ctx.s(", length ");
                ctx.u(length as u64);
                ctx.s(": ");
            }
        }
        let llc_len = llc_frame(ctx, payload, length as u32, Some(data))?;
        if llc_len == 0 {
            if !e {
                macs(ctx, data);
                ctx.s("802.3, length ");
                ctx.u(length as u64);
                ctx.s(": ");
            }
            default_print(ctx, payload);
        }
        return Ok(off + llc_len);
    }
    if e {
        ethertype_name(ctx, length_type);
        if !printed_length {
            ctx.s(", length ");
            ctx.u(orig_len);
            ctx.s(": ");
        } else {
            ctx.s(", ");
        }
    }
    if !demux::ethertype(ctx, length_type, payload, length as u32)? {
        if !e {
            macs(ctx, data);
            ethertype_name(ctx, length_type);
            ctx.s(", length ");
            ctx.u(orig_len);
            ctx.s(": ");
        }
        default_print(ctx, payload);
    }
    Ok(off)
}

/// 802.2 LLC (and SNAP); returns the LLC header length, 0 when tcpdump
/// would not decode it.
pub fn llc(ctx: &mut Ctx<'_>, data: &[u8], length: u32) -> R<usize> {
    llc_frame(ctx, data, length, None)
}

/// [`llc`] inside an Ethernet frame (`ether_hdr`, for its addresses): an
/// undecoded SNAP protocol is described as print-llc.c's `snap_print`
/// does (`src > dst SNAP, oui …` without -e), dumped from the LLC header
/// on, and counted as header for -x.
fn llc_frame(ctx: &mut Ctx<'_>, data: &[u8], length: u32, ether_hdr: Option<&[u8]>) -> R<usize> {
    ctx.proto = "llc";
    // The three bytes every LLC header has (a U-frame's control is one byte).
    let (Ok(dsap), Ok(ssap), Ok(ctl)) = (g8(data, llc_field::DSAP), g8(data, llc_field::SSAP), g8(data, llc_field::CONTROL)) else {
        // print-llc.c dumps the bytes it has even under -x, and claims the
        // whole length as header so -x adds nothing.
        ctx.trunc_mark();
        default_print_always(ctx, data);
        return Ok(length as usize);
    };
    if dsap == SAP_SNAP && ssap == SAP_SNAP && ctl == LLC_UI {
        if data.len() < LLC_SNAP_LEN {
            // snap_print's check fails after the LLC header was described.
            if ctx.opts.link_header {
                llc_header(ctx, dsap, ssap, ctl);
            }
            ctx.proto = "snap";
            ctx.trunc_mark();
            return Ok(LLC_SNAP_LEN);
        }
        let oui = gs(data, llc_field::SNAP_OUI.start, llc_field::SNAP_OUI.len())?;
        let oui = u32::from_be_bytes([0, oui[0], oui[1], oui[2]]);
        let pid = g16(data, llc_field::SNAP_PID.start)?;
        let rest = length.saturating_sub(LLC_SNAP_LEN as u32);
        if ctx.opts.link_header {
            llc_header(ctx, dsap, ssap, ctl);
            snap_header(ctx, oui, pid, rest);
        }
        if demux::snap(ctx, oui, pid, from(data, LLC_SNAP_LEN), rest)? {
            return Ok(LLC_SNAP_LEN);
        }
        let Some(hdr) = ether_hdr else { return Ok(0) };
        if !ctx.opts.link_header {
            fmt::mac(ctx.out, &hdr[field::SRC]);
            ctx.s(" > ");
            fmt::mac(ctx.out, &hdr[field::DST]);
            ctx.s(" SNAP, ");
            if oui == snap_oui::ENCAP_ETHER {
                // An RFC 1042 header is described by its EtherType alone.
                ethertype_name(ctx, pid);
                ctx.s(", length ");
                ctx.u(rest);
                ctx.s(": ");
            } else {
                snap_header(ctx, oui, pid, rest);
            }
        }
        default_print(ctx, data);
        return Ok(LLC_SNAP_LEN);
    }
    // tcpdump compares the SAPs without their individual/group and
    // command/response bits.
    let sap = dsap & !SAP_IG_BIT;
    if ctl == LLC_UI && ssap & !SAP_IG_BIT == sap && demux::LLC_SAPS.contains(&sap) {
        if ctx.opts.link_header {
            llc_header(ctx, dsap, ssap, ctl);
        }
        demux::llc_sap(ctx, sap, from(data, LLC_U_LEN), length.saturating_sub(LLC_U_LEN as u32))?;
        return Ok(LLC_U_LEN);
    }
    Ok(0)
}

/// The `-e` description of a SNAP header (print-llc.c's `snap_print`):
/// `oui NAME (0x......), ethertype|pid NAME (0x....), length N: `.
fn snap_header(ctx: &mut Ctx<'_>, oui: u32, pid: u16, length: u32) {
    let names = crate::names::link::snap_names(oui, pid);
    ctx.s("oui ");
    ctx.s(names.0.unwrap_or("Unknown"));
    ctx.s(" (0x");
    fmt::x_pad(ctx.out, u64::from(oui), 6);
    ctx.s(if oui == snap_oui::ENCAP_ETHER { "), ethertype " } else { "), pid " });
    ctx.s(names.1.unwrap_or("Unknown"));
    ctx.s(" (0x");
    fmt::x_pad(ctx.out, u64::from(pid), 4);
    ctx.s("), length ");
    ctx.u(length);
    ctx.s(": ");
}

/// The `-e` description of a U-frame's LLC header (print-llc.c's
/// `LLC, dsap …, ssap …, ctrl 0x..: `).
fn llc_header(ctx: &mut Ctx<'_>, dsap: u8, ssap: u8, ctl: u8) {
    let sap = |ctx: &mut Ctx<'_>, field: u8| {
        let sap = field & !SAP_IG_BIT;
        ctx.s(crate::names::link::llc_sap(sap).unwrap_or("Unknown"));
        ctx.s(" (0x");
        fmt::x2(ctx.out, sap);
        ctx.s(") ");
    };
    ctx.s("LLC, dsap ");
    sap(ctx, dsap);
    ctx.s(if dsap & SAP_IG_BIT == 0 { "Individual" } else { "Group" });
    ctx.s(", ssap ");
    sap(ctx, ssap);
    ctx.s(if ssap & SAP_IG_BIT == 0 { "Command" } else { "Response" });
    ctx.s(", ctrl 0x");
    fmt::x2(ctx.out, ctl);
    ctx.s(": ");
}

fn sll_direction(p: u16) -> &'static str {
    match p {
        0 => " In",
        1 => "  B",
        2 => "  M",
        3 => "  P",
        4 => "Out",
        _ => "  ?",
    }
}

fn sll_proto(ctx: &mut Ctx<'_>, proto: u16, length: u32) {
    if !ctx.opts.quiet {
        if EtherType(proto).is_length() {
            match proto {
                sll::PROTO_802_3 => ctx.s("802.3"),
                sll::PROTO_802_2 => ctx.s("802.2"),
                _ => {
                    ctx.s("ethertype Unknown (0x");
                    fmt::x_pad(ctx.out, proto as u64, 4);
                    ctx.s(")");
                }
            }
        } else {
            ethertype_name(ctx, proto);
        }
        ctx.s(", length ");
        ctx.u(length);
        ctx.s(": ");
    }
}

/// The MAC length tcpdump shows; other address lengths are left out.
const SLL_MAC_LEN: u16 = 6;

fn sll_hdr(ctx: &mut Ctx<'_>, data: &[u8], length: u32) -> R {
    ctx.s(sll_direction(g16(data, v1::PACKET_TYPE.start)?));
    ctx.s(" ");
    if g16(data, v1::ADDR_LEN.start)? == SLL_MAC_LEN {
        fmt::mac(ctx.out, gs(data, v1::ADDR.start, SLL_MAC_LEN as usize)?);
        ctx.s(" ");
    }
    sll_proto(ctx, g16(data, v1::PROTOCOL.start)?, length);
    Ok(())
}

fn sll2_hdr(ctx: &mut Ctx<'_>, data: &[u8], length: u32) -> R {
    ctx.s("ifindex ");
    ctx.u(g32(data, v2::IFINDEX.start)?);
    ctx.s(" ");
    ctx.s(sll_direction(g8(data, v2::PACKET_TYPE)? as u16));
    ctx.s(" ");
    if g8(data, v2::ADDR_LEN)? as u16 == SLL_MAC_LEN {
        fmt::mac(ctx.out, gs(data, v2::ADDR.start, SLL_MAC_LEN as usize)?);
        ctx.s(" ");
    }
    sll_proto(ctx, g16(data, v2::PROTOCOL.start)?, length);
    Ok(())
}

/// Linux cooked capture v1.
pub fn sll(ctx: &mut Ctx<'_>, data: &[u8], orig_len: u32) -> R<usize> {
    ctx.proto = "sll";
    if data.len() < HEADER_LEN_V1 {
        ctx.trunc_mark();
        return Ok(data.len());
    }
    if ctx.opts.link_header {
        sll_hdr(ctx, data, orig_len)?;
        ctx.ll_printed = true;
    }
    let proto = g16(data, v1::PROTOCOL.start)?;
    sll_payload(ctx, data, HEADER_LEN_V1, proto, orig_len, false)
}

/// Linux cooked capture v2.
pub fn sll2(ctx: &mut Ctx<'_>, data: &[u8], orig_len: u32) -> R<usize> {
    ctx.proto = "sll2";
    if data.len() < HEADER_LEN_V2 {
        ctx.trunc_mark();
        return Ok(data.len());
    }
    if ctx.opts.link_header {
        sll2_hdr(ctx, data, orig_len)?;
        ctx.ll_printed = true;
    }
    let proto = g16(data, v2::PROTOCOL.start)?;
    sll_payload(ctx, data, HEADER_LEN_V2, proto, orig_len, true)
}

fn sll_payload(
    ctx: &mut Ctx<'_>,
    data: &[u8],
    hdr: usize,
    mut proto: u16,
    orig_len: u32,
    v2: bool,
) -> R<usize> {
    let mut off = hdr;
    let mut length = orig_len.saturating_sub(hdr as u32);
    loop {
        let p = from(data, off);
        if EtherType(proto).is_length() {
            // print-sll.c hands 802.2 frames to the LLC printer too.
            if proto == sll::PROTO_802_2 {
                let llc_len = llc(ctx, p, length)?;
                if llc_len > 0 {
                    return Ok(off + llc_len);
                }
            }
            if !ctx.opts.link_header {
                unknown_sll(ctx, data, orig_len, v2)?;
            }
            default_print(ctx, p);
            return Ok(off);
        }
        if EtherType(proto) == EtherType::VLAN {
            if p.len() < VLAN_TAG_LEN {
                ctx.proto = "vlan";
                ctx.trunc_mark();
                return Ok(data.len());
            }
            if ctx.opts.link_header {
                vlan_tci(ctx, g16(p, vlan_field::TCI.start)?);
            }
            proto = g16(p, vlan_field::INNER_TYPE.start)?;
            if EtherType(proto).is_length() {
                proto = sll::PROTO_802_2;
            }
            if !ctx.opts.quiet {
                ctx.s("ethertype ");
                ctx.s(crate::names::EtherType(proto).tcpdump_name().unwrap_or("Unknown"));
                ctx.s(", ");
            }
            off += VLAN_TAG_LEN;
            length = length.saturating_sub(VLAN_TAG_LEN as u32);
            continue;
        }
        if !demux::ethertype(ctx, proto, p, length)? {
            if !ctx.opts.link_header {
                unknown_sll(ctx, data, orig_len, v2)?;
            }
            default_print(ctx, p);
        }
        return Ok(off);
    }
}

fn unknown_sll(ctx: &mut Ctx<'_>, data: &[u8], orig_len: u32, v2: bool) -> R {
    if v2 {
        sll2_hdr(ctx, data, orig_len)
    } else {
        sll_hdr(ctx, data, orig_len)
    }
}

/// BSD loopback (DLT_NULL, host byte order) and OpenBSD DLT_LOOP (network order).
pub fn null(ctx: &mut Ctx<'_>, data: &[u8], orig_len: u32, loop_: bool) -> R<usize> {
    ctx.proto = if loop_ { "loop" } else { "null" };
    let Some(family) = null::family(data, loop_) else {
        ctx.trunc_mark();
        return Ok(data.len());
    };
    // print-null.c's null_hdr_print: under -q the family's name alone.
    let hdr = |ctx: &mut Ctx<'_>| {
        match (ctx.opts.quiet, names::bsd_af(family)) {
            (true, Some(name)) => ctx.s(name),
            (true, None) => {
                ctx.s("Unknown AF ");
                ctx.u(family);
            }
            (false, name) => {
                ctx.s("AF ");
                ctx.s(name.unwrap_or("Unknown"));
                ctx.s(" (");
                ctx.u(family);
                ctx.s(")");
            }
        }
        ctx.s(", length ");
        ctx.u(orig_len);
        ctx.s(": ");
    };
    if ctx.opts.link_header {
        hdr(ctx);
        ctx.ll_printed = true;
    }
    let p = from(data, null::HEADER_LEN);
    let length = orig_len.saturating_sub(null::HEADER_LEN as u32);
    if !demux::bsd_af(ctx, family, p, length)? {
        if !ctx.opts.link_header {
            hdr(ctx);
        }
        default_print(ctx, p);
    }
    Ok(null::HEADER_LEN)
}

/// tcpdump's `ATMARP`-less protocol test: IPv4, or the old trailer
/// encapsulation's 0x1000, carry 4-byte IPv4 protocol addresses.
const ETHERTYPE_TRAIL: u16 = 0x1000;

/// ARP/RARP (tcpdump's `arp_print`).
pub fn arp(ctx: &mut Ctx<'_>, data: &[u8], length: u32) -> R {
    ctx.proto = "arp";
    gs(data, 0, arp::HEADER_LEN)?;
    let a = Arp::new(data).ok_or(Trunc)?;
    let (hrd, pro, hln, pln, op) = (a.hw_type(), a.proto_type(), a.hw_len() as usize, a.proto_len() as usize, a.op());
    let (tpa, _) = a.addr_at(Addr::TargetProto);
    if gs(data, tpa, pln).is_err() {
        ctx.s("[|ARP]");
        default_print(ctx, &data[..data.len().min(length as usize)]);
        return Ok(());
    }
    if !ctx.ll_printed {
        ctx.s("ARP, ");
    }
    let ipish = EtherType(pro) == EtherType::IPV4 || pro == ETHERTYPE_TRAIL;
    let v = ctx.v() > 0;
    if !ipish || pln != 4 || hln == 0 || v {
        arp_types(ctx, hrd, hln, pro, pln);
        if !v {
            ctx.s(", length ");
            ctx.u(length);
            return Ok(());
        }
    }
    if v {
        ctx.s(", ");
    }
    match crate::names::link::arp_op_tcpdump(op) {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("Unknown (");
            ctx.u(op);
            ctx.s(")");
        }
    }
    ctx.s(" ");
    let proto_addr = |ctx: &mut Ctx<'_>, which: Addr| -> R {
        if !ipish {
            ctx.s("<wrong proto type>");
        } else if pln != 4 {
            ctx.s("<wrong len>");
        } else {
            fmt::ipv4(ctx.out, gs(data, a.addr_at(which).0, 4)?);
        }
        Ok(())
    };
    let hw = |ctx: &mut Ctx<'_>, which: Addr| -> R {
        let (at, len) = a.addr_at(which);
        fmt::mac(ctx.out, gs(data, at, len)?);
        Ok(())
    };
    match ArpOp(op) {
        ArpOp::REQUEST => {
            ctx.s("who-has ");
            proto_addr(ctx, Addr::TargetProto)?;
            let (tha, _) = a.addr_at(Addr::TargetHw);
            if gs(data, tha, hln)?.iter().any(|&b| b != 0) {
                ctx.s(" (");
                hw(ctx, Addr::TargetHw)?;
                ctx.s(")");
            }
            ctx.s(" tell ");
            proto_addr(ctx, Addr::SenderProto)?;
        }
        ArpOp::REPLY => {
            proto_addr(ctx, Addr::SenderProto)?;
            ctx.s(" is-at ");
            hw(ctx, Addr::SenderHw)?;
        }
        ArpOp::RARP_REQUEST | ArpOp::INARP_REQUEST => {
            ctx.s("who-is ");
            hw(ctx, Addr::TargetHw)?;
            ctx.s(" tell ");
            hw(ctx, Addr::SenderHw)?;
        }
        ArpOp::RARP_REPLY => {
            hw(ctx, Addr::TargetHw)?;
            ctx.s(" at ");
            proto_addr(ctx, Addr::TargetProto)?;
        }
        ArpOp::INARP_REPLY => {
            hw(ctx, Addr::SenderHw)?;
            ctx.s(" at ");
            proto_addr(ctx, Addr::SenderProto)?;
        }
        _ => {
            default_print_always(ctx, &data[..data.len().min(length as usize)]);
            return Ok(());
        }
    }
    ctx.s(", length ");
    ctx.u(length);
    Ok(())
}

/// The hardware and protocol types with their lengths, as `-v` (or an
/// address format tcpdump does not decode) shows them.
fn arp_types(ctx: &mut Ctx<'_>, hrd: u16, hln: usize, pro: u16, pln: usize) {
    match names::arphrd(hrd) {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("Unknown Hardware (");
            ctx.u(hrd);
            ctx.s(")");
        }
    }
    ctx.s(" (len ");
    ctx.u(hln as u64);
    ctx.s("), ");
    match crate::names::EtherType(pro).tcpdump_name() {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("Unknown Protocol (0x");
            fmt::x_pad(ctx.out, pro as u64, 4);
            ctx.s(")");
        }
    }
    ctx.s(" (len ");
    ctx.u(pln as u64);
    ctx.s(")");
}
