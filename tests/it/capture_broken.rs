//! Broken capture files as a specification: every fault delivers the
//! complete frames before it, then one error naming the file and byte
//! offset; nothing panics or loops.


use crate::support::capture::*;
use tcpsleuth::capture::{CaptureError, ErrorKind};

// ---------------------------------------------------------------- broken classic pcap

#[test]
fn zero_byte_file_is_an_error() {
    let (frames, err) = read_bytes(&[]);
    let err = err.expect("error");
    assert_eq!(
        (frames.len(), err.offset, &err.kind),
        (0, 0, &ErrorKind::Empty)
    );
}

#[test]
fn truncated_file_header_is_an_error_at_offset_0() {
    let whole = pcap(&[]);
    let (_, err) = read_bytes(&whole[..10]);
    let err = err.expect("error");
    assert_eq!(
        (err.offset, err.kind),
        (0, ErrorKind::Truncated("the pcap file header"))
    );
}

#[test]
fn unknown_magic_names_the_bytes() {
    let (_, err) = read_bytes(b"GIF89a..........................");
    let err = err.expect("error");
    assert!(
        err.to_string()
            .contains("unknown file format (magic 47494638)"),
        "{err}"
    );
}

#[test]
fn truncated_record_header_comes_after_the_good_frames() {
    let mut f = pcap(&[(ts(1, 0), ETH), (ts(2, 0), ETH)]);
    f.extend(&record(3, 0, 60, 60)[..7]);
    let (frames, err) = read_bytes(&f);
    let err = err.expect("error");
    assert_eq!(
        (frames.len(), err.offset, err.kind),
        (2, 24 + 2 * 76, ErrorKind::Truncated("a pcap record header"))
    );
}

#[test]
fn truncated_record_data_comes_after_the_good_frames() {
    let mut f = pcap(&[(ts(1, 0), ETH)]);
    f.extend(record(2, 0, 60, 60));
    f.extend([0; 59]);
    let (frames, err) = read_bytes(&f);
    let err = err.expect("error");
    assert_eq!(
        (frames.len(), err.offset, err.kind),
        (
            1,
            24 + 76,
            ErrorKind::Truncated("a pcap record's packet data")
        )
    );
}

#[test]
fn caplen_above_262144_is_refused_like_libpcap() {
    let mut f = pcap(&[(ts(1, 0), ETH)]);
    f.extend(record(2, 0, 262_145, 262_145));
    let (frames, err) = read_bytes(&f);
    let err = err.expect("error");
    assert_eq!(
        (
            frames.len(),
            err.offset,
            err.to_string()
                .ends_with("invalid packet capture length 262145, bigger than maximum of 262144")
        ),
        (1, 24 + 76 + 8, true),
        "{err}"
    );
}

#[test]
fn every_truncation_point_delivers_the_complete_frames_then_one_error() {
    let whole = pcap(&[
        (ts(1, 0), &[1; 10]),
        (ts(2, 0), &[2; 20]),
        (ts(3, 0), &[3; 5]),
    ]);
    let ends = [24usize, 24 + 26, 24 + 26 + 36, whole.len()];
    for cut in 24..=whole.len() {
        let (frames, err) = read_bytes(&whole[..cut]);
        let complete = ends.iter().filter(|&&e| e <= cut).count() - 1;
        let at_boundary = ends.contains(&cut);
        assert_eq!(
            (frames.len(), err.is_none()),
            (complete, at_boundary),
            "cut at {cut}"
        );
    }
}

// ---------------------------------------------------------------- broken pcapng

/// A good pcapng with one packet, then `tail` (offset of tail = 28 + 20 + 92).
fn ng_then(tail: &[u8]) -> (Vec<Got>, CaptureError) {
    let mut bytes = Ng::new(false).idb(1, 0, &[]).epb(0, 1, ETH, 60).bytes();
    assert_eq!(bytes.len(), 140);
    bytes.extend(tail);
    let (frames, err) = read_bytes(&bytes);
    (frames, err.expect("error"))
}

