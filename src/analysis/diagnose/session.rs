//! Established connections: healthy (`established`, `closed_normally`),
//! aborted (`reset_midstream`), silent server, half-open, and the transfer
//! problems of [`transfer`](super::transfer).

use super::ctx::{gap, Ctx};
use super::finding::{Caveat, Finding, Label, TcpState};
use super::handshake::Handshake;
use super::model::{rst_meaning, Conn, Dir, Pkt, RstMeaning};
use super::reject::forged_reason;
use super::transfer;

/// Seconds a server may stay silent after a request before it counts as not responding.
pub const SILENT_SERVER_S: f64 = 1.0;
/// Trailing unanswered retransmissions that make a connection half-open.
pub const HALF_OPEN_RETRANS: usize = 3;

/// The finding for a connection past its handshake (or seen mid-stream).
pub fn diagnose(c: &Conn, ctx: &Ctx<'_>) -> Finding {
    let hs = Handshake::of(c);
    let mid = hs.syns.is_empty() && hs.synacks.is_empty();
    let mut f = ctx.base(c, Label::Established);
    // The flow stage's endpoint states (one model for conns and diagnose);
    // a conversation it has no record of (evicted) cannot tell.
    let (cs, ss) = ctx.flow.of(c).unwrap_or((TcpState::Unknown, TcpState::Unknown));
    f.client_state = cs;
    f.server_state = ss;
    for p in hs.syns.iter().take(1).chain(hs.synacks.iter().take(1)).chain(hs.ack.iter()) {
        f.evidence.push(ctx.ev(c, p, "handshake"));
    }
    let one_way = c.seen[0] == 0 || c.seen[1] == 0;
    if let Some(rst) = abort_rst(c) {
        if !super::resets::diagnose(c, ctx, &mut f, rst) {
            reset(c, ctx, &mut f, rst);
        }
    } else if super::mtu::diagnose(c, ctx, &mut f) || super::silence::diagnose(c, ctx, &mut f) {
    } else if let Some(k) = half_open(c) {
        half_open_finding(c, ctx, &mut f, k);
    } else if one_way {
        one_direction(c, ctx, &mut f);
    } else if let Some(wait) = silent_server(c, ctx) {
        silent_finding(c, ctx, &mut f, wait);
    } else if let Some((s, d)) = transfer::longest_stall(c, ctx.capture_end) {
        f.relabel(Label::ZeroWindowStall);
        transfer::stall_finding(c, ctx, &mut f, &s, d);
    } else if let Some((r, rate)) = transfer::loss(c) {
        f.relabel(Label::LossRetransmissions);
        transfer::loss_finding(c, ctx, &mut f, r, rate);
    } else if super::slow::diagnose(c, ctx, &mut f) {
    } else {
        healthy(c, ctx, &mut f, mid);
    }
    if matches!(f.label, Label::ZeroWindowStall | Label::LossRetransmissions) {
        f.explanation.push_str(&format!(" {}", outcome_words(c)));
    }
    // A finding only counted (healthy, beyond what is listed) is counted
    // by label, severity and vantage: its time and caveats are not read.
    if !ctx.brief {
        f.figures.time = super::timing::breakdown(c, ctx.capture_end);
        add_caveats(c, &mut f, mid, one_way);
    }
    f
}

/// What this capture cannot show about the connection, carried beside the outcome.
fn add_caveats(c: &Conn, f: &mut Finding, mid: bool, one_way: bool) {
    if mid {
        f.caveat(Caveat::StartedMidConnection);
    }
    if one_way {
        f.caveat(Caveat::OnlyOneDirectionCaptured);
    }
    let fins = [Dir::C2S, Dir::S2C].iter().filter(|&&d| c.dir_pkts(d).any(|p| p.is_fin())).count();
    if fins < 2 && !c.pkts.iter().any(|p| p.is_rst()) {
        f.caveat(Caveat::CaptureEndedWhileOpen);
    }
}

fn outcome_words(c: &Conn) -> String {
    let fins = c.pkts.iter().filter(|p| p.is_fin()).count();
    if c.pkts.iter().any(|p| p.is_rst() && rst_meaning(c, p) == RstMeaning::Abort) {
        "The connection ended with a reset.".into()
    } else if fins >= 2 {
        "The connection completed and closed normally.".into()
    } else {
        "The connection was still open when the capture ended.".into()
    }
}

