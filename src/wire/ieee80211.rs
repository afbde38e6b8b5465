//! IEEE 802.11 MAC frames (LINKTYPE_IEEE802_11 = 105, and after a radiotap
//! or PPI header), IEEE Std 802.11-2020 clause 9.
//!
//! ```text
//!  0       2        4        10       16       22     24       30     32     36
//! +-------+--------+--------+--------+--------+------+--------+------+------+----
//! | frame | dura-  | addr 1 | addr 2 | addr 3 | seq  | addr 4 | QoS  | HT   | body
//! | ctrl  | tion   |        |        |        | ctrl | (WDS)  | ctrl | ctrl |
//! +-------+--------+--------+--------+--------+------+--------+------+------+----
//! ```
//! Multi-byte fields are little-endian. Control frames stop after addr 1 or
//! addr 2; addr 4 exists only when both ToDS and FromDS are set; QoS control
//! only in QoS data subtypes; HT control when the Order bit is set in a QoS
//! data or management frame (9.2.4.1.10). Address roles follow ToDS/FromDS
//! (table 9-30):
//!
//! | ToDS | FromDS | addr 1 | addr 2 | addr 3 | addr 4 |
//! |------|--------|--------|--------|--------|--------|
//! | 0    | 0      | DA     | SA     | BSSID  | –      |
//! | 0    | 1      | DA     | BSSID  | SA     | –      |
//! | 1    | 0      | BSSID  | SA     | DA     | –      |
//! | 1    | 1      | RA     | TA     | DA     | SA     |

use super::ethernet::{mac, Mac};
use super::field::{le16, Field};

/// Byte ranges of the MAC header (addr 4 only in WDS data frames).
pub mod field {
    use super::Field;
    /// Frame control.
    pub const FC: Field = 0..2;
    /// Duration/ID (the AID in PS-Poll).
    pub const DURATION: Field = 2..4;
    pub const ADDR1: Field = 4..10;
    pub const ADDR2: Field = 10..16;
    pub const ADDR3: Field = 16..22;
    /// Sequence control: fragment number (4 bits), sequence number (12).
    pub const SEQ: Field = 22..24;
    pub const ADDR4: Field = 24..30;
}

/// Frame types (frame control bits 2–3).
pub mod ftype {
    pub const MGMT: u8 = 0;
    pub const CTRL: u8 = 1;
    pub const DATA: u8 = 2;
    pub const EXT: u8 = 3;
}

/// Management subtypes.
pub mod mgmt {
    pub const ASSOC_REQUEST: u8 = 0;
    pub const ASSOC_RESPONSE: u8 = 1;
    pub const REASSOC_REQUEST: u8 = 2;
    pub const REASSOC_RESPONSE: u8 = 3;
    pub const PROBE_REQUEST: u8 = 4;
    pub const PROBE_RESPONSE: u8 = 5;
    pub const BEACON: u8 = 8;
    pub const ATIM: u8 = 9;
    pub const DISASSOC: u8 = 10;
    pub const AUTH: u8 = 11;
    pub const DEAUTH: u8 = 12;
    pub const ACTION: u8 = 13;
}

/// Control subtypes.
pub mod ctrl {
    pub const WRAPPER: u8 = 7;
    pub const BAR: u8 = 8;
    pub const BA: u8 = 9;
    pub const PS_POLL: u8 = 10;
    pub const RTS: u8 = 11;
    pub const CTS: u8 = 12;
    pub const ACK: u8 = 13;
    pub const CF_END: u8 = 14;
    pub const CF_END_ACK: u8 = 15;
}

/// Element IDs used by the decoders (9.4.2).
pub mod element {
    pub const SSID: u8 = 0;
    pub const RATES: u8 = 1;
    pub const DS: u8 = 3;
    pub const CF: u8 = 4;
    pub const TIM: u8 = 5;
    pub const CHALLENGE: u8 = 16;
}

/// The frame control field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameControl(pub u16);

