//! DNS one-line summaries (tcpdump's print-domain.c): header flags, the
//! question, answers (names with `-vv`), EDNS OPT records.

use super::{fmt, g16, g32, g8, gs, Ctx, Trunc, R};
use crate::wire::dns::{
    edns_opt_field, flag, label, question_field as qf, rdata_field, rr_field as rr, Dns, CLASS_IN, EDNS_CLIENT_COOKIE_LEN,
    EDNS_COOKIE, EDNS_PADDING, HEADER_LEN, MDNS_CLASS_TOP_BIT, OPCODE_IQUERY, OPT_FLAG_DO, TCP_PREFIX,
};
use crate::names::dns::{tcpdump_opcode, tcpdump_rcode};
use crate::wire::registry::DnsType;

/// " inv_q", " notify"…: nothing for a standard query.
fn opcode(ctx: &mut Ctx<'_>, op: u16) {
    if let Some(name) = tcpdump_opcode(op) {
        ctx.s(" ");
        ctx.s(name);
    }
}

fn class_name(ctx: &mut Ctx<'_>, c: u16) {
    match c {
        1 => ctx.s("IN"),
        3 => ctx.s("CHAOS"),
        4 => ctx.s("HS"),
        255 => ctx.s("ANY"),
        _ => {
            ctx.s("(Class ");
            ctx.u(c);
            ctx.s(")");
        }
    }
}

fn put_type(ctx: &mut Ctx<'_>, t: u16) {
    match crate::names::dns::rr_type(t) {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("Type");
            ctx.u(t);
        }
    }
}

/// Length of the label at `off`, or `None` for tcpdump's `labellen` error.
fn labellen(ctx: &mut Ctx<'_>, m: &[u8], off: usize) -> R<Option<usize>> {
    let i = g8(m, off)?;
    match i & label::KIND_MASK {
        label::POINTER => Ok(Some(0)),
        label::EXTENDED => {
            if i != label::BITSTRING {
                ctx.s("<ELT ");
                fmt::i(ctx.out, (i & 0x3f) as i64);
                ctx.s(">");
                return Ok(None);
            }
            let bitlen = g8(m, off + 1)? as usize;
            let bitlen = if bitlen == 0 { 256 } else { bitlen };
            Ok(Some((bitlen + 7) / 8 + 1))
        }
        label::RESERVED => Ok(None),
        _ => Ok(Some(i as usize)),
    }
}

/// Prints the (possibly compressed) name at `off` in message `m`; returns the
/// offset after the name as it appears at `off`, `None` on a bad name.
pub fn name_print(ctx: &mut Ctx<'_>, m: &[u8], off: usize, _depth: u8) -> R<Option<usize>> {
    let Some(mut l) = labellen(ctx, m, off)? else {
        return Ok(None);
    };
    let mut cp = off;
    let mut max_offset = cp;
    let mut i = g8(m, cp)?;
    cp += 1;
    let mut compress = false;
    // tcpdump's `rp` stays NULL when the name starts with a pointer that
    // lies past the captured bytes.
    let mut rp = if i & label::KIND_MASK == label::POINTER { usize::MAX } else { cp + l };
    if i == 0 {
        ctx.s(".");
        return Ok(Some(cp));
    }
    let mut chars = 0usize;
    while i != 0 && cp < m.len() {
        if i & label::KIND_MASK == label::POINTER {
            if !compress {
                rp = cp + 1;
                compress = true;
            }
            let offset = ((i as usize) << 8 | g8(m, cp)? as usize) & 0x3fff;
            if offset >= max_offset {
                ctx.s("<BAD PTR>");
                return Ok(None);
            }
            max_offset = offset;
            cp = offset;
            let Some(nl) = labellen(ctx, m, cp)? else {
                return Ok(None);
            };
            l = nl;
            i = g8(m, cp)?;
            cp += 1;
            continue;
        }
        if i & label::KIND_MASK == label::EXTENDED {
            // Bit-string label (RFC 2673): printed as hex.
            let bitlen = g8(m, cp)? as usize;
            let bitlen = if bitlen == 0 { 256 } else { bitlen };
            let bytes = gs(m, cp + 1, (bitlen + 7) / 8)?;
            ctx.s("\\[x");
            for b in bytes {
                fmt::x2(ctx.out, *b);
            }
            ctx.s("/");
            ctx.u(bitlen as u64);
            ctx.s("]");
        } else {
            let label = gs(m, cp, l)?;
            for &c in label {
                fmt::safe_char(ctx.out, c);
            }
        }
        cp += l;
        chars += l + 1;
        if chars > 4096 {
            return Ok(None);
        }
        ctx.s(".");
        let Some(nl) = labellen(ctx, m, cp)? else {
            return Ok(None);
        };
        l = nl;
        i = g8(m, cp)?;
        cp += 1;
        if !compress {
            rp += l + 1;
        }
    }
    Ok((rp != usize::MAX).then_some(rp))
}

