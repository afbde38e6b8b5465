//! Fitting text output to the terminal: the width to fill, colour, paragraph
//! wrapping and tables that drop their least important columns first (as
//! `ps` and `htop` do).
//!
//! The width is `COLUMNS` when set, else the terminal's when stdout is one;
//! piped output with no `COLUMNS` is not wrapped at all, so scripts see one
//! line per record.

use std::io::{self, IsTerminal, Write};

/// Width of the narrowest layout we design for.
pub const MIN_WIDTH: usize = 40;

/// The width output should fit: `COLUMNS`, else the terminal's, else none.
pub fn width() -> Option<usize> {
    if let Some(w) = std::env::var("COLUMNS").ok().and_then(|v| v.trim().parse::<usize>().ok()) {
        if w > 0 {
            return Some(w.max(MIN_WIDTH));
        }
    }
    if !io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0).max(MIN_WIDTH))
}

/// Colour on stdout: only on a terminal, and never when `NO_COLOR` is set
/// to anything non-empty (no-color.org).
pub fn colour() -> bool {
    let no = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no && io::stdout().is_terminal()
}

/// Characters as the terminal counts them (one per `char`: our text is
/// ASCII plus a few single-width symbols such as `…` and `×`).
pub fn cols(s: &str) -> usize {
    s.chars().count()
}

/// Wraps `text` to `width` columns (no wrapping when `None`); continuation
/// lines start with `indent`. Words longer than a line stay whole.
pub fn wrap(text: &str, first: &str, indent: &str, width: Option<usize>) -> Vec<String> {
    let Some(w) = width else {
        return vec![format!("{first}{text}")];
    };
    let mut lines = Vec::new();
    let mut cur = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && cols(&cur) + 1 + cols(word) > w {
            lines.push(std::mem::replace(&mut cur, indent.to_string()));
            empty = true;
        }
        if !empty {
            cur.push(' ');
        }
        cur.push_str(word);
        empty = false;
    }
    lines.push(cur);
    lines
}

