//! `tcpsleuth packets`: one line per packet in tcpdump's format, or every
//! field of every layer (`--detail`, `--format json`).

use super::input::{for_each_frame, InputArgs};
use super::Failure;
use crate::analysis::steps::Stepper;
use crate::output::detail::{DetailOptions, DetailPrinter};
use crate::output::explain::explain;
use crate::output::term;
use crate::output::tcpdump::{HexMode, TcpdumpOptions, TcpdumpPrinter, TsMode};
use crate::wire;
use std::io::{self, BufWriter, Write};

pub const LONG_ABOUT: &str = "\
Print every packet of the capture.

By default each packet is one line exactly as tcpdump prints it, and the
flags below mean what they mean to tcpdump. Names are never looked up in
DNS; ports print as service names (from an embedded table of the names
tcpdump uses) unless -n.

--detail prints every field of every layer as an indented tree (MAC vendors,
address classes, flag bits, checksum verdicts, options, quoted packets);
--format json prints the same tree as one JSON object per line.

--explain adds, under each packet, a sentence or two in plain words: who
opens, accepts, refuses or closes, the ISN and options a SYN offers,
retransmissions with their delay, duplicate ACKs, zero windows, what an
ICMP error quotes and what the sender will do, and both endpoints' TCP
states (client; server) as netstat would show them after the packet.
The states come from the same connection model as `conns`.

Times are local (TZ honoured), as tcpdump prints them; --utc prints UTC.";

pub const EXAMPLES: &str = "\
Examples:
  tcpsleuth packets -nn -r capture.pcap
  tcpsleuth packets -# -n -tttt -v -r capture.pcapng.gz
  tcpsleuth packets -r a.pcap -r b.pcap -c 100       merge two files, first 100 packets
  tcpsleuth packets --detail -r capture.pcap
  tcpsleuth packets -nn --explain -r capture.pcap   each packet told in words
  sudo tcpsleuth packets -nn -i eth0 -c 20         live capture (ctrl-C stops)
  tcpsleuth packets --format json -r capture.pcap | jq .tcp";

/// Output format of `packets`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// tcpdump lines (or the --detail tree)
    #[default]
    Text,
    /// one JSON object per packet with every field
    Json,
    /// Apache Parquet summary table (needs -o FILE): time, addresses, ports,
    /// protocol, TCP flags, lengths, TTL and the connection's uid, one row
    /// per IP packet (fragments reassembled)
    Parquet,
}

