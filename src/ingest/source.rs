//! Reading one export file into a header and raw rows, each with the line a
//! person finds it on (SPEC §3.1): the seam between file formats and the
//! contract.
//!
//! A [`RowSource`] yields the header names and then every data row as a
//! `csv::ByteRecord` of text cells, with its 1-based line; blank lines are not
//! rows. It also hashes the file. CSV lives here ([`CsvSource`]); a Parquet
//! source fills the same record (dates and booleans rendered as contract text,
//! line = row index + 2) and plugs in as one arm of [`open`]. Sources know
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

/// Opens `path` as an export of `format`.
pub(super) fn open(path: &Path, format: Format) -> Result<Box<dyn RowSource>, ContractError> {
    let unreadable = |detail: String| ContractError::Unreadable {
        path: path.to_owned(),
        detail,
    };
    match format {
        Format::Csv => {
            let file = File::open(path).map_err(|e| unreadable(e.to_string()))?;
            let source = CsvSource::new(file).map_err(|SourceError(detail)| unreadable(detail))?;
            Ok(Box::new(source))
        }
        Format::Parquet => Err(unreadable(
            "Parquet exports are not supported by this build yet; deliver the export as CSV"
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
        })
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
fn is_blank(record: &ByteRecord) -> bool {
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
