//! A progress bar on stderr while capture files are read: bytes, packets per
//! second and the time left. Shown only when stderr is a terminal, so piped
//! and redirected runs (tests, scripts) never see it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Frames between two updates: cheap enough to vanish in the reading cost.
const EVERY: u64 = 1 << 15;

/// The bar over `total` bytes of input.
pub struct Progress {
    bar: ProgressBar,
    started: std::time::Instant,
}

impl Progress {
    /// A bar over `total` bytes, or `None` when stderr is not a terminal or
    /// the size is unknown (0).
    pub fn new(total: u64) -> Option<Progress> {
        if total == 0 || !std::io::stderr().is_terminal() {
            return None;
        }
        let style = ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {msg} ETA {eta}").ok()?;
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr_with_hz(4)).with_style(style);
        Some(Progress { bar, started: std::time::Instant::now() })
    }

    /// Notes that `packets` frames and `bytes` bytes have been read; redraws
    /// only every few thousand frames.
    pub fn update(&self, bytes: u64, packets: u64) {
        if packets % EVERY != 0 {
            return;
        }
        self.bar.set_position(bytes);
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!("{packets} packets, {:.0} packets/s", packets as f64 / secs));
    }

    /// Removes the bar before the results are printed.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}
