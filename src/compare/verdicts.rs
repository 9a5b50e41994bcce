//! The analysts' verdicts carried from run to run (issue 12): which verdicts
//! apply to this run's actions, which stopped applying and why.
//!
//! A verdict applies to an action of this run only while nothing it was
//! given on has changed: the person's input records (their fingerprint),
//! the action itself (rule, due date, SIS effect), and, for `uitgesteld`,
//! the calendar (it lapses on its date). Otherwise the action is open again
//! and the verdict is listed with its reason; a verdict is never dropped
//! without a line saying so. A verdict changes how an action is presented,
//! never what a rule decided.
//!
//! The verdicts in force come from the previous run's verdicts.csv
//! (`--previous`); a verdicts file (`--verdicts`) adds to them, replaces
//! them or withdraws them. [`person`] settles one person (also for
//! `explain`); [`settle`] every person of a batch.

use super::PreviousError;
use super::fingerprint::{self, Fingerprint, Scheme};
use crate::evaluate::Batch;
use crate::ingest::Inputs;
use crate::model::verdict::{
    ActionKey, COLUMNS, NotApplied, RECORDED, Recorded, Statement, Verdict,
};
use crate::model::{Date, VerdictKind};
use crate::rules::{Action, Group};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// The verdicts in force after a run, for the next run's `--previous`.
pub const FILE: &str = "verdicts.csv";
/// Verdicts that do not apply in this run, with the reason.
pub const NOT_APPLIED_FILE: &str = "verdicts_not_applied.csv";

/// verdicts.csv: the analyst's columns, then what the run recorded with it.
pub const HEADER: [&str; 12] = [
    COLUMNS[0],
    COLUMNS[1],
    COLUMNS[2],
    COLUMNS[3],
    COLUMNS[4],
    COLUMNS[5],
    COLUMNS[6],
    RECORDED,
    "fingerprint",
    "rule_id",
    "due_date",
    "sis_effect",
];

/// verdicts_not_applied.csv: the analyst's columns, when the verdict was
/// recorded (if it was), the reason code and the reason in Dutch.
pub const NOT_APPLIED_HEADER: [&str; 10] = [
    COLUMNS[0], COLUMNS[1], COLUMNS[2], COLUMNS[3], COLUMNS[4], COLUMNS[5], COLUMNS[6], RECORDED,
    "reason", "detail",
];

/// A verdict that does not apply in this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unapplied {
    pub key: ActionKey,
    pub verdict: Verdict,
    /// When it was first recorded; `None` for a verdict this run was given
    /// and could not take on.
    pub recorded: Option<Date>,
    pub reason: NotApplied,
    /// The reason in Dutch, with the dates and what changed.
    pub detail: String,
}

/// The verdicts of one run, settled against its actions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settled {
    /// In force, each on an action of this run; sorted by key.
    pub in_force: Vec<Recorded>,
    /// Sorted by key, then reason.
    pub not_applied: Vec<Unapplied>,
    /// How many were carried from the previous run, and how many rows of
    /// the verdicts file said something.
    pub carried: u64,
    pub stated: u64,
}

impl Settled {
    /// The verdict in force on an action of this run.
    pub fn get(&self, v_number: &str, action: &str, subject_id: &str) -> Option<&Recorded> {
        self.in_force
            .binary_search_by(|r| r.key.cmp_parts(v_number, action, subject_id))
            .ok()
            .map(|i| &self.in_force[i])
    }

    /// The verdict an action had in the previous run when it has no action
    /// in this one (a resolved action), for changes.csv.
    pub fn resolved(&self, v_number: &str, action: &str, subject_id: &str) -> Option<&Unapplied> {
        let from = self
            .not_applied
            .partition_point(|u| u.key.cmp_parts(v_number, action, subject_id).is_lt());
        self.not_applied[from..]
            .iter()
            .take_while(|u| u.key.cmp_parts(v_number, action, subject_id).is_eq())
            .find(|u| u.reason == NotApplied::NoAction && u.recorded.is_some())
    }
}

/// One person's verdicts, settled: those in force and those that are not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonVerdicts {
    pub in_force: Vec<Recorded>,
    pub not_applied: Vec<Unapplied>,
}

