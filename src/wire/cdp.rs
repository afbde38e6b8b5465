//! Cisco Discovery Protocol (CDP v1/v2), as a lax view. It rides in SNAP
//! with OUI 00-00-0c and protocol id 0x2000 ([`super::ethernet::cisco_pid::CDP`]).
//!
//! ```text
//!  0         1       2               4
//! +---------+-------+---------------+
//! | version |  TTL  |   checksum    |   then TLVs to the end of the frame:
//! +---------+-------+---------------+
//! +---------------+---------------+-----------------------+
//! |     type      |    length     | value (length - 4)    |   length counts the
//! +---------------+---------------+-----------------------+   4-byte TLV header
//! ```
//! An address TLV (Address, Management Addresses) holds a 32-bit count,
//! then per address: protocol type (1), protocol length (1), protocol
//! (NLPID 0xcc for IPv4, an LLC/SNAP header for IPv6), address length (2),
//! address. Nothing here is documented by Cisco beyond the first TLVs;
//! tcpdump's print-cdp.c is the reference for the rest.

use super::field::{Bytes, Field};

/// Byte ranges of the CDP header.
pub mod field {
    use super::Field;
    /// Protocol version (1 or 2).
    pub const VERSION: usize = 0;
    /// Time to live, seconds.
    pub const TTL: usize = 1;
    /// IP-style checksum over the whole message (not verified).
    pub const CHECKSUM: Field = 2..4;
}

/// The header before the first TLV.
pub const HEADER_LEN: usize = 4;

/// Byte ranges of a TLV header.
pub mod tlv_field {
    use super::Field;
    /// TLV type ([`super::tlv`]).
    pub const TYPE: Field = 0..2;
    /// TLV length, header included.
    pub const LENGTH: Field = 2..4;
}

/// A TLV header.
pub const TLV_HEADER_LEN: usize = 4;

/// TLV types.
pub mod tlv {
    /// Device identifier (text).
    pub const DEVICE_ID: u16 = 0x01;
    /// Addresses of the sender.
    pub const ADDRESS: u16 = 0x02;
    /// Sending port (text).
    pub const PORT_ID: u16 = 0x03;
    /// Capability bits ([`super::capability`]).
    pub const CAPABILITY: u16 = 0x04;
    /// Software version (text, lines).
    pub const VERSION: u16 = 0x05;
    /// Hardware platform (text).
    pub const PLATFORM: u16 = 0x06;
    /// IPv4 prefixes, 5 bytes each (address, prefix length).
    pub const PREFIXES: u16 = 0x07;
    /// Protocol hello (undocumented).
    pub const PROTOCOL_HELLO: u16 = 0x08;
    /// VTP management domain (text).
    pub const VTP_DOMAIN: u16 = 0x09;
    /// Native VLAN of the port.
    pub const NATIVE_VLAN: u16 = 0x0a;
    /// Duplex (0 half, else full).
    pub const DUPLEX: u16 = 0x0b;
    /// ATA-186 VoIP VLAN assignment.
    pub const ATA186_ASSIGN: u16 = 0x0e;
    /// ATA-186 VoIP VLAN request.
    pub const ATA186_REQUEST: u16 = 0x0f;
    /// Power consumption, milliwatts (1-3 bytes).
    pub const POWER: u16 = 0x10;
    /// Interface MTU.
    pub const MTU: u16 = 0x11;
    /// AVVID trust bitmap.
    pub const TRUST_BITMAP: u16 = 0x12;
    /// AVVID untrusted port CoS.
    pub const UNTRUSTED_COS: u16 = 0x13;
    /// System name (text).
    pub const SYSTEM_NAME: u16 = 0x14;
    /// System object id (not decoded).
    pub const SYSTEM_OID: u16 = 0x15;
    /// Management addresses (same layout as [`ADDRESS`]).
    pub const MGMT_ADDRESS: u16 = 0x16;
    /// Physical location: a byte, then text.
    pub const LOCATION: u16 = 0x17;
    /// Power available: request id, management id, then 32-bit milliwatt values.
    pub const POWER_AVAILABLE: u16 = 0x1a;
    /// One past the highest type tcpdump's table covers: types below it
    /// that it names nothing are still "known" (printed without a hex dump).
    pub const TABLE_END: u16 = 0x1b;
}

