//! The hit policy of SPEC §6: the order in which groups run, first match
//! within BAN, OVR, TKB, HIT, APP and MEASURES, independent HOLD and PERSON
//! rules, and HOLD blocking everything but `HIT_ON_HOLD`.
//!
//! `evaluate` is a pure function of the case and its facts; the run calls it
//! for every person in parallel, `explain` calls it with a trace.

use super::check::{Check, Mode};
use super::{Ctx, Group, Rule, RuleFn, Subject, SubjectType};
use super::{application, ban, hit, hold, measures, ovr, person, tkb};
use crate::case::{Case, Facts};
use crate::model::Date;
use crate::rules::SisEffect;

/// One action for the team (a row of actions.csv before output adds the
/// person's name and the draft path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action<'a> {
    pub rule: &'static Rule,
    pub v_number: &'a str,
    pub subject_type: SubjectType,
    pub subject_id: &'a str,
    pub sis_alert_id: Option<&'a str>,
    pub due_date: Option<Date>,
    /// The facts that made the rule fire, in Dutch.
    pub explanation: String,
}

/// How one rule fared for one subject (for `explain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOutcome {
    /// It fired, because of these facts.
    Fired(Vec<String>),
    /// It did not fire: this condition does not hold.
    Failed(String),
    /// Not tried: an earlier rule of its group fired for this subject.
    Shadowed(&'static str),
    /// Not tried: a HOLD rule fired for the person.
    Held,
}

/// One rule tried on one subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub rule: &'static Rule,
    pub subject_type: SubjectType,
    pub subject_id: String,
    pub outcome: StepOutcome,
}

/// Applies every rule to one person; with `trace`, records each rule tried.
pub fn evaluate<'a>(
    case: &Case<'a>,
    facts: &Facts,
    mut trace: Option<&mut Vec<Step>>,
) -> Vec<Action<'a>> {
    let mut out = Vec::new();
    let mut cx = Ctx {
        case,
        facts,
        held: false,
        deleting_measure: None,
    };

    run(&cx, &hold::RULES, case.v_number, &mut out, &mut trace);
    cx.held = !out.is_empty();
    if cx.held {
        for h in case.sis_hits {
            run(&cx, &hit::RULES, h, &mut out, &mut trace);
        }
        if let Some(t) = trace {
            held_steps(case, t);
        }
        return out;
    }

    for b in case.entry_bans {
        run(&cx, &ban::RULES, b, &mut out, &mut trace);
    }
    for o in case.exclusion_orders {
        run(&cx, &ovr::RULES, o, &mut out, &mut trace);
    }
    cx.deleting_measure = out
        .iter()
        .find(|a| {
            matches!(a.rule.group, Group::Ban | Group::Ovr)
                && a.rule.sis_effect == SisEffect::Delete
        })
        .map(|a| a.subject_id);
    for t in case.return_decisions {
        run(&cx, &tkb::RULES, t, &mut out, &mut trace);
    }
    for h in case.sis_hits {
        run(&cx, &hit::RULES, h, &mut out, &mut trace);
    }
    for a in case.applications {
        run(&cx, &application::RULES, a, &mut out, &mut trace);
    }
    run(&cx, &person::RULES, case.v_number, &mut out, &mut trace);
    if facts.measures_due {
        run(&cx, &measures::RULES, case.v_number, &mut out, &mut trace);
    } else if let Some(t) = trace {
        for rf in &measures::RULES {
            t.push(Step {
                rule: &rf.rule,
                subject_type: SubjectType::Person,
                subject_id: case.v_number.to_string(),
                outcome: StepOutcome::Failed(measures::NOT_DUE.to_string()),
            });
        }
    }
    out
}

/// Tries a group's rules on one subject under the group's hit policy.
fn run<'a, S: Subject + ?Sized>(
    cx: &Ctx<'_, 'a>,
    rules: &'static [RuleFn<S>],
    subject: &'a S,
    out: &mut Vec<Action<'a>>,
    trace: &mut Option<&mut Vec<Step>>,
) {
    let mut fired: Option<&'static str> = None;
    for rf in rules {
        let rule = &rf.rule;
        if let Some(winner) = fired.filter(|_| rule.group.first_match()) {
            if let Some(t) = trace.as_deref_mut() {
                t.push(step(rule, subject, StepOutcome::Shadowed(winner)));
            }
            continue;
        }
        let mode = if trace.is_some() {
            Mode::Trace
        } else {
            Mode::Test
        };
        let mut check = Check::new(mode);
        (rf.when)(cx, subject, &mut check);
        if !check.holds() {
            if let Some(t) = trace.as_deref_mut() {
                let why = check.failure().unwrap_or_default().to_string();
                t.push(step(rule, subject, StepOutcome::Failed(why)));
            }
            continue;
        }
        if mode == Mode::Test {
            // The verdict came without wording; run it again to word it.
            check = Check::new(Mode::Explain);
            (rf.when)(cx, subject, &mut check);
        }
        if let Some(t) = trace.as_deref_mut() {
            t.push(step(
                rule,
                subject,
                StepOutcome::Fired(check.facts().to_vec()),
            ));
        }
        out.push(Action {
            rule,
            v_number: cx.case.v_number,
            subject_type: S::TYPE,
            subject_id: subject.id(),
            sis_alert_id: subject.sis_alert_id(),
            due_date: (rf.due)(cx, subject),
            explanation: check.into_explanation(),
        });
        fired = Some(rule.id);
    }
}

fn step<S: Subject + ?Sized>(rule: &'static Rule, subject: &S, outcome: StepOutcome) -> Step {
    Step {
        rule,
        subject_type: S::TYPE,
        subject_id: subject.id().to_string(),
        outcome,
    }
}

/// Records the groups a HOLD blocked, so `explain` shows why they are silent.
fn held_steps(case: &Case<'_>, t: &mut Vec<Step>) {
    let mut held = |rules: &mut dyn Iterator<Item = &'static Rule>, ty, id: &str| {
        for rule in rules {
            t.push(Step {
                rule,
                subject_type: ty,
                subject_id: id.to_string(),
                outcome: StepOutcome::Held,
            });
        }
    };
    for b in case.entry_bans {
        held(
            &mut ban::RULES.iter().map(|f| &f.rule),
            SubjectType::EntryBan,
            &b.ban_id,
        );
    }
    for o in case.exclusion_orders {
        held(
            &mut ovr::RULES.iter().map(|f| &f.rule),
            SubjectType::ExclusionOrder,
            &o.ovr_id,
        );
    }
    for r in case.return_decisions {
        held(
            &mut tkb::RULES.iter().map(|f| &f.rule),
            SubjectType::ReturnDecision,
            &r.tkb_id,
        );
    }
    for a in case.applications {
        held(
            &mut application::RULES.iter().map(|f| &f.rule),
            SubjectType::Application,
            &a.application_id,
        );
    }
    held(
        &mut person::RULES.iter().map(|f| &f.rule),
        SubjectType::Person,
        case.v_number,
    );
    held(
        &mut measures::RULES.iter().map(|f| &f.rule),
        SubjectType::Person,
        case.v_number,
    );
}
