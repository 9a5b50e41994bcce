//! Reading one export end to end: header against the contract, then every row
//! either accepted as a typed record or quarantined with exactly one reason
//! (SPEC §3.1, §7).
//!
//! The same driver serves all seven exports; what differs per export (its
//! columns and how a row becomes a record) is a [`Schema`], one module each.
//! The driver owns the row-level checks every export shares: field count,
//! UTF-8, duplicate ids. It does not locate files or check rows across files
//! (see `mod.rs` and `crossrow.rs`).

use super::cells;
use super::columns::{Col, Header, HeaderError};
use super::crossrow::{self, FirstSeen};
use super::row::{CellError, Row};
use super::source::{self, FileDigest, RowSource, SourceError};
use super::{
    ContractError, Located, Progress, Rejection, alert_decisions, applications, entry_bans,
    exclusion_orders, return_decisions, rtb_holders, sis_hits,
};
use crate::model::{
    AlertDecision, Application, EntryBan, ExclusionOrder, Export, Line, ReturnDecision, RtbHolder,
    SisHit,
};
use csv::{ByteRecord, StringRecord};
use std::marker::PhantomData;

/// What one export contributes to the contract: its columns and its records.
pub(super) trait Schema {
    const EXPORT: Export;
    /// Where the contract's columns are in this file's header.
    type Columns: Send;
    type Record: Send;

    /// Finds the export's columns, in the contract's column order, so a
    /// missing column is reported in that order too.
    fn columns(header: &mut Header) -> Result<Self::Columns, HeaderError>;

    /// The row as a record, or its first problem in the contract's column
    /// order.
    fn parse(columns: &Self::Columns, row: &Row<'_>) -> Result<Self::Record, CellError>;

    fn wrap(records: Vec<Self::Record>) -> Records;
}

/// The accepted records of one export.
#[derive(Debug)]
pub(super) enum Records {
    RtbHolders(Vec<RtbHolder>),
    EntryBans(Vec<EntryBan>),
    ExclusionOrders(Vec<ExclusionOrder>),
    ReturnDecisions(Vec<ReturnDecision>),
    SisHits(Vec<SisHit>),
    Applications(Vec<Application>),
    AlertDecisions(Vec<AlertDecision>),
}

/// One export read to the end; `R` is its accepted records.
#[derive(Debug)]
pub(super) struct Finished<R> {
    pub file: Located,
    pub digest: FileDigest,
    pub unknown_columns: Vec<String>,
    pub records: R,
    /// In line order.
    pub rejected: Vec<Rejection>,
}

/// An export whose header meets the contract, ready to have its rows read.
pub(super) trait Job: Send {
    fn run(self: Box<Self>, progress: &dyn Progress) -> Result<Finished<Records>, ContractError>;
}

/// Opens the export and checks its header; the rows are read by `Job::run`.
pub(super) fn prepare(file: Located) -> Result<Box<dyn Job>, ContractError> {
    let source = source::open(&file.path, file.format)?;
    match file.export {
        Export::RtbHolders => FileJob::<rtb_holders::RtbHolders>::prepare(file, source),
        Export::EntryBans => FileJob::<entry_bans::EntryBans>::prepare(file, source),
        Export::ExclusionOrders => {
            FileJob::<exclusion_orders::ExclusionOrders>::prepare(file, source)
        }
        Export::ReturnDecisions => {
            FileJob::<return_decisions::ReturnDecisions>::prepare(file, source)
        }
        Export::SisHits => FileJob::<sis_hits::SisHits>::prepare(file, source),
        Export::Applications => FileJob::<applications::Applications>::prepare(file, source),
        Export::AlertDecisions => FileJob::<alert_decisions::AlertDecisions>::prepare(file, source),
    }
}

/// How often (in rows) progress is reported: often enough for a live bar,
/// rarely enough to cost nothing.
const PROGRESS_EVERY: u32 = 4096;

struct FileJob<E: Schema> {
    file: Located,
    source: Box<dyn RowSource>,
    rows: Rows<E>,
}

impl<E: Schema + 'static> FileJob<E> {
    fn prepare(file: Located, source: Box<dyn RowSource>) -> Result<Box<dyn Job>, ContractError> {
        Ok(Box::new(Self::new(file, source)?))
    }

