//! Reassembly specifications: fragments built with `wire::build`, split by
//! `build::fragment`, fed as raw-IP frames in the order given.

use super::*;
use crate::flow::{Tracker, TrackerConfig};
use crate::wire::build::{self, Build};
use crate::wire::{decode, TcpFlags};

const CLIENT: [u8; 4] = [10, 0, 0, 1];
const SERVER: [u8; 4] = [10, 0, 0, 2];

fn meta(frame: u64, t_ms: i64) -> FrameMeta {
    let ts = Timestamp::from_nanos(1_700_000_000_000_000_000 + t_ms as i128 * 1_000_000);
    FrameMeta { frame, source: 0, ts, wire_len: 0 }
}

/// A TCP segment with `len` payload bytes, as one raw IPv4 packet.
fn segment(id: u16, len: usize) -> Vec<u8> {
    let payload: Vec<u8> = (0..len).map(|i| i as u8).collect();
    build::Ipv4::new(CLIENT, SERVER)
        .id(id)
        .tcp(build::Tcp::new(40000, 80).seq(1000).flags(TcpFlags::ACK | TcpFlags::PSH).payload(&payload))
        .build()
}

/// Summaries of raw-IP frames fed in order, 1 ms apart.
fn run(dfg: &mut Defragmenter, frames: &[Vec<u8>]) -> Vec<Summary> {
    let mut out = Vec::new();
    for (i, f) in frames.iter().enumerate() {
        let d = decode(LinkType::RAW.0, f);
        dfg.push(&d, meta(i as u64 + 1, i as i64), &mut |s| out.push(*s));
    }
    out
}

fn small(max_datagrams: usize, max_bytes: usize) -> Defragmenter {
    Defragmenter::new(DefragConfig { max_datagrams, max_bytes, ..DefragConfig::default() })
}

#[test]
fn two_fragments_in_order_make_one_segment_the_tracker_counts_once() {
    let whole = segment(7, 1000);
    let frags = build::fragment(&whole, 512, 0);
    assert_eq!(frags.len(), 2);
    let mut dfg = Defragmenter::default();
    let out = run(&mut dfg, &frags);
    assert_eq!(out.len(), 1);
    let expect = decode(LinkType::RAW.0, &whole).summary(meta(2, 1));
    assert_eq!(Some(out[0]), expect, "the rebuilt datagram decodes as the unfragmented one");
    let mut t = Tracker::new(TrackerConfig::default());
    t.push(&out[0]);
    let c = t.finish().into_iter().next();
    let c = c.as_ref().map(|c| (c.orig().pkts, c.orig().ip_bytes, c.bytes_raw().0));
    assert_eq!(c, Some((1, whole.len() as u64, 1000)));
    assert_eq!((dfg.stats.fragments, dfg.stats.completed, dfg.in_progress(), dfg.buffered_bytes()), (2, 1, 0, 0));
}

#[test]
fn fragments_out_of_order_reassemble_the_same() {
    let whole = segment(8, 3000);
    let mut frags = build::fragment(&whole, 800, 0);
    frags.reverse();
    frags.swap(1, 2);
    let out = run(&mut Defragmenter::default(), &frags);
    let expect = decode(LinkType::RAW.0, &whole).summary(meta(frags.len() as u64, frags.len() as i64 - 1));
    assert_eq!((out.len(), out.first().copied()), (1, expect));
}

#[test]
fn ipv6_fragments_reassemble() {
    let a = [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1];
    let b = [0x2001, 0xdb8, 0, 0, 0, 0, 0, 2];
    let whole = build::Ipv6::new(a, b).udp(build::Udp::new(5353, 53).payload(&[7u8; 1500])).build();
    let frags = build::fragment(&whole, 600, 0x1234);
    let out = run(&mut Defragmenter::default(), &frags);
    let expect = decode(LinkType::RAW.0, &whole).summary(meta(3, 2));
    assert_eq!((frags.len(), out.len(), out.first().copied()), (3, 1, expect));
    assert_eq!(out[0].l4_checksum_ok, Some(true));
}

#[test]
fn overlapping_fragment_is_counted_and_the_first_bytes_win() {
    let whole = segment(9, 64);
    let frags = build::fragment(&whole, 48, 0);
    // A forged copy of the first fragment with other bytes, sent after it.
    let mut forged = frags[0].clone();
    let n = forged.len();
    forged[n - 8..].copy_from_slice(&[0xee; 8]);
    let mut dfg = Defragmenter::default();
    let out = run(&mut dfg, &[frags[0].clone(), forged, frags[1].clone()]);
    assert_eq!(dfg.stats.overlaps, 1);
    assert_eq!(out.first().and_then(|s| s.l4_checksum_ok), Some(true), "the original bytes were kept");
}

#[test]
fn a_datagram_never_completed_times_out() {
    let frags = build::fragment(&segment(10, 100), 48, 0);
    let mut dfg = Defragmenter::default();
    let d = decode(LinkType::RAW.0, &frags[0]);
    dfg.push(&d, meta(1, 0), &mut |_| {});
    // An unrelated fragment 31 s later runs the clock past the timeout.
    let other = build::fragment(&segment(11, 100), 48, 0);
    let d = decode(LinkType::RAW.0, &other[0]);
    dfg.push(&d, meta(2, 31_000), &mut |_| {});
    assert_eq!((dfg.stats.timed_out, dfg.in_progress()), (1, 1));
    // The rest of the first datagram now starts a new one, which never completes.
    let rest = run(&mut dfg, &frags[1..]);
    assert!(rest.is_empty());
    assert_eq!(dfg.finish().unfinished, 2);
}

