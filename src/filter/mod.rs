//! Filter expressions: pcap-filter(7) → classic BPF, with libpcap's meaning.
//!
//! `tcp port 80 and host 10.0.0.1` is read by a grammar like libpcap's
//! (parse.rs), generated primitive by primitive as gencode.c does (gen.rs,
//! arith.rs) for the capture's link type, laid out as one BPF program
//! (code.rs) and run by a bounded interpreter on every frame of a file
//! (bpf.rs); on a live capture the same program goes to the kernel.
//!
//! The program is not optimized (it is what `tcpdump -d -O` shows); the
//! frames it selects are those tcpdump selects, which the differential test
//! checks against tcpdump itself.

mod arith;
pub mod bpf;
mod code;
mod gen;
mod lex;
mod lookup;
mod parse;

pub use bpf::Insn;
use std::collections::HashMap;
use std::fmt;

/// A bad expression: where (1-based column) and what was expected there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    pub column: usize,
    pub message: String,
}

impl FilterError {
    fn new(column: usize, message: impl Into<String>) -> Self {
        FilterError { column, message: message.into() }
    }
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "filter expression, column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for FilterError {}

/// A compiled filter for one link type.
#[derive(Clone, Debug)]
pub struct Program {
    insns: Vec<Insn>,
}

impl Program {
    /// Compiles `expr` for frames of `link_type`; the program returns
    /// `snaplen` for a match (what tcpdump's program returns).
    pub fn compile(expr: &str, link_type: u32, snaplen: u32) -> Result<Program, FilterError> {
        let st = gen::State::new(link_type).map_err(|m| FilterError::new(1, m))?;
        Program::compile_for(expr, st, snaplen)
    }

    /// Compiles `expr` as [`Filter`] runs it on frames of `link_type`: an
    /// 802.11 frame is shown to it as [`wlan`]'s view, which no kernel and
    /// no `-d` listing knows.
    fn for_frames(expr: &str, link_type: u32) -> Result<Program, FilterError> {
        if wlan::is_wlan(link_type) {
            Program::compile_for(expr, gen::State::wlan_view(link_type), 0)
        } else {
            Program::compile(expr, link_type, 0)
        }
    }

    fn compile_for(expr: &str, st: gen::State, snaplen: u32) -> Result<Program, FilterError> {
        let toks = lex::tokens(expr)?;
        let mut p = parse::Parser::new(toks, st);
        let pred = p.program()?;
        let snaplen = if snaplen == 0 { 262_144 } else { snaplen };
        Ok(Program { insns: code::assemble(&pred, snaplen) })
    }

    /// Whether a frame of `data` (captured bytes) and `wire_len` passes.
    pub fn matches(&self, data: &[u8], wire_len: u32) -> bool {
        bpf::run(&self.insns, data, wire_len) != 0
    }

    /// The instructions (for the kernel's SO_ATTACH_FILTER).
    pub fn insns(&self) -> &[Insn] {
        &self.insns
    }

    /// The program as `tcpdump -d` lists it.
    pub fn dump(&self) -> String {
        bpf::dump(&self.insns)
    }
}

/// An expression compiled on demand for each link type met (merged files
/// may mix them).
#[derive(Clone, Debug)]
pub struct Filter {
    expr: String,
    programs: HashMap<u32, Result<Program, FilterError>>,
    /// The link type of the last frame and its program: files rarely mix
    /// link types, so most frames skip the map lookup.
    last: Option<(u32, Result<Program, FilterError>)>,
    /// The view of the last 802.11 frame ([`wlan`]).
    view: Vec<u8>,
}

impl Filter {
    /// Checks `expr` by compiling it for `link_type` (Ethernet when unknown).
    pub fn new(expr: &str, link_type: Option<u32>) -> Result<Filter, FilterError> {
        let lt = link_type.unwrap_or(1);
        let prog = Program::for_frames(expr, lt)?;
        let mut programs = HashMap::new();
        programs.insert(lt, Ok(prog));
        Ok(Filter { expr: expr.to_string(), programs, last: None, view: Vec::new() })
    }

    /// The expression as given.
    pub fn expr(&self) -> &str {
        &self.expr
    }

    /// The program for `link_type`, compiling it on first use.
    pub fn program(&mut self, link_type: u32) -> Result<&Program, FilterError> {
        let expr = &self.expr;
        self.programs
            .entry(link_type)
            .or_insert_with(|| Program::for_frames(expr, link_type))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Whether a frame passes; a frame of a link type the expression cannot
    /// be compiled for does not.
    pub fn matches(&mut self, link_type: u32, data: &[u8], wire_len: u32) -> bool {
        if self.last.as_ref().is_none_or(|(lt, _)| *lt != link_type) {
            let prog = self.program(link_type).cloned();
            self.last = Some((link_type, prog));
        }
        let Some((_, Ok(p))) = &self.last else { return false };
        if wlan::is_wlan(link_type) {
            return wlan::view(link_type, data, wire_len, &mut self.view).is_some_and(|n| p.matches(&self.view, n));
        }
        p.matches(data, wire_len)
    }
}

mod wlan;

#[cfg(test)]
mod tests;
