//! IEEE 802.11 (LINKTYPE 105), radiotap (127) and PPI (192), after
//! tcpdump's print-802_11.c and print-ppi.c.
//!
//! Radiotap fields come from `wire::radiotap`'s field walk and the MAC
//! header from `wire::ieee80211`'s field table; what stays here is
//! tcpdump's wording and its order of checks, which decides where
//! ` [|802.11]` lands in a truncated frame. tcpdump's own header lengths
//! are used (no HT control), because its output depends on them.

use super::{fmt, link, Ctx, R};
use crate::names::ieee80211 as text;
use crate::wire::field::{le16, le32};
use crate::wire::ieee80211::{ctrl, element, field, ftype, mgmt, FrameControl};
use crate::wire::ppi::{self, Ppi};
use crate::wire::radiotap::{bit, flags, Item, Radiotap, Value};
use crate::wire::registry::LinkType;

/// Prints a frame of link type 105, 127 or 192; returns the link header length.
pub fn print(ctx: &mut Ctx<'_>, link_type: u32, data: &[u8], orig_len: u32) -> R<usize> {
    ctx.ll_printed = ctx.opts.link_header;
    match LinkType(link_type) {
        LinkType::IEEE802_11_RADIOTAP => radio(ctx, data, orig_len),
        LinkType::PPI => ppi_frame(ctx, data, orig_len),
        _ => frame(ctx, data, orig_len as usize, false, 0),
    }
}

fn mac_at(ctx: &mut Ctx<'_>, p: &[u8], f: core::ops::Range<usize>) {
    fmt::mac(ctx.out, &p[f]);
}

fn hex(ctx: &mut Ctx<'_>, n: u64) {
    ctx.s(&format!("{n:x}"));
}

/// tcpdump's `%2.1f` of a rate in 500 kb/s units.
fn rate(ctx: &mut Ctx<'_>, half_mbps: u32) {
    ctx.u(half_mbps / 2);
    ctx.s(if half_mbps % 2 == 1 { ".5" } else { ".0" });
}

// ------------------------------------------------------------------ radiotap

/// `ieee802_11_radio_print`: the radio fields, then the 802.11 frame.
fn radio(ctx: &mut Ctx<'_>, data: &[u8], orig_len: u32) -> R<usize> {
    ctx.proto = "802.11_radio";
    let Ok(r) = Radiotap::new(data) else {
        ctx.trunc_mark();
        return Ok(data.len());
    };
    let mut fl = 0u8;
    for item in r.fields() {
        match item {
            Item::Field { bit, word, value, .. } if tcpdump_knows(bit) => {
                if let Value::Flags(f) = value {
                    fl = f;
                }
                radio_field(ctx, value, word);
            }
            Item::Field { bit, .. } | Item::Unknown { bit } => {
                ctx.s("[bit ");
                ctx.u(bit);
                ctx.s("] ");
                break;
            }
            Item::Truncated { .. } => {
                ctx.trunc_mark();
                break;
            }
        }
    }
    let len = r.len();
    let fcslen = if fl & flags::FCS != 0 { 4 } else { 0 };
    let rest = (orig_len as usize).saturating_sub(len);
    Ok(len + frame(ctx, &data[len..], rest, fl & flags::DATA_PAD != 0, fcslen)?)
}

/// The radiotap bits tcpdump 5.0 prints; any other ends its field walk.
fn tcpdump_knows(b: u32) -> bool {
    b <= bit::RX_FLAGS || (bit::XCHANNEL..=bit::VHT).contains(&b)
}

