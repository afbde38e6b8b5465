//! `tcpsleuth conns`: the connection table, with both endpoints' TCP states.

use super::input::{for_each_summary, InputArgs, InputStats};
use super::threads::{track, ThreadArgs};
use super::Failure;
use crate::flow::{Connection, HindsightBuilder, TcpState, Tracker, TrackerConfig, TrackerStats};
use crate::output::conns::{self as printer, ConnRow, Options};
use crate::time::{days_from_civil, Timestamp};
use std::io::{self, BufWriter, Write};

/// Long help.
pub const LONG_ABOUT: &str = "\
List every connection (TCP, UDP, ICMP, other IP protocols) with the state
each endpoint's kernel would show (ESTABLISHED, FIN_WAIT2, TIME_WAIT …),
Zeek's conn_state and history, duration, bytes and packets each way, the
handshake RTT and the problems seen (retransmissions, zero windows,
duplicate ACKs, segments not captured, ICMP errors, resets).

The table fits COLUMNS (or the terminal): columns that matter least are
dropped first (--wide keeps them all). Times are local (TZ honoured; --utc
for UTC) as HH:MM:SS.ffffff, with the date when the capture spans more than
a day; durations and RTTs carry units (µs below 1 ms), bytes too. ICMP
rows show type/code in place of ports: CLIENT is the address and type/code for one-way
messages (errors), or the address and type, SERVER the answering type, for request/reply.
When two -r files hold the same traffic (two vantage points), only the
first is listed: merged, each packet would count twice as a retransmission.

The client is the side that sent the SYN (Zeek's originator). Records
split and end where Zeek's conn.log would: --format zeek writes a conn.log.
IP fragments are reassembled first. Zeek's service column (http, ssl, ssh,
dns, ftp, smtp, pop3, imap, dhcp, ntp, krb, ldap_tcp, rdp, modbus, dce_rpc,
teredo, vxlan, ayiya, gtpv1) comes from the first payload bytes of each
direction, not from the port; the table adds it to SERVER in parentheses
when the port name does not already say it. Memory is bounded: at most --max-flows
connections are tracked at once (evictions are reported on stderr), and
streamed formats hold no finished connection.

--at TIME shows the table as of that moment: connections open then, and
each endpoint's socket state at that time (sockets in TIME_WAIT included).
TIME is seconds since the epoch, an ISO date (2026-11-23T16:53:13.5Z), or
+SECS after the first packet.";

/// Examples shown after the flags.
pub const EXAMPLES: &str = "\
Examples:
  tcpsleuth conns -r capture.pcap
  tcpsleuth conns -r capture.pcap --state REJ --state S0      failed attempts
  tcpsleuth conns -r client.pcap --at +2.5                    sockets 2.5 s into the capture
  tcpsleuth conns -r capture.pcap --sort bytes -n
  tcpsleuth conns -i eth0 --watch 'tcp port 443'             a live table, q quits
  tcpsleuth conns -r capture.pcap --format zeek > conn.log
  tcpsleuth conns -r spool/ --format parquet -o conns.parquet   (built with --features parquet)
  tcpsleuth conns -r capture.pcap --format json | jq -c '[.\"id.resp_p\", .service, .conn_state, .rtt_ms]'";

/// Output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Aligned table
    #[default]
    Table,
    /// One JSON object per line, Zeek field names plus tcpsleuth's extras
    Json,
    /// Comma-separated values with a header line
    Csv,
    /// Zeek conn.log (TSV with #fields and #types headers)
    Zeek,
    /// Apache Parquet file (needs -o FILE): the JSON fields as columns
    Parquet,
}

/// Sort keys.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// First packet time
    #[default]
    Start,
    Duration,
    /// Bytes both ways
    Bytes,
    /// Packets both ways
    Packets,
    Client,
    Server,
    /// Zeek conn_state
    State,
    /// Handshake RTT
    Rtt,
}

