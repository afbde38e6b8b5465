//! Protocol numbers, and nothing else: EtherTypes, IP protocols, link types,
//! ICMP and ICMPv6 types, TCP option kinds, ARP hardware types and opcodes,
//! DHCP and DHCPv6 option codes, and the well-known ports that decide how a payload is
//! read.
//!
//! Why here: every stage needs these numbers (the walk dispatches on them,
//! flow keys hold them, printers name them), and `wire` is the bottom stage
//! that all may import. Each is a small `Copy` newtype with named constants,
//! as smoltcp's `wire` enums; any other value is the unknown case, kept as
//! read because an odd number is evidence. The strings for these numbers live
//! in `crate::names`, as impl blocks on the same types.

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
    /// ERSPAN type III (a GRE protocol type).
    pub const ERSPAN_III: EtherType = EtherType(0x22eb);
    /// DEC MOP dump/load.
    pub const MOP_DL: EtherType = EtherType(0x6001);
    /// DEC MOP remote console.
    pub const MOP_RC: EtherType = EtherType(0x6002);
    /// DECnet phase IV.
    pub const DECNET: EtherType = EtherType(0x6003);
    /// DEC LAT.
    pub const LAT: EtherType = EtherType(0x6004);
    /// DEC LAVC, SCA.
    pub const SCA: EtherType = EtherType(0x6007);
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
    /// PPP (RFC 1661) as a GRE protocol type (PPTP, RFC 2637).
    pub const PPP: EtherType = EtherType(0x880b);
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
    /// ERSPAN type II (a GRE protocol type).
    pub const ERSPAN_II: EtherType = EtherType(0x88be);
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
    /// IEEE 802 local experimental EtherType 1 (frames meant for nothing).
    pub const LOCAL_EXPERIMENTAL: EtherType = EtherType(0x88b5);

    /// Largest type/length value that is an 802.3 payload length, not a type.
    pub const MAX_LENGTH: u16 = 1500;

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

/// An 8-bit IP protocol / IPv6 next-header number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IpProto(pub u8);

impl IpProto {
    /// IPv6 hop-by-hop options header (RFC 8200).
    pub const HOPOPT: IpProto = IpProto(0);
    /// Internet Control Message Protocol (RFC 792).
    pub const ICMP: IpProto = IpProto(1);
    /// Internet Group Management Protocol (RFC 3376).
    pub const IGMP: IpProto = IpProto(2);
    /// IPv4 encapsulated in IP (RFC 2003).
    pub const IPIP: IpProto = IpProto(4);
    /// Transmission Control Protocol (RFC 9293).
    pub const TCP: IpProto = IpProto(6);
    /// Cisco Interior Gateway Routing Protocol.
    pub const IGRP: IpProto = IpProto(9);
    /// User Datagram Protocol (RFC 768).
    pub const UDP: IpProto = IpProto(17);
    /// Datagram Congestion Control Protocol (RFC 4340).
    pub const DCCP: IpProto = IpProto(33);
    /// IPv6 encapsulated in IP (RFC 2473, 6in4).
    pub const IPV6: IpProto = IpProto(41);
    /// IPv6 routing header.
    pub const IPV6_ROUTE: IpProto = IpProto(43);
    /// IPv6 fragment header.
    pub const IPV6_FRAG: IpProto = IpProto(44);
    /// Resource Reservation Protocol (RFC 2205).
    pub const RSVP: IpProto = IpProto(46);
    /// Generic Routing Encapsulation (RFC 2784).
    pub const GRE: IpProto = IpProto(47);
    /// IPsec Encapsulating Security Payload (RFC 4303).
    pub const ESP: IpProto = IpProto(50);
    /// IPsec Authentication Header (RFC 4302).
    pub const AH: IpProto = IpProto(51);
    /// ICMP for IPv6 (RFC 4443).
    pub const ICMPV6: IpProto = IpProto(58);
    /// IPv6 "no next header".
    pub const IPV6_NONXT: IpProto = IpProto(59);
    /// IPv6 destination options header.
    pub const IPV6_OPTS: IpProto = IpProto(60);
    /// Cisco Enhanced Interior Gateway Routing Protocol.
    pub const EIGRP: IpProto = IpProto(88);
    /// Open Shortest Path First (RFC 2328).
    pub const OSPF: IpProto = IpProto(89);
    /// Ethernet-within-IP (RFC 3378).
    pub const ETHERIP: IpProto = IpProto(97);
    /// Protocol Independent Multicast (RFC 7761).
    pub const PIM: IpProto = IpProto(103);
    /// IP payload compression (RFC 3173).
    pub const IPCOMP: IpProto = IpProto(108);
    /// Virtual Router Redundancy Protocol (RFC 5798).
    pub const VRRP: IpProto = IpProto(112);
    /// Layer Two Tunneling Protocol v3 (RFC 3931).
    pub const L2TP: IpProto = IpProto(115);
    /// Stream Control Transmission Protocol (RFC 9260).
    pub const SCTP: IpProto = IpProto(132);
    /// IPv6 mobility header (RFC 6275).
    pub const MOBILITY_HEADER: IpProto = IpProto(135);
    /// UDP-Lite (RFC 3828).
    pub const UDPLITE: IpProto = IpProto(136);
    /// MPLS in IP (RFC 4023).
    pub const MPLS_IN_IP: IpProto = IpProto(137);
    /// Experimentation and testing (RFC 3692), first of two.
    pub const EXPERIMENT_1: IpProto = IpProto(253);
    /// Experimentation and testing (RFC 3692), second of two.
    pub const EXPERIMENT_2: IpProto = IpProto(254);

