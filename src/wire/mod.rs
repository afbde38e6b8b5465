//! Wire decoding: typed zero-copy views over frame bytes, one file per protocol,
//! and a lax whole-frame walk that decodes as far as the bytes allow.

pub mod checksum;
pub mod summary;

pub use summary::Summary;
