//! Turning the detector's tables into [`Scan`] findings: port states read
//! as nmap reads them, technique read from the probes, compact port lists.

use super::table::{bit, unkey, Class, Entry, EntryKey, Source, Status, Target};
use super::{HashSet, ScanAlert, ScanConfig, ScanStats};
use crate::time::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

/// Targets listed in one scan (the count is always exact).
pub const MAX_LISTED_TARGETS: usize = 1024;
/// Open (target, port) pairs listed as evidence per scan.
pub const MAX_EVIDENCE_OPEN: usize = 16;
/// (target:port) pairs listed in `open_services` and `connected_after`.
pub const MAX_LISTED_SERVICES: usize = 256;

/// The shape of a scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanKind {
    /// Many ports of few hosts.
    Vertical,
    /// The same port(s) on many hosts.
    Horizontal,
    /// Many ports on many hosts.
    Block,
    /// ICMP echo to many hosts.
    PingSweep,
}

/// How the probes were made (what nmap calls the scan type).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Technique {
    /// Half-open: SYN, then RST after a SYN-ACK (nmap -sS).
    Syn,
    /// Full handshakes torn down at once (nmap -sT).
    Connect,
    Fin,
    Null,
    Xmas,
    /// Bare ACK, RSTs read as "unfiltered" (nmap -sA).
    Ack,
    /// FIN+ACK (nmap -sM).
    Maimon,
    /// ACK probes whose RST windows tell open (> 0) from closed (0) (nmap -sW).
    Window,
    /// Another flag combination (nmap --scanflags).
    Custom,
    Udp,
    IcmpEcho,
}

/// What a scanner learned about one port, as nmap names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PortState {
    Open,
    Closed,
    Filtered,
    OpenFiltered,
    Unfiltered,
}

impl fmt::Display for PortState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PortState::Open => "open",
            PortState::Closed => "closed",
            PortState::Filtered => "filtered",
            PortState::OpenFiltered => "open|filtered",
            PortState::Unfiltered => "unfiltered",
        })
    }
}

impl fmt::Display for Technique {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Technique::Syn => "syn",
            Technique::Connect => "connect",
            Technique::Fin => "fin",
            Technique::Null => "null",
            Technique::Xmas => "xmas",
            Technique::Ack => "ack",
            Technique::Maimon => "maimon",
            Technique::Window => "window",
            Technique::Custom => "custom",
            Technique::Udp => "udp",
            Technique::IcmpEcho => "icmp_echo",
        })
    }
}

impl fmt::Display for ScanKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScanKind::Vertical => "vertical",
            ScanKind::Horizontal => "horizontal",
            ScanKind::Block => "block",
            ScanKind::PingSweep => "ping_sweep",
        })
    }
}

/// One frame backing a finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub frame: u64,
    /// Capture time, when kept (per-port entries keep only their frame).
    #[serde(serialize_with = "opt_ts_secs")]
    pub ts: Option<Timestamp>,
    pub what: String,
}

/// What the scanner learned about one target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetResult {
    pub target: IpAddr,
    /// Compact ranges, e.g. "1-1024,8080".
    pub ports_probed: String,
    pub open: Vec<u16>,
    pub closed: Vec<u16>,
    pub filtered: Vec<u16>,
    pub open_filtered: Vec<u16>,
    pub unfiltered: Vec<u16>,
    /// SYN-ACK on (nearly) every probed port: SYN cookies, a tarpit or a
    /// proxying firewall, not real services.
    pub answers_every_port: bool,
    /// Ping sweeps: whether it answered the echo (port lists stay empty).
    pub up: Option<bool>,
}

