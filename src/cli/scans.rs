//! `tcpsleuth scans`: port scans, ping sweeps, SYN floods and ICMP
//! unreachable surges, each with what the scanner learned and its evidence.

use super::input::{InputArgs, Item, Numbering};
use super::threads::{fan_out, ThreadArgs};
use super::Failure;
use crate::analysis::floods::{self, FloodConfig, FloodDetector};
use crate::analysis::scans::{self, ScanConfig, ScanDetector};
use crate::output::scans as printer;


/// Long help (the variant's doc comment would otherwise replace it).
pub const LONG_ABOUT: &str = "\
Find port scans, ping sweeps, SYN floods and surges of ICMP unreachable.

Every packet a source sends to a port of a target, and every answer, is
folded into one small entry per (source, target, protocol, port), so a
retransmitted probe is never a second port. A port's state is read the way
nmap reads it: SYN-ACK open, RST closed, no answer to a SYN filtered, no
answer to FIN/NULL/Xmas/UDP open|filtered, RST to an ACK probe unfiltered,
ICMP port unreachable closed (UDP), other unreachables filtered.

An attempt is a probe when the initiator sent no payload, or tore the
connection down right after the SYN-ACK; one with payload, an answered UDP
datagram or echo is a conversation. A source is reported when one target
had --vertical-min-ports ports tried, or one port was tried on
--horizontal-min-hosts targets (echo: --ping-sweep-min-hosts), and at least
--min-probe-share of those were probes. That share keeps browsers, NAT
gateways, resolvers and retries of one port quiet. Alerts are raised the
moment a threshold is crossed (--alerts prints them) and re-checked at the
end.

A SYN flood is at least --syn-flood-min-half-open handshakes to one server
port left half-open, and at least half of that port's attempts. An ICMP
surge is at least --icmp-surge-min destination-unreachable messages to one
host within 10 s.

Memory is bounded (sources, entries, targets per source, awaited answers);
what a limit dropped is counted in the output.";

/// Examples shown after the flags.
pub const EXAMPLES: &str = "\
Examples:
  tcpsleuth scans -r capture.pcap
  tcpsleuth scans -r capture.pcap --format json | jq 'select(.finding==\"scan\") | .open'
  tcpsleuth scans -r capture.pcap --vertical-min-ports 20 --horizontal-min-hosts 32
  tcpsleuth scans -r capture.pcap --alerts            print each alert as it is raised";

/// Output format of `scans` and `services`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// readable findings
    #[default]
    Text,
    /// one JSON object per line
    Json,
    /// Apache Parquet file (needs -o FILE): the JSON fields as columns
    Parquet,
}

/// Detection thresholds, shared with `services` (which marks the ports only
/// scanners saw).
#[derive(clap::Args, Debug, Clone)]
pub struct ScanFlags {
    /// Distinct ports tried on one target that make a vertical scan
    #[arg(long, value_name = "N", value_parser = super::values::count_u32, default_value_t = scans::VERTICAL_MIN_PORTS)]
    pub vertical_min_ports: u32,
    /// Distinct targets tried on one port that make a horizontal scan
    #[arg(long, value_name = "N", value_parser = super::values::count_u32, default_value_t = scans::HORIZONTAL_MIN_HOSTS)]
    pub horizontal_min_hosts: u32,
    /// Distinct targets sent ICMP echo requests that make a ping sweep
    #[arg(long, value_name = "N", value_parser = super::values::count_u32, default_value_t = scans::PING_SWEEP_MIN_HOSTS)]
    pub ping_sweep_min_hosts: u32,
    /// Share of those attempts that must be probes, not conversations (0-1)
    #[arg(long, value_name = "SHARE", value_parser = super::values::share, default_value_t = scans::MIN_PROBE_SHARE)]
    pub min_probe_share: f64,
    /// Seconds after which an unanswered probe counts as "no answer"
    #[arg(long, value_name = "SECS", value_parser = super::values::secs, default_value_t = scans::PROBE_TIMEOUT_NS as f64 / 1e9)]
    pub probe_timeout: f64,
    /// Sources tracked at once (memory bound)
    #[arg(long, value_name = "N", value_parser = super::values::count_usize, default_value_t = scans::MAX_SOURCES)]
    pub max_sources: usize,
    /// (source, target, port) entries tracked at once, about 40 bytes each
    #[arg(long, value_name = "N", value_parser = super::values::count_usize, default_value_t = scans::MAX_ENTRIES)]
    pub max_entries: usize,
}