/// The person's fingerprint now, in this run's scheme and in the scheme of
/// the run the carried verdicts come from.
#[derive(Debug, Clone, Copy)]
pub struct Now<'f> {
    pub as_of: Date,
    pub fingerprint: &'f Fingerprint,
    pub fingerprint_then: &'f Fingerprint,
}

/// What to do with one action's verdict, before it meets the action.
enum Candidate<'r> {
    /// A verdict recorded in an earlier run.
    Carried(&'r Recorded),
    /// A verdict the file gives today.
    New(&'r Statement, &'r Verdict),
}

/// Settles one person: `carried` (their verdicts in force after the
/// previous run), `statements` (their rows of the verdicts file) and
/// `actions` (this run's, in the contract's order). `actions` is empty for
/// a person no longer in the exports.
pub fn person(
    carried: &[&Recorded],
    statements: &[&Statement],
    actions: &[Action<'_>],
    now: Now<'_>,
) -> PersonVerdicts {
    let mut out = PersonVerdicts::default();
    let mut keys: Vec<&ActionKey> = carried
        .iter()
        .map(|r| &r.key)
        .chain(statements.iter().map(|s| &s.key))
        .collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let c = carried.iter().copied().find(|r| &r.key == key);
        let s = statements.iter().copied().find(|s| &s.key == key);
        let not_applied = |verdict: &Verdict,
                           recorded: Option<Date>,
                           reason: NotApplied,
                           change: &str| Unapplied {
            key: key.clone(),
            verdict: verdict.clone(),
            recorded,
            reason,
            detail: reason.nl(recorded, verdict.until, change),
        };
        let candidate = match (c, s) {
            (None, None) => None,
            (c, None) => c.map(Candidate::Carried),
            (c, Some(s)) => match (&s.verdict, s.shown, c) {
                // Cleared: withdraws the verdict the row showed, or in a CSV
                // (nothing shown) whatever is in force.
                (None, shown, Some(c)) if shown.is_none_or(|d| d == c.recorded) => {
                    out.not_applied.push(not_applied(
                        &c.verdict,
                        Some(c.recorded),
                        NotApplied::Withdrawn,
                        "",
                    ));
                    None
                }
                // A row of an older workbook, cleared: the verdict in force
                // now was given later, and stays.
                (None, _, c) => c.map(Candidate::Carried),
                (Some(v), _, Some(c)) if *v == c.verdict => Some(Candidate::Carried(c)),
                (Some(v), None, _) => Some(Candidate::New(s, v)),
                (Some(v), Some(shown), Some(c)) if shown == c.recorded => {
                    Some(Candidate::New(s, v))
                }
                // It shows a verdict that is no longer in force (it lapsed, or
                // a later one replaced it): taking it on now would hide the
                // change that ended it.
                (Some(v), Some(shown), c) => {
                    out.not_applied
                        .push(not_applied(v, Some(shown), NotApplied::Stale, ""));
                    c.map(Candidate::Carried)
                }
            },
        };
        let Some(candidate) = candidate else { continue };
        let action = actions
            .binary_search_by(|a| {
                (a.rule.action, a.subject_id).cmp(&(key.action.as_str(), key.subject_id.as_str()))
            })
            .ok()
            .map(|i| &actions[i]);
        let on_hold = |a: &Action<'_>| a.rule.group == Group::Hold || a.rule.action == HIT_ON_HOLD;
        match candidate {
            Candidate::New(s, v) => {
                // Chosen in a workbook on data that has changed since.
                let decided_on_other_data = s
                    .seen
                    .as_deref()
                    .is_some_and(|seen| !now.fingerprint.matches_short(seen));
                let reason = match action {
                    None => Some(NotApplied::NoAction),
                    Some(_) if decided_on_other_data => Some(NotApplied::DataChanged),
                    Some(a) if on_hold(a) => Some(NotApplied::OnHold),
                    Some(_)
                        if v.kind == VerdictKind::Postponed
                            && v.until.is_none_or(|d| d <= now.as_of) =>
                    {
                        Some(NotApplied::UntilNotAhead)
                    }
                    Some(_) => None,
                };
                match (reason, action) {
                    (None, Some(a)) => out.in_force.push(Recorded {
                        key: key.clone(),
                        verdict: v.clone(),
                        recorded: now.as_of,
                        fingerprint: now.fingerprint.hex(),
                        rule_id: a.rule.id.to_owned(),
                        due_date: a.due_date,
                        sis_effect: a.rule.sis_effect.as_str().to_owned(),
                    }),
                    (reason, _) => out.not_applied.push(not_applied(
                        v,
                        None,
                        reason.unwrap_or(NotApplied::NoAction),
                        "",
                    )),
                }
            }
            Candidate::Carried(c) => {
                let lapse = match action {
                    None => Some((NotApplied::NoAction, String::new())),
                    Some(_) if c.fingerprint != now.fingerprint_then.hex() => {
                        Some((NotApplied::DataChanged, String::new()))
                    }
                    Some(a) => match changed(c, a) {
                        Some(what) => Some((NotApplied::ActionChanged, what)),
                        None if on_hold(a) => Some((NotApplied::OnHold, String::new())),
                        None if c.verdict.kind == VerdictKind::Postponed
                            && c.verdict.until.is_none_or(|d| now.as_of >= d) =>
                        {
                            Some((NotApplied::PostponementEnded, String::new()))
                        }
                        None => None,
                    },
                };
                match lapse {
                    Some((reason, what)) => out.not_applied.push(not_applied(
                        &c.verdict,
                        Some(c.recorded),
                        reason,
                        &what,
                    )),
                    // The same records: their fingerprint in this run's
                    // scheme is the one to compare with next time.
                    None => out.in_force.push(Recorded {
                        fingerprint: now.fingerprint.hex(),
                        ..c.clone()
                    }),
                }
            }
        }
    }
    out
}

