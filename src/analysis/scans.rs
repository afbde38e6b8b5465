//! Port scans and ping sweeps, detected from the packet stream itself.
//!
//! Why here and not on top of the flow table: a scanner sends one packet per
//! port, and a flow table sized for conversations would be flooded (and would
//! forget the probes it evicts). This detector keeps, per source address,
//! one tiny entry per (target, protocol class, destination port) — not per
//! socket pair, so a retransmitted probe (nmap resends from another source
//! port) is not a second port — and folds every packet sent to or answered
//! from that port into a bit set. The port's state is then read the way nmap
//! reads it:
//!
//! | probe | answer | state |
//! |---|---|---|
//! | SYN (or connect) | SYN-ACK | open |
//! | SYN | RST | closed |
//! | SYN | none, ICMP unreachable | filtered |
//! | FIN, NULL, Xmas, Maimon (FIN+ACK) | RST | closed |
//! | FIN, NULL, Xmas, Maimon | none | open\|filtered |
//! | ACK | RST | unfiltered (window scan: RST window > 0 open, = 0 closed) |
//! | UDP | UDP reply / ICMP port unreachable / other unreachable / none | open / closed / filtered / open\|filtered |
//! | ICMP echo | echo reply | up (ping sweep) |
//!
//! An entry is a *probe* once its outcome is known and it was not ordinary
//! traffic: the initiator sent no payload, or tore the connection down right
//! after the SYN-ACK (SYN scan RST, connect scan ACK+RST). An entry with
//! initiator payload, an answered UDP datagram or echo is a *conversation*.
//! Unanswered entries become probes after [`ScanConfig::probe_timeout`].
//!
//! # Thresholds (all in [`ScanConfig`])
//!
//! A source is reported as soon as, in one protocol class,
//! * one target has at least `vertical_min_ports` (default 8) distinct ports
//!   tried, or one port was tried on at least `horizontal_min_hosts` (default
//!   8) targets (ICMP echo: `ping_sweep_min_hosts`, default 8), **and**
//! * at least `min_probe_share` (default 0.5) of those are probes rather than
//!   conversations.
//!
//! The alert ([`ScanDetector::take_alerts`]) is raised the moment that
//! happens; [`ScanDetector::finish`] re-checks the rule over the whole
//! capture and reports only the scans that still hold (a gateway whose first
//! attempts failed but whose later ones carried data is not a scanner).
//!
//! The share rule keeps a browser, a NAT gateway or a resolver client quiet:
//! they open many connections, but nearly all carry data. Retries of one
//! refused or unanswered port are one entry. Servers only answer, and
//! answers never create entries.
//!
//! # Memory
//!
//! Bounded by named limits: at most `max_sources` sources, `max_entries`
//! entries in all (about 40 bytes each), `max_targets_per_source` targets per
//! source, `max_pending` outcomes awaited. When full, idle and then oldest
//! sources that raised no alarm are evicted; the evictions, and probes that
//! could not be tracked, are counted in [`ScanStats`] and in each scan.

mod report;
mod table;

pub use crate::wire::hash::{HashMap, HashSet};
pub use report::{
    compact_ports, Evidence, PortState, Scan, ScanKind, ScanReport, TargetResult, Technique,
    MAX_EVIDENCE_OPEN, MAX_LISTED_SERVICES, MAX_LISTED_TARGETS,
};
pub use table::Class;
pub(crate) use report::{ts, ts_secs};

use crate::time::Timestamp;
use crate::wire::summary::{IcmpDigest, Summary, TcpDigest, Transport, UdpDigest};
use std::collections::VecDeque;
use std::net::IpAddr;
use std::collections::hash_map::Entry as Entry_;
use table::{bit, key, unkey, Entry, EntryKey, Source, Status, Tally, Target};

