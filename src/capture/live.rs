//! Live capture from a Linux interface: an `AF_PACKET` socket → [`Frame`]s.
//!
//! No libpcap: the kernel hands each frame to a packet socket bound to one
//! interface (`ETH_P_ALL`, every protocol, both directions), with its receive
//! timestamp (`SO_TIMESTAMPNS`). Ethernet and loopback interfaces (loopback is
//! Ethernet-framed on Linux) give LINKTYPE_ETHERNET frames as received; any
//! other interface (tun, WireGuard, PPP, GRE…) is read in cooked mode
//! (`SOCK_DGRAM`, link header removed) and each frame gets a synthesized
//! LINKTYPE_LINUX_SLL2 header, as libpcap does for `-i any` and unknown links.
//!
//! Frames this host sends with checksum offload carry only a partial TCP/UDP
//! checksum when the socket sees them (the NIC, or nobody on loopback, fills it
//! in later). The kernel flags them (`TP_STATUS_CSUMNOTREADY`); we complete the
//! checksum so the frame is what goes on the wire and the flow stage, which
//! ignores bad-checksum packets as Zeek does, does not drop the host's own traffic.
//!
//! The capture ends at SIGINT/SIGTERM (so the subcommand prints its tables),
//! after `--duration`, or on a socket error. A 200 ms receive timeout lets the
//! loop notice the signal flag and the deadline on an idle link.
//!
//! Every `unsafe` (system calls and the signal handler) sits in the Linux-only
//! `sys` module below; SAFETY.md lists them. Elsewhere `open` fails clearly.

use super::{CaptureError, ErrorKind, Frame, MAX_SNAPLEN};
use crate::time::Timestamp;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// LINKTYPE_ETHERNET.
const LINKTYPE_ETHERNET: u32 = 1;
/// LINKTYPE_LINUX_SLL2: 20-byte cooked header, then the network-layer packet.
const LINKTYPE_LINUX_SLL2: u32 = 276;
/// Length of the synthesized SLL2 header.
const SLL2_LEN: usize = 20;
/// ARPHRD_ETHER, ARPHRD_LOOPBACK: interfaces whose frames carry an Ethernet header.
const ARPHRD_ETHER: u16 = 1;
const ARPHRD_LOOPBACK: u16 = 772;
/// sll_pkttype of a frame this host sent.
const PACKET_OUTGOING: u8 = 4;
/// How long one receive waits before the loop checks the stop flag and deadline.
const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// How long reading what was queued may go on after the capture is told to stop.
const DRAIN_LIMIT: Duration = Duration::from_secs(1);

/// What to capture and for how long.
#[derive(Clone, Debug)]
pub struct LiveOptions {
    /// Interface name as `ip link` shows it (`lo`, `eth0`…).
    pub interface: String,
    /// Bytes kept of each frame (link header included); 0 means [`MAX_SNAPLEN`].
    pub snaplen: u32,
    /// Put the interface in promiscuous mode while the socket is open.
    pub promisc: bool,
    /// Stop after this long.
    pub duration: Option<Duration>,
    /// Kernel ring size in KiB (tcpdump -B); `None` is libpcap's 2 MiB.
    pub buffer_kib: Option<u32>,
    /// Hand frames over as they arrive rather than in batches (tcpdump --immediate-mode).
    pub immediate: bool,
    /// Which frames to keep by direction (tcpdump -Q).
    pub direction: Direction,
}

/// The frames of an interface a live capture keeps, by whether this host
/// sent them (tcpdump -Q in|out|inout, libpcap's pcap_setdirection).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    /// Both ways.
    #[default]
    InOut,
    /// Only frames this host received.
    In,
    /// Only frames this host sent.
    Out,
}

impl LiveOptions {
    /// Options for capturing on `interface` with everything else at its default.
    pub fn on(interface: &str) -> LiveOptions {
        LiveOptions {
            interface: interface.to_string(),
            snaplen: 0,
            promisc: true,
            duration: None,
            buffer_kib: None,
            immediate: false,
            direction: Direction::InOut,
        }
    }
}

/// One received frame as the kernel describes it (`sockaddr_ll` plus timestamp).
pub(super) struct Received {
    /// Length of the frame on the wire (may exceed the buffer: `MSG_TRUNC`).
    pub(super) len: usize,
    /// Kernel receive timestamp, when the control message came.
    pub(super) ts: Option<Timestamp>,
    /// sll_pkttype: 0 host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing.
    pub(super) pkttype: u8,
    /// sll_ifindex: the interface (several with `any`).
    pub(super) ifindex: u32,
    /// sll_protocol (EtherType, host order).
    pub(super) protocol: u16,
    /// sll_hatype (ARPHRD_*).
    pub(super) hatype: u16,
    /// sll_halen and sll_addr.
    pub(super) halen: u8,
    pub(super) addr: [u8; 8],
    /// Offset of the network header in the received bytes, when its
    /// TCP/UDP checksum is partial (`TP_STATUS_CSUMNOTREADY`).
    pub(super) partial_csum_at: Option<usize>,
}

/// Why one receive returned without a frame.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub(super) enum Idle {
    /// The receive timeout passed or a signal interrupted the call.
    Again,
    /// A real error (interface gone or down…).
    Failed(std::io::Error),
}

