//! `tcpsleuth sockets` against `ss -tuanp` in a network namespace made for the
//! run (name tsk-PID-…, removed by a drop guard): a helper holds TCP sockets
//! in every state (tests/sockets/hold_states.py, iptables rules in that
//! namespace hold each one) and both tools read the namespace back to back.
//!
//! Needs root, `ip`, `iptables`, `ss` and python3: otherwise one SKIPPED line,
//! and a failure when CI=true.
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};
use tcpsleuth::flow::kernel::TcpState;

use crate::support::{bin, is_root, missing, repo_path};

/// A namespace with loopback up; deleted (with its iptables rules) on drop.
struct Netns(String);

impl Netns {
    fn new(tag: &str) -> Result<Netns, String> {
        if !is_root() {
            return Err("not running as root".into());
        }
        for tool in ["ip", "iptables", "ss", "python3"] {
            if Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().map_or(true, |o| !o.status.success()) {
                return Err(format!("{tool} is not installed"));
            }
        }
        let ns = Netns(format!("tsk-{}-{tag}", std::process::id()));
        run("ip", &["netns", "add", &ns.0])?;
        run("ip", &["-n", &ns.0, "link", "set", "lo", "up"])?;
        Ok(ns)
    }

    /// `cmd args…` inside the namespace.
    fn exec(&self, cmd: &str, args: &[&str]) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.0, cmd]).args(args);
        c
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}

fn run(cmd: &str, args: &[&str]) -> Result<(), String> {
    let o = Command::new(cmd).args(args).output().map_err(|e| format!("{cmd}: {e}"))?;
    if o.status.success() {
        Ok(())
    } else {
        Err(format!("{cmd} {args:?}: {}", String::from_utf8_lossy(&o.stderr)))
    }
}

/// The helper holding the sockets; its stdin closing releases them.
struct Holder {
    child: Child,
    _stdin: ChildStdin,
    closing: bool,
}

impl Drop for Holder {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn hold_states(ns: &Netns) -> Holder {
    let script = repo_path("tests/sockets/hold_states.py");
    let mut child = ns
        .exec("python3", &[script.to_str().expect("utf-8 path")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 starts");
    let stdin = child.stdin.take().expect("stdin");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("ready line");
    let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("helper said {line:?}"));
    assert_eq!(v["ready"], true, "helper: {line}");
    Holder { child, _stdin: stdin, closing: v["closing"] == true }
}

/// One row as both tools are compared: (netid, local, peer) → the other fields.
type Rows = BTreeMap<(String, String, String), Fields>;

#[derive(Clone, Debug, PartialEq, Eq)]
struct Fields {
    state: String,
    recv_q: String,
    send_q: String,
    process: String,
}

/// `127.0.0.1:80`, `[::1]:80`, `*:*`, `0.0.0.0%lo:53` → `127.0.0.1:80`, `::1:80`, `*:*`, `*:53`.
fn norm_endpoint(e: &str) -> String {
    let (host, port) = e.rsplit_once(':').unwrap_or((e, "*"));
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let host = host.split('%').next().unwrap_or(host);
    let host = if matches!(host, "0.0.0.0" | "::" | "*") { "*" } else { host };
    let port = if port == "0" { "*" } else { port };
    format!("{host}:{port}")
}

/// netstat name for either spelling; UDP's UNCONN stays.
fn norm_state(s: &str) -> String {
    if s == "UNCONN" {
        return s.into();
    }
    TcpState::parse(s).map_or(s.to_string(), |t| t.netstat_name().to_string())
}

/// `users:(("python3",pid=12,fd=3),…)` → `python3/12/3,…` sorted.
fn norm_users(s: &str) -> String {
    let mut v: Vec<String> = s
        .split("((")
        .flat_map(|p| p.split("),("))
        .filter_map(|u| {
            let u = u.trim_start_matches("users:(").trim_end_matches("))").trim_start_matches('(');
            let mut f = u.split(',');
            let name = f.next()?.trim_matches('"').to_string();
            let pid = f.next()?.strip_prefix("pid=")?.to_string();
            let fd = f.next()?.strip_prefix("fd=")?.trim_end_matches(')').to_string();
            Some(format!("{name}/{pid}/{fd}"))
        })
        .collect();
    v.sort();
    v.join(",")
}

fn ss_rows(ns: &Netns) -> Rows {
    let o = ns.exec("ss", &["-tuanpH"]).output().expect("ss runs");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let key = (f.first()?.to_string(), norm_endpoint(f.get(4)?), norm_endpoint(f.get(5)?));
            let fields = Fields {
                state: norm_state(f.get(1)?),
                recv_q: f.get(2)?.to_string(),
                send_q: f.get(3)?.to_string(),
                process: f.get(6).map_or(String::new(), |u| norm_users(u)),
            };
            Some((key, fields))
        })
        .collect()
}

