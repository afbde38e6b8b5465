//! `tcpsleuth sockets`: this host's TCP and UDP sockets, as `ss -tuanp` shows
//! them, with tcp_info (RTT, retransmits, timer) and `--explain`.

use super::Failure;
use crate::analysis::sockets::{host_notes, state_of};
use crate::flow::kernel::TcpState;
use crate::host::{read_sockets, HostSocket, Proto, ReadOptions};
use crate::output::sockets as printer;
use std::io::{self, BufWriter, Write};
use std::net::IpAddr;

/// Long help.
pub const LONG_ABOUT: &str = "\
This host's TCP and UDP sockets, as `ss -tuanp` shows them: protocol, state
(the netstat names tcpsleuth uses everywhere: ESTABLISHED, SYN_SENT, …; an
unconnected UDP socket is UNCONN), Recv-Q and Send-Q (on a LISTEN socket: the
accept queue and its backlog), local and peer address, and from the kernel's
tcp_info the smoothed RTT, retransmissions (unacknowledged/total) and the
running timer (on = retransmission, keepalive, timewait, persist), then the
owning processes.

Read through NETLINK_SOCK_DIAG like ss; where netlink is refused, from
/proc/net/{tcp,tcp6,udp,udp6} (no RTT, no half-open SYN_RECV sockets), with
a note. Process names of other users' sockets need root or CAP_SYS_PTRACE.

Selectors after the flags, pcap-filter style: `[src|dst] host ADDR`,
`[src|dst] port N`, `[src|dst] portrange N-M`, joined by `and`. src is the
local end, dst the peer.

--explain adds, under each socket that is not simply ESTABLISHED or LISTEN,
what its state means and what to check, and notes on counts (CLOSE_WAIT
piling up, many TIME_WAIT, SYN_RECV masses, a full listen queue).
Exit code: 0, or 1 when --explain found something wrong host-wide.";

/// Examples.
pub const EXAMPLES: &str = "\
Examples:
  tcpsleuth sockets                          every TCP and UDP socket (like ss -tuanp)
  tcpsleuth sockets -lt                      listening TCP sockets
  tcpsleuth sockets --state close_wait --explain
  tcpsleuth sockets port 443 and dst host 10.0.0.5
  tcpsleuth sockets --netns lab1 --format json";

/// Output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

/// Flags of `sockets`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Listening sockets only (TCP LISTEN, unconnected UDP)
    #[arg(short = 'l', long)]
    pub listening: bool,
    /// TCP sockets (with -u: both; neither: both)
    #[arg(short = 't', long)]
    pub tcp: bool,
    /// UDP sockets
    #[arg(short = 'u', long)]
    pub udp: bool,
    /// Only sockets in this state (netstat or ss spelling: TIME_WAIT, time-wait, estab…); repeatable
    #[arg(long, value_name = "NAME")]
    pub state: Vec<String>,
    /// Read the sockets of network namespace NAME (as `ip netns list` shows it)
    #[arg(long, value_name = "NAME")]
    pub netns: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Explain each socket that is not simply ESTABLISHED or LISTEN
    #[arg(long)]
    pub explain: bool,
    /// Read /proc/net even when netlink works
    #[arg(long)]
    pub procnet: bool,
    /// Selectors: [src|dst] host ADDR, [src|dst] port N, [src|dst] portrange N-M, and
    #[arg(value_name = "SELECTOR", trailing_var_arg = true)]
    pub selectors: Vec<String>,
}

/// Which end a selector names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    Local,
    Peer,
    Either,
}

/// One selector term.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Term {
    Host(Dir, IpAddr),
    Ports(Dir, u16, u16),
}

