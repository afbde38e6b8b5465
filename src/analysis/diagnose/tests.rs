//! Packet ladders, one scenario and one assertion each: client → server,
//! flags, seq/ack, as they would be captured at one vantage point.

use super::finding::{Label, TcpState, Vantage};
use super::{Diagnoser, Report};
use crate::wire::ladder::{self, ip, A, F, P, R, S};
use crate::wire::summary::{IcmpDigest, Quoted, TcpOptionsDigest, Transport, UdpDigest};
use std::net::IpAddr;

/// A capture being written by hand at one vantage point: the shared ladder
/// with diagnose's habits (timestamp options, IP ids counting from 100, RSTs
/// with IP id 0, packets at the current time until `wait`).
struct Ladder {
    l: ladder::Ladder,
    ip_id: u16,
    /// How far this capture's clock is off, in µs.
    offset_us: i64,
    /// SACK blocks on the next segments.
    sack: u8,
}

impl std::ops::Deref for Ladder {
    type Target = ladder::Ladder;
    fn deref(&self) -> &ladder::Ladder {
        &self.l
    }
}

impl std::ops::DerefMut for Ladder {
    fn deref_mut(&mut self) -> &mut ladder::Ladder {
        &mut self.l
    }
}

impl Ladder {
    /// Captured at the client: its packets TTL 64, the server's 63.
    fn at_client() -> Self {
        let mut l = ladder::Ladder::between("10.0.1.10", 40000, "10.0.2.20", 80);
        (l.cttl, l.sttl) = (64, 63);
        Ladder { l, ip_id: 100, offset_us: 0, sack: 0 }
    }
    /// Captured at the server.
    fn at_server() -> Self {
        let mut l = Ladder::at_client();
        (l.cttl, l.sttl) = (63, 64);
        l
    }
    fn wait(&mut self, ms: i64) -> &mut Self {
        self.l.wait(ms);
        self
    }
    /// Microseconds since the ladder started.
    fn us(&self) -> i64 {
        ((self.now_ns - ladder::T0_NS) / 1000) as i64
    }
    fn push(&mut self, src: IpAddr, dst: IpAddr, ttl: u8, ip_id: u16, transport: Transport) {
        let offset = self.offset_us;
        self.l.wait_us(offset);
        let s = self.l.push(src, dst, transport);
        (s.ttl, s.ip_id) = (ttl, ip_id);
        self.l.wait_us(-offset);
    }
    #[allow(clippy::too_many_arguments)]
    fn tcp(&mut self, c2s: bool, flags: u16, seq: u32, ack: u32, len: u32, window: u16, tsval: u32) -> &mut Self {
        let (src, dst, sp, dp, ttl) =
            if c2s { (self.client, self.server, self.cport, self.sport, self.cttl) } else { (self.server, self.client, self.sport, self.cport, self.sttl) };
        self.ip_id = self.ip_id.wrapping_add(1);
        let mut d = ladder::tcp(sp, dp, flags, seq, ack, len);
        d.window = window;
        d.header_len = 32;
        d.options = TcpOptionsDigest {
            timestamps: Some((tsval, 0)),
            mss: (flags & S != 0).then_some(1460),
            sack_blocks: self.sack,
            ..Default::default()
        };
        d.payload_hash = if len > 0 { seq ^ 0x5a5a } else { 0 };
        let id = if flags & R != 0 { 0 } else { self.ip_id };
        self.push(src, dst, ttl, id, Transport::Tcp(d));
        self
    }
    fn c(&mut self, flags: u16, seq: u32, ack: u32, len: u32) -> &mut Self {
        let t = self.us() as u32;
        self.tcp(true, flags, seq, ack, len, 500, t)
    }
    fn s(&mut self, flags: u16, seq: u32, ack: u32, len: u32) -> &mut Self {
        let t = self.us() as u32 ^ 0xffff;
        self.tcp(false, flags, seq, ack, len, 500, t)
    }
    /// Sets the first payload bytes of the last packet.
    fn payload(&mut self, bytes: &[u8]) -> &mut Self {
        self.l.last_mut().head = crate::wire::summary::PayloadHead::new(bytes);
        self
    }
    fn handshake(&mut self) -> &mut Self {
        self.c(S, 1000, 0, 0).wait(10).s(S | A, 5000, 1001, 0).wait(10).c(A, 1001, 5001, 0)
    }
    fn udp(&mut self, c2s: bool, len: u32) -> &mut Self {
        let (src, dst, sp, dp, ttl) =
            if c2s { (self.client, self.server, self.cport, self.sport, self.cttl) } else { (self.server, self.client, self.sport, self.cport, self.sttl) };
        self.ip_id = self.ip_id.wrapping_add(1);
        let id = self.ip_id;
        self.push(src, dst, ttl, id, Transport::Udp(UdpDigest { sport: sp, dport: dp, payload_len: len }));
        self
    }
    fn icmp_from(&mut self, sender: &str, ttl: u8, kind: u8, code: u8, proto: u8, seq: Option<u32>) -> &mut Self {
        let q = Quoted { src: self.client, dst: self.server, proto, sport: self.cport, dport: self.sport, tcp_seq: seq, tcp_flags: None, icmp_id: None };
        let d = IcmpDigest { v6: false, kind, code, id: 0, seq: 0, len: 36, quoted: Some(q) };
        let c = self.client;
        self.push(ip(sender), c, ttl, 7, Transport::Icmp(d));
        self
    }
    fn report(&self) -> Report {
        let mut d = Diagnoser::new(vec!["test.pcap".into()]);
        for s in &self.out {
            d.packet(s);
        }
        d.finish()
    }
    fn labels(&self) -> Vec<Label> {
        self.report().findings.iter().map(|f| f.label).collect()
    }
}

fn pair(client: &Ladder, server: &Ladder) -> Report {
    let mut a = Diagnoser::new(vec!["client.pcap".into()]).keep_all(true);
    for s in &client.out {
        a.packet(s);
    }
    let mut b = Diagnoser::new(vec!["server.pcap".into()]).keep_all(true);
    for s in &server.out {
        b.packet(s);
    }
    a.finish_with_peer(b)
}

/// A data exchange and FIN close after the handshake.
fn exchange(l: &mut Ladder) {
    l.wait(1).c(P | A, 1001, 5001, 100).wait(5).s(A, 5001, 1101, 0).s(P | A, 5001, 1101, 300).wait(5).c(A, 1101, 5301, 0);
    l.wait(1).c(F | A, 1101, 5301, 0).wait(5).s(F | A, 5301, 1102, 0).wait(5).c(A, 1102, 5302, 0);
}