/// A live capture on one interface, or on all of them (`any`).
pub(crate) struct Live {
    /// Interface name, used as the "file name" in banners and errors.
    pub(crate) name: String,
    sock: sys::PacketSocket,
    source: Source,
    link_type: u32,
    snaplen: u32,
    /// Loopback's index when frames sent on it must be skipped: loopback
    /// shows each one again as received (libpcap drops the outgoing copy).
    lo_ifindex: Option<u32>,
    direction: Direction,
    deadline: Option<Instant>,
    /// How long the kernel may hold a partly filled ring block.
    retire: Duration,
    done: bool,
    /// When the signal or deadline was first seen: from then on only queued frames are read.
    stop_at: Option<Instant>,
    /// PACKET_STATISTICS sums (the kernel resets them on every read).
    received: u64,
    dropped: u64,
}

/// Where frames are read from: the TPACKET_V3 ring, or (when the kernel
/// refuses one) one recvmsg per frame into a buffer.
enum Source {
    #[cfg(target_os = "linux")]
    Ring(super::ring::Ring),
    Socket(Vec<u8>),
}

/// How long the kernel may keep a partly filled block before handing it
/// over: frames reach us at most this late (1 ms with --immediate).
const RETIRE: Duration = Duration::from_millis(100);
/// Kernel buffer by default (libpcap's).
const DEFAULT_BUFFER: usize = 2 << 20;

/// Headroom before each frame: room for an SLL2 header (cooked) or a VLAN tag.
fn reserve(ethernet: bool) -> usize {
    if ethernet {
        4
    } else {
        SLL2_LEN
    }
}

impl Live {
    /// Opens a packet socket on `opts.interface` (all of them for `any`),
    /// maps its ring and installs the SIGINT/SIGTERM flag.
    pub(crate) fn open(opts: &LiveOptions) -> Result<Live, CaptureError> {
        let name = opts.interface.clone();
        let fail = |msg: String| CaptureError { file: name.clone(), offset: 0, kind: ErrorKind::Live(msg) };
        let any = name == super::devices::ANY;
        let (ifindex, hatype) = if any {
            (0, None)
        } else {
            let i = sys::if_index(&name)
                .ok_or_else(|| fail("no such network interface (list them with `tcpsleuth -D`)".into()))?;
            (i, sys::hardware_type(&name, i))
        };
        let ethernet = matches!(hatype, Some(ARPHRD_ETHER | ARPHRD_LOOPBACK));
        // libpcap cannot make `any` promiscuous either: it is no one link.
        let sock = sys::PacketSocket::open(ifindex, ethernet, opts.promisc && !any, POLL_INTERVAL)
            .map_err(|e| fail(open_message(&e)))?;
        sys::stop_on_signals();
        let snaplen = match opts.snaplen {
            0 => MAX_SNAPLEN,
            n => n.clamp(if ethernet { 1 } else { SLL2_LEN as u32 + 1 }, MAX_SNAPLEN),
        };
        let buffer = opts.buffer_kib.map_or(DEFAULT_BUFFER, |k| k as usize * 1024);
        let retire = if opts.immediate { Duration::from_millis(1) } else { RETIRE };
        let source = Live::source(&sock, buffer, retire, ethernet, snaplen);
        let lo_ifindex = if any { sys::if_index("lo") } else { (hatype == Some(ARPHRD_LOOPBACK)).then_some(ifindex) };
        Ok(Live {
            name: name.clone(),
            sock,
            source,
            link_type: if ethernet { LINKTYPE_ETHERNET } else { LINKTYPE_LINUX_SLL2 },
            snaplen,
            lo_ifindex,
            direction: opts.direction,
            deadline: opts.duration.map(|d| Instant::now() + d),
            retire,
            done: false,
            stop_at: None,
            received: 0,
            dropped: 0,
        })
    }

    /// The ring, or the plain socket when the kernel has no TPACKET_V3.
    fn source(sock: &sys::PacketSocket, buffer: usize, retire: Duration, ethernet: bool, snaplen: u32) -> Source {
        #[cfg(target_os = "linux")]
        if let Ok(r) = super::ring::Ring::new(sock.raw_fd(), buffer, retire, reserve(ethernet) as u32) {
            return Source::Ring(r);
        }
        sock.set_buffer(buffer);
        let _ = (retire, ethernet);
        Source::Socket(vec![0; snaplen as usize + SLL2_LEN])
    }

    /// Attaches a classic BPF program (code, jt, jf, k), compiled for
    /// [`Live::link_type`], in the kernel (SO_ATTACH_FILTER), so unwanted
    /// frames are dropped before they are copied and the kernel's counters
    /// count what the filter passed, as tcpdump's do. On cooked sockets the
    /// kernel sees the packet from its network header: the program's loads
    /// are moved as libpcap moves them ([`cooked_kernel_program`]); one that
    /// reads the link-layer header stays in userspace. Returns whether it
    /// was attached.
    pub(crate) fn attach_filter(&self, prog: &[(u16, u8, u8, u32)]) -> std::io::Result<bool> {
        if self.link_type == LINKTYPE_ETHERNET {
            return self.sock.attach_filter(prog).map(|()| true);
        }
        match cooked_kernel_program(prog) {
            Some(p) => self.sock.attach_filter(&p).map(|()| true),
            None => Ok(false),
        }
    }

    /// The kernel's counters since the socket opened (PACKET_STATISTICS):
    /// frames that passed the filter (dropped ones included) and frames
    /// dropped for lack of buffer space.
    pub(crate) fn statistics(&mut self) -> Option<(u64, u64)> {
        let (p, d) = self.sock.statistics().ok()?;
        // The kernel resets its counters on each read: keep the sums.
        self.received += u64::from(p);
        self.dropped += u64::from(d);
        Some((self.received, self.dropped))
    }

