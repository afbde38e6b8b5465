//! Services seen in the lab scenarios: every reported port must be one the
//! server listened on, the ports real clients used must be there, and ports
//! only scanners saw are marked "found by scan". Skipped when
//! ../shared/scenarios is missing.

use crate::support::shared;
use serde_json::Value;
use std::net::IpAddr;
use std::path::Path;
use tcpsleuth::analysis::scans::ScanDetector;
use tcpsleuth::analysis::services::{ServiceReport, ServiceTracker};
use tcpsleuth::capture::Capture;
use tcpsleuth::wire;

fn services(path: &Path) -> ServiceReport {
    let mut cap = Capture::open(&[path]).expect("open capture");
    let mut scans = ScanDetector::default();
    let mut svc = ServiceTracker::default();
    while let Some(r) = cap.next_frame() {
        let f = r.expect("frame");
        let d = wire::decode(f.link_type, f.data);
        let meta = tcpsleuth::cli::input::meta(&f);
        if let Some(s) = d.summary(meta) {
            scans.observe(&s);
            svc.observe(&s);
        }
    }
    let r = scans.finish();
    let scanners: Vec<IpAddr> = r.scans.iter().map(|s| s.scanner).collect();
    svc.finish(&scanners, &r.answers_every_port)
}

fn listening(t: &Value, proto: &str) -> Vec<(IpAddr, u16)> {
    let mut out = Vec::new();
    if let Some(m) = t["server_listening_at_start"].as_object() {
        for (addr, v) in m {
            let Ok(a) = addr.parse::<IpAddr>() else {
                continue;
            };
            for p in v[proto].as_array().into_iter().flatten() {
                out.push((a, p.as_u64().unwrap_or(0) as u16));
            }
        }
    }
    out
}

/// Scenario → (proto, port, found by scan) that must be reported, per vantage.
fn expected(name: &str, vantage: &str) -> Vec<(&'static str, u16, bool)> {
    match name {
        "normal" | "ipv6_normal" | "loss_retrans" | "zero_window" | "server_close"
        | "client_abort" => {
            vec![("tcp", 8080, false)]
        }
        "ack_dropped" => vec![("tcp", 8080, false)],
        "synack_dropped" if vantage == "server" => vec![("tcp", 8080, false)],
        "syn_flood" => vec![("tcp", 80, false)],
        "udp_dns" => vec![("udp", 53, false)],
        "scan_syn" | "scan_connect" => vec![
            ("tcp", 22, true),
            ("tcp", 80, true),
            ("tcp", 443, true),
            ("tcp", 8080, true),
        ],
        "scan_horizontal" => vec![("tcp", 80, true)],
        "scan_udp" => vec![("udp", 53, true)],
        _ => vec![],
    }
}

#[test]
fn services_match_the_listening_ports() {
    let Some(d) = shared("scenarios") else {
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(&d)
        .expect("scenario dir")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".truth.json"))
                .map(str::to_string)
        })
        .collect();
    names.sort();
    for name in &names {
        let t: Value = serde_json::from_str(
            &std::fs::read_to_string(d.join(format!("{name}.truth.json"))).expect("truth"),
        )
        .expect("json");
        let tcp = listening(&t, "tcp");
        let udp = listening(&t, "udp");
        for vantage in ["client", "server"] {
            let what = format!("{name}.{vantage}");
            let r = services(&d.join(format!("{name}.{vantage}.pcap")));
            let mut seen = Vec::new();
            for h in &r.hosts {
                for s in &h.services {
                    let ok = match s.proto {
                        "tcp" => tcp.contains(&(h.server, s.port)),
                        _ => udp.contains(&(h.server, s.port)),
                    };
                    assert!(
                        ok,
                        "{what}: {} {}/{} is not a listening port",
                        h.server, s.proto, s.port
                    );
                    seen.push((s.proto, s.port, s.found_by_scan));
                }
            }
            for e in expected(name, vantage) {
                assert!(seen.contains(&e), "{what}: {e:?} missing from {seen:?}");
            }
        }
    }
}
