//! Diagnosis: say why each connection failed, in plain words, with the
//! packets that prove it — from one capture or from both ends (`--peer`).
//!
//! The seam is [`Diagnoser`]: feed it packet summaries (any order), call
//! [`Diagnoser::finish`] for a [`Report`]. Inside, [`collect`] turns summaries
//! into conversations ([`model::Conn`]), and one file per finding family
//! turns a conversation into a [`Finding`]: [`handshake`], [`reject`],
//! [`session`], [`transfer`], [`udp`], [`scan`]; [`attempts`] groups retries,
//! [`vantage`] says where the capture was taken, [`peer`] matches two captures.
//!
//! Memory is bounded ([`Limits`]): at most `max_conns` conversations are
//! tracked (the least recently active is evicted and counted), each keeps a
//! bounded number of packets, and masses of small identical failures from
//! many sources become one finding ([`mass`]); so a flood capture yields a
//! few verdicts and an eviction count, not one finding per spoofed source.

pub mod app;
pub mod attempts;
pub mod collect;
pub mod ctx;
pub mod deciding;
pub mod dns;
pub mod finding;
pub mod flowstates;
pub mod handshake;
pub mod mass;
pub mod model;
pub mod mtu;
pub mod neighbors;
pub mod peer;
pub mod reject;
pub mod reorder;
pub mod resets;
pub mod scan;
pub mod progress;
pub mod queue;
pub mod questions;
pub mod session;
pub mod silence;
pub mod slow;
pub mod spill;
pub mod timing;
pub mod tls;
pub mod transfer;
pub mod udp;
pub mod unreachable;
pub mod vantage;

pub use finding::{Caveat, Evidence, Figures, Finding, Label, RepeatKey, Severity, TcpState, TimeBreakdown, Vantage};

use crate::time::Timestamp;
use crate::wire::Summary;
use ctx::Ctx;
use model::{Conn, Proto};
use serde::Serialize;
use std::net::IpAddr;

/// Packets held back to put a capture into time order ([`reorder`]).
/// Smaller files are sorted completely; in larger ones a packet more than
/// this many packets late is processed where it arrives (and counted in
/// the notes).
pub const REORDER_WINDOW: usize = 131_072;

/// Memory bounds of one diagnosis; what a bound drops is counted and reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Conversations tracked at once ([`collect::DEFAULT_MAX_CONNS`]).
    pub max_conns: usize,
    /// Live flows of the flow stage's tracker ([`flowstates::DEFAULT_MAX_FLOWS`]).
    pub max_flows: usize,
    /// Hosts whose TTLs are kept, and hosts counted exactly ([`vantage::DEFAULT_MAX_HOSTS`]).
    pub max_hosts: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_conns: collect::DEFAULT_MAX_CONNS,
            max_flows: flowstates::DEFAULT_MAX_FLOWS,
            max_hosts: vantage::DEFAULT_MAX_HOSTS,
        }
    }
}

/// Collects packet summaries of one capture (one or more files merged).
/// This is the seam: feed it with [`Diagnoser::packet`], then
/// [`Diagnoser::finish`] or [`Diagnoser::finish_with_peer`].
#[derive(Default)]
pub struct Diagnoser {
    limits: Limits,
    files: Vec<String>,
    /// Packets not yet processed, put into time order.
    waiting: reorder::Reorder,
    flow: flowstates::FlowTrack,
    addrs: crate::wire::hash::HashSet<IpAddr>,
    /// The newest flow connection id seen (see `first_of_its_connection`).
    newest_conn: u64,
    packets: u64,
    span: Option<(Timestamp, Timestamp)>,
    /// Packets that arrived after later ones had been processed.
    late: u64,
    /// The scan detector of `analysis::scans`, fed in time order.
    scans: Option<crate::analysis::scans::ScanDetector>,
    /// The caller runs the scan detector and hands its report over
    /// ([`Diagnoser::scans_from`]): no second detector here.
    scans_outside: bool,
    /// The scans the caller's detector found.
    scanned_outside: Vec<scan::Scanned>,
    /// More distinct addresses than `limits.max_hosts` were seen (`addrs` stopped growing).
    hosts_capped: bool,
    /// Leave packets with bad checksums out (Zeek's default); else they count.
    drop_bad_checksums: bool,
    /// Packets with a bad IPv4, TCP or UDP checksum.
    bad_checksums: u64,
    /// The second stage: conversations and their decisions ([`deciding`]).
    stage: deciding::Stage,
    /// Run the second stage on a thread of its own ([`Diagnoser::pipelined`]).
    pipelined: bool,
}

/// Where [`Diagnoser::announce`] sends findings.
pub type Announce = Box<dyn FnMut(&Finding) + Send>;

/// Healthy findings about released conversations listed at most: beyond,
/// they are counted per label in a note (a capture of millions of DNS
/// exchanges must not keep a finding for each).
pub const MAX_RELEASED_LISTED: usize = 100_000;

/// Findings of each severity the overview prints at most (the first ones
/// in time order): the overview keeps no more of the released ones and
/// counts the rest ([`Elided`]).
pub const OVERVIEW_SHOWN: usize = 20;

