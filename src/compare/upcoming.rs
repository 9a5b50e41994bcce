//! upcoming.csv: actions that start or stop within the horizon only because
//! time passes. The dates are found, not stepped through: every date on which
//! a condition's comparison with `as_of` can flip (end of protection, the TCN
//! cut-off, a ban coming into force, a ban's term running out) is a candidate,
//! and the person is evaluated at each candidate in order.

use super::Slot;
use crate::case::{Case, TCN_TEMPORARY_END};
use crate::config::Params;
use crate::evaluate::{self, Batch};
use crate::model::{Category, Date};
use crate::rules::{Action, Rule, SubjectType};
use chrono::Days;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Whether an action begins or ends on the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Start,
    Stop,
}

impl Change {
    pub const ALL: [Change; 2] = [Change::Start, Change::Stop];

    pub fn as_str(self) -> &'static str {
        match self {
            Change::Start => "start",
            Change::Stop => "stop",
        }
    }

    /// The change in Dutch.
    pub fn nl(self) -> &'static str {
        match self {
            Change::Start => "begint",
            Change::Stop => "stopt",
        }
    }
}

impl serde::Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One upcoming change for one person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Upcoming {
    pub date: Date,
    pub v_number: String,
    pub action: &'static str,
    pub subject_id: String,
    pub change: Change,
    pub subject_type: SubjectType,
    pub rule_id: &'static str,
}

/// The dates on which a condition of this person can flip: the first day on
/// which the comparison gives the other answer. Unsorted, with repeats, and
/// not yet limited to the future: the caller filters first, so the persons
/// with nothing ahead (almost all) cost no allocation.
fn candidates<'c>(case: &'c Case<'_>, params: &Params) -> impl Iterator<Item = Date> + 'c {
    let day_after = |d: Date| d.checked_add_days(Days::new(1));
    // tp_in_force / claim_active: as_of <= tp_end.
    let tp_end = day_after(params.rtb_valid_until);
    let holder = case.holder.into_iter().flat_map(move |r| {
        let tcn = (r.category == Category::TemporaryResidentUa)
            .then(|| day_after(TCN_TEMPORARY_END))
            .flatten();
        tp_end.into_iter().chain(tcn)
    });
    let bans = case
        .entry_bans
        .iter()
        .flat_map(|b| b.in_force_date.into_iter().chain(b.lapse_date()));
    holder.chain(bans)
}

/// The dates after `as_of` up to and including `last` on which a condition
/// of this person can flip, in order.
pub fn candidate_dates(case: &Case<'_>, params: &Params, last: Date) -> Vec<Date> {
    let mut dates: Vec<Date> = candidates(case, params)
        .filter(|d| *d > params.as_of && *d <= last)
        .collect();
    dates.sort_unstable();
    dates.dedup();
    dates
}

/// Every person's changes within `horizon_days` after the batch's
/// reference date, sorted by date, starting from the actions the batch
/// already has for that date.
pub fn all(batch: &Batch<'_>, horizon_days: u64) -> Vec<Upcoming> {
    let mut rows: Vec<Upcoming> = batch
        .par_persons()
        .flat_map_iter(|(case, today)| {
            for_person_from(case, &batch.params, horizon_days, &today.actions)
        })
        .collect();
    rows.par_sort_unstable();
    rows
}

/// The changes of one person within `horizon_days` after `params.as_of`.
pub fn for_person(case: &Case<'_>, params: &Params, horizon_days: u64) -> Vec<Upcoming> {
    let today = evaluate::person(case, params).actions;
    for_person_from(case, params, horizon_days, &today)
}

/// As `for_person`, starting from the person's actions on `params.as_of`
/// that the run already has, so they are not evaluated a second time.
pub fn for_person_from<'a>(
    case: &Case<'a>,
    params: &Params,
    horizon_days: u64,
    today: &[Action<'a>],
) -> Vec<Upcoming> {
    let Some(last) = params.as_of.checked_add_days(Days::new(horizon_days)) else {
        return Vec::new();
    };
    let dates = candidate_dates(case, params, last);
    if dates.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut before = index(today);
    for date in dates {
        let at = Params {
            as_of: date,
            ..*params
        };
        let after = slots(case, &at);
        for (slot, rule) in &before {
            if after.get(slot) != Some(rule) {
                out.push(row(case, date, slot, rule, Change::Stop));
            }
        }
        for (slot, rule) in &after {
            if before.get(slot) != Some(rule) {
                out.push(row(case, date, slot, rule, Change::Start));
            }
        }
        before = after;
    }
    out
}

fn index<'a>(actions: &[Action<'a>]) -> BTreeMap<Slot<'a>, (&'static Rule, SubjectType)> {
    actions
        .iter()
        .map(|a| (Slot::of(a), (a.rule, a.subject_type)))
        .collect()
}

fn slots<'a>(case: &Case<'a>, params: &Params) -> BTreeMap<Slot<'a>, (&'static Rule, SubjectType)> {
    index(&evaluate::person(case, params).actions)
}

fn row(
    case: &Case<'_>,
    date: Date,
    slot: &Slot<'_>,
    (rule, subject_type): &(&'static Rule, SubjectType),
    change: Change,
) -> Upcoming {
    Upcoming {
        date,
        v_number: case.v_number.to_string(),
        action: rule.action,
        subject_id: slot.subject_id.to_string(),
        change,
        subject_type: *subject_type,
        rule_id: rule.id,
    }
}

pub const HEADER: [&str; 7] = [
    "date",
    "v_number",
    "change",
    "action",
    "subject_type",
    "subject_id",
    "rule_id",
];

impl Upcoming {
    /// The row's cells in `HEADER` order, with `date` formatted by the
    /// caller (which keeps it alive): one definition for upcoming.csv and
    /// upcoming.parquet.
    pub fn cells<'s>(&'s self, date: &'s str) -> [&'s str; 7] {
        [
            date,
            &self.v_number,
            self.change.as_str(),
            self.action,
            self.subject_type.as_str(),
            &self.subject_id,
            self.rule_id,
        ]
    }
}
