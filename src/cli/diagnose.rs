//! `tcpsleuth diagnose`: why each connection failed, with the packets that
//! prove it; from one capture or from both ends (`--peer`).

use super::input::{summaries_beside, InputArgs, InputStats, Item, Numbering};
use super::threads::fan_out;
use crate::wire::Summary;
use super::Failure;
use crate::analysis::diagnose::{peer, Diagnoser, Limits, Report, Severity};
use crate::output::diagnose::{overview_sections, write_json, write_json_report, write_overview, write_text, TextOptions};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use crate::analysis::floods::{FloodConfig, FloodDetector};
use crate::analysis::scans::{ScanConfig, ScanDetector};
use crate::analysis::services::{ServiceConfig, ServiceTracker};

/// The long help of `diagnose`.
pub const LONG_ABOUT: &str = "\
Say why each connection failed, in plain words, with the packets that prove it.

Packets are grouped into connection attempts (a SYN and its retransmissions;
retries by the same client to the same service are one finding with a count).
Each gets a label (refused, no_response, syn_dropped_in_path,
synack_dropped_in_path, ack_dropped_in_path, rejected_icmp, middlebox_reset,
reset_midstream, loss_retransmissions, zero_window_stall, half_open,
server_not_responding_after_handshake, server_went_silent, path_broken,
path_mtu_blackhole, server_app_slow, client_app_slow, listen_queue_full,
idle_timeout_by_middlebox, reset_by_peer_after_restart,
request_on_closed_connection, tls_handshake_failed, host_unreachable,
dns_no_answer, dns_nxdomain, dns_servfail, dns_refused, established,
closed_normally, dns_search_expansion, multicast_or_broadcast, tunnel_carrier, ...), an explanation, the likely cause, what to check next,
both endpoints' TCP states as netstat would show them, the frames that prove
it, where the time went (handshake, server think time, transfer, time lost to
retransmissions and zero windows) and caveats (started mid-connection, only
one direction captured, capture ended while open) beside the outcome.

On a live capture (-i) each failure or warning is printed as one line the
moment it is decided (a reset or ICMP error at once, an unanswered SYN when
the client sends it again, the rest when the connection closes or times
out), and the whole report follows when the capture stops.

The same packets mean different things at the client and at the server, so
the capture's vantage point is inferred from TTLs and handshake timing and
stated. With --peer, a capture from the other end is matched packet by
packet (clock offset estimated, never assumed) to show which packets left
one side and never arrived at the other.

Memory stays bounded on hostile captures: at most --max-conns conversations
are tracked at once (the least recently active is evicted, counted and named
in a note), and masses of identical small failures from many sources (a
flood from spoofed addresses) are summarised as one finding.";

const EXAMPLES: &str = "\
Examples:
  tcpsleuth diagnose -r client.pcap
  tcpsleuth diagnose -r client.pcap --peer server.pcap
  tcpsleuth diagnose -r capture.pcap --format json | jq 'select(.severity==\"failure\")'
  tcpsleuth diagnose -v -r capture.pcap            healthy connections and all evidence too";

/// Output format of `diagnose`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// findings grouped by severity, failures first
    #[default]
    Text,
    /// one JSON object per finding per line
    Json,
    /// one JSON document: capture facts, peer matching, findings
    Report,
    /// Apache Parquet file (needs -o FILE): one row per finding, the JSON fields as columns
    Parquet,
}

/// Flags of `diagnose`.
#[derive(clap::Args, Debug, Default)]
#[command(long_about = LONG_ABOUT, after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub threads: super::threads::ThreadArgs,
    /// A capture of the same traffic taken at the other end (repeatable)
    #[arg(long = "peer", value_name = "FILE")]
    pub peer: Vec<PathBuf>,
    /// Output format
    #[arg(long = "format", value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the output to FILE instead of standard output (required for --format parquet)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Healthy connections in full, every evidence line
    #[arg(short = 'v', long = "verbose")]
    pub verbose: bool,
    /// Conversations tracked at once; beyond this the least recently active
    /// is evicted (counted, not diagnosed)
    #[arg(long = "max-conns", value_name = "N", default_value_t = crate::analysis::diagnose::collect::DEFAULT_MAX_CONNS,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_conns: usize,
    /// Under each failure, its connection as a ladder diagram (first 10)
    #[arg(long)]
    pub ladder: bool,
    /// One line per finding class with counts and examples
    #[arg(long)]
    pub summary: bool,
    /// Every healthy connection (only the first are listed otherwise)
    #[arg(long = "all")]
    pub all: bool,
}

