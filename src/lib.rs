//! tcpsleuth: a TCP/IP traffic analyzer.
//!
//! The pipeline flows one way, and the modules follow it:
//! `capture` (bytes → frames) → `wire` (zero-copy protocol views) →
//! `flow` (socket-pair table, TCP endpoint states) → `analysis` (diagnosis,
//! scans, services) → `output` (tcpdump lines, detail trees, tables, JSON).
//! `names` holds the static domain tables; `cli` wires it all to the command line.

pub mod analysis;
pub mod capture;
pub mod filter;
pub mod cli;
pub mod flow;
pub mod host;
pub mod names;
pub mod output;
pub mod time;
pub mod wire;
