//! IPv4 (RFC 791) and IPv6 (RFC 8200) headers, IPv6 extension headers included.

use super::{proto_of, Layer, IP_NONE};
use crate::wire::checksum;
use std::net::{Ipv4Addr, Ipv6Addr};

/// An IPv4 header; length, protocol and checksum are computed unless set.
#[derive(Clone, Debug)]
pub struct Ipv4 {
    pub(super) src: Ipv4Addr,
    pub(super) dst: Ipv4Addr,
    version: u8,
    /// Header length in 32-bit words; `None` = from the options.
    ihl: Option<u8>,
    /// DSCP and ECN byte.
    tos: u8,
    total_len: Option<u16>,
    id: u16,
    /// The three flag bits: 0b100 reserved ("evil"), 0b010 DF, 0b001 MF.
    flags: u8,
    /// Fragment offset in 8-byte units (13 bits).
    frag_offset: u16,
    ttl: u8,
    protocol: Option<u8>,
    checksum: Option<u16>,
    /// Raw option bytes, zero-padded (EOL) to a multiple of 4.
    options: Vec<u8>,
}

impl Ipv4 {
    /// TTL 64, nothing else set.
    pub fn new(src: impl Into<Ipv4Addr>, dst: impl Into<Ipv4Addr>) -> Ipv4 {
        Ipv4 {
            src: src.into(),
            dst: dst.into(),
            version: 4,
            ihl: None,
            tos: 0,
            total_len: None,
            id: 0,
            flags: 0,
            frag_offset: 0,
            ttl: 64,
            protocol: None,
            checksum: None,
            options: Vec::new(),
        }
    }
    /// Forces the version nibble.
    pub fn version(mut self, v: u8) -> Ipv4 {
        self.version = v;
        self
    }
    /// Forces the IHL (header length in 32-bit words).
    pub fn ihl(mut self, words: u8) -> Ipv4 {
        self.ihl = Some(words);
        self
    }
    /// Sets the DSCP/ECN byte.
    pub fn tos(mut self, tos: u8) -> Ipv4 {
        self.tos = tos;
        self
    }
    /// Forces the total length.
    pub fn total_len(mut self, len: u16) -> Ipv4 {
        self.total_len = Some(len);
        self
    }
    /// Sets the identification.
    pub fn id(mut self, id: u16) -> Ipv4 {
        self.id = id;
        self
    }
    /// Sets the three flag bits at once (0b010 = DF, 0b001 = MF).
    pub fn flags(mut self, bits: u8) -> Ipv4 {
        self.flags = bits & 7;
        self
    }
    /// Don't Fragment.
    pub fn df(mut self) -> Ipv4 {
        self.flags |= 0b010;
        self
    }
    /// More Fragments.
    pub fn mf(mut self) -> Ipv4 {
        self.flags |= 0b001;
        self
    }
    /// Fragment offset in 8-byte units.
    pub fn frag_offset(mut self, units: u16) -> Ipv4 {
        self.frag_offset = units & 0x1fff;
        self
    }
    /// Sets the time to live.
    pub fn ttl(mut self, ttl: u8) -> Ipv4 {
        self.ttl = ttl;
        self
    }
    /// Forces the protocol number.
    pub fn protocol(mut self, p: u8) -> Ipv4 {
        self.protocol = Some(p);
        self
    }
    /// Forces the header checksum (e.g. a wrong one).
    pub fn checksum(mut self, c: u16) -> Ipv4 {
        self.checksum = Some(c);
        self
    }
    /// Appends raw option bytes (type, length, value…).
    pub fn option(mut self, bytes: &[u8]) -> Ipv4 {
        self.options.extend_from_slice(bytes);
        self
    }
    pub(super) fn emit(&self, inner: Vec<u8>, next: Option<&Layer>) -> Vec<u8> {
        let mut opts = self.options.clone();
        opts.resize(opts.len().div_ceil(4) * 4, 0);
        let hlen = 20 + opts.len();
        let ihl = self.ihl.unwrap_or((hlen / 4).min(15) as u8);
        let total = self
            .total_len
            .unwrap_or((hlen + inner.len()).min(0xffff) as u16);
        let flags_frag = (self.flags as u16 & 7) << 13 | (self.frag_offset & 0x1fff);
        let proto = self.protocol.unwrap_or_else(|| match proto_of(next) {
            IP_NONE => 0xff,
            p => p,
        });
        let mut h = Vec::with_capacity(hlen + inner.len());
        h.push((self.version & 0xf) << 4 | (ihl & 0xf));
        h.push(self.tos);
        h.extend_from_slice(&total.to_be_bytes());
        h.extend_from_slice(&self.id.to_be_bytes());
        h.extend_from_slice(&flags_frag.to_be_bytes());
        h.push(self.ttl);
        h.push(proto);
        h.extend_from_slice(&[0, 0]);
        h.extend_from_slice(&self.src.octets());
        h.extend_from_slice(&self.dst.octets());
        h.extend_from_slice(&opts);
        let sum = self.checksum.unwrap_or_else(|| checksum::checksum(&h));
        h[10..12].copy_from_slice(&sum.to_be_bytes());
        h.extend_from_slice(&inner);
        h
    }
}

