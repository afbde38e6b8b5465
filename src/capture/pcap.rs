//! Classic libpcap files: a 24-byte file header, then 16-byte record headers
//! each followed by `caplen` captured bytes.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |          magic (a1b2c3d4 µs / a1b23c4d ns, either order)       |  file
//! |     version major (2)     |     version minor (4)             |  header
//! |              thiszone (ignored)  |  sigfigs (ignored)         |
//! |                           snaplen                             |
//! | FCS len |F|  reserved   |          LINKTYPE (low 16 bits)     |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |  ts seconds  |  ts µs or ns  |  caplen  |  orig_len  | data…  |  record
//! ```
//!
//! We follow libpcap's `sf-pcap.c` where it decides what is readable: the
//! version check, the pre-2.3 swapped length fields, Alexey Kuznetsov's
//! 24-byte record headers, a snaplen of 0 or above the maximum meaning "the
//! maximum", and a caplen above the per-link-type maximum being fatal. Unlike
//! libpcap we deliver a record whose caplen exceeds the file's snaplen whole
//! (libpcap cuts it to snaplen): the bytes are evidence.

use super::input::{io_kind, Input};
use super::{max_snaplen, ErrorKind, Fault, Frame, RawFraction};
use crate::time::Timestamp;

/// Length of the file header.
pub(crate) const FILE_HEADER_LEN: usize = 24;
/// Length of a standard record header.
const RECORD_HEADER_LEN: usize = 16;
/// Kuznetsov's patched records add ifindex(4), protocol(2), pkt_type(1), pad(1).
const PATCHED_RECORD_HEADER_LEN: usize = 24;

const MAGIC_MICRO: u32 = 0xa1b2_c3d4;
const MAGIC_NANO: u32 = 0xa1b2_3c4d;
const MAGIC_KUZNETSOV: u32 = 0xa1b2_cd34;

/// Whether a file starting with these four bytes is a classic pcap file.
pub(crate) fn is_magic(m: [u8; 4]) -> bool {
    let le = u32::from_le_bytes(m);
    let be = u32::from_be_bytes(m);
    [MAGIC_MICRO, MAGIC_NANO, MAGIC_KUZNETSOV]
        .iter()
        .any(|&k| k == le || k == be)
}

/// Which of the two length fields holds caplen (libpcap `lengths_swapped`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LengthOrder {
    /// caplen, then orig_len (version 2.4 and most 2.3 files).
    Normal,
    /// orig_len, then caplen (before 2.3, and DG/UX 543.0).
    Swapped,
    /// 2.3 files were written both ways: swap when caplen > orig_len.
    Maybe,
}

/// Parsed file header: everything needed to read the records.
#[derive(Clone, Debug)]
pub(crate) struct Pcap {
    big_endian: bool,
    /// Record timestamps carry nanoseconds rather than microseconds.
    pub(crate) nano: bool,
    /// LINKTYPE_* (low 16 bits of the header field).
    pub(crate) link_type: u32,
    /// FCS bytes at the end of each frame, when the header says so.
    pub(crate) fcs_len: Option<u8>,
    /// Snapshot length as libpcap adjusts it (0 or too large → the maximum).
    pub(crate) snaplen: u32,
    record_header_len: usize,
    lengths: LengthOrder,
    max_caplen: u32,
}

