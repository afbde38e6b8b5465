//! SNMP, after tcpdump 5.0's print-snmp.c as built without libsmi: walks
//! the message with `wire::ber`'s bounded reader (v1 and v2c community
//! messages, v3 with USM and the scoped PDU) and prints each element as
//! tcpdump's `asn1_print` does, `{ … }` around each part under -v, OIDs
//! named from tcpdump's MIB tree unless -n.
//!
//! Two kinds of failure, as in tcpdump: a malformed element prints a
//! bracketed complaint and ends only the part being read (the enclosing
//! parts still print their closing `}` under -v), while a read past the
//! capture in an element's header ends the whole line with ` [|snmp]`
//! ([`Trunc`]). A value cut by the capture prints ` [|snmp]` and ends only
//! its part, like a malformed one.

use super::{fmt, Ctx, Trunc, R};
use crate::names;
use crate::wire::ber::{self, class, universal, HeaderError};
use crate::wire::snmp::{self, app, exception, msg_flags, pdu, version};

/// tcpdump leaves out the community when it is this default.
const DEFAULT_COMMUNITY: &[u8] = b"public";

/// What an element holds, as tcpdump's `struct be` types it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A context primitive tcpdump gives no type.
    Any,
    Null,
    /// Any other primitive: printed as `_xx` octets.
    Octet,
    Oid,
    Int(i32),
    Uns(u32),
    Uns64(u64),
    Str,
    Seq,
    InetAddr,
    Pdu,
    Exception,
}

/// One parsed element.
#[derive(Clone, Copy, Debug)]
struct Elem {
    kind: Kind,
    tag: u8,
    /// Contents length.
    len: u32,
    /// Offset of the contents in the message buffer.
    at: usize,
    /// Header and contents octets.
    count: u32,
}

/// A position in the message and the octets left in the enclosing structure.
#[derive(Clone, Copy, Debug)]
struct Cur {
    at: usize,
    len: u32,
}

impl Cur {
    /// The contents of a constructed element.
    fn inside(e: &Elem) -> Cur {
        Cur { at: e.at, len: e.len }
    }
    /// Steps over an element just read at this position.
    fn advance(&mut self, e: &Elem) {
        self.at = self.at.saturating_add(e.count as usize);
        self.len = self.len.saturating_sub(e.count);
    }
}

/// `Ok(None)` is tcpdump's -1 (the complaint is printed); `Err` its longjmp.
type Parsed = R<Option<Elem>>;

/// The message being printed: the captured bytes from its first octet on.
struct Msg<'b> {
    buf: &'b [u8],
}

impl Msg<'_> {
    /// An element's contents (the parse checked they were captured).
    fn contents(&self, e: &Elem) -> &[u8] {
        self.buf.get(e.at..).and_then(|b| b.get(..e.len as usize)).unwrap_or(&[])
    }
}

/// `snmp_print`: `length` is the UDP payload length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "snmp";
    ctx.s(" ");
    let m = Msg { buf: bp };
    let Some(e) = parse(ctx, &m, Cur { at: 0, len: length })? else {
        return Ok(());
    };
    if e.kind != Kind::Seq {
        ctx.s("[!init SEQ]");
        asn1_print(ctx, &m, &e)?;
        return Ok(());
    }
    extra(ctx, e.count, length, "iSEQ");
    let mut c = Cur::inside(&e);
    let Some(v) = expect(ctx, &m, c, is_int, "[version!=INT]")? else {
        return Ok(());
    };
    let ver = int(&v);
    match ver {
        version::V1 | version::V2C | version::V3 => {
            if ctx.v() > 0 {
                ctx.s("{ ");
                ctx.s(names::snmp::version(ver).unwrap_or(""));
                ctx.s(" ");
            }
        }
        _ => {
            ctx.s("SNMP [version = ");
            fmt::i(ctx.out, i64::from(ver));
            ctx.s("]");
            return Ok(());
        }
    }
    c.advance(&v);
    if ver == version::V3 {
        v3msg(ctx, &m, c)?;
    } else {
        community(ctx, &m, c, ver)?;
    }
    if ctx.v() > 0 {
        ctx.s("} ");
    }
    Ok(())
}

