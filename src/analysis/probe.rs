//! `probe` verdicts: what one port answered, judged from the packets the
//! probe captured of itself (and from connect()'s error where no capture ran).
//!
//! The same mechanisms as `diagnose`: a SYN-ACK means a listener; a RST means
//! nothing listens (its TTL tells who sent it); an ICMP error names the
//! router that refused; silence after every try means a drop.

use crate::host::probe::ConnectOutcome;
use crate::names::icmp::{IcmpType, Icmpv6Type};
use crate::wire::summary::Summary;
use std::net::{IpAddr, SocketAddr};

/// The four answers a port can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Open,
    Closed,
    Filtered,
    Rejected,
}

impl Kind {
    /// `open`, `closed`, `filtered`, `rejected`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Open => "open",
            Kind::Closed => "closed",
            Kind::Filtered => "filtered",
            Kind::Rejected => "rejected",
        }
    }
}

/// An ICMP error that refused the probe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcmpReject {
    /// Who sent it (a router on the way, or the host).
    pub from: IpAddr,
    pub v6: bool,
    pub kind: u8,
    pub code: u8,
    /// "Port unreachable", "Communication administratively prohibited"…
    pub name: String,
}

/// One captured packet of the probe, by its index in the capture.
#[derive(Clone, Copy, Debug)]
pub struct Packet {
    pub index: usize,
    pub summary: Summary,
}

/// The verdict on one port with its evidence.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub target: SocketAddr,
    pub kind: Kind,
    /// SYNs sent (tries).
    pub syns: u32,
    /// TTL of the SYN-ACK or RST that answered.
    pub reply_ttl: Option<u8>,
    pub icmp: Option<IcmpReject>,
    /// First SYN to the answer, milliseconds.
    pub rtt_ms: Option<f64>,
    pub explanation: String,
    /// Indexes of the packets that prove it, in capture order.
    pub evidence: Vec<usize>,
    pub notes: Vec<String>,
}

/// The packets of the probe of `target` from `local`: our SYNs, the TCP
/// answers to their source ports, ICMP errors quoting them.
pub fn relevant(target: SocketAddr, local: IpAddr, all: &[Packet]) -> Vec<Packet> {
    let ours = |s: &Summary| s.src == local && s.dst == target.ip();
    let sports: Vec<u16> = all
        .iter()
        .filter(|p| ours(&p.summary))
        .filter_map(|p| p.summary.tcp())
        .filter(|t| t.dport == target.port() && t.flags.syn() && !t.flags.ack())
        .map(|t| t.sport)
        .collect();
    all.iter()
        .filter(|p| {
            let s = &p.summary;
            if let Some(t) = s.tcp() {
                let out = ours(s) && t.dport == target.port() && sports.contains(&t.sport);
                let back = s.src == target.ip() && s.dst == local && t.sport == target.port() && sports.contains(&t.dport);
                return out || back;
            }
            s.icmp().and_then(|i| i.quoted).is_some_and(|q| {
                s.dst == local && q.proto == 6 && q.dst == target.ip() && q.dport == target.port() && sports.contains(&q.sport)
            })
        })
        .copied()
        .collect()
}

/// Judges one port from its packets (`relevant`), or from connect()'s
/// outcomes when the capture saw none of our SYNs.
pub fn judge(target: SocketAddr, local: IpAddr, packets: &[Packet], syns_sent: u32, outcomes: &[ConnectOutcome]) -> Verdict {
    let mut v = Verdict {
        target,
        kind: Kind::Filtered,
        syns: syns_sent,
        reply_ttl: None,
        icmp: None,
        rtt_ms: None,
        explanation: String::new(),
        evidence: packets.iter().map(|p| p.index).collect(),
        notes: Vec::new(),
    };
    let port = target.port();
    let syns: Vec<&Packet> = packets
        .iter()
        .filter(|p| p.summary.src == local && p.summary.tcp().is_some_and(|t| t.dport == port && t.flags.syn() && !t.flags.ack()))
        .collect();
    if syns.is_empty() {
        from_outcomes(&mut v, outcomes);
        return v;
    }
    // The capture's count: a connect() may retransmit its SYN within one try.
    v.syns = syns.len() as u32;
    let first = syns[0].summary.ts;
    // An answer comes from the probed port (loopback: same address both ways) or is ICMP.
    let answer = packets.iter().find(|p| {
        p.summary.tcp().map_or(p.summary.icmp().is_some(), |t| p.summary.src == target.ip() && t.sport == port)
    });
    let Some(a) = answer else {
        v.explanation = format!(
            "SYN sent {} time{}, no answer: a firewall drops it on the way or at the host",
            v.syns,
            if v.syns == 1 { "" } else { "s" }
        );
        return v;
    };
    let s = &a.summary;
    v.rtt_ms = Some((s.ts.as_nanos() - first.as_nanos()) as f64 / 1e6);
    let ms = v.rtt_ms.unwrap_or(0.0);
    if let Some(t) = s.tcp() {
        v.reply_ttl = Some(s.ttl);
        let hops = hops(s.ttl);
        if t.flags.syn() && t.flags.ack() {
            v.kind = Kind::Open;
            v.explanation = format!(
                "SYN answered by SYN-ACK in {ms:.3} ms (TTL {}, {hops}): a process listens on port {}",
                s.ttl,
                target.port()
            );
        } else {
            v.kind = Kind::Closed;
            v.explanation = format!(
                "SYN answered by RST in {ms:.3} ms (TTL {}, {hops}): nothing listens on port {} (connection refused)",
                s.ttl,
                target.port()
            );
        }
    } else if let Some(i) = s.icmp() {
        v.kind = Kind::Rejected;
        let r = IcmpReject { from: s.src, v6: i.v6, kind: i.kind, code: i.code, name: icmp_name(i.v6, i.kind, i.code) };
        v.explanation = reject_text(&r, target, ms);
        v.icmp = Some(r);
    }
    v
}

