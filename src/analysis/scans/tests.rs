//! Packet ladders for the scan detector, built as [`Summary`]s.

use super::*;

use super::ladder::*;

const SCANNER: &str = "10.0.0.66";
const TARGET: &str = "10.0.1.20";
const OPEN: [u16; 3] = [22, 80, 443];

/// nmap -sS: SYN to ports 1..=n; open answer SYN-ACK and get RST, closed RST-ACK.
fn syn_scan(l: &mut Ladder<ScanDetector>, target: &str, n: u16) {
    for port in 1..=n {
        l.tcp(SCANNER, 40000, target, port, S, 0);
        if OPEN.contains(&port) {
            l.tcp(target, port, SCANNER, 40000, S | A, 0);
            l.tcp(SCANNER, 40000, target, port, R, 0);
        } else {
            l.tcp(target, port, SCANNER, 40000, R | A, 0);
        }
    }
}

#[test]
fn syn_scan_reports_open_and_closed_ports() {
    let mut l = Ladder::new(ScanDetector::default());
    syn_scan(&mut l, TARGET, 1000);
    let r = l.det.finish();
    assert_eq!(r.scans.len(), 1);
    let s = &r.scans[0];
    assert_eq!((s.kind, s.technique), (ScanKind::Vertical, Technique::Syn));
    assert_eq!(s.scanner, ip(SCANNER));
    assert_eq!(s.targets, vec![ip(TARGET)]);
    assert_eq!(s.ports_probed, "1-1000");
    assert_eq!(s.open, OPEN.to_vec());
    assert_eq!(s.closed.len(), 997);
    assert_eq!(s.summary, "ports 1-1000: 3 open 22,80,443; 997 closed");
}

#[test]
fn probe_of_finds_the_scan_a_packet_belongs_to() {
    let mut l = Ladder::new(ScanDetector::default());
    syn_scan(&mut l, TARGET, 50);
    conversation(&mut l, "10.0.3.5", 50000, TARGET, 443);
    let r = l.det.finish();
    assert!(r.probe_of(ip(SCANNER), ip(TARGET), 6, 22).is_some());
    assert!(r.probe_of(ip(SCANNER), ip(TARGET), 6, 51).is_none());
    assert!(r.probe_of(ip(SCANNER), ip(TARGET), 17, 22).is_none());
    assert!(r.probe_of(ip("10.0.3.5"), ip(TARGET), 6, 443).is_none());
}

#[test]
fn alert_is_raised_when_the_threshold_is_crossed_not_at_the_end() {
    let mut l = Ladder::new(ScanDetector::default());
    syn_scan(&mut l, TARGET, 7);
    assert!(
        l.det.take_alerts().is_empty(),
        "7 ports stay below the default 8"
    );
    syn_scan(&mut l, TARGET, 8);
    let alerts = l.det.take_alerts();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].scanner, ip(SCANNER));
    assert_eq!(alerts[0].class, Class::Tcp);
}

#[test]
fn retransmitted_probe_from_another_source_port_is_not_a_second_port() {
    let mut l = Ladder::new(ScanDetector::default());
    for port in 1..=20u16 {
        l.tcp(SCANNER, 40000, TARGET, port, F, 0);
    }
    l.wait(1_000_000);
    for port in 1..=20u16 {
        l.tcp(SCANNER, 40002, TARGET, port, F, 0);
    }
    let r = l.det.finish();
    let s = &r.scans[0];
    assert_eq!(s.technique, Technique::Fin);
    assert_eq!(s.ports_probed_count, 20);
    assert_eq!(s.probes, 40);
    assert_eq!(s.retransmissions, 20);
    assert_eq!(s.open_filtered.len(), 20);
}

#[test]
fn connect_scan_completes_then_resets() {
    let mut l = Ladder::new(ScanDetector::default());
    for port in 1..=500u16 {
        let cport = 50000 + port;
        l.tcp(SCANNER, cport, TARGET, port, S, 0);
        if OPEN.contains(&port) {
            l.tcp(TARGET, port, SCANNER, cport, S | A, 0);
            l.tcp(SCANNER, cport, TARGET, port, A, 0);
            l.tcp(SCANNER, cport, TARGET, port, R | A, 0);
        } else {
            l.tcp(TARGET, port, SCANNER, cport, R | A, 0);
        }
    }
    let s = &l.det.finish().scans[0];
    assert_eq!(s.technique, Technique::Connect);
    assert_eq!(s.open, OPEN.to_vec());
}

