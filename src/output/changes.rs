//! What changed since an earlier run (`run --previous DIR`): `changes.csv`,
//! and the per-person fingerprints (`fingerprints.csv`) every run leaves for
//! the next one.
//!
//! An action is identified by (`v_number`, `action`, `subject_id`), as in
//! actions.csv. Its **status** is `new` (only in this run), `ongoing` (in
//! both) or `resolved` (only in the earlier run). A new or resolved action
//! gets a **cause**; an ongoing one has none (nothing about it changed).
//!
//! # How the cause is chosen
//!
//! Between two runs four things can change: the person's input records
//! (`data`), the rule table (`rules`, by `RULES_VERSION`), the parameters
//! `--rtb-valid-until` and `--ukraine-return-possible` (`parameters`) and the
//! reference date `--as-of` (`date`). The earlier run left the SHA-256 of
//! each person's records (`fingerprints.csv`) and its parameters and rules
//! version (`summary.json`), so which of them changed is known per person.
//!
//! When more than one changed, the cause is found by replaying the change one
//! factor at a time on this run's records, along a fixed path:
//!
//! ```text
//! earlier run ──data/rules──▶ X ──parameters──▶ Y ──date──▶ this run
//!   (read)        X = this run's records and rules, earlier parameters and date
//!                 Y = this run's records, rules and parameters, earlier date
//! ```
//!
//! The cause is the **last step at which the action appeared or
//! disappeared**: the change after which it stayed as it is now. Because X
//! and Y are evaluated with the engine itself, `date` and `parameters` are
//! exact even when the data changed in the same night (a protection that ran
//! out is `date`, although the person also got a new SIS hit). The first step
//! cannot be split, since the earlier records are gone: when both the
//! person's fingerprint and the rules version changed, the cause is `data`
//! (precedence data > rules; the person's file is what an analyst checks
//! first). When none of the four changed for a person and still the action
//! differs (the earlier output was made by another build or edited), the
//! cause is left empty rather than guessed.

use crate::case::{Case, Facts};
use crate::config::Params;
use crate::ingest::{Inputs, Rejection};
use crate::model::{Date, Export};
use crate::output::records::{Column, Record};
use crate::rules::{self, RULES_VERSION};
use crate::run::Evaluated;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const FINGERPRINTS_FILE: &str = "fingerprints.csv";
pub const FINGERPRINTS_HEADER: [&str; 2] = ["v_number", "sha256"];
pub const CHANGES_FILE: &str = "changes.csv";
pub const CHANGES_HEADER: [&str; 5] = ["v_number", "action", "subject_id", "status", "cause"];

/// Whether an action is new, still there, or gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    New,
    Ongoing,
    Resolved,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::New, Status::Ongoing, Status::Resolved];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Ongoing => "ongoing",
            Status::Resolved => "resolved",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::New => "nieuw",
            Status::Ongoing => "lopend",
            Status::Resolved => "vervallen",
        }
    }
}

/// Why an action appeared or disappeared (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cause {
    Data,
    Date,
    Parameters,
    Rules,
}

impl Cause {
    pub const ALL: [Cause; 4] = [Cause::Data, Cause::Date, Cause::Parameters, Cause::Rules];

    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Data => "data",
            Cause::Date => "date",
            Cause::Parameters => "parameters",
            Cause::Rules => "rules",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Cause::Data => "gegevens van de persoon gewijzigd",
            Cause::Date => "alleen de peildatum verschoven",
            Cause::Parameters => "parameters gewijzigd",
            Cause::Rules => "regels gewijzigd",
        }
    }
}

// ---------------------------------------------------------------------------
// Fingerprints
// ---------------------------------------------------------------------------

/// Feeds one optional value so that no two different sequences hash alike
/// (absent ≠ empty, and lengths delimit values).
fn feed(h: &mut Sha256, value: Option<&[u8]>) {
    match value {
        None => h.update([0u8]),
        Some(v) => {
            h.update([1u8]);
            h.update((v.len() as u64).to_le_bytes());
            h.update(v);
        }
    }
}

fn feed_records<R: Record>(h: &mut Sha256, records: &[&R]) {
    feed(h, Some(R::EXPORT.name().as_bytes()));
    h.update((records.len() as u64).to_le_bytes());
    for r in records {
        let cols: Vec<Column> = r.columns();
        h.update((cols.len() as u64).to_le_bytes());
        for (name, value) in &cols {
            feed(h, Some(name.as_bytes()));
            feed(h, value.as_deref().map(str::as_bytes));
        }
    }
}

