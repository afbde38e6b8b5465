//! Scans and SYN floods: many probes are the scan's business, not a hundred
//! `refused` findings. Each detected scan or flood becomes one finding and
//! its probe connections are left out of the per-connection findings.
//!
//! Two detectors agree here: the small one below (distinct ports per host,
//! hosts per port, among data-less conversations) and `analysis::scans`
//! (nmap-style port states, fed the same packets): a probe either of them
//! attributes to a scan is left out of the per-connection findings.

use super::ctx::{Ctx, trim_evidence};
use super::finding::{Finding, Label};
use super::handshake::Handshake;
use super::model::{Conn, Dir, Proto};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::net::IpAddr;

/// Distinct ports on one host that make a vertical scan.
pub const VERTICAL_PORTS: usize = 6;
/// Distinct hosts on one port that make a horizontal scan.
pub const HORIZONTAL_HOSTS: usize = 5;
/// Half-open handshakes to one service that make a SYN flood.
pub const FLOOD_ATTEMPTS: usize = 20;
/// Distinct sources of a SYN flood.
pub const FLOOD_SOURCES: usize = 3;
/// Half-open handshakes per second a SYN flood sends at least.
pub const FLOOD_MIN_RATE: f64 = 20.0;

/// A connection that carried no data and only a handful of packets.
fn is_probe(c: &Conn) -> bool {
    match c.proto {
        Proto::Tcp => c.bytes == [0, 0] && c.seen[0] <= 4,
        Proto::Udp => c.seen[0] <= 4 && c.seen[1] <= 4,
    }
}

/// A scan reported by `analysis::scans`, reduced to what suppression needs.
#[derive(Clone, Debug)]
pub struct Scanned {
    pub scanner: IpAddr,
    /// "tcp", "udp" or "icmp".
    pub proto: &'static str,
    pub targets: Vec<IpAddr>,
    /// More targets than listed.
    pub more_targets: bool,
    /// The scan detector's own one-line summary.
    pub summary: String,
}

/// The scans of a scan report.
pub fn scanned(r: &crate::analysis::scans::ScanReport) -> Vec<Scanned> {
    r.scans
        .iter()
        .map(|s| Scanned {
            scanner: s.scanner,
            proto: s.proto,
            targets: s.targets.clone(),
            more_targets: s.targets_total > s.targets.len() as u64,
            summary: format!("{} {} scan: {}", s.proto, s.technique, s.summary),
        })
        .collect()
}

/// Result of scan and flood detection.
pub struct Detected {
    /// One finding per scan or flood.
    pub findings: Vec<Finding>,
    /// Indexes of connections that belong to them.
    pub members: HashSet<usize>,
}

