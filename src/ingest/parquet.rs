//! Parquet exports (SPEC §3.1): an export delivered as `NAME.parquet` is read
//! into the same text rows a CSV export gives, so it passes through exactly the
//! same validation and quarantine.
//!
//! Every column is cast to text the way the contract spells it: a Date column
//! becomes `YYYY-MM-DD`, a Boolean column `true`/`false`, a number its digits,
//! a null an empty cell; text columns are taken as they are. The line of a row
//! is its 0-based index + 2, as if the file had a header line. The SHA-256 is
//! that of the file's bytes, as for CSV.
//!
//! This module is the only place ingestion touches polars; it knows nothing of
//! column names or values (see `file.rs`). The whole file is read at once:
//! Parquet is columnar, so a row is only complete once every column is read.

use super::source::{FileDigest, RowSource, SourceError};
use crate::model::Line;
use csv::ByteRecord;
use polars::prelude::{DataType, ParquetReader, SerReader, StringChunked};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// A Parquet export, every column already rendered as contract text.
pub(super) struct ParquetSource {
    header: Vec<String>,
    columns: Vec<StringChunked>,
    height: usize,
    row: usize,
    digest: FileDigest,
    reported: u64,
}

impl ParquetSource {
    /// Reads a whole Parquet file from its bytes.
    pub fn new(bytes: Vec<u8>) -> Result<Self, SourceError> {
        let digest = FileDigest {
            bytes: bytes.len() as u64,
            sha256: format!("{:x}", Sha256::digest(&bytes)),
        };
        let frame = ParquetReader::new(Cursor::new(bytes))
            .finish()
            .map_err(|e| {
                SourceError(format!(
                    "it is not a readable Parquet file ({e}); deliver the export again as Parquet or as CSV"
                ))
            })?;
        let mut header = Vec::with_capacity(frame.width());
        let mut columns = Vec::with_capacity(frame.width());
        for column in frame.columns() {
            let name = column.name().to_string();
            let cast_error = |detail: String| {
                SourceError(format!(
                    "column `{name}` of type {} cannot be read as text ({detail}); deliver it as text, Date or Boolean",
                    column.dtype()
                ))
            };
            let text = column
                .cast(&DataType::String)
                .map_err(|e| cast_error(e.to_string()))?
                .rechunk();
            let text = text.str().map_err(|e| cast_error(e.to_string()))?.clone();
            header.push(name);
            columns.push(text);
        }
        Ok(ParquetSource {
            header,
            columns,
            height: frame.height(),
            row: 0,
            digest,
            reported: 0,
        })
    }
}

impl RowSource for ParquetSource {
    fn header(&self) -> &[String] {
        &self.header
    }

    fn next_row(&mut self, record: &mut ByteRecord) -> Result<Option<Line>, SourceError> {
        if self.row >= self.height {
            return Ok(None);
        }
        record.clear();
        for column in &self.columns {
            record.push_field(column.get(self.row).unwrap_or_default().as_bytes());
        }
        let line = self.row as Line + 2;
        self.row += 1;
        Ok(Some(line))
    }

    /// The file was read whole up front; progress is shared out over the rows.
    fn consumed(&mut self) -> u64 {
        let done = if self.height == 0 {
            self.digest.bytes
        } else {
            self.digest.bytes * self.row as u64 / self.height as u64
        };
        let delta = done.saturating_sub(self.reported);
        self.reported = done;
        delta
    }