/// "1 hop away" from the TTL, assuming the usual initial values 64, 128, 255.
fn hops(ttl: u8) -> String {
    let start = [32u16, 64, 128, 255].into_iter().find(|&s| s >= u16::from(ttl)).unwrap_or(255);
    let n = start - u16::from(ttl);
    format!("{n} hop{} away if sent with {start}", if n == 1 { "" } else { "s" })
}

fn icmp_name(v6: bool, kind: u8, code: u8) -> String {
    let (t, c) = if v6 {
        (Icmpv6Type(kind).name(), Icmpv6Type(kind).code_name(code))
    } else {
        (IcmpType(kind).name(), IcmpType(kind).code_name(code))
    };
    match (t, c) {
        (_, Some(c)) => c.to_string(),
        (Some(t), None) => format!("{t} code {code}"),
        _ => format!("type {kind} code {code}"),
    }
}

/// Why an ICMP error refused the SYN, by type and code (RFC 792/1812, 4443).
fn reject_text(r: &IcmpReject, target: SocketAddr, ms: f64) -> String {
    let who = if r.from == target.ip() { "the host itself".to_string() } else { format!("router {}", r.from) };
    let why = match (r.v6, r.kind, r.code) {
        (false, 3, 3) | (true, 1, 4) => "a firewall rule REJECTs it with port unreachable (a host's TCP answers a closed port with RST, not ICMP)",
        (false, 3, 9 | 10 | 13) | (true, 1, 1) => "a firewall rejects it: communication administratively prohibited",
        (false, 3, 0) | (true, 1, 0) => "no route to the network there",
        (false, 3, 1) | (true, 1, 3) => "the host is unreachable from there (down, or no ARP/neighbour answer)",
        (false, 11, _) | (true, 3, _) => "the packet's TTL ran out on the way (a routing loop?)",
        _ => "the SYN was refused on the way",
    };
    format!(
        "SYN answered by ICMP {} (type {} code {}) from {who} in {ms:.3} ms: {why}",
        r.name, r.kind, r.code
    )
}

/// Without a capture: the verdict connect() implies, with a note.
fn from_outcomes(v: &mut Verdict, outcomes: &[ConnectOutcome]) {
    v.notes.push("no packet of this probe was captured: verdict from connect()'s result only".into());
    let last = outcomes.iter().find(|o| **o != ConnectOutcome::TimedOut).or(outcomes.last());
    (v.kind, v.explanation) = match last {
        Some(ConnectOutcome::Connected) => (Kind::Open, "connect() succeeded: a process listens".into()),
        Some(ConnectOutcome::Refused) => (Kind::Closed, "connect() refused: a RST (or an ICMP port unreachable) came back".into()),
        Some(ConnectOutcome::Unreachable(e)) => (Kind::Rejected, format!("connect() failed: {e}: an ICMP error or a local rule refused it")),
        Some(ConnectOutcome::Other(e)) => (Kind::Filtered, format!("connect() failed: {e}")),
        Some(ConnectOutcome::TimedOut) | None => (
            Kind::Filtered,
            format!("connect() timed out {} time(s), no answer: a firewall drops the SYN on the way or at the host", outcomes.len()),
        ),
    };
}

/// A RST whose TTL differs from the SYN-ACKs of the same host came from
/// elsewhere: a firewall on the way forging it (`REJECT --reject-with tcp-reset`).
pub fn mark_forged_resets(verdicts: &mut [Verdict]) {
    let own: Vec<(IpAddr, u8)> = verdicts
        .iter()
        .filter(|v| v.kind == Kind::Open)
        .filter_map(|v| Some((v.target.ip(), v.reply_ttl?)))
        .collect();
    for v in verdicts.iter_mut().filter(|v| v.kind == Kind::Closed) {
        let (Some(ttl), Some(&(_, host))) = (v.reply_ttl, own.iter().find(|o| o.0 == v.target.ip())) else {
            continue;
        };
        if ttl != host {
            v.notes.push(format!(
                "the RST's TTL {ttl} differs from the host's own SYN-ACK (TTL {host}): a firewall {} forged it \
                 (REJECT --reject-with tcp-reset); the host itself may never have seen the SYN",
                if ttl > host { "nearer to this host" } else { "beyond the host" }
            ));
        }
    }
}
