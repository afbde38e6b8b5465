//! Listen-queue overflow (`listen_queue_full`): a server whose application
//! does not `accept()` fast enough. What the Linux kernel does, and so what
//! the connections to that one port show, from either end:
//! * the accept queue holds `backlog + 1` connections: their handshakes
//!   complete and the kernel ACKs their requests, which nobody ever reads
//!   (*queued*: ACKed, never served);
//! * a handshake ACK that finds the queue full is dropped (ListenOverflows):
//!   the client believes it is connected and retransmits its request with
//!   backoff, never acknowledged, while the server retransmits its SYN|ACK
//!   or (SYN cookies) nothing (*ignored*);
//! * with `tcp_abort_on_overflow=1` that ACK is answered by a RST instead
//!   (*reset*);
//! * SYNs arriving while the queue is full are dropped (ListenDrops): the
//!   client retransmits its SYN into silence (*SYN dropped*).
//!
//! No single connection proves it: one that is ignored looks like a dead
//! server, one that is queued like a slow application. Together, at one
//! port and at the same time, they are one finding: the server's kernel is
//! alive (it ACKs the queued requests) and drops or resets the rest.

use super::ctx::{list, round3, trim_evidence, Ctx};
use super::finding::{Finding, Label};
use super::handshake::Handshake;
use super::model::{seq_le, Conn, Dir, Proto};
use super::diagnose_conn;
use std::collections::HashSet;

/// What one connection shows of a full listen queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Request ACKed by the server's kernel, never answered.
    Queued,
    /// Handshake ACK and request ignored: nothing but SYN|ACKs came back.
    Ignored,
    /// Reset by the server right after the handshake, before any answer.
    Reset,
    /// SYN retransmitted, never answered.
    SynDropped,
}

/// Result of the detection.
pub struct Queue {
    /// One finding per overflowing port.
    pub findings: Vec<Finding>,
    /// Indices of the conversations folded into those findings.
    pub members: HashSet<usize>,
}

/// The role `c` plays in a listen-queue overflow, if any.
pub fn role(c: &Conn) -> Option<Role> {
    if c.proto != Proto::Tcp || !c.icmp.is_empty() {
        return None;
    }
    let served = c.dir_pkts(Dir::S2C).any(|p| p.len > 0 || p.is_fin());
    if served {
        return None;
    }
    let hs = Handshake::of(c);
    let Some(synack) = hs.synacks.first() else {
        let silent = c.seen[1] == 0 && hs.syns.len() >= 2;
        return silent.then_some(Role::SynDropped);
    };
    let ack = hs.ack?;
    // The server's packets after the client's handshake ACK, SYN|ACK retransmissions aside.
    let mut after = c.dir_pkts(Dir::S2C).filter(|p| p.ts >= ack.ts && !p.is_synack());
    match after.next() {
        Some(p) if p.is_rst() => Some(Role::Reset),
        Some(_) => {
            let client_data = c.dir_pkts(Dir::C2S).find(|p| p.len > 0)?;
            let end = client_data.seq.wrapping_add(client_data.len);
            let acked = c.dir_pkts(Dir::S2C).any(|p| p.flags.ack() && !p.is_rst() && seq_le(end, p.ack));
            let reset = c.dir_pkts(Dir::S2C).any(|p| p.is_rst());
            (acked && !reset).then_some(Role::Queued)
        }
        None => {
            let data_again = c.dir_pkts(Dir::C2S).any(|p| p.len > 0 && p.retrans);
            let synack_again = hs.synacks.iter().any(|p| p.ts > ack.ts && p.seq == synack.seq);
            (data_again || synack_again).then_some(Role::Ignored)
        }
    }
}

/// Finds ports whose connections, overlapping in time, show a full listen
/// queue: at least one queued (the kernel is alive and ACKs) and at least
/// one ignored, reset or with its SYNs dropped. `skip`: already explained.
pub fn detect(conns: &[Conn], ctx: &Ctx<'_>, skip: &HashSet<usize>) -> Queue {
    let mut q = Queue { findings: Vec::new(), members: HashSet::new() };
    let mut cand: Vec<(usize, Role)> = (0..conns.len()).filter(|i| !skip.contains(i)).filter_map(|i| role(&conns[i]).map(|r| (i, r))).collect();
    if cand.len() < 2 {
        return q;
    }
    let port = |i: usize| (conns[i].server, conns[i].sport);
    cand.sort_by_key(|&(i, _)| (port(i), conns[i].first_ts));
    for group in cand.chunk_by(|a, b| port(a.0) == port(b.0)) {
        for cluster in overlapping(conns, group) {
            let queued = cluster.iter().any(|m| m.1 == Role::Queued);
            let overflow = cluster.iter().any(|m| m.1 != Role::Queued);
            if queued && overflow && cluster.len() >= 2 {
                q.findings.push(finding(conns, ctx, &cluster));
                q.members.extend(cluster.iter().map(|m| m.0));
            }
        }
    }
    q
}