/// Flags of `conns`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub threads: ThreadArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Write the output to FILE instead of standard output (required for --format parquet)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Sort order (default: by start time). Without --sort and --at, JSON,
    /// CSV and Zeek output are streamed: each connection is printed when it
    /// closes or times out, in that order, as Zeek writes conn.log, so
    /// memory stays bounded.
    #[arg(long, value_enum)]
    pub sort: Option<SortKey>,
    /// Keep connections whose conn_state (SF, REJ, S0 …) or either TCP
    /// endpoint state (ESTABLISHED, TIME_WAIT, SYN-SENT …) is STATE; repeatable
    #[arg(long, value_name = "STATE")]
    pub state: Vec<String>,
    /// Show the table as of TIME (epoch seconds, ISO date, or +SECS after the first packet)
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Print port numbers, not service names
    #[arg(short = 'n')]
    pub numeric: bool,
    /// Rows kept when the output must be sorted first (the table, --sort,
    /// --at): the first N in sort order; 0 keeps every row. JSON, CSV and
    /// Zeek output without --sort and --at stream every connection instead.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_ROWS)]
    pub max_rows: usize,
    /// Connections tracked at once; beyond, the one nearest to expiry is
    /// evicted (its record ends early) and the count is reported. About
    /// 900 bytes each: the default fits a flood in under 1 GB.
    #[arg(long, value_name = "N", value_parser = super::values::count_usize, default_value_t = crate::flow::DEFAULT_MAX_FLOWS)]
    pub max_flows: usize,
    /// Keep every column of the table (by default columns that matter
    /// least are dropped to fit COLUMNS or the terminal)
    #[arg(long)]
    pub wide: bool,
    /// Times in UTC instead of local time
    #[arg(long)]
    pub utc: bool,
    /// Keep the table on screen and redraw it as packets arrive (live with
    /// -i, or while a file is read), most recently active first, failures
    /// highlighted; q or ctrl-C quits. Needs a terminal.
    #[arg(long, conflicts_with_all = ["format", "output", "at", "sort"])]
    pub watch: bool,
}

/// Rows a sorted table keeps by default (a screenful is a few dozen; this
/// bounds memory on floods while leaving room for `sort | head` use).
pub const DEFAULT_MAX_ROWS: usize = 20_000;

/// When `--at` is relative, it is resolved against the first packet.
#[derive(Clone, Copy, Debug, PartialEq)]
enum At {
    Absolute(Timestamp),
    AfterFirst(f64),
}

fn parse_at(s: &str) -> Result<At, Failure> {
    let bad = || {
        Failure::fatal(format!(
            "--at {s:?}: expected epoch seconds, an ISO date or +SECS"
        ))
    };
    let t = s.trim();
    if let Some(rel) = t.strip_prefix('+') {
        return rel
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(At::AfterFirst)
            .ok_or_else(bad);
    }
    if let Ok(x) = t.parse::<f64>() {
        if x.is_finite() {
            return Ok(At::Absolute(Timestamp::from_nanos(
                (x * 1e9).round() as i128
            )));
        }
    }
    parse_iso(t).map(At::Absolute).ok_or_else(bad)
}

/// `YYYY-MM-DD[T ]HH:MM:SS[.frac][Z]` in UTC.
fn parse_iso(s: &str) -> Option<Timestamp> {
    let s = s.trim_end_matches('Z');
    let (date, time) = s.split_once(['T', ' '])?;
    let mut d = date.split('-');
    let (y, mo, da) = (
        d.next()?.parse::<i64>().ok()?,
        d.next()?.parse::<u32>().ok()?,
        d.next()?.parse::<u32>().ok()?,
    );
    let mut t = time.split(':');
    let (h, mi) = (
        t.next()?.parse::<i64>().ok()?,
        t.next()?.parse::<i64>().ok()?,
    );
    let sec: f64 = t.next().unwrap_or("0").parse().ok()?;
    if !(1..=12).contains(&mo)
        || !(1..=31).contains(&da)
        || h > 23
        || mi > 59
        || !(0.0..61.0).contains(&sec)
    {
        return None;
    }
    let whole = days_from_civil(y, mo, da) * 86_400 + h * 3600 + mi * 60;
    Some(Timestamp::from_nanos(
        whole as i128 * 1_000_000_000 + (sec * 1e9).round() as i128,
    ))
}

/// Zeek's conn_state values.
const CONN_STATES: &[&str] = &["S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH"];

