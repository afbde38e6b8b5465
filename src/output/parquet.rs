//! Columnar output: `--format parquet -o FILE` for conns, diagnose findings,
//! scans, services and a per-packet summary, so query engines (DuckDB,
//! Spark, Trino, pandas) read the results without parsing JSON.
//!
//! Each table is declared once as a list of [`Column`]s whose names are the
//! keys of the same command's JSON lines (Zeek's names: `ts`, `uid`,
//! `id.orig_h` …), and rows are taken from those JSON values: the Parquet
//! output can never drift from the JSON one. Every column is OPTIONAL (a
//! JSON key left out is NULL); nested JSON (lists, objects) is kept as JSON
//! text. Rows are written in row groups of [`ROW_GROUP`], so memory stays
//! bounded on streamed output. Snappy-compressed.
//!
//! The `parquet` crate is behind the cargo feature `parquet` (it adds about
//! two minutes of release compile time); without it `create` says how to
//! build with it.

use crate::wire::summary::{TcpFlags, Transport};
use crate::wire::Summary;
use serde_json::Value;
use std::io;
use std::path::Path;

/// Rows per row group (memory per open writer: this many rows' values).
pub const ROW_GROUP: usize = 65_536;

/// The Parquet type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// INT64.
    Int,
    /// DOUBLE (times are epoch seconds, as in Zeek's JSON logs).
    Float,
    /// BYTE_ARRAY, UTF8 string.
    Str,
    /// BOOLEAN.
    Bool,
    /// BYTE_ARRAY, UTF8: a JSON list or object as JSON text.
    Json,
}

/// One column: its name (= the JSON key) and type.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column { name, kind }
}

use Kind::{Bool, Float, Int, Json, Str};

/// `conns`: Zeek's conn.log fields, then tcpsleuth's TCP extras.
const CONNS_COLUMNS: &[Column] = &[
    col("ts", Float), col("uid", Str), col("id.orig_h", Str), col("id.orig_p", Int),
    col("id.resp_h", Str), col("id.resp_p", Int), col("proto", Str), col("service", Str),
    col("duration", Float), col("orig_bytes", Int), col("resp_bytes", Int), col("conn_state", Str),
    col("missed_bytes", Int), col("history", Str), col("orig_pkts", Int), col("orig_ip_bytes", Int),
    col("resp_pkts", Int), col("resp_ip_bytes", Int), col("community_id", Str),
    col("orig_tcp_state", Str), col("resp_tcp_state", Str), col("rtt_ms", Float),
    col("syn_synack_ms", Float), col("synack_ack_ms", Float), col("retransmissions", Int),
    col("orig_analysis", Json), col("resp_analysis", Json), col("orig_syn", Json), col("resp_syn", Json),
    col("icmp_errors", Json), col("problems", Json),
];

/// `diagnose`: one row per finding.
const FINDINGS_COLUMNS: &[Column] = &[
    col("ts", Float), col("label", Str), col("severity", Str), col("summary", Str),
    col("client", Str), col("client_port", Int), col("server", Str), col("server_port", Int),
    col("proto", Str), col("attempts", Int), col("client_ports", Json), col("vantage", Str),
    col("conn_state", Str), col("history", Str), col("client_state", Str), col("server_state", Str),
    col("explanation", Str), col("likely_cause", Str), col("next_check", Str),
    col("figures", Json), col("evidence", Json),
];

/// `scans`: one row per scan, SYN flood or ICMP surge (`finding` names the
/// family; `json` holds the whole finding as its JSON line has it).
const SCANS_COLUMNS: &[Column] = &[
    col("finding", Str), col("start", Float), col("end", Float), col("detected_at", Float),
    col("scanner", Str), col("proto", Str), col("technique", Str), col("kind", Str),
    col("summary", Str), col("probes", Int), col("ports_probed", Str), col("ports_probed_count", Int),
    col("targets_total", Int), col("targets", Json), col("open", Json), col("closed", Json),
    col("filtered", Json), col("open_services", Json), col("rate_pps", Float),
    col("target", Str), col("port", Int), col("sources", Int), col("syns", Int), col("half_open", Int),
    col("receiver", Str), col("messages", Int), col("senders", Int),
    col("evidence", Json), col("json", Str),
];

/// `services`: one row per (server, service).
const SERVICES_COLUMNS: &[Column] = &[
    col("server", Str), col("answers_every_port", Bool), col("proto", Str), col("port", Int),
    col("name", Str), col("seen_by", Str), col("clients", Int), col("clients_capped", Bool),
    col("bytes_to_server", Int), col("bytes_from_server", Int), col("packets", Int),
    col("first_seen", Float), col("last_seen", Float), col("found_by_scan", Bool), col("evidence_frame", Int),
];

