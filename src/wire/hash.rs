//! The one hasher for every table keyed by what packets carry (addresses,
//! ports, sequence numbers, fragment ids): flows, fragments, scan and flood
//! tallies, services, the printer's relative sequence numbers.
//!
//! Those keys are chosen by whoever sent the packets, so a fixed-seed hasher
//! lets a crafted capture put every key in one probe chain and turn each
//! lookup into a scan of the table. foldhash is seeded at random per process
//! and per table (as std's SipHash is) while staying about as fast as FxHash
//! on the small fixed-size keys used here, and it mixes clustered inputs
//! (10.x.y.z with sequential ports) into both hashbrown's bucket and tag bits.
//!
//! Iteration order therefore differs from run to run: anything built from
//! these tables that reaches the output, or decides which entry is evicted,
//! is sorted first (by time, then address).

/// Builds randomly seeded hashers; the `S` of every packet-keyed table.
/// foldhash's quality variant: the fast one, without the final mix, left
/// sequential addresses crowded in the low bits (the bucket index) for some seeds.
pub type RandomState = foldhash::quality::RandomState;

/// A `HashMap` with the crate's hasher.
pub type HashMap<K, V> = std::collections::HashMap<K, V, RandomState>;

/// A `HashSet` with the crate's hasher.
pub type HashSet<K> = std::collections::HashSet<K, RandomState>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;
    use std::net::{IpAddr, Ipv4Addr};

    #[test]
    fn two_tables_hash_the_same_key_differently() {
        let k = (IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)), 40000u16);
        let (a, b) = (RandomState::default(), RandomState::default());
        assert_ne!(a.hash_one(k), b.hash_one(k), "per-table seeds");
    }

    // Fixed seeds: spread is a statistical property, and a random seed would
    // make the test fail by chance now and then.
    #[test]
    fn clustered_addresses_spread_over_low_and_high_bits() {
        for seed in [1u64, 0x9e37_79b9_7f4a_7c15, 0xdead_beef, u64::MAX] {
            spread_with(foldhash::quality::FixedState::with_seed(seed));
        }
    }

    fn spread_with(b: impl BuildHasher) {
        let mut low = HashSet::default();
        let mut high = HashSet::default();
        for i in 0..256u32 {
            let v = b.hash_one(IpAddr::V4(Ipv4Addr::from(0x0a01_0000 + i)));
            low.insert(v & 0xff);
            high.insert(v >> 57);
        }
        assert!(low.len() > 140, "low bits poorly spread: {}", low.len());
        assert!(high.len() > 100, "high bits poorly spread: {}", high.len());
    }
}