/// `[N extra after WHAT]` when an element is shorter than what holds it.
fn extra(ctx: &mut Ctx<'_>, count: u32, length: u32, what: &str) {
    if count < length {
        ctx.s("[");
        ctx.u(length - count);
        ctx.s(" extra after ");
        ctx.s(what);
        ctx.s("]");
    }
}

fn is_int(k: Kind) -> bool {
    matches!(k, Kind::Int(_))
}

fn int(e: &Elem) -> i32 {
    match e.kind {
        Kind::Int(v) => v,
        _ => 0,
    }
}

/// `%d`.
fn put_i32(ctx: &mut Ctx<'_>, v: i32) {
    fmt::i(ctx.out, i64::from(v));
}

/// Parses the element at `c` and checks its kind; on a mismatch prints
/// `complaint` and the element, and the caller stops.
fn expect(ctx: &mut Ctx<'_>, m: &Msg<'_>, c: Cur, want: fn(Kind) -> bool, complaint: &str) -> Parsed {
    let Some(e) = parse(ctx, m, c)? else {
        return Ok(None);
    };
    if !want(e.kind) {
        ctx.s(complaint);
        asn1_print(ctx, m, &e)?;
        return Ok(None);
    }
    Ok(Some(e))
}

/// `asn1_parse`: the header through `wire::ber`, tcpdump's tag-name check,
/// then the kind and value.
fn parse(ctx: &mut Ctx<'_>, m: &Msg<'_>, c: Cur) -> Parsed {
    let h = match ber::header(m.buf, c.at, c.len) {
        Ok(h) => h,
        Err(e) => {
            header_error(ctx, e)?;
            return Ok(None);
        }
    };
    let form = if h.constructed { "C" } else { "P" };
    let tags = names::snmp::class_tags(h.class);
    if usize::from(h.tag) >= tags.len() {
        // tcpdump's class names are all "x" (its defineCLASS macro cannot
        // stringify its argument).
        ctx.s("[id?");
        ctx.s(form);
        ctx.s("/x/");
        ctx.u(h.tag);
        ctx.s("]");
        return Ok(None);
    }
    let at = h.contents(c.at);
    let Some(contents) = m.buf.get(at..).and_then(|b| b.get(..h.len as usize)) else {
        ctx.trunc_mark();
        return Ok(None);
    };
    let name = tags[usize::from(h.tag)];
    let kind = if h.constructed {
        match (h.class, h.tag) {
            (class::UNIVERSAL, universal::SEQUENCE) => Kind::Seq,
            (class::CONTEXT, _) => Kind::Pdu,
            (cl, _) => {
                ctx.s(if cl == class::UNIVERSAL { "C/U/" } else { "C/x/" });
                ctx.s(name);
                Kind::Octet
            }
        }
    } else {
        match primitive(ctx, h.class, h.tag, name, contents) {
            Some(k) => k,
            None => return Ok(None),
        }
    };
    Ok(Some(Elem { kind, tag: h.tag, len: h.len, at, count: h.total() }))
}

/// The kind and value of a primitive element (`None`: an empty INTEGER).
fn primitive(ctx: &mut Ctx<'_>, cl: u8, tag: u8, name: &str, contents: &[u8]) -> Option<Kind> {
    let octet = |ctx: &mut Ctx<'_>, prefix: &str| {
        ctx.s(prefix);
        ctx.s(name);
        ctx.s("]");
        Kind::Octet
    };
    Some(match (cl, tag) {
        (class::UNIVERSAL, universal::OCTET_STRING) => Kind::Str,
        (class::UNIVERSAL, universal::INTEGER) if contents.is_empty() => {
            ctx.s("[asnlen=0]");
            return None;
        }
        (class::UNIVERSAL, universal::INTEGER) => Kind::Int(ber::int32(contents)),
        (class::UNIVERSAL, universal::OBJECT_ID) => Kind::Oid,
        (class::UNIVERSAL, universal::NULL) => Kind::Null,
        (class::UNIVERSAL, _) => octet(ctx, "[P/U/"),
        (class::APPLICATION, app::IP_ADDRESS) => Kind::InetAddr,
        (class::APPLICATION, app::COUNTER | app::GAUGE | app::TIME_TICKS) => Kind::Uns(ber::uns32(contents)),
        (class::APPLICATION, app::COUNTER64) => Kind::Uns64(ber::uns64(contents)),
        (class::APPLICATION, _) => octet(ctx, "[P/A/"),
        (class::CONTEXT, exception::NO_SUCH_OBJECT | exception::NO_SUCH_INSTANCE | exception::END_OF_MIB_VIEW) => Kind::Exception,
        (class::CONTEXT, _) => Kind::Any,
        _ => octet(ctx, "[P/x/"),
    })
}

