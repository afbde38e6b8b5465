//! TCP option kinds (IANA tcp-parameters registry, RFC 9293 §3.2).
//!
//! Two flavours of name: Wireshark's ("Maximum Segment Size") for detail
//! views, and tcpdump 4.99's option tokens ("mss", "sackOK", "TS") used in
//! `options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]`, where an unknown
//! kind prints as `opt-N`.

use std::fmt;

pub use crate::wire::registry::TcpOptionKind;

impl TcpOptionKind {
    /// Wireshark-style name ("Maximum Segment Size"), if assigned.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "End of Option List",
            1 => "No-Operation",
            2 => "Maximum Segment Size",
            3 => "Window Scale",
            4 => "SACK Permitted",
            5 => "SACK",
            6 => "Echo",
            7 => "Echo Reply",
            8 => "Timestamps",
            9 => "Partial Order Connection Permitted",
            10 => "Partial Order Service Profile",
            11 => "CC",
            12 => "CC.NEW",
            13 => "CC.ECHO",
            14 => "TCP Alternate Checksum Request",
            15 => "TCP Alternate Checksum Data",
            16 => "Skeeter",
            17 => "Bubba",
            18 => "Trailer Checksum Option",
            19 => "MD5 Signature Option",
            20 => "SCPS Capabilities",
            21 => "Selective Negative Acknowledgements",
            22 => "Record Boundaries",
            23 => "Corruption experienced",
            24 => "SNAP",
            26 => "TCP Compression Filter",
            27 => "Quick-Start Response",
            28 => "User Timeout Option",
            29 => "TCP Authentication Option",
            30 => "Multipath TCP",
            34 => "TCP Fast Open Cookie",
            69 => "Encryption Negotiation",
            172 => "Accurate ECN Order 0",
            174 => "Accurate ECN Order 1",
            253 => "RFC3692-style Experiment 1",
            254 => "RFC3692-style Experiment 2",
            _ => return None,
        })
    }

    /// tcpdump 4.99's token ("mss", "wscale", "sackOK", "TS"); tcpdump prints `opt-N` otherwise.
    pub fn tcpdump_name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "eol",
            1 => "nop",
            2 => "mss",
            3 => "wscale",
            4 => "sackOK",
            5 => "sack",
            6 => "echo",
            7 => "echoreply",
            8 => "TS",
            11 => "cc",
            12 => "ccnew",
            13 => "",
            19 => "md5",
            20 => "scps",
            28 => "uto",
            29 => "tcp-ao",
            30 => "mptcp",
            34 => "tfo",
            254 => "exp",
            _ => return None,
        })
    }
}


impl fmt::Display for TcpOptionKind {
    /// The Wireshark-style name, or `opt-N` as tcpdump prints unknown kinds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "opt-{}", self.0),
        }
    }
}

/// Standard (PEN 0) reason codes of the TCP RST diagnostic payload that
/// tcpdump 5.0 names; only the one its suite shows is known here, others
/// print as numbers.
pub fn rst_reason(code: u16) -> Option<&'static str> {
    match code {
        1 => Some("Illegal option length"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_flavours() {
        assert_eq!(TcpOptionKind::MSS.name(), Some("Maximum Segment Size"));
        assert_eq!(TcpOptionKind::MSS.tcpdump_name(), Some("mss"));
        assert_eq!(TcpOptionKind::SACK_PERMITTED.tcpdump_name(), Some("sackOK"));
        assert_eq!(TcpOptionKind::TIMESTAMPS.tcpdump_name(), Some("TS"));
        assert_eq!(TcpOptionKind::TCP_AO.tcpdump_name(), Some("tcp-ao"));
        assert_eq!(
            TcpOptionKind::FAST_OPEN.name(),
            Some("TCP Fast Open Cookie")
        );
        assert_eq!(TcpOptionKind(99).tcpdump_name(), None);
        assert_eq!(TcpOptionKind(99).to_string(), "opt-99");
    }

    #[test]
    fn lengths() {
        assert!(TcpOptionKind::NOP.is_single_byte());
        assert_eq!(TcpOptionKind::TIMESTAMPS.expected_len(), Some(10));
        assert_eq!(TcpOptionKind::SACK.expected_len(), None);
    }
}
