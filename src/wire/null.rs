//! BSD loopback headers: DLT_NULL (LINKTYPE 0), the address family in the
//! capturing host's byte order, and OpenBSD's DLT_LOOP (LINKTYPE 108), the
//! same family in network byte order.
//!
//! ```text
//! | address family (4, host or network order) | IP packet ...
//! ```

use super::field::get_bytes;

/// Byte ranges of the header in the diagram above.
pub mod field {
    use crate::wire::field::Field;
    pub const FAMILY: Field = 0..4;
}

/// Header length.
pub const HEADER_LEN: usize = field::FAMILY.end;

/// AF_INET, the same on every BSD.
pub const AF_INET: u32 = 2;

/// The address family of a loopback header; None when cut short.
///
/// DLT_NULL is in the byte order of whichever machine captured it, so a
/// value with bits in its upper half is read the other way round: families
/// are small numbers.
pub fn family(data: &[u8], network_order: bool) -> Option<u32> {
    let b = get_bytes(data, field::FAMILY.start, HEADER_LEN)?;
    let raw = [b[0], b[1], b[2], b[3]];
    if network_order {
        return Some(u32::from_be_bytes(raw));
    }
    let le = u32::from_le_bytes(raw);
    Some(if le <= 0xffff { le } else { u32::from_be_bytes(raw) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_family_reads_either_byte_order() {
        // AF_INET written by a little-endian host, then by a big-endian one.
        assert_eq!((family(&[2, 0, 0, 0], false), family(&[0, 0, 0, 2], false)), (Some(2), Some(2)));
    }

    #[test]
    fn loop_family_is_network_order() {
        assert_eq!(family(&[0, 0, 0, 24], true), Some(24));
    }
}
