//! Names of Cisco's LAN protocols as tcpdump 5.0 prints them: DTP
//! (print-dtp.c), UDLD (print-udld.c), VTP (print-vtp.c).

/// A DTP TLV type.
pub fn dtp_tlv(t: u16) -> Option<&'static str> {
    Some(match t {
        1 => "Domain",
        2 => "Status",
        3 => "DTP type",
        4 => "Neighbor",
        _ => return None,
    })
}

/// A UDLD TLV type.
pub fn udld_tlv(t: u16) -> Option<&'static str> {
    Some(match t {
        1 => "Device-ID TLV",
        2 => "Port-ID TLV",
        3 => "Echo TLV",
        4 => "Message Interval TLV",
        5 => "Timeout Interval TLV",
        6 => "Device Name TLV",
        7 => "Sequence Number TLV",
        _ => return None,
    })
}

/// A UDLD opcode.
pub fn udld_code(c: u8) -> Option<&'static str> {
    Some(match c {
        0 => "Reserved",
        1 => "Probe message",
        2 => "Echo message",
        3 => "Flush message",
        _ => return None,
    })
}

/// UDLD flag bits (RT, RSY, and the must-be-zero ones).
pub const UDLD_FLAGS: &[(u8, &str)] = &[
    (0x01, "RT"),
    (0x02, "RSY"),
    (0x04, "MBZ-2"),
    (0x08, "MBZ-3"),
    (0x10, "MBZ-4"),
    (0x20, "MBZ-5"),
    (0x40, "MBZ-6"),
    (0x80, "MBZ-7"),
];
