//! Capture input as a specification: each format variant, compression,
//! merging, and real captures compared with tcpdump. Broken files are in
//! capture_broken.rs; the shared builders in support/capture.rs.


use crate::support::capture::*;
use crate::support::{repo_path, shared, shared_each, skip, tool};
use std::path::{Path, PathBuf};
use tcpsleuth::capture::{Capture, ErrorKind, PcapWriter};

// ---------------------------------------------------------------- classic pcap

#[test]
fn pcap_microsecond_little_endian_gives_timestamps_lengths_and_data() {
    let (frames, err) = read_bytes(&pcap(&[(ts(1_700_000_000, 123_456_000), b"abcd")]));
    let f = &frames[0];
    assert_eq!(
        (
            err,
            f.ts,
            f.caplen,
            f.orig_len,
            f.link_type,
            f.snaplen,
            f.data.as_slice(),
            f.offset,
            f.number
        ),
        (
            None,
            ts(1_700_000_000, 123_456_000),
            4,
            4,
            1,
            65535,
            &b"abcd"[..],
            24,
            1
        )
    );
}

#[test]
fn pcap_nanosecond_magic_keeps_nanoseconds() {
    let mut w = PcapWriter::new(Vec::new(), 101, 262_144, true).expect("header");
    w.write_packet(ts(5, 987_654_321), b"x", 1).expect("record");
    let path = file("nano.pcap", &w.into_inner());
    let mut cap = Capture::open(&[&path]).expect("open");
    let nano = cap.nanosecond();
    let (frames, _) = read_all(&mut cap);
    assert_eq!(
        (nano, frames[0].ts, frames[0].link_type),
        (true, ts(5, 987_654_321), 101)
    );
}

#[test]
fn pcap_big_endian_reads_the_same_as_little_endian() {
    let mut f = vec![
        0xa1, 0xb2, 0xc3, 0xd4, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 113,
    ];
    for v in [7u32, 500, 3, 90] {
        f.extend(v.to_be_bytes()); // ts 7.000500, caplen 3, orig_len 90
    }
    f.extend(b"xyz");
    let (frames, err) = read_bytes(&f);
    let g = &frames[0];
    assert_eq!(
        (err, g.ts, g.caplen, g.orig_len, g.link_type, g.snaplen),
        (None, ts(7, 500_000), 3, 90, 113, 256)
    );
}

#[test]
fn pcap_banner_values_come_from_the_file_header() {
    let mut w = PcapWriter::new(Vec::new(), 228, 1500, false).expect("header");
    w.write_packet(ts(1, 0), b"", 0).expect("record");
    let path = file("banner.pcap", &w.into_inner());
    let cap = Capture::open(&[&path]).expect("open");
    assert_eq!(
        (cap.first_link_type(), cap.snaplen(), cap.nanosecond()),
        (Some(228), 1500, false)
    );
}

#[test]
fn pcap_with_header_only_is_an_empty_stream_not_an_error() {
    assert_eq!(read_bytes(&pcap(&[])), (vec![], None));
}

#[test]
fn zero_length_frames_are_delivered() {
    let (frames, err) = read_bytes(&pcap(&[(ts(1, 0), b""), (ts(2, 0), b"")]));
    assert_eq!((frames.len(), frames[1].caplen, err), (2, 0, None));
}

#[test]
fn timestamps_going_backwards_are_delivered_as_is() {
    let (frames, _) = read_bytes(&pcap(&[(ts(9, 0), ETH), (ts(3, 0), ETH)]));
    assert_eq!(
        frames.iter().map(|f| f.ts.secs).collect::<Vec<_>>(),
        vec![9, 3]
    );
}

#[test]
fn caplen_above_snaplen_but_within_the_maximum_is_delivered_whole() {
    let mut w = PcapWriter::new(Vec::new(), 1, 64, false).expect("header");
    w.write_packet(ts(1, 0), &[7; 100], 100).expect("record");
    let (frames, err) = read_bytes(&w.into_inner());
    assert_eq!((frames[0].caplen, frames[0].snaplen, err), (100, 64, None));
}