#[test]
fn closed_normally_with_rtt() {
    let mut l = Ladder::at_client();
    l.handshake();
    exchange(&mut l);
    let r = l.report();
    assert_eq!((r.findings[0].label, r.findings[0].figures.rtt_ms.is_some()), (Label::ClosedNormally, true));
}

#[test]
fn established_when_capture_ends_open() {
    let mut l = Ladder::at_client();
    l.handshake().wait(1).c(P | A, 1001, 5001, 10).wait(5).s(P | A, 5001, 1011, 10);
    assert_eq!(l.labels(), vec![Label::Established]);
}

#[test]
fn refused_retries_are_one_finding_with_three_attempts() {
    let mut l = Ladder::at_client();
    for i in 0..3u32 {
        l.cport = 40000 + i as u16;
        l.c(S, 1000 + i, 0, 0).wait(1).s(R | A, 0, 1001 + i, 0).wait(1000);
    }
    let r = l.report();
    assert_eq!((r.findings.len(), r.findings[0].label, r.findings[0].attempts), (1, Label::Refused, 3));
}

#[test]
fn rst_with_router_ttl_from_server_on_another_subnet_is_a_middlebox_reset() {
    let mut l = Ladder::at_client();
    l.sttl = 64;
    l.c(S, 1000, 0, 0).wait(1).s(R | A, 0, 1001, 0);
    assert_eq!(l.labels(), vec![Label::MiddleboxReset]);
}

#[test]
fn rst_with_unhopped_ttl_from_same_subnet_is_refused() {
    let mut l = Ladder::at_client();
    l.server = ip("10.0.1.20");
    l.sttl = 64;
    l.c(S, 1000, 0, 0).wait(1).s(R | A, 0, 1001, 0);
    assert_eq!(l.labels(), vec![Label::Refused]);
}

#[test]
fn rst_whose_ttl_differs_from_the_servers_other_packets_is_a_middlebox_reset() {
    let mut l = Ladder::at_client();
    // Other connections show the server at TTL 63 (12 packets); this RST comes with 64.
    for port in [40002, 40003, 40004] {
        l.cport = port;
        l.handshake();
        exchange(&mut l);
    }
    l.cport = 40001;
    l.sttl = 64;
    l.wait(100).c(S, 7000, 0, 0).wait(1).s(R | A, 0, 7001, 0);
    assert!(l.labels().contains(&Label::MiddleboxReset));
}

#[test]
fn unanswered_syns_at_the_client_are_no_response() {
    let mut l = Ladder::at_client();
    l.c(S, 1000, 0, 0).wait(1000).c(S, 1000, 0, 0).wait(2000).c(S, 1000, 0, 0).wait(4000).c(S, 1000, 0, 0);
    let r = l.report();
    assert_eq!((r.findings[0].label, r.findings[0].client_state, r.findings[0].vantage), (Label::NoResponse, TcpState::SynSent, Vantage::Client));
}

#[test]
fn duplicate_syns_and_synack_retransmissions_at_the_server_mean_synack_dropped() {
    let mut l = Ladder::at_server();
    l.c(S, 1000, 0, 0).s(S | A, 5000, 1001, 0).wait(1000).c(S, 1000, 0, 0).s(S | A, 5000, 1001, 0).wait(1000).s(S | A, 5000, 1001, 0);
    let f = &l.report().findings[0];
    assert_eq!((f.label, f.client_state, f.server_state), (Label::SynackDroppedInPath, TcpState::SynSent, TcpState::SynRecv));
}

#[test]
fn synack_retransmissions_without_duplicate_syns_at_the_server_mean_ack_dropped() {
    let mut l = Ladder::at_server();
    l.c(S, 1000, 0, 0).s(S | A, 5000, 1001, 0).wait(1000).s(S | A, 5000, 1001, 0).wait(2000).s(S | A, 5000, 1001, 0);
    assert_eq!(l.labels(), vec![Label::AckDroppedInPath]);
}

#[test]
fn client_ack_followed_by_synack_retransmissions_means_ack_dropped() {
    let mut l = Ladder::at_client();
    l.handshake().wait(1000).s(S | A, 5000, 1001, 0).c(A, 1001, 5001, 0).wait(2000).s(S | A, 5000, 1001, 0).c(A, 1001, 5001, 0);
    let f = &l.report().findings[0];
    assert_eq!((f.label, f.client_state, f.server_state), (Label::AckDroppedInPath, TcpState::Established, TcpState::SynRecv));
}

#[test]
fn icmp_admin_prohibited_from_a_router_is_rejected_icmp() {
    let mut l = Ladder::at_client();
    l.c(S, 1000, 0, 0).wait(1).icmp_from("10.0.1.1", 64, 3, 13, 6, Some(1000));
    let f = &l.report().findings[0];
    assert_eq!((f.label, f.summary.contains("10.0.1.1")), (Label::RejectedIcmp, true));
}

#[test]
fn rst_after_data_is_reset_midstream() {
    let mut l = Ladder::at_client();
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(5).s(P | A, 5001, 1101, 1000).wait(5).s(R | A, 6001, 1101, 0);
    assert_eq!(l.labels(), vec![Label::ResetMidstream]);
}

#[test]
fn a_lone_rst_does_not_claim_the_connection_was_established() {
    let mut l = Ladder::at_client();
    l.c(R, 1001, 0, 0);
    let f = &l.report().findings[0];
    assert_eq!(
        (f.label, f.summary.contains("only a reset"), f.explanation.contains("was established")),
        (Label::ResetMidstream, true, false)
    );
}

#[test]
fn a_syn_then_the_clients_own_rst_is_an_abandoned_attempt_not_an_established_connection() {
    let mut l = Ladder::at_client();
    l.c(S, 1000, 0, 0).wait(50).c(R, 1001, 0, 0);
    let f = &l.report().findings[0];
    assert_eq!((f.summary.contains("abandoned its connection attempt"), f.explanation.contains("established and")), (true, false));
}

#[test]
fn a_packet_two_steps_of_a_rule_cite_is_one_evidence_line_with_both_reasons() {
    let mut l = Ladder::at_client();
    l.c(S, 1000, 0, 0).wait(50).c(R, 1001, 0, 0);
    let f = &l.report().findings[0];
    let lines: Vec<(u64, bool)> = f.evidence.iter().map(|e| (e.frame, e.what.ends_with(": handshake; the attempt"))).collect();
    assert_eq!(lines, vec![(1, true), (2, false)]);
}