/// Summaries with frame numbers counted within each file.
pub fn for_each_summary_per_file(
    cap: &mut crate::capture::Capture,
    f: impl FnMut(&crate::wire::Summary),
) -> Result<InputStats, Failure> {
    super::input::summaries(cap, super::input::Numbering::PerFile, f)
}

/// Reads `input` into a diagnoser; returns it with the input's exit code.
pub fn load(input: &InputArgs, keep_all: bool, limits: Limits) -> Result<(Diagnoser, i32), Failure> {
    load_with(input, keep_all, limits, false, 1, false)
}

/// [`load`], writing released findings aside when `spill`
/// ([`Diagnoser::spill`]), decoding on `threads` threads (see `--threads`).
/// With `announce` (live text output), each failure or warning is printed on
/// standard output as soon as it is decided, before the report at the end.
fn load_with(input: &InputArgs, keep_all: bool, limits: Limits, spill: bool, threads: usize, announce: bool) -> Result<(Diagnoser, i32), Failure> {
    let mut cap = input.open()?;
    let live = cap.is_live();
    // From a file on one analysis thread, the scan detector runs on the
    // reader thread as each packet is decoded (as the overview's does), off
    // the thread that tracks; it sees bad checksums the diagnosis may drop,
    // so with --drop-bad-checksums it stays inside.
    let outside = !live && threads <= 1 && !input.drop_bad_checksums;
    let mut d = Diagnoser::new(input.source_names())
        .limits(limits)
        .keep_all(keep_all)
        .spill(spill && !keep_all)
        .drop_bad_checksums(input.drop_bad_checksums)
        .scans_outside(outside)
        // From a file, the decisions run beside the flow stage.
        .pipelined(!live);
    if announce && live {
        d = d.announce(Box::new(|f| {
            let mut out = io::stdout().lock();
            // A closed pipe ends the report later; a live line is best effort.
            let _ = writeln!(out, "{}", crate::output::diagnose::announce_line(f)).and_then(|()| out.flush());
        }));
    }
    let mut sink = |i: Item<'_>| match i {
        Item::Packet(s) => d.packet(s),
        Item::Side(r) => d.side(r),
        Item::Tick(now) => d.tick(now),
    };
    // Live traffic is decided as it comes, on one thread (ticks reach it there).
    let threads = if live { 1 } else { threads };
    let mut scans = ScanDetector::new(crate::analysis::diagnose::scan_config());
    let stats = if outside {
        summaries_beside(&mut cap, Numbering::PerFile, true, &mut |s: &Summary| scans.observe(s), &mut sink)?
    } else {
        fan_out(&mut cap, Numbering::PerFile, threads, true, &mut [&mut sink])?
    };
    if outside {
        d.scans_from(&scans.finish());
    }
    Ok((d, stats.exit_code()))
}

/// The first packets of one file.
fn sample(path: &PathBuf) -> Vec<crate::wire::Summary> {
    let mut v = Vec::new();
    if let Ok(mut cap) = crate::capture::Capture::open(std::slice::from_ref(path)) {
        let _ = super::input::for_each_frame(&mut cap, |f| {
            let d = crate::wire::decode(f.link_type, f.data);
            v.extend(d.summaries(super::input::meta(f)));
            Ok(v.len() < peer::SAMPLE)
        });
    }
    v
}

/// Two `-r` files that hold the same traffic are two vantage points: split
/// them into input and peer. Returns (input, peer, note).
pub fn split_vantages(input: &InputArgs, peer: &[PathBuf]) -> (InputArgs, Vec<PathBuf>, Option<String>) {
    if peer.is_empty() && input.read.len() == 2 && input.read.iter().all(|p| p.as_os_str() != "-") {
        let (a, b) = (&input.read[0], &input.read[1]);
        if peer::same_traffic(&sample(a), &sample(b)) {
            let note = format!(
                "{} and {} hold the same traffic seen at two points: compared as two vantage points (as with --peer)",
                a.display(),
                b.display()
            );
            let one = InputArgs { drop_bad_checksums: input.drop_bad_checksums, ..InputArgs::files(vec![a.clone()]) };
            return (one, vec![b.clone()], Some(note));
        }
    }
    (input.clone(), peer.to_vec(), None)
}

