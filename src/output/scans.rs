//! Printers for scan and flood findings: readable text, and JSON lines
//! (one object per finding, `finding` naming its family).

use crate::analysis::floods::{Flood, FloodReport, IcmpSurge, SynFlood, MAX_SOURCES_COUNTED};
use crate::analysis::scans::{Scan, ScanAlert, ScanReport};
use std::io::{self, Write};

/// Per-target lines printed for one scan in text (the JSON has them all).
pub const MAX_TEXT_TARGETS: usize = 32;

/// One line for an alert raised while reading.
pub fn alert_line(a: &ScanAlert) -> String {
    format!(
        "tcpsleuth: alert: {} scan from {} crossed the thresholds at {} (frame {}), {} probes since {}",
        proto(a.class),
        a.scanner,
        a.ts,
        a.frame,
        a.probes,
        a.first_ts
    )
}

fn proto(c: crate::analysis::scans::Class) -> &'static str {
    match c {
        crate::analysis::scans::Class::Tcp => "tcp",
        crate::analysis::scans::Class::Udp => "udp",
        crate::analysis::scans::Class::Icmp => "icmp",
    }
}

/// Readable findings, scans first, then floods, then what the limits dropped.
pub fn write_text<W: Write>(
    out: &mut W,
    scans: &ScanReport,
    floods: &FloodReport,
    frames: u64,
) -> io::Result<()> {
    if scans.scans.is_empty() && floods.floods.is_empty() {
        writeln!(
            out,
            "No scans, SYN floods or ICMP surges in {frames} frames."
        )?;
    }
    for s in &scans.scans {
        scan_text(out, s)?;
    }
    for f in &floods.floods {
        match f {
            Flood::SynFlood(f) => syn_flood_text(out, f)?,
            Flood::IcmpUnreachableSurge(s) => surge_text(out, s)?,
        }
    }
    if !scans.answers_every_port.is_empty() {
        let list: Vec<String> = scans
            .answers_every_port
            .iter()
            .map(|a| a.to_string())
            .collect();
        writeln!(
            out,
            "Answering SYN-ACK on nearly every probed port (SYN cookies, tarpit or proxy): {}",
            list.join(", ")
        )?;
    }
    let st = &scans.stats;
    if st.sources_evicted + st.sources_dropped + st.probes_untracked + st.pending_forced > 0 {
        writeln!(
            out,
            "Limits hit: {} sources evicted ({} entries), {} new sources not tracked, {} probes not tracked, {} answers settled early.",
            st.sources_evicted, st.entries_evicted, st.sources_dropped, st.probes_untracked, st.pending_forced
        )?;
    }
    if scans.alerts_retracted > 0 {
        writeln!(out, "{} alert(s) raised while reading no longer held at the end (later traffic was ordinary).", scans.alerts_retracted)?;
    }
    Ok(())
}

fn scan_text<W: Write>(out: &mut W, s: &Scan) -> io::Result<()> {
    let targets = if s.targets_total == 1 {
        s.targets.first().map(|t| t.to_string()).unwrap_or_default()
    } else {
        format!("{} hosts", s.targets_total)
    };
    writeln!(
        out,
        "SCAN {} {} ({}) from {} against {}",
        s.kind, s.technique, s.proto, s.scanner, targets
    )?;
    writeln!(out, "  {}", s.summary)?;
    let secs = s.end.secs_since(s.start);
    writeln!(
        out,
        "  {} probes ({} repeated), {} to {} ({:.3} s, {} probes/s); detected at {}",
        s.probes, s.retransmissions, s.start, s.end, secs, s.rate_pps, s.detected_at
    )?;
    if s.targets_total > 1 {
        // Hosts where the scanner found something first.
        let mut shown: Vec<&crate::analysis::scans::TargetResult> = s.per_target.iter().collect();
        shown.sort_by_key(|t| {
            (
                t.open.is_empty() && t.up != Some(true),
                t.closed.is_empty() && t.unfiltered.is_empty(),
            )
        });
        for t in shown.into_iter().take(MAX_TEXT_TARGETS) {
            let mut parts = Vec::new();
            match t.up {
                Some(true) => parts.push("up".to_string()),
                Some(false) => parts.push("no answer".to_string()),
                None => {}
            }
            for (name, v) in [
                ("open", &t.open),
                ("closed", &t.closed),
                ("filtered", &t.filtered),
                ("open|filtered", &t.open_filtered),
                ("unfiltered", &t.unfiltered),
            ] {
                if !v.is_empty() {
                    parts.push(format!(
                        "{name} {}",
                        crate::analysis::scans::compact_ports(v)
                    ));
                }
            }
            writeln!(out, "    {:<39} {}", t.target.to_string(), parts.join("; "))?;
        }
        if s.per_target.len() > MAX_TEXT_TARGETS {
            writeln!(
                out,
                "    ... {} more targets (see --format json)",
                s.targets_total as usize - MAX_TEXT_TARGETS
            )?;
        }
    }
    if !s.connected_after.is_empty() {
        writeln!(out, "  then connected to: {}", s.connected_after.join(", "))?;
    }
    for t in s.per_target.iter().filter(|t| t.answers_every_port) {
        writeln!(out, "  {} answered SYN-ACK on nearly every port: SYN cookies, a tarpit or a proxy, not services", t.target)?;
    }
    if !s.same_probes_as.is_empty() {
        let list: Vec<String> = s.same_probes_as.iter().map(|a| a.to_string()).collect();
        writeln!(
            out,
            "  same probes at the same time from: {} (decoys or a distributed scan)",
            list.join(", ")
        )?;
    }
    if s.untracked_probes > 0 {
        writeln!(
            out,
            "  {} probes and {} targets beyond the memory limits were counted, not classified",
            s.untracked_probes, s.untracked_targets
        )?;
    }
    let ev: Vec<String> = s
        .evidence
        .iter()
        .map(|e| format!("#{} {}", e.frame, e.what))
        .collect();
    writeln!(out, "  evidence: {}", ev.join(", "))?;
    writeln!(out)
}

