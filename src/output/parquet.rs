//! The run's tables as Parquet for the data platform (`--output-format
//! csv,parquet`): actions.parquet, rejected.parquet, findings.parquet and
//! upcoming.parquet beside their CSV files.
//!
//! Each has exactly the CSV's columns, in the CSV's order, every column text
//! (a consumer reads the same values whichever file it takes); an empty CSV
//! cell is a null. The tests hold every table to its CSV cell by cell. This
//! module only lays rows out; it decides nothing about them, and it is the
//! only place the output touches polars.

use super::actions::{self, ActionRow};
use super::tables::{self, FINDINGS_HEADER, REJECTED_HEADER, RejectedRow};
use crate::case::Finding;
use crate::compare::upcoming::{self, Upcoming};
use crate::publish::staging::OutputError;
use polars::prelude::{Column, DataFrame, IntoColumn, NamedFrom, ParquetWriter, Series};
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

/// A table of text cells, column by column.
struct TextTable {
    header: &'static [&'static str],
    columns: Vec<Vec<Option<String>>>,
    rows: usize,
}

impl TextTable {
    fn new(header: &'static [&'static str], rows: usize) -> Self {
        TextTable {
            header,
            columns: header.iter().map(|_| Vec::with_capacity(rows)).collect(),
            rows: 0,
        }
    }

    fn push(&mut self, cells: &[&str]) {
        for (column, cell) in self.columns.iter_mut().zip(cells) {
            column.push((!cell.is_empty()).then(|| (*cell).to_owned()));
        }
        self.rows += 1;
    }

    fn write(self, path: &Path) -> Result<(), OutputError> {
        let failed = |e: polars::error::PolarsError| {
            OutputError::io("write", path)(io::Error::other(e.to_string()))
        };
        let columns: Vec<Column> = self
            .header
            .iter()
            .zip(self.columns)
            .map(|(name, values)| Series::new((*name).into(), values).into_column())
            .collect();
        let mut frame = DataFrame::new(self.rows, columns).map_err(failed)?;
        let file = File::create(path).map_err(OutputError::io("create", path))?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        ParquetWriter::new(&mut w)
            .finish(&mut frame)
            .map_err(failed)?;
        w.into_inner()
            .map_err(|e| OutputError::io("write", path)(e.into_error()))?
            .sync_all()
            .map_err(OutputError::io("write", path))
    }
}

