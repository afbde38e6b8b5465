//! HSRP op code and state names as tcpdump 5.0 prints them (print-hsrp.c
//! `op_code_str`, `states`).

use crate::wire::hsrp::{op, state};

/// An op code's name; `None` past resign.
pub fn op_code(code: u8) -> Option<&'static str> {
    Some(match code {
        op::HELLO => "hello",
        op::COUP => "coup",
        op::RESIGN => "resign",
        _ => return None,
    })
}

/// A router state's name; `None` for values that are not one state bit.
pub fn state(s: u8) -> Option<&'static str> {
    Some(match s {
        state::INITIAL => "initial",
        state::LEARN => "learn",
        state::LISTEN => "listen",
        state::SPEAK => "speak",
        state::STANDBY => "standby",
        state::ACTIVE => "active",
        _ => return None,
    })
}
