//! `tcpsleuth conns` run as a user runs it, on the lab scenarios (skipped
//! when the shared scenarios are missing).

use serde_json::Value;
use crate::support::{run, scenario, shared, Out};

fn tcp_rows(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("one JSON object per line"))
        .filter(|v| v["proto"] == "tcp")
        .collect()
}

#[test]
fn json_has_zeek_fields_and_endpoint_states() {
    let Some(p) = scenario("normal.client.pcap") else {
        return;
    };
    let Out { code, stdout: out, stderr: err } = run(&["conns", "-r", &p, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let rows = tcp_rows(&out);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r["conn_state"], "SF");
    assert_eq!(r["history"], "ShADadFf");
    assert_eq!(r["id.resp_p"], 8080);
    assert_eq!(r["orig_tcp_state"], "TIME_WAIT");
    assert_eq!(r["resp_tcp_state"], "CLOSED");
    assert!(r["community_id"]
        .as_str()
        .is_some_and(|s| s.starts_with("1:")));
    assert!(r["uid"].as_str().is_some_and(|s| s.starts_with('C')));
}

#[test]
fn at_time_shows_half_closed_states() {
    let Some(p) = scenario("normal.client.pcap") else {
        return;
    };
    let Out { code, stdout: out, stderr: _ } = run(&["conns", "-r", &p, "--format", "json", "--at", "+1.393"]);
    assert_eq!(code, 0);
    let rows = tcp_rows(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0]["orig_tcp_state"].as_str(),
            rows[0]["resp_tcp_state"].as_str()
        ),
        (Some("FIN_WAIT2"), Some("CLOSE_WAIT"))
    );
}

#[test]
fn zeek_format_has_headers() {
    let Some(p) = scenario("refused.client.pcap") else {
        return;
    };
    let Out { code, stdout: out, stderr: _ } = run(&["conns", "-r", &p, "--format", "zeek"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("#separator \\x09\n"));
    assert!(out
        .lines()
        .any(|l| l.starts_with("#fields\tts\tuid\tid.orig_h")));
    assert!(out
        .lines()
        .any(|l| l.starts_with("#types\ttime\tstring\taddr")));
    let rej = out
        .lines()
        .filter(|l| !l.starts_with('#') && l.split('\t').nth(11) == Some("REJ"))
        .count();
    assert_eq!(rej, 3);
}

#[test]
fn state_filter_and_table() {
    let Some(p) = scenario("reject_port_unreach.client.pcap") else {
        return;
    };
    let Out { code, stdout: out, stderr: _ } = run(&["conns", "-r", &p, "--state", "S0", "-n"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("icmp port unreachable from 10.77.1.1"),
        "{out}"
    );
    assert!(out.contains("2 connections"), "{out}");
    assert!(out.contains(":8080"), "-n keeps numbers: {out}");
}

#[test]
fn csv_has_header_and_rows() {
    let Some(p) = scenario("loss_retrans.server.pcap") else {
        return;
    };
    let Out { code, stdout: out, stderr: _ } = run(&["conns", "-r", &p, "--format", "csv", "--sort", "bytes"]);
    assert_eq!(code, 0);
    let mut lines = out.lines();
    assert!(lines
        .next()
        .is_some_and(|h| h.starts_with("ts,uid,id.orig_h")));
    let first = lines.next().unwrap_or("");
    assert!(first.contains(",tcp,") && first.contains(",SF,"), "{first}");
}

#[test]
fn bad_time_is_a_usage_error() {
    let Some(p) = scenario("normal.client.pcap") else {
        return;
    };
    let Out { code, stdout: _, stderr: err } = run(&["conns", "-r", &p, "--at", "yesterday"]);
    assert_eq!(code, 2);
    assert!(err.contains("--at"));
}

fn zeek_trace(rel: &str) -> Option<String> {
    shared(&format!("peers/zeek/traces/{rel}")).map(|p| p.display().to_string())
}

#[test]
fn service_follows_the_payload_in_every_format() {
    let Some(trace) = zeek_trace("ssh/ssh.pcap") else { return };
    let Out { code, stdout: json, stderr: _ } = run(&["conns", "-r", &trace, "--format", "json"]);
    assert_eq!(code, 0);
    let rows: Vec<Value> = json.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    // SSH on a non-standard port is still ssh; a UDP flow without one has no key.
    let on_2200 = rows.iter().find(|r| r["id.resp_p"] == 2200).expect("2200 record");
    assert_eq!(on_2200["service"], "ssh");
    assert!(rows.iter().any(|r| r["proto"] == "udp" && r.get("service").is_none()));
    // Zeek order: "service" right after "proto".
    let line = json.lines().find(|l| l.contains("\"id.resp_p\":2200")).unwrap_or("");
    assert!(line.contains("\"proto\":\"tcp\",\"service\":\"ssh\""), "{line}");
    let Out { code: _, stdout: zeek, stderr: _ } = run(&["conns", "-r", &trace, "--format", "zeek"]);
    let row = zeek.lines().find(|l| l.contains("\t2200\t")).unwrap_or("");
    assert_eq!(row.split('\t').nth(7), Some("ssh"), "{row}");
    let Out { code: _, stdout: table, stderr: _ } = run(&["conns", "-r", &trace, "-n"]);
    assert!(table.contains(":2200 (ssh)"), "{table}");
}
