//! Allocation-free formatting into the per-packet line buffer: decimal and
//! hex numbers, IPv4/IPv6/MAC addresses, relative times, escaped packet text.

/// Appends `s`.
#[inline]
pub fn s(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(s.as_bytes());
}

/// Appends an unsigned decimal number.
#[inline]
pub fn u(out: &mut Vec<u8>, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&tmp[i..]);
}

/// Appends a signed decimal number.
pub fn i(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    u(out, n.unsigned_abs());
}

/// Appends `n` zero-padded to `width` decimal digits.
#[inline]
pub fn u_pad(out: &mut Vec<u8>, n: u64, width: usize) {
    let mut tmp = [b'0'; 20];
    let mut i = tmp.len();
    let mut v = n;
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let start = tmp.len().saturating_sub(width).min(i);
    out.extend_from_slice(&tmp[start..]);
}

/// Appends `n` right-aligned in `width` columns (like `%5u`).
pub fn u_right(out: &mut Vec<u8>, n: u64, width: usize) {
    let mut tmp = [b' '; 20];
    let mut i = tmp.len();
    let mut v = n;
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let start = tmp.len().saturating_sub(width).min(i);
    out.extend_from_slice(&tmp[start..]);
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends lowercase hex without padding (`%x`).
pub fn x(out: &mut Vec<u8>, n: u64) {
    let mut tmp = [0u8; 16];
    let mut i = tmp.len();
    let mut v = n;
    loop {
        i -= 1;
        tmp[i] = HEX[(v & 15) as usize];
        v >>= 4;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&tmp[i..]);
}

/// Appends lowercase hex zero-padded to `width` digits (`%0Nx`).
pub fn x_pad(out: &mut Vec<u8>, n: u64, width: usize) {
    let mut tmp = [b'0'; 16];
    let mut i = tmp.len();
    let mut v = n;
    loop {
        i -= 1;
        tmp[i] = HEX[(v & 15) as usize];
        v >>= 4;
        if v == 0 {
            break;
        }
    }
    let start = tmp.len().saturating_sub(width).min(i);
    out.extend_from_slice(&tmp[start..]);
}

/// Appends one byte as two hex digits.
#[inline]
pub fn x2(out: &mut Vec<u8>, b: u8) {
    out.push(HEX[(b >> 4) as usize]);
    out.push(HEX[(b & 15) as usize]);
}

/// Appends one byte as two upper-case hex digits (C's `%02X`).
pub fn x2_upper(out: &mut Vec<u8>, b: u8) {
    let at = out.len();
    x2(out, b);
    out[at..].make_ascii_uppercase();
}

/// Appends a duration as tcpdump's `unsigned_relts_print` does: weeks down
/// to seconds, each unit present only when non-zero (`1w2d3h4m5s`, `0s`).
/// DNS TTLs and IGMPv3's long max response times use it.
pub fn relts(out: &mut Vec<u8>, mut secs: u32) {
    if secs == 0 {
        s(out, "0s");
        return;
    }
    for (unit, ch) in [(604800u32, "w"), (86400, "d"), (3600, "h"), (60, "m"), (1, "s")] {
        if secs >= unit {
            u(out, (secs / unit) as u64);
            s(out, ch);
            secs %= unit;
        }
    }
}

/// Appends a duration clock-style: `s`, `m:ss` or `h:mm:ss`. This is how
/// tcpdump's print-icmp.c writes a router advertisement's lifetime with its
/// own `snprintf`s instead of [`relts`], so the two stay apart.
pub fn relts_clock(out: &mut Vec<u8>, secs: u32) {
    if secs >= 3600 {
        u(out, (secs / 3600) as u64);
        s(out, ":");
        u_pad(out, (secs % 3600 / 60) as u64, 2);
        s(out, ":");
        u_pad(out, (secs % 60) as u64, 2);
    } else if secs >= 60 {
        u(out, (secs / 60) as u64);
        s(out, ":");
        u_pad(out, (secs % 60) as u64, 2);
    } else {
        u(out, secs as u64);
    }
}

/// Appends a dotted-quad IPv4 address.
#[inline]
pub fn ipv4(out: &mut Vec<u8>, a: &[u8]) {
    for (k, b) in a.iter().take(4).enumerate() {
        if k > 0 {
            out.push(b'.');
        }
        u(out, *b as u64);
    }
}

/// Appends an IPv6 address as tcpdump's addrtostr6 (RFC 5952 style) does.
pub fn ipv6(out: &mut Vec<u8>, a: &[u8]) {
    let mut w = [0u16; 8];
    for (k, word) in w.iter_mut().enumerate() {
        *word = u16::from_be_bytes([
            a.get(2 * k).copied().unwrap_or(0),
            a.get(2 * k + 1).copied().unwrap_or(0),
        ]);
    }
    // Longest run of zero words (length ≥ 2; first one wins on ties).
    let (mut best_base, mut best_len) = (usize::MAX, 0usize);
    let mut k = 0;
    while k < 8 {
        if w[k] == 0 {
            let start = k;
            while k < 8 && w[k] == 0 {
                k += 1;
            }
            if k - start > best_len {
                best_base = start;
                best_len = k - start;
            }
        } else {
            k += 1;
        }
    }
    if best_len < 2 {
        best_base = usize::MAX;
    }
    let mut k = 0;
    while k < 8 {
        if k == best_base {
            out.push(b':');
            k += best_len;
            if k >= 8 {
                out.push(b':');
            }
            continue;
        }
        if k != 0 {
            out.push(b':');
        }
        // Embedded IPv4 (compatible or mapped) in the last 32 bits.
        if k == 6 && best_base == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff)) {
            ipv4(out, &a[12..16]);
            return;
        }
        x(out, w[k] as u64);
        k += 1;
    }
}