/// Prints what tcpdump prints for a header it cannot read.
fn header_error(ctx: &mut Ctx<'_>, e: HeaderError) -> R {
    match e {
        HeaderError::Cut => return Err(Trunc),
        HeaderError::LengthOctetsCut => ctx.trunc_mark(),
        HeaderError::Empty => ctx.s("[nothing to parse]"),
        HeaderError::TagCut => ctx.s("[Xtagfield?]"),
        HeaderError::NoLength => ctx.s("[no asnlen]"),
        HeaderError::LengthOctets { left, octets } => {
            ctx.s("[asnlen? ");
            ctx.u(left);
            ctx.s("<");
            ctx.u(octets);
            ctx.s("]");
        }
        HeaderError::TooLong { left, len } => {
            ctx.s("[len");
            ctx.u(left);
            ctx.s("<asnlen");
            ctx.u(len);
            ctx.s("]");
        }
    }
    Ok(())
}

/// `asn1_print_octets`: `_xx` for each octet.
fn print_octets(ctx: &mut Ctx<'_>, m: &Msg<'_>, e: &Elem) {
    for b in m.contents(e) {
        ctx.s("_");
        fmt::x2(ctx.out, *b);
    }
}

/// `asn1_print_string`: quoted when every octet is printable ASCII, else
/// `xx_xx…`.
fn print_string(ctx: &mut Ctx<'_>, m: &Msg<'_>, e: &Elem) {
    let s = m.contents(e);
    if s.iter().all(|b| (0x20..0x7f).contains(b)) {
        ctx.s("\"");
        ctx.out.extend_from_slice(s);
        ctx.s("\"");
    } else {
        for (i, b) in s.iter().enumerate() {
            if i > 0 {
                ctx.s("_");
            }
            fmt::x2(ctx.out, *b);
        }
    }
}

/// Where tcpdump's walk of its MIB tree stands (its `objp`).
#[derive(Clone, Copy)]
enum Walk {
    /// Numbers only: -n, or a sub-identifier the tree does not name.
    Off,
    /// At the top of the tree.
    Root,
    /// Below a named node.
    Under(names::snmp::MibNode),
}

/// tcpdump's `OBJ_PRINT`: the name of `o` where the walk has one, else the
/// number (and the walk ends).
fn obj_print(ctx: &mut Ctx<'_>, walk: &mut Walk, o: i32, suppress_dot: bool) {
    let found = match *walk {
        Walk::Off => None,
        Walk::Root => names::snmp::mib_child(None, o),
        Walk::Under(n) => names::snmp::mib_child(Some(n), o),
    };
    if !suppress_dot {
        ctx.s(".");
    }
    match found {
        Some(n) => {
            ctx.s(n.name());
            *walk = Walk::Under(n);
        }
        None => {
            ctx.u(o as u32);
            *walk = Walk::Off;
        }
    }
}

