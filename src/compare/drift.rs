//! Whether tonight's delivery looks like the previous run's (issue 14).
//!
//! Row checks cannot see a bad delivery: when an export dies after its
//! header or arrives cut short, every row that did arrive is valid, and the
//! missing ones turn into resolved actions and new drafts. So with
//! `--previous` each export is compared with what the earlier run read of it
//! (its summary.json ledger), and the run refuses to publish (exit 5) when
//!
//! - an export has fewer data rows than then, by more than `--max-shrink`:
//!   (previous − now) / previous > max (at exactly the limit it goes on);
//! - an export has only its header where the earlier run read rows, whatever
//!   `--max-shrink` says (a failed export, not a quiet night);
//! - with `--expect-change`: every export is byte-identical to then (the
//!   exporter sent last night's files again).
//!
//! Rows are data rows, as ingest counts them (quarantined rows included, the
//! header and blank lines not). With `--accept-drift` a person has looked:
//! the run goes on, logs each finding, and summary.json records them.
//!
//! This module only compares figures; the exporter's own totals (a manifest)
//! are part of the input contract and checked by `ingest`.

use crate::compare::changes::Previous;
use crate::config::{DriftPolicy, Share};
use crate::ingest::FileStats;
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// One way the delivery differs too much from the previous run's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Drift {
    /// Fewer data rows than the previous run read, by more than `--max-shrink`.
    Shrunk {
        export: &'static str,
        file: String,
        rows: u64,
        previous_rows: u64,
    },
    /// Only the header, where the previous run read rows.
    HeaderOnly {
        export: &'static str,
        file: String,
        previous_rows: u64,
    },
    /// Every export byte-identical to the previous run's (`--expect-change`).
    Unchanged,
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Drift::Shrunk {
                file,
                rows,
                previous_rows,
                ..
            } => write!(
                f,
                "{file} has {rows} data rows where the previous run read {previous_rows} ({} fewer)",
                Share::shrink(*rows, *previous_rows)
            ),
            Drift::HeaderOnly {
                file,
                previous_rows,
                ..
            } => write!(
                f,
                "{file} has only its header where the previous run read {previous_rows} rows"
            ),
            Drift::Unchanged => f.write_str(
                "every export is byte-identical to the previous run's (the same SHA-256), and --expect-change says a delivery changes every night",
            ),
        }
    }
}

/// Drift found and not accepted: nothing is published.
#[derive(Debug, thiserror::Error)]
pub struct DriftError {
    pub previous: PathBuf,
    pub max_shrink: Share,
    pub drift: Vec<Drift>,
}

impl fmt::Display for DriftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the delivery differs too much from the previous run in {} (--max-shrink {}), nothing was written: ",
            self.previous.display(),
            self.max_shrink
        )?;
        for (i, d) in self.drift.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{d}")?;
        }
        f.write_str(
            "; check the delivery with its exporter and have it delivered again, or, if it is right as it is, run again with --accept-drift",
        )
    }
}

/// Compares the delivery (`files`, in `Export::ALL` order) with the
/// previous run's ledger; the findings in export order.
pub fn compare(files: &[FileStats], previous: &Previous, policy: &DriftPolicy) -> Vec<Drift> {
    let mut drift = Vec::new();
    let mut unchanged = true;
    for f in files {
        let Some(then) = previous.inputs.get(&f.export) else {
            // Previous::load insists on all seven; nothing to compare with.
            unchanged = false;
            continue;
        };
        unchanged &= then.sha256.eq_ignore_ascii_case(&f.sha256);
        let (export, file) = (f.export.name(), f.file_name.clone());
        if f.rows == 0 && then.rows > 0 {
            drift.push(Drift::HeaderOnly {
                export,
                file,
                previous_rows: then.rows,
            });
        } else if Share::shrink(f.rows, then.rows) > policy.max_shrink {
            drift.push(Drift::Shrunk {
                export,
                file,
                rows: f.rows,
                previous_rows: then.rows,
            });
        }
    }
    if policy.expect_change && unchanged && !files.is_empty() {
        drift.push(Drift::Unchanged);
    }
    drift
}

