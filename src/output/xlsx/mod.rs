//! actions.xlsx: the action list as an Excel workbook for the analysts — an
//! overview sheet (parameters, counts per rule with label and legal basis)
//! and one sheet per rule group with that group's actions.
//!
//! Every group sheet has the columns of actions.csv in the same order (so the
//! workbook reads back to exactly actions.csv), the verdict's four with their
//! Dutch headers (*Afhandeling*, *Tot*, *Toelichting*, *Door*: the analysts
//! fill them in, *Afhandeling* from a drop-down, and the next run reads them
//! back with `--verdicts`), *Vastgelegd* (when the verdict shown was first
//! recorded), then the Dutch label and, with `--previous`, the change status
//! and cause. Headers are frozen and filterable, columns have fixed widths,
//! `due_date`, *Tot* and *Vastgelegd* are real Excel dates.
//!
//! Every value that came from the input is written as a text cell (with
//! `write_string`, or as an inline string in the group sheets' rows): a
//! surname such as `=HYPERLINK(...)` stays text and is never a formula. The
//! workbook's creation time is the run's `as_of`, not the wall clock, so the
//! same run gives the same bytes.
//!
//! rust_xlsxwriter builds the workbook with each group sheet's header,
//! columns, drop-downs and filter; the rows of the group sheets, the bulk of
//! a large run, are written by `sheet_xml` straight into compressed zip
//! entries, sheets in parallel, and take the place of the header-only
//! sheets in the file.

use crate::compare::changes::{Changes, Status};
use crate::compare::verdicts::Settled;
use crate::model::verdict::{SEEN, WORKBOOK_HEADERS};
use crate::model::{VerdictKind, ja_nee};
use crate::output::actions::{self, ActionRow, VERDICT_COLUMN};
use crate::output::report::RunView;
use crate::rules::{self, Group};
use rayon::prelude::*;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, Workbook, Worksheet, XlsxError,
};
use std::collections::HashMap;
use std::io::{Cursor, Read, Seek, Write};
use zip::write::{SimpleFileOptions, ZipFileBuilder};

mod sheet_xml;
use sheet_xml::MAX_CELL;

/// The sheet of resolved actions (only with `--previous`).
pub const RESOLVED_SHEET: &str = "Vervallen sinds vorige run";

/// The sheet of verdicts that do not apply in this run (only when there
/// are any). Its headers differ from a group sheet's, so reading the
/// workbook back as a verdicts file passes it by.
pub const NOT_APPLIED_SHEET: &str = "Afhandeling niet toegepast";

/// The workbook's file name in `--out`.
pub const FILE: &str = "actions.xlsx";

/// Excel's limit: rows per sheet, header included.
const MAX_ROWS: usize = 1_048_576;

/// Where `due_date` stands among the columns of actions.csv.
const DUE_DATE_COLUMN: usize = 8;

/// Column widths of the group sheets, in Excel character units: the 17
/// columns of actions.csv, then *Vastgelegd* and the hidden fingerprint.
const WIDTHS: [f64; 19] = [
    14.0, 28.0, 16.0, 16.0, 8.0, 40.0, 16.0, 10.0, 12.0, 44.0, 20.0, 20.0, 90.0, 20.0, 12.0, 40.0,
    14.0, 12.0, 18.0,
];

/// Where *Tot* (`verdict_until`) and *Vastgelegd* stand.
const UNTIL_COLUMN: usize = VERDICT_COLUMN + 1;
const RECORDED_COLUMN: usize = VERDICT_COLUMN + 4;
/// The start of the person's fingerprint in this run, hidden: a verdict
/// chosen on this row is checked against it when it is read back, so a
/// verdict given on data that changed since is not taken on.
const SEEN_COLUMN: usize = RECORDED_COLUMN + 1;

fn date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    let year = u16::try_from(d.year())
        .map_err(|_| XlsxError::ParameterError(format!("date {d} cannot be written to Excel")))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

/// Text that came from the input: always a string cell, cut (visibly) at
/// Excel's cell limit rather than failing the run.
fn text(ws: &mut Worksheet, row: u32, col: u16, value: &str) -> Result<(), XlsxError> {
    if value.is_empty() {
        return Ok(());
    }
    // A UTF-8 text has at least as many bytes as UTF-16 units, so nearly
    // every cell is known to fit without counting.
    if value.len() <= MAX_CELL || value.encode_utf16().count() <= MAX_CELL {
        ws.write_string(row, col, value)?;
    } else {
        ws.write_string(row, col, sheet_xml::cut_to_cell(value))?;
    }
    Ok(())
}

