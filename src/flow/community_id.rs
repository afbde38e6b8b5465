//! Community ID v1 flow hashing (<https://github.com/corelight/community-id-spec>):
//! `"1:" + base64(SHA-1(seed ‖ saddr ‖ daddr ‖ proto ‖ 0 ‖ sport ‖ dport))`,
//! the endpoints ordered so both directions hash alike (except one-way ICMP).

use super::key::Side;
use crate::wire::registry::IpProto;
use base64::Engine as _;
use sha1::{Digest, Sha1};
use std::net::IpAddr;

fn addr_bytes(a: &IpAddr, out: &mut Vec<u8>) {
    match a {
        IpAddr::V4(v) => out.extend_from_slice(&v.octets()),
        IpAddr::V6(v) => out.extend_from_slice(&v.octets()),
    }
}

fn addr_key(a: &IpAddr) -> Vec<u8> {
    let mut v = Vec::with_capacity(16);
    addr_bytes(a, &mut v);
    v
}

/// The Community ID of a flow, with Zeek's ICMP "ports" (type, counterpart
/// or code) and the one-way flag for ICMP messages without a counterpart.
pub fn community_id(seed: u16, orig: Side, resp: Side, proto: u8, one_way: bool) -> String {
    let (mut a, mut b) = (orig, resp);
    let ports = matches!(
        IpProto(proto),
        IpProto::TCP | IpProto::UDP | IpProto::ICMP | IpProto::ICMPV6 | IpProto::SCTP
    );
    let swap = if one_way && matches!(IpProto(proto), IpProto::ICMP | IpProto::ICMPV6) {
        false
    } else {
        let (ka, kb) = (addr_key(&a.addr), addr_key(&b.addr));
        ka > kb || (ka == kb && ports && a.port > b.port)
    };
    if swap {
        std::mem::swap(&mut a, &mut b);
    }
    let mut buf = Vec::with_capacity(40);
    buf.extend_from_slice(&seed.to_be_bytes());
    addr_bytes(&a.addr, &mut buf);
    addr_bytes(&b.addr, &mut buf);
    buf.push(proto);
    buf.push(0);
    if ports {
        buf.extend_from_slice(&a.port.to_be_bytes());
        buf.extend_from_slice(&b.port.to_be_bytes());
    }
    let digest = Sha1::digest(&buf);
    format!(
        "1:{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: &str, p: u16) -> Side {
        Side {
            addr: a
                .parse()
                .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)),
            port: p,
        }
    }

    #[test]
    fn spec_tcp_example() {
        // From the community-id-spec baseline (tcp, seed 0).
        let id = community_id(
            0,
            s("128.232.110.120", 34855),
            s("66.35.250.204", 80),
            6,
            false,
        );
        assert_eq!(id, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
        let rev = community_id(
            0,
            s("66.35.250.204", 80),
            s("128.232.110.120", 34855),
            6,
            false,
        );
        assert_eq!(id, rev);
    }
}