#[test]
fn orig_len_below_caplen_is_delivered_unchanged() {
    let mut w = PcapWriter::new(Vec::new(), 1, 65535, false).expect("header");
    w.write_packet(ts(1, 0), &[1; 20], 10).expect("record");
    let (frames, err) = read_bytes(&w.into_inner());
    assert_eq!((frames[0].caplen, frames[0].orig_len, err), (20, 10, None));
}

#[test]
fn caplen_of_exactly_262144_is_legal() {
    let big = vec![0u8; 262_144];
    let (frames, err) = read_bytes(&pcap(&[(ts(1, 0), &big)]));
    assert_eq!((frames.len(), err), (1, None));
}

// ---------------------------------------------------------------- pcapng

#[test]
fn pcapng_little_endian_enhanced_packets() {
    let ng = Ng::new(false)
        .idb(1, 0, &[])
        .epb(0, 1_500_000_250, ETH, 1514)
        .bytes();
    let (frames, err) = read_bytes(&ng);
    let f = &frames[0];
    assert_eq!(
        (err, f.ts, f.caplen, f.orig_len, f.link_type, f.snaplen),
        (None, ts(1500, 250_000), 60, 1514, 1, 262_144)
    );
}

#[test]
fn pcapng_big_endian_enhanced_packets() {
    let ng = Ng::new(true)
        .idb(101, 9000, &[])
        .epb(0, 2_000_001, b"abc", 3)
        .bytes();
    let (frames, err) = read_bytes(&ng);
    let f = &frames[0];
    assert_eq!(
        (err, f.ts, f.link_type, f.snaplen, f.data.as_slice()),
        (None, ts(2, 1000), 101, 9000, &b"abc"[..])
    );
}

#[test]
fn pcapng_if_tsresol_decimal_nanoseconds() {
    let ng = Ng::new(false)
        .idb(1, 0, &[(OPT_IF_TSRESOL, &[9])])
        .epb(0, 3_000_000_007, ETH, 60)
        .bytes();
    let path = file("ns.pcapng", &ng);
    let mut cap = Capture::open(&[&path]).expect("open");
    let nano = cap.nanosecond();
    let (frames, _) = read_all(&mut cap);
    assert_eq!((nano, frames[0].ts), (true, ts(3, 7)));
}

#[test]
fn pcapng_if_tsresol_power_of_two_and_tsoffset() {
    let offset = 1_000i64.to_le_bytes();
    let ng = Ng::new(false)
        .idb(
            1,
            0,
            &[(OPT_IF_TSRESOL, &[0x80 | 8]), (OPT_IF_TSOFFSET, &offset)],
        )
        .epb(0, 5 * 256 + 64, ETH, 60) // 5.25 s in 1/256 s units
        .bytes();
    let (frames, _) = read_bytes(&ng);
    assert_eq!(frames[0].ts, ts(1005, 250_000_000));
}

#[test]
fn pcapng_simple_packet_uses_interface_0_and_snaplen() {
    // orig_len 100, snaplen 40, 60 bytes of room: caplen = min(100, 40, 60) = 40.
    let ng = Ng::new(false).idb(1, 40, &[]).spb(100, &[5; 60]).bytes();
    let (frames, err) = read_bytes(&ng);
    let f = &frames[0];
    assert_eq!((err, f.caplen, f.orig_len, f.ts), (None, 40, 100, ts(0, 0)));
}

#[test]
fn pcapng_simple_packet_caplen_is_bounded_by_the_block() {
    // orig_len 1514, snaplen max, only 60 bytes in the block.
    let ng = Ng::new(false).idb(1, 0, &[]).spb(1514, ETH).bytes();
    let (frames, _) = read_bytes(&ng);
    assert_eq!((frames[0].caplen, frames[0].orig_len), (60, 1514));
}

