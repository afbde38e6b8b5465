//! Puts a capture into time order for the diagnosis, in bounded memory.
//!
//! Packets wait in a window of [`REORDER_WINDOW`](super::REORDER_WINDOW)
//! packets; once it is full, the earliest leaves for processing with each
//! arrival, so a capture smaller than the window is sorted completely and a
//! packet more than a window late is processed where it arrives.
//!
//! Most captures are already in order, and sorting them again cost a copy
//! of every packet and a buffer of twice the window: packets that arrive in
//! order queue at the back of a deque instead, and only those that arrive
//! earlier than the newest one wait in a heap beside it. The next packet
//! out is the earlier of the two fronts; equal times leave in arrival
//! order, as from a stable sort.

use super::collect::order;
use crate::wire::Summary;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};

/// One waiting packet and its arrival number (ties leave in arrival order).
struct Waiting {
    seq: u64,
    s: Summary,
}

impl Waiting {
    fn key(&self) -> ((crate::time::Timestamp, u16, u64), u64) {
        (order(&self.s), self.seq)
    }
}

impl PartialEq for Waiting {
    fn eq(&self, o: &Self) -> bool {
        self.key() == o.key()
    }
}

impl Eq for Waiting {}

impl PartialOrd for Waiting {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Waiting {
    fn cmp(&self, o: &Self) -> Ordering {
        self.key().cmp(&o.key())
    }
}

/// The reorder window: packets in, the earliest out once it is full.
pub struct Reorder {
    /// Packets that arrived in time order (each at or after the one before).
    run: VecDeque<Waiting>,
    /// Packets that arrived earlier than the newest one in `run`.
    early: BinaryHeap<Reverse<Waiting>>,
    /// Arrivals so far.
    seq: u64,
    /// Packets held at most.
    window: usize,
}

impl Reorder {
    /// A window holding at most `window` packets.
    pub fn new(window: usize) -> Self {
        let window = window.max(1);
        // Exactly the most it holds (a full window and the arrival being
        // placed): grown by doubling it would reserve twice that. Pages
        // are only touched as packets arrive, so a small capture costs little.
        Reorder { run: VecDeque::with_capacity(window + 1), early: BinaryHeap::new(), seq: 0, window }
    }

    /// A window that holds nothing yet and owns no memory (a stand-in
    /// while the real one is out, see [`Reorder::push_then`]'s callers).
    pub fn idle() -> Self {
        Reorder { run: VecDeque::new(), early: BinaryHeap::new(), seq: 0, window: 1 }
    }

    /// Takes one packet in; when the window is full, hands the earliest
    /// waiting one to `out` where it lies. Every packet passes here and a
    /// summary is about 190 bytes: handing it out by value cost copies.
    pub fn push_then(&mut self, s: &Summary, out: impl FnOnce(&Summary)) {
        self.seq += 1;
        let w = Waiting { seq: self.seq, s: *s };
        match self.run.back() {
            Some(b) if order(s) < order(&b.s) => self.early.push(Reverse(w)),
            _ => self.run.push_back(w),
        }
        if self.run.len() + self.early.len() > self.window {
            self.pop_then(out);
        }
    }

    /// Hands the earliest waiting packet to `out`; false when none waits
    /// (at the end of the input: call until false).
    pub fn pop_then(&mut self, out: impl FnOnce(&Summary)) -> bool {
        let from_run = match (self.run.front(), self.early.peek()) {
            (Some(r), Some(Reverse(e))) => r.key() < e.key(),
            (Some(_), None) => true,
            (None, _) => false,
        };
        if from_run {
            if let Some(w) = self.run.front() {
                out(&w.s);
            }
            self.run.pop_front();
            true
        } else if let Some(Reverse(w)) = self.early.peek() {
            out(&w.s);
            self.early.pop();
            true
        } else {
            false
        }
    }
}

impl Default for Reorder {
    fn default() -> Self {
        Reorder::new(super::REORDER_WINDOW)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;

    use crate::wire::ladder::{ip, summary, udp};

    fn at(frame: u64, micros: i128) -> Summary {
        let mut s = summary(ip("10.0.0.1"), ip("10.0.0.2"), udp(5000, 53, 30));
        s.frame = frame;
        s.ts = Timestamp::from_nanos(micros * 1000);
        s
    }

    fn drain(r: &mut Reorder, out: &mut Vec<u64>) {
        while r.pop_then(|s| out.push(s.frame)) {}
    }

    #[test]
    fn a_capture_smaller_than_the_window_comes_out_sorted_by_time_then_frame() {
        let mut r = Reorder::new(16);
        let mut out = Vec::new();
        for (f, t) in [(1, 10), (2, 30), (3, 20), (4, 5), (5, 30), (6, 40)] {
            let mut released = false;
            r.push_then(&at(f, t), |_| released = true);
            assert!(!released);
        }
        drain(&mut r, &mut out);
        assert_eq!(out, vec![4, 1, 3, 2, 5, 6]);
    }

    #[test]
    fn a_packet_more_than_a_window_late_is_processed_where_it_arrives() {
        let mut r = Reorder::new(2);
        let mut out = Vec::new();
        for (f, t) in [(1, 10), (2, 20), (3, 30), (4, 40), (5, 1), (6, 50)] {
            r.push_then(&at(f, t), |s| out.push(s.frame));
        }
        drain(&mut r, &mut out);
        assert_eq!(out, vec![1, 2, 5, 3, 4, 6]);
    }
}
