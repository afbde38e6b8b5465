//! `tcpsleuth conns`: the connection table, with both endpoints' TCP states.

use super::input::{for_each_summary, InputArgs};
use super::Failure;
use crate::flow::{Connection, HindsightBuilder, TcpState, Tracker, TrackerConfig};
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

The client is the side that sent the SYN (Zeek's originator). Records
split and end where Zeek's conn.log would: --format zeek writes a conn.log.

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
  tcpsleuth conns -r capture.pcap --format zeek > conn.log
  tcpsleuth conns -r capture.pcap --format json | jq -c '[.\"id.resp_p\", .conn_state, .rtt_ms]'";

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
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Sort order (default: by start time). Without --sort and --at, JSON is
    /// streamed: each connection is printed when it closes or times out, in
    /// that order, as Zeek writes conn.log, so memory stays bounded.
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
}

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

/// JSON lines written as connections close: the tracker's cap and timeouts
/// bound memory however long the capture.
fn stream_json(args: &Args, mut tracker: Tracker) -> Result<i32, Failure> {
    let mut cap = args.input.open()?;
    let opts = Options { numeric: args.numeric, at: None };
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut failed: Option<io::Error> = None;
    let mut emit = |c: Connection, t: Timestamp, out: &mut BufWriter<_>| {
        let row = ConnRow::at(c, t);
        if failed.is_none() && matches_state(&row, &args.state) {
            if let Err(e) = printer::write_json(out, std::slice::from_ref(&row), &opts) {
                failed = Some(e);
            }
        }
    };
    let stats = for_each_summary(&mut cap, |s| {
        tracker.push(s);
        for c in tracker.drain_closed() {
            emit(c, s.ts, &mut out);
        }
    })?;
    let end = stats.last_ts.unwrap_or_default();
    for c in tracker.finish() {
        emit(c, end, &mut out);
    }
    if let Some(e) = failed {
        return Err(e.into());
    }
    out.flush()?;
    Ok(stats.exit_code())
}

fn sort_rows(rows: &mut [ConnRow], key: SortKey) {
    let total = |c: &Connection| {
        let (a, b) = c.bytes_raw();
        a + b
    };
    match key {
        SortKey::Start => rows.sort_by_key(|r| (r.conn.start, r.conn.id)),
        SortKey::Duration => rows.sort_by(|a, b| b.conn.duration().total_cmp(&a.conn.duration())),
        SortKey::Bytes => rows.sort_by_key(|r| std::cmp::Reverse(total(&r.conn))),
        SortKey::Packets => {
            rows.sort_by_key(|r| std::cmp::Reverse(r.conn.orig().pkts + r.conn.resp().pkts))
        }
        SortKey::Client => rows.sort_by_key(|r| (r.conn.orig_side(), r.conn.start)),
        SortKey::Server => rows.sort_by_key(|r| (r.conn.resp_side(), r.conn.start)),
        SortKey::State => rows.sort_by_key(|r| (r.conn.conn_state(), r.conn.start)),
        SortKey::Rtt => rows.sort_by(|a, b| {
            let k = |r: &ConnRow| r.conn.rtt.total().unwrap_or(-1.0);
            k(b).total_cmp(&k(a))
        }),
    }
}

/// Runs `conns`.
pub fn run(args: Args) -> Result<i32, Failure> {
    let at = args.at.as_deref().map(parse_at).transpose()?;
    let mut tracker = Tracker::new(TrackerConfig::default());
    if at.is_some() {
        // A first pass learns what only the whole capture shows (SYN cookies).
        let mut cap = args.input.open()?;
        let mut hb = HindsightBuilder::default();
        for_each_summary(&mut cap, |s| hb.observe(s))?;
        tracker = tracker.with_hindsight(hb.finish());
    }
    if at.is_none() && args.sort.is_none() && args.format == Format::Json {
        return stream_json(&args, tracker);
    }
    let mut cap = args.input.open()?;
    let mut closed: Vec<Connection> = Vec::new();
    let mut first: Option<Timestamp> = None;
    let mut cutoff: Option<Timestamp> = None;
    let stats = for_each_summary(&mut cap, |s| {
        let f = *first.get_or_insert(s.ts);
        if cutoff.is_none() {
            cutoff = match at {
                Some(At::Absolute(t)) => Some(t),
                Some(At::AfterFirst(x)) => Some(Timestamp::from_nanos(
                    f.as_nanos() + (x * 1e9).round() as i128,
                )),
                None => None,
            };
        }
        if cutoff.is_some_and(|c| s.ts > c) {
            return;
        }
        tracker.push(s);
        closed.extend(tracker.drain_closed());
    })?;
    let rows: Vec<ConnRow> = match cutoff {
        Some(t) => {
            tracker.expire(t);
            closed.extend(tracker.drain_closed());
            let live = tracker.live().cloned().map(|c| ConnRow::at(c, t));
            let lingering = closed.into_iter().map(|c| ConnRow::at(c, t)).filter(|r| {
                r.conn.proto == 6
                    && (r.client_state != TcpState::Closed || r.server_state != TcpState::Closed)
            });
            live.chain(lingering).collect()
        }
        None => {
            let end = stats.last_ts.unwrap_or_default();
            closed.extend(tracker.finish());
            closed.into_iter().map(|c| ConnRow::at(c, end)).collect()
        }
    };
    let mut rows: Vec<ConnRow> = rows
        .into_iter()
        .filter(|r| matches_state(r, &args.state))
        .collect();
    sort_rows(&mut rows, args.sort.unwrap_or_default());
    let opts = Options {
        numeric: args.numeric,
        at: cutoff,
    };
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match args.format {
        Format::Table => printer::write_table(&mut out, &rows, &opts)?,
        Format::Json => printer::write_json(&mut out, &rows, &opts)?,
        Format::Csv => printer::write_csv(&mut out, &rows, &opts)?,
        Format::Zeek => printer::write_zeek(&mut out, &rows, &opts)?,
    }
    out.flush()?;
    Ok(stats.exit_code())
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