/// An IPv6 extension header (RFC 8200 §4), chained automatically.
#[derive(Clone, Debug)]
pub enum Ext {
    /// Hop-by-Hop Options: raw option TLVs, padded with Pad1/PadN to 8n bytes.
    HopByHop(Vec<u8>),
    /// Destination Options: raw option TLVs, padded like Hop-by-Hop.
    DestOpts(Vec<u8>),
    /// Routing header: type, segments left, type-specific data (padded to 8n).
    Routing {
        /// Routing type.
        kind: u8,
        /// Segments left.
        segments_left: u8,
        /// Type-specific data (addresses for type 0).
        data: Vec<u8>,
    },
    /// Fragment header: offset in 8-byte units, M flag, identification.
    Fragment {
        /// Offset in 8-byte units.
        offset: u16,
        /// M flag: more fragments follow.
        more: bool,
        /// Identification.
        id: u32,
    },
}

impl Ext {
    fn code(&self) -> u8 {
        match self {
            Ext::HopByHop(_) => 0,
            Ext::Routing { .. } => 43,
            Ext::Fragment { .. } => 44,
            Ext::DestOpts(_) => 60,
        }
    }

    fn emit(&self, next: u8, out: &mut Vec<u8>) {
        match self {
            Ext::HopByHop(opts) | Ext::DestOpts(opts) => {
                let body = pad_options(opts);
                out.extend_from_slice(&[next, ((body.len() + 2) / 8 - 1) as u8]);
                out.extend_from_slice(&body);
            }
            Ext::Routing {
                kind,
                segments_left,
                data,
            } => {
                let mut body = vec![*kind, *segments_left];
                body.extend_from_slice(data);
                body.resize((body.len() + 2).div_ceil(8) * 8 - 2, 0);
                out.extend_from_slice(&[next, ((body.len() + 2) / 8 - 1) as u8]);
                out.extend_from_slice(&body);
            }
            Ext::Fragment { offset, more, id } => {
                let off = (offset & 0x1fff) << 3 | *more as u16;
                out.extend_from_slice(&[next, 0]);
                out.extend_from_slice(&off.to_be_bytes());
                out.extend_from_slice(&id.to_be_bytes());
            }
        }
    }
}

/// Pads option TLVs so that with the 2-byte header they fill 8n bytes (Pad1 or PadN).
fn pad_options(opts: &[u8]) -> Vec<u8> {
    let mut body = opts.to_vec();
    let pad = (body.len() + 2).div_ceil(8) * 8 - 2 - body.len();
    match pad {
        0 => {}
        1 => body.push(0),
        n => {
            body.extend_from_slice(&[1, (n - 2) as u8]);
            body.resize(body.len() + n - 2, 0);
        }
    }
    body
}

/// An IPv6 header with its extension headers; lengths and next headers computed unless set.
#[derive(Clone, Debug)]
pub struct Ipv6 {
    pub(super) src: Ipv6Addr,
    pub(super) dst: Ipv6Addr,
    traffic_class: u8,
    /// 20 bits.
    flow_label: u32,
    payload_len: Option<u16>,
    next_header: Option<u8>,
    hop_limit: u8,
    exts: Vec<Ext>,
}

