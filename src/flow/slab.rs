//! Connection storage in fixed-size chunks.
//!
//! A `Vec` of a million 800-byte connections grows by doubling: the copy
//! briefly needs both the old and the new buffer, and the spare capacity is
//! never used. Chunks are allocated one at a time and never move, so the
//! table costs its live size plus at most one partly-filled chunk.

use std::ops::{Index, IndexMut};

/// Slots per chunk (a few MB of connections).
const CHUNK: usize = 4096;

/// A growable array of optional values that never reallocates its elements.
pub(crate) struct Slab<T> {
    chunks: Vec<Box<[Option<T>]>>,
    len: usize,
}

impl<T> Default for Slab<T> {
    fn default() -> Self {
        Slab { chunks: Vec::new(), len: 0 }
    }
}

impl<T> Slab<T> {
    /// Appends a slot; returns its index.
    pub(crate) fn push(&mut self, v: Option<T>) -> usize {
        if self.len == self.chunks.len() * CHUNK {
            self.chunks.push((0..CHUNK).map(|_| None).collect());
        }
        let i = self.len;
        self.len += 1;
        self[i] = v;
        i
    }

    pub(crate) fn get_mut(&mut self, i: usize) -> Option<&mut Option<T>> {
        if i >= self.len {
            return None;
        }
        self.chunks.get_mut(i / CHUNK)?.get_mut(i % CHUNK)
    }

    pub(crate) fn get(&self, i: usize) -> Option<&Option<T>> {
        if i >= self.len {
            return None;
        }
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    /// Every slot in index order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Option<T>> {
        self.chunks.iter().flat_map(|c| c.iter()).take(self.len)
    }
}

impl<T> Index<usize> for Slab<T> {
    type Output = Option<T>;
    fn index(&self, i: usize) -> &Option<T> {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl<T> IndexMut<usize> for Slab<T> {
    fn index_mut(&mut self, i: usize) -> &mut Option<T> {
        &mut self.chunks[i / CHUNK][i % CHUNK]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_keep_their_index_across_chunks() {
        let mut s = Slab::default();
        for i in 0..(CHUNK * 2 + 3) {
            assert_eq!(s.push(Some(i)), i);
        }
        assert_eq!(s[CHUNK + 1], Some(CHUNK + 1));
        s[5] = None;
        assert_eq!(s.iter().flatten().count(), CHUNK * 2 + 2);
        assert!(s.get(CHUNK * 2 + 3).is_none());
        assert_eq!(s.len, CHUNK * 2 + 3);
    }
}
