//! ARP (RFC 826), also RARP (RFC 903) and InARP (RFC 2390).
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |         Hardware Type         |         Protocol Type         |
//! |  HW Addr Len  | Proto Addr Len|           Operation           |
//! | sender hw (hlen) | sender proto (plen) | target hw (hlen) | target proto (plen) |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//! The four addresses have the lengths the header announces, so their
//! offsets come from [`Arp::addr_at`] rather than from the table.

use super::field::{be16, byte};

/// Byte ranges of the fixed header in the diagram above.
pub mod field {
    use crate::wire::field::Field;
    pub const HW_TYPE: Field = 0..2;
    pub const PROTO_TYPE: Field = 2..4;
    pub const HW_LEN: usize = 4;
    pub const PROTO_LEN: usize = 5;
    pub const OPER: Field = 6..8;
    /// The sender hardware address, first of the four addresses.
    pub const ADDRS: usize = 8;
}

/// Fixed header length.
pub const HEADER_LEN: usize = field::ADDRS;

/// The four addresses after the fixed header, in their wire order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Addr {
    SenderHw,
    SenderProto,
    TargetHw,
    TargetProto,
}

/// A view over an ARP packet (at least the 8 fixed bytes).
#[derive(Clone, Copy, Debug)]
pub struct Arp<'a>(&'a [u8]);

impl<'a> Arp<'a> {
    /// Wraps `data` when it holds the fixed part.
    pub fn new(data: &'a [u8]) -> Option<Self> {
        (data.len() >= HEADER_LEN).then_some(Arp(data))
    }
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }
    pub fn hw_type(&self) -> u16 {
        be16(self.0, field::HW_TYPE.start)
    }
    pub fn proto_type(&self) -> u16 {
        be16(self.0, field::PROTO_TYPE.start)
    }
    pub fn hw_len(&self) -> u8 {
        byte(self.0, field::HW_LEN)
    }
    pub fn proto_len(&self) -> u8 {
        byte(self.0, field::PROTO_LEN)
    }
    /// 1 request, 2 reply, 3/4 RARP, 8/9 InARP (registry's `ArpOp`).
    pub fn op(&self) -> u16 {
        be16(self.0, field::OPER.start)
    }
    /// Offset and length of one address, from the announced lengths (the
    /// bytes may be cut short: check before reading).
    pub fn addr_at(&self, which: Addr) -> (usize, usize) {
        let (h, p) = (self.hw_len() as usize, self.proto_len() as usize);
        match which {
            Addr::SenderHw => (field::ADDRS, h),
            Addr::SenderProto => (field::ADDRS + h, p),
            Addr::TargetHw => (field::ADDRS + h + p, h),
            Addr::TargetProto => (field::ADDRS + 2 * h + p, p),
        }
    }
    fn addr(&self, which: Addr) -> Option<&'a [u8]> {
        let (start, len) = self.addr_at(which);
        self.0.get(start..start + len)
    }
    /// Sender hardware address (None when cut short).
    pub fn sender_hw(&self) -> Option<&'a [u8]> {
        self.addr(Addr::SenderHw)
    }
    pub fn sender_proto(&self) -> Option<&'a [u8]> {
        self.addr(Addr::SenderProto)
    }
    pub fn target_hw(&self) -> Option<&'a [u8]> {
        self.addr(Addr::TargetHw)
    }
    pub fn target_proto(&self) -> Option<&'a [u8]> {
        self.addr(Addr::TargetProto)
    }
    /// Bytes the addresses need beyond the fixed header.
    pub fn needed_len(&self) -> usize {
        HEADER_LEN + 2 * (self.hw_len() as usize + self.proto_len() as usize)
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

    #[test]
    fn target_protocol_address_follows_both_hardware_addresses() {
        let p = [0, 1, 8, 0, 6, 4, 0, 1];
        assert_eq!(Arp::new(&p).unwrap().addr_at(Addr::TargetProto), (24, 4));
    }
}