/// Refuses a --state that is neither a Zeek conn_state nor a TCP state in
/// netstat's or ss's spelling (ESTABLISHED, ESTAB, established, SYN-SENT…).
fn check_states(wanted: &[String]) -> Result<(), Failure> {
    for w in wanted {
        let w = w.trim();
        if !CONN_STATES.iter().any(|c| c.eq_ignore_ascii_case(w)) && TcpState::parse(w).is_none() {
            return Err(Failure::fatal(format!(
                "--state {w}: unknown state; give a Zeek conn_state ({}) or a TCP state (ESTABLISHED or ESTAB, SYN-SENT, SYN-RECV, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT, CLOSED, LISTEN)",
                CONN_STATES.join(", ")
            )));
        }
    }
    Ok(())
}

fn matches_state(c: &ConnRow, wanted: &[String]) -> bool {
    if wanted.is_empty() {
        return true;
    }
    wanted.iter().any(|w| {
        let w = w.trim();
        if c.conn.conn_state().eq_ignore_ascii_case(w) {
            return true;
        }
        match TcpState::parse(w) {
            Some(st) => c.conn.proto == 6 && (c.client_state == st || c.server_state == st),
            None => false,
        }
    })
}

/// Output written as connections close (JSON, CSV, Zeek without --sort or
/// --at), in closing order as Zeek writes conn.log: the tracker's cap and
/// timeouts bound memory however long the capture.
fn stream(args: &Args, cfg: TrackerConfig) -> Result<i32, Failure> {
    let mut cap = args.input.open()?;
    let mut out = open_output(args)?;
    let mut failed: Option<io::Error> = None;
    let mut header_done = false;
    let mut emit = |row: ConnRow, first: Timestamp, out: &mut BufWriter<_>| {
        if failed.is_some() || !matches_state(&row, &args.state) {
            return;
        }
        let r = (|| {
            if !header_done {
                header_done = true;
                match args.format {
                    Format::Csv => printer::write_csv_header(out)?,
                    Format::Zeek => printer::write_zeek_header(out, first)?,
                    _ => {}
                }
            }
            match args.format {
                Format::Csv => printer::write_csv_row(out, &row),
                Format::Zeek => printer::write_zeek_row(out, &row),
                _ => printer::write_json_row(out, &row),
            }
        })();
        if let Err(e) = r {
            failed = Some(e);
        }
    };
    let mut first: Option<Timestamp> = None;
    let tracked = track(&mut cap, cfg, args.threads.count(), |c, when| {
        first = Some(when.first);
        emit(ConnRow::at(c, when.at), when.first, &mut out);
    })?;
    let stats = tracked.input;
    let end = stats.last_ts.unwrap_or_default();
    let f = first.unwrap_or(end);
    if let Some(e) = failed {
        return Err(e.into());
    }
    match args.format {
        // An empty capture still gets a well-formed log.
        Format::Csv if !header_done => printer::write_csv_header(&mut out)?,
        Format::Zeek => {
            if !header_done {
                printer::write_zeek_header(&mut out, f)?;
            }
            printer::write_zeek_footer(&mut out, end)?;
        }
        _ => {}
    }
    super::close_output(out)?;
    report_limits(&tracked.flows, tracked.max_flows, 0, 0);
    report_checksums(&stats, args);
    Ok(stats.exit_code())
}

/// Standard output, -o FILE, or the Parquet table (JSON rows as columns).
fn open_output(args: &Args) -> Result<BufWriter<crate::output::parquet::Sink>, Failure> {
    let table = (args.format == Format::Parquet).then_some(crate::output::parquet::CONNS);
    super::open_output(args.output.as_deref(), table)
}

/// Says on stderr how many packets had bad checksums and what became of them,
/// and how many frames were encrypted.
fn report_checksums(stats: &super::input::InputStats, args: &Args) {
    if let Some(n) = stats.checksum_note(args.input.drop_bad_checksums) {
        eprintln!("tcpsleuth: {n}");
    }
    if let Some(n) = stats.undecodable_note() {
        eprintln!("tcpsleuth: {n}");
    }
}

/// Says on stderr what the bounds cost, so a flood's output is never
/// silently incomplete.
fn report_limits(st: &TrackerStats, max_flows: usize, rows_dropped: u64, max_rows: usize) {
    if st.evictions > 0 {
        eprintln!(
            "tcpsleuth: {} connection{} evicted at the {}-flow cap (--max-flows): their records end early",
            st.evictions,
            if st.evictions == 1 { "" } else { "s" },
            max_flows
        );
    }
    if rows_dropped > 0 {
        eprintln!(
            "tcpsleuth: {rows_dropped} more connection{} not shown: the first {max_rows} in sort order are kept \
             (--max-rows N, 0 for all; --format json|csv|zeek without --sort streams every one)",
            if rows_dropped == 1 { "" } else { "s" },
        );
    }
}

