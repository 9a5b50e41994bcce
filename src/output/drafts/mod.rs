//! Dutch decision drafts (SPEC §5 `drafts/`): for every action whose rule
//! has a draft (SPEC §6), a letter as HTML (for the browser and the report)
//! and as Word (`.docx`, where the team edits and signs), with the same text,
//! and beside them the handler's checklist (`.controle.txt`).
//!
//! This module owns the template environment (embedded templates from
//! `src/templates/`, each overridable by a same-named file in `--templates
//! DIR`), the Dutch date filters, and the file names inside `--out`. The
//! typed view a template sees is `context::DraftContext`; the `.docx` is
//! written from the rendered HTML (`html`, `docx`), so an overridden
//! template changes both; the checklist (`checklist`) holds what the letter
//! must not: rule ids, register ids, SIS ids and the legal sources' status.
//!
//! It deliberately does not decide *whether* a draft is due (the rules do)
//! or write files (the run does): preparing a draft is a pure function of
//! the case and its action, so the same input always gives the same bytes.
//!
//! Safety: every value is HTML-escaped (auto-escaping is on for every
//! template, whatever its name) and an undefined variable is an error, not a
//! blank (`UndefinedBehavior::Strict`). [`Drafts::new`] renders every rule
//! template against sample cases, so a typo in an override fails at start-up,
//! before any output is written.

mod checklist;
pub mod context;
pub mod docx;
pub mod html;
#[cfg(test)]
mod tests;

pub use context::DraftContext;

use crate::case::{Case, Facts};
use crate::rules::Action;
use chrono::{Datelike, Days, NaiveDate};
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// One prepared draft: the letter in both formats and its checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub html: String,
    pub docx: Vec<u8>,
    pub checklist: String,
}

/// Why a draft could not be prepared; each message names the template (file)
/// and says what to change.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error(
        "failed to read template directory {dir}: {source}; pass an existing, readable directory to --templates"
    )]
    OverrideDir {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("failed to read template {path}: {source}; make sure it is a readable UTF-8 file")]
    OverrideRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("template {path} does not replace any built-in template; rename it to one of: {known}")]
    UnknownOverride { path: PathBuf, known: String },
    #[error("template {template}{}: {detail}; fix the template syntax", at_line(*.line))]
    Syntax {
        template: String,
        line: Option<usize>,
        detail: String,
    },
    #[error("no draft template for rule {rule_id}; rules with a draft are: {known}")]
    NoTemplate { rule_id: String, known: String },
    #[error("failed to write the Word version of the draft for rule {rule_id}: {detail}")]
    Docx { rule_id: String, detail: String },
    #[error("failed to render the draft for rule {rule_id} ({case}): template {template}{} says: {detail}; check the variable and filter names in the template against the documented draft context", at_line(*.line))]
    Render {
        rule_id: String,
        /// Which context failed: "this case", or the sample case of the start-up check.
        case: String,
        template: String,
        line: Option<usize>,
        detail: String,
    },
}

fn at_line(line: Option<usize>) -> String {
    line.map(|l| format!(" line {l}")).unwrap_or_default()
}

/// The embedded templates, in the order they are listed to users. `base.html`
/// (the layout), `bouwstenen.html` (shared phrases) and `voornemen.html` (an
/// intention notice followed by its decision) are parts; the others are one
/// per rule.
const EMBEDDED: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "bouwstenen.html",
        include_str!("../../templates/bouwstenen.html"),
    ),
    (
        "voornemen.html",
        include_str!("../../templates/voornemen.html"),
    ),
    ("R02.html", include_str!("../../templates/R02.html")),
    ("R03.html", include_str!("../../templates/R03.html")),
    ("R04.html", include_str!("../../templates/R04.html")),
    ("R05.html", include_str!("../../templates/R05.html")),
    ("R09.html", include_str!("../../templates/R09.html")),
    ("R21.html", include_str!("../../templates/R21.html")),
    ("R22.html", include_str!("../../templates/R22.html")),
    ("R26.html", include_str!("../../templates/R26.html")),
    ("R32.html", include_str!("../../templates/R32.html")),
    ("R34.html", include_str!("../../templates/R34.html")),
];

/// Templates that are parts of others, never a draft of their own.
const PARTS: &[&str] = &["base.html", "bouwstenen.html", "voornemen.html"];

/// Where a template's source came from, for error messages.
#[derive(Debug, Clone)]
enum Origin {
    Embedded,
    Override(PathBuf),
}

/// The draft renderer: the embedded templates, with any overrides applied, in one
/// checked template environment.
pub struct Drafts {
    env: Environment<'static>,
    origins: BTreeMap<&'static str, Origin>,
}

impl fmt::Debug for Drafts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Drafts")
            .field("templates", &self.origins)
            .finish_non_exhaustive()
    }
}

