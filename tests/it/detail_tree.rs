//! Detail printer: what a user sees for a few hand-built packets, and a sweep
//! over every capture under ../shared (no panic, one valid JSON per line).

use crate::support::shared_each;
use std::path::{Path, PathBuf};
use tcpsleuth::capture::{Capture, Frame};
use tcpsleuth::output::detail::{node, DetailOptions, DetailPrinter};
use tcpsleuth::time::Timestamp;
use tcpsleuth::wire::build::*;
use tcpsleuth::wire::{decode, TcpFlags};

const CLIENT: [u8; 6] = [0x00, 0x00, 0x0c, 0x12, 0x34, 0x56]; // Cisco OUI
const SERVER: [u8; 6] = [0x02, 0x00, 0x4c, 0x01, 0x00, 0x01]; // locally administered

fn frame(n: u64, link_type: u32, data: &[u8], orig_len: u32) -> Frame<'_> {
    Frame {
        number: n,
        source: 0,
        offset: 0,
        ts: Timestamp::new(1_795_452_793, 875_500_000 + n * 1000),
        link_type,
        caplen: data.len() as u32,
        orig_len,
        snaplen: 0,
        data,
        raw_fraction: None,
    }
}

/// Text and JSON of one Ethernet frame through a fresh printer.
fn show(bytes: &[u8]) -> (String, serde_json::Value) {
    show_cut(bytes, bytes.len())
}

/// Like [`show`], with the capture cut to `caplen` bytes.
fn show_cut(bytes: &[u8], caplen: usize) -> (String, serde_json::Value) {
    let data = &bytes[..caplen.min(bytes.len())];
    let f = frame(1, 1, data, bytes.len() as u32);
    let d = decode(1, data);
    let opts = DetailOptions {
        resolve_ports: true,
        hex: false,
    };
    let mut text = Vec::new();
    DetailPrinter::new(opts.clone())
        .write_tree(&mut text, &f, &d)
        .unwrap();
    let mut json = Vec::new();
    DetailPrinter::new(opts)
        .write_json(&mut json, &f, &d)
        .unwrap();
    let json = String::from_utf8(json).unwrap();
    assert!(
        json.ends_with('\n') && json.matches('\n').count() == 1,
        "one line: {json}"
    );
    (
        String::from_utf8(text).unwrap(),
        serde_json::from_str(&json).unwrap(),
    )
}

fn syn() -> Vec<u8> {
    Eth::new(CLIENT, SERVER)
        .ipv4(
            Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2])
                .ttl(64)
                .id(0x1c46)
                .df(),
        )
        .tcp(
            Tcp::new(51000, 443)
                .seq(1000)
                .flags(TcpFlags::SYN)
                .window(64240)
                .mss(1460)
                .sack_perm()
                .ts(1, 0)
                .nop()
                .ws(7),
        )
        .build()
}

#[test]
fn vendor_of_00_00_0c_is_cisco() {
    let (text, json) = show(&syn());
    assert!(text.contains("Vendor: Cisco"), "{text}");
    assert!(json["eth"]["src_vendor"]
        .as_str()
        .unwrap()
        .starts_with("Cisco"));
}

#[test]
fn broadcast_destination_says_broadcast() {
    let arp = Eth::new(CLIENT, [0xff; 6])
        .arp(Arp::request(CLIENT, [10, 0, 0, 1], [10, 0, 0, 2]))
        .build();
    let (text, json) = show(&arp);
    assert!(
        text.contains("Destination: ff:ff:ff:ff:ff:ff (broadcast)"),
        "{text}"
    );
    assert_eq!(json["eth"]["dst_kind"], "broadcast");
    assert_eq!(json["arp"]["opcode"], 1);
    assert!(text.contains("Opcode: request (1)"), "{text}");
}

#[test]
fn locally_administered_source_says_so() {
    let (text, json) = show(
        &Eth::new(SERVER, CLIENT)
            .ipv4(Ipv4::new([10, 0, 0, 2], [10, 0, 0, 1]))
            .udp(Udp::new(53, 5353))
            .build(),
    );
    assert!(text.contains("(locally administered, no OUI)"), "{text}");
    assert_eq!(json["eth"]["src_local"], true);
}

