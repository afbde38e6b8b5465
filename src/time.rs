//! Capture timestamps: seconds and nanoseconds since the Unix epoch.
//!
//! Kept integral (never `f64`) so that nanosecond pcaps round-trip exactly and
//! differences between packets are exact.

use std::fmt;

/// A point in time as a capture file records it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Whole seconds since 1970-01-01T00:00:00Z (may be negative in hostile files).
    pub secs: i64,
    /// Nanoseconds within the second, always below 1e9.
    pub nanos: u32,
}

impl Timestamp {
    /// Builds a timestamp, carrying excess nanoseconds into seconds.
    pub fn new(secs: i64, nanos: u64) -> Self {
        Timestamp {
            secs: secs.saturating_add((nanos / 1_000_000_000) as i64),
            nanos: (nanos % 1_000_000_000) as u32,
        }
    }

    /// Nanoseconds since the epoch, saturated to i64 (about 292 years either
    /// way): what the flow and analysis stages count time in.
    pub fn nanos_i64(self) -> i64 {
        self.as_nanos().clamp(i64::MIN as i128, i64::MAX as i128) as i64
    }

    /// Total nanoseconds since the epoch.
    pub fn as_nanos(self) -> i128 {
        self.secs as i128 * 1_000_000_000 + self.nanos as i128
    }

    /// Builds a timestamp from nanoseconds since the epoch.
    pub fn from_nanos(n: i128) -> Self {
        let secs = n.div_euclid(1_000_000_000);
        let nanos = n.rem_euclid(1_000_000_000) as u32;
        Timestamp { secs: secs.clamp(i64::MIN as i128, i64::MAX as i128) as i64, nanos }
    }

    /// Seconds since the epoch as a float, for display and rates only.
    pub fn as_secs_f64(self) -> f64 {
        self.secs as f64 + self.nanos as f64 / 1e9
    }

    /// Signed time from `earlier` to `self`, in nanoseconds.
    pub fn nanos_since(self, earlier: Timestamp) -> i128 {
        self.as_nanos() - earlier.as_nanos()
    }

    /// Signed time from `earlier` to `self`, in seconds.
    pub fn secs_since(self, earlier: Timestamp) -> f64 {
        self.nanos_since(earlier) as f64 / 1e9
    }

    /// Civil date and time in UTC: (year, month, day, hour, minute, second).
    pub fn to_utc(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (y, m, d, (rem / 3600) as u32, ((rem % 3600) / 60) as u32, (rem % 60) as u32)
    }
}

/// Which clock civil times are shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Zone {
    /// The local time zone, honouring `TZ` as tcpdump does (localtime(3)).
    #[default]
    Local,
    /// UTC (`--utc`).
    Utc,
}

impl Zone {
    /// Seconds east of UTC at `secs` in this zone.
    pub fn offset_at(self, secs: i64) -> i64 {
        match self {
            Zone::Utc => 0,
            Zone::Local => local_offset(secs),
        }
    }
}

/// The local zone's offset from UTC at `secs` (0 where the platform has no
/// localtime_r or the time does not fit).
#[cfg(target_os = "linux")]
fn local_offset(secs: i64) -> i64 {
    use std::sync::Mutex;
    // localtime_r is cheap but not free; offsets change at most every
    // quarter hour (DST rules), so one cached answer per 15-minute bucket.
    static CACHE: Mutex<Option<(i64, i64)>> = Mutex::new(None);
    let bucket = secs.div_euclid(900);
    if let Ok(c) = CACHE.lock() {
        if let Some((b, off)) = *c {
            if b == bucket {
                return off;
            }
        }
    }
    #[allow(clippy::useless_conversion, irrefutable_let_patterns)]
    let Ok(t) = libc::time_t::try_from(bucket * 900) else { return 0 };
    // SAFETY: localtime_r writes only into `tm`, which lives on this frame.
    let off = unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&t, &mut tm).is_null() {
            0
        } else {
            tm.tm_gmtoff as i64
        }
    };
    if let Ok(mut c) = CACHE.lock() {
        *c = Some((bucket, off));
    }
    off
}

#[cfg(not(target_os = "linux"))]
fn local_offset(_secs: i64) -> i64 {
    0
}

/// The one form every text output prints a capture time in (see README,
/// "Time"): `HH:MM:SS.ffffff` in the chosen zone as tcpdump prints it, with
/// `YYYY-MM-DD ` in front when the capture spans more than a day.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    /// The zone shown.
    pub zone: Zone,
    /// Print the date too (the capture spans more than a day).
    pub with_date: bool,
}

impl Clock {
    /// A clock for a capture running from `first` to `last`.
    pub fn for_span(zone: Zone, first: Timestamp, last: Timestamp) -> Clock {
        let (a, b) = (first.to_civil(zone), last.to_civil(zone));
        Clock { zone, with_date: (a.0, a.1, a.2) != (b.0, b.1, b.2) || last.secs_since(first) > 86_400.0 }
    }
    /// `t` formatted (microseconds).
    pub fn show(&self, t: Timestamp) -> String {
        let (y, mo, d, h, mi, s) = t.to_civil(self.zone);
        let us = t.nanos / 1000;
        if self.with_date {
            format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{us:06}")
        } else {
            format!("{h:02}:{mi:02}:{s:02}.{us:06}")
        }
    }
}

impl Timestamp {
    /// Civil date and time in `zone`: (year, month, day, hour, minute, second).
    pub fn to_civil(self, zone: Zone) -> (i64, u32, u32, u32, u32, u32) {
        let off = zone.offset_at(self.secs);
        Timestamp { secs: self.secs.saturating_add(off), nanos: self.nanos }.to_utc()
    }
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian, UTC).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days since the epoch for a civil UTC date (inverse of `civil_from_days`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl fmt::Display for Timestamp {
    /// ISO-8601 UTC with microseconds, as logs and JSON show it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = self.to_utc();
        write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:06}Z", self.nanos / 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_covers_leap_years() {
        for days in [-1_000_000i64, -1, 0, 59, 11_016, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn displays_utc() {
        let t = Timestamp::new(1_795_452_793, 875_500_200);
        assert_eq!(t.to_string(), "2026-11-23T16:53:13.875500Z");
    }

    #[test]
    fn clock_shows_the_date_only_across_days() {
        let a = Timestamp::new(1_795_452_793, 875_500_200);
        let c = Clock::for_span(Zone::Utc, a, Timestamp::new(a.secs + 60, 0));
        assert_eq!(c.show(a), "16:53:13.875500");
        let c = Clock::for_span(Zone::Utc, a, Timestamp::new(a.secs + 90_000, 0));
        assert_eq!(c.show(a), "2026-11-23 16:53:13.875500");
    }

    #[test]
    fn negative_nanos_normalise() {
        assert_eq!(Timestamp::from_nanos(-1), Timestamp { secs: -1, nanos: 999_999_999 });
    }
}
