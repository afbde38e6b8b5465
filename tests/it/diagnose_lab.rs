//! `tcpsleuth diagnose` on every lab capture in tests/scenarios: scenario ×
//! vantage (client capture, server capture, both with `--peer`) → the
//! labels each truth.json `expected` lists, one per finding (order free).
//! New scenarios join the table by adding their folder; the fixtures live in
//! the repository, so this test never skips.

use crate::support::{repo_path, tcpsleuth};
use std::path::{Path, PathBuf};

/// Cells not met yet, each with the reason; every other cell must pass.
/// A cell here that starts passing is reported so it can leave the list.
///
/// Not open, but weaker than the class name: `path_broken` (server → client
/// broken) from the client expects `server_went_silent`. At the client's
/// interface the two are the same packets — its own retransmissions with
/// backoff, nothing back, no ICMP — so no mechanism can tell them apart
/// there; the finding names the broken path as a cause and
/// [`a_broken_return_path_seen_from_the_client_names_both_causes`] holds it
/// to that. Only the server's retransmissions arriving after the break
/// (a client → server break) separate them, and the lab then expects `path_broken`.
const OPEN: &[(&str, &str, &str)] = &[];

fn open_reason(name: &str, vantage: &str) -> Option<&'static str> {
    OPEN.iter().find(|(n, v, _)| *n == name && *v == vantage).map(|(_, _, why)| *why)
}

/// The labels of `diagnose --format json` on `args`, one per finding, sorted.
fn labels(args: &[&Path]) -> Result<Vec<String>, String> {
    let mut cmd = tcpsleuth();
    cmd.args(["diagnose", "--format", "json", "-r"]).arg(args[0]);
    if let Some(peer) = args.get(1) {
        cmd.arg("--peer").arg(peer);
    }
    let out = cmd.output().map_err(|e| e.to_string())?;
    if !out.status.code().is_some_and(|c| c <= 1) {
        return Err(format!("exit {:?}: {}", out.status, String::from_utf8_lossy(&out.stderr)));
    }
    let mut v = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let j: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        v.push(j["label"].as_str().unwrap_or("?").to_string());
    }
    v.sort();
    Ok(v)
}

fn expected(truth: &serde_json::Value, vantage: &str) -> Vec<String> {
    let mut v: Vec<String> = truth["expected"][vantage]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn scenarios() -> Vec<PathBuf> {
    let root = repo_path("tests/scenarios");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join("truth.json").is_file()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn every_lab_scenario_from_every_vantage_gets_its_expected_labels() {
    let dirs = scenarios();
    assert!(!dirs.is_empty(), "no tests/scenarios/*/truth.json");
    let (mut table, mut bad) = (Vec::new(), 0);
    for dir in &dirs {
        let name = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let text = std::fs::read_to_string(dir.join("truth.json")).unwrap_or_default();
        let truth: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let (c, s) = (dir.join("client.pcap"), dir.join("server.pcap"));
        let mut row = format!("{name:<30}");
        for (vantage, args) in [("client", vec![c.as_path()]), ("server", vec![s.as_path()]), ("both", vec![c.as_path(), s.as_path()])] {
            let want = expected(&truth, vantage);
            let got = labels(&args);
            let ok = got.as_ref().is_ok_and(|g| *g == want);
            let open = open_reason(&name, vantage);
            match (ok, open) {
                (true, Some(_)) => eprintln!("{name} from {vantage}: passes now, remove it from OPEN"),
                (false, Some(why)) => eprintln!("{name} from {vantage}: open ({why}): got {got:?}"),
                (false, None) => {
                    bad += 1;
                    eprintln!("{name} from {vantage}: expected {want:?}, got {got:?}");
                }
                (true, None) => {}
            }
            row.push_str(match (ok, open) {
                (true, _) => "  pass ",
                (false, Some(_)) => "  open ",
                (false, None) => "  FAIL ",
            });
        }
        table.push(row);
    }
    eprintln!("{:<30} client server both\n{}", "scenario", table.join("\n"));
    assert_eq!(bad, 0, "{bad} scenario × vantage cells failed (table above)");
}

/// glibc's search-list candidates, answered NXDOMAIN before the bare name
/// resolved: each finding names the bare name and the search domain, and
/// none is a warning.
#[test]
fn search_list_candidates_name_the_bare_name_they_expand() {
    let mut bad = Vec::new();
    for dir in scenarios().iter().filter(|d| d.file_name().is_some_and(|n| n.to_string_lossy().starts_with("dns_search_expansion"))) {
        let truth: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).unwrap_or_default()).unwrap_or_default();
        let bare = truth["facts"]["qname"].as_str().unwrap_or("?");
        let out = tcpsleuth().args(["diagnose", "--format", "json", "-r"]).arg(dir.join("client.pcap")).output().expect("runs");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let f: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
            let summary = f["summary"].as_str().unwrap_or("");
            let named = f["label"] != "dns_search_expansion" || summary.contains(&format!("({bare} + search domain "));
            if !named || f["severity"] != "ok" {
                bad.push(format!("{}: {} {} {summary}", dir.display(), f["label"], f["severity"]));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn a_broken_return_path_seen_from_the_client_names_both_causes() {
    let pcap = repo_path("tests/scenarios/path_broken/client.pcap");
    let out = tcpsleuth().args(["diagnose", "--format", "json", "-r"]).arg(&pcap).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let f: serde_json::Value = serde_json::from_str(text.lines().next().unwrap_or("{}")).unwrap_or_default();
    let cause = f["likely_cause"].as_str().unwrap_or("");
    assert!(f["label"] == "server_went_silent" && cause.contains("crashed") && cause.contains("broken path"), "{text}");
}

/// The DNS failure findings name what the truth's facts say was asked: the
/// name, its types, the resolver and how many times each type was asked.
#[test]
fn dns_failures_name_the_query_its_types_the_resolver_and_the_tries() {
    let mut bad = Vec::new();
    let failed = |d: &&PathBuf| d.file_name().is_some_and(|n| n.to_string_lossy().starts_with("dns_") && !n.to_string_lossy().starts_with("dns_search"));
    for dir in scenarios().iter().filter(failed) {
        let truth: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).unwrap_or_default()).unwrap_or_default();
        let facts = &truth["facts"];
        let out = tcpsleuth().args(["diagnose", "--format", "json", "-r"]).arg(dir.join("client.pcap")).output().expect("runs");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let f: serde_json::Value = serde_json::from_str(text.lines().next().unwrap_or("{}")).unwrap_or_default();
        let dns = &f["figures"]["dns"];
        // The resolver stops after an answer: NXDOMAIN is asked once per type.
        let tries = facts["queries_sent"].as_u64().unwrap_or(0) / facts["qtypes"].as_array().map_or(1, |a| a.len() as u64).max(1);
        let want = (&facts["qname"], &facts["qtypes"], &facts["resolver"], tries);
        if (&dns["qname"], &dns["qtypes"], &dns["resolver"], dns["tries"].as_u64().unwrap_or(0)) != want {
            bad.push(format!("{}: want {want:?}, got {dns}", dir.display()));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
