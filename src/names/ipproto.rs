//! IP protocol numbers (IPv4 protocol, IPv6 next header; IANA protocol-numbers).
//!
//! Four names per number, generated into `data/ipproto.rs`: the IANA keyword
//! ("TCP", "IPv6-ICMP"), Wireshark's label, the label tcpdump 5.0 -v prints in
//! `proto TCP (6)`, and the lowercase netdb-style name tcpdump prints for a
//! protocol it does not dissect, falling back to `ip-proto-N`.

use std::fmt;

pub use crate::wire::registry::IpProto;

mod data {
    include!("data/ipproto.rs");
}

/// Names of one protocol number: IANA keyword, Wireshark, tcpdump -v, tcpdump netdb.
type Row = (
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

impl IpProto {
    /// The generated names row for this number.
    fn row(
        self,
    ) -> &'static (
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    ) {
        &data::NAMES[usize::from(self.0)]
    }

    /// IANA keyword ("TCP", "UDP", "IPv6-ICMP", "GRE"), if assigned.
    pub fn name(self) -> Option<&'static str> {
        self.row().0
    }

    /// Wireshark's label ("TCP", "ICMPv6", "Encap Security Payload"), if assigned.
    pub fn wireshark_name(self) -> Option<&'static str> {
        self.row().1
    }

    /// tcpdump's `-v` label ("TCP", "ICMPv6", "HBH"); tcpdump prints "unknown" otherwise.
    pub fn tcpdump_name(self) -> Option<&'static str> {
        self.row().2
    }

    /// tcpdump's lowercase name for undissected payloads ("gre", "ipv6-icmp"); else `ip-proto-N`.
    pub fn netdb_name(self) -> Option<&'static str> {
        self.row().3
    }

    /// Writes the netdb name, or `ip-proto-N` as tcpdump does.
    pub fn write_tcpdump(self, f: &mut dyn fmt::Write) -> fmt::Result {
        match self.netdb_name() {
            Some(name) => f.write_str(name),
            None => write!(f, "ip-proto-{}", self.0),
        }
    }
}


impl From<IpProto> for u8 {
    fn from(value: IpProto) -> Self {
        value.0
    }
}

impl fmt::Display for IpProto {
    /// The IANA keyword, or tcpdump's `ip-proto-N` for unassigned numbers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "ip-proto-{}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords() {
        assert_eq!(IpProto::TCP.name(), Some("TCP"));
        assert_eq!(IpProto::UDP.name(), Some("UDP"));
        assert_eq!(IpProto::ICMP.name(), Some("ICMP"));
        assert_eq!(IpProto::ICMPV6.name(), Some("IPv6-ICMP"));
        assert_eq!(IpProto::GRE.name(), Some("GRE"));
        assert_eq!(IpProto::ESP.name(), Some("ESP"));
        assert_eq!(IpProto::AH.name(), Some("AH"));
        assert_eq!(IpProto::SCTP.name(), Some("SCTP"));
    }

    #[test]
    fn unknown_falls_back_to_ip_proto_n() {
        assert_eq!(IpProto(250).to_string(), "ip-proto-250");
        let mut s = String::new();
        IpProto(250).write_tcpdump(&mut s).unwrap();
        assert_eq!(s, "ip-proto-250");
    }

    #[test]
    fn tcpdump_flavours() {
        assert_eq!(IpProto::ICMPV6.tcpdump_name(), Some("ICMPv6"));
        assert_eq!(IpProto(3).tcpdump_name(), None);
        assert_eq!(IpProto::GRE.netdb_name(), Some("gre"));
        assert_eq!(IpProto(61).netdb_name(), None);
        assert_eq!(IpProto::ICMPV6.wireshark_name(), Some("ICMPv6"));
    }

    #[test]
    fn extension_headers() {
        assert!(IpProto::IPV6_FRAG.is_ipv6_extension());
        assert!(!IpProto::TCP.is_ipv6_extension());
    }
}