/// One detected scan: one source, one protocol class.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scan {
    pub kind: ScanKind,
    pub technique: Technique,
    pub scanner: IpAddr,
    /// Protocol class ("tcp", "udp", "icmp").
    pub proto: &'static str,
    /// Targets (at most [`MAX_LISTED_TARGETS`] listed).
    pub targets: Vec<IpAddr>,
    pub targets_total: u64,
    /// Every port probed on any target, compact ("1-1024,8080").
    pub ports_probed: String,
    pub ports_probed_count: u32,
    /// Ports in each state on at least one target.
    pub open: Vec<u16>,
    pub closed: Vec<u16>,
    pub filtered: Vec<u16>,
    pub open_filtered: Vec<u16>,
    pub unfiltered: Vec<u16>,
    /// Open "target:port" pairs the scan found.
    pub open_services: Vec<String>,
    /// Ping sweeps: the hosts that answered.
    pub hosts_up: Vec<IpAddr>,
    /// Open "target:port" pairs the scanner later exchanged data with.
    pub connected_after: Vec<String>,
    /// One line a person reads: "ports 1-1024,8080: 4 open 22,80,443,8080; 1021 closed".
    pub summary: String,
    pub per_target: Vec<TargetResult>,
    /// Probe packets, retransmissions included.
    pub probes: u64,
    /// Probes repeated to a port already probed.
    pub retransmissions: u64,
    #[serde(serialize_with = "ts_secs")]
    pub start: Timestamp,
    #[serde(serialize_with = "ts_secs")]
    pub end: Timestamp,
    pub rate_pps: f64,
    /// When the thresholds were crossed.
    #[serde(serialize_with = "ts_secs")]
    pub detected_at: Timestamp,
    /// Other sources that probed the same ports of the same targets at the
    /// same time (nmap -D decoys, or a distributed scan).
    pub same_probes_as: Vec<IpAddr>,
    /// Probes and targets beyond the memory limits (counted, not classified).
    pub untracked_probes: u64,
    pub untracked_targets: u64,
    pub evidence: Vec<Evidence>,
}

/// Everything the detector found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ScanReport {
    pub scans: Vec<Scan>,
    /// Hosts that answered SYN-ACK on (nearly) every probed port.
    pub answers_every_port: Vec<IpAddr>,
    pub stats: ScanStats,
    /// Alerts raised while streaming whose scan no longer held at the end.
    pub alerts_retracted: u64,
    #[serde(skip)]
    pub alerts: Vec<ScanAlert>,
}

impl ScanReport {
    /// The scan a packet from `src` to `dst` port `dport` (IP protocol
    /// `proto`; port 0 for ICMP echo) was a probe of, if any: for callers
    /// that fold a scan's probes into one finding. Only listed targets
    /// ([`MAX_LISTED_TARGETS`] per scan) are matched.
    pub fn probe_of(&self, src: IpAddr, dst: IpAddr, proto: u8, dport: u16) -> Option<&Scan> {
        let want = match Class::of_proto(proto)? {
            Class::Tcp => "tcp",
            Class::Udp => "udp",
            Class::Icmp => "icmp",
        };
        self.scans.iter().find(|s| {
            s.scanner == src
                && s.proto == want
                && s.per_target.iter().any(|t| {
                    t.target == dst
                        && (t.up.is_some()
                            || [&t.open, &t.closed, &t.filtered, &t.open_filtered, &t.unfiltered]
                                .iter()
                                .any(|v| v.binary_search(&dport).is_ok()))
                })
        })
    }
}

fn opt_ts_secs<S: serde::Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => ts_secs(t, s),
        None => s.serialize_none(),
    }
}

/// Serializes a timestamp as Unix seconds (microsecond precision), as Zeek logs do.
pub(crate) fn ts_secs<S: serde::Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((t.as_nanos() / 1000) as f64 / 1e6)
}

/// "1-1024,8080" from a sorted, de-duplicated list.
pub fn compact_ports(ports: &[u16]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < ports.len() {
        let start = ports[i];
        let mut end = start;
        while i + 1 < ports.len() && ports[i + 1] == end.wrapping_add(1) && end != u16::MAX {
            i += 1;
            end = ports[i];
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}-{end}"));
        }
        i += 1;
    }
    out
}

