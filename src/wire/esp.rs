//! IPsec Encapsulating Security Payload header (RFC 4303 §2): only the SPI
//! and sequence number are in the clear.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |               Security Parameters Index (SPI)                 |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                      Sequence Number                          |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                 Payload Data (encrypted) ...                  |
//! ```

use super::field::{get32, Field};

/// Byte ranges of the header.
pub mod field {
    use super::Field;
    pub const SPI: Field = 0..4;
    pub const SEQ: Field = 4..8;
}

/// Length of the clear-text header.
pub const HEADER_LEN: usize = 8;

/// An ESP header over captured bytes; fields read `None` past the capture.
#[derive(Clone, Copy, Debug)]
pub struct Esp<'a>(&'a [u8]);

impl<'a> Esp<'a> {
    /// Wraps the bytes from the ESP header on.
    pub fn new(data: &'a [u8]) -> Self {
        Esp(data)
    }
    /// Security parameters index.
    pub fn spi(&self) -> Option<u32> {
        get32(self.0, field::SPI.start)
    }
    /// Sequence number.
    pub fn seq(&self) -> Option<u32> {
        get32(self.0, field::SEQ.start)
    }
    /// Captured bytes, header included.
    pub fn captured(&self) -> usize {
        self.0.len()
    }
}
