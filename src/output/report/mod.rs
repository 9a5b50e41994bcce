//! report.html: one self-contained page for the analysts (Dutch) — what to
//! do today, deadlines within 14 days, actions per rule with a bar chart,
//! what changed since the previous run, findings, quarantined rows, the full
//! action table (search, sort, pages) and the run's parameters,
//! reproducibility data and input ledger.
//!
//! Self-contained means: inline CSS, inline JavaScript, inline SVG, and a
//! Content-Security-Policy that allows only that exact script and style (by
//! their SHA-256), so the page cannot fetch anything even if it tried. The
//! tables are rendered in the browser from a JSON block, one page of rows at a
//! time, which keeps a report of 100,000 actions usable.
//!
//! Everything from the input is escaped: the HTML parts by the template's
//! auto-escaping, the JSON block by escaping `<`, `>`, `&` and the two
//! Unicode line separators so no value can close the `<script>` element, and
//! the script puts values into the page with `textContent` only.
//!
//! The report is a pure function of the run (no wall-clock time).

use crate::case::Finding;
use crate::compare::changes::{Cause, Changes, Status};
use crate::compare::drift::Drift;
use crate::compare::fingerprint::Fingerprint;
use crate::compare::upcoming::{self, Change, Upcoming};
use crate::compare::verdicts::{self, Settled};
use crate::config::{Params, Share};
use crate::model::{Date, Export, VerdictKind, ja_nee};
use crate::output::actions::ActionRow;
use crate::output::summary::Summary;
use crate::output::tables::{self, RejectedRow};
use crate::rules::{self, Group, SubjectType};
use chrono::Days;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

const TEMPLATE: &str = include_str!("../../templates/report.html");
const CSS: &str = include_str!("../../templates/report.css");
const JS: &str = include_str!("../../templates/report.js");

/// The report's file name in `--out`.
pub const FILE: &str = "report.html";

/// Deadlines shown in "Termijnen": due on or before `as_of` + this many days.
pub const DUE_WINDOW_DAYS: u64 = 14;

/// What the analysts' outputs (report, workbook) are made from.
pub struct RunView<'a> {
    pub params: &'a Params,
    pub summary: &'a Summary,
    pub rows: &'a [ActionRow<'a>],
    pub findings: &'a [Finding],
    /// The exports' quarantined rows, then the verdicts file's.
    pub rejected: &'a [RejectedRow<'a>],
    pub changes: Option<&'a Changes>,
    /// The analysts' verdicts, settled against this run's actions.
    pub verdicts: &'a Settled,
    /// Each person's fingerprint, by the person's index in the batch (the
    /// workbook keeps its start per row).
    pub fingerprints: Option<&'a [Fingerprint]>,
    /// Actions that start or stop within the horizon only because time passes.
    pub upcoming: &'a [Upcoming],
    pub horizon_days: u64,
}

impl RunView<'_> {
    pub fn as_of(&self) -> Date {
        self.params.as_of
    }

    /// The last due date that counts as "within 14 days".
    pub fn due_limit(&self) -> Date {
        self.params
            .as_of
            .checked_add_days(Days::new(DUE_WINDOW_DAYS))
            .unwrap_or(self.params.as_of)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("render report.html: {0}")]
    Template(#[from] minijinja::Error),
    #[error("encode the report's data: {0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl From<ReportError> for std::io::Error {
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::Io(e) => e,
            other => std::io::Error::other(other.to_string()),
        }
    }
}

/// A writer of JSON that is safe inside `<script type="application/json">`:
/// no `<`, `>` or `&` (so no `</script>` or `<!--`), and no U+2028/U+2029.
/// The escapes are JSON escapes, so `JSON.parse` returns the original text.
/// It escapes as the JSON streams through, so the data block of a large
/// report is never held in memory whole.
pub struct ScriptSafe<W: Write> {
    inner: W,
    /// The start of a three-byte character that may be U+2028 or U+2029,
    /// cut off by the end of the previous write.
    held: Vec<u8>,
}

impl<W: Write> ScriptSafe<W> {
    pub fn new(inner: W) -> Self {
        ScriptSafe {
            inner,
            held: Vec::with_capacity(3),
        }
    }