/// Conversations decided and released once closed ([`collect::Collector::release`]):
/// memory follows the live conversations, not the capture's length.
#[derive(Default)]
pub struct Released {
    /// Their findings, with both kernel endpoints (client first) to read
    /// the states as of the capture's end.
    pub findings: Vec<(Finding, Option<[crate::flow::kernel::KernelEndpoint; 2]>)>,
    /// Findings listed so far (kept, or elided below).
    listed: usize,
    /// Healthy ones beyond [`MAX_RELEASED_LISTED`], per label.
    pub unlisted: std::collections::BTreeMap<Label, u64>,
    /// Conversations released.
    pub count: u64,
    /// Keep only the first [`OVERVIEW_SHOWN`] findings of each severity
    /// (scan and flood notices all) and count the others in `elided`.
    pub overview_only: bool,
    /// Listed findings not kept: dropped (`overview_only`) or written aside (`spill`).
    pub elided: Elided,
    /// `overview_only`: the time of the last healthy finding kept at the
    /// latest compaction; a healthy one after it is elided at the next.
    ok_cutoff: Option<f64>,
    /// Where findings are written aside ([`Diagnoser::spill`]).
    pub spill: Option<spill::Spill>,
}

/// Findings listed in a report but not in its `findings`: what the counts
/// need. The overview prints the first few of each severity and counts the
/// rest; `diagnose` writes released ones aside ([`spill`]) and reads them
/// back as it prints.
#[derive(Clone, Debug, Default)]
pub struct Elided {
    /// Label → connections (attempts).
    pub by_label: std::collections::BTreeMap<Label, u32>,
    /// Findings per severity ([`Severity`] as index).
    pub by_severity: [usize; 4],
    /// Vantage votes of those findings ([`Vantage`] as index; scans and floods excluded).
    pub votes: [usize; 5],
    /// Failures and warnings the overview dropped, per
    /// [`Finding::repeat_key`], for at most [`MAX_REPEAT_KEYS`] keys: it
    /// folds them into the first finding it shows of each.
    pub repeats: crate::wire::hash::HashMap<RepeatKey, Repeats>,
}

/// Findings of one [`RepeatKey`] not kept.
#[derive(Clone, Copy, Debug, Default)]
pub struct Repeats {
    /// Findings.
    pub findings: u32,
    /// Connections (a grouped finding counts each attempt).
    pub conns: u32,
    /// The latest one's start, seconds since the epoch.
    pub last_ts: f64,
}

impl Repeats {
    /// Counts `f` in.
    pub fn add(&mut self, f: &Finding) {
        self.merge(&Repeats { findings: 1, conns: f.attempts, last_ts: f.ts });
    }

    /// Counts `other`'s findings in.
    fn merge(&mut self, other: &Repeats) {
        if other.findings == 0 {
            return;
        }
        self.last_ts = if self.findings == 0 { other.last_ts } else { self.last_ts.max(other.last_ts) };
        self.findings = self.findings.saturating_add(other.findings);
        self.conns = self.conns.saturating_add(other.conns);
    }
}

/// A failure or warning as the overview lists it: the first finding of its
/// [`RepeatKey`], and the later ones of that key (kept or elided) counted.
pub struct Folded<'a> {
    /// The earliest finding of the key in the report.
    pub first: &'a Finding,
    /// The others.
    pub again: Repeats,
}

/// Distinct [`RepeatKey`]s [`Elided`] counts (a scan of a million services
/// is counted in the totals only, past these).
pub const MAX_REPEAT_KEYS: usize = 1 << 16;

impl Elided {
    fn add(&mut self, f: &Finding) {
        *self.by_label.entry(f.label).or_default() += f.attempts;
        self.by_severity[f.severity as usize] += 1;
        if !matches!(f.label, Label::Scan | Label::SynFlood) {
            self.votes[f.vantage as usize] += 1;
        }
    }

    /// Counts a failure or warning the overview drops under its
    /// [`Finding::repeat_key`]. Only the overview reads these; `diagnose`
    /// writes its findings aside and prints every one.
    fn add_repeat(&mut self, f: &Finding) {
        if matches!(f.severity, Severity::Failure | Severity::Warning) {
            let key = f.repeat_key();
            if let Some(r) = self.repeats.get_mut(&key) {
                r.add(f);
            } else if self.repeats.len() < MAX_REPEAT_KEYS {
                self.repeats.entry(key).or_default().add(f);
            }
        }
    }

    /// Findings of severity `s` not kept.
    pub fn of(&self, s: Severity) -> usize {
        self.by_severity[s as usize]
    }
}

/// Kept findings the overview-only mode compacts at (a multiple of what it keeps).
const COMPACT_AT: usize = 64 * OVERVIEW_SHOWN;

impl Released {
    /// Some healthy findings are only counted now (by label and severity):
    /// beyond [`MAX_RELEASED_LISTED`], or, in the overview, later than the
    /// healthy ones it keeps.
    pub fn counts_healthy_only(&self) -> bool {
        self.listed >= MAX_RELEASED_LISTED || (self.overview_only && self.spill.is_none() && self.ok_cutoff.is_some())
    }

