//! The evidence a diagnosis works on: per conversation, the packets that
//! matter, already sorted into directions, with the retransmission and
//! zero-window marks a rule needs.
//!
//! This is the seam between packet tracking and the rules: rules read a
//! [`Conn`], never a [`Summary`](crate::wire::Summary), so they can be unit
//! tested with packet ladders built by hand ([`Conn::push`]).

use crate::time::Timestamp;
use crate::wire::TcpFlags;
use std::net::IpAddr;

/// Direction of a packet within a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dir {
    /// Client → server.
    C2S,
    /// Server → client.
    S2C,
}

impl Dir {
    /// 0 for client → server, 1 for server → client (array index).
    pub fn idx(self) -> usize {
        match self {
            Dir::C2S => 0,
            Dir::S2C => 1,
        }
    }
}

/// Transport of a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Proto {
    Tcp,
    Udp,
}

impl Proto {
    /// "tcp" or "udp".
    pub fn as_str(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
        }
    }
}

/// One packet of a conversation, as the rules see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pkt {
    pub frame: u64,
    pub ts: Timestamp,
    /// Index of the capture file.
    pub source: u16,
    pub dir: Dir,
    pub flags: TcpFlags,
    pub seq: u32,
    pub ack: u32,
    /// Payload bytes.
    pub len: u32,
    pub window: u16,
    pub ttl: u8,
    pub ip_id: u16,
    /// Payload hash (`wire::walk::payload_hash` of the first captured bytes).
    pub hash: u32,
    /// TCP timestamp option value, when present.
    pub tsval: Option<u32>,
    /// Set by the collector: data (or SYN/FIN) already sent before.
    pub retrans: bool,
    /// Set by the collector: advertises a zero receive window.
    pub zero_window: bool,
    /// MSS option of a SYN or SYN|ACK.
    pub mss: Option<u16>,
    /// Application header the rules read (TLS record, DNS header).
    pub app: super::app::App,
    /// SACK blocks carried (a receiver reporting a hole).
    pub sack: bool,
}

impl Pkt {
    /// A SYN without ACK.
    pub fn is_syn(&self) -> bool {
        self.flags.syn() && !self.flags.ack() && !self.flags.rst()
    }
    /// A SYN|ACK.
    pub fn is_synack(&self) -> bool {
        self.flags.syn() && self.flags.ack() && !self.flags.rst()
    }
    /// An RST (with or without ACK).
    pub fn is_rst(&self) -> bool {
        self.flags.rst()
    }
    /// A FIN (not RST).
    pub fn is_fin(&self) -> bool {
        self.flags.fin() && !self.flags.rst()
    }
    /// A bare ACK with no data, SYN, FIN or RST.
    pub fn is_pure_ack(&self) -> bool {
        self.flags.ack() && !self.flags.syn() && !self.flags.fin() && !self.flags.rst() && self.len == 0
    }
}

/// An ICMP or ICMPv6 error that quotes a packet of the conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IcmpErr {
    pub frame: u64,
    pub ts: Timestamp,
    pub source: u16,
    /// Who sent the error (a router, or the destination host itself).
    pub sender: IpAddr,
    pub v6: bool,
    pub kind: u8,
    pub code: u8,
    pub ttl: u8,
    /// The TCP sequence number quoted, when quoted.
    pub quoted_seq: Option<u32>,
    /// The quoted packet went client → server.
    pub quotes_c2s: bool,
}

/// Packets kept from the start of each conversation (the handshake, the
/// first request and answer).
pub const KEEP_FIRST: usize = 48;
/// Packets kept from the end of each conversation (how it ended).
pub const KEEP_LAST: usize = 16;
/// Packets kept per conversation at most (notable ones included: a storm of
/// retransmissions or RSTs must not grow without limit); later packets only
/// pass through the kept tail. Not applied with `keep_all` (`--peer`).
pub const KEEP_MAX: usize = 256;

