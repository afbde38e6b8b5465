//! Writes the monitor-mode Wi-Fi captures in `tests/fixtures/tcpdump/`:
//!
//! * `wifi_radiotap.pcap` (LINKTYPE 127): beacon, probe request/response,
//!   authentication, association, RTS/CTS/ACK, block ack, QoS data frames
//!   carrying a TCP connection (handshake, data, FIN each way) and a DNS
//!   query/answer, a null-data frame, a protected (CCMP) data frame, a
//!   deauthentication, and frames cut inside the radiotap header, the MAC
//!   header and the beacon body;
//! * `wifi_eth_twin.pcap` (Ethernet): the same TCP and DNS packets, for the
//!   test that `conns` sees the same connection either way;
//! * `wifi_plain.pcap` (LINKTYPE 105) and `wifi_ppi.pcap` (LINKTYPE 192):
//!   a beacon and the TCP handshake without radiotap;
//! * `wifi_radiotap_edges.pcap`: radiotap with extended bitmaps and
//!   namespaces, a vendor namespace, XChannel, VHT, an MCS rate byte, fields
//!   tcpdump does not print, FCS/bad-FCS/data-pad flags, broken lengths; and
//!   the rarer frames: WDS data carrying IPv6, ARP, PS-Poll, BAR, CF-End,
//!   action, reassociation, ATIM, shared-key authentication, failed
//!   association, unknown types and subtypes, odd SSIDs, cut bodies.
//!
//!     cargo run --example make_wifi_fixtures     # rewrites tests/fixtures/tcpdump/wifi_*.pcap

use std::fs::File;
use std::io::BufWriter;
use tcpsleuth::capture::PcapWriter;
use tcpsleuth::time::Timestamp;
use tcpsleuth::wire::build::{Build, Ipv4, Tcp, Udp};
use tcpsleuth::wire::registry::LinkType;
use tcpsleuth::wire::TcpFlags as F;

const AP: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
const STA: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0a];
const GW: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0b];
const BCAST: [u8; 6] = [0xff; 6];
const A: [u8; 4] = [192, 0, 2, 10];
const B: [u8; 4] = [198, 51, 100, 20];
const R: [u8; 4] = [203, 0, 113, 1];
const SSID: &[u8] = b"tcpsleuth-lab";
/// 1, 2, 5.5, 11 Mb/s basic; 6, 9, 12, 18 Mb/s.
const RATES: [u8; 8] = [0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24];

struct Fixture {
    out: PcapWriter<BufWriter<File>>,
    t: i64,
}

impl Fixture {
    fn new(name: &str, link: u32) -> Fixture {
        let path = format!("{}/tests/fixtures/tcpdump/{name}", env!("CARGO_MANIFEST_DIR"));
        let f = BufWriter::new(File::create(&path).expect("create fixture"));
        Fixture { out: PcapWriter::new(f, link, 65535, false).expect("pcap header"), t: 0 }
    }
    fn put(&mut self, data: &[u8]) {
        self.cut(data, data.len());
    }
    fn cut(&mut self, data: &[u8], caplen: usize) {
        self.t += 1250;
        let ts = Timestamp::new(1_700_000_000 + self.t / 1_000_000, (self.t % 1_000_000) as u64 * 1000);
        let caplen = caplen.min(data.len());
        self.out.write_packet(ts, &data[..caplen], data.len() as u32).expect("write");
    }
}

/// Radio fields of one radiotap header.
#[derive(Clone, Copy)]
struct Radio {
    tsft: Option<u64>,
    flags: u8,
    /// 500 kb/s units.
    rate: Option<u8>,
    freq: u16,
    chan_flags: u16,
    signal: i8,
    noise: Option<i8>,
    antenna: u8,
    /// MCS field: known, flags, index.
    mcs: Option<[u8; 3]>,
}

