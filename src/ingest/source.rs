//! Reading one export file into a header and raw rows, each with the line a
//! person finds it on (SPEC §3.1): the seam between file formats and the
//! contract.
//!
//! A [`RowSource`] yields the header names and then every data row as a
//! `csv::ByteRecord` of text cells, with its 1-based line; blank lines are not
//! rows. It also hashes the file. CSV lives here ([`CsvSource`]); a Parquet
//! source fills the same record (dates and booleans rendered as contract text,
//! line = row index + 2, `parquet.rs`) and is one arm of [`open`]. Sources know
//! nothing of column names, values or quarantine.

use super::{ContractError, Format};
use crate::model::Line;
use csv::ByteRecord;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, Chain, Cursor, Read};
use std::path::Path;

/// What a source learnt about the file's bytes once it has read them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FileDigest {
    pub bytes: u64,
    /// Lower-case hex SHA-256.
    pub sha256: String,
}

/// A failure to read the file; the caller adds the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SourceError(pub String);

/// One export file, read row by row.
pub(super) trait RowSource: Send {
    /// The header names as written (BOM removed).
    fn header(&self) -> &[String];

    /// Reads the next data row into `record` (reusing its buffers); its line,
    /// or `None` at the end of the file.
    fn next_row(&mut self, record: &mut ByteRecord) -> Result<Option<Line>, SourceError>;

    /// Bytes of the file consumed since the previous call (for progress).
    fn consumed(&mut self) -> u64;

    /// How to join a row's fields when showing a malformed row to a person.
    fn separator(&self) -> &'static str;

    /// Reads whatever is left and returns the file's size and hash.
    fn finish(self: Box<Self>) -> Result<FileDigest, SourceError>;
}

/// An opened export: CSV in chunks (parsed in parallel), or any other
/// source row by row.
#[cfg_attr(not(feature = "parquet"), expect(dead_code))]
pub(super) enum Input {
    Csv(Box<CsvChunks<Box<dyn Read + Send>>>),
    Rows(Box<dyn RowSource>),
}

impl Input {
    pub fn header(&self) -> &[String] {
        match self {
            Input::Csv(c) => c.header(),
            Input::Rows(r) => r.header(),
        }
    }

    pub fn separator(&self) -> &'static str {
        match self {
            Input::Csv(c) => c.separator(),
            Input::Rows(r) => r.separator(),
        }
    }
}

/// Opens `path` as an export of `format` and reads its header.
pub(super) fn open(path: &Path, format: Format) -> Result<Input, ContractError> {
    let unreadable = |detail: String| ContractError::Unreadable {
        path: path.to_owned(),
        detail,
    };
    match format {
        Format::Csv => {
            let file = File::open(path).map_err(|e| unreadable(e.to_string()))?;
            let file: Box<dyn Read + Send> = Box::new(file);
            let chunks =
                CsvChunks::new(file).map_err(|SourceError(detail)| unreadable(detail))?;
            Ok(Input::Csv(Box::new(chunks)))
        }
        #[cfg(feature = "parquet")]
        Format::Parquet => {
            let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
            let source = super::parquet::ParquetSource::new(bytes)
                .map_err(|SourceError(detail)| unreadable(detail))?;
            Ok(Input::Rows(Box::new(source)))
        }
        #[cfg(not(feature = "parquet"))]
        Format::Parquet => Err(unreadable(
            "Parquet exports are not supported by this build (built without the `parquet` feature); deliver the export as CSV"
                .to_owned(),
        )),
    }
}

/// Passes the file's bytes through to the CSV parser, hashing and counting
/// them on the way, so the file is read once.
struct Tap<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
    last: Option<u8>,
    eof: bool,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.eof = !buf.is_empty();
        } else {
            self.hasher.update(&buf[..n]);
            self.bytes += n as u64;
            self.last = Some(buf[n - 1]);
        }
        Ok(n)
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";
const CHUNK: usize = 64 * 1024;

/// A CSV export: `,` or `;` (detected from the header line), standard quoting,
/// UTF-8 BOM ignored, LF or CRLF line ends.
pub(super) struct CsvSource<R> {
    reader: csv::Reader<Chain<Cursor<Vec<u8>>, Tap<R>>>,
    header: Vec<String>,
    separator: &'static str,
    reported: u64,
    /// Bytes before the parser's first byte (a BOM).
    start: u64,
    delimiter: u8,
}