/// The state of one entry's port, given the scan's technique.
fn port_state(e: &Entry, class: Class, technique: Technique) -> PortState {
    let unreach = bit::A_UNREACH_PORT | bit::A_UNREACH_OTHER;
    match class {
        Class::Udp => {
            if e.any(bit::A_REPLY) {
                PortState::Open
            } else if e.any(bit::A_UNREACH_PORT) {
                PortState::Closed
            } else if e.any(bit::A_UNREACH_OTHER) {
                PortState::Filtered
            } else {
                PortState::OpenFiltered
            }
        }
        Class::Icmp => {
            if e.any(bit::A_REPLY) {
                PortState::Open
            } else {
                PortState::Filtered
            }
        }
        Class::Tcp => {
            if e.any(bit::A_SYNACK) {
                return PortState::Open;
            }
            let ack_probe = e.any(bit::P_ACK) && !e.any(bit::P_SYN | bit::P_STEALTH);
            if ack_probe {
                return match technique {
                    Technique::Window if e.any(bit::A_RST_WIN) => PortState::Open,
                    Technique::Window if e.any(bit::A_RST_ZWIN) => PortState::Closed,
                    _ if e.any(bit::A_RST) => PortState::Unfiltered,
                    _ => PortState::Filtered,
                };
            }
            if e.any(bit::A_RST) {
                PortState::Closed
            } else if e.any(unreach) || e.any(bit::P_SYN) {
                PortState::Filtered
            } else {
                PortState::OpenFiltered
            }
        }
    }
}

/// The dominant probe kind of the included entries.
fn technique(entries: &[(&IpAddr, u16, &Entry)], class: Class) -> Technique {
    match class {
        Class::Udp => return Technique::Udp,
        Class::Icmp => return Technique::IcmpEcho,
        Class::Tcp => {}
    }
    let kinds = [
        (bit::P_SYN, Technique::Syn),
        (bit::P_FIN, Technique::Fin),
        (bit::P_NULL, Technique::Null),
        (bit::P_XMAS, Technique::Xmas),
        (bit::P_ACK, Technique::Ack),
        (bit::P_MAIMON, Technique::Maimon),
        (bit::P_ODD, Technique::Custom),
    ];
    let mut best = (0usize, Technique::Syn, 0u32);
    for (b, t) in kinds {
        let n = entries.iter().filter(|(_, _, e)| e.any(b)).count();
        if n > best.0 {
            best = (n, t, b);
        }
    }
    let all = |b: u32| entries.iter().filter(move |(_, _, e)| e.any(b));
    match best.1 {
        Technique::Syn => {
            // Connect scans complete the handshake before the RST; raw SYN
            // scanners reset straight after the SYN-ACK and send SYNs
            // without the options an OS stack adds.
            let handshaked = all(bit::I_HS_ACK).count();
            let raw_reset = all(bit::A_SYNACK)
                .filter(|(_, _, e)| !e.any(bit::I_HS_ACK))
                .count();
            let os = all(bit::SYN_OS_OPTIONS).count();
            if handshaked > raw_reset || (handshaked == raw_reset && os * 2 > best.0) {
                Technique::Connect
            } else {
                Technique::Syn
            }
        }
        Technique::Ack => {
            let win = all(bit::A_RST_WIN).count();
            let zero = all(bit::A_RST_ZWIN).count();
            if win > 0 && zero > 0 {
                Technique::Window
            } else {
                Technique::Ack
            }
        }
        t => t,
    }
}

