//! One capture file: its byte source, its format, and the end-of-stream rule
//! (after the first fault or the clean end, it yields nothing more).

use super::input::{io_kind, Input};
use super::live::{Live, LiveOptions};
use super::pcap::{self, Pcap};
use super::pcapng::{self, PcapNg};
use super::{CaptureError, ErrorKind, Fault, Frame};
use std::io::Read;
use std::path::Path;

enum Format {
    Pcap(Pcap),
    PcapNg(PcapNg),
    /// A live interface (its `input` is an empty placeholder).
    Live(Live),
}

/// A reader over one classic pcap or pcapng file.
pub(crate) struct FileReader {
    /// File name as the user gave it, for error messages.
    pub(crate) name: String,
    input: Input,
    format: Format,
    done: bool,
}

impl FileReader {
    /// Opens `path` (`-` for stdin) and reads its file header.
    pub(crate) fn open(path: &Path) -> Result<FileReader, CaptureError> {
        let name = path.display().to_string();
        let input = Input::open(path).map_err(|kind| CaptureError {
            file: name.clone(),
            offset: 0,
            kind,
        })?;
        FileReader::with_input(name, input)
    }

    /// Reads a capture from any byte stream (decompressing gzip/zstd by magic).
    pub(crate) fn from_reader(
        name: &str,
        reader: Box<dyn Read + Send>,
    ) -> Result<FileReader, CaptureError> {
        let input = Input::sniffed(reader).map_err(|kind| CaptureError {
            file: name.into(),
            offset: 0,
            kind,
        })?;
        FileReader::with_input(name.to_string(), input)
    }

    /// The live capture behind this reader, if it is one.
    pub(crate) fn live_mut(&mut self) -> Option<&mut Live> {
        match &mut self.format {
            Format::Live(l) => Some(l),
            _ => None,
        }
    }

    /// Starts a live capture on an interface (Linux only).
    pub(crate) fn live(opts: &LiveOptions) -> Result<FileReader, CaptureError> {
        let live = Live::open(opts)?;
        Ok(FileReader {
            name: live.name.clone(),
            input: Input::streamed(Box::new(std::io::empty())),
            format: Format::Live(live),
            done: false,
        })
    }

    fn with_input(name: String, mut input: Input) -> Result<FileReader, CaptureError> {
        let fail = |f: Fault| f.in_file(&name);
        let avail = input.fill(4).map_err(|e| fail(Fault::new(0, io_kind(e))))?;
        let magic = match input.peek().get(..4) {
            Some(&[a, b, c, d]) => [a, b, c, d],
            _ if avail == 0 => return Err(fail(Fault::new(0, ErrorKind::Empty))),
            _ => {
                return Err(fail(Fault::new(
                    0,
                    ErrorKind::Truncated("the capture file header"),
                )))
            }
        };
        let format = if pcap::is_magic(magic) {
            Format::Pcap(Pcap::open(&mut input).map_err(fail)?)
        } else if u32::from_le_bytes(magic) == pcapng::SHB_TYPE {
            Format::PcapNg(PcapNg::open(&mut input).map_err(fail)?)
        } else {
            return Err(fail(Fault::new(0, ErrorKind::UnknownMagic(magic))));
        };
        Ok(FileReader {
            name,
            input,
            format,
            done: false,
        })
    }

    /// The next frame (number and source still 0), a final error, or `None`.
    #[inline]
    pub(crate) fn next(&mut self) -> Option<Result<Frame<'_>, CaptureError>> {
        if self.done {
            return None;
        }
        let got = match &mut self.format {
            Format::Pcap(p) => p.next(&mut self.input),
            Format::PcapNg(ng) => ng.next(&mut self.input),
            Format::Live(live) => return live.next(),
        };
        match got {
            Some(Ok(frame)) => Some(Ok(frame)),
            Some(Err(fault)) => {
                self.done = true;
                Some(Err(fault.in_file(&self.name)))
            }
            None => {
                self.done = true;
                None
            }
        }
    }

    /// LINKTYPE_* of the file (pcap) or of its first interface (pcapng), once known.
    pub(crate) fn first_link_type(&self) -> Option<u32> {
        match &self.format {
            Format::Pcap(p) => Some(p.link_type),
            Format::PcapNg(ng) => ng.first.map(|i| i.link_type),
            Format::Live(live) => Some(live.link_type()),
        }
    }

    /// Snapshot length of the file (pcap) or of its first interface (pcapng); 0 when unknown.
    pub(crate) fn snaplen(&self) -> u32 {
        match &self.format {
            Format::Pcap(p) => p.snaplen,
            Format::PcapNg(ng) => ng.first.map_or(0, |i| i.snaplen),
            Format::Live(live) => live.snaplen(),
        }
    }

    /// Whether timestamps are finer than microseconds.
    pub(crate) fn nanosecond(&self) -> bool {
        match &self.format {
            Format::Pcap(p) => p.nano,
            Format::PcapNg(ng) => ng.first.is_some_and(|i| i.nanosecond()),
            Format::Live(_) => true,
        }
    }

    /// FCS bytes at the end of each frame, when the file header says.
    pub(crate) fn fcs_len(&self) -> Option<u8> {
        match &self.format {
            Format::Pcap(p) => p.fcs_len,
            Format::PcapNg(ng) => ng.first.and_then(|i| i.fcs_len),
            Format::Live(_) => None,
        }
    }

    /// "pcap", "pcapng" or "live".
    pub(crate) fn format_name(&self) -> &'static str {
        match &self.format {
            Format::Pcap(_) => "pcap",
            Format::PcapNg(_) => "pcapng",
            Format::Live(_) => "live",
        }
    }

    /// Whether frames are slices of a memory map.
    pub(crate) fn is_mapped(&self) -> bool {
        self.input.is_mapped()
    }
}