    /// True for the IPv6 extension headers that chain to another next header.
    pub fn is_ipv6_extension(self) -> bool {
        matches!(
            self.0,
            0 | 43 | 44 | 50 | 51 | 60 | 135 | 139 | 140 | 253 | 254
        )
    }
}

impl From<u8> for IpProto {
    fn from(value: u8) -> Self {
        IpProto(value)
    }
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
    /// FDDI, with 802.2 LLC after the MAC header.
    pub const FDDI: LinkType = LinkType(10);
    /// Raw IP on some BSDs (DLT_RAW = 12).
    pub const RAW_BSD12: LinkType = LinkType(12);
    /// Raw IP on other BSDs (DLT_RAW = 14).
    pub const RAW_BSD14: LinkType = LinkType(14);
    /// PPP in HDLC-like framing (RFC 1662).
    pub const PPP_HDLC: LinkType = LinkType(50);
    /// PPPoE-less "PPP over Ethernet" capture (DLT_PPP_ETHER).
    pub const PPP_ETHER: LinkType = LinkType(51);
    /// Raw IP, version from the first nibble.
    pub const RAW: LinkType = LinkType(101);
    /// Cisco HDLC.
    pub const C_HDLC: LinkType = LinkType(104);
    /// An MPLS label stack, then the labelled packet (DLT_MPLS).
    pub const MPLS: LinkType = LinkType(219);
    /// Linux NFLOG records (`tcpdump -i nflog`): TLVs around the logged packet.
    pub const NFLOG: LinkType = LinkType(239);
    /// IEEE 802.11 without radio header.
    pub const IEEE802_11: LinkType = LinkType(105);
    /// OpenBSD loopback: a 4-byte network-order address family.
    pub const LOOP: LinkType = LinkType(108);
    /// Linux cooked capture v1 ("any" device).
    pub const LINUX_SLL: LinkType = LinkType(113);
    /// IEEE 802.11 with radiotap header.
    pub const IEEE802_11_RADIOTAP: LinkType = LinkType(127);
    /// Per-Packet Information header, then a packet of the link type it names.
    pub const PPI: LinkType = LinkType(192);
    /// Raw IPv4.
    pub const IPV4: LinkType = LinkType(228);
    /// Raw IPv6.
    pub const IPV6: LinkType = LinkType(229);
    /// Linux netlink (nlmon).
    pub const NETLINK: LinkType = LinkType(253);
    /// Linux cooked capture v2.
    pub const LINUX_SLL2: LinkType = LinkType(276);
}

impl From<u32> for LinkType {
    fn from(value: u32) -> Self {
        LinkType(value)
    }
}

/// An FDDI frame control byte (tcpdump's fddi.h): the high nibble is the
/// frame class, the low nibble the priority or subtype; a few whole values
/// are tokens and SMT/MAC frames of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FddiFrameControl(pub u8);

impl FddiFrameControl {
    pub const VOID: FddiFrameControl = FddiFrameControl(0x40);
    pub const NONRESTRICTED_TOKEN: FddiFrameControl = FddiFrameControl(0x80);
    pub const RESTRICTED_TOKEN: FddiFrameControl = FddiFrameControl(0xc0);
    pub const SMT_INFO: FddiFrameControl = FddiFrameControl(0x41);
    pub const SMT_NEXT_STATION: FddiFrameControl = FddiFrameControl(0x4f);
    pub const MAC_BEACON: FddiFrameControl = FddiFrameControl(0xc2);
    pub const MAC_CLAIM: FddiFrameControl = FddiFrameControl(0xc3);
    /// Frame classes, as [`FddiFrameControl::class`] returns them.
    pub const CLASS_SMT: u8 = 0x40;
    pub const CLASS_MAC: u8 = 0xc0;
    /// Asynchronous LLC: the class that carries 802.2 (and so IP).
    pub const CLASS_LLC_ASYNC: u8 = 0x50;
    pub const CLASS_LLC_SYNC: u8 = 0xd0;
    pub const CLASS_IMP_ASYNC: u8 = 0x60;
    pub const CLASS_IMP_SYNC: u8 = 0xe0;

    /// The frame class (high nibble, in place).
    pub fn class(self) -> u8 {
        self.0 & 0xf0
    }
    /// The priority or subtype (low nibble).
    pub fn low(self) -> u8 {
        self.0 & 0x0f
    }
}

/// An ICMPv4 message type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IcmpType(pub u8);