/// The first RST that aborts the connection: neither ignored nor an
/// ordinary abortive close ([`rst_meaning`] is the one rule).
fn abort_rst(c: &Conn) -> Option<&Pkt> {
    let rst = c.pkts.iter().find(|p| p.is_rst() && rst_meaning(c, p) != RstMeaning::Ignored)?;
    (rst_meaning(c, rst) == RstMeaning::Abort).then_some(rst)
}

fn reset(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, rst: &Pkt) {
    let (who, other) = match rst.dir {
        Dir::C2S => (format!("client {}", c.client), "server"),
        Dir::S2C => (format!("server {}", c.server), "client"),
    };
    let forged = if rst.dir == Dir::S2C { forged_reason(c, rst, ctx) } else { None };
    f.client_state = TcpState::Closed;
    f.server_state = TcpState::Closed;
    let data = format!("{} bytes to the server and {} bytes back", c.bytes[0], c.bytes[1]);
    if let Some(why) = forged {
        f.relabel(Label::MiddleboxReset);
        f.summary = format!("connection reset by a device on the path, after {data}");
        f.explanation = format!(
            "The established connection between {} and {} port {} was ended by an RST claiming to come from the \
             server after {data}, but {why}. A firewall or IPS on the path killed the connection.",
            c.client, c.server, c.sport
        );
        f.likely_cause = "A firewall/IPS policy (idle timeout, content rule) resetting connections.".into();
        f.next_check = "Logs of firewalls and IPSes between the hosts at that time.".into();
    } else {
        f.relabel(Label::ResetMidstream);
        let fin_before = c.pkts.iter().any(|p| p.is_fin() && p.ts <= rst.ts);
        f.summary = format!("{who} aborted the connection with RST after {data}");
        if c.pkts.first().is_some_and(|p| p.frame == rst.frame) {
            lone_reset(c, ctx, f, rst, &who);
            return;
        }
        let opened_by_syn = c.pkts.first().is_some_and(|p| p.flags.syn() && !p.flags.ack());
        let accepted = c.pkts.iter().any(|p| p.dir == Dir::S2C && p.flags.syn() && p.flags.ack());
        let answered = c.pkts.iter().any(|p| p.dir == Dir::S2C && p.ts <= rst.ts);
        if opened_by_syn && !accepted && !answered && rst.dir == Dir::C2S {
            abandoned_attempt(c, ctx, f, rst);
            return;
        }
        let was = if opened_by_syn && !accepted { "(never seen accepted: no SYN|ACK)" } else { "was established and" };
        f.explanation = format!(
            "The connection between {} and {} port {} {was} carried {data}; then the {who} sent an \
             RST (frame {}, {:.3} s after the first packet){}. Data still in flight is lost and the {other}'s next \
             read or write fails with \"connection reset by peer\".",
            c.client,
            c.server,
            c.sport,
            rst.frame,
            gap(c.first_ts, rst.ts),
            if fin_before { " after a FIN, an abortive end of the close" } else { ", aborting it instead of closing with FIN" }
        );
        f.likely_cause = format!(
            "The application on the {who} aborted the connection: it closed the socket with unread data in its receive \
             buffer (the kernel then resets instead of FIN), set SO_LINGER 0, crashed or was killed, or gave up waiting."
        );
        f.next_check = format!("The logs of the application on the {who} at that moment.");
    }
    let tail: Vec<&Pkt> = c.pkts.iter().filter(|p| p.ts <= rst.ts).rev().take(4).collect();
    for p in tail.into_iter().rev() {
        f.evidence.push(ctx.ev(c, p, if p.is_rst() { "the reset" } else { "last packets before it" }));
    }
}

/// Only the RST was captured: nothing says the connection was ever set up
/// or carried data here, only that the sender saw a reason to reset it.
fn lone_reset(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, rst: &Pkt, who: &str) {
    f.summary = format!("only a reset from the {who} was captured");
    f.explanation = format!(
        "The capture holds no packet of this connection (to {} port {}) before the {who}'s RST (frame {}): the \
         connection began before the capture started, or the RST answers a packet this capture point did not see \
         (traffic on another path, or to a socket the {who} no longer has).",
        match rst.dir {
            Dir::C2S => c.server,
            Dir::S2C => c.client,
        },
        c.sport,
        rst.frame
    );
    f.likely_cause = format!(
        "The {who} reset a connection it no longer has or wants (its application closed it, it restarted, or a \
         firewall forgot the flow), or the capture simply started late."
    );
    f.next_check = "Capture from before the connection starts, or on the other host, to see what the reset answers.".into();
    f.evidence.push(ctx.ev(c, rst, "the reset, the first packet of this connection in the capture"));
}

