//! The rendered HTML of a draft read back as a flat list of blocks
//! (headings, paragraphs, list items, tables) with inline runs (bold,
//! italic, to be filled in). The Word version of a draft is written from
//! these blocks, so the `.docx` holds exactly the text of the `.html`; the
//! checklist reads the placeholders (`<span class="invullen">`) from them.
//!
//! Only the HTML the draft templates use is understood; anything else is
//! read as plain text in a paragraph, never dropped. Decoration the
//! templates mark `aria-hidden="true"` (the watermark) and the `<head>` are
//! skipped.

use html5gum::{Token, Tokenizer};

/// One run of text with its formatting.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// A placeholder the handler fills in (`class="invullen"`).
    pub fill_in: bool,
    /// A line break comes before this run (`<br>`).
    pub break_before: bool,
}

/// How a paragraph looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    #[default]
    Normal,
    /// `<h1>` … `<h3>`: 1 is the title.
    Heading(u8),
    /// A quotation (`class="citaat"`).
    Quote,
    /// The concept mark at the top (`class="concept"`).
    Concept,
    /// The sender's name under the letterhead (`class="afzender"`).
    Sender,
}

/// A table cell: whether it is a label (`<th>`), and its runs.
pub type Cell = (bool, Vec<Run>);

/// A block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph {
        style: Style,
        runs: Vec<Run>,
        /// Nesting inside list items: text that continues an item after a
        /// quotation is indented like the item.
        indent: usize,
        page_break_before: bool,
    },
    Item {
        /// Which list it belongs to, so each `<ol>` numbers from 1.
        list: usize,
        ordered: bool,
        depth: usize,
        runs: Vec<Run>,
    },
    /// A table of label/value rows (`<th>` cells are labels).
    Table { rows: Vec<Vec<Cell>> },
}

impl Block {
    /// The block's text, runs joined, line breaks as spaces.
    pub fn text(&self) -> String {
        match self {
            Block::Paragraph { runs, .. } | Block::Item { runs, .. } => runs_text(runs),
            Block::Table { rows } => rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|(_, runs)| runs_text(runs))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// Every run of the block, in reading order.
    pub fn runs(&self) -> Vec<&Run> {
        match self {
            Block::Paragraph { runs, .. } | Block::Item { runs, .. } => runs.iter().collect(),
            Block::Table { rows } => rows
                .iter()
                .flat_map(|row| row.iter().flat_map(|(_, runs)| runs.iter()))
                .collect(),
        }
    }
}

fn runs_text(runs: &[Run]) -> String {
    let mut s = String::new();
    for r in runs {
        if r.break_before && !s.is_empty() && !s.ends_with(' ') {
            s.push(' ');
        }
        s.push_str(&r.text);
    }
    s.trim().to_owned()
}

/// The whole document's text, one block per line.
pub fn text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(Block::text)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The placeholders of the document, in order, without duplicates.
pub fn fill_ins(blocks: &[Block]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for block in blocks {
        for run in block.runs().into_iter().filter(|r| r.fill_in) {
            let t = run.text.trim();
            if !t.is_empty() && !out.iter().any(|o| o == t) {
                out.push(t.to_owned());
            }
        }
    }
    out
}

#[derive(Debug, Default, Clone, Copy)]
struct Format {
    bold: bool,
    italic: bool,
    fill_in: bool,
}

/// An open element and what it changed.
#[derive(Debug)]
struct Open {
    name: String,
    format: Format,
    hidden: bool,
}

/// An open `<li>`: its list, and whether its numbered paragraph exists yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    list: usize,
    ordered: bool,
    depth: usize,
    started: bool,
}

/// Reads the blocks of a rendered draft.
pub fn parse(html: &str) -> Vec<Block> {
    let mut p = Parser::default();
    for Ok(token) in Tokenizer::new(html) {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let attr = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|v| String::from_utf8_lossy(v).into_owned())
                };
                let class = attr("class").unwrap_or_default();
                let hidden = attr("aria-hidden").is_some_and(|v| v == "true");
                p.start(&name, &class, hidden, tag.self_closing);
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                p.end(&name);
            }
            Token::String(s) => p.text(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    p.flush();
    p.blocks
}

#[derive(Default)]
struct Parser {
    blocks: Vec<Block>,
    open: Vec<Open>,
    runs: Vec<Run>,
    style: Style,
    /// Lists open, innermost last: (list id, ordered).
    lists: Vec<(usize, bool)>,
    next_list: usize,
    /// The `<li>` elements open, innermost last.
    items: Vec<Item>,
    table: Option<Vec<Vec<Cell>>>,
    cell: Option<Cell>,
    page_break: bool,
    pending_break: bool,
}

