//! `sockets --explain`: what a socket's state means and what to check, in the
//! words tcpsleuth's diagnosis uses for the same failures seen on the wire.
//!
//! A lone socket in a closing state is normal; what matters is a state that
//! stays, or many of them. The per-socket text says what the state waits for;
//! the host-wide notes fire on counts (named thresholds below).

use crate::flow::kernel::TcpState;
use crate::host::{HostSocket, Proto};
use std::collections::BTreeMap;

/// CLOSE_WAIT sockets on one local port from which "piling up" is reported.
pub const CLOSE_WAIT_PILE: usize = 10;
/// TIME_WAIT sockets on the host from which "many" is reported.
pub const TIME_WAIT_MANY: usize = 200;
/// SYN_RECV sockets on one listening port from which a SYN flood is suspected.
pub const SYN_RECV_FLOOD: usize = 32;

/// The state of a socket as tcpsleuth names it (UDP: ESTABLISHED when
/// connected, CLOSED when not, which ss prints as UNCONN).
pub fn state_of(s: &HostSocket) -> TcpState {
    TcpState::from_linux(s.state).unwrap_or(TcpState::Closed)
}

/// The name shown in the State column: the netstat name, or `UNCONN` for an
/// unconnected UDP socket (netstat leaves it blank).
pub fn state_name(s: &HostSocket) -> &'static str {
    match (s.proto, state_of(s)) {
        (Proto::Udp, TcpState::Closed) => "UNCONN",
        (_, st) => st.netstat_name(),
    }
}

/// One socket's explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// What the state means.
    pub meaning: &'static str,
    /// What to check.
    pub check: String,
}

/// The explanation of a socket that is not simply ESTABLISHED or LISTEN
/// (a LISTEN socket whose queue is full gets one too).
pub fn explain(s: &HostSocket) -> Option<Explanation> {
    if s.proto == Proto::Udp {
        return None;
    }
    let e = |meaning: &'static str, check: &str| Some(Explanation { meaning, check: check.to_string() });
    match state_of(s) {
        TcpState::Listen if listen_queue_full(s) => Some(Explanation {
            meaning: "listening, and the accept queue is at its limit",
            check: format!(
                "listen queue full ({} waiting, backlog {}): the application does not accept() fast \
                 enough; new SYNs are dropped (see `nstat -az TcpExtListenOverflows`)",
                s.recv_q, s.send_q
            ),
        }),
        TcpState::Listen | TcpState::Established => None,
        TcpState::SynSent => e(
            "our SYN was sent and nothing answered yet",
            "no answer from the peer: a firewall drops the SYN on the way or at the host, or the host is down \
             (`tcpsleuth probe` shows which)",
        ),
        TcpState::SynRecv => e(
            "a SYN came in and our SYN-ACK went out; the final ACK has not arrived",
            "the final ACK is missing: the peer's ACK is dropped on the way back, or a SYN flood \
             (many SYN_RECV from many sources)",
        ),
        TcpState::FinWait1 => e(
            "we closed; our FIN is not acknowledged yet",
            "the peer does not acknowledge our FIN: it is unreachable now, or a firewall dropped the \
             connection's state (Send-Q holds what is still unacknowledged)",
        ),
        TcpState::FinWait2 => e(
            "we closed, the peer acknowledged; waiting for the peer's FIN",
            "FIN_WAIT2 that stays: the peer does not close its side (an orphan ends after tcp_fin_timeout)",
        ),
        TcpState::CloseWait => e(
            "the peer closed; this application has not closed its socket",
            "CLOSE_WAIT piling up: the application does not close (a leaked socket or a stuck worker)",
        ),
        TcpState::LastAck => e(
            "both sides closed; our FIN is not acknowledged yet",
            "the peer's last ACK does not arrive: it is gone, or a firewall drops it",
        ),
        TcpState::Closing => e(
            "both sides closed at once; our FIN is not acknowledged yet",
            "simultaneous close and the peer's ACK of our FIN is lost",
        ),
        TcpState::TimeWait => e(
            "this side closed first; the socket lingers 60 s so late segments die",
            "normal once; many TIME_WAIT: short connections from this side (reuse connections, keep-alive)",
        ),
        TcpState::Closed | TcpState::Unknown => None,
    }
}