/// `print_radiotap_field` for one value; `word` is the presence word that held it.
fn radio_field(ctx: &mut Ctx<'_>, v: Value, word: u32) {
    match v {
        Value::Tsft(t) => {
            ctx.u(t);
            ctx.s("us tsft ");
        }
        Value::Flags(f) => {
            for (b, name) in [(flags::CFP, "cfp "), (flags::SHORT_PREAMBLE, "short preamble "), (flags::WEP, "wep "), (flags::FRAG, "fragmented "), (flags::BAD_FCS, "bad-fcs ")] {
                if f & b != 0 {
                    ctx.s(name);
                }
            }
        }
        Value::Rate(r) if (0x80..=0x8f).contains(&r) => {
            ctx.s("MCS ");
            ctx.u(r & 0x7f);
            ctx.s(" ");
        }
        Value::Rate(r) => {
            rate(ctx, r as u32);
            ctx.s(" Mb/s ");
        }
        Value::Channel { freq, flags } => {
            if word & (1 << bit::XCHANNEL) == 0 {
                chaninfo(ctx, freq, flags as u32, word);
            }
        }
        Value::XChannel { flags, freq, .. } => chaninfo(ctx, freq, flags, word),
        Value::Fhss { set, pattern } => ctx.s(&format!("fhset {set} fhpat {pattern} ")),
        Value::DbmSignal(s) => ctx.s(&format!("{s}dBm signal ")),
        Value::DbmNoise(n) => ctx.s(&format!("{n}dBm noise ")),
        Value::LockQuality(q) => ctx.s(&format!("{q} sq ")),
        Value::TxAttenuation(a) => ctx.s(&format!("{} tx power ", -(a as i16 as i32))),
        // tcpdump reads this field as one signed byte.
        Value::DbTxAttenuation(a) => ctx.s(&format!("{}dB tx attenuation ", -((a & 0xff) as u8 as i8 as i32))),
        Value::DbmTxPower(p) => ctx.s(&format!("{p}dBm tx power ")),
        Value::Antenna(a) => ctx.s(&format!("antenna {a} ")),
        Value::DbSignal(s) => ctx.s(&format!("{s}dB signal ")),
        Value::DbNoise(n) => ctx.s(&format!("{n}dB noise ")),
        Value::Mcs { known, flags, index } => mcs(ctx, known, flags, index),
        Value::Vht { known, flags, bandwidth, mcs_nss, coding, .. } => vht(ctx, known, flags, bandwidth, mcs_nss, coding),
        Value::RxFlags(_) | Value::TxFlags(_) | Value::AmpduStatus { .. } | Value::Opaque => {}
    }
}

/// `print_chaninfo`: frequency, PHY guessed from the channel flags, HT width.
fn chaninfo(ctx: &mut Ctx<'_>, freq: u16, f: u32, present: u32) {
    let is = |m: u32| f & m == m;
    ctx.u(freq);
    ctx.s(" MHz");
    if present & (1 << bit::MCS) != 0 {
        ctx.s(" 11n");
    } else {
        if is(0x0880) {
            ctx.s(" FHSS");
        }
        let width = |ctx: &mut Ctx<'_>, base: &str| {
            ctx.s(base);
            if f & 0x4000 != 0 {
                ctx.s("/10Mhz");
            } else if f & 0x8000 != 0 {
                ctx.s("/5Mhz");
            }
        };
        if is(0x0140) {
            width(ctx, " 11a");
        }
        if is(0x00c0) || is(0x0480) {
            width(ctx, " 11g");
        } else if is(0x00a0) {
            ctx.s(" 11b");
        }
        if f & 0x0010 != 0 {
            ctx.s(" Turbo");
        }
    }
    if f & 0x10000 != 0 {
        ctx.s(" ht/20");
    } else if f & 0x40000 != 0 {
        ctx.s(" ht/40-");
    } else if f & 0x20000 != 0 {
        ctx.s(" ht/40+");
    }
    ctx.s(" ");
}

/// 802.11n data rate in Mb/s for MCS 0–32 (tcpdump's `ieee80211_float_htrates`),
/// None for an invalid combination or an index past 32.
fn ht_rate(index: u8, bw40: bool, short_gi: bool) -> Option<f64> {
    const LONG20: [f64; 8] = [6.5, 13.0, 19.5, 26.0, 39.0, 52.0, 58.5, 65.0];
    const LONG40: [f64; 8] = [13.5, 27.0, 40.5, 54.0, 81.0, 108.0, 121.5, 135.0];
    let long = match index {
        0..=31 => (index / 8 + 1) as f64 * if bw40 { LONG40 } else { LONG20 }[index as usize % 8],
        32 if bw40 => 6.0,
        _ => return None,
    };
    // A short guard interval shortens each symbol from 4 µs to 3.6 µs.
    Some(if short_gi { long / 0.9 } else { long })
}

