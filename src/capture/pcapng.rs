//! pcapng files (draft-ietf-opsawg-pcapng): a sequence of blocks, each
//!
//! ```text
//! +---------------------------------------------------------------+
//! |                          Block Type                           |
//! |                      Block Total Length                       |
//! /                          Block Body  (padded to 32 bits)      /
//! |                      Block Total Length                       |
//! +---------------------------------------------------------------+
//! ```
//!
//! A Section Header Block (SHB) fixes the byte order of its section and
//! resets the interface list; Interface Description Blocks (IDB) number the
//! interfaces 0, 1, … in order; packets come in Enhanced (EPB), Simple (SPB)
//! and obsolete Packet Blocks (PB). Every other block (NRB, ISB, DSB, custom)
//! is skipped after its lengths are checked.

use super::input::{io_kind, Input};
use super::{max_snaplen, ErrorKind, Fault, Frame};
use crate::time::Timestamp;

/// First four bytes of every pcapng file (the SHB type, a palindrome).
pub(crate) const SHB_TYPE: u32 = 0x0A0D_0D0A;
const IDB_TYPE: u32 = 1;
const PB_TYPE: u32 = 2;
const SPB_TYPE: u32 = 3;
const EPB_TYPE: u32 = 6;
const BYTE_ORDER_MAGIC: u32 = 0x1A2B_3C4D;

/// Largest block we accept (libpcap's initial limit): caps the streaming buffer.
const MAX_BLOCK_LEN: u32 = 16 * 1024 * 1024;
/// Interfaces per section we keep (EPB ids are 32-bit; real files have a handful).
const MAX_INTERFACES: usize = 65_536;
/// Type, length and trailing length.
const BLOCK_OVERHEAD: usize = 12;

const OPT_ENDOFOPT: u16 = 0;
const OPT_IF_TSRESOL: u16 = 9;
const OPT_IF_FCSLEN: u16 = 13;
const OPT_IF_TSOFFSET: u16 = 14;

/// One interface of the current section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Interface {
    pub(crate) link_type: u32,
    /// Snapshot length as libpcap adjusts it (0 or too large → the maximum).
    pub(crate) snaplen: u32,
    /// Timestamp units per second, as a power of 10 or of 2 (`if_tsresol`).
    resol: Resolution,
    /// Seconds added to every timestamp (`if_tsoffset`).
    ts_offset: i64,
    /// FCS bytes at the end of each frame (`if_fcslen`), when given.
    pub(crate) fcs_len: Option<u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Resolution {
    /// 10^-n seconds per unit.
    Decimal(u32),
    /// 2^-n seconds per unit.
    Binary(u32),
}

impl Interface {
    /// True when timestamps are finer than microseconds.
    pub(crate) fn nanosecond(&self) -> bool {
        match self.resol {
            Resolution::Decimal(n) => n > 6,
            Resolution::Binary(n) => n > 19,
        }
    }

    fn timestamp(&self, units: u64) -> Timestamp {
        let (secs, nanos) = match self.resol {
            Resolution::Decimal(n) => {
                let per_sec = 10u64.pow(n);
                let frac = units % per_sec;
                let nanos = if n <= 9 {
                    frac * 10u64.pow(9 - n)
                } else {
                    frac / 10u64.pow(n - 9)
                };
                (units / per_sec, nanos)
            }
            Resolution::Binary(n) => {
                let frac = units & ((1u64 << n) - 1);
                (units >> n, ((frac as u128 * 1_000_000_000) >> n) as u64)
            }
        };
        // Units beyond i64 seconds only come from hostile files: clamp, never wrap negative.
        let secs = i64::try_from(secs).unwrap_or(i64::MAX);
        Timestamp::new(secs.saturating_add(self.ts_offset), nanos)
    }
}

/// Reader state: byte order of the current section and its interfaces.
#[derive(Clone, Debug)]
pub(crate) struct PcapNg {
    big_endian: bool,
    interfaces: Vec<Interface>,
    /// The file's first interface, kept across sections for the banner.
    pub(crate) first: Option<Interface>,
}

/// What one block turned out to be.
enum Block {
    /// A packet: (interface, timestamp units, caplen, orig_len, offset of data in the block).
    Packet {
        iface: Interface,
        units: u64,
        caplen: u32,
        orig_len: u32,
        data_at: usize,
    },
    /// Metadata consumed (SHB, IDB, anything skipped).
    Other,
}

