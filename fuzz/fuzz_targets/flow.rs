//! The flow tracker fed arbitrary packet sequences (see `common/sequence.rs`):
//! every connection's states, history and counters are read while live and
//! after the end, with a small flow cap so eviction runs too. Fragments go
//! through the defragmenter first, with small caps so that its eviction and
//! timeouts run as well.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tcpsleuth::flow::defrag::{DefragConfig, Defragmenter};
use tcpsleuth::flow::{Tracker, TrackerConfig};

#[path = "../common/sequence.rs"]
mod sequence;

fuzz_target!(|seq: sequence::Sequence| {
    let frames = sequence::frames(&seq);
    let small = seq.isn[1] & 1 == 0;
    let cfg = TrackerConfig {
        max_flows: if small { 4 } else { TrackerConfig::default().max_flows },
        honor_checksums: cfg_checksums(&seq),
        ..TrackerConfig::default()
    };
    let mut t = Tracker::new(cfg);
    let dcfg = DefragConfig {
        max_datagrams: if small { 2 } else { 64 },
        max_bytes: if small { 2048 } else { 1 << 20 },
        timeout_secs: 30.0,
        honor_checksums: cfg_checksums(&seq),
    };
    let mut dfg = Defragmenter::new(dcfg.clone());
    let bounded = |d: &Defragmenter| {
        assert!(d.in_progress() <= dcfg.max_datagrams && d.buffered_bytes() <= dcfg.max_bytes, "defrag caps exceeded");
    };
    sequence::defragmented(&frames, &mut dfg, bounded, |s| {
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
    std::hint::black_box(dfg.finish());
    let now = t.now();
    std::hint::black_box(t.sockets_at(now));
    for c in t.live() {
        inspect(c, now);
    }
    for c in t.finish() {
        inspect(&c, now);
    }
});

fn cfg_checksums(seq: &sequence::Sequence) -> bool {
    seq.isn[1] & 2 == 0
}

fn inspect(c: &tcpsleuth::flow::Connection, now: tcpsleuth::time::Timestamp) {
    std::hint::black_box((c.history(), c.conn_state(), c.duration(), c.bytes(), c.bytes_raw(), c.missed_bytes()));
    std::hint::black_box((c.client_state_at(now), c.server_state_at(now), c.retransmissions(), c.uid()));
    std::hint::black_box((c.community_id(), c.proto_name(), c.orig().analysis(), c.resp().analysis()));
}
