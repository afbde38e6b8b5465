//! A tracked connection: two endpoints, Zeek's history and timers, the
//! evidence (ICMP errors) diagnosis cites.

use super::analysis::{AnalysisCounts, DirAnalysis};
use super::community_id::community_id;
use super::history::History;
use super::kernel::{KernelEndpoint, TcpState};
use super::service::{self, Probe, Service};
use super::key::{icmp_counterpart, FlowKey, Side};
use super::zeek::{self, ZeekConnFlags, ZeekEndpoint};
use crate::time::Timestamp;
use crate::wire::registry::IpProto;
use std::net::IpAddr;

/// ICMP errors kept per connection.
pub const MAX_ICMP_ERRORS: usize = 8;

/// Options and fields of a SYN or SYN-ACK.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SynInfo {
    pub frame: u64,
    pub ts: Timestamp,
    pub isn: u32,
    /// Raw window of the SYN (never scaled): the initial receive window.
    pub window: u16,
    pub mss: Option<u16>,
    pub wscale: Option<u8>,
    pub sack_permitted: bool,
    pub timestamps: bool,
    pub ttl: u8,
}

/// An ICMP error quoting a packet of this connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IcmpError {
    pub frame: u64,
    pub ts: Timestamp,
    pub v6: bool,
    pub kind: u8,
    pub code: u8,
    /// Who sent the error (a router, or the destination host).
    pub from: IpAddr,
    pub ttl: u8,
    /// The quoted packet was sent by the originator.
    pub about_orig: bool,
}

impl IcmpError {
    /// Human description, e.g. "port unreachable".
    pub fn describe(&self) -> &'static str {
        if self.v6 {
            match (self.kind, self.code) {
                (1, 0) => "no route to destination",
                (1, 1) => "administratively prohibited",
                (1, 3) => "address unreachable",
                (1, 4) => "port unreachable",
                (1, _) => "destination unreachable",
                (2, _) => "packet too big",
                (3, _) => "hop limit exceeded",
                (4, _) => "parameter problem",
                _ => "ICMPv6 error",
            }
        } else {
            match (self.kind, self.code) {
                (3, 0) => "network unreachable",
                (3, 1) => "host unreachable",
                (3, 2) => "protocol unreachable",
                (3, 3) => "port unreachable",
                (3, 4) => "fragmentation needed",
                (3, 9) | (3, 10) | (3, 13) => "administratively prohibited",
                (3, _) => "destination unreachable",
                (4, _) => "source quench",
                (5, _) => "redirect",
                (11, _) => "time exceeded",
                (12, _) => "parameter problem",
                _ => "ICMP error",
            }
        }
    }
    /// Whether Linux aborts a connection in its handshake on this error
    /// (all but fragmentation-needed / packet-too-big, quench and redirect).
    pub fn aborts_handshake(&self) -> bool {
        if self.v6 {
            matches!(self.kind, 1 | 3 | 4)
        } else {
            match self.kind {
                3 => self.code != 4,
                11 | 12 => true,
                _ => false,
            }
        }
    }
}

/// Handshake timing: SYN → SYN-ACK (server leg as seen here) and
/// SYN-ACK → ACK (client leg).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HandshakeRtt {
    syn: At,
    syn_ack: At,
    ack: At,
}

impl HandshakeRtt {
    /// The first SYN.
    pub fn syn(&self) -> Option<Timestamp> {
        self.syn.get()
    }
    /// The first SYN-ACK.
    pub fn syn_ack(&self) -> Option<Timestamp> {
        self.syn_ack.get()
    }
    /// The ACK completing the handshake.
    pub fn ack(&self) -> Option<Timestamp> {
        self.ack.get()
    }
    pub(crate) fn saw_syn(&mut self, t: Timestamp) {
        if self.syn.get().is_none() {
            self.syn = At::some(t);
        }
    }
    pub(crate) fn saw_syn_ack(&mut self, t: Timestamp) {
        if self.syn_ack.get().is_none() {
            self.syn_ack = At::some(t);
        }
    }
    pub(crate) fn saw_ack(&mut self, t: Timestamp) {
        self.ack = At::some(t);
    }
    /// SYN → SYN-ACK, seconds.
    pub fn syn_to_synack(&self) -> Option<f64> {
        Some(self.syn_ack()?.secs_since(self.syn()?))
    }
    /// SYN-ACK → ACK, seconds.
    pub fn synack_to_ack(&self) -> Option<f64> {
        Some(self.ack()?.secs_since(self.syn_ack()?))
    }
    /// Whole handshake (SYN → ACK), seconds: Wireshark's iRTT.
    pub fn total(&self) -> Option<f64> {
        Some(self.ack()?.secs_since(self.syn()?))
    }
}

