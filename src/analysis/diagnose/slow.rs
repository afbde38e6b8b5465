//! Slow applications: the network delivered quickly, the application took
//! its time. `server_app_slow`: the server's TCP acknowledged the request
//! within a round trip, the answer came seconds later (think time ≫ RTT).
//! `client_app_slow`: the connection was ready (and any greeting sent), the
//! client's first request came seconds later.

use super::ctx::{round3, Ctx};
use super::finding::{Finding, Label};
use super::model::{Conn, Dir};
use super::timing::exchanges;
use super::vantage;

/// Think time (seconds) from which an application counts as slow.
pub const SLOW_S: f64 = 1.0;
/// Think time must also exceed the network round trip this many times.
pub const RTT_FACTOR: f64 = 10.0;

/// The network round trip of `c` in seconds: the handshake's, else the
/// fastest acknowledgement of a request.
fn rtt(c: &Conn) -> Option<f64> {
    if let Some((a, b)) = vantage::legs(c) {
        return Some(a + b);
    }
    exchanges(c, Dir::C2S).iter().filter_map(|e| e.acked.map(|a| a.ts.secs_since(e.request_end.ts))).reduce(f64::min)
}

fn slow(think: f64, rtt: Option<f64>) -> bool {
    think >= SLOW_S && rtt.is_none_or(|r| think >= RTT_FACTOR * r)
}

/// `server_app_slow` or `client_app_slow` written into `f`; false when neither fits.
pub fn diagnose(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding) -> bool {
    let r = rtt(c);
    let worst = exchanges(c, Dir::C2S).into_iter().filter(|e| slow(e.think(), r)).max_by(|a, b| a.think().total_cmp(&b.think()));
    if let Some(e) = worst {
        let think = e.think();
        f.relabel(Label::ServerAppSlow);
        f.summary = format!("the server took {think:.3} s to answer (network round trip {})", rtt_words(r));
        f.explanation = format!(
            "The client's request to {} port {} (ending frame {}) {}; the first byte of the answer came {think:.3} s \
             after the request (frame {}). The network round trip is {}: the time went in the server application, not \
             the network.",
            c.server,
            c.sport,
            e.request_end.frame,
            match e.acked {
                Some(a) => format!("was acknowledged by the server's TCP after {:.3} ms (frame {})", a.ts.secs_since(e.request_end.ts) * 1e3, a.frame),
                None => "was delivered".to_string(),
            },
            e.answer.frame,
            rtt_words(r)
        );
        f.likely_cause = "The server application is slow: a slow query or backend call, lock contention, CPU or I/O starvation, or a deliberate delay.".into();
        f.next_check = format!("The server application's logs and timings for this request on {} port {} (backend latency, slow query log).", c.server, c.sport);
        f.evidence.push(ctx.ev(c, e.request_end, "the request"));
        if let Some(a) = e.acked {
            f.evidence.push(ctx.ev(c, a, "the server's TCP acknowledges it at once"));
        }
        f.evidence.push(ctx.ev(c, e.answer, format!("the answer, {think:.3} s later")));
        return true;
    }
    client_slow(c, ctx, f, r)
}

fn client_slow(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, r: Option<f64>) -> bool {
    let hs = super::handshake::Handshake::of(c);
    let Some(ready) = hs.ack else { return false };
    let Some(req) = c.dir_pkts(Dir::C2S).find(|p| p.len > 0) else { return false };
    // Ready: the handshake, or the server's greeting when it speaks first.
    let ready = c.dir_pkts(Dir::S2C).filter(|p| p.len > 0 && p.ts < req.ts).last().unwrap_or(ready);
    let wait = req.ts.secs_since(ready.ts);
    if !slow(wait, r) {
        return false;
    }
    f.relabel(Label::ClientAppSlow);
    f.figures.span_s = Some(round3(wait));
    f.summary = format!("the client waited {wait:.3} s before sending its request (network round trip {})", rtt_words(r));
    f.explanation = format!(
        "The connection to {} port {} was ready at frame {}{}, but the client sent its first data only {wait:.3} s \
         later (frame {}). The network round trip is {}: the time went in the client application.",
        c.server,
        c.sport,
        ready.frame,
        if ready.dir == Dir::S2C { " (the server had sent its greeting)" } else { "" },
        req.frame,
        rtt_words(r)
    );
    f.likely_cause = "The client application is slow to produce its request: it opened the connection early, waits on \
                      something else, or is starved of CPU."
        .into();
    f.next_check = format!("The client application on {}: what it does between connecting and sending.", c.client);
    f.evidence.push(ctx.ev(c, ready, "ready"));
    f.evidence.push(ctx.ev(c, req, format!("the client's first data, {wait:.3} s later")));
    true
}

fn rtt_words(r: Option<f64>) -> String {
    r.map(|r| format!("{:.3} ms", r * 1e3)).unwrap_or_else(|| "unknown".into())
}
