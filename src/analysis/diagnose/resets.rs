//! Resets that answer the client's data, told apart by what came before:
//! * the server had sent FIN, the client's next request drew the RST: the
//!   server closed an idle keep-alive connection as the client reused it
//!   (`request_on_closed_connection`);
//! * no FIN, the RST answers new data after an idle time (or is the
//!   stateless reset of a kernel that has no such socket: RST without ACK,
//!   its sequence number the segment's acknowledgement, RFC 793 p.36 "If
//!   the incoming segment has an ACK field, the reset takes its sequence
//!   number from the ACK field"): the server lost the connection, typically
//!   by a restart (`reset_by_peer_after_restart`);
//! * the same after idle, but the reset was forged on the path (its TTL is
//!   not the server's): a middlebox that forgot the connection
//!   (`idle_timeout_by_middlebox`).

use super::ctx::{gap, Ctx};
use super::finding::{Finding, Label, TcpState};
use super::model::{Conn, Dir, Pkt};
use super::progress::idle_before;
use super::reject::forged_reason;
use super::silence::IDLE_GAP_S;

/// The client data segment a server RST answers: the client's last data before it.
fn answered_data<'a>(c: &'a Conn, rst: &Pkt) -> Option<&'a Pkt> {
    let last_c = c.dir_pkts(Dir::C2S).filter(|p| p.ts <= rst.ts && p.frame != rst.frame).last()?;
    let data = c.dir_pkts(Dir::C2S).filter(|p| p.ts <= rst.ts && p.len > 0).last()?;
    // Only data, its retransmissions and pure ACKs may separate it from the RST.
    let between_server = c.dir_pkts(Dir::S2C).any(|p| p.ts > data.ts && p.ts < rst.ts && (p.len > 0 || p.is_fin()));
    (!between_server && (last_c.frame == data.frame || last_c.len > 0 || last_c.is_pure_ack())).then_some(data)
}

/// A reset from a host with no socket for this connection.
fn stateless(rst: &Pkt, data: &Pkt) -> bool {
    !rst.flags.ack() && data.flags.ack() && rst.seq == data.ack
}

/// The server once had this connection: it sent something on it before the
/// data its RST answers. Without that, a stateless RST says only that the
/// server has no such socket now, not that it lost one (the client may be
/// writing on a connection that was reset or never set up).
fn knew(c: &Conn, data: &Pkt) -> bool {
    c.dir_pkts(Dir::S2C).any(|p| p.ts < data.ts && !p.is_rst())
}

/// The finding for a server RST answering client data, when one of the three stories fits.
pub fn diagnose(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, rst: &Pkt) -> bool {
    if rst.dir != Dir::S2C {
        return false;
    }
    let Some(data) = answered_data(c, rst) else { return false };
    let first_of_burst = c.dir_pkts(Dir::C2S).filter(|p| p.len > 0 && p.ts <= data.ts && p.seq == data.seq).next().unwrap_or(data);
    let idle = idle_before(c, first_of_burst).unwrap_or(0.0);
    let server_fin = c.dir_pkts(Dir::S2C).find(|p| p.is_fin() && p.ts < first_of_burst.ts);
    let forged = forged_reason(c, rst, ctx);
    f.client_state = TcpState::Closed;
    f.server_state = TcpState::Closed;
    if let Some(fin) = server_fin {
        closed_connection(c, ctx, f, fin, first_of_burst, rst);
    } else if idle >= IDLE_GAP_S && forged.is_some() {
        middlebox(c, ctx, f, first_of_burst, rst, idle, forged.unwrap_or_default());
    } else if forged.is_none() && knew(c, first_of_burst) && (idle >= IDLE_GAP_S || stateless(rst, data)) {
        restart(c, ctx, f, first_of_burst, rst, idle);
    } else if forged.is_none() && stateless(rst, data) {
        no_socket(c, f, first_of_burst, rst);
    } else {
        return false;
    }
    for p in [server_fin, Some(first_of_burst), Some(rst)].into_iter().flatten() {
        let what = if p.is_rst() { "the reset" } else if p.is_fin() { "the server closes" } else { "the client's data" };
        f.evidence.push(ctx.ev(c, p, what));
    }
    true
}

