//! Packet-ladder tests of the tracker: one scenario and one assertion each.

use super::*;
use crate::wire::summary::{IcmpDigest, Quoted, TcpFlags, UdpDigest};
use crate::wire::ladder::{self, Ladder, A, F, P, R, S};
use std::net::{IpAddr, Ipv4Addr};

const CLIENT: [u8; 4] = [10, 0, 0, 1];
const SERVER: [u8; 4] = [10, 0, 0, 2];
const CPORT: u16 = 40000;
const SPORT: u16 = 8080;

/// Runs a ladder through a fresh tracker.
trait Run {
    fn run(&self) -> Vec<Connection>;
    fn run_with(&self, cfg: TrackerConfig) -> Vec<Connection>;
    fn one(&self) -> Connection;
}

impl Run for Ladder {
    fn run(&self) -> Vec<Connection> {
        self.run_with(TrackerConfig::default())
    }
    fn run_with(&self, cfg: TrackerConfig) -> Vec<Connection> {
        let mut t = Tracker::new(cfg);
        for s in &self.out {
            t.push(s);
        }
        t.finish().collect()
    }
    fn one(&self) -> Connection {
        let mut v = self.run();
        assert_eq!(v.len(), 1, "expected one connection");
        v.remove(0)
    }
}

fn ip(a: [u8; 4]) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(a))
}

/// Frame `frame` at `t_ms` after the ladders' start, `ip_len` bytes long.
fn base(
    frame: u64,
    t_ms: i64,
    src: [u8; 4],
    dst: [u8; 4],
    transport: Transport,
    ip_len: u32,
) -> Summary {
    let mut s = ladder::summary(ip(src), ip(dst), transport);
    s.frame = frame;
    s.ts = Timestamp::from_nanos(ladder::T0_NS + t_ms as i128 * 1_000_000);
    s.ip_id = frame as u16;
    s.ip_len = ip_len;
    s.wire_len = ip_len.saturating_add(14);
    s
}

fn tcp(sport: u16, dport: u16, flags: u16, seq: u32, ack: u32, len: u32, win: u16) -> Transport {
    let mut t = ladder::tcp(sport, dport, flags, seq, ack, len);
    t.window = win;
    Transport::Tcp(t)
}

#[test]
fn s0_syn_only() {
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0).c(1000, S, 100, 0, 0);
    let c = l.one();
    assert_eq!((c.conn_state(), c.history()), ("S0", "S"));
}

#[test]
fn s1_established_never_closed() {
    let mut l = Ladder::new();
    l.handshake()
        .c(1, A | P, 101, 501, 10)
        .s(1, A, 501, 111, 0);
    let c = l.one();
    assert_eq!(
        (c.conn_state(), c.history(), c.bytes()),
        ("S1", "ShADa", Some((10, 0)))
    );
}

#[test]
fn sf_normal_close() {
    let mut l = Ladder::new();
    l.handshake()
        .c(1, A | P, 101, 501, 10)
        .s(1, A | P, 501, 111, 20)
        .c(1, A | F, 111, 521, 0)
        .s(1, A | F, 521, 112, 0)
        .c(1, A, 112, 522, 0);
    let c = l.one();
    assert_eq!(
        (c.conn_state(), c.history(), c.bytes()),
        ("SF", "ShADdFf", Some((10, 20)))
    );
    assert_eq!((c.orig().pkts, c.resp().pkts), (5, 3));
}

#[test]
fn rej_refused_by_rst() {
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0).s(1, R | A, 0, 101, 0);
    let c = l.one();
    assert_eq!((c.conn_state(), c.history()), ("REJ", "Sr"));
}

#[test]
fn s2_originator_closed_responder_silent() {
    let mut l = Ladder::new();
    l.handshake()
        .c(1, A | F, 101, 501, 0)
        .s(1, A, 501, 102, 0);
    let c = l.one();
    assert_eq!(c.conn_state(), "S2");
}

