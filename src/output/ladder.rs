//! Ladder diagrams: the client and the server side by side, an arrow per
//! packet with its flags, relative seq/ack, length and time, and each
//! endpoint's TCP state written beside its column after every packet, as
//! the figures of seed 001 draw a handshake.
//!
//! ```text
//! client 10.0.0.1:40000                      server 10.0.0.2:80
//! CLOSED      |                            |  LISTEN
//! SYN_SENT    |--[S] seq 0 win 64240------>|  SYN_RECV      +0.000000
//! ESTABLISHED |<-[S.] seq 0 ack 1----------|  SYN_RECV      +0.000110
//! ```
//!
//! A packet that left its sender but never reached the other capture
//! (two captures, `--peer`) stops halfway with `×`.

use super::term;
use crate::flow::TcpState;
use crate::time::Timestamp;

/// One arrow of the ladder.
#[derive(Clone, Debug)]
pub struct Rung {
    pub frame: u64,
    pub ts: Timestamp,
    /// Sent by the client.
    pub from_client: bool,
    /// Flags, seq/ack, length: "[S.] seq 0 ack 1 win 65160".
    pub label: String,
    /// (client, server) states after the packet; `None` for non-TCP.
    pub states: Option<(TcpState, TcpState)>,
    /// Seen leaving its sender but not arriving (two captures).
    pub lost: bool,
    /// The server had sent something by then: before, its state is unknown
    /// (nothing may be listening) and is left blank.
    pub server_heard: bool,
    /// A note drawn after the time ("retransmission", "dup ack").
    pub note: Option<String>,
}

/// Everything a ladder shows.
#[derive(Clone, Debug)]
pub struct Ladder {
    pub client: String,
    pub server: String,
    /// States before the first packet.
    pub initial: Option<(TcpState, TcpState)>,
    pub rungs: Vec<Rung>,
}

/// Drawing options.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Width to fit (default 100 when unknown).
    pub width: Option<usize>,
    pub colour: bool,
}

/// Width of a state column ("ESTABLISHED" is the longest).
const STATE_W: usize = 11;
const TIME_W: usize = 10;
/// Notes beside a rung are cut to this.
const NOTE_W: usize = 16;
/// The narrowest arrow worth drawing.
const MIN_ARROW: usize = 16;

fn paint(s: &str, code: &str, on: bool) -> String {
    if on {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// The arrow between the two rails, `w` columns wide.
fn arrow(r: &Rung, w: usize) -> String {
    let label = term::cut(&r.label, w.saturating_sub(5));
    let body = format!("-{label}");
    if r.lost {
        // Stops halfway: the packet died in the path.
        let half = (w / 2).max(term::cols(&body) + 2);
        let s = if r.from_client {
            format!("{body}{}×", "-".repeat(half.saturating_sub(term::cols(&body) + 1)))
        } else {
            let dashes = half.saturating_sub(term::cols(&body) + 1);
            let s = format!("×{}{body}", "-".repeat(dashes));
            return format!("{}{s}", " ".repeat(w.saturating_sub(term::cols(&s))));
        };
        return format!("{s}{}", " ".repeat(w.saturating_sub(term::cols(&s))));
    }
    let fill = w.saturating_sub(term::cols(&body) + 1);
    if r.from_client {
        format!("{body}{}>", "-".repeat(fill))
    } else {
        format!("<{body}{}", "-".repeat(fill))
    }
}

fn state(s: Option<TcpState>) -> String {
    s.map(|s| s.netstat_name().to_string()).unwrap_or_default()
}

/// The ladder's lines, fitted to the width.
pub fn render(l: &Ladder, style: &Style) -> Vec<String> {
    let width = style.width.unwrap_or(100).max(term::MIN_WIDTH);
    // state | arrow | state time
    let note_w = l.rungs.iter().filter_map(|r| r.note.as_ref()).map(|n| term::cols(n).min(NOTE_W) + 2).max().unwrap_or(0);
    let fixed = STATE_W + 2 + 2 + 2 + STATE_W + 1 + TIME_W + note_w;
    let w = width.saturating_sub(fixed).max(MIN_ARROW);
    let first = l.rungs.first().map(|r| r.ts).unwrap_or_default();
    let mut out = Vec::new();
    let left = term::cut(&format!("client {}", l.client), STATE_W + 2 + w / 2);
    let right = term::cut(&format!("server {}", l.server), STATE_W + 2 + w - w / 2);
    out.push(format!("{left:<lw$}{right}", lw = STATE_W + 3 + w / 2));
    let heard = l.rungs.iter().any(|r| r.server_heard);
    let (c0, s0) = (l.initial.map(|x| x.0), l.initial.map(|x| x.1).filter(|_| heard));
    out.push(format!("{:<STATE_W$} |{}|  {}", state(c0), " ".repeat(w), state(s0)).trim_end().to_string());
    for r in &l.rungs {
        let (c, s) = (r.states.map(|x| x.0), r.states.map(|x| x.1).filter(|_| r.server_heard));
        let a = arrow(r, w);
        let a = if r.lost { paint(&a, "31", style.colour) } else if r.from_client { paint(&a, "36", style.colour) } else { paint(&a, "33", style.colour) };
        let t = format!("+{:.6}", r.ts.secs_since(first).max(0.0));
        let mut line = format!("{:<STATE_W$} |{a}|  {:<STATE_W$} {t:>TIME_W$}", state(c), state(s));
        if let Some(n) = &r.note {
            line.push_str(&format!("  {}", term::cut(n, NOTE_W)));
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rung(from_client: bool, label: &str, lost: bool) -> Rung {
        Rung {
            frame: 1,
            ts: Timestamp::default(),
            from_client,
            label: label.into(),
            states: Some((TcpState::SynSent, TcpState::Listen)),
            lost,
            server_heard: true,
            note: None,
        }
    }

    fn ladder(rungs: Vec<Rung>) -> Ladder {
        Ladder { client: "10.0.0.1:40000".into(), server: "10.0.0.2:80".into(), initial: None, rungs }
    }

    #[test]
    fn client_packets_point_right_and_server_packets_left() {
        let l = ladder(vec![rung(true, "[S] seq 0", false), rung(false, "[S.] seq 0 ack 1", false)]);
        let lines = render(&l, &Style { width: Some(80), colour: false });
        assert!(lines[2].contains("-[S] seq 0") && lines[2].contains(">|"), "{}", lines[2]);
        assert!(lines[3].contains("|<-[S.]"), "{}", lines[3]);
    }

    #[test]
    fn a_lost_packet_stops_halfway() {
        let l = ladder(vec![rung(true, "[S] seq 0", true)]);
        let lines = render(&l, &Style { width: Some(80), colour: false });
        assert!(lines[2].contains('×') && !lines[2].contains('>'), "{}", lines[2]);
    }

    #[test]
    fn every_line_fits_80_columns() {
        let l = ladder(vec![rung(true, &"x".repeat(200), false)]);
        for line in render(&l, &Style { width: Some(80), colour: false }) {
            assert!(term::cols(&line) <= 80, "{line}");
        }
    }
}