fn closed_connection(c: &Conn, _ctx: &Ctx<'_>, f: &mut Finding, fin: &Pkt, data: &Pkt, rst: &Pkt) {
    f.relabel(Label::RequestOnClosedConnection);
    let after = gap(fin.ts, data.ts);
    f.summary = format!("the client sent a request on a connection the server had closed {after:.3} s before: reset");
    f.explanation = format!(
        "The server {} closed the connection with FIN (frame {}); {after:.3} s later the client sent {} bytes on it \
         (frame {}) — a reused keep-alive connection — and the server, whose socket was gone, answered with RST \
         (frame {}). The client sees \"connection reset by peer\" on a request it may safely retry only if it is idempotent.",
        c.server, fin.frame, data.len, data.frame, rst.frame
    );
    f.likely_cause = "A keep-alive race: the server's idle timeout closed the connection while the client's pool still \
                      considered it usable."
        .into();
    f.next_check = "Make the client's keep-alive idle timeout shorter than the server's (or retry idempotent requests on a \
                    fresh connection); check the client handles the server's FIN before reusing a connection."
        .into();
}

fn restart(c: &Conn, _ctx: &Ctx<'_>, f: &mut Finding, data: &Pkt, rst: &Pkt, idle: f64) {
    f.relabel(Label::ResetByPeerAfterRestart);
    f.summary = format!("the server no longer knew the connection: RST to new data after {idle:.1} s idle, no FIN first");
    f.explanation = format!(
        "After {idle:.1} s without traffic the client sent {} bytes (frame {}) and the server {} answered with RST \
         (frame {}){}; it had never closed the connection with FIN. A server whose process merely exited would have \
         sent FIN: this one had lost the connection entirely, as after a host or container restart or failover.",
        data.len,
        data.frame,
        c.server,
        rst.frame,
        if stateless(rst, data) { ", a reset without ACK whose sequence number is the segment's acknowledgement: the kernel had no socket for it" } else { "" }
    );
    f.likely_cause = "The server host, VM or container restarted (or failed over) while the connection was idle.".into();
    f.next_check = format!("Uptime and restart logs of {} around that time; make clients detect dead connections (keepalives) and retry.", c.server);
}

/// A stateless RST to data on a connection the capture never saw the server
/// take part in: the socket was gone before this capture's view of it.
fn no_socket(c: &Conn, f: &mut Finding, data: &Pkt, rst: &Pkt) {
    f.relabel(Label::ResetMidstream);
    f.summary = format!("the server {} had no socket for this connection: its kernel reset the client's data", c.server);
    f.explanation = format!(
        "The client sent {} bytes (frame {}) on a connection in which this capture never saw the server {} take part, \
         and the server answered with a RST without ACK whose sequence number is the segment's acknowledgement \
         (frame {}): a kernel's answer to a segment for which it has no socket (RFC 9293 §3.10.7.1). The connection \
         was already gone at the server: reset or closed earlier (before this capture, or as an earlier connection \
         with the same ports), lost in a restart, or never set up.",
        data.len, data.frame, c.server, rst.frame
    );
    f.likely_cause = "The client kept writing on a connection the server no longer had: an earlier reset or close, \
                      a server restart, or a connection that was never established."
        .into();
    f.next_check = "Earlier packets between these endpoints (`tcpsleuth conns` for the same ports, or a capture started \
                    sooner) and how the client handles a reset connection."
        .into();
}

fn middlebox(c: &Conn, _ctx: &Ctx<'_>, f: &mut Finding, data: &Pkt, rst: &Pkt, idle: f64, why: String) {
    f.relabel(Label::IdleTimeoutByMiddlebox);
    f.summary = format!("after {idle:.1} s idle the connection was reset by a device on the path");
    f.explanation = format!(
        "The connection to {} port {} sat idle for {idle:.1} s; the client's next data (frame {}) drew an RST (frame {}) \
         that claims to come from the server, but {why}. A stateful device on the path forgot the connection during the \
         idle time and reset it.",
        c.server, c.sport, data.frame, rst.frame
    );
    f.likely_cause = "An idle timeout on a firewall, NAT gateway or load balancer shorter than the application's idle time.".into();
    f.next_check = "The idle timeouts of the stateful devices on the path; TCP keepalives shorter than them.".into();
}
