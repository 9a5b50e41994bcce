//! A person's case: every accepted record with one V-number, the identity
//! resolved from them (SPEC §3.2) and whether any of the person's rows was
//! quarantined (H01).
//!
//! Cases borrow from `Inputs`; they are built once and evaluated in parallel.
//! Records inside a case are ordered by their id, so nothing downstream
//! depends on the order rows had in the exports.

mod facts;
mod identity;

pub use facts::{Event, EventKind, Facts, TCN_TEMPORARY_END};
pub use identity::{Finding, ResolvedIdentity};

use crate::ingest::Inputs;
use crate::model::{
    AlertDecision, Application, EntryBan, ExclusionOrder, ReturnDecision, RtbHolder, SisHit,
};
use rayon::prelude::*;

/// All records of one person: a slice of each export, whose records the
/// input holds in (V-number, id) order (`Inputs::order_by_person`), so a
/// case owns no copies and allocates nothing.
#[derive(Debug, Default)]
pub struct Case<'a> {
    pub v_number: &'a str,
    pub holder: Option<&'a RtbHolder>,
    pub entry_bans: &'a [EntryBan],
    pub exclusion_orders: &'a [ExclusionOrder],
    pub return_decisions: &'a [ReturnDecision],
    pub sis_hits: &'a [SisHit],
    pub applications: &'a [Application],
    pub alert_decisions: &'a [AlertDecision],
    /// A row with this V-number was quarantined (H01).
    pub quarantined: bool,
    pub identity: ResolvedIdentity<'a>,
}

impl<'a> Case<'a> {
    pub fn entry_ban(&self, id: &str) -> Option<&'a EntryBan> {
        self.entry_bans.iter().find(|b| b.ban_id == id)
    }

    pub fn exclusion_order(&self, id: &str) -> Option<&'a ExclusionOrder> {
        self.exclusion_orders.iter().find(|o| o.ovr_id == id)
    }
}

/// Groups the inputs per V-number. Returns the cases sorted by V-number and
/// the identity findings (sorted), both independent of input row order.
pub fn build(inputs: &Inputs) -> (Vec<Case<'_>>, Vec<Finding>) {
    let mut cases = group(inputs);
    let mut findings: Vec<Finding> = cases.par_iter_mut().flat_map_iter(complete).collect();
    findings.par_sort();
    (cases, findings)
}

/// The first half of [`build`]: every person's records, cases in V-number
/// order, the identity not yet resolved. Each case must go through
/// [`complete`] before it is used; the run does that in the same parallel
/// pass as the rules, so each person's records are fetched from memory once.
///
/// The exports are in (V-number, id) order (`Inputs::order_by_person`, which
/// `ingest::load` applies), so grouping is one merge of the seven sorted
/// exports: each person's records in an export are the run of records with
/// that V-number, taken as a slice. Nothing is copied or sorted here.
///
/// # Panics
///
/// When an export is not in (V-number, id) order: `Inputs` built by hand (a test)
/// must be ordered with `Inputs::order_by_person` first. Input data cannot
/// cause it; grouping unordered records would silently split persons.
pub fn group<'a>(inputs: &'a Inputs) -> Vec<Case<'a>> {
    let mut holders = Run::new(&inputs.rtb_holders, |r| (&r.v_number, ""));
    let mut bans = Run::new(&inputs.entry_bans, |r| (&r.v_number, &r.ban_id));
    let mut ovrs = Run::new(&inputs.exclusion_orders, |r| (&r.v_number, &r.ovr_id));
    let mut tkbs = Run::new(&inputs.return_decisions, |r| (&r.v_number, &r.tkb_id));
    let mut hits = Run::new(&inputs.sis_hits, |r| (&r.v_number, &r.hit_id));
    let mut apps = Run::new(&inputs.applications, |r| (&r.v_number, &r.application_id));
    let mut bts = Run::new(&inputs.alert_decisions, |r| (&r.v_number, &r.bts_id));
    // Quarantined rows are few, in file and line order: their V-numbers
    // are ordered here.
    let mut quarantined: Vec<&'a str> = inputs
        .rejected
        .iter()
        .filter_map(|r| r.v_number.as_deref())
        .collect();
    quarantined.sort_unstable();
    quarantined.dedup();
    let mut quarantined = quarantined.into_iter().peekable();

    let mut cases: Vec<Case<'a>> = Vec::with_capacity(inputs.rtb_holders.len());
    loop {
        let next = [
            holders.peek(),
            bans.peek(),
            ovrs.peek(),
            tkbs.peek(),
            hits.peek(),
            apps.peek(),
            bts.peek(),
            quarantined.peek().copied(),
        ]
        .into_iter()
        .flatten()
        .min();
        let Some(v_number) = next else {
            break;
        };
        cases.push(Case {
            v_number,
            holder: holders.take(v_number).first(),
            entry_bans: bans.take(v_number),
            exclusion_orders: ovrs.take(v_number),
            return_decisions: tkbs.take(v_number),
            sis_hits: hits.take(v_number),
            applications: apps.take(v_number),
            alert_decisions: bts.take(v_number),
            quarantined: quarantined.next_if_eq(&v_number).is_some(),
            identity: ResolvedIdentity::default(),
        });
    }
    cases
}

