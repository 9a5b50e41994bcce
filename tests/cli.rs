//! The `run` command through the real binary: contract errors and their exit
//! status, the output directory rules, quarantine, the ledger, determinism.

use crate::support::{Test, path, rtb_recon};
use std::fs;

const HOLDER: &str = "v_number,surname,given_names,birth_date,nationality,category,status,status_date\n\
                      1000001,Kovalenko,Olena,1985-03-01,UKR,ukrainian,granted,2022-04-01\n";

#[test]
fn missing_export_is_a_contract_error_and_writes_nothing() {
    let t = Test::new().without("sis_hits.csv");
    t.run(&[])
        .status(1)
        .stderr_has("required export `sis_hits` is missing")
        .stderr_has("expected sis_hits.csv or sis_hits.parquet")
        .wrote_nothing();
}

#[test]
fn empty_export_is_a_failed_export() {
    let t = Test::new().file("entry_bans.csv", "");
    t.run(&[])
        .status(1)
        .stderr_has("entry_bans.csv is empty (0 bytes)")
        .wrote_nothing();
}

#[test]
fn missing_column_names_file_and_column() {
    let t = Test::new().file(
        "exclusion_orders.csv",
        "ovr_id,v_number,decision_date,ground,final\n",
    );
    t.run(&[])
        .status(1)
        .stderr_has("exclusion_orders.csv: required column `status` is missing")
        .wrote_nothing();
}

#[test]
fn csv_and_parquet_of_one_export_is_a_contract_error() {
    let t = Test::new().file("applications.parquet", "PAR1");
    t.run(&[])
        .status(1)
        .stderr_has("export `applications` is present twice")
        .wrote_nothing();
}

#[test]
fn header_only_files_are_a_valid_empty_run() {
    let t = Test::new();
    let o = t.run(&[]);
    o.status(0);
    assert!(
        o.stdout.is_empty(),
        "run reports on stderr only: {}",
        o.stdout
    );
    assert_eq!(o.read("actions.csv").lines().count(), 1);
    assert_eq!(o.summary()["inputs"]["rtb_holders"]["rows"], 0);
}