#[test]
fn pcapng_obsolete_packet_block_is_read() {
    let ng = Ng::new(false)
        .idb(1, 0, &[])
        .pb(0, 42_000_000, b"old")
        .bytes();
    let (frames, err) = read_bytes(&ng);
    assert_eq!(
        (err, frames[0].ts, frames[0].data.as_slice()),
        (None, ts(42, 0), &b"old"[..])
    );
}

#[test]
fn pcapng_unknown_blocks_are_skipped() {
    let ng = Ng::new(false)
        .block(4, &[1, 0, 4, 0, 10, 0, 0, 1, 0, 0, 0, 0]) // NRB
        .idb(1, 0, &[])
        .block(5, &[0; 12]) // ISB
        .block(0x0000_0BAD, &[0xde, 0xad, 0xbe, 0xef, 1, 2]) // custom
        .block(0x0000_000A, &[0; 8]) // DSB
        .epb(0, 1, ETH, 60)
        .bytes();
    let (frames, err) = read_bytes(&ng);
    assert_eq!((frames.len(), err), (1, None));
}

#[test]
fn pcapng_interfaces_keep_their_own_link_types() {
    let ng = Ng::new(false)
        .idb(1, 0, &[])
        .idb(113, 0, &[])
        .epb(1, 1, b"sll", 3)
        .epb(0, 2, ETH, 60)
        .bytes();
    let (frames, _) = read_bytes(&ng);
    assert_eq!(
        frames.iter().map(|f| f.link_type).collect::<Vec<_>>(),
        vec![113, 1]
    );
}

#[test]
fn pcapng_second_section_resets_interfaces_and_may_change_byte_order() {
    let mut bytes = Ng::new(false).idb(1, 0, &[]).epb(0, 1, ETH, 60).bytes();
    bytes.extend(Ng::new(true).idb(101, 0, &[]).epb(0, 2, b"ip", 2).bytes());
    let (frames, err) = read_bytes(&bytes);
    assert_eq!(
        (frames.iter().map(|f| f.link_type).collect::<Vec<_>>(), err),
        (vec![1, 101], None)
    );
}

#[test]
fn pcapng_interface_ids_do_not_survive_a_new_section() {
    let mut bytes = Ng::new(false).idb(1, 0, &[]).idb(1, 0, &[]).bytes();
    let second = Ng::new(false).idb(1, 0, &[]).epb(1, 2, ETH, 60).bytes();
    let at = bytes.len() as u64 + 28 + 20;
    bytes.extend(second);
    let (frames, err) = read_bytes(&bytes);
    let err = err.expect("error");
    assert_eq!((frames.len(), err.offset), (0, at));
    assert!(
        err.to_string()
            .contains("no Interface Description Block for that interface"),
        "{err}"
    );
}

#[test]
fn pcapng_packet_in_a_section_without_idb_is_an_error() {
    let ng = Ng::new(false).epb(0, 1, ETH, 60).bytes();
    let (frames, err) = read_bytes(&ng);
    let err = err.expect("error");
    assert_eq!((frames.len(), err.offset), (0, 28));
    assert!(
        err.to_string().contains("a packet arrived on interface 0"),
        "{err}"
    );
}

#[test]
fn pcapng_with_section_and_interface_only_is_empty_not_an_error() {
    assert_eq!(
        read_bytes(&Ng::new(false).idb(1, 0, &[]).bytes()),
        (vec![], None)
    );
}

// ---------------------------------------------------------------- compression and streams

#[test]
fn gzip_pcap_is_streamed_transparently() {
    let plain = pcap(&[(ts(1, 0), ETH), (ts(2, 0), ETH)]);
    assert_eq!(read_bytes(&gzip(&plain)), read_bytes(&plain));
}

#[test]
fn gzip_pcapng_is_streamed_transparently() {
    let plain = Ng::new(false)
        .idb(1, 0, &[])
        .epb(0, 1, ETH, 60)
        .epb(0, 2, ETH, 60)
        .bytes();
    assert_eq!(read_bytes(&gzip(&plain)).0.len(), 2);
}

