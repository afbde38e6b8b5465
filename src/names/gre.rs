//! GRE flag names as tcpdump 5.0 prints them (print-gre.c `gre_flag_values`).

/// (bit, name) in the order tcpdump lists them.
pub const FLAGS: &[(u16, &str)] = &[
    (0x8000, "checksum present"),
    (0x4000, "routing present"),
    (0x2000, "key present"),
    (0x1000, "sequence# present"),
    (0x0800, "source routing present"),
    (0x0080, "ack present"),
];
