//! Cisco Hot Standby Router Protocol, version 0 (RFC 2281 §5), as a lax
//! view: routers of a standby group send it to 224.0.0.2, UDP port 1985
//! ([`super::registry::Port::HSRP`]).
//!
//! ```text
//!  0               1               2               3
//! +---------------+---------------+---------------+---------------+
//! |   Version     |   Op Code     |     State     |   Hellotime   |
//! +---------------+---------------+---------------+---------------+
//! |   Holdtime    |   Priority    |     Group     |   Reserved    |
//! +---------------+---------------+---------------+---------------+
//! |                Authentication Data (8 bytes)                  |
//! +---------------------------------------------------------------+
//! |                      Virtual IP Address                       |
//! +---------------------------------------------------------------+
//! ```
//! Times are whole seconds; a shorter password is zero-padded (§5.1).

use super::field::Field;

/// Byte ranges of an HSRP message.
pub mod field {
    use super::Field;
    /// Version: 0 is the one RFC 2281 describes.
    pub const VERSION: usize = 0;
    /// Op code ([`super::op`]).
    pub const OP_CODE: usize = 1;
    /// State of the sending router ([`super::state`]).
    pub const STATE: usize = 2;
    /// Seconds between hellos.
    pub const HELLOTIME: usize = 3;
    /// Seconds a hello stays valid.
    pub const HOLDTIME: usize = 4;
    /// Priority in the election of the active router.
    pub const PRIORITY: usize = 5;
    /// Standby group number.
    pub const GROUP: usize = 6;
    /// Reserved: zero.
    pub const RESERVED: usize = 7;
    /// Clear-text password, zero-padded.
    pub const AUTH_DATA: Field = 8..16;
    /// The group's virtual IPv4 address.
    pub const VIRTUAL_ADDR: Field = 16..20;
}

/// Op codes (RFC 2281 §5).
pub mod op {
    /// Hello: the router can be or is active or standby.
    pub const HELLO: u8 = 0;
    /// Coup: the router wants to become active.
    pub const COUP: u8 = 1;
    /// Resign: the active router stops being active.
    pub const RESIGN: u8 = 2;
}

/// Router states (RFC 2281 §5); each is one bit.
pub mod state {
    /// Initial.
    pub const INITIAL: u8 = 0;
    /// Learn: has not heard the virtual address yet.
    pub const LEARN: u8 = 1;
    /// Listen: knows the address, neither active nor standby.
    pub const LISTEN: u8 = 2;
    /// Speak: sends hellos, candidate for active or standby.
    pub const SPEAK: u8 = 4;
    /// Standby: next in line.
    pub const STANDBY: u8 = 8;
    /// Active: forwards the group's traffic.
    pub const ACTIVE: u8 = 16;
}
