//! Input options shared by every subcommand, and the capture → wire glue.

use super::Failure;
use crate::capture::{Capture, CaptureError, Frame, LiveOptions, Pick};
use crate::filter::{Filter, FilterError, Program};
use crate::flow::{Tracker, TrackerConfig};
use crate::flow::defrag::{self, DefragStats, Defragmenter};
use crate::wire::{self, FrameMeta, Summary};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

/// `-r FILE` (repeatable) or `-i IFACE` with its live-capture options.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct InputArgs {
    /// Read packets from FILE: pcap or pcapng, optionally gzip- or zstd-compressed;
    /// '-' reads standard input. Repeat to merge several files by timestamp.
    /// A directory or a quoted glob ('spool/out.pcap*') reads a rotated
    /// capture set (tcpdump -C/-G) as one stream in time order: connections
    /// crossing a file boundary stay one connection.
    #[arg(short = 'r', long = "read", value_name = "FILE")]
    pub read: Vec<PathBuf>,
    /// Capture live on IFACE (Linux; needs root or CAP_NET_RAW) until ctrl-C,
    /// --duration or -c; `any` captures on every interface (cooked frames
    /// with the interface and direction); a number picks that line of -D
    #[arg(short = 'i', long = "interface", value_name = "IFACE", conflicts_with = "read")]
    pub interface: Option<String>,
    /// List the interfaces a live capture can open, as tcpdump -D, and exit
    #[arg(short = 'D', long = "list-interfaces")]
    pub list_interfaces: bool,
    /// Live capture: bytes kept of each packet (default and 0: 262144)
    #[arg(short = 's', long = "snaplen", value_name = "BYTES")]
    pub snaplen: Option<u32>,
    /// Live capture: do not put the interface in promiscuous mode (as tcpdump,
    /// the default is promiscuous: frames for other hosts on the link are seen)
    #[arg(short = 'p', long = "no-promiscuous-mode")]
    pub no_promisc: bool,
    /// Live capture: promiscuous mode (the default; kept for older scripts)
    #[arg(long = "promisc", conflicts_with = "no_promisc", hide = true)]
    pub promisc: bool,
    /// Live capture: kernel buffer of KIB kibibytes (tcpdump -B; default 2048)
    #[arg(short = 'B', long = "buffer-size", value_name = "KIB", value_parser = super::values::count_u32)]
    pub buffer_kib: Option<u32>,
    /// Live capture: hand each packet over as it arrives instead of in
    /// short batches (tcpdump --immediate-mode)
    #[arg(long = "immediate", visible_alias = "immediate-mode")]
    pub immediate: bool,
    /// Live capture: only the packets this host received (in), sent (out)
    /// or both (inout, the default), as tcpdump -Q
    #[arg(short = 'Q', long = "direction", value_name = "DIR", value_parser = direction)]
    pub direction: Option<crate::capture::Direction>,
    /// Live capture: stop after SECS seconds (an error with -r)
    #[arg(long = "duration", value_name = "SECS")]
    pub duration: Option<f64>,
    /// Leave packets with a bad IPv4, TCP or UDP checksum out of connections,
    /// as Zeek does by default. Without it they count, as in Wireshark: on
    /// the capturing host, checksum offload leaves outgoing packets'
    /// checksums for the network card to fill in after the capture saw them.
    #[arg(long = "drop-bad-checksums")]
    pub drop_bad_checksums: bool,
    /// Stop after N packets (that pass the filter)
    #[arg(short = 'c', value_name = "N", value_parser = super::values::count)]
    pub count: Option<u64>,
    /// Read the filter expression from FILE, as tcpdump -F ('#' starts a comment)
    #[arg(short = 'F', value_name = "FILE")]
    pub filter_file: Option<PathBuf>,
    /// Print the compiled filter program as tcpdump -d lists it, then exit
    #[arg(short = 'd')]
    pub dump_filter: bool,
    /// Only the frames of one connection, by its uid or Community ID as
    /// `tcpsleuth conns` prints them (files only: read twice)
    #[arg(long = "conn", value_name = "UID")]
    pub conn: Option<String>,
    /// No progress bar on stderr while reading files (it shows only when
    /// stderr is a terminal)
    #[arg(long = "no-progress")]
    pub no_progress: bool,
    /// Quiet: no progress bar; with `packets`, less protocol information
    /// too (tcpdump's -q)
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,
    /// Filter expression (pcap-filter(7), as tcpdump): only packets it selects
    /// are read, e.g. 'tcp port 80 and host 10.0.0.1'; several arguments are joined
    #[arg(value_name = "EXPRESSION", trailing_var_arg = true)]
    pub expression: Vec<String>,
}

