//! Link Layer Discovery Protocol (IEEE 802.1AB), as a lax view. It rides
//! directly in Ethernet ([`super::registry::EtherType::LLDP`], 0x88cc).
//!
//! ```text
//!  0                   1
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-----------------------+
//! |    type     |      length     |  value (length bytes) |   TLVs to an End TLV
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-----------------------+   (type 0, length 0)
//! ```
//! Organisation-specific TLVs (type 127) start with a 3-byte OUI and a
//! subtype (802.1AB annexes E-G, ANSI/TIA-1057 for LLDP-MED, DCBX 1.01).
//! Offsets inside a value count from the value's first byte, as tcpdump's
//! print-lldp.c (the reference for what is printed) counts them.

use super::field::Bytes;

/// The 16-bit TLV header.
pub const TLV_HEADER_LEN: usize = 2;

/// A TLV header's type (its top 7 bits).
pub fn tlv_type(header: u16) -> u8 {
    (header >> 9) as u8
}

/// A TLV header's value length (its low 9 bits).
pub fn tlv_len(header: u16) -> usize {
    usize::from(header & 0x01ff)
}

/// TLV types.
pub mod tlv {
    /// End of LLDPDU.
    pub const END: u8 = 0;
    /// Chassis ID: subtype, then the id.
    pub const CHASSIS_ID: u8 = 1;
    /// Port ID: subtype, then the id.
    pub const PORT_ID: u8 = 2;
    /// Time to live, seconds (16 bits).
    pub const TTL: u8 = 3;
    /// Port description (text).
    pub const PORT_DESCR: u8 = 4;
    /// System name (text).
    pub const SYSTEM_NAME: u8 = 5;
    /// System description (text).
    pub const SYSTEM_DESCR: u8 = 6;
    /// System and enabled capabilities (16 bits each).
    pub const SYSTEM_CAP: u8 = 7;
    /// Management address.
    pub const MGMT_ADDR: u8 = 8;
    /// Organisation specific: OUI, subtype, value.
    pub const PRIVATE: u8 = 127;
}

/// Chassis ID subtypes that carry a MAC or network address (the others are text).
pub mod chassis_subtype {
    /// A MAC address.
    pub const MAC: u8 = 4;
    /// A network address (address family, address).
    pub const NETWORK: u8 = 5;
    /// The text subtypes.
    pub const TEXT: [u8; 5] = [1, 2, 3, 6, 7];
}

/// Port ID subtypes that carry a MAC or network address (the others are text).
pub mod port_subtype {
    /// A MAC address.
    pub const MAC: u8 = 3;
    /// A network address (address family, address).
    pub const NETWORK: u8 = 4;
    /// The text subtypes.
    pub const TEXT: [u8; 5] = [1, 2, 5, 6, 7];
}

/// Address family numbers (RFC 1700) a network address is printed for.
pub mod afnum {
    /// IPv4.
    pub const INET: u8 = 1;
    /// IPv6.
    pub const INET6: u8 = 2;
    /// IEEE 802 MAC.
    pub const IEEE802: u8 = 6;
}

/// A management address TLV: address string length (family byte
/// included), family, address, then interface numbering subtype (1) and
/// number (4), then an optional OID length and OID.
pub const INTF_NUM_LEN: usize = 5;

/// Organisation codes of the organisation-specific TLVs tcpdump decodes.
pub mod oui {
    /// IEEE 802.1.
    pub const IEEE_8021: u32 = 0x0080c2;
    /// IEEE 802.3.
    pub const IEEE_8023: u32 = 0x00120f;
    /// IANA (MUD URL).
    pub const IANA: u32 = 0x00005e;
    /// ANSI/TIA LLDP-MED.
    pub const TIA: u32 = 0x0012bb;
    /// DCBX (pre-standard data center bridging).
    pub const DCBX: u32 = 0x001b21;
}

/// Offset of the OUI and the subtype in an organisation-specific value.
pub const OUI_LEN: usize = 3;
/// The subtype's offset.
pub const SUBTYPE: usize = 3;