/// The connections of a sorted output, at most `max` of them (0: no
/// limit): the first in sort order survive. Trimmed in rounds, so keeping
/// costs one sort per `max / 4` connections rather than memory for all.
struct Kept {
    conns: Vec<Connection>,
    max: usize,
    key: SortKey,
    dropped: u64,
}

impl Kept {
    fn new(max: usize, key: SortKey) -> Kept {
        Kept { conns: Vec::new(), max, key, dropped: 0 }
    }
    fn push(&mut self, c: Connection) {
        self.conns.push(c);
        if self.max > 0 && self.conns.len() > self.max + self.max / 4 {
            self.trim();
        }
    }
    fn trim(&mut self) {
        sort_conns(&mut self.conns, self.key);
        if self.max > 0 && self.conns.len() > self.max {
            self.dropped += (self.conns.len() - self.max) as u64;
            self.conns.truncate(self.max);
        }
    }
}

fn sort_conns(conns: &mut [Connection], key: SortKey) {
    let total = |c: &Connection| {
        let (a, b) = c.bytes_raw();
        a + b
    };
    match key {
        SortKey::Start => conns.sort_by_key(|c| (c.start, c.id)),
        SortKey::Duration => conns.sort_by(|a, b| b.duration().total_cmp(&a.duration())),
        SortKey::Bytes => conns.sort_by_key(|c| std::cmp::Reverse(total(c))),
        SortKey::Packets => conns.sort_by_key(|c| std::cmp::Reverse(c.orig().pkts + c.resp().pkts)),
        SortKey::Client => conns.sort_by_key(|c| (c.orig_side(), c.start)),
        SortKey::Server => conns.sort_by_key(|c| (c.resp_side(), c.start)),
        SortKey::State => conns.sort_by_key(|c| (c.conn_state(), c.start)),
        SortKey::Rtt => conns.sort_by(|a, b| {
            let k = |c: &Connection| c.rtt.total().unwrap_or(-1.0);
            k(b).total_cmp(&k(a))
        }),
    }
}

/// Runs `conns`.
pub fn run(mut args: Args) -> Result<i32, Failure> {
    check_states(&args.state)?;
    // The same traffic given twice (two vantage points) would count every
    // packet twice, the second copy as a retransmission: keep the first.
    let (input, peer, note) = super::diagnose::split_vantages(&args.input, &[]);
    if let (Some(note), Some(p)) = (note, peer.first()) {
        eprintln!("tcpsleuth: {note}; conns lists {} only ({} would count every packet twice)", input.read[0].display(), p.display());
        args.input = input;
    }
    let at = args.at.as_deref().map(parse_at).transpose()?;
    let cfg = TrackerConfig {
        max_flows: args.max_flows.max(1),
        honor_checksums: args.input.drop_bad_checksums,
        ..TrackerConfig::default()
    };
    if args.watch {
        return watch(args, cfg);
    }
    if at.is_none() && args.sort.is_none() && args.format != Format::Table {
        return stream(&args, cfg);
    }
    let Collected { mut kept, input: stats, flows, max_flows, cutoff, t } = match at {
        Some(at) => collect_at(&args, cfg, at)?,
        None => collect_all(&args, cfg)?,
    };
    kept.trim();
    let dropped = kept.dropped;
    let rows: Vec<ConnRow> = kept
        .conns
        .into_iter()
        .map(|c| ConnRow::at(c, t))
        .filter(|r| matches_state(r, &args.state))
        .collect();
    let zone = if args.utc { crate::time::Zone::Utc } else { crate::time::Zone::Local };
    let first_ts = stats.first_ts.unwrap_or_default();
    let opts = Options {
        numeric: args.numeric,
        at: cutoff,
        clock: crate::time::Clock::for_span(zone, first_ts, stats.last_ts.unwrap_or(first_ts)),
        width: crate::output::term::width(),
        wide: args.wide,
    };
    let mut out = open_output(&args)?;
    match args.format {
        Format::Table => printer::write_table(&mut out, &rows, &opts)?,
        Format::Json | Format::Parquet => printer::write_json(&mut out, &rows, &opts)?,
        Format::Csv => printer::write_csv(&mut out, &rows, &opts)?,
        Format::Zeek => printer::write_zeek(&mut out, &rows, &opts)?,
    }
    if dropped > 0 && args.format == Format::Table {
        writeln!(out, "(and {dropped} more, not kept: see --max-rows)")?;
    }
    super::close_output(out)?;
    report_limits(&flows, max_flows, dropped, args.max_rows);
    report_checksums(&stats, &args);
    Ok(stats.exit_code())
}