impl InputArgs {
    /// Reads the given files (no live options).
    pub fn files(read: Vec<PathBuf>) -> Self {
        InputArgs { read, ..InputArgs::default() }
    }

    /// Names of the sources as reports show them: the files (capture sets
    /// expanded, in [`Frame::source`] order), or the interface.
    pub fn source_names(&self) -> Vec<String> {
        match &self.interface {
            Some(i) => vec![i.clone()],
            None => match crate::capture::expand(&self.read) {
                Ok(set) => set.paths.iter().map(|p| p.display().to_string()).collect(),
                Err(_) => self.read.iter().map(|p| p.display().to_string()).collect(),
            },
        }
    }

    /// The files to read: directories and glob patterns expanded into their
    /// capture files (others skipped with a note on stderr), or exit code 2.
    pub fn paths(&self) -> Result<Vec<PathBuf>, Failure> {
        let set = crate::capture::expand(&self.read).map_err(|e| Failure::fatal(e.to_string()))?;
        if let Some(first) = set.skipped.first() {
            let n = set.skipped.len();
            eprintln!(
                "tcpsleuth: skipped {n} file{} that {} not a capture (e.g. {})",
                if n == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" },
                first.display()
            );
        }
        Ok(set.paths)
    }

    /// The filter expression: -F's file (comments blanked, as tcpdump does)
    /// or the trailing arguments joined by spaces; `None` when there is none.
    pub fn filter_expression(&self) -> Result<Option<String>, Failure> {
        if let Some(path) = &self.filter_file {
            if !self.expression.is_empty() {
                eprintln!("tcpsleuth: warning: -F used, ignoring extra expression arguments");
            }
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::fatal(format!("-F {}: {e}", path.display())))?;
            let text: String = text
                .lines()
                .map(|l| l.split('#').next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join(" ");
            return Ok(Some(text));
        }
        Ok((!self.expression.is_empty()).then(|| self.expression.join(" ")))
    }

    /// Options that only mean something for a live capture are refused
    /// with files (a silent no-op would hide a mistake, e.g. --duration).
    fn check_live_only(&self) -> Result<(), Failure> {
        if self.interface.is_some() {
            return Ok(());
        }
        let given = [
            (self.duration.is_some(), "--duration"),
            (self.snaplen.is_some(), "-s/--snaplen"),
            (self.no_promisc, "-p"),
            (self.promisc, "--promisc"),
            (self.buffer_kib.is_some(), "-B"),
            (self.immediate, "--immediate"),
            (self.direction.is_some(), "-Q/--direction"),
        ];
        match given.iter().find(|(on, _)| *on) {
            Some((_, flag)) => Err(Failure::fatal(format!(
                "{flag} applies to a live capture (-i IFACE), not to files read with -r; \
                 to read part of a file give -c N or a filter expression"
            ))),
            None => Ok(()),
        }
    }