    /// Writes what is still held and hands back the writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        let held = std::mem::take(&mut self.held);
        self.inner.write_all(&held)?;
        Ok(self.inner)
    }

    /// The escape for the character starting at `bytes[0]`, with its
    /// length; `None` for a byte that is written as it is.
    fn escape(bytes: &[u8]) -> Option<(&'static [u8], usize)> {
        match bytes {
            [b'<', ..] => Some((b"\\u003c", 1)),
            [b'>', ..] => Some((b"\\u003e", 1)),
            [b'&', ..] => Some((b"\\u0026", 1)),
            [0xE2, 0x80, 0xA8, ..] => Some((b"\\u2028", 3)),
            [0xE2, 0x80, 0xA9, ..] => Some((b"\\u2029", 3)),
            _ => None,
        }
    }
}

impl<W: Write> Write for ScriptSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, mut buf: &[u8]) -> std::io::Result<()> {
        // Complete a character the previous write cut off.
        while !self.held.is_empty() && !buf.is_empty() {
            self.held.push(buf[0]);
            buf = &buf[1..];
            if !matches!(self.held.as_slice(), [0xE2] | [0xE2, 0x80]) {
                let held = std::mem::take(&mut self.held);
                match Self::escape(&held) {
                    Some((escaped, _)) => self.inner.write_all(escaped)?,
                    None => self.inner.write_all(&held)?,
                }
            }
        }
        let mut plain = 0;
        let mut i = 0;
        while i < buf.len() {
            let rest = &buf[i..];
            if let Some((escaped, len)) = Self::escape(rest) {
                self.inner.write_all(&buf[plain..i])?;
                self.inner.write_all(escaped)?;
                i += len;
                plain = i;
            } else if matches!(rest, [0xE2] | [0xE2, 0x80]) {
                self.inner.write_all(&buf[plain..i])?;
                self.held.extend_from_slice(rest);
                return Ok(());
            } else {
                i += 1;
            }
        }
        self.inner.write_all(&buf[plain..])
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `value` as JSON that is safe inside a script element (see [`ScriptSafe`]).
pub fn script_json<T: Serialize>(value: &T) -> Result<String, ReportError> {
    let mut out = ScriptSafe::new(Vec::new());
    serde_json::to_writer(&mut out, value)?;
    let bytes = out.finish()?;
    String::from_utf8(bytes).map_err(|e| ReportError::Io(std::io::Error::other(e)))
}

/// `sha256-<base64>` of a text, as a CSP source.
fn csp_hash(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let digest = Sha256::digest(text.as_bytes());
    let mut b64 = String::with_capacity(44);
    for chunk in digest.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                b64.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                b64.push('=');
            }
        }
    }
    format!("sha256-{b64}")
}

mod columns;

/// The embedded data the script renders the tables from. The actions are
/// compact columns (`columns.rs`); every other table is its column names
/// and its rows as arrays. report.js finds a column by its name.
#[derive(Serialize)]
struct Data<'a> {
    #[serde(rename = "asOf")]
    as_of: String,
    #[serde(rename = "dueLimit")]
    due_limit: String,
    #[serde(rename = "hasChanges")]
    has_changes: bool,
    /// The Dutch words of the codes the tables hold, from the one place
    /// each is declared.
    words: Words,
    /// The codes the action columns give by index.
    codes: columns::Codes,
    rules: Table<RuleJson>,
    actions: columns::ActionColumns<'a>,
    resolved: Table<(&'a str, &'a str, &'a str, &'static str)>,
    findings: Table<(&'static str, &'a str, &'static str, u64, &'a str)>,
    rejected: Table<(&'static str, u64, &'a str, &'a str, &'a str, &'a str)>,
    upcoming: Table<UpcomingJson<'a>>,
    /// Verdicts that do not apply in this run, with the reason.
    not_applied: Table<NotAppliedJson<'a>>,
}

/// A table of the embedded data: its column names, then its rows.
#[derive(Serialize)]
struct Table<R> {
    columns: &'static [&'static str],
    rows: Vec<R>,
}

type RuleJson = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

const RULE_COLUMNS: &[&str] = &[
    "id",
    "group",
    "action",
    "label",
    "legal_basis",
    "sis_effect",
    "draft",
];

type NotAppliedJson<'a> = (
    &'a str,
    &'a str,
    &'a str,
    VerdictKind,
    String,
    &'a str,
    &'a str,
    String,
    &'static str,
    &'a str,
);

const RESOLVED_COLUMNS: &[&str] = &["v_number", "action", "subject_id", "cause"];

type UpcomingJson<'a> = (
    String,
    &'a str,
    Change,
    &'static str,
    SubjectType,
    &'a str,
    &'static str,
);