/// Builds the report from the detector's tables.
pub fn build(
    cfg: &ScanConfig,
    sources: &super::HashMap<IpAddr, Source>,
    entries: &super::HashMap<EntryKey, Entry>,
    targets: &super::HashMap<(IpAddr, IpAddr), Target>,
    stats: ScanStats,
    alerts: Vec<ScanAlert>,
) -> ScanReport {
    // The entries of alarmed sources only, grouped by source.
    let mut by_source: super::HashMap<IpAddr, Vec<(IpAddr, u32, &Entry)>> = super::HashMap::default();
    for ((src, dst, k), e) in entries {
        if sources.get(src).is_some_and(|s| s.alarmed()) {
            by_source.entry(*src).or_default().push((*dst, *k, e));
        }
    }
    // Targets of each alarmed source that crossed the vertical rule, per class.
    let mut vertical_of: super::HashMap<(IpAddr, Class), HashSet<IpAddr>> = super::HashMap::default();
    for ((src, dst), t) in targets {
        if !sources.get(src).is_some_and(|s| s.alarmed()) {
            continue;
        }
        for class in Class::ALL {
            if vertical_target(cfg, t, class) {
                vertical_of.entry((*src, class)).or_default().insert(*dst);
            }
        }
    }
    let none = HashSet::default();
    let mut scans = Vec::new();
    let mut retracted = 0;
    for (addr, src) in sources {
        let own = by_source.get(addr).map(Vec::as_slice).unwrap_or(&[]);
        for class in Class::ALL {
            if src.class[class.idx()].detected.is_none() {
                continue;
            }
            let vertical = vertical_of.get(&(*addr, class)).unwrap_or(&none);
            // The share rule is re-checked on the whole capture: a source
            // whose first attempts failed but whose later ones carried data
            // (a gateway starting up) was alerted on, but is no scan.
            if horizontal_ports(cfg, src, class).is_empty() && vertical.is_empty() {
                retracted += 1;
                continue;
            }
            scans.push(build_scan(cfg, *addr, src, own, vertical, class));
        }
    }
    scans.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(a.scanner.cmp(&b.scanner))
            .then(a.proto.cmp(b.proto))
    });
    mark_same_probes(&mut scans);
    let mut every: Vec<IpAddr> = scans
        .iter()
        .flat_map(|s| {
            s.per_target
                .iter()
                .filter(|t| t.answers_every_port)
                .map(|t| t.target)
        })
        .collect();
    every.sort();
    every.dedup();
    ScanReport {
        scans,
        answers_every_port: every,
        stats,
        alerts_retracted: retracted,
        alerts,
    }
}

/// Ports tried on enough hosts to make a horizontal scan.
fn horizontal_ports(cfg: &ScanConfig, src: &Source, class: Class) -> Vec<u16> {
    let min = if class == Class::Icmp {
        cfg.ping_sweep_min_hosts
    } else {
        cfg.horizontal_min_hosts
    };
    let mut v: Vec<u16> = src
        .port_tally
        .iter()
        .filter(|(k, t)| {
            unkey(**k).0 == class
                && t.probe > 0
                && t.total() >= min
                && t.probe_share() >= cfg.min_probe_share
        })
        .map(|(k, _)| unkey(*k).1)
        .collect();
    v.sort_unstable();
    v
}

fn vertical_target(cfg: &ScanConfig, t: &Target, class: Class) -> bool {
    let tl = t.tally[class.idx()];
    class != Class::Icmp
        && tl.probe > 0
        && tl.total() >= cfg.vertical_min_ports
        && tl.probe_share() >= cfg.min_probe_share
}