/// Checks the delivery against the previous run, logs every finding (file
/// names and counts only), and refuses it unless the policy accepts drift.
/// Returns the findings the run goes on with (accepted ones).
pub fn check(
    files: &[FileStats],
    previous: &Previous,
    policy: &DriftPolicy,
) -> Result<Vec<Drift>, DriftError> {
    let drift = compare(files, previous, policy);
    for d in &drift {
        let (export, rows, previous_rows) = match d {
            Drift::Shrunk {
                export,
                rows,
                previous_rows,
                ..
            } => (*export, *rows, *previous_rows),
            Drift::HeaderOnly {
                export,
                previous_rows,
                ..
            } => (*export, 0, *previous_rows),
            Drift::Unchanged => ("", 0, 0),
        };
        tracing::warn!(
            export,
            rows,
            previous_rows,
            accepted = policy.accept,
            "delivery drift: {d}"
        );
    }
    tracing::info!(
        previous = %previous.dir.display(),
        drift = drift.len(),
        "delivery compared with the previous run"
    );
    if drift.is_empty() || policy.accept {
        Ok(drift)
    } else {
        Err(DriftError {
            previous: previous.dir.clone(),
            max_shrink: policy.max_shrink,
            drift,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::changes::PreviousInput;
    use crate::ingest::Format;
    use crate::model::Export;

    fn stats(export: Export, rows: u64, sha256: &str) -> FileStats {
        FileStats {
            export,
            file_name: format!("{export}.csv"),
            format: Format::Csv,
            bytes: 100,
            sha256: sha256.to_string(),
            rows,
            accepted: rows,
            rejected: 0,
            unknown_columns: Vec::new(),
        }
    }

    /// A previous run that read `rows` of every export, each hashed `sha`.
    fn previous(rows: u64, sha: &str) -> Previous {
        Previous {
            dir: PathBuf::from("runs/2026-11-27"),
            params: crate::testkit::params("2026-11-27", "2027-03-04"),
            rules_version: String::new(),
            actions: Vec::new(),
            fingerprints: Default::default(),
            scheme: crate::compare::fingerprint::Scheme::CURRENT,
            inputs: Export::ALL
                .into_iter()
                .map(|e| {
                    let then = PreviousInput {
                        file: format!("{e}.csv"),
                        rows,
                        sha256: sha.to_string(),
                    };
                    (e, then)
                })
                .collect(),
            verdicts: Vec::new(),
        }
    }

    fn tonight(rows: impl Fn(Export) -> u64, sha: &str) -> Vec<FileStats> {
        Export::ALL
            .into_iter()
            .map(|e| stats(e, rows(e), sha))
            .collect()
    }

    const POLICY: DriftPolicy = DriftPolicy {
        max_shrink: Share::TEN_PERCENT,
        expect_change: false,
        accept: false,
    };

    #[test]
    fn a_shrink_at_the_limit_passes_and_one_row_more_is_drift() {
        let prev = previous(100, "a");
        let at_limit = tonight(|e| if e == Export::Applications { 90 } else { 100 }, "b");
        assert_eq!(compare(&at_limit, &prev, &POLICY), []);
        let beyond = tonight(|e| if e == Export::Applications { 89 } else { 100 }, "b");
        assert_eq!(
            compare(&beyond, &prev, &POLICY),
            [Drift::Shrunk {
                export: "applications",
                file: "applications.csv".into(),
                rows: 89,
                previous_rows: 100
            }]
        );
        // Growth is never drift.
        assert_eq!(compare(&tonight(|_| 1_000, "b"), &prev, &POLICY), []);
    }

    #[test]
    fn header_only_after_rows_is_drift_whatever_the_limit() {
        let prev = previous(3, "a");
        let all = DriftPolicy {
            max_shrink: Share::parse_percent("--max-shrink", "100%").unwrap(),
            ..POLICY
        };
        let empty = tonight(|e| if e == Export::SisHits { 0 } else { 3 }, "b");
        assert_eq!(
            compare(&empty, &prev, &all),
            [Drift::HeaderOnly {
                export: "sis_hits",
                file: "sis_hits.csv".into(),
                previous_rows: 3
            }]
        );
        // Nothing then and nothing now is a quiet export, not drift.
        assert_eq!(
            compare(&tonight(|_| 0, "b"), &previous(0, "a"), &POLICY),
            []
        );
    }

    #[test]
    fn an_identical_delivery_is_drift_only_when_a_change_is_expected() {
        let prev = previous(5, "ABC");
        let same = tonight(|_| 5, "abc");
        assert_eq!(compare(&same, &prev, &POLICY), []);
        let expect = DriftPolicy {
            expect_change: true,
            ..POLICY
        };
        assert_eq!(compare(&same, &prev, &expect), [Drift::Unchanged]);
        let mut one_changed = same.clone();
        one_changed[6].sha256 = "abd".into();
        assert_eq!(compare(&one_changed, &prev, &expect), []);
    }

    #[test]
    fn refused_drift_names_the_files_the_figures_and_what_to_do() {
        let prev = previous(200, "a");
        let files = tonight(
            |e| match e {
                Export::Applications => 150,
                Export::SisHits => 0,
                _ => 200,
            },
            "b",
        );
        let err = check(&files, &prev, &POLICY).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the delivery differs too much from the previous run in runs/2026-11-27 (--max-shrink 10%), nothing was written: \
             sis_hits.csv has only its header where the previous run read 200 rows; \
             applications.csv has 150 data rows where the previous run read 200 (25% fewer); \
             check the delivery with its exporter and have it delivered again, or, if it is right as it is, run again with --accept-drift"
        );
        let accepted = check(
            &files,
            &prev,
            &DriftPolicy {
                accept: true,
                ..POLICY
            },
        )
        .unwrap();
        assert_eq!(accepted.len(), 2);
    }
}