/// tcpdump's `ns_nskip`.
fn nskip(m: &[u8], mut cp: usize) -> R<Option<usize>> {
    let mut i = g8(m, cp)?;
    cp += 1;
    while i != 0 {
        match i & label::KIND_MASK {
            label::POINTER => return Ok(Some(cp + 1)),
            label::EXTENDED => {
                if i != label::BITSTRING {
                    return Ok(None);
                }
                let bitlen = g8(m, cp)? as usize;
                let bitlen = if bitlen == 0 { 256 } else { bitlen };
                cp += (bitlen + 7) / 8 + 1;
            }
            label::RESERVED => return Ok(None),
            _ => cp += i as usize,
        }
        i = g8(m, cp)?;
        cp += 1;
    }
    Ok(Some(cp))
}

fn qprint(ctx: &mut Ctx<'_>, m: &[u8], cp: usize, mdns: bool) -> R<Option<usize>> {
    let np = cp;
    let Some(cp) = nskip(m, cp)? else {
        return Ok(None);
    };
    if gs(m, cp, qf::LEN).is_err() {
        return Ok(None);
    }
    let t = g16(m, cp + qf::QTYPE.start)?;
    ctx.s(" ");
    put_type(ctx, t);
    let c = g16(m, cp + qf::QCLASS.start)?;
    let class = if mdns { c & !MDNS_CLASS_TOP_BIT } else { c };
    if class != CLASS_IN {
        ctx.s(" ");
        class_name(ctx, class);
    }
    if mdns {
        ctx.s(if c & MDNS_CLASS_TOP_BIT != 0 { " (QU)" } else { " (QM)" });
    }
    ctx.s("? ");
    match name_print(ctx, m, np, 0)? {
        Some(_) => Ok(Some(cp + qf::LEN)),
        None => Ok(None),
    }
}