impl FrameControl {
    /// Protocol version (0).
    pub fn version(self) -> u8 {
        (self.0 & 3) as u8
    }
    /// Frame type ([`ftype`]).
    pub fn ftype(self) -> u8 {
        ((self.0 >> 2) & 3) as u8
    }
    /// Subtype ([`mgmt`], [`ctrl`], or the data subtype bits).
    pub fn subtype(self) -> u8 {
        ((self.0 >> 4) & 0xf) as u8
    }
    pub fn to_ds(self) -> bool {
        self.0 & 0x0100 != 0
    }
    pub fn from_ds(self) -> bool {
        self.0 & 0x0200 != 0
    }
    pub fn more_fragments(self) -> bool {
        self.0 & 0x0400 != 0
    }
    pub fn retry(self) -> bool {
        self.0 & 0x0800 != 0
    }
    pub fn power_mgmt(self) -> bool {
        self.0 & 0x1000 != 0
    }
    pub fn more_data(self) -> bool {
        self.0 & 0x2000 != 0
    }
    /// The body is encrypted (WEP, TKIP, CCMP, GCMP).
    pub fn protected(self) -> bool {
        self.0 & 0x4000 != 0
    }
    /// Order bit (+HTC in QoS data and management frames).
    pub fn order(self) -> bool {
        self.0 & 0x8000 != 0
    }
    /// A data frame whose subtype has the QoS bit.
    pub fn is_qos_data(self) -> bool {
        self.ftype() == ftype::DATA && self.subtype() & 0x8 != 0
    }
    /// A data frame whose subtype says it carries no data (Null, QoS Null, CF-Ack...).
    pub fn is_null_data(self) -> bool {
        self.ftype() == ftype::DATA && self.subtype() & 0x4 != 0
    }
    /// Header length without HT control, 0 for an unknown type or control subtype
    /// (the lengths tcpdump uses).
    pub fn base_header_len(self) -> usize {
        match self.ftype() {
            ftype::MGMT => 24,
            ftype::CTRL => match self.subtype() {
                ctrl::WRAPPER => 16,
                ctrl::BAR => 20,
                ctrl::BA | ctrl::CTS | ctrl::ACK => 10,
                ctrl::PS_POLL | ctrl::RTS | ctrl::CF_END | ctrl::CF_END_ACK => 16,
                _ => 0,
            },
            ftype::DATA => {
                let base = if self.to_ds() && self.from_ds() { 30 } else { 24 };
                base + if self.is_qos_data() { 2 } else { 0 }
            }
            _ => 0,
        }
    }
    /// True when an HT control field follows (Order bit in QoS data or management).
    pub fn has_ht_control(self) -> bool {
        self.order() && (self.is_qos_data() || self.ftype() == ftype::MGMT)
    }
    /// Full header length including HT control; 0 when unknown.
    pub fn header_len(self) -> usize {
        match self.base_header_len() {
            0 => 0,
            n => n + if self.has_ht_control() { 4 } else { 0 },
        }
    }
}

/// A view over an 802.11 MAC header (the whole header present, checked by [`Ieee80211::new`]).
#[derive(Clone, Copy, Debug)]
pub struct Ieee80211<'a> {
    data: &'a [u8],
    hdr_len: usize,
}

/// Why a MAC header could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not even the frame control field.
    Short,
    /// Reserved frame type or unknown control subtype.
    UnknownType,
    /// The header is cut short.
    Truncated,
}


