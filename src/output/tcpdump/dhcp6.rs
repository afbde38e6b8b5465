//! DHCPv6, after tcpdump 5.0's print-dhcp6.c: formats `wire::dhcp6`'s
//! view. The message type; under -v the transaction id (or a relay's
//! addresses) and every option in parentheses (`dhcp6opt_print`), options
//! inside options and relayed messages included.
//!
//! Two departures, both on hostile input only: nesting deeper than
//! [`MAX_DEPTH`] ends in the truncation mark instead of recursing on (so
//! no message can exhaust the stack), and a compressed domain name
//! (which RFC 8415 §10 forbids) is resolved against the option value,
//! where tcpdump resolves it against the option's end.

use super::{dns, fmt, Ctx, Trunc, R};
use crate::names;
use crate::wire::dhcp6::{duid, msg, Dhcp6, Dhcp6Options, Item, OPTIONS, RELAY_OPTIONS};
use crate::wire::registry::Dhcp6Option as O;

/// Options inside options (and relayed messages) printed at the most.
const MAX_DEPTH: u8 = 32;

/// `dhcp6_print`: `bp` is the message, cut to the UDP length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8]) -> R {
    ctx.proto = "dhcp6";
    message(ctx, bp, 0)
}

/// One message (the UDP payload, or a relay-message option's value).
fn message(ctx: &mut Ctx<'_>, bp: &[u8], depth: u8) -> R {
    ctx.s("dhcp6");
    let d = Dhcp6::new(bp);
    // tcpdump checks the whole first word before reading the type.
    let Some(kind) = d.msg_type().filter(|_| d.header_captured()) else {
        ctx.trunc_mark();
        return Ok(());
    };
    ctx.s(" ");
    match names::dhcp6::msg_type(kind) {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("msgtype-");
            ctx.u(kind);
        }
    }
    if ctx.v() == 0 {
        return Ok(());
    }
    ctx.s(" (");
    if kind != msg::RELAY_FORW && kind != msg::RELAY_REPL {
        ctx.s("xid=");
        fmt::x(ctx.out, d.transaction_id().ok_or(Trunc)?.into());
        options(ctx, d.options(OPTIONS), depth)?;
    } else {
        ctx.s("linkaddr=");
        fmt::ipv6(ctx.out, d.link_address().ok_or(Trunc)?);
        ctx.s(" peeraddr=");
        fmt::ipv6(ctx.out, d.peer_address().ok_or(Trunc)?);
        options(ctx, d.options(RELAY_OPTIONS), depth)?;
    }
    ctx.s(")");
    Ok(())
}

/// `dhcp6opt_print`: ` (name value)` for each option. A cut option or a
/// bad name ends the list with the truncation mark, and the caller goes on.
fn options(ctx: &mut Ctx<'_>, opts: Dhcp6Options<'_>, depth: u8) -> R {
    if depth > MAX_DEPTH {
        ctx.trunc_mark();
        return Ok(());
    }
    for item in opts {
        let Item::Opt { code, value } = item else {
            ctx.trunc_mark();
            return Ok(());
        };
        ctx.s(" (");
        match code.tcpdump_name() {
            Some(n) => ctx.s(n),
            None => {
                ctx.s("opt_");
                ctx.u(code.0);
            }
        }
        if !option(ctx, code, value, depth)? {
            ctx.trunc_mark();
            return Ok(());
        }
    }
    Ok(())
}

