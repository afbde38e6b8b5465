//! [`PcapWriter`]: classic pcap output (little-endian, version 2.4), for
//! `-w`, for splitting captures and for building test fixtures.

use super::behind::WriteBehind;
use super::ngwriter::PcapngWriter;
use crate::time::Timestamp;
use std::io::{self, Write};

/// The file format `-w` writes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum OutFormat {
    /// Classic pcap, microsecond timestamps (tcpdump's -w).
    #[default]
    Pcap,
    /// pcapng with the interface's name, nanosecond timestamps and, at the
    /// end of a live capture, the kernel's drop count.
    Pcapng {
        /// The interface the frames came from, when known.
        if_name: Option<String>,
    },
}

/// A pcap or pcapng writer behind one interface.
pub enum FrameWriter<W: Write> {
    Pcap(PcapWriter<W>, u64),
    Pcapng(PcapngWriter<W>),
}

impl<W: Write> FrameWriter<W> {
    /// Writes the file header(s) of `format`.
    pub fn new(out: W, format: &OutFormat, link_type: u32, snaplen: u32) -> io::Result<Self> {
        Ok(match format {
            OutFormat::Pcap => FrameWriter::Pcap(PcapWriter::new(out, link_type, snaplen, false)?, 24),
            OutFormat::Pcapng { if_name } => {
                FrameWriter::Pcapng(PcapngWriter::new(out, link_type, snaplen, if_name.as_deref())?)
            }
        })
    }

    /// Appends one packet.
    pub fn write_packet(&mut self, ts: Timestamp, data: &[u8], orig_len: u32) -> io::Result<()> {
        match self {
            FrameWriter::Pcap(w, size) => {
                w.write_packet(ts, data, orig_len)?;
                *size += 16 + data.len() as u64;
            }
            FrameWriter::Pcapng(w) => {
                w.write_packet(ts, data, orig_len)?;
            }
        }
        Ok(())
    }

    /// Records the kernel's counters (pcapng only: pcap has no place for them).
    pub fn write_statistics(&mut self, ts: Timestamp, received: u64, dropped: u64) -> io::Result<()> {
        match self {
            FrameWriter::Pcap(..) => Ok(()),
            FrameWriter::Pcapng(w) => w.write_statistics(ts, received, dropped),
        }
    }

    /// Bytes written so far, headers included.
    pub fn written(&self) -> u64 {
        match self {
            FrameWriter::Pcap(_, size) => *size,
            FrameWriter::Pcapng(w) => w.written(),
        }
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        match self {
            FrameWriter::Pcap(w, _) => w.flush(),
            FrameWriter::Pcapng(w) => w.flush(),
        }
    }
}

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

/// tcpdump's `-w` with `-C` (size), `-W` (file count) and `-G` (seconds):
/// the same pcap stream cut into files named as tcpdump names them.
///
/// Without `-W`, the first file is FILE and the next FILE1, FILE2…; with
/// `-W N` every name carries a number padded to N-1's digits (FILE0, FILE1…),
/// and with `-C` the count wraps (the oldest file is overwritten) while with
/// only `-G` writing stops after N files. A file is closed before a packet
/// when it already holds more than the size limit (so the last packet may
/// take it over, as in tcpdump) or when the packet is `-G` seconds (capture
/// time) past the file's start.
pub struct Rotation {
    /// File name as given.
    pub base: String,
    /// Bytes after which a new file starts (`-C`), if any.
    pub max_bytes: Option<u64>,
    /// Number of files (`-W`), if any.
    pub max_files: Option<u32>,
    /// Seconds per file (`-G`), if any.
    pub seconds: Option<u64>,
}

/// Writes frames through a [`Rotation`].
pub struct RotatingWriter {
    rot: Rotation,
    link_type: u32,
    snaplen: u32,
    format: OutFormat,
    current: Option<FrameWriter<WriteBehind>>,
    /// Files started so far (the number of the current one, before wrapping).
    started: u64,
    /// Capture time of the first packet of the current file (-G).
    opened_at: Option<i64>,
    done: bool,
}

impl RotatingWriter {
    /// Prepares the writer; the first file is created with the first packet
    /// (or at [`RotatingWriter::finish`], so an empty capture leaves an empty file).
    pub fn new(rot: Rotation, link_type: u32, snaplen: u32) -> RotatingWriter {
        RotatingWriter::with_format(rot, link_type, snaplen, OutFormat::Pcap)
    }

