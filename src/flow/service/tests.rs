//! Specifications of service detection: real packets built with
//! `wire::build`, decoded and tracked, one scenario each.

use super::*;
use crate::flow::{Tracker, TrackerConfig};
use crate::time::Timestamp;
use crate::wire::build::{Build, Ipv4, Tcp, Udp};
use crate::wire::{decode, FrameMeta, TcpFlags};
use crate::wire::registry::LinkType;

const C: [u8; 4] = [10, 0, 0, 1];
const S: [u8; 4] = [10, 0, 0, 2];
const SA: u16 = TcpFlags::SYN | TcpFlags::ACK;
const PA: u16 = TcpFlags::PSH | TcpFlags::ACK;

/// Runs raw IPv4 packets through the tracker; the services of the records.
fn services(packets: &[Vec<u8>]) -> Vec<Option<Service>> {
    let mut t = Tracker::new(TrackerConfig::default());
    for (i, p) in packets.iter().enumerate() {
        let meta = FrameMeta {
            frame: i as u64 + 1,
            source: 0,
            ts: Timestamp::new(1_000 + i as i64, 0),
            wire_len: p.len() as u32,
        };
        for s in decode(LinkType::RAW.0, p).summaries(meta) {
            t.push(&s);
        }
    }
    t.finish().map(|c| c.service()).collect()
}

/// Handshake, one payload each way (client first, then server).
fn tcp_dialogue(port: u16, client: &[u8], server: &[u8]) -> Vec<Vec<u8>> {
    let c = |tcp: Tcp| Ipv4::new(C, S).tcp(tcp).build();
    let s = |tcp: Tcp| Ipv4::new(S, C).tcp(tcp).build();
    let n = client.len() as u32;
    vec![
        c(Tcp::new(40000, port).seq(100).flags(TcpFlags::SYN)),
        s(Tcp::new(port, 40000).seq(500).ack(101).flags(SA)),
        c(Tcp::new(40000, port).seq(101).ack(501).flags(TcpFlags::ACK)),
        c(Tcp::new(40000, port).seq(101).ack(501).flags(PA).payload(client)),
        s(Tcp::new(port, 40000).seq(501).ack(101 + n).flags(PA).payload(server)),
    ]
}

fn udp(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    Ipv4::new(C, S).udp(Udp::new(sport, dport).payload(payload)).build()
}

