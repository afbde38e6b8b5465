//! Which printer a payload goes to: by link type, EtherType, BSD address
//! family, IP protocol and port (tcpdump's print.c table, ethertype.c,
//! print-null.c's family switch, print-ip-demux.c and the port tests of
//! print-udp.c and print-tcp.c).
//!
//! Why one module: the protocol printers call down through here and never
//! each other, so they form a star around this file instead of a circle,
//! and a new protocol is one entry here plus its own module.

use super::ipinfo::IpInfo;
use super::{ah, bootp, cdp, chdlc, dhcp6, dns, dtp, eap, esp, fddi, from, g8, gre, hsrp, icmp, igmp, ip, link, lldp, mpls, ntp, ospf, ppp, pppoe, rip, sctp, snmp, stp, syslog, tcp, telnet, txtproto, udld, udp, vrrp, vxlan, wifi, Ctx, R};
use crate::wire::ethernet::{cisco_pid, snap_oui, SAP_STP};
use crate::wire::ipv4::field as ip4f;
use crate::wire::null::AF_INET;
use crate::wire::registry::{EtherType, IpProto, LinkType, Port};

/// Prints the frame from its link header on; returns the link header length
/// (for `-x`/`-X`/`-A`, which skip it).
pub fn link_type(ctx: &mut Ctx<'_>, link_type: u32, data: &[u8], orig_len: u32) -> R<usize> {
    match LinkType(link_type) {
        LinkType::ETHERNET => link::ether(ctx, data, orig_len),
        LinkType::LINUX_SLL => link::sll(ctx, data, orig_len),
        LinkType::LINUX_SLL2 => link::sll2(ctx, data, orig_len),
        LinkType::NULL | LinkType::LOOP => link::null(ctx, data, orig_len, LinkType(link_type) == LinkType::LOOP),
        LinkType::RAW | LinkType::RAW_BSD12 | LinkType::RAW_BSD14 => {
            ctx.proto = "raw";
            ip_version(ctx, data, orig_len)?;
            Ok(0)
        }
        LinkType::PPP => ppp::if_print(ctx, data, orig_len),
        LinkType::C_HDLC => chdlc::print(ctx, data, orig_len),
        LinkType::FDDI => fddi::print(ctx, data, orig_len),
        LinkType::PPP_ETHER => {
            ctx.ll_printed = ctx.opts.link_header;
            pppoe::print(ctx, data, orig_len)
        }
        LinkType::IEEE802_11 | LinkType::IEEE802_11_RADIOTAP | LinkType::PPI => wifi::print(ctx, link_type, data, orig_len),
        LinkType::IPV4 => {
            ip::ip4(ctx, data, orig_len)?;
            Ok(0)
        }
        LinkType::IPV6 => {
            ip::ip6(ctx, data, orig_len)?;
            Ok(0)
        }
        _ => {
            ctx.s("[unsupported link type ");
            ctx.u(link_type);
            ctx.s("]");
            link::default_print(ctx, data);
            Ok(0)
        }
    }
}

/// IP of either version, chosen by the version nibble (tcpdump's `ipN_print`).
fn ip_version(ctx: &mut Ctx<'_>, data: &[u8], len: u32) -> R {
    // The version nibble sits where IPv4's does in both versions.
    match g8(data, ip4f::VER_IHL)? & 0xf0 {
        0x40 => ip::ip4(ctx, data, len),
        0x60 => ip::ip6(ctx, data, len),
        v => {
            ctx.s("unknown ip ");
            ctx.u(v >> 4);
            Ok(())
        }
    }
}

