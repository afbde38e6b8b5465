//! RIP v1/v2 and RIPng, after tcpdump 5.0's print-rip.c and print-ripng.c:
//! formats `wire::rip`'s header and entries; under -v RIP's routes,
//! authentication and (with -vv) a hex dump.

use super::{fmt, g16, g8, gs, hex, printjnp, Ctx, R};
use crate::names;
use crate::wire::field::{get16, get32, get_bytes, Field};
use crate::wire::rip::{self, auth, command, crypto_field as cf, entry_field as ef, field as f, ng_entry_field as nf, ENTRY_LEN};

/// tcpdump's `print_unknown_data`: a hex dump of `len` bytes from `at`, or
/// of what was captured of them.
fn unknown_data(ctx: &mut Ctx<'_>, bp: &[u8], at: usize, indent: &str, len: usize) {
    let end = at.saturating_add(len).min(bp.len());
    hex::hex(ctx.out, indent, bp.get(at..end).unwrap_or(&[]), 0);
}

/// `rip_print`: `length` is the UDP payload length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "rip";
    let avail = bp.len().min(length as usize);
    // Shorter than the header: tcpdump prints the truncation mark and
    // returns (not a longjmp, so -x still skips the link header).
    let Some(mut left) = avail.checked_sub(f::ENTRIES) else {
        ctx.trunc_mark();
        return Ok(());
    };
    let vers = g8(bp, f::VERSION)?;
    if ctx.v() >= 1 {
        ctx.s("\n\t");
    }
    ctx.s("RIPv");
    ctx.u(vers);
    // RFC 1058: version 0 is to be ignored; tcpdump dumps it.
    if vers == 0 {
        unknown_data(ctx, bp, 0, "\n\t", length as usize);
        return Ok(());
    }
    let cmd = g8(bp, f::COMMAND)?;
    ctx.s(", ");
    ctx.tok2str(names::rip::command(cmd), "unknown command (", cmd, ")");
    ctx.s(", length: ");
    ctx.u(length);
    if ctx.v() < 1 {
        return Ok(());
    }
    match cmd {
        command::REQUEST | command::RESPONSE if vers <= 2 => {
            ctx.s(", routes: ");
            ctx.u(length / ENTRY_LEN as u32);
            if vers == 2 {
                ctx.s(" or less");
            }
            let mut at = f::ENTRIES;
            while left != 0 {
                let size = if vers == 1 { entry_v1(ctx, bp, at, left) } else { entry_v2(ctx, bp, at, left)? };
                if size == 0 {
                    ctx.trunc_mark();
                    break;
                }
                if left < size {
                    ctx.s(" [remaining entries length ");
                    ctx.u(left as u64);
                    ctx.s(" < ");
                    ctx.u(size as u64);
                    ctx.s("]");
                    ctx.invalid();
                    break;
                }
                at += size;
                left -= size;
            }
        }
        command::REQUEST | command::RESPONSE => ctx.s(", unknown version"),
        command::TRACE_OFF | command::POLL | command::POLL_ENTRY => {}
        // Trace on and unknown commands: dumped once, here or below.
        _ if ctx.v() <= 1 => unknown_data(ctx, bp, 0, "\n\t", length as usize),
        _ => {}
    }
    if ctx.v() > 1 {
        unknown_data(ctx, bp, 0, "\n\t", length as usize);
    }
    Ok(())
}

/// The family name tcpdump's `bsd_af_values` gives, else `pre N post`.
fn family(ctx: &mut Ctx<'_>, family: u16, pre: &str, post: &str) {
    ctx.tok2str(names::link::tcpdump_bsd_af(u32::from(family)), pre, family, post);
}

/// A field of an entry already known to be whole.
fn be16(e: &[u8], f: Field) -> u16 {
    get16(e, f.start).unwrap_or(0)
}

/// A field of an entry already known to be whole.
fn be32(e: &[u8], f: Field) -> u32 {
    get32(e, f.start).unwrap_or(0)
}

/// A 20-byte entry as captured, or `None` when it is not all there.
fn whole_entry(bp: &[u8], at: usize) -> Option<&[u8]> {
    get_bytes(bp, at, ENTRY_LEN)
}

/// `rip_entry_print_v1`: the entry's length, 0 when it is cut.
fn entry_v1(ctx: &mut Ctx<'_>, bp: &[u8], at: usize, left: usize) -> usize {
    let Some(e) = whole_entry(bp, at).filter(|_| left >= ENTRY_LEN) else { return 0 };
    let fam = be16(e, ef::FAMILY);
    if fam != 2 && fam != 0 {
        ctx.s("\n\t AFI ");
        family(ctx, fam, "Unknown (", ")");
        ctx.s(", ");
        unknown_data(ctx, bp, at + ef::TAG.end, "\n\t  ", ENTRY_LEN - ef::TAG.end);
        return ENTRY_LEN;
    }
    // RFC 1058's must-be-zero fields: tag, mask and next hop.
    if e[ef::TAG].iter().chain(&e[ef::MASK]).chain(&e[ef::NEXT_HOP]).any(|&b| b != 0) {
        unknown_data(ctx, bp, at, "\n\t  ", ENTRY_LEN);
        return ENTRY_LEN;
    }
    ctx.s(if fam == 0 { "\n\t  AFI 0, " } else { "\n\t  " });
    fmt::ipv4(ctx.out, &e[ef::ADDRESS]);
    ctx.s(", metric: ");
    ctx.u(be32(e, ef::METRIC));
    ENTRY_LEN
}

