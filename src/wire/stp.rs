//! Spanning tree BPDUs (IEEE 802.1D §9.3, 802.1w RSTP, 802.1Q §14 MSTP,
//! 802.1aq SPB), as a lax view. They ride in 802.2 LLC with DSAP = SSAP =
//! 0x42 ([`super::ethernet::SAP_STP`]).
//!
//! ```text
//!  0       2     3      4      5              13         17             25      27
//! +-------+-----+------+------+--------------+----------+--------------+-------+
//! | proto | ver | type | flags|   root id    | path cost|  bridge id   |port id|
//! +-------+-----+------+------+--------------+----------+--------------+-------+
//!  27          29        31           33           35     36
//! +-----------+---------+------------+------------+------+
//! |message age| max age | hello time | fwd delay  |v1 len|   (RSTP: 36 bytes)
//! +-----------+---------+------------+------------+------+
//! MSTP then: v3 length (2), MST config id (1), name (32), revision (2),
//! digest (16), CIST internal root path cost (4), CIST bridge id (8),
//! CIST remaining hops (1), then 16-byte MSTI records (v3 length - 64 bytes).
//! SPB appends its own block after the v3 part: v4 length (2), then §14.
//! ```
//! A TCN BPDU stops after the type. Times count 1/256 s.

use super::field::{get16, get32, get8, get_bytes, Field};

/// Byte ranges of a BPDU, from the protocol identifier on.
pub mod field {
    use super::Field;
    /// Protocol identifier: 0 for every spanning tree.
    pub const PROTOCOL_ID: Field = 0..2;
    /// Protocol version ([`super::version`]).
    pub const VERSION: usize = 2;
    /// BPDU type ([`super::bpdu_type`]).
    pub const BPDU_TYPE: usize = 3;
    /// Flags ([`super::flag`]); bits 2-3 are the RSTP port role.
    pub const FLAGS: usize = 4;
    /// Root bridge identifier (priority 2 + MAC 6); MSTP's CIST root.
    pub const ROOT_ID: Field = 5..13;
    /// Root path cost; MSTP's CIST external path cost.
    pub const ROOT_PATH_COST: Field = 13..17;
    /// Sending bridge identifier; MSTP's CIST regional root.
    pub const BRIDGE_ID: Field = 17..25;
    /// Port identifier.
    pub const PORT_ID: Field = 25..27;
    /// Message age (1/256 s).
    pub const MESSAGE_AGE: Field = 27..29;
    /// Max age (1/256 s).
    pub const MAX_AGE: Field = 29..31;
    /// Hello time (1/256 s).
    pub const HELLO_TIME: Field = 31..33;
    /// Forward delay (1/256 s).
    pub const FORWARD_DELAY: Field = 33..35;
    /// Version 1 length (RSTP and later; 0).
    pub const V1_LENGTH: usize = 35;
    /// Version 3 length (MSTP): the bytes after it up to the end of the MSTIs.
    pub const V3_LENGTH: Field = 36..38;
    /// MST configuration name (32 bytes, NUL-padded).
    pub const CONFIG_NAME: Field = 39..71;
    /// MST configuration revision level.
    pub const REVISION: Field = 71..73;
    /// MST configuration digest (HMAC-MD5).
    pub const DIGEST: Field = 73..89;
    /// CIST internal root path cost.
    pub const CIST_INT_PATH_COST: Field = 89..93;
    /// CIST bridge identifier.
    pub const CIST_BRIDGE_ID: Field = 93..101;
    /// CIST remaining hops.
    pub const CIST_REMAINING_HOPS: usize = 101;
    /// First MSTI configuration message.
    pub const MSTI: usize = 102;
}

/// Byte ranges of one MSTI configuration message (802.1Q §14.6.1).
pub mod msti_field {
    use super::Field;
    /// MSTI flags (the CIST flag bits, port role included).
    pub const FLAGS: usize = 0;
    /// MSTI regional root identifier; its low 12 priority bits are the MSTI id.
    pub const REGIONAL_ROOT: Field = 1..9;
    /// MSTI internal root path cost.
    pub const PATH_COST: Field = 9..13;
    /// Bridge priority (high nibble).
    pub const BRIDGE_PRIO: usize = 13;
    /// Port priority (high nibble).
    pub const PORT_PRIO: usize = 14;
    /// Remaining hops.
    pub const REMAINING_HOPS: usize = 15;
}

/// Byte ranges of SPB's block (802.1aq §14), from its v4 length on.
pub mod spb_field {
    use super::Field;
    /// Version 4 length.
    pub const V4_LENGTH: Field = 0..2;
    /// Auxiliary MCID configuration name (32 bytes).
    pub const CONFIG_NAME: Field = 3..35;
    /// Auxiliary MCID revision level.
    pub const REVISION: Field = 35..37;
    /// Auxiliary MCID digest.
    pub const DIGEST: Field = 37..53;
    /// Agreement number, discarded agreement number, valid and restricted-role flags.
    pub const AGREEMENT: usize = 53;
    /// Agreement digest format identifier and capabilities.
    pub const FORMAT: usize = 55;
    /// Agreement digest convention identifier and capabilities.
    pub const CONVENTION: usize = 56;
    /// Agreement digest edge count.
    pub const EDGE_COUNT: Field = 57..59;
    /// Agreement digest (20 bytes).
    pub const AGREEMENT_DIGEST: Field = 67..87;
}

