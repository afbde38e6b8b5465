//! The grammar of libpcap's grammar.y, read by recursive descent.
//!
//! Code is generated while reading, left to right, as yacc's actions do, so
//! `vlan` and `mpls` shift what follows them. A bare value after `and`/`or`
//! takes the qualifiers of the primitive before it (`host a and port 80 or
//! 443`): each result carries its qualifiers (`Q`), as `$<blk>0.q` does.
//! `and` and `or` have the same precedence and group to the left, as in
//! libpcap; `not` binds tighter. Arithmetic follows the yacc precedences,
//! including the quirk that `^`, declared without one, takes everything to
//! its right as its right operand.

use super::arith::{self, Arth, Rel};
use super::bpf::op;
use super::code::Pred;
use super::gen::{self, Dir, GenResult, Proto, State};
use super::lex::{Tok, Token};
use super::lookup;
use super::FilterError;

/// Keywords that start `head`: direction and address qualifiers.
macro_rules! HEAD {
    () => {
        "src" | "dst" | "host" | "net" | "port" | "portrange" | "proto" | "protochain" | "gateway" | "addr1"
            | "address1" | "addr2" | "address2" | "addr3" | "address3" | "addr4" | "address4" | "ra" | "ta"
    };
}

/// Address kind qualifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Addr {
    Default,
    Host,
    Net,
    Port,
    Portrange,
    Proto,
    Protochain,
    Gateway,
}

/// Qualifiers of a primitive; `None` is libpcap's `qerr` (nothing to inherit).
type Q = Option<(Proto, Dir, Addr)>;

/// The parser: tokens, a cursor and the code-generation state.
pub struct Parser {
    toks: Vec<Token>,
    pos: usize,
    pub st: State,
}

type PResult<T> = Result<T, FilterError>;

impl Parser {
    pub fn new(toks: Vec<Token>, st: State) -> Parser {
        Parser { toks, pos: 0, st }
    }

    fn peek(&self) -> &Tok {
        self.peek_at(0)
    }

    fn peek_at(&self, n: usize) -> &Tok {
        let i = (self.pos + n).min(self.toks.len() - 1);
        &self.toks[i].tok
    }

    fn col(&self) -> usize {
        self.toks[self.pos.min(self.toks.len() - 1)].col
    }

