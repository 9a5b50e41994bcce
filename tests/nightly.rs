//! Unattended nightly runs (issue 4): each failure a scheduled run must
//! survive is provoked here against the real binary and must end as
//! documented in `src/exit.rs` and deploy/README.md — a second run on the
//! same output (4), SIGINT/SIGTERM mid-run (130/143, nothing left behind),
//! an unwritable `--out` or a full disk (1, nothing left behind), a failed
//! self-check (1), too many quarantined rows (3, output written), bad bytes
//! in every export (0 or 1, never a panic, ledger intact). Also: output
//! modes, no personal data in the log, and `prune`.
//!
//! The input is written by `Data` below (not the generator), so these tests
//! control exactly which rows are good and which are quarantined.

use proptest::prelude::*;
use rtb_recon::config::{DriftPolicy, MaxRejected, Params, RunConfig};
use rtb_recon::exit::Exit;
use rtb_recon::ingest::{self, Inputs};
use rtb_recon::model::Export;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_rtb-recon");
const AS_OF: &str = "2026-11-28";

// ---------------------------------------------------------------- input data

/// The contract's header line per export.
use crate::support::EXPORTS as HEADERS;

const SURNAMES: [&str; 8] = [
    "Kovalenko",
    "Bondarenko",
    "Tkachenko",
    "Kravchenko",
    "Oliynyk",
    "Shevchuk",
    "Polishchuk",
    "Lysenko",
];

/// The seven exports as text, built person by person.
struct Data {
    files: Vec<(&'static str, String)>,
    v_numbers: Vec<String>,
    surnames: Vec<String>,
    /// How many rows were made bad on purpose (each quarantines one row).
    bad: u64,
    rows: u64,
}

impl Data {
    fn new() -> Self {
        Data {
            files: HEADERS
                .iter()
                .map(|(name, header)| (*name, format!("{header}\n")))
                .collect(),
            v_numbers: Vec::new(),
            surnames: Vec::new(),
            bad: 0,
            rows: 0,
        }
    }

    /// `n` persons under protection, each with a heavy entry ban from before
    /// protection (R03, with a draft), a return decision (R11) and an SIS hit
    /// on a Dutch alert (R18). V-numbers are 12 digits so no count or timing
    /// in a log can be mistaken for one.
    fn persons(n: u64) -> Self {
        let mut d = Data::new();
        for i in 0..n {
            d.person(i);
        }
        d
    }

    fn push(&mut self, file: &str, row: &str) {
        let text = &mut self
            .files
            .iter_mut()
            .find(|(f, _)| *f == file)
            .expect("known export")
            .1;
        text.push_str(row);
        text.push('\n');
        self.rows += 1;
    }

    fn person(&mut self, i: u64) {
        let v = format!("{}", 730_000_000_000u64 + i * 7_919);
        let surname = format!("{}{}", SURNAMES[(i % 8) as usize], suffix(i));
        self.push(
            "rtb_holders",
            &format!(
                "{v},{surname},Olena,1980-05-0{},UKR,,ukrainian,granted,2022-04-01,,,,,Utrecht",
                1 + i % 9
            ),
        );
        self.push(
            "entry_bans",
            &format!("B{i},{v},heavy,2020-01-15,2020-02-01,10,public_order,true,active,,,SIS-{i}"),
        );
        self.push(
            "return_decisions",
            &format!("T{i},{v},2020-01-15,true,active,,,SIS-{i}"),
        );
        self.push(
            "sis_hits",
            &format!("H{i},{v},SIS-{i},refusal,NL,DE,2026-10-01,external_border,false"),
        );
        self.v_numbers.push(v);
        self.surnames.push(surname);
    }

    /// An entry-ban row with an impossible date: quarantined, its person held.
    fn bad_row(&mut self) {
        let i = self.bad;
        let v = format!("{}", 740_000_000_000u64 + i * 7_919);
        self.push(
            "entry_bans",
            &format!("BX{i},{v},heavy,31-02-2025,,,public_order,true,active,,,"),
        );
        self.v_numbers.push(v);
        self.bad += 1;
    }

    fn write(&self, dir: &Path) {
        fs::create_dir_all(dir).unwrap();
        for (name, text) in &self.files {
            fs::write(dir.join(format!("{name}.csv")), text).unwrap();
        }
    }
}

/// Letters, so surnames are distinct and never contain digits.
fn suffix(mut i: u64) -> String {
    let mut s = String::new();
    loop {
        s.push((b'a' + (i % 26) as u8) as char);
        i /= 26;
        if i == 0 {
            return s;
        }
    }
}

// ------------------------------------------------------------------ helpers

/// A fresh directory with `in/` (the exports) and `runs/` (where `--out`
/// goes, so "nothing left behind" is "runs/ is empty").
struct Site {
    root: tempfile::TempDir,
}

impl Site {
    fn new(data: &Data) -> Self {
        let root = tempfile::tempdir().unwrap();
        data.write(&root.path().join("in"));
        fs::create_dir(root.path().join("runs")).unwrap();
        Site { root }
    }

