//! ARP (RFC 826).
//!
//! ```text
//! | hardware type (2) | protocol type (2) | hlen (1) | plen (1) | op (2) |
//! | sender hw (hlen) | sender proto (plen) | target hw (hlen) | target proto (plen) |
//! ```

use super::field::be16;

/// A view over an ARP packet (at least the 8 fixed bytes).
#[derive(Clone, Copy, Debug)]
pub struct Arp<'a>(&'a [u8]);

impl<'a> Arp<'a> {
    /// Wraps `data` when it holds the fixed part.
    pub fn new(data: &'a [u8]) -> Option<Self> {
        (data.len() >= 8).then_some(Arp(data))
    }
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }
    pub fn hw_type(&self) -> u16 {
        be16(self.0, 0)
    }
    pub fn proto_type(&self) -> u16 {
        be16(self.0, 2)
    }
    pub fn hw_len(&self) -> u8 {
        self.0[4]
    }
    pub fn proto_len(&self) -> u8 {
        self.0[5]
    }
    /// 1 request, 2 reply, 3/4 RARP, 8/9 InARP.
    pub fn op(&self) -> u16 {
        be16(self.0, 6)
    }
    fn field(&self, idx: usize) -> Option<&'a [u8]> {
        let (h, p) = (self.hw_len() as usize, self.proto_len() as usize);
        let start = 8 + match idx {
            0 => 0,
            1 => h,
            2 => h + p,
            _ => 2 * h + p,
        };
        let len = if idx % 2 == 0 { h } else { p };
        self.0.get(start..start + len)
    }
    /// Sender hardware address (None when cut short).
    pub fn sender_hw(&self) -> Option<&'a [u8]> {
        self.field(0)
    }
    pub fn sender_proto(&self) -> Option<&'a [u8]> {
        self.field(1)
    }
    pub fn target_hw(&self) -> Option<&'a [u8]> {
        self.field(2)
    }
    pub fn target_proto(&self) -> Option<&'a [u8]> {
        self.field(3)
    }
    /// Bytes the addresses need beyond the fixed header.
    pub fn needed_len(&self) -> usize {
        8 + 2 * (self.hw_len() as usize + self.proto_len() as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_addresses() {
        let p = [
            0, 1, 8, 0, 6, 4, 0, 1, // Ethernet/IPv4 request
            2, 0, 0, 0, 0, 1, 10, 0, 0, 1, // sender
            0, 0, 0, 0, 0, 0, 10, 0, 0, 2, // target
        ];
        let a = Arp::new(&p).unwrap();
        assert_eq!((a.op(), a.sender_proto(), a.target_proto()), (1, Some(&[10, 0, 0, 1][..]), Some(&[10, 0, 0, 2][..])));
    }
}