#[test]
fn s3_responder_closed_originator_silent() {
    let mut l = Ladder::new();
    l.handshake()
        .s(1, A | F, 501, 101, 0)
        .c(1, A, 101, 502, 0);
    let c = l.one();
    assert_eq!(c.conn_state(), "S3");
}

#[test]
fn rsto_originator_aborts() {
    let mut l = Ladder::new();
    l.handshake().c(1, R | A, 101, 501, 0);
    let c = l.one();
    assert_eq!((c.conn_state(), c.history()), ("RSTO", "ShAR"));
}

#[test]
fn rstr_responder_aborts() {
    let mut l = Ladder::new();
    l.handshake()
        .c(1, A | P, 101, 501, 5)
        .s(1, R | A, 501, 106, 0);
    let c = l.one();
    assert_eq!((c.conn_state(), c.history()), ("RSTR", "ShADr"));
}

#[test]
fn rstos0_syn_then_own_rst() {
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0).c(1, R, 101, 0, 0);
    let c = l.one();
    assert_eq!((c.conn_state(), c.history()), ("RSTOS0", "SR"));
}

#[test]
fn rstrh_synack_then_rst_without_syn() {
    let mut l = Ladder::new();
    l.s(0, S | A, 500, 101, 0).s(1, R, 501, 0, 0);
    let c = l.one();
    assert_eq!(c.conn_state(), "RSTRH");
    assert!(c.history().starts_with('^'), "{}", c.history());
}

#[test]
fn sh_syn_then_fin() {
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0).c(1, F, 101, 0, 0);
    let c = l.one();
    assert_eq!((c.conn_state(), c.history()), ("SH", "SF"));
}

#[test]
fn shr_synack_then_fin_from_responder() {
    let mut l = Ladder::new();
    l.s(0, S | A, 500, 101, 0).s(1, A | F, 501, 101, 0);
    let c = l.one();
    assert_eq!(c.conn_state(), "SHR");
}

#[test]
fn oth_midstream_data() {
    let mut l = Ladder::new();
    l.c(0, A | P, 1000, 2000, 10);
    let c = l.one();
    assert_eq!(c.conn_state(), "OTH");
}

#[test]
fn retransmission_and_zero_window_letters() {
    let mut l = Ladder::new();
    l.handshake()
        .c(1, A | P, 101, 501, 10)
        .c(300, A | P, 101, 501, 10);
    l.window = 0;
    l.s(1, A, 501, 111, 0);
    let c = l.one();
    assert_eq!(c.history(), "ShADTaw");
    assert_eq!(c.orig().analysis().get(AnalysisFlags::RETRANSMISSION), 1);
    assert_eq!(c.resp().analysis().get(AnalysisFlags::ZERO_WINDOW), 1);
}

#[test]
fn syn_fin_and_fin_rst_are_q_and_i() {
    let mut l = Ladder::new();
    l.c(0, S | F, 100, 0, 0).s(1, F | R | A, 0, 101, 0);
    let c = l.one();
    assert!(
        c.history().contains('Q') && c.history().contains('i'),
        "{}",
        c.history()
    );
}

#[test]
fn bad_tcp_checksum_is_c_and_not_counted_as_zeek_does() {
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0);
    l.last_mut().l4_checksum_ok = Some(false);
    let v = l.run_with(TrackerConfig::zeek());
    assert_eq!(
        (v[0].history(), v[0].conn_state(), v[0].orig().pkts),
        ("C", "OTH", 0)
    );
}

#[test]
fn bad_ip_checksum_is_dropped_as_zeek_does() {
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0);
    l.last_mut().ip_checksum_ok = Some(false);
    assert!(l.run_with(TrackerConfig::zeek()).is_empty());
}

