//! SYN floods and surges of ICMP destination unreachable, from the packet
//! stream itself.
//!
//! A SYN flood shows as many handshakes to one server port that never
//! complete, usually from many (spoofed) sources. Each attempt (socket pair)
//! is tracked from its SYN until the client's ACK or a RST completes or ends
//! it; attempts still open after [`FloodConfig::half_open_timeout`] count as
//! abandoned. Per server port the detector keeps attempts, completions,
//! distinct sources, SYN-ACKs and their retransmissions.
//!
//! How long the server *held* an attempt in SYN_RECV is read from its
//! SYN-ACKs: a request socket is retransmitted by the kernel (Linux: after
//! 1 s, 3 s, 7 s ... `tcp_synack_retries` times), while a SYN-cookie answer
//! is sent once and forgotten. An attempt is counted as held from its first
//! SYN-ACK until its ACK/RST, or until the next retry would have been due
//! after its last SYN-ACK; attempts answered once and never retried while
//! the capture went on are counted as SYN cookies instead. From the client
//! side (no SYN-ACKs seen) only the attempts are known.
//!
//! # Thresholds (all in [`FloodConfig`])
//!
//! * SYN flood: at least `syn_flood_min_half_open` (default 100) attempts to
//!   one server port left half-open, and at least `syn_flood_min_share`
//!   (default 0.5) of that port's attempts. A busy server whose clients
//!   complete their handshakes never qualifies.
//! * ICMP unreachable surge: at least `icmp_surge_min` (default 50)
//!   destination-unreachable messages to one receiver within
//!   `icmp_surge_window` (default 10 s): the symptom of a UDP or closed-port
//!   scan, or of a misdirected flood.
//!
//! # Memory
//!
//! At most `max_attempts` attempts and `max_ports` server ports are tracked
//! (when the port table is full, the quietest ports without a finding are
//! forgotten); distinct sources are counted exactly up to
//! `MAX_SOURCES_COUNTED` per port and `MAX_SOURCE_ENTRIES` in all, SYN_RECV
//! intervals up to `MAX_INTERVALS` in all. What a limit drops is counted in
//! [`FloodStats`].

use crate::analysis::scans::{nanos, ts, ts_secs};
use crate::wire::hash::{HashMap, HashSet};
use crate::time::Timestamp;
use crate::wire::summary::{IcmpDigest, Summary, TcpDigest, Transport};
use serde::Serialize;
use std::collections::VecDeque;
use std::net::IpAddr;

/// Default [`FloodConfig::syn_flood_min_half_open`].
pub const SYN_FLOOD_MIN_HALF_OPEN: u32 = 100;
/// Default [`FloodConfig::syn_flood_min_share`].
pub const SYN_FLOOD_MIN_SHARE: f64 = 0.5;
/// Default [`FloodConfig::half_open_timeout`]: Linux gives up on a request
/// socket after about 63 s (5 SYN-ACK retries); 75 s covers it.
pub const HALF_OPEN_TIMEOUT_NS: i64 = 75_000_000_000;
/// First SYN-ACK retransmission delay (Linux `TCP_TIMEOUT_INIT`, RFC 6298 §2.1: 1 s).
pub const SYNACK_FIRST_RETRY_NS: i64 = 1_000_000_000;
/// Slack on top of a due retry before concluding none came.
pub const RETRY_SLACK_NS: i64 = 500_000_000;
/// Default [`FloodConfig::icmp_surge_min`].
pub const ICMP_SURGE_MIN: u32 = 50;
/// Default [`FloodConfig::icmp_surge_window`].
pub const ICMP_SURGE_WINDOW_NS: i64 = 10_000_000_000;
/// Default [`FloodConfig::max_attempts`].
pub const MAX_ATTEMPTS: usize = 262_144;
/// Default [`FloodConfig::max_ports`].
pub const MAX_PORTS: usize = 65_536;
/// Distinct sources counted exactly per server port (beyond: "at least").
pub const MAX_SOURCES_COUNTED: usize = 65_536;
/// Source addresses remembered over all ports.
pub const MAX_SOURCE_ENTRIES: usize = 1_048_576;
/// SYN_RECV hold intervals kept over all ports, for the peak.
pub const MAX_INTERVALS: usize = 1_048_576;
/// Distinct senders counted per ICMP receiver.
pub const MAX_SENDERS_COUNTED: usize = 1024;
/// ICMP receivers tracked at once.
pub const MAX_ICMP_RECEIVERS: usize = 65_536;