    /// True once a signal came or the duration passed. The frames the kernel
    /// queued before that are still read, so traffic that happened before
    /// ctrl-C is never lost; the drain is bounded by [`DRAIN_LIMIT`] in case
    /// frames keep arriving faster than we read.
    fn stopping(&mut self) -> bool {
        if self.stop_at.is_none()
            && (sys::stop_requested() || self.deadline.is_some_and(|d| Instant::now() >= d))
        {
            self.stop_at = Some(Instant::now());
        }
        if self.stop_at.is_some_and(|t| t.elapsed() > DRAIN_LIMIT) {
            self.done = true;
        }
        self.stop_at.is_some()
    }

    /// LINKTYPE_* of every frame (Ethernet, or Linux SLL2 for other links and `any`).
    pub(crate) fn link_type(&self) -> u32 {
        self.link_type
    }

    /// Bytes kept of each frame.
    pub(crate) fn snaplen(&self) -> u32 {
        self.snaplen
    }

    /// Whether a frame from (pkttype, ifindex) is left out: loopback's
    /// outgoing copy (it comes back in), or the direction -Q leaves out
    /// (libpcap's checks, in its order).
    fn skipped(&self, pkttype: u8, ifindex: u32) -> bool {
        if pkttype == PACKET_OUTGOING {
            self.lo_ifindex == Some(ifindex) || self.direction == Direction::In
        } else {
            self.direction == Direction::Out
        }
    }

    /// The next frame; `None` once stopped (signal, duration) or after an error.
    pub(crate) fn next(&mut self) -> Option<Result<Frame<'_>, CaptureError>> {
        match self.source {
            #[cfg(target_os = "linux")]
            Source::Ring(_) => self.next_from_ring(),
            Source::Socket(_) => self.next_from_socket(),
        }
    }

    /// Ends the capture with an error.
    fn failed(&mut self, e: std::io::Error) -> Option<Result<Frame<'static>, CaptureError>> {
        self.done = true;
        let kind = ErrorKind::Live(format!("capture stopped: {e}"));
        Some(Err(CaptureError { file: self.name.clone(), offset: 0, kind }))
    }

    #[cfg(target_os = "linux")]
    fn next_from_ring(&mut self) -> Option<Result<Frame<'_>, CaptureError>> {
        let at = loop {
            if self.done {
                return None;
            }
            let stopping = self.stopping();
            // Once stopping, a block still being filled is handed over within
            // `retire`: wait that long (and some) for it, then end.
            let wait = if stopping { self.retire + DRAIN_GRACE } else { POLL_INTERVAL };
            let Source::Ring(ring) = &mut self.source else { return None };
            match ring.advance(wait) {
                Ok(Some(at)) => {
                    let (pkttype, ifindex) = ring.origin(at);
                    if !self.skipped(pkttype, ifindex) {
                        break at;
                    }
                }
                Ok(None) if stopping => {
                    self.done = true;
                    return None;
                }
                Ok(None) => {}
                Err(e) => return self.failed(e),
            }
        };
        let (link_type, snaplen) = (self.link_type, self.snaplen);
        let Source::Ring(ring) = &mut self.source else { return None };
        let f = ring.frame(at)?;
        Some(Ok(ring_frame(f, link_type, snaplen)))
    }

    fn next_from_socket(&mut self) -> Option<Result<Frame<'_>, CaptureError>> {
        let head = if self.link_type == LINKTYPE_ETHERNET { 0 } else { SLL2_LEN };
        let rx = loop {
            if self.done {
                return None;
            }
            let stopping = self.stopping();
            let Source::Socket(buf) = &mut self.source else { return None };
            let body = buf.get_mut(head..).unwrap_or_default();
            match self.sock.recv(body, stopping) {
                Ok(rx) if self.skipped(rx.pkttype, rx.ifindex) => continue,
                Ok(rx) => break rx,
                Err(Idle::Again) if stopping => {
                    self.done = true;
                    return None;
                }
                Err(Idle::Again) => continue,
                Err(Idle::Failed(e)) => return self.failed(e),
            }
        };
        let (link_type, snaplen) = (self.link_type, self.snaplen);
        let Source::Socket(buf) = &mut self.source else { return None };
        if let Some(net) = rx.partial_csum_at {
            let end = rx.len.min(buf.len().saturating_sub(head));
            if let Some(body) = buf.get_mut(head..head + end) {
                complete_checksum(body, net);
            }
        }
        if head > 0 {
            if let Some(h) = buf.get_mut(..SLL2_LEN) {
                h.copy_from_slice(&sll2_header(&rx));
            }
        }
        let orig_len = u32::try_from(rx.len.saturating_add(head)).unwrap_or(u32::MAX);
        let caplen = orig_len.min(snaplen).min(buf.len() as u32);
        let data = buf.get(..caplen as usize).unwrap_or_default();
        let ts = rx.ts.unwrap_or_else(now);
        Some(Ok(Frame { number: 0, source: 0, offset: 0, ts, link_type, caplen, orig_len, snaplen, data, raw_fraction: None }))
    }
}

