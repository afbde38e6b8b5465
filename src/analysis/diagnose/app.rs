//! The application bytes a rule needs, read once per packet from the first
//! payload bytes a [`Summary`] keeps: a TLS record header (and an alert's
//! level and description, RFC 8446 §5.1 and §6), a DNS header (RFC 1035
//! §4.1.1: ID, QR, RCODE) over UDP or TCP.

use crate::wire::registry::Port;
use crate::wire::summary::{Summary, Transport};

/// What the first payload bytes of a packet say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum App {
    /// Nothing a rule reads.
    #[default]
    None,
    /// A TLS record: content type (20 change_cipher_spec, 21 alert,
    /// 22 handshake, 23 application_data); for an alert its level and
    /// description, for a handshake record the handshake type in `a`.
    Tls { ctype: u8, len: u16, a: u8, b: u8 },
    /// A DNS message header.
    Dns { id: u16, response: bool, rcode: u8, qdcount: u16, ancount: u16 },
}

/// Unicast DNS only, of the ports that carry DNS (`Port::carries_dns`):
/// mDNS and LLMNR queries go to a group and are answered by whoever has
/// the name, if anyone, so an unanswered one is no DNS failure.
fn dns_port(p: u16) -> bool {
    Port(p) == Port::DNS
}

/// Reads the application header of `s`, if it carries one a rule uses.
pub fn of(s: &Summary) -> App {
    let h = s.head.as_slice();
    match &s.transport {
        Transport::Udp(u) if dns_port(u.sport) || dns_port(u.dport) => dns(h),
        Transport::Tcp(t) if (dns_port(t.sport) || dns_port(t.dport)) && h.len() >= 2 => {
            // DNS over TCP: a two-byte length, then the message (RFC 1035 §4.2.2).
            let len = u16::from_be_bytes([h[0], h[1]]) as u32;
            if len + 2 >= t.payload_len.min(14) && len >= 12 {
                dns(&h[2..])
            } else {
                App::None
            }
        }
        Transport::Tcp(_) => tls(h),
        _ => App::None,
    }
}

fn dns(h: &[u8]) -> App {
    // Read through wire's DNS header view (the whole 12-byte header).
    let Some(d) = crate::wire::dns::Dns::new(h) else { return App::None };
    // Standard query opcode only; one question is what resolvers send.
    if d.opcode() != 0 || d.qdcount() > 4 {
        return App::None;
    }
    App::Dns { id: d.id(), response: d.is_response(), rcode: d.rcode() as u8, qdcount: d.qdcount(), ancount: d.ancount() }
}

fn tls(h: &[u8]) -> App {
    // type(1) version(2) length(2): versions 3.0 ..= 3.4 on the record layer.
    if h.len() < 5 || !(20..=23).contains(&h[0]) || h[1] != 3 || h[2] > 4 {
        return App::None;
    }
    let len = u16::from_be_bytes([h[3], h[4]]);
    if len == 0 || len > 18_432 {
        return App::None;
    }
    let a = h.get(5).copied().unwrap_or(0);
    let b = h.get(6).copied().unwrap_or(0);
    App::Tls { ctype: h[0], len, a, b }
}

/// TLS alert description names (RFC 8446 §6, plus the TLS 1.2 ones).
pub fn alert_name(d: u8) -> &'static str {
    match d {
        0 => "close_notify",
        10 => "unexpected_message",
        20 => "bad_record_mac",
        21 => "decryption_failed",
        22 => "record_overflow",
        30 => "decompression_failure",
        40 => "handshake_failure",
        41 => "no_certificate",
        42 => "bad_certificate",
        43 => "unsupported_certificate",
        44 => "certificate_revoked",
        45 => "certificate_expired",
        46 => "certificate_unknown",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        49 => "access_denied",
        50 => "decode_error",
        51 => "decrypt_error",
        60 => "export_restriction",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        90 => "user_canceled",
        100 => "no_renegotiation",
        109 => "missing_extension",
        110 => "unsupported_extension",
        111 => "certificate_unobtainable",
        112 => "unrecognized_name",
        113 => "bad_certificate_status_response",
        114 => "bad_certificate_hash_value",
        115 => "unknown_psk_identity",
        116 => "certificate_required",
        120 => "no_application_protocol",
        _ => "unknown alert",
    }
}

/// "fatal" / "warning" (RFC 8446 §6: AlertLevel).
pub fn alert_level(l: u8) -> &'static str {
    match l {
        1 => "warning",
        2 => "fatal",
        _ => "unknown level",
    }
}

/// DNS RCODE names (names::dns, IANA's mnemonics); a code in no registry
/// is "other error".
pub fn rcode_name(r: u8) -> &'static str {
    crate::names::dns::rcode(u16::from(r)).unwrap_or("other error")
}
