//! Runs every subcommand of the real binary on every file of the corrupt
//! corpus (`tests/corrupt/`, made by `tests/corrupt/make.rs`).
//!
//! For each run: no panic (exit code 101 or "panicked" on stderr), done
//! within [`TIMEOUT`], and either a clean read or a clear error — exit code 1
//! or 2 with a message naming the file and the byte offset. Frames before the
//! fault are all printed, one line each, and the good ones (192.0.2.1 →
//! 198.51.100.1) decode fully.

#[path = "../corrupt/make.rs"]
mod make;

use std::io::Read;
use std::path::PathBuf;
use crate::support::{repo_path, tcpsleuth};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A run longer than this is a hang.
const TIMEOUT: Duration = Duration::from_secs(20);

fn corpus_dir() -> PathBuf {
    repo_path("tests/corrupt")
}

/// The committed corpus matches its generator (or is rewritten with REGENERATE_CORRUPT=1).
#[test]
fn corpus_is_current() {
    let dir = corpus_dir();
    let cases = make::corpus();
    let manifest = make::manifest(&cases);
    if std::env::var_os("REGENERATE_CORRUPT").is_some() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext == "pcap" || ext == "pcapng" {
                std::fs::remove_file(p).unwrap();
            }
        }
        for c in &cases {
            std::fs::write(dir.join(&c.name), &c.bytes).unwrap();
        }
        std::fs::write(dir.join("MANIFEST.tsv"), &manifest).unwrap();
        return;
    }
    let mut stale = Vec::new();
    for c in &cases {
        match std::fs::read(dir.join(&c.name)) {
            Ok(b) if b == c.bytes => {}
            _ => stale.push(c.name.clone()),
        }
    }
    let committed = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap_or_default();
    assert!(
        stale.is_empty() && committed == manifest,
        "tests/corrupt is out of date ({stale:?}); run REGENERATE_CORRUPT=1 cargo test --test it hostile_corpus"
    );
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    timed_out: bool,
}

fn run(args: &[&str]) -> Run {
    let start = Instant::now();
    let mut child = tcpsleuth()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tcpsleuth");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let mut timed_out = false;
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if start.elapsed() > TIMEOUT {
            timed_out = true;
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&t_out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&t_err.join().unwrap()).into_owned(),
        elapsed: start.elapsed(),
        timed_out,
    }
}

/// Subcommands the binary offers, from `tcpsleuth help`.
fn subcommands() -> Vec<&'static str> {
    let help = run(&["help"]);
    let text = format!("{}{}", help.stdout, help.stderr);
    ["packets", "conns", "diagnose", "scans", "services"]
        .into_iter()
        .filter(|c| text.lines().any(|l| l.trim_start().starts_with(c)))
        .collect()
}

/// The invocations run on every file.
fn invocations(subs: &[&str]) -> Vec<Vec<&'static str>> {
    let mut v: Vec<Vec<&'static str>> = Vec::new();
    if subs.contains(&"packets") {
        v.push(vec!["packets"]);
        v.push(vec!["packets", "-v"]);
        v.push(vec!["packets", "--detail"]);
        v.push(vec!["packets", "--format", "json"]);
    }
    for s in ["conns", "diagnose", "scans", "services"] {
        if subs.contains(&s) {
            v.push(vec![s]);
        }
    }
    // Drop modes the binary announces as not there yet.
    let good = corpus_dir().join("pcap_cut_172_clean.pcap");
    v.retain(|cmd| {
        let mut args = cmd.clone();
        args.extend(["-r", good.to_str().unwrap()]);
        let r = run(&args);
        let absent = r.code == Some(2) && r.stderr.contains("not available");
        if absent {
            eprintln!("note: `tcpsleuth {}` is not available yet; skipped", cmd.join(" "));
        }
        !absent
    });
    v
}

/// Whether `cmd` already prints addresses (the tcpdump printer lands in
/// stages): only then can good packets be counted in its output.
fn prints_addresses(cmd: &[&str]) -> bool {
    let good = corpus_dir().join("pcap_cut_172_clean.pcap");
    let mut args = cmd.to_vec();
    args.extend(["-r", good.to_str().unwrap()]);
    let yes = run(&args).stdout.contains("192.0.2.1");
    if !yes {
        eprintln!("note: `tcpsleuth {}` prints no addresses yet; good packets not counted", cmd.join(" "));
    }
    yes
}

fn is_good_line(l: &str) -> bool {
    l.contains("192.0.2.1.") && l.contains("198.51.100.1.")
}