/// A program compiled for LINKTYPE_LINUX_SLL2 rewritten for a cooked
/// socket's kernel filter, which sees the packet from its network header
/// (libpcap's `fix_offset`): loads past the 20-byte SLL2 header move 20
/// bytes back, loads of its protocol, interface index, hardware type and
/// packet type fields become the kernel's ancillary loads (SKF_AD_*);
/// `None` when the program reads any other byte of the link-layer header.
fn cooked_kernel_program(prog: &[(u16, u8, u8, u32)]) -> Option<Vec<(u16, u8, u8, u32)>> {
    const SKF_AD_OFF: u32 = 0xffff_f000;
    // Any negative offset (SKF_AD_OFF, SKF_NET_OFF, SKF_LL_OFF) is already the kernel's own.
    const NEGATIVE: u32 = 0x8000_0000;
    prog.iter()
        .map(|&(code, jt, jf, k)| {
            let class = code & 0x07;
            let mode = code & 0xe0;
            let size = code & 0x18;
            let moved = match (class, mode) {
                (0x00, 0x20) if k >= NEGATIVE => k,
                (0x00, 0x20) if k >= SLL2_LEN as u32 => k - SLL2_LEN as u32,
                // ldh [0] protocol, ld [4] ifindex, ldh [8] ARPHRD type, ldb [10] packet type.
                (0x00, 0x20) => match (k, size) {
                    (0, 0x08) => SKF_AD_OFF,
                    (4, 0x00) => SKF_AD_OFF + 8,
                    (8, 0x08) => SKF_AD_OFF + 28,
                    (10, 0x10) => SKF_AD_OFF + 4,
                    _ => return None,
                },
                // ld [x + k] and ldx 4*([k]&0xf): offsets past the link header.
                (0x00, 0x40) | (0x01, 0xa0) if k >= NEGATIVE => k,
                (0x00, 0x40) | (0x01, 0xa0) => k.checked_sub(SLL2_LEN as u32)?,
                _ => k,
            };
            Some((code, jt, jf, moved))
        })
        .collect()
}

/// Extra wait for the last block after a stop (a loaded machine may run the
/// kernel's retire timer late).
const DRAIN_GRACE: Duration = Duration::from_millis(300);

/// A ring frame as a [`Frame`]: the VLAN tag the kernel took off put back
/// (Ethernet), or the SLL2 header written in the headroom (cooked), the
/// partial checksum completed, and cut to `snaplen`.
#[cfg(target_os = "linux")]
fn ring_frame(f: super::ring::RingFrame<'_>, link_type: u32, snaplen: u32) -> Frame<'_> {
    let super::ring::RingFrame { buf, head, len, .. } = f;
    let mut start = head;
    let mut orig = len;
    if let Some(net) = f.partial_csum_at {
        if let Some(body) = buf.get_mut(head..) {
            complete_checksum(body, net);
        }
    }
    if link_type == LINKTYPE_ETHERNET {
        if let (Some((tpid, tci)), true) = (f.vlan, head >= 4 && buf.len() >= head + 12) {
            // libpcap does the same: MACs 4 bytes earlier, then TPID and TCI.
            buf.copy_within(head..head + 12, head - 4);
            buf[head + 8..head + 10].copy_from_slice(&tpid.to_be_bytes());
            buf[head + 10..head + 12].copy_from_slice(&tci.to_be_bytes());
            start = head - 4;
            orig += 4;
        }
    } else if head >= SLL2_LEN {
        let rx = Received {
            len,
            ts: None,
            pkttype: f.pkttype,
            protocol: f.protocol,
            ifindex: f.ifindex,
            hatype: f.hatype,
            halen: f.halen,
            addr: f.addr,
            partial_csum_at: None,
        };
        start = head - SLL2_LEN;
        buf[start..head].copy_from_slice(&sll2_header(&rx));
        orig += SLL2_LEN;
    }
    let orig_len = u32::try_from(orig).unwrap_or(u32::MAX);
    let caplen = (buf.len() - start).min(snaplen as usize);
    let data = &buf[start..start + caplen];
    let ts = Timestamp::new(i64::from(f.sec), u64::from(f.nsec));
    Frame { number: 0, source: 0, offset: 0, ts, link_type, caplen: caplen as u32, orig_len, snaplen, data, raw_fraction: None }
}

/// Whether the driver reports a carrier on interface `name` (ethtool
/// ETHTOOL_GLINK, as libpcap asks for tcpdump -D); `None` when it cannot say.
pub(super) fn link_detected(name: &str) -> Option<bool> {
    sys::link_detected(name)
}

/// Stops every live capture of this process as ctrl-C does: each still reads
/// the frames the kernel queued for it, then ends. For a caller that knows
/// its traffic is over (`probe`), so no frame depends on a timer.
pub fn stop_all() {
    sys::request_stop();
}

/// Makes the first ctrl-C (SIGINT) or SIGTERM set the stop flag instead of
/// killing the process, so a command interrupted while reading a file still
/// prints what it found so far. A second signal kills as usual.
pub fn stop_on_signals() {
    sys::stop_on_signals();
}

/// True once ctrl-C or SIGTERM arrived after [`stop_on_signals`], or once
/// [`stop_all`] was called.
pub fn stop_requested() -> bool {
    sys::stop_requested()
}

/// The LINKTYPE_LINUX_SLL2 header libpcap writes for a cooked frame.
///
/// ```text
/// protocol(2) reserved(2) ifindex(4) ARPHRD type(2) packet type(1) addr len(1) addr(8)
/// ```
fn sll2_header(rx: &Received) -> [u8; SLL2_LEN] {
    let mut h = [0u8; SLL2_LEN];
    h[0..2].copy_from_slice(&rx.protocol.to_be_bytes());
    h[4..8].copy_from_slice(&rx.ifindex.to_be_bytes());
    h[8..10].copy_from_slice(&rx.hatype.to_be_bytes());
    h[10] = rx.pkttype;
    h[11] = rx.halen;
    h[12..20].copy_from_slice(&rx.addr);
    h
}

/// Fills in the TCP or UDP checksum of the IP packet at `net` in `frame`
/// (unfragmented IPv4, or IPv6 without extension headers, captured whole).
fn complete_checksum(frame: &mut [u8], net: usize) {
    let Some(ip) = frame.get_mut(net..) else {
        return;
    };
    let (proto, pseudo, l4_start, l4_len) = match ip.first().map(|b| b >> 4) {
        Some(4) if ip.len() >= 20 => {
            let ihl = usize::from(ip[0] & 0x0f) * 4;
            let total = usize::from(u16::from_be_bytes([ip[2], ip[3]]));
            let fragment = u16::from_be_bytes([ip[6], ip[7]]) & 0x3fff != 0;
            if fragment || ihl < 20 || total < ihl {
                return;
            }
            let mut pseudo = sum(&ip[12..20]);
            pseudo += u32::from(ip[9]) + (total - ihl) as u32;
            (ip[9], pseudo, ihl, total - ihl)
        }
        Some(6) if ip.len() >= 40 => {
            let len = usize::from(u16::from_be_bytes([ip[4], ip[5]]));
            let pseudo = sum(&ip[8..40]) + u32::from(ip[6]) + len as u32;
            (ip[6], pseudo, 40, len)
        }
        _ => return,
    };
    let field = match proto {
        6 => 16,
        17 => 6,
        _ => return,
    };
    let Some(l4) = ip.get_mut(l4_start..l4_start + l4_len) else {
        return;
    };
    if l4.len() < field + 2 {
        return;
    }
    l4[field] = 0;
    l4[field + 1] = 0;
    let mut total = pseudo + sum(l4);
    while total > 0xffff {
        total = (total & 0xffff) + (total >> 16);
    }
    let mut csum = !(total as u16);
    if proto == 17 && csum == 0 {
        csum = 0xffff; // RFC 768: zero means "no checksum"
    }
    l4[field..field + 2].copy_from_slice(&csum.to_be_bytes());
}

/// One's-complement sum of big-endian 16-bit words (odd byte padded), not folded.
fn sum(bytes: &[u8]) -> u32 {
    bytes
        .chunks(2)
        .map(|w| u32::from(u16::from_be_bytes([w[0], w.get(1).copied().unwrap_or(0)])))
        .sum()
}

/// Wall-clock time, for a frame that came without a kernel timestamp.
fn now() -> Timestamp {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp::new(d.as_secs() as i64, d.subsec_nanos() as u64)
}

/// The message for a socket that could not be opened.
fn open_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => format!(
            "cannot open a packet socket: {e}; live capture needs root or the CAP_NET_RAW \
             capability (e.g. `sudo setcap cap_net_raw,cap_net_admin=eip $(command -v tcpsleuth)`)"
        ),
        std::io::ErrorKind::Unsupported => e.to_string(),
        _ => format!("cannot open a packet socket: {e}"),
    }
}

