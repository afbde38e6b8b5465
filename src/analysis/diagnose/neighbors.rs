//! `host_unreachable` from address resolution: a host that asks ARP (IPv6:
//! neighbour solicitation) for a target on its link again and again, and
//! never gets an answer.
//!
//! Why this is evidence from any point of the target's link: resolution
//! requests are broadcast (ARP) or sent to the target's solicited-node group
//! (NDP), so every capture on that link sees them, and a host stops asking
//! once it has an answer (RFC 826; RFC 4861 §7.2.2: `MAX_MULTICAST_SOLICIT`
//! = 3 tries, `RETRANS_TIMER` = 1 s; Linux `mcast_solicit`/`retrans_time`).
//! Three or more requests for one target with no reply from it, and no
//! packet from it at all in the capture, is resolution that failed: the
//! asker drops what it queued for the target and (a router) sends ICMP host
//! unreachable back to the sender. A capture that misses unicast replies
//! (a switch port) still sees the asking stop after one or two tries when
//! the target answers.
//!
//! Address probes (RFC 5227 ARP probes from 0.0.0.0, IPv6 duplicate address
//! detection from ::) and gratuitous announcements are not questions: an
//! unanswered probe is the success case.

use super::ctx::Ctx;
use super::finding::{Evidence, Finding, Label, Vantage};
use super::vantage::HostTtls;
use crate::time::Timestamp;
use crate::wire::side::{Neighbor, NeighborOp};
use crate::wire::hash::{HashMap, HashSet};
use std::net::IpAddr;

/// Unanswered requests for one target that make a failed resolution
/// (RFC 4861 `MAX_MULTICAST_SOLICIT`, Linux `mcast_solicit`, Windows: 3).
pub const MIN_TRIES: u32 = 3;
/// Requests further apart than this start a new resolution attempt (the
/// kernel retries every `retrans_time`, 1 s; a new attempt needs a new packet).
pub const ATTEMPT_GAP_S: f64 = 1.5;
/// (asker, target) pairs tracked at once; more are counted, not tracked.
pub const MAX_PAIRS: usize = 4096;
/// Failed resolutions reported as their own findings; beyond, a note counts them.
pub const MAX_LISTED: usize = 16;
/// Request frames kept per pair as evidence.
const KEEP_FRAMES: usize = 8;

/// Requests of one asker for one target.
#[derive(Clone, Debug)]
struct Asks {
    first: Timestamp,
    last: Timestamp,
    requests: u32,
    /// Resolution attempts: runs of requests at most [`ATTEMPT_GAP_S`] apart.
    attempts: u32,
    /// (frame, file index, time) of the first requests.
    frames: Vec<(u64, u16, Timestamp)>,
}

/// Address-resolution traffic of one capture, bounded.
#[derive(Clone, Debug, Default)]
pub struct Neighbors {
    asks: HashMap<(IpAddr, IpAddr), Asks>,
    /// Addresses that answered for themselves.
    answered: HashSet<IpAddr>,
    /// Pairs not tracked because the table was full.
    pub untracked: u64,
}

/// A target nobody answered for.
#[derive(Clone, Debug, PartialEq)]
pub struct Unresolved {
    pub asker: IpAddr,
    pub target: IpAddr,
    pub requests: u32,
    pub attempts: u32,
    pub first: Timestamp,
    pub last: Timestamp,
    frames: Vec<(u64, u16, Timestamp)>,
}

fn is_question(n: &Neighbor) -> bool {
    n.op == NeighborOp::Request && !n.sender.is_unspecified() && n.sender != n.target && !n.target.is_multicast() && !n.target.is_unspecified()
}

impl Neighbors {
    /// Counts one ARP / neighbour-discovery message.
    pub fn observe(&mut self, n: &Neighbor) {
        if n.op == NeighborOp::Reply {
            if self.answered.len() < MAX_PAIRS || self.answered.contains(&n.sender) {
                self.answered.insert(n.sender);
            }
            return;
        }
        if !is_question(n) {
            return;
        }
        let full = self.asks.len() >= MAX_PAIRS;
        let t = n.meta.ts;
        match self.asks.get_mut(&(n.sender, n.target)) {
            Some(a) => {
                if t.secs_since(a.last) > ATTEMPT_GAP_S {
                    a.attempts += 1;
                }
                a.requests += 1;
                a.last = a.last.max(t);
                if a.frames.len() < KEEP_FRAMES {
                    a.frames.push((n.meta.frame, n.meta.source, t));
                }
            }
            None if full => self.untracked += 1,
            None => {
                let frames = vec![(n.meta.frame, n.meta.source, t)];
                self.asks.insert((n.sender, n.target), Asks { first: t, last: t, requests: 1, attempts: 1, frames });
            }
        }
    }

