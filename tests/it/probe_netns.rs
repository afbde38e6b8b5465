//! `tcpsleuth probe` through a router namespace whose firewall treats each
//! port differently, in three namespaces made for the run (tsk-PID-…,
//! removed by a drop guard):
//!
//!   [client] 10.231.1.10 ── 10.231.1.1 [router] 10.231.2.1 ── 10.231.2.20 [server]
//!
//! 8080 open (a listener), 8081 closed (no listener), 8082 dropped by the
//! router, 8083 rejected with ICMP admin-prohibited, 8084 rejected with a
//! forged RST (REJECT --reject-with tcp-reset), 8085 rejected with ICMP port
//! unreachable. Needs root, ip, iptables, python3: else one SKIPPED line
//! (a failure under CI=true).
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_tcpsleuth");
const SERVER: &str = "10.231.2.20";
const ROUTER_CLIENT_SIDE: &str = "10.231.1.1";

struct Lab {
    client: String,
    router: String,
    server: String,
    listener: Option<Child>,
}

impl Drop for Lab {
    fn drop(&mut self) {
        if let Some(mut c) = self.listener.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        for ns in [&self.client, &self.router, &self.server] {
            let _ = Command::new("ip").args(["netns", "del", ns]).status();
        }
    }
}

fn sh(args: &[&str]) -> Result<(), String> {
    let o = Command::new(args[0]).args(&args[1..]).output().map_err(|e| format!("{}: {e}", args[0]))?;
    if o.status.success() {
        Ok(())
    } else {
        Err(format!("{args:?}: {}", String::from_utf8_lossy(&o.stderr)))
    }
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| s.lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

fn skip(test: &str, why: &str) {
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{test}: cannot run under CI: {why}");
    println!("SKIPPED: {test}: {why}");
}

impl Lab {
    fn new(tag: &str) -> Result<Lab, String> {
        if !is_root() {
            return Err("not running as root".into());
        }
        for tool in ["ip", "iptables", "python3"] {
            if Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().map_or(true, |o| !o.status.success()) {
                return Err(format!("{tool} is not installed"));
            }
        }
        let p = format!("tsk-{}-{tag}", std::process::id());
        let lab = Lab { client: format!("{p}c"), router: format!("{p}r"), server: format!("{p}s"), listener: None };
        let (c, r, s) = (lab.client.as_str(), lab.router.as_str(), lab.server.as_str());
        let (vc, vrc, vrs, vs) = (format!("{p}a"), format!("{p}b"), format!("{p}d"), format!("{p}e"));
        for ns in [c, r, s] {
            sh(&["ip", "netns", "add", ns])?;
            sh(&["ip", "-n", ns, "link", "set", "lo", "up"])?;
        }
        sh(&["ip", "link", "add", &vc, "netns", c, "type", "veth", "peer", "name", &vrc, "netns", r])?;
        sh(&["ip", "link", "add", &vs, "netns", s, "type", "veth", "peer", "name", &vrs, "netns", r])?;
        for (ns, dev, addr) in [(c, &vc, "10.231.1.10/24"), (r, &vrc, "10.231.1.1/24"), (r, &vrs, "10.231.2.1/24"), (s, &vs, "10.231.2.20/24")] {
            sh(&["ip", "-n", ns, "addr", "add", addr, "dev", dev])?;
            sh(&["ip", "-n", ns, "link", "set", dev, "up"])?;
        }
        sh(&["ip", "-n", c, "route", "add", "10.231.2.0/24", "via", "10.231.1.1"])?;
        sh(&["ip", "-n", s, "route", "add", "10.231.1.0/24", "via", "10.231.2.1"])?;
        sh(&["ip", "netns", "exec", r, "sysctl", "-qw", "net.ipv4.ip_forward=1"])?;
        let rule = |port: &str, target: &[&str]| -> Result<(), String> {
            let mut a = vec!["ip", "netns", "exec", r, "iptables", "-A", "FORWARD", "-p", "tcp", "--dport", port, "-j"];
            a.extend_from_slice(target);
            sh(&a)
        };
        rule("8082", &["DROP"])?;
        rule("8083", &["REJECT", "--reject-with", "icmp-admin-prohibited"])?;
        rule("8084", &["REJECT", "--reject-with", "tcp-reset"])?;
        rule("8085", &["REJECT", "--reject-with", "icmp-port-unreachable"])?;
        Ok(lab)
    }

    /// A listener on the server's 8080; returns once it listens.
    fn listen(&mut self) {
        let code = "import socket,sys\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n\
                    s.bind(('0.0.0.0',8080))\ns.listen(16)\nprint('listening',flush=True)\nsys.stdin.read()";
        let mut child = Command::new("ip")
            .args(["netns", "exec", &self.server, "python3", "-c", code])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("line");
        assert_eq!(line.trim(), "listening");
        self.listener = Some(child);
    }

    fn probe(&self, extra: &[&str]) -> Output {
        let target = format!("{SERVER}:8080-8085");
        let mut args = vec!["netns", "exec", &self.client, BIN, "probe", &target, "--timeout", "0.5", "--tries", "2", "--format", "json"];
        args.extend_from_slice(extra);
        Command::new("ip").args(&args).output().expect("probe runs")
    }
}

/// The JSON verdict of `port`.
fn verdict(out: &Output, port: u16) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("JSON: {}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)));
    v["probes"].as_array().expect("probes").iter().find(|p| p["port"] == port).cloned().expect("port probed")
}

fn packets(v: &serde_json::Value) -> String {
    v["packets"].as_array().map(|a| a.iter().filter_map(|l| l.as_str()).collect::<Vec<_>>().join("\n")).unwrap_or_default()
}

fn check_five_kinds(out: &Output) {
    assert_eq!(out.status.code(), Some(1), "not every port is open: exit 1");
    let open = verdict(out, 8080);
    assert_eq!(open["verdict"], "open", "{open:#}");
    assert!(packets(&open).contains("Flags [S.]"), "{open:#}");

    let closed = verdict(out, 8081);
    assert_eq!((closed["verdict"].as_str(), closed["ttl"].as_u64()), (Some("closed"), Some(63)), "{closed:#}");
    assert!(packets(&closed).contains("Flags [R.]"), "{closed:#}");

    let dropped = verdict(out, 8082);
    assert_eq!((dropped["verdict"].as_str(), dropped["syns"].as_u64()), (Some("filtered"), Some(2)), "{dropped:#}");
    assert!(dropped["explanation"].as_str().unwrap_or("").contains("SYN sent 2 times, no answer"), "{dropped:#}");
    assert_eq!(packets(&dropped).matches("Flags [S]").count(), 2, "{dropped:#}");

    let admin = verdict(out, 8083);
    assert_eq!(admin["verdict"], "rejected", "{admin:#}");
    assert_eq!(
        (admin["icmp"]["from"].as_str(), admin["icmp"]["type"].as_u64(), admin["icmp"]["code"].as_u64()),
        (Some(ROUTER_CLIENT_SIDE), Some(3), Some(13)),
        "{admin:#}"
    );

    let forged = verdict(out, 8084);
    assert_eq!((forged["verdict"].as_str(), forged["ttl"].as_u64()), (Some("closed"), Some(64)), "{forged:#}");
    assert!(forged["notes"].to_string().contains("forged"), "{forged:#}");

    let unreach = verdict(out, 8085);
    assert_eq!((unreach["verdict"].as_str(), unreach["icmp"]["code"].as_u64()), (Some("rejected"), Some(3)), "{unreach:#}");
}

#[test]
fn connect_probes_of_five_kinds_of_port_get_verdict_and_evidence() {
    let mut lab = match Lab::new("pc") {
        Ok(l) => l,
        Err(why) => return skip("connect_probes_of_five_kinds_of_port_get_verdict_and_evidence", &why),
    };
    lab.listen();
    check_five_kinds(&lab.probe(&[]));
}

#[test]
fn raw_syn_probes_of_five_kinds_of_port_get_verdict_and_evidence() {
    let mut lab = match Lab::new("ps") {
        Ok(l) => l,
        Err(why) => return skip("raw_syn_probes_of_five_kinds_of_port_get_verdict_and_evidence", &why),
    };
    lab.listen();
    check_five_kinds(&lab.probe(&["--syn"]));
}

#[test]
fn only_open_ports_exit_zero() {
    let mut lab = match Lab::new("po") {
        Ok(l) => l,
        Err(why) => return skip("only_open_ports_exit_zero", &why),
    };
    lab.listen();
    let out = Command::new("ip")
        .args(["netns", "exec", &lab.client, BIN, "probe", &format!("{SERVER}:8080")])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("open"), "{text}");
}

#[test]
fn a_host_range_without_the_flag_is_a_usage_error() {
    let out = Command::new(BIN).args(["probe", "10.0.0.0/30:22"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--hosts"));
}