/// Finds scans and floods among `conns`.
pub fn detect(conns: &[Conn], ctx: &Ctx<'_>) -> Detected {
    let mut d = Detected { findings: Vec::new(), members: HashSet::new() };
    // (client, server) → ports probed; (client, port, proto) → servers probed.
    let mut vert: BTreeMap<(IpAddr, IpAddr, Proto), Vec<usize>> = BTreeMap::new();
    let mut horiz: BTreeMap<(IpAddr, u16, Proto), Vec<usize>> = BTreeMap::new();
    for (i, c) in conns.iter().enumerate() {
        if is_probe(c) {
            vert.entry((c.client, c.server, c.proto)).or_default().push(i);
            horiz.entry((c.client, c.sport, c.proto)).or_default().push(i);
        }
    }
    for ((client, server, proto), idx) in vert {
        let ports: BTreeSet<u16> = idx.iter().map(|&i| conns[i].sport).collect();
        if ports.len() >= VERTICAL_PORTS {
            let f = scan_finding(conns, ctx, &idx, client, Some(server), None, proto);
            d.findings.push(f);
            d.members.extend(idx);
        }
    }
    for ((client, port, proto), idx) in horiz {
        let idx: Vec<usize> = idx.into_iter().filter(|i| !d.members.contains(i)).collect();
        let hosts: BTreeSet<IpAddr> = idx.iter().map(|&i| conns[i].server).collect();
        if hosts.len() >= HORIZONTAL_HOSTS {
            let f = scan_finding(conns, ctx, &idx, client, None, Some(port), proto);
            d.findings.push(f);
            d.members.extend(idx);
        }
    }
    crafted(conns, ctx, &mut d);
    // Probes of scans `analysis::scans` found and the rules above did not.
    let mut extra: BTreeMap<(IpAddr, &'static str), Vec<usize>> = BTreeMap::new();
    for (i, c) in conns.iter().enumerate() {
        if d.members.contains(&i) || !is_probe(c) {
            continue;
        }
        let hit = ctx.scanned.iter().any(|s| {
            s.scanner == c.client && s.proto == c.proto.as_str() && (s.more_targets || s.targets.contains(&c.server))
        });
        if hit {
            extra.entry((c.client, c.proto.as_str())).or_default().push(i);
        }
    }
    for ((client, proto), idx) in extra {
        let servers: BTreeSet<IpAddr> = idx.iter().map(|&i| conns[i].server).collect();
        let one = (servers.len() == 1).then(|| conns[idx[0]].server);
        let p = if proto == "udp" { Proto::Udp } else { Proto::Tcp };
        let mut f = scan_finding(conns, ctx, &idx, client, one, if one.is_some() { None } else { Some(conns[idx[0]].sport) }, p);
        if let Some(s) = ctx.scanned.iter().find(|s| s.scanner == client && s.proto == proto) {
            f.summary = format!("scan by {client}: {}", s.summary);
        }
        d.findings.push(f);
        d.members.extend(idx);
    }
    flood(conns, ctx, &mut d);
    d
}

/// nmap's raw-socket probes use a window of 1024 (`nmap` sets it in every
/// SYN, ACK and odd-flag probe it crafts; no operating system opens with it).
pub const NMAP_WINDOW: u16 = 1024;

/// The first packet of `c` is a crafted probe: window 1024, no payload, a
/// SYN or a bare ACK.
fn crafted_probe(c: &Conn) -> Option<&super::model::Pkt> {
    let p = c.dir_pkts(Dir::C2S).next()?;
    (c.proto == Proto::Tcp && p.window == NMAP_WINDOW && p.len == 0 && (p.is_syn() || p.is_pure_ack()) && c.bytes == [0, 0]).then_some(p)
}

/// The client answered the SYN|ACK with a bare RST instead of completing the
/// handshake: a half-open (SYN) scan; the kernel would have sent an ACK.
fn rst_instead_of_ack(c: &Conn) -> bool {
    let Some(sa) = c.dir_pkts(Dir::S2C).find(|p| p.is_synack()) else { return false };
    c.dir_pkts(Dir::C2S).find(|p| p.ts >= sa.ts && !p.is_syn()).is_some_and(|p| p.is_rst() && !p.flags.ack())
}

/// Scans recognised by nmap's signature rather than by counts, so that a
/// sweep of one port over a handful of hosts (with its host discovery: SYN
/// to 443 and ACK to 80 besides ICMP) is one scan: crafted probes that reuse
/// one source port and sequence number across targets, or answer a SYN|ACK
/// with a bare RST.
fn crafted(conns: &[Conn], ctx: &Ctx<'_>, d: &mut Detected) {
    let mut by_client: BTreeMap<IpAddr, Vec<usize>> = BTreeMap::new();
    for (i, c) in conns.iter().enumerate() {
        if !d.members.contains(&i) && crafted_probe(c).is_some() {
            by_client.entry(c.client).or_default().push(i);
        }
    }
    for (client, idx) in by_client {
        // (source port, sequence number) of each probe; an ACK probe carries the shared number as its ack.
        let mut keys: BTreeMap<(u16, u32), usize> = BTreeMap::new();
        for &i in &idx {
            if let Some(p) = crafted_probe(&conns[i]) {
                let n = if p.is_syn() { p.seq } else { p.ack };
                *keys.entry((conns[i].cport, n)).or_default() += 1;
            }
        }
        let reused = keys.values().any(|&n| n >= 2);
        let half_open = idx.iter().any(|&i| rst_instead_of_ack(&conns[i]));
        if !(reused || half_open) {
            continue;
        }
        let mut ports: BTreeMap<u16, usize> = BTreeMap::new();
        for &i in &idx {
            *ports.entry(conns[i].sport).or_default() += 1;
        }
        let servers: BTreeSet<IpAddr> = idx.iter().map(|&i| conns[i].server).collect();
        let one = (servers.len() == 1).then(|| conns[idx[0]].server);
        let port = ports.into_iter().max_by_key(|(p, n)| (*n, std::cmp::Reverse(*p))).map(|(p, _)| p);
        let mut f = scan_finding(conns, ctx, &idx, client, one, if one.is_some() { None } else { port }, Proto::Tcp);
        f.explanation.push_str(&format!(
            " The probes carry nmap's signature: window {NMAP_WINDOW}{}{}.",
            if reused { ", one source port and sequence number reused across targets" } else { "" },
            if half_open { ", and a bare RST in place of the handshake's final ACK" } else { "" }
        ));
        d.findings.push(f);
        d.members.extend(idx);
    }
}

fn open_port(c: &Conn) -> bool {
    match c.proto {
        Proto::Tcp => c.dir_pkts(Dir::S2C).any(|p| p.is_synack()),
        Proto::Udp => c.seen[1] > 0,
    }
}

fn scan_finding(conns: &[Conn], ctx: &Ctx<'_>, idx: &[usize], client: IpAddr, server: Option<IpAddr>, port: Option<u16>, proto: Proto) -> Finding {
    let first = &conns[idx[0]];
    let mut f = Finding::new(Label::Scan, client, 0, server.unwrap_or(first.server), port.unwrap_or(0), proto.as_str());
    f.client_ports.clear();
    f.attempts = idx.len() as u32;
    f.ts = first.first_ts.as_secs_f64();
    let last = idx.iter().map(|&i| conns[i].last_ts).max().unwrap_or(first.last_ts);
    f.figures.duration_s = super::ctx::round3(last.secs_since(first.first_ts));
    let open_ports: BTreeSet<u16> = idx.iter().filter(|&&i| open_port(&conns[i])).map(|&i| conns[i].sport).collect();
    let open_hosts: BTreeSet<IpAddr> = idx.iter().filter(|&&i| open_port(&conns[i])).map(|&i| conns[i].server).collect();
    let open: Vec<String> = match server {
        Some(_) => open_ports.iter().map(|p| p.to_string()).collect(),
        None => open_hosts.iter().map(|h| h.to_string()).collect(),
    };
    let answered_rst = idx.iter().filter(|&&i| conns[i].pkts.iter().any(|p| p.dir == Dir::S2C && p.is_rst())).count();
    let icmp = idx.iter().filter(|&&i| !conns[i].icmp.is_empty()).count();
    let silent = idx.iter().filter(|&&i| conns[i].seen[1] == 0 && conns[i].icmp.is_empty()).count();
    let technique = technique(conns, idx);
    let (what, targets) = match (server, port) {
        (Some(s), _) => {
            let n: BTreeSet<u16> = idx.iter().map(|&i| conns[i].sport).collect();
            (format!("port scan of {s}"), format!("{} {} ports", n.len(), proto.as_str()))
        }
        (None, Some(p)) => {
            let n: BTreeSet<IpAddr> = idx.iter().map(|&i| conns[i].server).collect();
            (format!("horizontal scan of port {p}/{}", proto.as_str()), format!("{} hosts", n.len()))
        }
        _ => ("scan".into(), String::new()),
    };
    f.summary = format!("{what} by {client}: {targets}, {} open", open.len());
    f.explanation = format!(
        "{client} probed {targets} ({} probes, {technique}) in {:.1} s. Open ({}): {}. {} answered with RST, {} with ICMP \
         errors, {} did not answer. These probes are the scan's own traffic, so they are summarised here instead of \
         being reported as failed connections.",
        idx.len(),
        f.figures.duration_s,
        open.len(),
        if open.is_empty() { "none".to_string() } else { open.join(", ") },
        answered_rst,
        icmp,
        silent
    );
    f.likely_cause = "A port scanner (nmap or similar): an audit, or reconnaissance.".into();
    f.next_check = format!("Whether {client} is allowed to scan; `tcpsleuth scans` for details.");
    for &i in idx.iter().take(10) {
        let c = &conns[i];
        if let Some(p) = c.pkts.first() {
            f.evidence.push(ctx.ev(c, p, "probe"));
        }
    }
    trim_evidence(&mut f.evidence);
    f
}

fn technique(conns: &[Conn], idx: &[usize]) -> &'static str {
    let c = &conns[idx[0]];
    if c.proto == Proto::Udp {
        return "UDP probes";
    }
    let Some(p) = c.dir_pkts(Dir::C2S).next() else { return "probes" };
    let f = p.flags;
    if p.is_syn() {
        let full = idx.iter().any(|&i| Handshake::of(&conns[i]).ack.is_some());
        if full { "TCP connect scan" } else { "SYN scan" }
    } else if f.0 & 0x3f == 0 {
        "NULL scan"
    } else if f.fin() && f.psh() && f.urg() {
        "Xmas scan"
    } else if f.fin() && !f.ack() {
        "FIN scan"
    } else if f.ack() {
        "ACK scan"
    } else {
        "odd-flag probes"
    }
}

