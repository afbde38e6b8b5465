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
