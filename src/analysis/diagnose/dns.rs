//! DNS lookups that failed: no answer (`dns_no_answer`), no such name
//! (`dns_nxdomain`), the resolver failed (`dns_servfail`) or would not
//! answer us (`dns_refused`), over UDP or TCP. An answer with RCODE
//! NOERROR stays `answered` (UDP) or the connection's own outcome (TCP).
//!
//! Queries and responses are paired by the DNS message ID (RFC 1035 §4.1.1);
//! a query sent again with the same ID is a retry of the same lookup.

use super::app::{rcode_name, App};
use super::ctx::{secs_list, Ctx};
use super::finding::{Finding, Label};
use super::model::{Conn, Dir, Pkt, Proto};

/// Seconds without a response after which a query counts as unanswered
/// (resolvers retry after 1–5 s; a capture ending sooner proves nothing).
pub const NO_ANSWER_S: f64 = 1.0;

/// One DNS lookup in a conversation: the queries with one ID and the responses to them.
struct Lookup<'a> {
    id: u16,
    queries: Vec<&'a Pkt>,
    responses: Vec<&'a Pkt>,
}

fn lookups(c: &Conn) -> Vec<Lookup<'_>> {
    let mut v: Vec<Lookup<'_>> = Vec::new();
    for p in &c.pkts {
        let App::Dns { id, response, .. } = p.app else { continue };
        let query = !response && p.dir == Dir::C2S;
        let answer = response && p.dir == Dir::S2C;
        if !query && !answer {
            continue;
        }
        let i = match v.iter().position(|l| l.id == id) {
            Some(i) => i,
            None if query => {
                v.push(Lookup { id, queries: Vec::new(), responses: Vec::new() });
                v.len() - 1
            }
            None => continue,
        };
        if query {
            v[i].queries.push(p);
        } else {
            v[i].responses.push(p);
        }
    }
    v
}

fn rcode(p: &Pkt) -> u8 {
    match p.app {
        App::Dns { rcode, .. } => rcode,
        _ => 0,
    }
}

/// The label a failed lookup gets, by the worst response it got.
fn label_of(l: &Lookup<'_>, end: crate::time::Timestamp) -> Option<Label> {
    let Some(r) = l.responses.iter().map(|p| rcode(p)).find(|&r| r != 0) else {
        let last = l.queries.last()?;
        let waited = end.secs_since(last.ts);
        return (l.responses.is_empty() && (waited >= NO_ANSWER_S || l.queries.len() > 1)).then_some(Label::DnsNoAnswer);
    };
    if l.responses.iter().any(|p| rcode(p) == 0) {
        return None;
    }
    Some(match r {
        3 => Label::DnsNxdomain,
        5 => Label::DnsRefused,
        _ => Label::DnsServfail,
    })
}

/// The finding for a DNS conversation with a failed lookup (None: every
/// lookup was answered, or this is not DNS).
pub fn diagnose(c: &Conn, ctx: &Ctx<'_>) -> Option<Finding> {
    let ls = lookups(c);
    let bad: Vec<(&Lookup<'_>, Label)> = ls.iter().filter_map(|l| label_of(l, ctx.capture_end).map(|x| (l, x))).collect();
    let (l, label) = *bad.iter().min_by_key(|(_, x)| x.severity())?;
    let mut f = ctx.base(c, label);
    let q = l.queries[0];
    let retries = l.queries.len() - 1;
    let spacing: Vec<f64> = l.queries.windows(2).map(|w| super::ctx::gap(w[0].ts, w[1].ts)).collect();
    f.figures.spacing_s = spacing.clone();
    let tries = if retries == 0 {
        "once".to_string()
    } else {
        format!("{} times ({} retries, {} apart)", retries + 1, retries, secs_list(&spacing))
    };
    let over = if c.proto == Proto::Tcp { "TCP" } else { "UDP" };
    let lookup = format!("DNS query ID 0x{:04x} from {} to the resolver {} port {}/{over}", l.id, c.client, c.server, c.sport);
    let others = if bad.len() > 1 { format!(" ({} lookups on this socket failed)", bad.len()) } else { String::new() };
    match label {
        Label::DnsNoAnswer => {
            f.summary = format!("DNS query to {} unanswered, sent {tries}", c.server);
            f.explanation = format!(
                "The {lookup} was sent {tries} and no response came back, nor an ICMP error{others}. The lookup \
                 times out in the application (\"temporary failure in name resolution\")."
            );
            f.likely_cause = "The resolver is down or unreachable, a firewall drops DNS (or its replies), or the resolver \
                              itself waits on an upstream server that does not answer."
                .into();
            f.next_check = format!(
                "Whether {} answers at all (`dig @{} example.com`), firewall rules for port {}, and the resolver's upstreams.",
                c.server, c.server, c.sport
            );
        }
        _ => {
            let r = l.responses.iter().map(|p| rcode(p)).find(|&r| r != 0).unwrap_or(0);
            let after = super::ctx::gap(q.ts, l.responses[0].ts);
            f.summary = format!("DNS {} from {} (query sent {tries})", rcode_name(r), c.server);
            f.explanation = format!(
                "The {lookup} was sent {tries} and the resolver answered {} (RCODE {r}) after {after:.3} s{others}. {}",
                rcode_name(r),
                match label {
                    Label::DnsNxdomain => "The name does not exist: the lookup failed, not the network.",
                    Label::DnsRefused => "The resolver refused to answer this client: a policy, not the network.",
                    _ => "The resolver could not get an answer (its upstreams or the zone's servers failed, or DNSSEC validation failed).",
                }
            );
            (f.likely_cause, f.next_check) = match label {
                Label::DnsNxdomain => (
                    "A typo or stale name, a missing record, or a search-domain expansion that does not exist.".into(),
                    "The exact name queried (`tcpsleuth packets -r FILE port 53 -v`) and the zone's records.".into(),
                ),
                Label::DnsRefused => (
                    "The resolver's access list does not allow this client (allow-query / allow-recursion), or it is not a recursive resolver.".into(),
                    format!("The resolver {}'s ACLs for {}, or use the resolver this host is meant to use.", c.server, c.client),
                ),
                _ => (
                    "The resolver's upstream or the zone's authoritative servers are failing, or DNSSEC validation fails.".into(),
                    format!("The resolver {}'s logs; query the authoritative servers directly (`dig +trace`).", c.server),
                ),
            };
        }
    }
    for p in l.queries.iter().chain(l.responses.iter()).take(12) {
        let what = if p.dir == Dir::C2S {
            if p.ts > q.ts { "the query again (retry)".to_string() } else { "the query".into() }
        } else {
            format!("the response: {}", rcode_name(rcode(p)))
        };
        f.evidence.push(ctx.ev(c, p, what));
    }
    f.evidence.sort_by(|a, b| a.ts.total_cmp(&b.ts));
    Some(f)
}