/// Flags of `packets` (tcpdump's letters where tcpdump has one).
#[derive(clap::Args, Debug, Default)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print only the number of packets read, as tcpdump --count does. Each
    /// is still read, decoded and reassembled as for conns (on the reader
    /// thread), so this times the reader alone: the ceiling of --threads.
    #[arg(long = "count")]
    pub count_only: bool,
    /// -n: numeric ports and protocols, as tcpdump -n (addresses are never looked up in DNS anyway)
    #[arg(short = 'n', action = clap::ArgAction::Count)]
    pub numeric: u8,
    /// Timestamps: -t none, -tt epoch, -ttt delta, -tttt date, -ttttt since first
    #[arg(short = 't', action = clap::ArgAction::Count)]
    pub ts: u8,
    /// Print timestamps with nanosecond precision
    #[arg(long = "nano")]
    pub nano: bool,
    /// Print the link-level header
    #[arg(short = 'e')]
    pub link: bool,
    /// More detail: -v, -vv, -vvv
    #[arg(short = 'v', action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Absolute TCP sequence numbers instead of relative ones
    #[arg(short = 'S', long = "absolute-tcp-sequence-numbers")]
    pub absolute_seq: bool,
    /// Hex dump of each packet (-xx: including the link header)
    #[arg(short = 'x', action = clap::ArgAction::Count)]
    pub hex: u8,
    /// Hex and ASCII dump (-XX: including the link header)
    #[arg(short = 'X', action = clap::ArgAction::Count)]
    pub hex_ascii: u8,
    /// ASCII dump (-AA: including the link header)
    #[arg(short = 'A', action = clap::ArgAction::Count)]
    pub ascii: u8,
    /// Print the frame number before each packet
    #[arg(short = '#', long = "number")]
    pub number: bool,
    /// Print every field of every layer as a tree
    #[arg(long)]
    pub detail: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Write the Parquet table to FILE (--format parquet)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Print times in UTC instead of local time (local time honours TZ, as tcpdump)
    #[arg(long = "utc")]
    pub utc: bool,
    /// Write the packets (those the filter selects) to FILE as pcap instead
    /// of printing them, as tcpdump -w; '-' writes to standard output
    #[arg(short = 'w', value_name = "FILE")]
    pub write: Option<String>,
    /// With -w: start a new file once the current one holds more than SIZE
    /// millions of bytes (k, m, g suffixes: KiB, MiB, GiB), named FILE, FILE1…
    #[arg(short = 'C', value_name = "SIZE", requires = "write", value_parser = file_size)]
    pub file_size: Option<u64>,
    /// With -w: a new file every SECS seconds of capture time
    #[arg(short = 'G', value_name = "SECS", requires = "write")]
    pub rotate_secs: Option<u64>,
    /// With -C: keep N files, reusing the names in turn (FILE0 … FILE{N-1});
    /// with -G only: stop after N files
    #[arg(short = 'W', value_name = "N", requires = "write", value_parser = clap::value_parser!(u32).range(1..))]
    pub file_count: Option<u32>,
    /// With -w: write pcapng instead of pcap, with the interface's name,
    /// nanosecond timestamps and (live) the kernel's received and dropped
    /// counts in a closing statistics block
    #[arg(long = "pcapng", requires = "write")]
    pub pcapng: bool,
    /// Under each packet, say in plain words what it does and both
    /// endpoints' TCP states after it (JSON: an "explain" field)
    #[arg(long = "explain")]
    pub explain: bool,
    /// Do not verify IP, TCP and UDP checksums under -v (a capture taken on
    /// a host whose network card computes them shows every packet it sent
    /// with a wrong one), as tcpdump -K
    #[arg(short = 'K', long = "dont-verify-checksums")]
    pub no_verify_checksums: bool,
    /// Line-buffered output: each packet's lines are written as soon as it
    /// is printed, for `| grep` on a live capture (tcpdump -l)
    #[arg(short = 'l')]
    pub line_buffered: bool,
    /// Packet-buffered: with -w, each packet reaches the file as it is
    /// captured; printed lines are written per packet too (tcpdump -U)
    #[arg(short = 'U', long = "packet-buffered")]
    pub packet_buffered: bool,
    /// With -w FILE: print the packets as well, as tcpdump --print
    #[arg(long = "print", requires = "write")]
    pub print: bool,
    /// Accepted for tcpdump's -N: host names are never printed (addresses
    /// are never looked up), so there is no domain to strip
    #[arg(short = 'N', hide_short_help = true)]
    pub no_domain: bool,
    /// Accepted for tcpdump's -O: the filter runs as compiled, without
    /// libpcap's optimizer, always
    #[arg(short = 'O', long = "no-optimize", hide_short_help = true)]
    pub no_optimize: bool,
}

impl Args {
    /// The packet listing used as the default job.
    pub fn for_overview(input: InputArgs) -> Self {
        Args { input, numeric: 2, ..Args::default() }
    }

    fn tcpdump_options(&self) -> TcpdumpOptions {
        TcpdumpOptions {
            resolve_ports: self.numeric == 0,
            ts_mode: match self.ts {
                0 => TsMode::Default,
                1 => TsMode::None,
                2 => TsMode::Epoch,
                3 => TsMode::Delta,
                4 => TsMode::Date,
                _ => TsMode::SinceFirst,
            },
            nano: self.nano,
            link_header: self.link,
            verbose: self.verbose,
            quiet: self.input.quiet,
            absolute_seq: self.absolute_seq,
            hex: match (self.hex_ascii, self.hex, self.ascii) {
                (x, _, _) if x >= 2 => HexMode::HexAsciiLink,
                (1, _, _) => HexMode::HexAscii,
                (_, x, _) if x >= 2 => HexMode::HexLink,
                (_, 1, _) => HexMode::Hex,
                (_, _, a) if a >= 2 => HexMode::AsciiLink,
                (_, _, 1) => HexMode::Ascii,
                _ => HexMode::None,
            },
            number: self.number,
            zone: if self.utc { crate::time::Zone::Utc } else { crate::time::Zone::Local },
            no_verify_checksums: self.no_verify_checksums,
        }
    }
}

/// tcpdump's first line on stderr: which file, its link type and snapshot
/// length (a live capture's "listening on" line is printed when it opens).
fn announce(cap: &crate::capture::Capture) {
    if cap.is_live() {
        return;
    }
    for (name, lt) in cap.file_names().iter().zip(cap.link_types()) {
        let name = if *name == "-" { "standard input" } else { name };
        match lt {
            Some(lt) => eprintln!(
                "reading from file {name}, link-type {}, snapshot length {}",
                crate::names::LinkType(lt),
                cap.snaplen()
            ),
            None => eprintln!("reading from file {name}"),
        }
    }
}

/// Explanations of one frame's packets, from flow's connection model.
struct Explaining {
    stepper: Stepper,
    width: Option<usize>,
}

