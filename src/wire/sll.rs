//! Linux "cooked" captures: SLL (v1, LINKTYPE 113) and SLL2 (LINKTYPE 276).
//!
//! ```text
//! SLL  (16 bytes): packet type(2) ARPHRD type(2) addr len(2) addr(8) protocol(2)
//! SLL2 (20 bytes): protocol(2) reserved(2) ifindex(4) ARPHRD type(2)
//!                  packet type(1) addr len(1) addr(8)
//! ```

use super::field::{be16, be32, byte};

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
        if d.len() < 16 {
            return None;
        }
        let mut addr = [0u8; 8];
        addr.copy_from_slice(&d[6..14]);
        Some(Sll {
            version: 1,
            packet_type: be16(d, 0),
            hatype: be16(d, 2),
            addr_len: be16(d, 4),
            addr,
            protocol: be16(d, 14),
            ifindex: 0,
            header_len: 16,
        })
    }

    /// Parses an SLL2 header.
    pub fn parse_v2(d: &[u8]) -> Option<Self> {
        if d.len() < 20 {
            return None;
        }
        let mut addr = [0u8; 8];
        addr.copy_from_slice(&d[12..20]);
        Some(Sll {
            version: 2,
            protocol: be16(d, 0),
            ifindex: be32(d, 4),
            hatype: be16(d, 8),
            packet_type: byte(d, 10) as u16,
            addr_len: byte(d, 11) as u16,
            addr,
            header_len: 20,
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