impl Drafts {
    /// Embedded templates (include_str!), each overridable by a same-named file in
    /// `override_dir` (--templates DIR).
    ///
    /// Only `*.html` files in `override_dir` are considered; one whose name is not
    /// an embedded template is an error, so a misspelt override is never silently
    /// ignored. Every rule template is then rendered against sample cases, so a
    /// syntax error, an unknown variable or an unknown filter is reported here,
    /// with the file and line, rather than halfway through a run.
    pub fn new(override_dir: Option<&Path>) -> Result<Self, DraftError> {
        let overrides = match override_dir {
            Some(dir) => read_overrides(dir)?,
            None => BTreeMap::new(),
        };

        let mut env = environment();
        let mut origins = BTreeMap::new();
        for &(name, embedded) in EMBEDDED {
            let (source, origin) = match overrides.get(name) {
                Some((path, source)) => (source.clone(), Origin::Override(path.clone())),
                None => (embedded.to_owned(), Origin::Embedded),
            };
            if let Err(err) = env.add_template_owned(name, source) {
                return Err(DraftError::Syntax {
                    template: describe(name, &origin),
                    line: err.line(),
                    detail: error_detail(&err),
                });
            }
            origins.insert(name, origin);
        }

        let drafts = Drafts { env, origins };
        drafts.self_check()?;
        Ok(drafts)
    }

    /// Whether `rule_id` (e.g. `R03`) has a draft template.
    pub fn has_template(&self, rule_id: &str) -> bool {
        let name = template_name(rule_id);
        !PARTS.contains(&name.as_str()) && self.origins.contains_key(name.as_str())
    }

    /// Renders the draft for one action as a self-contained HTML document.
    pub fn render(&self, ctx: &DraftContext) -> Result<String, DraftError> {
        self.render_case(ctx, "this case")
    }

    /// The draft of one drafting action: the letter as HTML and `.docx`,
    /// and its checklist. `draft_file` is the HTML's path inside `--out`,
    /// which the checklist names.
    pub fn prepare(
        &self,
        case: &Case<'_>,
        facts: &Facts,
        action: &Action<'_>,
    ) -> Result<Draft, DraftError> {
        let ctx = DraftContext::new(case, facts, action);
        let html = self.render(&ctx)?;
        let blocks = html::parse(&html);
        let mut docx = std::io::Cursor::new(Vec::new());
        docx::write(&blocks, &mut docx).map_err(|e| DraftError::Docx {
            rule_id: ctx.rule_id.to_owned(),
            detail: e.to_string(),
        })?;
        let file = draft_file_name(action.rule.action, action.v_number, action.subject_id);
        let checklist = checklist::render(&ctx, case, action, &file, &blocks);
        Ok(Draft {
            html,
            docx: docx.into_inner(),
            checklist,
        })
    }

    /// Names of the embedded templates, so `--templates DIR` users can copy them.
    pub fn embedded() -> &'static [(&'static str, &'static str)] {
        EMBEDDED
    }

    fn render_case(&self, ctx: &DraftContext, case: &str) -> Result<String, DraftError> {
        if !self.has_template(ctx.rule_id) {
            return Err(DraftError::NoTemplate {
                rule_id: ctx.rule_id.to_owned(),
                known: self.rule_ids().join(", "),
            });
        }

        let name = template_name(ctx.rule_id);
        let render_error = |err: minijinja::Error| {
            let failing = err.name().unwrap_or(&name).to_owned();
            DraftError::Render {
                rule_id: ctx.rule_id.to_owned(),
                case: case.to_owned(),
                template: self.describe_name(&failing),
                line: err.line(),
                detail: error_detail(&err),
            }
        };
        let template = self.env.get_template(&name).map_err(render_error)?;
        template.render(ctx).map_err(render_error)
    }

    /// Renders every rule template against sample cases that together take every
    /// branch the embedded templates have (each SIS effect, both lift-request
    /// targets, every optional value absent).
    fn self_check(&self) -> Result<(), DraftError> {
        for rule_id in self.rule_ids() {
            for (case, ctx) in sample_cases(rule_id) {
                self.render_case(&ctx, &case)?;
            }
        }
        Ok(())
    }

    fn rule_ids(&self) -> Vec<&'static str> {
        self.origins
            .keys()
            .filter(|name| !PARTS.contains(name))
            .filter_map(|name| name.strip_suffix(".html"))
            .collect()
    }

    fn describe_name(&self, name: &str) -> String {
        match self.origins.get(name) {
            Some(origin) => describe(name, origin),
            None => name.to_owned(),
        }
    }
}

fn template_name(rule_id: &str) -> String {
    format!("{rule_id}.html")
}

fn describe(name: &str, origin: &Origin) -> String {
    match origin {
        Origin::Embedded => format!("built-in {name}"),
        Origin::Override(path) => path.display().to_string(),
    }
}

/// The error text without minijinja's "(in name:line)" suffix, which the
/// caller's message already states with the override's real path.
fn error_detail(err: &minijinja::Error) -> String {
    match err.detail() {
        Some(detail) => format!("{}: {detail}", err.kind()),
        None => err.kind().to_string(),
    }
}

