//! Writing a run so that a crash never leaves half of it in `--out`: every
//! file goes into a hidden staging directory beside `--out` (same file
//! system, so the final move is a rename), which replaces `--out` in one step.
//!
//! It also owns how private the output is: the staging directory is created
//! 0700 before anything is written into it, and on publishing every
//! directory becomes 0700 and every file 0600 (they hold names and residence
//! status). Signals are coordinated with `signals`: the staging directory is
//! registered there so an interrupted run removes it, and publishing refuses
//! once a stop was requested.
//!
//! It does not take the per-output lock (`lock`) nor decide what is written.

use crate::publish::signals::{self, Interrupted};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

/// Why the output directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("--out {} exists and is not empty: choose a new directory or pass --force to replace it", .0.display())]
    NotEmpty(PathBuf),
    #[error("--out {} exists and is not a directory", .0.display())]
    NotADirectory(PathBuf),
    #[error("cannot {action} {}: {source}{}", loggable(path), hint(source))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    Interrupted(#[from] Interrupted),
}

impl OutputError {
    pub fn io(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> OutputError {
        let path = path.to_path_buf();
        move |source| OutputError::Io {
            action,
            path,
            source,
        }
    }
}

/// `path` for an error message, which ends up in the scheduler's log: the
/// file names of a draft (HTML, Word, checklist) hold the person's V-number,
/// so they are withheld.
fn loggable(path: &Path) -> String {
    let in_drafts = path.components().any(|c| c.as_os_str() == "drafts");
    let is_draft = path
        .extension()
        .is_some_and(|e| e == "html" || e == "docx" || e == "txt");
    match path.parent() {
        Some(dir) if in_drafts && is_draft => {
            format!("a draft in {} (file name withheld)", dir.display())
        }
        _ => path.display().to_string(),
    }
}

/// What an operator can do about the common causes of a failed write.
fn hint(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            " (the disk is full: free space on the file system of --out and run again; nothing was published)"
        }
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            " (--out is not writable for this user: choose another --out or fix the permissions; nothing was published)"
        }
        io::ErrorKind::NotADirectory => " (a part of the path of --out is a file, not a directory)",
        _ => "",
    }
}

/// The directory that holds `out` (`.` for a bare name).
pub fn output_parent(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The last component of `out`, used to name its hidden siblings.
pub fn output_name(out: &Path) -> String {
    out.file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned())
}

/// Like `fs::create_dir_all`, but directories it creates are 0700.
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Creates (truncates) an output file, mode 0600. The test hook
/// `RTB_RECON_TEST_FAIL_WRITE` (debug builds only) makes it fail as on a full disk.
pub fn create_file(path: &Path) -> io::Result<File> {
    if let Some(name) = path.file_name().and_then(|n| n.to_str())
        && let Some(e) = crate::testhooks::injected_write_error(name)
    {
        return Err(e);
    }
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Checks, before any work is done, that `out` may receive a run.
pub fn check_target(out: &Path, force: bool) -> Result<(), OutputError> {
    match fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() && !force {
                return Err(OutputError::NotEmpty(out.to_path_buf()));
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(_) if out.exists() && !out.is_dir() => {
            Err(OutputError::NotADirectory(out.to_path_buf()))
        }
        Err(e) => Err(OutputError::io("read", out)(e)),
    }
}

/// The prefix of the staging directories of `out` (also of the `.old`
/// directory a `--force` publish moves the previous run to).
fn staging_prefix(out: &Path) -> String {
    format!(".{}.staging-", output_name(out))
}

/// Removes staging directories of `out` that a killed run (SIGKILL, power
/// loss) left behind; they may hold personal data. Only call this while
/// holding the lock on `out`: then no live run owns them. Returns what was
/// removed.
pub fn remove_stale(out: &Path) -> Result<Vec<PathBuf>, OutputError> {
    let parent = output_parent(out);
    let prefix = staging_prefix(out);
    let entries = match fs::read_dir(&parent) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(OutputError::io("read", &parent)(e)),
    };
    let mut removed = Vec::new();
    for entry in entries {
        let entry = entry.map_err(OutputError::io("read", &parent))?;
        let is_ours = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(&prefix));
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_ours && is_dir {
            let path = entry.path();
            fs::remove_dir_all(&path)
                .map_err(OutputError::io("remove the stale staging directory", &path))?;
            removed.push(path);
        }
    }
    removed.sort();
    Ok(removed)
}

