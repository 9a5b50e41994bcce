//! Reading the analysts' verdicts (issue 12): a CSV with the columns
//! `v_number,action,subject_id,verdict,until,note,by` (`,` or `;`, BOM,
//! Dutch dates, as for the exports), or an actions.xlsx a run wrote and an
//! analyst filled in (*Afhandeling*, *Tot*, *Toelichting*, *Door* on the
//! group sheets) and saved in Excel or LibreOffice.
//!
//! A row that cannot be used is quarantined with the file, line, column,
//! value and reason, like an export's; the run goes on. A file that is not a
//! verdicts file at all (unreadable, a required column missing) stops the
//! run: the analyst asked for it, so going on without it would present
//! handled work as open.
//!
//! Which verdict applies to which action is `compare::verdicts`; this module
//! only reads what the file says.

use super::cells;
use super::columns::{Header, HeaderError};
use super::source::{CsvSource, RowSource, SourceError};
use crate::model::verdict::{
    ActionKey, COLUMNS, RECORDED, SEEN, Statement, Verdict, WORKBOOK_HEADERS,
};
use crate::model::{Date, VerdictKind};
use calamine::{Data, Reader, Xlsx};
use csv::ByteRecord;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// The `file` of a verdicts row in rejected.csv.
pub const FILE: &str = "verdicts";

/// A verdicts row that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictRejection {
    pub line: u64,
    pub v_number: Option<String>,
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// What a verdicts file says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerdictFile {
    /// The file's name (not its path), for summary.json.
    pub file_name: String,
    /// Rows that say something (a workbook's rows without a verdict do not).
    pub rows: u64,
    pub statements: Vec<Statement>,
    pub rejected: Vec<VerdictRejection>,
}

/// Why a verdicts file cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum VerdictFileError {
    #[error("--verdicts {}: cannot read it: {detail}", path.display())]
    Unreadable { path: PathBuf, detail: String },
    #[error("--verdicts {}: {detail}", path.display())]
    NotVerdicts { path: PathBuf, detail: String },
}

/// The fields of a verdicts row, in `COLUMNS` order, then `recorded`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    VNumber,
    Action,
    SubjectId,
    Verdict,
    Until,
    Note,
    By,
    Recorded,
    Seen,
}

impl Field {
    const ALL: [Field; 9] = [
        Field::VNumber,
        Field::Action,
        Field::SubjectId,
        Field::Verdict,
        Field::Until,
        Field::Note,
        Field::By,
        Field::Recorded,
        Field::Seen,
    ];

    /// The names a header may give the field: the CSV name, and for the
    /// analyst's columns the workbook's Dutch header (so a sheet saved as
    /// CSV reads too).
    fn names(self) -> &'static [&'static str] {
        match self {
            Field::VNumber => &COLUMNS[0..1],
            Field::Action => &COLUMNS[1..2],
            Field::SubjectId => &COLUMNS[2..3],
            Field::Verdict => &["verdict", "afhandeling"],
            Field::Until => &["until", "tot"],
            Field::Note => &["note", "toelichting"],
            Field::By => &["by", "door"],
            Field::Recorded => &[RECORDED, "vastgelegd"],
            Field::Seen => &[SEEN],
        }
    }

    fn required(self) -> bool {
        matches!(
            self,
            Field::VNumber | Field::Action | Field::SubjectId | Field::Verdict
        )
    }
}

/// A cell as the file holds it: text (CSV, and most workbook cells), or a
/// date or number a spreadsheet program stored.
#[derive(Debug, Clone, PartialEq)]
enum Raw {
    Empty,
    Text(String),
    Date(Date),
    Number(f64),
}

