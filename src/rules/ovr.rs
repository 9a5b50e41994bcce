//! Group OVR (SPEC §6): one action at most per exclusion order, the first
//! rule in table order that matches. WI hfst. 3 "Ongewenstverklaringen".

use super::nl;
use super::{Check, Ctx, Group, Rule, RuleFn, SisEffect, no_due};
use crate::model::{AppDecision, AppKind, ExclusionOrder};

pub(super) static RULES: [RuleFn<ExclusionOrder>; 2] = [
    RuleFn {
        rule: Rule {
            id: "R09",
            group: Group::Ovr,
            action: "LIFT_OVR",
            label: "Ongewenstverklaring opheffen",
            condition: "OVR actief, en (TB of claim actief en de OVR dateert van vóór de RTB-status — sowieso opgeheven omdat de persoon in Nederland is) of een reguliere aanvraag is verleend op of na de datum van de OVR",
            sis_effect: SisEffect::Delete,
            draft: true,
            legal_basis: "art. 67 lid 3 en art. 68 Vw; WI hfst. 3",
            due: "",
        },
        when: r09,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R10",
            group: Group::Ovr,
            action: "ASSESS_OVR_LIFT_REGULAR",
            label: "Opheffing OVR beoordelen: reguliere aanvraag geldt als verzoek (A4/3.5 Vc)",
            condition: "OVR actief en een reguliere aanvraag in behandeling",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "A4/3.5 Vc; WI hfst. 3",
            due: "",
        },
        when: r10,
        due: no_due,
    },
];

fn r09(cx: &Ctx<'_, '_>, o: &ExclusionOrder, c: &mut Check) {
    let protected = cx.facts.rtb_active && cx.case.predates_protection(o.decision_date);
    let granted = cx.case.granted_after(o.decision_date);
    c.req(o.live(), || nl::ovr(o))
        .req(protected || granted.is_some(), || {
            match (protected, granted) {
                (true, _) => format!(
                    "{}; OVR besloten {}, op of vóór de RTB-status van {}",
                    nl::tp(cx.facts),
                    o.decision_date,
                    nl::opt_date(cx.case.holder.map(|r| r.status_date))
                ),
                (false, Some(a)) => format!(
                    "reguliere aanvraag {} verleend op {} (OVR besloten {})",
                    a.application_id,
                    nl::opt_date(a.decision_date),
                    o.decision_date
                ),
                (false, None) => {
                    "TB of claim actief vóór de OVR, of reguliere aanvraag verleend na de OVR"
                        .into()
                }
            }
        });
}

fn r10(cx: &Ctx<'_, '_>, o: &ExclusionOrder, c: &mut Check) {
    let pending = cx
        .case
        .applications
        .iter()
        .find(|a| a.kind == AppKind::Regular && a.decision == AppDecision::Pending);
    c.req(o.live(), || nl::ovr(o))
        .req(pending.is_some(), || match pending {
            Some(a) => format!("reguliere aanvraag {} in behandeling", a.application_id),
            None => "reguliere aanvraag in behandeling".into(),
        });
}