impl Parser {
    fn skipping(&self) -> bool {
        self.open
            .iter()
            .any(|o| o.hidden || matches!(o.name.as_str(), "head" | "style" | "script" | "title"))
    }

    fn format(&self) -> Format {
        self.open.iter().fold(Format::default(), |f, o| Format {
            bold: f.bold || o.format.bold,
            italic: f.italic || o.format.italic,
            fill_in: f.fill_in || o.format.fill_in,
        })
    }

    fn start(&mut self, name: &str, class: &str, hidden: bool, self_closing: bool) {
        let classes: Vec<&str> = class.split_whitespace().collect();
        let has = |c: &str| classes.contains(&c);
        if has("nieuwe-pagina") {
            self.flush();
            self.page_break = true;
        }
        match name {
            "br" => {
                self.pending_break = true;
                return;
            }
            "hr" | "meta" | "link" | "img" | "input" => return,
            "p" | "h1" | "h2" | "h3" | "h4" | "div" | "section" | "header" | "footer" => {
                self.flush();
                self.style = match name {
                    "h1" => Style::Heading(1),
                    "h2" => Style::Heading(2),
                    "h3" | "h4" => Style::Heading(3),
                    _ if has("citaat") => Style::Quote,
                    _ if has("concept") => Style::Concept,
                    _ if has("afzender") => Style::Sender,
                    _ => Style::Normal,
                };
            }
            "ul" | "ol" => {
                self.flush();
                self.next_list += 1;
                self.lists.push((self.next_list, name == "ol"));
            }
            "li" => {
                self.flush();
                let (list, ordered) = self.lists.last().copied().unwrap_or((0, false));
                self.items.push(Item {
                    list,
                    ordered,
                    depth: self.lists.len().saturating_sub(1),
                    started: false,
                });
            }
            "table" => {
                self.flush();
                self.table = Some(Vec::new());
            }
            "tr" => {
                if let Some(t) = self.table.as_mut() {
                    t.push(Vec::new());
                }
            }
            "td" | "th" => {
                self.cell = Some((name == "th", Vec::new()));
            }
            _ => {}
        }
        if self_closing {
            return;
        }
        let format = Format {
            bold: matches!(name, "strong" | "b" | "th" | "h1" | "h2" | "h3" | "h4"),
            italic: matches!(name, "em" | "i"),
            fill_in: has("invullen"),
        };
        self.open.push(Open {
            name: name.to_owned(),
            format,
            hidden,
        });
    }

    fn end(&mut self, name: &str) {
        match name {
            "p" | "h1" | "h2" | "h3" | "h4" | "div" | "section" | "header" | "footer" => {
                self.flush();
                self.style = Style::Normal;
            }
            "li" => {
                self.flush();
                self.items.pop();
            }
            "ul" | "ol" => {
                self.flush();
                self.lists.pop();
            }
            "td" | "th" => {
                if let (Some(cell), Some(t)) = (self.cell.take(), self.table.as_mut())
                    && let Some(row) = t.last_mut()
                {
                    row.push(cell);
                }
            }
            "table" => {
                if let Some(rows) = self.table.take() {
                    self.blocks.push(Block::Table { rows });
                }
            }
            _ => {}
        }
        if let Some(i) = self.open.iter().rposition(|o| o.name == name) {
            self.open.truncate(i);
        }
    }

    fn text(&mut self, s: &str) {
        if self.skipping() {
            return;
        }
        let collapsed = collapse(s);
        if collapsed.is_empty() {
            return;
        }
        let f = self.format();
        let target = match self.cell.as_mut() {
            Some((_, runs)) => runs,
            None => &mut self.runs,
        };
        let at_start = target.is_empty() || self.pending_break;
        let mut text = collapsed;
        if at_start {
            text = text.trim_start().to_owned();
            if text.is_empty() {
                return;
            }
        }
        let break_before = std::mem::take(&mut self.pending_break) && !target.is_empty();
        match target.last_mut() {
            Some(last)
                if !break_before
                    && (last.bold, last.italic, last.fill_in) == (f.bold, f.italic, f.fill_in) =>
            {
                if last.text.ends_with(' ') && text.starts_with(' ') {
                    text.remove(0);
                }
                last.text.push_str(&text);
            }
            _ => target.push(Run {
                text,
                bold: f.bold,
                italic: f.italic,
                fill_in: f.fill_in,
                break_before,
            }),
        }
    }

