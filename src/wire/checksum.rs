//! The Internet checksum (RFC 1071) and the pseudo-headers of RFC 793/768/2460.

use std::net::IpAddr;

/// One's-complement sum of `data` folded into 32 bits, not yet complemented.
pub fn sum(acc: u32, data: &[u8]) -> u32 {
    // RFC 1071 §2(B): the sum may be taken over 32-bit words in a wider
    // accumulator and folded at the end; 2^16 ≡ 1 (mod 0xffff).
    let mut wide = acc as u64;
    let mut words = data.chunks_exact(4);
    for w in &mut words {
        wide += u32::from_be_bytes([w[0], w[1], w[2], w[3]]) as u64;
    }
    let mut rest = words.remainder().chunks_exact(2);
    for c in &mut rest {
        wide += u16::from_be_bytes([c[0], c[1]]) as u64;
    }
    if let [last] = rest.remainder() {
        wide += (*last as u64) << 8;
    }
    while wide >> 32 != 0 {
        wide = (wide & 0xffff_ffff) + (wide >> 32);
    }
    // Keep the result small so callers may keep adding u32 terms.
    let mut narrow = wide as u32;
    while narrow >> 17 != 0 {
        narrow = (narrow & 0xffff) + (narrow >> 16);
    }
    narrow
}

/// Folds a 32-bit partial sum to 16 bits and complements it.
pub fn finish(mut acc: u32) -> u16 {
    while acc >> 16 != 0 {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    !(acc as u16)
}

/// The checksum of `data` alone (IPv4 header, ICMPv4).
pub fn checksum(data: &[u8]) -> u16 {
    finish(sum(0, data))
}

/// The value a checksum field holding `field` should have held, given the
/// checksum `computed` over the data with that field in place (tcpdump's
/// `in_cksum_shouldbe`; RFC 1624 §3 incremental update with the field's
/// own contribution taken back out).
pub fn should_be(field: u16, computed: u16) -> u16 {
    !finish(u32::from(field) + u32::from(computed))
}

/// Partial sum of the pseudo-header for a transport segment of `len` bytes.
pub fn pseudo_header(src: IpAddr, dst: IpAddr, proto: u8, len: u32) -> u32 {
    let mut acc = 0u32;
    match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            acc = sum(acc, &s.octets());
            acc = sum(acc, &d.octets());
            acc = acc.wrapping_add(proto as u32).wrapping_add(len & 0xffff);
        }
        _ => {
            acc = sum(acc, &ip_octets16(src));
            acc = sum(acc, &ip_octets16(dst));
            acc = acc.wrapping_add(len >> 16).wrapping_add(len & 0xffff).wrapping_add(proto as u32);
        }
    }
    acc
}

fn ip_octets16(a: IpAddr) -> [u8; 16] {
    match a {
        IpAddr::V4(v) => v.to_ipv6_mapped().octets(),
        IpAddr::V6(v) => v.octets(),
    }
}

/// Checksum of a transport segment with its pseudo-header; 0 means "verifies".
pub fn transport(src: IpAddr, dst: IpAddr, proto: u8, segment: &[u8]) -> u16 {
    finish(sum(pseudo_header(src, dst, proto, segment.len() as u32), segment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1071_example_sums_to_ddf2() {
        // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2 (complement 0x220d).
        assert_eq!(checksum(&[0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]), 0x220d);
    }

    #[test]
    fn word_sum_equals_halfword_sum() {
        let data: Vec<u8> = (0..1031u32).map(|i| (i * 37 % 251) as u8).collect();
        let mut half = 0u32;
        for c in data.chunks(2) {
            half += u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]) as u32;
        }
        for start in 0..5 {
            let d = &data[start * 2..];
            let mut h = 0u32;
            for c in d.chunks(2) {
                h += u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]) as u32;
            }
            assert_eq!(finish(sum(7, d)), finish(h + 7));
        }
        assert_eq!(finish(sum(0, &data)), finish(half));
    }

    #[test]
    fn should_be_is_the_checksum_computed_with_the_field_zeroed() {
        let mut hdr = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x12, 0x34, // ver..csum (wrong)
            0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7, // src, dst
        ];
        let computed = checksum(&hdr);
        let field = u16::from_be_bytes([hdr[10], hdr[11]]);
        hdr[10..12].copy_from_slice(&[0, 0]);
        assert_eq!(should_be(field, computed), checksum(&hdr));
    }

    #[test]
    fn valid_ipv4_header_verifies_to_zero() {
        let hdr = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xb8, 0x61, // ver..csum
            0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7, // src, dst
        ];
        assert_eq!(checksum(&hdr), 0);
    }
}