impl IcmpType {
    /// Echo reply (RFC 792).
    pub const ECHO_REPLY: IcmpType = IcmpType(0);
    /// Destination unreachable (RFC 792, codes from RFC 1812).
    pub const DEST_UNREACHABLE: IcmpType = IcmpType(3);
    /// Source quench (deprecated by RFC 6633).
    pub const SOURCE_QUENCH: IcmpType = IcmpType(4);
    /// Redirect (RFC 792).
    pub const REDIRECT: IcmpType = IcmpType(5);
    /// Echo request (RFC 792).
    pub const ECHO_REQUEST: IcmpType = IcmpType(8);
    /// Router advertisement (RFC 1256).
    pub const ROUTER_ADVERTISEMENT: IcmpType = IcmpType(9);
    /// Router solicitation (RFC 1256).
    pub const ROUTER_SOLICITATION: IcmpType = IcmpType(10);
    /// Time exceeded (RFC 792).
    pub const TIME_EXCEEDED: IcmpType = IcmpType(11);
    /// Parameter problem (RFC 792).
    pub const PARAMETER_PROBLEM: IcmpType = IcmpType(12);
    /// Timestamp request (RFC 792).
    pub const TIMESTAMP_REQUEST: IcmpType = IcmpType(13);
    /// Timestamp reply (RFC 792).
    pub const TIMESTAMP_REPLY: IcmpType = IcmpType(14);
    /// Information request (obsolete).
    pub const INFO_REQUEST: IcmpType = IcmpType(15);
    /// Information reply (obsolete).
    pub const INFO_REPLY: IcmpType = IcmpType(16);
    /// Address mask request (RFC 950).
    pub const ADDRESS_MASK_REQUEST: IcmpType = IcmpType(17);
    /// Address mask reply (RFC 950).
    pub const ADDRESS_MASK_REPLY: IcmpType = IcmpType(18);
    /// Traceroute (RFC 1393, deprecated).
    pub const TRACEROUTE: IcmpType = IcmpType(30);
    /// Photuris security failures (RFC 2521).
    pub const PHOTURIS: IcmpType = IcmpType(40);
    /// Extended echo request (RFC 8335, PROBE).
    pub const EXTENDED_ECHO_REQUEST: IcmpType = IcmpType(42);
    /// Extended echo reply (RFC 8335, PROBE).
    pub const EXTENDED_ECHO_REPLY: IcmpType = IcmpType(43);

    /// True for error messages, which quote the offending datagram (RFC 1812 §4.3.2.3).
    pub fn is_error(self) -> bool {
        matches!(self.0, 3 | 4 | 5 | 11 | 12 | 31 | 40)
    }

    /// True for RFC 792's five errors, each quoting the offending datagram's
    /// IP header and first 64 bits (tcpdump's `ICMP_ERRTYPE`); unlike
    /// [`IcmpType::is_error`], leaves out the later conversion and Photuris errors.
    pub fn quotes_datagram(self) -> bool {
        matches!(
            self,
            Self::DEST_UNREACHABLE | Self::SOURCE_QUENCH | Self::REDIRECT | Self::TIME_EXCEEDED | Self::PARAMETER_PROBLEM
        )
    }

    /// True for queries (echo, timestamp, ...) that expect a reply.
    pub fn is_request(self) -> bool {
        matches!(self.0, 8 | 10 | 13 | 15 | 17 | 30 | 35 | 37 | 42)
    }
}

/// An ICMPv6 message type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Icmpv6Type(pub u8);

