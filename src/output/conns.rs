//! Printers for the connection table: aligned text, JSON lines (Zeek field
//! names plus extras), CSV, and a Zeek conn.log. They only format.

use crate::flow::{AnalysisFlags, Connection, TcpState};
use crate::names::services::service;
use super::term::{self, Column};
use crate::time::{Clock, Timestamp};
use crate::wire::registry::IpProto;
use serde::Serialize;
use std::net::IpAddr;
use std::io::{self, Write};

/// One connection as of a moment.
#[derive(Clone, Debug)]
pub struct ConnRow {
    pub conn: Connection,
    /// The originator's kernel state at that moment.
    pub client_state: TcpState,
    /// The responder's kernel state at that moment.
    pub server_state: TcpState,
}

impl ConnRow {
    /// The row for `conn` with states as of `t`.
    pub fn at(conn: Connection, t: Timestamp) -> ConnRow {
        let (client_state, server_state) = (conn.client_state_at(t), conn.server_state_at(t));
        ConnRow {
            conn,
            client_state,
            server_state,
        }
    }
}

/// Printing options.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Port numbers instead of service names.
    pub numeric: bool,
    /// The moment the table describes (`--at`), if not the end of input.
    pub at: Option<Timestamp>,
    /// How the table shows times.
    pub clock: Clock,
    /// Width to fit (None: no limit).
    pub width: Option<usize>,
    /// Keep every column whatever the width.
    pub wide: bool,
}

const ZEEK_FIELDS: [(&str, &str); 22] = [
    ("ts", "time"),
    ("uid", "string"),
    ("id.orig_h", "addr"),
    ("id.orig_p", "port"),
    ("id.resp_h", "addr"),
    ("id.resp_p", "port"),
    ("proto", "enum"),
    ("service", "string"),
    ("duration", "interval"),
    ("orig_bytes", "count"),
    ("resp_bytes", "count"),
    ("conn_state", "string"),
    ("local_orig", "bool"),
    ("local_resp", "bool"),
    ("missed_bytes", "count"),
    ("history", "string"),
    ("orig_pkts", "count"),
    ("orig_ip_bytes", "count"),
    ("resp_pkts", "count"),
    ("resp_ip_bytes", "count"),
    ("tunnel_parents", "set[string]"),
    ("community_id", "string"),
];

fn ts(t: Timestamp) -> String {
    format!("{}.{:06}", t.secs, t.nanos / 1000)
}

/// Zeek's values for one record, in [`ZEEK_FIELDS`] order ("-" = unset).
fn zeek_values(c: &Connection) -> Vec<String> {
    let (o, r) = (c.orig_side(), c.resp_side());
    let (dur, ob, rb) = match c.bytes() {
        Some((a, b)) => (format!("{:.6}", c.duration()), a.to_string(), b.to_string()),
        None => ("-".into(), "-".into(), "-".into()),
    };
    let hist = if c.history().is_empty() {
        "-".to_string()
    } else {
        c.history().to_string()
    };
    vec![
        ts(c.start),
        c.uid(),
        o.addr.to_string(),
        o.port.to_string(),
        r.addr.to_string(),
        r.port.to_string(),
        c.proto_name().to_string(),
        c.service().map_or_else(|| "-".into(), |s| s.to_string()),
        dur,
        ob,
        rb,
        c.conn_state().to_string(),
        "-".into(),
        "-".into(),
        c.missed_bytes().to_string(),
        hist,
        c.orig().pkts.to_string(),
        c.orig().ip_bytes.to_string(),
        c.resp().pkts.to_string(),
        c.resp().ip_bytes.to_string(),
        "-".into(),
        c.community_id(),
    ]
}

