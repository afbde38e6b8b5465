//! BOOTP/DHCP, after tcpdump 5.0's print-bootp.c: formats `wire::bootp`'s
//! view. The first line, then under -v the fixed fields (`bootp_print`),
//! the RFC 1048 options (`rfc1048_print`) or CMU's vendor area
//! (`cmu_print`). Every value is read through the view's options walk,
//! which has already checked that the value was captured.

use super::{fmt, g32, g8, Ctx, Trunc, R};
use crate::names;
use crate::wire::bootp::{cmu_field, field, format, op, Bootp, DhcpOptions, Format, Item, FLAG_BROADCAST, HTYPE_ETHERNET, MAGIC_CMU, MAGIC_RFC1048};
use crate::wire::registry::DhcpOption;

/// `bootp_print`: `length` is the UDP payload length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "bootp";
    let b = Bootp::new(bp);
    let o = b.op().ok_or(Trunc)?;
    ctx.s("BOOTP/DHCP, ");
    match o {
        op::REQUEST => ctx.s("Request"),
        op::REPLY => ctx.s("Reply"),
        _ => {
            ctx.s("unknown (0x");
            fmt::x2(ctx.out, o);
            ctx.s(")");
        }
    }
    let htype = b.htype().ok_or(Trunc)?;
    let hlen = b.hlen().ok_or(Trunc)?;
    if htype == HTYPE_ETHERNET && hlen == 6 && o == op::REQUEST {
        let mac = b.chaddr(6).ok_or(Trunc)?;
        ctx.s(" from ");
        fmt::mac(ctx.out, mac);
    }
    ctx.s(", length ");
    ctx.u(length);
    if ctx.v() == 0 {
        return Ok(());
    }
    header(ctx, &b, htype, hlen)?;
    if !server_names(ctx, &b)? {
        ctx.invalid();
        return Ok(());
    }
    vendor(ctx, b.vendor())
}

/// The fixed fields after the first line: only the interesting ones, as
/// tcpdump prints them (`, xid 0x…, Flags [..]` and one line per address).
fn header(ctx: &mut Ctx<'_>, b: &Bootp<'_>, htype: u8, hlen: u8) -> R {
    let secs = b.secs().ok_or(Trunc)?;
    let ether = htype == HTYPE_ETHERNET && hlen == 6;
    if htype != HTYPE_ETHERNET {
        ctx.s(", htype ");
        ctx.u(htype);
    }
    if !ether {
        ctx.s(", hlen ");
        ctx.u(hlen);
    }
    for (label, v) in [(", hops ", u32::from(b.hops().ok_or(Trunc)?)), (", xid 0x", b.xid().ok_or(Trunc)?), (", secs ", u32::from(secs))] {
        if v != 0 {
            ctx.s(label);
            if label.ends_with("0x") {
                fmt::x(ctx.out, v.into());
            } else {
                ctx.u(v);
            }
        }
    }
    let flags = b.flags().ok_or(Trunc)?;
    ctx.s(", Flags ");
    fmt::flag_list(ctx.out, flags, &[(FLAG_BROADCAST, "Broadcast")]);
    if ctx.v() > 1 {
        ctx.s(" (0x");
        fmt::x_pad(ctx.out, flags.into(), 4);
        ctx.s(")");
    }
    for (label, addr) in [("Client-IP", b.ciaddr()), ("Your-IP", b.yiaddr()), ("Server-IP", b.siaddr()), ("Gateway-IP", b.giaddr())] {
        let addr = addr.ok_or(Trunc)?;
        if addr != [0; 4] {
            ctx.s("\n\t  ");
            ctx.s(label);
            ctx.s(" ");
            fmt::ipv4(ctx.out, addr);
        }
    }
    if ether {
        ctx.s("\n\t  Client-Ethernet-Address ");
        fmt::mac(ctx.out, b.chaddr(6).ok_or(Trunc)?);
    }
    Ok(())
}

