//! Spanning tree BPDUs, after tcpdump 5.0's print-stp.c: formats
//! `wire::stp`'s view (802.1D config and TCN, 802.1w RSTP, 802.1s MSTP with
//! its MSTIs, 802.1aq SPB) on one line, the timers and identifiers under -v.
//!
//! tcpdump builds each `ND_PRINT` from reads that may each hit the end of
//! the capture; a cut read prints nothing of that call. So every group of
//! values below is read first and written after.

use super::{fmt, printjnp, Ctx, Trunc, R};
use crate::names;
use crate::wire::stp::{self, bpdu_type, field, msti_field, spb_field, version, Bpdu};
use crate::wire::field::Field;

/// `stp_print`: `length` is the on-wire length after the LLC header.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "stp";
    let b = Bpdu::new(bp);
    let length = length as usize;
    if length < 4 {
        ctx.invalid();
        return Ok(());
    }
    if g16(&b, field::PROTOCOL_ID)? != 0 {
        ctx.s("unknown STP version, length ");
        ctx.u(length as u64);
        return Ok(());
    }
    let ver = g8(&b, field::VERSION)?;
    ctx.s("STP ");
    match names::stp::version(ver) {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("Unknown STP protocol (0x");
            fmt::x2(ctx.out, ver);
            ctx.s(")");
            return Ok(());
        }
    }
    let kind = g8(&b, field::BPDU_TYPE)?;
    ctx.s(", ");
    match names::stp::bpdu_type(kind) {
        Some(n) => ctx.s(n),
        None => {
            ctx.s("Unknown BPDU Type (0x");
            fmt::x2(ctx.out, kind);
            ctx.s(")");
        }
    }
    match (kind, ver) {
        (bpdu_type::CONFIG, _) if length < stp::CONFIG_LEN => ctx.invalid(),
        (bpdu_type::CONFIG, _) => config(ctx, &b, ver, length)?,
        (bpdu_type::RSTP, version::RSTP) if length < stp::RSTP_LEN => ctx.invalid(),
        (bpdu_type::RSTP, version::RSTP) => config(ctx, &b, ver, length)?,
        (bpdu_type::RSTP, version::MSTP | version::SPB) => mstp_or_spb(ctx, &b, ver, length)?,
        _ => {}
    }
    Ok(())
}

fn g8(b: &Bpdu<'_>, at: usize) -> R<u8> {
    b.u8(at).ok_or(Trunc)
}

fn g16(b: &Bpdu<'_>, f: Field) -> R<u16> {
    b.u16(f).ok_or(Trunc)
}

fn g32(b: &Bpdu<'_>, f: Field) -> R<u32> {
    b.u32(f).ok_or(Trunc)
}

/// An 8-byte bridge identifier, read whole before anything is printed.
fn bridge_id<'a>(b: &Bpdu<'a>, f: Field) -> R<&'a [u8]> {
    b.bytes_of(f).ok_or(Trunc)
}

/// `pppp.aa:bb:cc:dd:ee:ff` (priority and system id extension, then the MAC).
fn put_bridge_id(ctx: &mut Ctx<'_>, id: &[u8]) {
    for (i, byte) in id.iter().enumerate() {
        match i {
            2 => ctx.s("."),
            3.. => ctx.s(":"),
            _ => {}
        }
        fmt::x2(ctx.out, *byte);
    }
}

/// C's `%.2f` of `v / 256` (a timer in 1/256 s): exact, ties to even.
fn put_secs_256(ctx: &mut Ctx<'_>, v: u16) {
    let scaled = u32::from(v) * 100;
    let (mut q, r) = (scaled / 256, scaled % 256);
    if r > 128 || (r == 128 && q % 2 == 1) {
        q += 1;
    }
    ctx.u(q / 100);
    ctx.s(".");
    fmt::u_pad(ctx.out, u64::from(q % 100), 2);
    ctx.s("s");
}

/// `\n\tmessage-age …s, max-age …s, hello-time …s, forwarding-delay …s`.
fn timers(ctx: &mut Ctx<'_>, b: &Bpdu<'_>) -> R {
    let t = [
        g16(b, field::MESSAGE_AGE)?,
        g16(b, field::MAX_AGE)?,
        g16(b, field::HELLO_TIME)?,
        g16(b, field::FORWARD_DELAY)?,
    ];
    for (label, v) in ["\n\tmessage-age ", ", max-age ", ", hello-time ", ", forwarding-delay "].into_iter().zip(t) {
        ctx.s(label);
        put_secs_256(ctx, v);
    }
    Ok(())
}

