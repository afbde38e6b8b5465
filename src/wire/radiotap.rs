//! Radiotap: the radio header in front of monitor-mode 802.11 frames
//! (LINKTYPE_IEEE802_11_RADIOTAP = 127), <https://www.radiotap.org>.
//!
//! ```text
//!  0       1       2               4                               8
//! +-------+-------+---------------+-------------------------------+----
//! |version|  pad  | length (LE)   | present bitmap (LE)           | more bitmaps while bit 31
//! +-------+-------+---------------+-------------------------------+----
//! | fields, in bit order, each aligned to its natural size counted from byte 0
//! ```
//! Every field is little-endian. A field's size is known only from its bit
//! number, so an unknown bit ends the walk (the remaining fields cannot be
//! located); bits 29/30 switch to the radiotap or a vendor namespace, whose
//! fields are skipped by the length its header gives. The walk never reads
//! past the header's own length.

use super::field::{le16, le32, le64, Field};

/// Byte ranges of the fixed part of the header.
pub mod field {
    use super::Field;
    /// Header version (0).
    pub const VERSION: Field = 0..1;
    /// Padding, unused.
    pub const PAD: Field = 1..2;
    /// Length of the whole radiotap header, little-endian.
    pub const LEN: Field = 2..4;
    /// First presence bitmap, little-endian.
    pub const PRESENT: Field = 4..8;
}

/// Length of the fixed part (version, pad, length, first bitmap).
pub const HEADER_LEN: usize = 8;

/// Presence bit: radiotap namespace follows.
pub const BIT_NAMESPACE: u32 = 29;
/// Presence bit: vendor namespace follows.
pub const BIT_VENDOR_NAMESPACE: u32 = 30;
/// Presence bit: another bitmap follows.
pub const BIT_EXT: u32 = 31;

/// Field bits (radiotap.org "defined fields").
pub mod bit {
    pub const TSFT: u32 = 0;
    pub const FLAGS: u32 = 1;
    pub const RATE: u32 = 2;
    pub const CHANNEL: u32 = 3;
    pub const FHSS: u32 = 4;
    pub const DBM_ANTSIGNAL: u32 = 5;
    pub const DBM_ANTNOISE: u32 = 6;
    pub const LOCK_QUALITY: u32 = 7;
    pub const TX_ATTENUATION: u32 = 8;
    pub const DB_TX_ATTENUATION: u32 = 9;
    pub const DBM_TX_POWER: u32 = 10;
    pub const ANTENNA: u32 = 11;
    pub const DB_ANTSIGNAL: u32 = 12;
    pub const DB_ANTNOISE: u32 = 13;
    pub const RX_FLAGS: u32 = 14;
    pub const TX_FLAGS: u32 = 15;
    pub const RTS_RETRIES: u32 = 16;
    pub const DATA_RETRIES: u32 = 17;
    pub const XCHANNEL: u32 = 18;
    pub const MCS: u32 = 19;
    pub const AMPDU_STATUS: u32 = 20;
    pub const VHT: u32 = 21;
    pub const TIMESTAMP: u32 = 22;
    pub const HE: u32 = 23;
    pub const HE_MU: u32 = 24;
    pub const ZERO_LEN_PSDU: u32 = 26;
    pub const L_SIG: u32 = 27;
}

/// Bits of the Flags field.
pub mod flags {
    /// Sent/received during the contention-free period.
    pub const CFP: u8 = 0x01;
    /// Short preamble.
    pub const SHORT_PREAMBLE: u8 = 0x02;
    /// WEP-encrypted.
    pub const WEP: u8 = 0x04;
    /// Fragmented.
    pub const FRAG: u8 = 0x08;
    /// The frame ends with its 4-byte FCS.
    pub const FCS: u8 = 0x10;
    /// Padding between the 802.11 header and body, to a 32-bit boundary.
    pub const DATA_PAD: u8 = 0x20;
    /// The FCS check failed.
    pub const BAD_FCS: u8 = 0x40;
}

