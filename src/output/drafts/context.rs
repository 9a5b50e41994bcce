//! What a draft template sees: the person's own facts, typed, taken from the
//! records the rule looked at (never from the explanation string), with each
//! contract word beside its Dutch word, and the dates a letter needs (the
//! proposed sending date and the deadline counted from it on working days).
//!
//! `DraftContext::new` is the one place that maps an evaluated case to a
//! draft; templates branch on the `code` of a word and print its `nl`.

use crate::case::{Case, Event, Facts};
use crate::legal::calendar;
use crate::legal::protection::{self, ProtectionBasis};
use crate::model::{
    AppDecision, AppKind, Application, Category, Date, EntryBan, ExclusionOrder, LiftedReason,
    Nationality, PoGround, PoIndication, ReturnObstacle, Severity, TargetKind, countries,
};
use crate::rules::{Action, SisEffect, SubjectType};
use chrono::Months;
use serde::Serialize;

/// Weeks a person gets to send documents or a zienswijze.
pub const REPLY_WEEKS: u64 = 4;

/// A value as the contract writes it and in Dutch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Word {
    pub code: &'static str,
    pub nl: &'static str,
}

impl Word {
    pub const fn new(code: &'static str, nl: &'static str) -> Self {
        Word { code, nl }
    }
}

macro_rules! word_of {
    ($($t:ty),+) => {$(
        impl From<$t> for Word {
            fn from(v: $t) -> Word {
                Word::new(v.as_str(), v.nl())
            }
        }
    )+};
}
word_of!(
    crate::model::Severity,
    crate::model::BanGround,
    crate::model::BanStatus,
    crate::model::LiftedReason,
    crate::model::Ground,
    crate::model::OvrStatus,
    crate::model::HolderStatus,
    crate::model::Category,
    crate::model::PoGround,
    crate::model::PoIndication,
    crate::model::TargetKind
);

impl From<SisEffect> for Word {
    fn from(e: SisEffect) -> Word {
        Word::new(e.as_str(), e.label())
    }
}

