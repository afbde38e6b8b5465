//! EtherType registry (IEEE 802 numbers in the Ethernet type/length field).
//!
//! Names come in two flavours, both generated into `data/ethertype.rs`:
//! Wireshark's (`tshark -G values`, field `eth.type`) for detail views, and
//! tcpdump 5.0's `ethertype_values` (what the packet printer prints) for
//! tcpdump-compatible lines such as `ethertype IPv4 (0x0800)`.

use std::fmt;

pub use crate::wire::registry::EtherType;

mod data {
    include!("data/ethertype.rs");
}

impl EtherType {
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
