//! Live capture (`-i IFACE`) with the real binary on a veth pair between two
//! network namespaces made for each run (names carry the pid, so parallel
//! runs do not collide; a drop guard deletes them whatever happens).
//!
//! The namespace tests need root and `ip`; without them they print why and
//! pass (and fail under CI=true). The error-message tests run anywhere on Linux.
#![cfg(target_os = "linux")]

use crate::support::is_root;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const BIN: &str = crate::support::bin();
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

    /// tcpsleuth with `args`, capturing on the veth end in namespace A,
    /// returned once it says "listening on" (its socket is bound and every
    /// frame from then on is captured): traffic sent after this cannot race it.
    fn capture(&self, args: &[&str]) -> Running {
        // The subcommand, then -i: a filter expression takes the rest of the line.
        let (cmd, rest) = args.split_at(args.len().min(1));
        let mut all: Vec<&str> = cmd.to_vec();
        all.extend(["-i", &self.veth_a]);
        all.extend(rest);
        self.spawn(BIN, &all)
    }

    /// `program ARGS` in namespace A (tcpsleuth or tcpdump), returned once
    /// it says "listening on" on stderr.
    fn spawn(&self, program: &str, args: &[&str]) -> Running {
        let mut child = Lab::exec(&self.ns_a, program)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn the capture");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        // Lines go to the test as they come; the whole text is returned at the end.
        let reader = std::thread::spawn(move || {
            let mut all = String::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line.clone());
                all.push_str(&line);
                all.push('\n');
            }
            all
        });
        let running = Running { child, reader };
        running.wait_listening(&rx);
        running
    }

    /// One ping from A to B (quietly; a lost one is fine, a missing
    /// `ping` is not: every test here would then see no traffic at all).
    fn ping(&self) {
        // ping exits 0 on a reply and 1 on none; `ip netns exec` also exits
        // 1 when it cannot run ping at all, and says so on stderr.
        let out = Lab::exec(&self.ns_a, "ping").args(["-c", "1", "-W", "1", ADDR_B]).output();
        let ran = out.as_ref().is_ok_and(|o| !String::from_utf8_lossy(&o.stderr).contains("exec of"));
        assert!(ran, "cannot run ping (Debian package iputils-ping, installed by .ci/run): {out:?}");
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

/// Builds the lab or prints why the test is skipped.
macro_rules! lab_or_skip {
    ($tag:expr) => {
        match Lab::new($tag) {
            Ok(lab) => lab,
            Err(why) => {
                // Under CI=true a live test that cannot run fails (.ci/run runs as root).
                crate::support::missing(&why);
                return;
            }
        }
    };
}

/// A capture that has announced it is listening.
struct Running {
    child: Child,
    /// Reads stderr to the end; yields its whole text.
    reader: JoinHandle<String>,
}

/// How long a capture may take to start or to stop before the test fails
/// (a bound on a hang, not a wait for luck: nothing sleeps for it).
const PATIENCE: Duration = Duration::from_secs(30);

impl Running {
    /// Blocks until the "listening on" line; fails the test if tcpsleuth
    /// exits or says nothing of the kind within [`PATIENCE`].
    fn wait_listening(&self, lines: &mpsc::Receiver<String>) {
        let start = Instant::now();
        let mut seen = Vec::new();
        while let Some(left) = PATIENCE.checked_sub(start.elapsed()) {
            match lines.recv_timeout(left) {
                // tcpdump says "tcpdump: listening on …".
                Ok(l) if l.starts_with("listening on ") || l.starts_with("tcpdump: listening on ") => return,
                Ok(l) => seen.push(l),
                Err(_) => break,
            }
        }
        panic!("tcpsleuth never said it was listening; stderr: {seen:?}");
    }

    /// The process id (`ip netns exec` execs the binary, so it is tcpsleuth's).
    fn pid(&self) -> String {
        self.child.id().to_string()
    }

    /// Sends SIGINT (ctrl-C) and gathers the output.
    fn interrupt(self) -> Output {
        let _ = Command::new("kill").args(["-INT", &self.pid()]).status();
        self.collect()
    }

    /// Waits for the exit (killing it after [`PATIENCE`]) and gathers the output.
    fn collect(mut self) -> Output {
        // stdout is read on its own thread: reading it here first would wait
        // for the end of a capture that never ends, past the bounded wait.
        let out = self.child.stdout.take().map(|mut s| {
            std::thread::spawn(move || {
                let mut v = Vec::new();
                let _ = s.read_to_end(&mut v);
                v
            })
        });
        let status = wait_bounded(&mut self.child);
        let stdout = out.and_then(|t| t.join().ok()).unwrap_or_default();
        let stderr = self.reader.join().unwrap_or_default().into_bytes();
        Output { status, stdout, stderr }
    }
}

/// The exit status, killing the child if it has not exited within [`PATIENCE`].
fn wait_bounded(child: &mut Child) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Ok(Some(st)) = child.try_wait() {
            return st;
        }
        if start.elapsed() > PATIENCE {
            let _ = child.kill();
            return child.wait().unwrap_or_else(|_| ExitStatus::from_raw(9));
        }
        std::thread::park_timeout(Duration::from_millis(20));
    }
}