/// Everything a draft template can use.
#[derive(Debug, Clone, Serialize)]
pub struct DraftContext {
    /// Selects the template (`R03` → `R03.html`); never printed.
    pub rule_id: &'static str,
    /// Ons kenmerk: run date, V-number and, for a measure or application,
    /// its register id. No rule ids or codes.
    pub reference: String,
    /// The peildatum of the run that prepared the draft.
    pub run_date: Date,
    /// The date the letter proposes for sending: the first working day
    /// after the run. The handler may change it; the checklist says how the
    /// deadline moves.
    pub send_date: Date,
    /// `REPLY_WEEKS` after `send_date`, moved to a working day (art. 1
    /// Algemene termijnenwet): the term for documents or a zienswijze.
    pub reply_by: Date,
    pub person: Person,
    pub protection: Protection,
    pub subject: Subject,
    /// The entry ban the action is about, or the one a lift request targets,
    /// or (R26) the heavy ban that raises public-order questions.
    pub ban: Option<Ban>,
    /// Likewise for an exclusion order.
    pub ovr: Option<Ovr>,
    /// The lift request (R21, R22).
    pub request: Option<Request>,
    /// The regular permit granted on or after the measure (R02, R04, R09).
    pub permit: Option<Permit>,
    /// The latest public-order event (R32, R34).
    pub event: Option<EventView>,
    /// `public_order_indication` when set (R26).
    pub po_indication: Option<Word>,
    /// R09: `protection` (lifted because the person invokes protection in
    /// the Netherlands) or `permit` (a regular permit was granted).
    pub ovr_lifted_because: Option<&'static str>,
    /// R32: where the person can return to.
    pub return_to: Option<ReturnTo>,
    /// R34: why no return decision can be imposed.
    pub obstacle: Option<Obstacle>,
    pub sis_effect: Word,
    /// The measure has an SIS alert (its id is on the checklist, not in the
    /// letter).
    pub has_alert: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub v_number: String,
    pub surname: Option<String>,
    pub given_names: Option<String>,
    pub birth_date: Option<Date>,
    /// Nationality in Dutch (`Oekraïense`), if known.
    pub nationality: Option<String>,
    pub municipality: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Protection {
    pub status: Option<Word>,
    /// The date of the current RTB status (the grant, the claim's
    /// registration, the refusal, …).
    pub status_date: Option<Date>,
    pub category: Option<Word>,
    pub in_force: bool,
    pub claim_active: bool,
    /// The last day of protection for this person (inclusive).
    pub end: Date,
    /// The Council decisions behind `end` (for EU-wide protection).
    pub basis: ProtectionBasis,
    /// The person's protection ends earlier by national policy (third-country
    /// nationals with a temporary Ukrainian permit, 4 March 2024).
    pub ends_by_policy: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Subject {
    pub kind: &'static str,
    pub id: String,
}

/// How a measure's decision date relates to the RTB status date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    Before,
    SameDay,
    After,
}

fn timing(decision: Date, status_date: Option<Date>) -> Option<Timing> {
    let s = status_date?;
    Some(match decision.cmp(&s) {
        std::cmp::Ordering::Less => Timing::Before,
        std::cmp::Ordering::Equal => Timing::SameDay,
        std::cmp::Ordering::Greater => Timing::After,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct Ban {
    pub id: String,
    pub severity: Word,
    pub ground: Word,
    pub decision_date: Date,
    pub in_force_date: Option<Date>,
    pub duration_years: Option<u8>,
    /// The day its term runs out.
    pub lapse_date: Option<Date>,
    /// The day half its term has passed since it took effect (art. 6.5b
    /// lid 2 Vb counts half the term outside the Netherlands).
    pub half_term_date: Option<Date>,
    /// `half_term_date` is on or before the run date.
    pub half_term_passed: bool,
    pub status: Word,
    pub lifted_reason: Option<Word>,
    pub is_final: bool,
    /// Decided before, on, or after the RTB status date.
    pub timing: Option<Timing>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ovr {
    pub id: String,
    pub ground: Word,
    pub decision_date: Date,
    pub status: Word,
    pub lifted_reason: Option<Word>,
    pub is_final: bool,
    pub timing: Option<Timing>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Request {
    pub id: String,
    pub filed_date: Date,
    /// Where it was filed, in Dutch (`Oekraïne`, `Nederland`).
    pub filed_from: String,
    pub target: Word,
}

#[derive(Debug, Clone, Serialize)]
pub struct Permit {
    pub id: String,
    pub filed_date: Date,
    pub decision_date: Option<Date>,
    /// The permit's purpose is one of art. 6.6 lid 1 VV (per the register).
    pub art_6_6_purpose: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// `refusal`, `asylum_rejection`, `ending`, `withdrawal`.
    pub kind: &'static str,
    pub date: Date,
    pub ground: Word,
    /// The lid of art. 6.5a Vb that sets the longest duration of an entry
    /// ban on this ground: `vijfde` (public order, 1F: ten years) or `zesde`
    /// (national security: twenty years).
    pub ban_duration_lid: &'static str,
    pub ban_duration_max_years: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReturnTo {
    /// `third_country` (a residence permit there), `nationality` (the
    /// country of nationality, no obstacle registered) or `ukraine` (forced
    /// return to Ukraine modelled as possible).
    pub via: &'static str,
    /// The country in Dutch, with its article where Dutch needs one (`het
    /// Verenigd Koninkrijk`, `Oekraïne`).
    pub country: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Obstacle {
    /// `registered` (a return obstacle is recorded for the person) or
    /// `ukraine` (forced return to Ukraine is not possible now).
    pub reason: &'static str,
    /// The country return to which is barred, in Dutch, with its article.
    pub country: Option<String>,
}

impl DraftContext {
    /// The draft context of one drafting action of an evaluated case.
    pub fn new(case: &Case<'_>, facts: &Facts, action: &Action<'_>) -> Self {
        let run_date = facts.params.as_of;
        let send_date = calendar::next_working_day(run_date);
        let holder = case.holder;
        let status_date = holder.map(|r| r.status_date);
        let mut ctx = DraftContext {
            rule_id: action.rule.id,
            reference: reference(run_date, action),
            run_date,
            send_date,
            reply_by: calendar::term_end(send_date, REPLY_WEEKS),
            person: person(case),
            protection: Protection {
                status: holder.map(|r| r.status.into()),
                status_date,
                category: holder.map(|r| r.category.into()),
                in_force: facts.tp_in_force,
                claim_active: facts.claim_active,
                end: facts.tp_end,
                basis: protection::basis(facts.params.rtb_valid_until),
                ends_by_policy: holder.is_some_and(|r| r.category == Category::TemporaryResidentUa),
            },
            subject: Subject {
                kind: action.subject_type.as_str(),
                id: action.subject_id.to_owned(),
            },
            ban: None,
            ovr: None,
            request: None,
            permit: None,
            event: facts.latest_event.map(event_view),
            po_indication: holder
                .map(|r| r.public_order_indication)
                .filter(|p| *p != PoIndication::None)
                .map(Word::from),
            ovr_lifted_because: None,
            return_to: None,
            obstacle: None,
            sis_effect: action.rule.sis_effect.into(),
            has_alert: action.sis_alert_id.is_some(),
        };
        let ban_view = |b: &EntryBan| ban(b, run_date, status_date);
        let ovr_view = |o: &ExclusionOrder| ovr(o, status_date);
        match action.subject_type {
            SubjectType::EntryBan => {
                if let Some(b) = case.entry_ban(action.subject_id) {
                    ctx.ban = Some(ban_view(b));
                    let permit = if action.rule.id == "R04" {
                        art_6_6_permit(case, b.decision_date)
                    } else {
                        case.granted_after(b.decision_date)
                    };
                    ctx.permit = permit.map(permit_view);
                }
            }
            SubjectType::ExclusionOrder => {
                if let Some(o) = case.exclusion_order(action.subject_id) {
                    ctx.ovr = Some(ovr_view(o));
                    if facts.rtb_active && case.predates_protection(o.decision_date) {
                        ctx.ovr_lifted_because = Some("protection");
                    } else if let Some(app) = case.granted_after(o.decision_date) {
                        ctx.ovr_lifted_because = Some("permit");
                        ctx.permit = Some(permit_view(app));
                    }
                }
            }
            SubjectType::Application => {
                let app = case
                    .applications
                    .iter()
                    .find(|a| a.application_id == action.subject_id);
                if let Some(app) = app
                    && let Some(target) = &app.target
                {
                    ctx.request = Some(Request {
                        id: app.application_id.to_string(),
                        filed_date: app.filed_date,
                        filed_from: app
                            .filed_from
                            .nl()
                            .unwrap_or(app.filed_from.as_str())
                            .to_owned(),
                        target: target.kind.into(),
                    });
                    match target.kind {
                        TargetKind::EntryBan => ctx.ban = case.entry_ban(&target.id).map(ban_view),
                        TargetKind::ExclusionOrder => {
                            ctx.ovr = case.exclusion_order(&target.id).map(ovr_view);
                        }
                    }
                }
            }
            SubjectType::Person => {
                // R26 names the measures that raise public-order questions.
                ctx.ban = case
                    .entry_bans
                    .iter()
                    .find(|b| b.severity == Severity::Heavy && b.live())
                    .map(ban_view);
                ctx.ovr = case
                    .exclusion_orders
                    .iter()
                    .find(|o| {
                        o.live() || o.lifted_reason == Some(LiftedReason::TemporaryProtection)
                    })
                    .map(ovr_view);
                ctx.return_to = return_to(case, facts);
                ctx.obstacle = obstacle(case, facts);
            }
            SubjectType::ReturnDecision | SubjectType::SisHit => {}
        }
        ctx
    }
}

fn reference(run_date: Date, a: &Action<'_>) -> String {
    let date = run_date.format("%Y%m%d");
    match a.subject_type {
        SubjectType::Person => format!("RTB-{date}-{}", a.v_number),
        _ => format!("RTB-{date}-{}-{}", a.v_number, a.subject_id),
    }
}

fn person(case: &Case<'_>) -> Person {
    let id = &case.identity;
    Person {
        v_number: case.v_number.to_owned(),
        surname: id.surname.map(str::to_owned),
        given_names: id.given_names.map(str::to_owned),
        birth_date: id.birth_date,
        nationality: id.nationality.map(|n| {
            countries::nationality(n.as_str())
                .unwrap_or(n.as_str())
                .to_owned()
        }),
        municipality: case
            .holder
            .and_then(|r| r.municipality.as_deref().map(str::to_owned)),
    }
}

fn ban(b: &EntryBan, run_date: Date, status_date: Option<Date>) -> Ban {
    let half_term_date = match (b.in_force_date, b.duration_years) {
        (Some(start), Some(years)) => start.checked_add_months(Months::new(6 * u32::from(years))),
        _ => None,
    };
    Ban {
        id: b.ban_id.to_string(),
        severity: b.severity.into(),
        ground: b.ground.into(),
        decision_date: b.decision_date,
        in_force_date: b.in_force_date,
        duration_years: b.duration_years,
        lapse_date: b.lapse_date(),
        half_term_date,
        half_term_passed: half_term_date.is_some_and(|d| d <= run_date),
        status: b.status.into(),
        lifted_reason: b.lifted_reason.map(Word::from),
        is_final: b.is_final,
        timing: timing(b.decision_date, status_date),
    }
}

fn ovr(o: &ExclusionOrder, status_date: Option<Date>) -> Ovr {
    Ovr {
        id: o.ovr_id.to_string(),
        ground: o.ground.into(),
        decision_date: o.decision_date,
        status: o.status.into(),
        lifted_reason: o.lifted_reason.map(Word::from),
        is_final: o.is_final,
        timing: timing(o.decision_date, status_date),
    }
}

/// R04's permit: a regular application granted on or after the ban's
/// date for a purpose of art. 6.6 lid 1 VV (the rule's own condition).
fn art_6_6_permit<'a>(case: &Case<'a>, since: Date) -> Option<&'a Application> {
    case.applications.iter().find(|a| {
        a.kind == AppKind::Regular
            && a.decision == AppDecision::Granted
            && a.decision_date.is_some_and(|d| d >= since)
            && a.art_6_6_purpose == Some(true)
    })
}

fn permit_view(a: &Application) -> Permit {
    Permit {
        id: a.application_id.to_string(),
        filed_date: a.filed_date,
        decision_date: a.decision_date,
        art_6_6_purpose: a.art_6_6_purpose == Some(true),
    }
}

fn event_view(e: Event) -> EventView {
    let (lid, years) = match e.ground {
        PoGround::NationalSecurity => ("zesde", 20),
        PoGround::PublicOrder | PoGround::Article1f => ("vijfde", 10),
    };
    EventView {
        kind: e.kind.as_str(),
        date: e.date,
        ground: e.ground.into(),
        ban_duration_lid: lid,
        ban_duration_max_years: years,
    }
}

/// Where a person for whom R32 fires can return to: the safe third country
/// where they hold a permit beats the country of nationality (SPEC §4).
fn return_to(case: &Case<'_>, facts: &Facts) -> Option<ReturnTo> {
    if !facts.return_possible {
        return None;
    }
    if let Some(state) = case.holder.and_then(|r| r.third_country_permit) {
        return Some(ReturnTo {
            via: "third_country",
            country: countries::with_article(state.nl().unwrap_or(state.as_str())),
        });
    }
    let nationality = facts.nationality?;
    Some(ReturnTo {
        via: if facts.ukrainian {
            "ukraine"
        } else {
            "nationality"
        },
        country: state_name(nationality),
    })
}

fn state_name(n: Nationality) -> String {
    countries::with_article(n.state_nl().unwrap_or(n.as_str()))
}

/// Why a person whose protection was withdrawn or ended cannot be given a
/// return decision (R34): a recorded obstacle, or (for a Ukrainian) forced
/// return to Ukraine being impossible now.
fn obstacle(case: &Case<'_>, facts: &Facts) -> Option<Obstacle> {
    if facts.return_possible
        || !facts
            .latest_event
            .is_some_and(|e: Event| e.kind.ends_protection())
    {
        return None;
    }
    let country = facts.nationality.map(state_name);
    let registered = case
        .holder
        .is_some_and(|r| r.return_obstacle == ReturnObstacle::Yes);
    Some(Obstacle {
        reason: if registered { "registered" } else { "ukraine" },
        country,
    })
}

/// Sample contexts for the start-up check of the templates: together they
/// take every branch the embedded templates have (each event kind and
/// ground, both lift-request targets, light and heavy bans, every way of
/// return and every obstacle, an unknown extension, every optional value
/// absent), so an override with a typo fails before any output is written.
pub fn samples(rule_id: &'static str) -> Vec<(String, DraftContext)> {
    let date = |y, m, d| Date::from_ymd_opt(y, m, d).unwrap_or_default();
    let run_date = date(2026, 11, 28);
    let ban = Ban {
        id: "B1".into(),
        severity: Word::new("heavy", "zwaar"),
        ground: Word::new("national_security", "nationale veiligheid"),
        decision_date: date(2016, 12, 23),
        in_force_date: Some(date(2017, 1, 10)),
        duration_years: Some(10),
        lapse_date: Some(date(2027, 1, 10)),
        half_term_date: Some(date(2022, 1, 10)),
        half_term_passed: true,
        status: Word::new("active", "actief"),
        lifted_reason: Some(Word::new("temporary_protection", "tijdelijke bescherming")),
        is_final: true,
        timing: Some(Timing::Before),
    };
    let ovr = Ovr {
        id: "O1".into(),
        ground: Word::new("public_order", "openbare orde"),
        decision_date: date(2018, 1, 23),
        status: Word::new("active", "actief"),
        lifted_reason: None,
        is_final: true,
        timing: Some(Timing::Before),
    };
    let full = DraftContext {
        rule_id,
        reference: "RTB-20261128-000000000-X1".into(),
        run_date,
        send_date: date(2026, 11, 30),
        reply_by: date(2026, 12, 28),
        person: Person {
            v_number: "000000000".into(),
            surname: Some("Voorbeeld".into()),
            given_names: Some("Anna".into()),
            birth_date: Some(date(1990, 1, 1)),
            nationality: Some("Oekraïense".into()),
            municipality: Some("Utrecht".into()),
        },
        protection: Protection {
            status: Some(Word::new("granted", "verleend")),
            status_date: Some(date(2022, 11, 26)),
            category: Some(Word::new("ukrainian", "Oekraïner")),
            in_force: true,
            claim_active: false,
            end: date(2027, 3, 4),
            basis: protection::basis(date(2027, 3, 4)),
            ends_by_policy: false,
        },
        subject: Subject {
            kind: "entry_ban",
            id: "B1".into(),
        },
        ban: Some(ban.clone()),
        ovr: Some(ovr.clone()),
        request: Some(Request {
            id: "A1".into(),
            filed_date: date(2026, 9, 1),
            filed_from: "Nederland".into(),
            target: Word::new("entry_ban", "inreisverbod"),
        }),
        permit: Some(Permit {
            id: "A2".into(),
            filed_date: date(2026, 1, 5),
            decision_date: Some(date(2026, 3, 3)),
            art_6_6_purpose: true,
        }),
        event: Some(EventView {
            kind: "withdrawal",
            date: date(2025, 8, 18),
            ground: Word::new("article_1f", "artikel 1F van het Vluchtelingenverdrag"),
            ban_duration_lid: "vijfde",
            ban_duration_max_years: 10,
        }),
        po_indication: Some(Word::new("public_order", "openbare orde")),
        ovr_lifted_because: Some("protection"),
        return_to: Some(ReturnTo {
            via: "third_country",
            country: "het Verenigd Koninkrijk".into(),
        }),
        obstacle: Some(Obstacle {
            reason: "registered",
            country: Some("Oekraïne".into()),
        }),
        sis_effect: Word::new("delete", "signalering verwijderen"),
        has_alert: true,
    };

    let mut cases = vec![("with every value set".to_owned(), full.clone())];
    let mut variant = |what: &str, change: &dyn Fn(&mut DraftContext)| {
        let mut ctx = full.clone();
        change(&mut ctx);
        cases.push((what.to_owned(), ctx));
    };
    for (kind, ground, code) in [
        ("refusal", "openbare orde", "public_order"),
        (
            "asylum_rejection",
            "nationale veiligheid",
            "national_security",
        ),
        ("ending", "openbare orde", "public_order"),
    ] {
        variant(&format!("event {kind}"), &|c| {
            if let Some(e) = c.event.as_mut() {
                e.kind = kind;
                e.ground = Word::new(code, ground);
            }
        });
    }
    variant(
        "light ban, same day, not in force, lift request for an OVR",
        &|c| {
            if let Some(b) = c.ban.as_mut() {
                b.severity = Word::new("light", "licht");
                b.ground = Word::new("no_departure", "niet tijdig vertrokken");
                b.timing = Some(Timing::SameDay);
                b.in_force_date = None;
                b.half_term_date = None;
                b.half_term_passed = false;
                b.duration_years = None;
                b.is_final = false;
            }
            if let Some(r) = c.request.as_mut() {
                r.target = Word::new("exclusion_order", "ongewenstverklaring");
                r.filed_from = "Oekraïne".into();
            }
            c.ovr_lifted_because = Some("permit");
            c.return_to = Some(ReturnTo {
                via: "nationality",
                country: "Moldavië".into(),
            });
            c.obstacle = Some(Obstacle {
                reason: "ukraine",
                country: None,
            });
            c.protection.basis = protection::basis(date(2028, 3, 4));
            c.protection.ends_by_policy = true;
            c.protection.in_force = false;
            c.protection.claim_active = true;
            c.protection.status = Some(Word::new("claimed", "aangevraagd"));
        },
    );
    variant("half the term not yet passed, return to Ukraine", &|c| {
        if let Some(b) = c.ban.as_mut() {
            b.half_term_passed = false;
            b.timing = Some(Timing::After);
        }
        c.return_to = Some(ReturnTo {
            via: "ukraine",
            country: "Oekraïne".into(),
        });
        c.sis_effect = Word::new("suspend", "signalering opschorten");
    });
    variant("with every optional value absent", &|c| {
        c.person = Person {
            v_number: "000000000".into(),
            surname: None,
            given_names: None,
            birth_date: None,
            nationality: None,
            municipality: None,
        };
        c.protection.status = None;
        c.protection.status_date = None;
        c.protection.category = None;
        c.ban = None;
        c.ovr = None;
        c.request = None;
        c.permit = None;
        c.event = None;
        c.po_indication = None;
        c.ovr_lifted_because = None;
        c.return_to = None;
        c.obstacle = None;
        c.sis_effect = Word::new("none", "geen");
        c.has_alert = false;
        c.subject = Subject {
            kind: "person",
            id: "000000000".into(),
        };
    });
    cases
}
