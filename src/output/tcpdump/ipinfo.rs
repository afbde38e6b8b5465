//! The IP header as the transport printers see it: addresses, the
//! `src.port > dst.port` line head and the pseudo-header checksum. A leaf
//! module, so that transports need not import the IP printer that calls them.

use super::{fmt, names, Ctx};
use crate::wire::{checksum, ipv4, ipv6};
use std::net::IpAddr;

/// The IP header a transport printer needs (addresses, protocol, version).
#[derive(Clone, Copy)]
pub struct IpInfo<'a> {
    /// The IP header bytes (at least 20 / 40 captured).
    pub hdr: &'a [u8],
    pub v6: bool,
    /// The transport printer should print ports with addresses (IPv4 proto
    /// field / IPv6 next header is the transport itself).
    pub direct: bool,
    /// Final destination from an IPv6 routing header (used by checksums).
    pub final_dst: Option<&'a [u8]>,
}

impl IpInfo<'_> {
    pub fn src(&self) -> &[u8] {
        if self.v6 {
            &self.hdr[ipv6::field::SRC]
        } else {
            &self.hdr[ipv4::field::SRC]
        }
    }
    pub fn dst(&self) -> &[u8] {
        if self.v6 {
            &self.hdr[ipv6::field::DST]
        } else {
            &self.hdr[ipv4::field::DST]
        }
    }
    /// Appends an address of this packet's family.
    pub fn addr(&self, out: &mut Vec<u8>, a: &[u8]) {
        if self.v6 {
            fmt::ipv6(out, a)
        } else {
            fmt::ipv4(out, a)
        }
    }
    /// `src > dst: `
    pub fn addrs(&self, ctx: &mut Ctx<'_>) {
        self.addr(ctx.out, self.src());
        ctx.s(" > ");
        self.addr(ctx.out, self.dst());
        ctx.s(": ");
    }
    /// `src.sport > dst.dport: ` (tcpdump's `tcpipaddr_print` and
    /// `udpipaddr_print`), or the ports alone when this header is not the
    /// transport's own; `tcp` picks the service names.
    pub fn endpoints(&self, ctx: &mut Ctx<'_>, tcp: bool, sport: u16, dport: u16) {
        if self.direct {
            self.addr(ctx.out, self.src());
            ctx.s(".");
            port(ctx, tcp, sport);
            ctx.s(" > ");
            self.addr(ctx.out, self.dst());
            ctx.s(".");
            port(ctx, tcp, dport);
        } else {
            port(ctx, tcp, sport);
            ctx.s(" > ");
            port(ctx, tcp, dport);
        }
        ctx.s(": ");
    }
    /// Transport checksum of `seg` with this packet's pseudo-header (the
    /// routing header's final destination in place of `dst` when there is one).
    pub fn cksum(&self, proto: u8, seg: &[u8]) -> u16 {
        let dst = self.final_dst.unwrap_or(self.dst());
        checksum::transport(ip_addr(self.src()), ip_addr(dst), proto, seg)
    }
}

/// `[udp sum ok] ` or `[bad udp cksum 0x… -> 0x…!] ` (print-udp.c and
/// print-icmp6.c word it alike): `field` as carried, `computed` over the
/// message with it.
pub fn sum_verdict(ctx: &mut Ctx<'_>, proto: &str, field: u16, computed: u16) {
    if computed != 0 {
        ctx.s("[bad ");
        ctx.s(proto);
        ctx.s(" cksum 0x");
        fmt::x_pad(ctx.out, field as u64, 4);
        ctx.s(" -> 0x");
        fmt::x_pad(ctx.out, checksum::should_be(field, computed) as u64, 4);
        ctx.s("!] ");
    } else {
        ctx.s("[");
        ctx.s(proto);
        ctx.s(" sum ok] ");
    }
}

/// A port, by its service name where `-nn` is not given and netbase has one.
fn port(ctx: &mut Ctx<'_>, tcp: bool, port: u16) {
    match ctx.opts.resolve_ports.then(|| names::port(tcp, port)).flatten() {
        Some(n) => ctx.s(n),
        None => ctx.u(port),
    }
}

/// An address from its 4 or 16 header bytes.
fn ip_addr(b: &[u8]) -> IpAddr {
    match (<[u8; 4]>::try_from(b), <[u8; 16]>::try_from(b)) {
        (Ok(v4), _) => IpAddr::from(v4),
        (_, Ok(v6)) => IpAddr::from(v6),
        // IpInfo's slices are always 4 or 16 bytes long.
        _ => IpAddr::from([0u8; 16]),
    }
}
