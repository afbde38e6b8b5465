//! Small-scale versions of `bench/floods.sh`, run through the real binary:
//! answers stay right and runs stay short when sources are spoofed.

use std::net::Ipv4Addr;
use crate::support::capture::pcap_file;
use crate::support::run;
use tcpsleuth::time::Timestamp;
use tcpsleuth::wire::build::*;
use tcpsleuth::wire::TcpFlags;

/// `n` SYNs to 198.51.100.10:80, each from its own source address.
fn syn_flood(n: u32) -> std::path::PathBuf {
    let syns = (0..n).map(|i| {
        let src = Ipv4Addr::from(0x0b00_0000 + i);
        let p = Eth::new([2; 6], [4; 6])
            .ipv4(Ipv4::new(src, [198, 51, 100, 10]))
            .tcp(Tcp::new(1024 + (i % 60000) as u16, 80).seq(i).flags(TcpFlags::SYN))
            .build();
        let len = p.len() as u32;
        (Timestamp::new(1_700_000_000, i as u64 * 1000), p, len)
    });
    pcap_file(&format!("hostile-synflood-{n}.pcap"), syns)
}

/// Beyond the exact-count limit the report must not print a precise, wrong number.
#[test]
fn syn_flood_from_more_sources_than_counted_says_so() {
    let n = tcpsleuth::analysis::floods::MAX_SOURCES_COUNTED as u32 + 5_000;
    let path = syn_flood(n);
    let out = run(["scans", "-r", &path.display().to_string()]);
    let _ = std::fs::remove_file(&path);
    let text = out.stdout;
    assert!(text.contains("SYN FLOOD"), "no flood reported: {text}");
    assert!(text.contains("SYNs from more than 65536 sources"), "source count: {text}");
}