/// An option's value and closing parenthesis; false where tcpdump gives
/// up on the list (a bad domain name, an NTP sub-option past the end).
fn option(ctx: &mut Ctx<'_>, code: O, v: &[u8], depth: u8) -> R<bool> {
    let sub = |at: usize| Dhcp6Options::new(v.get(at..).unwrap_or(&[]));
    let len = v.len();
    match code {
        O::CLIENT_ID | O::SERVER_ID => duid_value(ctx, v),
        O::IA_ADDR if len >= 24 => {
            ctx.s(" ");
            fmt::ipv6(ctx.out, &v[..16]);
            lifetimes(ctx, &v[16..24]);
            options(ctx, sub(24), depth + 1)?;
            ctx.s(")");
        }
        O::ORO | O::ERO if len.is_multiple_of(2) => {
            for c in v.chunks_exact(2) {
                let c = O(u16::from_be_bytes([c[0], c[1]]));
                ctx.s(" ");
                match c.tcpdump_name() {
                    Some(n) => ctx.s(n),
                    None => {
                        ctx.s("opt_");
                        ctx.u(c.0);
                    }
                }
            }
            ctx.s(")");
        }
        O::PREFERENCE | O::RECONF_MSG if len == 1 => small_number(ctx, code, v[0]),
        O::ELAPSED_TIME if len == 2 => number(ctx, u16::from_be_bytes([v[0], v[1]]).into()),
        O::LIFETIME | O::CLT_TIME if len == 4 => number(ctx, be32(v, 0)),
        O::RELAY_MSG => {
            ctx.s(" (");
            if depth >= MAX_DEPTH {
                ctx.trunc_mark();
            } else {
                message(ctx, v, depth + 1)?;
            }
            ctx.s(")");
        }
        O::AUTH if len >= 11 => auth(ctx, v),
        O::RAPID_COMMIT | O::RECONF_ACCEPT => ctx.s(")"),
        O::INTERFACE_ID | O::SUBSCRIBER_ID => {
            ctx.s(" ");
            hex_head(ctx, v, 0, 10);
        }
        O::SIP_SERVER_A | O::DNS_SERVERS | O::SNTP_SERVERS | O::NIS_SERVERS | O::NISP_SERVERS | O::BCMCS_SERVER_A | O::PANA_AGENT | O::LQ_CLIENT_LINK if len.is_multiple_of(16) => {
            for a in v.chunks_exact(16) {
                ctx.s(" ");
                fmt::ipv6(ctx.out, a);
            }
            ctx.s(")");
        }
        O::SIP_SERVER_D | O::DOMAIN_LIST => {
            let mut at = 0;
            while at < len {
                ctx.s(" ");
                match dns::name_print(ctx, v, at, 0)? {
                    Some(next) => at = next,
                    None => return Ok(false),
                }
            }
            ctx.s(")");
        }
        O::STATUS_CODE if len >= 2 => {
            let c = u16::from_be_bytes([v[0], v[1]]);
            ctx.s(" ");
            match names::dhcp6::status(c) {
                _ if c > 255 => ctx.s("INVALID code"),
                Some(n) => ctx.s(n),
                None => {
                    ctx.s("code");
                    ctx.u(c);
                }
            }
            ctx.s(")");
        }
        O::IA_NA | O::IA_PD if len >= 12 => {
            ia(ctx, &v[..12]);
            options(ctx, sub(12), depth + 1)?;
            ctx.s(")");
        }
        O::IA_TA if len >= 4 => {
            ia(ctx, &v[..4]);
            options(ctx, sub(4), depth + 1)?;
            ctx.s(")");
        }
        O::IA_PD_PREFIX if len >= 25 => {
            ctx.s(" ");
            fmt::ipv6(ctx.out, &v[9..25]);
            ctx.s("/");
            ctx.u(v[8]);
            lifetimes(ctx, &v[..8]);
            options(ctx, sub(25), depth + 1)?;
            ctx.s(")");
        }
        O::REMOTE_ID if len >= 4 => {
            ctx.s(" ");
            ctx.u(be32(v, 0));
            ctx.s(" ");
            hex_head(ctx, v, 4, 14);
        }
        O::LQ_QUERY if len >= 17 => {
            match v[0] {
                1 => ctx.s(" by-address"),
                2 => ctx.s(" by-clientID"),
                t => {
                    ctx.s(" type_");
                    ctx.u(t);
                }
            }
            ctx.s(" ");
            fmt::ipv6(ctx.out, &v[1..17]);
            options(ctx, sub(17), depth + 1)?;
            ctx.s(")");
        }
        O::CLIENT_DATA => {
            options(ctx, sub(0), depth + 1)?;
            ctx.s(")");
        }
        O::LQ_RELAY_DATA if len >= 16 => {
            ctx.s(" ");
            fmt::ipv6(ctx.out, &v[..16]);
            ctx.s(" ");
            hex_head(ctx, v, 16, 26);
        }
        O::NTP_SERVER if len >= 4 => return ntp_server(ctx, v),
        O::AFTR_NAME if len >= 3 => aftr_name(ctx, v),
        O::NEW_POSIX_TIMEZONE | O::NEW_TZDB_TIMEZONE | O::MUD_URL if len >= 5 => {
            ctx.s(" ");
            padded_text(ctx, v);
            ctx.s(")");
        }
        O::BOOTFILE_URL => {
            ctx.s(" ");
            text(ctx, v);
            ctx.s(")");
        }
        O::USER_CLASS | O::SZTP_REDIRECT => counted_strings(ctx, v),
        // The fixed-size options above whose length is wrong.
        O::IA_ADDR | O::ORO | O::ERO | O::PREFERENCE | O::RECONF_MSG | O::ELAPSED_TIME | O::LIFETIME | O::CLT_TIME | O::AUTH => ctx.s(" ?)"),
        O::SIP_SERVER_A | O::DNS_SERVERS | O::SNTP_SERVERS | O::NIS_SERVERS | O::NISP_SERVERS | O::BCMCS_SERVER_A | O::PANA_AGENT | O::LQ_CLIENT_LINK => ctx.s(" ?)"),
        O::STATUS_CODE | O::IA_NA | O::IA_PD | O::IA_TA | O::IA_PD_PREFIX | O::REMOTE_ID | O::LQ_QUERY | O::LQ_RELAY_DATA | O::NTP_SERVER => ctx.s(" ?)"),
        O::AFTR_NAME | O::NEW_POSIX_TIMEZONE | O::NEW_TZDB_TIMEZONE | O::MUD_URL => ctx.s(" ?)"),
        _ => ctx.s(")"),
    }
    Ok(true)
}