impl Raw {
    fn is_empty(&self) -> bool {
        match self {
            Raw::Empty => true,
            Raw::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// As a person sees it, for rejected.csv.
    fn shown(&self) -> String {
        match self {
            Raw::Empty => String::new(),
            Raw::Text(t) => t.trim().to_owned(),
            Raw::Date(d) => d.to_string(),
            Raw::Number(n) => n.to_string(),
        }
    }
}

/// Where the fields are in one header, with the names written there.
struct Layout {
    at: [Option<(usize, String)>; 9],
}

impl Layout {
    /// Finds every field in `names`; `Err` names a required one missing.
    fn new(names: Vec<String>) -> Result<Layout, String> {
        let written: Vec<String> = names.iter().map(|n| n.trim().to_owned()).collect();
        let mut header = Header::new(names);
        let mut at: [Option<(usize, String)>; 9] = Default::default();
        for (slot, field) in at.iter_mut().zip(Field::ALL) {
            for name in field.names() {
                let col = header.optional(name).map_err(|e| match e {
                    HeaderError::Duplicate(c) | HeaderError::Missing(c) => {
                        format!("column `{c}` appears more than once in the header: keep one")
                    }
                })?;
                if let Some(i) = col.index {
                    if slot.is_some() {
                        return Err(format!(
                            "the header has both `{}` and `{name}`, which are the same column: keep one",
                            field.names()[0]
                        ));
                    }
                    *slot = Some((i, written[i].clone()));
                }
            }
            if slot.is_none() && field.required() {
                return Err(format!(
                    "required column `{}` is missing from the header (the columns are {})",
                    field.names()[0],
                    COLUMNS.join(",")
                ));
            }
        }
        Ok(Layout { at })
    }

    fn name(&self, field: Field) -> String {
        self.at[field as usize]
            .as_ref()
            .map_or_else(|| field.names()[0].to_owned(), |(_, n)| n.clone())
    }
}

/// Reads a verdicts file: a workbook when it is one (by its first bytes),
/// else a CSV. `known_action` says whether an action code is in the rule
/// table.
pub fn load(
    path: &Path,
    known_action: &dyn Fn(&str) -> bool,
) -> Result<VerdictFile, VerdictFileError> {
    let unreadable = |detail: String| VerdictFileError::Unreadable {
        path: path.to_owned(),
        detail,
    };
    let mut magic = [0u8; 4];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut magic))
        .map_err(|e| unreadable(e.to_string()))?;
    let mut reader = Rows {
        known_action,
        file: VerdictFile {
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            ..VerdictFile::default()
        },
        seen: HashMap::new(),
    };
    // A zip archive: an .xlsx, whatever its name.
    if magic[..n].starts_with(b"PK\x03\x04") {
        read_workbook(path, &mut reader)?;
    } else {
        read_csv(path, &mut reader)?;
    }
    Ok(reader.file)
}

fn read_csv(path: &Path, rows: &mut Rows<'_>) -> Result<(), VerdictFileError> {
    let unreadable = |SourceError(detail)| VerdictFileError::Unreadable {
        path: path.to_owned(),
        detail,
    };
    let file = File::open(path).map_err(|e| VerdictFileError::Unreadable {
        path: path.to_owned(),
        detail: e.to_string(),
    })?;
    let mut source = CsvSource::new(file).map_err(unreadable)?;
    let layout =
        Layout::new(source.header().to_vec()).map_err(|detail| VerdictFileError::NotVerdicts {
            path: path.to_owned(),
            detail,
        })?;
    let mut record = ByteRecord::new();
    while let Some(line) = source.next_row(&mut record).map_err(unreadable)? {
        let cells = layout.at.clone().map(|at| {
            at.and_then(|(i, _)| record.get(i)).map_or(Raw::Empty, |b| {
                Raw::Text(String::from_utf8_lossy(b).into_owned())
            })
        });
        // Not UTF-8: the replacement characters would not match anything;
        // say so instead of quarantining a mangled value.
        if let Some(i) = (0..record.len()).find(|&i| std::str::from_utf8(&record[i]).is_err()) {
            rows.reject(
                line,
                None,
                VerdictRejection {
                    line,
                    v_number: None,
                    column: String::new(),
                    value: String::from_utf8_lossy(&record[i]).into_owned(),
                    reason: "the row is not valid UTF-8: save the file as UTF-8".to_owned(),
                },
            );
            continue;
        }
        rows.row(line, None, &layout, cells, true);
    }
    Ok(())
}

