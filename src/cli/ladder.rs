//! `tcpsleuth ladder`: a connection drawn as a ladder diagram, client and
//! server side by side with their TCP states after every packet; with a
//! second capture (`--peer`), packets lost in the path stop halfway.

use super::input::{for_each_summary, InputArgs};
use super::Failure;
use crate::analysis::steps::{Step, Stepper};
use crate::flow::Side;
use crate::output::ladder::{render, Ladder, Rung, Style};
use crate::output::term;
use crate::wire::Summary;
use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::net::IpAddr;
use std::path::PathBuf;

/// Long help.
pub const LONG_ABOUT: &str = "\
Draw connections as ladder diagrams: the client on the left, the server on
the right, one arrow per packet with its flags, relative seq/ack, length
and time, and each endpoint's TCP state (as netstat would show it) beside
its column after every packet.

Choose the connection with --conn UID (the uid `conns --format json`
prints), with --port / --host, or with a filter expression as tcpdump takes
it ('tcp port 443'); without a choice the first connections
of the capture are drawn. With --peer, a capture of the same traffic taken
at the other end is matched packet by packet: a packet that left its
sender and never reached the other side is drawn as an arrow that stops
halfway (×). The sender's side of each direction is the capture where its
packets carry the higher TTL (fewer routers passed).

The ladder fits COLUMNS or the terminal (80 columns and up); colour on a
terminal unless NO_COLOR is set.";

/// Examples.
pub const EXAMPLES: &str = "\
Examples:
  tcpsleuth ladder -r capture.pcap --port 443
  tcpsleuth ladder -r capture.pcap 'host 10.0.0.2 and tcp port 80'
  tcpsleuth ladder -r capture.pcap --conn CHhAvVGS1DHFjwGM9
  tcpsleuth ladder -r client.pcap --peer server.pcap --host 10.0.0.2";

/// Connections drawn when nothing selects them, unless --all.
pub const DEFAULT_LADDERS: usize = 5;
/// Packets drawn per connection, unless --all.
pub const DEFAULT_RUNGS: usize = 60;

/// Flags of `ladder`.
#[derive(clap::Args, Debug, Default)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// A capture of the same traffic taken at the other end
    #[arg(long = "peer", value_name = "FILE")]
    pub peer: Option<PathBuf>,
    #[command(flatten)]
    pub select: Select,
    /// Every connection and every packet (no cut)
    #[arg(long)]
    pub all: bool,
}

/// Which connections to draw.
#[derive(clap::Args, Debug, Default, Clone)]
pub struct Select {
    /// Connections with this port on either side
    #[arg(long = "port", value_name = "PORT")]
    pub port: Option<u16>,
    /// Connections with this address on either side
    #[arg(long = "host", value_name = "ADDR")]
    pub host: Option<IpAddr>,
    /// Connections between exactly these two sides (diagnose --ladder,
    /// report): (client, server) with port 0 meaning any port
    #[arg(skip)]
    pub pairs: Vec<(Side, Side)>,
}

impl Select {
    fn any(&self) -> bool {
        self.port.is_some() || self.host.is_some() || !self.pairs.is_empty()
    }
    fn wants(&self, st: &Step) -> bool {
        let (c, s) = (st.client, st.server);
        self.port.is_none_or(|p| c.port == p || s.port == p)
            && self.host.is_none_or(|h| c.addr == h || s.addr == h)
            && (self.pairs.is_empty() || self.pairs.iter().any(|(a, b)| same(c, *a) && same(s, *b)))
    }
}

/// `x` is the side `want` names (port 0: any port).
fn same(x: Side, want: Side) -> bool {
    x.addr == want.addr && (want.port == 0 || x.port == want.port)
}

/// One packet of a connection as one capture saw it.
#[derive(Clone, Debug)]
struct Seen {
    rung: Rung,
    ttl: u8,
    /// What identifies the same packet in the other capture.
    sig: Sig,
    /// States after it in the other capture, when matched there.
    other: Option<(crate::flow::TcpState, crate::flow::TcpState)>,
}

/// Direction, flags, seq, ack, length.
type Sig = (bool, u16, u32, u32, u32);

/// One connection as one capture saw it.
#[derive(Clone, Debug)]
struct Drawn {
    client: Side,
    server: Side,
    initial: (crate::flow::TcpState, crate::flow::TcpState),
    seen: Vec<Seen>,
}

fn flags(f: crate::wire::summary::TcpFlags) -> String {
    let mut s = String::from("[");
    for (on, c) in [(f.syn(), 'S'), (f.fin(), 'F'), (f.rst(), 'R'), (f.psh(), 'P'), (f.urg(), 'U')] {
        if on {
            s.push(c);
        }
    }
    if f.ack() {
        s.push('.');
    }
    if s.len() == 1 {
        s.push_str("none");
    }
    s.push(']');
    s
}