    fn input(&self) -> PathBuf {
        self.root.path().join("in")
    }

    fn runs(&self) -> PathBuf {
        self.root.path().join("runs")
    }

    fn out(&self) -> PathBuf {
        self.runs().join(AS_OF)
    }

    fn cmd(&self, extra: &[&str]) -> Command {
        run_cmd(&self.input(), &self.out(), extra)
    }

    fn run(&self, extra: &[&str]) -> Output {
        self.cmd(extra).output().unwrap()
    }
}

fn run_cmd(input: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.arg("run")
        .arg("--input")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--as-of", AS_OF])
        .args(extra)
        .env_remove("RTB_RECON_TEST_PAUSE_AFTER")
        .env_remove("RTB_RECON_TEST_FAIL_WRITE")
        .env_remove("RTB_RECON_TEST_FAULT");
    c
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

/// A running binary whose stderr is read line by line in the background:
/// for the tests that pause it with a test hook, so debug builds only.
#[cfg(debug_assertions)]
mod running {
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    pub struct Running {
        pub child: Child,
        lines: mpsc::Receiver<String>,
        seen: Vec<String>,
    }

    impl Running {
        pub fn spawn(mut cmd: Command) -> Self {
            let mut child = cmd.stderr(Stdio::piped()).spawn().unwrap();
            let err = child.stderr.take().unwrap();
            let (tx, lines) = mpsc::channel();
            std::thread::spawn(move || {
                for line in BufReader::new(err).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
            Running {
                child,
                lines,
                seen: Vec::new(),
            }
        }

        /// Waits until stderr shows `needle`; panics with what it saw otherwise.
        pub fn wait_for(&mut self, needle: &str) {
            let deadline = Instant::now() + Duration::from_secs(120);
            while Instant::now() < deadline {
                match self.lines.recv_timeout(Duration::from_millis(100)) {
                    Ok(line) => {
                        let hit = line.contains(needle);
                        self.seen.push(line);
                        if hit {
                            return;
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
            panic!("never saw {needle:?}; stderr: {:#?}", self.seen);
        }

        pub fn signal(&self, sig: &str) {
            let ok = Command::new("kill")
                .arg(format!("-{sig}"))
                .arg(self.child.id().to_string())
                .status()
                .unwrap()
                .success();
            assert!(ok, "kill -{sig} failed");
        }

        /// The exit code and the rest of stderr.
        pub fn finish(mut self) -> (Option<i32>, String) {
            let status = self.child.wait().unwrap();
            while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
                self.seen.push(line);
            }
            (status.code(), self.seen.join("\n"))
        }
    }
}
#[cfg(debug_assertions)]
use running::Running;

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

/// rows = accepted + rejected for every export in summary.json.
fn assert_summary_ledger(out: &Path) {
    let s = summary(out);
    let inputs = s["inputs"].as_object().expect("inputs in summary.json");
    assert_eq!(inputs.len(), 7, "{s}");
    for (name, l) in inputs {
        let (rows, acc, rej) = (&l["rows"], &l["accepted"], &l["rejected"]);
        assert_eq!(
            rows.as_u64().unwrap(),
            acc.as_u64().unwrap() + rej.as_u64().unwrap(),
            "{name}: {l}"
        );
    }
}

// ------------------------------------------------------- no double runs (4)

#[test]
fn a_second_run_while_the_lock_is_held_exits_4_and_does_nothing() {
    let site = Site::new(&Data::persons(3));
    // The first run is simulated by holding the same lock in this process.
    let first = rtb_recon::publish::lock::OutputLock::acquire(&site.out()).unwrap();
    let o = site.run(&[]);
    assert_eq!(code(&o), Some(4), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "rtb-recon: error: another rtb-recon run (process {}) is writing to --out {}",
            std::process::id(),
            site.out().display()
        )),
        "{err}"
    );
    assert!(err.contains("this run did nothing"), "{err}");
    // Nothing but the first run's lock file.
    assert_eq!(names(&site.runs()), [format!(".{AS_OF}.lock")]);
    drop(first);
    assert!(names(&site.runs()).is_empty());
}

#[cfg(debug_assertions)] // the test hooks exist only in debug builds (src/testhooks.rs)
#[test]
fn two_real_runs_on_one_out_cannot_overlap() {
    let site = Site::new(&Data::persons(3));
    let mut first = Running::spawn({
        let mut c = site.cmd(&[]);
        c.env("RTB_RECON_TEST_PAUSE_AFTER", "read");
        c
    });
    first.wait_for("paused after read");
    let second = site.run(&["--force"]);
    assert_eq!(code(&second), Some(4), "{}", stderr(&second));
    assert!(
        stderr(&second).contains(&format!("(process {})", first.child.id())),
        "{}",
        stderr(&second)
    );
    first.signal("TERM");
    let (c, _) = first.finish();
    assert_eq!(c, Some(143));
    // Once it is gone, the location is free again.
    let third = site.run(&[]);
    assert_eq!(code(&third), Some(0), "{}", stderr(&third));
    assert_eq!(names(&site.runs()), [AS_OF]);
}

// ------------------------------------------------ interrupted (130 / 143)

#[cfg(debug_assertions)] // the test hooks exist only in debug builds (src/testhooks.rs)
#[test]
fn sigterm_while_reading_leaves_nothing_and_exits_143() {
    let site = Site::new(&Data::persons(20));
    let mut run = Running::spawn({
        let mut c = site.cmd(&[]);
        c.env("RTB_RECON_TEST_PAUSE_AFTER", "read");
        c
    });
    run.wait_for("paused after read");
    run.signal("TERM");
    let (c, err) = run.finish();
    assert_eq!(c, Some(143), "{err}");
    assert!(
        err.contains("rtb-recon: error: stopped by SIGTERM before the output was published: nothing was written to --out; run it again"),
        "{err}"
    );
    assert!(names(&site.runs()).is_empty(), "{:?}", names(&site.runs()));
}

#[cfg(debug_assertions)] // the test hooks exist only in debug builds (src/testhooks.rs)
#[test]
fn sigint_while_the_output_is_staged_removes_it_and_exits_130() {
    let site = Site::new(&Data::persons(20));
    let mut run = Running::spawn({
        let mut c = site.cmd(&[]);
        c.env("RTB_RECON_TEST_PAUSE_AFTER", "write");
        c
    });
    run.wait_for("paused after write");
    // The complete run sits in its staging directory, not yet published.
    let staged: Vec<String> = names(&site.runs())
        .into_iter()
        .filter(|n| n.starts_with(&format!(".{AS_OF}.staging-")))
        .collect();
    assert_eq!(staged.len(), 1, "{:?}", names(&site.runs()));
    assert!(site.runs().join(&staged[0]).join("summary.json").exists());
    run.signal("INT");
    let (c, err) = run.finish();
    assert_eq!(c, Some(130), "{err}");
    assert!(err.contains("stopped by SIGINT"), "{err}");
    assert!(names(&site.runs()).is_empty(), "{:?}", names(&site.runs()));
}

#[test]
fn sigterm_at_any_moment_leaves_all_or_nothing() {
    // Larger input, no pause: wherever the signal lands, the run is either
    // complete (it was too late) or gone without a trace.
    let site = Site::new(&Data::persons(3000));
    for delay_ms in [50u64, 300, 900] {
        let _ = fs::remove_dir_all(site.out());
        let mut child = site
            .cmd(&["--force"])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        match status.code() {
            Some(143) => assert!(names(&site.runs()).is_empty(), "{:?}", names(&site.runs())),
            // On a loaded machine the signal can beat the handler's
            // installation; the default action kills a process that has
            // not written anything yet.
            None => {
                use std::os::unix::process::ExitStatusExt;
                assert_eq!(status.signal(), Some(15));
                assert!(names(&site.runs()).is_empty(), "{:?}", names(&site.runs()));
            }
            Some(0) => {
                assert_eq!(names(&site.runs()), [AS_OF]);
                assert_summary_ledger(&site.out());
            }
            other => panic!("after {delay_ms} ms: exit {other:?}"),
        }
    }
}

// ----------------------------------------- unwritable --out, full disk (1)

#[test]
fn out_under_a_regular_file_fails_clearly_even_as_root() {
    let site = Site::new(&Data::persons(3));
    let file = site.runs().join("a-file");
    fs::write(&file, "x").unwrap();
    let out = file.join(AS_OF);
    let o = run_cmd(&site.input(), &out, &[]).output().unwrap();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!(
            "rtb-recon: error: cannot create the directory {}: it is a file, not a directory; --out must lie in a directory this user can write to",
            file.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("--out must lie in a directory this user can write to"),
        "{err}"
    );
    assert_eq!(names(&site.runs()), ["a-file"]);
}

#[test]
fn out_in_a_directory_nobody_may_create_in_fails_clearly() {
    let site = Site::new(&Data::persons(3));
    // Nobody, root included, can create a directory in /proc.
    let out = Path::new("/proc/rtb-recon-test").join(AS_OF);
    let o = run_cmd(&site.input(), &out, &[]).output().unwrap();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot create the directory /proc/rtb-recon-test"),
        "{}",
        stderr(&o)
    );
    assert!(!Path::new("/proc/rtb-recon-test").exists());
}

/// A tmpfs mounted at a fresh directory for the test's lifetime; `None` (and
/// the test skips, saying so) where mounting needs privileges we lack.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(options: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "rtb-recon-test"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!(
                "SKIPPED: cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN); the injected write failure covers this path"
            );
            return None;
        }
        Some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn read_only_file_system_fails_clearly_even_as_root() {
    let Some(fs_ro) = Tmpfs::mount("ro,size=1m") else {
        return;
    };
    let data = Data::persons(3);
    let input = tempfile::tempdir().unwrap();
    data.write(input.path());
    let o = run_cmd(input.path(), &fs_ro.path().join(AS_OF), &[])
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--out must lie in a directory this user can write to"),
        "{}",
        stderr(&o)
    );
    assert!(names(fs_ro.path()).is_empty());
}

#[test]
fn a_full_disk_fails_clearly_and_leaves_nothing() {
    // 64 KiB cannot hold 300 drafts and the tables.
    let Some(small) = Tmpfs::mount("size=64k,mode=0700") else {
        return;
    };
    let data = Data::persons(300);
    let input = tempfile::tempdir().unwrap();
    data.write(input.path());
    let o = run_cmd(input.path(), &small.path().join(AS_OF), &[])
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("No space left on device"), "{err}");
    assert!(
        err.contains("the disk is full: free space on the file system of --out and run again; nothing was published"),
        "{err}"
    );
    assert!(names(small.path()).is_empty(), "{:?}", names(small.path()));
    // The error names the file it could not write, but never a draft's
    // file name: that holds a V-number.
    for v in &data.v_numbers {
        assert!(!err.contains(v.as_str()), "V-number {v} in: {err}");
    }
}

