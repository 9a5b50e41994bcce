//! impact.csv and impact.html: the same input evaluated under baseline
//! parameters and under changed ones (a Council decision, a second reference
//! date, return to Ukraine becoming possible), listing every piece of work
//! that appears, disappears or changes its action.

use super::Slot;
use crate::case::Case;
use crate::config::Params;
use crate::evaluate::{Batch, Evaluation};
use crate::rules::{self, Action, Rule, SisEffect};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// How one slot differs between the two evaluations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub v_number: String,
    pub surname: Option<String>,
    pub given_names: Option<String>,
    pub subject_type: &'static str,
    pub subject_id: String,
    pub before: Option<&'static Rule>,
    pub after: Option<&'static Rule>,
}

impl Difference {
    pub fn kind(&self) -> &'static str {
        match (self.before, self.after) {
            (None, Some(_)) => "nieuw",
            (Some(_), None) => "vervalt",
            _ => "gewijzigd",
        }
    }
}

/// Compares every person of `baseline` (evaluated under the baseline
/// parameters) with the same person under `changed`, in parallel; the
/// result is sorted by V-number, then subject.
pub fn compare(baseline: &Batch<'_>, changed: &Params) -> Vec<Difference> {
    let after = baseline.under(changed);
    baseline
        .par_persons()
        .zip(after.par_iter())
        .flat_map_iter(|((case, before), after)| person(case, before, after))
        .collect()
}

fn person(case: &Case<'_>, before: &Evaluation<'_>, after: &Evaluation<'_>) -> Vec<Difference> {
    let (before, after) = (&before.actions, &after.actions);
    let (bi, ai) = (index(before), index(after));
    let mut slots: Vec<&Slot<'_>> = bi.keys().chain(ai.keys()).collect();
    slots.sort_unstable();
    slots.dedup();
    slots
        .into_iter()
        .filter_map(|slot| {
            let b = bi.get(slot).map(|&i| &before[i]);
            let a = ai.get(slot).map(|&i| &after[i]);
            if b.map(|x| x.rule.id) == a.map(|x| x.rule.id) {
                return None;
            }
            let any = a.or(b)?;
            Some(Difference {
                v_number: case.v_number.to_string(),
                surname: case.identity.surname.map(str::to_string),
                given_names: case.identity.given_names.map(str::to_string),
                subject_type: any.subject_type.as_str(),
                subject_id: slot.subject_id.to_string(),
                before: b.map(|x| x.rule),
                after: a.map(|x| x.rule),
            })
        })
        .collect()
}

fn index<'a>(actions: &[Action<'a>]) -> BTreeMap<Slot<'a>, usize> {
    actions
        .iter()
        .enumerate()
        .map(|(i, a)| (Slot::of(a), i))
        .collect()
}

pub const HEADER: [&str; 9] = [
    "v_number",
    "subject_type",
    "subject_id",
    "change",
    "action_before",
    "action_after",
    "rule_before",
    "rule_after",
    "sis_effect_after",
];

pub fn write_csv<W: std::io::Write>(w: W, diffs: &[Difference]) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(HEADER)?;
    for d in diffs {
        out.write_record([
            d.v_number.as_str(),
            d.subject_type,
            &d.subject_id,
            d.kind(),
            d.before.map_or("", |r| r.action),
            d.after.map_or("", |r| r.action),
            d.before.map_or("", |r| r.id),
            d.after.map_or("", |r| r.id),
            d.after.map_or("", |r| r.sis_effect.as_str()),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// The headline questions of the team, each a predicate on a difference.
pub struct Headline {
    pub label: &'static str,
    pub test: fn(&Difference) -> bool,
}

fn appears(d: &Difference, id: &str) -> bool {
    d.after.is_some_and(|r| r.id == id) && d.before.is_none_or(|r| r.id != id)
}

pub const HEADLINES: [Headline; 5] = [
    Headline {
        label: "Tijdelijke opheffing zwaar IRV eindigt (R07)",
        test: |d| appears(d, "R07"),
    },
    Headline {
        label: "Terugkeerbesluit wordt hervat (R13)",
        test: |d| appears(d, "R13"),
    },
    Headline {
        label: "Signalering wordt weer zichtbaar in N-SIS",
        test: |d| d.after.is_some_and(|r| r.sis_effect == SisEffect::Resume),
    },
    Headline {
        label: "Heroverweging openbare orde start (R28)",
        test: |d| appears(d, "R28"),
    },
    Headline {
        label: "Maatregelen aan de orde (R31–R35)",
        test: |d| d.after.is_some_and(|r| r.group == rules::Group::Measures) && d.before.is_none(),
    },
];
