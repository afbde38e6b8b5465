//! NTP names as tcpdump 5.0 prints them (print-ntp.c `ntp_mode_values`,
//! `ntp_leapind_values`, `ntp_stratum_values`).

/// The name of an NTP mode (all eight 3-bit values are named).
pub fn mode(m: u8) -> &'static str {
    match m & 7 {
        0 => "unspecified",
        1 => "symmetric active",
        2 => "symmetric passive",
        3 => "Client",
        4 => "Server",
        5 => "Broadcast",
        6 => "Control Message",
        _ => "Reserved",
    }
}

/// The leap indicator, given as the top two bits left in place (0x00,
/// 0x40, 0x80, 0xc0), as print-ntp.c's `ntp_leapind_values` names it.
pub fn leap(bits: u8) -> &'static str {
    match bits & 0xc0 {
        0x00 => "",
        0x40 => "+1s",
        0x80 => "-1s",
        _ => "clock unsynchronized",
    }
}

/// A stratum's class (print-ntp.c `ntp_stratum_values` and its defaults).
pub fn stratum(s: u8) -> &'static str {
    match s {
        0 => "unspecified",
        1 => "primary reference",
        2..=15 => "secondary reference",
        _ => "reserved",
    }
}
