//! The compiler against programs tcpdump 4.99 / libpcap 1.10 printed with
//! `tcpdump -d -O` for an Ethernet file of snapshot length 10000, and the
//! errors users see.

use super::*;

fn dump(expr: &str) -> String {
    Program::compile(expr, 1, 10000).unwrap().dump()
}

fn err(expr: &str) -> FilterError {
    Program::compile(expr, 1, 10000).unwrap_err()
}

#[test]
fn tcp_port_80_is_laid_out_as_tcpdump_lists_it() {
    let want = "\
(000) ldh      [12]
(001) jeq      #0x86dd          jt 2\tjf 8
(002) ldb      [20]
(003) jeq      #0x6             jt 4\tjf 8
(004) ldh      [54]
(005) jeq      #0x50            jt 20\tjf 6
(006) ldh      [56]
(007) jeq      #0x50            jt 20\tjf 8
(008) ldh      [12]
(009) jeq      #0x800           jt 10\tjf 21
(010) ldb      [23]
(011) jeq      #0x6             jt 12\tjf 21
(012) ldh      [20]
(013) jset     #0x1fff          jt 21\tjf 14
(014) ldxb     4*([14]&0xf)
(015) ldh      [x + 14]
(016) jeq      #0x50            jt 20\tjf 17
(017) ldxb     4*([14]&0xf)
(018) ldh      [x + 16]
(019) jeq      #0x50            jt 20\tjf 21
(020) ret      #10000
(021) ret      #0
";
    assert_eq!(dump("tcp port 80"), want);
}

#[test]
fn vlan_shifts_the_offsets_of_what_follows() {
    let want = "\
(000) ldh      [12]
(001) jeq      #0x8100          jt 6\tjf 2
(002) ldh      [12]
(003) jeq      #0x88a8          jt 6\tjf 4
(004) ldh      [12]
(005) jeq      #0x9100          jt 6\tjf 12
(006) ldh      [14]
(007) and      #0xfff
(008) jeq      #0xa             jt 9\tjf 12
(009) ldh      [16]
(010) jeq      #0x800           jt 11\tjf 12
(011) ret      #10000
(012) ret      #0
";
    assert_eq!(dump("vlan 10 and ip"), want);
}

#[test]
fn arithmetic_uses_scratch_registers_as_libpcap_does() {
    let want = "\
(000) ld       #pktlen
(001) st       M[0]
(002) ld       #0x4
(003) st       M[1]
(004) ldx      M[1]
(005) ld       M[0]
(006) sub      x
(007) st       M[1]
(008) ld       #0x3
(009) st       M[2]
(010) ld       #0x2
(011) st       M[3]
(012) ldx      M[3]
(013) ld       M[2]
(014) div      x
(015) st       M[3]
(016) ldx      M[3]
(017) ld       M[1]
(018) jgt      x                jt 19\tjf 20
(019) ret      #10000
(020) ret      #0
";
    assert_eq!(dump("len - 4 > 3 / 2"), want);
}

#[test]
fn protochain_is_libpcaps_loop() {
    let d = dump("ip6 protochain 6");
    assert!(d.contains("(018) ja       4\n"), "{d}");
    assert!(d.contains("(031) ja       4\n"), "{d}");
    assert!(d.contains("(033) jeq      #0x6             jt 34\tjf 35\n"), "{d}");
}

#[test]
fn xor_takes_the_rest_of_the_expression_as_its_right_operand() {
    // libpcap computes 2 ^ 3 first in both: '^' has no precedence in grammar.y.
    let a = dump("len & 2 ^ 3 = 0");
    assert!(a.contains("(008) xor      x\n") && a.contains("(012) and      x\n"), "{a}");
}

#[test]
fn a_bare_value_takes_the_qualifiers_before_it() {
    let p = Program::compile("host 1.1.1.1 and port 80 or 443", 1, 10000).unwrap();
    assert!(p.dump().contains("#0x1bb"));
}

