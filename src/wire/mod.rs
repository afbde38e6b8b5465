//! Wire decoding: typed zero-copy views over frame bytes, one file per
//! protocol, and [`decode`], a lax whole-frame walk.
//!
//! The walk never rejects a packet: odd values (port 0, SYN+FIN, bad
//! checksums) are evidence. It decodes every layer it can and records in
//! [`Decoded::stop`] the layer, offset and reason where it had to stop —
//! the information tcpdump prints as `[|tcp]`.
//!
//! Views borrow the frame; later stages keep a [`Summary`] instead.

pub mod ah;
pub mod arp;
pub mod ber;
pub mod bootp;
pub mod build;
pub mod cdp;
pub mod dtp;
pub mod checksum;
pub mod chdlc;
pub mod dhcp6;
pub mod dns;
pub mod esp;
pub mod ethernet;
pub mod fddi;
pub mod field;
pub mod gre;
pub mod hash;
pub mod hsrp;
pub mod icmp;
pub mod igmp;
pub mod ieee80211;
pub mod ipv4;
pub mod ipv6;
pub mod ladder;
pub mod lldp;
pub mod eapol;
pub mod mpls;
pub mod ntp;
pub mod null;
pub mod ospf;
pub mod ppi;
pub mod ppp;
pub mod pppoe;
pub mod radiotap;
pub mod registry;
pub mod rip;
pub mod sctp;
pub mod seq;
pub mod side;
pub mod snmp;
pub mod stp;
pub mod sll;
pub mod summary;
pub mod syslog;
pub mod tcp;
pub mod telnet;
pub mod tunnel;
pub mod udld;
pub mod udp;
mod walk;
pub mod wlan;

pub use summary::{Summary, TcpFlags};
pub use walk::{decode, Decoded, FrameMeta, Layer, Link, Net, Stop, Trans, Tunnel, MAX_VLANS};
