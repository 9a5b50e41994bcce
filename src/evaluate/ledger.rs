//! The run's own proof that no input was lost or invented, checked before
//! anything is published (issue 4): every action's subject is a record (or,
//! for person actions, a V-number) of the input, and every accepted SIS hit
//! has exactly one HIT action — per hit, not only in total, so one hit with
//! two actions cannot hide another with none.
//!
//! It also checks the per-file ledger: every row is accepted or rejected.
//! Messages name files, rules, subject kinds and counts, never a V-number or
//! a name: they end up in the scheduler's log.

use super::Batch;
use crate::ingest::Inputs;
use crate::rules::{Action, Group, SubjectType};
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// The subjects the actions name, each marked once an input record (or, for
/// a person, any row with the V-number) is found for it.
///
/// The set is built from the actions, not from the input: a run has far
/// fewer actions than records (71k for 1.24M rows at 1M persons), so the set
/// stays in cache while the input is scanned once (issue 5: an index of every
/// record was 16 % of a 1M-person run, then 5 % with Fx hashing).
#[derive(Default)]
struct Wanted<'x> {
    persons: FxHashMap<&'x str, bool>,
    records: FxHashMap<(SubjectType, &'x str, &'x str), bool>,
}

impl<'x> Wanted<'x> {
    fn new<'a: 'x>(actions: &[&'x Action<'a>]) -> Self {
        let mut wanted = Wanted::default();
        for a in actions {
            match a.subject_type {
                // A person action whose subject is not its own V-number can
                // never be found, so it is not looked for.
                SubjectType::Person if a.subject_id == a.v_number => {
                    wanted.persons.insert(a.v_number, false);
                }
                SubjectType::Person => {}
                ty => {
                    wanted.records.insert((ty, a.v_number, a.subject_id), false);
                }
            }
        }
        wanted
    }

    fn see(&mut self, ty: SubjectType, v_number: &'x str, id: &'x str) {
        self.person(v_number);
        if let Some(found) = self.records.get_mut(&(ty, v_number, id)) {
            *found = true;
        }
    }

    fn person(&mut self, v_number: &str) {
        if let Some(found) = self.persons.get_mut(v_number) {
            *found = true;
        }
    }

    fn find_in(mut self, inputs: &'x Inputs) -> Self {
        for r in &inputs.rtb_holders {
            self.see(SubjectType::Person, &r.v_number, &r.v_number);
        }
        for b in &inputs.entry_bans {
            self.see(SubjectType::EntryBan, &b.v_number, &b.ban_id);
        }
        for o in &inputs.exclusion_orders {
            self.see(SubjectType::ExclusionOrder, &o.v_number, &o.ovr_id);
        }
        for t in &inputs.return_decisions {
            self.see(SubjectType::ReturnDecision, &t.v_number, &t.tkb_id);
        }
        for h in &inputs.sis_hits {
            self.see(SubjectType::SisHit, &h.v_number, &h.hit_id);
        }
        for a in &inputs.applications {
            self.see(SubjectType::Application, &a.v_number, &a.application_id);
        }
        for s in &inputs.alert_decisions {
            // Bts records are never the subject of an action, but their
            // V-number makes a person.
            self.person(&s.v_number);
        }
        // A person known only from quarantined rows is put on hold (H01).
        for rej in &inputs.rejected {
            if let Some(v) = &rej.v_number {
                self.person(v);
            }
        }
        self
    }

    fn has_subject(&self, a: &Action<'_>) -> bool {
        match a.subject_type {
            SubjectType::Person => {
                a.subject_id == a.v_number && self.persons.get(a.v_number) == Some(&true)
            }
            ty => self.records.get(&(ty, a.v_number, a.subject_id)) == Some(&true),
        }
    }
}

/// The run's own accounting, checked before anything is published: every
/// row of every file is accepted or rejected, every action's subject is in
/// the input, and every accepted SIS hit has exactly one HIT action.
pub fn check(inputs: &Inputs, batch: &Batch<'_>) -> Result<(), String> {
    for f in &inputs.files {
        if f.rows != f.accepted + f.rejected {
            return Err(format!(
                "{}: {} rows but {} accepted + {} rejected",
                f.file_name, f.rows, f.accepted, f.rejected
            ));
        }
    }
    // A test can inject an action about nothing, to prove the check bites.
    let injected: Option<Action<'_>> = crate::testhooks::orphan_action();
    check_actions(inputs, batch.actions().chain(injected.iter()))
}

/// Checks `actions` against the input; the error explains the first breach
/// and how many actions break the same invariant.
pub fn check_actions<'x, 'a: 'x>(
    inputs: &'x Inputs,
    actions: impl IntoIterator<Item = &'x Action<'a>>,
) -> Result<(), String> {
    let actions: Vec<&'x Action<'a>> = actions.into_iter().collect();
    let found = Wanted::new(&actions).find_in(inputs);
    let mut orphans = 0u64;
    let mut first_orphan: Option<String> = None;
    let mut hit_actions: HashMap<(&str, &str), u32> = HashMap::new();
    let mut misplaced_hits = 0u64;
    for a in actions {
        if !found.has_subject(a) {
            orphans += 1;
            first_orphan.get_or_insert_with(|| describe(a));
        }
        if a.rule.group == Group::Hit {
            if a.subject_type == SubjectType::SisHit {
                *hit_actions.entry((a.v_number, a.subject_id)).or_default() += 1;
            } else {
                misplaced_hits += 1;
            }
        }
    }
    if let Some(first) = first_orphan {
        return Err(format!(
            "{orphans} action(s) concern a subject that is in no input row, e.g. {first}"
        ));
    }
    if misplaced_hits > 0 {
        return Err(format!(
            "{misplaced_hits} HIT action(s) are not about an SIS hit"
        ));
    }
    let mut unhandled = 0u64;
    let mut repeated = 0u64;
    for h in &inputs.sis_hits {
        match hit_actions
            .get(&(h.v_number.as_str(), h.hit_id.as_str()))
            .copied()
            .unwrap_or(0)
        {
            0 => unhandled += 1,
            1 => {}
            _ => repeated += 1,
        }
    }
    if unhandled + repeated > 0 {
        return Err(format!(
            "every accepted SIS hit must have exactly one HIT action, but {unhandled} hit(s) have none and {repeated} have more than one"
        ));
    }
    Ok(())
}