/// (alignment, size) of a field in the radiotap namespace, None when unknown.
pub fn layout(bit: u32) -> Option<(usize, usize)> {
    Some(match bit {
        bit::TSFT => (8, 8),
        bit::FLAGS | bit::RATE => (1, 1),
        bit::CHANNEL => (2, 4),
        bit::FHSS => (1, 2),
        bit::DBM_ANTSIGNAL | bit::DBM_ANTNOISE => (1, 1),
        bit::LOCK_QUALITY | bit::TX_ATTENUATION | bit::DB_TX_ATTENUATION => (2, 2),
        bit::DBM_TX_POWER | bit::ANTENNA | bit::DB_ANTSIGNAL | bit::DB_ANTNOISE => (1, 1),
        bit::RX_FLAGS | bit::TX_FLAGS => (2, 2),
        bit::RTS_RETRIES | bit::DATA_RETRIES => (1, 1),
        bit::XCHANNEL => (4, 8),
        bit::MCS => (1, 3),
        bit::AMPDU_STATUS => (4, 8),
        bit::VHT => (2, 12),
        bit::TIMESTAMP => (8, 12),
        bit::HE | bit::HE_MU => (2, 12),
        bit::ZERO_LEN_PSDU => (1, 1),
        bit::L_SIG => (2, 4),
        _ => return None,
    })
}

/// One decoded field value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// TSFT, microseconds.
    Tsft(u64),
    /// Flags (see [`flags`]).
    Flags(u8),
    /// Rate in 500 kb/s units.
    Rate(u8),
    /// Channel frequency (MHz) and channel flags.
    Channel { freq: u16, flags: u16 },
    /// FHSS hop set and pattern.
    Fhss { set: u8, pattern: u8 },
    /// Antenna signal, dBm.
    DbmSignal(i8),
    /// Antenna noise, dBm.
    DbmNoise(i8),
    /// Barker lock quality.
    LockQuality(u16),
    /// TX attenuation (unitless), dB TX attenuation.
    TxAttenuation(u16),
    DbTxAttenuation(u16),
    /// TX power, dBm.
    DbmTxPower(i8),
    /// Antenna index.
    Antenna(u8),
    /// Signal and noise, dB from an arbitrary reference.
    DbSignal(u8),
    DbNoise(u8),
    /// RX and TX flags.
    RxFlags(u16),
    TxFlags(u16),
    /// Extended channel: flags, frequency, channel number, max power.
    XChannel { flags: u32, freq: u16, channel: u8, max_power: u8 },
    /// 802.11n MCS: known bits, flags, index.
    Mcs { known: u8, flags: u8, index: u8 },
    /// A-MPDU status: reference number, flags, delimiter CRC.
    AmpduStatus { reference: u32, flags: u16, delim_crc: u8 },
    /// 802.11ac VHT: known, flags, bandwidth, MCS/NSS per user, coding, group, partial AID.
    Vht { known: u16, flags: u8, bandwidth: u8, mcs_nss: [u8; 4], coding: u8, group_id: u8, partial_aid: u16 },
    /// A field whose size is known but whose contents are not decoded here.
    Opaque,
}

/// An item of the field walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    /// A field: its bit number in its namespace (0 = TSFT), the presence
    /// word that announced it, its offset in the header and its value.
    Field { bit: u32, word: u32, offset: usize, value: Value },
    /// A bit whose field size is unknown: the walk ends.
    Unknown { bit: u32 },
    /// A field runs past the header length: the walk ends.
    Truncated { bit: u32 },
}

/// A view over a radiotap header (checked by [`Radiotap::new`]).
#[derive(Clone, Copy, Debug)]
pub struct Radiotap<'a> {
    /// Exactly the header's bytes (`len()` of them).
    hdr: &'a [u8],
    /// Number of presence words.
    words: usize,
}

/// Why a radiotap header could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Fewer than 8 bytes captured.
    Short,
    /// The length field is below 8.
    BadLength,
    /// The length field runs past the captured bytes.
    Truncated,
    /// The presence bitmaps run past the header length.
    BitmapsTruncated,
}




