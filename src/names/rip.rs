//! RIP command names as tcpdump 5.0 prints them (print-rip.c `rip_cmd_values`).

use crate::wire::rip::command;

/// A command's name; `None` past poll entry.
pub fn command(cmd: u8) -> Option<&'static str> {
    Some(match cmd {
        command::REQUEST => "Request",
        command::RESPONSE => "Response",
        command::TRACE_ON => "Trace on",
        command::TRACE_OFF => "Trace off",
        command::POLL => "Poll",
        command::POLL_ENTRY => "Poll Entry",
        _ => return None,
    })
}
