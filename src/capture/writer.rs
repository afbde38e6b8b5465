//! [`PcapWriter`]: classic pcap output (little-endian, version 2.4), for
//! `-w`, for splitting captures and for building test fixtures.

use crate::time::Timestamp;
use std::io::{self, Write};

/// Writes a classic pcap file: the file header on creation, then one record per packet.
pub struct PcapWriter<W: Write> {
    out: W,
    nano: bool,
}

impl<W: Write> PcapWriter<W> {
    /// Writes the file header: `nano` picks the a1b23c4d magic (nanosecond timestamps).
    pub fn new(mut out: W, link_type: u32, snaplen: u32, nano: bool) -> io::Result<Self> {
        let magic: u32 = if nano { 0xa1b2_3c4d } else { 0xa1b2_c3d4 };
        let mut h = [0u8; 24];
        h[0..4].copy_from_slice(&magic.to_le_bytes());
        h[4..6].copy_from_slice(&2u16.to_le_bytes());
        h[6..8].copy_from_slice(&4u16.to_le_bytes());
        // thiszone and sigfigs stay 0, as every modern writer leaves them.
        h[16..20].copy_from_slice(&snaplen.to_le_bytes());
        h[20..24].copy_from_slice(&link_type.to_le_bytes());
        out.write_all(&h)?;
        Ok(PcapWriter { out, nano })
    }

    /// Appends one record: `data` is written whole (caplen = `data.len()`).
    ///
    /// Seconds outside 0..2^32 cannot be represented and are refused.
    pub fn write_packet(&mut self, ts: Timestamp, data: &[u8], orig_len: u32) -> io::Result<()> {
        let secs = u32::try_from(ts.secs).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "timestamp outside the pcap range",
            )
        })?;
        let caplen = u32::try_from(data.len()).map_err(|_| {
            io::Error::new(io::ErrorKind::InvalidInput, "packet too large for pcap")
        })?;
        let frac = if self.nano { ts.nanos } else { ts.nanos / 1000 };
        let mut h = [0u8; 16];
        h[0..4].copy_from_slice(&secs.to_le_bytes());
        h[4..8].copy_from_slice(&frac.to_le_bytes());
        h[8..12].copy_from_slice(&caplen.to_le_bytes());
        h[12..16].copy_from_slice(&orig_len.to_le_bytes());
        self.out.write_all(&h)?;
        self.out.write_all(data)
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Returns the underlying writer (not flushed).
    pub fn into_inner(self) -> W {
        self.out
    }
}