impl Icmpv6Type {
    /// Destination unreachable (RFC 4443 §3.1).
    pub const DEST_UNREACHABLE: Icmpv6Type = Icmpv6Type(1);
    /// Packet too big (RFC 4443 §3.2).
    pub const PACKET_TOO_BIG: Icmpv6Type = Icmpv6Type(2);
    /// Time exceeded (RFC 4443 §3.3).
    pub const TIME_EXCEEDED: Icmpv6Type = Icmpv6Type(3);
    /// Parameter problem (RFC 4443 §3.4).
    pub const PARAMETER_PROBLEM: Icmpv6Type = Icmpv6Type(4);
    /// Echo request (RFC 4443 §4.1).
    pub const ECHO_REQUEST: Icmpv6Type = Icmpv6Type(128);
    /// Echo reply (RFC 4443 §4.2).
    pub const ECHO_REPLY: Icmpv6Type = Icmpv6Type(129);
    /// Multicast listener query (RFC 2710).
    pub const MLD_QUERY: Icmpv6Type = Icmpv6Type(130);
    /// Multicast listener report (RFC 2710).
    pub const MLD_REPORT: Icmpv6Type = Icmpv6Type(131);
    /// Multicast listener done (RFC 2710).
    pub const MLD_DONE: Icmpv6Type = Icmpv6Type(132);
    /// Router solicitation (RFC 4861 §4.1).
    pub const ROUTER_SOLICITATION: Icmpv6Type = Icmpv6Type(133);
    /// Router advertisement (RFC 4861 §4.2).
    pub const ROUTER_ADVERTISEMENT: Icmpv6Type = Icmpv6Type(134);
    /// Neighbor solicitation (RFC 4861 §4.3).
    pub const NEIGHBOR_SOLICITATION: Icmpv6Type = Icmpv6Type(135);
    /// Neighbor advertisement (RFC 4861 §4.4).
    pub const NEIGHBOR_ADVERTISEMENT: Icmpv6Type = Icmpv6Type(136);
    /// Redirect (RFC 4861 §4.5).
    pub const REDIRECT: Icmpv6Type = Icmpv6Type(137);
    /// Router renumbering (RFC 2894).
    pub const ROUTER_RENUMBERING: Icmpv6Type = Icmpv6Type(138);
    /// Inverse neighbor discovery solicitation (RFC 3122).
    pub const INVERSE_ND_SOLICITATION: Icmpv6Type = Icmpv6Type(141);
    /// Inverse neighbor discovery advertisement (RFC 3122).
    pub const INVERSE_ND_ADVERTISEMENT: Icmpv6Type = Icmpv6Type(142);
    /// Multicast listener report v2 (RFC 3810).
    pub const MLDV2_REPORT: Icmpv6Type = Icmpv6Type(143);
    /// ICMP node information query (RFC 4620).
    pub const NODE_INFO_QUERY: Icmpv6Type = Icmpv6Type(139);
    /// ICMP node information response (RFC 4620).
    pub const NODE_INFO_REPLY: Icmpv6Type = Icmpv6Type(140);
    /// Home agent address discovery request (RFC 6275).
    pub const HOME_AGENT_REQUEST: Icmpv6Type = Icmpv6Type(144);
    /// Home agent address discovery reply (RFC 6275).
    pub const HOME_AGENT_REPLY: Icmpv6Type = Icmpv6Type(145);
    /// Mobile prefix solicitation (RFC 6275).
    pub const MOBILE_PREFIX_SOLICITATION: Icmpv6Type = Icmpv6Type(146);
    /// Mobile prefix advertisement (RFC 6275).
    pub const MOBILE_PREFIX_ADVERTISEMENT: Icmpv6Type = Icmpv6Type(147);
    /// Extended echo request (RFC 8335).
    pub const EXTENDED_ECHO_REQUEST: Icmpv6Type = Icmpv6Type(160);
    /// Extended echo reply (RFC 8335).
    pub const EXTENDED_ECHO_REPLY: Icmpv6Type = Icmpv6Type(161);

    /// True for error messages: types below 128 (RFC 4443 §2.1).
    pub fn is_error(self) -> bool {
        self.0 < 128
    }
}

/// A Neighbor Discovery option type (RFC 4861 §4.6 and later RFCs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NdOptionType(pub u8);

impl NdOptionType {
    /// Source link-layer address (RFC 4861).
    pub const SOURCE_LINK_ADDR: NdOptionType = NdOptionType(1);
    /// Target link-layer address (RFC 4861).
    pub const TARGET_LINK_ADDR: NdOptionType = NdOptionType(2);
    /// Prefix information (RFC 4861).
    pub const PREFIX_INFO: NdOptionType = NdOptionType(3);
    /// Redirected header (RFC 4861).
    pub const REDIRECTED_HEADER: NdOptionType = NdOptionType(4);
    /// MTU (RFC 4861).
    pub const MTU: NdOptionType = NdOptionType(5);
    /// Advertisement interval (RFC 6275).
    pub const ADVERTISEMENT_INTERVAL: NdOptionType = NdOptionType(7);
    /// Home agent information (RFC 6275).
    pub const HOME_AGENT_INFO: NdOptionType = NdOptionType(8);
    /// Nonce (RFC 3971).
    pub const NONCE: NdOptionType = NdOptionType(14);
    /// Route information (RFC 4191).
    pub const ROUTE_INFO: NdOptionType = NdOptionType(24);
    /// Recursive DNS servers (RFC 8106).
    pub const RDNSS: NdOptionType = NdOptionType(25);
    /// DNS search list (RFC 8106).
    pub const DNSSL: NdOptionType = NdOptionType(31);
    /// NAT64 prefix (RFC 8781).
    pub const PREF64: NdOptionType = NdOptionType(38);
}

/// A DNS resource record type (RFC 1035 §3.2.2 and the IANA registry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DnsType(pub u16);

impl DnsType {
    /// IPv4 address.
    pub const A: DnsType = DnsType(1);
    /// Authoritative name server.
    pub const NS: DnsType = DnsType(2);
    /// Canonical name.
    pub const CNAME: DnsType = DnsType(5);
    /// Start of authority.
    pub const SOA: DnsType = DnsType(6);
    /// Domain name pointer.
    pub const PTR: DnsType = DnsType(12);
    /// Mail exchange.
    pub const MX: DnsType = DnsType(15);
    /// Text strings.
    pub const TXT: DnsType = DnsType(16);
    /// IPv6 address (RFC 3596).
    pub const AAAA: DnsType = DnsType(28);
    /// Service location (RFC 2782).
    pub const SRV: DnsType = DnsType(33);
    /// Delegation name (RFC 6672).
    pub const DNAME: DnsType = DnsType(39);
    /// EDNS(0) pseudo-record (RFC 6891).
    pub const OPT: DnsType = DnsType(41);
}

/// A TCP option kind byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TcpOptionKind(pub u8);