/// `packets`: one row per IP packet (fragments reassembled), with the
/// connection it belongs to; ICMP rows carry type and code in sport/dport,
/// as Zeek's conn.log does.
const PACKETS_COLUMNS: &[Column] = &[
    col("frame", Int), col("ts", Float), col("src", Str), col("dst", Str),
    col("sport", Int), col("dport", Int), col("proto", Str), col("tcp_flags", Str),
    col("wire_len", Int), col("ip_len", Int), col("payload_len", Int), col("ttl", Int), col("uid", Str),
];

/// A table: its columns, and how one JSON line of the command becomes rows.
#[derive(Clone, Copy)]
pub struct Table {
    pub columns: &'static [Column],
    pub rows: fn(Value) -> Vec<Value>,
}

fn one(v: Value) -> Vec<Value> {
    vec![v]
}

/// Scans and floods, not the closing stats line; `json` = the whole finding.
fn scan_rows(mut v: Value) -> Vec<Value> {
    if v.get("finding").and_then(Value::as_str) == Some("stats") {
        return Vec::new();
    }
    let text = v.to_string();
    if let Some(o) = v.as_object_mut() {
        o.insert("json".into(), Value::String(text));
    }
    vec![v]
}

/// One row per service of a server, with the server's own fields.
fn service_rows(v: Value) -> Vec<Value> {
    let list = v.get("services").and_then(Value::as_array).cloned().unwrap_or_default();
    list.into_iter()
        .map(|mut svc| {
            if let Some(o) = svc.as_object_mut() {
                o.insert("server".into(), v.get("server").cloned().unwrap_or(Value::Null));
                o.insert("answers_every_port".into(), v.get("answers_every_port").cloned().unwrap_or(Value::Null));
            }
            svc
        })
        .collect()
}

/// `conns --format parquet`.
pub const CONNS: Table = Table { columns: CONNS_COLUMNS, rows: one };
/// `diagnose --format parquet`.
pub const FINDINGS: Table = Table { columns: FINDINGS_COLUMNS, rows: one };
/// `scans --format parquet`.
pub const SCANS: Table = Table { columns: SCANS_COLUMNS, rows: scan_rows };
/// `services --format parquet`.
pub const SERVICES: Table = Table { columns: SERVICES_COLUMNS, rows: service_rows };
/// `packets --format parquet`.
pub const PACKETS: Table = Table { columns: PACKETS_COLUMNS, rows: one };

/// The message users see when the binary was built without the feature.
pub const NOT_BUILT: &str =
    "this tcpsleuth was built without Parquet support: build it with `cargo build --release --features parquet`";

/// A Parquet file being written, one row at a time.
pub struct ParquetWriter {
    #[cfg(feature = "parquet")]
    inner: imp::Writer,
    to_rows: fn(Value) -> Vec<Value>,
    rows: u64,
}

impl ParquetWriter {
    /// Creates `path` for `table`.
    pub fn create(path: &Path, table: Table) -> io::Result<ParquetWriter> {
        #[cfg(feature = "parquet")]
        {
            Ok(ParquetWriter { inner: imp::Writer::create(path, table.columns)?, to_rows: table.rows, rows: 0 })
        }
        #[cfg(not(feature = "parquet"))]
        {
            let _ = (path, table);
            Err(io::Error::new(io::ErrorKind::Unsupported, NOT_BUILT))
        }
    }

    /// Appends one row: each column takes the value of its key in `row`.
    pub fn push(&mut self, row: &Value) -> io::Result<()> {
        self.rows += 1;
        #[cfg(feature = "parquet")]
        self.inner.push(row)?;
        #[cfg(not(feature = "parquet"))]
        let _ = row;
        Ok(())
    }

    /// Appends one row per JSON line of `text` (a printer's JSON output).
    pub fn push_json_lines(&mut self, text: &[u8]) -> io::Result<()> {
        for line in text.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let v: Value = serde_json::from_slice(line).map_err(io::Error::other)?;
            for row in (self.to_rows)(v) {
                self.push(&row)?;
            }
        }
        Ok(())
    }

    /// Writes the last row group and the footer; returns the rows written.
    pub fn finish(self) -> io::Result<u64> {
        #[cfg(feature = "parquet")]
        self.inner.finish()?;
        Ok(self.rows)
    }
}

#[cfg(feature = "parquet")]
mod imp {
    use super::{Column, Kind, ROW_GROUP};
    use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
    use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::types::Type;
    use serde_json::Value;
    use std::fs::File;
    use std::io;
    use std::path::Path;
    use std::sync::Arc;

