//! Two vantage points: match each packet seen at one end with the same packet
//! at the other, estimate the clock offset between the captures, and say which
//! packets left one side and never reached the other.
//!
//! Packets are matched on what the path does not change: TCP flags, sequence
//! and acknowledgement numbers, payload length and hash, the TCP timestamp
//! value and the IP ID — never on addresses or ports (NAT may rewrite them)
//! and never on time (the clocks may be hours apart). The clock offset is the
//! midpoint of the median delays of both directions; with one direction only
//! it is the median delay of that one.

use super::ctx::{list, round3, times, trim_evidence, Ctx};
use super::finding::{Evidence, Finding, Label, TcpState, Vantage};
use super::model::{Conn, Dir, Pkt, Proto};
use super::vantage::side_ttl;
use super::{context, diagnose_conn, report, scan, Analysis, PeerInfo, Report};
use std::collections::{HashMap, HashSet};

/// Identity of a packet across captures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Fingerprint {
    proto: Proto,
    flags: u16,
    seq: u32,
    ack: u32,
    len: u32,
    hash: u32,
    tsval: Option<u32>,
    ip_id: u16,
}

fn fingerprint(c: &Conn, p: &Pkt) -> Fingerprint {
    Fingerprint { proto: c.proto, flags: p.flags.0, seq: p.seq, ack: p.ack, len: p.len, hash: p.hash, tsval: p.tsval, ip_id: p.ip_id }
}

/// (connection index, packet index).
type Loc = (usize, usize);

/// The packets of `a` matched to packets of `b`.
struct Matches {
    a_to_b: HashMap<Loc, Loc>,
    b_matched: HashSet<Loc>,
}

fn match_packets(a: &Analysis, b: &Analysis) -> Matches {
    let mut index: HashMap<Fingerprint, Vec<Loc>> = HashMap::new();
    for (ci, c) in b.conns.iter().enumerate() {
        for (pi, p) in c.pkts.iter().enumerate() {
            index.entry(fingerprint(c, p)).or_default().push((ci, pi));
        }
    }
    let mut next: HashMap<Fingerprint, usize> = HashMap::new();
    let mut m = Matches { a_to_b: HashMap::new(), b_matched: HashSet::new() };
    let mut order: Vec<Loc> = Vec::new();
    for (ci, c) in a.conns.iter().enumerate() {
        for pi in 0..c.pkts.len() {
            order.push((ci, pi));
        }
    }
    order.sort_by_key(|&(ci, pi)| a.conns[ci].pkts[pi].ts);
    for (ci, pi) in order {
        let c = &a.conns[ci];
        let fp = fingerprint(c, &c.pkts[pi]);
        let Some(cands) = index.get(&fp) else { continue };
        let k = next.entry(fp).or_insert(0);
        if let Some(&loc) = cands.get(*k) {
            *k += 1;
            m.a_to_b.insert((ci, pi), loc);
            m.b_matched.insert(loc);
        }
    }
    m
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|x, y| x.total_cmp(y));
    Some(v[v.len() / 2])
}

/// Clock offset (b − a) and one-way delay estimates, and whether `a` is the
/// client side according to the delays (None: cannot tell from timing).
fn clock(a: &Analysis, b: &Analysis, m: &Matches) -> (Option<f64>, Option<f64>, Option<bool>, String) {
    // Deltas per direction as seen in a's connection roles.
    let mut d = [Vec::new(), Vec::new()];
    for (&(ci, pi), &(cj, pj)) in &m.a_to_b {
        let (pa, pb) = (&a.conns[ci].pkts[pi], &b.conns[cj].pkts[pj]);
        d[pa.dir.idx()].push(pb.ts.nanos_since(pa.ts) as f64 / 1e9);
    }
    let (m0, m1) = (median(&mut d[0]), median(&mut d[1]));
    match (m0, m1) {
        (Some(x), Some(y)) => {
            let off = (x + y) / 2.0;
            let delay = (x - y).abs() / 2.0;
            let a_client = if (x - y).abs() < 1e-6 { None } else { Some(x > y) };
            (Some(off), Some(delay), a_client, "midpoint of the median delays of both directions".into())
        }
        (Some(x), None) | (None, Some(x)) => (Some(x), None, None, "median delay of the one direction matched".into()),
        _ => (None, None, None, "nothing matched".into()),
    }
}