/// An OBJECT IDENTIFIER: `.1.3.6…` under -n; otherwise named from
/// tcpdump's MIB tree, with its abbreviations (`system.sysDescr.0`,
/// `E:cisco…`). The first sub-identifier holds the first two arcs
/// (X.690 §8.19.4).
fn print_oid(ctx: &mut Ctx<'_>, contents: &[u8]) {
    // tcpdump names OIDs unless -n, the option that also keeps port names.
    let named = ctx.opts.resolve_ports;
    let (mut walk, mut first, mut rest) = (Walk::Off, -1i32, contents);
    if named && contents.len() > 2 {
        if let Some((prefix, enc, node)) = names::snmp::ABBREVIATIONS.iter().find(|a| contents.starts_with(a.1)) {
            ctx.s(prefix);
            walk = Walk::Under(*node);
            first = 1;
            rest = &contents[enc.len()..];
        }
    }
    for mut o in ber::oid_subids(rest) {
        if first < 0 {
            if named {
                walk = Walk::Root;
            }
            first = 0;
            let s = (o / 40).min(2);
            obj_print(ctx, &mut walk, s, false);
            o = o.wrapping_sub(s.wrapping_mul(40));
        }
        obj_print(ctx, &mut walk, o, first > 0);
        first = (first - 1).max(0);
    }
}

/// `asn1_print`: one element's value. Never cut here (the parse checked the
/// contents were captured), so it always succeeds; `R` keeps tcpdump's shape.
fn asn1_print(ctx: &mut Ctx<'_>, m: &Msg<'_>, e: &Elem) -> R<bool> {
    match e.kind {
        Kind::Octet => print_octets(ctx, m, e),
        Kind::Null => {}
        Kind::Oid => print_oid(ctx, m.contents(e)),
        Kind::Int(v) => put_i32(ctx, v),
        Kind::Uns(v) => ctx.u(v),
        Kind::Uns64(v) => ctx.u(v),
        Kind::Str => print_string(ctx, m, e),
        Kind::Seq => {
            ctx.s("Seq(");
            ctx.u(e.len);
            ctx.s(")");
        }
        Kind::InetAddr => {
            if e.len != snmp::IP_ADDRESS_LEN {
                ctx.s("[inetaddr len!=4]");
            }
            for (i, b) in m.contents(e).iter().enumerate() {
                if i > 0 {
                    ctx.s(".");
                }
                ctx.u(*b);
            }
        }
        Kind::Exception => {
            ctx.s("[");
            ctx.s(names::snmp::exception(e.tag).unwrap_or(""));
            ctx.s("]");
        }
        Kind::Pdu => {
            ctx.s(names::snmp::CONTEXT.get(usize::from(e.tag)).copied().unwrap_or(""));
            ctx.s("(");
            ctx.u(e.len);
            ctx.s(")");
        }
        Kind::Any => ctx.s("[BE_ANY!?]"),
    }
    Ok(true)
}

/// `community_print`: the community (unless "public"), then the PDU.
fn community(ctx: &mut Ctx<'_>, m: &Msg<'_>, mut c: Cur, ver: i32) -> R {
    let Some(e) = expect(ctx, m, c, |k| k == Kind::Str, "[comm!=STR]")? else {
        return Ok(());
    };
    if m.contents(&e) != DEFAULT_COMMUNITY {
        ctx.s("C=");
        print_string(ctx, m, &e);
        ctx.s(" ");
    }
    c.advance(&e);
    pdu_print(ctx, m, c, ver)
}

/// `pdu_print`: the PDU's name and length, then its body.
fn pdu_print(ctx: &mut Ctx<'_>, m: &Msg<'_>, c: Cur, ver: i32) -> R {
    let Some(p) = parse(ctx, m, c)? else {
        return Ok(());
    };
    if p.kind != Kind::Pdu {
        ctx.s("[no PDU]");
        return Ok(());
    }
    extra(ctx, p.count, c.len, "PDU");
    if ctx.v() > 0 {
        ctx.s("{ ");
    }
    asn1_print(ctx, m, &p)?;
    ctx.s(" ");
    let inner = Cur::inside(&p);
    if ver == version::V1 && matches!(p.tag, pdu::GET_BULK_REQUEST | pdu::INFORM_REQUEST | pdu::V2_TRAP | pdu::REPORT) {
        ctx.s("[v2 PDU in v1 message]");
        return Ok(());
    }
    if ver == version::V2C && p.tag == pdu::TRAP {
        ctx.s("[v1 PDU in v2 message]");
        return Ok(());
    }
    if p.tag == pdu::TRAP {
        trap(ctx, m, inner)?;
    } else {
        request(ctx, m, p.tag, inner)?;
    }
    if ctx.v() > 0 {
        ctx.s(" } ");
    }
    Ok(())
}

