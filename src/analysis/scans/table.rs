//! The scan detector's state: one small [`Entry`] per (source, target,
//! protocol class, destination port) the source tried, in one flat table so
//! that a packet costs one lookup (two when it is not an answer), plus
//! per-source and per-(source, target) tallies touched only when an entry's
//! status changes.
//!
//! An entry is keyed by the *destination* port only, not the socket pair:
//! nmap retransmits a probe from another source port, and a retransmitted
//! probe must not count as a second port. What happened to every packet sent
//! to that port is folded into a bit set, and the port's state (open, closed,
//! filtered ...) is a pure function of those bits, computed when reported.

use crate::wire::hash::HashMap;
use std::net::IpAddr;

/// Protocol class of a probe: separate scans are reported per class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Tcp = 0,
    Udp = 1,
    Icmp = 2,
}

impl Class {
    /// All classes, in index order.
    pub const ALL: [Class; 3] = [Class::Tcp, Class::Udp, Class::Icmp];

    /// Index into per-class arrays.
    pub fn idx(self) -> usize {
        self as usize
    }

    /// The class of an IP protocol number, when probes of it are tracked.
    pub fn of_proto(proto: u8) -> Option<Class> {
        match proto {
            6 => Some(Class::Tcp),
            17 => Some(Class::Udp),
            1 | 58 => Some(Class::Icmp),
            _ => None,
        }
    }
}

/// Entry key inside a target: class in the high half, port in the low half.
pub fn key(class: Class, port: u16) -> u32 {
    (class as u32) << 16 | port as u32
}

/// Splits an entry key.
pub fn unkey(k: u32) -> (Class, u16) {
    let class = match k >> 16 {
        0 => Class::Tcp,
        1 => Class::Udp,
        _ => Class::Icmp,
    };
    (class, k as u16)
}

/// What was seen for one (source, target, class, port), as bits.
pub mod bit {
    // What the initiator sent.
    pub const P_SYN: u32 = 1 << 0;
    pub const P_FIN: u32 = 1 << 1;
    pub const P_NULL: u32 = 1 << 2;
    pub const P_XMAS: u32 = 1 << 3;
    pub const P_ACK: u32 = 1 << 4;
    pub const P_MAIMON: u32 = 1 << 5;
    /// Another flag combination without SYN or RST.
    pub const P_ODD: u32 = 1 << 6;
    pub const P_UDP: u32 = 1 << 7;
    pub const P_ECHO: u32 = 1 << 8;
    /// A SYN with the options an OS stack's connect() adds (timestamps,
    /// window scale or SACK-permitted), unlike a raw scanner SYN.
    pub const SYN_OS_OPTIONS: u32 = 1 << 9;
    /// Any probe kind bit.
    pub const PROBE_KINDS: u32 =
        P_SYN | P_FIN | P_NULL | P_XMAS | P_ACK | P_MAIMON | P_ODD | P_UDP | P_ECHO;
    /// Probes that a listening port ignores (RFC 793 p. 65–66): no answer
    /// means open|filtered.
    pub const P_STEALTH: u32 = P_FIN | P_NULL | P_XMAS | P_MAIMON | P_ODD;

    // What came back.
    pub const A_SYNACK: u32 = 1 << 10;
    pub const A_RST: u32 = 1 << 11;
    /// A RST with a non-zero window (what nmap's window scan reads).
    pub const A_RST_WIN: u32 = 1 << 12;
    /// A RST with a zero window.
    pub const A_RST_ZWIN: u32 = 1 << 13;
    /// ICMP port unreachable quoting a probe.
    pub const A_UNREACH_PORT: u32 = 1 << 14;
    /// Another ICMP destination unreachable (admin prohibited, host ...).
    pub const A_UNREACH_OTHER: u32 = 1 << 15;
    /// A non-RST answer: UDP datagram, echo reply, TCP ACK or data.
    pub const A_REPLY: u32 = 1 << 16;
    /// The answer carried payload.
    pub const A_DATA: u32 = 1 << 17;
    /// ICMP time exceeded quoting a probe (traceroute, not a scan).
    pub const A_TTL_EXCEEDED: u32 = 1 << 18;

