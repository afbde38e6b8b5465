//! NTP, after tcpdump 5.0's print-ntp.c and ntp.c: formats `wire::ntp`'s
//! view. The first line; under -v the leap indicator, then for time
//! messages the stratum, poll, precision, root delay and dispersion,
//! reference id, the four timestamps (with their UTC date, whatever the
//! local zone) and two differences (`ntp_time_print`), for control
//! messages the header fields (`ntp_control_print`).

use super::{fmt, g8, Ctx, Trunc, R};
use crate::names;
use crate::time::Timestamp;
use crate::wire::ntp::{control_field, field, mode, stratum, Ntp, NtpTime, CONTROL_MSG_LEN, TIME_MSG_LEN, UNIX_EPOCH_NTP_SECS};

/// 2^32, the scale of a timestamp's fraction (tcpdump's `FMAXINT`).
const FRACTION_SCALE: f64 = 4_294_967_296.0;

/// `ntp_print`: `length` is the UDP payload length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "ntp";
    let n = Ntp::new(bp);
    let version = n.version().ok_or(Trunc)?;
    let m = n.mode().ok_or(Trunc)?;
    ctx.s("NTPv");
    ctx.u(version);
    ctx.s(", ");
    ctx.s(names::ntp::mode(m));
    ctx.s(", length ");
    ctx.u(length);
    if ctx.v() == 0 {
        return Ok(());
    }
    let leap = n.leap_bits().ok_or(Trunc)?;
    ctx.s("\n\tLeap indicator: ");
    ctx.s(names::ntp::leap(leap));
    ctx.s(" (");
    ctx.u(leap);
    ctx.s(")");
    match m {
        mode::CONTROL => control(ctx, &n, length),
        mode::UNSPECIFIED..=mode::BROADCAST => time_message(ctx, &n, bp, length),
        _ => Ok(()),
    }
}

/// `ntp_time_print`.
fn time_message(ctx: &mut Ctx<'_>, n: &Ntp<'_>, bp: &[u8], length: u32) -> R {
    if length < TIME_MSG_LEN {
        return ctx.invalid_then_check(n.captured(0, length as usize));
    }
    let s = n.stratum().ok_or(Trunc)?;
    ctx.s(", Stratum ");
    ctx.u(s);
    ctx.s(" (");
    ctx.s(names::ntp::stratum(s));
    ctx.s(")");
    // tcpdump reads each field before it prints its label: a cut message
    // ends before the label of the field it lacks.
    let poll = n.poll().ok_or(Trunc)?;
    ctx.s(", poll ");
    fmt::i(ctx.out, poll.into());
    poll_seconds(ctx, poll);
    let precision = n.precision().ok_or(Trunc)?;
    ctx.s(", precision ");
    fmt::i(ctx.out, precision.into());
    ctx.s("\n\tRoot Delay: ");
    short_fixed(ctx, n.root_delay().ok_or(Trunc)?);
    ctx.s(", Root dispersion: ");
    short_fixed(ctx, n.root_dispersion().ok_or(Trunc)?);
    ctx.s(", Reference-ID: ");
    if !reference_id(ctx, n, bp, s)? {
        return Ok(());
    }
    let labels = [
        ("Reference Timestamp:  ", field::REFERENCE_TS),
        ("Originator Timestamp: ", field::ORIGIN_TS),
        ("Receive Timestamp:    ", field::RECEIVE_TS),
        ("Transmit Timestamp:   ", field::TRANSMIT_TS),
    ];
    let mut t = [NtpTime { secs: 0, frac: 0 }; 4];
    for (i, (label, f)) in labels.into_iter().enumerate() {
        ctx.s("\n\t  ");
        ctx.s(label);
        t[i] = n.timestamp(f).ok_or(Trunc)?;
        time(ctx, t[i]);
    }
    let [_, origin, receive, transmit] = t;
    ctx.s("\n\t    Originator - Receive Timestamp:  ");
    delta(ctx, origin, receive);
    ctx.s("\n\t    Originator - Transmit Timestamp: ");
    delta(ctx, origin, transmit);
    authentication(ctx, n, length)
}

