//! The netstat-style TCP state of each endpoint at the end of the capture,
//! as a pure function of the packets each side sent (RFC 793 §3.2).
//!
//! The flow stage's kernel states ([`super::flowstates`]) come first for
//! connections past the handshake; this is the fallback. The handshake rules
//! set states themselves: the flow stage assumes every packet in the capture
//! reached its destination, which is exactly what fails when a firewall drops
//! the SYN|ACK (at the server the client would read ESTABLISHED, while its
//! `ss` shows SYN-SENT) or the ACK (at the client the server would read
//! ESTABLISHED, while it sits in SYN-RECV).

use super::finding::TcpState;
use super::model::{seq_le, Conn, Dir, Pkt};

/// (client state, server state) of an established (or closing) connection.
pub fn session_states(c: &Conn) -> (TcpState, TcpState) {
    if c.pkts.iter().any(|p| p.is_rst()) {
        return (TcpState::Closed, TcpState::Closed);
    }
    let fin_c = c.dir_pkts(Dir::C2S).find(|p| p.is_fin()).copied();
    let fin_s = c.dir_pkts(Dir::S2C).find(|p| p.is_fin()).copied();
    let acked = |fin: &Pkt, by: Dir| {
        let end = fin.seq.wrapping_add(fin.len).wrapping_add(1);
        c.dir_pkts(by).any(|p| p.flags.ack() && p.ts >= fin.ts && seq_le(end, p.ack))
    };
    match (fin_c, fin_s) {
        (None, None) => (TcpState::Established, TcpState::Established),
        (Some(f), None) => {
            let s = if acked(&f, Dir::S2C) { TcpState::FinWait2 } else { TcpState::FinWait1 };
            (s, TcpState::CloseWait)
        }
        (None, Some(f)) => {
            let s = if acked(&f, Dir::C2S) { TcpState::FinWait2 } else { TcpState::FinWait1 };
            (TcpState::CloseWait, s)
        }
        (Some(fc), Some(fs)) => {
            let c_first = fc.ts <= fs.ts;
            let (first, second, first_dir, second_dir) =
                if c_first { (fc, fs, Dir::C2S, Dir::S2C) } else { (fs, fc, Dir::S2C, Dir::C2S) };
            let first_state = if acked(&second, first_dir) { TcpState::TimeWait } else { TcpState::Closing };
            let second_state = if acked(&first, second_dir) && acked(&second, first_dir) {
                TcpState::Closed
            } else {
                TcpState::LastAck
            };
            if c_first {
                (first_state, second_state)
            } else {
                (second_state, first_state)
            }
        }
    }
}
