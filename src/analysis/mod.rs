//! analysis stage (see ARCHITECTURE.md).

pub mod floods;
pub mod scans;
pub mod services;
