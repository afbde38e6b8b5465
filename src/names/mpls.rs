//! MPLS reserved label names as tcpdump 5.0 prints them under -v
//! (print-mpls.c `mpls_labelname`, RFC 3032 §2.1).

/// The name of a reserved label (0–15), `None` for any other label.
pub fn label(l: u32) -> Option<&'static str> {
    Some(match l {
        0 => "IPv4 explicit NULL",
        1 => "router alert",
        2 => "IPv6 explicit NULL",
        3 => "implicit NULL",
        4..=15 => "rsvd",
        _ => return None,
    })
}
