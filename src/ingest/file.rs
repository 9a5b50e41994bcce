//! Reading one export end to end: header against the export's contract table
//! (`model::contract`), then every row either accepted as a typed record or
//! quarantined with exactly one reason (SPEC §3.1, §7).
//!
//! The same driver serves all seven exports; what differs per export (which
//! of its columns a record reads, and how a row becomes a record) is a
//! [`Schema`], one module each.
//! The driver owns the row-level checks every export shares: field count,
//! UTF-8, duplicate ids. It does not locate files or check rows across files
//! (see `mod.rs` and `crossrow.rs`).
//!
//! A CSV export is read in chunks of whole records that are parsed in
//! parallel (a 4-million-row file is most of a run's input); the chunks'
//! records are joined in file order and the duplicate-id check runs once over
//! the joined file, in line order, so the result is exactly that of reading
//! row by row.

use super::cells;
use super::columns::{Col, Found, Header, HeaderError};
use super::crossrow;
use super::row::{CellError, Row};
use super::source::{self, FileDigest, Input, RowSource, SourceError};
use super::{
    ContractError, Located, Progress, Rejection, alert_decisions, applications, entry_bans,
    exclusion_orders, return_decisions, rtb_holders, sis_hits,
};
use crate::model::contract::column;
use crate::model::{
    AlertDecision, Application, EntryBan, ExclusionOrder, Export, Line, ReturnDecision, RtbHolder,
    SisHit,
};
use csv::{ByteRecord, StringRecord};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::marker::PhantomData;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What one export contributes to the contract: its columns and its records.
pub(super) trait Schema {
    const EXPORT: Export;
    /// Where the contract's columns are in this file's header.
    type Columns: Send;
    type Record: Send;

    /// Picks the export's columns from those its contract table names, found
    /// in the file's header.
    fn columns(found: &Found) -> Self::Columns;

    /// The row as a record, or its first problem in the contract's column
    /// order.
    fn parse(columns: &Self::Columns, row: &Row<'_>) -> Result<Self::Record, CellError>;

    /// An accepted record's line, id and V-number (for the duplicate check).
    fn key(record: &Self::Record) -> (Line, &str, &str);

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
    source: Input,
    base: Rows<E>,
}

impl<E: Schema + 'static> FileJob<E> {
    fn prepare(file: Located, source: Input) -> Result<Box<dyn Job>, ContractError> {
        Ok(Box::new(Self::new(file, source)?))
    }

