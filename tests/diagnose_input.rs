//! `tcpsleuth diagnose` on bad or awkward input, with the real binary: empty
//! files, clocks hours apart, one direction only, packets out of order,
//! a peer capture that misses connections. Honest findings, never a panic.

use std::path::{Path, PathBuf};
use std::process::Command;
use tcpsleuth::capture::{Capture, PcapWriter};
use tcpsleuth::time::Timestamp;

const DIR: &str = "/work/shared/scenarios";

fn have() -> bool {
    let ok = Path::new(DIR).is_dir();
    if !ok {
        eprintln!("skipped: {DIR} not present");
    }
    ok
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tcpsleuth-diag-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&d);
    d.join(name)
}

/// Frames of a capture as (ts, bytes, orig_len).
fn frames(path: &str) -> Vec<(Timestamp, Vec<u8>, u32)> {
    let mut cap = Capture::open(&[path]).expect("open");
    let mut v = Vec::new();
    while let Some(Ok(f)) = cap.next_frame() {
        v.push((f.ts, f.data.to_vec(), f.orig_len));
    }
    v
}

fn write(path: &Path, frames: &[(Timestamp, Vec<u8>, u32)]) {
    let file = std::fs::File::create(path).expect("create");
    let mut w = PcapWriter::new(file, 1, 262144, false).expect("writer");
    for (ts, data, len) in frames {
        w.write_packet(*ts, data, *len).expect("write");
    }
    w.flush().expect("flush");
}

fn run(args: &[&str]) -> (Option<i32>, Vec<serde_json::Value>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tcpsleuth")).arg("diagnose").arg("--format").arg("json").args(args).output().expect("run");
    let v = String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    (out.status.code(), v, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn labels(v: &[serde_json::Value]) -> Vec<String> {
    let mut l: Vec<String> = v.iter().map(|j| j["label"].as_str().unwrap_or("?").to_string()).collect();
    l.sort();
    l
}

#[test]
fn empty_capture_is_no_finding_and_exit_0() {
    let p = scratch("empty.pcap");
    write(&p, &[]);
    let (code, v, _) = run(&["-r", p.to_str().unwrap_or("")]);
    assert_eq!((code, v.len()), (Some(0), 0));
}

#[test]
fn zero_byte_file_is_an_error_not_a_panic() {
    let p = scratch("zero.pcap");
    let _ = std::fs::write(&p, b"");
    let (code, _, err) = run(&["-r", p.to_str().unwrap_or("")]);
    assert!(code == Some(2) && !err.contains("panicked"), "{code:?} {err}");
}

#[test]
fn clocks_eight_hours_apart_still_match() {
    if !have() {
        return;
    }
    let shifted: Vec<_> = frames(&format!("{DIR}/synack_dropped.server.pcap"))
        .into_iter()
        .map(|(ts, d, l)| (Timestamp::new(ts.secs - 8 * 3600, ts.nanos as u64), d, l))
        .collect();
    let p = scratch("synack_server_pst.pcap");
    write(&p, &shifted);
    let (_, v, _) = run(&["-r", &format!("{DIR}/synack_dropped.client.pcap"), "--peer", p.to_str().unwrap_or("")]);
    assert_eq!(labels(&v), vec!["synack_dropped_in_path"]);
}

#[test]
fn one_direction_only_says_it_cannot_tell() {
    if !have() {
        return;
    }
    // Keep only the client's packets (IPv4 source 10.77.1.10 at bytes 26..30 of Ethernet+IPv4).
    let kept: Vec<_> = frames(&format!("{DIR}/normal.server.pcap")).into_iter().filter(|(_, d, _)| d.get(26..30) == Some(&[10, 77, 1, 10][..])).collect();
    let p = scratch("one_direction.pcap");
    write(&p, &kept);
    let (_, v, _) = run(&["-r", p.to_str().unwrap_or("")]);
    let ok = labels(&v) == vec!["one_direction_only"] && v[0]["explanation"].as_str().unwrap_or("").contains("only one direction captured");
    assert!(ok, "{v:?}");
}

#[test]
fn packets_out_of_order_in_the_file() {
    if !have() {
        return;
    }
    let mut f = frames(&format!("{DIR}/ack_dropped.client.pcap"));
    f.reverse();
    let p = scratch("reversed.pcap");
    write(&p, &f);
    let (_, v, _) = run(&["-r", p.to_str().unwrap_or("")]);
    assert_eq!(labels(&v), vec!["ack_dropped_in_path"]);
}

#[test]
fn peer_capture_that_misses_a_connection_does_not_invent_a_drop() {
    if !have() {
        return;
    }
    // Client side: the normal connection plus the refused attempts (another
    // time); server side: only the normal connection's capture.
    let (_, v, _) = run(&[
        "-r",
        &format!("{DIR}/normal.client.pcap"),
        "-r",
        &format!("{DIR}/refused.client.pcap"),
        "--peer",
        &format!("{DIR}/normal.server.pcap"),
    ]);
    assert_eq!(labels(&v), vec!["closed_normally", "refused"]);
}

#[test]
fn truncated_capture_diagnoses_what_was_read() {
    if !have() {
        return;
    }
    let bytes = std::fs::read(format!("{DIR}/synack_dropped.server.pcap")).unwrap_or_default();
    let p = scratch("truncated.pcap");
    let _ = std::fs::write(&p, &bytes[..bytes.len().saturating_sub(30)]);
    let (code, v, err) = run(&["-r", p.to_str().unwrap_or("")]);
    assert!(code == Some(1) && !v.is_empty() && !err.contains("panicked"), "{code:?} {err}");
}