/// The `sname` and `file` fields when they are set; false when one holds
/// no NUL, which tcpdump calls invalid.
fn server_names(ctx: &mut Ctx<'_>, b: &Bootp<'_>) -> R<bool> {
    for (label, f, bytes) in [("sname", field::SNAME, b.sname()), ("file", field::FILE, b.file())] {
        if g8(bytes, 0)? == 0 {
            continue;
        }
        ctx.s("\n\t  ");
        ctx.s(label);
        ctx.s(" \"");
        let terminated = nul_terminated(ctx, bytes, f.len())?;
        ctx.s("\"");
        if !terminated {
            return Ok(false);
        }
    }
    Ok(true)
}

/// tcpdump's `nd_printztn`: the characters before a NUL within `n` bytes;
/// false when there is none, truncation when the capture ends first.
fn nul_terminated(ctx: &mut Ctx<'_>, bytes: &[u8], n: usize) -> R<bool> {
    for i in 0..n {
        match g8(bytes, i)? {
            0 => return Ok(true),
            c => fmt::safe_char(ctx.out, c),
        }
    }
    Ok(false)
}

/// The vendor area: RFC 1048 options, CMU's fixed layout, or its first word.
fn vendor(ctx: &mut Ctx<'_>, v: &[u8]) -> R {
    let magic = g32(v, 0)?;
    if magic.to_be_bytes() == MAGIC_RFC1048 {
        ctx.s("\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x");
        fmt::x_pad(ctx.out, magic.into(), 8);
        rfc1048(ctx, super::from(v, 4))
    } else if magic.to_be_bytes() == MAGIC_CMU {
        cmu(ctx, v)
    } else {
        if magic != 0 {
            ctx.s("\n\t  Vendor-#0x");
            fmt::x(ctx.out, magic.into());
        }
        Ok(())
    }
}

/// `rfc1048_print`: one line per option; PAD and END only under -vvv.
fn rfc1048(ctx: &mut Ctx<'_>, opts: &[u8]) -> R {
    for item in DhcpOptions::new(opts) {
        let (tag, len, value) = match item {
            Item::Pad(n) if ctx.v() > 2 => {
                option_line(ctx, DhcpOption::PAD, 0);
                if n > 1 {
                    ctx.s(", occurs ");
                    ctx.u(n);
                }
                continue;
            }
            Item::Pad(_) => continue,
            Item::End if ctx.v() > 2 => {
                option_line(ctx, DhcpOption::END, 0);
                continue;
            }
            Item::End => return Ok(()),
            Item::Cut(_) => return Err(Trunc),
            Item::Opt { tag, len, value } => (tag, len, value),
        };
        option_line(ctx, tag, len);
        let value = value.ok_or(Trunc)?;
        let left = option_value(ctx, tag, value);
        if left > 0 {
            ctx.s("\n\t  trailing data length ");
            ctx.u(left as u32);
        }
    }
    Ok(())
}

/// `Name (tag), length N: ` (no colon for an empty value).
fn option_line(ctx: &mut Ctx<'_>, tag: DhcpOption, len: u8) {
    ctx.s("\n\t    ");
    ctx.s(tag.tcpdump_name().unwrap_or("Unknown"));
    ctx.s(" (");
    ctx.u(tag.0);
    ctx.s("), length ");
    ctx.u(len);
    if len > 0 {
        ctx.s(": ");
    }
}

