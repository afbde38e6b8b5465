//! IPv6 (RFC 8200) and its extension headers.
//!
//! ```text
//! |Version| Traffic Class |           Flow Label                  |
//! |         Payload Length        |  Next Header  |   Hop Limit   |
//! |                Source Address (16)  Destination Address (16)  |
//! ```
//! Extension headers are walked with a hard cap so that a chain of headers
//! pointing at each other can never loop.

use super::field::{be16, be32, byte};
use std::net::Ipv6Addr;

/// Fixed header length.
pub const HEADER_LEN: usize = 40;

/// Byte ranges of the fixed header in the diagram above.
pub mod field {
    use crate::wire::field::Field;

    /// Version, traffic class and flow label.
    pub const VER_TC_FLOW: Field = 0..4;
    pub const PAYLOAD_LEN: Field = 4..6;
    pub const NEXT_HEADER: usize = 6;
    pub const HOP_LIMIT: usize = 7;
    pub const SRC: Field = 8..24;
    pub const DST: Field = 24..40;
}
/// At most this many extension headers are walked before giving up.
pub const MAX_EXT_HEADERS: usize = 16;

/// A view over an IPv6 header (at least 40 bytes).
#[derive(Clone, Copy, Debug)]
pub struct Ipv6<'a>(&'a [u8]);

impl<'a> Ipv6<'a> {
    /// Wraps `data` when it holds the fixed header.
    pub fn new(data: &'a [u8]) -> Option<Self> {
        (data.len() >= HEADER_LEN).then_some(Ipv6(data))
    }
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }
    pub fn version(&self) -> u8 {
        self.0[0] >> 4
    }
    pub fn traffic_class(&self) -> u8 {
        ((be16(self.0, 0) >> 4) & 0xff) as u8
    }
    pub fn flow_label(&self) -> u32 {
        be32(self.0, 0) & 0x000f_ffff
    }
    pub fn payload_len(&self) -> u16 {
        be16(self.0, field::PAYLOAD_LEN.start)
    }
    pub fn next_header(&self) -> u8 {
        self.0[field::NEXT_HEADER]
    }
    pub fn hop_limit(&self) -> u8 {
        self.0[field::HOP_LIMIT]
    }
    pub fn src(&self) -> Ipv6Addr {
        addr(&self.0[field::SRC])
    }
    pub fn dst(&self) -> Ipv6Addr {
        addr(&self.0[field::DST])
    }
    /// True when a zero payload length announces a jumbogram (RFC 2675): the
    /// real length sits in a hop-by-hop option, so the payload runs to the end.
    pub fn is_jumbogram(&self) -> bool {
        self.payload_len() == 0 && self.next_header() == 0
    }

    /// Payload as captured, bounded by the payload length; `(bytes, truncated)`.
    /// Link-layer padding after the payload is not part of it.
    pub fn payload(&self) -> (&'a [u8], bool) {
        let rest = &self.0[HEADER_LEN..];
        let want = self.payload_len() as usize;
        if self.is_jumbogram() {
            return (rest, false);
        }
        if want <= rest.len() {
            (&rest[..want], false)
        } else {
            (rest, true)
        }
    }
}

fn addr(b: &[u8]) -> Ipv6Addr {
    let mut a = [0u8; 16];
    a.copy_from_slice(&b[..16]);
    Ipv6Addr::from(a)
}

/// IPv6 extension header protocol numbers walked by [`ExtHeaders`].
pub fn is_extension(nh: u8) -> bool {
    matches!(nh, 0 | 43 | 44 | 60 | 135 | 139 | 140)
}

/// One extension header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExtHeader<'a> {
    /// This header's protocol number (0 hop-by-hop, 43 routing, 44 fragment, 60 dest opts).
    pub kind: u8,
    /// The header that follows.
    pub next: u8,
    /// The whole header bytes.
    pub data: &'a [u8],
}