#[test]
fn the_byte_cap_evicts_the_oldest_and_counts() {
    // Each datagram holds a 1 KiB buffer, its header and the overhead: three fit.
    let cap = 3 * (DATAGRAM_OVERHEAD + 1024 + 64);
    let mut dfg = small(1000, cap);
    let mut firsts = Vec::new();
    for id in 0..5u16 {
        firsts.push(build::fragment(&segment(id, 2000), 1024, 0)[0].clone());
    }
    let out = run(&mut dfg, &firsts);
    assert!(out.is_empty());
    assert_eq!((dfg.stats.evicted, dfg.in_progress()), (2, 3));
    assert!(dfg.buffered_bytes() <= cap);
    // The oldest (ID 0) is gone: its second half alone cannot complete it.
    let second = build::fragment(&segment(0, 2000), 1024, 0)[1].clone();
    assert!(run(&mut dfg, &[second]).is_empty());
    // ID 4, still held, completes.
    let second = build::fragment(&segment(4, 2000), 1024, 0)[1].clone();
    assert_eq!(run(&mut dfg, &[second]).len(), 1);
}

#[test]
fn a_million_fragment_flood_stays_bounded() {
    let mut dfg = small(256, 64 * 1024);
    let template = build::Ipv4::new(CLIENT, SERVER).mf().protocol(17).payload(&[0u8; 8]).build();
    let mut pkt = template.clone();
    for i in 0..1_000_000u32 {
        pkt[4..6].copy_from_slice(&(i as u16).to_be_bytes());
        pkt[12..16].copy_from_slice(&(i >> 16 | 0x0a00_0000).to_be_bytes());
        pkt[10..12].copy_from_slice(&[0, 0]);
        let sum = checksum::checksum(&pkt[..20]);
        pkt[10..12].copy_from_slice(&sum.to_be_bytes());
        let d = decode(LinkType::RAW.0, &pkt);
        dfg.push(&d, meta(i as u64, i as i64 / 1000), &mut |_| panic!("nothing completes"));
        assert!(dfg.in_progress() <= 256 && dfg.buffered_bytes() <= 64 * 1024);
    }
    let st = dfg.finish();
    assert_eq!(st.fragments, 1_000_000);
    assert_eq!(st.evicted + st.timed_out + st.unfinished, 1_000_000);
    assert!(st.evicted > 900_000, "{st:?}");
}

#[test]
fn unfragmented_packets_pass_through_unchanged() {
    let whole = segment(12, 100);
    let out = run(&mut Defragmenter::default(), std::slice::from_ref(&whole));
    assert_eq!(out, decode(LinkType::RAW.0, &whole).summaries(meta(1, 0)).collect::<Vec<_>>());
}

#[test]
fn a_fragment_cut_short_by_the_snapshot_passes_through() {
    let frags = build::fragment(&segment(13, 100), 48, 0);
    let cut = &frags[0][..30];
    let mut dfg = Defragmenter::default();
    let out = run(&mut dfg, &[cut.to_vec()]);
    assert_eq!((out.len(), dfg.stats.passed_through, dfg.in_progress()), (1, 1, 0));
}

#[test]
fn fragments_on_different_vlans_stay_apart() {
    let frags = build::fragment(&segment(14, 100), 48, 0);
    let eth = |vlan: u16, f: &[u8]| {
        build::Eth::new([2; 6], [4; 6]).vlan(build::Vlan::new(vlan).ethertype(0x0800)).payload(f).build()
    };
    let mut dfg = Defragmenter::default();
    let mut out = Vec::new();
    for (i, f) in [eth(10, &frags[0]), eth(20, &frags[1]), eth(20, &frags[2])].iter().enumerate() {
        let d = decode(LinkType::ETHERNET.0, f);
        dfg.push(&d, meta(i as u64, 0), &mut |s| out.push(*s));
    }
    assert!(out.is_empty());
    for f in [eth(10, &frags[1]), eth(10, &frags[2])] {
        let d = decode(LinkType::ETHERNET.0, &f);
        dfg.push(&d, meta(4, 0), &mut |s| out.push(*s));
    }
    assert_eq!(out.iter().map(|s| s.vlan).collect::<Vec<_>>(), [Some(10)]);
}

#[test]
fn an_oversize_datagram_is_dropped_and_counted() {
    // Ping of death: a last fragment ending past 65,535 bytes.
    let pod = build::Ipv4::new(CLIENT, SERVER).frag_offset(8189).protocol(1).payload(&[0u8; 100]).build();
    let mut dfg = Defragmenter::default();
    assert!(run(&mut dfg, &[pod]).is_empty());
    assert_eq!((dfg.stats.oversize, dfg.in_progress()), (1, 0));
}

#[test]
fn a_datagram_sliced_into_too_many_holes_is_dropped() {
    // Every other 8-byte piece of a 64 KiB datagram, each leaving a hole.
    let frags = build::fragment(&segment(15, 8 * (2 * MAX_HOLES + 4)), 8, 0);
    let mut dfg = Defragmenter::default();
    let out = run(&mut dfg, &frags.iter().step_by(2).cloned().collect::<Vec<_>>());
    assert!(out.is_empty());
    // The pieces after the drop start over, as a new datagram.
    assert_eq!((dfg.stats.too_many_holes, dfg.in_progress()), (1, 1));
}
