//! One frame, decoded as the link type chosen by the first byte (one of
//! 0, 1, 9, 101, 108, 113, 228, 229, 276), summarised and printed.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../common/exercise.rs"]
mod exercise;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, frame)) = data.split_first() else { return };
    let mut p = exercise::Printers::new();
    let lt = exercise::LINK_TYPES[sel as usize % exercise::LINK_TYPES.len()];
    p.frame(&exercise::frame_of(lt, frame, 1));
});