/// "[P.] seq 1:101 ack 1 win 502 len 100", relative to each side's ISN.
fn label(s: &Summary, st: &Step) -> String {
    let Some(t) = s.tcp() else {
        return match s.udp() {
            Some(u) => format!("UDP len {}", u.payload_len),
            None => format!("IP proto {} len {}", s.proto(), s.ip_len),
        };
    };
    let (mine, theirs) = st.sender_isn();
    let rel = |x: u32, isn: Option<u32>| isn.map_or(x, |i| x.wrapping_sub(i));
    let seq = rel(t.seq, mine);
    let mut l = flags(t.flags);
    if t.payload_len > 0 {
        l.push_str(&format!(" seq {}:{}", seq, seq.wrapping_add(t.payload_len)));
    } else {
        l.push_str(&format!(" seq {seq}"));
    }
    if t.flags.ack() {
        l.push_str(&format!(" ack {}", rel(t.ack, theirs)));
    }
    l.push_str(&format!(" win {}", t.window));
    if t.payload_len > 0 {
        l.push_str(&format!(" len {}", t.payload_len));
    }
    l
}

/// Short names of what sequence analysis flagged (the most specific kind
/// of retransmission only).
fn note(st: &Step) -> Option<String> {
    use crate::flow::AnalysisFlags as A;
    let f = st.analysis.flags;
    let retrans = if f.any(A::SPURIOUS_RETRANSMISSION) {
        Some("spurious retrans")
    } else if f.any(A::FAST_RETRANSMISSION) {
        Some("fast retrans")
    } else if f.any(A::RETRANSMISSION) {
        Some("retrans")
    } else {
        None
    };
    let others = [
        (A::OUT_OF_ORDER, "out of order"),
        (A::DUPLICATE_ACK, "dup ack"),
        (A::ZERO_WINDOW, "zero window"),
        (A::ZERO_WINDOW_PROBE, "zw probe"),
        (A::LOST_SEGMENT, "gap"),
        (A::ACKED_UNSEEN, "acks unseen"),
        (A::KEEP_ALIVE, "keep-alive"),
    ];
    let v: Vec<&str> = retrans.into_iter().chain(others.iter().filter(|(b, _)| f.any(*b)).map(|(_, n)| *n)).collect();
    (!v.is_empty()).then(|| v.join(", "))
}

/// Reads one capture and keeps the selected connections' packets.
fn collect(input: &InputArgs, sel: &Select, max_conns: usize) -> Result<(Vec<Drawn>, usize, i32), Failure> {
    let mut cap = input.open()?;
    let mut stepper = Stepper::default();
    let mut drawn: HashMap<u64, Drawn> = HashMap::new();
    let mut order: Vec<u64> = Vec::new();
    let mut skipped = std::collections::HashSet::new();
    let stats = for_each_summary(&mut cap, |s| {
        let Some(st) = stepper.step(s) else { return };
        if !sel.wants(&st) || (!sel.any() && st.proto != crate::wire::registry::IpProto::TCP.0) {
            return;
        }
        if !drawn.contains_key(&st.conn_id) {
            if order.len() >= max_conns {
                skipped.insert(st.conn_id);
                return;
            }
            order.push(st.conn_id);
        }
        let d = drawn.entry(st.conn_id).or_insert_with(|| Drawn {
            client: st.client,
            server: st.server,
            initial: st.before,
            seen: Vec::new(),
        });
        let t = s.tcp();
        d.seen.push(Seen {
            rung: Rung {
                frame: s.frame,
                ts: s.ts,
                from_client: st.from_client,
                label: label(s, &st),
                states: (st.proto == crate::wire::registry::IpProto::TCP.0).then_some(st.after),
                lost: false,
                server_heard: st.server_heard.1,
                note: note(&st),
            },
            ttl: s.ttl,
            other: None,
            sig: (
                st.from_client,
                t.map_or(0, |t| t.flags.0),
                t.map_or(0, |t| t.seq),
                t.map_or(0, |t| t.ack),
                t.map_or(s.ip_len, |t| t.payload_len),
            ),
        });
    })?;
    let code = stats.exit_code();
    Ok((order.into_iter().filter_map(|id| drawn.remove(&id)).collect(), skipped.len(), code))
}

