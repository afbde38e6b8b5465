//! What a diagnosis says: a labelled finding with its explanation and the
//! packets that prove it.
//!
//! Labels are part of the interface (`--format json` prints them, scripts
//! match on them): add new ones, never rename old ones.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::IpAddr;

/// The machine label of a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// Handshake completed, connection still open when the capture ended.
    Established,
    /// Handshake completed, both sides closed with FIN.
    ClosedNormally,
    /// UDP request answered by the server.
    Answered,
    /// The SYN was answered by RST|ACK from the server: closed port.
    Refused,
    /// SYN (or UDP request) retransmitted with no answer at all.
    NoResponse,
    /// The SYN left the client and never reached the server.
    SynDroppedInPath,
    /// The server answered SYN|ACK, which never reached the client.
    SynackDroppedInPath,
    /// The client's handshake ACK never reached the server.
    AckDroppedInPath,
    /// An ICMP/ICMPv6 error quoting the SYN (or datagram) rejected it.
    RejectedIcmp,
    /// An RST that the server did not send: forged by a firewall or IPS.
    MiddleboxReset,
    /// An established connection aborted by RST.
    ResetMidstream,
    /// Data flowed but many segments were retransmitted.
    LossRetransmissions,
    /// A receiver advertised a zero window and the sender stalled.
    ZeroWindowStall,
    /// One side vanished: the other retransmits into silence.
    HalfOpen,
    /// Handshake completed, the client sent a request, the server never answered.
    ServerNotRespondingAfterHandshake,
    /// Only one direction of the connection is in the capture.
    OneDirectionOnly,
    /// The connection was already open when the capture started.
    MidStream,
    /// A port or host scan (one line for all its probes).
    Scan,
    /// Many half-open handshakes from many sources to one service.
    SynFlood,
    /// Mid-connection, the client's data was retransmitted with backoff and
    /// nothing came back from the server.
    ServerWentSilent,
    /// One direction of an established connection stopped arriving.
    PathBroken,
    /// Full-size segments never get through while small ones do.
    PathMtuBlackhole,
    /// The server acknowledged the request at once and answered much later.
    ServerAppSlow,
    /// The client took long to send what the server was waiting for.
    ClientAppSlow,
    /// The server's accept queue overflowed: connections to one port ACKed
    /// but never served, handshake ACKs ignored, SYNs dropped or reset.
    ListenQueueFull,
    /// Data after a long idle gap was dropped (or reset) by a middlebox that
    /// had forgotten the connection.
    IdleTimeoutByMiddlebox,
    /// The server answered new data with RST after an idle period, no FIN
    /// first: it lost the connection (restart).
    ResetByPeerAfterRestart,
    /// The client sent data after the server's FIN and got RST (keep-alive race).
    RequestOnClosedConnection,
    /// A TLS alert ended the handshake before it completed.
    TlsHandshakeFailed,
    /// The target host is unreachable: ICMP host unreachable or unanswered ARP.
    HostUnreachable,
    /// A DNS query got no answer.
    DnsNoAnswer,
    /// A DNS query was answered: no such name (NXDOMAIN).
    DnsNxdomain,
    /// A DNS query was answered with SERVFAIL.
    DnsServfail,
    /// A DNS query was answered with REFUSED.
    DnsRefused,
    /// A DNS query sent too close to the end of the capture for its answer
    /// to be seen (caveat `capture_ended_before_answer`): nothing known wrong.
    DnsPending,
    /// NXDOMAIN for a name the stub resolver built by appending a search
    /// domain to a name the same host also asked: how the search list
    /// works, not a failed lookup.
    DnsSearchExpansion,
    /// Datagrams to a multicast or broadcast address (mDNS, LLMNR, NetBIOS,
    /// SSDP, DHCP), or a responder's unicast reply to one: discovery
    /// traffic, where silence is normal.
    MulticastOrBroadcast,
    /// The outer datagrams of a UDP tunnel (VXLAN, Geneve, GTP-U, Teredo,
    /// AYIYA): encapsulation, not a request and its answer.
    TunnelCarrier,
}

