//! Capture sources: bytes on disk (or stdin) → [`Frame`]s.
//!
//! Readers for classic pcap and pcapng, transparently gunzipped or
//! zstd-decompressed when the file starts with those magics, several files
//! merged by timestamp; a directory or glob pattern names a rotated capture set
//! (`set.rs`) read as one stream. Plain files are memory-mapped; compressed files and
//! standard input are streamed through a bounded buffer, never read whole.
//! A live Linux interface (`-i`, `live.rs`) is one more source of the same frames.
//!
//! Every structural fault becomes a [`CaptureError`] naming the file and byte
//! offset; the frames before it have already been delivered.

pub mod devices;
mod behind;
mod input;
mod live;
mod merge;
mod ngwriter;
mod pcap;
mod pcapng;
mod prefetch;
mod reader;
#[cfg(target_os = "linux")]
mod ring;
mod set;
mod writer;

pub use live::{stop_all as stop_live_captures, stop_on_signals, stop_requested, Direction, LiveOptions};
pub use merge::{Capture, FileInfo, Pick, Selector};
pub use set::{expand, natural_cmp, Expanded, SetError};
pub use ngwriter::PcapngWriter;
pub use behind::WriteBehind;
pub use writer::{FrameWriter, OutFormat, PcapWriter, RotatingWriter, Rotation};

use crate::time::Timestamp;
use std::fmt;

/// libpcap's `MAXIMUM_SNAPLEN`: the largest caplen accepted for most link types.
pub const MAX_SNAPLEN: u32 = 262_144;

/// Largest caplen libpcap accepts for a link type (`max_snaplen_for_dlt`).
pub fn max_snaplen(link_type: u32) -> u32 {
    match link_type {
        231 => 128 * 1024 * 1024, // LINKTYPE_DBUS: messages up to 128 MiB
        249 => 1024 * 1024,       // LINKTYPE_USBPCAP: USB transfers up to 1 MiB
        _ => MAX_SNAPLEN,
    }
}

/// One captured frame, borrowed from the reader's buffer.
#[derive(Clone, Copy, Debug)]
pub struct Frame<'a> {
    /// 1-based frame number across the (merged) input, as tcpdump's `-#` counts.
    pub number: u64,
    /// Index of the input file this frame came from (order given on the command line).
    pub source: u16,
    /// Byte offset of the frame's record header in its (decompressed) file.
    pub offset: u64,
    /// Capture timestamp.
    pub ts: Timestamp,
    /// LINKTYPE_* value of the interface the frame was captured on.
    pub link_type: u32,
    /// Bytes captured (== `data.len()`).
    pub caplen: u32,
    /// Length of the frame on the wire; larger than `caplen` when cut by snaplen.
    pub orig_len: u32,
    /// Snapshot length of the interface, 0 when unknown.
    pub snaplen: u32,
    /// The captured bytes.
    pub data: &'a [u8],
    /// The record's sub-second field as written when it was out of range
    /// (a pcap record with microseconds ≥ 10⁶): `ts` carries the excess into
    /// the seconds for analysis, while tcpdump prints the field as it is.
    pub raw_fraction: Option<RawFraction>,
}

/// A sub-second timestamp field outside its unit's range, kept as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawFraction {
    /// The field's value.
    pub value: u32,
    /// The field counts nanoseconds (else microseconds).
    pub nano: bool,
}

impl RawFraction {
    /// The field when it does not fit its unit, else `None`.
    pub fn out_of_range(value: u32, nano: bool) -> Option<RawFraction> {
        let limit = if nano { 1_000_000_000 } else { 1_000_000 };
        (value >= limit).then_some(RawFraction { value, nano })
    }

    /// Whole seconds the field carried into the normalised timestamp.
    pub fn carried_secs(self) -> i64 {
        let per_sec: u64 = if self.nano { 1_000_000_000 } else { 1_000_000 };
        (self.value as u64 / per_sec) as i64
    }
}

/// Why a capture could not be read further.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureError {
    /// File name as given by the user (`-` for stdin).
    pub file: String,
    /// Byte offset in the (decompressed) stream where the fault lies.
    pub offset: u64,
    /// What is wrong there.
    pub kind: ErrorKind,
}

/// The kinds of capture-file faults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be opened or read.
    Io(String),
    /// The file has no bytes at all.
    Empty,
    /// The first bytes are not a pcap, pcapng, gzip or zstd magic.
    UnknownMagic([u8; 4]),
    /// The file ends inside a header or record.
    Truncated(&'static str),
    /// A length field is impossible (too large, too small, misaligned).
    BadLength(String),
    /// The compressed stream is corrupt.
    Decompress(String),
    /// Anything else that makes the file unreadable from here on.
    Malformed(String),
    /// A live capture could not start or stopped (no byte offset: `file` is the interface).
    Live(String),
}

impl fmt::Display for CaptureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let ErrorKind::Live(s) = &self.kind {
            return write!(f, "{}: {s}", self.file);
        }
        write!(f, "{}: at byte offset {}: ", self.file, self.offset)?;
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "{e}"),
            ErrorKind::Empty => write!(f, "file is empty (no capture file header)"),
            ErrorKind::UnknownMagic(m) => write!(
                f,
                "unknown file format (magic {:02x}{:02x}{:02x}{:02x}); expected pcap, pcapng, gzip or zstd",
                m[0], m[1], m[2], m[3]
            ),
            ErrorKind::Truncated(what) => write!(f, "file truncated in the middle of {what}"),
            ErrorKind::BadLength(s) => write!(f, "bad length: {s}"),
            ErrorKind::Decompress(s) => write!(f, "decompression failed: {s}"),
            ErrorKind::Malformed(s) | ErrorKind::Live(s) => write!(f, "{s}"),
        }
    }
}

impl std::error::Error for CaptureError {}

/// A fault found by a format parser, before the file name is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    pub(crate) offset: u64,
    pub(crate) kind: ErrorKind,
}

impl Fault {
    pub(crate) fn new(offset: u64, kind: ErrorKind) -> Fault {
        Fault { offset, kind }
    }

    pub(crate) fn in_file(self, file: &str) -> CaptureError {
        CaptureError {
            file: file.to_string(),
            offset: self.offset,
            kind: self.kind,
        }
    }
}
