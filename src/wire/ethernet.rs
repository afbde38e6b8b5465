//! Ethernet II and IEEE 802.3 framing, 802.1Q/802.1ad tags, 802.2 LLC and SNAP.
//!
//! ```text
//!  0                   6                  12      14
//! +-------------------+-------------------+-------+----------
//! | destination MAC   | source MAC        | type/ | payload
//! |                   |                   | length|
//! +-------------------+-------------------+-------+----------
//! ```
//! A type/length value of 1536 (0x0600) or more is an EtherType (Ethernet II);
//! 1500 or less is an 802.3 length followed by an 802.2 LLC header.

use super::field::{be16, Field};

/// MAC address, six octets.
pub type Mac = [u8; 6];

/// Byte ranges of the Ethernet header in the diagram above.
pub mod field {
    use super::Field;
    pub const DST: Field = 0..6;
    pub const SRC: Field = 6..12;
    /// EtherType, or the 802.3 length.
    pub const TYPE: Field = 12..14;
}

/// Byte ranges of one 802.1Q/802.1ad tag, counted from the byte after the
/// TPID (the EtherType that announced it).
///
/// ```text
/// | PCP (3) | DEI (1) | VID (12) | inner EtherType/length (16) |
/// ```
pub mod vlan_field {
    use super::Field;
    /// Tag control information: priority, drop eligible, VLAN id.
    pub const TCI: Field = 0..2;
    /// The EtherType (or 802.3 length) that follows the tag.
    pub const INNER_TYPE: Field = 2..4;
}

/// Length of a VLAN tag after its TPID.
pub const VLAN_TAG_LEN: usize = 4;

/// Byte ranges of an 802.2 LLC header with the SNAP extension.
///
/// ```text
/// | DSAP (1) | SSAP (1) | control (1) | SNAP OUI (3) | SNAP protocol id (2) |
/// ```
pub mod llc_field {
    use super::Field;
    pub const DSAP: usize = 0;
    pub const SSAP: usize = 1;
    /// A U-frame's one-byte control field.
    pub const CONTROL: usize = 2;
    pub const SNAP_OUI: Field = 3..6;
    pub const SNAP_PID: Field = 6..8;
}

/// Length of an LLC header with SNAP.
pub const LLC_SNAP_LEN: usize = 8;

/// The SAP (both DSAP and SSAP) that announces a SNAP extension.
pub const SAP_SNAP: u8 = 0xaa;

/// SNAP organisation codes whose protocol ids tcpsleuth reads.
pub mod snap_oui {
    /// RFC 1042: the protocol id is an EtherType.
    pub const ENCAP_ETHER: u32 = 0x000000;
    /// Cisco's own protocols (CDP, VTP, DTP, UDLD, PVST+).
    pub const CISCO: u32 = 0x00000c;
    /// Cisco bridging: the protocol id is an EtherType.
    pub const CISCO_90: u32 = 0x0000f8;
    /// RFC 2427 / RFC 2684 bridged frames (also IEEE 802.1's OUI).
    pub const RFC2684: u32 = 0x0080c2;
    /// Apple: AppleTalk datagrams.
    pub const APPLETALK: u32 = 0x080007;
}

/// Cisco SNAP protocol ids (OUI 00-00-0c).
pub mod cisco_pid {
    /// Cisco Discovery Protocol.
    pub const CDP: u16 = 0x2000;
    /// VLAN Trunking Protocol.
    pub const VTP: u16 = 0x2003;
    /// Dynamic Trunking Protocol.
    pub const DTP: u16 = 0x2004;
    /// Unidirectional Link Detection.
    pub const UDLD: u16 = 0x0111;
    /// Per-VLAN spanning tree (PVST+): an 802.1D/802.1w BPDU follows.
    pub const PVST: u16 = 0x010b;
    /// VLAN bridge spanning tree: a BPDU follows.
    pub const VLAN_BRIDGE: u16 = 0x010c;
}

/// The SAP of IEEE 802.1D spanning tree BPDUs (both DSAP and SSAP).
pub const SAP_STP: u8 = 0x42;
/// IP over 802.2 without SNAP (RFC 1042 forbids it; old stacks sent it).
pub const SAP_IP: u8 = 0x06;
/// NetBIOS (NetBEUI).
pub const SAP_NETBEUI: u8 = 0xf0;
/// Novell IPX.
pub const SAP_IPX: u8 = 0xe0;
/// ISO network layer (CLNP, ES-IS, IS-IS).
pub const SAP_ISO_NETWORK: u8 = 0xfe;

/// The low bit of a DSAP (individual/group) and of an SSAP (command/response);
/// the SAP itself is the other seven bits.
pub const SAP_IG_BIT: u8 = 0x01;

/// Length of an LLC header whose control field is one byte (a U-frame).
pub const LLC_U_LEN: usize = 3;

/// LLC control of an unnumbered-information U-frame, the one SNAP rides in.
pub const LLC_UI: u8 = 0x03;