#[test]
fn many_retransmissions_are_loss() {
    let mut l = Ladder::at_client();
    l.handshake().wait(1).c(P | A, 1001, 5001, 100);
    let mut seq = 5001u32;
    for i in 0..100u32 {
        l.wait(1).s(A, seq, 1101, 1000);
        if i % 10 == 5 {
            l.wait(30).s(A, seq, 1101, 1000);
        }
        seq += 1000;
        l.c(A, 1101, seq, 0);
    }
    let f = &l.report().findings[0];
    assert_eq!((f.label, f.figures.retransmissions), (Label::LossRetransmissions, 10));
}

#[test]
fn zero_window_for_seconds_is_a_stall() {
    let mut l = Ladder::at_server();
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(1).s(A, 5001, 1101, 1000);
    l.tcp(true, A, 1101, 6001, 0, 0, 1); // the client's window closes
    l.wait(1000).s(A, 6000, 1101, 0).wait(2000).s(A, 6000, 1101, 0).wait(2000);
    l.tcp(true, A, 1101, 6001, 0, 500, 2); // and opens again
    l.wait(1).s(A, 6001, 1101, 1000);
    let f = &l.report().findings[0];
    assert_eq!((f.label, f.figures.stall_s.map(|s| s >= 4.9)), (Label::ZeroWindowStall, Some(true)));
}

#[test]
fn client_data_retransmitted_with_backoff_and_nothing_back_means_the_server_went_silent() {
    let mut l = Ladder::at_client();
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(5).s(A, 5001, 1101, 0).wait(1).c(P | A, 1101, 5001, 50);
    for ms in [200, 400, 800, 1600] {
        l.wait(ms).c(P | A, 1101, 5001, 50);
    }
    assert_eq!(l.labels(), vec![Label::ServerWentSilent]);
}

#[test]
fn server_data_retransmitted_with_backoff_and_nothing_back_is_half_open() {
    let mut l = Ladder::at_server();
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(5).s(P | A, 5001, 1101, 50);
    for ms in [200, 400, 800, 1600] {
        l.wait(ms).s(P | A, 5001, 1101, 50);
    }
    assert_eq!(l.labels(), vec![Label::HalfOpen]);
}

#[test]
fn request_without_answer_is_server_not_responding() {
    let mut l = Ladder::at_client();
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(5).s(A, 5001, 1101, 0).wait(5000).c(F | A, 1101, 5001, 0);
    assert_eq!(l.labels(), vec![Label::ServerNotRespondingAfterHandshake]);
}

#[test]
fn only_the_clients_packets_is_one_direction_only() {
    let mut l = Ladder::at_client();
    l.c(S, 1000, 0, 0).wait(10).c(A, 1001, 5001, 0).c(P | A, 1001, 5001, 100).wait(10).c(A, 1101, 5301, 0);
    let f = &l.report().findings[0];
    assert_eq!((f.label, f.explanation.contains("only one direction captured")), (Label::OneDirectionOnly, true));
}

#[test]
fn udp_answered_unanswered_and_port_unreachable() {
    let mut l = Ladder::at_client();
    l.sport = 53;
    l.udp(true, 30).wait(1).udp(false, 60);
    l.cport = 40001;
    l.sport = 5005;
    l.wait(10).udp(true, 5).wait(1).icmp_from("10.0.2.20", 63, 3, 3, 17, None);
    l.cport = 40002;
    l.sport = 514;
    l.wait(10).udp(true, 5);
    let mut got = l.labels();
    got.sort();
    assert_eq!(got, vec![Label::Answered, Label::NoResponse, Label::RejectedIcmp]);
}

#[test]
fn packets_out_of_order_in_the_file_read_as_what_happened() {
    let mut l = Ladder::at_client();
    l.handshake();
    exchange(&mut l);
    l.out.reverse();
    assert_eq!(l.labels(), vec![Label::ClosedNormally]);
}

#[test]
fn empty_input_gives_no_finding_and_a_note() {
    let r = Ladder::at_client().report();
    assert_eq!((r.findings.len(), r.notes.len()), (0, 1));
}

#[test]
fn both_captures_show_the_syn_never_arrived() {
    let mut c = Ladder::at_client();
    c.c(S, 1000, 0, 0).wait(1000).c(S, 1000, 0, 0).wait(2000).c(S, 1000, 0, 0);
    let s = Ladder::at_server();
    let f = &pair(&c, &s).findings[0];
    assert_eq!((f.label, f.vantage, f.server_state), (Label::SynDroppedInPath, Vantage::Both, TcpState::Listen));
}

/// The synack_dropped exchange seen at both ends; the server's clock `offset_us` off.
fn synack_dropped_pair(offset_us: i64) -> (Ladder, Ladder) {
    let mut c = Ladder::at_client();
    let mut s = Ladder::at_server();
    s.offset_us = offset_us;
    for wait in [0, 1000, 2000] {
        c.wait(wait).c(S, 1000, 0, 0);
        s.wait(wait).wait(0);
        s.now_ns = c.now_ns + 1_000_000; // 1 ms later at the server
        let t = c.us() as u32;
        s.tcp(true, S, 1000, 0, 0, 500, t);
        s.s(S | A, 5000, 1001, 0);
        s.now_ns -= 1_000_000;
    }
    (c, s)
}

#[test]
fn both_captures_show_the_synack_never_arrived() {
    let (c, s) = synack_dropped_pair(0);
    let f = &pair(&c, &s).findings[0];
    assert_eq!((f.label, f.client_state, f.server_state), (Label::SynackDroppedInPath, TcpState::SynSent, TcpState::SynRecv));
}

#[test]
fn clocks_five_and_a_half_hours_apart_are_estimated_not_assumed() {
    let off = 19_800_000_000i64; // IST vs UTC
    let (c, s) = synack_dropped_pair(off);
    let r = pair(&c, &s);
    let est = r.peer.as_ref().and_then(|p| p.clock_offset_s).unwrap_or(0.0);
    assert!((r.findings[0].label, (est - 19_800.001).abs() < 0.01) == (Label::SynackDroppedInPath, true), "offset {est}");
}

#[test]
fn a_port_scan_is_one_finding() {
    let mut l = Ladder::at_client();
    for p in 1..=50u16 {
        l.sport = p;
        l.cport = 50000;
        l.c(S, 77, 0, 0).wait(0).s(R | A, 0, 78, 0);
    }
    assert_eq!(l.labels(), vec![Label::Scan]);
}

