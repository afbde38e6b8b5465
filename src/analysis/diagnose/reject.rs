//! Connection attempts rejected by an answer: RST from the server (`refused`),
//! RST forged by a firewall (`middlebox_reset`), ICMP errors (`rejected_icmp`).
//!
//! A forged RST gives itself away by its TTL: the router's `REJECT
//! --reject-with tcp-reset` arrives with the router's initial TTL (64 on
//! Linux) while the server's packets arrive one hop lower, or — when no
//! other server packet exists — with an undecremented TTL from a server on
//! another subnet.

use super::ctx::{times, Ctx};
use super::finding::{Finding, Label, TcpState};
use super::model::{rst_meaning, Conn, Dir, IcmpErr, Pkt, RstMeaning};
use super::vantage::{hops, initial_ttl, same_subnet, side_ttl};

/// ICMP/ICMPv6 error names (RFC 792, RFC 1812 §5.2.7.1, RFC 4443 §3.1).
pub fn icmp_name(v6: bool, kind: u8, code: u8) -> String {
    let s = match (v6, kind, code) {
        (false, 3, 0) => "network unreachable",
        (false, 3, 1) => "host unreachable",
        (false, 3, 2) => "protocol unreachable",
        (false, 3, 3) => "port unreachable",
        (false, 3, 4) => "fragmentation needed",
        (false, 3, 6) => "destination network unknown",
        (false, 3, 7) => "destination host unknown",
        (false, 3, 9) => "network administratively prohibited",
        (false, 3, 10) => "host administratively prohibited",
        (false, 3, 13) => "communication administratively prohibited",
        (false, 3, _) => "destination unreachable",
        (false, 11, _) => "time exceeded",
        (false, 12, _) => "parameter problem",
        (false, 4, _) => "source quench",
        (false, 5, _) => "redirect",
        (true, 1, 0) => "no route to destination",
        (true, 1, 1) => "communication administratively prohibited",
        (true, 1, 2) => "beyond scope of source address",
        (true, 1, 3) => "address unreachable",
        (true, 1, 4) => "port unreachable",
        (true, 1, 5) => "source address failed ingress/egress policy",
        (true, 1, 6) => "reject route to destination",
        (true, 1, _) => "destination unreachable",
        (true, 2, _) => "packet too big",
        (true, 3, _) => "time exceeded",
        (true, 4, _) => "parameter problem",
        _ => "error",
    };
    format!("{} {} (type {kind} code {code})", if v6 { "ICMPv6" } else { "ICMP" }, s)
}

/// ICMP errors that end a connection attempt (not "fragmentation needed" or
/// "packet too big", which ask for smaller packets).
fn is_rejection(e: &IcmpErr) -> bool {
    match (e.v6, e.kind) {
        (false, 3) => e.code != 4,
        (true, 1) => true,
        (false, 11) | (true, 3) => true,
        _ => false,
    }
}

/// Admin-prohibited codes: a firewall said no.
fn is_admin(e: &IcmpErr) -> bool {
    matches!((e.v6, e.kind, e.code), (false, 3, 9 | 10 | 13) | (true, 1, 1 | 5 | 6))
}