#[test]
fn stealth_flag_combinations_name_their_technique() {
    for (flags, technique) in [
        (0, Technique::Null),
        (F, Technique::Fin),
        (F | P | U, Technique::Xmas),
        (F | A, Technique::Maimon),
        (S | F, Technique::Syn),
        (F | U, Technique::Custom),
    ] {
        let mut l = Ladder::new(ScanDetector::default());
        for port in 1..=10u16 {
            l.tcp(SCANNER, 40000, TARGET, port, flags, 0);
            if port % 2 == 0 {
                l.tcp(TARGET, port, SCANNER, 40000, R | A, 0);
            }
        }
        let r = l.det.finish();
        assert_eq!(r.scans.len(), 1, "{technique}");
        assert_eq!(r.scans[0].technique, technique);
        if technique != Technique::Syn {
            assert_eq!(r.scans[0].closed, vec![2, 4, 6, 8, 10], "{technique}");
            assert_eq!(r.scans[0].open_filtered, vec![1, 3, 5, 7, 9], "{technique}");
        }
    }
}

#[test]
fn ack_scan_is_unfiltered_and_window_scan_reads_rst_windows() {
    let mut l = Ladder::new(ScanDetector::default());
    for port in 1..=10u16 {
        l.tcp(SCANNER, 40000, TARGET, port, A, 0);
        l.send(TARGET, SCANNER, tcp(port, 40000, R, 0, 0));
    }
    let s = &l.det.finish().scans[0];
    assert_eq!(s.technique, Technique::Ack);
    assert_eq!(s.unfiltered.len(), 10);

    let mut l = Ladder::new(ScanDetector::default());
    for port in 1..=10u16 {
        l.tcp(SCANNER, 40000, TARGET, port, A, 0);
        let win = if port == 3 { 8192 } else { 0 };
        l.send(TARGET, SCANNER, tcp(port, 40000, R, 0, win));
    }
    let s = &l.det.finish().scans[0];
    assert_eq!(s.technique, Technique::Window);
    assert_eq!(s.open, vec![3]);
    assert_eq!(s.closed.len(), 9);
}

#[test]
fn udp_scan_reads_replies_and_icmp() {
    let mut l = Ladder::new(ScanDetector::default());
    let ports = [53u16, 67, 69, 123, 137, 161, 514, 1900, 5353];
    for &port in &ports {
        l.send(SCANNER, TARGET, udp(48400, port, 20));
        let q = quoted_udp(SCANNER, TARGET, 48400, port);
        match port {
            53 => l.send(TARGET, SCANNER, udp(53, 48400, 40)),
            161 => {}
            1900 => l.send("10.0.1.1", SCANNER, icmp(false, 3, 13, Some(q))),
            _ => l.send(TARGET, SCANNER, icmp(false, 3, 3, Some(q))),
        }
    }
    let s = &l.det.finish().scans[0];
    assert_eq!(s.technique, Technique::Udp);
    assert_eq!(s.open, vec![53]);
    assert_eq!(s.open_filtered, vec![161]);
    assert_eq!(s.filtered, vec![1900]);
    assert_eq!(s.closed, vec![67, 69, 123, 137, 514, 5353]);
}

#[test]
fn horizontal_sweep_and_ping_sweep() {
    let mut l = Ladder::new(ScanDetector::default());
    for h in 1..=20 {
        let t = format!("10.0.2.{h}");
        l.tcp(SCANNER, 40000, &t, 445, S, 0);
        if h % 5 == 0 {
            l.tcp(&t, 445, SCANNER, 40000, R | A, 0);
        }
        l.send(SCANNER, &t, icmp(false, 8, 0, None));
        if h % 2 == 0 {
            l.send(&t, SCANNER, icmp(false, 0, 0, None));
        }
    }
    let r = l.det.finish();
    assert_eq!(r.scans.len(), 2);
    let tcp = r
        .scans
        .iter()
        .find(|s| s.proto == "tcp")
        .expect("tcp sweep");
    assert_eq!(
        (tcp.kind, tcp.ports_probed.as_str(), tcp.targets_total),
        (ScanKind::Horizontal, "445", 20)
    );
    assert_eq!(
        tcp.per_target.iter().filter(|t| t.closed == [445]).count(),
        4
    );
    assert_eq!(
        tcp.per_target
            .iter()
            .filter(|t| t.filtered == [445])
            .count(),
        16
    );
    let ping = r
        .scans
        .iter()
        .find(|s| s.proto == "icmp")
        .expect("ping sweep");
    assert_eq!(
        (ping.kind, ping.technique),
        (ScanKind::PingSweep, Technique::IcmpEcho)
    );
    assert_eq!(ping.targets_total, 20);
    assert_eq!(ping.summary, "echo on 20 hosts: 10 up; 10 no answer");
}