/// One TCP connection (one client ISN) or one UDP conversation.
#[derive(Clone, Debug)]
pub struct Conn {
    pub proto: Proto,
    pub client: IpAddr,
    pub cport: u16,
    pub server: IpAddr,
    pub sport: u16,
    pub vlan: Option<u16>,
    /// The flow stage's connection id (None: only an ICMP error quoting it).
    pub flow_id: Option<u64>,
    /// True when the roles come from a SYN or SYN|ACK (else guessed from ports).
    pub roles_known: bool,
    /// Kept packets, in time order.
    pub pkts: Vec<Pkt>,
    /// ICMP errors quoting this conversation.
    pub icmp: Vec<IcmpErr>,
    /// Packets seen per direction.
    pub seen: [u64; 2],
    /// Payload bytes per direction (first transmissions only).
    pub bytes: [u64; 2],
    /// Data segments per direction.
    pub data_segs: [u64; 2],
    /// Retransmitted data segments per direction.
    pub retrans: [u64; 2],
    /// Packets not kept (beyond [`KEEP_FIRST`] + [`KEEP_LAST`], not notable).
    pub not_kept: u64,
    /// Keep every packet (two-capture matching needs them all).
    pub keep_all: bool,
    /// The latest unremarkable packets, merged into `pkts` by [`Conn::finalize`].
    pub(crate) tail: std::collections::VecDeque<Pkt>,
    pub first_ts: Timestamp,
    pub last_ts: Timestamp,
    /// Highest sequence number sent plus length, per direction.
    pub(crate) high: [Option<u32>; 2],
    /// Initial sequence number per direction (from SYN / SYN|ACK).
    pub isn: [Option<u32>; 2],
    /// Last window advertised per direction was zero.
    pub(crate) window_zero: [bool; 2],
    /// Where each direction's sender has its TTLs counted.
    pub(crate) host_slot: [super::vantage::HostSlot; 2],
}

/// `a` is at or before `b` in sequence space (RFC 1982 serial arithmetic).
pub fn seq_le(a: u32, b: u32) -> bool {
    crate::wire::seq::le(a, b)
}

impl Conn {
    /// An empty conversation.
    pub fn new(proto: Proto, client: IpAddr, cport: u16, server: IpAddr, sport: u16, ts: Timestamp) -> Self {
        Conn {
            proto,
            client,
            cport,
            server,
            sport,
            vlan: None,
            flow_id: None,
            roles_known: false,
            // Most conversations of a flood are one packet: allocate for one.
            pkts: Vec::with_capacity(1),
            icmp: Vec::new(),
            seen: [0; 2],
            bytes: [0; 2],
            data_segs: [0; 2],
            retrans: [0; 2],
            not_kept: 0,
            keep_all: false,
            tail: std::collections::VecDeque::new(),
            first_ts: ts,
            last_ts: ts,
            high: [None; 2],
            isn: [None; 2],
            window_zero: [false; 2],
            host_slot: Default::default(),
        }
    }

    /// Adds a packet in time order, marking retransmissions and zero windows.
    pub fn push(&mut self, mut p: Pkt) {
        let d = p.dir.idx();
        self.seen[d] += 1;
        if self.seen[0] + self.seen[1] == 1 {
            self.first_ts = p.ts;
        }
        self.last_ts = self.last_ts.max(p.ts);
        let mut reopen = false;
        if self.proto == Proto::Tcp {
            reopen = self.mark_tcp(&mut p);
        } else if p.len > 0 {
            self.data_segs[d] += 1;
            self.bytes[d] += p.len as u64;
        }
        // SACK blocks report a hole: the loss rules need one beside the
        // retransmission it asks for (the first of a run for the same hole).
        let new_hole = p.sack && !self.pkts.last().is_some_and(|q| q.sack && q.dir == p.dir && q.ack == p.ack);
        let notable = p.flags.syn() || p.flags.fin() || p.flags.rst() || p.retrans || p.zero_window || new_hole || reopen;
        if self.keep_all || self.pkts.len() < KEEP_FIRST || (notable && self.pkts.len() < KEEP_MAX) {
            self.pkts.push(p);
        } else {
            self.tail.push_back(p);
            if self.tail.len() > KEEP_LAST {
                self.tail.pop_front();
                self.not_kept += 1;
            }
        }
    }

