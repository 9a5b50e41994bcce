//! `rtb-recon prune --root DIR --keep N`: retention of nightly runs. The
//! outputs hold personal data, so they are kept no longer than needed.
//!
//! A run directory is a directory directly under `--root` whose name is a
//! date, `YYYY-MM-DD` exactly (the deploy examples name runs so). The N
//! newest by that date are kept, older ones removed. Prune also removes
//! staging directories that a killed run left (`.<date>.staging-*`), of any
//! date. Everything else under `--root` — other names, files, symbolic links,
//! a run directory being written — is never touched. Each removal takes the
//! run's lock (`lock`) first, so a run in progress on the same location is
//! skipped, not pulled out from under it.
//!
//! "Newest" is by the date in the name, not by modification time, so a
//! re-run of an old night does not make it look new.

use crate::model::Date;
use crate::publish::lock::{LockError, OutputLock};
use crate::publish::staging::{self, OutputError};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What prune did (or, with `dry_run`, would do); names are directory names
/// under `--root`, oldest first.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub kept: Vec<String>,
    pub removed: Vec<String>,
    /// Runs due for removal that another process holds the lock on.
    pub busy: Vec<String>,
    /// Staging directories of killed runs that were removed.
    pub stale: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PruneError {
    #[error("cannot read --root {}: {source}; point it at the directory that holds the dated run directories", root.display())]
    Root {
        root: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot remove the run {}: {source}", path.display())]
    Remove {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    Lock(LockError),
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// The date a run directory is named after, if `name` is exactly one.
fn run_date(name: &str) -> Option<Date> {
    let date = Date::parse_from_str(name, "%Y-%m-%d").ok()?;
    (date.format("%Y-%m-%d").to_string() == name).then_some(date)
}

/// The date of a staging directory `.<date>.staging-*`.
fn staging_date(name: &str) -> Option<Date> {
    let rest = name.strip_prefix('.')?;
    let (date, _) = rest.split_once(".staging-")?;
    run_date(date)
}

/// Keeps the `keep` newest run directories under `root` and removes the
/// older ones, plus stale staging directories. `keep` must be at least 1
/// (the command line enforces it), so the latest run always survives.
pub fn prune(root: &Path, keep: usize, dry_run: bool) -> Result<Pruned, PruneError> {
    let root_err = |source| PruneError::Root {
        root: root.to_path_buf(),
        source,
    };
    let mut runs: Vec<Date> = Vec::new();
    let mut staged: Vec<Date> = Vec::new();
    for entry in fs::read_dir(root).map_err(root_err)? {
        let entry = entry.map_err(root_err)?;
        // Not following symbolic links: a link is "something else".
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if !is_dir {
            continue;
        }
        if let Some(d) = run_date(&name) {
            runs.push(d);
        } else if let Some(d) = staging_date(&name) {
            staged.push(d);
        }
    }
    runs.sort_unstable();
    staged.sort_unstable();
    staged.dedup();

    let name = |d: &Date| d.format("%Y-%m-%d").to_string();
    let split = runs.len().saturating_sub(keep.max(1));
    let mut pruned = Pruned {
        kept: runs[split..].iter().map(name).collect(),
        ..Pruned::default()
    };
    for d in &runs[..split] {
        let path = root.join(name(d));
        if dry_run {
            pruned.removed.push(name(d));
            continue;
        }
        let Some(_lock) = lock_or_busy(&path)? else {
            pruned.busy.push(name(d));
            continue;
        };
        fs::remove_dir_all(&path).map_err(|source| PruneError::Remove {
            path: path.clone(),
            source,
        })?;
        pruned.removed.push(name(d));
    }
    if !dry_run {
        for d in &staged {
            let out = root.join(name(d));
            // Held: a run is writing that staging directory right now.
            if let Some(_lock) = lock_or_busy(&out)? {
                for p in staging::remove_stale(&out)? {
                    if let Some(n) = p.file_name() {
                        pruned.stale.push(n.to_string_lossy().into_owned());
                    }
                }
            }
        }
    }
    tracing::info!(
        kept = pruned.kept.len(),
        removed = pruned.removed.len(),
        busy = pruned.busy.len(),
        stale = pruned.stale.len(),
        dry_run,
        "prune done"
    );
    Ok(pruned)
}

/// The lock on `out`, or `None` when another process holds it.
fn lock_or_busy(out: &Path) -> Result<Option<OutputLock>, PruneError> {
    match OutputLock::acquire(out) {
        Ok(l) => Ok(Some(l)),
        Err(LockError::Held { .. }) => Ok(None),
        Err(e) => Err(PruneError::Lock(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn only_exact_dates_are_runs() {
        assert!(run_date("2026-11-28").is_some());
        assert!(run_date("2026-11-5").is_none());
        assert!(run_date("2026-02-30").is_none());
        assert!(run_date("2026-11-28-manual").is_none());
        assert!(run_date("latest").is_none());
        assert_eq!(
            staging_date(".2026-11-28.staging-Ab12Cd"),
            run_date("2026-11-28")
        );
        assert_eq!(staging_date(".2026-11-28.lock"), None);
        assert_eq!(staging_date("2026-11-28.staging-x"), None);
    }

    #[test]
    fn keeps_the_newest_by_name_and_touches_nothing_else() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        for d in [
            "2026-11-25",
            "2026-11-26",
            "2026-11-27",
            "2026-11-28",
            "notes",
            "2026-11-24-manual",
        ] {
            fs::create_dir(r.join(d)).unwrap();
            fs::write(r.join(d).join("summary.json"), "{}").unwrap();
        }
        // A file named like a run, and a link to an old run, are not runs.
        fs::write(r.join("2026-01-01"), "not a run").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(r.join("2026-11-25"), r.join("2026-01-02")).unwrap();
        // Touching an old run does not make it newer.
        fs::write(r.join("2026-11-25").join("touched"), "x").unwrap();

        let dry = prune(r, 2, true).unwrap();
        assert_eq!(dry.removed, ["2026-11-25", "2026-11-26"]);
        assert_eq!(dry.kept, ["2026-11-27", "2026-11-28"]);
        assert!(r.join("2026-11-25").exists());

        let done = prune(r, 2, false).unwrap();
        assert_eq!(
            done,
            Pruned {
                kept: vec!["2026-11-27".into(), "2026-11-28".into()],
                removed: vec!["2026-11-25".into(), "2026-11-26".into()],
                busy: vec![],
                stale: vec![],
            }
        );
        let mut expected = vec![
            "2026-01-01",
            "2026-11-24-manual",
            "2026-11-27",
            "2026-11-28",
            "notes",
        ];
        if cfg!(unix) {
            expected.insert(1, "2026-01-02");
        }
        assert_eq!(names(r), expected);
        // Idempotent.
        assert_eq!(prune(r, 2, false).unwrap().removed, Vec::<String>::new());
    }

    #[test]
    fn fewer_runs_than_keep_removes_nothing() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("2026-11-28")).unwrap();
        let p = prune(root.path(), 30, false).unwrap();
        assert_eq!(p.kept, ["2026-11-28"]);
        assert!(p.removed.is_empty());
    }

    #[test]
    fn a_run_in_progress_is_skipped_and_its_staging_left_alone() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        for d in [
            "2026-11-26",
            "2026-11-27",
            "2026-11-28",
            ".2026-11-28.staging-live",
            ".2026-11-20.staging-dead",
        ] {
            fs::create_dir(r.join(d)).unwrap();
        }
        // Someone re-runs 2026-11-26 with --force, and tonight's run is busy.
        let rerun = OutputLock::acquire(&r.join("2026-11-26")).unwrap();
        let tonight = OutputLock::acquire(&r.join("2026-11-28")).unwrap();
        let p = prune(r, 1, false).unwrap();
        assert_eq!(p.busy, ["2026-11-26"]);
        assert_eq!(p.removed, ["2026-11-27"]);
        assert_eq!(p.stale, [".2026-11-20.staging-dead"]);
        drop((rerun, tonight));
        assert_eq!(
            names(r),
            [".2026-11-28.staging-live", "2026-11-26", "2026-11-28"]
        );
    }

    #[test]
    fn a_missing_root_is_a_clear_error() {
        let root = tempfile::tempdir().unwrap();
        let err = prune(&root.path().join("nope"), 3, false).unwrap_err();
        assert!(err.to_string().starts_with("cannot read --root "), "{err}");
    }
}
