//! analysis stage (see ARCHITECTURE.md).

pub mod diagnose;
pub mod floods;
pub mod hostnames;
pub mod probe;
pub mod scans;
pub mod services;
pub mod steps;
pub mod sockets;
