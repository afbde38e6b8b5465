//! Writes `tests/fixtures/views/hostile_names.pcap`: names chosen to break
//! an HTML report that forgets to escape them — `<script>`, quotes,
//! `</style>` and `javascript:` — in a DNS query, an HTTP Host header and
//! a TLS ClientHello's server name, plus a refused connection so the report
//! has a failure with a ladder.
//!
//!     cargo run --example make_hostile_names

use std::fs::File;
use std::io::BufWriter;
use tcpsleuth::capture::PcapWriter;
use tcpsleuth::time::Timestamp;
use tcpsleuth::wire::build::*;
use tcpsleuth::wire::TcpFlags as F;

const A: [u8; 6] = [2, 0, 0, 0, 0, 1];
const B: [u8; 6] = [2, 0, 0, 0, 0, 2];
const CLIENT: [u8; 4] = [10, 9, 0, 1];
const SERVER: [u8; 4] = [10, 9, 0, 2];

/// The DNS name: labels may hold any byte (RFC 2181 §11).
const DNS_NAME: &str = "<script>alert('dns')</script>.example";
const HOST: &str = "\"><script>alert(\"host\")</script></style><a href=\"javascript:alert(1)\">x";
const SNI: &str = "javascript:alert('sni')</style><img src=x onerror=alert(2)>";

fn dns_query(name: &str) -> Vec<u8> {
    let mut m = vec![0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
    for label in name.split('.') {
        m.push(label.len() as u8);
        m.extend_from_slice(label.as_bytes());
    }
    m.extend_from_slice(&[0, 0, 1, 0, 1]);
    m
}

fn client_hello(sni: &str) -> Vec<u8> {
    let name = sni.as_bytes();
    let mut ext = vec![0, 0];
    ext.extend_from_slice(&((name.len() + 5) as u16).to_be_bytes());
    ext.extend_from_slice(&((name.len() + 3) as u16).to_be_bytes());
    ext.push(0);
    ext.extend_from_slice(&(name.len() as u16).to_be_bytes());
    ext.extend_from_slice(name);
    let mut body = vec![3, 3];
    body.extend_from_slice(&[7; 32]);
    body.push(0); // session id
    body.extend_from_slice(&[0, 2, 0x13, 0x01]); // one cipher suite
    body.extend_from_slice(&[1, 0]); // null compression
    body.extend_from_slice(&(ext.len() as u16).to_be_bytes());
    body.extend_from_slice(&ext);
    let mut hs = vec![1, 0];
    hs.extend_from_slice(&(body.len() as u16).to_be_bytes());
    hs.extend_from_slice(&body);
    let mut rec = vec![0x16, 3, 1];
    rec.extend_from_slice(&(hs.len() as u16).to_be_bytes());
    rec.extend_from_slice(&hs);
    rec
}

fn tcp(out: bool, t: Tcp) -> Vec<u8> {
    let (s, d, sm, dm) = if out { (CLIENT, SERVER, A, B) } else { (SERVER, CLIENT, B, A) };
    Eth::new(sm, dm).ipv4(Ipv4::new(s, d).ttl(64)).tcp(t).build()
}

/// A handshake, one request segment, and the server's ACK.
fn exchange(port: u16, cport: u16, isn: u32, payload: &[u8]) -> Vec<Vec<u8>> {
    let sisn = isn ^ 0x5555;
    vec![
        tcp(true, Tcp::new(cport, port).seq(isn).flags(F::SYN).mss(1460)),
        tcp(false, Tcp::new(port, cport).seq(sisn).ack(isn + 1).flags(F::SYN | F::ACK).mss(1460)),
        tcp(true, Tcp::new(cport, port).seq(isn + 1).ack(sisn + 1).flags(F::ACK)),
        tcp(true, Tcp::new(cport, port).seq(isn + 1).ack(sisn + 1).flags(F::PSH | F::ACK).payload(payload)),
        tcp(false, Tcp::new(port, cport).seq(sisn + 1).ack(isn + 1 + payload.len() as u32).flags(F::ACK)),
    ]
}

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/views");
    std::fs::create_dir_all(&dir).expect("create tests/fixtures/views");
    let file = BufWriter::new(File::create(dir.join("hostile_names.pcap")).expect("create the fixture"));
    let mut out = PcapWriter::new(file, 1, 262144, false).expect("write pcap header");
    let mut frames: Vec<Vec<u8>> = Vec::new();
    frames.push(Eth::new(A, B).ipv4(Ipv4::new(CLIENT, SERVER).ttl(64)).udp(Udp::new(40000, 53).payload(&dns_query(DNS_NAME))).build());
    let request = format!("GET / HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: </style>\r\n\r\n");
    frames.extend(exchange(80, 40001, 1000, request.as_bytes()));
    frames.extend(exchange(443, 40002, 5000, &client_hello(SNI)));
    // Refused: a SYN answered with RST-ACK.
    frames.push(tcp(true, Tcp::new(40003, 23).seq(9000).flags(F::SYN)));
    frames.push(tcp(false, Tcp::new(23, 40003).seq(0).ack(9001).flags(F::RST | F::ACK)));
    for (i, f) in frames.iter().enumerate() {
        let ts = Timestamp::new(1_795_683_600, i as u64 * 10_000_000);
        out.write_packet(ts, f, f.len() as u32).expect("write frame");
    }
    out.flush().expect("flush");
}