/// `[flag, …]` or `[none]`.
fn flags(ctx: &mut Ctx<'_>, f: u8) {
    fmt::flag_list(ctx.out, f, names::stp::FLAGS);
}

/// `stp_print_config_bpdu`: 802.1D config and 802.1w RST BPDUs.
fn config(ctx: &mut Ctx<'_>, b: &Bpdu<'_>, ver: u8, length: usize) -> R {
    let f = g8(b, field::FLAGS)?;
    ctx.s(", Flags ");
    flags(ctx, f);
    let (id, port) = (bridge_id(b, field::BRIDGE_ID)?, g16(b, field::PORT_ID)?);
    ctx.s(", bridge-id ");
    put_bridge_id(ctx, id);
    ctx.s(".");
    fmt::x_pad(ctx.out, u64::from(port), 4);
    ctx.s(", length ");
    ctx.u(length as u64);
    if ctx.v() == 0 {
        return Ok(());
    }
    timers(ctx, b)?;
    let (root, cost) = (bridge_id(b, field::ROOT_ID)?, g32(b, field::ROOT_PATH_COST)?);
    ctx.s("\n\troot-id ");
    put_bridge_id(ctx, root);
    ctx.s(", root-pathcost ");
    ctx.u(cost);
    // The port role bits mean something only in 802.1w.
    if ver == version::RSTP {
        ctx.s(", port-role ");
        ctx.s(names::stp::port_role(stp::port_role(f)));
    }
    Ok(())
}

/// The length checks of `stp_print` for MST and SPT BPDUs, then their bodies.
fn mstp_or_spb(ctx: &mut Ctx<'_>, b: &Bpdu<'_>, ver: u8, length: usize) -> R {
    if length < stp::MSTP_MIN_LEN || g8(b, field::V1_LENGTH)? != 0 {
        ctx.invalid();
        return Ok(());
    }
    // The v3 length counts what follows its own two bytes.
    let mstp_len = usize::from(g16(b, field::V3_LENGTH)?) + 2;
    if length < stp::RSTP_LEN + mstp_len {
        ctx.invalid();
        return Ok(());
    }
    mstp(ctx, b, length)?;
    if ver == version::SPB {
        let at = stp::RSTP_LEN + mstp_len;
        let spb = b.at(at);
        let spb_len = usize::from(g16(&spb, spb_field::V4_LENGTH)?) + 2;
        if length < at + spb_len || spb_len < stp::SPB_MIN_LEN {
            ctx.invalid();
            return Ok(());
        }
        spb_print(ctx, &spb)?;
    }
    Ok(())
}

/// A 16-byte MD5 digest as four `%08x` words.
fn digest(ctx: &mut Ctx<'_>, b: &Bpdu<'_>, f: Field) -> R {
    let d = b.bytes_of(f).ok_or(Trunc)?;
    for byte in d {
        fmt::x2(ctx.out, *byte);
    }
    Ok(())
}

/// `stp_print_mstp_bpdu`: the CIST, then one block per MSTI.
fn mstp(ctx: &mut Ctx<'_>, b: &Bpdu<'_>, length: usize) -> R {
    let f = g8(b, field::FLAGS)?;
    ctx.s(", CIST Flags ");
    flags(ctx, f);
    ctx.s(", length ");
    ctx.u(length as u64);
    if ctx.v() == 0 {
        return Ok(());
    }
    ctx.s("\n\tport-role ");
    ctx.s(names::stp::port_role(stp::port_role(f)));
    ctx.s(", ");
    let (root, cost) = (bridge_id(b, field::ROOT_ID)?, g32(b, field::ROOT_PATH_COST)?);
    ctx.s("CIST root-id ");
    put_bridge_id(ctx, root);
    ctx.s(", CIST ext-pathcost ");
    ctx.u(cost);
    let regional = bridge_id(b, field::BRIDGE_ID)?;
    ctx.s("\n\tCIST regional-root-id ");
    put_bridge_id(ctx, regional);
    ctx.s(", ");
    let port = g16(b, field::PORT_ID)?;
    ctx.s("CIST port-id ");
    fmt::x_pad(ctx.out, u64::from(port), 4);
    ctx.s(",");
    timers(ctx, b)?;
    let v3len = g16(b, field::V3_LENGTH)?;
    ctx.s("\n\tv3len ");
    ctx.u(v3len);
    ctx.s(", MCID Name ");
    printjnp(ctx, b.bytes(), field::CONFIG_NAME.start, field::CONFIG_NAME.len())?;
    let rev = g16(b, field::REVISION)?;
    b.bytes_of(field::DIGEST).ok_or(Trunc)?;
    ctx.s(", rev ");
    ctx.u(rev);
    ctx.s(",\n\t\tdigest ");
    digest(ctx, b, field::DIGEST)?;
    ctx.s(", ");
    let int_cost = g32(b, field::CIST_INT_PATH_COST)?;
    ctx.s("CIST int-root-pathcost ");
    ctx.u(int_cost);
    ctx.s(",");
    let cist_bridge = bridge_id(b, field::CIST_BRIDGE_ID)?;
    ctx.s("\n\tCIST bridge-id ");
    put_bridge_id(ctx, cist_bridge);
    ctx.s(", ");
    let hops = g8(b, field::CIST_REMAINING_HOPS)?;
    ctx.s("CIST remaining-hops ");
    ctx.u(hops);
    if v3len > stp::MSTP_CONFIG_INFO_LEN {
        let count = usize::from(v3len - stp::MSTP_CONFIG_INFO_LEN) / stp::MSTI_LEN;
        for i in 0..count {
            msti(ctx, &b.msti(i))?;
        }
    }
    Ok(())
}