/// One side of a connection.
#[derive(Clone, Debug)]
pub struct Endpoint {
    /// Address and port (ICMP: type / counterpart-or-code).
    pub side: Side,
    /// Packets sent (Zeek counts those that pass checksum validation).
    pub pkts: u64,
    /// Sum of IP total lengths of those packets.
    pub ip_bytes: u64,
    /// UDP / ICMP payload bytes sent (TCP sizes come from sequence numbers).
    pub payload_bytes: u64,
    /// Zeek's TCP endpoint.
    pub zeek: ZeekEndpoint,
    /// The host kernel's socket state.
    pub kernel: KernelEndpoint,
    /// Wireshark-style sequence analysis of what this side sent.
    pub seq: DirAnalysis,
    /// This side's SYN or SYN-ACK.
    pub syn: Option<SynInfo>,
}

impl Endpoint {
    fn new(side: Side) -> Endpoint {
        Endpoint {
            side,
            pkts: 0,
            ip_bytes: 0,
            payload_bytes: 0,
            zeek: ZeekEndpoint::default(),
            kernel: KernelEndpoint::default(),
            seq: DirAnalysis::default(),
            syn: None,
        }
    }
    /// Analysis flag counts for what this side sent.
    pub fn analysis(&self) -> &AnalysisCounts {
        &self.seq.counts
    }
}

/// Why a connection left the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EndReason {
    /// Still tracked.
    #[default]
    Active,
    /// Zeek's timers: closed/reset connection lingered, attempt or inactivity.
    Timeout,
    /// A new connection reused the socket pair.
    Reused,
    /// Evicted because the table was full.
    Evicted,
    /// End of input.
    Finished,
}

/// A deadline in nanoseconds since the epoch (saturating), or unset:
/// 8 bytes where `Option<Timestamp>` takes 24.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct At(i64);

impl Default for At {
    fn default() -> Self {
        At(i64::MIN)
    }
}

impl At {
    /// Nanoseconds of `t`, saturated to the i64 range.
    pub fn nanos_of(t: Timestamp) -> i64 {
        t.nanos_i64().max(i64::MIN + 1)
    }
    pub fn some(t: Timestamp) -> At {
        At(Self::nanos_of(t))
    }
    pub fn from_nanos(n: i64) -> At {
        At(n.max(i64::MIN + 1))
    }
    pub fn get(self) -> Option<Timestamp> {
        (self.0 != i64::MIN).then(|| Timestamp::from_nanos(self.0 as i128))
    }
    pub fn nanos(self) -> Option<i64> {
        (self.0 != i64::MIN).then_some(self.0)
    }
}

/// Zeek's per-connection timers (absolute times).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Timers {
    pub attempt: At,
    pub expire: At,
    pub delete: At,
    /// Scheduled heap time, to detect stale heap entries.
    pub sched: At,
}

