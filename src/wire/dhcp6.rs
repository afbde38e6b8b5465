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
//!
//! Options (RFC 8415 §21.1) are a 16-bit code, a 16-bit length and the
//! value; some hold options of their own. [`Dhcp6Options`] walks them
//! without trusting a length: a value running past the bytes given ends
//! the walk as cut.

use super::field::{get16, get32, get8, get_bytes, Field};
use super::registry::Dhcp6Option;

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

/// Where the options start in a client/server message and in a relay message.
pub const OPTIONS: usize = 4;
/// Where the options start in a relay message.
pub const RELAY_OPTIONS: usize = 34;

/// DUID types (RFC 8415 §11.1).
pub mod duid {
    /// Link-layer address plus time.
    pub const LLT: u16 = 1;
    /// Vendor-assigned, by enterprise number.
    pub const EN: u16 = 2;
    /// Link-layer address.
    pub const LL: u16 = 3;
}

/// One step of the walk over a list of options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    /// An option and its whole value.
    Opt { code: Dhcp6Option, value: &'a [u8] },
    /// The bytes end inside an option's header or value.
    Cut,
}

/// The options in `data`, one at a time; ends after a cut one.
#[derive(Clone, Debug)]
pub struct Dhcp6Options<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Dhcp6Options<'a> {
    /// Walks `data`, which holds nothing but options.
    pub fn new(data: &'a [u8]) -> Self {
        Dhcp6Options { data, at: 0 }
    }
}

impl<'a> Iterator for Dhcp6Options<'a> {
    type Item = Item<'a>;
    fn next(&mut self) -> Option<Item<'a>> {
        if self.at >= self.data.len() {
            return None;
        }
        let head = (get16(self.data, self.at), get16(self.data, self.at + 2));
        let value = match head {
            (Some(code), Some(len)) => get_bytes(self.data, self.at + 4, len.into()).map(|v| (code, v)),
            _ => None,
        };
        let Some((code, value)) = value else {
            self.at = self.data.len();
            return Some(Item::Cut);
        };
        self.at += 4 + value.len();
        Some(Item::Opt { code: Dhcp6Option(code), value })
    }
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
    /// Hop count of a relay message.
    pub fn hop_count(&self) -> Option<u8> {
        get8(self.0, relay_field::HOP_COUNT.start)
    }
    /// The options from `at` on (`OPTIONS` or `RELAY_OPTIONS`).
    pub fn options(&self, at: usize) -> Dhcp6Options<'a> {
        Dhcp6Options::new(self.0.get(at..).unwrap_or(&[]))
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

    #[test]
    fn the_options_walk_stops_at_a_value_past_the_end() {
        // Elapsed time (8) = 0x0102, then a DNS servers option (23)
        // claiming 0xffff bytes.
        let d = [0, 8, 0, 2, 1, 2, 0, 23, 0xff, 0xff, 0];
        let items: Vec<Item<'_>> = Dhcp6Options::new(&d).collect();
        assert_eq!(items, [Item::Opt { code: Dhcp6Option::ELAPSED_TIME, value: &[1, 2][..] }, Item::Cut]);
    }
}
