//! Cisco Discovery Protocol, after tcpdump 5.0's print-cdp.c: formats
//! `wire::cdp`'s view. One line (version, TTL, the device id) without -v;
//! under -v the checksum and every TLV on a line of its own.
//!
//! tcpdump reads each value with a bounds check that ends the packet with
//! ` [|cdp]`; a value's reads happen before its `ND_PRINT`, so each group
//! below is read first and written after.

use super::{fmt, printjn, unknown_data, Ctx, Trunc, R};
use crate::names;
use crate::wire::cdp::{self, addr_field, field, tlv, tlv_field, Cdp};

/// `cdp_print`: `length` is the on-wire length after the SNAP header.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "cdp";
    let c = Cdp::new(bp);
    let v = ctx.v() > 0;
    let mut length = length as usize;
    let orig_length = length;
    if length < cdp::HEADER_LEN {
        ctx.s(" (packet length ");
        ctx.u(length as u64);
        ctx.s(" < 4)");
        return ctx.invalid_then_check(c.bytes(0, length).is_some());
    }
    let (ver, ttl) = (g8(c, field::VERSION)?, g8(c, field::TTL)?);
    ctx.s("CDPv");
    ctx.u(ver);
    ctx.s(", ttl: ");
    ctx.u(ttl);
    ctx.s("s");
    let checksum = g16(c, field::CHECKSUM.start)?;
    if v {
        ctx.s(", checksum: 0x");
        fmt::x_pad(ctx.out, u64::from(checksum), 4);
        ctx.s(" (unverified), length ");
        ctx.u(orig_length as u64);
    }
    let mut t = c.at(cdp::HEADER_LEN);
    length -= cdp::HEADER_LEN;
    while length > 0 {
        if length < cdp::TLV_HEADER_LEN {
            ctx.s(" (remaining packet length ");
            ctx.u(length as u64);
            ctx.s(" < 4)");
            return ctx.invalid_then_check(t.bytes(0, length).is_some());
        }
        let kind = g16(t, tlv_field::TYPE.start)?;
        let len = g16(t, tlv_field::LENGTH.start)? as usize;
        let name = names::cdp::tlv(kind);
        // tcpdump's table is indexed by type; the slots it leaves empty
        // below its end default to "print even when not verbose".
        let known = kind < tlv::TABLE_END;
        let when_quiet = known && (kind == tlv::DEVICE_ID || name.is_none());
        let name = name.unwrap_or("unknown field type");
        if len < cdp::TLV_HEADER_LEN {
            tlv_head(ctx, name, kind, len, if v { " (too short)" } else { " too short" });
            return ctx.invalid_then_check(t.bytes(0, length).is_some());
        }
        if len > length {
            ctx.s(" (TLV length ");
            ctx.u(len as u64);
            ctx.s(" > ");
            ctx.u(length as u64);
            ctx.s(")");
            return ctx.invalid_then_check(t.bytes(0, length).is_some());
        }
        t = t.at(cdp::TLV_HEADER_LEN);
        length -= cdp::TLV_HEADER_LEN;
        let len = len - cdp::TLV_HEADER_LEN;
        if v {
            tlv_head(ctx, name, kind, len, ": ");
        } else if when_quiet {
            ctx.s(", ");
            ctx.s(name);
            ctx.s(" ");
        }
        let mut covered = false;
        if known {
            let (min, max) = cdp::value_len_bounds(kind);
            if min.is_some_and(|m| len < m as usize) || max.is_some_and(|m| len > m as usize) {
                ctx.s(" (malformed TLV)");
            } else if v || when_quiet {
                value(ctx, kind, t, len)?;
                covered = true;
            }
        }
        if v && !covered {
            let bytes = t.bytes(0, len).ok_or(Trunc)?;
            unknown_data(ctx, bytes, "\n\t  ", len);
        }
        t = t.at(len);
        length -= len;
    }
    if !v {
        ctx.s(", length ");
        ctx.u(orig_length as u64);
    }
    Ok(())
}

/// The TLV line under -v (`"\n\t%s (0x%04x), value length: %u byte%s"` and
/// its too-short form), or the short form without -v.
fn tlv_head(ctx: &mut Ctx<'_>, name: &str, kind: u16, len: usize, end: &str) {
    if ctx.v() == 0 {
        ctx.s(", ");
        ctx.s(name);
        ctx.s(" TLV length ");
        ctx.u(len as u64);
        ctx.s(end);
        return;
    }
    ctx.s("\n\t");
    ctx.s(name);
    ctx.s(" (0x");
    fmt::x_pad(ctx.out, u64::from(kind), 4);
    ctx.s(if end == ": " { "), value length: " } else { "), TLV length: " });
    ctx.u(len as u64);
    ctx.s(if len == 1 { " byte" } else { " bytes" });
    ctx.s(end);
}


fn g8(c: Cdp<'_>, at: usize) -> R<u8> {
    c.u8(at).ok_or(Trunc)
}