#[test]
fn bad_ipv4_checksum_says_incorrect_should_be() {
    let good = syn();
    let mut bad = good.clone();
    bad[24] ^= 0xff; // IPv4 header checksum, first byte
    let (text, json) = show(&bad);
    let should = u16::from_be_bytes([good[24], good[25]]);
    assert!(
        text.contains(&format!("(incorrect, should be 0x{should:04x})")),
        "{text}"
    );
    assert_eq!(json["ip"]["checksum_status"], "incorrect");
    assert_eq!(json["ip"]["checksum_expected"], should);
}

#[test]
fn good_checksums_say_correct() {
    let (text, json) = show(&syn());
    assert!(text.contains("Header checksum: 0x"), "{text}");
    assert_eq!(json["ip"]["checksum_status"], "correct");
    assert_eq!(json["tcp"]["checksum_status"], "correct");
}

#[test]
fn tcp_flags_are_each_named_and_typed() {
    let (text, json) = show(&syn());
    assert!(text.contains("Flags: 0x002 (SYN)"), "{text}");
    assert!(
        text.contains("= SYN: Set") && text.contains("= ACK (Acknowledgment): Not set"),
        "{text}"
    );
    assert_eq!(json["tcp"]["flags"]["syn"], true);
    assert_eq!(json["tcp"]["flags"]["ack"], false);
}

#[test]
fn tcp_options_are_listed_by_name() {
    let (text, json) = show(&syn());
    assert!(text.contains("Maximum segment size: 1460 bytes"), "{text}");
    assert!(text.contains("Window scale: 7 (multiply by 128)"), "{text}");
    assert_eq!(json["tcp"]["options"][0]["mss"], 1460);
    assert_eq!(json["tcp"]["options"][4]["multiplier"], 128);
}

#[test]
fn https_port_gets_its_service_name() {
    let (text, json) = show(&syn());
    assert!(text.contains("Destination port: 443 (https)"), "{text}");
    assert_eq!(json["tcp"]["dport_service"], "https");
}

#[test]
fn ip_flags_and_id_are_named() {
    let (text, json) = show(&syn());
    assert!(text.contains("Identification: 0x1c46 (7238)"), "{text}");
    assert!(text.contains("Don't fragment: Set"), "{text}");
    assert_eq!(json["ip"]["flags"]["df"], true);
    assert_eq!(json["ip"]["src_class"], "A");
    assert_eq!(json["ip"]["src_special"], "private");
}