#[test]
fn pcapng_block_length_not_a_multiple_of_4_is_an_error() {
    let (frames, err) = ng_then(&[6, 0, 0, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        (
            frames.len(),
            err.offset,
            err.to_string().contains("total length 30")
        ),
        (1, 144, true),
        "{err}"
    );
}

#[test]
fn pcapng_block_length_below_12_is_an_error() {
    let (frames, err) = ng_then(&[6, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0]);
    assert_eq!(
        (
            frames.len(),
            err.offset,
            err.to_string().contains("total length 8")
        ),
        (1, 144, true),
        "{err}"
    );
}

#[test]
fn pcapng_block_longer_than_the_file_is_truncation() {
    let (frames, err) = ng_then(&[6, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        (frames.len(), err.offset, err.kind),
        (1, 140, ErrorKind::Truncated("a pcapng block"))
    );
}

#[test]
fn pcapng_trailing_length_mismatch_is_an_error() {
    let (frames, err) = ng_then(&[0xAD, 0x0B, 0, 0, 16, 0, 0, 0, 1, 2, 3, 4, 20, 0, 0, 0]);
    assert_eq!(
        (
            frames.len(),
            err.offset,
            err.to_string().contains("trailing copy 20")
        ),
        (1, 152, true),
        "{err}"
    );
}

#[test]
fn pcapng_enhanced_packet_caplen_beyond_its_block_is_an_error() {
    let mut body = vec![0u8; 20];
    body[12..16].copy_from_slice(&100u32.to_le_bytes()); // caplen 100, no data
    let blk = Ng {
        big: false,
        out: Vec::new(),
    }
    .block(6, &body)
    .bytes();
    let (frames, err) = ng_then(&blk);
    assert_eq!(
        (
            frames.len(),
            err.offset,
            err.to_string().contains("does not fit")
        ),
        (1, 140, true),
        "{err}"
    );
}

#[test]
fn pcapng_bad_byte_order_magic_is_an_error() {
    let mut ng = Ng::new(false).bytes();
    ng[8..12].copy_from_slice(&[1, 2, 3, 4]);
    let (_, err) = read_bytes(&ng);
    assert_eq!(err.map(|e| e.offset), Some(8));
}

// ---------------------------------------------------------------- robustness

/// A pcapng exercising every block kind the reader knows, with options.
fn rich_pcapng() -> Vec<u8> {
    let mut b = Ng::new(false)
        .idb(
            1,
            1500,
            &[
                (OPT_IF_TSRESOL, &[9]),
                (OPT_IF_TSOFFSET, &7i64.to_le_bytes()),
            ],
        )
        .block(4, &[1, 0, 4, 0, 10, 0, 0, 1, 0, 0, 0, 0])
        .idb(113, 0, &[])
        .epb(0, 5, ETH, 60)
        .spb(30, &[1; 30])
        .pb(1, 9, b"sll")
        .bytes();
    b.extend(Ng::new(true).idb(101, 0, &[]).epb(0, 1, b"raw", 3).bytes());
    b
}

#[test]
fn pcapng_every_truncation_point_delivers_the_complete_blocks_then_one_error() {
    let whole = rich_pcapng();
    let full = read_bytes(&whole).0.len();
    for cut in 0..whole.len() {
        let (frames, err) = read_bytes(&whole[..cut]);
        assert!(frames.len() <= full, "cut at {cut}");
        // A cut on a block boundary is a shorter valid file; anywhere else is an error.
        let boundary = block_ends(&whole).contains(&cut);
        assert_eq!(err.is_none(), boundary && cut > 0, "cut at {cut}: {err:?}");
    }
}

/// Offsets where each block of a little- or big-endian pcapng ends.
fn block_ends(b: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let (mut at, mut big) = (0, false);
    while at + 12 <= b.len() {
        if b[at..at + 4] == [0x0a, 0x0d, 0x0d, 0x0a] {
            big = b[at + 8] == 0x1a;
        }
        let l: [u8; 4] = b[at + 4..at + 8].try_into().expect("4 bytes");
        at += if big {
            u32::from_be_bytes(l)
        } else {
            u32::from_le_bytes(l)
        } as usize;
        ends.push(at);
    }
    ends
}

/// xorshift64*: a reproducible stream of pseudo-random numbers.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn corrupted_files_never_panic_or_loop_and_both_paths_agree() {
    let seeds = [
        pcap(&[(ts(1, 0), ETH), (ts(2, 0), &[9; 20]), (ts(3, 0), b"")]),
        rich_pcapng(),
    ];
    let mut rng = Rng(0x5eed);
    for i in 0..800 {
        let mut b = seeds[i % 2].clone();
        for _ in 0..=rng.below(4) {
            let at = rng.below(b.len());
            // Favour the values that matter to lengths: 0, 0xff, small and huge.
            b[at] = [0, 0xff, 1, 4, 12, 0x80, rng.next() as u8][rng.below(7)];
        }
        if rng.below(4) == 0 {
            b.truncate(rng.below(b.len() + 1));
        }
        read_bytes(&b); // asserts termination and mmap/stream agreement
    }
}