    /// `f` would only be counted, never shown or written.
    pub fn only_counts(&self, f: &Finding) -> bool {
        f.severity == Severity::Ok
            && (self.listed >= MAX_RELEASED_LISTED
                || (self.overview_only && self.spill.is_none() && self.ok_cutoff.is_some_and(|t| f.ts > t)))
    }

    /// Lists one finding: kept, unlisted (healthy beyond the cap) or elided.
    fn list(&mut self, f: Finding, kernel: Option<[crate::flow::kernel::KernelEndpoint; 2]>) {
        if f.severity == Severity::Ok && self.listed >= MAX_RELEASED_LISTED {
            *self.unlisted.entry(f.label).or_default() += 1;
            return;
        }
        self.listed += 1;
        if let Some(sp) = self.spill.as_mut() {
            if sp.push(&f, kernel) {
                self.elided.add(&f);
                return;
            }
        }
        self.findings.push((f, kernel));
        if self.overview_only && self.findings.len() >= COMPACT_AT {
            self.compact();
        }
    }

    /// Keeps the first [`OVERVIEW_SHOWN`] findings of each severity in the
    /// report's order (severity, then time; a stable sort keeps release
    /// order among equal times, as the report's own sort does) and counts
    /// the others: no finding the overview prints is dropped.
    // The keys are sorted, not the findings (several hundred bytes each):
    // the kept ones stay in release order, which the next sort's ties and
    // the report's own stable sort read the same way.
    fn compact(&mut self) {
        let mut order: Vec<(Severity, f64, usize)> = self.findings.iter().enumerate().map(|(i, (f, _))| (f.severity, f.ts, i)).collect();
        order.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(x.2.cmp(&y.2)));
        let mut keep = vec![false; order.len()];
        let mut kept = [0usize; 4];
        for (severity, ts, i) in order {
            let n = &mut kept[severity as usize];
            *n += 1;
            keep[i] = *n <= OVERVIEW_SHOWN || severity == Severity::Notice;
            if severity == Severity::Ok && *n == OVERVIEW_SHOWN {
                self.ok_cutoff = Some(ts);
            }
        }
        let elided = &mut self.elided;
        let mut i = 0;
        self.findings.retain(|(f, _)| {
            let k = keep.get(i).copied().unwrap_or(true);
            i += 1;
            if !k {
                elided.add(f);
                elided.add_repeat(f);
            }
            k
        });
    }

    /// Takes the findings, endpoint states read as of `end` (the capture's end).
    fn take_findings_at(&mut self, end: Timestamp) -> Vec<Finding> {
        let mut v = Vec::with_capacity(self.findings.len());
        for (mut f, k) in std::mem::take(&mut self.findings) {
            spill::final_states(&mut f, k, end);
            v.push(f);
        }
        v
    }
}

/// Connections per outcome, for the overview.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Outcomes {
    /// Label → connections (a grouped finding counts each attempt).
    pub by_label: Vec<(Label, u32)>,
}

/// Two-capture facts (present with `--peer`).
#[derive(Clone, Debug, Serialize)]
pub struct PeerInfo {
    /// The peer capture's files.
    pub files: Vec<String>,
    /// Packets matched between the two captures.
    pub matched_packets: usize,
    /// Peer clock minus main clock, seconds (None: nothing matched).
    pub clock_offset_s: Option<f64>,
    /// One-way delay between the capture points, milliseconds.
    pub one_way_delay_ms: Option<f64>,
    /// How the offset was estimated.
    pub method: String,
}