#[test]
fn nat_between_the_captures_still_matches_packets() {
    let (c, mut s) = synack_dropped_pair(0);
    // The server sees the client behind a NAT: another address and port.
    let (old, new) = (s.client, ip("192.0.2.77"));
    for p in &mut s.out {
        if p.src == old {
            p.src = new;
        }
        if p.dst == old {
            p.dst = new;
        }
        if let Transport::Tcp(t) = &mut p.transport {
            if t.sport == 40000 {
                t.sport = 61000;
            }
            if t.dport == 40000 {
                t.dport = 61000;
            }
        }
    }
    let r = pair(&c, &s);
    assert_eq!((r.findings.len(), r.findings[0].label), (1, Label::SynackDroppedInPath));
}

#[test]
fn both_sides_decremented_is_between() {
    let mut l = Ladder::at_client();
    l.cttl = 62;
    l.sttl = 61;
    l.handshake();
    exchange(&mut l);
    assert_eq!(l.report().findings[0].vantage, Vantage::Between);
}

#[test]
fn rst_faster_than_the_server_ever_answers_is_refused_with_a_caveat() {
    let mut l = Ladder::at_client();
    // The server answers SYNs after 30 ms; a reset for port 8080 comes after 0.1 ms with the server's TTL.
    for port in [40002, 40003] {
        l.cport = port;
        l.c(S, 1000, 0, 0).wait(30).s(S | A, 5000, 1001, 0).wait(1).c(A, 1001, 5001, 0);
        exchange(&mut l);
    }
    l.cport = 40001;
    l.sport = 8080;
    l.wait(100).c(S, 7000, 0, 0);
    l.l.wait_us(100);
    l.s(R | A, 0, 7001, 0);
    let r = l.report();
    let f = r.findings.iter().find(|f| f.label == Label::Refused);
    assert!(f.is_some_and(|f| f.explanation.contains("something closer than the server answered")));
}

// ----- bounds: floods stay a few verdicts and the evictions are told -----

impl Ladder {
    fn report_with(&self, limits: super::Limits) -> Report {
        let mut d = Diagnoser::new(vec!["test.pcap".into()]).limits(limits);
        for s in &self.out {
            d.packet(s);
        }
        d.finish()
    }
    /// One SYN from spoofed source number `i`, then `gap_ms` of silence.
    fn spoofed_syn(&mut self, i: u32, gap_ms: i64) -> &mut Self {
        self.client = IpAddr::from((0x6440_0000 + i).to_be_bytes());
        self.cport = 1024 + (i % 60_000) as u16;
        self.c(S, i.wrapping_mul(2_654_435_761), 0, 0).wait(gap_ms)
    }
}

fn cap(max_conns: usize) -> super::Limits {
    super::Limits { max_conns, ..Default::default() }
}

#[test]
fn a_syn_flood_past_the_cap_is_one_verdict_that_counts_the_evicted_attempts() {
    let mut l = Ladder::at_server();
    for i in 0..3000 {
        l.spoofed_syn(i, 1);
    }
    let r = l.report_with(cap(1000));
    let f = &r.findings[0];
    assert_eq!((r.findings.len(), f.label, f.attempts, r.evicted, r.connections), (1, Label::SynFlood, 1000, 2000, 3000));
    assert!(f.summary.ends_with("(+2,000 evicted)"), "{}", f.summary);
    assert!(r.notes.iter().any(|n| n.starts_with("2,000 conversations evicted at the 1,000-conversation cap")), "{:?}", r.notes);
}

#[test]
fn slow_unanswered_syns_from_many_sources_are_one_no_response_finding() {
    // 10 a second is too slow for a SYN flood, but 200 sources each sending
    // one SYN to one port is still one story, not 200 findings.
    let mut l = Ladder::at_server();
    for i in 0..200 {
        l.spoofed_syn(i, 100);
    }
    let r = l.report();
    let f = &r.findings[0];
    assert_eq!((r.findings.len(), f.label, f.attempts), (1, Label::NoResponse, 200));
    assert_eq!(f.summary, "200 unanswered SYNs from 200 sources to 10.0.2.20:80/tcp");
    assert!(f.evidence.len() <= super::mass::EVIDENCE && f.client_ports.is_empty());
}

#[test]
fn unanswered_datagrams_to_many_destinations_are_one_finding() {
    let mut l = Ladder::at_client();
    for i in 0..super::mass::MASS_SPREAD as u32 {
        l.client = IpAddr::from((0x6440_0000 + i).to_be_bytes());
        l.server = IpAddr::from((0xc633_0000 + i).to_be_bytes());
        l.udp(true, 8).wait(1);
    }
    let r = l.report();
    let f = &r.findings[0];
    assert_eq!((r.findings.len(), f.label, f.server_port), (1, Label::NoResponse, 0));
    assert!(f.summary.starts_with("10000 unanswered datagram conversations from 10000 sources to 10000 destinations"), "{}", f.summary);
}

#[test]
fn a_normal_connection_after_a_flood_keeps_its_own_verdict() {
    let mut l = Ladder::at_client();
    for i in 0..500 {
        l.spoofed_syn(i, 1);
    }
    l.client = ip("10.0.1.10");
    l.cport = 40000;
    l.handshake();
    exchange(&mut l);
    let mut got = l.report_with(cap(100)).findings.iter().map(|f| f.label).collect::<Vec<_>>();
    got.sort();
    assert_eq!(got, vec![Label::ClosedNormally, Label::SynFlood]);
}

#[test]
fn the_least_recently_active_conversation_is_evicted_first() {
    let mut l = Ladder::at_client();
    l.cport = 40001;
    l.udp(true, 5).wait(1);
    l.cport = 40002;
    l.udp(true, 5).wait(1);
    l.cport = 40001;
    l.udp(true, 5).wait(1).udp(false, 5).wait(1);
    l.cport = 40003;
    l.udp(true, 5).wait(1).udp(false, 5);
    let r = l.report_with(cap(2));
    let ports: Vec<u16> = r.findings.iter().map(|f| f.client_port).collect();
    assert_eq!((r.evicted, ports), (1, vec![40001, 40003]));
}

#[test]
fn a_storm_of_resets_keeps_a_bounded_number_of_packets() {
    let mut l = Ladder::at_client();
    l.handshake();
    for i in 0..5000 {
        l.s(R, 5001 + i, 0, 0);
    }
    let mut d = Diagnoser::new(vec!["test.pcap".into()]);
    for s in &l.out {
        d.packet(s);
    }
    let a = d.analyse();
    assert!(a.conns[0].pkts.len() <= super::model::KEEP_MAX + super::model::KEEP_LAST, "{}", a.conns[0].pkts.len());
}

