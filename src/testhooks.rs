//! Fault injection for the integration tests of unattended runs (issue 4).
//! Each failure a nightly run must survive is provoked by a test; the few
//! that real input cannot provoke reliably are injected through these
//! environment variables, read here and nowhere else. They are for tests
//! only: never set them on a production machine.
//!
//! | variable | value | effect |
//! |---|---|---|
//! | `RTB_RECON_TEST_PAUSE_AFTER` | `read`, `rules` or `write` | the run prints `rtb-recon: test hook: paused after <phase>` and waits (up to 60 s) after reading the input, after applying the rules and checking the ledger, or after writing everything into the staging directory (just before publishing), so a test can send a signal at a known point |
//! | `RTB_RECON_TEST_FAIL_WRITE` | an output file name, e.g. `summary.json` | creating that output file fails as on a full disk |
//! | `RTB_RECON_TEST_FAULT` | `orphan-action` | the ledger check sees one extra action whose subject is in no input row, so the self-check fails |
//!
//! This module owns nothing but the reading of these variables.

use crate::rules::{self, Action, SubjectType};
use std::io;
use std::time::Duration;

pub const PAUSE_AFTER: &str = "RTB_RECON_TEST_PAUSE_AFTER";
pub const FAIL_WRITE: &str = "RTB_RECON_TEST_FAIL_WRITE";
pub const FAULT: &str = "RTB_RECON_TEST_FAULT";

/// The longest a paused run waits for the test to act.
pub const PAUSE_LIMIT: Duration = Duration::from_secs(60);

fn var_is(name: &str, value: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| v == value)
}

/// Whether the run should pause after `phase`.
pub fn pause_requested(phase: &str) -> bool {
    var_is(PAUSE_AFTER, phase)
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

/// An action about a person who is in no input row, when the ledger fault
/// is requested.
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