/// Is capture `x` nearer the client than capture `y` for this connection? (TTLs)
fn nearer_client_by_ttl(x: &Conn, y: &Conn) -> Option<bool> {
    if let (Some(a), Some(b)) = (side_ttl(x, Dir::C2S), side_ttl(y, Dir::C2S)) {
        if a != b {
            return Some(a > b);
        }
    }
    if let (Some(a), Some(b)) = (side_ttl(x, Dir::S2C), side_ttl(y, Dir::S2C)) {
        if a != b {
            return Some(a < b);
        }
    }
    None
}

/// Short name of a packet's kind.
fn kind(c: &Conn, p: &Pkt) -> &'static str {
    if c.proto == Proto::Udp {
        "datagram"
    } else if p.is_synack() {
        "SYN|ACK"
    } else if p.is_syn() {
        "SYN"
    } else if p.is_rst() {
        "RST"
    } else if p.is_fin() {
        "FIN"
    } else if p.len > 0 {
        "data segment"
    } else {
        "ACK"
    }
}

/// One capture's view of a connection in the pair.
struct View<'a> {
    an: &'a Analysis,
    conn: &'a Conn,
    ci: usize,
}

/// Packets one side sent, seen in its own capture, that never reached the other's.
struct Lost<'a> {
    pkts: Vec<&'a Pkt>,
}

fn describe_lost(conn: &Conn, lost: &Lost<'_>, from: &str, to: &str) -> Option<String> {
    if lost.pkts.is_empty() {
        return None;
    }
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for p in &lost.pkts {
        let k = kind(conn, p);
        match kinds.iter_mut().find(|x| x.0 == k) {
            Some(x) => x.1 += 1,
            None => kinds.push((k, 1)),
        }
    }
    let what: Vec<String> = kinds.iter().map(|(k, n)| if *n == 1 { format!("a {k}") } else { format!("{n} {k}s") }).collect();
    Some(format!(
        "the {from} sent {} that never arrived at the {to}: packets from the {from} to the {to} are dropped between the two capture points",
        what.join(", ")
    ))
}

/// Diagnoses two captures of the same traffic.
pub fn diagnose_pair(a: &Analysis, b: &Analysis) -> Report {
    let m = match_packets(a, b);
    let (offset, delay, a_client_timing, method) = clock(a, b, &m);
    let ca = context(a);
    let cb = context(b);
    let det_a = scan::detect(&a.conns, &ca);
    let det_b = scan::detect(&b.conns, &cb);
    // Pair connections by shared packets.
    let mut pair: HashMap<usize, usize> = HashMap::new();
    let mut votes: HashMap<(usize, usize), usize> = HashMap::new();
    for (&(ci, _), &(cj, _)) in &m.a_to_b {
        *votes.entry((ci, cj)).or_default() += 1;
    }
    let mut best: HashMap<usize, (usize, usize)> = HashMap::new();
    for ((ci, cj), n) in votes {
        let e = best.entry(ci).or_insert((cj, 0));
        if n > e.1 {
            *e = (cj, n);
        }
    }
    for (ci, (cj, _)) in best {
        pair.insert(ci, cj);
    }
    let paired_b: HashSet<usize> = pair.values().copied().collect();
    let (queue, queued_a, queued_b) = listen_queues(a, b, (&ca, &cb), &pair, (&det_a.members, &det_b.members));
    let mut findings = queue;
    for (ci, c) in a.conns.iter().enumerate() {
        if det_a.members.contains(&ci) || queued_a.contains(&ci) {
            continue;
        }
        let fa = diagnose_conn(c, &ca);
        let f = match pair.get(&ci) {
            Some(&cj) => {
                let fb = diagnose_conn(&b.conns[cj], &cb);
                let va = View { an: a, conn: c, ci };
                let vb = View { an: b, conn: &b.conns[cj], ci: cj };
                let a_client = nearer_client_by_ttl(c, &b.conns[cj]).or(a_client_timing).unwrap_or(true);
                merge(&m, va, vb, fa, fb, a_client, (&ca, &cb), offset)
            }
            None => alone(a, b, c, fa, offset),
        };
        findings.push(f);
    }
    for (cj, c) in b.conns.iter().enumerate() {
        if paired_b.contains(&cj) || det_b.members.contains(&cj) || queued_b.contains(&cj) {
            continue;
        }
        let fb = diagnose_conn(c, &cb);
        findings.push(alone(b, a, c, fb, offset.map(|o| -o)));
    }
    let mut queriers = super::udp::group_queriers(&a.conns);
    queriers.extend(super::udp::group_queriers(&b.conns));
    super::udp::replies_to_group(&mut findings, &queriers);
    findings.sort_by(|x, y| x.ts.total_cmp(&y.ts));
    let mut findings = super::attempts::group(findings);
    findings.extend(det_a.findings);
    let resolution = [super::neighbors::settle(&mut findings, &a.neighbors, &ca), super::neighbors::settle(&mut findings, &b.neighbors, &cb)];
    let info = PeerInfo {
        files: b.files.clone(),
        matched_packets: m.a_to_b.len(),
        clock_offset_s: offset.map(|o| (o * 1e6).round() / 1e6),
        one_way_delay_ms: delay.map(|d| round3(d * 1e3)),
        method,
    };
    let mut r = report(a, findings, Some(info));
    r.notes.extend(resolution.into_iter().flatten());
    if offset.is_none() && a.packets > 0 && b.packets > 0 {
        r.notes.push("no packet was seen in both captures: the clock offset is unknown, so the captures are assumed to cover the same period".into());
    }
    if b.packets == 0 {
        r.notes.push("the peer capture holds no IP packets".into());
    }
    r
}

