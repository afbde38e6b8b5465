//! DHCPv6 message header (RFC 8415 §8 and §9), as a lax view.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |    msg-type   |               transaction-id                  |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                            options ...                        |
//! ```
//! Relay messages (RELAY-FORW 12, RELAY-REPL 13) carry a hop count, a
//! 16-byte link address and a 16-byte peer address instead of the
//! transaction id.

use super::field::{get32, get8, get_bytes, Field};

/// Byte ranges of a client/server message header.
pub mod field {
    use super::Field;
    pub const MSG_TYPE: Field = 0..1;
    /// 24 bits, read as the low bits of the first word.
    pub const TRANSACTION_ID: Field = 1..4;
}

/// Byte ranges of a relay message header.
pub mod relay_field {
    use super::Field;
    pub const MSG_TYPE: Field = 0..1;
    pub const HOP_COUNT: Field = 1..2;
    pub const LINK_ADDRESS: Field = 2..18;
    pub const PEER_ADDRESS: Field = 18..34;
}

/// Message types (RFC 8415 §7.3, RFC 5007 leasequery).
pub mod msg {
    pub const SOLICIT: u8 = 1;
    pub const ADVERTISE: u8 = 2;
    pub const REQUEST: u8 = 3;
    pub const CONFIRM: u8 = 4;
    pub const RENEW: u8 = 5;
    pub const REBIND: u8 = 6;
    pub const REPLY: u8 = 7;
    pub const RELEASE: u8 = 8;
    pub const DECLINE: u8 = 9;
    pub const RECONFIGURE: u8 = 10;
    pub const INFORMATION_REQUEST: u8 = 11;
    pub const RELAY_FORW: u8 = 12;
    pub const RELAY_REPL: u8 = 13;
    pub const LEASEQUERY: u8 = 14;
    pub const LEASEQUERY_REPLY: u8 = 15;
}

/// A DHCPv6 message over captured bytes.
#[derive(Clone, Copy, Debug)]
pub struct Dhcp6<'a>(&'a [u8]);

impl<'a> Dhcp6<'a> {
    /// Wraps the UDP payload.
    pub fn new(data: &'a [u8]) -> Self {
        Dhcp6(data)
    }
    /// Message type.
    pub fn msg_type(&self) -> Option<u8> {
        get8(self.0, field::MSG_TYPE.start)
    }
    /// The 24-bit transaction id (client/server messages).
    pub fn transaction_id(&self) -> Option<u32> {
        Some(get32(self.0, 0)? & 0x00ff_ffff)
    }
    /// Link address of a relay message.
    pub fn link_address(&self) -> Option<&'a [u8]> {
        get_bytes(self.0, relay_field::LINK_ADDRESS.start, 16)
    }
    /// Peer address of a relay message.
    pub fn peer_address(&self) -> Option<&'a [u8]> {
        get_bytes(self.0, relay_field::PEER_ADDRESS.start, 16)
    }
    /// True when the first word (type and transaction id) was captured.
    pub fn header_captured(&self) -> bool {
        self.0.len() >= field::TRANSACTION_ID.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_solicit_has_type_1_and_a_24_bit_transaction_id() {
        let d = Dhcp6::new(&[1, 0x12, 0x34, 0x56, 0, 1]);
        assert_eq!((d.msg_type(), d.transaction_id()), (Some(msg::SOLICIT), Some(0x123456)));
    }
}
