//! ASN.1 Basic Encoding Rules (ITU-T X.690 §8.1): the identifier, length
//! and contents octets every SNMP message is made of, read laxly and with
//! every length checked, because each one is chosen by the sender.
//!
//! ```text
//! +------------------------+-----------------------+-------------------+
//! | identifier             | length                | contents          |
//! | class(2) P/C(1) tag(5) | 0lllllll (short form) | `length` octets   |
//! | [tag 31: 1ttttttt..]   | 1nnnnnnn + n octets   |                   |
//! +------------------------+-----------------------+-------------------+
//! ```
//! The reader follows tcpdump's `asn1_parse` exactly where tcpdump's output
//! depends on it: a tag number is kept to 8 bits, a long-form length to 32
//! bits (earlier octets shift out), and the structure's remaining length is
//! checked apart from the captured bytes.

use super::field::get8;

/// Byte ranges of the identifier octet.
pub mod field {
    /// The class bits (universal, application, context, private).
    pub const CLASS_BITS: u8 = 0xc0;
    /// Shift of the class bits.
    pub const CLASS_SHIFT: u8 = 6;
    /// The constructed (1) / primitive (0) bit.
    pub const CONSTRUCTED_BIT: u8 = 0x20;
    /// The tag number bits; all ones announce the long form.
    pub const TAG_BITS: u8 = 0x1f;
    /// In a long-form tag or length octet: more octets follow.
    pub const MORE_BIT: u8 = 0x80;
}

/// Tag classes (X.690 §8.1.2.2).
pub mod class {
    /// Universal types (INTEGER, OCTET STRING, SEQUENCE …).
    pub const UNIVERSAL: u8 = 0;
    /// Application-wide types (SNMP's IpAddress, Counter …).
    pub const APPLICATION: u8 = 1;
    /// Context-specific types (SNMP's PDUs and exceptions).
    pub const CONTEXT: u8 = 2;
    /// Private types.
    pub const PRIVATE: u8 = 3;
}

/// Universal tag numbers SNMP uses (X.680 §8.6).
pub mod universal {
    /// INTEGER.
    pub const INTEGER: u8 = 2;
    /// OCTET STRING.
    pub const OCTET_STRING: u8 = 4;
    /// NULL.
    pub const NULL: u8 = 5;
    /// OBJECT IDENTIFIER.
    pub const OBJECT_ID: u8 = 6;
    /// SEQUENCE.
    pub const SEQUENCE: u8 = 16;
}

/// An element's identifier and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Tag class ([`class`]).
    pub class: u8,
    /// Constructed (contents are elements) rather than primitive.
    pub constructed: bool,
    /// Tag number, low 8 bits of a long-form tag.
    pub tag: u8,
    /// Contents length.
    pub len: u32,
    /// Identifier and length octets.
    pub hdr_len: usize,
}

impl Header {
    /// Offset of the contents, given the element's own offset.
    pub fn contents(&self, at: usize) -> usize {
        at.saturating_add(self.hdr_len)
    }
    /// Identifier, length and contents octets together.
    pub fn total(&self) -> u32 {
        self.len.saturating_add(self.hdr_len as u32)
    }
}

/// Why an element's header could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderError {
    /// No octet left in the enclosing structure.
    Empty,
    /// The structure ends inside a long-form tag.
    TagCut,
    /// The structure ends before the length octet.
    NoLength,
    /// Fewer octets left than the long-form length announces.
    LengthOctets {
        /// Octets left in the structure.
        left: u32,
        /// Length octets announced.
        octets: u32,
    },
    /// The capture ends inside the long-form length octets.
    LengthOctetsCut,
    /// The contents would run past the enclosing structure.
    TooLong {
        /// Octets left in the structure after the header.
        left: u32,
        /// Contents length announced.
        len: u32,
    },
    /// The capture ends inside the identifier or the length octet.
    Cut,
}

/// Reads the header of the element at `at` in `buf` (the captured bytes),
/// with `left` octets left in the enclosing structure.
pub fn header(buf: &[u8], at: usize, left: u32) -> Result<Header, HeaderError> {
    let read = |i: usize| at.checked_add(i).and_then(|j| get8(buf, j)).ok_or(HeaderError::Cut);
    if left < 1 {
        return Err(HeaderError::Empty);
    }
    let first = read(0)?;
    let (mut left, mut i) = (left - 1, 1usize);
    let mut tag = first & field::TAG_BITS;
    if tag == field::TAG_BITS {
        // The octets are read before the structure's length is checked.
        tag = 0;
        loop {
            let b = read(i)?;
            if left < 1 {
                return Err(HeaderError::TagCut);
            }
            tag = (u32::from(tag) << 7 | u32::from(b & !field::MORE_BIT)) as u8;
            left -= 1;
            i += 1;
            if b & field::MORE_BIT == 0 {
                break;
            }
        }
    }
    if left < 1 {
        return Err(HeaderError::NoLength);
    }
    let mut len = u32::from(read(i)?);
    left -= 1;
    i += 1;
    if len & u32::from(field::MORE_BIT) != 0 {
        let octets = len & 0x7f;
        if left < octets {
            return Err(HeaderError::LengthOctets { left, octets });
        }
        let end = at.checked_add(i + octets as usize).ok_or(HeaderError::LengthOctetsCut)?;
        if end > buf.len() {
            return Err(HeaderError::LengthOctetsCut);
        }
        len = 0;
        for _ in 0..octets {
            len = len << 8 | u32::from(read(i)?);
            left -= 1;
            i += 1;
        }
    }
    if left < len {
        return Err(HeaderError::TooLong { left, len });
    }
    Ok(Header {
        class: (first & field::CLASS_BITS) >> field::CLASS_SHIFT,
        constructed: first & field::CONSTRUCTED_BIT != 0,
        tag,
        len,
        hdr_len: i,
    })
}