/// Appends a colon-separated MAC (or any link-layer) address.
pub fn mac(out: &mut Vec<u8>, m: &[u8]) {
    for (k, b) in m.iter().enumerate() {
        if k > 0 {
            out.push(b':');
        }
        x2(out, *b);
    }
}

/// `[a, b]` for the bits of `v` named in `table` (tcpdump's
/// `bittok2str` with a ", " separator), `[none]` when none is set.
pub fn flag_list<T: Copy + Into<u32>>(out: &mut Vec<u8>, v: T, table: &[(T, &str)]) {
    out.push(b'[');
    bit_names(out, v, table, "none");
    out.push(b']');
}

/// tcpdump's `bittok2str`: the names of the bits of `v` in `table`, in the
/// table's order and separated by ", ", or `none` when no named bit is set.
pub fn bit_names<T: Copy + Into<u32>>(out: &mut Vec<u8>, v: T, table: &[(T, &str)], none: &str) {
    let mut any = false;
    for &(bit, name) in table {
        if v.into() & bit.into() != 0 {
            if any {
                out.extend_from_slice(b", ");
            }
            out.extend_from_slice(name.as_bytes());
            any = true;
        }
    }
    if !any {
        out.extend_from_slice(none.as_bytes());
    }
}

/// Appends one untrusted byte the way tcpdump's `fn_print_char` does:
/// printable ASCII as is, `M-` for the high bit, `^X` for controls.
pub fn safe_char(out: &mut Vec<u8>, mut b: u8) {
    if b & 0x80 != 0 {
        out.extend_from_slice(b"M-");
        b &= 0x7f;
    }
    if (0x20..0x7f).contains(&b) {
        out.push(b);
    } else {
        out.push(b'^');
        out.push(if b == 0x7f { b'?' } else { b + 0x40 });
    }
}

/// Appends untrusted bytes as [`safe_char`] does each (tcpdump's `nd_printjn`).
pub fn safe_bytes(out: &mut Vec<u8>, v: &[u8]) {
    for &c in v {
        safe_char(out, c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v6(a: &str) -> String {
        let ip: std::net::Ipv6Addr = a.parse().unwrap();
        let mut o = Vec::new();
        ipv6(&mut o, &ip.octets());
        String::from_utf8(o).unwrap()
    }

    fn time(f: fn(&mut Vec<u8>, u32), secs: u32) -> String {
        let mut o = Vec::new();
        f(&mut o, secs);
        String::from_utf8(o).unwrap()
    }

    #[test]
    fn relts_names_each_non_zero_unit() {
        assert_eq!((time(relts, 0), time(relts, 694_861)), ("0s".into(), "1w1d1h1m1s".into()));
    }

    #[test]
    fn relts_clock_pads_minutes_and_seconds() {
        assert_eq!((time(relts_clock, 45), time(relts_clock, 9000)), ("45".into(), "2:30:00".into()));
    }

    #[test]
    fn ipv6_compresses_like_inet_ntop() {
        assert_eq!(v6("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
        assert_eq!(v6("::"), "::");
        assert_eq!(v6("::1"), "::1");
        assert_eq!(v6("fe80::1"), "fe80::1");
        assert_eq!(v6("::ffff:1.2.3.4"), "::ffff:1.2.3.4");
        assert_eq!(v6("2200::240:2:0:0:4"), "2200::240:2:0:0:4");
    }

    #[test]
    fn numbers_pad_and_align() {
        let mut o = Vec::new();
        u_right(&mut o, 1, 5);
        u_pad(&mut o, 42, 6);
        x_pad(&mut o, 0x3c, 4);
        assert_eq!(o, b"    1000042003c");
    }
}