impl Ipv6 {
    /// Hop limit 64, no extension headers.
    pub fn new(src: impl Into<Ipv6Addr>, dst: impl Into<Ipv6Addr>) -> Ipv6 {
        Ipv6 {
            src: src.into(),
            dst: dst.into(),
            traffic_class: 0,
            flow_label: 0,
            payload_len: None,
            next_header: None,
            hop_limit: 64,
            exts: Vec::new(),
        }
    }
    /// Sets the traffic class (DSCP/ECN).
    pub fn traffic_class(mut self, tc: u8) -> Ipv6 {
        self.traffic_class = tc;
        self
    }
    /// Sets the 20-bit flow label.
    pub fn flow_label(mut self, fl: u32) -> Ipv6 {
        self.flow_label = fl & 0xf_ffff;
        self
    }
    /// Forces the payload length.
    pub fn payload_len(mut self, len: u16) -> Ipv6 {
        self.payload_len = Some(len);
        self
    }
    /// Forces the first Next Header field.
    pub fn next_header(mut self, nh: u8) -> Ipv6 {
        self.next_header = Some(nh);
        self
    }
    /// Sets the hop limit.
    pub fn hop_limit(mut self, h: u8) -> Ipv6 {
        self.hop_limit = h;
        self
    }
    /// Appends an extension header (in the order given).
    pub fn ext(mut self, e: Ext) -> Ipv6 {
        self.exts.push(e);
        self
    }
    /// Appends a Hop-by-Hop Options header with these option TLVs.
    pub fn hop_by_hop(self, opts: &[u8]) -> Ipv6 {
        self.ext(Ext::HopByHop(opts.to_vec()))
    }
    /// Appends a Destination Options header with these option TLVs.
    pub fn dest_opts(self, opts: &[u8]) -> Ipv6 {
        self.ext(Ext::DestOpts(opts.to_vec()))
    }
    /// Appends a Routing header.
    pub fn routing(self, kind: u8, segments_left: u8, data: &[u8]) -> Ipv6 {
        self.ext(Ext::Routing {
            kind,
            segments_left,
            data: data.to_vec(),
        })
    }
    /// Fragment header: `offset` in 8-byte units, `more` = M flag.
    pub fn fragment(self, offset: u16, more: bool, id: u32) -> Ipv6 {
        self.ext(Ext::Fragment { offset, more, id })
    }
    pub(super) fn emit(&self, inner: Vec<u8>, next: Option<&Layer>) -> Vec<u8> {
        let mut exts = Vec::new();
        let codes: Vec<u8> = self
            .exts
            .iter()
            .map(Ext::code)
            .chain([proto_of(next)])
            .collect();
        for (e, next_code) in self.exts.iter().zip(codes.iter().skip(1)) {
            e.emit(*next_code, &mut exts);
        }
        let first = self
            .next_header
            .unwrap_or(codes.first().copied().unwrap_or(IP_NONE));
        let plen = self
            .payload_len
            .unwrap_or((exts.len() + inner.len()).min(0xffff) as u16);
        let vtf = 6u32 << 28 | (self.traffic_class as u32) << 20 | (self.flow_label & 0xf_ffff);
        let mut h = Vec::with_capacity(40 + exts.len() + inner.len());
        h.extend_from_slice(&vtf.to_be_bytes());
        h.extend_from_slice(&plen.to_be_bytes());
        h.extend_from_slice(&[first, self.hop_limit]);
        h.extend_from_slice(&self.src.octets());
        h.extend_from_slice(&self.dst.octets());
        h.extend_from_slice(&exts);
        h.extend_from_slice(&inner);
        h
    }
}

/// Splits a whole IP packet (IPv4, or IPv6 whose extension headers are all
/// fragmentable) into fragments carrying at most `chunk` payload bytes each
/// (rounded down to 8n, at least 8), in order: what a sending host does
/// (RFC 791 §3.2, RFC 8200 §4.5). IPv4 keeps its ID; IPv6 fragments get a
/// Fragment header with identification `id` right after the fixed header.
/// Returns the packet unchanged when it is not IP or too short to split.
pub fn fragment(packet: &[u8], chunk: usize, id: u32) -> Vec<Vec<u8>> {
    let chunk = (chunk / 8).max(1) * 8;
    match packet.first().map(|b| b >> 4) {
        Some(4) if packet.len() >= 20 => {
            let hl = ((packet[0] & 0xf) as usize * 4).clamp(20, packet.len());
            let (head, body) = packet.split_at(hl);
            let n = body.len().div_ceil(chunk).max(1);
            (0..n)
                .map(|i| {
                    let part = &body[(i * chunk).min(body.len())..((i + 1) * chunk).min(body.len())];
                    let mut f = head.to_vec();
                    f[2..4].copy_from_slice(&((hl + part.len()) as u16).to_be_bytes());
                    let field = ((i * chunk / 8) as u16 & 0x1fff) | if i + 1 < n { 0x2000 } else { 0 };
                    let df = u16::from_be_bytes([f[6], f[7]]) & 0x4000;
                    f[6..8].copy_from_slice(&(field | df).to_be_bytes());
                    f[10..12].copy_from_slice(&[0, 0]);
                    let sum = checksum::checksum(&f[..hl]);
                    f[10..12].copy_from_slice(&sum.to_be_bytes());
                    f.extend_from_slice(part);
                    f
                })
                .collect()
        }
        Some(6) if packet.len() >= 40 => {
            let (head, body) = packet.split_at(40);
            let n = body.len().div_ceil(chunk).max(1);
            (0..n)
                .map(|i| {
                    let part = &body[(i * chunk).min(body.len())..((i + 1) * chunk).min(body.len())];
                    let mut f = head.to_vec();
                    f[4..6].copy_from_slice(&((8 + part.len()) as u16).to_be_bytes());
                    f[6] = 44;
                    let off = ((i * chunk) as u16 & 0xfff8) | (i + 1 < n) as u16;
                    f.extend_from_slice(&[head[6], 0]);
                    f.extend_from_slice(&off.to_be_bytes());
                    f.extend_from_slice(&id.to_be_bytes());
                    f.extend_from_slice(part);
                    f
                })
                .collect()
        }
        _ => vec![packet.to_vec()],
    }
}
