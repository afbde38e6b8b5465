//! Drives bytes through every stage that reads them: capture readers, the
//! lax decode walk, summaries and every printer. Shared by the fuzz targets
//! and by `tests/it/hostile_regressions.rs`, so a crashing input is replayed
//! through exactly the code that found it.
//!
//! Oracles beyond "no panic": printer output carries no raw control bytes
//! (untrusted packet bytes must be escaped), and the reader never hands out a
//! frame whose `caplen` disagrees with its data.
#![allow(dead_code)]

use std::io::{self, Cursor, Write};
use tcpsleuth::capture::{Capture, Frame};
use tcpsleuth::output::detail::{DetailOptions, DetailPrinter};
use tcpsleuth::output::tcpdump::{HexMode, TcpdumpOptions, TcpdumpPrinter};
use tcpsleuth::time::Timestamp;
use tcpsleuth::wire::{self, FrameMeta};

/// Link types whose decoders are fuzzed (LINKTYPE_* numbers).
// 104 Cisco HDLC, 105 802.11, 127 802.11 with radiotap, 192 PPI, 219 MPLS,
// 239 NFLOG: the decoders added with tunnels and monitor-mode captures.
pub const LINK_TYPES: [u32; 16] = [0, 1, 9, 10, 101, 104, 105, 108, 113, 127, 192, 219, 228, 229, 239, 276];

/// Frames read per capture input at most (keeps one fuzz run short).
pub const MAX_FRAMES: usize = 4096;
/// Frames of a capture input sent through every printer; later frames are
/// only decoded and summarised (the `decode` and `packet` targets cover the
/// printers; record streams of thousands of tiny frames made the reader
/// targets crawl at 6 inputs/s).
pub const PRINTED_FRAMES: usize = 16;

/// One printer per verbosity the fuzzers cover.
pub struct Printers {
    tcpdump: Vec<TcpdumpPrinter>,
    detail: Vec<DetailPrinter>,
    out: Vec<u8>,
}

impl Printers {
    pub fn new() -> Printers {
        let mut tcpdump = Vec::new();
        for (verbose, hex, link_header, number) in [
            (0, HexMode::None, false, false),
            (1, HexMode::None, true, true),
            (2, HexMode::HexAscii, false, false),
            (3, HexMode::AsciiLink, true, false),
        ] {
            tcpdump.push(TcpdumpPrinter::new(TcpdumpOptions {
                verbose,
                hex,
                link_header,
                number,
                ..TcpdumpOptions::default()
            }));
        }
        let detail = vec![
            DetailPrinter::new(DetailOptions::default()),
            DetailPrinter::new(DetailOptions { resolve_ports: true, hex: true }),
        ];
        Printers { tcpdump, detail, out: Vec::with_capacity(1 << 16) }
    }

    /// Decodes and summarises one frame without printing it.
    pub fn decode_only(&mut self, frame: &Frame<'_>) {
        assert_eq!(frame.caplen as usize, frame.data.len(), "caplen != data length");
        let decoded = wire::decode(frame.link_type, frame.data);
        let meta = FrameMeta { frame: frame.number, source: frame.source, ts: frame.ts, wire_len: frame.orig_len };
        for s in decoded.summaries(meta) {
            std::hint::black_box(&s);
        }
    }

    /// Decodes and prints one frame through every printer.
    pub fn frame(&mut self, frame: &Frame<'_>) {
        assert_eq!(frame.caplen as usize, frame.data.len(), "caplen != data length");
        let decoded = wire::decode(frame.link_type, frame.data);
        let meta = FrameMeta {
            frame: frame.number,
            source: frame.source,
            ts: frame.ts,
            wire_len: frame.orig_len,
        };
        for s in decoded.summaries(meta) {
            std::hint::black_box(&s);
            std::hint::black_box(s.ports());
        }
        for p in &mut self.tcpdump {
            self.out.clear();
            p.print(&mut self.out, frame).expect("writing to a Vec");
            check_text(&self.out);
            let _ = p.print(&mut io::sink(), frame);
        }
        for p in &mut self.detail {
            self.out.clear();
            p.write_tree(&mut self.out, frame, &decoded).expect("writing to a Vec");
            check_text(&self.out);
            self.out.clear();
            p.write_json(&mut self.out, frame, &decoded).expect("writing to a Vec");
            check_json(&self.out);
        }
    }
}

/// JSON output is one valid JSON value per line.
pub fn check_json(out: &[u8]) {
    for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        if let Err(e) = serde_json::from_slice::<serde_json::Value>(line) {
            panic!("invalid JSON ({e}): {}", String::from_utf8_lossy(line));
        }
    }
}

/// Printer output may hold newlines and tabs, nothing else below 0x20 and no DEL.
pub fn check_text(out: &[u8]) {
    if let Some(&b) = out.iter().find(|&&b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f) {
        panic!("printer emitted raw control byte {b:#04x}: {:?}", String::from_utf8_lossy(out));
    }
}

/// A frame over `data` as a reader would hand it out.
pub fn frame_of(link_type: u32, data: &[u8], number: u64) -> Frame<'_> {
    Frame {
        number,
        source: 0,
        offset: 0,
        ts: Timestamp::new(1_700_000_000 + number as i64, 123_456_000),
        link_type,
        caplen: data.len() as u32,
        orig_len: data.len() as u32,
        snaplen: 262_144,
        data,
        raw_fraction: None,
    }
}

/// Reads a whole capture file from memory; returns (frames read, error seen).
pub fn capture(data: &[u8], printers: &mut Printers) -> (usize, bool) {
    let mut cap = match Capture::from_reader("fuzz", Box::new(Cursor::new(data.to_vec()))) {
        Ok(c) => c,
        Err(e) => {
            check_error(&e.to_string());
            return (0, true);
        }
    };
    let mut n = 0;
    while let Some(next) = cap.next_frame() {
        match next {
            Ok(frame) => {
                n += 1;
                if n <= PRINTED_FRAMES {
                    printers.frame(&frame);
                } else {
                    printers.decode_only(&frame);
                }
                if n >= MAX_FRAMES {
                    break;
                }
            }
            Err(e) => {
                check_error(&e.to_string());
                return (n, true);
            }
        }
    }
    (n, false)
}

/// A capture error names the file and a byte offset.
fn check_error(msg: &str) {
    assert!(msg.starts_with("fuzz: at byte offset "), "error without file/offset: {msg}");
}

/// Decodes `data` as every fuzzed link type.
pub fn every_link_type(data: &[u8], printers: &mut Printers) {
    for lt in LINK_TYPES {
        printers.frame(&frame_of(lt, data, 1));
    }
}

/// Writes to nowhere (kept for targets that only need a sink).
pub fn sink() -> impl Write {
    io::sink()
}
