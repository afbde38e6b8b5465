//! One snapshot of the host's TCP and UDP sockets, as `ss -tuanp` sees them.

use std::net::SocketAddr;

/// Transport protocol of a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Proto {
    Tcp,
    Udp,
}

impl Proto {
    /// `tcp` or `udp`, as ss's Netid column.
    pub fn name(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
        }
    }
}

/// The kernel timer running on a TCP socket (`ss -o`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerKind {
    /// Retransmission (`on`): unacknowledged data, SYN or FIN.
    Retransmit,
    /// Keepalive.
    Keepalive,
    /// TIME_WAIT expiry.
    TimeWait,
    /// Zero-window probe (`persist`).
    Persist,
}

impl TimerKind {
    /// ss's name for the timer.
    pub fn name(self) -> &'static str {
        match self {
            TimerKind::Retransmit => "on",
            TimerKind::Keepalive => "keepalive",
            TimerKind::TimeWait => "timewait",
            TimerKind::Persist => "persist",
        }
    }
}

/// A running timer: which, when it fires and how often it already did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timer {
    pub kind: TimerKind,
    /// Milliseconds until it fires (0 when the kernel does not say).
    pub expires_ms: u64,
    /// Retransmissions so far (retransmit timer only).
    pub retransmits: u8,
}

/// The few `struct tcp_info` fields tcpsleuth shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TcpInfo {
    /// Smoothed round-trip time and its variation, microseconds.
    pub rtt_us: u32,
    pub rttvar_us: u32,
    /// Retransmission timeout, microseconds.
    pub rto_us: u32,
    /// Segments retransmitted and not yet acknowledged (`tcpi_retrans`).
    pub retrans: u32,
    /// Retransmissions over the socket's life (`tcpi_total_retrans`).
    pub total_retrans: u32,
    /// Unacknowledged segments and the congestion window, in segments.
    pub unacked: u32,
    pub cwnd: u32,
}

impl TcpInfo {
    /// Reads the fields from a `struct tcp_info` (linux/tcp.h); `None` when too short.
    ///
    /// ```text
    /// 0 state ca_state retransmits probes backoff options wscale flags (8 × u8)
    /// 8 rto ato snd_mss rcv_mss unacked sacked lost retrans fackets   (u32 each)
    /// 44 last_data_sent last_ack_sent last_data_recv last_ack_recv
    /// 60 pmtu rcv_ssthresh rtt rttvar snd_ssthresh snd_cwnd advmss
    /// 88 reordering rcv_rtt rcv_space total_retrans
    /// ```
    pub fn parse(b: &[u8]) -> Option<TcpInfo> {
        let u = |at: usize| -> Option<u32> {
            let w = b.get(at..at + 4)?;
            Some(u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))
        };
        Some(TcpInfo {
            rto_us: u(8)?,
            unacked: u(24)?,
            retrans: u(36)?,
            rtt_us: u(68)?,
            rttvar_us: u(72)?,
            cwnd: u(80)?,
            total_retrans: u(100)?,
        })
    }
}

/// A process holding a socket open (`users:(("nginx",pid=…,fd=…))`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Owner {
    pub name: String,
    pub pid: u32,
    pub fd: u32,
}

/// One socket.
#[derive(Clone, Debug)]
pub struct HostSocket {
    pub proto: Proto,
    pub local: SocketAddr,
    pub peer: SocketAddr,
    /// Linux state number (`TCP_ESTABLISHED` = 1 … `TCP_NEW_SYN_RECV` = 12);
    /// `flow::kernel::TcpState::from_linux` names it.
    pub state: u8,
    /// Bytes not yet read by the application; on a LISTEN socket, connections
    /// waiting in the accept queue.
    pub recv_q: u32,
    /// Bytes not yet acknowledged by the peer; on a LISTEN socket, the backlog.
    pub send_q: u32,
    pub uid: u32,
    /// Socket inode (0 for TIME_WAIT and SYN_RECV request sockets).
    pub inode: u64,
    pub timer: Option<Timer>,
    /// From tcp_info (netlink only).
    pub info: Option<TcpInfo>,
    pub owners: Vec<Owner>,
}

