//! What every suite of the integration binary shares: running the built
//! binary, finding the peer data beside the repository, and the capture
//! builders.

pub mod capture;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (where Cargo.toml is).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file or folder inside the repository, e.g. `repo_path("tests/corrupt")`.
pub fn repo_path(rel: &str) -> PathBuf {
    repo().join(rel)
}

// ---------------------------------------------------------------- the binary

/// The built `tcpsleuth` binary, ready for arguments.
pub fn tcpsleuth() -> Command {
    Command::new(bin())
}

/// Path of the built `tcpsleuth` binary (for wrappers such as `ip netns exec`).
pub const fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_tcpsleuth")
}

/// What one run of the binary left behind.
#[derive(Debug)]
pub struct Out {
    /// Exit code; -1 when killed by a signal.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// The stdout lines that parse as JSON.
    pub fn json(&self) -> Vec<serde_json::Value> {
        self.stdout.lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
    }
}

/// Runs `tcpsleuth ARGS` to completion and collects its output.
pub fn run<I, S>(args: I) -> Out
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    output(tcpsleuth().args(args))
}

/// Runs a prepared command (e.g. [`tcpsleuth`] with its environment set)
/// to completion and collects its output.
pub fn output(cmd: &mut Command) -> Out {
    let out = cmd.output().expect("run the command");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

// ---------------------------------------------------------------- peer data

/// Where the peer data lives: `$TCPSLEUTH_SHARED`, else `../shared` beside
/// the repository root. It may not exist.
pub fn shared_root() -> PathBuf {
    match std::env::var_os("TCPSLEUTH_SHARED") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => repo().join("../shared"),
    }
}

/// `<shared>/<what>` when it exists. Otherwise prints one line
/// `SKIPPED: <test>: needs ../shared/<what>` and returns None, so the test
/// returns early, except under `CI=true`, where missing data fails the test.
pub fn shared(what: &str) -> Option<PathBuf> {
    let p = shared_root().join(what);
    if p.exists() {
        return Some(p);
    }
    let line = format!("SKIPPED: {}: needs ../shared/{what}", test_name());
    assert!(!in_ci(), "{line} (CI=true: the peer data must be present)");
    eprintln!("{line}");
    None
}

/// Every `<shared>/<what>` when all exist; otherwise one SKIPPED line naming
/// the first that is missing, as [`shared`].
pub fn shared_each(whats: &[&str]) -> Option<Vec<PathBuf>> {
    whats.iter().map(|w| shared(w)).collect()
}

/// A lab capture `<shared>/scenarios/<file>` as a command-line argument,
/// or None after a SKIPPED line (see [`shared`]).
pub fn scenario(file: &str) -> Option<String> {
    shared(&format!("scenarios/{file}")).map(|p| p.display().to_string())
}

/// A capture from the benchmark generator (`<shared>/bench/gen_capture.py
/// --seed 1`), written to the temp dir; None after a SKIPPED line when the
/// generator or python3 is missing or fails. The caller removes the file.
pub fn bench_capture(packets: u32, flows: u32) -> Option<PathBuf> {
    let gen = shared("bench/gen_capture.py")?;
    let out = scratch(&format!("bench-{packets}-{flows}-{}.pcap", unique()));
    let status = Command::new("python3")
        .arg(&gen)
        .args(["--packets", &packets.to_string(), "--flows", &flows.to_string()])
        .args(["--seed", "1", "-q", "-o"])
        .arg(&out)
        .status();
    if status.is_ok_and(|s| s.success()) {
        return Some(out);
    }
    let line = format!("SKIPPED: {}: python3 {} did not run", test_name(), gen.display());
    assert!(!in_ci(), "{line}");
    eprintln!("{line}");
    None
}

/// A number no other call in this process returns (for scratch names).
pub fn unique() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Prints one line `SKIPPED: <test>: <why>` for a missing tool or privilege.
pub fn skip(why: &str) {
    eprintln!("SKIPPED: {}: {why}", test_name());
}

/// True when `program` runs; otherwise one SKIPPED line naming it, and a
/// failure under `CI=true` (`.ci/run` installs tcpdump, tshark and python3).
pub fn tool(program: &str) -> bool {
    if have_tool(program) {
        return true;
    }
    let line = format!("SKIPPED: {}: needs {program}", test_name());
    assert!(!in_ci(), "{line} (CI=true: .ci/run installs it)");
    eprintln!("{line}");
    false
}

/// True when `program --version` runs (tcpdump, tshark, python3, ...).
pub fn have_tool(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// True under CI (env CI=true), where every suite must really run.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The running test's name (libtest names each test's thread after it).
fn test_name() -> String {
    std::thread::current().name().unwrap_or("test").to_string()
}

/// A fresh scratch file name under cargo's target/tmp, unique to this call.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let _ = std::fs::create_dir_all(dir);
    dir.join(format!("it-{}-{}-{name}", std::process::id(), unique()))
}

/// A fresh, empty scratch directory under cargo's target/tmp.
pub fn scratch_dir(name: &str) -> PathBuf {
    let d = scratch(name);
    std::fs::create_dir_all(&d).expect("create scratch dir");
    d
}

/// The README's sample capture, as a command-line argument.
pub fn sample() -> String {
    arg(&repo_path("samples/sample.pcap"))
}

/// A path as a command-line argument (lossy for non-UTF-8 names).
pub fn arg(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// True when `program` is on PATH (for programs without `--version`,
/// e.g. chromium, which would start a browser).
pub fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).map(|d| d.join(program)).find(|p| p.is_file())
}

/// Prints one line `SKIPPED: <test>: <why>` for a missing tool or privilege
/// that `.ci/run` provides, and fails instead under `CI=true`.
pub fn missing(why: &str) {
    let line = format!("SKIPPED: {}: {why}", test_name());
    assert!(!in_ci(), "{line} (CI=true: it must be available)");
    eprintln!("{line}");
}

/// True when the process runs with effective user id 0 (network namespaces,
/// raw sockets).
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(2) == Some("0")))
        .unwrap_or(false)
}