/// The value lengths a TLV type must have (minimum, maximum), where the
/// type defines them; a value outside is malformed.
pub fn value_len_bounds(t: u16) -> (Option<u16>, Option<u16>) {
    match t {
        tlv::ADDRESS | tlv::MGMT_ADDRESS => (Some(4), None),
        tlv::CAPABILITY | tlv::MTU => (Some(4), Some(4)),
        tlv::NATIVE_VLAN => (Some(2), Some(2)),
        tlv::DUPLEX | tlv::TRUST_BITMAP | tlv::UNTRUSTED_COS => (Some(1), Some(1)),
        tlv::ATA186_ASSIGN => (Some(3), Some(3)),
        tlv::ATA186_REQUEST => (Some(2), Some(3)),
        tlv::POWER => (Some(1), Some(3)),
        tlv::LOCATION => (Some(1), None),
        tlv::POWER_AVAILABLE => (Some(8), None),
        _ => (None, None),
    }
}

/// Capability bits of the Capability TLV.
pub mod capability {
    /// Router.
    pub const ROUTER: u32 = 0x01;
    /// Transparent bridge.
    pub const TRANSPARENT_BRIDGE: u32 = 0x02;
    /// Source-route bridge.
    pub const SOURCE_ROUTE_BRIDGE: u32 = 0x04;
    /// Layer 2 switch.
    pub const L2_SWITCH: u32 = 0x08;
    /// Layer 3 capable.
    pub const L3_CAPABLE: u32 = 0x10;
    /// IGMP snooping.
    pub const IGMP_SNOOPING: u32 = 0x20;
    /// Layer 1 capable (repeater).
    pub const L1_CAPABLE: u32 = 0x40;
}

/// Byte ranges of one address record, from its protocol type on.
pub mod addr_field {
    /// Protocol type ([`super::PT_NLPID`], [`super::PT_IEEE_802_2`]).
    pub const PROTO_TYPE: usize = 0;
    /// Protocol length.
    pub const PROTO_LEN: usize = 1;
    /// First protocol byte; the 16-bit address length follows the protocol.
    pub const PROTO: usize = 2;
}

/// The address count before the records.
pub const ADDR_COUNT_LEN: usize = 4;
/// Protocol type: the protocol is an OSI NLPID.
pub const PT_NLPID: u8 = 1;
/// Protocol type: the protocol is an 802.2 LLC (SNAP) header.
pub const PT_IEEE_802_2: u8 = 2;
/// The NLPID of IPv4.
pub const NLPID_IP: u8 = 0xcc;
/// The LLC/SNAP header naming IPv6 as an address's protocol.
pub const PROTO_IPV6: [u8; 8] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd];
/// One IPv4 prefix: address and prefix length.
pub const PREFIX_LEN: usize = 5;

/// CDP bytes (a message, a TLV value, an address record) over captured
/// bytes; every read is `None` past the capture.
pub type Cdp<'a> = Bytes<'a>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_id_tlv_reads_its_type_and_length() {
        // v2, ttl 180, checksum 0x0bea; Device-ID TLV of 6 bytes: "S1".
        let b = [2, 180, 0x0b, 0xea, 0, 1, 0, 6, b'S', b'1'];
        let c = Cdp::new(&b);
        let t = c.at(HEADER_LEN);
        assert_eq!((c.u8(field::TTL), c.u16(field::CHECKSUM.start), t.u16(tlv_field::TYPE.start), t.u16(tlv_field::LENGTH.start)), (Some(180), Some(0x0bea), Some(tlv::DEVICE_ID), Some(6)));
    }

    #[test]
    fn reads_past_the_capture_are_none() {
        let c = Cdp::new(&[2, 180, 0]);
        assert_eq!((c.u16(field::CHECKSUM.start), c.u24(1), c.at(usize::MAX).u8(0)), (None, None, None));
    }
}
