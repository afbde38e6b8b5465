//! `--threads N`: the connection table on one thread or sharded over N
//! workers ([`crate::flow::shard`]), with the same records in the same order
//! either way. The reader thread (read, decode, reassemble) stays one.

use super::input::{for_each_summary, summaries, InputStats, Numbering};
use super::Failure;
use crate::capture::Capture;
use crate::flow::shard::{Ended, Pool};
use crate::flow::{Connection, Tracker, TrackerConfig, TrackerStats};
use crate::time::Timestamp;
use crate::wire::Summary;
use std::sync::{mpsc, Arc};

/// The `--threads` flag.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ThreadArgs {
    /// Worker threads tracking connections (default: the machine's cores).
    /// Packets are shared out by a symmetric hash of their flow, as
    /// Suricata's and Zeek's cluster workers do; the output is the same as
    /// with --threads 1, which tracks on the thread beside the reader.
    #[arg(long = "threads", value_name = "N", value_parser = super::values::count_usize)]
    pub threads: Option<usize>,
}

impl ThreadArgs {
    /// Worker threads: the flag, else the cores this process may use.
    pub fn count(&self) -> usize {
        self.threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
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
    let input = for_each_summary(cap, |s| {
        let f = *first.get_or_insert(s.ts);
        pool.push(s, &mut |c, e| emit(c, e, f, Timestamp::default()));
    })?;
    let end = input.last_ts.unwrap_or_default();
    let f = first.unwrap_or(end);
    let flows = pool.finish(&mut |c, e| emit(c, e, f, end));
    Ok(Tracked { input, flows, max_flows })
}

/// A consumer of every summary, run on a thread of its own by [`fan_out`].
pub type Sink<'a> = &'a mut (dyn FnMut(&Summary) + Send);

/// Runs each sink over every summary of `cap`, in input order: on the
/// thread beside the reader when `threads` is 1 (today's path), else each on
/// a thread of its own, fed the same batches. Detectors that aggregate
/// across flows (scans and floods by host, services by server, diagnose's
/// conversations) then run side by side, each as it would alone, so their
/// output cannot depend on the thread count.
pub fn fan_out(cap: &mut Capture, numbering: Numbering, threads: usize, sinks: &mut [Sink<'_>]) -> Result<InputStats, Failure> {
    if threads <= 1 || sinks.len() <= 1 {
        return summaries(cap, numbering, |s| sinks.iter_mut().for_each(|k| k(s)));
    }
    std::thread::scope(|scope| {
        let mut txs = Vec::new();
        for sink in sinks.iter_mut() {
            let (tx, rx) = mpsc::sync_channel::<Arc<Vec<Summary>>>(IN_FLIGHT);
            txs.push(tx);
            scope.spawn(move || rx.into_iter().for_each(|b| b.iter().for_each(|s| sink(s))));
        }
        let send = |b: Vec<Summary>| {
            let b = Arc::new(b);
            // A sink only hangs up when it panicked: the scope reports it.
            txs.iter().for_each(|tx| drop(tx.send(Arc::clone(&b))));
        };
        let mut batch = Vec::with_capacity(BATCH);
        let stats = summaries(cap, numbering, |s| {
            batch.push(*s);
            if batch.len() >= BATCH {
                send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
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
