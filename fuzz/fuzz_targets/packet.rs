//! Structure-aware: IPv4/IPv6 packets built field by field with the packet
//! builder (TCP with arbitrary options, UDP, ICMP/ICMPv6 errors quoting
//! further packets — ICMP errors quoting ICMP errors included — IPv4 options,
//! IPv6 extension chains), then cut and bit-flipped, then decoded under every
//! link type that can carry them and printed.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use tcpsleuth::wire::build::*;

#[path = "../common/exercise.rs"]
mod exercise;

#[derive(Arbitrary, Debug)]
enum Opt {
    Eol,
    Nop,
    Mss(u16),
    Ws(u8),
    SackPerm,
    Sack(Vec<(u32, u32)>),
    Ts(u32, u32),
    Raw(u8, Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum L4 {
    Tcp {
        ports: (u16, u16),
        seq: u32,
        ack: u32,
        flags: u16,
        window: u16,
        urgent: u16,
        data_offset: Option<u8>,
        opts: Vec<Opt>,
        payload: Vec<u8>,
    },
    Udp { ports: (u16, u16), len: Option<u16>, payload: Vec<u8> },
    Icmp { kind: u8, code: u8, rest: [u8; 4], quoted: Option<Box<Pkt>>, data: Vec<u8> },
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum ExtA {
    Hop(Vec<u8>),
    Dest(Vec<u8>),
    Routing(u8, u8, Vec<u8>),
    Frag(u16, bool, u32),
}

#[derive(Arbitrary, Debug)]
struct Pkt {
    v6: bool,
    src: [u8; 16],
    dst: [u8; 16],
    ihl: Option<u8>,
    total_len: Option<u16>,
    flags: u8,
    frag: u16,
    id: u16,
    proto: Option<u8>,
    v4_opts: Vec<u8>,
    exts: Vec<ExtA>,
    l4: L4,
    /// Cut the built packet to this many bytes (mod length + 1).
    cut: Option<u16>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    link: u8,
    pkt: Pkt,
    flips: Vec<(u16, u8)>,
}

fn tcp_opt(o: &Opt) -> TcpOpt {
    match o {
        Opt::Eol => TcpOpt::Eol,
        Opt::Nop => TcpOpt::Nop,
        Opt::Mss(m) => TcpOpt::Mss(*m),
        Opt::Ws(s) => TcpOpt::Ws(*s),
        Opt::SackPerm => TcpOpt::SackPerm,
        Opt::Sack(b) => TcpOpt::Sack(b.iter().take(8).copied().collect()),
        Opt::Ts(a, b) => TcpOpt::Ts(*a, *b),
        Opt::Raw(k, d) => TcpOpt::Raw(*k, d.iter().take(64).copied().collect()),
    }
}

fn l4_layer(l4: &L4, v6: bool, depth: u8) -> Layer {
    match l4 {
        L4::Tcp { ports, seq, ack, flags, window, urgent, data_offset, opts, payload } => {
            let mut t = Tcp::new(ports.0, ports.1).seq(*seq).ack(*ack).flags(*flags).window(*window).urgent(*urgent);
            for o in opts.iter().take(16) {
                t = t.option(tcp_opt(o));
            }
            if let Some(d) = data_offset {
                t = t.data_offset(*d);
            }
            Layer::Tcp(t.payload(payload))
        }
        L4::Udp { ports, len, payload } => {
            let mut u = Udp::new(ports.0, ports.1).payload(payload);
            if let Some(l) = len {
                u = u.len(*l);
            }
            Layer::Udp(u)
        }
        L4::Icmp { kind, code, rest, quoted, data } => {
            let mut body = match quoted {
                Some(q) if depth < 4 => build_ip(q, depth + 1),
                _ => Vec::new(),
            };
            body.extend_from_slice(data);
            if v6 {
                Layer::Icmpv6(Icmpv6::new(*kind, *code).rest(*rest).data(&body))
            } else {
                Layer::Icmp(Icmp::new(*kind, *code).rest(*rest).data(&body))
            }
        }
        L4::Raw(b) => Layer::Raw(b.clone()),
    }
}

fn ip_layer(p: &Pkt) -> Layer {
    if p.v6 {
        let mut ip = Ipv6::new(p.src, p.dst);
        for e in p.exts.iter().take(8) {
            ip = ip.ext(match e {
                ExtA::Hop(o) => Ext::HopByHop(o.clone()),
                ExtA::Dest(o) => Ext::DestOpts(o.clone()),
                ExtA::Routing(k, s, d) => Ext::Routing { kind: *k, segments_left: *s, data: d.clone() },
                ExtA::Frag(o, m, id) => Ext::Fragment { offset: *o, more: *m, id: *id },
            });
        }
        if let Some(l) = p.total_len {
            ip = ip.payload_len(l);
        }
        if let Some(nh) = p.proto {
            ip = ip.next_header(nh);
        }
        Layer::Ipv6(ip)
    } else {
        let s: [u8; 4] = p.src[..4].try_into().unwrap();
        let d: [u8; 4] = p.dst[..4].try_into().unwrap();
        let mut ip = Ipv4::new(s, d).flags(p.flags).frag_offset(p.frag).id(p.id);
        if !p.v4_opts.is_empty() {
            ip = ip.option(&p.v4_opts[..p.v4_opts.len().min(40)]);
        }
        if let Some(ihl) = p.ihl {
            ip = ip.ihl(ihl);
        }
        if let Some(l) = p.total_len {
            ip = ip.total_len(l);
        }
        if let Some(pr) = p.proto {
            ip = ip.protocol(pr);
        }
        Layer::Ipv4(ip)
    }
}

fn build_ip(p: &Pkt, depth: u8) -> Vec<u8> {
    let mut bytes = Stack::default().push(ip_layer(p)).push(l4_layer(&p.l4, p.v6, depth)).build();
    if let Some(c) = p.cut {
        bytes.truncate(c as usize % (bytes.len() + 1));
    }
    bytes
}

fuzz_target!(|input: Input| {
    let ip = build_ip(&input.pkt, 0);
    let ethertype: u16 = if input.pkt.v6 { 0x86dd } else { 0x0800 };
    let (lt, mut frame) = match input.link % 5 {
        0 => (1, Eth::new([2; 6], [4; 6]).ethertype(ethertype).payload(&ip).build()),
        1 => (101, ip),
        2 => (if input.pkt.v6 { 229 } else { 228 }, ip),
        3 => (0, Null::new().family(if input.pkt.v6 { 30 } else { 2 }).payload(&ip).build()),
        _ => (276, Sll2::new(1, 0, &[2; 6]).protocol(ethertype).payload(&ip).build()),
    };
    for (at, mask) in input.flips.iter().take(8) {
        if !frame.is_empty() {
            let i = *at as usize % frame.len();
            frame[i] ^= mask;
        }
    }
    let mut p = exercise::Printers::new();
    p.frame(&exercise::frame_of(lt, &frame, 1));
});
