//! Packet ladders: [`Summary`] values written by hand, as a capture at one
//! vantage point would hold them: client → server, flags, seq/ack, length.
//!
//! The one builder behind the ladder tests of every stage that reads
//! summaries (`flow`, `analysis`) and of the integration tests, so a test
//! reads as the ladder diagram it checks:
//!
//! ```
//! use tcpsleuth::wire::ladder::{Ladder, A, S};
//! let mut l = Ladder::new();
//! l.c(0, S, 100, 0, 0).s(1, S | A, 500, 101, 0).c(1, A, 101, 501, 0);
//! assert_eq!(l.out.len(), 3);
//! ```

use super::summary::{
    IcmpDigest, Quoted, Summary, TcpDigest, TcpFlags, TcpOptionsDigest, Transport, UdpDigest,
};
use crate::time::Timestamp;
use std::net::IpAddr;

/// SYN.
pub const S: u16 = TcpFlags::SYN;
/// ACK.
pub const A: u16 = TcpFlags::ACK;
/// FIN.
pub const F: u16 = TcpFlags::FIN;
/// RST.
pub const R: u16 = TcpFlags::RST;
/// PSH.
pub const P: u16 = TcpFlags::PSH;
/// URG.
pub const U: u16 = TcpFlags::URG;

/// Capture time of a ladder's first packet: 2023-11-14 22:13:20 UTC, in ns.
pub const T0_NS: i128 = 1_700_000_000_000_000_000;