/// An option's value; returns how many bytes tcpdump leaves unprinted
/// (a 5-byte address list prints one address and 1 trailing byte).
fn option_value(ctx: &mut Ctx<'_>, tag: DhcpOption, v: &[u8]) -> usize {
    if tag == DhcpOption::MESSAGE_TYPE && v.len() == 1 {
        ctx.tok2str(names::bootp::message_type(v[0]), "Unknown (", v[0], ")");
        return 0;
    }
    if tag == DhcpOption::PARAMETER_REQUEST {
        for (i, &t) in v.iter().enumerate() {
            ctx.s(if i % 4 == 0 { "\n\t      " } else { ", " });
            ctx.s(DhcpOption(t).tcpdump_name().unwrap_or("Unknown"));
            ctx.s(" (");
            ctx.u(t);
            ctx.s(")");
        }
        return 0;
    }
    let f = match format(tag) {
        Format::Unknown if v.len() & 1 != 0 => Format::Bytes,
        Format::Unknown if v.len() & 2 != 0 => Format::U16,
        Format::Unknown => Format::U32,
        f => f,
    };
    match f {
        Format::Text => text(ctx, v),
        Format::Ip | Format::U32 | Format::I32 => words(ctx, f, v),
        Format::IpPairs => joined(ctx, v.chunks_exact(8), |ctx, p| {
            ctx.s("(");
            fmt::ipv4(ctx.out, &p[..4]);
            ctx.s(":");
            fmt::ipv4(ctx.out, &p[4..]);
            ctx.s(")");
        }),
        Format::U16 => joined(ctx, v.chunks_exact(2), |ctx, p| ctx.u(u16::from_be_bytes([p[0], p[1]]))),
        Format::Bool => joined(ctx, v.chunks_exact(1), |ctx, p| match p[0] {
            0 => ctx.s("N"),
            1 => ctx.s("Y"),
            b => {
                ctx.u(b);
                ctx.s("?");
            }
        }),
        Format::Special => special(ctx, tag, v),
        Format::Bytes | Format::Unknown => {
            for (i, b) in v.iter().enumerate() {
                if i > 0 {
                    ctx.s(".");
                }
                ctx.u(*b);
            }
            0
        }
    }
}

/// Values of 4 bytes each: addresses, or unsigned or signed numbers.
fn words(ctx: &mut Ctx<'_>, f: Format, v: &[u8]) -> usize {
    joined(ctx, v.chunks_exact(4), |ctx, w| match f {
        Format::Ip => fmt::ipv4(ctx.out, w),
        Format::I32 => fmt::i(ctx.out, i32::from_be_bytes([w[0], w[1], w[2], w[3]]).into()),
        _ => ctx.u(u32::from_be_bytes([w[0], w[1], w[2], w[3]])),
    })
}

/// Prints each whole chunk, comma-separated; returns the bytes left over.
fn joined<'a>(ctx: &mut Ctx<'_>, chunks: std::slice::ChunksExact<'a, u8>, mut each: impl FnMut(&mut Ctx<'_>, &'a [u8])) -> usize {
    let left = chunks.remainder().len();
    for (i, c) in chunks.enumerate() {
        if i > 0 {
            ctx.s(",");
        }
        each(ctx, c);
    }
    left
}

/// Quoted text, escaped as tcpdump's `nd_printjn` does.
fn text(ctx: &mut Ctx<'_>, v: &[u8]) -> usize {
    ctx.s("\"");
    fmt::safe_bytes(ctx.out, v);
    ctx.s("\"");
    0
}

/// The options with a layout of their own (tcpdump's `$` entries).
fn special(ctx: &mut Ctx<'_>, tag: DhcpOption, v: &[u8]) -> usize {
    match tag {
        DhcpOption::NETBIOS_NODE | DhcpOption::OPTION_OVERLOAD => {
            let Some((&b, rest)) = v.split_first() else {
                ctx.s("[ERROR: length < 1 bytes]");
                return 0;
            };
            let name = if tag == DhcpOption::NETBIOS_NODE { names::bootp::netbios_node(b) } else { names::bootp::overload(b) };
            ctx.tok2str(name, "#", b, "");
            rest.len()
        }
        DhcpOption::CLIENT_FQDN => client_fqdn(ctx, v),
        DhcpOption::CLIENT_ID => client_id(ctx, v),
        DhcpOption::AGENT_INFORMATION => agent_information(ctx, v),
        DhcpOption::CLASSLESS_STATIC_ROUTE | DhcpOption::CLASSLESS_STATIC_ROUTE_MS => classless_routes(ctx, v),
        DhcpOption::USER_CLASS => user_class(ctx, v),
        DhcpOption::SZTP_REDIRECT => sztp_redirect(ctx, v),
        _ => {
            ctx.s("[unknown special tag ");
            ctx.u(tag.0);
            ctx.s(", size ");
            ctx.u(v.len() as u32);
            ctx.s("]");
            0
        }
    }
}

