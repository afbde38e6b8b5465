//! `conns --watch` as a user sees it: the screen runs in a detached tmux
//! session of fixed size; the tests read the pane and type keys. Every wait
//! polls the pane for what the user would wait for, up to a deadline.
//!
//! Needs tmux (and, for the live test, root and `ip`); without them each test
//! prints one SKIPPED line and passes, and fails under CI=true (.ci/run
//! installs tmux).
#![cfg(target_os = "linux")]

use crate::support::{in_ci, is_root, repo_path, skip};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = crate::support::bin();
const DEADLINE: Duration = Duration::from_secs(30);

/// A detached tmux session running one shell command; killed on drop.
struct Session {
    name: String,
}

impl Session {
    fn start(tag: &str, command: &str) -> Session {
        let name = format!("tsw{}{tag}", std::process::id());
        let ok = Command::new("tmux")
            .args(["new-session", "-d", "-s", &name, "-x", "160", "-y", "40", command])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "tmux new-session failed");
        Session { name }
    }

    fn pane(&self) -> String {
        let out = Command::new("tmux").args(["capture-pane", "-p", "-t", &self.name]).output();
        out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default()
    }

    /// The pane once it shows `what`.
    fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let pane = self.pane();
            if pane.contains(what) {
                return pane;
            }
            assert!(start.elapsed() < DEADLINE, "waited {DEADLINE:?} for {what:?}; the pane shows:\n{pane}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &str) {
        let _ = Command::new("tmux").args(["send-keys", "-t", &self.name, keys]).status();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["kill-session", "-t", &self.name]).status();
    }
}

/// True when tmux runs; otherwise one SKIPPED line (a failure under CI=true).
fn have_tmux() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    assert!(!in_ci(), "SKIPPED: needs tmux (CI=true: .ci/run installs it)");
    skip("needs tmux");
    false
}

/// After the program: its exit code, then whether the terminal is back in
/// line mode (`icanon`, not raw mode's `-icanon`), then a pause so the pane stays.
const AFTER: &str = "echo EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -x -- '-\\{0,1\\}icanon'; sleep 60";

#[test]
fn the_watch_screen_shows_the_captures_connections_failures_included() {
    if !have_tmux() {
        return;
    }
    let sample = repo_path("samples/sample.pcap");
    let s = Session::start("file", &format!("{BIN} conns --watch -n -r {}; {AFTER}", sample.display()));
    let pane = s.wait_for("end of capture");
    let rows = |state: &str| pane.lines().filter(|l| l.split_whitespace().any(|w| w == state)).count();
    assert!(
        pane.contains("230 packets") && pane.contains("CLIENT-STATE") && rows("REJ") > 0 && rows("S0") == 1,
        "{pane}"
    );
}

#[test]
fn q_quits_the_watch_screen_with_exit_0_and_gives_the_terminal_back() {
    if !have_tmux() {
        return;
    }
    let sample = repo_path("samples/sample.pcap");
    let s = Session::start("quit", &format!("{BIN} conns --watch -r {}; {AFTER}", sample.display()));
    s.wait_for("end of capture");
    s.keys("q");
    let pane = s.wait_for("icanon");
    let lines: Vec<&str> = pane.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    // The table was on the alternate screen: after it, only the shell's lines remain.
    assert_eq!(lines, ["EXIT=0", "icanon"], "{pane}");
}

/// A namespace with only `lo` up; deleted on drop.
struct Netns(String);

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}

#[test]
fn a_live_watch_shows_packets_as_they_cross_the_interface() {
    if !have_tmux() {
        return;
    }
    if !is_root() {
        assert!(!in_ci(), "SKIPPED: needs root for a network namespace");
        return skip("needs root for a network namespace");
    }
    let ns = Netns(format!("tsw{}live", std::process::id()));
    let made = Command::new("ip").args(["netns", "add", &ns.0]).status().is_ok_and(|s| s.success())
        && Command::new("ip").args(["-n", &ns.0, "link", "set", "lo", "up"]).status().is_ok_and(|s| s.success());
    assert!(made, "ip netns add {} failed", ns.0);
    let s = Session::start("live", &format!("ip netns exec {} {BIN} conns --watch -i lo; {AFTER}", ns.0));
    // The capture is open before the screen first draws: the title is the readiness signal.
    s.wait_for("0 packets");
    let ping = Command::new("ip").args(["netns", "exec", &ns.0, "ping", "-c", "2", "-i", "0.2", "-W", "1", "127.0.0.1"]).output();
    assert!(ping.is_ok_and(|o| o.status.success()), "ping in the namespace failed");
    let pane = s.wait_for("4 packets");
    assert!(pane.lines().any(|l| l.contains("icmp") && l.contains("127.0.0.1")), "{pane}");
    s.keys("C-c");
    let pane = s.wait_for("EXIT=");
    assert!(pane.contains("EXIT=0"), "{pane}");
}
