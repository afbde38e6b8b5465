//! OSPF packet headers: version 2 (RFC 2328 §A.3.1, IP protocol 89 over
//! IPv4) and version 3 (RFC 5340 §A.3.1, over IPv6).
//!
//! ```text
//!  0       1       2               4               8              12
//! +-------+-------+---------------+---------------+---------------+
//! |version| type  | packet length |   router ID   |    area ID    |
//! +-------+-------+---------------+---------------+---------------+
//! v2:  12 checksum (2), 14 auth type (2), 16 authentication (8), body at 24
//! v3:  12 checksum (2), 14 instance ID (1), 15 reserved (1), body at 16
//! ```
//! With cryptographic authentication (v2 auth type 2) an MD5 digest of
//! 16 bytes follows the packet, inside the IP payload but outside the
//! packet length.

use super::field::Field;

/// Byte ranges common to both versions.
pub mod field {
    use super::Field;
    pub const VERSION: usize = 0;
    /// Packet type ([`super::packet_type`]).
    pub const TYPE: usize = 1;
    pub const LENGTH: Field = 2..4;
    pub const ROUTER_ID: Field = 4..8;
    pub const AREA_ID: Field = 8..12;
    pub const CHECKSUM: Field = 12..14;
    /// Version 2: the authentication type ([`super::AUTH_CRYPTOGRAPHIC`]…).
    pub const V2_AUTH_TYPE: Field = 14..16;
    /// Version 3: the instance ID.
    pub const V3_INSTANCE_ID: usize = 14;
}

/// Packet types (the same numbers in both versions).
pub mod packet_type {
    pub const HELLO: u8 = 1;
    pub const DATABASE_DESCRIPTION: u8 = 2;
    pub const LS_REQUEST: u8 = 3;
    pub const LS_UPDATE: u8 = 4;
    pub const LS_ACK: u8 = 5;
}

/// Version 2 authentication type: a keyed MD5 digest trails the packet.
pub const AUTH_CRYPTOGRAPHIC: u16 = 2;
/// Length of that trailing digest.
pub const MD5_DIGEST_LEN: u32 = 16;
