//! `host_unreachable`: the last router could not reach the target host.
//!
//! A router that must deliver to a host on its own link first asks ARP
//! (IPv6: neighbour discovery). When nobody answers, Linux gives up after
//! its probes (about 3 s: `ucast_solicit` × `retrans_time`) and answers every
//! queued packet with ICMP host unreachable (type 3 code 1; ICMPv6 type 1
//! code 3, address unreachable). A firewall's `REJECT --reject-with
//! icmp-host-unreachable` sends the same code at once: the delay tells the
//! two apart (a fast one stays `rejected_icmp`, "a REJECT rule").

use super::ctx::{gap, Ctx};
use super::finding::{Finding, Label, TcpState};
use super::model::{Conn, Dir, IcmpErr, Proto};
use super::reject::icmp_name;

/// Seconds after the quoted packet an ICMP host unreachable must come to be
/// the outcome of neighbour resolution (Linux: 3 probes 1 s apart; a
/// REJECT rule answers within milliseconds).
pub const NEIGHBOUR_TIMEOUT_S: f64 = 0.5;

fn host_unreachable(e: &IcmpErr) -> bool {
    matches!((e.v6, e.kind, e.code), (false, 3, 1) | (true, 1, 3))
}

/// The finding when a router reported the host unreachable after trying to reach it.
pub fn diagnose(c: &Conn, ctx: &Ctx<'_>) -> Option<Finding> {
    let e = c.icmp.iter().find(|e| e.quotes_c2s && host_unreachable(e) && e.sender != c.server)?;
    let first = c.dir_pkts(Dir::C2S).next()?;
    if e.ts.secs_since(first.ts) < NEIGHBOUR_TIMEOUT_S || c.dir_pkts(Dir::S2C).any(|p| p.ts < e.ts) {
        return None;
    }
    let mut f = ctx.base(c, Label::HostUnreachable);
    let name = icmp_name(e.v6, e.kind, e.code);
    let waited = gap(first.ts, e.ts);
    let what = if c.proto == Proto::Tcp { "SYN" } else { "datagram" };
    let sent = c.dir_pkts(Dir::C2S).count();
    f.client_state = if c.proto == Proto::Tcp { TcpState::Closed } else { TcpState::Unknown };
    // The target never got the SYN: it holds no connection.
    f.server_state = if c.proto == Proto::Tcp { TcpState::Closed } else { TcpState::Unknown };
    f.summary = format!("{} is unreachable: {name} from the router {} after {waited:.1} s", c.server, e.sender);
    f.explanation = format!(
        "The client {} sent a {what} to {} port {}/{} ({sent} packet(s)) and, {waited:.1} s after the first, the router {} \
         answered with {name}. A router says this when it tried to deliver on the target's own link and nobody answered \
         its ARP (neighbour discovery) requests: the host {} is down, disconnected, or its address is wrong. A firewall \
         REJECT rule would have answered at once.",
        c.client,
        c.server,
        c.sport,
        c.proto.as_str(),
        e.sender,
        c.server
    );
    f.likely_cause = format!("The host {} is powered off, unplugged, has another address, or is on another VLAN.", c.server);
    f.next_check = format!(
        "On the router {}: `ip neigh show {}` (FAILED/INCOMPLETE), whether the host is up and its link and address are right.",
        e.sender, c.server
    );
    for p in c.dir_pkts(Dir::C2S).take(6) {
        f.evidence.push(ctx.ev(c, p, if p.retrans { "sent again" } else { "the client's attempt" }));
    }
    for e in c.icmp.iter().take(4) {
        f.evidence.push(ctx.ev_icmp(e, format!("{} from {} (ttl {})", icmp_name(e.v6, e.kind, e.code), e.sender, e.ttl)));
    }
    f.evidence.sort_by(|a, b| a.ts.total_cmp(&b.ts));
    Some(f)
}