/// Problems seen on a connection, short words for the table.
pub fn problems(c: &Connection) -> Vec<String> {
    let mut p = Vec::new();
    let (o, r) = (c.orig().analysis(), c.resp().analysis());
    let pair = |bit: u16| (o.get(bit), r.get(bit));
    let mut both = |name: &str, bit: u16| {
        let (a, b) = pair(bit);
        if a + b > 0 {
            p.push(format!("{name} {a}/{b}"));
        }
    };
    both("rexmit", AnalysisFlags::RETRANSMISSION);
    both("dupack", AnalysisFlags::DUPLICATE_ACK);
    both("zero-win", AnalysisFlags::ZERO_WINDOW);
    both("not-captured", AnalysisFlags::LOST_SEGMENT);
    both("acked-unseen", AnalysisFlags::ACKED_UNSEEN);
    both("out-of-order", AnalysisFlags::OUT_OF_ORDER);
    both("keep-alive", AnalysisFlags::KEEP_ALIVE);
    if let Some(e) = c.icmp_errors.first() {
        let more = if c.icmp_error_count > 1 {
            format!(" x{}", c.icmp_error_count)
        } else {
            String::new()
        };
        p.push(format!("icmp {} from {}{more}", e.describe(), e.from));
    }
    let h = c.history();
    match c.conn_state() {
        "REJ" => p.push("refused".into()),
        "S0" if c.proto == 6 => p.push("no answer".into()),
        "RSTO" => p.push("reset by client".into()),
        "RSTR" | "RSTRH" => p.push("reset by server".into()),
        _ => {}
    }
    if h.contains('C') || h.contains('c') {
        p.push("bad checksum".into());
    }
    if h.contains('Q') || h.contains('q') || h.contains('I') || h.contains('i') {
        p.push("odd flags".into());
    }
    p
}

fn port_name(proto: u8, port: u16, numeric: bool) -> String {
    if numeric || !matches!(proto, 6 | 17) {
        return port.to_string();
    }
    service(proto, port)
        .map(str::to_string)
        .unwrap_or_else(|| port.to_string())
}

/// The server's address and port name, plus the detected service in
/// parentheses when the port name does not already say it.
fn server_cell(c: &Connection, numeric: bool) -> String {
    let rs = c.resp_side();
    let port = port_name(c.proto, rs.port, numeric);
    let s = side(rs.addr, port.clone());
    match c.service() {
        Some(svc) if !port_says(&port, svc.as_str()) => format!("{s} ({svc})"),
        _ => s,
    }
}

/// True when the IANA port name already names Zeek's service.
fn port_says(port: &str, svc: &str) -> bool {
    port == svc
        || matches!(
            (port, svc),
            ("domain" | "mdns" | "netbios-ns" | "llmnr", "dns")
                | ("https", "ssl")
                | ("bootps" | "bootpc", "dhcp")
                | ("kerberos", "krb" | "krb_tcp")
                | ("ldap", "ldap_tcp")
        )
}

fn side(addr: std::net::IpAddr, port: String) -> String {
    match addr {
        std::net::IpAddr::V4(a) => format!("{a}:{port}"),
        std::net::IpAddr::V6(a) => format!("[{a}]:{port}"),
    }
}

/// Bytes with a unit: "512 B", "12.3 kB", "4.5 MB", "1.2 GB".
pub fn human_bytes(n: u64) -> String {
    match n {
        0..=9_999 => format!("{n} B"),
        10_000..=9_999_999 => format!("{:.1} kB", n as f64 / 1e3),
        10_000_000..=9_999_999_999 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.1} GB", n as f64 / 1e9),
    }
}

fn state_cell(row: &ConnRow, client: bool) -> String {
    if row.conn.proto != 6 {
        return "-".into();
    }
    let s = if client {
        row.client_state
    } else {
        row.server_state
    };
    s.netstat_name().to_string()
}

/// A duration with its unit: µs below 1 ms (loopback handshakes take
/// tens of µs), ms below 1 s, else seconds.
pub fn human_secs(secs: f64) -> String {
    if !secs.is_finite() {
        return "-".into();
    }
    let a = secs.abs();
    if a == 0.0 {
        "0s".into()
    } else if a < 1e-3 {
        format!("{:.0}µs", secs * 1e6)
    } else if a < 1.0 {
        format!("{:.1}ms", secs * 1e3)
    } else {
        format!("{secs:.3}s")
    }
}

/// Seconds as ms rounded to the µs (JSON and CSV).
fn ms(secs: f64) -> f64 {
    (secs * 1e6).round() / 1e3
}

/// RTT in ms rounded to the µs (JSON and CSV).
fn rtt_ms(c: &Connection) -> Option<f64> {
    rtt(c).map(ms)
}

