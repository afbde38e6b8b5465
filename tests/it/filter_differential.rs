//! Differential test of the filter compiler against the installed tcpdump
//! (4.99.3 / libpcap 1.10.3): the frames each expression selects must be
//! exactly the frames `tcpdump -r F -w - EXPR` writes.
//!
//! Every capture under ../shared (scenarios, peers/tcpdump, peers/zeek) and
//! the project's fixtures is read; the frames of each supported link type
//! (Ethernet, Linux SLL and SLL2, raw IP, IPv4, IPv6, BSD loopback NULL and
//! LOOP, PPP, FDDI) are gathered into one pcap per link type (at most
//! [`FRAMES_PER_FILE`] from each capture, so tcpdump runs once per expression
//! per link type and the test stays fast). An expression that tcpdump refuses
//! for a link type must be refused by tcpsleuth too. The expressions cover
//! every primitive, qualifier combinations, byte offsets and arithmetic,
//! VLAN/MPLS stacking, IPv6, fragments, and the negation of each.
//!
//! Skips with one SKIPPED line when tcpdump or ../shared is missing; fails
//! instead when CI=true.

use crate::support::{repo_path, scratch, shared_each, tool};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tcpsleuth::capture::{Capture, PcapWriter};
use tcpsleuth::filter::Program;

/// Frames taken from each capture (the first ones).
const FRAMES_PER_FILE: usize = 400;
/// Link types the compiler supports.
const LINK_TYPES: &[u32] = &[1, 113, 276, 101, 12, 228, 229, 0, 108, 9, 10];
/// tcpdump processes run at once.
const WORKERS: usize = 4;

fn captures(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            captures(&p, out);
        } else if [".pcap", ".pcapng", ".cap", ".pcap.gz"].iter().any(|x| name.ends_with(x)) {
            out.push(p);
        }
    }
}

/// One frame kept for the comparison.
struct Kept {
    data: Vec<u8>,
    orig_len: u32,
    origin: String,
}

/// Frames of every capture, grouped by link type.
fn gather(files: &[PathBuf]) -> BTreeMap<u32, Vec<Kept>> {
    let mut by_lt: BTreeMap<u32, Vec<Kept>> = BTreeMap::new();
    for f in files {
        let Ok(mut cap) = Capture::open(std::slice::from_ref(f)) else { continue };
        let mut n = 0;
        while let Some(Ok(fr)) = cap.next_frame() {
            n += 1;
            if n > FRAMES_PER_FILE {
                break;
            }
            if !LINK_TYPES.contains(&fr.link_type) || fr.data.is_empty() {
                continue;
            }
            let origin = format!("{} frame {}", f.display(), fr.number);
            by_lt.entry(fr.link_type).or_default().push(Kept { data: fr.data.to_vec(), orig_len: fr.orig_len, origin });
        }
    }
    by_lt
}