    /// Ends the paragraph or list item being collected.
    fn flush(&mut self) {
        self.pending_break = false;
        let mut runs = std::mem::take(&mut self.runs);
        if let Some(last) = runs.last_mut() {
            let trimmed = last.text.trim_end().len();
            last.text.truncate(trimmed);
        }
        runs.retain(|r| !r.text.is_empty());
        if runs.is_empty() {
            return;
        }
        let page_break_before = std::mem::take(&mut self.page_break);
        // The first paragraph of a list item is the numbered item; later
        // ones (after a quotation inside the item) continue it, indented.
        match self.items.last_mut() {
            Some(item) if !item.started && self.style == Style::Normal => {
                item.started = true;
                self.blocks.push(Block::Item {
                    list: item.list,
                    ordered: item.ordered,
                    depth: item.depth,
                    runs,
                });
            }
            Some(item) => {
                item.started = true;
                self.blocks.push(Block::Paragraph {
                    style: self.style,
                    runs,
                    indent: item.depth + 1,
                    page_break_before,
                });
            }
            None => self.blocks.push(Block::Paragraph {
                style: self.style,
                runs,
                indent: 0,
                page_break_before,
            }),
        }
    }
}

/// HTML white space: every run of spaces, tabs and newlines is one space.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_headings_and_formatting() {
        let blocks = parse(
            "<html><head><title>x</title><style>p{}</style></head><body>\
             <div class=\"watermerk\" aria-hidden=\"true\">CONCEPT</div>\
             <h1>Besluit</h1>\
             <p>Het  inreisverbod\n van <strong>15 maart 2021</strong> wordt\
             <span class=\"invullen\">[datum]</span> opgeheven.</p>\
             <p class=\"citaat\">‘Citaat’</p></body></html>",
        );
        assert_eq!(
            text(&blocks),
            "Besluit\nHet inreisverbod van 15 maart 2021 wordt[datum] opgeheven.\n‘Citaat’"
        );
        assert!(matches!(
            blocks[0],
            Block::Paragraph {
                style: Style::Heading(1),
                ..
            }
        ));
        assert!(matches!(
            blocks[2],
            Block::Paragraph {
                style: Style::Quote,
                ..
            }
        ));
        let runs = blocks[1].runs();
        assert!(runs[1].bold && runs[1].text == "15 maart 2021");
        assert!(runs[3].fill_in);
        assert_eq!(fill_ins(&blocks), ["[datum]"]);
    }

    #[test]
    fn lists_number_per_list_and_quotes_inside_items_continue_them() {
        let blocks = parse(
            "<ol><li>Een <p class=\"citaat\">citaat</p> verder</li><li>Twee<ul><li>a</li></ul></li></ol>\
             <ol><li>Weer een</li></ol>",
        );
        let shape: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                Block::Item {
                    list, depth, runs, ..
                } => {
                    format!("item {list}/{depth} {}", runs_text(runs))
                }
                Block::Paragraph {
                    style,
                    indent,
                    runs,
                    ..
                } => {
                    format!("p {style:?} {indent} {}", runs_text(runs))
                }
                Block::Table { .. } => "table".into(),
            })
            .collect();
        assert_eq!(
            shape,
            [
                "item 1/0 Een",
                "p Quote 1 citaat",
                "p Normal 1 verder",
                "item 1/0 Twee",
                "item 2/1 a",
                "item 3/0 Weer een",
            ]
        );
    }

    #[test]
    fn tables_entities_breaks_and_page_breaks() {
        let blocks = parse(
            "<table><tr><th>Naam</th><td>Kovalenko &amp; Zn</td></tr></table>\
             <p>regel 1<br>regel 2</p><div class=\"nieuwe-pagina\"></div><p>Volgende</p>",
        );
        assert_eq!(
            text(&blocks),
            "Naam Kovalenko & Zn\nregel 1 regel 2\nVolgende"
        );
        match &blocks[0] {
            Block::Table { rows } => assert!(rows[0][0].0 && !rows[0][1].0),
            other => panic!("{other:?}"),
        }
        assert!(blocks[1].runs()[1].break_before);
        assert!(matches!(
            blocks[2],
            Block::Paragraph {
                page_break_before: true,
                ..
            }
        ));
    }
}
