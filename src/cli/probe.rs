//! `tcpsleuth probe HOST:PORTS …`: is that port open from here, and why not —
//! with the packets that prove it (captured on the egress interface while probing).

use super::Failure;
use crate::analysis::probe::{judge, mark_forged_resets, relevant, Kind, Packet, Verdict};
use crate::capture::{Capture, LiveOptions};
use crate::filter::Filter;
use crate::host::probe::{connect_once, egress_interface, source_for, syn_segment, ConnectOutcome, RawTcp};
use crate::output::probe::{self as printer, Kept};
use crate::wire::summary::Summary;
use crate::wire::{decode, FrameMeta};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// Long help.
pub const LONG_ABOUT: &str = "\
Check TCP ports from this host, like `nc -zv` or `nmap -sS`, and say why.

Each port gets one verdict: open (SYN answered by SYN-ACK); closed (RST,
with its TTL: a RST whose TTL differs from the host's own SYN-ACK was forged
by a firewall on the way); filtered (no answer after every try: a firewall
drops the SYN); rejected (an ICMP error: its type and code, and the router
that sent it). While probing, tcpsleuth captures its own packets on the
egress interface (AF_PACKET: root or CAP_NET_RAW) and prints the packets that
prove each verdict; without that privilege the verdict comes from connect()'s
error alone, with a note.

By default a plain connect() with --timeout per try, --tries times while no
answer comes. --syn sends raw SYNs as nmap -sS does (root or CAP_NET_RAW).

It sends only to the addresses and ports given, at most --rate SYNs a second
(at most 100). A range of hosts (CIDR: 10.0.0.0/30:22) needs --hosts, and at
most 256 hosts. Exit code: 0 when every port is open, 1 otherwise, 2 on errors.";

/// Examples.
pub const EXAMPLES: &str = "\
Examples:
  tcpsleuth probe 10.0.0.5:22,80,443
  tcpsleuth probe db.internal:5432 [fd00::5]:8000-8010 --format json
  sudo tcpsleuth probe --syn 10.0.0.5:1-1024 --rate 50
  sudo tcpsleuth probe --hosts 10.0.0.0/29:22";

/// Highest --rate accepted: SYNs per second.
pub const MAX_RATE: f64 = 100.0;
/// Most hosts a --hosts range may name.
pub const MAX_HOSTS: u32 = 256;
/// Most ports one run probes.
pub const MAX_PROBES: usize = 65_536;
/// After the last probe, the longest the captures may take to read what is
/// queued and end (a bound on a hang; they normally end within one poll).
const DRAIN: Duration = Duration::from_secs(5);

/// Output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// Flags of `probe`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// HOST:PORT[,PORT-RANGE…] (IPv6 as [ADDR]:PORTS)
    #[arg(value_name = "TARGET", required = true)]
    pub targets: Vec<String>,
    /// Send raw SYNs (nmap -sS) instead of connect(); needs root or CAP_NET_RAW
    #[arg(long)]
    pub syn: bool,
    /// Seconds to wait for an answer to each SYN
    #[arg(long, value_name = "SECS", default_value_t = 1.0)]
    pub timeout: f64,
    /// SYNs per port while no answer comes
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=10))]
    pub tries: u32,
    /// At most N SYNs a second (1..100)
    #[arg(long, value_name = "N", default_value_t = 20.0)]
    pub rate: f64,
    /// Allow a range of hosts (CIDR) in TARGET
    #[arg(long)]
    pub hosts: bool,
    /// Capture on IFACE instead of the routing table's choice
    #[arg(short = 'i', long, value_name = "IFACE")]
    pub interface: Option<String>,
    /// Do not capture (verdicts from connect() alone)
    #[arg(long)]
    pub no_capture: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Parses `HOST:PORTS` into socket addresses (ranges of hosts only with `hosts`).
pub fn parse_target(t: &str, hosts: bool) -> Result<Vec<SocketAddr>, String> {
    let (host, ports) = if let Some(rest) = t.strip_prefix('[') {
        let (h, p) = rest.split_once("]:").ok_or_else(|| format!("{t}: give [IPv6]:PORTS"))?;
        (h, p)
    } else {
        t.rsplit_once(':').ok_or_else(|| format!("{t}: give HOST:PORT[,PORT-RANGE…]"))?
    };
    let ports = parse_ports(ports).map_err(|e| format!("{t}: {e}"))?;
    let ips = parse_hosts(host, hosts).map_err(|e| format!("{t}: {e}"))?;
    Ok(ips.iter().flat_map(|ip| ports.iter().map(move |p| SocketAddr::new(*ip, *p))).collect())
}