    /// A Parquet row always has every column, so this only joins fields for
    /// display.
    fn separator(&self) -> &'static str {
        ","
    }

    fn finish(self: Box<Self>) -> Result<FileDigest, SourceError> {
        Ok(self.digest)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{NoProgress, load};
    use super::*;
    use crate::model::contract::column;
    use crate::model::{Date, Export};
    use polars::prelude::{Column, DataFrame, IntoColumn, NamedFrom, ParquetWriter, Series};
    use std::path::Path;

    fn write_parquet(path: &Path, columns: Vec<Column>) {
        let height = columns.first().map_or(0, |c| c.len());
        let mut frame = DataFrame::new(height, columns).unwrap_or_else(|e| panic!("{e}"));
        let file = std::fs::File::create(path).unwrap_or_else(|e| panic!("{e}"));
        ParquetWriter::new(file)
            .finish(&mut frame)
            .unwrap_or_else(|e| panic!("{e}"));
    }

    fn text(name: &str, values: &[Option<&str>]) -> Column {
        Series::new(name.into(), values).into_column()
    }

    fn days(d: &str) -> i32 {
        let date = Date::parse_from_str(d, "%Y-%m-%d").unwrap_or_else(|e| panic!("{e}"));
        let epoch = Date::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        (date - epoch).num_days() as i32
    }

    fn date(name: &str, values: &[Option<&str>]) -> Column {
        let v: Vec<Option<i32>> = values.iter().map(|d| d.map(days)).collect();
        Series::new(name.into(), v)
            .cast(&DataType::Date)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_column()
    }

    fn boolean(name: &str, values: &[Option<bool>]) -> Column {
        Series::new(name.into(), values).into_column()
    }

    /// A directory with header-only CSVs for every export but entry bans.
    fn dir_with_bans(bans: Vec<Column>) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for export in Export::ALL {
            if export == Export::EntryBans {
                continue;
            }
            let header = export.table().names().collect::<Vec<_>>().join(",");
            std::fs::write(dir.path().join(format!("{export}.csv")), header + "\n")
                .unwrap_or_else(|e| panic!("{e}"));
        }
        write_parquet(&dir.path().join("entry_bans.parquet"), bans);
        dir
    }

    fn ban_columns(decision: Column, in_force: Column, is_final: Column) -> Vec<Column> {
        vec![
            text(column::BAN_ID, &[Some("B1"), Some("B2"), Some("B3")]),
            text(
                column::V_NUMBER,
                &[Some("0123456"), Some("0123457"), Some("0123458")],
            ),
            text(
                column::SEVERITY,
                &[Some("heavy"), Some("licht"), Some("light")],
            ),
            decision,
            in_force,
            text(
                column::GROUND,
                &[Some("public_order"), Some("other"), Some("other")],
            ),
            is_final,
            text(
                column::STATUS,
                &[Some("active"), Some("active"), Some("active")],
            ),
        ]
    }

    #[test]
    fn date_and_boolean_columns_read_like_their_text() {
        let typed = dir_with_bans(ban_columns(
            date(
                column::DECISION_DATE,
                &[Some("2020-01-02"), Some("2021-03-04"), Some("2019-12-31")],
            ),
            date(column::IN_FORCE_DATE, &[None, Some("2021-05-06"), None]),
            boolean(column::FINAL, &[Some(true), Some(false), None]),
        ));
        let texts = dir_with_bans(ban_columns(
            text(
                column::DECISION_DATE,
                &[Some("2020-01-02"), Some("04-03-2021"), Some("2019-12-31")],
            ),
            text(column::IN_FORCE_DATE, &[None, Some("2021-05-06"), Some("")]),
            text(column::FINAL, &[Some("ja"), Some("false"), None]),
        ));
        for dir in [&typed, &texts] {
            let inputs = load(dir.path(), &NoProgress).unwrap_or_else(|e| panic!("{e}"));
            let bans = &inputs.entry_bans;
            assert_eq!(bans.len(), 2, "{:?}", inputs.rejected);
            assert_eq!(bans[0].ban_id, "B1");
            assert_eq!(bans[0].line, 2);
            assert_eq!(bans[0].decision_date.to_string(), "2020-01-02");
            assert_eq!(bans[0].in_force_date, None);
            assert!(bans[0].is_final);
            assert_eq!(bans[1].decision_date.to_string(), "2021-03-04");
            assert_eq!(
                bans[1].in_force_date.map(|d| d.to_string()),
                Some("2021-05-06".to_string())
            );
            assert!(!bans[1].is_final);
            // The third row has no `final`: quarantined on line 4.
            assert_eq!(inputs.rejected.len(), 1);
            let r = &inputs.rejected[0];
            assert_eq!(
                (r.line, r.column.as_str(), r.v_number.as_deref()),
                (4, column::FINAL, Some("0123458"))
            );
            assert_eq!(r.reason, "required value is empty");
            let stats = &inputs.files[Export::EntryBans as usize];
            assert_eq!(stats.file_name, "entry_bans.parquet");
            assert_eq!(stats.format, super::super::Format::Parquet);
            assert_eq!((stats.rows, stats.accepted, stats.rejected), (3, 2, 1));
            let bytes = std::fs::read(dir.path().join("entry_bans.parquet"))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(stats.bytes, bytes.len() as u64);
            assert_eq!(stats.sha256, format!("{:x}", Sha256::digest(&bytes)));
        }
    }

    #[test]
    fn a_bad_date_cell_is_quarantined_with_its_row_line() {
        let dir = dir_with_bans(ban_columns(
            text(
                column::DECISION_DATE,
                &[Some("2020-01-02"), Some("31-02-2025"), Some("2019-12-31")],
            ),
            text(column::IN_FORCE_DATE, &[None, None, None]),
            text(column::FINAL, &[Some("true"), Some("true"), Some("true")]),
        ));
        let inputs = load(dir.path(), &NoProgress).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(inputs.entry_bans.len(), 2);
        assert_eq!(inputs.rejected.len(), 1);
        let r = &inputs.rejected[0];
        assert_eq!(r.file, Export::EntryBans);
        assert_eq!(r.line, 3);
        assert_eq!(r.v_number.as_deref(), Some("0123457"));
        assert_eq!(r.column, column::DECISION_DATE);
        assert_eq!(r.value, "31-02-2025");
        assert_eq!(
            r.reason,
            "decision_date '31-02-2025' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
        );
    }

    #[test]
    fn a_missing_column_is_a_contract_error_naming_the_file() {
        let mut columns = ban_columns(
            text(column::DECISION_DATE, &[None, None, None]),
            text(column::IN_FORCE_DATE, &[None, None, None]),
            text(column::FINAL, &[None, None, None]),
        );
        columns.retain(|c| c.name().as_str() != column::GROUND);
        let dir = dir_with_bans(columns);
        let err = load(dir.path(), &NoProgress).err().map(|e| e.to_string());
        assert_eq!(
            err,
            Some(format!(
                "{}: required column `ground` is missing from the header (columns are matched by name, case-insensitively)",
                dir.path().join("entry_bans.parquet").display()
            ))
        );
    }

    #[test]
    fn a_file_that_is_not_parquet_is_unreadable() {
        let dir = dir_with_bans(Vec::new());
        let path = dir.path().join("entry_bans.parquet");
        std::fs::write(&path, b"PAR1 not really").unwrap_or_else(|e| panic!("{e}"));
        let err = load(dir.path(), &NoProgress)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with(&format!(
                "{}: cannot read the file: it is not a readable Parquet file (",
                path.display()
            )),
            "{err}"
        );
        assert!(
            err.ends_with("deliver the export again as Parquet or as CSV"),
            "{err}"
        );
    }

    /// Runs the binary's `run` on `input` and returns the output directory.
    fn run(input: &Path, extra: &[&str]) -> tempfile::TempDir {
        use crate::cli::{Cli, Command};
        use clap::Parser;
        let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (input, target) = (
            input.display().to_string(),
            out.path().display().to_string(),
        );
        let mut args = vec![
            "rtb-recon",
            "run",
            "--input",
            &input,
            "--out",
            &target,
            "--force",
            "--as-of",
            "2026-11-28",
            "--threads",
            "2",
        ];
        args.extend_from_slice(extra);
        let Ok(Command::Run(run_args)) = Cli::try_parse_from(args).map(|cli| cli.command) else {
            panic!("run arguments do not parse");
        };
        let config =
            crate::config::RunConfig::from_args(run_args).unwrap_or_else(|e| panic!("{e}"));
        crate::commands::run::run(&config).unwrap_or_else(|e| panic!("{e}"));
        out
    }

    #[test]
    fn a_parquet_set_gives_the_actions_of_the_same_csv_set() {
        let opts = crate::generate::Options {
            persons: 3000,
            seed: 7,
            bad_rows: 0.0,
            as_of: Date::from_ymd_opt(2026, 11, 28).unwrap_or_default(),
            profile: crate::generate::Profile::Default,
        };
        let csv = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let parquet = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        crate::generate::write_csv(&opts, csv.path()).unwrap_or_else(|e| panic!("{e}"));
        crate::generate::write_parquet(&opts, parquet.path()).unwrap_or_else(|e| panic!("{e}"));
        let from_csv = run(csv.path(), &[]);
        let from_parquet = run(parquet.path(), &["--output-format", "csv,parquet"]);
        let read = |dir: &tempfile::TempDir, name: &str| {
            std::fs::read(dir.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
        };
        let actions = read(&from_csv, "actions.csv");
        assert!(actions.len() > 10_000, "{}", actions.len());
        assert!(
            actions == read(&from_parquet, "actions.csv"),
            "actions.csv differs"
        );
        for name in ["rejected.csv", "findings.csv"] {
            assert!(
                read(&from_csv, name) == read(&from_parquet, name),
                "{name} differs"
            );
        }
        assert!(from_parquet.path().join("actions.parquet").is_file());
        assert!(!from_csv.path().join("actions.parquet").exists());
    }

    #[test]
    fn an_empty_frame_is_a_header_only_export() {
        let dir = dir_with_bans(ban_columns(
            text(column::DECISION_DATE, &[None, None, None]),
            text(column::IN_FORCE_DATE, &[None, None, None]),
            text(column::FINAL, &[None, None, None]),
        ));
        let path = dir.path().join("entry_bans.parquet");
        let empty: Vec<Column> = ban_columns(
            text(column::DECISION_DATE, &[None, None, None]),
            text(column::IN_FORCE_DATE, &[None, None, None]),
            text(column::FINAL, &[None, None, None]),
        )
        .into_iter()
        .map(|c| c.slice(0, 0))
        .collect();
        write_parquet(&path, empty);
        let inputs = load(dir.path(), &NoProgress).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(inputs.entry_bans.len(), 0);
        assert_eq!(inputs.rejected.len(), 0);
    }
}
