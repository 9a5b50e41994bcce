//! rejected.csv (SPEC §5, every quarantined row), findings.csv (identity
//! conflicts and other observations that do not stop a row) and
//! upcoming.csv (what time alone will change), each with the cells of its
//! rows defined once for CSV and Parquet.

use crate::case::Finding;
use crate::compare::upcoming::{self, Upcoming};
use crate::ingest::Rejection;
use std::io::Write;

pub const REJECTED_HEADER: [&str; 6] = ["file", "line", "v_number", "column", "value", "reason"];
pub const FINDINGS_HEADER: [&str; 5] = ["kind", "v_number", "file", "line", "detail"];

/// A row of rejected.csv, with `line` formatted by the caller.
pub fn rejected_cells<'r>(r: &'r Rejection, line: &'r str) -> [&'r str; 6] {
    [
        r.file.name(),
        line,
        r.v_number.as_deref().unwrap_or_default(),
        &r.column,
        &r.value,
        &r.reason,
    ]
}

/// A row of findings.csv, with `line` formatted by the caller.
pub fn finding_cells<'f>(f: &'f Finding, line: &'f str) -> [&'f str; 5] {
    [f.kind, &f.v_number, f.file.name(), line, &f.detail]
}

pub fn write_rejected<W: Write>(w: W, rejected: &[Rejection]) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(REJECTED_HEADER)?;
    for r in rejected {
        out.write_record(rejected_cells(r, &r.line.to_string()))?;
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
