//! The one table of exit statuses (SPEC §2), so the scheduler's alerting and
//! the README can be checked against a single place.

use std::process::ExitCode;

/// How a run ended, as the scheduler sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The run completed and its output is in place (quarantined rows allowed).
    Ok = 0,
    /// The run failed and nothing was written: the input breaks the contract
    /// (missing, empty or unreadable file, missing column), the output could
    /// not be written, or a self-check of the run failed.
    Failed = 1,
    /// The command line was wrong (unknown flag, bad date, non-empty `--out`
    /// without `--force`).
    Usage = 2,
    /// The run completed and its output is in place, but more rows were
    /// quarantined than `--max-rejected` allows.
    TooManyRejected = 3,
    // Codes for unattended runs (issue 4); see deploy/README.md.
    /// Another run holds the lock on the same `--out` location; this run did
    /// nothing. Usually a previous night's run still busy: look at it before
    /// starting another.
    Locked = 4,
    /// The delivery differs too much from the previous run (`--previous`):
    /// an export shrank by more than `--max-shrink`, has only its header
    /// where the previous run read rows, or (with `--expect-change`) every
    /// export is byte-identical to the previous run's. Nothing was written.
    /// Check the delivery with its exporter; re-run with `--accept-drift`
    /// when it is right.
    Drift = 5,
    /// Stopped by SIGINT (Ctrl-C) before the output was published; nothing
    /// was written (128 + 2, the shell's convention).
    Interrupted = 130,
    /// Stopped by SIGTERM (e.g. `systemctl stop`, a scheduler's timeout)
    /// before the output was published; nothing was written (128 + 15).
    Terminated = 143,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e.code())
    }
}
