//! What changed since an earlier run (`run --previous DIR`): reading that
//! run back, and `changes.csv` (the fingerprints it compares live in
//! `fingerprint`).
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
//! 1. If the person's records changed (fingerprint differs, or the person is
//!    new or gone), every new or resolved action of that person has cause
//!    `data`: the issue defines `data` as "this person's input records
//!    changed", and the analyst's first step is then to look at the file.
//! 2. Otherwise the records are the same, and the change is replayed on them
//!    one factor at a time with the engine itself, along a fixed path:
//!
//!    ```text
//!    earlier run ──rules──▶ X ──parameters──▶ Y ──date──▶ this run
//!      X = this run's rules, the earlier parameters and date
//!      Y = this run's rules and parameters, the earlier date
//!    ```
//!
//!    The cause is the **last step at which the action appeared or
//!    disappeared** (the change after which it stayed as it is now). So an
//!    `--rtb-valid-until` extension that creates `UPDATE_TEMP_LIFT_END` is
//!    `parameters` even when the date moved in the same night, and a
//!    protection that ran out is `date` even when the rules version changed.
//!    A step whose factor did not change cannot make a difference (the engine
//!    is a pure function of records, rules and parameters), so the cause is
//!    always a factor that did change.
//! 3. When nothing changed for a person and the action still differs (the
//!    earlier output was made by another build, or edited), the cause is left
//!    empty rather than guessed.
//!
//! Precedence in one line: data > (last of rules → parameters → date).

use super::PreviousError;
use super::fingerprint::{
    FINGERPRINTS_FILE, FINGERPRINTS_HEADER, Fingerprint, Scheme, fingerprints,
};
use super::verdicts::Settled;
use crate::case::Case;
use crate::config::Params;
use crate::evaluate::{self, Batch};
use crate::ingest::Inputs;
use crate::model::verdict::Recorded;
use crate::model::{Date, Export, VerdictKind};
use crate::rules::RULES_VERSION;
use rayon::prelude::*;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const CHANGES_FILE: &str = "changes.csv";
/// `verdict`: the analyst's verdict on the action (issue 12): in force in
/// this run, or, for a resolved action, the one it had.
pub const CHANGES_HEADER: [&str; 6] = [
    "v_number",
    "action",
    "subject_id",
    "status",
    "cause",
    "verdict",
];

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

    /// The status in a table cell (the same word as `label`).
    pub fn short_nl(self) -> &'static str {
        self.label()
    }
}

impl serde::Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
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

    /// The cause in one word, for a table cell.
    pub fn short_nl(self) -> &'static str {
        match self {
            Cause::Data => "gegevens",
            Cause::Date => "peildatum",
            Cause::Parameters => "parameters",
            Cause::Rules => "regels",
        }
    }
}

impl serde::Serialize for Cause {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

// ---------------------------------------------------------------------------
// The earlier run
// ---------------------------------------------------------------------------

/// What this run needs of an earlier run's output.
#[derive(Debug, Clone)]
pub struct Previous {
    pub dir: PathBuf,
    pub params: Params,
    pub rules_version: String,
    /// (v_number, action, subject_id) of every earlier action.
    pub actions: Vec<(String, String, String)>,
    /// v_number → SHA-256 of the person's records then.
    pub fingerprints: HashMap<String, Fingerprint>,
    /// How `fingerprints` were computed.
    pub scheme: Scheme,
    /// What the earlier run read of each export (its summary.json ledger),
    /// for the drift check.
    pub inputs: BTreeMap<Export, PreviousInput>,
    /// The analysts' verdicts in force after the earlier run (its
    /// verdicts.csv; none for a run made before verdicts existed).
    pub verdicts: Vec<Recorded>,
}

/// One export as an earlier run read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousInput {
    pub file: String,
    /// Data rows, the header not counted.
    pub rows: u64,
    pub sha256: String,
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
        // Runs before schemes were recorded wrote V1.
        let scheme = match json.pointer("/fingerprint_scheme") {
            None => Scheme::V1,
            Some(n) => n.as_u64().and_then(Scheme::from_number).ok_or_else(|| {
                PreviousError::Bad {
                    path: summary_path.clone(),
                    line: 0,
                    detail: format!(
                        "fingerprint_scheme {n} is unknown to this rtb-recon; was the earlier run made by a newer version?"
                    ),
                }
            })?,
        };