fn mcs(ctx: &mut Ctx<'_>, known: u8, fl: u8, index: u8) {
    const BW: [&str; 4] = ["20 MHz", "40 MHz", "20 MHz (L)", "20 MHz (U)"];
    if known & 0x02 != 0 {
        // tcpdump looks the rate up when either the bandwidth or the GI is known.
        let r = if known & 0x05 != 0 { ht_rate(index, fl & 3 == 1, fl & 4 != 0) } else { None };
        match r {
            Some(r) if r != 0.0 => ctx.s(&format!("{r:.1} Mb/s MCS {index} ")),
            _ => ctx.s(&format!("MCS {index} ")),
        }
    }
    if known & 0x01 != 0 {
        ctx.s(BW[(fl & 3) as usize]);
        ctx.s(" ");
    }
    if known & 0x04 != 0 {
        ctx.s(if fl & 0x04 != 0 { "short GI " } else { "long GI " });
    }
    if known & 0x08 != 0 {
        ctx.s(if fl & 0x08 != 0 { "greenfield " } else { "mixed " });
    }
    if known & 0x10 != 0 {
        ctx.s(if fl & 0x10 != 0 { "LDPC FEC " } else { "BCC FEC " });
    }
    if known & 0x20 != 0 {
        ctx.s(&format!("RX-STBC{} ", (fl & 0x60) >> 5));
    }
}

fn vht(ctx: &mut Ctx<'_>, known: u16, fl: u8, bandwidth: u8, mcs_nss: [u8; 4], coding: u8) {
    const BW: [&str; 26] = [
        "20 MHz", "40 MHz", "20 MHz (L)", "20 MHz (U)", "80 MHz", "80 MHz (L)", "80 MHz (U)", "80 MHz (LL)", "80 MHz (LU)", "80 MHz (UL)", "80 MHz (UU)",
        "160 MHz", "160 MHz (L)", "160 MHz (U)", "160 MHz (LL)", "160 MHz (LU)", "160 MHz (UL)", "160 MHz (UU)", "160 MHz (LLL)", "160 MHz (LLU)", "160 MHz (LUL)",
        "160 MHz (UUU)", "160 MHz (ULL)", "160 MHz (ULU)", "160 MHz (UUL)", "160 MHz (UUU)",
    ];
    for (i, b) in mcs_nss.iter().enumerate() {
        if b & 0x0f == 0 {
            continue;
        }
        ctx.s(&format!("User {i} MCS {} ", b >> 4));
        ctx.s(if coding & (1 << i) != 0 { "LDPC FEC " } else { "BCC FEC " });
    }
    if known & 0x40 != 0 {
        let bw = (bandwidth & 0x1f) as usize;
        match BW.get(bw) {
            Some(s) => ctx.s(s),
            None => ctx.s(&format!("unknown ({bw})")),
        }
        ctx.s(" ");
    }
    if known & 0x04 != 0 {
        ctx.s(if fl & 0x04 != 0 { "short GI " } else { "long GI " });
    }
}

// ------------------------------------------------------------------ PPI

/// `ppi_print`: the header with -e, then the packet of the link type it names.
fn ppi_frame(ctx: &mut Ctx<'_>, data: &[u8], orig_len: u32) -> R<usize> {
    ctx.proto = "ppi";
    let p = match Ppi::new(data) {
        Ok(p) => p,
        Err(ppi::Problem::BadLength(len)) => {
            ctx.s(&format!(" [length {len} < {} or > 65532]", ppi::HEADER_LEN));
            ctx.invalid();
            return Ok(data.len());
        }
        Err(_) => {
            ctx.trunc_mark();
            return Ok(data.len());
        }
    };
    let dlt = LinkType(p.dlt());
    if ctx.opts.link_header {
        ppi_header(ctx, &p, orig_len);
    }
    let (rest, len) = (&data[p.len()..], orig_len.saturating_sub(p.len() as u32));
    let inner = match dlt {
        LinkType::IEEE802_11 => frame(ctx, rest, len as usize, false, 0)?,
        LinkType::IEEE802_11_RADIOTAP => radio(ctx, rest, len)?,
        _ => {
            if !ctx.opts.link_header {
                ppi_header(ctx, &p, orig_len);
            }
            link::default_print(ctx, rest);
            0
        }
    };
    // tcpdump adds the inner printer's header length twice (ppi_if_print
    // adds `len + hdrlen` to a total that already holds hdrlen): -x skips that much.
    Ok(p.len() + 2 * inner)
}

