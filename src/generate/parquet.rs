//! The generator's Parquet sink: the seven exports as `NAME.parquet` with the
//! contract's columns (SPEC §3.1), for demonstrating and testing Parquet input.
//!
//! Rows are buffered per export and written in row groups, so memory stays
//! flat at any scale. A set without bad rows is written typed (dates as Date,
//! booleans as Boolean; the text variations of clean rows, `04-03-2021` or
//! `ja`, are stored as the value they spell); a set with bad rows is written
//! all text, because a damaged date or boolean cannot be stored in a typed
//! column. Both are what the contract accepts. A Parquet file cannot hold a
//! ragged row or invalid UTF-8, so those two bad kinds are never drawn here.
//! This module decides nothing about the rows' content.

use super::BadKind;
use super::schema::{bool_columns, columns, date_columns};
use super::sink::{Cell, Sink};
use crate::model::{Date, Export};
use anyhow::{Context, anyhow};
use polars::prelude::{
    BatchedWriter, Column, DataFrame, DataType, Field, IntoColumn, NamedFrom, ParquetWriter,
    Schema, Series,
};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Rows per row group.
const BATCH: usize = 64 * 1024;

/// How one column is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Date,
    Bool,
}

/// The buffered values of one column.
enum Values {
    Text(Vec<Option<String>>),
    Date(Vec<Option<i32>>),
    Bool(Vec<Option<bool>>),
}

struct ExportFile {
    path: PathBuf,
    names: &'static [&'static str],
    values: Vec<Values>,
    rows: usize,
    writer: BatchedWriter<BufWriter<File>>,
}

/// Writes the seven exports as `NAME.parquet` into one directory.
pub struct ParquetSink {
    files: Vec<ExportFile>,
    field: Vec<u8>,
}

impl ParquetSink {
    /// Creates `dir` if needed and the seven files in it; `typed` stores date
    /// and boolean columns as Date and Boolean, else every column is text. A
    /// `NAME.csv` left in `dir` is removed, so the directory holds one set.
    pub fn create(dir: &Path, typed: bool) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("create output directory {}", dir.display()))?;
        let mut files = Vec::with_capacity(Export::ALL.len());
        for export in Export::ALL {
            remove_if_present(&dir.join(format!("{}.csv", export.name())))?;
            let path = dir.join(format!("{}.parquet", export.name()));
            let names = columns(export);
            let kinds: Vec<Kind> = names
                .iter()
                .map(|name| match typed {
                    true if date_columns(export).contains(name) => Kind::Date,
                    true if bool_columns(export).contains(name) => Kind::Bool,
                    _ => Kind::Text,
                })
                .collect();
            let schema: Schema = names
                .iter()
                .zip(&kinds)
                .map(|(name, kind)| Field::new((*name).into(), dtype(*kind)))
                .collect();
            let file = File::create(&path).with_context(|| format!("create {}", path.display()))?;
            let writer = ParquetWriter::new(BufWriter::with_capacity(1 << 20, file))
                .batched(&schema)
                .map_err(|e| anyhow!("start {}: {e}", path.display()))?;
            files.push(ExportFile {
                path,
                names,
                values: kinds.iter().map(|k| empty(*k)).collect(),
                rows: 0,
                writer,
            });
        }
        Ok(ParquetSink {
            files,
            field: Vec::with_capacity(64),
        })
    }
}

fn remove_if_present(path: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

fn dtype(kind: Kind) -> DataType {
    match kind {
        Kind::Text => DataType::String,
        Kind::Date => DataType::Date,
        Kind::Bool => DataType::Boolean,
    }
}

fn empty(kind: Kind) -> Values {
    match kind {
        Kind::Text => Values::Text(Vec::with_capacity(BATCH)),
        Kind::Date => Values::Date(Vec::with_capacity(BATCH)),
        Kind::Bool => Values::Bool(Vec::with_capacity(BATCH)),
    }
}

/// Days since 1970-01-01, Parquet's Date.
fn days(date: Date) -> i32 {
    let epoch = Date::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (date - epoch).num_days() as i32
}

/// A clean date cell as its value: typed, or one of the contract's spellings.
fn date_of(cell: &Cell, text: &str) -> Option<Date> {
    match cell {
        Cell::Date(d) => Some(*d),
        _ => Date::parse_from_str(text, "%Y-%m-%d")
            .or_else(|_| Date::parse_from_str(text, "%d-%m-%Y"))
            .ok(),
    }
}

/// A clean boolean cell as its value.
fn bool_of(cell: &Cell, text: &str) -> Option<bool> {
    const TRUE: [&str; 5] = ["true", "yes", "ja", "j", "1"];
    const FALSE: [&str; 5] = ["false", "no", "nee", "n", "0"];
    match cell {
        Cell::Bool(b) => Some(*b),
        _ if TRUE.iter().any(|w| text.eq_ignore_ascii_case(w)) => Some(true),
        _ if FALSE.iter().any(|w| text.eq_ignore_ascii_case(w)) => Some(false),
        _ => None,
    }
}

impl ExportFile {
    fn flush(&mut self) -> anyhow::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let columns: Vec<Column> = self
            .names
            .iter()
            .zip(&mut self.values)
            .map(|(name, values)| {
                let name = (*name).into();
                let fresh = match values {
                    Values::Text(_) => empty(Kind::Text),
                    Values::Date(_) => empty(Kind::Date),
                    Values::Bool(_) => empty(Kind::Bool),
                };
                match std::mem::replace(values, fresh) {
                    Values::Text(v) => Ok(Series::new(name, v).into_column()),
                    Values::Date(v) => Series::new(name, v)
                        .cast(&DataType::Date)
                        .map(IntoColumn::into_column),
                    Values::Bool(v) => Ok(Series::new(name, v).into_column()),
                }
            })
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow!("write {}: {e}", self.path.display()))?;
        let frame = DataFrame::new(self.rows, columns)
            .map_err(|e| anyhow!("write {}: {e}", self.path.display()))?;
        self.writer
            .write_batch(&frame)
            .map_err(|e| anyhow!("write {}: {e}", self.path.display()))?;
        self.rows = 0;
        Ok(())
    }
}

