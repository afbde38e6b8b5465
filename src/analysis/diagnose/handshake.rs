//! Handshakes that never completed: no answer, or an answer lost on the way.
//!
//! What each side's packets show (see the TCP-states seed notes):
//! * SYN dropped: the client retransmits its SYN (SYN_SENT); the server never
//!   sees it (LISTEN). Client side alone: `no_response`.
//! * SYN|ACK dropped: the client retransmits its SYN (SYN_SENT); the server
//!   sees every SYN and answers each, plus its own SYN|ACK retransmissions
//!   (SYN_RECV). Server side: duplicate SYNs + retransmitted SYN|ACKs.
//! * ACK dropped: the client is ESTABLISHED; the server retransmits the
//!   SYN|ACK (SYN_RECV) and never sees a duplicate SYN. Client side: its ACK,
//!   then SYN|ACK retransmissions, each answered by another ACK.

use super::ctx::{gap, round3, secs_list, times, Ctx};
use super::finding::{Caveat, Finding, Label, TcpState, Vantage};
use super::model::{Conn, Dir, Pkt};

/// The handshake packets of a connection.
pub struct Handshake<'a> {
    pub syns: Vec<&'a Pkt>,
    pub synacks: Vec<&'a Pkt>,
    /// The client's first ACK after a SYN|ACK.
    pub ack: Option<&'a Pkt>,
}

impl<'a> Handshake<'a> {
    /// Picks the handshake packets out of `c`.
    ///
    /// The ACK is the one acknowledging the SYN|ACK's ISN: TCP order, not
    /// timestamps, which a capture may record equal or a microsecond
    /// reversed. In a split handshake (RFC 9293 §3.5: the server answers
    /// the SYN with a SYN of its own, the client sends SYN|ACK, the server
    /// ACKs) the server's SYN plays the SYN|ACK and the client's SYN|ACK
    /// the ACK.
    pub fn of(c: &'a Conn) -> Self {
        let syns: Vec<&Pkt> = c.dir_pkts(Dir::C2S).filter(|p| p.is_syn()).collect();
        let mut synacks: Vec<&Pkt> = c.dir_pkts(Dir::S2C).filter(|p| p.is_synack()).collect();
        let split = synacks.is_empty();
        if split {
            synacks = c.dir_pkts(Dir::S2C).filter(|p| p.is_syn()).collect();
        }
        let ack = synacks.first().and_then(|sa| {
            c.dir_pkts(Dir::C2S).find(|p| {
                p.flags.ack() && p.flags.syn() == split && !p.is_rst() && p.ack == sa.seq.wrapping_add(1)
            })
        });
        if split && ack.is_none() {
            synacks.clear();
        }
        Handshake { syns, synacks, ack }
    }

    /// True when the handshake completed as far as this capture shows.
    pub fn completed(&self, c: &Conn) -> bool {
        let Some(ack) = self.ack else { return false };
        // The server proves it got the ACK by sending anything but SYN|ACKs
        // afterwards, or by not retransmitting its SYN|ACK.
        let server_moved_on = c.dir_pkts(Dir::S2C).any(|p| p.ts >= ack.ts && !p.is_synack());
        let synack_again = self.synacks.iter().any(|p| p.ts > ack.ts);
        server_moved_on || !synack_again || c.bytes[0] > 0 && c.bytes[1] > 0
    }
}

/// Spacing of consecutive packets, seconds.
fn spacing(v: &[&Pkt]) -> Vec<f64> {
    v.windows(2).map(|w| gap(w[0].ts, w[1].ts)).collect()
}