/// Default [`ScanConfig::vertical_min_ports`].
pub const VERTICAL_MIN_PORTS: u32 = 8;
/// Default [`ScanConfig::horizontal_min_hosts`].
pub const HORIZONTAL_MIN_HOSTS: u32 = 8;
/// Default [`ScanConfig::ping_sweep_min_hosts`].
pub const PING_SWEEP_MIN_HOSTS: u32 = 8;
/// Default [`ScanConfig::min_probe_share`].
pub const MIN_PROBE_SHARE: f64 = 0.5;
/// Default [`ScanConfig::probe_timeout`]: 3 s, nmap's initial RTT timeout
/// ceiling is 1 s and its retransmissions stay within a few seconds.
pub const PROBE_TIMEOUT_NS: i64 = 3_000_000_000;
/// Default [`ScanConfig::max_sources`].
pub const MAX_SOURCES: usize = 100_000;
/// Default [`ScanConfig::max_entries`] (about 40 bytes each).
pub const MAX_ENTRIES: usize = 2_000_000;
/// Default [`ScanConfig::max_entries_per_source`]: eight hosts' worth of
/// every port, so one huge scan cannot starve every other source.
pub const MAX_ENTRIES_PER_SOURCE: usize = 524_288;
/// Default [`ScanConfig::max_targets_per_source`].
pub const MAX_TARGETS_PER_SOURCE: usize = 16_384;
/// Default [`ScanConfig::max_pending`].
pub const MAX_PENDING: usize = 262_144;
/// Default [`ScanConfig::source_idle_timeout`]: 10 minutes.
pub const SOURCE_IDLE_TIMEOUT_NS: i64 = 600_000_000_000;
/// Default [`ScanConfig::tarpit_min_ports`].
pub const TARPIT_MIN_PORTS: u32 = 64;
/// Default [`ScanConfig::tarpit_open_share`].
pub const TARPIT_OPEN_SHARE: f64 = 0.9;

/// Thresholds and limits of the scan detector.
#[derive(Clone, Debug)]
pub struct ScanConfig {
    /// Distinct ports tried on one target that make a vertical scan.
    pub vertical_min_ports: u32,
    /// Distinct targets tried on one port that make a horizontal scan.
    pub horizontal_min_hosts: u32,
    /// Distinct targets sent ICMP echo requests that make a ping sweep.
    pub ping_sweep_min_hosts: u32,
    /// Share of those attempts that must be probes, not conversations.
    pub min_probe_share: f64,
    /// Time after which an unanswered probe's outcome is "no answer" (ns).
    pub probe_timeout: i64,
    /// Sources tracked at once.
    pub max_sources: usize,
    /// Entries (source, target, port) tracked at once, in all.
    pub max_entries: usize,
    /// Entries tracked per source.
    pub max_entries_per_source: usize,
    /// Targets tracked per source.
    pub max_targets_per_source: usize,
    /// Outcomes awaited at once (older ones are settled early).
    pub max_pending: usize,
    /// A source idle this long that raised no alarm may be forgotten (ns).
    pub source_idle_timeout: i64,
    /// A target with at least this many TCP ports probed ...
    pub tarpit_min_ports: u32,
    /// ... of which at least this share answered SYN-ACK answers every port
    /// (SYN cookies, tarpit, firewall proxy) rather than offering services.
    pub tarpit_open_share: f64,
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig {
            vertical_min_ports: VERTICAL_MIN_PORTS,
            horizontal_min_hosts: HORIZONTAL_MIN_HOSTS,
            ping_sweep_min_hosts: PING_SWEEP_MIN_HOSTS,
            min_probe_share: MIN_PROBE_SHARE,
            probe_timeout: PROBE_TIMEOUT_NS,
            max_sources: MAX_SOURCES,
            max_entries: MAX_ENTRIES,
            max_entries_per_source: MAX_ENTRIES_PER_SOURCE,
            max_targets_per_source: MAX_TARGETS_PER_SOURCE,
            max_pending: MAX_PENDING,
            source_idle_timeout: SOURCE_IDLE_TIMEOUT_NS,
            tarpit_min_ports: TARPIT_MIN_PORTS,
            tarpit_open_share: TARPIT_OPEN_SHARE,
        }
    }
}

