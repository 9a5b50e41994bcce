//! Writing a run so that a crash never leaves half of it in `--out`: every
//! file goes into a hidden staging directory beside `--out` (same file
//! system, so the final move is a rename), which replaces `--out` in one step.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why the output directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("--out {} exists and is not empty: choose a new directory or pass --force to replace it", .0.display())]
    NotEmpty(PathBuf),
    #[error("--out {} exists and is not a directory", .0.display())]
    NotADirectory(PathBuf),
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
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

/// A staging directory that becomes `--out` on `publish`, and is removed if
/// dropped before (an error or a panic mid-run).
pub struct Staging {
    dir: tempfile::TempDir,
    out: PathBuf,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Self, OutputError> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(OutputError::io("create", &parent))?;
        let name = out
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(&parent)
            .map_err(OutputError::io("create a staging directory in", &parent))?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Moves the finished run into `--out`, replacing an empty directory or,
    /// with `force`, a previous run.
    pub fn publish(self, force: bool) -> Result<(), OutputError> {
        check_target(&self.out, force)?;
        let staged = self.dir.keep();
        let old = if self.out.exists() {
            let old = staged.with_extension("old");
            fs::rename(&self.out, &old).map_err(OutputError::io("move aside", &self.out))?;
            Some(old)
        } else {
            None
        };
        if let Err(e) = fs::rename(&staged, &self.out) {
            // Put the previous run back rather than leave nothing.
            if let Some(old) = &old {
                let _ = fs::rename(old, &self.out);
            }
            let _ = fs::remove_dir_all(&staged);
            return Err(OutputError::io("move the finished run to", &self.out)(e));
        }
        if let Some(old) = old {
            fs::remove_dir_all(&old)
                .map_err(OutputError::io("remove the previous run at", &old))?;
        }
        Ok(())
    }
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
}
