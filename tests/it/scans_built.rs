//! Captures built packet by packet (wire::build + PcapWriter) for cases the
//! lab scenarios lack: IPv6 with decoys, a slow UDP scan answered by ICMPv6,
//! a Maimon scan of scattered ports, a ping sweep. Run through the binary.

use serde_json::Value;
use std::net::IpAddr;
use crate::support::capture::pcap_file;
use crate::support::run;
use tcpsleuth::time::Timestamp;
use tcpsleuth::wire::build::*;
use tcpsleuth::wire::TcpFlags;

const SYN: u16 = TcpFlags::SYN;
const ACK: u16 = TcpFlags::ACK;
const RST: u16 = TcpFlags::RST;
const FIN: u16 = TcpFlags::FIN;

fn ip(s: &str) -> IpAddr {
    s.parse().expect("address")
}

/// Ethernet + IPv4 or IPv6 header from `src` to `dst`.
fn l3(src: &str, dst: &str) -> Stack {
    let eth = Eth::new([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]);
    match (ip(src), ip(dst)) {
        (IpAddr::V4(a), IpAddr::V4(b)) => eth.ipv4(Ipv4::new(a, b)),
        (IpAddr::V6(a), IpAddr::V6(b)) => eth.ipv6(Ipv6::new(a, b)),
        _ => panic!("mixed address families"),
    }
}

/// The IP packet (no Ethernet) an ICMP error quotes.
fn quoted_udp(src: &str, dst: &str, sport: u16, dport: u16) -> Vec<u8> {
    match (ip(src), ip(dst)) {
        (IpAddr::V6(a), IpAddr::V6(b)) => Ipv6::new(a, b)
            .udp(Udp::new(sport, dport).payload(b"probe"))
            .build(),
        (IpAddr::V4(a), IpAddr::V4(b)) => Ipv4::new(a, b)
            .udp(Udp::new(sport, dport).payload(b"probe"))
            .build(),
        _ => panic!("mixed address families"),
    }
}

/// Frames with their times (µs), written to a temp pcap.
struct Cap {
    frames: Vec<(i64, Vec<u8>)>,
    us: i64,
}

impl Cap {
    fn new() -> Self {
        Cap {
            frames: Vec::new(),
            us: 1_800_000_000_000_000,
        }
    }
    /// Appends `frame` `gap_us` after the previous one.
    fn at(&mut self, gap_us: i64, frame: Vec<u8>) {
        self.us += gap_us;
        self.frames.push((self.us, frame));
    }
    fn tcp(&mut self, gap_us: i64, src: &str, sport: u16, dst: &str, dport: u16, flags: u16) {
        self.at(
            gap_us,
            l3(src, dst)
                .tcp(Tcp::new(sport, dport).flags(flags).seq(1000).window(1024))
                .build(),
        );
    }
    /// Writes the capture and runs `tcpsleuth scans --format json` on it.
    fn scans(&self, name: &str) -> Vec<Value> {
        let frames = self.frames.iter().map(|(us, data)| {
            let ts = Timestamp::new(us / 1_000_000, (us % 1_000_000 * 1000) as u64);
            (ts, data, data.len() as u32)
        });
        let path = pcap_file(&format!("scans-built-{name}.pcap"), frames);
        let out = run(["scans", "--format", "json", "-r", &path.display().to_string()]);
        let _ = std::fs::remove_file(&path);
        out.stdout
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("JSON line"))
            .filter(|v| v["finding"] != "stats")
            .collect()
    }
}

#[test]
fn ipv6_syn_scan_with_decoys_reports_every_source_and_links_them() {
    let mut c = Cap::new();
    let real = "fd00::66";
    let decoys = ["fd00:9::1", "fd00:9::2"];
    for port in 1..=200u16 {
        for src in [decoys[0], real, decoys[1]] {
            c.tcp(50, src, 41000, "fd00::20", port, SYN);
            if port == 22 || port == 80 {
                c.tcp(20, "fd00::20", port, src, 41000, SYN | ACK);
                if src == real {
                    // Only the real scanner's kernel sees the SYN-ACK and resets.
                    c.tcp(20, real, 41000, "fd00::20", port, RST);
                }
            } else {
                c.tcp(20, "fd00::20", port, src, 41000, RST | ACK);
            }
        }
    }
    let v = c.scans("decoys");
    assert_eq!(v.len(), 3, "{v:#?}");
    for s in &v {
        assert_eq!(
            (s["kind"].as_str(), s["technique"].as_str()),
            (Some("vertical"), Some("syn"))
        );
        assert_eq!(s["ports_probed"], "1-200");
        assert_eq!(s["open"], serde_json::json!([22, 80]));
        assert_eq!(s["same_probes_as"].as_array().map(|a| a.len()), Some(2));
    }
    assert!(v.iter().any(|s| s["scanner"] == real));
}