fn rprint(ctx: &mut Ctx<'_>, m: &[u8], cp: usize, mdns: bool) -> R<Option<usize>> {
    let cp = if ctx.v() > 0 {
        ctx.s(" ");
        match name_print(ctx, m, cp, 0)? {
            Some(c) => c,
            None => return Ok(None),
        }
    } else {
        match nskip(m, cp)? {
            Some(c) => c,
            None => return Ok(None),
        }
    };
    if gs(m, cp, rr::RDATA).is_err() {
        // tcpdump returns the snapshot end here, not a failure.
        return Ok(Some(m.len()));
    }
    let typ = DnsType(g16(m, cp + rr::TYPE.start)?);
    let c = g16(m, cp + rr::CLASS.start)?;
    let class = if mdns { c & !MDNS_CLASS_TOP_BIT } else { c };
    if class != CLASS_IN && typ != DnsType::OPT {
        ctx.s(" ");
        class_name(ctx, class);
    }
    if mdns && c & MDNS_CLASS_TOP_BIT != 0 {
        ctx.s(" (Cache flush)");
    }
    let mut opt_flags = 0u16;
    if typ == DnsType::OPT {
        opt_flags = g16(m, cp + rr::OPT_FLAGS.start)?;
    } else if ctx.v() > 2 {
        ctx.s(" [");
        fmt::relts(ctx.out, g32(m, cp + rr::TTL.start)?);
        ctx.s("]");
    }
    let len = g16(m, cp + rr::RDLENGTH.start)? as usize;
    let cp = cp + rr::RDATA;
    let rp = cp + len;
    ctx.s(" ");
    put_type(ctx, typ.0);
    if rp > m.len() {
        return Ok(None);
    }
    match typ {
        DnsType::A => {
            let a = gs(m, cp, 4).map_err(|_| Trunc);
            match a {
                Ok(a) => {
                    ctx.s(" ");
                    fmt::ipv4(ctx.out, a);
                }
                Err(_) => return Ok(None),
            }
        }
        DnsType::NS | DnsType::CNAME | DnsType::PTR | DnsType::DNAME => {
            ctx.s(" ");
            if name_print(ctx, m, cp, 0)?.is_none() {
                return Ok(None);
            }
        }
        DnsType::SOA => {
            if ctx.v() > 0 {
                ctx.s(" ");
                let Some(c2) = name_print(ctx, m, cp, 0)? else {
                    return Ok(None);
                };
                ctx.s(" ");
                let Some(c3) = name_print(ctx, m, c2, 0)? else {
                    return Ok(None);
                };
                if gs(m, c3, 4 * rdata_field::SOA_NUMBERS).is_err() {
                    return Ok(None);
                }
                for k in 0..rdata_field::SOA_NUMBERS {
                    ctx.s(" ");
                    ctx.u(g32(m, c3 + 4 * k)?);
                }
            }
        }
        DnsType::MX => {
            ctx.s(" ");
            if name_print(ctx, m, cp + rdata_field::MX_EXCHANGE, 0)?.is_none() {
                return Ok(None);
            }
            ctx.s(" ");
            ctx.u(g16(m, cp + rdata_field::MX_PREFERENCE.start)?);
        }
        DnsType::TXT => {
            let mut p = cp;
            while p < rp {
                ctx.s(" \"");
                let n = g8(m, p)? as usize;
                let s = gs(m, p + 1, n)?;
                for &ch in s {
                    fmt::safe_char(ctx.out, ch);
                }
                p += 1 + n;
                ctx.s("\"");
            }
        }
        DnsType::SRV => {
            ctx.s(" ");
            if name_print(ctx, m, cp + rdata_field::SRV_TARGET, 0)?.is_none() {
                return Ok(None);
            }
            ctx.s(":");
            ctx.u(g16(m, cp + rdata_field::SRV_PORT.start)?);
            ctx.s(" ");
            ctx.u(g16(m, cp + rdata_field::SRV_PRIORITY.start)?);
            ctx.s(" ");
            ctx.u(g16(m, cp + rdata_field::SRV_WEIGHT.start)?);
        }
        DnsType::AAAA => match gs(m, cp, 16) {
            Ok(a) => {
                ctx.s(" ");
                fmt::ipv6(ctx.out, a);
            }
            Err(_) => return Ok(None),
        },
        DnsType::OPT => {
            ctx.s(" UDPsize=");
            ctx.u(class);
            if opt_flags & OPT_FLAG_DO != 0 {
                ctx.s(" DO");
            }
            if cp < rp {
                ctx.s(" [");
                edns_opts(ctx, &m[cp..rp])?;
                ctx.s("]");
            }
        }
        _ => {}
    }
    Ok(Some(rp))
}

fn edns_opts(ctx: &mut Ctx<'_>, mut o: &[u8]) -> R {
    let mut first = true;
    while o.len() >= edns_opt_field::DATA {
        let code = g16(o, edns_opt_field::CODE.start)?;
        let len = g16(o, edns_opt_field::LEN.start)? as usize;
        let data = gs(o, edns_opt_field::DATA, len)?;
        if !first {
            ctx.s(", ");
        }
        first = false;
        let name = match code {
            1 => "LLQ",
            2 => "UL",
            3 => "NSID",
            5 => "DAU",
            6 => "DHU",
            7 => "N3U",
            8 => "ECS",
            9 => "EXPIRE",
            10 => "COOKIE",
            11 => "KEEPALIVE",
            12 => "PADDING",
            13 => "CHAIN",
            14 => "KEY-TAG",
            15 => "EDE",
            16 => "CLIENT-TAG",
            17 => "SERVER-TAG",
            _ => "",
        };
        if name.is_empty() {
            ctx.s("Opt");
            ctx.u(code);
        } else {
            ctx.s(name);
        }
        if code == EDNS_COOKIE {
            ctx.s(" ");
            for (k, b) in data.iter().enumerate() {
                if k == EDNS_CLIENT_COOKIE_LEN {
                    ctx.s(" ");
                }
                fmt::x2(ctx.out, *b);
            }
        } else if code == EDNS_PADDING {
            // padding: length only
        } else if !data.is_empty() {
            ctx.s(" ");
            for b in data {
                fmt::x2(ctx.out, *b);
            }
        }
        o = &o[edns_opt_field::DATA + len..];
    }
    Ok(())
}

