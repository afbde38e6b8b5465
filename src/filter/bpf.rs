//! Classic BPF: the instruction set, a bounded userspace interpreter with
//! libpcap's `bpf_filter()` semantics, and the `tcpdump -d` listing.
//!
//! The interpreter never panics and always ends: a load outside the captured
//! bytes, a division by zero, a scratch index out of range or a jump out of
//! the program rejects the packet (returns 0) as libpcap does, and a program
//! that runs more than [`MAX_STEPS`] instructions (only a backward `ja`, which
//! libpcap's `protochain` uses, can loop) is rejected too.

use std::fmt::Write as _;

/// One classic BPF instruction (`struct sock_filter` / `struct bpf_insn`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Insn {
    pub code: u16,
    pub jt: u8,
    pub jf: u8,
    pub k: u32,
}

/// Instruction classes, sizes, modes and operations (linux/filter.h).
pub mod op {
    pub const LD: u16 = 0x00;
    pub const LDX: u16 = 0x01;
    pub const ST: u16 = 0x02;
    pub const STX: u16 = 0x03;
    pub const ALU: u16 = 0x04;
    pub const JMP: u16 = 0x05;
    pub const RET: u16 = 0x06;
    pub const MISC: u16 = 0x07;
    pub const W: u16 = 0x00;
    pub const H: u16 = 0x08;
    pub const B: u16 = 0x10;
    pub const IMM: u16 = 0x00;
    pub const ABS: u16 = 0x20;
    pub const IND: u16 = 0x40;
    pub const MEM: u16 = 0x60;
    pub const LEN: u16 = 0x80;
    pub const MSH: u16 = 0xa0;
    pub const ADD: u16 = 0x00;
    pub const SUB: u16 = 0x10;
    pub const MUL: u16 = 0x20;
    pub const DIV: u16 = 0x30;
    pub const OR: u16 = 0x40;
    pub const AND: u16 = 0x50;
    pub const LSH: u16 = 0x60;
    pub const RSH: u16 = 0x70;
    pub const NEG: u16 = 0x80;
    pub const MOD: u16 = 0x90;
    pub const XOR: u16 = 0xa0;
    pub const JA: u16 = 0x00;
    pub const JEQ: u16 = 0x10;
    pub const JGT: u16 = 0x20;
    pub const JGE: u16 = 0x30;
    pub const JSET: u16 = 0x40;
    pub const K: u16 = 0x00;
    pub const X: u16 = 0x08;
    pub const A: u16 = 0x10;
    pub const TAX: u16 = 0x00;
    pub const TXA: u16 = 0x80;
}

/// Scratch memory words (`BPF_MEMWORDS`).
pub const MEMWORDS: usize = 16;
/// Instructions executed before a program is given up on (and the packet rejected).
pub const MAX_STEPS: usize = 1 << 16;

impl Insn {
    /// A non-jump instruction.
    pub const fn stmt(code: u16, k: u32) -> Insn {
        Insn { code, jt: 0, jf: 0, k }
    }
    /// A conditional jump with relative targets.
    pub const fn jump(code: u16, k: u32, jt: u8, jf: u8) -> Insn {
        Insn { code, jt, jf, k }
    }
}

/// Loads `size` bytes (1, 2 or 4) big-endian at `at`, or `None` past the end.
fn load(pkt: &[u8], at: u64, size: usize) -> Option<u32> {
    let at = usize::try_from(at).ok()?;
    let b = pkt.get(at..at.checked_add(size)?)?;
    Some(b.iter().fold(0u32, |v, &x| (v << 8) | u32::from(x)))
}

fn size_of(code: u16) -> usize {
    match code & 0x18 {
        op::H => 2,
        op::B => 1,
        _ => 4,
    }
}