/// `ppi_header_print`: "V.0 DLT IEEE802_11 (105) len 32, length 97: ".
fn ppi_header(ctx: &mut Ctx<'_>, p: &Ppi<'_>, length: u32) {
    let name = crate::names::LinkType(p.dlt()).name().unwrap_or("UNKNOWN");
    if ctx.opts.quiet {
        ctx.s(name);
    } else {
        ctx.s(&format!("V.{} DLT {name} ({}) len {}", p.version(), p.dlt(), p.len()));
    }
    ctx.s(", length ");
    ctx.u(length);
    ctx.s(": ");
}

// ------------------------------------------------------------------ 802.11

/// `ieee802_11_print`: `length` is the frame's wire length, `fcslen` the FCS
/// to drop from its end, `pad` rounds the header to 4 bytes.
fn frame(ctx: &mut Ctx<'_>, data: &[u8], length: usize, pad: bool, fcslen: usize) -> R<usize> {
    ctx.proto = "802.11";
    let orig_caplen = data.len();
    if length < fcslen {
        ctx.trunc_mark();
        return Ok(orig_caplen);
    }
    let length = length - fcslen;
    let p = &data[..data.len().min(length)];
    if p.len() < 2 {
        ctx.trunc_mark();
        return Ok(orig_caplen);
    }
    let fc = FrameControl(le16(p, field::FC.start));
    let mut hdrlen = fc.base_header_len();
    if hdrlen == 0 {
        match fc.ftype() {
            ftype::CTRL => ctx.s(&format!("unknown 802.11 ctrl frame subtype ({})", fc.subtype())),
            t => ctx.s(&format!("unknown 802.11 frame type ({t})")),
        }
        return Ok(0);
    }
    if pad {
        hdrlen = (hdrlen + 3) & !3;
    }
    if p.len() < hdrlen {
        ctx.trunc_mark();
        return Ok(hdrlen);
    }
    if ctx.opts.link_header {
        header(ctx, fc, p);
    }
    let (body, blen) = (&p[hdrlen..], length - hdrlen);
    let ok = match fc.ftype() {
        ftype::MGMT => mgmt_body(ctx, fc, p, body, blen),
        ftype::CTRL => ctrl_body(ctx, fc, p),
        _ if fc.is_null_data() => return Ok(hdrlen),
        _ if fc.protected() => {
            ctx.s("Data");
            wep(ctx, body)
        }
        _ if body.len() < 3 => {
            // llc_print on a cut LLC header: the mark, then the bytes there
            // are, dumped even under -x.
            ctx.proto = "llc";
            ctx.trunc_mark();
            super::hex::hex_ascii(ctx.out, "\n\t", body, 0);
            return Ok(hdrlen + body.len());
        }
        _ => {
            let llc = link::llc(ctx, body, blen as u32)?;
            if llc == 0 {
                link::default_print(ctx, body);
            }
            return Ok(hdrlen + llc);
        }
    };
    if !ok {
        ctx.trunc_mark();
    }
    Ok(hdrlen)
}

/// `wep_print`: the IV, pad and key id of a protected body.
fn wep(ctx: &mut Ctx<'_>, p: &[u8]) -> bool {
    if p.len() < 4 {
        return false;
    }
    let iv = le32(p, 0);
    ctx.s(&format!(" IV:{:3x} Pad {:x} KeyID {:x}", iv & 0xff_ffff, (iv >> 24) & 0x3f, (iv >> 30) & 3));
    true
}