impl<R: Read> CsvSource<R> {
    pub fn new(inner: R) -> Result<Self, SourceError> {
        let mut tap = Tap {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
            last: None,
            eof: false,
        };
        // The delimiter must be known before the parser starts, so the first
        // line is read ahead and then handed to the parser in front of the rest.
        let mut prefix = Vec::new();
        let mut chunk = vec![0; CHUNK];
        loop {
            let n = tap
                .read(&mut chunk)
                .map_err(|e| SourceError(e.to_string()))?;
            if n == 0 {
                break;
            }
            prefix.extend_from_slice(&chunk[..n]);
            if chunk[..n].contains(&b'\n') {
                break;
            }
        }
        let start = if prefix.starts_with(BOM) {
            BOM.len()
        } else {
            0
        };
        let first_line = prefix[start..].split(|&b| b == b'\n').next().unwrap_or(&[]);
        let delimiter = detect_delimiter(first_line);
        let mut cursor = Cursor::new(prefix);
        cursor.set_position(start as u64);

        // Only `\n` ends a record: the `\r` of a CRLF line end stays in the last
        // field, where trimming removes it, and every record consumes its own
        // line end, which `next_row`'s line arithmetic relies on.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(CHUNK)
            .from_reader(cursor.chain(tap));

        let mut record = ByteRecord::new();
        loop {
            if !reader
                .read_byte_record(&mut record)
                .map_err(|e| SourceError(e.to_string()))?
            {
                return Err(SourceError(
                    "the file has no header line (the first line must name the columns)".to_owned(),
                ));
            }
            if !is_blank(&record) {
                break;
            }
        }
        let header = record
            .iter()
            .map(|field| std::str::from_utf8(field).map(str::to_owned))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| SourceError("the header line is not valid UTF-8".to_owned()))?;

        Ok(CsvSource {
            reader,
            header,
            separator: if delimiter == b';' { ";" } else { "," },
            reported: 0,
            start: start as u64,
            delimiter,
        })
    }

    /// Where the data rows start: the byte offset in the file after the
    /// header line, and the line that begins there.
    fn resume_point(&self) -> (u64, Line) {
        let position = self.reader.position();
        (self.start + position.byte(), position.line())
    }

    fn tap(&self) -> &Tap<R> {
        self.reader.get_ref().get_ref().1
    }
}

impl<R: Read + Send> RowSource for CsvSource<R> {
    fn header(&self) -> &[String] {
        &self.header
    }

    fn next_row(&mut self, record: &mut ByteRecord) -> Result<Option<Line>, SourceError> {
        loop {
            let before = self.reader.position().line();
            let more = self
                .reader
                .read_byte_record(record)
                .map_err(|e| SourceError(format!("read failed after line {before}: {e}")))?;
            if !more {
                return Ok(None);
            }
            if is_blank(record) {
                continue;
            }
            // The parser skips blank lines without saying so, so the line a
            // record starts on is counted back from where it ends: minus the
            // line breaks inside quoted fields, minus its own line end (absent
            // only for a last line without one).
            let after = self.reader.position().line();
            let inside = record.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
            let tap = self.tap();
            let terminated = !(tap.eof && tap.last != Some(b'\n'));
            let line = after
                .saturating_sub(inside + u64::from(terminated))
                .max(before);
            return Ok(Some(line));
        }
    }

    fn consumed(&mut self) -> u64 {
        let bytes = self.tap().bytes;
        let delta = bytes - self.reported;
        self.reported = bytes;
        delta
    }

    fn separator(&self) -> &'static str {
        self.separator
    }

    fn finish(self: Box<Self>) -> Result<FileDigest, SourceError> {
        let (_, mut tap) = self.reader.into_inner().into_inner();
        io::copy(&mut tap, &mut io::sink()).map_err(|e| SourceError(e.to_string()))?;
        Ok(FileDigest {
            bytes: tap.bytes,
            sha256: format!("{:x}", tap.hasher.finalize()),
        })
    }
}

/// A CSV export read in large chunks that each start and end on a record
/// boundary, so the chunks can be parsed in parallel and give exactly the
/// records, and lines, that [`CsvSource`] gives row by row.
///
/// The header is found by [`CsvSource`] itself on the first block. Record
/// boundaries are found by [`Scan`], which follows the CSV parser's own
/// states (quoted fields may hold line breaks; a quote inside an unquoted
/// field is a plain character). The bytes are hashed as they are read.
pub(super) struct CsvChunks<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
    header: Vec<String>,
    separator: &'static str,
    delimiter: u8,
    /// Read but not yet handed out; starts on a record boundary.
    pending: Vec<u8>,
    /// The line `pending` starts on.
    line: Line,
    scan: Scan,
    /// How much of `pending` `scan` has seen, and the last boundary in it.
    scanned: usize,
    boundary: usize,
    eof: bool,
}

