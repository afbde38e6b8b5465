//! `path_mtu_blackhole`: a link on the path has a smaller MTU, the router
//! there drops full-size packets with DF set, and its ICMP
//! "fragmentation needed" (ICMPv6 "packet too big") never reaches the
//! sender (filtered, or never sent): small packets get through, full-size
//! segments are retransmitted forever (RFC 2923 §2.1).
//!
//! At the sender: the same full-size segment retransmitted with backoff and
//! never acknowledged, while smaller segments were acknowledged. At the
//! receiver: a hole in the sender's data that never fills, while smaller
//! segments after it keep arriving (duplicate ACKs), and nothing as large as
//! the missing segment ever arrives.

use super::ctx::{secs_list, Ctx};
use super::finding::{Finding, Label};
use super::model::{seq_le, Conn, Dir, Pkt};
use super::progress::{ever_acked, other, seg_end, stuck};
use super::reject::icmp_name;

/// A stuck segment at least this share of the MSS is "full size".
pub const FULL_SHARE: f64 = 0.75;
/// Without an MSS option, segments at least this large are full size.
pub const FULL_BYTES: u32 = 1000;
/// Seconds a hole must stay open at the receiver before it counts.
pub const HOLE_S: f64 = 1.0;

/// The MSS the peer of `sender` announced (the most `sender` may send).
fn mss_for(c: &Conn, sender: Dir) -> Option<u16> {
    c.dir_pkts(other(sender)).find(|p| p.flags.syn() && p.mss.is_some()).and_then(|p| p.mss)
}

fn full_size(len: u32, mss: Option<u16>) -> bool {
    match mss {
        Some(m) => len as f64 >= FULL_SHARE * f64::from(m) && len > 536,
        None => len >= FULL_BYTES,
    }
}

/// ICMP errors asking for smaller packets, quoting this connection.
fn frag_needed(c: &Conn) -> Vec<&super::model::IcmpErr> {
    c.icmp.iter().filter(|e| matches!((e.v6, e.kind, e.code), (false, 3, 4) | (true, 2, _))).collect()
}

/// The finding when the capture shows a PMTU black hole; false otherwise.
pub fn diagnose(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding) -> bool {
    at_sender(c, ctx, f) || at_receiver(c, ctx, f)
}

fn at_sender(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding) -> bool {
    let Some(s) = stuck(c, 2) else { return false };
    let mss = mss_for(c, s.side);
    if s.first.len == 0 || !full_size(s.first.len, mss) {
        return false;
    }
    // The path MTU does not shrink mid-connection: a segment as large that
    // was acknowledged before shows the path carries full-size packets, and
    // the loss is something else (a broken path, a silent peer).
    if c.dir_pkts(s.side).any(|p| p.ts < s.first.ts && p.len >= s.first.len && ever_acked(c, p)) {
        return false;
    }
    let through: Vec<&Pkt> = c.dir_pkts(s.side).filter(|p| p.len > 0 && p.len < s.first.len && !p.retrans && ever_acked(c, p)).collect();
    let largest = through.iter().map(|p| p.len).max();
    let peer_alive = s.heard_after(c).any(|p| !p.is_rst());
    if largest.is_none() && !peer_alive && frag_needed(c).is_empty() {
        return false;
    }
    write(c, ctx, f, s.side, s.first.len, largest, mss);
    f.figures.spacing_s = s.gaps();
    f.explanation.push_str(&format!(
        " The {}-byte segment (frame {}) was sent {} times, {} apart, and never acknowledged.",
        s.first.len,
        s.first.frame,
        s.retrans.len() + 1,
        secs_list(&s.gaps())
    ));
    f.evidence.push(ctx.ev(c, s.first, "full-size segment, never acknowledged"));
    for p in s.retrans.iter().take(6) {
        f.evidence.push(ctx.ev(c, p, "sent again"));
    }
    if let Some(p) = through.last() {
        f.evidence.push(ctx.ev(c, p, "a smaller segment that got through"));
    }
    f.evidence.sort_by(|a, b| a.ts.total_cmp(&b.ts));
    true
}

/// At the receiver: the lowest hole in `dir`'s sequence space that never
/// filled, (hole start, hole end, the first packet beyond it). Any packet
/// counts as beyond: a pure ACK or FIN carries the sender's next sequence
/// number, so one past data the receiver never got proves that data was sent.
fn open_hole(c: &Conn, dir: Dir) -> Option<(u32, u32, &Pkt)> {
    let mut next: Option<u32> = None;
    let mut hole: Option<(u32, u32, &Pkt)> = None;
    for p in c.dir_pkts(dir).filter(|p| !p.flags.syn() && !p.is_rst()) {
        let Some(n) = next else {
            next = Some(seg_end(p));
            continue;
        };
        if let Some((h0, h1, _)) = hole {
            if seq_le(p.seq, h0) && !seq_le(seg_end(p), h0) {
                hole = None;
                next = Some(h1);
            }
        }
        if hole.is_none() && !seq_le(p.seq, n) {
            hole = Some((n, p.seq, p));
        }
        if hole.is_none() && seq_le(n, seg_end(p)) {
            next = Some(seg_end(p));
        }
    }
    hole
}

