//! Names in expressions: services (`port http`), IP protocols (`proto \tcp`)
//! and EtherTypes (`ether proto \arp`).
//!
//! libpcap asks the system (getservbyname, getprotobyname), which reads
//! /etc/services and /etc/protocols; we read the same files, so a name means
//! what it means to tcpdump on the same machine, and fall back to a short
//! built-in list where the files are missing. Host and network names are not
//! looked up (no DNS from a filter).

use super::gen::Proto;
use crate::wire::registry::EtherType;
use std::sync::OnceLock;

/// Services every system lists, for machines without /etc/services.
const BUILTIN_SERVICES: &str = "\
ftp-data 20/tcp\nftp 21/tcp\nssh 22/tcp\ntelnet 23/tcp\nsmtp 25/tcp\ndomain 53/tcp\ndomain 53/udp\n\
bootps 67/udp\nbootpc 68/udp\ntftp 69/udp\nhttp 80/tcp\nwww 80/tcp\nkerberos 88/tcp\nkerberos 88/udp\n\
pop3 110/tcp\nsunrpc 111/tcp\nsunrpc 111/udp\nntp 123/udp\nnetbios-ns 137/udp\nimap2 143/tcp\n\
snmp 161/udp\nsnmp-trap 162/udp\nbgp 179/tcp\nldap 389/tcp\nhttps 443/tcp\nhttps 443/udp\n\
microsoft-ds 445/tcp\nsyslog 514/udp\nsubmission 587/tcp\nimaps 993/tcp\npop3s 995/tcp\n\
openvpn 1194/tcp\nopenvpn 1194/udp\nmysql 3306/tcp\npostgresql 5432/tcp\n";

const BUILTIN_PROTOCOLS: &str = "\
ip 0\nicmp 1\nigmp 2\nipencap 4\ntcp 6\negp 8\nigp 9\npup 12\nudp 17\nidp 22\ndccp 33\nipv6 41\n\
ipv6-route 43\nipv6-frag 44\nrsvp 46\ngre 47\nesp 50\nah 51\nipv6-icmp 58\nipv6-nonxt 59\n\
ipv6-opts 60\nospf 89\npim 103\nvrrp 112\nl2tp 115\nsctp 132\nudplite 136\n";

/// (name or alias, port, protocol) from a services file.
fn services() -> &'static [(String, u32, Proto)] {
    static S: OnceLock<Vec<(String, u32, Proto)>> = OnceLock::new();
    S.get_or_init(|| {
        let text = std::fs::read_to_string("/etc/services").unwrap_or_else(|_| BUILTIN_SERVICES.into());
        let mut out = Vec::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut f = line.split_whitespace();
            let (Some(name), Some(pp)) = (f.next(), f.next()) else { continue };
            let Some((port, proto)) = pp.split_once('/') else { continue };
            let Ok(port) = port.parse::<u32>() else { continue };
            let proto = match proto {
                "tcp" => Proto::Tcp,
                "udp" => Proto::Udp,
                "sctp" => Proto::Sctp,
                _ => continue,
            };
            for n in std::iter::once(name).chain(f) {
                out.push((n.to_string(), port, proto));
            }
        }
        out
    })
}

/// (name or alias, number) from a protocols file.
fn protocols() -> &'static [(String, u32)] {
    static P: OnceLock<Vec<(String, u32)>> = OnceLock::new();
    P.get_or_init(|| {
        let text = std::fs::read_to_string("/etc/protocols").unwrap_or_else(|_| BUILTIN_PROTOCOLS.into());
        let mut out = Vec::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut f = line.split_whitespace();
            let (Some(name), Some(num)) = (f.next(), f.next()) else { continue };
            let Ok(num) = num.parse::<u32>() else { continue };
            for n in std::iter::once(name).chain(f) {
                out.push((n.to_string(), num));
            }
        }
        out
    })
}

/// A service name's port, and the one protocol it belongs to (None when it
/// is the same port on TCP and UDP), as libpcap's pcap_nametoport.
pub fn port(name: &str) -> Option<(u32, Option<Proto>)> {
    if let Some(n) = super::lex::number(name) {
        return Some((n, None));
    }
    let find = |p: Proto| services().iter().find(|(n, _, q)| n == name && *q == p).map(|(_, port, _)| *port);
    match (find(Proto::Tcp), find(Proto::Udp)) {
        (Some(t), Some(u)) if t == u => Some((t, None)),
        (Some(t), _) => Some((t, Some(Proto::Tcp))),
        (None, Some(u)) => Some((u, Some(Proto::Udp))),
        (None, None) => find(Proto::Sctp).map(|s| (s, Some(Proto::Sctp))),
    }
}

/// `LO-HI` with numbers or service names.
pub fn portrange(s: &str) -> Option<(u32, u32)> {
    for (i, _) in s.match_indices('-') {
        let (a, b) = (&s[..i], &s[i + 1..]);
        if let (Some((lo, _)), Some((hi, _))) = (port(a), port(b)) {
            return Some((lo, hi));
        }
    }
    port(s).map(|(p, _)| (p, p))
}

/// An IP protocol name (`tcp`, `udp`, `icmp`…).
pub fn ip_protocol(name: &str) -> Option<u32> {
    protocols().iter().find(|(n, _)| n == name).map(|(_, v)| *v)
}