/// The expressions: primitives, then each negated, then combinations.
fn expressions(macs: &[String]) -> Vec<String> {
    let mut prims: Vec<String> = [
        "ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp", "icmp6", "igmp", "sctp", "pim", "vrrp", "ah", "esp",
        "host 10.77.1.10", "src host 10.77.1.10", "dst host 10.77.2.20", "src or dst host 10.77.2.20",
        "src and dst host 10.77.1.10", "ip host 10.77.1.10", "arp host 10.77.1.10", "rarp host 10.0.0.1",
        "host 192.168.1.1", "ip6 host fd77:1::10", "host fd77:2::20", "src host fd77:1::10",
        "dst host ff02::1", "host 10.1", "host 10", "net 10.0.0.0/8", "net 10.77", "net 10", "net 192.168",
        "src net 10.77.1.0/24", "dst net 192.168.0.0 mask 255.255.0.0", "net 172.16.0.0/12", "net fd77::/16",
        "net fe80::/10", "dst net ff00::/8", "net 0.0.0.0/0", "src net 127.0.0.0/8", "ip6 net 2001:db8::/32",
        "port 80", "port 53", "port 443", "port 8080", "src port 8080", "dst port 8080", "tcp port 80",
        "udp port 53", "tcp src port 8080", "udp dst port 53", "sctp port 80", "port 123", "src or dst port 53",
        "src and dst port 53", "port http", "port domain", "tcp port https", "port 0", "udp port 67",
        "portrange 1-1023", "portrange 8000-9000", "tcp portrange 1024-65535", "udp src portrange 50-60",
        "dst portrange 0-100", "portrange 443", "ether broadcast", "ether multicast", "broadcast", "multicast",
        "ether proto 0x800", "ether proto 0x86dd", "ether proto \\arp", "ether proto \\ip6", "ether proto 0x8100",
        "ether proto 0x8847", "ether proto 66", "ether proto 0xfe", "ether proto 6", "ether proto 0xf0",
        "ether proto 0xe0", "ether proto \\atalk", "ether proto \\aarp", "ether proto 0x8137", "ip broadcast", "ip multicast", "ip6 multicast", "ip proto 6",
        "ip proto 17", "ip proto 1", "ip6 proto 58", "ip6 proto 6", "proto 17", "proto \\tcp", "ip proto \\udp",
        "ip6 proto 44", "ip6 proto 0", "protochain 6", "ip6 protochain 6", "ip protochain 17",
        "ip6 protochain 58", "protochain 44", "ip6 protochain 17", "vlan", "vlan 1", "vlan 100", "vlan 5",
        "vlan and ip", "vlan and tcp port 80", "vlan and vlan", "vlan and vlan and ip", "vlan 10 and vlan 20",
        "vlan and ip6", "vlan and icmp", "vlan and arp", "vlan and udp", "mpls", "mpls 100", "mpls and ip",
        "mpls and mpls", "mpls and mpls and ip", "mpls and ip6", "mpls and tcp port 80", "vlan and mpls",
        "mpls and host 10.0.0.1", "mpls 16 and mpls", "less 60", "less 100", "greater 1000", "greater 1500",
        "len > 100", "len <= 64", "len = 60", "len != 60", "len < 54", "len >= 1514",
        "tcp[tcpflags] & tcp-syn != 0", "tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn", "tcp[13] = 0x12",
        "tcp[tcpflags] & tcp-rst != 0", "tcp[tcpflags] & tcp-fin != 0", "tcp[tcpflags] & tcp-push != 0",
        "tcp[tcpflags] & (tcp-ece|tcp-cwr) != 0", "tcp[tcpflags] = tcp-ack", "icmp[icmptype] = icmp-echo",
        "icmp[icmptype] = icmp-echoreply", "icmp[icmptype] = icmp-unreach", "icmp[icmpcode] = 3",
        "icmp[icmptype] != icmp-echo and icmp[icmptype] != icmp-echoreply", "icmp6[icmp6type] = icmp6-echo",
        "icmp6[icmp6type] = icmp6-neighborsolicit", "icmp6[0] = 135", "icmp6[icmp6type] = icmp6-routeradvert",
        "icmp6[icmp6type] < 128", "ip[6:2] & 0x1fff != 0", "ip[6:2] & 0x3fff != 0", "ip[6] & 0x20 != 0",
        "ip[8] < 64", "ip[2:2] > 1000", "ip[0] & 0xf > 5", "ip[9] = 6", "ip[1] & 0xfc != 0", "ip6[6] = 44",
        "ip6[6] = 0", "ip6[7] = 255", "ip6[4:2] > 1000", "ip6[40] = 128", "udp[8:2] = 0", "udp[4:2] > 100",
        "tcp[2:2] = 8080", "tcp[0:2] > 1023", "tcp[12] >> 4 > 5", "tcp[4:4] = 0", "tcp[14:2] = 0",
        "tcp[20] = 2", "udp[0:2] = 53 or udp[2:2] = 53", "ether[0] & 1 = 1", "ether[12:2] = 0x800",
        "link[12:2] = 0x86dd", "ether[0:4] = 0xffffffff", "ether[100] = 0", "arp[6:2] = 1", "arp[6:2] = 2",
        "rarp[6:2] = 3", "len - 14 > 100", "len * 2 > 3000", "len / 2 < 40", "len % 2 = 0", "len & 1 = 1",
        "len | 1 = 61", "len ^ 1 = 61", "len << 1 > 200", "len >> 1 < 40", "1 + 2 * 3 = 7",
        "(1 + 2) * 3 = 9", "2 - 3 - 1 = 4294967294", "len & 2 ^ 3 = 1", "- len < 100",
        "ip[0] / (ip[9] - 6) = 0", "tcp[ip[0] & 0xf] = 0", "ip[tcp[12] >> 4] > 0", "ip[ip[0] & 0xf] != 0",
        "tcp[1000] = 0", "udp[0:4] % 7 = 3", "ip6[0:4] & 0xfffff = 0",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for m in macs {
        prims.push(format!("ether host {m}"));
        prims.push(format!("ether src {m}"));
        prims.push(format!("ether dst {m}"));
    }
    let combos = [
        "host 10.77.1.10 and port 8080", "host 10.77.1.10 and port 8080 or 53", "tcp and not port 22",
        "not tcp and not udp", "tcp or udp and icmp", "(tcp or udp) and not port 53", "not (tcp or udp)",
        "!tcp && !udp", "tcp || icmp", "host 10.77.1.10 and (port 8080 or 443)", "port 80 and not 443",
        "host 10.77.1.10 and not 10.77.2.20", "src 10.77.1.10 and dst port 8080", "ip and not net 10.0.0.0/8",
        "ip6 and not net fe80::/10", "udp port 53 and greater 100",
        "tcp and (tcp[tcpflags] & tcp-syn != 0) and less 80", "icmp or icmp6", "arp or rarp", "vlan or ip",
        "ip6 and tcp port 8080", "ip and udp and not port 53", "tcp dst port 8080 and (tcp[tcpflags] & tcp-rst != 0)",
        "host 10.77.1.10 or host fd77:1::10", "dst host 10.77.2.20 and tcp[tcpflags] & tcp-syn != 0",
        "ip and (ip[6:2] & 0x1fff != 0 or ip[6] & 0x20 != 0)", "port 8080 and len > 100",
        "not ip and not ip6", "ether multicast and not broadcast", "tcp and ip[2:2] - ((ip[0] & 0xf) << 2) - ((tcp[12] & 0xf0) >> 2) != 0",
    ];
    let mut all = prims.clone();
    all.extend(prims.iter().map(|p| format!("not ({p})")));
    all.extend(combos.iter().map(|s| s.to_string()));
    all.extend(combos.iter().map(|s| format!("not ({s})")));
    all
}

/// Two Ethernet addresses from the capture, for `ether host`.
fn macs(frames: &[Kept]) -> Vec<String> {
    let mut out = Vec::new();
    for k in frames.iter().step_by(97).take(2) {
        if let Some(b) = k.data.get(6..12) {
            out.push(b.iter().map(|x| format!("{x:02x}")).collect::<Vec<_>>().join(":"));
        }
    }
    out
}

/// What tcpdump selected: the records of its -w output, or its error.
fn tcpdump_selects(file: &Path, expr: &str, optimize: bool) -> Result<Vec<Vec<u8>>, String> {
    let out = Command::new("tcpdump")
        .args(if optimize { &[][..] } else { &["-O"][..] })
        .args(["-r"])
        .arg(file)
        .args(["-w", "-", "--", expr])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        // The optimizer proves that nothing can match: an empty selection.
        if err.contains("expression rejects all packets") {
            return Ok(Vec::new());
        }
        return Err(err.lines().last().unwrap_or("").to_string());
    }
    let cap = Capture::from_reader("tcpdump", Box::new(std::io::Cursor::new(out.stdout)));
    let mut cap = cap.map_err(|e| e.to_string())?;
    let mut recs = Vec::new();
    while let Some(Ok(f)) = cap.next_frame() {
        recs.push(f.data.to_vec());
    }
    Ok(recs)
}

