//! Byte sources for capture readers: a memory map, or a bounded streaming buffer.
//!
//! Both expose the same cursor API (`fill`, `consume`, `bytes`) so that the
//! format parsers hand out slices without knowing where the bytes live. A
//! plain file is mapped once and every frame is a slice of the map; gzip,
//! zstd, pipes and stdin go through one reusable buffer that only grows as far
//! as the largest record actually present.

use super::prefetch::{self, Prefetcher};
use super::ErrorKind;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

/// How far ahead of the cursor a mapped walk touches the file.
const TOUCH_AHEAD: usize = 4096;
/// Bytes per cache line.
const CACHE_LINE: usize = 64;

/// How many bytes a streaming read asks for at a time.
const READ_CHUNK: usize = 256 * 1024;

/// Magic numbers of the compression formats we unwrap.
pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// Where the bytes of one capture file come from.
pub(crate) struct Input {
    body: Body,
    /// Index in `data()` of the first unconsumed byte.
    cur: usize,
    /// Offset in the (decompressed) file of `data()[0]`.
    base: u64,
    /// Mapped bytes below this index have been touched (see `consume`).
    touched: usize,
    /// Mapped bytes below this index have been handed back to the kernel.
    released: usize,
    /// The thread touching a large map ahead of the cursor, if any.
    prefetch: Option<Prefetcher>,
    /// The cursor as last told to `prefetch`.
    told: usize,
}

enum Body {
    Mapped(Arc<memmap2::Mmap>),
    /// Empty file: mapping zero bytes is an error on some systems.
    Empty,
    Stream(Stream),
}

struct Stream {
    reader: Box<dyn Read + Send>,
    buf: Vec<u8>,
    /// Bytes of `buf` holding data (the rest is spare capacity, zeroed once).
    end: usize,
    eof: bool,
}

impl Input {
    /// Opens `path` (`-` is stdin), sniffing gzip and zstd by their magic.
    pub(crate) fn open(path: &Path) -> Result<Input, ErrorKind> {
        if path.as_os_str() == "-" {
            return Input::sniffed(Box::new(io::stdin()));
        }
        let file = File::open(path).map_err(|e| ErrorKind::Io(format!("cannot open: {e}")))?;
        let mut head = [0u8; 4];
        let n = read_up_to(&mut &file, &mut head).map_err(io_kind)?;
        let compressed = head[..n].starts_with(&GZIP_MAGIC) || is_zstd(&head[..n]);
        if !compressed {
            let is_regular = file.metadata().map(|m| m.is_file()).unwrap_or(false);
            if is_regular {
                if let Some(input) = Input::mapped(&file) {
                    return Ok(input);
                }
            }
        }
        // Pipes, fifos, compressed files and failed maps: stream what we read so far, then the rest.
        let rest: Box<dyn Read + Send> = Box::new(io::Cursor::new(head[..n].to_vec()).chain(file));
        Input::sniffed(rest)
    }

    /// Streams `reader`, unwrapping gzip or zstd when its first bytes say so.
    pub(crate) fn sniffed(mut reader: Box<dyn Read + Send>) -> Result<Input, ErrorKind> {
        let mut head = [0u8; 4];
        let n = read_up_to(&mut reader, &mut head).map_err(io_kind)?;
        let replay: Box<dyn Read + Send> = Box::new(io::Cursor::new(head[..n].to_vec()).chain(reader));
        let decoded: Box<dyn Read + Send> = if head[..n].starts_with(&GZIP_MAGIC) {
            Box::new(flate2::read::MultiGzDecoder::new(replay))
        } else if is_zstd(&head[..n]) {
            Box::new(ZstdFrames::new(replay))
        } else {
            replay
        };
        Ok(Input::streamed(decoded))
    }

    /// A streaming input over an already decoded byte stream.
    pub(crate) fn streamed(reader: Box<dyn Read + Send>) -> Input {
        let stream = Stream {
            reader,
            buf: Vec::new(),
            end: 0,
            eof: false,
        };
        Input {
            body: Body::Stream(stream),
            cur: 0,
            base: 0,
            touched: usize::MAX,
            released: 0,
            prefetch: None,
            told: 0,
        }
    }

    fn mapped(file: &File) -> Option<Input> {
        let len = file.metadata().ok()?.len();
        if len == 0 {
            return Some(Input {
                body: Body::Empty,
                cur: 0,
                base: 0,
                touched: usize::MAX,
                released: 0,
                prefetch: None,
                told: 0,
            });
        }
        let map = Arc::new(map_file(file).ok()?);
        let prefetch = if map.len() >= prefetch::MIN_MAP { Prefetcher::start(map.clone()) } else { None };
        Some(Input {
            body: Body::Mapped(map),
            cur: 0,
            base: 0,
            touched: 0,
            released: 0,
            prefetch,
            told: 0,
        })
    }