#[cfg(debug_assertions)] // the test hooks exist only in debug builds (src/testhooks.rs)
#[test]
fn an_injected_write_failure_fails_clearly_and_leaves_nothing() {
    let site = Site::new(&Data::persons(5));
    for file in ["actions.csv", "summary.json"] {
        let o = site
            .cmd(&[])
            .env("RTB_RECON_TEST_FAIL_WRITE", file)
            .output()
            .unwrap();
        assert_eq!(code(&o), Some(1), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("cannot create "), "{err}");
        assert!(
            err.contains(&format!("/{file}: no space left on device (injected")),
            "{err}"
        );
        assert!(err.contains("the disk is full"), "{err}");
        assert!(names(&site.runs()).is_empty(), "{:?}", names(&site.runs()));
    }
}

// --------------------------------------------------- self-check failed (1)

#[cfg(debug_assertions)] // the test hooks exist only in debug builds (src/testhooks.rs)
#[test]
fn a_failed_self_check_exits_1_with_an_explanation_and_writes_nothing() {
    let site = Site::new(&Data::persons(5));
    let o = site
        .cmd(&[])
        .env("RTB_RECON_TEST_FAULT", "orphan-action")
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "rtb-recon: error: the run's self-check failed, nothing was written: 1 action(s) concern a subject that is in no input row, e.g. R35 (ASSESS_BTS) about a person (V-number not logged)"
        ),
        "{}",
        stderr(&o)
    );
    assert!(names(&site.runs()).is_empty());
}

