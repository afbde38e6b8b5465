//! [`WriteBehind`]: a file written by its own thread, so the kernel's copy of
//! each megabyte into the page cache overlaps reading and filtering the
//! next frames instead of waiting for them (`-w` on a second core).

use std::io::{self, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

/// Bytes gathered before a chunk goes to the writing thread.
const CHUNK: usize = 1 << 20;
/// Chunks in flight: enough to ride over a slow write, little memory.
const IN_FLIGHT: usize = 4;

enum Msg {
    Data(Vec<u8>),
    /// Flush the file, then answer on the reply channel.
    Flush,
}

/// A writer whose `write` only copies into a buffer; full buffers are written
/// by a thread that owns the file. An error of that thread comes back at the
/// next flush (or the next write once the thread has stopped).
pub struct WriteBehind {
    buf: Vec<u8>,
    tx: Option<SyncSender<Msg>>,
    replies: Receiver<io::Result<()>>,
    thread: Option<JoinHandle<()>>,
    name: String,
}

impl WriteBehind {
    /// Starts the thread that writes `out`; `name` is for error messages.
    pub fn new<W: Write + Send + 'static>(out: W, name: &str) -> io::Result<WriteBehind> {
        let (tx, rx) = sync_channel::<Msg>(IN_FLIGHT);
        let (reply_tx, replies) = sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("tcpsleuth-write".into())
            .spawn(move || drain(out, rx, reply_tx))?;
        Ok(WriteBehind { buf: Vec::with_capacity(CHUNK), tx: Some(tx), replies, thread: Some(thread), name: name.into() })
    }

    fn send(&mut self, msg: Msg) -> io::Result<()> {
        let stopped = || io::Error::other("the writing thread stopped");
        let tx = self.tx.as_ref().ok_or_else(stopped)?;
        if tx.send(msg).is_err() {
            // The thread ended early: it stops only after a write error,
            // which it reports before ending.
            return Err(self.replies.try_recv().ok().and_then(Result::err).unwrap_or_else(stopped));
        }
        Ok(())
    }

    fn send_buffer(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.send(Msg::Data(full))
    }

    /// Writes what is buffered, waits for the file to be flushed and returns
    /// the first error the writing thread met, named by the file.
    fn settle(&mut self) -> io::Result<()> {
        self.settle_unnamed().map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", self.name)))
    }

    fn settle_unnamed(&mut self) -> io::Result<()> {
        self.send_buffer()?;
        self.send(Msg::Flush)?;
        self.replies.recv().unwrap_or_else(|_| Err(io::Error::other("the writing thread stopped")))
    }
}

/// The writing thread: writes chunks in order until the channel closes; on
/// the first error it answers the next flush with it and stops.
fn drain<W: Write>(mut out: W, rx: Receiver<Msg>, replies: SyncSender<io::Result<()>>) {
    for msg in rx {
        let result = match msg {
            Msg::Data(chunk) => out.write_all(&chunk),
            Msg::Flush => {
                let r = out.flush();
                let failed = r.is_err();
                let _ = replies.send(r);
                if failed {
                    return;
                }
                continue;
            }
        };
        if let Err(e) = result {
            let _ = replies.send(Err(e));
            return;
        }
    }
    let _ = out.flush();
}

impl Write for WriteBehind {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send_buffer()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.settle()
    }
}

impl Drop for WriteBehind {
    fn drop(&mut self) {
        // Callers flush before dropping to see errors; here the rest is
        // written and the thread joined so no byte is lost on the way out.
        let _ = self.send_buffer();
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A sink that keeps what it got, or fails every write.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>, bool);

    impl Write for Sink {
        fn write(&mut self, d: &[u8]) -> io::Result<usize> {
            if self.1 {
                return Err(io::Error::other("disk full"));
            }
            self.0.lock().map_err(|_| io::Error::other("poisoned"))?.extend_from_slice(d);
            Ok(d.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_byte_arrives_in_order() {
        let sink = Sink::default();
        let mut w = WriteBehind::new(sink.clone(), "out.pcap").expect("thread");
        let data: Vec<u8> = (0..3 * CHUNK + 17).map(|i| (i % 251) as u8).collect();
        for part in data.chunks(4093) {
            w.write_all(part).expect("write");
        }
        w.flush().expect("flush");
        drop(w);
        assert!(*sink.0.lock().expect("lock") == data);
    }

    #[test]
    fn a_write_error_comes_back_named_at_the_flush() {
        let mut w = WriteBehind::new(Sink(Arc::default(), true), "out.pcap").expect("thread");
        w.write_all(&[0; 100]).expect("buffered");
        let e = w.flush().expect_err("the sink fails");
        assert_eq!(e.to_string(), "out.pcap: disk full");
    }
}
