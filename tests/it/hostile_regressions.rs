//! Replays every input a fuzzer ever crashed on (`tests/regressions/*.bin`)
//! through every reader, decoder and printer, exactly as the fuzz targets
//! drive them (`fuzz/common/exercise.rs`).
//!
//! Each file is tried three ways: as a whole capture file, as a frame of every
//! fuzzed link type, and as a frame after a link-type selector byte (the
//! `decode` target's format). Name files `<target>-<what>.bin`.
//!
//! Crashes of the structure-aware `flow` and `analysis` targets are kept as
//! captures (`<target>-<what>.pcapng`, written by `fuzz/tools/seq2pcap.rs`)
//! and replayed through the flow tracker and every analysis stage.

use crate::exercise;
use crate::support::repo_path;

#[test]
fn every_regression_input_is_survived() {
    let dir = repo_path("tests/regressions");
    let mut printers = exercise::Printers::new();
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/regressions") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("bin") {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        exercise::capture(&data, &mut printers);
        exercise::every_link_type(&data, &mut printers);
        if let Some((&sel, frame)) = data.split_first() {
            let lt = exercise::LINK_TYPES[sel as usize % exercise::LINK_TYPES.len()];
            printers.frame(&exercise::frame_of(lt, frame, 1));
        }
        n += 1;
    }
    eprintln!("{n} regression inputs replayed");
}

/// Committed fixtures double as well-formed inputs: each decodes and prints.
#[test]
fn fixtures_are_survived() {
    let dir = repo_path("tests/fixtures/capture");
    let mut printers = exercise::Printers::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        exercise::capture(&data, &mut printers);
    }
}

/// Captures from the `flow` and `analysis` targets: every frame through the
/// tracker and the scan, flood, service and diagnose stages, then their reports.
#[test]
fn every_regression_capture_is_survived() {
    use tcpsleuth::analysis::{diagnose::Diagnoser, floods::FloodDetector, scans::ScanDetector, services::ServiceTracker};
    use tcpsleuth::capture::Capture;
    use tcpsleuth::flow::{Tracker, TrackerConfig};
    use tcpsleuth::wire;

    let dir = repo_path("tests/regressions");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "pcap" && ext != "pcapng" {
            continue;
        }
        let mut cap = Capture::open(&[&path]).unwrap();
        let mut tracker = Tracker::new(TrackerConfig::default());
        let mut scans = ScanDetector::default();
        let mut floods = FloodDetector::default();
        let mut services = ServiceTracker::new(Default::default());
        let mut diag = Diagnoser::new(vec![path.display().to_string()]);
        while let Some(Ok(frame)) = cap.next_frame() {
            let d = wire::decode(frame.link_type, frame.data);
            let meta = tcpsleuth::cli::input::meta(&frame);
            for s in d.summaries(meta) {
                tracker.push(&s);
                scans.observe(&s);
                floods.observe(&s);
                services.observe(&s);
                diag.packet(&s);
            }
        }
        for c in tracker.finish() {
            std::hint::black_box((c.history(), c.conn_state(), c.duration()));
        }
        std::hint::black_box((scans.finish(), floods.finish(), services.finish(&[], &[]), diag.finish()));
    }
}