/// `-e`: tcpdump's `ieee_802_11_hdr_print`.
fn header(ctx: &mut Ctx<'_>, fc: FrameControl, p: &[u8]) {
    if ctx.v() > 0 {
        for (on, name) in [
            (fc.more_data(), "More Data "),
            (fc.more_fragments(), "More Fragments "),
            (fc.power_mgmt(), "Pwr Mgmt "),
            (fc.retry(), "Retry "),
            (fc.order(), "Strictly Ordered "),
            (fc.protected(), "Protected "),
        ] {
            if on {
                ctx.s(name);
            }
        }
        if fc.ftype() != ftype::CTRL || fc.subtype() != ctrl::PS_POLL {
            ctx.u(le16(p, field::DURATION.start));
            ctx.s("us ");
        }
    }
    let roles: &[(&str, core::ops::Range<usize>)] = match fc.ftype() {
        ftype::MGMT => &[("BSSID:", field::ADDR3), ("DA:", field::ADDR1), ("SA:", field::ADDR2)],
        ftype::CTRL => return ctrl_header(ctx, fc, p),
        _ => {
            data_kind(ctx, fc.subtype());
            match (fc.to_ds(), fc.from_ds()) {
                (false, false) => &[("DA:", field::ADDR1), ("SA:", field::ADDR2), ("BSSID:", field::ADDR3)],
                (false, true) => &[("DA:", field::ADDR1), ("BSSID:", field::ADDR2), ("SA:", field::ADDR3)],
                (true, false) => &[("BSSID:", field::ADDR1), ("SA:", field::ADDR2), ("DA:", field::ADDR3)],
                (true, true) => &[("RA:", field::ADDR1), ("TA:", field::ADDR2), ("DA:", field::ADDR3), ("SA:", field::ADDR4)],
            }
        }
    };
    for (label, f) in roles {
        ctx.s(label);
        mac_at(ctx, p, f.clone());
        ctx.s(" ");
    }
}

/// "CF Ack/Poll+QoS " and friends for data subtypes with those bits.
fn data_kind(ctx: &mut Ctx<'_>, st: u8) {
    if st & 0x0b == 0 {
        return;
    }
    ctx.s("CF ");
    match (st & 1 != 0, st & 2 != 0) {
        (true, true) => ctx.s("Ack/Poll"),
        (true, false) => ctx.s("Ack"),
        (false, true) => ctx.s("Poll"),
        _ => {}
    }
    if st & 8 != 0 {
        ctx.s("+QoS");
    }
    ctx.s(" ");
}

fn ctrl_header(ctx: &mut Ctx<'_>, fc: FrameControl, p: &[u8]) {
    let a2 = field::ADDR2;
    match fc.subtype() {
        ctrl::BAR => {
            ctx.s(" ");
            bar_fields(ctx, p);
        }
        ctrl::BA | ctrl::CTS | ctrl::ACK => {
            ctx.s("RA:");
            mac_at(ctx, p, field::ADDR1);
            ctx.s(" ");
        }
        ctrl::PS_POLL | ctrl::RTS | ctrl::CF_END | ctrl::CF_END_ACK => {
            let (l1, l2) = match fc.subtype() {
                ctrl::PS_POLL => ("BSSID:", "TA:"),
                ctrl::RTS => ("RA:", "TA:"),
                _ => ("RA:", "BSSID:"),
            };
            ctx.s(l1);
            mac_at(ctx, p, field::ADDR1);
            ctx.s(" ");
            ctx.s(l2);
            mac_at(ctx, p, a2);
            ctx.s(" ");
        }
        _ => {}
    }
}

/// "RA:.. TA:.. CTL(..) SEQ(..) " of a block ack request.
fn bar_fields(ctx: &mut Ctx<'_>, p: &[u8]) {
    ctx.s("RA:");
    mac_at(ctx, p, field::ADDR1);
    ctx.s(" TA:");
    mac_at(ctx, p, field::ADDR2);
    ctx.s(" CTL(");
    hex(ctx, le16(p, 16) as u64);
    ctx.s(") SEQ(");
    ctx.u(le16(p, 18));
    ctx.s(") ");
}

/// `ctrl_body_print`; `p` is the whole (captured) control frame.
fn ctrl_body(ctx: &mut Ctx<'_>, fc: FrameControl, p: &[u8]) -> bool {
    let st = fc.subtype();
    ctx.s(text::ctrl_subtype(st).unwrap_or("Unknown Ctrl Subtype"));
    let e = ctx.opts.link_header;
    match st {
        ctrl::BAR if !e => {
            ctx.s(" ");
            bar_fields(ctx, p);
        }
        ctrl::PS_POLL => {
            ctx.s(" AID(");
            hex(ctx, le16(p, field::DURATION.start) as u64);
            ctx.s(")");
        }
        ctrl::RTS if !e => {
            ctx.s(" TA:");
            mac_at(ctx, p, field::ADDR2);
            ctx.s(" ");
        }
        ctrl::BA | ctrl::CTS | ctrl::ACK | ctrl::CF_END | ctrl::CF_END_ACK if !e => {
            ctx.s(" RA:");
            mac_at(ctx, p, field::ADDR1);
            ctx.s(" ");
        }
        _ => {}
    }
    true
}