#[test]
fn relative_seq_and_ack_count_from_the_syns() {
    let c = [10, 0, 0, 1];
    let s = [10, 0, 0, 2];
    let pkts = [
        Eth::new(CLIENT, SERVER)
            .ipv4(Ipv4::new(c, s))
            .tcp(Tcp::new(51000, 80).seq(1000).flags(TcpFlags::SYN).ws(7))
            .build(),
        Eth::new(SERVER, CLIENT)
            .ipv4(Ipv4::new(s, c))
            .tcp(
                Tcp::new(80, 51000)
                    .seq(5000)
                    .ack(1001)
                    .flags(TcpFlags::SYN | TcpFlags::ACK)
                    .ws(2),
            )
            .build(),
        Eth::new(CLIENT, SERVER)
            .ipv4(Ipv4::new(c, s))
            .tcp(
                Tcp::new(51000, 80)
                    .seq(1001)
                    .ack(5001)
                    .window(100)
                    .flags(TcpFlags::ACK | TcpFlags::PSH)
                    .payload(b"GET /"),
            )
            .build(),
    ];
    let mut p = DetailPrinter::new(DetailOptions::default());
    let mut last = Vec::new();
    for (i, b) in pkts.iter().enumerate() {
        let f = frame(i as u64 + 1, 1, b, b.len() as u32);
        last.clear();
        p.write_json(&mut last, &f, &decode(1, b)).unwrap();
    }
    let v: serde_json::Value = serde_json::from_slice(&last).unwrap();
    assert_eq!(
        (v["tcp"]["seq_rel"].as_u64(), v["tcp"]["ack_rel"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(v["tcp"]["next_seq_rel"], 6);
    assert_eq!(v["tcp"]["window_scaled"], 100 << 7);
}

#[test]
fn window_scaling_is_unknown_without_the_syns() {
    let b = Eth::new(CLIENT, SERVER)
        .ipv4(Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2]))
        .tcp(Tcp::new(1, 2).flags(TcpFlags::ACK))
        .build();
    let (text, json) = show(&b);
    assert!(text.contains("scaling unknown"), "{text}");
    assert!(json["tcp"]["window_scaled"].is_null());
}

#[test]
fn tcp_header_cut_by_snaplen_marks_truncation_without_panic() {
    let b = syn();
    // Ethernet 14 + IPv4 20 + 24 of the 40 TCP header bytes.
    let (text, json) = show_cut(&b, 14 + 20 + 24);
    assert!(
        text.contains("[Truncated: TCP options cut short at offset 54]"),
        "{text}"
    );
    assert!(text.contains("Truncated by snaplen"), "{text}");
    assert_eq!(json["tcp"]["checksum_status"], "unverified");
    for cut in 0..b.len() {
        let _ = show_cut(&b, cut);
    }
}

#[test]
fn short_tcp_header_still_shows_its_ports() {
    let b = syn();
    let (text, json) = show_cut(&b, 14 + 20 + 10);
    assert!(text.contains("Source port: 51000"), "{text}");
    assert!(
        text.contains("[Truncated: TCP header cut short at offset 34]"),
        "{text}"
    );
    assert_eq!(json["tcp"]["sport"], 51000);
}

#[test]
fn icmp_error_quotes_the_offending_datagram() {
    let probe = Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2])
        .udp(Udp::new(4000, 33434))
        .build();
    let reply = Eth::new(SERVER, CLIENT)
        .ipv4(Ipv4::new([10, 0, 0, 2], [10, 0, 0, 1]))
        .icmp(Icmp::dest_unreachable(3, &probe))
        .build();
    let (text, json) = show(&reply);
    assert!(text.contains("Type: 3 (Destination unreachable)"), "{text}");
    assert!(text.contains("Code: 3 (Port unreachable)"), "{text}");
    assert_eq!(json["icmp"]["quoted"]["udp"]["dport"], 33434);
    assert_eq!(json["icmp"]["quoted"]["ip"]["dst"], "10.0.0.2");
}

#[test]
fn udp_zero_checksum_over_ipv4_is_none() {
    let b = Eth::new(CLIENT, SERVER)
        .ipv4(Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2]))
        .udp(Udp::new(1, 53).checksum(0))
        .build();
    let (_, json) = show(&b);
    assert_eq!(json["udp"]["checksum_status"], "none");
}

#[test]
fn vlan_tags_show_pcp_dei_vid() {
    let b = Eth::new(CLIENT, SERVER)
        .qinq(100, 200)
        .ipv4(Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2]))
        .udp(Udp::new(1, 2))
        .build();
    let (text, json) = show(&b);
    assert!(
        text.contains("802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 100"),
        "{text}"
    );
    assert_eq!(json["vlan"][1]["vid"], 200);
}

