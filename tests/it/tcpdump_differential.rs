//! Differential test: tcpsleuth's `packets` against the installed tcpdump
//! (Debian 4.99.3) on the project's fixtures (`tests/fixtures/tcpdump/`,
//! written by `examples/make_tcpdump_fixtures.rs`), the shared scenario
//! captures and Zeek's traces (captures from the wild: FDDI, MPLS, VLAN,
//! telnet, DNS, HTTP…), with `-nn -tttt`, `-v`, `-vv`, `-S`, `-e`, `-x`,
//! `-X` and `-ttt`. `TCPSLEUTH_DIFF_DIRS` (colon-separated) adds
//! directories of one's own.
//!
//! tcpsleuth follows tcpdump 5.0 (see tests/tcpdump_conformance.rs); where
//! 4.99.3 prints something else for the same packet, its output is
//! normalised to the 5.0 form first (see [`normalise_499`], one rule per
//! known change). Packets whose tcpdump output decodes an application
//! protocol tcpsleuth does not decode are counted as skipped, not compared.
//! Skips with a message when tcpdump is not installed (`.ci/run` installs it).

use std::path::PathBuf;
use crate::support::{repo_path, shared, skip, tcpsleuth};
use std::process::Command;

/// Application decoders of tcpdump that tcpsleuth does not replicate.
/// NetBIOS is not one: tcpdump decodes NBT only when built with
/// `--enable-smb` (Debian's build and 5.0's default leave it out), so NBT
/// prints as bare UDP and TCP, as `eth_nbt.pcap` shows.
const APP_MARKERS: &[&str] = &[
    // 4.99 dumps an unknown EtherType in hex only, 5.0 in hex and ASCII.
    "ethertype Unknown",
    // CDP's Power available TLV is decoded from 5.0 on (the suite's
    // lldp_cdp-ev has one).
    "unknown field type (0x001a)"];

/// Protocols whose first line tcpsleuth prints as tcpdump does, but whose
/// -v detail it does not decode yet: skipped under -v only.
const VERBOSE_MARKERS: &[&str] = &["OSPFv", ": BGP"];

const FLAG_SETS: &[&[&str]] = &[
    &["-nn", "-tttt"],
    &["-nn", "-tttt", "-v"],
    &["-nn", "-tttt", "-vv"],
    &["-nn", "-tttt", "-S"],
    &["-nn", "-tttt", "-e"],
    &["-nn", "-tttt", "-e", "-v"],
    &["-nn", "-x"],
    &["-nn", "-X"],
    &["-nn", "-ttt"],
    &["-nn", "-q"],
    &["-nn", "-A"],
    &["-nn", "-t"],
    &["-nn", "-tt"],
    &["-nn", "-ttttt"],
    &["-nn", "-#"],
    &["-nn", "-vv", "-K"],
    &["-nn", "-vvv"],
    &["-nn", "-xx"],
    &["-nn", "-XX"],
    &["-nn", "-e", "-q"],
    &["-nn", "-e", "-v", "-K"],
    &["-n"],
];

fn tcpdump() -> Option<PathBuf> {
    ["/usr/bin/tcpdump", "/usr/sbin/tcpdump"].iter().map(PathBuf::from).find(|p| p.is_file())
}

/// BOOTP's `sname` and `file`: 4.99 ends both a field with no NUL and one
/// cut by the capture with `" [|bootp]`; 5.0 prints `" (invalid)` for the
/// first (a full field: 64 or 128 characters) and stops inside the quotes,
/// before the closing one, for the second.
fn bootp_name_499(line: &str) -> Option<String> {
    let (label, full) = [("\t  sname \"", 64), ("\t  file \"", 128)].into_iter().find(|(l, _)| line.starts_with(l))?;
    let inner = line.strip_prefix(label)?.strip_suffix("\" [|bootp]")?;
    let end = if inner.len() == full { "\" (invalid)" } else { " [|bootp]" };
    Some(format!("{label}{inner}{end}"))
}

