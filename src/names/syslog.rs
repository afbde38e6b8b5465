//! Syslog facility and severity names as tcpdump 5.0 prints them
//! (print-syslog.c `syslog_facility_values`, `syslog_severity_values`).

/// A facility's name (0–23), `None` above.
pub fn facility(f: u16) -> Option<&'static str> {
    const NAMES: [&str; 24] = [
        "kernel", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp", "security",
        "console", "cron", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    ];
    NAMES.get(usize::from(f)).copied()
}

/// A severity's name (all eight 3-bit values are named).
pub fn severity(s: u16) -> Option<&'static str> {
    const NAMES: [&str; 8] = ["emergency", "alert", "critical", "error", "warning", "notice", "info", "debug"];
    NAMES.get(usize::from(s)).copied()
}
