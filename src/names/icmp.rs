//! ICMPv4 (RFC 792, 1812, 4884) and ICMPv6 (RFC 4443, 4861) types and codes.
//!
//! Every type and code has two names: a human one in Wireshark's sentence
//! case ("Destination unreachable", "Port unreachable") for detail views and
//! reports, and a short machine label (`dest_unreachable`, `port_unreachable`,
//! `admin_prohibited`) for JSON, CSV and finding keys. Codes are looked up by
//! direct index into per-type static arrays.

use std::fmt;

pub use crate::wire::registry::{IcmpType, Icmpv6Type, NdOptionType};

/// One registry entry: human name, machine label.
type Names = (&'static str, &'static str);

impl IcmpType {
    /// Human name and machine label of this type.
    fn names(self) -> Option<Names> {
        Some(match self.0 {
            0 => ("Echo (ping) reply", "echo_reply"),
            3 => ("Destination unreachable", "dest_unreachable"),
            4 => ("Source quench (flow control)", "source_quench"),
            5 => ("Redirect", "redirect"),
            6 => ("Alternate host address", "alternate_host_address"),
            8 => ("Echo (ping) request", "echo_request"),
            9 => ("Router advertisement", "router_advertisement"),
            10 => ("Router solicitation", "router_solicitation"),
            11 => ("Time-to-live exceeded", "time_exceeded"),
            12 => ("Parameter problem", "parameter_problem"),
            13 => ("Timestamp request", "timestamp_request"),
            14 => ("Timestamp reply", "timestamp_reply"),
            15 => ("Information request", "info_request"),
            16 => ("Information reply", "info_reply"),
            17 => ("Address mask request", "address_mask_request"),
            18 => ("Address mask reply", "address_mask_reply"),
            30 => ("Traceroute", "traceroute"),
            31 => ("Datagram conversion error", "conversion_error"),
            32 => ("Mobile host redirect", "mobile_host_redirect"),
            33 => ("IPv6 Where-Are-You", "ipv6_where_are_you"),
            34 => ("IPv6 I-Am-Here", "ipv6_i_am_here"),
            35 => ("Mobile registration request", "mobile_registration_request"),
            36 => ("Mobile registration reply", "mobile_registration_reply"),
            37 => ("Domain name request", "domain_name_request"),
            38 => ("Domain name reply", "domain_name_reply"),
            39 => ("SKIP", "skip"),
            40 => ("Photuris", "photuris"),
            41 => ("Experimental mobility protocols", "experimental_mobility"),
            42 => ("Extended echo request", "extended_echo_request"),
            43 => ("Extended echo reply", "extended_echo_reply"),
            _ => return None,
        })
    }

    /// Wireshark-style name ("Destination unreachable"), if assigned.
    pub fn name(self) -> Option<&'static str> {
        self.names().map(|n| n.0)
    }

    /// Machine label ("dest_unreachable"), if assigned.
    pub fn label(self) -> Option<&'static str> {
        self.names().map(|n| n.1)
    }

    /// The code table of this type, indexed by code.
    fn codes(self) -> &'static [Names] {
        match self.0 {
            3 => UNREACHABLE_V4,
            5 => REDIRECT_V4,
            11 => TIME_EXCEEDED_V4,
            12 => PARAMETER_PROBLEM_V4,
            40 => PHOTURIS_V4,
            42 | 43 => EXTENDED_ECHO,
            _ => &[],
        }
    }

    /// Both names of `code` under this type; router advertisement codes are sparse (RFC 3344).
    fn code_names(self, code: u8) -> Option<Names> {
        match (self.0, code) {
            (9, 0) => Some(("Normal router advertisement", "normal")),
            (9, 16) => Some(("Does not route common traffic", "no_common_traffic")),
            _ => code_entry(self.codes(), code),
        }
    }

    /// Wireshark-style name of `code` under this type ("Port unreachable").
    pub fn code_name(self, code: u8) -> Option<&'static str> {
        self.code_names(code).map(|n| n.0)
    }

    /// Machine label of `code` under this type (`port_unreachable`, `admin_prohibited`).
    pub fn code_label(self, code: u8) -> Option<&'static str> {
        self.code_names(code).map(|n| n.1)
    }

    /// tcpdump 5.0's text for the types it names without decoding fields
    /// (or before them: "echo request, id 1, seq 2").
    pub fn tcpdump_name(self) -> Option<&'static str> {
        Some(match self {
            IcmpType::ECHO_REPLY => "echo reply",
            IcmpType::SOURCE_QUENCH => "source quench",
            IcmpType::ECHO_REQUEST => "echo request",
            IcmpType::ROUTER_SOLICITATION => "router solicitation",
            IcmpType::INFO_REQUEST => "information request",
            IcmpType::INFO_REPLY => "information reply",
            IcmpType::ADDRESS_MASK_REQUEST => "address mask request",
            _ => return None,
        })
    }

    /// tcpdump 5.0's destination unreachable text around the quoted
    /// destination, for the codes it prints that way: ("host ", "
    /// unreachable - admin prohibited"). Codes 2-4 (protocol, port, need to
    /// frag) name more than the address and are printed field by field.
    pub fn tcpdump_unreach(code: u8) -> Option<(&'static str, &'static str)> {
        Some(match code {
            0 => ("net ", " unreachable"),
            1 => ("host ", " unreachable"),
            5 => ("", " unreachable - source route failed"),
            6 => ("net ", " unreachable - unknown"),
            7 => ("host ", " unreachable - unknown"),
            8 => ("", " unreachable - source host isolated"),
            9 => ("net ", " unreachable - admin prohibited"),
            10 => ("host ", " unreachable - admin prohibited"),
            11 => ("net ", " unreachable - tos prohibited"),
            12 => ("host ", " unreachable - tos prohibited"),
            13 => ("host ", " unreachable - admin prohibited filter"),
            14 => ("host ", " unreachable - host precedence violation"),
            15 => ("host ", " unreachable - precedence cutoff"),
            _ => return None,
        })
    }
}

