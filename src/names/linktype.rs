//! pcap/pcapng LINKTYPE_ values and the names libpcap gives them.
//!
//! tcpdump announces a file with `reading from file X, link-type EN10MB
//! (Ethernet), snapshot length 65535`: libpcap maps the file's LINKTYPE_ to a
//! DLT_ and prints `pcap_datalink_val_to_name` and `..._description`. The table
//! in `data/linktype.rs` was probed from libpcap 1.10.3 through tcpdump, so
//! LINKTYPE_RAW (101) reads "RAW (Raw IP)" exactly as it does there.

use std::fmt;

pub use crate::wire::registry::LinkType;

mod data {
    include!("data/linktype.rs");
}

impl LinkType {
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
