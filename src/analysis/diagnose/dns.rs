//! DNS lookups that failed: no answer (`dns_no_answer`), no such name
//! (`dns_nxdomain`), the resolver failed (`dns_servfail`) or would not
//! answer us (`dns_refused`), over UDP or TCP. An answer with RCODE
//! NOERROR stays `answered` (UDP) or the connection's own outcome (TCP).
//!
//! Queries and responses are paired by the DNS message ID (RFC 1035 §4.1.1).
//! A query sent again with the same ID, or for the same name within
//! [`RETRY_WINDOW_S`] (glibc and most stubs take a new ID per try), is a
//! retry of the same lookup; the name and type come from [`super::questions`].
//! A lone query the capture ended too soon after is not a failure: the
//! finding says the capture ended before an answer could arrive.

use super::app::{rcode_name, App};
use super::attempts::RETRY_WINDOW_S;
use super::ctx::{list, secs_list, Ctx};
use super::finding::{Caveat, Finding, Label};
use super::model::{Conn, Dir, Pkt, Proto};
use super::questions::{type_name, DnsLookup};

/// Seconds without a response after which a query counts as unanswered
/// (resolvers retry after 1–5 s; a capture ending sooner proves nothing).
pub const NO_ANSWER_S: f64 = 1.0;

/// One DNS lookup in a conversation: the queries for one name (or, when the
/// capture does not hold the question, with one ID) and the responses to them.
struct Lookup<'a> {
    /// The name asked, when the question was captured.
    name: Option<String>,
    /// Query types asked, in order of first query.
    qtypes: Vec<u16>,
    ids: Vec<u16>,
    queries: Vec<&'a Pkt>,
    responses: Vec<&'a Pkt>,
}

impl Lookup<'_> {
    /// Times each type was asked: 1 + retries.
    fn tries(&self) -> usize {
        self.queries.len().div_ceil(self.qtypes.len().max(1))
    }
}

