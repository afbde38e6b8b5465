//! Live capture (`-i IFACE`) with the real binary on a veth pair between two
//! network namespaces made for each run (names carry the pid, so parallel
//! runs do not collide; a drop guard deletes them whatever happens).
//!
//! The namespace tests need root and `ip`; without them they print why and
//! pass. The error-message tests run anywhere on Linux.
#![cfg(target_os = "linux")]

use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tcpsleuth");
/// Addresses of the two veth ends (each end alone in its namespace).
const ADDR_A: &str = "10.203.0.1";
const ADDR_B: &str = "10.203.0.2";

/// Two namespaces joined by a veth pair; deleted on drop.
struct Lab {
    ns_a: String,
    ns_b: String,
    veth_a: String,
}

impl Lab {
    /// Builds the pair, or says why it cannot (not root, no `ip`, no netns support).
    fn new(tag: &str) -> Result<Lab, String> {
        if !is_root() {
            return Err("not running as root".into());
        }
        let pid = std::process::id();
        let lab = Lab {
            ns_a: format!("tsl{pid}{tag}a"),
            ns_b: format!("tsl{pid}{tag}b"),
            veth_a: format!("tsv{pid}{tag}a"),
        };
        let veth_b = format!("tsv{pid}{tag}b");
        // The guard exists before the first namespace, so a failure half-way still cleans up.
        let steps: Vec<Vec<&str>> = vec![
            vec!["netns", "add", &lab.ns_a],
            vec!["netns", "add", &lab.ns_b],
            vec![
                "link",
                "add",
                &lab.veth_a,
                "netns",
                &lab.ns_a,
                "type",
                "veth",
                "peer",
                "name",
                &veth_b,
                "netns",
                &lab.ns_b,
            ],
            vec![
                "-n",
                &lab.ns_a,
                "addr",
                "add",
                "10.203.0.1/24",
                "dev",
                &lab.veth_a,
            ],
            vec![
                "-n",
                &lab.ns_b,
                "addr",
                "add",
                "10.203.0.2/24",
                "dev",
                &veth_b,
            ],
            vec!["-n", &lab.ns_a, "link", "set", &lab.veth_a, "up"],
            vec!["-n", &lab.ns_b, "link", "set", &veth_b, "up"],
            vec!["-n", &lab.ns_a, "link", "set", "lo", "up"],
            vec!["-n", &lab.ns_b, "link", "set", "lo", "up"],
        ];
        for (i, args) in steps.into_iter().enumerate() {
            if i == 2 {
                // No IPv6 on the new links: router/neighbour solicitations would crowd out the test's packets.
                for ns in [&lab.ns_a, &lab.ns_b] {
                    let _ = Lab::exec(ns, "sysctl")
                        .args(["-qw", "net.ipv6.conf.default.disable_ipv6=1"])
                        .output();
                }
            }
            let out = Command::new("ip")
                .args(&args)
                .output()
                .map_err(|e| format!("cannot run ip: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "ip {}: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr).trim()
                ));
            }
        }
        Ok(lab)
    }

    /// A command run inside namespace `ns`.
    fn exec(ns: &str, program: &str) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", ns, program]);
        c
    }

    /// tcpsleuth with `args`, capturing on the veth end in namespace A.
    fn capture(&self, args: &[&str]) -> Child {
        Lab::exec(&self.ns_a, BIN)
            .args(args)
            .args(["-i", &self.veth_a])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn tcpsleuth")
    }

    /// One ping from A to B (quietly; a lost one is fine).
    fn ping(&self) {
        let _ = Lab::exec(&self.ns_a, "ping")
            .args(["-c", "1", "-W", "1", ADDR_B])
            .output();
    }

    /// One TCP connection attempt from A to a closed port of B (refused with a RST).
    fn connect_closed(&self, port: u16) {
        let script = format!("exec 3<>/dev/tcp/{ADDR_B}/{port}");
        let _ = Lab::exec(&self.ns_a, "bash")
            .args(["-c", &script])
            .stderr(Stdio::null())
            .output();
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        // Deleting a namespace deletes the veth end inside it (and so its peer).
        for ns in [&self.ns_a, &self.ns_b] {
            let _ = Command::new("ip")
                .args(["netns", "del", ns])
                .stderr(Stdio::null())
                .status();
        }
    }
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(2) == Some("0"))
        })
        .unwrap_or(false)
}

/// Builds the lab or prints why the test is skipped.
macro_rules! lab_or_skip {
    ($tag:expr) => {
        match Lab::new($tag) {
            Ok(lab) => lab,
            Err(why) => {
                eprintln!("skipping live capture test: {why}");
                return;
            }
        }
    };
}

/// Runs `traffic` every 200 ms until `child` exits (or 15 s pass: then kills it).
fn drive_until_exit(mut child: Child, mut traffic: impl FnMut()) -> Output {
    let start = Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        if start.elapsed() > Duration::from_secs(15) {
            let _ = child.kill();
            break;
        }
        traffic();
        sleep(Duration::from_millis(200));
    }
    collect(child)
}

/// Waits for `child` and gathers its output.
fn collect(mut child: Child) -> Output {
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    if let Some(mut s) = child.stdout.take() {
        let _ = s.read_to_end(&mut stdout);
    }
    if let Some(mut s) = child.stderr.take() {
        let _ = s.read_to_end(&mut stderr);
    }
    let status = child.wait().expect("wait for tcpsleuth");
    Output {
        status,
        stdout,
        stderr,
    }
}

/// stdout as JSON objects, one per line.
fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

