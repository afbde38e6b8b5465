//! TCP (RFC 9293) and UDP (RFC 768) headers with their pseudo-header checksums.

use crate::wire::checksum;
use std::net::IpAddr;

/// A TCP option, written in the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TcpOpt {
    /// Kind 0: End of Option List.
    Eol,
    /// Kind 1: No-Operation.
    Nop,
    /// Kind 2: Maximum Segment Size.
    Mss(u16),
    /// Kind 3: Window Scale shift count.
    Ws(u8),
    /// Kind 4: SACK permitted.
    SackPerm,
    /// Kind 5: SACK blocks (left edge, right edge).
    Sack(Vec<(u32, u32)>),
    /// Kind 8: Timestamps (TSval, TSecr).
    Ts(u32, u32),
    /// Any kind with raw data; the length byte is 2 + data length.
    Raw(u8, Vec<u8>),
}

impl TcpOpt {
    fn emit(&self, out: &mut Vec<u8>) {
        match self {
            TcpOpt::Eol => out.push(0),
            TcpOpt::Nop => out.push(1),
            TcpOpt::Mss(m) => out.extend_from_slice(&[2, 4, (m >> 8) as u8, *m as u8]),
            TcpOpt::Ws(s) => out.extend_from_slice(&[3, 3, *s]),
            TcpOpt::SackPerm => out.extend_from_slice(&[4, 2]),
            TcpOpt::Sack(blocks) => {
                out.extend_from_slice(&[5, (2 + 8 * blocks.len()).min(255) as u8]);
                for (l, r) in blocks {
                    out.extend_from_slice(&l.to_be_bytes());
                    out.extend_from_slice(&r.to_be_bytes());
                }
            }
            TcpOpt::Ts(val, ecr) => {
                out.extend_from_slice(&[8, 10]);
                out.extend_from_slice(&val.to_be_bytes());
                out.extend_from_slice(&ecr.to_be_bytes());
            }
            TcpOpt::Raw(kind, data) => {
                out.extend_from_slice(&[*kind, (2 + data.len()).min(255) as u8]);
                out.extend_from_slice(data);
            }
        }
    }
}

/// A TCP header and payload; data offset and checksum computed unless set.
#[derive(Clone, Debug)]
pub struct Tcp {
    sport: u16,
    dport: u16,
    seq: u32,
    ack: u32,
    /// Header length in 32-bit words; `None` = from the options.
    data_offset: Option<u8>,
    /// Flag bits as [`TcpFlags`](crate::wire::TcpFlags) numbers them (AE = 0x100).
    flags: u16,
    /// The three reserved bits between data offset and AE.
    reserved: u8,
    window: u16,
    checksum: Option<u16>,
    urgent: u16,
    options: Vec<TcpOpt>,
    payload: Vec<u8>,
}