/// A tracked connection.
#[derive(Clone, Debug)]
pub struct Connection {
    /// Sequential id (1-based) in creation order.
    pub id: u64,
    /// IP protocol number.
    pub proto: u8,
    /// Outer VLAN of the first packet (not part of the key).
    pub vlan: Option<u16>,
    /// First packet.
    pub start: Timestamp,
    /// Zeek's last_time (not advanced by packets after both sides closed).
    pub last_time: Timestamp,
    /// Last packet of any kind.
    pub last_packet: Timestamp,
    pub(crate) orig_slot: u8,
    pub(crate) ep: [Endpoint; 2],
    pub(crate) history: History,
    pub(crate) zf: ZeekConnFlags,
    pub(crate) timers: Timers,
    /// ICMP: no counterpart type (errors, redirects …).
    pub one_way: bool,
    /// Inside a tunnel.
    pub tunneled: bool,
    /// Handshake timestamps.
    pub rtt: HandshakeRtt,
    /// ICMP errors quoting this connection (first [`MAX_ICMP_ERRORS`]).
    pub icmp_errors: Vec<IcmpError>,
    /// Count of all ICMP errors quoting this connection.
    pub icmp_error_count: u32,
    /// SYNs on this socket pair that its endpoints cannot have sent
    /// (spoofed or injected; see [`super::Ignored::ForeignSyn`]).
    pub foreign_syns: u32,
    /// Why it left the table.
    pub end: EndReason,
    /// First payload heads and tunnel marks, for [`Connection::service`].
    pub(crate) probe: Probe,
    /// A handshake ACK seen before the SYN-ACK it may acknowledge, held
    /// until the next packet decides the order (see `Tracker::push`).
    pub(crate) deferred_ack: Option<Box<crate::wire::summary::Summary>>,
}

impl Connection {
    pub(crate) fn new(
        id: u64,
        orig: Side,
        resp: Side,
        proto: u8,
        vlan: Option<u16>,
        ts: Timestamp,
    ) -> Connection {
        Connection {
            id,
            proto,
            vlan,
            start: ts,
            last_time: ts,
            last_packet: ts,
            orig_slot: 0,
            ep: [Endpoint::new(orig), Endpoint::new(resp)],
            history: History::default(),
            zf: ZeekConnFlags::default(),
            timers: Timers::default(),
            one_way: false,
            tunneled: false,
            rtt: HandshakeRtt::default(),
            icmp_errors: Vec::new(),
            icmp_error_count: 0,
            foreign_syns: 0,
            end: EndReason::Active,
            probe: Probe::default(),
            deferred_ack: None,
        }
    }

