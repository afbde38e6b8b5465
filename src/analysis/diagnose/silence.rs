//! Mid-connection silence: one side retransmits with backoff and the answer
//! never comes. Who is silent, and what the capture proves:
//! * nothing at all comes back: the peer went silent (`server_went_silent`,
//!   or `half_open` when it is the client that vanished); after a long idle
//!   gap while new connections to the same server still work, a middlebox
//!   forgot the connection (`idle_timeout_by_middlebox`);
//! * the capture shows the peer acknowledging the very data that is being
//!   retransmitted: its ACKs stop arriving (`path_broken`, peer → sender);
//! * the peer keeps sending but never acknowledges: the sender's packets
//!   stop arriving (`path_broken`, sender → peer).
//!
//! At the client's own interface the missing answers are the finding: a
//! one-direction capture is a caveat only when the other side could have
//! been talking unseen.

use super::ctx::{gap, secs_list, Ctx};
use super::finding::{Caveat, Finding, Label, TcpState};
use super::model::{seq_le, Conn, Dir, Pkt};
use super::progress::{acked_by, idle_before, other, seg_end, stuck, Stuck};

/// Retransmissions of one segment, with backoff, that make a silence.
pub const MIN_RETRANS: usize = 2;
/// Seconds of idleness before data that make the idle gap part of the story.
pub const IDLE_GAP_S: f64 = 3.0;

fn side_name(c: &Conn, d: Dir) -> String {
    match d {
        Dir::C2S => format!("client {}", c.client),
        Dir::S2C => format!("server {}", c.server),
    }
}

fn arrow(d: Dir) -> &'static str {
    match d {
        Dir::C2S => "client → server",
        Dir::S2C => "server → client",
    }
}

/// What the trailing retransmissions of `c` mean, written into `f`; false when there are none.
pub fn diagnose(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding) -> bool {
    let Some(s) = stuck(c, MIN_RETRANS) else { return false };
    if !(s.backs_off() || s.retrans.len() > MIN_RETRANS) {
        return false;
    }
    let peer = other(s.side);
    let end = seg_end(s.first);
    let last_retrans = s.retrans.last().map(|p| p.ts).unwrap_or(s.first.ts);
    // The peer acknowledged this data before the sender gave up retransmitting it.
    if let Some(ack) = c.dir_pkts(peer).find(|p| p.ts >= s.first.ts && p.ts < last_retrans && p.flags.ack() && seq_le(end, p.ack)) {
        broken(c, ctx, f, &s, peer, ack, "its acknowledgements of that data (seen here) never reached the sender");
        return true;
    }
    if let Some(p) = s.heard_after(c).find(|p| !p.is_rst()) {
        let _ = acked_by(c, s.side, p.ts);
        broken(c, ctx, f, &s, s.side, s.first, "the other side kept sending but never acknowledged it: it is not receiving");
        return true;
    }
    let idle = idle_before(c, s.first).unwrap_or(0.0);
    if s.side == Dir::C2S && idle >= IDLE_GAP_S && ctx.new_connection_works(c, idle_start(c, s.first)) {
        idle_timeout(c, ctx, f, &s, idle);
    } else {
        went_silent(c, ctx, f, &s, idle);
    }
    true
}

/// When the idle gap before `p` began (the previous packet).
fn idle_start(c: &Conn, p: &Pkt) -> crate::time::Timestamp {
    c.pkts.iter().filter(|q| q.ts < p.ts).map(|q| q.ts).last().unwrap_or(p.ts)
}

fn evidence(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, s: &Stuck<'_>) {
    if let Some(p) = c.pkts.iter().filter(|p| p.ts < s.first.ts && p.dir != s.side).last() {
        f.evidence.push(ctx.ev(c, p, "the last packet from the other side before the silence"));
    }
    f.evidence.push(ctx.ev(c, s.first, "sent, never acknowledged"));
    for p in s.retrans.iter().take(10) {
        f.evidence.push(ctx.ev(c, p, "sent again (backoff)"));
    }
}

