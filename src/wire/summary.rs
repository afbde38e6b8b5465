//! The owned digest of one decoded packet that later stages keep.
//!
//! Flow tracking and analysis never hold frame bytes: they receive a
//! [`Summary`] (a few dozen bytes, `Copy`) built once per packet by
//! [`Summary::from_decoded`](crate::wire::Decoded::summary).

use crate::time::Timestamp;
use crate::wire::Tunnel;
use std::net::IpAddr;

/// Payload bytes kept per packet: enough for protocol signatures (a DNS
/// header, a TLS record plus handshake type, `PROPFIND `), small enough
/// that the per-packet digest stays cheap to copy.
pub const HEAD_LEN: usize = 16;

/// The first captured TCP/UDP payload bytes of a packet, for protocol
/// detection (flow::service). Empty when there is no captured payload.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PayloadHead {
    len: u8,
    bytes: [u8; HEAD_LEN],
}

impl PayloadHead {
    /// Keeps the first [`HEAD_LEN`] bytes of `payload`.
    pub fn new(payload: &[u8]) -> PayloadHead {
        let n = payload.len().min(HEAD_LEN);
        let mut bytes = [0; HEAD_LEN];
        bytes[..n].copy_from_slice(&payload[..n]);
        PayloadHead { len: n as u8, bytes }
    }
    /// The kept bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes[..(self.len as usize).min(HEAD_LEN)]
    }
    /// True when no payload byte was captured.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// True when all [`HEAD_LEN`] bytes are kept.
    pub fn is_full(&self) -> bool {
        self.len as usize >= HEAD_LEN
    }
    /// Appends what fits of `more` (the next bytes of the same stream).
    pub fn extend(&mut self, more: &[u8]) {
        let at = (self.len as usize).min(HEAD_LEN);
        let n = more.len().min(HEAD_LEN - at);
        self.bytes[at..at + n].copy_from_slice(&more[..n]);
        self.len = (at + n) as u8;
    }
}

/// TCP flag bits as they sit in the header's 9 low bits of bytes 12–13.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TcpFlags(pub u16);

impl TcpFlags {
    pub const FIN: u16 = 0x001;
    pub const SYN: u16 = 0x002;
    pub const RST: u16 = 0x004;
    pub const PSH: u16 = 0x008;
    pub const ACK: u16 = 0x010;
    pub const URG: u16 = 0x020;
    pub const ECE: u16 = 0x040;
    pub const CWR: u16 = 0x080;
    /// AccECN / the old "NS" nonce bit.
    pub const AE: u16 = 0x100;

    /// True when every bit of `mask` is set.
    pub fn has(self, mask: u16) -> bool {
        self.0 & mask == mask
    }
    pub fn syn(self) -> bool { self.has(Self::SYN) }
    pub fn ack(self) -> bool { self.has(Self::ACK) }
    pub fn fin(self) -> bool { self.has(Self::FIN) }
    pub fn rst(self) -> bool { self.has(Self::RST) }
    pub fn psh(self) -> bool { self.has(Self::PSH) }
    pub fn urg(self) -> bool { self.has(Self::URG) }
}

/// TCP options a flow tracker cares about (the full list stays in the wire view).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TcpOptionsDigest {
    pub mss: Option<u16>,
    pub wscale: Option<u8>,
    pub sack_permitted: bool,
    /// (TSval, TSecr)
    pub timestamps: Option<(u32, u32)>,
    /// Number of SACK blocks carried (0 when none).
    pub sack_blocks: u8,
    /// Highest right edge among the SACK blocks, when any.
    pub sack_max_right: Option<u32>,
}

/// TCP part of a summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TcpDigest {
    pub sport: u16,
    pub dport: u16,
    pub seq: u32,
    pub ack: u32,
    pub flags: TcpFlags,
    /// Raw (unscaled) window field.
    pub window: u16,
    pub urgent: u16,
    /// Payload bytes as the IP length implies (may exceed what was captured).
    pub payload_len: u32,
    /// Header length in bytes (data offset × 4).
    pub header_len: u8,
    pub options: TcpOptionsDigest,
    /// Hash of the first captured payload bytes (0 when none), to match the
    /// same segment across two captures (`walk::payload_hash`).
    pub payload_hash: u32,
}

/// UDP part of a summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UdpDigest {
    pub sport: u16,
    pub dport: u16,
    /// Payload bytes per the UDP length field (or the IP length when that is bad).
    pub payload_len: u32,
}

/// The transport header of the packet an ICMP error quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quoted {
    pub src: IpAddr,
    pub dst: IpAddr,
    /// IP protocol number of the quoted packet.
    pub proto: u8,
    pub sport: u16,
    pub dport: u16,
    /// TCP sequence number of the quoted segment, when it was quoted.
    pub tcp_seq: Option<u32>,
    /// TCP flags of the quoted segment, when quoted (RFC 792 quotes 8 bytes only).
    pub tcp_flags: Option<TcpFlags>,
    /// ICMP echo id when the quoted packet is an ICMP echo.
    pub icmp_id: Option<u16>,
}

