//! Names the tcpdump printer asks for, all read from `crate::names`.

pub use crate::names::link::{tcpdump_arphrd as arphrd, tcpdump_bsd_af as bsd_af};

/// Port name for `-n`-less output, from the same netbase table tcpdump's
/// getservbyport reads; tcpdump never names ports once `-n` is given.
pub fn port(tcp: bool, port: u16) -> Option<&'static str> {
    let proto = if tcp { crate::names::IpProto::TCP } else { crate::names::IpProto::UDP };
    crate::names::services::netbase_service(proto.0, port)
}
