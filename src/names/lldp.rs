//! LLDP names as tcpdump 5.0 prints them (print-lldp.c's `tok` tables;
//! af.c's address families for management addresses).

/// `(number, name)` pairs, looked up by number.
type Table = &'static [(u32, &'static str)];

fn find(table: Table, v: u32) -> Option<&'static str> {
    table.iter().find(|(n, _)| *n == v).map(|(_, s)| *s)
}

/// A TLV type (`lldp_tlv_values`).
pub fn tlv(t: u16) -> Option<&'static str> {
    find(
        &[
            (0, "End"),
            (1, "Chassis ID"),
            (2, "Port ID"),
            (3, "Time to Live"),
            (4, "Port Description"),
            (5, "System Name"),
            (6, "System Description"),
            (7, "System Capabilities"),
            (8, "Management Address"),
            (127, "Organization specific"),
        ],
        u32::from(t),
    )
}

/// A chassis ID subtype.
pub fn chassis_subtype(s: u8) -> Option<&'static str> {
    find(
        &[(1, "Chassis component"), (2, "Interface alias"), (3, "Port component"), (4, "MAC address"), (5, "Network address"), (6, "Interface name"), (7, "Local")],
        u32::from(s),
    )
}

/// A port ID subtype.
pub fn port_subtype(s: u8) -> Option<&'static str> {
    find(
        &[(1, "Interface alias"), (2, "Port component"), (3, "MAC address"), (4, "Network Address"), (5, "Interface Name"), (6, "Agent circuit ID"), (7, "Local")],
        u32::from(s),
    )
}

/// System capability bits.
pub const CAPABILITIES: &[(u16, &str)] = &[
    (0x01, "Other"),
    (0x02, "Repeater"),
    (0x04, "Bridge"),
    (0x08, "WLAN AP"),
    (0x10, "Router"),
    (0x20, "Telephone"),
    (0x40, "Docsis"),
    (0x80, "Station Only"),
];

/// An address family number (af.c `af_values`).
pub fn address_family(af: u8) -> Option<&'static str> {
    find(
        &[
            (0, "Reserved"),
            (1, "IPv4"),
            (2, "IPv6"),
            (3, "NSAP"),
            (4, "HDLC"),
            (5, "BBN 1822"),
            (6, "802"),
            (7, "E.163"),
            (8, "E.164"),
            (9, "F.69"),
            (10, "X.121"),
            (11, "Novell IPX"),
            (12, "Appletalk"),
            (13, "Decnet IV"),
            (14, "Banyan Vines"),
            (15, "E.164 with NSAP subaddress"),
            (196, "Layer-2 VPN"),
            (25, "VPLS"),
        ],
        u32::from(af),
    )
}

/// A management address's interface numbering subtype.
pub fn interface_numbering(s: u8) -> Option<&'static str> {
    find(&[(2, "Interface Index"), (3, "System Port Number")], u32::from(s))
}

/// An IEEE 802.1 organisation-specific subtype.
pub fn ieee8021_subtype(s: u8) -> Option<&'static str> {
    find(
        &[
            (1, "Port VLAN Id"),
            (2, "Port and Protocol VLAN ID"),
            (3, "VLAN name"),
            (4, "Protocol Identity"),
            (7, "Link aggregation"),
            (8, "Congestion Notification"),
            (9, "ETS Configuration"),
            (10, "ETS Recommendation"),
            (11, "Priority Flow Control Configuration"),
            (12, "Application Priority"),
            (13, "EVB"),
            (14, "CDCP"),
        ],
        u32::from(s),
    )
}

/// Port and protocol VLAN flag bits.
pub const PROTOCOL_VLAN_FLAGS: &[(u8, &str)] = &[(0x02, "supported"), (0x04, "enabled")];

/// An EVB mode.
pub fn evb_mode(m: u8) -> Option<&'static str> {
    find(&[(0, "Not Supported"), (1, "EVB Bridge"), (2, "EVB Station"), (3, "Reserved for future Standardization")], u32::from(m))
}