    /// Targets asked for at least [`MIN_TRIES`] times that never answered and
    /// sent nothing the capture saw (`hosts`: senders of IP packets), oldest first.
    pub fn unresolved(&self, hosts: &HostTtls) -> Vec<Unresolved> {
        let mut v: Vec<Unresolved> = self
            .asks
            .iter()
            .filter(|((_, t), a)| a.requests >= MIN_TRIES && !self.answered.contains(t) && hosts.count(*t) == 0)
            .map(|(&(asker, target), a)| Unresolved {
                asker,
                target,
                requests: a.requests,
                attempts: a.attempts,
                first: a.first,
                last: a.last,
                frames: a.frames.clone(),
            })
            .collect();
        v.sort_by(|x, y| x.first.cmp(&y.first).then(x.target.cmp(&y.target)));
        v
    }
}

/// "ARP" or "neighbour discovery".
fn protocol(target: IpAddr) -> &'static str {
    if target.is_ipv4() { "ARP" } else { "neighbour discovery" }
}

/// Evidence lines for the requests of `u`.
fn evidence(u: &Unresolved, ctx: &Ctx<'_>) -> Vec<Evidence> {
    let ask = if u.target.is_ipv4() { "ARP request" } else { "neighbour solicitation" };
    u.frames
        .iter()
        .map(|&(frame, source, ts)| Evidence {
            frame,
            ts: ts.as_secs_f64(),
            file: ctx.file(source),
            what: format!("{ask}: who has {}? tell {} (no answer)", u.target, u.asker),
        })
        .collect()
}

/// The sentence that says what the resolution traffic shows.
fn asked(u: &Unresolved) -> String {
    let span = u.last.secs_since(u.first);
    let rounds = if u.attempts > 1 { format!(" in {} attempts", u.attempts) } else { String::new() };
    format!(
        "{} asked {} for {} {} times{rounds} over {span:.1} s and nobody answered; {} sent nothing the capture saw",
        u.asker,
        protocol(u.target),
        u.target,
        u.requests,
        u.target
    )
}

/// A finding made from failed resolution alone (no conversation toward the target).
fn finding(u: &Unresolved, ctx: &Ctx<'_>) -> Finding {
    let proto = if u.target.is_ipv4() { "arp" } else { "ndp" };
    let mut f = Finding::new(Label::HostUnreachable, u.asker, 0, u.target, 0, proto);
    f.vantage = Vantage::Server;
    f.attempts = u.attempts;
    f.ts = u.first.as_secs_f64();
    f.figures.duration_s = super::ctx::round3(u.last.secs_since(u.first));
    f.summary = format!("{} is unreachable: {} asked for it {} times, no answer", u.target, u.asker, u.requests);
    f.explanation = format!(
        "{}. The capture is on the link where {} should be: a host stops asking once it is answered, so {} is down, \
         disconnected, on another VLAN or has another address. Whatever {} had queued for it was dropped; if {} is a \
         router, the senders got ICMP host unreachable.",
        asked(u),
        u.target,
        u.target,
        u.asker,
        u.asker
    );
    f.likely_cause = format!("The host {} is powered off, unplugged, has another address, or is on another VLAN.", u.target);
    f.next_check = format!(
        "On {}: `ip neigh show {}` (FAILED/INCOMPLETE); whether {} is up, its link, VLAN and address.",
        u.asker, u.target, u.target
    );
    f.evidence = evidence(u, ctx);
    f
}

