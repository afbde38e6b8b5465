//! Zeek's `service` column: which application protocol a connection carries.
//!
//! Zeek decides by dynamic protocol detection: signatures on the first
//! payload of each direction (`dpd.sig`, most needing the reverse
//! direction to match too) or a port registration, then the analyzer
//! confirms by parsing. We have no analyzers, so a service is named only
//! when both directions look like the protocol where Zeek's signature
//! requires it, and a port-registered protocol (DNS, DHCP, NTP, Kerberos,
//! Modbus) only when the first message on its port has a sane header.
//!
//! Input per connection is [`Probe`]: the first payload head (from
//! [`Summary::head`]) each side sent, and whether its packets carried a
//! decapsulated tunnel. [`detect`] is a pure function of it, run when the
//! record is read. Protocols found deeper in the stream (ntlm inside LDAP,
//! ssl after STARTTLS) and `ftp-data` (announced inside the FTP control
//! stream, past the head) are out of reach.

use crate::wire::summary::{PayloadHead, Summary};
use crate::wire::Tunnel;
use std::fmt;

/// An application protocol, named as Zeek's analyzers are in conn.log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    Http,
    Ssl,
    Ssh,
    Ftp,
    Smtp,
    Pop3,
    Imap,
    Dns,
    Dhcp,
    Ntp,
    /// Kerberos over UDP (`krb`).
    Krb,
    /// Kerberos over TCP (`krb_tcp`).
    KrbTcp,
    LdapTcp,
    Rdp,
    Modbus,
    DceRpc,
    Teredo,
    Vxlan,
    Ayiya,
    Gtpv1,
}

impl Service {
    /// Zeek's name for the service.
    pub fn as_str(self) -> &'static str {
        match self {
            Service::Http => "http",
            Service::Ssl => "ssl",
            Service::Ssh => "ssh",
            Service::Ftp => "ftp",
            Service::Smtp => "smtp",
            Service::Pop3 => "pop3",
            Service::Imap => "imap",
            Service::Dns => "dns",
            Service::Dhcp => "dhcp",
            Service::Ntp => "ntp",
            Service::Krb => "krb",
            Service::KrbTcp => "krb_tcp",
            Service::LdapTcp => "ldap_tcp",
            Service::Rdp => "rdp",
            Service::Modbus => "modbus",
            Service::DceRpc => "dce_rpc",
            Service::Teredo => "teredo",
            Service::Vxlan => "vxlan",
            Service::Ayiya => "ayiya",
            Service::Gtpv1 => "gtpv1",
        }
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a connection keeps for detection, indexed by endpoint slot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Probe {
    /// First non-empty payload head each side sent.
    pub(crate) head: [PayloadHead; 2],
    /// A tunnel the wire stage opened in what each side sent.
    pub(crate) carried: [Option<Tunnel>; 2],
}

impl Probe {
    /// Notes a packet sent by endpoint slot `e` (checksum-valid packets
    /// only); `expected` is the TCP sequence number that side's stream
    /// continues at (its high-water mark before this segment).
    pub(crate) fn observe(&mut self, e: usize, s: &Summary, expected: Option<u32>) {
        let Some(slot) = self.head.get_mut(e) else { return };
        if slot.is_empty() {
            *slot = s.head;
        } else if let Some(t) = s.tcp() {
            // Zeek matches on the reassembled stream: add the in-order
            // continuation while the head is short (a few segments at most).
            if !slot.is_full() && expected == Some(t.seq) && t.payload_len > 0 {
                slot.extend(s.head.as_slice());
            }
        }
        if let Some(k) = s.carries {
            self.carried[e] = Some(k);
        }
    }
}

/// One connection's view for detection, oriented originator → responder.
#[derive(Clone, Copy, Debug)]
pub struct View<'a> {
    /// IP protocol (6 TCP, 17 UDP).
    pub proto: u8,
    pub orig_port: u16,
    pub resp_port: u16,
    /// First payload head of the originator / responder (empty when none).
    pub orig: &'a [u8],
    pub resp: &'a [u8],
    pub orig_carried: Option<Tunnel>,
    pub resp_carried: Option<Tunnel>,
    /// TCP: a SYN or SYN-ACK was seen, so the heads are stream starts.
    pub syn_seen: bool,
}