fn g16(c: Cdp<'_>, at: usize) -> R<u16> {
    c.u16(at).ok_or(Trunc)
}

fn g32(c: Cdp<'_>, at: usize) -> R<u32> {
    c.u32(at).ok_or(Trunc)
}

/// One TLV value whose length is within its type's bounds.
fn value(ctx: &mut Ctx<'_>, kind: u16, p: Cdp<'_>, len: usize) -> R {
    match kind {
        tlv::DEVICE_ID | tlv::PORT_ID | tlv::PLATFORM | tlv::VTP_DOMAIN | tlv::SYSTEM_NAME => {
            ctx.s("'");
            printjn(ctx, p.captured(), 0, len)?;
            ctx.s("'");
        }
        tlv::ADDRESS | tlv::MGMT_ADDRESS => addresses(ctx, p, len)?,
        tlv::CAPABILITY => {
            let caps = g32(p, 0)?;
            ctx.s("(0x");
            fmt::x_pad(ctx.out, u64::from(caps), 8);
            ctx.s("): ");
            fmt::bit_names(ctx.out, caps, names::cdp::CAPABILITIES, "none");
        }
        tlv::VERSION => {
            // The version text's lines are indented as the TLV's.
            ctx.s("\n\t  ");
            for i in 0..len {
                match g8(p, i)? {
                    b'\n' => ctx.s("\n\t  "),
                    c => fmt::safe_char(ctx.out, c),
                }
            }
        }
        tlv::PREFIXES => prefixes(ctx, p, len)?,
        tlv::NATIVE_VLAN => ctx.u(g16(p, 0)?),
        tlv::DUPLEX => ctx.s(if g8(p, 0)? != 0 { "full" } else { "half" }),
        tlv::ATA186_ASSIGN | tlv::ATA186_REQUEST if len == 2 => {
            let v = g16(p, 0)?;
            ctx.s("unknown 0x");
            fmt::x_pad(ctx.out, u64::from(v), 4);
        }
        tlv::ATA186_ASSIGN | tlv::ATA186_REQUEST => {
            let (app, vlan) = (g8(p, 0)?, g16(p, 1)?);
            ctx.s("app ");
            ctx.u(app);
            ctx.s(", vlan ");
            ctx.u(vlan);
        }
        tlv::POWER => {
            let mw = match len {
                1 => u32::from(g8(p, 0)?),
                2 => u32::from(g16(p, 0)?),
                _ => p.u24(0).ok_or(Trunc)?,
            };
            // C's "%1.2f" of a double: Rust's formatting rounds the same exact value alike.
            ctx.s(&format!("{:.2}W", f64::from(mw) / 1000.0));
        }
        tlv::MTU => {
            ctx.u(g32(p, 0)?);
            ctx.s(" bytes");
        }
        tlv::TRUST_BITMAP | tlv::UNTRUSTED_COS => {
            let v = g8(p, 0)?;
            ctx.s("0x");
            fmt::x2(ctx.out, v);
        }
        tlv::LOCATION => {
            let v = g8(p, 0)?;
            ctx.s("0x");
            fmt::x2(ctx.out, v);
            if len > 1 {
                ctx.s("/");
                printjn(ctx, p.captured(), 1, len - 1)?;
            }
        }
        tlv::POWER_AVAILABLE => power_available(ctx, p, len)?,
        // Named without a printer (protocol hello, system OID) or unnamed
        // below the table's end: checked, not dumped.
        _ => {
            p.bytes(0, len).ok_or(Trunc)?;
        }
    }
    Ok(())
}

/// `cdp_print_power_avail`: request and management ids, then the power values.
fn power_available(ctx: &mut Ctx<'_>, p: Cdp<'_>, len: usize) -> R {
    let (req, mgmt) = (g16(p, 0)?, g16(p, 2)?);
    ctx.s("reqid ");
    ctx.u(req);
    ctx.s(", mgmtid ");
    ctx.u(mgmt);
    if len > 4 {
        ctx.s(", pwravail");
        let mut at = 4;
        while len - at >= 4 {
            ctx.s(" ");
            ctx.u(g32(p, at)?);
            ctx.s(" mW");
            at += 4;
        }
    }
    Ok(())
}

/// `cdp_print_prefixes`: IPv4 prefixes, 5 bytes each.
fn prefixes(ctx: &mut Ctx<'_>, p: Cdp<'_>, len: usize) -> R {
    if len % cdp::PREFIX_LEN != 0 {
        ctx.s(" [length ");
        ctx.u(len as u64);
        ctx.s(" is not a multiple of 5]");
        return p.bytes(0, len).map(|_| ()).ok_or(Trunc);
    }
    ctx.s(" IPv4 Prefixes (");
    ctx.u((len / cdp::PREFIX_LEN) as u64);
    ctx.s("):");
    for i in 0..len / cdp::PREFIX_LEN {
        let b = p.bytes(i * cdp::PREFIX_LEN, cdp::PREFIX_LEN).ok_or(Trunc)?;
        ctx.s(" ");
        fmt::ipv4(ctx.out, &b[..4]);
        ctx.s("/");
        ctx.u(b[4]);
    }
    Ok(())
}