impl TcpOptionKind {
    /// End of option list (RFC 9293).
    pub const EOL: TcpOptionKind = TcpOptionKind(0);
    /// No-operation padding (RFC 9293).
    pub const NOP: TcpOptionKind = TcpOptionKind(1);
    /// Maximum segment size (RFC 9293).
    pub const MSS: TcpOptionKind = TcpOptionKind(2);
    /// Window scale (RFC 7323).
    pub const WINDOW_SCALE: TcpOptionKind = TcpOptionKind(3);
    /// SACK permitted (RFC 2018).
    pub const SACK_PERMITTED: TcpOptionKind = TcpOptionKind(4);
    /// Selective acknowledgement blocks (RFC 2018).
    pub const SACK: TcpOptionKind = TcpOptionKind(5);
    /// Echo (RFC 1072, obsolete).
    pub const ECHO: TcpOptionKind = TcpOptionKind(6);
    /// Echo reply (RFC 1072, obsolete).
    pub const ECHO_REPLY: TcpOptionKind = TcpOptionKind(7);
    /// Timestamps (RFC 7323).
    pub const TIMESTAMPS: TcpOptionKind = TcpOptionKind(8);
    /// Connection count (RFC 1644, historic).
    pub const CC: TcpOptionKind = TcpOptionKind(11);
    /// CC.NEW (RFC 1644, historic).
    pub const CC_NEW: TcpOptionKind = TcpOptionKind(12);
    /// CC.ECHO (RFC 1644, historic).
    pub const CC_ECHO: TcpOptionKind = TcpOptionKind(13);
    /// MD5 signature (RFC 2385, obsoleted by TCP-AO).
    pub const MD5: TcpOptionKind = TcpOptionKind(19);
    /// SCPS capabilities (CCSDS 714.0-B-2).
    pub const SCPS: TcpOptionKind = TcpOptionKind(20);
    /// User timeout (RFC 5482).
    pub const USER_TIMEOUT: TcpOptionKind = TcpOptionKind(28);
    /// TCP authentication option (RFC 5925).
    pub const TCP_AO: TcpOptionKind = TcpOptionKind(29);
    /// Multipath TCP (RFC 8684).
    pub const MPTCP: TcpOptionKind = TcpOptionKind(30);
    /// TCP Fast Open cookie (RFC 7413).
    pub const FAST_OPEN: TcpOptionKind = TcpOptionKind(34);
    /// Accurate ECN order 0 (draft-ietf-tcpm-accurate-ecn).
    pub const ACCECN_0: TcpOptionKind = TcpOptionKind(172);
    /// Accurate ECN order 1 (draft-ietf-tcpm-accurate-ecn).
    pub const ACCECN_1: TcpOptionKind = TcpOptionKind(174);
    /// RFC 3692-style experiment 1 (RFC 4727, shared via RFC 6994 ExIDs).
    pub const EXPERIMENT_1: TcpOptionKind = TcpOptionKind(253);
    /// RFC 3692-style experiment 2 (RFC 4727, shared via RFC 6994 ExIDs).
    pub const EXPERIMENT_2: TcpOptionKind = TcpOptionKind(254);

    /// True for the one-byte options that carry no length octet (EOL, NOP).
    pub fn is_single_byte(self) -> bool {
        self.0 <= 1
    }

    /// The fixed total length RFC 9293 and its successors mandate, if any.
    pub fn expected_len(self) -> Option<u8> {
        match self.0 {
            0 | 1 => Some(1),
            2 => Some(4),
            3 => Some(3),
            4 => Some(2),
            8 => Some(10),
            19 => Some(18),
            28 => Some(4),
            _ => None,
        }
    }
}

impl From<u8> for TcpOptionKind {
    fn from(value: u8) -> Self {
        TcpOptionKind(value)
    }
}

/// An IGMP message type (RFC 1112, 2236, 3376; DVMRP and mtrace share the protocol).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IgmpType(pub u8);

impl IgmpType {
    /// Membership query (v1, v2 and v3 tell apart by length and max response code).
    pub const QUERY: IgmpType = IgmpType(0x11);
    /// Version 1 membership report (RFC 1112).
    pub const V1_REPORT: IgmpType = IgmpType(0x12);
    /// DVMRP (RFC 1075).
    pub const DVMRP: IgmpType = IgmpType(0x13);
    /// PIM version 1.
    pub const PIM_V1: IgmpType = IgmpType(0x14);
    /// Version 2 membership report (RFC 2236).
    pub const V2_REPORT: IgmpType = IgmpType(0x16);
    /// Leave group (RFC 2236).
    pub const LEAVE: IgmpType = IgmpType(0x17);
    /// Multicast traceroute response.
    pub const MTRACE_RESP: IgmpType = IgmpType(0x1e);
    /// Multicast traceroute.
    pub const MTRACE: IgmpType = IgmpType(0x1f);
    /// Version 3 membership report (RFC 3376).
    pub const V3_REPORT: IgmpType = IgmpType(0x22);
}

/// An ARP hardware type (RFC 826; IANA "Hardware Types").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArpHardware(pub u16);