#[test]
fn errors_name_the_column_and_what_was_expected() {
    assert_eq!(err("tcp port").column, 9);
    assert!(err("tcp port").message.contains("expected"), "{}", err("tcp port").message);
    assert_eq!(err("port 70000").message, "illegal port number 70000 > 65535");
    assert_eq!(err("net 10.0.0.1/8").message, "non-network bits set in \"10.0.0.1/8\"");
    assert_eq!(err("ip[1] / 0 = 1").message, "division by zero");
    assert_eq!(err("ip[1:3] = 1").message, "data size must be 1, 2, or 4");
    assert_eq!(err("tcp and (udp").column, 13);
    assert_eq!(err("host 1.2.3.4 or tcp and 22").column, 25);
}

#[test]
fn link_types_have_their_own_offsets() {
    let sll2 = Program::compile("ip", 276, 65535).unwrap().dump();
    assert!(sll2.starts_with("(000) ldh      [0]\n(001) jeq      #0x800"), "{sll2}");
    let raw = Program::compile("ip6", 101, 65535).unwrap().dump();
    assert!(raw.contains("and      #0xf0") && raw.contains("#0x60"), "{raw}");
    let e = Program::compile("vlan", 113, 65535).unwrap_err();
    assert_eq!(e.message, "no VLAN support for Linux cooked v1");
}

/// A small deterministic generator (xorshift) for the robustness tests.
fn rng(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn random_token_soup_compiles_or_errors_and_never_panics() {
    const WORDS: &[&str] = &[
        "tcp", "udp", "ip", "ip6", "host", "net", "port", "portrange", "src", "dst", "and", "or", "not", "(",
        ")", "[", "]", ":", "+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "=", "!=", "<", ">", "len",
        "vlan", "mpls", "10.0.0.1", "10/8", "fe80::1", "0:1:2:3:4:5", "80", "0", "4", "65536", "1-2", "proto",
        "protochain", "ether", "broadcast", "multicast", "less", "greater", "icmp6", "mask", "255.0.0.0", "\\tcp",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let pkt: Vec<u8> = (0..120u8).map(|b| b.wrapping_mul(37)).collect();
    for _ in 0..4_000 {
        let n = 1 + rng(&mut seed) % 9;
        let expr: Vec<&str> = (0..n).map(|_| WORDS[(rng(&mut seed) % WORDS.len() as u64) as usize]).collect();
        let expr = expr.join(" ");
        for lt in [1, 113, 276, 101, 0] {
            if let Ok(p) = Program::compile(&expr, lt, 0) {
                let _ = p.matches(&pkt, 120);
                let _ = p.matches(&pkt[..20], 120);
            }
        }
    }
}

#[test]
fn random_programs_always_end() {
    let mut seed = 0x1234_5678_9abc_def1u64;
    let pkt = [0x45u8; 64];
    for _ in 0..20_000 {
        let n = 1 + rng(&mut seed) % 12;
        let prog: Vec<Insn> = (0..n)
            .map(|_| {
                let r = rng(&mut seed);
                Insn { code: (r & 0xff) as u16, jt: (r >> 8) as u8 % 4, jf: (r >> 16) as u8 % 4, k: (r >> 32) as u32 % 70 }
            })
            .collect();
        let _ = bpf::run(&prog, &pkt, 64);
        let _ = bpf::dump(&prog);
    }
}

#[test]
fn the_80211_primitives_are_refused_on_ethernet_as_libpcap_refuses_them() {
    assert_eq!(err("type mgt").message, "802.11 link-layer types supported only on 802.11");
    assert_eq!(err("dir tods").message, "frame direction supported only with 802.11 headers");
    assert_eq!(err("wlan addr1 02:00:00:00:00:01").message, "'addr1' is only supported on 802.11 with 802.11 headers");
}

#[test]
fn a_subtype_name_alone_finds_its_type_and_a_type_limits_the_names() {
    let beacon = |expr: &str| {
        let mut f = Filter::new(expr, Some(105)).unwrap();
        // A beacon's frame control, then the rest of a 24-byte header.
        let mut frame = vec![0x80, 0x00];
        frame.resize(24, 0);
        f.matches(105, &frame, 24)
    };
    assert!(beacon("subtype beacon") && beacon("type mgt subtype beacon") && !beacon("subtype probe-resp"));
    let wrong = Filter::new("type ctl subtype beacon", Some(105)).unwrap_err();
    assert_eq!(wrong.message, "unknown 802.11 subtype name \"beacon\"");
}