/// Diagnoses `input` (and `peer`, when given).
pub fn analyse(input: &InputArgs, peer: &[PathBuf], limits: Limits) -> Result<(Report, i32), Failure> {
    analyse_with(input, peer, limits, false, 1, false)
}

/// [`analyse`] on `threads` threads (see `--threads`); with `spill`,
/// findings of released conversations are written aside and only
/// [`Report::each_finding`] sees them.
fn analyse_with(input: &InputArgs, peer: &[PathBuf], limits: Limits, spill: bool, threads: usize, announce: bool) -> Result<(Report, i32), Failure> {
    let (input, peer, note) = split_vantages(input, peer);
    let (mut r, code) = analyse_split(&input, &peer, limits, spill, threads, announce)?;
    if let Some(n) = note {
        r.notes.push(n);
    }
    Ok((r, code))
}

fn analyse_split(input: &InputArgs, peer: &[PathBuf], limits: Limits, spill: bool, threads: usize, announce: bool) -> Result<(Report, i32), Failure> {
    if peer.is_empty() {
        let (d, code) = load_with(input, false, limits, spill, threads, announce)?;
        return Ok((d.finish(), code));
    }
    let pin = InputArgs { drop_bad_checksums: input.drop_bad_checksums, ..InputArgs::files(peer.to_vec()) };
    let ((d, code), (p, pcode)) = if threads > 1 {
        // The two vantage points are independent until matched.
        std::thread::scope(|scope| {
            let other = scope.spawn(|| load(&pin, true, limits));
            let mine = load(input, true, limits);
            let other = other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            Ok::<_, Failure>((mine?, other?))
        })?
    } else {
        (load(input, true, limits)?, load(&pin, true, limits)?)
    };
    Ok((d.finish_with_peer(p), code.max(pcode)))
}

/// Runs `diagnose`.
pub fn run(args: Args) -> Result<i32, Failure> {
    let limits = Limits { max_conns: args.max_conns, ..Limits::default() };
    // Text and JSON lines read findings one at a time (Report::each_finding);
    // --ladder and the whole-document formats need them all in memory.
    let spill = matches!(args.format, Format::Text | Format::Json) && !args.ladder;
    // Live text output prints each failure or warning as it is decided, then the report.
    let announce = args.format == Format::Text && args.output.is_none() && !args.summary;
    let (report, code) = analyse_with(&args.input, &args.peer, limits, spill, args.threads.count(), announce)?;
    let table = (args.format == Format::Parquet).then_some(crate::output::parquet::FINDINGS);
    let mut out = super::open_output(args.output.as_deref(), table)?;
    // Text on the terminal (or COLUMNS) fits its width; files and JSON never wrap.
    let width = (args.output.is_none() && args.format == Format::Text).then(crate::output::term::width).flatten();
    let mut fit = crate::output::term::Fit::new(&mut out, width);
    match args.format {
        Format::Text if args.summary => crate::output::diagnose::write_summary(&mut fit, &report)?,
        Format::Text => write_text(&mut fit, &report, TextOptions { verbose: args.verbose, all: args.all, ..TextOptions::default() })?,
        Format::Json | Format::Parquet => write_json(&mut fit, &report)?,
        Format::Report => write_json_report(&mut fit, &report)?,
    }
    if args.ladder && args.format == Format::Text {
        write_ladders(&mut fit, &args, &report)?;
    }
    fit.finish()?;
    super::close_output(out)?;
    Ok(exit_code(&report, code))
}

/// Failures drawn by `--ladder`.
const MAX_LADDERS: usize = 10;

