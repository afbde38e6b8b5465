//! Command-line interface: one file per subcommand, each with its long help
//! on top, an `Args` struct and a `run()`.
//!
//! Flags are parsed by clap into plain data here; each subcommand turns them
//! into a pipeline (capture → wire → flow → analysis → output) in its `run()`.
//! Exit codes: 0 ok, 1 findings or partial input problems, 2 usage or fatal.

pub mod conns;
pub mod diagnose;
pub mod input;
pub mod ladder;
pub mod packets;
pub mod report;
pub mod probe;
pub mod scans;
pub mod services;
pub mod sockets;
pub mod threads;

use clap::{Parser, Subcommand};
use std::io;

const ABOUT: &str = "TCP/IP traffic analyzer: decode packets, track connections, say why they failed, find scans.";

const EXAMPLES: &str = "\
Examples:
  tcpsleuth -r capture.pcap                   overview: summary, failed connections, scans, services
  tcpsleuth packets -nn -r capture.pcap       one line per packet, as tcpdump prints it
  tcpsleuth packets --detail -r capture.pcap  every field of every layer
  tcpsleuth conns -r capture.pcap             connections with both endpoints' TCP states
  tcpsleuth diagnose -r client.pcap --peer server.pcap
  tcpsleuth packets -nn --explain -r capture.pcap   each packet told in words
  tcpsleuth ladder -r capture.pcap --port 80       client and server side by side
  tcpsleuth report -r capture.pcap -o report.html  everything in one HTML file
  tcpsleuth scans -r capture.pcap --format json
  tcpsleuth services -r capture.pcap
  tcpsleuth sockets --explain                 this host's sockets like ss -tuanp, explained
  tcpsleuth probe 10.0.0.5:22,80,443          is it open from here, and if not, why";

/// tcpsleuth's command line.
#[derive(Parser, Debug)]
#[command(name = "tcpsleuth", version, about = ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Overview of FILE (used when no subcommand is given)
    #[command(flatten)]
    pub input: input::InputArgs,
    /// Overview: a capture of the same traffic taken at the other end
    #[arg(long = "peer", value_name = "FILE")]
    pub peer: Vec<std::path::PathBuf>,
    /// Overview: every line of every section (long sections are cut otherwise)
    #[arg(long = "all")]
    pub all: bool,
    #[command(flatten)]
    pub threads: threads::ThreadArgs,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print packets as tcpdump does, or field by field (--detail)
    #[command(long_about = packets::LONG_ABOUT, after_help = packets::EXAMPLES)]
    Packets(packets::Args),
    /// Connections with both endpoints' TCP states, Zeek conn_state and history
    #[command(long_about = conns::LONG_ABOUT, after_help = conns::EXAMPLES)]
    Conns(conns::Args),
    /// Say why each connection failed, with the packets that prove it
    #[command(long_about = diagnose::LONG_ABOUT)]
    Diagnose(diagnose::Args),
    /// Port scans, ping sweeps, SYN floods, ICMP unreachable surges
    #[command(long_about = scans::LONG_ABOUT, after_help = scans::EXAMPLES)]
    Scans(scans::Args),
    /// Draw connections as ladder diagrams with both endpoints' TCP states
    #[command(long_about = ladder::LONG_ABOUT, after_help = ladder::EXAMPLES)]
    Ladder(ladder::Args),
    /// Write one self-contained HTML report with ladders, tables and maps
    #[command(long_about = report::LONG_ABOUT, after_help = report::EXAMPLES)]
    Report(report::Args),
    /// Ports each server offered: accepting TCP, answering UDP
    #[command(long_about = services::LONG_ABOUT, after_help = services::EXAMPLES)]
    Services(services::Args),
    /// This host's TCP and UDP sockets like ss -tuanp, explained (--explain)
    #[command(long_about = sockets::LONG_ABOUT, after_help = sockets::EXAMPLES)]
    Sockets(sockets::Args),
    /// Is that port open from here? connect() or raw SYNs, with the packets that prove each verdict
    #[command(long_about = probe::LONG_ABOUT, after_help = probe::EXAMPLES)]
    Probe(probe::Args),
}