impl Sink for ParquetSink {
    fn write_row(&mut self, export: Export, cells: &[Cell]) -> anyhow::Result<()> {
        let file = &mut self.files[export as usize];
        for (i, values) in file.values.iter_mut().enumerate() {
            let cell = cells.get(i).unwrap_or(&Cell::Empty);
            self.field.clear();
            cell.render(&mut self.field);
            let text = String::from_utf8_lossy(&self.field);
            let present = !text.is_empty();
            match values {
                Values::Text(v) => v.push(present.then(|| text.into_owned())),
                Values::Date(v) => {
                    let d = present.then(|| date_of(cell, &text)).flatten();
                    if present && d.is_none() {
                        anyhow::bail!(
                            "{}: '{text}' in a Date column is not a date; generate with text columns",
                            file.path.display()
                        );
                    }
                    v.push(d.map(days));
                }
                Values::Bool(v) => {
                    let b = present.then(|| bool_of(cell, &text)).flatten();
                    if present && b.is_none() {
                        anyhow::bail!(
                            "{}: '{text}' in a Boolean column is not a yes/no value; generate with text columns",
                            file.path.display()
                        );
                    }
                    v.push(b);
                }
            }
        }
        file.rows += 1;
        if file.rows == BATCH {
            file.flush()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        for file in &mut self.files {
            file.flush()?;
            file.writer
                .finish()
                .map_err(|e| anyhow!("finish {}: {e}", file.path.display()))?;
        }
        Ok(())
    }

    fn holds(&self, kind: BadKind) -> bool {
        !matches!(kind, BadKind::RaggedRow | BadKind::NotUtf8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::{ParquetReader, SerReader};

    fn read(path: &Path) -> DataFrame {
        let file = File::open(path).unwrap_or_else(|e| panic!("{e}"));
        ParquetReader::new(file)
            .finish()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn row() -> Vec<Cell> {
        let d = Date::from_ymd_opt(2021, 3, 4).unwrap_or_default();
        vec![
            Cell::Word("S1"),
            Cell::Text("0123456".into()),
            Cell::Empty,
            Cell::Empty,
            Cell::Text("15-03-1990".into()),
            Cell::Word("UKR"),
            Cell::Date(d),
            Cell::Word("public_order"),
            Cell::Word("ja"),
            Cell::Word("active"),
            Cell::Empty,
        ]
    }

    #[test]
    fn typed_sets_store_dates_and_booleans_as_values() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("alert_decisions.csv"), "stale")?;
        let mut sink = ParquetSink::create(dir.path(), true)?;
        sink.write_row(Export::AlertDecisions, &row())?;
        sink.finish()?;
        assert!(!dir.path().join("alert_decisions.csv").exists());
        let frame = read(&dir.path().join("alert_decisions.parquet"));
        let names: Vec<String> = frame
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        assert_eq!(names, columns(Export::AlertDecisions));
        let column = |name: &str| {
            frame
                .column(name)
                .map(|c| (c.dtype().clone(), c.cast(&DataType::String)))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let (dtype, text) = column("birth_date");
        assert_eq!(dtype, DataType::Date);
        assert_eq!(text?.str()?.get(0), Some("1990-03-15"));
        let (dtype, text) = column("final");
        assert_eq!(dtype, DataType::Boolean);
        assert_eq!(text?.str()?.get(0), Some("true"));
        let (dtype, text) = column("surname");
        assert_eq!(dtype, DataType::String);
        assert_eq!(text?.str()?.get(0), None);
        assert_eq!(read(&dir.path().join("sis_hits.parquet")).height(), 0);
        Ok(())
    }

    #[test]
    fn text_sets_keep_every_cell_as_written() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut sink = ParquetSink::create(dir.path(), false)?;
        let mut bad = row();
        bad[6] = Cell::Text("31-02-2025".into());
        for _ in 0..BATCH + 1 {
            sink.write_row(Export::AlertDecisions, &bad)?;
        }
        sink.finish()?;
        let frame = read(&dir.path().join("alert_decisions.parquet"));
        assert_eq!(frame.height(), BATCH + 1);
        let decision = frame.column("decision_date")?;
        assert_eq!(decision.dtype(), &DataType::String);
        assert_eq!(decision.str()?.get(BATCH), Some("31-02-2025"));
        assert_eq!(frame.column("final")?.str()?.get(0), Some("ja"));
        Ok(())
    }

    #[test]
    fn a_typed_column_refuses_a_value_it_cannot_hold() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut sink = ParquetSink::create(dir.path(), true)?;
        let mut bad = row();
        bad[6] = Cell::Text("31-02-2025".into());
        let err = sink
            .write_row(Export::AlertDecisions, &bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.ends_with(
                "'31-02-2025' in a Date column is not a date; generate with text columns"
            ),
            "{err}"
        );
        assert!(!sink.holds(BadKind::RaggedRow) && sink.holds(BadKind::ImpossibleDate));
        Ok(())
    }
}
