//! rejected.csv (SPEC §5, every quarantined row of the exports, then of the
//! verdicts file), findings.csv (identity conflicts and other observations
//! that do not stop a row) and upcoming.csv (what time alone will change),
//! each with the cells of its rows defined once for CSV and Parquet.

use crate::case::Finding;
use crate::compare::upcoming::{self, Upcoming};
use crate::ingest::Rejection;
use crate::ingest::verdicts::{self, VerdictRejection};
use crate::model::Line;
use std::io::Write;

pub const REJECTED_HEADER: [&str; 6] = ["file", "line", "v_number", "column", "value", "reason"];
pub const FINDINGS_HEADER: [&str; 5] = ["kind", "v_number", "file", "line", "detail"];

/// A row of rejected.csv: a row of an export or of the verdicts file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RejectedRow<'r> {
    pub file: &'static str,
    pub line: Line,
    pub v_number: &'r str,
    pub column: &'r str,
    pub value: &'r str,
    pub reason: &'r str,
}

impl RejectedRow<'_> {
    /// The row's cells, with `line` formatted by the caller.
    pub fn cells<'s>(&'s self, line: &'s str) -> [&'s str; 6] {
        [
            self.file,
            line,
            self.v_number,
            self.column,
            self.value,
            self.reason,
        ]
    }
}

/// Every row of rejected.csv: the exports' in their order (SPEC §7), then
/// the verdicts file's. Verdict rows put nobody on hold.
pub fn rejected_rows<'r>(
    exports: &'r [Rejection],
    verdicts: &'r [VerdictRejection],
) -> Vec<RejectedRow<'r>> {
    exports
        .iter()
        .map(|r| RejectedRow {
            file: r.file.name(),
            line: r.line,
            v_number: r.v_number.as_deref().unwrap_or_default(),
            column: &r.column,
            value: &r.value,
            reason: &r.reason,
        })
        .chain(verdicts.iter().map(|r| RejectedRow {
            file: verdicts::FILE,
            line: r.line,
            v_number: r.v_number.as_deref().unwrap_or_default(),
            column: &r.column,
            value: &r.value,
            reason: &r.reason,
        }))
        .collect()
}

/// A row of findings.csv, with `line` formatted by the caller.
pub fn finding_cells<'f>(f: &'f Finding, line: &'f str) -> [&'f str; 5] {
    [f.kind, &f.v_number, f.file.name(), line, &f.detail]
}

pub fn write_rejected<W: Write>(w: W, rejected: &[RejectedRow<'_>]) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(REJECTED_HEADER)?;
    for r in rejected {
        out.write_record(r.cells(&r.line.to_string()))?;
    }
    out.flush()?;
    Ok(())
}

pub fn write_findings<W: Write>(w: W, findings: &[Finding]) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(FINDINGS_HEADER)?;
    for f in findings {
        out.write_record(finding_cells(f, &f.line.to_string()))?;
    }
    out.flush()?;
    Ok(())
}

pub fn write_upcoming<W: Write>(w: W, rows: &[Upcoming]) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(upcoming::HEADER)?;
    for u in rows {
        out.write_record(u.cells(&u.date.to_string()))?;
    }
    out.flush()?;
    Ok(())
}
