//! EtherType registry (IEEE 802 numbers in the Ethernet type/length field).
//!
//! Names come in two flavours, both generated into `data/ethertype.rs`:
//! Wireshark's (`tshark -G values`, field `eth.type`) for detail views, and
//! tcpdump 4.99's `ethertype_values` (probed from the real binary) for
//! tcpdump-compatible lines such as `ethertype IPv4 (0x0800)`.

use std::fmt;

mod data {
    include!("data/ethertype.rs");
}

/// A 16-bit EtherType value; values of 1500 and below are 802.3 lengths instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EtherType(pub u16);

impl EtherType {
    /// Internet Protocol version 4 (RFC 894).
    pub const IPV4: EtherType = EtherType(0x0800);
    /// Address Resolution Protocol (RFC 826).
    pub const ARP: EtherType = EtherType(0x0806);
    /// Wake-on-LAN magic packet.
    pub const WAKE_ON_LAN: EtherType = EtherType(0x0842);
    /// Transparent Ethernet bridging (GRE and NVGRE payloads).
    pub const TEB: EtherType = EtherType(0x6558);
    /// Reverse ARP (RFC 903).
    pub const RARP: EtherType = EtherType(0x8035);
    /// AppleTalk (EtherTalk).
    pub const APPLETALK: EtherType = EtherType(0x809b);
    /// AppleTalk ARP.
    pub const AARP: EtherType = EtherType(0x80f3);
    /// IEEE 802.1Q VLAN tag (C-tag).
    pub const VLAN: EtherType = EtherType(0x8100);
    /// Novell IPX.
    pub const IPX: EtherType = EtherType(0x8137);
    /// Internet Protocol version 6 (RFC 2464).
    pub const IPV6: EtherType = EtherType(0x86dd);
    /// IEEE 802.3 Ethernet flow control (MAC control, PAUSE frames).
    pub const MAC_CONTROL: EtherType = EtherType(0x8808);
    /// IEEE 802.3 slow protocols (LACP, marker, OAM).
    pub const SLOW_PROTOCOLS: EtherType = EtherType(0x8809);
    /// MPLS unicast (RFC 3032).
    pub const MPLS: EtherType = EtherType(0x8847);
    /// MPLS multicast (RFC 5332).
    pub const MPLS_MULTICAST: EtherType = EtherType(0x8848);
    /// PPP over Ethernet discovery stage (RFC 2516).
    pub const PPPOE_DISCOVERY: EtherType = EtherType(0x8863);
    /// PPP over Ethernet session stage (RFC 2516).
    pub const PPPOE_SESSION: EtherType = EtherType(0x8864);
    /// IEEE 802.1X EAP over LAN.
    pub const EAPOL: EtherType = EtherType(0x888e);
    /// IEEE 802.1ad provider bridging S-tag (Q-in-Q).
    pub const QINQ: EtherType = EtherType(0x88a8);
    /// IEEE 802.1AB Link Layer Discovery Protocol.
    pub const LLDP: EtherType = EtherType(0x88cc);
    /// IEEE 802.1AE MAC security.
    pub const MACSEC: EtherType = EtherType(0x88e5);
    /// IEEE 802.1ah provider backbone bridging (MAC-in-MAC).
    pub const PBB: EtherType = EtherType(0x88e7);
    /// IEEE 1588 Precision Time Protocol over Ethernet.
    pub const PTP: EtherType = EtherType(0x88f7);
    /// IEEE 802.1ag connectivity fault management.
    pub const CFM: EtherType = EtherType(0x8902);
    /// Network Service Header (RFC 8300).
    pub const NSH: EtherType = EtherType(0x894f);
    /// Configuration test protocol (loopback).
    pub const LOOPBACK: EtherType = EtherType(0x9000);
    /// Pre-standard Q-in-Q outer tag 0x9100.
    pub const VLAN_9100: EtherType = EtherType(0x9100);
    /// Pre-standard Q-in-Q outer tag 0x9200.
    pub const VLAN_9200: EtherType = EtherType(0x9200);

    /// Largest type/length value that is an 802.3 payload length, not a type.
    pub const MAX_LENGTH: u16 = 1500;

    /// The generated (Wireshark name, tcpdump name) row for this value.
    fn row(self) -> Option<(Option<&'static str>, Option<&'static str>)> {
        let i = data::NAMES.binary_search_by_key(&self.0, |r| r.0).ok()?;
        Some((data::NAMES[i].1, data::NAMES[i].2))
    }

    /// Wireshark's name ("IPv4", "ARP", "802.1Q Virtual LAN"), if registered.
    pub fn name(self) -> Option<&'static str> {
        self.row()?.0
    }

    /// tcpdump's name ("IPv4", "802.1Q", "802.1Q-QinQ"); tcpdump prints "Unknown" otherwise.
    pub fn tcpdump_name(self) -> Option<&'static str> {
        self.row()?.1
    }

    /// True when the field holds an 802.3 length (≤ 1500) rather than a type.
    pub fn is_length(self) -> bool {
        self.0 <= Self::MAX_LENGTH
    }

    /// True for the VLAN tag types tcpdump unwraps (0x8100, 0x88a8, 0x9100, 0x9200).
    pub fn is_vlan_tag(self) -> bool {
        matches!(
            self,
            Self::VLAN | Self::QINQ | Self::VLAN_9100 | Self::VLAN_9200
        )
    }
}

impl From<u16> for EtherType {
    fn from(value: u16) -> Self {
        EtherType(value)
    }
}

impl From<EtherType> for u16 {
    fn from(value: EtherType) -> Self {
        value.0
    }
}

impl fmt::Display for EtherType {
    /// The Wireshark name, or `0x` and four hex digits when unregistered.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "0x{:04x}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcpdump_names_match_tcpdump_e_output() {
        assert_eq!(EtherType::IPV4.tcpdump_name(), Some("IPv4"));
        assert_eq!(EtherType::ARP.tcpdump_name(), Some("ARP"));
        assert_eq!(EtherType::VLAN.tcpdump_name(), Some("802.1Q"));
        assert_eq!(EtherType::QINQ.tcpdump_name(), Some("802.1Q-QinQ"));
        assert_eq!(EtherType::IPV6.tcpdump_name(), Some("IPv6"));
        assert_eq!(EtherType::VLAN_9100.tcpdump_name(), Some("802.1Q-9100"));
        assert_eq!(EtherType(0x1234).tcpdump_name(), None);
    }

    #[test]
    fn wireshark_names() {
        assert_eq!(EtherType::IPV4.name(), Some("IPv4"));
        assert_eq!(EtherType::VLAN.name(), Some("802.1Q Virtual LAN"));
        assert_eq!(EtherType::PPPOE_SESSION.name(), Some("PPPoE Session"));
        assert_eq!(EtherType::IPV6.to_string(), "IPv6");
        assert_eq!(EtherType(0x1234).to_string(), "0x1234");
    }

    #[test]
    fn length_and_vlan_helpers() {
        assert!(EtherType(46).is_length());
        assert!(!EtherType::IPV4.is_length());
        assert!(EtherType::QINQ.is_vlan_tag());
        assert!(!EtherType::MPLS.is_vlan_tag());
    }

    #[test]
    fn table_is_sorted() {
        assert!(data::NAMES.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