fn parse_ports(s: &str) -> Result<Vec<u16>, String> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let num = |x: &str| x.trim().parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(|| format!("`{x}`: not a port (1-65535)"));
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (num(a)?, num(b)?);
                if a > b {
                    return Err(format!("`{part}`: range runs backwards"));
                }
                out.extend(a..=b);
            }
            None => out.push(num(part)?),
        }
    }
    Ok(out)
}

fn parse_hosts(h: &str, hosts: bool) -> Result<Vec<IpAddr>, String> {
    if let Some((net, len)) = h.split_once('/') {
        if !hosts {
            return Err("a range of hosts needs --hosts".into());
        }
        let net: std::net::Ipv4Addr = net.parse().map_err(|_| "only IPv4 CIDR ranges".to_string())?;
        let len: u32 = len.parse().ok().filter(|l| *l <= 32).ok_or("bad prefix length")?;
        let count = 1u64 << (32 - len);
        if count > u64::from(MAX_HOSTS) {
            return Err(format!("{count} hosts: at most {MAX_HOSTS} per run"));
        }
        let base = u32::from(net) & (u32::MAX.checked_shl(32 - len).unwrap_or(0));
        return Ok((0..count as u32).map(|i| IpAddr::V4((base + i).into())).collect());
    }
    if let Ok(ip) = h.parse::<IpAddr>() {
        return Ok(vec![ip]);
    }
    // A name: its first address only (a name with many is not a range).
    let first = (h, 0).to_socket_addrs().map_err(|e| format!("cannot resolve {h}: {e}"))?.next();
    Ok(vec![first.ok_or_else(|| format!("{h} has no address"))?.ip()])
}

/// Frames captured on one interface, shared with the capture thread.
type Shared = Arc<Mutex<Vec<Kept>>>;

/// The pcap-filter expression of a probe's own packets: to or from the
/// probed hosts, plus ICMP (errors come from routers, quoting our SYN).
fn capture_expression(peers: &[IpAddr]) -> String {
    let mut hosts: Vec<String> = peers.iter().map(|p| format!("host {p}")).collect();
    hosts.sort();
    hosts.dedup();
    hosts.push("icmp".into());
    hosts.push("icmp6".into());
    hosts.join(" or ")
}

/// A summary of the probe: TCP to or from a probed host, or an ICMP error
/// quoting a packet to one.
fn concerns(s: &Summary, peers: &[IpAddr]) -> bool {
    match s.icmp() {
        Some(i) => i.quoted.is_some_and(|q| peers.contains(&q.dst)),
        None => s.tcp().is_some() && (peers.contains(&s.src) || peers.contains(&s.dst)),
    }
}

/// Starts a capture thread on `iface` keeping the probe's own frames (the
/// compiled pcap filter first, then the decoded summaries); returns once the
/// socket is open, so the first SYN is seen.
fn start_capture(iface: &str, peers: Vec<IpAddr>, budget: Duration) -> Result<Shared, String> {
    let shared: Shared = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = mpsc::channel();
    let opts = LiveOptions { snaplen: 512, promisc: false, duration: Some(budget), ..LiveOptions::on(iface) };
    let keep = Arc::clone(&shared);
    let mut filter = Filter::new(&capture_expression(&peers), None).ok();
    std::thread::spawn(move || {
        let mut cap = match Capture::live(&opts) {
            Ok(c) => {
                let _ = tx.send(Ok(()));
                c
            }
            Err(e) => {
                let _ = tx.send(Err(e.to_string()));
                return;
            }
        };
        while let Some(Ok(frame)) = cap.next_frame() {
            if filter.as_mut().is_some_and(|f| !f.matches(frame.link_type, frame.data, frame.orig_len)) {
                continue;
            }
            let d = decode(frame.link_type, frame.data);
            let meta = FrameMeta { frame: 0, source: 0, ts: frame.ts, wire_len: frame.orig_len };
            let sums: Vec<Summary> = d.summaries(meta).filter(|s| concerns(s, &peers)).collect();
            if sums.is_empty() {
                continue;
            }
            let k = Kept { ts: frame.ts, link_type: frame.link_type, orig_len: frame.orig_len, data: frame.data.to_vec(), summaries: sums };
            if let Ok(mut v) = keep.lock() {
                v.push(k);
            }
        }
    });
    match rx.recv() {
        Ok(Ok(())) => Ok(shared),
        Ok(Err(e)) => Err(e),
        Err(_) => Err("the capture thread ended".into()),
    }
}

