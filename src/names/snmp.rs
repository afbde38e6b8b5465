//! SNMP and ASN.1 names as tcpdump 5.0 prints them without libsmi
//! (print-snmp.c `Universal`, `Application`, `Context`, `Exceptions`,
//! `Private`, `ErrorStatus`, `GenericTrap`, `SnmpVersion`).

/// Names of the universal tags tcpdump knows (0–17).
pub const UNIVERSAL: &[&str] = &[
    "U-0", "Boolean", "Integer", "Bitstring", "String", "Null", "ObjID", "ObjectDes", "U-8", "U-9", "U-10", "U-11", "U-12", "U-13",
    "U-14", "U-15", "Sequence", "Set",
];

/// Names of the application tags (the SMI types, 0–6).
pub const APPLICATION: &[&str] = &["IpAddress", "Counter", "Gauge", "TimeTicks", "Opaque", "C-5", "Counter64"];

/// Names of the context tags (the PDUs, 0–8).
pub const CONTEXT: &[&str] =
    &["GetRequest", "GetNextRequest", "GetResponse", "SetRequest", "Trap", "GetBulk", "Inform", "V2Trap", "Report"];

/// Names of the private tags (tcpdump knows one).
pub const PRIVATE: &[&str] = &["P-0"];

/// The tag names of a class (0 universal … 3 private).
pub fn class_tags(class: u8) -> &'static [&'static str] {
    match class {
        0 => UNIVERSAL,
        1 => APPLICATION,
        2 => CONTEXT,
        _ => PRIVATE,
    }
}

/// A varbind exception's name (context primitive 0–2).
pub fn exception(tag: u8) -> Option<&'static str> {
    ["noSuchObject", "noSuchInstance", "endOfMibView"].get(usize::from(tag)).copied()
}

/// An error-status name (RFC 3416 §3), `None` outside 0–18.
pub fn error_status(e: i32) -> Option<&'static str> {
    const NAMES: [&str; 19] = [
        "noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr", "noAccess", "wrongType", "wrongLength",
        "wrongEncoding", "wrongValue", "noCreation", "inconsistentValue", "resourceUnavailable", "commitFailed",
        "undoFailed", "authorizationError", "notWritable", "inconsistentName",
    ];
    usize::try_from(e).ok().and_then(|i| NAMES.get(i)).copied()
}

/// A generic-trap name (RFC 1157 §4.1.6), `None` outside 0–6.
pub fn generic_trap(t: i32) -> Option<&'static str> {
    const NAMES: [&str; 7] =
        ["coldStart", "warmStart", "linkDown", "linkUp", "authenticationFailure", "egpNeighborLoss", "enterpriseSpecific"];
    usize::try_from(t).ok().and_then(|i| NAMES.get(i)).copied()
}

/// A message version's name (0–3).
pub fn version(v: i32) -> Option<&'static str> {
    usize::try_from(v).ok().and_then(|i| ["SNMPv1", "SNMPv2c", "SNMPv2u", "SNMPv3"].get(i)).copied()
}
