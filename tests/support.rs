//! A small fluent helper for running the real binary on an export set in a
//! fresh temporary directory (after just's `tests/test.rs`).

use assert_cmd::Command;
use rtb_recon::model::Export;
use rtb_recon::model::contract::Requirement;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// Each export's name and the header line the tests write: its columns in
/// the contract table (`model::contract`), without the identity block where
/// it is optional (a test that wants it there writes its own header).
pub static EXPORTS: LazyLock<[(&str, &str); 7]> =
    LazyLock::new(|| Export::ALL.map(|e| (e.name(), header(e).leak() as &str)));

/// The header line of `export` as in `EXPORTS`.
pub fn header(export: Export) -> String {
    let table = export.table();
    let columns = match table.identity {
        Requirement::Required => table.columns(),
        _ => table.own_columns(),
    };
    let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
    names.join(",")
}

/// An input directory with all seven exports header-only, plus what a test adds.
pub struct Test {
    pub dir: tempfile::TempDir,
}

/// What a run of the binary produced.
pub struct Outcome {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
    pub out: PathBuf,
}

impl Test {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dir.path().join("input");
        fs::create_dir(&input).expect("input dir");
        for (name, header) in *EXPORTS {
            fs::write(input.join(format!("{name}.csv")), format!("{header}\n")).expect("write");
        }
        Test { dir }
    }

    pub fn input(&self) -> PathBuf {
        self.dir.path().join("input")
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// Replaces one export's content (header included).
    pub fn file(self, name: &str, content: &str) -> Self {
        fs::write(self.input().join(name), content).expect("write");
        self
    }

    /// Removes one export file.
    pub fn without(self, name: &str) -> Self {
        fs::remove_file(self.input().join(name)).expect("remove");
        self
    }

    /// Runs `rtb-recon run --input <input> --out <out> --as-of 2026-11-28` plus `args`.
    pub fn run(&self, args: &[&str]) -> Outcome {
        self.run_into("out", args)
    }

    /// As `run`, with `--out <tmp>/<name>`: for runs that compare with an
    /// earlier one (`--previous`).
    pub fn run_into(&self, name: &str, args: &[&str]) -> Outcome {
        let out = self.dir.path().join(name);
        let mut full: Vec<String> = vec![
            "run".into(),
            "--input".into(),
            path(&self.input()),
            "--out".into(),
            path(&out),
        ];
        if !args.contains(&"--as-of") {
            full.extend(["--as-of".into(), "2026-11-28".into()]);
        }
        full.extend(args.iter().map(|s| s.to_string()));
        let outcome = rtb_recon(&full);
        Outcome { out, ..outcome }
    }
}

/// Runs the binary with these arguments.
pub fn rtb_recon<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Outcome {
    let out = Command::cargo_bin("rtb-recon")
        .expect("binary")
        .args(args)
        .output()
        .expect("run");
    Outcome {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        out: PathBuf::new(),
    }
}

pub fn path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

impl Outcome {
    pub fn read(&self, name: &str) -> String {
        fs::read_to_string(self.out.join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}\nstderr: {}", self.stderr))
    }

    /// Rows of a CSV output as (header-keyed) maps.
    pub fn csv(&self, name: &str) -> Vec<std::collections::BTreeMap<String, String>> {
        let text = self.read(name);
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let headers = r.headers().expect("header").clone();
        r.records()
            .map(|rec| {
                let rec = rec.expect("record");
                headers
                    .iter()
                    .zip(rec.iter())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    }

    pub fn summary(&self) -> serde_json::Value {
        serde_json::from_str(&self.read("summary.json")).expect("summary.json is JSON")
    }

    #[track_caller]
    pub fn status(&self, code: i32) -> &Self {
        assert_eq!(self.status, code, "exit status; stderr:\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn wrote_nothing(&self) -> &Self {
        assert!(
            !self.out.exists(),
            "{} should not exist",
            self.out.display()
        );
        self
    }
}

/// All files under `dir`, relative path → bytes, for byte-for-byte comparison.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .expect("prefix")
                    .to_string_lossy()
                    .into_owned();
                files.insert(rel, fs::read(&p).expect("read"));
            }
        }
    }
    files
}