#[test]
fn concatenated_gzip_members_read_as_one_file() {
    let plain = pcap(&[(ts(1, 0), ETH), (ts(2, 0), ETH), (ts(3, 0), ETH)]);
    let mut two = gzip(&plain[..24 + 76]);
    two.extend(gzip(&plain[24 + 76..]));
    assert_eq!(read_bytes(&two).0.len(), 3);
}

#[test]
fn truncated_gzip_delivers_what_decompressed_then_an_error() {
    let plain = pcap(&(0..50).map(|i| (ts(i, 0), ETH)).collect::<Vec<_>>());
    let z = gzip(&plain);
    let (frames, err) = read_bytes(&z[..z.len() - 10]);
    assert!(
        err.is_some() && frames.len() < 50,
        "{} frames, {err:?}",
        frames.len()
    );
}

#[test]
fn offsets_in_compressed_files_count_decompressed_bytes() {
    let plain = pcap(&[(ts(1, 0), ETH), (ts(2, 0), ETH)]);
    let (frames, _) = read_bytes(&gzip(&plain));
    assert_eq!(
        frames.iter().map(|f| f.offset).collect::<Vec<_>>(),
        vec![24, 100]
    );
}

/// tests/fixtures/capture/three.pcap.zst: made by make_zstd_fixture.sh.
#[test]
fn zstd_pcap_fixture_reads_like_its_source() {
    let dir = repo_path("tests/fixtures/capture");
    let plain = std::fs::read(dir.join("three.pcap")).expect("fixture");
    let zst = std::fs::read(dir.join("three.pcap.zst")).expect("fixture");
    let (frames, err) = read_bytes(&zst);
    assert_eq!((frames.len(), err, frames), (3, None, read_bytes(&plain).0));
}

fn zstd_fixture() -> Vec<u8> {
    let dir = repo_path("tests/fixtures/capture");
    std::fs::read(dir.join("three.pcap.zst")).expect("fixture")
}

#[test]
fn zstd_skippable_frames_are_skipped() {
    // Skippable frame (magic 0x184D2A50, length 3), as pzstd writes before each frame.
    let mut z = vec![0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3];
    z.extend(zstd_fixture());
    let (frames, err) = read_bytes(&z);
    assert_eq!((frames.len(), err), (3, None));
}

#[test]
fn truncated_zstd_ends_with_a_decompression_error() {
    let z = zstd_fixture();
    for cut in [z.len() - 1, z.len() / 2, 6] {
        let (frames, err) = read_bytes(&z[..cut]);
        let kind = err.map(|e| e.kind);
        assert!(
            matches!(
                kind,
                Some(ErrorKind::Decompress(_) | ErrorKind::Truncated(_))
            ),
            "cut {cut}: {} frames, {kind:?}",
            frames.len()
        );
    }
}

#[test]
fn a_fifo_is_streamed_when_it_cannot_be_mapped() {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fifo-{}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .map(|s| s.success());
    if made.ok() != Some(true) {
        skip("needs mkfifo");
        return;
    }
    let bytes = pcap(&[(ts(1, 0), ETH), (ts(2, 0), ETH)]);
    let writer_path = path.clone();
    let writer = std::thread::spawn(move || std::fs::write(writer_path, bytes));
    let mut cap = Capture::open(&[&path]).expect("open fifo");
    let mapped = cap.is_mapped();
    let (frames, err) = read_all(&mut cap);
    let _ = writer.join();
    let _ = std::fs::remove_file(&path);
    assert_eq!((mapped, frames.len(), err), (false, 2, None));
}

#[test]
fn plain_files_are_memory_mapped() {
    let path = file("m.pcap", &pcap(&[(ts(1, 0), ETH)]));
    assert!(Capture::open(&[&path]).expect("open").is_mapped());
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let err = Capture::open(&["/nonexistent/x.pcap"])
        .err()
        .expect("error");
    assert_eq!(
        (err.file.as_str(), matches!(err.kind, ErrorKind::Io(_))),
        ("/nonexistent/x.pcap", true)
    );
}

