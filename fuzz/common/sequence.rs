//! Structure-aware packet sequences for the flow tracker and the analysis
//! stages: a handful of hosts and ports, TCP segments with any flag
//! combination (SYN/FIN/RST in any order), sequence numbers starting near
//! 2^32 so they wrap, payload, options, UDP datagrams, ICMP errors quoting
//! earlier segments, fragments, and time that jumps forward, stalls or goes
//! backwards. Every packet goes through the real decoder to a `Summary`.
#![allow(dead_code)]

use arbitrary::{Arbitrary, Result, Unstructured};
use tcpsleuth::time::Timestamp;
use tcpsleuth::wire::build::*;
use tcpsleuth::wire::{self, FrameMeta, Summary};

/// One step of a sequence.
#[derive(Arbitrary, Debug)]
pub enum Step {
    Tcp {
        /// Low bits: client index, server index, direction.
        who: u8,
        flags: u16,
        /// Offset of seq from the sender's ISN (wraps).
        seq_off: i32,
        /// Offset of ack from the receiver's ISN.
        ack_off: i32,
        window: u16,
        len: u8,
        opts: u8,
        dt: Dt,
    },
    Udp { who: u8, len: u8, dt: Dt },
    /// An ICMP error about the last packet (from a router or the destination).
    IcmpError { kind: u8, code: u8, quote_len: u8, dt: Dt },
    /// An IPv4 fragment of a datagram that may never complete.
    Fragment { who: u8, id: u16, offset: u16, more: bool, len: u8, dt: Dt },
    /// Re-send the previous frame unchanged (duplicate / retransmission).
    Repeat { dt: Dt },
}

/// Time advance before a step.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Dt {
    Micros(u16),
    Millis(u16),
    Seconds(u16),
    Back(u16),
    Huge(i64),
}

const CLIENTS: [[u8; 4]; 4] = [[10, 0, 0, 1], [10, 0, 0, 2], [192, 0, 2, 9], [0, 0, 0, 0]];
const SERVERS: [[u8; 4]; 3] = [[10, 0, 1, 1], [10, 0, 1, 2], [255, 255, 255, 255]];
const CPORTS: [u16; 3] = [40000, 40001, 0];
const SPORTS: [u16; 4] = [80, 443, 22, 53];

/// A generated sequence, ready to feed.
pub struct Sequence {
    pub v6: bool,
    pub isn: [u32; 2],
    pub steps: Vec<Step>,
}

impl<'a> Arbitrary<'a> for Sequence {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let v6 = u.arbitrary()?;
        // ISNs near the top of the sequence space so a short exchange wraps.
        let isn = [0xffff_ff00u32.wrapping_add(u.arbitrary::<u16>()? as u32), u.arbitrary()?];
        let mut steps = Vec::new();
        while !u.is_empty() && steps.len() < 512 {
            steps.push(u.arbitrary()?);
        }
        Ok(Sequence { v6, isn, steps })
    }
}

impl std::fmt::Debug for Sequence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "v6={} isn={:?} steps={:#?}", self.v6, self.isn, self.steps)
    }
}

fn addr(v6: bool, a: [u8; 4]) -> std::net::IpAddr {
    if v6 {
        let mut b = [0u8; 16];
        b[0] = 0x20;
        b[1] = 0x01;
        b[12..].copy_from_slice(&a);
        std::net::IpAddr::from(b)
    } else {
        std::net::IpAddr::from(a)
    }
}

fn ip_layer(v6: bool, src: std::net::IpAddr, dst: std::net::IpAddr) -> Layer {
    match (src, dst) {
        (std::net::IpAddr::V4(s), std::net::IpAddr::V4(d)) => Layer::Ipv4(Ipv4::new(s, d)),
        (std::net::IpAddr::V6(s), std::net::IpAddr::V6(d)) => Layer::Ipv6(Ipv6::new(s, d)),
        _ => unreachable!("{v6}"),
    }
}

