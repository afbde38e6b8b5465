//! PPP frames (RFC 1661 §2, in RFC 1662's HDLC-like framing) and the
//! packet header of its control protocols (RFC 1661 §5), as lax views.
//!
//! ```text
//! +----------+----------+----------+-------------+---------
//! | Address  | Control  | Protocol | Information | Padding
//! |   0xff   |   0x03   | 8/16 bits|      *      |    *
//! +----------+----------+----------+-------------+---------
//! ```
//! Address and Control may be left out (ACFC), and a Protocol with an odd
//! first byte is one byte long (PFC). pppd's captures put 0x00/0x01 (in/out)
//! where the address goes. A control protocol (LCP, IPCP, …) packet:
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |     Code      |  Identifier   |            Length             |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |    Data ...
//! ```

use super::field::{get16, get8, Field};

/// Byte ranges of the (uncompressed) frame header.
pub mod field {
    use super::Field;
    /// 0xff (all stations), or pppd's 0x00 in / 0x01 out.
    pub const ADDRESS: Field = 0..1;
    /// 0x03 (unnumbered information).
    pub const CONTROL: Field = 1..2;
    /// Protocol, 2 bytes unless compressed to 1.
    pub const PROTOCOL: Field = 2..4;
}

/// Byte ranges of a control protocol packet.
pub mod ctrl_field {
    use super::Field;
    pub const CODE: Field = 0..1;
    pub const ID: Field = 1..2;
    pub const LENGTH: Field = 2..4;
}

/// The Address value of RFC 1662 framing.
pub const ADDRESS_ALL: u8 = 0xff;
/// The Control value of RFC 1662 framing.
pub const CONTROL_UI: u8 = 0x03;
/// pppd's direction byte in place of the address: received.
pub const PPPD_IN: u8 = 0x00;
/// pppd's direction byte in place of the address: sent.
pub const PPPD_OUT: u8 = 0x01;

/// What precedes the protocol field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// No address and control (ACFC).
    None,
    /// 0xff 0x03.
    Hdlc,
    /// pppd's direction byte, received.
    In,
    /// pppd's direction byte, sent.
    Out,
}

/// A PPP frame over captured bytes.
#[derive(Clone, Copy, Debug)]
pub struct Ppp<'a>(&'a [u8]);

impl<'a> Ppp<'a> {
    /// Wraps the bytes from the address field (or the protocol, when
    /// compressed away) on.
    pub fn new(data: &'a [u8]) -> Self {
        Ppp(data)
    }
    /// How the frame starts; `None` when two bytes were not captured.
    pub fn framing(&self) -> Option<Framing> {
        let first = get16(self.0, field::ADDRESS.start)?;
        Some(match first.to_be_bytes() {
            [ADDRESS_ALL, CONTROL_UI] => Framing::Hdlc,
            [PPPD_IN, CONTROL_UI] => Framing::In,
            [PPPD_OUT, CONTROL_UI] => Framing::Out,
            _ => Framing::None,
        })
    }
    /// Offset of the protocol field for a framing.
    pub fn protocol_at(framing: Framing) -> usize {
        if framing == Framing::None { 0 } else { field::PROTOCOL.start }
    }
    /// The protocol at `at` and its length (1 when its first byte is odd, PFC).
    pub fn protocol(&self, at: usize) -> Option<(u16, usize)> {
        let b = get8(self.0, at)?;
        if b % 2 == 1 {
            Some((u16::from(b), 1))
        } else {
            Some((get16(self.0, at)?, 2))
        }
    }
    /// Captured bytes from `at` on.
    pub fn from(&self, at: usize) -> &'a [u8] {
        self.0.get(at..).unwrap_or(&[])
    }
}

/// A control protocol packet (LCP, IPCP, …) over captured bytes.
#[derive(Clone, Copy, Debug)]
pub struct Ctrl<'a>(&'a [u8]);

impl<'a> Ctrl<'a> {
    /// Wraps the bytes from the code on.
    pub fn new(data: &'a [u8]) -> Self {
        Ctrl(data)
    }
    /// Code (1 Configure-Request …).
    pub fn code(&self) -> Option<u8> {
        get8(self.0, ctrl_field::CODE.start)
    }
    /// Identifier matching requests and replies.
    pub fn id(&self) -> Option<u8> {
        get8(self.0, ctrl_field::ID.start)
    }
    /// Length of the packet, header included, as stated.
    pub fn length(&self) -> Option<u16> {
        get16(self.0, ctrl_field::LENGTH.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hdlc_framing_then_a_two_byte_protocol() {
        let p = Ppp::new(&[0xff, 0x03, 0xc0, 0x21, 1]);
        let f = p.framing();
        assert_eq!(f, Some(Framing::Hdlc));
        assert_eq!(p.protocol(Ppp::protocol_at(Framing::Hdlc)), Some((0xc021, 2)));
    }

    #[test]
    fn an_odd_first_byte_is_a_compressed_protocol() {
        let p = Ppp::new(&[0x21, 0x45, 0]);
        assert_eq!(p.framing(), Some(Framing::None));
        assert_eq!(p.protocol(0), Some((0x21, 1)));
    }
}
