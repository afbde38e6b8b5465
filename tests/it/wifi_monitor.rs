//! Monitor-mode Wi-Fi captures (radiotap, plain 802.11, PPI): the commands
//! that follow conversations see the TCP and UDP traffic inside 802.11 data
//! frames as they see it over Ethernet. The fixtures are written by
//! `examples/make_wifi_fixtures.rs`; `wifi_eth_twin.pcap` holds the same IP
//! packets in Ethernet frames.

use crate::support::{repo_path, run, Out};
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
