//! BOOTP (RFC 951) and the DHCP messages it carries (RFC 2131 §2), as a lax view.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +---------------+---------------+---------------+---------------+
//! |     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
//! +---------------+---------------+---------------+---------------+
//! |                            xid (4)                            |
//! +-------------------------------+-------------------------------+
//! |           secs (2)            |           flags (2)           |
//! +-------------------------------+-------------------------------+
//! |          ciaddr (4)  yiaddr (4)  siaddr (4)  giaddr (4)       |
//! +---------------------------------------------------------------+
//! |                          chaddr (16)                          |
//! +---------------------------------------------------------------+
//! |            sname (64)   file (128)   options (variable)       |
//! +---------------------------------------------------------------+
//! ```
//! Accessors return `None` past the capture.

use super::field::{get16, get32, get8, get_bytes, Field};

/// Byte ranges of the fixed part.
pub mod field {
    use super::Field;
    pub const OP: Field = 0..1;
    pub const HTYPE: Field = 1..2;
    pub const HLEN: Field = 2..3;
    pub const HOPS: Field = 3..4;
    pub const XID: Field = 4..8;
    pub const SECS: Field = 8..10;
    pub const FLAGS: Field = 10..12;
    pub const CIADDR: Field = 12..16;
    pub const YIADDR: Field = 16..20;
    pub const SIADDR: Field = 20..24;
    pub const GIADDR: Field = 24..28;
    pub const CHADDR: Field = 28..44;
    pub const SNAME: Field = 44..108;
    pub const FILE: Field = 108..236;
    /// Options (after the 4-byte magic cookie in DHCP).
    pub const OPTIONS: usize = 236;
}

/// `op` values.
pub mod op {
    pub const REQUEST: u8 = 1;
    pub const REPLY: u8 = 2;
}

/// `htype` of Ethernet (the ARP hardware type).
pub const HTYPE_ETHERNET: u8 = 1;

/// A BOOTP/DHCP message over captured bytes.
#[derive(Clone, Copy, Debug)]
pub struct Bootp<'a>(&'a [u8]);

impl<'a> Bootp<'a> {
    /// Wraps the bytes from the BOOTP header on (the UDP payload).
    pub fn new(data: &'a [u8]) -> Self {
        Bootp(data)
    }
    /// Message op code: 1 request, 2 reply.
    pub fn op(&self) -> Option<u8> {
        get8(self.0, field::OP.start)
    }
    /// Hardware address type.
    pub fn htype(&self) -> Option<u8> {
        get8(self.0, field::HTYPE.start)
    }
    /// Hardware address length.
    pub fn hlen(&self) -> Option<u8> {
        get8(self.0, field::HLEN.start)
    }
    /// Relay hops.
    pub fn hops(&self) -> Option<u8> {
        get8(self.0, field::HOPS.start)
    }
    /// Transaction ID.
    pub fn xid(&self) -> Option<u32> {
        get32(self.0, field::XID.start)
    }
    /// Seconds since the client began.
    pub fn secs(&self) -> Option<u16> {
        get16(self.0, field::SECS.start)
    }
    /// Flags (top bit: broadcast).
    pub fn flags(&self) -> Option<u16> {
        get16(self.0, field::FLAGS.start)
    }
    /// Client hardware address, its first `n` bytes.
    pub fn chaddr(&self, n: usize) -> Option<&'a [u8]> {
        get_bytes(self.0, field::CHADDR.start, n.min(field::CHADDR.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_message_reads_the_fields_it_holds() {
        // op request, Ethernet, hlen 6, 0 hops, xid 0x01020304, then cut.
        let d = [1, 1, 6, 0, 1, 2, 3, 4, 0];
        let b = Bootp::new(&d);
        assert_eq!((b.op(), b.xid(), b.secs(), b.chaddr(6)), (Some(1), Some(0x01020304), None, None));
    }
}