fn rtt(c: &Connection) -> Option<f64> {
    c.rtt.total().or(c.rtt.syn_to_synack())
}

/// ICMP "type/code" in place of ports: the client's message type and
/// code (Zeek keeps the code of one-way messages such as errors) and the
/// type the other side answers with (echo request 8 → reply 0).
fn icmp_cell(c: &Connection, client: bool) -> String {
    let (o, r) = (c.orig_side(), c.resp_side());
    match (client, c.one_way) {
        (true, true) => format!("{} {}/{}", o.addr, o.port, r.port),
        (true, false) => format!("{} {}", o.addr, o.port),
        (false, true) => r.addr.to_string(),
        (false, false) => format!("{} {}", r.addr, r.port),
    }
}

fn is_icmp(c: &Connection) -> bool {
    matches!(IpProto(c.proto), IpProto::ICMP | IpProto::ICMPV6)
}

/// The table's columns, most important kept longest when narrowing.
const TABLE_COLUMNS: [Column; 14] = [
    Column::left("START", 6),
    Column::left("PROTO", 3),
    Column::elastic("CLIENT", 9),
    Column::elastic("SERVER", 9),
    Column::left("CLIENT-STATE", 9),
    Column::left("SERVER-STATE", 9),
    Column::left("CONN", 4),
    Column::left("HISTORY", 1),
    Column::right("DURATION", 5),
    Column::right("BYTES C>S", 2),
    Column::right("BYTES S>C", 2),
    Column::right("PKTS C/S", 0),
    Column::right("RTT", 4),
    Column::elastic("PROBLEMS", 7),
];

fn table_cells(row: &ConnRow, o: &Options) -> Vec<String> {
    let c = &row.conn;
    let (ob, rb) = c.bytes_raw();
    let os = c.orig_side();
    let (client, server) = if is_icmp(c) {
        (icmp_cell(c, true), icmp_cell(c, false))
    } else {
        (side(os.addr, os.port.to_string()), server_cell(c, o.numeric))
    };
    let p = problems(c);
    vec![
        o.clock.show(c.start),
        c.proto_name().trim_end_matches("_transport").to_string(),
        client,
        server,
        state_cell(row, true),
        state_cell(row, false),
        c.conn_state().to_string(),
        if c.history().is_empty() { "-".into() } else { c.history().to_string() },
        human_secs(c.duration()),
        human_bytes(ob),
        human_bytes(rb),
        format!("{}/{}", c.orig().pkts, c.resp().pkts),
        rtt(c).map(human_secs).unwrap_or_else(|| "-".into()),
        if p.is_empty() { "-".into() } else { p.join(", ") },
    ]
}