impl ArpHardware {
    /// Ethernet (10 Mb and up).
    pub const ETHERNET: ArpHardware = ArpHardware(1);
}

/// An ARP opcode (RFC 826, RFC 903 for RARP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArpOp(pub u16);

impl ArpOp {
    /// Who has this protocol address?
    pub const REQUEST: ArpOp = ArpOp(1);
    /// This protocol address is at this hardware address.
    pub const REPLY: ArpOp = ArpOp(2);
    /// Which protocol address has this hardware address? (RARP, RFC 903.)
    pub const RARP_REQUEST: ArpOp = ArpOp(3);
    /// This hardware address has this protocol address (RARP).
    pub const RARP_REPLY: ArpOp = ArpOp(4);
    /// Inverse ARP request (RFC 2390).
    pub const INARP_REQUEST: ArpOp = ArpOp(8);
    /// Inverse ARP reply (RFC 2390).
    pub const INARP_REPLY: ArpOp = ArpOp(9);
}

/// A DHCP/BOOTP option tag (RFC 2132 and the IANA "BOOTP Vendor
/// Extensions and DHCP Options" registry). Only the tags whose value a
/// printer reads in a way of its own are named here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DhcpOption(pub u8);

impl DhcpOption {
    /// Padding, a lone byte with no length (RFC 2132 §3.1).
    pub const PAD: DhcpOption = DhcpOption(0);
    /// NetBIOS over TCP/IP node type (RFC 2132 §8.7).
    pub const NETBIOS_NODE: DhcpOption = DhcpOption(46);
    /// Option overload: options continue in `file` and/or `sname` (RFC 2132 §9.3).
    pub const OPTION_OVERLOAD: DhcpOption = DhcpOption(52);
    /// DHCP message type (RFC 2132 §9.6).
    pub const MESSAGE_TYPE: DhcpOption = DhcpOption(53);
    /// Parameter request list (RFC 2132 §9.8).
    pub const PARAMETER_REQUEST: DhcpOption = DhcpOption(55);
    /// Client identifier (RFC 2132 §9.14).
    pub const CLIENT_ID: DhcpOption = DhcpOption(61);
    /// User class (RFC 3004).
    pub const USER_CLASS: DhcpOption = DhcpOption(77);
    /// Client FQDN (RFC 4702).
    pub const CLIENT_FQDN: DhcpOption = DhcpOption(81);
    /// Relay agent information (RFC 3046).
    pub const AGENT_INFORMATION: DhcpOption = DhcpOption(82);
    /// Classless static route (RFC 3442).
    pub const CLASSLESS_STATIC_ROUTE: DhcpOption = DhcpOption(121);
    /// Secure zero-touch provisioning redirect (RFC 8572).
    pub const SZTP_REDIRECT: DhcpOption = DhcpOption(143);
    /// Microsoft's copy of the classless static route option.
    pub const CLASSLESS_STATIC_ROUTE_MS: DhcpOption = DhcpOption(249);
    /// End of the options, a lone byte with no length (RFC 2132 §3.2).
    pub const END: DhcpOption = DhcpOption(255);
}

/// A DHCPv6 option code (RFC 8415 §21 and the IANA "DHCPv6 Option Codes"
/// registry). Only the codes a printer reads in a way of its own are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dhcp6Option(pub u16);

