//! Capture sets: `-r DIR` and `-r 'glob*'` name the rotated files one
//! capture was split into (tcpdump `-C`/`-G`, tcpsleuth `-w` with rotation,
//! a sensor's spool directory). They expand here into a list of files that
//! [`super::Capture::open`] then merges by timestamp into one stream, so a
//! connection crossing a rotation boundary stays one connection.
//!
//! Expansion is done by us, not the shell: a quoted pattern works the same in
//! scripts, cron jobs and cluster tasks, and thousands of files never hit the
//! shell's argument limit. Files of one directory or pattern come in natural
//! order (`out.pcap`, `out.pcap1`, `out.pcap2`, … `out.pcap10`), which is
//! tcpdump's rotation order; the merge orders frames by time regardless.

use super::input::{is_zstd, GZIP_MAGIC};
use super::{pcap, pcapng};
use std::cmp::Ordering;
use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The files a list of `-r` arguments names, and what was left out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Expanded {
    /// Files to read, in order: each argument's files in natural name order.
    pub paths: Vec<PathBuf>,
    /// Files of a directory or pattern that are not captures (wrong magic or empty).
    pub skipped: Vec<PathBuf>,
}

/// A `-r` argument that names no capture file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetError {
    /// The argument as given.
    pub arg: String,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for SetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.arg, self.reason)
    }
}

impl std::error::Error for SetError {}

/// Expands directories and glob patterns into capture files; other
/// arguments (plain files, `-`, missing paths) pass through unchanged, so
/// opening them reports their own error.
pub fn expand<P: AsRef<Path>>(args: &[P]) -> Result<Expanded, SetError> {
    let mut out = Expanded::default();
    for arg in args {
        let arg = arg.as_ref();
        let found = if arg.is_dir() {
            dir_files(arg).map_err(|e| fail(arg, format!("cannot list the directory: {e}")))?
        } else if arg.as_os_str() != "-" && !arg.exists() && is_pattern(arg) {
            glob(arg)
        } else {
            out.paths.push(arg.to_path_buf());
            continue;
        };
        let (captures, others): (Vec<PathBuf>, Vec<PathBuf>) = found.into_iter().partition(|p| looks_like_capture(p));
        if captures.is_empty() {
            let what = if arg.is_dir() { "the directory holds" } else { "the pattern matches" };
            let none = if others.is_empty() { "no files" } else { "no capture files (pcap, pcapng, gzip or zstd)" };
            return Err(fail(arg, format!("{what} {none}")));
        }
        out.paths.extend(captures);
        out.skipped.extend(others);
    }
    Ok(out)
}

fn fail(arg: &Path, reason: String) -> SetError {
    SetError { arg: arg.display().to_string(), reason }
}

/// Whether `p` has glob metacharacters (and does not exist as named).
fn is_pattern(p: &Path) -> bool {
    p.to_string_lossy().contains(['*', '?', '['])
}

/// The regular, non-hidden files directly in `dir`, in natural order.
fn dir_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut v = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && entry.path().is_file() {
            v.push(entry.path());
        }
    }
    v.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
    Ok(v)
}

/// Files matching `pattern` (`*`, `?`, `[a-z]`, `[!x]` in any component),
/// in natural order. Hidden names match only a pattern starting with '.'.
fn glob(pattern: &Path) -> Vec<PathBuf> {
    use std::path::Component;
    let mut current: Vec<PathBuf> = vec![PathBuf::new()];
    let parts: Vec<Component> = pattern.components().collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let name = part.as_os_str().to_string_lossy();
        let mut next = Vec::new();
        for base in &current {
            if !matches!(part, Component::Normal(_)) || !name.contains(['*', '?', '[']) {
                next.push(base.join(part.as_os_str()));
                continue;
            }
            let dir = if base.as_os_str().is_empty() { Path::new(".") } else { base.as_path() };
            let Ok(entries) = fs::read_dir(dir) else { continue };
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if (n.starts_with('.') && !name.starts_with('.')) || !wildmatch(name.as_bytes(), n.as_bytes()) {
                    continue;
                }
                next.push(base.join(&n));
            }
        }
        current = next.into_iter().filter(|p| if last { p.is_file() } else { p.is_dir() }).collect();
    }
    current.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
    current
}

