//! Scan, flood and service findings against the lab scenarios in
//! ../shared/scenarios, from the client capture and the server capture.
//! Skipped (with a message) when the scenarios are not there.

use crate::support::shared;
use serde_json::Value;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use tcpsleuth::analysis::floods::{Flood, FloodDetector, FloodReport, SynFlood};
use tcpsleuth::analysis::scans::{PortState, Scan, ScanDetector, ScanReport};
use tcpsleuth::capture::Capture;
use tcpsleuth::wire::{self, Summary};

fn dir() -> Option<PathBuf> {
    shared("scenarios")
}

fn summaries(path: &Path) -> Vec<Summary> {
    let mut cap = Capture::open(&[path]).expect("open capture");
    let mut out = Vec::new();
    while let Some(r) = cap.next_frame() {
        let f = r.expect("frame");
        let d = wire::decode(f.link_type, f.data);
        let meta = tcpsleuth::cli::input::meta(&f);
        if let Some(s) = d.summary(meta) {
            out.push(s);
        }
    }
    out
}

fn scan_report(path: &Path) -> ScanReport {
    let mut det = ScanDetector::default();
    for s in summaries(path) {
        det.observe(&s);
    }
    det.finish()
}

fn truth(dir: &Path, name: &str) -> Value {
    let t = std::fs::read_to_string(dir.join(format!("{name}.truth.json"))).expect("truth");
    serde_json::from_str(&t).expect("truth json")
}

fn addr(v: &Value) -> IpAddr {
    v.as_str()
        .expect("address string")
        .parse()
        .expect("address")
}

fn ports(v: &Value) -> Vec<u16> {
    let mut p: Vec<u16> = v
        .as_array()
        .expect("port list")
        .iter()
        .map(|x| x.as_u64().unwrap_or(0) as u16)
        .collect();
    p.sort_unstable();
    p
}

/// "1-1024,8080" → ports.
fn expand(spec: &str) -> Vec<u16> {
    let mut out = Vec::new();
    for part in spec.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                out.extend(a.parse::<u16>().unwrap_or(0)..=b.parse::<u16>().unwrap_or(0))
            }
            None => out.push(part.parse().unwrap_or(0)),
        }
    }
    out.sort_unstable();
    out
}

fn minus(all: &[u16], some: &[u16]) -> Vec<u16> {
    all.iter().copied().filter(|p| !some.contains(p)).collect()
}

fn one_scan<'a>(r: &'a ScanReport, what: &str) -> &'a Scan {
    assert_eq!(
        r.scans.len(),
        1,
        "{what}: expected one scan, got {:#?}",
        r.scans.iter().map(|s| &s.summary).collect::<Vec<_>>()
    );
    &r.scans[0]
}

/// Vertical scans of one target: technique, scanner, target, exact states.
fn check_vertical(name: &str, technique: &str, open_state: PortState, rest_state: PortState) {
    let Some(d) = dir() else { return };
    let t = truth(&d, name);
    let scan = &t["scan"];
    let scanner = addr(&scan["scanner"]);
    let target = addr(&scan["targets"][0]);
    let probed = match scan["ports_spec"].as_str() {
        Some(s) => expand(s),
        None => vec![],
    };
    let open = ports(
        &t["server_listening_at_start"][target.to_string()]
            [if technique == "udp" { "udp" } else { "tcp" }],
    );
    let open: Vec<u16> = open.into_iter().filter(|p| probed.contains(p)).collect();
    for vantage in ["client", "server"] {
        let what = format!("{name}.{vantage}");
        let r = scan_report(&d.join(format!("{name}.{vantage}.pcap")));
        let s = one_scan(&r, &what);
        assert_eq!(s.technique.to_string(), technique, "{what}");
        assert_eq!(s.kind.to_string(), "vertical", "{what}");
        assert_eq!(s.scanner, scanner, "{what}");
        assert_eq!(s.targets, vec![target], "{what}");
        assert_eq!(expand(&s.ports_probed), probed, "{what}");
        let lists = |st: PortState| match st {
            PortState::Open => &s.open,
            PortState::Closed => &s.closed,
            PortState::Filtered => &s.filtered,
            PortState::OpenFiltered => &s.open_filtered,
            PortState::Unfiltered => &s.unfiltered,
        };
        let mut expect_rest = minus(&probed, &open);
        let mut expect_open = open.clone();
        if open_state == rest_state {
            expect_open.clear();
            expect_rest = probed.clone();
        }
        if open_state != rest_state {
            assert_eq!(lists(open_state), &expect_open, "{what}: {open_state}");
        }
        assert_eq!(lists(rest_state), &expect_rest, "{what}: {rest_state}");
        let total = s.open.len()
            + s.closed.len()
            + s.filtered.len()
            + s.open_filtered.len()
            + s.unfiltered.len();
        assert_eq!(
            total,
            probed.len(),
            "{what}: every port in exactly one state"
        );
        assert!(
            s.probes >= probed.len() as u64,
            "{what}: probes {}",
            s.probes
        );
        eprintln!(
            "{what}: {} ({} probes, {} pps)",
            s.summary, s.probes, s.rate_pps
        );
    }
}