/// The SHA-256 (lower-case hex) of everything the rules can see of one
/// person: every accepted record (all contract columns, records in id order),
/// the identity resolved from them, and the person's quarantined rows (file,
/// column, value, reason — not the line, which moves when other rows do).
pub fn fingerprint(case: &Case<'_>, rejections: &[&Rejection]) -> String {
    let mut h = Sha256::new();
    feed(&mut h, Some(case.v_number.as_bytes()));
    feed_records(&mut h, &case.holder.into_iter().collect::<Vec<_>>());
    feed_records(&mut h, &case.entry_bans);
    feed_records(&mut h, &case.exclusion_orders);
    feed_records(&mut h, &case.return_decisions);
    feed_records(&mut h, &case.sis_hits);
    feed_records(&mut h, &case.applications);
    feed_records(&mut h, &case.alert_decisions);

    let id = case.identity;
    feed(&mut h, Some(b"identity"));
    feed(&mut h, id.surname.map(str::as_bytes));
    feed(&mut h, id.given_names.map(str::as_bytes));
    feed(
        &mut h,
        id.birth_date
            .map(|d| d.to_string())
            .as_deref()
            .map(str::as_bytes),
    );
    feed(
        &mut h,
        id.nationality.as_ref().map(|n| n.as_str().as_bytes()),
    );

    let mut rej: Vec<(Export, &str, &str, &str)> = rejections
        .iter()
        .map(|r| {
            (
                r.file,
                r.column.as_str(),
                r.value.as_str(),
                r.reason.as_str(),
            )
        })
        .collect();
    rej.sort_unstable();
    feed(&mut h, Some(b"rejected"));
    h.update((rej.len() as u64).to_le_bytes());
    for (file, column, value, reason) in rej {
        feed(&mut h, Some(file.name().as_bytes()));
        feed(&mut h, Some(column.as_bytes()));
        feed(&mut h, Some(value.as_bytes()));
        feed(&mut h, Some(reason.as_bytes()));
    }

    let mut hex = String::with_capacity(64);
    for b in h.finalize() {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// The fingerprint of every case, in the order of `cases`.
pub fn fingerprints(inputs: &Inputs, cases: &[Case<'_>]) -> Vec<String> {
    let mut by_person: HashMap<&str, Vec<&Rejection>> = HashMap::new();
    for r in &inputs.rejected {
        if let Some(v) = &r.v_number {
            by_person.entry(v.as_str()).or_default().push(r);
        }
    }
    cases
        .par_iter()
        .map(|c| fingerprint(c, by_person.get(c.v_number).map_or(&[][..], Vec::as_slice)))
        .collect()
}

/// Writes fingerprints.csv: `v_number,sha256`, one row per person, in
/// V-number order.
pub fn write_fingerprints<W: Write>(
    w: W,
    cases: &[Case<'_>],
    fingerprints: &[String],
) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(FINGERPRINTS_HEADER)?;
    for (c, fp) in cases.iter().zip(fingerprints) {
        out.write_record([c.v_number, fp.as_str()])?;
    }
    out.flush()?;
    Ok(())
}

// ---------------------------------------------------------------------------
// The earlier run
// ---------------------------------------------------------------------------

/// Why `--previous DIR` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    #[error(
        "--previous {}: {file} is missing; point --previous at the output directory of an earlier rtb-recon run (one that wrote {file})",
        dir.display()
    )]
    Missing { dir: PathBuf, file: &'static str },
    #[error("--previous: cannot read {}: {detail}", path.display())]
    Unreadable { path: PathBuf, detail: String },
    #[error("--previous: {}, line {line}: {detail}", path.display())]
    Bad {
        path: PathBuf,
        line: u64,
        detail: String,
    },
}

/// What this run needs of an earlier run's output.
#[derive(Debug, Clone)]
pub struct Previous {
    pub dir: PathBuf,
    pub params: Params,
    pub rules_version: String,
    /// (v_number, action, subject_id) of every earlier action.
    pub actions: Vec<(String, String, String)>,
    /// v_number → SHA-256 of the person's records then.
    pub fingerprints: HashMap<String, String>,
}

impl Previous {
    /// Reads summary.json, actions.csv and fingerprints.csv of an earlier run.
    pub fn load(dir: &Path) -> Result<Previous, PreviousError> {
        let summary_path = existing(dir, "summary.json")?;
        let text =
            std::fs::read_to_string(&summary_path).map_err(|e| PreviousError::Unreadable {
                path: summary_path.clone(),
                detail: e.to_string(),
            })?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| PreviousError::Bad {
                path: summary_path.clone(),
                line: e.line() as u64,
                detail: format!("not valid JSON: {e}"),
            })?;
        let field = |ptr: &str| -> Result<&serde_json::Value, PreviousError> {
            json.pointer(ptr).ok_or_else(|| PreviousError::Bad {
                path: summary_path.clone(),
                line: 0,
                detail: format!("field {ptr} is missing"),
            })
        };
        let text_field = |ptr: &str| -> Result<String, PreviousError> {
            field(ptr)?
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| PreviousError::Bad {
                    path: summary_path.clone(),
                    line: 0,
                    detail: format!("field {ptr} is not text"),
                })
        };
        let date_field = |ptr: &str| -> Result<Date, PreviousError> {
            let s = text_field(ptr)?;
            Date::parse_from_str(&s, "%Y-%m-%d").map_err(|_| PreviousError::Bad {
                path: summary_path.clone(),
                line: 0,
                detail: format!("field {ptr} '{s}' is not a date"),
            })
        };
        let params = Params {
            as_of: date_field("/parameters/as_of")?,
            rtb_valid_until: date_field("/parameters/rtb_valid_until")?,
            ukraine_return_possible: field("/parameters/ukraine_return_possible")?
                .as_bool()
                .ok_or_else(|| PreviousError::Bad {
                    path: summary_path.clone(),
                    line: 0,
                    detail: "field /parameters/ukraine_return_possible is not true or false".into(),
                })?,
        };
        let rules_version = text_field("/rules_version")?;

        let actions_path = existing(dir, "actions.csv")?;
        let actions = read_csv(&actions_path, &["v_number", "action", "subject_id"])?
            .into_iter()
            .map(|mut r| {
                let subject = r.pop().unwrap_or_default();
                let action = r.pop().unwrap_or_default();
                let v = r.pop().unwrap_or_default();
                (v, action, subject)
            })
            .collect();
        let fp_path = existing(dir, FINGERPRINTS_FILE)?;
        let fingerprints = read_csv(&fp_path, &FINGERPRINTS_HEADER)?
            .into_iter()
            .map(|mut r| {
                let fp = r.pop().unwrap_or_default();
                let v = r.pop().unwrap_or_default();
                (v, fp)
            })
            .collect();
        Ok(Previous {
            dir: dir.to_path_buf(),
            params,
            rules_version,
            actions,
            fingerprints,
        })
    }
}

