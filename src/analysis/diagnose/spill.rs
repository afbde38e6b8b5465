//! Findings of released conversations, set aside on disk while the capture
//! is read (`diagnose` in text and JSON).
//!
//! A report lists findings by severity, then time, so none can be printed
//! before the capture ends; kept in memory, the findings of a capture with
//! millions of healthy conversations would outgrow the conversations
//! themselves. Each released finding is written as one JSON line to an
//! unnamed temporary file (unlinked at once: nothing is left behind, even
//! after a crash), and memory keeps a small index entry: severity, time,
//! where the line is, and the kernel endpoints whose states are read as of
//! the capture's end. The printers read them back one at a time, merged
//! with the findings decided at the end ([`Report::each_finding`](super::Report::each_finding)).

use super::finding::{Finding, Severity, TcpState};
use crate::flow::kernel::KernelEndpoint;
use crate::time::Timestamp;
use std::fs::File;
use std::io::{self, Write};
#[cfg(not(unix))]
use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

/// Sets the states a finding shows to the ones its endpoints had at `end`
/// (the capture's end), as `conns` shows them; states a rule called
/// unknowable stay unknown.
pub fn final_states(f: &mut Finding, kernel: Option<[KernelEndpoint; 2]>, end: Timestamp) {
    [f.client_state, f.server_state] = states_at([f.client_state, f.server_state], kernel, end);
}

/// [`final_states`] of the pair (client, server).
fn states_at(states: [TcpState; 2], kernel: Option<[KernelEndpoint; 2]>, end: Timestamp) -> [TcpState; 2] {
    let Some(ends) = kernel else { return states };
    let mut out = states;
    for (s, k) in out.iter_mut().zip(ends) {
        if k.touched && *s != TcpState::Unknown {
            *s = k.state_at(end);
        }
    }
    out
}

/// The two states as a finding's JSON line holds them.
fn states_json(out: &mut Vec<u8>, [c, s]: [TcpState; 2]) {
    out.extend_from_slice(b"\"client_state\":\"");
    out.extend_from_slice(c.netstat_name().as_bytes());
    out.extend_from_slice(b"\",\"server_state\":\"");
    out.extend_from_slice(s.netstat_name().as_bytes());
    out.push(b'"');
}

/// Where a finding's JSON line holds its two states (a byte range), so
/// that its final states can be written into the line as it is printed
/// instead of reading the finding back and serialising it again. JSON
/// escapes every quote inside a string, so the first match is the field.
fn locate_states(line: &[u8], states: [TcpState; 2]) -> Option<(u32, u32)> {
    let mut want = Vec::with_capacity(64);
    states_json(&mut want, states);
    let at = memchr::memmem::find(line, &want)?;
    Some((u32::try_from(at).ok()?, u32::try_from(at + want.len()).ok()?))
}

/// Where one spilled finding is, what ordering and final states need, and
/// the fields its JSON line does not bring back (static strings, states).
#[derive(Clone, Copy, Debug)]
struct Entry {
    severity: Severity,
    ts: f64,
    offset: u64,
    len: u32,
    kernel: Option<[KernelEndpoint; 2]>,
    proto: &'static str,
    conn_state: Option<&'static str>,
    states: [TcpState; 2],
    /// Where the line holds the states ([`locate_states`]).
    states_at: Option<(u32, u32)>,
}

/// Bytes gathered before one write to the file.
const CHUNK: usize = 1 << 16;

/// Findings being written aside.
pub struct Spill {
    file: File,
    /// Lines not yet written.
    buf: Vec<u8>,
    written: u64,
    index: Vec<Entry>,
    /// A write failed: later findings stay in memory.
    refused: bool,
}

