//! The rules of SPEC §6: one declaration per rule (id, group, action code,
//! Dutch label and condition, SIS effect, draft, legal basis, predicate), in
//! SPEC order, one file per group. The engine, the explanation column, the
//! catalogue and `explain` all read these declarations; no rule's text is
//! repeated anywhere else.
//!
//! Rules know nothing of files: they see a `Case` and its `Facts` and return
//! actions.

mod application;
mod ban;
mod check;
mod engine;
mod hit;
mod hold;
mod measures;
mod nl;
mod ovr;
mod person;
mod tkb;

pub use check::{Check, Mode};
pub use engine::{Action, Step, StepOutcome, evaluate};
pub use hit::{POSTERIOR_CONSULTATION_DAYS, PRIOR_CONSULTATION_DAYS};

use crate::case::{Case, Facts};
use crate::model::{Application, Date, EntryBan, ExclusionOrder, ReturnDecision, SisHit};
use std::fmt;

/// Bumped whenever a rule's meaning changes, so a comparison with an earlier
/// run can tell "the rules changed" from "the data changed".
pub const RULES_VERSION: &str = "2026.11.1";

/// The groups of SPEC §6; each fixes the subject of its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    Hold,
    Ban,
    Ovr,
    Tkb,
    Hit,
    App,
    Person,
    Measures,
}

impl Group {
    pub const ALL: [Group; 8] = [
        Group::Hold,
        Group::Ban,
        Group::Ovr,
        Group::Tkb,
        Group::Hit,
        Group::App,
        Group::Person,
        Group::Measures,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Group::Hold => "HOLD",
            Group::Ban => "BAN",
            Group::Ovr => "OVR",
            Group::Tkb => "TKB",
            Group::Hit => "HIT",
            Group::App => "APP",
            Group::Person => "PERSON",
            Group::Measures => "MEASURES",
        }
    }

    /// Dutch name for reports.
    pub fn label(self) -> &'static str {
        match self {
            Group::Hold => "Wachten",
            Group::Ban => "Inreisverboden",
            Group::Ovr => "Ongewenstverklaringen",
            Group::Tkb => "Terugkeerbesluiten",
            Group::Hit => "SIS-hits",
            Group::App => "Aanvragen",
            Group::Person => "Persoon",
            Group::Measures => "Maatregelen",
        }
    }

    /// What the rules of a group are about, and the group's hit policy, in Dutch.
    pub fn subject_nl(self) -> &'static str {
        match self {
            Group::Hold => "de persoon",
            Group::Ban => "elk inreisverbod (IRV) van de persoon",
            Group::Ovr => "elke ongewenstverklaring (OVR) van de persoon",
            Group::Tkb => "elk terugkeerbesluit (TKB) van de persoon",
            Group::Hit => "elke SIS-hit op de persoon",
            Group::App => "elke aanvraag van de persoon",
            Group::Person => "de persoon",
            Group::Measures => "de persoon",
        }
    }

    /// The hit policy of a group in words (SPEC §6).
    pub fn policy_nl(self) -> &'static str {
        match self {
            Group::Hold => {
                "Elke regel staat op zichzelf. Gaat een wachtregel af, dan krijgt de persoon geen andere acties, behalve HIT_ON_HOLD voor elke SIS-hit."
            }
            Group::Hit => {
                "De regels worden in deze volgorde geprobeerd; de eerste die past gaat af. Elke geaccepteerde hit krijgt precies één actie (R19 past altijd)."
            }
            Group::Person => "Elke regel staat op zichzelf: elk kan één keer per persoon afgaan.",
            Group::Measures => {
                "Alleen als maatregelen aan de orde zijn (M(p)); dan gaat precies één regel af, de eerste die past (R35 past altijd)."
            }
            Group::Ban | Group::Ovr | Group::Tkb | Group::App => {
                "De regels worden in deze volgorde geprobeerd; de eerste die past gaat af, de rest niet."
            }
        }
    }

    /// The subjects of the group in Dutch, plural (`inreisverboden`), for
    /// "the person has none".
    pub fn subjects_nl(self) -> &'static str {
        match self {
            Group::Ban => "inreisverboden",
            Group::Ovr => "ongewenstverklaringen",
            Group::Tkb => "terugkeerbesluiten",
            Group::Hit => "SIS-hits",
            Group::App => "aanvragen",
            Group::Hold | Group::Person | Group::Measures => "onderwerpen in deze groep",
        }
    }

    /// First-match groups stop at the first rule that fires per subject;
    /// HOLD and PERSON rules are independent.
    pub fn first_match(self) -> bool {
        !matches!(self, Group::Hold | Group::Person)
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Views (explain's JSON, the report's data) carry a group as its name.
impl serde::Serialize for Group {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// The effect of an action on the SIS alert (SPEC §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SisEffect {
    Delete,
    Suspend,
    Resume,
    Keep,
    None,
}

impl SisEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            SisEffect::Delete => "delete",
            SisEffect::Suspend => "suspend",
            SisEffect::Resume => "resume",
            SisEffect::Keep => "keep",
            SisEffect::None => "none",
        }
    }

    /// What happens to the alert, in Dutch.
    pub fn label(self) -> &'static str {
        match self {
            SisEffect::Delete => "signalering verwijderen",
            SisEffect::Suspend => "signalering opschorten",
            SisEffect::Resume => "signalering weer zichtbaar maken",
            SisEffect::Keep => "signalering handhaven",
            SisEffect::None => "geen",
        }
    }
}

