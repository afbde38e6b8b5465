//! output stage (see ARCHITECTURE.md).