/// One piece of a CSV export: whole records only.
pub(super) struct Chunk {
    pub bytes: Vec<u8>,
    /// The line of the chunk's first byte.
    pub first_line: Line,
    /// The line breaks in it.
    pub lines: Line,
    pub delimiter: u8,
}

/// Bytes per chunk: large enough that per-chunk work is noise, small enough
/// that a few chunks in flight cost little memory.
pub(super) const CHUNK_BYTES: usize = 1 << 20;

impl<R: Read> CsvChunks<R> {
    pub fn new(mut inner: R) -> Result<Self, SourceError> {
        let mut first = Vec::new();
        let mut eof = false;
        let mut want = CHUNK_BYTES;
        loop {
            eof = eof || fill(&mut inner, &mut first, want)?;
            let source = CsvSource::new(Cursor::new(first.clone()))?;
            let (offset, line) = source.resume_point();
            // The header must end inside what was read, or be all there is.
            if eof || (offset as usize) < first.len() {
                let mut hasher = Sha256::new();
                hasher.update(&first);
                let bytes = first.len() as u64;
                let pending = first.split_off((offset as usize).min(first.len()));
                return Ok(CsvChunks {
                    inner,
                    hasher,
                    bytes,
                    header: source.header,
                    separator: source.separator,
                    delimiter: source.delimiter,
                    pending,
                    line,
                    scan: Scan::new(source.delimiter),
                    scanned: 0,
                    boundary: 0,
                    eof,
                });
            }
            want = first.len() + CHUNK_BYTES;
        }
    }

    pub fn header(&self) -> &[String] {
        &self.header
    }

    pub fn separator(&self) -> &'static str {
        self.separator
    }

    /// Bytes of the file read so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// The next chunk of whole records, or `None` at the end of the file.
    pub fn next_chunk(&mut self) -> Result<Option<Chunk>, SourceError> {
        loop {
            let start = self.scanned;
            self.boundary = self
                .scan
                .last_boundary(&self.pending[start..], start, self.boundary);
            self.scanned = self.pending.len();
            let cut = if self.eof {
                self.pending.len()
            } else if self.pending.len() >= CHUNK_BYTES && self.boundary > 0 {
                self.boundary
            } else {
                0
            };
            if cut > 0 {
                let rest = self.pending.split_off(cut);
                let bytes = std::mem::replace(&mut self.pending, rest);
                let first_line = self.line;
                let lines = bytes.iter().filter(|&&b| b == b'\n').count() as Line;
                self.line += lines;
                self.scanned -= cut;
                self.boundary = 0;
                return Ok(Some(Chunk {
                    bytes,
                    first_line,
                    lines,
                    delimiter: self.delimiter,
                }));
            }
            if self.eof {
                return Ok(None);
            }
            // Up to one chunk; beyond it only while a single record is longer.
            let before = self.pending.len();
            let want = if before < CHUNK_BYTES {
                CHUNK_BYTES
            } else {
                before + CHUNK_BYTES
            };
            self.eof = fill(&mut self.inner, &mut self.pending, want)?;
            self.hasher.update(&self.pending[before..]);
            self.bytes += (self.pending.len() - before) as u64;
        }
    }

    pub fn finish(self) -> FileDigest {
        FileDigest {
            bytes: self.bytes,
            sha256: format!("{:x}", self.hasher.finalize()),
        }
    }
}

/// Reads into `buf` until it holds `want` bytes or the input ends; true at
/// the end of the input.
fn fill<R: Read>(inner: &mut R, buf: &mut Vec<u8>, want: usize) -> Result<bool, SourceError> {
    let have = buf.len();
    buf.resize(want.max(have), 0);
    let mut filled = have;
    while filled < buf.len() {
        match inner.read(&mut buf[filled..]) {
            Ok(0) => {
                buf.truncate(filled);
                return Ok(true);
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(SourceError(e.to_string())),
        }
    }
    Ok(false)
}

/// The CSV parser's states as far as record boundaries go (standard quoting,
/// `""` as an escaped quote, `\n` as the only terminator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field (or record).
    Start,
    /// In an unquoted field: a quote here is a plain character.
    Field,
    Quoted,
    /// Just after a quote inside a quoted field.
    QuoteInQuoted,
}