fn read_workbook(path: &Path, rows: &mut Rows<'_>) -> Result<(), VerdictFileError> {
    let unreadable = |detail: String| VerdictFileError::Unreadable {
        path: path.to_owned(),
        detail,
    };
    let mut workbook: Xlsx<BufReader<File>> = calamine::open_workbook(path)
        .map_err(|e: calamine::XlsxError| unreadable(e.to_string()))?;
    let mut sheets_read = 0;
    for sheet in workbook.sheet_names().to_vec() {
        let range = workbook
            .worksheet_range(&sheet)
            .map_err(|e| unreadable(format!("sheet '{sheet}': {e}")))?;
        let Some((top, _)) = range.start() else {
            continue;
        };
        let mut it = range.rows();
        let Some(head) = it.next() else { continue };
        let names: Vec<String> = head
            .iter()
            .map(|c| text_of(c).unwrap_or_default())
            .collect();
        // Sheets without the analyst's columns (the overview, the resolved
        // actions) say nothing about verdicts.
        let Ok(layout) = Layout::new(names) else {
            continue;
        };
        sheets_read += 1;
        for (i, cells) in it.enumerate() {
            // The row number Excel shows: 1-based, the header on `top`.
            let line = u64::from(top) + i as u64 + 2;
            let raw = layout.at.clone().map(|at| {
                at.and_then(|(c, _)| cells.get(c))
                    .map_or(Raw::Empty, raw_of)
            });
            rows.row(line, Some(&sheet), &layout, raw, false);
        }
    }
    if sheets_read == 0 {
        return Err(VerdictFileError::NotVerdicts {
            path: path.to_owned(),
            detail: format!(
                "no sheet has the columns v_number, action, subject_id and {}: give the actions.xlsx of a run (filled in) or a CSV with the columns {}",
                WORKBOOK_HEADERS[0],
                COLUMNS.join(",")
            ),
        });
    }
    Ok(())
}

fn text_of(cell: &Data) -> Option<String> {
    match cell {
        Data::String(s) | Data::DateTimeIso(s) => Some(s.clone()),
        _ => None,
    }
}

fn raw_of(cell: &Data) -> Raw {
    match cell {
        Data::Empty => Raw::Empty,
        Data::String(s) | Data::DateTimeIso(s) => Raw::Text(s.clone()),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map_or_else(|| Raw::Number(dt.as_f64()), |d| Raw::Date(d.date())),
        Data::Float(f) => Raw::Number(*f),
        Data::Int(n) => Raw::Number(*n as f64),
        Data::Bool(b) => Raw::Text(b.to_string()),
        Data::DurationIso(s) => Raw::Text(s.clone()),
        Data::Error(e) => Raw::Text(format!("#{e}")),
    }
}

/// Turns rows into statements and rejections, keeping the first row for
/// each action.
struct Rows<'a> {
    known_action: &'a dyn Fn(&str) -> bool,
    file: VerdictFile,
    /// Action → where its first row was.
    seen: HashMap<ActionKey, String>,
}

impl Rows<'_> {
    fn reject(&mut self, _line: u64, sheet: Option<&str>, mut r: VerdictRejection) {
        if let Some(s) = sheet {
            r.reason = format!("sheet '{s}': {}", r.reason);
        }
        self.file.rows += 1;
        self.file.rejected.push(r);
    }

    /// One row. `explicit`: every row states something (a CSV); in a
    /// workbook a row without a verdict and without *Vastgelegd* is just an
    /// action nobody has judged.
    fn row(
        &mut self,
        line: u64,
        sheet: Option<&str>,
        layout: &Layout,
        cells: [Raw; 9],
        explicit: bool,
    ) {
        let get = |f: Field| &cells[f as usize];
        let own = [
            Field::Verdict,
            Field::Until,
            Field::Note,
            Field::By,
            Field::Recorded,
        ];
        if !explicit && own.iter().all(|&f| get(f).is_empty()) {
            return;
        }
        if explicit && cells.iter().all(Raw::is_empty) {
            return;
        }
        match parse(layout, &cells, self.known_action) {
            Ok(statement) => {
                let at = match sheet {
                    Some(s) => format!("row {line} of sheet '{s}'"),
                    None => format!("line {line}"),
                };
                if let Some(first) = self.seen.get(&statement.key) {
                    let r = VerdictRejection {
                        line,
                        v_number: Some(statement.key.v_number.clone()),
                        column: layout.name(Field::SubjectId),
                        value: statement.key.subject_id.clone(),
                        reason: format!(
                            "a second row for the same action (v_number, action, subject_id); the first, on {first}, is used: keep one"
                        ),
                    };
                    self.reject(line, None, r);
                    return;
                }
                self.seen.insert(statement.key.clone(), at);
                self.file.rows += 1;
                self.file.statements.push(Statement {
                    line,
                    sheet: sheet.map(str::to_owned),
                    ..statement
                });
            }
            Err(mut r) => {
                r.line = line;
                self.reject(line, sheet, r);
            }
        }
    }
}

