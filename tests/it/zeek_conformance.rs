//! Conformance of tcpsleuth's connection records with Zeek's conn.log.
//!
//! For every row of `shared/peers/zeek/MANIFEST.tsv` marked `suitable=yes`,
//! the trace is run through `flow::Tracker` and the records are matched with
//! the baseline conn.log on the 5-tuple as a multiset (`ts` and `uid` are
//! masked in the baselines). Each field is compared and a per-trace table
//! plus totals is printed (`cargo test --test it zeek_conformance -- --nocapture`).
//! The assertions pin the agreement reached so far; raise them as it improves.

use crate::support::shared;
use std::collections::HashMap;
use std::path::Path;
use tcpsleuth::capture::Capture;
use tcpsleuth::flow::defrag::{DefragConfig, Defragmenter};
use tcpsleuth::flow::{Connection, Tracker, TrackerConfig};
use tcpsleuth::wire::decode;

/// Fields compared, in table order.
const FIELDS: [&str; 11] = [
    "conn_state",
    "history",
    "orig_bytes",
    "resp_bytes",
    "orig_pkts",
    "orig_ip_bytes",
    "resp_pkts",
    "resp_ip_bytes",
    "missed_bytes",
    "duration",
    "service",
];

/// Minimum agreement per field, in percent of the records both sides have
/// (a record is matched on its 5-tuple). Baseline records we lack entirely
/// come from link types and tunnels the decoder does not handle yet (FDDI,
/// FabricPath, Teredo/AYIYA/GRE inner flows); they are bounded separately.
const REQUIRED_MATCHED: [(&str, f64); 11] = [
    ("conn_state", 100.0),
    ("history", 99.9),
    ("orig_bytes", 100.0),
    ("resp_bytes", 100.0),
    ("orig_pkts", 100.0),
    ("resp_pkts", 100.0),
    ("orig_ip_bytes", 100.0),
    ("resp_ip_bytes", 100.0),
    ("missed_bytes", 100.0),
    ("duration", 100.0),
    ("service", SERVICE_FLOOR),
];
/// `service` agreement reached: 1602 of 1615 matched records. What differs
/// is past the first payload bytes: 9 `ftp-data` connections (announced in
/// the FTP control stream), `ntlm` / `ssl` found inside LDAP, and a crafted
/// POP3 session Zeek's parser rejects while its greeting looks right.
const SERVICE_FLOOR: f64 = 99.1;
/// Minimum share of baseline records matched at all.
const REQUIRED_MATCHED_SHARE: f64 = 100.0;

/// Rows whose Zeek run loaded no protocol script at all (`zeek -b` with a
/// script that only redefines options): `likely_server_ports` is empty
/// there, so no flip by port happens. Every other row, bare or not, agrees
/// with the default set.
const NO_PROTOCOL_SCRIPTS: &[&str] = &["core.checksums_ignore_nets"];

/// Runs the tracker over a capture and returns every record.
fn track(path: &Path, cfg: TrackerConfig) -> Vec<Connection> {
    let mut cap = match Capture::open(&[path]) {
        Ok(c) => c,
        Err(e) => panic!("{}: {e}", path.display()),
    };
    let mut dfg = Defragmenter::new(DefragConfig {
        honor_checksums: cfg.honor_checksums,
        ..DefragConfig::default()
    });
    let mut t = Tracker::new(cfg);
    let mut out = Vec::new();
    while let Some(r) = cap.next_frame() {
        let Ok(f) = r else { break };
        let d = decode(f.link_type, f.data);
        let meta = tcpsleuth::cli::input::meta(&f);
        // Zeek reassembles IP fragments before its connection analysis.
        dfg.push(&d, meta, &mut |s| {
            t.push(s);
            out.extend(t.drain_closed());
        });
    }
    out.extend(t.finish());
    out
}

