//! Checks that need more than one row (SPEC §3.1, §7): ids unique within their
//! file, and lift requests that point at a real measure of the same person.
//!
//! The `*_id` of §3.1 is the row's own id column (`Export::id_column`; the
//! V-number in `rtb_holders`), not the references `sis_alert_id`, `alert_id`
//! and `target_id`, which many rows may share. Ids compare exactly (after
//! trimming), case included. The duplicate-id check itself runs where a file's
//! chunks are joined (`file.rs`): rows already quarantined for another reason
//! still claim their id, since a later row with the same id is then still a
//! second record of one id, and which of the two the register means cannot be
//! told. This module quarantines; it does not parse cells.

use super::Rejection;
use crate::model::contract::column;
use crate::model::{Application, EntryBan, ExclusionOrder, Export, Line, TargetKind};
use std::collections::HashMap;

/// The reason for a later row that repeats an id.
pub(super) fn duplicate_reason(column: &str, id: &str, first: Line) -> String {
    format!("duplicate {column} '{id}' (first on line {first})")
}

/// Quarantines every lift request whose target is not an accepted measure of
/// the named kind of the same V-number.
///
/// It checks against the accepted measures only: a request for a measure that
/// was itself quarantined cannot be judged, and the person is on hold (H01) for
/// the quarantined measure anyway.
pub(super) fn check_lift_targets(
    entry_bans: &[EntryBan],
    exclusion_orders: &[ExclusionOrder],
    applications: &mut Vec<Application>,
    rejected: &mut Vec<Rejection>,
) {
    let bans: HashMap<&str, &str> = entry_bans
        .iter()
        .map(|b| (b.ban_id.as_str(), b.v_number.as_str()))
        .collect();
    let orders: HashMap<&str, &str> = exclusion_orders
        .iter()
        .map(|o| (o.ovr_id.as_str(), o.v_number.as_str()))
        .collect();
    applications.retain(|a| {
        let Some(target) = &a.target else {
            return true;
        };
        let owners = match target.kind {
            TargetKind::EntryBan => &bans,
            TargetKind::ExclusionOrder => &orders,
        };
        if owners.get(target.id.as_str()) == Some(&a.v_number.as_str()) {
            return true;
        }
        rejected.push(Rejection {
            file: Export::Applications,
            line: a.line,
            v_number: Some(a.v_number.to_string()),
            column: column::TARGET_ID.to_owned(),
            value: target.id.to_string(),
            reason: format!(
                "target_id '{}' is not an {} of v_number {}",
                target.id, target.kind, a.v_number
            ),
        });
        false
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AppDecision, AppKind, BanStatus, Date, Ground, Identity, LiftTarget, OvrStatus, Severity,
        State,
    };

    fn day() -> Date {
        Date::from_ymd_opt(2024, 1, 1).unwrap_or_default()
    }

    fn ban(id: &str, v: &str) -> EntryBan {
        crate::testkit::ban(id, v, Severity::Heavy, BanStatus::Active, "2024-01-01")
    }

    fn order(id: &str, v: &str) -> ExclusionOrder {
        ExclusionOrder {
            line: 2,
            ovr_id: id.into(),
            v_number: v.into(),
            identity: Identity::default(),
            decision_date: day(),
            ground: Ground::PublicOrder,
            is_final: true,
            status: OvrStatus::Active,
            lifted_reason: None,
            sis_alert_id: None,
        }
    }

    fn request(line: Line, v: &str, kind: TargetKind, id: &str) -> Application {
        Application {
            line,
            application_id: format!("A{line}").into(),
            v_number: v.into(),
            identity: Identity::default(),
            kind: AppKind::LiftRequest,
            filed_date: day(),
            filed_from: State::NL,
            decision: AppDecision::Pending,
            decision_date: None,
            rejection_ground: None,
            lift_conditions_met: None,
            target: Some(LiftTarget {
                kind,
                id: id.into(),
            }),
            art_6_6_purpose: None,
        }
    }

    #[test]
    fn a_duplicate_names_the_first_line() {
        assert_eq!(
            duplicate_reason(column::BAN_ID, "B1", 2),
            "duplicate ban_id 'B1' (first on line 2)"
        );
    }

    #[test]
    fn lift_requests_must_name_a_measure_of_that_kind_of_the_same_person() {
        let bans = [ban("B1", "123456"), ban("B2", "654321")];
        let orders = [order("O1", "123456")];
        let mut apps = vec![
            request(2, "123456", TargetKind::EntryBan, "B1"),
            request(3, "123456", TargetKind::EntryBan, "B2"),
            request(4, "123456", TargetKind::EntryBan, "O1"),
            request(5, "123456", TargetKind::ExclusionOrder, "O1"),
            request(6, "123456", TargetKind::ExclusionOrder, "O9"),
        ];
        let mut rejected = Vec::new();
        check_lift_targets(&bans, &orders, &mut apps, &mut rejected);
        assert_eq!(apps.iter().map(|a| a.line).collect::<Vec<_>>(), vec![2, 5]);
        let rejection = |line, value: &str, reason: &str| Rejection {
            file: Export::Applications,
            line,
            v_number: Some("123456".into()),
            column: column::TARGET_ID.into(),
            value: value.into(),
            reason: reason.into(),
        };
        assert_eq!(
            rejected,
            vec![
                rejection(
                    3,
                    "B2",
                    "target_id 'B2' is not an entry_ban of v_number 123456"
                ),
                rejection(
                    4,
                    "O1",
                    "target_id 'O1' is not an entry_ban of v_number 123456"
                ),
                rejection(
                    6,
                    "O9",
                    "target_id 'O9' is not an exclusion_order of v_number 123456"
                ),
            ]
        );
    }
}
