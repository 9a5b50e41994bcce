//! Dutch decision drafts (SPEC §5 `drafts/`): one HTML concept per action whose
//! rule has a draft (SPEC §6, draft = yes).
//!
//! This module owns the draft context handed to the templates, the template
//! environment (embedded templates from `src/templates/`, each overridable by a
//! same-named file in `--templates DIR`), the Dutch filters the templates use,
//! and the file name of a draft inside `--out`.
//!
//! It deliberately does not decide *whether* a draft is due (the rules do), build
//! the reference (the caller does) or write files (the output writer does):
//! rendering is a pure function of the context, so the same context always gives
//! the same bytes. The templates carry all Dutch wording; this file only checks
//! the context and maps contract words to Dutch.
//!
//! Safety: every value is HTML-escaped (auto-escaping is on for every template,
//! whatever its name) and an undefined variable is an error, not a blank
//! (`UndefinedBehavior::Strict`). [`Drafts::new`] renders every rule template
//! against sample cases, so a typo in an override fails at start-up, before any
//! output is written.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Everything a draft template can use. Field names are the template variables
/// (`{{ person.surname }}`, `{{ subject.decision_date|nl_date }}`); dates reach
/// the templates as `YYYY-MM-DD` strings and `None` as `none`.
#[derive(Debug, Clone, Serialize)]
pub struct DraftContext {
    /// Kenmerk of the draft, built by the caller, e.g. `RTB-20261128-R03-123456789-B123`.
    pub reference: String,
    /// Peildatum, which is also the date of the draft.
    pub date: NaiveDate,
    /// Rule id, e.g. `R03`; selects the template `R03.html`.
    pub rule_id: &'static str,
    /// Action code, e.g. `TEMP_LIFT_HEAVY_IRV`.
    pub action: &'static str,
    /// Dutch label of the rule.
    pub label: &'static str,
    /// Legal basis as in the rule table.
    pub legal_basis: &'static str,
    /// `delete`, `suspend`, `resume`, `keep` or `none`.
    pub sis_effect: &'static str,
    pub sis_alert_id: Option<String>,
    /// Dutch one-liner naming the facts that made the rule fire.
    pub explanation: String,
    /// Last day of protection for this person (inclusive).
    pub tp_end: NaiveDate,
    pub person: DraftPerson,
    pub subject: DraftSubject,
}

/// The person a draft is addressed to; identity fields may be unknown.
#[derive(Debug, Clone, Serialize)]
pub struct DraftPerson {
    pub v_number: String,
    pub surname: Option<String>,
    pub given_names: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// Three letters as in a passport (`UKR`, `XXA`).
    pub nationality: Option<String>,
    pub municipality: Option<String>,
}

/// The record the action is about (SPEC §5 `subject_type`/`subject_id`).
#[derive(Debug, Clone, Serialize)]
pub struct DraftSubject {
    /// `person`, `entry_ban`, `exclusion_order`, `return_decision`, `sis_hit` or `application`.
    pub kind: &'static str,
    pub id: String,
    pub decision_date: Option<NaiveDate>,
    pub in_force_date: Option<NaiveDate>,
    /// `light` or `heavy`, for entry bans.
    pub severity: Option<&'static str>,
    /// Contract word, e.g. `public_order`.
    pub ground: Option<&'static str>,
    /// Filing date, for applications.
    pub filed_date: Option<NaiveDate>,
    /// For lift requests: `entry_ban` or `exclusion_order`.
    pub target_kind: Option<&'static str>,
    pub target_id: Option<String>,
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
    #[error("draft for rule {rule_id} has {field} '{value}'; expected one of: {expected}")]
    InvalidContext {
        rule_id: String,
        field: &'static str,
        value: String,
        expected: &'static str,
    },
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
/// and `lift_request.html` are shared parts; the others are one per rule.
const EMBEDDED: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    (
        "lift_request.html",
        include_str!("../templates/lift_request.html"),
    ),
    ("R02.html", include_str!("../templates/R02.html")),
    ("R03.html", include_str!("../templates/R03.html")),
    ("R04.html", include_str!("../templates/R04.html")),
    ("R05.html", include_str!("../templates/R05.html")),
    ("R09.html", include_str!("../templates/R09.html")),
    ("R21.html", include_str!("../templates/R21.html")),
    ("R22.html", include_str!("../templates/R22.html")),
    ("R26.html", include_str!("../templates/R26.html")),
    ("R32.html", include_str!("../templates/R32.html")),
    ("R34.html", include_str!("../templates/R34.html")),
];

/// Templates that are parts of others, never a draft of their own.
const PARTS: &[&str] = &["base.html", "lift_request.html"];

const SIS_EFFECTS: &[&str] = &["delete", "suspend", "resume", "keep", "none"];
const SUBJECT_KINDS: &[&str] = &[
    "person",
    "entry_ban",
    "exclusion_order",
    "return_decision",
    "sis_hit",
    "application",
];

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
        validate(ctx)?;

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
    env.add_filter("nl_ground", nl_ground);
    env.add_filter("nl_nationality", nl_nationality);
    env
}

