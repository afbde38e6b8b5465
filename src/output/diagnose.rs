//! Printers for `tcpsleuth diagnose` and the overview: text grouped by
//! severity (failures first), and JSON lines (one object per finding).
//! Printers only format; every word of a finding comes from `analysis`.

use crate::analysis::diagnose::{Finding, Repeats, Report, Severity};

use std::io::{self, Write};

/// Text output options.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextOptions {
    /// Print healthy connections in full and every evidence line.
    pub verbose: bool,
    /// Every healthy connection's line, uncut.
    pub all: bool,
    /// The overview folded later findings of the same client, service and
    /// outcome into this one.
    pub again: Option<Repeats>,
}

/// Lines a long list shows before "… N more (use --all)": enough to see
/// the pattern, few enough that the failures above stay on screen.
const SECTION_LINES: usize = 20;

/// Paragraph width: COLUMNS or the terminal's; unwrapped when piped.
fn text_width() -> usize {
    crate::output::term::width().unwrap_or(usize::MAX)
}

/// Evidence lines printed per finding unless verbose.
const EVIDENCE_LINES: usize = 8;

/// "HH:MM:SS.ffffff" (UTC) of an epoch time in seconds.
pub fn clock(ts: f64) -> String {
    if !ts.is_finite() {
        return "?".into();
    }
    let secs = ts.floor();
    let micros = ((ts - secs) * 1e6).round().min(999_999.0) as u32;
    let t = crate::time::Timestamp::new(secs as i64, 0);
    let (_, _, _, h, m, s) = t.to_utc();
    format!("{h:02}:{m:02}:{s:02}.{micros:06}")
}

/// "YYYY-MM-DD HH:MM:SS UTC" of an epoch time in seconds.
pub fn date(ts: f64) -> String {
    if !ts.is_finite() {
        return "?".into();
    }
    let t = crate::time::Timestamp::new(ts.floor() as i64, 0);
    let (y, mo, d, h, m, s) = t.to_utc();
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02}:{s:02} UTC")
}

/// Keeps printable text printable: control characters escaped, length limited.
pub fn clean(s: &str, max: usize) -> String {
    let mut out = String::new();
    for ch in s.chars().take(max) {
        if ch.is_control() && ch != '\n' {
            out.push_str(&ch.escape_default().to_string());
        } else {
            out.push(ch);
        }
    }
    out
}

fn endpoint(addr: &std::net::IpAddr, port: u16) -> String {
    match addr {
        std::net::IpAddr::V6(_) => format!("[{addr}]:{port}"),
        std::net::IpAddr::V4(_) => format!("{addr}:{port}"),
    }
}

/// "10.0.0.1:5000 → 10.0.0.2:80/tcp".
/// One line for a finding as a live capture decides it:
/// `HH:MM:SS.ffffff  ● label  client → server/proto  summary`.
pub fn announce_line(f: &Finding) -> String {
    format!("{}  ● {}  {}  {}", clock(f.ts), f.label, conversation(f), f.summary)
}

pub fn conversation(f: &Finding) -> String {
    let client = if f.client_port == 0 { f.client.to_string() } else { endpoint(&f.client, f.client_port) };
    let server = if f.server_port == 0 { f.server.to_string() } else { endpoint(&f.server, f.server_port) };
    format!("{client} → {server}/{}", f.proto)
}

/// Wraps `text` at `width` columns: `first` before the first line, as many
/// spaces before the others.
fn wrap(out: &mut impl Write, first: &str, text: &str, width: usize) -> io::Result<()> {
    if text.trim().is_empty() {
        return Ok(());
    }
    let rest = " ".repeat(first.chars().count().min(4));
    let w = (width != usize::MAX).then_some(width);
    for l in crate::output::term::wrap(text, first, &rest, w) {
        writeln!(out, "{l}")?;
    }
    Ok(())
}

fn heading(s: Severity) -> &'static str {
    match s {
        Severity::Failure => "FAILURES",
        Severity::Warning => "WARNINGS",
        Severity::Notice => "NOTICES",
        Severity::Ok => "HEALTHY",
    }
}

