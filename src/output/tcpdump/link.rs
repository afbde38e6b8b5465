//! Link layers (Ethernet/802.3/VLAN, Linux cooked v1/v2, BSD null, raw IP)
//! and ARP, after tcpdump's print-ether.c, print-sll.c, print-null.c,
//! print-raw.c and print-arp.c.

use super::{demux, fmt, from, g16, g8, gs, hex, names, Ctx, R};

/// A protocol printer's own `ND_DEFAULTPRINT` call (not suppressed by -x).
fn default_print_always(ctx: &mut Ctx<'_>, data: &[u8]) {
    hex::hex_ascii(ctx.out, "\n\t", data, 0);
}

/// tcpdump's `ND_DEFAULTPRINT`: hex and ASCII of the undecoded bytes.
pub fn default_print(ctx: &mut Ctx<'_>, data: &[u8]) {
    // tcpdump suppresses the default dump when -x/-X/-A dumps the packet anyway.
    if ctx.opts.hex == super::HexMode::None {
        hex::hex_ascii(ctx.out, "\n\t", data, 0);
    }
}

fn ethertype_name(ctx: &mut Ctx<'_>, t: u16) {
    ctx.s("ethertype ");
    ctx.s(crate::names::EtherType(t).tcpdump_name().unwrap_or("Unknown"));
    ctx.s(" (0x");
    fmt::x_pad(ctx.out, t as u64, 4);
    ctx.s(")");
}

