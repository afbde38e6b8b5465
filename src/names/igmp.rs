//! IGMPv3 group record types as tcpdump 5.0 prints them (print-igmp.c
//! `igmpv3report2str`, RFC 3376 §4.2.12).

/// The short name of a group record type, if it is one of the six.
pub fn record_type(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "is_in",
        2 => "is_ex",
        3 => "to_in",
        4 => "to_ex",
        5 => "allow",
        6 => "block",
        _ => return None,
    })
}
