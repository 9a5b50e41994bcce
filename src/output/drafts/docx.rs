//! The Word version of a draft (`.docx`), written from the blocks of its
//! rendered HTML, so both files hold the same text: the team edits and signs
//! in Word, the HTML serves the browser and the report.
//!
//! The file is deterministic: no creation time, no random ids, and zip
//! entries carry the fixed DOS epoch, so the same draft gives the same bytes.

use super::html::{Block, Cell, Run, Style};
use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, IndentLevel, Level, LevelJc, LevelOverride, LevelText,
    LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin, Paragraph, RunFonts,
    SpecialIndentType, Start, Table, TableCell, TableRow, WidthType,
};
use std::io::{Seek, Write};

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11906, 16838);
/// Body text 10 pt (Word counts half-points).
const BODY: usize = 20;
const FONT: &str = "Verdana";
/// Left indent per list level and the hanging indent of its number.
const INDENT: i32 = 425;
const DECIMAL: usize = 2;
const BULLET: usize = 3;
/// Content width of A4 with the margins below (210 mm - 25 - 20 mm).
const CONTENT_WIDTH: usize = 9070;

/// Gives every paragraph its id in document order: docx-rs would number
/// them from a per-thread counter, which makes the bytes depend on what the
/// thread wrote before.
#[derive(Default)]
struct Ids(u32);

impl Ids {
    fn next(&mut self) -> String {
        self.0 += 1;
        format!("{:08X}", self.0)
    }
}

/// Writes the blocks as a `.docx`.
pub fn write<W: Write + Seek>(blocks: &[Block], out: W) -> std::io::Result<()> {
    let mut ids = Ids::default();
    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(PageMargin {
            top: 1134,
            left: 1417,
            bottom: 1247,
            right: 1134,
            header: 709,
            footer: 709,
            gutter: 0,
        })
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT))
        .default_size(BODY)
        .created_at("2000-01-01T00:00:00Z")
        .updated_at("2000-01-01T00:00:00Z")
        .add_abstract_numbering(numbering(DECIMAL, "decimal", "%1."))
        .add_abstract_numbering(numbering(BULLET, "bullet", "•"));

    // Every <ol>/<ul> gets its own numbering instance, so each list counts
    // from 1, as in the browser.
    let mut lists: Vec<usize> = Vec::new();
    for block in blocks {
        if let Block::Item { list, ordered, .. } = block
            && !lists.contains(list)
        {
            lists.push(*list);
            let abstract_id = if *ordered { DECIMAL } else { BULLET };
            doc = doc.add_numbering(
                Numbering::new(numbering_id(*list), abstract_id)
                    .add_override(LevelOverride::new(0).start(1)),
            );
        }
    }

    for block in blocks {
        doc = match block {
            Block::Paragraph {
                style,
                runs,
                indent,
                page_break_before,
            } => doc.add_paragraph(paragraph(
                &mut ids,
                *style,
                runs,
                *indent,
                *page_break_before,
            )),
            Block::Item {
                list, depth, runs, ..
            } => doc.add_paragraph(
                paragraph(&mut ids, Style::Normal, runs, 0, false)
                    .numbering(NumberingId::new(numbering_id(*list)), IndentLevel::new(0))
                    .indent(
                        Some(INDENT * (*depth as i32 + 1)),
                        Some(SpecialIndentType::Hanging(INDENT)),
                        None,
                        None,
                    ),
            ),
            Block::Table { rows } => doc.add_table(table(&mut ids, rows)),
        };
    }
    doc.build()
        .pack(out)
        .map_err(|e| std::io::Error::other(format!("docx: {e}")))
}

/// Numbering ids 1 is docx-rs's default; ours start at 10.
fn numbering_id(list: usize) -> usize {
    list + 10
}

