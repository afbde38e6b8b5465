//! IP header field names and address classification.
//!
//! TOS precedence (RFC 791), DSCP (RFC 2474, 2597, 3246, 5865, 8622), ECN
//! (RFC 3168), classful IPv4 classes (RFC 791) and the IANA special-purpose
//! address registries (RFC 6890 and successors), as small static tables.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// RFC 791 precedence names, indexed by the TOS byte's top three bits.
const PRECEDENCE: [&str; 8] = [
    "Routine",
    "Priority",
    "Immediate",
    "Flash",
    "Flash Override",
    "CRITIC/ECP",
    "Internetwork Control",
    "Network Control",
];

/// Name of the RFC 791 precedence in the top three bits of `tos`.
pub fn precedence_name(tos: u8) -> &'static str {
    PRECEDENCE[usize::from(tos >> 5)]
}

/// A 6-bit Differentiated Services codepoint (the TOS byte shifted right by 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dscp(pub u8);

impl Dscp {
    /// Class selector 0, default forwarding (RFC 2474).
    pub const CS0: Dscp = Dscp(0);
    /// Lower effort (RFC 8622).
    pub const LE: Dscp = Dscp(1);
    /// Class selector 1 (RFC 2474).
    pub const CS1: Dscp = Dscp(8);
    /// Assured forwarding class 1, low drop (RFC 2597).
    pub const AF11: Dscp = Dscp(10);
    /// Assured forwarding class 1, medium drop (RFC 2597).
    pub const AF12: Dscp = Dscp(12);
    /// Assured forwarding class 1, high drop (RFC 2597).
    pub const AF13: Dscp = Dscp(14);
    /// Class selector 2 (RFC 2474).
    pub const CS2: Dscp = Dscp(16);
    /// Assured forwarding class 2, low drop (RFC 2597).
    pub const AF21: Dscp = Dscp(18);
    /// Assured forwarding class 2, medium drop (RFC 2597).
    pub const AF22: Dscp = Dscp(20);
    /// Assured forwarding class 2, high drop (RFC 2597).
    pub const AF23: Dscp = Dscp(22);
    /// Class selector 3 (RFC 2474).
    pub const CS3: Dscp = Dscp(24);
    /// Assured forwarding class 3, low drop (RFC 2597).
    pub const AF31: Dscp = Dscp(26);
    /// Assured forwarding class 3, medium drop (RFC 2597).
    pub const AF32: Dscp = Dscp(28);
    /// Assured forwarding class 3, high drop (RFC 2597).
    pub const AF33: Dscp = Dscp(30);
    /// Class selector 4 (RFC 2474).
    pub const CS4: Dscp = Dscp(32);
    /// Assured forwarding class 4, low drop (RFC 2597).
    pub const AF41: Dscp = Dscp(34);
    /// Assured forwarding class 4, medium drop (RFC 2597).
    pub const AF42: Dscp = Dscp(36);
    /// Assured forwarding class 4, high drop (RFC 2597).
    pub const AF43: Dscp = Dscp(38);
    /// Class selector 5 (RFC 2474).
    pub const CS5: Dscp = Dscp(40);
    /// Voice admit (RFC 5865).
    pub const VOICE_ADMIT: Dscp = Dscp(44);
    /// Expedited forwarding (RFC 3246).
    pub const EF: Dscp = Dscp(46);
    /// Class selector 6, network control (RFC 2474).
    pub const CS6: Dscp = Dscp(48);
    /// Class selector 7 (RFC 2474).
    pub const CS7: Dscp = Dscp(56);

    /// The DSCP carried in a TOS / traffic class byte.
    pub fn from_tos(tos: u8) -> Dscp {
        Dscp(tos >> 2)
    }