/// `cdp_print_addr`: the address count, then each address: IPv4 and IPv6
/// by value, any other protocol as hex.
fn addresses(ctx: &mut Ctx<'_>, p: Cdp<'_>, len: usize) -> R {
    let mut num = g32(p, 0)?;
    let mut p = p.at(cdp::ADDR_COUNT_LEN);
    let mut l = len - cdp::ADDR_COUNT_LEN;
    while num != 0 {
        if l < addr_field::PROTO {
            ctx.s(" (not enough space for PT+PL)");
            return p.bytes(0, l).map(|_| ()).ok_or(Trunc);
        }
        let (pt, pl) = (g8(p, addr_field::PROTO_TYPE)?, g8(p, addr_field::PROTO_LEN)? as usize);
        p = p.at(addr_field::PROTO);
        l -= addr_field::PROTO;
        if l < pl + 2 {
            ctx.s(" (not enough space for P+AL)");
            return p.bytes(0, l).map(|_| ()).ok_or(Trunc);
        }
        let al = g16(p, pl)? as usize;
        let v4 = pt == cdp::PT_NLPID && pl == 1 && g8(p, 0)? == cdp::NLPID_IP && al == 4;
        // tcpdump compares the LLC header without a bounds check; bytes
        // past the capture count as no match.
        let v6 = pt == cdp::PT_IEEE_802_2 && pl == 8 && p.bytes(0, 8) == Some(&cdp::PROTO_IPV6[..]) && al == 16;
        if v4 || v6 {
            p = p.at(pl + 2);
            l -= pl + 2;
            if l < al {
                ctx.s(" (not enough space for A)");
                return p.bytes(0, l).map(|_| ()).ok_or(Trunc);
            }
            let a = p.bytes(0, al).ok_or(Trunc)?;
            ctx.s(if v4 { "IPv4 (" } else { "IPv6 (" });
            ctx.u(num);
            ctx.s(") ");
            if v4 {
                fmt::ipv4(ctx.out, a);
            } else {
                fmt::ipv6(ctx.out, a);
            }
        } else {
            ctx.s("pt=0x");
            fmt::x2(ctx.out, pt);
            ctx.s(", pl=");
            ctx.u(pl as u64);
            ctx.s(", pb=");
            hex_bytes(ctx, p, pl)?;
            ctx.s(", al=");
            ctx.u(al as u64);
            ctx.s(", a=");
            p = p.at(pl + 2);
            l -= pl + 2;
            if l < al {
                ctx.s(" (not enough space for A)");
                return p.bytes(0, l).map(|_| ()).ok_or(Trunc);
            }
            hex_bytes(ctx, p, al)?;
        }
        p = p.at(al);
        l -= al;
        num -= 1;
        if num != 0 {
            ctx.s(" ");
        }
    }
    if l != 0 {
        ctx.s(" (");
        ctx.u(l as u64);
        ctx.s(" bytes of stray data)");
    }
    Ok(())
}

/// ` %02x` for each of `n` bytes, each read on its own.
fn hex_bytes(ctx: &mut Ctx<'_>, p: Cdp<'_>, n: usize) -> R {
    for i in 0..n {
        let b = g8(p, i)?;
        ctx.s(" ");
        fmt::x2(ctx.out, b);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::print_layer;

    /// v2, TTL 180, checksum 0x0bea, then `tlvs`.
    fn msg(tlvs: &[u8]) -> Vec<u8> {
        [&[2u8, 180, 0x0b, 0xea][..], tlvs].concat()
    }

    #[test]
    fn without_v_only_the_device_id_is_shown() {
        // Device-ID "S1", Port-ID "Fa0".
        let m = msg(&[0, 1, 0, 6, b'S', b'1', 0, 3, 0, 7, b'F', b'a', b'0']);
        assert_eq!(print_layer(0, |ctx| super::print(ctx, &m, m.len() as u32)), "CDPv2, ttl: 180s, Device-ID 'S1', length 17");
    }

    #[test]
    fn power_available_lists_each_milliwatt_value() {
        let m = msg(&[0, 0x1a, 0, 16, 0, 0, 0, 1, 0, 0, 0x3a, 0x98, 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(
            print_layer(1, |ctx| super::print(ctx, &m, m.len() as u32)),
            "CDPv2, ttl: 180s, checksum: 0x0bea (unverified), length 20\n\tPower available (0x001a), value length: 12 bytes: reqid 0, mgmtid 1, pwravail 15000 mW 4294967295 mW"
        );
    }

    #[test]
    fn a_tlv_past_the_message_ends_it_as_invalid() {
        let m = msg(&[0, 1, 0, 200, b'x']);
        assert_eq!(print_layer(0, |ctx| super::print(ctx, &m, m.len() as u32)), "CDPv2, ttl: 180s (TLV length 200 > 5) (invalid)");
    }
}