#[test]
fn non_empty_out_is_refused_without_force_and_replaced_with_it() {
    let t = Test::new().file("rtb_holders.csv", HOLDER);
    fs::create_dir(t.out()).unwrap();
    fs::write(t.out().join("keep.txt"), "earlier").unwrap();
    t.run(&[])
        .status(2)
        .stderr_has("exists and is not empty")
        .stderr_has("--force");
    assert!(
        t.out().join("keep.txt").exists(),
        "the refused run must not touch --out"
    );

    t.run(&["--force"]).status(0);
    assert!(!t.out().join("keep.txt").exists());
    assert!(t.out().join("actions.csv").exists());
    // No staging directory is left beside --out.
    let names: Vec<String> = fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn usage_errors_exit_2() {
    let t = Test::new();
    t.run(&["--as-of", "28-11-2026"])
        .status(2)
        .stderr_has("is not a date");
    t.run(&["--max-rejected", "lots"])
        .status(2)
        .stderr_has("--max-rejected");
    let o = rtb_recon(&[
        "run",
        "--input",
        "/nonexistent/dir",
        "--out",
        &path(&t.out()),
    ]);
    o.status(2).stderr_has("is not a directory");
}

#[test]
fn bad_rows_are_quarantined_and_the_person_is_held() {
    let t = Test::new().file("rtb_holders.csv", HOLDER).file(
        "entry_bans.csv",
        "ban_id,v_number,severity,decision_date,in_force_date,duration_years,ground,final,status\n\
             B1,1000001,heavy,2021-05-01,31-02-2025,10,public_order,true,active\n\
             B2,1000001,medium,2021-05-01,,,public_order,true,active\n\
             B3,12345,heavy,2021-05-01,,,public_order,true,active\n",
    );
    let o = t.run(&[]);
    o.status(0);
    let rejected = o.csv("rejected.csv");
    let got: Vec<(&str, &str, &str, &str)> = rejected
        .iter()
        .map(|r| {
            (
                r["line"].as_str(),
                r["v_number"].as_str(),
                r["column"].as_str(),
                r["reason"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "2",
                "1000001",
                "in_force_date",
                "in_force_date '31-02-2025' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            ),
            (
                "3",
                "1000001",
                "severity",
                "severity 'medium' is not one of: light, licht, heavy, zwaar"
            ),
            (
                "4",
                "",
                "v_number",
                "v_number '12345' is not a V-number (expected 6 to 12 digits)"
            ),
        ]
    );
    let actions = o.csv("actions.csv");
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0]["action"], "HOLD_INCOMPLETE_DATA");
    let s = o.summary();
    assert_eq!(s["inputs"]["entry_bans"]["rows"], 3);
    assert_eq!(s["inputs"]["entry_bans"]["rejected"], 3);
    assert_eq!(s["inputs"]["entry_bans"]["accepted"], 0);
}

#[test]
fn max_rejected_exits_3_after_writing() {
    let t = Test::new().file(
        "rtb_holders.csv",
        "v_number,surname,given_names,birth_date,nationality,category,status,status_date\n\
         1000001,Kovalenko,Olena,1985-03-01,UKR,ukrainian,granted,2022-04-01\n\
         1000002,Melnyk,Iryna,1990-13-01,UKR,ukrainian,granted,2022-04-01\n",
    );
    t.run(&["--max-rejected", "1"]).status(0);
    t.run(&["--max-rejected", "0", "--force"])
        .status(3)
        .stderr_has("more than --max-rejected allows");
    assert!(
        t.out().join("actions.csv").exists(),
        "exit 3 still writes the run"
    );
    t.run(&["--max-rejected", "50%", "--force"]).status(0);
    t.run(&["--max-rejected", "49.9%", "--force"]).status(3);
}

/// `generate` is listed in every build; a build without the `generate`
/// feature (the production build) refuses it with a usage error that says
/// how to get a build that has it.
#[test]
fn generate_is_listed_and_a_build_without_it_says_how_to_get_it() {
    let help = rtb_recon(&["--help"]);
    help.status(0);
    assert!(help.stdout.contains("generate"), "{}", help.stdout);
    let dir = tempfile::tempdir().unwrap();
    let o = rtb_recon(&[
        "generate",
        "--persons",
        "3",
        "--as-of",
        "2026-11-28",
        "--out",
        &path(&dir.path().join("input")),
    ]);
    if cfg!(feature = "generate") {
        o.status(0);
    } else {
        o.status(2)
            .stderr_has("cargo run --release --features generate -- generate")
            .stderr_has("cargo install --path . --features generate");
    }
}

/// Generates a set, then runs it with 1 and 4 threads and with every file's
/// rows reversed: every output file must be byte-identical.
#[cfg(feature = "generate")]
#[test]
fn output_is_identical_across_threads_and_row_order() {
    use crate::support::tree;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    rtb_recon(&[
        "generate",
        "--persons",
        "800",
        "--seed",
        "7",
        "--as-of",
        "2026-11-28",
        "--out",
        &path(&input),
    ])
    .status(0);
    let shuffled = dir.path().join("shuffled");
    fs::create_dir(&shuffled).unwrap();
    for e in fs::read_dir(&input).unwrap() {
        let p = e.unwrap().path();
        let text = fs::read_to_string(&p).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        let header = lines.remove(0);
        lines.reverse();
        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
        fs::write(
            shuffled.join(p.file_name().unwrap()),
            format!("{header}\n{body}"),
        )
        .unwrap();
    }
    let run = |inp: &std::path::Path, out: &str, threads: &str| {
        let out = dir.path().join(out);
        rtb_recon(&[
            "run",
            "--input",
            &path(inp),
            "--out",
            &path(&out),
            "--as-of",
            "2026-11-28",
            "--threads",
            threads,
        ])
        .status(0);
        out
    };
    let one = tree(&run(&input, "one", "1"));
    let four = tree(&run(&input, "four", "4"));
    assert!(one.len() > 10, "a generated set should produce drafts");
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        four.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &one {
        assert!(
            bytes == &four[name],
            "{name} differs between 1 and 4 threads"
        );
    }
    let reversed = tree(&run(&shuffled, "reversed", "2"));
    assert!(
        one["actions.csv"] == reversed["actions.csv"],
        "actions.csv depends on row order"
    );
}

#[cfg(feature = "generate")]
#[test]
fn ledger_and_hit_invariants_hold_on_a_generated_set() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    rtb_recon(&[
        "generate",
        "--persons",
        "600",
        "--seed",
        "11",
        "--bad-rows",
        "0.03",
        "--as-of",
        "2026-11-28",
        "--out",
        &path(&input),
    ])
    .status(0);
    let t = Test { dir };
    // Move the generated set to where Test expects it.
    let o = t.run(&[]);
    o.status(0);
    let s = o.summary();
    for (name, _) in *crate::support::EXPORTS {
        let f = &s["inputs"][name];
        assert_eq!(
            f["rows"].as_u64(),
            Some(f["accepted"].as_u64().unwrap() + f["rejected"].as_u64().unwrap()),
            "{name}"
        );
    }
    assert!(
        s["rejected_rows"].as_u64().unwrap() > 0,
        "bad rows were requested"
    );
    let accepted_hits = s["inputs"]["sis_hits"]["accepted"].as_u64().unwrap();
    let hit_actions = o
        .csv("actions.csv")
        .iter()
        .filter(|a| a["subject_type"] == "sis_hit")
        .count() as u64;
    assert_eq!(hit_actions, accepted_hits);
    let mut per_hit = std::collections::BTreeMap::new();
    for a in o
        .csv("actions.csv")
        .iter()
        .filter(|a| a["subject_type"] == "sis_hit")
    {
        *per_hit.entry(a["subject_id"].clone()).or_insert(0) += 1;
    }
    assert!(
        per_hit.values().all(|n| *n == 1),
        "a hit with more than one HIT action"
    );
}