/// Shell wildcard match of one name component.
fn wildmatch(pat: &[u8], name: &[u8]) -> bool {
    match pat.split_first() {
        None => name.is_empty(),
        Some((b'*', rest)) => (0..=name.len()).any(|i| wildmatch(rest, &name[i..])),
        Some((b'?', rest)) => name.split_first().is_some_and(|(_, n)| wildmatch(rest, n)),
        Some((b'[', rest)) => match (class_match(rest, name.first().copied()), name.split_first()) {
            (Some((true, after)), Some((_, n))) => wildmatch(after, n),
            (Some((false, _)), _) => false,
            // An unclosed '[' is a literal, as in the shell.
            (None, Some((&b'[', n))) => wildmatch(rest, n),
            _ => false,
        },
        Some((&c, rest)) => name.split_first().is_some_and(|(&d, n)| c == d && wildmatch(rest, n)),
    }
}

/// Matches `c` against the bracket expression starting after '['; returns
/// (matched, pattern after ']'), or `None` when the ']' is missing.
fn class_match(pat: &[u8], c: Option<u8>) -> Option<(bool, &[u8])> {
    let (negate, mut p) = match pat.first() {
        Some(b'!' | b'^') => (true, &pat[1..]),
        _ => (false, pat),
    };
    let mut hit = false;
    let mut first = true;
    loop {
        match p {
            [] => return None,
            [b']', rest @ ..] if !first => return Some((c.is_some() && hit != negate, rest)),
            [lo, b'-', hi, rest @ ..] if *hi != b']' => {
                hit |= c.is_some_and(|c| (*lo..=*hi).contains(&c));
                p = rest;
            }
            [x, rest @ ..] => {
                hit |= c == Some(*x);
                p = rest;
            }
        }
        first = false;
    }
}

/// Whether the file starts with a pcap, pcapng, gzip or zstd magic.
fn looks_like_capture(p: &Path) -> bool {
    let mut head = [0u8; 4];
    let ok = fs::File::open(p).and_then(|mut f| f.read_exact(&mut head)).is_ok();
    ok && (pcap::is_magic(head)
        || u32::from_le_bytes(head) == pcapng::SHB_TYPE
        || head.starts_with(&GZIP_MAGIC)
        || is_zstd(&head))
}

/// Orders names with digit runs compared as numbers: `out.pcap2` < `out.pcap10`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (n, rx) = digits(x);
                let (m, ry) = digits(y);
                let (n, m) = (trim_zeros(n), trim_zeros(m));
                let ord = n.len().cmp(&m.len()).then_with(|| n.cmp(m));
                if ord != Ordering::Equal {
                    return ord;
                }
                (x, y) = (rx, ry);
            }
            (Some(c), Some(d)) if c != d => return c.cmp(d),
            _ => (x, y) = (&x[1..], &y[1..]),
        }
    }
}

fn digits(s: &[u8]) -> (&[u8], &[u8]) {
    let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
    s.split_at(n)
}

fn trim_zeros(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&c| c == b'0').count();
    &s[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcpdump_rotation_names_sort_in_rotation_order() {
        let mut v = vec!["out.pcap10", "out.pcap2", "out.pcap", "out.pcap1"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["out.pcap", "out.pcap1", "out.pcap2", "out.pcap10"]);
    }

    #[test]
    fn strftime_names_sort_by_time() {
        let mut v = vec!["s-2026-12-04_10:00.pcap", "s-2026-12-04_09:30.pcap", "s-2026-11-30_23:59.pcap"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["s-2026-11-30_23:59.pcap", "s-2026-12-04_09:30.pcap", "s-2026-12-04_10:00.pcap"]);
    }

    #[test]
    fn wildcards_match_as_in_the_shell() {
        let m = |p: &str, n: &str| wildmatch(p.as_bytes(), n.as_bytes());
        assert!(m("out.pcap*", "out.pcap") && m("out.pcap*", "out.pcap12"));
        assert!(m("s?-*.pcap", "s1-x.pcap") && !m("s?-*.pcap", "s12-x.pcap"));
        assert!(m("[ab]*", "b.pcap") && !m("[!ab]*", "b.pcap") && m("x[0-9]", "x7"));
        assert!(m("a[b", "a[b") && !m("*.pcap", "x.pcapng"));
    }
}
