//! Linux "cooked" captures: SLL (v1, LINKTYPE 113) and SLL2 (LINKTYPE 276).
//!
//! ```text
//! SLL  (16 bytes): packet type(2) ARPHRD type(2) addr len(2) addr(8) protocol(2)
//! SLL2 (20 bytes): protocol(2) reserved(2) ifindex(4) ARPHRD type(2)
//!                  packet type(1) addr len(1) addr(8)
//! ```

use super::field::{be16, be32, byte};

/// Byte ranges of the two cooked headers in the diagram above.
pub mod field {
    /// SLL (v1).
    pub mod v1 {
        use crate::wire::field::Field;
        /// To us, broadcast, multicast, to someone else, sent by us.
        pub const PACKET_TYPE: Field = 0..2;
        /// ARPHRD_ type of the interface.
        pub const HATYPE: Field = 2..4;
        pub const ADDR_LEN: Field = 4..6;
        pub const ADDR: Field = 6..14;
        /// EtherType, or a Linux pseudo-protocol at 1500 and below.
        pub const PROTOCOL: Field = 14..16;
    }
    /// SLL2.
    pub mod v2 {
        use crate::wire::field::Field;
        pub const PROTOCOL: Field = 0..2;
        pub const RESERVED: Field = 2..4;
        pub const IFINDEX: Field = 4..8;
        pub const HATYPE: Field = 8..10;
        pub const PACKET_TYPE: usize = 10;
        pub const ADDR_LEN: usize = 11;
        pub const ADDR: Field = 12..20;
    }
}

/// SLL (v1) header length.
pub const HEADER_LEN_V1: usize = field::v1::PROTOCOL.end;
/// SLL2 header length.
pub const HEADER_LEN_V2: usize = field::v2::ADDR.end;

/// Linux's pseudo-protocol for a raw 802.3 frame (`ETH_P_802_3`).
pub const PROTO_802_3: u16 = 1;
/// Linux's pseudo-protocol for an 802.2 LLC frame (`ETH_P_802_2`).
pub const PROTO_802_2: u16 = 4;

/// A decoded cooked header (v1 or v2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sll {
    /// 2 for SLL2, 1 for SLL.
    pub version: u8,
    /// 0 to us, 1 broadcast, 2 multicast, 3 to someone else, 4 sent by us.
    pub packet_type: u16,
    /// ARPHRD_ type of the interface (1 = Ethernet).
    pub hatype: u16,
    /// Link-layer address length (≤ 8 shown).
    pub addr_len: u16,
    /// Link-layer address bytes (first `addr_len`, at most 8).
    pub addr: [u8; 8],
    /// Protocol (EtherType, or a Linux pseudo-protocol when small).
    pub protocol: u16,
    /// Interface index (SLL2 only).
    pub ifindex: u32,
    /// Header length (16 or 20).
    pub header_len: usize,
}

impl Sll {
    /// Parses an SLL v1 header.
    pub fn parse_v1(d: &[u8]) -> Option<Self> {
        use field::v1;
        if d.len() < HEADER_LEN_V1 {
            return None;
        }
        let mut addr = [0u8; 8];
        addr.copy_from_slice(&d[v1::ADDR]);
        Some(Sll {
            version: 1,
            packet_type: be16(d, v1::PACKET_TYPE.start),
            hatype: be16(d, v1::HATYPE.start),
            addr_len: be16(d, v1::ADDR_LEN.start),
            addr,
            protocol: be16(d, v1::PROTOCOL.start),
            ifindex: 0,
            header_len: HEADER_LEN_V1,
        })
    }

    /// Parses an SLL2 header.
    pub fn parse_v2(d: &[u8]) -> Option<Self> {
        use field::v2;
        if d.len() < HEADER_LEN_V2 {
            return None;
        }
        let mut addr = [0u8; 8];
        addr.copy_from_slice(&d[v2::ADDR]);
        Some(Sll {
            version: 2,
            protocol: be16(d, v2::PROTOCOL.start),
            ifindex: be32(d, v2::IFINDEX.start),
            hatype: be16(d, v2::HATYPE.start),
            packet_type: byte(d, v2::PACKET_TYPE) as u16,
            addr_len: byte(d, v2::ADDR_LEN) as u16,
            addr,
            header_len: HEADER_LEN_V2,
        })
    }

    /// tcpdump's word for the packet type ("In", "Out", "B", "M", "P").
    pub fn direction(&self) -> &'static str {
        match self.packet_type {
            0 => "In",
            1 => "B",
            2 => "M",
            3 => "P",
            4 => "Out",
            _ => "?",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sll2_fields_land_where_the_format_puts_them() {
        let h = [
            0x08, 0x00, 0x00, 0x00, // protocol IPv4, reserved
            0x00, 0x00, 0x00, 0x02, // ifindex 2
            0x00, 0x01, 0x04, 0x06, // ARPHRD_ETHER, outgoing, addr len 6
            0x02, 0x00, 0x4c, 0x01, 0x00, 0x0a, 0x00, 0x00, // address
        ];
        let s = Sll::parse_v2(&h).unwrap();
        assert_eq!((s.protocol, s.ifindex, s.direction(), s.addr_len), (0x0800, 2, "Out", 6));
    }
}