/// A finding for a handshake that did not complete, or `None` when it did
/// (or when there was no handshake to judge: mid-stream, RST, ICMP).
pub fn diagnose(c: &Conn, ctx: &Ctx<'_>) -> Option<Finding> {
    let hs = Handshake::of(c);
    if hs.syns.is_empty() && hs.synacks.is_empty() {
        return None;
    }
    if hs.completed(c) || c.pkts.iter().any(|p| p.is_rst()) || !c.icmp.is_empty() {
        return None;
    }
    let client_acks = c.dir_pkts(Dir::C2S).any(|p| p.flags.ack() && !p.flags.syn() && !p.is_rst());
    if hs.synacks.is_empty() && client_acks && c.seen[1] == 0 {
        return Some(only_client_side(c, ctx, &hs));
    }
    if hs.synacks.is_empty() {
        return Some(no_answer(c, ctx, &hs));
    }
    if let Some(ack) = hs.ack {
        return Some(ack_lost_seen_from_client(c, ctx, &hs, ack));
    }
    if hs.syns.is_empty() {
        return Some(only_synacks(c, ctx, &hs));
    }
    let first_sa = hs.synacks[0];
    let dup_syns: Vec<&Pkt> = hs.syns.iter().copied().filter(|p| p.ts >= first_sa.ts && p.retrans).collect();
    let sa_retrans: Vec<&Pkt> = hs.synacks.iter().copied().filter(|p| p.retrans).collect();
    if !dup_syns.is_empty() {
        Some(synack_lost(c, ctx, &hs, &dup_syns))
    } else if !sa_retrans.is_empty() {
        Some(ack_lost_seen_from_server(c, ctx, &hs))
    } else {
        Some(unfinished(c, ctx, &hs))
    }
}

fn push_all(f: &mut Finding, c: &Conn, ctx: &Ctx<'_>, hs: &Handshake<'_>) {
    let mut v: Vec<&Pkt> = hs.syns.iter().chain(hs.synacks.iter()).copied().collect();
    v.extend(c.dir_pkts(Dir::C2S).filter(|p| p.flags.ack() && !p.flags.syn()));
    v.sort_by_key(|p| (p.ts, p.frame));
    let mut completed = false;
    for p in v {
        let what = match (p.dir, p.is_syn(), p.is_synack(), p.retrans) {
            (_, true, _, false) => "the client opens the connection",
            (_, true, _, true) => "the client sends its SYN again: no SYN|ACK reached it",
            (_, _, true, false) => "the server accepts and answers",
            (_, _, true, true) => "the server sends its SYN|ACK again: no ACK reached it",
            // Only the first ACK completes the handshake; later ones carry on the connection.
            (Dir::C2S, ..) if !std::mem::replace(&mut completed, true) => "the client completes the handshake",
            (Dir::C2S, ..) if p.len > 0 => "the client's data",
            (Dir::C2S, ..) => "the client acknowledges",
            _ => "",
        };
        f.evidence.push(ctx.ev(c, p, what));
    }
}

fn no_answer(c: &Conn, ctx: &Ctx<'_>, hs: &Handshake<'_>) -> Finding {
    let mut f = ctx.base(c, Label::NoResponse);
    let n = hs.syns.len();
    let (first, last) = (hs.syns[0], hs.syns[n - 1]);
    f.figures.spacing_s = spacing(&hs.syns);
    f.figures.span_s = Some(gap(first.ts, last.ts));
    f.client_state = TcpState::SynSent;
    let waited = gap(last.ts, ctx.capture_end);
    f.summary = format!("{} SYN{} to {}:{}, no answer", n, if n == 1 { "" } else { "s" }, c.server, c.sport);
    let at_server = f.vantage == Vantage::Server;
    if at_server {
        f.server_state = TcpState::Unknown;
        f.explanation = format!(
            "The client {} sent a SYN to {} port {} {} (over {:.1} s) and the SYNs reached this capture point near the server, \
             but no SYN|ACK, RST or ICMP error ever went back. The client stays in SYN_SENT until it gives up.",
            c.client, c.server, c.sport, times(n), f.figures.span_s.unwrap_or(0.0)
        );
        f.likely_cause = "The server host drops the SYNs itself: a host firewall (iptables/nftables DROP, Windows firewall), \
                          a full accept backlog, or the service bound to another address."
            .into();
        f.next_check = format!(
            "On {}: `ss -ltn` for a listener on port {}, the host firewall rules and their drop counters, and `nstat` ListenOverflows/ListenDrops.",
            c.server, c.sport
        );
    } else {
        f.server_state = TcpState::Unknown;
        f.explanation = format!(
            "The client {} sent a SYN to {} port {} {} over {:.1} s ({}) and nothing came back: no SYN|ACK, no RST, no ICMP error; \
             the capture continued {:.1} s after the last SYN. The client sat in SYN_SENT and will report a connect timeout. \
             From this side alone it cannot be told whether the SYN was dropped on the way, the server is down or silently \
             dropping, or the server's SYN|ACK was dropped on the way back.",
            c.client,
            c.server,
            c.sport,
            times(n),
            f.figures.span_s.unwrap_or(0.0),
            if n > 1 { format!("retransmitted after {}", secs_list(&f.figures.spacing_s)) } else { "never retransmitted in this capture".into() },
            waited
        );
        f.likely_cause = "A firewall silently dropping the SYN or the SYN|ACK, a wrong route, or the server host down.".into();
        f.next_check = format!(
            "Capture at the server ({}) during a retry and run `tcpsleuth diagnose -r CLIENT.pcap --peer SERVER.pcap`: \
             no SYN there means the SYN is dropped in the path (syn_dropped_in_path); SYNs arriving and SYN|ACKs leaving \
             means the SYN|ACK is dropped on the way back (synack_dropped_in_path). Also check firewall drop counters on the path.",
            c.server
        );
    }
    push_all(&mut f, c, ctx, hs);
    f
}