    /// Opens the capture with the filter (and -c) attached, or fails with
    /// exit code 2; with -d prints the program and ends (exit code 0);
    /// with -D lists the interfaces and ends.
    pub fn open(&self) -> Result<Capture, Failure> {
        if self.list_interfaces {
            list_interfaces();
            return Err(Failure { code: 0, message: String::new() });
        }
        if self.no_progress || self.quiet {
            allow_progress(false);
        }
        if self.interface.is_none() {
            // Before any file opens, so a writer that has opened a fifo
            // knows ctrl-C no longer kills a reader that found nothing yet.
            crate::capture::stop_on_signals();
        }
        let mut cap = self.open_source()?;
        let expr = self.filter_expression()?;
        let link_type = cap.link_types().first().copied().flatten();
        let filter = match &expr {
            Some(e) => Some(Filter::new(e, link_type).map_err(|err| filter_failure(e, &err))?),
            None => None,
        };
        if self.dump_filter {
            let lt = link_type.unwrap_or(1);
            let prog = Program::compile(expr.as_deref().unwrap_or(""), lt, cap.snaplen())
                .map_err(|err| filter_failure(expr.as_deref().unwrap_or(""), &err))?;
            print!("{}", prog.dump());
            return Err(Failure { code: 0, message: String::new() });
        }
        if let (Some(f), true) = (filter.as_ref(), cap.is_live()) {
            // The kernel sees VLAN tags apart from the frame: those
            // expressions are left to the userspace filter.
            if !f.expr().contains("vlan") {
                if let Ok(p) = Program::compile(f.expr(), link_type.unwrap_or(1), cap.snaplen()) {
                    let insns: Vec<_> = p.insns().iter().map(|i| (i.code, i.jt, i.jf, i.k)).collect();
                    cap.attach_kernel_filter(&insns).map_err(|e| Failure::fatal(format!("attaching the filter: {e}")))?;
                }
            }
        }
        let conn = match &self.conn {
            Some(uid) => Some(self.conn_frames(uid)?),
            None => None,
        };
        let mut left = self.count.unwrap_or(u64::MAX);
        if filter.is_some() || self.count.is_some() || conn.is_some() {
            let mut filter = filter;
            cap.set_selector(Box::new(move |f: &Frame<'_>| {
                if left == 0 {
                    return Pick::Stop;
                }
                if conn.as_ref().is_some_and(|c| !c.contains(&f.number)) {
                    return Pick::Skip;
                }
                if filter.as_mut().is_some_and(|flt| !flt.matches(f.link_type, f.data, f.orig_len)) {
                    return Pick::Skip;
                }
                left -= 1;
                if left == 0 {
                    Pick::Last
                } else {
                    Pick::Keep
                }
            }));
        }
        if cap.is_live() {
            announce_live(&cap);
        }
        Ok(cap)
    }

    /// The frame numbers of the connection `uid` names (a Zeek-style uid or a
    /// Community ID, as `conns` prints them): a first pass tracks every
    /// connection as `conns` does and notes the frames of the one asked for.
    fn conn_frames(&self, uid: &str) -> Result<std::collections::HashSet<u64>, Failure> {
        if self.interface.is_some() {
            return Err(Failure::fatal("--conn needs -r FILE: a connection's uid is known only after reading the capture"));
        }
        let mut cap = self.open_source()?;
        let cfg = TrackerConfig { honor_checksums: self.drop_bad_checksums, ..TrackerConfig::default() };
        let mut tracker = Tracker::new(cfg);
        let community = uid.starts_with("1:");
        let mut frames = std::collections::HashSet::new();
        for_each_summary(&mut cap, |s| {
            let v = tracker.push(s);
            let Some(c) = v.conn.and_then(|h| tracker.get(h)) else { return };
            let id = if community { c.community_id() } else { c.uid() };
            if id == uid {
                frames.insert(s.frame);
            }
            tracker.drain_closed().for_each(drop);
        })?;
        if frames.is_empty() {
            return Err(Failure::fatal(format!(
                "--conn {uid}: no such connection in the input (give a uid or Community ID as `tcpsleuth conns` prints them)"
            )));
        }
        Ok(frames)
    }

    /// Opens the files or the interface.
    fn open_source(&self) -> Result<Capture, Failure> {
        self.check_live_only()?;
        if let Some(interface) = &self.interface {
            let duration = match self.duration {
                Some(s) if !(s.is_finite() && s > 0.0) => {
                    return Err(Failure::fatal(format!("--duration {s}: give a positive number of seconds")))
                }
                d => d.and_then(|s| Duration::try_from_secs_f64(s).ok()),
            };
            let interface = crate::capture::devices::resolve(interface).map_err(Failure::fatal)?;
            let opts = LiveOptions {
                interface,
                snaplen: self.snaplen.unwrap_or(0),
                promisc: !self.no_promisc,
                duration,
                buffer_kib: self.buffer_kib,
                immediate: self.immediate,
                direction: self.direction.unwrap_or_default(),
            };
            return Capture::live(&opts).map_err(|e| Failure::fatal(e.to_string()));
        }
        if self.read.is_empty() {
            return Err(Failure::fatal(
                "no input: give -r FILE ('-' for standard input) or -i IFACE for a live capture",
            ));
        }
        Capture::open(&self.paths()?).map_err(|e| Failure::fatal(e.to_string()))
    }
}

