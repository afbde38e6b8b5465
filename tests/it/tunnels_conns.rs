//! Connections inside encapsulations real captures carry: `conns` sees the
//! same TCP connection inside MPLS, an MPLS Ethernet pseudowire, GRE
//! carrying MPLS, ERSPAN II and III port mirrors, Geneve and GTP-U, and on
//! Cisco HDLC, FDDI, MPLS and Linux NFLOG link types, as it sees it bare.

use crate::support::{run, scratch};
use serde_json::Value;
use tcpsleuth::capture::PcapWriter;
use tcpsleuth::time::Timestamp;
use tcpsleuth::wire::build::{Build, Eth, Ipv4, Tcp, Udp};
use tcpsleuth::wire::TcpFlags;

const CLIENT: [u8; 4] = [10, 20, 0, 5];
const SERVER: [u8; 4] = [10, 30, 0, 9];

/// A whole connection as IP packets: handshake, 300 bytes each way, FIN both ways.
fn connection() -> Vec<Vec<u8>> {
    let (syn, ack, psh, fin) = (TcpFlags::SYN, TcpFlags::ACK, TcpFlags::PSH, TcpFlags::FIN);
    let c = |f: u16, seq: u32, a: u32, len: usize| Ipv4::new(CLIENT, SERVER).tcp(Tcp::new(40000, 8443).flags(f).seq(seq).ack(a)).payload(&vec![b'q'; len]).build();
    let s = |f: u16, seq: u32, a: u32, len: usize| Ipv4::new(SERVER, CLIENT).tcp(Tcp::new(8443, 40000).flags(f).seq(seq).ack(a)).payload(&vec![b'r'; len]).build();
    vec![
        c(syn, 100, 0, 0),
        s(syn | ack, 500, 101, 0),
        c(ack, 101, 501, 0),
        c(psh | ack, 101, 501, 300),
        s(ack, 501, 401, 0),
        s(psh | ack, 501, 401, 300),
        c(ack, 401, 801, 0),
        c(fin | ack, 401, 801, 0),
        s(fin | ack, 801, 402, 0),
        c(ack, 402, 802, 0),
    ]
}

/// A capture of `link` frames made from each packet by `wrap`.
fn capture(name: &str, link: u32, wrap: impl Fn(&[u8]) -> Vec<u8>) -> std::path::PathBuf {
    let path = scratch(name);
    let mut w = PcapWriter::new(Vec::new(), link, 65535, false).expect("pcap header");
    for (i, p) in connection().iter().enumerate() {
        let frame = wrap(p);
        let ts = Timestamp::new(1_700_000_000, i as u64 * 1_000_000);
        w.write_packet(ts, &frame, frame.len() as u32).expect("record");
    }
    std::fs::write(&path, w.into_inner()).expect("write capture");
    path
}

fn ether(ethertype: u16, body: &[u8]) -> Vec<u8> {
    Eth::new([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]).ethertype(ethertype).payload(body).build()
}

/// One MPLS label (bottom of stack when `bottom`), TTL 64.
fn label(value: u32, bottom: bool) -> [u8; 4] {
    let v = value << 12 | u32::from(bottom) << 8 | 64;
    v.to_be_bytes()
}

/// An outer IPv4 packet between two tunnel endpoints carrying `body` as `proto`.
fn outer_ip(proto: u8, body: &[u8]) -> Vec<u8> {
    Ipv4::new([192, 0, 2, 1], [192, 0, 2, 2]).protocol(proto).payload(body).build()
}

fn outer_udp(port: u16, body: &[u8]) -> Vec<u8> {
    Eth::new([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]).ipv4(Ipv4::new([192, 0, 2, 1], [192, 0, 2, 2])).udp(Udp::new(51000, port)).payload(body).build()
}

/// The TCP connection's row of `conns --format json` on `path`.
fn tcp_row(path: &std::path::Path) -> Value {
    let out = run(["conns", "--format", "json", "-r", &path.display().to_string()]);
    let rows: Vec<Value> = out.json().into_iter().filter(|r| r["proto"] == "tcp" && r["id.resp_p"] == 8443).collect();
    assert_eq!(rows.len(), 1, "one inner TCP connection in {}: {}", path.display(), out.stdout);
    rows[0].clone()
}

/// What a user compares: states, history, sizes.
fn essentials(r: &Value) -> Vec<Value> {
    let mut v: Vec<Value> = ["id.orig_h", "id.resp_h", "conn_state", "history", "orig_bytes", "resp_bytes", "orig_pkts", "resp_pkts"]
        .iter()
        .map(|k| r[*k].clone())
        .collect();
    v.extend(["orig_tcp_state", "resp_tcp_state"].iter().map(|k| r["tcp"][*k].clone()));
    v
}

fn assert_same_as_bare(name: &str, link: u32, wrap: impl Fn(&[u8]) -> Vec<u8>) {
    let bare = tcp_row(&capture("bare.pcap", 1, |p| ether(0x0800, p)));
    let wrapped = tcp_row(&capture(name, link, wrap));
    assert_eq!(essentials(&wrapped), essentials(&bare), "{name}");
    assert_eq!(bare["conn_state"], "SF", "the bare connection closes normally");
}

