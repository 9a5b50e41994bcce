//! What `rtb-recon explain` says about one person, in Dutch for a lawyer (or
//! as JSON for tools): the records found, the facts derived from them (SPEC
//! §4) and, per group and rule in table order, whether the rule fired and
//! why, or which condition failed.
//!
//! It lays out the very evaluation the nightly run makes, with a trace
//! (`evaluate::traced`), and the person's verdicts settled as the run
//! settles them (`compare::verdicts`); nothing here decides anything or
//! words a rule.

use crate::case::{self, Case, Facts};
use crate::compare::fingerprint::{self, Scheme};
use crate::compare::verdicts::{self, Now};
use crate::config::Params;
use crate::evaluate;
use crate::ingest::{Inputs, Rejection};
use crate::model::ja_nee;
use crate::model::records::Record;
use crate::model::verdict::{Recorded, Statement};
use crate::rules::{self, Group, SisEffect, Step, StepOutcome, SubjectType};
use serde::Serialize;
use std::fmt::Write as _;

/// Everything `explain` says about one person.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub v_number: String,
    pub tool_version: &'static str,
    pub rules_version: &'static str,
    pub parameters: Params,
    pub identity: IdentityView,
    pub records: Vec<RecordView>,
    pub rejected: Vec<RejectedView>,
    pub facts: Vec<FactView>,
    pub groups: Vec<GroupView>,
    pub actions: Vec<ActionView>,
    /// Whether verdicts were looked at (`--previous` or `--verdicts`).
    pub verdicts_considered: bool,
    /// The person's verdicts: those that apply, then those that do not.
    pub verdicts: Vec<VerdictView>,
}

/// One of the person's verdicts and whether it applies in this evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictView {
    pub action: String,
    pub subject_id: String,
    pub verdict: crate::model::VerdictKind,
    pub until: Option<String>,
    pub note: String,
    pub by: String,
    pub recorded: Option<String>,
    pub applies: bool,
    /// Why it does not apply, in Dutch.
    pub reason: Option<String>,
}

/// The verdicts `explain` settles for the person: those an earlier run
/// carried (in its fingerprint scheme) and the rows of a verdicts file.
#[derive(Debug, Clone, Copy)]
pub struct VerdictSources<'a> {
    pub carried: &'a [Recorded],
    pub scheme: Scheme,
    pub statements: &'a [Statement],
    /// Whether any source was given at all.
    pub given: bool,
}

impl VerdictSources<'_> {
    pub const NONE: VerdictSources<'static> = VerdictSources {
        carried: &[],
        scheme: Scheme::CURRENT,
        statements: &[],
        given: false,
    };
}

#[derive(Debug, Clone, Serialize)]
pub struct IdentityView {
    pub surname: Option<String>,
    pub given_names: Option<String>,
    pub birth_date: Option<String>,
    pub nationality: Option<String>,
}

/// One accepted record, as its contract columns.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
    pub file: &'static str,
    pub line: u64,
    /// (column, value); empty cells are left out.
    pub columns: Vec<(&'static str, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RejectedView {
    pub file: &'static str,
    pub line: u64,
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// One derived fact: its SPEC name, Dutch label and value.
#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    pub name: &'static str,
    pub label: &'static str,
    pub value: serde_json::Value,
    /// The value in Dutch (`ja`, `nee`, a date, ...).
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    pub group: Group,
    pub label: &'static str,
    pub subject: &'static str,
    pub policy: &'static str,
    pub subjects: Vec<SubjectView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubjectView {
    pub subject_type: SubjectType,
    pub subject_id: String,
    pub steps: Vec<StepView>,
}

/// How a rule fared for a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Fired,
    Failed,
    /// An earlier rule of the group fired for this subject.
    Shadowed,
    /// A HOLD rule fired for the person.
    Held,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub rule_id: &'static str,
    pub action: &'static str,
    pub label: &'static str,
    pub outcome: Outcome,
    /// For `fired`: the facts that made it fire.
    pub facts: Vec<String>,
    /// For `failed`: the condition that does not hold.
    pub failed_condition: Option<String>,
    /// For `shadowed`: the rule that fired first.
    pub shadowed_by: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub rule_id: &'static str,
    pub action: &'static str,
    pub label: &'static str,
    pub subject_type: SubjectType,
    pub subject_id: String,
    pub sis_alert_id: Option<String>,
    pub sis_effect: SisEffect,
    pub due_date: Option<String>,
    pub draft: bool,
    pub legal_basis: &'static str,
    pub explanation: String,
}

