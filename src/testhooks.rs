//! Fault injection for the integration tests of unattended runs (issue 4).
//! Each failure a nightly run must survive is provoked by a test; the few
//! that real input cannot provoke reliably are injected through these
//! environment variables, read here and nowhere else.
//!
//! | variable | value | effect |
//! |---|---|---|
//! | `RTB_RECON_TEST_PAUSE_AFTER` | `read`, `rules` or `write` | the run prints `rtb-recon: test hook: paused after <phase>` and waits (up to 60 s) after reading the input, after applying the rules and checking the ledger, or after writing everything into the staging directory (just before publishing), so a test can send a signal at a known point |
//! | `RTB_RECON_TEST_FAIL_WRITE` | an output file name, e.g. `summary.json` | creating that output file fails as on a full disk |
//! | `RTB_RECON_TEST_FAULT` | `orphan-action` | the ledger check sees one extra action whose subject is in no input row |
//!
//! The hooks exist only in builds with `debug_assertions`, which is what
//! `cargo test` builds and runs the integration tests against. A release
//! build (what is installed) has the same functions as constant no-ops: it
//! reads none of these variables, so a variable left set on a production
//! machine cannot pause, break or fail a run, and the call sites compile to
//! nothing.
//!
//! This module owns nothing but the reading of these variables.

#[cfg(debug_assertions)]
pub use on::{injected_write_error, orphan_action, pause_after};

#[cfg(not(debug_assertions))]
pub use off::{injected_write_error, orphan_action, pause_after};

/// The hooks, in builds with `debug_assertions` (tests).
#[cfg(debug_assertions)]
mod on {
    use crate::rules::{self, Action, SubjectType};
    use std::io;
    use std::time::{Duration, Instant};

    const PAUSE_AFTER: &str = "RTB_RECON_TEST_PAUSE_AFTER";
    const FAIL_WRITE: &str = "RTB_RECON_TEST_FAIL_WRITE";
    const FAULT: &str = "RTB_RECON_TEST_FAULT";

    /// The longest a paused run waits for the test to act.
    const PAUSE_LIMIT: Duration = Duration::from_secs(60);

    fn var_is(name: &str, value: &str) -> bool {
        std::env::var_os(name).is_some_and(|v| v == value)
    }

    /// At a phase boundary: when the test asks to pause after `phase`,
    /// waits (calling `check`, so a signal still stops the run) before
    /// returning.
    pub fn pause_after<E>(phase: &str, check: impl Fn() -> Result<(), E>) -> Result<(), E> {
        if var_is(PAUSE_AFTER, phase) {
            eprintln!("rtb-recon: test hook: paused after {phase}");
            let until = Instant::now() + PAUSE_LIMIT;
            while Instant::now() < until {
                check()?;
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        Ok(())
    }

    /// The error creating output file `name` should fail with, if any.
    pub fn injected_write_error(name: &str) -> Option<io::Error> {
        var_is(FAIL_WRITE, name).then(|| {
            io::Error::new(
                io::ErrorKind::StorageFull,
                format!("no space left on device (injected by {FAIL_WRITE})"),
            )
        })
    }

    /// An action about a person who is in no input row, when the ledger
    /// fault is requested.
    pub fn orphan_action() -> Option<Action<'static>> {
        if !var_is(FAULT, "orphan-action") {
            return None;
        }
        Some(Action {
            rule: rules::by_id("R35")?,
            v_number: "000000000000",
            subject_type: SubjectType::Person,
            subject_id: "000000000000",
            sis_alert_id: None,
            due_date: None,
            explanation: String::new(),
        })
    }
}

/// A release build: the same signatures, every hook off whatever the
/// environment says, inlined so the call sites compile to nothing.
#[cfg(not(debug_assertions))]
mod off {
    use crate::rules::Action;
    use std::io;

    #[inline(always)]
    pub fn pause_after<E>(_phase: &str, _check: impl Fn() -> Result<(), E>) -> Result<(), E> {
        Ok(())
    }

    #[inline(always)]
    pub fn injected_write_error(_name: &str) -> Option<io::Error> {
        None
    }

    #[inline(always)]
    pub fn orphan_action() -> Option<Action<'static>> {
        None
    }
}
