//! Arithmetic of pcap-filter(7): `proto[expr:size]`, `len`, numbers and the
//! operators, compiled as libpcap does (each value in a scratch register, the
//! protocol checks of every load gathered in front of the comparison).

use super::bpf::{op, Insn};
use super::code::Pred;
use super::gen::{self, ipproto, GenResult, Proto, State};

/// A value being computed: its code, the register holding it, and the tests
/// that must pass before the code may run.
#[derive(Clone, Debug)]
pub struct Arth {
    pub stmts: Vec<Insn>,
    pub reg: u32,
    pub checks: Option<Pred>,
    /// The constant, when the value is a literal (for the division check).
    pub literal: Option<u32>,
}

fn and_opt(a: Option<Pred>, b: Option<Pred>) -> Option<Pred> {
    match (a, b) {
        (Some(a), Some(b)) => Some(Pred::and(a, b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// A literal (`gen_loadi`).
pub fn loadi(st: &mut State, v: u32) -> GenResult<Arth> {
    let reg = st.alloc_reg()?;
    let stmts = vec![Insn::stmt(op::LD | op::IMM, v), Insn::stmt(op::ST, reg)];
    Ok(Arth { stmts, reg, checks: None, literal: Some(v) })
}

/// `len`: the length on the wire.
pub fn loadlen(st: &mut State) -> GenResult<Arth> {
    let reg = st.alloc_reg()?;
    let stmts = vec![Insn::stmt(op::LD | op::W | op::LEN, 0), Insn::stmt(op::ST, reg)];
    Ok(Arth { stmts, reg, checks: None, literal: None })
}

/// `proto[index:size]` (gen_load).
pub fn load(st: &mut State, p: Proto, mut index: Arth, size: u32) -> GenResult<Arth> {
    let size = match size {
        1 => op::B,
        2 => op::H,
        4 => op::W,
        _ => return Err("data size must be 1, 2, or 4".into()),
    };
    let ind = |k: u32| Insn::stmt(op::LD | size | op::IND, k);
    let reg = st.alloc_reg()?;
    let checks = match p {
        Proto::Link => {
            // The 802.11 view keeps the MAC header's first bytes as they are,
            // and only those.
            let bytes = match size {
                op::B => 1,
                op::H => 2,
                _ => 4,
            };
            let mut checks = index.checks;
            if st.kind == gen::LinkKind::Wlan {
                let end = index.literal.map(|i| i.saturating_add(bytes)).filter(|&e| e <= super::wlan::HEADER_BYTES);
                let Some(end) = end else {
                    return Err(format!(
                        "tcpsleuth reads only the first {} bytes of an 802.11 header with wlan[...]: give a constant index below that",
                        super::wlan::HEADER_BYTES
                    ));
                };
                // Bytes the capture cut off reject the frame, as in libpcap.
                let held = gen::cmp_op(super::wlan::CAPTURED, op::B, op::JGE, end);
                checks = and_opt(checks, Some(Pred::or(held, gen::abort())));
            }
            index.stmts.extend([Insn::stmt(op::LDX | op::MEM, index.reg), ind(0)]);
            checks
        }
        Proto::Ip | Proto::Arp | Proto::Rarp | Proto::Ip6 => {
            index.stmts.extend([Insn::stmt(op::LDX | op::MEM, index.reg), ind(st.nl(0))]);
            and_opt(index.checks, Some(gen::abbrev(st, p)?))
        }
        Proto::Icmp6 => {
            index.stmts.extend([Insn::stmt(op::LDX | op::MEM, index.reg), ind(st.nl(40))]);
            let v6 = gen::linktype(st, gen::ETHERTYPE_IPV6)?;
            let next = gen::cmp(st.nl(6), op::B, ipproto::ICMPV6);
            and_opt(index.checks, Some(Pred::and(v6, next)))
        }
        Proto::Default => return Err("syntax error: expected a protocol before '['".into()),
        _ => {
            // Relative to the transport header after an IPv4 header of any length.
            index.stmts.extend([
                Insn::stmt(op::LDX | op::MSH | op::B, st.nl(0)),
                Insn::stmt(op::LD | op::MEM, index.reg),
                Insn::stmt(op::ALU | op::ADD | op::X, 0),
                Insn::stmt(op::MISC | op::TAX, 0),
                ind(st.nl(0)),
            ]);
            let tail = Pred::and(gen::abbrev(st, p)?, gen::ipfrag(st));
            let inner = match index.checks {
                Some(c) => Pred::and(c, tail),
                None => tail,
            };
            Some(Pred::and(gen::linktype(st, gen::ETHERTYPE_IP)?, inner))
        }
    };
    index.stmts.push(Insn::stmt(op::ST, reg));
    st.free_reg(index.reg);
    Ok(Arth { stmts: index.stmts, reg, checks, literal: None })
}

/// `a0 OP a1` for an ALU operation (gen_arth).
pub fn binary(st: &mut State, alu: u16, a0: Arth, a1: Arth) -> GenResult<Arth> {
    if matches!(alu, op::DIV | op::MOD) && a1.literal == Some(0) {
        return Err(if alu == op::DIV { "division by zero" } else { "modulus by zero" }.into());
    }
    if matches!(alu, op::LSH | op::RSH) && a1.literal.is_some_and(|v| v > 31) {
        return Err("shift by more than 31 bits".into());
    }
    let mut stmts = a0.stmts;
    stmts.extend(a1.stmts);
    stmts.extend([
        Insn::stmt(op::LDX | op::MEM, a1.reg),
        Insn::stmt(op::LD | op::MEM, a0.reg),
        Insn::stmt(op::ALU | alu | op::X, 0),
    ]);
    st.free_reg(a0.reg);
    st.free_reg(a1.reg);
    let reg = st.alloc_reg()?;
    stmts.push(Insn::stmt(op::ST, reg));
    Ok(Arth { stmts, reg, checks: and_opt(a0.checks, a1.checks), literal: None })
}

/// `-a` (gen_neg).
pub fn neg(a: Arth) -> Arth {
    let mut stmts = a.stmts;
    stmts.extend([
        Insn::stmt(op::LD | op::MEM, a.reg),
        Insn::stmt(op::ALU | op::NEG, 0),
        Insn::stmt(op::ST, a.reg),
    ]);
    Arth { stmts, reg: a.reg, checks: a.checks, literal: None }
}

/// The relations: `>` `>=` `=` directly, `<=` `<` `!=` as their negations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rel {
    Gt,
    Ge,
    Eq,
    Le,
    Lt,
    Ne,
}

/// `a0 REL a1` (gen_relation).
pub fn relation(st: &mut State, rel: Rel, a0: Arth, a1: Arth) -> Pred {
    let (jop, reversed) = match rel {
        Rel::Gt => (op::JGT, false),
        Rel::Ge => (op::JGE, false),
        Rel::Eq => (op::JEQ, false),
        Rel::Le => (op::JGT, true),
        Rel::Lt => (op::JGE, true),
        Rel::Ne => (op::JEQ, true),
    };
    let mut stmts = a0.stmts;
    stmts.extend(a1.stmts);
    stmts.extend([Insn::stmt(op::LDX | op::MEM, a1.reg), Insn::stmt(op::LD | op::MEM, a0.reg)]);
    let test = if jop == op::JEQ {
        stmts.push(Insn::stmt(op::ALU | op::SUB | op::X, 0));
        Pred::test(stmts, op::JEQ, 0)
    } else {
        let mut p = Pred::test(stmts, jop, 0);
        if let Pred::Test(t) = &mut p {
            t.code = op::JMP | jop | op::X;
        }
        p
    };
    st.free_reg(a0.reg);
    st.free_reg(a1.reg);
    let test = if reversed { Pred::not(test) } else { test };
    match and_opt(a0.checks, a1.checks) {
        Some(c) => Pred::and(c, test),
        None => test,
    }
}