/// The result of a diagnosis.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Input files.
    pub files: Vec<String>,
    /// IP packets read.
    pub packets: u64,
    /// First packet time, seconds since the epoch.
    pub first_ts: Option<f64>,
    /// Last packet time.
    pub last_ts: Option<f64>,
    /// Distinct IP addresses seen (a lower bound when `hosts_capped`).
    pub hosts: usize,
    /// More addresses than the host limit: `hosts` counts only the first ones.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hosts_capped: bool,
    /// Packets with a bad IPv4, TCP or UDP checksum (counted in connections
    /// unless `bad_checksums_dropped`); checksum offload is the usual cause.
    #[serde(skip_serializing_if = "is_zero")]
    pub bad_checksums: u64,
    /// Those packets were left out (`--drop-bad-checksums`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub bad_checksums_dropped: bool,
    /// TCP connections and UDP conversations seen (evicted ones included).
    pub connections: usize,
    /// Conversations evicted at the conversation cap: not diagnosed.
    pub evicted: u64,
    /// Hosts whose packets arrive undecremented (the capture's own link).
    pub local_hosts: Vec<IpAddr>,
    /// Where the capture was taken, for most connections.
    pub vantage: Vantage,
    /// Two-capture facts.
    pub peer: Option<PeerInfo>,
    /// All findings, most severe first, then in time order.
    pub findings: Vec<Finding>,
    /// Remarks about the input itself (empty file, clocks, ...).
    pub notes: Vec<String>,
    /// Findings counted but not in `findings` ([`Diagnoser::overview_only`],
    /// [`Diagnoser::spill`]).
    #[serde(skip)]
    pub elided: Elided,
    /// Findings written aside, read back by [`Report::each_finding`].
    #[serde(skip)]
    pub spilled: Option<spill::Spilled>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Report {
    /// Connections per label (attempts counted).
    pub fn outcomes(&self) -> Vec<(Label, u32)> {
        let mut m = self.elided.by_label.clone();
        for f in &self.findings {
            *m.entry(f.label).or_default() += f.attempts;
        }
        m.into_iter().collect()
    }

    /// Failures and warnings in report order, each [`RepeatKey`] once: its
    /// first finding, with the later ones (kept or elided) counted in.
    pub fn folded_trouble(&self) -> Vec<Folded<'_>> {
        use std::collections::hash_map::Entry;
        let mut at: crate::wire::hash::HashMap<RepeatKey, usize> = Default::default();
        let mut out: Vec<Folded<'_>> = Vec::new();
        for f in self.findings.iter().filter(|f| matches!(f.severity, Severity::Failure | Severity::Warning)) {
            match at.entry(f.repeat_key()) {
                Entry::Occupied(e) => out[*e.get()].again.add(f),
                Entry::Vacant(e) => {
                    e.insert(out.len());
                    out.push(Folded { first: f, again: Repeats::default() });
                }
            }
        }
        for g in &mut out {
            if let Some(r) = self.elided.repeats.get(&g.first.repeat_key()) {
                g.again.merge(r);
            }
        }
        out
    }

    /// Findings of severity `s`, those written aside included.
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count() + self.elided.of(s)
    }

    /// Calls `f` with every finding in report order: `findings` merged with
    /// those written aside (read back one at a time).
    pub fn each_finding(&self, mut f: impl FnMut(&Finding) -> std::io::Result<()>) -> std::io::Result<()> {
        let Some(sp) = &self.spilled else {
            return self.findings.iter().try_for_each(f);
        };
        let mut j = 0;
        for x in &self.findings {
            while sp.before(j, x) {
                f(&sp.read(j)?)?;
                j += 1;
            }
            f(x)?;
        }
        (j..sp.len()).try_for_each(|i| f(&sp.read(i)?))
    }
}

impl Report {
    /// Calls `f` with the JSON line (no newline) of every finding in
    /// report order, exactly as serialising [`Report::each_finding`]'s
    /// would give them: those written aside are copied as written, their
    /// final states put in, instead of being read back and serialised again.
    pub fn each_json_line(&self, mut f: impl FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()> {
        let mut buf = Vec::with_capacity(4096);
        let mut j = 0;
        for x in &self.findings {
            if let Some(sp) = &self.spilled {
                while sp.before(j, x) {
                    buf.clear();
                    sp.json_line(j, &mut buf)?;
                    f(&buf)?;
                    j += 1;
                }
            }
            buf.clear();
            serde_json::to_writer(&mut buf, x).map_err(std::io::Error::other)?;
            f(&buf)?;
        }
        if let Some(sp) = &self.spilled {
            for i in j..sp.len() {
                buf.clear();
                sp.json_line(i, &mut buf)?;
                f(&buf)?;
            }
        }
        Ok(())
    }
}

/// Conversations of one capture plus what the rules need about it.
pub struct Analysis {
    pub files: Vec<String>,
    pub conns: Vec<Conn>,
    pub hosts: vantage::HostTtls,
    pub packets: u64,
    pub span: Option<(Timestamp, Timestamp)>,
    pub addrs: usize,
    /// Endpoint states from the flow stage.
    pub flow: flowstates::FlowStates,
    /// Remarks about the input.
    pub notes: Vec<String>,
    /// Scans `analysis::scans` detected (their probes are not findings).
    pub scanned: Vec<scan::Scanned>,
    /// Per server: the shortest SYN → SYN|ACK time seen (seconds), and how many handshakes.
    pub server_rtt: crate::wire::hash::HashMap<IpAddr, (f64, u32)>,
    /// Per server: the latest handshakes that completed (client port, time).
    pub handshakes: Handshakes,
    /// Conversations the cap evicted.
    pub evicted: collect::Evicted,
    /// The limits this analysis ran with.
    pub limits: Limits,
    /// More distinct addresses than `limits.max_hosts`.
    pub hosts_capped: bool,
    /// Packets with bad checksums, and whether they were left out.
    pub bad_checksums: (u64, bool),
    /// Conversations decided and released while reading.
    pub released: Released,
    /// ARP and neighbour-discovery requests and replies.
    pub neighbors: neighbors::Neighbors,
    /// The questions of DNS queries.
    pub questions: questions::Questions,
}

impl Diagnoser {
    /// A diagnoser for a capture made of `files` (indexed by `Summary::source`).
    pub fn new(files: Vec<String>) -> Self {
        let mut d = Diagnoser { files, ..Default::default() };
        if let Some(b) = d.stage.here() {
            b.files = d.files.clone();
        }
        d.limits(Limits::default())
    }

