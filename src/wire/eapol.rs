//! EAPOL (IEEE 802.1X-2020 §11.3) and the EAP packets it carries (RFC
//! 3748 §4), as lax views: what a Wi-Fi WPA handshake or a wired 802.1X
//! login puts on the wire.
//!
//! ```text
//! | version | type | body length (2) | body: EAP packet, EAPOL-Key, ...
//! EAP:  | code | identifier | length (2) | type (requests and responses) | data
//! ```

use super::field::{get16, get8, Field};

/// Byte ranges of the EAPOL header.
pub mod field {
    use super::Field;
    pub const VERSION: Field = 0..1;
    pub const TYPE: Field = 1..2;
    /// Length of the body after this 4-byte header.
    pub const LENGTH: Field = 2..4;
}

/// Byte ranges of an EAP packet (the body of an EAPOL "EAP packet").
pub mod eap_field {
    use super::Field;
    pub const CODE: Field = 0..1;
    pub const IDENTIFIER: Field = 1..2;
    /// Length of the whole EAP packet, this header included.
    pub const LENGTH: Field = 2..4;
    /// Method type (requests and responses only).
    pub const TYPE: Field = 4..5;
    /// EAP-TLS, TTLS and FAST flags (RFC 5216 §3.1).
    pub const TLS_FLAGS: Field = 5..6;
    /// The TLS message length, present when the L flag is set.
    pub const TLS_LENGTH: Field = 6..10;
    /// The method's data.
    pub const DATA: usize = 5;
}

/// EAPOL header length.
pub const HEADER_LEN: usize = 4;

/// EAPOL packet types (802.1X-2020 Table 11-3).
pub mod kind {
    pub const EAP_PACKET: u8 = 0;
    pub const START: u8 = 1;
    pub const LOGOFF: u8 = 2;
    pub const KEY: u8 = 3;
    pub const ASF_ALERT: u8 = 4;
}

/// EAP codes (RFC 3748 §4).
pub mod code {
    pub const REQUEST: u8 = 1;
    pub const RESPONSE: u8 = 2;
}

/// EAP method types tcpdump decodes further (IANA EAP registry).
pub mod method {
    pub const IDENTITY: u8 = 1;
    pub const NOTIFICATION: u8 = 2;
    pub const NAK: u8 = 3;
    pub const TLS: u8 = 13;
    pub const SIM: u8 = 18;
    pub const TTLS: u8 = 21;
    pub const AKA: u8 = 23;
    pub const FAST: u8 = 43;
}

/// The TLS flags' L bit: a 4-byte message length follows.
pub const TLS_FLAG_LENGTH: u8 = 0x80;

/// An EAPOL frame: its header fields, `None` past the captured bytes.
#[derive(Clone, Copy, Debug)]
pub struct Eapol<'a> {
    data: &'a [u8],
}

impl<'a> Eapol<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Eapol { data }
    }
    pub fn version(&self) -> Option<u8> {
        get8(self.data, field::VERSION.start)
    }
    pub fn kind(&self) -> Option<u8> {
        get8(self.data, field::TYPE.start)
    }
    pub fn length(&self) -> Option<u16> {
        get16(self.data, field::LENGTH.start)
    }
    /// The captured bytes after the header.
    pub fn body(&self) -> &'a [u8] {
        self.data.get(HEADER_LEN..).unwrap_or(&[])
    }
}