    fn bump(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn is_sym(&self, s: &str) -> bool {
        matches!(self.peek(), Tok::Sym(x) if *x == s)
    }

    fn is_kw(&self, k: &str) -> bool {
        matches!(self.peek(), Tok::Kw(x) if *x == k)
    }

    fn expected(&self, what: &str) -> FilterError {
        FilterError::new(self.col(), format!("expected {what}, found {}", self.peek().describe()))
    }

    fn expect_sym(&mut self, s: &str, what: &str) -> PResult<()> {
        if self.is_sym(s) {
            self.bump();
            Ok(())
        } else {
            Err(self.expected(what))
        }
    }

    /// The whole expression; an empty one accepts every packet.
    pub fn program(&mut self) -> PResult<Pred> {
        if *self.peek() == Tok::End {
            return Ok(Pred::truth());
        }
        let (p, _) = self.expr(None)?;
        if *self.peek() != Tok::End {
            return Err(self.expected("'and', 'or' or the end of the expression"));
        }
        Ok(p)
    }

    /// `expr: term | expr and term | expr and id | expr or …`.
    fn expr(&mut self, inh: Q) -> PResult<(Pred, Q)> {
        let (mut p, mut q) = self.term(inh)?;
        loop {
            let and = if self.is_sym("&&") {
                true
            } else if self.is_sym("||") {
                false
            } else {
                return Ok((p, q));
            };
            self.bump();
            let (r, rq) = self.term_or_id(q)?;
            p = if and { Pred::and(p, r) } else { Pred::or(p, r) };
            q = rq;
        }
    }

    /// After `and`/`or`: a bare value with the inherited qualifiers, or a term.
    fn term_or_id(&mut self, inh: Q) -> PResult<(Pred, Q)> {
        // A value that cannot start a term is read as a value, errors included.
        let value_only = match self.peek() {
            Tok::Hid(_) | Tok::Hid6(_) | Tok::Eid(_) | Tok::Id(_) => true,
            Tok::Num(_) => !matches!(self.peek_at(1), Tok::Sym(s) if !matches!(*s, "&&" | "||" | ")" | "(" | "!")),
            _ => false,
        };
        if value_only {
            return self.id(inh);
        }
        let (pos, st) = (self.pos, self.st.clone());
        let id_err = match self.id(inh) {
            Ok(r) if matches!(self.peek(), Tok::End) || self.is_sym("&&") || self.is_sym("||") || self.is_sym(")") => {
                return Ok(r)
            }
            Ok(_) => None,
            Err(e) => Some(e),
        };
        self.pos = pos;
        self.st = st;
        match self.term(inh) {
            Ok(r) => Ok(r),
            // Report whichever reading got further (the value's own error on a tie).
            Err(e) => match id_err {
                Some(ie) if ie.column >= e.column => Err(ie),
                _ => Err(e),
            },
        }
    }

    /// `term: rterm | not term`.
    fn term(&mut self, inh: Q) -> PResult<(Pred, Q)> {
        if self.is_sym("!") {
            self.bump();
            let (p, q) = self.term(inh)?;
            return Ok((Pred::not(p), q));
        }
        self.rterm(inh)
    }

    fn rterm(&mut self, inh: Q) -> PResult<(Pred, Q)> {
        let col = self.col();
        match self.peek().clone() {
            Tok::Sym("(") => self.paren_term(inh),
            Tok::Kw(k) if Proto::from_keyword(k).is_some() => self.after_pname(k, col),
            Tok::Kw(HEAD!()) => self.head_id(Proto::Default),
            Tok::Kw("broadcast") => {
                self.bump();
                Ok((at(col, gen::broadcast(&self.st, Proto::Default))?, None))
            }
            Tok::Kw("multicast") => {
                self.bump();
                Ok((at(col, gen::multicast(&self.st, Proto::Default))?, None))
            }
            Tok::Kw(k @ ("less" | "greater")) => {
                self.bump();
                let Tok::Num(n) = self.bump() else {
                    self.pos -= 1;
                    return Err(self.expected(&format!("a number after '{k}'")));
                };
                Ok((gen::len_cmp(k == "greater", n), None))
            }
            Tok::Kw("type" | "subtype" | "dir" | "direction") => self.p80211(),
            Tok::Kw(k @ ("vlan" | "mpls")) => {
                self.bump();
                let n = self.opt_pnum();
                let r = if k == "vlan" { gen::vlan(&mut self.st, n) } else { gen::mpls(&mut self.st, n) };
                Ok((at(col, r)?, None))
            }
            Tok::Kw("len") | Tok::Num(_) | Tok::Sym("-") => Ok((self.relation()?, None)),
            Tok::Kw(k) => Err(FilterError::new(col, format!("'{k}' is not supported by tcpsleuth's filter compiler"))),
            Tok::Hid(_) | Tok::Hid6(_) | Tok::Eid(_) | Tok::Id(_) => Err(self.expected(
                "a primitive such as 'host', 'port' or 'tcp' before the address or name (write 'host 10.0.0.1')",
            )),
            _ => Err(self.expected("a filter primitive")),
        }
    }

    /// `( expr )` or a parenthesised arithmetic value starting a relation.
    fn paren_term(&mut self, inh: Q) -> PResult<(Pred, Q)> {
        let (pos, st) = (self.pos, self.st.clone());
        let rel = self.relation();
        if let Ok(p) = rel {
            return Ok((p, None));
        }
        let rel_err = rel.err();
        self.pos = pos;
        self.st = st;
        self.bump();
        let r = self.expr(inh).and_then(|(p, _)| {
            self.expect_sym(")", "')'")?;
            Ok(p)
        });
        match (r, rel_err) {
            (Ok(p), _) => Ok((p, inh)),
            (Err(e), Some(re)) if re.column > e.column => Err(re),
            (Err(e), _) => Err(e),
        }
    }

    /// A protocol keyword: `tcp`, `tcp[13]…`, `tcp port 80`, `ip broadcast`.
    fn after_pname(&mut self, k: &str, col: usize) -> PResult<(Pred, Q)> {
        let p = Proto::from_keyword(k).unwrap_or(Proto::Default);
        match self.peek_at(1) {
            Tok::Sym("[") => Ok((self.relation()?, None)),
            Tok::Kw(HEAD!()) => {
                self.bump();
                self.head_id(p)
            }
            Tok::Kw("broadcast") => {
                self.pos += 2;
                Ok((at(col, gen::broadcast(&self.st, p))?, None))
            }
            // `pqual p80211`: the qualifier changes nothing.
            Tok::Kw("type" | "subtype" | "dir" | "direction") => {
                self.bump();
                self.p80211()
            }
            Tok::Kw("multicast") => {
                self.pos += 2;
                Ok((at(col, gen::multicast(&self.st, p))?, None))
            }
            _ => {
                self.bump();
                Ok((at(col, gen::abbrev(&self.st, p))?, None))
            }
        }
    }

    /// `head id`: direction and address qualifiers, then the value.
    fn head_id(&mut self, proto: Proto) -> PResult<(Pred, Q)> {
        let dir = self.dqual();
        let addr = match self.peek() {
            Tok::Kw("host") => Some(Addr::Host),
            Tok::Kw("net") => Some(Addr::Net),
            Tok::Kw("port") => Some(Addr::Port),
            Tok::Kw("portrange") => Some(Addr::Portrange),
            Tok::Kw("proto") if dir.is_none() => Some(Addr::Proto),
            Tok::Kw("protochain") if dir.is_none() => Some(Addr::Protochain),
            Tok::Kw("gateway") if dir.is_none() => Some(Addr::Gateway),
            _ => None,
        };
        if addr.is_some() {
            self.bump();
        } else if dir.is_none() {
            return Err(self.expected("'host', 'net', 'port' or 'portrange'"));
        }
        let q = Some((proto, dir.unwrap_or(Dir::Default), addr.unwrap_or(Addr::Default)));
        self.id(q)
    }

    /// `src`, `dst`, `src or dst`, `src and dst` (and the reverse
    /// spellings), and 802.11's `addr1`…`addr4`, `ra`, `ta`.
    fn dqual(&mut self) -> Option<Dir> {
        let first = match self.peek() {
            Tok::Kw("src") => Dir::Src,
            Tok::Kw("dst") => Dir::Dst,
            Tok::Kw(k) => {
                let d = match *k {
                    "addr1" | "address1" => Dir::Addr1,
                    "addr2" | "address2" => Dir::Addr2,
                    "addr3" | "address3" => Dir::Addr3,
                    "addr4" | "address4" => Dir::Addr4,
                    "ra" => Dir::Ra,
                    "ta" => Dir::Ta,
                    _ => return None,
                };
                self.bump();
                return Some(d);
            }
            _ => return None,
        };
        self.bump();
        let other = if first == Dir::Src { "dst" } else { "src" };
        if matches!(self.peek_at(1), Tok::Kw(k) if *k == other) {
            if self.is_sym("||") {
                self.pos += 2;
                return Some(Dir::Or);
            }
            if self.is_sym("&&") {
                self.pos += 2;
                return Some(Dir::And);
            }
        }
        Some(first)
    }

    /// An optional number (possibly in parentheses) after `vlan`/`mpls`.
    fn opt_pnum(&mut self) -> Option<u32> {
        let mut depth = 0;
        while matches!(self.peek_at(depth), Tok::Sym("(")) {
            depth += 1;
        }
        let Tok::Num(n) = *self.peek_at(depth) else { return None };
        if (1..=depth).all(|i| matches!(self.peek_at(depth + i), Tok::Sym(")"))) {
            self.pos += 2 * depth + 1;
            Some(n)
        } else {
            None
        }
    }

    /// `id: nid | pnum | ( pid )`, compiled with the qualifiers `q`.
    fn id(&mut self, q: Q) -> PResult<(Pred, Q)> {
        let col = self.col();
        match self.peek().clone() {
            Tok::Sym("(") => {
                self.bump();
                let (mut p, _) = self.id(q)?;
                while self.is_sym("&&") || self.is_sym("||") {
                    let and = self.is_sym("&&");
                    self.bump();
                    let (r, _) = self.id(q)?;
                    p = if and { Pred::and(p, r) } else { Pred::or(p, r) };
                }
                self.expect_sym(")", "')', 'and' or 'or'")?;
                Ok((p, q))
            }
            Tok::Sym("!") => {
                self.bump();
                let (p, _) = self.id(q)?;
                Ok((Pred::not(p), q))
            }
            Tok::Num(v) => {
                self.bump();
                Ok((self.value(col, q, Value::Num(v))?, q))
            }
            Tok::Hid(s) => {
                self.bump();
                let v = if self.is_sym("/") {
                    self.bump();
                    let Tok::Num(len) = self.bump() else {
                        self.pos -= 1;
                        return Err(self.expected("a prefix length after '/'"));
                    };
                    Value::Masked(s, MaskSpec::Len(len))
                } else if self.is_kw("mask") {
                    self.bump();
                    let Tok::Hid(m) = self.bump() else {
                        self.pos -= 1;
                        return Err(self.expected("a dotted netmask after 'mask'"));
                    };
                    Value::Masked(s, MaskSpec::Dotted(m))
                } else {
                    Value::Hid(s)
                };
                Ok((self.value(col, q, v)?, q))
            }
            Tok::Hid6(s) => {
                self.bump();
                let len = if self.is_sym("/") {
                    self.bump();
                    match self.bump() {
                        Tok::Num(n) => Some(n),
                        _ => {
                            self.pos -= 1;
                            return Err(self.expected("a prefix length after '/'"));
                        }
                    }
                } else {
                    None
                };
                Ok((self.value(col, q, Value::Hid6(s, len))?, q))
            }
            Tok::Eid(mac) => {
                self.bump();
                Ok((self.value(col, q, Value::Eid(mac))?, q))
            }
            Tok::Id(s) => {
                self.bump();
                Ok((self.value(col, q, Value::Name(s))?, q))
            }
            _ => Err(self.expected("an address, a port, a number or a name")),
        }
    }

    /// A relation: `arth relop arth`.
    fn relation(&mut self) -> PResult<Pred> {
        let a0 = self.arith(0)?;
        let rel = match self.peek() {
            Tok::Sym(">") => Rel::Gt,
            Tok::Sym(">=") => Rel::Ge,
            Tok::Sym("=") => Rel::Eq,
            Tok::Sym("<=") => Rel::Le,
            Tok::Sym("<") => Rel::Lt,
            Tok::Sym("!=") => Rel::Ne,
            _ => return Err(self.expected("a comparison ('=', '!=', '<', '<=', '>', '>=') or an arithmetic operator")),
        };
        self.bump();
        let a1 = self.arith(0)?;
        Ok(arith::relation(&mut self.st, rel, a0, a1))
    }

    /// Binary arithmetic by precedence climbing (`|` < `&` < shifts < `+ -` < `* / %`).
    fn arith(&mut self, min: u8) -> PResult<Arth> {
        let mut lhs = self.unary()?;
        loop {
            let (prec, alu) = match self.peek() {
                Tok::Sym("|") => (1, op::OR),
                Tok::Sym("&") => (2, op::AND),
                Tok::Sym("<<") => (3, op::LSH),
                Tok::Sym(">>") => (3, op::RSH),
                Tok::Sym("+") => (4, op::ADD),
                Tok::Sym("-") => (4, op::SUB),
                Tok::Sym("*") => (5, op::MUL),
                Tok::Sym("/") => (5, op::DIV),
                Tok::Sym("%") => (5, op::MOD),
                _ => return Ok(lhs),
            };
            if prec < min {
                return Ok(lhs);
            }
            let col = self.col();
            self.bump();
            let rhs = self.arith(prec + 1)?;
            lhs = at(col, arith::binary(&mut self.st, alu, lhs, rhs))?;
        }
    }

    /// Unary minus, then an operand that swallows a following `^ …`.
    fn unary(&mut self) -> PResult<Arth> {
        if self.is_sym("-") {
            self.bump();
            let a = self.unary()?;
            return Ok(arith::neg(a));
        }
        let a = self.primary()?;
        if self.is_sym("^") {
            let col = self.col();
            self.bump();
            let rhs = self.arith(0)?;
            return at(col, arith::binary(&mut self.st, op::XOR, a, rhs));
        }
        Ok(a)
    }

    fn primary(&mut self) -> PResult<Arth> {
        let col = self.col();
        match self.peek().clone() {
            Tok::Num(v) => {
                self.bump();
                at(col, arith::loadi(&mut self.st, v))
            }
            Tok::Kw("len") => {
                self.bump();
                at(col, arith::loadlen(&mut self.st))
            }
            Tok::Sym("(") => {
                self.bump();
                let a = self.arith(0)?;
                self.expect_sym(")", "')'")?;
                Ok(a)
            }
            Tok::Kw(k) if Proto::from_keyword(k).is_some() => {
                self.bump();
                let p = Proto::from_keyword(k).unwrap_or(Proto::Default);
                self.expect_sym("[", &format!("'[' after '{k}' in an arithmetic expression"))?;
                let index = self.arith(0)?;
                let size = if self.is_sym(":") {
                    self.bump();
                    match self.bump() {
                        Tok::Num(n) => n,
                        _ => {
                            self.pos -= 1;
                            return Err(self.expected("a size (1, 2 or 4) after ':'"));
                        }
                    }
                } else {
                    1
                };
                self.expect_sym("]", "']'")?;
                at(col, arith::load(&mut self.st, p, index, size))
            }
            _ => Err(self.expected("a number, 'len' or a protocol[offset]")),
        }
    }

    /// Compiles a value under its qualifiers (gen_ncode, gen_mcode, gen_scode…).
    fn value(&mut self, col: usize, q: Q, v: Value) -> PResult<Pred> {
        let Some((proto, dir, addr)) = q else {
            return Err(FilterError::new(col, "a bare value needs a qualifier before it (such as 'host' or 'port')"));
        };
        let r = compile_value(&mut self.st, proto, dir, addr, v);
        at(col, r)
    }
}

/// 802.11 frame control values: `type`, `subtype` and `dir` operands.
impl Parser {
    /// `type T [subtype S]`, `subtype S`, `dir D` (grammar.y's p80211).
    fn p80211(&mut self) -> PResult<(Pred, Q)> {
        let col = self.col();
        let r = match self.bump() {
            Tok::Kw("type") => {
                let t = self.wlan_type()?;
                if self.is_kw("subtype") {
                    self.bump();
                    let s = self.wlan_subtype(Some(t))?;
                    gen::wlan_type(&self.st, t | s, 0xfc)
                } else {
                    gen::wlan_type(&self.st, t, 0x0c)
                }
            }
            Tok::Kw("subtype") => {
                let ts = self.wlan_subtype(None)?;
                gen::wlan_type(&self.st, ts, 0xfc)
            }
            _ => {
                let d = self.wlan_operand("an 802.11 direction", |_| true, lookup::wlan::direction, "unknown 802.11 direction")?;
                gen::wlan_dir(&self.st, d)
            }
        };
        Ok((at(col, r)?, None))
    }