/// Listen-queue overflows ([`super::queue`]) either capture shows, once per
/// port, and the connections of both captures they cover (`pair`: a's
/// connection index → b's).
fn listen_queues(
    a: &Analysis,
    b: &Analysis,
    (ca, cb): (&Ctx<'_>, &Ctx<'_>),
    pair: &HashMap<usize, usize>,
    (skip_a, skip_b): (&HashSet<usize>, &HashSet<usize>),
) -> (Vec<Finding>, HashSet<usize>, HashSet<usize>) {
    let qa = super::queue::detect(&a.conns, ca, skip_a);
    let qb = super::queue::detect(&b.conns, cb, skip_b);
    let mut in_a = qa.members.clone();
    in_a.extend(pair.iter().filter(|(_, cj)| qb.members.contains(cj)).map(|(ci, _)| *ci));
    let mut in_b = qb.members.clone();
    in_b.extend(pair.iter().filter(|(ci, _)| qa.members.contains(ci)).map(|(_, cj)| *cj));
    let mut findings = qa.findings;
    for f in qb.findings {
        if !findings.iter().any(|g| g.server_port == f.server_port && g.proto == f.proto) {
            findings.push(f);
        }
    }
    (findings, in_a, in_b)
}

/// Was capture `other` looking when `c` happened, at its hosts? A capture
/// with no IP packets counts as looking (it saw nothing of anything). With a
/// known clock offset (`other` − `this`), the connection's time must fall
/// inside the other capture's span; without one, the other capture must at
/// least hold traffic of one of the two hosts.
fn covers(other: &Analysis, c: &Conn, offset: Option<f64>) -> bool {
    if other.packets == 0 {
        return true;
    }
    let hosts = other.conns.iter().any(|o| o.server == c.server || o.client == c.server || o.server == c.client);
    match (offset, other.span) {
        (Some(off), Some((first, last))) => {
            let (s, e) = (c.first_ts.as_secs_f64() + off, c.last_ts.as_secs_f64() + off);
            hosts && s >= first.as_secs_f64() - 1.0 && e <= last.as_secs_f64() + 1.0
        }
        _ => hosts,
    }
}

