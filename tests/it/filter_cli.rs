//! The filter and capture-writing options as a tcpdump user meets them:
//! `packets -r F EXPR -w OUT` (the same bytes tcpdump writes), -C/-W
//! rotation (the same files under the same names), `--print` beside `-w`
//! (the same lines and bytes), `--conn UID` extraction,
//! `conns --state` spellings, and the error for a bad expression.
//!
//! Needs ../shared/scenarios and tcpdump: prints one SKIPPED line without
//! them, fails under CI=true.

use crate::support::{scratch_dir, shared, tool};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    crate::support::tcpsleuth()
}

/// The scenario capture, or None after one SKIPPED line (a failure under CI=true).
fn needs(_test: &str) -> Option<PathBuf> {
    let f = shared("scenarios/loss_retrans.client.pcap")?;
    tool("tcpdump").then_some(f)
}

fn tmpdir(name: &str) -> PathBuf {
    scratch_dir(name)
}

/// tcpdump as the current user (as root it would switch to user tcpdump to write).
fn tcpdump() -> Command {
    let mut c = Command::new("tcpdump");
    let user = Command::new("id").arg("-un").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if let Ok(u) = user {
        c.args(["-Z", &u]);
    }
    c
}

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "failed: {}", String::from_utf8_lossy(&o.stderr));
    o
}

#[test]
fn writing_a_filtered_capture_gives_the_bytes_tcpdump_writes() {
    let Some(f) = needs("writing_a_filtered_capture_gives_the_bytes_tcpdump_writes") else { return };
    let d = tmpdir("w");
    ok(bin().arg("packets").arg("-r").arg(&f).arg("-w").arg(d.join("ours.pcap")).args(["tcp", "and", "dst", "port", "8080"]).output().unwrap());
    ok(tcpdump().arg("-r").arg(&f).arg("-w").arg(d.join("theirs.pcap")).arg("tcp and dst port 8080").output().unwrap());
    let ours = std::fs::read(d.join("ours.pcap")).unwrap();
    assert!(ours.len() > 24 + 16, "the capture selected nothing");
    assert_eq!(ours, std::fs::read(d.join("theirs.pcap")).unwrap());
}

#[test]
fn print_beside_w_prints_and_writes_what_tcpdump_does() {
    let Some(f) = needs("print_beside_w_prints_and_writes_what_tcpdump_does") else { return };
    let d = tmpdir("print");
    let ours = ok(bin().arg("packets").args(["-nn", "--print", "-r"]).arg(&f).arg("-w").arg(d.join("ours.pcap")).args(["tcp", "port", "8080"]).output().unwrap());
    let theirs = ok(tcpdump().args(["-nn", "--print", "-r"]).arg(&f).arg("-w").arg(d.join("theirs.pcap")).arg("tcp port 8080").env("TZ", std::env::var("TZ").unwrap_or_default()).output().unwrap());
    assert!(!ours.stdout.is_empty(), "--print printed nothing");
    assert_eq!(String::from_utf8_lossy(&ours.stdout), String::from_utf8_lossy(&theirs.stdout));
    assert_eq!(std::fs::read(d.join("ours.pcap")).unwrap(), std::fs::read(d.join("theirs.pcap")).unwrap());
}

#[test]
fn size_rotation_writes_the_files_tcpdump_writes_under_its_names() {
    let Some(f) = needs("size_rotation_writes_the_files_tcpdump_writes_under_its_names") else { return };
    let d = tmpdir("rot");
    // Five copies of the capture: about 1.2 MB, so -C 1 makes two files.
    let big = d.join("big.pcap");
    let mut merge = bin();
    merge.arg("packets");
    for _ in 0..5 {
        merge.arg("-r").arg(&f);
    }
    ok(merge.arg("-w").arg(&big).output().unwrap());
    for (sub, extra) in [("plain", &[][..]), ("count", &["-W", "2"][..])] {
        let (ours, theirs) = (d.join(format!("ours-{sub}")), d.join(format!("theirs-{sub}")));
        std::fs::create_dir_all(&ours).unwrap();
        std::fs::create_dir_all(&theirs).unwrap();
        ok(bin().arg("packets").arg("-r").arg(&big).args(["-C", "1"]).args(extra).arg("-w").arg(ours.join("out")).output().unwrap());
        ok(tcpdump().arg("-r").arg(&big).args(["-C", "1"]).args(extra).arg("-w").arg(theirs.join("out")).output().unwrap());
        let names = |p: &Path| {
            let mut v: Vec<String> = std::fs::read_dir(p).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into()).collect();
            v.sort();
            v
        };
        assert_eq!(names(&ours), names(&theirs), "-C 1 {extra:?}");
        assert!(names(&ours).len() >= 2, "no rotation happened");
        for n in names(&ours) {
            assert_eq!(std::fs::read(ours.join(&n)).unwrap(), std::fs::read(theirs.join(&n)).unwrap(), "{n}");
        }
    }
}