#[cfg(target_os = "linux")]
mod sys {
    //! The system calls of live capture. Each `unsafe` block is one libc call
    //! on values built right here, with its SAFETY argument beside it.

    use super::{Idle, Received};
    use crate::time::Timestamp;
    use std::ffi::CString;
    use std::io;
    use std::mem::{size_of, zeroed};
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    /// Set by the SIGINT/SIGTERM handler; read by the receive loop.
    static STOP: AtomicBool = AtomicBool::new(false);

    /// An `AF_PACKET` socket bound to one interface; closed on drop.
    pub(super) struct PacketSocket {
        fd: OwnedFd,
    }

    /// Index of interface `name`, `None` when there is no such interface.
    pub(super) fn if_index(name: &str) -> Option<u32> {
        let c = CString::new(name).ok()?;
        // SAFETY: `c` is a NUL-terminated string that outlives the call;
        // if_nametoindex only reads it and returns 0 on failure.
        let i = unsafe { libc::if_nametoindex(c.as_ptr()) };
        (i != 0).then_some(i)
    }

    /// ETHTOOL_GLINK on interface `name`: Some(carrier) or None when the
    /// driver has no such operation (EOPNOTSUPP) or the call fails.
    pub(super) fn link_detected(name: &str) -> Option<bool> {
        const ETHTOOL_GLINK: u32 = 0x0a;
        #[repr(C)]
        struct EthtoolValue {
            cmd: u32,
            data: u32,
        }
        let bytes = name.as_bytes();
        if bytes.len() >= libc::IFNAMSIZ || bytes.contains(&0) {
            return None;
        }
        // SAFETY: plain system call with integer arguments.
        let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
        if fd < 0 {
            return None;
        }
        // SAFETY: `fd` was just returned by socket() and is owned by nobody else.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        let mut value = EthtoolValue { cmd: ETHTOOL_GLINK, data: 0 };
        // SAFETY: ifreq is plain data; all-zero is a valid value (empty name, null pointer).
        let mut req: libc::ifreq = unsafe { zeroed() };
        for (d, s) in req.ifr_name.iter_mut().zip(bytes) {
            *d = *s as libc::c_char;
        }
        req.ifr_ifru.ifru_data = (&mut value as *mut EthtoolValue).cast();
        // SAFETY: `req` names the interface (NUL-terminated: zeroed beyond the
        // name) and points at `value`, a live ethtool_value the kernel fills.
        let r = unsafe { libc::ioctl(fd.as_raw_fd(), libc::SIOCETHTOOL as _, &mut req) };
        (r == 0).then_some(value.data != 0)
    }

    /// ARPHRD_* type of the interface, from sysfs (no privilege needed).
    pub(super) fn hardware_type(name: &str, _ifindex: u32) -> Option<u16> {
        if name.contains('/') || name.starts_with('.') {
            return None;
        }
        let t = std::fs::read_to_string(format!("/sys/class/net/{name}/type")).ok()?;
        t.trim().parse().ok()
    }

