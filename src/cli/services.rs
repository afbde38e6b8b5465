//! `tcpsleuth services`: per server, the TCP ports seen accepting
//! connections and the UDP ports seen answering.

use super::input::{for_each_summary, InputArgs};
use super::scans::{Format, ScanFlags};
use super::Failure;
use crate::analysis::scans::ScanDetector;
use crate::analysis::services::ServiceTracker;
use crate::output::services as printer;

use std::net::IpAddr;

/// Long help (the variant's doc comment would otherwise replace it).
pub const LONG_ABOUT: &str = "\
List the services each server offered in the capture.

A TCP port offers a service when it answered a SYN with a SYN-ACK, or when
data flows on a connection whose handshake was not captured and one side is
a well-known port (in the service tables, or below 1024). A UDP port offers
a service when it answered a datagram sent to it. For each: the service
name, distinct clients, payload bytes both ways, first and last seen.

Scans are detected on the same pass (thresholds as in `tcpsleuth scans`):
ports that only scanners got an answer from are marked \"found by scan\",
and a host that answered SYN-ACK on nearly every port a scanner tried (SYN
cookies, a tarpit, a proxying firewall) is reported as answering every
port, listing only the ports real clients used.";

/// Examples shown after the flags.
pub const EXAMPLES: &str = "\
Examples:
  tcpsleuth services -r capture.pcap
  tcpsleuth services -r capture.pcap --no-scan-only     hide ports only scanners saw
  tcpsleuth services -r capture.pcap --format json | jq -c '.services[] | [.proto, .port, .clients]'";

/// Flags of `services`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Write the output to FILE instead of standard output (required for --format parquet)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Leave out ports that only scanners got an answer from
    #[arg(long)]
    pub no_scan_only: bool,
    #[command(flatten)]
    pub scan: ScanFlags,
}

/// Runs `services`.
pub fn run(args: Args) -> Result<i32, Failure> {
    let mut cap = args.input.open()?;
    let mut det = ScanDetector::new(args.scan.config());
    let mut svc = ServiceTracker::default();
    let stats = for_each_summary(&mut cap, |s| {
        det.observe(s);
        svc.observe(s);
    })?;
    let scans = det.finish();
    let scanners: Vec<IpAddr> = scans.scans.iter().map(|s| s.scanner).collect();
    let mut report = svc.finish(&scanners, &scans.answers_every_port);
    if args.no_scan_only {
        for h in &mut report.hosts {
            h.services.retain(|s| !s.found_by_scan);
        }
        report
            .hosts
            .retain(|h| !h.services.is_empty() || h.answers_every_port);
    }
    let table = (args.format == Format::Parquet).then_some(crate::output::parquet::SERVICES);
    let mut out = super::open_output(args.output.as_deref(), table)?;
    match args.format {
        Format::Text => {
            // On the terminal (or COLUMNS) long lines wrap; files never do.
            let width = args.output.is_none().then(crate::output::term::width).flatten();
            let mut out = crate::output::term::Fit::new(&mut out, width);
            printer::write_text(&mut out, &report)?;
            out.finish()?;
        }
        Format::Json | Format::Parquet => printer::write_json(&mut out, &report)?,
    }
    super::close_output(out)?;
    Ok(stats.exit_code())
}