/// Splits one port's candidates (by start time) into clusters of
/// connections whose lifetimes overlap.
fn overlapping(conns: &[Conn], group: &[(usize, Role)]) -> Vec<Vec<(usize, Role)>> {
    let mut out: Vec<Vec<(usize, Role)>> = Vec::new();
    let mut end = crate::time::Timestamp::default();
    for &m in group {
        let c = &conns[m.0];
        match out.last_mut() {
            Some(cur) if c.first_ts <= end => {
                cur.push(m);
                end = end.max(c.last_ts);
            }
            _ => {
                out.push(vec![m]);
                end = c.last_ts;
            }
        }
    }
    out
}

fn count(cluster: &[(usize, Role)], r: Role) -> usize {
    cluster.iter().filter(|m| m.1 == r).count()
}

/// The one finding for a port's overflow, built on the first connection's
/// (its states, figures and flow record stay those of that connection).
fn finding(conns: &[Conn], ctx: &Ctx<'_>, cluster: &[(usize, Role)]) -> Finding {
    let first = &conns[cluster[0].0];
    let mut f = diagnose_conn(first, ctx);
    f.relabel(Label::ListenQueueFull);
    f.caveats.clear();
    let (queued, ignored, reset, dropped) =
        (count(cluster, Role::Queued), count(cluster, Role::Ignored), count(cluster, Role::Reset), count(cluster, Role::SynDropped));
    let clients: HashSet<_> = cluster.iter().map(|m| conns[m.0].client).collect();
    f.attempts = cluster.len() as u32;
    f.client_ports = cluster.iter().map(|m| conns[m.0].cport).collect();
    let last = cluster.iter().map(|m| conns[m.0].last_ts).max().unwrap_or(first.last_ts);
    f.figures.duration_s = round3(super::ctx::gap(first.first_ts, last));
    f.summary = format!(
        "listen queue of {}:{} full: {} connections ACKed but never served, {} more dropped or reset by the server's kernel",
        first.server,
        first.sport,
        queued,
        ignored + reset + dropped
    );
    let mut parts = vec![format!("{queued} had their handshake completed and their request acknowledged by the server's kernel, but the application never read it or answered")];
    if ignored > 0 {
        parts.push(format!("{ignored} completed the handshake as far as the client could tell, yet the server ignored their handshake ACK and every request retransmission that followed (the client retransmitted with backoff; the server sent nothing or only its SYN|ACK again)"));
    }
    if reset > 0 {
        parts.push(format!("{reset} were reset by the server right after the handshake, before any answer (tcp_abort_on_overflow)"));
    }
    if dropped > 0 {
        parts.push(format!("{dropped} never got an answer to their SYNs (retransmitted, dropped while the queue was full)"));
    }
    f.explanation = format!(
        "{} connections from {} client{} to {}:{} overlapped in time. Of them, {}. The server's kernel was alive — it acknowledged the queued requests — while it dropped or reset the rest: this is the listen (accept) queue overflowing because the application does not call accept() fast enough (backlog + 1 connections fit).",
        cluster.len(),
        clients.len(),
        if clients.len() == 1 { "" } else { "s" },
        first.server,
        first.sport,
        list(&parts).replace(", and ", "; and ")
    );
    f.likely_cause = format!("The application listening on port {} is hung, overloaded or accepts too slowly for its listen backlog.", first.sport);
    f.next_check = format!(
        "On {}: `ss -ltn 'sport = :{}'` (Recv-Q at Send-Q means the accept queue is full), `nstat -az TcpExtListenOverflows TcpExtListenDrops`, and what the application is doing (stack dump, thread pool, load); raise the backlog (listen() and net.core.somaxconn) only once it accepts again.",
        first.server, first.sport
    );
    f.evidence.clear();
    for m in cluster {
        let c = &conns[m.0];
        if let Some(p) = c.pkts.iter().find(|p| p.len > 0 || p.is_syn()) {
            let what = match m.1 {
                Role::Queued => "request ACKed by the server, never answered",
                Role::Ignored => "handshake ACK and request ignored by the server",
                Role::Reset => "reset by the server right after the handshake",
                Role::SynDropped => "SYN never answered",
            };
            f.evidence.push(ctx.ev(c, p, what));
        }
    }
    trim_evidence(&mut f.evidence);
    f
}