    /// The originator (Zeek's `id.orig_*`).
    /// The application protocol Zeek's `service` column would name
    /// (see [`service`]), from the first payload of each direction.
    pub fn service(&self) -> Option<Service> {
        let (o, r) = (self.orig_slot as usize, 1 - self.orig_slot as usize);
        service::detect(&service::View {
            proto: self.proto,
            orig_port: self.ep[o].side.port,
            resp_port: self.ep[r].side.port,
            orig: self.probe.head[o].as_slice(),
            resp: self.probe.head[r].as_slice(),
            orig_carried: self.probe.carried[o],
            resp_carried: self.probe.carried[r],
            syn_seen: self.ep.iter().any(|e| e.syn.is_some()),
        })
    }
    pub fn orig(&self) -> &Endpoint {
        &self.ep[self.orig_slot as usize]
    }
    /// The responder.
    pub fn resp(&self) -> &Endpoint {
        &self.ep[1 - self.orig_slot as usize]
    }
    /// Originator address and port.
    pub fn orig_side(&self) -> Side {
        self.orig().side
    }
    /// Responder address and port.
    pub fn resp_side(&self) -> Side {
        self.resp().side
    }
    /// The direction-free key.
    pub fn key(&self) -> FlowKey {
        FlowKey::new(self.ep[0].side, self.ep[1].side, self.proto)
    }
    /// Zeek's proto column: tcp, udp, icmp or unknown_transport.
    pub fn proto_name(&self) -> &'static str {
        match IpProto(self.proto) {
            IpProto::TCP => "tcp",
            IpProto::UDP => "udp",
            IpProto::ICMP | IpProto::ICMPV6 => "icmp",
            _ => "unknown_transport",
        }
    }
    /// Zeek's history string.
    pub fn history(&self) -> &str {
        self.history.as_str()
    }
    /// Zeek's conn_state.
    pub fn conn_state(&self) -> &'static str {
        let (o, r) = (&self.orig().zeek, &self.resp().zeek);
        match IpProto(self.proto) {
            IpProto::TCP => zeek::conn_state(o, r, self.history()),
            IpProto::UDP => match (o.udp_active, r.udp_active) {
                (true, true) => "SF",
                (true, false) => "S0",
                (false, true) => "SHR",
                (false, false) => "OTH",
            },
            _ => "OTH",
        }
    }
    /// Zeek's duration in seconds (last_time − start).
    pub fn duration(&self) -> f64 {
        self.last_time.secs_since(self.start)
    }
    /// Payload bytes each side sent, as Zeek logs them (None when the
    /// duration is zero, where Zeek leaves them unset).
    pub fn bytes(&self) -> Option<(u64, u64)> {
        if self.last_time.nanos_since(self.start) <= 0 {
            return None;
        }
        Some(self.bytes_raw())
    }
    /// Payload bytes each side sent (TCP: from sequence numbers).
    pub fn bytes_raw(&self) -> (u64, u64) {
        let (o, r) = (self.orig(), self.resp());
        if self.proto == IpProto::TCP.0 {
            (o.zeek.size(r.zeek.state), r.zeek.size(o.zeek.state))
        } else {
            (o.payload_bytes, r.payload_bytes)
        }
    }
    /// Bytes acknowledged but never seen (Zeek's missed_bytes).
    pub fn missed_bytes(&self) -> u64 {
        self.ep[0].zeek.missed + self.ep[1].zeek.missed
    }
    /// The originator's kernel socket state as of `now`.
    pub fn client_state_at(&self, now: Timestamp) -> TcpState {
        self.orig().kernel.state_at(now)
    }
    /// The responder's kernel socket state as of `now`.
    pub fn server_state_at(&self, now: Timestamp) -> TcpState {
        self.resp().kernel.state_at(now)
    }
    /// The originator's kernel state after the last packet.
    pub fn client_state(&self) -> TcpState {
        self.client_state_at(self.last_packet)
    }
    /// The responder's kernel state after the last packet.
    pub fn server_state(&self) -> TcpState {
        self.server_state_at(self.last_packet)
    }
    /// Community ID v1 (seed 0).
    pub fn community_id(&self) -> String {
        let one_way = matches!(IpProto(self.proto), IpProto::ICMP | IpProto::ICMPV6) && self.one_way;
        community_id(0, self.orig_side(), self.resp_side(), self.proto, one_way)
    }
    /// A Zeek-like uid: "C" and 17 base-62 digits, deterministic per id.
    pub fn uid(&self) -> String {
        uid_for(self.id)
    }
    /// Retransmissions (any kind) sent by the originator and responder.
    pub fn retransmissions(&self) -> (u32, u32) {
        (
            self.orig().seq.counts.retransmissions(),
            self.resp().seq.counts.retransmissions(),
        )
    }

    pub(crate) fn slot_of(&self, src: &Side) -> usize {
        if self.ep[0].side == *src {
            0
        } else {
            1
        }
    }
    pub(crate) fn is_orig_slot(&self, slot: usize) -> bool {
        slot == self.orig_slot as usize
    }
    pub(crate) fn flip(&mut self) {
        self.orig_slot ^= 1;
        self.zf.first_packet_seen =
            ((self.zf.first_packet_seen & 1) << 1) | ((self.zf.first_packet_seen & 2) >> 1);
        self.zf.is_partial = false;
        self.history.add(b'^');
    }
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The uid of connection number `id`.
pub fn uid_for(id: u64) -> String {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut hi = splitmix(id);
    let mut lo = splitmix(id ^ 0x5555_5555_5555_5555);
    let mut s = String::with_capacity(18);
    s.push('C');
    for i in 0..17 {
        let word = if i < 9 { &mut hi } else { &mut lo };
        s.push(DIGITS[(*word % 62) as usize] as char);
        *word /= 62;
    }
    s
}

/// ICMP ports for a flow key as Zeek logs them.
pub fn icmp_ports(v6: bool, kind: u8, code: u8) -> (u16, u16, bool) {
    let (cp, one_way) = icmp_counterpart(v6, kind, code);
    (kind as u16, cp, one_way)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_distinct_and_zeek_shaped() {
        let a = uid_for(1);
        assert_eq!(a.len(), 18);
        assert!(a.starts_with('C'));
        assert_ne!(a, uid_for(2));
    }
}
