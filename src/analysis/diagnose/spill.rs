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
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::Arc;

/// Sets the states a finding shows to the ones its endpoints had at `end`
/// (the capture's end), as `conns` shows them; states a rule called
/// unknowable stay unknown.
pub fn final_states(f: &mut Finding, kernel: Option<[KernelEndpoint; 2]>, end: Timestamp) {
    if let Some([cl, sv]) = kernel {
        if cl.touched && f.client_state != TcpState::Unknown {
            f.client_state = cl.state_at(end);
        }
        if sv.touched && f.server_state != TcpState::Unknown {
            f.server_state = sv.state_at(end);
        }
    }
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
        let Ok(line) = serde_json::to_vec(f) else { return false };
        let Ok(len) = u32::try_from(line.len()) else { return false };
        if self.buf.len() + line.len() > CHUNK && !self.flush() {
            return false;
        }
        let offset = self.written + self.buf.len() as u64;
        self.buf.extend_from_slice(&line);
        self.index.push(Entry {
            severity: f.severity,
            ts: f.ts,
            offset,
            len,
            kernel,
            proto: f.proto,
            conn_state: f.conn_state,
            states: [f.client_state, f.server_state],
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
        if self.broken {
            return Err(io::Error::other("findings written to a temporary file could not be saved (disk full?)"));
        }
        let e = self.index.get(i).ok_or_else(|| io::Error::other("no such spilled finding"))?;
        let mut buf = vec![0u8; e.len as usize];
        let mut file = &*self.file;
        file.seek(SeekFrom::Start(e.offset))?;
        file.read_exact(&mut buf)?;
        let mut f: Finding = serde_json::from_slice(&buf).map_err(io::Error::other)?;
        f.proto = e.proto;
        f.conn_state = e.conn_state;
        [f.client_state, f.server_state] = e.states;
        final_states(&mut f, e.kernel, self.end);
        Ok(f)
    }
}