/// A staging directory that becomes `--out` on `publish`, and is removed if
/// dropped before (an error, a panic or a signal mid-run).
pub struct Staging {
    /// `None` once published.
    dir: Option<tempfile::TempDir>,
    out: PathBuf,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Self, OutputError> {
        let parent = output_parent(out);
        create_private_dir_all(&parent).map_err(OutputError::io("create", &parent))?;
        let mut builder = tempfile::Builder::new();
        let prefix = staging_prefix(out);
        builder.prefix(&prefix);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o700));
        }
        // Created and registered in one step, so a signal finds it either
        // absent or registered for removal.
        let dir = signals::while_registering(|reg| {
            reg.check()?;
            let dir = builder
                .tempdir_in(&parent)
                .map_err(OutputError::io("create a staging directory in", &parent))?;
            reg.add_staging(dir.path());
            Ok::<_, OutputError>(dir)
        })?;
        Ok(Staging {
            dir: Some(dir),
            out: out.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        match &self.dir {
            Some(d) => d.path(),
            None => &self.out,
        }
    }

    /// Moves the finished run into `--out`, replacing an empty directory or,
    /// with `force`, a previous run. Refuses when a stop was requested.
    pub fn publish(mut self, force: bool) -> Result<(), OutputError> {
        // Before taking the registration: on a large run this walks many
        // files, and a signal meanwhile should still be able to stop us.
        restrict(self.path())?;
        let Some(dir) = self.dir.take() else {
            return Ok(());
        };
        let old = signals::while_registering(|reg| {
            let result = (|| {
                reg.check()?;
                check_target(&self.out, force)?;
                rename_into_place(dir.path(), &self.out)
            })();
            let staged = dir.path().to_path_buf();
            match result {
                Ok(old) => {
                    // The directory now lives at `out`; nothing to clean up.
                    let _ = dir.keep();
                    reg.remove_staging(&staged);
                    reg.mark_published();
                    Ok(old)
                }
                Err(e) => {
                    drop(dir);
                    reg.remove_staging(&staged);
                    Err(e)
                }
            }
        })?;
        // Outside the registration: the new run is in place, and removing the
        // previous one may take a while.
        if let Some(old) = old {
            fs::remove_dir_all(&old)
                .map_err(OutputError::io("remove the previous run at", &old))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            signals::while_registering(|reg| {
                let path = dir.path().to_path_buf();
                drop(dir);
                reg.remove_staging(&path);
            });
        }
    }
}

/// Renames `staged` to `out`; returns where a previous run was moved aside.
fn rename_into_place(staged: &Path, out: &Path) -> Result<Option<PathBuf>, OutputError> {
    let old = if out.exists() {
        let old = staged.with_extension("old");
        fs::rename(out, &old).map_err(OutputError::io("move aside", out))?;
        Some(old)
    } else {
        None
    };
    if let Err(e) = fs::rename(staged, out) {
        // Put the previous run back rather than leave nothing.
        if let Some(old) = &old {
            let _ = fs::rename(old, out);
        }
        return Err(OutputError::io("move the finished run to", out)(e));
    }
    Ok(old)
}

/// Directories 0700, files 0600, throughout the tree (what the run wrote
/// with default modes, e.g. drafts, included). Symbolic links are left alone:
/// the run creates none.
#[cfg(unix)]
fn restrict(dir: &Path) -> Result<(), OutputError> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
        .map_err(OutputError::io("set the permissions of", dir))?;
    for entry in fs::read_dir(dir).map_err(OutputError::io("read", dir))? {
        let entry = entry.map_err(OutputError::io("read", dir))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(OutputError::io("read", &path))?;
        if kind.is_dir() {
            restrict(&path)?;
        } else if kind.is_file() {
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600))
                .map_err(OutputError::io("set the permissions of", &path))?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn restrict(_dir: &Path) -> Result<(), OutputError> {
    Ok(())
}