    /// [`RotatingWriter::new`] writing `format` (each file complete in itself).
    pub fn with_format(rot: Rotation, link_type: u32, snaplen: u32, format: OutFormat) -> RotatingWriter {
        RotatingWriter { rot, link_type, snaplen, format, current: None, started: 0, opened_at: None, done: false }
    }

    /// The name of file number `n` (tcpdump's MakeFilename).
    pub fn file_name(&self, n: u64) -> String {
        // tcpdump pads to the digits of the highest number, W - 1.
        let width = self.rot.max_files.map_or(0, |w| if w <= 1 { 0 } else { (w - 1).to_string().len() });
        let n = match (self.rot.max_files, self.rot.max_bytes) {
            (Some(w), Some(_)) => n % u64::from(w.max(1)),
            _ => n,
        };
        if n == 0 && width == 0 {
            self.rot.base.clone()
        } else {
            format!("{}{:0width$}", self.rot.base, n)
        }
    }

    fn open(&mut self) -> io::Result<()> {
        let name = self.file_name(self.started);
        let f = std::fs::File::create(&name).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
        // One write per MiB, on a thread of its own.
        let w = FrameWriter::new(WriteBehind::new(f, &name)?, &self.format, self.link_type, self.snaplen)?;
        self.current = Some(w);
        Ok(())
    }

    /// Whether the file in use must be closed before a packet at `secs`.
    fn must_rotate(&self, secs: i64) -> bool {
        let Some(w) = &self.current else { return false };
        let by_size = self.rot.max_bytes.is_some_and(|m| w.written() > m);
        let by_time = match (self.rot.seconds, self.opened_at) {
            (Some(g), Some(t)) => secs.saturating_sub(t) >= g as i64,
            _ => false,
        };
        by_size || by_time
    }

    /// Writes one packet; returns false once `-G` with `-W` has written its files.
    pub fn write(&mut self, ts: Timestamp, data: &[u8], orig_len: u32) -> io::Result<bool> {
        if self.done {
            return Ok(false);
        }
        if self.must_rotate(ts.secs) {
            if let Some(mut w) = self.current.take() {
                w.flush()?;
            }
            self.started += 1;
            let only_time = self.rot.max_bytes.is_none() && self.rot.seconds.is_some();
            if only_time && self.rot.max_files.is_some_and(|w| self.started >= u64::from(w)) {
                self.done = true;
                return Ok(false);
            }
            self.opened_at = None;
        }
        if self.current.is_none() {
            self.open()?;
        }
        self.opened_at.get_or_insert(ts.secs);
        if let Some(w) = self.current.as_mut() {
            w.write_packet(ts, data, orig_len)?;
        }
        Ok(true)
    }

    /// Records the kernel's counters in the file in use (pcapng only).
    pub fn write_statistics(&mut self, ts: Timestamp, received: u64, dropped: u64) -> io::Result<()> {
        if self.current.is_none() && self.started == 0 {
            self.open()?;
        }
        match self.current.as_mut() {
            Some(w) => w.write_statistics(ts, received, dropped),
            None => Ok(()),
        }
    }

    /// Pushes what was written so far into the current file (`-U`).
    pub fn flush(&mut self) -> io::Result<()> {
        match self.current.as_mut() {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }

    /// Flushes the last file (creating it if no packet came).
    pub fn finish(mut self) -> io::Result<()> {
        if self.current.is_none() && self.started == 0 {
            self.open()?;
        }
        if let Some(mut w) = self.current.take() {
            w.flush()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rot(base: &str, c: Option<u64>, w: Option<u32>) -> RotatingWriter {
        RotatingWriter::new(Rotation { base: base.into(), max_bytes: c, max_files: w, seconds: None }, 1, 65535)
    }

    #[test]
    fn files_are_named_as_tcpdump_names_them() {
        let r = rot("out.pcap", Some(1), None);
        assert_eq!([r.file_name(0), r.file_name(1), r.file_name(12)], ["out.pcap", "out.pcap1", "out.pcap12"]);
        let r = rot("out", Some(1), Some(10));
        assert_eq!([r.file_name(0), r.file_name(3), r.file_name(10)], ["out0", "out3", "out0"]);
        let r = rot("out", Some(1), Some(11));
        assert_eq!([r.file_name(0), r.file_name(10)], ["out00", "out10"]);
    }
}