/// The service Zeek would log for the connection, when one is recognised.
pub fn detect(v: &View<'_>) -> Option<Service> {
    match v.proto {
        6 => detect_tcp(v),
        17 => detect_udp(v),
        _ => None,
    }
}

fn detect_tcp(v: &View<'_>) -> Option<Service> {
    let (o, r, port) = (v.orig, v.resp, v.resp_port);
    if o.is_empty() || r.is_empty() {
        // Every TCP analyzer confirms on a dialogue: one side is not enough.
        return None;
    }
    // Zeek's HTTP analyzer ignores partial connections (no SYN seen): a
    // mid-stream request/reply pair logs `-`.
    if v.syn_seen && http_request(o) && starts_with_digit_after(r, b"HTTP/") {
        return Some(Service::Http);
    }
    // The SSL analyzer confirms on the client hello; a server reply that is
    // no TLS record at all (HTTP, a banner) is a violation.
    if tls_client_hello(o) && (tls_server_hello(r) || tls_record(r)) {
        return Some(Service::Ssl);
    }
    if ssh_banner(o) && (ssh_banner(r) || port == 22) {
        // On 22 the analyzer is port-registered and skips server pre-banner lines.
        return Some(Service::Ssh);
    }
    if greeting_code(r, b"220") || greeting_code(r, b"120") {
        if command(o, &[b"USER", b"AUTH"]) {
            return Some(Service::Ftp);
        }
        if command(o, &[b"EHLO", b"HELO"]) {
            return Some(Service::Smtp);
        }
    }
    if r.starts_with(b"+OK") && command(o, POP3_COMMANDS) {
        return Some(Service::Pop3);
    }
    if (r.starts_with(b"* OK") || r.starts_with(b"* PREAUTH")) && imap_command(o) {
        return Some(Service::Imap);
    }
    if port == 88 && krb_tag(o.get(4), true) && krb_tag(r.get(4), false) {
        return Some(Service::KrbTcp);
    }
    if ldap_message(o, port) && r.first() == Some(&0x30) {
        return Some(Service::LdapTcp);
    }
    if tpkt(o, 0xe0) && tpkt(r, 0xd0) {
        return Some(Service::Rdp);
    }
    if port == 502 && modbus(o) && modbus(r) && o.get(..2) == r.get(..2) {
        return Some(Service::Modbus);
    }
    if dce_rpc(o, &[11, 14]) && dce_rpc(r, &[]) {
        return Some(Service::DceRpc);
    }
    if port == 53 && o.len() > 2 && dns_header(&o[2..]) && r.len() > 2 && dns_header(&r[2..]) {
        return Some(Service::Dns);
    }
    None
}

fn detect_udp(v: &View<'_>) -> Option<Service> {
    let carried = |k: Tunnel| v.orig_carried == Some(k) || v.resp_carried == Some(k);
    if carried(Tunnel::Vxlan) || (v.resp_port == 4789 && (vxlan(v.orig) || vxlan(v.resp))) {
        // VXLAN is port-registered: a header is enough even when the
        // inner frame was too short to decapsulate.
        return Some(Service::Vxlan);
    }
    if carried(Tunnel::Ayiya) {
        return Some(Service::Ayiya);
    }
    if v.orig_carried == Some(Tunnel::Teredo) && v.resp_carried == Some(Tunnel::Teredo) {
        // Zeek delays Teredo confirmation until both directions were valid.
        return Some(Service::Teredo);
    }
    let (o, r, port) = (v.orig, v.resp, v.resp_port);
    let either = |f: fn(&[u8]) -> bool| (!o.is_empty() && f(o)) || (!r.is_empty() && f(r));
    match port {
        // Zeek's DNS analyzer ports (DNS, NetBIOS name service, mDNS, LLMNR).
        53 | 137 | 5353 | 5355 if either(dns_header) => Some(Service::Dns),
        67 | 68 if either(dhcp) => Some(Service::Dhcp),
        123 if either(ntp) => Some(Service::Ntp),
        88 if either(|h| krb_tag(h.first(), true) || krb_tag(h.first(), false)) => Some(Service::Krb),
        2152 | 2123 if either(gtpv1) => Some(Service::Gtpv1),
        _ => None,
    }
}

