//! Helpers shared by the capture test binaries: capture files built byte
//! by byte (classic pcap via PcapWriter, pcapng by hand) and a reader that
//! checks the mmap and streaming paths agree.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use tcpsleuth::capture::{Capture, CaptureError, PcapWriter};
use tcpsleuth::time::Timestamp;

// ---------------------------------------------------------------- helpers

/// What a test looks at in a frame, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Got {
    pub number: u64,
    pub source: u16,
    pub offset: u64,
    pub ts: Timestamp,
    pub link_type: u32,
    pub caplen: u32,
    pub orig_len: u32,
    pub snaplen: u32,
    pub data: Vec<u8>,
}

/// Every frame of a capture, then the error that ended it (if any).
pub fn read_all(cap: &mut Capture) -> (Vec<Got>, Option<CaptureError>) {
    let mut frames = Vec::new();
    let mut error = None;
    let mut guard = 0;
    while let Some(r) = cap.next_frame() {
        guard += 1;
        assert!(guard < 1_000_000, "reader loops");
        match r {
            Ok(f) => {
                assert_eq!(f.caplen as usize, f.data.len(), "caplen == data.len()");
                frames.push(Got {
                    number: f.number,
                    source: f.source,
                    offset: f.offset,
                    ts: f.ts,
                    link_type: f.link_type,
                    caplen: f.caplen,
                    orig_len: f.orig_len,
                    snaplen: f.snaplen,
                    data: f.data.to_vec(),
                })
            }
            Err(e) => {
                assert!(error.is_none(), "a single file yields one error at most");
                error = Some(e);
            }
        }
    }
    assert!(cap.next_frame().is_none(), "stays finished");
    (frames, error)
}

/// Writes `bytes` to a fresh scratch file.
pub fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = super::scratch(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

/// Writes an Ethernet pcap (µs, snaplen 262144) of (time, frame, original
/// length) records to a fresh scratch file, streaming: floods stay cheap.
pub fn pcap_file<D: AsRef<[u8]>>(
    name: &str,
    frames: impl IntoIterator<Item = (Timestamp, D, u32)>,
) -> PathBuf {
    let path = super::scratch(name);
    let out = std::io::BufWriter::new(std::fs::File::create(&path).expect("create pcap"));
    let mut w = PcapWriter::new(out, 1, 262_144, false).expect("pcap header");
    for (ts, data, orig_len) in frames {
        w.write_packet(ts, data.as_ref(), orig_len).expect("write record");
    }
    w.flush().expect("flush pcap");
    path
}

/// Reads `bytes` both memory-mapped (from a file) and streamed; both must agree.
pub fn read_bytes(bytes: &[u8]) -> (Vec<Got>, Option<CaptureError>) {
    let path = file("t.cap", bytes);
    let mapped = match Capture::open(&[&path]) {
        Ok(mut c) => read_all(&mut c),
        Err(e) => (Vec::new(), Some(e)),
    };
    let streamed = match Capture::from_reader(
        &path.display().to_string(),
        Box::new(std::io::Cursor::new(bytes.to_vec())),
    ) {
        Ok(mut c) => read_all(&mut c),
        Err(e) => (Vec::new(), Some(e)),
    };
    assert_eq!(mapped, streamed, "mmap and streaming readers disagree");
    mapped
}

pub fn ts(secs: i64, nanos: u64) -> Timestamp {
    Timestamp::new(secs, nanos)
}

/// A classic pcap (LE, µs, Ethernet, snaplen 65535) with one record per (ts, data).
pub fn pcap(frames: &[(Timestamp, &[u8])]) -> Vec<u8> {
    let mut w = PcapWriter::new(Vec::new(), 1, 65535, false).expect("header");
    for (t, d) in frames {
        w.write_packet(*t, d, d.len() as u32).expect("record");
    }
    w.into_inner()
}

/// A raw 16-byte little-endian record header.
pub fn record(secs: u32, frac: u32, caplen: u32, orig_len: u32) -> Vec<u8> {
    [secs, frac, caplen, orig_len]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect()
}

/// Hand-written pcapng, in either byte order.
pub struct Ng {
    pub big: bool,
    pub out: Vec<u8>,
}

impl Ng {
    pub fn new(big: bool) -> Ng {
        Ng {
            big,
            out: Vec::new(),
        }
        .shb()
    }
    pub fn u16(&self, v: u16) -> [u8; 2] {
        if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    pub fn u32(&self, v: u32) -> [u8; 4] {
        if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    /// Appends a block: type, total length, body padded to 4, total length.
    pub fn block(mut self, kind: u32, body: &[u8]) -> Ng {
        let padded = body.len().div_ceil(4) * 4;
        let total = (12 + padded) as u32;
        let (k, t) = (self.u32(kind), self.u32(total));
        self.out.extend(k);
        self.out.extend(t);
        self.out.extend(body);
        self.out.resize(self.out.len() + padded - body.len(), 0);
        self.out.extend(t);
        self
    }
    /// Section header: byte-order magic, version 1.0, section length -1.
    pub fn shb(self) -> Ng {
        let mut b = self.u32(0x1A2B3C4D).to_vec();
        b.extend(self.u16(1));
        b.extend(self.u16(0));
        b.extend([0xff; 8]);
        self.block(0x0A0D0D0A, &b)
    }
    /// Interface with link type, snaplen and raw options (code, value).
    pub fn idb(self, link: u16, snaplen: u32, opts: &[(u16, &[u8])]) -> Ng {
        let mut b = self.u16(link).to_vec();
        b.extend([0, 0]);
        b.extend(self.u32(snaplen));
        for (code, v) in opts {
            b.extend(self.u16(*code));
            b.extend(self.u16(v.len() as u16));
            b.extend(*v);
            b.resize(b.len().div_ceil(4) * 4, 0);
        }
        if !opts.is_empty() {
            b.extend([0; 4]); // opt_endofopt
        }
        self.block(1, &b)
    }
    /// Enhanced packet: interface, timestamp in interface units, data, orig_len.
    pub fn epb(self, iface: u32, units: u64, data: &[u8], orig_len: u32) -> Ng {
        let mut b = self.u32(iface).to_vec();
        b.extend(self.u32((units >> 32) as u32));
        b.extend(self.u32(units as u32));
        b.extend(self.u32(data.len() as u32));
        b.extend(self.u32(orig_len));
        b.extend(data);
        self.block(6, &b)
    }
    /// Simple packet: orig_len, then data.
    pub fn spb(self, orig_len: u32, data: &[u8]) -> Ng {
        let mut b = self.u32(orig_len).to_vec();
        b.extend(data);
        self.block(3, &b)
    }
    /// Obsolete packet block: 16-bit interface, drops, timestamp, lengths, data.
    pub fn pb(self, iface: u16, units: u64, data: &[u8]) -> Ng {
        let mut b = self.u16(iface).to_vec();
        b.extend(self.u16(0));
        b.extend(self.u32((units >> 32) as u32));
        b.extend(self.u32(units as u32));
        b.extend(self.u32(data.len() as u32));
        b.extend(self.u32(data.len() as u32));
        b.extend(data);
        self.block(2, &b)
    }
    pub fn bytes(self) -> Vec<u8> {
        self.out
    }
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

pub const ETH: &[u8] = &[0xaa; 60];
pub const OPT_IF_TSRESOL: u16 = 9;
pub const OPT_IF_TSOFFSET: u16 = 14;