    /// Whether frames are slices of a memory map (no copying at all).
    pub(crate) fn is_mapped(&self) -> bool {
        matches!(self.body, Body::Mapped(_) | Body::Empty)
    }

    /// All bytes currently held; the cursor and `consume` results index into it.
    #[inline]
    pub(crate) fn data(&self) -> &[u8] {
        match &self.body {
            Body::Mapped(m) => &m[..],
            Body::Empty => &[],
            Body::Stream(s) => s.buf.get(..s.end).unwrap_or(&[]),
        }
    }

    /// The unconsumed bytes (at least what the last successful `fill` asked for).
    #[inline]
    pub(crate) fn peek(&self) -> &[u8] {
        self.data().get(self.cur..).unwrap_or(&[])
    }

    /// File offset of the cursor.
    #[inline]
    pub(crate) fn offset(&self) -> u64 {
        self.base + self.cur as u64
    }

    /// Makes `n` bytes available at the cursor if the input has them; returns
    /// how many are available (fewer than `n` only at end of input).
    ///
    /// Moves buffered bytes: slices from `data()` taken before are invalid after.
    #[inline]
    pub(crate) fn fill(&mut self, n: usize) -> io::Result<usize> {
        let have = self.data().len() - self.cur;
        if have >= n {
            return Ok(have);
        }
        match &mut self.body {
            Body::Mapped(_) | Body::Empty => Ok(have),
            Body::Stream(s) => {
                // Drop consumed bytes so the buffer never holds more than one record plus a chunk.
                s.buf.copy_within(self.cur..s.end, 0);
                s.end -= self.cur;
                self.base += self.cur as u64;
                self.cur = 0;
                s.fill(n)
            }
        }
    }

    /// Advances the cursor by `n` bytes (already made available by `fill`);
    /// returns the index in `data()` where they start.
    #[inline]
    pub(crate) fn consume(&mut self, n: usize) -> usize {
        let start = self.cur;
        self.cur = (self.cur + n).min(self.data().len());
        let Body::Mapped(m) = &self.body else { return start };
        if let Some(p) = &self.prefetch {
            // A thread touches ahead: tell it where the cursor is now and then.
            if self.cur - self.told >= prefetch::STEP {
                p.advance(self.cur);
                self.told = self.cur;
            }
        } else {
            // Each record header depends on the previous caplen, so a mapped walk
            // would wait on memory once per record. Reading one byte per cache line
            // ahead of the cursor starts those loads early and in parallel
            // (measured: 5 → 9 M records/s on a 170 MB pcap).
            let until = (self.cur + TOUCH_AHEAD).min(m.len());
            while self.touched < until {
                if let Some(b) = m.get(self.touched) {
                    std::hint::black_box(*b);
                }
                self.touched += CACHE_LINE;
            }
        }
        // Pages behind the record being returned are never read again:
        // unmapping them keeps the resident set flat (RELEASE_CHUNK) on
        // multi-gigabyte files instead of growing with the file.
        if start - self.released >= RELEASE_CHUNK {
            release(m, self.released, start - self.released);
            self.released = start;
        }
        start
    }
}

impl Stream {
    /// Reads until `n` bytes are buffered or the input ends.
    fn fill(&mut self, n: usize) -> io::Result<usize> {
        while self.end < n && !self.eof {
            if self.end == self.buf.len() {
                // Grow by doubling as data actually arrives, never straight to an untrusted `n`.
                let grown = (self.buf.len() * 2).clamp(READ_CHUNK, n.max(READ_CHUNK));
                self.buf.resize(grown, 0);
            }
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(k) => self.end += k,
                // ctrl-C while waiting on a pipe: the input ends here, so
                // the command prints what it read (see `stop_on_signals`).
                Err(e) if e.kind() == io::ErrorKind::Interrupted => self.eof = super::live::stop_requested(),
                Err(e) => return Err(e),
            }
        }
        Ok(self.end)
    }
}

/// Mapped bytes consumed between two hand-backs to the kernel.
const RELEASE_CHUNK: usize = 16 << 20;

/// Drops `len` mapped bytes at `offset` from this process's resident set.
#[cfg(unix)]
fn release(m: &memmap2::Mmap, offset: usize, len: usize) {
    // SAFETY: the map is a shared, read-only file mapping, so MADV_DONTNEED
    // only drops our page-table entries: a later access (there is none — the
    // range lies behind every frame handed out) would re-read the same bytes
    // from the page cache. Failure is harmless and ignored.
    let _ = unsafe { m.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, offset, len) };
}