    /// The second stage, to configure it (builders run before the first packet).
    fn deciding(&mut self, f: impl FnOnce(&mut deciding::Deciding)) {
        if let Some(b) = self.stage.here() {
            f(b);
        }
    }

    /// Sets the memory bounds (call before the first packet).
    pub fn limits(mut self, l: Limits) -> Self {
        self.limits = l;
        self.flow = flowstates::FlowTrack::new(l.max_flows);
        self.deciding(|b| b.set_limits(l));
        self
    }

    /// Keeps only the released findings the overview prints (the first
    /// ones of each severity) and counts the others in [`Report::elided`].
    pub fn overview_only(mut self, yes: bool) -> Self {
        self.deciding(|b| b.released.overview_only = yes);
        self
    }

    /// Writes the findings of released conversations aside to a temporary
    /// file and reads them back as the report is printed
    /// ([`Report::each_finding`]): memory then follows the live
    /// conversations, not the capture's length. Only for printers that read
    /// findings through `each_finding` (text and JSON lines).
    pub fn spill(mut self, yes: bool) -> Self {
        self.deciding(|b| b.released.spill = if yes { spill::Spill::create() } else { None });
        self
    }

    /// Keeps every packet of every conversation: needed to say which packets
    /// never reached the other capture (`--peer`); costs memory on big files.
    pub fn keep_all(mut self, yes: bool) -> Self {
        self.deciding(|b| b.col.keep_all = yes);
        self
    }

    /// Runs the conversations and their decisions on a thread of their own
    /// beside the time order and the flow stage ([`deciding`]): a file read
    /// with more than one thread. Not for live capture, whose ticks must
    /// reach the decisions at once. The findings are the same either way.
    pub fn pipelined(mut self, yes: bool) -> Self {
        self.pipelined = yes;
        self
    }

    /// Leaves scan detection to the caller, who runs `analysis::scans` over
    /// the same packets anyway (the overview) and hands its report to
    /// [`Diagnoser::scans_from`] before finishing: the detector runs once.
    pub fn scans_outside(mut self, yes: bool) -> Self {
        self.scans_outside = yes;
        self
    }

    /// The scans of the caller's detector (see [`Diagnoser::scans_outside`]).
    pub fn scans_from(&mut self, r: &crate::analysis::scans::ScanReport) {
        self.scanned_outside = scan::scanned(r);
    }

    /// Calls `f` with each failure or warning as soon as its conversation is
    /// decided (or, when the verdict waits for the end, as soon as the flow
    /// stage closes it): what a live capture prints while it runs. The
    /// report at the end still holds every finding.
    pub fn announce(mut self, f: Announce) -> Self {
        self.deciding(|b| b.announce = Some(f));
        self
    }

    /// A live capture's heartbeat when no packet came (`now`: the wall
    /// clock): the waiting packets are processed and the flow timers due by
    /// `now` run, so conversations on a quiet link close and are announced on time.
    pub fn tick(&mut self, now: Timestamp) {
        self.drain_waiting();
        if self.span.is_some_and(|(_, last)| now > last) {
            self.flow.expire(now);
            self.hand_closed();
            self.send(deciding::Event::Expired(now));
        }
    }

    /// Leaves packets with a bad IPv4, TCP or UDP checksum out, as Zeek does
    /// by default (without it they count, as in Wireshark).
    pub fn drop_bad_checksums(mut self, yes: bool) -> Self {
        self.drop_bad_checksums = yes;
        self
    }

    /// Feeds one packet summary (any order).
    pub fn packet(&mut self, s: &Summary) {
        // Out of `self` while it hands its earliest packet to `process`.
        let mut waiting = std::mem::replace(&mut self.waiting, reorder::Reorder::idle());
        waiting.push_then(s, |first| self.process(first));
        self.waiting = waiting;
    }

    /// Feeds what a frame carries beside its IP summary (ARP, neighbour
    /// discovery, DNS heads), before the summaries of the same frames.
    pub fn side(&mut self, r: &crate::wire::side::Side) {
        self.send(deciding::Event::Side(*r));
    }

    /// Hands an event to the second stage.
    fn send(&mut self, e: deciding::Event) {
        self.start();
        self.stage.send(e);
    }

    /// Starts the second stage's thread before the first event, when pipelined.
    fn start(&mut self) {
        if self.pipelined {
            self.pipelined = false;
            self.stage.spawn();
        }
    }

    /// Hands the connections the flow stage closed to the second stage.
    fn hand_closed(&mut self) {
        self.start();
        let stage = &mut self.stage;
        for c in self.flow.drain_closed() {
            stage.send(deciding::Event::Closed(c));
        }
    }

    /// A TCP or UDP packet's connection holds its two addresses: they are
    /// counted at its first packet only (two table lookups less for every
    /// other packet). Other packets count theirs each time.
    fn first_of_its_connection(&mut self, s: &Summary, seen: &flowstates::Seen) -> bool {
        match (seen.id, &s.transport) {
            (Some(id), crate::wire::summary::Transport::Tcp(_) | crate::wire::summary::Transport::Udp(_)) => {
                // Flow ids grow with each connection the tracker opens.
                let new = id > self.newest_conn;
                self.newest_conn = self.newest_conn.max(id);
                new
            }
            _ => true,
        }
    }

