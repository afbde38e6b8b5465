//! Encapsulations whose inner packet the walk follows: GRE, VXLAN, Teredo,
//! AYIYA, PPPoE, PPP and IP-in-IP — as Zeek does, so inner connections are tracked.

use super::field::{be16, byte};

/// UDP port of VXLAN (RFC 7348).
pub const VXLAN_PORT: u16 = 4789;
/// UDP port of Teredo (RFC 4380).
pub const TEREDO_PORT: u16 = 3544;
/// UDP port of AYIYA.
pub const AYIYA_PORT: u16 = 5072;
/// UDP port of Geneve (RFC 8926).
pub const GENEVE_PORT: u16 = 6081;
/// UDP port of GTP-U, the user plane of mobile networks (3GPP TS 29.281).
pub const GTP_U_PORT: u16 = 2152;

/// UDP tunnels: each endpoint sends its encapsulated packets on its own
/// (VXLAN and Geneve pick the source port from the inner flow's hash), so
/// nothing answers on the outer socket pair.
pub const UDP_TUNNEL_PORTS: [(u16, &str); 5] =
    [(VXLAN_PORT, "VXLAN"), (GENEVE_PORT, "Geneve"), (GTP_U_PORT, "GTP-U"), (TEREDO_PORT, "Teredo"), (AYIYA_PORT, "AYIYA")];

/// The UDP tunnel a datagram between these ports belongs to, by its port.
pub fn udp_tunnel(sport: u16, dport: u16) -> Option<&'static str> {
    UDP_TUNNEL_PORTS.iter().find(|(p, _)| *p == dport || *p == sport).map(|&(_, name)| name)
}

/// What the inner packet starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inner {
    /// An Ethernet frame.
    Ethernet,
    /// An IP packet (version nibble decides).
    Ip,
    /// A PPP frame whose protocol field is the given value.
    PppProto(u16),
}

/// GRE (RFC 2784/2890, and PPTP's enhanced GRE v1): header length and inner protocol.
pub fn gre(d: &[u8]) -> Option<(usize, Inner)> {
    if d.len() < 4 {
        return None;
    }
    let flags = be16(d, 0);
    let version = flags & 7;
    let proto = be16(d, 2);
    let mut len = 4;
    if version == 0 {
        len += if flags & 0x8000 != 0 { 4 } else { 0 }; // checksum + reserved
        len += if flags & 0x2000 != 0 { 4 } else { 0 }; // key
        len += if flags & 0x1000 != 0 { 4 } else { 0 }; // sequence
    } else if version == 1 {
        len += 4; // payload length + call id
        len += if flags & 0x1000 != 0 { 4 } else { 0 };
        len += if flags & 0x0080 != 0 { 4 } else { 0 }; // ack
    } else {
        return None;
    }
    if d.len() < len {
        return None;
    }
    let inner = match proto {
        0x6558 => Inner::Ethernet,
        0x0800 | 0x86dd => Inner::Ip,
        0x880b => Inner::PppProto(0), // PPP follows; its protocol field is read next
        _ => return None,
    };
    Some((len, inner))
}

/// VXLAN: 8-byte header with the I flag set, then an Ethernet frame.
pub fn vxlan(d: &[u8]) -> Option<usize> {
    (d.len() >= 8 && byte(d, 0) & 0x08 != 0).then_some(8)
}

/// Teredo: optional authentication and origin-indication headers, then IPv6.
pub fn teredo(d: &[u8]) -> Option<usize> {
    let mut off = 0;
    if be16(d, 0) == 0x0001 {
        // Authentication: id len, auth len, then id, auth, nonce(8), confirmation(1).
        let id_len = byte(d, 2) as usize;
        let au_len = byte(d, 3) as usize;
        off += 4 + id_len + au_len + 9;
    }
    if be16(d, off) == 0x0000 && d.len() >= off + 8 {
        off += 8; // origin indication
    }
    let v = byte(d, off) >> 4;
    (v == 6 && d.len() >= off + 40).then_some(off)
}

/// Teredo away from port 3544 (client ↔ relay or peer traffic): accepted only
/// when the payload is exactly one IPv6 packet whose length fields agree and
/// one address is a Teredo (2001:0::/32) or link-local one, so that random
/// UDP payloads are not mistaken for tunnels.
pub fn teredo_on_any_port(d: &[u8]) -> Option<usize> {
    let off = teredo(d)?;
    let ip = &d[off..];
    let exact = 40 + be16(ip, 4) as usize == ip.len();
    let teredo_or_ll = |a: &[u8]| a[..4] == [0x20, 0x01, 0, 0] || a[..2] == [0xfe, 0x80];
    let plausible_next = matches!(byte(ip, 6), 0 | 6 | 17 | 43 | 44 | 58 | 59 | 60);
    (exact && plausible_next && (teredo_or_ll(&ip[8..24]) || teredo_or_ll(&ip[24..40]))).then_some(off)
}

/// AYIYA: header length from the id/signature lengths, inner IP by next header.
pub fn ayiya(d: &[u8]) -> Option<usize> {
    if d.len() < 8 {
        return None;
    }
    let id_len = 1usize << (byte(d, 0) >> 4);
    let sig_len = (byte(d, 1) >> 4) as usize * 4;
    let next = byte(d, 3);
    let len = 8 + id_len + sig_len;
    (matches!(next, 4 | 41) && d.len() >= len).then_some(len)
}

/// PPPoE session header (6 bytes) followed by a 2-byte PPP protocol.
pub fn pppoe_session(d: &[u8]) -> Option<(usize, u16)> {
    (d.len() >= 8 && byte(d, 0) == 0x11 && byte(d, 1) == 0x00).then(|| (8, be16(d, 6)))
}

/// PPP: optional HDLC address/control (ff 03), then a 1- or 2-byte protocol.
pub fn ppp(d: &[u8]) -> Option<(usize, u16)> {
    let mut off = 0;
    if byte(d, 0) == 0xff && byte(d, 1) == 0x03 {
        off = 2;
    }
    let first = *d.get(off)?;
    if first & 1 == 1 {
        return Some((off + 1, first as u16)); // compressed protocol field
    }
    (d.len() >= off + 2).then(|| (off + 2, be16(d, off)))
}

/// EtherType-like meaning of a PPP protocol number.
pub fn ppp_to_ethertype(p: u16) -> Option<u16> {
    match p {
        0x0021 => Some(0x0800),
        0x0057 => Some(0x86dd),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gre_with_key_is_eight_bytes() {
        assert_eq!(gre(&[0x20, 0x00, 0x08, 0x00, 0, 0, 0, 1]), Some((8, Inner::Ip)));
    }

    #[test]
    fn random_udp_payload_is_not_teredo() {
        let mut p = vec![0x60u8; 48];
        p[4..6].copy_from_slice(&[0, 9]); // payload length 9 ≠ 8 bytes present
        assert_eq!(teredo_on_any_port(&p), None);
    }

    #[test]
    fn ppp_with_hdlc_header_and_ipv4() {
        assert_eq!(ppp(&[0xff, 0x03, 0x00, 0x21]), Some((4, 0x0021)));
    }
}
