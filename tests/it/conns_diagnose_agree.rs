//! `conns` and `diagnose` read one connection model: for every lab capture
//! (../shared/scenarios and tests/scenarios, each vantage), every finding
//! about one connection states the same endpoint states, bytes, packets and
//! retransmissions as the `conns` row of that connection.
//!
//! A finding may say a state is UNKNOWN where the packets cannot tell (one
//! direction captured); that is no claim and is not compared. Findings
//! that group several attempts (client port 0) or summarise a scan or a
//! flood have no single row to compare with.

use crate::support::{repo_path, run, shared};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Every capture of the lab: shared/scenarios/*.pcap and tests/scenarios/*/*.pcap.
fn captures(shared_scenarios: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    let own = repo_path("tests/scenarios");
    let dirs = std::fs::read_dir(&own).into_iter().flatten().flatten().map(|e| e.path());
    for d in std::iter::once(shared_scenarios.to_path_buf()).chain(dirs) {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "pcap") {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

fn json_lines(args: &[&str], file: &Path) -> Vec<Value> {
    let mut all: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    all.extend([std::ffi::OsStr::new("-r"), file.as_os_str()]);
    run(all).json()
}

type Key = (String, u64, String, u64, String);

fn key(a: &Value, ap: &Value, b: &Value, bp: &Value, proto: &Value) -> Key {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    (s(a), ap.as_u64().unwrap_or(0), s(b), bp.as_u64().unwrap_or(0), s(proto))
}

/// The facts compared, as `conns` writes them.
const FIELDS: [(&str, &str); 7] = [
    ("client_state", "orig_tcp_state"),
    ("server_state", "resp_tcp_state"),
    ("orig_bytes", "orig_bytes"),
    ("resp_bytes", "resp_bytes"),
    ("orig_pkts", "orig_pkts"),
    ("resp_pkts", "resp_pkts"),
    ("retransmissions", "retransmissions"),
];

#[test]
fn conns_and_diagnose_agree_on_states_and_figures() {
    let Some(scenarios) = shared("scenarios") else { return };
    let (mut compared, mut agreed) = (0usize, 0usize);
    let mut diffs = Vec::new();
    for pcap in captures(&scenarios) {
        let mut rows: HashMap<Key, Vec<Value>> = HashMap::new();
        for r in json_lines(&["conns", "--format", "json", "--sort", "start", "--max-rows", "0"], &pcap) {
            let k = key(&r["id.orig_h"], &r["id.orig_p"], &r["id.resp_h"], &r["id.resp_p"], &r["proto"]);
            rows.entry(k).or_default().push(r);
        }
        for f in json_lines(&["diagnose", "--format", "json"], &pcap) {
            if f["attempts"].as_u64() != Some(1) || f["client_port"].as_u64().unwrap_or(0) == 0 {
                continue;
            }
            let k = key(&f["client"], &f["client_port"], &f["server"], &f["server_port"], &f["proto"]);
            let Some([row]) = rows.get(&k).map(Vec::as_slice) else { continue };
            for (ours, theirs) in FIELDS {
                let d = f.get(ours).or_else(|| f["figures"].get(ours)).cloned().unwrap_or(Value::Null);
                if d == "UNKNOWN" || (ours.ends_with("state") && f["proto"] != "tcp") {
                    continue;
                }
                let c = row.get(theirs).cloned().unwrap_or(Value::from(0));
                compared += 1;
                if d == c {
                    agreed += 1;
                } else {
                    diffs.push(format!("{} {}:{} {ours}: diagnose {d} conns {c}", pcap.display(), k.0, k.1));
                }
            }
        }
    }
    println!("conns vs diagnose: {agreed}/{compared} facts agree");
    for d in &diffs {
        println!("DIFF {d}");
    }
    assert!(compared > 0, "no finding compared");
    assert!(diffs.is_empty(), "{} of {compared} facts differ:\n{}", diffs.len(), diffs.join("\n"));
}