/// An IEEE 802.3 organisation-specific subtype.
pub fn ieee8023_subtype(s: u8) -> Option<&'static str> {
    find(&[(1, "MAC/PHY configuration/status"), (2, "Power via MDI"), (3, "Link aggregation"), (4, "Max frame size")], u32::from(s))
}

/// Autonegotiation bits.
pub const AUTONEGOTIATION: &[(u8, &str)] = &[(0x01, "supported"), (0x02, "enabled")];

/// PMD autonegotiation capability bits (RFC 3636 ifMauAutoNegCapAdvertisedBits).
pub const PMD_CAPABILITIES: &[(u16, &str)] = &[
    (1 << 14, "10BASE-T hdx"),
    (1 << 13, "10BASE-T fdx"),
    (1 << 12, "100BASE-T4"),
    (1 << 11, "100BASE-TX hdx"),
    (1 << 10, "100BASE-TX fdx"),
    (1 << 9, "100BASE-T2 hdx"),
    (1 << 8, "100BASE-T2 fdx"),
    (1 << 7, "Pause for fdx links"),
    (1 << 6, "Asym PAUSE for fdx"),
    (1 << 5, "Sym PAUSE for fdx"),
    (1 << 4, "Asym and Sym PAUSE for fdx"),
    (1 << 3, "1000BASE-{X LX SX CX} hdx"),
    (1 << 2, "1000BASE-{X LX SX CX} fdx"),
    (1 << 1, "1000BASE-T hdx"),
    (1 << 0, "1000BASE-T fdx"),
];

/// A MAU type (RFC 3636 dot3MauType).
pub fn mau_type(t: u16) -> Option<&'static str> {
    const NAMES: [&str; 41] = [
        "Unknown", "AUI", "10BASE_5", "FOIRL", "10BASE2", "10BASET duplex mode unknown", "10BASEFP", "10BASEFB",
        "10BASEFL duplex mode unknown", "10BROAD36", "10BASET hdx", "10BASET fdx", "10BASEFL hdx", "10BASEFL fdx",
        "100BASET4", "100BASETX hdx", "100BASETX fdx", "100BASEFX hdx", "100BASEFX fdx", "100BASET2 hdx",
        "100BASET2 fdx", "1000BASEX hdx", "1000BASEX fdx", "1000BASELX hdx", "1000BASELX fdx", "1000BASESX hdx",
        "1000BASESX fdx", "1000BASECX hdx", "1000BASECX fdx", "1000BASET hdx", "1000BASET fdx", "10GBASEX",
        "10GBASELX4", "10GBASER", "10GBASEER", "10GBASELR", "10GBASESR", "10GBASEW", "10GBASEEW", "10GBASELW",
        "10GBASESW",
    ];
    NAMES.get(usize::from(t)).copied()
}

/// MDI power support bits.
pub const MDI_POWER: &[(u8, &str)] = &[(0x01, "PSE"), (0x02, "supported"), (0x04, "enabled"), (0x08, "can be controlled")];

/// An MDI power pair.
pub fn mdi_power_pair(p: u8) -> Option<&'static str> {
    find(&[(1, "signal"), (2, "spare")], u32::from(p))
}

/// An MDI power class.
pub fn mdi_power_class(c: u8) -> Option<&'static str> {
    find(&[(1, "class0"), (2, "class1"), (3, "class2"), (4, "class3"), (5, "class4")], u32::from(c))
}

/// Link aggregation status bits.
pub const AGGREGATION: &[(u8, &str)] = &[(0x01, "supported"), (0x02, "enabled")];

/// An IANA organisation-specific subtype.
pub fn iana_subtype(s: u8) -> Option<&'static str> {
    find(&[(1, "MUD-URL")], u32::from(s))
}

/// A TIA (LLDP-MED) organisation-specific subtype.
pub fn tia_subtype(s: u8) -> Option<&'static str> {
    find(
        &[
            (1, "LLDP-MED Capabilities"),
            (2, "Network policy"),
            (3, "Location identification"),
            (4, "Extended power-via-MDI"),
            (5, "Inventory - hardware revision"),
            (6, "Inventory - firmware revision"),
            (7, "Inventory - software revision"),
            (8, "Inventory - serial number"),
            (9, "Inventory - manufacturer name"),
            (10, "Inventory - model name"),
            (11, "Inventory - asset ID"),
        ],
        u32::from(s),
    )
}

