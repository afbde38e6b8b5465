//! UDP conversations: answered, rejected by ICMP, or unanswered.

use super::ctx::Ctx;
use super::finding::{Finding, Label};
use super::model::{Conn, Dir};
use super::reject;

/// The finding for one UDP conversation.
pub fn diagnose(c: &Conn, ctx: &Ctx<'_>) -> Finding {
    if let Some(f) = reject::icmp_rejection(c, ctx) {
        return f;
    }
    if let Some(f) = super::dns::diagnose(c, ctx) {
        return f;
    }
    let (nc, ns) = (c.seen[0], c.seen[1]);
    if nc > 0 && ns > 0 {
        let mut f = ctx.base(c, Label::Answered);
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