fn build_scan(
    cfg: &ScanConfig,
    scanner: IpAddr,
    src: &Source,
    own: &[(IpAddr, u32, &Entry)],
    vertical: &HashSet<IpAddr>,
    class: Class,
) -> Scan {
    let hports = horizontal_ports(cfg, src, class);
    let any_vertical = !vertical.is_empty();
    let mut entries: Vec<(&IpAddr, u16, &Entry)> = Vec::new();
    for (taddr, k, e) in own {
        let (c, port) = unkey(*k);
        if c != class {
            continue;
        }
        let include = match e.status {
            Status::Probe => true,
            // An answered UDP probe or echo is what the scan found open.
            Status::Conversation => {
                class != Class::Tcp && (vertical.contains(taddr) || hports.binary_search(&port).is_ok())
            }
            _ => false,
        };
        if include {
            entries.push((taddr, port, *e));
        }
    }
    entries.sort_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
    let technique = technique(&entries, class);
    let kind = match (class, any_vertical, !hports.is_empty()) {
        (Class::Icmp, _, _) => ScanKind::PingSweep,
        (_, true, true) => ScanKind::Block,
        (_, false, true) => ScanKind::Horizontal,
        _ => ScanKind::Vertical,
    };
    let act = &src.class[class.idx()];
    let mut per: BTreeMap<IpAddr, TargetResult> = BTreeMap::new();
    let mut states: BTreeMap<PortState, Vec<u16>> = BTreeMap::new();
    let mut probed: Vec<u16> = Vec::new();
    let mut open_services = Vec::new();
    let mut connected_after = Vec::new();
    let mut evidence = vec![Evidence {
        frame: act.first_frame,
        ts: Some(ts(act.first_ts)),
        what: "first probe".into(),
    }];
    if let Some((t, f)) = act.detected {
        evidence.push(Evidence {
            frame: f,
            ts: Some(ts(t)),
            what: "thresholds crossed".into(),
        });
    }
    let mut retrans = 0u64;
    for (taddr, port, e) in &entries {
        let st = port_state(e, class, technique);
        retrans += (e.probes as u64).saturating_sub(1);
        let tr = per.entry(**taddr).or_insert_with(|| empty_result(**taddr));
        list_of(tr, st).push(*port);
        states.entry(st).or_default().push(*port);
        probed.push(*port);
        let pair = fmt_pair(**taddr, *port, class);
        if st == PortState::Open {
            if evidence.len() < MAX_EVIDENCE_OPEN + 2 {
                evidence.push(Evidence {
                    frame: e.first_frame,
                    ts: None,
                    what: format!("first probe of open {pair}"),
                });
            }
            if open_services.len() < MAX_LISTED_SERVICES {
                open_services.push(pair.clone());
            }
        }
        if e.any(bit::FOLLOWED_UP) && connected_after.len() < MAX_LISTED_SERVICES {
            connected_after.push(pair);
        }
    }
    evidence.push(Evidence {
        frame: act.last_frame,
        ts: Some(ts(act.last_ts)),
        what: "last probe".into(),
    });
    for tr in per.values_mut() {
        let mut all: Vec<u16> = [
            &tr.open,
            &tr.closed,
            &tr.filtered,
            &tr.open_filtered,
            &tr.unfiltered,
        ]
        .iter()
        .flat_map(|v| v.iter().copied())
        .collect();
        all.sort_unstable();
        tr.ports_probed = compact_ports(&all);
        let n = all.len() as u32;
        tr.answers_every_port = class == Class::Tcp
            && technique != Technique::Ack
            && n >= cfg.tarpit_min_ports
            && tr.open.len() as f64 >= cfg.tarpit_open_share * n as f64;
    }
    let mut hosts_up = Vec::new();
    if class == Class::Icmp {
        // An echo has no port: say up or not, per host.
        for tr in per.values_mut() {
            let up = !tr.open.is_empty();
            if up {
                hosts_up.push(tr.target);
            }
            *tr = TargetResult {
                up: Some(up),
                ports_probed: String::new(),
                ..empty_result(tr.target)
            };
        }
        states.clear();
        probed.clear();
        open_services.clear();
    }
    probed.sort_unstable();
    probed.dedup();
    let mut take = |s: PortState| {
        let mut v = states.remove(&s).unwrap_or_default();
        v.sort_unstable();
        v.dedup();
        v
    };
    let (open, closed, filtered, open_filtered, unfiltered) = (
        take(PortState::Open),
        take(PortState::Closed),
        take(PortState::Filtered),
        take(PortState::OpenFiltered),
        take(PortState::Unfiltered),
    );
    let targets_total = per.len() as u64 + act.untracked_targets;
    let per_target: Vec<TargetResult> = per.into_values().take(MAX_LISTED_TARGETS).collect();
    let targets: Vec<IpAddr> = per_target.iter().map(|t| t.target).collect();
    let duration = act.last_ts.saturating_sub(act.first_ts) as f64 / 1e9;
    let rate = if duration > 0.0 {
        act.probes as f64 / duration
    } else {
        act.probes as f64
    };
    let summary = summarize(kind, &probed, &per_target, targets_total);
    Scan {
        kind,
        technique,
        scanner,
        proto: match class {
            Class::Tcp => "tcp",
            Class::Udp => "udp",
            Class::Icmp => "icmp",
        },
        targets,
        targets_total,
        ports_probed: compact_ports(&probed),
        ports_probed_count: probed.len() as u32,
        open,
        closed,
        filtered,
        open_filtered,
        unfiltered,
        open_services,
        hosts_up,
        connected_after,
        summary,
        per_target,
        probes: act.probes,
        retransmissions: retrans,
        start: ts(act.first_ts),
        end: ts(act.last_ts),
        rate_pps: (rate * 10.0).round() / 10.0,
        detected_at: ts(act.detected.map(|d| d.0).unwrap_or(act.last_ts)),
        same_probes_as: Vec::new(),
        untracked_probes: act.untracked_probes,
        untracked_targets: act.untracked_targets,
        evidence,
    }
}