    fn count_addrs(&mut self, s: &Summary) {
        for a in [s.src, s.dst] {
            if self.addrs.len() < self.limits.max_hosts {
                self.addrs.insert(a);
            } else if !self.addrs.contains(&a) {
                self.hosts_capped = true;
            }
        }
    }

    /// Processes every waiting packet, earliest first.
    fn drain_waiting(&mut self) {
        let mut waiting = std::mem::replace(&mut self.waiting, reorder::Reorder::idle());
        while waiting.pop_then(|s| self.process(s)) {}
        self.waiting = waiting;
    }

    fn process(&mut self, s: &Summary) {
        self.packets += 1;
        if s.ip_checksum_ok == Some(false) || s.l4_checksum_ok == Some(false) {
            self.bad_checksums += 1;
            if self.drop_bad_checksums {
                return;
            }
        }
        self.span = Some(match self.span {
            None => (s.ts, s.ts),
            Some((a, b)) => {
                if s.ts < b {
                    self.late += 1;
                }
                (a.min(s.ts), b.max(s.ts))
            }
        });
        let seen = self.flow.feed(s);
        if self.first_of_its_connection(s, &seen) {
            self.count_addrs(s);
        }
        if !self.scans_outside {
            self.scans.get_or_insert_with(|| crate::analysis::scans::ScanDetector::new(scan_config())).observe(s);
        }
        self.hand_closed();
        self.stage.send_packet(s, seen);
    }

    /// Tracks conversations (the remaining packets in time order).
    pub fn analyse(mut self) -> Analysis {
        self.drain_waiting();
        let flow_evictions = self.flow.evictions();
        let (closed, end) = std::mem::take(&mut self.flow).finish();
        for c in closed {
            self.send(deciding::Event::Closed(c));
        }
        let mut b = std::mem::take(&mut self.stage).join();
        b.states.set_end(end);
        let (conns, hosts, evicted) = b.finish_conversations();
        let mut a = Analysis {
            files: self.files,
            conns,
            hosts,
            packets: self.packets,
            span: self.span,
            addrs: self.addrs.len(),
            flow: std::mem::take(&mut b.states),
            notes: Vec::new(),
            scanned: match self.scans {
                Some(d) => scan::scanned(&d.finish()),
                None => std::mem::take(&mut self.scanned_outside),
            },
            server_rtt: std::mem::take(&mut b.server_rtt),
            handshakes: std::mem::take(&mut b.handshakes),
            evicted,
            limits: self.limits,
            hosts_capped: self.hosts_capped,
            bad_checksums: (self.bad_checksums, self.drop_bad_checksums),
            released: std::mem::take(&mut b.released),
            neighbors: std::mem::take(&mut b.neighbors),
            questions: std::mem::take(&mut b.questions),
        };
        adopt_flow(&mut a.conns, &a.flow);
        for c in &a.conns {
            add_server_facts(&mut a.server_rtt, &mut a.handshakes, c);
        }
        if !a.released.unlisted.is_empty() {
            let v: Vec<String> = a.released.unlisted.iter().map(|(l, n)| format!("{} {}", thousands(*n), l.as_str())).collect();
            a.notes.push(format!(
                "{} more healthy conversations are counted, not listed ({}): beyond {} the findings of finished healthy conversations are not kept",
                thousands(a.released.unlisted.values().sum()),
                v.join(", "),
                thousands(MAX_RELEASED_LISTED as u64)
            ));
        }
        if a.evicted.conns > 0 {
            a.notes.push(eviction_note(&a.evicted, self.limits.max_conns));
        }
        if flow_evictions > 0 {
            a.notes.push(format!(
                "the flow stage evicted {} live flows at its {}-flow cap: their kernel states and history are as they were when evicted",
                thousands(flow_evictions),
                thousands(self.limits.max_flows as u64)
            ));
        }
        if self.hosts_capped {
            a.notes.push(format!(
                "more than {} distinct addresses: hosts are counted up to that many, and TTLs kept for the first ones only",
                thousands(self.limits.max_hosts as u64)
            ));
        }
        let (bad, dropped) = a.bad_checksums;
        if let Some(n) = crate::flow::bad_checksum_note(bad, dropped) {
            a.notes.push(n);
        }
        if self.late > 0 {
            a.notes.push(format!(
                "{} packets were more than {REORDER_WINDOW} packets out of time order in the file and were analysed where they were found",
                self.late
            ));
        }
        a
    }

    /// Diagnoses this capture alone.
    pub fn finish(self) -> Report {
        let mut a = self.analyse();
        let mut findings = diagnose_conns(&a);
        let end = a.span.map(|s| s.1).unwrap_or_default();
        findings.extend(a.released.take_findings_at(end));
        if let Some(n) = neighbors::settle(&mut findings, &a.neighbors, &context(&a)) {
            a.notes.push(n);
        }
        let spill = a.released.spill.take();
        let mut r = report(&a, findings, None);
        r.spilled = spill.map(|s| s.finish(end));
        r
    }

