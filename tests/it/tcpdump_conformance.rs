//! Conformance against tcpdump's own regression suite (5.0.0-PRE outputs).
//!
//! Every row of `../shared/peers/tcpdump/MANIFEST.tsv` (or
//! `$TCPSLEUTH_TCPDUMP_PEERS/MANIFEST.tsv`) is run exactly as tcpdump's
//! `TESTrun` runs it — `packets -# -n -r FILE [-tttt] OPTIONS` with
//! `TZ=GMT0` — and stdout is compared byte for byte with the expected
//! output. A table of results is printed; the test fails when fewer tests
//! are identical than the recorded floor, or when an in-scope test that is
//! not a documented known difference stops matching.

use std::path::{Path, PathBuf};
use crate::support::{shared, tcpsleuth};

/// Tests outside tcpsleuth's scope (application decoders other than DNS).
const SKIPPED: &[(&str, &str)] = &[
    ("rx", "AFS/RX application decoding on every packet"),
];

/// In-scope tests known to differ, with the reason.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

/// Identical tests (out of all 85) this suite must reach; raise it as coverage grows.
const FLOOR: usize = 84;

struct Row {
    name: String,
    pcap: String,
    expected: String,
    options: String,
}

/// tcpdump's test pcaps and .out files: `$TCPSLEUTH_TCPDUMP_PEERS`, else
/// `<shared>/peers/tcpdump` (None after a SKIPPED line when absent).
fn peers_dir() -> Option<PathBuf> {
    match std::env::var_os("TCPSLEUTH_TCPDUMP_PEERS") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => shared("peers/tcpdump/MANIFEST.tsv")?.parent().map(Path::to_path_buf),
    }
}

fn manifest(dir: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("read MANIFEST.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("name\t") && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Row {
                name: f[0].into(),
                pcap: f[1].into(),
                expected: f[2].into(),
                options: f.get(3).copied().unwrap_or("").into(),
            }
        })
        .collect()
}

/// The command line tcpdump's TESTrun would use for this row.
fn args(dir: &Path, row: &Row) -> Vec<String> {
    let mut a: Vec<String> = vec![
        "packets".into(),
        "-#".into(),
        "-n".into(),
        "-r".into(),
        dir.join(&row.pcap).display().to_string(),
    ];
    let opts: Vec<&str> = row.options.split_whitespace().collect();
    if !opts.contains(&"SPECIAL_t") {
        a.push("-tttt".into());
    }
    a.extend(
        opts.iter()
            .filter(|o| **o != "SPECIAL_t")
            .map(|o| o.to_string()),
    );
    a
}

fn first_difference(expected: &[u8], got: &[u8]) -> String {
    let e: Vec<&[u8]> = expected.split(|b| *b == b'\n').collect();
    let g: Vec<&[u8]> = got.split(|b| *b == b'\n').collect();
    for i in 0..e.len().max(g.len()) {
        let (x, y) = (e.get(i), g.get(i));
        if x != y {
            let show = |l: Option<&&[u8]>| {
                l.map(|l| String::from_utf8_lossy(&l[..l.len().min(160)]).into_owned())
                    .unwrap_or_else(|| "<none>".into())
            };
            return format!("line {}: expected `{}` got `{}`", i + 1, show(x), show(y));
        }
    }
    String::new()
}

#[test]
fn tcpdump_test_suite_outputs_are_reproduced() {
    let Some(dir) = peers_dir() else { return };
    let rows = manifest(&dir);
    let (mut identical, mut in_scope, mut in_scope_identical) = (0usize, 0usize, 0usize);
    let mut regressions = Vec::new();
    println!("{:<32} {:<9} first difference", "test", "identical");
    for row in &rows {
        let out = tcpsleuth()
            .args(args(&dir, row))
            .env("TZ", "GMT0")
            .output()
            .expect("run tcpsleuth");
        let expected = std::fs::read(dir.join(&row.expected)).expect("read expected output");
        let same = out.stdout == expected && out.status.success();
        let skipped = SKIPPED.iter().find(|(n, _)| *n == row.name);
        let known = KNOWN_DIFFERENCES.iter().find(|(n, _)| *n == row.name);
        if same {
            identical += 1;
        }
        if skipped.is_none() {
            in_scope += 1;
            if same {
                in_scope_identical += 1;
            } else if known.is_none() {
                regressions.push(row.name.clone());
            }
        }
        let diff = if same {
            String::new()
        } else if !out.status.success() {
            format!(
                "exit {:?}: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .next()
                    .unwrap_or("")
            )
        } else {
            first_difference(&expected, &out.stdout)
        };
        let note = match (skipped, known) {
            (Some((_, r)), _) => format!("[skipped: {r}] "),
            (None, Some((_, r))) if !same => format!("[known: {r}] "),
            _ => String::new(),
        };
        println!(
            "{:<32} {:<9} {note}{diff}",
            row.name,
            if same { "yes" } else { "no" }
        );
    }
    println!();
    println!(
        "identical: {identical} of {} ({} %)",
        rows.len(),
        identical * 100 / rows.len().max(1)
    );
    println!(
        "in scope: {in_scope_identical} of {in_scope} identical; skipped {}:",
        SKIPPED.len()
    );
    for (n, r) in SKIPPED {
        println!("  {n}: {r}");
    }
    assert!(
        regressions.is_empty(),
        "in-scope tests not identical (and not documented as known differences): {regressions:?}"
    );
    assert!(
        identical >= FLOOR,
        "only {identical} tcpdump tests identical, floor is {FLOOR}"
    );
}
