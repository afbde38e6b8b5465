//! Monitor-mode Wi-Fi captures (radiotap, plain 802.11, PPI): the commands
//! that follow conversations see the TCP and UDP traffic inside 802.11 data
//! frames as they see it over Ethernet. The fixtures are written by
//! `examples/make_wifi_fixtures.rs`; `wifi_eth_twin.pcap` holds the same IP
//! packets in Ethernet frames.

use crate::support::{repo_path, run, tcpsleuth, Out};
use serde_json::Value;

fn fixture(name: &str) -> String {
    repo_path(&format!("tests/fixtures/tcpdump/{name}")).display().to_string()
}

/// `conns --format json` rows of one capture.
fn conns(name: &str) -> Vec<Value> {
    let Out { code, stdout, stderr } = run(&["conns", "-r", &fixture(name), "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

/// What a user compares between two views of one connection.
fn verdict(rows: &[Value], proto: &str, resp_port: u64) -> Option<Vec<Value>> {
    let r = rows.iter().find(|r| r["proto"] == proto && r["id.resp_p"] == resp_port)?;
    Some(
        ["conn_state", "history", "orig_tcp_state", "resp_tcp_state", "orig_bytes", "resp_bytes", "service", "community_id"]
            .iter()
            .map(|k| r[*k].clone())
            .collect(),
    )
}

#[test]
fn conns_on_radiotap_shows_the_tcp_connection_as_over_ethernet() {
    let (wifi, eth) = (conns("wifi_radiotap.pcap"), conns("wifi_eth_twin.pcap"));
    let v = verdict(&wifi, "tcp", 80);
    assert!(v.is_some(), "no TCP connection to port 80 in {wifi:?}");
    assert_eq!(v, verdict(&eth, "tcp", 80));
}

#[test]
fn conns_on_radiotap_shows_the_dns_exchange_as_over_ethernet() {
    let (wifi, eth) = (conns("wifi_radiotap.pcap"), conns("wifi_eth_twin.pcap"));
    assert_eq!(verdict(&wifi, "udp", 53), verdict(&eth, "udp", 53));
}

#[test]
fn plain_80211_and_ppi_captures_reach_the_handshake() {
    for name in ["wifi_plain.pcap", "wifi_ppi.pcap"] {
        let rows = conns(name);
        let history = verdict(&rows, "tcp", 80).map(|v| v[1].clone());
        assert_eq!(history, Some(Value::from("ShA")), "{name}");
    }
}

#[test]
fn diagnose_on_radiotap_calls_the_connection_closed_normally() {
    let Out { code, stdout, stderr } = run(&["diagnose", "-r", &fixture("wifi_radiotap.pcap")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("closed_normally  192.0.2.10:40000 → 198.51.100.20:80/tcp"), "{stdout}");
}

#[test]
fn overview_of_a_radiotap_capture_counts_its_conversations() {
    let Out { code, stdout, stderr } = run(&["-r", &fixture("wifi_radiotap.pcap")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("3 hosts, 2 connections"), "{stdout}");
}

/// Hostile: every frame of every Wi-Fi fixture, cut at every byte, and every
/// fuzz regression input read as 802.11, radiotap and PPI, goes through every
/// decoder and printer without a panic (the fuzz targets' link types do not
/// include these three yet).
#[test]
fn hostile_wifi_frames_cut_anywhere_are_survived() {
    use tcpsleuth::capture::Capture;
    let mut printers = crate::exercise::Printers::new();
    let mut frames = 0;
    for name in ["wifi_radiotap.pcap", "wifi_radiotap_edges.pcap", "wifi_plain.pcap", "wifi_ppi.pcap"] {
        let mut cap = Capture::open(&[fixture(name)]).expect("open fixture");
        while let Some(Ok(f)) = cap.next_frame() {
            for n in 0..=f.data.len() {
                printers.frame(&crate::exercise::frame_of(f.link_type, &f.data[..n], 1));
            }
            frames += 1;
        }
    }
    assert!(frames > 60, "only {frames} frames read");
    let dir = repo_path("tests/regressions");
    for entry in std::fs::read_dir(&dir).expect("tests/regressions") {
        let data = std::fs::read(entry.expect("entry").path()).expect("read regression");
        for lt in [105, 127, 192] {
            printers.frame(&crate::exercise::frame_of(lt, &data, 1));
        }
    }
}

#[test]
fn conns_counts_encrypted_data_frames_apart_from_errors() {
    for threads in ["1", "2"] {
        let Out { code, stderr, .. } = run(&["conns", "--threads", threads, "-r", &fixture("wifi_radiotap.pcap")]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains("1 encrypted 802.11 data frame (WEP/WPA)"), "--threads {threads}: {stderr}");
    }
}

/// Frame times `packets -nn` prints for a capture under a filter.
fn filtered_times(name: &str, expr: &str) -> Vec<String> {
    let Out { code, stdout, stderr } = run(&["packets", "-nn", "-r", &fixture(name), expr]);
    assert_eq!(code, 0, "{stderr}");
    stdout.lines().filter(|l| !l.starts_with('\t')).map(|l| l.split(' ').next().unwrap_or("").to_string()).collect()
}

/// The lines `packets -nn` prints for a capture under a filter.
fn filtered_lines(name: &str, expr: &str) -> Vec<String> {
    let Out { code, stdout, stderr } = run(&["packets", "-nn", "-r", &fixture(name), expr]);
    assert_eq!(code, 0, "{stderr}");
    stdout.lines().map(str::to_string).collect()
}

#[test]
fn a_filter_on_a_radiotap_capture_selects_the_tcp_inside_data_frames() {
    // A segment whole or cut short ("[|tcp]").
    let segment = |l: &String| l.contains(" IP ") && (l.contains(": Flags [") || l.ends_with("[|tcp]"));
    let every: Vec<String> = filtered_lines("wifi_radiotap.pcap", "").into_iter().filter(segment).collect();
    let tcp = filtered_lines("wifi_radiotap.pcap", "tcp");
    assert_eq!((tcp.iter().all(segment), tcp.len()), (true, every.len()));
}

#[test]
fn a_filter_on_a_radiotap_capture_keeps_the_frames_without_ip_under_not() {
    let all = filtered_times("wifi_radiotap.pcap", "");
    let (tcp, rest) = (filtered_times("wifi_radiotap.pcap", "tcp"), filtered_times("wifi_radiotap.pcap", "not tcp"));
    // Beacons, probes, ACKs and encrypted data pass `not tcp`; only a null
    // data frame (no LLC header to read, as libpcap rejects it) passes neither.
    assert_eq!((tcp.len() + rest.len(), all.len() - 1), (all.len() - 1, all.len() - 1));
}

/// Filters on 802.11 captures select what the Debian tcpdump (libpcap)
/// selects, except on frames libpcap reads at the wrong offset (the radiotap
/// data-pad flag, four-address WDS frames), which are in the edge fixture.
#[test]
fn filters_on_monitor_mode_captures_select_what_tcpdump_selects() {
    let Some(tcpdump) = ["/usr/bin/tcpdump", "/usr/sbin/tcpdump"].into_iter().find(|p| std::path::Path::new(p).is_file()) else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "tcpdump is missing under CI");
        eprintln!("SKIPPED filters_on_monitor_mode_captures_select_what_tcpdump_selects: needs tcpdump");
        return;
    };
    let exprs = ["tcp", "not tcp", "udp port 53", "host 192.0.2.10", "tcp[13] & 2 != 0", "ip and not udp", "arp", "not ip", "ether src 02:00:00:00:00:0a", "ether dst 02:00:00:00:00:0b"];
    for name in ["wifi_radiotap.pcap", "wifi_plain.pcap", "wifi_ppi.pcap"] {
        for e in exprs {
            let theirs = std::process::Command::new(tcpdump).args(["-nn", "-r", &fixture(name), e]).output().expect("tcpdump runs");
            let times: Vec<String> = String::from_utf8_lossy(&theirs.stdout).lines().filter(|l| !l.starts_with('\t')).map(|l| l.split(' ').next().unwrap_or("").to_string()).collect();
            assert_eq!(filtered_times(name, e), times, "{name} [{e}]");
        }
    }
}

/// The 802.11 primitives (`type`, `subtype`, `dir`, `wlan[n]`, and the
/// address roles `wlan host/src/dst`, `addr1`…`addr4`, `ra`, `ta`) select
/// what the Debian tcpdump selects, on cut frames too (where libpcap's
/// load past the end rejects the frame even under `not`). On PPI libpcap
/// refuses `type` and `dir`, and so does tcpsleuth.
#[test]
fn wlan_primitives_select_what_tcpdump_selects() {
    let Some(tcpdump) = ["/usr/bin/tcpdump", "/usr/sbin/tcpdump"].into_iter().find(|p| std::path::Path::new(p).is_file()) else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "tcpdump is missing under CI");
        eprintln!("SKIPPED wlan_primitives_select_what_tcpdump_selects: needs tcpdump");
        return;
    };
    let (ap, sta, peer) = ("02:00:00:00:00:01", "02:00:00:00:00:0a", "02:00:00:00:00:0b");
    let exprs = [
        "type mgt".to_string(),
        "type ctl".into(),
        "type data".into(),
        "type 8".into(),
        "type mgt subtype beacon".into(),
        "type 0 subtype 0x80".into(),
        "subtype probe-req".into(),
        "subtype qos-data".into(),
        "subtype ack".into(),
        "subtype cts".into(),
        "type mgt or type ctl".into(),
        "dir tods".into(),
        "dir fromds".into(),
        "not dir nods".into(),
        "dir dstods".into(),
        "wlan[0] = 0x80".into(),
        "wlan[1] & 3 = 1".into(),
        "wlan[4:2] = 0xffff".into(),
        "wlan[24:4] != 0".into(),
        "ether broadcast".into(),
        "ether multicast".into(),
        format!("wlan host {ap}"),
        format!("wlan src {sta}"),
        format!("wlan dst {sta}"),
        format!("wlan src and dst {peer}"),
        format!("wlan addr1 {ap}"),
        format!("wlan addr2 {sta}"),
        format!("not wlan addr2 {ap}"),
        format!("wlan addr3 {ap}"),
        format!("not wlan addr3 {ap}"),
        format!("wlan addr4 {peer}"),
        format!("not wlan addr4 {peer}"),
        format!("wlan ra {sta}"),
        format!("wlan ta {sta}"),
        format!("not wlan ta {ap}"),
        format!("not ether src {sta}"),
        "wlan host ff:ff:ff:ff:ff:ff".into(),
    ];
    let mut compared = 0;
    for name in ["wifi_radiotap.pcap", "wifi_radiotap_edges.pcap", "wifi_plain.pcap", "wifi_ppi.pcap"] {
        for e in &exprs {
            let theirs = std::process::Command::new(tcpdump).args(["-nn", "-r", &fixture(name), e]).output().expect("tcpdump runs");
            let ours = tcpsleuth().args(["packets", "-nn", "-r", &fixture(name), e]).output().expect("tcpsleuth runs");
            assert_eq!(ours.status.success(), theirs.status.success(), "{name} [{e}]: refused by one only");
            let times = |out: &[u8]| -> Vec<String> {
                String::from_utf8_lossy(out).lines().filter(|l| !l.starts_with('\t')).map(|l| l.split(' ').next().unwrap_or("").to_string()).collect()
            };
            assert_eq!(times(&ours.stdout), times(&theirs.stdout), "{name} [{e}]");
            compared += 1;
        }
    }
    assert_eq!(compared, 4 * exprs.len());
}