        let mut inputs = BTreeMap::new();
        for export in Export::ALL {
            let at = |field: &str| format!("/inputs/{export}/{field}");
            let rows = field(&at("rows"))?
                .as_u64()
                .ok_or_else(|| PreviousError::Bad {
                    path: summary_path.clone(),
                    line: 0,
                    detail: format!("field {} is not a count", at("rows")),
                })?;
            inputs.insert(
                export,
                PreviousInput {
                    file: text_field(&at("file"))?,
                    rows,
                    sha256: text_field(&at("sha256"))?,
                },
            );
        }

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
        let mut fingerprints = HashMap::new();
        each_row(&fp_path, &FINGERPRINTS_HEADER, |line, cells| {
            let [v, hex] = cells else {
                return Ok(());
            };
            let fp = Fingerprint::from_hex(hex).ok_or_else(|| PreviousError::Bad {
                path: fp_path.clone(),
                line,
                detail: format!(
                    "sha256 '{hex}' is not 64 hex digits; was this file written by rtb-recon?"
                ),
            })?;
            fingerprints.insert(v.to_string(), fp);
            Ok(())
        })?;
        Ok(Previous {
            dir: dir.to_path_buf(),
            params,
            rules_version,
            actions,
            fingerprints,
            scheme,
            inputs,
            verdicts: super::verdicts::read_in_force(dir)?,
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
    let mut rows = Vec::new();
    each_row(path, columns, |_, cells| {
        rows.push(cells.iter().map(|c| c.to_string()).collect());
        Ok(())
    })?;
    Ok(rows)
}

/// Hands `row` the named columns of every row with the row's line, reusing
/// one record: an earlier run's fingerprints.csv has a row per person.
fn each_row(
    path: &Path,
    columns: &[&str],
    mut row: impl FnMut(u64, &[&str]) -> Result<(), PreviousError>,
) -> Result<(), PreviousError> {
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
    let mut record = csv::StringRecord::new();
    while r.read_record(&mut record).map_err(unreadable)? {
        let line = record.position().map_or(0, csv::Position::line);
        let cells: Vec<&str> = idx
            .iter()
            .map(|&i| record.get(i).unwrap_or_default())
            .collect();
        row(line, &cells)?;
    }
    Ok(())
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
    evaluate::person(case, params)
        .actions
        .into_iter()
        .map(|a| (a.rule.action, a.subject_id))
        .collect()
}

/// Compares this run with an earlier one, given this run's fingerprints in
/// `Scheme::CURRENT`. When the earlier run used another scheme (the first
/// run after an upgrade), this run's are computed once more in that scheme,
/// so unchanged records still compare equal.
pub fn compare_with_previous(
    previous: &Previous,
    inputs: &Inputs,
    batch: &Batch<'_>,
    ours: &[Fingerprint],
) -> Changes {
    if previous.scheme == Scheme::CURRENT {
        compare(previous, batch, ours)
    } else {
        let theirs = fingerprints(inputs, &batch.cases, previous.scheme);
        compare(previous, batch, &theirs)
    }
}

/// Compares this run (`batch`, with `fingerprints` aligned to its cases and
/// in the earlier run's scheme) with an earlier one.
pub fn compare(previous: &Previous, batch: &Batch<'_>, fingerprints: &[Fingerprint]) -> Changes {
    let params = &batch.params;
    let mut prev_by_person: HashMap<&str, Keys<'_>> = HashMap::new();
    for (v, action, subject) in &previous.actions {
        prev_by_person
            .entry(v.as_str())
            .or_default()
            .insert((action.as_str(), subject.as_str()));
    }
    // Every person of either run, in V-number order, with this run's case.
    let mut persons: Vec<(&str, Option<usize>)> = batch
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
                    batch.evaluations[i]
                        .actions
                        .iter()
                        .map(|a| (a.rule.action, a.subject_id))
                        .collect()
                })
                .unwrap_or_default();
            let fp_now = idx.map(|i| &fingerprints[i]);
            let data_changed = previous.fingerprints.get(v) != fp_now;
            // The replay is needed only when the records are the same and
            // something appeared or went.
            let replay = match idx {
                Some(i) if !data_changed && prev != &cur => {
                    let case = &batch.cases[i];
                    Some((
                        keys_under(case, &previous.params),
                        keys_under(case, &between),
                    ))
                }
                _ => None,
            };
            // A BTreeSet union: keys in (action, subject_id) byte order.
            prev.union(&cur)
                .map(|&key| {
                    let (in_prev, in_cur) = (prev.contains(&key), cur.contains(&key));
                    let status = match (in_prev, in_cur) {
                        (true, true) => Status::Ongoing,
                        (false, _) => Status::New,
                        (true, false) => Status::Resolved,
                    };
                    let cause = match status {
                        Status::Ongoing => None,
                        _ if data_changed => Some(Cause::Data),
                        _ => replay.as_ref().and_then(|(x, y)| {
                            let (in_x, in_y) = (x.contains(&key), y.contains(&key));
                            if in_y != in_cur {
                                Some(Cause::Date)
                            } else if in_x != in_y {
                                Some(Cause::Parameters)
                            } else if rules_changed {
                                Some(Cause::Rules)
                            } else {
                                None
                            }
                        }),
                    };
                    ChangeRow {
                        v_number: v.to_string(),
                        action: key.0.to_string(),
                        subject_id: key.1.to_string(),
                        status,
                        cause,
                    }
                })
                .collect::<Vec<_>>()
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
pub fn write_changes<W: Write>(w: W, changes: &Changes, verdicts: &Settled) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(CHANGES_HEADER)?;
    for r in &changes.rows {
        let (v, a, s) = (
            r.v_number.as_str(),
            r.action.as_str(),
            r.subject_id.as_str(),
        );
        let verdict = match r.status {
            Status::Resolved => verdicts.resolved(v, a, s).map(|u| u.verdict.kind),
            _ => verdicts.get(v, a, s).map(|x| x.verdict.kind),
        };
        out.write_record([
            v,
            a,
            s,
            r.status.as_str(),
            r.cause.map_or("", Cause::as_str),
            verdict.map_or("", VerdictKind::as_str),
        ])?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::fingerprint::write_fingerprints;
    use crate::evaluate::Batch;
    use crate::model::{BanStatus, HolderStatus, LiftedReason, Severity};
    use crate::testkit::fixtures::*;

    /// What an earlier run would have left behind.
    fn snapshot(inputs: &Inputs, params: &Params, rules_version: &str) -> Previous {
        snapshot_in(inputs, params, rules_version, Scheme::CURRENT)
    }

    /// What an earlier run with fingerprints in `scheme` would have left.
    fn snapshot_in(
        inputs: &Inputs,
        params: &Params,
        rules_version: &str,
        scheme: Scheme,
    ) -> Previous {
        let ev = Batch::new(inputs, params);
        let fps = fingerprints(inputs, &ev.cases, scheme);
        Previous {
            dir: PathBuf::from("vorige-run"),
            params: *params,
            rules_version: rules_version.to_string(),
            actions: ev
                .actions()
                .map(|a| {
                    (
                        a.v_number.to_string(),
                        a.rule.action.to_string(),
                        a.subject_id.to_string(),
                    )
                })
                .collect(),
            fingerprints: ev
                .cases
                .iter()
                .zip(fps)
                .map(|(c, f)| (c.v_number.to_string(), f))
                .collect(),
            scheme,
            inputs: BTreeMap::new(),
            verdicts: Vec::new(),
        }
    }

    /// changes.csv of this run against `prev`, without the header.
    fn changes_csv(prev: &Previous, inputs: &Inputs, params: &Params) -> Vec<String> {
        let ev = Batch::new(inputs, params);
        let fps = fingerprints(inputs, &ev.cases, Scheme::CURRENT);
        let ch = compare_with_previous(prev, inputs, &ev, &fps);
        let mut buf = Vec::new();
        write_changes(&mut buf, &ch, &Settled::default()).unwrap();
        String::from_utf8(buf)
            .unwrap()
            .lines()
            .skip(1)
            .map(str::to_string)
            .collect()
    }

    /// A person whose heavy ban is already temporarily lifted until the
    /// current end of protection.
    fn temporarily_lifted() -> Inputs {
        let mut i = Inputs::default();
        i.rtb_holders.push(holder(
            "100002",
            "Shevchenko",
            HolderStatus::Granted,
            "2022-03-10",
        ));
        let mut b = ban(
            "B2",
            "100002",
            Severity::Heavy,
            BanStatus::TemporarilyLifted,
            "2020-01-01",
        );
        b.lifted_reason = Some(LiftedReason::TemporaryProtection);
        b.lifted_until = Some(d("2027-03-04"));
        i.entry_bans.push(b);
        i
    }

    const NOW: &str = "2026-11-28";
    const UNTIL: &str = "2027-03-04";

    #[test]
    fn same_run_twice_is_all_ongoing_without_cause() {
        let i = protected_with_heavy_ban();
        let p = params(NOW, UNTIL);
        let prev = snapshot(&i, &p, RULES_VERSION);
        assert_eq!(
            changes_csv(&prev, &i, &p),
            ["100001,TEMP_LIFT_HEAVY_IRV,B1,ongoing,,"]
        );
    }

    #[test]
    fn protection_running_out_is_date() {
        let i = protected_with_heavy_ban();
        let prev = snapshot(&i, &params("2027-03-01", UNTIL), RULES_VERSION);
        assert_eq!(
            changes_csv(&prev, &i, &params("2027-03-10", UNTIL)),
            ["100001,TEMP_LIFT_HEAVY_IRV,B1,resolved,date,"]
        );
    }

    #[test]
    fn extending_protection_is_parameters() {
        let i = temporarily_lifted();
        let prev = snapshot(&i, &params(NOW, UNTIL), RULES_VERSION);
        assert_eq!(
            changes_csv(&prev, &i, &params(NOW, "2028-03-04")),
            ["100002,UPDATE_TEMP_LIFT_END,B2,new,parameters,"]
        );
    }

    #[test]
    fn a_changed_record_is_data() {
        let before = protected_with_heavy_ban();
        let prev = snapshot(&before, &params(NOW, UNTIL), RULES_VERSION);
        let mut after = protected_with_heavy_ban();
        after.entry_bans[0].status = BanStatus::Lifted;
        after.entry_bans[0].lifted_reason = Some(LiftedReason::TemporaryProtection);
        assert_eq!(
            changes_csv(&prev, &after, &params(NOW, UNTIL)),
            ["100001,TEMP_LIFT_HEAVY_IRV,B1,resolved,data,"]
        );
    }

    #[test]
    fn a_new_rules_version_is_rules() {
        let i = protected_with_heavy_ban();
        let p = params(NOW, UNTIL);
        let mut prev = snapshot(&i, &p, "2025.1.0");
        // The old table had another code for the same work.
        prev.actions = vec![("100001".into(), "OLD_TEMP_LIFT".into(), "B1".into())];
        assert_eq!(
            changes_csv(&prev, &i, &p),
            [
                "100001,OLD_TEMP_LIFT,B1,resolved,rules,",
                "100001,TEMP_LIFT_HEAVY_IRV,B1,new,rules,",
            ]
        );
    }

    #[test]
    fn data_wins_over_date_parameters_and_rules() {
        let before = protected_with_heavy_ban();
        let prev = snapshot(&before, &params("2027-03-01", UNTIL), "2025.1.0");
        let mut after = protected_with_heavy_ban();
        after.sis_hits.push(hit("H1", "100001", "PL", "2027-03-05"));
        assert_eq!(
            changes_csv(&prev, &after, &params("2027-03-10", "2027-03-04")),
            [
                "100001,HIT_NO_ACTION,H1,new,data,",
                "100001,TEMP_LIFT_HEAVY_IRV,B1,resolved,data,",
            ]
        );
    }

    #[test]
    fn with_the_same_records_the_last_step_that_made_the_difference_counts() {
        // Date, parameters and rules version change in one night. The
        // extension keeps both persons protected past the new date, so the
        // only difference is R06 for the lifted ban: parameters.
        let mut i = temporarily_lifted();
        i.rtb_holders.extend(protected_with_heavy_ban().rtb_holders);
        i.entry_bans.extend(protected_with_heavy_ban().entry_bans);
        i.order_by_person();
        let prev = snapshot(&i, &params("2027-03-01", UNTIL), "2025.1.0");
        assert_eq!(
            changes_csv(&prev, &i, &params("2027-03-10", "2028-03-04")),
            [
                "100001,TEMP_LIFT_HEAVY_IRV,B1,ongoing,,",
                "100002,UPDATE_TEMP_LIFT_END,B2,new,parameters,",
            ]
        );
        // Without the extension the date moves past the end of protection:
        // R03 goes and R07 resumes the lifted ban, both `date`, although the
        // rules version changed too.
        assert_eq!(
            changes_csv(&prev, &i, &params("2027-03-10", UNTIL)),
            [
                "100001,TEMP_LIFT_HEAVY_IRV,B1,resolved,date,",
                "100002,END_TEMP_LIFT_IRV,B2,new,date,",
            ]
        );
    }

    #[test]
    fn persons_who_appear_or_disappear_are_data() {
        let a = protected_with_heavy_ban();
        let b = temporarily_lifted();
        let p = params(NOW, "2028-03-04");
        let prev = snapshot(&a, &p, RULES_VERSION);
        assert_eq!(
            changes_csv(&prev, &b, &p),
            [
                "100001,TEMP_LIFT_HEAVY_IRV,B1,resolved,data,",
                "100002,UPDATE_TEMP_LIFT_END,B2,new,data,",
            ]
        );
    }

    #[test]
    fn an_unexplained_difference_has_no_cause() {
        let i = protected_with_heavy_ban();
        let p = params(NOW, UNTIL);
        let mut prev = snapshot(&i, &p, RULES_VERSION);
        prev.actions.clear();
        assert_eq!(
            changes_csv(&prev, &i, &p),
            ["100001,TEMP_LIFT_HEAVY_IRV,B1,new,,"]
        );
    }

    /// The first run after an upgrade compares in the earlier run's scheme:
    /// unchanged records are still unchanged, changed ones still `data`.
    #[test]
    fn an_earlier_run_in_another_scheme_is_compared_in_its_scheme() {
        // As `protection_running_out_is_date`, but the earlier run wrote V1.
        let i = protected_with_heavy_ban();
        let prev = snapshot_in(&i, &params("2027-03-01", UNTIL), RULES_VERSION, Scheme::V1);
        assert_eq!(
            changes_csv(&prev, &i, &params("2027-03-10", UNTIL)),
            ["100001,TEMP_LIFT_HEAVY_IRV,B1,resolved,date,"]
        );
        let mut changed = i.clone_records();
        changed.entry_bans[0].sis_alert_id = None;
        assert_eq!(
            changes_csv(&prev, &changed, &params("2027-03-10", UNTIL)),
            ["100001,TEMP_LIFT_HEAVY_IRV,B1,resolved,data,"]
        );
    }

    #[test]
    fn previous_run_is_read_back_from_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let i = with_ledger(protected_with_heavy_ban());
        let p = params(NOW, UNTIL);
        let ev = Batch::new(&i, &p);
        let fps = fingerprints(&i, &ev.cases, Scheme::CURRENT);
        let none = Settled::default();
        let rows = crate::output::actions::rows(&ev, &none, false);
        crate::output::actions::write(
            std::fs::File::create(dir.path().join("actions.csv")).unwrap(),
            &rows,
        )
        .unwrap();
        write_fingerprints(
            std::fs::File::create(dir.path().join(FINGERPRINTS_FILE)).unwrap(),
            &ev.cases,
            &fps,
        )
        .unwrap();
        let summary = crate::output::summary::Summary::new(
            &p,
            crate::output::summary::Counts {
                files: &i.files,
                persons: 1,
                persons_on_hold: 0,
                fired: &mut ev.actions().map(|a| (a.rule, false)),
                drafts: 0,
                rejected_rows: 0,
                findings: 0,
                delivery: crate::output::summary::Delivery::new(
                    None,
                    &crate::config::DriftPolicy::default(),
                    None,
                ),
                verdicts: Default::default(),
            },
        );
        std::fs::write(
            dir.path().join("summary.json"),
            serde_json::to_string_pretty(&summary).unwrap(),
        )
        .unwrap();

        let prev = Previous::load(dir.path()).unwrap();
        assert_eq!(prev.params, p);
        assert_eq!(prev.rules_version, RULES_VERSION);
        assert_eq!(
            prev.actions,
            [(
                "100001".to_string(),
                "TEMP_LIFT_HEAVY_IRV".to_string(),
                "B1".to_string()
            )]
        );
        assert_eq!(prev.fingerprints.get("100001"), Some(&fps[0]));
        assert_eq!(prev.scheme, Scheme::CURRENT);
        // What it read of each export, for the drift check.
        assert_eq!(prev.inputs.len(), Export::ALL.len());
        for f in &i.files {
            let then = &prev.inputs[&f.export];
            assert_eq!(
                (&then.file, then.rows, &then.sha256),
                (&f.file_name, f.rows, &f.sha256)
            );
        }

        // An earlier run from before schemes were recorded wrote V1; a
        // scheme this version does not know is refused with a reason.
        let summary_path = dir.path().join("summary.json");
        let mut json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&summary_path).unwrap()).unwrap();
        json.as_object_mut().unwrap().remove("fingerprint_scheme");
        std::fs::write(&summary_path, json.to_string()).unwrap();
        assert_eq!(Previous::load(dir.path()).unwrap().scheme, Scheme::V1);
        json["fingerprint_scheme"] = serde_json::json!(9);
        std::fs::write(&summary_path, json.to_string()).unwrap();
        let err = Previous::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.ends_with("fingerprint_scheme 9 is unknown to this rtb-recon; was the earlier run made by a newer version?"),
            "{err}"
        );
        json.as_object_mut().unwrap().remove("fingerprint_scheme");
        std::fs::write(&summary_path, json.to_string()).unwrap();

        let fp_path = dir.path().join(FINGERPRINTS_FILE);
        std::fs::write(&fp_path, "v_number,sha256\n100001,abc\n").unwrap();
        let err = Previous::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.ends_with("fingerprints.csv, line 2: sha256 'abc' is not 64 hex digits; was this file written by rtb-recon?"),
            "{err}"
        );

        std::fs::remove_file(dir.path().join(FINGERPRINTS_FILE)).unwrap();
        let err = Previous::load(dir.path()).unwrap_err().to_string();
        assert!(err.ends_with("fingerprints.csv is missing; point --previous at the output directory of an earlier rtb-recon run (one that wrote fingerprints.csv)"), "{err}");
    }
}