/// The lookup a query joins: the one with its ID (a retry with the same ID),
/// else the latest one for the same name, while retries are still plausible.
fn join(v: &[Lookup<'_>], id: u16, name: Option<&str>, p: &Pkt) -> Option<usize> {
    v.iter().position(|l| l.ids.contains(&id)).or_else(|| {
        let name = name?;
        v.iter().rposition(|l| {
            l.name.as_deref() == Some(name) && l.queries.last().is_some_and(|q| p.ts.secs_since(q.ts) <= RETRY_WINDOW_S)
        })
    })
}

fn lookups<'a>(c: &'a Conn, ctx: &Ctx<'_>) -> Vec<Lookup<'a>> {
    let mut v: Vec<Lookup<'a>> = Vec::new();
    for p in &c.pkts {
        let App::Dns { id, response, .. } = p.app else { continue };
        let query = !response && p.dir == Dir::C2S;
        if !query && !(response && p.dir == Dir::S2C) {
            continue;
        }
        if !query {
            if let Some(i) = v.iter().position(|l| l.ids.contains(&id)) {
                v[i].responses.push(p);
            }
            continue;
        }
        let q = ctx.questions.get((c.client, c.cport), (c.server, c.sport), id);
        let i = join(&v, id, q.map(|q| q.name.as_str()), p).unwrap_or_else(|| {
            v.push(Lookup { name: q.map(|q| q.name.clone()), qtypes: Vec::new(), ids: Vec::new(), queries: Vec::new(), responses: Vec::new() });
            v.len() - 1
        });
        let l = &mut v[i];
        l.queries.push(p);
        if !l.ids.contains(&id) {
            l.ids.push(id);
        }
        if let Some(t) = q.and_then(|q| q.qtype).filter(|t| !l.qtypes.contains(t)) {
            l.qtypes.push(t);
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

/// What became of a lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Failed: the label says how.
    Failed(Label),
    /// Unanswered, but the capture ended before an answer could arrive.
    Pending,
}

/// The outcome of a lookup that did not get a NOERROR answer (None: it did).
fn outcome(l: &Lookup<'_>, end: crate::time::Timestamp) -> Option<Outcome> {
    let Some(r) = l.responses.iter().map(|p| rcode(p)).find(|&r| r != 0) else {
        let last = l.queries.last()?;
        // A retry is the client's own verdict that the earlier query went unanswered.
        let proven = end.secs_since(last.ts) >= NO_ANSWER_S || l.tries() > 1;
        return l.responses.is_empty().then_some(if proven { Outcome::Failed(Label::DnsNoAnswer) } else { Outcome::Pending });
    };
    if l.responses.iter().any(|p| rcode(p) == 0) {
        return None;
    }
    Some(Outcome::Failed(match r {
        3 => Label::DnsNxdomain,
        5 => Label::DnsRefused,
        _ => Label::DnsServfail,
    }))
}

/// "www.example.com (A and AAAA)", or the message ID when the question was not captured.
fn asked(l: &Lookup<'_>) -> String {
    let types: Vec<String> = l.qtypes.iter().map(|&t| type_name(t)).collect();
    match &l.name {
        Some(n) if types.is_empty() => format!("for {n}"),
        Some(n) => format!("for {n} ({})", list(&types)),
        None => format!("ID 0x{:04x}", l.ids.first().copied().unwrap_or(0)),
    }
}

/// The figures of a lookup.
fn figures(l: &Lookup<'_>, c: &Conn) -> DnsLookup {
    let r = l.responses.iter().map(|p| rcode(p)).find(|&r| r != 0);
    DnsLookup {
        qname: l.name.clone().unwrap_or_default(),
        qtypes: l.qtypes.iter().map(|&t| type_name(t)).collect(),
        resolver: c.server.to_string(),
        queries: l.queries.len() as u32,
        tries: l.tries() as u32,
        rcode: r.map(|r| rcode_name(r).to_string()),
    }
}

/// The finding for a DNS conversation with a failed lookup (None: every
/// lookup was answered, or this is not DNS). Over UDP, a lookup the capture
/// ended too soon after gets a healthy finding with the caveat that its
/// answer could not be seen; over TCP the connection's own outcome stands.
pub fn diagnose(c: &Conn, ctx: &Ctx<'_>) -> Option<Finding> {
    let ls = lookups(c, ctx);
    let all: Vec<(&Lookup<'_>, Outcome)> = ls.iter().filter_map(|l| outcome(l, ctx.capture_end).map(|o| (l, o))).collect();
    let (expanded, bad): (Vec<_>, Vec<_>) = all
        .iter()
        .filter_map(|&(l, o)| if let Outcome::Failed(x) = o { Some((l, x)) } else { None })
        .partition(|&(l, x)| x != Label::DnsNoAnswer && search_base(l, c, ctx).is_some());
    let Some(&(l, label)) = bad.iter().min_by_key(|(_, x)| x.severity()) else {
        if let Some(&(l, _)) = expanded.first() {
            return Some(expansion(c, ctx, l));
        }
        let l = all.first().map(|(l, _)| *l).filter(|_| c.proto == Proto::Udp && c.seen[1] == 0)?;
        return Some(pending(c, ctx, l));
    };
    let mut f = ctx.base(c, label);
    f.figures.dns = Some(figures(l, c));
    f.figures.spacing_s = l.queries.windows(2).map(|w| super::ctx::gap(w[0].ts, w[1].ts)).collect();
    let tries = tries_text(l, &f.figures.spacing_s);
    let over = if c.proto == Proto::Tcp { "TCP" } else { "UDP" };
    let lookup = format!("DNS query {} from {} to the resolver {} port {}/{over}", asked(l), c.client, c.server, c.sport);
    let others = if bad.len() > 1 { format!(" ({} lookups on this socket failed)", bad.len()) } else { String::new() };
    if label == Label::DnsNoAnswer {
        no_answer_text(&mut f, c, l, &lookup, &tries, &others);
    } else {
        rcode_text(&mut f, c, l, label, &lookup, &tries, &others);
    }
    evidence(&mut f, c, ctx, l);
    Some(f)
}

/// "once" / "3 times (2 retries, 1.000 s and 1.001 s apart)" / per type when several were asked.
fn tries_text(l: &Lookup<'_>, spacing: &[f64]) -> String {
    let (n, each) = (l.tries(), if l.qtypes.len() > 1 { " each" } else { "" });
    match n {
        1 => format!("once{each}"),
        _ if l.qtypes.len() > 1 => format!("{n} times each ({} retries, {} queries in all)", n - 1, l.queries.len()),
        _ => format!("{n} times ({} retries, {} apart)", n - 1, secs_list(spacing)),
    }
}

fn no_answer_text(f: &mut Finding, c: &Conn, l: &Lookup<'_>, lookup: &str, tries: &str, others: &str) {
    let what = l.name.as_deref().map(|n| format!(" for {n}")).unwrap_or_default();
    f.summary = format!("DNS query{what} to {} unanswered (asked {})", c.server, super::ctx::times(l.tries()));
    f.explanation = format!(
        "The {lookup} was sent {tries} and no response came back, nor an ICMP error{others}. The lookup \
         times out in the application (\"temporary failure in name resolution\")."
    );
    f.likely_cause = "The resolver is down or unreachable, a firewall drops DNS (or its replies), or the resolver \
                      itself waits on an upstream server that does not answer."
        .into();
    let name = l.name.as_deref().unwrap_or("example.com");
    f.next_check = format!(
        "Whether {} answers at all (`dig @{} {name}`), firewall rules for port {}, and the resolver's upstreams.",
        c.server, c.server, c.sport
    );
}

fn rcode_text(f: &mut Finding, c: &Conn, l: &Lookup<'_>, label: Label, lookup: &str, tries: &str, others: &str) {
    let r = l.responses.iter().map(|p| rcode(p)).find(|&r| r != 0).unwrap_or(0);
    let after = l.responses.first().map(|p| super::ctx::gap(l.queries[0].ts, p.ts)).unwrap_or(0.0);
    let what = l.name.as_deref().map(|n| format!(" for {n}")).unwrap_or_default();
    f.summary = format!("DNS {}{what} from {} (asked {})", rcode_name(r), c.server, super::ctx::times(l.tries()));
    f.explanation = format!(
        "The {lookup} was sent {tries} and the resolver answered {} (RCODE {r}) after {after:.3} s{others}. {}",
        rcode_name(r),
        match label {
            Label::DnsNxdomain => "The name does not exist: the lookup failed, not the network.",
            Label::DnsRefused => "The resolver refused to answer this client: a policy, not the network.",
            _ => "The resolver could not get an answer (its upstreams or the zone's servers failed, or DNSSEC validation failed).",
        }
    );
    let name = l.name.as_deref().unwrap_or("the name");
    (f.likely_cause, f.next_check) = match label {
        Label::DnsNxdomain => (
            "A typo or stale name, a missing record, or a search-domain expansion that does not exist.".into(),
            format!("The exact name queried ({name}) and the zone's records (`tcpsleuth packets -r FILE port 53 -v`)."),
        ),
        Label::DnsRefused => (
            "The resolver's access list does not allow this client (allow-query / allow-recursion), or it is not a recursive resolver.".into(),
            format!("The resolver {}'s ACLs for {}, or use the resolver this host is meant to use.", c.server, c.client),
        ),
        _ => (
            "The resolver's upstream or the zone's authoritative servers are failing, or DNSSEC validation fails.".into(),
            format!("The resolver {}'s logs; query the authoritative servers directly (`dig +trace {name}`).", c.server),
        ),
    };
}

/// The name a lookup's name was expanded from by the client's search list.
fn search_base<'l>(l: &'l Lookup<'_>, c: &Conn, ctx: &Ctx<'_>) -> Option<&'l str> {
    ctx.questions.search_base(c.client, l.name.as_deref()?)
}

/// An error answer (NXDOMAIN, or a resolver that refuses or fails names in
/// a domain it does not serve) for a search-list candidate: healthy, the
/// bare name was asked too and is judged on its own answer. An unanswered
/// candidate is not healthy: the client waited out its timeout.
fn expansion(c: &Conn, ctx: &Ctx<'_>, l: &Lookup<'_>) -> Finding {
    let mut f = ctx.base(c, Label::Answered);
    f.relabel(Label::DnsSearchExpansion);
    f.figures.dns = Some(figures(l, c));
    let name = l.name.as_deref().unwrap_or_default();
    let base = search_base(l, c, ctx).unwrap_or(name);
    let domain = name.get(base.len() + 1..).unwrap_or_default();
    let rcode = rcode_name(l.responses.iter().map(|p| rcode(p)).find(|&r| r != 0).unwrap_or(3));
    f.summary = format!("DNS {rcode} for the search-list candidate {name} ({base} + search domain {domain}): expected");
    f.explanation = format!(
        "The client {} asked the resolver {} for {name}, which is {base} with the search domain {domain} appended, and \
         got {rcode}; it also asked for {base} itself. Stub resolvers (glibc, musl, Windows) try a name with each \
         search domain of resolv.conf, before or after the bare name as `ndots` decides, so an error for a \
         candidate is how the search works. The lookup of {base} is judged on its own answer.",
        c.client, c.server
    );
    f.likely_cause = "Nothing wrong: a search-domain expansion.".into();
    f.next_check = format!(
        "Nothing, unless these extra queries cost time: ask for the absolute name (\"{base}.\") or lower `ndots` in resolv.conf."
    );
    evidence(&mut f, c, ctx, l);
    f
}

/// A lookup sent less than [`NO_ANSWER_S`] before the capture ended, never
/// retried: no resolver or client timeout had run out, so nothing is known.
fn pending(c: &Conn, ctx: &Ctx<'_>, l: &Lookup<'_>) -> Finding {
    let mut f = ctx.base(c, Label::Answered);
    f.relabel(Label::DnsPending);
    f.caveat(Caveat::CaptureEndedBeforeAnswer);
    f.figures.dns = Some(figures(l, c));
    let left = l.queries.last().map(|q| super::ctx::gap(q.ts, ctx.capture_end)).unwrap_or(0.0);
    f.summary = format!("DNS query {} to {}: the capture ended before an answer could arrive", asked(l), c.server);
    f.explanation = format!(
        "The client {} sent the DNS query {} to {} port {} and the capture holds only {left:.3} s after it. Answers \
         can take up to about a second and clients retry after 1–5 s, so the capture cannot tell whether it was answered.",
        c.client,
        asked(l),
        c.server,
        c.sport
    );
    f.likely_cause = "Nothing known to be wrong: the capture stopped too soon.".into();
    f.next_check = "A longer capture, if this lookup matters.".into();
    evidence(&mut f, c, ctx, l);
    f
}

fn evidence(f: &mut Finding, c: &Conn, ctx: &Ctx<'_>, l: &Lookup<'_>) {
    // What each query asked: (ID, type), to tell a retry from a parallel query.
    let mut asked: Vec<(u16, Option<u16>)> = Vec::new();
    for p in l.queries.iter().chain(l.responses.iter()).take(12) {
        let App::Dns { id, .. } = p.app else { continue };
        let q = ctx.questions.get((c.client, c.cport), (c.server, c.sport), id);
        let what = if p.dir == Dir::C2S {
            let qtype = q.and_then(|q| q.qtype);
            let again = asked.iter().any(|&(i, t)| i == id || (t.is_some() && t == qtype));
            asked.push((id, qtype));
            let text = q.map(|q| format!(" {}? {}", q.qtype.map(type_name).unwrap_or_default(), q.name)).unwrap_or_default();
            format!("the query{text}{}", if again { " again (retry)" } else { "" })
        } else {
            format!("the response: {}", rcode_name(rcode(p)))
        };
        f.evidence.push(ctx.ev(c, p, what));
    }
    f.evidence.sort_by(|a, b| a.ts.total_cmp(&b.ts));
}
