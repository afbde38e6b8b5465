//! A thread that touches a mapped capture a few megabytes ahead of the
//! reader, so page faults and memory loads happen on the other core while the
//! reader walks records (each record header's place depends on the previous
//! one's length: a walk that waits on memory waits once per record).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// Bytes the thread keeps touched ahead of the reader's cursor.
const WINDOW: usize = 2 << 20;
/// The reader tells the thread where it is every this many bytes.
pub const STEP: usize = 256 << 10;
/// Maps smaller than this are read before a thread would have started.
pub const MIN_MAP: usize = 64 << 20;
/// Bytes per cache line.
const CACHE_LINE: usize = 64;

/// The touching thread of one map; stopped and joined on drop.
pub struct Prefetcher {
    cursor: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Prefetcher {
    /// Starts touching `map` from its start; `None` if no thread could start
    /// (the reader then touches ahead itself).
    pub fn start(map: Arc<memmap2::Mmap>) -> Option<Prefetcher> {
        let cursor = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (cursor.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("tcpsleuth-prefetch".into())
            .spawn(move || touch(&map, &c, &s))
            .ok()?;
        Some(Prefetcher { cursor, stop, thread: Some(thread) })
    }

    /// The reader is at `at`: touch up to `at + WINDOW`.
    pub fn advance(&self, at: usize) {
        self.cursor.store(at, Ordering::Relaxed);
        if let Some(t) = &self.thread {
            t.thread().unpark();
        }
    }
}

/// Touches one byte per cache line up to the window ahead of the cursor,
/// then sleeps until the reader moves on.
fn touch(map: &[u8], cursor: &AtomicUsize, stop: &AtomicBool) {
    let mut touched = 0usize;
    while !stop.load(Ordering::Relaxed) && touched < map.len() {
        let at = cursor.load(Ordering::Relaxed);
        // Behind the reader (this thread was not scheduled): skip what it
        // already read, and may have handed back to the kernel.
        touched = touched.max(at);
        let until = at.saturating_add(WINDOW).min(map.len());
        while touched < until {
            if let Some(b) = map.get(touched) {
                std::hint::black_box(*b);
            }
            touched += CACHE_LINE;
        }
        std::thread::park();
    }
}

impl Drop for Prefetcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}