// ------------------------------------------------------ --max-rejected (3)

/// 10 persons (40 rows) plus `bad` quarantined rows.
fn with_bad_rows(bad: u64) -> Data {
    let mut d = Data::persons(10);
    for _ in 0..bad {
        d.bad_row();
    }
    d
}

#[test]
fn max_rejected_count_allows_exactly_n() {
    let data = with_bad_rows(3);
    for (limit, expected) in [("3", 0), ("2", 3), ("0", 3), ("100", 0)] {
        let site = Site::new(&data);
        let o = site.run(&["--max-rejected", limit]);
        assert_eq!(
            code(&o),
            Some(expected),
            "--max-rejected {limit}: {}",
            stderr(&o)
        );
        // Written either way, so the team can look at rejected.csv.
        assert_summary_ledger(&site.out());
        assert_eq!(summary(&site.out())["rejected_rows"], 3);
        if expected == 3 {
            assert!(
                stderr(&o).contains("3 of 43 rows were quarantined, more than --max-rejected allows: see rejected.csv"),
                "{}",
                stderr(&o)
            );
        }
    }
}

#[test]
fn max_rejected_share_compares_with_all_input_rows() {
    // 4 bad of 40 + 4 = 44 rows: 9.09 %.
    let data = with_bad_rows(4);
    assert_eq!(data.rows, 44);
    for (limit, expected) in [("10%", 0), ("9.1%", 0), ("9%", 3), ("0%", 3), ("100%", 0)] {
        let site = Site::new(&data);
        let o = site.run(&["--max-rejected", limit]);
        assert_eq!(
            code(&o),
            Some(expected),
            "--max-rejected {limit}: {}",
            stderr(&o)
        );
        assert!(site.out().join("actions.csv").exists());
    }
    // The exact boundary: 1 of 50 rows is exactly 2 %.
    let mut d = Data::persons(12);
    d.bad_row();
    d.push(
        "alert_decisions",
        "BTS1,730000000000,2021-01-01,public_order,true,withdrawn,",
    );
    assert_eq!(d.rows, 50);
    for (limit, expected) in [("2%", 0), ("1.99%", 3)] {
        let site = Site::new(&d);
        let o = site.run(&["--max-rejected", limit]);
        assert_eq!(
            code(&o),
            Some(expected),
            "--max-rejected {limit}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn max_rejected_rejects_nonsense_as_usage() {
    let site = Site::new(&Data::persons(1));
    for bad in ["ten", "-1", "150%", "%"] {
        let o = site.run(&["--max-rejected", bad]);
        assert_eq!(code(&o), Some(2), "--max-rejected {bad}: {}", stderr(&o));
    }
    assert!(names(&site.runs()).is_empty());
}

// ------------------------------------------------------------ personal data

#[cfg(unix)]
#[test]
fn output_is_private_files_0600_directories_0700() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new(&with_bad_rows(2));
    let o = site.run(&[]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let mut seen = (0, 0);
    let mut stack = vec![site.out()];
    while let Some(dir) = stack.pop() {
        let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", dir.display());
        seen.0 += 1;
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{}", p.display());
                seen.1 += 1;
            }
        }
    }
    // out, drafts/, drafts/<ACTION>/...; the four tables and the drafts.
    assert!(seen.0 >= 3 && seen.1 >= 5, "{seen:?}");
    assert!(site.out().join("drafts").is_dir());
}