impl Icmpv6Type {
    /// Human name and machine label of this type.
    fn names(self) -> Option<Names> {
        Some(match self.0 {
            1 => ("Destination unreachable", "dest_unreachable"),
            2 => ("Packet too big", "packet_too_big"),
            3 => ("Time exceeded", "time_exceeded"),
            4 => ("Parameter problem", "parameter_problem"),
            100 | 101 | 200 | 201 => ("Private experimentation", "private_experimentation"),
            127 => (
                "Reserved for expansion of ICMPv6 error messages",
                "reserved",
            ),
            128 => ("Echo (ping) request", "echo_request"),
            129 => ("Echo (ping) reply", "echo_reply"),
            130 => ("Multicast listener query", "mld_query"),
            131 => ("Multicast listener report", "mld_report"),
            132 => ("Multicast listener done", "mld_done"),
            133 => ("Router solicitation", "router_solicitation"),
            134 => ("Router advertisement", "router_advertisement"),
            135 => ("Neighbor solicitation", "neighbor_solicitation"),
            136 => ("Neighbor advertisement", "neighbor_advertisement"),
            137 => ("Redirect", "redirect"),
            138 => ("Router renumbering", "router_renumbering"),
            139 => ("Node information query", "node_info_query"),
            140 => ("Node information reply", "node_info_reply"),
            141 => (
                "Inverse neighbor discovery solicitation",
                "ind_solicitation",
            ),
            142 => (
                "Inverse neighbor discovery advertisement",
                "ind_advertisement",
            ),
            143 => ("Multicast listener report v2", "mldv2_report"),
            144 => ("Home agent address discovery request", "haad_request"),
            145 => ("Home agent address discovery reply", "haad_reply"),
            146 => ("Mobile prefix solicitation", "mobile_prefix_solicitation"),
            147 => ("Mobile prefix advertisement", "mobile_prefix_advertisement"),
            148 => ("Certification path solicitation", "cert_path_solicitation"),
            149 => (
                "Certification path advertisement",
                "cert_path_advertisement",
            ),
            150 => ("Experimental mobility", "experimental_mobility"),
            151 => ("Multicast router advertisement", "mrd_advertisement"),
            152 => ("Multicast router solicitation", "mrd_solicitation"),
            153 => ("Multicast router termination", "mrd_termination"),
            154 => ("FMIPv6", "fmipv6"),
            155 => ("RPL control", "rpl_control"),
            156 => ("Locator update", "locator_update"),
            157 => ("Duplicate address request", "duplicate_address_request"),
            158 => (
                "Duplicate address confirmation",
                "duplicate_address_confirmation",
            ),
            159 => ("MPL control message", "mpl_control"),
            160 => ("Extended echo request", "extended_echo_request"),
            161 => ("Extended echo reply", "extended_echo_reply"),
            255 => (
                "Reserved for expansion of ICMPv6 informational messages",
                "reserved",
            ),
            _ => return None,
        })
    }

