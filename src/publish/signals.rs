//! SIGINT (Ctrl-C) and SIGTERM (`systemctl stop`, a scheduler's timeout)
//! during a run: stop, leave no output directory and no staging directory
//! behind, and exit 130 or 143 (`exit::Exit`).
//!
//! A thread waits for the signals. What it does depends on how far the run
//! got, which `output::staging` and `lock` register here:
//! - nothing staged yet (reading, applying the rules): nothing has been
//!   written, so it removes the lock file and exits the process at once;
//! - a staging directory exists (writing the output): the writing code checks
//!   `check()` between files and per person, returns `Interrupted`, and the
//!   staging directory is removed as it unwinds. If that has not happened
//!   within a grace period, or a second signal arrives, the thread removes
//!   the staging directory itself and exits;
//! - the run was published: it is complete and valid, so the signal is too
//!   late and the run ends normally.
//!
//! Publishing and the signal thread's decision take the same mutex, so a run
//! is either published or removed, never both or neither.
//!
//! Without `install()` (the library used in-process, e.g. by tests) no
//! signal is caught and `check()` never fails. This module writes nothing.

use crate::exit::Exit;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

/// How long the signal thread lets the output phase notice the stop and
/// clean up after itself before doing it itself.
const GRACE: Duration = Duration::from_secs(10);

/// The first signal received (0: none).
static RECEIVED: AtomicI32 = AtomicI32::new(0);

static STATE: Mutex<State> = Mutex::new(State {
    staging: Vec::new(),
    lock_files: Vec::new(),
    published: false,
});

struct State {
    staging: Vec<PathBuf>,
    lock_files: Vec<PathBuf>,
    published: bool,
}

/// The run was stopped by a signal before its output was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "stopped by {} before the output was published: nothing was written to --out; run it again",
    signal_name(*signal)
)]
pub struct Interrupted {
    pub signal: i32,
}

impl Interrupted {
    /// 130 for SIGINT, 143 for SIGTERM.
    pub fn exit(self) -> Exit {
        if self.signal == SIGINT {
            Exit::Interrupted
        } else {
            Exit::Terminated
        }
    }
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        SIGINT => "SIGINT",
        SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}

/// Whether a stop was requested.
pub fn check() -> Result<(), Interrupted> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => Ok(()),
        signal => Err(Interrupted { signal }),
    }
}

/// A phase boundary of the run: honours the test-only pause hook
/// (`RTB_RECON_TEST_PAUSE_AFTER`, debug builds only, see `testhooks`), then
/// `check()`.
pub fn checkpoint(phase: &'static str) -> Result<(), Interrupted> {
    crate::testhooks::pause_after(phase, check)?;
    check()
}

/// What `output::staging` records while holding the signal mutex.
pub struct Registration<'g>(MutexGuard<'g, State>);

impl Registration<'_> {
    pub fn check(&self) -> Result<(), Interrupted> {
        check()
    }

    pub fn add_staging(&mut self, dir: &Path) {
        self.0.staging.push(dir.to_path_buf());
    }

    pub fn remove_staging(&mut self, dir: &Path) {
        self.0.staging.retain(|d| d != dir);
    }

    /// The run's output is in place: a later signal no longer stops it.
    pub fn mark_published(&mut self) {
        self.0.published = true;
    }
}

fn state() -> MutexGuard<'static, State> {
    // A panic while holding it cannot leave the lists inconsistent (each
    // change is one push or retain), so a poisoned mutex is still usable.
    STATE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Runs `f` with the signal mutex held: the signal thread decides either
/// before or after `f`, never during.
pub fn while_registering<R>(f: impl FnOnce(&mut Registration<'_>) -> R) -> R {
    let mut reg = Registration(state());
    f(&mut reg)
}

pub(crate) fn register_lock_file(path: &Path) {
    state().lock_files.push(path.to_path_buf());
}

pub(crate) fn unregister_lock_file(path: &Path) {
    state().lock_files.retain(|p| p != path);
}

/// Catches SIGINT and SIGTERM for the rest of the process's life. Call once,
/// from the binary, before a run starts.
#[cfg(unix)]
pub fn install() -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            loop {
                let received: Vec<i32> = signals.wait().collect();
                for signal in received {
                    on_signal(signal, &mut || signals.pending().next().is_some());
                }
            }
        })?;
    Ok(())
}

#[cfg(not(unix))]
pub fn install() -> std::io::Result<()> {
    Ok(())
}

/// The signal thread's decision; `another` tells whether a further signal
/// arrived meanwhile (the user insists).
fn on_signal(signal: i32, another: &mut dyn FnMut() -> bool) {
    let _ = RECEIVED.compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
    let stop = Interrupted { signal };
    {
        let state = state();
        if state.published {
            tracing::warn!(
                signal = signal_name(signal),
                "signal after the output was published: the run completes"
            );
            return;
        }
        if state.staging.is_empty() {
            tracing::warn!(
                signal = signal_name(signal),
                "stopped before writing any output"
            );
            exit_now(state, stop);
        }
    }
    let deadline = Instant::now() + GRACE;
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        if another() {
            break;
        }
        let state = state();
        if state.published || state.staging.is_empty() {
            // The run cleaned up after itself and exits with `stop.exit()`.
            return;
        }
    }
    let state = state();
    if state.published {
        return;
    }
    tracing::warn!(
        signal = signal_name(signal),
        "the run did not stop in time: removing its staging directory"
    );
    exit_now(state, stop);
}

/// Removes what the run registered and ends the process; the mutex stays
/// held so nothing can publish meanwhile.
fn exit_now(state: MutexGuard<'_, State>, stop: Interrupted) -> ! {
    for dir in &state.staging {
        // A writer may still be adding files; a few tries outlast it.
        for _ in 0..5 {
            if std::fs::remove_dir_all(dir).is_ok() || !dir.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    for lock in &state.lock_files {
        let _ = std::fs::remove_file(lock);
    }
    eprintln!("rtb-recon: error: {stop}");
    std::process::exit(i32::from(stop.exit().code()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interrupted_maps_to_the_documented_codes_and_message() {
        let int = Interrupted { signal: SIGINT };
        assert_eq!(int.exit().code(), 130);
        assert_eq!(Interrupted { signal: SIGTERM }.exit().code(), 143);
        assert_eq!(
            int.to_string(),
            "stopped by SIGINT before the output was published: nothing was written to --out; run it again"
        );
    }

    #[test]
    fn without_a_signal_check_and_checkpoints_pass() {
        // No test in this binary installs the handler or stores a signal.
        assert_eq!(check(), Ok(()));
        assert_eq!(checkpoint("read"), Ok(()));
    }
}