/// Thresholds and limits of the flood detector.
#[derive(Clone, Debug)]
pub struct FloodConfig {
    /// Half-open attempts to one server port that make a SYN flood.
    pub syn_flood_min_half_open: u32,
    /// Share of that port's attempts that must be half-open.
    pub syn_flood_min_share: f64,
    /// An attempt idle this long is abandoned (ns).
    pub half_open_timeout: i64,
    /// Destination-unreachable messages to one receiver that make a surge ...
    pub icmp_surge_min: u32,
    /// ... within this window (ns).
    pub icmp_surge_window: i64,
    /// Attempts tracked at once.
    pub max_attempts: usize,
    /// Server ports tracked at once.
    pub max_ports: usize,
}

impl Default for FloodConfig {
    fn default() -> Self {
        FloodConfig {
            syn_flood_min_half_open: SYN_FLOOD_MIN_HALF_OPEN,
            syn_flood_min_share: SYN_FLOOD_MIN_SHARE,
            half_open_timeout: HALF_OPEN_TIMEOUT_NS,
            icmp_surge_min: ICMP_SURGE_MIN,
            icmp_surge_window: ICMP_SURGE_WINDOW_NS,
            max_attempts: MAX_ATTEMPTS,
            max_ports: MAX_PORTS,
        }
    }
}

/// A flood finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flood {
    SynFlood(SynFlood),
    IcmpUnreachableSurge(IcmpSurge),
}

/// Many half-open handshakes against one server port.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SynFlood {
    pub target: IpAddr,
    pub port: u16,
    /// Distinct source addresses (exact up to [`MAX_SOURCES_COUNTED`]).
    pub sources: u64,
    /// A few of them, lowest first.
    pub sample_sources: Vec<IpAddr>,
    pub syns: u64,
    /// Distinct attempts (socket pairs).
    pub attempts: u64,
    /// Attempts whose handshake completed.
    pub completed: u64,
    /// Attempts never completed.
    pub half_open: u64,
    pub synacks: u64,
    pub synack_retransmissions: u64,
    /// Attempts the server answered with SYN-ACK that got no ACK (nor RST).
    pub synacks_unanswered: u64,
    /// Most attempts outstanding at once (SYN seen, not completed nor ended).
    pub peak_half_open: u64,
    /// Most attempts the server held in SYN_RECV at once, read from its
    /// SYN-ACKs (None when no SYN-ACK was seen from this vantage).
    pub peak_syn_recv: Option<u64>,
    /// Attempts answered once and never retried: SYN cookies, most likely.
    pub syn_cookies_likely: u64,
    #[serde(serialize_with = "ts_secs")]
    pub start: Timestamp,
    #[serde(serialize_with = "ts_secs")]
    pub end: Timestamp,
    pub rate_syn_per_s: f64,
    #[serde(serialize_with = "ts_secs")]
    pub detected_at: Timestamp,
    /// First SYN, the SYN that crossed the thresholds, last SYN.
    pub evidence_frames: Vec<u64>,
}

/// Many ICMP destination-unreachable messages to one receiver.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IcmpSurge {
    pub receiver: IpAddr,
    pub messages: u64,
    /// Most messages within one window.
    pub peak_in_window: u64,
    /// Distinct senders of the messages.
    pub senders: u64,
    /// (code, count), "port unreachable" is ICMP 3/3 or ICMPv6 1/4.
    pub codes: Vec<(String, u64)>,
    #[serde(serialize_with = "ts_secs")]
    pub start: Timestamp,
    #[serde(serialize_with = "ts_secs")]
    pub end: Timestamp,
    pub evidence_frames: Vec<u64>,
}

