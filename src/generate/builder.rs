//! The drawing primitives the archetypes are written in: dates relative to
//! `as_of` and the fixed dates of the RTB, identities from the name pools, and
//! one constructor per record kind with plausible defaults (an `active`,
//! final measure with an SIS alert, a pending application).
//!
//! Everything is drawn from the one seeded person stream, in a fixed order, so
//! the persons are a pure function of the seed (the first n are the same
//! whatever the total). Which records a person gets is the archetype's
//! business (`archetype`).

use super::names::{self, Pool};
use super::person::{AlertId, App, Ban, Bts, Hit, Holder, Identity, Ids, Ovr, Person, Tkb};
use crate::model::{
    AlertKind, AppDecision, AppKind, BanGround, BanStatus, BtsGround, BtsStatus, Category, Date,
    Export, Ground, HitLocation, HolderStatus, OvrStatus, PoIndication, ReturnObstacle, Severity,
    StatusGround, TargetKind, TkbStatus,
};
use chrono::TimeDelta;
use fastrand::Rng;

pub const fn ymd(year: i32, month: u32, day: u32) -> Date {
    let Some(date) = Date::from_ymd_opt(year, month, day) else {
        panic!("invalid constant date");
    };
    date
}

/// Start of temporary protection (Council Implementing Decision 2022/382).
pub const TP_START: Date = ymd(2022, 3, 4);
/// End of protection for third-country nationals with a temporary permit.
pub const TCN_END: Date = ymd(2024, 3, 4);
/// The default `--rtb-valid-until`.
pub const RTB_END: Date = ymd(2027, 3, 4);
/// End dates before the latest extensions: what a stale register still says.
pub const EARLIER_ENDS: [Date; 2] = [ymd(2025, 3, 4), ymd(2026, 3, 4)];

/// `date` moved by `days` (negative: earlier); dates stay far inside chrono's
/// range because `as_of` is validated, so the fallback never applies.
pub fn shift(date: Date, days: i64) -> Date {
    date.checked_add_signed(TimeDelta::days(days))
        .unwrap_or(date)
}

#[derive(Clone, Copy)]
pub enum Age {
    /// The RTB population: many children and some elderly.
    Any,
    /// 20 to 60: the persons with measures.
    Adult,
}

/// Draws the contents of one person from the seeded stream.
pub struct Builder<'a> {
    pub rng: &'a mut Rng,
    pub as_of: Date,
    pub ids: &'a mut Ids,
}

impl<'a> Builder<'a> {
    pub fn new(rng: &'a mut Rng, as_of: Date, ids: &'a mut Ids) -> Self {
        Builder { rng, as_of, ids }
    }

    pub fn pct(&mut self, percent: u32) -> bool {
        self.rng.u32(0..100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.u32(0..items.len() as u32) as usize]
    }