impl PcapNg {
    /// Reads the first SHB and the metadata blocks after it up to the first IDB,
    /// so that the first interface is known before any packet is asked for.
    pub(crate) fn open(input: &mut Input) -> Result<PcapNg, Fault> {
        let mut ng = PcapNg {
            big_endian: false,
            interfaces: Vec::new(),
            first: None,
        };
        // The first block must be an SHB: read_block checks the type via the byte-order magic.
        ng.read_block(input, true)?;
        while ng.first.is_none() {
            let at = input.offset();
            let avail = input.fill(8).map_err(|e| Fault::new(at, io_kind(e)))?;
            if avail < 8 || matches!(ng.u32_at(input.peek(), 0), EPB_TYPE | SPB_TYPE | PB_TYPE) {
                break; // leave packets (and their errors) to `next`
            }
            ng.read_block(input, false)?;
        }
        Ok(ng)
    }

    /// Reads blocks until a packet; `None` at a clean end of file.
    pub(crate) fn next<'a>(&mut self, input: &'a mut Input) -> Option<Result<Frame<'a>, Fault>> {
        loop {
            let at = input.offset();
            match input.fill(1) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(Fault::new(at, io_kind(e)))),
            }
            match self.read_block(input, false) {
                Err(f) => return Some(Err(f)),
                Ok((_, Block::Other)) => continue,
                Ok((
                    start,
                    Block::Packet {
                        iface,
                        units,
                        caplen,
                        orig_len,
                        data_at,
                    },
                )) => {
                    let from = start + data_at;
                    let data = input
                        .data()
                        .get(from..from + caplen as usize)
                        .unwrap_or(&[]);
                    return Some(Ok(Frame {
                        number: 0,
                        source: 0,
                        offset: at,
                        ts: iface.timestamp(units),
                        link_type: iface.link_type,
                        caplen,
                        orig_len,
                        snaplen: iface.snaplen,
                        data,
                        raw_fraction: None,
                    }));
                }
            }
        }
    }

    /// Checks and consumes one block; returns where it starts in `input.data()`.
    fn read_block(&mut self, input: &mut Input, first: bool) -> Result<(usize, Block), Fault> {
        let at = input.offset();
        let io = |e| Fault::new(at, io_kind(e));
        let avail = input.fill(12).map_err(io)?;
        if avail < 12 {
            return Err(Fault::new(
                at,
                ErrorKind::Truncated("a pcapng block header"),
            ));
        }
        let head = input.peek();
        let is_shb = self.u32_at(head, 0) == SHB_TYPE;
        if first && !is_shb {
            let msg = "pcapng file does not start with a Section Header Block".to_string();
            return Err(Fault::new(at, ErrorKind::Malformed(msg)));
        }
        if is_shb {
            // The byte-order magic decides how to read this block's own length.
            self.big_endian = match (le32(head, 8), be32(head, 8)) {
                (BYTE_ORDER_MAGIC, _) => false,
                (_, BYTE_ORDER_MAGIC) => true,
                _ => {
                    let msg = "pcapng section header has an unknown byte-order magic".to_string();
                    return Err(Fault::new(at + 8, ErrorKind::Malformed(msg)));
                }
            };
        }
        let len = self.u32_at(head, 4);
        let kind = self.u32_at(head, 0);
        if !len.is_multiple_of(4) || len < BLOCK_OVERHEAD as u32 || len > MAX_BLOCK_LEN {
            let msg = format!(
                "pcapng block of type {kind:#x} has total length {len} (must be a multiple of 4, \
                 at least 12 and at most {MAX_BLOCK_LEN})"
            );
            return Err(Fault::new(at + 4, ErrorKind::BadLength(msg)));
        }
        let len = len as usize;
        if input.fill(len).map_err(io)? < len {
            return Err(Fault::new(at, ErrorKind::Truncated("a pcapng block")));
        }
        let start = input.consume(len);
        let block = input.data().get(start..start + len).unwrap_or(&[]);
        let trailer = self.u32_at(block, len - 4);
        if trailer as usize != len {
            let msg = format!(
                "pcapng block total length {len} does not match its trailing copy {trailer}"
            );
            return Err(Fault::new(at + len as u64 - 4, ErrorKind::BadLength(msg)));
        }
        let body = block.get(8..len - 4).unwrap_or(&[]);
        let parsed = match kind {
            SHB_TYPE => self.section(body).map(|_| Block::Other),
            IDB_TYPE => self.interface(body).map(|_| Block::Other),
            EPB_TYPE => self.enhanced_packet(body),
            SPB_TYPE => self.simple_packet(body),
            PB_TYPE => self.obsolete_packet(body),
            _ => Ok(Block::Other),
        };
        parsed
            .map(|b| (start, b))
            .map_err(|kind| Fault::new(at, kind))
    }

    /// SHB body: byte-order magic, version, section length (ignored), options.
    fn section(&mut self, body: &[u8]) -> Result<(), ErrorKind> {
        if body.len() < 16 {
            return Err(ErrorKind::BadLength(
                "pcapng section header block is too short".into(),
            ));
        }
        let major = self.u16_at(body, 4);
        let minor = self.u16_at(body, 6);
        if major != 1 {
            return Err(ErrorKind::Malformed(format!(
                "unsupported pcapng savefile version {major}.{minor}"
            )));
        }
        self.interfaces.clear();
        Ok(())
    }

    /// IDB body: link type, reserved, snaplen, options.
    fn interface(&mut self, body: &[u8]) -> Result<(), ErrorKind> {
        if body.len() < 8 {
            return Err(ErrorKind::BadLength(
                "pcapng interface description block is too short".into(),
            ));
        }
        let link_type = self.u16_at(body, 0) as u32;
        let max = max_snaplen(link_type);
        let raw_snaplen = self.u32_at(body, 4);
        let mut iface = Interface {
            link_type,
            snaplen: if raw_snaplen == 0 || raw_snaplen > max {
                max
            } else {
                raw_snaplen
            },
            resol: Resolution::Decimal(6),
            ts_offset: 0,
            fcs_len: None,
        };
        for (code, value) in self.options(body.get(8..).unwrap_or(&[])) {
            match (code, value) {
                (OPT_IF_TSRESOL, [v, ..]) => iface.resol = resolution(*v)?,
                (OPT_IF_TSOFFSET, v) if v.len() >= 8 => iface.ts_offset = self.u64_at(v, 0) as i64,
                (OPT_IF_FCSLEN, [v, ..]) => iface.fcs_len = Some(*v),
                _ => {}
            }
        }
        if self.interfaces.len() >= MAX_INTERFACES {
            let msg = format!("more than {MAX_INTERFACES} interfaces in one pcapng section");
            return Err(ErrorKind::Malformed(msg));
        }
        self.first.get_or_insert(iface);
        self.interfaces.push(iface);
        Ok(())
    }

    /// EPB body: interface, timestamp (high, low), caplen, orig_len, data, options.
    fn enhanced_packet(&self, body: &[u8]) -> Result<Block, ErrorKind> {
        if body.len() < 20 {
            return Err(ErrorKind::BadLength(
                "pcapng enhanced packet block is too short".into(),
            ));
        }
        let iface = self.iface(self.u32_at(body, 0))?;
        let units = (self.u32_at(body, 4) as u64) << 32 | self.u32_at(body, 8) as u64;
        let (caplen, orig_len) = (self.u32_at(body, 12), self.u32_at(body, 16));
        checked_caplen(caplen, &iface, body.len() - 20)?;
        Ok(Block::Packet {
            iface,
            units,
            caplen,
            orig_len,
            data_at: 8 + 20,
        })
    }

    /// SPB body: orig_len, data. Interface 0; caplen = min(orig_len, snaplen, room in block).
    fn simple_packet(&self, body: &[u8]) -> Result<Block, ErrorKind> {
        if body.len() < 4 {
            return Err(ErrorKind::BadLength(
                "pcapng simple packet block is too short".into(),
            ));
        }
        let iface = self.iface(0)?;
        let orig_len = self.u32_at(body, 0);
        let room = (body.len() - 4) as u32;
        let caplen = orig_len.min(iface.snaplen).min(room);
        Ok(Block::Packet {
            iface,
            units: 0,
            caplen,
            orig_len,
            data_at: 8 + 4,
        })
    }

    /// Obsolete PB body: interface (16 bits), drops, timestamp, caplen, orig_len, data.
    fn obsolete_packet(&self, body: &[u8]) -> Result<Block, ErrorKind> {
        if body.len() < 20 {
            return Err(ErrorKind::BadLength(
                "pcapng packet block is too short".into(),
            ));
        }
        let iface = self.iface(self.u16_at(body, 0) as u32)?;
        let units = (self.u32_at(body, 4) as u64) << 32 | self.u32_at(body, 8) as u64;
        let (caplen, orig_len) = (self.u32_at(body, 12), self.u32_at(body, 16));
        checked_caplen(caplen, &iface, body.len() - 20)?;
        Ok(Block::Packet {
            iface,
            units,
            caplen,
            orig_len,
            data_at: 8 + 20,
        })
    }

    fn iface(&self, id: u32) -> Result<Interface, ErrorKind> {
        self.interfaces.get(id as usize).copied().ok_or_else(|| {
            ErrorKind::Malformed(format!(
                "a packet arrived on interface {id}, but there's no Interface Description Block for that interface"
            ))
        })
    }

    /// Option (code, value) pairs until opt_endofopt or the end; a short option ends the list.
    fn options<'b>(&self, mut opts: &'b [u8]) -> impl Iterator<Item = (u16, &'b [u8])> + 'b {
        let big = self.big_endian;
        std::iter::from_fn(move || {
            let head = opts.get(..4)?;
            let rd = |o: usize| {
                let b = [head[o], head[o + 1]];
                if big {
                    u16::from_be_bytes(b)
                } else {
                    u16::from_le_bytes(b)
                }
            };
            let (code, len) = (rd(0), rd(2) as usize);
            let value = opts.get(4..4 + len)?;
            if code == OPT_ENDOFOPT {
                return None;
            }
            opts = opts.get(4 + len.div_ceil(4) * 4..).unwrap_or(&[]);
            Some((code, value))
        })
    }

    fn u16_at(&self, b: &[u8], o: usize) -> u16 {
        let v = b
            .get(o..o + 2)
            .and_then(|s| s.try_into().ok())
            .unwrap_or([0; 2]);
        if self.big_endian {
            u16::from_be_bytes(v)
        } else {
            u16::from_le_bytes(v)
        }
    }

    fn u32_at(&self, b: &[u8], o: usize) -> u32 {
        if self.big_endian {
            be32(b, o)
        } else {
            le32(b, o)
        }
    }

    fn u64_at(&self, b: &[u8], o: usize) -> u64 {
        let v = b
            .get(o..o + 8)
            .and_then(|s| s.try_into().ok())
            .unwrap_or([0; 8]);
        if self.big_endian {
            u64::from_be_bytes(v)
        } else {
            u64::from_le_bytes(v)
        }
    }
}