    /// Wireshark-style name ("Neighbor solicitation"), if assigned.
    pub fn name(self) -> Option<&'static str> {
        self.names().map(|n| n.0)
    }

    /// Machine label ("neighbor_solicitation"), if assigned.
    pub fn label(self) -> Option<&'static str> {
        self.names().map(|n| n.1)
    }

    /// The code table of this type, indexed by code.
    fn codes(self) -> &'static [Names] {
        match self.0 {
            1 => UNREACHABLE_V6,
            3 => TIME_EXCEEDED_V6,
            4 => PARAMETER_PROBLEM_V6,
            160 | 161 => EXTENDED_ECHO,
            _ => &[],
        }
    }

    /// Wireshark-style name of `code` under this type ("Address unreachable").
    pub fn code_name(self, code: u8) -> Option<&'static str> {
        code_entry(self.codes(), code).map(|n| n.0)
    }

    /// Machine label of `code` under this type (`address_unreachable`, `admin_prohibited`).
    pub fn code_label(self, code: u8) -> Option<&'static str> {
        code_entry(self.codes(), code).map(|n| n.1)
    }

    /// tcpdump 5.0's name, printed after `ICMP6, ` ("neighbor solicitation").
    pub fn tcpdump_name(self) -> Option<&'static str> {
        Some(match self.0 {
            1 => "destination unreachable",
            2 => "packet too big",
            3 => "time exceeded in-transit",
            4 => "parameter problem",
            128 => "echo request",
            129 => "echo reply",
            130 => "multicast listener query",
            131 => "multicast listener report",
            132 => "multicast listener done",
            133 => "router solicitation",
            134 => "router advertisement",
            135 => "neighbor solicitation",
            136 => "neighbor advertisement",
            137 => "redirect",
            138 => "router renumbering",
            139 => "node information query",
            140 => "node information reply",
            141 => "inverse neighbor solicitation",
            142 => "inverse neighbor advertisement",
            143 => "multicast listener report v2",
            144 => "ha discovery request",
            145 => "ha discovery reply",
            146 => "mobile router solicitation",
            147 => "mobile router advertisement",
            151 => "multicast router advertisement",
            152 => "multicast router solicitation",
            153 => "multicast router termination",
            155 => "RPL",
            _ => return None,
        })
    }

    /// tcpdump 5.0's destination unreachable code text ("unreachable
    /// port"); it prints `unknown unreach code (N)` beyond its table.
    pub fn tcpdump_unreach_name(code: u8) -> Option<&'static str> {
        // Code 1 really has a leading space: tcpdump prints ",  unreachable prohibited".
        [
            "unreachable route",
            " unreachable prohibited",
            "beyond scope",
            "unreachable address",
            "unreachable port",
            "failed ingress/egress policy",
            "reject route",
            "source routing error",
        ]
        .get(usize::from(code))
        .copied()
    }
}

impl NdOptionType {
    /// tcpdump 5.0's name of a Neighbor Discovery option ("source
    /// link-address"), printed before " option (N)".
    pub fn tcpdump_name(self) -> Option<&'static str> {
        Some(match self {
            NdOptionType::SOURCE_LINK_ADDR => "source link-address",
            NdOptionType::TARGET_LINK_ADDR => "destination link-address",
            NdOptionType::PREFIX_INFO => "prefix info",
            NdOptionType::REDIRECTED_HEADER => "redirected header",
            NdOptionType::MTU => "mtu",
            NdOptionType::ADVERTISEMENT_INTERVAL => "advertisement interval",
            NdOptionType::HOME_AGENT_INFO => "homeagent information",
            NdOptionType::NONCE => "nonce",
            NdOptionType::ROUTE_INFO => "route info",
            NdOptionType::RDNSS => "rdnss",
            NdOptionType::DNSSL => "dnssl",
            NdOptionType::PREF64 => "pref64",
            _ => return None,
        })
    }
}

/// The entry for `code` in a table indexed by code.
fn code_entry(table: &'static [Names], code: u8) -> Option<Names> {
    table.get(usize::from(code)).copied()
}