/// The second half of [`build`] for one case: resolves its identity.
/// Returns the identity findings (unsorted).
pub fn complete(case: &mut Case<'_>) -> Vec<Finding> {
    let (identity, conflicts) = identity::resolve(case);
    case.identity = identity;
    conflicts
}

/// The records of one export not yet grouped, in (V-number, id) order.
struct Run<'a, T> {
    rest: &'a [T],
    key: fn(&T) -> (&str, &str),
}

impl<'a, T> Run<'a, T> {
    fn new(records: &'a [T], key: fn(&T) -> (&str, &str)) -> Self {
        assert!(
            records.is_sorted_by_key(key),
            "records must be in (V-number, id) order (Inputs::order_by_person) to be grouped"
        );
        Run { rest: records, key }
    }

    /// The V-number of the next person with records here.
    fn peek(&self) -> Option<&'a str> {
        self.rest.first().map(|r| (self.key)(r).0)
    }

    /// The records of `v_number` (none when the next person is another).
    fn take(&mut self, v_number: &str) -> &'a [T] {
        let n = self
            .rest
            .iter()
            .take_while(|r| (self.key)(r).0 == v_number)
            .count();
        let (taken, rest) = self.rest.split_at(n);
        self.rest = rest;
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Rejection;
    use crate::model::{BanStatus, Export, HolderStatus, Severity};
    use crate::testkit;

    #[test]
    fn each_person_gets_the_run_of_their_records_in_every_export() {
        let mut inputs = testkit::inputs();
        inputs.rtb_holders.push(testkit::holder(
            "200002",
            HolderStatus::Granted,
            "2022-03-10",
        ));
        inputs.rtb_holders.push(testkit::holder(
            "0200001",
            HolderStatus::Granted,
            "2022-03-10",
        ));
        for (id, v) in [("B2", "200002"), ("B9", "0200001"), ("B1", "200002")] {
            inputs.entry_bans.push(testkit::ban(
                id,
                v,
                Severity::Light,
                BanStatus::Active,
                "2020-01-01",
            ));
        }
        inputs.rejected.push(Rejection {
            file: Export::SisHits,
            line: 3,
            v_number: Some("100000".into()),
            column: "hit_date".into(),
            value: "x".into(),
            reason: "not a date".into(),
        });
        inputs.order_by_person();
        let cases = group(&inputs);
        let seen: Vec<(&str, bool, Vec<&str>, bool)> = cases
            .iter()
            .map(|c| {
                (
                    c.v_number,
                    c.holder.is_some(),
                    c.entry_bans.iter().map(|b| b.ban_id.as_str()).collect(),
                    c.quarantined,
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("0200001", true, vec!["B9"], false),
                ("100000", false, vec![], true),
                ("200002", true, vec!["B1", "B2"], false),
            ]
        );
    }

    #[test]
    #[should_panic(expected = "(V-number, id) order")]
    fn unordered_records_are_refused_rather_than_split() {
        let mut inputs = testkit::inputs();
        for v in ["200002", "200001", "200002"] {
            inputs
                .sis_hits
                .push(testkit::hit("H1", v, "A1", "PL", "2026-11-01"));
        }
        group(&inputs);
    }
}