/// Client FQDN (RFC 4702): flags, the two RCODEs when set, the name.
fn client_fqdn(ctx: &mut Ctx<'_>, v: &[u8]) -> usize {
    let [flags, rcode1, rcode2, name @ ..] = v else {
        ctx.s("[ERROR: length < 3 bytes]");
        return 0;
    };
    if flags & 0xf0 != 0 {
        ctx.s("[ERROR: MBZ nibble 0x");
        fmt::x(ctx.out, u64::from(flags >> 4));
        ctx.s(" != 0] ");
    }
    if flags & 0x0f != 0 {
        ctx.s("[");
        for (bit, letter) in names::bootp::FQDN_FLAGS {
            if flags & bit != 0 {
                ctx.s(letter);
            }
        }
        ctx.s("] ");
    }
    if *rcode1 != 0 || *rcode2 != 0 {
        ctx.u(*rcode1);
        ctx.s("/");
        ctx.u(*rcode2);
        ctx.s(" ");
    }
    text(ctx, name)
}

/// Client identifier: type 0 is text, any other a hardware type and address.
fn client_id(ctx: &mut Ctx<'_>, v: &[u8]) -> usize {
    let Some((&kind, id)) = v.split_first() else {
        ctx.s("[ERROR: length < 1 bytes]");
        return 0;
    };
    if kind == 0 {
        return text(ctx, id);
    }
    ctx.tok2str(names::bootp::client_id_hardware(kind), "hardware-type ", kind, ",");
    ctx.s(" ");
    fmt::mac(ctx.out, id);
    0
}

/// Relay agent information (RFC 3046): sub-options, text or hex.
fn agent_information(ctx: &mut Ctx<'_>, mut v: &[u8]) -> usize {
    while let [sub, len, rest @ ..] = v {
        let name = names::bootp::agent_suboption(*sub);
        ctx.s("\n\t      ");
        ctx.s(name.unwrap_or("Unknown"));
        ctx.s(" SubOption ");
        ctx.u(*sub);
        ctx.s(", length ");
        ctx.u(*len);
        let Some(data) = rest.get(..usize::from(*len)) else {
            ctx.s(": length goes past end of option");
            return 0;
        };
        ctx.s(": ");
        match name {
            Some(_) => fmt::safe_bytes(ctx.out, data),
            None => super::unknown_data(ctx, data, "\n\t\t", data.len()),
        }
        v = &rest[data.len()..];
    }
    v.len()
}

/// Classless static routes (RFC 3442): `(dest/width:router)` each.
fn classless_routes(ctx: &mut Ctx<'_>, mut v: &[u8]) -> usize {
    if v.len() < 5 {
        ctx.s("[ERROR: length < 5 bytes]");
        return 0;
    }
    let mut first = true;
    while let Some((&width, rest)) = v.split_first() {
        if !first {
            ctx.s(",");
        }
        first = false;
        if width > 32 {
            ctx.s("[ERROR: Mask width (");
            ctx.u(width);
            ctx.s(") > 32]");
            return 0;
        }
        let octets = usize::from(width).div_ceil(8);
        if rest.len() < octets + 4 {
            ctx.s("[ERROR: Remaining length (");
            ctx.u(rest.len() as u32);
            ctx.s(") < ");
            ctx.u(octets as u32 + 4);
            ctx.s(" bytes]");
            return 0;
        }
        ctx.s("(");
        if width == 0 {
            ctx.s("default");
        } else {
            let mut dest = [0u8; 4];
            dest[..octets].copy_from_slice(&rest[..octets]);
            fmt::ipv4(ctx.out, &dest);
            ctx.s("/");
            ctx.u(width);
        }
        ctx.s(":");
        fmt::ipv4(ctx.out, &rest[octets..octets + 4]);
        ctx.s(")");
        v = &rest[octets + 4..];
    }
    0
}

