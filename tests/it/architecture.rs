//! The pipeline flows one way (ARCHITECTURE.md): this test reads the sources
//! and fails when a stage imports a stage it must not depend on.

use std::fs;
use std::path::{Path, PathBuf};

/// Stage → stages it may import (besides itself).
const ALLOWED: &[(&str, &[&str])] = &[
    ("time", &[]),
    ("names", &["wire"]),
    ("wire", &["time"]),
    ("capture", &["time"]),
    ("filter", &["wire"]),
    ("host", &["wire", "time"]),
    ("flow", &["wire", "time"]),
    ("analysis", &["flow", "wire", "names", "time", "host"]),
    ("output", &["analysis", "flow", "wire", "names", "time", "capture", "filter", "host"]),
    ("cli", &["output", "analysis", "flow", "wire", "names", "time", "capture", "filter", "host"]),
];

const STAGES: &[&str] = &["time", "names", "wire", "capture", "filter", "host", "flow", "analysis", "output", "cli"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn imports(line: &str, stage: &str) -> bool {
    line.contains(&format!("crate::{stage}::"))
        || line.contains(&format!("crate::{stage};"))
        || line.contains(&format!("crate::{{{stage}"))
        || line.contains(&format!("super::super::{stage}"))
}

#[test]
fn no_stage_imports_against_the_flow() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for (stage, allowed) in ALLOWED {
        let mut files = Vec::new();
        let dir = src.join(stage);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        } else {
            files.push(src.join(format!("{stage}.rs")));
        }
        for f in files {
            let Ok(text) = fs::read_to_string(&f) else { continue };
            for (n, line) in text.lines().enumerate() {
                for other in STAGES.iter().filter(|o| *o != stage && !allowed.contains(o)) {
                    if imports(line, other) {
                        violations.push(format!("{}:{}: {stage} imports {other}", f.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(violations.is_empty(), "imports against the pipeline:\n{}", violations.join("\n"));
}
