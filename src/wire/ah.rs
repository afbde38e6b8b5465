//! IPsec Authentication Header (RFC 4302 §2).
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! | Next Header   |  Payload Len  |          RESERVED             |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                 Security Parameters Index (SPI)               |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                    Sequence Number Field                      |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                Integrity Check Value-ICV (variable)           |
//! ```
//! RFC 4302 §2.2: Payload Len is the header's length in 32-bit words minus 2.

use super::field::{get16, get32, get8, Field};

/// Byte ranges of the fixed part.
pub mod field {
    use super::Field;
    pub const NEXT_HEADER: Field = 0..1;
    pub const PAYLOAD_LEN: Field = 1..2;
    pub const RESERVED: Field = 2..4;
    pub const SPI: Field = 4..8;
    pub const SEQ: Field = 8..12;
    /// The ICV runs from here to the header's end.
    pub const ICV: usize = 12;
}

/// An AH header over captured bytes; fields read `None` past the capture.
#[derive(Clone, Copy, Debug)]
pub struct Ah<'a>(&'a [u8]);

impl<'a> Ah<'a> {
    /// Wraps the bytes from the AH header on.
    pub fn new(data: &'a [u8]) -> Self {
        Ah(data)
    }
    /// Protocol of what follows.
    pub fn next_header(&self) -> Option<u8> {
        get8(self.0, field::NEXT_HEADER.start)
    }
    /// Payload Len as written (32-bit words minus 2).
    pub fn payload_len(&self) -> Option<u8> {
        get8(self.0, field::PAYLOAD_LEN.start)
    }
    /// Header length in bytes, from Payload Len.
    pub fn header_len(&self) -> Option<usize> {
        Some((self.payload_len()? as usize + 2) * 4)
    }
    /// Reserved field (must be zero).
    pub fn reserved(&self) -> Option<u16> {
        get16(self.0, field::RESERVED.start)
    }
    /// Security parameters index.
    pub fn spi(&self) -> Option<u32> {
        get32(self.0, field::SPI.start)
    }
    /// Sequence number.
    pub fn seq(&self) -> Option<u32> {
        get32(self.0, field::SEQ.start)
    }
    /// ICV byte `i` (the ICV has `header_len() - 12` bytes).
    pub fn icv_byte(&self, i: usize) -> Option<u8> {
        get8(self.0, field::ICV + i)
    }
    /// What follows the header (empty when cut short).
    pub fn payload(&self) -> &'a [u8] {
        self.header_len().and_then(|n| self.0.get(n..)).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_len_counts_words_minus_two() {
        // Next header TCP, payload len 4 (24 bytes: 12 fixed + 12-byte ICV), then one TCP byte.
        let mut d = vec![6, 4, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 5];
        d.extend_from_slice(&[0x77; 12]);
        d.push(0x9c);
        let ah = Ah::new(&d);
        assert_eq!((ah.header_len(), ah.spi(), ah.seq(), ah.payload()), (Some(24), Some(0x2000), Some(5), &[0x9c][..]));
    }
}