    /// One column's buffered values and definition levels (1 = present).
    enum Values {
        Int(Vec<i64>),
        Float(Vec<f64>),
        Bytes(Vec<ByteArray>),
        Bool(Vec<bool>),
    }

    pub(super) struct Writer {
        file: SerializedFileWriter<File>,
        columns: &'static [Column],
        values: Vec<Values>,
        defs: Vec<Vec<i16>>,
        pending: usize,
    }

    fn err(e: parquet::errors::ParquetError) -> io::Error {
        io::Error::other(e)
    }

    fn schema(columns: &[Column]) -> parquet::errors::Result<Type> {
        let mut fields = Vec::with_capacity(columns.len());
        for c in columns {
            let (physical, logical) = match c.kind {
                Kind::Int => (Physical::INT64, None),
                Kind::Float => (Physical::DOUBLE, None),
                Kind::Bool => (Physical::BOOLEAN, None),
                Kind::Str | Kind::Json => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
            };
            let t = Type::primitive_type_builder(c.name, physical)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(logical)
                .build()?;
            fields.push(Arc::new(t));
        }
        Type::group_type_builder("schema").with_fields(fields).build()
    }

    fn empty(kind: Kind) -> Values {
        match kind {
            Kind::Int => Values::Int(Vec::new()),
            Kind::Float => Values::Float(Vec::new()),
            Kind::Bool => Values::Bool(Vec::new()),
            Kind::Str | Kind::Json => Values::Bytes(Vec::new()),
        }
    }

    impl Writer {
        pub(super) fn create(path: &Path, columns: &'static [Column]) -> io::Result<Writer> {
            let file = File::create(path)?;
            let props = WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by(format!("tcpsleuth {}", env!("CARGO_PKG_VERSION")))
                .build();
            let file = SerializedFileWriter::new(file, Arc::new(schema(columns).map_err(err)?), Arc::new(props))
                .map_err(err)?;
            Ok(Writer {
                file,
                columns,
                values: columns.iter().map(|c| empty(c.kind)).collect(),
                defs: vec![Vec::new(); columns.len()],
                pending: 0,
            })
        }

        pub(super) fn push(&mut self, row: &Value) -> io::Result<()> {
            for (i, c) in self.columns.iter().enumerate() {
                let v = row.get(c.name).filter(|v| !v.is_null());
                let present = match (&mut self.values[i], v) {
                    (Values::Int(out), Some(v)) => v.as_i64().or_else(|| v.as_u64().map(|u| u.min(i64::MAX as u64) as i64)).map(|x| out.push(x)),
                    (Values::Float(out), Some(v)) => v.as_f64().map(|x| out.push(x)),
                    (Values::Bool(out), Some(v)) => v.as_bool().map(|x| out.push(x)),
                    (Values::Bytes(out), Some(v)) => {
                        let text = match (c.kind, v) {
                            (Kind::Str, Value::String(s)) => s.clone(),
                            _ => v.to_string(),
                        };
                        out.push(ByteArray::from(text.into_bytes()));
                        Some(())
                    }
                    (_, None) => None,
                };
                self.defs[i].push(i16::from(present.is_some()));
            }
            self.pending += 1;
            if self.pending >= ROW_GROUP {
                self.flush()?;
            }
            Ok(())
        }

        /// Writes the buffered rows as one row group.
        fn flush(&mut self) -> io::Result<()> {
            if self.pending == 0 {
                return Ok(());
            }
            let mut rg = self.file.next_row_group().map_err(err)?;
            let mut i = 0;
            while let Some(mut cw) = rg.next_column().map_err(err)? {
                let (Some(values), Some(defs)) = (self.values.get_mut(i), self.defs.get_mut(i)) else {
                    return Err(io::Error::other("parquet schema and buffers disagree"));
                };
                let d = Some(defs.as_slice());
                match values {
                    Values::Int(v) => cw.typed::<Int64Type>().write_batch(v, d, None),
                    Values::Float(v) => cw.typed::<DoubleType>().write_batch(v, d, None),
                    Values::Bool(v) => cw.typed::<BoolType>().write_batch(v, d, None),
                    Values::Bytes(v) => cw.typed::<ByteArrayType>().write_batch(v, d, None),
                }
                .map_err(err)?;
                cw.close().map_err(err)?;
                *values = empty(self.columns[i].kind);
                defs.clear();
                i += 1;
            }
            rg.close().map_err(err)?;
            self.pending = 0;
            Ok(())
        }

