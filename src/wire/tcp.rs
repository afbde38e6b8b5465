//! TCP (RFC 9293) header and options.
//!
//! ```text
//! |          Source Port          |       Destination Port        |
//! |                        Sequence Number                        |
//! |                    Acknowledgment Number                      |
//! |  Data |       |A|C|E|U|A|P|R|S|F|                             |
//! | Offset| Rsrvd |E|W|C|R|C|S|S|Y|I|            Window           |
//! |           Checksum            |         Urgent Pointer        |
//! |                    Options                    |    Padding    |
//! ```

use super::field::{be16, be32};
use super::summary::TcpFlags;

/// Byte ranges of the fixed header in the diagram above; options start at
/// [`MIN_HEADER_LEN`].
pub mod field {
    use crate::wire::field::Field;

    pub const SRC_PORT: Field = 0..2;
    pub const DST_PORT: Field = 2..4;
    pub const SEQ: Field = 4..8;
    pub const ACK: Field = 8..12;
    /// Data offset (high nibble), reserved bits and the nine flags.
    pub const OFFSET_FLAGS: Field = 12..14;
    pub const WINDOW: Field = 14..16;
    pub const CHECKSUM: Field = 16..18;
    pub const URGENT: Field = 18..20;
}

/// Fixed header length.
pub const MIN_HEADER_LEN: usize = 20;

/// A view over a TCP segment as captured (at least the 20 fixed bytes).
#[derive(Clone, Copy, Debug)]
pub struct Tcp<'a>(&'a [u8]);

impl<'a> Tcp<'a> {
    /// Wraps `data` when it holds the fixed header.
    pub fn new(data: &'a [u8]) -> Option<Self> {
        (data.len() >= MIN_HEADER_LEN).then_some(Tcp(data))
    }
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }
    pub fn src_port(&self) -> u16 {
        be16(self.0, field::SRC_PORT.start)
    }
    pub fn dst_port(&self) -> u16 {
        be16(self.0, field::DST_PORT.start)
    }
    pub fn seq(&self) -> u32 {
        be32(self.0, field::SEQ.start)
    }
    pub fn ack(&self) -> u32 {
        be32(self.0, field::ACK.start)
    }
    /// Header length in bytes (data offset × 4).
    pub fn header_len(&self) -> usize {
        (self.0[field::OFFSET_FLAGS.start] >> 4) as usize * 4
    }
    /// The nine flag bits (AE CWR ECE URG ACK PSH RST SYN FIN).
    pub fn flags(&self) -> TcpFlags {
        TcpFlags(be16(self.0, field::OFFSET_FLAGS.start) & 0x01ff)
    }
    /// The three reserved bits above AE.
    pub fn reserved(&self) -> u8 {
        (self.0[field::OFFSET_FLAGS.start] >> 1) & 0x07
    }
    pub fn window(&self) -> u16 {
        be16(self.0, field::WINDOW.start)
    }
    pub fn checksum_field(&self) -> u16 {
        be16(self.0, field::CHECKSUM.start)
    }
    pub fn urgent(&self) -> u16 {
        be16(self.0, field::URGENT.start)
    }
    /// True when the data offset points below 20 bytes.
    pub fn bad_offset(&self) -> bool {
        self.header_len() < MIN_HEADER_LEN
    }
    /// Options as captured: `(bytes, complete)`; incomplete when cut by the capture.
    pub fn options(&self) -> (&'a [u8], bool) {
        let hl = self.header_len();
        if hl <= MIN_HEADER_LEN {
            return (&[], true);
        }
        match self.0.get(MIN_HEADER_LEN..hl) {
            Some(o) => (o, true),
            None => (&self.0[MIN_HEADER_LEN..], false),
        }
    }
    /// Payload as captured (empty when the header itself is cut).
    pub fn payload(&self) -> &'a [u8] {
        let hl = self.header_len().max(MIN_HEADER_LEN);
        self.0.get(hl..).unwrap_or(&[])
    }
}

/// A TCP option, decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpOption<'a> {
    Eol,
    Nop,
    Mss(u16),
    WindowScale(u8),
    SackPermitted,
    /// Up to four (left, right) edges; `n` blocks are valid.
    Sack { blocks: [(u32, u32); 4], n: usize },
    Timestamps { tsval: u32, tsecr: u32 },
    /// Any other option (or a known kind with an unexpected length).
    Other { kind: u8, data: &'a [u8] },
    /// A length byte that is missing, < 2 or runs past the options.
    Malformed { kind: u8, len: u8 },
}

/// Iterates over TCP options; ends after EOL, at a malformed option, or at the end.
pub fn options(mut opts: &[u8]) -> impl Iterator<Item = TcpOption<'_>> {
    let mut done = false;
    std::iter::from_fn(move || {
        if done || opts.is_empty() {
            return None;
        }
        let kind = opts[0];
        match kind {
            0 => {
                done = true;
                return Some(TcpOption::Eol);
            }
            1 => {
                opts = &opts[1..];
                return Some(TcpOption::Nop);
            }
            _ => {}
        }
        let len = opts.get(1).copied().unwrap_or(0);
        if len < 2 || len as usize > opts.len() {
            done = true;
            return Some(TcpOption::Malformed { kind, len });
        }
        let data = &opts[2..len as usize];
        opts = &opts[len as usize..];
        Some(match (kind, data.len()) {
            (2, 2) => TcpOption::Mss(be16(data, 0)),
            (3, 1) => TcpOption::WindowScale(data[0]),
            (4, 0) => TcpOption::SackPermitted,
            (5, n) if n % 8 == 0 && n > 0 && n <= 32 => {
                let mut blocks = [(0, 0); 4];
                for (i, b) in blocks.iter_mut().enumerate().take(n / 8) {
                    *b = (be32(data, i * 8), be32(data, i * 8 + 4));
                }
                TcpOption::Sack { blocks, n: n / 8 }
            }
            (8, 8) => TcpOption::Timestamps { tsval: be32(data, 0), tsecr: be32(data, 4) },
            _ => TcpOption::Other { kind, data },
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linux_syn_options_decode_in_order() {
        // MSS 1460, SACK-permitted, timestamps, NOP, window scale 7.
        let o = [2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7];
        let v: Vec<_> = options(&o).collect();
        assert_eq!(
            v,
            vec![
                TcpOption::Mss(1460),
                TcpOption::SackPermitted,
                TcpOption::Timestamps { tsval: 1, tsecr: 0 },
                TcpOption::Nop,
                TcpOption::WindowScale(7)
            ]
        );
    }

    #[test]
    fn zero_length_option_stops_iteration() {
        let v: Vec<_> = options(&[30, 0, 1, 1]).collect();
        assert_eq!(v, vec![TcpOption::Malformed { kind: 30, len: 0 }]);
    }

    #[test]
    fn data_offset_beyond_segment_is_incomplete_not_a_panic() {
        let mut seg = [0u8; 24];
        seg[12] = 0xf0; // 60-byte header in a 24-byte capture
        let t = Tcp::new(&seg).unwrap();
        assert_eq!((t.options().0.len(), t.options().1, t.payload().len()), (4, false, 0));
    }
}