impl<'a> Ieee80211<'a> {
    /// Wraps `data` (the frame, FCS already removed) when its header is whole.
    /// `pad` rounds the header up to 4 bytes (radiotap's data-pad flag).
    pub fn new(data: &'a [u8], pad: bool) -> Result<Self, Problem> {
        if data.len() < 2 {
            return Err(Problem::Short);
        }
        let fc = FrameControl(le16(data, field::FC.start));
        let mut hdr_len = fc.header_len();
        if hdr_len == 0 {
            return Err(Problem::UnknownType);
        }
        if pad {
            hdr_len = (hdr_len + 3) & !3;
        }
        if data.len() < hdr_len {
            return Err(Problem::Truncated);
        }
        Ok(Ieee80211 { data, hdr_len })
    }
    /// Frame control.
    pub fn fc(&self) -> FrameControl {
        FrameControl(le16(self.data, field::FC.start))
    }
    /// Duration (or AID for PS-Poll).
    pub fn duration(&self) -> u16 {
        le16(self.data, field::DURATION.start)
    }
    /// Header length (with HT control and padding).
    pub fn header_len(&self) -> usize {
        self.hdr_len
    }
    /// Address `n` (1–4) when the header holds it.
    pub fn addr(&self, n: usize) -> Option<Mac> {
        let r = match n {
            1 => field::ADDR1,
            2 => field::ADDR2,
            3 => field::ADDR3,
            4 => field::ADDR4,
            _ => return None,
        };
        let fc = self.fc();
        let present = match fc.ftype() {
            ftype::CTRL => r.end <= fc.base_header_len() && n <= 2,
            ftype::DATA => n <= 3 || (fc.to_ds() && fc.from_ds()),
            _ => n <= 3,
        };
        present.then(|| mac(&self.data[r]))
    }
    /// Receiver address (addr 1).
    pub fn ra(&self) -> Mac {
        mac(&self.data[field::ADDR1])
    }
    /// Transmitter address (addr 2), absent in CTS and ACK.
    pub fn ta(&self) -> Option<Mac> {
        self.addr(2)
    }
    /// Destination address by ToDS/FromDS (management: addr 1).
    pub fn da(&self) -> Option<Mac> {
        let fc = self.fc();
        match (fc.ftype(), fc.to_ds()) {
            (ftype::MGMT, _) | (ftype::DATA, false) => self.addr(1),
            (ftype::DATA, true) => self.addr(3),
            _ => None,
        }
    }
    /// Source address by ToDS/FromDS (management: addr 2).
    pub fn sa(&self) -> Option<Mac> {
        let fc = self.fc();
        match (fc.ftype(), fc.to_ds(), fc.from_ds()) {
            (ftype::MGMT, _, _) | (ftype::DATA, _, false) => self.addr(2),
            (ftype::DATA, false, true) => self.addr(3),
            (ftype::DATA, true, true) => self.addr(4),
            _ => None,
        }
    }
    /// BSSID by ToDS/FromDS (None in WDS frames and most control frames).
    pub fn bssid(&self) -> Option<Mac> {
        let fc = self.fc();
        match (fc.ftype(), fc.to_ds(), fc.from_ds()) {
            (ftype::MGMT, _, _) | (ftype::DATA, false, false) => self.addr(3),
            (ftype::DATA, false, true) => self.addr(2),
            (ftype::DATA, true, false) => self.addr(1),
            _ => None,
        }
    }
    /// Sequence number (12 bits), when the header has sequence control.
    pub fn seq(&self) -> Option<u16> {
        (self.fc().ftype() != ftype::CTRL).then(|| le16(self.data, field::SEQ.start) >> 4)
    }
    /// Fragment number (4 bits).
    pub fn frag(&self) -> Option<u8> {
        (self.fc().ftype() != ftype::CTRL).then(|| (le16(self.data, field::SEQ.start) & 0xf) as u8)
    }
    /// Offset of the QoS control field, in QoS data frames.
    fn qos_at(&self) -> Option<usize> {
        let fc = self.fc();
        fc.is_qos_data().then(|| if fc.to_ds() && fc.from_ds() { 30 } else { 24 })
    }
    /// QoS control, in QoS data frames.
    pub fn qos(&self) -> Option<u16> {
        self.qos_at().map(|at| le16(self.data, at))
    }
    /// Traffic identifier (QoS control bits 0–3).
    pub fn tid(&self) -> Option<u8> {
        self.qos().map(|q| (q & 0xf) as u8)
    }
    /// HT control, when the Order bit announces it.
    pub fn ht_control(&self) -> Option<u32> {
        let fc = self.fc();
        if !fc.has_ht_control() {
            return None;
        }
        let at = fc.base_header_len();
        let b = self.data.get(at..at + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// The bytes after the header.
    pub fn body(&self) -> &'a [u8] {
        &self.data[self.hdr_len..]
    }
}

/// Management frame elements (id, body), stopping at the first one cut short.
pub fn elements(body: &[u8]) -> impl Iterator<Item = (u8, &[u8])> + '_ {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let id = *body.get(at)?;
        let len = *body.get(at + 1)? as usize;
        let b = body.get(at + 2..at + 2 + len)?;
        at += 2 + len;
        Some((id, b))
    })
}