impl<'a> Radiotap<'a> {
    /// Wraps `data` when it starts with a whole radiotap header.
    pub fn new(data: &'a [u8]) -> Result<Self, Problem> {
        if data.len() < HEADER_LEN {
            return Err(Problem::Short);
        }
        let len = le16(data, field::LEN.start) as usize;
        if len < HEADER_LEN {
            return Err(Problem::BadLength);
        }
        let Some(hdr) = data.get(..len) else {
            return Err(Problem::Truncated);
        };
        let mut words = 1;
        let mut at = field::PRESENT.start;
        while le32(hdr, at) & (1 << BIT_EXT) != 0 {
            at += 4;
            if at + 4 > len {
                return Err(Problem::BitmapsTruncated);
            }
            words += 1;
        }
        Ok(Radiotap { hdr, words })
    }
    /// Header version.
    pub fn version(&self) -> u8 {
        self.hdr[field::VERSION.start]
    }
    /// Header length (the 802.11 frame starts here).
    pub fn len(&self) -> usize {
        self.hdr.len()
    }
    /// Always false: a header holds at least its 8 fixed bytes.
    pub fn is_empty(&self) -> bool {
        false
    }
    /// The presence words, first to last.
    pub fn present(&self) -> impl Iterator<Item = u32> + 'a {
        let hdr = self.hdr;
        (0..self.words).map(move |i| le32(hdr, 4 + 4 * i))
    }
    /// The fields, in header order.
    pub fn fields(&self) -> Fields<'a> {
        Fields {
            hdr: self.hdr,
            words: self.words,
            word_idx: 0,
            cur: le32(self.hdr, 4),
            at: 4 + 4 * self.words,
            bit0: 0,
            vendor_skip: None,
            done: false,
        }
    }
    /// The Flags field, when present.
    pub fn flags(&self) -> Option<u8> {
        self.fields().find_map(|i| match i {
            Item::Field { value: Value::Flags(f), .. } => Some(f),
            _ => None,
        })
    }
    /// True when the frame after the header ends with a 4-byte FCS.
    pub fn fcs_at_end(&self) -> bool {
        self.flags().is_some_and(|f| f & flags::FCS != 0)
    }
    /// True when the 802.11 header is padded to a 32-bit boundary.
    pub fn data_pad(&self) -> bool {
        self.flags().is_some_and(|f| f & flags::DATA_PAD != 0)
    }
}

/// Iterator over radiotap fields (see [`Radiotap::fields`]).
#[derive(Clone, Debug)]
pub struct Fields<'a> {
    hdr: &'a [u8],
    words: usize,
    word_idx: usize,
    /// Bits of the current word not yet visited.
    cur: u32,
    /// Cursor in the header.
    at: usize,
    /// Bit number of the current word's bit 0 in its namespace.
    bit0: u32,
    /// In a vendor namespace: bytes to skip for its fields.
    vendor_skip: Option<usize>,
    done: bool,
}

impl<'a> Fields<'a> {
    /// Finishes the current presence word: namespace switches, next word.
    /// Returns an item when the vendor namespace header is cut short.
    fn next_word(&mut self) -> Option<Item> {
        let word = le32(self.hdr, 4 + 4 * self.word_idx);
        let ns = word & ((1 << BIT_NAMESPACE) | (1 << BIT_VENDOR_NAMESPACE));
        if ns == 0 {
            self.bit0 += 32;
        } else if ns == 1 << BIT_NAMESPACE {
            self.bit0 = 0;
            self.vendor_skip = None;
        } else if ns == 1 << BIT_VENDOR_NAMESPACE {
            // OUI(3), sub-namespace(1), skip length(2), aligned to 2.
            self.bit0 = 0;
            let at = (self.at + 1) & !1;
            if at + 6 > self.hdr.len() {
                self.done = true;
                return Some(Item::Truncated { bit: BIT_VENDOR_NAMESPACE });
            }
            self.vendor_skip = Some(le16(self.hdr, at + 4) as usize);
            self.at = at + 6;
        }
        self.word_idx += 1;
        self.cur = le32(self.hdr, 4 + 4 * self.word_idx);
        None
    }

