//! `tcpsleuth report`: everything about a capture in one self-contained
//! HTML file.

use super::input::{for_each_frame, InputArgs};
use super::ladder::{ladders, Select};
use super::Failure;
use crate::analysis::diagnose::{Limits, Severity};
use crate::analysis::hostnames::{from_payload, NameTable};
use crate::flow::{Side, Tracker, TrackerConfig};
use crate::output::conns::ConnRow;
use crate::output::report::{render, ReportData, MAX_CONNS};
use crate::time::{Clock, Timestamp, Zone};
use crate::wire::{self, Trans};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Long help.
pub const LONG_ABOUT: &str = "\
Write one self-contained HTML report (inline CSS, JS and SVG; it fetches
nothing when opened): the capture summary; failures first, each with its
explanation, evidence and ladder diagram; a sortable, filterable table of
connections; a timeline; a scan heat map (targets × ports: open, closed,
filtered); the services that answered; and the names clients asked for
(DNS queries, HTTP Host headers, TLS server names).

The size is bounded: the first 1,000 connections are listed in full and
all of them are counted by state; ladders are drawn for the first 20
failures. Every string taken from a packet is HTML-escaped.";

/// Examples.
pub const EXAMPLES: &str = "\
Examples:
  tcpsleuth report -r capture.pcap -o report.html
  tcpsleuth report -r client.pcap --peer server.pcap -o report.html";

/// Failures drawn as ladders.
const MAX_LADDERS: usize = 20;

/// Flags of `report`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// A capture of the same traffic taken at the other end
    #[arg(long = "peer", value_name = "FILE")]
    pub peer: Option<PathBuf>,
    /// The HTML file to write ('-' for standard output)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Times in UTC instead of local time
    #[arg(long)]
    pub utc: bool,
}

/// Connections (the first [`MAX_CONNS`] by start), counts by conn_state,
/// and the names asked for, from one pass.
struct Pass {
    rows: Vec<ConnRow>,
    total: u64,
    states: BTreeMap<String, u64>,
    names: NameTable,
    first: Option<Timestamp>,
    last: Timestamp,
}

fn keep(p: &mut Pass, c: crate::flow::Connection, at: Timestamp) {
    p.total += 1;
    *p.states.entry(c.conn_state().to_string()).or_default() += 1;
    if p.rows.len() < MAX_CONNS || p.rows.last().is_some_and(|r| c.start < r.conn.start) {
        p.rows.push(ConnRow::at(c, at));
        if p.rows.len() > MAX_CONNS * 2 {
            p.rows.sort_by_key(|r| (r.conn.start, r.conn.id));
            p.rows.truncate(MAX_CONNS);
        }
    }
}

fn names_of(names: &mut NameTable, d: &wire::Decoded<'_>) {
    let Some((_, dst)) = d.ip_addrs() else { return };
    let found = match &d.transport {
        Trans::Udp(u) => from_payload(17, u.dst_port(), u.payload()),
        Trans::Tcp(t) => from_payload(6, t.dst_port(), t.payload()),
        _ => None,
    };
    if let Some((kind, name)) = found {
        names.add(kind, dst, name);
    }
}

fn pass(input: &InputArgs) -> Result<(Pass, i32), Failure> {
    let mut cap = input.open()?;
    let mut tracker = Tracker::new(TrackerConfig::default());
    let mut p = Pass { rows: Vec::new(), total: 0, states: BTreeMap::new(), names: NameTable::default(), first: None, last: Timestamp::default() };
    let stats = for_each_frame(&mut cap, |f| {
        let d = wire::decode(f.link_type, f.data);
        names_of(&mut p.names, &d);
        for s in d.summaries(super::input::meta(f)) {
            tracker.push(&s);
        }
        let closed: Vec<_> = tracker.drain_closed().collect();
        for c in closed {
            keep(&mut p, c, f.ts);
        }
        p.first.get_or_insert(f.ts);
        p.last = f.ts;
        Ok(true)
    })?;
    let end = p.last;
    let rest: Vec<_> = tracker.finish().collect();
    for c in rest {
        keep(&mut p, c, end);
    }
    p.rows.sort_by_key(|r| (r.conn.start, r.conn.id));
    p.rows.truncate(MAX_CONNS);
    Ok((p, stats.exit_code()))
}

/// Runs `report`.
pub fn run(args: Args) -> Result<i32, Failure> {
    let peer: Vec<PathBuf> = args.peer.iter().cloned().collect();
    let (diagnosis, code) = super::diagnose::analyse(&args.input, &peer, Limits::default())?;
    let (p, pcode) = pass(&args.input)?;
    let failures: Vec<usize> = (0..diagnosis.findings.len())
        .filter(|&i| diagnosis.findings[i].severity == Severity::Failure && diagnosis.findings[i].proto == "tcp")
        .take(MAX_LADDERS)
        .collect();
    let side = |a, p| Side { addr: a, port: p };
    let sel = Select {
        pairs: failures.iter().map(|&i| {
            let f = &diagnosis.findings[i];
            (side(f.client, f.client_port), side(f.server, f.server_port))
        }).collect(),
        ..Select::default()
    };
    let drawn = if sel.pairs.is_empty() { Vec::new() } else { ladders(&args.input, args.peer.as_ref(), &sel, false)?.0 };
    let ladders = failures
        .iter()
        .filter_map(|&i| {
            let f = &diagnosis.findings[i];
            let (c, s) = (side(f.client, f.client_port).to_string(), side(f.server, f.server_port).to_string());
            drawn.iter().find(|l| l.client == c && l.server == s).map(|l| (i, l.clone()))
        })
        .collect();
    let zone = if args.utc { Zone::Utc } else { Zone::Local };
    let first = p.first.unwrap_or_default();
    let names = p.names.sorted();
    let data = ReportData {
        diagnosis: &diagnosis,
        conns: &p.rows,
        conn_total: p.total,
        conn_states: p.states.clone(),
        ladders,
        names,
        names_dropped: p.names.dropped,
        clock: Clock::for_span(zone, first, p.last),
    };
    let html = render(&data);
    let written = if args.output.as_os_str() == "-" {
        use std::io::Write;
        std::io::stdout().write_all(html.as_bytes())
    } else {
        std::fs::write(&args.output, html.as_bytes())
    };
    written.map_err(|e| Failure::fatal(format!("{}: {e}", args.output.display())))?;
    Ok(super::diagnose::exit_code(&diagnosis, code.max(pcode)))
}