impl Tcp {
    /// Window 65535, no flags, no options.
    pub fn new(sport: u16, dport: u16) -> Tcp {
        Tcp {
            sport,
            dport,
            seq: 0,
            ack: 0,
            data_offset: None,
            flags: 0,
            reserved: 0,
            window: 65535,
            checksum: None,
            urgent: 0,
            options: Vec::new(),
            payload: Vec::new(),
        }
    }
    /// Sets the sequence number.
    pub fn seq(mut self, seq: u32) -> Tcp {
        self.seq = seq;
        self
    }
    /// Sets the acknowledgment number.
    pub fn ack(mut self, ack: u32) -> Tcp {
        self.ack = ack;
        self
    }
    /// Sets all flag bits, e.g. `TcpFlags::SYN | TcpFlags::ACK`.
    pub fn flags(mut self, flags: u16) -> Tcp {
        self.flags = flags & 0x1ff;
        self
    }
    /// Sets the three reserved bits.
    pub fn reserved(mut self, bits: u8) -> Tcp {
        self.reserved = bits & 7;
        self
    }
    /// Sets the (unscaled) window.
    pub fn window(mut self, w: u16) -> Tcp {
        self.window = w;
        self
    }
    /// Sets the urgent pointer.
    pub fn urgent(mut self, u: u16) -> Tcp {
        self.urgent = u;
        self
    }
    /// Forces the data offset (header length in 32-bit words).
    pub fn data_offset(mut self, words: u8) -> Tcp {
        self.data_offset = Some(words);
        self
    }
    /// Forces the checksum (e.g. a wrong one).
    pub fn checksum(mut self, c: u16) -> Tcp {
        self.checksum = Some(c);
        self
    }
    /// Appends an option.
    pub fn option(mut self, o: TcpOpt) -> Tcp {
        self.options.push(o);
        self
    }
    /// Appends MSS (kind 2).
    pub fn mss(self, mss: u16) -> Tcp {
        self.option(TcpOpt::Mss(mss))
    }
    /// Appends Window Scale (kind 3).
    pub fn ws(self, shift: u8) -> Tcp {
        self.option(TcpOpt::Ws(shift))
    }
    /// Appends SACK-permitted (kind 4).
    pub fn sack_perm(self) -> Tcp {
        self.option(TcpOpt::SackPerm)
    }
    /// Appends SACK blocks (kind 5).
    pub fn sack(self, blocks: &[(u32, u32)]) -> Tcp {
        self.option(TcpOpt::Sack(blocks.to_vec()))
    }
    /// Appends Timestamps (kind 8).
    pub fn ts(self, val: u32, ecr: u32) -> Tcp {
        self.option(TcpOpt::Ts(val, ecr))
    }
    /// Appends a NOP (kind 1).
    pub fn nop(self) -> Tcp {
        self.option(TcpOpt::Nop)
    }
    /// Appends an End of Option List (kind 0).
    pub fn eol(self) -> Tcp {
        self.option(TcpOpt::Eol)
    }
    /// Appends an option of any kind with raw data.
    pub fn opt_raw(self, kind: u8, data: &[u8]) -> Tcp {
        self.option(TcpOpt::Raw(kind, data.to_vec()))
    }
    /// Sets the payload.
    pub fn payload(mut self, bytes: &[u8]) -> Tcp {
        self.payload = bytes.to_vec();
        self
    }
    pub(super) fn emit(&self, inner: Vec<u8>, ip: Option<(IpAddr, IpAddr)>) -> Vec<u8> {
        let mut opts = Vec::new();
        for o in &self.options {
            o.emit(&mut opts);
        }
        // Pad with EOL (zero) bytes to a 32-bit boundary, as RFC 9293 §3.1 allows.
        opts.resize(opts.len().div_ceil(4) * 4, 0);
        let words = self
            .data_offset
            .unwrap_or(((20 + opts.len()) / 4).min(15) as u8);
        let mut s = Vec::with_capacity(20 + opts.len() + self.payload.len() + inner.len());
        s.extend_from_slice(&self.sport.to_be_bytes());
        s.extend_from_slice(&self.dport.to_be_bytes());
        s.extend_from_slice(&self.seq.to_be_bytes());
        s.extend_from_slice(&self.ack.to_be_bytes());
        s.push((words & 0xf) << 4 | (self.reserved & 7) << 1 | (self.flags >> 8) as u8 & 1);
        s.push(self.flags as u8);
        s.extend_from_slice(&self.window.to_be_bytes());
        s.extend_from_slice(&[0, 0]);
        s.extend_from_slice(&self.urgent.to_be_bytes());
        s.extend_from_slice(&opts);
        s.extend_from_slice(&self.payload);
        s.extend_from_slice(&inner);
        let sum = self
            .checksum
            .or_else(|| ip.map(|(a, b)| checksum::transport(a, b, 6, &s)))
            .unwrap_or(0);
        s[16..18].copy_from_slice(&sum.to_be_bytes());
        s
    }
}

/// A UDP header and payload; length and checksum computed unless set.
#[derive(Clone, Debug)]
pub struct Udp {
    sport: u16,
    dport: u16,
    len: Option<u16>,
    /// `Some(0)` = "no checksum" (IPv4 only, RFC 768).
    checksum: Option<u16>,
    payload: Vec<u8>,
}

impl Udp {
    /// Ports only; length and checksum computed.
    pub fn new(sport: u16, dport: u16) -> Udp {
        Udp {
            sport,
            dport,
            len: None,
            checksum: None,
            payload: Vec::new(),
        }
    }
    /// Forces the length field.
    pub fn len(mut self, len: u16) -> Udp {
        self.len = Some(len);
        self
    }
    /// Forces the checksum (0 = none).
    pub fn checksum(mut self, c: u16) -> Udp {
        self.checksum = Some(c);
        self
    }
    /// Sets the payload.
    pub fn payload(mut self, bytes: &[u8]) -> Udp {
        self.payload = bytes.to_vec();
        self
    }
    pub(super) fn emit(&self, inner: Vec<u8>, ip: Option<(IpAddr, IpAddr)>) -> Vec<u8> {
        let total = 8 + self.payload.len() + inner.len();
        let mut s = Vec::with_capacity(total);
        s.extend_from_slice(&self.sport.to_be_bytes());
        s.extend_from_slice(&self.dport.to_be_bytes());
        s.extend_from_slice(&self.len.unwrap_or(total.min(0xffff) as u16).to_be_bytes());
        s.extend_from_slice(&[0, 0]);
        s.extend_from_slice(&self.payload);
        s.extend_from_slice(&inner);
        let sum = self.checksum.unwrap_or_else(|| match ip {
            // RFC 768: a computed zero is sent as all ones (zero means "none").
            Some((a, b)) => match checksum::transport(a, b, 17, &s) {
                0 => 0xffff,
                c => c,
            },
            None => 0,
        });
        s[6..8].copy_from_slice(&sum.to_be_bytes());
        s
    }
}