fn existing(dir: &Path, file: &'static str) -> Result<PathBuf, PreviousError> {
    let path = dir.join(file);
    if path.is_file() {
        Ok(path)
    } else {
        Err(PreviousError::Missing {
            dir: dir.to_path_buf(),
            file,
        })
    }
}

/// The named columns of every row of a CSV file written by an earlier run.
fn read_csv(path: &Path, columns: &[&str]) -> Result<Vec<Vec<String>>, PreviousError> {
    let unreadable = |e: csv::Error| PreviousError::Unreadable {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    let mut r = csv::Reader::from_path(path).map_err(unreadable)?;
    let header = r.headers().map_err(unreadable)?.clone();
    let idx: Vec<usize> = columns
        .iter()
        .map(|c| {
            header
                .iter()
                .position(|h| h == *c)
                .ok_or_else(|| PreviousError::Bad {
                    path: path.to_path_buf(),
                    line: 1,
                    detail: format!("column `{c}` is missing from the header"),
                })
        })
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(unreadable)?;
        rows.push(
            idx.iter()
                .map(|&i| rec.get(i).unwrap_or_default().to_string())
                .collect(),
        );
    }
    Ok(rows)
}

// ---------------------------------------------------------------------------
// The comparison
// ---------------------------------------------------------------------------

/// One row of changes.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    pub v_number: String,
    pub action: String,
    pub subject_id: String,
    pub status: Status,
    pub cause: Option<Cause>,
}

/// The comparison of this run with an earlier one.
#[derive(Debug, Clone)]
pub struct Changes {
    pub previous_dir: PathBuf,
    pub previous_params: Params,
    pub previous_rules_version: String,
    /// Sorted by v_number, action, subject_id (byte order), like actions.csv.
    pub rows: Vec<ChangeRow>,
}

impl Changes {
    /// The status and cause of one action of this run (or of a resolved one).
    pub fn get(&self, v_number: &str, action: &str, subject_id: &str) -> Option<&ChangeRow> {
        self.rows
            .binary_search_by(|r| {
                (
                    r.v_number.as_str(),
                    r.action.as_str(),
                    r.subject_id.as_str(),
                )
                    .cmp(&(v_number, action, subject_id))
            })
            .ok()
            .map(|i| &self.rows[i])
    }

