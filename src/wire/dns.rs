//! DNS messages (RFC 1035 §4.1), as far as a printer or classifier reads
//! them without following names: the header, and the fixed parts of a
//! question and a resource record.
//!
//! ```text
//!                                 1  1  1  1  1  1
//!   0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
//! +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! |                      ID                       |
//! |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
//! |                    QDCOUNT                    |
//! |                    ANCOUNT                    |
//! |                    NSCOUNT                    |
//! |                    ARCOUNT                    |
//! +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! ```
//! Over TCP each message is preceded by a 2-byte length (RFC 1035 §4.2.2).

use super::field::be16;

/// Byte ranges of the header in the diagram above.
pub mod field {
    use crate::wire::field::Field;
    pub const ID: Field = 0..2;
    /// QR, opcode, AA, TC, RD, RA, Z, AD, CD and the response code.
    pub const FLAGS: Field = 2..4;
    pub const QDCOUNT: Field = 4..6;
    pub const ANCOUNT: Field = 6..8;
    pub const NSCOUNT: Field = 8..10;
    pub const ARCOUNT: Field = 10..12;
}

/// Header length.
pub const HEADER_LEN: usize = field::ARCOUNT.end;

/// The length prefix of a message over TCP.
pub const TCP_PREFIX: super::field::Field = 0..2;

/// Bits of the flags word (RFC 1035, RFC 4035 for AD and CD).
pub mod flag {
    pub const QR: u16 = 0x8000;
    pub const OPCODE_SHIFT: u16 = 11;
    pub const OPCODE_MASK: u16 = 0xf;
    pub const AA: u16 = 0x0400;
    pub const TC: u16 = 0x0200;
    pub const RD: u16 = 0x0100;
    pub const RA: u16 = 0x0080;
    pub const Z: u16 = 0x0040;
    pub const AD: u16 = 0x0020;
    pub const CD: u16 = 0x0010;
    pub const RCODE: u16 = 0x000f;
}

/// Opcode 1: inverse query (obsolete, RFC 3425).
pub const OPCODE_IQUERY: u16 = 1;

/// Byte ranges of a question after its name.
pub mod question_field {
    use crate::wire::field::Field;
    pub const QTYPE: Field = 0..2;
    pub const QCLASS: Field = 2..4;
    /// Bytes after the name.
    pub const LEN: usize = QCLASS.end;
}

/// Byte ranges of a resource record after its owner name.
pub mod rr_field {
    use crate::wire::field::Field;
    pub const TYPE: Field = 0..2;
    /// Class; an OPT record's requester UDP payload size.
    pub const CLASS: Field = 2..4;
    /// TTL; an OPT record's extended rcode, version and flags (RFC 6891 §6.1.3).
    pub const TTL: Field = 4..8;
    pub const OPT_EXT_RCODE: usize = 4;
    pub const OPT_FLAGS: Field = 6..8;
    pub const RDLENGTH: Field = 8..10;
    /// The record data.
    pub const RDATA: usize = RDLENGTH.end;
}

/// Byte ranges inside the record data of the types a one-line summary shows.
pub mod rdata_field {
    use crate::wire::field::Field;
    /// MX: preference, then the exchange's name.
    pub const MX_PREFERENCE: Field = 0..2;
    pub const MX_EXCHANGE: usize = 2;
    /// SRV (RFC 2782): priority, weight, port, then the target's name.
    pub const SRV_PRIORITY: Field = 0..2;
    pub const SRV_WEIGHT: Field = 2..4;
    pub const SRV_PORT: Field = 4..6;
    pub const SRV_TARGET: usize = 6;
    /// SOA: after the two names, serial, refresh, retry, expire, minimum.
    pub const SOA_NUMBERS: usize = 5;
}

/// Byte ranges of one EDNS option inside an OPT record's data (RFC 6891 §6.1.2).
pub mod edns_opt_field {
    use crate::wire::field::Field;
    pub const CODE: Field = 0..2;
    pub const LEN: Field = 2..4;
    pub const DATA: usize = LEN.end;
}

/// EDNS option: cookie (RFC 7873), a client and a server part.
pub const EDNS_COOKIE: u16 = 10;
/// Bytes of a cookie's client part.
pub const EDNS_CLIENT_COOKIE_LEN: usize = 8;
/// EDNS option: padding (RFC 7830).
pub const EDNS_PADDING: u16 = 12;

/// The top bit of a class: mDNS's QU in a question, cache flush in an
/// answer (RFC 6762 §5.4, §10.2).
pub const MDNS_CLASS_TOP_BIT: u16 = 0x8000;

/// Class IN.
pub const CLASS_IN: u16 = 1;

/// OPT's DO bit: DNSSEC answers OK (RFC 3225).
pub const OPT_FLAG_DO: u16 = 0x8000;

/// The two top bits of a length byte: a compression pointer (0b11), an
/// extended label type (0b01), reserved (0b10) or a label length (0b00).
pub mod label {
    pub const KIND_MASK: u8 = 0xc0;
    pub const POINTER: u8 = 0xc0;
    pub const EXTENDED: u8 = 0x40;
    pub const RESERVED: u8 = 0x80;
    /// The one extended label type: bit-string (RFC 2673, obsolete).
    pub const BITSTRING: u8 = 0x41;
}

/// A view over a DNS message header (at least 12 bytes).
#[derive(Clone, Copy, Debug)]
pub struct Dns<'a>(&'a [u8]);

impl<'a> Dns<'a> {
    /// Wraps `data` when it holds the whole header.
    pub fn new(data: &'a [u8]) -> Option<Self> {
        (data.len() >= HEADER_LEN).then_some(Dns(data))
    }
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }
    pub fn id(&self) -> u16 {
        be16(self.0, field::ID.start)
    }
    pub fn flags(&self) -> u16 {
        be16(self.0, field::FLAGS.start)
    }
    /// True for a response (QR set).
    pub fn is_response(&self) -> bool {
        self.flags() & flag::QR != 0
    }
    pub fn opcode(&self) -> u16 {
        (self.flags() >> flag::OPCODE_SHIFT) & flag::OPCODE_MASK
    }
    /// The header's 4-bit response code (an OPT record may extend it).
    pub fn rcode(&self) -> u16 {
        self.flags() & flag::RCODE
    }
    pub fn qdcount(&self) -> u16 {
        be16(self.0, field::QDCOUNT.start)
    }
    pub fn ancount(&self) -> u16 {
        be16(self.0, field::ANCOUNT.start)
    }
    pub fn nscount(&self) -> u16 {
        be16(self.0, field::NSCOUNT.start)
    }
    pub fn arcount(&self) -> u16 {
        be16(self.0, field::ARCOUNT.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_header_splits_flags_and_counts() {
        let h = [
            0x12, 0x34, // id
            0x85, 0x83, // QR, opcode 0, AA, RD, RA, rcode 3 (NXDomain)
            0, 1, 0, 0, 0, 1, 0, 0, // 1 question, 0 answers, 1 authority, 0 additional
        ];
        let d = Dns::new(&h).unwrap();
        assert_eq!((d.id(), d.is_response(), d.opcode(), d.rcode(), d.qdcount(), d.nscount()), (0x1234, true, 0, 3, 1, 1));
    }
}