/// tcpdump -D: one numbered line per interface.
fn list_interfaces() {
    for (i, d) in crate::capture::devices::devices().iter().enumerate() {
        println!("{}.{d}", i + 1);
    }
}

/// tcpdump's "listening on" line on stderr, once the socket is bound and its
/// filter attached: every frame from here on is captured, so it doubles as
/// the readiness signal for whoever drives traffic (every command prints it).
fn announce_live(cap: &Capture) {
    for (name, lt) in cap.file_names().iter().zip(cap.link_types()) {
        let lt = crate::names::LinkType(lt.unwrap_or(0));
        eprintln!("listening on {name}, link-type {lt}, snapshot length {} bytes", cap.snaplen());
    }
}

/// A bad expression, shown with a caret under the column.
fn filter_failure(expr: &str, e: &FilterError) -> Failure {
    let pad = " ".repeat(e.column.saturating_sub(1));
    Failure::fatal(format!("{e}\n  {expr}\n  {pad}^"))
}

/// What a pass over the input saw, for summaries and exit codes.
#[derive(Debug, Default, Clone)]
pub struct InputStats {
    pub frames: u64,
    pub first_ts: Option<crate::time::Timestamp>,
    pub last_ts: Option<crate::time::Timestamp>,
    /// The error that ended the input early, if any.
    pub error: Option<CaptureError>,
    /// IP fragment reassembly, when the pass reassembled.
    pub defrag: DefragStats,
    /// Packets (summaries) with a bad IPv4, TCP or UDP checksum.
    pub bad_checksums: u64,
    /// Frames whose payload could not be read: encrypted 802.11 data.
    pub undecodable: u64,
    /// Live capture: the kernel's (received by filter, dropped) counters.
    pub live: Option<(u64, u64)>,
    /// Reading a file stopped early at ctrl-C: results cover what was read.
    pub interrupted: bool,
}

impl InputStats {
    fn see(&mut self, f: &Frame<'_>) {
        self.frames += 1;
        self.first_ts.get_or_insert(f.ts);
        self.last_ts = Some(f.ts);
    }

    /// The note about encrypted 802.11 data frames, if there were any.
    pub fn undecodable_note(&self) -> Option<String> {
        let n = self.undecodable;
        (n > 0).then(|| {
            let s = if n == 1 { "" } else { "s" };
            format!("{n} encrypted 802.11 data frame{s} (WEP/WPA): their traffic cannot be followed without the keys")
        })
    }

    /// The note about packets with bad checksums, if there were any.
    pub fn checksum_note(&self, dropped: bool) -> Option<String> {
        crate::flow::bad_checksum_note(self.bad_checksums, dropped)
    }