#[test]
fn bad_checksums_count_by_default_as_in_wireshark() {
    // Checksum offload: the client's own packets, captured on the client,
    // all carry a checksum the card had not filled in yet.
    let mut l = Ladder::new();
    l.handshake().c(1, A | P, 101, 501, 10).s(1, A, 501, 111, 0);
    for s in l.out.iter_mut().filter(|s| s.src == ip(CLIENT)) {
        s.l4_checksum_ok = Some(false);
    }
    let mut t = Tracker::new(TrackerConfig::default());
    for s in &l.out {
        t.push(s);
    }
    let bad = t.stats.bad_checksums();
    let c: Vec<Connection> = t.finish().collect();
    assert_eq!((c[0].conn_state(), c[0].orig().pkts, bad), ("S1", 3, 3));
}

#[test]
fn new_syn_after_close_starts_new_connection() {
    let mut l = Ladder::new();
    l.handshake()
        .c(1, R | A, 101, 501, 0)
        .c(1000, S, 9000, 0, 0);
    let v = l.run();
    assert_eq!(v.len(), 2);
}

#[test]
fn duplicate_syn_with_new_isn_is_new_attempt() {
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0).c(10, S, 7777, 0, 0);
    assert_eq!(l.run().len(), 2);
}

#[test]
fn syn_retransmitted_after_attempt_delay_is_new_record_in_zeek() {
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0)
        .c(1000, S, 100, 0, 0)
        .c(2000, S, 100, 0, 0)
        .c(4000, S, 100, 0, 0);
    let v = l.run_with(TrackerConfig::zeek());
    assert_eq!(v.len(), 2);
    assert!(v.iter().all(|c| c.conn_state() == "S0"));
}

#[test]
fn syn_retransmissions_with_one_isn_are_one_connection() {
    // Linux's exponential backoff: 1, 2, 4, 8, 16 s.
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0);
    for dt in [1000, 2000, 4000, 8000, 16000] {
        l.c(dt, S, 100, 0, 0);
    }
    assert_eq!(l.run().len(), 1);
}

#[test]
fn linear_syn_timeouts_are_one_connection() {
    // tcp_syn_linear_timeouts=4: 1 s apart five times, then doubling.
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0);
    for dt in [1000, 1000, 1000, 1000, 1000, 2000, 4000] {
        l.c(dt, S, 100, 0, 0);
    }
    let c = l.one();
    assert_eq!((c.conn_state(), c.client_state()), ("S0", TcpState::SynSent));
}

#[test]
fn handshake_ack_stamped_before_its_synack_completes_the_handshake() {
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0).c(2, A, 101, 501, 0).s(0, S | A, 500, 101, 0);
    // The ACK is 1 µs earlier than the SYN-ACK it acknowledges.
    l.out[1].ts = Timestamp::from_nanos(l.out[2].ts.as_nanos() - 1_000);
    l.c(1, A | P, 101, 501, 10).s(1, A, 501, 111, 0);
    let c = l.one();
    assert_eq!(
        (c.history(), c.client_state(), c.server_state()),
        ("ShADa", TcpState::Established, TcpState::Established)
    );
}

#[test]
fn split_handshake_is_recognised() {
    // RFC 793 §3.4 simultaneous-open variant: the server answers the SYN
    // with its own SYN, the client then sends SYN-ACK, the server ACKs.
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0)
        .s(1, S, 500, 0, 0)
        .c(1, S | A, 100, 501, 0)
        .s(1, A, 501, 101, 0)
        .c(1, A | P, 101, 501, 10)
        .s(1, A, 501, 111, 0);
    let c = l.one();
    assert_eq!(
        (c.orig_side().port, c.client_state(), c.server_state()),
        (CPORT, TcpState::Established, TcpState::Established)
    );
}

#[test]
fn spoofed_syn_with_another_ttl_is_not_the_clients() {
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0).c(200, S, 7777, 0, 0);
    l.last_mut().ttl = 40;
    l.c(800, S, 100, 0, 0);
    let c = l.one();
    assert_eq!((c.foreign_syns, c.orig().syn.map(|s| s.isn)), (1, Some(100)));
}