#[test]
fn json_has_the_same_fields_as_the_tree() {
    // Both writers render one Node tree: every non-inline node is one text
    // line, and every node is one JSON key (list items that are headings
    // become bare objects in their array).
    use tcpsleuth::output::detail::{Kind, Node, Value};
    fn count(n: &Node, in_list: bool, lines: &mut usize, keys: &mut usize) {
        if !n.inline {
            *lines += 1;
        }
        let bare = in_list
            && n.kind == Kind::Field
            && n.value == Value::Null
            && n.children.iter().any(|c| !c.inline);
        if !bare {
            *keys += 1;
        }
        for c in &n.children {
            count(c, n.kind == Kind::List, lines, keys);
        }
    }
    fn json_keys(v: &serde_json::Value) -> usize {
        match v {
            serde_json::Value::Object(m) => m.len() + m.values().map(json_keys).sum::<usize>(),
            serde_json::Value::Array(a) => a.iter().map(json_keys).sum(),
            _ => 0,
        }
    }
    let probe = Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2])
        .tcp(Tcp::new(4000, 80).seq(7))
        .build();
    let packets = [
        syn(),
        Eth::new(SERVER, CLIENT)
            .qinq(5, 6)
            .ipv4(Ipv4::new([10, 0, 0, 2], [10, 0, 0, 1]))
            .icmp(Icmp::dest_unreachable(3, &probe))
            .build(),
    ];
    for b in &packets {
        let f = frame(1, 1, b, b.len() as u32);
        let d = decode(1, b);
        let mut p = DetailPrinter::new(DetailOptions {
            resolve_ports: true,
            hex: false,
        });
        let roots = p.tree(&f, &d);
        let (mut lines, mut keys) = (0, 0);
        for r in &roots {
            count(r, false, &mut lines, &mut keys);
        }
        let (text, json) = show(b);
        assert_eq!(text.lines().count(), lines, "{text}");
        assert_eq!(json_keys(&json), keys, "{json}");
        for layer in ["frame", "eth", "ip"] {
            assert!(json.get(layer).is_some(), "{layer} missing");
        }
    }
}

#[test]
fn bad_tcp_checksum_says_incorrect_should_be() {
    let good = syn();
    let mut bad = good.clone();
    bad[14 + 20 + 16] ^= 0x01; // TCP checksum, first byte
    let (text, json) = show(&bad);
    let should = u16::from_be_bytes([good[50], good[51]]);
    assert!(
        text.contains(&format!("(incorrect, should be 0x{should:04x})")),
        "{text}"
    );
    assert_eq!(json["tcp"]["checksum_status"], "incorrect");
}

#[test]
fn udp_zero_checksum_over_ipv6_is_incorrect() {
    let a = [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1];
    let b = [0x2001, 0xdb8, 0, 0, 0, 0, 0, 2];
    let p = Eth::new(CLIENT, SERVER)
        .ipv6(Ipv6::new(a, b))
        .udp(Udp::new(1, 53).checksum(0))
        .build();
    let (text, json) = show(&p);
    assert!(
        text.contains("zero checksum is not allowed over IPv6"),
        "{text}"
    );
    assert_eq!(json["udp"]["checksum_status"], "incorrect");
}

#[test]
fn ipv6_fragment_header_shows_offset_more_and_id() {
    let a = [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1];
    let b = [0x2001, 0xdb8, 0, 0, 0, 0, 0, 2];
    let p = Eth::new(CLIENT, SERVER)
        .ipv6(Ipv6::new(a, b).fragment(0, true, 99))
        .udp(Udp::new(53, 53).payload(b"hi"))
        .build();
    let (text, json) = show(&p);
    assert!(text.contains("Fragment Header"), "{text}");
    let h = &json["ipv6"]["ext"][0];
    assert_eq!(
        (
            h["type"].as_u64(),
            h["more"].as_bool(),
            h["frag_id"].as_u64()
        ),
        (Some(44), Some(true), Some(99))
    );
    assert_eq!(json["udp"]["checksum_status"], "unverified");
    assert_eq!(json["ipv6"]["src_special"], "documentation");
}

#[test]
fn linux_cooked_v2_shows_packet_type_and_interface() {
    let p = Sll2::new(3, 4, &SERVER)
        .ipv4(Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2]))
        .udp(Udp::new(1, 2))
        .build();
    let f = frame(1, 276, &p, p.len() as u32);
    let mut out = Vec::new();
    DetailPrinter::new(DetailOptions::default())
        .write_tree(&mut out, &f, &decode(276, &p))
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Packet type: Sent by us (4)"), "{text}");
    assert!(text.contains("Interface index: 3"), "{text}");
}

