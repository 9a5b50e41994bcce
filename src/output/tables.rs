//! rejected.csv (SPEC §5, every quarantined row) and findings.csv (identity
//! conflicts and other observations that do not stop a row).

use crate::case::Finding;
use crate::ingest::Rejection;
use std::io::Write;

pub const REJECTED_HEADER: [&str; 6] = ["file", "line", "v_number", "column", "value", "reason"];
pub const FINDINGS_HEADER: [&str; 5] = ["kind", "v_number", "file", "line", "detail"];

pub fn write_rejected<W: Write>(w: W, rejected: &[Rejection]) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(REJECTED_HEADER)?;
    for r in rejected {
        out.write_record([
            r.file.name(),
            &r.line.to_string(),
            r.v_number.as_deref().unwrap_or_default(),
            &r.column,
            &r.value,
            &r.reason,
        ])?;
    }
    out.flush()?;
    Ok(())
}

pub fn write_findings<W: Write>(w: W, findings: &[Finding]) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(FINDINGS_HEADER)?;
    for f in findings {
        out.write_record([
            f.kind,
            &f.v_number,
            f.file.name(),
            &f.line.to_string(),
            &f.detail,
        ])?;
    }
    out.flush()?;
    Ok(())
}
