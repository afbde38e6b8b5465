//! DHCPv6 names as tcpdump 5.0 prints them (print-dhcp6.c
//! `dh6_msgtype_str`, `dh6opt_str`, `dh6opt_stcode_str`).

use crate::wire::registry::Dhcp6Option;

/// A message type's name; `None` for one tcpdump prints as `msgtype-N`.
pub fn msg_type(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "solicit",
        2 => "advertise",
        3 => "request",
        4 => "confirm",
        5 => "renew",
        6 => "rebind",
        7 => "reply",
        8 => "release",
        9 => "decline",
        10 => "reconfigure",
        11 => "inf-req",
        12 => "relay-fwd",
        13 => "relay-reply",
        14 => "leasequery",
        15 => "leasequery-reply",
        _ => return None,
    })
}

impl Dhcp6Option {
    /// tcpdump's name for the option (`dh6opt_str`); it prints `opt_N` otherwise.
    pub fn tcpdump_name(self) -> Option<&'static str> {
        Some(match self.0 {
            1 => "client-ID",
            2 => "server-ID",
            3 => "IA_NA",
            4 => "IA_TA",
            5 => "IA_ADDR",
            6 => "option-request",
            7 => "preference",
            8 => "elapsed-time",
            9 => "relay-message",
            11 => "authentication",
            12 => "server-unicast",
            13 => "status-code",
            14 => "rapid-commit",
            15 => "user-class",
            16 => "vendor-class",
            17 => "vendor-specific-info",
            18 => "interface-ID",
            19 => "reconfigure-message",
            20 => "reconfigure-accept",
            21 => "SIP-servers-domain",
            22 => "SIP-servers-address",
            23 => "DNS-server",
            24 => "DNS-search-list",
            25 => "IA_PD",
            26 => "IA_PD-prefix",
            27 => "NIS-server",
            28 => "NIS+-server",
            29 => "NIS-domain-name",
            30 => "NIS+-domain-name",
            31 => "SNTP-servers",
            32 => "lifetime",
            33 => "BCMCS-domain-name",
            34 => "BCMCS-server",
            36 => "Geoconf-Civic",
            37 => "Remote-ID",
            38 => "Subscriber-ID",
            39 => "Client-FQDN",
            40 => "PANA-agent",
            41 => "POSIX-timezone",
            42 => "POSIX-tz-database",
            43 => "Echo-request-option",
            44 => "Lease-query",
            45 => "LQ-client-data",
            46 => "Clt-time",
            47 => "LQ-relay-data",
            48 => "LQ-client-link",
            56 => "NTP-server",
            59 => "Bootfile-URL",
            64 => "AFTR-Name",
            112 => "MUD-URL",
            136 => "SZTP-redirect",
            _ => return None,
        })
    }
}

/// A status code's name (RFC 8415 §21.13, RFC 3633, RFC 5007); tcpdump
/// prints `codeN` for other codes up to 255.
pub fn status(code: u16) -> Option<&'static str> {
    Some(match code {
        0 => "Success",
        1 => "UnspecFail",
        2 => "NoAddrsAvail",
        3 => "NoBinding",
        4 => "NotOnLink",
        5 => "UseMulticast",
        6 => "NoPrefixAvail",
        7 => "UnknownQueryType",
        8 => "MalformedQuery",
        9 => "NotConfigured",
        10 => "NotAllowed",
        _ => return None,
    })
}
