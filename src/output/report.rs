//! `tcpsleuth report`: one self-contained HTML file (inline CSS, JS and
//! SVG; nothing fetched when it is opened): the summary, failures first
//! with their evidence and ladder diagram, a sortable and filterable
//! connections table, a timeline, a scan heat map, the services and the
//! names clients asked for.
//!
//! Every string that came from a packet (names, evidence text, file names)
//! goes through [`esc`]; nothing from the capture is ever placed inside a
//! `<script>` or `<style>` element or an attribute other than escaped text.

use super::conns::{human_bytes, human_secs, problems, ConnRow};
use super::ladder::Ladder;
use crate::analysis::diagnose::{Finding, Report, Severity};
use crate::analysis::hostnames::NameKind;
use crate::time::{Clock, Timestamp};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::IpAddr;

/// Connections listed in full; the rest are counted in aggregates.
pub const MAX_CONNS: usize = 1000;
/// Bars drawn on the timeline.
const TIMELINE_BARS: usize = 300;
/// Heat-map size.
const HEAT_TARGETS: usize = 30;
const HEAT_PORTS: usize = 40;

/// Everything the report shows.
pub struct ReportData<'a> {
    pub diagnosis: &'a Report,
    /// The first [`MAX_CONNS`] connections by start time.
    pub conns: &'a [ConnRow],
    /// All connections, and per conn_state counts over all of them.
    pub conn_total: u64,
    pub conn_states: BTreeMap<String, u64>,
    /// A ladder per failure finding (by index in `diagnosis.findings`).
    pub ladders: Vec<(usize, Ladder)>,
    pub names: Vec<(NameKind, IpAddr, &'a str, u64)>,
    pub names_dropped: u64,
    pub clock: Clock,
}