impl Dhcp6Option {
    /// Client identifier, a DUID (RFC 8415 §21.2).
    pub const CLIENT_ID: Dhcp6Option = Dhcp6Option(1);
    /// Server identifier, a DUID (§21.3).
    pub const SERVER_ID: Dhcp6Option = Dhcp6Option(2);
    /// Identity association for non-temporary addresses (§21.4).
    pub const IA_NA: Dhcp6Option = Dhcp6Option(3);
    /// Identity association for temporary addresses (§21.5).
    pub const IA_TA: Dhcp6Option = Dhcp6Option(4);
    /// An address inside an IA (§21.6).
    pub const IA_ADDR: Dhcp6Option = Dhcp6Option(5);
    /// Option request (§21.7).
    pub const ORO: Dhcp6Option = Dhcp6Option(6);
    /// Server preference (§21.8).
    pub const PREFERENCE: Dhcp6Option = Dhcp6Option(7);
    /// Elapsed time, in hundredths of a second (§21.9).
    pub const ELAPSED_TIME: Dhcp6Option = Dhcp6Option(8);
    /// A relayed message (§21.10).
    pub const RELAY_MSG: Dhcp6Option = Dhcp6Option(9);
    /// Authentication (§21.11).
    pub const AUTH: Dhcp6Option = Dhcp6Option(11);
    /// Status code (§21.13).
    pub const STATUS_CODE: Dhcp6Option = Dhcp6Option(13);
    /// Rapid commit (§21.14).
    pub const RAPID_COMMIT: Dhcp6Option = Dhcp6Option(14);
    /// User class (§21.15).
    pub const USER_CLASS: Dhcp6Option = Dhcp6Option(15);
    /// Relay interface id (§21.18).
    pub const INTERFACE_ID: Dhcp6Option = Dhcp6Option(18);
    /// Reconfigure message type (§21.19).
    pub const RECONF_MSG: Dhcp6Option = Dhcp6Option(19);
    /// Reconfigure accept (§21.20).
    pub const RECONF_ACCEPT: Dhcp6Option = Dhcp6Option(20);
    /// SIP server domain names (RFC 3319).
    pub const SIP_SERVER_D: Dhcp6Option = Dhcp6Option(21);
    /// SIP server addresses (RFC 3319).
    pub const SIP_SERVER_A: Dhcp6Option = Dhcp6Option(22);
    /// DNS recursive name servers (RFC 3646).
    pub const DNS_SERVERS: Dhcp6Option = Dhcp6Option(23);
    /// DNS search list (RFC 3646).
    pub const DOMAIN_LIST: Dhcp6Option = Dhcp6Option(24);
    /// Identity association for prefix delegation (§21.21).
    pub const IA_PD: Dhcp6Option = Dhcp6Option(25);
    /// A prefix inside an IA_PD (§21.22).
    pub const IA_PD_PREFIX: Dhcp6Option = Dhcp6Option(26);
    /// NIS servers (RFC 3898).
    pub const NIS_SERVERS: Dhcp6Option = Dhcp6Option(27);
    /// NIS+ servers (RFC 3898).
    pub const NISP_SERVERS: Dhcp6Option = Dhcp6Option(28);
    /// SNTP servers (RFC 4075).
    pub const SNTP_SERVERS: Dhcp6Option = Dhcp6Option(31);
    /// Information refresh time (§21.23).
    pub const LIFETIME: Dhcp6Option = Dhcp6Option(32);
    /// BCMCS server addresses (RFC 4280).
    pub const BCMCS_SERVER_A: Dhcp6Option = Dhcp6Option(34);
    /// Relay agent remote id (RFC 4649).
    pub const REMOTE_ID: Dhcp6Option = Dhcp6Option(37);
    /// Relay agent subscriber id (RFC 4580).
    pub const SUBSCRIBER_ID: Dhcp6Option = Dhcp6Option(38);
    /// PANA agents (RFC 5192).
    pub const PANA_AGENT: Dhcp6Option = Dhcp6Option(40);
    /// POSIX time zone (RFC 4833).
    pub const NEW_POSIX_TIMEZONE: Dhcp6Option = Dhcp6Option(41);
    /// tz database time zone (RFC 4833).
    pub const NEW_TZDB_TIMEZONE: Dhcp6Option = Dhcp6Option(42);
    /// Relay agent echo request (RFC 4994).
    pub const ERO: Dhcp6Option = Dhcp6Option(43);
    /// Leasequery query (RFC 5007).
    pub const LQ_QUERY: Dhcp6Option = Dhcp6Option(44);
    /// Leasequery client data (RFC 5007).
    pub const CLIENT_DATA: Dhcp6Option = Dhcp6Option(45);
    /// Leasequery client last transaction time (RFC 5007).
    pub const CLT_TIME: Dhcp6Option = Dhcp6Option(46);
    /// Leasequery relay data (RFC 5007).
    pub const LQ_RELAY_DATA: Dhcp6Option = Dhcp6Option(47);
    /// Leasequery client links (RFC 5007).
    pub const LQ_CLIENT_LINK: Dhcp6Option = Dhcp6Option(48);
    /// NTP servers (RFC 5908).
    pub const NTP_SERVER: Dhcp6Option = Dhcp6Option(56);
    /// Boot file URL (RFC 5970).
    pub const BOOTFILE_URL: Dhcp6Option = Dhcp6Option(59);
    /// DS-Lite AFTR name (RFC 6334).
    pub const AFTR_NAME: Dhcp6Option = Dhcp6Option(64);
    /// Manufacturer usage description URL (RFC 8520).
    pub const MUD_URL: Dhcp6Option = Dhcp6Option(112);
    /// Secure zero-touch provisioning redirect (RFC 8572).
    pub const SZTP_REDIRECT: Dhcp6Option = Dhcp6Option(136);
}

/// Which ports carry DNS messages. The one fact the DNS readers share:
/// the walk's DNS head (`wire::side`), the tracker's Zeek DNS timeout and
/// diagnose's DNS rules each take it, or a named part of it, from here.
impl Port {
    /// NetBIOS name service (RFC 1002), whose messages use DNS's format;
    /// Zeek's DNS analyzer parses it too.
    pub const NETBIOS_NS: Port = Port(137);

    /// True for the ports whose payload is a DNS message with RFC 1035's
    /// header: unicast DNS, mDNS (RFC 6762) and LLMNR (RFC 4795).
    pub fn carries_dns(self) -> bool {
        matches!(self, Port::DNS | Port::MDNS | Port::LLMNR)
    }

    /// The UDP ports of Zeek's DNS analyzer: [`Port::carries_dns`] and
    /// NetBIOS name service (Zeek's `dns` ports 53, 137, 5353, 5355).
    pub fn zeek_dns(self) -> bool {
        self.carries_dns() || self == Port::NETBIOS_NS
    }
}

/// A TCP or UDP port whose number alone says how its payload is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Port(pub u16);

