//! NETLINK_SOCK_DIAG (inet_diag) dumps, as `ss` does, through the rust-netlink
//! crates: one `SOCK_DIAG_BY_FAMILY` dump request per family and protocol.

use super::sockets::{HostSocket, Proto, TcpInfo, Timer, TimerKind};
use netlink_packet_core::{NetlinkHeader, NetlinkMessage, NetlinkPayload, NLM_F_DUMP, NLM_F_REQUEST};
use netlink_packet_sock_diag::constants::{AF_INET, AF_INET6, IPPROTO_TCP, IPPROTO_UDP};
use netlink_packet_sock_diag::inet::nlas::Nla;
use netlink_packet_sock_diag::inet::{self, ExtensionFlags, InetRequest, SocketId, StateFlags};
use netlink_packet_sock_diag::SockDiagMessage;
use netlink_sys::{protocols::NETLINK_SOCK_DIAG, Socket, SocketAddr};

/// Every state bit, `TCP_NEW_SYN_RECV` (12) included: without it the kernel
/// leaves out half-open connections waiting for the final ACK.
const ALL_STATES: u32 = (1 << 13) - 1;

/// All TCP and UDP sockets over IPv4 and IPv6.
pub(super) fn dump_all() -> std::io::Result<Vec<HostSocket>> {
    let mut sock = Socket::new(NETLINK_SOCK_DIAG)?;
    sock.bind_auto()?;
    sock.connect(&SocketAddr::new(0, 0))?;
    let mut out = Vec::new();
    for proto in [Proto::Tcp, Proto::Udp] {
        for family in [AF_INET, AF_INET6] {
            dump(&sock, family, proto, &mut out)?;
        }
    }
    Ok(out)
}

/// One dump: the request, then replies until NLMSG_DONE.
fn dump(sock: &Socket, family: u8, proto: Proto, out: &mut Vec<HostSocket>) -> std::io::Result<()> {
    let (protocol, ext) = match proto {
        Proto::Tcp => (IPPROTO_TCP, ExtensionFlags::INFO),
        Proto::Udp => (IPPROTO_UDP, ExtensionFlags::empty()),
    };
    let mut header = NetlinkHeader::default();
    header.flags = NLM_F_REQUEST | NLM_F_DUMP;
    let socket_id = if family == AF_INET { SocketId::new_v4() } else { SocketId::new_v6() };
    let request = InetRequest {
        family,
        protocol,
        extensions: ext,
        states: StateFlags::from_bits_retain(ALL_STATES),
        socket_id,
    };
    let mut msg = NetlinkMessage::new(header, SockDiagMessage::InetRequest(request).into());
    msg.finalize();
    let mut buf = vec![0u8; msg.buffer_len()];
    msg.serialize(&mut buf);
    sock.send(&buf, 0)?;
    loop {
        let (bytes, _) = sock.recv_from_full()?;
        if bytes.is_empty() {
            return Ok(());
        }
        if !parse_batch(&bytes, proto, out)? {
            return Ok(());
        }
    }
}

/// Parses one datagram of replies; `false` once NLMSG_DONE was seen.
fn parse_batch(mut bytes: &[u8], proto: Proto, out: &mut Vec<HostSocket>) -> std::io::Result<bool> {
    while !bytes.is_empty() {
        let msg = NetlinkMessage::<SockDiagMessage>::deserialize(bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))?;
        let len = msg.header.length as usize;
        match msg.payload {
            NetlinkPayload::Done(_) => return Ok(false),
            NetlinkPayload::Error(e) if e.code.is_some() => return Err(e.to_io()),
            NetlinkPayload::InnerMessage(SockDiagMessage::InetResponse(r)) => {
                out.push(from_response(&r, proto))
            }
            _ => {}
        }
        // Messages are 4-byte aligned (NLMSG_ALIGN).
        let next = (len + 3) & !3;
        if len == 0 || next > bytes.len() {
            break;
        }
        bytes = &bytes[next..];
    }
    Ok(true)
}

/// The record of one `inet_diag_msg` and its attributes.
fn from_response(r: &inet::InetResponse, proto: Proto) -> HostSocket {
    let h = &r.header;
    let id = &h.socket_id;
    let info = r.nlas.iter().find_map(|n| match n {
        Nla::TcpInfo(bytes) => TcpInfo::parse(bytes),
        _ => None,
    });
    HostSocket {
        proto,
        local: std::net::SocketAddr::new(id.source_address, id.source_port),
        peer: std::net::SocketAddr::new(id.destination_address, id.destination_port),
        state: h.state,
        recv_q: h.recv_queue,
        send_q: h.send_queue,
        uid: h.uid,
        inode: u64::from(h.inode),
        timer: h.timer.as_ref().map(timer),
        info,
        owners: Vec::new(),
    }
}

fn timer(t: &inet::Timer) -> Timer {
    let (kind, d, retransmits) = match t {
        inet::Timer::Retransmit(d, n) => (TimerKind::Retransmit, *d, *n),
        inet::Timer::KeepAlive(d) => (TimerKind::Keepalive, *d, 0),
        inet::Timer::TimeWait => (TimerKind::TimeWait, Default::default(), 0),
        inet::Timer::Probe(d) => (TimerKind::Persist, *d, 0),
    };
    Timer { kind, expires_ms: d.as_millis() as u64, retransmits }
}