/// An INTEGER's value as a 32-bit two's complement number: the sign from the
/// first octet, then each octet shifted in (earlier octets shift out).
pub fn int32(contents: &[u8]) -> i32 {
    let negative = contents.first().is_some_and(|b| b & 0x80 != 0);
    contents.iter().fold(if negative { -1i32 } else { 0 }, |v, &b| v.wrapping_shl(8) | i32::from(b))
}

/// An unsigned value (Counter, Gauge, TimeTicks) kept to 32 bits.
pub fn uns32(contents: &[u8]) -> u32 {
    contents.iter().fold(0u32, |v, &b| v.wrapping_shl(8).wrapping_add(u32::from(b)))
}

/// An unsigned 64-bit value (Counter64), kept to 64 bits.
pub fn uns64(contents: &[u8]) -> u64 {
    contents.iter().fold(0u64, |v, &b| v.wrapping_shl(8).wrapping_add(u64::from(b)))
}

/// The sub-identifiers of an OBJECT IDENTIFIER (X.690 §8.19), each
/// accumulated in 32 bits as tcpdump does (larger values wrap); a last
/// octet with its continuation bit set ends nothing and is dropped. The
/// first yields X × 40 + Y for the first two arcs.
pub fn oid_subids(contents: &[u8]) -> impl Iterator<Item = i32> + '_ {
    let mut acc = 0i32;
    contents.iter().filter_map(move |&b| {
        acc = acc.wrapping_shl(7).wrapping_add(i32::from(b & !field::MORE_BIT));
        if b & field::MORE_BIT != 0 {
            return None;
        }
        Some(std::mem::take(&mut acc))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_and_a_long_form_length_give_the_same_header() {
        // SEQUENCE, length 3 (short), then SEQUENCE, length 0x81 0x03 (long).
        let short = header(&[0x30, 0x03, 1, 2, 3], 0, 5);
        let long = header(&[0x30, 0x81, 0x03, 1, 2, 3], 0, 6);
        assert_eq!(short.map(|h| (h.class, h.constructed, h.tag, h.len, h.hdr_len)), Ok((0, true, 16, 3, 2)));
        assert_eq!(long.map(|h| (h.len, h.hdr_len)), Ok((3, 3)));
    }

    #[test]
    fn hostile_lengths_are_errors_not_panics() {
        // 4-octet length of 0xffffffff in a 6-octet structure.
        assert_eq!(header(&[0x04, 0x84, 0xff, 0xff, 0xff, 0xff], 0, 6), Err(HeaderError::TooLong { left: 0, len: u32::MAX }));
        // 127 length octets announced, 2 there.
        assert_eq!(header(&[0x04, 0xff, 1, 2], 0, 4), Err(HeaderError::LengthOctets { left: 2, octets: 127 }));
        // The structure says 100 octets, the capture holds 3.
        assert_eq!(header(&[0x04, 0x82, 0x01], 0, 100), Err(HeaderError::LengthOctetsCut));
        assert_eq!(header(&[0x1f, 0xff, 0xff], 0, 100), Err(HeaderError::Cut));
        assert_eq!(header(&[0x04], usize::MAX, 5), Err(HeaderError::Cut));
        assert_eq!(header(&[], 0, 0), Err(HeaderError::Empty));
    }

    #[test]
    fn integers_keep_tcpdumps_32_bits() {
        assert_eq!((int32(&[0x01, 0x00]), int32(&[0xff]), int32(&[0x80, 0, 0, 0])), (256, -1, i32::MIN));
        assert_eq!((uns32(&[1, 0, 0, 0, 5]), uns64(&[1, 0, 0, 0, 0])), (5, 1 << 32));
    }

    #[test]
    fn an_oid_splits_into_sub_identifiers() {
        // 1.3.6.1.2.1.1.1.0 with a two-octet arc 311 (0x82 0x37) appended.
        let v: Vec<i32> = oid_subids(&[0x2b, 6, 1, 2, 1, 1, 1, 0, 0x82, 0x37]).collect();
        assert_eq!(v, vec![43, 6, 1, 2, 1, 1, 1, 0, 311]);
    }
}
