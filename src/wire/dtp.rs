//! Cisco Dynamic Trunking Protocol, as a lax view. It rides in SNAP with
//! OUI 00-00-0c and protocol id 0x2004: a version byte, then TLVs of a
//! 16-bit type and a 16-bit length that counts the 4-byte TLV header.

use super::field::Bytes;

/// The version byte before the first TLV.
pub const HEADER_LEN: usize = 1;
/// A TLV header: type and length.
pub const TLV_HEADER_LEN: usize = 4;

/// TLV types.
pub mod tlv {
    /// VTP domain name (text).
    pub const DOMAIN: u16 = 1;
    /// Trunk status (1 byte).
    pub const STATUS: u16 = 2;
    /// Trunk encapsulation type (1 byte).
    pub const DTP_TYPE: u16 = 3;
    /// Neighbor MAC address.
    pub const NEIGHBOR: u16 = 4;
}

/// The whole TLV length of a one-byte value (status, type).
pub const BYTE_TLV_LEN: u16 = 5;
/// The whole TLV length of the neighbour's MAC.
pub const NEIGHBOR_TLV_LEN: u16 = 10;

/// DTP bytes over captured bytes; every read is `None` past the capture.
pub type Dtp<'a> = Bytes<'a>;