#[test]
fn slow_ipv6_udp_scan_answered_by_icmpv6() {
    let mut c = Cap::new();
    let (scanner, target) = ("fd00::66", "fd00::20");
    let ports = [
        53u16, 69, 111, 123, 137, 161, 500, 514, 1900, 5353, 11211, 27015,
    ];
    for &port in &ports {
        c.at(
            5_000_000,
            l3(scanner, target)
                .udp(Udp::new(45000, port).payload(b"probe"))
                .build(),
        );
        match port {
            53 => c.at(
                300,
                l3(target, scanner)
                    .udp(Udp::new(53, 45000).payload(b"answer"))
                    .build(),
            ),
            161 => {}
            _ => {
                let q = quoted_udp(scanner, target, 45000, port);
                c.at(
                    300,
                    l3(target, scanner)
                        .icmpv6(Icmpv6::dest_unreachable(4, &q))
                        .build(),
                );
            }
        }
    }
    let v = c.scans("udp6");
    assert_eq!(v.len(), 1, "{v:#?}");
    let s = &v[0];
    assert_eq!(
        (s["technique"].as_str(), s["scanner"].as_str()),
        (Some("udp"), Some(scanner))
    );
    assert_eq!(s["open"], serde_json::json!([53]));
    assert_eq!(s["open_filtered"], serde_json::json!([161]));
    assert_eq!(s["closed"].as_array().map(|a| a.len()), Some(10));
    assert!(
        s["rate_pps"].as_f64().is_some_and(|r| r < 1.0),
        "{}",
        s["rate_pps"]
    );
}

#[test]
fn maimon_scan_of_scattered_ports_and_a_ping_sweep() {
    let mut c = Cap::new();
    let (scanner, target) = ("192.0.2.66", "198.51.100.20");
    let ports: Vec<u16> = (20..=30).chain(8000..=8010).collect();
    for &port in &ports {
        c.tcp(100, scanner, 52000, target, port, FIN | ACK);
        if port != 22 && port != 8008 {
            c.tcp(30, target, port, scanner, 52000, RST);
        }
    }
    for h in 1..=16u8 {
        let dst = format!("198.51.100.{h}");
        c.at(
            100,
            l3(scanner, &dst).icmp(Icmp::echo_request(9, 1)).build(),
        );
        if h % 3 == 0 {
            c.at(30, l3(&dst, scanner).icmp(Icmp::echo_reply(9, 1)).build());
        }
    }
    let v = c.scans("maimon");
    assert_eq!(v.len(), 2, "{v:#?}");
    let m = v.iter().find(|s| s["proto"] == "tcp").expect("maimon scan");
    assert_eq!(m["technique"], "maimon");
    assert_eq!(m["ports_probed"], "20-30,8000-8010");
    assert_eq!(m["open_filtered"], serde_json::json!([22, 8008]));
    let p = v.iter().find(|s| s["proto"] == "icmp").expect("ping sweep");
    assert_eq!(
        (p["kind"].as_str(), p["technique"].as_str()),
        (Some("ping_sweep"), Some("icmp_echo"))
    );
    assert_eq!(p["targets_total"], 16);
    assert_eq!(p["hosts_up"].as_array().map(|a| a.len()), Some(5));
    assert_eq!(p["summary"], "echo on 16 hosts: 5 up; 11 no answer");
}

/// `tcpsleuth ARGS -r CAPTURE`'s stdout, `times` times over.
fn runs(c: &Cap, name: &str, args: &[&str], times: usize) -> Vec<String> {
    let frames = c.frames.iter().map(|(us, data)| {
        let ts = Timestamp::new(us / 1_000_000, (us % 1_000_000 * 1000) as u64);
        (ts, data, data.len() as u32)
    });
    let path = pcap_file(&format!("scans-built-{name}.pcap"), frames);
    let file = path.display().to_string();
    let outs = (0..times).map(|_| run(args.iter().copied().chain(["-r", file.as_str()])).stdout).collect();
    let _ = std::fs::remove_file(&path);
    outs
}

#[test]
fn a_full_table_evicting_among_equally_idle_sources_reports_the_same_every_run() {
    // 16 sources probe 3 ports each at one instant, then 3 more a second
    // later, with room for 8 sources: which sources are forgotten decides
    // who reaches 5 ports and is reported. Tables hash with a random seed
    // per run, so only a tie broken by address gives one answer.
    let mut c = Cap::new();
    for round in 0..2u16 {
        c.us += 1_000_000;
        for port in 1..=3u16 {
            for s in 1..=16u8 {
                c.tcp(0, &format!("10.9.0.{s}"), 40000, "10.9.1.1", round * 3 + port, SYN);
            }
        }
    }
    let args = ["scans", "--format", "json", "--max-sources", "8", "--vertical-min-ports", "5"];
    let outs = runs(&c, "evict-ties", &args, 4);
    assert!(outs.iter().all(|o| *o == outs[0]), "runs differ:\n{}", outs.join("\n----\n"));
}