    /// Short codepoint name ("CS0", "AF41", "EF", "VOICE-ADMIT", "LE"), if assigned.
    pub fn name(self) -> Option<&'static str> {
        self.names().map(|n| n.0)
    }

    /// Wireshark's description ("Default", "Assured Forwarding 41", "Expedited Forwarding").
    pub fn description(self) -> Option<&'static str> {
        self.names().map(|n| n.1)
    }

    /// (name, description) of an assigned codepoint.
    fn names(self) -> Option<(&'static str, &'static str)> {
        Some(match self.0 {
            0 => ("CS0", "Default"),
            1 => ("LE", "Lower Effort"),
            8 => ("CS1", "Class Selector 1"),
            10 => ("AF11", "Assured Forwarding 11"),
            12 => ("AF12", "Assured Forwarding 12"),
            14 => ("AF13", "Assured Forwarding 13"),
            16 => ("CS2", "Class Selector 2"),
            18 => ("AF21", "Assured Forwarding 21"),
            20 => ("AF22", "Assured Forwarding 22"),
            22 => ("AF23", "Assured Forwarding 23"),
            24 => ("CS3", "Class Selector 3"),
            26 => ("AF31", "Assured Forwarding 31"),
            28 => ("AF32", "Assured Forwarding 32"),
            30 => ("AF33", "Assured Forwarding 33"),
            32 => ("CS4", "Class Selector 4"),
            34 => ("AF41", "Assured Forwarding 41"),
            36 => ("AF42", "Assured Forwarding 42"),
            38 => ("AF43", "Assured Forwarding 43"),
            40 => ("CS5", "Class Selector 5"),
            44 => ("VOICE-ADMIT", "Voice Admit"),
            46 => ("EF", "Expedited Forwarding"),
            48 => ("CS6", "Class Selector 6"),
            56 => ("CS7", "Class Selector 7"),
            _ => return None,
        })
    }
}

impl fmt::Display for Dscp {
    /// The codepoint name, or `0x` and two hex digits when unassigned.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "0x{:02x}", self.0),
        }
    }
}

/// The 2-bit ECN field of the TOS / traffic class byte (RFC 3168 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ecn(pub u8);

impl Ecn {
    /// Not ECN-capable transport.
    pub const NOT_ECT: Ecn = Ecn(0);
    /// ECN-capable transport, codepoint 01 (L4S, RFC 9331).
    pub const ECT1: Ecn = Ecn(1);
    /// ECN-capable transport, codepoint 10.
    pub const ECT0: Ecn = Ecn(2);
    /// Congestion experienced.
    pub const CE: Ecn = Ecn(3);

    /// The ECN field carried in a TOS / traffic class byte.
    pub fn from_tos(tos: u8) -> Ecn {
        Ecn(tos & 0x03)
    }

    /// RFC 3168 name: "Not-ECT", "ECT(1)", "ECT(0)", "CE".
    pub fn name(self) -> &'static str {
        ["Not-ECT", "ECT(1)", "ECT(0)", "CE"][usize::from(self.0 & 3)]
    }

    /// Wireshark's description ("Congestion Experienced").
    pub fn description(self) -> &'static str {
        [
            "Not ECN-Capable Transport",
            "ECN-Capable Transport codepoint '01'",
            "ECN-Capable Transport codepoint '10'",
            "Congestion Experienced",
        ][usize::from(self.0 & 3)]
    }
}

