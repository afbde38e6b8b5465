//! Packet ladders for the flood detector.

use super::*;
use crate::analysis::scans::ladder::*;

const SERVER: &str = "10.0.1.20";

/// `n` spoofed SYNs to SERVER:80 from 20 sources, each answered by SYN-ACK;
/// the first `held` are retransmitted after 1 s (request sockets), the rest
/// are answered once (SYN cookies).
fn flood(l: &mut Ladder<FloodDetector>, n: u16, held: u16) {
    for i in 0..n {
        let src = format!("10.0.3.{}", i % 20 + 1);
        l.tcp(&src, 1000 + i, SERVER, 80, S, 0);
        l.tcp(SERVER, 80, &src, 1000 + i, S | A, 0);
    }
    l.wait(1_000_000);
    for i in 0..held {
        let src = format!("10.0.3.{}", i % 20 + 1);
        l.tcp(SERVER, 80, &src, 1000 + i, S | A, 0);
    }
    l.wait(3_000_000);
}

#[test]
fn spoofed_syns_make_a_syn_flood_with_its_syn_recv_peak() {
    let mut l = Ladder::new(FloodDetector::default());
    flood(&mut l, 300, 128);
    conversation(&mut l, "10.0.2.5", 50000, SERVER, 80);
    let r = l.det.finish();
    assert_eq!(r.floods.len(), 1);
    let Flood::SynFlood(f) = &r.floods[0] else {
        panic!("not a SYN flood: {:?}", r.floods[0])
    };
    assert_eq!((f.target, f.port), (ip(SERVER), 80));
    assert_eq!((f.attempts, f.completed, f.half_open), (301, 1, 300));
    assert_eq!(f.sources, 21);
    assert_eq!(f.synack_retransmissions, 128);
    assert_eq!(f.syn_cookies_likely, 172);
    assert_eq!(f.peak_syn_recv, Some(128));
    assert_eq!(
        f.peak_half_open, 301,
        "the legitimate SYN arrives while all 300 are open"
    );
}

#[test]
fn a_busy_server_with_some_failures_is_no_flood() {
    let mut l = Ladder::new(FloodDetector::default());
    for i in 0..400u16 {
        let client = format!("10.0.{}.{}", 4 + i / 200, i % 200 + 1);
        if i % 4 == 0 {
            l.tcp(&client, 40000 + i, SERVER, 443, S, 0);
        } else {
            conversation(&mut l, &client, 40000 + i, SERVER, 443);
        }
    }
    assert!(l.det.finish().floods.is_empty());
}

#[test]
fn many_port_unreachables_to_one_host_are_a_surge() {
    let mut l = Ladder::new(FloodDetector::default());
    for port in 1..=60u16 {
        let q = quoted_udp("10.0.0.66", SERVER, 40000, port);
        l.send(SERVER, "10.0.0.66", icmp(false, 3, 3, Some(q)));
    }
    let r = l.det.finish();
    let Some(Flood::IcmpUnreachableSurge(s)) = r.floods.first() else {
        panic!("no surge: {r:?}")
    };
    assert_eq!(
        (s.receiver, s.messages, s.senders),
        (ip("10.0.0.66"), 60, 1)
    );
    assert_eq!(s.codes, vec![("port unreachable".to_string(), 60)]);
}

#[test]
fn a_flood_after_a_huge_port_scan_is_still_found_with_bounded_tables() {
    let cfg = FloodConfig {
        max_ports: 64,
        max_attempts: 500,
        ..FloodConfig::default()
    };
    let mut l = Ladder::new(FloodDetector::new(cfg));
    for port in 1..=2000u16 {
        l.tcp("10.0.0.66", 40000, SERVER, port, S, 0);
    }
    flood(&mut l, 300, 0);
    assert!(l.det.ports.len() <= 64 && l.det.attempts.len() <= 500);
    assert!(l.det.expiry.len() <= 1000);
    let r = l.det.finish();
    assert_eq!(r.floods.len(), 1, "{r:?}");
    assert!(r.stats.ports_evicted > 0 && r.stats.attempts_untracked > 0);
    let Flood::SynFlood(f) = &r.floods[0] else {
        panic!("not a SYN flood")
    };
    assert_eq!((f.port, f.attempts), (80, 300));
}
