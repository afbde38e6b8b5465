//! Capture sets: `-r DIR` and `-r 'glob*'` read the files a capture was
//! rotated into (tcpdump -C, editcap -c) as one stream, so every result equals the one
//! over the unsplit capture (connections crossing a file boundary included).

use crate::support::{arg, bench_capture, run, sample, scenario, scratch_dir, tool};
use std::path::Path;
use std::process::Command;

/// Splits `file` as `tcpdump -C MEGABYTES` does into DIR/piece, piece1,
/// piece2 …; returns how many files it wrote.
fn rotate(file: &Path, dir: &Path, megabytes: &str) -> usize {
    let st = Command::new("tcpdump")
        .arg("-r")
        .arg(file)
        .arg("-w")
        .arg(dir.join("piece"))
        .args(["-C", megabytes])
        // As root tcpdump drops to its own user, who may not write our scratch dir.
        .args(["-Z", "root"])
        .output()
        .expect("run tcpdump");
    assert!(st.status.success(), "tcpdump -C: {}", String::from_utf8_lossy(&st.stderr));
    count(dir)
}

/// Splits `file` every `packets` packets into DIR/piece_00000_<time>.pcap …
/// (editcap -c; time-stamped names as tcpdump -G writes them): tcpdump's
/// -C counts whole megabytes, too coarse for a lab scenario of a few hundred
/// kilobytes.
fn split_by_count(file: &str, dir: &Path, packets: &str) -> usize {
    let st = Command::new("editcap").args(["-c", packets, file]).arg(dir.join("piece.pcap")).output().expect("run editcap");
    assert!(st.status.success(), "editcap -c: {}", String::from_utf8_lossy(&st.stderr));
    count(dir)
}

fn count(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, Iterator::count)
}

fn conns_json(read: &str) -> String {
    let r = run(["conns", "-r", read, "--format", "json"]);
    assert_eq!(r.code, 0, "conns -r {read}: {}", r.stderr);
    r.stdout
}

#[test]
fn a_rotated_scenario_reads_as_the_whole_capture() {
    let Some(file) = scenario("loss_retrans.client.pcap") else { return };
    if !tool("editcap") {
        return;
    }
    let dir = scratch_dir("scenario");
    let pieces = split_by_count(&file, &dir, "100");
    assert!(pieces >= 5, "editcap -c 100 wrote {pieces} files");
    let whole = conns_json(&file);
    assert_eq!(conns_json(&arg(&dir)), whole, "-r DIR");
    assert_eq!(conns_json(&arg(&dir.join("piece*"))), whole, "-r 'piece*'");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_generated_capture_split_in_rotated_files_gives_the_same_connections() {
    if !tool("tcpdump") {
        return;
    }
    let Some(whole) = bench_capture(20_000, 300) else { return };
    let set = scratch_dir("set");
    let pieces = rotate(&whole, &set, "2");
    assert!(pieces >= 5, "tcpdump -C 2 wrote {pieces} files");
    assert_eq!(conns_json(&arg(&set)), conns_json(&arg(&whole)));
    let _ = std::fs::remove_dir_all(set);
    let _ = std::fs::remove_file(whole);
}

#[test]
fn reading_the_pieces_one_by_one_would_split_connections() {
    // The reason capture sets exist: the same pieces read file by file give
    // more (broken) connection records than the set read as one.
    let Some(file) = scenario("loss_retrans.client.pcap") else { return };
    if !tool("editcap") {
        return;
    }
    let dir = scratch_dir("onebyone");
    split_by_count(&file, &dir, "100");
    let tcp = |out: &str| out.lines().filter(|l| l.contains("\"proto\":\"tcp\"")).count();
    let mut one_by_one = 0;
    for e in std::fs::read_dir(&dir).expect("list").flatten() {
        one_by_one += tcp(&conns_json(&arg(&e.path())));
    }
    let as_set = tcp(&conns_json(&arg(&dir)));
    assert!(one_by_one > as_set, "file by file {one_by_one} TCP records, as a set {as_set}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_empty_directory_is_a_usage_error() {
    let dir = scratch_dir("empty");
    let r = run(["conns", "-r", &arg(&dir)]);
    assert_eq!((r.code, r.stderr.contains("the directory holds no files")), (2, true), "{}", r.stderr);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_pattern_matching_nothing_is_a_usage_error() {
    let dir = scratch_dir("nomatch");
    let r = run(["scans", "-r", &arg(&dir.join("nothing*.pcap"))]);
    assert_eq!((r.code, r.stderr.contains("the pattern matches no files")), (2, true), "{}", r.stderr);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn files_that_are_not_captures_are_skipped_with_a_note() {
    let dir = scratch_dir("mixed");
    std::fs::copy(sample(), dir.join("a.pcap")).expect("copy sample");
    std::fs::write(dir.join("README.txt"), "not a capture\n").expect("write");
    let r = run(["conns", "-r", &arg(&dir), "--format", "json"]);
    let whole = run(["conns", "-r", &sample(), "--format", "json"]);
    assert_eq!(r.stdout, whole.stdout);
    assert!(r.stderr.contains("skipped 1 file that is not a capture"), "{}", r.stderr);
    let _ = std::fs::remove_dir_all(dir);
}