    /// How many rows have this status and cause.
    pub fn count(&self, status: Status, cause: Option<Cause>) -> u64 {
        self.rows
            .iter()
            .filter(|r| r.status == status && r.cause == cause)
            .count() as u64
    }
}

type Keys<'k> = BTreeSet<(&'k str, &'k str)>;

/// The action keys of one person under other parameters.
fn keys_under<'a>(case: &Case<'a>, params: &Params) -> BTreeSet<(&'static str, &'a str)> {
    let facts = Facts::derive(case, params);
    rules::evaluate(case, &facts, None)
        .into_iter()
        .map(|a| (a.rule.action, a.subject_id))
        .collect()
}

/// Compares this run (`evaluated`, with `fingerprints` aligned to its cases)
/// with an earlier one.
pub fn compare(
    previous: &Previous,
    evaluated: &Evaluated<'_>,
    fingerprints: &[String],
    params: &Params,
) -> Changes {
    let mut prev_by_person: HashMap<&str, Keys<'_>> = HashMap::new();
    for (v, action, subject) in &previous.actions {
        prev_by_person
            .entry(v.as_str())
            .or_default()
            .insert((action.as_str(), subject.as_str()));
    }
    // Every person of either run, in V-number order, with this run's case.
    let mut persons: Vec<(&str, Option<usize>)> = evaluated
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| (c.v_number, Some(i)))
        .collect();
    let known: std::collections::HashSet<&str> = persons.iter().map(|(v, _)| *v).collect();
    persons.extend(
        prev_by_person
            .keys()
            .filter(|v| !known.contains(*v))
            .map(|v| (*v, None)),
    );
    persons.sort_unstable_by(|a, b| a.0.cmp(b.0));

    let rules_changed = previous.rules_version != RULES_VERSION;
    let between = Params {
        as_of: previous.params.as_of,
        ..*params
    };
    let empty = Keys::new();

    let rows: Vec<ChangeRow> = persons
        .par_iter()
        .flat_map_iter(|&(v, idx)| {
            let prev = prev_by_person.get(v).unwrap_or(&empty);
            let cur: Keys<'_> = idx
                .map(|i| {
                    evaluated.results[i]
                        .iter()
                        .map(|a| (a.rule.action, a.subject_id))
                        .collect()
                })
                .unwrap_or_default();
            let fp_now = idx.map(|i| fingerprints[i].as_str());
            let data_changed = previous.fingerprints.get(v).map(String::as_str) != fp_now;
            let first_step = if data_changed {
                Some(Cause::Data)
            } else if rules_changed {
                Some(Cause::Rules)
            } else {
                None
            };
            // The replay is needed only when something appeared or went.
            let replay = (prev != &cur).then(|| match idx {
                Some(i) => {
                    let case = &evaluated.cases[i];
                    (
                        keys_under(case, &previous.params),
                        keys_under(case, &between),
                    )
                }
                None => Default::default(),
            });
            let mut out: Vec<ChangeRow> = prev
                .union(&cur)
                .map(|&key| {
                    let (in_prev, in_cur) = (prev.contains(&key), cur.contains(&key));
                    let status = match (in_prev, in_cur) {
                        (true, true) => Status::Ongoing,
                        (false, _) => Status::New,
                        (true, false) => Status::Resolved,
                    };
                    let cause = match (&replay, status) {
                        (Some((x, y)), Status::New | Status::Resolved) => {
                            let in_x = x.contains(&key);
                            let in_y = y.contains(&key);
                            if in_y != in_cur {
                                Some(Cause::Date)
                            } else if in_x != in_y {
                                Some(Cause::Parameters)
                            } else {
                                first_step
                            }
                        }
                        _ => None,
                    };
                    ChangeRow {
                        v_number: v.to_string(),
                        action: key.0.to_string(),
                        subject_id: key.1.to_string(),
                        status,
                        cause,
                    }
                })
                .collect();
            // `union` yields keys in order already; keep it explicit.
            out.sort_unstable_by(|a, b| {
                (&a.action, &a.subject_id).cmp(&(&b.action, &b.subject_id))
            });
            out
        })
        .collect();

    Changes {
        previous_dir: previous.dir.clone(),
        previous_params: previous.params,
        previous_rules_version: previous.rules_version.clone(),
        rows,
    }
}

/// Writes changes.csv.
pub fn write_changes<W: Write>(w: W, changes: &Changes) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(CHANGES_HEADER)?;
    for r in &changes.rows {
        out.write_record([
            r.v_number.as_str(),
            r.action.as_str(),
            r.subject_id.as_str(),
            r.status.as_str(),
            r.cause.map_or("", Cause::as_str),
        ])?;
    }
    out.flush()?;
    Ok(())
}
