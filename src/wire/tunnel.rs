//! Encapsulations whose inner packet the walk follows: GRE (and the ERSPAN
//! port mirrors it carries), VXLAN, Geneve, GTP-U, Teredo, AYIYA, MPLS,
//! PPPoE, PPP and IP-in-IP — as Zeek does, so inner connections are tracked.

use super::field::{be16, byte};
use super::gre::{self, Gre};
use super::registry::{EtherType, IpProto, Port};

/// UDP tunnels: each endpoint sends its encapsulated packets on its own
/// (VXLAN and Geneve pick the source port from the inner flow's hash), so
/// nothing answers on the outer socket pair.
pub const UDP_TUNNEL_PORTS: [(Port, &str); 5] = [
    (Port::VXLAN, "VXLAN"),
    (Port::GENEVE, "Geneve"),
    (Port::GTP_U, "GTP-U"),
    (Port::TEREDO, "Teredo"),
    (Port::AYIYA, "AYIYA"),
];

/// The UDP tunnel a datagram between these ports belongs to, by its port.
pub fn udp_tunnel(sport: u16, dport: u16) -> Option<&'static str> {
    UDP_TUNNEL_PORTS.iter().find(|(p, _)| p.0 == dport || p.0 == sport).map(|&(_, name)| name)
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
    /// An MPLS label stack.
    Mpls,
}

/// GRE (RFC 2784/2890, and PPTP's enhanced GRE v1): header length and inner
/// protocol, read through the same [`Gre`] view the printer formats, so the
/// walk and tcpdump's output agree on where the payload starts.
pub fn gre(d: &[u8]) -> Option<(usize, Inner)> {
    let g = Gre::new(d);
    let (flags, proto) = (g.flags()?, EtherType(g.proto()?));
    if g.version()? > 1 {
        return None;
    }
    let len = g.header_len();
    if d.len() < len {
        return None;
    }
    let inner = match proto {
        EtherType::TEB => Inner::Ethernet,
        EtherType::IPV4 | EtherType::IPV6 => Inner::Ip,
        EtherType::MPLS | EtherType::MPLS_MULTICAST => Inner::Mpls,
        EtherType::PPP => Inner::PppProto(0), // PPP follows; its protocol field is read next
        // A switch's port mirror: the mirrored Ethernet frame after the ERSPAN header.
        EtherType::ERSPAN_II | EtherType::ERSPAN_III => {
            return Some((len + erspan(proto, flags & gre::flag::SEQ != 0, &d[len..])?, Inner::Ethernet))
        }
        _ => return None,
    };
    Some((len, inner))
}

/// Length of the ERSPAN header before the mirrored frame: type I has none
/// (its GRE header carries no sequence number), type II 8 bytes, type III
/// 12, or 20 with the platform-specific subheader (the O flag).
fn erspan(proto: EtherType, gre_seq: bool, d: &[u8]) -> Option<usize> {
    // ERSPAN types I and II share GRE protocol 0x88be (Cisco's port mirroring).
    let len = match proto {
        EtherType::ERSPAN_II if !gre_seq => 0,
        EtherType::ERSPAN_II => 8,
        _ if d.len() >= 12 && byte(d, 11) & 1 == 1 => 20,
        _ => 12,
    };
    (d.len() >= len).then_some(len)
}

/// What a Geneve header (RFC 8926) carries: its length with options, and the inner protocol.
pub fn geneve(d: &[u8]) -> Option<(usize, Inner)> {
    if d.len() < 8 || byte(d, 0) >> 6 != 0 {
        return None;
    }
    let len = 8 + (byte(d, 0) & 0x3f) as usize * 4;
    let inner = match EtherType(be16(d, 2)) {
        EtherType::TEB => Inner::Ethernet,
        EtherType::IPV4 | EtherType::IPV6 => Inner::Ip,
        _ => return None,
    };
    (d.len() >= len).then_some((len, inner))
}

/// GTP-U (3GPP TS 29.281): the length of the header before a T-PDU's
/// user IP packet, with the optional fields and the extension header
/// chain; None for signalling messages (echo, error indication, end marker).
pub fn gtp_u(d: &[u8]) -> Option<usize> {
    let flags = byte(d, 0);
    // Version 1, protocol type GTP, message type 255 (a T-PDU).
    if d.len() < 8 || flags >> 5 != 1 || flags & 0x10 == 0 || byte(d, 1) != 0xff {
        return None;
    }
    if flags & 0x07 == 0 {
        return Some(8);
    }
    // Sequence number, N-PDU number, next extension header type.
    let mut off = 12;
    let mut next = byte(d, 11);
    if flags & 0x04 != 0 {
        while next != 0 {
            // Each extension: a length in 4-byte units, content, the next type.
            let units = *d.get(off)? as usize;
            if units == 0 {
                return None;
            }
            off += units * 4;
            next = *d.get(off.checked_sub(1)?)?;
        }
    }
    (d.len() >= off).then_some(off)
}

