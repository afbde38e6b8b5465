//! Telnet commands in a TCP stream (RFC 854, RFC 855): an IAC byte (255),
//! then a command; DO/DONT/WILL/WONT name an option; SB opens a
//! subnegotiation that IAC SE closes.
//!
//! ```text
//! IAC cmd                        NOP, GA, AYT … (236-249)
//! IAC DO|DONT|WILL|WONT opt      option negotiation
//! IAC SB opt body… IAC SE        subnegotiation
//! IAC IAC                        a data byte 255
//! ```
//! [`next`] reads one command the way tcpdump's print-telnet.c does: the
//! on-wire `length` ends the stream (a command past it is no command), the
//! captured bytes may end sooner (a cut).

/// Interpret As Command.
pub const IAC: u8 = 255;
pub const DONT: u8 = 254;
pub const DO: u8 = 253;
pub const WONT: u8 = 252;
pub const WILL: u8 = 251;
/// Subnegotiation begin.
pub const SB: u8 = 250;
/// Subnegotiation end.
pub const SE: u8 = 240;
/// The lowest command byte (EOF, RFC 1184).
pub const FIRST_COMMAND: u8 = 236;

/// Options whose subnegotiation carries a second named byte.
pub mod option {
    pub const AUTHENTICATION: u8 = 37;
    pub const ENCRYPT: u8 = 38;
}

/// One command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command<'a> {
    /// IAC IAC: a data byte 255.
    DataIac,
    /// A command with no option (NOP, GA, AYT, EOF…).
    Plain(u8),
    /// DO, DONT, WILL or WONT, and the option.
    Negotiate(u8, u8),
    /// SB, the option, and the bytes before IAC SE.
    Sub { option: u8, body: &'a [u8] },
}

/// What [`next`] found at the start of its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// A command and the bytes it takes (an SB's may pass `length` by one,
    /// as tcpdump counts the IAC SE it assumes).
    Command(Command<'a>, u32),
    /// Not a command, or one the stream ends inside.
    End,
    /// The capture ends inside it.
    Cut,
}

/// Reads the command at the start of `data` (the captured bytes); `length`
/// is how many bytes the stream has on the wire from there.
pub fn next(data: &[u8], length: u32) -> Step<'_> {
    match read(data, length) {
        Ok(Some(step)) => step,
        Ok(None) => Step::End,
        Err(Cut) => Step::Cut,
    }
}

struct Cut;

fn at(data: &[u8], i: usize) -> Result<u8, Cut> {
    data.get(i).copied().ok_or(Cut)
}

fn read(data: &[u8], length: u32) -> Result<Option<Step<'_>>, Cut> {
    // tcpdump's FETCH: the stream's end first, then the capture's.
    let fetch = |i: usize| -> Result<Option<u8>, Cut> {
        if i as u64 >= u64::from(length) {
            return Ok(None);
        }
        at(data, i).map(Some)
    };
    if fetch(0)? != Some(IAC) {
        return Ok(None);
    }
    let Some(c) = fetch(1)? else { return Ok(None) };
    if c == IAC {
        return Ok(Some(Step::Command(Command::DataIac, 2)));
    }
    if c < FIRST_COMMAND {
        return Ok(None);
    }
    if !matches!(c, DONT | DO | WONT | WILL | SB) {
        return Ok(Some(Step::Command(Command::Plain(c), 2)));
    }
    let Some(option) = fetch(2)? else { return Ok(None) };
    if c != SB {
        return Ok(Some(Step::Command(Command::Negotiate(c, option), 3)));
    }
    // The body runs to the first IAC SE inside the stream; without one,
    // tcpdump takes the stream's last byte for the IAC if it is one.
    let (sp, left) = (3usize, u64::from(length).saturating_sub(3));
    let mut p = sp;
    while left > (p + 1 - sp) as u64 {
        if at(data, p)? == IAC && at(data, p + 1)? == SE {
            break;
        }
        p += 1;
    }
    if at(data, p)? != IAC {
        return Ok(None);
    }
    let body = &data[sp..p];
    Ok(Some(Step::Command(Command::Sub { option, body }, (p + 2) as u32)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_and_subnegotiation_are_read_to_their_end() {
        let s = [IAC, DO, 3, IAC, SB, 31, 0, 80, 0, 24, IAC, SE];
        assert_eq!(next(&s, 12), Step::Command(Command::Negotiate(DO, 3), 3));
        assert_eq!(next(&s[3..], 9), Step::Command(Command::Sub { option: 31, body: &[0, 80, 0, 24] }, 9));
    }

    #[test]
    fn a_command_the_stream_ends_inside_is_none_and_one_the_capture_cuts_is_cut() {
        assert_eq!(next(&[IAC, WILL, 1], 2), Step::End);
        assert_eq!(next(&[IAC, WILL], 3), Step::Cut);
        assert_eq!(next(&[b'a', IAC], 2), Step::End);
    }
}
