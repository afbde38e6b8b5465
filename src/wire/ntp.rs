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
//! Mode 6 (control messages, RFC 1305 appendix B) shares the first byte:
//!
//! ```text
//! |LI | VN  |Mode |R|E|M| OpCode  |       Sequence Number         |
//! |            Status             |       Association ID          |
//! |            Offset             |            Count              |
//! |                 Data (Count bytes) ...                        |
//! ```
//! Root delay and dispersion are 16.16 fixed point; timestamps 32.32,
//! seconds since 1900 (RFC 5905 §6). Accessors return `None` past the capture.

use super::field::{get16, get32, get8, get_bytes, Field};

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
    /// Optional key identifier after the header (RFC 5905 §7.3).
    pub const KEY_ID: Field = 48..52;
    /// Optional message digest after the key identifier (16 or 20 bytes).
    pub const DIGEST: usize = 52;
}

/// Byte ranges of a mode 6 control message header.
pub mod control_field {
    use super::Field;
    /// Response, Error and More bits, then the 5-bit opcode.
    pub const CONTROL: Field = 1..2;
    pub const SEQUENCE: Field = 2..4;
    pub const STATUS: Field = 4..6;
    pub const ASSOCIATION: Field = 6..8;
    pub const OFFSET: Field = 8..10;
    pub const COUNT: Field = 10..12;
    /// Where the data starts.
    pub const DATA: usize = 12;
}

/// Length of a time message without optional fields.
pub const TIME_MSG_LEN: u32 = 48;
/// Length of a control message header.
pub const CONTROL_MSG_LEN: u32 = 12;

/// Association modes (RFC 5905 §7.3).
pub mod mode {
    pub const UNSPECIFIED: u8 = 0;
    pub const SYMMETRIC_ACTIVE: u8 = 1;
    pub const SYMMETRIC_PASSIVE: u8 = 2;
    pub const CLIENT: u8 = 3;
    pub const SERVER: u8 = 4;
    pub const BROADCAST: u8 = 5;
    pub const CONTROL: u8 = 6;
}

/// Stratum values with a meaning of their own (RFC 5905 §7.3, and the
/// reference implementation's information query and reply).
pub mod stratum {
    pub const UNSPECIFIED: u8 = 0;
    pub const PRIMARY: u8 = 1;
    pub const INFO_QUERY: u8 = 62;
    pub const INFO_REPLY: u8 = 63;
}

/// A 32.32 NTP timestamp: seconds since 1900 and a binary fraction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NtpTime {
    pub secs: u32,
    pub frac: u32,
}

/// Seconds from 1900-01-01 (the NTP era 0 origin) to the Unix epoch.
pub const UNIX_EPOCH_NTP_SECS: i64 = 2_208_988_800;

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
    /// Leap indicator, left in place: the top two bits of the first byte.
    pub fn leap_bits(&self) -> Option<u8> {
        Some(self.status()? & 0xc0)
    }
    /// Stratum.
    pub fn stratum(&self) -> Option<u8> {
        get8(self.0, field::STRATUM.start)
    }
    /// Poll interval, log2 seconds.
    pub fn poll(&self) -> Option<i8> {
        Some(get8(self.0, field::POLL.start)? as i8)
    }
    /// Clock precision, log2 seconds.
    pub fn precision(&self) -> Option<i8> {
        Some(get8(self.0, field::PRECISION.start)? as i8)
    }
    /// Root delay as (integer, fraction) halves of 16.16 fixed point.
    pub fn root_delay(&self) -> Option<(u16, u16)> {
        self.short_fixed(field::ROOT_DELAY)
    }
    /// Root dispersion as (integer, fraction).
    pub fn root_dispersion(&self) -> Option<(u16, u16)> {
        self.short_fixed(field::ROOT_DISPERSION)
    }
    fn short_fixed(&self, f: Field) -> Option<(u16, u16)> {
        Some((get16(self.0, f.start)?, get16(self.0, f.start + 2)?))
    }
    /// The reference identifier's four bytes.
    pub fn reference_id(&self) -> Option<&'a [u8]> {
        get_bytes(self.0, field::REFERENCE_ID.start, 4)
    }
    /// A timestamp field (one of `field::*_TS`).
    pub fn timestamp(&self, f: Field) -> Option<NtpTime> {
        Some(NtpTime { secs: get32(self.0, f.start)?, frac: get32(self.0, f.start + 4)? })
    }
    /// The key identifier after the header.
    pub fn key_id(&self) -> Option<u32> {
        get32(self.0, field::KEY_ID.start)
    }
    /// The `i`th 32-bit word of the message digest.
    pub fn digest_word(&self, i: usize) -> Option<u32> {
        get32(self.0, field::DIGEST + 4 * i)
    }
    /// A 16-bit field of a control message (one of `control_field::*`).
    pub fn control_u16(&self, f: Field) -> Option<u16> {
        get16(self.0, f.start)
    }
    /// The control message's R/E/M bits and opcode byte.
    pub fn control(&self) -> Option<u8> {
        get8(self.0, control_field::CONTROL.start)
    }
    /// True when `n` bytes from `at` were captured.
    pub fn captured(&self, at: usize, n: usize) -> bool {
        get_bytes(self.0, at, n).is_some()
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

    #[test]
    fn a_cut_header_reads_what_it_holds() {
        // Server, stratum 2, poll 6, precision -20, root delay 1.5, cut.
        let n = Ntp::new(&[0x24, 2, 6, 0xec, 0, 1, 0x80, 0, 0]);
        assert_eq!((n.poll(), n.precision(), n.root_delay(), n.root_dispersion()), (Some(6), Some(-20), Some((1, 0x8000)), None));
    }
}