impl Label {
    /// The label as printed (`snake_case`).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Established => "established",
            Label::ClosedNormally => "closed_normally",
            Label::Answered => "answered",
            Label::Refused => "refused",
            Label::NoResponse => "no_response",
            Label::SynDroppedInPath => "syn_dropped_in_path",
            Label::SynackDroppedInPath => "synack_dropped_in_path",
            Label::AckDroppedInPath => "ack_dropped_in_path",
            Label::RejectedIcmp => "rejected_icmp",
            Label::MiddleboxReset => "middlebox_reset",
            Label::ResetMidstream => "reset_midstream",
            Label::LossRetransmissions => "loss_retransmissions",
            Label::ZeroWindowStall => "zero_window_stall",
            Label::HalfOpen => "half_open",
            Label::ServerNotRespondingAfterHandshake => "server_not_responding_after_handshake",
            Label::OneDirectionOnly => "one_direction_only",
            Label::MidStream => "mid_stream",
            Label::Scan => "scan",
            Label::SynFlood => "syn_flood",
            Label::ServerWentSilent => "server_went_silent",
            Label::PathBroken => "path_broken",
            Label::PathMtuBlackhole => "path_mtu_blackhole",
            Label::ServerAppSlow => "server_app_slow",
            Label::ClientAppSlow => "client_app_slow",
            Label::ListenQueueFull => "listen_queue_full",
            Label::IdleTimeoutByMiddlebox => "idle_timeout_by_middlebox",
            Label::ResetByPeerAfterRestart => "reset_by_peer_after_restart",
            Label::RequestOnClosedConnection => "request_on_closed_connection",
            Label::TlsHandshakeFailed => "tls_handshake_failed",
            Label::HostUnreachable => "host_unreachable",
            Label::DnsNoAnswer => "dns_no_answer",
            Label::DnsNxdomain => "dns_nxdomain",
            Label::DnsServfail => "dns_servfail",
            Label::DnsRefused => "dns_refused",
            Label::DnsPending => "dns_pending",
            Label::DnsSearchExpansion => "dns_search_expansion",
            Label::MulticastOrBroadcast => "multicast_or_broadcast",
            Label::TunnelCarrier => "tunnel_carrier",
        }
    }

    /// How much the finding matters.
    pub fn severity(self) -> Severity {
        match self {
            Label::Established
            | Label::ClosedNormally
            | Label::Answered
            | Label::MidStream
            | Label::MulticastOrBroadcast
            | Label::TunnelCarrier
            | Label::DnsPending
            | Label::DnsSearchExpansion => Severity::Ok,
            Label::LossRetransmissions
            | Label::ZeroWindowStall
            | Label::OneDirectionOnly
            | Label::ServerAppSlow
            | Label::ClientAppSlow
            | Label::DnsNxdomain => Severity::Warning,
            Label::Scan | Label::SynFlood => Severity::Notice,
            _ => Severity::Failure,
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Severity of a finding; text output prints failures first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The connection failed.
    Failure,
    /// It worked, badly.
    Warning,
    /// Activity worth knowing about (scans, floods).
    Notice,
    /// Healthy.
    Ok,
}

impl Severity {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Failure => "failure",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
            Severity::Ok => "ok",
        }
    }
}

/// Where the capture was taken, relative to one connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vantage {
    /// On the client host (or its link): the client's packets are undecremented.
    Client,
    /// On the server host.
    Server,
    /// Somewhere on the path: both sides' packets arrive decremented.
    Between,
    /// Two captures, one at each end (`--peer`).
    Both,
    /// Not enough packets to tell.
    Unknown,
}

impl Vantage {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Vantage::Client => "client",
            Vantage::Server => "server",
            Vantage::Between => "between",
            Vantage::Both => "both",
            Vantage::Unknown => "unknown",
        }
    }
}

/// Netstat-style TCP state of one endpoint: the flow stage's one type
/// (`Unknown` when the packets cannot tell).
pub use crate::flow::TcpState;

/// A limit of what the capture shows about a finding. Carried beside the
/// outcome, never instead of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Caveat {
    /// The connection was already open when the capture started.
    StartedMidConnection,
    /// Only one direction of the connection is in the capture.
    OnlyOneDirectionCaptured,
    /// The connection was still open when the capture ended.
    CaptureEndedWhileOpen,
    /// A query was sent too close to the end of the capture for its answer to be seen.
    CaptureEndedBeforeAnswer,
}

impl Caveat {
    /// The caveat in words, for text output.
    pub fn as_words(self) -> &'static str {
        match self {
            Caveat::StartedMidConnection => "started mid-connection",
            Caveat::OnlyOneDirectionCaptured => "only one direction captured",
            Caveat::CaptureEndedWhileOpen => "capture ended while open",
            Caveat::CaptureEndedBeforeAnswer => "capture ended before an answer could arrive",
        }
    }
}

/// Where a connection's time went, as an engineer works it out by hand
/// (milliseconds; absent when the capture does not show it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TimeBreakdown {
    /// SYN → ACK round trip of the handshake, as seen here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handshake_rtt_ms: Option<f64>,
    /// Longest wait between a request being acknowledged and the first byte of its answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_think_ms: Option<f64>,
    /// First data byte to last data byte.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer_ms: Option<f64>,
    /// Time from first sending segments to their retransmissions (summed gaps).
    pub retransmission_ms: f64,
    /// Time with a zero receive window advertised.
    pub zero_window_ms: f64,
}

/// One packet that supports a finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Frame number in its capture file (1-based).
    pub frame: u64,
    /// Capture timestamp, seconds since the epoch.
    pub ts: f64,
    /// The capture file the frame is in.
    pub file: String,
    /// What this packet shows, in words.
    pub what: String,
}