/// Length of the fixed fields before the elements of a management subtype.
pub fn mgmt_fixed_len(subtype: u8) -> usize {
    match subtype {
        mgmt::BEACON | mgmt::PROBE_RESPONSE => 12,
        mgmt::ASSOC_REQUEST => 4,
        mgmt::ASSOC_RESPONSE | mgmt::REASSOC_RESPONSE => 6,
        mgmt::REASSOC_REQUEST => 10,
        mgmt::AUTH => 6,
        mgmt::DISASSOC | mgmt::DEAUTH => 2,
        _ => 0,
    }
}

/// The SSID of a beacon, probe or association frame body, when present whole.
pub fn ssid(subtype: u8, body: &[u8]) -> Option<&[u8]> {
    let rest = body.get(mgmt_fixed_len(subtype)..)?;
    elements(rest).find(|(id, _)| *id == element::SSID).map(|(_, b)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// QoS data, ToDS: station → AP.
    const QOS_TO_DS: [u8; 26] = [
        0x88, 0x01, // QoS data, ToDS
        0x2c, 0x00, // duration 44
        0x02, 0, 0, 0, 0, 0x01, // addr1 = BSSID
        0x02, 0, 0, 0, 0, 0x0a, // addr2 = SA
        0x02, 0, 0, 0, 0, 0x0b, // addr3 = DA
        0x30, 0x01, // seq 19, frag 0
        0x05, 0x00, // QoS: TID 5
    ];

    #[test]
    fn to_ds_puts_bssid_first_and_da_third() {
        let f = Ieee80211::new(&QOS_TO_DS, false).unwrap();
        assert_eq!(
            (f.bssid().map(|m| m[5]), f.sa().map(|m| m[5]), f.da().map(|m| m[5]), f.header_len()),
            (Some(1), Some(0x0a), Some(0x0b), 26)
        );
    }

    #[test]
    fn sequence_and_tid_come_from_their_fields() {
        let f = Ieee80211::new(&QOS_TO_DS, false).unwrap();
        assert_eq!((f.seq(), f.frag(), f.tid()), (Some(19), Some(0), Some(5)));
    }

    #[test]
    fn ack_has_only_a_receiver() {
        let ack = [0xd4, 0, 0, 0, 2, 0, 0, 0, 0, 1];
        let f = Ieee80211::new(&ack, false).unwrap();
        assert_eq!((f.ta(), f.header_len(), f.seq()), (None, 10, None));
    }

    #[test]
    fn order_bit_adds_ht_control_to_qos_data() {
        let mut h = QOS_TO_DS.to_vec();
        h[1] |= 0x80;
        h.extend_from_slice(&[1, 2, 3, 4]);
        let f = Ieee80211::new(&h, false).unwrap();
        assert_eq!((f.header_len(), f.ht_control()), (30, Some(0x0403_0201)));
    }

    #[test]
    fn cut_header_is_a_problem() {
        assert_eq!(Ieee80211::new(&QOS_TO_DS[..20], false).err(), Some(Problem::Truncated));
        assert_eq!(Ieee80211::new(&[0x0c, 0], false).err(), Some(Problem::UnknownType));
    }

    #[test]
    fn elements_stop_at_a_cut_one() {
        let body = [0, 3, b'l', b'a', b'b', 1, 8, 0x82];
        let ids: Vec<u8> = elements(&body).map(|(id, _)| id).collect();
        assert_eq!(ids, [0]);
    }
}