/// Rewrites 4.99.3 output into the 5.0 form where only the wording changed.
fn normalise_499(line: &str) -> String {
    if let Some(l) = bootp_name_499(line) {
        return l;
    }
    let mut l = line.to_string();
    // 5.0: "(hlim 64, next-header TCP (6), payload length 20)"; 4.99: "(6) payload length: 20)",
    // and 4.99 calls next header 0 "Options" where 5.0 says "HBH".
    if let Some(p) = l.find(") payload length: ") {
        l.replace_range(p..p + ") payload length: ".len(), "), payload length ");
    }
    l = l.replace("next-header Options (0)", "next-header HBH (0)");
    // DTP's bad TLV length: 5.0 leaves "invalid" to the " (invalid)" after it.
    l = l.replace("[invalid TLV length ", "[TLV length ");
    l = l.replace("next-header unknown (59)", "next-header No Next Header (59)");
    // DNS types 64/65 (SVCB/HTTPS, RFC 9460) have names only after 4.99.
    l = l.replace("Type65", "HTTPS").replace("Type64", "SVCB");
    // 5.0 prints HSRP's name before reading its version byte
    // (nd_print_protocol_caps), so a message cut before it shows the name.
    if let Some(head) = l.strip_suffix(":  [|hsrp]").filter(|h| h.ends_with(".1985")) {
        l = format!("{head}: HSRP [|hsrp]");
    }
    // 4.99 prints "ip: " for a raw-IP packet with -e where 5.0 prints the
    // usual "IP " / "IP6 " prefix.
    if let Some(p) = l.find(" ip: ") {
        let rest = &l[p + 5..];
        let v6 = rest.starts_with("(hlim") || rest.starts_with("(flowlabel") || rest.starts_with("(class") || rest.split(' ').next().is_some_and(|a| a.contains(':'));
        l.replace_range(p..p + 5, if v6 { " IP6 " } else { " IP " });
    }
    l
}

/// CDP under 4.99: a TLV's type prints as `0x%02x` (5.0: `0x%04x`), and
/// without -v every TLV but the device id is dumped in hex after the line
/// (5.0 prints nothing of them; what followed the last dump, such as
/// `, length N` or ` [|cdp]`, ends the line).
fn cdp_499(packet: Vec<String>, verbose: bool) -> Vec<String> {
    if !packet.first().is_some_and(|l| l.contains("CDPv")) {
        return packet;
    }
    let mut out: Vec<String> = Vec::new();
    for line in packet {
        if let Some(dump) = line.strip_prefix("\t  0x").filter(|_| !verbose) {
            // "0000:  4661 302f 31, length 28": the tail after the hex groups.
            let groups = dump.get(7..).unwrap_or("");
            let end = groups.find(|c: char| !c.is_ascii_hexdigit() && c != ' ').unwrap_or(groups.len());
            let end = if groups[end..].starts_with(['[', '(']) { end - 1 } else { end };
            if let Some(last) = out.last_mut() {
                last.push_str(&groups[end..]);
            }
            continue;
        }
        let mut l = line;
        for label in ["), value length: ", "), TLV length: "] {
            let Some(p) = l.find(label).filter(|_| l.starts_with('\t')) else { continue };
            if let Some(q) = l[..p].rfind("(0x") {
                let digits = l[q + 3..p].len();
                if digits < 4 {
                    l.insert_str(q + 3, &"0".repeat(4 - digits));
                }
            }
        }
        out.push(l);
    }
    out
}

/// Removes 5.0's ` flags [..]` after `capable vN` (absent in 4.99).
fn strip_mptcp_flags(line: &str) -> String {
    let mut l = line.to_string();
    while let Some(p) = l.find(" capable v") {
        let start = p + " capable v".len() + 1;
        if l[start..].starts_with(" flags [") {
            if let Some(end) = l[start..].find(']') {
                l.replace_range(start..start + end + 1, "");
                continue;
            }
        }
        break;
    }
    l
}

/// Splits output into packets (a packet starts at a line not indented).
fn packets(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        let cont = !out.is_empty() && (line.starts_with('\t') || line.starts_with("    "));
        if cont {
            if let Some(p) = out.last_mut() {
                p.push(line.to_string());
            }
        } else {
            out.push(vec![line.to_string()]);
        }
    }
    out
}

