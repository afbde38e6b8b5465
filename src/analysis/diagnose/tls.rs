//! TLS handshakes that failed (`tls_handshake_failed`): an alert record
//! (content type 21) ended the handshake before application data flowed.
//!
//! Before the keys are set (no ChangeCipherSpec yet) an alert is plaintext,
//! two bytes: level and description (RFC 8446 §6, RFC 5246 §7.2), and is
//! named here. TLS 1.3 encrypts everything after the ServerHello, so a
//! client rejecting the server's certificate sends its alert as an
//! application_data record of 19 bytes (2 alert bytes, 1 inner content
//! type, a 16-byte AEAD tag) and closes: that shape is recognised as an
//! encrypted alert; its description cannot be read.

use super::app::{alert_level, alert_name, App};
use super::ctx::Ctx;
use super::finding::{Finding, Label, TcpState};
use super::model::{Conn, Dir, Pkt};

/// TLS 1.3 record length of an encrypted alert with a 16-byte AEAD tag.
const TLS13_ALERT_LEN: u16 = 19;
/// TLS 1.2 AES-GCM record length of an encrypted alert (8-byte nonce, 16-byte tag).
const TLS12_GCM_ALERT_LEN: u16 = 26;

/// An alert that ended a handshake.
struct Alert<'a> {
    pkt: &'a Pkt,
    /// (level, description) when readable.
    plain: Option<(u8, u8)>,
}

fn is_tls(p: &Pkt) -> bool {
    matches!(p.app, App::Tls { .. })
}

fn ctype(p: &Pkt) -> Option<(u8, u16)> {
    match p.app {
        App::Tls { ctype, len, .. } => Some((ctype, len)),
        _ => None,
    }
}

/// The alert that ended the handshake, if one did.
fn handshake_alert(c: &Conn) -> Option<Alert<'_>> {
    // Application data flowing both ways before any alert means the
    // handshake completed (TLS 1.2: after ChangeCipherSpec; TLS 1.3 hides
    // the handshake in application_data records, so also count the
    // client's: its first encrypted record is its Finished).
    let hello = c.pkts.iter().find(|p| p.dir == Dir::C2S && ctype(p).is_some_and(|(t, _)| t == 22))?;
    let mut app_after_ccs = [0usize; 2];
    for p in c.pkts.iter().filter(|p| p.ts >= hello.ts && p.len > 0) {
        match ctype(p) {
            Some((21, 2)) => {
                if let App::Tls { a, b, .. } = p.app {
                    return (a == 2 || app_after_ccs.iter().all(|&n| n == 0)).then_some(Alert { pkt: p, plain: Some((a, b)) });
                }
            }
            Some((21, TLS12_GCM_ALERT_LEN)) if app_after_ccs[p.dir.idx()] == 0 => return Some(Alert { pkt: p, plain: None }),
            Some((23, TLS13_ALERT_LEN)) if p.dir == Dir::C2S && app_after_ccs[0] == 0 && closes_after(c, p) => {
                return Some(Alert { pkt: p, plain: None })
            }
            Some((23, _)) => app_after_ccs[p.dir.idx()] += 1,
            _ => {}
        }
        if app_after_ccs[0] > 1 && app_after_ccs[1] > 1 {
            return None;
        }
    }
    None
}

/// The sender of `p` sends no more data and the connection ends (FIN or RST) after it.
fn closes_after(c: &Conn, p: &Pkt) -> bool {
    let later = || c.pkts.iter().filter(|q| q.ts >= p.ts && q.frame != p.frame);
    !later().any(|q| q.dir == p.dir && q.len > 0) && later().any(|q| q.is_fin() || q.is_rst())
}

/// `tls_handshake_failed` for a connection whose TLS handshake an alert ended.
pub fn diagnose(c: &Conn, ctx: &Ctx<'_>) -> Option<Finding> {
    if !c.pkts.iter().any(is_tls) {
        return None;
    }
    let alert = handshake_alert(c)?;
    let mut f = ctx.base(c, Label::TlsHandshakeFailed);
    let (who, whom) = match alert.pkt.dir {
        Dir::C2S => (format!("client {}", c.client), "server"),
        Dir::S2C => (format!("server {}", c.server), "client"),
    };
    let what = match alert.plain {
        Some((l, d)) => format!("a {} alert {} ({d})", alert_level(l), alert_name(d)),
        None => "an encrypted alert (its description is encrypted: TLS 1.3 or after ChangeCipherSpec)".into(),
    };
    f.summary = format!("TLS handshake failed: the {who} sent {what}");
    f.explanation = format!(
        "The TCP connection to {} port {} worked, but the TLS handshake did not: the {who} sent {what} (frame {}) \
         and the connection was closed before any application data was exchanged.{}",
        c.server,
        c.sport,
        alert.pkt.frame,
        match (alert.plain, alert.pkt.dir) {
            (None, Dir::C2S) => " A client that aborts right after the server's encrypted handshake usually rejected the server's certificate.",
            _ => "",
        }
    );
    let desc = alert.plain.map(|(_, d)| d);
    f.likely_cause = cause(desc, alert.pkt.dir).into();
    f.next_check = format!(
        "`openssl s_client -connect {}:{} -servername NAME` (add -tls1_2 / -tls1_3) from the client, and the {whom}'s TLS settings: \
         certificate chain and names, protocol versions, cipher suites.",
        c.server, c.sport
    );
    f.client_state = TcpState::Closed;
    f.server_state = TcpState::Closed;
    for p in c.pkts.iter().filter(|p| is_tls(p) || p.is_fin() || p.is_rst()).take(10) {
        let what = if p.frame == alert.pkt.frame { "the alert".to_string() } else { String::new() };
        f.evidence.push(ctx.ev(c, p, what));
    }
    Some(f)
}

fn cause(desc: Option<u8>, dir: Dir) -> &'static str {
    match (desc, dir) {
        (Some(40 | 71), _) => "No protocol version or cipher suite both sides accept.",
        (Some(70), _) => "The two sides support no common TLS version (an old client, or a server that disabled TLS 1.2/1.0).",
        (Some(42 | 43 | 44 | 45 | 46 | 48), _) | (None, Dir::C2S) => {
            "The client does not trust the server's certificate: self-signed or unknown CA, expired, or a name mismatch."
        }
        (Some(112), _) => "The server has no certificate for the name the client asked for (SNI).",
        (Some(116 | 41), _) => "The server requires a client certificate and none (or a bad one) was sent.",
        (Some(120), _) => "No common application protocol (ALPN): e.g. h2-only client and http/1.1-only server.",
        _ => "A TLS configuration mismatch between client and server.",
    }
}
