//! `tcpsleuth diagnose` on bad or awkward input, with the real binary: empty
//! files, clocks hours apart, one direction only, packets out of order,
//! a peer capture that misses connections. Honest findings, never a panic.

use std::path::PathBuf;
use crate::support::capture::{file, pcap_file};
use crate::support::{self, shared};
use tcpsleuth::capture::Capture;
use tcpsleuth::time::Timestamp;

/// The lab scenarios folder, or None (with a SKIPPED line) when absent.
fn dir() -> Option<String> {
    shared("scenarios").map(|p| p.display().to_string())
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

/// The frames written to a fresh scratch pcap.
fn write(name: &str, frames: Vec<(Timestamp, Vec<u8>, u32)>) -> PathBuf {
    pcap_file(&format!("diag-{name}"), frames)
}

fn run(args: &[&str]) -> (Option<i32>, Vec<serde_json::Value>, String) {
    let out = support::run(["diagnose", "--format", "json"].iter().chain(args));
    let code = Some(out.code).filter(|c| *c >= 0);
    (code, out.json(), out.stderr)
}

fn labels(v: &[serde_json::Value]) -> Vec<String> {
    let mut l: Vec<String> = v.iter().map(|j| j["label"].as_str().unwrap_or("?").to_string()).collect();
    l.sort();
    l
}

#[test]
fn empty_capture_is_no_finding_and_exit_0() {
    let p = write("empty.pcap", Vec::new());
    let (code, v, _) = run(&["-r", p.to_str().unwrap_or("")]);
    assert_eq!((code, v.len()), (Some(0), 0));
}

#[test]
fn zero_byte_file_is_an_error_not_a_panic() {
    let p = file("diag-zero.pcap", b"");
    let (code, _, err) = run(&["-r", p.to_str().unwrap_or("")]);
    assert!(code == Some(2) && !err.contains("panicked"), "{code:?} {err}");
}

#[test]
fn clocks_eight_hours_apart_still_match() {
    let Some(dir) = dir() else { return };
    let shifted: Vec<_> = frames(&format!("{dir}/synack_dropped.server.pcap"))
        .into_iter()
        .map(|(ts, d, l)| (Timestamp::new(ts.secs - 8 * 3600, ts.nanos as u64), d, l))
        .collect();
    let p = write("synack_server_pst.pcap", shifted);
    let (_, v, _) = run(&["-r", &format!("{dir}/synack_dropped.client.pcap"), "--peer", p.to_str().unwrap_or("")]);
    assert_eq!(labels(&v), vec!["synack_dropped_in_path"]);
}

#[test]
fn one_direction_only_says_it_cannot_tell() {
    let Some(dir) = dir() else { return };
    // Keep only the client's packets (IPv4 source 10.77.1.10 at bytes 26..30 of Ethernet+IPv4).
    let kept: Vec<_> = frames(&format!("{dir}/normal.server.pcap")).into_iter().filter(|(_, d, _)| d.get(26..30) == Some(&[10, 77, 1, 10][..])).collect();
    let p = write("one_direction.pcap", kept);
    let (_, v, _) = run(&["-r", p.to_str().unwrap_or("")]);
    let ok = labels(&v) == vec!["one_direction_only"] && v[0]["explanation"].as_str().unwrap_or("").contains("only one direction captured");
    assert!(ok, "{v:?}");
}

#[test]
fn packets_out_of_order_in_the_file() {
    let Some(dir) = dir() else { return };
    let mut f = frames(&format!("{dir}/ack_dropped.client.pcap"));
    f.reverse();
    let p = write("reversed.pcap", f);
    let (_, v, _) = run(&["-r", p.to_str().unwrap_or("")]);
    assert_eq!(labels(&v), vec!["ack_dropped_in_path"]);
}

#[test]
fn peer_capture_that_misses_a_connection_does_not_invent_a_drop() {
    let Some(dir) = dir() else { return };
    // Client side: the normal connection plus the refused attempts (another
    // time); server side: only the normal connection's capture.
    let (_, v, _) = run(&[
        "-r",
        &format!("{dir}/normal.client.pcap"),
        "-r",
        &format!("{dir}/refused.client.pcap"),
        "--peer",
        &format!("{dir}/normal.server.pcap"),
    ]);
    assert_eq!(labels(&v), vec!["closed_normally", "refused"]);
}

#[test]
fn truncated_capture_diagnoses_what_was_read() {
    let Some(dir) = dir() else { return };
    let bytes = std::fs::read(format!("{dir}/synack_dropped.server.pcap")).unwrap_or_default();
    let p = file("diag-truncated.pcap", &bytes[..bytes.len().saturating_sub(30)]);
    let (code, v, err) = run(&["-r", p.to_str().unwrap_or("")]);
    assert!(code == Some(1) && !v.is_empty() && !err.contains("panicked"), "{code:?} {err}");
}