#[test]
fn handshake_ack_stamped_a_microsecond_before_its_synack_is_still_the_handshake() {
    let mut l = Ladder::at_client();
    l.c(S, 1000, 0, 0).wait(10).c(A, 1001, 5001, 0).s(S | A, 5000, 1001, 0);
    l.out[1].ts = crate::time::Timestamp::from_nanos(l.out[2].ts.as_nanos() - 1_000);
    l.wait(10).c(A | P, 1001, 5001, 100).wait(10).s(A | P, 5001, 1101, 200).wait(10).c(F | A, 1101, 5201, 0);
    l.wait(10).s(F | A, 5201, 1102, 0).wait(10).c(A, 1102, 5202, 0);
    assert_eq!(l.labels(), vec![Label::ClosedNormally]);
}

#[test]
fn split_handshake_is_a_handshake() {
    let mut l = Ladder::at_client();
    l.c(S, 1000, 0, 0).wait(10).s(S, 5000, 0, 0).wait(1).c(S | A, 1000, 5001, 0).wait(10).s(A, 5001, 1001, 0);
    l.wait(10).c(A | P, 1001, 5001, 100).wait(10).s(A | P, 5001, 1101, 200).wait(10).c(A, 1101, 5201, 0);
    assert_eq!(l.labels(), vec![Label::Established]);
}

#[test]
fn an_injected_rst_the_handshake_ignored_is_not_a_refusal() {
    let mut l = Ladder::at_client();
    l.c(S, 1000, 0, 0).wait(1).s(R | A, 0, 1001, 0).wait(9).s(S | A, 5000, 1001, 0).wait(10).c(A, 1001, 5001, 0);
    l.wait(10).c(A | P, 1001, 5001, 100).wait(10).s(A | P, 5001, 1101, 200).wait(10).c(A, 1101, 5201, 0);
    assert!(!l.labels().contains(&Label::Refused), "{:?}", l.labels());
}

#[test]
fn an_injected_rst_the_exchange_ignored_is_not_an_abort() {
    let mut l = Ladder::at_client();
    l.handshake().wait(10).c(A | P, 1001, 5001, 100).wait(1).s(R, 5001, 0, 0);
    l.wait(9).s(A | P, 5001, 1101, 200).wait(10).c(A, 1101, 5201, 0);
    assert_eq!(l.labels(), vec![Label::Established]);
}

#[test]
fn rst_after_a_fin_with_everything_acknowledged_is_a_normal_close() {
    let mut l = Ladder::at_client();
    l.handshake().wait(10).c(A | P, 1001, 5001, 100).wait(10).s(A | P, 5001, 1101, 200);
    l.wait(10).s(F | A, 5201, 1101, 0).wait(10).c(R | A, 1101, 5202, 0);
    assert_eq!(l.labels(), vec![Label::ClosedNormally]);
}

#[test]
fn rst_answering_data_sent_after_the_servers_fin_is_a_failure() {
    let mut l = Ladder::at_client();
    l.handshake().wait(10).s(F | A, 5001, 1001, 0).wait(10).c(A, 1001, 5002, 0);
    l.wait(1000).c(A | P, 1001, 5002, 100).wait(10).s(R, 5002, 0, 0);
    let r = l.report();
    assert_ne!(r.findings[0].label, Label::ClosedNormally);
}

// ----- the failure classes engineers meet every week -----

use super::finding::Caveat;

fn finding(l: &Ladder) -> super::Finding {
    l.report().findings.into_iter().next().expect("a finding")
}

#[test]
fn a_request_acked_at_once_and_answered_three_seconds_later_is_server_app_slow() {
    let mut l = Ladder::at_client();
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(10).s(A, 5001, 1101, 0).wait(3000).s(P | A, 5001, 1101, 300);
    l.wait(10).c(A, 1101, 5301, 0).c(F | A, 1101, 5301, 0).wait(10).s(F | A, 5301, 1102, 0).wait(10).c(A, 1102, 5302, 0);
    let f = finding(&l);
    assert_eq!((f.label, f.figures.time.and_then(|t| t.server_think_ms).map(|t| t > 2900.0)), (Label::ServerAppSlow, Some(true)));
}

#[test]
fn quick_answers_in_a_conversation_too_long_to_keep_whole_are_not_server_app_slow() {
    // 100 commands, each answered in 5 ms, a second apart: only the first 48
    // and the last 16 packets are kept, so the 23rd request and the 93rd
    // answer end up side by side.
    let mut l = Ladder::at_client();
    l.handshake();
    let (mut cs, mut ss) = (1001u32, 5001u32);
    for _ in 0..100 {
        l.wait(1000).c(P | A, cs, ss, 10).wait(5).s(P | A, ss, cs + 10, 30);
        (cs, ss) = (cs + 10, ss + 30);
    }
    l.wait(1).c(A, cs, ss, 0);
    assert!(!l.labels().contains(&Label::ServerAppSlow), "{:?}", l.labels());
}

#[test]
fn a_client_that_sends_its_request_seconds_after_the_handshake_is_client_app_slow() {
    let mut l = Ladder::at_server();
    l.handshake().wait(4000).c(P | A, 1001, 5001, 100).wait(1).s(P | A, 5001, 1101, 300).wait(10).c(A, 1101, 5301, 0);
    assert_eq!(l.labels(), vec![Label::ClientAppSlow]);
}

#[test]
fn data_after_the_servers_fin_answered_by_rst_is_a_request_on_a_closed_connection() {
    let mut l = Ladder::at_client();
    l.handshake();
    l.wait(1).c(P | A, 1001, 5001, 100).wait(5).s(P | A, 5001, 1101, 300).wait(5).c(A, 1101, 5301, 0);
    l.wait(5000).s(F | A, 5301, 1101, 0).wait(1).c(P | A, 1101, 5302, 100).wait(10).s(R, 5302, 0, 0);
    assert_eq!(l.labels(), vec![Label::RequestOnClosedConnection]);
}

#[test]
fn a_stateless_rst_to_data_on_a_connection_the_server_never_answered_is_not_called_a_restart() {
    let mut l = Ladder::at_server();
    l.c(P | A, 1001, 5001, 100).wait(1).s(R, 5001, 0, 0);
    let f = finding(&l);
    assert_eq!((f.label, f.summary.contains("had no socket")), (Label::ResetMidstream, true), "{}", f.summary);
}

#[test]
fn a_stateless_rst_to_new_data_after_idle_with_no_fin_is_reset_by_peer_after_restart() {
    let mut l = Ladder::at_client();
    l.handshake();
    l.wait(1).c(P | A, 1001, 5001, 100).wait(5).s(P | A, 5001, 1101, 300).wait(5).c(A, 1101, 5301, 0);
    l.wait(20_000).c(P | A, 1101, 5301, 100).wait(10).s(R, 5301, 0, 0);
    assert_eq!(l.labels(), vec![Label::ResetByPeerAfterRestart]);
}

