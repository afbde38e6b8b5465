//! RIP command names as tcpdump 5.0 prints them (print-rip.c `rip_cmd_values`).

/// A command's name (the numbers of `wire::rip::command`); `None` past poll entry.
pub fn command(cmd: u8) -> Option<&'static str> {
    Some(match cmd {
        1 => "Request",
        2 => "Response",
        3 => "Trace on",
        4 => "Trace off",
        5 => "Poll",
        6 => "Poll Entry",
        _ => return None,
    })
}