/// Writes one finding in full.
pub fn write_finding(out: &mut impl Write, f: &Finding, opts: TextOptions) -> io::Result<()> {
    let attempts = if f.attempts > 1 { format!(" ×{}", f.attempts) } else { String::new() };
    writeln!(out, "● {}{attempts}  {}", f.label, conversation(f))?;
    wrap(out, "  ", &clean(&f.summary, 400), text_width())?;
    if let Some(again) = opts.again.filter(|a| a.findings > 0) {
        writeln!(out, "  {}", again_line(f, &again))?;
    }
    if f.proto == "tcp" && f.label.as_str() != "scan" && f.label.as_str() != "syn_flood" {
        let zeek = match (&f.conn_state, &f.history) {
            (Some(c), Some(h)) => format!("   conn_state {c} history {}", clean(h, 64)),
            _ => String::new(),
        };
        writeln!(
            out,
            "  states: client {}, server {}   vantage: {}{zeek}",
            f.client_state.as_str(),
            f.server_state.as_str(),
            f.vantage.as_str()
        )?;
    } else {
        writeln!(out, "  vantage: {}", f.vantage.as_str())?;
    }
    if !f.caveats.is_empty() {
        let v: Vec<&str> = f.caveats.iter().map(|c| c.as_words()).collect();
        writeln!(out, "  note: {}", v.join("; "))?;
    }
    wrap(out, "  ", &clean(&f.explanation, 4000), text_width())?;
    if let Some(t) = &f.figures.time {
        writeln!(out, "  time: {}", time_line(t))?;
    }
    wrap(out, "  cause: ", &clean(&f.likely_cause, 1000), text_width())?;
    wrap(out, "  next: ", &clean(&f.next_check, 1000), text_width())?;
    if !f.evidence.is_empty() {
        // The file is named once; a line names its own only when it differs.
        let file = &f.evidence[0].file;
        writeln!(out, "  evidence ({}):", clean(file, 200))?;
        let n = if opts.verbose { f.evidence.len() } else { EVIDENCE_LINES.min(f.evidence.len()) };
        for e in &f.evidence[..n] {
            let other = if &e.file != file { format!("[{}] ", clean(&e.file, 80)) } else { String::new() };
            let first = format!("    #{:<6} {}  ", e.frame, clock(e.ts));
            let indent = " ".repeat(8);
            for l in crate::output::term::wrap(&format!("{other}{}", clean(&e.what, 300)), &first, &indent, crate::output::term::width()) {
                writeln!(out, "{l}")?;
            }
        }
        if n < f.evidence.len() {
            writeln!(out, "    … {} more (-v shows all)", f.evidence.len() - n)?;
        }
    }
    writeln!(out)
}

/// "again 1332 times from this client to this service, the last at
/// 09:29:59.951234 (about every 64.8 s)".
fn again_line(f: &Finding, again: &Repeats) -> String {
    let times = if again.findings == 1 { "the same once more".to_string() } else { format!("the same again {} times", again.findings) };
    let conns = if again.conns != again.findings { format!(" ({} connections)", again.conns) } else { String::new() };
    let every = (again.last_ts - f.ts) / f64::from(again.findings);
    let every = if again.findings > 1 && every.is_finite() && every > 0.0 { format!(" (about every {})", span(every)) } else { String::new() };
    // A capture of days: the clock alone would not say which day.
    let last = if (again.last_ts / 86_400.0).floor() != (f.ts / 86_400.0).floor() { date(again.last_ts) } else { clock(again.last_ts) };
    format!("{times}{conns} from this client to this service, the last at {last}{every}")
}

/// "850 ms", "64.8 s", "12.5 min", "3.2 h".
fn span(secs: f64) -> String {
    if secs < 1.0 {
        format!("{:.0} ms", secs * 1e3)
    } else if secs < 120.0 {
        format!("{secs:.1} s")
    } else if secs < 7200.0 {
        format!("{:.1} min", secs / 60.0)
    } else {
        format!("{:.1} h", secs / 3600.0)
    }
}

/// "handshake 1.2 ms, server think 3000.1 ms, transfer 3010.0 ms, retransmissions 0 ms, zero window 0 ms".
pub fn time_line(t: &crate::analysis::diagnose::TimeBreakdown) -> String {
    let mut v = Vec::new();
    if let Some(x) = t.handshake_rtt_ms {
        v.push(format!("handshake {x:.1} ms"));
    }
    if let Some(x) = t.server_think_ms {
        v.push(format!("server think {x:.1} ms"));
    }
    if let Some(x) = t.transfer_ms {
        v.push(format!("transfer {x:.1} ms"));
    }
    v.push(format!("lost to retransmissions {:.1} ms", t.retransmission_ms));
    v.push(format!("to zero windows {:.1} ms", t.zero_window_ms));
    v.join(", ")
}

