//! PPP over Ethernet header and discovery tags (RFC 2516 §4), as a lax view.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |  VER  | TYPE  |      CODE     |          SESSION_ID           |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |            LENGTH             |           payload             ~
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//! Code 0 is session data (a PPP frame follows, EtherType 0x8864); the
//! other codes are discovery packets (0x8863) whose payload is a list of
//! TAG_TYPE(16) TAG_LENGTH(16) TAG_VALUE tags.

use super::field::{get16, get8, get_bytes, Field};

/// Byte ranges of the header.
pub mod field {
    use super::Field;
    /// Version (high nibble) and type (low nibble).
    pub const VER_TYPE: Field = 0..1;
    pub const CODE: Field = 1..2;
    pub const SESSION_ID: Field = 2..4;
    /// Length of the payload.
    pub const LENGTH: Field = 4..6;
}

/// Length of the fixed header.
pub const HEADER_LEN: usize = 6;

/// Discovery codes (RFC 2516 §5).
pub mod code {
    /// Session data.
    pub const SESSION: u8 = 0x00;
    /// Active Discovery Offer.
    pub const PADO: u8 = 0x07;
    /// Active Discovery Initiation.
    pub const PADI: u8 = 0x09;
    /// Active Discovery Request.
    pub const PADR: u8 = 0x19;
    /// Active Discovery Session-confirmation.
    pub const PADS: u8 = 0x65;
    /// Active Discovery Terminate.
    pub const PADT: u8 = 0xa7;
}

/// The End-Of-List tag type, which ends the tag list.
pub const TAG_END_OF_LIST: u16 = 0;

/// A PPPoE header over captured bytes; fields read `None` past the capture.
#[derive(Clone, Copy, Debug)]
pub struct Pppoe<'a>(&'a [u8]);

impl<'a> Pppoe<'a> {
    /// Wraps the bytes from the PPPoE header on.
    pub fn new(data: &'a [u8]) -> Self {
        Pppoe(data)
    }
    /// The whole fixed header, when captured.
    pub fn header(&self) -> Option<&'a [u8]> {
        get_bytes(self.0, 0, HEADER_LEN)
    }
    /// Version (1).
    pub fn version(&self) -> Option<u8> {
        Some(get8(self.0, field::VER_TYPE.start)? >> 4)
    }
    /// Type (1).
    pub fn kind(&self) -> Option<u8> {
        Some(get8(self.0, field::VER_TYPE.start)? & 0x0f)
    }
    /// Discovery code, 0 for session data.
    pub fn code(&self) -> Option<u8> {
        get8(self.0, field::CODE.start)
    }
    /// Session ID (0 before PADS).
    pub fn session_id(&self) -> Option<u16> {
        get16(self.0, field::SESSION_ID.start)
    }
    /// Payload length as the header states it.
    pub fn length(&self) -> Option<u16> {
        get16(self.0, field::LENGTH.start)
    }
    /// Captured bytes after the header.
    pub fn payload(&self) -> &'a [u8] {
        self.0.get(HEADER_LEN..).unwrap_or(&[])
    }
}

/// One discovery tag: type, stated length and value start within the payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tag {
    /// TAG_TYPE.
    pub kind: u16,
    /// TAG_LENGTH as stated.
    pub len: u16,
    /// Offset of TAG_VALUE from the start of the payload.
    pub value_at: usize,
}

/// The tag starting at `at` in a discovery payload, or `None` when its
/// 4-byte type/length header was not captured.
pub fn tag_at(payload: &[u8], at: usize) -> Option<Tag> {
    Some(Tag { kind: get16(payload, at)?, len: get16(payload, at.checked_add(2)?)?, value_at: at + 4 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_padi_has_code_9_and_tags_after_the_header() {
        // ver 1 type 1, PADI, session 0, length 4; Service-Name tag of length 0.
        let d = [0x11, 0x09, 0, 0, 0, 4, 0x01, 0x01, 0, 0];
        let p = Pppoe::new(&d);
        assert_eq!((p.version(), p.kind(), p.code(), p.session_id(), p.length()), (Some(1), Some(1), Some(code::PADI), Some(0), Some(4)));
        assert_eq!(tag_at(p.payload(), 0), Some(Tag { kind: 0x0101, len: 0, value_at: 4 }));
    }

    #[test]
    fn a_tag_cut_short_reads_none() {
        assert_eq!(tag_at(&[0x01, 0x01, 0], 0), None);
    }
}