/// Compares one expression on one link type; `None` when they agree.
fn compare(lt: u32, file: &Path, frames: &[Kept], expr: &str) -> Option<String> {
    let ours = Program::compile(expr, lt, 262_144);
    let theirs = tcpdump_selects(file, expr, true);
    match (ours, theirs) {
        (Err(_), Err(_)) => None,
        (Ok(_), Err(e)) => Some(format!("link type {lt}: '{expr}': tcpdump refuses ({e}), tcpsleuth compiles it")),
        (Err(e), Ok(_)) => Some(format!("link type {lt}: '{expr}': tcpsleuth refuses ({e}), tcpdump compiles it")),
        (Ok(p), Ok(recs)) => {
            let mine: Vec<usize> = (0..frames.len()).filter(|&i| p.matches(&frames[i].data, frames[i].orig_len)).collect();
            let theirs_idx = positions(frames, &recs);
            if mine == theirs_idx {
                return None;
            }
            // libpcap's optimizer drops loads whose value cannot change the
            // verdict (`(tcp or udp) and icmp` is always false), so a frame
            // shorter than such a load passes where the program as written
            // rejects it. tcpsleuth runs the program as written: agreeing
            // with tcpdump -O (no optimizer) is agreeing with libpcap.
            if tcpdump_selects(file, expr, false).is_ok_and(|unopt| positions(frames, &unopt) == mine) {
                OPTIMIZER_ONLY.fetch_add(1, Ordering::Relaxed);
                return None;
            }
            let first = mine.iter().zip(&theirs_idx).position(|(a, b)| a != b).unwrap_or(mine.len().min(theirs_idx.len()));
            let at = mine.get(first).copied().into_iter().chain(theirs_idx.get(first).copied()).min().unwrap_or(0);
            let origin = frames.get(at).map_or("?", |k| k.origin.as_str());
            Some(format!(
                "link type {lt}: '{expr}': tcpsleuth selects {} frames, tcpdump {}; first difference at {origin}",
                mine.len(),
                theirs_idx.len()
            ))
        }
    }
}

