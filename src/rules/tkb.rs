//! Group TKB (SPEC §6): one action at most per return decision, the first
//! rule in table order that matches. WI hfst. 2 (opschorting terugkeerbesluit).

use super::nl;
use super::{Check, Ctx, Group, Rule, RuleFn, SisEffect, no_due};
use crate::model::{ReturnDecision, SuspensionReason, TkbStatus};

pub(super) static RULES: [RuleFn<ReturnDecision>; 3] = [
    RuleFn {
        rule: Rule {
            id: "R11",
            group: Group::Tkb,
            action: "SUSPEND_TKB",
            label: "Terugkeerbesluit opschorten voor de duur van de tijdelijke bescherming",
            condition: "TB verleend en van kracht; terugkeerbesluit actief",
            sis_effect: SisEffect::Suspend,
            draft: false,
            legal_basis: "art. 45 lid 6 Vw; art. 3 lid 5 Vo (EU) 2018/1860; WI hfst. 2",
            due: "",
        },
        when: r11,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R12",
            group: Group::Tkb,
            action: "UPDATE_SUSPENSION_END",
            label: "Einddatum opschorting terugkeerbesluit bijwerken in het register",
            condition: "TB verleend en van kracht; terugkeerbesluit opgeschort wegens TB, met een lege einddatum of een andere dan het einde van de TB",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "art. 45 lid 6 Vw; WI hfst. 2",
            due: "",
        },
        when: r12,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R13",
            group: Group::Tkb,
            action: "RESUME_TKB",
            label: "Opschorting terugkeerbesluit beëindigen: de TB is voorbij",
            condition: "er is een RTB-registratie, TB is niet (meer) van kracht, het terugkeerbesluit is opgeschort wegens TB, en er is geen reguliere aanvraag verleend op of na de datum van het terugkeerbesluit",
            sis_effect: SisEffect::Resume,
            draft: false,
            legal_basis: "art. 45 lid 7 Vw; WI hfst. 2",
            due: "",
        },
        when: r13,
        due: no_due,
    },
];

fn suspended_for_tp(t: &ReturnDecision) -> bool {
    t.status == TkbStatus::Suspended
        && t.suspension_reason == Some(SuspensionReason::TemporaryProtection)
}

fn r11(cx: &Ctx<'_, '_>, t: &ReturnDecision, c: &mut Check) {
    c.req(cx.facts.tp_in_force, || nl::tp_in_force(cx.facts))
        .req(t.status == TkbStatus::Active, || nl::tkb(t));
}

fn r12(cx: &Ctx<'_, '_>, t: &ReturnDecision, c: &mut Check) {
    let tp_end = cx.facts.tp_end;
    c.req(cx.facts.tp_in_force, || nl::tp_in_force(cx.facts))
        .req(suspended_for_tp(t), || format!("{} wegens TB", nl::tkb(t)))
        .req(t.suspended_until != Some(tp_end), || {
            format!(
                "einddatum opschorting {} wordt {} (nieuw einde TB)",
                nl::opt_date(t.suspended_until),
                tp_end
            )
        });
}

fn r13(cx: &Ctx<'_, '_>, t: &ReturnDecision, c: &mut Check) {
    let granted = cx.case.granted_after(t.decision_date);
    c.req(cx.case.holder.is_some(), || {
        "RTB-registratie aanwezig".into()
    })
    .req(!cx.facts.tp_in_force, || {
        nl::not_tp_in_force(cx.facts, cx.case.holder.map(|r| r.status))
    })
    .req(suspended_for_tp(t), || format!("{} wegens TB", nl::tkb(t)))
    .req(granted.is_none(), || match granted {
        Some(a) => format!(
            "geen reguliere aanvraag verleend sinds {} (maar {} is verleend op {})",
            t.decision_date,
            a.application_id,
            nl::opt_date(a.decision_date)
        ),
        None => format!("geen reguliere aanvraag verleend sinds {}", t.decision_date),
    });
}
