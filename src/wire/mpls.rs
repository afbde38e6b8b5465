//! MPLS label stack entries (RFC 3032 §2.1), as a lax view.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                Label                  | Exp |S|       TTL     |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//! Entries follow each other until one has S (bottom of stack) set; the
//! payload after it carries no type, so readers guess it from the label
//! (RFC 3032 §2.1's reserved values) or the first payload byte.

use super::field::{get32, Field};

/// Byte ranges of one entry.
pub mod field {
    use super::Field;
    /// The whole 32-bit entry (label, exp, S, TTL).
    pub const ENTRY: Field = 0..4;
}

/// Length of one label stack entry.
pub const ENTRY_LEN: usize = 4;

/// Reserved label values (RFC 3032 §2.1) that name the payload.
pub mod label {
    /// IPv4 explicit NULL: the payload is IPv4.
    pub const IPV4_EXPLICIT_NULL: u32 = 0;
    /// Router alert.
    pub const ROUTER_ALERT: u32 = 1;
    /// IPv6 explicit NULL: the payload is IPv6.
    pub const IPV6_EXPLICIT_NULL: u32 = 2;
    /// Implicit NULL (never on the wire, but tcpdump reads it as IPv4).
    pub const IMPLICIT_NULL: u32 = 3;
    /// Labels below this are reserved.
    pub const RESERVED_END: u32 = 16;
}

/// One label stack entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry(pub u32);

impl Entry {
    /// The 20-bit label.
    pub fn label(self) -> u32 {
        self.0 >> 12
    }
    /// The 3 traffic-class (formerly experimental) bits.
    pub fn exp(self) -> u8 {
        ((self.0 >> 9) & 7) as u8
    }
    /// Bottom of stack.
    pub fn bottom(self) -> bool {
        self.0 & 0x100 != 0
    }
    /// Time to live.
    pub fn ttl(self) -> u8 {
        self.0 as u8
    }
}

/// A label stack over captured bytes.
#[derive(Clone, Copy, Debug)]
pub struct Mpls<'a>(&'a [u8]);

impl<'a> Mpls<'a> {
    /// Wraps the bytes from the first entry on.
    pub fn new(data: &'a [u8]) -> Self {
        Mpls(data)
    }
    /// The `i`th entry from the top, or `None` past the capture.
    pub fn entry(&self, i: usize) -> Option<Entry> {
        get32(self.0, i.checked_mul(ENTRY_LEN)?).map(Entry)
    }
    /// Bytes after the first `depth` entries (empty when cut short).
    pub fn after(&self, depth: usize) -> &'a [u8] {
        self.0.get(depth.saturating_mul(ENTRY_LEN)..).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_splits_into_label_exp_bottom_and_ttl() {
        // Label 100, exp 5, S set, TTL 64.
        let d = [0x00, 0x06, 0x4b, 0x40, 0x45];
        let e = Mpls::new(&d).entry(0);
        assert_eq!(e.map(|e| (e.label(), e.exp(), e.bottom(), e.ttl())), Some((100, 5, true, 64)));
        assert_eq!(Mpls::new(&d).after(1), &[0x45]);
    }

    #[test]
    fn an_entry_cut_short_reads_none() {
        assert_eq!(Mpls::new(&[0, 0, 1]).entry(0), None);
    }
}
