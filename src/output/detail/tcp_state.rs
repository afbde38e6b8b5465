//! What the detail tree remembers about TCP between packets: per direction,
//! the sequence number relative numbers count from (the ISN when the SYN was
//! captured, else the first one seen, as tcpdump does) and the window scale
//! its SYN announced (RFC 7323 §2: scaling applies only when both SYNs carry
//! the option, and never to the SYN itself).

use crate::wire::tcp::Tcp;
use std::collections::HashMap;
use std::net::IpAddr;

/// At most this many TCP directions are remembered; the table is cleared when full.
pub const MAX_TCP_DIRECTIONS: usize = 1 << 16;

/// One direction of a TCP connection, as far as the printer needs it.
#[derive(Clone, Copy, Debug)]
struct Dir {
    /// Sequence number relative numbers count from.
    base: u32,
    /// `base` is the ISN from a SYN (else the first sequence number seen).
    from_syn: bool,
    /// Window scale of this direction's SYN: None = SYN not seen, Some(None) = no WS option.
    syn_ws: Option<Option<u8>>,
}

type DirKey = (IpAddr, u16, IpAddr, u16);

/// Per-direction ISNs and SYN window scales.
#[derive(Default)]
pub struct TcpState {
    dirs: HashMap<DirKey, Dir>,
    /// Times the table was cleared for being full.
    pub resets: u64,
}

/// What the state says about one segment.
pub(super) struct Rel {
    pub seq_base: (u32, bool),
    pub ack_base: Option<(u32, bool)>,
    /// Some(shift) when both SYNs were seen (0 when scaling is off).
    pub scale: Option<u8>,
}

impl TcpState {
    fn insert(&mut self, k: DirKey, d: Dir) {
        if self.dirs.len() >= MAX_TCP_DIRECTIONS && !self.dirs.contains_key(&k) {
            self.dirs.clear();
            self.resets += 1;
        }
        self.dirs.insert(k, d);
    }

    /// The sequence base of a direction, without recording anything (for the
    /// segment an ICMP error quotes): `(base, from_syn)`.
    pub fn peek(&self, src: IpAddr, sport: u16, dst: IpAddr, dport: u16) -> Option<(u32, bool)> {
        self.dirs
            .get(&(src, sport, dst, dport))
            .map(|d| (d.base, d.from_syn))
    }

