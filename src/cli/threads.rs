//! `--threads N`: the connection table on one thread or sharded over N
//! workers ([`crate::flow::shard`]), with the same records in the same order
//! either way. The reader thread (read, decode, reassemble) stays one.

use super::input::{for_each_frame, for_each_summary, summaries_and_sides, Batch, InputStats, Item, Numbering};
use super::Failure;
use crate::capture::Capture;
use crate::flow::shard::{Ended, Pool};
use crate::flow::{Connection, Tracker, TrackerConfig, TrackerStats};
use crate::time::Timestamp;
use crate::flow::defrag::Defragmenter;
use crate::wire::{self, FrameMeta, Summary};
use std::sync::{mpsc, Arc};

/// The `--threads` flag.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ThreadArgs {
    /// Worker threads tracking connections (default: the machine's cores
    /// less the one the reader keeps busy, at least 1).
    /// Packets are shared out by a symmetric hash of their flow, as
    /// Suricata's and Zeek's cluster workers do; the output is the same as
    /// with --threads 1, which tracks on the thread beside the reader.
    #[arg(long = "threads", value_name = "N", value_parser = super::values::count_usize)]
    pub threads: Option<usize>,
}

impl ThreadArgs {
    /// Worker threads: the flag, else the cores this process may use less
    /// one for the reader thread, which reading and decoding keep busy
    /// (measured on 2 cores: 2 workers ran conns at 0.86x of 1, bench/threads.sh).
    pub fn count(&self) -> usize {
        self.threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1)))
            .max(1)
    }
}

/// When a record reached the caller.
#[derive(Clone, Copy, Debug)]
pub struct Closing {
    /// The time of the packet after which it was drained, or of the last
    /// frame for records closed at the end of input.
    pub at: Timestamp,
    /// Closed at the end of input (`Tracker::finish`).
    pub at_end: bool,
    /// The first packet's time (the last frame's in an input without packets).
    pub first: Timestamp,
}

/// What tracking the whole input saw.
pub struct Tracked {
    pub input: InputStats,
    pub flows: TrackerStats,
    /// The flow cap over all workers.
    pub max_flows: usize,
}

/// Tracks every connection of `cap` on `threads` workers and hands each
/// record to `on_close` as it closes, then the rest at the end of input,
/// in one table's order and numbering.
pub fn track(
    cap: &mut Capture,
    cfg: TrackerConfig,
    threads: usize,
    mut on_close: impl FnMut(Connection, Closing),
) -> Result<Tracked, Failure> {
    let max_flows = cfg.max_flows.max(1);
    let mut first: Option<Timestamp> = None;
    if threads <= 1 {
        let mut tracker = Tracker::new(cfg);
        let input = for_each_summary(cap, |s| {
            let f = *first.get_or_insert(s.ts);
            tracker.push(s);
            for c in tracker.drain_closed() {
                on_close(c, Closing { at: s.ts, at_end: false, first: f });
            }
        })?;
        let end = input.last_ts.unwrap_or_default();
        let f = first.unwrap_or(end);
        for c in tracker.finish() {
            on_close(c, Closing { at: end, at_end: true, first: f });
        }
        return Ok(Tracked { input, flows: tracker.stats, max_flows });
    }
    let mut pool = Pool::new(&cfg, threads);
    let mut emit = |c: Connection, e: Ended, f: Timestamp, end: Timestamp| match e {
        Ended::At(at) => on_close(c, Closing { at, at_end: false, first: f }),
        Ended::Finish => on_close(c, Closing { at: end, at_end: true, first: f }),
    };
    let input = parallel_summaries(cap, Numbering::Merged, threads, |s| {
        let f = *first.get_or_insert(s.ts);
        pool.push(s, &mut |c, e| emit(c, e, f, Timestamp::default()));
    })?;
    let end = input.last_ts.unwrap_or_default();
    let f = first.unwrap_or(end);
    let flows = pool.finish(&mut |c, e| emit(c, e, f, end));
    Ok(Tracked { input, flows, max_flows })
}