/// 1 Mb/s CCK on channel 6, as management frames go out.
const B_RADIO: Radio = Radio { tsft: None, flags: 0, rate: Some(2), freq: 2437, chan_flags: 0x00a0, signal: -40, noise: None, antenna: 1, mcs: None };
/// 54 Mb/s OFDM with TSFT and noise, as data frames go out.
const G_RADIO: Radio = Radio { tsft: Some(123_456_789), flags: 0x02, rate: Some(108), freq: 2437, chan_flags: 0x00c0, signal: -52, noise: Some(-95), antenna: 0, mcs: None };
/// 802.11n: an MCS field instead of a rate.
const N_RADIO: Radio = Radio { tsft: None, flags: 0, rate: None, freq: 2437, chan_flags: 0x00c0, signal: -61, noise: None, antenna: 1, mcs: Some([0x07, 0x00, 7]) };

/// Serialises a radiotap header: fields in bit order, each aligned to its size.
fn radiotap(r: Radio) -> Vec<u8> {
    let mut fields: Vec<(u32, usize, Vec<u8>)> = Vec::new();
    if let Some(t) = r.tsft {
        fields.push((0, 8, t.to_le_bytes().to_vec()));
    }
    fields.push((1, 1, vec![r.flags]));
    if let Some(rate) = r.rate {
        fields.push((2, 1, vec![rate]));
    }
    fields.push((3, 2, [r.freq.to_le_bytes(), r.chan_flags.to_le_bytes()].concat()));
    fields.push((5, 1, vec![r.signal as u8]));
    if let Some(n) = r.noise {
        fields.push((6, 1, vec![n as u8]));
    }
    fields.push((11, 1, vec![r.antenna]));
    if let Some(m) = r.mcs {
        fields.push((19, 1, m.to_vec()));
    }
    let present: u32 = fields.iter().map(|(b, _, _)| 1u32 << b).sum();
    let mut h = vec![0, 0, 0, 0];
    h.extend_from_slice(&present.to_le_bytes());
    for (_, align, bytes) in fields {
        while h.len() % align != 0 {
            h.push(0);
        }
        h.extend_from_slice(&bytes);
    }
    let len = h.len() as u16;
    h[2..4].copy_from_slice(&len.to_le_bytes());
    h
}

/// A three-address MAC header.
fn mac3(fc: u16, a1: [u8; 6], a2: [u8; 6], a3: [u8; 6], seq: u16) -> Vec<u8> {
    let mut h = fc.to_le_bytes().to_vec();
    h.extend_from_slice(&314u16.to_le_bytes());
    for a in [a1, a2, a3] {
        h.extend_from_slice(&a);
    }
    h.extend_from_slice(&(seq << 4).to_le_bytes());
    h
}

fn element(id: u8, body: &[u8]) -> Vec<u8> {
    [&[id, body.len() as u8][..], body].concat()
}

/// Timestamp, beacon interval, capabilities, then SSID, rates, DS channel (and more).
fn beacon_body(cap: u16) -> Vec<u8> {
    let mut b = 0x0102_0304_0506u64.to_le_bytes().to_vec();
    b.extend_from_slice(&100u16.to_le_bytes());
    b.extend_from_slice(&cap.to_le_bytes());
    b.extend(element(0, SSID));
    b.extend(element(1, &RATES));
    b.extend(element(3, &[6]));
    b.extend(element(5, &[0, 1, 0, 0])); // TIM
    b.extend(element(42, &[0])); // ERP
    b
}

fn mgmt(radio: Radio, subtype: u16, da: [u8; 6], sa: [u8; 6], seq: u16, body: &[u8]) -> Vec<u8> {
    [radiotap(radio), mac3(subtype << 4, da, sa, AP, seq), body.to_vec()].concat()
}