#[test]
fn packets_shows_pings_on_a_veth_with_kernel_timestamps() {
    let lab = lab_or_skip!("p");
    let child = lab.capture(&[
        "packets",
        "-nn",
        "--format",
        "json",
        "-c",
        "6",
        "--duration",
        "20",
    ]);
    sleep(Duration::from_millis(300));
    let out = drive_until_exit(child, || lab.ping());
    assert!(
        out.status.success(),
        "tcpsleuth failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let frames = json_lines(&out);
    assert_eq!(
        frames.len(),
        6,
        "six frames with -c 6:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let icmp = |ty: u64, src: &str, dst: &str| {
        frames.iter().any(|f| {
            f["frame"]["link_type"] == 1
                && f["ip"]["src"] == src
                && f["ip"]["dst"] == dst
                && f["icmp"]["type"] == ty
        })
    };
    assert!(
        icmp(8, ADDR_A, ADDR_B) && icmp(0, ADDR_B, ADDR_A),
        "echo request and reply:\n{frames:#?}"
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    let ts_ok = frames.iter().all(|f| {
        f["frame"]["time_epoch"]
            .as_f64()
            .is_some_and(|t| (now - t).abs() < 60.0)
    });
    assert!(ts_ok, "timestamps are now");
}

#[test]
fn packets_text_announces_the_interface_and_honours_snaplen() {
    let lab = lab_or_skip!("s");
    let child = lab.capture(&[
        "packets",
        "--format",
        "json",
        "-c",
        "6",
        "--snaplen",
        "60",
        "--duration",
        "20",
    ]);
    sleep(Duration::from_millis(300));
    let out = drive_until_exit(child, || lab.ping());
    let frames = json_lines(&out);
    let cut = frames
        .iter()
        .any(|f| f["frame"]["cap_len"] == 60 && f["frame"]["wire_len"] == 98);
    assert!(cut, "an echo of 98 bytes cut to 60:\n{frames:#?}");

    let child = lab.capture(&["packets", "-nn", "-c", "1", "--duration", "20"]);
    let out = drive_until_exit(child, || lab.ping());
    let banner = format!(
        "listening on {}, link-type EN10MB (Ethernet), snapshot length 262144 bytes",
        lab.veth_a
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&banner),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn conns_prints_the_table_after_sigint() {
    let lab = lab_or_skip!("c");
    let child = lab.capture(&["conns", "--format", "json"]);
    sleep(Duration::from_millis(300));
    for _ in 0..3 {
        lab.connect_closed(9);
        sleep(Duration::from_millis(100));
    }
    let pid = child.id().to_string();
    // `ip netns exec` execs the binary, so the child's pid is tcpsleuth's.
    let _ = Command::new("kill").args(["-INT", &pid]).status();
    let start = Instant::now();
    let mut child = child;
    while child.try_wait().ok().flatten().is_none() && start.elapsed() < Duration::from_secs(5) {
        sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let out = collect(child);
    assert!(
        out.status.success(),
        "exit after SIGINT: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let conns = json_lines(&out);
    let refused = conns
        .iter()
        .filter(|c| c["id.resp_p"] == 9 && c["conn_state"] == "REJ")
        .count();
    assert_eq!(refused, 3, "three refused connections:\n{conns:#?}");
}

#[test]
fn conns_stops_after_duration() {
    let lab = lab_or_skip!("d");
    let start = Instant::now();
    let child = lab.capture(&["conns", "--format", "json", "--duration", "1.5"]);
    sleep(Duration::from_millis(300));
    lab.connect_closed(23);
    let out = collect(child);
    let took = start.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        took >= Duration::from_millis(1400) && took < Duration::from_secs(5),
        "took {took:?}"
    );
    let conns = json_lines(&out);
    assert!(
        conns
            .iter()
            .any(|c| c["id.resp_p"] == 23 && c["conn_state"] == "REJ"),
        "{conns:#?}"
    );
}

#[test]
fn unknown_interface_is_a_clear_usage_error() {
    let out = Command::new(BIN)
        .args(["packets", "-i", "nosuchif9", "-c", "1"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nosuchif9: no such network interface"),
        "{err}"
    );
}

#[test]
fn read_and_interface_together_are_refused() {
    let out = Command::new(BIN)
        .args(["packets", "-r", "x.pcap", "-i", "lo"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be used with"));
}

#[test]
fn without_privilege_the_error_names_cap_net_raw() {
    // As root, drop to nobody (with no capabilities) to see the unprivileged message.
    let out = if is_root() {
        match Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--inh-caps=-all",
                BIN,
            ])
            .args(["packets", "-i", "lo", "-c", "1"])
            .output()
        {
            Ok(o) => o,
            Err(_) => {
                eprintln!("skipping: setpriv not available to drop root");
                return;
            }
        }
    } else {
        Command::new(BIN)
            .args(["packets", "-i", "lo", "-c", "1"])
            .output()
            .expect("run")
    };
    let err = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        eprintln!("skipping: this process can open packet sockets without root ({err})");
        return;
    }
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("needs root or the CAP_NET_RAW capability"),
        "{err}"
    );
}

#[test]
fn overview_diagnoses_a_refused_connection_live() {
    let lab = lab_or_skip!("o");
    let child = lab.capture(&["--duration", "1.5"]);
    sleep(Duration::from_millis(300));
    lab.connect_closed(7);
    let out = collect(child);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("Capture: {}", lab.veth_a)), "{text}");
    assert!(
        text.contains(&format!("connection refused by {ADDR_B} port 7")),
        "{text}"
    );
}