#[test]
fn one_connection_is_extracted_by_its_uid() {
    let Some(f) = needs("one_connection_is_extracted_by_its_uid") else { return };
    let json = ok(bin().args(["conns", "--format", "json", "-r"]).arg(&f).output().unwrap()).stdout;
    let first = String::from_utf8_lossy(&json).lines().next().unwrap_or("").to_string();
    let rec: serde_json::Value = serde_json::from_str(&first).unwrap();
    let uid = rec["uid"].as_str().unwrap();
    let pkts = rec["orig_pkts"].as_u64().unwrap() + rec["resp_pkts"].as_u64().unwrap();
    let d = tmpdir("conn");
    let one = d.join("one.pcap");
    ok(bin().args(["packets", "--conn", uid, "-r"]).arg(&f).arg("-w").arg(&one).output().unwrap());
    let listed = ok(tcpdump().arg("-r").arg(&one).arg("-nn").output().unwrap()).stdout;
    assert_eq!(String::from_utf8_lossy(&listed).lines().count() as u64, pkts);
}

#[test]
fn conns_state_takes_netstat_and_ss_spellings_and_refuses_others() {
    let Some(f) = needs("conns_state_takes_netstat_and_ss_spellings_and_refuses_others") else { return };
    for s in ["ESTABLISHED", "ESTAB", "established", "time-wait", "SF"] {
        ok(bin().args(["conns", "--state", s, "-r"]).arg(&f).output().unwrap());
    }
    let o = bin().args(["conns", "--state", "HALFOPEN", "-r"]).arg(&f).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--state HALFOPEN: unknown state"));
}

#[test]
fn a_bad_expression_names_the_column_and_exits_2() {
    let Some(f) = needs("a_bad_expression_names_the_column_and_exits_2") else { return };
    let o = bin().args(["packets", "-r"]).arg(&f).arg("tcp port").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("filter expression, column 9: expected"), "{err}");
}

#[test]
fn live_only_options_with_a_file_are_usage_errors() {
    for opt in [&["--duration", "2"][..], &["-B", "4096"], &["-p"], &["--immediate"], &["-s", "96"], &["-Q", "in"]] {
        let mut args = vec!["conns", "-r"];
        let sample = crate::support::sample();
        args.push(&sample);
        args.extend_from_slice(opt);
        let out = crate::support::run(&args);
        assert_eq!(out.code, 2, "{opt:?}: {}", out.stderr);
        assert!(out.stderr.contains("applies to a live capture (-i IFACE)"), "{opt:?}: {}", out.stderr);
    }
}

/// tshark's view of each frame without its time (pcapng keeps nanoseconds,
/// so the time column alone would differ in its digits).
fn tshark_frames(file: &Path) -> String {
    let o = ok(Command::new("tshark")
        .arg("-r")
        .arg(file)
        .args(["-T", "fields", "-e", "frame.number", "-e", "frame.len", "-e", "frame.cap_len", "-e", "_ws.col.Info"])
        .output()
        .unwrap());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn pcapng_output_reads_back_in_tcpdump_and_tshark_as_the_original() {
    let Some(f) = needs("pcapng_output_reads_back_in_tcpdump_and_tshark_as_the_original") else { return };
    if !tool("tshark") {
        return;
    }
    let d = tmpdir("ng");
    let ng = d.join("out.pcapng");
    ok(bin().arg("packets").arg("-r").arg(&f).arg("-w").arg(&ng).arg("--pcapng").output().unwrap());
    assert_eq!(std::fs::read(&ng).unwrap().get(..4), Some(&[0x0a, 0x0d, 0x0d, 0x0a][..]), "a pcapng section header");
    let lines = |p: &Path| String::from_utf8_lossy(&ok(tcpdump().args(["-nn", "-tt", "-r"]).arg(p).output().unwrap()).stdout).into_owned();
    let original = lines(&f);
    assert!(original.lines().count() > 5);
    assert_eq!(lines(&ng), original, "tcpdump -r");
    assert_eq!(tshark_frames(&ng), tshark_frames(&f), "tshark -r");
}
