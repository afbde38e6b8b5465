//! The builder's byte layouts, written out layer by layer.

use super::*;
use crate::wire::checksum;
use crate::wire::{decode, TcpFlags, Trans};
use crate::wire::registry::LinkType;
use std::net::Ipv6Addr;

const A: [u8; 6] = [0x02, 0, 0, 0, 0, 0x0a];
const B: [u8; 6] = [0x02, 0, 0, 0, 0, 0x0b];

fn v6(s: &str) -> Ipv6Addr {
    s.parse().unwrap_or(Ipv6Addr::UNSPECIFIED)
}

#[test]
fn ipv4_tcp_syn_has_every_field_where_rfc_791_and_9293_put_it() {
    let p = Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2])
        .ttl(63)
        .id(0x1234)
        .df()
        .tos(0x10)
        .tcp(
            Tcp::new(1234, 80)
                .seq(1)
                .flags(TcpFlags::SYN)
                .window(29200)
                .mss(1460),
        )
        .build();
    let mut zeroed = p.clone();
    zeroed[10..12].fill(0);
    zeroed[36..38].fill(0);
    #[rustfmt::skip]
    let expected = [
        0x45, 0x10, 0x00, 0x2c, // version 4, IHL 5, TOS 0x10, total length 44
        0x12, 0x34, 0x40, 0x00, // id 0x1234, DF, offset 0
        0x3f, 0x06, 0x00, 0x00, // TTL 63, protocol TCP, checksum (zeroed here)
        10, 0, 0, 1, 10, 0, 0, 2, // src, dst
        0x04, 0xd2, 0x00, 0x50, // ports 1234 → 80
        0, 0, 0, 1, 0, 0, 0, 0, // seq 1, ack 0
        0x60, 0x02, 0x72, 0x10, // data offset 6, SYN, window 29200
        0x00, 0x00, 0x00, 0x00, // checksum (zeroed here), urgent 0
        0x02, 0x04, 0x05, 0xb4, // MSS 1460
    ];
    assert_eq!(zeroed, expected);
}

#[test]
fn computed_checksums_verify() {
    let p = Ipv4::new([192, 168, 1, 1], [8, 8, 8, 8])
        .tcp(Tcp::new(5, 6).payload(b"odd"))
        .build();
    let seg = &p[20..];
    let tcp_ok = checksum::transport([192, 168, 1, 1].into(), [8, 8, 8, 8].into(), 6, seg);
    assert_eq!((checksum::checksum(&p[..20]), tcp_ok), (0, 0));
}

#[test]
fn overridden_checksums_are_written_as_given() {
    let p = Ipv4::new([1, 1, 1, 1], [2, 2, 2, 2])
        .checksum(0xbeef)
        .tcp(Tcp::new(1, 2).checksum(0xdead))
        .build();
    assert_eq!(
        (&p[10..12], &p[36..38]),
        (&[0xbe, 0xef][..], &[0xde, 0xad][..])
    );
}

#[test]
fn tcp_ae_flag_is_the_low_bit_of_byte_12() {
    let p = Tcp::new(1, 2)
        .flags(TcpFlags::AE | TcpFlags::CWR | TcpFlags::ACK)
        .build();
    assert_eq!((p[12], p[13]), (0x51, 0x90));
}

#[test]
fn tcp_options_are_written_in_order_and_padded_with_eol() {
    let p = Tcp::new(1, 2)
        .nop()
        .ws(7)
        .sack_perm()
        .ts(1, 2)
        .sack(&[(10, 20)])
        .opt_raw(30, &[9])
        .build();
    #[rustfmt::skip]
    let opts = [
        1, 3, 3, 7, 4, 2,             // NOP, WS 7, SACK-permitted
        8, 10, 0, 0, 0, 1, 0, 0, 0, 2, // TS 1 2
        5, 10, 0, 0, 0, 10, 0, 0, 0, 20, // SACK 10-20
        30, 3, 9,                       // raw kind 30
        0, 0, 0,                        // EOL padding to 32 bytes
    ];
    assert_eq!((p[12] >> 4, &p[20..]), (13, &opts[..]));
}

#[test]
fn ethertype_follows_the_next_layer() {
    let ip4 = Eth::new(A, B)
        .ipv4(Ipv4::new([1, 1, 1, 1], [2, 2, 2, 2]))
        .build();
    let ip6 = Eth::new(A, B).ipv6(Ipv6::new(v6("::1"), v6("::2"))).build();
    let arp = Eth::new(A, B)
        .arp(Arp::request(A, [1, 1, 1, 1], [1, 1, 1, 2]))
        .build();
    assert_eq!(
        [&ip4[12..14], &ip6[12..14], &arp[12..14]],
        [[0x08, 0x00], [0x86, 0xdd], [0x08, 0x06]]
    );
}