    fn decode(&mut self, bit: u32, word: u32) -> Item {
        let Some((align, size)) = layout(bit) else {
            self.done = true;
            return Item::Unknown { bit };
        };
        let at = (self.at + align - 1) & !(align - 1);
        let Some(b) = self.hdr.get(at..at + size) else {
            self.done = true;
            return Item::Truncated { bit };
        };
        self.at = at + size;
        let value = match bit {
            bit::TSFT => Value::Tsft(le64(b, 0)),
            bit::FLAGS => Value::Flags(b[0]),
            bit::RATE => Value::Rate(b[0]),
            bit::CHANNEL => Value::Channel { freq: le16(b, 0), flags: le16(b, 2) },
            bit::FHSS => Value::Fhss { set: b[0], pattern: b[1] },
            bit::DBM_ANTSIGNAL => Value::DbmSignal(b[0] as i8),
            bit::DBM_ANTNOISE => Value::DbmNoise(b[0] as i8),
            bit::LOCK_QUALITY => Value::LockQuality(le16(b, 0)),
            bit::TX_ATTENUATION => Value::TxAttenuation(le16(b, 0)),
            bit::DB_TX_ATTENUATION => Value::DbTxAttenuation(le16(b, 0)),
            bit::DBM_TX_POWER => Value::DbmTxPower(b[0] as i8),
            bit::ANTENNA => Value::Antenna(b[0]),
            bit::DB_ANTSIGNAL => Value::DbSignal(b[0]),
            bit::DB_ANTNOISE => Value::DbNoise(b[0]),
            bit::RX_FLAGS => Value::RxFlags(le16(b, 0)),
            bit::TX_FLAGS => Value::TxFlags(le16(b, 0)),
            bit::XCHANNEL => Value::XChannel { flags: le32(b, 0), freq: le16(b, 4), channel: b[6], max_power: b[7] },
            bit::MCS => Value::Mcs { known: b[0], flags: b[1], index: b[2] },
            bit::AMPDU_STATUS => Value::AmpduStatus { reference: le32(b, 0), flags: le16(b, 4), delim_crc: b[6] },
            bit::VHT => Value::Vht {
                known: le16(b, 0),
                flags: b[2],
                bandwidth: b[3],
                mcs_nss: [b[4], b[5], b[6], b[7]],
                coding: b[8],
                group_id: b[9],
                partial_aid: le16(b, 10),
            },
            _ => Value::Opaque,
        };
        Item::Field { bit, word, offset: at, value }
    }
}

impl Iterator for Fields<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done && self.word_idx < self.words {
            if let Some(skip) = self.vendor_skip.take() {
                // A vendor namespace's fields: skipped whole, then its bits ignored.
                if self.at + skip > self.hdr.len() {
                    self.done = true;
                    return None;
                }
                self.at += skip;
                self.vendor_skip = Some(0);
                self.cur = 0;
            }
            let low = self.cur & ((1 << BIT_NAMESPACE) - 1);
            if low == 0 || self.vendor_skip.is_some() {
                if let Some(item) = self.next_word() {
                    return Some(item);
                }
                continue;
            }
            let b = low.trailing_zeros();
            self.cur &= !(1 << b);
            let word = le32(self.hdr, 4 + 4 * self.word_idx);
            return Some(self.decode(self.bit0 + b, word));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Flags, rate, channel, signal, antenna: the usual Linux set.
    const HDR: [u8; 16] = [
        0x00, 0x00, 0x10, 0x00, // version 0, pad, length 16
        0x0e, 0x08, 0x00, 0x00, // present: flags, rate, channel, antenna (bit 11)
        0x10, // flags: FCS at end
        0x02, // rate 1.0 Mb/s
        0x6c, 0x09, 0xa0, 0x00, // 2412 MHz, CCK | 2 GHz
        0x01, // antenna 1
        0x00, // trailing pad (not a field)
    ];