fn syn_flood_text<W: Write>(out: &mut W, f: &SynFlood) -> io::Result<()> {
    let name = crate::names::services::tcp_service(f.port)
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    let target = match f.target {
        std::net::IpAddr::V6(a) => format!("[{a}]:{}", f.port),
        a => format!("{a}:{}", f.port),
    };
    writeln!(out, "SYN FLOOD against {target}{name}")?;
    let sources = source_count(f.sources);
    writeln!(
        out,
        "  {} of {} handshakes left half-open, {} SYNs from {} sources, {} to {} ({} SYN/s); detected at {}",
        f.half_open, f.attempts, f.syns, sources, f.start, f.end, f.rate_syn_per_s, f.detected_at
    )?;
    match f.peak_syn_recv {
        Some(peak) => writeln!(
            out,
            "  server: {} SYN-ACKs ({} retransmitted), {} unanswered; at most {} held in SYN_RECV at once, {} likely answered with SYN cookies",
            f.synacks, f.synack_retransmissions, f.synacks_unanswered, peak, f.syn_cookies_likely
        )?,
        None => writeln!(out, "  no SYN-ACK seen from this vantage; at most {} attempts outstanding at once", f.peak_half_open)?,
    }
    let list: Vec<String> = f.sample_sources.iter().map(|a| a.to_string()).collect();
    writeln!(out, "  sources include: {}", list.join(", "))?;
    let ev: Vec<String> = f.evidence_frames.iter().map(|n| format!("#{n}")).collect();
    writeln!(
        out,
        "  evidence: first SYN, threshold, last SYN: {}",
        ev.join(", ")
    )?;
    writeln!(out)
}

fn surge_text<W: Write>(out: &mut W, s: &IcmpSurge) -> io::Result<()> {
    writeln!(out, "ICMP UNREACHABLE SURGE to {}", s.receiver)?;
    let codes: Vec<String> = s.codes.iter().map(|(c, n)| format!("{n} {c}")).collect();
    writeln!(
        out,
        "  {} messages from {} senders, up to {} within 10 s, {} to {}: {}",
        s.messages,
        s.senders,
        s.peak_in_window,
        s.start,
        s.end,
        codes.join(", ")
    )?;
    let ev: Vec<String> = s.evidence_frames.iter().map(|n| format!("#{n}")).collect();
    writeln!(out, "  evidence: {}", ev.join(", "))?;
    writeln!(out)
}

/// One JSON object per line: `{"finding":"scan",...}`, `{"finding":"syn_flood",...}`,
/// `{"finding":"icmp_unreachable_surge",...}`, then `{"finding":"stats",...}`.
pub fn write_json<W: Write>(
    out: &mut W,
    scans: &ScanReport,
    floods: &FloodReport,
) -> io::Result<()> {
    for s in &scans.scans {
        line(out, "scan", s)?;
    }
    for f in &floods.floods {
        let (name, v) = match f {
            Flood::SynFlood(f) => ("syn_flood", serde_json::to_value(f)),
            Flood::IcmpUnreachableSurge(s) => ("icmp_unreachable_surge", serde_json::to_value(s)),
        };
        let mut v = v.map_err(io::Error::other)?;
        if let Some(o) = v.as_object_mut() {
            o.insert("finding".into(), name.into());
            o.insert("kind".into(), name.into());
        }
        writeln!(out, "{v}")?;
    }
    let stats = serde_json::json!({
        "scans": scans.stats,
        "answers_every_port": scans.answers_every_port,
        "alerts_retracted": scans.alerts_retracted,
        "floods": floods.stats,
    });
    line(out, "stats", &stats)
}

fn line<W: Write, T: serde::Serialize>(out: &mut W, finding: &str, v: &T) -> io::Result<()> {
    let mut v = serde_json::to_value(v).map_err(io::Error::other)?;
    if let Some(o) = v.as_object_mut() {
        o.insert("finding".into(), finding.into());
    }
    writeln!(out, "{v}")
}

/// A flood's distinct-source count: exact up to MAX_SOURCES_COUNTED, and one
/// more than that means "beyond".
pub fn source_count(n: u64) -> String {
    if n > MAX_SOURCES_COUNTED as u64 {
        format!("more than {MAX_SOURCES_COUNTED}")
    } else {
        n.to_string()
    }
}