#[test]
fn an_rst_with_ack_right_after_data_stays_reset_midstream() {
    let mut l = Ladder::at_client();
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(5).s(R | A, 5001, 1101, 0);
    assert_eq!(l.labels(), vec![Label::ResetMidstream]);
}

#[test]
fn data_after_long_idle_unanswered_while_new_connections_work_is_idle_timeout_by_middlebox() {
    let mut l = Ladder::at_client();
    l.handshake();
    l.wait(1).c(P | A, 1001, 5001, 100).wait(5).s(P | A, 5001, 1101, 300).wait(5).c(A, 1101, 5301, 0);
    l.wait(30_000).c(P | A, 1101, 5301, 100);
    for ms in [200, 400, 800] {
        l.wait(ms).c(P | A, 1101, 5301, 100);
    }
    l.cport = 40001;
    l.handshake();
    exchange(&mut l);
    l.cport = 40000;
    l.wait(1600).c(P | A, 1101, 5301, 100).wait(3200).c(P | A, 1101, 5301, 100);
    assert!(l.labels().contains(&Label::IdleTimeoutByMiddlebox), "{:?}", l.labels());
}

#[test]
fn the_server_retransmitting_data_the_client_acknowledged_means_the_client_to_server_path_broke() {
    let mut l = Ladder::at_client();
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(5).s(P | A, 5001, 1101, 1000).wait(1).c(A, 1101, 6001, 0);
    for ms in [200, 400, 800, 1600] {
        l.wait(ms).s(P | A, 5001, 1101, 1000).wait(1).c(A, 1101, 6001, 0);
    }
    let f = finding(&l);
    assert_eq!((f.label, f.summary.contains("client → server")), (Label::PathBroken, true), "{}", f.summary);
}

#[test]
fn full_size_segments_retransmitted_while_small_ones_are_acked_is_a_path_mtu_blackhole() {
    let mut l = Ladder::at_server();
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(5).s(P | A, 5001, 1101, 200).wait(5).c(A, 1101, 5201, 0);
    l.wait(1).s(A, 5201, 1101, 1448);
    for ms in [200, 400, 800, 1600] {
        l.wait(ms).s(A, 5201, 1101, 1448);
    }
    let f = finding(&l);
    assert_eq!((f.label, f.summary.contains("largest that did: 200 bytes (MSS 1460)")), (Label::PathMtuBlackhole, true), "{}", f.summary);
}

#[test]
fn a_plaintext_fatal_alert_names_the_tls_failure_and_its_sender() {
    let mut l = Ladder::at_client();
    l.sport = 443;
    l.handshake().wait(1).c(P | A, 1001, 5001, 200).payload(&[22, 3, 1, 0, 195, 1]);
    l.wait(5).s(P | A, 5001, 1201, 7).payload(&[21, 3, 3, 0, 2, 2, 70]);
    l.wait(1).s(F | A, 5008, 1201, 0).wait(1).c(F | A, 1201, 5009, 0).wait(1).s(A, 5009, 1202, 0);
    let f = finding(&l);
    assert_eq!((f.label, f.summary.as_str()), (Label::TlsHandshakeFailed, "TLS handshake failed: the server 10.0.2.20 sent a fatal alert protocol_version (70)"));
}

#[test]
fn a_dhcp_servers_reply_to_the_offered_address_after_a_broadcast_request_is_discovery() {
    let mut l = Ladder::at_server();
    (l.client, l.server, l.cport, l.sport) = (ip("0.0.0.0"), ip("255.255.255.255"), 68, 67);
    l.udp(true, 300);
    (l.client, l.server) = (ip("10.0.0.50"), ip("10.0.0.1"));
    l.wait(5).udp(false, 300);
    assert_eq!(l.labels(), vec![Label::MulticastOrBroadcast, Label::MulticastOrBroadcast]);
}

#[test]
fn in_a_client_only_capture_one_ack_completes_the_handshake_and_the_rest_are_data_and_acks() {
    let mut l = Ladder::at_client();
    l.c(S, 1000, 0, 0).wait(50).c(A, 1001, 5001, 0).wait(5).c(P | A, 1001, 5001, 100).wait(50).c(A, 1101, 5301, 0);
    let f = finding(&l);
    let what: Vec<&str> = f.evidence.iter().filter_map(|e| e.what.split(": ").last()).collect();
    assert_eq!(what, ["the client opens the connection", "the client completes the handshake", "the client's data", "the client acknowledges"]);
}

#[test]
fn a_refused_connection_is_announced_as_its_reset_arrives_and_listed_once() {
    let mut l = Ladder::at_client();
    l.c(S, 1000, 0, 0).wait(1).s(R | A, 0, 1001, 0);
    let told = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&told);
    let mut d = Diagnoser::new(vec!["live".into()]).announce(Box::new(move |f| sink.lock().expect("lock").push(f.label)));
    for s in &l.out {
        d.packet(s);
    }
    // The window holds packets until a tick (live) or the end.
    d.tick(crate::time::Timestamp::new(2_000_000_000, 0));
    let before_end = told.lock().expect("lock").clone();
    let report = d.finish();
    assert_eq!((before_end, report.findings.len(), told.lock().expect("lock").len()), (vec![Label::Refused], 1, 1));
}

/// A DNS header: ID 0x1234, QR as given, RCODE `rcode`, one question.
fn dns(response: bool, rcode: u8) -> [u8; 12] {
    [0x12, 0x34, if response { 0x81 } else { 0x01 }, if response { 0x80 | rcode } else { 0 }, 0, 1, 0, 0, 0, 0, 0, 0]
}

#[test]
fn dns_rcodes_are_not_answered() {
    let mut got = Vec::new();
    for rcode in [3u8, 2, 5] {
        let mut l = Ladder::at_client();
        l.sport = 53;
        l.udp(true, 30).payload(&dns(false, 0)).wait(20).udp(false, 30).payload(&dns(true, rcode));
        got.push(finding(&l).label);
    }
    assert_eq!(got, vec![Label::DnsNxdomain, Label::DnsServfail, Label::DnsRefused]);
}

#[test]
fn dns_queries_retried_without_answer_are_dns_no_answer_with_the_retries_counted() {
    let mut l = Ladder::at_client();
    l.sport = 53;
    l.udp(true, 30).payload(&dns(false, 0)).wait(5000).udp(true, 30).payload(&dns(false, 0)).wait(5000);
    let f = finding(&l);
    assert_eq!((f.label, f.explanation.contains("sent 2 times (1 retries")), (Label::DnsNoAnswer, true), "{}", f.explanation);
}