/// Follows the parser's state across the bytes of a file.
#[derive(Debug)]
pub(super) struct Scan {
    state: State,
    delimiter: u8,
}

impl Scan {
    fn new(delimiter: u8) -> Self {
        Scan {
            state: State::Start,
            delimiter,
        }
    }

    /// Feeds `bytes` (found at `offset` in the buffer); returns the buffer
    /// index just after the last record end seen, or `last` if none.
    ///
    /// Quotes are rare, so the bytes are crossed quote to quote: between two
    /// quotes outside a quoted field every line break ends a record, and only
    /// the last one matters; inside a quoted field nothing does.
    fn last_boundary(&mut self, bytes: &[u8], offset: usize, mut last: usize) -> usize {
        let mut pos = 0;
        while pos < bytes.len() {
            if self.state == State::Quoted {
                match memchr::memchr(b'"', &bytes[pos..]) {
                    Some(q) => {
                        self.state = State::QuoteInQuoted;
                        pos += q + 1;
                    }
                    None => break,
                }
                continue;
            }
            let quote = memchr::memchr(b'"', &bytes[pos..]).map(|q| pos + q);
            let end = quote.unwrap_or(bytes.len());
            let plain = &bytes[pos..end];
            if let Some(n) = memchr::memrchr(b'\n', plain) {
                last = offset + pos + n + 1;
            }
            // Outside quotes a plain byte leaves the field open, a delimiter
            // or line break starts a new one; after a closing quote, a quote
            // is an escaped one.
            self.state = match (plain.last(), self.state) {
                (None, state) => state,
                (Some(&b), _) if b == b'\n' || b == self.delimiter => State::Start,
                (Some(_), _) => State::Field,
            };
            let Some(q) = quote else {
                break;
            };
            self.state = match self.state {
                State::Start | State::QuoteInQuoted => State::Quoted,
                State::Field | State::Quoted => State::Field,
            };
            pos = q + 1;
        }
        last
    }
}