    /// Reports datagrams reassembly gave up and an input error on stderr;
    /// the error turns into exit code 1.
    pub fn exit_code(&self) -> i32 {
        if let Some((received, dropped)) = self.live {
            // tcpdump's closing lines, from PACKET_STATISTICS.
            eprintln!("{} packets captured", self.frames);
            eprintln!("{received} packets received by filter");
            eprintln!("{dropped} packets dropped by kernel");
        }
        let d = &self.defrag;
        if d.lost() > 0 {
            eprintln!(
                "tcpsleuth: IP fragments: {} datagrams reassembled; {} evicted (limits: {} datagrams, {} MiB), {} timed out, {} incomplete at the end, {} oversize, {} with too many holes; {} overlapping fragments",
                d.completed,
                d.evicted,
                defrag::DEFAULT_MAX_DATAGRAMS,
                defrag::DEFAULT_MAX_BYTES >> 20,
                d.timed_out,
                d.unfinished,
                d.oversize,
                d.too_many_holes,
                d.overlaps
            );
        }
        if self.interrupted {
            eprintln!(
                "tcpsleuth: interrupted after {} packets: the results cover only the input read so far",
                self.frames
            );
        }
        match &self.error {
            Some(e) => {
                eprintln!("tcpsleuth: {e}");
                1
            }
            None => i32::from(self.interrupted),
        }
    }
}

