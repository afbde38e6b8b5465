//! DHCPv6 message type names as tcpdump 5.0 prints them (print-dhcp6.c
//! `dh6_msgtype_str`).

/// A message type's name; `None` for one tcpdump prints as `msgtype-N`.
pub fn msg_type(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "solicit",
        2 => "advertise",
        3 => "request",
        4 => "confirm",
        5 => "renew",
        6 => "rebind",
        7 => "reply",
        8 => "release",
        9 => "decline",
        10 => "reconfigure",
        11 => "inf-req",
        12 => "relay-fwd",
        13 => "relay-reply",
        14 => "leasequery",
        15 => "leasequery-reply",
        _ => return None,
    })
}
