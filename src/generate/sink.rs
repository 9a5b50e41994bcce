//! Where generated rows go: the cell type the generator builds rows from, the
//! `Sink` trait and its CSV implementation.
//!
//! Rows are built once, as cells, and handed to a sink per export; the sink
//! decides the physical format. The CSV sink streams through `csv::Writer`
//! (buffered, flexible so a deliberately ragged bad row can be written); the
//! Parquet sink (`parquet.rs`) implements the same trait. This module does
//! not decide what a row contains.

use super::schema::columns;
use crate::model::{Date, Export};
use anyhow::Context;
use chrono::Datelike;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One cell of a generated row. Typed where the value is clean, so a sink can
/// write it natively; `Text`/`Raw` carry the deliberate variants and damage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    /// A contract word or code written as is (`granted`, `UKR`, `Amsterdam`).
    Word(&'static str),
    Text(String),
    Date(Date),
    Bool(bool),
    Int(u32),
    /// `prefix` followed by `number` zero-padded to `width` digits: record ids
    /// (`B0000123`), SIS alert ids (`NL0000004711`), V-numbers (no prefix).
    Code {
        prefix: &'static str,
        number: u64,
        width: usize,
    },
    /// Bytes that are not valid UTF-8 (a bad row only).
    Raw(Vec<u8>),
}

impl Cell {
    /// Appends the CSV text of the cell to `out`.
    pub fn render(&self, out: &mut Vec<u8>) {
        // Writing into a Vec<u8> cannot fail; the results are ignored on purpose.
        match self {
            Cell::Empty => {}
            Cell::Word(s) => out.extend_from_slice(s.as_bytes()),
            Cell::Text(s) => out.extend_from_slice(s.as_bytes()),
            Cell::Date(d) => {
                let _ = write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
            }
            Cell::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Cell::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Cell::Code {
                prefix,
                number,
                width,
            } => {
                let _ = write!(out, "{prefix}{number:0width$}");
            }
            Cell::Raw(bytes) => out.extend_from_slice(bytes),
        }
    }

    /// The CSV text of the cell (for tests and mutations that need the text).
    pub fn text(&self) -> String {
        let mut out = Vec::new();
        self.render(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// A destination for generated rows, one stream per export.
pub trait Sink {
    /// Writes one data row of `export`. `cells` follow `columns(export)`,
    /// except for a deliberately ragged bad row.
    fn write_row(&mut self, export: Export, cells: &[Cell]) -> anyhow::Result<()>;

    /// Flushes everything; the files are complete once this returns `Ok`.
    fn finish(&mut self) -> anyhow::Result<()>;

    /// Whether the format can hold a bad row of this kind (CSV holds all).
    fn holds(&self, _kind: super::BadKind) -> bool {
        true
    }
}

/// Writes the seven exports as `NAME.csv` (`,`-separated, `\n`-terminated,
/// UTF-8 except for deliberately broken rows) into one directory.
pub struct CsvSink {
    writers: Vec<(PathBuf, csv::Writer<File>)>,
    field: Vec<u8>,
}

impl CsvSink {
    /// Creates `dir` if needed and the seven files in it (truncating existing
    /// ones), each with its header line.
    pub fn create(dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("create output directory {}", dir.display()))?;
        let mut writers = Vec::with_capacity(Export::ALL.len());
        for export in Export::ALL {
            // A Parquet file of the same export would make the set ambiguous.
            let other = dir.join(format!("{}.parquet", export.name()));
            match std::fs::remove_file(&other) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(e).with_context(|| format!("remove {}", other.display()));
                }
                _ => {}
            }
            let path = dir.join(format!("{}.csv", export.name()));
            let mut writer = csv::WriterBuilder::new()
                .flexible(true)
                .buffer_capacity(1 << 16)
                .from_path(&path)
                .with_context(|| format!("create {}", path.display()))?;
            writer
                .write_record(columns(export))
                .with_context(|| format!("write header of {}", path.display()))?;
            writers.push((path, writer));
        }
        Ok(CsvSink {
            writers,
            field: Vec::with_capacity(64),
        })
    }
}

impl Sink for CsvSink {
    fn write_row(&mut self, export: Export, cells: &[Cell]) -> anyhow::Result<()> {
        let (path, writer) = &mut self.writers[export as usize];
        for cell in cells {
            self.field.clear();
            cell.render(&mut self.field);
            writer
                .write_field(&self.field)
                .with_context(|| format!("write {}", path.display()))?;
        }
        // An empty iterator ends the record started by `write_field`.
        writer
            .write_record(None::<&[u8]>)
            .with_context(|| format!("write {}", path.display()))
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        for (path, writer) in &mut self.writers {
            writer
                .flush()
                .with_context(|| format!("flush {}", path.display()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_render_as_contract_text() {
        let d = Date::from_ymd_opt(2025, 3, 4);
        let cases = [
            (Cell::Empty, ""),
            (Cell::Word("granted"), "granted"),
            (Cell::Bool(false), "false"),
            (Cell::Int(10), "10"),
            (
                Cell::Code {
                    prefix: "B",
                    number: 123,
                    width: 7,
                },
                "B0000123",
            ),
            (
                Cell::Code {
                    prefix: "",
                    number: 42,
                    width: 10,
                },
                "0000000042",
            ),
        ];
        for (cell, text) in cases {
            assert_eq!(cell.text(), text);
        }
        assert_eq!(
            d.map(|d| Cell::Date(d).text()),
            Some("2025-03-04".to_string())
        );
    }

    #[test]
    fn csv_sink_writes_headers_and_ragged_rows() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut sink = CsvSink::create(dir.path())?;
        sink.write_row(
            Export::AlertDecisions,
            &[Cell::Word("S1"), Cell::Text("a,b".into())],
        )?;
        sink.finish()?;
        let text = std::fs::read_to_string(dir.path().join("alert_decisions.csv"))?;
        assert_eq!(
            text,
            "bts_id,v_number,surname,given_names,birth_date,nationality,decision_date,ground,final,status,sis_alert_id\nS1,\"a,b\"\n"
        );
        let empty = std::fs::read_to_string(dir.path().join("sis_hits.csv"))?;
        assert_eq!(empty.lines().count(), 1);
        Ok(())
    }
}
