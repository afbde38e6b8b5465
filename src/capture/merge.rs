//! [`Capture`]: one or more files read as a single stream ordered by timestamp.
//!
//! With one file, frames are handed straight from the reader (slices of the
//! memory map or of the streaming buffer). With several, each file keeps one
//! pending frame copied into its own reusable buffer, and a min-heap keyed by
//! (timestamp, file index) picks the next: ties keep command-line order, and
//! frames of one file keep their order even when its timestamps go backwards,
//! as `mergecap` does.

use super::reader::FileReader;
use super::{CaptureError, Frame, LiveOptions, RawFraction};
use crate::time::Timestamp;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::io::Read;
use std::path::Path;

/// A stream of frames from one or more capture files.
pub struct Capture {
    files: Vec<FileReader>,
    /// Pending frames of each file (merge mode only).
    slots: Vec<Slot>,
    heap: BinaryHeap<Reverse<(Timestamp, u16)>>,
    /// Bytes of the frame last returned in merge mode.
    current: Vec<u8>,
    /// Each failed file's error, delivered after every good frame.
    errors: VecDeque<CaptureError>,
    primed: bool,
    count: u64,
    /// Which frames the consumer wants (a filter expression, one connection);
    /// held here for it, applied by the consumer's loop.
    selector: Option<Selector>,
}

/// A frame predicate set by the command line (see [`Capture::set_selector`]).
pub type Selector = Box<dyn FnMut(&Frame<'_>) -> Pick + Send>;

/// What a [`Selector`] says of a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Keep,
    Skip,
    /// Nothing further is wanted (a packet count was reached).
    Stop,
    /// Keep this frame, and nothing after it (the count is reached with it:
    /// a live capture must not wait for one more frame to notice).
    Last,
}

/// What the header of one input file says (for tcpdump's "reading from file" banner).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    /// File name as given (`-` for stdin).
    pub name: String,
    /// "pcap", "pcapng" or "live".
    pub format: &'static str,
    /// LINKTYPE_* of the file (pcap) or its first interface (pcapng), once known.
    pub link_type: Option<u32>,
    /// Snapshot length as libpcap reports it (0 = unknown).
    pub snaplen: u32,
    /// Timestamps finer than microseconds.
    pub nanosecond: bool,
    /// FCS bytes at the end of each frame, when the header says.
    pub fcs_len: Option<u8>,
    /// Frames are zero-copy slices of a memory map.
    pub mapped: bool,
}

/// One file's pending frame, owned.
#[derive(Default)]
struct Slot {
    meta: Option<Meta>,
    buf: Vec<u8>,
}

#[derive(Clone, Copy)]
struct Meta {
    offset: u64,
    ts: Timestamp,
    link_type: u32,
    caplen: u32,
    orig_len: u32,
    snaplen: u32,
    raw_fraction: Option<RawFraction>,
}

impl Capture {
    /// Opens one or more files (`-` = stdin), merged by timestamp (stable: ties keep file order).
    ///
    /// Fails on the first file that cannot be opened or whose header is bad.
    pub fn open<P: AsRef<Path>>(paths: &[P]) -> Result<Capture, CaptureError> {
        if paths.len() > u16::MAX as usize {
            let kind =
                super::ErrorKind::Malformed(format!("too many input files ({})", paths.len()));
            return Err(CaptureError {
                file: "-".into(),
                offset: 0,
                kind,
            });
        }
        let files = paths
            .iter()
            .map(|p| FileReader::open(p.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Capture::from_files(files))
    }

    /// Reads a capture from any byte stream (gzip/zstd detected by magic), e.g. a socket.
    pub fn from_reader(name: &str, reader: Box<dyn Read + Send>) -> Result<Capture, CaptureError> {
        Ok(Capture::from_files(vec![FileReader::from_reader(
            name, reader,
        )?]))
    }

    /// Captures live from a network interface (Linux `AF_PACKET`; see [`LiveOptions`]).
    pub fn live(opts: &LiveOptions) -> Result<Capture, CaptureError> {
        Ok(Capture::from_files(vec![FileReader::live(opts)?]))
    }

    /// Whether frames come from a live interface (print each one as it arrives).
    pub fn is_live(&self) -> bool {
        self.files.iter().any(|f| f.format_name() == "live")
    }

    fn from_files(files: Vec<FileReader>) -> Capture {
        let slots = if files.len() > 1 {
            files.iter().map(|_| Slot::default()).collect()
        } else {
            Vec::new()
        };
        Capture {
            files,
            slots,
            heap: BinaryHeap::new(),
            current: Vec::new(),
            errors: VecDeque::new(),
            primed: false,
            count: 0,
            selector: None,
        }
    }

    /// Live capture: attaches a classic BPF program (code, jt, jf, k) in the
    /// kernel; false when the capture is not live or its frames are not
    /// what the kernel filters (cooked links).
    pub fn attach_kernel_filter(&mut self, prog: &[(u16, u8, u8, u32)]) -> std::io::Result<bool> {
        match self.files.first_mut().and_then(|f| f.live_mut()) {
            Some(l) => l.attach_filter(prog),
            None => Ok(false),
        }
    }

    /// Live capture: the kernel's (received by filter, dropped) counters.
    pub fn live_statistics(&mut self) -> Option<(u64, u64)> {
        self.files.first_mut().and_then(|f| f.live_mut()).and_then(|l| l.statistics())
    }

    /// Keeps a frame predicate with the capture, for the loop that reads it.
    pub fn set_selector(&mut self, s: Selector) {
        self.selector = Some(s);
    }

    /// Takes the predicate out (the reading loop owns it while frames are borrowed).
    pub fn take_selector(&mut self) -> Option<Selector> {
        self.selector.take()
    }

    /// Next frame. A file's error comes after all good frames (of every file)
    /// and is final for that file; with one file, the stream ends there.
    #[inline]
    pub fn next_frame(&mut self) -> Option<Result<Frame<'_>, CaptureError>> {
        if self.files.len() == 1 {
            let file = self.files.first_mut()?;
            return match file.next()? {
                Ok(mut f) => {
                    self.count += 1;
                    f.number = self.count;
                    Some(Ok(f))
                }
                Err(e) => Some(Err(e)),
            };
        }
        self.next_merged()
    }

