//! `--format parquet` read back by DuckDB (the Python package): the tables
//! hold the same rows and values as the JSON output of the same commands.

// Without the feature only the usage-error tests run; the DuckDB helpers rest.
#![cfg_attr(not(feature = "parquet"), allow(dead_code, unused_imports))]

use crate::support::{arg, in_ci, run, sample, scratch_dir};
use serde_json::Value;
use std::process::Command;

/// `tcpsleuth ARGS` as (exit code, stdout, stderr).
fn tcpsleuth(args: &[&str]) -> (i32, String, String) {
    let o = run(args);
    (o.code, o.stdout, o.stderr)
}

#[cfg(not(feature = "parquet"))]
#[test]
fn without_the_feature_parquet_is_a_clear_usage_error() {
    let dir = scratch_dir("nofeature");
    let out = dir.join("c.parquet");
    let (code, _, err) = tcpsleuth(&["conns", "-r", &sample(), "--format", "parquet", "-o", &arg(&out)]);
    assert_eq!((code, err.contains("--features parquet")), (2, true), "{err}");
    println!("SKIPPED: parquet_duckdb: needs the binary built with --features parquet (.ci/run runs it so)");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn parquet_needs_an_output_file() {
    let (code, _, err) = tcpsleuth(&["scans", "-r", &sample(), "--format", "parquet"]);
    assert_eq!(code, 2, "{err}");
}

/// DuckDB's answers about the five tables in `dir`, as one JSON object.
const QUERIES: &str = r#"
import duckdb, json, sys
d = sys.argv[1]
con = duckdb.connect()
def q(sql):
    return con.execute(sql.replace("T(", "read_parquet('" + d + "/").replace(".pq)", ".parquet')")).fetchall()
out = {}
for t in ["conns", "findings", "scans", "services", "packets"]:
    out[t] = q("select count(*) from T(" + t + ".pq)")[0][0]
out["uids"] = [r[0] for r in q('select uid from T(conns.pq)')]
out["resp_ports"] = [r[0] for r in q('select "id.resp_p" from T(conns.pq)')]
out["orig_bytes"] = q("select coalesce(sum(orig_bytes), 0) from T(conns.pq)")[0][0]
out["labels"] = [r[0] for r in q("select label from T(findings.pq)")]
out["scanners"] = [r[0] for r in q("select scanner from T(scans.pq)")]
out["services"] = [[r[0], r[1]] for r in q("select server, port from T(services.pq)")]
out["packet_uids"] = q("select count(distinct uid) from T(packets.pq) where uid is not null")[0][0]
out["uids_known"] = q("select count(*) from T(packets.pq) p where uid is not null and uid not in (select uid from T(conns.pq))")[0][0]
print(json.dumps(out))
"#;

fn json_lines(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

fn has_duckdb() -> bool {
    Command::new("python3").args(["-c", "import duckdb"]).status().is_ok_and(|s| s.success())
}

#[cfg(feature = "parquet")]
#[test]
fn duckdb_reads_the_same_rows_and_values_as_the_json_output() {
    if !has_duckdb() {
        assert!(!in_ci(), "python3 duckdb is missing under CI (.ci/run pip-installs it)");
        println!("SKIPPED: duckdb_reads_the_same_rows_and_values_as_the_json_output: needs python3 -m pip install duckdb");
        return;
    }
    let dir = scratch_dir("duckdb");
    let s = sample();
    for (cmd, table) in [("conns", "conns"), ("diagnose", "findings"), ("scans", "scans"), ("services", "services"), ("packets", "packets")] {
        let file = dir.join(format!("{table}.parquet"));
        let (code, _, err) = tcpsleuth(&[cmd, "-r", &s, "--format", "parquet", "-o", &arg(&file)]);
        assert!(code <= 1 && file.is_file(), "{cmd} --format parquet: exit {code}: {err}");
    }
    let py = Command::new("python3").args(["-c", QUERIES]).arg(&dir).output().expect("python3");
    assert!(py.status.success(), "duckdb: {}", String::from_utf8_lossy(&py.stderr));
    let got: Value = serde_json::from_slice(&py.stdout).expect("duckdb's JSON");

    let conns = json_lines(&tcpsleuth(&["conns", "-r", &s, "--format", "json"]).1);
    let findings = json_lines(&tcpsleuth(&["diagnose", "-r", &s, "--format", "json"]).1);
    let scans: Vec<Value> = json_lines(&tcpsleuth(&["scans", "-r", &s, "--format", "json"]).1)
        .into_iter()
        .filter(|v| v["finding"] != "stats")
        .collect();
    let services: Vec<Value> = json_lines(&tcpsleuth(&["services", "-r", &s, "--format", "json"]).1)
        .iter()
        .flat_map(|h| h["services"].as_array().cloned().unwrap_or_default().into_iter().map(move |v| serde_json::json!([h["server"], v["port"]])))
        .collect();
    let expected = serde_json::json!({
        "conns": conns.len(),
        "findings": findings.len(),
        "scans": scans.len(),
        "services": services.len(),
        "uids": conns.iter().map(|c| c["uid"].clone()).collect::<Vec<_>>(),
        "resp_ports": conns.iter().map(|c| c["id.resp_p"].clone()).collect::<Vec<_>>(),
        "orig_bytes": conns.iter().filter_map(|c| c["orig_bytes"].as_u64()).sum::<u64>(),
        "labels": findings.iter().map(|f| f["label"].clone()).collect::<Vec<_>>(),
        "scanners": scans.iter().map(|f| f["scanner"].clone()).collect::<Vec<_>>(),
        "services_list": services,
        "packet_uids": conns.len(),
        "uids_known": 0,
    });
    let mut got = got;
    if let Some(o) = got.as_object_mut() {
        let list = o.remove("services").unwrap_or_default();
        o.insert("services_list".into(), list);
        o.insert("services".into(), o["services_list"].as_array().map_or(0, Vec::len).into());
        o.remove("packets");
    }
    assert_eq!(got, expected);
    let _ = std::fs::remove_dir_all(dir);
}
