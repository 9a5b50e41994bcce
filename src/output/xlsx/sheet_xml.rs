//! The rows of a group sheet as SpreadsheetML, written straight into the
//! sheet's compressed zip entry.
//!
//! rust_xlsxwriter builds the workbook around them (styles, the header row,
//! widths, filters, drop-downs, the other sheets), but its constant-memory
//! mode streams a sheet's cells into a temporary file, reads them back and
//! compresses every sheet on one thread: at 1.3M actions that was 1.35 GB
//! through the file system and 19 s. Here each group sheet's rows are
//! compressed in memory as they are made, sheets on all cores, and the
//! entry is spliced into the workbook in place of the header-only sheet.
//!
//! Text cells are written as rust_xlsxwriter writes them in constant-memory
//! mode (inline strings; its escaping of XML, of control characters as
//! `_xHHHH_` and of a literal `_xHHHH_` as `_x005F_xHHHH_`), so the result
//! reads back the same; the rule's texts, the same in every row of a rule,
//! refer to the workbook's shared strings instead. The tests read the
//! workbook back with calamine and umya.

use std::collections::HashMap;
use std::io::{self, Write};

/// Excel's limit on the length of a cell's text (UTF-16 units).
pub const MAX_CELL: usize = 32_767;

/// A buffer of row XML, flushed to the compressed entry when it is full.
pub struct Rows<W: Write> {
    out: W,
    buf: Vec<u8>,
    /// The row being written (1-based, as in the XML).
    row: u32,
    /// The style of a date cell: the workbook's index of the date format.
    date_style: u32,
    /// Cells written as references to the shared strings.
    pub shared_references: u64,
}

const FLUSH_AT: usize = 1 << 16;

impl<W: Write> Rows<W> {
    pub fn new(out: W, date_style: u32) -> Self {
        Rows {
            out,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            row: 1,
            date_style,
            shared_references: 0,
        }
    }

    /// Starts the next row (the header is row 1, written by the skeleton).
    pub fn start_row(&mut self) {
        self.row += 1;
        self.buf.extend_from_slice(b"<row r=\"");
        push_u32(&mut self.buf, self.row);
        self.buf.extend_from_slice(b"\">");
    }

    pub fn end_row(&mut self) -> io::Result<()> {
        self.buf.extend_from_slice(b"</row>");
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// A text cell; nothing for an empty text. Text longer than Excel's
    /// cell limit is cut, visibly, rather than failing the run.
    pub fn text(&mut self, col: usize, value: &str) {
        if value.is_empty() {
            return;
        }
        // A UTF-8 text has at least as many bytes as UTF-16 units, so nearly
        // every cell is known to fit without counting.
        if value.len() > MAX_CELL && value.encode_utf16().count() > MAX_CELL {
            let cut = cut_to_cell(value);
            self.text(col, &cut);
            return;
        }
        self.cell_start(col);
        self.buf.extend_from_slice(b" t=\"inlineStr\"><is><t");
        if value.starts_with(['\t', '\n', ' ']) || value.ends_with(['\t', '\n', ' ']) {
            self.buf.extend_from_slice(b" xml:space=\"preserve\"");
        }
        self.buf.push(b'>');
        escape_into(&mut self.buf, value);
        self.buf.extend_from_slice(b"</t></is></c>");
    }

    /// A cell holding the shared string number `index`.
    pub fn shared(&mut self, col: usize, index: u32) {
        self.cell_start(col);
        self.buf.extend_from_slice(b" t=\"s\"><v>");
        push_u32(&mut self.buf, index);
        self.buf.extend_from_slice(b"</v></c>");
        self.shared_references += 1;
    }

    /// A date cell (Excel's serial day number, in the date format); a date
    /// Excel cannot show (before 1 March 1900) is written as its ISO text.
    pub fn date(&mut self, col: usize, value: Option<chrono::NaiveDate>) {
        let Some(d) = value else { return };
        let Some(serial) = excel_serial(d) else {
            self.text(col, &d.to_string());
            return;
        };
        self.cell_start(col);
        self.buf.extend_from_slice(b" s=\"");
        push_u32(&mut self.buf, self.date_style);
        self.buf.extend_from_slice(b"\"><v>");
        push_u32(&mut self.buf, serial);
        self.buf.extend_from_slice(b"</v></c>");
    }

    /// Writes what is left and hands back the entry.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(&self.buf)?;
        Ok(self.out)
    }

    fn cell_start(&mut self, col: usize) {
        self.buf.extend_from_slice(b"<c r=\"");
        push_column(&mut self.buf, col);
        push_u32(&mut self.buf, self.row);
        self.buf.push(b'"');
    }
}

/// Excel's serial number of a day: days since 1899-12-30, which is right
/// from 1 March 1900 on (Excel counts a 29 February 1900 that never was).
fn excel_serial(d: chrono::NaiveDate) -> Option<u32> {
    let first = chrono::NaiveDate::from_ymd_opt(1900, 3, 1)?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    if d < first || d > chrono::NaiveDate::from_ymd_opt(9999, 12, 31)? {
        return None;
    }
    u32::try_from((d - epoch).num_days()).ok()
}