/// Big-endian u32 at `at` of a value already checked to hold it.
fn be32(v: &[u8], at: usize) -> u32 {
    crate::wire::field::be32(v, at)
}

/// ` N)`.
fn number(ctx: &mut Ctx<'_>, n: u32) {
    ctx.s(" ");
    ctx.u(n);
    ctx.s(")");
}

/// A preference, or what a reconfigure message asks for.
fn small_number(ctx: &mut Ctx<'_>, code: O, b: u8) {
    if code == O::PREFERENCE {
        return number(ctx, b.into());
    }
    match b {
        msg::RENEW => ctx.s(" for renew)"),
        msg::INFORMATION_REQUEST => ctx.s(" for inf-req)"),
        _ => {
            ctx.s(" for ???(");
            fmt::x2(ctx.out, b);
            ctx.s("))");
        }
    }
}

/// ` pltime:P vltime:V` from two 32-bit lifetimes.
fn lifetimes(ctx: &mut Ctx<'_>, v: &[u8]) {
    ctx.s(" pltime:");
    ctx.u(be32(v, 0));
    ctx.s(" vltime:");
    ctx.u(be32(v, 4));
}

/// ` IAID:n`, with ` T1:n T2:n` when the header holds them (IA_NA, IA_PD).
fn ia(ctx: &mut Ctx<'_>, v: &[u8]) {
    ctx.s(" IAID:");
    ctx.u(be32(v, 0));
    if v.len() >= 12 {
        ctx.s(" T1:");
        ctx.u(be32(v, 4));
        ctx.s(" T2:");
        ctx.u(be32(v, 8));
    }
}

/// Bytes `from..min(to, len)` in hex, then `...)`.
fn hex_head(ctx: &mut Ctx<'_>, v: &[u8], from: usize, to: usize) {
    for b in v.get(from..to.min(v.len())).unwrap_or(&[]) {
        fmt::x2(ctx.out, *b);
    }
    ctx.s("...)");
}

/// Hex of `v` without separators.
fn hex(ctx: &mut Ctx<'_>, v: &[u8]) {
    for b in v {
        fmt::x2(ctx.out, *b);
    }
}

