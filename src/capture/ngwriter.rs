//! [`PcapngWriter`]: pcapng output (`--pcapng`): a section header, one
//! interface description (link type, snapshot length, the interface's name,
//! nanosecond timestamps), enhanced packet blocks, and at the end an
//! interface statistics block with the kernel's received and dropped counts,
//! so whoever reads the file later knows whether it is complete.
//!
//! Blocks are written little-endian, as every pcapng reader accepts either
//! byte order (the section header's byte-order magic says which).

use crate::time::Timestamp;
use std::io::{self, Write};

/// Block types (pcapng draft, section 4).
const SHB: u32 = 0x0A0D_0D0A;
const IDB: u32 = 1;
const ISB: u32 = 5;
const EPB: u32 = 6;
/// Option codes: end of options, shb_userappl, if_name, if_tsresol,
/// isb_ifrecv, isb_ifdrop.
const OPT_END: u16 = 0;
const SHB_USERAPPL: u16 = 4;
const IF_NAME: u16 = 2;
const IF_TSRESOL: u16 = 9;
const ISB_IFRECV: u16 = 4;
const ISB_IFDROP: u16 = 5;
/// if_tsresol 9: timestamps count nanoseconds.
const NANOSECONDS: u8 = 9;

/// Writes one pcapng section with one interface.
pub struct PcapngWriter<W: Write> {
    out: W,
    /// Bytes written so far (for -C rotation).
    written: u64,
}

impl<W: Write> PcapngWriter<W> {
    /// Writes the section header and the interface description block.
    pub fn new(out: W, link_type: u32, snaplen: u32, if_name: Option<&str>) -> io::Result<Self> {
        let mut w = PcapngWriter { out, written: 0 };
        let mut shb = Vec::with_capacity(64);
        shb.extend_from_slice(&0x1A2B_3C4Du32.to_le_bytes()); // byte-order magic
        shb.extend_from_slice(&1u16.to_le_bytes()); // version 1.0
        shb.extend_from_slice(&0u16.to_le_bytes());
        shb.extend_from_slice(&(-1i64).to_le_bytes()); // section length not given
        option(&mut shb, SHB_USERAPPL, concat!("tcpsleuth ", env!("CARGO_PKG_VERSION")).as_bytes());
        option(&mut shb, OPT_END, &[]);
        w.block(SHB, &shb)?;
        let link = u16::try_from(link_type)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "link type too large for pcapng"))?;
        let mut idb = Vec::with_capacity(48);
        idb.extend_from_slice(&link.to_le_bytes());
        idb.extend_from_slice(&0u16.to_le_bytes());
        idb.extend_from_slice(&snaplen.to_le_bytes());
        if let Some(name) = if_name {
            option(&mut idb, IF_NAME, name.as_bytes());
        }
        option(&mut idb, IF_TSRESOL, &[NANOSECONDS]);
        option(&mut idb, OPT_END, &[]);
        w.block(IDB, &idb)?;
        Ok(w)
    }

    /// Appends one enhanced packet block for interface 0; returns the bytes written.
    pub fn write_packet(&mut self, ts: Timestamp, data: &[u8], orig_len: u32) -> io::Result<u64> {
        let caplen = u32::try_from(data.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "packet too large for pcapng"))?;
        let units = nanos(ts)?;
        let mut head = [0u8; 20];
        head[4..8].copy_from_slice(&((units >> 32) as u32).to_le_bytes());
        head[8..12].copy_from_slice(&(units as u32).to_le_bytes());
        head[12..16].copy_from_slice(&caplen.to_le_bytes());
        head[16..20].copy_from_slice(&orig_len.to_le_bytes());
        let pad = (4 - data.len() % 4) % 4;
        let total = 12 + head.len() + data.len() + pad;
        let total32 = u32::try_from(total)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "packet too large for pcapng"))?;
        self.out.write_all(&EPB.to_le_bytes())?;
        self.out.write_all(&total32.to_le_bytes())?;
        self.out.write_all(&head)?;
        self.out.write_all(data)?;
        self.out.write_all(&[0u8; 3][..pad])?;
        self.out.write_all(&total32.to_le_bytes())?;
        self.written += total as u64;
        Ok(total as u64)
    }

    /// Appends the interface statistics block: packets the kernel passed
    /// through the filter (`isb_ifrecv`) and dropped for lack of buffer
    /// space (`isb_ifdrop`), as of `ts`.
    pub fn write_statistics(&mut self, ts: Timestamp, received: u64, dropped: u64) -> io::Result<()> {
        let units = nanos(ts)?;
        let mut isb = Vec::with_capacity(48);
        isb.extend_from_slice(&0u32.to_le_bytes());
        isb.extend_from_slice(&((units >> 32) as u32).to_le_bytes());
        isb.extend_from_slice(&(units as u32).to_le_bytes());
        option(&mut isb, ISB_IFRECV, &received.to_le_bytes());
        option(&mut isb, ISB_IFDROP, &dropped.to_le_bytes());
        option(&mut isb, OPT_END, &[]);
        self.block(ISB, &isb)
    }

    /// Bytes written so far, headers included.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// One block: type, total length, `body` (already padded), total length.
    fn block(&mut self, kind: u32, body: &[u8]) -> io::Result<()> {
        let total = u32::try_from(12 + body.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "pcapng block too large"))?;
        self.out.write_all(&kind.to_le_bytes())?;
        self.out.write_all(&total.to_le_bytes())?;
        self.out.write_all(body)?;
        self.out.write_all(&total.to_le_bytes())?;
        self.written += u64::from(total);
        Ok(())
    }
}

/// Nanoseconds since the epoch (if_tsresol 9); times before 1970 are refused.
fn nanos(ts: Timestamp) -> io::Result<u64> {
    u64::try_from(ts.secs)
        .ok()
        .and_then(|s| s.checked_mul(1_000_000_000))
        .and_then(|n| n.checked_add(u64::from(ts.nanos)))
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "timestamp outside the pcapng range"))
}

/// Appends one option (code, length, value padded to 4 bytes).
fn option(buf: &mut Vec<u8>, code: u16, value: &[u8]) {
    buf.extend_from_slice(&code.to_le_bytes());
    // Option values are short here (a name, a counter): IFNAMSIZ is 16.
    let len = u16::try_from(value.len()).unwrap_or(u16::MAX);
    buf.extend_from_slice(&len.to_le_bytes());
    buf.extend_from_slice(value.get(..usize::from(len)).unwrap_or(value));
    buf.resize(buf.len() + (4 - usize::from(len) % 4) % 4, 0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Capture;

    #[test]
    fn our_reader_gets_back_what_was_written() {
        let mut w = PcapngWriter::new(Vec::new(), 1, 96, Some("veth0")).expect("header");
        let frame = [0xaau8; 61];
        w.write_packet(Timestamp::new(1_700_000_000, 123_456_789), &frame, 1500).expect("packet");
        w.write_statistics(Timestamp::new(1_700_000_001, 0), 7, 2).expect("stats");
        let bytes = w.out.clone();
        assert_eq!(bytes.len() as u64, w.written());
        let mut cap = Capture::from_reader("mem", Box::new(std::io::Cursor::new(bytes))).expect("open");
        let f = cap.next_frame().expect("one frame").expect("valid");
        assert_eq!(
            (f.ts, f.link_type, f.caplen, f.orig_len, f.data),
            (Timestamp::new(1_700_000_000, 123_456_789), 1, 61, 1500, &frame[..])
        );
        assert!(cap.next_frame().is_none());
    }
}
