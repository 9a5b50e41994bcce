//! What compares evaluations: `changes` (this run against an earlier one:
//! reading the earlier run, and new, ongoing and resolved work with its
//! cause), `fingerprint` (each person's records as one hash, left for the
//! next run), `verdicts` (the analysts' verdicts against this run's
//! actions), `impact` (the same input under two sets of parameters),
//! `upcoming` (the dates within a horizon on which actions start or stop
//! without any change in the data), and `drift` (this delivery against the
//! earlier run's, before anything is acted on). Arrows run one way:
//! `changes` reads `verdicts` and `fingerprint`, `verdicts` reads
//! `fingerprint`; `PreviousError`, shared by reading an earlier run's
//! files, lives here.
//!
//! Every comparison evaluates through `evaluate`, as a pure function of
//! (case, parameters); there is no second copy of any rule here.

pub mod changes;
pub mod drift;
pub mod fingerprint;
pub mod impact;
pub mod upcoming;
pub mod verdicts;

use crate::rules::{Action, Group};
use std::path::PathBuf;

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

/// What identifies "the same piece of work" across two evaluations: in
/// first-match groups the subject (its action may change into another), in
/// HOLD and PERSON the action itself (its rules are independent).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot<'a> {
    pub group: Group,
    pub subject_id: &'a str,
    /// Set for HOLD and PERSON only.
    pub action: Option<&'static str>,
}

impl<'a> Slot<'a> {
    pub fn of(a: &Action<'a>) -> Self {
        Slot {
            group: a.rule.group,
            subject_id: a.subject_id,
            action: (!a.rule.group.first_match()).then_some(a.rule.action),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::impact::compare;
    use super::upcoming::{Change, for_person};
    use crate::case;
    use crate::evaluate::Batch;
    use crate::model::*;
    use crate::testkit::*;

    /// P1: granted, heavy ban temporarily lifted for protection and a TKB
    /// suspended for it, both until 2027-03-04, and an NL hit (admitted).
    /// P2: granted, light ban active. P3: claim, public-order indication.
    fn council_set() -> crate::ingest::Inputs {
        let mut i = inputs();
        i.rtb_holders
            .push(holder("1000001", HolderStatus::Granted, "2022-04-01"));
        i.rtb_holders
            .push(holder("1000002", HolderStatus::Granted, "2022-04-01"));
        let mut p3 = holder("1000003", HolderStatus::Claimed, "2026-10-01");
        p3.public_order_indication = PoIndication::PublicOrder;
        i.rtb_holders.push(p3);

        let mut b1 = ban(
            "B1",
            "1000001",
            Severity::Heavy,
            BanStatus::TemporarilyLifted,
            "2021-01-01",
        );
        b1.lifted_reason = Some(LiftedReason::TemporaryProtection);
        b1.lifted_until = Some(d("2027-03-04"));
        b1.sis_alert_id = Some("SIS-B1".into());
        i.entry_bans.push(b1);
        i.entry_bans.push(ban(
            "B2",
            "1000002",
            Severity::Light,
            BanStatus::Active,
            "2021-01-01",
        ));

        let mut t1 = tkb("T1", "1000001", TkbStatus::Suspended, "2021-01-01");
        t1.suspension_reason = Some(SuspensionReason::TemporaryProtection);
        t1.suspended_until = Some(d("2027-03-04"));
        i.return_decisions.push(t1);

        let mut h1 = hit("H1", "1000001", "SIS-B1", "NL", "2026-11-01");
        h1.admitted = true;
        i.sis_hits.push(h1);
        i
    }

    #[test]
    fn impact_of_ending_protection_a_year_earlier() {
        let inputs = council_set();
        let baseline = Batch::new(&inputs, &params("2026-11-28", "2027-03-04"));
        let diffs = compare(&baseline, &params("2026-11-28", "2026-03-04"));
        let got: Vec<(&str, &str, &str, &str)> = diffs
            .iter()
            .map(|x| {
                (
                    x.v_number.as_str(),
                    x.subject_id.as_str(),
                    x.before.map_or("-", |r| r.id),
                    x.after.map_or("-", |r| r.id),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("1000001", "B1", "-", "R07"),
                ("1000001", "T1", "-", "R13"),
                ("1000001", "H1", "R18", "R17"),
                ("1000002", "B2", "R05", "-"),
                ("1000003", "1000003", "R26", "-"),
            ]
        );
        assert_eq!(diffs[0].kind(), "nieuw");
        assert_eq!(diffs[2].kind(), "gewijzigd");
        assert_eq!(diffs[3].kind(), "vervalt");
    }

    #[test]
    fn protection_ending_inside_the_horizon_is_upcoming_and_outside_is_not() {
        let inputs = council_set();
        let (cases, _) = case::build(&inputs);
        let p1 = &cases[0];
        // 2026-12-05 + 90 days = 2027-03-05: the first day without protection.
        let inside = for_person(p1, &params("2026-12-05", "2027-03-04"), 90);
        let got: Vec<(String, Change, &str, &str)> = inside
            .iter()
            .map(|u| {
                (
                    u.date.to_string(),
                    u.change,
                    u.rule_id,
                    u.subject_id.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("2027-03-05".to_string(), Change::Stop, "R18", "H1"),
                ("2027-03-05".to_string(), Change::Start, "R07", "B1"),
                ("2027-03-05".to_string(), Change::Start, "R13", "T1"),
                ("2027-03-05".to_string(), Change::Start, "R17", "H1"),
            ]
        );
        // One day less of horizon ends on 2027-03-04, the last day of protection.
        assert!(for_person(p1, &params("2026-12-05", "2027-03-04"), 89).is_empty());
    }

    #[test]
    fn ban_coming_into_force_moves_from_r02_to_r04_on_that_day() {
        let mut i = inputs();
        let mut b = ban(
            "B9",
            "2000001",
            Severity::Light,
            BanStatus::Active,
            "2026-09-01",
        );
        b.in_force_date = Some(d("2027-01-15"));
        i.entry_bans.push(b);
        let mut a = application(
            "A1",
            "2000001",
            AppKind::Regular,
            AppDecision::Granted,
            Some("2026-10-01"),
        );
        a.art_6_6_purpose = Some(true);
        i.applications.push(a);
        let (cases, _) = case::build(&i);
        let up = for_person(&cases[0], &params("2026-11-28", "2027-03-04"), 90);
        let got: Vec<(String, Change, &str)> = up
            .iter()
            .map(|u| (u.date.to_string(), u.change, u.rule_id))
            .collect();
        assert_eq!(
            got,
            [
                ("2027-01-15".to_string(), Change::Stop, "R02"),
                ("2027-01-15".to_string(), Change::Start, "R04"),
            ]
        );
        // On the boundary day itself the change is already in force: nothing is upcoming.
        assert!(for_person(&cases[0], &params("2027-01-15", "2027-03-04"), 90).is_empty());
    }
}
