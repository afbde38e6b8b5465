//! What a user sees from the views: `packets --explain`, `ladder`, exit
//! codes, local time, output that fits the width. Scenario captures come
//! from ../shared (skipped with one line when absent, failing under CI=true).

use crate::support::{output, sample, shared, tcpsleuth, Out};
use std::path::Path;

/// `tcpsleuth ARGS` with no COLUMNS or TZ from the caller, then `env`.
fn run_env(args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut c = tcpsleuth();
    c.args(args).env_remove("COLUMNS").env_remove("TZ");
    for (k, v) in env {
        c.env(k, v);
    }
    output(&mut c)
}

fn run(args: &[&str]) -> Out {
    run_env(args, &[])
}

fn cap(dir: &Path, name: &str) -> String {
    dir.join(name).to_string_lossy().into_owned()
}

/// The explanation printed under the first packet line containing `needle`.
fn explained(stdout: &str, needle: &str) -> String {
    let mut lines = stdout.lines().skip_while(|l| !l.contains(needle));
    lines.next();
    lines.take_while(|l| l.starts_with("    ")).collect::<Vec<_>>().join(" ")
}

#[test]
fn explain_tells_a_syn_with_its_isn_and_the_client_state() {
    let Some(d) = shared("scenarios") else { return };
    let o = run(&["packets", "-nn", "--explain", "-r", &cap(&d, "normal.client.pcap")]);
    let e = explained(&o.stdout, "Flags [S],");
    assert!(e.contains("asks") && e.contains("(SYN)") && e.contains("1460-byte MSS") && e.contains("Client state: SYN_SENT"), "{e}");
}

#[test]
fn explain_says_both_sides_are_established_after_the_handshake_ack() {
    let Some(d) = shared("scenarios") else { return };
    let o = run(&["packets", "-nn", "--explain", "-r", &cap(&d, "normal.client.pcap")]);
    assert!(o.stdout.contains("both sides are now ESTABLISHED"), "{}", o.stdout);
    assert!(o.stdout.contains("FIN_WAIT2 → TIME_WAIT"), "{}", o.stdout);
}

#[test]
fn explain_calls_a_reset_to_a_syn_a_refusal() {
    let Some(d) = shared("scenarios") else { return };
    let o = run(&["packets", "-nn", "--explain", "-r", &cap(&d, "refused.client.pcap")]);
    let e = explained(&o.stdout, "Flags [R.]");
    assert!(e.contains("refuses the connection") && e.contains("SYN_SENT → CLOSED"), "{e}");
}

#[test]
fn explain_says_what_an_icmp_error_quotes() {
    let Some(d) = shared("scenarios") else { return };
    let o = run(&["packets", "-nn", "--explain", "-r", &cap(&d, "reject_port_unreach.client.pcap")]);
    let e = explained(&o.stdout, "unreachable");
    assert!(e.contains("quotes the TCP SYN") && e.contains("Connection refused"), "{e}");
}

#[test]
fn explain_times_a_syn_retransmission() {
    let Some(d) = shared("scenarios") else { return };
    let o = run(&["packets", "-nn", "--explain", "-r", &cap(&d, "syn_dropped.client.pcap")]);
    assert!(o.stdout.contains("SYN number 2, 1.0 s after the previous one"), "{}", o.stdout);
}

#[test]
fn explain_is_a_json_field() {
    let o = run(&["packets", "--format", "json", "--explain", "-r", &sample()]);
    let with: Vec<serde_json::Value> = o
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .filter(|v: &serde_json::Value| v.get("explain").is_some())
        .collect();
    assert!(!with.is_empty(), "no explain field: {}", &o.stdout[..o.stdout.len().min(400)]);
}

#[test]
fn ladder_draws_a_lost_syn_ack_stopping_halfway_and_keeps_the_client_in_syn_sent() {
    let Some(d) = shared("scenarios") else { return };
    let o = run_env(
        &["ladder", "-r", &cap(&d, "synack_dropped.server.pcap"), "--peer", &cap(&d, "synack_dropped.client.pcap")],
        &[("COLUMNS", "80")],
    );
    let lost = o.stdout.lines().find(|l| l.contains("×") && l.contains("[S.]")).unwrap_or_default();
    assert!(lost.starts_with("SYN_SENT"), "{}", o.stdout);
    assert_eq!(o.code, 1, "a loss drawn is a finding");
}

#[test]
fn ladder_keeps_the_server_in_syn_recv_when_the_ack_is_lost() {
    let Some(d) = shared("scenarios") else { return };
    let o = run(&["ladder", "-r", &cap(&d, "ack_dropped.client.pcap"), "--peer", &cap(&d, "ack_dropped.server.pcap")]);
    let lost = o.stdout.lines().find(|l| l.contains("×")).unwrap_or_default();
    assert!(lost.contains("[.]") && lost.contains("SYN_RECV"), "{}", o.stdout);
}

