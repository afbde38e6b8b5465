//! SCTP common header and chunks (RFC 9260 §3), as lax views.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |     Source Port Number        |     Destination Port Number   |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                      Verification Tag                         |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                           Checksum                            |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |   Chunk Type  | Chunk  Flags  |        Chunk Length           |  × n,
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  each padded
//! \                          Chunk Value                          /  to 4 bytes
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//! The chunk length counts its 4-byte header and the value, not the padding.

use super::field::{get16, get32, get8, Field};

/// Byte ranges of the common header.
pub mod field {
    use super::Field;
    pub const SRC_PORT: Field = 0..2;
    pub const DST_PORT: Field = 2..4;
    pub const VERIFICATION_TAG: Field = 4..8;
    /// CRC32c (RFC 3309).
    pub const CHECKSUM: Field = 8..12;
}

/// Byte ranges of a chunk header, from the chunk's start.
pub mod chunk_field {
    use super::Field;
    pub const TYPE: Field = 0..1;
    pub const FLAGS: Field = 1..2;
    pub const LENGTH: Field = 2..4;
}

/// Length of the common header.
pub const HEADER_LEN: usize = 12;
/// Length of a chunk header.
pub const CHUNK_HEADER_LEN: usize = 4;

/// Chunk types (RFC 9260 §3.2, RFC 8260 I-DATA, RFC 6525 RE-CONFIG,
/// RFC 5061 ASCONF, RFC 3758 FORWARD TSN).
pub mod chunk {
    pub const DATA: u8 = 0x00;
    pub const INIT: u8 = 0x01;
    pub const INIT_ACK: u8 = 0x02;
    pub const SACK: u8 = 0x03;
    pub const HEARTBEAT: u8 = 0x04;
    pub const HEARTBEAT_ACK: u8 = 0x05;
    pub const ABORT: u8 = 0x06;
    pub const SHUTDOWN: u8 = 0x07;
    pub const SHUTDOWN_ACK: u8 = 0x08;
    pub const ERROR: u8 = 0x09;
    pub const COOKIE_ECHO: u8 = 0x0a;
    pub const COOKIE_ACK: u8 = 0x0b;
    pub const ECN_ECHO: u8 = 0x0c;
    pub const ECN_CWR: u8 = 0x0d;
    pub const SHUTDOWN_COMPLETE: u8 = 0x0e;
    pub const I_DATA: u8 = 0x40;
    pub const ASCONF_ACK: u8 = 0x80;
    pub const RE_CONFIG: u8 = 0x82;
    pub const FORWARD_TSN: u8 = 0xc0;
    pub const ASCONF: u8 = 0xc1;
    pub const I_FORWARD_TSN: u8 = 0xc2;
}

/// DATA chunk flags (RFC 9260 §3.3.1; I for I-DATA, RFC 7053).
pub mod data_flag {
    /// Last fragment (E).
    pub const END: u8 = 0x01;
    /// First fragment (B).
    pub const BEGIN: u8 = 0x02;
    /// Unordered (U).
    pub const UNORDERED: u8 = 0x04;
    /// Immediate SACK requested (I).
    pub const IMMEDIATE: u8 = 0x08;
}

/// Byte ranges of a DATA chunk's value (after the chunk header).
pub mod data_field {
    use super::Field;
    pub const TSN: Field = 0..4;
    pub const STREAM_ID: Field = 4..6;
    pub const STREAM_SEQ: Field = 6..8;
    pub const PPID: Field = 8..12;
}

/// Byte ranges of an INIT or INIT ACK chunk's fixed value.
pub mod init_field {
    use super::Field;
    pub const INIT_TAG: Field = 0..4;
    pub const A_RWND: Field = 4..8;
    pub const OUTBOUND_STREAMS: Field = 8..10;
    pub const INBOUND_STREAMS: Field = 10..12;
    pub const INITIAL_TSN: Field = 12..16;
}

/// Byte ranges of a SACK chunk's fixed value; gap blocks (start, end
/// offsets of 16 bits each) and duplicate TSNs (32 bits each) follow.
pub mod sack_field {
    use super::Field;
    pub const CUM_TSN_ACK: Field = 0..4;
    pub const A_RWND: Field = 4..8;
    pub const GAP_BLOCKS: Field = 8..10;
    pub const DUP_TSNS: Field = 10..12;
}

/// The common header over captured bytes.
#[derive(Clone, Copy, Debug)]
pub struct Sctp<'a>(&'a [u8]);

impl<'a> Sctp<'a> {
    /// Wraps the bytes from the common header on.
    pub fn new(data: &'a [u8]) -> Self {
        Sctp(data)
    }
    /// True when the whole common header was captured.
    pub fn header_captured(&self) -> bool {
        self.0.len() >= HEADER_LEN
    }
    pub fn src_port(&self) -> Option<u16> {
        get16(self.0, field::SRC_PORT.start)
    }
    pub fn dst_port(&self) -> Option<u16> {
        get16(self.0, field::DST_PORT.start)
    }
    /// Captured bytes after the common header (the chunks).
    pub fn chunks(&self) -> &'a [u8] {
        self.0.get(HEADER_LEN..).unwrap_or(&[])
    }
}

/// A chunk over captured bytes, from its header on.
#[derive(Clone, Copy, Debug)]
pub struct Chunk<'a>(&'a [u8]);

impl<'a> Chunk<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Chunk(data)
    }
    pub fn kind(&self) -> Option<u8> {
        get8(self.0, chunk_field::TYPE.start)
    }
    pub fn flags(&self) -> Option<u8> {
        get8(self.0, chunk_field::FLAGS.start)
    }
    /// Length as stated: header and value, without padding.
    pub fn length(&self) -> Option<u16> {
        get16(self.0, chunk_field::LENGTH.start)
    }
    /// A 16-bit field of the value, `at` bytes after the chunk header.
    pub fn value16(&self, at: usize) -> Option<u16> {
        get16(self.0, CHUNK_HEADER_LEN + at)
    }
    /// A 32-bit field of the value, `at` bytes after the chunk header.
    pub fn value32(&self, at: usize) -> Option<u32> {
        get32(self.0, CHUNK_HEADER_LEN + at)
    }
    /// Captured value bytes from `at` on.
    pub fn value_from(&self, at: usize) -> &'a [u8] {
        self.0.get(CHUNK_HEADER_LEN + at..).unwrap_or(&[])
    }
}

/// Padding after a chunk of `len` bytes, up to the next multiple of 4.
pub fn padding(len: u16) -> u16 {
    (4 - len % 4) % 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_chunk_reads_tsn_stream_and_ppid() {
        // DATA, flags B|E, length 17: TSN 7, SID 1, SSN 2, PPID 46, one byte.
        let d = [0, 3, 0, 17, 0, 0, 0, 7, 0, 1, 0, 2, 0, 0, 0, 46, b'x'];
        let c = Chunk::new(&d);
        assert_eq!((c.kind(), c.flags(), c.length()), (Some(chunk::DATA), Some(3), Some(17)));
        assert_eq!((c.value32(data_field::TSN.start), c.value16(data_field::STREAM_ID.start), c.value32(data_field::PPID.start)), (Some(7), Some(1), Some(46)));
        assert_eq!(padding(17), 3);
    }
}