/// Runs `probe`.
pub fn run(args: Args) -> Result<i32, Failure> {
    if !(args.rate > 0.0 && args.rate <= MAX_RATE) {
        return Err(Failure::fatal(format!("--rate {}: give 1 to {MAX_RATE} SYNs a second", args.rate)));
    }
    if !(args.timeout > 0.0 && args.timeout <= 60.0) {
        return Err(Failure::fatal("--timeout: give 0 to 60 seconds"));
    }
    let mut targets = Vec::new();
    for t in &args.targets {
        targets.extend(parse_target(t, args.hosts).map_err(Failure::fatal)?);
    }
    if targets.len() > MAX_PROBES {
        return Err(Failure::fatal(format!("{} ports: at most {MAX_PROBES} per run", targets.len())));
    }
    let plan = Plan::new(&args, targets)?;
    let mut notes = Vec::new();
    let captures = plan.start_captures(&args, &mut notes)?;
    let outcomes = plan.send_all(&args, &captures)?;
    // Every answer reached this host before send_all returned, so it is queued
    // for the capture sockets: stop them and wait until they have read it all.
    crate::capture::stop_live_captures();
    for c in captures.values() {
        wait_finished(c);
    }
    let kept: Vec<Kept> = captures.values().flat_map(|c| c.lock().map(|v| v.clone()).unwrap_or_default()).collect();
    let verdicts = plan.judge_all(&kept, &outcomes);
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        Format::Text => printer::write_text(&mut out, &verdicts, &kept, &notes)?,
        Format::Json => printer::write_json(&mut out, &verdicts, &kept, &notes, &plan.interfaces())?,
    }
    out.flush()?;
    Ok(if verdicts.iter().all(|v| v.kind == Kind::Open) { 0 } else { 1 })
}

/// Every probe with its way out.
struct Plan {
    probes: Vec<(SocketAddr, IpAddr, String)>,
    interval: Duration,
    timeout: Duration,
}

impl Plan {
    fn new(args: &Args, targets: Vec<SocketAddr>) -> Result<Plan, Failure> {
        let mut probes = Vec::new();
        for t in targets {
            let src = source_for(t.ip()).map_err(|e| Failure::fatal(format!("{}: no route: {e}", t.ip())))?;
            let iface = match &args.interface {
                Some(i) => i.clone(),
                None => egress_interface(t.ip(), src).unwrap_or_else(|| "lo".into()),
            };
            probes.push((t, src, iface));
        }
        Ok(Plan { probes, interval: Duration::from_secs_f64(1.0 / args.rate), timeout: Duration::from_secs_f64(args.timeout) })
    }

    fn interfaces(&self) -> Vec<String> {
        let mut v: Vec<String> = self.probes.iter().map(|p| p.2.clone()).collect();
        v.sort();
        v.dedup();
        v
    }

    /// One capture per egress interface; without privilege, a note (or, for --syn, an error).
    fn start_captures(&self, args: &Args, notes: &mut Vec<String>) -> Result<BTreeMap<String, Shared>, Failure> {
        let mut caps = BTreeMap::new();
        if args.no_capture {
            if args.syn {
                return Err(Failure::fatal("--syn reads the answers from the capture: drop --no-capture"));
            }
            return Ok(caps);
        }
        let per_probe = self.timeout.max(self.interval) * args.tries + self.interval;
        let budget = (per_probe * self.probes.len() as u32 + Duration::from_secs(5)).min(Duration::from_secs(24 * 3600));
        for iface in self.interfaces() {
            let peers: Vec<IpAddr> = self.probes.iter().filter(|p| p.2 == iface).map(|p| p.0.ip()).collect();
            match start_capture(&iface, peers, budget) {
                Ok(c) => {
                    caps.insert(iface, c);
                }
                Err(e) if args.syn => return Err(Failure::fatal(format!("--syn needs the capture: {e}"))),
                Err(e) => notes.push(format!("no capture on {iface} ({e}): verdicts from connect() alone")),
            }
        }
        Ok(caps)
    }

    /// Sends every probe, paced; returns connect()'s outcomes per probe.
    fn send_all(&self, args: &Args, caps: &BTreeMap<String, Shared>) -> Result<Vec<Vec<ConnectOutcome>>, Failure> {
        let mut all = Vec::new();
        let mut next = Instant::now();
        let mut raw: BTreeMap<bool, RawTcp> = BTreeMap::new();
        for (i, (target, src, iface)) in self.probes.iter().enumerate() {
            let mut outcomes = Vec::new();
            for _ in 0..args.tries {
                pace(&mut next, self.interval);
                let o = if args.syn {
                    let v6 = target.is_ipv6();
                    if !raw.contains_key(&v6) {
                        let r = RawTcp::open(v6).map_err(|e| Failure::fatal(format!("--syn: raw socket: {e} (needs root or CAP_NET_RAW)")))?;
                        raw.insert(v6, r);
                    }
                    let sock = raw.get(&v6).ok_or_else(|| Failure::fatal("raw socket"))?;
                    let sport = syn_port(i);
                    let seg = syn_segment(*src, target.ip(), sport, target.port(), syn_seq(i));
                    sock.send(target.ip(), &seg).map_err(|e| Failure::fatal(format!("--syn: send to {target}: {e}")))?;
                    wait_answer(caps.get(iface), *target, *src, self.timeout)
                } else {
                    connect_once(*target, self.timeout)
                };
                let done = o != ConnectOutcome::TimedOut;
                outcomes.push(o);
                if done {
                    break;
                }
            }
            all.push(outcomes);
        }
        Ok(all)
    }

