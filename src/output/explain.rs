//! `packets --explain`: a sentence or two in plain words under each packet,
//! in the manner of the seed articles that teach TCP by telling each packet
//! of a handshake, a close and a refusal ("The receiving host responds with
//! its own SYN flag and its initial sequence number …").
//!
//! Every fact comes from the packet's summary and from flow's connection
//! model through [`Step`] (both endpoints' states before and after the
//! packet, sequence analysis); this module only chooses the words.

use crate::analysis::steps::Step;
use crate::flow::{AnalysisFlags, TcpState};
use crate::names::icmp::{IcmpType, Icmpv6Type};
use crate::wire::summary::{IcmpDigest, TcpDigest, Transport};
use crate::wire::Summary;
use std::net::IpAddr;

/// The explanation of one packet, or `None` when there is nothing to say
/// beyond the tcpdump line (non-IP frames, later fragments).
pub fn explain(s: &Summary, step: Option<&Step>) -> Option<String> {
    match &s.transport {
        Transport::Tcp(t) => step.map(|st| tcp(s, t, st)),
        Transport::Icmp(i) => Some(icmp(s, i)),
        Transport::Udp(u) => Some(format!(
            "{} sends a {}-byte UDP datagram to {} port {}: no connection, no acknowledgement; any answer or retry is up to the application.",
            s.src, u.payload_len, s.dst, u.dport
        )),
        Transport::Other { proto, .. } if s.fragment.is_some_and(|f| f.offset > 0) => {
            Some(format!("A later fragment of a datagram from {} (IP protocol {proto}): the receiver reassembles it before anything reads it.", s.src))
        }
        Transport::Other { .. } => None,
    }
}

/// "the client (10.0.0.1)" or "the server (10.0.0.2)".
fn who(step: &Step, sender: bool) -> String {
    let client = step.from_client == sender;
    let addr = if client { step.client.addr } else { step.server.addr };
    format!("the {} ({addr})", if client { "client" } else { "server" })
}

fn cap(s: String) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// A duration in words: "200 ms", "1.0 s", "85 µs".
pub fn span(secs: f64) -> String {
    if secs < 1e-3 {
        format!("{:.0} µs", secs * 1e6)
    } else if secs < 1.0 {
        format!("{:.0} ms", secs * 1e3)
    } else {
        format!("{secs:.1} s")
    }
}

/// "offers a 1460-byte MSS, window scaling ×128 and SACK".
fn offers(t: &TcpDigest) -> String {
    let o = &t.options;
    let mut v = Vec::new();
    if let Some(m) = o.mss {
        v.push(format!("a {m}-byte MSS"));
    }
    if let Some(w) = o.wscale {
        v.push(format!("window scaling ×{}", 1u32 << w.min(14)));
    }
    if o.sack_permitted {
        v.push("SACK".to_string());
    }
    if o.timestamps.is_some() {
        v.push("timestamps".to_string());
    }
    match v.len() {
        0 => "offers no options (the peer falls back to a 536-byte MSS, no scaling, no SACK)".into(),
        1 => format!("offers {}", v[0]),
        n => format!("offers {} and {}", v[..n - 1].join(", "), v[n - 1]),
    }
}

/// The states line: "Client state: SYN_SENT." or what changed.
fn states(step: &Step) -> String {
    let (b, a) = (step.before, step.after);
    let one = |name: &str, b: TcpState, a: TcpState| {
        if b == a {
            format!("{name}: {a}")
        } else {
            format!("{name}: {b} → {a}")
        }
    };
    match step.server_heard {
        (_, false) => format!("Client state: {}.", a.0),
        (false, true) => format!("{}; server: {}.", one("Client", b.0, a.0), a.1),
        _ => format!("{}; {}.", one("Client", b.0, a.0), one("server", b.1, a.1)),
    }
}