#[test]
fn new_isn_syn_on_an_open_connection_does_not_end_it() {
    let mut l = Ladder::new();
    l.handshake()
        .c(1, A | P, 101, 501, 10)
        .c(1, S, 9999, 0, 0)
        .s(1, A, 501, 111, 0);
    let c = l.one();
    assert_eq!((c.conn_state(), c.foreign_syns), ("S1", 1));
}

#[test]
fn ignored_rst_leaves_both_sockets_open() {
    // A RST injected in the server's name; both sides carry on.
    let mut l = Ladder::new();
    l.handshake()
        .c(1, A | P, 101, 501, 10)
        .s(1, R, 501, 0, 0)
        .s(1, A | P, 501, 111, 20)
        .c(1, A, 111, 521, 0);
    let c = l.one();
    assert_eq!(
        (c.client_state(), c.server_state()),
        (TcpState::Established, TcpState::Established)
    );
}

#[test]
fn capture_of_only_the_fin_exchange_ends_closed_and_time_wait() {
    let mut l = Ladder::new();
    l.c(0, F | A, 1000, 2000, 0)
        .s(1, A, 2000, 1001, 0)
        .s(1, F | A, 2000, 1001, 0)
        .c(1, A, 1001, 2001, 0);
    let c = l.one();
    assert_eq!(
        (c.client_state(), c.server_state()),
        (TcpState::TimeWait, TcpState::Closed)
    );
}

#[test]
fn dropped_synack_seen_at_the_server_leaves_the_client_in_syn_sent() {
    // The server answers every SYN; the client never gets an answer.
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0)
        .s(1, S | A, 500, 101, 0)
        .c(999, S, 100, 0, 0)
        .s(1, S | A, 500, 101, 0)
        .s(1000, S | A, 500, 101, 0)
        .c(999, S, 100, 0, 0)
        .s(1, S | A, 500, 101, 0);
    let c = l.one();
    assert_eq!(
        (c.client_state(), c.server_state()),
        (TcpState::SynSent, TcpState::SynRecv)
    );
}

#[test]
fn flip_on_synack_first() {
    let mut l = Ladder::new();
    l.s(0, S | A, 500, 101, 0).c(1, A, 101, 501, 0);
    let c = l.one();
    assert_eq!(c.orig_side().port, CPORT);
    assert_eq!(c.history(), "^hA");
}

#[test]
fn kernel_states_follow_close() {
    let mut l = Ladder::new();
    l.handshake()
        .c(1, A | F, 101, 501, 0)
        .s(1, A, 501, 102, 0);
    let c = l.one();
    assert_eq!(
        (c.client_state(), c.server_state()),
        (TcpState::FinWait2, TcpState::CloseWait)
    );
}

#[test]
fn icmp_error_is_tied_to_quoted_flow_and_aborts_syn_sent() {
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0);
    let q = Quoted {
        src: ip(CLIENT),
        dst: ip(SERVER),
        proto: 6,
        sport: CPORT,
        dport: SPORT,
        tcp_seq: Some(100),
        tcp_flags: Some(TcpFlags(S)),
        icmp_id: None,
    };
    let icmp = Transport::Icmp(IcmpDigest {
        v6: false,
        kind: 3,
        code: 3,
        id: 0,
        seq: 0,
        len: 36,
        quoted: Some(q),
    });
    l.out.push(base(2, 1, [10, 0, 0, 254], CLIENT, icmp, 56));
    let v = l.run();
    let tcp = v.iter().find(|c| c.proto == 6).expect("tcp flow");
    assert_eq!(tcp.icmp_error_count, 1);
    assert_eq!(tcp.icmp_errors[0].from, ip([10, 0, 0, 254]));
    assert_eq!(tcp.client_state(), TcpState::Closed);
    let icmp = v.iter().find(|c| c.proto == 1).expect("icmp flow");
    assert_eq!((icmp.orig_side().port, icmp.resp_side().port), (3, 3));
}

