//! The active side of `probe`: a plain connect() with a timeout, or a raw SYN
//! as nmap -sS sends it; and the way out (source address, egress interface).
//!
//! This module only sends; what came back is read from the packet capture by
//! the caller and judged by `analysis::probe`.

use crate::wire::checksum;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, UdpSocket};
use std::time::Duration;

/// What connect() said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectOutcome {
    /// The handshake completed.
    Connected,
    /// ECONNREFUSED: a RST came back (or an ICMP port unreachable).
    Refused,
    /// EHOSTUNREACH / ENETUNREACH / EACCES…: an ICMP error or a local rule.
    Unreachable(String),
    /// No answer within the timeout.
    TimedOut,
    /// Anything else (the message).
    Other(String),
}

/// One connect() to `target`, closed at once when it succeeds.
pub fn connect_once(target: SocketAddr, timeout: Duration) -> ConnectOutcome {
    match TcpStream::connect_timeout(&target, timeout) {
        Ok(s) => {
            let _ = s.shutdown(std::net::Shutdown::Both);
            ConnectOutcome::Connected
        }
        Err(e) => classify(&e),
    }
}

fn classify(e: &io::Error) -> ConnectOutcome {
    match (e.kind(), e.raw_os_error()) {
        (io::ErrorKind::ConnectionRefused, _) => ConnectOutcome::Refused,
        (io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock, _) => ConnectOutcome::TimedOut,
        (_, Some(113 | 101 | 13 | 1)) => ConnectOutcome::Unreachable(e.to_string()),
        _ => ConnectOutcome::Other(e.to_string()),
    }
}

/// The address this host sends from towards `dst` (the routing decision, read
/// back from an unconnected-then-connected UDP socket: nothing is sent).
pub fn source_for(dst: IpAddr) -> io::Result<IpAddr> {
    let any: IpAddr = match dst {
        IpAddr::V4(_) => Ipv4Addr::UNSPECIFIED.into(),
        IpAddr::V6(_) => Ipv6Addr::UNSPECIFIED.into(),
    };
    let s = UdpSocket::bind(SocketAddr::new(any, 0))?;
    s.connect(SocketAddr::new(dst, 9))?;
    Ok(s.local_addr()?.ip())
}

/// The interface packets to `dst` leave by: `lo` for this host's own
/// addresses, else the longest matching route of the main table
/// (/proc/net/route, /proc/net/ipv6_route). `None` when no route matches.
pub fn egress_interface(dst: IpAddr, src: IpAddr) -> Option<String> {
    if dst.is_loopback() || dst == src {
        return Some("lo".into());
    }
    match dst {
        IpAddr::V4(d) => {
            let text = std::fs::read_to_string("/proc/net/route").ok()?;
            route4(&text, u32::from(d))
        }
        IpAddr::V6(d) => {
            let text = std::fs::read_to_string("/proc/net/ipv6_route").ok()?;
            route6(&text, u128::from(d))
        }
    }
}

/// Longest prefix among `Iface Destination Gateway Flags … Mask` rows (hex, host order).
pub fn route4(table: &str, dst: u32) -> Option<String> {
    let mut best: Option<(u32, String)> = None;
    for l in table.lines().skip(1) {
        let f: Vec<&str> = l.split_whitespace().collect();
        let (Some(iface), Some(net), Some(mask)) = (f.first(), f.get(1), f.get(7)) else { continue };
        let (Ok(net), Ok(mask)) = (u32::from_str_radix(net, 16), u32::from_str_radix(mask, 16)) else { continue };
        // The kernel prints the address words in host byte order.
        let (net, mask) = (u32::from_be_bytes(net.to_ne_bytes()), u32::from_be_bytes(mask.to_ne_bytes()));
        if dst & mask == net & mask && best.as_ref().is_none_or(|b| mask.count_ones() > b.0) {
            best = Some((mask.count_ones(), iface.to_string()));
        }
    }
    best.map(|b| b.1)
}

/// Longest prefix among `dest plen src srcplen nexthop metric ref use flags iface` rows.
pub fn route6(table: &str, dst: u128) -> Option<String> {
    let mut best: Option<(u32, String)> = None;
    for l in table.lines() {
        let f: Vec<&str> = l.split_whitespace().collect();
        let (Some(net), Some(plen), Some(iface)) = (f.first(), f.get(1), f.get(9)) else { continue };
        let (Ok(net), Ok(plen)) = (u128::from_str_radix(net, 16), u32::from_str_radix(plen, 16)) else { continue };
        if plen > 128 || *iface == "lo" && plen < 128 {
            continue;
        }
        let mask = if plen == 0 { 0 } else { u128::MAX << (128 - plen) };
        if dst & mask == net & mask && best.as_ref().is_none_or(|b| plen > b.0) {
            best = Some((plen, iface.to_string()));
        }
    }
    best.map(|b| b.1)
}

