//! Names clients asked for, read from the first payload of a packet: DNS
//! query names, HTTP Host headers and TLS server names (SNI). The report
//! lists them per server; they are untrusted bytes from the wire, so they
//! are kept as given (lossy UTF-8, length-limited) and every printer
//! escapes them.

use std::collections::HashMap;
use std::net::IpAddr;

/// Longest name kept (longer ones are cut).
pub const MAX_NAME: usize = 255;
/// Distinct (kind, server, name) entries kept; more are counted.
pub const MAX_NAMES: usize = 2000;

/// Where a name came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameKind {
    Dns,
    HttpHost,
    TlsSni,
}

impl NameKind {
    /// "dns", "http host", "tls sni".
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Dns => "dns query",
            NameKind::HttpHost => "http host",
            NameKind::TlsSni => "tls sni",
        }
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(&b[..b.len().min(MAX_NAME)]).into_owned()
}

/// The query name of a DNS query (RFC 1035 §4.1.2), labels joined by dots.
pub fn dns_qname(m: &[u8]) -> Option<String> {
    let qd = u16::from_be_bytes([*m.get(4)?, *m.get(5)?]);
    let is_query = m.get(2)? & 0x80 == 0;
    if qd == 0 || !is_query {
        return None;
    }
    let mut i = 12;
    let mut name: Vec<u8> = Vec::new();
    loop {
        let len = *m.get(i)? as usize;
        if len == 0 {
            break;
        }
        if len & 0xc0 != 0 || name.len() > MAX_NAME {
            return None;
        }
        if !name.is_empty() {
            name.push(b'.');
        }
        name.extend_from_slice(m.get(i + 1..i + 1 + len)?);
        i += 1 + len;
    }
    Some(text(&name))
}

/// The Host header of an HTTP/1 request.
pub fn http_host(p: &[u8]) -> Option<String> {
    const METHODS: [&[u8]; 7] = [b"GET ", b"POST ", b"HEAD ", b"PUT ", b"DELETE ", b"OPTIONS ", b"CONNECT "];
    if !METHODS.iter().any(|m| p.starts_with(m)) {
        return None;
    }
    for line in p.split(|&b| b == b'\n').skip(1) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if line.len() > 5 && line[..5].eq_ignore_ascii_case(b"host:") {
            return Some(text(line[5..].trim_ascii()));
        }
    }
    None
}

/// The server_name of a TLS ClientHello (RFC 8446 §4.1.2, RFC 6066 §3).
pub fn tls_sni(p: &[u8]) -> Option<String> {
    if *p.first()? != 0x16 || *p.get(5)? != 0x01 {
        return None;
    }
    let be16 = |i: usize| -> Option<usize> { Some(u16::from_be_bytes([*p.get(i)?, *p.get(i + 1)?]) as usize) };
    // record(5) handshake header(4) version(2) random(32)
    let mut i = 5 + 4 + 2 + 32;
    i += 1 + *p.get(i)? as usize; // session id
    i += 2 + be16(i)?; // cipher suites
    i += 1 + *p.get(i)? as usize; // compression methods
    let end = (i + 2 + be16(i)?).min(p.len());
    i += 2;
    while i + 4 <= end {
        let (kind, len) = (be16(i)?, be16(i + 2)?);
        if kind == 0 {
            // list length(2) type(1) name length(2) name
            let n = be16(i + 4 + 3)?;
            return p.get(i + 4 + 5..i + 4 + 5 + n).map(text);
        }
        i += 4 + len;
    }
    None
}

/// The name a packet's payload asks for, if any.
pub fn from_payload(proto: u8, dport: u16, payload: &[u8]) -> Option<(NameKind, String)> {
    match proto {
        17 if dport == 53 || dport == 5353 => dns_qname(payload).map(|n| (NameKind::Dns, n)),
        6 => http_host(payload)
            .map(|n| (NameKind::HttpHost, n))
            .or_else(|| tls_sni(payload).map(|n| (NameKind::TlsSni, n))),
        _ => None,
    }
}

/// Names seen, with the server asked and how often (bounded).
#[derive(Debug, Default)]
pub struct NameTable {
    seen: HashMap<(NameKind, IpAddr, String), u64>,
    /// Entries not kept because the table was full.
    pub dropped: u64,
}

impl NameTable {
    /// Records one name asked of `server`.
    pub fn add(&mut self, kind: NameKind, server: IpAddr, name: String) {
        let full = self.seen.len() >= MAX_NAMES;
        let key = (kind, server, name);
        match self.seen.get_mut(&key) {
            Some(n) => *n += 1,
            None if full => self.dropped += 1,
            None => {
                self.seen.insert(key, 1);
            }
        }
    }
    /// Entries sorted by kind, server and name.
    pub fn sorted(&self) -> Vec<(NameKind, IpAddr, &str, u64)> {
        let mut v: Vec<_> = self.seen.iter().map(|((k, s, n), c)| (*k, *s, n.as_str(), *c)).collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_host_header_of_a_request() {
        let r = b"GET / HTTP/1.1\r\nUser-Agent: x\r\nHost: <b>x</b>\r\n\r\n";
        assert_eq!(http_host(r).as_deref(), Some("<b>x</b>"));
    }

    #[test]
    fn reads_a_dns_query_name() {
        let mut m = vec![0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0];
        m.extend_from_slice(b"\x03www\x07example\x03com\x00\x00\x01\x00\x01");
        assert_eq!(dns_qname(&m).as_deref(), Some("www.example.com"));
    }

    #[test]
    fn a_truncated_client_hello_gives_no_name() {
        assert_eq!(tls_sni(&[0x16, 3, 1, 0, 50, 1, 0]), None);
    }
}