/// Whether this process may draw a progress bar while reading files: off for
/// output that prints while reading (packets on a terminal) or on request.
static PROGRESS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Allows or forbids the progress bar for the rest of the run.
pub fn allow_progress(on: bool) {
    PROGRESS.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// A bar over the input's bytes when allowed, stderr is a terminal and every
/// file is a plain one (a compressed file's or a pipe's size says nothing).
fn progress_bar(cap: &Capture) -> Option<crate::output::progress::Progress> {
    if !PROGRESS.load(std::sync::atomic::Ordering::Relaxed) {
        return None;
    }
    let files = cap.files();
    if files.is_empty() || !files.iter().all(|f| f.mapped) {
        return None;
    }
    // One bar at a time: `diagnose --peer` reads both captures at once with
    // --threads, and two bars would draw over each other.
    if DRAWING.swap(true, std::sync::atomic::Ordering::AcqRel) {
        return None;
    }
    let total: u64 = files.iter().filter_map(|f| std::fs::metadata(&f.name).ok()).map(|m| m.len()).sum();
    let bar = crate::output::progress::Progress::new(total);
    if bar.is_none() {
        DRAWING.store(false, std::sync::atomic::Ordering::Release);
    }
    bar
}

/// Whether a progress bar is on the terminal now.
static DRAWING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Calls `f` with every frame of the input; stops early when `f` returns false.
pub fn for_each_frame(
    cap: &mut Capture,
    mut f: impl FnMut(&Frame<'_>) -> Result<bool, Failure>,
) -> Result<InputStats, Failure> {
    let mut stats = InputStats::default();
    // The selector (filter, -c) moves out while frames borrow the capture.
    let mut selector = cap.take_selector();
    let mut result = Ok(());
    // A live capture drains the kernel's queue after ctrl-C by itself.
    let files = !cap.is_live();
    let progress = if files { progress_bar(cap) } else { None };
    let mut offsets = vec![0u64; cap.files().len()];
    while let Some(r) = cap.next_frame() {
        if files && crate::capture::stop_requested() {
            stats.interrupted = true;
            break;
        }
        match r {
            Ok(frame) => {
                let pick = selector.as_mut().map_or(Pick::Keep, |sel| sel(&frame));
                match pick {
                    Pick::Keep | Pick::Last => {}
                    Pick::Skip => continue,
                    Pick::Stop => break,
                }
                stats.see(&frame);
                if let Some(p) = &progress {
                    if let Some(o) = offsets.get_mut(usize::from(frame.source)) {
                        *o = frame.offset;
                    }
                    p.update(offsets.iter().sum(), stats.frames);
                }
                match f(&frame) {
                    Ok(true) if pick == Pick::Last => break,
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            }
            // A pipe cut by ctrl-C ends mid-record: that is the cut, not a fault.
            Err(_) if files && crate::capture::stop_requested() => {
                stats.interrupted = true;
                break;
            }
            Err(e) => {
                stats.error = Some(e);
                break;
            }
        }
    }
    if let Some(p) = progress {
        p.finish();
        DRAWING.store(false, std::sync::atomic::Ordering::Release);
    }
    if let Some(sel) = selector {
        cap.set_selector(sel);
    }
    stats.live = cap.live_statistics();
    result.map(|()| stats)
}

/// Calls `f` with the summary of every IP packet (tunnelled ones included),
/// IP fragments reassembled first (as Zeek and Wireshark do).
///
/// A reader thread reads and decodes while `f` runs on the calling thread:
/// for `conns` the two halves cost about the same, so two cores nearly halve
/// the wall time. Summaries travel in batches (one channel operation per
/// [`BATCH`] packets) whose vectors are handed back for reuse.
pub fn for_each_summary(cap: &mut Capture, f: impl FnMut(&Summary)) -> Result<InputStats, Failure> {
    summaries(cap, Numbering::Merged, f)
}

/// How summaries number their frames.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// 1, 2, 3 … across the merged input.
    Merged,
    /// Within each file, as Wireshark shows that file: evidence from several
    /// merged files then points at the right frame of the right file.
    PerFile,
}

/// [`for_each_summary`] with the frame numbering chosen.
pub fn summaries(cap: &mut Capture, numbering: Numbering, mut f: impl FnMut(&Summary)) -> Result<InputStats, Failure> {
    summaries_and_sides(cap, numbering, false, |i| {
        if let Item::Packet(s) = i {
            f(s)
        }
    })
}

/// What [`summaries_and_sides`] hands on, in frame order: a frame's side
/// record comes just before its summaries.
#[derive(Clone, Copy)]
pub enum Item<'a> {
    /// An IP packet's summary.
    Packet(&'a Summary),
    /// An address-resolution message or DNS head ([`wire::side`]).
    Side(&'a wire::side::Side),
    /// Live capture only: no packet for a while; the wall clock's time, so
    /// timers run on a quiet link too (a sink may ignore it).
    Tick(crate::time::Timestamp),
}

/// How often a quiet live capture ticks ([`Item::Tick`]).
const TICK: std::time::Duration = std::time::Duration::from_millis(250);

/// The wall clock as a capture timestamp.
pub fn wall_clock() -> crate::time::Timestamp {
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    crate::time::Timestamp::from_nanos(d.as_nanos() as i128)
}

/// Summaries and side records as they travel between threads: the side
/// records apart (few, and larger than a summary), each with the number of
/// summaries before it, so [`Batch::each`] hands both on in frame order.
#[derive(Default)]
pub struct Batch {
    pub summaries: Vec<Summary>,
    sides: Vec<(usize, wire::side::Side)>,
}

impl Batch {
    pub fn with_capacity(n: usize) -> Self {
        Batch { summaries: Vec::with_capacity(n), sides: Vec::new() }
    }

    /// A side record, after the summaries pushed so far.
    pub fn push_side(&mut self, r: wire::side::Side) {
        self.sides.push((self.summaries.len(), r));
    }

    /// Summaries and side records held.
    pub fn len(&self) -> usize {
        self.summaries.len() + self.sides.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&mut self) {
        self.summaries.clear();
        self.sides.clear();
    }

    /// Every item in frame order.
    pub fn each(&self, mut f: impl FnMut(Item<'_>)) {
        let mut sides = self.sides.iter().peekable();
        for (i, s) in self.summaries.iter().enumerate() {
            while let Some((_, r)) = sides.next_if(|(at, _)| *at <= i) {
                f(Item::Side(r));
            }
            f(Item::Packet(s));
        }
        sides.for_each(|(_, r)| f(Item::Side(r)));
    }
}

/// [`summaries`], plus each frame's [`wire::side::Side`] record when `sides`.
pub fn summaries_and_sides(
    cap: &mut Capture,
    numbering: Numbering,
    sides: bool,
    f: impl FnMut(Item<'_>),
) -> Result<InputStats, Failure> {
    summaries_beside(cap, numbering, sides, &mut |_| {}, f)
}

/// [`summaries_and_sides`], and `beside` told each summary on the reader
/// thread as it is decoded (in frame order, as `f` gets them): light
/// per-packet detectors run there, where reading leaves a core half idle,
/// rather than on the thread that tracks and diagnoses.
pub fn summaries_beside(
    cap: &mut Capture,
    numbering: Numbering,
    sides: bool,
    beside: &mut (dyn FnMut(&Summary) + Send),
    mut f: impl FnMut(Item<'_>),
) -> Result<InputStats, Failure> {
    let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(IN_FLIGHT);
    let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
    // Live packets are handed on at once: a batch would wait for the next
    // packet, which on a quiet link may not come (a live table or a finding
    // printed as it is decided must not lag behind the wire).
    let live = cap.is_live();
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut batch = Batch::with_capacity(BATCH);
            let mut dfg = Defragmenter::default();
            let mut counts: Vec<u64> = Vec::new();
            let mut bad = 0u64;
            let mut undecodable = 0u64;
            // When the batch got its first item (capture time).
            let mut since = None;
            let stats = for_each_frame(cap, |frame| {
                let d = wire::decode(frame.link_type, frame.data);
                undecodable += u64::from(d.undecodable());
                let m = numbered(frame, numbering, &mut counts);
                if let Some(r) = d.side(m).filter(|_| sides) {
                    batch.push_side(r);
                }
                dfg.push(&d, m, &mut |s: &Summary| {
                    bad += u64::from(s.ip_checksum_ok == Some(false) || s.l4_checksum_ok == Some(false));
                    beside(s);
                    batch.summaries.push(*s)
                });
                if !batch.is_empty() {
                    since.get_or_insert(frame.ts);
                }
                // A quiet live capture must not hold packets back for long.
                let stale = since.is_some_and(|t| frame.ts.secs_since(t) > MAX_BATCH_AGE_SECS);
                if batch.len() >= BATCH || stale || (live && !batch.is_empty()) {
                    let next = empty_rx.try_recv().unwrap_or_else(|_| Batch::with_capacity(BATCH));
                    // The consumer only hangs up when it is unwinding.
                    if full_tx.send(std::mem::replace(&mut batch, next)).is_err() {
                        return Ok(false);
                    }
                    since = None;
                }
                Ok(true)
            });
            if !batch.is_empty() {
                let _ = full_tx.send(batch);
            }
            let mut stats = stats?;
            stats.defrag = dfg.finish();
            stats.bad_checksums = bad;
            stats.undecodable = undecodable;
            Ok(stats)
        });
        // Ends when the reader drops its sender: every batch is seen first.
        loop {
            let mut batch = match full_rx.recv_timeout(if live { TICK } else { std::time::Duration::MAX }) {
                Ok(b) => b,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    f(Item::Tick(wall_clock()));
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            batch.each(&mut f);
            batch.clear();
            let _ = empty_tx.send(batch);
        }
        reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Summaries per hand-over between the reader thread and the consumer.
const BATCH: usize = 1024;
/// Batches queued ahead of the consumer (bounds memory if it falls behind).
const IN_FLIGHT: usize = 8;
/// Capture time after which a partial batch is handed over anyway.
const MAX_BATCH_AGE_SECS: f64 = 0.1;

/// The frame's metadata with its number as `numbering` counts it (`counts`:
/// frames so far per file).
pub fn numbered(frame: &Frame<'_>, numbering: Numbering, counts: &mut Vec<u64>) -> FrameMeta {
    let mut m = meta(frame);
    if numbering == Numbering::PerFile {
        let i = usize::from(frame.source);
        if counts.len() <= i {
            counts.resize(i + 1, 0);
        }
        counts[i] += 1;
        m.frame = counts[i];
    }
    m
}

/// The metadata a summary carries, from a frame.
pub fn meta(f: &Frame<'_>) -> FrameMeta {
    FrameMeta { frame: f.number, source: f.source, ts: f.ts, wire_len: f.orig_len }
}

/// tcpdump's -Q words.
fn direction(s: &str) -> Result<crate::capture::Direction, String> {
    use crate::capture::Direction;
    match s {
        "in" => Ok(Direction::In),
        "out" => Ok(Direction::Out),
        "inout" => Ok(Direction::InOut),
        _ => Err(format!("{s}: give in, out or inout")),
    }
}