/// An address literal (test input, so a typo is a test bug: 0.0.0.0).
pub fn ip(s: &str) -> IpAddr {
    s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

/// A summary from `src` to `dst` with plain defaults: TTL 64, checksums
/// good, not a fragment, frame 0 at [`T0_NS`], lengths from the transport.
pub fn summary(src: IpAddr, dst: IpAddr, transport: Transport) -> Summary {
    // Saturating: ladders test wild lengths (u32::MAX payloads) too.
    let ip_len = ip_header_len(src).saturating_add(transport_len(&transport));
    Summary {
        frame: 0,
        source: 0,
        ts: Timestamp::from_nanos(T0_NS),
        wire_len: ip_len.saturating_add(14),
        vlan: None,
        src,
        dst,
        ttl: 64,
        ip_id: 0,
        ip_len,
        fragment: None,
        ip_checksum_ok: Some(true),
        l4_checksum_ok: Some(true),
        truncated: false,
        tunneled: false,
        carries: None,
        head: Default::default(),
        transport,
    }
}

fn ip_header_len(src: IpAddr) -> u32 {
    if src.is_ipv6() {
        40
    } else {
        20
    }
}

fn transport_len(t: &Transport) -> u32 {
    match t {
        Transport::Tcp(d) => u32::from(d.header_len).saturating_add(d.payload_len),
        Transport::Udp(d) => d.payload_len.saturating_add(8),
        Transport::Icmp(d) => d.len,
        Transport::Other { payload_len, .. } => *payload_len,
    }
}

/// A TCP segment: 20-byte header, window 1000, no options, no urgent data.
pub fn tcp(sport: u16, dport: u16, flags: u16, seq: u32, ack: u32, len: u32) -> TcpDigest {
    TcpDigest {
        sport,
        dport,
        seq,
        ack,
        flags: TcpFlags(flags),
        window: 1000,
        urgent: 0,
        payload_len: len,
        header_len: 20,
        options: TcpOptionsDigest::default(),
        payload_hash: 0,
    }
}

/// A UDP datagram carrying `len` payload bytes.
pub fn udp(sport: u16, dport: u16, len: u32) -> Transport {
    Transport::Udp(UdpDigest { sport, dport, payload_len: len })
}

/// An ICMP (or ICMPv6) message of 8 bytes, id 7, seq 1, maybe quoting a packet.
pub fn icmp(v6: bool, kind: u8, code: u8, quoted: Option<Quoted>) -> Transport {
    Transport::Icmp(IcmpDigest { v6, kind, code, id: 7, seq: 1, len: 8, quoted })
}

/// The part of an ICMP error that quotes a UDP datagram `src:sport → dst:dport`.
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

/// A capture written by hand between a client and a server.
///
/// Every packet gets the next frame number, the current time, IP id equal
/// to its frame number and the TTL of its side ([`Ladder::cttl`],
/// [`Ladder::sttl`]); the clock moves only when told (`dt` or [`Ladder::wait`]).
#[derive(Clone, Debug)]
pub struct Ladder {
    /// The packets so far, in capture order.
    pub out: Vec<Summary>,
    pub client: IpAddr,
    pub server: IpAddr,
    pub cport: u16,
    pub sport: u16,
    /// TTL (hop limit) the client's packets arrive with at this vantage.
    pub cttl: u8,
    /// TTL (hop limit) the server's packets arrive with at this vantage.
    pub sttl: u8,
    /// Raw window of the segments [`Ladder::c`] and [`Ladder::s`] write.
    pub window: u16,
    /// Capture time of the next packet, ns since the epoch.
    pub now_ns: i128,
}

impl Default for Ladder {
    fn default() -> Self {
        Ladder::new()
    }
}

impl Ladder {
    /// 10.0.0.1:40000 → 10.0.0.2:8080, both TTL 64, starting at [`T0_NS`].
    pub fn new() -> Ladder {
        Ladder::between("10.0.0.1", 40000, "10.0.0.2", 8080)
    }

    /// A ladder between `client:cport` and `server:sport`.
    pub fn between(client: &str, cport: u16, server: &str, sport: u16) -> Ladder {
        Ladder {
            out: Vec::new(),
            client: ip(client),
            server: ip(server),
            cport,
            sport,
            cttl: 64,
            sttl: 64,
            window: 1000,
            now_ns: T0_NS,
        }
    }

    /// Moves the clock `ms` milliseconds on.
    pub fn wait(&mut self, ms: i64) -> &mut Self {
        self.wait_us(ms.saturating_mul(1000))
    }

    /// Moves the clock `us` microseconds on.
    pub fn wait_us(&mut self, us: i64) -> &mut Self {
        self.now_ns += i128::from(us) * 1000;
        self
    }

    /// Client → server segment, `dt` ms after the previous packet.
    pub fn c(&mut self, dt: i64, flags: u16, seq: u32, ack: u32, len: u32) -> &mut Self {
        self.wait(dt).segment(true, flags, seq, ack, len);
        self
    }

    /// Server → client segment, `dt` ms after the previous packet.
    pub fn s(&mut self, dt: i64, flags: u16, seq: u32, ack: u32, len: u32) -> &mut Self {
        self.wait(dt).segment(false, flags, seq, ack, len);
        self
    }

    /// The three-way handshake: client ISN 100, server ISN 500, 1 ms apart.
    pub fn handshake(&mut self) -> &mut Self {
        self.c(0, S, 100, 0, 0).s(1, S | A, 500, 101, 0).c(1, A, 101, 501, 0)
    }

    /// A segment between the ladder's endpoints, now; returned for tweaks.
    pub fn segment(&mut self, from_client: bool, flags: u16, seq: u32, ack: u32, len: u32) -> &mut Summary {
        let (src, dst, sp, dp) = if from_client {
            (self.client, self.server, self.cport, self.sport)
        } else {
            (self.server, self.client, self.sport, self.cport)
        };
        let mut t = tcp(sp, dp, flags, seq, ack, len);
        t.window = self.window;
        self.push(src, dst, Transport::Tcp(t))
    }

    /// A UDP datagram between the ladder's endpoints, now.
    pub fn datagram(&mut self, from_client: bool, len: u32) -> &mut Summary {
        let (src, dst, sp, dp) = if from_client {
            (self.client, self.server, self.cport, self.sport)
        } else {
            (self.server, self.client, self.sport, self.cport)
        };
        self.push(src, dst, udp(sp, dp, len))
    }

    /// Any packet from `src` to `dst`, now; returned for tweaks.
    pub fn push(&mut self, src: IpAddr, dst: IpAddr, transport: Transport) -> &mut Summary {
        let mut s = summary(src, dst, transport);
        s.frame = self.out.len() as u64 + 1;
        s.ts = Timestamp::from_nanos(self.now_ns);
        s.ip_id = s.frame as u16;
        s.ttl = if src == self.client {
            self.cttl
        } else if src == self.server {
            self.sttl
        } else {
            64
        };
        self.out.push(s);
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    /// The last packet written, for tweaks (checksums, fragments, options).
    ///
    /// Panics on an empty ladder: that is a bug in the test using it.
    pub fn last_mut(&mut self) -> &mut Summary {
        self.out.last_mut().expect("a packet written before last_mut")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handshake_is_three_segments_one_ms_apart_with_rising_frames() {
        let mut l = Ladder::new();
        l.handshake();
        let got: Vec<(u64, i128, u16)> =
            l.out.iter().map(|s| (s.frame, s.ts.as_nanos() - T0_NS, s.tcp().map_or(0, |t| t.flags.0))).collect();
        assert_eq!(got, vec![(1, 0, S), (2, 1_000_000, S | A), (3, 2_000_000, A)]);
    }

    #[test]
    fn lengths_follow_the_payload() {
        let mut l = Ladder::new();
        let s = l.segment(true, P | A, 1, 1, 100);
        assert_eq!((s.ip_len, s.wire_len), (140, 154));
    }
}
