//! ICMP (RFC 792) and ICMPv6 (RFC 4443, RFC 4861 basics).
//!
//! ```text
//! |     Type      |     Code      |          Checksum             |
//! |     rest of header (id/seq, gateway, MTU, pointer, unused)    |
//! |     body: echo data, or the quoted IP header + 8+ bytes       |
//! ```

use super::field::{be16, be32};
use std::net::{Ipv4Addr, Ipv6Addr};

/// Header length (type, code, checksum, rest of header).
pub const HEADER_LEN: usize = 8;

/// A view over an ICMP or ICMPv6 message (at least 4 bytes: type, code, checksum).
#[derive(Clone, Copy, Debug)]
pub struct Icmp<'a> {
    data: &'a [u8],
    v6: bool,
}

impl<'a> Icmp<'a> {
    /// Wraps an ICMPv4 message.
    pub fn new_v4(data: &'a [u8]) -> Option<Self> {
        (data.len() >= 4).then_some(Icmp { data, v6: false })
    }
    /// Wraps an ICMPv6 message.
    pub fn new_v6(data: &'a [u8]) -> Option<Self> {
        (data.len() >= 4).then_some(Icmp { data, v6: true })
    }
    pub fn bytes(&self) -> &'a [u8] {
        self.data
    }
    pub fn is_v6(&self) -> bool {
        self.v6
    }
    pub fn kind(&self) -> u8 {
        self.data[0]
    }
    pub fn code(&self) -> u8 {
        self.data[1]
    }
    pub fn checksum_field(&self) -> u16 {
        be16(self.data, 2)
    }
    /// True when the 8-byte header was captured whole.
    pub fn has_full_header(&self) -> bool {
        self.data.len() >= HEADER_LEN
    }
    /// Echo identifier (bytes 4–5).
    pub fn echo_id(&self) -> u16 {
        be16(self.data, 4)
    }
    /// Echo sequence (bytes 6–7).
    pub fn echo_seq(&self) -> u16 {
        be16(self.data, 6)
    }
    /// The "rest of header" word (gateway, MTU, pointer…).
    pub fn rest(&self) -> u32 {
        be32(self.data, 4)
    }
    /// Redirect gateway (ICMPv4 type 5).
    pub fn gateway(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.rest())
    }
    /// Next-hop MTU of "fragmentation needed" (v4 3/4) or "packet too big" (v6 2).
    pub fn mtu(&self) -> u32 {
        if self.v6 {
            self.rest()
        } else {
            be16(self.data, 6) as u32
        }
    }
    /// Bytes after the 8-byte header (echo data or quoted packet).
    pub fn body(&self) -> &'a [u8] {
        self.data.get(HEADER_LEN..).unwrap_or(&[])
    }
    /// True for messages that quote the offending packet.
    pub fn is_error(&self) -> bool {
        if self.v6 {
            self.kind() < 128
        } else {
            matches!(self.kind(), 3 | 4 | 5 | 11 | 12)
        }
    }
    /// The quoted packet of an error message.
    pub fn quoted(&self) -> Option<&'a [u8]> {
        self.is_error().then(|| self.body())
    }
    /// Target address of an ICMPv6 neighbour solicitation/advertisement or redirect.
    pub fn nd_target(&self) -> Option<Ipv6Addr> {
        if !self.v6 || !matches!(self.kind(), 135 | 136 | 137) {
            return None;
        }
        let b = self.data.get(8..24)?;
        let mut a = [0u8; 16];
        a.copy_from_slice(b);
        Some(Ipv6Addr::from(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_unreachable_quotes_its_datagram() {
        let m = [3, 3, 0, 0, 0, 0, 0, 0, 0x45, 0, 0, 28];
        let i = Icmp::new_v4(&m).unwrap();
        assert_eq!((i.kind(), i.code(), i.is_error(), i.quoted()), (3, 3, true, Some(&[0x45, 0, 0, 28][..])));
    }

    #[test]
    fn echo_is_not_an_error() {
        let m = [128, 0, 0, 0, 0x12, 0x34, 0, 1];
        let i = Icmp::new_v6(&m).unwrap();
        assert_eq!((i.is_error(), i.echo_id(), i.echo_seq()), (false, 0x1234, 1));
    }
}
