//! Spanning tree names as tcpdump 5.0 prints them (print-stp.c
//! `stp_proto_values`, `stp_bpdu_type_values`, `stp_bpdu_flag_values`,
//! `rstp_obj_port_role_values`).

/// A protocol version's name (802.1d, 802.1w, 802.1s, 802.1aq), `None` otherwise.
pub fn version(v: u8) -> Option<&'static str> {
    Some(match v {
        0 => "802.1d",
        2 => "802.1w",
        3 => "802.1s",
        4 => "802.1aq",
        _ => return None,
    })
}

/// A BPDU type's name, `None` for an unknown type.
pub fn bpdu_type(t: u8) -> Option<&'static str> {
    Some(match t {
        0x00 => "Config",
        0x02 => "Rapid STP",
        0x80 => "Topology Change",
        _ => return None,
    })
}

/// The flag bits tcpdump names, in its order (port role bits are not flags).
pub const FLAGS: &[(u8, &str)] = &[
    (0x01, "Topology change"),
    (0x02, "Proposal"),
    (0x10, "Learn"),
    (0x20, "Forward"),
    (0x40, "Agreement"),
    (0x80, "Topology change ACK"),
];

/// An RSTP port role (the two role bits of the flags).
pub fn port_role(r: u8) -> &'static str {
    match r {
        1 => "Alternate",
        2 => "Root",
        3 => "Designated",
        _ => "Unknown",
    }
}
