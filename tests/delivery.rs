//! Whole-delivery checks (issue 14), through the binary: the exporter's
//! manifest (a mismatch is exit 1, nothing written), drift against the
//! previous run (exit 5, nothing published, unless `--accept-drift`), and
//! the nightly script that finds the previous run itself.
//!
//! Every delivery here is `persons` people, each with a live heavy entry ban
//! and a pending regular application: two actions each (R08, R24), so a
//! cut-short `applications` export turns into resolved actions, as it would
//! at night.

use crate::support::{EXPORTS, Outcome, Test, path, tree};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

fn v_number(i: usize) -> String {
    format!("{}", 731_000_000_000u64 + i as u64 * 7_919)
}

fn header(export: &str) -> &'static str {
    EXPORTS
        .iter()
        .find(|(name, _)| *name == export)
        .map(|(_, h)| *h)
        .unwrap_or_else(|| panic!("no export {export}"))
}

fn entry_bans(persons: usize) -> String {
    let mut text = format!("{}\n", header("entry_bans"));
    for i in 0..persons {
        text.push_str(&format!(
            "B{i},{},heavy,2020-01-15,2020-02-01,10,public_order,true,active,,,\n",
            v_number(i)
        ));
    }
    text
}

fn applications(persons: usize) -> String {
    let mut text = format!("{}\n", header("applications"));
    for i in 0..persons {
        text.push_str(&format!(
            "A{i},{},regular,2025-01-01,,pending,,,,,,\n",
            v_number(i)
        ));
    }
    text
}

/// A delivery of `persons` people whose applications export has `apps` rows.
fn delivery(persons: usize, apps: usize) -> Test {
    Test::new()
        .file("entry_bans.csv", &entry_bans(persons))
        .file("applications.csv", &applications(apps))
}

/// The same delivery written into `dir` (for the nightly script's inbox).
fn write_delivery(dir: &Path, persons: usize, apps: usize) {
    fs::create_dir_all(dir).unwrap();
    for (name, h) in *EXPORTS {
        fs::write(dir.join(format!("{name}.csv")), format!("{h}\n")).unwrap();
    }
    fs::write(dir.join("entry_bans.csv"), entry_bans(persons)).unwrap();
    fs::write(dir.join("applications.csv"), applications(apps)).unwrap();
}

/// Last night's run of a full delivery of 100 persons, and tonight's input
/// with `apps` applications.
fn after_a_full_night(apps: usize) -> (Test, String) {
    let t = delivery(100, 100);
    let last_night = t.run_into("last-night", &["--as-of", "2026-11-27"]);
    last_night.status(0);
    let prev = path(&last_night.out);
    (t.file("applications.csv", &applications(apps)), prev)
}

fn no_personal_data_in(o: &Outcome) {
    for i in 0..100 {
        assert!(
            !o.stderr.contains(&v_number(i)),
            "a V-number in the log:\n{}",
            o.stderr
        );
    }
}

#[test]
fn a_truncated_export_after_a_full_night_exits_5_and_publishes_nothing() {
    let (t, prev) = after_a_full_night(100);
    // Cut off mid-row, as a dying export leaves it: the partial last row is
    // quarantined, every other row is valid.
    let full = applications(100);
    let cut = &full[..full.len() * 3 / 5];
    let rows = cut.lines().count() - 1;
    let t = t.file("applications.csv", cut);
    let o = t.run(&["--previous", &prev]);
    o.status(5).stderr_has(&format!(
        "the delivery differs too much from the previous run in {prev} (--max-shrink 10%), nothing was written: \
         applications.csv has {rows} data rows where the previous run read 100"
    ));
    o.stderr_has("run again with --accept-drift");
    o.wrote_nothing();
    no_personal_data_in(&o);

    // Over a run already published for tonight (--force), that run stays.
    let t = t.file("applications.csv", &applications(100));
    t.run(&["--previous", &prev]).status(0);
    let before = tree(&t.out());
    let t = t.file("applications.csv", cut);
    t.run(&["--previous", &prev, "--force"]).status(5);
    assert_eq!(tree(&t.out()), before);
}

#[test]
fn a_header_only_export_after_a_full_one_exits_5_whatever_max_shrink_says() {
    let (t, prev) = after_a_full_night(0);
    let o = t.run(&["--previous", &prev, "--max-shrink", "100%"]);
    o.status(5)
        .stderr_has("applications.csv has only its header where the previous run read 100 rows");
    o.wrote_nothing();
}

