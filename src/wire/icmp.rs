//! ICMP (RFC 792) and ICMPv6 (RFC 4443, RFC 4861 basics).
//!
//! ```text
//! |     Type      |     Code      |          Checksum             |
//! |     rest of header (id/seq, gateway, MTU, pointer, unused)    |
//! |     body: echo data, or the quoted IP header + 8+ bytes       |
//! ```

use super::field::{be16, be32};
use super::registry::{IcmpType, Icmpv6Type};
use std::net::{Ipv4Addr, Ipv6Addr};

/// True for the ICMP (`v6` false) or ICMPv6 message types that quote the
/// offending packet: RFC 792's five errors (tcpdump's `ICMP_ERRTYPE`), or
/// every ICMPv6 error (RFC 4443 §2.1). The one rule the view and the
/// summary share.
pub fn quotes_packet(v6: bool, kind: u8) -> bool {
    if v6 {
        Icmpv6Type(kind).is_error()
    } else {
        IcmpType(kind).quotes_datagram()
    }
}

/// Header length (type, code, checksum, rest of header).
pub const HEADER_LEN: usize = 8;

/// Byte ranges of the header both versions share, and of ICMPv4's
/// message bodies (RFC 792, RFC 950, RFC 1191, RFC 1256).
pub mod field {
    use crate::wire::field::Field;
    pub const TYPE: usize = 0;
    pub const CODE: usize = 1;
    pub const CHECKSUM: Field = 2..4;
    /// Echo, timestamp and information messages (ICMPv6 echo too).
    pub const IDENT: Field = 4..6;
    pub const SEQ: Field = 6..8;
    /// Parameter problem: the octet in error.
    pub const POINTER: usize = 4;
    /// Redirect: the better gateway.
    pub const GATEWAY: Field = 4..8;
    /// Fragmentation needed: the next hop's MTU (RFC 1191).
    pub const NEXT_HOP_MTU: Field = 6..8;
    /// Echo data, or the packet an error message quotes.
    pub const BODY: usize = super::HEADER_LEN;
    /// Timestamp reply: milliseconds since midnight UT.
    pub const ORIGINATE: Field = 8..12;
    pub const RECEIVE: Field = 12..16;
    pub const TRANSMIT: Field = 16..20;
    /// Address mask reply (RFC 950).
    pub const ADDRESS_MASK: Field = 8..12;
    /// Router advertisement (RFC 1256): entries, words per entry, lifetime.
    pub const NUM_ADDRS: usize = 4;
    pub const ADDR_ENTRY_SIZE: usize = 5;
    pub const LIFETIME: Field = 6..8;
    /// First router address entry.
    pub const ROUTER_ENTRIES: usize = 8;
    /// One entry: router address, then its preference level.
    pub const ENTRY_ADDR: Field = 0..4;
    pub const ENTRY_PREF: Field = 4..8;
    /// Bytes per entry when the entry size is its usual 2 words.
    pub const ENTRY_LEN: usize = 8;
}

/// Byte ranges of ICMPv6 message bodies (RFC 4443, MLD RFC 2710 and
/// RFC 3810, Neighbor Discovery RFC 4861).
pub mod v6_field {
    use crate::wire::field::Field;
    /// Packet too big: the MTU.
    pub const MTU: Field = 4..8;
    /// Parameter problem: the offset of the error.
    pub const POINTER: Field = 4..8;
    /// MLD: maximum response delay (a code in MLDv2) and multicast address.
    pub const MAX_RESP: Field = 4..6;
    pub const MCAST_ADDR: Field = 8..24;
    /// MLDv1 message length; MLDv2 queries are at least MLDV2_QUERY_LEN.
    pub const MLD_LEN: usize = 24;
    pub const MLDV2_QUERY_LEN: usize = 28;
    /// MLDv2 query: S flag and QRV, QQIC, number of sources, sources.
    pub const QUERY_FLAGS: usize = 24;
    pub const QQIC: usize = 25;
    pub const QUERY_NUM_SOURCES: Field = 26..28;
    pub const QUERY_SOURCES: usize = 28;
    /// MLDv2 report: number of records, first record.
    pub const NUM_RECORDS: Field = 6..8;
    pub const RECORDS: usize = 8;
    /// Within a record: type, aux data words, sources, address, sources.
    pub const REC_TYPE: usize = 0;
    pub const REC_AUX_LEN: usize = 1;
    pub const REC_NUM_SOURCES: Field = 2..4;
    pub const REC_ADDR: Field = 4..20;
    pub const REC_SOURCES: usize = 20;
    /// Router solicitation: options.
    pub const RS_OPTIONS: usize = 8;
    /// Router advertisement (RFC 4861 §4.2).
    pub const CUR_HOP_LIMIT: usize = 4;
    pub const RA_FLAGS: usize = 5;
    pub const ROUTER_LIFETIME: Field = 6..8;
    pub const REACHABLE_TIME: Field = 8..12;
    pub const RETRANS_TIMER: Field = 12..16;
    pub const RA_OPTIONS: usize = 16;
    /// Neighbor advertisement flags (router, solicited, override).
    pub const NA_FLAGS: Field = 4..8;
    /// Neighbor solicitation/advertisement and redirect target.
    pub const TARGET: Field = 8..24;
    /// Options after a solicitation's or advertisement's target.
    pub const NS_OPTIONS: usize = 24;
    /// Redirect: destination, then options.
    pub const REDIRECT_DST: Field = 24..40;
    pub const REDIRECT_OPTIONS: usize = 40;
}

