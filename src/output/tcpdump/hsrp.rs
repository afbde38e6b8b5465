//! HSRP, after tcpdump 5.0's print-hsrp.c: formats `wire::hsrp`'s fields;
//! under -v the timers, priority and password.

use super::{fmt, g8, gs, printjnp, Ctx, R};
use crate::names;
use crate::wire::hsrp::field as f;

/// `hsrp_print`: `len` is the UDP payload length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], len: u32) -> R {
    ctx.proto = "hsrp";
    // Each field is read before the text that carries it, so a cut
    // message stops where tcpdump's GET_ macros stop it.
    ctx.s("HSRP");
    let version = g8(bp, f::VERSION)?;
    ctx.s("v");
    ctx.u(version);
    // Only version 0 has RFC 2281's layout.
    if version != 0 {
        return Ok(());
    }
    ctx.s("-");
    let op = g8(bp, f::OP_CODE)?;
    ctx.tok2str(names::hsrp::op_code(op), "unknown (", op, ")");
    ctx.s(" ");
    ctx.u(len);
    ctx.s(": ");
    let state = g8(bp, f::STATE)?;
    ctx.s("state=");
    ctx.tok2str(names::hsrp::state(state), "Unknown (", state, ")");
    ctx.s(" ");
    let group = g8(bp, f::GROUP)?;
    ctx.s("group=");
    ctx.u(group);
    ctx.s(" ");
    let reserved = g8(bp, f::RESERVED)?;
    if reserved != 0 {
        ctx.s("[reserved=");
        ctx.u(reserved);
        ctx.s("!] ");
    }
    let addr = gs(bp, f::VIRTUAL_ADDR.start, f::VIRTUAL_ADDR.len())?;
    ctx.s("addr=");
    fmt::ipv4(ctx.out, addr);
    if ctx.v() > 0 {
        // The timers and priority sit before the address, so they are there.
        ctx.s(" hellotime=");
        fmt::relts(ctx.out, u32::from(g8(bp, f::HELLOTIME)?));
        ctx.s(" holdtime=");
        fmt::relts(ctx.out, u32::from(g8(bp, f::HOLDTIME)?));
        ctx.s(" priority=");
        ctx.u(g8(bp, f::PRIORITY)?);
        ctx.s(" auth=\"");
        printjnp(ctx, bp, f::AUTH_DATA.start, f::AUTH_DATA.len())?;
        ctx.s("\"");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::print_layer;
    use super::*;

    /// An active router's hello for group 1, virtual address 192.0.2.1.
    const HELLO: [u8; 20] = [
        0, 0, 16, 3, 10, 110, 1, 0, // version, op, state, hello, hold, prio, group, reserved
        b'c', b'i', b's', b'c', b'o', 0, 0, 0, // password "cisco"
        192, 0, 2, 1, // virtual address
    ];

    #[test]
    fn a_hello_names_state_group_and_address() {
        assert_eq!(print_layer(0, |c| print(c, &HELLO, 20)), "HSRPv0-hello 20: state=active group=1 addr=192.0.2.1");
    }

    #[test]
    fn verbose_adds_timers_priority_and_password() {
        let out = print_layer(1, |c| print(c, &HELLO, 20));
        assert!(out.ends_with(" hellotime=3s holdtime=10s priority=110 auth=\"cisco\""), "{out}");
    }

    #[test]
    fn a_cut_message_ends_with_the_truncation_mark() {
        assert_eq!(print_layer(0, |c| print(c, &HELLO[..12], 20)), "HSRPv0-hello 20: state=active group=1  [|hsrp]");
    }
}