fn synack_lost(c: &Conn, ctx: &Ctx<'_>, hs: &Handshake<'_>, dup_syns: &[&Pkt]) -> Finding {
    let mut f = ctx.base(c, Label::SynackDroppedInPath);
    f.client_state = TcpState::SynSent;
    f.server_state = TcpState::SynRecv;
    let (ns, na) = (hs.syns.len(), hs.synacks.len());
    f.figures.spacing_s = spacing(&hs.syns);
    f.figures.span_s = Some(gap(hs.syns[0].ts, hs.syns[ns - 1].ts));
    f.summary = format!("server answered {} with SYN|ACK, none reached the client", times(na));
    let where_ = if f.vantage == Vantage::Client {
        "The SYN|ACKs reach the client's interface, so the client host itself drops them (a host firewall)."
    } else {
        "Packets from the server to the client are dropped between this capture point and the client."
    };
    f.explanation = format!(
        "The client {} sent its SYN to {} port {} {}; the server received them and answered with a SYN|ACK {} \
         ({} of them retransmissions on its own timer), but the client kept retransmitting its SYN, \
         {} after the first SYN|ACK was sent: it never received any SYN|ACK. {} \
         The client is stuck in SYN_SENT, the server keeps a SYN_RECV request until it gives up.",
        c.client,
        c.server,
        c.sport,
        times(ns),
        times(na),
        hs.synacks.iter().filter(|p| p.retrans).count(),
        times(dup_syns.len()),
        where_
    );
    f.likely_cause = "A firewall or ACL between the hosts drops the server's SYN|ACK (replies from the server port), \
                      or asymmetric routing sends the replies through a stateful firewall that never saw the SYN."
        .into();
    f.next_check = format!(
        "Rules on the return path from {} port {} to {} (iptables FORWARD/OUTPUT, cloud security groups, stateful \
         firewalls that see only one direction); capture at the client to confirm nothing arrives.",
        c.server, c.sport, c.client
    );
    push_all(&mut f, c, ctx, hs);
    f
}

fn ack_lost_seen_from_server(c: &Conn, ctx: &Ctx<'_>, hs: &Handshake<'_>) -> Finding {
    let mut f = ctx.base(c, Label::AckDroppedInPath);
    f.client_state = TcpState::Established;
    f.server_state = TcpState::SynRecv;
    let na = hs.synacks.len();
    f.figures.spacing_s = spacing(&hs.synacks);
    f.summary = format!("server retransmitted its SYN|ACK {} times, the client's ACK never arrived", na - 1);
    f.explanation = format!(
        "The client {} sent one SYN to {} port {}; the server answered with a SYN|ACK and retransmitted it {} \
         ({} apart) because no ACK came back. The client did not send its SYN again, so it did receive \
         the SYN|ACK and considers the connection ESTABLISHED; its ACK (and anything it sends next) is lost before \
         reaching the server, which stays in SYN_RECV. The connection is half-open.",
        c.client,
        c.server,
        c.sport,
        times(na - 1),
        secs_list(&f.figures.spacing_s)
    );
    f.likely_cause = "A firewall between the hosts drops the client's packets after the SYN (e.g. a rule that allows \
                      only SYNs, or a stateful firewall that lost track of the connection). If the client address is \
                      spoofed or the client crashed, the same pattern appears."
        .into();
    f.next_check = format!(
        "Capture at the client ({}) to see whether it sends the ACK; check path firewall rules for ACK/established \
         packets from {} to {} port {}.",
        c.client, c.client, c.server, c.sport
    );
    push_all(&mut f, c, ctx, hs);
    f
}