/// Protocol versions.
pub mod version {
    /// 802.1D STP.
    pub const STP: u8 = 0;
    /// 802.1w rapid spanning tree.
    pub const RSTP: u8 = 2;
    /// 802.1s / 802.1Q multiple spanning tree.
    pub const MSTP: u8 = 3;
    /// 802.1aq shortest path bridging.
    pub const SPB: u8 = 4;
}

/// BPDU types.
pub mod bpdu_type {
    /// Configuration BPDU.
    pub const CONFIG: u8 = 0x00;
    /// RST/MST/SPT BPDU.
    pub const RSTP: u8 = 0x02;
    /// Topology change notification (no body).
    pub const TCN: u8 = 0x80;
}

/// Flag bits of the flags byte (CIST and MSTI).
pub mod flag {
    /// Topology change.
    pub const TOPOLOGY_CHANGE: u8 = 0x01;
    /// Proposal (RSTP).
    pub const PROPOSAL: u8 = 0x02;
    /// Port role, two bits ([`super::port_role`]).
    pub const PORT_ROLE: u8 = 0x0c;
    /// Learning (RSTP).
    pub const LEARN: u8 = 0x10;
    /// Forwarding (RSTP).
    pub const FORWARD: u8 = 0x20;
    /// Agreement (RSTP).
    pub const AGREEMENT: u8 = 0x40;
    /// Topology change acknowledgment.
    pub const TOPOLOGY_CHANGE_ACK: u8 = 0x80;
}

/// A configuration BPDU without the v1 length (802.1D).
pub const CONFIG_LEN: usize = field::FORWARD_DELAY.end;
/// An RST BPDU, v1 length included.
pub const RSTP_LEN: usize = field::V1_LENGTH + 1;
/// An MST BPDU up to the first MSTI.
pub const MSTP_MIN_LEN: usize = field::MSTI;
/// The MST configuration identifier and CIST fields counted in the v3 length.
pub const MSTP_CONFIG_INFO_LEN: u16 = 64;
/// One MSTI configuration message.
pub const MSTI_LEN: usize = 16;
/// SPB's block, v4 length included.
pub const SPB_MIN_LEN: usize = spb_field::AGREEMENT_DIGEST.end;

/// The RSTP port role in a flags byte (0 unknown, 1 alternate/backup, 2 root, 3 designated).
pub fn port_role(flags: u8) -> u8 {
    (flags & flag::PORT_ROLE) >> 2
}

/// A BPDU over captured bytes; every read is `None` past the capture.
#[derive(Clone, Copy, Debug)]
pub struct Bpdu<'a>(&'a [u8]);

impl<'a> Bpdu<'a> {
    /// Wraps the bytes from the protocol identifier on.
    pub fn new(data: &'a [u8]) -> Self {
        Bpdu(data)
    }
    /// The captured bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }
    /// A byte at `at`.
    pub fn u8(&self, at: usize) -> Option<u8> {
        get8(self.0, at)
    }
    /// A big-endian 16-bit field.
    pub fn u16(&self, f: Field) -> Option<u16> {
        get16(self.0, f.start)
    }
    /// A big-endian 32-bit field.
    pub fn u32(&self, f: Field) -> Option<u32> {
        get32(self.0, f.start)
    }
    /// The bytes of a field.
    pub fn bytes_of(&self, f: Field) -> Option<&'a [u8]> {
        get_bytes(self.0, f.start, f.len())
    }
    /// The MSTP v3 length.
    pub fn v3_length(&self) -> Option<u16> {
        self.u16(field::V3_LENGTH)
    }
    /// The `i`th MSTI record (its 16 bytes may be cut short).
    pub fn msti(&self, i: usize) -> Bpdu<'a> {
        let at = i.saturating_mul(MSTI_LEN).saturating_add(field::MSTI);
        Bpdu(self.0.get(at..).unwrap_or(&[]))
    }
    /// The bytes from `at` on (empty past the capture).
    pub fn at(&self, at: usize) -> Bpdu<'a> {
        Bpdu(self.0.get(at..).unwrap_or(&[]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_rstp_bpdu_reads_its_fields() {
        // proto 0, ver 2, type 2, flags 0x7c (agreement, forward, learn, designated).
        let mut b = vec![0, 0, 2, 2, 0x7c];
        b.extend_from_slice(&[0x80, 0, 2, 0, 0, 0, 0, 1]); // root id
        b.extend_from_slice(&4u32.to_be_bytes()); // path cost
        b.extend_from_slice(&[0x80, 0, 2, 0, 0, 0, 0, 2]); // bridge id
        b.extend_from_slice(&[0x80, 1, 0, 0, 0x14, 0, 2, 0, 0x0f, 0, 0]);
        let p = Bpdu::new(&b);
        assert_eq!(b.len(), RSTP_LEN);
        assert_eq!(port_role(p.u8(field::FLAGS).unwrap_or(0)), 3);
        assert_eq!((p.u32(field::ROOT_PATH_COST), p.u16(field::PORT_ID), p.u16(field::MAX_AGE)), (Some(4), Some(0x8001), Some(0x1400)));
    }

    #[test]
    fn reads_past_the_capture_are_none() {
        let p = Bpdu::new(&[0, 0, 3, 2]);
        assert_eq!((p.u8(field::FLAGS), p.v3_length(), p.msti(usize::MAX).u8(0)), (None, None, None));
    }
}