/// What a sorted output prints from: the records kept, as of time `t`.
struct Collected {
    kept: Kept,
    input: InputStats,
    flows: TrackerStats,
    max_flows: usize,
    cutoff: Option<Timestamp>,
    t: Timestamp,
}

/// Without packets a socket only moves towards CLOSED, so a connection
/// that matches --state at the end of input matched when it closed, or
/// CLOSED was asked for: the cheap test at closing keeps every candidate.
fn wants_closed(args: &Args) -> bool {
    args.state.iter().any(|w| TcpState::parse(w.trim()) == Some(TcpState::Closed))
}

/// Every record of the input (no --at), on `--threads` workers.
fn collect_all(args: &Args, cfg: TrackerConfig) -> Result<Collected, Failure> {
    let mut cap = args.input.open()?;
    let mut kept = Kept::new(args.max_rows, args.sort.unwrap_or_default());
    let wants_closed = wants_closed(args);
    let tracked = track(&mut cap, cfg, args.threads.count(), |c, when| {
        if when.at_end {
            kept.push(c);
            return;
        }
        let row = ConnRow::at(c, when.at);
        if wants_closed || matches_state(&row, &args.state) {
            kept.push(row.conn);
        }
    })?;
    let t = tracked.input.last_ts.unwrap_or_default();
    Ok(Collected { kept, input: tracked.input, flows: tracked.flows, max_flows: tracked.max_flows, cutoff: None, t })
}

/// The records as of --at: one table, after a first pass for hindsight.
fn collect_at(args: &Args, cfg: TrackerConfig, at: At) -> Result<Collected, Failure> {
    // A first pass learns what only the whole capture shows (SYN cookies).
    let mut cap = args.input.open()?;
    let mut hb = HindsightBuilder::default();
    for_each_summary(&mut cap, |s| hb.observe(s))?;
    let mut tracker = Tracker::new(cfg).with_hindsight(hb.finish());
    let mut cap = args.input.open()?;
    let mut kept = Kept::new(args.max_rows, args.sort.unwrap_or_default());
    let mut cutoff: Option<Timestamp> = None;
    let stats = for_each_summary(&mut cap, |s| {
        let t = *cutoff.get_or_insert_with(|| match at {
            At::Absolute(t) => t,
            At::AfterFirst(x) => Timestamp::from_nanos(s.ts.as_nanos() + (x * 1e9).round() as i128),
        });
        if s.ts > t {
            return;
        }
        tracker.push(s);
        for c in tracker.drain_closed() {
            // As of --at, a closed connection shows only while a socket lingers.
            let row = ConnRow::at(c, t);
            if lingers(&row) && matches_state(&row, &args.state) {
                kept.push(row.conn);
            }
        }
    })?;
    let t = match cutoff {
        Some(t) => t,
        None => {
            let t = stats.last_ts.unwrap_or_default();
            return Ok(Collected { kept, input: stats, flows: tracker.stats, max_flows: tracker.max_flows(), cutoff, t });
        }
    };
    tracker.expire(t);
    for c in tracker.drain_closed() {
        let row = ConnRow::at(c, t);
        if lingers(&row) {
            kept.push(row.conn);
        }
    }
    for c in tracker.live() {
        kept.push(c.clone());
    }
    Ok(Collected { kept, input: stats, flows: tracker.stats, max_flows: tracker.max_flows(), cutoff, t })
}

/// Closed connections the watch screen keeps showing after they close.
const WATCH_CLOSED: usize = 1_000;
/// Rows a watch snapshot carries at most (the most recently active).
const WATCH_ROWS: usize = 500;