// ---------------------------------------------------------------- merging

#[test]
fn several_files_merge_by_timestamp_with_global_numbers() {
    let a = file("a.pcap", &pcap(&[(ts(1, 0), b"a1"), (ts(4, 0), b"a4")]));
    let b = file(
        "b.pcap",
        &pcap(&[(ts(2, 0), b"b2"), (ts(3, 0), b"b3"), (ts(5, 0), b"b5")]),
    );
    let (frames, err) = read_all(&mut Capture::open(&[&a, &b]).expect("open"));
    let order: Vec<_> = frames
        .iter()
        .map(|f| (f.number, f.source, f.data.clone()))
        .collect();
    assert_eq!(err, None);
    assert_eq!(
        order,
        vec![
            (1, 0, b"a1".to_vec()),
            (2, 1, b"b2".to_vec()),
            (3, 1, b"b3".to_vec()),
            (4, 0, b"a4".to_vec()),
            (5, 1, b"b5".to_vec())
        ]
    );
}

#[test]
fn merge_ties_keep_file_order() {
    let a = file("a.pcap", &pcap(&[(ts(1, 0), b"a"), (ts(1, 0), b"a'")]));
    let b = file("b.pcap", &pcap(&[(ts(1, 0), b"b")]));
    let (frames, _) = read_all(&mut Capture::open(&[&b, &a]).expect("open"));
    assert_eq!(
        frames.iter().map(|f| f.data.clone()).collect::<Vec<_>>(),
        vec![b"b".to_vec(), b"a".to_vec(), b"a'".to_vec()]
    );
}

#[test]
fn merge_mixes_pcap_pcapng_and_gzip() {
    let a = file("a.pcap.gz", &gzip(&pcap(&[(ts(2, 0), b"a")])));
    let b = file(
        "b.pcapng",
        &Ng::new(false)
            .idb(113, 0, &[])
            .epb(0, 1_000_000, b"b", 1)
            .bytes(),
    );
    let (frames, _) = read_all(&mut Capture::open(&[&a, &b]).expect("open"));
    assert_eq!(
        frames
            .iter()
            .map(|f| (f.source, f.link_type))
            .collect::<Vec<_>>(),
        vec![(1, 113), (0, 1)]
    );
}

#[test]
fn merge_reports_a_broken_file_after_every_good_frame() {
    let mut bad = pcap(&[(ts(1, 0), b"x")]);
    bad.extend(&record(2, 0, 60, 60)[..5]);
    let a = file("bad.pcap", &bad);
    let b = file("good.pcap", &pcap(&[(ts(3, 0), b"g"), (ts(4, 0), b"h")]));
    let mut cap = Capture::open(&[&a, &b]).expect("open");
    let mut seen = Vec::new();
    while let Some(r) = cap.next_frame() {
        seen.push(r.map(|f| f.number).map_err(|e| e.offset));
    }
    assert_eq!(seen, vec![Ok(1), Ok(2), Ok(3), Err(41)]);
}

#[test]
fn files_describes_each_input_for_the_banner() {
    let a = file("a.pcap", &pcap(&[]));
    let b = file(
        "b.pcapng.gz",
        &gzip(
            &Ng::new(false)
                .idb(113, 9000, &[(OPT_IF_TSRESOL, &[9])])
                .bytes(),
        ),
    );
    let cap = Capture::open(&[&a, &b]).expect("open");
    let got: Vec<_> = cap
        .files()
        .into_iter()
        .map(|f| (f.format, f.link_type, f.snaplen, f.nanosecond, f.mapped))
        .collect();
    assert_eq!(
        got,
        vec![
            ("pcap", Some(1), 65535, false, true),
            ("pcapng", Some(113), 9000, true, false)
        ]
    );
}

// ---------------------------------------------------------------- real captures