/// The action code of R14, which stays open like the HOLD group.
const HIT_ON_HOLD: &str = "HIT_ON_HOLD";

/// What changed in an action since a verdict was recorded on it, in Dutch.
fn changed(c: &Recorded, a: &Action<'_>) -> Option<String> {
    let day = |d: Option<Date>| d.map_or_else(|| "geen".to_owned(), |d| d.to_string());
    let mut what = Vec::new();
    if c.rule_id != a.rule.id {
        what.push(format!("regel {} werd {}", c.rule_id, a.rule.id));
    }
    if c.due_date != a.due_date {
        what.push(format!(
            "uiterste datum {} werd {}",
            day(c.due_date),
            day(a.due_date)
        ));
    }
    if c.sis_effect != a.rule.sis_effect.as_str() {
        what.push(format!(
            "SIS-effect {} werd {}",
            c.sis_effect,
            a.rule.sis_effect.as_str()
        ));
    }
    (!what.is_empty()).then(|| what.join("; "))
}

/// Settles every person with a verdict: those carried from the previous run
/// (`carried`, recorded in `scheme`) and those of the verdicts file.
pub fn settle(
    inputs: &Inputs,
    batch: &Batch<'_>,
    carried: &[Recorded],
    scheme: Scheme,
    statements: &[Statement],
) -> Settled {
    let mut by_person: BTreeMap<&str, (Vec<&Recorded>, Vec<&Statement>)> = BTreeMap::new();
    for r in carried {
        by_person.entry(&r.key.v_number).or_default().0.push(r);
    }
    for s in statements {
        by_person.entry(&s.key.v_number).or_default().1.push(s);
    }
    // Only the persons with a verdict are fingerprinted here (the run's
    // full fingerprints are computed beside the tables, which need these).
    let found: Vec<(&str, Option<usize>)> = by_person
        .keys()
        .map(|v| {
            let i = batch.cases.binary_search_by(|c| c.v_number.cmp(v)).ok();
            (*v, i)
        })
        .collect();
    let cases: Vec<_> = found
        .iter()
        .filter_map(|(_, i)| i.map(|i| &batch.cases[i]))
        .collect();
    let now = fingerprint::fingerprints_of(inputs, &cases, Scheme::CURRENT);
    let then = if scheme == Scheme::CURRENT {
        now.clone()
    } else {
        fingerprint::fingerprints_of(inputs, &cases, scheme)
    };
    // A person no longer in the exports: every verdict has no action.
    let absent = Fingerprint::default();
    let mut k = 0;
    let settled: Vec<PersonVerdicts> = found
        .iter()
        .map(|&(v, i)| {
            let (fp, fp_then, actions) = match i {
                Some(i) => {
                    k += 1;
                    (
                        &now[k - 1],
                        &then[k - 1],
                        batch.evaluations[i].actions.as_slice(),
                    )
                }
                None => (&absent, &absent, &[][..]),
            };
            (v, fp, fp_then, actions)
        })
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(v, fp, fp_then, actions)| {
            let (c, s) = &by_person[v];
            person(
                c,
                s,
                actions,
                Now {
                    as_of: batch.params.as_of,
                    fingerprint: fp,
                    fingerprint_then: fp_then,
                },
            )
        })
        .collect();
    let mut out = Settled {
        carried: carried.len() as u64,
        stated: statements.len() as u64,
        ..Settled::default()
    };
    for p in settled {
        out.in_force.extend(p.in_force);
        out.not_applied.extend(p.not_applied);
    }
    // Persons come in V-number order and each person's keys in order.
    out.not_applied
        .sort_by(|a, b| (&a.key, a.reason).cmp(&(&b.key, b.reason)));
    out
}