/// A consumer of every summary (and side record, when asked for), run on a
/// thread of its own by [`fan_out`].
pub type Sink<'a> = &'a mut (dyn FnMut(Item<'_>) + Send);

/// Runs each sink over every summary of `cap` (and every side record when
/// `sides`, see [`summaries_and_sides`]), in frame order: on the thread
/// beside the reader when `threads` is 1 (one thread of analysis), else
/// each on a thread of its own, fed the same batches. Detectors that
/// aggregate across flows (scans and floods by host, services by server,
/// diagnose's conversations) then run side by side, each as it would alone,
/// so their output cannot depend on the thread count.
pub fn fan_out(
    cap: &mut Capture,
    numbering: Numbering,
    threads: usize,
    sides: bool,
    sinks: &mut [Sink<'_>],
) -> Result<InputStats, Failure> {
    if threads <= 1 {
        return summaries_and_sides(cap, numbering, sides, |i| sinks.iter_mut().for_each(|k| k(i)));
    }
    if let [sink] = sinks {
        return parallel_items(cap, numbering, threads, sides, sink);
    }
    std::thread::scope(|scope| {
        let mut txs = Vec::new();
        for sink in sinks.iter_mut() {
            let (tx, rx) = mpsc::sync_channel::<Arc<Batch>>(IN_FLIGHT);
            txs.push(tx);
            scope.spawn(move || rx.into_iter().for_each(|b| b.each(&mut *sink)));
        }
        let send = |b: Batch| {
            let b = Arc::new(b);
            // A sink only hangs up when it panicked: the scope reports it.
            txs.iter().for_each(|tx| drop(tx.send(Arc::clone(&b))));
        };
        let mut batch = Batch::with_capacity(BATCH);
        let stats = parallel_items(cap, numbering, threads, sides, |i| {
            match i {
                Item::Packet(s) => batch.summaries.push(*s),
                Item::Side(r) => batch.push_side(*r),
                // Only a live capture ticks, and it runs on one thread (see `fan_out`'s callers).
                Item::Tick(_) => {}
            }
            if batch.len() >= BATCH {
                send(std::mem::replace(&mut batch, Batch::with_capacity(BATCH)));
            }
        });
        send(batch);
        drop(txs);
        stats
    })
}

/// Summaries per batch handed to the sinks.
const BATCH: usize = 4096;
/// Batches queued ahead of the slowest sink (bounds memory).
const IN_FLIGHT: usize = 4;

/// Frames copied out of the capture for a decoder thread.
#[derive(Default)]
struct Frames {
    bytes: Vec<u8>,
    /// Each frame's metadata, link type and end offset in `bytes`.
    frames: Vec<(FrameMeta, u32, usize)>,
}

impl Frames {
    fn push(&mut self, meta: FrameMeta, link_type: u32, data: &[u8]) {
        self.bytes.extend_from_slice(data);
        self.frames.push((meta, link_type, self.bytes.len()));
    }
    fn get(&self, i: usize) -> Option<(FrameMeta, u32, &[u8])> {
        let start = if i == 0 { 0 } else { self.frames.get(i - 1)?.2 };
        let &(meta, lt, end) = self.frames.get(i)?;
        Some((meta, lt, self.bytes.get(start..end)?))
    }
    fn clear(&mut self) {
        self.bytes.clear();
        self.frames.clear();
    }
}

/// One decoded batch: the summaries (and side records) in frame order,
/// with the frames that hold IP fragments left whole for the one reassembler.
struct Decoded {
    pieces: Vec<Piece>,
    frames: Frames,
    /// Frames whose payload could not be read (encrypted 802.11 data).
    undecodable: u64,
}

enum Piece {
    One(Summary),
    /// A frame's side record (boxed: rare, and larger than a summary).
    Side(Box<wire::side::Side>),
    /// Index of a frame with a fragment in it.
    Fragmented(u32),
}

/// Frames per decoder batch, and bytes (whichever comes first).
const FRAMES_PER_BATCH: usize = 2048;
const BYTES_PER_BATCH: usize = 4 << 20;
/// Capture time after which a partial batch is handed over anyway (live).
const MAX_BATCH_AGE_SECS: f64 = 0.1;

/// [`summaries`](super::input::summaries) with decoding spread over `decoders` threads: the reader
/// thread only frames records and copies them out in batches, dealt round
/// robin; each decoder decodes its batches (checksums included, the
/// reader's main cost); the calling thread takes the batches back in order,
/// reassembles fragments (one [`Defragmenter`] sees every fragment in
/// order, so datagrams come out where one reader puts them) and calls `f`.
/// The summaries, their order and the counts are those of [`summaries`](super::input::summaries).
pub fn parallel_summaries(
    cap: &mut Capture,
    numbering: Numbering,
    decoders: usize,
    mut f: impl FnMut(&Summary),
) -> Result<InputStats, Failure> {
    parallel_items(cap, numbering, decoders, false, |i| {
        if let Item::Packet(s) = i {
            f(s)
        }
    })
}

/// [`parallel_summaries`], with each frame's side record too when `sides`:
/// the items and their order are those of [`summaries_and_sides`].
pub fn parallel_items(
    cap: &mut Capture,
    numbering: Numbering,
    decoders: usize,
    sides: bool,
    mut f: impl FnMut(Item<'_>),
) -> Result<InputStats, Failure> {
    let n = decoders.max(1);
    std::thread::scope(|scope| {
        let (mut to, mut from) = (Vec::new(), Vec::new());
        for _ in 0..n {
            let (tx, rx) = mpsc::sync_channel::<Frames>(2);
            let (dtx, drx) = mpsc::sync_channel::<Decoded>(2);
            scope.spawn(move || decode_batches(rx, dtx, sides));
            to.push(tx);
            from.push(drx);
        }
        let (spare_tx, spare_rx) = mpsc::channel::<Frames>();
        let reader = scope.spawn(move || read_frames(cap, numbering, &to, &spare_rx));
        let mut dfg = Defragmenter::default();
        let mut bad = 0u64;
        let mut undecodable = 0u64;
        let mut count = |i: Item<'_>| {
            if let Item::Packet(s) = i {
                bad += u64::from(s.ip_checksum_ok == Some(false) || s.l4_checksum_ok == Some(false));
            }
            f(i);
        };
        // Ends at the first decoder with nothing more: batches were dealt in turn.
        for i in 0.. {
            let Ok(batch) = from[i % n].recv() else { break };
            undecodable += batch.undecodable;
            reassemble(&batch, &mut dfg, &mut count);
            let mut frames = batch.frames;
            frames.clear();
            let _ = spare_tx.send(frames);
        }
        let mut stats = reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        stats.defrag = dfg.finish();
        stats.bad_checksums = bad;
        stats.undecodable = undecodable;
        Ok(stats)
    })
}

/// The reader thread: frames copied into batches, dealt to the decoders in turn.
fn read_frames(
    cap: &mut Capture,
    numbering: Numbering,
    to: &[mpsc::SyncSender<Frames>],
    spare: &mpsc::Receiver<Frames>,
) -> Result<InputStats, Failure> {
    let mut counts: Vec<u64> = Vec::new();
    let mut batch = Frames::default();
    let mut dealt = 0usize;
    let mut first_ts = None;
    let stats = for_each_frame(cap, |frame| {
        batch.push(super::input::numbered(frame, numbering, &mut counts), frame.link_type, frame.data);
        let first = *first_ts.get_or_insert(frame.ts);
        let stale = frame.ts.secs_since(first) > MAX_BATCH_AGE_SECS;
        if batch.frames.len() >= FRAMES_PER_BATCH || batch.bytes.len() >= BYTES_PER_BATCH || stale {
            let next = spare.try_recv().unwrap_or_default();
            // A decoder only hangs up when it panicked: the scope reports it.
            if to[dealt % to.len()].send(std::mem::replace(&mut batch, next)).is_err() {
                return Ok(false);
            }
            dealt += 1;
            first_ts = None;
        }
        Ok(true)
    });
    if !batch.frames.is_empty() {
        let _ = to[dealt % to.len()].send(batch);
    }
    stats
}

/// A decoder thread: every frame without a fragment becomes its summaries
/// (through a reassembler that never sees a fragment, so exactly as the
/// one reader hands them on); a frame with one is left for the reassembler.
/// A frame's side record, when `sides`, goes just before either.
fn decode_batches(rx: mpsc::Receiver<Frames>, tx: mpsc::SyncSender<Decoded>, sides: bool) {
    let mut pass = Defragmenter::default();
    for frames in rx {
        let mut pieces = Vec::with_capacity(frames.frames.len() + 8);
        let mut undecodable = 0u64;
        for i in 0..frames.frames.len() {
            let Some((meta, lt, data)) = frames.get(i) else { continue };
            let d = wire::decode(lt, data);
            undecodable += u64::from(d.undecodable());
            if let Some(r) = d.side(meta).filter(|_| sides) {
                pieces.push(Piece::Side(Box::new(r)));
            }
            if has_fragment(&d) {
                pieces.push(Piece::Fragmented(i as u32));
            } else {
                pass.push(&d, meta, &mut |s: &Summary| pieces.push(Piece::One(*s)));
            }
        }
        if tx.send(Decoded { pieces, frames, undecodable }).is_err() {
            return;
        }
    }
}

/// True when any IP layer of the frame (outer or tunnelled) is a fragment.
fn has_fragment(d: &wire::Decoded<'_>) -> bool {
    let mut cur = Some(d);
    while let Some(l) = cur {
        match &l.net {
            wire::Net::Ipv4(ip) if ip.is_fragment() => return true,
            wire::Net::Ipv6(_, ext) if ext.fragment.is_some() => return true,
            _ => {}
        }
        cur = l.inner.as_ref().map(|(_, b)| &**b);
    }
    false
}

/// One decoded batch in order, its fragments through the reassembler.
fn reassemble(batch: &Decoded, dfg: &mut Defragmenter, f: &mut impl FnMut(Item<'_>)) {
    for piece in &batch.pieces {
        match piece {
            Piece::One(s) => f(Item::Packet(s)),
            Piece::Side(r) => f(Item::Side(r)),
            Piece::Fragmented(i) => {
                if let Some((meta, lt, data)) = batch.frames.get(*i as usize) {
                    dfg.push(&wire::decode(lt, data), meta, &mut |s: &Summary| f(Item::Packet(s)));
                }
            }
        }
    }
}
