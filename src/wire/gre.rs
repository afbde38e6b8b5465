//! GRE headers (RFC 2784 with RFC 2890's key and sequence number; RFC 1701's
//! routing bits; PPTP's enhanced GRE, version 1, RFC 2637 §4.1), as a lax
//! view for the printers.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |C|R|K|S|s|Recur|A| Flags | Ver |         Protocol Type         |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |      Checksum (optional)      |       Offset (optional)       |  C or R
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                         Key (optional)                        |  K (v1: payload length, call ID)
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                 Sequence Number (optional)                    |  S
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |               Acknowledgment Number (optional, v1)            |  A
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//! Every optional word sits after the ones its flags announce before it, so
//! the offsets depend on the flags. Accessors return `None` when the capture
//! stops before the field: a printer shows what was captured, then marks
//! the rest truncated, as tcpdump does. `wire::tunnel::gre`, the walk's
//! step into the payload, reads its length through this view too.

use super::field::{get16, get32, Field};

/// Byte ranges of the fixed part.
pub mod field {
    use super::Field;
    /// Flag bits, recursion control and version.
    pub const FLAGS: Field = 0..2;
    /// The EtherType of the payload.
    pub const PROTO: Field = 2..4;
}

/// Flag bits of the first 16-bit word.
pub mod flag {
    /// Checksum present (C).
    pub const CHECKSUM: u16 = 0x8000;
    /// Routing present (R, RFC 1701).
    pub const ROUTING: u16 = 0x4000;
    /// Key present (K); in version 1 it is always set and holds the call ID.
    pub const KEY: u16 = 0x2000;
    /// Sequence number present (S).
    pub const SEQ: u16 = 0x1000;
    /// Strict source route (s, RFC 1701).
    pub const STRICT_ROUTE: u16 = 0x0800;
    /// Acknowledgment number present (A, version 1).
    pub const ACK: u16 = 0x0080;
    /// The version bits.
    pub const VERSION_MASK: u16 = 0x0007;
}

/// A GRE header over captured bytes (any length; short fields read `None`).
#[derive(Clone, Copy, Debug)]
pub struct Gre<'a>(&'a [u8]);

impl<'a> Gre<'a> {
    /// Wraps the bytes from the GRE header on.
    pub fn new(data: &'a [u8]) -> Self {
        Gre(data)
    }
    /// The flags word (flags, recursion control, version).
    pub fn flags(&self) -> Option<u16> {
        get16(self.0, field::FLAGS.start)
    }
    /// GRE version: 0 (RFC 2784) or 1 (PPTP).
    pub fn version(&self) -> Option<u8> {
        Some((self.flags()? & flag::VERSION_MASK) as u8)
    }
    /// The payload's EtherType.
    pub fn proto(&self) -> Option<u16> {
        get16(self.0, field::PROTO.start)
    }
    fn has(&self, bit: u16) -> bool {
        self.flags().is_some_and(|f| f & bit != 0)
    }
    /// Offset of the checksum/offset word: present when C or R is set (version 0).
    fn csum_at(&self) -> usize {
        4
    }
    fn key_at(&self) -> usize {
        // Version 1 (PPTP) has no checksum word whatever C and R say.
        let csum_word = self.version() == Some(0) && self.has(flag::CHECKSUM | flag::ROUTING);
        self.csum_at() + if csum_word { 4 } else { 0 }
    }
    fn seq_at(&self) -> usize {
        self.key_at() + if self.has(flag::KEY) { 4 } else { 0 }
    }
    fn ack_at(&self) -> usize {
        self.seq_at() + if self.has(flag::SEQ) { 4 } else { 0 }
    }
    /// Checksum (meaningful when C or R is set).
    pub fn checksum(&self) -> Option<u16> {
        get16(self.0, self.csum_at())
    }
    /// Offset to the first routing entry (meaningful when C or R is set).
    pub fn routing_offset(&self) -> Option<u16> {
        get16(self.0, self.csum_at() + 2)
    }
    /// Key (K set); in version 1 the low 16 bits are the call ID.
    pub fn key(&self) -> Option<u32> {
        get32(self.0, self.key_at())
    }
    /// Sequence number (S set).
    pub fn seq(&self) -> Option<u32> {
        get32(self.0, self.seq_at())
    }
    /// Acknowledgment number (A set, version 1).
    pub fn ack(&self) -> Option<u32> {
        get32(self.0, self.ack_at())
    }
    /// Length of the header as its flags announce it (without RFC 1701
    /// routing entries, which follow it).
    pub fn header_len(&self) -> usize {
        self.ack_at() + if self.version() == Some(1) && self.has(flag::ACK) { 4 } else { 0 }
    }
    /// Bytes after the header (empty when it is cut short).
    pub fn payload(&self) -> &'a [u8] {
        self.0.get(self.header_len()..).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_and_sequence_follow_the_checksum_word() {
        // C, K and S set; protocol IPv4; checksum 0xabcd, offset 0; key 7; seq 9; payload.
        let d = [0xb0, 0, 0x08, 0, 0xab, 0xcd, 0, 0, 0, 0, 0, 7, 0, 0, 0, 9, 0x45];
        let g = Gre::new(&d);
        assert_eq!((g.version(), g.proto(), g.checksum(), g.key(), g.seq()), (Some(0), Some(0x0800), Some(0xabcd), Some(7), Some(9)));
        assert_eq!(g.payload(), &[0x45]);
    }

    #[test]
    fn pptp_puts_call_id_sequence_and_ack_after_the_fixed_part() {
        // Version 1, K S A set (and C, which version 1 ignores); PPP; key: length 2, call 7; seq 5; ack 4.
        let d = [0xb0, 0x81, 0x88, 0x0b, 0, 2, 0, 7, 0, 0, 0, 5, 0, 0, 0, 4, 0xff, 0x03];
        let g = Gre::new(&d);
        assert_eq!((g.version(), g.key(), g.seq(), g.ack()), (Some(1), Some(0x0002_0007), Some(5), Some(4)));
        assert_eq!(g.payload(), &[0xff, 0x03]);
    }

    #[test]
    fn a_key_cut_short_reads_none() {
        let d = [0x20, 0, 0x08, 0, 0, 0];
        assert_eq!(Gre::new(&d).key(), None);
        assert!(Gre::new(&d).payload().is_empty());
    }
}