fn macs(ctx: &mut Ctx<'_>, data: &[u8]) {
    fmt::mac(ctx.out, &data[6..12]);
    ctx.s(" > ");
    fmt::mac(ctx.out, &data[0..6]);
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
    if caplen < 14 {
        ctx.trunc_mark();
        return Ok(caplen);
    }
    let e = ctx.opts.link_header;
    if e {
        macs(ctx, data);
    }
    let mut length = orig_len as usize - 12;
    let mut off = 12usize;
    let mut length_type = g16(data, off)?;
    off += 2;
    length -= 2;
    let mut printed_length = false;
    while matches!(length_type, 0x8100 | 0x9100 | 0x9200 | 0x88a8) {
        if data.len() < off + 4 || length < 4 {
            ctx.proto = "vlan";
            ctx.trunc_mark();
            return Ok(data.len());
        }
        if e {
            let tci = g16(data, off)?;
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
        length_type = g16(data, off + 2)?;
        off += 4;
        length -= 4;
    }
    if e {
        ctx.ll_printed = true;
    }
    let payload = from(data, off);
    if length_type <= 1500 {
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
        let llc_len = llc(ctx, payload, length as u32)?;
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
    ctx.proto = "llc";
    if data.len() < 3 {
        ctx.trunc_mark();
        return Ok(3);
    }
    let (dsap, ssap, ctl) = (data[0], data[1], data[2]);
    if dsap == 0xaa && ssap == 0xaa && ctl == 0x03 {
        let oui = gs(data, 3, 3)?;
        let pid = g16(data, 6)?;
        if ctx.opts.link_header {
            ctx.s("LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) Command, ctrl 0x03: ");
            ctx.s("oui ");
            if oui == [0, 0, 0] {
                ctx.s("Ethernet");
            } else {
                ctx.s("Unknown");
            }
            ctx.s(" (0x");
            fmt::x2(ctx.out, oui[0]);
            fmt::x2(ctx.out, oui[1]);
            fmt::x2(ctx.out, oui[2]);
            ctx.s("), ");
            ethertype_name(ctx, pid);
            ctx.s(", length ");
            ctx.u(length.saturating_sub(8));
            ctx.s(": ");
        }
        if oui == [0, 0, 0] && demux::ethertype(ctx, pid, from(data, 8), length.saturating_sub(8))? {
            return Ok(8);
        }
        return Ok(0);
    }
    Ok(0)
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
        if proto <= 1500 {
            match proto {
                1 => ctx.s("802.3"),
                4 => ctx.s("802.2"),
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

fn sll_hdr(ctx: &mut Ctx<'_>, data: &[u8], length: u32) -> R {
    ctx.s(sll_direction(g16(data, 0)?));
    ctx.s(" ");
    if g16(data, 4)? == 6 {
        fmt::mac(ctx.out, gs(data, 6, 6)?);
        ctx.s(" ");
    }
    sll_proto(ctx, g16(data, 14)?, length);
    Ok(())
}

fn sll2_hdr(ctx: &mut Ctx<'_>, data: &[u8], length: u32) -> R {
    ctx.s("ifindex ");
    ctx.u(super::g32(data, 4)?);
    ctx.s(" ");
    ctx.s(sll_direction(g8(data, 10)? as u16));
    ctx.s(" ");
    if g8(data, 11)? == 6 {
        fmt::mac(ctx.out, gs(data, 12, 6)?);
        ctx.s(" ");
    }
    sll_proto(ctx, g16(data, 0)?, length);
    Ok(())
}

/// Linux cooked capture v1.
pub fn sll(ctx: &mut Ctx<'_>, data: &[u8], orig_len: u32) -> R<usize> {
    ctx.proto = "sll";
    if data.len() < 16 {
        ctx.trunc_mark();
        return Ok(data.len());
    }
    if ctx.opts.link_header {
        sll_hdr(ctx, data, orig_len)?;
        ctx.ll_printed = true;
    }
    let proto = g16(data, 14)?;
    sll_payload(ctx, data, 16, proto, orig_len, false)
}

/// Linux cooked capture v2.
pub fn sll2(ctx: &mut Ctx<'_>, data: &[u8], orig_len: u32) -> R<usize> {
    ctx.proto = "sll2";
    if data.len() < 20 {
        ctx.trunc_mark();
        return Ok(data.len());
    }
    if ctx.opts.link_header {
        sll2_hdr(ctx, data, orig_len)?;
        ctx.ll_printed = true;
    }
    let proto = g16(data, 0)?;
    sll_payload(ctx, data, 20, proto, orig_len, true)
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
        if proto <= 1500 {
            if !ctx.opts.link_header {
                unknown_sll(ctx, data, orig_len, v2)?;
            }
            default_print(ctx, p);
            return Ok(off);
        }
        if proto == 0x8100 {
            if p.len() < 4 {
                ctx.proto = "vlan";
                ctx.trunc_mark();
                return Ok(data.len());
            }
            if ctx.opts.link_header {
                vlan_tci(ctx, g16(p, 0)?);
            }
            proto = g16(p, 2)?;
            if proto <= 1500 {
                proto = 4;
            }
            if !ctx.opts.quiet {
                ctx.s("ethertype ");
                ctx.s(crate::names::EtherType(proto).tcpdump_name().unwrap_or("Unknown"));
                ctx.s(", ");
            }
            off += 4;
            length = length.saturating_sub(4);
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
    if data.len() < 4 {
        ctx.trunc_mark();
        return Ok(data.len());
    }
    let raw = [data[0], data[1], data[2], data[3]];
    let family = if loop_ {
        u32::from_be_bytes(raw)
    } else {
        let f = u32::from_ne_bytes(raw);
        if f & 0xffff_0000 != 0 {
            f.swap_bytes()
        } else {
            f
        }
    };
    let hdr = |ctx: &mut Ctx<'_>| {
        ctx.s("AF ");
        ctx.s(names::bsd_af(family).unwrap_or("Unknown"));
        ctx.s(" (");
        ctx.u(family);
        ctx.s("), length ");
        ctx.u(orig_len);
        ctx.s(": ");
    };
    if ctx.opts.link_header {
        hdr(ctx);
        ctx.ll_printed = true;
    }
    let p = from(data, 4);
    let length = orig_len.saturating_sub(4);
    if !demux::bsd_af(ctx, family, p, length)? {
        if !ctx.opts.link_header {
            hdr(ctx);
        }
        default_print(ctx, p);
    }
    Ok(4)
}

/// ARP/RARP (tcpdump's `arp_print`).
pub fn arp(ctx: &mut Ctx<'_>, data: &[u8], length: u32) -> R {
    ctx.proto = "arp";
    let caplen = data.len();
    gs(data, 0, 8)?;
    let (hrd, pro, hln, pln, op) = (
        g16(data, 0)?,
        g16(data, 2)?,
        data[4] as usize,
        data[5] as usize,
        g16(data, 6)?,
    );
    let sha = 8;
    let spa = sha + hln;
    let tha = spa + pln;
    let tpa = tha + hln;
    if gs(data, tpa, pln).is_err() {
        ctx.s("[|ARP]");
        default_print(ctx, &data[..caplen.min(length as usize)]);
        return Ok(());
    }
    if !ctx.ll_printed {
        ctx.s("ARP, ");
    }
    let ipish = pro == 0x0800 || pro == 0x1000;
    let v = ctx.v() > 0;
    if !ipish || pln != 4 || hln == 0 || v {
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
    let proto_addr = |ctx: &mut Ctx<'_>, at: usize| -> R {
        if !ipish {
            ctx.s("<wrong proto type>");
        } else if pln != 4 {
            ctx.s("<wrong len>");
        } else {
            fmt::ipv4(ctx.out, gs(data, at, 4)?);
        }
        Ok(())
    };
    let hw = |ctx: &mut Ctx<'_>, at: usize| -> R {
        let a = gs(data, at, hln)?;
        fmt::mac(ctx.out, a);
        Ok(())
    };
    match op {
        1 => {
            ctx.s("who-has ");
            proto_addr(ctx, tpa)?;
            if gs(data, tha, hln)?.iter().any(|&b| b != 0) {
                ctx.s(" (");
                hw(ctx, tha)?;
                ctx.s(")");
            }
            ctx.s(" tell ");
            proto_addr(ctx, spa)?;
        }
        2 => {
            proto_addr(ctx, spa)?;
            ctx.s(" is-at ");
            hw(ctx, sha)?;
        }
        3 | 8 => {
            ctx.s("who-is ");
            hw(ctx, tha)?;
            ctx.s(" tell ");
            hw(ctx, sha)?;
        }
        4 => {
            hw(ctx, tha)?;
            ctx.s(" at ");
            proto_addr(ctx, tpa)?;
        }
        9 => {
            hw(ctx, sha)?;
            ctx.s(" at ");
            proto_addr(ctx, spa)?;
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
