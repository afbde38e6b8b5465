//! OSPF packet type names as tcpdump prints them (print-ospf.c's
//! `type2str`, print-ospf6.c's `ospf6_type_values`).

/// A packet type's name (1 Hello … 5 LS-Ack), `None` for another number.
pub fn packet_type(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "Hello",
        2 => "Database Description",
        3 => "LS-Request",
        4 => "LS-Update",
        5 => "LS-Ack",
        _ => return None,
    })
}