    #[test]
    fn linux_header_yields_its_fields_in_bit_order() {
        let r = Radiotap::new(&HDR).unwrap();
        let v: Vec<Value> = r.fields().filter_map(|i| match i { Item::Field { value, .. } => Some(value), _ => None }).collect();
        assert_eq!(v, [Value::Flags(0x10), Value::Rate(2), Value::Channel { freq: 2412, flags: 0xa0 }, Value::Antenna(1)]);
    }

    #[test]
    fn fcs_flag_is_seen() {
        assert!(Radiotap::new(&HDR).unwrap().fcs_at_end());
    }

    #[test]
    fn tsft_is_aligned_to_eight_bytes_after_an_extended_bitmap() {
        let h = [
            0, 0, 24, 0, // length 24
            0x01, 0, 0, 0x80, // TSFT, extended
            0, 0, 0, 0, // second bitmap: nothing
            0, 0, 0, 0, // fields start at 12: padding to 16
            0x44, 0x33, 0x22, 0x11, 0, 0, 0, 0, // TSFT
        ];
        let r = Radiotap::new(&h).unwrap();
        let f = r.fields().next();
        assert_eq!(f, Some(Item::Field { bit: 0, word: 0x8000_0001, offset: 16, value: Value::Tsft(0x1122_3344) }));
    }

    #[test]
    fn unknown_bit_ends_the_walk() {
        let h = [0, 0, 8, 0, 0x00, 0x00, 0x00, 0x10]; // bit 28
        let items: Vec<Item> = Radiotap::new(&h).unwrap().fields().collect();
        assert_eq!(items, [Item::Unknown { bit: 28 }]);
    }

    #[test]
    fn length_past_the_capture_is_a_problem_not_a_panic() {
        assert_eq!(Radiotap::new(&[0, 0, 0xff, 0xff, 0, 0, 0, 0]).err(), Some(Problem::Truncated));
        assert_eq!(Radiotap::new(&[0, 0, 4, 0, 0, 0, 0, 0]).err(), Some(Problem::BadLength));
        assert_eq!(Radiotap::new(&[0, 0, 8, 0, 0, 0, 0, 0x80]).err(), Some(Problem::BitmapsTruncated));
    }

    fn values(h: &[u8]) -> Vec<(u32, Value)> {
        Radiotap::new(h).unwrap().fields().filter_map(|i| match i { Item::Field { bit, value, .. } => Some((bit, value)), _ => None }).collect()
    }

    #[test]
    fn radiotap_namespace_word_restarts_the_bits_for_per_antenna_signals() {
        let h = [
            0, 0, 19, 0, // length 19
            0x20, 0, 0, 0xa0, // dBm signal, radiotap namespace next, extended
            0x20, 0x08, 0, 0, // dBm signal, antenna
            0xc4, // -60 dBm (combined)
            0xc2, 0x00, // -62 dBm, antenna 0
            0, 0, 0, 0, // trailing bytes inside the length
        ];
        assert_eq!(values(&h), [(5, Value::DbmSignal(-60)), (5, Value::DbmSignal(-62)), (11, Value::Antenna(0))]);
    }

    #[test]
    fn vendor_namespace_is_skipped_by_its_length() {
        let h = [
            0, 0, 24, 0, // length 24
            0x02, 0, 0, 0xc0, // flags, vendor namespace next, extended
            0xff, 0xff, 0, 0xa0, // vendor bits (ignored), radiotap namespace next, extended
            0x00, 0x08, 0, 0, // antenna
            0x10, // flags
            0, // pad to 2
            0x00, 0x11, 0x22, 0x01, 0x02, 0x00, // OUI, sub-namespace, skip 2
            0xaa, 0xbb, // vendor data
        ];
        let mut h = h.to_vec();
        h.push(7); // antenna 7
        h[2] = h.len() as u8;
        assert_eq!(values(&h), [(1, Value::Flags(0x10)), (11, Value::Antenna(7))]);
    }
}