fn empty_result(target: IpAddr) -> TargetResult {
    TargetResult {
        target,
        ports_probed: String::new(),
        open: vec![],
        closed: vec![],
        filtered: vec![],
        open_filtered: vec![],
        unfiltered: vec![],
        answers_every_port: false,
        up: None,
    }
}

/// A timestamp from the detectors' nanoseconds.
pub(crate) fn ts(n: i64) -> Timestamp {
    Timestamp::from_nanos(n as i128)
}

fn fmt_pair(t: IpAddr, port: u16, class: Class) -> String {
    match (t, class) {
        (_, Class::Icmp) => t.to_string(),
        (IpAddr::V6(a), _) => format!("[{a}]:{port}"),
        (IpAddr::V4(a), _) => format!("{a}:{port}"),
    }
}

fn list_of(tr: &mut TargetResult, st: PortState) -> &mut Vec<u16> {
    match st {
        PortState::Open => &mut tr.open,
        PortState::Closed => &mut tr.closed,
        PortState::Filtered => &mut tr.filtered,
        PortState::OpenFiltered => &mut tr.open_filtered,
        PortState::Unfiltered => &mut tr.unfiltered,
    }
}

/// "ports 1-1024,8080: 4 open 22,80,443,8080; 1021 closed" for one target,
/// "port 80 on 8 hosts: 3 open; 5 closed" for several.
fn summarize(kind: ScanKind, probed: &[u16], per: &[TargetResult], targets_total: u64) -> String {
    if kind == ScanKind::PingSweep {
        let up = per.iter().filter(|t| t.up == Some(true)).count();
        let down = per.len() - up;
        let mut parts = Vec::new();
        if up > 0 {
            parts.push(format!("{up} up"));
        }
        if down > 0 {
            parts.push(format!("{down} no answer"));
        }
        return format!("echo on {targets_total} hosts: {}", parts.join("; "));
    }
    let mut counts: BTreeMap<PortState, (usize, Vec<u16>)> = BTreeMap::new();
    for tr in per {
        for (st, v) in [
            (PortState::Open, &tr.open),
            (PortState::Closed, &tr.closed),
            (PortState::Filtered, &tr.filtered),
            (PortState::OpenFiltered, &tr.open_filtered),
            (PortState::Unfiltered, &tr.unfiltered),
        ] {
            let c = counts.entry(st).or_default();
            c.0 += v.len();
            c.1.extend_from_slice(v);
        }
    }
    let noun = if probed.len() == 1 {
        format!("port {}", compact_ports(probed))
    } else {
        format!("ports {}", shorten(&compact_ports(probed)))
    };
    let head = if targets_total == 1 {
        noun
    } else {
        format!("{noun} on {targets_total} hosts")
    };
    let mut parts = Vec::new();
    for (st, (n, mut ports)) in counts {
        if n == 0 {
            continue;
        }
        ports.sort_unstable();
        ports.dedup();
        let label = st.to_string();
        if n <= 16 && st != PortState::Closed && targets_total == 1 {
            parts.push(format!("{n} {label} {}", compact_ports(&ports)));
        } else {
            parts.push(format!("{n} {label}"));
        }
    }
    format!("{head}: {}", parts.join("; "))
}

fn shorten(s: &str) -> String {
    const MAX: usize = 80;
    if s.len() <= MAX {
        return s.to_string();
    }
    let cut = s[..MAX].rfind(',').unwrap_or(MAX);
    format!("{},...", &s[..cut])
}

/// Links scans whose probes were the same ports of the same targets at
/// overlapping times (decoys: nmap -D spoofs extra sources beside the real one).
fn mark_same_probes(scans: &mut [Scan]) {
    let n = scans.len();
    let mut links: Vec<Vec<IpAddr>> = vec![Vec::new(); n];
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let (a, b) = (&scans[i], &scans[j]);
            if a.proto == b.proto
                && a.targets == b.targets
                && a.ports_probed == b.ports_probed
                && a.start <= b.end
                && b.start <= a.end
            {
                links[i].push(b.scanner);
            }
        }
    }
    for (s, l) in scans.iter_mut().zip(links) {
        s.same_probes_as = l;
    }
}