#[test]
fn ethernet_puts_destination_first() {
    let p = Eth::new(A, B).build();
    assert_eq!((&p[..6], &p[6..12]), (&B[..], &A[..]));
}

#[test]
fn qinq_chains_88a8_8100_then_the_payload_type() {
    let p = Eth::new(A, B)
        .qinq(100, 200)
        .ipv4(Ipv4::new([1, 1, 1, 1], [2, 2, 2, 2]))
        .build();
    #[rustfmt::skip]
    let tags = [
        0x88, 0xa8, 0x00, 100, // S-tag TPID, VID 100
        0x81, 0x00, 0x00, 200, // C-tag TPID, VID 200
        0x08, 0x00,            // IPv4
    ];
    assert_eq!(&p[12..22], &tags);
}

#[test]
fn vlan_tci_packs_pcp_dei_and_vid() {
    let p = Eth::new(A, B)
        .vlan(Vlan::new(0xabc).pcp(5).dei(true))
        .build();
    assert_eq!(&p[14..16], &[0xba, 0xbc]);
}

#[test]
fn ieee_802_3_length_counts_llc_and_payload() {
    let p = Eth::new(A, B)
        .llc(Llc::new(0x42, 0x42, 0x03))
        .payload(&[0; 35])
        .build();
    assert_eq!(
        (&p[12..14], &p[14..17]),
        (&[0, 38][..], &[0x42, 0x42, 0x03][..])
    );
}

#[test]
fn snap_with_oui_zero_carries_the_ethertype() {
    let p = Eth::new(A, B)
        .llc(Llc::snap([0, 0, 0]))
        .ipv4(Ipv4::new([1, 1, 1, 1], [2, 2, 2, 2]))
        .build();
    assert_eq!(&p[14..22], &[0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00]);
}

#[test]
fn sll_header_is_16_bytes_with_protocol_last() {
    let p = Sll::new(4, &A)
        .ipv6(Ipv6::new(v6("::1"), v6("::2")))
        .build();
    #[rustfmt::skip]
    let head = [
        0, 4, 0, 1, 0, 6,           // outgoing, ARPHRD_ETHER, address length 6
        2, 0, 0, 0, 0, 0x0a, 0, 0,  // address padded to 8
        0x86, 0xdd,                 // IPv6
    ];
    assert_eq!(&p[..16], &head);
}

#[test]
fn sll2_header_is_20_bytes_with_protocol_first() {
    let p = Sll2::new(3, 0, &A)
        .ipv4(Ipv4::new([1, 1, 1, 1], [2, 2, 2, 2]))
        .build();
    #[rustfmt::skip]
    let head = [
        0x08, 0x00, 0, 0,       // protocol IPv4, reserved
        0, 0, 0, 3,             // ifindex 3
        0, 1, 0, 6,             // ARPHRD_ETHER, to us, address length 6
        2, 0, 0, 0, 0, 0x0a, 0, 0,
    ];
    assert_eq!(&p[..20], &head);
}

#[test]
fn bsd_null_family_is_host_order_and_inferred() {
    let v4 = Null::new()
        .ipv4(Ipv4::new([1, 1, 1, 1], [2, 2, 2, 2]))
        .build();
    let v6be = Null::new()
        .big_endian()
        .ipv6(Ipv6::new(v6("::1"), v6("::2")))
        .build();
    assert_eq!(
        (&v4[..4], &v6be[..4]),
        (&[2, 0, 0, 0][..], &[0, 0, 0, 24][..])
    );
}

#[test]
fn ipv6_extension_headers_chain_and_pad_to_8() {
    let p = Ipv6::new(v6("2001:db8::1"), v6("2001:db8::2"))
        .hop_by_hop(&[5, 2, 0, 0]) // router alert
        .routing(0, 1, &[0; 4])
        .fragment(3, true, 0xabcd)
        .dest_opts(&[])
        .udp(Udp::new(1, 2))
        .build();
    #[rustfmt::skip]
    let exts = [
        43, 0, 5, 2, 0, 0, 1, 0,            // HBH → routing: router alert, PadN(0)
        44, 0, 0, 1, 0, 0, 0, 0,            // routing → fragment: type 0, 1 segment left
        60, 0, 0x00, 0x19, 0, 0, 0xab, 0xcd, // fragment → dest opts: offset 3, M, id
        17, 0, 1, 4, 0, 0, 0, 0,            // dest opts → UDP: PadN(4)
    ];
    assert_eq!(
        (p[6], u16::from_be_bytes([p[4], p[5]]), &p[40..72]),
        (0, 40, &exts[..])
    );
}

