//! IPv4 (RFC 791).
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |Version|  IHL  |Type of Service|          Total Length         |
//! |         Identification        |Flags|      Fragment Offset    |
//! |  Time to Live |    Protocol   |         Header Checksum       |
//! |                       Source Address                          |
//! |                    Destination Address                        |
//! |                    Options                    |    Padding    |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```

use super::checksum;
use super::field::{be16, byte};
use std::net::Ipv4Addr;

/// Minimum header length.
pub const MIN_HEADER_LEN: usize = 20;

/// Byte ranges of the fixed header in the diagram above.
pub mod field {
    use crate::wire::field::Field;

    /// Version (high nibble) and IHL (low nibble).
    pub const VER_IHL: usize = 0;
    pub const TOS: usize = 1;
    pub const TOTAL_LEN: Field = 2..4;
    pub const IDENT: Field = 4..6;
    /// Flags (top three bits) and fragment offset.
    pub const FLAGS_FRAG: Field = 6..8;
    pub const TTL: usize = 8;
    pub const PROTOCOL: usize = 9;
    pub const CHECKSUM: Field = 10..12;
    pub const SRC: Field = 12..16;
    pub const DST: Field = 16..20;
}

/// A view over an IPv4 header and whatever follows it in the capture.
///
/// [`Ipv4::new`] only requires the 20 fixed bytes; IHL and total length may
/// still be inconsistent and are reported by [`Ipv4::problem`].
#[derive(Clone, Copy, Debug)]
pub struct Ipv4<'a>(&'a [u8]);

/// What is wrong with an IPv4 header's lengths, in tcpdump's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ipv4Problem {
    /// IHL below 5 words.
    BadHeaderLength(u8),
    /// Total length below the header length.
    TotalLengthTooSmall(u16),
    /// Header (IHL) longer than the captured bytes.
    HeaderTruncated,
}

impl<'a> Ipv4<'a> {
    /// Wraps `data` when it holds the fixed 20-byte header.
    pub fn new(data: &'a [u8]) -> Option<Self> {
        (data.len() >= MIN_HEADER_LEN).then_some(Ipv4(data))
    }
    /// Raw bytes from the header on (as captured).
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }
    pub fn version(&self) -> u8 {
        self.0[field::VER_IHL] >> 4
    }
    /// Header length in bytes (IHL × 4).
    pub fn header_len(&self) -> usize {
        (self.0[field::VER_IHL] & 0x0f) as usize * 4
    }
    pub fn tos(&self) -> u8 {
        self.0[field::TOS]
    }
    /// DSCP (upper six bits of TOS).
    pub fn dscp(&self) -> u8 {
        self.0[field::TOS] >> 2
    }
    /// ECN (lower two bits of TOS).
    pub fn ecn(&self) -> u8 {
        self.0[field::TOS] & 3
    }
    pub fn total_len(&self) -> u16 {
        be16(self.0, field::TOTAL_LEN.start)
    }
    /// True when the total length is 0 on a frame holding more than the
    /// header: a capture taken before TCP segmentation offload, where the
    /// NIC fills the length in later. Wireshark and Zeek then use the
    /// captured length; tcpdump reports the packet as invalid.
    pub fn tso_assumed(&self) -> bool {
        let hl = self.header_len();
        self.total_len() == 0 && hl >= MIN_HEADER_LEN && self.0.len() > hl
    }
    /// The total length decoding uses: the header's, or the captured length
    /// when [`Ipv4::tso_assumed`].
    pub fn effective_total_len(&self) -> usize {
        if self.tso_assumed() {
            self.0.len()
        } else {
            self.total_len() as usize
        }
    }
    pub fn ident(&self) -> u16 {
        be16(self.0, field::IDENT.start)
    }
    /// The reserved ("evil") flag bit.
    pub fn reserved_flag(&self) -> bool {
        self.0[field::FLAGS_FRAG.start] & 0x80 != 0
    }
    pub fn dont_frag(&self) -> bool {
        self.0[field::FLAGS_FRAG.start] & 0x40 != 0
    }
    pub fn more_frags(&self) -> bool {
        self.0[field::FLAGS_FRAG.start] & 0x20 != 0
    }
    /// Fragment offset in bytes.
    pub fn frag_offset(&self) -> u32 {
        (be16(self.0, field::FLAGS_FRAG.start) & 0x1fff) as u32 * 8
    }
    /// True for any fragment (first with MF, or a later one).
    pub fn is_fragment(&self) -> bool {
        self.more_frags() || self.frag_offset() != 0
    }
    pub fn ttl(&self) -> u8 {
        self.0[field::TTL]
    }
    pub fn protocol(&self) -> u8 {
        self.0[field::PROTOCOL]
    }
    pub fn checksum_field(&self) -> u16 {
        be16(self.0, field::CHECKSUM.start)
    }
    pub fn src(&self) -> Ipv4Addr {
        Ipv4Addr::new(self.0[12], self.0[13], self.0[14], self.0[15])
    }
    pub fn dst(&self) -> Ipv4Addr {
        Ipv4Addr::new(self.0[16], self.0[17], self.0[18], self.0[19])
    }
    /// Length problems, if any, checked in the order tcpdump reports them.
    pub fn problem(&self) -> Option<Ipv4Problem> {
        let hl = self.header_len();
        if hl < MIN_HEADER_LEN {
            return Some(Ipv4Problem::BadHeaderLength(hl as u8));
        }
        if (self.total_len() as usize) < hl && !self.tso_assumed() {
            return Some(Ipv4Problem::TotalLengthTooSmall(self.total_len()));
        }
        if self.0.len() < hl {
            return Some(Ipv4Problem::HeaderTruncated);
        }
        None
    }
    /// Header options (empty when IHL is 5 or the header is inconsistent).
    pub fn options(&self) -> &'a [u8] {
        let hl = self.header_len();
        self.0.get(MIN_HEADER_LEN..hl).unwrap_or(&[])
    }
    /// Header checksum verdict: `None` when the header was not fully captured.
    pub fn checksum_ok(&self) -> Option<bool> {
        let hl = self.header_len();
        if hl < MIN_HEADER_LEN {
            return None;
        }
        self.0.get(..hl).map(|h| checksum::checksum(h) == 0)
    }
    /// The checksum the header should carry (for "should be 0x…" messages).
    pub fn computed_checksum(&self) -> Option<u16> {
        let hl = self.header_len();
        // IHL < 5 leaves no checksum field to skip over.
        if hl < MIN_HEADER_LEN {
            return None;
        }
        let h = self.0.get(..hl)?;
        let acc = checksum::sum(checksum::sum(0, &h[..10]), &h[12..]);
        Some(checksum::finish(acc))
    }
    /// The payload as captured, bounded by the total length; `(payload, truncated)`
    /// where `truncated` means the capture holds fewer bytes than the total length says.
    pub fn payload(&self) -> (&'a [u8], bool) {
        let hl = self.header_len().max(MIN_HEADER_LEN);
        let end = self.effective_total_len().max(hl);
        let avail = self.0.len();
        let start = hl.min(avail);
        if end <= avail {
            (&self.0[start..end], false)
        } else {
            (&self.0[start..], true)
        }
    }
    /// Payload length per the header (total length − header length), saturating.
    pub fn payload_len(&self) -> u32 {
        (self.effective_total_len() as u32).saturating_sub(self.header_len() as u32)
    }
}