/// The name of a group's sheet (Excel allows 31 characters).
pub fn sheet_name(group: Group, part: usize) -> String {
    if part == 0 {
        format!("{} {}", group.name(), group.label())
    } else {
        format!("{} {} ({})", group.name(), group.label(), part + 1)
    }
}

/// Writes actions.xlsx.
pub fn write<W: Write + Seek + Send>(w: W, view: &RunView<'_>) -> std::io::Result<()> {
    let failed = |what: &'static str| {
        move |e: &dyn std::fmt::Display| std::io::Error::other(format!("{what}: {e}"))
    };
    let started = std::time::Instant::now();
    let (mut wb, groups) = build(view).map_err(|e| failed("build the workbook")(&e))?;
    let frame = wb
        .save_to_buffer()
        .map_err(|e| failed("save the workbook")(&e))?;
    let mut archive =
        zip::ZipArchive::new(Cursor::new(frame)).map_err(|e| failed("reopen the workbook")(&e))?;
    let mut frames = Vec::with_capacity(groups.len());
    for g in &groups {
        let mut xml = String::new();
        archive
            .by_name(&g.entry)
            .map_err(|e| failed("find a group sheet")(&e))?
            .read_to_string(&mut xml)?;
        frames.push(xml);
    }
    // The rule's texts every row repeats are references to the shared
    // strings the overview already put there (a quarter of a row's XML).
    let mut sst = String::new();
    if let Ok(mut entry) = archive.by_name(SHARED_STRINGS) {
        entry.read_to_string(&mut sst)?;
    }
    let shared = RuleStrings::new(&sst);
    let last_col = WIDTHS.len() + extra_columns(view).len() - 1;

    // First what rust_xlsxwriter wrote, as it is; then the group sheets:
    // the largest streamed into the file while the others are compressed
    // beside it (so its compressed bytes, 100 MB at a million hits, are
    // never held), then those; the shared strings last, when their count
    // is known. Readers find entries through the zip's directory, in any
    // order.
    let mut out = zip::ZipWriter::new(w);
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| failed("read the workbook")(&e))?;
        let name = entry.name().map_err(|e| failed("read the workbook")(&e))?;
        if name == SHARED_STRINGS || groups.iter().any(|g| g.entry == name) {
            continue;
        }
        out.raw_copy_file(entry)
            .map_err(|e| failed("write the workbook")(&e))?;
    }
    let largest = (0..groups.len())
        .rev()
        .max_by_key(|&k| groups[k].rows.len())
        .unwrap_or(0);
    let (streamed, others) = rayon::join(
        || -> std::io::Result<u64> {
            let Some(g) = groups.get(largest) else {
                return Ok(0);
            };
            out.start_file(g.entry.as_str(), entry_options())
                .map_err(|e| failed("write the workbook")(&e))?;
            fill(&mut out, g, &frames[largest], view, last_col, &shared)
        },
        || {
            groups
                .par_iter()
                .zip(frames.par_iter())
                .enumerate()
                .filter(|(k, _)| *k != largest)
                .map(|(_, (g, frame))| {
                    let mut entry = ZipFileBuilder::new(&g.entry, entry_options())
                        .map_err(std::io::Error::other)?;
                    let references = fill(&mut entry, g, frame, view, last_col, &shared)?;
                    Ok((entry.finish().map_err(std::io::Error::other)?, references))
                })
                .collect::<std::io::Result<Vec<_>>>()
        },
    );
    let mut references = streamed?;
    for (sheet, n) in others? {
        references += n;
        out.add_prepared_file(sheet)
            .map_err(|e| failed("write the workbook")(&e))?;
    }
    // How the time splits between the sheets' rows (compressed as they are
    // made, sheets in parallel) and the rest of the workbook.
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "actions.xlsx sheets filled"
    );
    if !sst.is_empty() {
        let counted = sheet_xml::add_references(&sst, references).ok_or_else(|| {
            std::io::Error::other(format!(
                "unexpected XML of {SHARED_STRINGS} in the workbook"
            ))
        })?;
        out.start_file(SHARED_STRINGS, entry_options())
            .map_err(|e| failed("write the shared strings")(&e))?;
        out.write_all(counted.as_bytes())?;
    }
    out.finish()
        .map_err(|e| failed("finish the workbook")(&e))?;
    Ok(())
}