// ------------------------------------------------------------------ management

/// The elements tcpdump prints, first of each kind (`parse_elements`).
#[derive(Default)]
struct Elements<'a> {
    ssid: Option<&'a [u8]>,
    rates: Option<&'a [u8]>,
    channel: Option<u8>,
}

/// Walks elements over `length` wire bytes; false when one is cut short or
/// longer than tcpdump's buffer for it (what is parsed so far is still kept).
fn parse_elements(p: &[u8], mut length: usize) -> (Elements<'_>, bool) {
    let mut b = Elements::default();
    let mut at = 0usize;
    while length != 0 {
        let (Some(&id), Some(&l)) = (p.get(at), p.get(at + 1)) else {
            return (b, false);
        };
        let l = l as usize;
        let Some(v) = p.get(at + 2..at + 2 + l) else {
            return (b, false);
        };
        if length < l + 2 {
            return (b, false);
        }
        match id {
            element::SSID if l > 32 => return (b, false),
            element::SSID => {
                b.ssid.get_or_insert(v);
            }
            element::RATES if l > 16 => return (b, false),
            element::RATES if l != 0 => {
                b.rates.get_or_insert(v);
            }
            element::DS if l == 1 => {
                b.channel.get_or_insert(v[0]);
            }
            element::TIM if l > 254 => return (b, false),
            _ => {}
        }
        at += 2 + l;
        length -= 2 + l;
    }
    (b, true)
}

impl Elements<'_> {
    /// PRINT_SSID: up to the first NUL, escaped like `fn_print_str`.
    fn ssid(&self, ctx: &mut Ctx<'_>) {
        if let Some(s) = self.ssid {
            ctx.s(" (");
            for &c in s.iter().take_while(|c| **c != 0) {
                fmt::safe_char(ctx.out, c);
            }
            ctx.s(")");
        }
    }
    /// PRINT_RATES: " [1.0* 2.0* ... Mbit]", basic rates starred.
    fn rates(&self, ctx: &mut Ctx<'_>) {
        if let Some(r) = self.rates {
            for (k, &x) in r.iter().enumerate() {
                ctx.s(if k == 0 { " [" } else { " " });
                rate(ctx, (x & 0x7f) as u32);
                if x & 0x80 != 0 {
                    ctx.s("*");
                }
            }
            ctx.s(" Mbit]");
        }
    }
    /// PRINT_DS_CHANNEL: " CH: n" and ", PRIVACY".
    fn channel(&self, ctx: &mut Ctx<'_>, cap: u16) {
        if let Some(c) = self.channel {
            ctx.s(" CH: ");
            ctx.u(c);
        }
        if cap & 0x0010 != 0 {
            ctx.s(", PRIVACY");
        }
    }
}

/// `mgmt_body_print`; false when the body is cut short.
fn mgmt_body(ctx: &mut Ctx<'_>, fc: FrameControl, hdr: &[u8], p: &[u8], length: usize) -> bool {
    let st = fc.subtype();
    match text::mgmt_subtype(st) {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("Unhandled Management subtype(");
            hex(ctx, st as u64);
            ctx.s(")");
        }
    }
    if fc.protected() {
        return wep(ctx, p);
    }
    // Fixed fields first: both the capture and the wire length must hold them.
    let fixed = crate::wire::ieee80211::mgmt_fixed_len(st);
    if p.len() < fixed || length < fixed {
        return false;
    }
    // Capabilities, or the reason code of a (de)authentication.
    let first = le16(p, 0);
    let (el, ok) = parse_elements(&p[fixed..], length - fixed);
    match st {
        mgmt::BEACON | mgmt::PROBE_RESPONSE => {
            let cap = le16(p, 10);
            el.ssid(ctx);
            el.rates(ctx);
            if st == mgmt::BEACON {
                ctx.s(if cap & 1 != 0 { " ESS" } else { " IBSS" });
            }
            el.channel(ctx, cap);
        }
        mgmt::ASSOC_REQUEST | mgmt::PROBE_REQUEST => {
            el.ssid(ctx);
            el.rates(ctx);
        }
        mgmt::ASSOC_RESPONSE | mgmt::REASSOC_RESPONSE => {
            let (status, aid) = (le16(p, 2), le16(p, 4));
            ctx.s(&format!(" AID({:x}) :{}: {}", aid & 0x3fff, if first & 0x10 != 0 { " PRIVACY " } else { "" }, text::status(status)));
        }
        mgmt::REASSOC_REQUEST => {
            el.ssid(ctx);
            ctx.s(" AP : ");
            fmt::mac(ctx.out, &p[4..10]);
        }
        mgmt::ATIM => return true,
        mgmt::DISASSOC => {
            ctx.s(": ");
            ctx.s(text::reason(first));
            return true;
        }
        mgmt::AUTH => return auth(ctx, p, ok),
        mgmt::DEAUTH => {
            sa_prefix(ctx, hdr, ": ");
            ctx.s(text::reason(first));
            return true;
        }
        mgmt::ACTION => return action(ctx, hdr, p),
        _ => return true,
    }
    ok
}

