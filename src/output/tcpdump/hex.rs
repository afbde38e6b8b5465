//! `-x`/`-X`/`-A` dumps, laid out as tcpdump's print-ascii.c does.

use super::fmt;
use super::HexMode;

/// Appends the dump selected by `mode` of `data` (skipping `hdrlen` link bytes
/// unless the mode includes the link header).
pub fn dump(out: &mut Vec<u8>, mode: HexMode, data: &[u8], hdrlen: usize) {
    let body = data.get(hdrlen..).unwrap_or(&[]);
    match mode {
        HexMode::None => {}
        HexMode::Hex => {
            if !body.is_empty() {
                hex(out, "\n\t", body, 0)
            }
        }
        HexMode::HexLink => hex(out, "\n\t", data, 0),
        HexMode::HexAscii => {
            if !body.is_empty() {
                hex_ascii(out, "\n\t", body, 0)
            }
        }
        HexMode::HexAsciiLink => hex_ascii(out, "\n\t", data, 0),
        HexMode::Ascii => {
            if !body.is_empty() {
                ascii(out, body)
            }
        }
        HexMode::AsciiLink => ascii(out, data),
    }
}

/// tcpdump's `hex_print_with_offset`: eight 16-bit groups per line.
pub fn hex(out: &mut Vec<u8>, ident: &str, data: &[u8], mut oset: usize) {
    let mut i = 0usize;
    let mut chunks = data.chunks_exact(2);
    for pair in &mut chunks {
        if i % 8 == 0 {
            line_head(out, ident, oset);
            oset += 16;
        }
        i += 1;
        out.push(b' ');
        fmt::x2(out, pair[0]);
        fmt::x2(out, pair[1]);
    }
    if let [last] = chunks.remainder() {
        if i % 8 == 0 {
            line_head(out, ident, oset);
        }
        out.push(b' ');
        fmt::x2(out, *last);
    }
}

fn line_head(out: &mut Vec<u8>, ident: &str, oset: usize) {
    fmt::s(out, ident);
    fmt::s(out, "0x");
    fmt::x_pad(out, oset as u64, 4);
    fmt::s(out, ": ");
}

#[inline]
fn graph(b: u8) -> u8 {
    if (0x21..0x7f).contains(&b) {
        b
    } else {
        b'.'
    }
}

/// tcpdump's `hex_and_ascii_print_with_offset`: 16 bytes per line, hex
/// padded to 40 columns, then the printable characters.
pub fn hex_ascii(out: &mut Vec<u8>, ident: &str, data: &[u8], mut oset: usize) {
    for line in data.chunks(16) {
        line_head(out, ident, oset);
        let start = out.len();
        let mut pairs = line.chunks_exact(2);
        for p in &mut pairs {
            out.push(b' ');
            fmt::x2(out, p[0]);
            fmt::x2(out, p[1]);
        }
        if let [last] = pairs.remainder() {
            out.push(b' ');
            fmt::x2(out, *last);
        }
        let width = out.len() - start;
        for _ in width..40 {
            out.push(b' ');
        }
        out.extend_from_slice(b"  ");
        for &b in line {
            out.push(graph(b));
        }
        oset += 16;
    }
}

/// tcpdump's `ascii_print`: printable text, other bytes as `.`, CR-LF as newline.
pub fn ascii(out: &mut Vec<u8>, data: &[u8]) {
    out.push(b'\n');
    for (k, &b) in data.iter().enumerate() {
        if b == b'\r' {
            // tcpdump shows a CR in mid-line as '.', but drops one ending
            // a line and, counting what remains after it, the last two.
            if data.len() - k - 1 > 1 && data[k + 1] != b'\n' {
                out.push(b'.');
            }
        } else if (0x20..0x7f).contains(&b) || b == b'\t' || b == b'\n' {
            out.push(b);
        } else {
            out.push(b'.');
        }
    }
}
