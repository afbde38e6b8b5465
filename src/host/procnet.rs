//! The fallback reader: /proc/net/{tcp,tcp6,udp,udp6} of the calling thread's
//! network namespace, where NETLINK_SOCK_DIAG is refused (some containers).
//!
//! ```text
//!   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
//!    0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 …
//! ```
//! Addresses are the kernel's 32-bit words printed in host byte order.

use super::sockets::{HostSocket, Proto, Snapshot, Source, Timer, TimerKind};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// USER_HZ: `tm->when` is printed in clock ticks.
const TICKS_PER_SEC: u64 = 100;

/// Reads the four tables; a missing IPv6 table (IPv6 disabled) is no error.
pub(super) fn read_all() -> Result<Snapshot, String> {
    let mut sockets = Vec::new();
    for (file, proto) in [("tcp", Proto::Tcp), ("tcp6", Proto::Tcp), ("udp", Proto::Udp), ("udp6", Proto::Udp)] {
        let path = format!("/proc/thread-self/net/{file}");
        match std::fs::read_to_string(&path) {
            Ok(text) => sockets.extend(text.lines().skip(1).filter_map(|l| parse_line(l, proto))),
            Err(_) if file.ends_with('6') => {}
            Err(e) => return Err(format!("cannot read {path}: {e}")),
        }
    }
    Ok(Snapshot { sockets, source: Source::ProcNet, notes: Vec::new() })
}

/// One table row; `None` for a row that does not parse.
pub(super) fn parse_line(line: &str, proto: Proto) -> Option<HostSocket> {
    let f: Vec<&str> = line.split_whitespace().collect();
    let local = parse_endpoint(f.get(1)?)?;
    let peer = parse_endpoint(f.get(2)?)?;
    let state = u8::from_str_radix(f.get(3)?, 16).ok()?;
    let (tx, rx) = f.get(4)?.split_once(':')?;
    let (tr, when) = f.get(5)?.split_once(':')?;
    let retransmits = u8::try_from(u32::from_str_radix(f.get(6)?, 16).ok()?).unwrap_or(u8::MAX);
    let kind = match u8::from_str_radix(tr, 16).ok()? {
        1 => Some(TimerKind::Retransmit),
        2 => Some(TimerKind::Keepalive),
        3 => Some(TimerKind::TimeWait),
        4 => Some(TimerKind::Persist),
        _ => None,
    };
    let ticks = u64::from_str_radix(when, 16).ok()?;
    Some(HostSocket {
        proto,
        local,
        peer,
        state,
        recv_q: u32::from_str_radix(rx, 16).ok()?,
        send_q: u32::from_str_radix(tx, 16).ok()?,
        uid: f.get(7)?.parse().ok()?,
        inode: f.get(9)?.parse().ok()?,
        timer: kind.map(|kind| Timer { kind, expires_ms: ticks * 1000 / TICKS_PER_SEC, retransmits }),
        info: None,
        owners: Vec::new(),
    })
}

/// `0100007F:1F90` or the 32-hex-digit IPv6 form.
fn parse_endpoint(s: &str) -> Option<SocketAddr> {
    let (addr, port) = s.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let word = |i: usize| -> Option<[u8; 4]> {
        let w = u32::from_str_radix(addr.get(i * 8..i * 8 + 8)?, 16).ok()?;
        Some(w.to_ne_bytes())
    };
    let ip = match addr.len() {
        8 => IpAddr::V4(Ipv4Addr::from(word(0)?)),
        32 => {
            let mut b = [0u8; 16];
            for i in 0..4 {
                b[i * 4..i * 4 + 4].copy_from_slice(&word(i)?);
            }
            IpAddr::V6(Ipv6Addr::from(b))
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_endian = "little")]
    fn a_listening_ipv4_row_reads_as_ss_shows_it() {
        let row = "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000003 00:00000000 00000000  1000        0 4242 1 0000";
        let s = parse_line(row, Proto::Tcp).expect("parses");
        assert_eq!(
            (s.local.to_string(), s.peer.to_string(), s.state, s.recv_q, s.uid, s.inode),
            ("127.0.0.1:8080".into(), "0.0.0.0:0".into(), 10, 3, 1000, 4242)
        );
    }

    #[test]
    #[cfg(target_endian = "little")]
    fn an_ipv6_loopback_row_with_a_retransmit_timer() {
        let row = "   1: 00000000000000000000000001000000:0050 00000000000000000000000001000000:C350 02 00000001:00000000 01:00000064 00000002     0        0 0 1";
        let s = parse_line(row, Proto::Tcp).expect("parses");
        assert_eq!(s.local.to_string(), "[::1]:80");
        assert_eq!(s.timer, Some(Timer { kind: TimerKind::Retransmit, expires_ms: 1000, retransmits: 2 }));
    }

    #[test]
    fn a_header_or_garbage_row_is_skipped() {
        assert!(parse_line("  sl  local_address rem_address   st", Proto::Tcp).is_none());
        assert!(parse_line("0: zz:zz", Proto::Udp).is_none());
    }
}