/// Option values that must lie in a range: out-of-range values are usage
/// errors (exit 2), as tcpdump treats `-c 0`.
pub mod values {
    /// A share between 0 and 1.
    pub fn share(s: &str) -> Result<f64, String> {
        match s.parse::<f64>() {
            Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
            _ => Err(format!("'{s}' is not a share between 0 and 1")),
        }
    }
    /// A non-negative, finite number of seconds.
    pub fn secs(s: &str) -> Result<f64, String> {
        match s.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
            _ => Err(format!("'{s}' is not a number of seconds (0 or more)")),
        }
    }
    /// A count of at least 1.
    pub fn count(s: &str) -> Result<u64, String> {
        match s.parse::<u64>() {
            Ok(x) if x >= 1 => Ok(x),
            _ => Err(format!("'{s}' is not a count of at least 1")),
        }
    }
    /// A count of at least 1, as usize.
    pub fn count_usize(s: &str) -> Result<usize, String> {
        count(s).and_then(|x| usize::try_from(x).map_err(|_| format!("'{s}' is too large")))
    }
    /// A count of at least 1, as u32.
    pub fn count_u32(s: &str) -> Result<u32, String> {
        count(s).and_then(|x| u32::try_from(x).map_err(|_| format!("'{s}' is too large")))
    }
}

/// Opens where a command writes: standard output, `-o FILE`, or with
/// `table` a Parquet file (`--format parquet -o FILE`); failures exit 2.
pub fn open_output(
    path: Option<&std::path::Path>,
    table: Option<crate::output::parquet::Table>,
) -> Result<io::BufWriter<crate::output::parquet::Sink>, Failure> {
    match crate::output::parquet::Sink::open(path, table) {
        Ok(sink) => Ok(io::BufWriter::with_capacity(1 << 16, sink)),
        Err(e) => Err(Failure::fatal(match (path, e.kind()) {
            (Some(p), io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied) => format!("-o {}: {e}", p.display()),
            _ => e.to_string(),
        })),
    }
}

/// Flushes and closes what [`open_output`] opened (the Parquet footer).
pub fn close_output(out: io::BufWriter<crate::output::parquet::Sink>) -> Result<(), Failure> {
    let sink = out.into_inner().map_err(|e| Failure::from(e.into_error()))?;
    sink.finish()?;
    Ok(())
}

/// A failure that ends the run, with its exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    /// A fatal error (exit code 2).
    pub fn fatal(message: impl Into<String>) -> Self {
        Failure { code: 2, message: message.into() }
    }
    /// Partial input: something was read, then the input went bad (exit code 1).
    pub fn partial(message: impl Into<String>) -> Self {
        Failure { code: 1, message: message.into() }
    }
}

impl From<io::Error> for Failure {
    /// A closed pipe (`tcpsleuth ... | head`) is a normal end, not an error.
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure { code: 0, message: String::new() }
        } else {
            Failure::fatal(format!("write error: {e}"))
        }
    }
}

/// Runs tcpsleuth with the process arguments; returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Some(Command::Packets(a)) => packets::run(a),
        Some(Command::Conns(a)) => conns::run(a),
        Some(Command::Diagnose(a)) => diagnose::run(a),
        Some(Command::Scans(a)) => scans::run(a),
        Some(Command::Services(a)) => services::run(a),
        Some(Command::Ladder(a)) => ladder::run(a),
        Some(Command::Report(a)) => report::run(a),
        Some(Command::Sockets(a)) => sockets::run(a),
        Some(Command::Probe(a)) => probe::run(a),
        None => {
            if cli.input.read.is_empty() && cli.input.interface.is_none() && !cli.input.list_interfaces {
                eprintln!("tcpsleuth: no input; give -r FILE or -i IFACE (see tcpsleuth --help)");
                return 2;
            }
            overview(cli.input, cli.peer, cli.all, cli.threads.count())
        }
    };
    match result {
        Ok(code) => code,
        Err(f) if f.code == 0 => 0,
        Err(f) => {
            eprintln!("tcpsleuth: {}", f.message);
            f.code
        }
    }
}

/// The default job: capture summary, the findings that matter, scans, services.
fn overview(input: input::InputArgs, peer: Vec<std::path::PathBuf>, all: bool, threads: usize) -> Result<i32, Failure> {
    diagnose::overview(input, &peer, all, threads)
}