/// The label of a TIA inventory subtype's value.
pub fn tia_inventory(s: u8) -> Option<&'static str> {
    find(
        &[(5, "Hardware revision"), (6, "Firmware revision"), (7, "Software revision"), (8, "Serial number"), (9, "Manufacturer name"), (10, "Model name"), (11, "Asset ID")],
        u32::from(s),
    )
}

/// LLDP-MED capability bits.
pub const TIA_CAPABILITIES: &[(u16, &str)] = &[
    (0x01, "LLDP-MED capabilities"),
    (0x02, "network policy"),
    (0x04, "location identification"),
    (0x08, "extended power via MDI-PSE"),
    (0x10, "extended power via MDI-PD"),
    (0x20, "Inventory"),
];

/// An LLDP-MED device type.
pub fn tia_device_type(t: u8) -> Option<&'static str> {
    find(&[(1, "endpoint class 1"), (2, "endpoint class 2"), (3, "endpoint class 3"), (4, "network connectivity")], u32::from(t))
}

/// An LLDP-MED network policy application type.
pub fn tia_application_type(t: u8) -> Option<&'static str> {
    find(
        &[
            (1, "voice"),
            (2, "voice signaling"),
            (3, "guest voice"),
            (4, "guest voice signaling"),
            (5, "softphone voice"),
            (6, "video conferencing"),
            (7, "streaming video"),
            (8, "video signaling"),
        ],
        u32::from(t),
    )
}

/// Network policy flag bits, in tcpdump's order.
pub const TIA_POLICY_FLAGS: &[(u8, &str)] = &[(0x80, "Unknown"), (0x40, "Tagged"), (0x20, "reserved")];

/// A location data format.
pub fn tia_location_format(f: u8) -> Option<&'static str> {
    find(&[(1, "coordinate-based LCI"), (2, "civic address LCI"), (3, "ECS ELIN")], u32::from(f))
}

/// An altitude type.
pub fn tia_altitude_type(t: u8) -> Option<&'static str> {
    find(&[(1, "meters"), (2, "floors")], u32::from(t))
}

/// A geodetic datum.
pub fn tia_datum(d: u8) -> Option<&'static str> {
    find(&[(1, "World Geodesic System 1984"), (2, "North American Datum 1983 (NAVD88)"), (3, "North American Datum 1983 (MLLW)")], u32::from(d))
}

/// What a civic address LCI locates.
pub fn tia_lci_what(w: u8) -> Option<&'static str> {
    find(&[(0, "location of DHCP server"), (1, "location of the network element believed to be closest to the client"), (2, "location of the client")], u32::from(w))
}

/// A civic address element type (ANSI/TIA-1057 Annex B).
pub fn tia_ca_type(t: u8) -> Option<&'static str> {
    find(
        &[
            (1, "national subdivisions (state,canton,region,province,prefecture)"),
            (2, "county, parish, gun, district"),
            (3, "city, township, shi"),
            (4, "city division, borough, city district, ward chou"),
            (5, "neighborhood, block"),
            (6, "street"),
        ],
        u32::from(t),
    )
}

/// An extended power-via-MDI power source.
pub fn tia_power_source(s: u8) -> Option<&'static str> {
    find(&[(1, "PSE - primary power source"), (2, "local - backup power source"), (3, "PSE+local - reserved")], u32::from(s))
}

/// An extended power-via-MDI power priority.
pub fn tia_power_priority(p: u8) -> Option<&'static str> {
    find(&[(1, "critical"), (2, "high"), (3, "low")], u32::from(p))
}

/// A DCBX subtype.
pub fn dcbx_subtype(s: u8) -> Option<&'static str> {
    find(&[(1, "DCB Capability Exchange Protocol Rev 1"), (2, "DCB Capability Exchange Protocol Rev 1.01")], u32::from(s))
}
