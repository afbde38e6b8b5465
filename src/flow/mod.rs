//! flow stage (see ARCHITECTURE.md).