    /// Records a segment and returns its relative bases.
    pub(super) fn observe(&mut self, src: IpAddr, dst: IpAddr, t: &Tcp<'_>, ws: Option<u8>) -> Rel {
        let fwd = (src, t.src_port(), dst, t.dst_port());
        let rev = (dst, t.dst_port(), src, t.src_port());
        let flags = t.flags();
        let cur = self.dirs.get(&fwd).copied();
        if flags.syn() {
            if !matches!(cur, Some(d) if d.from_syn && d.base == t.seq()) {
                self.insert(
                    fwd,
                    Dir {
                        base: t.seq(),
                        from_syn: true,
                        syn_ws: Some(ws),
                    },
                );
            }
        } else if cur.is_none() {
            self.insert(
                fwd,
                Dir {
                    base: t.seq(),
                    from_syn: false,
                    syn_ws: None,
                },
            );
        }
        if flags.ack() && !self.dirs.contains_key(&rev) {
            self.insert(
                rev,
                Dir {
                    base: t.ack(),
                    from_syn: false,
                    syn_ws: None,
                },
            );
        }
        let f = self.dirs.get(&fwd).copied();
        let r = self.dirs.get(&rev).copied();
        let scale = match (f.and_then(|d| d.syn_ws), r.and_then(|d| d.syn_ws)) {
            (Some(Some(s)), Some(Some(_))) => Some(s.min(14)),
            (Some(_), Some(_)) => Some(0),
            _ => None,
        };
        Rel {
            seq_base: f.map_or((t.seq(), false), |d| (d.base, d.from_syn)),
            ack_base: if flags.ack() {
                r.map(|d| (d.base, d.from_syn))
            } else {
                None
            },
            scale,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::build::{Build, Ipv4 as B4, Tcp as BTcp};
    use crate::wire::tcp::{self, TcpOption};
    use crate::wire::{decode, TcpFlags, Trans};
    use crate::wire::registry::LinkType;

    const C: [u8; 4] = [10, 0, 0, 1];
    const S: [u8; 4] = [10, 0, 0, 2];

    /// Feeds one segment to the state and returns (seq_rel, ack_rel, scale).
    fn feed(st: &mut TcpState, pkt: &[u8]) -> (u32, Option<u32>, Option<u8>) {
        let d = decode(LinkType::RAW.0, pkt);
        let Trans::Tcp(t) = d.transport else {
            panic!("not TCP")
        };
        let (src, dst) = d.ip_addrs().unwrap();
        let ws = tcp::options(t.options().0).find_map(|o| match o {
            TcpOption::WindowScale(s) => Some(s),
            _ => None,
        });
        let r = st.observe(src, dst, &t, ws);
        (
            t.seq().wrapping_sub(r.seq_base.0),
            r.ack_base.map(|b| t.ack().wrapping_sub(b.0)),
            r.scale,
        )
    }

    #[test]
    fn handshake_ladder_counts_from_each_isn() {
        let mut st = TcpState::default();
        // client → server  SYN seq=1000 WS 7
        let syn = B4::new(C, S)
            .tcp(BTcp::new(5000, 80).seq(1000).flags(TcpFlags::SYN).ws(7))
            .build();
        // server → client  SYN-ACK seq=9000 ack=1001 WS 2
        let syn_ack = B4::new(S, C)
            .tcp(
                BTcp::new(80, 5000)
                    .seq(9000)
                    .ack(1001)
                    .flags(TcpFlags::SYN | TcpFlags::ACK)
                    .ws(2),
            )
            .build();
        // client → server  ACK seq=1001 ack=9001
        let ack = B4::new(C, S)
            .tcp(BTcp::new(5000, 80).seq(1001).ack(9001).flags(TcpFlags::ACK))
            .build();
        assert_eq!(feed(&mut st, &syn), (0, None, None));
        assert_eq!(feed(&mut st, &syn_ack), (0, Some(1), Some(2)));
        assert_eq!(feed(&mut st, &ack), (1, Some(1), Some(7)));
    }

    #[test]
    fn scaling_is_off_when_one_syn_lacks_the_option() {
        let mut st = TcpState::default();
        let syn = B4::new(C, S)
            .tcp(BTcp::new(5000, 80).seq(1).flags(TcpFlags::SYN).ws(7))
            .build();
        let syn_ack = B4::new(S, C)
            .tcp(
                BTcp::new(80, 5000)
                    .seq(1)
                    .ack(2)
                    .flags(TcpFlags::SYN | TcpFlags::ACK),
            )
            .build();
        let ack = B4::new(C, S)
            .tcp(BTcp::new(5000, 80).seq(2).ack(2).flags(TcpFlags::ACK))
            .build();
        feed(&mut st, &syn);
        feed(&mut st, &syn_ack);
        assert_eq!(feed(&mut st, &ack).2, Some(0));
    }

    #[test]
    fn mid_stream_counts_from_the_first_segment_seen() {
        let mut st = TcpState::default();
        let a = B4::new(C, S)
            .tcp(BTcp::new(5000, 80).seq(7000).ack(300).flags(TcpFlags::ACK))
            .build();
        let b = B4::new(S, C)
            .tcp(BTcp::new(80, 5000).seq(310).ack(7100).flags(TcpFlags::ACK))
            .build();
        assert_eq!(feed(&mut st, &a), (0, Some(0), None));
        assert_eq!(feed(&mut st, &b), (10, Some(100), None));
    }

    #[test]
    fn direction_table_is_bounded() {
        let mut st = TcpState::default();
        let t = B4::new(C, S)
            .tcp(BTcp::new(1, 2).flags(TcpFlags::SYN))
            .build();
        let d = decode(LinkType::RAW.0, &t);
        let Trans::Tcp(tcp) = d.transport else {
            panic!()
        };
        for i in 0..=MAX_TCP_DIRECTIONS as u32 {
            let src = IpAddr::V4(i.into());
            st.observe(src, IpAddr::V4(S.into()), &tcp, None);
        }
        assert!(st.dirs.len() <= MAX_TCP_DIRECTIONS);
        assert_eq!(st.resets, 1);
    }
}
