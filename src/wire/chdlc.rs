//! Cisco HDLC frames and SLARP (Cisco's serial line address resolution),
//! as lax views.
//!
//! ```text
//! +----------+----------+-------------------+--------------
//! | Address  | Control  |   Protocol (16)   | Information
//! | 0x0f/0x8f|   0x00   |  an EtherType     |
//! +----------+----------+-------------------+--------------
//! ```
//! SLARP (protocol 0x8035): a 32-bit code, then an address and mask
//! (request/reply) or two sequence numbers and a reliability word
//! (keepalive), optionally followed by a 32-bit uptime in milliseconds.

use super::field::{get16, get32, get8, get_bytes, Field};

/// Byte ranges of the frame header.
pub mod field {
    use super::Field;
    /// 0x0f unicast, 0x8f broadcast.
    pub const ADDRESS: Field = 0..1;
    pub const CONTROL: Field = 1..2;
    pub const PROTOCOL: Field = 2..4;
}

/// Length of the frame header.
pub const HEADER_LEN: usize = 4;
/// Address of a unicast frame.
pub const UNICAST: u8 = 0x0f;
/// Address of a broadcast frame.
pub const BROADCAST: u8 = 0x8f;
/// Protocol value of SLARP (the RARP EtherType, reused).
pub const PROTO_SLARP: u16 = 0x8035;

/// Byte ranges of a SLARP message.
pub mod slarp_field {
    use super::Field;
    pub const CODE: Field = 0..4;
    /// Request/reply: address and mask.
    pub const ADDRESS: Field = 4..8;
    pub const MASK: Field = 8..12;
    /// Keepalive: my sequence, your sequence, reliability.
    pub const MY_SEQ: Field = 4..8;
    pub const YOUR_SEQ: Field = 8..12;
    pub const RELIABILITY: Field = 12..14;
    /// Optional uptime in milliseconds.
    pub const UPTIME: Field = 14..18;
}

/// SLARP codes.
pub mod slarp_code {
    pub const REQUEST: u32 = 0;
    pub const REPLY: u32 = 1;
    pub const KEEPALIVE: u32 = 2;
}

/// Shortest SLARP message (without the uptime).
pub const SLARP_MIN_LEN: usize = 14;
/// Longest SLARP message (with the uptime).
pub const SLARP_MAX_LEN: usize = 18;

/// A C-HDLC frame over captured bytes.
#[derive(Clone, Copy, Debug)]
pub struct Chdlc<'a>(&'a [u8]);

impl<'a> Chdlc<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Chdlc(data)
    }
    pub fn address(&self) -> Option<u8> {
        get8(self.0, field::ADDRESS.start)
    }
    /// The payload's EtherType (or SLARP).
    pub fn protocol(&self) -> Option<u16> {
        get16(self.0, field::PROTOCOL.start)
    }
    /// Captured bytes after the header.
    pub fn payload(&self) -> &'a [u8] {
        self.0.get(HEADER_LEN..).unwrap_or(&[])
    }
}

/// A SLARP message over captured bytes.
#[derive(Clone, Copy, Debug)]
pub struct Slarp<'a>(&'a [u8]);

impl<'a> Slarp<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Slarp(data)
    }
    /// True when the fixed part (14 bytes) was captured.
    pub fn fixed_captured(&self) -> bool {
        self.0.len() >= SLARP_MIN_LEN
    }
    pub fn code(&self) -> Option<u32> {
        get32(self.0, slarp_field::CODE.start)
    }
    /// A 32-bit word of the message at `f`'s start.
    pub fn word(&self, f: Field) -> Option<u32> {
        get32(self.0, f.start)
    }
    /// Four address bytes at `f`.
    pub fn addr(&self, f: Field) -> Option<&'a [u8]> {
        get_bytes(self.0, f.start, 4)
    }
    pub fn reliability(&self) -> Option<u16> {
        get16(self.0, slarp_field::RELIABILITY.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keepalive_reads_both_sequences() {
        let d = [0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 4, 0xff, 0xff];
        let s = Slarp::new(&d);
        assert_eq!((s.code(), s.word(slarp_field::MY_SEQ), s.word(slarp_field::YOUR_SEQ), s.reliability()), (Some(2), Some(5), Some(4), Some(0xffff)));
        assert!(s.fixed_captured());
    }
}
