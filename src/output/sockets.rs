//! Printers of `tcpsleuth sockets`: an ss-like table (with explanations and
//! the per-state summary), one JSON document, CSV.

use crate::analysis::sockets::{explain, host_notes, state_name, summary};
use crate::host::{HostSocket, Snapshot, Source, Timer};
use serde_json::{json, Value};
use std::io::{self, Write};
use std::net::SocketAddr;

/// Process names are printed from /proc and may hold anything: bounded.
const MAX_NAME: usize = 32;

/// `10.0.0.1:80`, `[::1]:80`; port 0 (unbound, or any peer) as `*`, as ss prints it.
pub fn endpoint(a: &SocketAddr) -> String {
    let port = if a.port() == 0 { "*".to_string() } else { a.port().to_string() };
    match a {
        SocketAddr::V4(v) => format!("{}:{port}", v.ip()),
        SocketAddr::V6(v) => format!("[{}]:{port}", v.ip()),
    }
}

/// `users:(("nginx",pid=12,fd=3))` shortened to `nginx/12` (several joined by `,`).
fn process_cell(s: &HostSocket) -> String {
    let cells: Vec<String> = s.owners.iter().map(|o| format!("{}/{}", clean(&o.name), o.pid)).collect();
    if cells.is_empty() {
        "-".into()
    } else {
        cells.join(",")
    }
}

fn clean(s: &str) -> String {
    crate::output::diagnose::clean(s, MAX_NAME).replace([' ', ','], "_")
}

/// ss's `timer:(on,200ms,1)` without the wrapper: `on,200ms,1`.
pub fn timer_cell(t: &Option<Timer>) -> String {
    match t {
        None => "-".into(),
        Some(t) => format!("{},{},{}", t.kind.name(), millis(t.expires_ms), t.retransmits),
    }
}

fn millis(ms: u64) -> String {
    if ms >= 1000 {
        format!("{:.1}s", ms as f64 / 1000.0)
    } else {
        format!("{ms}ms")
    }
}

fn rtt_cell(s: &HostSocket) -> String {
    match s.info {
        Some(i) if i.rtt_us > 0 => format!("{:.3}", i.rtt_us as f64 / 1000.0),
        _ => "-".into(),
    }
}

fn retrans_cell(s: &HostSocket) -> String {
    s.info.map_or("-".into(), |i| format!("{}/{}", i.retrans, i.total_retrans))
}

/// The table, then the summary (and with `explain`, a line under each socket
/// that needs one and the host-wide notes).
pub fn write_table<W: Write>(out: &mut W, snap: &Snapshot, shown: &[&HostSocket], explain_all: bool) -> io::Result<()> {
    let rows: Vec<[String; 10]> = shown
        .iter()
        .map(|s| {
            [
                s.proto.name().into(),
                state_name(s).into(),
                s.recv_q.to_string(),
                s.send_q.to_string(),
                endpoint(&s.local),
                endpoint(&s.peer),
                rtt_cell(s),
                retrans_cell(s),
                timer_cell(&s.timer),
                process_cell(s),
            ]
        })
        .collect();
    let head = ["Proto", "State", "Recv-Q", "Send-Q", "Local", "Peer", "RTT-ms", "Retrans", "Timer", "Process"];
    let mut w = head.map(str::len);
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.len());
        }
    }
    let line = |cells: [&str; 10]| -> String {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            let right = (2..4).contains(&i);
            let cell = if right { format!("{c:>0$}", w[i]) } else { format!("{c:<0$}", w[i]) };
            l.push_str(&cell);
            l.push_str("  ");
        }
        l.trim_end().to_string()
    };
    writeln!(out, "{}", line(head))?;
    for (r, s) in rows.iter().zip(shown) {
        writeln!(out, "{}", line(r.each_ref().map(String::as_str)))?;
        if explain_all {
            if let Some(e) = explain(s) {
                writeln!(out, "    {}: {}", e.meaning, e.check)?;
            }
        }
    }
    write_footer(out, snap, shown, explain_all)
}

fn write_footer<W: Write>(out: &mut W, snap: &Snapshot, shown: &[&HostSocket], explain_all: bool) -> io::Result<()> {
    let owned: Vec<HostSocket> = shown.iter().map(|s| (*s).clone()).collect();
    writeln!(out)?;
    for (proto, counts) in summary(&owned) {
        let total: usize = counts.iter().map(|c| c.1).sum();
        let parts: Vec<String> = counts.iter().map(|(n, c)| format!("{n} {c}")).collect();
        let name = proto.name().to_uppercase();
        if parts.is_empty() {
            writeln!(out, "{name}: 0")?;
        } else {
            writeln!(out, "{name}: {total} ({})", parts.join(", "))?;
        }
    }
    if explain_all {
        for n in host_notes(&owned) {
            writeln!(out, "note: {n}")?;
        }
    }
    if snap.source == Source::ProcNet {
        writeln!(out, "(read from /proc/net)")?;
    }
    Ok(())
}

