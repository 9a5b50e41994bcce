//! summary.json (SPEC §5): the ledger that accounts for every input row, the
//! action counts, and what is needed to reproduce the run (tool and rules
//! version, parameters, SHA-256 of every input file), and what was checked
//! of the delivery as a whole (its manifest, drift against the previous run).

use crate::compare::drift::Drift;
use crate::config::{DriftPolicy, Params};
use crate::ingest::{FileStats, Format};
use crate::rules::{self, Group};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct Summary {
    pub as_of: String,
    pub rtb_valid_until: String,
    pub tool: Tool,
    pub rules_version: &'static str,
    /// How fingerprints.csv was computed, for the next run's `--previous`.
    pub fingerprint_scheme: u64,
    pub parameters: Parameters,
    pub inputs: BTreeMap<&'static str, InputLedger>,
    pub persons: u64,
    pub persons_on_hold: u64,
    pub actions_total: u64,
    /// Every action code of the rule table, also those that did not fire.
    pub actions: BTreeMap<&'static str, u64>,
    pub actions_by_rule: BTreeMap<&'static str, u64>,
    pub actions_by_group: BTreeMap<&'static str, u64>,
    pub drafts: u64,
    pub rejected_rows: u64,
    pub findings: u64,
    pub delivery: Delivery,
    pub verdicts: VerdictSummary,
}

/// The analysts' verdicts (issue 12): where they came from, and the actions
/// that are open work against those with a verdict in force, per group.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VerdictSummary {
    /// The `--verdicts` file's name, if one was given.
    pub file: Option<String>,
    /// Its rows that said something, and how many of them were quarantined.
    pub file_rows: u64,
    pub file_rejected: u64,
    /// In force after the previous run (`--previous`).
    pub carried: u64,
    /// In force after this run (verdicts.csv).
    pub in_force: u64,
    /// Listed in verdicts_not_applied.csv.
    pub not_applied: u64,
    pub actions_open: u64,
    pub actions_with_verdict: u64,
    pub open_by_group: BTreeMap<&'static str, u64>,
    pub with_verdict_by_group: BTreeMap<&'static str, u64>,
}

/// The checks of the delivery as a whole (issue 14).
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// The exporter's control totals every export matched
    /// (`manifest.csv` or `manifest.json`), if it sent them.
    pub manifest: Option<String>,
    /// Whether the delivery was compared with an earlier run (`--previous`).
    pub compared_with_previous: bool,
    /// `--max-shrink`, as a percentage.
    pub max_shrink: String,
    pub expect_change: bool,
    /// How the delivery differed too much from the previous run's; a run
    /// with drift is published only with `--accept-drift`.
    pub drift: Vec<Drift>,
    /// A person accepted the drift above (`--accept-drift`).
    pub drift_accepted: bool,
}

impl Delivery {
    /// `drift` is `None` when there was no previous run to compare with.
    pub fn new(manifest: Option<&str>, policy: &DriftPolicy, drift: Option<Vec<Drift>>) -> Self {
        let drift_accepted = drift.as_ref().is_some_and(|d| !d.is_empty());
        Delivery {
            manifest: manifest.map(str::to_owned),
            compared_with_previous: drift.is_some(),
            max_shrink: policy.max_shrink.to_string(),
            expect_change: policy.expect_change,
            drift: drift.unwrap_or_default(),
            drift_accepted,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Parameters {
    pub as_of: String,
    pub rtb_valid_until: String,
    pub ukraine_return_possible: bool,
    pub tcn_temporary_end: String,
    pub prior_consultation_days: u64,
    pub posterior_consultation_days: u64,
}

#[derive(Debug, Serialize)]
pub struct InputLedger {
    pub file: String,
    pub format: &'static str,
    pub bytes: u64,
    pub sha256: String,
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub unknown_columns: Vec<String>,
}

impl From<&FileStats> for InputLedger {
    fn from(f: &FileStats) -> Self {
        InputLedger {
            file: f.file_name.clone(),
            format: match f.format {
                Format::Csv => "csv",
                Format::Parquet => "parquet",
            },
            bytes: f.bytes,
            sha256: f.sha256.clone(),
            rows: f.rows,
            accepted: f.accepted,
            rejected: f.rejected,
            unknown_columns: f.unknown_columns.clone(),
        }
    }
}

/// What the run gathered, for `Summary::new`.
pub struct Counts<'a> {
    pub files: &'a [FileStats],
    pub persons: u64,
    pub persons_on_hold: u64,
    /// The rule of every action, and whether a verdict is in force on it.
    pub fired: &'a mut dyn Iterator<Item = (&'static rules::Rule, bool)>,
    pub drafts: u64,
    pub rejected_rows: u64,
    pub findings: u64,
    pub delivery: Delivery,
    /// Where the verdicts came from; the per-group counts are filled in here.
    pub verdicts: VerdictSummary,
}

impl Summary {
    pub fn new(params: &Params, counts: Counts<'_>) -> Summary {
        let mut actions: BTreeMap<&'static str, u64> =
            rules::catalogue().map(|r| (r.action, 0)).collect();
        let mut by_rule: BTreeMap<&'static str, u64> =
            rules::catalogue().map(|r| (r.id, 0)).collect();
        let mut by_group: BTreeMap<&'static str, u64> =
            Group::ALL.iter().map(|g| (g.name(), 0)).collect();
        let mut verdicts = VerdictSummary {
            open_by_group: by_group.clone(),
            with_verdict_by_group: by_group.clone(),
            ..counts.verdicts
        };
        let mut total = 0;
        for (rule, has_verdict) in counts.fired {
            total += 1;
            *actions.entry(rule.action).or_default() += 1;
            *by_rule.entry(rule.id).or_default() += 1;
            *by_group.entry(rule.group.name()).or_default() += 1;
            let (n, per_group) = if has_verdict {
                (
                    &mut verdicts.actions_with_verdict,
                    &mut verdicts.with_verdict_by_group,
                )
            } else {
                (&mut verdicts.actions_open, &mut verdicts.open_by_group)
            };
            *n += 1;
            *per_group.entry(rule.group.name()).or_default() += 1;
        }
        Summary {
            as_of: params.as_of.to_string(),
            rtb_valid_until: params.rtb_valid_until.to_string(),
            tool: Tool {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
            rules_version: rules::RULES_VERSION,
            fingerprint_scheme: crate::compare::fingerprint::Scheme::CURRENT.number(),
            parameters: Parameters {
                as_of: params.as_of.to_string(),
                rtb_valid_until: params.rtb_valid_until.to_string(),
                ukraine_return_possible: params.ukraine_return_possible,
                tcn_temporary_end: crate::case::TCN_TEMPORARY_END.to_string(),
                prior_consultation_days: rules::PRIOR_CONSULTATION_DAYS,
                posterior_consultation_days: rules::POSTERIOR_CONSULTATION_DAYS,
            },
            inputs: counts
                .files
                .iter()
                .map(|f| (f.export.name(), InputLedger::from(f)))
                .collect(),
            persons: counts.persons,
            persons_on_hold: counts.persons_on_hold,
            actions_total: total,
            actions,
            actions_by_rule: by_rule,
            actions_by_group: by_group,
            drafts: counts.drafts,
            rejected_rows: counts.rejected_rows,
            findings: counts.findings,
            delivery: counts.delivery,
            verdicts,
        }
    }
}
