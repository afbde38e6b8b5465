//! HSRP op code and state names as tcpdump 5.0 prints them (print-hsrp.c
//! `op_code_str`, `states`).

/// An op code's name (`wire::hsrp::op`); `None` past resign.
pub fn op_code(code: u8) -> Option<&'static str> {
    Some(match code {
        0 => "hello",
        1 => "coup",
        2 => "resign",
        _ => return None,
    })
}

/// A router state's name (`wire::hsrp::state`); `None` for values that are
/// not one state bit.
pub fn state(s: u8) -> Option<&'static str> {
    Some(match s {
        0 => "initial",
        1 => "learn",
        2 => "listen",
        4 => "speak",
        8 => "standby",
        16 => "active",
        _ => return None,
    })
}