/// `DECODE_ErrorStatus`: the name, or `err=N` (as unsigned).
fn error_status(ctx: &mut Ctx<'_>, e: i32) {
    match names::snmp::error_status(e) {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("err=");
            ctx.u(e as u32);
        }
    }
}

/// `snmppdu_print`: request id (-v), error status and index, varbinds.
fn request(ctx: &mut Ctx<'_>, m: &Msg<'_>, tag: u8, mut c: Cur) -> R {
    let Some(id) = expect(ctx, m, c, is_int, "[reqId!=INT]")? else {
        return Ok(());
    };
    if ctx.v() > 0 {
        ctx.s("R=");
        put_i32(ctx, int(&id));
        ctx.s(" ");
    }
    c.advance(&id);
    // Requests, notifications and reports must carry zero in both fields.
    let zeroed = matches!(tag, pdu::GET_REQUEST | pdu::GET_NEXT_REQUEST | pdu::SET_REQUEST | pdu::INFORM_REQUEST | pdu::V2_TRAP | pdu::REPORT);
    let Some(es) = expect(ctx, m, c, is_int, "[errorStatus!=INT]")? else {
        return Ok(());
    };
    let (status, mut error) = (int(&es), 0);
    if zeroed && status != 0 {
        ctx.s("[errorStatus(");
        error_status(ctx, status);
        ctx.s(")!=0]");
    } else if tag == pdu::GET_BULK_REQUEST {
        ctx.s(" N=");
        put_i32(ctx, status);
    } else if status != 0 {
        ctx.s(" ");
        error_status(ctx, status);
        error = status;
    }
    c.advance(&es);
    let Some(ei) = expect(ctx, m, c, is_int, "[errorIndex!=INT]")? else {
        return Ok(());
    };
    let index = int(&ei);
    if zeroed && index != 0 {
        ctx.s("[errorIndex(");
        put_i32(ctx, index);
        ctx.s(")!=0]");
    } else if tag == pdu::GET_BULK_REQUEST {
        ctx.s(" M=");
        put_i32(ctx, index);
    } else if index != 0 {
        ctx.s(if error == 0 { "[errorIndex(" } else { "@" });
        put_i32(ctx, index);
        if error == 0 {
            ctx.s(") w/o errorStatus]");
        }
    } else if error != 0 {
        ctx.s("[errorIndex==0]");
    }
    c.advance(&ei);
    varbinds(ctx, m, tag, c)
}

/// `trappdu_print`: enterprise, agent address, generic and specific trap,
/// time stamp, varbinds.
fn trap(ctx: &mut Ctx<'_>, m: &Msg<'_>, mut c: Cur) -> R {
    ctx.s(" ");
    let Some(ent) = expect(ctx, m, c, |k| k == Kind::Oid, "[enterprise!=OID]")? else {
        return Ok(());
    };
    asn1_print(ctx, m, &ent)?;
    c.advance(&ent);
    ctx.s(" ");
    let Some(addr) = expect(ctx, m, c, |k| k == Kind::InetAddr, "[agent-addr!=INETADDR]")? else {
        return Ok(());
    };
    asn1_print(ctx, m, &addr)?;
    c.advance(&addr);
    let Some(g) = expect(ctx, m, c, is_int, "[generic-trap!=INT]")? else {
        return Ok(());
    };
    let generic = int(&g);
    ctx.s(" ");
    match names::snmp::generic_trap(generic) {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("gt=");
            put_i32(ctx, generic);
        }
    }
    c.advance(&g);
    let Some(s) = expect(ctx, m, c, is_int, "[specific-trap!=INT]")? else {
        return Ok(());
    };
    if generic != snmp::GENERIC_TRAP_ENTERPRISE {
        if int(&s) != 0 {
            ctx.s("[specific-trap(");
            put_i32(ctx, int(&s));
            ctx.s(")!=0]");
        }
    } else {
        ctx.s(" s=");
        put_i32(ctx, int(&s));
    }
    c.advance(&s);
    ctx.s(" ");
    let Some(ts) = expect(ctx, m, c, |k| matches!(k, Kind::Uns(_)), "[time-stamp!=TIMETICKS]")? else {
        return Ok(());
    };
    asn1_print(ctx, m, &ts)?;
    c.advance(&ts);
    varbinds(ctx, m, pdu::TRAP, c)
}