/// One socket as JSON.
pub fn socket_json(s: &HostSocket, with_explain: bool) -> Value {
    let mut v = json!({
        "proto": s.proto.name(),
        "state": state_name(s),
        "recv_q": s.recv_q,
        "send_q": s.send_q,
        "local_addr": s.local.ip().to_string(),
        "local_port": s.local.port(),
        "peer_addr": s.peer.ip().to_string(),
        "peer_port": s.peer.port(),
        "uid": s.uid,
        "inode": s.inode,
        "processes": s.owners.iter().map(|o| json!({"name": clean(&o.name), "pid": o.pid, "fd": o.fd})).collect::<Vec<_>>(),
    });
    if let Some(t) = &s.timer {
        v["timer"] = json!({"name": t.kind.name(), "expires_ms": t.expires_ms, "retransmits": t.retransmits});
    }
    if let Some(i) = &s.info {
        // A socket that never exchanged data (LISTEN, SYN_SENT) has no RTT sample.
        if i.rtt_us > 0 {
            v["rtt_ms"] = json!(i.rtt_us as f64 / 1000.0);
            v["rttvar_ms"] = json!(i.rttvar_us as f64 / 1000.0);
        }
        v["rto_ms"] = json!(i.rto_us as f64 / 1000.0);
        v["retrans"] = json!(i.retrans);
        v["total_retrans"] = json!(i.total_retrans);
        v["unacked"] = json!(i.unacked);
        v["cwnd"] = json!(i.cwnd);
    }
    if with_explain {
        if let Some(e) = explain(s) {
            v["explain"] = json!({"meaning": e.meaning, "check": e.check});
        }
    }
    v
}

/// The whole snapshot as one JSON document.
pub fn write_json<W: Write>(out: &mut W, snap: &Snapshot, shown: &[&HostSocket], with_explain: bool) -> io::Result<()> {
    let owned: Vec<HostSocket> = shown.iter().map(|s| (*s).clone()).collect();
    let mut sum = serde_json::Map::new();
    for (proto, counts) in summary(&owned) {
        let m: serde_json::Map<String, Value> = counts.iter().map(|(n, c)| (n.to_string(), json!(c))).collect();
        sum.insert(proto.name().into(), Value::Object(m));
    }
    let doc = json!({
        "source": match snap.source { Source::Netlink => "netlink", Source::ProcNet => "procnet" },
        "notes": snap.notes,
        "sockets": shown.iter().map(|s| socket_json(s, with_explain)).collect::<Vec<_>>(),
        "summary": sum,
        "host_notes": if with_explain { host_notes(&owned) } else { vec![] },
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// CSV with a header line.
pub fn write_csv<W: Write>(out: &mut W, shown: &[&HostSocket], with_explain: bool) -> io::Result<()> {
    writeln!(out, "proto,state,recv_q,send_q,local_addr,local_port,peer_addr,peer_port,pid,process,rtt_ms,retrans,total_retrans,timer,explain")?;
    for s in shown {
        let owner = s.owners.first();
        let ex = if with_explain { explain(s).map(|e| e.check).unwrap_or_default() } else { String::new() };
        let cells = [
            s.proto.name().to_string(),
            state_name(s).into(),
            s.recv_q.to_string(),
            s.send_q.to_string(),
            s.local.ip().to_string(),
            s.local.port().to_string(),
            s.peer.ip().to_string(),
            s.peer.port().to_string(),
            owner.map(|o| o.pid.to_string()).unwrap_or_default(),
            owner.map(|o| clean(&o.name)).unwrap_or_default(),
            s.info.map(|i| format!("{:.3}", i.rtt_us as f64 / 1000.0)).unwrap_or_default(),
            s.info.map(|i| i.retrans.to_string()).unwrap_or_default(),
            s.info.map(|i| i.total_retrans.to_string()).unwrap_or_default(),
            if s.timer.is_some() { timer_cell(&s.timer) } else { String::new() },
            ex,
        ];
        let quoted: Vec<String> = cells.iter().map(|c| super::conns::csv_cell(c)).collect();
        writeln!(out, "{}", quoted.join(","))?;
    }
    Ok(())
}
