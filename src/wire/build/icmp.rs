//! ICMP (RFC 792) and ICMPv6 (RFC 4443, Neighbor Discovery RFC 4861) messages.
//!
//! Both share one shape: type, code, checksum, four "rest of header" bytes,
//! then a body (echo data, the quoted offending packet, ND fields and options).

use crate::wire::checksum;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An ICMPv4 message; the checksum covers it whole and is computed unless set.
#[derive(Clone, Debug)]
pub struct Icmp {
    kind: u8,
    code: u8,
    checksum: Option<u16>,
    /// Bytes 4..8: identifier and sequence, gateway, next-hop MTU, or unused.
    rest: [u8; 4],
    body: Vec<u8>,
}

impl Icmp {
    /// Any type and code, rest of header zero, no body.
    pub fn new(kind: u8, code: u8) -> Icmp {
        Icmp {
            kind,
            code,
            checksum: None,
            rest: [0; 4],
            body: Vec::new(),
        }
    }
    /// Type 8.
    pub fn echo_request(id: u16, seq: u16) -> Icmp {
        Icmp::new(8, 0).rest(id_seq(id, seq))
    }
    /// Type 0.
    pub fn echo_reply(id: u16, seq: u16) -> Icmp {
        Icmp::new(0, 0).rest(id_seq(id, seq))
    }
    /// Type 3 quoting (the start of) the packet that could not be delivered.
    pub fn dest_unreachable(code: u8, quoted: &[u8]) -> Icmp {
        Icmp::new(3, code).data(quoted)
    }
    /// Type 11 (code 0 TTL exceeded in transit, 1 reassembly time exceeded).
    pub fn time_exceeded(code: u8, quoted: &[u8]) -> Icmp {
        Icmp::new(11, code).data(quoted)
    }
    /// Type 5 (code 0 network, 1 host, …) naming the better gateway.
    pub fn redirect(code: u8, gateway: impl Into<Ipv4Addr>, quoted: &[u8]) -> Icmp {
        Icmp::new(5, code)
            .rest(gateway.into().octets())
            .data(quoted)
    }
    /// Next-hop MTU of a "fragmentation needed" (type 3 code 4), RFC 1191.
    pub fn mtu(mut self, mtu: u16) -> Icmp {
        self.rest[2..4].copy_from_slice(&mtu.to_be_bytes());
        self
    }
    /// Sets bytes 4..8 of the header.
    pub fn rest(mut self, rest: [u8; 4]) -> Icmp {
        self.rest = rest;
        self
    }
    /// Appends body bytes (echo data, quoted packet).
    pub fn data(mut self, bytes: &[u8]) -> Icmp {
        self.body.extend_from_slice(bytes);
        self
    }
    /// Forces the checksum (e.g. a wrong one).
    pub fn checksum(mut self, c: u16) -> Icmp {
        self.checksum = Some(c);
        self
    }
    pub(super) fn emit(&self, inner: Vec<u8>) -> Vec<u8> {
        let mut m = message(self.kind, self.code, self.rest, &self.body, &inner);
        let sum = self.checksum.unwrap_or_else(|| checksum::checksum(&m));
        m[2..4].copy_from_slice(&sum.to_be_bytes());
        m
    }
}

fn id_seq(id: u16, seq: u16) -> [u8; 4] {
    let (i, s) = (id.to_be_bytes(), seq.to_be_bytes());
    [i[0], i[1], s[0], s[1]]
}

fn message(kind: u8, code: u8, rest: [u8; 4], body: &[u8], inner: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(8 + body.len() + inner.len());
    m.extend_from_slice(&[kind, code, 0, 0]);
    m.extend_from_slice(&rest);
    m.extend_from_slice(body);
    m.extend_from_slice(inner);
    m
}

/// A Neighbor Discovery option (RFC 4861 §4.6), padded to 8n bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NdOption {
    /// Type 1.
    SourceLinkAddr([u8; 6]),
    /// Type 2.
    TargetLinkAddr([u8; 6]),
    /// Type 3: prefix length, flags (L = 0x80, A = 0x40), valid and preferred lifetimes.
    Prefix {
        /// Prefix length in bits.
        len: u8,
        /// L (0x80) and A (0x40) flags.
        flags: u8,
        /// Valid lifetime in seconds.
        valid: u32,
        /// Preferred lifetime in seconds.
        preferred: u32,
        /// The prefix.
        prefix: Ipv6Addr,
    },
    /// Type 5.
    Mtu(u32),
    /// Any type with raw data.
    Raw(u8, Vec<u8>),
}

