//! Port → service names for TCP, UDP and SCTP.
//!
//! Names come from Debian's netbase `/etc/services` where it lists the port —
//! those are what tcpdump prints, since it loads that file through
//! `getservent` and keeps the first entry per port — and otherwise from the
//! IANA service-name registry as Wireshark ships it. Each entry remembers
//! whether netbase has it, so tcpdump-exact output can ask for netbase only.
//! Tables are sorted static arrays generated into `data/services.rs`.

use crate::wire::registry::IpProto;

mod data {
    include!("data/services.rs");
}

/// The protocols the port tables are kept for, as the bytes `service` takes.
const TCP: u8 = IpProto::TCP.0;
const UDP: u8 = IpProto::UDP.0;
const SCTP: u8 = IpProto::SCTP.0;

/// Finds `port` in a sorted (port, name, in-netbase) table.
fn find(table: &'static [(u16, &'static str, bool)], port: u16) -> Option<(&'static str, bool)> {
    table
        .binary_search_by_key(&port, |&(p, _, _)| p)
        .ok()
        .map(|i| (table[i].1, table[i].2))
}

/// The table for an IP protocol number, if services are known for it.
fn table(proto: u8) -> Option<&'static [(u16, &'static str, bool)]> {
    match proto {
        TCP => Some(data::TCP),
        UDP => Some(data::UDP),
        SCTP => Some(data::SCTP),
        _ => None,
    }
}

/// Service name of a TCP port ("http" for 80), netbase first, then IANA.
pub fn tcp_service(port: u16) -> Option<&'static str> {
    find(data::TCP, port).map(|(name, _)| name)
}

/// Service name of a UDP port ("domain" for 53), netbase first, then IANA.
pub fn udp_service(port: u16) -> Option<&'static str> {
    find(data::UDP, port).map(|(name, _)| name)
}

/// Service name of an SCTP port, netbase first, then IANA.
pub fn sctp_service(port: u16) -> Option<&'static str> {
    find(data::SCTP, port).map(|(name, _)| name)
}

/// Service name of `port` for IP protocol `proto` (6 TCP, 17 UDP, 132 SCTP).
pub fn service(proto: u8, port: u16) -> Option<&'static str> {
    find(table(proto)?, port).map(|(name, _)| name)
}

/// The name tcpdump 4.99 on Debian prints for `port`: netbase `/etc/services` only.
pub fn netbase_service(proto: u8, port: u16) -> Option<&'static str> {
    match find(table(proto)?, port)? {
        (name, true) => Some(name),
        (_, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcpdump_names_for_common_tcp_ports() {
        let expect = [
            (22, "ssh"),
            (23, "telnet"),
            (25, "smtp"),
            (53, "domain"),
            (80, "http"),
            (443, "https"),
            (8080, "http-alt"),
        ];
        for (port, name) in expect {
            assert_eq!(tcp_service(port), Some(name), "port {port}");
            assert_eq!(netbase_service(6, port), Some(name), "port {port}");
        }
    }

    #[test]
    fn udp_ports() {
        assert_eq!(udp_service(53), Some("domain"));
        assert_eq!(udp_service(123), Some("ntp"));
        assert_eq!(udp_service(5353), Some("mdns"));
        assert_eq!(service(17, 67), Some("bootps"));
    }

    #[test]
    fn iana_fills_in_where_netbase_is_silent() {
        // 5353/tcp is IANA-only: named, but not by tcpdump.
        assert_eq!(tcp_service(5353), Some("mdns"));
        assert_eq!(netbase_service(6, 5353), None);
    }

    #[test]
    fn unknown_ports_and_protocols() {
        assert_eq!(tcp_service(0), None);
        assert_eq!(service(1, 80), None);
        assert_eq!(service(132, 2905), Some("m3ua"));
    }

    #[test]
    fn tables_are_sorted_and_unique() {
        for t in [data::TCP, data::UDP, data::SCTP] {
            assert!(t.windows(2).all(|w| w[0].0 < w[1].0));
        }
    }
}