impl fmt::Display for Ecn {
    /// The RFC 3168 name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Classful address class of `addr`: 'A' to 'E' by its leading bits (RFC 791, RFC 1112).
pub fn class(addr: Ipv4Addr) -> char {
    match addr.octets()[0] {
        0..=127 => 'A',
        128..=191 => 'B',
        192..=223 => 'C',
        224..=239 => 'D',
        _ => 'E',
    }
}

/// IPv4 special-purpose blocks, most specific first: (network, prefix length, label).
const SPECIAL_V4: &[(u32, u8, &str)] = &[
    (0x0000_0000, 32, "unspecified"),   // RFC 1122 §3.2.1.3
    (0xffff_ffff, 32, "broadcast"),     // RFC 919 limited broadcast
    (0x0000_0000, 8, "this-network"),   // RFC 791
    (0x0a00_0000, 8, "private"),        // RFC 1918
    (0x6440_0000, 10, "cgnat"),         // RFC 6598 shared address space
    (0x7f00_0000, 8, "loopback"),       // RFC 1122
    (0xa9fe_0000, 16, "link-local"),    // RFC 3927
    (0xac10_0000, 12, "private"),       // RFC 1918
    (0xc000_0200, 24, "documentation"), // RFC 5737 TEST-NET-1
    (0xc000_0000, 24, "ietf-protocol"), // RFC 6890
    (0xc058_6300, 24, "6to4-relay"),    // RFC 7526 (deprecated anycast)
    (0xc0a8_0000, 16, "private"),       // RFC 1918
    (0xc612_0000, 15, "benchmarking"),  // RFC 2544
    (0xc633_6400, 24, "documentation"), // RFC 5737 TEST-NET-2
    (0xcb00_7100, 24, "documentation"), // RFC 5737 TEST-NET-3
    (0xe000_0000, 4, "multicast"),      // RFC 5771
    (0xf000_0000, 4, "reserved"),       // RFC 1112 class E
];

/// IPv6 special-purpose blocks, most specific first: (network, prefix length, label).
const SPECIAL_V6: &[(u128, u8, &str)] = &[
    (0, 128, "unspecified"),                                    // RFC 4291
    (1, 128, "loopback"),                                       // RFC 4291
    (0xffff_0000_0000, 96, "ipv4-mapped"),                      // RFC 4291
    (0x0064_ff9b_0000_0000_0000_0000_0000_0000, 96, "nat64"),   // RFC 6052
    (0x0064_ff9b_0001_0000_0000_0000_0000_0000, 48, "nat64"),   // RFC 8215
    (0x0100_0000_0000_0000_0000_0000_0000_0000, 64, "discard"), // RFC 6666
    (0x2001_0000_0000_0000_0000_0000_0000_0000, 32, "teredo"),  // RFC 4380
    (
        0x2001_0002_0000_0000_0000_0000_0000_0000,
        48,
        "benchmarking",
    ), // RFC 5180
    (
        0x2001_0db8_0000_0000_0000_0000_0000_0000,
        32,
        "documentation",
    ), // RFC 3849
    (
        0x2001_0000_0000_0000_0000_0000_0000_0000,
        23,
        "ietf-protocol",
    ), // RFC 2928
    (0x2002_0000_0000_0000_0000_0000_0000_0000, 16, "6to4"),    // RFC 3056
    (
        0x3fff_0000_0000_0000_0000_0000_0000_0000,
        20,
        "documentation",
    ), // RFC 9637
    (0xfc00_0000_0000_0000_0000_0000_0000_0000, 7, "unique-local"), // RFC 4193
    (0xfe80_0000_0000_0000_0000_0000_0000_0000, 10, "link-local"), // RFC 4291
    (0xfec0_0000_0000_0000_0000_0000_0000_0000, 10, "site-local"), // RFC 3879 (deprecated)
    (0xff00_0000_0000_0000_0000_0000_0000_0000, 8, "multicast"), // RFC 4291
];

/// True when the top `len` bits of `addr` equal those of `net` (32-bit).
fn in_v4(addr: u32, net: u32, len: u8) -> bool {
    let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
    addr & mask == net
}

/// True when the top `len` bits of `addr` equal those of `net` (128-bit).
fn in_v6(addr: u128, net: u128, len: u8) -> bool {
    let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
    addr & mask == net
}

/// The special-purpose label of an IPv4 address, `None` for ordinary unicast.
pub fn special_v4(addr: Ipv4Addr) -> Option<&'static str> {
    let bits = u32::from(addr);
    SPECIAL_V4
        .iter()
        .find(|&&(net, len, _)| in_v4(bits, net, len))
        .map(|e| e.2)
}