/// A TCP SYN as nmap -sS sends it: MSS 1460, window 1024, no payload, with
/// its checksum over the pseudo-header.
pub fn syn_segment(src: IpAddr, dst: IpAddr, sport: u16, dport: u16, seq: u32) -> Vec<u8> {
    let mut seg = Vec::with_capacity(24);
    seg.extend_from_slice(&sport.to_be_bytes());
    seg.extend_from_slice(&dport.to_be_bytes());
    seg.extend_from_slice(&seq.to_be_bytes());
    seg.extend_from_slice(&0u32.to_be_bytes());
    seg.extend_from_slice(&[6 << 4, 0x02]); // data offset 6 words; SYN
    seg.extend_from_slice(&1024u16.to_be_bytes());
    seg.extend_from_slice(&[0, 0, 0, 0]); // checksum, urgent pointer
    seg.extend_from_slice(&[2, 4]); // MSS option
    seg.extend_from_slice(&1460u16.to_be_bytes());
    let c = checksum::transport(src, dst, 6, &seg);
    seg[16..18].copy_from_slice(&c.to_be_bytes());
    seg
}

/// A raw IPPROTO_TCP socket for sending SYNs (the kernel adds the IP header).
pub struct RawTcp {
    #[cfg(target_os = "linux")]
    fd: std::os::fd::OwnedFd,
}

impl RawTcp {
    /// Opens it; needs root or CAP_NET_RAW.
    pub fn open(v6: bool) -> io::Result<RawTcp> {
        sys::open(v6)
    }

    /// Sends one segment to `dst`.
    pub fn send(&self, dst: IpAddr, segment: &[u8]) -> io::Result<()> {
        sys::send(self, dst, segment)
    }
}

#[cfg(target_os = "linux")]
mod sys {
    use super::RawTcp;
    use std::io;
    use std::mem::{size_of, zeroed};
    use std::net::IpAddr;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

    pub(super) fn open(v6: bool) -> io::Result<RawTcp> {
        let family = if v6 { libc::AF_INET6 } else { libc::AF_INET };
        // SAFETY: plain socket(2) call with constant arguments; the result is checked.
        let fd = unsafe { libc::socket(family, libc::SOCK_RAW | libc::SOCK_CLOEXEC, libc::IPPROTO_TCP) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` is a fresh descriptor that nothing else owns.
        Ok(RawTcp { fd: unsafe { OwnedFd::from_raw_fd(fd) } })
    }

    pub(super) fn send(raw: &RawTcp, dst: IpAddr, seg: &[u8]) -> io::Result<()> {
        let r = match dst {
            IpAddr::V4(a) => {
                // SAFETY: sockaddr_in is plain data; all-zero is a valid value.
                let mut sa: libc::sockaddr_in = unsafe { zeroed() };
                sa.sin_family = libc::AF_INET as libc::sa_family_t;
                sa.sin_addr.s_addr = u32::from_ne_bytes(a.octets());
                // SAFETY: `seg` and `sa` outlive the call; lengths are theirs.
                unsafe {
                    libc::sendto(raw.fd.as_raw_fd(), seg.as_ptr().cast(), seg.len(), 0,
                        (&sa as *const libc::sockaddr_in).cast(), size_of::<libc::sockaddr_in>() as libc::socklen_t)
                }
            }
            IpAddr::V6(a) => {
                // SAFETY: sockaddr_in6 is plain data; all-zero is a valid value.
                let mut sa: libc::sockaddr_in6 = unsafe { zeroed() };
                sa.sin6_family = libc::AF_INET6 as libc::sa_family_t;
                sa.sin6_addr.s6_addr = a.octets();
                // SAFETY: `seg` and `sa` outlive the call; lengths are theirs.
                unsafe {
                    libc::sendto(raw.fd.as_raw_fd(), seg.as_ptr().cast(), seg.len(), 0,
                        (&sa as *const libc::sockaddr_in6).cast(), size_of::<libc::sockaddr_in6>() as libc::socklen_t)
                }
            }
        };
        if r < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod sys {
    use super::RawTcp;
    use std::io;
    use std::net::IpAddr;
    pub(super) fn open(_v6: bool) -> io::Result<RawTcp> {
        Err(io::Error::new(io::ErrorKind::Unsupported, "raw SYN probes are Linux-only"))
    }
    pub(super) fn send(_raw: &RawTcp, _dst: IpAddr, _seg: &[u8]) -> io::Result<()> {
        Err(io::Error::new(io::ErrorKind::Unsupported, "raw SYN probes are Linux-only"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syn_segment_verifies_with_its_own_checksum() {
        let (s, d): (IpAddr, IpAddr) = ("10.0.0.1".parse().expect("ip"), "10.0.0.2".parse().expect("ip"));
        let seg = syn_segment(s, d, 40000, 80, 12345);
        assert_eq!((seg.len(), seg[13], checksum::transport(s, d, 6, &seg)), (24, 0x02, 0));
    }

    #[test]
    #[cfg(target_endian = "little")]
    fn the_longest_ipv4_route_wins() {
        let t = "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n\
                 eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\n\
                 veth1\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\n";
        assert_eq!(route4(t, u32::from(std::net::Ipv4Addr::new(192, 168, 1, 7))).as_deref(), Some("veth1"));
        assert_eq!(route4(t, u32::from(std::net::Ipv4Addr::new(8, 8, 8, 8))).as_deref(), Some("eth0"));
    }
}