#[test]
fn udp_checksum_over_ipv6_verifies() {
    let (s, d) = (v6("fe80::1"), v6("ff02::fb"));
    let p = Ipv6::new(s, d)
        .udp(Udp::new(5353, 5353).payload(b"mdns"))
        .build();
    assert_eq!(checksum::transport(s.into(), d.into(), 17, &p[40..]), 0);
}

#[test]
fn icmp_port_unreachable_quotes_the_probe_and_verifies() {
    let probe = Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2])
        .udp(Udp::new(4000, 33434))
        .build();
    let p = Ipv4::new([10, 0, 0, 2], [10, 0, 0, 1])
        .icmp(Icmp::dest_unreachable(3, &probe))
        .build();
    assert_eq!(
        (p[9], p[20], p[21], checksum::checksum(&p[20..]), &p[28..]),
        (1, 3, 3, 0, &probe[..])
    );
}

#[test]
fn icmp_redirect_carries_the_gateway() {
    let p = Icmp::redirect(1, [10, 0, 0, 254], &[]).build();
    assert_eq!(&p[..8], &[5, 1, p[2], p[3], 10, 0, 0, 254]);
}

#[test]
fn icmp_frag_needed_carries_the_mtu() {
    let p = Icmp::dest_unreachable(4, &[]).mtu(1400).build();
    assert_eq!(&p[4..8], &[0, 0, 0x05, 0x78]);
}

#[test]
fn neighbor_solicitation_with_source_link_address_verifies() {
    let (s, d, t) = (v6("fe80::1"), v6("ff02::1:ff00:2"), v6("fe80::2"));
    let p = Ipv6::new(s, d)
        .hop_limit(255)
        .icmpv6(Icmpv6::neighbor_solicit(t).option(NdOption::SourceLinkAddr(A)))
        .build();
    let m = &p[40..];
    assert_eq!(
        (
            p[6],
            m[0],
            m.len(),
            &m[24..26],
            checksum::transport(s.into(), d.into(), 58, m)
        ),
        (58, 135, 32, &[1, 1][..], 0)
    );
}

#[test]
fn router_advertisement_lays_out_its_fixed_fields() {
    let p = Icmpv6::router_advert(64, 0x40, 1800, 0, 0)
        .option(NdOption::Mtu(1500))
        .build();
    assert_eq!(
        (&p[4..8], p.len()),
        (&[64, 0x40, 0x07, 0x08][..], 8 + 8 + 8)
    );
}

#[test]
fn arp_request_is_28_bytes() {
    let p = Arp::request(A, [10, 0, 0, 1], [10, 0, 0, 2]).build();
    assert_eq!((p.len(), &p[..8]), (28, &[0, 1, 8, 0, 6, 4, 0, 1][..]));
}

#[test]
fn trailer_and_padding_sit_outside_lengths() {
    let p = Eth::new(A, B)
        .ipv4(Ipv4::new([1, 1, 1, 1], [2, 2, 2, 2]))
        .pad_to(60)
        .build();
    assert_eq!((p.len(), u16::from_be_bytes([p[16], p[17]])), (60, 20));
}

#[test]
fn built_frames_decode_back_with_the_wire_walk() {
    let p = Eth::new(A, B)
        .vlan(Vlan::new(7))
        .ipv4(Ipv4::new([10, 0, 0, 1], [10, 0, 0, 2]))
        .tcp(
            Tcp::new(40000, 443)
                .seq(100)
                .ack(200)
                .flags(TcpFlags::ACK | TcpFlags::PSH)
                .payload(b"hello"),
        )
        .build();
    let d = decode(LinkType::ETHERNET.0, &p);
    let got = match d.transport {
        Trans::Tcp(t) => Some((
            t.src_port(),
            t.dst_port(),
            t.seq(),
            t.ack(),
            t.payload().len(),
        )),
        _ => None,
    };
    assert_eq!(
        (d.vlan_count, got, d.stop),
        (1, Some((40000, 443, 100, 200, 5)), None)
    );
}