/// Zeek's conn.log columns for a record.
fn fields_of(c: &Connection) -> HashMap<&'static str, String> {
    let mut m = HashMap::new();
    let (o, r) = (c.orig_side(), c.resp_side());
    m.insert("id.orig_h", o.addr.to_string());
    m.insert("id.orig_p", o.port.to_string());
    m.insert("id.resp_h", r.addr.to_string());
    m.insert("id.resp_p", r.port.to_string());
    m.insert("proto", c.proto_name().to_string());
    m.insert("conn_state", c.conn_state().to_string());
    let h = c.history();
    m.insert(
        "history",
        if h.is_empty() {
            "-".into()
        } else {
            h.to_string()
        },
    );
    match c.bytes() {
        Some((ob, rb)) => {
            m.insert("orig_bytes", ob.to_string());
            m.insert("resp_bytes", rb.to_string());
            m.insert("duration", format!("{:.6}", c.duration()));
        }
        None => {
            m.insert("orig_bytes", "-".into());
            m.insert("resp_bytes", "-".into());
            m.insert("duration", "-".into());
        }
    }
    m.insert("orig_pkts", c.orig().pkts.to_string());
    m.insert("orig_ip_bytes", c.orig().ip_bytes.to_string());
    m.insert("resp_pkts", c.resp().pkts.to_string());
    m.insert("resp_ip_bytes", c.resp().ip_bytes.to_string());
    m.insert("missed_bytes", c.missed_bytes().to_string());
    m.insert(
        "service",
        c.service().map_or("-".to_string(), |s| s.to_string()),
    );
    m
}

type Row = HashMap<String, String>;

fn parse_conn_log(text: &str) -> Option<Vec<Row>> {
    let mut names: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("#fields\t") {
            names = Some(rest.split('\t').map(str::to_string).collect());
            continue;
        }
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if names.is_none() {
            // btest-cut logs start with a plain header line of names.
            if line.contains("history") && line.contains("conn_state") {
                names = Some(line.split('\t').map(str::to_string).collect());
            }
            continue;
        }
        let n = names.as_ref()?;
        let row: Row = n
            .iter()
            .cloned()
            .zip(line.split('\t').map(str::to_string))
            .collect();
        rows.push(row);
    }
    names.map(|_| rows)
}

fn same(field: &str, a: &str, b: &str) -> bool {
    if field == "duration" && a != "-" && b != "-" {
        let (x, y) = (
            a.parse::<f64>().unwrap_or(-1.0),
            b.parse::<f64>().unwrap_or(-2.0),
        );
        return (x - y).abs() <= 2e-6;
    }
    a == b
}

#[derive(Default, Clone)]
struct Tally {
    records: usize,
    matched: usize,
    extra: usize,
    agree: HashMap<&'static str, usize>,
}

fn key_of(r: &HashMap<String, String>) -> Option<String> {
    let k = ["id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto"];
    let parts: Option<Vec<&String>> = k.iter().map(|f| r.get(*f)).collect();
    parts.map(|p| p.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" "))
}

fn score(base: &Row, ours: &HashMap<&'static str, String>) -> usize {
    FIELDS
        .iter()
        .filter(|f| {
            base.get(**f)
                .is_some_and(|b| ours.get(**f).is_some_and(|o| same(f, b, o)))
        })
        .count()
}