    /// Merges the kept tail into `pkts` (time order); call once all packets are in.
    pub fn finalize(&mut self) {
        if !self.tail.is_empty() {
            self.pkts.extend(self.tail.drain(..));
            self.pkts.sort_by_key(|p| (p.ts, p.frame));
        }
    }

    /// Marks retransmissions and zero windows; true when the packet reopens
    /// a window its sender had closed.
    fn mark_tcp(&mut self, p: &mut Pkt) -> bool {
        let d = p.dir.idx();
        let other = 1 - d;
        if p.flags.syn() && !p.flags.rst() {
            match self.isn[d] {
                Some(isn) if isn == p.seq => p.retrans = true,
                _ => self.isn[d] = Some(p.seq),
            }
        }
        let seg_len = p.len as u64 + u64::from(p.flags.syn()) + u64::from(p.is_fin());
        if seg_len > 0 && !p.flags.syn() && !p.flags.rst() {
            let end = p.seq.wrapping_add(seg_len as u32);
            match self.high[d] {
                Some(h) if seq_le(end, h) => {
                    // Old data again: a retransmission, unless it is a window
                    // probe into a zero window the peer advertised.
                    if !(self.window_zero[other] && p.len <= 1) {
                        p.retrans = true;
                    }
                }
                _ => self.high[d] = Some(end),
            }
            if p.len > 0 {
                self.data_segs[d] += 1;
                if p.retrans {
                    self.retrans[d] += 1;
                } else {
                    self.bytes[d] += p.len as u64;
                }
            }
        } else if p.flags.syn() && !p.flags.rst() {
            let end = p.seq.wrapping_add(1);
            if self.high[d].is_none_or(|h| !seq_le(end, h)) {
                self.high[d] = Some(end);
            }
        }
        p.zero_window = p.window == 0 && !p.flags.rst() && !p.flags.syn();
        let reopen = self.window_zero[d] && !p.zero_window && !p.flags.rst();
        if !p.flags.rst() {
            self.window_zero[d] = p.zero_window;
        }
        reopen
    }

    /// Turns client and server around (the flow stage found the roles the
    /// other way after this conversation's first packet).
    pub fn swap_roles(&mut self) {
        std::mem::swap(&mut self.client, &mut self.server);
        std::mem::swap(&mut self.cport, &mut self.sport);
        let flip = |d: Dir| if d == Dir::C2S { Dir::S2C } else { Dir::C2S };
        for p in self.pkts.iter_mut().chain(self.tail.iter_mut()) {
            p.dir = flip(p.dir);
        }
        for e in &mut self.icmp {
            e.quotes_c2s = !e.quotes_c2s;
        }
        self.seen.swap(0, 1);
        self.bytes.swap(0, 1);
        self.data_segs.swap(0, 1);
        self.retrans.swap(0, 1);
        self.high.swap(0, 1);
        self.isn.swap(0, 1);
        self.window_zero.swap(0, 1);
        self.host_slot.swap(0, 1);
    }

    /// Kept packets going one way.
    pub fn dir_pkts(&self, dir: Dir) -> impl Iterator<Item = &Pkt> + '_ {
        self.pkts.iter().filter(move |p| p.dir == dir)
    }

    /// Seconds from the first to the last packet.
    pub fn duration(&self) -> f64 {
        self.last_ts.secs_since(self.first_ts).max(0.0)
    }
}

