//! Writes the two attack captures of `bench/floods.sh`:
//!
//! * `syn` — N TCP SYNs to 198.51.100.10:80 from random spoofed IPv4 sources
//!   and ports, 1 µs apart (a SYN flood nobody answers);
//! * `frag` — N tiny IPv4 first fragments (8 bytes of payload, MF set), each
//!   of its own datagram (random source and IP ID), that never complete.
//!
//! `cargo run --release --example gen_floods -- syn 2000000 OUT.pcap`
//!
//! One template packet is built with the packet builder; each copy patches
//! addresses, ports and IDs and recomputes the checksums, so a million packets
//! take about a second. A fixed xorshift seed makes the output reproducible.

use std::io::BufWriter;
use std::net::IpAddr;
use tcpsleuth::capture::PcapWriter;
use tcpsleuth::time::Timestamp;
use tcpsleuth::wire::build::*;
use tcpsleuth::wire::{checksum, TcpFlags};

/// Deterministic xorshift64* generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

const ETH: usize = 14;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (kind, n, path) = match args.as_slice() {
        [_, k, n, p] => (k.as_str(), n.parse::<u64>().expect("count"), p),
        _ => {
            eprintln!("usage: gen_floods syn|frag COUNT OUT.pcap");
            std::process::exit(2);
        }
    };
    let file = std::fs::File::create(path).expect("create output");
    let mut w = PcapWriter::new(BufWriter::with_capacity(1 << 20, file), 1, 262_144, false).unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let eth = Eth::new([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]);
    let mut pkt = match kind {
        "syn" => eth
            .ipv4(Ipv4::new([1, 1, 1, 1], [198, 51, 100, 10]).ttl(64))
            .tcp(Tcp::new(1, 80).flags(TcpFlags::SYN).window(64240).mss(1460))
            .build(),
        "frag" => eth
            .ipv4(Ipv4::new([1, 1, 1, 1], [198, 51, 100, 10]).mf().protocol(17))
            .payload(&[0u8; 8])
            .build(),
        _ => panic!("kind must be syn or frag"),
    };
    let ip_len = ((pkt[ETH] & 0xf) as usize) * 4;
    for i in 0..n {
        let r = rng.next();
        // A public-looking unicast source: first octet 1..=223, never 127.
        let mut src = (r as u32).to_be_bytes();
        src[0] = 1 + (src[0] % 223);
        if src[0] == 127 {
            src[0] = 128;
        }
        pkt[ETH + 12..ETH + 16].copy_from_slice(&src);
        pkt[ETH + 4..ETH + 6].copy_from_slice(&((r >> 32) as u16).to_be_bytes());
        pkt[ETH + 10..ETH + 12].copy_from_slice(&[0, 0]);
        let sum = checksum::checksum(&pkt[ETH..ETH + ip_len]);
        pkt[ETH + 10..ETH + 12].copy_from_slice(&sum.to_be_bytes());
        if kind == "syn" {
            let t = ETH + ip_len;
            pkt[t..t + 2].copy_from_slice(&(1024 + (r >> 48) as u16 % 64000).to_be_bytes());
            pkt[t + 4..t + 8].copy_from_slice(&((r >> 16) as u32).to_be_bytes());
            pkt[t + 16..t + 18].copy_from_slice(&[0, 0]);
            let s: IpAddr = IpAddr::from(src);
            let d: IpAddr = IpAddr::from([198, 51, 100, 10]);
            let sum = checksum::transport(s, d, 6, &pkt[t..]);
            pkt[t + 16..t + 18].copy_from_slice(&sum.to_be_bytes());
        }
        let ts = Timestamp::new(1_700_000_000 + (i / 1_000_000) as i64, (i % 1_000_000) * 1000);
        w.write_packet(ts, &pkt, pkt.len() as u32).unwrap();
    }
    w.flush().unwrap();
}
