//! Static domain tables: OUI vendors, port services, EtherTypes, IP protocols,
//! ICMP types and codes, TCP options, IP header fields and link types.
//!
//! Why a stage of its own: these names are data, generated once from the
//! registries (IEEE, IANA via netbase and Wireshark, tcpdump/libpcap) by
//! `scripts/gen_names.py` into `data/`, then embedded. No literals for them
//! are scattered through decoders or printers. Lookups sit on the per-packet
//! printing path, so they are `match`es, direct indexes or binary searches
//! over sorted static arrays; only the OUI table is parsed, once, on first use.
//! This module imports nothing from the crate but the numbers it names
//! (`wire::registry`).

#![warn(missing_docs)]

pub mod bootp;
pub mod cdp;
pub mod cisco;
pub mod dhcp6;
pub mod dns;
pub mod ethertype;
pub mod gre;
pub mod hsrp;
pub mod ieee80211;
pub mod icmp;
pub mod igmp;
pub mod ip;
pub mod ip_option;
pub mod ipproto;
pub mod link;
pub mod lldp;
pub mod eap;
pub mod mpls;
pub mod linktype;
pub mod ntp;
pub mod oui;
pub mod ospf;
pub mod ppp;
pub mod rip;
pub mod sctp;
pub mod services;
pub mod snmp;
pub mod stp;
pub mod syslog;
pub mod tcp_option;
pub mod telnet;

pub use ethertype::EtherType;
pub use ipproto::IpProto;
pub use linktype::LinkType;
pub use oui::{mac_kind, vendor, MacKind, Vendor};
pub use services::{service, tcp_service, udp_service};

#[cfg(test)]
mod tests {
    /// `names` holds strings only: besides std it may use the numbers in
    /// `wire::registry`, whose types it names, and nothing else of the crate.
    #[test]
    fn imports_only_the_registry_from_the_crate() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/names");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap().replace("crate::wire::registry::", "");
                for root in ["crate", "super::super", "tcpsleuth"] {
                    let bad = format!("{root}::");
                    assert!(!text.contains(&bad), "{} uses {bad}", path.display());
                }
            }
        }
    }
}
