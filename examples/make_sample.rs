//! Writes `samples/sample.pcap`, the small capture the README's first command
//! analyses: one client's morning, seen at the client, with a healthy web
//! request, a refused telnet (three tries), an unanswered HTTPS SYN, a UDP
//! port unreachable, a connection reset mid-stream and a small SYN scan of
//! the client.
//!
//!     cargo run --example make_sample            # rewrites samples/sample.pcap

use std::fs::File;
use std::io::BufWriter;
use tcpsleuth::capture::PcapWriter;
use tcpsleuth::time::Timestamp;
use tcpsleuth::wire::build::*;
use tcpsleuth::wire::TcpFlags as F;

const CLIENT_MAC: [u8; 6] = [0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10]; // Intel
const ROUTER_MAC: [u8; 6] = [0x00, 0x00, 0x0c, 0x07, 0xac, 0x01]; // Cisco
const CLIENT: [u8; 4] = [192, 168, 1, 10];
const RESOLVER: [u8; 4] = [192, 168, 1, 1];
const WEB: [u8; 4] = [203, 0, 113, 80];
const TELNET: [u8; 4] = [203, 0, 113, 25];
const DEAD: [u8; 4] = [198, 51, 100, 7];
const SCANNER: [u8; 4] = [198, 51, 100, 66];

struct Sample {
    /// Frames with their time in microseconds; written sorted, as a capture would be.
    frames: Vec<(i64, Vec<u8>)>,
    t0: i64,
    ip_id: u16,
}

impl Sample {
    fn put(&mut self, at_us: i64, frame: Vec<u8>) {
        self.frames.push((at_us, frame));
    }

    fn write(mut self, out: &mut PcapWriter<BufWriter<File>>) {
        self.frames.sort_by_key(|f| f.0);
        for (at_us, frame) in &self.frames {
            let ts = Timestamp::new(self.t0 + at_us / 1_000_000, (at_us % 1_000_000) as u64 * 1000);
            out.write_packet(ts, frame, frame.len() as u32).expect("write sample");
        }
        out.flush().expect("flush sample");
    }

    /// A TCP segment from the client (TTL 64) or towards it (TTL 52, 12 hops away).
    fn tcp(&mut self, at_us: i64, outbound: bool, peer: [u8; 4], tcp: Tcp) {
        self.ip_id = self.ip_id.wrapping_add(1);
        let frame = if outbound {
            Eth::new(CLIENT_MAC, ROUTER_MAC).ipv4(Ipv4::new(CLIENT, peer).ttl(64).id(self.ip_id).df()).tcp(tcp).build()
        } else {
            Eth::new(ROUTER_MAC, CLIENT_MAC).ipv4(Ipv4::new(peer, CLIENT).ttl(52).id(0).df()).tcp(tcp).build()
        };
        self.put(at_us, frame);
    }
}