/// Where each record tcpdump wrote sits among `frames` (in order).
fn positions(frames: &[Kept], recs: &[Vec<u8>]) -> Vec<usize> {
    let mut j = 0;
    let mut at = Vec::new();
    for r in recs {
        while j < frames.len() && frames[j].data != *r {
            j += 1;
        }
        at.push(j);
        j += 1;
    }
    at
}

/// Expressions (per link type) that agree only with libpcap's unoptimized program.
static OPTIMIZER_ONLY: AtomicUsize = AtomicUsize::new(0);

#[test]
fn filter_selects_the_frames_tcpdump_selects() {
    if !tool("tcpdump") {
        return;
    }
    let Some(dirs) = shared_each(&["scenarios", "peers/tcpdump", "peers/zeek"]) else { return };
    let mut files = Vec::new();
    for d in &dirs {
        captures(d, &mut files);
    }
    for d in ["tests/fixtures", "tests/scenarios", "samples"] {
        captures(&repo_path(d), &mut files);
    }
    let by_lt = gather(&files);
    let dir = scratch("filter-diff");
    std::fs::create_dir_all(&dir).unwrap();
    let mut jobs_files = Vec::new();
    for (lt, frames) in &by_lt {
        let path = dir.join(format!("lt{lt}.pcap"));
        let mut w = PcapWriter::new(std::io::BufWriter::new(std::fs::File::create(&path).unwrap()), *lt, 262_144, false).unwrap();
        for (i, k) in frames.iter().enumerate() {
            let ts = tcpsleuth::time::Timestamp { secs: 1_000_000 + i as i64, nanos: 0 };
            w.write_packet(ts, &k.data, k.orig_len).unwrap();
        }
        w.flush().unwrap();
        jobs_files.push((*lt, path, frames));
    }
    let exprs = expressions(&macs(by_lt.get(&1).map_or(&[][..], |v| v.as_slice())));
    let jobs: Vec<(usize, &String)> = (0..jobs_files.len()).flat_map(|f| exprs.iter().map(move |e| (f, e))).collect();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((f, expr)) = jobs.get(i) else { break };
                let (lt, path, frames) = &jobs_files[*f];
                if let Some(d) = compare(*lt, path, frames, expr) {
                    failures.lock().unwrap().push(d);
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    let failures = failures.into_inner().unwrap();
    let frames: usize = by_lt.values().map(Vec::len).sum();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "filter differential: {} expressions x {} link types ({} frames from {} captures): {} of {} agree with tcpdump ({} of them with tcpdump -O only: libpcap's optimizer dropped a load past a short frame's end)",
        exprs.len(),
        jobs_files.len(),
        frames,
        files.len(),
        jobs.len() - failures.len(),
        jobs.len(),
        OPTIMIZER_ONLY.load(Ordering::Relaxed)
    );
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}