#[cfg(not(unix))]
fn release(_m: &memmap2::Mmap, _offset: usize, _len: usize) {}

/// Maps `file` read-only.
fn map_file(file: &File) -> io::Result<memmap2::Mmap> {
    // SAFETY: the map is read-only and private to this reader. If another
    // process truncates the file while we read it, accesses past the new end
    // raise SIGBUS; that is the accepted cost of zero-copy reading (libpcap
    // and Wireshark have the same exposure with their own buffers' sources).
    unsafe { memmap2::Mmap::map(file) }
}

/// A zstd frame or a skippable frame (magic 0x184D2A50..=0x184D2A5F, little-endian).
pub(crate) fn is_zstd(head: &[u8]) -> bool {
    head == ZSTD_MAGIC || matches!(head, [b, 0x2a, 0x4d, 0x18] if b & 0xf0 == 0x50)
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Classifies a read error: decoder failures come back as `InvalidData`/`Other`.
pub(crate) fn io_kind(e: io::Error) -> ErrorKind {
    match e.kind() {
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput | io::ErrorKind::Other => {
            ErrorKind::Decompress(e.to_string())
        }
        io::ErrorKind::UnexpectedEof => {
            ErrorKind::Decompress(format!("compressed stream ends early: {e}"))
        }
        _ => ErrorKind::Io(e.to_string()),
    }
}

/// A zstd stream of one or more frames, skippable frames (pzstd) skipped.
struct ZstdFrames {
    src: BufReader<Box<dyn Read + Send>>,
    dec: ruzstd::FrameDecoder,
    /// A frame is being decoded (else the next read starts one).
    in_frame: bool,
}

impl ZstdFrames {
    fn new(r: Box<dyn Read + Send>) -> Self {
        ZstdFrames {
            src: BufReader::new(r),
            dec: ruzstd::FrameDecoder::new(),
            in_frame: false,
        }
    }

    /// Starts the next data frame; false at a clean end of input.
    fn start_frame(&mut self) -> io::Result<bool> {
        use ruzstd::frame::ReadFrameHeaderError::SkipFrame;
        use ruzstd::frame_decoder::FrameDecoderError::ReadFrameHeaderError;
        loop {
            if self.src.fill_buf()?.is_empty() {
                return Ok(false);
            }
            match self.dec.reset(&mut self.src) {
                Ok(()) => return Ok(true),
                Err(ReadFrameHeaderError(SkipFrame { length, .. })) => {
                    let skipped =
                        io::copy(&mut (&mut self.src).take(length as u64), &mut io::sink())?;
                    if skipped < length as u64 {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "zstd skippable frame cut short",
                        ));
                    }
                }
                Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, e.to_string())),
            }
        }
    }
}

impl Read for ZstdFrames {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.in_frame {
                // As ruzstd's StreamingDecoder: decode blocks until enough is collectable.
                while self.dec.can_collect() < buf.len() && !self.dec.is_finished() {
                    let want = buf.len() - self.dec.can_collect();
                    self.dec
                        .decode_blocks(
                            &mut self.src,
                            ruzstd::BlockDecodingStrategy::UptoBytes(want),
                        )
                        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
                }
                let n = self.dec.read(buf)?;
                if n > 0 {
                    return Ok(n);
                }
                self.in_frame = false;
            }
            if !self.start_frame()? {
                return Ok(0);
            }
            self.in_frame = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out one byte per call, like a slow pipe.
    struct Trickle(Vec<u8>, usize);
    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.get(self.1), buf.first_mut()) {
                (Some(b), Some(slot)) => {
                    *slot = *b;
                    self.1 += 1;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn stream_fill_gathers_short_reads_and_tracks_offsets() {
        let mut input = Input::streamed(Box::new(Trickle((0u8..20).collect(), 0)));
        assert_eq!(input.fill(8).ok(), Some(8));
        let at = input.consume(6);
        assert_eq!(&input.data()[at..at + 6], &[0, 1, 2, 3, 4, 5]);
        assert!(input.fill(10).is_ok_and(|n| n >= 10));
        assert_eq!((input.offset(), &input.peek()[..3]), (6, &[6u8, 7, 8][..]));
    }

    #[test]
    fn stream_fill_reports_short_at_end() {
        let mut input = Input::streamed(Box::new(io::Cursor::new(vec![1u8; 5])));
        assert_eq!(input.fill(100).ok(), Some(5));
    }
}