fn tcp(s: &Summary, t: &TcpDigest, st: &Step) -> String {
    let f = t.flags;
    let mut words = if f.rst() {
        reset(s, t, st)
    } else if f.syn() && !f.ack() {
        syn(s, t, st)
    } else if f.syn() {
        syn_ack(t, st)
    } else if f.fin() {
        fin(t, st)
    } else {
        segment(t, st)
    };
    let notes = analysis_notes(s, t, st);
    if !notes.is_empty() {
        words = format!("{notes} {words}");
    }
    format!("{words} {}", states(st))
}

fn syn(s: &Summary, t: &TcpDigest, st: &Step) -> String {
    if st.syn_sends > 1 {
        let after = st.prev_syn.map(|f| format!(", {} after the previous one", span(s.ts.secs_since(f)))).unwrap_or_default();
        return format!(
            "{} asks again (SYN number {}{after}): no SYN-ACK came back in time, so its kernel resends the same SYN with a doubled timeout.",
            cap(who(st, true)),
            st.syn_sends
        );
    }
    format!(
        "{} asks {} to open a connection to port {} (SYN). It starts its sequence numbers at {} and {}.",
        s.src, s.dst, t.dport, t.seq, offers(t)
    )
}

fn syn_ack(t: &TcpDigest, st: &Step) -> String {
    let again = if st.syn_sends > 1 { format!(" (again, SYN-ACK number {})", st.syn_sends) } else { String::new() };
    format!(
        "{} accepts{again} (SYN-ACK): it acknowledges the client's SYN (ack {}), starts its own sequence numbers at {} and {}. The client becomes ESTABLISHED when this arrives; the server once the client's ACK arrives.",
        cap(who(st, true)),
        t.ack,
        t.seq,
        offers(t)
    )
}

fn reset(s: &Summary, t: &TcpDigest, st: &Step) -> String {
    let in_handshake = st.before.0 == TcpState::SynSent || (st.new_connection && !st.from_client);
    if in_handshake && !st.from_client {
        return format!(
            "{} refuses the connection (RST): nothing listens on port {} there, or a firewall answers for it. The client's connect() fails with \"Connection refused\".",
            cap(who(st, true)),
            t.sport
        );
    }
    let _ = s;
    format!(
        "{} aborts the connection (RST): both sides drop it at once, without the FIN exchange; data not yet delivered is lost and the other application sees \"Connection reset by peer\".",
        cap(who(st, true))
    )
}

fn fin(t: &TcpDigest, st: &Step) -> String {
    let ((sb, _), (rb, _)) = st.sender_states();
    let data = if t.payload_len > 0 { format!(" after its last {} bytes", t.payload_len) } else { String::new() };
    let first = matches!(sb, TcpState::Established | TcpState::SynRecv) && rb != TcpState::FinWait1 && rb != TcpState::FinWait2;
    if first {
        format!(
            "{} has nothing more to send and closes its side (FIN){data}. It will end in TIME_WAIT (60 s, so late duplicates die out) once the other side's FIN arrives; the other side may still send.",
            cap(who(st, true))
        )
    } else {
        format!(
            "{} closes its side too (FIN){data}: once this is acknowledged it is CLOSED, while the side that closed first waits in TIME_WAIT.",
            cap(who(st, true))
        )
    }
}

/// Relative sequence number: bytes since the ISN.
fn rel(x: u32, isn: Option<u32>) -> Option<u32> {
    isn.map(|i| x.wrapping_sub(i).wrapping_sub(1))
}