impl Port {
    /// FTP control (RFC 959).
    pub const FTP: Port = Port(21);
    /// Secure Shell (RFC 4253).
    pub const SSH: Port = Port(22);
    /// Telnet (RFC 854).
    pub const TELNET: Port = Port(23);
    /// Simple Mail Transfer Protocol (RFC 5321).
    pub const SMTP: Port = Port(25);
    /// WHOIS (RFC 3912).
    pub const WHOIS: Port = Port(43);
    /// Domain Name System (RFC 1035).
    pub const DNS: Port = Port(53);
    /// Trivial File Transfer Protocol (RFC 1350).
    pub const TFTP: Port = Port(69);
    /// HTTP (RFC 9110).
    pub const HTTP: Port = Port(80);
    /// GTP-U, the user plane of mobile networks (3GPP TS 29.281).
    pub const GTP_U: Port = Port(2152);
    /// Teredo (RFC 4380).
    pub const TEREDO: Port = Port(3544);
    /// VXLAN (RFC 7348).
    pub const VXLAN: Port = Port(4789);
    /// AYIYA (anything in anything).
    pub const AYIYA: Port = Port(5072);
    /// Multicast DNS (RFC 6762).
    pub const MDNS: Port = Port(5353);
    /// Link-Local Multicast Name Resolution (RFC 4795).
    pub const LLMNR: Port = Port(5355);
    /// Geneve (RFC 8926).
    pub const GENEVE: Port = Port(6081);
    /// BOOTP/DHCP server (RFC 951, RFC 2131).
    pub const BOOTPS: Port = Port(67);
    /// BOOTP/DHCP client.
    pub const BOOTPC: Port = Port(68);
    /// Network Time Protocol (RFC 5905).
    pub const NTP: Port = Port(123);
    /// HTTP on the common alternative port.
    pub const HTTP_ALT: Port = Port(8080);
    /// DHCPv6 client (RFC 8415).
    pub const DHCP6_CLIENT: Port = Port(546);
    /// DHCPv6 server and relay agent.
    pub const DHCP6_SERVER: Port = Port(547);
    /// BSD syslog (RFC 3164, RFC 5426).
    pub const SYSLOG: Port = Port(514);
    /// SNMP agents (RFC 3417 §3.1).
    pub const SNMP: Port = Port(161);
    /// SNMP notification receivers (traps).
    pub const SNMP_TRAP: Port = Port(162);
}

/// A PPP protocol field value (RFC 1661 §2; IANA "PPP DLL Protocol Numbers").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PppProto(pub u16);

impl PppProto {
    /// Internet Protocol version 4.
    pub const IP: PppProto = PppProto(0x0021);
    /// OSI network layer.
    pub const OSI: PppProto = PppProto(0x0023);
    /// Van Jacobson compressed TCP/IP.
    pub const VJC: PppProto = PppProto(0x002d);
    /// Van Jacobson uncompressed TCP/IP.
    pub const VJNC: PppProto = PppProto(0x002f);
    /// Multilink PPP (RFC 1990).
    pub const ML: PppProto = PppProto(0x003d);
    /// Internet Protocol version 6.
    pub const IPV6: PppProto = PppProto(0x0057);
    /// Compressed datagram (RFC 1962).
    pub const COMP: PppProto = PppProto(0x00fd);
    /// MPLS unicast (RFC 3032).
    pub const MPLS_UCAST: PppProto = PppProto(0x0281);
    /// MPLS multicast.
    pub const MPLS_MCAST: PppProto = PppProto(0x0283);
    /// IP Control Protocol (RFC 1332).
    pub const IPCP: PppProto = PppProto(0x8021);
    /// OSI Network Layer Control Protocol.
    pub const OSICP: PppProto = PppProto(0x8023);
    /// IPv6 Control Protocol (RFC 5072).
    pub const IPV6CP: PppProto = PppProto(0x8057);
    /// Bandwidth Allocation Control Protocol (RFC 2125).
    pub const BACP: PppProto = PppProto(0xc02b);
    /// Compression Control Protocol (RFC 1962).
    pub const CCP: PppProto = PppProto(0x80fd);
    /// MPLS Control Protocol (RFC 3032).
    pub const MPLSCP: PppProto = PppProto(0x8281);
    /// Link Control Protocol (RFC 1661).
    pub const LCP: PppProto = PppProto(0xc021);
    /// Password Authentication Protocol (RFC 1334).
    pub const PAP: PppProto = PppProto(0xc023);
    /// Challenge Handshake Authentication Protocol (RFC 1994).
    pub const CHAP: PppProto = PppProto(0xc223);

    /// The control protocols tcpdump prints with the generic
    /// code/id/length line (RFC 1661 §5 packet format).
    pub fn is_control(self) -> bool {
        matches!(self, Self::LCP | Self::IPCP | Self::OSICP | Self::MPLSCP | Self::IPV6CP | Self::CCP | Self::BACP)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn netbios_name_service_is_zeeks_dns_but_no_rfc_1035_port() {
        assert_eq!((Port::NETBIOS_NS.zeek_dns(), Port::NETBIOS_NS.carries_dns(), Port::MDNS.zeek_dns()), (true, false, true));
    }
}
