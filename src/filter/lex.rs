//! Tokens of a pcap-filter(7) expression, split as libpcap's scanner.l does:
//! the longest match wins, so `len-1` is one (unknown) name and `len - 1` is
//! arithmetic; `80-90` is a port range; a word that is a keyword is never a name
//! (write `\ip` for the name `ip`, as in `ether proto \ip`).

use super::FilterError;

/// One token and the 1-based column where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    pub col: usize,
}

/// Token kinds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// A number (decimal, 0x hex, leading-0 octal) or a named constant such as `tcp-syn`.
    Num(u32),
    /// A dotted IPv4 address or prefix (`10`, `10.1`, `10.1.2.3` with 2 to 4 parts).
    Hid(String),
    /// An IPv6 address.
    Hid6(String),
    /// An Ethernet address.
    Eid([u8; 6]),
    /// Any other word (a service, protocol or host name).
    Id(String),
    /// A keyword.
    Kw(&'static str),
    /// Punctuation and operators.
    Sym(&'static str),
    End,
}

impl Tok {
    /// How an error message names this token.
    pub fn describe(&self) -> String {
        match self {
            Tok::Num(n) => format!("number {n}"),
            Tok::Hid(s) | Tok::Hid6(s) => format!("address {s}"),
            Tok::Eid(_) => "an Ethernet address".into(),
            Tok::Id(s) => format!("'{s}'"),
            Tok::Kw(k) => format!("'{k}'"),
            Tok::Sym(s) => format!("'{s}'"),
            Tok::End => "the end of the expression".into(),
        }
    }
}

/// Keywords of libpcap's scanner (the ones tcpsleuth compiles and the rest,
/// so that `decnet` is an unsupported keyword rather than a host name).
const KEYWORDS: &[&str] = &[
    "dst", "src", "host", "net", "mask", "port", "portrange", "proto", "protochain", "gateway",
    "less", "greater", "byte", "broadcast", "multicast", "and", "or", "not", "len", "vlan",
    "mpls", "link", "ether", "ppp", "slip", "fddi", "tr", "wlan", "arp", "rarp", "ip", "sctp",
    "tcp", "udp", "icmp", "igmp", "igrp", "pim", "vrrp", "carp", "ip6", "icmp6", "ah", "esp",
    "inbound", "outbound", "ifindex", "radio", "atalk", "aarp", "decnet", "lat", "sca", "moprc",
    "mopdl", "iso", "esis", "es-is", "isis", "is-is", "l1", "l2", "iih", "lsp", "snp", "csnp",
    "psnp", "clnp", "stp", "ipx", "netbeui", "type", "subtype", "direction", "dir", "address1",
    "addr1", "address2", "addr2", "address3", "addr3", "address4", "addr4", "ra", "ta", "lane",
    "llc", "metac", "bcc", "oam", "oamf4", "connectmsg", "metaconnect", "vpi", "vci", "pppoed",
    "pppoes", "geneve", "on", "ifname", "rnr", "rulenum", "reason", "rset", "ruleset", "srnr",
    "subrulenum", "action", "fisu", "lssu", "msu", "hfisu", "hlssu", "hmsu", "sio", "opc", "dpc",
    "sls", "hsio", "hopc", "hdpc", "hsls",
];

/// Named constants the scanner turns into numbers.
const CONSTANTS: &[(&str, u32)] = &[
    ("icmptype", 0), ("icmpcode", 1), ("icmp-echoreply", 0), ("icmp-unreach", 3),
    ("icmp-sourcequench", 4), ("icmp-redirect", 5), ("icmp-echo", 8), ("icmp-routeradvert", 9),
    ("icmp-routersolicit", 10), ("icmp-timxceed", 11), ("icmp-paramprob", 12), ("icmp-tstamp", 13),
    ("icmp-tstampreply", 14), ("icmp-ireq", 15), ("icmp-ireqreply", 16), ("icmp-maskreq", 17),
    ("icmp-maskreply", 18), ("icmp6type", 0), ("icmp6code", 1), ("icmp6-destinationunreach", 1),
    ("icmp6-packettoobig", 2), ("icmp6-timeexceeded", 3), ("icmp6-parameterproblem", 4),
    ("icmp6-echo", 128), ("icmp6-echoreply", 129), ("icmp6-multicastlistenerquery", 130),
    ("icmp6-multicastlistenerreportv1", 131), ("icmp6-multicastlistenerdone", 132),
    ("icmp6-routersolicit", 133), ("icmp6-routeradvert", 134), ("icmp6-neighborsolicit", 135),
    ("icmp6-neighboradvert", 136), ("icmp6-redirect", 137), ("icmp6-routerrenum", 138),
    ("icmp6-nodeinformationquery", 139), ("icmp6-nodeinformationresponse", 140),
    ("icmp6-ineighbordiscoverysolicit", 141), ("icmp6-ineighbordiscoveryadvert", 142),
    ("icmp6-multicastlistenerreportv2", 143), ("icmp6-homeagentdiscoveryrequest", 144),
    ("icmp6-homeagentdiscoveryreply", 145), ("icmp6-mobileprefixsolicit", 146),
    ("icmp6-mobileprefixadvert", 147), ("icmp6-certpathsolicit", 148),
    ("icmp6-certpathadvert", 149), ("icmp6-multicastrouteradvert", 151),
    ("icmp6-multicastroutersolicit", 152), ("icmp6-multicastrouterterm", 153),
    ("tcpflags", 13), ("tcp-fin", 0x01), ("tcp-syn", 0x02), ("tcp-rst", 0x04),
    ("tcp-push", 0x08), ("tcp-ack", 0x10), ("tcp-urg", 0x20), ("tcp-ece", 0x40),
    ("tcp-cwr", 0x80),
];

/// Operators, longest first.
const SYMBOLS: &[&str] = &[
    "&&", "||", "<<", ">>", "<=", ">=", "==", "!=", "(", ")", "[", "]", ":", "/", "+", "-", "*",
    "%", "&", "|", "^", "<", ">", "=", "!",
];

/// Splits `expr` into tokens, ending with [`Tok::End`].
pub fn tokens(expr: &str) -> Result<Vec<Token>, FilterError> {
    let b = expr.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let col = expr[..i].chars().count() + 1;
        let (tok, len) = one(expr, i).ok_or_else(|| {
            let ch = expr[i..].chars().next().unwrap_or('?');
            FilterError::new(col, format!("unexpected character '{ch}'"))
        })?;
        let tok = match tok {
            Tok::Id(s) if s.is_empty() => return Err(FilterError::new(col, "expected a name after '\\'")),
            Tok::Kw("and") => Tok::Sym("&&"),
            Tok::Kw("or") => Tok::Sym("||"),
            Tok::Kw("not") => Tok::Sym("!"),
            Tok::Sym("==") => Tok::Sym("="),
            t => t,
        };
        out.push(Token { tok, col });
        i += len;
    }
    let col = expr.chars().count() + 1;
    out.push(Token { tok: Tok::End, col });
    Ok(out)
}