impl Spill {
    /// An unnamed temporary file in the system's temporary directory; None
    /// when it cannot be made (the findings then stay in memory).
    pub fn create() -> Option<Spill> {
        static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("tcpsleuth-findings-{}-{n}", std::process::id()));
        let file = std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path).ok()?;
        // Unlinked while open: the space returns when the file is closed,
        // however the process ends.
        std::fs::remove_file(&path).ok()?;
        Some(Spill { file, buf: Vec::with_capacity(CHUNK), written: 0, index: Vec::new(), refused: false })
    }

    /// Writes one finding aside (false when it could not be: keep it).
    pub fn push(&mut self, f: &Finding, kernel: Option<[KernelEndpoint; 2]>) -> bool {
        if self.refused {
            return false;
        }
        if self.buf.len() >= CHUNK && !self.flush() {
            return false;
        }
        // Serialised in place, after the lines gathered so far.
        let start = self.buf.len();
        let line_len = match serde_json::to_writer(&mut self.buf, f) {
            Ok(()) => self.buf.len() - start,
            Err(_) => {
                self.buf.truncate(start);
                return false;
            }
        };
        let Ok(len) = u32::try_from(line_len) else {
            self.buf.truncate(start);
            return false;
        };
        let offset = self.written + start as u64;
        let line = &self.buf[start..];
        self.index.push(Entry {
            severity: f.severity,
            ts: f.ts,
            offset,
            len,
            kernel,
            proto: f.proto,
            conn_state: f.conn_state,
            states: [f.client_state, f.server_state],
            states_at: locate_states(&line, [f.client_state, f.server_state]),
        });
        true
    }

    /// Writes the gathered lines; false (nothing written) when the disk refused.
    fn flush(&mut self) -> bool {
        match self.file.write_all(&self.buf) {
            Ok(()) => {
                self.written += self.buf.len() as u64;
                self.buf.clear();
                true
            }
            Err(_) => {
                self.refused = true;
                false
            }
        }
    }

    /// Ends writing: the findings in report order (severity, then time; the
    /// order they were written in at equal ones), states as of `end`.
    /// When the last lines cannot be written, reading any back fails
    /// (the printer reports it) rather than leaving findings out unsaid.
    pub fn finish(mut self, end: Timestamp) -> Spilled {
        let broken = !self.flush();
        let mut index = std::mem::take(&mut self.index);
        index.sort_by(|x, y| x.severity.cmp(&y.severity).then(x.ts.total_cmp(&y.ts)));
        Spilled { file: Arc::new(self.file), index: index.into(), end, broken }
    }
}

/// Findings written aside, in report order, to read back one at a time.
#[derive(Clone)]
pub struct Spilled {
    file: Arc<File>,
    index: Arc<[Entry]>,
    end: Timestamp,
    /// The last lines could not be written.
    broken: bool,
}

impl std::fmt::Debug for Spilled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Spilled({} findings)", self.index.len())
    }
}

impl Spilled {
    /// Findings written aside.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when none was.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// True when the `i`th comes before `f` in report order (at equal
    /// severity and time, findings kept in memory come first: they were
    /// listed before the released ones).
    pub fn before(&self, i: usize, f: &Finding) -> bool {
        self.index.get(i).is_some_and(|e| e.severity.cmp(&f.severity).then(e.ts.total_cmp(&f.ts)).is_lt())
    }

    /// Reads the `i`th finding back, with its final states.
    pub fn read(&self, i: usize) -> io::Result<Finding> {
        let (e, buf) = self.bytes(i)?;
        let mut f: Finding = serde_json::from_slice(&buf).map_err(io::Error::other)?;
        f.proto = e.proto;
        f.conn_state = e.conn_state;
        [f.client_state, f.server_state] = e.states;
        final_states(&mut f, e.kernel, self.end);
        Ok(f)
    }

    /// Appends the `i`th finding's JSON line (without its newline) to
    /// `out`: the line as written, its final states put in, exactly what
    /// serialising [`Spilled::read`]'s finding gives.
    pub fn json_line(&self, i: usize, out: &mut Vec<u8>) -> io::Result<()> {
        let (e, buf) = self.bytes(i)?;
        let Some((a, b)) = e.states_at else {
            return serde_json::to_writer(out, &self.read(i)?).map_err(io::Error::other);
        };
        let (head, tail) = (buf.get(..a as usize), buf.get(b as usize..));
        let (Some(head), Some(tail)) = (head, tail) else { return Err(io::Error::other("spilled finding cut short")) };
        out.extend_from_slice(head);
        states_json(out, states_at(e.states, e.kernel, self.end));
        out.extend_from_slice(tail);
        Ok(())
    }

    /// The `i`th entry and its line's bytes.
    fn bytes(&self, i: usize) -> io::Result<(&Entry, Vec<u8>)> {
        if self.broken {
            return Err(io::Error::other("findings written to a temporary file could not be saved (disk full?)"));
        }
        let e = self.index.get(i).ok_or_else(|| io::Error::other("no such spilled finding"))?;
        let mut buf = vec![0u8; e.len as usize];
        read_at(&self.file, &mut buf, e.offset)?;
        Ok((e, buf))
    }
}

/// Reads `buf.len()` bytes at `offset` (one system call where the system has it).
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(mut file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buf)
}