/// Ties failed resolutions to the findings: a `host_unreachable` finding
/// for the same target gets the resolution as evidence; an unanswered
/// attempt toward it (`no_response`) becomes `host_unreachable`; a target
/// no finding names gets its own. Returns a note when some were not listed.
pub fn settle(findings: &mut Vec<Finding>, nb: &Neighbors, ctx: &Ctx<'_>) -> Option<String> {
    let mut listed = 0usize;
    let mut unlisted = 0usize;
    for u in nb.unresolved(ctx.hosts) {
        let tied = findings.iter_mut().find(|f| f.server == u.target && matches!(f.label, Label::HostUnreachable | Label::NoResponse));
        match tied {
            Some(f) => tie(f, &u, ctx),
            None if listed < MAX_LISTED => {
                findings.push(finding(&u, ctx));
                listed += 1;
            }
            None => unlisted += 1,
        }
    }
    (unlisted > 0 || nb.untracked > 0).then(|| {
        format!(
            "{} more addresses were asked for by ARP/neighbour discovery and never answered (not listed){}",
            unlisted,
            if nb.untracked > 0 { format!("; {} asker/target pairs were not tracked", nb.untracked) } else { String::new() }
        )
    })
}

/// Adds the failed resolution to a finding about a conversation toward its target.
fn tie(f: &mut Finding, u: &Unresolved, ctx: &Ctx<'_>) {
    if f.label == Label::NoResponse {
        f.label = Label::HostUnreachable;
        f.severity = Label::HostUnreachable.severity();
        f.summary = format!("{} is unreachable: nobody answers {} for it", u.target, protocol(u.target));
        f.likely_cause = format!("The host {} is powered off, unplugged, has another address, or is on another VLAN.", u.target);
        f.next_check = format!("On {}: `ip neigh show {}` (FAILED/INCOMPLETE); whether {} is up.", u.asker, u.target, u.target);
        f.explanation = format!("{}. Nothing sent to {} can be delivered: the attempts went unanswered.", asked(u), u.target);
    } else {
        f.explanation.push_str(&format!(" This capture shows why: {}.", asked(u)));
    }
    f.evidence.extend(evidence(u, ctx));
    f.evidence.sort_by(|a, b| a.ts.total_cmp(&b.ts));
    super::ctx::trim_evidence(&mut f.evidence);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::FrameMeta;

    fn msg(frame: u64, secs: f64, op: NeighborOp, sender: [u8; 4], target: [u8; 4]) -> Neighbor {
        let meta = FrameMeta { frame, ts: Timestamp::from_nanos((secs * 1e9) as i128), ..Default::default() };
        Neighbor { meta, op, sender: IpAddr::from(sender), target: IpAddr::from(target) }
    }

    fn asks(times: &[f64], target: [u8; 4]) -> Neighbors {
        let mut nb = Neighbors::default();
        for (i, &t) in times.iter().enumerate() {
            nb.observe(&msg(i as u64 + 1, t, NeighborOp::Request, [10, 0, 0, 1], target));
        }
        nb
    }

    #[test]
    fn three_unanswered_requests_twice_are_two_failed_resolutions() {
        let nb = asks(&[0.0, 1.0, 2.0, 5.2, 6.2, 7.2], [10, 0, 0, 99]);
        let u = nb.unresolved(&HostTtls::default());
        assert_eq!(u.iter().map(|u| (u.target, u.requests, u.attempts)).collect::<Vec<_>>(), vec![(IpAddr::from([10, 0, 0, 99]), 6, 2)]);
    }

    #[test]
    fn a_target_that_answers_is_resolved() {
        let mut nb = asks(&[0.0, 1.0, 2.0], [10, 0, 0, 99]);
        nb.observe(&msg(9, 2.1, NeighborOp::Reply, [10, 0, 0, 99], [10, 0, 0, 1]));
        assert!(nb.unresolved(&HostTtls::default()).is_empty());
    }

    #[test]
    fn a_target_seen_sending_is_alive_even_when_its_replies_are_not_captured() {
        let nb = asks(&[0.0, 1.0, 2.0], [10, 0, 0, 99]);
        let mut hosts = HostTtls::default();
        hosts.see(IpAddr::from([10, 0, 0, 99]), 64);
        assert!(nb.unresolved(&hosts).is_empty());
    }

    #[test]
    fn asking_twice_is_not_yet_a_failure() {
        assert!(asks(&[0.0, 1.0], [10, 0, 0, 99]).unresolved(&HostTtls::default()).is_empty());
    }

    #[test]
    fn address_probes_from_the_unspecified_address_are_not_questions() {
        let mut nb = Neighbors::default();
        for i in 0..4 {
            nb.observe(&msg(i, i as f64, NeighborOp::Request, [0, 0, 0, 0], [10, 0, 0, 99]));
        }
        assert!(nb.unresolved(&HostTtls::default()).is_empty());
    }
}