#[test]
fn udp_states() {
    let mut t = Tracker::new(TrackerConfig::default());
    let u = |sp, dp| {
        Transport::Udp(UdpDigest {
            sport: sp,
            dport: dp,
            payload_len: 30,
        })
    };
    t.push(&base(1, 0, CLIENT, SERVER, u(5000, 53), 58));
    t.push(&base(2, 1, SERVER, CLIENT, u(53, 5000), 58));
    t.push(&base(3, 2, CLIENT, SERVER, u(5001, 9999), 58));
    let v: Vec<_> = t.finish().collect();
    let states: Vec<_> = v
        .iter()
        .map(|c| (c.conn_state(), c.history().to_string()))
        .collect();
    assert!(
        states.contains(&("SF", "Dd".to_string())) && states.contains(&("S0", "D".to_string())),
        "{states:?}"
    );
}

#[test]
fn table_cap_evicts_and_counts() {
    let cfg = TrackerConfig {
        max_flows: 10,
        ..Default::default()
    };
    let mut t = Tracker::new(cfg);
    for i in 0..50u16 {
        t.push(&base(
            i as u64 + 1,
            i as i64,
            CLIENT,
            SERVER,
            tcp(1000 + i, 80, S, 1, 0, 0, 100),
            40,
        ));
    }
    assert!(t.len() <= 10);
    assert_eq!(t.stats.evictions, 40);
}

#[test]
fn wild_sequence_numbers_do_not_panic() {
    let mut l = Ladder::new();
    l.handshake()
        .c(1, A | P, 0x8000_0000, 501, 100)
        .s(1, A, 501, u32::MAX, 0)
        .c(1, R | F | S, 3, 3, 5)
        .s(1, A, 0, 0, u32::MAX);
    let v = l.run();
    assert!(!v.is_empty());
}

#[test]
fn inactivity_expires_udp_while_streaming() {
    let mut t = Tracker::new(TrackerConfig::default());
    let u = Transport::Udp(UdpDigest {
        sport: 5000,
        dport: 53,
        payload_len: 30,
    });
    t.push(&base(1, 0, CLIENT, SERVER, u, 58));
    let other = Transport::Udp(UdpDigest {
        sport: 6000,
        dport: 53,
        payload_len: 30,
    });
    t.push(&base(2, 61_000, CLIENT, SERVER, other, 58));
    assert_eq!(t.drain_closed().count(), 1);
}

#[test]
fn connection_stays_small() {
    let size = std::mem::size_of::<Connection>();
    eprintln!("Connection: {size} bytes");
    // 800 before the service probe (two 17-byte payload heads, tunnel marks);
    // 848 with the held handshake ACK, foreign SYNs and the RST memory.
    assert!(size <= 848, "Connection is {size} bytes");
}

#[test]
fn extreme_timestamps_terminate() {
    // Times at the edges of the representable range must not stall timers.
    let mut t = Tracker::new(TrackerConfig::default());
    for (i, secs) in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX - 1, i64::MAX]
        .into_iter()
        .enumerate()
    {
        let mut s = base(
            i as u64 + 1,
            0,
            CLIENT,
            SERVER,
            tcp(1000 + i as u16, 80, S, 1, 0, 0, 100),
            40,
        );
        s.ts = Timestamp {
            secs,
            nanos: 999_999_999,
        };
        t.push(&s);
        let mut u = base(
            i as u64 + 100,
            0,
            CLIENT,
            SERVER,
            Transport::Udp(UdpDigest {
                sport: 5000,
                dport: 53,
                payload_len: 1,
            }),
            29,
        );
        u.ts = s.ts;
        t.push(&u);
    }
    assert!(!t.finish().next().is_none());
}

