//! The flow tracker fed arbitrary packet sequences (see `common/sequence.rs`):
//! every connection's states, history and counters are read while live and
//! after the end, with a small flow cap so eviction runs too.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tcpsleuth::flow::{Tracker, TrackerConfig};

#[path = "../common/sequence.rs"]
mod sequence;

fuzz_target!(|seq: sequence::Sequence| {
    let frames = sequence::frames(&seq);
    let small = seq.isn[1] & 1 == 0;
    let cfg = TrackerConfig {
        max_flows: if small { 4 } else { TrackerConfig::default().max_flows },
        honor_checksums: seq.isn[1] & 2 == 0,
        ..TrackerConfig::default()
    };
    let mut t = Tracker::new(cfg);
    sequence::summaries(&frames, |s| {
        let v = t.push(s);
        if let Some(c) = v.conn.and_then(|h| t.get(h)) {
            inspect(c, s.ts);
        }
        for c in t.drain_closed() {
            inspect(&c, s.ts);
        }
        if small {
            assert!(t.len() <= 4, "flow cap exceeded: {}", t.len());
        }
    });
    let now = t.now();
    std::hint::black_box(t.sockets_at(now));
    for c in t.live() {
        inspect(c, now);
    }
    for c in t.finish() {
        inspect(&c, now);
    }
});

fn inspect(c: &tcpsleuth::flow::Connection, now: tcpsleuth::time::Timestamp) {
    std::hint::black_box((c.history(), c.conn_state(), c.duration(), c.bytes(), c.bytes_raw(), c.missed_bytes()));
    std::hint::black_box((c.client_state_at(now), c.server_state_at(now), c.retransmissions(), c.uid()));
    std::hint::black_box((c.community_id(), c.proto_name(), c.orig().analysis(), c.resp().analysis()));
}