    /// Diagnoses this capture together with one taken at the other end.
    pub fn finish_with_peer(self, peer: Diagnoser) -> Report {
        let a = self.analyse();
        let b = peer.analyse();
        peer::diagnose_pair(&a, &b)
    }
}

/// Adds `c`'s SYN → SYN|ACK time to its server's shortest, and its
/// completed handshake to the server's latest ones.
fn add_server_facts(rtt: &mut crate::wire::hash::HashMap<IpAddr, (f64, u32)>, hs: &mut Handshakes, c: &Conn) {
    if let Some((leg, _)) = vantage::legs(c).or_else(|| vantage::syn_synack(c).map(|l| (l, 0.0))) {
        let e = rtt.entry(c.server).or_insert((leg, 0));
        *e = (e.0.min(leg), e.1 + 1);
    }
    let h = handshake::Handshake::of(c);
    if let Some(ack) = h.ack.filter(|_| h.completed(c)) {
        note_handshake(hs.entry(c.server).or_default(), c.cport, ack.ts);
    }
}

/// Per server: the latest completed handshakes, (client port, time).
pub type Handshakes = crate::wire::hash::HashMap<IpAddr, Vec<(u16, Timestamp)>>;

/// Keeps the two latest handshakes from distinct client ports: enough to
/// tell whether *another* connection completed one after a given time
/// ([`Ctx::new_connection_works`]), in memory that does not grow with the capture.
fn note_handshake(v: &mut Vec<(u16, Timestamp)>, port: u16, ts: Timestamp) {
    match v.iter_mut().find(|e| e.0 == port) {
        Some(e) => e.1 = e.1.max(ts),
        None => v.push((port, ts)),
    }
    v.sort_by(|a, b| b.1.cmp(&a.1));
    v.truncate(2);
}

/// Makes each conversation say what the flow stage says: its client (the
/// flow's originator), and its bytes, packets and retransmissions.
fn adopt_flow(conns: &mut [Conn], flow: &flowstates::FlowStates) {
    for c in conns.iter_mut() {
        if flow.orig(c).is_some_and(|o| o != (c.client, c.cport)) {
            c.swap_roles();
        }
        if let Some(f) = flow.figures(c) {
            c.bytes = f.bytes;
            c.seen = f.pkts;
            c.retrans = f.retrans;
        }
    }
}

/// The scan detector's settings inside a diagnosis: its thresholds, with
/// smaller tables (it only tells which probes belong to a scan; `tcpsleuth
/// scans` runs it with its full tables).
/// The scan detector's bounds in a diagnosis (also for a detector run
/// outside it, see [`Diagnoser::scans_outside`]).
pub fn scan_config() -> crate::analysis::scans::ScanConfig {
    crate::analysis::scans::ScanConfig { max_sources: 32_768, max_entries: 262_144, max_pending: 65_536, ..Default::default() }
}

/// The rule context for an analysis.
pub fn context(a: &Analysis) -> Ctx<'_> {
    Ctx { files: &a.files, hosts: &a.hosts, capture_end: a.span.map(|s| s.1).unwrap_or_default(), flow: &a.flow, scanned: &a.scanned, server_rtt: &a.server_rtt, handshakes: &a.handshakes, questions: &a.questions, brief: false }
}

/// The finding for one conversation (no scan or attempt grouping), with
/// the endpoint states of the one connection model: the flow stage's, for
/// every endpoint the capture shows and the rule did not call unknowable.
pub fn diagnose_conn(c: &Conn, ctx: &Ctx<'_>) -> Finding {
    let mut f = rule_finding(c, ctx);
    ctx::merge_same_packets(&mut f.evidence);
    if let (Some((cs, ss)), Some((ct, st))) = (ctx.flow.of(c), ctx.flow.touched(c)) {
        if c.proto == Proto::Tcp {
            if ct && f.client_state != TcpState::Unknown {
                f.client_state = cs;
            }
            if st && f.server_state != TcpState::Unknown {
                f.server_state = ss;
            }
        }
    }
    f
}

fn rule_finding(c: &Conn, ctx: &Ctx<'_>) -> Finding {
    if let Some(f) = unreachable::diagnose(c, ctx) {
        return f;
    }
    if c.proto == Proto::Udp {
        return udp::diagnose(c, ctx);
    }
    if let Some(f) = dns::diagnose(c, ctx) {
        return f;
    }
    if let Some(f) = tls::diagnose(c, ctx) {
        return f;
    }
    if let Some(f) = reject::icmp_rejection(c, ctx) {
        return f;
    }
    if let Some(f) = reject::reset_answer(c, ctx) {
        return f;
    }
    if let Some(f) = handshake::diagnose(c, ctx) {
        return f;
    }
    session::diagnose(c, ctx)
}