#[test]
fn a_shrink_at_the_threshold_publishes_and_one_row_more_exits_5() {
    // 100 → 90 is exactly 10%: published, with changes.csv.
    let (t, prev) = after_a_full_night(90);
    let o = t.run(&["--previous", &prev]);
    o.status(0);
    assert_eq!(
        o.csv("changes.csv")
            .iter()
            .filter(|r| r["status"] == "resolved")
            .count(),
        20,
        "R24 on each of the ten missing applications, and R08 on its person's ban"
    );
    let delivery = &o.summary()["delivery"];
    assert_eq!(delivery["compared_with_previous"], true);
    assert_eq!(delivery["drift"], serde_json::json!([]));

    // 100 → 89 is 11%: nothing published.
    let t = t.file("applications.csv", &applications(89));
    let o = t.run_into("beyond", &["--previous", &prev]);
    o.status(5).stderr_has(
        "applications.csv has 89 data rows where the previous run read 100 (11% fewer)",
    );
    o.wrote_nothing();
    // A limit of 11% lets it through, at its boundary again.
    t.run_into("beyond", &["--previous", &prev, "--max-shrink", "11%"])
        .status(0);
}

#[test]
fn accept_drift_publishes_and_summary_json_records_the_figures() {
    let (t, prev) = after_a_full_night(60);
    let o = t.run(&[
        "--previous",
        &prev,
        "--accept-drift",
        "--log-format",
        "json",
    ]);
    o.status(0);
    assert_eq!(
        o.summary()["delivery"],
        serde_json::json!({
            "manifest": null,
            "compared_with_previous": true,
            "max_shrink": "10%",
            "expect_change": false,
            "drift": [{
                "kind": "shrunk",
                "export": "applications",
                "file": "applications.csv",
                "rows": 60,
                "previous_rows": 100
            }],
            "drift_accepted": true
        })
    );
    let warning = o
        .stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|e| e["level"] == "WARN")
        .unwrap_or_else(|| panic!("no warning:\n{}", o.stderr));
    assert_eq!(warning["export"], "applications");
    assert_eq!(warning["rows"], 60);
    assert_eq!(warning["previous_rows"], 100);
    assert_eq!(warning["accepted"], true);
    no_personal_data_in(&o);
    // The analysts see it first thing in the report, in their words.
    let report = o.read("report.html");
    assert!(
        report.contains("Let op: deze levering week te veel af van de vorige run")
            && report.contains(
                "<li>applications.csv heeft 60 rijen, de vorige run las er 100 (40% minder)</li>"
            ),
        "no accepted drift in the report"
    );
    // The missing applications' actions (R24, and R08 on the ban) are
    // resolved, as accepted.
    assert_eq!(
        o.csv("changes.csv")
            .iter()
            .filter(|r| r["status"] == "resolved")
            .count(),
        80
    );
}

#[test]
fn expect_change_refuses_last_nights_files_again() {
    let (t, prev) = after_a_full_night(100);
    t.run_into("quiet", &["--previous", &prev]).status(0);
    let o = t.run(&["--previous", &prev, "--expect-change"]);
    o.status(5).stderr_has(
        "every export is byte-identical to the previous run's (the same SHA-256), and --expect-change says a delivery changes every night",
    );
    o.wrote_nothing();
    // One changed export is a new delivery.
    t.file("applications.csv", &applications(99))
        .run(&["--previous", &prev, "--expect-change"])
        .status(0);
}

#[test]
fn max_shrink_that_is_not_a_percentage_is_a_usage_error() {
    delivery(1, 1)
        .run(&["--max-shrink", "10"])
        .status(2)
        .stderr_has("--max-shrink '10' is not a percentage between 0% and 100% with at most two decimals (e.g. 10% or 2.5%)")
        .wrote_nothing();
}

// ----------------------------------------------------------------- manifest

fn sha256(file: &Path) -> String {
    format!("{:x}", Sha256::digest(fs::read(file).unwrap()))
}

/// manifest.csv for the files in `t`'s input as they are, claiming
/// `apps` rows for applications.
fn manifest(t: &Test, persons: usize, apps: usize) -> String {
    let mut text = String::from("file;rows;sha256\n");
    for (name, _) in *EXPORTS {
        let rows = match name {
            "entry_bans" => persons,
            "applications" => apps,
            _ => 0,
        };
        let file = format!("{name}.csv");
        let hash = sha256(&t.input().join(&file));
        text.push_str(&format!("{file};{rows};{hash}\n"));
    }
    text
}