/// " (SA)" before a reason or an action unless -e printed the addresses.
fn sa_prefix(ctx: &mut Ctx<'_>, hdr: &[u8], after: &str) {
    if !ctx.opts.link_header {
        ctx.s(" (");
        mac_at(ctx, hdr, field::ADDR2);
        ctx.s(")");
    }
    ctx.s(after);
}

/// `handle_auth`: algorithm, transaction number, status on odd transactions.
fn auth(ctx: &mut Ctx<'_>, p: &[u8], ok: bool) -> bool {
    let (alg, seq, status) = (le16(p, 0), le16(p, 2), le16(p, 4));
    let status = if seq % 2 == 1 { text::status(status) } else { "" };
    let alg_name = text::auth_alg(alg).unwrap_or("Reserved");
    if alg == 1 && (seq == 2 || seq == 3) {
        ctx.s(&format!(" ({alg_name})-{seq:x} [Challenge Text] {status}"));
    } else {
        ctx.s(&format!(" ({alg_name})-{seq:x}: {status}"));
    }
    ok
}

/// `handle_action`: category and action names.
fn action(ctx: &mut Ctx<'_>, hdr: &[u8], p: &[u8]) -> bool {
    let (Some(&cat), Some(&act)) = (p.first(), p.get(1)) else {
        return false;
    };
    sa_prefix(ctx, hdr, ": ");
    let pick = |names: &[&'static str], first: u8| -> Option<&'static str> { act.checked_sub(first).and_then(|i| names.get(i as usize).copied()) };
    let (cat_name, name) = match cat {
        0 => ("Spectrum Management ", None),
        1 => ("QoS ", None),
        2 => ("DLS ", None),
        3 => ("BA ", pick(&["ADDBA Request", "ADDBA Response", "DELBA"], 0)),
        7 => ("HT ", pick(&["TxChWidth", "MIMOPwrSave"], 0)),
        13 => ("MeshAction ", pick(&["MeshLink", "HWMP", "Gate Announcement", "Congestion Control", "MCCA Setup Request", "MCCA Setup Reply", "MCCA Advertisement Request", "MCCA Advertisement", "MCCA Teardown", "TBTT Adjustment Request", "TBTT Adjustment Response"], 0)),
        14 => ("MultiohopAction ", pick(&["Proxy Update", "Proxy Update Confirmation"], 0)),
        15 => ("SelfprotectAction ", pick(&["Peering Open", "Peering Confirm", "Peering Close", "Group Key Inform", "Group Key Acknowledge"], 1)),
        127 => ("Vendor ", None),
        _ => {
            ctx.s(&format!("Reserved({cat}) Act#{act}"));
            return true;
        }
    };
    ctx.s(cat_name);
    match name {
        Some(n) => ctx.s(n),
        None => ctx.s(&format!("Act#{act}")),
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ht_rates_follow_the_table() {
        let f = |i, bw, gi| ht_rate(i, bw, gi).map(|r| format!("{r:.1}"));
        assert_eq!(
            [f(0, false, true), f(7, false, false), f(12, false, true), f(15, true, true), f(32, false, false)],
            [Some("7.2".into()), Some("65.0".into()), Some("86.7".into()), Some("300.0".into()), None]
        );
    }

    #[test]
    fn an_element_longer_than_tcpdumps_buffer_stops_the_walk() {
        let mut body = vec![0, 33];
        body.extend_from_slice(&[b'x'; 33]);
        let (e, ok) = parse_elements(&body, body.len());
        assert_eq!((e.ssid.is_none(), ok), (true, false));
    }
}
