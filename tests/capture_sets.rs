//! Capture sets: `-r DIR` and `-r 'glob*'` read the files a capture was
//! rotated into (tcpdump -C, editcap -c) as one stream, so every result equals the one
//! over the unsplit capture (connections crossing a file boundary included).

use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn tcpsleuth(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_tcpsleuth")).args(args).output().expect("run tcpsleuth");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Prints the SKIPPED line, or fails under CI where everything must be present.
fn skip(test: &str, what: &str) {
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{test}: needs {what} under CI");
    println!("SKIPPED: {test}: needs {what}");
}

fn shared() -> PathBuf {
    std::env::var_os("TCPSLEUTH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tcpsleuth-sets-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

/// Splits `file` as `tcpdump -C MEGABYTES` does into DIR/piece, piece1,
/// piece2 …; returns how many files it wrote, or `None` without tcpdump.
fn rotate(file: &Path, dir: &Path, megabytes: &str) -> Option<usize> {
    let piece = dir.join("piece");
    let st = Command::new("tcpdump")
        .args(["-r", file.to_str()?, "-w", piece.to_str()?, "-C", megabytes])
        // As root tcpdump drops to its own user, who may not write our scratch dir.
        .args(["-Z", "root"])
        .output()
        .ok()?;
    assert!(st.status.success(), "tcpdump -C: {}", String::from_utf8_lossy(&st.stderr));
    Some(std::fs::read_dir(dir).ok()?.count())
}

/// Splits `file` every `packets` packets into DIR/piece_00000_<time>.pcap …
/// (editcap -c; time-stamped names as tcpdump -G writes them): tcpdump's
/// -C counts whole megabytes, too coarse for a lab scenario of a few hundred
/// kilobytes. `None` without editcap.
fn split_by_count(file: &Path, dir: &Path, packets: &str) -> Option<usize> {
    let st = Command::new("editcap").args(["-c", packets]).arg(file).arg(dir.join("piece.pcap")).output().ok()?;
    assert!(st.status.success(), "editcap -c: {}", String::from_utf8_lossy(&st.stderr));
    Some(std::fs::read_dir(dir).ok()?.count())
}

fn conns_json(read: &str) -> String {
    let r = tcpsleuth(&["conns", "-r", read, "--format", "json"]);
    assert_eq!(r.code, 0, "conns -r {read}: {}", r.stderr);
    r.stdout
}

#[test]
fn a_rotated_scenario_reads_as_the_whole_capture() {
    let file = shared().join("scenarios/loss_retrans.client.pcap");
    if !file.is_file() {
        return skip("a_rotated_scenario_reads_as_the_whole_capture", "../shared/scenarios");
    }
    let dir = scratch("scenario");
    let Some(pieces) = split_by_count(&file, &dir, "100") else {
        return skip("a_rotated_scenario_reads_as_the_whole_capture", "editcap (tshark)");
    };
    assert!(pieces >= 5, "editcap -c 100 wrote {pieces} files");
    let whole = conns_json(file.to_str().unwrap_or_default());
    assert_eq!(conns_json(dir.to_str().unwrap_or_default()), whole, "-r DIR");
    let pattern = dir.join("piece*");
    assert_eq!(conns_json(pattern.to_str().unwrap_or_default()), whole, "-r 'piece*'");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_generated_capture_split_in_rotated_files_gives_the_same_connections() {
    let gen = shared().join("bench/gen_capture.py");
    if !gen.is_file() {
        return skip("a_generated_capture_split_in_rotated_files_gives_the_same_connections", "../shared/bench");
    }
    let dir = scratch("generated");
    let whole = dir.join("whole.pcap");
    let st = Command::new("python3")
        .args([gen.to_str().unwrap_or_default(), "--packets", "20000", "--flows", "300", "--seed", "7", "-q", "-o"])
        .arg(&whole)
        .status()
        .expect("python3 gen_capture.py");
    assert!(st.success());
    let set = dir.join("set");
    std::fs::create_dir_all(&set).expect("set dir");
    let Some(pieces) = rotate(&whole, &set, "2") else {
        return skip("a_generated_capture_split_in_rotated_files_gives_the_same_connections", "tcpdump");
    };
    assert!(pieces >= 5, "tcpdump -C 2 wrote {pieces} files");
    let expected = conns_json(whole.to_str().unwrap_or_default());
    assert_eq!(conns_json(set.to_str().unwrap_or_default()), expected);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn reading_the_pieces_one_by_one_would_split_connections() {
    // The reason capture sets exist: the same pieces read file by file give
    // more (broken) connection records than the set read as one.
    let file = shared().join("scenarios/loss_retrans.client.pcap");
    if !file.is_file() {
        return skip("reading_the_pieces_one_by_one_would_split_connections", "../shared/scenarios");
    }
    let dir = scratch("onebyone");
    if split_by_count(&file, &dir, "100").is_none() {
        return skip("reading_the_pieces_one_by_one_would_split_connections", "editcap (tshark)");
    }
    let tcp = |out: &str| out.lines().filter(|l| l.contains("\"proto\":\"tcp\"")).count();
    let mut one_by_one = 0;
    for e in std::fs::read_dir(&dir).expect("list").flatten() {
        one_by_one += tcp(&conns_json(e.path().to_str().unwrap_or_default()));
    }
    let as_set = tcp(&conns_json(dir.to_str().unwrap_or_default()));
    assert!(one_by_one > as_set, "file by file {one_by_one} TCP records, as a set {as_set}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_empty_directory_is_a_usage_error() {
    let dir = scratch("empty");
    let r = tcpsleuth(&["conns", "-r", dir.to_str().unwrap_or_default()]);
    assert_eq!((r.code, r.stderr.contains("the directory holds no files")), (2, true), "{}", r.stderr);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_pattern_matching_nothing_is_a_usage_error() {
    let dir = scratch("nomatch");
    let pattern = dir.join("nothing*.pcap");
    let r = tcpsleuth(&["scans", "-r", pattern.to_str().unwrap_or_default()]);
    assert_eq!((r.code, r.stderr.contains("the pattern matches no files")), (2, true), "{}", r.stderr);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn files_that_are_not_captures_are_skipped_with_a_note() {
    let dir = scratch("mixed");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/sample.pcap");
    std::fs::copy(&sample, dir.join("a.pcap")).expect("copy sample");
    std::fs::write(dir.join("README.txt"), "not a capture\n").expect("write");
    let r = tcpsleuth(&["conns", "-r", dir.to_str().unwrap_or_default(), "--format", "json"]);
    let whole = tcpsleuth(&["conns", "-r", sample.to_str().unwrap_or_default(), "--format", "json"]);
    assert_eq!(r.stdout, whole.stdout);
    assert!(r.stderr.contains("skipped 1 file that is not a capture"), "{}", r.stderr);
    let _ = std::fs::remove_dir_all(dir);
}
