//! output stage (see ARCHITECTURE.md).
pub mod tcpdump;
