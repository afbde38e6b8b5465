//! `--threads N` changes nothing a user sees: the JSON of each command is
//! byte for byte the same with 1, 2 and 3 workers (3 shares flows unevenly)
//! on every capture of the peer data (lab scenarios, Zeek's and tcpdump's
//! traces), on the project's fixtures and on a generated capture.

use crate::support::{arg, bench_capture, repo_path, run, shared_each};
use std::path::{Path, PathBuf};

/// Worker counts compared with one.
const OTHERS: [&str; 2] = ["2", "3"];

/// Every capture file under `dir`, recursively, sorted.
fn captures(dir: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if p.is_dir() {
            captures(&p, into);
        } else if [".pcap", ".pcapng", ".pcap.gz", ".pcap.zst"].iter().any(|x| name.ends_with(x)) {
            into.push(p);
        }
    }
}

/// The peer data's captures and the fixtures; None after a SKIPPED line.
fn all_captures() -> Option<Vec<PathBuf>> {
    let dirs = shared_each(&["scenarios", "peers/zeek", "peers/tcpdump"])?;
    let mut files = Vec::new();
    for d in dirs.iter().chain([&repo_path("tests/fixtures")]) {
        captures(d, &mut files);
    }
    Some(files)
}

/// The files (with their stdout) where `cmd --threads N` differs from `--threads 1`.
fn differences(cmd: &[&str], files: &[PathBuf]) -> Vec<String> {
    let mut diffs = Vec::new();
    for f in files {
        let with = |n: &str| {
            let mut a: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
            a.extend(["--threads".into(), n.into(), "-r".into(), arg(f)]);
            run(&a)
        };
        let one = with("1");
        for n in OTHERS {
            let other = with(n);
            if other.stdout != one.stdout || other.code != one.code {
                diffs.push(format!("{} --threads {n}: {}", f.display(), first_difference(&one.stdout, &other.stdout)));
            }
        }
    }
    diffs
}

/// The first line that differs, both versions.
fn first_difference(a: &str, b: &str) -> String {
    let (mut la, mut lb) = (a.lines(), b.lines());
    loop {
        match (la.next(), lb.next()) {
            (None, None) => return "exit codes differ".into(),
            (x, y) if x != y => return format!("\n  1: {}\n  N: {}", x.unwrap_or("(end)"), y.unwrap_or("(end)")),
            _ => {}
        }
    }
}

fn assert_same_on_every_capture(cmd: &[&str]) {
    let Some(files) = all_captures() else { return };
    assert!(files.len() > 100, "only {} captures found", files.len());
    let diffs = differences(cmd, &files);
    assert!(diffs.is_empty(), "{cmd:?} differs with more threads on {} of {} captures:\n{}", diffs.len(), files.len(), diffs.join("\n"));
}

#[test]
fn conns_json_is_the_same_with_more_threads() {
    assert_same_on_every_capture(&["conns", "--format", "json"]);
}

#[test]
fn sorted_conns_table_is_the_same_with_more_threads() {
    assert_same_on_every_capture(&["conns", "--sort", "bytes", "--format", "csv"]);
}

#[test]
fn diagnose_json_is_the_same_with_more_threads() {
    assert_same_on_every_capture(&["diagnose", "--format", "json"]);
}

#[test]
fn scans_json_is_the_same_with_more_threads() {
    assert_same_on_every_capture(&["scans", "--format", "json"]);
}

#[test]
fn overview_is_the_same_with_more_threads() {
    assert_same_on_every_capture(&[]);
}

#[test]
fn broken_captures_fail_the_same_way_with_more_threads() {
    let mut files = Vec::new();
    captures_any(&repo_path("tests/corrupt"), &mut files);
    assert!(!files.is_empty(), "no corrupt captures found");
    for f in &files {
        let with = |n: &str| run(["conns", "--format", "json", "--threads", n, "-r", &arg(f)]);
        let (one, two) = (with("1"), with("2"));
        assert_eq!((one.code, &one.stdout, &one.stderr), (two.code, &two.stdout, &two.stderr), "{}", f.display());
    }
}

/// Every file directly in `dir`.
fn captures_any(dir: &Path, into: &mut Vec<PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        into.extend(entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()));
    }
    into.sort();
}

#[test]
fn generated_capture_gives_the_same_output_with_more_threads() {
    let Some(file) = bench_capture(200_000, 2000) else { return };
    let cmds: [&[&str]; 4] = [&["conns", "--format", "json"], &["diagnose", "--format", "json"], &["scans", "--format", "json"], &[]];
    let mut diffs = Vec::new();
    for cmd in cmds {
        diffs.extend(differences(cmd, std::slice::from_ref(&file)));
    }
    let _ = std::fs::remove_file(&file);
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