/// Request methods Zeek's HTTP signature and parser accept.
const HTTP_METHODS: &[&[u8]] = &[
    b"GET", b"HEAD", b"POST", b"PUT", b"DELETE", b"OPTIONS", b"TRACE", b"CONNECT", b"PATCH",
    b"PROPFIND", b"PROPPATCH", b"MKCOL", b"COPY", b"MOVE", b"LOCK", b"UNLOCK", b"SEARCH",
];

const POP3_COMMANDS: &[&[u8]] = &[
    b"USER", b"PASS", b"APOP", b"AUTH", b"CAPA", b"STAT", b"LIST", b"RETR", b"DELE", b"QUIT",
    b"STLS", b"UIDL", b"TOP", b"NOOP", b"RSET",
];

fn trim_start(h: &[u8]) -> &[u8] {
    let n = h.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &h[n..]
}

/// A method followed by a space or tab.
fn http_request(h: &[u8]) -> bool {
    let h = trim_start(h);
    HTTP_METHODS.iter().any(|m| {
        h.strip_prefix(*m).is_some_and(|rest| matches!(rest.first(), Some(b' ' | b'\t')))
    })
}

fn starts_with_digit_after(h: &[u8], prefix: &[u8]) -> bool {
    h.strip_prefix(prefix).is_some_and(|rest| rest.first().is_some_and(u8::is_ascii_digit))
}

/// `\x16\x03[\x00-\x04]..\x01` (TLS ClientHello) or an SSLv2 client hello
/// (`...?\x01[\x00\x03][\x00-\x03]`), as Zeek's dpd_ssl_client.
fn tls_client_hello(h: &[u8]) -> bool {
    let v3 = h.len() >= 6 && h[0] == 0x16 && h[1] == 3 && h[2] <= 4 && h[5] == 1;
    let v2 = [2, 3].iter().any(|&i| {
        h.len() > i + 2 && h[i] == 1 && matches!(h[i + 1], 0 | 3) && h[i + 2] <= 3
    });
    v3 || (v2 && h[0] & 0x80 != 0)
}

/// A ServerHello record (after an optional alert record), or an SSLv2
/// server hello (`...?\x04..\x00\x02`), as Zeek's dpd_ssl_server.
fn tls_server_hello(h: &[u8]) -> bool {
    let rec = |h: &[u8]| h.len() >= 6 && h[0] == 0x16 && h[1] == 3 && h[2] <= 4 && h[5] == 2;
    let after_alert = h.len() > 7 && h[0] == 0x15 && h[1] == 3 && rec(&h[7..]);
    let v2 = [2, 3].iter().any(|&i| h.len() > i + 4 && h[i] == 4 && h[i + 3] == 0 && h[i + 4] == 2);
    rec(h) || after_alert || (v2 && h[0] & 0x80 != 0)
}

fn ssh_banner(h: &[u8]) -> bool {
    h.len() >= 4 && h[..4].eq_ignore_ascii_case(b"SSH-")
}

/// A reply line with this code (`220 ` or `220-`).
fn greeting_code(h: &[u8], code: &[u8]) -> bool {
    h.strip_prefix(code).is_some_and(|rest| matches!(rest.first(), Some(b' ' | b'-' | b'\r' | b'\n')))
}

/// One of `words` (any case) as the first token, followed by a separator.
fn command(h: &[u8], words: &[&[u8]]) -> bool {
    let h = trim_start(h);
    words.iter().any(|w| {
        h.len() > w.len()
            && h[..w.len()].eq_ignore_ascii_case(w)
            && matches!(h[w.len()], b' ' | b'\r' | b'\n')
    })
}

/// `tag COMMAND`: an alphanumeric tag, a space, a letter.
fn imap_command(h: &[u8]) -> bool {
    let tag = h.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'.').count();
    tag > 0 && h.get(tag) == Some(&b' ') && h.get(tag + 1).is_some_and(u8::is_ascii_alphabetic)
}