#[test]
fn ladder_shows_time_wait_after_a_normal_close() {
    let Some(d) = shared("scenarios") else { return };
    let o = run(&["ladder", "-r", &cap(&d, "normal.client.pcap"), "--port", "8080"]);
    let last = o.stdout.lines().filter(|l| l.contains('|')).last().unwrap_or_default();
    assert!(last.starts_with("TIME_WAIT") && last.contains("CLOSED"), "{}", o.stdout);
    assert_eq!(o.code, 0);
}

#[test]
fn the_overview_exits_1_above_failures_and_0_on_a_clean_capture() {
    let Some(d) = shared("scenarios") else { return };
    assert_eq!(run(&["-r", &cap(&d, "refused.client.pcap")]).code, 1);
    assert_eq!(run(&["-r", &cap(&d, "normal.client.pcap")]).code, 0);
}

#[test]
fn out_of_range_values_are_usage_errors() {
    let s = sample();
    assert_eq!(run(&["packets", "-c", "0", "-r", &s]).code, 2);
    assert_eq!(run(&["scans", "--min-probe-share", "5", "-r", &s]).code, 2);
    assert_eq!(run(&["conns", "--max-flows", "0", "-r", &s]).code, 2);
}

#[test]
fn packets_print_local_time_and_utc_on_request() {
    let s = sample();
    let first = |o: Out| o.stdout.lines().next().unwrap_or_default().get(..2).unwrap_or_default().to_string();
    let utc = first(run_env(&["packets", "-c", "1", "-r", &s], &[("TZ", "UTC")]));
    let east = first(run_env(&["packets", "-c", "1", "-r", &s], &[("TZ", "UTC-3")]));
    let forced = first(run_env(&["packets", "--utc", "-c", "1", "-r", &s], &[("TZ", "UTC-3")]));
    let h = |x: &str| x.parse::<u32>().expect("an hour");
    assert_eq!((h(&utc) + 3) % 24, h(&east), "TZ=UTC-3 is three hours ahead");
    assert_eq!(utc, forced, "--utc ignores TZ");
}

#[test]
fn conns_reads_the_same_traffic_given_twice_once() {
    let Some(d) = shared("scenarios") else { return };
    let (a, b) = (cap(&d, "loss_retrans.client.pcap"), cap(&d, "loss_retrans.server.pcap"));
    let once = run(&["conns", "--format", "json", "-r", &a]);
    let twice = run(&["conns", "--format", "json", "-r", &a, "-r", &b]);
    assert_eq!(once.stdout, twice.stdout, "{}", twice.stderr);
    assert!(twice.stderr.contains("same traffic"), "{}", twice.stderr);
}

#[test]
fn conns_shows_rtt_below_a_millisecond_in_microseconds() {
    let Some(d) = shared("scenarios") else { return };
    let o = run(&["conns", "--wide", "-r", &cap(&d, "normal.client.pcap")]);
    let row = o.stdout.lines().find(|l| l.contains("tcp")).unwrap_or_default();
    assert!(row.contains("µs") && row.contains(" B"), "{}", o.stdout);
}

/// Commands whose every line must fit the width.
fn fitting(d: &Path) -> Vec<Vec<String>> {
    let c = |n: &str| cap(d, n);
    vec![
        vec!["conns".into(), "-r".into(), c("loss_retrans.client.pcap")],
        vec!["conns".into(), "-r".into(), c("scan_udp.client.pcap")],
        vec!["packets".into(), "-nn".into(), "--explain".into(), "-t".into(), "-q".into(), "-r".into(), c("refused.client.pcap")],
        vec!["ladder".into(), "-r".into(), c("ack_dropped.client.pcap"), "--peer".into(), c("ack_dropped.server.pcap")],
        vec!["ladder".into(), "-r".into(), c("loss_retrans.client.pcap")],
        vec!["-r".into(), c("refused.client.pcap")],
        vec!["-r".into(), c("loss_retrans.client.pcap"), "--peer".into(), c("loss_retrans.server.pcap")],
        vec!["diagnose".into(), "-r".into(), c("ack_dropped.server.pcap")],
        vec!["diagnose".into(), "--summary".into(), "-r".into(), c("scan_udp.client.pcap")],
        vec!["scans".into(), "-r".into(), c("scan_udp.client.pcap")],
        vec!["services".into(), "-r".into(), c("scan_udp.client.pcap")],
        vec!["-r".into(), sample()],
        vec!["diagnose".into(), "-v".into(), "-r".into(), sample()],
    ]
}

#[test]
fn tables_explanations_and_ladders_fit_80_and_200_columns() {
    let Some(d) = shared("scenarios") else { return };
    for width in [80usize, 200] {
        for args in fitting(&d) {
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = run_env(&a, &[("COLUMNS", &width.to_string())]);
            for l in o.stdout.lines() {
                assert!(l.chars().count() <= width, "{args:?} at {width}: {} columns: {l}", l.chars().count());
            }
        }
    }
}

#[test]
fn diagnose_ladder_draws_each_failure() {
    let Some(d) = shared("scenarios") else { return };
    let o = run(&["diagnose", "--ladder", "-r", &cap(&d, "ack_dropped.client.pcap"), "--peer", &cap(&d, "ack_dropped.server.pcap")]);
    assert!(o.stdout.contains("Ladder of ") && o.stdout.contains("×"), "{}", o.stdout);
}

