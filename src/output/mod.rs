//! output stage (see ARCHITECTURE.md).
pub mod detail;
pub mod tcpdump;
pub mod conns;
pub mod diagnose;
pub mod probe;
pub mod scans;
pub mod parquet;
pub mod services;
pub mod sockets;
pub mod term;
pub mod watch;
pub mod progress;
pub mod explain;
pub mod ladder;
pub mod report;