#[test]
fn a_manifest_mismatch_exits_1_names_the_file_and_writes_nothing() {
    let t = delivery(100, 100);
    let full = sha256(&t.input().join("applications.csv"));
    let text = manifest(&t, 100, 100);
    let t = t
        .file("manifest.csv", &text)
        .file("applications.csv", &applications(60));
    let now = sha256(&t.input().join("applications.csv"));
    let o = t.run(&[]);
    o.status(1).stderr_has(&format!(
        "the delivery does not match its manifest {}, nothing was written: \
         applications.csv has 60 data rows and SHA-256 {now}, the manifest says 100 rows and {full}; \
         the export is incomplete or was changed after the manifest was written: have it delivered again",
        t.input().join("manifest.csv").display()
    ));
    o.wrote_nothing();
}

#[test]
fn a_matching_manifest_is_recorded_in_summary_json() {
    let t = delivery(100, 100);
    let text = manifest(&t, 100, 100);
    let t = t.file("manifest.csv", &text);
    let o = t.run(&[]);
    o.status(0);
    assert_eq!(o.summary()["delivery"]["manifest"], "manifest.csv");
    assert_eq!(o.summary()["delivery"]["compared_with_previous"], false);
}

/// A Parquet delivery is described by its file names and row counts too.
#[cfg(all(feature = "parquet", feature = "generate"))]
#[test]
fn a_manifest_describes_parquet_exports_by_their_row_count() {
    let t = Test::new();
    for (name, _) in *EXPORTS {
        fs::remove_file(t.input().join(format!("{name}.csv"))).unwrap();
    }
    crate::support::rtb_recon(&[
        "generate",
        "--persons",
        "20",
        "--as-of",
        "2026-11-28",
        "--format",
        "parquet",
        "--out",
        &path(&t.input()),
    ])
    .status(0);
    let first = t.run_into("without", &[]);
    first.status(0);
    let inputs = first.summary()["inputs"].clone();
    let manifest = |extra: u64| {
        let mut text = String::from("file,rows,sha256\n");
        for (name, _) in *EXPORTS {
            let i = &inputs[name];
            let rows = i["rows"].as_u64().unwrap() + u64::from(name == "sis_hits") * extra;
            text.push_str(&format!(
                "{},{rows},{}\n",
                i["file"].as_str().unwrap(),
                i["sha256"].as_str().unwrap()
            ));
        }
        text
    };
    assert_eq!(inputs["sis_hits"]["file"], "sis_hits.parquet");
    let t = t.file("manifest.csv", &manifest(0));
    let o = t.run(&[]);
    o.status(0);
    assert_eq!(o.summary()["delivery"]["manifest"], "manifest.csv");
    let t = t.file("manifest.csv", &manifest(1));
    t.run_into("short", &[])
        .status(1)
        .stderr_has("sis_hits.parquet has ")
        .stderr_has("although the SHA-256 agrees");
}

// ------------------------------------------------------------ the nightly

/// deploy/rtb-recon-nightly.sh for night `date` against `home`.
#[cfg(unix)]
fn night(home: &Path, date: &str, env: &[(&str, &str)]) -> std::process::Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/rtb-recon-nightly.sh");
    let mut c = std::process::Command::new("sh");
    c.arg(script)
        .env("RTB_RECON_BIN", env!("CARGO_BIN_EXE_rtb-recon"))
        .env("RTB_RECON_HOME", home)
        .env("RTB_RECON_AS_OF", date)
        .env_remove("RTB_RECON_FORCE")
        .env_remove("RTB_RECON_ACCEPT_DRIFT")
        .env_remove("RTB_RECON_EXPECT_CHANGE")
        .env_remove("RTB_RECON_MAX_SHRINK");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// The `previous` of the run's "delivery compared" log event, if any.
#[cfg(unix)]
fn compared_with(o: &std::process::Output) -> Option<String> {
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .filter(|l| l.starts_with('{'))
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|e| e["message"] == "delivery compared with the previous run")
        .and_then(|e| e["previous"].as_str().map(str::to_string))
}