#[test]
fn block_scan_over_hosts_and_ports_in_ipv6() {
    let mut l = Ladder::new(ScanDetector::default());
    for h in 1..=10 {
        let t = format!("fd00::{h}");
        for port in 1..=10u16 {
            l.tcp("fd00::66", 40000, &t, port, S, 0);
            l.tcp(&t, port, "fd00::66", 40000, R | A, 0);
        }
    }
    let s = &l.det.finish().scans[0];
    assert_eq!(s.kind, ScanKind::Block);
    assert_eq!(s.scanner, ip("fd00::66"));
    assert_eq!(s.targets_total, 10);
    assert_eq!(s.closed, (1..=10).collect::<Vec<u16>>());
}

#[test]
fn decoys_are_each_reported_and_linked() {
    let mut l = Ladder::new(ScanDetector::default());
    for port in 1..=20u16 {
        for src in ["10.0.9.1", SCANNER, "10.0.9.2"] {
            l.tcp(src, 40000, TARGET, port, S, 0);
            l.tcp(TARGET, port, src, 40000, R | A, 0);
        }
    }
    let r = l.det.finish();
    assert_eq!(r.scans.len(), 3);
    let real = r
        .scans
        .iter()
        .find(|s| s.scanner == ip(SCANNER))
        .expect("the real scanner");
    assert_eq!(real.same_probes_as.len(), 2);
}

#[test]
fn connecting_after_the_scan_is_reported() {
    let mut l = Ladder::new(ScanDetector::default());
    syn_scan(&mut l, TARGET, 500);
    conversation(&mut l, SCANNER, 51000, TARGET, 22);
    let s = &l.det.finish().scans[0];
    assert_eq!(s.connected_after, vec!["10.0.1.20:22".to_string()]);
    assert_eq!(s.open, OPEN.to_vec());
}

#[test]
fn syn_cookie_host_answering_every_port_is_flagged() {
    let mut l = Ladder::new(ScanDetector::default());
    for port in 1..=100u16 {
        l.tcp(SCANNER, 40000, TARGET, port, S, 0);
        l.tcp(TARGET, port, SCANNER, 40000, S | A, 0);
        l.tcp(SCANNER, 40000, TARGET, port, R, 0);
    }
    let r = l.det.finish();
    assert!(r.scans[0].per_target[0].answers_every_port);
    assert_eq!(r.answers_every_port, vec![ip(TARGET)]);
}

#[test]
fn browser_nat_and_resolver_traffic_is_not_a_scan() {
    let mut l = Ladder::new(ScanDetector::default());
    // A browser: 40 connections to one server, and to 30 servers on 443.
    for i in 0..40u16 {
        conversation(&mut l, "10.0.3.5", 50000 + i, "198.51.100.7", 443);
    }
    for h in 1..=30u16 {
        conversation(
            &mut l,
            "10.0.3.5",
            51000 + h,
            &format!("198.51.100.{h}"),
            443,
        );
    }
    // A NAT gateway: 200 connections to 100 servers, 6 refused, 4 unanswered.
    for h in 1..=100u16 {
        let srv = format!("203.0.113.{h}");
        match h {
            1..=6 => {
                l.tcp("192.0.2.1", 30000 + h, &srv, 443, S, 0);
                l.tcp(&srv, 443, "192.0.2.1", 30000 + h, R | A, 0);
            }
            7..=10 => {
                for _ in 0..3 {
                    l.tcp("192.0.2.1", 30000 + h, &srv, 443, S, 0);
                }
            }
            _ => {
                conversation(&mut l, "192.0.2.1", 30000 + h, &srv, 443);
                conversation(&mut l, "192.0.2.1", 31000 + h, &srv, 80);
            }
        }
    }
    // A resolver answering 50 clients, and asking 20 upstream servers.
    for c in 1..=50u16 {
        let client = format!("10.0.4.{c}");
        l.send(&client, "10.0.0.53", udp(40000 + c, 53, 30));
        l.send("10.0.0.53", &client, udp(53, 40000 + c, 90));
    }
    for u in 1..=20u16 {
        let up = format!("192.0.2.{}", 100 + u);
        l.send("10.0.0.53", &up, udp(20000 + u, 53, 30));
        if u != 7 {
            l.send(&up, "10.0.0.53", udp(53, 20000 + u, 90));
        }
    }
    // Refused retries of one port, and unanswered retries.
    for i in 0..10u16 {
        l.tcp("10.0.3.9", 45000 + i, "10.0.1.30", 23, S, 0);
        l.tcp("10.0.1.30", 23, "10.0.3.9", 45000 + i, R | A, 0);
        l.tcp("10.0.3.9", 46000 + i, "10.0.1.31", 8080, S, 0);
    }
    let r = l.det.finish();
    assert!(
        r.scans.is_empty(),
        "{:#?}",
        r.scans
            .iter()
            .map(|s| (&s.scanner, &s.summary))
            .collect::<Vec<_>>()
    );
}