/// A column's letters: 0 is A, 25 is Z, 26 is AA.
pub fn push_column(buf: &mut Vec<u8>, col: usize) {
    let mut letters = [0u8; 3];
    let mut n = col + 1;
    let mut i = letters.len();
    while n > 0 && i > 0 {
        i -= 1;
        letters[i] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    buf.extend_from_slice(&letters[i..]);
}

fn push_u32(buf: &mut Vec<u8>, n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// The text cut to Excel's cell limit, with an ellipsis.
pub fn cut_to_cell(value: &str) -> String {
    let mut cut = String::new();
    let mut units = 0;
    for ch in value.chars() {
        units += ch.len_utf16();
        if units > MAX_CELL - 1 {
            break;
        }
        cut.push(ch);
    }
    cut.push('…');
    cut
}

/// Whether a byte needs a look: XML's specials, control characters, the
/// start of `_x`, and the lead byte of U+FFFE/U+FFFF.
fn special(b: u8) -> bool {
    matches!(b, b'&' | b'<' | b'>' | b'_' | 0xEF) || (b < 0x20 && b != b'\t' && b != b'\n')
}

/// Appends `text` escaped for a cell's `<t>`.
fn escape_into(buf: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    if !bytes.iter().any(|&b| special(b)) {
        buf.extend_from_slice(bytes);
        return;
    }
    let mut rest = text;
    while let Some(ch) = rest.chars().next() {
        let len = ch.len_utf8();
        match ch {
            '&' => buf.extend_from_slice(b"&amp;"),
            '<' => buf.extend_from_slice(b"&lt;"),
            '>' => buf.extend_from_slice(b"&gt;"),
            '_' if is_escape_sequence(rest) => {
                // A literal _xHHHH_ would be read as an escape: its
                // underscore is escaped itself.
                buf.extend_from_slice(b"_x005F_");
            }
            '\u{FFFE}' => buf.extend_from_slice(b"_xFFFE_"),
            '\u{FFFF}' => buf.extend_from_slice(b"_xFFFF_"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {
                let _ = write!(buf, "_x{:04X}_", c as u32);
            }
            c => {
                let mut utf8 = [0u8; 4];
                buf.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            }
        }
        rest = &rest[len..];
    }
}

/// `_xHHHH_` at the start of `s`.
fn is_escape_sequence(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

/// The plain entries of the workbook's shared strings (`<si><t>…</t></si>`),
/// by their escaped text, with their numbers.
pub fn shared_strings(sst: &str) -> HashMap<&str, u32> {
    let mut by_text = HashMap::new();
    for (k, si) in sst.split("<si>").skip(1).enumerate() {
        let Ok(k) = u32::try_from(k) else { break };
        if let Some(text) = si
            .strip_prefix("<t>")
            .and_then(|t| t.split_once("</t></si>"))
        {
            by_text.entry(text.0).or_insert(k);
        }
    }
    by_text
}

/// The number of `text` among the shared strings, if it is there.
pub fn shared_index(by_text: &HashMap<&str, u32>, text: &str) -> Option<u32> {
    let mut escaped = Vec::with_capacity(text.len());
    escape_into(&mut escaped, text);
    by_text.get(std::str::from_utf8(&escaped).ok()?).copied()
}

/// The shared strings with `more` references counted in their `count`.
pub fn add_references(sst: &str, more: u64) -> Option<String> {
    const COUNT: &str = " count=\"";
    let start = sst.find(COUNT)? + COUNT.len();
    let end = start + sst[start..].find('"')?;
    let count: u64 = sst[start..end].parse().ok()?;
    let mut out = String::with_capacity(sst.len() + 8);
    out.push_str(&sst[..start]);
    out.push_str(&(count + more).to_string());
    out.push_str(&sst[end..]);
    Some(out)
}

/// The header-only sheet from the skeleton, split where the rows go, with
/// its dimension widened to the rows that will be there.
pub fn split_skeleton(xml: &str, last_col: usize, rows: usize) -> Option<(String, &str)> {
    let at = xml.find("</sheetData>")?;
    let (head, tail) = xml.split_at(at);
    let mut head = head.to_string();
    if rows > 0 {
        let start = head.find("<dimension ref=\"")? + "<dimension ref=\"".len();
        let end = start + head[start..].find('"')?;
        let mut dim = b"A1:".to_vec();
        push_column(&mut dim, last_col);
        push_u32(&mut dim, (rows + 1) as u32);
        head.replace_range(start..end, std::str::from_utf8(&dim).ok()?);
    }
    Some((head, tail))
}

/// The style index of a column in the skeleton (`<col min=.. style="N">`),
/// where the date columns carry the date format.
pub fn column_style(xml: &str, col: usize) -> Option<u32> {
    let cols = &xml[xml.find("<cols>")?..xml.find("</cols>")?];
    cols.split("<col ").skip(1).find_map(|element| {
        let number = |name| attribute(element, name)?.parse::<usize>().ok();
        let inside = number("min")? <= col + 1 && col < number("max")?;
        if inside {
            attribute(element, "style")?.parse().ok()
        } else {
            None
        }
    })
}

/// An attribute's value in the text of an element after its name.
fn attribute<'x>(element: &'x str, name: &str) -> Option<&'x str> {
    let from = element.match_indices(name).map(|(i, _)| i).find(|&i| {
        (i == 0 || element.as_bytes()[i - 1] == b' ')
            && element[i + name.len()..].starts_with("=\"")
    })? + name.len()
        + 2;
    let to = from + element[from..].find('"')?;
    Some(&element[from..to])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> String {
        let mut b = Vec::new();
        escape_into(&mut b, s);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn text_is_escaped_as_rust_xlsxwriter_escapes_it() {
        assert_eq!(escaped("Jan & <Piet>"), "Jan &amp; &lt;Piet&gt;");
        assert_eq!(escaped("a\u{1}b\tc\nd"), "a_x0001_b\tc\nd");
        assert_eq!(escaped("_x0041_-1"), "_x005F_x0041_-1");
        assert_eq!(escaped("_x004G_ en _xa"), "_x004G_ en _xa");
        assert_eq!(escaped("\u{FFFE}"), "_xFFFE_");
        assert_eq!(escaped("Zoë Ørsted — ok"), "Zoë Ørsted — ok");
    }

    #[test]
    fn a_text_beyond_the_cell_limit_is_cut_visibly() {
        let mut rows = Rows::new(Vec::new(), 1);
        rows.start_row();
        rows.text(0, &"é".repeat(40_000));
        rows.end_row().unwrap();
        let xml = String::from_utf8(rows.finish().unwrap()).unwrap();
        let text = xml
            .split("<t>")
            .nth(1)
            .unwrap()
            .split("</t>")
            .next()
            .unwrap();
        assert_eq!(text.chars().count(), MAX_CELL);
        assert!(text.ends_with("é…"));
        assert!(xml.starts_with(r#"<row r="2"><c r="A2" t="inlineStr">"#));
    }

    #[test]
    fn shared_strings_are_found_by_their_text_and_counted() {
        let sst = r#"<?xml version="1.0"?><sst xmlns="x" count="7" uniqueCount="4"><si><t>R01</t></si><si><t xml:space="preserve"> x</t></si><si><t>art. 1 &amp; 2</t></si><si><t>R01</t></si></sst>"#;
        let by_text = shared_strings(sst);
        assert_eq!(shared_index(&by_text, "R01"), Some(0));
        assert_eq!(shared_index(&by_text, "art. 1 & 2"), Some(2));
        assert_eq!(shared_index(&by_text, " x"), None);
        assert_eq!(shared_index(&by_text, "R02"), None);
        let more = add_references(sst, 5).unwrap();
        assert!(more.contains(r#"count="12" uniqueCount="4""#));
        let mut rows = Rows::new(Vec::new(), 1);
        rows.start_row();
        rows.shared(4, 2);
        rows.end_row().unwrap();
        assert_eq!(rows.shared_references, 1);
        let xml = String::from_utf8(rows.finish().unwrap()).unwrap();
        assert_eq!(xml, r#"<row r="2"><c r="E2" t="s"><v>2</v></c></row>"#);
    }

    #[test]
    fn columns_are_lettered_as_excel_does() {
        let name = |c| {
            let mut b = Vec::new();
            push_column(&mut b, c);
            String::from_utf8(b).unwrap()
        };
        assert_eq!(
            [name(0), name(19), name(25), name(26), name(701), name(702)],
            ["A", "T", "Z", "AA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn dates_are_excel_serial_days() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        assert_eq!(excel_serial(d("1900-03-01")), Some(61));
        assert_eq!(excel_serial(d("2026-12-04")), Some(46360));
        assert_eq!(excel_serial(d("1900-02-28")), None);
    }

    #[test]
    fn the_skeleton_is_split_and_its_dimension_widened() {
        let xml = r#"<worksheet><dimension ref="A1:T1"/><cols><col min="1" max="8" width="9"/><col min="9" max="9" width="12" style="3" customWidth="1"/></cols><sheetData><row r="1"></row></sheetData><autoFilter ref="A1:T3"/></worksheet>"#;
        let (head, tail) = split_skeleton(xml, 19, 2).unwrap();
        assert!(head.contains(r#"<dimension ref="A1:T3"/>"#));
        assert!(head.ends_with(r#"<row r="1"></row>"#));
        assert!(tail.starts_with("</sheetData><autoFilter"));
        assert_eq!(column_style(xml, 8), Some(3));
        assert_eq!(column_style(xml, 2), None);
    }
}