fn dns_query(id: u16, name: &str, response: Option<[u8; 4]>) -> Vec<u8> {
    let mut m = Vec::new();
    m.extend_from_slice(&id.to_be_bytes());
    m.extend_from_slice(if response.is_some() { &[0x81, 0x80] } else { &[0x01, 0x00] });
    m.extend_from_slice(&[0, 1, 0, response.is_some() as u8, 0, 0, 0, 0]);
    for label in name.split('.') {
        m.push(label.len() as u8);
        m.extend_from_slice(label.as_bytes());
    }
    m.extend_from_slice(&[0, 0, 1, 0, 1]);
    if let Some(a) = response {
        m.extend_from_slice(&[0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4]);
        m.extend_from_slice(&a);
    }
    m
}

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/sample.pcap");
    let file = BufWriter::new(File::create(&path).expect("create samples/sample.pcap"));
    let mut out = PcapWriter::new(file, 1, 262144, false).expect("write pcap header");
    let mut s = Sample { frames: Vec::new(), t0: 1_795_683_600, ip_id: 0x4a00 };

    // 1. DNS lookup of the web server.
    let q = dns_query(0x1f2e, "www.example.com", None);
    let frame = Eth::new(CLIENT_MAC, ROUTER_MAC).ipv4(Ipv4::new(CLIENT, RESOLVER).ttl(64).id(0x4a00)).udp(Udp::new(41234, 53).payload(&q)).build();
    s.put(0, frame);
    let r = dns_query(0x1f2e, "www.example.com", Some(WEB));
    let frame = Eth::new(ROUTER_MAC, CLIENT_MAC).ipv4(Ipv4::new(RESOLVER, CLIENT).ttl(64).id(0x1100)).udp(Udp::new(53, 41234).payload(&r)).build();
    s.put(2_100, frame);

    // 2. A healthy HTTP request: handshake, request, two-segment response, FIN close.
    let (c, w) = (0x1000_0000u32, 0x8000_0000u32);
    let syn = |t: Tcp| t.mss(1460).sack_perm().ts(1000, 0).nop().ws(7);
    s.tcp(10_000, true, WEB, syn(Tcp::new(51000, 80).seq(c).flags(F::SYN).window(64240)));
    s.tcp(34_000, false, WEB, Tcp::new(80, 51000).seq(w).ack(c + 1).flags(F::SYN | F::ACK).window(65160).mss(1460).sack_perm().ts(5000, 1000).nop().ws(7));
    s.tcp(34_200, true, WEB, Tcp::new(51000, 80).seq(c + 1).ack(w + 1).flags(F::ACK).window(502));
    let get = b"GET / HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: curl/8.5\r\n\r\n";
    s.tcp(34_500, true, WEB, Tcp::new(51000, 80).seq(c + 1).ack(w + 1).flags(F::PSH | F::ACK).window(502).payload(get));
    let body = vec![b'x'; 1448];
    let g = get.len() as u32;
    s.tcp(59_000, false, WEB, Tcp::new(80, 51000).seq(w + 1).ack(c + 1 + g).flags(F::ACK).window(509).payload(&body));
    s.tcp(59_100, false, WEB, Tcp::new(80, 51000).seq(w + 1 + 1448).ack(c + 1 + g).flags(F::PSH | F::ACK).window(509).payload(&body[..600]));
    s.tcp(59_300, true, WEB, Tcp::new(51000, 80).seq(c + 1 + g).ack(w + 1 + 2048).flags(F::ACK).window(501));
    s.tcp(61_000, true, WEB, Tcp::new(51000, 80).seq(c + 1 + g).ack(w + 1 + 2048).flags(F::FIN | F::ACK).window(501));
    s.tcp(85_000, false, WEB, Tcp::new(80, 51000).seq(w + 1 + 2048).ack(c + 2 + g).flags(F::FIN | F::ACK).window(509));
    s.tcp(85_100, true, WEB, Tcp::new(51000, 80).seq(c + 2 + g).ack(w + 2 + 2048).flags(F::ACK).window(501));

    // 3. telnet to a host with nothing listening on port 23: refused three times, 1 s apart.
    for (i, port) in [52525u16, 45254, 37983].into_iter().enumerate() {
        let t = 2_000_000 + i as i64 * 1_000_000;
        let isn = 0x2000_0000 + i as u32 * 7919;
        s.tcp(t, true, TELNET, syn(Tcp::new(port, 23).seq(isn).flags(F::SYN).window(64240)));
        s.tcp(t + 23_000, false, TELNET, Tcp::new(23, port).seq(0).ack(isn + 1).flags(F::RST | F::ACK).window(0));
    }

    // 4. HTTPS to a host that never answers: the kernel retries the SYN at 1, 3 and 7 s.
    for dt in [0i64, 1_000_000, 3_000_000, 7_000_000] {
        s.tcp(6_000_000 + dt, true, DEAD, syn(Tcp::new(40112, 443).seq(0x3000_0000).flags(F::SYN).window(64240)));
    }

    // 5. A request reset by the server after the first response bytes.
    let (c, w) = (0x5000_0000u32, 0x6000_0000u32);
    s.tcp(8_000_000, true, WEB, syn(Tcp::new(51010, 8080).seq(c).flags(F::SYN).window(64240)));
    s.tcp(8_024_000, false, WEB, Tcp::new(8080, 51010).seq(w).ack(c + 1).flags(F::SYN | F::ACK).window(65160).mss(1460).sack_perm().ts(9000, 1000).nop().ws(7));
    s.tcp(8_024_200, true, WEB, Tcp::new(51010, 8080).seq(c + 1).ack(w + 1).flags(F::ACK).window(502));
    let post = b"POST /upload HTTP/1.1\r\nHost: www.example.com\r\nContent-Length: 5\r\n\r\nhello";
    s.tcp(8_024_400, true, WEB, Tcp::new(51010, 8080).seq(c + 1).ack(w + 1).flags(F::PSH | F::ACK).window(502).payload(post));
    s.tcp(8_049_000, false, WEB, Tcp::new(8080, 51010).seq(w + 1).ack(c + 1 + post.len() as u32).flags(F::RST | F::ACK).window(0));

    // 6. A syslog datagram to a host without syslog: ICMP port unreachable comes back.
    let dgram = Ipv4::new(CLIENT, WEB).ttl(64).id(0x4b00).udp(Udp::new(39000, 514).payload(b"<14>tcpsleuth sample")).build();
    let frame = Eth::new(CLIENT_MAC, ROUTER_MAC).ipv4(Ipv4::new(CLIENT, WEB).ttl(64).id(0x4b00)).udp(Udp::new(39000, 514).payload(b"<14>tcpsleuth sample")).build();
    s.put(9_000_000, frame);
    let frame = Eth::new(ROUTER_MAC, CLIENT_MAC).ipv4(Ipv4::new(WEB, CLIENT).ttl(52).id(0x2200)).icmp(Icmp::dest_unreachable(3, &dgram)).build();
    s.put(9_024_000, frame);

    // 7. An outside host SYN-scans the client's ports 1-100; only ssh (22) is open.
    for (i, port) in (1u16..=100).enumerate() {
        let t = 10_000_000 + i as i64 * 2_000;
        let probe = Tcp::new(61234, port).seq(0x7000_0000).flags(F::SYN).window(1024).mss(1460);
        let frame = Eth::new(ROUTER_MAC, CLIENT_MAC).ipv4(Ipv4::new(SCANNER, CLIENT).ttl(45).id(0x3131 + i as u16)).tcp(probe).build();
        s.put(t, frame);
        let reply = if port == 22 {
            Tcp::new(22, 61234).seq(0x9000_0000).ack(0x7000_0001).flags(F::SYN | F::ACK).window(64240).mss(1460)
        } else {
            Tcp::new(port, 61234).seq(0).ack(0x7000_0001).flags(F::RST | F::ACK).window(0)
        };
        let frame = Eth::new(CLIENT_MAC, ROUTER_MAC).ipv4(Ipv4::new(CLIENT, SCANNER).ttl(64).id(0).df()).tcp(reply).build();
        s.put(t + 300, frame);
        if port == 22 {
            let rst = Tcp::new(61234, 22).seq(0x7000_0001).flags(F::RST).window(0);
            let frame = Eth::new(ROUTER_MAC, CLIENT_MAC).ipv4(Ipv4::new(SCANNER, CLIENT).ttl(45).id(0x3200)).tcp(rst).build();
            s.put(t + 900, frame);
        }
    }
    s.write(&mut out);
    eprintln!("wrote {}", path.display());
}