/// A group sheet saved with its header only, and the rows that go in it.
struct GroupRows<'v> {
    /// Its entry in the workbook's zip.
    entry: String,
    rows: Vec<&'v ActionRow<'v>>,
}

/// Writes the group sheet `g` with its rows into its zip `entry`: the
/// frame's XML up to the end of the header row, the rows, the rest of the
/// frame. Returns how many of its cells refer to the shared strings.
fn fill<E: Write>(
    entry: &mut E,
    g: &GroupRows<'_>,
    frame: &str,
    view: &RunView<'_>,
    last_col: usize,
    shared: &RuleStrings,
) -> std::io::Result<u64> {
    let broken = || std::io::Error::other(format!("unexpected XML of {} in the workbook", g.entry));
    let (head, tail) =
        sheet_xml::split_skeleton(frame, last_col, g.rows.len()).ok_or_else(broken)?;
    let date_style = sheet_xml::column_style(frame, DUE_DATE_COLUMN).ok_or_else(broken)?;
    entry.write_all(head.as_bytes())?;
    let mut rows = sheet_xml::Rows::new(&mut *entry, date_style);
    group_rows(&mut rows, view, &g.rows, shared)?;
    let references = rows.shared_references;
    rows.finish()?;
    entry.write_all(tail.as_bytes())?;
    Ok(references)
}

/// A zip entry as rust_xlsxwriter writes one: deflated, mode 0600, fixed
/// time stamps (the same run gives the same bytes).
fn entry_options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(ZIP_LEVEL.into()))
        .unix_permissions(0o600)
        .last_modified_time(zip::DateTime::default())
}

/// The workbook's shared strings.
const SHARED_STRINGS: &str = "xl/sharedStrings.xml";

/// Columns of a group sheet that hold a text of the rule: the action, the
/// rule's id, its legal basis (actions.csv's columns 1, 4, 5) and its label
/// (after the hidden fingerprint).
const RULE_TEXT_COLUMNS: [usize; 4] = [1, 4, 5, WIDTHS.len()];

/// For each rule (by id), the shared-string numbers of its texts in
/// [`RULE_TEXT_COLUMNS`]; a text not among the shared strings is written
/// in the cell.
struct RuleStrings(HashMap<&'static str, [Option<u32>; 4]>);

impl RuleStrings {
    fn new(sst: &str) -> Self {
        let by_text = sheet_xml::shared_strings(sst);
        RuleStrings(
            rules::catalogue()
                .map(|r| {
                    let index = |text| sheet_xml::shared_index(&by_text, text);
                    (
                        r.id,
                        [
                            index(r.action),
                            index(r.id),
                            index(r.legal_basis),
                            index(r.label),
                        ],
                    )
                })
                .collect(),
        )
    }

    fn of(&self, rule: &rules::Rule) -> [Option<u32>; 4] {
        self.0.get(rule.id).copied().unwrap_or_default()
    }
}

/// The compression level. The workbook is the longest writer of a run
/// with many actions, and zlib-rs has three algorithms below the default:
/// level 1 (quick) is much weaker (200 MB instead of 150 MB at 1.3M
/// actions), level 3 (medium, what Excel itself uses) is what we had, and
/// level 2 (fast) writes that workbook in 6.8-7.9 s instead of 7.9-10.8 s
/// for a file 5 % larger (157 MB instead of 150 MB; BENCHMARKS.md).
const ZIP_LEVEL: u8 = 2;

/// The workbook without the group sheets' rows, and those rows.
fn build<'v>(view: &'v RunView<'_>) -> Result<(Workbook, Vec<GroupRows<'v>>), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(ZIP_LEVEL);
    let created = date(view.as_of())?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("rtb-recon acties")
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_background_color(0xDDE4EE)
        .set_align(FormatAlign::Top);
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    // The analyst's columns stand out: these are the ones to fill in.
    let editable = Format::new()
        .set_bold()
        .set_background_color(0xFFF2CC)
        .set_align(FormatAlign::Top);
    let formats = Formats {
        header: &header,
        editable: &editable,
        date: &date_fmt,
    };

    overview(wb.add_worksheet(), view, &bold, &header)?;

    let extra = extra_columns(view);
    let mut groups = Vec::new();
    for group in Group::ALL {
        let rows: Vec<&ActionRow<'_>> = view
            .rows
            .iter()
            .filter(|r| r.action.rule.group == group)
            .collect();
        let chunks: Vec<&[&ActionRow<'_>]> = if rows.is_empty() {
            vec![&[]]
        } else {
            rows.chunks(MAX_ROWS - 1).collect()
        };
        for (part, chunk) in chunks.into_iter().enumerate() {
            let ws = wb.add_worksheet();
            ws.set_name(sheet_name(group, part))?;
            group_head(ws, &extra, &formats)?;
            group_frame(ws, view, chunk.len(), &extra)?;
            groups.push(GroupRows {
                // The sheets are numbered in the order they were added.
                entry: format!("xl/worksheets/sheet{}.xml", wb.worksheets().len()),
                rows: chunk.to_vec(),
            });
        }
    }
    if let Some(ch) = view.changes {
        resolved_sheet(wb.add_worksheet_with_constant_memory()?, ch, &header)?;
    }
    if !view.verdicts.not_applied.is_empty() {
        not_applied_sheet(
            wb.add_worksheet_with_constant_memory()?,
            view.verdicts,
            &formats,
        )?;
    }
    Ok((wb, groups))
}

