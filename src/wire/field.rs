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

/// Big-endian 24-bit value at `at`, or None when cut short.
#[inline]
pub fn get24(d: &[u8], at: usize) -> Option<u32> {
    get_bytes(d, at, 3).map(|b| u32::from_be_bytes([0, b[0], b[1], b[2]]))
}

/// A lax view over captured bytes for the TLV protocols whose printers
/// read at offsets they compute as they go (CDP, LLDP): every read is
/// `None` past the capture, so no accessor can panic.
#[derive(Clone, Copy, Debug)]
pub struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    /// Wraps captured bytes.
    pub fn new(data: &'a [u8]) -> Self {
        Bytes(data)
    }
    /// The captured bytes.
    pub fn captured(&self) -> &'a [u8] {
        self.0
    }
    /// A byte at `at`.
    pub fn u8(&self, at: usize) -> Option<u8> {
        get8(self.0, at)
    }
    /// A big-endian 16-bit value at `at`.
    pub fn u16(&self, at: usize) -> Option<u16> {
        get16(self.0, at)
    }
    /// A big-endian 24-bit value at `at`.
    pub fn u24(&self, at: usize) -> Option<u32> {
        get24(self.0, at)
    }
    /// A big-endian 32-bit value at `at`.
    pub fn u32(&self, at: usize) -> Option<u32> {
        get32(self.0, at)
    }
    /// `len` bytes at `at`.
    pub fn bytes(&self, at: usize, len: usize) -> Option<&'a [u8]> {
        get_bytes(self.0, at, len)
    }
    /// The bytes from `at` on (empty past the capture).
    pub fn at(&self, at: usize) -> Bytes<'a> {
        Bytes(self.0.get(at..).unwrap_or(&[]))
    }
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