/// The client reset its own connection attempt before any SYN|ACK was seen.
fn abandoned_attempt(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, rst: &Pkt) {
    f.summary = format!("client {} abandoned its connection attempt with RST before any answer", c.client);
    f.explanation = format!(
        "The client {} sent a SYN to {} port {} and then an RST (frame {}, {:.3} s later) before any SYN|ACK was \
         seen: it gave up its own connection attempt.",
        c.client,
        c.server,
        c.sport,
        rst.frame,
        gap(c.first_ts, rst.ts)
    );
    f.likely_cause = "The client application gave up connecting (a connect timeout shorter than the handshake, a \
                      cancelled request), or the server's SYN|ACK reached the client by a path this capture does not see."
        .into();
    f.next_check = format!("The client application's connect timeout; a capture at the server {} to see whether the SYN arrives and is answered.", c.server);
    for p in c.pkts.iter().filter(|p| p.ts <= rst.ts).take(4) {
        f.evidence.push(ctx.ev(c, p, if p.is_rst() { "the reset" } else { "the attempt" }));
    }
}

/// Trailing retransmissions from one side with no answer: (side, count).
fn half_open(c: &Conn) -> Option<(Dir, usize)> {
    let last = c.pkts.last()?;
    if !last.retrans || last.is_rst() {
        return None;
    }
    let side = last.dir;
    let k = c.pkts.iter().rev().take_while(|p| p.dir == side && !p.is_rst()).filter(|p| p.retrans).count();
    (k >= HALF_OPEN_RETRANS).then_some((side, k))
}

fn half_open_finding(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, (side, k): (Dir, usize)) {
    f.relabel(Label::HalfOpen);
    let (who, gone) = match side {
        Dir::C2S => (format!("client {}", c.client), format!("server {}", c.server)),
        Dir::S2C => (format!("server {}", c.server), format!("client {}", c.client)),
    };
    f.summary = format!("{gone} went silent; the {who} retransmitted {k} times");
    f.explanation = format!(
        "The connection was established, then the {who} retransmitted the same data {k} times at the end of the \
         capture with no answer at all: the {gone} vanished (crashed, rebooted, lost its network) or the path \
         between them broke. The {who} still thinks the connection is ESTABLISHED and will give up after its \
         retransmission timeout."
    );
    f.likely_cause = format!("The {gone} is down or unreachable, or a stateful firewall dropped the connection's state.");
    f.next_check = format!("Whether {gone} is up and reachable now; firewall state-table timeouts on the path.");
    for p in c.pkts.iter().rev().take(k.min(8)).collect::<Vec<_>>().into_iter().rev() {
        f.evidence.push(ctx.ev(c, p, "unanswered"));
    }
}

/// Seconds the server stayed silent after the client's request.
fn silent_server(c: &Conn, ctx: &Ctx<'_>) -> Option<f64> {
    if c.bytes[0] == 0 || c.bytes[1] > 0 || c.dir_pkts(Dir::S2C).any(|p| p.is_fin() || p.is_rst()) {
        return None;
    }
    let req = c.dir_pkts(Dir::C2S).find(|p| p.len > 0)?;
    let end = c.dir_pkts(Dir::C2S).find(|p| p.ts > req.ts && (p.is_fin() || p.is_rst())).map(|p| p.ts).unwrap_or(ctx.capture_end);
    let wait = end.secs_since(req.ts);
    (wait >= SILENT_SERVER_S).then_some(wait)
}