/// Raised once per (source, class) the moment the thresholds are crossed.
#[derive(Clone, Debug, PartialEq)]
pub struct ScanAlert {
    pub scanner: IpAddr,
    pub class: Class,
    /// Time and frame of the packet that crossed the threshold.
    pub ts: Timestamp,
    pub frame: u64,
    /// Probes sent by then, and since when.
    pub probes: u64,
    pub first_ts: Timestamp,
}

/// Counters of the limits the detector hit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ScanStats {
    pub packets: u64,
    pub sources_evicted: u64,
    pub entries_evicted: u64,
    /// New sources not tracked because the table was full of alarmed ones.
    pub sources_dropped: u64,
    /// Probe packets not tracked because a limit was hit.
    pub probes_untracked: u64,
    /// Outcomes settled before their timeout because `max_pending` was hit.
    pub pending_forced: u64,
    pub peak_sources: u64,
    pub peak_entries: u64,
}

struct Pending {
    deadline: i64,
    src: IpAddr,
    dst: IpAddr,
    key: u32,
}

/// The streaming scan detector: feed it every [`Summary`] in capture order.
pub struct ScanDetector {
    cfg: ScanConfig,
    sources: HashMap<IpAddr, Source>,
    entries: HashMap<EntryKey, Entry>,
    targets: HashMap<(IpAddr, IpAddr), Target>,
    pending: VecDeque<Pending>,
    alerts: Vec<ScanAlert>,
    stats: ScanStats,
    now: i64,
    /// No eviction attempt before this time (the table was all alarms).
    no_room_until: i64,
    /// (querier, service port) → when it last queried a group address
    /// ([`crate::flow::is_group_destination`]); bounded by [`GROUP_QUERIERS`].
    group_queries: HashMap<(IpAddr, u16), i64>,
}

/// Queriers of group addresses remembered at most (the table is cleared
/// when full: forgetting one only lets its replies count as probes again).
pub const GROUP_QUERIERS: usize = 4096;
/// Seconds a group query's replies may take to come back (mDNS, LLMNR and
/// NetBIOS responders answer within a second; SSDP within its MX, ≤ 5 s).
pub const GROUP_REPLY_S: i64 = 10;

/// The packet (or timeout) touching an entry: when, which frame (0 for a
/// timeout), and whether a missing entry may be created.
struct Touch {
    now: i64,
    frame: u64,
    create: bool,
}

