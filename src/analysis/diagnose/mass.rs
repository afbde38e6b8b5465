//! Mass failures: a million spoofed sources that each sent one unanswered
//! packet are one verdict, not a million findings. When many distinct
//! clients fail the same way at one service, or very many small
//! conversations fail the same way across many services, their attempts
//! become one summary finding with counts, a few example sources and the
//! first and last packets as evidence.
//!
//! Only small conversations (a few packets, at most a couple from the
//! server) are candidates, and a candidate is diagnosed only when its
//! service is crowded: ordinary captures never reach these thresholds, so
//! their findings stay one per attempt.

use super::attempts::groupable;
use super::ctx::{round3, Ctx};
use super::finding::{Finding, Label};
use super::model::{Conn, Proto};
use super::diagnose_conn;
use std::collections::HashSet;
use std::net::IpAddr;

/// Distinct clients failing the same way at one service that make a mass
/// finding (people retrying a broken service are far fewer).
pub const MASS_SOURCES: usize = 64;
/// Small conversations failing the same way, over all services, that make a
/// mass finding even when no single service is crowded.
pub const MASS_SPREAD: usize = 10_000;
/// Example sources named in a mass finding.
pub const EXAMPLES: usize = 5;
/// Evidence lines of a mass finding: the first half and the last half.
pub const EVIDENCE: usize = 10;

/// Result of mass detection.
pub struct Mass {
    /// One finding per mass failure.
    pub findings: Vec<Finding>,
    /// Per conversation index: folded into a mass finding.
    pub members: Vec<bool>,
}

/// A conversation small enough to be a flood packet: a few packets out, at
/// most a couple back (RST, ICMP error, an unacknowledged SYN|ACK).
fn candidate(c: &Conn) -> bool {
    c.seen[0] <= 8 && c.seen[1] <= 2 && c.icmp.len() <= 2
}

/// Finds mass failures among `conns`, leaving out those `skip` says are
/// already explained (scans, floods).
pub fn detect(conns: &[Conn], ctx: &Ctx<'_>, skip: &HashSet<usize>) -> Mass {
    let mut m = Mass { findings: Vec::new(), members: vec![false; conns.len()] };
    let mut cand: Vec<usize> = (0..conns.len()).filter(|i| !skip.contains(i) && candidate(&conns[*i])).collect();
    if cand.len() < MASS_SOURCES {
        return m;
    }
    let service = |c: &Conn| (c.proto, c.server, c.sport);
    cand.sort_by_key(|&i| (service(&conns[i]), conns[i].client, i));
    let mut spread: Vec<usize> = Vec::new();
    for group in cand.chunk_by(|&a, &b| service(&conns[a]) == service(&conns[b])) {
        if distinct_clients(conns, group) < MASS_SOURCES {
            spread.extend_from_slice(group);
            continue;
        }
        let labelled = labels(conns, ctx, group);
        for label in distinct_labels(&labelled) {
            let idx: Vec<usize> = labelled.iter().filter(|(_, l)| *l == label).map(|(i, _)| *i).collect();
            if distinct_clients(conns, &idx) >= MASS_SOURCES {
                m.findings.push(finding(conns, ctx, &idx, label, true));
                for &i in &idx {
                    m.members[i] = true;
                }
            }
        }
    }
    if spread.len() >= MASS_SPREAD {
        let labelled = labels(conns, ctx, &spread);
        for label in distinct_labels(&labelled) {
            for proto in [Proto::Tcp, Proto::Udp] {
                let idx: Vec<usize> =
                    labelled.iter().filter(|(i, l)| *l == label && conns[*i].proto == proto).map(|(i, _)| *i).collect();
                if idx.len() >= MASS_SPREAD {
                    m.findings.push(finding(conns, ctx, &idx, label, false));
                    for &i in &idx {
                        m.members[i] = true;
                    }
                }
            }
        }
    }
    m
}

/// Distinct clients of `idx` (any order).
fn distinct_clients(conns: &[Conn], idx: &[usize]) -> usize {
    let mut v: Vec<IpAddr> = idx.iter().map(|&i| conns[i].client).collect();
    v.sort_unstable();
    v.dedup();
    v.len()
}

/// The groupable failure label of each conversation (others left out); the
/// findings themselves are dropped at once to keep memory flat.
fn labels(conns: &[Conn], ctx: &Ctx<'_>, idx: &[usize]) -> Vec<(usize, Label)> {
    idx.iter().map(|&i| (i, diagnose_conn(&conns[i], ctx).label)).filter(|(_, l)| groupable(*l)).collect()
}

fn distinct_labels(v: &[(usize, Label)]) -> Vec<Label> {
    let mut l: Vec<Label> = v.iter().map(|(_, l)| *l).collect();
    l.sort_unstable();
    l.dedup();
    l
}

