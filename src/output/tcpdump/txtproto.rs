//! Line-oriented text protocols on TCP (tcpdump's `txtproto_print` in
//! util-print.c, used by print-smtp.c, print-ftp.c, print-http.c and
//! print-whois.c, and print-sip.c on UDP) and the SSH identification line
//! (print-ssh.c).

use super::{fmt, g8, Ctx, R};

/// tcpdump's `httpcmds` (print-http.c): WebDAV and a few others, but not
/// PATCH or the later WebDAV methods, whose requests it prints as bare `HTTP`.
pub const HTTP_CMDS: &[&str] = &[
    "GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY", "BMOVE", "MKCOL",
    "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY",
    "BDELETE", "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE",
    "PROPPATCH", "BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE",
    "UNSUBSCRIBE", "RPC_CONNECT", "VERSION-CONTROL", "BASELINE-CONTROL",
];

/// tcpdump's `sipcmds` (print-sip.c): RFC 3261's methods and the common
/// extensions; a request with any other method prints as bare `SIP`.
pub const SIP_CMDS: &[&str] = &[
    "ACK", "BYE", "CANCEL", "DO", "INFO", "INVITE", "MESSAGE", "NOTIFY", "OPTIONS", "PRACK",
    "QAUTH", "REFER", "REGISTER", "SPRACK", "SUBSCRIBE", "UPDATE", "PUBLISH",
];

/// The SSH identification string (print-ssh.c), when the segment starts with one.
pub fn ssh(ctx: &mut Ctx<'_>, p: &[u8], len: u32) -> R {
    let len = len as usize;
    for (i, &ch) in b"SSH-".iter().enumerate() {
        if g8(p, i)? != ch {
            return Ok(());
        }
    }
    let mut idx = 4;
    while idx < len {
        let c = g8(p, idx)?;
        if c == b'\n' {
            break;
        }
        if c == b'\r' {
            if idx + 1 >= len {
                return Ok(());
            }
            if g8(p, idx + 1)? == b'\n' {
                break;
            }
            return Ok(());
        } else if !(0x20..0x7f).contains(&c) {
            return Ok(());
        }
        idx += 1;
    }
    ctx.s(": SSH: ");
    for &c in &p[..idx] {
        fmt::safe_char(ctx.out, c);
    }
    Ok(())
}

fn fetch_token(p: &[u8], mut idx: usize, len: usize, tok: &mut [u8; 129]) -> (usize, usize) {
    let mut toklen = 0;
    while idx < len {
        let Some(&c) = p.get(idx) else { return (0, 0) };
        if c >= 0x80 {
            return (0, 0);
        }
        if c == b' ' || c == b'\t' || c == b'\r' || c == b'\n' {
            break;
        }
        if !(0x20..0x7f).contains(&c) {
            return (0, 0);
        }
        if toklen + 2 > tok.len() {
            return (0, 0);
        }
        tok[toklen] = c;
        toklen += 1;
        idx += 1;
    }
    if toklen == 0 {
        return (0, 0);
    }
    while idx < len {
        let Some(&c) = p.get(idx) else { break };
        if c == b'\r' || c == b'\n' || !(0x20..0x7f).contains(&c) || (c != b' ' && c != b'\t') {
            break;
        }
        idx += 1;
    }
    (idx, toklen)
}

/// tcpdump's `txtproto_print` for line-oriented protocols.
pub fn txtproto(ctx: &mut Ctx<'_>, p: &[u8], len: u32, cmds: Option<&[&str]>) -> R {
    let len = len as usize;
    let mut print_this = false;
    if let Some(cmds) = cmds {
        let mut tok = [0u8; 129];
        let (idx, tl) = fetch_token(p, 0, len, &mut tok);
        if idx != 0 {
            let t = &tok[..tl];
            if cmds.iter().any(|c| c.as_bytes().eq_ignore_ascii_case(t)) {
                print_this = true;
            }
            let (idx2, tl2) = fetch_token(p, idx, len, &mut tok);
            if idx2 != 0 && tl2 == 3 && tok[..3].iter().all(|c| c.is_ascii_digit()) {
                print_this = true;
            }
        }
    } else {
        print_this = true;
    }
    let caps = ctx.proto;
    for ch in caps.bytes() {
        ctx.out.push(ch.to_ascii_uppercase());
    }
    if print_this {
        if ctx.v() > 0 {
            ctx.s(", length: ");
            ctx.u(len as u64);
            let mut idx = 0;
            while idx < len {
                let eol = txt_line(ctx, "\n\t", p, idx, len)?;
                if eol == 0 {
                    break;
                }
                idx = eol;
            }
        } else {
            txt_line(ctx, ": ", p, 0, len)?;
        }
    }
    Ok(())
}

fn txt_line(ctx: &mut Ctx<'_>, prefix: &str, p: &[u8], mut idx: usize, len: usize) -> R<usize> {
    let start = idx;
    let linelen;
    loop {
        if idx >= len {
            // Printable to the end without a line ending: print as truncated.
            ctx.s(prefix);
            for &c in &p[start..idx] {
                fmt::safe_char(ctx.out, c);
            }
            ctx.trunc_mark();
            return Ok(0);
        }
        let c = g8(p, idx)?;
        if c == b'\n' {
            linelen = idx - start;
            idx += 1;
            break;
        } else if c == b'\r' {
            if idx + 1 >= len {
                return Ok(0);
            }
            if g8(p, idx + 1)? == b'\n' {
                linelen = idx - start;
                idx += 2;
                break;
            }
            return Ok(0);
        } else if !(0x20..0x7f).contains(&c) && c != b'\t' {
            return Ok(0);
        }
        idx += 1;
    }
    ctx.s(prefix);
    for &c in &p[start..start + linelen] {
        if c == b'\t' {
            ctx.out.push(c);
        } else {
            fmt::safe_char(ctx.out, c);
        }
    }
    Ok(idx)
}

#[cfg(test)]
mod tests {
    use super::super::print_layer;
    use super::*;

    fn sip(verbose: u8, msg: &[u8]) -> String {
        print_layer(verbose, |c| {
            c.proto = "sip";
            txtproto(c, msg, msg.len() as u32, Some(SIP_CMDS))
        })
    }

    #[test]
    fn a_sip_request_shows_its_request_line() {
        assert_eq!(sip(0, b"INVITE sip:bob@example.com SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n"), "SIP: INVITE sip:bob@example.com SIP/2.0");
    }

    #[test]
    fn a_sip_response_is_known_by_its_status_code() {
        assert_eq!(sip(0, b"SIP/2.0 180 Ringing\r\n\r\n"), "SIP: SIP/2.0 180 Ringing");
    }

    #[test]
    fn a_method_outside_tcpdumps_list_prints_the_name_alone() {
        assert_eq!(sip(0, b"FETCH sip:bob@example.com SIP/2.0\r\n\r\n"), "SIP");
    }

    #[test]
    fn verbose_prints_every_line() {
        assert_eq!(sip(1, b"BYE sip:b SIP/2.0\r\nCSeq: 2 BYE\r\n"), "SIP, length: 32\n\tBYE sip:b SIP/2.0\n\tCSeq: 2 BYE");
    }
}