/// The aligned table, fitted to `o.width` unless `o.wide`.
pub fn write_table<W: Write>(out: &mut W, rows: &[ConnRow], o: &Options) -> io::Result<()> {
    if let Some(t) = o.at {
        writeln!(out, "As of {}", o.clock.show(t))?;
    }
    let cells: Vec<Vec<String>> = rows.iter().map(|r| table_cells(r, o)).collect();
    let width = if o.wide { None } else { o.width };
    let dropped = term::write_table(out, &TABLE_COLUMNS, &cells, width)?;
    writeln!(
        out,
        "{} connection{}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )?;
    if let Some(n) = term::dropped_note(&dropped) {
        for l in term::wrap(&n, "", " ", o.width) {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}

/// One conn.log record as Zeek's JSON writer lays it out (fields in log
/// order, unset fields left out), then tcpsleuth's extras. Serialised
/// straight from borrowed values: no intermediate map per connection.
#[derive(Serialize)]
struct JsonRecord<'a> {
    ts: f64,
    uid: String,
    #[serde(rename = "id.orig_h")]
    orig_h: IpAddr,
    #[serde(rename = "id.orig_p")]
    orig_p: u16,
    #[serde(rename = "id.resp_h")]
    resp_h: IpAddr,
    #[serde(rename = "id.resp_p")]
    resp_p: u16,
    proto: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    service: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    orig_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resp_bytes: Option<u64>,
    conn_state: &'static str,
    missed_bytes: u64,
    #[serde(skip_serializing_if = "str::is_empty")]
    history: &'a str,
    orig_pkts: u64,
    orig_ip_bytes: u64,
    resp_pkts: u64,
    resp_ip_bytes: u64,
    community_id: String,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    tcp: Option<TcpExtras>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    icmp_errors: Vec<IcmpJson>,
    problems: Vec<String>,
}

/// Extras only TCP connections have.
#[derive(Serialize)]
struct TcpExtras {
    orig_tcp_state: &'static str,
    resp_tcp_state: &'static str,
    rtt_ms: Option<f64>,
    syn_synack_ms: Option<f64>,
    synack_ack_ms: Option<f64>,
    retransmissions: u64,
    orig_analysis: AnalysisJson,
    resp_analysis: AnalysisJson,
    orig_syn: Option<SynJson>,
    resp_syn: Option<SynJson>,
}

/// Non-zero `tcp.analysis` counts of one direction, by flag name.
struct AnalysisJson(Vec<(&'static str, u32)>);

impl Serialize for AnalysisJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct SynJson {
    frame: u64,
    isn: u32,
    window: u16,
    mss: Option<u16>,
    wscale: Option<u8>,
    sack_permitted: bool,
    timestamps: bool,
    ttl: u8,
}

#[derive(Serialize)]
struct IcmpJson {
    frame: u64,
    #[serde(rename = "type")]
    kind: u8,
    code: u8,
    from: IpAddr,
    what: &'static str,
}

fn analysis_json(c: &Connection, orig: bool) -> AnalysisJson {
    let a = if orig { c.orig().analysis() } else { c.resp().analysis() };
    AnalysisJson(
        AnalysisFlags::NAMES
            .iter()
            .map(|&(bit, name)| (name, a.get(bit)))
            .filter(|&(_, n)| n > 0)
            .collect(),
    )
}

fn syn_json(c: &Connection, orig: bool) -> Option<SynJson> {
    let ep = if orig { c.orig() } else { c.resp() };
    ep.syn.map(|s| SynJson {
        frame: s.frame,
        isn: s.isn,
        window: s.window,
        mss: s.mss,
        wscale: s.wscale,
        sack_permitted: s.sack_permitted,
        timestamps: s.timestamps,
        ttl: s.ttl,
    })
}

fn json_record(row: &ConnRow) -> JsonRecord<'_> {
    let c = &row.conn;
    let (o, r) = (c.orig_side(), c.resp_side());
    let sizes = c.bytes();
    let tcp = (c.proto == 6).then(|| {
        let (a, b) = c.retransmissions();
        TcpExtras {
            orig_tcp_state: row.client_state.netstat_name(),
            resp_tcp_state: row.server_state.netstat_name(),
            rtt_ms: rtt_ms(c),
            syn_synack_ms: c.rtt.syn_to_synack().map(ms),
            synack_ack_ms: c.rtt.synack_to_ack().map(ms),
            retransmissions: u64::from(a) + u64::from(b),
            orig_analysis: analysis_json(c, true),
            resp_analysis: analysis_json(c, false),
            orig_syn: syn_json(c, true),
            resp_syn: syn_json(c, false),
        }
    });
    JsonRecord {
        // The double nearest the microsecond decimal Zeek's TSV shows.
        ts: ts(c.start).parse().unwrap_or(f64::NAN),
        uid: c.uid(),
        orig_h: o.addr,
        orig_p: o.port,
        resp_h: r.addr,
        resp_p: r.port,
        proto: c.proto_name(),
        service: c.service().map(|s| s.as_str()),
        duration: sizes.and_then(|_| format!("{:.6}", c.duration()).parse().ok()),
        orig_bytes: sizes.map(|(a, _)| a),
        resp_bytes: sizes.map(|(_, b)| b),
        conn_state: c.conn_state(),
        missed_bytes: c.missed_bytes(),
        history: c.history(),
        orig_pkts: c.orig().pkts,
        orig_ip_bytes: c.orig().ip_bytes,
        resp_pkts: c.resp().pkts,
        resp_ip_bytes: c.resp().ip_bytes,
        community_id: c.community_id(),
        tcp,
        icmp_errors: c
            .icmp_errors
            .iter()
            .map(|e| IcmpJson { frame: e.frame, kind: e.kind, code: e.code, from: e.from, what: e.describe() })
            .collect(),
        problems: problems(c),
    }
}

/// One connection as a JSON line.
pub fn write_json_row<W: Write>(out: &mut W, row: &ConnRow) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &json_record(row))?;
    out.write_all(b"\n")
}

/// One JSON object per line.
pub fn write_json<W: Write>(out: &mut W, rows: &[ConnRow], _o: &Options) -> io::Result<()> {
    for row in rows {
        write_json_row(out, row)?;
    }
    Ok(())
}

/// One CSV cell, quoted when it holds a comma, quote or line break (RFC 4180).
pub(crate) fn csv_cell(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// The CSV header line: Zeek's columns plus states, RTT and problems.
pub fn write_csv_header<W: Write>(out: &mut W) -> io::Result<()> {
    let mut head: Vec<&str> = ZEEK_FIELDS.iter().map(|f| f.0).collect();
    head.extend([
        "orig_tcp_state",
        "resp_tcp_state",
        "rtt_ms",
        "retransmissions",
        "problems",
    ]);
    writeln!(out, "{}", head.join(","))
}

/// One connection as a CSV line.
pub fn write_csv_row<W: Write>(out: &mut W, row: &ConnRow) -> io::Result<()> {
    let c = &row.conn;
    let mut v = zeek_values(c);
    let tcp = c.proto == 6;
    v.push(if tcp { row.client_state.netstat_name().into() } else { "-".into() });
    v.push(if tcp { row.server_state.netstat_name().into() } else { "-".into() });
    v.push(rtt_ms(c).map(|x| format!("{x:.3}")).unwrap_or_else(|| "-".into()));
    let (a, b) = c.retransmissions();
    v.push((u64::from(a) + u64::from(b)).to_string());
    v.push(problems(c).join("; "));
    let line: Vec<String> = v.iter().map(|x| csv_cell(x)).collect();
    writeln!(out, "{}", line.join(","))
}

/// CSV with a header line.
pub fn write_csv<W: Write>(out: &mut W, rows: &[ConnRow], _o: &Options) -> io::Result<()> {
    write_csv_header(out)?;
    for row in rows {
        write_csv_row(out, row)?;
    }
    Ok(())
}

/// Zeek's `#open` / `#close` stamp.
fn zeek_stamp(t: Timestamp) -> String {
    let (y, mo, d, h, mi, s) = t.to_utc();
    format!("{y:04}-{mo:02}-{d:02}-{h:02}-{mi:02}-{s:02}")
}

/// The conn.log header lines; `open` is the log's start (first packet).
pub fn write_zeek_header<W: Write>(out: &mut W, open: Timestamp) -> io::Result<()> {
    writeln!(out, "#separator \\x09")?;
    writeln!(out, "#set_separator\t,")?;
    writeln!(out, "#empty_field\t(empty)")?;
    writeln!(out, "#unset_field\t-")?;
    writeln!(out, "#path\tconn")?;
    writeln!(out, "#open\t{}", zeek_stamp(open))?;
    let names: Vec<&str> = ZEEK_FIELDS.iter().map(|f| f.0).collect();
    let types: Vec<&str> = ZEEK_FIELDS.iter().map(|f| f.1).collect();
    writeln!(out, "#fields\t{}", names.join("\t"))?;
    writeln!(out, "#types\t{}", types.join("\t"))
}

/// One conn.log line.
pub fn write_zeek_row<W: Write>(out: &mut W, row: &ConnRow) -> io::Result<()> {
    writeln!(out, "{}", zeek_values(&row.conn).join("\t"))
}

/// The conn.log trailer; `close` is the log's end (last packet).
pub fn write_zeek_footer<W: Write>(out: &mut W, close: Timestamp) -> io::Result<()> {
    writeln!(out, "#close\t{}", zeek_stamp(close))
}

/// A Zeek conn.log.
pub fn write_zeek<W: Write>(out: &mut W, rows: &[ConnRow], _o: &Options) -> io::Result<()> {
    let first = rows.iter().map(|r| r.conn.start).min().unwrap_or_default();
    let last = rows.iter().map(|r| r.conn.last_packet).max().unwrap_or_default();
    write_zeek_header(out, first)?;
    for row in rows {
        write_zeek_row(out, row)?;
    }
    write_zeek_footer(out, last)
}