    fn next_merged(&mut self) -> Option<Result<Frame<'_>, CaptureError>> {
        if !self.primed {
            self.primed = true;
            for i in 0..self.files.len() {
                self.refill(i);
            }
        }
        let Some(Reverse((_, source))) = self.heap.pop() else {
            return self.errors.pop_front().map(Err);
        };
        let i = source as usize;
        let meta = self.slots.get_mut(i).and_then(|s| {
            std::mem::swap(&mut self.current, &mut s.buf);
            s.meta.take()
        })?;
        self.refill(i);
        self.count += 1;
        Some(Ok(Frame {
            number: self.count,
            source,
            offset: meta.offset,
            ts: meta.ts,
            link_type: meta.link_type,
            caplen: meta.caplen,
            orig_len: meta.orig_len,
            snaplen: meta.snaplen,
            data: &self.current,
            raw_fraction: meta.raw_fraction,
        }))
    }

    /// Loads file `i`'s next frame into its slot and the heap.
    fn refill(&mut self, i: usize) {
        let (Some(file), Some(slot)) = (self.files.get_mut(i), self.slots.get_mut(i)) else {
            return;
        };
        match file.next() {
            Some(Ok(f)) => {
                slot.buf.clear();
                slot.buf.extend_from_slice(f.data);
                slot.meta = Some(Meta {
                    offset: f.offset,
                    ts: f.ts,
                    link_type: f.link_type,
                    caplen: f.caplen,
                    orig_len: f.orig_len,
                    snaplen: f.snaplen,
                    raw_fraction: f.raw_fraction,
                });
                self.heap.push(Reverse((f.ts, i as u16)));
            }
            Some(Err(e)) => self.errors.push_back(e),
            None => {}
        }
    }

    /// What each file's header says, in file order (index = [`Frame::source`]).
    pub fn files(&self) -> Vec<FileInfo> {
        self.files
            .iter()
            .map(|f| FileInfo {
                name: f.name.clone(),
                format: f.format_name(),
                link_type: f.first_link_type(),
                snaplen: f.snaplen(),
                nanosecond: f.nanosecond(),
                fcs_len: f.fcs_len(),
                mapped: f.is_mapped(),
            })
            .collect()
    }

    /// LINKTYPE_* of the first file's first interface, once known.
    pub fn first_link_type(&self) -> Option<u32> {
        self.files.first().and_then(FileReader::first_link_type)
    }

    /// LINKTYPE_* of each file's first interface, in file order (`None` before its first IDB).
    pub fn link_types(&self) -> Vec<Option<u32>> {
        self.files.iter().map(FileReader::first_link_type).collect()
    }

    /// Snapshot length of the first file (its first interface for pcapng).
    pub fn snaplen(&self) -> u32 {
        self.files.first().map_or(0, FileReader::snaplen)
    }

    /// Whether the first file has timestamps finer than microseconds.
    pub fn nanosecond(&self) -> bool {
        self.files.first().is_some_and(FileReader::nanosecond)
    }

    /// FCS bytes at the end of each frame of the first file, when its header says.
    pub fn fcs_len(&self) -> Option<u8> {
        self.files.first().and_then(FileReader::fcs_len)
    }

    /// "pcap" or "pcapng" for each file, in order.
    pub fn formats(&self) -> Vec<&'static str> {
        self.files.iter().map(FileReader::format_name).collect()
    }

    /// File names as given, in order (index = [`Frame::source`]).
    pub fn file_names(&self) -> Vec<&str> {
        self.files.iter().map(|f| f.name.as_str()).collect()
    }

    /// Whether every file is memory-mapped (frames are zero-copy slices).
    pub fn is_mapped(&self) -> bool {
        self.files.iter().all(FileReader::is_mapped)
    }
}