/// The token starting at byte `i` and its length in bytes.
fn one(expr: &str, i: usize) -> Option<(Tok, usize)> {
    let rest = &expr[i..];
    let b = rest.as_bytes();
    // Addresses with colons (IPv6, Ethernet) are longer than any word match.
    let addr_len = b.iter().take_while(|c| c.is_ascii_hexdigit() || **c == b':' || **c == b'.').count();
    if addr_len > 0 && rest[..addr_len].contains(':') {
        let s = &rest[..addr_len];
        if let Some(mac) = parse_mac(s) {
            return Some((Tok::Eid(mac), addr_len));
        }
        if s.parse::<std::net::Ipv6Addr>().is_ok() {
            return Some((Tok::Hid6(s.to_string()), addr_len));
        }
    }
    if b[0] == b'\\' {
        let n = b[1..].iter().take_while(|c| !matches!(c, b' ' | b'!' | b'(' | b')' | b'\n' | b'\t')).count();
        return Some((Tok::Id(rest[1..1 + n].to_string()), 1 + n));
    }
    let word = word_len(b);
    if word > 0 {
        let w = &rest[..word];
        // Ethernet addresses written with dashes or dots (00-11-22-33-44-55, 0011.2233.4455).
        if let Some(mac) = parse_mac(w) {
            return Some((Tok::Eid(mac), word));
        }
        return Some((classify(w), word));
    }
    SYMBOLS.iter().find(|s| rest.starts_with(**s)).map(|s| (Tok::Sym(s), s.len()))
}