/// Runs `traffic` (each call waits for its own answer) until `run` exits.
fn drive_until_exit(mut run: Running, mut traffic: impl FnMut()) -> Output {
    let start = Instant::now();
    while run.child.try_wait().ok().flatten().is_none() && start.elapsed() < PATIENCE {
        traffic();
    }
    run.collect()
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
    let run = lab.capture(&["conns", "--format", "json"]);
    for _ in 0..3 {
        lab.connect_closed(9);
    }
    // Each refusal has reached the host, so its frames are queued for tcpsleuth.
    let out = run.interrupt();
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
fn closing_lines_count_what_the_kernel_passed_through_the_filter() {
    let lab = lab_or_skip!("k");
    let run = lab.capture(&["packets", "-nn", "icmp"]);
    for _ in 0..3 {
        lab.ping();
    }
    let out = run.interrupt();
    let err = String::from_utf8_lossy(&out.stderr);
    // Three echo requests and three replies; ARP is filtered out in the kernel.
    for line in [
        "6 packets captured",
        "6 packets received by filter",
        "0 packets dropped by kernel",
    ] {
        assert!(err.lines().any(|l| l == line), "{line:?} in:\n{err}");
    }
}

#[test]
fn conns_stops_after_duration() {
    let lab = lab_or_skip!("d");
    let start = Instant::now();
    let run = lab.capture(&["conns", "--format", "json", "--duration", "1.5"]);
    let out = run.collect();
    let took = start.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        took >= Duration::from_millis(1500) && took < PATIENCE,
        "took {took:?}"
    );
}

#[test]
fn unknown_interface_is_a_clear_usage_error() {
    let out = crate::support::tcpsleuth()
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
    let out = crate::support::tcpsleuth()
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
                crate::support::skip("needs setpriv to drop root");
                return;
            }
        }
    } else {
        crate::support::tcpsleuth()
            .args(["packets", "-i", "lo", "-c", "1"])
            .output()
            .expect("run")
    };
    let err = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        crate::support::skip(&format!("this process can open packet sockets without root ({err})"));
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
    let run = lab.capture(&[]);
    lab.connect_closed(7);
    let out = run.interrupt();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("Capture: {}", lab.veth_a)), "{text}");
    assert!(
        text.contains(&format!("connection refused by {ADDR_B} port 7")),
        "{text}"
    );
}

#[test]
fn diagnose_prints_a_refused_connection_while_the_capture_still_runs() {
    let lab = lab_or_skip!("a");
    let mut run = lab.capture(&["diagnose"]);
    let stdout = run.child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    lab.connect_closed(9);
    let want = format!("connection refused by {ADDR_B} port 9");
    let start = Instant::now();
    let mut seen = Vec::new();
    while let Some(left) = PATIENCE.checked_sub(start.elapsed()) {
        match rx.recv_timeout(left) {
            Ok(l) if l.contains(&want) => break,
            Ok(l) => seen.push(l),
            Err(_) => panic!("no live line about the refused connection; stdout so far: {seen:?}"),
        }
    }
    // Printed as it was decided: the capture has not been stopped yet.
    let still_running = run.child.try_wait().ok().flatten().is_none();
    let _ = run.interrupt();
    assert!(still_running && seen.is_empty(), "lines before it: {seen:?}");
}

/// `tcpsleuth ARGS` run inside namespace `ns` to completion.
fn run_in(ns: &str, program: &str, args: &[&str]) -> crate::support::Out {
    crate::support::output(Lab::exec(ns, program).args(args))
}

/// The -D lines without their numbers.
fn unnumbered(text: &str) -> Vec<String> {
    text.lines().filter_map(|l| l.split_once('.').map(|(_, rest)| rest.to_string())).collect()
}