/// Kerberos message application tags: AS-REQ/TGS-REQ from the client,
/// AS-REP/TGS-REP/KRB-ERROR from the server.
fn krb_tag(b: Option<&u8>, request: bool) -> bool {
    match b {
        Some(0x6a | 0x6c) => request,
        Some(0x6b | 0x6d | 0x7e) => !request,
        _ => false,
    }
}

/// An LDAPMessage: a BER SEQUENCE then the INTEGER messageID. On the LDAP
/// ports a long-form length is accepted; elsewhere only the short form
/// Zeek's signature (`^\x30.\x02\x01`) matches.
fn ldap_message(h: &[u8], port: u16) -> bool {
    if h.first() != Some(&0x30) {
        return false;
    }
    if h.get(2..4) == Some(&[0x02, 0x01]) {
        return true;
    }
    let long = h.get(1).map_or(0, |b| if b & 0x80 != 0 { (b & 0x7f) as usize } else { 0 });
    matches!(port, 389 | 3268) && (1..=4).contains(&long) && h.get(2 + long) == Some(&0x02)
}

/// TPKT version 3 carrying an X.224 TPDU of this code (0xe0 connection
/// request, 0xd0 connection confirm).
fn tpkt(h: &[u8], code: u8) -> bool {
    h.len() >= 6 && h[0] == 3 && h[1] == 0 && h[5] & 0xf0 == code
}

/// A Modbus/TCP MBAP header: protocol id 0, a length a PDU can have, a
/// function code (exceptions have the high bit set).
fn modbus(h: &[u8]) -> bool {
    if h.len() < 8 || h[2] != 0 || h[3] != 0 {
        return false;
    }
    let len = u16::from_be_bytes([h[4], h[5]]);
    let func = h[7] & 0x7f;
    (2..=254).contains(&len) && (1..=43).contains(&func)
}

/// A DNS header a parser would take: a known opcode, at least one record,
/// not more questions than a real message carries.
fn dns_header(h: &[u8]) -> bool {
    if h.len() < 12 {
        return false;
    }
    let opcode = (h[2] >> 3) & 0x0f;
    let count = |i: usize| u16::from_be_bytes([h[i], h[i + 1]]) as u32;
    let qd = count(4);
    let total = qd + count(6) + count(8) + count(10);
    matches!(opcode, 0 | 1 | 2 | 4 | 5) && total > 0 && qd <= 16
}

/// BOOTP op (request or reply) and a hardware address length that fits.
fn dhcp(h: &[u8]) -> bool {
    h.len() >= 4 && matches!(h[0], 1 | 2) && h[2] <= 16
}

/// NTP version 1–4 and a defined mode.
fn ntp(h: &[u8]) -> bool {
    let Some(&b) = h.first() else { return false };
    let (version, mode) = ((b >> 3) & 7, b & 7);
    (1..=4).contains(&version) && mode != 0
}

/// A VXLAN header: the I flag, reserved bits zero.
fn vxlan(h: &[u8]) -> bool {
    h.len() >= 8 && h[0] == 0x08 && h[1..4] == [0, 0, 0] && h[7] == 0
}

/// Any TLS record header: content type 20–23, version 3.x.
fn tls_record(h: &[u8]) -> bool {
    h.len() >= 3 && (20..=23).contains(&h[0]) && h[1] == 3 && h[2] <= 4
}

/// A DCE/RPC connection-oriented PDU header (version 5.0 or 5.1) whose
/// type is one of `types` (any when empty): 11 bind, 14 alter context.
fn dce_rpc(h: &[u8], types: &[u8]) -> bool {
    h.len() >= 3 && h[0] == 5 && h[1] <= 1 && (types.is_empty() || types.contains(&h[2]))
}

/// GTPv1 header: version 1, protocol type GTP.
fn gtpv1(h: &[u8]) -> bool {
    h.len() >= 8 && h[0] >> 5 == 1 && h[0] & 0x10 != 0
}

#[cfg(test)]
mod tests;