fn flood(conns: &[Conn], ctx: &Ctx<'_>, d: &mut Detected) {
    let mut by_service: BTreeMap<(IpAddr, u16), Vec<usize>> = BTreeMap::new();
    let mut all: BTreeMap<(IpAddr, u16), usize> = BTreeMap::new();
    for (i, c) in conns.iter().enumerate() {
        if c.proto != Proto::Tcp || d.members.contains(&i) {
            continue;
        }
        *all.entry((c.server, c.sport)).or_default() += 1;
        let hs = Handshake::of(c);
        if !hs.syns.is_empty() && !hs.completed(c) && c.bytes == [0, 0] {
            by_service.entry((c.server, c.sport)).or_default().push(i);
        }
    }
    for ((server, port), idx) in by_service {
        let sources: BTreeSet<IpAddr> = idx.iter().map(|&i| conns[i].client).collect();
        if idx.len() < FLOOD_ATTEMPTS || sources.len() < FLOOD_SOURCES {
            continue;
        }
        // Many half-open attempts, fast, and most of what the service sees.
        let (first, last) = (conns[idx[0]].first_ts, idx.iter().map(|&i| conns[i].first_ts).max().unwrap_or(conns[idx[0]].first_ts));
        let rate = (idx.len() - 1) as f64 / last.secs_since(first).max(1e-3);
        let total = all.get(&(server, port)).copied().unwrap_or(idx.len());
        if rate < FLOOD_MIN_RATE || idx.len() * 2 < total {
            continue;
        }
        let first = &conns[idx[0]];
        // Sources with most attempts first; a client that also completed a
        // handshake with the service is a legitimate one caught in the flood.
        let legit: BTreeSet<IpAddr> = conns
            .iter()
            .filter(|c| c.proto == Proto::Tcp && c.server == server && c.sport == port && Handshake::of(c).completed(c) && c.seen[1] > 0)
            .map(|c| c.client)
            .collect();
        let mut per: BTreeMap<IpAddr, usize> = BTreeMap::new();
        for &i in &idx {
            *per.entry(conns[i].client).or_default() += 1;
        }
        let mut ranked: Vec<(IpAddr, usize)> = per.into_iter().collect();
        ranked.sort_by_key(|(a, n)| (legit.contains(a), std::cmp::Reverse(*n), *a));
        let sources: Vec<IpAddr> = ranked.iter().map(|(a, _)| *a).collect();
        let mut f = Finding::new(Label::SynFlood, sources.first().copied().unwrap_or(first.client), 0, server, port, "tcp");
        f.client_ports.clear();
        f.attempts = idx.len() as u32;
        f.ts = first.first_ts.as_secs_f64();
        let last = idx.iter().map(|&i| conns[i].last_ts).max().unwrap_or(first.last_ts);
        f.figures.duration_s = super::ctx::round3(last.secs_since(first.first_ts));
        let answered = idx.iter().filter(|&&i| conns[i].dir_pkts(Dir::S2C).any(|p| p.is_synack())).count();
        f.summary = format!("SYN flood on {server}:{port}: {} half-open handshakes from {} sources", idx.len(), sources.len());
        f.explanation = format!(
            "{} SYNs to {server} port {port} from {} different source addresses in {:.1} s never completed a handshake \
             ({answered} were answered with SYN|ACK that no one acknowledged). Many sources, no completions: a SYN \
             flood, usually from spoofed addresses. Sources: {}.",
            idx.len(),
            sources.len(),
            f.figures.duration_s,
            sources.iter().take(8).map(|a| a.to_string()).collect::<Vec<_>>().join(", ")
        );
        if !legit.is_empty() {
            f.explanation.push_str(&format!(
                " Clients that also completed handshakes (legitimate users caught in the flood): {}.",
                legit.iter().take(8).map(|a| a.to_string()).collect::<Vec<_>>().join(", ")
            ));
        }
        f.likely_cause = "A denial-of-service attempt (hping3-style), or a misbehaving load generator.".into();
        f.next_check = format!("SYN cookies and backlog on {server} (`nstat` SyncookiesSent, ListenOverflows); upstream filtering.");
        for &i in idx.iter().take(10) {
            let c = &conns[i];
            if let Some(p) = c.pkts.first() {
                f.evidence.push(ctx.ev(c, p, "half-open attempt"));
            }
        }
        d.findings.push(f);
        d.members.extend(idx);
    }
}
