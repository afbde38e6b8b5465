//! Differential test of the per-packet TCP analysis flags against tshark's
//! `tcp.analysis.*` fields.
//!
//! Captures: the `loss_retrans` and `zero_window` scenarios (both vantages)
//! and a small generated benchmark capture. Per connection, the count of
//! each flag must agree with tshark's; the per-frame disagreements are
//! printed for diagnosis. Skipped when tshark, python3 or the shared data
//! are absent.
//!
//! Intentional differences (not counted):
//! * `window_update`, `keep_alive_ack` and `zero_window_probe_ack` are
//!   reported but not compared: they carry no diagnosis weight here.
//! * Checksums are never validated by tshark by default, while tcpsleuth
//!   keeps analysing segments with bad checksums too; no difference there.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::path::Path;
use crate::support::{bench_capture, shared, tool};
use std::process::Command;
use tcpsleuth::capture::Capture;
use tcpsleuth::flow::{AnalysisFlags, Tracker, TrackerConfig};
use tcpsleuth::wire::decode;

/// Flags compared, with their tshark field names.
const COMPARED: [(u16, &str); 11] = [
    (AnalysisFlags::RETRANSMISSION, "retransmission"),
    (AnalysisFlags::FAST_RETRANSMISSION, "fast_retransmission"),
    (
        AnalysisFlags::SPURIOUS_RETRANSMISSION,
        "spurious_retransmission",
    ),
    (AnalysisFlags::OUT_OF_ORDER, "out_of_order"),
    (AnalysisFlags::DUPLICATE_ACK, "duplicate_ack"),
    (AnalysisFlags::ZERO_WINDOW, "zero_window"),
    (AnalysisFlags::ZERO_WINDOW_PROBE, "zero_window_probe"),
    (AnalysisFlags::WINDOW_FULL, "window_full"),
    (AnalysisFlags::KEEP_ALIVE, "keep_alive"),
    (AnalysisFlags::LOST_SEGMENT, "lost_segment"),
    (AnalysisFlags::ACKED_UNSEEN, "ack_lost_segment"),
];

/// Minimum share of (connection, flag) counts that must agree exactly.
const REQUIRED_AGREEMENT_PERCENT: f64 = 100.0;

type ConnKey = (IpAddr, u16, IpAddr, u16);

fn canon(a: IpAddr, ap: u16, b: IpAddr, bp: u16) -> ConnKey {
    if (a, ap) <= (b, bp) {
        (a, ap, b, bp)
    } else {
        (b, bp, a, ap)
    }
}

/// Per frame: (connection key, flag bits) from tcpsleuth.
fn ours(path: &Path) -> BTreeMap<u64, (ConnKey, u16)> {
    let mut out = BTreeMap::new();
    let Ok(mut cap) = Capture::open(&[path]) else {
        return out;
    };
    let mut t = Tracker::new(TrackerConfig {
        honor_checksums: false,
        ..Default::default()
    });
    while let Some(r) = cap.next_frame() {
        let Ok(f) = r else { break };
        let d = decode(f.link_type, f.data);
        let meta = tcpsleuth::cli::input::meta(&f);
        let Some(s) = d.summary(meta) else { continue };
        let v = t.push(&s);
        if let Some(tcp) = s.tcp() {
            if s.tunneled {
                continue;
            }
            out.insert(
                s.frame,
                (
                    canon(s.src, tcp.sport, s.dst, tcp.dport),
                    v.analysis.flags.0,
                ),
            );
        }
        t.drain_closed().for_each(drop);
    }
    out
}