/// Counters of the limits the detector hit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FloodStats {
    pub attempts_untracked: u64,
    pub ports_untracked: u64,
    /// Ports forgotten to make room (never ones with a finding).
    pub ports_evicted: u64,
    /// Sources not remembered because of `MAX_SOURCE_ENTRIES`.
    pub sources_uncounted: u64,
    pub intervals_dropped: u64,
    pub receivers_untracked: u64,
}

/// Everything the flood detector found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FloodReport {
    pub floods: Vec<Flood>,
    pub stats: FloodStats,
}


/// (server, server port, client, client port).
type AttemptKey = (IpAddr, u16, IpAddr, u16);

#[derive(Clone, Copy, Debug)]
struct Attempt {
    last_activity: i64,
    first_synack: Option<i64>,
    last_synack: i64,
    prev_synack: i64,
    synacks: u32,
}

/// One server port under observation.
#[derive(Debug, Default)]
struct PortState {
    syns: u64,
    attempts: u64,
    completed: u64,
    ended: u64,
    synacks: u64,
    synack_retrans: u64,
    outstanding: u64,
    peak_outstanding: u64,
    sources: HashSet<IpAddr>,
    sources_over: bool,
    /// (start, end) of SYN_RECV holds, and attempts answered once only.
    held: Vec<(i64, i64)>,
    cookies: u64,
    unanswered_synacks: u64,
    first_ts: i64,
    last_ts: i64,
    first_frame: u64,
    last_frame: u64,
    detected: Option<(i64, u64)>,
}

#[derive(Debug, Default)]
struct Receiver {
    /// Times of the messages within the current window.
    window: VecDeque<i64>,
    messages: u64,
    peak: u64,
    senders: HashSet<IpAddr>,
    codes: HashMap<(bool, u8, u8), u64>,
    first_ts: i64,
    last_ts: i64,
    frames: Vec<u64>,
    surged: bool,
}

/// The streaming flood detector: feed it every [`Summary`] in capture order.
pub struct FloodDetector {
    cfg: FloodConfig,
    attempts: HashMap<AttemptKey, Attempt>,
    expiry: VecDeque<(i64, AttemptKey)>,
    ports: HashMap<(IpAddr, u16), PortState>,
    receivers: HashMap<IpAddr, Receiver>,
    stats: FloodStats,
    now: i64,
    /// Source addresses held in all ports' sets.
    source_entries: usize,
    /// Intervals held in all ports' `held`.
    intervals: usize,
}

impl FloodDetector {
    /// A detector with the given thresholds.
    pub fn new(cfg: FloodConfig) -> Self {
        FloodDetector {
            cfg,
            attempts: HashMap::default(),
            expiry: VecDeque::new(),
            ports: HashMap::default(),
            receivers: HashMap::default(),
            stats: FloodStats::default(),
            now: i64::MIN,
            source_entries: 0,
            intervals: 0,
        }
    }

    /// Feeds one packet.
    pub fn observe(&mut self, s: &Summary) {
        let now = nanos(s.ts);
        if now > self.now {
            self.now = now;
            self.expire(now);
        }
        match &s.transport {
            Transport::Tcp(t) => self.on_tcp(s, t),
            Transport::Icmp(i) => self.on_icmp(s, i),
            _ => {}
        }
    }

    /// Ends every open attempt at the capture's end and reports.
    pub fn finish(mut self) -> FloodReport {
        let end = self.now;
        let mut keys: Vec<AttemptKey> = self.attempts.keys().copied().collect();
        keys.sort_unstable();
        for k in keys {
            self.end_attempt(k, end, End::Unfinished);
        }
        let mut floods = Vec::new();
        for ((target, port), p) in &self.ports {
            if p.detected.is_some() && flood_holds(&self.cfg, p) {
                floods.push(Flood::SynFlood(syn_flood(*target, *port, p)));
            }
        }
        for (addr, r) in &self.receivers {
            if r.surged {
                floods.push(Flood::IcmpUnreachableSurge(icmp_surge(*addr, r)));
            }
        }
        // Time, then address: the tables' order is random per run.
        floods.sort_by_key(|f| match f {
            Flood::SynFlood(f) => (f.start, f.target, f.port),
            Flood::IcmpUnreachableSurge(s) => (s.start, s.receiver, 0),
        });
        FloodReport {
            floods,
            stats: self.stats,
        }
    }