fn silent_finding(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, wait: f64) {
    f.relabel(Label::ServerNotRespondingAfterHandshake);
    f.summary = format!("server accepted the connection but never answered the request ({wait:.1} s)");
    f.explanation = format!(
        "The handshake with {} port {} completed and the client sent {} bytes, but the server sent no data back \
         for {wait:.1} s{}. The network delivered the request (the server's TCP acknowledged it if ACKs are \
         shown); the application behind the port did not answer.",
        c.server,
        c.sport,
        c.bytes[0],
        if c.dir_pkts(Dir::C2S).any(|p| p.is_fin() || p.is_rst()) { " until the client gave up" } else { ", until the capture ended" }
    );
    f.likely_cause = "The server application is hung, overloaded, or waiting on a backend; or the request was incomplete.".into();
    f.next_check = format!("The service on {} port {}: logs, thread dumps, backend latency.", c.server, c.sport);
    for p in c.pkts.iter().filter(|p| p.len > 0 || p.is_fin() || p.is_rst()).take(6) {
        f.evidence.push(ctx.ev(c, p, ""));
    }
}

fn one_direction(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding) {
    f.relabel(Label::OneDirectionOnly);
    let (has, side) = if c.seen[0] > 0 { ("client", c.client) } else { ("server", c.server) };
    f.client_state = TcpState::Unknown;
    f.server_state = TcpState::Unknown;
    f.summary = format!("cannot tell: only one direction captured ({has} → only)");
    f.explanation = format!(
        "Only the {has}'s packets (from {side}) of this connection are in the capture: {} packets, {} bytes. \
         Cannot tell: only one direction captured — asymmetric routing or a capture filter hides the other \
         side's packets, so nothing can be concluded about loss or answers.",
        c.seen[0] + c.seen[1],
        c.bytes[0] + c.bytes[1]
    );
    f.likely_cause = "Asymmetric routing, or a capture on a link that carries only one direction.".into();
    f.next_check = "Capture on the hosts themselves or on every path between them.".into();
    for p in c.pkts.iter().take(6) {
        f.evidence.push(ctx.ev(c, p, ""));
    }
}

fn healthy(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, mid: bool) {
    let fin_c = c.dir_pkts(Dir::C2S).find(|p| p.is_fin());
    let fin_s = c.dir_pkts(Dir::S2C).find(|p| p.is_fin());
    let rst_close = c.pkts.iter().find(|p| p.is_rst() && rst_meaning(c, p) == RstMeaning::AbortiveClose);
    let closed = fin_c.is_some() && fin_s.is_some() || rst_close.is_some();
    if ctx.brief {
        // Only counted by its label: no words are written for it.
        if closed {
            f.relabel(Label::ClosedNormally);
        }
        return;
    }
    let rtt = f.figures.rtt_ms.map(|r| format!(" Handshake RTT {r:.3} ms as seen here.")).unwrap_or_default();
    let data = format!("{} bytes to the server, {} bytes back", c.bytes[0], c.bytes[1]);
    if closed {
        let first = [fin_c, fin_s, rst_close].into_iter().flatten().min_by_key(|p| (p.ts, p.frame));
        let first = if first.is_some_and(|p| p.dir == Dir::S2C) { "server" } else { "client" };
        f.relabel(Label::ClosedNormally);
        let how = match (fin_c.is_some() && fin_s.is_some(), rst_close) {
            (false, Some(r)) => format!(
                "then the {first} closed with FIN and the {} ended it with an RST once every byte was acknowledged \
                 (an abortive close: nothing was lost)",
                if r.dir == Dir::C2S { "client" } else { "server" }
            ),
            _ => format!("then both sides closed with FIN (the {first} first)"),
        };
        f.summary = format!("completed: {data}, closed by the {first}");
        f.explanation = format!(
            "{} connection from {} to {} port {}: {data}, {how} over {:.3} s.{rtt}",
            if mid { "A connection already open when the capture started" } else { "A healthy" },
            c.client,
            c.server,
            c.sport,
            c.duration()
        );
        for (p, what) in [(fin_c, "client closes"), (fin_s, "server closes"), (rst_close, "the reset that ends it")] {
            if let Some(p) = p {
                f.evidence.push(ctx.ev(c, p, what));
            }
        }
        f.evidence.sort_by(|x, y| x.ts.total_cmp(&y.ts));
    } else {
        f.summary = format!("{} {data}", if mid { "already open when the capture started:" } else { "open:" });
        f.explanation = format!(
            "The connection from {} to {} port {} {} and carried {data}; it was still open when the capture ended.{rtt}",
            c.client,
            c.server,
            c.sport,
            if mid { "was already open when the capture started" } else { "was established" }
        );
    }
    f.likely_cause = "Nothing wrong.".into();
    f.next_check = "Nothing to check.".into();
}
