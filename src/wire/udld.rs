//! Cisco UniDirectional Link Detection (RFC 5171), as a lax view. It rides
//! in SNAP with OUI 00-00-0c and protocol id 0x0111.
//!
//! ```text
//!  0     3         8               16                              32
//! +-----+---------+---------------+-------------------------------+
//! | ver | opcode  |     flags     |           checksum            |
//! +-----+---------+---------------+-------------------------------+
//! |  type (16)  |  length (16, header included)  |  value ...     |   TLVs
//! ```

use super::field::Bytes;

/// Byte ranges of the UDLD header.
pub mod field {
    use super::super::field::Field;
    /// Version (top 3 bits) and opcode (low 5 bits).
    pub const VER_OPCODE: usize = 0;
    /// Flags ([`super::flag`]).
    pub const FLAGS: usize = 1;
    /// Checksum (not verified).
    pub const CHECKSUM: Field = 2..4;
}

/// The header before the first TLV.
pub const HEADER_LEN: usize = 4;
/// A TLV header: type and length.
pub const TLV_HEADER_LEN: usize = 4;

/// The version in the first byte.
pub fn version(b: u8) -> u8 {
    (b & 0xe0) >> 5
}

/// The opcode in the first byte.
pub fn opcode(b: u8) -> u8 {
    b & 0x1f
}

/// TLV types.
pub mod tlv {
    /// Device id (text).
    pub const DEVICE_ID: u16 = 1;
    /// Port id (text).
    pub const PORT_ID: u16 = 2;
    /// Echo of the neighbours seen.
    pub const ECHO: u16 = 3;
    /// Message interval, seconds (1 byte).
    pub const MESSAGE_INTERVAL: u16 = 4;
    /// Timeout interval, seconds (1 byte).
    pub const TIMEOUT_INTERVAL: u16 = 5;
    /// Device name (text).
    pub const DEVICE_NAME: u16 = 6;
    /// Sequence number (4 bytes).
    pub const SEQ_NUMBER: u16 = 7;
}

/// UDLD bytes over captured bytes; every read is `None` past the capture.
pub type Udld<'a> = Bytes<'a>;
