//! Replays every input a fuzzer ever crashed on (`tests/regressions/*.bin`)
//! through every reader, decoder and printer, exactly as the fuzz targets
//! drive them (`fuzz/common/exercise.rs`).
//!
//! Each file is tried three ways: as a whole capture file, as a frame of every
//! fuzzed link type, and as a frame after a link-type selector byte (the
//! `decode` target's format). Name files `<target>-<what>.bin`.

#[path = "../fuzz/common/exercise.rs"]
mod exercise;

use std::path::Path;

#[test]
fn every_regression_input_is_survived() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/capture");
    let mut printers = exercise::Printers::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        exercise::capture(&data, &mut printers);
    }
}