        pub(super) fn finish(mut self) -> io::Result<()> {
            self.flush()?;
            self.file.close().map_err(err)?;
            Ok(())
        }
    }
}

/// tcpdump's flag letters, in its order.
const FLAG_LETTERS: [(u16, char); 9] = [
    (TcpFlags::FIN, 'F'), (TcpFlags::SYN, 'S'), (TcpFlags::RST, 'R'), (TcpFlags::PSH, 'P'), (TcpFlags::ACK, '.'),
    (TcpFlags::URG, 'U'), (TcpFlags::ECE, 'E'), (TcpFlags::CWR, 'W'), (TcpFlags::AE, 'e'),
];

/// One row of the `packets` table; `uid` is the connection's (as `conns` names it).
pub fn packet_row(s: &Summary, uid: Option<String>) -> Value {
    let (sport, dport, proto, flags, payload) = match &s.transport {
        Transport::Tcp(t) => {
            let f: String = FLAG_LETTERS.iter().filter(|(b, _)| t.flags.has(*b)).map(|(_, c)| *c).collect();
            (Some(t.sport), Some(t.dport), "tcp", Some(f), Some(t.payload_len))
        }
        Transport::Udp(u) => (Some(u.sport), Some(u.dport), "udp", None, Some(u.payload_len)),
        Transport::Icmp(i) => (Some(u16::from(i.kind)), Some(u16::from(i.code)), "icmp", None, None),
        Transport::Other { payload_len, .. } => (None, None, "other", None, Some(*payload_len)),
    };
    serde_json::json!({
        "frame": s.frame, "ts": s.ts.as_secs_f64(), "src": s.src.to_string(), "dst": s.dst.to_string(),
        "sport": sport, "dport": dport, "proto": proto, "tcp_flags": flags, "wire_len": s.wire_len,
        "ip_len": s.ip_len, "payload_len": payload, "ttl": s.ttl, "uid": uid,
    })
}

/// Where a command's output goes: standard output, a file (`-o FILE`), or a
/// Parquet file fed the JSON lines a printer writes (`--format parquet -o FILE`).
pub enum Sink {
    Stdout(io::StdoutLock<'static>),
    File(std::fs::File),
    Parquet(JsonLinesToParquet),
}

impl Sink {
    /// Standard output, or `path` when given; with `table`, `path` becomes
    /// that Parquet table (a path is then required).
    pub fn open(path: Option<&Path>, table: Option<Table>) -> io::Result<Sink> {
        match (path, table) {
            (Some(p), Some(cols)) => Ok(Sink::Parquet(JsonLinesToParquet::new(ParquetWriter::create(p, cols)?))),
            (None, Some(_)) => Err(io::Error::new(io::ErrorKind::InvalidInput, "--format parquet needs -o FILE")),
            (Some(p), None) => Ok(Sink::File(std::fs::File::create(p)?)),
            (None, None) => Ok(Sink::Stdout(io::stdout().lock())),
        }
    }

    /// Ends the output (the Parquet footer); returns the rows of a Parquet table.
    pub fn finish(self) -> io::Result<Option<u64>> {
        match self {
            Sink::Parquet(p) => p.finish().map(Some),
            Sink::Stdout(mut s) => s.flush().map(|_| None),
            Sink::File(mut f) => f.flush().map(|_| None),
        }
    }
}

use std::io::Write;

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(s) => s.write(buf),
            Sink::File(f) => f.write(buf),
            Sink::Parquet(p) => p.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(s) => s.flush(),
            Sink::File(f) => f.flush(),
            Sink::Parquet(_) => Ok(()),
        }
    }
}

/// A writer that turns each complete JSON line written to it into a Parquet row.
pub struct JsonLinesToParquet {
    table: ParquetWriter,
    partial: Vec<u8>,
}

impl JsonLinesToParquet {
    /// Rows go to `table`.
    pub fn new(table: ParquetWriter) -> Self {
        JsonLinesToParquet { table, partial: Vec::new() }
    }

    /// Takes the rest (a last line without newline) and closes the table.
    pub fn finish(mut self) -> io::Result<u64> {
        let rest = std::mem::take(&mut self.partial);
        self.table.push_json_lines(&rest)?;
        self.table.finish()
    }
}

impl Write for JsonLinesToParquet {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.partial.extend_from_slice(buf);
        if let Some(end) = self.partial.iter().rposition(|&b| b == b'\n') {
            let rest = self.partial.split_off(end + 1);
            let lines = std::mem::replace(&mut self.partial, rest);
            self.table.push_json_lines(&lines)?;
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