#[test]
fn the_log_never_holds_a_v_number_or_a_surname() {
    let mut data = with_bad_rows(3);
    // A quarantined holder row whose surname and V-number are in the
    // offending line itself.
    data.push(
        "rtb_holders",
        "759999999999,Zhadanovska,Iryna,not-a-date,UKR,,ukrainian,granted,2022-04-01,,,,,",
    );
    data.v_numbers.push("759999999999".into());
    data.surnames.push("Zhadanovska".into());
    let site = Site::new(&data);
    for format in ["json", "text"] {
        let _ = fs::remove_dir_all(site.out());
        let o = site.run(&["--log-format", format, "--log-level", "debug"]);
        assert_eq!(code(&o), Some(0), "{}", stderr(&o));
        let log = stderr(&o);
        for v in &data.v_numbers {
            assert!(
                !log.contains(v.as_str()),
                "V-number {v} in the {format} log:\n{log}"
            );
        }
        for s in &data.surnames {
            assert!(
                !log.contains(s.as_str()),
                "surname {s} in the {format} log:\n{log}"
            );
        }
        // The log is not silent: it has the phase events.
        assert!(log.contains("inputs read"), "{log}");
        assert!(log.contains("output published"), "{log}");
    }
}

#[test]
fn json_log_lines_are_objects_with_counts_and_timings() {
    let site = Site::new(&with_bad_rows(1));
    let o = site.run(&["--log-format", "json"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let events: Vec<serde_json::Value> = stderr(&o)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let read = events
        .iter()
        .find(|e| e["message"] == "inputs read")
        .unwrap_or_else(|| panic!("{}", stderr(&o)));
    assert_eq!(read["level"], "INFO");
    assert_eq!(read["rows"], 41);
    assert_eq!(read["rejected"], 1);
    assert!(read["elapsed_ms"].is_u64());
    assert!(read["timestamp"].is_string());
    assert!(events.iter().any(|e| e["message"] == "output published"));
}

#[test]
fn drafts_escape_markup_in_the_input() {
    let mut data = Data::persons(1);
    // A second person whose name and municipality carry markup.
    data.push(
        "rtb_holders",
        "731111111111,<script>alert(1)</script>,<b>Olena</b> & Co,1980-05-01,UKR,,ukrainian,granted,2022-04-01,,,,,\"<img src=x onerror=alert(2)>\"",
    );
    data.push(
        "entry_bans",
        "B-X,731111111111,heavy,2020-01-15,2020-02-01,10,public_order,true,active,,,",
    );
    let site = Site::new(&data);
    let o = site.run(&[]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let mut drafts = Vec::new();
    let mut stack = vec![site.out().join("drafts")];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().contains("731111111111")
                && p.extension().is_some_and(|e| e == "html")
            {
                drafts.push(fs::read_to_string(&p).unwrap());
            }
        }
    }
    assert!(!drafts.is_empty(), "no draft for the person with markup");
    for html in &drafts {
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>Olena"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }
}

// ------------------------------------------------------------------- prune

#[test]
fn prune_keeps_the_newest_runs_and_nothing_else_is_touched() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    for d in [
        "2026-11-24",
        "2026-11-25",
        "2026-11-26",
        "2026-11-27",
        "2026-11-28",
        "inbox",
    ] {
        fs::create_dir(r.join(d)).unwrap();
        fs::write(r.join(d).join("summary.json"), "{}").unwrap();
    }
    fs::create_dir(r.join(".2026-11-20.staging-AbCdEf")).unwrap();
    fs::write(r.join("README"), "x").unwrap();

    let dry = Command::new(BIN)
        .args(["prune", "--keep", "3", "--dry-run", "--root"])
        .arg(r)
        .output()
        .unwrap();
    assert_eq!(code(&dry), Some(0), "{}", stderr(&dry));
    assert_eq!(
        String::from_utf8_lossy(&dry.stdout),
        format!(
            "would remove {0}/2026-11-24\nwould remove {0}/2026-11-25\nkept 3 run(s)\n",
            r.display()
        )
    );
    assert_eq!(names(r).len(), 8);

    let o = Command::new(BIN)
        .args(["prune", "--keep", "3", "--root"])
        .arg(r)
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!(
            "removed {0}/2026-11-24\nremoved {0}/2026-11-25\nremoved {0}/.2026-11-20.staging-AbCdEf (left by a killed run)\nkept 3 run(s)\n",
            r.display()
        )
    );
    assert_eq!(
        names(r),
        ["2026-11-26", "2026-11-27", "2026-11-28", "README", "inbox"]
    );
}