/// `if_tsresol`: high bit set → 2^-n, else 10^-n seconds per unit.
fn resolution(v: u8) -> Result<Resolution, ErrorKind> {
    let n = (v & 0x7f) as u32;
    let r = if v & 0x80 != 0 {
        Resolution::Binary(n)
    } else {
        Resolution::Decimal(n)
    };
    match r {
        // Beyond these, units per second overflow 64 bits (libpcap refuses them too).
        Resolution::Decimal(n) if n > 19 => Err(ErrorKind::Malformed(format!(
            "if_tsresol 10^-{n} is too fine"
        ))),
        Resolution::Binary(n) if n > 63 => Err(ErrorKind::Malformed(format!(
            "if_tsresol 2^-{n} is too fine"
        ))),
        r => Ok(r),
    }
}

/// A caplen must fit the block and the link type's maximum.
fn checked_caplen(caplen: u32, iface: &Interface, room: usize) -> Result<(), ErrorKind> {
    let max = max_snaplen(iface.link_type);
    if caplen > max {
        return Err(ErrorKind::BadLength(format!(
            "invalid packet capture length {caplen}, bigger than maximum of {max}"
        )));
    }
    if caplen as usize > room {
        return Err(ErrorKind::BadLength(format!(
            "packet capture length {caplen} does not fit in its block ({room} bytes of room)"
        )));
    }
    Ok(())
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

    fn iface(resol: Resolution, ts_offset: i64) -> Interface {
        Interface {
            link_type: 1,
            snaplen: 65535,
            resol,
            ts_offset,
            fcs_len: None,
        }
    }

    #[test]
    fn default_resolution_is_microseconds() {
        let t = iface(Resolution::Decimal(6), 0).timestamp(1_500_000_250);
        assert_eq!(t, Timestamp::new(1500, 250_000));
    }

    #[test]
    fn binary_resolution_converts_fraction() {
        // 2^-10 s per unit: 1024 units = 1 s, 512 units = 0.5 s.
        let t = iface(Resolution::Binary(10), 0).timestamp(3 * 1024 + 512);
        assert_eq!(t, Timestamp::new(3, 500_000_000));
    }

    #[test]
    fn picosecond_resolution_truncates_to_nanoseconds() {
        let t = iface(Resolution::Decimal(12), 0).timestamp(2_000_000_000_123_456);
        assert_eq!(t, Timestamp::new(2000, 123));
    }

    #[test]
    fn tsoffset_adds_seconds() {
        let t = iface(Resolution::Decimal(9), 100).timestamp(5);
        assert_eq!(t, Timestamp::new(100, 5));
    }

    #[test]
    fn huge_unit_counts_clamp_instead_of_going_negative() {
        let t = iface(Resolution::Decimal(0), 0).timestamp(u64::MAX);
        assert_eq!(t.secs, i64::MAX);
    }

    #[test]
    fn tsresol_too_fine_is_refused() {
        assert!(
            resolution(20).is_err()
                && resolution(0x80 | 64).is_err()
                && resolution(0x80 | 63).is_ok()
        );
    }
}
