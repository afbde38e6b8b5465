//! Printers for services: a table per server, or JSON lines (one object per
//! server with its services).

use crate::analysis::services::{SeenBy, ServiceReport};
use std::io::{self, Write};

/// Readable table, one block per server.
pub fn write_text<W: Write>(out: &mut W, r: &ServiceReport) -> io::Result<()> {
    if r.hosts.is_empty() {
        writeln!(out, "No service seen accepting connections or answering.")?;
    }
    for h in &r.hosts {
        writeln!(out, "{}", h.server)?;
        if h.answers_every_port {
            writeln!(
                out,
                "  answers SYN-ACK on nearly every port (SYN cookies, tarpit or proxy): {} ports only scanners saw are not listed",
                h.ports_hidden
            )?;
        }
        for s in &h.services {
            let port = format!("{}/{}", s.proto, s.port);
            let clients = format!(
                "{}{} client{}",
                s.clients,
                if s.clients_capped { "+" } else { "" },
                if s.clients == 1 { "" } else { "s" }
            );
            let how = match s.seen_by {
                SeenBy::SynAck => "",
                SeenBy::Data => " (seen by data; handshake not captured)",
                SeenBy::UdpReply => "",
            };
            let scan = if s.found_by_scan {
                "  found by scan"
            } else {
                ""
            };
            writeln!(
                out,
                "  {port:<11} {:<14} {clients:<12} {:>10} in {:>10} out  {} .. {}{how}{scan}",
                s.name.unwrap_or("-"),
                bytes(s.bytes_to_server),
                bytes(s.bytes_from_server),
                s.first_seen,
                s.last_seen
            )?;
        }
    }
    let st = &r.stats;
    if st.services_untracked + st.udp_requests_untracked > 0 {
        writeln!(
            out,
            "Limits hit: {} services and {} UDP requests not tracked.",
            st.services_untracked, st.udp_requests_untracked
        )?;
    }
    Ok(())
}

fn bytes(n: u64) -> String {
    match n {
        0..=9_999 => format!("{n} B"),
        10_000..=999_999 => format!("{:.1} kB", n as f64 / 1e3),
        1_000_000..=999_999_999 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.1} GB", n as f64 / 1e9),
    }
}

/// One JSON object per server: `{"server":..., "answers_every_port":..., "services":[...]}`.
pub fn write_json<W: Write>(out: &mut W, r: &ServiceReport) -> io::Result<()> {
    for h in &r.hosts {
        let v = serde_json::to_string(h).map_err(io::Error::other)?;
        writeln!(out, "{v}")?;
    }
    Ok(())
}