/// MPLS label stack (RFC 3032): its length up to the bottom-of-stack
/// label, and what follows it. Nothing names the payload's protocol: as
/// tcpdump and Wireshark do, the IPv4/IPv6 explicit-null labels decide, else
/// the first nibble (4 or 6 for IP; 0 for a pseudowire control word
/// before an Ethernet frame).
pub fn mpls(d: &[u8]) -> Option<(usize, MplsPayload)> {
    let mut off = 0;
    loop {
        if d.len() < off + 4 || off >= 4 * MAX_MPLS_LABELS {
            return None;
        }
        let label = (be16(d, off) as u32) << 4 | (byte(d, off + 2) >> 4) as u32;
        let bottom = byte(d, off + 2) & 1 == 1;
        off += 4;
        if !bottom {
            continue;
        }
        let payload = match (label, byte(d, off) >> 4) {
            // The explicit-null labels name the family outright.
            (0, _) => MplsPayload::Ipv4,
            (2, _) => MplsPayload::Ipv6,
            (_, 4) => MplsPayload::Ipv4,
            (_, 6) => MplsPayload::Ipv6,
            (_, 0) if d.len() >= off + 4 + 14 => return Some((off + 4, MplsPayload::Ethernet)),
            _ => return None,
        };
        return Some((off, payload));
    }
}

/// Labels read at most before giving up on a stack.
const MAX_MPLS_LABELS: usize = 16;

/// What an MPLS label stack carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MplsPayload {
    Ipv4,
    Ipv6,
    /// An Ethernet pseudowire (RFC 4448), after its control word.
    Ethernet,
}

/// The packet a Linux NFLOG record (link type 239) carries: its bounds in
/// the record and its EtherType, from the address family and the payload TLV.
pub fn nflog(d: &[u8]) -> Option<(usize, usize, u16)> {
    let et = match byte(d, 0) {
        2 => EtherType::IPV4.0,  // Linux AF_INET
        10 => EtherType::IPV6.0, // Linux AF_INET6
        _ => return None,
    };
    // TLVs after the 4-byte header: length (with its own 4 bytes) and
    // type, both little-endian (host order), padded to 4 bytes.
    let mut off = 4;
    while d.len() >= off + 4 {
        let len = u16::from_le_bytes([byte(d, off), byte(d, off + 1)]) as usize;
        let kind = u16::from_le_bytes([byte(d, off + 2), byte(d, off + 3)]);
        if len < 4 || d.len() < off + len {
            return None;
        }
        if kind == NFULA_PAYLOAD {
            return Some((off + 4, off + len, et));
        }
        off += len.div_ceil(4) * 4;
    }
    None
}

/// NFLOG's TLV type of the logged packet.
const NFULA_PAYLOAD: u16 = 9;

/// Cisco HDLC (link type 104): address, control, then an EtherType.
pub fn chdlc(d: &[u8]) -> Option<(usize, u16)> {
    (d.len() >= 4 && matches!(byte(d, 0), 0x0f | 0x8f)).then(|| (4, be16(d, 2)))
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
    let plausible_next = matches!(
        IpProto(byte(ip, 6)),
        IpProto::HOPOPT
            | IpProto::TCP
            | IpProto::UDP
            | IpProto::IPV6_ROUTE
            | IpProto::IPV6_FRAG
            | IpProto::ICMPV6
            | IpProto::IPV6_NONXT
            | IpProto::IPV6_OPTS
    );
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
    (matches!(IpProto(next), IpProto::IPIP | IpProto::IPV6) && d.len() >= len).then_some(len)
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
        0x0021 => Some(EtherType::IPV4.0),
        0x0057 => Some(EtherType::IPV6.0),
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
    fn pptp_gre_with_sequence_and_ack_is_sixteen_bytes() {
        // Version 1, K S A set, PPP; payload length and call id, seq 1, ack 2.
        let d = [0x30, 0x81, 0x88, 0x0b, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2];
        assert_eq!(gre(&d), Some((16, Inner::PppProto(0))));
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

    #[test]
    fn an_mpls_stack_without_a_bottom_label_is_not_followed() {
        // 17 labels, none marked bottom of stack.
        assert_eq!(mpls(&[0x00, 0x01, 0x00, 0x40].repeat(17)), None);
        assert_eq!(mpls(&[0x00, 0x01, 0x00]), None, "a label cut short");
    }

    #[test]
    fn an_mpls_explicit_null_label_names_the_payload() {
        assert_eq!(mpls(&[0x00, 0x00, 0x21, 0x40, 0x45]), Some((4, MplsPayload::Ipv6)));
        assert_eq!(mpls(&[0x00, 0x00, 0x01, 0x40, 0x60]), Some((4, MplsPayload::Ipv4)));
    }

    #[test]
    fn a_gtp_u_extension_of_length_zero_is_refused() {
        // E flag, next extension type 0x85, then an extension whose length is 0.
        assert_eq!(gtp_u(&[0x34, 0xff, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0x85, 0, 0, 0, 0]), None);
    }

    #[test]
    fn gtp_u_signalling_is_not_a_t_pdu() {
        // An echo request (message type 1).
        assert_eq!(gtp_u(&[0x32, 0x01, 0, 4, 0, 0, 0, 0, 0, 1, 0, 0]), None);
    }

    #[test]
    fn an_nflog_tlv_longer_than_the_record_ends_the_walk() {
        assert_eq!(nflog(&[2, 0, 0, 5, 0xff, 0x00, 9, 0, 0x45]), None);
        assert_eq!(nflog(&[2, 0, 0, 5, 0x02, 0x00, 9, 0]), None, "a TLV shorter than its own header");
    }

    #[test]
    fn erspan_type_i_has_no_header_of_its_own() {
        // GRE without a sequence number, protocol 0x88be: the frame follows at once.
        assert_eq!(gre(&[0x00, 0x00, 0x88, 0xbe, 0xaa]), Some((4, Inner::Ethernet)));
    }
}