/// `rejected_icmp` for a conversation whose packets drew an ICMP rejection
/// before any answer from the server.
pub fn icmp_rejection(c: &Conn, ctx: &Ctx<'_>) -> Option<Finding> {
    let e = c.icmp.iter().find(|e| e.quotes_c2s && is_rejection(e))?;
    let answered = c.dir_pkts(Dir::S2C).any(|p| p.ts < e.ts && (p.is_synack() || c.proto == super::model::Proto::Udp));
    if answered {
        return None;
    }
    let mut f = ctx.base(c, Label::RejectedIcmp);
    let name = icmp_name(e.v6, e.kind, e.code);
    let by_server = e.sender == c.server;
    let sender = if by_server { format!("the server {} itself", e.sender) } else { format!("the router/firewall {}", e.sender) };
    f.client_state = if c.proto == super::model::Proto::Tcp { TcpState::Closed } else { TcpState::Unknown };
    f.server_state = TcpState::Unknown;
    let what = if c.proto == super::model::Proto::Tcp { "SYN" } else { "datagram" };
    f.summary = format!("{name} from {}", e.sender);
    let port_closed_udp = by_server && c.proto == super::model::Proto::Udp && matches!((e.v6, e.kind, e.code), (false, 3, 3) | (true, 1, 4));
    f.explanation = format!(
        "The client {} sent a {what} to {} port {}/{} and {} answered with {}, quoting that {what}{}. {}",
        c.client,
        c.server,
        c.sport,
        c.proto.as_str(),
        sender,
        name,
        if c.icmp.len() > 1 { format!(" ({} errors in all)", c.icmp.len()) } else { String::new() },
        if port_closed_udp {
            "Nothing listens on that UDP port on the server.".to_string()
        } else if by_server {
            "The server host refuses it.".to_string()
        } else {
            format!(
                "The {what} never reached the server: a device on the path turned it away{}.",
                match c.dir_pkts(Dir::C2S).filter(|p| p.is_syn()).count() {
                    0 | 1 => ", and the client's connect() failed at once".to_string(),
                    n => format!(", and the client gave up after sending it {n} times"),
                }
            )
        }
    );
    f.likely_cause = if port_closed_udp {
        "No service bound to that UDP port (service down, wrong port, or wrong host).".into()
    } else if is_admin(e) {
        format!("A firewall rule on {} rejects the traffic (REJECT with {}).", e.sender, name)
    } else if by_server {
        "The server has no service on that port, or its host firewall rejects it.".into()
    } else {
        format!("A firewall rule on {} (REJECT) or a missing route.", e.sender)
    };
    f.next_check = if port_closed_udp {
        format!("On {}: `ss -lun` for a listener on port {}; the service's logs.", c.server, c.sport)
    } else {
        format!("The firewall rules and routes on {} for {} → {} port {}.", e.sender, c.client, c.server, c.sport)
    };
    let mut items: Vec<(u64, super::finding::Evidence)> = Vec::new();
    for p in c.dir_pkts(Dir::C2S) {
        items.push((p.frame, ctx.ev(c, p, if p.retrans { "sent again" } else { "the client's attempt" })));
    }
    for e in &c.icmp {
        items.push((e.frame, ctx.ev_icmp(e, format!("{} from {} (ttl {}) quoting the client's {what}", icmp_name(e.v6, e.kind, e.code), e.sender, e.ttl))));
    }
    items.sort_by(|a, b| a.1.ts.total_cmp(&b.1.ts).then(a.0.cmp(&b.0)));
    f.evidence = items.into_iter().map(|x| x.1).collect();
    Some(f)
}

/// Packets with one single TTL a host must have sent before an RST with
/// another TTL is called forged on host-level evidence alone.
pub const MIN_HOST_PACKETS: u64 = 10;

/// Why an RST from the server's address was probably not sent by the server.
///
/// Three readings, strongest first:
/// 1. the server's other packets *in this connection* arrive with another TTL;
/// 2. every other packet of the server in the capture arrives with one
///    single decremented TTL, and the RST arrives undecremented (made on the
///    capture's own link);
/// 3. no other server packet at all: captured at the client, the RST's TTL is
///    undecremented although the server sits on another subnet.
///
/// A host whose TTLs vary (a load-balanced address, several paths) gives no
/// host-level verdict: better `refused` than a wrong accusation.
pub fn forged_reason(c: &Conn, rst: &Pkt, ctx: &Ctx<'_>) -> Option<String> {
    if let Some(t) = side_ttl(c, Dir::S2C) {
        return (t != rst.ttl).then(|| {
            format!(
                "it arrived with TTL {} while the server's other packets in this connection arrive with TTL {} \
                 ({} hop(s) away vs {}): it was made by another device",
                rst.ttl,
                t,
                hops(rst.ttl),
                hops(t)
            )
        });
    }
    let seen = ctx.hosts.all(c.server);
    if let [t] = seen[..] {
        if ctx.hosts.count(c.server) < MIN_HOST_PACKETS {
            return None;
        }
        return (hops(rst.ttl) == 0 && hops(t) > 0 && initial_ttl(rst.ttl) == initial_ttl(t)).then(|| {
            format!(
                "it arrived with TTL {} while every other packet of the server arrives with TTL {} ({} hop(s) away \
                 vs {}): it was made on this link, closer than the server",
                rst.ttl,
                t,
                hops(rst.ttl),
                hops(t)
            )
        });
    }
    if !seen.is_empty() {
        return None;
    }
    let client_local = side_ttl(c, Dir::C2S).map(hops) == Some(0);
    (client_local && hops(rst.ttl) == 0 && !same_subnet(c.client, c.server)).then(|| {
        format!(
            "it arrived with TTL {} — not decremented, so it was made on the client's own link — although \
             the server {} is on another subnet, behind at least one router",
            rst.ttl, c.server
        )
    })
}

/// An answer faster than this share of the server's shortest SYN → SYN|ACK
/// time cannot have come from the server.
pub const TOO_FAST_SHARE: f64 = 0.1;
/// Handshakes with the server needed before its timing is trusted.
pub const MIN_TIMED_HANDSHAKES: u32 = 2;
/// Round trips shorter than this (seconds) are too short to judge by timing.
pub const MIN_JUDGED_RTT: f64 = 0.002;