/// A DUID (RFC 8415 §11): its type and, for the three tcpdump knows, the
/// fields in hex.
fn duid_value(ctx: &mut Ctx<'_>, v: &[u8]) {
    if v.len() < 2 {
        return ctx.s(" ?)");
    }
    let kind = u16::from_be_bytes([v[0], v[1]]);
    match kind {
        duid::LLT if v.len() >= 8 => {
            ctx.s(" hwaddr/time type ");
            ctx.u(u16::from_be_bytes([v[2], v[3]]));
            ctx.s(" time ");
            ctx.u(be32(v, 4));
            ctx.s(" ");
            hex(ctx, &v[8..]);
            ctx.s(")");
        }
        duid::EN if v.len() >= 10 => {
            ctx.s(" vid ");
            hex(ctx, &v[2..10]);
            ctx.s(")");
        }
        duid::LL if v.len() >= 4 => {
            ctx.s(" hwaddr type ");
            ctx.u(u16::from_be_bytes([v[2], v[3]]));
            ctx.s(" ");
            hex(ctx, &v[4..]);
            ctx.s(")");
        }
        duid::LLT | duid::EN | duid::LL => ctx.s(" ?)"),
        _ => {
            ctx.s(" type ");
            ctx.u(kind);
            ctx.s(")");
        }
    }
}

/// Authentication (RFC 8415 §21.11): protocol, algorithm, replay
/// detection method and value, then the protocol's own part.
fn auth(ctx: &mut Ctx<'_>, v: &[u8]) {
    let (proto, alg, rdm) = (v[0], v[1], v[2]);
    match proto {
        2 => ctx.s(" proto: delayed"),
        3 => ctx.s(" proto: reconfigure"),
        p => {
            ctx.s(" proto: ");
            ctx.u(p);
        }
    }
    if alg == 1 {
        ctx.s(", alg: HMAC-MD5");
    } else {
        ctx.s(", alg: ");
        ctx.u(alg);
    }
    if rdm == 0 {
        ctx.s(", RDM: mono");
    } else {
        ctx.s(", RDM: ");
        ctx.u(rdm);
    }
    ctx.s(", RD:");
    for w in v[3..11].chunks_exact(2) {
        ctx.s(" ");
        fmt::x_pad(ctx.out, u16::from_be_bytes([w[0], w[1]]).into(), 4);
    }
    let info = &v[11..];
    match proto {
        2 if info.is_empty() => {}
        2 if info.len() >= 20 => {
            let (realm, rest) = info.split_at(info.len() - 20);
            if !realm.is_empty() {
                ctx.s(", realm: ");
                hex(ctx, realm);
            }
            ctx.s(", key ID: ");
            fmt::x_pad(ctx.out, be32(rest, 0).into(), 8);
            ctx.s(", HMAC-MD5:");
            words(ctx, &rest[4..20]);
        }
        3 if info.len() == 17 => {
            ctx.s(match info[0] {
                1 => " reconfig-key",
                2 => " type: HMAC-MD5",
                _ => " type: ??",
            });
            ctx.s(" value:");
            words(ctx, &info[1..17]);
        }
        _ => ctx.s(" ??"),
    }
    ctx.s(")");
}

/// ` %08x` for each 32-bit word.
fn words(ctx: &mut Ctx<'_>, v: &[u8]) {
    for w in v.chunks_exact(4) {
        ctx.s(" ");
        fmt::x_pad(ctx.out, be32(w, 0).into(), 8);
    }
}

/// NTP server (RFC 5908): sub-options naming servers by address or name.
fn ntp_server(ctx: &mut Ctx<'_>, v: &[u8]) -> R<bool> {
    let mut at = 0;
    // tcpdump reads a sub-option while 4 bytes are left after its start.
    while at + 4 < v.len() {
        let code = u16::from_be_bytes([v[at], v[at + 1]]);
        let len = usize::from(u16::from_be_bytes([v[at + 2], v[at + 3]]));
        at += 4;
        let Some(data) = v.get(at..at + len) else {
            return Ok(false);
        };
        ctx.s(" subopt:");
        ctx.u(code);
        match code {
            1 | 2 if len == 16 => {
                ctx.s(" ");
                fmt::ipv6(ctx.out, data);
            }
            3 => {
                ctx.s(" ");
                if dns::name_print(ctx, data, 0, 0)?.is_none() {
                    return Ok(false);
                }
            }
            _ => ctx.s(" ?"),
        }
        at += len;
    }
    ctx.s(")");
    Ok(true)
}