/// `varbind_print`: ` name` for requests, ` name=value` otherwise.
fn varbinds(ctx: &mut Ctx<'_>, m: &Msg<'_>, tag: u8, c: Cur) -> R {
    let Some(list) = expect(ctx, m, c, |k| k == Kind::Seq, "[!SEQ of varbind]")? else {
        return Ok(());
    };
    extra(ctx, list.count, c.len, "SEQ of varbind");
    let request = matches!(tag, pdu::GET_REQUEST | pdu::GET_NEXT_REQUEST | pdu::GET_BULK_REQUEST);
    let mut c = Cur::inside(&list);
    while c.len > 0 {
        ctx.s(" ");
        let Some(vb) = expect(ctx, m, c, |k| k == Kind::Seq, "[!varbind]")? else {
            return Ok(());
        };
        let mut next = c;
        next.advance(&vb);
        let mut inner = Cur::inside(&vb);
        let Some(name) = expect(ctx, m, inner, |k| k == Kind::Oid, "[objName!=OID]")? else {
            return Ok(());
        };
        asn1_print(ctx, m, &name)?;
        inner.advance(&name);
        if !request {
            ctx.s("=");
        }
        let Some(value) = parse(ctx, m, inner)? else {
            return Ok(());
        };
        if value.kind != Kind::Null {
            if request {
                ctx.s("[objVal!=NULL]");
            }
            asn1_print(ctx, m, &value)?;
        }
        c = next;
    }
    Ok(())
}

/// `v3msg_print`: the global header (flags), USM, then the scoped PDU.
fn v3msg(ctx: &mut Ctx<'_>, m: &Msg<'_>, c: Cur) -> R {
    let Some(hdr) = expect(ctx, m, c, |k| k == Kind::Seq, "[!message]")? else {
        return Ok(());
    };
    let mut h = Cur::inside(&hdr);
    if ctx.v() > 0 {
        ctx.s("{ ");
    }
    for complaint in ["[msgID!=INT]", "[msgMaxSize!=INT]"] {
        let Some(e) = expect(ctx, m, h, is_int, complaint)? else {
            return Ok(());
        };
        h.advance(&e);
    }
    let Some(fl) = expect(ctx, m, h, |k| k == Kind::Str, "[msgFlags!=STR]")? else {
        return Ok(());
    };
    if fl.len != 1 {
        ctx.s("[msgFlags size ");
        ctx.u(fl.len);
        ctx.s("]");
        return Ok(());
    }
    let flags = m.contents(&fl).first().copied().unwrap_or(0);
    // Privacy without authentication is not a valid combination (RFC 3412 §6.4).
    if !matches!(flags, 0x00 | 0x01 | 0x03 | 0x04 | 0x05 | 0x07) {
        ctx.s("[msgFlags=0x");
        // tcpdump prints this one in upper case (%02X).
        for nibble in [flags >> 4, flags & 0xf] {
            ctx.out.push(b"0123456789ABCDEF"[usize::from(nibble)]);
        }
        ctx.s("]");
        return Ok(());
    }
    h.advance(&fl);
    ctx.s("F=");
    for (bit, letter) in [(msg_flags::AUTH, "a"), (msg_flags::PRIV, "p"), (msg_flags::REPORTABLE, "r")] {
        if flags & bit != 0 {
            ctx.s(letter);
        }
    }
    ctx.s(" ");
    let Some(model) = expect(ctx, m, h, is_int, "[msgSecurityModel!=INT]")? else {
        return Ok(());
    };
    h.advance(&model);
    // tcpdump compares the last element's size with what is left after it.
    extra(ctx, model.count, h.len, "message SEQ");
    if ctx.v() > 0 {
        ctx.s("} ");
    }
    if int(&model) != snmp::SECURITY_MODEL_USM {
        ctx.s("[security model ");
        put_i32(ctx, int(&model));
        ctx.s("]");
        return Ok(());
    }
    if ctx.v() > 0 {
        ctx.s("{ USM ");
    }
    // The rest of the message starts where the header's last element ended.
    let used = h.at.saturating_sub(c.at) as u32;
    let mut rest = Cur { at: h.at, len: c.len.saturating_sub(used) };
    let Some(sp) = expect(ctx, m, rest, |k| k == Kind::Str, "[msgSecurityParameters!=STR]")? else {
        return Ok(());
    };
    rest.advance(&sp);
    usm(ctx, m, Cur::inside(&sp))?;
    if ctx.v() > 0 {
        ctx.s("} { ScopedPDU ");
    }
    scoped(ctx, m, rest)?;
    if ctx.v() > 0 {
        ctx.s("} ");
    }
    Ok(())
}