#[cfg(unix)]
#[test]
fn the_nightly_script_compares_with_the_newest_earlier_run_and_holds_back_drift() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let runs = h.join("runs");
    let stderr = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();
    write_delivery(&h.join("inbox/2026-11-26"), 100, 100);
    write_delivery(&h.join("inbox/2026-11-27"), 100, 95);
    write_delivery(&h.join("inbox/2026-11-28"), 100, 50);
    // Date-named but never published (no summary.json): not a previous run.
    fs::create_dir_all(runs.join("2026-11-25")).unwrap();

    // The first night has nothing to compare with.
    let o = night(h, "2026-11-26", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(compared_with(&o), None);
    assert!(!runs.join("2026-11-26/changes.csv").exists());

    // The second compares with the first: changes.csv.
    let o = night(h, "2026-11-27", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(compared_with(&o), Some(path(&runs.join("2026-11-26"))));
    let changes = fs::read_to_string(runs.join("2026-11-27/changes.csv")).unwrap();
    // R24 and R08 of each of the five persons whose application is gone.
    assert_eq!(
        changes
            .lines()
            .filter(|l| l.ends_with(",resolved,data,"))
            .count(),
        10
    );

    // A cut-short third night is held back, and the script says so (5).
    let o = night(h, "2026-11-28", &[]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("applications.csv has 50 data rows where the previous run read 95"),
        "{}",
        stderr(&o)
    );
    assert!(!runs.join("2026-11-28").exists());
    let mut left: Vec<String> = fs::read_dir(&runs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".lock"))
        .collect();
    left.sort();
    assert_eq!(left, ["2026-11-25", "2026-11-26", "2026-11-27"]);

    // After a person has checked it, the night is run again and published.
    let o = night(h, "2026-11-28", &[("RTB_RECON_ACCEPT_DRIFT", "1")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(compared_with(&o), Some(path(&runs.join("2026-11-27"))));
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(runs.join("2026-11-28/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["delivery"]["drift_accepted"], true);
    assert_eq!(summary["delivery"]["drift"][0]["previous_rows"], 95);

    // Re-running an earlier night compares with the night before it, not
    // with itself or a later one; a looser limit lets a shrink through.
    let o = night(
        h,
        "2026-11-27",
        &[("RTB_RECON_FORCE", "1"), ("RTB_RECON_MAX_SHRINK", "5%")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(compared_with(&o), Some(path(&runs.join("2026-11-26"))));
    let o = night(
        h,
        "2026-11-27",
        &[("RTB_RECON_FORCE", "1"), ("RTB_RECON_MAX_SHRINK", "4.99%")],
    );
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(
        runs.join("2026-11-27/summary.json").is_file(),
        "the published run stays"
    );
}

/// The first action of a published run's actions.csv, as a verdicts row.
#[cfg(unix)]
fn a_verdict_on_the_first_action_of(run: &Path, verdict: &str) -> String {
    let text = fs::read_to_string(run.join("actions.csv")).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let first = r.records().next().expect("an action").unwrap();
    format!(
        "v_number,action,subject_id,verdict,until,note,by\n{},{},{},{verdict},,,analist\n",
        &first[0], &first[1], &first[3]
    )
}

#[cfg(unix)]
#[test]
fn the_nightly_script_reads_the_verdicts_file_once_and_carries_it_with_previous() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let runs = h.join("runs");
    let stderr = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();
    let in_force = |night: &str| {
        let text = fs::read_to_string(runs.join(night).join("verdicts.csv")).unwrap();
        text.lines().count() - 1
    };
    write_delivery(&h.join("inbox/2026-11-26"), 100, 100);
    write_delivery(&h.join("inbox/2026-11-27"), 100, 100);
    write_delivery(&h.join("inbox/2026-11-28"), 100, 50);
    write_delivery(&h.join("inbox/2026-11-29"), 100, 50);

    let o = night(h, "2026-11-26", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(in_force("2026-11-26"), 0);

    // An analyst saves a verdict where the script looks for it.
    let verdicts = h.join("verdicts");
    fs::create_dir_all(&verdicts).unwrap();
    fs::write(
        verdicts.join("afhandeling.csv"),
        a_verdict_on_the_first_action_of(&runs.join("2026-11-26"), "afgehandeld"),
    )
    .unwrap();
    let o = night(h, "2026-11-27", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(in_force("2026-11-27"), 1);
    assert!(!verdicts.join("afhandeling.csv").exists(), "read once");
    assert!(
        verdicts
            .join("verwerkt/2026-11-27-afhandeling.csv")
            .is_file()
    );

    // A night that publishes nothing (drift) leaves a new file for the next.
    fs::write(
        verdicts.join("afhandeling.csv"),
        a_verdict_on_the_first_action_of(&runs.join("2026-11-27"), "niet_van_toepassing"),
    )
    .unwrap();
    let o = night(h, "2026-11-28", &[]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(
        verdicts.join("afhandeling.csv").is_file(),
        "kept for the next run"
    );

    // Checked and run again: published, with the replaced verdict.
    let o = night(h, "2026-11-28", &[("RTB_RECON_ACCEPT_DRIFT", "1")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!verdicts.join("afhandeling.csv").exists());
    let text = fs::read_to_string(runs.join("2026-11-28/verdicts.csv")).unwrap();
    assert!(
        text.lines()
            .nth(1)
            .unwrap_or_default()
            .contains(",niet_van_toepassing,"),
        "{text}"
    );

    // Without a file, the next night carries it with --previous alone.
    let o = night(h, "2026-11-29", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(in_force("2026-11-29"), 1);
}