/// code → Dutch word, per kind of code.
#[derive(Serialize)]
struct Words {
    subject_type: BTreeMap<&'static str, &'static str>,
    status: BTreeMap<&'static str, &'static str>,
    cause: BTreeMap<&'static str, &'static str>,
    change: BTreeMap<&'static str, &'static str>,
    verdict: BTreeMap<&'static str, &'static str>,
}

impl Words {
    fn new() -> Self {
        Words {
            subject_type: SubjectType::ALL
                .iter()
                .map(|t| (t.as_str(), t.short_nl()))
                .collect(),
            status: Status::ALL
                .iter()
                .map(|s| (s.as_str(), s.short_nl()))
                .collect(),
            cause: Cause::ALL
                .iter()
                .map(|c| (c.as_str(), c.short_nl()))
                .collect(),
            change: Change::ALL.iter().map(|c| (c.as_str(), c.nl())).collect(),
            verdict: VerdictKind::ALL
                .iter()
                .map(|v| (v.as_str(), v.nl()))
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct ParamsCtx {
    as_of: String,
    rtb_valid_until: String,
    ukraine: &'static str,
    tcn_temporary_end: String,
    prior_days: u64,
    posterior_days: u64,
}

#[derive(Serialize)]
struct Numbers {
    /// Open work: actions without a verdict in force.
    actions: u64,
    with_verdict: u64,
    not_applied: u64,
    overdue: u64,
    due_soon: u64,
    drafts: u64,
    persons: u64,
    on_hold: u64,
    rejected: u64,
    findings: u64,
}

#[derive(Serialize)]
struct GroupCtx {
    name: &'static str,
    label: &'static str,
    /// Open work.
    count: u64,
    with_verdict: u64,
}

#[derive(Serialize)]
struct RuleCtx {
    id: &'static str,
    group: &'static str,
    action: &'static str,
    label: &'static str,
    legal_basis: &'static str,
    sis_effect: &'static str,
    draft: &'static str,
    count: u64,
    open: u64,
    new: u64,
    resolved: u64,
}

#[derive(Serialize)]
struct Bar {
    id: &'static str,
    action: &'static str,
    group: &'static str,
    count: u64,
    y: u32,
    w: u32,
}

#[derive(Serialize)]
struct Chart {
    width: u32,
    height: u32,
    label_width: u32,
    bars: Vec<Bar>,
}

#[derive(Serialize)]
struct LedgerCtx {
    file: String,
    rows: u64,
    accepted: u64,
    rejected: u64,
    bytes: u64,
    sha256: String,
    unknown_columns: String,
}

#[derive(Serialize)]
struct LedgerTotal {
    rows: u64,
    accepted: u64,
    rejected: u64,
}

#[derive(Serialize)]
struct MatrixRow {
    status: &'static str,
    cells: Vec<u64>,
    total: u64,
}

#[derive(Serialize)]
struct ChangesCtx {
    dir: String,
    as_of: String,
    rtb_valid_until: String,
    ukraine: &'static str,
    rules_version: String,
    new: u64,
    resolved: u64,
    causes: Vec<&'static str>,
    matrix: Vec<MatrixRow>,
}

#[derive(Serialize)]
struct Ctx {
    p: ParamsCtx,
    tool: crate::output::summary::Tool,
    rules_version: &'static str,
    n: Numbers,
    due_limit: String,
    horizon_days: u64,
    horizon_end: String,
    upcoming: usize,
    groups: Vec<GroupCtx>,
    rules: Vec<RuleCtx>,
    chart: Chart,
    ledger: Vec<LedgerCtx>,
    ledger_total: LedgerTotal,
    changes: Option<ChangesCtx>,
    /// How the delivery differed from the previous run's, in Dutch, when
    /// a person accepted it (`--accept-drift`); empty otherwise.
    drift: Vec<String>,
    data: &'static str,
    css: &'static str,
    js: &'static str,
    script_hash: String,
    style_hash: String,
}

/// A drift the run was told to accept, as the analysts read it.
fn drift_nl(d: &Drift) -> String {
    match d {
        Drift::Shrunk {
            file,
            rows,
            previous_rows,
            ..
        } => format!(
            "{file} heeft {rows} rijen, de vorige run las er {previous_rows} ({} minder)",
            Share::shrink(*rows, *previous_rows)
        ),
        Drift::HeaderOnly {
            file,
            previous_rows,
            ..
        } => format!("{file} heeft alleen een kopregel, de vorige run las {previous_rows} rijen"),
        Drift::Unchanged => "alle exports zijn gelijk aan die van de vorige run, terwijl een nieuwe levering werd verwacht (--expect-change)".to_string(),
    }
}

fn chart(rule_counts: &[RuleCtx]) -> Chart {
    const LABEL: u32 = 250;
    const BAR_MAX: u32 = 520;
    const ROW: u32 = 22;
    let fired: Vec<&RuleCtx> = rule_counts.iter().filter(|r| r.count > 0).collect();
    let max = fired.iter().map(|r| r.count).max().unwrap_or(1).max(1);
    let bars = fired
        .iter()
        .enumerate()
        .map(|(i, r)| Bar {
            id: r.id,
            action: r.action,
            group: r.group,
            count: r.count,
            y: i as u32 * ROW + 4,
            // At least one pixel, so a rule that fired once is visible.
            w: ((r.count as f64 / max as f64) * f64::from(BAR_MAX))
                .round()
                .max(1.0) as u32,
        })
        .collect::<Vec<_>>();
    Chart {
        width: LABEL + BAR_MAX + 80,
        height: bars.len() as u32 * ROW + 8,
        label_width: LABEL,
        bars,
    }
}

/// Renders report.html into `w`, the data block streamed as it is
/// serialised.
pub fn write<W: Write>(mut w: W, view: &RunView<'_>) -> Result<(), ReportError> {
    let s = view.summary;
    let as_of = view.params.as_of;
    let due_limit = view.due_limit();
    let catalogue: Vec<&'static rules::Rule> = rules::catalogue().collect();
    let index: rustc_hash::FxHashMap<&str, usize> = catalogue
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id, i))
        .collect();

    // New and resolved per action code, for the per-rule table.
    let mut moved: HashMap<&str, (u64, u64)> = HashMap::new();
    if let Some(ch) = view.changes {
        for r in &ch.rows {
            let e = moved.entry(r.action.as_str()).or_default();
            match r.status {
                Status::New => e.0 += 1,
                Status::Resolved => e.1 += 1,
                Status::Ongoing => {}
            }
        }
    }

    // Deadlines count open work only: a verdict says it is taken care of.
    let mut overdue = 0;
    let mut due_soon = 0;
    let mut open_by_rule: HashMap<&str, u64> = HashMap::new();
    for r in view.rows {
        let a = r.action;
        if r.verdict.is_none() {
            *open_by_rule.entry(a.rule.id).or_default() += 1;
            if let Some(d) = a.due_date {
                if d < as_of {
                    overdue += 1;
                } else if d <= due_limit {
                    due_soon += 1;
                }
            }
        }
    }

    let data = Data {
        as_of: as_of.to_string(),
        due_limit: due_limit.to_string(),
        has_changes: view.changes.is_some(),
        words: Words::new(),
        rules: Table {
            columns: RULE_COLUMNS,
            rows: catalogue
                .iter()
                .map(|r| {
                    (
                        r.id,
                        r.group.name(),
                        r.action,
                        r.label,
                        r.legal_basis,
                        r.sis_effect.label(),
                        r.draft,
                    )
                })
                .collect(),
        },
        codes: columns::Codes::new(),
        actions: columns::ActionColumns::new(view.rows, as_of, view.changes, &index),
        resolved: Table {
            columns: RESOLVED_COLUMNS,
            rows: view
                .changes
                .map(|c| {
                    c.rows
                        .iter()
                        .filter(|r| r.status == Status::Resolved)
                        .map(|r| {
                            (
                                r.v_number.as_str(),
                                r.action.as_str(),
                                r.subject_id.as_str(),
                                r.cause.map_or("", Cause::as_str),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
        },
        findings: Table {
            columns: &tables::FINDINGS_HEADER,
            rows: view
                .findings
                .iter()
                .map(|f| {
                    (
                        f.kind,
                        f.v_number.as_str(),
                        f.file.name(),
                        f.line,
                        f.detail.as_str(),
                    )
                })
                .collect(),
        },
        rejected: Table {
            columns: &tables::REJECTED_HEADER,
            rows: view
                .rejected
                .iter()
                .map(|r| (r.file, r.line, r.v_number, r.column, r.value, r.reason))
                .collect(),
        },
        not_applied: Table {
            columns: &verdicts::NOT_APPLIED_HEADER,
            rows: view
                .verdicts
                .not_applied
                .iter()
                .map(|u| {
                    (
                        u.key.v_number.as_str(),
                        u.key.action.as_str(),
                        u.key.subject_id.as_str(),
                        u.verdict.kind,
                        u.verdict.until.map(|d| d.to_string()).unwrap_or_default(),
                        u.verdict.note.as_str(),
                        u.verdict.by.as_str(),
                        u.recorded.map(|d| d.to_string()).unwrap_or_default(),
                        u.reason.as_str(),
                        u.detail.as_str(),
                    )
                })
                .collect(),
        },
        upcoming: Table {
            columns: &upcoming::HEADER,
            rows: view
                .upcoming
                .iter()
                .map(|u| {
                    (
                        u.date.to_string(),
                        u.v_number.as_str(),
                        u.change,
                        u.action,
                        u.subject_type,
                        u.subject_id.as_str(),
                        u.rule_id,
                    )
                })
                .collect(),
        },
    };

    let rule_rows: Vec<RuleCtx> = catalogue
        .iter()
        .map(|r| {
            let (new, resolved) = moved.get(r.action).copied().unwrap_or_default();
            RuleCtx {
                id: r.id,
                group: r.group.name(),
                action: r.action,
                label: r.label,
                legal_basis: r.legal_basis,
                sis_effect: r.sis_effect.label(),
                draft: ja_nee(r.draft),
                count: s.actions_by_rule.get(r.id).copied().unwrap_or(0),
                open: open_by_rule.get(r.id).copied().unwrap_or(0),
                new,
                resolved,
            }
        })
        .collect();

    // The ledger in the contract's export order, not alphabetically.
    let ledger: Vec<LedgerCtx> = Export::ALL
        .iter()
        .filter_map(|e| s.inputs.get(e.name()))
        .map(|f| LedgerCtx {
            file: f.file.clone(),
            rows: f.rows,
            accepted: f.accepted,
            rejected: f.rejected,
            bytes: f.bytes,
            sha256: f.sha256.clone(),
            unknown_columns: f.unknown_columns.join(", "),
        })
        .collect();
    let ledger_total = LedgerTotal {
        rows: ledger.iter().map(|f| f.rows).sum(),
        accepted: ledger.iter().map(|f| f.accepted).sum(),
        rejected: ledger.iter().map(|f| f.rejected).sum(),
    };

    let changes = view.changes.map(|c| {
        let mut causes: Vec<&'static str> = Cause::ALL.iter().map(|c| c.label()).collect();
        causes.push("geen oorzaak");
        let cause_slots: Vec<Option<Cause>> =
            Cause::ALL.iter().copied().map(Some).chain([None]).collect();
        let matrix = Status::ALL
            .iter()
            .map(|&st| {
                let cells: Vec<u64> = cause_slots.iter().map(|&ca| c.count(st, ca)).collect();
                MatrixRow {
                    status: st.label(),
                    total: cells.iter().sum(),
                    cells,
                }
            })
            .collect();
        ChangesCtx {
            dir: c.previous_dir.display().to_string(),
            as_of: c.previous_params.as_of.to_string(),
            rtb_valid_until: c.previous_params.rtb_valid_until.to_string(),
            ukraine: ja_nee(c.previous_params.ukraine_return_possible),
            rules_version: c.previous_rules_version.clone(),
            new: c.rows.iter().filter(|r| r.status == Status::New).count() as u64,
            resolved: c
                .rows
                .iter()
                .filter(|r| r.status == Status::Resolved)
                .count() as u64,
            causes,
            matrix,
        }
    });

    let p = &s.parameters;
    let ctx = Ctx {
        p: ParamsCtx {
            as_of: p.as_of.clone(),
            rtb_valid_until: p.rtb_valid_until.clone(),
            ukraine: ja_nee(p.ukraine_return_possible),
            tcn_temporary_end: p.tcn_temporary_end.clone(),
            prior_days: p.prior_consultation_days,
            posterior_days: p.posterior_consultation_days,
        },
        tool: crate::output::summary::Tool {
            name: s.tool.name,
            version: s.tool.version,
        },
        rules_version: s.rules_version,
        n: Numbers {
            actions: s.verdicts.actions_open,
            with_verdict: s.verdicts.actions_with_verdict,
            not_applied: s.verdicts.not_applied,
            overdue,
            due_soon,
            drafts: s.drafts,
            persons: s.persons,
            on_hold: s.persons_on_hold,
            rejected: s.rejected_rows,
            findings: s.findings,
        },
        due_limit: due_limit.to_string(),
        horizon_days: view.horizon_days,
        horizon_end: view
            .params
            .as_of
            .checked_add_days(Days::new(view.horizon_days))
            .unwrap_or(view.params.as_of)
            .to_string(),
        upcoming: view.upcoming.len(),
        groups: Group::ALL
            .iter()
            .map(|g| GroupCtx {
                name: g.name(),
                label: g.label(),
                count: s.verdicts.open_by_group.get(g.name()).copied().unwrap_or(0),
                with_verdict: s
                    .verdicts
                    .with_verdict_by_group
                    .get(g.name())
                    .copied()
                    .unwrap_or(0),
            })
            .collect(),
        chart: chart(&rule_rows),
        rules: rule_rows,
        ledger,
        ledger_total,
        changes,
        drift: if s.delivery.drift_accepted {
            s.delivery.drift.iter().map(drift_nl).collect()
        } else {
            Vec::new()
        },
        data: DATA_MARK,
        css: CSS,
        js: JS,
        script_hash: csp_hash(JS),
        style_hash: csp_hash(CSS),
    };

    let mut env = minijinja::Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    let html = env.get_template("report.html")?.render(&ctx)?;
    // The page around the data block, which streams in between.
    let (head, tail) = html.split_once(DATA_MARK).ok_or_else(|| {
        ReportError::Io(std::io::Error::other(
            "report.html: the template has no place for the data",
        ))
    })?;
    w.write_all(head.as_bytes())?;
    let mut safe = ScriptSafe::new(&mut w);
    serde_json::to_writer(&mut safe, &data)?;
    safe.finish()?;
    w.write_all(tail.as_bytes())?;
    Ok(())
}

/// Renders report.html into a string (tests, small runs).
pub fn render(view: &RunView<'_>) -> Result<String, ReportError> {
    let mut out = Vec::new();
    write(&mut out, view)?;
    String::from_utf8(out).map_err(|e| ReportError::Io(std::io::Error::other(e)))
}

/// Where the data block goes in the rendered template: text no template
/// output can hold (a NUL), replaced by the streamed data.
const DATA_MARK: &str = "\u{0}rtb-data\u{0}";

/// Builds the run view of hand-made inputs (for the tests of the report and
/// the workbook).
#[cfg(test)]
pub(crate) mod testrun {
    use super::*;
    use crate::evaluate::Batch;
    use crate::ingest::Inputs;
    use crate::output::actions;
    use crate::output::summary::Counts;

    pub struct Run<'a> {
        pub evaluated: Batch<'a>,
        pub summary: Summary,
        pub params: Params,
        pub settled: Settled,
        pub rejected: Vec<RejectedRow<'a>>,
    }

    pub fn run<'a>(inputs: &'a Inputs, params: Params) -> Run<'a> {
        let evaluated = Batch::new(inputs, &params);
        let summary = Summary::new(
            &params,
            Counts {
                files: &inputs.files,
                persons: evaluated.cases.len() as u64,
                persons_on_hold: 0,
                fired: &mut evaluated.actions().map(|a| (a.rule, false)),
                drafts: 0,
                rejected_rows: inputs.rejected.len() as u64,
                findings: evaluated.findings.len() as u64,
                delivery: crate::output::summary::Delivery::new(
                    None,
                    &crate::config::DriftPolicy::default(),
                    None,
                ),
                verdicts: Default::default(),
            },
        );
        Run {
            evaluated,
            summary,
            params,
            settled: Settled::default(),
            rejected: tables::rejected_rows(&inputs.rejected, &[]),
        }
    }

    impl<'a> Run<'a> {
        /// The view of this run with no earlier run and nothing coming up.
        pub fn view(&'a self, rows: &'a [ActionRow<'a>]) -> RunView<'a> {
            RunView {
                params: &self.params,
                summary: &self.summary,
                rows,
                findings: &self.evaluated.findings,
                rejected: &self.rejected,
                verdicts: &self.settled,
                fingerprints: None,
                changes: None,
                upcoming: &[],
                horizon_days: 90,
            }
        }
    }

    pub fn rows<'a>(r: &'a Run<'a>) -> Vec<ActionRow<'a>> {
        actions::rows(&r.evaluated, &r.settled, true)
    }
}

#[cfg(test)]
mod tests {
    use super::testrun::{rows, run};
    use super::*;
    use crate::ingest::Inputs;
    use crate::model::{BanStatus, HolderStatus, Severity};
    use crate::testkit::fixtures::*;

    const HOSTILE_SURNAME: &str = "<script>alert(1)</script>";
    const HOSTILE_GIVEN: &str = "</script><script>alert(2)</script>\u{2028}";
    const HOSTILE_ID: &str = "\"><img src=x onerror=alert(3)>&amp;";

    fn hostile() -> Inputs {
        let mut i = Inputs::default();
        let mut h = holder(
            "300001",
            HOSTILE_SURNAME,
            HolderStatus::Granted,
            "2022-03-10",
        );
        h.identity.given_names = Some(HOSTILE_GIVEN.into());
        i.rtb_holders.push(h);
        i.entry_bans.push(ban(
            HOSTILE_ID,
            "300001",
            Severity::Heavy,
            BanStatus::Active,
            "2020-01-01",
        ));
        i.sis_hits.push(hit("H1", "300001", "PL", "2026-11-20"));
        i.rejected
            .push(rejection("300002", crate::model::Export::EntryBans, 3));
        let mut i = with_ledger(i);
        i.files[1].unknown_columns = vec!["<b>extra</b>".into()];
        i
    }

    /// The text of the JSON data block, as the browser's parser sees it.
    fn data_block(html: &str) -> serde_json::Value {
        let start = html
            .find("<script type=\"application/json\" id=\"rtb-data\">")
            .map(|i| i + "<script type=\"application/json\" id=\"rtb-data\">".len())
            .unwrap();
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).unwrap()
    }

    #[test]
    fn upcoming_changes_are_listed_in_coming_up() {
        let i = hostile();
        let r = run(&i, params("2026-12-05", "2027-03-04"));
        let rows = rows(&r);
        let upcoming = crate::compare::upcoming::all(&r.evaluated, 90);
        assert!(!upcoming.is_empty(), "protection ends inside the horizon");
        let html = render(&RunView {
            upcoming: &upcoming,
            ..r.view(&rows)
        })
        .unwrap();
        assert!(html.contains("id=\"upcoming-table\""));
        assert!(html.contains("tussen 2026-12-05 en 2027-03-05 (90 dagen)"));
        let data = data_block(&html);
        let first = &data["upcoming"]["rows"][0];
        assert_eq!(cell(&data["upcoming"], first, "date"), "2027-03-05");
        assert_eq!(cell(&data["upcoming"], first, "v_number"), "300001");
    }

    /// The cell of `row` in the column named `name` of a data table.
    fn cell<'v>(
        table: &serde_json::Value,
        row: &'v serde_json::Value,
        name: &str,
    ) -> &'v serde_json::Value {
        let columns = table["columns"].as_array().unwrap();
        let i = columns.iter().position(|c| c == name).unwrap();
        &row[i]
    }

    fn render_hostile() -> String {
        let i = hostile();
        let r = run(&i, params("2026-11-28", "2027-03-04"));
        let rows = rows(&r);
        render(&r.view(&rows)).unwrap()
    }

    #[test]
    fn input_values_are_inert_in_the_html() {
        let html = render_hostile();
        // Exactly the two script elements of the template, nothing injected.
        assert_eq!(html.matches("<script").count(), 2);
        assert_eq!(html.matches("</script>").count(), 2);
        assert!(!html.contains("<img"));
        assert!(!html.contains("alert(1)</script>"));
        assert!(!html.contains('\u{2028}'));
        // Header names from the input are HTML-escaped in the ledger.
        assert!(html.contains("<td>&lt;b&gt;extra&lt;&#x2f;b&gt;</td>"));
        // …and the data block gives the browser the original text back.
        let data = data_block(&html);
        let a = &data["actions"];
        let ban = a["subject_id"]
            .as_array()
            .unwrap()
            .iter()
            .position(|id| id == HOSTILE_ID)
            .expect("the ban's action");
        let name = |column: &str| {
            let i = a[column][ban].as_u64().unwrap() as usize;
            a["names"][i].clone()
        };
        assert_eq!(name("surname"), HOSTILE_SURNAME);
        assert_eq!(name("given_names"), HOSTILE_GIVEN);
        let rejected = &data["rejected"];
        assert_eq!(cell(rejected, &rejected["rows"][0], "v_number"), "300002");
    }

    #[test]
    fn the_page_fetches_nothing_and_allows_only_its_own_script() {
        let html = render_hostile();
        for needle in ["http://", "https://", "<link", " src=", "@import", "url("] {
            let outside_data = html.replace(
                &html[html.find("<script type=\"application/json\"").unwrap()
                    ..html.find("<script>").unwrap()],
                "",
            );
            assert!(!outside_data.contains(needle), "found {needle}");
        }
        let csp = format!(
            "default-src 'none'; script-src '{}'; style-src '{}'; img-src data:; base-uri 'none'; form-action 'none'",
            csp_hash(JS),
            csp_hash(CSS)
        );
        assert!(html.contains(&csp));
        assert!(html.contains(&format!("<script>{JS}</script>")));
        assert!(html.contains(&format!("<style>{CSS}</style>")));
    }

    #[test]
    fn script_safe_json_escapes_wherever_a_write_cuts_the_text() {
        let text = "a<b>c&d\u{2028}e\u{2029}f\u{2027}g€</script>";
        let want = "a\\u003cb\\u003ec\\u0026d\\u2028e\\u2029f\u{2027}g€\\u003c/script\\u003e";
        let bytes = text.as_bytes();
        for cut in 0..=bytes.len() {
            for cut2 in cut..=bytes.len() {
                let mut safe = ScriptSafe::new(Vec::new());
                for piece in [&bytes[..cut], &bytes[cut..cut2], &bytes[cut2..]] {
                    safe.write_all(piece).unwrap();
                }
                let out = safe.finish().unwrap();
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    want,
                    "cut at {cut}, {cut2}"
                );
            }
        }
    }

    #[test]
    fn csp_hash_is_base64_sha256() {
        // printf STRING | openssl dgst -sha256 -binary | base64
        assert_eq!(
            csp_hash("abc"),
            "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        assert_eq!(
            csp_hash(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn counts_chart_and_deadlines() {
        let html = render_hostile();
        // R03 for the ban and R16 for the Polish hit (due 2026-11-30, within 14 days).
        assert!(html.contains("<title>R03 TEMP_LIFT_HEAVY_IRV: 1</title>"));
        assert!(html.contains("<title>R16 CONSULT_ISSUING_STATE: 1</title>"));
        assert!(html.contains(
            "<span class=\"num\">1</span><span>uiterlijk binnen 14 dagen (t/m 2026-12-12)</span>"
        ));
        assert!(html.contains("<span class=\"num\">0</span><span>termijn verstreken</span>"));
        let data = data_block(&html);
        assert_eq!(data["asOf"], "2026-11-28");
        assert_eq!(data["dueLimit"], "2026-12-12");
        assert_eq!(data["rules"]["rows"].as_array().unwrap().len(), 37);
        assert_eq!(data["words"]["subject_type"]["entry_ban"], "IRV");
    }

    #[test]
    fn same_run_same_bytes() {
        assert_eq!(render_hostile(), render_hostile());
    }

    #[test]
    fn script_json_escapes_what_could_end_the_script() {
        assert_eq!(
            script_json(&"</script><!--&\u{2028}").unwrap(),
            r#""\u003c/script\u003e\u003c!--\u0026\u2028""#
        );
    }

    /// Writes a report (and workbook) of `RTB_PERSONS` synthetic persons to
    /// `RTB_REPORT_DIR`, for measuring size and load time by hand:
    /// `RTB_PERSONS=50000 RTB_REPORT_DIR=/tmp/r cargo test --lib -- --ignored synthetic_report`
    #[test]
    #[ignore = "writes files for a manual measurement"]
    fn synthetic_report() {
        let n: usize = std::env::var("RTB_PERSONS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1000);
        let dir = std::path::PathBuf::from(
            std::env::var("RTB_REPORT_DIR").unwrap_or_else(|_| "/tmp/rtb-report".into()),
        );
        std::fs::create_dir_all(&dir).unwrap();
        let mut i = Inputs::default();
        for k in 0..n {
            let v = format!("{:08}", 10_000_000 + k);
            let status = if k % 3 == 0 {
                HolderStatus::Ended
            } else {
                HolderStatus::Granted
            };
            i.rtb_holders
                .push(holder(&v, &format!("Achternaam{k}"), status, "2022-03-10"));
            i.entry_bans.push(ban(
                &format!("B{k}"),
                &v,
                if k % 2 == 0 {
                    Severity::Heavy
                } else {
                    Severity::Light
                },
                BanStatus::Active,
                "2020-01-01",
            ));
            if k % 4 == 0 {
                i.sis_hits
                    .push(hit(&format!("H{k}"), &v, "PL", "2026-11-20"));
            }
        }
        let i = with_ledger(i);
        let r = run(&i, params("2026-11-28", "2027-03-04"));
        let rows = rows(&r);
        let view = r.view(&rows);
        let t = std::time::Instant::now();
        write(
            std::fs::File::create(dir.join("report.html")).unwrap(),
            &view,
        )
        .unwrap();
        eprintln!("{} actions; report.html in {:?}", rows.len(), t.elapsed());
        let t = std::time::Instant::now();
        crate::output::xlsx::write(
            std::fs::File::create(dir.join("actions.xlsx")).unwrap(),
            &view,
        )
        .unwrap();
        eprintln!("actions.xlsx in {:?}", t.elapsed());
    }
}