    fn on_tcp(&mut self, s: &Summary, t: &TcpDigest) {
        let f = t.flags;
        let now = self.now;
        if f.syn() && !f.ack() {
            self.on_syn(s, t, now);
            return;
        }
        // From the server: (server, sport, client, dport).
        let from_server = (s.src, t.sport, s.dst, t.dport);
        if f.syn() && f.ack() {
            if let Some(a) = self.attempts.get_mut(&from_server) {
                a.last_activity = now;
                if a.first_synack.is_none() {
                    a.first_synack = Some(now);
                    a.last_synack = now;
                } else {
                    a.prev_synack = a.last_synack;
                    a.last_synack = now;
                }
                a.synacks += 1;
                let retrans = a.synacks > 1;
                if let Some(p) = self.ports.get_mut(&(s.src, t.sport)) {
                    p.synacks += 1;
                    p.synack_retrans += retrans as u64;
                }
            }
            return;
        }
        if f.rst() {
            for k in [from_server, (s.dst, t.dport, s.src, t.sport)] {
                if self.attempts.contains_key(&k) {
                    self.end_attempt(k, now, End::Reset);
                }
            }
            return;
        }
        if f.ack() {
            // The client's ACK (or first data) completes the handshake.
            let k = (s.dst, t.dport, s.src, t.sport);
            if self.attempts.contains_key(&k) {
                self.end_attempt(k, now, End::Completed);
            }
        }
    }

    fn on_syn(&mut self, s: &Summary, t: &TcpDigest, now: i64) {
        let pk = (s.dst, t.dport);
        if !self.ports.contains_key(&pk) {
            if self.ports.len() >= self.cfg.max_ports {
                self.evict_ports();
            }
            if self.ports.len() >= self.cfg.max_ports {
                self.stats.ports_untracked += 1;
                return;
            }
            let p = PortState {
                first_ts: now,
                first_frame: s.frame,
                ..Default::default()
            };
            self.ports.insert(pk, p);
        }
        let k = (s.dst, t.dport, s.src, t.sport);
        let new = !self.attempts.contains_key(&k);
        let tracked = !new || self.attempts.len() < self.cfg.max_attempts;
        if !tracked {
            self.stats.attempts_untracked += 1;
        } else if new {
            let a = Attempt {
                last_activity: now,
                first_synack: None,
                last_synack: 0,
                prev_synack: 0,
                synacks: 0,
            };
            self.attempts.insert(k, a);
            self.queue_expiry(now.saturating_add(self.cfg.half_open_timeout), k);
        } else if let Some(a) = self.attempts.get_mut(&k) {
            a.last_activity = now;
        }
        let room = self.source_entries < MAX_SOURCE_ENTRIES;
        let Some(p) = self.ports.get_mut(&pk) else {
            return;
        };
        p.syns += 1;
        p.last_ts = now;
        p.last_frame = s.frame;
        if new {
            // Untracked attempts count, but can never be seen completing.
            p.attempts += 1;
            if tracked {
                p.outstanding += 1;
                p.peak_outstanding = p.peak_outstanding.max(p.outstanding);
            }
            if p.sources.len() < MAX_SOURCES_COUNTED && room {
                if p.sources.insert(s.src) {
                    self.source_entries += 1;
                }
            } else if !p.sources.contains(&s.src) {
                p.sources_over = true;
                self.stats.sources_uncounted += 1;
            }
        }
        if p.detected.is_none() && flood_holds(&self.cfg, p) {
            p.detected = Some((now, s.frame));
        }
    }