/// IEEE 802.1 subtypes.
pub mod ieee8021 {
    /// Port VLAN id.
    pub const PORT_VLAN_ID: u8 = 1;
    /// Port and protocol VLAN id.
    pub const PROTOCOL_VLAN_ID: u8 = 2;
    /// VLAN name.
    pub const VLAN_NAME: u8 = 3;
    /// Protocol identity.
    pub const PROTOCOL_IDENTITY: u8 = 4;
    /// Link aggregation (moved here from 802.3 in 802.1AB-2009).
    pub const LINKAGGR: u8 = 7;
    /// Congestion notification.
    pub const CONGESTION_NOTIFICATION: u8 = 8;
    /// ETS configuration.
    pub const ETS_CONFIGURATION: u8 = 9;
    /// ETS recommendation.
    pub const ETS_RECOMMENDATION: u8 = 10;
    /// Priority flow control configuration.
    pub const PFC_CONFIGURATION: u8 = 11;
    /// Application priority.
    pub const APPLICATION_PRIORITY: u8 = 12;
    /// Edge virtual bridging.
    pub const EVB: u8 = 13;
    /// Channel discovery and configuration.
    pub const CDCP: u8 = 14;
}

/// IEEE 802.3 subtypes.
pub mod ieee8023 {
    /// MAC/PHY configuration and status.
    pub const MACPHY: u8 = 1;
    /// Power via MDI.
    pub const MDIPOWER: u8 = 2;
    /// Link aggregation.
    pub const LINKAGGR: u8 = 3;
    /// Maximum frame size.
    pub const MTU: u8 = 4;
}

/// IANA subtypes.
pub mod iana {
    /// Manufacturer usage description URL (RFC 8520).
    pub const MUD_URL: u8 = 1;
}

/// TIA (LLDP-MED) subtypes.
pub mod tia {
    /// LLDP-MED capabilities and device type.
    pub const CAPABILITIES: u8 = 1;
    /// Network policy.
    pub const NETWORK_POLICY: u8 = 2;
    /// Location identification.
    pub const LOCATION_ID: u8 = 3;
    /// Extended power via MDI.
    pub const EXTENDED_POWER_MDI: u8 = 4;
    /// First inventory subtype (hardware revision) ..
    pub const INVENTORY_FIRST: u8 = 5;
    /// .. last inventory subtype (asset id).
    pub const INVENTORY_LAST: u8 = 11;
    /// Location data formats.
    pub mod location {
        /// Coordinate-based LCI (RFC 3825).
        pub const COORDINATE: u8 = 1;
        /// Civic address LCI.
        pub const CIVIC: u8 = 2;
        /// Emergency call service ELIN.
        pub const ECS_ELIN: u8 = 3;
    }
    /// Power values from here on are reserved.
    pub const POWER_VAL_MAX: u16 = 1024;
}

/// DCBX subtypes and its TLVs (same header layout as LLDP's).
pub mod dcbx {
    /// DCBX revision 1 (not decoded).
    pub const SUBTYPE_1: u8 = 1;
    /// Control TLV.
    pub const CONTROL: u8 = 1;
    /// Priority groups TLV.
    pub const PRIORITY_GROUPS: u8 = 2;
    /// Priority flow control TLV.
    pub const PRIORITY_FLOW_CONTROL: u8 = 3;
    /// Application TLV.
    pub const APPLICATION: u8 = 4;
}

/// LLDP bytes (a PDU, a TLV value) over captured bytes; every read is
/// `None` past the capture.
pub type Lldp<'a> = Bytes<'a>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tlv_header_splits_into_seven_and_nine_bits() {
        // Organisation specific (127), length 9.
        let h = Lldp::new(&[0xfe, 0x09]).u16(0).unwrap_or(0);
        assert_eq!((tlv_type(h), tlv_len(h)), (tlv::PRIVATE, 9));
    }
}
