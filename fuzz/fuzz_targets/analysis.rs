//! The analysis stages (scans, floods, services, diagnose) fed arbitrary
//! packet sequences (see `common/sequence.rs`), then asked for their reports.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tcpsleuth::analysis::{diagnose::Diagnoser, floods::FloodDetector, scans::ScanDetector, services::ServiceTracker};

#[path = "../common/sequence.rs"]
mod sequence;

fuzz_target!(|seq: sequence::Sequence| {
    let frames = sequence::frames(&seq);
    let mut scans = ScanDetector::default();
    let mut floods = FloodDetector::new(Default::default());
    let mut services = ServiceTracker::new(Default::default());
    let mut diag = Diagnoser::new(vec!["fuzz".into()]);
    sequence::summaries(&frames, |s| {
        scans.observe(s);
        floods.observe(s);
        services.observe(s);
        diag.packet(s);
        std::hint::black_box(scans.take_alerts());
    });
    std::hint::black_box(scans.finish());
    std::hint::black_box(floods.finish());
    std::hint::black_box(services.finish(&[], &[]));
    std::hint::black_box(diag.finish());
});
