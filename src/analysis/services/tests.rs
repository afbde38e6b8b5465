//! Packet ladders for the service tracker.

use super::*;
use crate::analysis::scans::ladder::*;

#[test]
fn accepting_ports_with_clients_and_bytes() {
    let mut l = Ladder::new(ServiceTracker::default());
    conversation(&mut l, "10.0.2.5", 50000, "10.0.1.20", 443);
    conversation(&mut l, "10.0.2.6", 50001, "10.0.1.20", 443);
    conversation(&mut l, "10.0.2.6", 50002, "10.0.1.20", 443);
    l.send("10.0.2.5", "10.0.1.53", udp(40000, 53, 30));
    l.send("10.0.1.53", "10.0.2.5", udp(53, 40000, 90));
    // Refused: no service.
    l.tcp("10.0.2.5", 50003, "10.0.1.20", 23, S, 0);
    l.tcp("10.0.1.20", 23, "10.0.2.5", 50003, R | A, 0);
    let r = l.det.finish(&[], &[]);
    assert_eq!(r.hosts.len(), 2);
    let web = &r.hosts[0];
    assert_eq!(web.server, ip("10.0.1.20"));
    assert_eq!(web.services.len(), 1);
    let s = &web.services[0];
    assert_eq!(
        (s.proto, s.port, s.name, s.seen_by),
        ("tcp", 443, Some("https"), SeenBy::SynAck)
    );
    assert_eq!(
        (s.clients, s.bytes_to_server, s.bytes_from_server),
        (2, 900, 4200)
    );
    assert!(!s.found_by_scan);
    let dns = &r.hosts[1].services[0];
    assert_eq!(
        (dns.proto, dns.port, dns.seen_by, dns.clients),
        ("udp", 53, SeenBy::UdpReply, 1)
    );
}

#[test]
fn connections_already_open_at_capture_start_show_their_server() {
    let mut l = Ladder::new(ServiceTracker::default());
    l.tcp("10.0.1.20", 22, "10.0.2.5", 50000, P | A, 48);
    l.tcp("10.0.2.5", 50000, "10.0.1.20", 22, P | A, 36);
    let r = l.det.finish(&[], &[]);
    let s = &r.hosts[0].services[0];
    assert_eq!(
        (r.hosts[0].server, s.port, s.seen_by),
        (ip("10.0.1.20"), 22, SeenBy::Data)
    );
    assert_eq!((s.bytes_to_server, s.bytes_from_server), (36, 48));
}

#[test]
fn ports_only_scanners_saw_and_hosts_answering_everything() {
    let mut l = Ladder::new(ServiceTracker::default());
    for port in 1..=100u16 {
        l.tcp("10.0.0.66", 40000, "10.0.1.30", port, S, 0);
        l.tcp("10.0.1.30", port, "10.0.0.66", 40000, S | A, 0);
        l.tcp("10.0.0.66", 40000, "10.0.1.30", port, R, 0);
    }
    conversation(&mut l, "10.0.2.5", 50000, "10.0.1.30", 80);
    let scanner = [ip("10.0.0.66")];
    let r = l.det.finish(&scanner, &[]);
    assert_eq!(r.hosts[0].services.len(), 100);
    assert!(r.hosts[0]
        .services
        .iter()
        .all(|s| s.found_by_scan == (s.port != 80)));

    let mut l = Ladder::new(ServiceTracker::default());
    for port in 1..=100u16 {
        l.tcp("10.0.0.66", 40000, "10.0.1.30", port, S, 0);
        l.tcp("10.0.1.30", port, "10.0.0.66", 40000, S | A, 0);
    }
    conversation(&mut l, "10.0.2.5", 50000, "10.0.1.30", 80);
    let r = l.det.finish(&scanner, &[ip("10.0.1.30")]);
    let h = &r.hosts[0];
    assert!(h.answers_every_port);
    assert_eq!(h.ports_hidden, 99);
    assert_eq!(
        h.services.iter().map(|s| s.port).collect::<Vec<_>>(),
        vec![80]
    );
}