/// A row's statement, or the first reason it cannot be used.
fn parse(
    layout: &Layout,
    cells: &[Raw; 9],
    known_action: &dyn Fn(&str) -> bool,
) -> Result<Statement, VerdictRejection> {
    let get = |f: Field| &cells[f as usize];
    let mut v_number: Option<String> = None;
    let bad = |v_number: &Option<String>, f: Field, reason: String| VerdictRejection {
        line: 0,
        v_number: v_number.clone(),
        column: layout.name(f),
        value: get(f).shown(),
        reason,
    };
    let v = match get(Field::VNumber) {
        Raw::Number(_) => {
            return Err(bad(
                &None,
                Field::VNumber,
                "v_number is a number here, not text, so leading zeros may be lost: format the column as text and type the V-number again".to_owned(),
            ));
        }
        raw => raw.shown(),
    };
    if v.is_empty() {
        return Err(bad(
            &None,
            Field::VNumber,
            "required value is empty".to_owned(),
        ));
    }
    if !cells::is_v_number(&v) {
        return Err(bad(
            &None,
            Field::VNumber,
            cells::v_number_reason(COLUMNS[0], &v),
        ));
    }
    v_number = v_number.or(Some(v.clone()));
    let action = get(Field::Action).shown();
    if action.is_empty() {
        return Err(bad(
            &v_number,
            Field::Action,
            "required value is empty".to_owned(),
        ));
    }
    if !known_action(&action) {
        return Err(bad(
            &v_number,
            Field::Action,
            format!(
                "action '{action}' is not an action code of the rule table (see `rtb-recon rules`)"
            ),
        ));
    }
    let subject_id = get(Field::SubjectId).shown();
    if subject_id.is_empty() {
        return Err(bad(
            &v_number,
            Field::SubjectId,
            "required value is empty".to_owned(),
        ));
    }
    let date = |f: Field| -> Result<Option<Date>, VerdictRejection> {
        match get(f) {
            Raw::Empty => Ok(None),
            Raw::Date(d) => Ok(Some(*d)),
            Raw::Text(t) if t.trim().is_empty() => Ok(None),
            Raw::Text(t) => cells::date(t.trim()).map(Some).ok_or_else(|| {
                bad(
                    &v_number,
                    f,
                    format!(
                        "{} '{}' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)",
                        f.names()[0],
                        t.trim()
                    ),
                )
            }),
            // A spreadsheet's day number: a date cell that lost its format.
            Raw::Number(n) => excel_day(*n).map(Some).ok_or_else(|| {
                bad(
                    &v_number,
                    f,
                    format!("{} '{n}' is not a date", f.names()[0]),
                )
            }),
        }
    };
    let until = date(Field::Until)?;
    let shown = date(Field::Recorded)?;
    let word = get(Field::Verdict).shown();
    let note = get(Field::Note).shown();
    let by = get(Field::By).shown();
    let key = ActionKey {
        v_number: v,
        action,
        subject_id,
    };
    let seen = Some(get(Field::Seen).shown()).filter(|s| !s.is_empty());
    let statement = |verdict| Statement {
        line: 0,
        sheet: None,
        key: key.clone(),
        verdict,
        shown,
        seen: seen.clone(),
    };
    if word.is_empty() {
        // Clearing a verdict the file showed (Vastgelegd filled) or, in a
        // CSV, a row naming only the action: no verdict on it any more.
        if shown.is_some() || (until.is_none() && note.is_empty() && by.is_empty()) {
            return Ok(statement(None));
        }
        return Err(bad(
            &v_number,
            Field::Verdict,
            format!(
                "{} is empty although {} is filled in: choose {}",
                layout.name(Field::Verdict),
                [
                    (Field::Until, until.is_some()),
                    (Field::Note, !note.is_empty()),
                    (Field::By, !by.is_empty())
                ]
                .iter()
                .filter(|(_, filled)| *filled)
                .map(|(f, _)| layout.name(*f))
                .collect::<Vec<_>>()
                .join(", "),
                words()
            ),
        ));
    }
    let kind = VerdictKind::parse(&word).ok_or_else(|| {
        bad(
            &v_number,
            Field::Verdict,
            format!(
                "{} '{word}' is not one of: {}",
                layout.name(Field::Verdict),
                words()
            ),
        )
    })?;
    match (kind, until) {
        (VerdictKind::Postponed, None) => Err(bad(
            &v_number,
            Field::Until,
            format!(
                "{} is required when {} is 'uitgesteld' (the day the action is open again)",
                layout.name(Field::Until),
                layout.name(Field::Verdict)
            ),
        )),
        (VerdictKind::Handled | VerdictKind::NotApplicable, Some(_)) => Err(bad(
            &v_number,
            Field::Until,
            format!(
                "{} is only for 'uitgesteld' (the day the action is open again): empty it, or choose 'uitgesteld'",
                layout.name(Field::Until)
            ),
        )),
        _ => Ok(statement(Some(Verdict {
            kind,
            until,
            note,
            by,
        }))),
    }
}