/// The reference id as the stratum says to read it; false when tcpdump
/// stops after it (information query and reply).
fn reference_id(ctx: &mut Ctx<'_>, n: &Ntp<'_>, bp: &[u8], s: u8) -> R<bool> {
    match s {
        stratum::UNSPECIFIED => {
            ctx.s("(unspec)");
            n.reference_id().ok_or(Trunc)?;
        }
        // A primary server names its clock in four characters ("GPS").
        stratum::PRIMARY => {
            for i in field::REFERENCE_ID {
                fmt::safe_char(ctx.out, g8(bp, i)?);
            }
        }
        stratum::INFO_QUERY | stratum::INFO_REPLY => {
            fmt::ipv4(ctx.out, n.reference_id().ok_or(Trunc)?);
            ctx.s(if s == stratum::INFO_QUERY { " INFO_QUERY" } else { " INFO_REPLY" });
            return Ok(false);
        }
        _ => {
            let id = n.reference_id().ok_or(Trunc)?;
            ctx.s("0x");
            fmt::x_pad(ctx.out, u32::from_be_bytes([id[0], id[1], id[2], id[3]]).into(), 8);
        }
    }
    Ok(true)
}

/// The key id and digest that may follow the header, told apart by length.
fn authentication(ctx: &mut Ctx<'_>, n: &Ntp<'_>, length: u32) -> R {
    let words = match length.checked_sub(TIME_MSG_LEN) {
        Some(0) | None => return Ok(()),
        Some(4) => 0,
        Some(20) => 4,
        Some(24) => 5,
        Some(more) => {
            ctx.s("\n\t(");
            ctx.u(more);
            ctx.s(" more bytes after the header)");
            return Ok(());
        }
    };
    let key = n.key_id().ok_or(Trunc)?;
    ctx.s("\n\tKey id: ");
    ctx.u(key);
    if words > 0 {
        let mut digest = [0u32; 5];
        for (i, w) in digest.iter_mut().enumerate().take(words) {
            *w = n.digest_word(i).ok_or(Trunc)?;
        }
        ctx.s("\n\tAuthentication: ");
        for w in &digest[..words] {
            fmt::x_pad(ctx.out, (*w).into(), 8);
        }
    }
    Ok(())
}

/// `ntp_control_print`.
fn control(ctx: &mut Ctx<'_>, n: &Ntp<'_>, length: u32) -> R {
    if length < CONTROL_MSG_LEN {
        return ctx.invalid_then_check(n.captured(0, length as usize));
    }
    let c = n.control().ok_or(Trunc)?;
    ctx.s(if c & 0x80 != 0 { ", Response" } else { ", Request" });
    ctx.s(if c & 0x40 != 0 { ", Error" } else { ", OK" });
    ctx.s(if c & 0x20 != 0 { ", More" } else { ", Last" });
    ctx.s(", OpCode=");
    ctx.u(c & 0x1f);
    ctx.s("\n");
    let get = |f| n.control_u16(f).ok_or(Trunc);
    let sequence = get(control_field::SEQUENCE)?;
    ctx.s("\tSequence=");
    ctx.u(sequence);
    let status = get(control_field::STATUS)?;
    ctx.s(", Status=");
    // C's `%#hx`: no 0x before a zero.
    if status != 0 {
        ctx.s("0x");
    }
    fmt::x(ctx.out, status.into());
    let association = get(control_field::ASSOCIATION)?;
    ctx.s(", Assoc.=");
    ctx.u(association);
    let offset = get(control_field::OFFSET)?;
    ctx.s(", Offset=");
    ctx.u(offset);
    let count = get(control_field::COUNT)?;
    ctx.s(", Count=");
    ctx.u(count);
    if CONTROL_MSG_LEN + u32::from(count) > length {
        return ctx.invalid_then_check(n.captured(0, length as usize));
    }
    if count != 0 {
        if !n.captured(control_field::DATA, count.into()) {
            return Err(Trunc);
        }
        ctx.s("\n\tTO-BE-DONE: data not interpreted");
    }
    Ok(())
}


/// `p_poll`: the interval in seconds, or as a fraction of one.
fn poll_seconds(ctx: &mut Ctx<'_>, poll: i8) {
    if !(-31..=31).contains(&poll) {
        return;
    }
    if poll >= 0 {
        ctx.s(" (");
        ctx.u(1u32 << poll);
        ctx.s("s)");
    } else {
        ctx.s(" (1/");
        ctx.u(1u32 << -poll);
        ctx.s("s)");
    }
}