/// Ethernet header length.
pub const HEADER_LEN: usize = 14;

/// A view over an Ethernet frame (at least 14 bytes, checked by [`Ethernet::new`]).
#[derive(Clone, Copy, Debug)]
pub struct Ethernet<'a>(&'a [u8]);

impl<'a> Ethernet<'a> {
    /// Wraps `data` when it holds a whole Ethernet header.
    pub fn new(data: &'a [u8]) -> Option<Self> {
        (data.len() >= HEADER_LEN).then_some(Ethernet(data))
    }
    /// Destination MAC.
    pub fn dst(&self) -> Mac {
        mac(&self.0[field::DST])
    }
    /// Source MAC.
    pub fn src(&self) -> Mac {
        mac(&self.0[field::SRC])
    }
    /// The EtherType or 802.3 length field.
    pub fn type_or_len(&self) -> u16 {
        be16(self.0, field::TYPE.start)
    }
    /// True for IEEE 802.3 length framing (type/length ≤ 1500).
    pub fn is_8023(&self) -> bool {
        self.type_or_len() <= 1500
    }
    /// Bytes after the 14-byte header.
    pub fn payload(&self) -> &'a [u8] {
        &self.0[HEADER_LEN..]
    }
}

/// Copies six bytes into a MAC (callers pass exactly six).
pub fn mac(b: &[u8]) -> Mac {
    let mut m = [0u8; 6];
    m.copy_from_slice(&b[..6]);
    m
}

/// One 802.1Q / 802.1ad tag: TPID (the EtherType that announced it) and TCI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VlanTag {
    /// 0x8100, 0x88a8 or 0x9100.
    pub tpid: u16,
    /// Priority code point (3 bits).
    pub pcp: u8,
    /// Drop eligible indicator.
    pub dei: bool,
    /// VLAN identifier (12 bits).
    pub vid: u16,
    /// The EtherType (or length) that follows the tag.
    pub inner_type: u16,
}

impl VlanTag {
    /// Parses a tag from the 4 bytes after its TPID.
    pub fn parse(tpid: u16, data: &[u8]) -> Option<Self> {
        if data.len() < 4 {
            return None;
        }
        let tci = be16(data, vlan_field::TCI.start);
        Some(VlanTag {
            tpid,
            pcp: (tci >> 13) as u8,
            dei: tci & 0x1000 != 0,
            vid: tci & 0x0fff,
            inner_type: be16(data, vlan_field::INNER_TYPE.start),
        })
    }
}

/// Cisco FabricPath: an outer header in front of a whole Ethernet frame.
pub const FABRICPATH: u16 = 0x8903;

/// An 802.2 LLC header, with the SNAP extension when DSAP = SSAP = 0xAA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Llc {
    pub dsap: u8,
    pub ssap: u8,
    /// Control field (one byte for U-frames, two for I/S-frames).
    pub control: u16,
    /// Header length in bytes, SNAP included.
    pub len: usize,
    /// SNAP organisation code and protocol id.
    pub snap: Option<([u8; 3], u16)>,
}

impl Llc {
    /// Parses an LLC (and SNAP) header.
    pub fn parse(data: &[u8]) -> Option<Self> {
        if data.len() < 3 {
            return None;
        }
        let (dsap, ssap) = (data[0], data[1]);
        // U-frames have the two low bits set and a one-byte control field.
        let (control, mut len) = if data[2] & 3 == 3 {
            (data[2] as u16, 3)
        } else if data.len() >= 4 {
            (u16::from_le_bytes([data[2], data[3]]), 4)
        } else {
            return None;
        };
        let mut snap = None;
        if dsap == SAP_SNAP && ssap == SAP_SNAP && len == 3 {
            if data.len() < 8 {
                return None;
            }
            snap = Some(([data[3], data[4], data[5]], be16(data, 6)));
            len = 8;
        }
        Some(Llc { dsap, ssap, control, len, snap })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ethernet_ii_exposes_addresses_and_type() {
        let f = [
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // dst: broadcast
            0x00, 0x00, 0x0c, 0x01, 0x02, 0x03, // src: Cisco OUI
            0x08, 0x06, // ARP
        ];
        let e = Ethernet::new(&f).unwrap();
        assert_eq!((e.dst()[0], e.src()[2], e.type_or_len(), e.is_8023()), (0xff, 0x0c, 0x0806, false));
    }

    #[test]
    fn snap_header_carries_oui_and_pid() {
        let llc = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00];
        let l = Llc::parse(&llc).unwrap();
        assert_eq!(l.snap, Some(([0, 0, 0x0c], 0x2000)));
        assert_eq!(l.len, 8);
    }

    #[test]
    fn vlan_tag_splits_tci() {
        let t = VlanTag::parse(0x8100, &[0xa0, 0x64, 0x08, 0x00]).unwrap();
        assert_eq!((t.pcp, t.dei, t.vid, t.inner_type), (5, false, 100, 0x0800));
    }
}