fn segment(t: &TcpDigest, st: &Step) -> String {
    let (_, peer_isn) = st.sender_isn();
    let acked = rel(t.ack, peer_isn).filter(|a| *a > 0);
    let (sender, receiver) = st.sender_states();
    if sender.0 == TcpState::SynSent || (receiver.0 == TcpState::SynRecv && receiver.1 == TcpState::Established && t.payload_len == 0) {
        return format!("{} acknowledges the SYN-ACK: the three-way handshake is complete and both sides are now ESTABLISHED.", cap(who(st, true)));
    }
    if matches!(receiver.0, TcpState::LastAck | TcpState::Closing) && receiver.1 == TcpState::Closed {
        return format!("{} acknowledges the last FIN: it waits in TIME_WAIT for 60 s, the other side is CLOSED.", cap(who(st, true)));
    }
    if receiver == (TcpState::FinWait1, TcpState::FinWait2) {
        return format!("{} acknowledges the FIN; the other side now waits in FIN_WAIT2 for its FIN.", cap(who(st, true)));
    }
    let acks = acked.map(|a| format!(" (acknowledging {a} bytes received so far)")).unwrap_or_default();
    if t.payload_len > 0 {
        return format!("{} sends {} bytes of data{acks}.", cap(who(st, true)), t.payload_len);
    }
    match acked {
        Some(a) => format!("{} acknowledges {a} bytes received so far.", cap(who(st, true))),
        None => format!("{} sends an empty segment (ack {}).", cap(who(st, true)), t.ack),
    }
}

/// Retransmissions, duplicate ACKs, zero windows … before the main sentence.
fn analysis_notes(s: &Summary, t: &TcpDigest, st: &Step) -> String {
    let a = st.analysis.flags;
    let mut v: Vec<String> = Vec::new();
    if a.any(AnalysisFlags::SPURIOUS_RETRANSMISSION) {
        v.push("Spurious retransmission: these bytes were already acknowledged, so the first copy had arrived; the sender's timer fired too early or an ACK was lost.".into());
    } else if a.any(AnalysisFlags::FAST_RETRANSMISSION) {
        v.push("Fast retransmission: duplicate ACKs told the sender a segment was missing, so it resends at once instead of waiting for its timer.".into());
    } else if a.any(AnalysisFlags::RETRANSMISSION) && !t.flags.syn() {
        let after = st
            .advanced_at
            .map(|at| format!(" {} after the newest data was first sent", span(s.ts.secs_since(at).max(0.0))))
            .unwrap_or_default();
        v.push(format!("Retransmission: the same bytes again{after}: the first copy was not acknowledged in time."));
    } else if a.any(AnalysisFlags::OUT_OF_ORDER) {
        v.push("Out of order: this segment arrived after later ones (reordering in the path, or a quick retransmission).".into());
    }
    if a.any(AnalysisFlags::DUPLICATE_ACK) {
        v.push(format!(
            "Duplicate ACK #{}: the receiver still expects the same byte, so a segment before it is missing or late; after three, the sender retransmits fast.",
            st.analysis.dupack_num.max(1)
        ));
    }
    if a.any(AnalysisFlags::ZERO_WINDOW) {
        v.push(format!("Zero window: {} has no room left in its receive buffer (its application is not reading), so the peer must stop sending and probe.", who(st, true)));
    }
    if a.any(AnalysisFlags::ZERO_WINDOW_PROBE) {
        v.push("Zero-window probe: one byte to ask whether the receiver has room again.".into());
    }
    if a.any(AnalysisFlags::WINDOW_UPDATE) {
        v.push("Window update: the receiver has room again.".into());
    }
    if a.any(AnalysisFlags::KEEP_ALIVE) {
        v.push("Keep-alive: a probe to check the idle peer is still there.".into());
    }
    if a.any(AnalysisFlags::LOST_SEGMENT) {
        v.push("A segment before this one was not captured (a gap in the sequence numbers): lost before the capture point, or the capture dropped it.".into());
    }
    if a.any(AnalysisFlags::ACKED_UNSEEN) {
        v.push("This acknowledges data the capture never saw.".into());
    }
    v.join(" ")
}

fn icmp_name(i: &IcmpDigest) -> String {
    let n = if i.v6 { Icmpv6Type(i.kind).name() } else { IcmpType(i.kind).name() };
    n.map(str::to_lowercase).unwrap_or_else(|| format!("type {}", i.kind))
}