fn record_view<R: Record>(r: &R) -> RecordView {
    RecordView {
        file: R::EXPORT.name(),
        line: r.line(),
        columns: r
            .columns()
            .into_iter()
            .filter(|(name, _)| *name != "v_number")
            .filter_map(|(name, v)| v.map(|v| (name, v)))
            .collect(),
    }
}

fn flag(name: &'static str, label: &'static str, b: bool) -> FactView {
    FactView {
        name,
        label,
        value: serde_json::Value::Bool(b),
        text: ja_nee(b).to_owned(),
    }
}

fn facts_view(case: &Case<'_>, f: &Facts) -> Vec<FactView> {
    let event_text = match f.latest_event {
        Some(e) => format!("{} op {}", e.label(), e.date),
        None => "geen".into(),
    };
    let event_value = match f.latest_event {
        Some(e) => serde_json::json!({
            "kind": e.kind.as_str(),
            "ground": e.ground.as_str(),
            "date": e.date.to_string(),
        }),
        None => serde_json::Value::Null,
    };
    vec![
        flag(
            "quarantined",
            "rij(en) van deze persoon afgekeurd (H01)",
            case.quarantined,
        ),
        flag(
            "rtb_record",
            "RTB-registratie aanwezig (rtb_holders)",
            case.holder.is_some(),
        ),
        FactView {
            name: "tp_end",
            label: "einde tijdelijke bescherming, t/m (tp_end)",
            value: serde_json::Value::String(f.tp_end.to_string()),
            text: f.tp_end.to_string(),
        },
        flag(
            "tp_in_force",
            "TB verleend en van kracht op de peildatum (tp_in_force)",
            f.tp_in_force,
        ),
        flag(
            "claim_active",
            "claim op TB loopt op de peildatum (claim_active)",
            f.claim_active,
        ),
        flag(
            "rtb_active",
            "TB of claim actief (rtb_active)",
            f.rtb_active,
        ),
        flag("po", "openbare-orde-indicatie (po)", f.po),
        FactView {
            name: "nationality",
            label: "nationaliteit",
            value: f
                .nationality
                .map_or(serde_json::Value::Null, |n| n.as_str().into()),
            text: f.nationality.map_or("onbekend".into(), |n| n.to_string()),
        },
        flag("ukrainian", "Oekraïense nationaliteit (UKR)", f.ukrainian),
        flag(
            "eu_national",
            "nationaliteit van een EU-lidstaat (eu_national)",
            f.eu_national,
        ),
        flag(
            "regular_granted",
            "reguliere aanvraag verleend (regular_granted)",
            f.regular_granted,
        ),
        flag(
            "regular_pending",
            "reguliere aanvraag in behandeling (regular_pending)",
            f.regular_pending,
        ),
        flag(
            "asylum_pending",
            "asielaanvraag in behandeling (asylum_pending)",
            f.asylum_pending,
        ),
        FactView {
            name: "latest_event",
            label: "laatste openbare-ordegebeurtenis (E(p), event_date)",
            value: event_value,
            text: event_text,
        },
        flag(
            "followed_up",
            "gebeurtenis al opgevolgd met zwaar IRV of Bts (followed_up)",
            f.followed_up,
        ),
        flag(
            "measures_due",
            "maatregelen aan de orde (M(p))",
            f.measures_due,
        ),
        flag(
            "has_live_measure",
            "heeft een actieve maatregel (IRV, OVR, TKB of Bts)",
            case.has_live_measure(),
        ),
        flag(
            "return_possible",
            "terugkeer mogelijk (return_possible)",
            f.return_possible,
        ),
        flag(
            "return_unknown",
            "onbekend of terugkeer mogelijk is (return_unknown)",
            f.return_unknown,
        ),
    ]
}