/// ICMPv4 destination unreachable codes 0–15 (RFC 792, RFC 1122, RFC 1812 §5.2.7.1).
static UNREACHABLE_V4: &[Names] = &[
    ("Network unreachable", "net_unreachable"),
    ("Host unreachable", "host_unreachable"),
    ("Protocol unreachable", "protocol_unreachable"),
    ("Port unreachable", "port_unreachable"),
    ("Fragmentation needed", "frag_needed"),
    ("Source route failed", "source_route_failed"),
    ("Destination network unknown", "net_unknown"),
    ("Destination host unknown", "host_unknown"),
    ("Source host isolated", "source_host_isolated"),
    ("Network administratively prohibited", "net_prohibited"),
    ("Host administratively prohibited", "host_prohibited"),
    ("Network unreachable for TOS", "net_unreachable_tos"),
    ("Host unreachable for TOS", "host_unreachable_tos"),
    (
        "Communication administratively prohibited",
        "admin_prohibited",
    ),
    ("Host precedence violation", "host_precedence_violation"),
    ("Precedence cutoff in effect", "precedence_cutoff"),
];

/// ICMPv4 redirect codes (RFC 792).
static REDIRECT_V4: &[Names] = &[
    ("Redirect for network", "redirect_net"),
    ("Redirect for host", "redirect_host"),
    ("Redirect for TOS and network", "redirect_tos_net"),
    ("Redirect for TOS and host", "redirect_tos_host"),
];

/// ICMPv4 time exceeded codes (RFC 792).
static TIME_EXCEEDED_V4: &[Names] = &[
    ("Time to live exceeded in transit", "ttl_exceeded"),
    ("Fragment reassembly time exceeded", "reassembly_timeout"),
];

/// ICMPv4 parameter problem codes (RFC 792, RFC 1108).
static PARAMETER_PROBLEM_V4: &[Names] = &[
    ("Pointer indicates the error", "pointer"),
    ("Required option missing", "option_missing"),
    ("Bad length", "bad_length"),
];

/// ICMPv4 Photuris codes (RFC 2521).
static PHOTURIS_V4: &[Names] = &[
    ("Bad SPI", "bad_spi"),
    ("Authentication failed", "auth_failed"),
    ("Decompression failed", "decompression_failed"),
    ("Decryption failed", "decryption_failed"),
    ("Need authentication", "need_authentication"),
    ("Need authorization", "need_authorization"),
];

/// Extended echo reply codes, shared by ICMPv4 and ICMPv6 (RFC 8335 §3).
static EXTENDED_ECHO: &[Names] = &[
    ("No error", "no_error"),
    ("Malformed query", "malformed_query"),
    ("No such interface", "no_such_interface"),
    ("No such table entry", "no_such_table_entry"),
    ("Multiple interfaces satisfy query", "multiple_interfaces"),
];

/// ICMPv6 destination unreachable codes 0–7 (RFC 4443 §3.1, RFC 6550).
static UNREACHABLE_V6: &[Names] = &[
    ("No route to destination", "no_route"),
    (
        "Communication with destination administratively prohibited",
        "admin_prohibited",
    ),
    ("Beyond scope of source address", "beyond_scope"),
    ("Address unreachable", "address_unreachable"),
    ("Port unreachable", "port_unreachable"),
    (
        "Source address failed ingress/egress policy",
        "source_policy_failed",
    ),
    ("Reject route to destination", "reject_route"),
    ("Error in source routing header", "source_routing_error"),
];

/// ICMPv6 time exceeded codes (RFC 4443 §3.3).
static TIME_EXCEEDED_V6: &[Names] = &[
    ("Hop limit exceeded in transit", "hop_limit_exceeded"),
    ("Fragment reassembly time exceeded", "reassembly_timeout"),
];

/// ICMPv6 parameter problem codes (RFC 4443 §3.4, RFC 7112, RFC 8883).
static PARAMETER_PROBLEM_V6: &[Names] = &[
    ("Erroneous header field encountered", "erroneous_header"),
    (
        "Unrecognized Next Header type encountered",
        "unrecognized_next_header",
    ),
    (
        "Unrecognized IPv6 option encountered",
        "unrecognized_option",
    ),
    (
        "IPv6 first fragment has incomplete header chain",
        "incomplete_chain",
    ),
    ("SR upper-layer header error", "sr_upper_layer_error"),
    (
        "Unrecognized Next Header type encountered by intermediate node",
        "unrecognized_next_header_intermediate",
    ),
    ("Extension header too big", "extension_header_too_big"),
    (
        "Extension header chain too long",
        "extension_chain_too_long",
    ),
    ("Too many extension headers", "too_many_extension_headers"),
    ("Too many options in extension header", "too_many_options"),
    ("Option too big", "option_too_big"),
];

