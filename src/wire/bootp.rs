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
//! The options area (RFC 2132 §2) starts with a magic cookie, then holds
//! tag-length-value options; PAD and END are single bytes. The walk over
//! them ([`DhcpOptions`]) trusts no length: a value running past the
//! capture is reported as cut, never read.
//!
//! Accessors return `None` past the capture.

use super::field::{get16, get32, get8, get_bytes, Field};
use super::registry::DhcpOption;

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

/// The `flags` bit asking the server to broadcast its reply (RFC 2131 §2).
pub const FLAG_BROADCAST: u16 = 0x8000;

/// The vendor area's first four bytes when it holds RFC 1048 options.
pub const MAGIC_RFC1048: [u8; 4] = [99, 130, 83, 99];
/// The vendor area's first four bytes in CMU's older fixed layout.
pub const MAGIC_CMU: [u8; 4] = *b"CMU\0";

/// CMU's fixed vendor area (after the magic): flags, then eight addresses.
pub mod cmu_field {
    use super::Field;
    pub const FLAGS: Field = 4..8;
    pub const SUBNET_MASK: Field = 8..12;
    pub const GATEWAY: Field = 12..16;
    pub const DNS1: Field = 16..20;
    pub const DNS2: Field = 20..24;
    pub const IEN1: Field = 24..28;
    pub const IEN2: Field = 28..32;
    pub const TS1: Field = 32..36;
    pub const TS2: Field = 36..40;
    /// The flag saying the subnet mask field is valid.
    pub const FLAG_SUBNET_MASK: u8 = 1;
}

/// How an option's value is laid out (the type letter of tcpdump's
/// `tag2str` table; RFC 2132 gives each option one of these shapes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// IPv4 addresses, 4 bytes each.
    Ip,
    /// Pairs of IPv4 addresses (address and mask, or destination and router).
    IpPairs,
    /// Unsigned 32-bit numbers (times in seconds).
    U32,
    /// Signed 32-bit numbers (the time offset).
    I32,
    /// Unsigned 16-bit numbers.
    U16,
    /// Single bytes, or bytes no shape is known for.
    Bytes,
    /// Text.
    Text,
    /// Booleans, one byte each.
    Bool,
    /// A layout of its own (client id, relay agent information, routes…).
    Special,
    /// A tag with no known layout: the value's length decides.
    Unknown,
}

/// The layout of `tag`'s value.
pub fn format(tag: DhcpOption) -> Format {
    use Format::*;
    match tag.0 {
        1 | 3..=11 | 16 | 28 | 32 | 41 | 42 | 44 | 45 | 48 | 49 | 50 | 54 | 65 | 68..=76 | 92 | 112 | 118 | 150 => Ip,
        2 | 91 => I32,
        24 | 35 | 38 | 51 | 58 | 59 => U32,
        13 | 22 | 25 | 26 | 57 | 64 | 93 | 117 => U16,
        12 | 14 | 15 | 17 | 18 | 40 | 47 | 56 | 60 | 66 | 67 | 80 | 88 | 95 | 98 | 100 | 101 | 113 | 114 | 161 => Text,
        19 | 20 | 27 | 29 | 30 | 31 | 34 | 36 | 39 | 116 => Bool,
        21 | 33 => IpPairs,
        0 | 23 | 37 | 43 | 53 | 55 | 78 | 79 | 83 | 89 | 90 | 94 | 97 | 255 => Bytes,
        46 | 52 | 61 | 77 | 81 | 82 | 121 | 143 | 249 => Special,
        _ => Unknown,
    }
}

/// One step of the walk over the options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    /// A run of `n` PAD bytes.
    Pad(u32),
    /// The END tag.
    End,
    /// An option with its length byte; `value` is `None` when the
    /// capture ends before `len` bytes of it.
    Opt { tag: DhcpOption, len: u8, value: Option<&'a [u8]> },
    /// The capture ends between an option's tag and its length byte.
    Cut(DhcpOption),
}

/// The options after the magic cookie, walked one at a time; the walk
/// stops after a cut option, so no step reads past the capture.
#[derive(Clone, Debug)]
pub struct DhcpOptions<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> DhcpOptions<'a> {
    /// Walks `data`, the bytes after the magic cookie.
    pub fn new(data: &'a [u8]) -> Self {
        DhcpOptions { data, at: 0 }
    }
}

impl<'a> Iterator for DhcpOptions<'a> {
    type Item = Item<'a>;
    fn next(&mut self) -> Option<Item<'a>> {
        let tag = DhcpOption(*self.data.get(self.at)?);
        self.at += 1;
        match tag {
            DhcpOption::PAD => {
                let run = self.data[self.at..].iter().take_while(|&&b| b == 0).count();
                self.at += run;
                Some(Item::Pad(run as u32 + 1))
            }
            DhcpOption::END => Some(Item::End),
            _ => {
                let Some(&len) = self.data.get(self.at) else {
                    self.at = self.data.len();
                    return Some(Item::Cut(tag));
                };
                let value = get_bytes(self.data, self.at + 1, len.into());
                self.at = if value.is_some() { self.at + 1 + usize::from(len) } else { self.data.len() };
                Some(Item::Opt { tag, len, value })
            }
        }
    }
}
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
    /// Client IP address (set by a client that has one).
    pub fn ciaddr(&self) -> Option<&'a [u8]> {
        get_bytes(self.0, field::CIADDR.start, 4)
    }
    /// "Your" IP address, the one the server offers.
    pub fn yiaddr(&self) -> Option<&'a [u8]> {
        get_bytes(self.0, field::YIADDR.start, 4)
    }
    /// Next server's IP address.
    pub fn siaddr(&self) -> Option<&'a [u8]> {
        get_bytes(self.0, field::SIADDR.start, 4)
    }
    /// Relay agent's IP address.
    pub fn giaddr(&self) -> Option<&'a [u8]> {
        get_bytes(self.0, field::GIADDR.start, 4)
    }
    /// Server host name field, as much of its 64 bytes as was captured.
    pub fn sname(&self) -> &'a [u8] {
        captured(self.0, field::SNAME)
    }
    /// Boot file name field, as much of its 128 bytes as was captured.
    pub fn file(&self) -> &'a [u8] {
        captured(self.0, field::FILE)
    }
    /// The vendor area (magic cookie and options) as captured.
    pub fn vendor(&self) -> &'a [u8] {
        self.0.get(field::OPTIONS..).unwrap_or(&[])
    }
}

/// The captured part of `f`.
fn captured(d: &[u8], f: Field) -> &[u8] {
    d.get(f.start..f.end.min(d.len())).unwrap_or(&[])
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

    #[test]
    fn the_options_walk_groups_pads_and_stops_at_a_value_past_the_capture() {
        // PAD PAD, message type (53) length 1 = DISCOVER, hostname (12)
        // claiming 200 bytes of which 2 were captured.
        let d = [0, 0, 53, 1, 1, 12, 200, b'h', b'o'];
        let items: Vec<Item<'_>> = DhcpOptions::new(&d).collect();
        assert_eq!(
            items,
            [
                Item::Pad(2),
                Item::Opt { tag: DhcpOption::MESSAGE_TYPE, len: 1, value: Some(&[1][..]) },
                Item::Opt { tag: DhcpOption(12), len: 200, value: None },
            ]
        );
    }

    #[test]
    fn a_tag_without_its_length_byte_is_cut() {
        assert_eq!(DhcpOptions::new(&[51]).collect::<Vec<_>>(), [Item::Cut(DhcpOption(51))]);
    }
}