    /// Queues an expiry check, dropping stale entries (attempts already
    /// ended) when the queue outgrows twice the attempt table.
    fn queue_expiry(&mut self, deadline: i64, k: AttemptKey) {
        if self.expiry.len() >= 2 * self.cfg.max_attempts.max(1) {
            let attempts = &self.attempts;
            self.expiry.retain(|(_, k)| attempts.contains_key(k));
        }
        self.expiry.push_back((deadline, k));
    }

    /// Forgets an eighth of the port table: ports without a finding, fewest
    /// outstanding attempts and longest idle first.
    fn evict_ports(&mut self) {
        let mut quiet: Vec<(u64, i64, (IpAddr, u16))> = self
            .ports
            .iter()
            .filter(|(_, p)| p.detected.is_none())
            .map(|(k, p)| (p.outstanding, p.last_ts, *k))
            .collect();
        quiet.sort_unstable();
        let n = (self.cfg.max_ports / 8).max(1);
        for (_, _, k) in quiet.into_iter().take(n) {
            if let Some(p) = self.ports.remove(&k) {
                self.source_entries -= p.sources.len();
                self.intervals -= p.held.len();
                self.stats.ports_evicted += 1;
            }
        }
    }

    fn on_icmp(&mut self, s: &Summary, i: &IcmpDigest) {
        let unreach = if i.v6 { i.kind == 1 } else { i.kind == 3 };
        if !unreach {
            return;
        }
        let now = self.now;
        if !self.receivers.contains_key(&s.dst) {
            if self.receivers.len() >= MAX_ICMP_RECEIVERS {
                self.stats.receivers_untracked += 1;
                return;
            }
            self.receivers.insert(
                s.dst,
                Receiver {
                    first_ts: now,
                    ..Default::default()
                },
            );
        }
        let Some(r) = self.receivers.get_mut(&s.dst) else {
            return;
        };
        r.messages += 1;
        r.last_ts = now;
        r.window.push_back(now);
        while r
            .window
            .front()
            .is_some_and(|t| *t <= now.saturating_sub(self.cfg.icmp_surge_window))
        {
            r.window.pop_front();
        }
        r.peak = r.peak.max(r.window.len() as u64);
        if r.senders.len() < MAX_SENDERS_COUNTED {
            r.senders.insert(s.src);
        }
        *r.codes.entry((i.v6, i.kind, i.code)).or_default() += 1;
        if r.frames.len() < 3 {
            r.frames.push(s.frame);
        }
        if r.window.len() as u32 >= self.cfg.icmp_surge_min {
            r.surged = true;
        }
        // Keep the window bounded even under a huge surge.
        let cap = self.cfg.icmp_surge_min.max(1) as usize * 4;
        while r.window.len() > cap {
            r.window.pop_front();
        }
    }

    fn expire(&mut self, now: i64) {
        while let Some(&(deadline, k)) = self.expiry.front() {
            if deadline > now {
                break;
            }
            self.expiry.pop_front();
            let Some(a) = self.attempts.get(&k) else {
                continue;
            };
            let due = a.last_activity.saturating_add(self.cfg.half_open_timeout);
            if due > now {
                self.queue_expiry(due, k);
            } else {
                self.end_attempt(k, now, End::Abandoned);
            }
        }
    }

    fn end_attempt(&mut self, k: AttemptKey, now: i64, how: End) {
        let Some(a) = self.attempts.remove(&k) else {
            return;
        };
        let Some(p) = self.ports.get_mut(&(k.0, k.1)) else {
            return;
        };
        p.outstanding = p.outstanding.saturating_sub(1);
        match how {
            End::Completed => p.completed += 1,
            _ => p.ended += 1,
        }
        let Some(first) = a.first_synack else { return };
        if how == End::Completed {
            return;
        }
        if how != End::Reset {
            p.unanswered_synacks += 1;
        }
        // When would the server have retried next? After 1 s, then doubling.
        let gap = if a.synacks > 1 {
            a.last_synack.saturating_sub(a.prev_synack).max(SYNACK_FIRST_RETRY_NS)
        } else {
            0
        };
        let next_retry = a.last_synack.saturating_add(if a.synacks > 1 { gap.saturating_mul(2) } else { SYNACK_FIRST_RETRY_NS });
        let capture_went_on = self.now > next_retry.saturating_add(RETRY_SLACK_NS);
        let end = match how {
            End::Reset => now,
            _ if a.synacks == 1 && capture_went_on => {
                // Answered once, never retried: no request socket (SYN cookie).
                p.cookies += 1;
                return;
            }
            _ => next_retry.min(self.now),
        };
        if self.intervals < MAX_INTERVALS {
            p.held.push((first, end.max(first)));
            self.intervals += 1;
        } else {
            self.stats.intervals_dropped += 1;
        }
    }
}