struct Formats<'f> {
    header: &'f Format,
    editable: &'f Format,
    date: &'f Format,
}

/// Writes a date cell, or nothing.
fn date_cell(
    ws: &mut Worksheet,
    row: u32,
    col: usize,
    d: Option<chrono::NaiveDate>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match d {
        Some(d) => ws
            .write_date_with_format(row, col as u16, date(d)?, fmt)
            .map(|_| ()),
        None => Ok(()),
    }
}

/// The verdicts that do not apply in this run, with the reason.
fn not_applied_sheet(
    ws: &mut Worksheet,
    verdicts: &Settled,
    f: &Formats<'_>,
) -> Result<(), XlsxError> {
    ws.set_name(NOT_APPLIED_SHEET)?;
    let cols: [(&str, f64); 9] = [
        ("v_number", 14.0),
        ("action", 28.0),
        ("subject_id", 16.0),
        ("vervallen afhandeling", 20.0),
        ("uitgesteld tot", 12.0),
        ("toelichting", 40.0),
        ("door", 14.0),
        ("vastgelegd op", 12.0),
        ("reden", 90.0),
    ];
    for (i, (h, w)) in cols.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
        ws.write_string_with_format(0, i as u16, *h, f.header)?;
    }
    let mut row = 0u32;
    for u in verdicts.not_applied.iter().take(MAX_ROWS - 1) {
        row += 1;
        text(ws, row, 0, &u.key.v_number)?;
        text(ws, row, 1, &u.key.action)?;
        text(ws, row, 2, &u.key.subject_id)?;
        text(ws, row, 3, u.verdict.kind.as_str())?;
        date_cell(ws, row, 4, u.verdict.until, f.date)?;
        text(ws, row, 5, &u.verdict.note)?;
        text(ws, row, 6, &u.verdict.by)?;
        date_cell(ws, row, 7, u.recorded, f.date)?;
        text(ws, row, 8, &u.detail)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row, (cols.len() - 1) as u16)?;
    Ok(())
}

/// The sheet of actions that were in the earlier run and are gone now.
fn resolved_sheet(ws: &mut Worksheet, changes: &Changes, header: &Format) -> Result<(), XlsxError> {
    ws.set_name(RESOLVED_SHEET)?;
    let cols: [(&str, f64); 5] = [
        ("v_number", 14.0),
        ("action", 28.0),
        ("subject_id", 16.0),
        ("cause", 12.0),
        ("omschrijving", 60.0),
    ];
    for (i, (_, w)) in cols.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    for (i, (h, _)) in cols.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, header)?;
    }
    let mut row = 0u32;
    for c in changes.rows.iter().filter(|c| c.status == Status::Resolved) {
        if row as usize + 1 >= MAX_ROWS {
            break;
        }
        row += 1;
        text(ws, row, 0, &c.v_number)?;
        text(ws, row, 1, &c.action)?;
        text(ws, row, 2, &c.subject_id)?;
        text(ws, row, 3, c.cause.map_or("", |x| x.as_str()))?;
        let label = rules::catalogue()
            .find(|r| r.action == c.action)
            .map_or("", |r| r.label);
        text(ws, row, 4, label)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row, (cols.len() - 1) as u16)?;
    Ok(())
}