fn day(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The first seven cells of a row of verdicts.csv and of
/// verdicts_not_applied.csv: the action's key and the verdict; the caller's
/// `write_record` adds the rest and ends the row.
fn key_and_verdict<W: Write>(
    out: &mut csv::Writer<W>,
    key: &ActionKey,
    v: &Verdict,
) -> csv::Result<()> {
    for cell in [
        key.v_number.as_str(),
        &key.action,
        &key.subject_id,
        v.kind.as_str(),
        &day(v.until),
        &v.note,
        &v.by,
    ] {
        out.write_field(cell)?;
    }
    Ok(())
}

/// Writes verdicts.csv: every verdict in force.
pub fn write_in_force<W: Write>(w: W, settled: &Settled) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(HEADER)?;
    for r in &settled.in_force {
        key_and_verdict(&mut out, &r.key, &r.verdict)?;
        out.write_record([
            &r.recorded.to_string(),
            &r.fingerprint,
            &r.rule_id,
            &day(r.due_date),
            &r.sis_effect,
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// Writes verdicts_not_applied.csv.
pub fn write_not_applied<W: Write>(w: W, settled: &Settled) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(NOT_APPLIED_HEADER)?;
    for u in &settled.not_applied {
        key_and_verdict(&mut out, &u.key, &u.verdict)?;
        out.write_record([&day(u.recorded), u.reason.as_str(), &u.detail])?;
    }
    out.flush()?;
    Ok(())
}

/// Reads an earlier run's verdicts.csv; a run made before verdicts existed
/// has none, which is no verdict.
pub fn read_in_force(dir: &Path) -> Result<Vec<Recorded>, PreviousError> {
    let path = dir.join(FILE);
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let unreadable = |e: csv::Error| PreviousError::Unreadable {
        path: path.clone(),
        detail: e.to_string(),
    };
    let bad = |line: u64, detail: String| PreviousError::Bad {
        path: path.clone(),
        line,
        detail,
    };
    let mut reader = csv::Reader::from_path(&path).map_err(unreadable)?;
    let header = reader.headers().map_err(unreadable)?.clone();
    let idx = HEADER
        .iter()
        .map(|c| {
            header
                .iter()
                .position(|h| h == *c)
                .ok_or_else(|| bad(1, format!("column `{c}` is missing from the header")))
        })
        .collect::<Result<Vec<usize>, _>>()?;
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(unreadable)?;
        let line = record.position().map_or(0, csv::Position::line);
        let cell = |i: usize| record.get(idx[i]).unwrap_or_default();
        let date = |i: usize| -> Result<Option<Date>, PreviousError> {
            match cell(i) {
                "" => Ok(None),
                s => Date::parse_from_str(s, "%Y-%m-%d").map(Some).map_err(|_| {
                    bad(
                        line,
                        format!(
                            "{} '{s}' is not a date; was this file written by rtb-recon?",
                            HEADER[i]
                        ),
                    )
                }),
            }
        };
        let kind = VerdictKind::parse(cell(3)).ok_or_else(|| {
            bad(
                line,
                format!(
                    "verdict '{}' is unknown; was this file written by rtb-recon?",
                    cell(3)
                ),
            )
        })?;
        let recorded = date(7)?.ok_or_else(|| bad(line, "recorded is empty".to_owned()))?;
        let fingerprint = cell(8);
        if Fingerprint::from_hex(fingerprint).is_none() {
            return Err(bad(
                line,
                format!("fingerprint '{fingerprint}' is not 64 hex digits"),
            ));
        }
        out.push(Recorded {
            key: ActionKey::new(cell(0), cell(1), cell(2)),
            verdict: Verdict {
                kind,
                until: date(4)?,
                note: cell(5).to_owned(),
                by: cell(6).to_owned(),
            },
            recorded,
            fingerprint: fingerprint.to_ascii_lowercase(),
            rule_id: cell(9).to_owned(),
            due_date: date(10)?,
            sis_effect: cell(11).to_owned(),
        });
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Export;
    use crate::testkit::fixtures::*;

    const UNTIL: &str = "2027-03-04";

    /// 100001: protected since 2022, a heavy ban from 2020 (R03 lifts it
    /// temporarily) and a Polish alert hit on 2026-11-20 (R16: consult,
    /// afterwards, by 2026-12-04).
    fn person() -> Inputs {
        let mut i = protected_with_heavy_ban();
        i.sis_hits.push(hit("H1", "100001", "PL", "2026-11-20"));
        i
    }

    fn key(action: &str, subject: &str) -> ActionKey {
        ActionKey::new("100001", action, subject)
    }

    fn verdict(kind: VerdictKind, until: Option<&str>) -> Verdict {
        Verdict {
            kind,
            until: until.map(d),
            note: "gecontroleerd".into(),
            by: "A. de Vries".into(),
        }
    }

    fn said(key: ActionKey, verdict: Option<Verdict>, shown: Option<&str>) -> Statement {
        Statement {
            line: 2,
            sheet: None,
            key,
            verdict,
            shown: shown.map(d),
            seen: None,
        }
    }

    /// A new verdict on an action of 100001, as a verdicts file gives it.
    fn new(action: &str, subject: &str, kind: VerdictKind, until: Option<&str>) -> Statement {
        said(key(action, subject), Some(verdict(kind, until)), None)
    }

    /// `afgehandeld` on the ban B1, recorded on 2026-11-28.
    fn b1_handled(i: &Inputs) -> Vec<Recorded> {
        recorded(
            i,
            "2026-11-28",
            &[new("TEMP_LIFT_HEAVY_IRV", "B1", VerdictKind::Handled, None)],
        )
    }

    /// Settles on `as_of` with `carried` and `stated`.
    fn settle_on(
        inputs: &Inputs,
        as_of: &str,
        carried: &[Recorded],
        stated: &[Statement],
    ) -> Settled {
        let batch = Batch::new(inputs, &params(as_of, UNTIL));
        settle(inputs, &batch, carried, Scheme::CURRENT, stated)
    }

    /// The verdicts in force after a run on `as_of` that was given `stated`.
    fn recorded(inputs: &Inputs, as_of: &str, stated: &[Statement]) -> Vec<Recorded> {
        let s = settle_on(inputs, as_of, &[], stated);
        assert_eq!(s.not_applied, [], "all taken on");
        s.in_force
    }

    fn reasons(s: &Settled) -> Vec<(&str, NotApplied, &str)> {
        s.not_applied
            .iter()
            .map(|u| (u.key.action.as_str(), u.reason, u.detail.as_str()))
            .collect()
    }

    #[test]
    fn a_new_verdict_is_recorded_with_the_run_date_the_fingerprint_and_the_action() {
        let i = person();
        let s = settle_on(
            &i,
            "2026-11-28",
            &[],
            &[new(
                "CONSULT_ISSUING_STATE",
                "H1",
                VerdictKind::Handled,
                None,
            )],
        );
        let batch = Batch::new(&i, &params("2026-11-28", UNTIL));
        let fp = fingerprint::fingerprints(&i, &batch.cases, Scheme::CURRENT)[0];
        assert_eq!(
            s.in_force,
            [Recorded {
                key: key("CONSULT_ISSUING_STATE", "H1"),
                verdict: verdict(VerdictKind::Handled, None),
                recorded: d("2026-11-28"),
                fingerprint: fp.hex(),
                rule_id: "R16".into(),
                due_date: Some(d("2026-12-04")),
                sis_effect: "none".into(),
            }]
        );
        assert!(s.get("100001", "CONSULT_ISSUING_STATE", "H1").is_some());
        assert!(s.get("100001", "TEMP_LIFT_HEAVY_IRV", "B1").is_none());
    }

    #[test]
    fn a_carried_verdict_applies_while_nothing_changed_and_keeps_its_first_date() {
        let i = person();
        let first = recorded(
            &i,
            "2026-11-28",
            &[new(
                "TEMP_LIFT_HEAVY_IRV",
                "B1",
                VerdictKind::NotApplicable,
                None,
            )],
        );
        let s = settle_on(&i, "2026-12-01", &first, &[]);
        assert_eq!(s.in_force, first);
        assert_eq!(s.in_force[0].recorded, d("2026-11-28"));
        assert_eq!(s.carried, 1);
    }

    #[test]
    fn a_change_in_the_persons_records_lapses_it_with_the_date_it_was_recorded() {
        let i = person();
        let first = b1_handled(&i);
        // Another municipality: no action changes, but the data did.
        let mut changed = person();
        changed.rtb_holders[0].municipality = Some("Zwolle".into());
        let s = settle_on(&changed, "2026-11-29", &first, &[]);
        assert_eq!(s.in_force, []);
        assert_eq!(
            reasons(&s),
            [(
                "TEMP_LIFT_HEAVY_IRV",
                NotApplied::DataChanged,
                "gegevens gewijzigd sinds afhandeling op 2026-11-28"
            )]
        );
        // A quarantined row of the person counts as a change too.
        let mut held = person();
        held.rejected
            .push(rejection("100001", Export::EntryBans, 3));
        let s = settle_on(&held, "2026-11-29", &first, &[]);
        assert_eq!(s.not_applied.len(), 1);
    }

    #[test]
    fn another_rule_due_date_or_sis_effect_lapses_it_and_says_what_changed() {
        let i = person();
        let first = recorded(
            &i,
            "2026-11-28",
            &[new(
                "CONSULT_ISSUING_STATE",
                "H1",
                VerdictKind::Handled,
                None,
            )],
        );
        let moved = Recorded {
            due_date: Some(d("2026-11-30")),
            ..first[0].clone()
        };
        let s = settle_on(&i, "2026-11-29", &[moved], &[]);
        assert_eq!(
            reasons(&s),
            [(
                "CONSULT_ISSUING_STATE",
                NotApplied::ActionChanged,
                "actie gewijzigd sinds afhandeling op 2026-11-28: uiterste datum 2026-11-30 werd 2026-12-04"
            )]
        );
        let other = Recorded {
            rule_id: "R14".into(),
            sis_effect: "keep".into(),
            ..first[0].clone()
        };
        let s = settle_on(&i, "2026-11-29", &[other], &[]);
        assert_eq!(
            s.not_applied[0].detail,
            "actie gewijzigd sinds afhandeling op 2026-11-28: regel R14 werd R16; SIS-effect keep werd none"
        );
    }

    #[test]
    fn uitgesteld_applies_until_the_day_before_its_date_and_lapses_on_it() {
        let i = person();
        let first = recorded(
            &i,
            "2026-11-28",
            &[new(
                "TEMP_LIFT_HEAVY_IRV",
                "B1",
                VerdictKind::Postponed,
                Some("2026-12-10"),
            )],
        );
        let day_before = settle_on(&i, "2026-12-09", &first, &[]);
        assert_eq!(day_before.in_force.len(), 1);
        assert_eq!(day_before.not_applied, []);
        let on_the_day = settle_on(&i, "2026-12-10", &first, &[]);
        assert_eq!(on_the_day.in_force, []);
        assert_eq!(
            reasons(&on_the_day),
            [(
                "TEMP_LIFT_HEAVY_IRV",
                NotApplied::PostponementEnded,
                "uitgesteld tot 2026-12-10: die datum is bereikt"
            )]
        );
    }

    #[test]
    fn uitgesteld_to_a_date_not_after_the_run_is_not_taken_on() {
        let i = person();
        for until in ["2026-11-27", "2026-11-28"] {
            let s = settle_on(
                &i,
                "2026-11-28",
                &[],
                &[new(
                    "TEMP_LIFT_HEAVY_IRV",
                    "B1",
                    VerdictKind::Postponed,
                    Some(until),
                )],
            );
            assert_eq!(s.in_force, []);
            assert_eq!(
                reasons(&s),
                [(
                    "TEMP_LIFT_HEAVY_IRV",
                    NotApplied::UntilNotAhead,
                    format!("uitgesteld tot {until}: die datum ligt niet na de peildatum").as_str()
                )]
            );
        }
        let s = settle_on(
            &i,
            "2026-11-28",
            &[],
            &[new(
                "TEMP_LIFT_HEAVY_IRV",
                "B1",
                VerdictKind::Postponed,
                Some("2026-11-29"),
            )],
        );
        assert_eq!(s.in_force.len(), 1);
    }

    #[test]
    fn a_verdict_whose_action_is_gone_is_listed_not_lost() {
        let i = person();
        let first = b1_handled(&i);
        // The person is no longer in the exports at all.
        let s = settle_on(&Inputs::default(), "2026-11-29", &first, &[]);
        assert_eq!(
            reasons(&s),
            [(
                "TEMP_LIFT_HEAVY_IRV",
                NotApplied::NoAction,
                "deze actie staat niet (meer) in de actielijst van deze run"
            )]
        );
        assert!(s.resolved("100001", "TEMP_LIFT_HEAVY_IRV", "B1").is_some());
        // A new verdict for an action that does not exist: listed too.
        let s = settle_on(
            &i,
            "2026-11-28",
            &[],
            &[new("LIFT_OVR", "O9", VerdictKind::Handled, None)],
        );
        assert_eq!(reasons(&s)[0].1, NotApplied::NoAction);
        assert!(
            s.resolved("100001", "LIFT_OVR", "O9").is_none(),
            "never recorded"
        );
    }

    #[test]
    fn hold_and_hit_on_hold_stay_open() {
        let mut i = person();
        i.rejected.push(rejection("100001", Export::EntryBans, 3));
        let s = settle_on(
            &i,
            "2026-11-28",
            &[],
            &[
                new("HOLD_INCOMPLETE_DATA", "100001", VerdictKind::Handled, None),
                new("HIT_ON_HOLD", "H1", VerdictKind::Handled, None),
            ],
        );
        assert_eq!(s.in_force, []);
        assert_eq!(
            s.not_applied.iter().map(|u| u.reason).collect::<Vec<_>>(),
            [NotApplied::OnHold, NotApplied::OnHold]
        );
    }

    #[test]
    fn the_same_decision_again_keeps_its_first_recording_and_an_edit_records_anew() {
        let i = person();
        let first = b1_handled(&i);
        // The workbook of the first run, given back unchanged the next day.
        let echo = said(
            key("TEMP_LIFT_HEAVY_IRV", "B1"),
            Some(verdict(VerdictKind::Handled, None)),
            Some("2026-11-28"),
        );
        let s = settle_on(&i, "2026-11-29", &first, std::slice::from_ref(&echo));
        assert_eq!(s.in_force, first);
        // The analyst changed the note on that row: a new decision of today.
        let edited = Statement {
            verdict: Some(Verdict {
                note: "alsnog besproken".into(),
                ..verdict(VerdictKind::Handled, None)
            }),
            ..echo
        };
        let s = settle_on(&i, "2026-11-29", &first, &[edited]);
        assert_eq!(s.in_force[0].recorded, d("2026-11-29"));
        assert_eq!(s.in_force[0].verdict.note, "alsnog besproken");
    }

    #[test]
    fn an_older_workbook_cannot_bring_back_a_verdict_that_lapsed() {
        let i = person();
        let first = b1_handled(&i);
        let mut changed = person();
        changed.rtb_holders[0].municipality = Some("Zwolle".into());
        let lapsed = settle_on(&changed, "2026-11-29", &first, &[]);
        assert_eq!(lapsed.in_force, []);
        // The next night, the workbook of 2026-11-28 is given again.
        let old_row = said(
            key("TEMP_LIFT_HEAVY_IRV", "B1"),
            Some(verdict(VerdictKind::Handled, None)),
            Some("2026-11-28"),
        );
        let s = settle_on(&changed, "2026-11-30", &lapsed.in_force, &[old_row]);
        assert_eq!(s.in_force, []);
        assert_eq!(reasons(&s)[0].1, NotApplied::Stale);
        assert!(
            reasons(&s)[0]
                .2
                .contains("de afhandeling van 2026-11-28, die niet meer geldt")
        );
        // Chosen again (Vastgelegd left empty): taken on, for today's data.
        let again = new("TEMP_LIFT_HEAVY_IRV", "B1", VerdictKind::Handled, None);
        let s = settle_on(&changed, "2026-11-30", &lapsed.in_force, &[again]);
        assert_eq!(s.in_force[0].recorded, d("2026-11-30"));
    }

    #[test]
    fn a_verdict_chosen_in_a_workbook_on_data_that_changed_since_is_not_taken_on() {
        let i = person();
        let batch = Batch::new(&i, &params("2026-11-28", UNTIL));
        let then = fingerprint::fingerprints(&i, &batch.cases, Scheme::CURRENT)[0];
        let chosen = Statement {
            seen: Some(then.short()),
            ..new("TEMP_LIFT_HEAVY_IRV", "B1", VerdictKind::Handled, None)
        };
        // The same data the next night: taken on.
        let s = settle_on(&i, "2026-11-29", &[], std::slice::from_ref(&chosen));
        assert_eq!(s.in_force.len(), 1);
        // The records changed between the workbook and the run.
        let mut changed = person();
        changed.rtb_holders[0].municipality = Some("Zwolle".into());
        let s = settle_on(&changed, "2026-11-29", &[], &[chosen]);
        assert_eq!(s.in_force, []);
        assert_eq!(
            reasons(&s),
            [(
                "TEMP_LIFT_HEAVY_IRV",
                NotApplied::DataChanged,
                "gegevens gewijzigd sinds de werkmap waarin deze afhandeling is gekozen; kies haar opnieuw in de werkmap van de laatste run"
            )]
        );
    }

    #[test]
    fn clearing_a_verdict_withdraws_it_and_says_so() {
        let i = person();
        let first = b1_handled(&i);
        // A workbook row of an older run than the verdict: no effect.
        let older = said(key("TEMP_LIFT_HEAVY_IRV", "B1"), None, Some("2026-11-20"));
        let s = settle_on(&i, "2026-11-29", &first, &[older]);
        assert_eq!(s.in_force, first);
        // The row that showed it, cleared.
        let cleared = said(key("TEMP_LIFT_HEAVY_IRV", "B1"), None, Some("2026-11-28"));
        let s = settle_on(&i, "2026-11-29", &first, &[cleared]);
        assert_eq!(s.in_force, []);
        assert_eq!(
            reasons(&s),
            [(
                "TEMP_LIFT_HEAVY_IRV",
                NotApplied::Withdrawn,
                "ingetrokken door de analist (afhandeling van 2026-11-28)"
            )]
        );
    }

    #[test]
    fn verdicts_csv_reads_back_to_what_was_written() {
        let i = person();
        let in_force = recorded(
            &i,
            "2026-11-28",
            &[
                said(
                    key("TEMP_LIFT_HEAVY_IRV", "B1"),
                    Some(Verdict {
                        note: "met \"aanhalingstekens\", en komma".into(),
                        ..verdict(VerdictKind::Postponed, Some("2027-01-15"))
                    }),
                    None,
                ),
                new("CONSULT_ISSUING_STATE", "H1", VerdictKind::Handled, None),
            ],
        );
        let settled = Settled {
            in_force,
            ..Settled::default()
        };
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = std::fs::File::create(dir.path().join(FILE)).unwrap_or_else(|e| panic!("{e}"));
        write_in_force(file, &settled).unwrap_or_else(|e| panic!("{e}"));
        let back = read_in_force(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, settled.in_force);
        // An earlier run without verdicts.csv carries none.
        let empty = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_in_force(empty.path()).map(|v| v.len()).ok(), Some(0));
    }

    #[test]
    fn a_damaged_verdicts_csv_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let header = HEADER.join(",");
        std::fs::write(
            dir.path().join(FILE),
            format!("{header}\n100001,TEMP_LIFT_HEAVY_IRV,B1,afgehandeld,,,,2026-11-28,abc,R03,,delete\n"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let err = read_in_force(dir.path())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.ends_with("verdicts.csv, line 2: fingerprint 'abc' is not 64 hex digits"),
            "{err}"
        );
    }
}
