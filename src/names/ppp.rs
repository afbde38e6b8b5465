//! PPP and PPPoE names as tcpdump 5.0 prints them (print-ppp.c
//! `ppptype2str` and `cpcodes`, print-pppoe.c `pppoecode2str` and
//! `pppoetag2str`).

use crate::wire::registry::PppProto;

impl PppProto {
    /// tcpdump's `ppptype2str` name, `None` for a protocol it does not name.
    pub fn tcpdump_name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x0021 => "IP",
            0x0023 => "OSI",
            0x0025 => "NS",
            0x0027 => "DECNET",
            0x0029 => "APPLE",
            0x002b => "IPX",
            0x002d => "VJC IP",
            0x002f => "VJNC IP",
            0x0031 => "BRPDU",
            0x0033 => "STII",
            0x0035 => "VINES",
            0x0281 | 0x0283 => "MPLS",
            0x00fd => "Compressed",
            0x003d => "MLPPP",
            0x0057 => "IP6",
            0x0201 => "HELLO",
            0x0231 => "LUXCOM",
            0x0233 => "SNS",
            0x8021 => "IPCP",
            0x8023 => "OSICP",
            0x8025 => "NSCP",
            0x8027 => "DECNETCP",
            0x8029 => "APPLECP",
            0x802b => "IPXCP",
            0x8033 => "STIICP",
            0x8035 => "VINESCP",
            0x8057 => "IP6CP",
            0x8281 => "MPLSCP",
            0xc021 => "LCP",
            0xc023 => "PAP",
            0xc025 => "LQM",
            0xc223 => "CHAP",
            0xc227 => "EAP",
            0xc027 => "SPAP",
            0xc123 => "Old-SPAP",
            0xc02b => "BACP",
            0xc02d => "BAP",
            0xc03d => "MLPPP-CP",
            0x80fd => "CCP",
            _ => return None,
        })
    }
}

/// A control protocol code (RFC 1661 §5 and its extensions), as tcpdump names it.
pub fn ctrl_code(code: u8) -> &'static str {
    match code {
        0 => "Vendor-Extension",
        1 => "Conf-Request",
        2 => "Conf-Ack",
        3 => "Conf-Nack",
        4 => "Conf-Reject",
        5 => "Term-Request",
        6 => "Term-Ack",
        7 => "Code-Reject",
        8 => "Prot-Reject",
        9 => "Echo-Request",
        10 => "Echo-Reply",
        11 => "Disc-Req",
        12 => "Ident",
        13 => "Time-Rem",
        14 => "Reset-Req",
        15 => "Reset-Ack",
        _ => "Unknown Opcode",
    }
}

/// A PPPoE code's name; `None` for codes tcpdump prints as `PAD-%x`.
/// Session data (0) has an empty name.
pub fn pppoe_code(code: u8) -> Option<&'static str> {
    Some(match code {
        0x09 => "PADI",
        0x07 => "PADO",
        0x19 => "PADR",
        0x65 => "PADS",
        0xa7 => "PADT",
        0x00 => "",
        _ => return None,
    })
}

/// A PPPoE discovery tag's name; `None` for tags tcpdump prints as `TAG-0x%x`.
pub fn pppoe_tag(tag: u16) -> Option<&'static str> {
    Some(match tag {
        0x0000 => "EOL",
        0x0101 => "Service-Name",
        0x0102 => "AC-Name",
        0x0103 => "Host-Uniq",
        0x0104 => "AC-Cookie",
        0x0105 => "Vendor-Specific",
        0x0110 => "Relay-Session-ID",
        0x0120 => "PPP-Max-Payload",
        0x0201 => "Service-Name-Error",
        0x0202 => "AC-System-Error",
        0x0203 => "Generic-Error",
        _ => return None,
    })
}

/// An LCP option's name (tcpdump's `lcpconfopts`, options 0–30).
pub fn lcp_option(opt: u8) -> Option<&'static str> {
    const NAMES: [&str; 31] = [
        "Vend-Ext", "MRU", "ACCM", "Auth-Prot", "Qual-Prot", "Magic-Num", "deprecated(6)", "PFC", "ACFC", "FCS-Alt", "SDP", "Num-Mode",
        "deprecated(12)", "Call-Back", "deprecated(14)", "deprecated(15)", "deprecated(16)", "MRRU", "12-Bit seq #", "End-Disc",
        "Proprietary", "DCE-Id", "MP+", "Link-Disc", "LCP-Auth-Opt", "COBS", "Prefix-elision", "Multilink-header-Form", "I18N",
        "SDL-over-SONET/SDH", "PPP-Muxing",
    ];
    NAMES.get(opt as usize).copied()
}

/// An IPCP option's name (tcpdump's `ipcpopt_values`).
pub fn ipcp_option(opt: u8) -> Option<&'static str> {
    Some(match opt {
        1 => "IP-Addrs",
        2 => "IP-Comp",
        3 => "IP-Addr",
        4 => "Home-Addr",
        129 => "Pri-DNS",
        130 => "Pri-NBNS",
        131 => "Sec-DNS",
        132 => "Sec-NBNS",
        _ => return None,
    })
}

/// A CHAP authentication algorithm (tcpdump's `authalg_values`).
pub fn auth_alg(alg: u8) -> Option<&'static str> {
    Some(match alg {
        5 => "MD5",
        128 => "MS-CHAPv1",
        129 => "MS-CHAPv2",
        _ => return None,
    })
}

/// A CHAP code (tcpdump's `chapcode_values`).
pub fn chap_code(code: u8) -> Option<&'static str> {
    Some(match code {
        1 => "Challenge",
        2 => "Response",
        3 => "Success",
        4 => "Fail",
        _ => return None,
    })
}

/// A PAP code (tcpdump's `papcode_values`).
pub fn pap_code(code: u8) -> Option<&'static str> {
    Some(match code {
        1 => "Auth-Req",
        2 => "Auth-ACK",
        3 => "Auth-NACK",
        _ => return None,
    })
}
