//! Zeek's connection history string.
//!
//! Letters are appended in the order events happen; an upper-case letter is
//! the originator's, lower case the responder's. Zeek records some letters
//! once per direction (`CheckHistory` with a bit mask), some whenever the
//! sequence number differs from the last packet of that kind (S, H, F, R),
//! and some on a logarithmic scale: at the 1st, 10th, 100th, … occurrence
//! (`Connection::ScaledHistoryEntry`, used for C, G, T, W).

/// Longest history kept; further letters are dropped and counted.
pub const MAX_HISTORY: usize = 64;

/// "Seen once" bits for the originator; the responder's are shifted by 16.
pub mod mask {
    pub const SYN: u32 = 0x1;
    pub const FIN: u32 = 0x2;
    pub const RST: u32 = 0x4;
    pub const FIN_RST: u32 = 0x8;
    pub const DATA: u32 = 0x10;
    pub const ACK: u32 = 0x20;
    pub const MULTI_FLAG: u32 = 0x40;
    pub const CORRUPT: u32 = 0x80;
}

/// A connection's history letters plus the bookkeeping that decides repeats.
#[derive(Clone, Debug, Default)]
pub struct History {
    letters: Vec<u8>,
    seen: u32,
    /// Letters dropped because [`MAX_HISTORY`] was reached.
    pub dropped: u32,
}

impl History {
    /// The letters as Zeek logs them (empty when nothing happened).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.letters).unwrap_or("")
    }

    /// Appends one letter unconditionally (Zeek `AddHistory`).
    pub fn add(&mut self, code: u8) {
        if self.letters.len() >= MAX_HISTORY {
            self.dropped = self.dropped.saturating_add(1);
            return;
        }
        self.letters.push(code);
    }

    /// Zeek `CheckHistory`: records `code` the first time the bit is seen and
    /// returns false; returns true when it had been seen before.
    pub fn check(&mut self, is_orig: bool, mask: u32, code: u8) -> bool {
        let (mask, code) = if is_orig {
            (mask, code)
        } else {
            (mask << 16, code.to_ascii_lowercase())
        };
        if self.seen & mask == 0 {
            self.seen |= mask;
            self.add(code);
            false
        } else {
            true
        }
    }

    /// Appends `code` in the endpoint's case.
    pub fn add_for(&mut self, is_orig: bool, code: u8) {
        self.add(if is_orig {
            code
        } else {
            code.to_ascii_lowercase()
        });
    }
}

/// A counter whose history letter is logged at 1, 10, 100, … occurrences
/// (Zeek's threshold starts at 1 and is multiplied by 10 each time it is hit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scaled {
    /// Occurrences so far.
    pub count: u32,
}

impl Scaled {
    /// Counts one occurrence; true when the letter must be logged now.
    pub fn bump(&mut self) -> bool {
        if self.count == u32::MAX {
            return false;
        }
        self.count += 1;
        let mut t = 1u32;
        while t < self.count {
            match t.checked_mul(10) {
                Some(n) => t = n,
                None => return false,
            }
        }
        t == self.count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_records_once_per_direction() {
        let mut h = History::default();
        assert!(!h.check(true, mask::ACK, b'A'));
        assert!(h.check(true, mask::ACK, b'A'));
        assert!(!h.check(false, mask::ACK, b'A'));
        assert_eq!(h.as_str(), "Aa");
    }

    #[test]
    fn scaled_letters_at_powers_of_ten() {
        let mut s = Scaled::default();
        let logged: Vec<u32> = (1..=1000u32).filter(|_| s.bump()).collect();
        assert_eq!(logged, vec![1, 10, 100, 1000]);
    }

    #[test]
    fn history_is_capped() {
        let mut h = History::default();
        for _ in 0..MAX_HISTORY + 5 {
            h.add(b'S');
        }
        assert_eq!(h.as_str().len(), MAX_HISTORY);
        assert_eq!(h.dropped, 5);
    }
}
