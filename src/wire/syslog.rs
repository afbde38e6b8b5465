//! BSD syslog messages (RFC 3164 §4.1, RFC 5424 §6.2.1), as a lax view:
//! the PRI part `<N>` that starts every message, facility × 8 + severity.
//!
//! ```text
//! <34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick
//! ^^^^ PRI: facility 4 (auth), severity 2 (critical)
//! ```

use super::field::{get8, Field};

/// Byte ranges of the message.
pub mod field {
    use super::Field;
    /// The `<` that opens the PRI part.
    pub const PRI_OPEN: Field = 0..1;
}

/// At most this many digits are read in the PRI part (tcpdump's `SYSLOG_MAX_DIGITS`).
pub const MAX_PRI_DIGITS: usize = 3;

/// The PRI part as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pri {
    /// `<N>`: the value and the offset of the message after `>`.
    Valid { value: u16, msg_at: usize },
    /// No `<`, or no `>` after at most three digits.
    Invalid,
}

impl Pri {
    /// Facility (RFC 5424 Table 1).
    pub fn facility(value: u16) -> u16 {
        (value & 0x03f8) >> 3
    }
    /// Severity (RFC 5424 Table 2).
    pub fn severity(value: u16) -> u16 {
        value & 0x0007
    }
}

/// Reads the PRI part; `None` when the capture ends inside it.
pub fn pri(msg: &[u8]) -> Option<Pri> {
    if get8(msg, field::PRI_OPEN.start)? != b'<' {
        return Some(Pri::Invalid);
    }
    let mut at = field::PRI_OPEN.end;
    let mut value = 0u16;
    while at <= MAX_PRI_DIGITS {
        let b = get8(msg, at)?;
        if !b.is_ascii_digit() {
            break;
        }
        value = value * 10 + u16::from(b - b'0');
        at += 1;
    }
    if get8(msg, at)? != b'>' {
        return Some(Pri::Invalid);
    }
    Some(Pri::Valid { value, msg_at: at + 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pri_34_is_auth_critical() {
        let p = pri(b"<34>Oct 11 22:14:15 su: failed");
        assert_eq!(p, Some(Pri::Valid { value: 34, msg_at: 4 }));
        assert_eq!((Pri::facility(34), Pri::severity(34)), (4, 2));
    }

    #[test]
    fn a_fourth_digit_makes_the_pri_invalid() {
        assert_eq!(pri(b"<1234>x"), Some(Pri::Invalid));
        assert_eq!(pri(b"<12"), None);
    }
}