fn ack_lost_seen_from_client(c: &Conn, ctx: &Ctx<'_>, hs: &Handshake<'_>, ack: &Pkt) -> Finding {
    let mut f = ctx.base(c, Label::AckDroppedInPath);
    f.client_state = TcpState::Established;
    f.server_state = TcpState::SynRecv;
    let again: Vec<&Pkt> = hs.synacks.iter().copied().filter(|p| p.ts > ack.ts).collect();
    f.figures.spacing_s = spacing(&hs.synacks);
    f.summary = format!("client's handshake ACK never reached the server ({} SYN|ACK retransmissions)", again.len());
    f.explanation = format!(
        "The client {} completed the handshake with {} port {}: it received the SYN|ACK and sent its ACK (frame {}). \
         But the server sent its SYN|ACK again {} after that, each answered by another ACK: none of the client's ACKs \
         reached the server. The client believes the connection is ESTABLISHED; the server stays in SYN_RECV and will \
         drop the request when its SYN|ACK retries run out. The connection is half-open.",
        c.client,
        c.server,
        c.sport,
        ack.frame,
        times(again.len())
    );
    f.likely_cause = "A firewall between the hosts drops the client's packets after the SYN (only SYNs allowed, or \
                      a stateful firewall that lost the connection)."
        .into();
    f.next_check = format!(
        "Check path firewall rules for non-SYN packets from {} to {} port {}; a capture at the server will show no ACK arriving.",
        c.client, c.server, c.sport
    );
    push_all(&mut f, c, ctx, hs);
    f
}

fn only_synacks(c: &Conn, ctx: &Ctx<'_>, hs: &Handshake<'_>) -> Finding {
    let mut f = ctx.base(c, Label::OneDirectionOnly);
    f.caveat(Caveat::OnlyOneDirectionCaptured);
    f.summary = "cannot tell: only the server's SYN|ACKs are in the capture".into();
    f.explanation = format!(
        "The capture holds {} SYN|ACK(s) from {} port {} to {} but no packet from the client. \
         Cannot tell: only one direction captured (asymmetric routing, or a capture filter), or the client's SYN \
         came before the capture started.",
        hs.synacks.len(),
        c.server,
        c.sport,
        c.client
    );
    f.likely_cause = "Asymmetric routing or a one-direction capture.".into();
    f.next_check = "Capture where both directions pass (on the server host itself, or both router interfaces).".into();
    push_all(&mut f, c, ctx, hs);
    f
}

fn unfinished(c: &Conn, ctx: &Ctx<'_>, hs: &Handshake<'_>) -> Finding {
    let mut f = ctx.base(c, Label::NoResponse);
    f.client_state = TcpState::SynSent;
    f.server_state = TcpState::SynRecv;
    let sa = hs.synacks[0];
    f.summary = "handshake unfinished when the capture ended".into();
    f.explanation = format!(
        "The client {} sent a SYN to {} port {} and the server answered with a SYN|ACK, but no ACK followed \
         and the capture ended {:.3} s later, before either side retransmitted. Cannot tell yet whether the \
         SYN|ACK or the ACK is lost.",
        c.client,
        c.server,
        c.sport,
        round3(ctx.capture_end.secs_since(sa.ts))
    );
    f.likely_cause = "The capture stopped too early, or a packet of the handshake is being dropped.".into();
    f.next_check = "Capture longer (at least 3 s after the SYN) and at both ends.".into();
    push_all(&mut f, c, ctx, hs);
    f
}

fn only_client_side(c: &Conn, ctx: &Ctx<'_>, hs: &Handshake<'_>) -> Finding {
    let mut f = ctx.base(c, Label::OneDirectionOnly);
    f.caveat(Caveat::OnlyOneDirectionCaptured);
    f.summary = "cannot tell: only the client's packets are in the capture".into();
    f.explanation = format!(
        "The client {} sent a SYN to {} port {} and then ACKs{}, which it only does after receiving the server's \
         SYN|ACK; yet no packet from the server is in the capture. Cannot tell: only one direction captured \
         (asymmetric routing, or a capture filter), so nothing can be concluded about the server's answers.",
        c.client,
        c.server,
        c.sport,
        if c.bytes[0] > 0 { format!(" and {} bytes of data", c.bytes[0]) } else { String::new() }
    );
    f.likely_cause = "Asymmetric routing: the server's replies take another path past the capture point.".into();
    f.next_check = "Capture where both directions pass (on the client host itself, or on both paths).".into();
    push_all(&mut f, c, ctx, hs);
    f
}
