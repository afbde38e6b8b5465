//! pcapng files: inputs that do not start with a Section Header Block get a
//! minimal little-endian one, so mutations explore the blocks behind it.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../common/exercise.rs"]
mod exercise;

const SHB: [u8; 28] = [
    0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, // type, length
    0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, // byte-order magic, version 1.0
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // section length unknown
    28, 0, 0, 0, // trailing length
];

fuzz_target!(|data: &[u8]| {
    let mut p = exercise::Printers::new();
    if data.starts_with(&SHB[..4]) {
        exercise::capture(data, &mut p);
    } else {
        let mut file = SHB.to_vec();
        file.extend_from_slice(data);
        exercise::capture(&file, &mut p);
    }
});
