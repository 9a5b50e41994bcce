//! One run per output location: an advisory lock (`flock`) on a lock file
//! beside `--out`, named `.<name>.lock`, held for the whole run, so two runs
//! that write the same `--out` (a scheduler firing twice, a manual run during
//! the nightly one) cannot overlap.
//!
//! The lock belongs to the open file, not to the file's existence: the
//! operating system releases it when the process ends, however it ends, so a
//! crashed run never leaves a stale lock behind (at most an empty lock file,
//! which the next run simply locks again). A run removes its lock file when
//! it finishes, while still holding the lock; a contender that opened the old
//! file notices that the path now names another file (or none) and starts
//! over, so removing the file cannot let two runs in.
//!
//! This module decides nothing about the output itself (that is
//! `output::staging`) and never waits: a second run gives up at once.

use crate::publish::staging::{create_private_dir_all, output_name, output_parent};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Why the lock on `--out` could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another rtb-recon run{} is writing to --out {} (it holds {}): this run did nothing; wait for that run to finish, or find out why it is still running",
        holder.map(|p| format!(" (process {p})")).unwrap_or_default(),
        out.display(),
        lock.display()
    )]
    Held {
        out: PathBuf,
        lock: PathBuf,
        /// The process id the holder wrote into the lock file, when readable.
        holder: Option<u32>,
    },
    #[error("cannot {action} {}: {source}; --out must lie in a directory this user can write to", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// The lock on one output location, held until dropped.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
    path: PathBuf,
}

/// Where the lock file of `out` lives: `.<name>.lock` in the same directory.
pub fn lock_path(out: &Path) -> PathBuf {
    output_parent(out).join(format!(".{}.lock", output_name(out)))
}

/// A contender may lose the race against a finishing run this many times in a
/// row before we call it an error rather than loop forever.
const MAX_ATTEMPTS: usize = 64;

impl OutputLock {
    /// Takes the lock on `out`, creating the directory that will hold `out`
    /// (mode 0700) and the lock file (mode 0600) when missing. Never blocks:
    /// when another run holds the lock, returns `LockError::Held`.
    pub fn acquire(out: &Path) -> Result<OutputLock, LockError> {
        let dir = output_parent(out);
        create_private_dir_all(&dir).map_err(|e| LockError::Io {
            action: "create the directory",
            path: dir.clone(),
            // The path exists as a file: say so, rather than "File exists".
            source: if e.kind() == io::ErrorKind::AlreadyExists {
                io::Error::new(
                    io::ErrorKind::NotADirectory,
                    "it is a file, not a directory",
                )
            } else {
                e
            },
        })?;
        let path = lock_path(out);
        let io_err = |action: &'static str, path: &Path| {
            let path = path.to_path_buf();
            move |source| LockError::Io {
                action,
                path,
                source,
            }
        };
        for _ in 0..MAX_ATTEMPTS {
            let mut file = open_lock_file(&path).map_err(io_err("create the lock file", &path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(LockError::Held {
                        out: out.to_path_buf(),
                        lock: path.clone(),
                        holder: read_pid(&mut file),
                    });
                }
                Err(TryLockError::Error(e)) => return Err(io_err("lock", &path)(e)),
            }
            if !still_named_by(&file, &path) {
                // We locked a file the previous holder had already removed.
                continue;
            }
            // For the "held by process N" message of a contender; not needed
            // for correctness, so a failure here is ignored.
            let _ = write_pid(&mut file);
            crate::publish::signals::register_lock_file(&path);
            tracing::debug!(lock = %path.display(), "output lock taken");
            return Ok(OutputLock { file, path });
        }
        Err(io_err("lock", &path)(io::Error::other(
            "the lock file kept being replaced by other runs",
        )))
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked (the lock goes with `file`, after this);
        // see the module doc for why that is safe. On platforms where we
        // cannot tell files apart, the empty file is left in place.
        if cfg!(unix) {
            let _ = fs::remove_file(&self.path);
        }
        crate::publish::signals::unregister_lock_file(&self.path);
        let _ = self.file.unlock();
    }
}

fn open_lock_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Whether `path` still names the open `file` (same device and inode).
#[cfg(unix)]
fn still_named_by(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_named_by(_file: &File, _path: &Path) -> bool {
    true
}

fn write_pid(file: &mut File) -> io::Result<()> {
    file.set_len(0)?;
    file.rewind()?;
    writeln!(file, "{}", std::process::id())?;
    file.sync_data()
}

fn read_pid(file: &mut File) -> Option<u32> {
    let mut s = String::new();
    file.rewind().ok()?;
    file.take(32).read_to_string(&mut s).ok()?;
    s.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_file_sits_beside_out_and_is_hidden() {
        assert_eq!(
            lock_path(Path::new("/var/lib/rtb-recon/runs/2026-11-28")),
            PathBuf::from("/var/lib/rtb-recon/runs/.2026-11-28.lock")
        );
        assert_eq!(lock_path(Path::new("run")), PathBuf::from("./.run.lock"));
        assert_eq!(lock_path(Path::new("a/run/")), PathBuf::from("a/.run.lock"));
    }

    #[test]
    fn second_lock_on_the_same_out_is_refused_and_names_the_holder() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("2026-11-28");
        let first = OutputLock::acquire(&out).unwrap();
        let err = OutputLock::acquire(&out).unwrap_err();
        match &err {
            LockError::Held {
                out: o,
                lock,
                holder,
            } => {
                assert_eq!(o, &out);
                assert_eq!(lock, &root.path().join(".2026-11-28.lock"));
                assert_eq!(*holder, Some(std::process::id()));
            }
            other => panic!("expected Held, got {other:?}"),
        }
        assert!(
            err.to_string()
                .starts_with("another rtb-recon run (process ")
        );
        // A different output location is independent.
        let other = OutputLock::acquire(&root.path().join("2026-11-29")).unwrap();
        drop(other);
        drop(first);
        // Released and cleaned up: nothing is left beside the runs.
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 0);
        let again = OutputLock::acquire(&out).unwrap();
        assert!(again.path().exists());
    }

    #[test]
    fn a_leftover_lock_file_from_a_crashed_run_does_not_block() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("run");
        fs::write(lock_path(&out), "999999\n").unwrap();
        let lock = OutputLock::acquire(&out).unwrap();
        assert_eq!(
            fs::read_to_string(lock.path()).unwrap(),
            format!("{}\n", std::process::id())
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_contender_holding_the_removed_file_does_not_share_the_lock() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("run");
        let first = OutputLock::acquire(&out).unwrap();
        // A contender opened the lock file before the first run finished.
        let stale = open_lock_file(&lock_path(&out)).unwrap();
        drop(first);
        // It now locks the orphaned file, which no longer guards anything...
        stale.try_lock().unwrap();
        assert!(!still_named_by(&stale, &lock_path(&out)));
        // ...so a new run takes the lock on a fresh file, mode 0600.
        let second = OutputLock::acquire(&out).unwrap();
        let mode = fs::metadata(second.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn an_out_whose_parent_is_a_file_is_a_clear_error() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("not-a-dir");
        fs::write(&file, "x").unwrap();
        let err = OutputLock::acquire(&file.join("run")).unwrap_err();
        assert!(matches!(
            err,
            LockError::Io {
                action: "create the directory",
                ..
            }
        ));
        assert!(
            err.to_string()
                .contains("not-a-dir: it is a file, not a directory; --out must lie in"),
            "{err}"
        );
    }
}
