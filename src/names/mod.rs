//! names stage (see ARCHITECTURE.md).