/// Frames (timestamp, Ethernet bytes) of a sequence.
pub fn frames(seq: &Sequence) -> Vec<(Timestamp, Vec<u8>)> {
    let mut out: Vec<(Timestamp, Vec<u8>)> = Vec::new();
    let mut now: i128 = 1_700_000_000_000_000_000;
    let eth = || Eth::new([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]);
    for step in &seq.steps {
        let dt = match step {
            Step::Tcp { dt, .. } | Step::Udp { dt, .. } | Step::IcmpError { dt, .. } | Step::Fragment { dt, .. } | Step::Repeat { dt } => *dt,
        };
        now += match dt {
            Dt::Micros(n) => n as i128 * 1_000,
            Dt::Millis(n) => n as i128 * 1_000_000,
            Dt::Seconds(n) => n as i128 * 1_000_000_000,
            Dt::Back(n) => -(n as i128) * 1_000_000,
            Dt::Huge(n) => n as i128,
        };
        let ts = Timestamp::from_nanos(now);
        let frame = match step {
            Step::Tcp { who, flags, seq_off, ack_off, window, len, opts, .. } => {
                let (c, s, to_server) = ends(*who);
                let (src, dst) = if to_server { (c, s) } else { (s, c) };
                let (sp, dp) = ports(*who, to_server);
                let (mine, theirs) = if to_server { (seq.isn[0], seq.isn[1]) } else { (seq.isn[1], seq.isn[0]) };
                let mut t = Tcp::new(sp, dp)
                    .flags(*flags & 0x1ff)
                    .seq(mine.wrapping_add(*seq_off as u32))
                    .ack(theirs.wrapping_add(*ack_off as u32))
                    .window(*window);
                if opts & 1 != 0 {
                    t = t.mss(1460);
                }
                if opts & 2 != 0 {
                    t = t.ws(opts >> 4);
                }
                if opts & 4 != 0 {
                    t = t.sack_perm();
                }
                if opts & 8 != 0 {
                    t = t.sack(&[(theirs, theirs.wrapping_add(100)), (mine, mine.wrapping_sub(5))]);
                }
                if opts & 0x80 != 0 {
                    t = t.ts(now as u32, (now >> 10) as u32);
                }
                let payload = vec![b'x'; *len as usize];
                eth().push(ip_layer(seq.v6, addr(seq.v6, src), addr(seq.v6, dst))).tcp(t.payload(&payload)).build()
            }
            Step::Udp { who, len, .. } => {
                let (c, s, to_server) = ends(*who);
                let (src, dst) = if to_server { (c, s) } else { (s, c) };
                let (sp, dp) = ports(*who, to_server);
                let payload = vec![0u8; *len as usize];
                eth().push(ip_layer(seq.v6, addr(seq.v6, src), addr(seq.v6, dst))).udp(Udp::new(sp, dp).payload(&payload)).build()
            }
            Step::IcmpError { kind, code, quote_len, .. } => {
                let Some((_, last)) = out.last() else { continue };
                let ip = last.get(14..).unwrap_or(&[]);
                let quoted = &ip[..ip.len().min(*quote_len as usize)];
                let router = addr(seq.v6, [10, 9, 9, 9]);
                let victim = addr(seq.v6, CLIENTS[0]);
                if seq.v6 {
                    eth().push(ip_layer(true, router, victim)).icmpv6(Icmpv6::new(*kind % 5, *code).data(quoted)).build()
                } else {
                    eth().push(ip_layer(false, router, victim)).icmp(Icmp::new([3, 11, 12, 4, 5][*kind as usize % 5], *code).data(quoted)).build()
                }
            }
            Step::Fragment { who, id, offset, more, len, .. } => {
                let (c, s, _) = ends(*who);
                let mut ip = Ipv4::new(c, s).id(*id).frag_offset(*offset).protocol(6);
                if *more {
                    ip = ip.mf();
                }
                eth().ipv4(ip).payload(&vec![0u8; (*len as usize) * 8]).build()
            }
            Step::Repeat { .. } => match out.last() {
                Some((_, f)) => f.clone(),
                None => continue,
            },
        };
        out.push((ts, frame));
    }
    out
}

fn ends(who: u8) -> ([u8; 4], [u8; 4], bool) {
    (CLIENTS[who as usize & 3], SERVERS[(who as usize >> 2) % 3], who & 0x80 == 0)
}

fn ports(who: u8, to_server: bool) -> (u16, u16) {
    let c = CPORTS[(who as usize >> 4) % 3];
    let s = SPORTS[(who as usize >> 5) & 3];
    if to_server {
        (c, s)
    } else {
        (s, c)
    }
}

/// Decodes each frame and hands every summary (outer and tunnelled) to `f`.
pub fn summaries(frames: &[(Timestamp, Vec<u8>)], mut f: impl FnMut(&Summary)) {
    for (i, (ts, data)) in frames.iter().enumerate() {
        let d = wire::decode(1, data);
        let meta = FrameMeta { frame: i as u64 + 1, source: 0, ts: *ts, wire_len: data.len() as u32 };
        for s in d.summaries(meta) {
            f(&s);
        }
    }
}

/// Like [`summaries`], with IP fragments reassembled by `dfg` first;
/// `check` sees the defragmenter after every frame.
#[allow(dead_code)] // not every target reassembles
pub fn defragmented(
    frames: &[(Timestamp, Vec<u8>)],
    dfg: &mut tcpsleuth::flow::defrag::Defragmenter,
    mut check: impl FnMut(&tcpsleuth::flow::defrag::Defragmenter),
    mut f: impl FnMut(&Summary),
) {
    for (i, (ts, data)) in frames.iter().enumerate() {
        let d = wire::decode(1, data);
        let meta = FrameMeta { frame: i as u64 + 1, source: 0, ts: *ts, wire_len: data.len() as u32 };
        dfg.push(&d, meta, &mut f);
        check(dfg);
    }
}