fn step_view(s: &Step) -> StepView {
    let (outcome, facts, failed, shadowed) = match &s.outcome {
        StepOutcome::Fired(f) => (Outcome::Fired, f.clone(), None, None),
        StepOutcome::Failed(c) => (Outcome::Failed, Vec::new(), Some(c.clone()), None),
        StepOutcome::Shadowed(by) => (Outcome::Shadowed, Vec::new(), None, Some(*by)),
        StepOutcome::Held => (Outcome::Held, Vec::new(), None, None),
    };
    StepView {
        rule_id: s.rule.id,
        action: s.rule.action,
        label: s.rule.label,
        outcome,
        facts,
        failed_condition: failed,
        shadowed_by: shadowed,
    }
}

/// Groups the trace by group (table order) and, within a group, by subject
/// in the order the engine tried them.
fn groups_view(steps: &[Step]) -> Vec<GroupView> {
    Group::ALL
        .iter()
        .map(|&g| {
            let mut subjects: Vec<SubjectView> = Vec::new();
            for s in steps.iter().filter(|s| s.rule.group == g) {
                let ty = s.subject_type;
                match subjects
                    .iter_mut()
                    .find(|x| x.subject_type == ty && x.subject_id == s.subject_id)
                {
                    Some(x) => x.steps.push(step_view(s)),
                    None => subjects.push(SubjectView {
                        subject_type: ty,
                        subject_id: s.subject_id.clone(),
                        steps: vec![step_view(s)],
                    }),
                }
            }
            GroupView {
                group: g,
                label: g.label(),
                subject: g.subject_nl(),
                policy: g.policy_nl(),
                subjects,
            }
        })
        .collect()
}