/// Cuts `s` to `max` columns, ending with `…` when cut.
pub fn cut(s: &str, max: usize) -> String {
    if cols(s) <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A table column: its header, how much it matters (columns with the
/// lowest priority are dropped first) and its alignment.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    /// Higher stays longer; 0 is dropped first.
    pub priority: u8,
    pub right: bool,
    /// The column may be cut (with `…`) to fit instead of being dropped.
    pub elastic: bool,
}

impl Column {
    /// A left-aligned column.
    pub const fn left(name: &'static str, priority: u8) -> Column {
        Column { name, priority, right: false, elastic: false }
    }
    /// A right-aligned column (numbers).
    pub const fn right(name: &'static str, priority: u8) -> Column {
        Column { name, priority, right: true, elastic: false }
    }
    /// A left-aligned column that is cut before others are dropped.
    pub const fn elastic(name: &'static str, priority: u8) -> Column {
        Column { name, priority, right: false, elastic: true }
    }
}

/// Gap between columns.
const GAP: usize = 2;
/// Columns of this priority or more are cut (when elastic) before dropped.
pub const ESSENTIAL: u8 = 7;
/// An elastic column is never cut below this.
const MIN_ELASTIC: usize = 12;

/// Which columns to keep and how wide each is, to fit `width`.
fn layout(cols_: &[Column], natural: &[usize], width: Option<usize>) -> (Vec<bool>, Vec<usize>) {
    let mut keep = vec![true; cols_.len()];
    let mut w = natural.to_vec();
    let Some(max) = width else { return (keep, w) };
    let total = |keep: &[bool], w: &[usize]| -> usize {
        let n = keep.iter().filter(|k| **k).count();
        w.iter().zip(keep).filter(|(_, k)| **k).map(|(w, _)| *w).sum::<usize>() + GAP * n.saturating_sub(1)
    };
    loop {
        let over = total(&keep, &w).saturating_sub(max);
        if over == 0 {
            break;
        }
        let victim = (0..cols_.len()).filter(|&i| keep[i]).min_by_key(|&i| (cols_[i].priority, std::cmp::Reverse(i)));
        // Only essential columns left: cut the elastic ones (least
        // important first) before dropping any of them.
        if victim.is_some_and(|v| cols_[v].priority >= ESSENTIAL) {
            let cuttable = (0..cols_.len())
                .filter(|&i| keep[i] && cols_[i].elastic && w[i] > MIN_ELASTIC)
                .min_by_key(|&i| cols_[i].priority);
            if let Some(i) = cuttable {
                w[i] = w[i].saturating_sub(over).max(MIN_ELASTIC);
                continue;
            }
        }
        match victim {
            Some(i) if keep.iter().filter(|k| **k).count() > 1 => keep[i] = false,
            _ => break,
        }
    }
    (keep, w)
}

/// Writes an aligned table fitting `width` (all columns when `None`).
/// Returns the names of the columns dropped.
pub fn write_table<W: Write + ?Sized>(
    out: &mut W,
    columns: &[Column],
    rows: &[Vec<String>],
    width: Option<usize>,
) -> io::Result<Vec<&'static str>> {
    let mut natural: Vec<usize> = columns.iter().map(|c| cols(c.name)).collect();
    for r in rows {
        for (i, v) in r.iter().enumerate().take(columns.len()) {
            natural[i] = natural[i].max(cols(v));
        }
    }
    // A column with nothing to say ("-" on every row) goes first.
    let mut eff: Vec<Column> = columns.to_vec();
    for (i, c) in eff.iter_mut().enumerate() {
        if rows.iter().all(|r| r.get(i).is_none_or(|v| v.is_empty() || v == "-")) {
            c.priority = 0;
        }
    }
    let (keep, w) = layout(&eff, &natural, width);
    let last = (0..columns.len()).rev().find(|&i| keep[i]).unwrap_or(0);
    let header: Vec<String> = columns.iter().map(|c| c.name.to_string()).collect();
    for r in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for i in (0..columns.len()).filter(|&i| keep[i]) {
            let v = cut(r.get(i).map(String::as_str).unwrap_or(""), w[i]);
            let pad = w[i].saturating_sub(cols(&v));
            if columns[i].right {
                line.push_str(&" ".repeat(pad));
                line.push_str(&v);
            } else {
                line.push_str(&v);
                if i != last {
                    line.push_str(&" ".repeat(pad));
                }
            }
            if i != last {
                line.push_str(&" ".repeat(GAP));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(columns.iter().zip(&keep).filter(|(_, k)| !**k).map(|(c, _)| c.name).collect())
}

/// The note under a table whose columns were dropped to fit.
pub fn dropped_note(dropped: &[&str]) -> Option<String> {
    (!dropped.is_empty()).then(|| format!("({} hidden to fit the width; --wide shows every column)", dropped.join(", ")))
}

/// "… N more (use --all)" for a list cut after `shown` of `total` items.
pub fn more_line(shown: usize, total: usize) -> Option<String> {
    (total > shown).then(|| format!("… {} more (use --all)", total - shown))
}

/// A writer that fits every line into `width` columns: a longer line is
/// wrapped at spaces and continues under its own indent plus two spaces (a
/// word wider than the line is split). Lines that fit pass through as they
/// are, so tables already laid out by [`write_table`] are untouched. With no
/// width everything passes through, so piped output keeps one record a line.
pub struct Fit<W: Write> {
    inner: W,
    width: Option<usize>,
    line: Vec<u8>,
}

impl<W: Write> Fit<W> {
    /// Fits what is written to `inner` into `width` (none: no fitting).
    pub fn new(inner: W, width: Option<usize>) -> Self {
        Fit { inner, width, line: Vec::new() }
    }

    /// Writes a last unterminated line, and hands the inner writer back.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.emit(&line, false)?;
        }
        Ok(self.inner)
    }

    fn emit(&mut self, line: &[u8], newline: bool) -> io::Result<()> {
        let Some(w) = self.width else {
            return self.inner.write_all(line);
        };
        let text = String::from_utf8_lossy(line);
        if cols(&text) <= w {
            self.inner.write_all(line)?;
        } else {
            let body = text.trim_start_matches(' ');
            let indent = " ".repeat((cols(&text) - cols(body)).min(w / 2));
            let cont = " ".repeat((cols(&indent) + 2).min(w / 2));
            let pieces = split_long(wrap(body, &indent, &cont, Some(w)), &cont, w);
            for (i, l) in pieces.iter().enumerate() {
                if i > 0 {
                    self.inner.write_all(b"\n")?;
                }
                self.inner.write_all(l.trim_end().as_bytes())?;
            }
        }
        if newline {
            self.inner.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// Splits lines that are still wider than `w` (one long word) into pieces.
fn split_long(lines: Vec<String>, cont: &str, w: usize) -> Vec<String> {
    let mut out = Vec::new();
    for l in lines {
        let mut rest: Vec<char> = l.chars().collect();
        while rest.len() > w {
            let tail = rest.split_off(w);
            out.push(rest.into_iter().collect());
            rest = cont.chars().chain(tail).collect();
        }
        out.push(rest.into_iter().collect());
    }
    out
}

impl<W: Write> Write for Fit<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.width.is_none() {
            return self.inner.write(buf);
        }
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|b| *b == b'\n') {
            self.line.extend_from_slice(&rest[..i]);
            let line = std::mem::take(&mut self.line);
            self.emit(&line, true)?;
            rest = &rest[i + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_within_the_width() {
        let t = "the server accepts the connection and both sides are now established";
        for l in wrap(t, "  ", "  ", Some(24)) {
            assert!(cols(&l) <= 24, "{l}");
        }
    }

    #[test]
    fn fit_wraps_long_lines_under_their_indent_and_passes_short_ones() {
        let mut f = Fit::new(Vec::new(), Some(20));
        write!(f, "short\n    one two three four five six seven\n{}\nend", "x".repeat(45)).unwrap();
        let out = String::from_utf8(f.finish().unwrap()).unwrap();
        assert!(out.lines().all(|l| cols(l) <= 20), "{out}");
        assert!(out.starts_with("short\n    one two three\n      four five six\n"), "{out}");
        assert!(out.ends_with("\nend"), "{out}");
    }

    #[test]
    fn unwrapped_without_a_width() {
        assert_eq!(wrap("a b c", "", "", None), vec!["a b c".to_string()]);
    }

    #[test]
    fn tables_drop_the_least_important_column_first() {
        let c = [Column::left("KEEP", 9), Column::left("DROP", 0), Column::left("ALSO", 9)];
        let rows = vec![vec!["aaaaaaaaaa".into(), "bbbbbbbbbb".into(), "cccccccccc".into()]];
        let mut out = Vec::new();
        let dropped = write_table(&mut out, &c, &rows, Some(24)).unwrap();
        assert_eq!(dropped, vec!["DROP"]);
        assert!(String::from_utf8(out).unwrap().lines().all(|l| cols(l) <= 24));
    }
}
