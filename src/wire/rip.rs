//! RIP versions 1 and 2 (RFC 1058, RFC 2453, RFC 4822) on UDP port 520 and
//! RIPng (RFC 2080) on UDP port 521, as lax views: a 4-byte header, then
//! 20-byte entries.
//!
//! ```text
//!  0               1               2               3
//! +---------------+---------------+-------------------------------+
//! |  command (1)  |  version (1)  |       must be zero (2)        |
//! +---------------+---------------+-------------------------------+
//! RIP entry (RFC 2453 §4; v1 has zeros for tag, mask and next hop):
//! +-------------------------------+-------------------------------+
//! | address family identifier (2) |        route tag (2)          |
//! +-------------------------------+-------------------------------+
//! |  IP address (4) | subnet mask (4) | next hop (4) | metric (4)  |
//! +---------------------------------------------------------------+
//! RIPv2 authentication entry (family 0xFFFF): type (2), then 16 bytes
//! of password (type 2), or RFC 4822's header (type 3): packet length
//! (2), key id (1), auth data length (1), sequence number (4), 8 zeros.
//! RIPng entry (RFC 2080 §2.1):
//! +---------------------------------------------------------------+
//! |                      IPv6 prefix (16)                         |
//! +-------------------------------+---------------+---------------+
//! |         route tag (2)         | prefix len (1)|  metric (1)   |
//! +-------------------------------+---------------+---------------+
//! ```

use super::field::Field;

/// Byte ranges of the header, common to RIP and RIPng.
pub mod field {
    use super::Field;
    /// Command ([`super::command`]).
    pub const COMMAND: usize = 0;
    /// Version: 1 or 2 for RIP, 1 for RIPng.
    pub const VERSION: usize = 1;
    /// Must be zero.
    pub const UNUSED: Field = 2..4;
    /// First entry.
    pub const ENTRIES: usize = 4;
}

/// Byte ranges of a RIP entry, from its start.
pub mod entry_field {
    use super::Field;
    /// Address family: 2 (IPv4), 0 in a whole-table request, 0xFFFF for
    /// authentication.
    pub const FAMILY: Field = 0..2;
    /// Route tag (v2); must be zero in v1. The authentication type when
    /// the family is 0xFFFF.
    pub const TAG: Field = 2..4;
    /// Destination address.
    pub const ADDRESS: Field = 4..8;
    /// Subnet mask (v2); must be zero in v1.
    pub const MASK: Field = 8..12;
    /// Next hop (v2; 0 is the sender); must be zero in v1.
    pub const NEXT_HOP: Field = 12..16;
    /// Metric: 1-15, 16 is unreachable.
    pub const METRIC: Field = 16..20;
    /// Simple password (authentication type 2), NUL-padded.
    pub const PASSWORD: Field = 4..20;
}

/// Byte ranges of RFC 4822's cryptographic authentication header, from
/// the start of the entry (after family 0xFFFF and type 3).
pub mod crypto_field {
    use super::Field;
    /// Offset of the authentication trailer from the RIP header.
    pub const PACKET_LEN: Field = 4..6;
    /// Key identifier.
    pub const KEY_ID: usize = 6;
    /// Length of the authentication data in the trailer.
    pub const AUTH_DATA_LEN: usize = 7;
    /// Non-decreasing sequence number.
    pub const SEQ: Field = 8..12;
    /// Reserved, must be zero.
    pub const MBZ1: Field = 12..16;
    /// Reserved, must be zero.
    pub const MBZ2: Field = 16..20;
}

/// Byte ranges of a RIPng entry, from its start.
pub mod ng_entry_field {
    use super::Field;
    /// IPv6 prefix.
    pub const PREFIX: Field = 0..16;
    /// Route tag.
    pub const TAG: Field = 16..18;
    /// Prefix length.
    pub const PREFIX_LEN: usize = 18;
    /// Metric: 1-15, 16 is unreachable; 0xFF marks a next-hop entry.
    pub const METRIC: usize = 19;
}

/// Length of a RIP or RIPng entry.
pub const ENTRY_LEN: usize = 20;
/// Length of a RIPv2 authentication entry's header (family and type).
pub const AUTH_HEADER_LEN: usize = 4;
/// The family of a RIPv2 authentication entry.
pub const FAMILY_AUTH: u16 = 0xffff;
/// RIPng's version.
pub const NG_VERSION: u8 = 1;
/// The metric that means unreachable (RIP and RIPng).
pub const INFINITY: u8 = 16;

/// Commands (RFC 1058 §3.1; 3-6 are obsolete or reserved).
pub mod command {
    /// Request for all or part of the routing table.
    pub const REQUEST: u8 = 1;
    /// Routing table (unsolicited, or the answer to a request).
    pub const RESPONSE: u8 = 2;
    /// Trace on (obsolete).
    pub const TRACE_ON: u8 = 3;
    /// Trace off (obsolete).
    pub const TRACE_OFF: u8 = 4;
    /// Sun's poll.
    pub const POLL: u8 = 5;
    /// Poll for one entry.
    pub const POLL_ENTRY: u8 = 6;
}

/// RIPv2 authentication types (RFC 2453 §4.1, RFC 4822 §2.1).
pub mod auth {
    /// RFC 4822's trailer holding the digest, at the end of the packet.
    pub const TRAILER: u16 = 1;
    /// Clear-text password.
    pub const SIMPLE: u16 = 2;
    /// Cryptographic authentication header.
    pub const CRYPTO: u16 = 3;
}

/// The prefix length of a contiguous mask, `None` for any other mask
/// (tcpdump's `mask2plen`).
pub fn mask_len(mask: u32) -> Option<u8> {
    let len = mask.leading_ones();
    (mask.checked_shl(len).unwrap_or(0) == 0).then_some(len as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contiguous_masks_have_a_prefix_length() {
        assert_eq!((mask_len(0), mask_len(0xffff_ff00), mask_len(u32::MAX)), (Some(0), Some(24), Some(32)));
    }

    #[test]
    fn a_mask_with_a_hole_has_none() {
        assert_eq!((mask_len(0xff00_ff00), mask_len(1)), (None, None));
    }
}
