//! SCTP chunk type and payload protocol names as tcpdump 5.0 prints them
//! (print-sctp.c `sctp_chunkid_str` and `PayloadProto_idents`).

/// A chunk type's name, `None` for one tcpdump prints as `Unknown chunk type`.
pub fn chunk(kind: u8) -> Option<&'static str> {
    Some(match kind {
        0x00 => "DATA",
        0x01 => "INIT",
        0x02 => "INIT ACK",
        0x03 => "SACK",
        0x04 => "HB REQ",
        0x05 => "HB ACK",
        0x06 => "ABORT",
        0x07 => "SHUTDOWN",
        0x08 => "SHUTDOWN ACK",
        0x09 => "OP ERR",
        0x0a => "COOKIE ECHO",
        0x0b => "COOKIE ACK",
        0x0c => "ECN ECHO",
        0x0d => "ECN CWR",
        0x0e => "SHUTDOWN COMPLETE",
        0x40 => "I-DATA",
        0x82 => "RE-CONFIG",
        0xc0 => "FOR CUM TSN",
        0xc1 => "ASCONF",
        0x80 => "ASCONF-ACK",
        0xc2 => "I-FORWARD-FSN",
        _ => return None,
    })
}

/// A DATA chunk's payload protocol identifier, `None` for one tcpdump prints in hex.
pub fn ppid(p: u32) -> Option<&'static str> {
    const NAMES: [&str; 27] = [
        "ISDN Q.921", "M2UA", "M3UA", "SUA", "M2PA", "V5.2", "H.248", "BICC", "TALI", "DUA", "ASAP", "ENRP", "H.323", "Q.IPC", "SIMCO",
        "DDPSC", "DDPSSC", "S1AP", "RUA", "HNBAP", "ForCES HP", "ForCES MP", "ForCES LP", "SBc-AP", "NBAP", "", "X2AP",
    ];
    let i = usize::try_from(p.checked_sub(1)?).ok()?;
    NAMES.get(i).copied().filter(|n| !n.is_empty())
}