/// Marks the packets one capture saw leave and the other never received,
/// and takes each endpoint's states from the capture taken at its end (a
/// lost packet changes nothing at the side it never reached).
fn merge_peer(mine: &mut Drawn, peer: &Drawn) {
    let ttl = |d: &Drawn, client: bool| d.seen.iter().filter(|x| x.rung.from_client == client).map(|x| x.ttl).max();
    // The sender's side of a direction sees its packets with the higher TTL;
    // on a tie the -r capture is taken as the client's side.
    let side = |client: bool| match (ttl(mine, client), ttl(peer, client)) {
        (Some(a), Some(b)) if a != b => a > b,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        _ => client,
    };
    let sends = [side(false), side(true)];
    let mut pool: HashMap<Sig, std::collections::VecDeque<usize>> = HashMap::new();
    for (j, x) in peer.seen.iter().enumerate() {
        pool.entry(x.sig).or_default().push_back(j);
    }
    let mut matched = vec![false; peer.seen.len()];
    for x in mine.seen.iter_mut() {
        match pool.get_mut(&x.sig).and_then(|q| q.pop_front()) {
            Some(j) => {
                matched[j] = true;
                x.other = peer.seen[j].rung.states;
            }
            None => x.rung.lost = sends[usize::from(x.rung.from_client)],
        }
    }
    for (j, x) in peer.seen.iter().enumerate() {
        if !matched[j] && !sends[usize::from(x.rung.from_client)] {
            let mut y = x.clone();
            y.rung.lost = true;
            y.other = y.rung.states.take();
            mine.seen.push(y);
        }
    }
    mine.seen.sort_by_key(|x| x.rung.ts);
    // The client's states from the client's capture, the server's from the server's.
    let mine_is_client = sends[1];
    let (mut c, mut s) = mine.initial;
    for x in mine.seen.iter_mut() {
        let (at_client, at_server) = if mine_is_client { (x.rung.states, x.other) } else { (x.other, x.rung.states) };
        if let Some(st) = at_client {
            c = st.0;
        }
        if let Some(st) = at_server {
            s = st.1;
        }
        x.rung.states = Some((c, s));
    }
}

/// The ladders of the selected connections (with the peer capture's losses).
pub fn ladders(input: &InputArgs, peer: Option<&PathBuf>, sel: &Select, all: bool) -> Result<(Vec<Ladder>, usize, i32), Failure> {
    // --conn (the input's selection, read twice) leaves one connection's
    // frames: draw it whole.
    let max = if all || input.conn.is_some() { usize::MAX } else if !sel.pairs.is_empty() { sel.pairs.len() * 2 } else { DEFAULT_LADDERS };
    let (mut drawn, skipped, mut code) = collect(input, sel, max)?;
    if let Some(p) = peer {
        let (theirs, _, pcode) = collect(&InputArgs::files(vec![p.clone()]), sel, usize::MAX)?;
        code = code.max(pcode);
        for d in drawn.iter_mut() {
            let key = |x: &Drawn| (x.client, x.server);
            // Not there at all: nothing this side sent arrived.
            let empty = Drawn { seen: Vec::new(), ..d.clone() };
            let t = theirs.iter().find(|t| key(t) == key(d) || (t.client, t.server) == (d.server, d.client));
            merge_peer(d, t.unwrap_or(&empty));
        }
    }
    let ladders = drawn
        .into_iter()
        .map(|d| Ladder {
            client: d.client.to_string(),
            server: d.server.to_string(),
            initial: Some(d.initial),
            rungs: d.seen.into_iter().map(|x| x.rung).collect(),
        })
        .collect();
    Ok((ladders, skipped, code))
}

/// Writes ladders to `out`, each cut to [`DEFAULT_RUNGS`] unless `all`.
pub fn write_ladders(out: &mut dyn Write, ladders: &[Ladder], all: bool) -> io::Result<()> {
    let style = Style { width: term::width(), colour: term::colour() };
    for (i, l) in ladders.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let mut l = l.clone();
        let total = l.rungs.len();
        if !all {
            l.rungs.truncate(DEFAULT_RUNGS);
        }
        for line in render(&l, &style) {
            writeln!(out, "{line}")?;
        }
        if let Some(m) = term::more_line(l.rungs.len(), total) {
            writeln!(out, "{m}")?;
        }
    }
    Ok(())
}

/// Runs `ladder`.
pub fn run(args: Args) -> Result<i32, Failure> {
    let (ladders, skipped, code) = ladders(&args.input, args.peer.as_ref(), &args.select, args.all)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if ladders.is_empty() {
        writeln!(out, "No connection matches.")?;
    }
    write_ladders(&mut out, &ladders, args.all)?;
    if skipped > 0 {
        writeln!(out, "\n… {skipped} more connections (use --all, or choose one with --conn/--port/--host)")?;
    }
    out.flush()?;
    // Losses drawn are findings.
    let lost = ladders.iter().any(|l| l.rungs.iter().any(|r| r.lost));
    Ok(code.max(i32::from(lost)))
}