#[test]
fn prune_refuses_keep_0_and_a_missing_root() {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir(root.path().join("2026-11-28")).unwrap();
    let o = Command::new(BIN)
        .args(["prune", "--keep", "0", "--root"])
        .arg(root.path())
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(root.path().join("2026-11-28").exists());
    let o = Command::new(BIN)
        .args(["prune", "--keep", "3", "--root"])
        .arg(root.path().join("missing"))
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot read --root"), "{}", stderr(&o));
}

// ------------------------------------------------------------------ deploy/

#[test]
fn the_deploy_script_runs_the_night_prunes_and_passes_the_exit_status_on() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    with_bad_rows(2).write(&h.join("inbox").join(AS_OF));
    for old in ["2026-11-25", "2026-11-26", "2026-11-27"] {
        fs::create_dir_all(h.join("runs").join(old)).unwrap();
        fs::create_dir_all(h.join("inbox").join(old)).unwrap();
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/rtb-recon-nightly.sh");
    let night = |extra: &[(&str, &str)]| {
        let mut c = Command::new("sh");
        c.arg(&script)
            .env("RTB_RECON_BIN", BIN)
            .env("RTB_RECON_HOME", h)
            .env("RTB_RECON_AS_OF", AS_OF)
            .env("RTB_RECON_KEEP_RUNS", "2")
            .env("RTB_RECON_KEEP_INBOX", "1")
            .env("RTB_RECON_MAX_REJECTED", "10%");
        for (k, v) in extra {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let o = night(&[]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(names(&h.join("runs")), ["2026-11-27", AS_OF]);
    assert_eq!(names(&h.join("inbox")), [AS_OF]);
    assert_summary_ledger(&h.join("runs").join(AS_OF));
    assert!(
        stderr(&o)
            .lines()
            .any(|l| l.starts_with('{') && l.contains("\"inputs read\"")),
        "{}",
        stderr(&o)
    );
    // Tonight again: refused without RTB_RECON_FORCE (exit 2)...
    assert_eq!(code(&night(&[])), Some(2));
    // ...and with it, a stricter limit makes the scheduler alert (exit 3)
    // while the run is still replaced and kept.
    let o = night(&[("RTB_RECON_FORCE", "1"), ("RTB_RECON_MAX_REJECTED", "0")]);
    assert_eq!(code(&o), Some(3), "{}", stderr(&o));
    assert_eq!(names(&h.join("runs")), ["2026-11-27", AS_OF]);
}

// ---------------------------------------------- bad input never crashes it

/// Ways an export can be broken, each applied to one export at a time.
#[derive(Debug, Clone)]
enum Damage {
    /// Arbitrary bytes instead of the file.
    Bytes(Vec<u8>),
    /// The good file cut off at a position (per mille of its length).
    Truncated(u16),
    /// The good file re-encoded as UTF-16 LE with a byte-order mark.
    Utf16,
    /// Latin-1 (é, ü, ø as single bytes) in a row.
    Latin1,
    /// One cell of `len` characters.
    HugeField(usize),
    /// Rows with too few or too many cells.
    Ragged(Vec<u8>),
    /// A quote opened in a row and never closed.
    OpenQuote(u8),
    /// Arbitrary bytes appended as extra rows after a good file.
    Garbage(Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400).prop_map(Damage::Bytes),
        (0u16..1000).prop_map(Damage::Truncated),
        Just(Damage::Utf16),
        Just(Damage::Latin1),
        (1000usize..200_000).prop_map(Damage::HugeField),
        proptest::collection::vec(0u8..30, 1..6).prop_map(Damage::Ragged),
        (0u8..12).prop_map(Damage::OpenQuote),
        proptest::collection::vec(any::<u8>(), 1..400).prop_map(Damage::Garbage),
    ]
}

/// The text of `export` in `data`, damaged.
fn damaged(data: &Data, export: &str, d: &Damage) -> Vec<u8> {
    let good = &data.files.iter().find(|(n, _)| *n == export).unwrap().1;
    let header = good.lines().next().unwrap();
    let first_row = good.lines().nth(1).unwrap_or("");
    match d {
        Damage::Bytes(b) => b.clone(),
        Damage::Truncated(per_mille) => {
            let cut = good.len() * usize::from(*per_mille) / 1000;
            good.as_bytes()[..cut].to_vec()
        }
        Damage::Utf16 => {
            let mut out = vec![0xFF, 0xFE];
            for u in good.encode_utf16() {
                out.extend_from_slice(&u.to_le_bytes());
            }
            out
        }
        Damage::Latin1 => {
            // "Müller Søren José" in ISO-8859-1 in place of the second cell.
            let mut out = good.as_bytes().to_vec();
            for (i, cell) in first_row.split(',').enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                if i == 1 {
                    out.extend_from_slice(b"M\xFCller S\xF8ren Jos\xE9");
                } else {
                    out.extend_from_slice(cell.as_bytes());
                }
            }
            out.push(b'\n');
            out
        }
        Damage::HugeField(len) => {
            let mut out = good.clone();
            out.push_str(&first_row.replacen(',', &format!(",{},", "x".repeat(*len)), 1));
            out.push('\n');
            out.into_bytes()
        }
        Damage::Ragged(widths) => {
            let mut out = format!("{header}\n");
            for w in widths {
                let cells: Vec<String> = (0..*w).map(|i| format!("c{i}")).collect();
                out.push_str(&cells.join(","));
                out.push('\n');
            }
            out.push_str(first_row);
            out.push('\n');
            out.into_bytes()
        }
        Damage::OpenQuote(cell) => {
            let mut cells: Vec<&str> = first_row.split(',').collect();
            let i = usize::from(*cell) % cells.len().max(1);
            let quoted = format!("\"{}", cells.get(i).copied().unwrap_or(""));
            if let Some(c) = cells.get_mut(i) {
                *c = &quoted;
            }
            format!("{good}{}\n{first_row}\n", cells.join(",")).into_bytes()
        }
        Damage::Garbage(b) => {
            let mut out = good.clone().into_bytes();
            out.extend_from_slice(b);
            out
        }
    }
}

/// A small but complete data set (every export has rows) to damage.
fn base_data() -> Data {
    let mut d = Data::persons(3);
    d.bad_row();
    d.push(
        "exclusion_orders",
        "O1,730000000000,2021-03-01,public_order,true,active,,SIS-O1",
    );
    d.push(
        "applications",
        "A1,730000007919,regular,2025-01-10,,pending,,,,,,",
    );
    d.push(
        "alert_decisions",
        "BTS1,730000015838,2021-01-01,public_order,true,withdrawn,",
    );
    d
}

fn records(inputs: &Inputs, e: Export) -> u64 {
    (match e {
        Export::RtbHolders => inputs.rtb_holders.len(),
        Export::EntryBans => inputs.entry_bans.len(),
        Export::ExclusionOrders => inputs.exclusion_orders.len(),
        Export::ReturnDecisions => inputs.return_decisions.len(),
        Export::SisHits => inputs.sis_hits.len(),
        Export::Applications => inputs.applications.len(),
        Export::AlertDecisions => inputs.alert_decisions.len(),
    }) as u64
}

struct NoProgress;

impl ingest::Progress for NoProgress {
    fn start(&self, _: Export, _: u64) {}
    fn advance(&self, _: Export, _: u64) {}
    fn finish(&self, _: Export) {}
}

/// The in-process checks: ingestion accounts for every row, and the whole
/// run ends as 0/3 with a sound summary or as a contract error (1).
fn check_damaged(export: &'static str, d: &Damage) -> Result<(), TestCaseError> {
    let data = base_data();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    data.write(&input);
    fs::write(
        input.join(format!("{export}.csv")),
        damaged(&data, export, d),
    )
    .unwrap();

    if let Ok(inputs) = ingest::load(&input, &NoProgress) {
        prop_assert_eq!(inputs.files.len(), 7);
        for f in &inputs.files {
            prop_assert_eq!(f.rows, f.accepted + f.rejected, "{}", f.file_name);
            prop_assert_eq!(f.accepted, records(&inputs, f.export), "{}", f.file_name);
            let quarantined = inputs
                .rejected
                .iter()
                .filter(|r| r.file == f.export)
                .count();
            prop_assert_eq!(f.rejected, quarantined as u64, "{}", f.file_name);
        }
    }

    let out = dir.path().join("runs").join(AS_OF);
    let config = RunConfig {
        input,
        out: out.clone(),
        params: Params {
            as_of: AS_OF.parse().unwrap(),
            rtb_valid_until: "2027-03-04".parse().unwrap(),
            ukraine_return_possible: false,
        },
        force: false,
        max_rejected: Some(MaxRejected::Count(1_000_000)),
        threads: Some(1),
        templates: None,
        horizon_days: 90,
        previous: None,
        verdicts: None,
        drift: DriftPolicy::default(),
        parquet_output: false,
        write_drafts: true,
    };
    match rtb_recon::commands::run::run(&config) {
        Ok(exit) => {
            prop_assert!(
                matches!(exit, Exit::Ok | Exit::TooManyRejected),
                "{:?}",
                exit
            );
            assert_summary_ledger(&out);
        }
        Err(e) => {
            prop_assert_eq!(e.exit(), Exit::Failed, "{}", e);
            prop_assert!(!out.exists());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 32,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn damaged_rtb_holders_never_crash(d in damage()) { check_damaged("rtb_holders", &d)?; }
    #[test]
    fn damaged_entry_bans_never_crash(d in damage()) { check_damaged("entry_bans", &d)?; }
    #[test]
    fn damaged_exclusion_orders_never_crash(d in damage()) { check_damaged("exclusion_orders", &d)?; }
    #[test]
    fn damaged_return_decisions_never_crash(d in damage()) { check_damaged("return_decisions", &d)?; }
    #[test]
    fn damaged_sis_hits_never_crash(d in damage()) { check_damaged("sis_hits", &d)?; }
    #[test]
    fn damaged_applications_never_crash(d in damage()) { check_damaged("applications", &d)?; }
    #[test]
    fn damaged_alert_decisions_never_crash(d in damage()) { check_damaged("alert_decisions", &d)?; }
}

/// The same damage through the real binary, a few fixed cases per export:
/// exit 0 or 1 (never 101, a panic), and a sound summary when it wrote one.
#[test]
fn the_binary_survives_damaged_exports() {
    let data = base_data();
    let cases = [
        Damage::Bytes(b"\xFF\xFE\x00garbage\x00\n\x01,\x02".to_vec()),
        Damage::Truncated(500),
        Damage::Utf16,
        Damage::Latin1,
        Damage::HugeField(1_000_000),
        Damage::Ragged(vec![0, 1, 40]),
        Damage::OpenQuote(1),
    ];
    for (export, _) in *HEADERS {
        for d in &cases {
            let site = Site::new(&data);
            fs::write(
                site.input().join(format!("{export}.csv")),
                damaged(&data, export, d),
            )
            .unwrap();
            let o = site.run(&[]);
            match code(&o) {
                Some(0) => assert_summary_ledger(&site.out()),
                Some(1) => assert!(names(&site.runs()).is_empty(), "{export} {d:?}"),
                other => panic!("{export} {d:?}: exit {other:?}\n{}", stderr(&o)),
            }
            assert!(
                !stderr(&o).contains("panicked"),
                "{export} {d:?}: {}",
                stderr(&o)
            );
        }
    }
}
