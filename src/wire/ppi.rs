//! PPI, the Per-Packet Information header (LINKTYPE_PPI = 192), from the
//! CACE Technologies PPI specification 1.0.
//!
//! ```text
//!  0       1       2               4                               8
//! +-------+-------+---------------+-------------------------------+----
//! |version| flags | length (LE)   | DLT of the packet (LE)        | fields: type(2) len(2) data
//! +-------+-------+---------------+-------------------------------+----
//! ```
//! The length covers the whole PPI header, fields included; the packet of
//! link type DLT follows it. Field type 2 is "802.11-Common" (radio data
//! much like radiotap's).

use super::field::{le16, Field};

/// Byte ranges of the fixed PPI header.
pub mod field {
    use super::Field;
    pub const VERSION: Field = 0..1;
    pub const FLAGS: Field = 1..2;
    /// Header length, little-endian (8 to 65,532, spec 3.1.3).
    pub const LEN: Field = 2..4;
    /// Link type of the packet that follows, little-endian.
    pub const DLT: Field = 4..8;
}

/// Length of the fixed header.
pub const HEADER_LEN: usize = 8;
/// Largest header length the specification allows.
pub const MAX_LEN: usize = 65_532;
/// Field type of 802.11-Common.
pub const FIELD_80211_COMMON: u16 = 2;

/// Why a PPI header could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Fewer than 8 bytes captured.
    Short,
    /// Length field below 8 or above 65,532 (carries the value).
    BadLength(u16),
    /// The header runs past the captured bytes.
    Truncated,
}

/// A view over a PPI header (checked by [`Ppi::new`]).
#[derive(Clone, Copy, Debug)]
pub struct Ppi<'a>(&'a [u8]);


impl<'a> Ppi<'a> {
    /// Wraps the header at the start of `data`.
    pub fn new(data: &'a [u8]) -> Result<Self, Problem> {
        if data.len() < HEADER_LEN {
            return Err(Problem::Short);
        }
        let len = le16(data, field::LEN.start);
        if (len as usize) < HEADER_LEN || len as usize > MAX_LEN {
            return Err(Problem::BadLength(len));
        }
        data.get(..len as usize).map(Ppi).ok_or(Problem::Truncated)
    }
    pub fn version(&self) -> u8 {
        self.0[field::VERSION.start]
    }
    pub fn flags(&self) -> u8 {
        self.0[field::FLAGS.start]
    }
    /// Header length: the packet starts here.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Always false (at least the fixed 8 bytes).
    pub fn is_empty(&self) -> bool {
        false
    }
    /// Link type of the packet after the header.
    pub fn dlt(&self) -> u32 {
        let b = &self.0[field::DLT];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }
    /// The fields (type, data), stopping at one cut short.
    pub fn fields(&self) -> impl Iterator<Item = (u16, &'a [u8])> + 'a {
        let d = self.0;
        let mut at = HEADER_LEN;
        std::iter::from_fn(move || {
            let t = le16(d, at);
            let len = le16(d, at.checked_add(2)?) as usize;
            let body = d.get(at + 4..at + 4 + len)?;
            at += 4 + len;
            Some((t, body))
        })
    }
    /// 802.11-Common flags (bit 0: FCS present), when that field is there.
    pub fn common_flags(&self) -> Option<u16> {
        self.fields().find(|(t, b)| *t == FIELD_80211_COMMON && b.len() >= 20).map(|(_, b)| le16(b, 8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_the_inner_link_type() {
        let h = [0, 0, 8, 0, 105, 0, 0, 0, 0xaa];
        let p = Ppi::new(&h).unwrap();
        assert_eq!((p.len(), p.dlt()), (8, 105));
    }

    #[test]
    fn bad_lengths_are_problems() {
        assert_eq!(Ppi::new(&[0, 0, 4, 0, 105, 0, 0, 0]).err(), Some(Problem::BadLength(4)));
        assert_eq!(Ppi::new(&[0, 0, 12, 0, 105, 0, 0, 0]).err(), Some(Problem::Truncated));
    }
}