    /// Asks every live capture of this process to stop, as ctrl-C does.
    pub(super) fn request_stop() {
        STOP.store(true, Ordering::Relaxed);
    }

    /// True once SIGINT or SIGTERM arrived.
    pub(super) fn stop_requested() -> bool {
        STOP.load(Ordering::Relaxed)
    }

    extern "C" fn on_signal(_: libc::c_int) {
        // Only an atomic store: async-signal-safe.
        STOP.store(true, Ordering::Relaxed);
    }

    /// Makes SIGINT and SIGTERM set the stop flag (once: a second signal kills as usual).
    pub(super) fn stop_on_signals() {
        for sig in [libc::SIGINT, libc::SIGTERM] {
            // SAFETY: a zeroed sigaction is a valid "no flags, empty mask"
            // value; the handler only stores to an atomic (async-signal-safe);
            // SA_RESETHAND restores the default action after the first signal,
            // and without SA_RESTART a blocked recvmsg returns EINTR at once.
            unsafe {
                let mut sa: libc::sigaction = zeroed();
                sa.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
                sa.sa_flags = libc::SA_RESETHAND;
                libc::sigemptyset(&mut sa.sa_mask);
                libc::sigaction(sig, &sa, std::ptr::null_mut());
            }
        }
    }

    /// Sets one socket option from a plain value.
    fn set_opt<T>(
        fd: &OwnedFd,
        level: libc::c_int,
        name: libc::c_int,
        value: &T,
    ) -> io::Result<()> {
        // SAFETY: `value` points at a live T of exactly the length passed;
        // the kernel copies it and keeps no pointer.
        let r = unsafe {
            libc::setsockopt(
                fd.as_raw_fd(),
                level,
                name,
                (value as *const T).cast(),
                size_of::<T>() as libc::socklen_t,
            )
        };
        if r == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }

    impl PacketSocket {
        /// Opens and binds the socket: SOCK_RAW (whole frames) for Ethernet-framed
        /// links, SOCK_DGRAM (cooked, link header removed) for the rest.
        /// Receives wait at most `wait` (SO_RCVTIMEO) so the caller can poll its stop conditions.
        pub(super) fn open(
            ifindex: u32,
            raw: bool,
            promisc: bool,
            wait: Duration,
        ) -> io::Result<PacketSocket> {
            let kind = if raw {
                libc::SOCK_RAW
            } else {
                libc::SOCK_DGRAM
            };
            // Protocol 0: no frames until bound to the interface (as libpcap does).
            // SAFETY: plain system call with integer arguments.
            let fd = unsafe { libc::socket(libc::AF_PACKET, kind | libc::SOCK_CLOEXEC, 0) };
            if fd < 0 {
                return Err(io::Error::last_os_error());
            }
            // SAFETY: `fd` was just returned by socket() and is owned by nobody else.
            let fd = unsafe { OwnedFd::from_raw_fd(fd) };
            let ifindex = libc::c_int::try_from(ifindex).map_err(|_| {
                io::Error::new(io::ErrorKind::InvalidInput, "interface index out of range")
            })?;
            // SAFETY: sockaddr_ll is plain data; all-zero is a valid value.
            let mut sll: libc::sockaddr_ll = unsafe { zeroed() };
            sll.sll_family = libc::AF_PACKET as u16;
            sll.sll_protocol = (libc::ETH_P_ALL as u16).to_be();
            sll.sll_ifindex = ifindex;
            // SAFETY: `sll` is a live sockaddr_ll and the length passed is its size.
            let r = unsafe {
                libc::bind(
                    fd.as_raw_fd(),
                    (&sll as *const libc::sockaddr_ll).cast(),
                    size_of::<libc::sockaddr_ll>() as libc::socklen_t,
                )
            };
            if r != 0 {
                return Err(io::Error::last_os_error());
            }
            if promisc {
                // SAFETY: packet_mreq is plain data; all-zero is a valid value.
                let mut mr: libc::packet_mreq = unsafe { zeroed() };
                mr.mr_ifindex = ifindex;
                mr.mr_type = libc::PACKET_MR_PROMISC as u16;
                // Dropped by the kernel when the socket closes.
                set_opt(&fd, libc::SOL_PACKET, libc::PACKET_ADD_MEMBERSHIP, &mr)?;
            }
            set_opt(
                &fd,
                libc::SOL_SOCKET,
                libc::SO_TIMESTAMPNS,
                &(1 as libc::c_int),
            )?;
            set_opt(
                &fd,
                libc::SOL_PACKET,
                libc::PACKET_AUXDATA,
                &(1 as libc::c_int),
            )?;
            let tv = libc::timeval {
                tv_sec: wait.as_secs() as libc::time_t,
                tv_usec: wait.subsec_micros() as libc::suseconds_t,
            };
            set_opt(&fd, libc::SOL_SOCKET, libc::SO_RCVTIMEO, &tv)?;
            Ok(PacketSocket { fd })
        }

        /// The descriptor, for the ring's socket options and mmap.
        pub(super) fn raw_fd(&self) -> std::os::fd::RawFd {
            self.fd.as_raw_fd()
        }

        /// Without a ring: a receive buffer of `bytes` rides out bursts
        /// (capped by net.core.rmem_max; failure only means a smaller one).
        pub(super) fn set_buffer(&self, bytes: usize) {
            let n = libc::c_int::try_from(bytes).unwrap_or(libc::c_int::MAX);
            let _ = set_opt(&self.fd, libc::SOL_SOCKET, libc::SO_RCVBUF, &n);
        }

