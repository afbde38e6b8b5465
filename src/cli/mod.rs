//! Command-line interface: one file per subcommand.

/// Runs tcpsleuth with the process arguments; returns the exit code.
pub fn run() -> i32 {
    0
}