impl<'a> ExtHeader<'a> {
    /// Fragment header fields: (offset in bytes, more fragments, identification).
    pub fn fragment(&self) -> Option<(u32, bool, u32)> {
        (self.kind == 44 && self.data.len() >= 8).then(|| {
            let off = be16(self.data, 2);
            ((off & 0xfff8) as u32, off & 1 != 0, be32(self.data, 4))
        })
    }
    /// Routing header: (type, segments left).
    pub fn routing(&self) -> Option<(u8, u8)> {
        (self.kind == 43 && self.data.len() >= 4).then(|| (self.data[2], self.data[3]))
    }
    /// Options area of hop-by-hop / destination options headers.
    pub fn options(&self) -> &'a [u8] {
        if matches!(self.kind, 0 | 60) {
            self.data.get(2..).unwrap_or(&[])
        } else {
            &[]
        }
    }
}

/// Result of walking the extension-header chain.
#[derive(Clone, Copy, Debug)]
pub struct ExtWalk<'a> {
    /// Upper-layer protocol (or the header where the walk stopped).
    pub proto: u8,
    /// Bytes after the last extension header walked.
    pub payload: &'a [u8],
    /// Total extension-header bytes.
    pub ext_len: usize,
    /// Fragment header, when present.
    pub fragment: Option<(u32, bool, u32)>,
    /// Why the walk stopped early, if it did.
    pub error: Option<&'static str>,
}

/// Walks extension headers starting at `next` over `data` (the IPv6 payload).
pub fn walk_ext(mut next: u8, data: &[u8]) -> (ExtWalk<'_>, ExtHeaders<'_>) {
    let it = ExtHeaders { next, data, count: 0 };
    let mut off = 0usize;
    let mut fragment = None;
    let mut error = None;
    let mut count = 0;
    while is_extension(next) {
        count += 1;
        if count > MAX_EXT_HEADERS {
            error = Some("too many extension headers");
            break;
        }
        let rest = &data[off..];
        let Some(len) = ext_len(next, rest) else {
            error = Some("truncated extension header");
            break;
        };
        if len > rest.len() {
            error = Some("truncated extension header");
            break;
        }
        let h = ExtHeader { kind: next, next: byte(rest, 0), data: &rest[..len] };
        if let Some(f) = h.fragment() {
            fragment = Some(f);
        }
        off += len;
        next = h.next;
        // A non-first fragment carries no upper-layer header.
        if matches!(fragment, Some((o, _, _)) if o != 0) {
            break;
        }
    }
    (ExtWalk { proto: next, payload: &data[off..], ext_len: off, fragment, error }, it)
}

fn ext_len(kind: u8, rest: &[u8]) -> Option<usize> {
    if rest.len() < 2 {
        return None;
    }
    Some(match kind {
        44 => 8,
        // AH: payload length in 4-octet units minus 2.
        51 => (rest[1] as usize + 2) * 4,
        _ => (rest[1] as usize + 1) * 8,
    })
}

/// Iterator over the extension headers (for printers).
#[derive(Clone, Debug)]
pub struct ExtHeaders<'a> {
    next: u8,
    data: &'a [u8],
    count: usize,
}

impl<'a> Iterator for ExtHeaders<'a> {
    type Item = ExtHeader<'a>;
    fn next(&mut self) -> Option<ExtHeader<'a>> {
        if !is_extension(self.next) || self.count >= MAX_EXT_HEADERS {
            return None;
        }
        self.count += 1;
        let len = ext_len(self.next, self.data)?;
        let h = ExtHeader { kind: self.next, next: byte(self.data, 0), data: self.data.get(..len)? };
        self.data = &self.data[len..];
        self.next = h.next;
        if matches!(h.fragment(), Some((o, _, _)) if o != 0) {
            self.count = MAX_EXT_HEADERS;
        }
        Some(h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hop_by_hop_then_fragment_then_udp() {
        let ext = [
            44, 0, 1, 4, 0, 0, 0, 0, // hop-by-hop → fragment, PadN
            17, 0, 0x00, 0x01, 0, 0, 0, 7, // fragment → UDP, offset 0, M, id 7
            0x12, 0x34, 0x00, 0x35, // UDP ports…
        ];
        let (w, it) = walk_ext(0, &ext);
        assert_eq!((w.proto, w.ext_len, w.fragment), (17, 16, Some((0, true, 7))));
        assert_eq!(it.count(), 2);
    }

    #[test]
    fn self_referencing_chain_stops() {
        // Destination options pointing at destination options, forever.
        let ext = [60u8, 0, 1, 4, 0, 0, 0, 0].repeat(40);
        let (w, _) = walk_ext(60, &ext);
        assert_eq!(w.error, Some("too many extension headers"));
    }
}
