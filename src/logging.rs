//! The process's log (tracing, on stderr): human-readable text by default,
//! one JSON object per line (`--log-format json`) for a scheduler's log
//! collector (journald, a SIEM).
//!
//! What is logged is decided where events are emitted; the rule for all of
//! them is counts, file names, phases and timings — never a name or a
//! V-number (the data is about people's residence status). The integration
//! tests scan a run's log for the V-numbers and surnames of its input.

use crate::cli::{LogArgs, LogFormat, LogLevel};
use std::sync::atomic::{AtomicBool, Ordering};
use tracing::Level;

static JSON: AtomicBool = AtomicBool::new(false);

/// Whether the log is JSON lines: then the run's closing summary is a log
/// event too, so a collector never sees a line it cannot parse.
pub fn is_json() -> bool {
    JSON.load(Ordering::Relaxed)
}

/// The level when `--log-level` is not given: a person at a terminal sees
/// warnings only (the run prints its own one-line summary); a scheduler gets
/// the phase timings too.
fn default_level(format: LogFormat) -> Level {
    match format {
        LogFormat::Text => Level::WARN,
        LogFormat::Json => Level::INFO,
    }
}

fn level(l: LogLevel) -> Level {
    match l {
        LogLevel::Error => Level::ERROR,
        LogLevel::Warn => Level::WARN,
        LogLevel::Info => Level::INFO,
        LogLevel::Debug => Level::DEBUG,
    }
}

/// Installs the global subscriber; a second call (tests) changes nothing.
pub fn init(args: &LogArgs) {
    let max = args.log_level.map_or(default_level(args.log_format), level);
    JSON.store(args.log_format == LogFormat::Json, Ordering::Relaxed);
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(max)
        .with_target(false);
    let _ = match args.log_format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .try_init(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_logs_phases_by_default_text_only_warnings() {
        assert_eq!(default_level(LogFormat::Json), Level::INFO);
        assert_eq!(default_level(LogFormat::Text), Level::WARN);
        assert_eq!(level(LogLevel::Debug), Level::DEBUG);
    }
}