/// A connection seen in only one of the two captures.
fn alone(this: &Analysis, other: &Analysis, c: &Conn, mut f: Finding, offset: Option<f64>) -> Finding {
    let ctx = context(this);
    let (v, _) = super::vantage::infer(c, ctx.hosts);
    let at_client = v != Vantage::Server;
    let other_files = other.files.join(", ");
    if !covers(other, c, offset) {
        f.explanation.push_str(&format!(
            " (The other capture, {other_files}, was not looking at these hosts at that time: it cannot confirm or refute this.)"
        ));
        return f;
    }
    f.vantage = Vantage::Both;
    if !at_client {
        f.explanation.push_str(&format!(" None of this connection's packets appear in the client-side capture {other_files}."));
        return f;
    }
    let n_syn = c.dir_pkts(Dir::C2S).filter(|p| p.is_syn()).count();
    match f.label {
        Label::NoResponse if c.proto == Proto::Tcp && n_syn > 0 => {
            f.relabel(Label::SynDroppedInPath);
            f.server_state = TcpState::Listen;
            f.client_state = TcpState::SynSent;
            f.summary = format!("the client's SYN ({}) never reached the server", if n_syn == 1 { "once".to_string() } else { format!("{n_syn} times") });
            f.explanation = format!(
                "Seen from both ends: the client {} sent its SYN to {} port {} {} (frames {} in {}) and none of them \
                 appears in the server-side capture ({other_files}): packets from the client to the server are dropped \
                 between the two capture points. The server never learned of the attempt (it stays in LISTEN); the \
                 client sat in SYN_SENT until it gave up.",
                c.client,
                c.server,
                c.sport,
                times(n_syn),
                list(&c.dir_pkts(Dir::C2S).filter(|p| p.is_syn()).map(|p| p.frame).collect::<Vec<_>>()),
                this.files.join(", ")
            );
            f.likely_cause = "A firewall or ACL between the hosts silently drops the SYNs (iptables DROP, security group), or a routing hole.".into();
            f.next_check = format!("Drop counters of the firewalls between {} and {} for port {}; the route towards {}.", c.client, c.server, c.sport, c.server);
        }
        Label::NoResponse if c.proto == Proto::Udp => {
            f.explanation.push_str(&format!(" The datagrams do not appear in the server-side capture ({other_files}): they are dropped between the capture points."));
        }
        Label::Refused | Label::MiddleboxReset => {
            f.relabel(Label::MiddleboxReset);
            f.server_state = TcpState::Listen;
            f.summary = format!("RST forged on the path: the server {} never saw the SYN", c.server);
            f.explanation = format!(
                "Seen from both ends: the client {} got an RST|ACK for its SYN to {} port {}, but the server-side \
                 capture ({other_files}) shows neither the SYN nor any RST: the server never sent it. A firewall or IPS \
                 between the two capture points rejected the connection and forged the reset (iptables REJECT \
                 --reject-with tcp-reset).",
                c.client, c.server, c.sport
            );
            f.likely_cause = "A firewall rule between the hosts rejecting this port with a TCP reset.".into();
            f.next_check = format!("REJECT rules for port {} on the routers/firewalls between {} and {}.", c.sport, c.client, c.server);
        }
        Label::RejectedIcmp => {
            f.server_state = TcpState::Listen;
            f.explanation.push_str(&format!(" The server-side capture ({other_files}) confirms it: the attempt never reached the server."));
        }
        _ => {
            f.explanation.push_str(&format!(" This connection does not appear in the other capture ({other_files})."));
        }
    }
    f
}

