//! Cisco Discovery Protocol names as tcpdump 5.0 prints them (print-cdp.c
//! `cdptlvs`, `cdp_capability_values`).

/// A TLV type's name, `None` where tcpdump names none ("unknown field type").
pub fn tlv(t: u16) -> Option<&'static str> {
    Some(match t {
        0x01 => "Device-ID",
        0x02 => "Address",
        0x03 => "Port-ID",
        0x04 => "Capability",
        0x05 => "Version String",
        0x06 => "Platform",
        0x07 => "Prefixes",
        0x08 => "Protocol-Hello option",
        0x09 => "VTP Management Domain",
        0x0a => "Native VLAN ID",
        0x0b => "Duplex",
        0x0e => "ATA-186 VoIP VLAN assignment",
        0x0f => "ATA-186 VoIP VLAN request",
        0x10 => "power consumption",
        0x11 => "MTU",
        0x12 => "AVVID trust bitmap",
        0x13 => "AVVID untrusted ports CoS",
        0x14 => "System Name",
        0x15 => "System Object ID (not decoded)",
        0x16 => "Management Addresses",
        0x17 => "Physical Location",
        0x1a => "Power available",
        _ => return None,
    })
}

/// The capability bits tcpdump names, in its order.
pub const CAPABILITIES: &[(u32, &str)] = &[
    (0x01, "Router"),
    (0x02, "Transparent Bridge"),
    (0x04, "Source Route Bridge"),
    (0x08, "L2 Switch"),
    (0x10, "L3 capable"),
    (0x20, "IGMP snooping"),
    (0x40, "L1 capable"),
];