/// Timing: the RST answered the SYN much faster than the server ever
/// answers a SYN (its SYN|ACKs on other connections), as seen here. Paths
/// and load balancers make timing alone too weak to relabel a refusal, so
/// it is reported as a caveat of `refused`.
fn too_fast(c: &Conn, rst: &Pkt, ctx: &Ctx<'_>) -> Option<String> {
    let (rtt, n) = *ctx.server_rtt.get(&c.server)?;
    if n < MIN_TIMED_HANDSHAKES {
        return None;
    }
    let syn = c.dir_pkts(Dir::C2S).filter(|p| p.is_syn() && p.ts <= rst.ts).last()?;
    let dt = rst.ts.secs_since(syn.ts);
    (rtt >= MIN_JUDGED_RTT && dt >= 0.0 && dt < rtt * TOO_FAST_SHARE).then(|| {
        format!(
            "it came back {:.3} ms after the SYN while the server takes at least {:.3} ms to answer a SYN here: \
             something closer than the server answered",
            dt * 1e3,
            rtt * 1e3
        )
    })
}

/// `refused` or `middlebox_reset` for an attempt answered by RST before any SYN|ACK.
pub fn reset_answer(c: &Conn, ctx: &Ctx<'_>) -> Option<Finding> {
    let first_sa = c.dir_pkts(Dir::S2C).find(|p| p.is_synack()).map(|p| p.ts);
    let rst = c.dir_pkts(Dir::S2C).find(|p| p.is_rst() && first_sa.is_none_or(|t| p.ts < t))?;
    if rst_meaning(c, rst) == RstMeaning::Ignored {
        // The handshake went on past it: injected, not the server's answer.
        return None;
    }
    let syns: Vec<&Pkt> = c.dir_pkts(Dir::C2S).filter(|p| p.is_syn()).collect();
    if syns.is_empty() && c.dir_pkts(Dir::C2S).next().is_some() {
        // An RST to a non-SYN probe (FIN/NULL/Xmas/ACK): not a refusal of a connection.
        return None;
    }
    let forged = forged_reason(c, rst, ctx);
    let mut f = ctx.base(c, if forged.is_some() { Label::MiddleboxReset } else { Label::Refused });
    f.client_state = TcpState::Closed;
    f.server_state = if forged.is_some() { TcpState::Unknown } else { TcpState::Closed };
    match forged {
        Some(why) => {
            f.summary = format!("RST that the server {} did not send (TTL {})", c.server, rst.ttl);
            f.explanation = format!(
                "The client {} sent a SYN to {} port {} and got an RST|ACK back that claims to come from the server, \
                 but {why}. A firewall or IPS on the path rejected the connection and forged the reset \
                 (iptables `REJECT --reject-with tcp-reset`); the SYN most likely never reached the server.",
                c.client, c.server, c.sport
            );
            f.likely_cause = "A firewall or IPS between the hosts rejects this port with a TCP reset.".into();
            f.next_check = format!(
                "Firewall rules (REJECT with tcp-reset) on the routers between {} and {}; a capture at the server will show no SYN.",
                c.client, c.server
            );
        }
        None => {
            f.summary = format!("connection refused by {} port {}", c.server, c.sport);
            f.explanation = format!(
                "The client {} sent a SYN to {} port {} and the server answered at once with RST|ACK{}: nothing listens \
                 on that port (\"connection refused\"). The reset's TTL {} fits the server's distance.",
                c.client,
                c.server,
                c.sport,
                if syns.is_empty() { String::new() } else { format!(" after {:.3} ms", rst.ts.nanos_since(syns[0].ts) as f64 / 1e6) },
                rst.ttl
            );
            if let Some(why) = too_fast(c, rst, ctx) {
                f.explanation.push_str(&format!(
                    " But note: {why}; if the TTL does not tell, a firewall near the client may have forged this reset — \
                     a capture at the server would settle it."
                ));
            }
            f.likely_cause = "The service is not running, listens on another port or address, or a host firewall rejects with RST.".into();
            f.next_check = format!("On {}: `ss -ltn` for a listener on port {}; the service's status and its bind address.", c.server, c.sport);
        }
    }
    for p in &c.pkts {
        let what = if p.is_rst() { "the reset".to_string() } else if p.is_syn() { "the attempt".into() } else { String::new() };
        f.evidence.push(ctx.ev(c, p, what));
    }
    if syns.len() > 1 {
        f.explanation.push_str(&format!(" The client sent its SYN {}.", times(syns.len())));
    }
    Some(f)
}