fn numbering(id: usize, format: &str, text: &str) -> AbstractNumbering {
    AbstractNumbering::new(id).add_level(
        Level::new(
            0,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .indent(
            Some(INDENT),
            Some(SpecialIndentType::Hanging(INDENT)),
            None,
            None,
        ),
    )
}

fn paragraph(
    ids: &mut Ids,
    style: Style,
    runs: &[Run],
    indent: usize,
    page_break_before: bool,
) -> Paragraph {
    let mut p = Paragraph::new().id(ids.next());
    for run in runs {
        p = p.add_run(run_of(run, style));
    }
    // Space after paragraphs and before headings, as the HTML's margins
    // give it in the browser.
    let (before, after) = match style {
        Style::Heading(1) => (320, 160),
        Style::Heading(_) => (240, 80),
        Style::Concept => (0, 240),
        _ => (0, 100),
    };
    p = p.line_spacing(LineSpacing::new().before(before).after(after));
    match style {
        Style::Heading(1) => p = p.size(26).bold().keep_next(true),
        Style::Heading(_) => p = p.size(21).bold().keep_next(true),
        Style::Quote => {
            p = p
                .italic()
                .indent(Some(INDENT * (indent as i32 + 1)), None, None, None)
        }
        Style::Concept => p = p.align(AlignmentType::Center).bold().color("B20000"),
        Style::Sender => p = p.align(AlignmentType::Center),
        Style::Normal if indent > 0 => p = p.indent(Some(INDENT * indent as i32), None, None, None),
        Style::Normal => {}
    }
    if page_break_before {
        p = p.page_break_before(true);
    }
    p
}

fn run_of(run: &Run, style: Style) -> docx_rs::Run {
    let mut r = docx_rs::Run::new();
    if run.break_before {
        r = r.add_break(docx_rs::BreakType::TextWrapping);
    }
    r = r.add_text(run.text.clone());
    if run.bold || matches!(style, Style::Heading(_) | Style::Concept) {
        r = r.bold();
    }
    if run.italic || style == Style::Quote {
        r = r.italic();
    }
    match style {
        Style::Heading(1) => r = r.size(26),
        Style::Heading(_) => r = r.size(21),
        Style::Concept => r = r.color("B20000"),
        _ => {}
    }
    if run.fill_in {
        r = r.highlight("yellow");
    }
    r
}

/// Label/value tables: no borders, labels a third of the width.
fn table(ids: &mut Ids, rows: &[Vec<Cell>]) -> Table {
    let label = CONTENT_WIDTH / 3;
    let rows = rows
        .iter()
        .map(|row| {
            let cells = row
                .iter()
                .enumerate()
                .map(|(i, (_, runs))| {
                    let width = if i == 0 { label } else { CONTENT_WIDTH - label };
                    TableCell::new()
                        .width(width, WidthType::Dxa)
                        .add_paragraph(paragraph(ids, Style::Normal, runs, 0, false))
                })
                .collect();
            TableRow::new(cells)
        })
        .collect();
    Table::without_borders(rows).set_grid(vec![label, CONTENT_WIDTH - label])
}

/// The text of a `.docx`, one paragraph per line (table cells as their own
/// paragraphs): for tests and for anyone checking a draft without Word.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    let docx = docx_rs::read_docx(bytes).map_err(|e| e.to_string())?;
    let mut lines = Vec::new();
    for child in &docx.document.children {
        match child {
            docx_rs::DocumentChild::Paragraph(p) => lines.push(p.raw_text()),
            docx_rs::DocumentChild::Table(t) => {
                for row in &t.rows {
                    let docx_rs::TableChild::TableRow(row) = row;
                    let cells: Vec<String> = row
                        .cells
                        .iter()
                        .map(|cell| {
                            let docx_rs::TableRowChild::TableCell(cell) = cell;
                            cell.children
                                .iter()
                                .filter_map(|c| match c {
                                    docx_rs::TableCellContent::Paragraph(p) => Some(p.raw_text()),
                                    _ => None,
                                })
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .collect();
                    lines.push(cells.join(" "));
                }
            }
            _ => {}
        }
    }
    Ok(lines
        .into_iter()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n"))
}