/// Prints a DNS message (`domain_print`); `bp` holds the captured bytes.
/// `mdns`: the message came from or to port 5353 (and not 53), where the
/// class's top bit means QU in a question and cache flush in an answer.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32, over_tcp: bool, mdns: bool) -> R {
    ctx.proto = "domain";
    let mut m = bp;
    let mut length = length;
    if over_tcp {
        if length < 2 {
            ctx.s(" [DNS over TCP: length ");
            ctx.u(length);
            ctx.s(" < 2]");
            ctx.invalid();
            return Ok(());
        }
        length -= 2;
        let pl = g16(m, TCP_PREFIX.start)?;
        if pl as u32 != length {
            ctx.s(" [prefix length(");
            ctx.u(pl);
            ctx.s(") != length(");
            ctx.u(length);
            ctx.s(")]");
            ctx.invalid();
            return Ok(());
        }
        m = &m[TCP_PREFIX.end..];
        ctx.s(" ");
    }
    if (length as usize) < HEADER_LEN {
        ctx.s("domain [length ");
        ctx.u(length);
        ctx.s(" < 12]");
        ctx.invalid();
        return Ok(());
    }
    let d = Dns::new(m).ok_or(Trunc)?;
    let mut h = Head {
        id: d.id(),
        flags: d.flags(),
        opcode: d.opcode(),
        rc: 0,
        qd: d.qdcount() as u32,
        an: d.ancount() as u32,
        ns: d.nscount() as u32,
        ar: d.arcount() as u32,
    };
    h.rc = d.rcode() | extended_rcode(m, &h) << 4;
    let r = if d.is_response() { response(ctx, m, &h, mdns) } else { query(ctx, m, &h, mdns) };
    match r {
        Ok(true) => {
            ctx.s(" (");
            ctx.u(length);
            ctx.s(")");
            Ok(())
        }
        Ok(false) | Err(Trunc) => {
            ctx.trunc_mark();
            Ok(())
        }
    }
}

/// The fixed header: id, flags, response code (with the OPT record's
/// upper bits) and the four section counts.
struct Head {
    id: u16,
    flags: u16,
    opcode: u16,
    rc: u16,
    qd: u32,
    an: u32,
    ns: u32,
    ar: u32,
}

/// The upper eight bits of the response code from an OPT record in the
/// additional section (RFC 6891 §6.1.3), 0 when there is none or the
/// message cannot be walked that far.
fn extended_rcode(m: &[u8], h: &Head) -> u16 {
    let mut cp = HEADER_LEN;
    for _ in 0..h.qd {
        match nskip(m, cp) {
            Ok(Some(c)) => cp = c + qf::LEN,
            _ => return 0,
        }
        if cp >= m.len() {
            return 0;
        }
    }
    for _ in 0..h.an + h.ns {
        match nskip(m, cp) {
            Ok(Some(c)) => cp = c + rr::RDLENGTH.start,
            _ => return 0,
        }
        if cp + 2 > m.len() {
            return 0;
        }
        cp += 2 + g16(m, cp).unwrap_or(0) as usize;
        if cp >= m.len() {
            return 0;
        }
    }
    for _ in 0..h.ar {
        match nskip(m, cp) {
            Ok(Some(c)) => cp = c,
            _ => return 0,
        }
        if cp + 2 > m.len() {
            return 0;
        }
        if DnsType(g16(m, cp + rr::TYPE.start).unwrap_or(0)) == DnsType::OPT {
            return g8(m, cp + rr::OPT_EXT_RCODE).unwrap_or(0) as u16;
        }
        cp += rr::RDLENGTH.start;
        if cp + 2 > m.len() {
            return 0;
        }
        cp += 2 + g16(m, cp).unwrap_or(0) as usize;
        if cp >= m.len() {
            return 0;
        }
    }
    0
}

/// ` [Nx]` for a section count.
fn count(ctx: &mut Ctx<'_>, n: u32, tag: &str) {
    ctx.s(" [");
    ctx.u(n);
    ctx.s(tag);
    ctx.s("]");
}

