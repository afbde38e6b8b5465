//! TCP sequence-number comparison modulo 2^32 (RFC 9293 §3.4: "the
//! comparison ... must use modular arithmetic"): `a` is after `b` when the
//! forward distance from `b` to `a` is under 2^31.
//!
//! Why one file: flow, analysis and the printers all order sequence and
//! acknowledgment numbers, and a copy written with the operands swapped is
//! an easy bug to make and a hard one to see.

/// Signed distance from `b` forward to `a` (negative when `a` is before `b`).
pub fn delta(a: u32, b: u32) -> i32 {
    a.wrapping_sub(b) as i32
}

/// `a` comes strictly after `b`.
pub fn gt(a: u32, b: u32) -> bool {
    delta(a, b) > 0
}

/// `a` comes after `b` or is `b`.
pub fn ge(a: u32, b: u32) -> bool {
    delta(a, b) >= 0
}

/// `a` comes strictly before `b`.
pub fn lt(a: u32, b: u32) -> bool {
    delta(a, b) < 0
}

/// `a` comes before `b` or is `b`.
pub fn le(a: u32, b: u32) -> bool {
    delta(a, b) <= 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_holds_across_the_wrap() {
        assert!(gt(5, u32::MAX - 5));
        assert!(lt(u32::MAX - 5, 5));
        assert!(le(7, 7) && ge(7, 7));
        assert_eq!(delta(3, u32::MAX), 4);
    }
}
