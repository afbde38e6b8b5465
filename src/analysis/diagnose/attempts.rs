//! Repeated attempts: a client that retries the same server port from new
//! source ports (`nc`, telnet, browsers) makes one finding with a count and
//! the spacing, not one finding per try.

use super::ctx::{list, round3, secs_list, trim_evidence};
use super::finding::{Finding, Label};
use std::collections::HashMap;
use std::net::IpAddr;

/// Attempts further apart than this (seconds, end of one to start of the next) are separate.
pub const RETRY_WINDOW_S: f64 = 10.0;

/// Failures that end the same way on every retry (grouped here, and
/// summarised by [`super::mass`] when they come in masses).
pub fn groupable(l: Label) -> bool {
    matches!(
        l,
        Label::Refused
            | Label::NoResponse
            | Label::RejectedIcmp
            | Label::MiddleboxReset
            | Label::SynDroppedInPath
            | Label::SynackDroppedInPath
            | Label::AckDroppedInPath
            | Label::HostUnreachable
            | Label::DnsNoAnswer
            | Label::DnsNxdomain
            | Label::DnsServfail
            | Label::DnsRefused
    )
}

/// Merges consecutive failed attempts by the same client to the same service
/// with the same outcome. `findings` must be in time order.
pub fn group(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    let mut starts: Vec<Vec<f64>> = Vec::new();
    // (client, server) → the index of its latest finding; (client, server,
    // port, proto, label) → the index of the group attempts would join.
    let mut latest: HashMap<(IpAddr, IpAddr), usize> = HashMap::new();
    let mut open: HashMap<(IpAddr, IpAddr, u16, &'static str, Label), usize> = HashMap::new();
    for f in findings {
        let key = (f.client, f.server, f.server_port, f.proto, f.label);
        let join = open.get(&key).copied().filter(|&i| {
            let g = &out[i];
            groupable(f.label)
                && latest.get(&(f.client, f.server)) == Some(&i)
                && f.ts - (g.ts + g.figures.span_s.unwrap_or(0.0).max(g.figures.duration_s)) <= RETRY_WINDOW_S
        });
        match join {
            Some(i) => {
                let g = &mut out[i];
                let end = f.ts + f.figures.duration_s;
                g.attempts += f.attempts;
                g.client_ports.extend(f.client_ports.iter().copied());
                g.evidence.extend(f.evidence);
                g.figures.duration_s = round3(end - g.ts);
                g.figures.span_s = Some(round3(f.ts - g.ts));
                starts[i].push(f.ts);
            }
            None => {
                starts.push(vec![f.ts]);
                latest.insert((f.client, f.server), out.len());
                open.insert(key, out.len());
                out.push(f);
            }
        }
    }
    for (g, s) in out.iter_mut().zip(starts) {
        if s.len() > 1 {
            g.figures.spacing_s = s.windows(2).map(|w| round3(w[1] - w[0])).collect();
            g.summary = format!("{} ({} attempts, {} apart)", g.summary, g.attempts, secs_list(&g.figures.spacing_s));
            g.explanation.push_str(&format!(
                " The client tried {} times, from ports {}, {} apart; every attempt ended the same way.",
                g.attempts,
                list(&g.client_ports),
                secs_list(&g.figures.spacing_s)
            ));
        }
        trim_evidence(&mut g.evidence);
    }
    out
}
#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn attempt(label: Label, client: [u8; 4], port: u16, ts: f64) -> Finding {
        let mut f = Finding::new(label, IpAddr::from(client), port, IpAddr::from([10, 0, 0, 2]), 80, "tcp");
        f.ts = ts;
        f
    }

    #[test]
    fn retries_of_one_client_merge_and_another_conversation_splits_them() {
        let out = group(vec![
            attempt(Label::Refused, [10, 0, 0, 1], 5000, 0.0),
            attempt(Label::Refused, [10, 0, 0, 1], 5001, 1.0),
            attempt(Label::NoResponse, [10, 0, 0, 1], 5002, 2.0),
            attempt(Label::Refused, [10, 0, 0, 1], 5003, 3.0),
            attempt(Label::Refused, [10, 0, 0, 9], 5004, 3.5),
            attempt(Label::Refused, [10, 0, 0, 1], 5005, 4.0),
            attempt(Label::Refused, [10, 0, 0, 1], 5006, 40.0),
        ]);
        let attempts: Vec<u32> = out.iter().map(|g| g.attempts).collect();
        assert_eq!(attempts, vec![2, 1, 2, 1, 1]);
    }

    #[test]
    fn a_million_spoofed_clients_group_in_linear_time() {
        // Found with bench/floods.sh: 1 M never-answered probes from spoofed
        // sources made `diagnose` scan every earlier group per attempt (hours).
        let findings: Vec<Finding> = (0..200_000u32)
            .map(|i| attempt(Label::NoResponse, (i + 1).to_be_bytes(), 1024, i as f64 * 1e-6))
            .collect();
        let start = Instant::now();
        assert_eq!(group(findings).len(), 200_000);
        assert!(start.elapsed() < Duration::from_secs(20), "took {:?}", start.elapsed());
    }
}