impl ScanDetector {
    /// A detector with the given thresholds.
    pub fn new(cfg: ScanConfig) -> Self {
        ScanDetector {
            cfg,
            sources: HashMap::default(),
            entries: HashMap::default(),
            targets: HashMap::default(),
            pending: VecDeque::new(),
            alerts: Vec::new(),
            stats: ScanStats::default(),
            now: i64::MIN,
            no_room_until: i64::MIN,
            group_queries: HashMap::default(),
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &ScanConfig {
        &self.cfg
    }

    /// Feeds one packet.
    pub fn observe(&mut self, s: &Summary) {
        self.stats.packets += 1;
        let now = nanos(s.ts);
        // Captures merged from several files may step back a little: time
        // never runs backwards for the timeout queue.
        if now > self.now {
            self.now = now;
            self.expire(now);
        }
        let t = Touch {
            now: self.now,
            frame: s.frame,
            create: false,
        };
        match &s.transport {
            Transport::Tcp(tcp) => self.on_tcp(s, tcp, t),
            Transport::Udp(udp) => self.on_udp(s, udp, t),
            Transport::Icmp(icmp) => self.on_icmp(s, icmp, t),
            Transport::Other { .. } => {}
        }
    }

    /// Alerts raised since the last call.
    pub fn take_alerts(&mut self) -> Vec<ScanAlert> {
        std::mem::take(&mut self.alerts)
    }

    /// Counters so far.
    pub fn stats(&self) -> ScanStats {
        self.stats
    }

    /// Settles every awaited outcome as unanswered and reports every scan.
    pub fn finish(mut self) -> ScanReport {
        self.expire(i64::MAX);
        let alerts = std::mem::take(&mut self.alerts);
        report::build(&self.cfg, &self.sources, &self.entries, &self.targets, self.stats, alerts)
    }

    fn on_tcp(&mut self, s: &Summary, t: &TcpDigest, mut at: Touch) {
        let f = t.flags;
        let bare_syn = f.syn() && !f.ack();
        if !bare_syn {
            // An answer from a target to an entry of the packet's receiver?
            let answer = if f.syn() && f.ack() {
                bit::A_SYNACK
            } else if f.rst() {
                bit::A_RST
                    | if t.window > 0 {
                        bit::A_RST_WIN
                    } else {
                        bit::A_RST_ZWIN
                    }
            } else {
                bit::A_REPLY | if t.payload_len > 0 { bit::A_DATA } else { 0 }
            };
            let found = self.touch(s.dst, s.src, key(Class::Tcp, t.sport), &at, |e| {
                e.bits |= answer;
                false
            });
            if found || (f.syn() && f.ack()) {
                return;
            }
        }
        let k = key(Class::Tcp, t.dport);
        if f.rst() {
            self.touch(s.src, s.dst, k, &at, |e| {
                if e.any(bit::A_SYNACK) && !e.any(bit::I_DATA) {
                    e.bits |= bit::I_TEARDOWN;
                }
                false
            });
            return;
        }
        at.create = true;
        if bare_syn {
            let os = t.options.timestamps.is_some()
                || t.options.wscale.is_some()
                || t.options.sack_permitted;
            let extra = if os { bit::SYN_OS_OPTIONS } else { 0 };
            self.touch(s.src, s.dst, k, &at, |e| {
                e.bits |= bit::P_SYN | extra;
                e.probes = e.probes.saturating_add(1);
                true
            });
            return;
        }
        let data = t.payload_len > 0;
        let kind = stealth_kind(t);
        self.touch(s.src, s.dst, k, &at, |e| {
            initiator_segment(e, data, f.ack(), f.fin(), kind)
        });
    }

    fn on_udp(&mut self, s: &Summary, u: &UdpDigest, mut at: Touch) {
        if self.group_traffic(s, u, at.now) {
            return;
        }
        let found = self.touch(s.dst, s.src, key(Class::Udp, u.sport), &at, |e| {
            e.bits |= bit::A_REPLY | if u.payload_len > 0 { bit::A_DATA } else { 0 };
            false
        });
        if found {
            return;
        }
        at.create = true;
        self.touch(s.src, s.dst, key(Class::Udp, u.dport), &at, |e| {
            e.bits |= bit::P_UDP;
            e.probes = e.probes.saturating_add(1);
            true
        });
    }

    /// A query to a group address, or a responder's unicast reply to one
    /// (from the queried port, to the querier, soon after): discovery
    /// traffic (mDNS, LLMNR, NetBIOS, SSDP, DHCP), never a probe or an answer.
    fn group_traffic(&mut self, s: &Summary, u: &UdpDigest, now: i64) -> bool {
        if crate::flow::is_group_destination(s.dst, u.dport) {
            if self.group_queries.len() >= GROUP_QUERIERS {
                self.group_queries.clear();
            }
            self.group_queries.insert((s.src, u.dport), now);
            return true;
        }
        self.group_queries.get(&(s.dst, u.sport)).is_some_and(|&t| now.saturating_sub(t) <= GROUP_REPLY_S * 1_000_000_000)
    }

    fn on_icmp(&mut self, s: &Summary, i: &IcmpDigest, mut at: Touch) {
        let k0 = key(Class::Icmp, 0);
        if i.is_echo_request() {
            at.create = true;
            self.touch(s.src, s.dst, k0, &at, |e| {
                e.bits |= bit::P_ECHO;
                e.probes = e.probes.saturating_add(1);
                true
            });
        } else if i.is_echo_reply() {
            self.touch(s.dst, s.src, k0, &at, |e| {
                e.bits |= bit::A_REPLY;
                false
            });
        } else if let Some(q) = i.quoted {
            let answer = match (i.v6, i.kind, i.code) {
                (false, 3, 3) | (true, 1, 4) => bit::A_UNREACH_PORT,
                (false, 3, _) | (true, 1, _) => bit::A_UNREACH_OTHER,
                (false, 11, _) | (true, 3, _) => bit::A_TTL_EXCEEDED,
                _ => return,
            };
            let Some(class) = Class::of_proto(q.proto) else {
                return;
            };
            let port = if class == Class::Icmp { 0 } else { q.dport };
            self.touch(q.src, q.dst, key(class, port), &at, |e| {
                e.bits |= answer;
                false
            });
        }
    }

    /// Applies `f` to the entry (creating it when `at.create`), books the
    /// status change it causes, and checks the thresholds. `f` returns true
    /// for a probe packet. Returns whether the entry exists.
    fn touch(
        &mut self,
        src: IpAddr,
        dst: IpAddr,
        k: u32,
        at: &Touch,
        f: impl FnOnce(&mut Entry) -> bool,
    ) -> bool {
        self.touch_with(src, dst, k, at, false, f)
    }

    fn touch_with(
        &mut self,
        src: IpAddr,
        dst: IpAddr,
        k: u32,
        at: &Touch,
        timed_out: bool,
        f: impl FnOnce(&mut Entry) -> bool,
    ) -> bool {
        let (class, _) = unkey(k);
        if at.create {
            if self.pending.len() >= self.cfg.max_pending {
                // Settle the oldest awaited outcome now to keep the queue bounded.
                if let Some(p) = self.pending.pop_front() {
                    self.stats.pending_forced += 1;
                    self.settle_timeout(p, at.now);
                }
            }
            let full = self.entries.len() >= self.cfg.max_entries || self.sources.len() >= self.cfg.max_sources;
            if full && at.now >= self.no_room_until && !self.entries.contains_key(&(src, dst, k)) {
                self.evict(at.now);
            }
        }
        let Self { cfg, entries, targets, sources, stats, pending, alerts, .. } = self;
        let held = entries.len();
        let mut created = false;
        let e = match entries.entry((src, dst, k)) {
            Entry_::Occupied(o) => o.into_mut(),
            Entry_::Vacant(v) => {
                if !at.create || !admit(cfg, sources, targets, stats, held, src, dst, class, at.now) {
                    return false;
                }
                created = true;
                v.insert(Entry::new(at.frame))
            }
        };
        let old = e.status;
        let frame = if at.frame == 0 { e.first_frame } else { at.frame };
        let probe_pkt = f(e);
        let new = settle(e, class, timed_out);
        e.status = new;
        let counted = probe_pkt && matches!(new, Status::Pending | Status::Probe);
        if created && new == Status::Pending {
            pending.push_back(Pending { deadline: at.now.saturating_add(cfg.probe_timeout), src, dst, key: k });
        }
        if !counted && old == new {
            return true;
        }
        let Some(source) = sources.get_mut(&src) else { return true };
        if counted {
            source.class[class.idx()].probe_sent(at.now, at.frame);
            source.last_seen = source.last_seen.max(at.now);
        }
        if old == new {
            return true;
        }
        let tt = match targets.get_mut(&(src, dst)) {
            Some(t) => {
                t.tally[class.idx()].bump(old, -1);
                t.tally[class.idx()].bump(new, 1);
                t.tally[class.idx()]
            }
            None => Tally::default(),
        };
        let pt = {
            let p = source.port_tally.entry(k).or_default();
            p.bump(old, -1);
            p.bump(new, 1);
            *p
        };
        let act = &mut source.class[class.idx()];
        if act.detected.is_none() && crossed(cfg, class, tt, pt) {
            act.detected = Some((at.now, frame));
            alerts.push(ScanAlert {
                scanner: src,
                class,
                ts: ts(at.now),
                frame,
                probes: act.probes,
                first_ts: ts(act.first_ts),
            });
        }
        true
    }

    /// Forgets idle sources without alarms, then the oldest ones, until an
    /// eighth of each table is free.
    fn evict(&mut self, now: i64) {
        let idle_before = now.saturating_sub(self.cfg.source_idle_timeout);
        let mut quiet: Vec<(i64, IpAddr, usize)> = self
            .sources
            .iter()
            .filter(|(_, s)| !s.alarmed())
            .map(|(a, s)| (s.last_seen, *a, s.entries))
            .collect();
        quiet.sort_unstable_by_key(|q| (q.0, q.1));
        let want_entries = self.cfg.max_entries - self.cfg.max_entries / 8;
        let want_sources = self.cfg.max_sources - self.cfg.max_sources / 8;
        let (mut entries, mut sources) = (self.entries.len(), self.sources.len());
        let mut victims: HashSet<IpAddr> = HashSet::default();
        for (seen, addr, n) in quiet {
            if entries <= want_entries && sources <= want_sources && seen >= idle_before {
                break;
            }
            victims.insert(addr);
            entries -= n;
            sources -= 1;
        }
        if victims.is_empty() {
            // Everything left raised an alarm: do not rescan for a second.
            self.no_room_until = now.saturating_add(1_000_000_000);
            return;
        }
        let before = self.entries.len();
        self.entries.retain(|(s, _, _), _| !victims.contains(s));
        self.targets.retain(|(s, _), _| !victims.contains(s));
        self.sources.retain(|a, _| !victims.contains(a));
        self.stats.sources_evicted += victims.len() as u64;
        self.stats.entries_evicted += (before - self.entries.len()) as u64;
    }

    /// Settles the awaited outcomes whose time is up.
    fn expire(&mut self, now: i64) {
        while let Some(p) = self.pending.front() {
            if p.deadline > now {
                break;
            }
            let Some(p) = self.pending.pop_front() else {
                break;
            };
            self.settle_timeout(p, now);
        }
    }

    /// Settles one awaited outcome as "no (further) answer".
    fn settle_timeout(&mut self, p: Pending, now: i64) {
        let at = Touch {
            now: p.deadline.min(now),
            frame: 0,
            create: false,
        };
        self.touch_with(p.src, p.dst, p.key, &at, true, no_packet);
    }
}

impl Default for ScanDetector {
    fn default() -> Self {
        ScanDetector::new(ScanConfig::default())
    }
}

/// Books a new entry of `src` → `dst` against the limits, creating the
/// source's and the pair's tallies; false when a limit refuses it.
#[allow(clippy::too_many_arguments)]
fn admit(
    cfg: &ScanConfig,
    sources: &mut HashMap<IpAddr, Source>,
    targets: &mut HashMap<(IpAddr, IpAddr), Target>,
    stats: &mut ScanStats,
    held: usize,
    src: IpAddr,
    dst: IpAddr,
    class: Class,
    now: i64,
) -> bool {
    if !sources.contains_key(&src) {
        if sources.len() >= cfg.max_sources {
            stats.sources_dropped += 1;
            stats.probes_untracked += 1;
            return false;
        }
        sources.insert(src, Source { last_seen: now, ..Default::default() });
        stats.peak_sources = stats.peak_sources.max(sources.len() as u64);
    }
    let Some(source) = sources.get_mut(&src) else { return false };
    source.last_seen = source.last_seen.max(now);
    let new_target = !targets.contains_key(&(src, dst));
    let full = source.entries >= cfg.max_entries_per_source
        || held >= cfg.max_entries
        || (new_target && source.targets >= cfg.max_targets_per_source);
    if full {
        let c = &mut source.class[class.idx()];
        c.untracked_probes += 1;
        c.untracked_targets += new_target as u64;
        stats.probes_untracked += 1;
        return false;
    }
    if new_target {
        targets.insert((src, dst), Target::default());
        source.targets += 1;
    }
    source.entries += 1;
    stats.peak_entries = stats.peak_entries.max(held as u64 + 1);
    true
}

/// Capture time in nanoseconds as the analysis detectors count it.
pub(crate) fn nanos(ts: Timestamp) -> i64 {
    ts.nanos_i64()
}

/// The entry update of a timeout: no packet at all.
fn no_packet(_: &mut Entry) -> bool {
    false
}

/// The probe kind of a segment without SYN or RST and without payload.
fn stealth_kind(t: &TcpDigest) -> u32 {
    use crate::wire::summary::TcpFlags as F;
    let main = t.flags.0 & (F::FIN | F::SYN | F::RST | F::PSH | F::ACK | F::URG);
    match main {
        0 => bit::P_NULL,
        F::FIN => bit::P_FIN,
        x if x == F::FIN | F::PSH | F::URG => bit::P_XMAS,
        F::ACK => bit::P_ACK,
        x if x == F::FIN | F::ACK => bit::P_MAIMON,
        _ => bit::P_ODD,
    }
}

/// A non-SYN, non-RST segment from the initiator side.
fn initiator_segment(e: &mut Entry, data: bool, ack: bool, fin: bool, kind: u32) -> bool {
    if data {
        if e.any(bit::I_TEARDOWN) || (e.status == Status::Probe && e.any(bit::A_SYNACK)) {
            e.bits |= bit::FOLLOWED_UP;
        }
        e.bits |= bit::I_DATA;
        return false;
    }
    if e.bits == 0 || (e.any(bit::P_STEALTH | bit::P_ACK) && !e.any(bit::P_SYN | bit::I_DATA)) {
        // A stealth or ACK probe (or its retransmission).
        e.bits |= kind;
        e.probes = e.probes.saturating_add(1);
        return true;
    }
    if e.any(bit::A_SYNACK) && !e.any(bit::I_DATA) {
        if fin {
            e.bits |= bit::I_TEARDOWN;
        } else if ack {
            e.bits |= bit::I_HS_ACK;
        }
    }
    false
}

/// The status an entry's bits imply; undecided entries stay pending until
/// their timeout, then count as the unanswered case.
fn settle(e: &Entry, class: Class, timed_out: bool) -> Status {
    if let Some(s) = decided(e, class) {
        return s;
    }
    if !(timed_out || e.status != Status::Pending) {
        return Status::Pending;
    }
    match class {
        // Handshake completed and neither data nor teardown: an idle connection.
        Class::Tcp if e.any(bit::I_HS_ACK) => Status::Conversation,
        _ => Status::Probe,
    }
}

fn decided(e: &Entry, class: Class) -> Option<Status> {
    let unreach = bit::A_UNREACH_PORT | bit::A_UNREACH_OTHER;
    match class {
        Class::Tcp => {
            if e.any(bit::I_TEARDOWN) {
                Some(Status::Probe)
            } else if e.any(bit::I_DATA) {
                Some(Status::Conversation)
            } else if e.any(bit::A_RST | unreach) {
                Some(Status::Probe)
            } else if e.any(bit::A_TTL_EXCEEDED) {
                Some(Status::Ignored)
            } else if !e.any(bit::P_SYN) && e.any(bit::A_REPLY) {
                // A non-RST answer to a bare ACK/FIN: mid-stream traffic.
                Some(Status::Conversation)
            } else if e.bits & bit::PROBE_KINDS == 0 && e.any(bit::A_REPLY) {
                Some(Status::Conversation)
            } else {
                None
            }
        }
        Class::Udp | Class::Icmp => {
            if e.any(bit::A_REPLY) {
                Some(Status::Conversation)
            } else if e.any(unreach) {
                Some(Status::Probe)
            } else if e.any(bit::A_TTL_EXCEEDED) {
                Some(Status::Ignored)
            } else {
                None
            }
        }
    }
}

/// Whether the tallies cross the configured thresholds.
fn crossed(cfg: &ScanConfig, class: Class, target: Tally, port: Tally) -> bool {
    let share = cfg.min_probe_share;
    let horizontal_min = if class == Class::Icmp {
        cfg.ping_sweep_min_hosts
    } else {
        cfg.horizontal_min_hosts
    };
    let vertical = class != Class::Icmp
        && target.probe > 0
        && target.total() >= cfg.vertical_min_ports
        && target.probe_share() >= share;
    let horizontal =
        port.probe > 0 && port.total() >= horizontal_min && port.probe_share() >= share;
    vertical || horizontal
}

#[cfg(test)]
pub(crate) mod ladder;
#[cfg(test)]
mod tests;