fn at_receiver(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding) -> bool {
    for dir in [Dir::S2C, Dir::C2S] {
        let Some((h0, h1, after)) = open_hole(c, dir) else { continue };
        let missing = h1.wrapping_sub(h0);
        let largest = c.dir_pkts(dir).map(|p| p.len).max().unwrap_or(0);
        let mss = mss_for(c, dir);
        let receiver = other(dir);
        // The receiver never acknowledged past the hole: it really is missing
        // (not a packet the capture alone dropped).
        if c.dir_pkts(receiver).any(|p| p.flags.ack() && !p.is_rst() && !seq_le(p.ack, h0)) {
            continue;
        }
        let before = c.dir_pkts(dir).filter(|p| p.len > 0 && p.ts <= after.ts).map(|p| p.ts).filter(|&t| t < after.ts).last();
        let waited = before.map(|t| after.ts.secs_since(t)).unwrap_or(0.0).max(ctx.capture_end.secs_since(after.ts));
        let dupacks = c.dir_pkts(receiver).filter(|p| p.ts >= after.ts && p.ack == h0 && p.is_pure_ack()).count();
        let full = full_size(missing.min(u32::from(mss.unwrap_or(1460))), mss);
        if missing <= largest || waited < HOLE_S || !full || (after.len > 0 && dupacks < 2) {
            continue;
        }
        write(c, ctx, f, dir, missing.min(u32::from(mss.unwrap_or(u16::MAX))), Some(largest), mss);
        f.explanation.push_str(&format!(
            " Seen at the receiver: {missing} bytes from sequence {h0} never arrived, though the sender's later packet \
             (frame {}) shows it sent them, {waited:.1} s were left for retransmissions, and nothing larger than \
             {largest} bytes ever arrived.",
            after.frame
        ));
        f.evidence.push(ctx.ev(c, after, "its sequence number is past data that never arrived"));
        for p in c.dir_pkts(receiver).filter(|p| p.ts >= after.ts && p.ack == h0 && p.is_pure_ack()).take(4) {
            f.evidence.push(ctx.ev(c, p, "duplicate ACK: still missing the hole"));
        }
        return true;
    }
    false
}

fn write(c: &Conn, ctx: &Ctx<'_>, f: &mut Finding, sender: Dir, big: u32, largest: Option<u32>, mss: Option<u16>) {
    f.relabel(Label::PathMtuBlackhole);
    let who = match sender {
        Dir::C2S => format!("client {}", c.client),
        Dir::S2C => format!("server {}", c.server),
    };
    let icmp = frag_needed(c);
    let icmp_words = match icmp.first() {
        Some(e) => format!(
            "{} from {} was seen (frame {}) yet full-size segments kept being sent: the sender ignored it or it was dropped before the sender",
            icmp_name(e.v6, e.kind, e.code),
            e.sender,
            e.frame
        ),
        None => "no ICMP fragmentation-needed / packet-too-big message was seen".into(),
    };
    let through = largest.map(|l| format!("{l} bytes")).unwrap_or_else(|| "only the handshake and ACKs".into());
    let mss_words = mss.map(|m| format!("{m}")).unwrap_or_else(|| "unknown".into());
    f.summary = format!("path MTU black hole: {big}-byte segments from the {who} never get through; largest that did: {through} (MSS {mss_words})");
    f.explanation = format!(
        "Segments of {big} bytes from the {who} (MSS {mss_words}) were lost every time, while smaller packets got \
         through (largest: {through}): a link on the path has a smaller MTU and drops full-size packets, and {icmp_words}. \
         Small requests work, large transfers hang."
    );
    f.likely_cause = "A smaller MTU on the path (VPN, tunnel, PPPoE, cloud overlay) with ICMP fragmentation-needed / packet-too-big filtered by a firewall.".into();
    f.next_check = format!(
        "`ping -M do -s 1472 {}` (lower until it passes) from the {who}'s side; allow ICMP type 3 code 4 (ICMPv6 type 2) \
         through the firewalls; or clamp the MSS (iptables TCPMSS --clamp-mss-to-pmtu) or enable net.ipv4.tcp_mtu_probing.",
        match sender {
            Dir::C2S => c.server,
            Dir::S2C => c.client,
        }
    );
    for e in icmp.iter().take(3) {
        f.evidence.push(ctx.ev_icmp(e, format!("{} from {}", icmp_name(e.v6, e.kind, e.code), e.sender)));
    }
}