/// ICMP or ICMPv6 part of a summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IcmpDigest {
    /// ICMPv6 (true) or ICMPv4 (false).
    pub v6: bool,
    pub kind: u8,
    pub code: u8,
    /// Identifier of echo request/reply (0 otherwise).
    pub id: u16,
    /// Sequence of echo request/reply (0 otherwise).
    pub seq: u16,
    /// ICMP message length after the IP header (for byte counting).
    pub len: u32,
    /// The quoted packet of an error message.
    pub quoted: Option<Quoted>,
}

impl IcmpDigest {
    /// Destination unreachable, time exceeded, parameter problem, source quench,
    /// redirect (v4) / packet too big (v6): messages that quote a packet.
    pub fn is_error(&self) -> bool {
        crate::wire::icmp::quotes_packet(self.v6, self.kind)
    }
    /// Echo request (ICMP 8, ICMPv6 128).
    pub fn is_echo_request(&self) -> bool {
        if self.v6 { self.kind == 128 } else { self.kind == 8 }
    }
    /// Echo reply (ICMP 0, ICMPv6 129).
    pub fn is_echo_reply(&self) -> bool {
        if self.v6 { self.kind == 129 } else { self.kind == 0 }
    }
}

/// The transport layer of a summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    Tcp(TcpDigest),
    Udp(UdpDigest),
    Icmp(IcmpDigest),
    /// Another IP protocol, or a non-first fragment (`proto` is the IP protocol).
    Other { proto: u8, payload_len: u32 },
}

/// Fragment fields of an IPv4 header or IPv6 fragment header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FragmentInfo {
    /// Offset in bytes.
    pub offset: u32,
    pub more: bool,
    /// The IPv4 ID or IPv6 fragment identification.
    pub id: u32,
}

/// Owned digest of one IP packet (ARP and non-IP frames get none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    /// 1-based frame number in the merged input.
    pub frame: u64,
    /// Index of the input file.
    pub source: u16,
    pub ts: Timestamp,
    /// Frame length on the wire.
    pub wire_len: u32,
    /// Outermost VLAN id, when tagged (keeps flows on different VLANs apart).
    pub vlan: Option<u16>,
    pub src: IpAddr,
    pub dst: IpAddr,
    /// TTL (IPv4) or hop limit (IPv6).
    pub ttl: u8,
    /// IPv4 identification (0 for IPv6).
    pub ip_id: u16,
    /// IP length: IPv4 total length as the header says (0 under segmentation
    /// offload, as Zeek counts it), or 40 + IPv6 payload length.
    pub ip_len: u32,
    /// Set when the packet is a fragment (first or later).
    pub fragment: Option<FragmentInfo>,
    /// IPv4 header checksum verdict (`None` for IPv6 or when not fully captured).
    pub ip_checksum_ok: Option<bool>,
    /// Transport checksum verdict (`None` when the segment was not fully captured).
    pub l4_checksum_ok: Option<bool>,
    /// The packet was cut short (snaplen or malformed lengths).
    pub truncated: bool,
    /// True when this summary describes a packet inside a tunnel.
    pub tunneled: bool,
    /// The tunnel this packet's payload was opened as (the carrier side of
    /// a decapsulation; the inner packet follows as its own summary).
    pub carries: Option<Tunnel>,
    pub transport: Transport,
    /// First captured bytes of the TCP/UDP payload (empty otherwise).
    pub head: PayloadHead,
}

impl Summary {
    /// The TCP digest, when this is a TCP segment.
    pub fn tcp(&self) -> Option<&TcpDigest> {
        match &self.transport {
            Transport::Tcp(t) => Some(t),
            _ => None,
        }
    }
    /// The UDP digest, when this is a UDP datagram.
    pub fn udp(&self) -> Option<&UdpDigest> {
        match &self.transport {
            Transport::Udp(u) => Some(u),
            _ => None,
        }
    }
    /// The ICMP digest, when this is ICMP or ICMPv6.
    pub fn icmp(&self) -> Option<&IcmpDigest> {
        match &self.transport {
            Transport::Icmp(i) => Some(i),
            _ => None,
        }
    }
    /// IP protocol number of the transport.
    pub fn proto(&self) -> u8 {
        match &self.transport {
            Transport::Tcp(_) => 6,
            Transport::Udp(_) => 17,
            Transport::Icmp(i) => if i.v6 { 58 } else { 1 },
            Transport::Other { proto, .. } => *proto,
        }
    }
    /// (source port, destination port) for TCP and UDP.
    pub fn ports(&self) -> Option<(u16, u16)> {
        match &self.transport {
            Transport::Tcp(t) => Some((t.sport, t.dport)),
            Transport::Udp(u) => Some((u.sport, u.dport)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_stays_small() {
        // Built and copied for every packet: the payload head may not bloat it.
        let size = std::mem::size_of::<Summary>();
        eprintln!("Summary: {size} bytes");
        assert!(size <= 184, "Summary is {size} bytes");
    }

    #[test]
    fn head_keeps_the_first_bytes_and_extends() {
        let mut h = PayloadHead::new(b"GE");
        h.extend(b"T / HTTP/1.1\r\nHost: x");
        assert_eq!(h.as_slice(), b"GET / HTTP/1.1\r\n");
        assert!(h.is_full());
        assert!(PayloadHead::new(b"").is_empty());
    }
}
