//! EAPOL packet types and EAP codes, methods and flags as tcpdump 5.0
//! prints them (print-eap.c).

/// EAPOL packet type ("EAPOL key").
pub fn eapol_type(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "EAP packet",
        1 => "EAPOL start",
        2 => "EAPOL logoff",
        3 => "EAPOL key",
        4 => "Encapsulated ASF alert",
        _ => return None,
    })
}

/// EAP code ("Request").
pub fn code(c: u8) -> Option<&'static str> {
    Some(match c {
        1 => "Request",
        2 => "Response",
        3 => "Success",
        4 => "Failure",
        _ => return None,
    })
}

/// EAP method type ("Identity", "TLS").
pub fn method(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "No proposed",
        1 => "Identity",
        2 => "Notification",
        3 => "Nak",
        4 => "MD5-challenge",
        5 => "OTP",
        6 => "GTC",
        13 => "TLS",
        18 => "SIM",
        21 => "TTLS",
        23 => "AKA",
        43 => "FAST",
        254 => "Expanded types",
        255 => "Experimental",
        _ => return None,
    })
}

/// EAP-TLS flag bits and names (RFC 5216 §3.1).
pub const TLS_FLAGS: &[(u8, &str)] = &[(0x80, "L bit"), (0x40, "More fragments bit"), (0x20, "Start bit")];

/// EAP-SIM and EAP-AKA subtypes (RFC 4186, RFC 4187).
pub fn aka_subtype(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "Challenge",
        2 => "Auth reject",
        4 => "Sync failure",
        5 => "Identity",
        10 => "Start",
        11 => "Challenge",
        12 => "Notification",
        13 => "Reauth",
        14 => "Client error",
        _ => return None,
    })
}
