//! LINKTYPE_* values (tcpdump.org/linktypes.html) understood by the walk.

/// BSD loopback: 4-byte address family in host byte order.
pub const NULL: u32 = 0;
/// Ethernet II / 802.3.
pub const ETHERNET: u32 = 1;
/// PPP (RFC 1661), optionally with HDLC address/control bytes.
pub const PPP: u32 = 9;
/// Raw IP on some BSDs (DLT_RAW = 12 or 14).
pub const RAW_BSD12: u32 = 12;
pub const RAW_BSD14: u32 = 14;
/// FDDI, with 802.2 LLC after the MAC header.
pub const FDDI: u32 = 10;
/// PPP in HDLC-like framing.
pub const PPP_HDLC: u32 = 50;
/// PPPoE-less "PPP over Ethernet" capture (DLT_PPP_ETHER).
pub const PPP_ETHER: u32 = 51;
/// Raw IPv4 or IPv6 (version nibble decides).
pub const RAW: u32 = 101;
/// OpenBSD loopback: 4-byte address family in network byte order.
pub const LOOP: u32 = 108;
/// Linux cooked capture v1.
pub const LINUX_SLL: u32 = 113;
/// Raw IPv4 only.
pub const IPV4: u32 = 228;
/// Raw IPv6 only.
pub const IPV6: u32 = 229;
/// Linux cooked capture v2.
pub const LINUX_SLL2: u32 = 276;