impl Pcap {
    /// Parses the file header at the cursor and consumes it.
    pub(crate) fn open(input: &mut Input) -> Result<Pcap, Fault> {
        let at = input.offset();
        let avail = input
            .fill(FILE_HEADER_LEN)
            .map_err(|e| Fault::new(at, io_kind(e)))?;
        let h = match input.peek().get(..FILE_HEADER_LEN) {
            Some(h) if avail >= FILE_HEADER_LEN => h,
            _ => return Err(Fault::new(at, ErrorKind::Truncated("the pcap file header"))),
        };
        let magic_le = le32(h, 0);
        let big_endian = ![MAGIC_MICRO, MAGIC_NANO, MAGIC_KUZNETSOV].contains(&magic_le);
        let rd = |o: usize| if big_endian { be32(h, o) } else { le32(h, o) };
        let rd16 = |o: usize| {
            (if big_endian {
                be32(h, o) >> 16
            } else {
                le32(h, o) & 0xffff
            }) as u16
        };
        let magic = rd(0);
        let (major, minor) = (rd16(4), rd16(6));
        if major < 2 {
            return Err(Fault::new(
                at,
                ErrorKind::Malformed("archaic pcap savefile format".into()),
            ));
        }
        let lengths = match (major, minor) {
            (2, 0..=2) | (543, 0) => LengthOrder::Swapped,
            (2, 3) => LengthOrder::Maybe,
            (2, 4) => LengthOrder::Normal,
            _ => {
                let msg = format!("unsupported pcap savefile version {major}.{minor}");
                return Err(Fault::new(at + 4, ErrorKind::Malformed(msg)));
            }
        };
        // LINKTYPE_* lives in the low 16 bits; bit 26 flags an FCS length in bits 28-31.
        let raw_link = rd(20);
        let link_type = raw_link & 0xffff;
        let fcs_len = (raw_link & 0x0400_0000 != 0).then_some((raw_link >> 28) as u8);
        let max_caplen = max_snaplen(link_type);
        let raw_snaplen = rd(16);
        let snaplen = if raw_snaplen == 0 || raw_snaplen > max_caplen {
            max_caplen
        } else {
            raw_snaplen
        };
        // libpcap: such captures may be cooked with a fake 14-byte Ethernet header on top.
        let snaplen = if magic == MAGIC_KUZNETSOV && link_type == 1 {
            snaplen.saturating_add(14)
        } else {
            snaplen
        };
        let record_header_len = if magic == MAGIC_KUZNETSOV {
            PATCHED_RECORD_HEADER_LEN
        } else {
            RECORD_HEADER_LEN
        };
        input.consume(FILE_HEADER_LEN);
        Ok(Pcap {
            big_endian,
            nano: magic == MAGIC_NANO,
            link_type,
            fcs_len,
            snaplen,
            record_header_len,
            lengths,
            max_caplen,
        })
    }

    /// Reads the next record; `None` at a clean end of file.
    #[inline]
    pub(crate) fn next<'a>(&self, input: &'a mut Input) -> Option<Result<Frame<'a>, Fault>> {
        let at = input.offset();
        let hl = self.record_header_len;
        let avail = match input.fill(hl) {
            Ok(n) => n,
            Err(e) => return Some(Err(Fault::new(at, io_kind(e)))),
        };
        if avail == 0 {
            return None;
        }
        let (secs, frac, caplen, orig_len) = match self.record_header(input.peek()) {
            Some(h) => h,
            None => {
                return Some(Err(Fault::new(
                    at,
                    ErrorKind::Truncated("a pcap record header"),
                )))
            }
        };
        if caplen > self.max_caplen {
            let msg = format!(
                "invalid packet capture length {caplen}, bigger than maximum of {}",
                self.max_caplen
            );
            return Some(Err(Fault::new(at + 8, ErrorKind::BadLength(msg))));
        }
        let need = hl + caplen as usize;
        match input.fill(need) {
            Ok(n) if n >= need => {}
            Ok(_) => {
                return Some(Err(Fault::new(
                    at,
                    ErrorKind::Truncated("a pcap record's packet data"),
                )))
            }
            Err(e) => return Some(Err(Fault::new(at, io_kind(e)))),
        }
        let start = input.consume(need);
        let data = input.data().get(start + hl..start + need).unwrap_or(&[]);
        let nanos = if self.nano {
            frac as u64
        } else {
            frac as u64 * 1000
        };
        Some(Ok(Frame {
            number: 0,
            source: 0,
            offset: at,
            ts: Timestamp::new(secs as i64, nanos),
            link_type: self.link_type,
            caplen,
            orig_len,
            snaplen: self.snaplen,
            data,
            raw_fraction: RawFraction::out_of_range(frac, self.nano),
        }))
    }

    /// (seconds, fraction, caplen, orig_len) from a record header, lengths put in order.
    #[inline]
    fn record_header(&self, h: &[u8]) -> Option<(u32, u32, u32, u32)> {
        let h: &[u8; 16] = h.get(..RECORD_HEADER_LEN)?.try_into().ok()?;
        let w = |i: usize| {
            let b = [h[i], h[i + 1], h[i + 2], h[i + 3]];
            if self.big_endian {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            }
        };
        let (secs, frac, mut caplen, mut orig_len) = (w(0), w(4), w(8), w(12));
        let swap = match self.lengths {
            LengthOrder::Normal => false,
            LengthOrder::Swapped => true,
            LengthOrder::Maybe => caplen > orig_len,
        };
        if swap {
            std::mem::swap(&mut caplen, &mut orig_len);
        }
        Some((secs, frac, caplen, orig_len))
    }
}