    pub fn weighted<'p, T>(&mut self, items: &'p [(u32, T)]) -> &'p T {
        let total: u32 = items.iter().map(|(w, _)| w).sum();
        let mut draw = self.rng.u32(0..total);
        for (w, item) in items {
            if draw < *w {
                return item;
            }
            draw -= w;
        }
        &items[items.len() - 1].1
    }

    /// A day between `lo` and `hi` inclusive (`lo` when `hi` is earlier).
    pub fn between(&mut self, lo: Date, hi: Date) -> Date {
        let span = (hi - lo).num_days();
        if span <= 0 {
            lo
        } else {
            shift(lo, self.rng.i64(0..=span))
        }
    }

    /// `min_days` to `max_days` before `as_of`.
    pub fn ago(&mut self, min_days: i64, max_days: i64) -> Date {
        shift(self.as_of, -self.rng.i64(min_days..=max_days))
    }

    /// `min_days` to `max_days` before `date`.
    pub fn before(&mut self, date: Date, min_days: i64, max_days: i64) -> Date {
        shift(date, -self.rng.i64(min_days..=max_days))
    }

    /// After `date` (by `min_days` where there is room) and at least 5 days
    /// before `as_of`. Callers pass dates at least 15 days old, so the result
    /// is always strictly after `date`; grants are 150 days old, leaving room.
    pub fn after(&mut self, date: Date, min_days: i64) -> Date {
        let hi = shift(self.as_of, -5);
        let lo = shift(date, min_days).min(hi);
        self.between(lo, hi)
    }

    /// Date of a grant of protection: mostly 2022, tailing off, at least 150
    /// days before `as_of` (so later events fit in between).
    pub fn grant_date(&mut self) -> Date {
        let hi = shift(self.as_of, -150);
        let a = self.between(TP_START, hi);
        let b = self.between(TP_START, hi);
        a.min(b)
    }

    /// Date of a claim still undecided.
    pub fn claim_date(&mut self) -> Date {
        let d = self.ago(5, 150);
        d.max(TP_START)
    }

    /// Date an earlier status (ended, refused, withdrawn) was registered.
    pub fn recent_status_date(&mut self) -> Date {
        let d = self.ago(20, 500);
        d.max(shift(TP_START, 90)).min(shift(self.as_of, -20))
    }

    pub fn identity(&mut self, pool: &Pool, age: Age, male_pct: u32) -> Identity {
        let years = match age {
            Age::Adult => self.rng.i64(20..=60),
            Age::Any => match self.rng.u32(0..100) {
                0..28 => self.rng.i64(0..=17),
                28..88 => self.rng.i64(18..=64),
                _ => self.rng.i64(65..=85),
            },
        };
        let birth_date = shift(
            self.as_of,
            -(years * 365 + years / 4 + self.rng.i64(0..=364)),
        );
        let male = self.pct(male_pct);
        let given = if male { pool.male } else { pool.female };
        let first = self.pick(given);
        let second = self
            .pct(8)
            .then(|| self.pick(given))
            .filter(|s| *s != first);
        Identity {
            surname: self.pick(pool.surnames),
            given_names: first,
            second_given_name: second,
            birth_date,
            nationality: pool.nationality,
        }
    }

    pub fn ukrainian(&mut self, age: Age) -> Identity {
        let male_pct = match age {
            Age::Any => 40,
            Age::Adult => 80,
        };
        self.identity(&names::UKRAINIAN, age, male_pct)
    }

    pub fn third_country(&mut self, age: Age) -> Identity {
        let pool = self.weighted(names::THIRD_COUNTRY);
        self.identity(pool, age, 70)
    }

    pub fn temporary_resident(&mut self) -> Identity {
        let pool = self.weighted(names::TEMPORARY_RESIDENTS);
        self.identity(pool, Age::Adult, 65)
    }

    pub fn union_citizen(&mut self, age: Age) -> Identity {
        let pool = self.weighted(names::UNION_CITIZENS);
        self.identity(pool, age, 40)
    }

    /// Ukrainian or third-country national, for persons outside the RTB.
    pub fn outsider(&mut self) -> Identity {
        if self.pct(55) {
            self.ukrainian(Age::Adult)
        } else {
            self.third_country(Age::Adult)
        }
    }

    pub fn holder(
        &mut self,
        category: Category,
        status: HolderStatus,
        status_date: Date,
    ) -> Holder {
        Holder {
            second_nationality: None,
            category,
            status,
            status_date,
            status_ground: None,
            po: self.pct(8).then_some(PoIndication::None),
            return_obstacle: self.pct(5).then_some(ReturnObstacle::Unknown),
            third_country_permit: None,
            municipality: self.pct(95).then(|| self.pick(names::MUNICIPALITIES)),
        }
    }

    /// A granted Ukrainian adult; returns the grant date.
    pub fn granted_ukrainian(&mut self, p: &mut Person) -> Date {
        p.identity = self.ukrainian(Age::Adult);
        let s = self.grant_date();
        p.holder = Some(self.holder(Category::Ukrainian, HolderStatus::Granted, s));
        s
    }

    /// A Ukrainian adult whose protection ended for a reason other than
    /// public order (or was withdrawn for fraud); returns the status date.
    pub fn ended_ukrainian(&mut self, p: &mut Person) -> Date {
        p.identity = self.ukrainian(Age::Adult);
        let s = self.recent_status_date();
        let (status, ground) = match self.rng.u32(0..10) {
            0..6 => (HolderStatus::Ended, StatusGround::Absence),
            6..8 => (HolderStatus::Ended, StatusGround::Other),
            _ => (HolderStatus::Withdrawn, StatusGround::Fraud),
        };
        let mut h = self.holder(Category::Ukrainian, status, s);
        h.status_ground = Some(ground);
        p.holder = Some(h);
        s
    }

    /// A public-order outcome without protection (refusal or withdrawal) for
    /// a person with identity `identity`; returns the status date.
    pub fn po_outcome(&mut self, p: &mut Person, identity: Identity, status: HolderStatus) -> Date {
        let category = if identity.nationality == "UKR" {
            Category::Ukrainian
        } else if self.pct(60) {
            Category::FamilyMember
        } else {
            Category::PermanentResidentUa
        };
        p.identity = identity;
        let s = self.recent_status_date();
        let mut h = self.holder(category, status, s);
        h.status_ground = Some(self.pick(&[
            StatusGround::PublicOrder,
            StatusGround::PublicOrder,
            StatusGround::NationalSecurity,
            StatusGround::Article1f,
        ]));
        h.po = self.pct(50).then_some(PoIndication::PublicOrder);
        p.holder = Some(h);
        s
    }

    pub fn nl_alert(&mut self) -> AlertId {
        self.ids.alert("NL")
    }

    pub fn maybe_nl_alert(&mut self, percent: u32) -> Option<AlertId> {
        self.pct(percent).then(|| self.nl_alert())
    }

    /// An `active`, not yet in force entry ban with a plausible duration.
    pub fn ban(&mut self, severity: Severity, ground: BanGround, decision_date: Date) -> Ban {
        let years = match severity {
            Severity::Light => self.pick(&[2, 3, 5]),
            Severity::Heavy => self.pick(&[5, 10, 10, 20]),
        };
        Ban {
            id: self.ids.next(Export::EntryBans),
            severity,
            decision_date,
            in_force_date: None,
            duration_years: Some(years),
            ground,
            is_final: self.pct(90),
            status: BanStatus::Active,
            lifted_reason: None,
            lifted_until: None,
            alert: self.maybe_nl_alert(92),
        }
    }

    pub fn light_ban(&mut self, decision_date: Date) -> Ban {
        let ground = self.pick(&[
            BanGround::NoDeparture,
            BanGround::NoDeparture,
            BanGround::NoDeparture,
            BanGround::Other,
        ]);
        self.ban(Severity::Light, ground, decision_date)
    }

    pub fn heavy_ban(&mut self, decision_date: Date) -> Ban {
        let ground = self.pick(&[
            BanGround::PublicOrder,
            BanGround::PublicOrder,
            BanGround::NationalSecurity,
        ]);
        self.ban(Severity::Heavy, ground, decision_date)
    }

    /// Puts `ban` in force (the person left) before `as_of`, keeping its
    /// duration, so that its term has not run out: usually soon after the
    /// decision; for a short ban decided long ago, a later departure.
    pub fn in_force(&mut self, ban: &mut Ban) {
        let years = i64::from(ban.duration_years.unwrap_or(5));
        let decided = ban.decision_date;
        // In force on or after `floor`, a term of `years` runs past `as_of`
        // by at least 88 days (two leap days at most).
        let floor = shift(self.as_of, 90 - years * 365);
        let soon = self.between(shift(decided, 20), shift(decided, 300));
        let from = if soon >= floor {
            soon
        } else {
            self.between(floor, shift(self.as_of, -10))
        };
        ban.in_force_date = Some(from.min(shift(self.as_of, -10)).max(decided));
    }

    /// Makes `ban` one decided on or before `latest` whose term ran out long
    /// before `as_of`.
    pub fn lapse(&mut self, ban: &mut Ban, latest: Date) {
        let years: u8 = self.pick(&[1, 2, 3, 5]);
        let room = shift(self.as_of, -(i64::from(years) * 366 + 60 + 300));
        let decided = self.before(latest.min(room), 0, 1200);
        ban.decision_date = decided;
        ban.in_force_date = Some(shift(decided, self.rng.i64(20..=300)));
        ban.duration_years = Some(years);
    }

    pub fn ovr(&mut self, ground: Ground, decision_date: Date) -> Ovr {
        Ovr {
            id: self.ids.next(Export::ExclusionOrders),
            decision_date,
            ground,
            is_final: self.pct(90),
            status: OvrStatus::Active,
            lifted_reason: None,
            alert: self.maybe_nl_alert(92),
        }
    }

    pub fn po_ovr(&mut self, decision_date: Date) -> Ovr {
        let ground = self.pick(&[
            Ground::PublicOrder,
            Ground::PublicOrder,
            Ground::NationalSecurity,
        ]);
        self.ovr(ground, decision_date)
    }

    pub fn tkb(&mut self, decision_date: Date) -> Tkb {
        Tkb {
            id: self.ids.next(Export::ReturnDecisions),
            decision_date,
            is_final: self.pct(70),
            status: TkbStatus::Active,
            suspension_reason: None,
            suspended_until: None,
            alert: self.maybe_nl_alert(85),
        }
    }

    pub fn bts(&mut self, decision_date: Date) -> Bts {
        Bts {
            id: self.ids.next(Export::AlertDecisions),
            decision_date,
            ground: self.pick(&[BtsGround::PublicOrder, BtsGround::NationalSecurity]),
            is_final: self.pct(80),
            status: BtsStatus::Active,
            alert: Some(self.nl_alert()),
        }
    }

    /// A pending application filed after `since`.
    pub fn pending(&mut self, kind: AppKind, since: Date) -> App {
        let filed_date = self.after(since, 10);
        App {
            id: self.ids.next(Export::Applications),
            kind,
            filed_date,
            filed_from: None,
            decision: AppDecision::Pending,
            decision_date: None,
            rejection_ground: None,
            lift_conditions_met: None,
            target: None,
            art_6_6_purpose: None,
        }
    }

    /// An application filed after `since` and decided (`decision`) after that.
    pub fn decided(&mut self, kind: AppKind, since: Date, decision: AppDecision) -> App {
        let mut app = self.pending(kind, since);
        app.filed_date = self
            .between(shift(since, 5), shift(self.as_of, -60))
            .max(shift(since, 5));
        app.decision = decision;
        app.decision_date = Some(self.after(app.filed_date, 14));
        app
    }

    /// A pending lift request for `target`.
    pub fn lift_request(
        &mut self,
        target: (TargetKind, u64),
        since: Date,
        met: Option<bool>,
    ) -> App {
        let mut app = self.pending(AppKind::LiftRequest, since);
        app.target = Some(target);
        app.lift_conditions_met = met;
        app
    }

    pub fn hit(&mut self, alert: AlertId, kind: AlertKind, reporting_state: &'static str) -> Hit {
        let location = if reporting_state == "NL" {
            self.pick(&[
                Some(HitLocation::Inland),
                Some(HitLocation::Inland),
                Some(HitLocation::ExternalBorder),
                None,
            ])
        } else {
            self.pick(&[
                Some(HitLocation::ExternalBorder),
                Some(HitLocation::ExternalBorder),
                Some(HitLocation::Inland),
                None,
            ])
        };
        Hit {
            id: self.ids.next(Export::SisHits),
            alert,
            kind,
            issuing_state: alert.state,
            reporting_state,
            date: self.ago(0, 45),
            location,
            admitted: self.pct(50),
        }
    }

    /// A hit on a refusal or return alert of another Schengen state.
    pub fn foreign_hit(&mut self) -> Hit {
        let state = *self.weighted(names::FOREIGN_ISSUERS);
        let alert = self.ids.alert(state);
        let kind = self.pick(&[AlertKind::Refusal, AlertKind::Refusal, AlertKind::Return]);
        let reporting = if self.pct(60) { "NL" } else { state };
        self.hit(alert, kind, reporting)
    }
}

pub fn ban_target(ban: &Ban) -> (TargetKind, u64) {
    (TargetKind::EntryBan, ban.id)
}

pub fn ovr_target(ovr: &Ovr) -> (TargetKind, u64) {
    (TargetKind::ExclusionOrder, ovr.id)
}