/// Reads every capture under `dir` whose name matches, expecting no error.
fn read_real(dir: &str, exts: &[&str]) -> Option<usize> {
    let root = shared(dir)?;
    let mut stack = vec![root];
    let mut count = 0;
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_dir() {
                stack.push(p);
            } else if exts.iter().any(|e| name.ends_with(e)) {
                let mut cap = Capture::open(&[&p]).unwrap_or_else(|e| panic!("{e}"));
                let (_, err) = read_all(&mut cap);
                assert_eq!(err, None, "{}", p.display());
                count += 1;
            }
        }
    }
    Some(count)
}

#[test]
fn shared_scenarios_read_without_error() {
    if let Some(n) = read_real("scenarios", &[".pcap"]) {
        assert!(n > 0);
    }
}

#[test]
fn tcpdump_test_captures_read_without_error() {
    if let Some(n) = read_real("peers/tcpdump", &[".pcap", ".pcapng"]) {
        assert!(n > 0);
    }
}

#[test]
fn zeek_test_traces_read_without_error() {
    if let Some(n) = read_real("peers/zeek/traces", &[".pcap", ".pcapng", ".pcap.gz"]) {
        assert!(n > 0);
    }
}

// ---------------------------------------------------------------- agreement with tcpdump

/// Every real capture: the frame count, link type and snapshot length that
/// `tcpdump --count` reports (skipped when tcpdump or shared/ is absent).
#[test]
fn real_captures_agree_with_tcpdump_count_and_banner() {
    let Some(files) = real_files() else { return };
    if !tool("tcpdump") {
        return;
    }
    let mut disagreements = Vec::new();
    for p in &files {
        let Ok(out) = std::process::Command::new("tcpdump")
            .arg("--count")
            .arg("-r")
            .arg(p)
            .output()
        else {
            continue;
        };
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let mut cap = Capture::open(&[p]).expect("open");
        let banner = format!(
            "link-type {}, snapshot length {}",
            tcpsleuth::names::LinkType(cap.first_link_type().unwrap_or(0)),
            cap.snaplen()
        );
        let (frames, _) = read_all(&mut cap);
        let theirs = stdout
            .split_whitespace()
            .next()
            .and_then(|n| n.parse::<usize>().ok());
        if theirs != Some(frames.len()) || !stderr.contains(&banner) {
            let ours = format!("{} frames | {banner}", frames.len());
            disagreements.push(format!(
                "{}: tcpdump [{} | {}] ours [{ours}]",
                p.display(),
                stdout.trim(),
                stderr.trim()
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// Every capture under shared/scenarios, peers/tcpdump and peers/zeek/traces.
fn real_files() -> Option<Vec<PathBuf>> {
    let mut stack = shared_each(&["scenarios", "peers/tcpdump", "peers/zeek/traces"])?;
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            if p.is_dir() {
                stack.push(p);
            } else if [".pcap", ".pcapng", ".pcap.gz"]
                .iter()
                .any(|e| name.ends_with(e))
            {
                files.push(p);
            }
        }
    }
    files.sort();
    Some(files)
}

// ------------------------------------------------------ large mapped files

/// A mapped file beyond 64 MiB is touched ahead by a second thread, and its
/// pages behind the reader are handed back to the kernel: every frame must
/// still come out whole and in order.
#[test]
fn a_capture_beyond_the_prefetch_threshold_reads_every_frame_whole() {
    const FRAMES: u32 = 1_150;
    const LEN: usize = 60_000;
    let frame = |i: u32| -> Vec<u8> { (0..LEN).map(|k| (k as u32).wrapping_mul(31).wrapping_add(i) as u8).collect() };
    let path = pcap_file("large.pcap", (0..FRAMES).map(|i| (ts(1_700_000_000 + i64::from(i), 0), frame(i), LEN as u32)));
    assert!(std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) > 64 << 20, "the file is beyond the threshold");
    let mut cap = Capture::open(&[&path]).expect("open");
    let mut seen = 0u32;
    while let Some(r) = cap.next_frame() {
        let f = r.expect("no error");
        assert!(f.data == frame(seen).as_slice(), "frame {seen} intact");
        seen += 1;
    }
    assert_eq!(seen, FRAMES);
}
