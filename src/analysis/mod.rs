//! analysis stage (see ARCHITECTURE.md).
