//! UDP conversations: answered, rejected by ICMP, or unanswered.

use super::ctx::Ctx;
use super::finding::{Finding, Label};
use super::model::{Conn, Dir, Proto};
use std::collections::HashSet;
use std::net::IpAddr;
use super::reject;

/// The finding for one UDP conversation.
pub fn diagnose(c: &Conn, ctx: &Ctx<'_>) -> Finding {
    if let Some(f) = reject::icmp_rejection(c, ctx) {
        return f;
    }
    if crate::flow::is_group_destination(c.server, c.sport) {
        return group(c, ctx);
    }
    if let Some(f) = super::dns::diagnose(c, ctx) {
        return f;
    }
    if let Some(name) = crate::wire::tunnel::udp_tunnel(c.cport, c.sport) {
        return tunnel(c, ctx, name);
    }
    let (nc, ns) = (c.seen[0], c.seen[1]);
    if nc > 0 && ns > 0 {
        let mut f = ctx.base(c, Label::Answered);
        if ctx.brief {
            return f;
        }
        f.summary = format!("{nc} datagram(s) answered by {ns}");
        f.explanation = format!(
            "The client {} sent {nc} datagram(s) ({} bytes) to {} port {}/udp and got {ns} back ({} bytes).",
            c.client, c.bytes[0], c.server, c.sport, c.bytes[1]
        );
        f.likely_cause = "Nothing wrong.".into();
        f.next_check = "Nothing to check.".into();
        for p in c.pkts.iter().take(6) {
            f.evidence.push(ctx.ev(c, p, ""));
        }
        return f;
    }
    let mut f = ctx.base(c, Label::NoResponse);
    if ns > 0 {
        f.relabel(Label::OneDirectionOnly);
        f.summary = "cannot tell: only the server's datagrams are in the capture".into();
        f.explanation = format!(
            "{} sent {ns} datagram(s) from port {} to {} port {} and nothing came the other way. Either \
             this is a one-way stream, or only one direction was captured: cannot tell.",
            c.server, c.sport, c.client, c.cport
        );
    } else if f.vantage == super::finding::Vantage::Server {
        f.summary = format!("{nc} datagram(s) arrived, no answer");
        f.explanation = format!(
            "{nc} datagram(s) ({} bytes) from {} reached {} port {}/udp (this capture is at the server) and no answer \
             and no ICMP error went back: the service read them and did not reply, nothing listens there and the host \
             suppresses ICMP errors (a host firewall DROP), or the protocol never answers.",
            c.bytes[0], c.client, c.server, c.sport
        );
        f.likely_cause = "A host firewall dropping the port, or a service that does not answer these requests.".into();
        f.next_check = format!("On {}: `ss -lun` for port {}, the host firewall, the service's logs.", c.server, c.sport);
    } else {
        f.summary = format!("{nc} datagram(s), no answer");
        f.explanation = format!(
            "The client {} sent {nc} datagram(s) ({} bytes) to {} port {}/udp and got nothing back: no answer, no \
             ICMP error. UDP has no handshake, so the datagrams may have been dropped on the way, ignored by the \
             service, or the answer lost on the way back — or the protocol never answers (syslog, some telemetry).",
            c.client, c.bytes[0], c.server, c.sport
        );
        f.likely_cause = "A firewall silently dropping the datagrams or the replies, or no service that answers on that port.".into();
        f.next_check = format!("Capture at {} to see whether the datagrams arrive; `ss -lun` there.", c.server);
    }
    for p in c.dir_pkts(Dir::C2S).chain(c.dir_pkts(Dir::S2C)).take(8) {
        f.evidence.push(ctx.ev(c, p, ""));
    }
    f
}