/// actions.parquet: the rows of actions.csv.
pub fn write_actions(path: &Path, rows: &[ActionRow<'_>]) -> Result<(), OutputError> {
    let mut table = TextTable::new(&actions::HEADER, rows.len());
    for r in rows {
        table.push(&r.cells(&r.texts()));
    }
    table.write(path)
}

/// rejected.parquet: the rows of rejected.csv.
pub fn write_rejected(path: &Path, rejected: &[RejectedRow<'_>]) -> Result<(), OutputError> {
    let mut table = TextTable::new(&REJECTED_HEADER, rejected.len());
    for r in rejected {
        table.push(&r.cells(&r.line.to_string()));
    }
    table.write(path)
}

/// findings.parquet: the rows of findings.csv.
pub fn write_findings(path: &Path, findings: &[Finding]) -> Result<(), OutputError> {
    let mut table = TextTable::new(&FINDINGS_HEADER, findings.len());
    for f in findings {
        table.push(&tables::finding_cells(f, &f.line.to_string()));
    }
    table.write(path)
}

/// upcoming.parquet: the rows of upcoming.csv.
pub fn write_upcoming(path: &Path, rows: &[Upcoming]) -> Result<(), OutputError> {
    let mut table = TextTable::new(&upcoming::HEADER, rows.len());
    for u in rows {
        table.push(&u.cells(&u.date.to_string()));
    }
    table.write(path)
}

#[cfg(test)]
mod tests {
    use super::super::tables;
    use super::*;
    use crate::compare::upcoming::Change;
    use crate::ingest::Rejection;
    use crate::model::{Date, Export};
    use crate::rules::SubjectType;
    use polars::prelude::{DataType, ParquetReader, SerReader};

    /// Every cell of a Parquet table as text ("" for null), header first.
    fn parquet_cells(path: &Path) -> Vec<Vec<String>> {
        let file = File::open(path).unwrap_or_else(|e| panic!("{e}"));
        let frame = ParquetReader::new(file)
            .finish()
            .unwrap_or_else(|e| panic!("{e}"));
        let mut out = vec![
            frame
                .columns()
                .iter()
                .map(|c| c.name().to_string())
                .collect::<Vec<_>>(),
        ];
        for c in frame.columns() {
            assert_eq!(c.dtype(), &DataType::String, "{}", c.name());
        }
        for i in 0..frame.height() {
            out.push(
                frame
                    .columns()
                    .iter()
                    .map(|c| {
                        c.str()
                            .ok()
                            .and_then(|s| s.get(i))
                            .unwrap_or_default()
                            .to_owned()
                    })
                    .collect(),
            );
        }
        out
    }

    fn csv_cells(bytes: &[u8]) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes)
            .records()
            .map(|r| {
                r.unwrap_or_else(|e| panic!("{e}"))
                    .iter()
                    .map(str::to_owned)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn rejected_and_findings_match_their_csv() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let rejected = vec![Rejection {
            file: Export::EntryBans,
            line: 7,
            v_number: None,
            column: "decision_date".into(),
            value: "31-02-2025".into(),
            reason: "decision_date '31-02-2025' is not a date, \"really\"".into(),
        }];
        let findings = vec![Finding {
            v_number: "0123456".into(),
            file: Export::SisHits,
            line: 3,
            kind: "identity_conflict",
            detail: "surname 'A' differs from 'B' (rtb_holders, line 2)".into(),
        }];
        let verdicts = vec![crate::ingest::verdicts::VerdictRejection {
            line: 3,
            v_number: Some("0123456".into()),
            column: "Afhandeling".into(),
            value: "klaar".into(),
            reason: "sheet 'BAN Inreisverboden': Afhandeling 'klaar' is not one of: afgehandeld, niet_van_toepassing, uitgesteld".into(),
        }];
        let rejected = tables::rejected_rows(&rejected, &verdicts);
        let path = dir.path().join("rejected.parquet");
        write_rejected(&path, &rejected)?;
        let mut csv = Vec::new();
        tables::write_rejected(&mut csv, &rejected)?;
        assert_eq!(parquet_cells(&path)[2][0], "verdicts");
        assert_eq!(parquet_cells(&path), csv_cells(&csv));
        assert_eq!(parquet_cells(&path)[1][2], "");

        let path = dir.path().join("findings.parquet");
        write_findings(&path, &findings)?;
        let mut csv = Vec::new();
        tables::write_findings(&mut csv, &findings)?;
        assert_eq!(parquet_cells(&path), csv_cells(&csv));
        Ok(())
    }

    #[test]
    fn upcoming_matches_its_csv_and_an_empty_table_has_its_header()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let rows = vec![Upcoming {
            date: Date::from_ymd_opt(2027, 3, 5).unwrap_or_default(),
            v_number: "0123456".into(),
            action: "RESUME_TKB",
            subject_id: "T1".into(),
            change: Change::Start,
            subject_type: SubjectType::ReturnDecision,
            rule_id: "R13",
        }];
        let path = dir.path().join("upcoming.parquet");
        write_upcoming(&path, &rows)?;
        let mut csv = Vec::new();
        tables::write_upcoming(&mut csv, &rows)?;
        assert_eq!(parquet_cells(&path), csv_cells(&csv));

        let path = dir.path().join("empty.parquet");
        write_upcoming(&path, &[])?;
        assert_eq!(
            parquet_cells(&path),
            vec![upcoming::HEADER.map(String::from).to_vec()]
        );
        Ok(())
    }
}