/// `--ladder`: each TCP failure's connection drawn as a ladder.
fn write_ladders(out: &mut impl Write, args: &Args, report: &Report) -> Result<(), Failure> {
    use crate::flow::Side;
    let failures: Vec<&crate::analysis::diagnose::Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Failure && f.proto == "tcp")
        .take(MAX_LADDERS)
        .collect();
    if failures.is_empty() {
        return Ok(());
    }
    let pair = |f: &crate::analysis::diagnose::Finding| {
        (Side { addr: f.client, port: f.client_port }, Side { addr: f.server, port: f.server_port })
    };
    let sel = super::ladder::Select { pairs: failures.iter().map(|f| pair(f)).collect(), ..Default::default() };
    let (ladders, _, _) = super::ladder::ladders(&args.input, args.peer.first(), &sel, false)?;
    for f in failures {
        let (c, s) = pair(f);
        if let Some(l) = ladders.iter().find(|l| l.client == c.to_string() && l.server == s.to_string()) {
            writeln!(out, "Ladder of {} {}:", f.label, crate::output::diagnose::conversation(f))?;
            super::ladder::write_ladders(out, std::slice::from_ref(l), false)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// 1 when a connection failed (or the input went bad), else 0.
pub fn exit_code(r: &Report, input_code: i32) -> i32 {
    let failed = r.findings.iter().any(|f| f.severity == Severity::Failure) || r.elided.of(Severity::Failure) > 0;
    input_code.max(i32::from(failed))
}

/// Calls `f` with the item when it is a packet's summary.
fn packet(i: Item<'_>, f: impl FnOnce(&Summary)) {
    if let Item::Packet(s) = i {
        f(s)
    }
}

/// The default job (`tcpsleuth -r FILE`): capture summary, the findings that
/// matter first, then scans, floods and services.
pub fn overview(input: InputArgs, peer: &[PathBuf], all: bool, threads: usize) -> Result<i32, Failure> {
    let (input, peer, note) = split_vantages(&input, peer);
    let peer = &peer[..];
    let mut cap = input.open()?;
    let mut d = Diagnoser::new(input.source_names())
        .keep_all(!peer.is_empty())
        // --all lists every finding, so the overview keeps them all.
        .overview_only(!all)
        .drop_bad_checksums(input.drop_bad_checksums)
        // The detector below serves both: the diagnosis leaves scan probes
        // out by its report (bad checksums aside, which only it leaves out).
        .scans_outside(!input.drop_bad_checksums)
        // From a file, the decisions run beside the flow stage.
        .pipelined(!cap.is_live());
    let mut scans = ScanDetector::new(ScanConfig::default());
    let mut floods = FloodDetector::new(FloodConfig::default());
    let mut services = ServiceTracker::new(ServiceConfig::default());
    // The diagnosis reads the side records too; the detectors only packets.
    let mut dg = |i: Item<'_>| match i {
        Item::Packet(s) => d.packet(s),
        Item::Side(r) => d.side(r),
        Item::Tick(now) => d.tick(now),
    };
    // A live capture's ticks reach the diagnosis only on one thread.
    let threads = if cap.is_live() { 1 } else { threads };
    let stats = if threads <= 1 {
        // The detectors run on the reader thread as each packet is decoded
        // (frame order, as fan_out gives it), where its summary is still
        // in the cache and reading leaves the core half idle: the overview
        // ran 8 % faster than with them beside the diagnosis.
        let mut beside = |s: &Summary| {
            scans.observe(s);
            floods.observe(s);
            services.observe(s);
        };
        summaries_beside(&mut cap, Numbering::PerFile, true, &mut beside, &mut dg)?
    } else {
        let (mut sc, mut fl, mut sv) = (
            |i: Item<'_>| packet(i, |s| scans.observe(s)),
            |i: Item<'_>| packet(i, |s| floods.observe(s)),
            |i: Item<'_>| packet(i, |s| services.observe(s)),
        );
        fan_out(&mut cap, Numbering::PerFile, threads, true, &mut [&mut dg, &mut sc, &mut fl, &mut sv])?
    };
    let mut code = stats.exit_code();
    let scans = scans.finish();
    d.scans_from(&scans);
    let report = if peer.is_empty() {
        d.finish()
    } else {
        let pin = InputArgs { drop_bad_checksums: input.drop_bad_checksums, ..InputArgs::files(peer.to_vec()) };
        let (p, pcode) = load(&pin, true, Limits::default())?;
        code = code.max(pcode);
        d.finish_with_peer(p)
    };
    let mut report = report;
    if let Some(n) = note {
        report.notes.push(n);
    }
    let floods = floods.finish();
    let scanners: Vec<std::net::IpAddr> = scans.scans.iter().map(|s| s.scanner).collect();
    let services = services.finish(&scanners, &scans.answers_every_port);
    let (extra, own_notices) = overview_sections(&scans, &floods, &services);
    let stdout = io::stdout();
    let mut out = crate::output::term::Fit::new(BufWriter::new(stdout.lock()), crate::output::term::width());
    write_overview(&mut out, &report, &extra, own_notices, all)?;
    out.finish()?.flush()?;
    // Scans and floods are findings too: the overview exits 1 above them.
    let alarms = !scans.scans.is_empty() || !floods.floods.is_empty();
    Ok(exit_code(&report, code).max(i32::from(alarms)))
}
