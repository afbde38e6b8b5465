//! Predicates over packets and their layout as one BPF program.
//!
//! A [`Pred`] is what libpcap's gencode builds as linked blocks: tests (a few
//! statements ending in a conditional jump) combined by and/or/not, evaluated
//! left to right with short circuits. Order matters beyond the truth value: a
//! load past the captured bytes rejects the whole packet, so a test must run
//! exactly when libpcap's program runs it.
//!
//! The program is laid out backwards from its two `ret` instructions, each
//! test jumping forward to the code of its true and false continuations; a
//! target farther than a jump offset can reach (255) goes through a `ja`.

use super::bpf::{op, Insn};

/// A test: statements, then a conditional jump whose outcome decides.
///
/// Statements may contain jumps of their own (protochain's loop) whose
/// targets lie inside the test; their offsets are kept as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Test {
    pub stmts: Vec<Insn>,
    /// Jump opcode (`JMP | JEQ | K` …) and its constant.
    pub code: u16,
    pub k: u32,
}

/// A predicate over one packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pred {
    Test(Test),
    And(Box<Pred>, Box<Pred>),
    Or(Box<Pred>, Box<Pred>),
    Not(Box<Pred>),
}

impl Pred {
    /// `a and b`: `a` runs first, `b` only when `a` holds.
    pub fn and(a: Pred, b: Pred) -> Pred {
        Pred::And(Box::new(a), Box::new(b))
    }
    /// `a or b`: `a` runs first, `b` only when `a` fails.
    pub fn or(a: Pred, b: Pred) -> Pred {
        Pred::Or(Box::new(a), Box::new(b))
    }
    /// `not p`.
    pub fn not(p: Pred) -> Pred {
        Pred::Not(Box::new(p))
    }
    /// A test of statements and a jump with constant `k`.
    pub fn test(stmts: Vec<Insn>, jop: u16, k: u32) -> Pred {
        Pred::Test(Test { stmts, code: op::JMP | jop | op::K, k })
    }
    /// Always true, as libpcap writes it (`ld #0; jeq #0`).
    pub fn truth() -> Pred {
        Pred::test(vec![Insn::stmt(op::LD | op::IMM, 0)], op::JEQ, 0)
    }
    /// Always false (`ld #1; jeq #0`).
    pub fn falsity() -> Pred {
        Pred::test(vec![Insn::stmt(op::LD | op::IMM, 1)], op::JEQ, 0)
    }
}

/// Lays out `p` as a program returning `accept` when it holds and 0 otherwise.
pub fn assemble(p: &Pred, accept: u32) -> Vec<Insn> {
    let mut asm = Asm { rev: Vec::new() };
    asm.rev.push(Insn::stmt(op::RET | op::K, 0));
    asm.rev.push(Insn::stmt(op::RET | op::K, accept));
    asm.emit(p, 1, 0);
    asm.rev.reverse();
    asm.rev
}

/// The program under construction, last instruction first; a label is an
/// index into `rev` (the instruction a jump lands on).
struct Asm {
    rev: Vec<Insn>,
}

impl Asm {
    /// Emits `p` so that it continues at `t` when true and `f` when false;
    /// returns the label of its first instruction.
    fn emit(&mut self, p: &Pred, t: usize, f: usize) -> usize {
        match p {
            Pred::Test(test) => self.emit_test(test, t, f),
            Pred::And(a, b) => {
                let lb = self.emit(b, t, f);
                self.emit(a, lb, f)
            }
            Pred::Or(a, b) => {
                let lb = self.emit(b, t, f);
                self.emit(a, t, lb)
            }
            Pred::Not(a) => self.emit(a, f, t),
        }
    }

    fn emit_test(&mut self, test: &Test, t: usize, f: usize) -> usize {
        let t = self.reachable(t);
        let f = self.reachable(f);
        let here = self.rev.len();
        let jt = (here - t - 1) as u8;
        let jf = (here - f - 1) as u8;
        self.rev.push(Insn::jump(test.code, test.k, jt, jf));
        self.rev.extend(test.stmts.iter().rev());
        self.rev.len() - 1
    }

    /// A label the next instruction can jump to: `label` itself, or a `ja` to it.
    fn reachable(&mut self, label: usize) -> usize {
        let distance = self.rev.len() - label - 1;
        if distance <= 250 {
            return label;
        }
        self.rev.push(Insn::stmt(op::JMP | op::JA, distance as u32));
        self.rev.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::bpf;

    fn eq_byte(at: u32, v: u32) -> Pred {
        Pred::test(vec![Insn::stmt(op::LD | op::B | op::ABS, at)], op::JEQ, v)
    }

    #[test]
    fn and_or_not_follow_their_truth_tables() {
        let p = Pred::or(Pred::and(eq_byte(0, 1), Pred::not(eq_byte(1, 2))), eq_byte(2, 3));
        let prog = assemble(&p, 9);
        let cases = [([1, 0, 0], 9), ([1, 2, 0], 0), ([0, 0, 3], 9), ([1, 2, 3], 9), ([0, 0, 0], 0)];
        for (pkt, want) in cases {
            assert_eq!(bpf::run(&prog, &pkt, 3), want, "{pkt:?}");
        }
    }

    #[test]
    fn far_targets_go_through_ja() {
        let mut p = eq_byte(0, 1);
        for i in 0..300 {
            p = Pred::and(p, eq_byte(1, i % 2));
        }
        let prog = assemble(&Pred::or(p, eq_byte(2, 7)), 1);
        assert_eq!(bpf::run(&prog, &[1, 0, 7], 3), 1);
        assert_eq!(bpf::run(&prog, &[0, 0, 6], 3), 0);
    }
}