/// HTML-escapes untrusted text (element content and quoted attributes).
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if c.is_control() && c != '\n' => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1em;color:#222}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}
.finding{border-left:4px solid #c33;padding:.2em 1em;margin:1em 0;background:#fdf6f6}
.finding.warning{border-color:#d90;background:#fffaf0}.finding.notice{border-color:#58a;background:#f5f9fc}
.label{font-weight:bold;font-family:monospace}.muted{color:#666}
table{border-collapse:collapse;font-size:12px;width:100%}th,td{padding:2px 6px;border-bottom:1px solid #eee;text-align:left;white-space:nowrap}
th{cursor:pointer;background:#f4f4f4;position:sticky;top:0}td.n{text-align:right}
pre,code,.ev{font-family:ui-monospace,monospace;font-size:12px}.ev{white-space:pre-wrap}
svg text{font-family:ui-monospace,monospace;font-size:11px}
.heat td{width:14px;height:14px;padding:0;border:1px solid #fff}.open{background:#3a3}.closed{background:#c33}.filtered{background:#999}
#filter{width:20em;margin:.5em 0}";

const SCRIPT: &str = "document.querySelectorAll('table.sortable th').forEach(function(th,i){th.addEventListener('click',function(){
var t=th.closest('table'),b=t.tBodies[0],rows=Array.from(b.rows),asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
rows.sort(function(x,y){var a=x.cells[i].dataset.v||x.cells[i].textContent,c=y.cells[i].dataset.v||y.cells[i].textContent;
var na=parseFloat(a),nc=parseFloat(c);var r=(!isNaN(na)&&!isNaN(nc))?na-nc:a.localeCompare(c);return asc?r:-r;});
rows.forEach(function(r){b.appendChild(r);});});});
var f=document.getElementById('filter');if(f){f.addEventListener('input',function(){var q=f.value.toLowerCase();
document.querySelectorAll('#conns tbody tr').forEach(function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':'';});});}";

/// The whole report.
pub fn render(d: &ReportData<'_>) -> String {
    let mut h = String::with_capacity(1 << 16);
    h.push_str("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
    let _ = write!(h, "<title>tcpsleuth report: {}</title><style>{STYLE}</style></head><body>", esc(&d.diagnosis.files.join(", ")));
    summary(&mut h, d);
    findings(&mut h, d);
    conns_table(&mut h, d);
    timeline(&mut h, d);
    heat_map(&mut h, d);
    services(&mut h, d);
    names(&mut h, d);
    let _ = write!(h, "<script>{SCRIPT}</script></body></html>\n");
    h
}

fn summary(h: &mut String, d: &ReportData<'_>) {
    let r = d.diagnosis;
    let _ = write!(h, "<h1>tcpsleuth report</h1><p>Capture: <code>{}</code></p><ul>", esc(&r.files.join(", ")));
    if let (Some(a), Some(b)) = (r.first_ts, r.last_ts) {
        let _ = write!(h, "<li>{} IP packets over {:.3} s, from {}</li>", r.packets, b - a, esc(&d.clock.show(ts(a))));
    }
    let failures = r.findings.iter().filter(|f| f.severity == Severity::Failure).count();
    let _ = write!(
        h,
        "<li>{} host{}, {} connection{}; <b>{failures} failure{}</b></li><li>vantage: {}</li>",
        r.hosts,
        plural(r.hosts),
        d.conn_total,
        plural(d.conn_total as usize),
        plural(failures),
        esc(r.vantage.as_str())
    );
    for n in &r.notes {
        let _ = write!(h, "<li class=\"muted\">note: {}</li>", esc(n));
    }
    h.push_str("</ul>");
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn ts(secs: f64) -> Timestamp {
    Timestamp::from_nanos((secs * 1e9) as i128)
}

fn findings(h: &mut String, d: &ReportData<'_>) {
    h.push_str("<h2 id=\"findings\">Findings</h2>");
    let mut order: Vec<usize> = (0..d.diagnosis.findings.len())
        .filter(|&i| d.diagnosis.findings[i].severity != Severity::Ok)
        .collect();
    order.sort_by_key(|&i| d.diagnosis.findings[i].severity);
    if order.is_empty() {
        h.push_str("<p>Nothing wrong found.</p>");
    }
    let rest = order.split_off(order.len().min(MAX_FINDINGS));
    for i in order {
        let f = &d.diagnosis.findings[i];
        finding(h, f);
        if let Some((_, l)) = d.ladders.iter().find(|(j, _)| *j == i) {
            h.push_str(&svg_ladder(l));
        }
        h.push_str("</div>");
    }
    findings_rest(h, d, &rest);
}

/// Findings shown in full: a big capture has thousands, and a page holding
/// them all takes a browser tens of seconds to open.
const MAX_FINDINGS: usize = 200;

/// The findings beyond [`MAX_FINDINGS`], one row per class: count and a first example.
fn findings_rest(h: &mut String, d: &ReportData<'_>, rest: &[usize]) {
    if rest.is_empty() {
        return;
    }
    let mut classes: Vec<(Severity, &str, u32, String)> = Vec::new();
    for &i in rest {
        let f = &d.diagnosis.findings[i];
        match classes.iter_mut().find(|c| c.0 == f.severity && c.1 == f.label.as_str()) {
            Some(c) => c.2 += 1,
            None => classes.push((f.severity, f.label.as_str(), 1, super::diagnose::conversation(f))),
        }
    }
    let _ = write!(h, "<p>{} more findings, by class (<code>tcpsleuth diagnose</code> lists every one):</p>", rest.len());
    h.push_str("<table class=\"sortable\"><thead><tr><th>label</th><th>findings</th><th>first example</th></tr></thead><tbody>");
    for (_, label, n, example) in classes {
        let _ = write!(h, "<tr><td>{}</td><td>{n}</td><td><code>{}</code></td></tr>", esc(label), esc(&example));
    }
    h.push_str("</tbody></table>");
}

fn finding(h: &mut String, f: &Finding) {
    let class = match f.severity {
        Severity::Failure => "failure",
        Severity::Warning => "warning",
        _ => "notice",
    };
    let attempts = if f.attempts > 1 { format!(" ×{}", f.attempts) } else { String::new() };
    let _ = write!(
        h,
        "<div class=\"finding {class}\"><p><span class=\"label\">{}</span>{attempts} <code>{}</code></p><p>{}</p><p>{}</p><p><b>Likely cause:</b> {}</p><p><b>Next:</b> {}</p>",
        esc(f.label.as_str()),
        esc(&super::diagnose::conversation(f)),
        esc(&f.summary),
        esc(&f.explanation),
        esc(&f.likely_cause),
        esc(&f.next_check)
    );
    if let Some(first) = f.evidence.first() {
        let _ = write!(h, "<p class=\"muted\">evidence from <code>{}</code>:</p><div class=\"ev\">", esc(&first.file));
        for e in f.evidence.iter().take(12) {
            let file = if e.file != first.file { format!(" [{}]", e.file) } else { String::new() };
            let _ = writeln!(h, "#{} {}{} {}", e.frame, esc(&super::diagnose::clock(e.ts)), esc(&file), esc(&e.what));
        }
        h.push_str("</div>");
    }
}

/// A ladder as SVG: client rail on the left, server rail on the right.
pub fn svg_ladder(l: &Ladder) -> String {
    const ROW: usize = 26;
    const CX: usize = 190;
    const SX: usize = 610;
    let rungs = &l.rungs[..l.rungs.len().min(60)];
    let height = 50 + ROW * (rungs.len() + 1);
    let mut s = format!("<svg class=\"ladder\" xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"{height}\" role=\"img\">");
    let _ = write!(
        s,
        "<defs><marker id=\"a\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"3\" orient=\"auto\"><path d=\"M0,0 L7,3 L0,6 z\" fill=\"#333\"/></marker></defs>\
         <text x=\"{CX}\" y=\"16\" text-anchor=\"middle\">client {}</text><text x=\"{SX}\" y=\"16\" text-anchor=\"middle\">server {}</text>\
         <line x1=\"{CX}\" y1=\"24\" x2=\"{CX}\" y2=\"{height}\" stroke=\"#888\"/><line x1=\"{SX}\" y1=\"24\" x2=\"{SX}\" y2=\"{height}\" stroke=\"#888\"/>",
        esc(&l.client),
        esc(&l.server)
    );
    let first = rungs.first().map(|r| r.ts).unwrap_or_default();
    for (i, r) in rungs.iter().enumerate() {
        let y = 50 + ROW * i;
        let (x1, x2) = if r.from_client { (CX, SX) } else { (SX, CX) };
        let end = if r.lost { (x1 + x2) / 2 } else { x2 };
        let colour = if r.lost { "#c33" } else if r.from_client { "#268" } else { "#862" };
        let marker = if r.lost { "" } else { " marker-end=\"url(#a)\"" };
        let _ = write!(s, "<line x1=\"{x1}\" y1=\"{y}\" x2=\"{end}\" y2=\"{}\" stroke=\"{colour}\"{marker}/>", y + 8);
        if r.lost {
            let _ = write!(s, "<text x=\"{end}\" y=\"{}\" fill=\"#c33\" text-anchor=\"middle\">×</text>", y + 12);
        }
        let _ = write!(s, "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{colour}\">{}</text>", (CX + SX) / 2, y - 2, esc(&r.label));
        if let Some((c, sv)) = r.states {
            let sv = if r.server_heard { sv.netstat_name() } else { "" };
            let _ = write!(s, "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><text x=\"{}\" y=\"{}\">{}</text>", CX - 8, y + 8, c.netstat_name(), SX + 8, y + 8, sv);
        }
        let note = r.note.as_deref().map(|n| format!(" {}", esc(n))).unwrap_or_default();
        let _ = write!(s, "<text x=\"{}\" y=\"{}\" fill=\"#888\">+{:.6}{note}</text>", SX + 100, y + 8, r.ts.secs_since(first).max(0.0));
    }
    s.push_str("</svg>");
    s
}

fn conns_table(h: &mut String, d: &ReportData<'_>) {
    let _ = write!(h, "<h2 id=\"connections\">Connections</h2><p>{} connections", d.conn_total);
    if (d.conns.len() as u64) < d.conn_total {
        let _ = write!(h, "; the first {} in full, all of them counted by state below", d.conns.len());
    }
    h.push_str(". Click a heading to sort.</p><input id=\"filter\" placeholder=\"filter rows\"><table id=\"conns\" class=\"sortable\"><thead><tr>");
    for c in ["start", "proto", "client", "server", "client state", "server state", "conn", "history", "duration", "bytes c>s", "bytes s>c", "rtt", "problems"] {
        let _ = write!(h, "<th>{c}</th>");
    }
    h.push_str("</tr></thead><tbody>");
    for r in d.conns {
        let c = &r.conn;
        let (ob, rb) = c.bytes_raw();
        let tcp = c.proto == 6;
        let st = |s: crate::flow::TcpState| if tcp { s.netstat_name() } else { "-" };
        let rtt = c.rtt.total().or(c.rtt.syn_to_synack());
        let _ = write!(
            h,
            "<tr><td data-v=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{ob}\">{}</td><td class=\"n\" data-v=\"{rb}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td><td>{}</td></tr>",
            c.start.as_secs_f64(),
            esc(&d.clock.show(c.start)),
            c.proto_name(),
            esc(&c.orig_side().to_string()),
            esc(&c.resp_side().to_string()),
            st(r.client_state),
            st(r.server_state),
            c.conn_state(),
            esc(c.history()),
            c.duration(),
            human_secs(c.duration()),
            human_bytes(ob),
            human_bytes(rb),
            rtt.unwrap_or(-1.0),
            rtt.map(human_secs).unwrap_or_else(|| "-".into()),
            esc(&problems(c).join(", "))
        );
    }
    h.push_str("</tbody></table><p>By conn_state (all connections): ");
    let v: Vec<String> = d.conn_states.iter().map(|(k, n)| format!("{} {n}", esc(k))).collect();
    h.push_str(&v.join(", "));
    h.push_str("</p>");
}

fn timeline(h: &mut String, d: &ReportData<'_>) {
    h.push_str("<h2 id=\"timeline\">Timeline</h2>");
    let rows = &d.conns[..d.conns.len().min(TIMELINE_BARS)];
    let (Some(t0), Some(t1)) = (
        rows.iter().map(|r| r.conn.start).min(),
        rows.iter().map(|r| r.conn.last_packet).max(),
    ) else {
        h.push_str("<p>No connections.</p>");
        return;
    };
    let span = t1.secs_since(t0).max(1e-6);
    let height = 20 + 6 * rows.len();
    let _ = write!(h, "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" height=\"{height}\">");
    for (i, r) in rows.iter().enumerate() {
        let c = &r.conn;
        let x = 960.0 * c.start.secs_since(t0) / span;
        let w = (960.0 * c.last_packet.secs_since(c.start) / span).max(2.0);
        let colour = match c.conn_state() {
            "SF" | "S1" | "S2" | "S3" => "#3a3",
            "REJ" | "RSTR" | "RSTO" | "RSTOS0" | "RSTRH" => "#c33",
            "S0" | "SH" | "SHR" => "#999",
            _ => "#58a",
        };
        let _ = write!(
            h,
            "<rect x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"4\" fill=\"{colour}\"><title>{} → {} {}</title></rect>",
            10 + 6 * i,
            esc(&c.orig_side().to_string()),
            esc(&c.resp_side().to_string()),
            c.conn_state()
        );
    }
    let _ = write!(h, "</svg><p class=\"muted\">{} to {} ({:.3} s); green completed, red refused or reset, grey unanswered.</p>", esc(&d.clock.show(t0)), esc(&d.clock.show(t1)), span);
}

/// The `n` keys with the highest counts.
fn top<K: Copy + Ord>(m: &BTreeMap<K, usize>, n: usize) -> Vec<K> {
    let mut v: Vec<(K, usize)> = m.iter().map(|(k, c)| (*k, *c)).collect();
    v.sort_by_key(|(_, c)| std::cmp::Reverse(*c));
    v.truncate(n);
    v.into_iter().map(|(k, _)| k).collect()
}

/// Port state of a TCP attempt: the server answered SYN-ACK (open), reset
/// it (closed) or never answered (filtered).
fn port_state(r: &ConnRow) -> Option<&'static str> {
    let c = &r.conn;
    if c.proto != 6 {
        return None;
    }
    let h = c.history();
    Some(if h.contains('h') {
        "open"
    } else if h.contains('r') || c.conn_state() == "REJ" {
        "closed"
    } else {
        "filtered"
    })
}

fn heat_map(h: &mut String, d: &ReportData<'_>) {
    h.push_str("<h2 id=\"scan\">Scan heat map</h2>");
    let mut cells: BTreeMap<(IpAddr, u16), &'static str> = BTreeMap::new();
    let mut by_target: BTreeMap<IpAddr, usize> = BTreeMap::new();
    let mut by_port: BTreeMap<u16, usize> = BTreeMap::new();
    for r in d.conns {
        let Some(state) = port_state(r) else { continue };
        let s = r.conn.resp_side();
        let e = cells.entry((s.addr, s.port)).or_insert(state);
        if state == "open" {
            *e = "open";
        }
        *by_target.entry(s.addr).or_default() += 1;
        *by_port.entry(s.port).or_default() += 1;
    }
    if cells.is_empty() {
        h.push_str("<p>No TCP connection attempts.</p>");
        return;
    }
    let targets: Vec<IpAddr> = top(&by_target, HEAT_TARGETS);
    let mut ports: Vec<u16> = top(&by_port, HEAT_PORTS);
    ports.sort();
    h.push_str("<table class=\"heat\"><thead><tr><th>target \\ port</th>");
    for p in &ports {
        let _ = write!(h, "<th title=\"{p}\">{p}</th>");
    }
    h.push_str("</tr></thead><tbody>");
    for t in &targets {
        let _ = write!(h, "<tr><td>{}</td>", esc(&t.to_string()));
        for p in &ports {
            match cells.get(&(*t, *p)) {
                Some(s) => {
                    let _ = write!(h, "<td class=\"{s}\" title=\"{}:{p} {s}\"></td>", esc(&t.to_string()));
                }
                None => h.push_str("<td></td>"),
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table><p class=\"muted\">Each TCP attempt in the connections above: green open (SYN-ACK), red closed (RST), grey filtered (no answer).</p>");
}

fn services(h: &mut String, d: &ReportData<'_>) {
    h.push_str("<h2 id=\"services\">Services</h2>");
    let mut s: BTreeMap<(IpAddr, u8, u16), (u64, String)> = BTreeMap::new();
    for r in d.conns {
        let c = &r.conn;
        let answered = match c.proto {
            6 => c.history().contains('h'),
            17 => c.resp().pkts > 0,
            _ => false,
        };
        if answered {
            let e = s.entry((c.resp_side().addr, c.proto, c.resp_side().port)).or_default();
            e.0 += 1;
            if let Some(svc) = c.service() {
                e.1 = svc.as_str().to_string();
            }
        }
    }
    if s.is_empty() {
        h.push_str("<p>No server answered.</p>");
        return;
    }
    h.push_str("<table class=\"sortable\"><thead><tr><th>server</th><th>port</th><th>service</th><th>connections</th></tr></thead><tbody>");
    for ((a, proto, port), (n, svc)) in &s {
        let name = if *proto == 6 { "tcp" } else { "udp" };
        let _ = write!(h, "<tr><td>{}</td><td>{name}/{port}</td><td>{}</td><td class=\"n\">{n}</td></tr>", esc(&a.to_string()), esc(svc));
    }
    h.push_str("</tbody></table>");
}

fn names(h: &mut String, d: &ReportData<'_>) {
    h.push_str("<h2 id=\"names\">Names asked for</h2>");
    if d.names.is_empty() {
        h.push_str("<p>No DNS query, HTTP Host or TLS server name seen.</p>");
        return;
    }
    h.push_str("<table class=\"sortable\" id=\"names-table\"><thead><tr><th>kind</th><th>server</th><th>name</th><th>times</th></tr></thead><tbody>");
    for (k, server, name, n) in &d.names {
        let _ = write!(h, "<tr><td>{}</td><td>{}</td><td class=\"name\">{}</td><td class=\"n\">{n}</td></tr>", k.as_str(), esc(&server.to_string()), esc(name));
    }
    h.push_str("</tbody></table>");
    if d.names_dropped > 0 {
        let _ = write!(h, "<p class=\"muted\">… {} more not kept.</p>", d.names_dropped);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(esc("<script>\"'&</style>"), "&lt;script&gt;&quot;&#39;&amp;&lt;/style&gt;");
    }
}
