//! Test support: packet ladders built as [`Summary`]s.

use super::ScanDetector;
use crate::time::Timestamp;
use crate::wire::ladder::T0_NS;
use crate::wire::summary::{Summary, Transport};

pub use crate::wire::ladder::{icmp, ip, quoted_udp, udp, A, F, P, R, S, U};

/// A consumer of summaries.
pub trait Observe {
    fn observe(&mut self, s: &Summary);
}

impl Observe for ScanDetector {
    fn observe(&mut self, s: &Summary) {
        ScanDetector::observe(self, s)
    }
}

impl Observe for crate::analysis::floods::FloodDetector {
    fn observe(&mut self, s: &Summary) {
        crate::analysis::floods::FloodDetector::observe(self, s)
    }
}

impl Observe for crate::analysis::services::ServiceTracker {
    fn observe(&mut self, s: &Summary) {
        crate::analysis::services::ServiceTracker::observe(self, s)
    }
}

/// A tiny capture fed to a detector: packets get increasing frame numbers
/// and times (100 µs apart).
pub struct Ladder<D> {
    pub det: D,
    frame: u64,
    ns: i64,
}

/// A TCP segment with seq 1, ack 0 and `len` payload bytes.
pub fn tcp(sport: u16, dport: u16, flags: u16, len: u32, window: u16) -> Transport {
    let mut t = crate::wire::ladder::tcp(sport, dport, flags, 1, 0, len);
    t.window = window;
    Transport::Tcp(t)
}

impl<D: Observe> Ladder<D> {
    pub fn new(det: D) -> Self {
        Ladder {
            det,
            frame: 0,
            ns: T0_NS as i64,
        }
    }
    pub fn with(det: D) -> Self {
        Ladder::new(det)
    }
    /// Advances the clock by `us` microseconds.
    pub fn wait(&mut self, us: i64) {
        self.ns += us * 1000;
    }
    pub fn send(&mut self, src: &str, dst: &str, t: Transport) {
        self.frame += 1;
        self.ns += 100_000;
        let mut s = crate::wire::ladder::summary(ip(src), ip(dst), t);
        s.frame = self.frame;
        s.ts = Timestamp::from_nanos(self.ns as i128);
        self.det.observe(&s);
    }
    pub fn tcp(&mut self, src: &str, sport: u16, dst: &str, dport: u16, flags: u16, len: u32) {
        self.send(src, dst, tcp(sport, dport, flags, len, 0));
    }
}

/// A conversation with data from `client` to `server:port`.
pub fn conversation<D: Observe>(
    l: &mut Ladder<D>,
    client: &str,
    cport: u16,
    server: &str,
    port: u16,
) {
    l.tcp(client, cport, server, port, S, 0);
    l.tcp(server, port, client, cport, S | A, 0);
    l.tcp(client, cport, server, port, A, 0);
    l.tcp(client, cport, server, port, P | A, 300);
    l.tcp(server, port, client, cport, P | A, 1400);
    l.tcp(client, cport, server, port, F | A, 0);
    l.tcp(server, port, client, cport, F | A, 0);
    l.tcp(client, cport, server, port, A, 0);
}