#[test]
fn impact_lists_what_ending_protection_early_changes() {
    let t = Test::new().file("rtb_holders.csv", HOLDER).file(
        "return_decisions.csv",
        "tkb_id,v_number,decision_date,final,status,suspension_reason,suspended_until\n\
             T1,1000001,2021-05-01,true,suspended,temporary_protection,2027-03-04\n",
    );
    let out = t.dir.path().join("impact");
    let o = rtb_recon(&[
        "impact",
        "--input",
        &path(&t.input()),
        "--out",
        &path(&out),
        "--baseline-as-of",
        "2026-11-28",
        "--rtb-valid-until",
        "2026-03-04",
    ]);
    o.status(0);
    let csv = fs::read_to_string(out.join("impact.csv")).unwrap();
    assert_eq!(
        csv,
        "v_number,subject_type,subject_id,change,action_before,action_after,rule_before,rule_after,sis_effect_after\n\
         1000001,return_decision,T1,nieuw,,RESUME_TKB,,R13,resume\n"
    );
    let html = fs::read_to_string(out.join("impact.html")).unwrap();
    assert!(html.contains("Terugkeerbesluit wordt hervat (R13)"));
    assert!(html.contains("Kovalenko"));
    // Same parameters on both sides is a usage error, not an empty report.
    let same = rtb_recon(&[
        "impact",
        "--input",
        &path(&t.input()),
        "--out",
        &path(&t.dir.path().join("x")),
    ]);
    same.status(2)
        .stderr_has("the scenario equals the baseline");
}
