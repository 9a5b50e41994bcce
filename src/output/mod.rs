//! The output contract (SPEC §5): actions.csv, rejected.csv, findings.csv,
//! summary.json and the decision drafts, written into a staging directory
//! beside `--out` and moved into place only when complete.
//!
//! Outputs know nothing of parsing or rules: they receive the evaluated run
//! and lay it out. Every file is a pure function of its inputs (no wall-clock
//! time), so two runs on the same data are byte-identical.

pub mod actions;
pub mod changes;
pub mod drafts;
pub mod impact_report;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod records;
pub mod report;
pub mod staging;
pub mod summary;
pub mod tables;
pub mod xlsx;
