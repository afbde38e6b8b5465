//! IGMP messages (RFC 1112 v1, RFC 2236 v2, RFC 3376 v3) as a lax view.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |      Type     | Max Resp Code |           Checksum            |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                         Group Address                         |  v3 report: reserved, # of group records
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! | Resv  |S| QRV |     QQIC      |     Number of Sources (N)     |  v3 query only
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                       Source Address [1..N]                   |
//! ```
//! A v3 report carries group records after its 8-byte header: record type,
//! aux data length, number of sources, multicast address, sources.
//! Accessors return `None` past the capture.

use super::field::{get16, get32, get8, get_bytes, Field};

/// Byte ranges of the header.
pub mod field {
    use super::Field;
    pub const TYPE: Field = 0..1;
    /// Max response time (v2, tenths of a second) or code (v3, RFC 3376 §4.1.1).
    pub const MAX_RESP: Field = 1..2;
    pub const CHECKSUM: Field = 2..4;
    pub const GROUP: Field = 4..8;
    /// v3 report: number of group records (after 2 reserved bytes).
    pub const NUM_RECORDS: Field = 6..8;
    /// v3 query: number of source addresses.
    pub const NUM_SOURCES: Field = 10..12;
    /// v3 query: first source address.
    pub const SOURCES: usize = 12;
    /// v3 report: first group record.
    pub const RECORDS: usize = 8;
    /// Within a group record: type, aux length, number of sources, group, sources.
    pub const REC_TYPE: Field = 0..1;
    pub const REC_NUM_SOURCES: Field = 2..4;
    pub const REC_GROUP: Field = 4..8;
    pub const REC_SOURCES: usize = 8;
}

/// An IGMP message over captured bytes.
#[derive(Clone, Copy, Debug)]
pub struct Igmp<'a>(&'a [u8]);

impl<'a> Igmp<'a> {
    /// Wraps the bytes from the IGMP header on.
    pub fn new(data: &'a [u8]) -> Self {
        Igmp(data)
    }
    /// Message type (see `registry::IgmpType`).
    pub fn kind(&self) -> Option<u8> {
        get8(self.0, field::TYPE.start)
    }
    /// Max response code.
    pub fn max_resp(&self) -> Option<u8> {
        get8(self.0, field::MAX_RESP.start)
    }
    /// Checksum field.
    pub fn checksum(&self) -> Option<u16> {
        get16(self.0, field::CHECKSUM.start)
    }
    /// Group address (as a number, 0 for a general query).
    pub fn group_u32(&self) -> Option<u32> {
        get32(self.0, field::GROUP.start)
    }
    /// Group address bytes.
    pub fn group(&self) -> Option<&'a [u8]> {
        get_bytes(self.0, field::GROUP.start, 4)
    }
    /// v3 query: number of sources.
    pub fn query_sources(&self) -> Option<u16> {
        get16(self.0, field::NUM_SOURCES.start)
    }
    /// v3 query: source address `i`.
    pub fn query_source(&self, i: usize) -> Option<&'a [u8]> {
        get_bytes(self.0, field::SOURCES + 4 * i, 4)
    }
    /// v3 report: number of group records.
    pub fn num_records(&self) -> Option<u16> {
        get16(self.0, field::NUM_RECORDS.start)
    }
    /// v3 report: the group record at byte `at` (records start at [`field::RECORDS`]).
    pub fn record(&self, at: usize) -> GroupRecord<'a> {
        GroupRecord(self.0.get(at..).unwrap_or(&[]))
    }
}

/// RFC 3376 §4.2.4: the max response time in tenths of a second for a
/// max response code (codes of 128 and above are a floating-point value).
pub fn v3_max_resp_time(code: u8) -> u32 {
    if code < 128 {
        code as u32
    } else {
        let mant = (code & 0x0f) as u32 | 0x10;
        let exp = ((code & 0x70) >> 4) as u32;
        mant << (exp + 3)
    }
}

/// One v3 report group record.
#[derive(Clone, Copy, Debug)]
pub struct GroupRecord<'a>(&'a [u8]);

impl<'a> GroupRecord<'a> {
    /// Record type (1 is_in … 6 block).
    pub fn kind(&self) -> Option<u8> {
        get8(self.0, field::REC_TYPE.start)
    }
    /// Number of sources.
    pub fn num_sources(&self) -> Option<u16> {
        get16(self.0, field::REC_NUM_SOURCES.start)
    }
    /// Multicast address.
    pub fn group(&self) -> Option<&'a [u8]> {
        get_bytes(self.0, field::REC_GROUP.start, 4)
    }
    /// Source address `i`.
    pub fn source(&self, i: usize) -> Option<&'a [u8]> {
        get_bytes(self.0, field::REC_SOURCES + 4 * i, 4)
    }
    /// Bytes this record takes (aux data ignored, as tcpdump does).
    pub fn size(&self) -> usize {
        field::REC_SOURCES + 4 * self.num_sources().unwrap_or(0) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v3_max_resp_codes_above_127_are_floating_point() {
        // RFC 3376 §4.1.1: 0x8a is mant 0xa, exp 0 → (0x1a) << 3 = 208 tenths.
        assert_eq!((v3_max_resp_time(100), v3_max_resp_time(0x8a)), (100, 208));
    }

    #[test]
    fn a_report_record_reads_its_group_and_sources() {
        // v3 report, 1 record: allow-new-sources, 1 source, 239.1.2.4, 192.0.2.7.
        let d = [0x22, 0, 0, 0, 0, 0, 0, 1, 5, 0, 0, 1, 239, 1, 2, 4, 192, 0, 2, 7];
        let r = Igmp::new(&d).record(field::RECORDS);
        assert_eq!((r.kind(), r.group(), r.source(0), r.size()), (Some(5), Some(&[239, 1, 2, 4][..]), Some(&[192, 0, 2, 7][..]), 12));
    }
}
