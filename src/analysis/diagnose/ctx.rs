//! What every rule needs besides the conversation: file names, host TTLs,
//! and helpers that turn packets into evidence lines.

use super::finding::{Evidence, Finding, Label};
use super::model::{Conn, Dir, IcmpErr, Pkt, Proto};
use super::vantage::{self, HostTtls};
use crate::time::Timestamp;

/// Evidence lines kept per finding (the first ones and the last ones).
pub const MAX_EVIDENCE: usize = 24;

/// Shared, read-only inputs of the rules.
pub struct Ctx<'a> {
    /// Capture file names, indexed by `Summary::source`.
    pub files: &'a [String],
    /// TTLs per sending host in this capture.
    pub hosts: &'a HostTtls,
    /// Time of the last packet in the capture.
    pub capture_end: Timestamp,
    /// Endpoint states from the flow stage.
    pub flow: &'a super::flowstates::FlowStates,
    /// Scans detected by `analysis::scans`.
    pub scanned: &'a [super::scan::Scanned],
    /// Per server: the shortest SYN → SYN|ACK time seen (seconds), and how many handshakes.
    pub server_rtt: &'a crate::wire::hash::HashMap<std::net::IpAddr, (f64, u32)>,
    /// Per server: (client port, time) of every handshake that completed.
    pub handshakes: &'a crate::wire::hash::HashMap<std::net::IpAddr, Vec<(u16, Timestamp)>>,
    /// The questions (name, type) of the capture's DNS queries.
    pub questions: &'a super::questions::Questions,
    /// The finding will only be counted by label and severity (a healthy
    /// conversation beyond what the report lists): evidence lines and the
    /// Zeek history are left empty. See `Deciding::decide`.
    pub brief: bool,
}

impl Ctx<'_> {
    /// Another connection to `c`'s server completed its handshake at or after `since`.
    pub fn new_connection_works(&self, c: &Conn, since: Timestamp) -> bool {
        self.handshakes.get(&c.server).is_some_and(|v| v.iter().any(|&(port, t)| port != c.cport && t >= since))
    }

    /// The name of capture file `source`.
    pub fn file(&self, source: u16) -> String {
        self.files.get(source as usize).cloned().unwrap_or_else(|| format!("#{source}"))
    }

    /// An evidence line for a TCP/UDP packet.
    pub fn ev(&self, c: &Conn, p: &Pkt, what: impl AsRef<str>) -> Evidence {
        if self.brief {
            return Evidence { frame: p.frame, ts: p.ts.as_secs_f64(), file: String::new(), what: String::new() };
        }
        let mut line = describe(c, p);
        let what = what.as_ref();
        if !what.is_empty() {
            line.push_str(": ");
            line.push_str(what);
        }
        Evidence { frame: p.frame, ts: p.ts.as_secs_f64(), file: self.file(p.source), what: line }
    }

    /// An evidence line for an ICMP error.
    pub fn ev_icmp(&self, e: &IcmpErr, what: impl Into<String>) -> Evidence {
        Evidence { frame: e.frame, ts: e.ts.as_secs_f64(), file: self.file(e.source), what: what.into() }
    }

    /// A finding about `c` with addresses, vantage, times and byte figures filled.
    pub fn base(&self, c: &Conn, label: Label) -> Finding {
        let mut f = Finding::new(label, c.client, c.cport, c.server, c.sport, c.proto.as_str());
        f.vantage = vantage::vantage(c, self.hosts);
        // Only what is written reads the Zeek state: a counted finding skips it.
        if let Some(z) = (!self.brief).then(|| self.flow.zeek(c)).flatten() {
            f.conn_state = Some(z.conn_state);
            f.history = Some(z.history);
        }
        f.ts = c.first_ts.as_secs_f64();
        f.figures.duration_s = round3(c.duration());
        f.figures.orig_bytes = c.bytes[0];
        f.figures.resp_bytes = c.bytes[1];
        f.figures.retransmissions = c.retrans[0] + c.retrans[1];
        f.figures.orig_pkts = c.seen[0];
        f.figures.resp_pkts = c.seen[1];
        if let Some((a, b)) = vantage::legs(c) {
            f.figures.syn_synack_ms = Some(round3(a * 1e3));
            f.figures.synack_ack_ms = Some(round3(b * 1e3));
            f.figures.rtt_ms = Some(round3((a + b) * 1e3));
        }
        f
    }
}

/// "HH:MM:SS.ffffff" (UTC) of a capture time.
pub fn clock(t: Timestamp) -> String {
    let (_, _, _, h, m, s) = t.to_utc();
    let micros = (t.as_secs_f64().fract() * 1e6).round().min(999_999.0) as u32;
    format!("{h:02}:{m:02}:{s:02}.{micros:06}")
}

