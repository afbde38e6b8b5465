//! Turns a `flow`/`analysis` fuzz input into the capture it stands for, so a
//! crash found by those structure-aware targets can be kept as an ordinary
//! file in `tests/regressions/`. Writes pcapng with nanosecond units: 64-bit
//! timestamps reach past 2262, where the analysis clamps (classic pcap stops
//! at 2106). Times before 1970 are clamped to 0.
//!
//!     cargo +nightly run --manifest-path fuzz/Cargo.toml --bin seq2pcap -- CRASH OUT.pcapng

use arbitrary::{Arbitrary, Unstructured};
use std::io::Write;

#[path = "../common/sequence.rs"]
mod sequence;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, path] = args.as_slice() else {
        eprintln!("usage: seq2pcap FUZZ_INPUT OUT.pcapng");
        std::process::exit(2);
    };
    let data = std::fs::read(input).expect("read input");
    let seq = sequence::Sequence::arbitrary_take_rest(Unstructured::new(&data)).expect("decode input");
    let frames = sequence::frames(&seq);
    let mut out = std::fs::File::create(path).expect("create");
    let mut shb = Vec::new();
    shb.extend(0x1A2B_3C4Du32.to_le_bytes());
    shb.extend([1, 0, 0, 0]);
    shb.extend((-1i64).to_le_bytes());
    out.write_all(&block(0x0A0D_0D0A, &shb)).unwrap();
    // IDB: Ethernet, no snaplen limit, if_tsresol = 9 (nanoseconds), end of options.
    let idb = [1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 1, 0, 9, 0, 0, 0, 0, 0, 0, 0];
    out.write_all(&block(1, &idb)).unwrap();
    for (ts, f) in &frames {
        let ns = ts.as_nanos().clamp(0, u64::MAX as i128) as u64;
        let mut epb = Vec::new();
        epb.extend(0u32.to_le_bytes());
        epb.extend(((ns >> 32) as u32).to_le_bytes());
        epb.extend((ns as u32).to_le_bytes());
        epb.extend((f.len() as u32).to_le_bytes());
        epb.extend((f.len() as u32).to_le_bytes());
        epb.extend(f);
        out.write_all(&block(6, &epb)).unwrap();
    }
    eprintln!("{} frames", frames.len());
}

fn block(kind: u32, body: &[u8]) -> Vec<u8> {
    let padded = body.len().div_ceil(4) * 4;
    let len = (12 + padded) as u32;
    let mut b = Vec::new();
    b.extend(kind.to_le_bytes());
    b.extend(len.to_le_bytes());
    b.extend(body);
    b.resize(8 + padded, 0);
    b.extend(len.to_le_bytes());
    b
}