/// The outer datagrams of a UDP tunnel: silence the other way is normal.
fn tunnel(c: &Conn, ctx: &Ctx<'_>, name: &str) -> Finding {
    let mut f = ctx.base(c, Label::TunnelCarrier);
    let (nc, ns) = (c.seen[0], c.seen[1]);
    f.summary = format!("{name} tunnel: {nc} datagram(s) one way, {ns} the other");
    f.explanation = format!(
        "{} and {} exchange {name}-encapsulated packets on port {}/udp. Each tunnel endpoint sends on its own, \
         often from a source port chosen per inner flow, so datagrams without an answer on this socket pair are \
         normal; the connections inside the tunnel (where tcpsleuth can open it) are diagnosed on their own.",
        c.client, c.server, c.sport
    );
    f.likely_cause = "Nothing wrong.".into();
    f.next_check = "Nothing to check on the tunnel itself.".into();
    for p in c.pkts.iter().take(4) {
        f.evidence.push(ctx.ev(c, p, ""));
    }
    f
}

/// Datagrams to a group address: a query or announcement to whoever
/// listens; responders answer from their own unicast address, so no answer
/// from the group address is normal, never a failure.
fn group(c: &Conn, ctx: &Ctx<'_>) -> Finding {
    let mut f = ctx.base(c, Label::MulticastOrBroadcast);
    f.summary = format!("{} datagram(s) to the group address {}:{}", c.seen[0], c.server, c.sport);
    f.explanation = format!(
        "{} sent {} datagram(s) ({} bytes) to {} port {}/udp, a multicast or broadcast address: a query or announcement \
         to whoever listens on the link (mDNS, LLMNR, NetBIOS, SSDP, DHCP and the like). Responders, if any, answer from \
         their own address, so silence from the group address is normal.",
        c.client, c.seen[0], c.bytes[0], c.server, c.sport
    );
    f.likely_cause = "Nothing wrong: name and service discovery on the local link.".into();
    f.next_check = "Nothing to check (if a name never resolves, see which host should answer it).".into();
    for p in c.pkts.iter().take(4) {
        f.evidence.push(ctx.ev(c, p, ""));
    }
    f
}

/// Who queried which group service port: (querier, port).
pub fn group_queriers(conns: &[Conn]) -> HashSet<(IpAddr, u16)> {
    conns.iter().filter(|c| c.proto == Proto::Udp && c.seen[0] > 0 && crate::flow::is_group_destination(c.server, c.sport)).map(|c| (c.client, c.sport)).collect()
}

/// A DHCP server's reply (port 67 to 68) while a client without an address
/// (0.0.0.0) broadcast to port 67: the server answers to the address it
/// offers, not to the querier's (RFC 2131 §4.1).
fn dhcp_reply(f: &Finding, queriers: &HashSet<(IpAddr, u16)>) -> bool {
    f.server_port == 67 && f.client_port == 68 && queriers.contains(&(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), 67))
}

/// Relabels the one-sided UDP findings that are responders' unicast
/// replies to a group query (from the queried port to the querier): part
/// of discovery, not a conversation missing its other half.
pub fn replies_to_group(findings: &mut [Finding], queriers: &HashSet<(IpAddr, u16)>) {
    let replied = |f: &Finding| queriers.contains(&(f.client, f.server_port)) || dhcp_reply(f, queriers);
    for f in findings.iter_mut().filter(|f| f.proto == "udp" && replied(f)) {
        if matches!(f.label, Label::OneDirectionOnly | Label::NoResponse | Label::DnsNoAnswer) {
            f.relabel(Label::MulticastOrBroadcast);
            if dhcp_reply(f, queriers) {
                f.summary = format!("DHCP server {}'s reply to a broadcast request, sent to the offered address {}", f.server, f.client);
            } else {
                f.summary = format!("reply from {} to {}'s query to a group address", f.server, f.client);
            }
            f.explanation = format!(
                "{} answered from port {}/udp to {}, which had sent a query to a multicast or broadcast address on that \
                 port: the unicast reply of one responder in a discovery exchange (mDNS, LLMNR, NetBIOS, SSDP, DHCP).",
                f.server, f.server_port, f.client
            );
            f.likely_cause = "Nothing wrong: name and service discovery on the local link.".into();
            f.next_check = "Nothing to check.".into();
        }
    }
}