fn extra_columns(view: &RunView<'_>) -> Vec<(&'static str, f64)> {
    let mut cols = vec![("omschrijving", 50.0)];
    if view.changes.is_some() {
        cols.push(("wijziging", 12.0));
        cols.push(("oorzaak", 14.0));
    }
    cols
}

/// The headers of a group sheet's first columns: actions.csv's, with the
/// verdict's in Dutch, then *Vastgelegd*.
fn group_headers() -> impl Iterator<Item = &'static str> {
    actions::HEADER[..VERDICT_COLUMN]
        .iter()
        .chain(WORKBOOK_HEADERS.iter())
        .chain([SEEN].iter())
        .copied()
}

/// A group sheet's columns and header row. The date columns carry the date
/// format: a date an analyst types shows as one, and the rows' date cells
/// take the format's number from there.
fn group_head(
    ws: &mut Worksheet,
    extra: &[(&'static str, f64)],
    f: &Formats<'_>,
) -> Result<(), XlsxError> {
    // Widths first: in constant-memory mode they must precede the rows.
    for (i, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    for (i, (_, w)) in extra.iter().enumerate() {
        ws.set_column_width((WIDTHS.len() + i) as u16, *w)?;
    }
    ws.set_column_hidden(SEEN_COLUMN as u16)?;
    for (i, h) in group_headers()
        .chain(extra.iter().map(|(h, _)| *h))
        .enumerate()
    {
        let format = if (VERDICT_COLUMN..RECORDED_COLUMN).contains(&i) {
            f.editable
        } else {
            f.header
        };
        ws.write_string_with_format(0, i as u16, h, format)?;
    }
    for col in [DUE_DATE_COLUMN, UNTIL_COLUMN, RECORDED_COLUMN] {
        ws.set_column_format(col as u16, f.date)?;
    }
    Ok(())
}

/// What rust_xlsxwriter writes of a group sheet besides its header: the
/// drop-downs, the frozen header and the filter, over the rows to come.
fn group_frame(
    ws: &mut Worksheet,
    view: &RunView<'_>,
    rows: usize,
    extra: &[(&'static str, f64)],
) -> Result<(), XlsxError> {
    let ncols = (WIDTHS.len() + extra.len()) as u16;
    verdict_validation(ws, rows, view)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows as u32, ncols - 1)?;
    Ok(())
}

/// A group sheet's rows, as the workbook's XML.
fn group_rows<W: Write>(
    out: &mut sheet_xml::Rows<W>,
    view: &RunView<'_>,
    rows: &[&ActionRow<'_>],
    shared: &RuleStrings,
) -> std::io::Result<()> {
    let mut rule = None;
    let mut rule_strings = [None; 4];
    for r in rows {
        let a = r.action;
        if rule != Some(a.rule.id) {
            rule = Some(a.rule.id);
            rule_strings = shared.of(a.rule);
        }
        let cell = |out: &mut sheet_xml::Rows<W>, col: usize, value: &str| match RULE_TEXT_COLUMNS
            .iter()
            .position(|&c| c == col)
            .and_then(|k| rule_strings[k])
        {
            Some(index) => out.shared(col, index),
            None => out.text(col, value),
        };
        out.start_row();
        // Dates are real Excel dates, not the text of actions.csv.
        let texts = actions::Texts {
            due: String::new(),
            until: String::new(),
            draft_file: r.draft_file(),
        };
        for (col, value) in r.cells(&texts).iter().enumerate() {
            match col {
                DUE_DATE_COLUMN => out.date(col, a.due_date),
                UNTIL_COLUMN => out.date(col, r.verdict.and_then(|v| v.verdict.until)),
                _ => cell(out, col, value),
            }
        }
        out.date(RECORDED_COLUMN, r.verdict.map(|v| v.recorded));
        if let Some(fp) = view.fingerprints.and_then(|f| f.get(r.person)) {
            out.text(SEEN_COLUMN, &fp.short());
        }
        let base = WIDTHS.len();
        cell(out, base, a.rule.label);
        if let Some(c) = view
            .changes
            .and_then(|ch| ch.get(a.v_number, a.rule.action, a.subject_id))
        {
            out.text(base + 1, c.status.label());
            out.text(base + 2, c.cause.map_or("", |c| c.as_str()));
        }
        out.end_row()?;
    }
    Ok(())
}

/// The drop-down on *Afhandeling* and a date check on *Tot*, over the
/// sheet's action rows.
fn verdict_validation(
    ws: &mut Worksheet,
    rows: usize,
    view: &RunView<'_>,
) -> Result<(), XlsxError> {
    if rows == 0 {
        return Ok(());
    }
    let last = rows as u32;
    let words: Vec<&str> = VerdictKind::ALL.iter().map(|k| k.as_str()).collect();
    let choose = DataValidation::new()
        .allow_list_strings(&words)?
        .set_input_title("Afhandeling")?
        .set_input_message(
            "Kies afgehandeld, niet_van_toepassing of uitgesteld (dan ook Tot invullen). Leegmaken trekt de afhandeling in. De volgende run leest dit met --verdicts.",
        )?
        .set_error_title("Onbekende afhandeling")?
        .set_error_message("Kies afgehandeld, niet_van_toepassing of uitgesteld.")?;
    ws.add_data_validation(
        1,
        VERDICT_COLUMN as u16,
        last,
        VERDICT_COLUMN as u16,
        &choose,
    )?;
    let day = DataValidation::new()
        .allow_date(DataValidationRule::GreaterThan(date(view.as_of())?))
        .set_input_title("Tot")?
        .set_input_message(
            "Alleen bij uitgesteld: de dag waarop de actie weer open staat (na de peildatum).",
        )?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_message("Vul een datum na de peildatum in.")?;
    ws.add_data_validation(1, UNTIL_COLUMN as u16, last, UNTIL_COLUMN as u16, &day)?;
    Ok(())
}

fn overview(
    ws: &mut Worksheet,
    view: &RunView<'_>,
    bold: &Format,
    header: &Format,
) -> Result<(), XlsxError> {
    let s = view.summary;
    ws.set_name("Overzicht")?;
    for (i, w) in [8.0, 10.0, 28.0, 60.0, 44.0, 26.0, 9.0, 9.0, 9.0, 9.0, 11.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(i as u16, *w)?;
    }
    ws.write_string_with_format(0, 0, "rtb-recon — acties voor Team Signaleringen", bold)?;
    let p = &s.parameters;
    let v = &s.verdicts;
    let facts: [(&str, String); 11] = [
        ("Peildatum", p.as_of.clone()),
        ("TB geldig t/m", p.rtb_valid_until.clone()),
        (
            "Gedwongen terugkeer naar Oekraïne mogelijk",
            ja_nee(p.ukraine_return_possible).into(),
        ),
        ("Regels versie", s.rules_version.to_string()),
        ("rtb-recon versie", s.tool.version.to_string()),
        ("Personen", s.persons.to_string()),
        ("Acties", s.actions_total.to_string()),
        ("  waarvan open", v.actions_open.to_string()),
        (
            "  waarvan met afhandeling",
            v.actions_with_verdict.to_string(),
        ),
        (
            "Afhandelingen niet toegepast (zie dat werkblad)",
            v.not_applied.to_string(),
        ),
        ("Afgekeurde rijen", s.rejected_rows.to_string()),
    ];
    for (i, (k, v)) in facts.iter().enumerate() {
        let row = (i + 2) as u32;
        ws.write_string(row, 0, *k)?;
        ws.write_string(row, 3, v)?;
    }
    // How the loop works, where the analysts read first.
    let how = [
        "Afhandelen: vul op de werkbladen per actie Afhandeling in (afgehandeld, niet_van_toepassing of uitgesteld; bij uitgesteld ook Tot), met Toelichting en Door.",
        "Sla de werkmap op en geef haar mee aan de volgende run: rtb-recon run ... --previous <vorige run> --verdicts <deze werkmap>.",
        "Een afhandeling vervalt vanzelf als de gegevens van de persoon of de actie veranderen, of als de datum Tot is bereikt; de actie staat dan weer open.",
    ];
    let below = (facts.len() + 3) as u32;
    for (i, line) in how.iter().enumerate() {
        ws.write_string(below + i as u32, 0, *line)?;
    }
    let top = below + how.len() as u32 + 1;
    let mut head = vec![
        "regel",
        "groep",
        "actie",
        "wat te doen",
        "grondslag",
        "SIS-effect",
        "concept",
        "aantal",
        "open",
    ];
    if view.changes.is_some() {
        head.extend(["nieuw", "vervallen"]);
    }
    for (i, h) in head.iter().enumerate() {
        ws.write_string_with_format(top, i as u16, *h, header)?;
    }
    let mut open_by_rule: HashMap<&str, u64> = HashMap::new();
    for r in view.rows.iter().filter(|r| r.verdict.is_none()) {
        *open_by_rule.entry(r.action.rule.id).or_default() += 1;
    }
    // New and resolved per action code, counted once.
    let mut moved: HashMap<&str, (u64, u64)> = HashMap::new();
    for c in view.changes.iter().flat_map(|ch| &ch.rows) {
        let e = moved.entry(c.action.as_str()).or_default();
        match c.status {
            Status::New => e.0 += 1,
            Status::Resolved => e.1 += 1,
            Status::Ongoing => {}
        }
    }
    let mut row = top;
    for r in rules::catalogue() {
        row += 1;
        ws.write_string(row, 0, r.id)?;
        ws.write_string(row, 1, r.group.name())?;
        ws.write_string(row, 2, r.action)?;
        ws.write_string(row, 3, r.label)?;
        ws.write_string(row, 4, r.legal_basis)?;
        ws.write_string(row, 5, r.sis_effect.label())?;
        ws.write_string(row, 6, if r.draft { "ja" } else { "nee" })?;
        let n = s.actions_by_rule.get(r.id).copied().unwrap_or(0);
        ws.write_number(row, 7, n as f64)?;
        let open = open_by_rule.get(r.id).copied().unwrap_or(0);
        ws.write_number(row, 8, open as f64)?;
        if view.changes.is_some() {
            let (new, gone) = moved.get(r.action).copied().unwrap_or_default();
            ws.write_number(row, 9, new as f64)?;
            ws.write_number(row, 10, gone as f64)?;
        }
    }
    ws.set_freeze_panes(top + 1, 0)?;
    ws.autofilter(top, 0, row, (head.len() - 1) as u16)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_due_date_column_is_where_actions_csv_has_it() {
        assert_eq!(super::actions::HEADER[super::DUE_DATE_COLUMN], "due_date");
    }

    use super::*;
    use crate::ingest::Inputs;
    use crate::model::{BanStatus, HolderStatus, Severity};
    use crate::output::report::testrun::{rows, run};
    use crate::testkit::fixtures::*;
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;

    /// Surnames that must come back as the same text: formulas, Excel's
    /// own escapes, XML's specials, control characters, edge whitespace.
    const FORMULAS: [&str; 10] = [
        "=HYPERLINK(\"http://example.org\",\"klik\")",
        "=1+1",
        "+31 6 1234",
        "@SUM(A1)",
        "_x0041_-1",
        " Jansen & <Zoë> ",
        "tab\there",
        "bel\u{7}l",
        "_xFFFF_ \u{FFFE}",
        "Ørsted 🇺🇦",
    ];

    fn inputs() -> Inputs {
        let mut i = Inputs::default();
        for (k, surname) in FORMULAS.iter().enumerate() {
            let v = format!("00{}", 400_000 + k);
            let mut h = holder(&v, surname, HolderStatus::Granted, "2022-03-10");
            h.identity.given_names = Some("=2*3".into());
            i.rtb_holders.push(h);
            i.entry_bans.push(ban(
                &format!("=B{k}"),
                &v,
                Severity::Heavy,
                BanStatus::Active,
                "2020-01-01",
            ));
            i.sis_hits
                .push(hit(&format!("H{k}"), &v, "PL", "2026-11-20"));
        }
        with_ledger(i)
    }

    fn cell(d: &Data) -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            Data::DateTime(dt) => dt
                .as_datetime()
                .map(|x| x.date().to_string())
                .unwrap_or_default(),
            other => format!("<{other:?}>"),
        }
    }

    /// The workbook and actions.csv of a run over [`inputs`].
    fn written() -> (Vec<u8>, Vec<u8>) {
        let i = inputs();
        let r = run(&i, params("2026-11-28", "2027-03-04"));
        let rows = rows(&r);
        let view = r.view(&rows);
        let mut bytes = Cursor::new(Vec::new());
        write(&mut bytes, &view).unwrap();
        let mut csv_bytes = Vec::new();
        actions::write(&mut csv_bytes, &rows).unwrap();
        (bytes.into_inner(), csv_bytes)
    }

    #[test]
    fn workbook_reads_back_to_actions_csv_and_formulas_stay_text() {
        let (bytes, csv_bytes) = written();
        let mut expected: Vec<Vec<String>> = csv::Reader::from_reader(&csv_bytes[..])
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();

        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let names = wb.sheet_names();
        assert_eq!(
            names,
            [
                "Overzicht",
                "HOLD Wachten",
                "BAN Inreisverboden",
                "OVR Ongewenstverklaringen",
                "TKB Terugkeerbesluiten",
                "HIT SIS-hits",
                "APP Aanvragen",
                "PERSON Persoon",
                "MEASURES Maatregelen"
            ]
        );
        let mut got = Vec::new();
        for name in &names[1..] {
            let range = wb.worksheet_range(name).unwrap();
            let mut it = range.rows();
            let header: Vec<String> = it.next().unwrap().iter().map(cell).collect();
            assert_eq!(&header[..13], &actions::HEADER.map(String::from)[..13]);
            assert_eq!(&header[13..18], &WORKBOOK_HEADERS.map(String::from)[..]);
            assert_eq!(header[18], "vingerafdruk");
            assert_eq!(header[19], "omschrijving");
            for row in it {
                got.push(row[..17].iter().map(cell).collect::<Vec<_>>());
            }
            assert!(
                wb.worksheet_formula(name)
                    .unwrap()
                    .used_cells()
                    .next()
                    .is_none(),
                "{name} has a formula"
            );
        }
        got.sort();
        expected.sort();
        assert_eq!(got.len(), 2 * FORMULAS.len());
        assert_eq!(got, expected);
        // Every hostile surname arrived as the same text.
        for f in FORMULAS {
            assert!(got.iter().any(|r| r[10] == f), "{f}");
        }
        // The consultation deadline is a real date cell.
        let hits = wb.worksheet_range("HIT SIS-hits").unwrap();
        assert!(matches!(hits.get_value((1, 8)), Some(Data::DateTime(_))));
        assert_eq!(cell(hits.get_value((1, 8)).unwrap()), "2026-12-04");
    }

    #[test]
    fn the_rules_texts_are_shared_strings_and_counted() {
        let mut zip = zip::ZipArchive::new(Cursor::new(written().0)).unwrap();
        let mut text = |name: &str| {
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        let sst = text(SHARED_STRINGS);
        let hits = text("xl/worksheets/sheet6.xml");
        // The legal basis of a hit's row (column F) refers to the table.
        assert!(hits.contains(r#"<c r="F2" t="s"><v>"#), "{hits}");
        // `count` is every reference in the workbook, as Excel writes it.
        let references: usize = (1..=9)
            .map(|k| {
                text(&format!("xl/worksheets/sheet{k}.xml"))
                    .matches(r#" t="s">"#)
                    .count()
            })
            .sum();
        assert!(
            sst.contains(&format!(r#" count="{references}""#)),
            "{references}"
        );
    }

    #[test]
    fn same_run_same_bytes() {
        let i = inputs();
        let r = run(&i, params("2026-11-28", "2027-03-04"));
        let rows = rows(&r);
        let view = r.view(&rows);
        let once = || {
            let mut b = Cursor::new(Vec::new());
            write(&mut b, &view).unwrap();
            b.into_inner()
        };
        assert_eq!(once(), once());
    }

    #[test]
    fn long_text_is_cut_visibly_at_the_cell_limit() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        text(ws, 0, 0, &"é".repeat(40_000)).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut back: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let v = cell(
            back.worksheet_range("Sheet1")
                .unwrap()
                .get_value((0, 0))
                .unwrap(),
        );
        assert_eq!(v.chars().count(), MAX_CELL);
        assert!(v.ends_with("é…"));
    }
}
