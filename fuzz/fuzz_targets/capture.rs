//! Whole capture files of any format (pcap, pcapng, gzip, zstd) → frames →
//! decode → every printer.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../common/exercise.rs"]
mod exercise;

fuzz_target!(|data: &[u8]| {
    let mut p = exercise::Printers::new();
    exercise::capture(data, &mut p);
});