#[test]
fn http_request_on_port_8080_is_http() {
    let p = tcp_dialogue(8080, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", b"HTTP/1.1 200 OK\r\n\r\n");
    assert_eq!(services(&p), [Some(Service::Http)]);
}

#[test]
fn http_request_answered_by_ssh_is_nothing() {
    let p = tcp_dialogue(80, b"GET / HTTP/1.1\r\n\r\n", b"SSH-2.0-OpenSSH_9.6\r\n");
    assert_eq!(services(&p), [None]);
}

#[test]
fn tls_handshake_on_any_port_is_ssl() {
    let hello = [0x16, 0x03, 0x01, 0x00, 0x40, 0x01, 0x00, 0x00, 0x3c, 0x03, 0x03];
    let server = [0x16, 0x03, 0x03, 0x00, 0x40, 0x02, 0x00, 0x00, 0x3c, 0x03, 0x03];
    assert_eq!(services(&tcp_dialogue(8443, &hello, &server)), [Some(Service::Ssl)]);
}

#[test]
fn port_443_with_non_tls_payload_is_not_ssl() {
    let p = tcp_dialogue(443, b"hello there\r\n", b"go away\r\n");
    assert_eq!(services(&p), [None]);
}

#[test]
fn ssh_banners_on_port_2222_are_ssh() {
    let p = tcp_dialogue(2222, b"SSH-2.0-OpenSSH_9.6\r\n", b"SSH-2.0-dropbear\r\n");
    assert_eq!(services(&p), [Some(Service::Ssh)]);
}

#[test]
fn ssh_client_banner_alone_is_nothing() {
    let c = Ipv4::new(C, S).tcp(Tcp::new(40000, 22).seq(1).flags(PA).payload(b"SSH-2.0-x\r\n")).build();
    assert_eq!(services(&[c]), [None]);
}

#[test]
fn ftp_greeting_and_user_is_ftp_smtp_greeting_and_ehlo_is_smtp() {
    let ftp = tcp_dialogue(2121, b"USER anonymous\r\n", b"220 ProFTPD ready\r\n");
    assert_eq!(services(&ftp), [Some(Service::Ftp)]);
    let smtp = tcp_dialogue(25, b"EHLO mail.example\r\n", b"220 mx ESMTP\r\n");
    assert_eq!(services(&smtp), [Some(Service::Smtp)]);
}

#[test]
fn pop3_and_imap_greetings_with_commands() {
    let pop = tcp_dialogue(110, b"USER bob\r\n", b"+OK POP3 ready\r\n");
    assert_eq!(services(&pop), [Some(Service::Pop3)]);
    let imap = tcp_dialogue(143, b"a001 CAPABILITY\r\n", b"* OK IMAP4rev1\r\n");
    assert_eq!(services(&imap), [Some(Service::Imap)]);
}

#[test]
fn dns_query_on_port_53_is_dns() {
    // id 0x1234, RD, 1 question, then "example.com" A IN.
    let q = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07example\x03com\x00\x00\x01\x00\x01";
    assert_eq!(services(&[udp(40000, 53, q)]), [Some(Service::Dns)]);
}

#[test]
fn garbage_on_port_53_is_not_dns() {
    assert_eq!(services(&[udp(40000, 53, b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff")]), [None]);
}

#[test]
fn ntp_client_request_is_ntp() {
    let mut req = [0u8; 48];
    req[0] = 0x23; // LI 0, version 4, mode 3 (client)
    assert_eq!(services(&[udp(40000, 123, &req)]), [Some(Service::Ntp)]);
}

#[test]
fn dhcp_discover_is_dhcp() {
    let mut d = vec![1u8, 1, 6, 0];
    d.resize(240, 0);
    assert_eq!(services(&[udp(68, 67, &d)]), [Some(Service::Dhcp)]);
}

#[test]
fn modbus_read_and_reply_on_502_is_modbus() {
    // MBAP: transaction 1, protocol 0, length 6, unit 1; read holding registers.
    let req = b"\x00\x01\x00\x00\x00\x06\x01\x03\x00\x00\x00\x02";
    let resp = b"\x00\x01\x00\x00\x00\x07\x01\x03\x04\x00\x0a\x00\x0b";
    assert_eq!(services(&tcp_dialogue(502, req, resp)), [Some(Service::Modbus)]);
}

#[test]
fn vxlan_carrier_flow_is_vxlan() {
    let inner = crate::wire::build::Eth::new([2; 6], [4; 6])
        .ipv4(Ipv4::new([192, 168, 0, 1], [192, 168, 0, 2]))
        .udp(Udp::new(1000, 2000).payload(b"x"))
        .build();
    let mut vx = vec![0x08, 0, 0, 0, 0, 0, 0x2a, 0];
    vx.extend_from_slice(&inner);
    let got = services(&[udp(40000, 4789, &vx)]);
    assert!(got.contains(&Some(Service::Vxlan)), "{got:?}");
}

#[test]
fn detection_reads_only_the_head() {
    // A prefix longer than the head still matches; an empty one does not.
    assert!(http_request(b"PROPFIND /a HTT"));
    assert!(!http_request(b"GETX / HTTP/1.1"));
    assert!(!tls_client_hello(&[]));
    assert!(!dns_header(&[0; 11]));
}

#[test]
fn request_split_into_one_byte_segments_is_still_http() {
    let c = |tcp: Tcp| Ipv4::new(C, S).tcp(tcp).build();
    let s = |tcp: Tcp| Ipv4::new(S, C).tcp(tcp).build();
    let mut p = vec![
        c(Tcp::new(40000, 8000).seq(100).flags(TcpFlags::SYN)),
        s(Tcp::new(8000, 40000).seq(500).ack(101).flags(SA)),
    ];
    for (i, b) in b"GET / HTTP/1.1\r\n\r\n".iter().enumerate() {
        let seq = 101 + i as u32;
        p.push(c(Tcp::new(40000, 8000).seq(seq).ack(501).flags(PA).payload(&[*b])));
    }
    p.push(s(Tcp::new(8000, 40000).seq(501).ack(119).flags(PA).payload(b"HTTP/1.1 200 OK\r\n")));
    assert_eq!(services(&p), [Some(Service::Http)]);
}

#[test]
fn mid_stream_http_without_syn_is_nothing() {
    let p = tcp_dialogue(80, b"GET / HTTP/1.1\r\n\r\n", b"HTTP/1.1 200 OK\r\n\r\n");
    assert_eq!(services(&p[3..]), [None]);
}