/// Per frame: (connection key, flag bits) from tshark.
fn theirs(path: &Path) -> Option<BTreeMap<u64, (ConnKey, u16)>> {
    let mut cmd = Command::new("tshark");
    cmd.arg("-n")
        .arg("-r")
        .arg(path)
        .arg("-Y")
        .arg("tcp && !icmp && !icmpv6")
        .arg("-T")
        .arg("fields");
    for f in [
        "frame.number",
        "ip.src",
        "ipv6.src",
        "tcp.srcport",
        "ip.dst",
        "ipv6.dst",
        "tcp.dstport",
    ] {
        cmd.arg("-e").arg(f);
    }
    for (_, name) in COMPARED {
        cmd.arg("-e").arg(format!("tcp.analysis.{name}"));
    }
    cmd.arg("-E").arg("occurrence=l");
    let out = cmd.output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut m = BTreeMap::new();
    for line in text.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 7 + COMPARED.len() {
            continue;
        }
        let Ok(frame) = c[0].parse::<u64>() else {
            continue;
        };
        let src = c[1].parse().or_else(|_| c[2].parse());
        let dst = c[4].parse().or_else(|_| c[5].parse());
        let (Ok(src), Ok(dst)) = (src, dst) else {
            continue;
        };
        let (sp, dp) = (c[3].parse().unwrap_or(0), c[6].parse().unwrap_or(0));
        let mut bits = 0u16;
        for (i, (b, _)) in COMPARED.iter().enumerate() {
            if !c[7 + i].is_empty() {
                bits |= b;
            }
        }
        m.insert(frame, (canon(src, sp, dst, dp), bits));
    }
    Some(m)
}

#[derive(Default)]
struct Score {
    cells: usize,
    agree: usize,
    by_flag: HashMap<&'static str, (u32, u32)>,
}

fn compare(label: &str, path: &Path, score: &mut Score) {
    let Some(t) = theirs(path) else {
        println!("{label}: tshark failed, skipped");
        return;
    };
    let o = ours(path);
    // Per connection and flag: counts.
    let mut counts: BTreeMap<(ConnKey, &'static str), (u32, u32)> = BTreeMap::new();
    let mut frame_diffs = Vec::new();
    for (frame, (key, tb)) in &t {
        let ob = o.get(frame).map(|x| x.1).unwrap_or(0);
        for (b, name) in COMPARED {
            let e = counts.entry((*key, name)).or_default();
            e.0 += (ob & b != 0) as u32;
            e.1 += (tb & b != 0) as u32;
        }
        let mask: u16 = COMPARED.iter().map(|x| x.0).sum();
        if (ob & mask) != (tb & mask) && frame_diffs.len() < 15 {
            let names = |x: u16| {
                AnalysisFlags(x & mask)
                    .names()
                    .collect::<Vec<_>>()
                    .join(",")
            };
            frame_diffs.push(format!(
                "    frame {frame}: ours [{}] tshark [{}]",
                names(ob),
                names(*tb)
            ));
        }
    }
    let (mut cells, mut agree) = (0, 0);
    for ((_, name), (a, b)) in &counts {
        cells += 1;
        agree += (a == b) as usize;
        let e = score.by_flag.entry(name).or_default();
        e.0 += a;
        e.1 += b;
    }
    println!(
        "{label}: {} TCP frames, {agree}/{cells} (connection, flag) counts agree",
        t.len()
    );
    for d in &frame_diffs {
        println!("{d}");
    }
    score.cells += cells;
    score.agree += agree;
}

#[test]
fn analysis_flags_agree_with_tshark() {
    if !tool("tshark") {
        return;
    }
    let Some(scenarios) = shared("scenarios") else { return };
    let mut score = Score::default();
    for scen in ["loss_retrans", "zero_window"] {
        for side in ["client", "server"] {
            let p = scenarios.join(format!("{scen}.{side}.pcap"));
            if p.is_file() {
                compare(&format!("{scen}.{side}"), &p, &mut score);
            }
        }
    }
    if let Some(out) = bench_capture(20_000, 200) {
        compare("bench(20000 pkts, 200 flows, seed 1)", &out, &mut score);
        let _ = std::fs::remove_file(&out);
    }
    println!("per flag totals (ours / tshark):");
    let mut flags: Vec<_> = score.by_flag.iter().collect();
    flags.sort();
    for (name, (a, b)) in flags {
        println!(
            "  {name:<24} {a:>6} / {b:<6}{}",
            if a == b { "" } else { "  <-- differs" }
        );
    }
    let pct = 100.0 * score.agree as f64 / score.cells.max(1) as f64;
    println!(
        "TOTAL {}/{} (connection, flag) counts agree ({pct:.2}%)",
        score.agree, score.cells
    );
    assert!(score.cells > 0, "nothing compared");
    assert!(
        pct >= REQUIRED_AGREEMENT_PERCENT,
        "agreement {pct:.2}% below {REQUIRED_AGREEMENT_PERCENT}%"
    );
}