#[allow(clippy::too_many_arguments)]
fn merge(m: &Matches, va: View<'_>, vb: View<'_>, fa: Finding, fb: Finding, a_client: bool, (ca, cb): (&Ctx<'_>, &Ctx<'_>), offset: Option<f64>) -> Finding {
    // x: nearer the client, y: nearer the server.
    let (x, y, fx, fy, cx, cy) = if a_client { (&va, &vb, fa, fb, ca, cb) } else { (&vb, &va, fb, fa, cb, ca) };
    // A packet counts as lost only when the other capture was running when
    // it should have arrived (by the estimated clock offset).
    let arrived = |v: &View<'_>, pi: usize| -> bool {
        if std::ptr::eq(v.an, va.an) {
            m.a_to_b.contains_key(&(v.ci, pi))
        } else {
            m.b_matched.contains(&(v.ci, pi))
        }
    };
    let matched_in_other = |v: &View<'_>, pi: usize| -> bool {
        let is_a = std::ptr::eq(v.an, va.an);
        if arrived(v, pi) {
            return true;
        }
        let other = if is_a { vb.an } else { va.an };
        let (Some(off), Some((first, last)), Some(p)) = (offset, other.span, v.conn.pkts.get(pi)) else { return false };
        let t = p.ts.as_secs_f64() + if is_a { off } else { -off };
        t < first.as_secs_f64() - 0.001 || t > last.as_secs_f64() + 0.001
    };
    // Packets the client sent (seen at x) that never reached y, and the
    // server's packets (seen at y) that never reached x.
    let lost_c2s = Lost { pkts: x.conn.pkts.iter().enumerate().filter(|(i, p)| p.dir == Dir::C2S && !matched_in_other(x, *i)).map(|(_, p)| p).collect() };
    let lost_s2c = Lost { pkts: y.conn.pkts.iter().enumerate().filter(|(i, p)| p.dir == Dir::S2C && !matched_in_other(y, *i)).map(|(_, p)| p).collect() };
    // Packets sent after the other capture's last packet: neither lost nor arrived, as far as anyone can tell.
    let beyond = |v: &View<'_>, d: Dir| v.conn.pkts.iter().enumerate().filter(|(i, p)| p.dir == d && !arrived(v, *i) && matched_in_other(v, *i)).count();
    let unknown = beyond(x, Dir::C2S) + beyond(y, Dir::S2C);
    // Packets that appear at x as coming from the server but the server never sent (forged).
    let forged: Vec<&Pkt> = x.conn.pkts.iter().enumerate().filter(|(i, p)| p.dir == Dir::S2C && !matched_in_other(x, *i)).map(|(_, p)| p).collect();

    let hx = super::handshake::Handshake::of(x.conn);
    let hy = super::handshake::Handshake::of(y.conn);
    let syn_reached = !hy.syns.is_empty();
    let synack_reached = !hx.synacks.is_empty();
    let mut label = None;
    if fx.label == Label::RejectedIcmp {
        label = Some(Label::RejectedIcmp);
    } else if forged.iter().any(|p| p.is_rst()) && !y.conn.pkts.iter().any(|p| p.dir == Dir::S2C && p.is_rst()) {
        label = Some(Label::MiddleboxReset);
    } else if !hx.syns.is_empty() && !syn_reached {
        label = Some(Label::SynDroppedInPath);
    } else if !hy.synacks.is_empty() && !synack_reached && !hx.syns.is_empty() {
        label = Some(Label::SynackDroppedInPath);
    } else if hx.ack.is_some() && !hy.completed(y.conn) && lost_c2s.pkts.iter().any(|p| p.flags.ack() && !p.flags.syn()) {
        label = Some(Label::AckDroppedInPath);
    }
    let broken = broken_direction(x.conn, y.conn, &lost_c2s, &lost_s2c, |v, pi| arrived(if v { x } else { y }, pi));
    let silence = |l: Label| matches!(l, Label::ServerWentSilent | Label::HalfOpen | Label::PathBroken | Label::LossRetransmissions);
    if label.is_none() && broken.is_some() && (silence(fx.label) || silence(fy.label)) {
        label = Some(Label::PathBroken);
    }
    let mut f = match label {
        Some(l) if l == fx.label => fx.clone(),
        Some(l) if l == fy.label => fy.clone(),
        Some(l) => {
            let mut f = fx.clone();
            f.relabel(l);
            f
        }
        None => {
            if fy.severity < fx.severity {
                fy.clone()
            } else {
                fx.clone()
            }
        }
    };
    f.vantage = Vantage::Both;
    f.client_state = fx.client_state;
    f.server_state = fy.server_state;
    if f.label == Label::SynDroppedInPath {
        f.server_state = TcpState::Listen;
    }
    let mut words = Vec::new();
    if let Some(s) = describe_lost(x.conn, &lost_c2s, "client", "server") {
        words.push(s);
    }
    if let Some(s) = describe_lost(y.conn, &lost_s2c, "server", "client") {
        words.push(s);
    }
    let forged_rst: Vec<&&Pkt> = forged.iter().filter(|p| p.is_rst()).collect();
    if label == Some(Label::MiddleboxReset) {
        words.push(format!(
            "the client received {} RST(s) that the server never sent: forged by a device between the two capture points",
            forged_rst.len()
        ));
    }
    let headline = match f.label {
        Label::SynDroppedInPath => format!("the client's SYN ({}) never reached the server", hx.syns.len()),
        Label::SynackDroppedInPath => format!("the server sent the SYN|ACK {} times; none arrived at the client", hy.synacks.len()),
        Label::AckDroppedInPath => "the client's handshake ACK never reached the server".to_string(),
        _ => f.summary.clone(),
    };
    f.summary = headline;
    let both = if words.is_empty() && unknown > 0 {
        format!(
            "Seen from both ends: every packet one side sent while both captures were running arrived at the other; \
             {unknown} more were sent after the other capture's last packet, so whether they arrived cannot be told."
        )
    } else if words.is_empty() {
        "Seen from both ends: every packet one side sent arrived at the other.".to_string()
    } else {
        format!("Seen from both ends: {}.", words.join("; "))
    };
    let fx_file = cx.file(0);
    let fy_file = cy.file(0);
    let frames = |v: &[&Pkt]| list(&v.iter().map(|p| p.frame).collect::<Vec<_>>());
    let c_syns: Vec<&Pkt> = hx.syns.clone();
    let s_synacks: Vec<&Pkt> = hy.synacks.clone();
    let arrived_syns = hy.syns.len();
    f.explanation = match f.label {
        Label::SynDroppedInPath => format!(
            "Seen from both ends: the client {} sent its SYN to {} port {} {} (frames {} in {fx_file}); none of them \
             arrived at the server ({fy_file} has no packet of this connection): packets from the client to the server \
             are dropped between the two capture points. The server never learned of the attempt and stays in LISTEN; \
             the client sits in SYN_SENT until it times out.",
            x.conn.client,
            x.conn.server,
            x.conn.sport,
            times(c_syns.len()),
            frames(&c_syns)
        ),
        Label::SynackDroppedInPath => format!(
            "Seen from both ends: the client {} sent its SYN to {} port {} {} (frames {} in {fx_file}) and {} of them \
             arrived at the server, which answered with a SYN|ACK {} (frames {} in {fy_file}); none of the SYN|ACKs \
             arrived at the client: packets from the server to the client are dropped between the two capture points. \
             The client stays in SYN_SENT and times out; the server holds a SYN_RECV request until its SYN|ACK retries run out.",
            x.conn.client,
            x.conn.server,
            x.conn.sport,
            times(c_syns.len()),
            frames(&c_syns),
            arrived_syns,
            times(s_synacks.len()),
            frames(&s_synacks)
        ),
        Label::AckDroppedInPath => {
            let acks: Vec<&Pkt> = lost_c2s.pkts.iter().copied().filter(|p| p.flags.ack() && !p.flags.syn()).collect();
            format!(
                "Seen from both ends: the client {} received the server's SYN|ACK and answered with an ACK {} (frames {} \
                 in {fx_file}); none of them arrived at the server, which kept sending its SYN|ACK ({} in all, frames {} \
                 in {fy_file}): packets from the client to the server are dropped after the SYN. The client believes it is \
                 ESTABLISHED; the server stays in SYN_RECV — a half-open connection.",
                x.conn.client,
                times(acks.len()),
                frames(&acks),
                s_synacks.len(),
                frames(&s_synacks)
            )
        }
        Label::MiddleboxReset => format!(
            "{both} {}",
            if arrived_syns == 0 {
                format!("The server-side capture ({fy_file}) shows no SYN at all: the attempt was stopped on the way and the reset forged there.")
            } else {
                format!("The SYN did reach the server ({fy_file}), yet the reset the client got is not the server's.")
            }
        ),
        Label::PathBroken => match broken {
            Some((dir, first, other_works)) => {
                let (from, to, file) = if dir == Dir::C2S { ("client", "server", &fx_file) } else { ("server", "client", &fy_file) };
                f.summary = format!("path broken {from} → {to} from {}: nothing the {from} sent after that arrived", super::ctx::clock(first.ts));
                let other = if other_works {
                    format!("while the {to}'s packets still arrived at the {from}. The {from} → {to} direction broke then; the other direction kept working.")
                } else {
                    format!(
                        "while the {to}'s own capture kept running: the {to} never received them, so it had nothing to answer. \
                         The {from} → {to} direction broke then; whether the other direction still works cannot be told, \
                         as the {to} sent nothing more on this connection."
                    )
                };
                format!(
                    "Seen from both ends: from frame {} in {file} ({}) on, every packet the {from} sent to the {to} was lost \
                     between the two capture points, {other}",
                    first.frame,
                    super::ctx::clock(first.ts)
                )
            }
            None => format!("{both} {}", fx.explanation),
        },
        _ if words.is_empty() => format!("{both} {}", fx.explanation),
        _ => format!("{both} As seen at the client: {}", fx.explanation),
    };
    if f.label == Label::SynDroppedInPath {
        f.likely_cause = "A firewall or ACL between the hosts silently drops the SYNs.".into();
        f.next_check = format!("Drop counters of the firewalls between {} and {} for port {}.", x.conn.client, x.conn.server, x.conn.sport);
    }
    let mut ev: Vec<Evidence> = Vec::new();
    for p in &lost_c2s.pkts {
        ev.push(cx.ev(x.conn, p, "sent by the client, never arrived at the server"));
    }
    for p in &lost_s2c.pkts {
        ev.push(cy.ev(y.conn, p, "sent by the server, never arrived at the client"));
    }
    for p in &forged_rst {
        ev.push(cx.ev(x.conn, p, "received by the client, never sent by the server"));
    }
    if ev.is_empty() || label.is_some() {
        ev.extend(fx.evidence.iter().cloned());
        ev.extend(fy.evidence.iter().cloned());
    }
    ev.sort_by(|p, q| p.file.cmp(&q.file).then(p.ts.total_cmp(&q.ts)).then(p.frame.cmp(&q.frame)));
    ev.dedup_by(|later, first| later.frame == first.frame && later.file == first.file);
    trim_evidence(&mut ev);
    f.evidence = ev;
    f
}