/// Rejects values the templates cannot word, so a draft never silently takes
/// the wrong branch.
fn validate(ctx: &DraftContext) -> Result<(), DraftError> {
    let invalid = |field, value: &str, expected| DraftError::InvalidContext {
        rule_id: ctx.rule_id.to_owned(),
        field,
        value: value.to_owned(),
        expected,
    };
    if !SIS_EFFECTS.contains(&ctx.sis_effect) {
        return Err(invalid(
            "sis_effect",
            ctx.sis_effect,
            "delete, suspend, resume, keep, none",
        ));
    }
    if !SUBJECT_KINDS.contains(&ctx.subject.kind) {
        return Err(invalid(
            "subject.kind",
            ctx.subject.kind,
            "person, entry_ban, exclusion_order, return_decision, sis_hit, application",
        ));
    }
    if let Some(severity) = ctx.subject.severity
        && !matches!(severity, "light" | "heavy")
    {
        return Err(invalid("subject.severity", severity, "light, heavy"));
    }
    if let Some(target) = ctx.subject.target_kind
        && !matches!(target, "entry_ban" | "exclusion_order")
    {
        return Err(invalid(
            "subject.target_kind",
            target,
            "entry_ban, exclusion_order",
        ));
    }
    Ok(())
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

/// Filter `nl_ground`: a contract ground word in Dutch; `onbekend` for none.
fn nl_ground(value: &Value) -> Result<String, minijinja::Error> {
    if value.is_none() {
        return Ok("onbekend".to_owned());
    }
    let Some(word) = value.as_str() else {
        return Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("nl_ground expects a ground word or none, got {value:?}"),
        ));
    };
    Ok(match word {
        "public_order" => "openbare orde",
        "national_security" => "nationale veiligheid",
        "article_1f" => "artikel 1F Vluchtelingenverdrag",
        "no_departure" => "niet tijdig vertrokken",
        "fraud" => "fraude",
        "other" => "overige grond",
        other => other,
    }
    .to_owned())
}

/// Filter `nl_nationality`: `Oekraïense (UKR)` for the nationalities the
/// team meets most, the code itself for others, `onbekend` for none.
fn nl_nationality(value: &Value) -> Result<String, minijinja::Error> {
    if value.is_none() {
        return Ok("onbekend".to_owned());
    }
    let Some(code) = value.as_str() else {
        return Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("nl_nationality expects a three-letter code or none, got {value:?}"),
        ));
    };
    let name = match code {
        "UKR" => "Oekraïense",
        "RUS" => "Russische",
        "BLR" => "Belarussische",
        "MDA" => "Moldavische",
        "GEO" => "Georgische",
        "ARM" => "Armeense",
        "AZE" => "Azerbeidzjaanse",
        "XXA" => "staatloos",
        "XXB" => "vluchteling (Vluchtelingenverdrag)",
        "XXC" => "vluchteling (overig)",
        "XXX" => "onbekende nationaliteit",
        _ => return Ok(code.to_owned()),
    };
    Ok(format!("{name} ({code})"))
}

