//! `--threads N` changes nothing a user sees: the JSON of each command is
//! byte for byte the same with 1, 2 and 3 workers (3 shares flows unevenly)
//! on every capture of the peer data (lab scenarios, Zeek's and tcpdump's
//! traces), on the project's fixtures and lab scenarios (ARP- and NDP-only
//! host_unreachable, DNS questions: the side records reach diagnose and the
//! overview with any thread count) and on a generated capture.

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

/// The peer data's captures, the fixtures and the project's lab scenarios;
/// None after a SKIPPED line.
fn all_captures() -> Option<Vec<PathBuf>> {
    let dirs = shared_each(&["scenarios", "peers/zeek", "peers/tcpdump"])?;
    let mut files = Vec::new();
    for d in dirs.iter().chain([&repo_path("tests/fixtures"), &repo_path("tests/scenarios")]) {
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

/// The equality above would hold if side records were lost on both paths:
/// the findings made only from them are there with more threads too.
#[test]
fn side_record_findings_are_there_with_more_threads() {
    let cases = [
        // The server's vantage saw only ARP requests / neighbour solicitations.
        ("tests/scenarios/host_unreachable/server.pcap", "\"host_unreachable\""),
        ("tests/scenarios/host_unreachable_alt/server.pcap", "\"host_unreachable\""),
        ("tests/scenarios/host_unreachable_v6/server.pcap", "\"host_unreachable\""),
        // The query's name comes from the DNS side record.
        ("tests/scenarios/dns_query_at_capture_end/client.pcap", "\"dns_pending\""),
    ];
    for (file, label) in cases {
        let f = arg(&repo_path(file));
        for n in ["1", "2"] {
            for cmd in [&["diagnose", "--format", "json"][..], &["diagnose", "--format", "report"][..]] {
                let mut a: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
                a.extend(["--threads".into(), n.into(), "-r".into(), f.clone()]);
                let out = run(&a);
                assert!(out.stdout.contains(label), "{file} --threads {n} {cmd:?}: no {label}:\n{}", out.stdout);
            }
            let overview = run(["--threads", n, "-r", &f]);
            let word = label.trim_matches('"');
            assert!(overview.stdout.contains(word), "{file} overview --threads {n}: no {word}:\n{}", overview.stdout);
        }
    }
}

/// Exit codes, stderr notes and `--all` do not depend on the thread count.
#[test]
fn exit_codes_notes_and_all_are_the_same_with_more_threads() {
    let mut files: Vec<PathBuf> = ["host_unreachable/server.pcap", "dns_query_at_capture_end/client.pcap", "offload_checksums/client.pcap"]
        .iter()
        .map(|f| repo_path(&format!("tests/scenarios/{f}")))
        .collect();
    captures_any(&repo_path("tests/corrupt"), &mut files);
    let cmds: [&[&str]; 5] =
        [&["conns"], &["diagnose"], &["diagnose", "--all", "-v"], &["--all"], &["diagnose", "--drop-bad-checksums", "--format", "json"]];
    for f in &files {
        for cmd in cmds {
            let with = |n: &str| {
                let mut a: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
                a.extend(["--threads".into(), n.into(), "-r".into(), arg(f)]);
                run(&a)
            };
            let (one, two) = (with("1"), with("2"));
            assert_eq!((one.code, &one.stdout, &one.stderr), (two.code, &two.stdout, &two.stderr), "{cmd:?} {}", f.display());
        }
    }
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