    /// A type: a number with only the type bits (0, 4 or 8) or a name.
    fn wlan_type(&mut self) -> PResult<u32> {
        let by_name = |n: &str| lookup::wlan::find(lookup::wlan::TYPES, n);
        self.wlan_operand("an 802.11 type", |n| n & !0x0c == 0, by_name, "unknown 802.11 type name")
    }

    /// A subtype: a number with only the subtype bits, or a name of type
    /// `of` (any type when None: then the value carries its type bits).
    fn wlan_subtype(&mut self, of: Option<u32>) -> PResult<u32> {
        let by_name = |n: &str| match of {
            Some(t) => lookup::wlan::SUBTYPES.iter().find(|(ty, _)| *ty == t).and_then(|(_, names)| lookup::wlan::find(names, n)),
            None => lookup::wlan::SUBTYPES.iter().find_map(|(ty, names)| lookup::wlan::find(names, n).map(|s| s | ty)),
        };
        let unknown = if of.is_some() { "unknown 802.11 subtype name" } else { "unknown 802.11 type name" };
        if of.is_none() && matches!(self.peek(), Tok::Num(_)) {
            return Err(self.expected("an 802.11 subtype name"));
        }
        self.wlan_operand("an 802.11 subtype", |n| n & !0xf0 == 0, by_name, unknown)
    }