/// Parses `[src|dst] host ADDR | [src|dst] port N | [src|dst] portrange N-M`, joined by `and`.
fn parse_selectors(words: &[String]) -> Result<Vec<Term>, String> {
    let mut terms = Vec::new();
    let mut it = words.iter().map(String::as_str).peekable();
    while let Some(w) = it.next() {
        let (dir, kind) = match w {
            "and" | "&&" => continue,
            "src" => (Dir::Local, it.next()),
            "dst" => (Dir::Peer, it.next()),
            _ => (Dir::Either, Some(w)),
        };
        let kind = kind.ok_or("a selector ends after src/dst")?;
        let value = it.next().ok_or_else(|| format!("`{kind}` needs a value"))?;
        terms.push(match kind {
            "host" => Term::Host(dir, value.parse().map_err(|_| format!("`host {value}`: not an IP address"))?),
            "port" => {
                let p = parse_port(value)?;
                Term::Ports(dir, p, p)
            }
            "portrange" => {
                let (a, b) = value.split_once('-').ok_or_else(|| format!("`portrange {value}`: give N-M"))?;
                Term::Ports(dir, parse_port(a)?, parse_port(b)?)
            }
            other => return Err(format!("unknown selector `{other}` (host, port, portrange, src, dst, and)")),
        });
    }
    Ok(terms)
}

fn parse_port(s: &str) -> Result<u16, String> {
    s.parse().map_err(|_| format!("`{s}`: not a port number"))
}

fn term_matches(t: &Term, s: &HostSocket) -> bool {
    let ends = |d: Dir| match d {
        Dir::Local => vec![s.local],
        Dir::Peer => vec![s.peer],
        Dir::Either => vec![s.local, s.peer],
    };
    match *t {
        Term::Host(d, ip) => ends(d).iter().any(|e| e.ip() == ip),
        Term::Ports(d, a, b) => ends(d).iter().any(|e| (a..=b).contains(&e.port())),
    }
}

/// The filters of the command line, checked once.
struct Selection {
    protos: Vec<Proto>,
    listening: bool,
    states: Vec<TcpState>,
    terms: Vec<Term>,
}

impl Selection {
    fn from_args(a: &Args) -> Result<Selection, Failure> {
        let protos = match (a.tcp, a.udp) {
            (true, false) => vec![Proto::Tcp],
            (false, true) => vec![Proto::Udp],
            _ => vec![Proto::Tcp, Proto::Udp],
        };
        let states = a
            .state
            .iter()
            .map(|n| {
                TcpState::parse(n).ok_or_else(|| {
                    Failure::fatal(format!("--state {n}: unknown state (LISTEN, SYN_SENT, ESTABLISHED, TIME_WAIT, …)"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let terms = parse_selectors(&a.selectors).map_err(Failure::fatal)?;
        Ok(Selection { protos, listening: a.listening, states, terms })
    }

    fn keeps(&self, s: &HostSocket) -> bool {
        let st = state_of(s);
        let listening = match s.proto {
            Proto::Tcp => st == TcpState::Listen,
            Proto::Udp => st == TcpState::Closed,
        };
        self.protos.contains(&s.proto)
            && (!self.listening || listening)
            && (self.states.is_empty() || self.states.contains(&st))
            && self.terms.iter().all(|t| term_matches(t, s))
    }
}

/// Runs `sockets`.
pub fn run(args: Args) -> Result<i32, Failure> {
    let sel = Selection::from_args(&args)?;
    let opts = ReadOptions { netns: args.netns.clone(), force_procnet: args.procnet };
    let snap = read_sockets(&opts).map_err(Failure::fatal)?;
    for n in &snap.notes {
        eprintln!("tcpsleuth: note: {n}");
    }
    let shown: Vec<&HostSocket> = snap.sockets.iter().filter(|s| sel.keeps(s)).collect();
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        Format::Table => printer::write_table(&mut out, &snap, &shown, args.explain)?,
        Format::Json => printer::write_json(&mut out, &snap, &shown, args.explain)?,
        Format::Csv => printer::write_csv(&mut out, &shown, args.explain)?,
    }
    out.flush()?;
    let owned: Vec<HostSocket> = shown.iter().map(|s| (*s).clone()).collect();
    Ok(if args.explain && !host_notes(&owned).is_empty() { 1 } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn src_port_and_dst_host_parse_into_two_terms() {
        let t = parse_selectors(&words("src port 22 and dst host 10.0.0.5")).expect("parses");
        assert_eq!(t, vec![Term::Ports(Dir::Local, 22, 22), Term::Host(Dir::Peer, "10.0.0.5".parse().expect("ip"))]);
    }

    #[test]
    fn an_unknown_selector_is_a_usage_error() {
        assert!(parse_selectors(&words("net 10.0.0.0/8")).is_err());
        assert!(parse_selectors(&words("port")).is_err());
    }
}