/// An action in words fit for a log: its rule and subject kind, and the
/// subject's id unless that id is the V-number.
fn describe(a: &Action<'_>) -> String {
    let subject = match a.subject_type {
        SubjectType::Person => "a person (V-number not logged)".to_string(),
        ty => format!("{} '{}'", ty.as_str(), a.subject_id),
    };
    format!("{} ({}) about {subject}", a.rule.id, a.rule.action)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Rejection;
    use crate::model::{BanStatus, Export, Severity};
    use crate::rules;
    use crate::testkit;

    fn inputs() -> Inputs {
        Inputs {
            entry_bans: vec![testkit::ban(
                "B1",
                "830017265491",
                Severity::Heavy,
                BanStatus::Active,
                "2019-01-01",
            )],
            sis_hits: vec![testkit::hit("H1", "830017265491", "A1", "PL", "2026-11-01")],
            rejected: vec![Rejection {
                file: Export::Applications,
                line: 7,
                v_number: Some("550011223344".into()),
                column: "filed_date".into(),
                value: "x".into(),
                reason: "not a date".into(),
            }],
            ..Inputs::default()
        }
    }

    fn action<'a>(rule: &str, v: &'a str, ty: SubjectType, id: &'a str) -> Action<'a> {
        Action {
            rule: rules::by_id(rule).unwrap(),
            v_number: v,
            subject_type: ty,
            subject_id: id,
            sis_alert_id: None,
            due_date: None,
            explanation: String::new(),
        }
    }

    #[test]
    fn actions_on_input_records_and_one_per_hit_pass() {
        let inputs = inputs();
        let v = "830017265491";
        let actions = [
            action("R08", v, SubjectType::EntryBan, "B1"),
            action("R16", v, SubjectType::SisHit, "H1"),
            action("R35", v, SubjectType::Person, v),
            // Known only from a quarantined row: H01 is about them.
            action("H01", "550011223344", SubjectType::Person, "550011223344"),
        ];
        assert_eq!(check_actions(&inputs, &actions), Ok(()));
    }

    #[test]
    fn an_action_about_an_unknown_record_fails_without_naming_the_person() {
        let inputs = inputs();
        let v = "830017265491";
        let actions = [
            action("R16", v, SubjectType::SisHit, "H1"),
            action("R03", v, SubjectType::EntryBan, "B2"),
            // The right id, but another person's.
            action("R03", "111111111", SubjectType::EntryBan, "B1"),
        ];
        assert_eq!(
            check_actions(&inputs, &actions),
            Err("2 action(s) concern a subject that is in no input row, e.g. R03 (TEMP_LIFT_HEAVY_IRV) about entry_ban 'B2'".into())
        );
        let unknown_person = [
            action("R16", v, SubjectType::SisHit, "H1"),
            action("R35", "999999999", SubjectType::Person, "999999999"),
        ];
        let err = check_actions(&inputs, &unknown_person).unwrap_err();
        assert_eq!(
            err,
            "1 action(s) concern a subject that is in no input row, e.g. R35 (ASSESS_BTS) about a person (V-number not logged)"
        );
        assert!(!err.contains("999999999"));
        // A person action must be about the person's own V-number.
        let not_themselves = [
            action("R16", v, SubjectType::SisHit, "H1"),
            action("R35", v, SubjectType::Person, "550011223344"),
        ];
        assert!(check_actions(&inputs, &not_themselves).is_err());
    }

    #[test]
    fn each_hit_needs_exactly_one_hit_action() {
        let inputs = inputs();
        let v = "830017265491";
        let none: [Action<'_>; 0] = [];
        assert_eq!(
            check_actions(&inputs, &none),
            Err("every accepted SIS hit must have exactly one HIT action, but 1 hit(s) have none and 0 have more than one".into())
        );
        let twice = [
            action("R16", v, SubjectType::SisHit, "H1"),
            action("R19", v, SubjectType::SisHit, "H1"),
        ];
        assert_eq!(
            check_actions(&inputs, &twice),
            Err("every accepted SIS hit must have exactly one HIT action, but 0 hit(s) have none and 1 have more than one".into())
        );
    }

    #[test]
    fn the_injected_fault_is_an_orphan() {
        let inputs = inputs();
        let mut orphan = crate::testhooks::orphan_action();
        // The hook is off in unit tests; build the same action by hand.
        assert!(orphan.is_none());
        orphan = Some(action(
            "R35",
            "000000000000",
            SubjectType::Person,
            "000000000000",
        ));
        let actions = [action("R16", "830017265491", SubjectType::SisHit, "H1")];
        assert!(
            check_actions(&inputs, actions.iter().chain(orphan.iter()))
                .unwrap_err()
                .starts_with("1 action(s) concern a subject that is in no input row")
        );
    }
}