    fn new(file: Located, source: Box<dyn RowSource>) -> Result<Self, ContractError> {
        let mut header = Header::new(source.header().to_vec());
        let (id, v_number, columns) = resolve::<E>(&mut header).map_err(|e| match e {
            HeaderError::Missing(column) => ContractError::MissingColumn {
                path: file.path.clone(),
                column: column.to_owned(),
            },
            HeaderError::Duplicate(column) => ContractError::DuplicateColumn {
                path: file.path.clone(),
                column: column.to_owned(),
            },
        })?;
        let separator = source.separator();
        Ok(FileJob {
            file,
            source,
            rows: Rows {
                header,
                id,
                v_number,
                columns,
                separator,
                seen: FirstSeen::default(),
                records: Vec::new(),
                rejected: Vec::new(),
                schema: PhantomData,
            },
        })
    }
}

impl<E: Schema + 'static> Job for FileJob<E> {
    fn run(self: Box<Self>, progress: &dyn Progress) -> Result<Finished<Records>, ContractError> {
        let read = self.read(progress)?;
        Ok(Finished {
            file: read.file,
            digest: read.digest,
            unknown_columns: read.unknown_columns,
            records: E::wrap(read.records),
            rejected: read.rejected,
        })
    }
}

impl<E: Schema> FileJob<E> {
    fn read(self, progress: &dyn Progress) -> Result<Finished<Vec<E::Record>>, ContractError> {
        let FileJob {
            file,
            mut source,
            mut rows,
        } = self;
        let unreadable = |SourceError(detail)| ContractError::Unreadable {
            path: file.path.clone(),
            detail,
        };
        progress.start(E::EXPORT, file.bytes);
        let mut reported = 0;
        let mut until_report = PROGRESS_EVERY;
        let mut record = ByteRecord::new();
        while let Some(line) = source.next_row(&mut record).map_err(unreadable)? {
            record = rows.take(record, line);
            until_report -= 1;
            if until_report == 0 {
                until_report = PROGRESS_EVERY;
                let bytes = source.consumed();
                reported += bytes;
                progress.advance(E::EXPORT, bytes);
            }
        }
        let digest = source.finish().map_err(unreadable)?;
        if digest.bytes > reported {
            progress.advance(E::EXPORT, digest.bytes - reported);
        }
        progress.finish(E::EXPORT);
        tracing::debug!(
            export = %E::EXPORT,
            accepted = rows.records.len(),
            rejected = rows.rejected.len(),
            "export read"
        );
        Ok(Finished {
            file,
            digest,
            unknown_columns: rows.header.unknown(),
            records: rows.records,
            rejected: rows.rejected,
        })
    }
}

/// The row's id and V-number columns, which the driver itself needs, then the
/// export's own columns. Both keys come first in every export's contract order.
fn resolve<E: Schema>(header: &mut Header) -> Result<(Col, Col, E::Columns), HeaderError> {
    Ok((
        header.required(E::EXPORT.id_column())?,
        header.required("v_number")?,
        E::columns(header)?,
    ))
}

/// The rows of one export as they are sorted into accepted and quarantined.
struct Rows<E: Schema> {
    header: Header,
    id: Col,
    v_number: Col,
    columns: E::Columns,
    separator: &'static str,
    seen: FirstSeen,
    records: Vec<E::Record>,
    rejected: Vec<Rejection>,
    schema: PhantomData<fn() -> E>,
}