/// Checks one run; returns the problems found.
fn check(cmd: &[&str], file: &str, expect: &make::Expect, r: &Run, count_good: bool) -> Vec<String> {
    let mut p = Vec::new();
    let what = format!("`tcpsleuth {} {file}`", cmd.join(" "));
    if r.timed_out {
        p.push(format!("{what}: still running after {TIMEOUT:?}"));
        return p;
    }
    if r.code == Some(101) || r.stderr.contains("panicked") {
        p.push(format!("{what}: panicked: {}", first_lines(&r.stderr)));
        return p;
    }
    if r.code.is_none() {
        p.push(format!("{what}: killed by a signal"));
        return p;
    }
    if expect.error {
        if !matches!(r.code, Some(1) | Some(2)) {
            p.push(format!("{what}: exit {:?}, want 1 or 2 for a damaged file", r.code));
        }
        if !(r.stderr.contains(file) && r.stderr.contains("offset")) {
            p.push(format!("{what}: error does not name the file and byte offset: {}", first_lines(&r.stderr)));
        }
    } else if !matches!(r.code, Some(0) | Some(1)) {
        p.push(format!("{what}: exit {:?} on a readable file: {}", r.code, first_lines(&r.stderr)));
    }
    match cmd {
        ["packets"] | ["packets", "-v"] => {
            let frames = r.stdout.lines().filter(|l| !l.is_empty() && !l.starts_with(char::is_whitespace)).count();
            if frames != expect.frames {
                p.push(format!("{what}: {frames} packet lines, want {}", expect.frames));
            }
            let good = r.stdout.lines().filter(|l| is_good_line(l)).count();
            if count_good && good != expect.good {
                p.push(format!("{what}: {good} good packets decoded, want {}", expect.good));
            }
        }
        ["packets", "--format", "json"] => {
            let lines: Vec<&str> = r.stdout.lines().filter(|l| !l.trim().is_empty()).collect();
            if lines.len() != expect.frames {
                p.push(format!("{what}: {} JSON lines, want {}", lines.len(), expect.frames));
            }
            for l in &lines {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(l) {
                    p.push(format!("{what}: invalid JSON ({e}): {l}"));
                    break;
                }
            }
            let good = lines.iter().filter(|l| l.contains("\"192.0.2.1\"")).count();
            if count_good && good != expect.good {
                p.push(format!("{what}: {good} good packets in JSON, want {}", expect.good));
            }
        }
        _ => {}
    }
    p
}

fn first_lines(s: &str) -> String {
    s.lines().take(3).collect::<Vec<_>>().join(" | ")
}

#[test]
fn every_command_survives_every_file() {
    let subs = subcommands();
    let cmds = invocations(&subs);
    if cmds.is_empty() {
        eprintln!("note: the binary offers none of packets/conns/diagnose/scans/services yet; nothing to run");
        return;
    }
    let count_good: Vec<bool> = cmds.iter().map(|c| prints_addresses(c)).collect();
    let dir = corpus_dir();
    let mut problems = Vec::new();
    let mut runs = 0;
    let mut slowest = (Duration::ZERO, String::new());
    for c in make::corpus() {
        let path = dir.join(&c.name);
        let path = path.to_str().unwrap();
        for (cmd, &count_good) in cmds.iter().zip(&count_good) {
            let mut args = cmd.clone();
            args.extend(["-r", path]);
            let r = run(&args);
            runs += 1;
            if r.elapsed > slowest.0 {
                slowest = (r.elapsed, format!("{} {}", cmd.join(" "), c.name));
            }
            problems.extend(check(cmd, &c.name, &c.expect, &r, count_good));
        }
    }
    eprintln!("{runs} runs, slowest {:?} ({})", slowest.0, slowest.1);
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// The library alone (no CLI needed): each file read through `Capture::open`
/// (memory-mapped) and `Capture::from_reader` (streamed) yields the expected
/// frames, then the expected error, and every frame decodes and prints.
#[test]
fn readers_deliver_expected_frames() {
    let dir = corpus_dir();
    let mut printers = exercise::Printers::new();
    let mut problems = Vec::new();
    for c in make::corpus() {
        let path = dir.join(&c.name);
        let mapped = read_all(tcpsleuth::capture::Capture::open(&[&path]), &mut printers);
        let bytes = std::fs::read(&path).unwrap();
        let streamed = read_all(
            tcpsleuth::capture::Capture::from_reader(&c.name, Box::new(std::io::Cursor::new(bytes))),
            &mut printers,
        );
        for (how, (frames, err)) in [("mapped", mapped), ("streamed", streamed)] {
            if frames != c.expect.frames || err.is_some() != c.expect.error {
                problems.push(format!("{} ({how}): {frames} frames, error {err:?}; want {:?}", c.name, c.expect));
            }
            if let Some(e) = err {
                if !(e.contains(&c.name) && e.contains("byte offset")) {
                    problems.push(format!("{} ({how}): error names no file/offset: {e}", c.name));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

use crate::exercise;

fn read_all(
    cap: Result<tcpsleuth::capture::Capture, tcpsleuth::capture::CaptureError>,
    printers: &mut exercise::Printers,
) -> (usize, Option<String>) {
    let mut cap = match cap {
        Ok(c) => c,
        Err(e) => return (0, Some(e.to_string())),
    };
    let mut n = 0;
    while let Some(f) = cap.next_frame() {
        match f {
            Ok(frame) => {
                n += 1;
                printers.frame(&frame);
            }
            Err(e) => return (n, Some(e.to_string())),
        }
    }
    (n, None)
}
