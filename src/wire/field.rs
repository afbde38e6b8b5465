//! Byte-range helpers shared by the views. Callers check lengths first
//! (each view's constructor), so these index without further checks.

/// A byte range inside a header.
pub type Field = core::ops::Range<usize>;

/// Big-endian u16 at `at`; 0 when out of range (never panics).
#[inline]
pub fn be16(d: &[u8], at: usize) -> u16 {
    match d.get(at..at + 2) {
        Some(b) => u16::from_be_bytes([b[0], b[1]]),
        None => 0,
    }
}

/// Big-endian u32 at `at`; 0 when out of range (never panics).
#[inline]
pub fn be32(d: &[u8], at: usize) -> u32 {
    match d.get(at..at + 4) {
        Some(b) => u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
        None => 0,
    }
}

/// Byte at `at`; 0 when out of range.
#[inline]
pub fn byte(d: &[u8], at: usize) -> u8 {
    d.get(at).copied().unwrap_or(0)
}

/// Byte at `at`, or None past the end (for readers that must tell a
/// short capture from a zero, as tcpdump's printers do).
#[inline]
pub fn get8(d: &[u8], at: usize) -> Option<u8> {
    d.get(at).copied()
}

/// Big-endian u16 at `at`, or None when cut short.
#[inline]
pub fn get16(d: &[u8], at: usize) -> Option<u16> {
    d.get(at..at.checked_add(2)?).map(|b| u16::from_be_bytes([b[0], b[1]]))
}

/// Big-endian u32 at `at`, or None when cut short.
#[inline]
pub fn get32(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at.checked_add(4)?).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// `len` bytes at `at`, or None when cut short.
#[inline]
pub fn get_bytes(d: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    d.get(at..at.checked_add(len)?)
}

/// Little-endian u16 at `at` (802.11, radiotap, PPI); 0 when out of range.
#[inline]
pub fn le16(d: &[u8], at: usize) -> u16 {
    match d.get(at..at.wrapping_add(2)) {
        Some(b) => u16::from_le_bytes([b[0], b[1]]),
        None => 0,
    }
}

/// Little-endian u32 at `at`; 0 when out of range.
#[inline]
pub fn le32(d: &[u8], at: usize) -> u32 {
    match d.get(at..at.wrapping_add(4)) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => 0,
    }
}

/// Little-endian u64 at `at`; 0 when out of range.
#[inline]
pub fn le64(d: &[u8], at: usize) -> u64 {
    match d.get(at..at.wrapping_add(8)) {
        Some(b) => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
        None => 0,
    }
}