/// `;` when the header line has more semicolons than commas outside quotes.
fn detect_delimiter(line: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// A line holding nothing but white space (a CRLF blank line reaches us as `\r`).
pub(super) fn is_blank(record: &ByteRecord) -> bool {
    record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &[u8]) -> CsvSource<&[u8]> {
        match CsvSource::new(text) {
            Ok(s) => s,
            Err(SourceError(e)) => panic!("{e}"),
        }
    }

    /// Every row as (line, fields).
    fn rows(text: &[u8]) -> Vec<(Line, Vec<String>)> {
        let mut s = source(text);
        let mut record = ByteRecord::new();
        let mut out = Vec::new();
        while let Ok(Some(line)) = s.next_row(&mut record) {
            let fields = record
                .iter()
                .map(|f| String::from_utf8_lossy(f).trim().to_owned())
                .collect();
            out.push((line, fields));
        }
        out
    }

    fn owned(fields: &[&str]) -> Vec<String> {
        fields.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn lines_count_blank_lines_and_multi_line_fields() {
        let expected = vec![
            (2, owned(&["a", "b"])),
            (5, owned(&["c", "d\nd"])),
            (8, owned(&["e", "f"])),
        ];
        assert_eq!(rows(b"h,x\na,b\n\n\nc,\"d\nd\"\n  \ne,f\n"), expected);
        assert_eq!(rows(b"h,x\na,b\n\n\nc,\"d\nd\"\n  \ne,f"), expected);
        let crlf = vec![
            (2, owned(&["a", "b"])),
            (5, owned(&["c", "d\r\nd"])),
            (8, owned(&["e", "f"])),
        ];
        assert_eq!(
            rows(b"h,x\r\na,b\r\n\r\n\r\nc,\"d\r\nd\"\r\n  \r\ne,f\r\n"),
            crlf
        );
        assert_eq!(
            rows(b"h,x\r\na,b\r\n\r\n\r\nc,\"d\r\nd\"\r\n  \r\ne,f"),
            crlf
        );
    }

    #[test]
    fn quoted_last_fields_with_crlf_line_ends() {
        assert_eq!(
            rows(b"h,x\r\n\"a\",\"b\"\r\n\"c\",\"\"\r\n"),
            vec![(2, owned(&["a", "b"])), (3, owned(&["c", ""]))]
        );
    }

    #[test]
    fn a_quote_left_open_at_the_end_keeps_its_line() {
        assert_eq!(rows(b"h,x\na,\"b\n"), vec![(2, owned(&["a", "b"]))]);
    }

    #[test]
    fn bom_is_dropped_and_semicolon_detected() {
        let s = source(b"\xEF\xBB\xBF Ban_ID ;\"a,b\";c\r\n1;2;3\r\n");
        assert_eq!(s.header(), &owned(&[" Ban_ID ", "a,b", "c\r"])[..]);
        assert_eq!(s.separator(), ";");
        assert_eq!(rows(b"\xEF\xBB\xBFa;b\n1;2"), vec![(2, owned(&["1", "2"]))]);
    }

    #[test]
    fn comma_wins_a_tie_and_quoted_separators_do_not_count() {
        assert_eq!(detect_delimiter(b"a,b;c"), b',');
        assert_eq!(detect_delimiter(b"a;b;c"), b';');
        assert_eq!(detect_delimiter(b"\"x,y,z\";b;c"), b';');
        assert_eq!(detect_delimiter(b"single"), b',');
    }

    /// The parser's states byte by byte: the reference `Scan` must match.
    fn boundaries_byte_by_byte(bytes: &[u8]) -> Vec<usize> {
        let mut state = State::Start;
        let mut out = Vec::new();
        for (i, &b) in bytes.iter().enumerate() {
            state = match (state, b) {
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::Start | State::QuoteInQuoted, b'"') => State::Quoted,
                (_, b'\n') => {
                    out.push(i + 1);
                    State::Start
                }
                (_, b',') => State::Start,
                _ => State::Field,
            };
        }
        out
    }

    #[test]
    fn scan_finds_the_parsers_record_ends_in_any_pieces() {
        let mut rng = fastrand::Rng::with_seed(5);
        for _ in 0..2000 {
            let len = rng.usize(0..40);
            let bytes: Vec<u8> = (0..len)
                .map(|_| *rng.choice(b"ab,\"\n".iter()).unwrap_or(&b'a'))
                .collect();
            let expected = boundaries_byte_by_byte(&bytes).last().copied().unwrap_or(0);
            // Fed in two pieces, as chunks arrive.
            let cut = rng.usize(0..=len);
            let mut scan = Scan::new(b',');
            let last = scan.last_boundary(&bytes[..cut], 0, 0);
            let last = scan.last_boundary(&bytes[cut..], cut, last);
            assert_eq!(
                last,
                expected,
                "{:?} cut at {cut}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }

    #[test]
    fn header_only_file_has_no_rows() {
        assert_eq!(rows(b"a,b\n"), vec![]);
        assert_eq!(rows(b"a,b"), vec![]);
        assert_eq!(rows(b"\n\na,b\n\n"), vec![]);
    }

    #[test]
    fn no_header_or_a_binary_header_is_an_error() {
        assert_eq!(
            CsvSource::new(&b"\n \r\n"[..]).err(),
            Some(SourceError(
                "the file has no header line (the first line must name the columns)".into()
            ))
        );
        assert_eq!(
            CsvSource::new(&b"\xEF\xBB\xBF"[..]).err(),
            Some(SourceError(
                "the file has no header line (the first line must name the columns)".into()
            ))
        );
        assert_eq!(
            CsvSource::new(&b"a,\xff\n"[..]).err(),
            Some(SourceError("the header line is not valid UTF-8".into()))
        );
    }

    #[test]
    fn a_long_file_is_hashed_and_counted_whole() {
        let mut text = b"h,x\n".to_vec();
        for i in 0..20_000 {
            text.extend_from_slice(format!("{i},value {i}\n").as_bytes());
        }
        let mut s = Box::new(source(&text));
        let mut record = ByteRecord::new();
        let mut last = 0;
        let mut consumed = 0;
        while let Ok(Some(line)) = s.next_row(&mut record) {
            last = line;
            consumed += s.consumed();
        }
        assert_eq!(last, 20_001);
        assert_eq!(consumed, text.len() as u64);
        let digest = s.finish().ok();
        assert_eq!(
            digest,
            Some(FileDigest {
                bytes: text.len() as u64,
                sha256: format!("{:x}", Sha256::digest(&text)),
            })
        );
    }

    #[test]
    fn sha256_is_lower_case_hex() {
        let s = Box::new(source(b"abc"));
        assert_eq!(
            s.finish().ok().map(|d| d.sha256),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into())
        );
    }
}