impl<E: Schema> Rows<E> {
    /// Accepts or quarantines one row; hands the record's buffers back for the
    /// next row.
    fn take(&mut self, record: ByteRecord, line: Line) -> ByteRecord {
        if record.len() != self.header.width() {
            self.reject_ragged(&record, line);
            return record;
        }
        let strings = match StringRecord::from_byte_record(record) {
            Ok(strings) => strings,
            Err(err) => {
                let field = err.utf8_error().field();
                let record = err.into_byte_record();
                self.reject_not_utf8(&record, field, line);
                return record;
            }
        };
        let row = Row::new(&strings, line);
        let id = row.text(self.id);
        let parsed = E::parse(&self.columns, &row);
        let first = (!id.is_empty())
            .then(|| self.seen.check(id, line))
            .flatten();
        let rejection = |column: &str, value: &str, reason: String| Rejection {
            file: E::EXPORT,
            line,
            v_number: Some(row.text(self.v_number))
                .filter(|v| cells::is_v_number(v))
                .map(str::to_owned),
            column: column.to_owned(),
            value: value.to_owned(),
            reason,
        };
        match (parsed, first) {
            (Ok(record), None) => self.records.push(record),
            (Ok(_), Some(first)) => self.rejected.push(rejection(
                self.id.name,
                id,
                crossrow::duplicate_reason(self.id.name, id, first),
            )),
            (Err(e), _) => self.rejected.push(rejection(e.column, &e.value, e.reason)),
        }
        strings.into_byte_record()
    }

    /// A row with more or fewer fields than the header: no cell can be trusted
    /// to be in its column, so the row is shown whole and its id is not
    /// claimed. Its V-number is still taken from its place when it is a valid
    /// one, so the person is held (H01) rather than decided on with a record
    /// missing.
    fn reject_ragged(&mut self, record: &ByteRecord, line: Line) {
        let value = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_owned())
            .collect::<Vec<_>>()
            .join(self.separator);
        let breaks = value.matches('\n').count();
        let hint = if breaks == 0 {
            "check this row's delimiters and quotes".to_owned()
        } else {
            format!(
                "the row runs over {} lines: a quote may not be closed",
                breaks + 1
            )
        };
        self.rejected.push(Rejection {
            file: E::EXPORT,
            line,
            v_number: self.v_number_of(record),
            column: String::new(),
            value,
            reason: format!(
                "expected {} fields as in the header, found {} ({hint})",
                self.header.width(),
                record.len()
            ),
        });
    }

    /// A row with a field that is not UTF-8. Its id still counts as seen, so a
    /// later row with the same id is a duplicate.
    fn reject_not_utf8(&mut self, record: &ByteRecord, field: usize, line: Line) {
        if let Some(id) = field_text(record, self.id).filter(|id| !id.is_empty()) {
            self.seen.check(id, line);
        }
        let value = record
            .get(field)
            .map(|f| String::from_utf8_lossy(f).trim().to_owned())
            .unwrap_or_default();
        self.rejected.push(Rejection {
            file: E::EXPORT,
            line,
            v_number: self.v_number_of(record),
            column: self.header.label(field).to_owned(),
            value,
            reason: "value is not valid UTF-8 (the export must be encoded as UTF-8)".to_owned(),
        });
    }

    fn v_number_of(&self, record: &ByteRecord) -> Option<String> {
        field_text(record, self.v_number)
            .filter(|v| cells::is_v_number(v))
            .map(str::to_owned)
    }
}

/// The trimmed text of `col` in a raw record, when it is there and UTF-8.
fn field_text(record: &ByteRecord, col: Col) -> Option<&str> {
    let bytes = record.get(col.index?)?;
    std::str::from_utf8(bytes).ok().map(str::trim)
}

/// Reads `text` as the export `E` (a CSV file's content).
#[cfg(test)]
pub(super) fn read_bytes<E: Schema + 'static>(
    text: &[u8],
) -> Result<Finished<Vec<E::Record>>, ContractError> {
    use super::Format;
    let file = Located {
        export: E::EXPORT,
        path: std::path::PathBuf::from(format!("{}.csv", E::EXPORT)),
        format: Format::Csv,
        bytes: text.len() as u64,
    };
    let source = source::CsvSource::new(std::io::Cursor::new(text.to_vec())).map_err(
        |SourceError(detail)| ContractError::Unreadable {
            path: file.path.clone(),
            detail,
        },
    )?;
    FileJob::<E>::new(file, Box::new(source))?.read(&super::NoProgress)
}

/// Reads `text` as the export `E`: (accepted, rejected); panics on a contract
/// error.
#[cfg(test)]
pub(super) fn read_str<E: Schema + 'static>(text: &str) -> (Vec<E::Record>, Vec<Rejection>) {
    match read_bytes::<E>(text.as_bytes()) {
        Ok(read) => (read.records, read.rejected),
        Err(e) => panic!("{e}"),
    }
}
