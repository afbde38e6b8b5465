//! Printers for the connection table: aligned text, JSON lines (Zeek field
//! names plus extras), CSV, and a Zeek conn.log. They only format.

use crate::flow::{AnalysisFlags, Connection, TcpState};
use crate::names::services::service;
use crate::time::Timestamp;
use serde_json::{json, Map, Value};
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
        "-".into(),
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

fn side(addr: std::net::IpAddr, port: String) -> String {
    match addr {
        std::net::IpAddr::V4(a) => format!("{a}:{port}"),
        std::net::IpAddr::V6(a) => format!("[{a}]:{port}"),
    }
}

fn human_bytes(n: u64) -> String {
    match n {
        0..=9_999 => n.to_string(),
        10_000..=9_999_999 => format!("{:.1}k", n as f64 / 1e3),
        _ => format!("{:.1}M", n as f64 / 1e6),
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

fn ms(secs: f64) -> f64 {
    (secs * 1e6).round() / 1e3
}

fn rtt_ms(c: &Connection) -> Option<f64> {
    c.rtt.total().or(c.rtt.syn_to_synack()).map(ms)
}

/// The aligned table.
pub fn write_table<W: Write>(out: &mut W, rows: &[ConnRow], o: &Options) -> io::Result<()> {
    if let Some(t) = o.at {
        writeln!(out, "As of {t}")?;
    }
    let header = [
        "PROTO",
        "CLIENT",
        "SERVER",
        "CLIENT-STATE",
        "SERVER-STATE",
        "CONN",
        "HISTORY",
        "DURATION",
        "BYTES C>S",
        "BYTES S>C",
        "PKTS",
        "RTT",
        "PROBLEMS",
    ];
    let mut cells: Vec<Vec<String>> = Vec::with_capacity(rows.len());
    for row in rows {
        let c = &row.conn;
        let (ob, rb) = c.bytes_raw();
        let (os, rs) = (c.orig_side(), c.resp_side());
        cells.push(vec![
            c.proto_name().trim_end_matches("_transport").to_string(),
            side(os.addr, os.port.to_string()),
            side(rs.addr, port_name(c.proto, rs.port, o.numeric)),
            state_cell(row, true),
            state_cell(row, false),
            c.conn_state().to_string(),
            if c.history().is_empty() {
                "-".into()
            } else {
                c.history().to_string()
            },
            format!("{:.3}", c.duration()),
            human_bytes(ob),
            human_bytes(rb),
            format!("{}/{}", c.orig().pkts, c.resp().pkts),
            rtt_ms(c)
                .map(|x| format!("{x:.1}ms"))
                .unwrap_or_else(|| "-".into()),
            {
                let p = problems(c);
                if p.is_empty() {
                    "-".into()
                } else {
                    p.join(", ")
                }
            },
        ]);
    }
    let mut width: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for r in &cells {
        for (i, v) in r.iter().enumerate() {
            width[i] = width[i].max(v.len());
        }
    }
    let last = header.len() - 1;
    let line = |out: &mut W, vals: &[&str]| -> io::Result<()> {
        for (i, v) in vals.iter().enumerate() {
            if i == last {
                writeln!(out, "{v}")?;
            } else {
                write!(out, "{v:<w$}  ", w = width[i])?;
            }
        }
        Ok(())
    };
    line(out, &header)?;
    for r in &cells {
        let v: Vec<&str> = r.iter().map(String::as_str).collect();
        line(out, &v)?;
    }
    writeln!(
        out,
        "{} connection{}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}

fn analysis_obj(c: &Connection, orig: bool) -> Value {
    let a = if orig {
        c.orig().analysis()
    } else {
        c.resp().analysis()
    };
    let mut m = Map::new();
    for (bit, name) in AnalysisFlags::NAMES {
        let n = a.get(bit);
        if n > 0 {
            m.insert(name.to_string(), json!(n));
        }
    }
    Value::Object(m)
}

fn syn_obj(c: &Connection, orig: bool) -> Value {
    let ep = if orig { c.orig() } else { c.resp() };
    match ep.syn {
        Some(s) => json!({
            "frame": s.frame, "isn": s.isn, "window": s.window, "mss": s.mss, "wscale": s.wscale,
            "sack_permitted": s.sack_permitted, "timestamps": s.timestamps, "ttl": s.ttl,
        }),
        None => Value::Null,
    }
}

/// One JSON object per line.
pub fn write_json<W: Write>(out: &mut W, rows: &[ConnRow], _o: &Options) -> io::Result<()> {
    for row in rows {
        let c = &row.conn;
        let mut m = Map::new();
        for ((name, ty), v) in ZEEK_FIELDS.iter().zip(zeek_values(c)) {
            if v == "-" {
                continue;
            }
            let val = match *ty {
                "time" | "interval" => v
                    .parse::<f64>()
                    .map(|x| json!(x))
                    .unwrap_or(Value::String(v)),
                "port" | "count" => v
                    .parse::<u64>()
                    .map(|x| json!(x))
                    .unwrap_or(Value::String(v)),
                _ => Value::String(v),
            };
            m.insert(name.to_string(), val);
        }
        if c.proto == 6 {
            m.insert(
                "orig_tcp_state".into(),
                json!(row.client_state.netstat_name()),
            );
            m.insert(
                "resp_tcp_state".into(),
                json!(row.server_state.netstat_name()),
            );
            m.insert("rtt_ms".into(), json!(rtt_ms(c)));
            m.insert("syn_synack_ms".into(), json!(c.rtt.syn_to_synack().map(ms)));
            m.insert("synack_ack_ms".into(), json!(c.rtt.synack_to_ack().map(ms)));
            let (a, b) = c.retransmissions();
            m.insert("retransmissions".into(), json!(a + b));
            m.insert("orig_analysis".into(), analysis_obj(c, true));
            m.insert("resp_analysis".into(), analysis_obj(c, false));
            m.insert("orig_syn".into(), syn_obj(c, true));
            m.insert("resp_syn".into(), syn_obj(c, false));
        }
        if c.icmp_error_count > 0 {
            let errs: Vec<Value> = c
                .icmp_errors
                .iter()
                .map(|e| json!({"frame": e.frame, "type": e.kind, "code": e.code, "from": e.from.to_string(), "what": e.describe()}))
                .collect();
            m.insert("icmp_errors".into(), Value::Array(errs));
        }
        m.insert("problems".into(), json!(problems(c)));
        writeln!(out, "{}", Value::Object(m))?;
    }
    Ok(())
}

fn csv_cell(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// CSV with a header line: Zeek's columns plus states, RTT and problems.
pub fn write_csv<W: Write>(out: &mut W, rows: &[ConnRow], _o: &Options) -> io::Result<()> {
    let mut head: Vec<&str> = ZEEK_FIELDS.iter().map(|f| f.0).collect();
    head.extend([
        "orig_tcp_state",
        "resp_tcp_state",
        "rtt_ms",
        "retransmissions",
        "problems",
    ]);
    writeln!(out, "{}", head.join(","))?;
    for row in rows {
        let c = &row.conn;
        let mut v = zeek_values(c);
        let tcp = c.proto == 6;
        v.push(if tcp {
            row.client_state.netstat_name().into()
        } else {
            "-".into()
        });
        v.push(if tcp {
            row.server_state.netstat_name().into()
        } else {
            "-".into()
        });
        v.push(
            rtt_ms(c)
                .map(|x| format!("{x:.3}"))
                .unwrap_or_else(|| "-".into()),
        );
        let (a, b) = c.retransmissions();
        v.push((a + b).to_string());
        v.push(problems(c).join("; "));
        let line: Vec<String> = v.iter().map(|x| csv_cell(x)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    Ok(())
}

/// A Zeek conn.log.
pub fn write_zeek<W: Write>(out: &mut W, rows: &[ConnRow], _o: &Options) -> io::Result<()> {
    let stamp = |t: Timestamp| {
        let (y, mo, d, h, mi, s) = t.to_utc();
        format!("{y:04}-{mo:02}-{d:02}-{h:02}-{mi:02}-{s:02}")
    };
    let first = rows.iter().map(|r| r.conn.start).min().unwrap_or_default();
    let last = rows
        .iter()
        .map(|r| r.conn.last_packet)
        .max()
        .unwrap_or_default();
    writeln!(out, "#separator \\x09")?;
    writeln!(out, "#set_separator\t,")?;
    writeln!(out, "#empty_field\t(empty)")?;
    writeln!(out, "#unset_field\t-")?;
    writeln!(out, "#path\tconn")?;
    writeln!(out, "#open\t{}", stamp(first))?;
    let names: Vec<&str> = ZEEK_FIELDS.iter().map(|f| f.0).collect();
    let types: Vec<&str> = ZEEK_FIELDS.iter().map(|f| f.1).collect();
    writeln!(out, "#fields\t{}", names.join("\t"))?;
    writeln!(out, "#types\t{}", types.join("\t"))?;
    for row in rows {
        writeln!(out, "{}", zeek_values(&row.conn).join("\t"))?;
    }
    writeln!(out, "#close\t{}", stamp(last))?;
    Ok(())
}