/// Reads the `*.html` files of `--templates DIR`, keyed by embedded template name.
fn read_overrides(dir: &Path) -> Result<BTreeMap<&'static str, (PathBuf, String)>, DraftError> {
    let dir_error = |source| DraftError::OverrideDir {
        dir: dir.to_owned(),
        source,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(dir_error)? {
        let path = entry.map_err(dir_error)?.path();
        if path.extension().is_some_and(|ext| ext == "html") {
            paths.push(path);
        }
    }
    // Sorted so that with several bad files the same one is reported every time.
    paths.sort();

    let mut overrides = BTreeMap::new();
    for path in paths {
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(&(name, _)) = EMBEDDED.iter().find(|(name, _)| *name == file_name) else {
            let known: Vec<&str> = EMBEDDED.iter().map(|(name, _)| *name).collect();
            return Err(DraftError::UnknownOverride {
                path,
                known: known.join(", "),
            });
        };
        let source = std::fs::read_to_string(&path).map_err(|source| DraftError::OverrideRead {
            path: path.clone(),
            source,
        })?;
        overrides.insert(name, (path, source));
    }
    Ok(overrides)
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Escape by content, not by file name: an override could be named anything
    // the loader accepts, and every draft is HTML.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_filter("nl_date", nl_date);
    env.add_filter("add_days", add_days);
    env
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// `28 november 2026`, the way Dutch decisions write a date.
pub fn format_dutch_date(date: NaiveDate) -> String {
    let month = MONTHS[date.month0() as usize];
    format!("{} {month} {}", date.day(), date.year())
}

/// Reads a date the way the context serialises it (`YYYY-MM-DD`); `None` for
/// `none`, an error for anything else.
fn date_value(value: &Value, filter: &str) -> Result<Option<NaiveDate>, minijinja::Error> {
    if value.is_none() {
        return Ok(None);
    }
    let parsed = value
        .as_str()
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
    match parsed {
        Some(date) => Ok(Some(date)),
        None => Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("{filter} expects a date (YYYY-MM-DD) or none, got {value:?}"),
        )),
    }
}

/// Filter `nl_date`: a date in Dutch (`28 november 2026`); `onbekend` for none.
fn nl_date(value: &Value) -> Result<String, minijinja::Error> {
    Ok(match date_value(value, "nl_date")? {
        Some(date) => format_dutch_date(date),
        None => "onbekend".to_owned(),
    })
}

/// Filter `add_days(n)`: the date `n` days later, as `YYYY-MM-DD` (chain with
/// `nl_date`); none stays none.
fn add_days(value: &Value, days: u32) -> Result<Value, minijinja::Error> {
    let Some(date) = date_value(value, "add_days")? else {
        return Ok(Value::from(()));
    };
    match date.checked_add_days(Days::new(u64::from(days))) {
        Some(later) => Ok(Value::from(later.format("%Y-%m-%d").to_string())),
        None => Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("add_days: {date} plus {days} days is out of range"),
        )),
    }
}

/// Sample contexts for the start-up check: every branch the embedded
/// templates take (see `context::samples`).
fn sample_cases(rule_id: &'static str) -> Vec<(String, DraftContext)> {
    context::samples(rule_id)
        .into_iter()
        .map(|(what, ctx)| (format!("start-up check, sample case {what}"), ctx))
        .collect()
}

/// Path of a draft relative to `--out`: `drafts/<ACTION>/<v_number>_<subject_id>.html`.
///
/// Each part is kept as is when it only holds `[A-Za-z0-9._-]`; otherwise the
/// other characters become `_` and `-` plus the first 8 hex digits of the
/// SHA-256 of the original is appended, so two different ids never map to the
/// same file. The directory parts (action, V-number) are also hashed when empty
/// or starting with `.`, so they can never name `.` or `..`.
pub fn draft_file_name(action: &str, v_number: &str, subject_id: &str) -> String {
    format!(
        "drafts/{}/{}_{}.html",
        safe_part(action, true),
        safe_part(v_number, false),
        safe_part(subject_id, false)
    )
}

/// The Word version's path beside the HTML draft: the same name, `.docx`.
pub fn docx_file_name(html_file: &str) -> String {
    sibling(html_file, ".docx")
}

/// The checklist's path beside the HTML draft: `….controle.txt`.
pub fn checklist_file_name(html_file: &str) -> String {
    sibling(html_file, ".controle.txt")
}

fn sibling(html_file: &str, extension: &str) -> String {
    let stem = html_file.strip_suffix(".html").unwrap_or(html_file);
    format!("{stem}{extension}")
}

fn safe_part(part: &str, is_directory: bool) -> String {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    let unsafe_directory = is_directory && (part.is_empty() || part.starts_with('.'));
    if part.chars().all(allowed) && !unsafe_directory {
        return part.to_owned();
    }
    let cleaned: String = part
        .chars()
        .map(|c| if allowed(c) { c } else { '_' })
        .collect();
    let digest = Sha256::digest(part.as_bytes());
    let short: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("{cleaned}-{short}")
}