#[test]
fn a_lone_dns_query_at_the_end_of_the_capture_is_pending_with_a_caveat() {
    let mut l = Ladder::at_client();
    l.sport = 53;
    l.udp(true, 30).payload(&dns(false, 0)).wait(300);
    let f = finding(&l);
    assert_eq!((f.label, f.severity, f.caveats.clone()), (Label::DnsPending, super::Severity::Ok, vec![super::Caveat::CaptureEndedBeforeAnswer]));
}

#[test]
fn a_dns_query_the_capture_waited_a_second_on_is_dns_no_answer() {
    let mut l = Ladder::at_client();
    l.sport = 53;
    l.udp(true, 30).payload(&dns(false, 0)).wait(1200);
    // Another conversation keeps the capture running after the query.
    let (c, s) = (l.client, l.server);
    l.push(c, s, 64, 9, crate::wire::ladder::udp(40001, 123, 48));
    let r = l.report();
    let labels: Vec<(u16, Label)> = r.findings.iter().map(|f| (f.server_port, f.label)).collect();
    assert!(labels.contains(&(53, Label::DnsNoAnswer)), "{labels:?}");
}

#[test]
fn icmp_host_unreachable_after_the_routers_arp_timeout_is_host_unreachable() {
    let mut l = Ladder::at_client();
    l.c(S, 1000, 0, 0).wait(1000).c(S, 1000, 0, 0).wait(2000).icmp_from("10.0.1.1", 64, 3, 1, 6, Some(1000));
    assert_eq!(l.labels(), vec![Label::HostUnreachable]);
}

#[test]
fn icmp_host_unreachable_at_once_is_a_reject_rule() {
    let mut l = Ladder::at_client();
    l.c(S, 1000, 0, 0).wait(1).icmp_from("10.0.1.1", 64, 3, 1, 6, Some(1000));
    assert_eq!(l.labels(), vec![Label::RejectedIcmp]);
}

#[test]
fn a_mid_stream_capture_with_sack_recovery_reports_the_loss_with_a_caveat() {
    let mut l = Ladder::at_client();
    l.s(A, 5001, 1101, 1000).wait(1).s(A, 7001, 1101, 1000).c(A, 1101, 6001, 0);
    l.sack = 1;
    l.c(A, 1101, 6001, 0).c(A, 1101, 6001, 0).c(A, 1101, 6001, 0);
    l.sack = 0;
    l.wait(20).s(A, 6001, 1101, 1000).wait(1).c(A, 1101, 8001, 0);
    let f = finding(&l);
    assert_eq!((f.label, f.caveats.contains(&Caveat::StartedMidConnection)), (Label::LossRetransmissions, true));
}

#[test]
fn sack_recovery_past_the_first_kept_packets_of_a_long_transfer_is_still_loss() {
    // 60 segments acknowledged in turn, then the same hole-and-refill as
    // above: past the packets kept from the start, the SACKs must be kept too.
    let mut l = Ladder::at_client();
    let mut seq = 5001u32;
    for _ in 0..60 {
        l.wait(1).s(A, seq, 1101, 1000).c(A, 1101, seq + 1000, 0);
        seq += 1000;
    }
    l.wait(1).s(A, seq + 1000, 1101, 1000);
    l.sack = 1;
    l.c(A, 1101, seq, 0).c(A, 1101, seq, 0).c(A, 1101, seq, 0);
    l.sack = 0;
    l.wait(20).s(A, seq, 1101, 1000).wait(1).c(A, 1101, seq + 2000, 0);
    // The transfer goes on: the hole is no longer among the last packets kept either.
    seq += 2000;
    for _ in 0..20 {
        l.wait(1).s(A, seq, 1101, 1000).c(A, 1101, seq + 1000, 0);
        seq += 1000;
    }
    assert_eq!(finding(&l).label, Label::LossRetransmissions);
}

#[test]
fn a_ten_millisecond_zero_window_that_recovered_is_a_warning() {
    let mut l = Ladder::at_server();
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(1).s(A, 5001, 1101, 1000);
    l.tcp(true, A, 1101, 6001, 0, 0, 1).wait(10);
    l.tcp(true, A, 1101, 6001, 0, 500, 2).wait(1).s(A, 6001, 1101, 1000).wait(1).c(A, 1101, 7001, 0);
    let f = finding(&l);
    assert_eq!((f.label, f.severity), (Label::ZeroWindowStall, super::Severity::Warning));
}

#[test]
fn a_healthy_mid_stream_connection_keeps_its_outcome_and_carries_the_caveats() {
    let mut l = Ladder::at_client();
    l.c(P | A, 1001, 5001, 100).wait(5).s(P | A, 5001, 1101, 300).wait(5).c(A, 1101, 5301, 0);
    let f = finding(&l);
    assert_eq!((f.label, f.caveats), (Label::Established, vec![Caveat::StartedMidConnection, Caveat::CaptureEndedWhileOpen]));
}

/// Two clients of one port, as a server whose application never calls
/// accept() leaves them: the first's request ACKed by the kernel and never
/// answered, the second's handshake ACK dropped by the full accept queue.
fn accept_queue_overflow(l: &mut Ladder) {
    l.cport = 40000;
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(5).s(A, 5001, 1101, 0);
    l.cport = 40001;
    l.handshake().wait(1).c(P | A, 1001, 5001, 100);
    for ms in [200, 400, 800, 1600] {
        l.wait(ms).c(P | A, 1001, 5001, 100);
    }
    l.cport = 40000;
    l.wait(2000).c(F | A, 1101, 5001, 0).wait(5).s(A, 5001, 1102, 0);
}

#[test]
fn a_request_acked_never_served_beside_an_ignored_handshake_at_one_port_is_one_listen_queue_full() {
    for mut l in [Ladder::at_client(), Ladder::at_server()] {
        accept_queue_overflow(&mut l);
        let r = l.report();
        assert_eq!(r.findings.iter().map(|f| (f.label, f.attempts)).collect::<Vec<_>>(), vec![(Label::ListenQueueFull, 2)]);
    }
}

#[test]
fn a_request_acked_never_served_beside_a_silent_server_on_another_port_stays_two_findings() {
    let mut l = Ladder::at_client();
    l.cport = 40000;
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(5).s(A, 5001, 1101, 0);
    (l.cport, l.sport) = (40001, 8080);
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(5).s(A, 5001, 1101, 0).wait(1).c(P | A, 1101, 5001, 50);
    for ms in [200, 400, 800, 1600] {
        l.wait(ms).c(P | A, 1101, 5001, 50);
    }
    let mut labels = l.labels();
    labels.sort();
    assert_eq!(labels, vec![Label::ServerNotRespondingAfterHandshake, Label::ServerWentSilent]);
}