/// Byte ranges of a Neighbor Discovery option (RFC 4861 §4.6), counted from
/// the option's type byte.
pub mod nd_opt_field {
    use crate::wire::field::Field;
    pub const TYPE: usize = 0;
    /// Length in units of [`LEN_UNIT`] bytes, type and length included.
    pub const LEN: usize = 1;
    pub const LEN_UNIT: usize = 8;
    /// The option's data after type and length.
    pub const DATA: usize = 2;
    /// Prefix information: prefix length, flags, lifetimes, prefix.
    pub const PREFIX_LEN: usize = 2;
    pub const PREFIX_FLAGS: usize = 3;
    pub const VALID_LIFETIME: Field = 4..8;
    pub const PREFERRED_LIFETIME: Field = 8..12;
    pub const PREFIX: Field = 16..32;
    /// MTU, advertisement interval, and the RDNSS/DNSSL lifetime.
    pub const VALUE32: Field = 4..8;
    /// RDNSS addresses or DNSSL names.
    pub const LIST: usize = 8;
    /// Home agent information: preference and lifetime.
    pub const HA_PREFERENCE: Field = 4..6;
    pub const HA_LIFETIME: Field = 6..8;
    /// PREF64: scaled lifetime with the prefix length code, then 96 bits.
    pub const PREF64_LIFETIME_PLC: Field = 2..4;
    pub const PREF64_PREFIX: Field = 4..16;
}

/// Byte ranges of an ICMPv6 router renumbering message (RFC 2894 §3): the
/// header, then one match-prefix part and its use-prefix parts, each part's
/// ranges counted from the part's own start.
///
/// ```text
/// header (16): type code checksum(2) sequence(4) segment flags max delay(2) reserved(4)
/// match  (24): opcode oplength ordinal matchlen minlen maxlen reserved(2) prefix(16)
/// use    (32): uselen keeplen flagmask raflags vltime(4) pltime(4) flags(4) prefix(16)
/// ```
pub mod rr_field {
    use crate::wire::field::Field;
    pub const SEQ: Field = 4..8;
    pub const SEGMENT: usize = 8;
    pub const FLAGS: usize = 9;
    pub const MAX_DELAY: Field = 10..12;
    pub const RESERVED: Field = 12..16;
    pub const HEADER_LEN: usize = RESERVED.end;
    /// Match-prefix part.
    pub const MATCH_OPCODE: usize = 0;
    /// Part length in 8-byte units: 3, plus 4 per use-prefix part.
    pub const MATCH_OPLENGTH: usize = 1;
    pub const MATCH_ORDINAL: usize = 2;
    pub const MATCH_PREFIX_LEN: usize = 3;
    pub const MATCH_MIN_LEN: usize = 4;
    pub const MATCH_MAX_LEN: usize = 5;
    pub const MATCH_PREFIX: Field = 8..24;
    pub const MATCH_PART_LEN: usize = MATCH_PREFIX.end;
    /// Use-prefix part.
    pub const USE_LEN: usize = 0;
    pub const USE_KEEP_LEN: usize = 1;
    pub const USE_FLAG_MASK: usize = 2;
    pub const USE_RA_FLAGS: usize = 3;
    pub const USE_VALID_LIFETIME: Field = 4..8;
    pub const USE_PREFERRED_LIFETIME: Field = 8..12;
    /// The V and P bits, in the first byte of a 4-byte flags word.
    pub const USE_FLAGS: usize = 12;
    pub const USE_PREFIX: Field = 16..32;
    pub const USE_PART_LEN: usize = USE_PREFIX.end;
}

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
        self.data[field::TYPE]
    }
    pub fn code(&self) -> u8 {
        self.data[field::CODE]
    }
    pub fn checksum_field(&self) -> u16 {
        be16(self.data, field::CHECKSUM.start)
    }
    /// True when the 8-byte header was captured whole.
    pub fn has_full_header(&self) -> bool {
        self.data.len() >= HEADER_LEN
    }
    /// Echo identifier (bytes 4–5).
    pub fn echo_id(&self) -> u16 {
        be16(self.data, field::IDENT.start)
    }
    /// Echo sequence (bytes 6–7).
    pub fn echo_seq(&self) -> u16 {
        be16(self.data, field::SEQ.start)
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
            be16(self.data, field::NEXT_HOP_MTU.start) as u32
        }
    }
    /// Bytes after the 8-byte header (echo data or quoted packet).
    pub fn body(&self) -> &'a [u8] {
        self.data.get(HEADER_LEN..).unwrap_or(&[])
    }
    /// True for messages that quote the offending packet.
    pub fn is_error(&self) -> bool {
        quotes_packet(self.v6, self.kind())
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
        let b = self.data.get(v6_field::TARGET)?;
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
