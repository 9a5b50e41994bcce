//! The derived facts of SPEC §4, computed once per person from the case and
//! the run's parameters. Rules read these; they never recompute them.
//!
//! Measure-level facts (live, in force, lapsed, predates protection,
//! granted after) are methods here too, so every rule asks the same question
//! the same way.

use super::Case;
use crate::config::Params;
use crate::model::{
    AlertDecision, AppDecision, AppKind, BanStatus, BtsStatus, Category, Date, EntryBan,
    ExclusionOrder, HolderStatus, Nationality, OvrStatus, PoIndication, ReturnDecision,
    ReturnObstacle, Severity, StatusGround, TkbStatus,
};
use chrono::Months;

/// End of protection for third-country nationals with a temporary Ukrainian
/// permit (policy; Kamerstuk 19637 nr. 3200), inclusive.
pub const TCN_TEMPORARY_END: Date = match Date::from_ymd_opt(2024, 3, 4) {
    Some(d) => d,
    None => panic!("valid constant date"),
};

/// The kind of a public-order event; the order is the tie-break when two
/// events share the latest date (a withdrawal wins, SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventKind {
    /// Refusal of protection on public-order grounds.
    Refusal,
    /// Asylum application rejected on public-order grounds.
    AsylumRejection,
    /// Protection withdrawn or ended on public-order grounds.
    Withdrawal,
}

impl EventKind {
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Refusal => "weigering TB wegens openbare orde",
            EventKind::AsylumRejection => "afwijzing asielaanvraag wegens openbare orde",
            EventKind::Withdrawal => "intrekking/beëindiging TB wegens openbare orde",
        }
    }
}

/// A public-order event: an outcome without protection on grounds of public
/// order, national security or 1F.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub kind: EventKind,
    pub date: Date,
}

/// Everything SPEC §4 derives for one person.
#[derive(Debug, Clone)]
pub struct Facts {
    pub params: Params,
    pub tp_end: Date,
    pub tp_in_force: bool,
    pub claim_active: bool,
    pub rtb_active: bool,
    pub po: bool,
    pub eu_national: bool,
    pub nationality: Option<Nationality>,
    pub ukrainian: bool,
    pub regular_granted: bool,
    pub regular_pending: bool,
    pub asylum_pending: bool,
    /// The latest public-order event (`E(p)` holds when it is `Some`).
    pub latest_event: Option<Event>,
    pub followed_up: bool,
    /// `M(p)`: measures are due.
    pub measures_due: bool,
    pub return_possible: bool,
    pub return_unknown: bool,
}

impl Facts {
    pub fn derive(case: &Case<'_>, params: &Params) -> Facts {
        let r = case.holder;
        let as_of = params.as_of;
        let tp_end = match r {
            Some(r) if r.category == Category::TemporaryResidentUa => {
                params.rtb_valid_until.min(TCN_TEMPORARY_END)
            }
            _ => params.rtb_valid_until,
        };
        let status = r.map(|r| r.status);
        let tp_in_force = status == Some(HolderStatus::Granted) && as_of <= tp_end;
        let claim_active = status == Some(HolderStatus::Claimed) && as_of <= tp_end;
        let po = r.is_some_and(|r| r.public_order_indication != PoIndication::None);
        let nationality = case.identity.nationality;
        let second = r.and_then(|r| r.second_nationality);
        let eu_national =
            nationality.is_some_and(|n| n.is_eu()) || second.is_some_and(|n| n.is_eu());
        let ukrainian = nationality == Some(Nationality::UKR);

        let apps = || case.applications.iter();
        let has_app = |kind: AppKind, decision: AppDecision| {
            apps().any(|a| a.kind == kind && a.decision == decision)
        };

        let latest_event = latest_event(case);
        let followed_up = latest_event.is_some_and(|e| {
            case.entry_bans
                .iter()
                .any(|b| b.severity == Severity::Heavy && b.decision_date >= e.date)
                || case
                    .alert_decisions
                    .iter()
                    .any(|s| s.decision_date >= e.date)
        });

        let rtb_active = tp_in_force || claim_active;
        let asylum_pending = has_app(AppKind::Asylum, AppDecision::Pending);
        let regular_granted = has_app(AppKind::Regular, AppDecision::Granted);
        let measures_due = latest_event.is_some()
            && !rtb_active
            && !followed_up
            && !asylum_pending
            && !regular_granted
            && !eu_national;

        let obstacle = r.map_or(ReturnObstacle::Unknown, |r| r.return_obstacle);
        let third_country = r.is_some_and(|r| r.third_country_permit.is_some());
        let return_possible = third_country
            || (obstacle != ReturnObstacle::Yes
                && ((ukrainian
                    && params.ukraine_return_possible
                    && latest_event.map(|e| e.kind) != Some(EventKind::AsylumRejection))
                    || (!ukrainian && obstacle == ReturnObstacle::No)));
        let return_unknown =
            !return_possible && obstacle != ReturnObstacle::Yes && (!ukrainian || second.is_some());

        Facts {
            params: *params,
            tp_end,
            tp_in_force,
            claim_active,
            rtb_active,
            po,
            eu_national,
            nationality,
            ukrainian,
            regular_granted,
            regular_pending: has_app(AppKind::Regular, AppDecision::Pending),
            asylum_pending,
            latest_event,
            followed_up,
            measures_due,
            return_possible,
            return_unknown,
        }
    }

    pub fn as_of(&self) -> Date {
        self.params.as_of
    }
}