/// Waits (bounded) until `dev` in `ns` has its carrier (LOWER_UP).
fn wait_for_carrier(ns: &str, dev: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let o = Command::new("ip").args(["-n", ns, "link", "show", "dev", dev]).output();
        if o.as_ref().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("LOWER_UP")) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "{dev} in {ns} never got its carrier: {o:?}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// `tcpsleuth -D` and `tcpdump -D` in `ns`, taken again while ours changes
/// between just before and just after tcpdump's (a link settling).
fn listings_that_agree_in_time(ns: &str) -> (crate::support::Out, crate::support::Out) {
    for _ in 0..20 {
        let ours = run_in(ns, BIN, &["-D"]);
        let theirs = run_in(ns, "tcpdump", &["-D"]);
        if run_in(ns, BIN, &["-D"]).stdout == ours.stdout {
            return (ours, theirs);
        }
    }
    panic!("the interface list of {ns} kept changing");
}

#[test]
fn list_interfaces_matches_tcpdump_d() {
    let lab = lab_or_skip!("D");
    if !crate::support::tool("tcpdump") {
        return;
    }
    // A second pair left down: "[none, Disconnected]", sorted after everything that works.
    let (x, y) = (format!("{}x", lab.veth_a), format!("{}y", lab.veth_a));
    let made = Command::new("ip")
        .args(["-n", &lab.ns_a, "link", "add", &x, "type", "veth", "peer", "name", &y])
        .status();
    assert!(made.is_ok_and(|s| s.success()), "ip link add {x}");
    // The veth's carrier ("Running") comes up a moment after `link set up`:
    // both listings must see the links as they settle, not as they change.
    wait_for_carrier(&lab.ns_a, &lab.veth_a);
    let (ours, theirs) = listings_that_agree_in_time(&lab.ns_a);
    assert_eq!(ours.code, 0, "{}", ours.stderr);
    let ours_lines = unnumbered(&ours.stdout);
    let names: Vec<&str> = ours_lines.iter().filter_map(|l| l.split(' ').next()).collect();
    // tcpdump also lists libpcap's pseudo-devices (nflog, dbus…), which are not interfaces.
    let theirs_lines: Vec<String> = unnumbered(&theirs.stdout)
        .into_iter()
        .filter(|l| l.split(' ').next().is_some_and(|n| names.contains(&n)))
        .collect();
    assert_eq!(ours_lines, theirs_lines, "tcpsleuth -D:\n{}\ntcpdump -D:\n{}", ours.stdout, theirs.stdout);
    assert!(names.contains(&lab.veth_a.as_str()) && names.contains(&"any"), "{}", ours.stdout);
}

#[test]
fn interface_by_its_number_in_the_list() {
    let lab = lab_or_skip!("N");
    let list = run_in(&lab.ns_a, BIN, &["packets", "-D"]);
    let number = list
        .stdout
        .lines()
        .find_map(|l| l.split_once('.').filter(|(_, rest)| rest.starts_with(&format!("{} ", lab.veth_a))).map(|(n, _)| n.to_string()))
        .expect("the veth is listed");
    let out = run_in(&lab.ns_a, BIN, &["packets", "-i", &number, "--duration", "0.1"]);
    assert!(
        out.stderr.contains(&format!("listening on {}, ", lab.veth_a)),
        "-i {number}: {}",
        out.stderr
    );
}

/// What tshark's pcapng file dissector says of `file`'s statistics block:
/// (received, dropped).
fn pcapng_statistics(file: &std::path::Path) -> (Option<u64>, Option<u64>) {
    let o = Command::new("tshark")
        .args(["-X", "read_format:MIME Files Format", "-V", "-r"])
        .arg(file)
        .output()
        .expect("run tshark");
    let text = String::from_utf8_lossy(&o.stdout);
    let value = |label: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(label))
            .and_then(|v| v.trim().parse().ok())
    };
    (value("Number of Received Packets:"), value("Number of Dropped Packets:"))
}

/// The number before `suffix` on one of the closing lines.
fn closing_count(stderr: &str, suffix: &str) -> Option<u64> {
    stderr.lines().find_map(|l| l.strip_suffix(suffix)).and_then(|n| n.trim().parse().ok())
}