/// `rip_entry_print_v2`: the entry's length, 0 when it is cut; an error
/// where tcpdump's reads stop the whole packet.
fn entry_v2(ctx: &mut Ctx<'_>, bp: &[u8], at: usize, left: usize) -> R<usize> {
    if left < rip::AUTH_HEADER_LEN {
        return Ok(0);
    }
    let (Ok(fam), Ok(tag)) = (g16(bp, at + ef::FAMILY.start), g16(bp, at + ef::TAG.start)) else { return Ok(0) };
    if fam == rip::FAMILY_AUTH {
        return auth_entry(ctx, bp, at, left - rip::AUTH_HEADER_LEN, tag);
    }
    Ok(route_v2(ctx, bp, at, left, fam, tag))
}

/// A RIPv2 entry of any family but authentication.
fn route_v2(ctx: &mut Ctx<'_>, bp: &[u8], at: usize, left: usize, fam: u16, tag: u16) -> usize {
    if fam != 2 && fam != 0 {
        ctx.s("\n\t  AFI ");
        family(ctx, fam, "Unknown (", ")");
        unknown_data(ctx, bp, at + ef::TAG.end, "\n\t  ", ENTRY_LEN - ef::TAG.end);
        return ENTRY_LEN;
    }
    let Some(e) = whole_entry(bp, at).filter(|_| left >= ENTRY_LEN) else { return 0 };
    ctx.s("\n\t  AFI ");
    family(ctx, fam, "", "");
    ctx.s(", ");
    // "%15s/%-2d": the address right-aligned in 15 columns, the prefix
    // length (-1 for a mask with holes) left-aligned in 2.
    let mut addr = Vec::with_capacity(15);
    fmt::ipv4(&mut addr, &e[ef::ADDRESS]);
    ctx.out.resize(ctx.out.len() + 15usize.saturating_sub(addr.len()), b' ');
    ctx.out.extend_from_slice(&addr);
    ctx.s("/");
    match rip::mask_len(be32(e, ef::MASK)) {
        Some(n) if n < 10 => {
            ctx.u(n);
            ctx.s(" ");
        }
        Some(n) => ctx.u(n),
        None => ctx.s("-1"),
    }
    ctx.s(", tag 0x");
    fmt::x_pad(ctx.out, u64::from(tag), 4);
    ctx.s(", metric: ");
    ctx.u(be32(e, ef::METRIC));
    ctx.s(", next-hop: ");
    if e[ef::NEXT_HOP].iter().any(|&b| b != 0) {
        fmt::ipv4(ctx.out, &e[ef::NEXT_HOP]);
    } else {
        ctx.s("self");
    }
    ENTRY_LEN
}

/// A RIPv2 authentication entry; `left` counts from after its family and
/// type. Returns the entry's length, 0 when it is cut.
fn auth_entry(ctx: &mut Ctx<'_>, bp: &[u8], at: usize, left: usize, kind: u16) -> R<usize> {
    let body = at + rip::AUTH_HEADER_LEN;
    Ok(match kind {
        auth::SIMPLE => {
            // tcpdump's nd_printjnp: up to the first NUL of the 16 bytes,
            // whatever the packet's length says; the capture's end stops
            // the whole packet.
            ctx.s("\n\t  Simple Text Authentication data: ");
            printjnp(ctx, bp, body, ef::PASSWORD.len())?;
            ENTRY_LEN
        }
        auth::CRYPTO => {
            // RFC 4822's header fills the rest of the entry.
            let Some(h) = get_bytes(bp, at, ENTRY_LEN).filter(|_| left >= ENTRY_LEN - rip::AUTH_HEADER_LEN) else { return Ok(0) };
            ctx.s("\n\t  Auth header: Packet Len ");
            ctx.u(be16(h, cf::PACKET_LEN));
            ctx.s(", Key-ID ");
            ctx.u(h[cf::KEY_ID]);
            ctx.s(", Auth Data Len ");
            ctx.u(h[cf::AUTH_DATA_LEN]);
            ctx.s(", SeqNo ");
            ctx.u(be32(h, cf::SEQ));
            ctx.s(", MBZ ");
            ctx.u(be32(h, cf::MBZ1));
            ctx.s(", MBZ ");
            ctx.u(be32(h, cf::MBZ2));
            ENTRY_LEN
        }
        _ => {
            // The trailer, or an unknown type: its length is unknown, so
            // it runs to the end of the packet.
            if kind == auth::TRAILER {
                ctx.s("\n\t  Auth trailer:");
            } else {
                ctx.s("\n\t  Unknown (");
                ctx.u(kind);
                ctx.s(") Authentication data:");
            }
            unknown_data(ctx, bp, body, "\n\t  ", left);
            rip::AUTH_HEADER_LEN + left
        }
    })
}

