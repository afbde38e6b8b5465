//! BOOTP/DHCP names as tcpdump 5.0 prints them (print-bootp.c `tag2str`,
//! `dhcp_msg_values`, `oo2str`, `nbo2str`, `arp2str`,
//! `agent_suboption_values`).

use crate::wire::registry::DhcpOption;

impl DhcpOption {
    /// tcpdump's name for the option; `None` for one it calls `Unknown`.
    pub fn tcpdump_name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "PAD",
            1 => "Subnet-Mask",
            2 => "Time-Zone",
            3 => "Default-Gateway",
            4 => "Time-Server",
            5 => "IEN-Name-Server",
            6 => "Domain-Name-Server",
            7 => "LOG",
            8 => "CS",
            9 => "LPR-Server",
            10 => "IM",
            11 => "RL",
            12 => "Hostname",
            13 => "BS",
            14 => "DP",
            15 => "Domain-Name",
            16 => "SS",
            17 => "RP",
            18 => "EP",
            19 => "IPF",
            20 => "SRT",
            21 => "PF",
            22 => "RSZ",
            23 => "TTL",
            24 => "MTU-Timeout",
            25 => "MTU-Table",
            26 => "MTU",
            27 => "LSN",
            28 => "BR",
            29 => "MD",
            30 => "MS",
            31 => "Router-Discovery",
            32 => "RSA",
            33 => "Static-Route",
            34 => "UT",
            35 => "AT",
            36 => "IE",
            37 => "TT",
            38 => "KI",
            39 => "KG",
            40 => "YD",
            41 => "YS",
            42 => "NTP",
            43 => "Vendor-Option",
            44 => "Netbios-Name-Server",
            45 => "WDD",
            46 => "Netbios-Node",
            47 => "Netbios-Scope",
            48 => "XFS",
            49 => "XDM",
            50 => "Requested-IP",
            51 => "Lease-Time",
            52 => "OO",
            53 => "DHCP-Message",
            54 => "Server-ID",
            55 => "Parameter-Request",
            56 => "MSG",
            57 => "MSZ",
            58 => "RN",
            59 => "RB",
            60 => "Vendor-Class",
            61 => "Client-ID",
            64 => "N+D",
            65 => "N+S",
            66 => "TFTP",
            67 => "BF",
            68 => "MH",
            69 => "SMTP",
            70 => "POP3",
            71 => "NNTP",
            72 => "WWW",
            73 => "FG",
            74 => "IRC",
            75 => "STS",
            76 => "STDA",
            77 => "User-Class",
            78 => "SLP-DA",
            79 => "SLP-SCOPE",
            80 => "SLP-NA",
            81 => "FQDN",
            82 => "Agent-Information",
            83 => "ARMT",
            88 => "TZSTR",
            89 => "FQDNS",
            90 => "AUTH",
            91 => "Last-Transaction-Time",
            92 => "Associated-IP",
            93 => "ARCH",
            94 => "NDI",
            95 => "LDAP",
            97 => "GUID",
            98 => "UAP",
            100 => "POSIX-TZ",
            101 => "TZ-Name",
            112 => "NI",
            113 => "NITAG",
            114 => "URL",
            116 => "NOAUTO",
            117 => "NSSEARCH",
            118 => "SUBNET",
            121 => "Classless-Static-Route",
            143 => "SZTP-Redirect",
            150 => "TFTP-Server-Address",
            161 => "MUD-URL",
            249 => "Classless-Static-Route-Microsoft",
            255 => "END",
            _ => return None,
        })
    }
}

/// A DHCP message type's name (RFC 2132 §9.6, RFC 4388 for leasequery).
pub fn message_type(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "Discover",
        2 => "Offer",
        3 => "Request",
        4 => "Decline",
        5 => "ACK",
        6 => "NACK",
        7 => "Release",
        8 => "Inform",
        10 => "LeaseQuery",
        11 => "LeaseUnassigned",
        12 => "LeaseUnknown",
        13 => "LeaseActive",
        _ => return None,
    })
}

/// Where an option overload continues the options (RFC 2132 §9.3).
pub fn overload(v: u8) -> Option<&'static str> {
    Some(match v {
        1 => "file",
        2 => "sname",
        3 => "file+sname",
        _ => return None,
    })
}

/// A NetBIOS over TCP/IP node type (RFC 2132 §8.7).
pub fn netbios_node(v: u8) -> Option<&'static str> {
    Some(match v {
        1 => "b-node",
        2 => "p-node",
        4 => "m-node",
        8 => "h-node",
        _ => return None,
    })
}

/// The hardware types tcpdump names in a client identifier.
pub fn client_id_hardware(v: u8) -> Option<&'static str> {
    Some(match v {
        1 => "ether",
        6 => "ieee802",
        7 => "arcnet",
        15 => "frelay",
        23 => "strip",
        24 => "ieee1394",
        _ => return None,
    })
}

/// A relay agent information sub-option (RFC 3046, RFC 3993).
pub fn agent_suboption(v: u8) -> Option<&'static str> {
    Some(match v {
        1 => "Circuit-ID",
        2 => "Remote-ID",
        6 => "Subscriber-ID",
        _ => return None,
    })
}

/// The client FQDN flag letters in tcpdump's order (RFC 4702 §2.1).
pub const FQDN_FLAGS: [(u8, &str); 4] = [(0x01, "S"), (0x02, "O"), (0x04, "E"), (0x08, "N")];