/// Captures not compared: tcpdump 4.99 prints the local interface name for
/// an SLL2 interface index (`if_indextoname` on the machine running it).
const HOST_DEPENDENT: &[&str] = &["sll2.pcap"];

fn inputs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = Vec::new();
    let fixtures = repo_path("tests/fixtures/tcpdump");
    // The fixtures always; the lab scenarios and Zeek's traces too when
    // ../shared is there.
    // TCPSLEUTH_DIFF_DIRS (colon-separated) adds directories of captures,
    // to run the comparison over a collection of one's own.
    let extra: Vec<PathBuf> = std::env::var("TCPSLEUTH_DIFF_DIRS").map(|v| v.split(':').filter(|d| !d.is_empty()).map(PathBuf::from).collect()).unwrap_or_default();
    for dir in std::iter::once(fixtures).chain(shared("scenarios")).chain(shared("peers/zeek/traces")).chain(extra) {
        if let Ok(rd) = std::fs::read_dir(&dir) {
            let mut files: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "pcap")).collect();
            files.sort();
            v.extend(files.into_iter().filter(|p| !HOST_DEPENDENT.iter().any(|h| p.ends_with(h))));
        }
    }
    v
}

#[test]
fn tcpdump_499_agrees_where_it_agrees_with_50() {
    let Some(td) = tcpdump() else {
        skip("needs tcpdump (apt-get install tcpdump; .ci/run does this)");
        return;
    };
    let (mut compared, mut identical, mut skipped) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for file in inputs() {
        for flags in FLAG_SETS {
            let run = |mut cmd: Command| {
                let out = cmd.args(*flags).arg("-r").arg(&file).env("TZ", "GMT0").output().expect("run");
                String::from_utf8_lossy(&out.stdout).into_owned()
            };
            let theirs = run(Command::new(&td));
            let mut packets_cmd = tcpsleuth();
            packets_cmd.arg("packets");
            let ours = run(packets_cmd);
            let verbose = flags.iter().any(|f| f.starts_with("-v"));
            let theirs: Vec<Vec<String>> = packets(&theirs).into_iter().map(|p| cdp_499(p.iter().map(|l| normalise_499(l)).collect(), verbose)).collect();
            // 5.0 prints the MP_CAPABLE flags, 4.99 does not.
            let ours: Vec<Vec<String>> = packets(&ours).into_iter().map(|p| p.iter().map(|l| strip_mptcp_flags(l)).collect()).collect();
            if theirs.len() != ours.len() {
                failures.push(format!("{} {}: {} packets from tcpdump, {} from tcpsleuth", file.display(), flags.join(" "), theirs.len(), ours.len()));
                continue;
            }
            for (k, (t, o)) in theirs.iter().zip(&ours).enumerate() {
                let extra: &[&str] = if verbose { VERBOSE_MARKERS } else { &[] };
                if t.iter().any(|l| APP_MARKERS.iter().chain(extra).any(|m| l.contains(m))) {
                    skipped += 1;
                    continue;
                }
                compared += 1;
                if t == o {
                    identical += 1;
                } else {
                    let i = t.iter().zip(o).position(|(a, b)| a != b).unwrap_or(t.len().min(o.len()));
                    failures.push(format!(
                        "{} {} packet {}:\n  tcpdump:   {}\n  tcpsleuth: {}",
                        file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                        flags.join(" "),
                        k + 1,
                        t.get(i).map(String::as_str).unwrap_or("<none>"),
                        o.get(i).map(String::as_str).unwrap_or("<none>")
                    ));
                }
            }
        }
    }
    println!("differential vs {}: {identical} of {compared} packets identical, {skipped} skipped (application decoders)", td.display());
    for f in failures.iter().take(40) {
        println!("{f}");
    }
    assert!(failures.is_empty(), "{} packet outputs differ from tcpdump 4.99.3 (first ones printed above)", failures.len());
}