/// Runs `prog` over a packet of `pkt` captured bytes and `wirelen` bytes on
/// the wire; returns what the program returns (0 = reject), as `bpf_filter()`.
pub fn run(prog: &[Insn], pkt: &[u8], wirelen: u32) -> u32 {
    let (mut a, mut x) = (0u32, 0u32);
    let mut mem = [0u32; MEMWORDS];
    let mut pc = 0usize;
    for _ in 0..MAX_STEPS {
        let Some(&i) = prog.get(pc) else { return 0 };
        pc += 1;
        let k = i.k;
        match i.code & 0x07 {
            op::RET => {
                return match i.code & 0x18 {
                    op::A => a,
                    op::X => x,
                    _ => k,
                }
            }
            op::LD => {
                a = match i.code & 0xe0 {
                    op::IMM => k,
                    op::ABS => match load(pkt, u64::from(k), size_of(i.code)) {
                        Some(v) => v,
                        None => return 0,
                    },
                    op::IND => match load(pkt, u64::from(x) + u64::from(k), size_of(i.code)) {
                        Some(v) => v,
                        None => return 0,
                    },
                    op::MEM => match mem.get(k as usize) {
                        Some(&v) => v,
                        None => return 0,
                    },
                    op::LEN => wirelen,
                    _ => return 0,
                }
            }
            op::LDX => {
                x = match i.code & 0xe0 {
                    op::IMM => k,
                    op::MEM => match mem.get(k as usize) {
                        Some(&v) => v,
                        None => return 0,
                    },
                    op::LEN => wirelen,
                    op::MSH => match load(pkt, u64::from(k), 1) {
                        Some(v) => (v & 0xf) << 2,
                        None => return 0,
                    },
                    _ => return 0,
                }
            }
            op::ST | op::STX => {
                let v = if i.code & 0x07 == op::ST { a } else { x };
                match mem.get_mut(k as usize) {
                    Some(m) => *m = v,
                    None => return 0,
                }
            }
            op::ALU => {
                let rhs = if i.code & op::X != 0 { x } else { k };
                a = match alu(i.code & 0xf0, a, rhs) {
                    Some(v) => v,
                    None => return 0,
                };
            }
            op::JMP => {
                let rhs = if i.code & op::X != 0 { x } else { k };
                let skip = match i.code & 0xf0 {
                    op::JA => {
                        // A backward `ja` (protochain's loop) wraps around.
                        pc = (pc as u32).wrapping_add(k) as usize;
                        continue;
                    }
                    op::JEQ => cond(a == rhs, i),
                    op::JGT => cond(a > rhs, i),
                    op::JGE => cond(a >= rhs, i),
                    op::JSET => cond(a & rhs != 0, i),
                    _ => return 0,
                };
                pc += usize::from(skip);
            }
            _ => match i.code & 0xf8 {
                op::TAX => x = a,
                op::TXA => a = x,
                _ => return 0,
            },
        }
    }
    0
}

fn cond(taken: bool, i: Insn) -> u8 {
    if taken {
        i.jt
    } else {
        i.jf
    }
}

/// One ALU operation; `None` for a division by zero or an unknown operation.
fn alu(operation: u16, a: u32, v: u32) -> Option<u32> {
    Some(match operation {
        op::ADD => a.wrapping_add(v),
        op::SUB => a.wrapping_sub(v),
        op::MUL => a.wrapping_mul(v),
        op::DIV => a.checked_div(v)?,
        op::MOD => a.checked_rem(v)?,
        op::AND => a & v,
        op::OR => a | v,
        op::XOR => a ^ v,
        // Shifts of 32 or more give 0, as libpcap's bpf_filter does.
        op::LSH => a.checked_shl(v).unwrap_or(0),
        op::RSH => a.checked_shr(v).unwrap_or(0),
        op::NEG => a.wrapping_neg(),
        _ => return None,
    })
}

/// The program as `tcpdump -d` prints it (libpcap's `bpf_image`), one line each.
pub fn dump(prog: &[Insn]) -> String {
    let mut s = String::new();
    for (n, i) in prog.iter().enumerate() {
        let (name, operand) = image(n, i);
        if i.code & 0x07 == op::JMP && i.code & 0xf0 != op::JA {
            let (t, f) = (n + 1 + usize::from(i.jt), n + 1 + usize::from(i.jf));
            let _ = writeln!(s, "({n:03}) {name:<8} {operand:<16} jt {t}\tjf {f}");
        } else {
            let _ = writeln!(s, "({n:03}) {name:<8} {operand}");
        }
    }
    s
}

