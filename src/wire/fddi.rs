//! FDDI (ANSI X3T9.5) MAC header, as capture interfaces hand it to BPF
//! (link type 10). Asynchronous LLC frames carry 802.2 LLC next
//! ([`super::ethernet::llc_field`]).
//!
//! ```text
//!  0    1                   7                   13
//! +----+-------------------+-------------------+----------
//! | FC | destination MAC   | source MAC        | LLC ...
//! +----+-------------------+-------------------+----------
//! ```
//! The frame control byte's high nibble is the frame class (token, SMT,
//! MAC, LLC asynchronous/synchronous, implementor), its low nibble the
//! priority or subtype. The addresses are in canonical (Ethernet) bit order
//! on the systems whose captures survive today (Linux, the BSDs, Tru64);
//! tcpdump bit-swaps them only elsewhere.

use super::ethernet::{mac, Mac};
use super::field::Field;
use super::registry::FddiFrameControl;

/// Byte ranges of the FDDI header in the diagram above.
pub mod field {
    use super::Field;
    /// Frame control.
    pub const FC: usize = 0;
    pub const DST: Field = 1..7;
    pub const SRC: Field = 7..13;
}

/// Length of the FDDI MAC header.
pub const HEADER_LEN: usize = 13;

/// A view of an FDDI header; `None` from [`Fddi::new`] when it is cut.
#[derive(Clone, Copy, Debug)]
pub struct Fddi<'a> {
    data: &'a [u8],
}

impl<'a> Fddi<'a> {
    pub fn new(data: &'a [u8]) -> Option<Self> {
        (data.len() >= HEADER_LEN).then_some(Self { data })
    }
    pub fn frame_control(&self) -> FddiFrameControl {
        FddiFrameControl(self.data[field::FC])
    }
    pub fn dst(&self) -> Mac {
        mac(&self.data[field::DST])
    }
    pub fn src(&self) -> Mac {
        mac(&self.data[field::SRC])
    }
    /// Asynchronous LLC frames are the ones that carry 802.2 (and so IP).
    pub fn carries_llc(&self) -> bool {
        self.frame_control().class() == FddiFrameControl::CLASS_LLC_ASYNC
    }
    pub fn payload(&self) -> &'a [u8] {
        &self.data[HEADER_LEN..]
    }
}