/// The special-purpose label of an IPv6 address, `None` for ordinary global unicast.
pub fn special_v6(addr: Ipv6Addr) -> Option<&'static str> {
    let bits = u128::from(addr);
    SPECIAL_V6
        .iter()
        .find(|&&(net, len, _)| in_v6(bits, net, len))
        .map(|e| e.2)
}

/// Special-purpose label ("private", "loopback", "link-local", "multicast", "cgnat", ...).
pub fn special(addr: IpAddr) -> Option<&'static str> {
    match addr {
        IpAddr::V4(a) => special_v4(a),
        IpAddr::V6(a) => special_v6(a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(s: &str) -> IpAddr {
        IpAddr::V4(s.parse().unwrap())
    }

    fn v6(s: &str) -> IpAddr {
        IpAddr::V6(s.parse().unwrap())
    }

    #[test]
    fn classes() {
        assert_eq!(class(Ipv4Addr::new(10, 0, 0, 1)), 'A');
        assert_eq!(class(Ipv4Addr::new(172, 16, 0, 1)), 'B');
        assert_eq!(class(Ipv4Addr::new(192, 168, 1, 1)), 'C');
        assert_eq!(class(Ipv4Addr::new(224, 0, 0, 251)), 'D');
        assert_eq!(class(Ipv4Addr::new(250, 0, 0, 1)), 'E');
    }

    #[test]
    fn special_v4_blocks() {
        assert_eq!(special(v4("10.1.2.3")), Some("private"));
        assert_eq!(special(v4("172.31.255.255")), Some("private"));
        assert_eq!(special(v4("172.32.0.1")), None);
        assert_eq!(special(v4("192.168.0.1")), Some("private"));
        assert_eq!(special(v4("127.0.0.1")), Some("loopback"));
        assert_eq!(special(v4("169.254.1.1")), Some("link-local"));
        assert_eq!(special(v4("224.0.0.251")), Some("multicast"));
        assert_eq!(special(v4("255.255.255.255")), Some("broadcast"));
        assert_eq!(special(v4("0.0.0.0")), Some("unspecified"));
        assert_eq!(special(v4("192.0.2.7")), Some("documentation"));
        assert_eq!(special(v4("100.64.0.1")), Some("cgnat"));
        assert_eq!(special(v4("198.19.0.1")), Some("benchmarking"));
        assert_eq!(special(v4("8.8.8.8")), None);
    }

    #[test]
    fn special_v6_blocks() {
        assert_eq!(special(v6("::")), Some("unspecified"));
        assert_eq!(special(v6("::1")), Some("loopback"));
        assert_eq!(special(v6("fe80::1")), Some("link-local"));
        assert_eq!(special(v6("fd12:3456::1")), Some("unique-local"));
        assert_eq!(special(v6("ff02::1")), Some("multicast"));
        assert_eq!(special(v6("2001:db8::1")), Some("documentation"));
        assert_eq!(special(v6("::ffff:10.0.0.1")), Some("ipv4-mapped"));
        assert_eq!(special(v6("2001:4860:4860::8888")), None);
    }

    #[test]
    fn tos_fields() {
        assert_eq!(precedence_name(0x00), "Routine");
        assert_eq!(precedence_name(0xc0), "Internetwork Control");
        assert_eq!(precedence_name(0xa0), "CRITIC/ECP");
        assert_eq!(Dscp::from_tos(0xb8), Dscp::EF);
        assert_eq!(Dscp::EF.to_string(), "EF");
        assert_eq!(Dscp::AF41.description(), Some("Assured Forwarding 41"));
        assert_eq!(Dscp::VOICE_ADMIT.name(), Some("VOICE-ADMIT"));
        assert_eq!(Dscp(3).to_string(), "0x03");
        assert_eq!(Ecn::from_tos(0x03), Ecn::CE);
        assert_eq!(Ecn::ECT0.name(), "ECT(0)");
        assert_eq!(Ecn::ECT1.to_string(), "ECT(1)");
        assert_eq!(Ecn::NOT_ECT.name(), "Not-ECT");
    }
}