/// Dispatches on an EtherType (`ethertype_print`); false when the type is
/// not decoded.
pub fn ethertype(ctx: &mut Ctx<'_>, t: u16, data: &[u8], length: u32) -> R<bool> {
    match EtherType(t) {
        EtherType::IPV4 => ip::ip4(ctx, data, length)?,
        EtherType::IPV6 => ip::ip6(ctx, data, length)?,
        EtherType::ARP | EtherType::RARP => link::arp(ctx, data, length)?,
        EtherType::MPLS | EtherType::MPLS_MULTICAST => mpls::print(ctx, data, length)?,
        EtherType::EAPOL => eap::print(ctx, data)?,
        EtherType::LLDP => lldp::print(ctx, data, length)?,
        EtherType::PPPOE_DISCOVERY | EtherType::PPPOE_SESSION => pppoe::print(ctx, data, length).map(|_| ())?,
        EtherType::PPP => {
            if length > 0 {
                ctx.s(": ");
                ppp::print(ctx, data, length)?;
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// The 802.2 SAPs whose UI frames `llc_sap` decodes (print-llc.c's tests
/// after SNAP; DSAP and SSAP equal, without their low bits).
pub const LLC_SAPS: &[u8] = &[SAP_STP];

/// Hands the payload of an LLC UI frame to the printer of its SAP.
pub fn llc_sap(ctx: &mut Ctx<'_>, sap: u8, data: &[u8], length: u32) -> R {
    match sap {
        SAP_STP => stp::print(ctx, data, length),
        _ => Ok(()),
    }
}

/// Hands a SNAP payload to its printer by organisation code and protocol id
/// (print-llc.c's `snap_print`); false when it is not decoded.
pub fn snap(ctx: &mut Ctx<'_>, oui: u32, pid: u16, data: &[u8], length: u32) -> R<bool> {
    match (oui, pid) {
        (snap_oui::ENCAP_ETHER, _) => ethertype(ctx, pid, data, length),
        (snap_oui::CISCO, cisco_pid::PVST | cisco_pid::VLAN_BRIDGE) => stp::print(ctx, data, length).map(|()| true),
        (snap_oui::CISCO, cisco_pid::CDP) => cdp::print(ctx, data, length).map(|()| true),
        (snap_oui::CISCO, cisco_pid::DTP) => dtp::print(ctx, data, length).map(|()| true),
        (snap_oui::CISCO, cisco_pid::UDLD) => udld::print(ctx, data, length).map(|()| true),
        _ => Ok(false),
    }
}

/// Dispatches on a BSD loopback address family; false when it is not IP.
/// AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD)
/// or 30 (macOS).
pub fn bsd_af(ctx: &mut Ctx<'_>, family: u32, data: &[u8], length: u32) -> R<bool> {
    match family {
        AF_INET => ip::ip4(ctx, data, length)?,
        24 | 28 | 30 => ip::ip6(ctx, data, length)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// Hands an IP payload to its protocol printer (`ip_demux_print`).
pub fn ip_proto(ctx: &mut Ctx<'_>, data: &[u8], length: u32, info: &IpInfo<'_>, nh: u8, fragmented: bool) -> R {
    match IpProto(nh) {
        IpProto::TCP => tcp::print(ctx, data, length, info, fragmented),
        IpProto::UDP => udp::print(ctx, data, length, info, fragmented),
        IpProto::ICMP if !info.v6 => icmp::icmp4(ctx, data, length, info, fragmented),
        IpProto::ICMPV6 if info.v6 => icmp::icmp6(ctx, data, length, info, fragmented),
        IpProto::VRRP if !info.v6 => {
            let ttl = g8(info.hdr, ip4f::TTL)?;
            vrrp::print(ctx, data, length, info, ttl)
        }
        IpProto::GRE => gre::print(ctx, data, length),
        IpProto::OSPF => ospf::print(ctx, data, length, info.v6),
        IpProto::SCTP => sctp::print(ctx, data, length, info),
        IpProto::IGMP if igmp::handles(data) => igmp::print(ctx, data, length),
        IpProto::ESP => esp::print(ctx, data, length),
        IpProto::AH => {
            // tcpdump's ip_demux_print goes round again with AH's next header.
            // The addresses are already printed, so ports go without them.
            let (next, hlen) = ah::print(ctx, data)?;
            let after = IpInfo { direct: false, ..*info };
            ip_proto(ctx, from(data, hlen), length.saturating_sub(hlen as u32), &after, next, fragmented)
        }
        IpProto::IPIP => ip::ip4(ctx, data, length),
        IpProto::IPV6 => ip::ip6(ctx, data, length),
        IpProto::IPV6_NONXT => {
            ctx.s("no next header");
            Ok(())
        }
        _ => {
            ctx.s(" ip-proto-");
            ctx.u(nh);
            ctx.s(" ");
            ctx.u(length);
            Ok(())
        }
    }
}

/// The UDP payload printers chosen by port, in tcpdump's order (DNS, then
/// mDNS, before any other port); false when no port matched and the caller
/// prints the bare length.
pub fn udp_port(ctx: &mut Ctx<'_>, cp: &[u8], length: u32, sport: u16, dport: u16) -> R<bool> {
    let is = |p: Port| sport == p.0 || dport == p.0;
    if is(Port::DNS) || is(Port::MDNS) {
        let cp = &cp[..cp.len().min(length as usize)];
        dns::print(ctx, cp, length, false, !is(Port::DNS))?;
    } else if is(Port::TFTP) {
        udp::tftp(ctx, cp, length)?;
    } else if is(Port::BOOTPC) || is(Port::BOOTPS) {
        bootp::print(ctx, cp, length)?;
    } else if is(Port::RIP) {
        rip::print(ctx, cp, length)?;
    } else if is(Port::SNMP) || is(Port::SNMP_TRAP) {
        snmp::print(ctx, cp, length)?;
    } else if is(Port::NTP) {
        ntp::print(ctx, cp, length)?;
    } else if is(Port::RIPNG) {
        rip::ripng(ctx, cp, length)?;
    } else if is(Port::DHCP6_CLIENT) || is(Port::DHCP6_SERVER) {
        dhcp6::print(ctx, &cp[..cp.len().min(length as usize)])?;
    } else if dport == Port::HSRP.0 {
        hsrp::print(ctx, cp, length)?;
    } else if is(Port::SIP) {
        ctx.proto = "sip";
        txtproto::txtproto(ctx, cp, length, Some(txtproto::SIP_CMDS))?;
    } else if is(Port::SYSLOG) {
        syslog::print(ctx, cp, length)?;
    } else if is(Port::VXLAN) {
        vxlan::print(ctx, cp, length)?;
    } else {
        return Ok(false);
    }
    Ok(true)
}

/// The TCP payload printers chosen by port (print-tcp.c's port tests).
pub fn tcp_port(ctx: &mut Ctx<'_>, bp: &[u8], length: u32, sport: u16, dport: u16) -> R {
    let is = |p: Port| sport == p.0 || dport == p.0;
    // The line-oriented protocols print `: ` and their name in capitals.
    let text = |ctx: &mut Ctx<'_>, proto: &'static str, cmds: Option<&[&str]>| {
        ctx.s(": ");
        ctx.proto = proto;
        txtproto::txtproto(ctx, bp, length, cmds)
    };
    if is(Port::TELNET) {
        telnet::print(ctx, bp, length)
    } else if is(Port::SMTP) {
        text(ctx, "smtp", None)
    } else if is(Port::WHOIS) {
        text(ctx, "whois", None)
    } else if is(Port::BGP) {
        // print-bgp.c decodes the messages under -v only.
        ctx.proto = "bgp";
        ctx.s(": BGP");
        Ok(())
    } else if is(Port::SSH) {
        ctx.proto = "ssh";
        txtproto::ssh(ctx, bp, length)
    } else if is(Port::FTP) {
        text(ctx, "ftp", None)
    } else if is(Port::HTTP) || is(Port::HTTP_ALT) {
        text(ctx, "http", Some(txtproto::HTTP_CMDS))
    } else if is(Port::RTSP) || is(Port::RTSP_ALT) {
        text(ctx, "rtsp", None)
    } else if is(Port::DNS) {
        dns::print(ctx, bp, length, true, false)
    } else {
        Ok(())
    }
}