/// What a RST did to a TCP connection. Every rule reads RSTs through
/// [`rst_meaning`], so that one rule decides when a reset is a failure:
///
/// * [`RstMeaning::Ignored`]: the exchange went on after it. The side it
///   claims to come from sent new sequence space (data, SYN or FIN) later,
///   and the other side acknowledged that: neither socket was reset. The
///   RST was injected (a middlebox, an attacker) or fell outside the
///   receiver's window (RFC 5961 §3), and the receiver dropped it.
/// * [`RstMeaning::AbortiveClose`]: after both FINs, or after one FIN with
///   every byte sent either way acknowledged: an ordinary way to finish
///   (`SO_LINGER` 0, or a kernel answering a segment that arrived after its
///   socket closed). Nothing was lost.
/// * [`RstMeaning::Abort`]: before any FIN (the application or its kernel
///   tore down an open exchange), or with data still unacknowledged in
///   flight: a failure; whoever still expected data gets "connection reset
///   by peer".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RstMeaning {
    /// The connection carried on: injected or out-of-window, not an end.
    Ignored,
    /// A normal ending by RST: nothing was lost.
    AbortiveClose,
    /// The connection was torn down with the exchange still open.
    Abort,
}

/// The one rule for RSTs (see [`RstMeaning`]).
pub fn rst_meaning(c: &Conn, rst: &Pkt) -> RstMeaning {
    if rst_ignored(c, rst) {
        return RstMeaning::Ignored;
    }
    let before = |p: &&Pkt| (p.ts, p.frame) < (rst.ts, rst.frame);
    let fin_c = c.dir_pkts(Dir::C2S).filter(before).any(|p| p.is_fin());
    let fin_s = c.dir_pkts(Dir::S2C).filter(before).any(|p| p.is_fin());
    if fin_c && fin_s || (fin_c || fin_s) && !data_in_flight(c, rst) {
        RstMeaning::AbortiveClose
    } else {
        RstMeaning::Abort
    }
}

/// After `rst`, its claimed sender sent new sequence space and the other
/// side acknowledged it: both sockets lived on.
fn rst_ignored(c: &Conn, rst: &Pkt) -> bool {
    let after = |p: &&Pkt| (p.ts, p.frame) > (rst.ts, rst.frame) && !p.is_rst();
    let other = if rst.dir == Dir::C2S { Dir::S2C } else { Dir::C2S };
    c.dir_pkts(rst.dir).filter(after).any(|p| {
        let len = p.len + u32::from(p.flags.syn()) + u32::from(p.is_fin());
        let end = p.seq.wrapping_add(len);
        len > 0
            && c.dir_pkts(other)
                .filter(after)
                .any(|q| (q.ts, q.frame) > (p.ts, p.frame) && q.flags.ack() && seq_le(end, q.ack))
    })
}

/// Data (or a FIN) sent either way before `rst` and not acknowledged by
/// the other side up to it (the RST's own acknowledgment included).
fn data_in_flight(c: &Conn, rst: &Pkt) -> bool {
    let upto = |p: &&Pkt| (p.ts, p.frame) <= (rst.ts, rst.frame);
    [Dir::C2S, Dir::S2C].into_iter().any(|d| {
        let sent = c
            .dir_pkts(d)
            .filter(upto)
            .filter(|p| !p.is_rst() && (p.len > 0 || p.is_fin()))
            .map(|p| p.seq.wrapping_add(p.len + u32::from(p.is_fin())))
            .reduce(|a, b| if seq_le(a, b) { b } else { a });
        let other = if d == Dir::C2S { Dir::S2C } else { Dir::C2S };
        let acked = c
            .dir_pkts(other)
            .filter(upto)
            .filter(|p| p.flags.ack())
            .map(|p| p.ack)
            .reduce(|a, b| if seq_le(a, b) { b } else { a });
        match (sent, acked) {
            (Some(s), Some(a)) => !seq_le(s, a),
            (Some(_), None) => true,
            _ => false,
        }
    })
}