fn le32(b: &[u8], o: usize) -> u32 {
    b.get(o..o + 4)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_le_bytes)
        .unwrap_or(0)
}

fn be32(b: &[u8], o: usize) -> u32 {
    b.get(o..o + 4)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_be_bytes)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(bytes: Vec<u8>) -> (Result<Pcap, Fault>, Input) {
        let mut input = Input::streamed(Box::new(std::io::Cursor::new(bytes)));
        (Pcap::open(&mut input), input)
    }

    fn header(magic: [u8; 4], major: u16, minor: u16, snaplen: u32, link: u32) -> Vec<u8> {
        let mut h = magic.to_vec();
        h.extend(major.to_le_bytes());
        h.extend(minor.to_le_bytes());
        h.extend([0; 8]); // thiszone, sigfigs
        h.extend(snaplen.to_le_bytes());
        h.extend(link.to_le_bytes());
        h
    }

    #[test]
    fn linktype_upper_bits_are_fcs_info_not_link_type() {
        // LINKTYPE_ETHERNET with "FCS present, 4 bytes" (bit 26, length 2 in 16-bit units… here 4).
        let (p, _) = open(header([0xd4, 0xc3, 0xb2, 0xa1], 2, 4, 65535, 0x4400_0001));
        let p = p.ok();
        assert_eq!(p.map(|p| (p.link_type, p.fcs_len)), Some((1, Some(4))));
    }

    #[test]
    fn snaplen_zero_means_the_maximum() {
        let (p, _) = open(header([0xd4, 0xc3, 0xb2, 0xa1], 2, 4, 0, 1));
        assert_eq!(p.ok().map(|p| p.snaplen), Some(262_144));
    }

    #[test]
    fn version_2_2_lengths_are_swapped() {
        let mut f = header([0xd4, 0xc3, 0xb2, 0xa1], 2, 2, 65535, 1);
        // ts 1.000002, then orig_len 60 first, caplen 4 second (pre-2.3 order).
        f.extend([1, 0, 0, 0, 2, 0, 0, 0, 60, 0, 0, 0, 4, 0, 0, 0, 9, 9, 9, 9]);
        let (p, mut input) = open(f);
        let p = p.ok();
        let got = p
            .as_ref()
            .and_then(|p| p.next(&mut input))
            .and_then(Result::ok);
        assert_eq!(
            got.map(|f| (f.caplen, f.orig_len, f.data.len())),
            Some((4, 60, 4))
        );
    }

    #[test]
    fn out_of_range_microseconds_are_carried_for_analysis_and_kept_as_written() {
        let mut f = header([0xd4, 0xc3, 0xb2, 0xa1], 2, 4, 65535, 1);
        // ts 10 s + 2,500,000 µs, caplen = orig_len = 4.
        f.extend([10, 0, 0, 0, 0xa0, 0x25, 0x26, 0, 4, 0, 0, 0, 4, 0, 0, 0, 9, 9, 9, 9]);
        let (p, mut input) = open(f);
        let got = p.ok().and_then(|p| p.next(&mut input)).and_then(Result::ok);
        assert_eq!(
            got.map(|f| (f.ts.secs, f.ts.nanos, f.raw_fraction)),
            Some((12, 500_000_000, Some(RawFraction { value: 2_500_000, nano: false })))
        );
    }

    #[test]
    fn kuznetsov_records_have_24_byte_headers() {
        let mut f = header([0x34, 0xcd, 0xb2, 0xa1], 2, 4, 100, 1);
        // ts, caplen 2, orig_len 2, then ifindex, protocol, pkt_type, pad (8 bytes).
        f.extend([1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 7, 0, 0, 0, 8, 0, 0, 0, 0xab, 0xcd]);
        let (p, mut input) = open(f);
        let p = p.ok();
        let got = p.as_ref().and_then(|p| p.next(&mut input)).and_then(Result::ok);
        // libpcap adds 14 to an Ethernet snaplen: the capture may carry a fake header.
        assert_eq!(got.map(|f| (f.data.to_vec(), f.snaplen)), Some((vec![0xab, 0xcd], 114)));
    }

    #[test]
    fn unsupported_version_is_refused() {
        let (p, _) = open(header([0xd4, 0xc3, 0xb2, 0xa1], 3, 0, 65535, 1));
        assert!(p.is_err_and(
            |f| f.kind == ErrorKind::Malformed("unsupported pcap savefile version 3.0".into())
        ));
    }
}