/// Findings for every conversation of `a`: scans, floods and masses of
/// identical failures first summarised, retries grouped.
pub fn diagnose_conns(a: &Analysis) -> Vec<Finding> {
    let ctx = context(a);
    let det = scan::detect(&a.conns, &ctx);
    let mass = mass::detect(&a.conns, &ctx, &det.members);
    let mut skip: std::collections::HashSet<usize> = det.members.iter().copied().collect();
    skip.extend((0..a.conns.len()).filter(|i| mass.members.get(*i).copied().unwrap_or(false)));
    let queue = queue::detect(&a.conns, &ctx, &skip);
    skip.extend(queue.members.iter().copied());
    let mut per: Vec<Finding> = a
        .conns
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .map(|(_, c)| diagnose_conn(c, &ctx))
        .collect();
    udp::replies_to_group(&mut per, &udp::group_queriers(&a.conns));
    per.sort_by(|x, y| x.ts.total_cmp(&y.ts));
    let mut all = attempts::group(per);
    all.extend(det.findings);
    all.extend(mass.findings);
    all.extend(queue.findings);
    mention_evicted(&mut all, &a.evicted, a.limits.max_conns);
    all
}

/// "1,000,000".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The note that says how many conversations the cap evicted, and where.
fn eviction_note(e: &collect::Evicted, cap: usize) -> String {
    let top: Vec<String> = e
        .top(3)
        .iter()
        .map(|((p, a, port), n)| format!("{} to {a}:{port}/{}", thousands(*n), p.as_str()))
        .collect();
    format!(
        "{} conversations evicted at the {}-conversation cap ({} packets, {} of them never answered; {}): \
         they were not diagnosed, so verdicts for them are incomplete (raise the cap with --max-conns)",
        thousands(e.conns),
        thousands(cap as u64),
        thousands(e.packets),
        thousands(e.unanswered),
        top.join(", ")
    )
}

/// Adds the evicted attempts of a service to the flood or mass finding that
/// covers it, so that the verdict says how much more there was.
fn mention_evicted(findings: &mut [Finding], e: &collect::Evicted, cap: usize) {
    if e.conns == 0 {
        return;
    }
    for f in findings.iter_mut() {
        let proto = if f.proto == "udp" { Proto::Udp } else { Proto::Tcp };
        let summarised = matches!(f.label, Label::SynFlood) || (f.client_port == 0 && f.attempts > 1 && attempts::groupable(f.label));
        let Some(n) = e.by_service.get(&(proto, f.server, f.server_port)).copied().filter(|_| summarised) else { continue };
        f.summary.push_str(&format!(" (+{} evicted)", thousands(n)));
        f.explanation.push_str(&format!(
            " A further {} attempts to this service were evicted at the {}-conversation cap before they could be \
             diagnosed: the counts above cover only the attempts still tracked.",
            thousands(n),
            thousands(cap as u64)
        ));
    }
}

/// Builds the report: capture facts, findings sorted by severity then time.
pub fn report(a: &Analysis, mut findings: Vec<Finding>, peer: Option<PeerInfo>) -> Report {
    findings.sort_by(|x, y| x.severity.cmp(&y.severity).then(x.ts.total_cmp(&y.ts)));
    let ctx = context(a);
    // Scan probes and flood SYNs say where the scanner's victim is, not where
    // the capture was taken relative to the hosts a user cares about: let the
    // other findings vote, and fall back to every connection.
    let mut votes = a.released.elided.votes;
    for f in findings.iter().filter(|f| !matches!(f.label, Label::Scan | Label::SynFlood)) {
        votes[f.vantage as usize] += 1;
    }
    if votes.iter().all(|&n| n == 0) {
        for c in &a.conns {
            votes[vantage::vantage(c, ctx.hosts) as usize] += 1;
        }
    }
    let vantage = if peer.is_some() {
        Vantage::Both
    } else {
        [Vantage::Client, Vantage::Server, Vantage::Between]
            .into_iter()
            .filter(|v| votes[*v as usize] > 0)
            .max_by_key(|v| votes[*v as usize])
            .unwrap_or(Vantage::Unknown)
    };
    let mut notes = a.notes.clone();
    if a.packets == 0 && findings.is_empty() {
        notes.push("no IP packets in the input: nothing to diagnose".to_string());
    }
    Report {
        files: a.files.clone(),
        packets: a.packets,
        first_ts: a.span.map(|s| s.0.as_secs_f64()),
        last_ts: a.span.map(|s| s.1.as_secs_f64()),
        hosts: a.addrs,
        hosts_capped: a.hosts_capped,
        bad_checksums: a.bad_checksums.0,
        bad_checksums_dropped: a.bad_checksums.1 && a.bad_checksums.0 > 0,
        connections: a.conns.len()
            + usize::try_from(a.evicted.conns + a.released.count).unwrap_or(usize::MAX),
        evicted: a.evicted.conns,
        local_hosts: a.hosts.local_hosts(),
        vantage,
        peer,
        findings,
        notes,
        elided: a.released.elided.clone(),
        spilled: None,
    }
}
#[cfg(test)]
mod tests;