impl Explaining {
    fn sentences(&mut self, f: &crate::capture::Frame<'_>, d: &wire::Decoded<'_>) -> Vec<String> {
        d.summaries(super::input::meta(f))
            .filter_map(|s| {
                let step = self.stepper.step(&s);
                explain(&s, step.as_ref())
            })
            .collect()
    }
    /// Indented and wrapped under the packet line.
    fn write_text(&self, out: &mut dyn Write, lines: &[String]) -> io::Result<()> {
        for l in lines {
            for w in term::wrap(l, "    ", "    ", self.width) {
                writeln!(out, "{w}")?;
            }
        }
        Ok(())
    }
}

/// Adds `"explain": "…"` to one JSON object line.
fn with_explain(mut json: Vec<u8>, lines: &[String]) -> Vec<u8> {
    if lines.is_empty() {
        return json;
    }
    while json.last().is_some_and(|b| b.is_ascii_whitespace()) {
        json.pop();
    }
    if json.last() == Some(&b'}') {
        json.pop();
        let text = serde_json::to_string(&lines.join(" ")).unwrap_or_default();
        json.extend_from_slice(b",\"explain\":");
        json.extend_from_slice(text.as_bytes());
        json.push(b'}');
    }
    json.push(b'\n');
    json
}

/// Runs `packets`.
pub fn run(args: Args) -> Result<i32, Failure> {
    if args.format == Format::Parquet {
        return parquet_table(&args);
    }
    // Lines printed while reading would tangle with a bar on the same terminal.
    super::input::allow_progress(!std::io::IsTerminal::is_terminal(&io::stdout()) && !args.input.quiet);
    let mut cap = args.input.open()?;
    if args.format == Format::Text && !args.detail {
        announce(&cap);
    }
    if args.count_only {
        let stats = super::input::for_each_summary(&mut cap, |_| {})?;
        println!("{} packets", stats.frames);
        return Ok(stats.exit_code());
    }
    if let Some(path) = args.write.clone() {
        return write(&args, &mut cap, path);
    }
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    // Live: each packet shows as it arrives (tcpdump's line buffering on a
    // terminal); -l and -U ask for it on any output.
    let live = cap.is_live() || args.line_buffered || args.packet_buffered;
    let mut ex = args.explain.then(|| Explaining { stepper: Stepper::default(), width: term::width() });
    let stats = if args.detail || args.format == Format::Json {
        let mut p = DetailPrinter::new(DetailOptions {
            resolve_ports: args.numeric < 2,
            hex: args.hex > 0 || args.hex_ascii > 0,
        });
        let json = args.format == Format::Json;
        for_each_frame(&mut cap, |f| {
            let d = wire::decode(f.link_type, f.data);
            let lines = ex.as_mut().map(|e| e.sentences(f, &d)).unwrap_or_default();
            if json {
                let mut buf = Vec::new();
                p.write_json(&mut buf, f, &d)?;
                out.write_all(&with_explain(buf, &lines))?;
            } else {
                p.write_tree(&mut out, f, &d)?;
                if let Some(e) = &ex {
                    e.write_text(&mut out, &lines)?;
                }
            }
            if live {
                out.flush()?;
            }
            Ok(true)
        })?
    } else {
        let mut p = TcpdumpPrinter::new(args.tcpdump_options());
        for_each_frame(&mut cap, |f| {
            p.print(&mut out, f)?;
            // The printer reads the bytes itself; only --explain needs the walk.
            if let Some(e) = ex.as_mut() {
                let lines = e.sentences(f, &wire::decode(f.link_type, f.data));
                e.write_text(&mut out, &lines)?;
            }
            if live {
                out.flush()?;
            }
            Ok(true)
        })?
    };
    out.flush()?;
    Ok(stats.exit_code())
}

