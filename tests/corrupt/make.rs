//! Generator of the corrupt-capture corpus in this folder (`tests/corrupt/*.pcap*`).
//!
//! Every file is a small capture with well-formed TCP SYNs from 192.0.2.1
//! (the "good" packets, `good_syn`) around one fault: a cut at a structural
//! boundary, a flipped or impossible length, an unknown block, a packet whose
//! headers lie. Faulty packets use 203.0.113.0/24 so output lines can be told
//! apart. Each case carries what a reader must make of it ([`Expect`]).
//!
//! `tests/it/hostile_corpus.rs` regenerates the corpus and fails when the
//! committed files differ; `REGENERATE_CORRUPT=1 cargo test --test it
//! hostile_corpus` rewrites them.
#![allow(dead_code)]

use std::net::Ipv4Addr;
use tcpsleuth::capture::PcapWriter;
use tcpsleuth::time::Timestamp;
use tcpsleuth::wire::build::*;
use tcpsleuth::wire::TcpFlags;

/// What reading a corrupt file must yield.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expect {
    /// Frames the reader delivers before it stops (good and bad ones).
    pub frames: usize,
    /// How many of them are good SYNs from 192.0.2.1 that must decode fully.
    pub good: usize,
    /// The reader must stop with an error naming the file and a byte offset.
    pub error: bool,
}

/// One corpus file.
pub struct Case {
    pub name: String,
    pub bytes: Vec<u8>,
    pub expect: Expect,
}

const LINKTYPE_ETHERNET: u32 = 1;
const SNAPLEN: u32 = 262_144;

fn ts(i: u32) -> Timestamp {
    Timestamp::new(1_700_000_000 + i as i64, 1000 * i as u64)
}

