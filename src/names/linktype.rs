//! pcap/pcapng LINKTYPE_ values and the names libpcap gives them.
//!
//! tcpdump announces a file with `reading from file X, link-type EN10MB
//! (Ethernet), snapshot length 65535`: libpcap maps the file's LINKTYPE_ to a
//! DLT_ and prints `pcap_datalink_val_to_name` and `..._description`. The table
//! in `data/linktype.rs` was probed from libpcap 1.10.3 through tcpdump, so
//! LINKTYPE_RAW (101) reads "RAW (Raw IP)" exactly as it does there.

use std::fmt;

mod data {
    include!("data/linktype.rs");
}

/// A LINKTYPE_ value from a pcap header or pcapng interface description block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinkType(pub u32);

impl LinkType {
    /// BSD loopback: a 4-byte host-order address family, then the packet.
    pub const NULL: LinkType = LinkType(0);
    /// Ethernet (DLT_EN10MB).
    pub const ETHERNET: LinkType = LinkType(1);
    /// PPP (RFC 1661).
    pub const PPP: LinkType = LinkType(9);
    /// Raw IP, version from the first nibble.
    pub const RAW: LinkType = LinkType(101);
    /// Cisco HDLC.
    pub const C_HDLC: LinkType = LinkType(104);
    /// IEEE 802.11 without radio header.
    pub const IEEE802_11: LinkType = LinkType(105);
    /// OpenBSD loopback: a 4-byte network-order address family.
    pub const LOOP: LinkType = LinkType(108);
    /// Linux cooked capture v1 ("any" device).
    pub const LINUX_SLL: LinkType = LinkType(113);
    /// IEEE 802.11 with radiotap header.
    pub const IEEE802_11_RADIOTAP: LinkType = LinkType(127);
    /// Raw IPv4.
    pub const IPV4: LinkType = LinkType(228);
    /// Raw IPv6.
    pub const IPV6: LinkType = LinkType(229);
    /// Linux netlink (nlmon).
    pub const NETLINK: LinkType = LinkType(253);
    /// Linux cooked capture v2.
    pub const LINUX_SLL2: LinkType = LinkType(276);

    /// The generated (name, description) row.
    fn row(self) -> Option<(&'static str, &'static str)> {
        let i = data::NAMES.binary_search_by_key(&self.0, |r| r.0).ok()?;
        Some((data::NAMES[i].1, data::NAMES[i].2))
    }

    /// libpcap's short name without `DLT_` ("EN10MB", "LINUX_SLL2", "RAW").
    pub fn name(self) -> Option<&'static str> {
        Some(self.row()?.0)
    }

    /// libpcap's description ("Ethernet", "Linux cooked v2", "Raw IP").
    pub fn description(self) -> Option<&'static str> {
        Some(self.row()?.1)
    }
}

impl From<u32> for LinkType {
    fn from(value: u32) -> Self {
        LinkType(value)
    }
}

impl fmt::Display for LinkType {
    /// As tcpdump prints it after `link-type `: "EN10MB (Ethernet)", or the bare number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.row() {
            Some((name, desc)) => write!(f, "{name} ({desc})"),
            None => write!(f, "{}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcpdump_link_type_labels() {
        let expect = [
            (LinkType::ETHERNET, "EN10MB (Ethernet)"),
            (LinkType::LINUX_SLL, "LINUX_SLL (Linux cooked v1)"),
            (LinkType::LINUX_SLL2, "LINUX_SLL2 (Linux cooked v2)"),
            (LinkType::NULL, "NULL (BSD loopback)"),
            (LinkType::RAW, "RAW (Raw IP)"),
            (LinkType::IPV4, "IPV4 (Raw IPv4)"),
            (LinkType::IPV6, "IPV6 (Raw IPv6)"),
        ];
        for (lt, label) in expect {
            assert_eq!(lt.to_string(), label);
        }
    }

    #[test]
    fn unknown_is_the_number() {
        assert_eq!(LinkType(9999).to_string(), "9999");
        assert_eq!(LinkType(9999).name(), None);
    }

    #[test]
    fn table_is_sorted() {
        assert!(data::NAMES.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
