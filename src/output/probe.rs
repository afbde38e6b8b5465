//! Printers of `probe`: one verdict line per port, its explanation, and the
//! captured packets that prove it in tcpdump's format; or one JSON document.

use crate::analysis::probe::Verdict;
use crate::capture::Frame;
use crate::output::tcpdump::{TcpdumpOptions, TcpdumpPrinter};
use crate::time::Timestamp;
use crate::wire::summary::Summary;
use serde_json::{json, Value};
use std::io::{self, Write};

/// A captured frame kept for the evidence (copied out of the capture ring).
#[derive(Clone, Debug)]
pub struct Kept {
    pub ts: Timestamp,
    pub link_type: u32,
    pub orig_len: u32,
    pub data: Vec<u8>,
    pub summaries: Vec<Summary>,
}

/// The tcpdump -nn line of each evidence frame, in order.
fn evidence_lines(v: &Verdict, kept: &[Kept]) -> Vec<String> {
    let mut printer = TcpdumpPrinter::new(TcpdumpOptions::default());
    let mut idx = v.evidence.clone();
    idx.dedup();
    idx.iter()
        .filter_map(|&i| kept.get(i))
        .map(|k| {
            let frame = Frame {
                number: 0,
                source: 0,
                offset: 0,
                ts: k.ts,
                link_type: k.link_type,
                caplen: k.data.len() as u32,
                orig_len: k.orig_len,
                snaplen: 0,
                data: &k.data,
                raw_fraction: None,
            };
            let mut buf = Vec::new();
            let _ = printer.print(&mut buf, &frame);
            String::from_utf8_lossy(&buf).trim_end().to_string()
        })
        .collect()
}

/// The text report.
pub fn write_text<W: Write>(out: &mut W, verdicts: &[Verdict], kept: &[Kept], notes: &[String]) -> io::Result<()> {
    for n in notes {
        writeln!(out, "note: {n}")?;
    }
    for v in verdicts {
        writeln!(out, "{:<24} {:<9} {}", format!("{}/tcp", v.target), v.kind.name(), v.explanation)?;
        for n in &v.notes {
            writeln!(out, "    note: {n}")?;
        }
        for l in evidence_lines(v, kept) {
            writeln!(out, "    {l}")?;
        }
    }
    let open = verdicts.iter().filter(|v| v.kind.name() == "open").count();
    writeln!(out, "{} port(s): {open} open, {} not", verdicts.len(), verdicts.len() - open)
}

/// One verdict as JSON.
pub fn verdict_json(v: &Verdict, kept: &[Kept]) -> Value {
    let mut j = json!({
        "host": v.target.ip().to_string(),
        "port": v.target.port(),
        "proto": "tcp",
        "verdict": v.kind.name(),
        "syns": v.syns,
        "explanation": v.explanation,
        "notes": v.notes,
        "packets": evidence_lines(v, kept),
    });
    if let Some(t) = v.reply_ttl {
        j["ttl"] = json!(t);
    }
    if let Some(r) = v.rtt_ms {
        j["rtt_ms"] = json!(r);
    }
    if let Some(i) = &v.icmp {
        j["icmp"] = json!({"from": i.from.to_string(), "type": i.kind, "code": i.code, "name": i.name, "v6": i.v6});
    }
    j
}

/// The JSON report.
pub fn write_json<W: Write>(out: &mut W, verdicts: &[Verdict], kept: &[Kept], notes: &[String], ifaces: &[String]) -> io::Result<()> {
    let doc = json!({
        "interfaces": ifaces,
        "notes": notes,
        "probes": verdicts.iter().map(|v| verdict_json(v, kept)).collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