/// `usm_print`: engine boots and time (-v) and the user name.
fn usm(ctx: &mut Ctx<'_>, m: &Msg<'_>, c: Cur) -> R {
    let Some(seq) = expect(ctx, m, c, |k| k == Kind::Seq, "[!usm]")? else {
        return Ok(());
    };
    let mut c = Cur::inside(&seq);
    let Some(engine) = expect(ctx, m, c, |k| k == Kind::Str, "[msgAuthoritativeEngineID!=STR]")? else {
        return Ok(());
    };
    c.advance(&engine);
    for (complaint, label) in [("[msgAuthoritativeEngineBoots!=INT]", "B="), ("[msgAuthoritativeEngineTime!=INT]", "T=")] {
        let Some(e) = expect(ctx, m, c, is_int, complaint)? else {
            return Ok(());
        };
        if ctx.v() > 0 {
            ctx.s(label);
            put_i32(ctx, int(&e));
            ctx.s(" ");
        }
        c.advance(&e);
    }
    let Some(user) = expect(ctx, m, c, |k| k == Kind::Str, "[msgUserName!=STR]")? else {
        return Ok(());
    };
    c.advance(&user);
    ctx.s("U=");
    print_string(ctx, m, &user);
    ctx.s(" ");
    let mut last = user;
    for complaint in ["[msgAuthenticationParameters!=STR]", "[msgPrivacyParameters!=STR]"] {
        let Some(e) = expect(ctx, m, c, |k| k == Kind::Str, complaint)? else {
            return Ok(());
        };
        c.advance(&e);
        last = e;
    }
    extra(ctx, last.count, c.len, "usm SEQ");
    Ok(())
}

/// `scopedpdu_print`: context engine id and name, then the PDU.
fn scoped(ctx: &mut Ctx<'_>, m: &Msg<'_>, c: Cur) -> R {
    let Some(seq) = expect(ctx, m, c, |k| k == Kind::Seq, "[!scoped PDU]")? else {
        return Ok(());
    };
    let mut c = Cur::inside(&seq);
    let Some(engine) = expect(ctx, m, c, |k| k == Kind::Str, "[contextEngineID!=STR]")? else {
        return Ok(());
    };
    c.advance(&engine);
    ctx.s("E=");
    print_octets(ctx, m, &engine);
    ctx.s(" ");
    let Some(name) = expect(ctx, m, c, |k| k == Kind::Str, "[contextName!=STR]")? else {
        return Ok(());
    };
    c.advance(&name);
    ctx.s("C=");
    print_string(ctx, m, &name);
    ctx.s(" ");
    pdu_print(ctx, m, c, version::V3)
}
