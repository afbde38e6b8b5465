//! NTP packet header (RFC 5905 §7.3), as a lax view.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |LI | VN  |Mode |    Stratum     |     Poll      |  Precision   |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                         Root Delay                            |
//! |                         Root Dispersion                       |
//! |                          Reference ID                         |
//! |                 Reference Timestamp (64)                      |
//! |                 Origin Timestamp (64)                         |
//! |                 Receive Timestamp (64)                        |
//! |                 Transmit Timestamp (64)                       |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//! Mode 6 (control messages, RFC 1305 appendix B) shares the first byte.
//! Accessors return `None` past the capture.

use super::field::{get8, Field};

/// Byte ranges of the header.
pub mod field {
    use super::Field;
    /// Leap indicator (2 bits), version (3), mode (3).
    pub const STATUS: Field = 0..1;
    pub const STRATUM: Field = 1..2;
    pub const POLL: Field = 2..3;
    pub const PRECISION: Field = 3..4;
    pub const ROOT_DELAY: Field = 4..8;
    pub const ROOT_DISPERSION: Field = 8..12;
    pub const REFERENCE_ID: Field = 12..16;
    pub const REFERENCE_TS: Field = 16..24;
    pub const ORIGIN_TS: Field = 24..32;
    pub const RECEIVE_TS: Field = 32..40;
    pub const TRANSMIT_TS: Field = 40..48;
}

/// An NTP message over captured bytes.
#[derive(Clone, Copy, Debug)]
pub struct Ntp<'a>(&'a [u8]);

impl<'a> Ntp<'a> {
    /// Wraps the UDP payload.
    pub fn new(data: &'a [u8]) -> Self {
        Ntp(data)
    }
    /// The first byte: leap indicator, version, mode.
    pub fn status(&self) -> Option<u8> {
        get8(self.0, field::STATUS.start)
    }
    /// Version number (3 bits).
    pub fn version(&self) -> Option<u8> {
        Some((self.status()? >> 3) & 7)
    }
    /// Association mode (3 bits): 3 client, 4 server, 6 control…
    pub fn mode(&self) -> Option<u8> {
        Some(self.status()? & 7)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_byte_holds_version_and_mode() {
        // LI 0, VN 4, mode 3 (client).
        let n = Ntp::new(&[0x23]);
        assert_eq!((n.version(), n.mode()), (Some(4), Some(3)));
    }
}