    fn judge_all(&self, kept: &[Kept], outcomes: &[Vec<ConnectOutcome>]) -> Vec<Verdict> {
        let packets: Vec<Packet> = kept
            .iter()
            .enumerate()
            .flat_map(|(i, k)| k.summaries.iter().map(move |s| Packet { index: i, summary: *s }))
            .collect();
        let mut verdicts: Vec<Verdict> = self
            .probes
            .iter()
            .zip(outcomes)
            .map(|((t, src, _), o)| judge(*t, *src, &relevant(*t, *src, &packets), o.len() as u32, o))
            .collect();
        mark_forged_resets(&mut verdicts);
        verdicts
    }
}

/// Waits until the capture thread holding `shared` has ended (it drops its
/// handle when its capture stops), at most [`DRAIN`].
fn wait_finished(shared: &Shared) {
    let end = Instant::now() + DRAIN;
    while Arc::strong_count(shared) > 1 && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Waits for the next send slot (the rate bound).
fn pace(next: &mut Instant, interval: Duration) {
    let now = Instant::now();
    if *next > now {
        std::thread::sleep(*next - now);
    }
    *next = Instant::now().max(*next) + interval;
}

/// Source port of a raw SYN: one per probe, high and spread, as nmap varies them.
fn syn_port(i: usize) -> u16 {
    let base = 40_000 + (std::process::id() % 10_000) as u16;
    base.wrapping_add((i % 20_000) as u16).max(1024)
}

fn syn_seq(i: usize) -> u32 {
    (std::process::id()).wrapping_mul(2_654_435_761).wrapping_add(i as u32)
}

/// --syn: polls the capture until an answer to `target` arrives or `timeout` passes.
fn wait_answer(cap: Option<&Shared>, target: SocketAddr, src: IpAddr, timeout: Duration) -> ConnectOutcome {
    let end = Instant::now() + timeout;
    while Instant::now() < end {
        let answered = cap.and_then(|c| c.lock().ok()).is_some_and(|v| {
            v.iter().flat_map(|k| k.summaries.iter()).any(|s| is_answer(s, target, src))
        });
        if answered {
            return ConnectOutcome::Other("answered (see the packets)".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    ConnectOutcome::TimedOut
}

/// A SYN-ACK or RST from `target`, or an ICMP error quoting a packet to it.
fn is_answer(s: &Summary, target: SocketAddr, src: IpAddr) -> bool {
    if s.dst != src {
        return false;
    }
    if let Some(t) = s.tcp() {
        return s.src == target.ip() && t.sport == target.port() && (t.flags.rst() || (t.flags.syn() && t.flags.ack()));
    }
    s.icmp().and_then(|i| i.quoted).is_some_and(|q| q.dst == target.ip() && q.dport == target.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_capture_filter_names_each_host_once_and_icmp() {
        let ip: IpAddr = "10.0.0.5".parse().expect("ip");
        assert_eq!(capture_expression(&[ip, ip]), "host 10.0.0.5 or icmp or icmp6");
        assert!(Filter::new(&capture_expression(&[ip]), None).is_ok());
    }

    #[test]
    fn ports_and_ranges_expand_in_order() {
        let t = parse_target("10.0.0.5:22,80-82", false).expect("parses");
        let ports: Vec<u16> = t.iter().map(|a| a.port()).collect();
        assert_eq!(ports, vec![22, 80, 81, 82]);
    }

    #[test]
    fn a_host_range_needs_the_explicit_flag() {
        assert!(parse_target("10.0.0.0/30:22", false).unwrap_err().contains("--hosts"));
        assert_eq!(parse_target("10.0.0.0/30:22", true).expect("parses").len(), 4);
        assert!(parse_target("10.0.0.0/16:22", true).is_err());
    }

    #[test]
    fn an_ipv6_target_is_bracketed() {
        let t = parse_target("[fd00::1]:443", false).expect("parses");
        assert_eq!(t[0].to_string(), "[fd00::1]:443");
        assert!(parse_target("10.0.0.5:0", false).is_err());
    }
}
