//! The writers of the output contract (SPEC §5) and of what analysts read:
//! actions.csv, rejected.csv, findings.csv, upcoming.csv, summary.json, the
//! decision drafts, report.html, actions.xlsx, Parquet, impact.html, the
//! rule catalogue and `explain`'s view.
//!
//! Outputs lay out what they are given (an evaluated batch, comparisons,
//! view types); they decide nothing, know nothing of commands, and never
//! touch the staging directory themselves. Every file is a pure function of
//! its inputs (no wall-clock time), so two runs on the same data are
//! byte-identical.

pub mod actions;
pub mod catalogue;
pub mod drafts;
pub mod explain;
pub mod impact_report;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod report;
pub mod summary;
pub mod tables;
pub mod xlsx;