#[test]
fn pcapng_names_the_interface_and_keeps_the_kernel_counters() {
    let lab = lab_or_skip!("g");
    if !crate::support::tool("tshark") {
        return;
    }
    let file = crate::support::scratch("live.pcapng");
    let path = file.to_string_lossy().into_owned();
    let run = lab.capture(&["packets", "--pcapng", "-w", &path, "-c", "6", "icmp"]);
    let out = drive_until_exit(run, || lab.ping());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    let names = Command::new("tshark")
        .arg("-r")
        .arg(&file)
        .args(["-T", "fields", "-e", "frame.interface_name"])
        .output()
        .expect("run tshark");
    let names = String::from_utf8_lossy(&names.stdout).into_owned();
    assert_eq!(names.lines().collect::<Vec<_>>(), vec![lab.veth_a.as_str(); 6], "{names}");
    let kernel = (closing_count(&err, " packets received by filter"), closing_count(&err, " packets dropped by kernel"));
    assert!(kernel.0.is_some_and(|n| n >= 6), "{err}");
    assert_eq!(pcapng_statistics(&file), kernel, "the statistics block holds the closing lines' counts");
    let _ = std::fs::remove_file(&file);
}

#[test]
fn any_writes_the_cooked_frames_and_counts_tcpdump_writes() {
    let lab = lab_or_skip!("y");
    if !crate::support::tool("tcpdump") {
        return;
    }
    let (ours, theirs) = (crate::support::scratch("any-ours.pcap"), crate::support::scratch("any-theirs.pcap"));
    let (o, t) = (ours.to_string_lossy().into_owned(), theirs.to_string_lossy().into_owned());
    // Two pings: each request goes out of the veth and its reply comes in.
    let a = lab.spawn(BIN, &["packets", "-i", "any", "-w", &o, "-c", "4", "icmp"]);
    let b = lab.spawn("tcpdump", &["-i", "any", "-Z", "root", "-w", &t, "-c", "4", "icmp"]);
    // Exactly two pings, each answered before the next: four frames, then both stop at -c 4.
    for _ in 0..2 {
        lab.ping();
    }
    let (a, b) = (a.collect(), b.collect());
    let (ea, eb) = (String::from_utf8_lossy(&a.stderr), String::from_utf8_lossy(&b.stderr));
    assert!(a.status.success() && b.status.success(), "{ea}\n{eb}");
    assert!(ea.contains("listening on any, link-type LINUX_SLL2 (Linux cooked v2)"), "{ea}");
    let read = |f: &str| run_in(&lab.ns_a, "tcpdump", &["-nn", "-e", "-r", f]).stdout;
    let lines = read(&o);
    assert!(lines.contains(&format!("{} Out", lab.veth_a)) && lines.contains(&format!("{} In ", lab.veth_a)), "{lines}");
    assert_eq!(lines, read(&t), "tcpdump -r reads both files alike");
    for suffix in [" packets captured", " packets received by filter", " packets dropped by kernel"] {
        assert_eq!(closing_count(&ea, suffix), closing_count(&eb, suffix), "{suffix}:\n{ea}\n{eb}");
    }
}

/// Records in a pcap file being written (a record cut by the writer ends the count).
fn records_in(path: &std::path::Path) -> usize {
    let Ok(bytes) = std::fs::read(path) else { return 0 };
    let Ok(mut cap) = tcpsleuth::capture::Capture::from_reader("live", Box::new(std::io::Cursor::new(bytes))) else {
        return 0;
    };
    let mut n = 0;
    while let Some(Ok(_)) = cap.next_frame() {
        n += 1;
    }
    n
}

#[test]
fn packet_buffered_writes_reach_the_file_while_the_capture_runs() {
    let lab = lab_or_skip!("u");
    let file = crate::support::scratch("live-u.pcap");
    let path = file.to_string_lossy().into_owned();
    let run = lab.capture(&["packets", "-U", "-w", &path, "icmp"]);
    // Three pings: well under the megabyte the writer holds without -U,
    // so without it the file would stay empty until the capture stops.
    for _ in 0..3 {
        lab.ping();
    }
    let start = Instant::now();
    while records_in(&file) < 2 && start.elapsed() < PATIENCE {
        std::thread::park_timeout(Duration::from_millis(50));
    }
    let seen = records_in(&file);
    let out = run.interrupt();
    assert!(seen >= 2, "an echo request and its reply in the file while capturing, found {seen}; stderr: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn direction_keeps_what_this_host_received_or_sent() {
    let lab = lab_or_skip!("q");
    // A pings B: A sends the requests and receives the replies.
    for (dir, want, other) in [("in", "echo reply", "echo request"), ("out", "echo request", "echo reply")] {
        let run = lab.capture(&["packets", "-nn", "-Q", dir, "-c", "2", "icmp"]);
        let out = drive_until_exit(run, || lab.ping());
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "-Q {dir}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(text.matches(want).count(), 2, "-Q {dir} keeps two {want}s:\n{text}");
        assert!(!text.contains(other), "-Q {dir} leaves out every {other}:\n{text}");
    }
}