#[test]
fn syn_scan() {
    check_vertical("scan_syn", "syn", PortState::Open, PortState::Closed);
}

#[test]
fn connect_scan() {
    check_vertical(
        "scan_connect",
        "connect",
        PortState::Open,
        PortState::Closed,
    );
}

#[test]
fn fin_scan() {
    check_vertical(
        "scan_fin",
        "fin",
        PortState::OpenFiltered,
        PortState::Closed,
    );
}

#[test]
fn null_scan() {
    check_vertical(
        "scan_null",
        "null",
        PortState::OpenFiltered,
        PortState::Closed,
    );
}

#[test]
fn xmas_scan() {
    check_vertical(
        "scan_xmas",
        "xmas",
        PortState::OpenFiltered,
        PortState::Closed,
    );
}

#[test]
fn ack_scan() {
    check_vertical(
        "scan_ack",
        "ack",
        PortState::Unfiltered,
        PortState::Unfiltered,
    );
}

#[test]
fn udp_scan() {
    check_vertical("scan_udp", "udp", PortState::Open, PortState::Closed);
}

#[test]
fn horizontal_scan() {
    let Some(d) = dir() else { return };
    let t = truth(&d, "scan_horizontal");
    let scan = &t["scan"];
    let scanner = addr(&scan["scanner"]);
    let port = scan["port"].as_u64().unwrap_or(0) as u16;
    let mut targets: Vec<IpAddr> = scan["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .map(addr)
        .collect();
    targets.sort();
    let open: Vec<IpAddr> = scan["targets_with_port_open"]
        .as_array()
        .expect("open")
        .iter()
        .map(addr)
        .collect();
    for vantage in ["client", "server"] {
        let what = format!("scan_horizontal.{vantage}");
        let r = scan_report(&d.join(format!("scan_horizontal.{vantage}.pcap")));
        let s = one_scan(&r, &what);
        assert_eq!(s.kind.to_string(), "horizontal", "{what}");
        assert_eq!(s.technique.to_string(), "syn", "{what}");
        assert_eq!(s.scanner, scanner, "{what}");
        assert_eq!(s.targets, targets, "{what}");
        assert_eq!(s.ports_probed, port.to_string(), "{what}");
        for tr in &s.per_target {
            if open.contains(&tr.target) {
                assert_eq!(tr.open, vec![port], "{what}: {}", tr.target);
            } else {
                assert_eq!(tr.closed, vec![port], "{what}: {}", tr.target);
            }
        }
        eprintln!("{what}: {}", s.summary);
    }
}

#[test]
fn normal_scenarios_raise_no_scan() {
    let Some(d) = dir() else { return };
    let mut names: Vec<String> = std::fs::read_dir(&d)
        .expect("scenario dir")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter_map(|n| n.strip_suffix(".truth.json").map(str::to_string))
        .filter(|n| !n.starts_with("scan_"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "too few scenarios: {names:?}");
    for name in names {
        for vantage in ["client", "server"] {
            let p = d.join(format!("{name}.{vantage}.pcap"));
            if !p.exists() {
                continue;
            }
            let r = scan_report(&p);
            assert!(
                r.scans.is_empty(),
                "{name}.{vantage}: false alarm {:#?}",
                r.scans
            );
        }
    }
}

fn flood_report(path: &Path) -> FloodReport {
    let mut det = FloodDetector::default();
    for s in summaries(path) {
        det.observe(&s);
    }
    det.finish()
}

#[test]
fn syn_flood_is_found_from_both_vantages() {
    let Some(d) = dir() else { return };
    let t = truth(&d, "syn_flood");
    let target = addr(&t["flood"]["target"]);
    let port = t["flood"]["target_port"].as_u64().unwrap_or(0) as u16;
    let nsrc = t["flood"]["spoofed_sources"]
        .as_array()
        .map_or(0, |a| a.len()) as u64;
    for vantage in ["client", "server"] {
        let what = format!("syn_flood.{vantage}");
        let r = flood_report(&d.join(format!("syn_flood.{vantage}.pcap")));
        let floods: Vec<&SynFlood> = r
            .floods
            .iter()
            .filter_map(|f| match f {
                Flood::SynFlood(s) => Some(s),
                _ => None,
            })
            .collect();
        assert_eq!(floods.len(), 1, "{what}: {:#?}", r.floods);
        let f = floods[0];
        assert_eq!((f.target, f.port), (target, port), "{what}");
        assert!(f.sources >= nsrc, "{what}: {} sources", f.sources);
        assert!(f.half_open >= 290, "{what}: {f:#?}");
        eprintln!("{what}: {}", serde_json::to_string(f).unwrap_or_default());
    }
}

#[test]
fn normal_scenarios_raise_no_flood() {
    let Some(d) = dir() else { return };
    for name in [
        "normal",
        "refused",
        "loss_retrans",
        "synack_dropped",
        "ack_dropped",
        "scan_syn",
        "scan_udp",
        "udp_closed",
    ] {
        for vantage in ["client", "server"] {
            let r = flood_report(&d.join(format!("{name}.{vantage}.pcap")));
            assert!(r.floods.is_empty(), "{name}.{vantage}: {:#?}", r.floods);
        }
    }
}
