//! Progress bars on stderr (indicatif): one per export while reading, by
//! bytes, then one per phase (the rules: persons done of persons total), and
//! a spinner while the outputs are written. indicatif draws nothing when stderr is not a
//! terminal, so a scheduler's log stays clean.

use crate::evaluate;
use crate::ingest;
use crate::model::Export;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Mutex;
use std::time::Duration;

pub struct Ui {
    multi: MultiProgress,
    files: Mutex<Vec<(Export, ProgressBar)>>,
}

impl Ui {
    pub fn new() -> Self {
        Ui {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            files: Mutex::new(Vec::new()),
        }
    }

    /// A bar for a phase over `len` items (0: a spinner).
    pub fn phase(&self, name: &str, len: u64) -> ProgressBar {
        let bar = if len == 0 {
            ProgressBar::new_spinner()
        } else {
            ProgressBar::new(len)
        };
        let style = ProgressStyle::with_template("{prefix:>20} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        let bar = self.multi.add(bar.with_style(style.progress_chars("=> ")));
        bar.set_prefix(name.to_string());
        bar
    }

    /// A spinner for a phase whose amount of work is not counted (writing
    /// the outputs); it turns on its own while the phase runs.
    pub fn spinner(&self, name: &str) -> ProgressBar {
        let style = ProgressStyle::with_template("{prefix:>20} {spinner} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let bar = self.multi.add(ProgressBar::new_spinner().with_style(style));
        bar.set_prefix(name.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }

    fn file_bar(&self, export: Export) -> Option<ProgressBar> {
        let files = self.files.lock().ok()?;
        files
            .iter()
            .find(|(e, _)| *e == export)
            .map(|(_, b)| b.clone())
    }

    pub fn finish(&self) {
        let _ = self.multi.clear();
    }
}

impl Default for Ui {
    fn default() -> Self {
        Self::new()
    }
}

/// The rules bar: persons done of persons total.
impl evaluate::Progress for ProgressBar {
    fn start(&self, persons: u64) {
        self.set_length(persons);
    }

    fn advance(&self, persons: u64) {
        self.inc(persons);
    }
}

impl ingest::Progress for Ui {
    fn start(&self, export: Export, total_bytes: u64) {
        let style = ProgressStyle::with_template(
            "{prefix:>20} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        let bar = self
            .multi
            .add(ProgressBar::new(total_bytes).with_style(style.progress_chars("=> ")));
        bar.set_prefix(export.name());
        if let Ok(mut files) = self.files.lock() {
            files.push((export, bar));
        }
    }

    fn advance(&self, export: Export, bytes: u64) {
        if let Some(b) = self.file_bar(export) {
            b.inc(bytes);
        }
    }

    fn finish(&self, export: Export) {
        if let Some(b) = self.file_bar(export) {
            b.finish_and_clear();
        }
    }
}