/// Without `-n` tcpdump names OIDs from its compiled-in MIB (`system.sysDescr.0`,
/// `E:…` for enterprises); the SNMP part of each line must be the same. Host
/// and MAC names are left out of the comparison: they depend on the machine.
#[test]
fn snmp_oids_are_named_as_tcpdump_names_them_without_n() {
    let Some(td) = tcpdump() else {
        skip("needs tcpdump (apt-get install tcpdump; .ci/run does this)");
        return;
    };
    let file = repo_path("tests/fixtures/tcpdump/eth_snmp.pcap");
    let snmp_parts = |mut cmd: Command| {
        let out = cmd.args(["-v", "-r"]).arg(&file).env("TZ", "GMT0").output().expect("run");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines().filter_map(|l| l.split_once(".snmp: ").or_else(|| l.split_once(".snmp-trap: ")).map(|(_, s)| s.to_string())).collect::<Vec<_>>()
    };
    let theirs = snmp_parts(Command::new(&td));
    let mut ours_cmd = tcpsleuth();
    ours_cmd.arg("packets");
    let ours = snmp_parts(ours_cmd);
    assert!(theirs.iter().any(|l| l.contains("system.sysDescr.0")), "tcpdump named no OID: {theirs:?}");
    assert_eq!(ours, theirs);
}

/// Where a fixture packet's payload starts: after Ethernet (LLDP), after
/// Ethernet + LLC (+ SNAP), Ethernet + IPv6 + UDP, or Ethernet + IPv4 + UDP.
fn payload_at(p: &[u8]) -> usize {
    match (p.get(12..14), p.get(14..17)) {
        (Some([0x88, 0xcc]), _) => 14,
        (_, Some([0x42, 0x42, 0x03])) => 17,
        (_, Some([0xaa, 0xaa, 0x03])) => 22,
        (Some([0x86, 0xdd]), _) => 62,
        _ => 42,
    }
}

/// `n` packets per fixture with 1-6 payload bytes overwritten (random
/// values, BER length and tag octets, flipped bits), a third of them cut
/// anywhere after the payload's start; the same packets on every run.
fn mutated(fixtures: &[&str], n: usize, name: &str) -> PathBuf {
    use crate::support::capture::{pcap_file, read_bytes, ts};
    // xorshift64
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as usize
    };
    let mut frames = Vec::new();
    for fixture in fixtures {
        let (got, _) = read_bytes(&std::fs::read(repo_path(&format!("tests/fixtures/tcpdump/{fixture}"))).expect("fixture"));
        let whole: Vec<Vec<u8>> = got.into_iter().filter(|g| g.caplen == g.orig_len && g.data.len() > payload_at(&g.data)).map(|g| g.data).collect();
        for i in 0..n {
            let mut p = whole[next() % whole.len()].clone();
            let start = payload_at(&p);
            for _ in 0..1 + next() % 6 {
                let j = start + next() % (p.len() - start);
                p[j] = match next() % 3 {
                    0 => next() as u8,
                    1 => [0x00, 0x1f, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff][next() % 8],
                    _ => p[j] ^ 1 << (next() % 8),
                };
            }
            let cut = if next() % 3 == 0 { start + next() % (p.len() - start + 1) } else { p.len() };
            frames.push((ts(1_700_000_000 + i as i64, 0), p[..cut].to_vec(), p.len() as u32));
        }
    }
    pcap_file(name, frames)
}