    /// A number that `valid` accepts, or a name `by_name` knows.
    fn wlan_operand(
        &mut self,
        what: &str,
        valid: impl Fn(u32) -> bool,
        by_name: impl Fn(&str) -> Option<u32>,
        unknown: &str,
    ) -> PResult<u32> {
        let col = self.col();
        let r = match self.peek() {
            Tok::Num(n) if valid(*n) => Ok(*n),
            Tok::Num(n) => Err(FilterError::new(col, format!("invalid value 0x{n:02x} for {what}"))),
            Tok::Id(name) => by_name(name).ok_or_else(|| FilterError::new(col, format!("{unknown} \"{name}\""))),
            _ => return Err(self.expected(what)),
        };
        self.bump();
        r
    }
}

/// Attaches the column of the token at `col` to a generator error.
fn at<T>(col: usize, r: GenResult<T>) -> PResult<T> {
    r.map_err(|m| FilterError::new(col, m))
}

/// How a network's mask was written.
enum MaskSpec {
    Len(u32),
    Dotted(String),
}

/// A value as written.
enum Value {
    Num(u32),
    Hid(String),
    Masked(String, MaskSpec),
    Hid6(String, Option<u32>),
    Eid([u8; 6]),
    Name(String),
}

/// Dotted IPv4 with 1–4 parts: the value and the number of bits given (`__pcap_atoin`).
fn atoin(s: &str) -> GenResult<(u32, u32)> {
    let mut v = 0u32;
    let mut bits = 0;
    for part in s.split('.') {
        let n = super::lex::number(part).filter(|n| *n <= 255).ok_or_else(|| format!("invalid IPv4 address '{s}'"))?;
        v = (v << 8) | n;
        bits += 8;
    }
    Ok((v, bits))
}

fn compile_value(st: &mut State, proto: Proto, dir: Dir, addr: Addr, v: Value) -> GenResult<Pred> {
    if let (Some(k), false) = (dir.wlan_keyword(), matches!(v, Value::Eid(_))) {
        return Err(format!("'{k}' is a qualifier of 802.11 MAC addresses only"));
    }
    match v {
        Value::Num(n) => ncode(st, None, n, proto, dir, addr),
        Value::Hid(s) => {
            let (n, _) = atoin(&s)?;
            ncode(st, Some(&s), n, proto, dir, addr)
        }
        Value::Masked(s, m) => {
            let (n, bits) = atoin(&s)?;
            let n = n << (32 - bits);
            let (mask, shown) = match m {
                MaskSpec::Len(l) if l > 32 => return Err(format!("mask length must be <= 32 (got {l})")),
                MaskSpec::Len(l) => (if l == 0 { 0 } else { u32::MAX << (32 - l) }, format!("{s}/{l}")),
                MaskSpec::Dotted(m) => {
                    let (mv, mb) = atoin(&m)?;
                    (mv << (32 - mb), format!("{s} mask {m}"))
                }
            };
            if n & !mask != 0 {
                return Err(format!("non-network bits set in \"{shown}\""));
            }
            match addr {
                Addr::Net | Addr::Default => gen::host(st, n, mask, proto, dir),
                _ => Err("Mask syntax for networks only".into()),
            }
        }
        Value::Hid6(s, len) => {
            let a: std::net::Ipv6Addr = s.parse().map_err(|_| format!("invalid IPv6 address '{s}'"))?;
            let len = len.unwrap_or(128);
            if len > 128 {
                return Err(format!("mask length must be <= 128 (got {len})"));
            }
            let mask = (!0u128).checked_shl(128 - len).unwrap_or(0);
            let a = u128::from(a);
            if a & !mask != 0 {
                return Err(format!("non-network bits set in \"{s}/{len}\""));
            }
            match addr {
                Addr::Default | Addr::Host if len != 128 => Err("Mask syntax for networks only".into()),
                Addr::Default | Addr::Host | Addr::Net => {
                    gen::host6(st, a.to_be_bytes(), mask.to_be_bytes(), proto, dir)
                }
                _ => Err("invalid qualifier against IPv6 address".into()),
            }
        }
        Value::Eid(mac) => match (addr, proto) {
            (Addr::Default | Addr::Host, Proto::Link) => gen::ether_host(st, mac, dir),
            _ => Err("ethernet address used in non-ether expression".into()),
        },
        Value::Name(name) => scode(st, &name, proto, dir, addr),
    }
}

/// A number or dotted address under its qualifiers (gen_ncode).
fn ncode(st: &mut State, s: Option<&str>, v: u32, proto: Proto, dir: Dir, addr: Addr) -> GenResult<Pred> {
    match addr {
        Addr::Default | Addr::Host | Addr::Net => {
            if proto == Proto::Link {
                return Err("illegal link layer address".into());
            }
            let (mut v, mut mask) = (v, u32::MAX);
            match s {
                None if addr == Addr::Net => {
                    // A short network number is promoted: net 10 is 10.0.0.0/8.
                    while v != 0 && v & 0xff00_0000 == 0 {
                        v <<= 8;
                        mask <<= 8;
                    }
                }
                None => {}
                Some(s) => {
                    let (_, bits) = atoin(s)?;
                    v <<= 32 - bits;
                    mask <<= 32 - bits;
                }
            }
            gen::host(st, v, mask, proto, dir)
        }
        Addr::Port | Addr::Portrange => {
            if s.is_some() {
                return Err(format!("illegal {} '{}'", if addr == Addr::Port { "port" } else { "port range" }, s.unwrap_or("")));
            }
            if v > 65535 {
                return Err(format!("illegal port number {v} > 65535"));
            }
            gen::ports(st, v, v, proto, dir)
        }
        Addr::Gateway => Err("'gateway' requires a name".into()),
        Addr::Proto => gen::proto(st, v, proto, dir),
        Addr::Protochain => gen::protochain(st, v, proto),
    }
}

/// A name under its qualifiers (gen_scode): services, protocols, port ranges.
fn scode(st: &mut State, name: &str, proto: Proto, dir: Dir, addr: Addr) -> GenResult<Pred> {
    match addr {
        Addr::Port => {
            let (port, real) = lookup::port(name).ok_or_else(|| format!("unknown port '{name}'"))?;
            let proto = port_proto(proto, real, name)?;
            gen::ports(st, port, port, proto, dir)
        }
        Addr::Portrange => {
            let (lo, hi) = lookup::portrange(name).ok_or_else(|| format!("illegal port range '{name}'"))?;
            if lo > 65535 || hi > 65535 {
                return Err(format!("illegal port number {} > 65535", lo.max(hi)));
            }
            gen::ports(st, lo, hi, proto, dir)
        }
        Addr::Proto | Addr::Protochain => {
            let v = if proto == Proto::Link {
                lookup::ethertype(name).ok_or_else(|| format!("unknown ether proto '{name}'"))?
            } else {
                lookup::ip_protocol(name).ok_or_else(|| format!("unknown ip proto '{name}'"))?
            };
            if addr == Addr::Proto {
                gen::proto(st, v, proto, dir)
            } else {
                gen::protochain(st, v, proto)
            }
        }
        Addr::Net => Err(format!("unknown network '{name}' (network names are not looked up; give an address)")),
        Addr::Gateway => Err("'gateway' is not supported by tcpsleuth's filter compiler".into()),
        Addr::Default | Addr::Host => Err(format!(
            "unknown host '{name}' (host names are not looked up; give an address)"
        )),
    }
}

/// The protocol a named port is checked on: the qualifier's, else the one
/// protocol the name belongs to, else all three.
fn port_proto(q: Proto, real: Option<Proto>, name: &str) -> GenResult<Proto> {
    match (q, real) {
        (Proto::Default, Some(r)) => Ok(r),
        (Proto::Default, None) => Ok(Proto::Default),
        (q @ (Proto::Tcp | Proto::Udp | Proto::Sctp), Some(r)) if r != q => {
            Err(format!("port '{name}' is {}", r.name()))
        }
        (q, _) => Ok(q),
    }
}