fn is_po_ground(g: Option<StatusGround>) -> bool {
    matches!(
        g,
        Some(StatusGround::PublicOrder | StatusGround::NationalSecurity | StatusGround::Article1f)
    )
}

/// The latest public-order event; on a date tie the higher `EventKind` wins.
fn latest_event(case: &Case<'_>) -> Option<Event> {
    let r = case.holder;
    let holder_event = r.and_then(|r| {
        let kind = match r.status {
            HolderStatus::Withdrawn | HolderStatus::Ended => EventKind::Withdrawal,
            HolderStatus::Refused => EventKind::Refusal,
            HolderStatus::Claimed | HolderStatus::Granted => return None,
        };
        is_po_ground(r.status_ground).then_some(Event {
            kind,
            date: r.status_date,
        })
    });
    let asylum = case
        .applications
        .iter()
        .filter(|a| {
            a.kind == AppKind::Asylum
                && a.decision == AppDecision::Rejected
                && a.rejection_ground.is_some_and(|g| g.is_public_order())
        })
        .filter_map(|a| a.decision_date)
        .filter(|d| r.is_none_or(|r| *d >= r.status_date))
        .map(|date| Event {
            kind: EventKind::AsylumRejection,
            date,
        });
    holder_event
        .into_iter()
        .chain(asylum)
        .max_by_key(|e| (e.date, e.kind))
}

/// The measure-level facts of SPEC §4.
impl EntryBan {
    /// `active` or `temporarily_lifted`.
    pub fn live(&self) -> bool {
        matches!(
            self.status,
            BanStatus::Active | BanStatus::TemporarilyLifted
        )
    }

    /// Took effect (departure) on or before `as_of`.
    pub fn in_force(&self, as_of: Date) -> bool {
        self.in_force_date.is_some_and(|d| d <= as_of)
    }

    /// The day the ban's term runs out: `in_force_date` plus `duration_years`
    /// calendar years, 29 February becoming 28 February.
    pub fn lapse_date(&self) -> Option<Date> {
        let start = self.in_force_date?;
        start.checked_add_months(Months::new(12 * u32::from(self.duration_years?)))
    }

    pub fn lapsed(&self, as_of: Date) -> bool {
        self.lapse_date().is_some_and(|d| as_of >= d)
    }
}

impl ExclusionOrder {
    pub fn live(&self) -> bool {
        self.status == OvrStatus::Active
    }
}

impl ReturnDecision {
    pub fn live(&self) -> bool {
        matches!(self.status, TkbStatus::Active | TkbStatus::Suspended)
    }
}

impl AlertDecision {
    pub fn live(&self) -> bool {
        self.status == BtsStatus::Active
    }
}

impl<'a> Case<'a> {
    /// `granted_after(m)`: a regular application granted on or after the
    /// measure's decision date; returns that application.
    pub fn granted_after(&self, decision_date: Date) -> Option<&'a crate::model::Application> {
        self.applications.iter().copied().find(|a| {
            a.kind == AppKind::Regular
                && a.decision == AppDecision::Granted
                && a.decision_date.is_some_and(|d| d >= decision_date)
        })
    }

    /// A measure decided on or before the RTB record's status date existed
    /// when the claim or grant was registered.
    pub fn predates_protection(&self, decision_date: Date) -> bool {
        self.holder.is_some_and(|r| decision_date <= r.status_date)
    }

    /// Any live measure: ban, OVR, TKB or Bts.
    pub fn has_live_measure(&self) -> bool {
        self.entry_bans.iter().any(|b| b.live())
            || self.exclusion_orders.iter().any(|o| o.live())
            || self.return_decisions.iter().any(|t| t.live())
            || self.alert_decisions.iter().any(|s| s.live())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BanGround, Identity};

    fn d(s: &str) -> Date {
        Date::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn ban(in_force: &str, years: u8) -> EntryBan {
        EntryBan {
            line: 2,
            ban_id: "B1".into(),
            v_number: "1234567".into(),
            identity: Identity::default(),
            severity: Severity::Heavy,
            decision_date: d("2019-01-01"),
            in_force_date: Some(d(in_force)),
            duration_years: Some(years),
            ground: BanGround::PublicOrder,
            is_final: true,
            status: BanStatus::Active,
            lifted_reason: None,
            lifted_until: None,
            sis_alert_id: None,
        }
    }

    #[test]
    fn ban_lapses_on_the_anniversary_not_the_day_before() {
        let b = ban("2020-06-15", 5);
        assert!(!b.lapsed(d("2025-06-14")));
        assert!(b.lapsed(d("2025-06-15")));
    }

    #[test]
    fn leap_day_start_lapses_on_28_february() {
        let b = ban("2020-02-29", 1);
        assert_eq!(b.lapse_date(), Some(d("2021-02-28")));
        assert!(b.lapsed(d("2021-02-28")));
        assert!(!b.lapsed(d("2021-02-27")));
        // Four years on, 29 February exists again.
        assert_eq!(ban("2020-02-29", 4).lapse_date(), Some(d("2024-02-29")));
    }

    #[test]
    fn in_force_from_its_date_and_never_without_one() {
        let b = ban("2026-11-28", 5);
        assert!(b.in_force(d("2026-11-28")));
        assert!(!b.in_force(d("2026-11-27")));
        let none = EntryBan {
            in_force_date: None,
            ..b
        };
        assert!(!none.in_force(d("2030-01-01")));
        assert!(!none.lapsed(d("2099-01-01")));
    }
}
