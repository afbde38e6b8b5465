//! Telnet command and option names as tcpdump prints them (print-telnet.c's
//! `telcmds`, `telopts`, and its subnegotiation tables `cmds`, `authcmd`,
//! `authtype`, `enccmd`, `enctype`).

/// A command byte's name (236 EOF … 255 IAC), `None` below 236.
pub fn command(c: u8) -> Option<&'static str> {
    const NAMES: [&str; 20] = [
        "EOF", "SUSP", "ABORT", "EOR", "SE", "NOP", "DMARK", "BRK", "IP", "AO", "AYT", "EC", "EL", "GA", "SB", "WILL",
        "WONT", "DO", "DONT", "IAC",
    ];
    c.checked_sub(236).and_then(|i| NAMES.get(usize::from(i)).copied())
}

/// An option's name (0 BINARY … 39 NEW-ENVIRON), `None` past those.
pub fn option(o: u8) -> Option<&'static str> {
    const NAMES: [&str; 40] = [
        "BINARY", "ECHO", "RCP", "SUPPRESS GO AHEAD", "NAME", "STATUS", "TIMING MARK", "RCTE", "NAOL", "NAOP",
        "NAOCRD", "NAOHTS", "NAOHTD", "NAOFFD", "NAOVTS", "NAOVTD", "NAOLFD", "EXTEND ASCII", "LOGOUT", "BYTE MACRO",
        "DATA ENTRY TERMINAL", "SUPDUP", "SUPDUP OUTPUT", "SEND LOCATION", "TERMINAL TYPE", "END OF RECORD",
        "TACACS UID", "OUTPUT MARKING", "TTYLOC", "3270 REGIME", "X.3 PAD", "NAWS", "TSPEED", "LFLOW", "LINEMODE",
        "XDISPLOC", "OLD-ENVIRON", "AUTHENTICATION", "ENCRYPT", "NEW-ENVIRON",
    ];
    NAMES.get(usize::from(o)).copied()
}

/// The name tcpdump gives byte `index` (0 or 1) of a subnegotiation body
/// for `option`: the qualifier (IS, SEND…), and for authentication and
/// encryption the type after it. `None`: printed as a number.
pub fn sub_byte(authentication: bool, encrypt: bool, index: usize, b: u8) -> Option<&'static str> {
    const CMDS: &[Option<&str>] = &[Some("IS"), Some("SEND"), Some("INFO")];
    const AUTHCMD: &[Option<&str>] = &[Some("IS"), Some("SEND"), Some("REPLY"), Some("NAME")];
    const AUTHTYPE: &[Option<&str>] = &[
        Some("NULL"), Some("KERBEROS_V4"), Some("KERBEROS_V5"), Some("SPX"), Some("MINK"), Some("SRP"), Some("RSA"),
        Some("SSL"), None, None, Some("LOKI"), Some("SSA"), Some("KEA_SJ"), Some("KEA_SJ_INTEG"), Some("DSS"),
        Some("NTLM"),
    ];
    const ENCCMD: &[Option<&str>] = &[
        Some("IS"), Some("SUPPORT"), Some("REPLY"), Some("START"), Some("END"), Some("REQUEST-START"),
        Some("REQUEST-END"), Some("END_KEYID"), Some("DEC_KEYID"),
    ];
    const ENCTYPE: &[Option<&str>] = &[
        Some("NULL"), Some("DES_CFB64"), Some("DES_OFB64"), Some("DES3_CFB64"), Some("DES3_OFB64"), None,
        Some("CAST5_40_CFB64"), Some("CAST5_40_OFB64"), Some("CAST128_CFB64"), Some("CAST128_OFB64"),
    ];
    let table = match (authentication, encrypt, index) {
        (true, _, 0) => AUTHCMD,
        (true, _, 1) => AUTHTYPE,
        (_, true, 0) => ENCCMD,
        (_, true, 1) => ENCTYPE,
        (_, _, 0) => CMDS,
        _ => return None,
    };
    table.get(usize::from(b)).copied().flatten()
}