#[test]
fn a_connection_inside_an_mpls_label_stack_is_tracked() {
    assert_same_as_bare("mpls.pcap", 1, |p| ether(0x8847, &[&label(17, false)[..], &label(1000, true), p].concat()));
}

#[test]
fn a_connection_inside_an_mpls_ethernet_pseudowire_is_tracked() {
    let pw = |p: &[u8]| [&label(300, true)[..], &[0, 0, 0, 0], &ether(0x0800, p)].concat();
    assert_same_as_bare("mpls_pw.pcap", 1, |p| ether(0x8847, &pw(p)));
}

#[test]
fn a_connection_inside_gre_carrying_mpls_is_tracked() {
    let gre = |p: &[u8]| [&[0u8, 0, 0x88, 0x47][..], &label(16, true), p].concat();
    assert_same_as_bare("gre_mpls.pcap", 1, |p| ether(0x0800, &outer_ip(47, &gre(p))));
}

#[test]
fn a_connection_mirrored_by_erspan_type_ii_is_tracked() {
    // GRE with a sequence number, then the 8-byte ERSPAN II header.
    let gre = |p: &[u8]| [&[0x10u8, 0, 0x88, 0xbe, 0, 0, 0, 1][..], &[0x10, 0, 0, 1, 0, 0, 0, 0], &ether(0x0800, p)].concat();
    assert_same_as_bare("erspan2.pcap", 1, |p| ether(0x0800, &outer_ip(47, &gre(p))));
}

#[test]
fn a_connection_mirrored_by_erspan_type_iii_with_a_platform_subheader_is_tracked() {
    let header = [0x20u8, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1];
    let gre = |p: &[u8]| [&[0x10u8, 0, 0x22, 0xeb, 0, 0, 0, 1][..], &header, &[0; 8], &ether(0x0800, p)].concat();
    assert_same_as_bare("erspan3.pcap", 1, |p| ether(0x0800, &outer_ip(47, &gre(p))));
}

#[test]
fn a_connection_inside_geneve_with_options_is_tracked() {
    // Options length 2 (8 bytes of options), protocol: Ethernet.
    let geneve = |p: &[u8]| [&[0x02u8, 0, 0x65, 0x58, 0, 0, 1, 0][..], &[0, 1, 0x80, 1, 0, 0, 0, 7], &ether(0x0800, p)].concat();
    assert_same_as_bare("geneve.pcap", 1, |p| outer_udp(6081, &geneve(p)));
}

#[test]
fn a_connection_inside_gtp_u_with_an_extension_header_is_tracked() {
    // Flags: version 1, GTP, E and S; a PDU session container extension (type 0x85).
    let gtp = |p: &[u8]| {
        let body = [&[0u8, 1, 0, 0x85][..], &[1, 0x10, 9, 0], p].concat();
        let len = u16::try_from(body.len()).unwrap_or(u16::MAX).to_be_bytes();
        [&[0x36u8, 0xff, len[0], len[1], 0, 0, 0x10, 0x01][..], &body].concat()
    };
    assert_same_as_bare("gtpu.pcap", 1, |p| outer_udp(2152, &gtp(p)));
}

#[test]
fn a_connection_on_a_cisco_hdlc_link_is_tracked() {
    assert_same_as_bare("chdlc.pcap", 104, |p| [&[0x0fu8, 0, 0x08, 0][..], p].concat());
}

#[test]
fn a_connection_on_an_fddi_ring_is_tracked() {
    // Asynchronous LLC frame control, destination, source, then LLC/SNAP.
    let fddi = |p: &[u8]| [&[0x50u8][..], &[2, 0, 0, 0, 0, 2], &[2, 0, 0, 0, 0, 1], &[0xaa, 0xaa, 3, 0, 0, 0, 8, 0], p].concat();
    assert_same_as_bare("fddi.pcap", 10, fddi);
}

#[test]
fn a_connection_on_an_mpls_link_type_is_tracked() {
    assert_same_as_bare("dlt_mpls.pcap", 219, |p| [&label(42, true)[..], p].concat());
}

#[test]
fn a_connection_logged_by_nflog_is_tracked() {
    // AF_INET, version 0, group 5; a prefix TLV (type 10), then the payload TLV (type 9).
    let nflog = |p: &[u8]| {
        let tlv = |kind: u16, v: &[u8]| {
            let len = u16::try_from(4 + v.len()).unwrap_or(u16::MAX);
            let mut t = [&len.to_le_bytes()[..], &kind.to_le_bytes(), v].concat();
            t.resize(t.len().div_ceil(4) * 4, 0);
            t
        };
        [&[2u8, 0, 0, 5][..], &tlv(10, b"drop\0"), &tlv(9, p)].concat()
    };
    assert_same_as_bare("nflog.pcap", 239, nflog);
}