/// Recv-Q at the backlog on a LISTEN socket: the kernel drops new connections.
pub fn listen_queue_full(s: &HostSocket) -> bool {
    state_of(s) == TcpState::Listen && s.send_q > 0 && s.recv_q >= s.send_q
}

/// Sockets per state, per protocol, in state order (as `ss -s` counts them).
pub fn summary(sockets: &[HostSocket]) -> Vec<(Proto, Vec<(&'static str, usize)>)> {
    let mut out = Vec::new();
    for proto in [Proto::Tcp, Proto::Udp] {
        let mut counts: BTreeMap<TcpState, (&'static str, usize)> = BTreeMap::new();
        for s in sockets.iter().filter(|s| s.proto == proto) {
            counts.entry(state_of(s)).or_insert((state_name(s), 0)).1 += 1;
        }
        out.push((proto, counts.into_values().collect()));
    }
    out
}

/// Host-wide notes on counts: CLOSE_WAIT piling up on a port, many
/// TIME_WAIT, SYN_RECV masses on a listening port.
pub fn host_notes(sockets: &[HostSocket]) -> Vec<String> {
    let mut notes = Vec::new();
    let tcp = || sockets.iter().filter(|s| s.proto == Proto::Tcp);
    let per_port = |st: TcpState| {
        let mut m: BTreeMap<u16, usize> = BTreeMap::new();
        for s in tcp().filter(|s| state_of(s) == st) {
            *m.entry(s.local.port()).or_default() += 1;
        }
        m
    };
    for (port, n) in per_port(TcpState::CloseWait) {
        if n >= CLOSE_WAIT_PILE {
            notes.push(format!(
                "{n} CLOSE_WAIT on local port {port}: piling up; the application does not close its sockets"
            ));
        }
    }
    for (port, n) in per_port(TcpState::SynRecv) {
        if n >= SYN_RECV_FLOOD {
            notes.push(format!(
                "{n} SYN_RECV on port {port}: final ACKs missing en masse, a SYN flood is likely \
                 (check net.ipv4.tcp_syncookies)"
            ));
        }
    }
    let tw = tcp().filter(|s| state_of(s) == TcpState::TimeWait).count();
    if tw >= TIME_WAIT_MANY {
        notes.push(format!("{tw} TIME_WAIT: many short connections closed from this side"));
    }
    for s in tcp().filter(|s| listen_queue_full(s)) {
        notes.push(format!("listen queue full on {} ({}/{}): connections are being dropped", s.local, s.recv_q, s.send_q));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sock(state: u8, recv_q: u32, send_q: u32) -> HostSocket {
        HostSocket {
            proto: Proto::Tcp,
            local: "10.0.0.1:80".parse().expect("addr"),
            peer: "10.0.0.2:40000".parse().expect("addr"),
            state,
            recv_q,
            send_q,
            uid: 0,
            inode: 1,
            timer: None,
            info: None,
            owners: vec![],
        }
    }

    #[test]
    fn close_wait_says_the_application_does_not_close() {
        let e = explain(&sock(8, 0, 0)).expect("explained");
        assert!(e.check.contains("the application does not close"), "{e:?}");
    }

    #[test]
    fn a_listen_socket_with_recv_q_at_the_backlog_has_a_full_queue() {
        assert!(explain(&sock(10, 128, 128)).is_some_and(|e| e.check.contains("listen queue full")));
        assert!(explain(&sock(10, 3, 128)).is_none());
    }

    #[test]
    fn established_gets_no_explanation() {
        assert!(explain(&sock(1, 0, 0)).is_none());
    }

    #[test]
    fn the_summary_counts_new_syn_recv_as_syn_recv() {
        let s = summary(&[sock(12, 0, 0), sock(3, 0, 0), sock(1, 0, 0)]);
        assert_eq!(s[0].1, vec![("SYN_RECV", 2), ("ESTABLISHED", 1)]);
    }

    #[test]
    fn ten_close_wait_on_one_port_pile_up() {
        let many: Vec<_> = (0..CLOSE_WAIT_PILE).map(|_| sock(8, 0, 0)).collect();
        assert!(host_notes(&many).iter().any(|n| n.contains("piling up")));
        assert!(host_notes(&many[..1]).is_empty());
    }
}
