//! Test support: packet ladders built as [`Summary`]s.

use super::ScanDetector;
use crate::time::Timestamp;
use crate::wire::summary::{
    FragmentInfo, IcmpDigest, Quoted, Summary, TcpDigest, TcpFlags, TcpOptionsDigest, Transport,
    UdpDigest,
};
use std::net::IpAddr;

pub const S: u16 = TcpFlags::SYN;
pub const A: u16 = TcpFlags::ACK;
pub const R: u16 = TcpFlags::RST;
pub const F: u16 = TcpFlags::FIN;
pub const P: u16 = TcpFlags::PSH;
pub const U: u16 = TcpFlags::URG;

/// A consumer of summaries.
pub trait Observe {
    fn observe(&mut self, s: &Summary);
}

impl Observe for ScanDetector {
    fn observe(&mut self, s: &Summary) {
        ScanDetector::observe(self, s)
    }
}

impl Observe for crate::analysis::floods::FloodDetector {
    fn observe(&mut self, s: &Summary) {
        crate::analysis::floods::FloodDetector::observe(self, s)
    }
}

impl Observe for crate::analysis::services::ServiceTracker {
    fn observe(&mut self, s: &Summary) {
        crate::analysis::services::ServiceTracker::observe(self, s)
    }
}

/// A tiny capture fed to a detector: packets get increasing frame numbers
/// and times (100 µs apart).
pub struct Ladder<D> {
    pub det: D,
    frame: u64,
    ns: i64,
}

pub fn ip(s: &str) -> IpAddr {
    s.parse().expect("address")
}

pub fn base(src: &str, dst: &str, transport: Transport) -> Summary {
    Summary {
        frame: 0,
        source: 0,
        ts: Timestamp::default(),
        wire_len: 60,
        vlan: None,
        src: ip(src),
        dst: ip(dst),
        ttl: 64,
        ip_id: 0,
        ip_len: 40,
        fragment: None::<FragmentInfo>,
        ip_checksum_ok: Some(true),
        l4_checksum_ok: Some(true),
        truncated: false,
        tunneled: false,
        carries: None,
        head: Default::default(),
        transport,
    }
}

pub fn tcp(sport: u16, dport: u16, flags: u16, len: u32, window: u16) -> Transport {
    Transport::Tcp(TcpDigest {
        sport,
        dport,
        seq: 1,
        ack: 0,
        flags: TcpFlags(flags),
        window,
        urgent: 0,
        payload_len: len,
        header_len: 20,
        options: TcpOptionsDigest::default(),
        payload_hash: 0,
    })
}

pub fn udp(sport: u16, dport: u16, len: u32) -> Transport {
    Transport::Udp(UdpDigest {
        sport,
        dport,
        payload_len: len,
    })
}

pub fn icmp(v6: bool, kind: u8, code: u8, quoted: Option<Quoted>) -> Transport {
    Transport::Icmp(IcmpDigest {
        v6,
        kind,
        code,
        id: 7,
        seq: 1,
        len: 8,
        quoted,
    })
}

impl<D: Observe> Ladder<D> {
    pub fn new(det: D) -> Self {
        Ladder {
            det,
            frame: 0,
            ns: 1_700_000_000_000_000_000,
        }
    }
    pub fn with(det: D) -> Self {
        Ladder::new(det)
    }
    /// Advances the clock by `us` microseconds.
    pub fn wait(&mut self, us: i64) {
        self.ns += us * 1000;
    }
    pub fn send(&mut self, src: &str, dst: &str, t: Transport) {
        self.frame += 1;
        self.ns += 100_000;
        let mut s = base(src, dst, t);
        s.frame = self.frame;
        s.ts = Timestamp::from_nanos(self.ns as i128);
        self.det.observe(&s);
    }
    pub fn tcp(&mut self, src: &str, sport: u16, dst: &str, dport: u16, flags: u16, len: u32) {
        self.send(src, dst, tcp(sport, dport, flags, len, 0));
    }
}

/// A conversation with data from `client` to `server:port`.
pub fn conversation<D: Observe>(
    l: &mut Ladder<D>,
    client: &str,
    cport: u16,
    server: &str,
    port: u16,
) {
    l.tcp(client, cport, server, port, S, 0);
    l.tcp(server, port, client, cport, S | A, 0);
    l.tcp(client, cport, server, port, A, 0);
    l.tcp(client, cport, server, port, P | A, 300);
    l.tcp(server, port, client, cport, P | A, 1400);
    l.tcp(client, cport, server, port, F | A, 0);
    l.tcp(server, port, client, cport, F | A, 0);
    l.tcp(client, cport, server, port, A, 0);
}

/// The part of an ICMP error that quotes a UDP datagram.
pub fn quoted_udp(src: &str, dst: &str, sport: u16, dport: u16) -> Quoted {
    Quoted {
        src: ip(src),
        dst: ip(dst),
        proto: 17,
        sport,
        dport,
        tcp_seq: None,
        tcp_flags: None,
        icmp_id: None,
    }
}