#[test]
fn mid_stream_traffic_without_handshakes_is_not_a_scan() {
    // Capture starts in the middle of 20 downloads: bare ACKs first.
    let mut l = Ladder::new(ScanDetector::default());
    for h in 1..=20u16 {
        let srv = format!("198.51.100.{h}");
        l.tcp("10.0.3.5", 50000 + h, &srv, 443, A, 0);
        l.tcp(&srv, 443, "10.0.3.5", 50000 + h, A, 1400);
        l.tcp(&srv, 443, "10.0.3.5", 50000 + h, A, 1400);
        l.tcp("10.0.3.5", 50000 + h, &srv, 443, A, 0);
        l.tcp("10.0.3.5", 50000 + h, &srv, 443, F | A, 0);
    }
    assert!(l.det.finish().scans.is_empty());
}

#[test]
fn traceroute_is_not_a_udp_scan() {
    let mut l = Ladder::new(ScanDetector::default());
    for i in 0..30u16 {
        let port = 33434 + i;
        l.send(SCANNER, TARGET, udp(40000, port, 32));
        let q = quoted_udp(SCANNER, TARGET, 40000, port);
        let router = format!("10.9.{}.1", i / 3);
        if i < 27 {
            l.send(&router, SCANNER, icmp(false, 11, 0, Some(q)));
        } else {
            l.send(TARGET, SCANNER, icmp(false, 3, 3, Some(q)));
        }
    }
    assert!(l.det.finish().scans.is_empty());
}

#[test]
fn memory_stays_bounded_for_a_huge_scan() {
    let cfg = ScanConfig {
        max_entries: 5_000,
        max_entries_per_source: 2_000,
        max_sources: 100,
        max_pending: 1_000,
        ..ScanConfig::default()
    };
    let mut l = Ladder::with(ScanDetector::new(cfg));
    for h in 0..40u16 {
        let t = format!("10.7.{}.{}", h / 250, h % 250);
        for port in 1..=1000u16 {
            l.tcp(SCANNER, 40000, &t, port, S, 0);
        }
    }
    // Plenty of other sources afterwards still get a slot.
    for c in 0..300u16 {
        conversation(
            &mut l,
            &format!("10.8.{}.{}", c / 250, c % 250),
            50000,
            TARGET,
            443,
        );
    }
    assert!(l.det.entries.len() <= 5_000);
    assert!(l.det.sources.len() <= 100);
    assert!(l.det.pending.len() <= 1_000);
    let r = l.det.finish();
    assert_eq!(r.scans.len(), 1);
    let s = &r.scans[0];
    assert_eq!(s.probes + s.untracked_probes, 40_000);
    assert!(s.untracked_probes > 0);
    assert!(r.stats.pending_forced > 0);
    assert!(r.stats.sources_evicted > 0);
}

#[test]
fn unicast_replies_to_multicast_and_broadcast_queries_are_not_a_scan() {
    let mut l = Ladder::new(ScanDetector::default());
    let (querier, responder) = ("10.0.1.5", TARGET);
    for (i, (group, port)) in [("224.0.0.252", 5355u16), ("10.0.1.255", 137), ("239.255.255.250", 1900)].iter().cycle().take(30).enumerate() {
        let qport = 50000 + i as u16;
        l.send(querier, group, udp(qport, *port, 40));
        l.wait(2_000);
        l.send(responder, querier, udp(*port, qport, 60));
        l.wait(100_000);
    }
    assert!(l.det.finish().scans.is_empty());
}