/// `p_sfix`: 16.16 fixed point in microseconds' precision.
fn short_fixed(ctx: &mut Ctx<'_>, (int, frac): (u16, u16)) {
    ctx.u(int);
    ctx.s(".");
    let micros = (f64::from(frac) / 65536.0 * 1_000_000.0) as u32;
    fmt::u_pad(ctx.out, micros.into(), 6);
}

/// A fraction of 2^32 in nanoseconds, computed as tcpdump does (in
/// double precision, then truncated) so the last digit agrees.
fn nanos(frac: u32) -> u32 {
    (f64::from(frac) / FRACTION_SCALE * 1_000_000_000.0) as u32
}

/// `p_ntp_time`: seconds.nanoseconds, then the date in UTC when set.
fn time(ctx: &mut Ctx<'_>, t: NtpTime) {
    ctx.u(t.secs);
    ctx.s(".");
    fmt::u_pad(ctx.out, nanos(t.frac).into(), 9);
    if t.secs == 0 {
        return;
    }
    let (y, mo, d, h, mi, s) = Timestamp::new(i64::from(t.secs) - UNIX_EPOCH_NTP_SECS, 0).to_utc();
    ctx.s(" (");
    fmt::u_pad(ctx.out, y as u64, 4);
    for (sep, v) in [("-", mo), ("-", d), ("T", h), (":", mi), (":", s)] {
        ctx.s(sep);
        fmt::u_pad(ctx.out, v.into(), 2);
    }
    ctx.s("Z)");
}

/// `p_ntp_delta`: `new - old` signed, or `new` itself when `old` is zero.
fn delta(ctx: &mut Ctx<'_>, old: NtpTime, new: NtpTime) {
    if old.secs == 0 && old.frac == 0 {
        time(ctx, new);
        return;
    }
    let (negative, secs, frac) = if new.secs != old.secs {
        let negative = new.secs < old.secs;
        let (hi, lo) = if negative { (old, new) } else { (new, old) };
        let borrow = u32::from(lo.frac > hi.frac);
        (negative, hi.secs - lo.secs - borrow, hi.frac.wrapping_sub(lo.frac))
    } else if new.frac > old.frac {
        (false, 0, new.frac - old.frac)
    } else {
        (true, 0, old.frac - new.frac)
    };
    ctx.s(if negative { "-" } else { "+" });
    ctx.u(secs);
    ctx.s(".");
    fmt::u_pad(ctx.out, nanos(frac).into(), 9);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What tcpdump -v prints for `bp`, a UDP payload of `length` bytes.
    fn print_v(bp: &[u8], length: u32) -> String {
        super::super::print_layer(1, |ctx| print(ctx, bp, length))
    }

    /// A v4 server message from a primary server ("GPS"), 48 bytes.
    fn server() -> Vec<u8> {
        let mut m = vec![0x24, 1, 4, 0xe3, 0, 0, 0, 0, 0, 0, 0, 0x10, b'G', b'P', b'S', 0];
        m.resize(48, 0x11);
        m
    }

    #[test]
    fn a_cut_inside_the_reference_id_prints_what_was_captured_of_it() {
        // 5.0 prints the label, then each character it can read (4.99 stops before the label).
        assert!(print_v(&server()[..14], 48).ends_with("Root dispersion: 0.000244, Reference-ID: GP [|ntp]"));
    }

    #[test]
    fn a_cut_inside_a_timestamp_ends_after_its_label() {
        assert!(print_v(&server()[..36], 48).ends_with("\n\t  Receive Timestamp:     [|ntp]"));
    }

    #[test]
    fn no_cut_or_claimed_length_of_a_message_panics() {
        let mut m = server();
        m.extend_from_slice(&[0xff; 24]);
        for cut in 0..=m.len() {
            for length in [0, 4, 11, 12, 47, 48, 52, 68, 72, 60, 65535] {
                for first in [0x24, 0x26, 0x27] {
                    let mut x = m[..cut].to_vec();
                    if let Some(b) = x.first_mut() {
                        *b = first;
                    }
                    print_v(&x, length);
                }
            }
        }
    }

    #[test]
    fn fractions_truncate_as_tcpdumps_double_arithmetic_does() {
        assert_eq!((nanos(0x8000_0000), nanos(0xffff_ffff), nanos(1)), (500_000_000, 999_999_999, 0));
    }
}