/// `--watch`: the tracker runs on its own thread; the screen, here, takes a
/// snapshot of it every time it redraws, so a quiet link still shows its
/// last packets, until the user quits (a live capture's thread is then left
/// behind: the process ends).
fn watch(mut args: Args, cfg: TrackerConfig) -> Result<i32, Failure> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return Err(Failure::fatal("--watch needs a terminal on standard output (use the table or --format json to write to a file or pipe)"));
    }
    // Progress bars and banners on stderr would scribble over the screen.
    args.input.quiet = true;
    let mut cap = args.input.open()?;
    let source = args.input.source_names().join(" ");
    let zone = if args.utc { crate::time::Zone::Utc } else { crate::time::Zone::Local };
    let now = super::input::wall_clock();
    let opts = Options { numeric: args.numeric, at: None, clock: crate::time::Clock::for_span(zone, now, now), width: None, wide: args.wide };
    let shared = std::sync::Arc::new(std::sync::Mutex::new(Watched::new(cfg)));
    let tracking = std::sync::Arc::clone(&shared);
    std::thread::spawn(move || watch_track(&mut cap, &tracking));
    let states = args.state;
    crate::output::watch::run(&source, opts, || match shared.lock() {
        Ok(w) => w.snapshot(&states),
        Err(_) => crate::output::watch::Snapshot { error: Some("the tracking thread failed".into()), ended: true, ..Default::default() },
    })?;
    Ok(0)
}

/// What the watch screen reads: the tracker and what it has seen.
struct Watched {
    tracker: Tracker,
    /// The most recently closed connections, oldest first.
    closed: std::collections::VecDeque<Connection>,
    packets: u64,
    last: Option<Timestamp>,
    ended: bool,
    error: Option<String>,
}

impl Watched {
    fn new(cfg: TrackerConfig) -> Self {
        Watched { tracker: Tracker::new(cfg), closed: Default::default(), packets: 0, last: None, ended: false, error: None }
    }

    fn push(&mut self, s: &crate::wire::summary::Summary) {
        self.tracker.push(s);
        self.packets += 1;
        self.last = Some(s.ts);
        self.closed.extend(self.tracker.drain_closed());
        while self.closed.len() > WATCH_CLOSED {
            self.closed.pop_front();
        }
    }

    /// The most recently active connections (at most [`WATCH_ROWS`]), as of the latest packet.
    fn snapshot(&self, states: &[String]) -> crate::output::watch::Snapshot {
        let t = self.last.unwrap_or_default();
        let mut recent: Vec<&Connection> = self.tracker.live().chain(self.closed.iter()).collect();
        if recent.len() > WATCH_ROWS {
            recent.select_nth_unstable_by(WATCH_ROWS, |a, b| b.last_packet.cmp(&a.last_packet));
            recent.truncate(WATCH_ROWS);
        }
        let rows: Vec<ConnRow> = recent.into_iter().map(|c| ConnRow::at(c.clone(), t)).filter(|r| matches_state(r, states)).collect();
        let open = self.tracker.live().count();
        crate::output::watch::Snapshot { rows, open, packets: self.packets, now: self.last, ended: self.ended, error: self.error.clone() }
    }
}

/// Tracks the input into `shared` until it ends.
fn watch_track(cap: &mut crate::capture::Capture, shared: &std::sync::Mutex<Watched>) {
    let result = for_each_summary(cap, |s| {
        if let Ok(mut w) = shared.lock() {
            w.push(s);
        }
    });
    if let Ok(mut w) = shared.lock() {
        w.ended = true;
        w.error = result.err().map(|e| e.message).filter(|m| !m.is_empty());
    }
}

/// A closed TCP connection with a socket not yet CLOSED (TIME_WAIT …).
fn lingers(r: &ConnRow) -> bool {
    r.conn.proto == 6 && (r.client_state != TcpState::Closed || r.server_state != TcpState::Closed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_times() {
        assert_eq!(parse_at("+2.5").ok(), Some(At::AfterFirst(2.5)));
        assert_eq!(
            parse_at("1795452793").ok(),
            Some(At::Absolute(Timestamp::new(1_795_452_793, 0)))
        );
        let iso = parse_at("2026-11-23T16:53:13.5Z").ok();
        assert_eq!(
            iso,
            Some(At::Absolute(Timestamp::new(1_795_452_793, 500_000_000)))
        );
        assert!(parse_at("yesterday").is_err());
        assert!(parse_at("+nan").is_err());
    }
}
