//! Telnet option negotiation, after tcpdump's print-telnet.c: the IAC
//! commands at the start of a TCP payload on port 23, read by
//! `wire::telnet`, as ` [telnet DO ECHO, WILL NAWS, SB NAWS IS 0x50 0 0x18 SE]`.
//! Under -X with -vvv each command gets its own hex line instead.

use super::{g8, hex, Ctx, HexMode, Trunc, R};
use crate::names;
use crate::wire::telnet::{self, option, Command, Step, IAC};

/// `telnet_print`: `length` is the payload's length on the wire.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], length: u32) -> R {
    ctx.proto = "telnet";
    let hex_lines = matches!(ctx.opts.hex, HexMode::HexAscii | HexMode::HexAsciiLink) && ctx.v() > 2;
    let (mut off, mut length, mut first) = (0usize, length, true);
    // tcpdump's length is unsigned: an SB whose IAC SE it assumed past the
    // stream's end wraps it, and the next read then fails on the capture.
    while length > 0 && g8(bp, off)? == IAC {
        let rest = bp.get(off..).unwrap_or(&[]);
        let (cmd, l) = match telnet::next(rest, length) {
            Step::Command(cmd, l) => (cmd, l),
            Step::End => break,
            Step::Cut => return Err(Trunc),
        };
        if hex_lines {
            if first {
                ctx.s("\nTelnet:");
            }
            // hex_print_with_offset reads pair by pair: a cut command shows
            // its whole pairs, then the truncation mark.
            let l = l as usize;
            if rest.len() < l {
                hex::hex(ctx.out, "\n", &rest[..rest.len() & !1], off);
                return Err(Trunc);
            }
            hex::hex(ctx.out, "\n", &rest[..l], off);
            if l > 8 {
                ctx.s("\n\t\t\t\t");
            } else {
                ctx.s(&" ".repeat((8 - l) * 3));
                ctx.s("\t");
            }
        } else {
            ctx.s(if first { " [telnet " } else { ", " });
        }
        command(ctx, cmd);
        first = false;
        off += l as usize;
        length = length.wrapping_sub(l);
    }
    if !first {
        ctx.s(if hex_lines { "\n" } else { "]" });
    }
    Ok(())
}

fn command(ctx: &mut Ctx<'_>, cmd: Command<'_>) {
    match cmd {
        Command::DataIac => ctx.s("IAC IAC"),
        Command::Plain(c) => ctx.s(names::telnet::command(c).unwrap_or("")),
        Command::Negotiate(c, opt) => negotiation(ctx, c, opt),
        Command::Sub { option: opt, body } => {
            negotiation(ctx, telnet::SB, opt);
            let (auth, enc) = (opt == option::AUTHENTICATION, opt == option::ENCRYPT);
            for (i, &b) in body.iter().enumerate() {
                ctx.s(" ");
                let named = if i < 2 { names::telnet::sub_byte(auth, enc, i, b) } else { None };
                match named {
                    Some(n) => ctx.s(n),
                    None => alt_hex(ctx, b),
                }
            }
            ctx.s(" SE");
        }
    }
}

/// `%s %s` of the command and option names; `%#x` for an unnamed option.
fn negotiation(ctx: &mut Ctx<'_>, c: u8, opt: u8) {
    ctx.s(names::telnet::command(c).unwrap_or(""));
    ctx.s(" ");
    match names::telnet::option(opt) {
        Some(n) => ctx.s(n),
        None => alt_hex(ctx, opt),
    }
}

/// C's `%#x`: `0` for zero, else `0x` and lowercase hex.
fn alt_hex(ctx: &mut Ctx<'_>, b: u8) {
    if b == 0 {
        ctx.s("0");
    } else {
        ctx.s("0x");
        super::fmt::x(ctx.out, u64::from(b));
    }
}