/// `--format parquet`: one row per IP packet with its connection's uid, the
/// packets run through the same tracker as `conns` so the uids match.
fn parquet_table(args: &Args) -> Result<i32, Failure> {
    use crate::output::parquet::{packet_row, ParquetWriter, PACKETS};
    let path = args.output.as_deref().ok_or_else(|| Failure::fatal("--format parquet needs -o FILE"))?;
    let mut cap = args.input.open()?;
    let mut table = ParquetWriter::create(path, PACKETS).map_err(|e| Failure::fatal(format!("-o {}: {e}", path.display())))?;
    let mut tracker = crate::flow::Tracker::new(crate::flow::TrackerConfig::default());
    let mut failed: Option<io::Error> = None;
    let stats = super::input::for_each_summary(&mut cap, |s| {
        let verdict = tracker.push(s);
        // By id, not by lookup: the packet that closes a connection has a stale handle.
        let uid = verdict.conn.map(|h| crate::flow::conn::uid_for(h.id));
        // Finished connections are not needed again: their uids are handed out.
        tracker.drain_closed().for_each(drop);
        if failed.is_none() {
            failed = table.push(&packet_row(s, uid)).err();
        }
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    table.finish()?;
    Ok(stats.exit_code())
}

/// tcpdump's -C size: millions of bytes, or KiB/MiB/GiB with a k/m/g suffix.
fn file_size(s: &str) -> Result<u64, String> {
    let (num, mult) = match s.char_indices().last() {
        Some((i, 'k' | 'K')) => (&s[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&s[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&s[..i], 1 << 30),
        _ => (s, 1_000_000),
    };
    match num.parse::<u64>() {
        Ok(n) if n > 0 => n.checked_mul(mult).ok_or_else(|| format!("{s}: too large")),
        _ => Err(format!("{s}: give a positive number of millions of bytes (or with a k, m or g suffix)")),
    }
}

/// `-w`: the selected packets as pcap, to standard output or rotated files.
fn write(args: &Args, cap: &mut crate::capture::Capture, path: String) -> Result<i32, Failure> {
    let link_type = cap.link_types().first().copied().flatten().unwrap_or(1);
    let snaplen = match cap.snaplen() {
        0 => crate::capture::MAX_SNAPLEN,
        n => n,
    };
    let mixed = |f: &crate::capture::Frame<'_>| {
        Failure::fatal(format!(
            "-w: frame {} has link type {} where the output file has {link_type}; write each input separately",
            f.number, f.link_type
        ))
    };
    let format = if args.pcapng {
        // A live capture names its interface; a file's frames may come from several.
        let if_name = cap.is_live().then(|| cap.file_names().first().map(|n| n.to_string())).flatten();
        crate::capture::OutFormat::Pcapng { if_name }
    } else {
        crate::capture::OutFormat::Pcap
    };
    if args.print && path == "-" {
        return Err(Failure::fatal("--print with -w -: the capture and the printed lines would share standard output; give -w a file"));
    }
    let mut echo = args.print.then(|| Echo::new(args));
    if path == "-" {
        let out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
        let mut w = crate::capture::FrameWriter::new(out, &format, link_type, snaplen)?;
        let stats = for_each_frame(cap, |f| {
            if f.link_type != link_type {
                return Err(mixed(f));
            }
            w.write_packet(f.ts, f.data, f.orig_len)?;
            if args.packet_buffered {
                w.flush()?;
            }
            Ok(true)
        })?;
        if let Some((received, dropped)) = stats.live {
            w.write_statistics(now(), received, dropped)?;
        }
        w.flush()?;
        return Ok(stats.exit_code());
    }
    let rot = crate::capture::Rotation {
        base: path,
        max_bytes: args.file_size,
        max_files: args.file_count,
        seconds: args.rotate_secs,
    };
    let mut w = crate::capture::RotatingWriter::with_format(rot, link_type, snaplen, format);
    let stats = for_each_frame(cap, |f| {
        if f.link_type != link_type {
            return Err(mixed(f));
        }
        let more = w.write(f.ts, f.data, f.orig_len).map_err(|e| Failure::fatal(format!("-w: {e}")))?;
        if args.packet_buffered {
            w.flush().map_err(|e| Failure::fatal(format!("-w: {e}")))?;
        }
        if let Some(e) = echo.as_mut() {
            e.frame(f)?;
        }
        Ok(more)
    })?;
    if let Some(e) = echo.as_mut() {
        e.out.flush()?;
    }
    if let Some((received, dropped)) = stats.live {
        w.write_statistics(now(), received, dropped).map_err(|e| Failure::fatal(format!("-w: {e}")))?;
    }
    w.finish().map_err(|e| Failure::fatal(format!("-w: {e}")))?;
    Ok(stats.exit_code())
}

/// `--print` beside `-w`: each written packet printed as tcpdump prints it.
struct Echo {
    printer: TcpdumpPrinter,
    out: BufWriter<io::StdoutLock<'static>>,
    /// Live, -l or -U: each packet's lines go out as it is printed.
    each: bool,
}

impl Echo {
    fn new(args: &Args) -> Echo {
        let each = args.input.interface.is_some() || args.line_buffered || args.packet_buffered;
        Echo { printer: TcpdumpPrinter::new(args.tcpdump_options()), out: BufWriter::with_capacity(1 << 16, io::stdout().lock()), each }
    }

    fn frame(&mut self, f: &crate::capture::Frame<'_>) -> io::Result<()> {
        self.printer.print(&mut self.out, f)?;
        if self.each {
            self.out.flush()?;
        }
        Ok(())
    }
}

/// Wall-clock time, for the closing statistics block of a live capture.
fn now() -> crate::time::Timestamp {
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    crate::time::Timestamp::new(d.as_secs() as i64, u64::from(d.subsec_nanos()))
}