        /// SO_ATTACH_FILTER with a classic BPF program.
        pub(super) fn attach_filter(&self, prog: &[(u16, u8, u8, u32)]) -> io::Result<()> {
            let insns: Vec<libc::sock_filter> =
                prog.iter().map(|&(code, jt, jf, k)| libc::sock_filter { code, jt, jf, k }).collect();
            let len = u16::try_from(insns.len())
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "filter program too long"))?;
            let fprog = libc::sock_fprog { len, filter: insns.as_ptr().cast_mut() };
            // The kernel copies the program during the call; `insns` outlives it.
            set_opt(&self.fd, libc::SOL_SOCKET, libc::SO_ATTACH_FILTER, &fprog)
        }

        /// PACKET_STATISTICS: (packets passed by the filter, drops), reset by the read.
        pub(super) fn statistics(&self) -> io::Result<(u32, u32)> {
            // SAFETY: tpacket_stats is plain data; all-zero is a valid value.
            let mut st: libc::tpacket_stats = unsafe { zeroed() };
            let mut len = size_of::<libc::tpacket_stats>() as libc::socklen_t;
            // SAFETY: `st` is a live tpacket_stats and `len` its size; the kernel writes at most `len` bytes.
            let r = unsafe {
                libc::getsockopt(
                    self.fd.as_raw_fd(),
                    libc::SOL_PACKET,
                    libc::PACKET_STATISTICS,
                    (&mut st as *mut libc::tpacket_stats).cast(),
                    &mut len,
                )
            };
            if r != 0 {
                return Err(io::Error::last_os_error());
            }
            Ok((st.tp_packets, st.tp_drops))
        }

        /// Receives one frame into `buf` (cut to its length); `Idle::Again` after the timeout.
        /// With `nowait` it returns `Idle::Again` at once when nothing is queued.
        pub(super) fn recv(&self, buf: &mut [u8], nowait: bool) -> Result<Received, Idle> {
            // SAFETY: sockaddr_ll and msghdr are plain data; all-zero is valid
            // (null pointers, zero lengths) before the fields are set below.
            let mut from: libc::sockaddr_ll = unsafe { zeroed() };
            let mut msg: libc::msghdr = unsafe { zeroed() };
            let mut iov = libc::iovec {
                iov_base: buf.as_mut_ptr().cast(),
                iov_len: buf.len(),
            };
            // u64 elements keep the control buffer aligned for cmsghdr.
            let mut control = [0u64; 24];
            msg.msg_name = (&mut from as *mut libc::sockaddr_ll).cast();
            msg.msg_namelen = size_of::<libc::sockaddr_ll>() as libc::socklen_t;
            msg.msg_iov = &mut iov;
            msg.msg_iovlen = 1;
            msg.msg_control = control.as_mut_ptr().cast();
            msg.msg_controllen = size_of::<[u64; 24]>() as _;
            let flags = libc::MSG_TRUNC | if nowait { libc::MSG_DONTWAIT } else { 0 };
            // SAFETY: every pointer in `msg` refers to a live local (or `buf`)
            // with the length stored beside it; the kernel writes within those
            // lengths. MSG_TRUNC makes it return the frame's full length.
            let n = unsafe { libc::recvmsg(self.fd.as_raw_fd(), &mut msg, flags) };
            if n < 0 {
                let e = io::Error::last_os_error();
                return Err(match e.kind() {
                    io::ErrorKind::WouldBlock
                    | io::ErrorKind::TimedOut
                    | io::ErrorKind::Interrupted => Idle::Again,
                    _ => Idle::Failed(e),
                });
            }
            let halen = from.sll_halen.min(8);
            let (ts, partial_csum_at) = control_messages(&msg);
            Ok(Received {
                len: n as usize,
                ts,
                partial_csum_at,
                pkttype: from.sll_pkttype,
                ifindex: u32::try_from(from.sll_ifindex).unwrap_or(0),
                protocol: u16::from_be(from.sll_protocol),
                hatype: from.sll_hatype,
                halen,
                addr: from.sll_addr,
            })
        }
    }

    /// From the control messages of a received `msg`: the SCM_TIMESTAMPNS
    /// timestamp, and the network offset when the checksum is not ready.
    fn control_messages(msg: &libc::msghdr) -> (Option<Timestamp>, Option<usize>) {
        let (mut ts, mut partial) = (None, None);
        // SAFETY: `msg` was filled by recvmsg: msg_control points at our live
        // control buffer and msg_controllen is what the kernel wrote there, so
        // the CMSG_* walk stays inside it. The timespec is read unaligned from
        // a data area the kernel sized for it (checked against cmsg_len).
        unsafe {
            let mut c = libc::CMSG_FIRSTHDR(msg);
            while !c.is_null() {
                let h = &*c;
                let len = h.cmsg_len as usize;
                let fits = |size: usize| len >= libc::CMSG_LEN(size as u32) as usize;
                if h.cmsg_level == libc::SOL_SOCKET
                    && h.cmsg_type == libc::SCM_TIMESTAMPNS
                    && fits(size_of::<libc::timespec>())
                {
                    let t: libc::timespec = std::ptr::read_unaligned(libc::CMSG_DATA(c).cast());
                    ts = Some(Timestamp::new(t.tv_sec as i64, t.tv_nsec.max(0) as u64));
                } else if h.cmsg_level == libc::SOL_PACKET
                    && h.cmsg_type == libc::PACKET_AUXDATA
                    && fits(size_of::<libc::tpacket_auxdata>())
                {
                    let a: libc::tpacket_auxdata =
                        std::ptr::read_unaligned(libc::CMSG_DATA(c).cast());
                    if a.tp_status & libc::TP_STATUS_CSUMNOTREADY != 0 {
                        partial = Some(usize::from(a.tp_net));
                    }
                }
                c = libc::CMSG_NXTHDR(msg, c);
            }
        }
        (ts, partial)
    }
}