/// Writes one output file into the staging directory `dir` (0600, synced to
/// disk before the run may publish), checking first for a stop signal.
pub fn write_file<E>(
    dir: &Path,
    name: &str,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<(), E>,
) -> Result<(), OutputError>
where
    E: Into<std::io::Error>,
{
    signals::check()?;
    let path = dir.join(name);
    let file = create_file(&path).map_err(OutputError::io("create", &path))?;
    let mut w = BufWriter::new(file);
    write(&mut w).map_err(|e| OutputError::io("write", &path)(e.into()))?;
    w.into_inner()
        .map_err(|e| OutputError::io("write", &path)(e.into_error()))?
        .sync_all()
        .map_err(OutputError::io("write", &path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_replaces_only_with_force_and_cleans_up() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("run");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("old.txt"), "x").unwrap();
        assert!(matches!(
            check_target(&out, false),
            Err(OutputError::NotEmpty(_))
        ));

        let s = Staging::new(&out).unwrap();
        fs::write(s.path().join("new.txt"), "y").unwrap();
        s.publish(true).unwrap();
        assert!(out.join("new.txt").exists());
        assert!(!out.join("old.txt").exists());
        // Nothing but the published run is left beside it.
        let left: Vec<_> = fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn dropped_staging_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("run");
        {
            let s = Staging::new(&out).unwrap();
            fs::write(s.path().join("half.csv"), "x").unwrap();
        }
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn published_run_is_private_whatever_the_writer_used() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("deep").join("run");
        let s = Staging::new(&out).unwrap();
        assert_eq!(mode(s.path()), 0o700);
        // A writer that does not care (fs::write, create_dir_all).
        fs::create_dir_all(s.path().join("drafts/LIFT_OVR")).unwrap();
        fs::write(s.path().join("drafts/LIFT_OVR/x.html"), "x").unwrap();
        drop(create_file(&s.path().join("actions.csv")).unwrap());
        assert_eq!(mode(&s.path().join("actions.csv")), 0o600);
        s.publish(false).unwrap();
        assert_eq!(mode(&root.path().join("deep")), 0o700);
        assert_eq!(mode(&out), 0o700);
        assert_eq!(mode(&out.join("drafts")), 0o700);
        assert_eq!(mode(&out.join("drafts/LIFT_OVR")), 0o700);
        assert_eq!(mode(&out.join("drafts/LIFT_OVR/x.html")), 0o600);
        assert_eq!(mode(&out.join("actions.csv")), 0o600);
    }

    #[test]
    fn stale_staging_directories_of_this_out_only_are_removed() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("2026-11-28");
        for d in [
            ".2026-11-28.staging-abc123",
            ".2026-11-28.staging-abc123.old",
            ".2026-11-27.staging-def456",
            "2026-11-27",
        ] {
            fs::create_dir(root.path().join(d)).unwrap();
        }
        fs::write(root.path().join(".2026-11-28.staging-file"), "x").unwrap();
        let removed = remove_stale(&out).unwrap();
        assert_eq!(
            removed,
            vec![
                root.path().join(".2026-11-28.staging-abc123"),
                root.path().join(".2026-11-28.staging-abc123.old"),
            ]
        );
        let mut left: Vec<String> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".2026-11-27.staging-def456",
                ".2026-11-28.staging-file",
                "2026-11-27"
            ]
        );
    }

    #[test]
    fn errors_about_a_draft_withhold_its_file_name() {
        for name in [
            "730000055433_O7.html",
            "730000055433_O7.docx",
            "730000055433_O7.controle.txt",
        ] {
            let path = format!("/r/.d.staging-x/drafts/LIFT_OVR/{name}");
            let err = OutputError::io("write", Path::new(&path))(io::Error::from(
                io::ErrorKind::StorageFull,
            ));
            assert!(
                err.to_string().starts_with(
                    "cannot write a draft in /r/.d.staging-x/drafts/LIFT_OVR (file name withheld): "
                ),
                "{err}"
            );
            assert!(!err.to_string().contains("730000055433"));
        }
        let dir = OutputError::io("create", Path::new("/r/drafts/LIFT_OVR"))(io::Error::from(
            io::ErrorKind::StorageFull,
        ));
        assert!(
            dir.to_string()
                .starts_with("cannot create /r/drafts/LIFT_OVR: ")
        );
    }

    #[test]
    fn full_disk_and_read_only_errors_say_what_to_do() {
        let full = OutputError::io("write", Path::new("/x/summary.json"))(io::Error::from(
            io::ErrorKind::StorageFull,
        ));
        assert_eq!(
            full.to_string(),
            "cannot write /x/summary.json: no storage space (the disk is full: free space on the file system of --out and run again; nothing was published)"
        );
        let ro = OutputError::io("create", Path::new("/x"))(io::Error::from(
            io::ErrorKind::ReadOnlyFilesystem,
        ));
        assert!(ro.to_string().ends_with("nothing was published)"), "{ro}");
    }
}