/// "1.2.3.4, 5.6.7.8 and 3 more" for a sorted list of distinct addresses.
fn examples(v: &[IpAddr]) -> String {
    let shown: Vec<String> = v.iter().take(EXAMPLES).map(|a| a.to_string()).collect();
    match v.len().saturating_sub(EXAMPLES) {
        0 => shown.join(", "),
        n => format!("{} and {n} more", shown.join(", ")),
    }
}

/// What one packet of the attempt is, in words, for the summary line.
fn what(label: Label, proto: Proto) -> &'static str {
    match (label, proto) {
        (Label::NoResponse, Proto::Udp) => "unanswered datagram conversations",
        (Label::NoResponse, Proto::Tcp) => "unanswered SYNs",
        (Label::Refused, _) => "refused connection attempts",
        (Label::RejectedIcmp, _) => "attempts rejected by ICMP",
        _ => "failed attempts",
    }
}

/// The mass finding for the conversations `idx` (all with `label`); `one_service`:
/// they share a server and port.
fn finding(conns: &[Conn], ctx: &Ctx<'_>, idx: &[usize], label: Label, one_service: bool) -> Finding {
    let mut idx = idx.to_vec();
    idx.sort_by_key(|&i| (conns[i].first_ts, i));
    let first = &conns[idx[0]];
    let mut clients: Vec<IpAddr> = idx.iter().map(|&i| conns[i].client).collect();
    clients.sort_unstable();
    clients.dedup();
    let mut servers: Vec<IpAddr> = idx.iter().map(|&i| conns[i].server).collect();
    servers.sort_unstable();
    servers.dedup();
    let start = idx.iter().map(|&i| conns[i].first_ts).min().unwrap_or(first.first_ts);
    let end = idx.iter().map(|&i| conns[i].last_ts).max().unwrap_or(first.last_ts);
    let packets: u64 = idx.iter().map(|&i| conns[i].seen[0] + conns[i].seen[1]).sum();
    let proto = first.proto;
    let mut f = ctx.base(first, label);
    f.client = clients.first().copied().unwrap_or(first.client);
    f.client_port = 0;
    f.client_ports.clear();
    f.conn_state = None;
    f.history = None;
    f.attempts = u32::try_from(idx.len()).unwrap_or(u32::MAX);
    f.ts = start.as_secs_f64();
    f.figures = Default::default();
    f.figures.duration_s = round3(end.secs_since(start).max(0.0));
    let n = idx.len();
    let m = clients.len();
    let rate = n as f64 / end.secs_since(start).max(1e-3);
    let whom = if one_service {
        f.server_port = first.sport;
        format!("{}:{}/{}", first.server, first.sport, proto.as_str())
    } else {
        f.server = servers.first().copied().unwrap_or(first.server);
        f.server_port = 0;
        format!("{} destinations ({})", servers.len(), examples(&servers))
    };
    f.summary = format!("{n} {} from {m} sources to {whom}", what(label, proto));
    let spoofed = m * 2 > n;
    f.explanation = format!(
        "{n} small {} conversations ({packets} packets in {:.1} s, {:.0} per second) from {m} distinct sources \
         ({}) all ended the same way: {label}. {}They are summarised here instead of one finding each.",
        proto.as_str(),
        f.figures.duration_s,
        rate,
        examples(&clients),
        if spoofed {
            "Nearly every attempt comes from a new source address and sends almost nothing: a flood from \
             spoofed or randomised sources, not clients using a service. "
        } else {
            ""
        }
    );
    f.likely_cause = if spoofed {
        "A flood or scan with spoofed source addresses (a denial-of-service attempt or backscatter), or a \
         misbehaving load generator."
            .into()
    } else {
        "Many clients failing at once: the service or the path to it is down for everyone.".into()
    };
    f.next_check = match (one_service, proto) {
        (true, Proto::Tcp) => format!(
            "`tcpsleuth scans` for the flood's shape; SYN cookies and backlog on {} (`nstat` SyncookiesSent, \
             ListenOverflows); upstream filtering.",
            first.server
        ),
        _ => "`tcpsleuth scans` for the flood's shape; where the packets enter the network, and upstream filtering."
            .into(),
    };
    let take = EVIDENCE / 2;
    let picks = idx.iter().take(take).chain(idx.iter().skip(take.max(n.saturating_sub(take))));
    for &i in picks {
        let c = &conns[i];
        if let Some(p) = c.pkts.first() {
            f.evidence.push(ctx.ev(c, p, "one of the attempts"));
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_name_a_few_and_count_the_rest() {
        let v: Vec<IpAddr> = (1..=7u8).map(|i| IpAddr::from([10, 0, 0, i])).collect();
        assert_eq!(examples(&v), "10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4, 10.0.0.5 and 2 more");
        assert_eq!(examples(&v[..2]), "10.0.0.1, 10.0.0.2");
    }
}