/// User class (RFC 3004): numbered instances, each a counted string.
fn user_class(ctx: &mut Ctx<'_>, mut v: &[u8]) -> usize {
    if v.len() < 2 {
        ctx.s("[ERROR: length < 2 bytes]");
        return 0;
    }
    let mut n = 1u32;
    while let Some((&len, rest)) = v.split_first() {
        ctx.s("\n\t      instance#");
        ctx.u(n);
        ctx.s(": ");
        if len == 0 {
            ctx.s("[ERROR: suboption length must be non-zero]");
            return 0;
        }
        let Some(data) = rest.get(..usize::from(len)) else {
            ctx.s("[ERROR: invalid option]");
            return 0;
        };
        text(ctx, data);
        ctx.s(", length ");
        ctx.u(len);
        n += 1;
        v = &rest[data.len()..];
    }
    0
}

/// SZTP redirect (RFC 8572 §8.3): URIs, each after a 16-bit length.
fn sztp_redirect(ctx: &mut Ctx<'_>, mut v: &[u8]) -> usize {
    // tcpdump keeps the 16-bit length in a byte-sized variable: only
    // its low byte counts.
    while let [_, len, rest @ ..] = v {
        let len = *len;
        ctx.s("\n\t\t    length ");
        ctx.u(len);
        ctx.s(": ");
        let Some(uri) = rest.get(..usize::from(len)) else {
            ctx.s("length goes past end of option");
            return 0;
        };
        text(ctx, uri);
        v = &rest[uri.len()..];
    }
    if !v.is_empty() {
        ctx.s("[ERROR: length < 2 bytes]");
    }
    0
}

/// `cmu_print`: CMU's fixed vendor area, the addresses that are set.
fn cmu(ctx: &mut Ctx<'_>, v: &[u8]) -> R {
    ctx.s(" vend-cmu");
    super::gs(v, cmu_field::FLAGS.start, 4)?;
    let flags = g8(v, cmu_field::FLAGS.start)?;
    if flags & !cmu_field::FLAG_SUBNET_MASK != 0 {
        ctx.s(" F:0x");
        fmt::x(ctx.out, flags.into());
    }
    let mask = if flags & cmu_field::FLAG_SUBNET_MASK != 0 { "SM" } else { "SM*" };
    let addrs = [
        ("DG", cmu_field::GATEWAY),
        (mask, cmu_field::SUBNET_MASK),
        ("NS1", cmu_field::DNS1),
        ("NS2", cmu_field::DNS2),
        ("IEN1", cmu_field::IEN1),
        ("IEN2", cmu_field::IEN2),
        ("TS1", cmu_field::TS1),
        ("TS2", cmu_field::TS2),
    ];
    for (label, f) in addrs {
        let a = super::gs(v, f.start, 4)?;
        if a != [0; 4] {
            ctx.s(" ");
            ctx.s(label);
            ctx.s(":");
            fmt::ipv4(ctx.out, a);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What tcpdump -v.. prints for `bp` as a UDP payload of its own length.
    fn print_v(bp: &[u8], verbose: u8) -> String {
        super::super::print_layer(verbose, |ctx| print(ctx, bp, bp.len() as u32))
    }

    /// A request from 02:00:00:00:00:0a: message type DISCOVER, then a
    /// hostname option claiming 255 bytes of which 3 are there.
    fn hostile() -> Vec<u8> {
        let mut m = vec![1, 1, 6, 0, 0, 0, 0, 1];
        m.resize(28, 0);
        m.extend_from_slice(&[2, 0, 0, 0, 0, 0x0a]);
        m.resize(236, 0);
        m.extend_from_slice(&[99, 130, 83, 99, 53, 1, 1, 12, 255, b'a', b'b', b'c']);
        m
    }

    #[test]
    fn an_option_longer_than_the_message_ends_in_the_truncation_mark() {
        assert!(print_v(&hostile(), 1).ends_with("DHCP-Message (53), length 1: Discover\n\t    Hostname (12), length 255:  [|bootp]"));
    }

    #[test]
    fn no_cut_or_changed_byte_of_a_message_panics() {
        let m = hostile();
        for cut in 0..=m.len() {
            for v in 1..=3 {
                print_v(&m[..cut], v);
            }
        }
        for at in 236..m.len() {
            for b in 0..=255 {
                let mut x = m.clone();
                x[at] = b;
                print_v(&x, 3);
            }
        }
    }
}
