//! Small-scale versions of `bench/floods.sh`, run through the real binary:
//! answers stay right and runs stay short when sources are spoofed.

use std::net::Ipv4Addr;
use std::process::Command;
use tcpsleuth::capture::PcapWriter;
use tcpsleuth::time::Timestamp;
use tcpsleuth::wire::build::*;
use tcpsleuth::wire::TcpFlags;

/// `n` SYNs to 198.51.100.10:80, each from its own source address.
fn syn_flood(n: u32) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("tcpsleuth-hostile-synflood-{}-{n}.pcap", std::process::id()));
    let file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut w = PcapWriter::new(file, 1, 262_144, false).unwrap();
    for i in 0..n {
        let src = Ipv4Addr::from(0x0b00_0000 + i);
        let p = Eth::new([2; 6], [4; 6])
            .ipv4(Ipv4::new(src, [198, 51, 100, 10]))
            .tcp(Tcp::new(1024 + (i % 60000) as u16, 80).seq(i).flags(TcpFlags::SYN))
            .build();
        w.write_packet(Timestamp::new(1_700_000_000, i as u64 * 1000), &p, p.len() as u32).unwrap();
    }
    w.flush().unwrap();
    path
}

/// Beyond the exact-count limit the report must not print a precise, wrong number.
#[test]
fn syn_flood_from_more_sources_than_counted_says_so() {
    let n = tcpsleuth::analysis::floods::MAX_SOURCES_COUNTED as u32 + 5_000;
    let path = syn_flood(n);
    let out = Command::new(env!("CARGO_BIN_EXE_tcpsleuth")).args(["scans", "-r"]).arg(&path).output().unwrap();
    let _ = std::fs::remove_file(&path);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("SYN FLOOD"), "no flood reported: {text}");
    assert!(text.contains("SYNs from more than 65536 sources"), "source count: {text}");
}