fn our_rows(ns: &Netns) -> Rows {
    let o = Command::new(bin()).args(["sockets", "--netns", &ns.0, "--format", "json"]).output().expect("tcpsleuth runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let ep = |a: &serde_json::Value, p: &serde_json::Value| {
        let a = a.as_str().unwrap_or("");
        norm_endpoint(&format!("{a}:{p}"))
    };
    v["sockets"]
        .as_array()
        .expect("sockets")
        .iter()
        .map(|s| {
            let mut procs: Vec<String> = s["processes"]
                .as_array()
                .expect("processes")
                .iter()
                .map(|p| format!("{}/{}/{}", p["name"].as_str().unwrap_or(""), p["pid"], p["fd"]))
                .collect();
            procs.sort();
            let key = (
                s["proto"].as_str().unwrap_or("").to_string(),
                ep(&s["local_addr"], &s["local_port"]),
                ep(&s["peer_addr"], &s["peer_port"]),
            );
            let fields = Fields {
                state: s["state"].as_str().unwrap_or("").to_string(),
                recv_q: s["recv_q"].to_string(),
                send_q: s["send_q"].to_string(),
                process: procs.join(","),
            };
            (key, fields)
        })
        .collect()
}

/// Waits (bounded) until ss shows every wanted state in the namespace.
fn wait_for_states(ns: &Netns, want: &[&str]) -> Result<(), String> {
    let end = Instant::now() + Duration::from_secs(20);
    loop {
        let have: Vec<String> = ss_rows(ns).values().map(|f| f.state.clone()).collect();
        let missing: Vec<&&str> = want.iter().filter(|w| !have.iter().any(|h| h == *w)).collect();
        if missing.is_empty() {
            return Ok(());
        }
        if Instant::now() > end {
            return Err(format!("states never appeared: {missing:?}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Prints one line per state: sockets, and how many agreed on each field.
fn agreement_table(ss: &Rows, ours: &Rows) {
    let mut t: BTreeMap<String, [usize; 6]> = BTreeMap::new();
    for (k, f) in ss {
        let row = t.entry(f.state.clone()).or_default();
        row[0] += 1;
        if let Some(o) = ours.get(k) {
            row[1] += 1;
            row[2] += usize::from(o.state == f.state);
            row[3] += usize::from(o.recv_q == f.recv_q);
            row[4] += usize::from(o.send_q == f.send_q);
            row[5] += usize::from(o.process == f.process);
        }
    }
    println!("{:<12} {:>5} {:>9} {:>5} {:>6} {:>6} {:>7}", "state", "ss", "addresses", "state", "recv-q", "send-q", "process");
    for (s, r) in t {
        println!("{s:<12} {:>5} {:>9} {:>5} {:>6} {:>6} {:>7}", r[0], r[1], r[2], r[3], r[4], r[5]);
    }
}

#[test]
fn sockets_in_every_state_agree_with_ss_field_by_field() {
    let ns = match Netns::new("st") {
        Ok(ns) => ns,
        Err(why) => return missing(&why),
    };
    let holder = hold_states(&ns);
    let mut want = vec![
        "LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "CLOSE_WAIT", "LAST_ACK",
        "TIME_WAIT", "UNCONN",
    ];
    if holder.closing {
        want.push("CLOSING");
    }
    wait_for_states(&ns, &want).expect("the helper's states");
    // Back to back; a state held by a drop rule does not move in between, but a
    // timer could: compare up to three snapshot pairs.
    let mut last = None;
    for _ in 0..3 {
        let ss = ss_rows(&ns);
        let ours = our_rows(&ns);
        if ss == ours {
            agreement_table(&ss, &ours);
            return;
        }
        last = Some((ss, ours));
    }
    let (ss, ours) = last.expect("compared");
    agreement_table(&ss, &ours);
    panic!("tcpsleuth sockets differs from ss -tuanp:\nss:   {ss:#?}\nours: {ours:#?}");
}

#[test]
fn explain_names_the_cause_of_each_waiting_state() {
    let ns = match Netns::new("ex") {
        Ok(ns) => ns,
        Err(why) => return missing(&why),
    };
    let _holder = hold_states(&ns);
    wait_for_states(&ns, &["SYN_RECV", "TIME_WAIT", "FIN_WAIT2", "CLOSE_WAIT"]).expect("states");
    let o = Command::new(bin()).args(["sockets", "--netns", &ns.0, "--explain"]).output().expect("runs");
    let text = String::from_utf8_lossy(&o.stdout);
    for phrase in [
        "the application does not close",
        "no answer from the peer",
        "the final ACK is missing",
        "short connections from this side",
        "the peer does not close",
    ] {
        assert!(text.contains(phrase), "--explain lacks {phrase:?}:\n{text}");
    }
    assert!(text.lines().any(|l| l.starts_with("TCP: ") && l.contains("CLOSE_WAIT 1")), "{text}");
}

#[test]
fn the_proc_net_fallback_lists_the_same_established_sockets() {
    let ns = match Netns::new("pn") {
        Ok(ns) => ns,
        Err(why) => return missing(&why),
    };
    let _holder = hold_states(&ns);
    wait_for_states(&ns, &["ESTABLISHED", "LISTEN"]).expect("states");
    let list = |extra: &[&str]| {
        let mut args = vec!["sockets", "--netns", &ns.0, "--format", "csv", "--state", "established", "-t"];
        args.extend_from_slice(extra);
        let o = Command::new(bin()).args(&args).output().expect("runs");
        let t = String::from_utf8_lossy(&o.stdout).to_string();
        let mut rows: Vec<String> = t.lines().skip(1).map(|l| l.split(',').take(10).collect::<Vec<_>>().join(",")).collect();
        rows.sort();
        rows
    };
    assert_eq!(list(&["--procnet"]), list(&[]));
}