/// The accepted verdict words, for messages.
fn words() -> String {
    VerdictKind::WORDS
        .iter()
        .filter(|w| !w.contains(' '))
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// The date of an Excel day number (1900 date system; day 60 is Excel's
/// non-existent 29 February 1900, irrelevant to verdicts).
fn excel_day(n: f64) -> Option<Date> {
    if !(1.0..=2_958_465.0).contains(&n) || n.fract() != 0.0 {
        return None;
    }
    Date::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::d;

    fn known(action: &str) -> bool {
        ["TEMP_LIFT_HEAVY_IRV", "CONSULT_ISSUING_STATE"].contains(&action)
    }

    fn read(bytes: &[u8]) -> Result<VerdictFile, VerdictFileError> {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("afhandelingen.csv");
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
        load(&path, &known)
    }

    fn file(csv: &str) -> VerdictFile {
        read(csv.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
    }

    /// (line, column, value, reason) of each quarantined row.
    fn rejected(f: &VerdictFile) -> Vec<(u64, &str, &str, &str)> {
        f.rejected
            .iter()
            .map(|r| {
                (
                    r.line,
                    r.column.as_str(),
                    r.value.as_str(),
                    r.reason.as_str(),
                )
            })
            .collect()
    }

    const HEAD: &str = "v_number,action,subject_id,verdict,until,note,by\n";

    #[test]
    fn semicolons_a_bom_dutch_dates_and_spaces_for_underscores_are_read() {
        let f = file(
            "\u{feff}v_number;action;subject_id;verdict;until;note;by\r\n\
             0100001;TEMP_LIFT_HEAVY_IRV;B1;uitgesteld;15-01-2027;wacht op stukken;Jan\r\n\
             0100001;CONSULT_ISSUING_STATE;H1;Niet van toepassing;;;\r\n",
        );
        assert_eq!(f.rejected, []);
        assert_eq!(f.rows, 2);
        assert_eq!(f.file_name, "afhandelingen.csv");
        let [a, b] = &f.statements[..] else {
            panic!("two statements: {:?}", f.statements)
        };
        assert_eq!(
            a.key,
            ActionKey::new("0100001", "TEMP_LIFT_HEAVY_IRV", "B1")
        );
        assert_eq!(a.line, 2);
        assert_eq!(
            a.verdict,
            Some(Verdict {
                kind: VerdictKind::Postponed,
                until: Some(d("2027-01-15")),
                note: "wacht op stukken".into(),
                by: "Jan".into(),
            })
        );
        assert_eq!(a.shown, None);
        assert_eq!(
            b.verdict.as_ref().map(|v| v.kind),
            Some(VerdictKind::NotApplicable)
        );
    }

    #[test]
    fn each_bad_row_is_quarantined_with_its_line_column_value_and_reason() {
        let f = file(&format!(
            "{HEAD}\
             0100001,TEMP_LIFT_HEAVY_IRV,B1,klaar,,,\n\
             0100001,TEMP_LIFT_HEAVY_IRV,B2,uitgesteld,,,\n\
             12AB,TEMP_LIFT_HEAVY_IRV,B3,afgehandeld,,,\n\
             0100001,LIFT_EVERYTHING,B4,afgehandeld,,,\n\
             0100001,TEMP_LIFT_HEAVY_IRV,B5,uitgesteld,31-02-2027,,\n\
             0100001,TEMP_LIFT_HEAVY_IRV,B6,afgehandeld,2027-01-15,,\n\
             0100001,TEMP_LIFT_HEAVY_IRV,,afgehandeld,,,\n\
             0100001,TEMP_LIFT_HEAVY_IRV,B7,,,alleen een notitie,\n\
             0100001,TEMP_LIFT_HEAVY_IRV,B8,afgehandeld,,,\n\
             0100001,TEMP_LIFT_HEAVY_IRV,B8,niet_van_toepassing,,,\n"
        ));
        assert_eq!(
            rejected(&f),
            [
                (
                    2,
                    "verdict",
                    "klaar",
                    "verdict 'klaar' is not one of: afgehandeld, niet_van_toepassing, uitgesteld"
                ),
                (
                    3,
                    "until",
                    "",
                    "until is required when verdict is 'uitgesteld' (the day the action is open again)"
                ),
                (
                    4,
                    "v_number",
                    "12AB",
                    "v_number '12AB' is not a V-number (expected 6 to 12 digits)"
                ),
                (
                    5,
                    "action",
                    "LIFT_EVERYTHING",
                    "action 'LIFT_EVERYTHING' is not an action code of the rule table (see `rtb-recon rules`)"
                ),
                (
                    6,
                    "until",
                    "31-02-2027",
                    "until '31-02-2027' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
                ),
                (
                    7,
                    "until",
                    "2027-01-15",
                    "until is only for 'uitgesteld' (the day the action is open again): empty it, or choose 'uitgesteld'"
                ),
                (8, "subject_id", "", "required value is empty"),
                (
                    9,
                    "verdict",
                    "",
                    "verdict is empty although note is filled in: choose afgehandeld, niet_van_toepassing, uitgesteld"
                ),
                (
                    11,
                    "subject_id",
                    "B8",
                    "a second row for the same action (v_number, action, subject_id); the first, on line 10, is used: keep one"
                ),
            ]
        );
        assert_eq!(f.statements.len(), 1);
        assert_eq!(f.rows, 10);
        // The V-number is kept once it is known to be one.
        assert_eq!(f.rejected[0].v_number.as_deref(), Some("0100001"));
        assert_eq!(f.rejected[2].v_number, None);
    }

    #[test]
    fn a_row_naming_only_the_action_withdraws_its_verdict() {
        let f = file(&format!("{HEAD}0100001,TEMP_LIFT_HEAVY_IRV,B1,,,,\n"));
        assert_eq!(f.rejected, []);
        assert_eq!(f.statements[0].verdict, None);
        // A verdicts.csv of a run, given back: `recorded` is what was shown.
        let f = file(
            "v_number,action,subject_id,verdict,until,note,by,recorded,fingerprint\n\
             0100001,TEMP_LIFT_HEAVY_IRV,B1,afgehandeld,,,,2026-11-28,00\n",
        );
        assert_eq!(f.statements[0].shown, Some(d("2026-11-28")));
    }

    #[test]
    fn a_file_that_is_not_a_verdicts_file_stops_with_what_to_do() {
        let err = read(b"v_number,action,subject_id,note\n0100001,X,Y,z\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.ends_with(
                "afhandelingen.csv: required column `verdict` is missing from the header (the columns are v_number,action,subject_id,verdict,until,note,by)"
            ),
            "{err}"
        );
        let err = read(b"v_number,action,subject_id,verdict,Afhandeling\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.ends_with("the header has both `verdict` and `afhandeling`, which are the same column: keep one"),
            "{err}"
        );
        let err = read(b"").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("no header line"), "{err}");
    }

    /// (line, sheet, subject, verdict, until, shown) of a statement.
    type Said<'s> = (
        u64,
        Option<&'s str>,
        &'s str,
        Option<VerdictKind>,
        Option<Date>,
        Option<Date>,
    );

    #[test]
    fn a_workbook_is_read_from_its_group_sheets_only() {
        use rust_xlsxwriter::{ExcelDateTime, Workbook};
        let mut wb = Workbook::new();
        let overview = wb.add_worksheet();
        overview
            .set_name("Overzicht")
            .unwrap_or_else(|e| panic!("{e}"));
        overview
            .write_string(0, 0, "rtb-recon")
            .unwrap_or_else(|e| panic!("{e}"));
        let ws = wb.add_worksheet();
        ws.set_name("BAN Inreisverboden")
            .unwrap_or_else(|e| panic!("{e}"));
        let head = [
            "v_number",
            "action",
            "subject_id",
            "explanation",
            "Afhandeling",
            "Tot",
            "Toelichting",
            "Door",
            "Vastgelegd",
            "vingerafdruk",
        ];
        for (c, h) in head.iter().enumerate() {
            ws.write_string(0, c as u16, *h)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let rows: [[&str; 4]; 4] = [
            ["0100001", "TEMP_LIFT_HEAVY_IRV", "B1", "uitgesteld"],
            ["0100002", "TEMP_LIFT_HEAVY_IRV", "B2", ""],
            ["0100003", "TEMP_LIFT_HEAVY_IRV", "B3", ""],
            ["0100004", "TEMP_LIFT_HEAVY_IRV", "B4", "afgehandeld"],
        ];
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, v) in row[..3].iter().enumerate() {
                ws.write_string(r, c as u16, *v)
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            if !row[3].is_empty() {
                ws.write_string(r, 4, row[3])
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        }
        let date = ExcelDateTime::from_ymd(2027, 1, 15).unwrap_or_else(|e| panic!("{e}"));
        ws.write_datetime(1, 5, &date)
            .unwrap_or_else(|e| panic!("{e}"));
        ws.write_string(1, 9, "0123456789abcdef")
            .unwrap_or_else(|e| panic!("{e}"));
        // Row 3: cleared, but it showed a verdict of 2026-11-28.
        ws.write_number(3, 8, 46354.0)
            .unwrap_or_else(|e| panic!("{e}"));
        // Row 5: the V-number typed as a number.
        ws.write_number(4, 0, 100004.0)
            .unwrap_or_else(|e| panic!("{e}"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("actions.xlsx");
        wb.save(&path).unwrap_or_else(|e| panic!("{e}"));

        let f = load(&path, &known).unwrap_or_else(|e| panic!("{e}"));
        let said: Vec<Said<'_>> = f
            .statements
            .iter()
            .map(|s| {
                (
                    s.line,
                    s.sheet.as_deref(),
                    s.key.subject_id.as_str(),
                    s.verdict.as_ref().map(|v| v.kind),
                    s.verdict.as_ref().and_then(|v| v.until),
                    s.shown,
                )
            })
            .collect();
        assert_eq!(
            said,
            [
                (
                    2,
                    Some("BAN Inreisverboden"),
                    "B1",
                    Some(VerdictKind::Postponed),
                    Some(d("2027-01-15")),
                    None
                ),
                (
                    4,
                    Some("BAN Inreisverboden"),
                    "B3",
                    None,
                    None,
                    Some(d("2026-11-28"))
                ),
            ]
        );
        assert_eq!(
            rejected(&f),
            [(
                5,
                "v_number",
                "100004",
                "sheet 'BAN Inreisverboden': v_number is a number here, not text, so leading zeros may be lost: format the column as text and type the V-number again"
            )]
        );
        assert_eq!(f.statements[0].seen.as_deref(), Some("0123456789abcdef"));
        // Row 3 (nothing filled in) says nothing.
        assert_eq!(f.rows, 3);
    }

    #[test]
    fn a_workbook_without_group_sheets_is_not_a_verdicts_file() {
        use rust_xlsxwriter::Workbook;
        let mut wb = Workbook::new();
        wb.add_worksheet()
            .write_string(0, 0, "iets anders")
            .unwrap_or_else(|e| panic!("{e}"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("lijst.xlsx");
        wb.save(&path).unwrap_or_else(|e| panic!("{e}"));
        let err = load(&path, &known)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("no sheet has the columns v_number, action, subject_id and Afhandeling"),
            "{err}"
        );
    }
}
