//! UDP (RFC 768).
//!
//! ```text
//! |          Source Port          |       Destination Port        |
//! |            Length             |           Checksum            |
//! ```

use super::field::be16;

/// Header length.
pub const HEADER_LEN: usize = 8;

/// Byte ranges of the header in the diagram above (the ports sit at the
/// same offsets in TCP, which ICMP's quoted headers rely on).
pub mod field {
    use crate::wire::field::Field;
    pub const SRC_PORT: Field = 0..2;
    pub const DST_PORT: Field = 2..4;
    pub const LENGTH: Field = 4..6;
    pub const CHECKSUM: Field = 6..8;
}

/// A view over a UDP datagram as captured (at least 8 bytes).
#[derive(Clone, Copy, Debug)]
pub struct Udp<'a>(&'a [u8]);

impl<'a> Udp<'a> {
    /// Wraps `data` when it holds the 8-byte header.
    pub fn new(data: &'a [u8]) -> Option<Self> {
        (data.len() >= HEADER_LEN).then_some(Udp(data))
    }
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }
    pub fn src_port(&self) -> u16 {
        be16(self.0, field::SRC_PORT.start)
    }
    pub fn dst_port(&self) -> u16 {
        be16(self.0, field::DST_PORT.start)
    }
    /// Length field (header + payload).
    pub fn len(&self) -> u16 {
        be16(self.0, field::LENGTH.start)
    }
    /// True when the length field claims no payload.
    pub fn is_empty(&self) -> bool {
        self.len() <= HEADER_LEN as u16
    }
    pub fn checksum_field(&self) -> u16 {
        be16(self.0, field::CHECKSUM.start)
    }
    /// Payload as captured, bounded by the length field when that is sane.
    pub fn payload(&self) -> &'a [u8] {
        let end = (self.len() as usize).clamp(HEADER_LEN, self.0.len().max(HEADER_LEN));
        self.0.get(HEADER_LEN..end.min(self.0.len())).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_field_bounds_the_payload() {
        let d = [0x04, 0xd2, 0x00, 0x35, 0x00, 0x0a, 0, 0, 0xab, 0xcd, 0xee, 0xff];
        let u = Udp::new(&d).unwrap();
        assert_eq!((u.src_port(), u.dst_port(), u.payload()), (1234, 53, &[0xab, 0xcd][..]));
    }
}
