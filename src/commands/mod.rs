//! One file per subcommand. Each takes its validated configuration
//! (`config`) and returns the exit status of SPEC §2 or an [`Error`] that
//! knows its own; `app` dispatches with a single match and prints the error.
//!
//! Commands are the top of the tree: they read the input (`ingest`),
//! evaluate it (`evaluate`), compare evaluations (`compare`), lay the
//! results out (`output`) and put them on disk safely (`publish`). Nothing
//! imports a command.

pub mod explain;
pub mod generate;
pub mod impact;
pub mod prune;
pub mod rules;
pub mod run;

use crate::compare::drift::DriftError;
use crate::exit::Exit;
use crate::ingest::ContractError;
use crate::ingest::verdicts::VerdictFileError;
use crate::output::drafts::DraftError;
use crate::publish::lock::LockError;
use crate::publish::prune::PruneError;
use crate::publish::signals::Interrupted;
use crate::publish::staging::OutputError;

/// Why a command did not complete; each says which exit status it means.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line was wrong.
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Contract(#[from] ContractError),
    /// `--verdicts` names a file that is not a verdicts file.
    #[error(transparent)]
    Verdicts(#[from] VerdictFileError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Draft(#[from] DraftError),
    #[error("the run's self-check failed, nothing was written: {0}")]
    Invariant(String),
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Interrupted(#[from] Interrupted),
    #[error(transparent)]
    Drift(#[from] DriftError),
    #[error(transparent)]
    Prune(#[from] PruneError),
    /// Anything else that stops a command; the message says what to do.
    #[error("{0}")]
    Failed(String),
}

impl Error {
    pub fn exit(&self) -> Exit {
        match self {
            Error::Usage(_) | Error::Verdicts(_) => Exit::Usage,
            Error::Output(OutputError::NotEmpty(_) | OutputError::NotADirectory(_)) => Exit::Usage,
            Error::Lock(LockError::Held { .. }) => Exit::Locked,
            Error::Drift(_) => Exit::Drift,
            Error::Interrupted(i) | Error::Output(OutputError::Interrupted(i)) => i.exit(),
            _ => Exit::Failed,
        }
    }
}

/// The verdicts file of `--verdicts`, if one was given (an empty one if not).
fn verdict_file(
    path: Option<&std::path::Path>,
) -> Result<crate::ingest::verdicts::VerdictFile, Error> {
    Ok(path
        .map(|p| crate::ingest::verdicts::load(p, &crate::rules::is_action_code))
        .transpose()?
        .unwrap_or_default())
}

/// Writes `text` to stdout (the catalogue, an explanation).
fn print(text: &str, what: &str) -> Result<(), Error> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Error::Failed(format!("cannot write {what} to stdout: {e}")))
}