#[test]
fn syn_rst_is_q_and_other_flows_unaffected() {
    let mut l = Ladder::new();
    l.c(0, S | R, 100, 0, 0);
    let mut t = Tracker::new(TrackerConfig::default());
    for s in &l.out {
        t.push(s);
    }
    // A normal connection on another port, processed after the odd one.
    t.push(&base(
        10,
        1,
        CLIENT,
        SERVER,
        tcp(50000, 80, S, 1, 0, 0, 100),
        40,
    ));
    t.push(&base(
        11,
        2,
        SERVER,
        CLIENT,
        tcp(80, 50000, S | A, 9, 2, 0, 100),
        40,
    ));
    let v: Vec<_> = t.finish().collect();
    let odd = v
        .iter()
        .find(|c| c.orig_side().port == CPORT)
        .expect("odd flow");
    assert!(odd.history().contains('Q'), "{}", odd.history());
    let ok = v
        .iter()
        .find(|c| c.orig_side().port == 50000)
        .expect("normal flow");
    assert_eq!((ok.conn_state(), ok.history()), ("S1", "Sh"));
}

#[test]
fn data_before_syn_then_handshake() {
    let mut l = Ladder::new();
    l.c(0, A | P, 5000, 9000, 10);
    l.handshake();
    let v = l.run();
    assert!(!v.is_empty());
    assert!(v.iter().all(|c| !c.history().is_empty()));
}

#[test]
fn truncated_summary_is_still_counted() {
    let mut l = Ladder::new();
    l.c(0, S, 100, 0, 0);
    l.last_mut().truncated = true;
    l.last_mut().l4_checksum_ok = None;
    let c = l.one();
    assert_eq!((c.conn_state(), c.orig().pkts), ("S0", 1));
}

#[test]
fn tagged_requests_and_untagged_replies_are_one_connection() {
    let mut l = Ladder::new();
    l.handshake().c(1, A | P, 101, 501, 10).s(1, A, 501, 111, 0);
    for s in l.out.iter_mut().filter(|s| s.src == ip(CLIENT)) {
        s.vlan = Some(7);
    }
    let c = l.one();
    assert_eq!((c.conn_state(), c.history()), ("S1", "ShADa"));
}

#[test]
fn feed_reports_packets_and_closures_to_the_sink() {
    #[derive(Default)]
    struct Count(usize, usize);
    impl FlowSink for Count {
        fn on_packet(&mut self, _s: &Summary, _v: &PacketVerdict, _c: Option<&Connection>) {
            self.0 += 1;
        }
        fn on_close(&mut self, _c: &Connection) {
            self.1 += 1;
        }
    }
    let mut t = Tracker::new(TrackerConfig::default());
    let mut sink = Count::default();
    let u = |sp| {
        Transport::Udp(UdpDigest {
            sport: sp,
            dport: 53,
            payload_len: 30,
        })
    };
    t.feed(&base(1, 0, CLIENT, SERVER, u(5000), 58), &mut sink);
    t.feed(&base(2, 70_000, CLIENT, SERVER, u(5001), 58), &mut sink);
    assert_eq!((sink.0, sink.1), (2, 1));
}

#[test]
fn ntp_capture_starting_with_the_servers_reply_is_turned_around_as_zeek_does() {
    // Zeek's NTP analyzer flips the roles on a mode-4 message from the
    // originator, moving the addresses only: "D^", everything counted on the
    // client's side, S0.
    let ntp = |mode: u8| {
        let mut s = base(1, 0, SERVER, CLIENT, Transport::Udp(UdpDigest { sport: 123, dport: 123, payload_len: 48 }), 76);
        s.head = crate::wire::summary::PayloadHead::new(&[0x20 | mode, 0, 0, 0]);
        s
    };
    let mut t = Tracker::new(TrackerConfig::default());
    t.push(&ntp(4));
    let mut request = ntp(3);
    request.frame = 2;
    (request.src, request.dst) = (ip(CLIENT), ip(SERVER));
    t.push(&request);
    let c: Vec<_> = t.finish().collect();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].orig_side().addr, ip(CLIENT));
    assert_eq!((c[0].history(), c[0].conn_state(), c[0].orig().pkts, c[0].resp().pkts), ("D^", "S0", 2, 0));
}