impl ScanFlags {
    /// The scan detector's configuration.
    pub fn config(&self) -> ScanConfig {
        ScanConfig {
            vertical_min_ports: self.vertical_min_ports.max(1),
            horizontal_min_hosts: self.horizontal_min_hosts.max(1),
            ping_sweep_min_hosts: self.ping_sweep_min_hosts.max(1),
            min_probe_share: self.min_probe_share.clamp(0.0, 1.0),
            probe_timeout: (self.probe_timeout.max(0.0) * 1e9) as i64,
            max_sources: self.max_sources.max(1),
            max_entries: self.max_entries.max(1),
            ..ScanConfig::default()
        }
    }
}

/// Flags of `scans`.
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
    #[command(flatten)]
    pub scan: ScanFlags,
    /// Half-open handshakes to one server port that make a SYN flood
    #[arg(long, value_name = "N", default_value_t = floods::SYN_FLOOD_MIN_HALF_OPEN)]
    pub syn_flood_min_half_open: u32,
    /// ICMP destination-unreachable messages to one host within 10 s that make a surge
    #[arg(long, value_name = "N", default_value_t = floods::ICMP_SURGE_MIN)]
    pub icmp_surge_min: u32,
    /// Print each alert on stderr the moment a threshold is crossed
    #[arg(long)]
    pub alerts: bool,
}

/// Runs `scans`. Exit code 1 when something was found.
pub fn run(args: Args) -> Result<i32, Failure> {
    // Alerts print on stderr while reading: no bar to tangle with them.
    super::input::allow_progress(!args.alerts);
    let mut cap = args.input.open()?;
    let mut det = ScanDetector::new(args.scan.config());
    let mut fl = FloodDetector::new(FloodConfig {
        syn_flood_min_half_open: args.syn_flood_min_half_open.max(1),
        icmp_surge_min: args.icmp_surge_min.max(1),
        ..FloodConfig::default()
    });
    let alerts = args.alerts;
    let mut scans = |i: Item<'_>| {
        let Item::Packet(s) = i else { return };
        det.observe(s);
        if alerts {
            for a in det.take_alerts() {
                eprintln!("{}", printer::alert_line(&a));
            }
        }
    };
    let mut floods = |i: Item<'_>| {
        if let Item::Packet(s) = i {
            fl.observe(s)
        }
    };
    let stats = fan_out(&mut cap, Numbering::Merged, args.threads.count(), false, &mut [&mut scans, &mut floods])?;
    let report = det.finish();
    let flood = fl.finish();
    let table = (args.format == Format::Parquet).then_some(crate::output::parquet::SCANS);
    let mut out = super::open_output(args.output.as_deref(), table)?;
    match args.format {
        Format::Text => {
            // On the terminal (or COLUMNS) long lines wrap; files never do.
            let width = args.output.is_none().then(crate::output::term::width).flatten();
            let mut out = crate::output::term::Fit::new(&mut out, width);
            printer::write_text(&mut out, &report, &flood, stats.frames)?;
            out.finish()?;
        }
        Format::Json | Format::Parquet => printer::write_json(&mut out, &report, &flood)?,
    }
    super::close_output(out)?;
    let code = stats.exit_code();
    let found = !report.scans.is_empty() || !flood.floods.is_empty();
    Ok(if found { 1 } else { code })
}