/// The management exchange a station goes through before it can send data.
fn management(f: &mut Fixture) {
    f.put(&mgmt(B_RADIO, 8, BCAST, AP, 100, &beacon_body(0x0431)));
    let probe_req = [element(0, SSID), element(1, &RATES[..4])].concat();
    f.put(&mgmt(B_RADIO, 4, BCAST, STA, 1, &probe_req));
    f.put(&mgmt(B_RADIO, 5, STA, AP, 101, &beacon_body(0x0421)));
    // Open System authentication, transaction 1 and 2.
    f.put(&mgmt(B_RADIO, 11, AP, STA, 2, &[0, 0, 1, 0, 0, 0]));
    f.put(&mgmt(B_RADIO, 11, STA, AP, 102, &[0, 0, 2, 0, 0, 0]));
    let assoc_req = [vec![0x31, 0x04, 10, 0], element(0, SSID), element(1, &RATES)].concat();
    f.put(&mgmt(B_RADIO, 0, AP, STA, 3, &assoc_req));
    let assoc_resp = [vec![0x31, 0x04, 0, 0, 0x01, 0xc0], element(1, &RATES)].concat();
    f.put(&mgmt(B_RADIO, 1, STA, AP, 103, &assoc_resp));
    // A hidden-SSID beacon (empty SSID) and an IBSS one without a DS element.
    let mut hidden = beacon_body(0x0011);
    hidden.splice(12..12 + 2 + SSID.len(), element(0, b""));
    f.put(&mgmt(B_RADIO, 8, BCAST, AP, 104, &hidden));
}

/// RTS, CTS, ACK and a block ack, as they surround data frames.
fn control(f: &mut Fixture) {
    let mut rts = [radiotap(B_RADIO), vec![0xb4, 0x00, 0x2c, 0x01]].concat();
    rts.extend_from_slice(&AP);
    rts.extend_from_slice(&STA);
    f.put(&rts);
    let cts = [radiotap(B_RADIO), vec![0xc4, 0x00, 0x18, 0x01], STA.to_vec()].concat();
    f.put(&cts);
    let ack = [radiotap(B_RADIO), vec![0xd4, 0x00, 0x00, 0x00], AP.to_vec()].concat();
    f.put(&ack);
    let mut ba = [radiotap(N_RADIO), vec![0x94, 0x00, 0x00, 0x00]].concat();
    ba.extend_from_slice(&STA);
    ba.extend_from_slice(&AP);
    ba.extend_from_slice(&[0x05, 0x00, 0x10, 0x00]);
    ba.extend_from_slice(&[0xff; 8]);
    f.put(&ba);
}