#[test]
fn hex_option_appends_a_dump() {
    let b = syn();
    let f = frame(1, 1, &b, b.len() as u32);
    let mut out = Vec::new();
    DetailPrinter::new(DetailOptions {
        resolve_ports: false,
        hex: true,
    })
    .write_tree(&mut out, &f, &decode(1, &b))
    .unwrap();
    let s = String::from_utf8(out).unwrap();
    assert!(
        s.contains("    0000  02 00 4c 01 00 01 00 00  0c 12 34 56"),
        "{s}"
    );
}

fn pcaps(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            pcaps(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "pcap" || x == "pcapng" || x == "gz")
        {
            out.push(p);
        }
    }
}

#[test]
fn every_shared_capture_prints_without_panic_as_valid_json() {
    let Some(dirs) = shared_each(&["peers/tcpdump", "peers/zeek/traces", "scenarios"]) else {
        return;
    };
    let mut files = Vec::new();
    for d in &dirs {
        pcaps(d, &mut files);
    }
    let mut frames = 0u64;
    for path in &files {
        let Ok(mut cap) = Capture::open(&[path]) else {
            continue;
        };
        let mut p = DetailPrinter::new(DetailOptions {
            resolve_ports: true,
            hex: true,
        });
        while let Some(Ok(f)) = cap.next_frame() {
            let d = decode(f.link_type, f.data);
            // One tree, both renderings (what write_tree / write_json do).
            let roots = p.tree(&f, &d);
            let mut text = Vec::new();
            node::write_text(&mut text, &roots).unwrap();
            let mut json = Vec::new();
            node::write_json(&mut json, &roots).unwrap();
            assert!(
                !text.iter().any(|&b| b < 0x20 && b != b'\n'),
                "{}: frame {}: raw control byte in the text tree",
                path.display(),
                f.number
            );
            let line = std::str::from_utf8(&json).unwrap();
            assert_eq!(
                line.matches('\n').count(),
                1,
                "{}: frame {}",
                path.display(),
                f.number
            );
            let v: Result<serde_json::Value, _> = serde_json::from_str(line);
            assert!(v.is_ok(), "{}: frame {}: {line}", path.display(), f.number);
            frames += 1;
        }
    }
    assert!(frames > 0);
}

#[test]
fn icmp_errors_nested_in_quotes_stop_after_one_level() {
    // An ICMP error quoting an ICMP error quoting … 500 deep: no stack blow-up.
    let mut q = Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2])
        .udp(Udp::new(1, 2))
        .build();
    for _ in 0..500 {
        q = Ipv4::new([10, 0, 0, 2], [10, 0, 0, 1])
            .icmp(Icmp::dest_unreachable(3, &q))
            .build();
        q.truncate(60_000);
    }
    let p = Eth::new(SERVER, CLIENT).payload(&q).build();
    let mut e = p.clone();
    e[12..14].copy_from_slice(&[0x08, 0x00]);
    let (text, json) = show(&e);
    assert!(
        text.contains("an ICMP error quoted inside a quoted packet"),
        "{}",
        &text[..2000.min(text.len())]
    );
    assert!(json["icmp"]["quoted"]["icmp"]["quoted"]["icmp"].is_null());
}