impl NdOption {
    fn emit(&self, out: &mut Vec<u8>) {
        let (kind, data) = match self {
            NdOption::SourceLinkAddr(m) => (1, m.to_vec()),
            NdOption::TargetLinkAddr(m) => (2, m.to_vec()),
            NdOption::Prefix {
                len,
                flags,
                valid,
                preferred,
                prefix,
            } => {
                let mut d = vec![*len, *flags];
                d.extend_from_slice(&valid.to_be_bytes());
                d.extend_from_slice(&preferred.to_be_bytes());
                d.extend_from_slice(&[0; 4]);
                d.extend_from_slice(&prefix.octets());
                (3, d)
            }
            NdOption::Mtu(mtu) => (5, [&[0u8, 0][..], &mtu.to_be_bytes()].concat()),
            NdOption::Raw(kind, data) => (*kind, data.clone()),
        };
        let units = (2 + data.len()).div_ceil(8);
        out.extend_from_slice(&[kind, units.min(255) as u8]);
        out.extend_from_slice(&data);
        out.resize(out.len() + units * 8 - 2 - data.len(), 0);
    }
}

/// An ICMPv6 message; the checksum (with the IPv6 pseudo-header) is computed unless set.
#[derive(Clone, Debug)]
pub struct Icmpv6 {
    kind: u8,
    code: u8,
    checksum: Option<u16>,
    rest: [u8; 4],
    body: Vec<u8>,
}

impl Icmpv6 {
    /// Any type and code, rest of header zero, no body.
    pub fn new(kind: u8, code: u8) -> Icmpv6 {
        Icmpv6 {
            kind,
            code,
            checksum: None,
            rest: [0; 4],
            body: Vec::new(),
        }
    }
    /// Type 128.
    pub fn echo_request(id: u16, seq: u16) -> Icmpv6 {
        Icmpv6::new(128, 0).rest(id_seq(id, seq))
    }
    /// Type 129.
    pub fn echo_reply(id: u16, seq: u16) -> Icmpv6 {
        Icmpv6::new(129, 0).rest(id_seq(id, seq))
    }
    /// Type 1 (code 4 = port unreachable) quoting the offending packet.
    pub fn dest_unreachable(code: u8, quoted: &[u8]) -> Icmpv6 {
        Icmpv6::new(1, code).data(quoted)
    }
    /// Type 2 with the MTU of the next hop.
    pub fn packet_too_big(mtu: u32, quoted: &[u8]) -> Icmpv6 {
        Icmpv6::new(2, 0).rest(mtu.to_be_bytes()).data(quoted)
    }
    /// Type 3 (code 0 hop limit exceeded, 1 reassembly time exceeded).
    pub fn time_exceeded(code: u8, quoted: &[u8]) -> Icmpv6 {
        Icmpv6::new(3, code).data(quoted)
    }
    /// Type 133 Router Solicitation.
    pub fn router_solicit() -> Icmpv6 {
        Icmpv6::new(133, 0)
    }
    /// Type 134 Router Advertisement: cur hop limit, M/O flags (0x80/0x40), router lifetime (s),
    /// reachable time and retrans timer (ms).
    pub fn router_advert(
        hop_limit: u8,
        flags: u8,
        lifetime: u16,
        reachable: u32,
        retrans: u32,
    ) -> Icmpv6 {
        let l = lifetime.to_be_bytes();
        Icmpv6::new(134, 0)
            .rest([hop_limit, flags, l[0], l[1]])
            .data(&reachable.to_be_bytes())
            .data(&retrans.to_be_bytes())
    }
    /// Type 135 Neighbor Solicitation for `target`.
    pub fn neighbor_solicit(target: Ipv6Addr) -> Icmpv6 {
        Icmpv6::new(135, 0).data(&target.octets())
    }
    /// Type 136 Neighbor Advertisement; flags R = 0x80, S = 0x40, O = 0x20.
    pub fn neighbor_advert(target: Ipv6Addr, flags: u8) -> Icmpv6 {
        Icmpv6::new(136, 0)
            .rest([flags, 0, 0, 0])
            .data(&target.octets())
    }
    /// Appends a Neighbor Discovery option.
    pub fn option(mut self, o: NdOption) -> Icmpv6 {
        o.emit(&mut self.body);
        self
    }
    /// Sets bytes 4..8 of the header.
    pub fn rest(mut self, rest: [u8; 4]) -> Icmpv6 {
        self.rest = rest;
        self
    }
    /// Appends body bytes (echo data, quoted packet, ND fields).
    pub fn data(mut self, bytes: &[u8]) -> Icmpv6 {
        self.body.extend_from_slice(bytes);
        self
    }
    /// Forces the checksum (e.g. a wrong one).
    pub fn checksum(mut self, c: u16) -> Icmpv6 {
        self.checksum = Some(c);
        self
    }
    pub(super) fn emit(&self, inner: Vec<u8>, ip: Option<(IpAddr, IpAddr)>) -> Vec<u8> {
        let mut m = message(self.kind, self.code, self.rest, &self.body, &inner);
        let sum = self
            .checksum
            .or_else(|| ip.map(|(a, b)| checksum::transport(a, b, 58, &m)))
            .unwrap_or(0);
        m[2..4].copy_from_slice(&sum.to_be_bytes());
        m
    }
}