/// AFTR name (RFC 6334): DNS labels, printed dotted.
fn aftr_name(ctx: &mut Ctx<'_>, v: &[u8]) {
    ctx.s(" ");
    let (mut at, mut remain) = (0usize, v.len());
    while remain > 0 && v.get(at).is_some_and(|&b| b != 0) {
        let label = usize::from(v[at]);
        at += 1;
        if label >= remain - 1 {
            ctx.s(" ?");
            break;
        }
        padded_text(ctx, &v[at..at + label]);
        at += label;
        remain -= label + 1;
        if v.get(at).is_some_and(|&b| b != 0) {
            ctx.s(".");
        }
    }
    ctx.s(")");
}

/// Counted strings (user class, SZTP redirect): `a,b,c`, ` ?` when the
/// counts do not add up.
fn counted_strings(ctx: &mut Ctx<'_>, v: &[u8]) {
    ctx.s(" ");
    let mut rest = v;
    let mut first = true;
    while rest.len() >= 2 {
        if !first {
            ctx.s(",");
        }
        first = false;
        let n = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
        let Some(s) = rest.get(2..2 + n) else {
            break;
        };
        text(ctx, s);
        rest = &rest[2 + n..];
    }
    if !rest.is_empty() {
        ctx.s(" ?");
    }
    ctx.s(")");
}

/// Escaped characters (tcpdump's `nd_printjn`).
fn text(ctx: &mut Ctx<'_>, v: &[u8]) {
    fmt::safe_bytes(ctx.out, v);
}

/// Escaped characters up to the first NUL (tcpdump's `nd_printjnp`).
fn padded_text(ctx: &mut Ctx<'_>, v: &[u8]) {
    text(ctx, v.split(|&c| c == 0).next().unwrap_or(&[]));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What tcpdump -v prints for the DHCPv6 message `bp`.
    fn print_v(bp: &[u8]) -> String {
        super::super::print_layer(1, |ctx| print(ctx, bp))
    }

    #[test]
    fn user_class_and_boot_file_url_values_print_as_in_5_0() {
        // Solicit, xid 1: user class "corp","it"; boot file URL "tftp://x".
        let mut m = vec![1, 0, 0, 1, 0, 15, 0, 10, 0, 4, b'c', b'o', b'r', b'p', 0, 2, b'i', b't', 0, 59, 0, 8];
        m.extend_from_slice(b"tftp://x");
        assert_eq!(print_v(&m), "dhcp6 solicit (xid=1 (user-class corp,it) (Bootfile-URL tftp://x))");
    }

    #[test]
    fn relays_nested_past_the_depth_limit_end_in_the_truncation_mark() {
        // 2000 relay-forward messages, each the relay-message of the one before.
        let mut m = vec![1, 0, 0, 1];
        for _ in 0..2000 {
            let mut outer = vec![12, 0];
            outer.extend_from_slice(&[0; 32]);
            outer.extend_from_slice(&[0, 9]);
            outer.extend_from_slice(&(m.len() as u16).to_be_bytes());
            outer.extend_from_slice(&m);
            m = outer;
            if m.len() > 60_000 {
                break;
            }
        }
        assert!(print_v(&m).contains("(relay-message ( [|dhcp6]))"));
    }

    #[test]
    fn no_cut_or_changed_byte_of_a_message_panics() {
        // Solicit with an IA_NA holding an IA_ADDR, a search list and an NTP server.
        let mut m = vec![1, 0, 0, 1, 0, 3, 0, 40, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 24];
        m.extend_from_slice(&[0x20; 24]);
        m.extend_from_slice(&[0, 24, 0, 5, 3, b'c', b'o', b'm', 0, 0, 56, 0, 9, 0, 3, 0, 5, 3, b'n', b't', b'p', 0]);
        for cut in 0..=m.len() {
            print_v(&m[..cut]);
        }
        for at in 0..m.len() {
            for b in 0..=255 {
                let mut x = m.clone();
                x[at] = b;
                print_v(&x);
            }
        }
    }
}