/// An EtherType name, as libpcap's pcap_nametoeproto.
pub fn ethertype(name: &str) -> Option<u32> {
    let t = match name {
        "ip" => EtherType::IPV4,
        "ip6" => EtherType::IPV6,
        "arp" => EtherType::ARP,
        "rarp" => EtherType::RARP,
        "atalk" => EtherType::APPLETALK,
        "aarp" => EtherType::AARP,
        "decnet" => EtherType::DECNET,
        "sca" => EtherType::SCA,
        "lat" => EtherType::LAT,
        "mopdl" => EtherType::MOP_DL,
        "moprc" => EtherType::MOP_RC,
        "loopback" => EtherType::LOOPBACK,
        "vlan" | "802.1q" => EtherType::VLAN,
        "mpls" => EtherType::MPLS,
        "pppoed" => EtherType::PPPOE_DISCOVERY,
        "pppoes" => EtherType::PPPOE_SESSION,
        "lldp" => EtherType::LLDP,
        _ => return None,
    };
    Some(u32::from(t.0))
}

/// 802.11 frame types and subtypes by name (grammar.y's tables), as the
/// frame control bits they stand for: the type in bits 2–3, the subtype in
/// bits 4–7. The numbers are wire::ieee80211's.
pub mod wlan {
    use crate::wire::ieee80211::{ctrl, ftype, mgmt};

    /// The type bits of frame control byte 0 for a type number.
    const fn t(n: u8) -> u32 {
        (n as u32) << 2
    }
    /// The subtype bits.
    const fn s(n: u8) -> u32 {
        (n as u32) << 4
    }

    pub const TYPES: &[(&str, u32)] =
        &[("data", t(ftype::DATA)), ("mgt", t(ftype::MGMT)), ("management", t(ftype::MGMT)), ("ctl", t(ftype::CTRL)), ("control", t(ftype::CTRL))];

    const MGT: &[(&str, u32)] = &[
        ("assocreq", s(mgmt::ASSOC_REQUEST)),
        ("assoc-req", s(mgmt::ASSOC_REQUEST)),
        ("assocresp", s(mgmt::ASSOC_RESPONSE)),
        ("assoc-resp", s(mgmt::ASSOC_RESPONSE)),
        ("reassocreq", s(mgmt::REASSOC_REQUEST)),
        ("reassoc-req", s(mgmt::REASSOC_REQUEST)),
        ("reassocresp", s(mgmt::REASSOC_RESPONSE)),
        ("reassoc-resp", s(mgmt::REASSOC_RESPONSE)),
        ("probereq", s(mgmt::PROBE_REQUEST)),
        ("probe-req", s(mgmt::PROBE_REQUEST)),
        ("proberesp", s(mgmt::PROBE_RESPONSE)),
        ("probe-resp", s(mgmt::PROBE_RESPONSE)),
        ("beacon", s(mgmt::BEACON)),
        ("atim", s(mgmt::ATIM)),
        ("disassoc", s(mgmt::DISASSOC)),
        ("disassociation", s(mgmt::DISASSOC)),
        ("auth", s(mgmt::AUTH)),
        ("authentication", s(mgmt::AUTH)),
        ("deauth", s(mgmt::DEAUTH)),
        ("deauthentication", s(mgmt::DEAUTH)),
    ];

    const CTL: &[(&str, u32)] = &[
        ("bar", s(ctrl::BAR)),
        ("ba", s(ctrl::BA)),
        ("ps-poll", s(ctrl::PS_POLL)),
        ("rts", s(ctrl::RTS)),
        ("cts", s(ctrl::CTS)),
        ("ack", s(ctrl::ACK)),
        ("cf-end", s(ctrl::CF_END)),
        ("cf-end-ack", s(ctrl::CF_END_ACK)),
    ];

    /// Data subtypes: bit 4 CF-Ack, 5 CF-Poll, 6 no data, 7 QoS.
    const DATA: &[(&str, u32)] = &[
        ("data", 0x00),
        ("data-cf-ack", 0x10),
        ("data-cf-poll", 0x20),
        ("data-cf-ack-poll", 0x30),
        ("null", 0x40),
        ("cf-ack", 0x50),
        ("cf-poll", 0x60),
        ("cf-ack-poll", 0x70),
        ("qos-data", 0x80),
        ("qos-data-cf-ack", 0x90),
        ("qos-data-cf-poll", 0xa0),
        ("qos-data-cf-ack-poll", 0xb0),
        ("qos", 0xc0),
        ("qos-cf-poll", 0xe0),
        ("qos-cf-ack-poll", 0xf0),
    ];

    /// Each type's subtype names, in the order an unqualified `subtype`
    /// name is looked for.
    pub const SUBTYPES: &[(u32, &[(&str, u32)])] = &[(t(ftype::MGMT), MGT), (t(ftype::CTRL), CTL), (t(ftype::DATA), DATA)];

    /// `name` in `table`, case-insensitive.
    pub fn find(table: &[(&str, u32)], name: &str) -> Option<u32> {
        table.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, v)| v)
    }

    /// The To DS / From DS value of a `dir` name.
    pub fn direction(name: &str) -> Option<u32> {
        find(&[("nods", 0), ("tods", 1), ("fromds", 2), ("dstods", 3)], name)
    }
}
