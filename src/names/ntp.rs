//! NTP association modes as tcpdump 5.0 prints them (print-ntp.c `ntp_mode_values`).

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