/// Rounds to three decimals (for figures people read).
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// "client → server SYN seq 123 ttl 64" style description of a packet.
// Written into one string: every finding describes several packets, and
// a finding is made for every conversation (most of them healthy).
pub fn describe(c: &Conn, p: &Pkt) -> String {
    use std::fmt::Write;
    let arrow = match p.dir {
        Dir::C2S => "client → server",
        Dir::S2C => "server → client",
    };
    let mut s = String::with_capacity(96);
    // Writing into a String cannot fail.
    if c.proto == Proto::Udp {
        let _ = write!(s, "{arrow} UDP {} bytes, ttl {}", p.len, p.ttl);
        return s;
    }
    s.push_str(arrow);
    s.push(' ');
    push_flag_names(&mut s, p);
    if p.len > 0 {
        let _ = write!(s, " {} bytes", p.len);
    }
    if p.flags.ack() {
        let _ = write!(s, " ack {}", p.ack);
    }
    let _ = write!(s, " seq {} win {} ttl {}", p.seq, p.window, p.ttl);
    if p.ip_id != 0 {
        let _ = write!(s, " id {}", p.ip_id);
    }
    if p.retrans {
        s.push_str(" (retransmission)");
    }
    s
}

/// Flags the way people say them: SYN, SYN|ACK, RST|ACK, FIN|ACK, ACK, PSH|ACK.
fn push_flag_names(s: &mut String, p: &Pkt) {
    let f = p.flags;
    let start = s.len();
    for (on, n) in [(f.syn(), "SYN"), (f.fin(), "FIN"), (f.rst(), "RST"), (f.psh(), "PSH"), (f.ack(), "ACK"), (f.urg(), "URG")] {
        if on {
            if s.len() > start {
                s.push('|');
            }
            s.push_str(n);
        }
    }
    if s.len() == start {
        s.push_str("no flags");
    }
}

/// One line per packet: a packet two steps of a rule cite ("handshake",
/// then "the attempt") is listed once, with both reasons.
pub fn merge_same_packets(v: &mut Vec<Evidence>) {
    let dup = |i: usize| v[..i].iter().any(|o| o.frame == v[i].frame && o.file == v[i].file);
    if !(1..v.len()).any(dup) {
        return;
    }
    let mut out: Vec<Evidence> = Vec::with_capacity(v.len());
    for e in v.drain(..) {
        let Some(first) = out.iter_mut().find(|o| o.frame == e.frame && o.file == e.file) else {
            out.push(e);
            continue;
        };
        // Lines of the same packet share its description before ": ".
        if let (Some((a, _)), Some((b, why))) = (first.what.split_once(": "), e.what.split_once(": ")) {
            if a == b && !first.what.ends_with(why) {
                first.what.push_str("; ");
                first.what.push_str(why);
            }
        }
    }
    *v = out;
}

/// Keeps the first and last evidence lines when there are too many.
pub fn trim_evidence(v: &mut Vec<Evidence>) {
    if v.len() > MAX_EVIDENCE {
        let tail = v.split_off(v.len() - MAX_EVIDENCE / 2);
        v.truncate(MAX_EVIDENCE / 2);
        v.extend(tail);
    }
}

/// Seconds from `a` to `b`, rounded.
pub fn gap(a: Timestamp, b: Timestamp) -> f64 {
    round3(b.secs_since(a))
}

/// "1 time" / "3 times".
pub fn times(n: usize) -> String {
    if n == 1 {
        "once".into()
    } else {
        format!("{n} times")
    }
}

/// "1.0 s", "1.0 s and 2.0 s", "1.0 s, 2.0 s and 4.0 s".
pub fn secs_list(v: &[f64]) -> String {
    let w: Vec<String> = v.iter().map(|x| format!("{x:.3} s")).collect();
    // Equal gaps (a timer's steady retries) read "1.000 s apart", not
    // "1.000 s and 1.000 s apart".
    if w.len() > 1 && w.iter().all(|x| *x == w[0]) {
        return w[0].clone();
    }
    match w.len() {
        0 => String::new(),
        1 => w[0].clone(),
        n => format!("{} and {}", w[..n - 1].join(", "), w[n - 1]),
    }
}

/// "1, 2 and 3" for ports.
pub fn list<T: std::fmt::Display>(v: &[T]) -> String {
    let w: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    match w.len() {
        0 => String::new(),
        1 => w[0].clone(),
        n => format!("{} and {}", w[..n - 1].join(", "), w[n - 1]),
    }
}
