//! The committed `reports/latest` is the output of the README's run command
//! on `data-samples/`; this fails when either has moved on without the other.

use crate::support::{path, rtb_recon, tree};
use std::path::Path;

pub const README_COMMAND: &str = "cargo run --release -- run --input data-samples --out reports/latest --as-of 2026-11-28 --verdicts data-samples/verdicts.csv --force";

#[test]
fn committed_report_matches_a_fresh_run_on_data_samples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("latest");
    rtb_recon(&[
        "run",
        "--input",
        &path(&root.join("data-samples")),
        "--out",
        &path(&out),
        "--as-of",
        "2026-11-28",
        "--verdicts",
        &path(&root.join("data-samples/verdicts.csv")),
    ])
    .status(0);
    let fresh = tree(&out);
    let committed = tree(&root.join("reports/latest"));
    let stale: Vec<&String> = fresh
        .keys()
        .chain(committed.keys())
        .filter(|k| fresh.get(*k) != committed.get(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "reports/latest is stale ({} files differ, e.g. {:?}); regenerate it with:\n  {README_COMMAND}",
        stale.len(),
        stale.iter().take(5).collect::<Vec<_>>()
    );
}

/// The README's command is the one this test runs, word for word.
#[test]
fn the_readme_runs_the_samples_with_their_verdicts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains(README_COMMAND),
        "README.md: {README_COMMAND}"
    );
    // What data-samples/README.md promises about the sample verdicts.
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("reports/latest/summary.json")).unwrap(),
    )
    .unwrap();
    let v = &summary["verdicts"];
    assert_eq!(
        (
            v["in_force"].as_u64(),
            v["not_applied"].as_u64(),
            v["file_rejected"].as_u64()
        ),
        (Some(3), Some(1), Some(1))
    );
}

#[test]
fn every_rule_fires_on_data_samples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("reports/latest/summary.json")).unwrap(),
    )
    .unwrap();
    let silent: Vec<&String> = summary["actions_by_rule"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, n)| n.as_u64() == Some(0))
        .map(|(id, _)| id)
        .collect();
    assert!(
        silent.is_empty(),
        "rules that never fire on data-samples: {silent:?}"
    );
}

/// Every draft in `reports/latest` comes as HTML and Word with the same text,
/// with its checklist beside it, and the letter carries nothing internal.
#[test]
fn every_committed_draft_has_a_word_twin_and_a_checklist() {
    use rtb_recon::output::drafts::{docx, html};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/latest/drafts");
    let mut drafts = 0;
    for action in std::fs::read_dir(&root).unwrap() {
        let action = action.unwrap().path();
        for file in std::fs::read_dir(&action).unwrap() {
            let file = file.unwrap().path();
            let Some(stem) = file.to_str().and_then(|f| f.strip_suffix(".html")) else {
                continue;
            };
            drafts += 1;
            let letter = std::fs::read_to_string(&file).unwrap();
            let word = std::fs::read(format!("{stem}.docx")).unwrap();
            let checklist = std::fs::read_to_string(format!("{stem}.controle.txt")).unwrap();
            let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            let text = html::text(&html::parse(&letter));
            assert_eq!(words(&docx::text(&word).unwrap()), words(&text), "{stem}");
            let code = action.file_name().unwrap().to_str().unwrap();
            assert!(!text.contains(code), "{code} in the letter {stem}");
            assert!(!text.contains("WI hfst"), "{stem}");
            assert!(checklist.contains(&format!("({code})")), "{stem}");
        }
    }
    assert_eq!(drafts, 15);
}