/// `ripng_print`: `length` is the UDP payload length.
pub fn ripng(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "ripng";
    let vers = g8(bp, f::VERSION)?;
    if vers != rip::NG_VERSION {
        ctx.s(" [vers ");
        ctx.u(vers);
        ctx.s("]");
        ctx.invalid();
        return Ok(());
    }
    let cmd = g8(bp, f::COMMAND)?;
    let (label, metric) = match cmd {
        command::REQUEST => ("req", false),
        command::RESPONSE => ("resp", true),
        _ => {
            ctx.s(" ripng-");
            ctx.u(cmd);
            ctx.s(" ?? ");
            ctx.u(length);
            ctx.invalid();
            return Ok(());
        }
    };
    let Some(mut left) = (length as usize).checked_sub(f::ENTRIES) else {
        ctx.invalid();
        return Ok(());
    };
    let count = left / ENTRY_LEN;
    // One request entry for ::/0 with metric 16 asks for the whole table.
    if cmd == command::REQUEST && count == 1 && g8(bp, f::ENTRIES + nf::METRIC)? == rip::INFINITY && gs(bp, f::ENTRIES, 16)?.iter().all(|&b| b == 0) {
        ctx.s(" ripng-req dump");
        return Ok(());
    }
    ctx.s(" ripng-");
    ctx.s(label);
    ctx.s(" ");
    ctx.u(count as u64);
    if count * ENTRY_LEN != left {
        ctx.s("[");
        ctx.u(length);
        ctx.s("]");
    }
    ctx.s(":");
    let mut at = f::ENTRIES;
    while left >= ENTRY_LEN {
        ctx.s(if ctx.v() > 1 { "\n\t" } else { " " });
        ng_entry(ctx, bp, at, metric)?;
        at += ENTRY_LEN;
        left -= ENTRY_LEN;
    }
    if left != 0 {
        ctx.invalid();
    }
    Ok(())
}

/// `rip6_entry_print`: prefix/length, a non-zero tag, and the metric when
/// asked for and non-zero.
fn ng_entry(ctx: &mut Ctx<'_>, bp: &[u8], at: usize, metric: bool) -> R {
    let prefix = gs(bp, at + nf::PREFIX.start, nf::PREFIX.len())?;
    let plen = g8(bp, at + nf::PREFIX_LEN)?;
    fmt::ipv6(ctx.out, prefix);
    ctx.s("/");
    ctx.u(plen);
    let tag = g16(bp, at + nf::TAG.start)?;
    if tag != 0 {
        ctx.s(" [");
        ctx.u(tag);
        ctx.s("]");
    }
    let m = g8(bp, at + nf::METRIC)?;
    if m != 0 && metric {
        ctx.s(" (");
        ctx.u(m);
        ctx.s(")");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::print_layer;
    use super::*;

    /// RIPv2 response: one route, 10.1.0.0/16 via the sender, metric 1.
    const V2_RESPONSE: [u8; 24] = [
        2, 2, 0, 0, // response, version 2
        0, 2, 0, 0, 10, 1, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, // IPv4 entry
    ];

    #[test]
    fn the_first_line_names_version_command_and_length() {
        assert_eq!(print_layer(0, |c| print(c, &V2_RESPONSE, 24)), "RIPv2, Response, length: 24");
    }

    #[test]
    fn verbose_lists_each_route_in_tcpdumps_columns() {
        let out = print_layer(1, |c| print(c, &V2_RESPONSE, 24));
        assert_eq!(out, "\n\tRIPv2, Response, length: 24, routes: 1 or less\n\t  AFI IPv4,        10.1.0.0/16, tag 0x0000, metric: 1, next-hop: self");
    }

    #[test]
    fn a_route_cut_by_the_capture_ends_the_list_with_the_mark() {
        let out = print_layer(1, |c| print(c, &V2_RESPONSE[..20], 24));
        assert!(out.ends_with("routes: 1 or less [|rip]"), "{out}");
    }

    #[test]
    fn a_ripng_request_for_the_whole_table_is_a_dump() {
        let mut m = [0u8; 24];
        m[..2].copy_from_slice(&[1, 1]);
        m[23] = 16;
        assert_eq!(print_layer(0, |c| ripng(c, &m, 24)), " ripng-req dump");
    }
}