#[test]
fn diagnose_summary_gives_one_line_per_class() {
    let o = run(&["diagnose", "--summary", "-r", &sample()]);
    let refused: Vec<&str> = o.stdout.lines().filter(|l| l.starts_with("failure") && l.contains("refused")).collect();
    assert_eq!(refused.len(), 1, "{}", o.stdout);
    assert!(refused[0].contains("×3"), "{}", refused[0]);
}

#[test]
fn diagnose_evidence_names_the_file_once() {
    let o = run_env(&["diagnose", "-r", &sample()], &[("COLUMNS", "80")]);
    let file_lines = o.stdout.lines().filter(|l| l.contains("sample.pcap")).count();
    let findings = o.stdout.lines().filter(|l| l.starts_with("● ")).count();
    assert!(file_lines <= findings + 1, "{file_lines} lines name the file for {findings} findings:\n{}", o.stdout);
}

#[test]
fn long_overview_sections_are_cut_with_a_hint_and_all_shows_them() {
    // Hundreds of connections: more healthy lines than a section shows.
    let Some(f) = crate::support::bench_capture(20_000, 400) else { return };
    let f = crate::support::arg(&f);
    let cut = run(&["-r", &f]);
    let all = run(&["-r", &f, "--all"]);
    let _ = std::fs::remove_file(&f);
    assert!(cut.stdout.contains("more (use --all)"), "{}", cut.stdout);
    assert!(!all.stdout.contains("more (use --all)") && all.stdout.lines().count() > cut.stdout.lines().count());
}

#[test]
fn ctrl_c_while_reading_prints_what_was_read_with_a_note() {
    use std::io::Write;
    let fifo = crate::support::scratch("ctrl-c.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let child = crate::support::tcpsleuth()
        .args(["conns", "-r"])
        .arg(&fifo)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn tcpsleuth");
    // Opening blocks until the reader has opened the fifo, and it installs
    // its ctrl-C handler before that: from here a SIGINT cannot kill it.
    let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).expect("open fifo");
    let bytes = std::fs::read(sample()).expect("sample");
    let (header, records) = bytes.split_at(24);
    w.write_all(header).expect("pcap header");
    w.write_all(records).expect("records");
    let pid = i32::try_from(child.id()).expect("pid");
    // SAFETY: kill() on our own child's pid only sends a signal.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    // More traffic until the reader stops by itself (it never sees an end
    // of input): the write fails once it has closed the fifo.
    while w.write_all(records).is_ok() {}
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("interrupted after"), "{stderr}");
    assert!(stdout.starts_with("START") && stdout.contains("CLIENT"), "{stdout}");
}

/// A health check refused every minute for half an hour, and one refusal
/// elsewhere: the overview lists the health check once, counted, and the
/// other refusal beside it; `--all` lists every one.
#[test]
fn the_overview_lists_a_repeated_failure_once_with_how_often_it_came() {
    use tcpsleuth::time::Timestamp;
    use tcpsleuth::wire::build::*;
    use tcpsleuth::wire::TcpFlags;
    let eth = || Eth::new([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]);
    let refused = |t: i64, client_port: u16, server: [u8; 4], port: u16| {
        let syn = eth().ipv4(Ipv4::new([10, 0, 0, 1], server)).tcp(Tcp::new(client_port, port).seq(7).flags(TcpFlags::SYN)).build();
        let rst = eth()
            .ipv4(Ipv4::new(server, [10, 0, 0, 1]))
            .tcp(Tcp::new(port, client_port).ack(8).flags(TcpFlags::RST | TcpFlags::ACK))
            .build();
        let at = |us: i64| Timestamp::new(1_800_000_000 + t + us / 1_000_000, (us % 1_000_000) as u64 * 1000);
        [(at(0), syn), (at(300), rst)]
    };
    let mut frames = Vec::new();
    for i in 0..30 {
        frames.extend(refused(60 * i, 40_000 + i as u16, [10, 0, 0, 2], 8080));
    }
    frames.extend(refused(95, 50_000, [10, 0, 0, 3], 443));
    frames.sort_by_key(|(ts, _)| *ts);
    let path = crate::support::capture::pcap_file("overview-repeats.pcap", frames.iter().map(|(ts, f)| (*ts, f, f.len() as u32)));
    let f = crate::support::arg(&path);
    let cut = run(&["-r", &f]);
    let all = run(&["-r", &f, "--all"]);
    let _ = std::fs::remove_file(&path);
    let blocks = |o: &Out| o.stdout.lines().filter(|l| l.starts_with("● refused")).count();
    assert_eq!(blocks(&cut), 2, "{}", cut.stdout);
    assert!(cut.stdout.contains("the same again 29 times from this client to this service"), "{}", cut.stdout);
    assert!(cut.stdout.contains("(about every 60.0 s)") && !cut.stdout.contains("more (use --all"), "{}", cut.stdout);
    assert_eq!(blocks(&all), 31, "{}", all.stdout);
}