    fn new(file: Located, source: Input) -> Result<Self, ContractError> {
        let header = Header::new(source.header().to_vec());
        let base = Rows::new(header, source.separator()).map_err(|e| match e {
            HeaderError::Missing(column) => ContractError::MissingColumn {
                path: file.path.clone(),
                column: column.to_owned(),
            },
            HeaderError::Duplicate(column) => ContractError::DuplicateColumn {
                path: file.path.clone(),
                column: column.to_owned(),
            },
        })?;
        Ok(FileJob { file, source, base })
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

/// Chunks parsed at once beyond the threads' own: enough to keep every
/// thread busy, few enough to keep memory flat.
const CHUNKS_AHEAD: usize = 2;

impl<E: Schema> FileJob<E> {
    fn read(self, progress: &dyn Progress) -> Result<Finished<Vec<E::Record>>, ContractError> {
        let FileJob { file, source, base } = self;
        let unreadable = |SourceError(detail)| ContractError::Unreadable {
            path: file.path.clone(),
            detail,
        };
        progress.start(E::EXPORT, file.bytes);
        let unknown_columns = base.header.unknown();
        let (parts, digest) = match source {
            Input::Csv(chunks) => read_chunks(*chunks, &base, progress).map_err(unreadable)?,
            Input::Rows(source) => read_rows(source, base, progress).map_err(unreadable)?,
        };
        progress.finish(E::EXPORT);
        let (mut records, rejected) = join::<E>(parts);
        // In (V-number, id) order (see `Inputs::order_by_person`), sorted
        // here so that a small export's sort runs while the large ones are
        // still being read.
        records.par_sort_unstable_by(|a, b| {
            let ((_, a_id, a_v), (_, b_id, b_v)) = (E::key(a), E::key(b));
            (a_v, a_id).cmp(&(b_v, b_id))
        });
        tracing::debug!(
            export = %E::EXPORT,
            accepted = records.len(),
            rejected = rejected.len(),
            "export read"
        );
        Ok(Finished {
            file,
            digest,
            unknown_columns,
            records,
            rejected,
        })
    }
}

/// Reads a CSV export chunk by chunk, parsing chunks on the rayon pool while
/// the next ones are read and hashed; the parts come back in file order.
fn read_chunks<E: Schema, R: std::io::Read + Send>(
    mut chunks: source::CsvChunks<R>,
    base: &Rows<E>,
    progress: &dyn Progress,
) -> Result<FileParts<E::Record>, SourceError> {
    let parts: Mutex<Vec<Option<Part<E::Record>>>> = Mutex::new(Vec::new());
    let in_flight = AtomicUsize::new(0);
    let limit = rayon::current_num_threads() + CHUNKS_AHEAD;
    let store = |index: usize, part: Part<E::Record>| {
        if let Ok(mut parts) = parts.lock() {
            if parts.len() <= index {
                parts.resize_with(index + 1, || None);
            }
            parts[index] = Some(part);
        }
    };
    let (header, separator) = (&base.header, base.separator);
    let mut reported = 0;
    let mut failure = None;
    rayon::scope(|scope| {
        let mut index = 0;
        loop {
            let chunk = match chunks.next_chunk() {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            };
            let read = chunks.bytes_read();
            progress.advance(E::EXPORT, read - reported);
            reported = read;
            // Parse here when enough chunks wait: that keeps this thread
            // useful and bounds the bytes held in memory.
            if in_flight.load(Ordering::Acquire) >= limit {
                store(index, parse_chunk::<E>(header, separator, &chunk));
            } else {
                in_flight.fetch_add(1, Ordering::AcqRel);
                let (store, in_flight) = (&store, &in_flight);
                scope.spawn(move |_| {
                    store(index, parse_chunk::<E>(header, separator, &chunk));
                    in_flight.fetch_sub(1, Ordering::AcqRel);
                });
            }
            index += 1;
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    let digest = chunks.finish();
    if digest.bytes > reported {
        progress.advance(E::EXPORT, digest.bytes - reported);
    }
    let parts = parts
        .into_inner()
        .map_err(|_| SourceError("a parsing thread failed".to_owned()))?
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| SourceError("a chunk of the file was not parsed".to_owned()))?;
    Ok((parts, digest))
}

/// Reads any other source row by row.
fn read_rows<E: Schema>(
    mut source: Box<dyn RowSource>,
    mut rows: Rows<E>,
    progress: &dyn Progress,
) -> Result<FileParts<E::Record>, SourceError> {
    let mut reported = 0;
    let mut until_report = PROGRESS_EVERY;
    let mut record = ByteRecord::new();
    while let Some(line) = source.next_row(&mut record)? {
        record = rows.take(record, line);
        until_report -= 1;
        if until_report == 0 {
            until_report = PROGRESS_EVERY;
            let bytes = source.consumed();
            reported += bytes;
            progress.advance(E::EXPORT, bytes);
        }
    }
    let digest = source.finish()?;
    if digest.bytes > reported {
        progress.advance(E::EXPORT, digest.bytes - reported);
    }
    Ok((vec![rows.part], digest))
}

/// Joins the parts in file order and runs the duplicate-id check over the
/// whole file in line order: the first row with an id claims it (whether or
/// not it was accepted); a later accepted row with that id is quarantined.
fn join<E: Schema>(parts: Vec<Part<E::Record>>) -> (Vec<E::Record>, Vec<Rejection>) {
    let total: usize = parts.iter().map(|p| p.records.len()).sum();
    let mut rejected = Vec::new();
    let mut claims = Vec::new();
    // The first part's vector grows into the whole (a large block grows in
    // place), so the records are never held twice.
    let mut records = Vec::new();
    for part in parts {
        if records.is_empty() {
            records = part.records;
            records.reserve_exact(total - records.len());
        } else {
            records.extend(part.records);
        }
        rejected.extend(part.rejected);
        claims.extend(part.claims);
    }
    let column = E::EXPORT.id_column();
    let mut first: FxHashMap<&str, Line> =
        FxHashMap::with_capacity_and_hasher(records.len() + claims.len(), Default::default());
    let mut duplicates = Vec::new();
    let mut claims = claims.iter().peekable();
    for (index, record) in records.iter().enumerate() {
        let (line, id, v_number) = E::key(record);
        // Ids of quarantined rows on earlier lines claim first.
        while let Some((claim_line, claim_id)) = claims.next_if(|(l, _)| *l < line) {
            first.entry(claim_id.as_str()).or_insert(*claim_line);
        }
        match first.get(id) {
            Some(&earlier) => {
                duplicates.push(index);
                rejected.push(Rejection {
                    file: E::EXPORT,
                    line,
                    v_number: Some(v_number.to_owned()),
                    column: column.to_owned(),
                    value: id.to_owned(),
                    reason: crossrow::duplicate_reason(column, id, earlier),
                });
            }
            None => {
                first.insert(id, line);
            }
        }
    }
    drop(first);
    if !duplicates.is_empty() {
        let mut next = duplicates.into_iter().peekable();
        let mut index = 0;
        records.retain(|_| {
            let drop = next.next_if_eq(&index).is_some();
            index += 1;
            !drop
        });
        rejected.sort_by_key(|r| r.line);
    }
    (records, rejected)
}

/// The parts of a file in file order, and its digest.
type FileParts<R> = (Vec<Part<R>>, FileDigest);

/// What one stretch of rows gave: accepted records and quarantined rows in
/// line order, and the ids that quarantined rows claim (line order).
struct Part<R> {
    records: Vec<R>,
    rejected: Vec<Rejection>,
    claims: Vec<(Line, String)>,
}

impl<R> Default for Part<R> {
    fn default() -> Self {
        Part {
            records: Vec::new(),
            rejected: Vec::new(),
            claims: Vec::new(),
        }
    }
}

/// Sorts the rows of one chunk, with the lines `CsvSource` would give
/// them (blank lines skipped, a record's line is where it starts).
fn parse_chunk<E: Schema>(
    header: &Header,
    separator: &'static str,
    chunk: &source::Chunk,
) -> Part<E::Record> {
    let mut rows = match Rows::<E>::new(header.clone(), separator) {
        Ok(rows) => rows,
        // The same header resolved once already.
        Err(_) => return Part::default(),
    };
    // At most one record per line: sized once, no slack kept.
    rows.part.records.reserve_exact(chunk.lines as usize + 1);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(chunk.delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(source::CHUNK_BYTES.min(chunk.bytes.len().max(1)))
        .from_reader(chunk.bytes.as_slice());
    let ends_with_newline = chunk.bytes.last() == Some(&b'\n');
    let mut record = ByteRecord::new();
    loop {
        let before = reader.position().line();
        // Reading from memory cannot fail; the parser itself never
        // rejects bytes (flexible, no UTF-8 check).
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) | Err(_) => break,
        }
        if source::is_blank(&record) {
            continue;
        }
        let after = reader.position().line();
        let inside = record.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
        let at_end = reader.position().byte() as usize == chunk.bytes.len();
        let terminated = !at_end || ends_with_newline;
        let line = after
            .saturating_sub(inside + u64::from(terminated))
            .max(before);
        record = rows.take(record, chunk.first_line + line - 1);
    }
    rows.part
}

/// The header checked against the export's contract table (a missing column
/// is named first in contract order), then the row's id and V-number
/// columns, which the driver itself needs, and the export's columns.
fn resolve<E: Schema>(header: &mut Header) -> Result<(Col, Col, E::Columns), HeaderError> {
    let found = header.resolve(E::EXPORT.table())?;
    Ok((
        found.col(E::EXPORT.id_column()),
        found.col(column::V_NUMBER),
        E::columns(&found),
    ))
}

/// The rows of one export (or one chunk of it) as they are sorted into
/// accepted and quarantined.
struct Rows<E: Schema> {
    header: Header,
    id: Col,
    v_number: Col,
    columns: E::Columns,
    separator: &'static str,
    part: Part<E::Record>,
    schema: PhantomData<fn() -> E>,
}

impl<E: Schema> Rows<E> {
    fn new(mut header: Header, separator: &'static str) -> Result<Self, HeaderError> {
        let (id, v_number, columns) = resolve::<E>(&mut header)?;
        Ok(Rows {
            header,
            id,
            v_number,
            columns,
            separator,
            part: Part::default(),
            schema: PhantomData,
        })
    }

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
        match E::parse(&self.columns, &row) {
            // The duplicate-id check needs the whole file (`join`).
            Ok(record) => self.part.records.push(record),
            Err(e) => {
                let id = row.text(self.id);
                if !id.is_empty() {
                    self.part.claims.push((line, id.to_owned()));
                }
                self.part.rejected.push(Rejection {
                    file: E::EXPORT,
                    line,
                    v_number: Some(row.text(self.v_number))
                        .filter(|v| cells::is_v_number(v))
                        .map(str::to_owned),
                    column: e.column.to_owned(),
                    value: e.value,
                    reason: e.reason,
                });
            }
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
        self.part.rejected.push(Rejection {
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
            self.part.claims.push((line, id.to_owned()));
        }
        let value = record
            .get(field)
            .map(|f| String::from_utf8_lossy(f).trim().to_owned())
            .unwrap_or_default();
        self.part.rejected.push(Rejection {
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

/// Reads `text` as the export `E` (a CSV file's content), through the same
/// chunked reader as a file.
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
    let reader: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(text.to_vec()));
    let source = source::CsvChunks::new(reader).map_err(|SourceError(detail)| {
        ContractError::Unreadable {
            path: file.path.clone(),
            detail,
        }
    })?;
    FileJob::<E>::new(file, Input::Csv(Box::new(source)))?.read(&super::NoProgress)
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

#[cfg(test)]
mod tests {
    use super::super::entry_bans::EntryBans;
    use super::*;

    const HEADER: &str = "ban_id,v_number,severity,decision_date,ground,final,status";

    fn ban(id: &str, v: &str) -> String {
        format!("{id},{v},light,2021-01-01,other,1,active\n")
    }

    /// Lines and ids of accepted records and of rejections.
    type Accepted = Vec<(Line, String)>;
    type Rejected = Vec<(Line, String, String)>;

    fn read(text: &str) -> (Accepted, Rejected) {
        let (records, rejected) = read_str::<EntryBans>(text);
        (
            records
                .iter()
                .map(|b| (b.line, b.ban_id.to_string()))
                .collect(),
            rejected
                .into_iter()
                .map(|r| (r.line, r.column, r.reason))
                .collect(),
        )
    }

    #[test]
    fn a_quarantined_row_still_claims_its_id() {
        let text = format!(
            "{HEADER}\n{}B1,123456,light,2021-02-30,other,1,active\n{}{}",
            ban("B0", "123456"),
            ban("B1", "123456"),
            ban("B0", "654321"),
        );
        let (accepted, rejected) = read(&text);
        assert_eq!(accepted, vec![(2, "B0".to_string())]);
        assert_eq!(
            rejected,
            vec![
                (
                    3,
                    column::DECISION_DATE.to_string(),
                    "decision_date '2021-02-30' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
                        .to_string()
                ),
                (
                    4,
                    column::BAN_ID.to_string(),
                    "duplicate ban_id 'B1' (first on line 3)".to_string()
                ),
                (
                    5,
                    column::BAN_ID.to_string(),
                    "duplicate ban_id 'B0' (first on line 2)".to_string()
                ),
            ]
        );
    }

    /// Many chunks, blank lines, quoted line breaks across chunk boundaries,
    /// a last line without a line end: every row keeps the line a row-by-row
    /// reader gives it, and duplicates are found across chunks.
    #[test]
    fn chunks_give_the_lines_and_records_of_a_row_by_row_read() {
        let mut text = format!("\n{HEADER}\r\n");
        let mut expected = Vec::new();
        let mut line = 3;
        let rows = 90_000;
        for i in 0..rows {
            match i % 7 {
                0 => {
                    text.push('\n');
                    line += 1;
                    text.push_str(&ban(&format!("B{i}"), "123456"));
                    expected.push((line, format!("B{i}")));
                    line += 1;
                }
                1 => {
                    // A quoted id with a line break in it.
                    text.push_str(&format!(
                        "\"B{i}\nx\",123456,light,2021-01-01,other,1,active\r\n"
                    ));
                    expected.push((line, format!("B{i}\nx")));
                    line += 2;
                }
                2 => {
                    // A quote inside an unquoted field is a plain character.
                    text.push_str(&ban(&format!("B{i}\"q"), "123456"));
                    expected.push((line, format!("B{i}\"q")));
                    line += 1;
                }
                _ => {
                    text.push_str(&ban(&format!("B{i}"), "123456"));
                    expected.push((line, format!("B{i}")));
                    line += 1;
                }
            }
        }
        text.push_str("B3,123456,light,2021-01-01,other,1,active");
        assert!(text.len() > 3 * source::CHUNK_BYTES, "{}", text.len());
        let (accepted, rejected) = read(&text);
        // Accepted records come in (V-number, id) order; all share one
        // V-number here.
        expected.sort_by(|a, b| a.1.cmp(&b.1));
        assert_eq!(accepted.len(), expected.len());
        assert_eq!(accepted, expected);
        assert_eq!(
            rejected,
            vec![(
                line,
                column::BAN_ID.to_string(),
                "duplicate ban_id 'B3' (first on line 8)".to_string()
            )]
        );
    }
}