/// The person's verdicts, settled against their evaluation.
fn verdicts_view(
    inputs: &Inputs,
    case: &Case<'_>,
    actions: &[crate::rules::Action<'_>],
    params: &Params,
    sources: VerdictSources<'_>,
) -> Vec<VerdictView> {
    let v = case.v_number;
    let carried: Vec<&Recorded> = sources
        .carried
        .iter()
        .filter(|r| r.key.v_number == v)
        .collect();
    let stated: Vec<&Statement> = sources
        .statements
        .iter()
        .filter(|s| s.key.v_number == v)
        .collect();
    if carried.is_empty() && stated.is_empty() {
        return Vec::new();
    }
    let now = fingerprint::fingerprints_of(inputs, &[case], Scheme::CURRENT);
    let then = fingerprint::fingerprints_of(inputs, &[case], sources.scheme);
    let settled = verdicts::person(
        &carried,
        &stated,
        actions,
        Now {
            as_of: params.as_of,
            fingerprint: &now[0],
            fingerprint_then: &then[0],
        },
    );
    let day = |d: Option<crate::model::Date>| d.map(|d| d.to_string());
    settled
        .in_force
        .iter()
        .map(|r| VerdictView {
            action: r.key.action.clone(),
            subject_id: r.key.subject_id.clone(),
            verdict: r.verdict.kind,
            until: day(r.verdict.until),
            note: r.verdict.note.clone(),
            by: r.verdict.by.clone(),
            recorded: day(Some(r.recorded)),
            applies: true,
            reason: None,
        })
        .chain(settled.not_applied.iter().map(|u| VerdictView {
            action: u.key.action.clone(),
            subject_id: u.key.subject_id.clone(),
            verdict: u.verdict.kind,
            until: day(u.verdict.until),
            note: u.verdict.note.clone(),
            by: u.verdict.by.clone(),
            recorded: day(u.recorded),
            applies: false,
            reason: Some(u.detail.clone()),
        }))
        .collect()
}

/// Explains one person; `None` when the V-number is in no export.
pub fn explain(
    inputs: &Inputs,
    v_number: &str,
    params: &Params,
    sources: VerdictSources<'_>,
) -> Option<Explanation> {
    let (cases, _findings) = case::build(inputs);
    let case = cases
        .binary_search_by(|c| c.v_number.cmp(v_number))
        .ok()
        .map(|i| &cases[i])?;
    let (evaluation, steps) = evaluate::traced(case, params);
    let (facts, acts) = (&evaluation.facts, &evaluation.actions);

    let mut records = Vec::new();
    records.extend(case.holder.map(record_view));
    records.extend(case.entry_bans.iter().map(record_view));
    records.extend(case.exclusion_orders.iter().map(record_view));
    records.extend(case.return_decisions.iter().map(record_view));
    records.extend(case.sis_hits.iter().map(record_view));
    records.extend(case.applications.iter().map(record_view));
    records.extend(case.alert_decisions.iter().map(record_view));

    let mut rejected: Vec<&Rejection> = inputs
        .rejected
        .iter()
        .filter(|r| r.v_number.as_deref() == Some(v_number))
        .collect();
    rejected.sort_by_key(|r| (r.file, r.line));

    let id = case.identity;
    Some(Explanation {
        v_number: case.v_number.to_string(),
        tool_version: env!("CARGO_PKG_VERSION"),
        rules_version: rules::RULES_VERSION,
        parameters: *params,
        identity: IdentityView {
            surname: id.surname.map(str::to_string),
            given_names: id.given_names.map(str::to_string),
            birth_date: id.birth_date.map(|d| d.to_string()),
            nationality: id.nationality.map(|n| n.to_string()),
        },
        records,
        rejected: rejected
            .into_iter()
            .map(|r| RejectedView {
                file: r.file.name(),
                line: r.line,
                column: r.column.clone(),
                value: r.value.clone(),
                reason: r.reason.clone(),
            })
            .collect(),
        facts: facts_view(case, facts),
        groups: groups_view(&steps),
        actions: acts
            .iter()
            .map(|a| ActionView {
                rule_id: a.rule.id,
                action: a.rule.action,
                label: a.rule.label,
                subject_type: a.subject_type,
                subject_id: a.subject_id.to_string(),
                sis_alert_id: a.sis_alert_id.map(str::to_string),
                sis_effect: a.rule.sis_effect,
                due_date: a.due_date.map(|d| d.to_string()),
                draft: a.rule.draft,
                legal_basis: a.rule.legal_basis,
                explanation: a.explanation.clone(),
            })
            .collect(),
        verdicts_considered: sources.given,
        verdicts: verdicts_view(inputs, case, acts, params, sources),
    })
}

impl Explanation {
    /// The explanation as text for a reader, in Dutch.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let p = &self.parameters;
        let _ = writeln!(s, "Uitleg voor V-nummer {}", self.v_number);
        let _ = writeln!(
            s,
            "Peildatum {} · TB geldig t/m {} · gedwongen terugkeer naar Oekraïne mogelijk: {}",
            p.as_of,
            p.rtb_valid_until,
            ja_nee(p.ukraine_return_possible)
        );
        let _ = writeln!(
            s,
            "rtb-recon {} · regels versie {}",
            self.tool_version, self.rules_version
        );

        let _ = writeln!(s, "\n1. Gevonden gegevens");
        let id = &self.identity;
        let _ = writeln!(
            s,
            "   Identiteit: {}, {} · geboren {} · nationaliteit {}",
            id.surname.as_deref().unwrap_or("(achternaam onbekend)"),
            id.given_names.as_deref().unwrap_or("(voornamen onbekend)"),
            id.birth_date.as_deref().unwrap_or("onbekend"),
            id.nationality.as_deref().unwrap_or("onbekend"),
        );
        if self.records.is_empty() {
            let _ = writeln!(s, "   Geen geaccepteerde records.");
        }
        for r in &self.records {
            let _ = writeln!(s, "   {}, regel {}:", r.file, r.line);
            for (k, v) in &r.columns {
                let _ = writeln!(s, "      {k}: {v}");
            }
        }
        if self.rejected.is_empty() {
            let _ = writeln!(s, "   Afgekeurde rijen: geen.");
        } else {
            let _ = writeln!(s, "   Afgekeurde rijen (zie rejected.csv):");
            for r in &self.rejected {
                let _ = writeln!(
                    s,
                    "      {}, regel {}, kolom {} = '{}': {}",
                    r.file, r.line, r.column, r.value, r.reason
                );
            }
        }

        let _ = writeln!(s, "\n2. Afgeleide feiten (SPEC §4)");
        let width = self
            .facts
            .iter()
            .map(|f| f.label.chars().count())
            .max()
            .unwrap_or(0);
        for f in &self.facts {
            let pad = width - f.label.chars().count();
            let _ = writeln!(s, "   {}{} : {}", f.label, " ".repeat(pad), f.text);
        }

        let _ = writeln!(s, "\n3. Regels per groep, in tabelvolgorde");
        for g in &self.groups {
            let _ = writeln!(s, "\n   {} — {}", g.group, g.label);
            let _ = writeln!(s, "   Onderwerp: {}. {}", g.subject, g.policy);
            if g.subjects.is_empty() {
                let _ = writeln!(
                    s,
                    "   Niet van toepassing: de persoon heeft geen {}.",
                    g.group.subjects_nl()
                );
            }
            for subj in &g.subjects {
                if subj.subject_type != SubjectType::Person {
                    let _ = writeln!(s, "   {} {}:", subj.subject_type.nl(), subj.subject_id);
                }
                for st in &subj.steps {
                    let verdict = match st.outcome {
                        Outcome::Fired => format!("GAAT AF, want: {}", st.facts.join("; ")),
                        Outcome::Failed => format!(
                            "gaat niet af: niet voldaan aan «{}»",
                            st.failed_condition.as_deref().unwrap_or_default()
                        ),
                        Outcome::Shadowed => format!(
                            "niet geprobeerd: {} ging al af voor dit onderwerp (de eerste passende regel telt)",
                            st.shadowed_by.unwrap_or_default()
                        ),
                        Outcome::Held => {
                            "niet geprobeerd: de persoon staat in de wacht (HOLD)".to_string()
                        }
                    };
                    let _ = writeln!(s, "     {} {} — {}", st.rule_id, st.action, verdict);
                }
            }
        }

        let _ = writeln!(s, "\n4. Acties ({})", self.actions.len());
        if self.actions.is_empty() {
            let _ = writeln!(
                s,
                "   Geen: voor deze persoon is op deze peildatum niets te doen."
            );
        }
        for a in &self.actions {
            let _ = writeln!(
                s,
                "   {} ({}) — {} {}: {}",
                a.action,
                a.rule_id,
                a.subject_type.nl(),
                a.subject_id,
                a.label
            );
            let sis = a.sis_effect.label();
            let _ = writeln!(
                s,
                "      SIS: {sis}{}{} · grondslag: {}",
                a.sis_alert_id
                    .as_deref()
                    .map(|x| format!(" ({x})"))
                    .unwrap_or_default(),
                a.due_date
                    .as_deref()
                    .map(|d| format!(" · uiterlijk {d}"))
                    .unwrap_or_default(),
                a.legal_basis
            );
            let _ = writeln!(s, "      Waarom: {}", a.explanation);
        }

        let _ = writeln!(s, "\n5. Afhandelingen");
        if !self.verdicts_considered {
            let _ = writeln!(
                s,
                "   Niet bekeken: geef --previous (een eerdere run) of --verdicts (een afhandelingenbestand) mee."
            );
        } else if self.verdicts.is_empty() {
            let _ = writeln!(s, "   Geen afhandelingen voor deze persoon.");
        }
        for v in &self.verdicts {
            let until = v
                .until
                .as_deref()
                .map(|d| format!(" tot {d}"))
                .unwrap_or_default();
            let recorded = v
                .recorded
                .as_deref()
                .map(|d| format!(", vastgelegd {d}"))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "   {} {}: {}{until}{recorded}{}{}",
                v.action,
                v.subject_id,
                v.verdict.nl(),
                if v.by.is_empty() {
                    String::new()
                } else {
                    format!(" door {}", v.by)
                },
                if v.note.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", v.note)
                },
            );
            match &v.reason {
                None => {
                    let _ = writeln!(
                        s,
                        "      Geldt: de gegevens en de actie zijn sinds de afhandeling gelijk gebleven."
                    );
                }
                Some(r) => {
                    let _ = writeln!(s, "      Geldt niet: {r}; de actie staat open.");
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AppDecision, AppKind, BanStatus, HolderStatus, Identity, ReturnDecision, Severity,
        TkbStatus,
    };
    use crate::testkit::fixtures::*;

    /// The explanation on the tests' peildatum, without verdicts.
    fn explained(i: &Inputs, v_number: &str) -> Option<Explanation> {
        explain(
            i,
            v_number,
            &params("2026-11-28", "2027-03-04"),
            VerdictSources::NONE,
        )
    }

    /// Protection granted, a heavy ban and a return decision from before it,
    /// a Polish SIS hit and a pending regular application: BAN, TKB, HIT and
    /// APP all fire.
    fn busy() -> Inputs {
        let v = "200001";
        let mut i = Inputs::default();
        i.rtb_holders
            .push(holder(v, "Bondarenko", HolderStatus::Granted, "2022-03-10"));
        i.entry_bans.push(ban(
            "B1",
            v,
            Severity::Heavy,
            BanStatus::Active,
            "2020-01-01",
        ));
        i.return_decisions.push(ReturnDecision {
            line: 4,
            tkb_id: "T1".into(),
            v_number: v.into(),
            identity: Identity::default(),
            decision_date: d("2020-01-01"),
            is_final: true,
            status: TkbStatus::Active,
            suspension_reason: None,
            suspended_until: None,
            sis_alert_id: None,
        });
        i.sis_hits.push(hit("H1", v, "PL", "2026-11-20"));
        i.applications
            .push(application("A1", v, AppKind::Regular, AppDecision::Pending));
        // Someone else, who must not show up.
        i.rtb_holders.push(holder(
            "200002",
            "Melnyk",
            HolderStatus::Granted,
            "2022-03-10",
        ));
        i
    }

    fn outcome<'e>(e: &'e Explanation, rule: &str) -> Vec<(&'e str, Outcome)> {
        e.groups
            .iter()
            .flat_map(|g| &g.subjects)
            .flat_map(|s| s.steps.iter().map(move |st| (s.subject_id.as_str(), st)))
            .filter(|(_, st)| st.rule_id == rule)
            .map(|(id, st)| (id, st.outcome))
            .collect()
    }

    #[test]
    fn several_groups_fire() {
        let i = busy();
        let e = explained(&i, "200001").unwrap();
        let fired: Vec<(&str, &str, &str)> = e
            .actions
            .iter()
            .map(|a| (a.rule_id, a.action, a.subject_id.as_str()))
            .collect();
        assert_eq!(
            fired,
            [
                ("R24", "ASSESS_PO_REGULAR", "A1"),
                ("R16", "CONSULT_ISSUING_STATE", "H1"),
                ("R11", "SUSPEND_TKB", "T1"),
                ("R03", "TEMP_LIFT_HEAVY_IRV", "B1"),
            ]
        );
        // Table order, first match: R01 and R02 fail before R03 fires, the
        // rest of BAN is not tried for B1.
        assert_eq!(outcome(&e, "R01"), [("B1", Outcome::Failed)]);
        assert_eq!(outcome(&e, "R03"), [("B1", Outcome::Fired)]);
        assert_eq!(outcome(&e, "R04"), [("B1", Outcome::Shadowed)]);
        assert_eq!(outcome(&e, "R35"), [("200001", Outcome::Failed)]);
        let groups: Vec<&str> = e.groups.iter().map(|g| g.group.name()).collect();
        assert_eq!(
            groups,
            [
                "HOLD", "BAN", "OVR", "TKB", "HIT", "APP", "PERSON", "MEASURES"
            ]
        );
        assert_eq!(e.records.len(), 5);
        assert_eq!(e.records[1].file, "entry_bans");
        assert_eq!(
            e.records[1].columns[0],
            (crate::model::contract::column::BAN_ID, "B1".to_string())
        );
        let tp_end = e.facts.iter().find(|f| f.name == "tp_end").unwrap();
        assert_eq!(tp_end.text, "2027-03-04");

        let text = e.to_text();
        if std::env::var_os("SHOW_EXPLAIN").is_some() {
            println!("{text}");
        }
        assert!(text.starts_with("Uitleg voor V-nummer 200001\nPeildatum 2026-11-28 · TB geldig t/m 2027-03-04 · gedwongen terugkeer naar Oekraïne mogelijk: nee\n"));
        assert!(text.contains(
            "\n   inreisverbod B1:\n     R01 EXPIRE_IRV — gaat niet af: niet voldaan aan «"
        ));
        // The trace gives the same facts as actions.csv's explanation column.
        let r03 = &e.actions[3];
        assert_eq!(r03.rule_id, "R03");
        assert!(
            r03.explanation
                .starts_with("TB verleend, geldig t/m 2027-03-04; ")
        );
        assert!(text.contains(&format!(
            "\n     R03 TEMP_LIFT_HEAVY_IRV — GAAT AF, want: {}\n",
            r03.explanation
        )));
        assert!(text.contains("\n     R04 LIFT_LIGHT_IRV_REGULAR — niet geprobeerd: R03 ging al af voor dit onderwerp (de eerste passende regel telt)\n"));
        assert!(text.contains("\n4. Acties (4)\n"));
        assert!(!text.contains("200002"), "another person's data leaked");

        let json: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(json["v_number"], "200001");
        assert_eq!(json["parameters"]["as_of"], "2026-11-28");
        assert_eq!(
            json["groups"][1]["subjects"][0]["steps"][2]["outcome"],
            "fired"
        );
        assert_eq!(
            json["groups"][1]["subjects"][0]["steps"][2]["rule_id"],
            "R03"
        );
    }

    #[test]
    fn nothing_fires_and_every_rule_says_why() {
        let i = busy();
        let e = explained(&i, "200002").unwrap();
        assert!(e.actions.is_empty());
        let steps: Vec<&StepView> = e
            .groups
            .iter()
            .flat_map(|g| &g.subjects)
            .flat_map(|s| &s.steps)
            .collect();
        // HOLD 2, PERSON 5, MEASURES 5: every rule that applies to a person
        // without measures, hits or applications, each with its failed condition.
        assert_eq!(steps.len(), 12);
        assert!(steps.iter().all(|s| s.outcome == Outcome::Failed
            && s.failed_condition.as_deref().is_some_and(|c| !c.is_empty())));
        let text = e.to_text();
        assert!(text.contains("\n   BAN — Inreisverboden\n   Onderwerp: elk inreisverbod (IRV) van de persoon. De regels worden in deze volgorde geprobeerd; de eerste die past gaat af, de rest niet.\n   Niet van toepassing: de persoon heeft geen inreisverboden.\n"));
        assert!(text.contains("\n     R35 ASSESS_BTS — gaat niet af: niet voldaan aan «geen maatregelen aan de orde: M(p) geldt niet"));
        assert!(text.contains(
            "\n4. Acties (0)\n   Geen: voor deze persoon is op deze peildatum niets te doen.\n"
        ));
        assert!(text.ends_with(
            "\n5. Afhandelingen\n   Niet bekeken: geef --previous (een eerdere run) of --verdicts (een afhandelingenbestand) mee.\n"
        ));
    }

    #[test]
    fn an_unknown_person_is_none_and_a_quarantined_one_is_held() {
        let mut i = busy();
        assert!(
            explain(
                &i,
                "999999",
                &params("2026-11-28", "2027-03-04"),
                VerdictSources::NONE
            )
            .is_none()
        );
        i.rejected
            .push(rejection("200001", crate::model::Export::EntryBans, 9));
        let e = explained(&i, "200001").unwrap();
        let fired: Vec<&str> = e.actions.iter().map(|a| a.rule_id).collect();
        assert_eq!(fired, ["R14", "H01"]);
        assert_eq!(outcome(&e, "R03"), [("B1", Outcome::Held)]);
        assert_eq!(e.rejected.len(), 1);
        assert!(e.to_text().contains("\n      entry_bans, regel 9, kolom in_force_date = '31-02-2025': in_force_date '31-02-2025' is not a date\n"));
    }
}