#[cfg(not(target_os = "linux"))]
mod sys {
    //! Live capture needs Linux's AF_PACKET; elsewhere opening fails clearly.

    use super::{Idle, Received};
    use std::io;
    use std::time::Duration;

    /// Never constructed on this platform.
    pub(super) enum PacketSocket {}

    pub(super) fn if_index(_name: &str) -> Option<u32> {
        Some(0)
    }

    pub(super) fn hardware_type(_name: &str, _ifindex: u32) -> Option<u16> {
        None
    }

    pub(super) fn link_detected(_name: &str) -> Option<bool> {
        None
    }

    pub(super) fn stop_requested() -> bool {
        false
    }

    pub(super) fn stop_on_signals() {}

    pub(super) fn request_stop() {}

    impl PacketSocket {
        pub(super) fn open(
            _ifindex: u32,
            _raw: bool,
            _promisc: bool,
            _wait: Duration,
        ) -> io::Result<PacketSocket> {
            Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "live capture (-i) is only supported on Linux; capture with tcpdump -w FILE and read it with -r FILE",
            ))
        }

        pub(super) fn recv(&self, _buf: &mut [u8], _nowait: bool) -> Result<Received, Idle> {
            match *self {}
        }

        pub(super) fn attach_filter(&self, _prog: &[(u16, u8, u8, u32)]) -> io::Result<()> {
            match *self {}
        }

        pub(super) fn set_buffer(&self, _bytes: usize) {
            match *self {}
        }

        pub(super) fn statistics(&self) -> io::Result<(u32, u32)> {
            match *self {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sll2_header_layout_matches_the_decoder() {
        let rx = Received {
            len: 84,
            ts: None,
            pkttype: PACKET_OUTGOING,
            ifindex: 7,
            protocol: 0x0800,
            hatype: 65534, // ARPHRD_NONE (tun, WireGuard)
            halen: 0,
            addr: [0; 8],
            partial_csum_at: None,
        };
        #[rustfmt::skip]
        let want = [
            0x08, 0x00,             // protocol: IPv4
            0x00, 0x00,             // reserved
            0x00, 0x00, 0x00, 0x07, // interface index 7
            0xff, 0xfe,             // ARPHRD_NONE
            0x04,                   // packet type: outgoing
            0x00,                   // no link-layer address
            0, 0, 0, 0, 0, 0, 0, 0, // address bytes
        ];
        assert_eq!(sll2_header(&rx), want);
    }

    #[test]
    fn partial_tcp_checksum_is_completed() {
        #[rustfmt::skip]
        let mut f = vec![
            // Ethernet: loopback addresses, IPv4
            0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0,  0x08, 0x00,
            // IPv4: 20 bytes, total 40, DF, TTL 64, TCP, header checksum, 127.0.0.1 → 127.0.0.1
            0x45, 0x00, 0x00, 0x28,  0x12, 0x34, 0x40, 0x00,  0x40, 0x06, 0x2a, 0x9a,
            127, 0, 0, 1,  127, 0, 0, 1,
            // TCP: 40000 → 80, seq 1, ack 0, 20 bytes, SYN, window 65495, partial checksum
            0x9c, 0x40, 0x00, 0x50,  0, 0, 0, 1,  0, 0, 0, 0,
            0x50, 0x02, 0xff, 0xd7,  0xfe, 0x30, 0x00, 0x00,
        ];
        complete_checksum(&mut f, 14);
        // The one's-complement sum over pseudo-header and segment is now 0xffff.
        let mut total = sum(&f[26..34]) + 6 + 20 + sum(&f[34..]);
        while total > 0xffff {
            total = (total & 0xffff) + (total >> 16);
        }
        assert_eq!(total, 0xffff);
    }

    #[test]
    fn checksum_completion_ignores_short_and_fragmented_packets() {
        let mut short = vec![
            0x45u8, 0, 0, 60, 0, 0, 0, 0, 64, 6, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0, 1,
        ];
        let before = short.clone();
        complete_checksum(&mut short, 0);
        complete_checksum(&mut short, 99);
        assert_eq!(short, before);
    }

    #[test]
    fn cooked_kernel_filters_load_from_the_network_header() {
        // ldh [0] (SLL2 protocol); ldb [29] (IPv4 protocol); ldxb 4*([20]&0xf); ldh [x + 22]; ret #262144
        let prog = [(0x28, 0, 0, 0), (0x30, 0, 0, 29), (0xb1, 0, 0, 20), (0x48, 0, 0, 22), (0x06, 0, 0, 262_144)];
        let want = vec![(0x28, 0, 0, 0xffff_f000), (0x30, 0, 0, 9), (0xb1, 0, 0, 0), (0x48, 0, 0, 2), (0x06, 0, 0, 262_144)];
        assert_eq!(cooked_kernel_program(&prog), Some(want));
        // ldh [12]: a byte of the link-layer address, which the kernel cannot see.
        assert_eq!(cooked_kernel_program(&[(0x28, 0, 0, 12)]), None);
    }

    #[test]
    fn no_such_interface_is_named() {
        let opts = LiveOptions::on("nosuchif0");
        let err = Live::open(&opts)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        if cfg!(target_os = "linux") {
            assert_eq!(
                err,
                "nosuchif0: no such network interface (list them with `tcpsleuth -D`)"
            );
        }
    }
}