fn went_silent(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, s: &Stuck<'_>, idle: f64) {
    let gaps = s.gaps();
    let n = s.retrans.len();
    let waited = gap(s.first.ts, ctx.capture_end);
    let (who, gone) = (side_name(c, s.side), side_name(c, other(s.side)));
    if s.side == Dir::C2S {
        f.relabel(Label::ServerWentSilent);
        f.client_state = TcpState::Established;
    } else {
        f.relabel(Label::HalfOpen);
        f.server_state = TcpState::Established;
    }
    f.summary = format!("{gone} went silent: the {who} retransmitted {} bytes {n} times with backoff, nothing came back", s.first.len);
    f.explanation = format!(
        "Mid-connection the {who} sent {} bytes (frame {}{}) and retransmitted them {n} times, {} apart — the \
         retransmission timer backing off — and for {waited:.1} s nothing at all came back from the {gone}: no \
         acknowledgement, no data, no reset, no ICMP error. The {who} still believes the connection is ESTABLISHED \
         and will give up after its retries (about 15 minutes on Linux) with \"connection timed out\".",
        s.first.len,
        s.first.frame,
        if idle >= IDLE_GAP_S { format!(", after {idle:.1} s of idleness") } else { String::new() },
        secs_list(&gaps)
    );
    f.likely_cause = format!(
        "The {gone} crashed, lost power or its network, or everything between is dropping this connection's packets \
         (a broken path or a firewall that dropped its state)."
    );
    f.next_check = format!(
        "Whether {gone} is up and reachable now (ping, a new connection); a capture at the {gone}'s end shows whether the \
         retransmissions arrive (then the {gone} is stuck) or not (then the path is)."
    );
    evidence(c, ctx, f, s);
}

fn idle_timeout(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, s: &Stuck<'_>, idle: f64) {
    f.relabel(Label::IdleTimeoutByMiddlebox);
    f.figures.spacing_s = s.gaps();
    f.summary = format!(
        "data after {idle:.1} s of idleness was never answered, while new connections to {} still work",
        c.server
    );
    f.explanation = format!(
        "The connection to {} port {} sat idle for {idle:.1} s; then the client sent {} bytes (frame {}) and \
         retransmitted them {} times ({} apart) with no answer at all. Meanwhile new connections to the same server \
         completed their handshakes: the server and the path are up. A stateful device between them (NAT gateway, \
         firewall, load balancer) dropped this connection's state during the idle time and now drops its packets.",
        c.server,
        c.sport,
        s.first.len,
        s.first.frame,
        s.retrans.len(),
        secs_list(&s.gaps())
    );
    f.likely_cause = "An idle timeout on a NAT gateway, firewall or load balancer shorter than the application's idle time.".into();
    f.next_check = "The idle timeout of the stateful devices on the path (conntrack, NAT, LB); enable TCP keepalives \
                    shorter than it, or shorten the connection pool's idle time."
        .into();
    evidence(c, ctx, f, s);
}

fn broken(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, s: &Stuck<'_>, dir: Dir, since: &Pkt, why: &str) {
    f.relabel(Label::PathBroken);
    let who = side_name(c, s.side);
    f.summary = format!("path broken {} from {}: {who} retransmitted {} times", arrow(dir), super::ctx::clock(since.ts), s.retrans.len());
    f.explanation = format!(
        "The {} direction stopped arriving around frame {} ({:.3} s into the connection): the {who} retransmitted \
         {} bytes {} times ({} apart), and {why}. The other direction still works.",
        arrow(dir),
        since.frame,
        gap(c.first_ts, since.ts),
        s.first.len,
        s.retrans.len(),
        secs_list(&s.gaps())
    );
    f.likely_cause = "A link, route or firewall that drops one direction of this connection (asymmetric routing through a \
                      stateful device, a failed link in one direction, a policy change)."
        .into();
    f.next_check = format!("Capture at both ends; trace the {} path (`mtr`, routes, firewall drop counters).", arrow(dir));
    evidence(c, ctx, f, s);
    if since.frame != s.first.frame {
        f.evidence.push(ctx.ev(c, since, "acknowledged here, yet retransmitted: this ACK never arrived"));
        f.evidence.sort_by(|a, b| a.ts.total_cmp(&b.ts));
    }
    if c.seen[0] == 0 || c.seen[1] == 0 {
        f.caveat(Caveat::OnlyOneDirectionCaptured);
    }
}