/// The i-th good packet: Ethernet/IPv4/TCP SYN 192.0.2.1:(1000+i) → 198.51.100.1:80.
pub fn good_syn(i: u16) -> Vec<u8> {
    Eth::new([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
        .ipv4(Ipv4::new([192, 0, 2, 1], [198, 51, 100, 1]).id(i).df())
        .tcp(Tcp::new(1000 + i, 80).seq(1000 + i as u32).flags(TcpFlags::SYN).window(65535).mss(1460))
        .build()
}

fn bad_ip() -> (Ipv4Addr, Ipv4Addr) {
    (Ipv4Addr::new(203, 0, 113, 1), Ipv4Addr::new(203, 0, 113, 2))
}

fn eth() -> Eth {
    Eth::new([2, 0, 0, 0, 0, 3], [2, 0, 0, 0, 0, 4])
}

/// A classic pcap (LE, µs) of `packets`, written with `PcapWriter`.
fn pcap(packets: &[Vec<u8>]) -> Vec<u8> {
    let mut w = PcapWriter::new(Vec::new(), LINKTYPE_ETHERNET, SNAPLEN, false).unwrap();
    for (i, p) in packets.iter().enumerate() {
        w.write_packet(ts(i as u32), p, p.len() as u32).unwrap();
    }
    w.into_inner()
}

/// A raw pcap record header (LE).
fn rec_header(secs: u32, frac: u32, caplen: u32, orig_len: u32) -> Vec<u8> {
    [secs, frac, caplen, orig_len].iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Good SYN 0, then `bad` (a whole frame), then good SYNs 1 and 2.
fn sandwich(name: &str, bad: Vec<u8>) -> Case {
    Case {
        name: format!("pkt_{name}.pcap"),
        bytes: pcap(&[good_syn(0), bad, good_syn(1), good_syn(2)]),
        expect: Expect { frames: 4, good: 3, error: false },
    }
}

fn case(name: &str, bytes: Vec<u8>, frames: usize, good: usize, error: bool) -> Case {
    Case { name: name.to_string(), bytes, expect: Expect { frames, good, error } }
}

// ------------------------------------------------------------ classic pcap

/// The three-SYN capture cut at every structural boundary and inside each structure.
fn pcap_truncations(out: &mut Vec<Case>) {
    let full = pcap(&[good_syn(0), good_syn(1), good_syn(2)]);
    let rec = 16 + good_syn(0).len();
    let mut cuts = vec![(0, "empty"), (2, "magic"), (4, "after_magic"), (8, "version"), (16, "snaplen"), (20, "linktype"), (23, "header_minus_1")];
    for r in 0..3 {
        let base = 24 + r * rec;
        cuts.push((base + 4, "rec_ts"));
        cuts.push((base + 8, "rec_caplen"));
        cuts.push((base + 15, "rec_header_minus_1"));
        cuts.push((base + 16, "rec_data_start"));
        cuts.push((base + 16 + 14, "rec_after_ether"));
        cuts.push((base + 16 + 34, "rec_after_ip"));
        cuts.push((base + rec - 1, "rec_minus_1"));
    }
    for (at, what) in cuts {
        let complete = at.saturating_sub(24) / rec;
        let name = format!("pcap_cut_{at:03}_{what}.pcap");
        out.push(case(&name, full[..at].to_vec(), complete, complete, true));
    }
    // Cut exactly after the header or a record: a clean (short) capture.
    for r in 0..=2 {
        let at = 24 + r * rec;
        out.push(case(&format!("pcap_cut_{at:03}_clean.pcap"), full[..at].to_vec(), r, r, false));
    }
}

/// Flipped bits in the file and record headers.
fn pcap_flips(out: &mut Vec<Case>) {
    let full = pcap(&[good_syn(0), good_syn(1), good_syn(2)]);
    let rec = 16 + good_syn(0).len();
    let flip = |at: usize, mask: u8| {
        let mut b = full.clone();
        b[at] ^= mask;
        b
    };
    out.push(case("pcap_flip_magic.pcap", flip(0, 0x01), 0, 0, true));
    out.push(case("pcap_flip_version_major.pcap", flip(4, 0x10), 0, 0, true));
    out.push(case("pcap_flip_version_archaic.pcap", flip(4, 0x02), 0, 0, true));
    // Snaplen and link type changes keep the records readable.
    out.push(case("pcap_flip_snaplen_zero.pcap", {
        let mut b = full.clone();
        b[16..20].copy_from_slice(&0u32.to_le_bytes());
        b
    }, 3, 3, false));
    out.push(case("pcap_flip_linktype_fcs_bits.pcap", flip(23, 0x14), 3, 3, false));
    // Second record's caplen high bit: 2^31 + len is far beyond any snaplen.
    out.push(case("pcap_flip_caplen_high.pcap", flip(24 + rec + 8 + 3, 0x80), 1, 1, true));
    // Second record's caplen grows by 1: the stream loses framing one byte later.
    out.push(case("pcap_flip_caplen_low.pcap", flip(24 + rec + 8, 0x01), 2, 2, true));
    // Second record's orig_len smaller than caplen.
    out.push(case("pcap_origlen_below_caplen.pcap", {
        let mut b = full.clone();
        b[24 + rec + 12..24 + rec + 16].copy_from_slice(&10u32.to_le_bytes());
        b
    }, 3, 3, false));
    // Big-endian file whose records are little-endian (a writer bug seen in the wild).
    out.push(case("pcap_flip_byte_order.pcap", {
        let mut b = full.clone();
        b[0..4].copy_from_slice(&0xa1b2_c3d4u32.to_be_bytes());
        b
    }, 0, 0, true));
}

/// Records with odd lengths and timestamps.
fn pcap_records(out: &mut Vec<Case>) {
    // caplen > snaplen (snaplen 64, packets of 68): libpcap accepts up to its maximum.
    let mut w = PcapWriter::new(Vec::new(), LINKTYPE_ETHERNET, 64, false).unwrap();
    for i in 0..3 {
        let p = good_syn(i);
        w.write_packet(ts(i as u32), &p, p.len() as u32).unwrap();
    }
    out.push(case("pcap_caplen_over_snaplen.pcap", w.into_inner(), 3, 3, false));

    // caplen of 300 000 (> 256 KiB) after one good packet; refused before reading the data.
    let mut b = pcap(&[good_syn(0)]);
    b.extend(rec_header(1_700_000_001, 0, 300_000, 300_000));
    let mut tail = pcap(&[good_syn(1)]);
    b.extend(tail.split_off(24));
    out.push(case("pcap_caplen_over_256k.pcap", b, 1, 1, true));

    // caplen 0xffffffff ("negative").
    let mut b = pcap(&[good_syn(0)]);
    b.extend(rec_header(1_700_000_001, 0, u32::MAX, u32::MAX));
    b.extend(good_syn(1));
    out.push(case("pcap_caplen_negative.pcap", b, 1, 1, true));

    // Zero-length frames between good ones (orig_len 0 and orig_len 60).
    let mut b = pcap(&[good_syn(0)]);
    b.extend(rec_header(1_700_000_001, 0, 0, 0));
    b.extend(rec_header(1_700_000_001, 1, 0, 60));
    let mut tail = pcap(&[good_syn(1), good_syn(2)]);
    b.extend(tail.split_off(24));
    out.push(case("pcap_zero_length_frames.pcap", b, 5, 3, false));

    // Timestamps going backwards, and a microsecond field ≥ 10^6.
    let mut w = PcapWriter::new(Vec::new(), LINKTYPE_ETHERNET, SNAPLEN, false).unwrap();
    for (i, secs) in [(0u16, 1_700_000_100i64), (1, 1_700_000_050), (2, 0)] {
        let p = good_syn(i);
        w.write_packet(Timestamp::new(secs, 0), &p, p.len() as u32).unwrap();
    }
    let mut b = w.into_inner();
    let p = good_syn(3);
    b.extend(rec_header(1_700_000_000, 3_999_999, p.len() as u32, p.len() as u32));
    b.extend(p);
    out.push(case("pcap_time_backwards.pcap", b, 4, 4, false));

    // Unknown link type: frames delivered, nothing decodable.
    let mut w = PcapWriter::new(Vec::new(), 65000, SNAPLEN, false).unwrap();
    w.write_packet(ts(0), &good_syn(0), 68).unwrap();
    out.push(case("pcap_unknown_linktype.pcap", w.into_inner(), 1, 0, false));

    // Garbage after the last record: 7 bytes (shorter than a record header).
    let mut b = pcap(&[good_syn(0), good_syn(1)]);
    b.extend([0xde, 0xad, 0xbe, 0xef, 0, 0, 1]);
    out.push(case("pcap_trailing_garbage.pcap", b, 2, 2, true));
}

// ------------------------------------------------------------ pcapng

fn block(kind: u32, body: &[u8]) -> Vec<u8> {
    let padded = body.len().div_ceil(4) * 4;
    let len = (12 + padded) as u32;
    let mut b = Vec::with_capacity(len as usize);
    b.extend(kind.to_le_bytes());
    b.extend(len.to_le_bytes());
    b.extend(body);
    b.resize(8 + padded, 0);
    b.extend(len.to_le_bytes());
    b
}

fn shb() -> Vec<u8> {
    let mut body = Vec::new();
    body.extend(0x1A2B_3C4Du32.to_le_bytes());
    body.extend(1u16.to_le_bytes());
    body.extend(0u16.to_le_bytes());
    body.extend((-1i64).to_le_bytes());
    block(0x0A0D_0D0A, &body)
}

fn idb_with(link: u16, snaplen: u32, opts: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend(link.to_le_bytes());
    body.extend(0u16.to_le_bytes());
    body.extend(snaplen.to_le_bytes());
    body.extend(opts);
    block(1, &body)
}

fn idb() -> Vec<u8> {
    idb_with(1, 0, &[])
}

fn epb(iface: u32, i: u32, data: &[u8]) -> Vec<u8> {
    epb_raw(iface, (1_700_000_000u64 + i as u64) * 1_000_000, data.len() as u32, data.len() as u32, data)
}

fn epb_raw(iface: u32, units: u64, caplen: u32, orig_len: u32, data: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend(iface.to_le_bytes());
    body.extend(((units >> 32) as u32).to_le_bytes());
    body.extend((units as u32).to_le_bytes());
    body.extend(caplen.to_le_bytes());
    body.extend(orig_len.to_le_bytes());
    body.extend(data);
    block(6, &body)
}

/// SHB, IDB, three EPBs with good SYNs.
fn pcapng_good() -> (Vec<u8>, Vec<usize>) {
    let mut b = shb();
    b.extend(idb());
    let mut ends = vec![b.len()];
    for i in 0..3 {
        b.extend(epb(0, i, &good_syn(i as u16)));
        ends.push(b.len());
    }
    (b, ends)
}

fn pcapng_truncations(out: &mut Vec<Case>) {
    let (full, ends) = pcapng_good();
    let shb_len = shb().len();
    let mut cuts = vec![(4, "shb_type"), (8, "shb_len"), (12, "shb_bom"), (shb_len - 4, "shb_trailer"), (shb_len + 8, "idb_len"), (ends[0] - 1, "idb_minus_1")];
    for r in 0..3 {
        cuts.push((ends[r] + 4, "epb_type"));
        cuts.push((ends[r] + 8, "epb_len"));
        cuts.push((ends[r] + 28, "epb_header"));
        cuts.push((ends[r] + 28 + 20, "epb_data"));
        cuts.push((ends[r + 1] - 4, "epb_trailer"));
    }
    for (at, what) in cuts {
        let complete = ends.iter().skip(1).filter(|&&e| e <= at).count();
        out.push(case(&format!("pcapng_cut_{at:03}_{what}.pcapng"), full[..at].to_vec(), complete, complete, true));
    }
    for (r, &at) in ends.iter().enumerate() {
        out.push(case(&format!("pcapng_cut_{at:03}_clean.pcapng"), full[..at].to_vec(), r, r, false));
    }
}

fn pcapng_blocks(out: &mut Vec<Case>) {
    let good = |i: u32| epb(0, i, &good_syn(i as u16));
    let head = || {
        let mut b = shb();
        b.extend(idb());
        b.extend(good(0));
        b
    };
    // Block lengths: "negative", overflowing, below the minimum, misaligned, past the file end.
    for (name, len) in [("negative", 0xFFFF_FFF0u32), ("overflow", 0xFFFF_FFFC), ("below_min", 8), ("misaligned", 0x4d), ("past_eof", 4096)] {
        let mut b = head();
        let mut e = good(1);
        e[4..8].copy_from_slice(&len.to_le_bytes());
        b.extend(e);
        b.extend(good(2));
        out.push(case(&format!("pcapng_blocklen_{name}.pcapng"), b, 1, 1, true));
    }
    // Trailing block length disagreeing with the leading one.
    let mut b = head();
    let mut e = good(1);
    let n = e.len();
    e[n - 4..].copy_from_slice(&1000u32.to_le_bytes());
    b.extend(e);
    b.extend(good(2));
    out.push(case("pcapng_trailer_mismatch.pcapng", b, 1, 1, true));
    // EPB caplen larger than the block, and "negative".
    for (name, caplen) in [("over_block", 1000u32), ("negative", 0xFFFF_FFFF)] {
        let mut b = head();
        let p = good_syn(1);
        b.extend(epb_raw(0, 1_700_000_001_000_000, caplen, p.len() as u32, &p));
        b.extend(good(2));
        out.push(case(&format!("pcapng_epb_caplen_{name}.pcapng"), b, 1, 1, true));
    }
    // Unknown block types (local and reserved) between good packets: skipped.
    let mut b = head();
    b.extend(block(0x8000_1234, &[1, 2, 3, 4, 5]));
    b.extend(block(0x0000_0bad, &[]));
    b.extend(good(1));
    b.extend(block(0x4000_0000, &[0; 64]));
    b.extend(good(2));
    out.push(case("pcapng_unknown_blocks.pcapng", b, 3, 3, false));
    // A section with no interface, then a packet that names interface 0.
    let mut b = shb();
    b.extend(good(0));
    out.push(case("pcapng_no_interface.pcapng", b, 0, 0, true));
    // Packet naming an interface that does not exist.
    let mut b = head();
    b.extend(epb(7, 1, &good_syn(1)));
    b.extend(good(2));
    out.push(case("pcapng_bad_interface_id.pcapng", b, 1, 1, true));
    // A second section: interfaces from the first section no longer apply.
    let mut b = head();
    b.extend(shb());
    b.extend(good(1));
    out.push(case("pcapng_second_section_no_interface.pcapng", b, 1, 1, true));
    // A second section that declares its interface again is fine.
    let mut b = head();
    b.extend(shb());
    b.extend(idb());
    b.extend(good(1));
    b.extend(good(2));
    out.push(case("pcapng_second_section.pcapng", b, 3, 3, false));
    // Interface options with overflowing lengths, odd tsresol and huge tsoffset.
    let opt = |code: u16, val: &[u8]| {
        let mut o = Vec::new();
        o.extend(code.to_le_bytes());
        o.extend((val.len() as u16).to_le_bytes());
        o.extend(val);
        o.resize(o.len().div_ceil(4) * 4, 0);
        o
    };
    let with_idb = |opts: Vec<u8>, name: &str, frames: usize, good_n: usize, error: bool, out: &mut Vec<Case>| {
        let mut b = shb();
        b.extend(idb_with(1, 0, &opts));
        b.extend(good(0));
        b.extend(good(1));
        out.push(case(&format!("pcapng_idb_{name}.pcapng"), b, frames, good_n, error));
    };
    let mut o = 9u16.to_le_bytes().to_vec();
    o.extend(0xFFF0u16.to_le_bytes());
    o.extend([6, 0, 0, 0]);
    with_idb(o, "option_len_overflow", 2, 2, false, out);
    with_idb(opt(9, &[0x7f]), "tsresol_10pow127", 0, 0, true, out);
    with_idb(opt(9, &[0xff]), "tsresol_2pow127", 0, 0, true, out);
    with_idb(opt(9, &[19]), "tsresol_10pow19", 2, 2, false, out);
    with_idb(opt(9, &[20]), "tsresol_10pow20", 0, 0, true, out);
    with_idb(opt(9, &[0]), "tsresol_1s", 2, 2, false, out);
    with_idb(opt(14, &i64::MAX.to_le_bytes()), "tsoffset_max", 2, 2, false, out);
    with_idb(opt(14, &i64::MIN.to_le_bytes()), "tsoffset_min", 2, 2, false, out);
    with_idb(opt(13, &[255]), "fcslen_255", 2, 2, false, out);
    // Interface snaplen beyond libpcap's maximum and a packet larger than it.
    let mut b = shb();
    b.extend(idb_with(1, u32::MAX, &[]));
    b.extend(good(0));
    b.extend(epb(0, 1, &vec![0u8; 300_000]));
    b.extend(good(2));
    out.push(case("pcapng_idb_snaplen_max.pcapng", b, 1, 1, true));
    // Timestamps going backwards, and the largest 64-bit timestamp.
    let mut b = shb();
    b.extend(idb());
    b.extend(epb(0, 100, &good_syn(0)));
    b.extend(epb(0, 50, &good_syn(1)));
    let p = good_syn(2);
    b.extend(epb_raw(0, u64::MAX, p.len() as u32, p.len() as u32, &p));
    out.push(case("pcapng_time_backwards.pcapng", b, 3, 3, false));
    // Zero-length EPB and a simple packet block with orig_len 0.
    let mut b = head();
    b.extend(epb(0, 1, &[]));
    b.extend(block(3, &0u32.to_le_bytes()));
    b.extend(good(1));
    out.push(case("pcapng_zero_length.pcapng", b, 4, 2, false));
    // Big-endian SHB whose following blocks are little-endian.
    let mut b = shb();
    b[8..12].copy_from_slice(&0x1A2B_3C4Du32.to_be_bytes());
    b.extend(idb());
    b.extend(good(0));
    out.push(case("pcapng_bom_flipped.pcapng", b, 0, 0, true));
}

// ------------------------------------------------------------ lying packets

fn packets(out: &mut Vec<Case>) {
    let (s, d) = bad_ip();
    let tcp = || Tcp::new(4444, 80).seq(7).flags(TcpFlags::SYN);
    for ihl in 0..5 {
        out.push(sandwich(&format!("ipv4_ihl_{ihl}"), eth().ipv4(Ipv4::new(s, d).ihl(ihl)).tcp(tcp()).build()));
    }
    out.push(sandwich("ipv4_ihl_15_short", eth().ipv4(Ipv4::new(s, d).ihl(15)).tcp(tcp()).build()));
    out.push(sandwich("ipv4_version_6", eth().ipv4(Ipv4::new(s, d).version(6)).tcp(tcp()).build()));
    out.push(sandwich("ipv4_total_len_0", eth().ipv4(Ipv4::new(s, d).total_len(0)).tcp(tcp()).build()));
    out.push(sandwich("ipv4_total_len_below_header", eth().ipv4(Ipv4::new(s, d).total_len(12)).tcp(tcp()).build()));
    out.push(sandwich("ipv4_total_len_short", eth().ipv4(Ipv4::new(s, d).total_len(30)).tcp(tcp()).build()));
    out.push(sandwich("ipv4_total_len_long", eth().ipv4(Ipv4::new(s, d).total_len(1500)).tcp(tcp()).build()));
    out.push(sandwich("ipv4_total_len_max", eth().ipv4(Ipv4::new(s, d).total_len(0xffff)).tcp(tcp()).build()));
    out.push(sandwich("ipv4_options_overrun", eth().ipv4(Ipv4::new(s, d).option(&[0x07, 0xff, 4, 0])).tcp(tcp()).build()));
    out.push(sandwich("ipv4_options_zero_len", eth().ipv4(Ipv4::new(s, d).option(&[0x44, 0, 0, 0])).tcp(tcp()).build()));
    out.push(sandwich("ipv4_frag_offset_max", eth().ipv4(Ipv4::new(s, d).mf().frag_offset(0x1fff)).tcp(tcp()).build()));
    out.push(sandwich("ipv4_in_ipv4_deep", {
        let mut st = eth().ipv4(Ipv4::new(s, d));
        for _ in 0..40 {
            st = st.ipv4(Ipv4::new(s, d));
        }
        st.tcp(tcp()).build()
    }));
    // IPv6 extension headers: a long chain of Destination Options, a chain that
    // never reaches a transport header, and a header length beyond the frame.
    let v6 = |s6: u16| Ipv6::new([0x2001, 0xdb8, 0, 0, 0, 0, 0, s6], [0x2001, 0xdb8, 0, 0, 0, 0, 0, 99]);
    let mut ip = v6(1);
    for _ in 0..200 {
        ip = ip.dest_opts(&[]);
    }
    out.push(sandwich("ipv6_ext_chain_200", eth().ipv6(ip).tcp(tcp()).build()));
    let mut ip = v6(2);
    for _ in 0..64 {
        ip = ip.hop_by_hop(&[]).routing(0, 1, &[]).fragment(0, true, 1);
    }
    out.push(sandwich("ipv6_ext_loop_mixed", eth().ipv6(ip).tcp(tcp()).build()));
    // Destination Options whose next header is Destination Options, to the end of the frame.
    let mut chain = vec![60u8, 0, 1, 4, 0, 0, 0, 0].repeat(100);
    chain.extend([60, 0xff, 1, 4, 0, 0, 0, 0]);
    out.push(sandwich("ipv6_ext_self_loop_overrun", eth().ipv6(v6(3).next_header(60)).payload(&chain).build()));
    out.push(sandwich("ipv6_payload_len_long", eth().ipv6(v6(4).payload_len(0xffff)).tcp(tcp()).build()));
    out.push(sandwich("ipv6_payload_len_zero", eth().ipv6(v6(5).payload_len(0)).tcp(tcp()).build()));
    out.push(sandwich("ipv6_fragment_nonfirst", eth().ipv6(v6(6).fragment(100, true, 7)).tcp(tcp()).build()));
    // TCP data offset beyond the segment, below 5, and options that overrun.
    out.push(sandwich("tcp_doff_15_short", eth().ipv4(Ipv4::new(s, d)).tcp(tcp().data_offset(15)).build()));
    for doff in [0u8, 4] {
        out.push(sandwich(&format!("tcp_doff_{doff}"), eth().ipv4(Ipv4::new(s, d)).tcp(tcp().data_offset(doff)).build()));
    }
    out.push(sandwich("tcp_options_overrun", eth().ipv4(Ipv4::new(s, d)).tcp(tcp().opt_raw(8, &[0; 20])).build()));
    out.push(sandwich("tcp_options_zero_len", eth().ipv4(Ipv4::new(s, d)).tcp(tcp().option(TcpOpt::Raw(30, vec![])).nop().nop()).build()));
    out.push(sandwich("tcp_options_len_1", {
        let mut p = eth().ipv4(Ipv4::new(s, d)).tcp(tcp().nop().nop().nop().nop()).build();
        p[14 + 20 + 20..14 + 20 + 24].copy_from_slice(&[2, 1, 5, 1]);
        p
    }));
    out.push(sandwich("tcp_sack_odd", eth().ipv4(Ipv4::new(s, d)).tcp(tcp().opt_raw(5, &[0; 7])).build()));
    out.push(sandwich("tcp_cut_mid_header", {
        let mut p = eth().ipv4(Ipv4::new(s, d)).tcp(tcp()).build();
        p.truncate(14 + 20 + 9);
        p
    }));
    out.push(sandwich("udp_len_short", eth().ipv4(Ipv4::new(s, d)).udp(Udp::new(53, 53).len(3).payload(b"abcdefgh")).build()));
    out.push(sandwich("udp_len_long", eth().ipv4(Ipv4::new(s, d)).udp(Udp::new(53, 53).len(0xffff).payload(b"\x00\x01\x02")).build()));
    // ICMP errors quoting ICMP errors, six deep, the innermost quoting a truncated TCP header.
    let mut quoted = Ipv4::new(d, s).tcp(tcp()).build();
    quoted.truncate(20 + 8);
    for depth in 0..6 {
        quoted = Ipv4::new(s, d).icmp(if depth % 2 == 0 {
            Icmp::dest_unreachable(3, &quoted)
        } else {
            Icmp::time_exceeded(0, &quoted)
        }).build();
    }
    out.push(sandwich("icmp_error_quoting_errors", eth().ipv4(Ipv4::new(s, d)).payload(&quoted[20..]).build()));
    out.push(sandwich("icmp_quote_ihl_0", {
        let mut q = Ipv4::new(d, s).udp(Udp::new(1, 2)).build();
        q[0] = 0x40;
        eth().ipv4(Ipv4::new(s, d)).icmp(Icmp::dest_unreachable(3, &q)).build()
    }));
    out.push(sandwich("icmp_quote_total_len_huge", {
        let q = Ipv4::new(d, s).total_len(0xffff).udp(Udp::new(1, 2)).build();
        eth().ipv4(Ipv4::new(s, d)).icmp(Icmp::dest_unreachable(3, &q)).build()
    }));
    out.push(sandwich("icmp_truncated", {
        let mut p = eth().ipv4(Ipv4::new(s, d)).icmp(Icmp::echo_request(1, 1)).build();
        p.truncate(14 + 20 + 3);
        p
    }));
    out.push(sandwich("icmpv6_error_quoting_errors", {
        let mut q = Ipv6::new([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], [0x2001, 0xdb8, 0, 0, 0, 0, 0, 2]).udp(Udp::new(1, 2)).build();
        for _ in 0..6 {
            q = Ipv6::new([0x2001, 0xdb8, 0, 0, 0, 0, 0, 2], [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]).icmpv6(Icmpv6::dest_unreachable(4, &q)).build();
        }
        eth().ipv6(Ipv6::new([0x2001, 0xdb8, 0, 0, 0, 0, 0, 2], [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]).next_header(58)).payload(&q[40..]).build()
    }));
    out.push(sandwich("vlan_stack_20", {
        let mut st = eth().vlan(Vlan::new(1));
        for v in 2..20 {
            st = st.vlan(Vlan::new(v));
        }
        st.ipv4(Ipv4::new(s, d)).tcp(tcp()).build()
    }));
    out.push(sandwich("ethernet_cut_12", eth().ipv4(Ipv4::new(s, d)).build()[..12].to_vec()));
    out.push(sandwich("ethernet_llc_len_huge", eth().llc(Llc::new(0x42, 0x42, 3)).payload(&[0; 4]).build()));
    out.push(sandwich("arp_lengths_255", eth().arp(Arp::request([2; 6], s, d).lengths(255, 255)).build()));
}

/// Every case of the corpus, in a stable order.
pub fn corpus() -> Vec<Case> {
    let mut out = Vec::new();
    pcap_truncations(&mut out);
    pcap_flips(&mut out);
    pcap_records(&mut out);
    pcapng_truncations(&mut out);
    pcapng_blocks(&mut out);
    packets(&mut out);
    out
}

/// The expectations as committed next to the files (`MANIFEST.tsv`).
pub fn manifest(cases: &[Case]) -> String {
    let mut s = String::from("# file\tframes\tgood\terror (generated by make.rs; do not edit)\n");
    for c in cases {
        s.push_str(&format!("{}\t{}\t{}\t{}\n", c.name, c.expect.frames, c.expect.good, c.expect.error));
    }
    s
}