/// One line for a healthy connection.
fn write_short(out: &mut impl Write, f: &Finding) -> io::Result<()> {
    let attempts = if f.attempts > 1 { format!(" ×{}", f.attempts) } else { String::new() };
    let notes = if f.caveats.is_empty() {
        String::new()
    } else {
        format!(" ({})", f.caveats.iter().map(|c| c.as_words()).collect::<Vec<_>>().join("; "))
    };
    writeln!(out, "  {:<16} {}{attempts}  {}{notes}", f.label.as_str(), conversation(f), clean(&f.summary, 200))
}

/// The capture facts at the top of every text report.
pub fn write_header(out: &mut impl Write, r: &Report) -> io::Result<()> {
    writeln!(out, "Capture: {}", clean(&r.files.join(", "), 400))?;
    match (r.first_ts, r.last_ts) {
        (Some(a), Some(b)) => writeln!(
            out,
            "  {} IP packets, {:.3} s from {}, {} hosts, {} {}",
            r.packets,
            b - a,
            date(a),
            r.hosts,
            r.connections,
            if r.connections == 1 { "connection" } else { "connections" }
        )?,
        _ => writeln!(out, "  no IP packets")?,
    }
    writeln!(out, "  vantage: {}{}", r.vantage.as_str(), local_hosts(r))?;
    if let Some(p) = &r.peer {
        writeln!(out, "Peer capture: {}", clean(&p.files.join(", "), 400))?;
        match p.clock_offset_s {
            Some(o) => writeln!(
                out,
                "  {} packets matched; peer clock {:+.6} s from this one ({}){}",
                p.matched_packets,
                o,
                p.method,
                p.one_way_delay_ms.map(|d| format!("; one-way delay {d:.3} ms")).unwrap_or_default()
            )?,
            None => writeln!(out, "  no packet matched between the captures: clock offset unknown")?,
        }
    }
    for n in &r.notes {
        writeln!(out, "  note: {}", clean(n, 400))?;
    }
    Ok(())
}

fn local_hosts(r: &Report) -> String {
    if r.local_hosts.is_empty() {
        return String::new();
    }
    let v: Vec<String> = r.local_hosts.iter().take(6).map(|h| h.to_string()).collect();
    format!(" (on the capture's link: {})", v.join(", "))
}