/// The installed tcpdump's and tcpsleuth's `packets` output for `file`.
fn both(td: &std::path::Path, flags: &[&str], file: &std::path::Path) -> (String, String) {
    let run = |mut cmd: Command| {
        let out = cmd.args(flags).arg("-r").arg(file).env("TZ", "GMT0").output().expect("run");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let mut ours = tcpsleuth();
    ours.arg("packets");
    (run(Command::new(td)), run(ours))
}

/// Fixtures whose packets the mutation test below takes apart, 1500 each.
const MUTATED: &[&str] = &["eth_snmp.pcap", "eth_stp.pcap", "eth_lldp.pcap", "eth_hsrp.pcap", "eth_rip.pcap", "eth_ripng.pcap"];

/// SNMP, spanning tree, LLDP, HSRP, RIP and RIPng packets from the
/// fixtures with bytes after the UDP, LLC or Ethernet header overwritten
/// and some captures cut anywhere: every length a printer reads comes from
/// the packet, and each must print as tcpdump prints it.
#[test]
fn mutated_binary_protocol_packets_print_as_tcpdump_prints_them() {
    let Some(td) = tcpdump() else {
        skip("needs tcpdump (apt-get install tcpdump; .ci/run does this)");
        return;
    };
    let file = mutated(MUTATED, 1500, "mutated_binary.pcap");
    for flags in [&["-nn", "-v"][..], &["-nn", "-e"], &["-nn", "-vvv", "-X"]] {
        let (theirs, ours) = both(&td, flags, &file);
        let theirs: String = theirs.lines().map(|l| normalise_499(l) + "\n").collect();
        let first = theirs.lines().zip(ours.lines()).find(|(t, o)| t != o);
        assert!(theirs == ours, "{flags:?}: first difference\n  tcpdump:   {:?}\n  tcpsleuth: {:?}", first.map(|p| p.0), first.map(|p| p.1));
    }
}

/// CDP, DTP and UDLD messages with bytes after the SNAP header overwritten
/// and some cut print as tcpdump 4.99 prints them once its known wording changes are
/// undone ([`cdp_499`]), but for the paths 5.0 rewrote in CDP: a TLV running past
/// the message or one of under 4 bytes, a message of under 4 bytes (5.0
/// reports and stops; 4.99 reads on), the Power available TLV, the types
/// below 0x1b that 5.0's table leaves unnamed (5.0 prints them without a
/// dump, and names them without -v), and, without -v, a capture cut inside
/// the last TLV (4.99 checks the value it dumps; 5.0 reads nothing of it).
#[test]
fn mutated_cdp_dtp_and_udld_packets_print_as_tcpdump_prints_them() {
    let Some(td) = tcpdump() else {
        skip("needs tcpdump (apt-get install tcpdump; .ci/run does this)");
        return;
    };
    let file = mutated(&["eth_cdp.pcap", "eth_dtp_udld.pcap"], 3000, "mutated_cisco.pcap");
    let (mut compared, mut failures) = (0, Vec::new());
    // Which packets take a rewritten path, from our -v output (every TLV
    // shown), for every flag set.
    let mut rewritten: Vec<bool> = Vec::new();
    for flags in [&["-nn", "-v"][..], &["-nn", "-e"], &["-nn", "-vvv", "-X"]] {
        let (theirs, ours) = both(&td, flags, &file);
        let verbose = flags.iter().any(|f| f.starts_with("-v"));
        let (theirs, ours) = (packets(&theirs), packets(&ours));
        assert_eq!(theirs.len(), ours.len(), "{flags:?}: packet counts");
        if rewritten.is_empty() {
            let marks = [" (TLV length ", " (remaining packet length", " (packet length", "too short", "(0x001a)"];
            let unnamed_slot = |l: &String| {
                l.split("unknown field type (0x").nth(1).and_then(|h| h.get(..4)).and_then(|h| u16::from_str_radix(h, 16).ok()).is_some_and(|t| t < 0x1b)
            };
            rewritten = ours.iter().map(|o| o.iter().any(|l| marks.iter().any(|m| l.contains(m)) || unnamed_slot(l))).collect();
        }
        for ((t, o), skip) in theirs.into_iter().zip(ours).zip(&rewritten) {
            let t = cdp_499(t.iter().map(|l| normalise_499(l)).collect(), verbose);
            let cut_last = !verbose && t.last().is_some_and(|l| l.ends_with(" [|cdp]")) && !o.last().is_some_and(|l| l.ends_with(" [|cdp]"));
            if *skip || cut_last {
                continue;
            }
            compared += 1;
            if t != o {
                failures.push(format!("{flags:?}\n  tcpdump:   {t:?}\n  tcpsleuth: {o:?}"));
            }
        }
    }
    println!("mutated CDP, DTP and UDLD: {} of {compared} packets identical", compared - failures.len());
    for f in failures.iter().take(10) {
        println!("{f}");
    }
    assert!(failures.is_empty(), "{} mutated CDP, DTP or UDLD packets print differently", failures.len());
}