    // What the initiator did afterwards.
    /// ACK completing the handshake after a SYN-ACK.
    pub const I_HS_ACK: u32 = 1 << 19;
    /// RST or FIN after a SYN-ACK, without having sent payload.
    pub const I_TEARDOWN: u32 = 1 << 20;
    /// The initiator sent payload.
    pub const I_DATA: u32 = 1 << 21;
    /// Payload sent after the port was found open by a probe.
    pub const FOLLOWED_UP: u32 = 1 << 22;
}

/// Whether an entry is still waiting, a probe, or ordinary traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Sent, outcome not known yet (answer or timeout pending).
    Pending,
    /// Counts as a probe.
    Probe,
    /// Ordinary traffic (a conversation, an answered UDP exchange ...).
    Conversation,
    /// Neither: traceroute, or otherwise excluded.
    Ignored,
}

/// One (class, destination port) of one target, as one source saw it.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// Frame of the first packet sent to this port.
    pub first_frame: u64,
    pub bits: u32,
    /// Probes sent (retransmissions included), saturating.
    pub probes: u16,
    pub status: Status,
}

impl Entry {
    /// A fresh entry.
    pub fn new(frame: u64) -> Self {
        Entry {
            first_frame: frame,
            bits: 0,
            probes: 0,
            status: Status::Pending,
        }
    }
    /// True when any bit of `b` is set.
    pub fn any(&self, b: u32) -> bool {
        self.bits & b != 0
    }
}

/// Probe and conversation counts along one dimension (ports of a target, or
/// targets of a port).
#[derive(Clone, Copy, Debug, Default)]
pub struct Tally {
    pub probe: u32,
    pub conv: u32,
}

impl Tally {
    /// Adds `d` to the count of `st`.
    pub fn bump(&mut self, st: Status, d: i32) {
        let c = match st {
            Status::Probe => &mut self.probe,
            Status::Conversation => &mut self.conv,
            _ => return,
        };
        *c = (*c as i64 + d as i64).max(0) as u32;
    }
    /// Probes plus conversations.
    pub fn total(&self) -> u32 {
        self.probe + self.conv
    }
    /// Probes as a share of the total (0 when empty).
    pub fn probe_share(&self) -> f64 {
        if self.total() == 0 {
            0.0
        } else {
            self.probe as f64 / self.total() as f64
        }
    }
}

/// Where an entry lives: (source, target, [`key`]).
pub type EntryKey = (IpAddr, IpAddr, u32);

/// Per-class port tallies of one (source, target) pair.
#[derive(Clone, Copy, Debug, Default)]
pub struct Target {
    pub tally: [Tally; 3],
}

/// Per-class activity of one source.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClassActivity {
    /// Probe packets sent, retransmissions included.
    pub probes: u64,
    /// Probe packets not tracked because a limit was hit.
    pub untracked_probes: u64,
    /// Targets not tracked because a limit was hit (with repeats).
    pub untracked_targets: u64,
    pub first_ts: i64,
    pub last_ts: i64,
    pub first_frame: u64,
    pub last_frame: u64,
    /// When the thresholds were crossed (ns), and at which frame.
    pub detected: Option<(i64, u64)>,
}

impl ClassActivity {
    /// Records one probe packet.
    pub fn probe_sent(&mut self, now: i64, frame: u64) {
        if self.probes == 0 {
            self.first_ts = now;
            self.first_frame = frame;
        }
        self.probes += 1;
        self.last_ts = now;
        self.last_frame = frame;
    }
}

/// Everything tracked about one source address besides its entries.
#[derive(Debug, Default)]
pub struct Source {
    /// Targets per (class, port) key.
    pub port_tally: HashMap<u32, Tally>,
    pub class: [ClassActivity; 3],
    /// Entries held (for the budgets).
    pub entries: usize,
    /// Targets held.
    pub targets: usize,
    /// Last probe or new entry (answers do not count).
    pub last_seen: i64,
}

impl Source {
    /// True when a scan was detected from this source in any class.
    pub fn alarmed(&self) -> bool {
        self.class.iter().any(|c| c.detected.is_some())
    }
}