/// One IPv4 option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ipv4Option<'a> {
    pub kind: u8,
    /// Option bytes after kind and length (empty for EOL/NOP).
    pub data: &'a [u8],
    /// Declared length (1 for EOL/NOP); 0 when the length byte is missing/bad.
    pub len: u8,
}

/// Iterates over IPv4 options, stopping at EOL or at a malformed length.
pub fn ipv4_options(mut opts: &[u8]) -> impl Iterator<Item = Result<Ipv4Option<'_>, u8>> {
    let mut done = false;
    std::iter::from_fn(move || {
        if done || opts.is_empty() {
            return None;
        }
        let kind = opts[0];
        if kind == 0 || kind == 1 {
            opts = &opts[1..];
            if kind == 0 {
                done = true;
            }
            return Some(Ok(Ipv4Option { kind, data: &[], len: 1 }));
        }
        let len = byte(opts, 1);
        if len < 2 || len as usize > opts.len() {
            done = true;
            return Some(Err(kind));
        }
        let o = Ipv4Option { kind, data: &opts[2..len as usize], len };
        opts = &opts[len as usize..];
        Some(Ok(o))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const UDP_DNS: [u8; 28] = [
        0x45, 0x00, 0x00, 0x1c, // v4, IHL 5, TOS 0, total 28
        0x12, 0x34, 0x40, 0x00, // id 0x1234, DF
        0x40, 0x11, 0x00, 0x00, // TTL 64, UDP, checksum (unset)
        10, 0, 0, 1, 10, 0, 0, 2, // src, dst
        0x30, 0x39, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00, // UDP 12345 → 53
    ];

    #[test]
    fn fixed_fields_decode() {
        let ip = Ipv4::new(&UDP_DNS).unwrap();
        assert_eq!(
            (ip.version(), ip.header_len(), ip.total_len(), ip.ident(), ip.dont_frag(), ip.ttl(), ip.protocol()),
            (4, 20, 28, 0x1234, true, 64, 17)
        );
        assert_eq!(ip.payload(), (&UDP_DNS[20..], false));
    }

    #[test]
    fn ihl_below_five_is_a_problem_not_a_panic() {
        let mut b = UDP_DNS;
        b[0] = 0x43;
        let ip = Ipv4::new(&b).unwrap();
        assert_eq!(ip.problem(), Some(Ipv4Problem::BadHeaderLength(12)));
        assert_eq!(ip.payload().0.len(), 8);
    }

    #[test]
    fn computed_checksum_of_ihl_below_five_is_none_not_a_panic() {
        // Found by the corrupt corpus (tests/corrupt/pkt_ipv4_ihl_0.pcap) via `packets --detail`.
        for ihl in 0..5 {
            let mut b = UDP_DNS;
            b[0] = 0x40 | ihl;
            assert_eq!(Ipv4::new(&b).unwrap().computed_checksum(), None);
        }
    }

    #[test]
    fn total_length_beyond_capture_marks_truncation() {
        let mut b = UDP_DNS;
        b[3] = 0x40;
        assert!(Ipv4::new(&b).unwrap().payload().1);
    }

    #[test]
    fn zero_total_length_is_taken_as_segmentation_offload() {
        let mut b = UDP_DNS;
        b[2] = 0;
        b[3] = 0;
        let ip = Ipv4::new(&b).unwrap();
        assert!(ip.tso_assumed());
        assert_eq!(ip.problem(), None);
        assert_eq!(ip.effective_total_len(), b.len());
        assert_eq!(ip.payload(), (&b[20..], false));
    }

    #[test]
    fn options_iterate_until_eol() {
        let opts = [0x01, 0x94, 0x04, 0x00, 0x00, 0x00];
        let v: Vec<_> = ipv4_options(&opts).collect();
        assert_eq!(v.len(), 3);
        assert_eq!(v[1], Ok(Ipv4Option { kind: 0x94, data: &[0, 0], len: 4 }));
    }
}