impl fmt::Display for IcmpType {
    /// The human name, or `type N` when unassigned.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "type {}", self.0),
        }
    }
}

impl fmt::Display for Icmpv6Type {
    /// The human name, or `type N` when unassigned.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "type {}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_v4_unreachable_code_has_both_names() {
        for code in 0..=15 {
            assert!(
                IcmpType::DEST_UNREACHABLE.code_name(code).is_some(),
                "{code}"
            );
            assert!(
                IcmpType::DEST_UNREACHABLE.code_label(code).is_some(),
                "{code}"
            );
        }
        assert_eq!(IcmpType::DEST_UNREACHABLE.code_name(16), None);
    }

    #[test]
    fn v4_unreachable_names() {
        let t = IcmpType::DEST_UNREACHABLE;
        assert_eq!(t.name(), Some("Destination unreachable"));
        assert_eq!(t.code_name(3), Some("Port unreachable"));
        assert_eq!(t.code_label(3), Some("port_unreachable"));
        assert_eq!(t.code_label(0), Some("net_unreachable"));
        assert_eq!(t.code_label(1), Some("host_unreachable"));
        assert_eq!(
            t.code_name(13),
            Some("Communication administratively prohibited")
        );
        assert_eq!(t.code_label(13), Some("admin_prohibited"));
    }

    #[test]
    fn every_v6_unreachable_code_has_both_names() {
        for code in 0..=7 {
            assert!(
                Icmpv6Type::DEST_UNREACHABLE.code_label(code).is_some(),
                "{code}"
            );
        }
        assert_eq!(
            Icmpv6Type::DEST_UNREACHABLE.code_label(1),
            Some("admin_prohibited")
        );
        assert_eq!(
            Icmpv6Type::DEST_UNREACHABLE.code_name(4),
            Some("Port unreachable")
        );
    }

    #[test]
    fn sparse_router_advertisement_codes() {
        let t = IcmpType::ROUTER_ADVERTISEMENT;
        assert_eq!(t.code_label(0), Some("normal"));
        assert_eq!(t.code_label(5), None);
        assert_eq!(t.code_label(16), Some("no_common_traffic"));
    }

    #[test]
    fn tcpdump_flavours() {
        assert_eq!(
            IcmpType::tcpdump_unreach(13),
            Some(("host ", " unreachable - admin prohibited filter"))
        );
        assert_eq!(IcmpType::tcpdump_unreach(3), None, "the port is printed field by field");
        assert_eq!(IcmpType::ECHO_REQUEST.tcpdump_name(), Some("echo request"));
        assert_eq!(IcmpType::TIMESTAMP_REQUEST.tcpdump_name(), None);
        assert_eq!(
            Icmpv6Type::NEIGHBOR_SOLICITATION.tcpdump_name(),
            Some("neighbor solicitation")
        );
        assert_eq!(Icmpv6Type::tcpdump_unreach_name(4), Some("unreachable port"));
        assert_eq!(Icmpv6Type::tcpdump_unreach_name(7), Some("source routing error"));
        assert_eq!(Icmpv6Type::tcpdump_unreach_name(8), None);
        assert_eq!(NdOptionType::MTU.tcpdump_name(), Some("mtu"));
    }

    #[test]
    fn other_types() {
        assert_eq!(IcmpType::TIME_EXCEEDED.code_label(0), Some("ttl_exceeded"));
        assert_eq!(IcmpType::REDIRECT.code_name(1), Some("Redirect for host"));
        assert_eq!(IcmpType::ECHO_REQUEST.to_string(), "Echo (ping) request");
        assert_eq!(IcmpType(99).to_string(), "type 99");
        assert_eq!(IcmpType::ECHO_REQUEST.code_name(0), None);
        assert!(IcmpType::PARAMETER_PROBLEM.is_error());
        assert!(!IcmpType::ECHO_REPLY.is_error());
        assert_eq!(
            Icmpv6Type::NEIGHBOR_SOLICITATION.label(),
            Some("neighbor_solicitation")
        );
        assert_eq!(
            Icmpv6Type::ROUTER_ADVERTISEMENT.name(),
            Some("Router advertisement")
        );
        assert_eq!(
            Icmpv6Type::TIME_EXCEEDED.code_label(0),
            Some("hop_limit_exceeded")
        );
        assert!(Icmpv6Type::PACKET_TOO_BIG.is_error());
        assert!(!Icmpv6Type::ECHO_REPLY.is_error());
    }
}