/// Figures that quantify a finding (absent when not applicable).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Handshake round-trip time, milliseconds (SYN → ACK as seen here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rtt_ms: Option<f64>,
    /// SYN → SYN|ACK leg, milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub syn_synack_ms: Option<f64>,
    /// SYN|ACK → ACK leg, milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synack_ack_ms: Option<f64>,
    /// Payload bytes from client to server (Zeek `orig_bytes`).
    pub orig_bytes: u64,
    /// Payload bytes from server to client (Zeek `resp_bytes`).
    pub resp_bytes: u64,
    /// Retransmissions (both directions), as `conns` counts them.
    pub retransmissions: u64,
    /// Packets from client to server (Zeek `orig_pkts`).
    pub orig_pkts: u64,
    /// Packets from server to client (Zeek `resp_pkts`).
    pub resp_pkts: u64,
    /// Retransmitted / all data segments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retransmission_rate: Option<f64>,
    /// Longest zero-window stall, seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stall_s: Option<f64>,
    /// Seconds between the first and the last attempt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span_s: Option<f64>,
    /// Seconds between consecutive attempts (or SYN retransmissions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spacing_s: Vec<f64>,
    /// Duration of the connection as captured, seconds.
    pub duration_s: f64,
    /// Where the time went.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<TimeBreakdown>,
    /// A DNS lookup's name, types, resolver and tries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns: Option<super::questions::DnsLookup>,
}

/// One diagnosed connection (or group of attempts, or scan).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Finding {
    /// Machine label.
    pub label: Label,
    /// failure / warning / notice / ok.
    pub severity: Severity,
    /// One line for lists.
    pub summary: String,
    /// Who initiated.
    pub client: IpAddr,
    /// Client port of the first attempt (0 for ICMP-only or scans).
    pub client_port: u16,
    /// Who was called.
    pub server: IpAddr,
    /// Server port (0 when several: scans).
    pub server_port: u16,
    /// "tcp" or "udp".
    // Static strings and states cannot be read back from a buffer: a
    // finding written aside keeps them beside it (diagnose/spill.rs).
    #[serde(skip_deserializing)]
    pub proto: &'static str,
    /// Connection attempts grouped into this finding.
    pub attempts: u32,
    /// Client ports of all attempts.
    pub client_ports: Vec<u16>,
    /// Where the capture was taken.
    pub vantage: Vantage,
    /// Zeek conn_state of the connection as this capture shows it (flow stage).
    #[serde(skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub conn_state: Option<&'static str>,
    /// Zeek history letters (flow stage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
    /// The client's TCP state as netstat would show it at the end.
    #[serde(skip_deserializing)]
    pub client_state: TcpState,
    /// The server's TCP state as netstat would show it at the end.
    #[serde(skip_deserializing)]
    pub server_state: TcpState,
    /// One paragraph a junior engineer understands.
    pub explanation: String,
    /// The most likely cause.
    pub likely_cause: String,
    /// What to check next.
    pub next_check: String,
    /// Quantities behind the finding.
    pub figures: Figures,
    /// Start of the first attempt, seconds since the epoch.
    pub ts: f64,
    /// The packets that prove it.
    pub evidence: Vec<Evidence>,
    /// What the capture cannot show about this finding.
    pub caveats: Vec<Caveat>,
}

/// One client, one service, one outcome: the findings the overview folds
/// into the first one it shows ("again N times"), as a periodic health
/// check or a retry loop fails the same way all day.
pub type RepeatKey = (Label, IpAddr, IpAddr, u16, &'static str);

impl Finding {
    /// This finding's [`RepeatKey`].
    pub fn repeat_key(&self) -> RepeatKey {
        (self.label, self.client, self.server, self.server_port, self.proto)
    }

    /// A finding with empty texts for `label` about one conversation.
    pub fn new(label: Label, client: IpAddr, client_port: u16, server: IpAddr, server_port: u16, proto: &'static str) -> Self {
        Finding {
            label,
            severity: label.severity(),
            summary: String::new(),
            client,
            client_port,
            server,
            server_port,
            proto,
            attempts: 1,
            client_ports: vec![client_port],
            vantage: Vantage::Unknown,
            conn_state: None,
            history: None,
            client_state: TcpState::Unknown,
            server_state: TcpState::Unknown,
            explanation: String::new(),
            likely_cause: String::new(),
            next_check: String::new(),
            figures: Figures::default(),
            ts: 0.0,
            evidence: Vec::new(),
            caveats: Vec::new(),
        }
    }

    /// Adds a caveat once.
    pub fn caveat(&mut self, c: Caveat) {
        if !self.caveats.contains(&c) {
            self.caveats.push(c);
            self.caveats.sort();
        }
    }

    /// Changes the label (and the severity with it).
    pub fn relabel(&mut self, label: Label) {
        self.label = label;
        self.severity = label.severity();
    }
}