fn icmp_code(i: &IcmpDigest) -> Option<String> {
    let n = if i.v6 { Icmpv6Type(i.kind).code_name(i.code) } else { IcmpType(i.kind).code_name(i.code) };
    n.map(str::to_lowercase)
}

fn icmp(s: &Summary, i: &IcmpDigest) -> String {
    if i.is_echo_request() {
        return format!("{} pings {} (echo request id {}, seq {}): {} answers with an echo reply if it is up and allowed to.", s.src, s.dst, i.id, i.seq, s.dst);
    }
    if i.is_echo_reply() {
        return format!("{} answers the ping from {} (echo reply id {}, seq {}).", s.src, s.dst, i.id, i.seq);
    }
    if !i.is_error() {
        return format!("{} sends ICMP {} to {}.", s.src, icmp_name(i), s.dst);
    }
    let what = icmp_code(i).unwrap_or_else(|| icmp_name(i));
    let Some(q) = i.quoted else {
        return format!("{} reports {what} to {}, without a readable quote of the packet it is about.", s.src, s.dst);
    };
    let by = if s.src == q.dst { "The destination itself".to_string() } else { format!("A router ({})", s.src) };
    let proto = match q.proto {
        6 => "TCP",
        17 => "UDP",
        _ => "IP",
    };
    let syn = q.tcp_flags.is_some_and(|f| f.syn() && !f.ack());
    format!(
        "{by} reports {what}: it quotes the {proto}{} packet {} sent from port {} to {} port {}. {}",
        if syn { " SYN" } else { "" },
        q.src,
        q.sport,
        q.dst,
        q.dport,
        consequence(i, q.proto, syn, q.src)
    )
}

/// How Linux ends a connect() on a hard ICMP error (`icmp_err_convert`).
fn syn_error(i: &IcmpDigest) -> &'static str {
    let port = (!i.v6 && i.kind == 3 && i.code == 3) || (i.v6 && i.kind == 1 && i.code == 4);
    let net = (!i.v6 && i.kind == 3 && matches!(i.code, 0 | 6 | 11)) || (i.v6 && i.kind == 1 && i.code == 0);
    if port {
        "The connecting socket gives up at once instead of retrying its SYN: connect() fails with \"Connection refused\"."
    } else if net {
        "The connecting socket gives up at once instead of retrying its SYN: connect() fails with \"Network is unreachable\"."
    } else {
        "The connecting socket gives up at once instead of retrying its SYN: connect() fails with \"No route to host\"."
    }
}

/// What the quoted packet's sender does on this error (Linux).
fn consequence(i: &IcmpDigest, proto: u8, syn: bool, sender: IpAddr) -> &'static str {
    let _ = sender;
    let too_big = (!i.v6 && i.kind == 3 && i.code == 4) || (i.v6 && i.kind == 2);
    if too_big {
        return "The sender lowers its path MTU and resends in smaller packets; if such errors are filtered, large packets vanish (an MTU black hole).";
    }
    let exceeded = (!i.v6 && i.kind == 11) || (i.v6 && i.kind == 3);
    if exceeded {
        return "The packet's TTL ran out on the way: a routing loop, or a traceroute probe.";
    }
    if (!i.v6 && i.kind == 5) || (i.v6 && i.kind == 137) {
        return "The sender may use the better next hop the router suggests; nothing fails.";
    }
    match (proto, syn) {
        (6, true) => syn_error(i),
        (6, false) => "An established connection treats this as a soft error and keeps retransmitting until its timers expire.",
        (17, _) => "The sending socket sees the error (ECONNREFUSED on a connected UDP socket) on its next call; unconnected senders never notice.",
        _ => "The sender's network stack is told the packet was not delivered.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_naturally() {
        assert_eq!(span(0.2), "200 ms");
        assert_eq!(span(0.000085), "85 µs");
        assert_eq!(span(1.0), "1.0 s");
    }
}