/// Connections per outcome, one line.
pub fn outcome_line(r: &Report) -> String {
    let v: Vec<String> = r
        .outcomes()
        .iter()
        .map(|(l, n)| match l.as_str() {
            "scan" => format!("scan probes {n}"),
            "syn_flood" => format!("syn_flood attempts {n}"),
            _ => format!("{l} {n}"),
        })
        .collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// The full `diagnose` text report.
pub fn write_text(out: &mut impl Write, r: &Report, opts: TextOptions) -> io::Result<()> {
    write_header(out, r)?;
    writeln!(out, "  outcomes: {}", outcome_line(r))?;
    writeln!(out)?;
    // Findings come in report order, so each severity's come together.
    let mut section: Option<Severity> = None;
    // Healthy lines are context: a big capture has thousands of them.
    let cut = !opts.verbose && !opts.all;
    let (mut ok_shown, mut ok_skipped) = (0usize, 0usize);
    r.each_finding(|f| {
        if f.severity == Severity::Ok && cut && ok_shown >= SECTION_LINES {
            ok_skipped += 1;
            return Ok(());
        }
        if section != Some(f.severity) {
            if section.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{} ({})", heading(f.severity), r.count(f.severity))?;
            section = Some(f.severity);
        }
        if f.severity == Severity::Ok && !opts.verbose {
            ok_shown += 1;
            write_short(out, f)
        } else {
            write_finding(out, f, opts)
        }
    })?;
    if let Some(more) = crate::output::term::more_line(ok_shown, ok_shown + ok_skipped) {
        writeln!(out, "  {more}")?;
    }
    if section.is_some() {
        writeln!(out)?;
    }
    if section.is_none() {
        writeln!(out, "No TCP or UDP conversations to diagnose.")?;
    }
    Ok(())
}


/// One JSON object per finding, one per line.
pub fn write_json(out: &mut impl Write, r: &Report) -> io::Result<()> {
    r.each_json_line(|line| {
        out.write_all(line)?;
        out.write_all(b"\n")
    })
}

/// The whole report as one JSON document (capture facts, peer, findings).
pub fn write_json_report(out: &mut impl Write, r: &Report) -> io::Result<()> {
    let s = serde_json::to_string(r).map_err(io::Error::other)?;
    writeln!(out, "{s}")
}

/// The overview: capture summary, the findings that matter, then extra
/// sections (scans, services) given as pre-rendered text blocks.
/// `own_notices`: print diagnose's own scan/flood findings (when no scan
/// detector section is given).
pub fn write_overview(
    out: &mut impl Write,
    r: &Report,
    extra: &[(String, Vec<String>)],
    own_notices: bool,
    all: bool,
) -> io::Result<()> {
    let limit = |n: usize| if all { n } else { n.min(SECTION_LINES) };
    write_header(out, r)?;
    writeln!(out, "  connections by outcome: {}", outcome_line(r))?;
    writeln!(out)?;
    let bad: Vec<&Finding> = r.findings.iter().filter(|f| matches!(f.severity, Severity::Failure | Severity::Warning)).collect();
    // Findings the diagnosis counted without keeping them ([`Report::elided`]).
    let bad_total = bad.len() + r.elided.of(Severity::Failure) + r.elided.of(Severity::Warning);
    // Scans and floods are trouble too: never "nothing wrong" above them.
    let scan_lines: usize =
        extra.iter().filter(|(t, _)| t == "Scans" || t == "Floods").map(|(_, l)| l.len()).sum();
    let notices = r.findings.iter().filter(|f| f.severity == Severity::Notice).count() + r.elided.of(Severity::Notice);
    let other_trouble = if own_notices { notices } else { scan_lines.max(notices) };
    if bad_total == 0 && other_trouble == 0 {
        writeln!(out, "No failed or troubled connections.")?;
        writeln!(out)?;
    } else if bad_total == 0 {
        writeln!(out, "No failed connections, but {other_trouble} scan(s) or flood(s): see below.")?;
        writeln!(out)?;
    } else {
        writeln!(out, "What went wrong ({bad_total}):")?;
        writeln!(out)?;
        // At most OVERVIEW_SHOWN unless --all: the diagnosis keeps no more
        // of each severity. A client failing one service the same way again
        // and again (a health check, a retry loop) is listed once, counted.
        let mut listed = 0;
        if all {
            for f in &bad {
                write_finding(out, f, TextOptions::default())?;
            }
            listed = bad.len();
        } else {
            for g in r.folded_trouble().iter().take(10) {
                write_finding(out, g.first, TextOptions { again: Some(g.again), ..TextOptions::default() })?;
                listed += 1 + g.again.findings as usize;
            }
        }
        if bad_total > listed {
            writeln!(out, "… {} more (use --all, or tcpsleuth diagnose --summary -r FILE)", bad_total - listed)?;
            writeln!(out)?;
        }
    }
    let notices: Vec<&Finding> = r.findings.iter().filter(|f| f.severity == Severity::Notice).collect();
    if own_notices && !notices.is_empty() {
        writeln!(out, "Scans and floods ({}):", notices.len())?;
        for f in &notices[..limit(notices.len())] {
            writeln!(out, "  {:<10} {}", f.label.as_str(), clean(&f.summary, 300))?;
        }
        if let Some(more) = crate::output::term::more_line(limit(notices.len()), notices.len()) {
            writeln!(out, "  {more}")?;
        }
        writeln!(out)?;
    }
    for (title, lines) in extra {
        if lines.is_empty() {
            continue;
        }
        writeln!(out, "{}:", clean(title, 100))?;
        for l in &lines[..limit(lines.len())] {
            writeln!(out, "  {}", clean(l, 300))?;
        }
        if let Some(more) = crate::output::term::more_line(limit(lines.len()), lines.len()) {
            writeln!(out, "  {more}")?;
        }
        writeln!(out)?;
    }
    let ok: Vec<&Finding> = r.findings.iter().filter(|f| f.severity == Severity::Ok).collect();
    let ok_total = ok.len() + r.elided.of(Severity::Ok);
    if ok_total > 0 {
        writeln!(out, "Healthy ({ok_total}):")?;
        let shown = limit(ok.len());
        for f in &ok[..shown] {
            write_short(out, f)?;
        }
        if let Some(more) = crate::output::term::more_line(shown, ok_total) {
            writeln!(out, "  {more}")?;
        }
    }
    Ok(())
}

/// The overview's sections after the findings (scans, floods, services), as
/// titled lists of lines; true when there is no scan or flood line, so the
/// diagnosis' own scan and flood findings are printed instead.
pub fn overview_sections(
    scans: &crate::analysis::scans::ScanReport,
    floods: &crate::analysis::floods::FloodReport,
    services: &crate::analysis::services::ServiceReport,
) -> (Vec<(String, Vec<String>)>, bool) {
    use crate::analysis::floods::Flood;
    let mut extra: Vec<(String, Vec<String>)> = Vec::new();
    let scan_lines: Vec<String> = scans
        .scans
        .iter()
        .map(|s| {
            let targets = match s.targets.as_slice() {
                [one] if s.targets_total == 1 => one.to_string(),
                _ => format!("{} hosts", s.targets_total),
            };
            format!("{} ran a {} {} scan ({}) of {targets}: {}", s.scanner, s.proto, s.technique, s.kind, s.summary)
        })
        .collect();
    let flood_lines: Vec<String> = floods
        .floods
        .iter()
        .map(|f| match f {
            Flood::SynFlood(f) => format!(
                "SYN flood on {}:{}: {} SYNs from {} sources, {} completed, {} half-open",
                f.target,
                f.port,
                f.syns,
                super::scans::source_count(f.sources),
                f.completed,
                f.half_open
            ),
            Flood::IcmpUnreachableSurge(i) => {
                format!("{} ICMP unreachable messages to {} from {} senders", i.messages, i.receiver, i.senders)
            }
        })
        .collect();
    let own_notices = scan_lines.is_empty() && flood_lines.is_empty();
    extra.push(("Scans".into(), scan_lines));
    extra.push(("Floods".into(), flood_lines));
    let mut service_lines = Vec::new();
    for h in &services.hosts {
        let v: Vec<String> = h
            .services
            .iter()
            .take(12)
            .map(|s| {
                let name = s.name.map(|n| format!(" ({n})")).unwrap_or_default();
                let scan = if s.found_by_scan { " [found by a scan]" } else { "" };
                format!("{}/{}{name}{scan}", s.port, s.proto)
            })
            .collect();
        let more = if h.services.len() > 12 { format!(" … {} more", h.services.len() - 12) } else { String::new() };
        let every = if h.answers_every_port {
            format!(" — answers SYN-ACK on every port probed (SYN cookies or a tarpit): {} such ports not listed as services", h.ports_hidden)
        } else {
            String::new()
        };
        service_lines.push(format!("{}: {}{more}{every}", h.server, v.join(", ")));
    }
    extra.push(("Services".into(), service_lines));
    (extra, own_notices)
}

/// `diagnose --summary`: one line per finding class, with counts and up to
/// three examples.
pub fn write_summary(out: &mut impl Write, r: &Report) -> io::Result<()> {
    write_header(out, r)?;
    let mut classes: Vec<(Severity, &'static str, u32, Vec<String>)> = Vec::new();
    r.each_finding(|f| {
        let label = f.label.as_str();
        let i = match classes.iter().position(|c| c.0 == f.severity && c.1 == label) {
            Some(i) => i,
            None => {
                classes.push((f.severity, label, 0, Vec::new()));
                classes.len() - 1
            }
        };
        classes[i].2 += f.attempts.max(1);
        if classes[i].3.len() < 3 {
            classes[i].3.push(conversation(f));
        }
        Ok(())
    })?;
    classes.sort_by_key(|c| (c.0, std::cmp::Reverse(c.2)));
    for (sev, label, n, ex) in &classes {
        let kind = match sev {
            Severity::Failure => "failure",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
            Severity::Ok => "healthy",
        };
        let line = format!("{kind:<8} {label} ×{n}: {}", clean(&ex.join(", "), 400));
        wrap(out, "", &line, text_width())?;
    }
    if classes.is_empty() {
        writeln!(out, "no findings")?;
    }
    Ok(())
}