/// Length of flex's ID match `[A-Za-z0-9]([-_.A-Za-z0-9]*[.A-Za-z0-9])?`.
fn word_len(b: &[u8]) -> usize {
    if !b.first().is_some_and(|c| c.is_ascii_alphanumeric()) {
        return 0;
    }
    let run = b.iter().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')).count();
    // The match must end on a letter, digit or dot.
    (1..=run).rev().find(|&n| b[n - 1].is_ascii_alphanumeric() || b[n - 1] == b'.').unwrap_or(1)
}

/// A word: keyword, named constant, number, dotted address or name.
fn classify(w: &str) -> Tok {
    if let Some(k) = KEYWORDS.iter().find(|k| **k == w) {
        return Tok::Kw(k);
    }
    if let Some((_, v)) = CONSTANTS.iter().find(|(n, _)| *n == w) {
        return Tok::Num(*v);
    }
    if let Some(n) = number(w) {
        return Tok::Num(n);
    }
    let parts: Vec<&str> = w.split('.').collect();
    if (2..=4).contains(&parts.len()) && parts.iter().all(|p| number(p).is_some()) {
        return Tok::Hid(w.to_string());
    }
    Tok::Id(w.to_string())
}

/// A number as libpcap's `stou` reads it: 0x hex, leading-0 octal, else decimal.
pub fn number(s: &str) -> Option<u32> {
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        if h.is_empty() || !h.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        return u32::from_str_radix(h, 16).ok();
    }
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if s.len() > 1 && s.starts_with('0') {
        return u32::from_str_radix(s, 8).ok();
    }
    s.parse().ok()
}

/// An Ethernet address: six 1–2 digit hex groups split by ':', '-' or '.',
/// or three 4-digit groups split by '.'.
fn parse_mac(s: &str) -> Option<[u8; 6]> {
    let mut mac = [0u8; 6];
    for sep in [':', '-', '.'] {
        let parts: Vec<&str> = s.split(sep).collect();
        if parts.len() == 6 && parts.iter().all(|p| (1..=2).contains(&p.len())) {
            for (m, p) in mac.iter_mut().zip(&parts) {
                *m = u8::from_str_radix(p, 16).ok()?;
            }
            return Some(mac);
        }
    }
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() == 3 && parts.iter().all(|p| p.len() == 4) {
        for (i, p) in parts.iter().enumerate() {
            let v = u16::from_str_radix(p, 16).ok()?;
            mac[2 * i..2 * i + 2].copy_from_slice(&v.to_be_bytes());
        }
        return Some(mac);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(e: &str) -> Vec<Tok> {
        tokens(e).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn the_longest_match_wins_as_in_flex() {
        assert_eq!(kinds("len-1"), vec![Tok::Id("len-1".into()), Tok::End]);
        assert_eq!(kinds("len - 1"), vec![Tok::Kw("len"), Tok::Sym("-"), Tok::Num(1), Tok::End]);
        assert_eq!(kinds("80-90"), vec![Tok::Id("80-90".into()), Tok::End]);
    }

    #[test]
    fn addresses_and_constants_are_recognised() {
        assert_eq!(kinds("10.1")[0], Tok::Hid("10.1".into()));
        assert_eq!(kinds("fe80::1")[0], Tok::Hid6("fe80::1".into()));
        assert_eq!(kinds("0:1:2:3:4:ff")[0], Tok::Eid([0, 1, 2, 3, 4, 0xff]));
        assert_eq!(kinds("tcp-syn")[0], Tok::Num(2));
        assert_eq!(kinds("010")[0], Tok::Num(8));
        assert_eq!(kinds("\\ip")[0], Tok::Id("ip".into()));
    }

    #[test]
    fn a_stray_character_is_reported_at_its_column() {
        let e = tokens("tcp and $").unwrap_err();
        assert_eq!(e.column, 9);
    }
}