/// Where the snapshot came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// NETLINK_SOCK_DIAG, as ss reads it.
    Netlink,
    /// /proc/net/{tcp,tcp6,udp,udp6}: no tcp_info, SYN_RECV request sockets missing.
    ProcNet,
}

/// All sockets of one network namespace, and what could not be read.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub sockets: Vec<HostSocket>,
    pub source: Source,
    /// Things the user should know (fallback used, owners not readable…).
    pub notes: Vec<String>,
}

/// What to read.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Network namespace name (a file under /var/run/netns); `None` for ours.
    pub netns: Option<String>,
    /// Read /proc/net even when netlink works (tests of the fallback).
    pub force_procnet: bool,
}

/// Directory where `ip netns` keeps its namespace handles.
pub const NETNS_DIR: &str = "/var/run/netns";

/// Reads every TCP and UDP socket, IPv4 and IPv6, with owning processes.
pub fn read_sockets(opts: &ReadOptions) -> Result<Snapshot, String> {
    let opts2 = opts.clone();
    // A namespace switch applies to one thread: read in a fresh one so the
    // caller stays where it was.
    let mut snap = std::thread::spawn(move || -> Result<Snapshot, String> {
        if let Some(ns) = &opts2.netns {
            enter_netns(ns)?;
        }
        read_here(opts2.force_procnet)
    })
    .join()
    .map_err(|_| "the socket reader thread failed".to_string())??;
    let seen = super::owners::attach(&mut snap.sockets);
    if !seen.complete {
        snap.notes.push(
            "process names of other users' sockets need root or CAP_SYS_PTRACE (as with ss -p)"
                .into(),
        );
    }
    snap.sockets.sort_by(|a, b| (a.proto, a.local, a.peer).cmp(&(b.proto, b.local, b.peer)));
    Ok(snap)
}

/// Netlink first; /proc/net when the kernel refuses it.
fn read_here(force_procnet: bool) -> Result<Snapshot, String> {
    #[cfg(target_os = "linux")]
    if !force_procnet {
        match super::diag::dump_all() {
            Ok(sockets) => return Ok(Snapshot { sockets, source: Source::Netlink, notes: vec![] }),
            Err(e) => {
                let mut snap = super::procnet::read_all()?;
                snap.notes.push(format!(
                    "NETLINK_SOCK_DIAG refused ({e}): read /proc/net instead (no RTT, \
                     retransmits or SYN_RECV request sockets)"
                ));
                return Ok(snap);
            }
        }
    }
    let _ = force_procnet;
    super::procnet::read_all()
}

/// Moves this thread into the network namespace `name` (`ip netns add NAME`).
fn enter_netns(name: &str) -> Result<(), String> {
    if name.is_empty() || name.contains('/') || name == "." || name == ".." {
        return Err(format!("--netns {name:?}: give a name as `ip netns list` shows it"));
    }
    let path = format!("{NETNS_DIR}/{name}");
    let file = std::fs::File::open(&path)
        .map_err(|e| format!("--netns {name}: cannot open {path}: {e} (see `ip netns list`)"))?;
    sys::setns_net(&file).map_err(|e| {
        format!("--netns {name}: cannot enter the namespace: {e} (needs root or CAP_SYS_ADMIN)")
    })
}

#[cfg(target_os = "linux")]
mod sys {
    use std::os::fd::AsRawFd;

    /// setns(2) into the network namespace behind `file`, for this thread.
    pub(super) fn setns_net(file: &std::fs::File) -> std::io::Result<()> {
        // SAFETY: the descriptor is open for the duration of the call (borrowed
        // `file`); setns only changes this thread's namespace membership.
        let r = unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) };
        if r == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod sys {
    pub(super) fn setns_net(_file: &std::fs::File) -> std::io::Result<()> {
        Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "network namespaces are Linux-only"))
    }
}
