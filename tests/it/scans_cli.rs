//! `tcpsleuth scans` and `tcpsleuth services` run as a user runs them, on the
//! lab scenarios (skipped when ../shared/scenarios is missing).

use serde_json::Value;
use crate::support::{run, scenario, Out};

fn json_lines(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn scans_json_reports_the_syn_scan_and_exits_1() {
    let Some(p) = scenario("scan_syn.server.pcap") else {
        return;
    };
    let Out { code, stdout: out, stderr: err } = run(&["scans", "-r", &p, "--format", "json"]);
    assert_eq!(code, 1, "findings exit 1: {err}");
    let v = json_lines(&out);
    let scans: Vec<&Value> = v.iter().filter(|o| o["finding"] == "scan").collect();
    assert_eq!(scans.len(), 1);
    let s = scans[0];
    assert_eq!(s["kind"], "vertical");
    assert_eq!(s["technique"], "syn");
    assert_eq!(s["scanner"], "10.77.1.10");
    assert_eq!(s["targets"], serde_json::json!(["10.77.2.20"]));
    assert_eq!(s["ports_probed"], "1-1024,8080");
    assert_eq!(s["open"], serde_json::json!([22, 80, 443, 8080]));
    assert_eq!(s["closed"].as_array().map(|a| a.len()), Some(1021));
    for k in [
        "filtered",
        "open_filtered",
        "unfiltered",
        "probes",
        "start",
        "end",
        "rate_pps",
    ] {
        assert!(!s[k].is_null(), "{k} missing");
    }
    assert!(v.last().is_some_and(|o| o["finding"] == "stats"));
}

#[test]
fn scans_text_names_the_flood_and_normal_traffic_is_quiet() {
    let Some(p) = scenario("syn_flood.server.pcap") else {
        return;
    };
    let Out { code, stdout: out, stderr: _ } = run(&["scans", "-r", &p]);
    assert_eq!(code, 1);
    assert!(
        out.contains("SYN FLOOD against 10.77.2.20:80 (http)"),
        "{out}"
    );
    let Some(p) = scenario("normal.client.pcap") else {
        return;
    };
    let Out { code, stdout: out, stderr: _ } = run(&["scans", "-r", &p]);
    assert_eq!(code, 0);
    assert!(out.starts_with("No scans"), "{out}");
}

#[test]
fn scans_thresholds_are_flags() {
    let Some(p) = scenario("scan_horizontal.client.pcap") else {
        return;
    };
    let Out { code, stdout: out, stderr: _ } = run(&["scans", "-r", &p, "--horizontal-min-hosts", "9"]);
    assert_eq!((code, out.starts_with("No scans")), (0, true), "{out}");
    let Out { code, stdout: _, stderr: err } = run(&["scans", "-r", &p, "--alerts"]);
    assert_eq!(code, 1);
    assert!(err.contains("alert: tcp scan from 10.77.1.10"), "{err}");
}

#[test]
fn services_lists_ports_found_by_scan() {
    let Some(p) = scenario("scan_connect.client.pcap") else {
        return;
    };
    let Out { code, stdout: out, stderr: _ } = run(&["services", "-r", &p, "--format", "json"]);
    assert_eq!(code, 0);
    let v = json_lines(&out);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["server"], "10.77.2.20");
    let ports: Vec<u64> = v[0]["services"]
        .as_array()
        .expect("services")
        .iter()
        .filter_map(|s| s["port"].as_u64())
        .collect();
    assert_eq!(ports, vec![22, 80, 443, 8080]);
    assert!(v[0]["services"]
        .as_array()
        .expect("services")
        .iter()
        .all(|s| s["found_by_scan"] == true));
    let Out { code: _, stdout: out, stderr: _ } = run(&["services", "-r", &p, "--no-scan-only"]);
    assert!(out.starts_with("No service"), "{out}");
    let Some(p) = scenario("udp_dns.client.pcap") else {
        return;
    };
    let Out { code: _, stdout: out, stderr: _ } = run(&["services", "-r", &p]);
    assert!(out.contains("udp/53      domain"), "{out}");
}
