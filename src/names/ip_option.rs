//! IPv4 option and IPv6 hop-by-hop / destination option names.

/// IPv4 option name (IANA "IP Option Numbers", by the whole type byte).
pub fn ipv4_option(kind: u8) -> Option<&'static str> {
    Some(match kind {
        0 => "End of Options List",
        1 => "No-Operation",
        7 => "Record Route",
        68 => "Timestamp",
        130 => "Security",
        131 => "Loose Source Route",
        133 => "Extended Security",
        136 => "Stream ID",
        137 => "Strict Source Route",
        148 => "Router Alert",
        _ => return None,
    })
}

/// IPv6 hop-by-hop / destination option name (IANA "Destination Options and Hop-by-Hop Options").
pub fn ipv6_option(kind: u8) -> Option<&'static str> {
    Some(match kind {
        0x00 => "Pad1",
        0x01 => "PadN",
        0x04 => "Tunnel Encapsulation Limit",
        0x05 => "Router Alert",
        0x26 => "Quick-Start",
        0x63 => "RPL Option",
        0xc2 => "Jumbo Payload",
        0xc9 => "Home Address",
        _ => return None,
    })
}
