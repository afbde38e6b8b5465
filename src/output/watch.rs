//! `conns --watch`: the connection table kept on screen and redrawn as the
//! capture runs, like `ss` in a loop or iftop. The rows are the table
//! printer's own lines (one printer), most recently active first; failed
//! connections are red, connections with problems yellow, closed ones dim.
//! q, Esc or ctrl-C quits.

use super::conns::{self as printer, problems, ConnRow, Options};
use crate::time::Timestamp;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::io;
use std::time::Duration;

/// What the tracking side hands the screen.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// Open connections and the most recently closed ones, any order.
    pub rows: Vec<ConnRow>,
    /// Connections open now.
    pub open: usize,
    /// Packets read so far.
    pub packets: u64,
    /// Time of the latest packet.
    pub now: Option<Timestamp>,
    /// The input has ended (a file read to its end, or the capture stopped).
    pub ended: bool,
    /// Why the input stopped early, if it did.
    pub error: Option<String>,
}

/// How often the screen looks for keys and redraws.
const TICK: Duration = Duration::from_millis(250);

/// Runs the screen until the user quits: `source` names the input in the
/// title; `snapshot` says what to show now (called once per redraw).
pub fn run(source: &str, opts: Options, mut snapshot: impl FnMut() -> Snapshot) -> io::Result<()> {
    // ratatui::init puts the terminal in raw mode on the alternate screen and
    // installs a panic hook that restores it first.
    let mut terminal = ratatui::init();
    let result = (|| loop {
        let snap = snapshot();
        terminal.draw(|f| draw(f, &snap, source, opts))?;
        if event::poll(TICK)? {
            if let Event::Key(k) = event::read()? {
                if quits(k) {
                    return Ok(());
                }
            }
        }
    })();
    ratatui::restore();
    result
}

/// q, Q, Esc, or ctrl-C (raw mode turns ctrl-C into a key, not a signal).
fn quits(k: KeyEvent) -> bool {
    k.kind == KeyEventKind::Press
        && (matches!(k.code, KeyCode::Char('q') | KeyCode::Char('Q') | KeyCode::Esc)
            || (k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL)))
}

fn draw(f: &mut Frame<'_>, snap: &Snapshot, source: &str, opts: Options) {
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(f.area());
    f.render_widget(Paragraph::new(title_line(snap, source, opts)), title);
    let opts = Options { width: Some(usize::from(body.width)), ..opts };
    f.render_widget(Paragraph::new(table_lines(snap, usize::from(body.height), opts)), body);
}

fn title_line(snap: &Snapshot, source: &str, opts: Options) -> Line<'static> {
    let when = snap.now.map(|t| format!(", latest packet {}", opts.clock.show(t))).unwrap_or_default();
    let state = match (&snap.error, snap.ended) {
        (Some(e), _) => format!(" — stopped: {e}"),
        (None, true) => " — end of capture".to_string(),
        (None, false) => String::new(),
    };
    let text = format!(
        "tcpsleuth conns --watch {source}: {} open, {} shown, {} packets{when}{state} — q quits",
        snap.open,
        snap.rows.len(),
        snap.packets
    );
    Line::from(Span::styled(text, Style::default().add_modifier(Modifier::BOLD)))
}

/// The table printer's lines for the rows that fit, most recent first.
fn table_lines(snap: &Snapshot, height: usize, opts: Options) -> Vec<Line<'static>> {
    let mut rows: Vec<&ConnRow> = snap.rows.iter().collect();
    rows.sort_by(|a, b| b.conn.last_packet.cmp(&a.conn.last_packet));
    rows.truncate(height.saturating_sub(1));
    let owned: Vec<ConnRow> = rows.into_iter().cloned().collect();
    let mut text = Vec::new();
    if printer::write_table(&mut text, &owned, &opts).is_err() {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(&text);
    let mut lines = text.lines();
    let mut out = Vec::with_capacity(owned.len() + 1);
    if let Some(h) = lines.next() {
        out.push(Line::from(Span::styled(h.to_string(), Style::default().add_modifier(Modifier::REVERSED))));
    }
    // One table line per row, in row order; the count and notes below are left out.
    for (row, l) in owned.iter().zip(lines) {
        out.push(Line::from(Span::styled(l.to_string(), row_style(row))));
    }
    out
}

/// Red: the connection failed (rejected, unanswered, reset); yellow: it
/// had problems (retransmissions, zero windows …); dim: it has closed.
fn row_style(r: &ConnRow) -> Style {
    if failed(r.conn.conn_state()) {
        Style::default().fg(Color::Red)
    } else if !problems(&r.conn).is_empty() {
        Style::default().fg(Color::Yellow)
    } else if r.conn.proto == 6 && r.client_state == crate::flow::TcpState::Closed && r.server_state == crate::flow::TcpState::Closed {
        Style::default().add_modifier(Modifier::DIM)
    } else {
        Style::default()
    }
}

/// Zeek states of a connection that did not work: rejected, unanswered, reset.
pub fn failed(conn_state: &str) -> bool {
    matches!(conn_state, "REJ" | "S0" | "RSTO" | "RSTR" | "RSTOS0" | "RSTRH" | "SH" | "SHR")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejected_unanswered_and_reset_connections_are_failures_and_normal_ones_are_not() {
        let got: Vec<bool> = ["REJ", "S0", "RSTO", "SF", "S1", "OTH"].iter().map(|s| failed(s)).collect();
        assert_eq!(got, [true, true, true, false, false, false]);
    }

    #[test]
    fn q_esc_and_ctrl_c_quit_and_other_keys_do_not() {
        let key = |code, modifiers| KeyEvent::new(code, modifiers);
        let got: Vec<bool> = [
            key(KeyCode::Char('q'), KeyModifiers::NONE),
            key(KeyCode::Esc, KeyModifiers::NONE),
            key(KeyCode::Char('c'), KeyModifiers::CONTROL),
            key(KeyCode::Char('c'), KeyModifiers::NONE),
            key(KeyCode::Down, KeyModifiers::NONE),
        ]
        .into_iter()
        .map(quits)
        .collect();
        assert_eq!(got, [true, true, true, false, false]);
    }
}
