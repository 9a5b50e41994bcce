//! actions.csv (SPEC §5): one row per action, in the fixed column order,
//! sorted by v_number, action, subject_id (byte order).

use crate::evaluate::Batch;
use crate::rules::Action;
use std::io::Write;

/// The columns of actions.csv, fixed by the contract.
pub const HEADER: [&str; 13] = [
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
];

/// One row of actions.csv, as every consumer (CSV, workbook, report) sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRow<'a> {
    pub action: &'a Action<'a>,
    pub draft_file: Option<String>,
    pub surname: Option<&'a str>,
    pub given_names: Option<&'a str>,
}

impl ActionRow<'_> {
    pub fn due_date(&self) -> String {
        self.action
            .due_date
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    /// The row's cells in `HEADER` order, with `due` from `due_date()`
    /// (formatted by the caller, which keeps it alive): one definition for
    /// actions.csv and actions.parquet.
    pub fn cells<'s>(&'s self, due: &'s str) -> [&'s str; 13] {
        let a = self.action;
        [
            a.v_number,
            a.rule.action,
            a.subject_type.as_str(),
            a.subject_id,
            a.rule.id,
            a.rule.legal_basis,
            a.sis_alert_id.unwrap_or_default(),
            a.rule.sis_effect.as_str(),
            due,
            self.draft_file.as_deref().unwrap_or_default(),
            self.surname.unwrap_or_default(),
            self.given_names.unwrap_or_default(),
            &a.explanation,
        ]
    }
}

/// The rows of every person of the batch, in the contract's order.
pub fn rows<'a>(
    batch: &'a Batch<'a>,
    draft_file: impl Fn(&Action<'_>) -> Option<String>,
) -> Vec<ActionRow<'a>> {
    batch
        .persons()
        .flat_map(|(case, evaluation)| evaluation.actions.iter().map(move |a| (case, a)))
        .map(|(case, a)| ActionRow {
            action: a,
            draft_file: draft_file(a),
            surname: case.identity.surname,
            given_names: case.identity.given_names,
        })
        .collect()
}

/// Writes actions.csv.
pub fn write<W: Write>(w: W, rows: &[ActionRow<'_>]) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(HEADER)?;
    for r in rows {
        out.write_record(r.cells(&r.due_date()))?;
    }
    out.flush()?;
    Ok(())
}
