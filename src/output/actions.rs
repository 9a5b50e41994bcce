//! actions.csv (SPEC §5): one row per action, in the fixed column order,
//! sorted by v_number, action, subject_id (byte order), with the analyst's
//! verdict on it, if one is in force, in four trailing columns (issue 12).

use crate::compare::verdicts::Settled;
use crate::evaluate::Batch;
use crate::model::verdict::Recorded;
use crate::output::drafts;
use crate::rules::Action;
use std::io::Write;

/// The columns of actions.csv: the contract's 13, then the verdict's.
pub const HEADER: [&str; 17] = [
    "v_number",
    "action",
    "subject_type",
    "subject_id",
    "rule_id",
    "legal_basis",
    "sis_alert_id",
    "sis_effect",
    "due_date",
    "draft_file",
    "surname",
    "given_names",
    "explanation",
    "verdict",
    "verdict_until",
    "verdict_note",
    "verdict_by",
];

/// Where the verdict's columns start.
pub const VERDICT_COLUMN: usize = 13;

/// One row of actions.csv, as every consumer (CSV, workbook, report) sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRow<'a> {
    pub action: &'a Action<'a>,
    /// The person's index in the batch (and in the run's fingerprints).
    pub person: usize,
    /// Whether a draft is written for the action (its file name is made
    /// when the row is written, not kept for a million rows).
    pub draft: bool,
    pub surname: Option<&'a str>,
    pub given_names: Option<&'a str>,
    /// The analyst's verdict in force on the action; `None`: open work.
    pub verdict: Option<&'a Recorded>,
}

/// A row's texts that are made when it is written (its dates and its
/// draft's file name), kept alive by the caller while the cells are
/// written.
pub struct Texts {
    pub due: String,
    pub until: String,
    pub draft_file: String,
}

impl ActionRow<'_> {
    pub fn texts(&self) -> Texts {
        let day = |d: Option<crate::model::Date>| d.map(|d| d.to_string()).unwrap_or_default();
        Texts {
            due: day(self.action.due_date),
            until: day(self.verdict.and_then(|v| v.verdict.until)),
            draft_file: self.draft_file(),
        }
    }

    /// The draft's path inside `--out`, or nothing.
    pub fn draft_file(&self) -> String {
        let a = self.action;
        if self.draft {
            drafts::draft_file_name(a.rule.action, a.v_number, a.subject_id)
        } else {
            String::new()
        }
    }

    /// The row's cells in `HEADER` order, with the texts from `texts()`:
    /// one definition for actions.csv and actions.parquet.
    pub fn cells<'s>(&'s self, dates: &'s Texts) -> [&'s str; 17] {
        let a = self.action;
        let v = self.verdict.map(|r| &r.verdict);
        [
            a.v_number,
            a.rule.action,
            a.subject_type.as_str(),
            a.subject_id,
            a.rule.id,
            a.rule.legal_basis,
            a.sis_alert_id.unwrap_or_default(),
            a.rule.sis_effect.as_str(),
            &dates.due,
            &dates.draft_file,
            self.surname.unwrap_or_default(),
            self.given_names.unwrap_or_default(),
            &a.explanation,
            v.map_or("", |v| v.kind.as_str()),
            &dates.until,
            v.map_or("", |v| v.note.as_str()),
            v.map_or("", |v| v.by.as_str()),
        ]
    }
}

/// The rows of every person of the batch, in the contract's order, with
/// the verdicts in force; `write_drafts`: whether the run writes drafts.
pub fn rows<'a>(
    batch: &'a Batch<'a>,
    verdicts: &'a Settled,
    write_drafts: bool,
) -> Vec<ActionRow<'a>> {
    batch
        .persons()
        .enumerate()
        .flat_map(|(person, (case, evaluation))| {
            evaluation.actions.iter().map(move |a| (person, case, a))
        })
        .map(|(person, case, a)| ActionRow {
            action: a,
            person,
            draft: write_drafts && a.rule.draft,
            surname: case.identity.surname,
            given_names: case.identity.given_names,
            verdict: if verdicts.in_force.is_empty() {
                None
            } else {
                verdicts.get(a.v_number, a.rule.action, a.subject_id)
            },
        })
        .collect()
}

/// Writes actions.csv.
pub fn write<W: Write>(w: W, rows: &[ActionRow<'_>]) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(HEADER)?;
    for r in rows {
        out.write_record(r.cells(&r.texts()))?;
    }
    out.flush()?;
    Ok(())
}
