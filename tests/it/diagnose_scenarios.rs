//! `tcpsleuth diagnose` on every lab scenario, from the client capture, the
//! server capture and both (`--peer`): the expected label per vantage.
//!
//! Which label is reachable from where (the reasoning behind the table):
//! * syn_dropped: the client sees only its own SYNs → `no_response`; the
//!   server capture holds nothing of it → no finding; both: SYNs at the
//!   client, none at the server → `syn_dropped_in_path`.
//! * synack_dropped: the client sees only its SYNs → `no_response`; the
//!   server sees duplicate SYNs and retransmits SYN|ACKs →
//!   `synack_dropped_in_path`; both: SYN|ACKs leave, none arrive.
//! * ack_dropped: the client sees its ACK followed by SYN|ACK retransmissions,
//!   the server sees SYN|ACK retransmissions without duplicate SYNs → both
//!   `ack_dropped_in_path`.
//! * reject_*: the router answers, the server capture is empty → no finding
//!   there; the client's ICMP error names the router → `rejected_icmp`; the
//!   forged RST arrives with TTL 64 from a server on another subnet →
//!   `middlebox_reset`; both confirm the SYN never reached the server.
//! * refused (v4/v6): the RST fits the server's distance from both sides → `refused` (3 attempts).
//! * scans and the SYN flood: one `scan` / `syn_flood` finding, no per-probe failures.
//! * fragments (ping only): no TCP/UDP conversation → no finding.

use std::path::Path;
use crate::support::{run, shared};


/// (scenario, client, server, both): the labels expected, sorted; "" = no finding.
const TABLE: &[(&str, &str, &str, &str)] = &[
    ("normal", "closed_normally", "closed_normally", "closed_normally"),
    ("server_close", "closed_normally", "closed_normally", "closed_normally"),
    ("ipv6_normal", "closed_normally", "closed_normally", "closed_normally"),
    ("refused", "refused*3", "refused*3", "refused*3"),
    ("ipv6_refused", "refused*3", "refused*3", "refused*3"),
    ("syn_dropped", "no_response", "", "syn_dropped_in_path"),
    ("synack_dropped", "no_response", "synack_dropped_in_path", "synack_dropped_in_path"),
    ("ack_dropped", "ack_dropped_in_path", "ack_dropped_in_path", "ack_dropped_in_path"),
    ("reject_port_unreach", "rejected_icmp*2", "", "rejected_icmp*2"),
    ("reject_admin_prohib", "rejected_icmp*2", "", "rejected_icmp*2"),
    ("reject_tcp_reset", "middlebox_reset*2", "", "middlebox_reset*2"),
    ("client_abort", "reset_midstream", "reset_midstream", "reset_midstream"),
    ("loss_retrans", "loss_retransmissions", "loss_retransmissions", "loss_retransmissions"),
    ("zero_window", "zero_window_stall", "zero_window_stall", "zero_window_stall"),
    ("fragments", "", "", ""),
    ("udp_closed", "rejected_icmp*2", "rejected_icmp*2", "rejected_icmp*2"),
    ("udp_dns", "answered answered", "answered answered", "answered answered"),
    ("scan_syn", "scan*1025", "scan*1025", "scan*1025"),
    ("scan_connect", "scan*1025", "scan*1025", "scan*1025"),
    ("scan_fin", "scan*1029", "scan*1029", "scan*1029"),
    ("scan_null", "scan*1029", "scan*1029", "scan*1029"),
    ("scan_xmas", "scan*1029", "scan*1029", "scan*1029"),
    ("scan_ack", "scan*1025", "scan*1025", "scan*1025"),
    ("scan_udp", "scan*14", "scan*14", "scan*14"),
    ("scan_horizontal", "scan*8", "scan*8", "scan*8"),
    ("syn_flood", "closed_normally syn_flood*300", "closed_normally syn_flood*300", "closed_normally syn_flood*300"),
];

fn labels(args: &[&str]) -> String {
    let out = run(["diagnose", "--format", "json"].iter().chain(args));
    assert!((0..=1).contains(&out.code), "exit {}: {}", out.code, out.stderr);
    let mut v: Vec<String> = out
        .stdout
        .lines()
        .map(|l| {
            let j: serde_json::Value = serde_json::from_str(l).expect("json line");
            let label = j["label"].as_str().unwrap_or("?").to_string();
            match j["attempts"].as_u64() {
                Some(n) if n > 1 => format!("{label}*{n}"),
                _ => label,
            }
        })
        .collect();
    v.sort();
    v.join(" ")
}

#[test]
fn every_scenario_from_every_vantage() {
    let Some(dir) = shared("scenarios") else { return };
    let dir = dir.display();
    let mut bad = Vec::new();
    for (name, client, server, both) in TABLE {
        let c = format!("{dir}/{name}.client.pcap");
        let s = format!("{dir}/{name}.server.pcap");
        if !Path::new(&c).exists() {
            continue;
        }
        if !server.is_empty() {
            // Two -r files holding the same traffic are compared as two vantage points.
            let got = labels(&["-r", c.as_str(), "-r", s.as_str()]);
            if got != *both {
                bad.push(format!("{name} from both (two -r): got [{got}], expected [{both}]"));
            }
        }
        for (vantage, args, want) in [
            ("client", vec!["-r", c.as_str()], client),
            ("server", vec!["-r", s.as_str()], server),
            ("both", vec!["-r", c.as_str(), "--peer", s.as_str()], both),
            ("both, reversed", vec!["-r", s.as_str(), "--peer", c.as_str()], both),
        ] {
            let got = labels(&args);
            if got != *want {
                bad.push(format!("{name} from {vantage}: got [{got}], expected [{want}]"));
            }
        }
    }
    assert!(bad.is_empty(), "\n{}", bad.join("\n"));
}
