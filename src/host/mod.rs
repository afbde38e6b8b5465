//! The host's own view: its TCP and UDP sockets as the kernel reports them,
//! and the active side of `probe` (connect(), raw SYNs).
//!
//! An input stage like `capture`: it reads the kernel (NETLINK_SOCK_DIAG, else
//! /proc/net) instead of a capture file, and hands on plain records. Socket
//! states stay the kernel's numbers here (`TCP_ESTABLISHED` = 1 …); the
//! flow stage's `TcpState::from_linux` names them, so tcpsleuth has one
//! table of netstat names.
//!
//! Every `unsafe` (setns, raw sockets) sits in the Linux-only `sys` modules;
//! SAFETY.md lists them.

pub mod owners;
pub mod probe;
pub mod sockets;

#[cfg(target_os = "linux")]
mod diag;
mod procnet;

pub use sockets::{read_sockets, HostSocket, Owner, Proto, ReadOptions, Snapshot, Source, TcpInfo, Timer, TimerKind};