/// Compares baseline rows with our records; returns the tally and mismatch notes.
fn compare(base: &[Row], ours: &[Connection]) -> (Tally, Vec<String>) {
    let mut t = Tally {
        records: base.len(),
        ..Default::default()
    };
    let mut notes = Vec::new();
    let mine: Vec<HashMap<&'static str, String>> = ours.iter().map(fields_of).collect();
    let mut used = vec![false; mine.len()];
    let has_key = base.first().is_some_and(|r| key_of(r).is_some());
    for b in base {
        let bk = key_of(b);
        let mut best: Option<(usize, usize)> = None;
        for (i, m) in mine.iter().enumerate() {
            if used[i] {
                continue;
            }
            if has_key {
                let mk = ["id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto"]
                    .iter()
                    .map(|f| m[f].as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if Some(mk) != bk {
                    continue;
                }
            }
            let s = score(b, m);
            if best.is_none_or(|(_, bs)| s > bs) {
                best = Some((i, s));
            }
        }
        let Some((i, _)) = best else {
            notes.push(format!("  missing {}", bk.unwrap_or_default()));
            continue;
        };
        used[i] = true;
        t.matched += 1;
        let m = &mine[i];
        let mut diffs = Vec::new();
        for f in FIELDS {
            match b.get(f) {
                Some(bv) if same(f, bv, &m[f]) => *t.agree.entry(f).or_default() += 1,
                Some(bv) => diffs.push(format!("{f}: zeek {bv} ours {}", m[f])),
                None => *t.agree.entry(f).or_default() += 1, // column absent: not compared
            }
        }
        if !diffs.is_empty() {
            notes.push(format!(
                "  {} — {}",
                bk.unwrap_or_default(),
                diffs.join("; ")
            ));
        }
    }
    t.extra = used.iter().filter(|u| !**u).count();
    for (i, m) in mine.iter().enumerate() {
        if !used[i] && notes.len() < 400 {
            notes.push(format!(
                "  extra {} {} {} {} {} {} {}",
                m["id.orig_h"],
                m["id.orig_p"],
                m["id.resp_h"],
                m["id.resp_p"],
                m["proto"],
                m["conn_state"],
                m["history"]
            ));
        }
    }
    (t, notes)
}

/// The RST-behaviour test prints "history, conn_state" for one trace per line.
fn compare_rst_behavior(base_text: &str, n: usize, ours: &[Connection]) -> (Tally, Vec<String>) {
    let line = base_text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .nth(n - 1)
        .unwrap_or("");
    let (h, st) = line.split_once(", ").unwrap_or(("", ""));
    let mut row = Row::new();
    row.insert("history".into(), h.to_string());
    row.insert("conn_state".into(), st.to_string());
    compare(&[row], ours)
}

/// Which manifest rows a run compares.
#[derive(Clone, Copy, PartialEq)]
enum Rows {
    /// `suitable=yes`: what default Zeek logs, checksums honoured.
    Suitable,
    /// The other rows Zeek ran with `-C` (checksums ignored), run the same
    /// way: crafted traces whose IP or TCP checksums are wrong on purpose.
    IgnoredChecksums,
}

#[test]
fn zeek_conn_log_conformance() {
    let Some(total) = conformance(Rows::Suitable) else { return };
    assert!(total.records > 0, "no baseline records compared");
    let share = 100.0 * total.matched as f64 / total.records as f64;
    assert!(
        share >= REQUIRED_MATCHED_SHARE,
        "only {share:.2}% of baseline records matched"
    );
    for (f, min) in REQUIRED_MATCHED {
        let pct = 100.0 * *total.agree.get(f).unwrap_or(&0) as f64 / total.matched.max(1) as f64;
        assert!(
            pct >= min,
            "{f} agreement {pct:.2}% of matched records, below {min}%"
        );
    }
}

/// Floors for the `-C` rows (see the printed table): records matched, and
/// conn_state and history agreement among them. 18 of 18 match, the ones
/// inside MPLS and GTP-U too. Two histories differ: retransmit-fast009
/// (Zeek sees content gaps, 'G'/'g', in a crafted retransmission pattern)
/// and gtp/different_dl_and_ul (Zeek's "ShADadXf" has an 'X' before the
/// last 'f' that ours, "ShADadf", lacks).
const REQUIRED_IGNORED_CHECKSUMS: (f64, f64, f64) = (100.0, 100.0, 88.0);

#[test]
fn zeek_conn_log_conformance_with_checksums_ignored() {
    let Some(total) = conformance(Rows::IgnoredChecksums) else { return };
    let pct = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
    let matched = pct(total.matched, total.records);
    let state = pct(*total.agree.get("conn_state").unwrap_or(&0), total.matched);
    let hist = pct(*total.agree.get("history").unwrap_or(&0), total.matched);
    let (m, s, h) = REQUIRED_IGNORED_CHECKSUMS;
    assert!(total.records > 0, "no -C baseline records compared");
    assert!(matched >= m && state >= s && hist >= h, "-C rows: matched {matched:.1}%, conn_state {state:.1}%, history {hist:.1}%");
}

/// Compares the chosen rows and prints the table; `None` when the shared
/// data is missing.
fn conformance(which: Rows) -> Option<Tally> {
    let zdir = shared("peers/zeek/MANIFEST.tsv")?.parent()?.to_path_buf();
    let manifest = std::fs::read_to_string(zdir.join("MANIFEST.tsv")).unwrap_or_default();
    let mut total = Tally::default();
    let mut table = Vec::new();
    let verbose = std::env::var("ZEEK_CONFORMANCE_VERBOSE").is_ok();
    for line in manifest.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 6 || cols[0] == "test_name" {
            continue;
        }
        let ignores_checksums = cols[3].contains(" -C ");
        let wanted = match which {
            Rows::Suitable => cols[5] == "yes",
            Rows::IgnoredChecksums => cols[5] != "yes" && ignores_checksums,
        };
        if !wanted {
            continue;
        }
        let (name, trace, baseline) = (cols[0], zdir.join(cols[1]), zdir.join(cols[2]));
        let Ok(text) = std::fs::read_to_string(&baseline) else {
            continue;
        };
        if !trace.is_file() {
            continue;
        }
        // Zeek's default: packets with bad checksums are not counted.
        let mut cfg = TrackerConfig::zeek();
        if cols[3].contains(" -b ") && NO_PROTOCOL_SCRIPTS.contains(&name) {
            cfg.likely_server_ports = Some(Vec::new());
        }
        if which == Rows::IgnoredChecksums {
            cfg.honor_checksums = false;
        }
        let ours = track(&trace, cfg);
        let (t, notes) = if let Some(n) = name
            .split_once('#')
            .and_then(|(_, n)| n.parse::<usize>().ok())
            .filter(|_| !text.contains("#fields"))
        {
            compare_rst_behavior(&text, n, &ours)
        } else {
            match parse_conn_log(&text) {
                Some(rows) => compare(&rows, &ours),
                None => continue,
            }
        };
        let pct = |f: &str| 100.0 * *t.agree.get(f).unwrap_or(&0) as f64 / t.records.max(1) as f64;
        table.push(format!(
            "{:<72} {:>5} {:>5} {:>5} {:>6.1} {:>6.1} {:>6.1} {:>6.1} {:>6.1} {:>6.1}",
            name,
            t.records,
            t.matched,
            t.extra,
            pct("conn_state"),
            pct("history"),
            pct("orig_bytes"),
            pct("orig_pkts"),
            pct("duration"),
            pct("service")
        ));
        if verbose || notes.len() <= 12 {
            for n in notes.iter().take(if verbose { 400 } else { 12 }) {
                table.push(n.clone());
            }
        } else {
            table.push(format!(
                "  ({} differing records; ZEEK_CONFORMANCE_VERBOSE=1 shows them)",
                notes.len()
            ));
        }
        total.records += t.records;
        total.matched += t.matched;
        total.extra += t.extra;
        for (f, n) in t.agree {
            *total.agree.entry(f).or_default() += n;
        }
    }
    println!(
        "{:<72} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "trace", "recs", "match", "extra", "state", "hist", "obytes", "opkts", "dur", "svc"
    );
    for l in &table {
        println!("{l}");
    }
    println!(
        "TOTAL records {} matched {} extra {}",
        total.records, total.matched, total.extra
    );
    println!(
        "  {:<14} {:>15} {:>8}   {:>15} {:>8}",
        "field", "of baseline", "%", "of matched", "%"
    );
    for f in FIELDS {
        let n = *total.agree.get(f).unwrap_or(&0);
        println!(
            "  {f:<14} {:>7}/{:<7} {:>7.2}%   {:>7}/{:<7} {:>7.2}%",
            n,
            total.records,
            100.0 * n as f64 / total.records.max(1) as f64,
            n,
            total.matched,
            100.0 * n as f64 / total.matched.max(1) as f64
        );
    }
    Some(total)
}
