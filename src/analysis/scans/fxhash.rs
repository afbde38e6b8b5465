//! A small, fast, non-cryptographic hasher for the analysis tables.
//!
//! The std SipHash is DoS-resistant but several times slower; these tables
//! are bounded by named caps instead, so speed wins. The final mix spreads the
//! low address bits (benchmark addresses differ only there) over the whole
//! word, so hashbrown's bucket (low bits) and tag (high bits) both vary.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash-style word hasher with a murmur3 finaliser.
#[derive(Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

const K: u64 = 0x517c_c1b7_2722_0a95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

/// Builder for [`FxHasher`].
pub type FxBuild = BuildHasherDefault<FxHasher>;
/// A `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, FxBuild>;
/// A `HashSet` with [`FxHasher`].
pub type FxHashSet<K> = HashSet<K, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;
    use std::net::{IpAddr, Ipv4Addr};

    #[test]
    fn clustered_addresses_spread_over_low_and_high_bits() {
        let b = FxBuild::default();
        let mut low = FxHashSet::default();
        let mut high = FxHashSet::default();
        for i in 0..256u32 {
            let a = IpAddr::V4(Ipv4Addr::from(0x0a01_0000 + i));
            let v = b.hash_one(a);
            low.insert(v & 0xff);
            high.insert(v >> 57);
        }
        assert!(low.len() > 140, "low bits poorly spread: {}", low.len());
        assert!(high.len() > 100, "high bits poorly spread: {}", high.len());
    }
}