/// The IP packets of one TCP connection and a DNS exchange: (client → server?, bytes).
fn conversation() -> Vec<(bool, Vec<u8>)> {
    let (c, s) = (1_000_000u32, 3_000_000_000u32);
    let ip = |src, dst| Ipv4::new(src, dst).ttl(64).id(0x1234).df();
    let req = b"GET / HTTP/1.1\r\nHost: lab\r\n\r\n";
    let resp = b"HTTP/1.1 204 No Content\r\n\r\n";
    let (q, r) = (req.len() as u32, resp.len() as u32);
    let mut v = vec![
        (true, ip(A, B).tcp(Tcp::new(40000, 80).seq(c).flags(F::SYN).window(64240).mss(1460).sack_perm().ws(7)).build()),
        (false, ip(B, A).tcp(Tcp::new(80, 40000).seq(s).ack(c + 1).flags(F::SYN | F::ACK).window(65160).mss(1400).sack_perm().ws(9)).build()),
        (true, ip(A, B).tcp(Tcp::new(40000, 80).seq(c + 1).ack(s + 1).flags(F::ACK).window(502)).build()),
        (true, ip(A, B).tcp(Tcp::new(40000, 80).seq(c + 1).ack(s + 1).flags(F::ACK | F::PSH).window(502).payload(req)).build()),
        (false, ip(B, A).tcp(Tcp::new(80, 40000).seq(s + 1).ack(c + 1 + q).flags(F::ACK | F::PSH).window(509).payload(resp)).build()),
        (true, ip(A, B).tcp(Tcp::new(40000, 80).seq(c + 1 + q).ack(s + 1 + r).flags(F::FIN | F::ACK).window(502)).build()),
        (false, ip(B, A).tcp(Tcp::new(80, 40000).seq(s + 1 + r).ack(c + 2 + q).flags(F::FIN | F::ACK).window(509)).build()),
        (true, ip(A, B).tcp(Tcp::new(40000, 80).seq(c + 2 + q).ack(s + 2 + r).flags(F::ACK).window(502)).build()),
    ];
    let name = b"\x03lab\x07example\x00";
    let mut query = vec![0x1a, 0x2b, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
    query.extend_from_slice(name);
    query.extend_from_slice(&[0, 1, 0, 1]);
    let mut answer = vec![0x1a, 0x2b, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0];
    answer.extend_from_slice(name);
    answer.extend_from_slice(&[0, 1, 0, 1, 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x01, 0x2c, 0, 4, 198, 51, 100, 20]);
    v.push((true, Ipv4::new(A, R).ttl(64).id(0x2222).udp(Udp::new(53000, 53).payload(&query)).build()));
    v.push((false, Ipv4::new(R, A).ttl(60).id(0x3333).udp(Udp::new(53, 53000).payload(&answer)).build()));
    v
}

/// A QoS data frame between the station and the gateway behind the AP.
fn qos_data(radio: Radio, to_server: bool, seq: u16, ip: &[u8]) -> Vec<u8> {
    let (fc, a1, a2, a3) = if to_server { (0x0188u16, AP, STA, GW) } else { (0x0288, STA, AP, GW) };
    let mut h = radiotap(radio);
    h.extend(mac3(fc, a1, a2, a3, seq));
    h.extend_from_slice(&[0x00, 0x00]); // QoS control: TID 0
    h.extend_from_slice(&[0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00]);
    h.extend_from_slice(ip);
    h
}

fn data(f: &mut Fixture, twin: &mut Fixture) {
    for (i, (to_server, ip)) in conversation().into_iter().enumerate() {
        let radio = if i % 3 == 2 { N_RADIO } else { G_RADIO };
        f.put(&qos_data(radio, to_server, 200 + i as u16, &ip));
        let (src, dst) = if to_server { (STA, GW) } else { (GW, STA) };
        twin.put(&[&dst[..], &src[..], &[0x08, 0x00], &ip[..]].concat());
    }
    // A QoS Null (power save) and a CCMP-protected data frame.
    f.put(&[radiotap(G_RADIO), mac3(0x11c8, AP, STA, GW, 230), vec![0, 0]].concat());
    let mut prot = [radiotap(G_RADIO), mac3(0x4188, AP, STA, GW, 231), vec![0, 0]].concat();
    prot.extend_from_slice(&[0x01, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00]); // CCMP header, key 0
    prot.extend_from_slice(&[0x5a; 40]);
    f.put(&prot);
    // An FCS at the end of a data frame (radiotap flag 0x10).
    let fcs = Radio { flags: 0x10, ..G_RADIO };
    let mut with_fcs = qos_data(fcs, true, 232, &conversation()[2].1);
    with_fcs.extend_from_slice(&[0x12, 0x34, 0x56, 0x78]);
    f.put(&with_fcs);
}

/// Deauthentication, then frames cut short at each header.
fn endings(f: &mut Fixture) {
    f.put(&mgmt(B_RADIO, 12, AP, STA, 4, &[3, 0]));
    f.put(&mgmt(B_RADIO, 10, STA, AP, 105, &[8, 0]));
    let beacon = mgmt(B_RADIO, 8, BCAST, AP, 106, &beacon_body(0x0431));
    let rt = radiotap(B_RADIO).len();
    f.cut(&beacon, 5); // inside the radiotap header
    f.cut(&beacon, rt + 10); // inside the MAC header
    f.cut(&beacon, rt + 24 + 20); // inside the SSID element
    let data = qos_data(G_RADIO, true, 240, &conversation()[0].1);
    f.cut(&data, data.len() - 30); // inside the TCP header
}

fn plain_and_ppi() {
    let conv = conversation();
    for (name, link) in [("wifi_plain.pcap", LinkType::IEEE802_11.0), ("wifi_ppi.pcap", LinkType::PPI.0)] {
        let mut f = Fixture::new(name, link);
        let strip = |frame: Vec<u8>| -> Vec<u8> {
            let rt = radiotap(B_RADIO).len().min(frame.len());
            let mut mac = frame[rt..].to_vec();
            if link == LinkType::PPI.0 {
                // PPI header (8) + 802.11-Common field (4 + 20), DLT 105.
                let mut p = vec![0, 0, 32, 0, 105, 0, 0, 0, 2, 0, 20, 0];
                p.extend_from_slice(&0u64.to_le_bytes());
                p.extend_from_slice(&[0, 0, 2, 0, 0x95, 0x09, 0xa0, 0x00, 0, 0, 0xd8, 0xa1]);
                p.append(&mut mac);
                mac = p;
            }
            mac
        };
        f.put(&strip(mgmt(B_RADIO, 8, BCAST, AP, 100, &beacon_body(0x0431))));
        for (i, (to_server, ip)) in conv.iter().take(3).enumerate() {
            f.put(&strip(qos_data(B_RADIO, *to_server, 300 + i as u16, ip)));
        }
        f.put(&strip([radiotap(B_RADIO), vec![0xd4, 0x00, 0x00, 0x00], AP.to_vec()].concat()));
    }
}

/// A radiotap header from its presence words and its fields in order (alignment, bytes).
fn radiotap_raw(words: &[u32], fields: &[(usize, &[u8])]) -> Vec<u8> {
    let mut h = vec![0, 0, 0, 0];
    for w in words {
        h.extend_from_slice(&w.to_le_bytes());
    }
    for (align, bytes) in fields {
        while h.len() % align != 0 {
            h.push(0);
        }
        h.extend_from_slice(bytes);
    }
    let len = h.len() as u16;
    h[2..4].copy_from_slice(&len.to_le_bytes());
    h
}

const NS: u32 = 1 << 29;
const VENDOR: u32 = 1 << 30;
const EXT: u32 = 1 << 31;

/// Radio headers as drivers write them, each in front of an ACK.
fn radio_edges(f: &mut Fixture) {
    let ack = |rt: Vec<u8>| [rt, vec![0xd4, 0x00, 0x00, 0x00], AP.to_vec()].concat();
    let ch = [0x85u8, 0x09, 0xc0, 0x00]; // 2437 MHz, OFDM 2 GHz
    // iwlwifi: per-antenna signals in radiotap-namespace bitmaps after the first.
    let w0 = 0b1 | 0b10 | 0b100 | 0b1000 | 1 << 5 | 1 << 14 | NS | EXT;
    let w1 = 1 << 5 | 1 << 11 | NS | EXT;
    let w2 = 1 << 5 | 1 << 11;
    f.put(&ack(radiotap_raw(&[w0, w1, w2], &[(8, &7u64.to_le_bytes()), (1, &[0x00]), (1, &[0x0c]), (2, &ch), (1, &[0xc4]), (2, &[0, 0]), (1, &[0xc2]), (1, &[0]), (1, &[0xc6]), (1, &[1])])));
    // A vendor namespace (4 bytes skipped), then back to radiotap for the antenna.
    let v0 = 0b10 | 0b100 | VENDOR | EXT;
    let v1 = 0b1 | NS | EXT;
    let v2 = 1 << 11;
    f.put(&ack(radiotap_raw(&[v0, v1, v2], &[(1, &[0]), (1, &[0x16]), (2, &[0x00, 0x11, 0x22, 0x01, 0x04, 0x00]), (1, &[9, 9, 9, 9]), (1, &[3])])));
    // XChannel (HT40+) beside Channel: only XChannel is printed.
    let xch = [0x00u8, 0x00, 0x02, 0x00, 0x85, 0x09, 6, 30];
    f.put(&ack(radiotap_raw(&[0b1000 | 1 << 18], &[(2, &ch), (4, &xch)])));
    // VHT: one user, MCS 9, 1 stream, LDPC, 80 MHz, short GI; then A-MPDU status.
    let vht = [0x44u8, 0x00, 0x04, 4, 0x91, 0, 0, 0, 0x01, 0, 0, 0];
    f.put(&ack(radiotap_raw(&[1 << 20 | 1 << 21], &[(4, &[1, 0, 0, 0, 0, 0, 0, 0]), (2, &vht)])));
    // MCS field with every known bit: 40 MHz, short GI, greenfield, LDPC, STBC 1.
    f.put(&ack(radiotap_raw(&[1 << 19], &[(1, &[0x3f, 0x3d, 15])])));
    // A rate byte holding an MCS index, FHSS, lock quality, tx power fields, dB signal/noise.
    let w = 0b100 | 1 << 4 | 1 << 7 | 1 << 8 | 1 << 10 | 1 << 12 | 1 << 13;
    f.put(&ack(radiotap_raw(&[w], &[(1, &[0x85]), (1, &[2, 7]), (2, &[90, 0]), (2, &[3, 0]), (1, &[20]), (1, &[45]), (1, &[10])])));
    // TX flags (bit 15): tcpdump stops at a field it does not know.
    f.put(&ack(radiotap_raw(&[0b10 | 1 << 15 | 1 << 11], &[(1, &[0x01]), (2, &[0, 0]), (1, &[2])])));
    // Bad FCS flag with an FCS; then the data-pad flag on a QoS data frame (26 → 28).
    let bad = [ack(radiotap_raw(&[0b10], &[(1, &[0x50])])), vec![0xaa, 0xbb, 0xcc, 0xdd]].concat();
    f.put(&bad);
    let ip = conversation()[0].1.clone();
    let mut padded = radiotap_raw(&[0b10], &[(1, &[0x20])]);
    padded.extend(mac3(0x0188, AP, STA, GW, 400));
    padded.extend_from_slice(&[0, 0, 0, 0]); // QoS control, then 2 pad bytes
    padded.extend_from_slice(&[0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00]);
    padded.extend_from_slice(&ip);
    f.put(&padded);
    // Broken headers: length below 8, length past the capture, bitmaps past the length.
    f.put(&[0, 0, 4, 0, 0, 0, 0, 0, 0xd4, 0, 0, 0]);
    f.put(&[0, 0, 0x40, 0, 0, 0, 0, 0, 0xd4, 0, 0, 0]);
    f.put(&[0, 0, 8, 0, 0, 0, 0, 0x80, 0xd4, 0, 0, 0]);
    // A field running past the header length.
    f.put(&ack(radiotap_raw(&[1], &[])));
}

/// Frames the main fixture does not carry.
fn frame_edges(f: &mut Fixture) {
    let rt = || radiotap(B_RADIO);
    // WDS (ToDS and FromDS): four addresses, IPv6 UDP inside.
    let ip6 = tcpsleuth::wire::build::Ipv6::new([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10], [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x20])
        .hop_limit(64)
        .udp(Udp::new(5000, 6000).payload(b"wds"))
        .build();
    let mut wds = [rt(), mac3(0x0388, AP, GW, STA, 500)].concat();
    wds.extend_from_slice(&STA);
    wds.extend_from_slice(&[0x07, 0x00, 0xaa, 0xaa, 0x03, 0, 0, 0, 0x86, 0xdd]);
    wds.extend_from_slice(&ip6);
    f.put(&wds);
    // Plain (non-QoS) data FromDS with retry, power-management and more-data bits: ARP.
    let arp = tcpsleuth::wire::build::Arp::request(GW, A, B).build();
    f.put(&[rt(), mac3(0x3a08, BCAST, AP, GW, 501), vec![0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x06], arp].concat());
    // PS-Poll (AID 5), BAR, CF-End, CF-End+CF-Ack.
    f.put(&[rt(), vec![0xa4, 0x10, 0x05, 0xc0], AP.to_vec(), STA.to_vec()].concat());
    f.put(&[rt(), vec![0x84, 0x00, 0, 0], AP.to_vec(), STA.to_vec(), vec![0x04, 0x00, 0x30, 0x01]].concat());
    f.put(&[rt(), vec![0xe4, 0x00, 0, 0], BCAST.to_vec(), AP.to_vec()].concat());
    f.put(&[rt(), vec![0xf4, 0x00, 0, 0], BCAST.to_vec(), AP.to_vec()].concat());
    // Action: block ack ADDBA request, HT, vendor, a reserved category.
    f.put(&mgmt(B_RADIO, 13, AP, STA, 5, &[3, 0, 1, 2, 0x10, 0x02]));
    f.put(&mgmt(B_RADIO, 13, AP, STA, 6, &[7, 1, 0]));
    f.put(&mgmt(B_RADIO, 13, AP, STA, 7, &[127, 4]));
    f.put(&mgmt(B_RADIO, 13, AP, STA, 8, &[99, 4]));
    // Reassociation request, ATIM, shared-key authentication, a refused association.
    let reassoc = [vec![0x31, 0x04, 10, 0], GW.to_vec(), element(0, SSID)].concat();
    f.put(&mgmt(B_RADIO, 2, AP, STA, 9, &reassoc));
    f.put(&mgmt(B_RADIO, 9, BCAST, STA, 10, &[]));
    let challenge = [vec![1, 0, 2, 0, 0, 0], element(16, &[0x41; 8])].concat();
    f.put(&mgmt(B_RADIO, 11, STA, AP, 107, &challenge));
    f.put(&mgmt(B_RADIO, 11, AP, STA, 11, &[1, 0, 3, 0, 0, 0]));
    f.put(&mgmt(B_RADIO, 1, STA, AP, 108, &[0x21, 0x04, 17, 0, 0, 0]));
    f.put(&mgmt(B_RADIO, 12, AP, STA, 12, &[99, 0]));
    // A protected (management frame protection) deauthentication.
    f.put(&[rt(), mac3(0x40c0, STA, AP, AP, 109), vec![0x10, 0x00, 0x00, 0x60, 0x01, 0x02, 0x03, 0x04]].concat());
    // Unknown type, unknown control subtype, unhandled management subtype.
    f.put(&[rt(), vec![0x0c, 0x00], vec![0; 22]].concat());
    f.put(&[rt(), vec![0x34, 0x00], vec![0; 8]].concat());
    f.put(&mgmt(B_RADIO, 6, AP, STA, 13, &[]));
    // Odd SSIDs: control characters and a high-bit byte, an embedded NUL, 33 bytes.
    let odd = |ssid: &[u8]| {
        let mut b = beacon_body(0x0402);
        b.splice(12..12 + 2 + SSID.len(), element(0, ssid));
        b
    };
    f.put(&mgmt(B_RADIO, 8, BCAST, AP, 110, &odd(b"a\x01b\xe9c\x7f")));
    f.put(&mgmt(B_RADIO, 8, BCAST, AP, 111, &odd(b"cut\x00here")));
    f.put(&mgmt(B_RADIO, 8, BCAST, AP, 112, &odd(&[b'x'; 33])));
    // Bodies cut short: beacon fixed fields, auth, deauth, assoc response.
    f.put(&mgmt(B_RADIO, 8, BCAST, AP, 113, &[1, 2, 3, 4, 5]));
    f.put(&mgmt(B_RADIO, 11, AP, STA, 14, &[0, 0, 1]));
    f.put(&mgmt(B_RADIO, 12, AP, STA, 15, &[3]));
    f.put(&mgmt(B_RADIO, 1, STA, AP, 114, &[0x21, 0x04]));
    // A data frame whose LLC is cut.
    f.put(&[rt(), mac3(0x0108, AP, STA, GW, 502), vec![0xaa, 0xaa]].concat());
}

fn main() {
    let mut f = Fixture::new("wifi_radiotap.pcap", LinkType::IEEE802_11_RADIOTAP.0);
    let mut twin = Fixture::new("wifi_eth_twin.pcap", LinkType::ETHERNET.0);
    management(&mut f);
    control(&mut f);
    data(&mut f, &mut twin);
    endings(&mut f);
    plain_and_ppi();
    let mut e = Fixture::new("wifi_radiotap_edges.pcap", LinkType::IEEE802_11_RADIOTAP.0);
    radio_edges(&mut e);
    frame_edges(&mut e);
}