impl serde::Serialize for SisEffect {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What an action is about (SPEC §5 `subject_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SubjectType {
    Person,
    EntryBan,
    ExclusionOrder,
    ReturnDecision,
    SisHit,
    Application,
}

impl SubjectType {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectType::Person => "person",
            SubjectType::EntryBan => "entry_ban",
            SubjectType::ExclusionOrder => "exclusion_order",
            SubjectType::ReturnDecision => "return_decision",
            SubjectType::SisHit => "sis_hit",
            SubjectType::Application => "application",
        }
    }

    /// The kind of subject in Dutch, as a noun (`inreisverbod`).
    pub fn nl(self) -> &'static str {
        match self {
            SubjectType::Person => "persoon",
            SubjectType::EntryBan => "inreisverbod",
            SubjectType::ExclusionOrder => "ongewenstverklaring",
            SubjectType::ReturnDecision => "terugkeerbesluit",
            SubjectType::SisHit => "SIS-hit",
            SubjectType::Application => "aanvraag",
        }
    }

    /// The short form the team's tables use (`IRV`, `OVR`, `TKB`).
    pub fn short_nl(self) -> &'static str {
        match self {
            SubjectType::EntryBan => "IRV",
            SubjectType::ExclusionOrder => "OVR",
            SubjectType::ReturnDecision => "TKB",
            other => other.nl(),
        }
    }

    pub const ALL: [SubjectType; 6] = [
        SubjectType::Person,
        SubjectType::EntryBan,
        SubjectType::ExclusionOrder,
        SubjectType::ReturnDecision,
        SubjectType::SisHit,
        SubjectType::Application,
    ];
}

impl serde::Serialize for SubjectType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One rule as SPEC §6 declares it.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub group: Group,
    pub action: &'static str,
    /// What the team must do, in Dutch.
    pub label: &'static str,
    /// When it fires, in Dutch words (the catalogue's "voorwaarde").
    pub condition: &'static str,
    pub sis_effect: SisEffect,
    /// Whether the action comes with a decision draft (template `<id>.html`).
    pub draft: bool,
    pub legal_basis: &'static str,
    /// How the due date is set, in Dutch; empty when the rule sets none.
    pub due: &'static str,
}

/// Rules are identified by their id.
impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Rule {}

/// What the predicates of a person's rules may look at.
pub struct Ctx<'c, 'a> {
    pub case: &'c Case<'a>,
    pub facts: &'c Facts,
    /// A HOLD rule fired for the person (R14).
    pub held: bool,
    /// A BAN or OVR action of this person in this run deletes an alert
    /// (R17, R18): the id of its subject.
    pub deleting_measure: Option<&'a str>,
}

impl Ctx<'_, '_> {
    pub fn as_of(&self) -> Date {
        self.facts.params.as_of
    }
}

/// A record a group's rules are about.
pub trait Subject {
    const TYPE: SubjectType;
    fn id(&self) -> &str;
    /// The SIS alert the action concerns (SPEC §5 `sis_alert_id`).
    fn sis_alert_id(&self) -> Option<&str> {
        None
    }
}

/// The person as a subject (HOLD, PERSON, MEASURES): the V-number itself.
impl Subject for str {
    const TYPE: SubjectType = SubjectType::Person;
    fn id(&self) -> &str {
        self
    }
}

impl Subject for EntryBan {
    const TYPE: SubjectType = SubjectType::EntryBan;
    fn id(&self) -> &str {
        &self.ban_id
    }
    fn sis_alert_id(&self) -> Option<&str> {
        self.sis_alert_id.as_deref()
    }
}

impl Subject for ExclusionOrder {
    const TYPE: SubjectType = SubjectType::ExclusionOrder;
    fn id(&self) -> &str {
        &self.ovr_id
    }
    fn sis_alert_id(&self) -> Option<&str> {
        self.sis_alert_id.as_deref()
    }
}

impl Subject for ReturnDecision {
    const TYPE: SubjectType = SubjectType::ReturnDecision;
    fn id(&self) -> &str {
        &self.tkb_id
    }
    fn sis_alert_id(&self) -> Option<&str> {
        self.sis_alert_id.as_deref()
    }
}

impl Subject for SisHit {
    const TYPE: SubjectType = SubjectType::SisHit;
    fn id(&self) -> &str {
        &self.hit_id
    }
    fn sis_alert_id(&self) -> Option<&str> {
        Some(&self.alert_id)
    }
}

impl Subject for Application {
    const TYPE: SubjectType = SubjectType::Application;
    fn id(&self) -> &str {
        &self.application_id
    }
}

/// A rule with its predicate and, where the rule sets one, its due date.
pub struct RuleFn<S: ?Sized> {
    pub rule: Rule,
    pub when: fn(&Ctx<'_, '_>, &S, &mut Check),
    pub due: fn(&Ctx<'_, '_>, &S) -> Option<Date>,
}

/// For rules without a due date.
pub fn no_due<S: ?Sized>(_: &Ctx<'_, '_>, _: &S) -> Option<Date> {
    None
}

/// Every rule, in SPEC order (H01, H02, R01 … R35).
pub fn catalogue() -> impl Iterator<Item = &'static Rule> {
    hold::RULES
        .iter()
        .map(|f| &f.rule)
        .chain(ban::RULES.iter().map(|f| &f.rule))
        .chain(ovr::RULES.iter().map(|f| &f.rule))
        .chain(tkb::RULES.iter().map(|f| &f.rule))
        .chain(hit::RULES.iter().map(|f| &f.rule))
        .chain(application::RULES.iter().map(|f| &f.rule))
        .chain(person::RULES.iter().map(|f| &f.rule))
        .chain(measures::RULES.iter().map(|f| &f.rule))
}

/// Whether `action` is the action code of a rule (a verdict names one).
pub fn is_action_code(action: &str) -> bool {
    catalogue().any(|r| r.action == action)
}

/// The rule with this id (`R03`), if any.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    catalogue().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_in_spec_order_and_complete() {
        let ids: Vec<&str> = catalogue().map(|r| r.id).collect();
        let mut expected = vec!["H01".to_string(), "H02".to_string()];
        expected.extend((1..=35).map(|i| format!("R{i:02}")));
        assert_eq!(ids, expected);
    }

    #[test]
    fn action_codes_are_unique() {
        let mut codes: Vec<&str> = catalogue().map(|r| r.action).collect();
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), before);
    }

    #[test]
    fn drafting_rules_match_the_spec() {
        let drafting: Vec<&str> = catalogue().filter(|r| r.draft).map(|r| r.id).collect();
        assert_eq!(
            drafting,
            [
                "R02", "R03", "R04", "R05", "R09", "R21", "R22", "R26", "R32", "R34"
            ]
        );
    }
}