/// Sample cases for the start-up check: every SIS effect, both lift-request
/// targets and the target missing, identity known and unknown.
fn sample_cases(rule_id: &'static str) -> Vec<(String, DraftContext)> {
    let date = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
    let full = DraftContext {
        reference: format!("RTB-20261128-{rule_id}-000000000-X1"),
        date,
        rule_id,
        action: "SAMPLE",
        label: "voorbeeld",
        legal_basis: "voorbeeld",
        sis_effect: "delete",
        sis_alert_id: Some("NL-SAMPLE".to_owned()),
        explanation: "voorbeeld".to_owned(),
        tp_end: NaiveDate::from_ymd_opt(2027, 3, 4).unwrap_or_default(),
        person: DraftPerson {
            v_number: "000000000".to_owned(),
            surname: Some("Voorbeeld".to_owned()),
            given_names: Some("Anna".to_owned()),
            birth_date: NaiveDate::from_ymd_opt(1990, 1, 1),
            nationality: Some("UKR".to_owned()),
            municipality: Some("Utrecht".to_owned()),
        },
        subject: DraftSubject {
            kind: "entry_ban",
            id: "X1".to_owned(),
            decision_date: Some(date),
            in_force_date: Some(date),
            severity: Some("heavy"),
            ground: Some("public_order"),
            filed_date: Some(date),
            target_kind: Some("entry_ban"),
            target_id: Some("X2".to_owned()),
        },
    };
    let mut sparse = full.clone();
    sparse.sis_alert_id = None;
    sparse.person = DraftPerson {
        v_number: "000000000".to_owned(),
        surname: None,
        given_names: None,
        birth_date: None,
        nationality: None,
        municipality: None,
    };
    sparse.subject = DraftSubject {
        kind: "person",
        id: "000000000".to_owned(),
        decision_date: None,
        in_force_date: None,
        severity: None,
        ground: None,
        filed_date: None,
        target_kind: None,
        target_id: None,
    };

    let mut cases = Vec::new();
    for (i, &effect) in SIS_EFFECTS.iter().enumerate() {
        let mut ctx = full.clone();
        ctx.sis_effect = effect;
        ctx.subject.severity = Some(if i % 2 == 0 { "heavy" } else { "light" });
        ctx.subject.target_kind = Some(if i % 2 == 0 {
            "entry_ban"
        } else {
            "exclusion_order"
        });
        cases.push((
            format!("start-up check, sample case sis_effect={effect}"),
            ctx,
        ));
    }
    cases.push((
        "start-up check, sample case with every optional value absent".to_owned(),
        sparse,
    ));
    cases
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

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn person() -> DraftPerson {
        DraftPerson {
            v_number: "0123456789".to_owned(),
            surname: Some("Kovalenko".to_owned()),
            given_names: Some("Olena Petrivna".to_owned()),
            birth_date: Some(date(1985, 5, 12)),
            nationality: Some("UKR".to_owned()),
            municipality: Some("Zwolle".to_owned()),
        }
    }

    fn ban(id: &str, severity: &'static str, in_force: Option<NaiveDate>) -> DraftSubject {
        DraftSubject {
            kind: "entry_ban",
            id: id.to_owned(),
            decision_date: Some(date(2021, 3, 15)),
            in_force_date: in_force,
            severity: Some(severity),
            ground: Some("public_order"),
            filed_date: None,
            target_kind: None,
            target_id: None,
        }
    }

    fn lift_request(target_kind: &'static str, target_id: &str) -> DraftSubject {
        DraftSubject {
            kind: "application",
            id: "A-2026-0042".to_owned(),
            decision_date: None,
            in_force_date: None,
            severity: None,
            ground: None,
            filed_date: Some(date(2026, 9, 1)),
            target_kind: Some(target_kind),
            target_id: Some(target_id.to_owned()),
        }
    }

    fn person_subject() -> DraftSubject {
        DraftSubject {
            kind: "person",
            id: "0123456789".to_owned(),
            decision_date: None,
            in_force_date: None,
            severity: None,
            ground: None,
            filed_date: None,
            target_kind: None,
            target_id: None,
        }
    }

    fn ovr() -> DraftSubject {
        DraftSubject {
            kind: "exclusion_order",
            id: "O-778".to_owned(),
            decision_date: Some(date(2019, 10, 2)),
            in_force_date: None,
            severity: None,
            ground: Some("national_security"),
            filed_date: None,
            target_kind: None,
            target_id: None,
        }
    }

    /// A realistic context for `rule_id`, as the lead's rule table would fill it.
    fn context(rule_id: &'static str, subject: DraftSubject) -> DraftContext {
        let (action, label, legal_basis, sis_effect) = match rule_id {
            "R02" => (
                "LIFT_IRV_NOT_IN_FORCE",
                "Inreisverbod opheffen (nog niet in werking)",
                "art. 66b lid 1 Vw; WI hfst. 3 (reguliere aanvraag)",
                "delete",
            ),
            "R03" => (
                "TEMP_LIFT_HEAVY_IRV",
                "Zwaar inreisverbod tijdelijk opheffen",
                "art. 66b lid 1 Vw; WI hfst. 3",
                "suspend",
            ),
            "R04" => (
                "LIFT_LIGHT_IRV_REGULAR",
                "Licht inreisverbod opheffen (reguliere vergunning)",
                "art. 6.6 lid 1 VV; WI hfst. 3",
                "delete",
            ),
            "R05" => (
                "LIFT_LIGHT_IRV",
                "Licht inreisverbod opheffen",
                "art. 66b lid 1 Vw; WI hfst. 3",
                "delete",
            ),
            "R09" => (
                "LIFT_OVR",
                "Ongewenstverklaring opheffen",
                "art. 67 lid 3 en art. 68 Vw; WI hfst. 3",
                "delete",
            ),
            "R21" => (
                "REJECT_LIFT_REQUEST",
                "Verzoek om opheffing afwijzen",
                "A4/2.5 Vc en art. 6.5b Vb (IRV) of A4/3.5 Vc en art. 6.6 Vb (OVR)",
                "none",
            ),
            "R22" => (
                "GRANT_LIFT_REQUEST",
                "Verzoek om opheffing inwilligen",
                "A4/2.5 Vc en art. 6.5b Vb (IRV) of A4/3.5 Vc en art. 6.6 Vb (OVR)",
                "delete",
            ),
            "R26" => (
                "ASSESS_PO_REFUSAL",
                "Openbare orde toetsen voor weigering RTB",
                "art. 4:15 lid 1 Awb; art. 3.1a lid 2 Vb; WI hfst. 2 en 3",
                "none",
            ),
            "R32" => (
                "IMPOSE_TKB_IRV_BTS",
                "Terugkeerbesluit, zwaar inreisverbod en Bts opleggen",
                "art. 62 en art. 66a lid 7 Vw; A4/4 Vc; WI hfst. 3",
                "none",
            ),
            "R34" => (
                "IMPOSE_BTS",
                "Besluit tot signalering opleggen",
                "A4/4 Vc; art. 24 lid 1 sub a Vo (EU) 2018/1861; WI hfst. 6",
                "none",
            ),
            other => panic!("no test context for {other}"),
        };
        DraftContext {
            reference: format!("RTB-20261128-{rule_id}-0123456789-{}", subject.id),
            date: date(2026, 11, 28),
            rule_id,
            action,
            label,
            legal_basis,
            sis_effect,
            sis_alert_id: matches!(subject.kind, "entry_ban" | "exclusion_order")
                .then(|| "NL-SIS-000981".to_owned()),
            explanation: if subject.kind == "application" {
                "Verzoek om opheffing van 1 september 2026 in behandeling; voorwaarden beoordeeld."
                    .to_owned()
            } else {
                "Tijdelijke bescherming verleend op 14 april 2022; zwaar inreisverbod van 15 maart 2021.".to_owned()
            },
            tp_end: date(2027, 3, 4),
            person: person(),
            subject,
        }
    }

    fn drafts() -> Drafts {
        Drafts::new(None).unwrap()
    }

    fn render(ctx: &DraftContext) -> String {
        drafts().render(ctx).unwrap()
    }

    fn assert_contains(html: &str, phrases: &[&str]) {
        for phrase in phrases {
            assert!(html.contains(phrase), "missing {phrase:?} in:\n{html}");
        }
    }

    fn assert_lacks(html: &str, phrases: &[&str]) {
        for phrase in phrases {
            assert!(!html.contains(phrase), "unexpected {phrase:?} in:\n{html}");
        }
    }

    /// The parts every draft shares, from the base layout.
    fn assert_layout(html: &str, rule_id: &str) {
        assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
        assert_contains(
            html,
            &[
                "<html lang=\"nl\">",
                "CONCEPT — te controleren door behandelaar",
                "<strong>Ministerie van Asiel en Migratie</strong><br>Immigratie- en Naturalisatiedienst",
                &format!("<tr><th>Ons kenmerk</th><td>RTB-20261128-{rule_id}-0123456789-"),
                "<tr><th>Datum</th><td>28 november 2026</td></tr>",
                "<tr><th>Naam</th><td>Kovalenko</td></tr>",
                "<tr><th>Voornamen</th><td>Olena Petrivna</td></tr>",
                "<tr><th>Geboortedatum</th><td>12 mei 1985</td></tr>",
                "<tr><th>Nationaliteit</th><td>Oekraïense (UKR)</td></tr>",
                "<tr><th>V-nummer</th><td>0123456789</td></tr>",
                "<tr><th>Gemeente</th><td>Zwolle</td></tr>",
                &format!("Regel {rule_id} ("),
                "De Minister van Asiel en Migratie,<br>namens deze,",
            ],
        );
        // Self-contained and printable: no external resources, no scripts.
        assert_lacks(html, &["<script", "<link", "src=", "url(", "http"]);
        assert_contains(html, &["@page { size: A4;"]);
    }

    const BEZWAAR: &str = "Dan kunt u daartegen bezwaar maken. Dat moet binnen vier weken na de dag waarop dit besluit aan u is bekendgemaakt (artikel 6:7 en 6:8 van de Algemene wet bestuursrecht (Awb), in verbinding met artikel 69, eerste lid, van de Vreemdelingenwet 2000).";

    #[test]
    fn r02_lifts_a_ban_not_yet_in_force() {
        let html = render(&context("R02", ban("B-1001", "heavy", None)));
        assert_layout(&html, "R02");
        assert_contains(
            &html,
            &[
                "<h1>Besluit tot opheffing van het inreisverbod</h1>",
                "Het zware inreisverbod met kenmerk B-1001, opgelegd bij besluit van 15 maart 2021, wordt op grond van artikel 66b, eerste lid, van de Vreemdelingenwet 2000 (Vw) opgeheven",
                "Dit inreisverbod is nog niet in werking getreden.",
                "wordt het IRV opgeheven als het nog niet in werking is getreden (licht of zwaar)",
                "hoofdstuk 3 van de Werkinstructie Richtlijn Tijdelijke Bescherming",
                "(grond: openbare orde)",
                "(kenmerk NL-SIS-000981), wordt verwijderd.",
                BEZWAAR,
            ],
        );
    }

    #[test]
    fn r03_lifts_for_the_duration_of_protection_and_names_tp_end() {
        let html = render(&context(
            "R03",
            ban("B-1002", "heavy", Some(date(2021, 4, 1))),
        ));
        assert_layout(&html, "R03");
        assert_contains(
            &html,
            &[
                "<h1>Besluit tot tijdelijke opheffing van het zware inreisverbod</h1>",
                "tijdelijk opgeheven voor de duur van de tijdelijke bescherming.",
                "Op de datum van dit besluit duurt de tijdelijke bescherming tot en met 4 maart 2027.",
                "Wordt de tijdelijke bescherming verlengd, dan loopt de tijdelijke opheffing zonder nieuw besluit door",
                "artikel 66b, eerste lid, van de Vreemdelingenwet 2000",
                "artikel 66a, zevende lid, Vw",
                "Uitvoeringsbesluit (EU) 2022/382",
                "(kenmerk NL-SIS-000981), wordt opgeschort voor de duur van de tijdelijke bescherming.",
                "niet zichtbaar in het nationale deel van het SIS (N-SIS)",
                BEZWAAR,
            ],
        );
    }

    #[test]
    fn r03_names_the_tp_end_of_this_person() {
        let mut ctx = context("R03", ban("B-1002", "heavy", None));
        ctx.tp_end = date(2024, 3, 4);
        let html = render(&ctx);
        assert_contains(&html, &["tot en met 4 maart 2024."]);
        assert_lacks(&html, &["4 maart 2027"]);
    }

    #[test]
    fn r04_lifts_a_light_ban_in_force_under_art_6_6_vv() {
        let html = render(&context(
            "R04",
            ban("B-1003", "light", Some(date(2023, 6, 1))),
        ));
        assert_layout(&html, "R04");
        assert_contains(
            &html,
            &[
                "<h1>Besluit tot opheffing van het lichte inreisverbod</h1>",
                "(artikel 6.6, eerste lid, van het Voorschrift Vreemdelingen 2000 (VV))",
                "Het inreisverbod is in werking getreden op 1 juni 2023.",
                "Bij een in werking getreden licht IRV kan direct verblijf worden verleend",
                "artikel 66a, zesde lid",
                "wordt verwijderd.",
            ],
        );
    }

    #[test]
    fn r05_lifts_a_light_ban_definitively() {
        let html = render(&context("R05", ban("B-1004", "light", None)));
        assert_layout(&html, "R05");
        assert_contains(
            &html,
            &[
                "<h1>Besluit tot opheffing van het lichte inreisverbod</h1>",
                "wordt op grond van artikel 66b, eerste lid, van de Vreemdelingenwet 2000 (Vw) definitief opgeheven",
                "Het IRV wordt definitief opgeheven.",
                "Het inreisverbod herleeft niet wanneer de tijdelijke bescherming eindigt.",
                "wordt verwijderd.",
            ],
        );
    }

    #[test]
    fn r09_lifts_the_exclusion_order() {
        let html = render(&context("R09", ovr()));
        assert_layout(&html, "R09");
        assert_contains(
            &html,
            &[
                "<h1>Besluit tot opheffing van de ongewenstverklaring</h1>",
                "De ongewenstverklaring met kenmerk O-778, uitgevaardigd bij besluit van 2 oktober 2019, wordt op grond van artikel 68 van de Vreemdelingenwet 2000 (Vw) opgeheven",
                "Op grond van artikel 67, derde lid, Vw kan een ongewenst verklaarde vreemdeling geen rechtmatig verblijf hebben.",
                "sowieso opgeheven",
                "(grond: nationale veiligheid)",
                "wordt verwijderd.",
            ],
        );
    }

    #[test]
    fn r21_rejects_an_entry_ban_lift_request_under_a4_2_5() {
        let html = render(&context("R21", lift_request("entry_ban", "B-2001")));
        assert_layout(&html, "R21");
        assert_contains(
            &html,
            &[
                "<h1>Besluit op uw verzoek om opheffing van het inreisverbod</h1>",
                "Uw verzoek van 1 september 2026 om opheffing van het inreisverbod met kenmerk B-2001 wordt afgewezen.",
                "artikel 6.5b van het Vreemdelingenbesluit 2000 (Vb), uitgewerkt in paragraaf A4/2.5 van de Vreemdelingencirculaire 2000 (Vc)",
                "Dit besluit berust op: A4/2.5 Vc en artikel 6.5b Vb; Werkinstructie Richtlijn Tijdelijke Bescherming, hoofdstuk 3.",
                "Omdat het inreisverbod niet wordt opgeheven, blijft de signalering in het SIS die daarop berust gehandhaafd.",
                BEZWAAR,
            ],
        );
        // The body names only the IRV route; the OVR route appears at most in
        // the technical footer, which quotes the rule table.
        let body = html.split("<footer").next().unwrap();
        assert_lacks(body, &["A4/3.5", "artikel 6.6", "ongewenstverklaring"]);
    }

    #[test]
    fn r21_rejects_an_exclusion_order_lift_request_under_a4_3_5() {
        let html = render(&context("R21", lift_request("exclusion_order", "O-3001")));
        assert_contains(
            &html,
            &[
                "<h1>Besluit op uw verzoek om opheffing van de ongewenstverklaring</h1>",
                "om opheffing van de ongewenstverklaring met kenmerk O-3001 wordt afgewezen.",
                "artikel 6.6 van het Vreemdelingenbesluit 2000 (Vb), uitgewerkt in paragraaf A4/3.5 van de Vreemdelingencirculaire 2000 (Vc)",
                "Dit besluit berust op: A4/3.5 Vc en artikel 6.6 Vb;",
            ],
        );
        let body = html.split("<footer").next().unwrap();
        assert_lacks(body, &["A4/2.5", "6.5b", "inreisverbod"]);
    }

    #[test]
    fn r22_grants_lift_requests_for_either_measure() {
        let irv = render(&context("R22", lift_request("entry_ban", "B-2001")));
        assert_layout(&irv, "R22");
        assert_contains(
            &irv,
            &[
                "Uw verzoek van 1 september 2026 om opheffing van het inreisverbod met kenmerk B-2001 wordt ingewilligd. Daarmee wordt het inreisverbod opgeheven",
                "paragraaf A4/2.5 van de Vreemdelingencirculaire 2000",
                "Dit besluit berust op: A4/2.5 Vc en artikel 6.5b Vb;",
                "wordt verwijderd.",
            ],
        );
        let ovr = render(&context("R22", lift_request("exclusion_order", "O-3001")));
        assert_contains(
            &ovr,
            &[
                "Daarmee wordt de ongewenstverklaring opgeheven",
                "paragraaf A4/3.5 van de Vreemdelingencirculaire 2000",
                "Dit besluit berust op: A4/3.5 Vc en artikel 6.6 Vb;",
            ],
        );
    }

    #[test]
    fn r26_is_a_suspension_letter_under_awb_4_15() {
        let html = render(&context("R26", person_subject()));
        assert_layout(&html, "R26");
        assert_contains(
            &html,
            &[
                "<h1>Opschorting termijn plakken RTB-sticker</h1>",
                "Op grond van artikel 4:15, eerste lid, van de Algemene wet bestuursrecht (Awb) wordt de termijn voor het uitgeven van een bewijs van verblijf opgeschort.",
                "U kunt tot en met 26 december 2026 (vier weken na de datum van deze brief) de volgende stukken opsturen:",
                "artikel 3.1a, tweede lid, van het Vreemdelingenbesluit 2000",
                "Vermeld op alles wat u stuurt uw V-nummer (0123456789)",
                "Deze brief is geen besluit op uw beroep op tijdelijke bescherming.",
            ],
        );
        // A letter, not a beschikking: no decision, SIS or objection sections.
        assert_lacks(
            &html,
            &[
                "<h2>Besluit</h2>",
                "<h2>Rechtsmiddelen</h2>",
                "Schengeninformatiesysteem",
                "6:7",
            ],
        );
    }

    #[test]
    fn r32_imposes_return_decision_heavy_ban_and_alert() {
        let html = render(&context("R32", person_subject()));
        assert_layout(&html, "R32");
        assert_contains(
            &html,
            &[
                "<h1>Besluit tot oplegging van een terugkeerbesluit, een zwaar inreisverbod en een besluit tot signalering</h1>",
                "(artikel 62 van de Vreemdelingenwet 2000 (Vw))",
                "Aan u wordt een inreisverbod opgelegd als bedoeld in artikel 66a, zevende lid, Vw",
                "(artikel 197 van het Wetboek van Strafrecht)",
                "paragraaf A4/4 van de Vreemdelingencirculaire 2000 (Vc); artikel 24, eerste lid, aanhef en onder a, van Verordening (EU) 2018/1861",
                "wordt een zwaar inreisverbod opgelegd als aan alle vier de volgende voorwaarden wordt voldaan",
                "Omdat u een gevaar vormt voor de openbare orde of de nationale veiligheid, geldt",
                "Er is geen beletsel voor terugkeer naar het land waarvan u de nationaliteit bezit of naar een ander land waar uw toegang gewaarborgd is",
                "Het zware inreisverbod en het besluit tot signalering worden in het SIS ingevoerd.",
                BEZWAAR,
            ],
        );
    }

    #[test]
    fn r34_imposes_an_alert_because_of_a_return_obstacle() {
        let html = render(&context("R34", person_subject()));
        assert_layout(&html, "R34");
        assert_contains(
            &html,
            &[
                "<h1>Besluit tot signalering</h1>",
                "Volgens hoofdstuk 6 van de Werkinstructie Richtlijn Tijdelijke Bescherming",
                "Als dit vanwege een terugkeerbeletsel niet mogelijk is, wordt er een besluit tot signalering opgelegd.",
                "artikel 24, eerste lid, aanhef en onder a, van Verordening (EU) 2018/1861",
                "(artikel 21 van Verordening (EU) 2018/1861)",
                "Op grond van dit besluit wordt u in het SIS gesignaleerd",
                "beroep binnen één week in plaats van bezwaar",
                BEZWAAR,
            ],
        );
    }

    #[test]
    fn every_embedded_rule_template_is_tested_and_reported() {
        let d = drafts();
        let rules = [
            "R02", "R03", "R04", "R05", "R09", "R21", "R22", "R26", "R32", "R34",
        ];
        for rule in rules {
            assert!(d.has_template(rule), "{rule}");
        }
        for not_a_rule in ["R01", "base", "lift_request", "", "../R03"] {
            assert!(!d.has_template(not_a_rule), "{not_a_rule}");
        }
        let names: Vec<&str> = Drafts::embedded().iter().map(|(n, _)| *n).collect();
        assert_eq!(names.len(), rules.len() + PARTS.len());
        assert_eq!(names[0], "base.html");
        assert_eq!(names[1], "lift_request.html");
        assert!(
            Drafts::embedded()[3]
                .1
                .contains("voor de duur van de tijdelijke bescherming")
        );
    }

    #[test]
    fn values_are_html_escaped() {
        let mut ctx = context("R03", ban("B<1>", "heavy", None));
        ctx.person.surname = Some("<script>alert(1)</script>".to_owned());
        ctx.person.given_names = Some("=HYPERLINK(\"x\")".to_owned());
        ctx.explanation = "feit & <b>vet</b>".to_owned();
        let html = render(&ctx);
        assert_contains(
            &html,
            &[
                "<tr><th>Naam</th><td>&lt;script&gt;alert(1)&lt;&#x2f;script&gt;</td></tr>",
                "<tr><th>Voornamen</th><td>=HYPERLINK(&quot;x&quot;)</td></tr>",
                "feit &amp; &lt;b&gt;vet&lt;&#x2f;b&gt;",
                "met kenmerk B&lt;1&gt;,",
            ],
        );
        assert_lacks(&html, &["<script>", "<b>", "\"x\""]);

        // The letter has its own body; escaping holds there too.
        let mut letter = context("R26", person_subject());
        letter.explanation = "<img src=x>".to_owned();
        let html = render(&letter);
        assert_contains(&html, &["&lt;img src=x&gt;"]);
        assert_lacks(&html, &["<img"]);
    }

    #[test]
    fn missing_optional_values_read_onbekend() {
        let mut ctx = context("R02", ban("B-1001", "light", None));
        ctx.person = DraftPerson {
            v_number: "0123456789".to_owned(),
            surname: None,
            given_names: None,
            birth_date: None,
            nationality: None,
            municipality: None,
        };
        ctx.sis_alert_id = None;
        ctx.subject.decision_date = None;
        ctx.subject.ground = None;
        let html = render(&ctx);
        assert_contains(
            &html,
            &[
                "<tr><th>Naam</th><td>onbekend</td></tr>",
                "<tr><th>Voornamen</th><td>onbekend</td></tr>",
                "<tr><th>Geboortedatum</th><td>onbekend</td></tr>",
                "<tr><th>Nationaliteit</th><td>onbekend</td></tr>",
                "opgelegd bij besluit van onbekend",
                "(grond: onbekend)",
                "De signalering in het SIS die op grond van deze maatregel is opgenomen, wordt verwijderd.",
            ],
        );
        let body = html.split("<body>").nth(1).unwrap();
        assert_lacks(body, &["Gemeente", "none", "None", "kenmerk NL-SIS"]);
    }

    #[test]
    fn every_sis_effect_has_its_own_wording() {
        let cases = [
            (
                "delete",
                "is opgenomen (kenmerk NL-SIS-000981), wordt verwijderd.",
            ),
            (
                "suspend",
                "is opgenomen (kenmerk NL-SIS-000981), wordt opgeschort voor de duur van de tijdelijke bescherming.",
            ),
            (
                "resume",
                "is opgenomen (kenmerk NL-SIS-000981), wordt hervat.",
            ),
            (
                "keep",
                "is opgenomen (kenmerk NL-SIS-000981), blijft gehandhaafd.",
            ),
            (
                "none",
                "Dit besluit heeft geen gevolgen voor een signalering in het SIS.",
            ),
        ];
        for (effect, phrase) in cases {
            let mut ctx = context("R05", ban("B-1004", "light", None));
            ctx.sis_effect = effect;
            assert_contains(&render(&ctx), &[phrase]);
        }
    }

    #[test]
    fn drafts_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Drafts>();
    }

    #[test]
    fn rendering_is_deterministic() {
        let ctx = context("R03", ban("B-1002", "heavy", None));
        assert_eq!(render(&ctx), drafts().render(&ctx).unwrap());
    }

    #[test]
    fn invalid_context_is_rejected_with_the_field() {
        let d = drafts();
        let mut ctx = context("R05", ban("B-1004", "light", None));
        ctx.sis_effect = "remove";
        let err = d.render(&ctx).unwrap_err();
        assert_eq!(
            err.to_string(),
            "draft for rule R05 has sis_effect 'remove'; expected one of: delete, suspend, resume, keep, none"
        );

        let mut ctx = context("R21", lift_request("entry_ban", "B-1"));
        ctx.subject.target_kind = Some("return_decision");
        let err = d.render(&ctx).unwrap_err();
        assert!(
            matches!(
                err,
                DraftError::InvalidContext {
                    field: "subject.target_kind",
                    ..
                }
            ),
            "{err}"
        );

        let mut ctx = context("R05", ban("B-1004", "light", None));
        ctx.rule_id = "R01";
        let err = d.render(&ctx).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no draft template for rule R01; rules with a draft are: R02, R03, R04, R05, R09, R21, R22, R26, R32, R34"
        );
    }

    fn override_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, source) in files {
            std::fs::write(dir.path().join(name), source).unwrap();
        }
        dir
    }

    #[test]
    fn an_override_replaces_its_embedded_template_only() {
        let r03 = r#"{% extends "base.html" %}
{% block titel %}Eigen titel{% endblock %}
{% block besluit %}<p>Opgeheven tot en met {{ tp_end|nl_date }}.</p>{% endblock %}
"#;
        let dir = override_dir(&[("R03.html", r03), ("README.txt", "not a template")]);
        let d = Drafts::new(Some(dir.path())).unwrap();
        let html = d
            .render(&context("R03", ban("B-1002", "heavy", None)))
            .unwrap();
        assert_contains(
            &html,
            &[
                "<h1>Eigen titel</h1>",
                "<p>Opgeheven tot en met 4 maart 2027.</p>",
                "CONCEPT — te controleren door behandelaar",
            ],
        );
        assert_lacks(&html, &["Besluit tot tijdelijke opheffing"]);
        // Other rules keep the embedded text.
        let r05 = d
            .render(&context("R05", ban("B-1004", "light", None)))
            .unwrap();
        assert_contains(&r05, &["Het IRV wordt definitief opgeheven."]);
    }

    #[test]
    fn a_base_override_changes_every_draft() {
        let base = Drafts::embedded()[0].1.replace(
            "Immigratie- en Naturalisatiedienst</p>",
            "IND, directie Uitvoering</p>",
        );
        let dir = override_dir(&[("base.html", &base)]);
        let d = Drafts::new(Some(dir.path())).unwrap();
        for rule in ["R03", "R32"] {
            let subject = if rule == "R03" {
                ban("B-1", "heavy", None)
            } else {
                person_subject()
            };
            let html = d.render(&context(rule, subject)).unwrap();
            assert_contains(&html, &["<br>IND, directie Uitvoering</p>"]);
        }
    }

    #[test]
    fn a_syntax_error_in_an_override_names_the_file_and_line() {
        let dir = override_dir(&[(
            "R05.html",
            "{% extends \"base.html\" %}\n\n{% block titel %}{% if %}{% endblock %}\n",
        )]);
        let err = Drafts::new(Some(dir.path())).unwrap_err();
        let path = dir.path().join("R05.html");
        match &err {
            DraftError::Syntax { template, line, .. } => {
                assert_eq!(template, &path.display().to_string());
                assert_eq!(*line, Some(3));
            }
            other => panic!("expected a syntax error, got {other}"),
        }
        let message = err.to_string();
        assert!(
            message
                == format!(
                    "template {} line 3: syntax error: unexpected end of block; fix the template syntax",
                    path.display()
                ),
            "{message}"
        );
    }

    #[test]
    fn an_undefined_variable_in_an_override_fails_at_start_up() {
        let r04 = "{% extends \"base.html\" %}\n{% block titel %}Titel{% endblock %}\n{% block besluit %}\n<p>{{ persn.surname }}</p>\n{% endblock %}\n";
        let dir = override_dir(&[("R04.html", r04)]);
        let err = Drafts::new(Some(dir.path())).unwrap_err();
        match &err {
            DraftError::Render {
                rule_id,
                template,
                line,
                detail,
                ..
            } => {
                assert_eq!(rule_id, "R04");
                assert_eq!(template, &dir.path().join("R04.html").display().to_string());
                assert_eq!(*line, Some(4));
                assert!(detail.starts_with("undefined value"), "{detail}");
            }
            other => panic!("expected a render error, got {other}"),
        }
    }

    #[test]
    fn an_unknown_filter_in_an_override_fails_at_start_up() {
        let r04 = "{% extends \"base.html\" %}{% block titel %}{{ date|dutch_date }}{% endblock %}";
        let dir = override_dir(&[("R04.html", r04)]);
        let err = Drafts::new(Some(dir.path())).unwrap_err();
        assert!(
            matches!(err, DraftError::Syntax { .. } | DraftError::Render { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("R04.html"), "{err}");
    }

    #[test]
    fn a_misspelt_override_is_an_error() {
        let dir = override_dir(&[("R3.html", "x")]);
        let err = Drafts::new(Some(dir.path())).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "template {} does not replace any built-in template; rename it to one of: base.html, lift_request.html, R02.html, R03.html, R04.html, R05.html, R09.html, R21.html, R22.html, R26.html, R32.html, R34.html",
                dir.path().join("R3.html").display()
            )
        );
    }

    #[test]
    fn a_missing_override_dir_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let err = Drafts::new(Some(&missing)).unwrap_err();
        assert!(matches!(err, DraftError::OverrideDir { .. }));
        assert!(err.to_string().starts_with(&format!(
            "failed to read template directory {}: ",
            missing.display()
        )));
    }

    #[test]
    fn dutch_dates() {
        assert_eq!(format_dutch_date(date(2026, 11, 28)), "28 november 2026");
        assert_eq!(format_dutch_date(date(2027, 3, 4)), "4 maart 2027");
        assert_eq!(format_dutch_date(date(2024, 2, 29)), "29 februari 2024");
        assert_eq!(nl_date(&Value::from(())).unwrap(), "onbekend");
        assert_eq!(
            nl_date(&Value::from("2025-01-01")).unwrap(),
            "1 januari 2025"
        );
        assert!(nl_date(&Value::from("01-01-2025")).is_err());
        assert_eq!(
            add_days(&Value::from("2026-12-31"), 1).unwrap(),
            Value::from("2027-01-01")
        );
        assert!(add_days(&Value::from(()), 1).unwrap().is_none());
    }

    #[test]
    fn dutch_grounds_and_nationalities() {
        assert_eq!(
            nl_ground(&Value::from("public_order")).unwrap(),
            "openbare orde"
        );
        assert_eq!(
            nl_ground(&Value::from("national_security")).unwrap(),
            "nationale veiligheid"
        );
        assert_eq!(nl_ground(&Value::from(())).unwrap(), "onbekend");
        assert_eq!(
            nl_nationality(&Value::from("XXA")).unwrap(),
            "staatloos (XXA)"
        );
        assert_eq!(nl_nationality(&Value::from("POL")).unwrap(), "POL");
        assert!(nl_nationality(&Value::from(3)).is_err());
    }

    #[test]
    fn draft_file_names() {
        assert_eq!(
            draft_file_name("TEMP_LIFT_HEAVY_IRV", "0123456789", "B123"),
            "drafts/TEMP_LIFT_HEAVY_IRV/0123456789_B123.html"
        );
        assert_eq!(
            draft_file_name("LIFT_OVR", "0123456789", "O-1.2_x"),
            "drafts/LIFT_OVR/0123456789_O-1.2_x.html"
        );
        assert_eq!(
            draft_file_name("LIFT_OVR", "0123456789", "B/12 3"),
            "drafts/LIFT_OVR/0123456789_B_12_3-193ed7e6.html"
        );
        // Ids that sanitise to the same text still get different files.
        let slash = draft_file_name("A", "1", "a/b");
        let question = draft_file_name("A", "1", "a?b");
        let plain = draft_file_name("A", "1", "a_b");
        assert_eq!(slash, "drafts/A/1_a_b-c14cddc0.html");
        assert_eq!(question, "drafts/A/1_a_b-c2a7b64a.html");
        assert_eq!(plain, "drafts/A/1_a_b.html");
        // A directory part can never climb out of drafts/.
        assert_eq!(
            draft_file_name("..", "1", "x"),
            "drafts/..-5ec1f7e7/1_x.html"
        );
        assert_eq!(
            draft_file_name("A", "../..", "../x"),
            "drafts/A/.._..-0cfd1c96_.._x-d6b96a97.html"
        );
    }
}