/// The direction whose packets stopped arriving for good, the first lost
/// one, and whether the other direction was seen still arriving afterwards:
/// no packet that side sent from then on (two lost at least) reached the
/// other end (`arrived(at_client_side, index)`; packets past the other
/// capture's end are neither, so the receiving capture was running when
/// they should have arrived: the path lost them, not the host). `x` is the
/// client-side view, `y` the server-side one. A direction whose other
/// side still arrives afterwards is preferred.
fn broken_direction<'a>(x: &'a Conn, y: &'a Conn, lost_c2s: &Lost<'a>, lost_s2c: &Lost<'a>, arrived: impl Fn(bool, usize) -> bool) -> Option<(Dir, &'a Pkt, bool)> {
    let suffix = |sender: &'a Conn, dir: Dir, lost: &Lost<'a>| -> Option<&'a Pkt> {
        let first = *lost.pkts.iter().min_by_key(|p| (p.ts, p.frame))?;
        let at_x = std::ptr::eq(sender, x);
        let any_arrived = sender.pkts.iter().enumerate().any(|(i, p)| p.dir == dir && p.ts >= first.ts && arrived(at_x, i));
        (lost.pkts.len() >= 2 && !any_arrived).then_some(first)
    };
    // The other direction still arrives, seen in the capture of its receiver (same clock as `first`).
    let c2s = suffix(x, Dir::C2S, lost_c2s).map(|first| (Dir::C2S, first, x.dir_pkts(Dir::S2C).any(|p| p.ts > first.ts)));
    let s2c = suffix(y, Dir::S2C, lost_s2c).map(|first| (Dir::S2C, first, y.dir_pkts(Dir::C2S).any(|p| p.ts > first.ts)));
    match (c2s, s2c) {
        (Some(c), _) if c.2 => Some(c),
        (_, Some(s)) if s.2 => Some(s),
        // Both directions lost: the path broke both ways, or a host went; not one direction.
        (Some(_), Some(_)) => None,
        (c, s) => c.or(s),
    }
}

/// Packets sampled per file by [`same_traffic`].
pub const SAMPLE: usize = 5000;

/// True when two captures hold the same packets (seen at two points): at
/// least a third of the TCP/UDP packets of the smaller sample match.
pub fn same_traffic(a: &[crate::wire::Summary], b: &[crate::wire::Summary]) -> bool {
    use crate::wire::summary::Transport;
    type Fp = (u8, u32, u32, u16, u32, u32, Option<u32>, u16);
    fn fp(s: &crate::wire::Summary) -> Option<Fp> {
        match &s.transport {
            Transport::Tcp(t) => Some((6, t.seq, t.ack, t.flags.0, t.payload_len, t.payload_hash, t.options.timestamps.map(|x| x.0), s.ip_id)),
            Transport::Udp(u) => Some((17, 0, 0, 0, u.payload_len, 0, None, s.ip_id)),
            _ => None,
        }
    }
    let set: HashSet<_> = b.iter().filter_map(fp).collect();
    let (n, hits) = a.iter().filter_map(fp).fold((0usize, 0usize), |(n, h), f| (n + 1, h + usize::from(set.contains(&f))));
    let smaller = n.min(set.len());
    smaller > 0 && hits * 3 >= smaller
}