/// One MSTI configuration message (three lines).
fn msti(ctx: &mut Ctx<'_>, m: &Bpdu<'_>) -> R {
    let id = g16(m, msti_field::REGIONAL_ROOT)? & 0x0fff;
    let f = g8(m, msti_field::FLAGS)?;
    ctx.s("\n\tMSTI ");
    ctx.u(id);
    ctx.s(", Flags ");
    flags(ctx, f);
    ctx.s(", port-role ");
    ctx.s(names::stp::port_role(stp::port_role(f)));
    let (root, cost) = (bridge_id(m, msti_field::REGIONAL_ROOT)?, g32(m, msti_field::PATH_COST)?);
    ctx.s("\n\t\tMSTI regional-root-id ");
    put_bridge_id(ctx, root);
    ctx.s(", pathcost ");
    ctx.u(cost);
    let prio = [
        g8(m, msti_field::BRIDGE_PRIO)? >> 4,
        g8(m, msti_field::PORT_PRIO)? >> 4,
        g8(m, msti_field::REMAINING_HOPS)?,
    ];
    ctx.s("\n\t\tMSTI bridge-prio ");
    ctx.u(prio[0]);
    ctx.s(", port-prio ");
    ctx.u(prio[1]);
    ctx.s(", hops ");
    ctx.u(prio[2]);
    Ok(())
}

/// `stp_print_spb_bpdu` (-v only): the auxiliary MCID and the agreement.
fn spb_print(ctx: &mut Ctx<'_>, s: &Bpdu<'_>) -> R {
    if ctx.v() == 0 {
        return Ok(());
    }
    let v4len = g16(s, spb_field::V4_LENGTH)?;
    ctx.s("\n\tv4len ");
    ctx.u(v4len);
    ctx.s(", AUXMCID Name ");
    printjnp(ctx, s.bytes(), spb_field::CONFIG_NAME.start, spb_field::CONFIG_NAME.len())?;
    let rev = g16(s, spb_field::REVISION)?;
    s.bytes_of(spb_field::DIGEST).ok_or(Trunc)?;
    ctx.s(", Rev ");
    ctx.u(rev);
    ctx.s(",\n\t\tdigest ");
    digest(ctx, s, spb_field::DIGEST)?;
    let agreement = g8(s, spb_field::AGREEMENT)?;
    let format = g8(s, spb_field::FORMAT)?;
    let convention = g8(s, spb_field::CONVENTION)?;
    let edge = g16(s, spb_field::EDGE_COUNT)?;
    s.bytes_of(spb_field::AGREEMENT_DIGEST).ok_or(Trunc)?;
    ctx.s("\n\tAgreement num ");
    ctx.u(agreement >> 6);
    ctx.s(", Discarded Agreement num ");
    ctx.u((agreement >> 4) & 0x3);
    ctx.s(", Agreement valid-flag ");
    ctx.u((agreement >> 3) & 0x1);
    ctx.s(",\n\tRestricted role-flag: ");
    ctx.u((agreement >> 2) & 0x1);
    // tcpdump masks the capability with 0xff, so it prints the whole byte.
    ctx.s(", Format id ");
    ctx.u(format >> 4);
    ctx.s(" cap ");
    ctx.u(format);
    ctx.s(", Convention id ");
    ctx.u(convention >> 4);
    ctx.s(" cap ");
    ctx.u(convention);
    ctx.s(",\n\tEdge count ");
    ctx.u(edge);
    ctx.s(", Agreement digest ");
    digest(ctx, s, spb_field::AGREEMENT_DIGEST)?;
    Ok(())
}