impl Default for FloodDetector {
    fn default() -> Self {
        FloodDetector::new(FloodConfig::default())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Completed,
    Reset,
    Abandoned,
    Unfinished,
}

fn flood_holds(cfg: &FloodConfig, p: &PortState) -> bool {
    let half_open = p.attempts.saturating_sub(p.completed);
    half_open >= cfg.syn_flood_min_half_open as u64
        && half_open as f64 >= cfg.syn_flood_min_share * p.attempts as f64
}

/// Most intervals overlapping at one instant.
fn peak_overlap(held: &[(i64, i64)]) -> u64 {
    let mut ev: Vec<(i64, i32)> = held.iter().flat_map(|&(a, b)| [(a, 1), (b, -1)]).collect();
    // Ends before starts at the same instant.
    ev.sort_unstable();
    let (mut cur, mut peak) = (0i64, 0i64);
    for (_, d) in ev {
        cur += d as i64;
        peak = peak.max(cur);
    }
    peak.max(0) as u64
}


fn syn_flood(target: IpAddr, port: u16, p: &PortState) -> SynFlood {
    let mut sample: Vec<IpAddr> = p.sources.iter().copied().collect();
    sample.sort();
    sample.truncate(8);
    let dur = p.last_ts.saturating_sub(p.first_ts) as f64 / 1e9;
    let (dt, df) = p.detected.unwrap_or((p.last_ts, p.last_frame));
    SynFlood {
        target,
        port,
        sources: p.sources.len() as u64 + p.sources_over as u64,
        sample_sources: sample,
        syns: p.syns,
        attempts: p.attempts,
        completed: p.completed,
        half_open: p.attempts.saturating_sub(p.completed),
        synacks: p.synacks,
        synack_retransmissions: p.synack_retrans,
        synacks_unanswered: p.unanswered_synacks,
        peak_half_open: p.peak_outstanding,
        peak_syn_recv: if p.held.is_empty() && p.cookies == 0 {
            None
        } else {
            Some(peak_overlap(&p.held))
        },
        syn_cookies_likely: p.cookies,
        start: ts(p.first_ts),
        end: ts(p.last_ts),
        rate_syn_per_s: if dur > 0.0 {
            (p.syns as f64 / dur * 10.0).round() / 10.0
        } else {
            p.syns as f64
        },
        detected_at: ts(dt),
        evidence_frames: vec![p.first_frame, df, p.last_frame],
    }
}

fn icmp_surge(receiver: IpAddr, r: &Receiver) -> IcmpSurge {
    let mut codes: Vec<(String, u64)> = r
        .codes
        .iter()
        .map(|((v6, kind, code), n)| {
            let name = match (v6, kind, code) {
                (false, 3, 3) | (true, 1, 4) => "port unreachable".to_string(),
                (false, 3, 13) | (true, 1, 1) => "administratively prohibited".to_string(),
                (false, 3, 1) | (true, 1, 3) => "host unreachable".to_string(),
                (false, 3, 0) | (true, 1, 0) => "network unreachable".to_string(),
                (v6, k, c) => format!("{} {k}/{c}", if *v6 { "icmp6" } else { "icmp" }),
            };
            (name, *n)
        })
        .collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    IcmpSurge {
        receiver,
        messages: r.messages,
        peak_in_window: r.peak,
        senders: r.senders.len() as u64,
        codes,
        start: ts(r.first_ts),
        end: ts(r.last_ts),
        evidence_frames: r.frames.clone(),
    }
}

#[cfg(test)]
mod tests;