/// Mnemonic and operand of one instruction, in libpcap's spelling.
fn image(n: usize, i: &Insn) -> (&'static str, String) {
    let k = i.k;
    let load_name = |c: u16| match c & 0x18 {
        op::H => "ldh",
        op::B => "ldb",
        _ => "ld",
    };
    match i.code & 0x07 {
        op::RET => match i.code & 0x18 {
            op::A => ("ret", String::new()),
            op::X => ("ret", "x".into()),
            _ => ("ret", format!("#{}", k as i32)),
        },
        op::LD => match i.code & 0xe0 {
            op::IMM => ("ld", format!("#0x{k:x}")),
            op::ABS => (load_name(i.code), format!("[{}]", k as i32)),
            op::IND => (load_name(i.code), format!("[x + {}]", k as i32)),
            op::MEM => ("ld", format!("M[{}]", k as i32)),
            op::LEN => ("ld", "#pktlen".into()),
            _ => ("unimp", format!("0x{:x}", i.code)),
        },
        op::LDX => match i.code & 0xe0 {
            op::IMM => ("ldx", format!("#0x{k:x}")),
            op::MEM => ("ldx", format!("M[{}]", k as i32)),
            op::LEN => ("ldx", "#pktlen".into()),
            op::MSH => ("ldxb", format!("4*([{}]&0xf)", k as i32)),
            _ => ("unimp", format!("0x{:x}", i.code)),
        },
        op::ST => ("st", format!("M[{}]", k as i32)),
        op::STX => ("stx", format!("M[{}]", k as i32)),
        op::ALU => alu_image(i),
        op::JMP => jump_image(n, i),
        _ => match i.code & 0xf8 {
            op::TAX => ("tax", String::new()),
            op::TXA => ("txa", String::new()),
            _ => ("unimp", format!("0x{:x}", i.code)),
        },
    }
}

fn alu_image(i: &Insn) -> (&'static str, String) {
    let name = match i.code & 0xf0 {
        op::ADD => "add",
        op::SUB => "sub",
        op::MUL => "mul",
        op::DIV => "div",
        op::MOD => "mod",
        op::AND => "and",
        op::OR => "or",
        op::XOR => "xor",
        op::LSH => "lsh",
        op::RSH => "rsh",
        op::NEG => return ("neg", String::new()),
        _ => return ("unimp", format!("0x{:x}", i.code)),
    };
    if i.code & op::X != 0 {
        return (name, "x".into());
    }
    // libpcap prints bit operations in hex and arithmetic in decimal.
    match i.code & 0xf0 {
        op::AND | op::OR | op::XOR => (name, format!("#0x{:x}", i.k)),
        _ => (name, format!("#{}", i.k)),
    }
}

fn jump_image(n: usize, i: &Insn) -> (&'static str, String) {
    let name = match i.code & 0xf0 {
        op::JA => {
            let target = (n as i64 + 1 + i64::from(i.k as i32)).to_string();
            return ("ja", target);
        }
        op::JEQ => "jeq",
        op::JGT => "jgt",
        op::JGE => "jge",
        op::JSET => "jset",
        _ => return ("unimp", format!("0x{:x}", i.code)),
    };
    if i.code & op::X != 0 {
        (name, "x".into())
    } else {
        (name, format!("#0x{:x}", i.k))
    }
}

#[cfg(test)]
mod tests {
    use super::op::*;
    use super::*;

    #[test]
    fn a_load_past_the_captured_bytes_rejects_the_packet() {
        let prog = [Insn::stmt(LD | H | ABS, 12), Insn::stmt(RET | K, 1)];
        assert_eq!(run(&prog, &[0u8; 13], 100), 0);
        assert_eq!(run(&prog, &[0u8; 14], 100), 1);
    }

    #[test]
    fn division_by_zero_rejects_the_packet() {
        let prog = [Insn::stmt(LD | IMM, 7), Insn::stmt(ALU | DIV | X, 0), Insn::stmt(RET | K, 1)];
        assert_eq!(run(&prog, &[], 0), 0);
    }

    #[test]
    fn a_jump_loop_ends_in_a_reject() {
        let prog = [Insn::stmt(JMP | JA, u32::MAX)];
        assert_eq!(run(&prog, &[], 0), 0);
    }

    #[test]
    fn the_listing_matches_tcpdump() {
        let prog = [
            Insn::stmt(LD | H | ABS, 12),
            Insn::jump(JMP | JEQ | K, 0x800, 0, 1),
            Insn::stmt(RET | K, 262144),
            Insn::stmt(RET | K, 0),
        ];
        assert_eq!(
            dump(&prog),
            "(000) ldh      [12]\n(001) jeq      #0x800           jt 2\tjf 3\n(002) ret      #262144\n(003) ret      #0\n"
        );
    }
}