#[test]
fn sack_blocks_are_shown_relative_to_the_peer_isn() {
    let c = [10, 0, 0, 1];
    let s = [10, 0, 0, 2];
    let pkts = [
        Eth::new(CLIENT, SERVER)
            .ipv4(Ipv4::new(c, s))
            .tcp(Tcp::new(5000, 80).seq(100).flags(TcpFlags::SYN).sack_perm())
            .build(),
        Eth::new(SERVER, CLIENT)
            .ipv4(Ipv4::new(s, c))
            .tcp(
                Tcp::new(80, 5000)
                    .seq(9000)
                    .ack(101)
                    .flags(TcpFlags::SYN | TcpFlags::ACK)
                    .sack_perm(),
            )
            .build(),
        Eth::new(CLIENT, SERVER)
            .ipv4(Ipv4::new(c, s))
            .tcp(
                Tcp::new(5000, 80)
                    .seq(101)
                    .ack(9001)
                    .flags(TcpFlags::ACK)
                    .sack(&[(10001, 11001)]),
            )
            .build(),
    ];
    let mut p = DetailPrinter::new(DetailOptions::default());
    let mut text = Vec::new();
    for (i, b) in pkts.iter().enumerate() {
        text.clear();
        let f = frame(i as u64 + 1, 1, b, b.len() as u32);
        p.write_tree(&mut text, &f, &decode(1, b)).unwrap();
    }
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.contains("1001-2001 (relative; raw 10001-11001, 1000 bytes)"),
        "{text}"
    );
}

#[test]
fn ieee_802_3_frame_shows_length_llc_and_snap() {
    let b = Eth::new(CLIENT, [0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc])
        .llc(Llc::snap([0x00, 0x00, 0x0c]).pid(0x2000))
        .payload(&[0u8; 20])
        .build();
    let (text, json) = show(&b);
    assert!(text.contains("IEEE 802.3 Ethernet"), "{text}");
    assert!(text.contains("Length: "), "{text}");
    assert_eq!(json["llc"]["dsap"], 0xaa);
    assert_eq!(json["llc"]["snap_pid"], 0x2000);
    assert_eq!(json["eth"]["dst_kind"], "multicast");
}

#[test]
fn redirect_shows_its_gateway_and_frag_needed_its_mtu() {
    let probe = Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2])
        .tcp(Tcp::new(4000, 80))
        .build();
    let r = Eth::new(SERVER, CLIENT)
        .ipv4(Ipv4::new([10, 0, 0, 254], [10, 0, 0, 1]))
        .icmp(Icmp::redirect(1, [10, 0, 0, 9], &probe))
        .build();
    let (text, _) = show(&r);
    assert!(text.contains("Gateway address: 10.0.0.9"), "{text}");
    let m = Eth::new(SERVER, CLIENT)
        .ipv4(Ipv4::new([10, 0, 0, 254], [10, 0, 0, 1]))
        .icmp(Icmp::dest_unreachable(4, &probe).mtu(1400))
        .build();
    let (_, json) = show(&m);
    assert_eq!(json["icmp"]["mtu"], 1400);
    assert_eq!(json["icmp"]["quoted"]["tcp"]["sport"], 4000);
}

#[test]
fn ipv4_options_are_named() {
    // Router Alert (148, length 4), then a NOP and EOL to pad to 8 bytes.
    let b = Eth::new(CLIENT, SERVER)
        .ipv4(Ipv4::new([10, 0, 0, 1], [224, 0, 0, 22]).option(&[148, 4, 0, 0, 1, 0, 0, 0]))
        .udp(Udp::new(1, 2))
        .build();
    let (text, json) = show(&b);
    assert!(text.contains("IP Option - Router Alert (148)"), "{text}");
    assert!(text.contains("Header length: 28 bytes (7)"), "{text}");
    assert_eq!(json["ip"]["options"][0]["type"], 148);
    assert_eq!(json["ip"]["dst_class"], "D");
    assert_eq!(json["ip"]["dst_special"], "multicast");
}

#[test]
fn frame_shows_time_lengths_and_link_type() {
    let b = syn();
    let (text, json) = show_cut(&b, 60);
    assert!(text.starts_with("Frame 1: 74 bytes on wire, 60 bytes captured\n    Arrival time: 2026-11-23 16:53:13.875501 UTC (epoch 1795452793.875501)\n"), "{text}");
    assert!(text.contains("Link type: Ethernet (EN10MB, 1)"), "{text}");
    assert_eq!(json["frame"]["time"], "2026-11-23T16:53:13.875501Z");
    assert_eq!(json["frame"]["protocols"], "eth:ip:tcp");
    assert!(json["frame"]["time_epoch"].is_f64());
}
