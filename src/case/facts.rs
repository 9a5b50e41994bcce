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
    ExclusionOrder, HolderStatus, Nationality, OvrStatus, PoGround, PoIndication, ReturnDecision,
    ReturnObstacle, Severity, TkbStatus,
};
use chrono::Months;

/// End of protection for third-country nationals with a temporary Ukrainian
/// permit (policy; Kamerstuk 19637 nr. 3200), inclusive.
pub const TCN_TEMPORARY_END: Date = match Date::from_ymd_opt(2024, 3, 4) {
    Some(d) => d,
    None => panic!("valid constant date"),
};

/// The kind of a public-order event; the order is the tie-break when two
/// events share the latest date (a withdrawal wins, SPEC §4: ending and
/// withdrawal are both "withdrawals" there, and only one of them can exist,
/// since both come from the person's RTB record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    /// Refusal of protection.
    Refusal,
    /// Asylum application rejected.
    AsylumRejection,
    /// Protection ended (beëindigd: the person met the conditions once).
    Ending,
    /// Protection withdrawn (ingetrokken: it should never have been granted).
    Withdrawal,
}

impl EventKind {
    /// Withdrawn or ended: protection the person had was taken away (the
    /// "withdrawal" of SPEC §4 and R34).
    pub fn ends_protection(self) -> bool {
        matches!(self, EventKind::Ending | EventKind::Withdrawal)
    }

    /// The contract-style word (`explain --format json`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Refusal => "refusal",
            EventKind::AsylumRejection => "asylum_rejection",
            EventKind::Ending => "ending",
            EventKind::Withdrawal => "withdrawal",
        }
    }

    /// The outcome in Dutch, as a noun.
    pub fn nl(self) -> &'static str {
        match self {
            EventKind::Refusal => "weigering TB",
            EventKind::AsylumRejection => "afwijzing asielaanvraag",
            EventKind::Ending => "beëindiging TB",
            EventKind::Withdrawal => "intrekking TB",
        }
    }
}

/// A public-order event: an outcome without protection on grounds of public
/// order, national security or 1F.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub kind: EventKind,
    pub date: Date,
    /// The actual ground: a refusal on national security and a withdrawal
    /// under 1F are different decisions, and drafts say which.
    pub ground: PoGround,
}

impl Event {
    /// `intrekking TB wegens artikel 1F van het Vluchtelingenverdrag`.
    pub fn label(&self) -> String {
        format!("{} wegens {}", self.kind.nl(), self.ground.nl())
    }
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

/// The latest public-order event; on a date tie the higher `EventKind` wins.
fn latest_event(case: &Case<'_>) -> Option<Event> {
    let r = case.holder;
    let holder_event = r.and_then(|r| {
        let kind = match r.status {
            HolderStatus::Withdrawn => EventKind::Withdrawal,
            HolderStatus::Ended => EventKind::Ending,
            HolderStatus::Refused => EventKind::Refusal,
            HolderStatus::Claimed | HolderStatus::Granted => return None,
        };
        Some(Event {
            kind,
            date: r.status_date,
            ground: r.status_ground?.po_ground()?,
        })
    });
    let asylum = case
        .applications
        .iter()
        .filter(|a| a.kind == AppKind::Asylum && a.decision == AppDecision::Rejected)
        .filter_map(|a| {
            Some(Event {
                kind: EventKind::AsylumRejection,
                date: a.decision_date?,
                ground: a.rejection_ground?.po_ground()?,
            })
        })
        .filter(|e| r.is_none_or(|r| e.date >= r.status_date));
    // On equal date and kind (two asylum rejections the same day) the
    // heavier ground is named, whatever the row order.
    holder_event
        .into_iter()
        .chain(asylum)
        .max_by_key(|e| (e.date, e.kind, e.ground))
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
        self.applications.iter().find(|a| {
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

    fn d(s: &str) -> Date {
        Date::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn ban(in_force: &str, years: u8) -> EntryBan {
        EntryBan {
            in_force_date: Some(d(in_force)),
            duration_years: Some(years),
            ..crate::testkit::ban(
                "B1",
                "1234567",
                Severity::Heavy,
                BanStatus::Active,
                "2019-01-01",
            )
        }
    }

    /// The event names its actual kind and ground, so the explanation
    /// column and the drafts never call a 1F withdrawal "openbare orde".
    #[test]
    fn events_carry_their_actual_kind_and_ground() {
        use crate::model::{Ground, HolderStatus, StatusGround};
        use crate::testkit;
        let params = testkit::params("2026-11-28", "2027-03-04");
        let holder_event = |status, ground| {
            let mut h = testkit::holder("1234567", status, "2025-08-18");
            h.status_ground = Some(ground);
            let case = Case {
                v_number: "1234567",
                holder: Some(&h),
                ..Case::default()
            };
            crate::evaluate::person(&case, &params)
                .facts
                .latest_event
                .map(|e| e.label())
        };
        for (status, ground, label) in [
            (
                HolderStatus::Withdrawn,
                StatusGround::Article1f,
                "intrekking TB wegens artikel 1F van het Vluchtelingenverdrag",
            ),
            (
                HolderStatus::Ended,
                StatusGround::NationalSecurity,
                "beëindiging TB wegens nationale veiligheid",
            ),
            (
                HolderStatus::Refused,
                StatusGround::PublicOrder,
                "weigering TB wegens openbare orde",
            ),
            (
                HolderStatus::Refused,
                StatusGround::NationalSecurity,
                "weigering TB wegens nationale veiligheid",
            ),
        ] {
            assert_eq!(holder_event(status, ground).as_deref(), Some(label));
        }
        assert_eq!(holder_event(HolderStatus::Ended, StatusGround::Fraud), None);

        let mut rejected = testkit::application(
            "A1",
            "1234567",
            AppKind::Asylum,
            AppDecision::Rejected,
            Some("2026-01-16"),
        );
        rejected.rejection_ground = Some(Ground::NationalSecurity);
        let case = Case {
            v_number: "1234567",
            applications: std::slice::from_ref(&rejected),
            ..Case::default()
        };
        let event = crate::evaluate::person(&case, &params).facts.latest_event;
        assert_eq!(
            event.map(|e| e.label()).as_deref(),
            Some("afwijzing asielaanvraag wegens nationale veiligheid")
        );
        assert!(event.is_some_and(|e| !e.kind.ends_protection()));
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