#[test]
fn queries_to_multicast_and_broadcast_addresses_and_their_unicast_replies_are_discovery_not_failures() {
    let mut l = Ladder::at_client();
    for (group, port) in [("224.0.0.251", 5353u16), ("224.0.0.252", 5355), ("255.255.255.255", 67), ("10.0.1.255", 137), ("239.255.255.250", 1900)] {
        (l.server, l.sport, l.cport) = (ip(group), port, l.cport + 1);
        l.udp(true, 40).wait(500).udp(true, 40).wait(1000);
    }
    // A responder answers the LLMNR query from its own address.
    (l.server, l.sport, l.cport) = (ip("10.0.2.20"), 5355, 40010);
    l.udp(false, 60);
    (l.server, l.sport) = (ip("224.0.0.252"), 5355);
    l.wait(1).udp(true, 40);
    let labels = l.labels();
    assert!(!labels.is_empty() && labels.iter().all(|&x| x == Label::MulticastOrBroadcast), "{labels:?}");
}

#[test]
fn one_way_datagrams_of_udp_tunnels_are_tunnel_traffic_not_unanswered_requests() {
    let mut l = Ladder::at_client();
    for port in [4789u16, 6081, 2152, 3544] {
        (l.sport, l.cport) = (port, l.cport + 1);
        l.udp(true, 120).wait(10).udp(true, 120).wait(10);
    }
    let labels = l.labels();
    assert!(labels.len() == 4 && labels.iter().all(|&x| x == Label::TunnelCarrier), "{labels:?}");
}

#[test]
fn time_lost_to_retransmissions_when_both_sides_retransmit_at_once_is_counted_once() {
    let mut l = Ladder::at_server();
    l.handshake().wait(1).c(P | A, 1001, 5001, 100).wait(1).s(P | A, 5001, 1101, 300);
    for ms in [200, 400, 800] {
        l.wait(ms).c(P | A, 1001, 5001, 100).s(P | A, 5001, 1101, 300);
    }
    let r = l.report();
    let t = r.findings[0].figures.time.as_ref().map(|t| (t.retransmission_ms, t.transfer_ms.unwrap_or(0.0)));
    assert!(t.is_some_and(|(lost, transfer)| lost > 0.0 && lost <= transfer), "{t:?}");
}

/// The JSON lines of a report read through `each_finding`, and how many
/// findings were written aside.
fn printed(l: &Ladder, spill: bool) -> (Vec<String>, usize) {
    let mut d = Diagnoser::new(vec!["test.pcap".into()]).spill(spill);
    for s in &l.out {
        d.packet(s);
    }
    let r = d.finish();
    let mut lines = Vec::new();
    let read = r.each_finding(|f| {
        lines.push(serde_json::to_string(f).map_err(std::io::Error::other)?);
        Ok(())
    });
    assert!(read.is_ok(), "{read:?}");
    (lines, r.spilled.as_ref().map_or(0, |s| s.len()))
}

/// A connection, then a UDP exchange ten minutes later: the flow stage has
/// long closed the connection by then, so it is decided and released before
/// the capture ends.
fn released_before_the_end() -> Ladder {
    let mut l = Ladder::at_client();
    l.handshake();
    exchange(&mut l);
    l.wait(600_000).udp(true, 10).wait(5).udp(false, 40);
    l
}

#[test]
fn findings_written_aside_print_exactly_as_those_kept_in_memory() {
    let l = released_before_the_end();
    let (kept, none) = printed(&l, false);
    let (aside, spilled) = printed(&l, true);
    assert_eq!((aside, none, spilled), (kept, 0, 1));
}

#[test]
fn json_lines_of_findings_written_aside_are_those_read_back_serialised() {
    let l = released_before_the_end();
    let mut d = Diagnoser::new(vec!["test.pcap".into()]).spill(true);
    for s in &l.out {
        d.packet(s);
    }
    let r = d.finish();
    let mut read = Vec::new();
    let mut copied = Vec::new();
    let a = r.each_finding(|f| {
        read.push(serde_json::to_string(f).map_err(std::io::Error::other)?);
        Ok(())
    });
    let b = r.each_json_line(|line| {
        copied.push(String::from_utf8_lossy(line).into_owned());
        Ok(())
    });
    assert!(a.is_ok() && b.is_ok() && r.spilled.as_ref().is_some_and(|s| s.len() == 1), "{a:?} {b:?}");
    assert_eq!(copied, read);
}

#[test]
fn the_overview_keeps_the_earliest_findings_of_each_severity_and_counts_the_others() {
    let mut r = super::Released { overview_only: true, ..Default::default() };
    for i in 0..2000u32 {
        let mut f = super::Finding::new(Label::ClosedNormally, ip("10.0.0.1"), 1000, ip("10.0.0.2"), 80, "tcp");
        f.ts = f64::from(2000 - i);
        r.list(f, None);
    }
    r.compact();
    // Which are kept (they stay in release order; the report sorts them).
    let mut kept: Vec<f64> = r.findings.iter().map(|(f, _)| f.ts).collect();
    kept.sort_by(f64::total_cmp);
    let earliest: Vec<f64> = (1..=super::OVERVIEW_SHOWN as u32).map(f64::from).collect();
    assert_eq!((kept, r.elided.of(super::Severity::Ok)), (earliest, 2000 - super::OVERVIEW_SHOWN));
}

#[test]
fn the_overview_only_counts_healthy_findings_later_than_those_it_keeps() {
    let mut r = super::Released { overview_only: true, ..Default::default() };
    let finding = |label, ts| {
        let mut f = super::Finding::new(label, ip("10.0.0.1"), 1000, ip("10.0.0.2"), 80, "tcp");
        f.ts = ts;
        f
    };
    assert!(!r.counts_healthy_only(), "nothing kept yet: every finding is written in full");
    for i in 0..2000u32 {
        r.list(finding(Label::ClosedNormally, f64::from(2000 - i)), None);
    }
    r.compact();
    let later = finding(Label::ClosedNormally, 30.0);
    let earlier = finding(Label::ClosedNormally, 0.5);
    let failure = finding(Label::Refused, 30.0);
    assert_eq!(
        (r.counts_healthy_only(), r.only_counts(&later), r.only_counts(&earlier), r.only_counts(&failure)),
        (true, true, false, false)
    );
}