/// A response (domain_print's QR branch): rcode and flags, questions with
/// `-vv`, answers, then authority and additional with `-vv`. `Ok(false)` is
/// tcpdump's `goto trunc`.
fn response(ctx: &mut Ctx<'_>, m: &[u8], h: &Head, mdns: bool) -> R<bool> {
    let v2 = ctx.v() > 1;
    ctx.u(h.id);
    opcode(ctx, h.opcode);
    match tcpdump_rcode(h.rc) {
        Some("") => {}
        Some(s) => {
            ctx.s(" ");
            ctx.s(s);
        }
        None => {
            ctx.s(" Resp");
            ctx.u(h.rc);
        }
    }
    for (bit, set, mark) in [(flag::AA, true, "*"), (flag::RA, false, "-"), (flag::TC, true, "|"), (flag::AD, true, "$")] {
        if (h.flags & bit != 0) == set {
            ctx.s(mark);
        }
    }
    if h.qd != 1 {
        count(ctx, h.qd, "q");
    }
    let mut cp = HEADER_LEN;
    for i in 0..h.qd {
        if i != 0 {
            ctx.s(",");
        }
        let next = if v2 {
            ctx.s(" q:");
            qprint(ctx, m, cp, mdns)?
        } else {
            nskip(m, cp)?.map(|c| c + 4)
        };
        match next {
            Some(c) => cp = c,
            None => return Ok(false),
        }
    }
    ctx.s(" ");
    ctx.u(h.an);
    ctx.s("/");
    ctx.u(h.ns);
    ctx.s("/");
    ctx.u(h.ar);
    if h.an > 0 {
        match rprint(ctx, m, cp, mdns)? {
            Some(c) => cp = c,
            None => return Ok(false),
        }
        for _ in 1..h.an {
            if cp >= m.len() {
                return Ok(false);
            }
            ctx.s(",");
            match rprint(ctx, m, cp, mdns)? {
                Some(c) => cp = c,
                None => return Ok(false),
            }
        }
    }
    Ok(!v2 || (section(ctx, m, &mut cp, h.ns, " ns:", mdns)? && section(ctx, m, &mut cp, h.ar, " ar:", mdns)?))
}

/// A query (domain_print's other branch): flags, the counts tcpdump finds
/// unusual, the questions, then the other sections with `-vv`.
fn query(ctx: &mut Ctx<'_>, m: &[u8], h: &Head, mdns: bool) -> R<bool> {
    ctx.u(h.id);
    opcode(ctx, h.opcode);
    if h.flags & flag::RD != 0 {
        ctx.s("+");
    }
    if h.flags & flag::CD != 0 {
        ctx.s("%");
    }
    // The bits a query should not have set: answer-only flags, Z and rcode.
    if h.flags & (flag::AA | flag::TC | flag::RA | flag::Z | flag::RCODE) != 0 {
        ctx.s(" [b2&3=0x");
        fmt::x(ctx.out, h.flags as u64);
        ctx.s("]");
    }
    // An inverse query (opcode 1, IQUERY; RFC 3425) carries its question as
    // an answer, so the unusual counts are the other way round.
    if h.opcode == OPCODE_IQUERY {
        if h.qd != 0 {
            count(ctx, h.qd, "q");
        }
        if h.an != 1 {
            count(ctx, h.an, "a");
        }
    } else {
        if h.an != 0 {
            count(ctx, h.an, "a");
        }
        if h.qd != 1 {
            count(ctx, h.qd, "q");
        }
    }
    if h.ns != 0 {
        count(ctx, h.ns, "n");
    }
    if h.ar != 0 {
        count(ctx, h.ar, "au");
    }
    let mut cp = HEADER_LEN;
    let mut qd = h.qd;
    if qd > 0 {
        match qprint(ctx, m, cp, mdns)? {
            Some(c) => cp = c,
            None => return Ok(false),
        }
        while cp < m.len() {
            qd -= 1;
            if qd == 0 {
                break;
            }
            match qprint(ctx, m, cp, mdns)? {
                Some(c) => cp = c,
                None => return Ok(false),
            }
        }
        if cp >= m.len() && qd > 1 {
            return Ok(false);
        }
    }
    if ctx.v() <= 1 {
        return Ok(true);
    }
    Ok(section(ctx, m, &mut cp, h.an, "", mdns)?
        && section(ctx, m, &mut cp, h.ns, " ns:", mdns)?
        && section(ctx, m, &mut cp, h.ar, " ar:", mdns)?)
}

/// The records of one section after `label`; false when cut short.
fn section(
    ctx: &mut Ctx<'_>,
    m: &[u8],
    cp: &mut usize,
    count: u32,
    label: &str,
    mdns: bool,
) -> R<bool> {
    if count == 0 {
        return Ok(true);
    }
    ctx.s(label);
    match rprint(ctx, m, *cp, mdns)? {
        Some(c) => *cp = c,
        None => return Ok(false),
    }
    let mut n = count;
    while *cp < m.len() {
        n -= 1;
        if n == 0 {
            break;
        }
        ctx.s(",");
        match rprint(ctx, m, *cp, mdns)? {
            Some(c) => *cp = c,
            None => return Ok(false),
        }
    }
    Ok(n <= 1)
}
