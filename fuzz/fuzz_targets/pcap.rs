//! Classic pcap files: the input is the record stream after a file header
//! chosen by the first byte (byte order, µs/ns magic, link type), so every
//! mutation lands in records instead of breaking the magic.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../common/exercise.rs"]
mod exercise;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let magic: u32 = if sel & 1 == 0 { 0xa1b2_c3d4 } else { 0xa1b2_3c4d };
    let link = exercise::LINK_TYPES[(sel as usize >> 2) % exercise::LINK_TYPES.len()];
    let snaplen: u32 = if sel & 0x80 == 0 { 262_144 } else { 96 };
    let mut file = Vec::with_capacity(24 + rest.len());
    let be = sel & 2 != 0;
    let w32 = |v: u32| if be { v.to_be_bytes() } else { v.to_le_bytes() };
    let w16 = |v: u16| if be { v.to_be_bytes() } else { v.to_le_bytes() };
    file.extend_from_slice(&w32(magic));
    file.extend_from_slice(&w16(2));
    file.extend_from_slice(&w16(4));
    file.extend_from_slice(&[0; 8]);
    file.extend_from_slice(&w32(snaplen));
    file.extend_from_slice(&w32(link));
    file.extend_from_slice(rest);
    let mut p = exercise::Printers::new();
    exercise::capture(&file, &mut p);
});
