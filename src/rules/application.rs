//! Group APP (SPEC §6): one action at most per application. R20–R23 decide
//! pending requests to lift a live measure of a person without protection or
//! claim (with a claim or protection, the BAN and OVR rules decide the
//! measure); R24–R25 flag public-order assessments in pending applications.

use super::nl;
use super::{Check, Ctx, Group, Rule, RuleFn, SisEffect, no_due};
use crate::model::{AppDecision, AppKind, Application, Nationality, Severity, State, TargetKind};

const LIFT_BASIS: &str = "A4/2.5 Vc en art. 6.5b Vb (IRV) of A4/3.5 Vc en art. 6.6 Vb (OVR)";

pub(super) static RULES: [RuleFn<Application>; 6] = [
    RuleFn {
        rule: Rule {
            id: "R20",
            group: Group::App,
            action: "REFER_TO_SUA",
            label: "Opheffingsverzoek voorleggen aan SUA (Oekraïner, verzoek vanuit Oekraïne)",
            condition: "opheffingsverzoek in behandeling tegen een actieve maatregel, geen TB of claim actief; niet aan de opheffingsvoorwaarden voldaan, ingediend vanuit Oekraïne, en de persoon heeft de Oekraïense (tweede) nationaliteit of een onbekende nationaliteit",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "WI hfst. 3; A4/2.5 Vc (IRV) of A4/3.5 Vc (OVR)",
            due: "",
        },
        when: r20,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R21",
            group: Group::App,
            action: "REJECT_LIFT_REQUEST",
            label: "Opheffingsverzoek afwijzen",
            condition: "opheffingsverzoek in behandeling tegen een actieve maatregel, geen TB of claim actief; niet aan de opheffingsvoorwaarden voldaan",
            sis_effect: SisEffect::None,
            draft: true,
            legal_basis: LIFT_BASIS,
            due: "",
        },
        when: r21,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R22",
            group: Group::App,
            action: "GRANT_LIFT_REQUEST",
            label: "Opheffingsverzoek inwilligen en maatregel opheffen",
            condition: "opheffingsverzoek in behandeling tegen een actieve maatregel, geen TB of claim actief; aan de opheffingsvoorwaarden voldaan",
            sis_effect: SisEffect::Delete,
            draft: true,
            legal_basis: LIFT_BASIS,
            due: "",
        },
        when: r22,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R23",
            group: Group::App,
            action: "ASSESS_LIFT_REQUEST",
            label: "Opheffingsverzoek beoordelen (opheffingsvoorwaarden nog niet getoetst)",
            condition: "opheffingsverzoek in behandeling tegen een actieve maatregel, geen TB of claim actief; opheffingsvoorwaarden nog niet beoordeeld",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: LIFT_BASIS,
            due: "",
        },
        when: r23,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R24",
            group: Group::App,
            action: "ASSESS_PO_REGULAR",
            label: "Openbare orde toetsen bij reguliere aanvraag",
            condition: "reguliere aanvraag in behandeling, en de persoon heeft een actief zwaar IRV, een actief licht IRV op grond van openbare orde of nationale veiligheid, een openbare-orde-indicatie of een openbare-ordegebeurtenis",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "B1/4.4 Vc; WI hfst. 3",
            due: "",
        },
        when: r24,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R25",
            group: Group::App,
            action: "ASSESS_ASYLUM_PO",
            label: "Openbare orde toetsen bij asielaanvraag (ondanks art. 43a Vw)",
            condition: "asielaanvraag in behandeling, en een openbare-orde-indicatie, een actief zwaar IRV of een openbare-ordegebeurtenis (alleen bij ernstig gevaar voor openbare orde of nationale veiligheid beslissen; bij intrekking tegelijk beslissen)",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "art. 43a Vw; WI hfst. 3 en 6",
            due: "",
        },
        when: r25,
        due: no_due,
    },
];

/// The common condition of R20–R23: a pending lift request against a live
/// measure, while the person has neither protection nor a claim.
fn lift_request(cx: &Ctx<'_, '_>, a: &Application, c: &mut Check) {
    let target = a.target.as_ref();
    let live = target.is_some_and(|t| match t.kind {
        TargetKind::EntryBan => cx.case.entry_ban(&t.id).is_some_and(|b| b.live()),
        TargetKind::ExclusionOrder => cx.case.exclusion_order(&t.id).is_some_and(|o| o.live()),
    });
    c.req(
        a.kind == AppKind::LiftRequest && a.decision == AppDecision::Pending,
        || {
            format!(
                "opheffingsverzoek {} in behandeling sinds {}",
                a.application_id, a.filed_date
            )
        },
    )
    .req(live, || match target {
        Some(t) => format!("op te heffen {} {} is actief", t.kind.nl(), t.id),
        None => "op te heffen maatregel is actief".into(),
    })
    .req(!cx.facts.rtb_active, || nl::no_tp_or_claim(cx.facts));
}

fn conditions(a: &Application, want: Option<bool>, c: &mut Check) {
    c.req(a.lift_conditions_met == want, || match want {
        Some(true) => "aan de opheffingsvoorwaarden is voldaan".into(),
        Some(false) => "niet aan de opheffingsvoorwaarden voldaan".into(),
        None => "opheffingsvoorwaarden nog niet beoordeeld".into(),
    });
}

fn r20(cx: &Ctx<'_, '_>, a: &Application, c: &mut Check) {
    let f = cx.facts;
    let second_ukr = cx.case.holder.and_then(|r| r.second_nationality) == Some(Nationality::UKR);
    lift_request(cx, a, c);
    conditions(a, Some(false), c);
    c.req(a.filed_from == State::UA, || {
        "ingediend vanuit Oekraïne".into()
    })
    .req(
        f.ukrainian || second_ukr || f.nationality.is_none(),
        || match f.nationality {
            None => "nationaliteit onbekend".into(),
            Some(n) if n == Nationality::UKR => "Oekraïense nationaliteit".into(),
            Some(n) if second_ukr => format!("nationaliteit {n}, tweede nationaliteit UKR"),
            Some(n) => format!("Oekraïense (tweede) nationaliteit (is {n})"),
        },
    );
}

fn r21(cx: &Ctx<'_, '_>, a: &Application, c: &mut Check) {
    lift_request(cx, a, c);
    conditions(a, Some(false), c);
}

fn r22(cx: &Ctx<'_, '_>, a: &Application, c: &mut Check) {
    lift_request(cx, a, c);
    conditions(a, Some(true), c);
}

fn r23(cx: &Ctx<'_, '_>, a: &Application, c: &mut Check) {
    lift_request(cx, a, c);
    conditions(a, None, c);
}

fn r24(cx: &Ctx<'_, '_>, a: &Application, c: &mut Check) {
    let case = cx.case;
    let heavy = case
        .entry_bans
        .iter()
        .find(|b| b.severity == Severity::Heavy && b.live());
    let light_po = case
        .entry_bans
        .iter()
        .find(|b| b.severity == Severity::Light && b.live() && b.ground.is_public_order());
    let f = cx.facts;
    c.req(a.kind == AppKind::Regular && a.decision == AppDecision::Pending, || {
        format!("reguliere aanvraag {} in behandeling", a.application_id)
    })
    .req(heavy.is_some() || light_po.is_some() || f.po || f.latest_event.is_some(), || {
        let mut why = Vec::new();
        if let Some(b) = heavy.or(light_po) {
            why.push(nl::ban(b));
        }
        if f.po {
            why.push("openbare-orde-indicatie".into());
        }
        if f.latest_event.is_some() {
            why.push(nl::event(f));
        }
        if why.is_empty() {
            why.push("actief zwaar IRV, licht IRV wegens openbare orde, openbare-orde-indicatie of -gebeurtenis".into());
        }
        why.join("; ")
    });
}

fn r25(cx: &Ctx<'_, '_>, a: &Application, c: &mut Check) {
    let heavy = cx
        .case
        .entry_bans
        .iter()
        .find(|b| b.severity == Severity::Heavy && b.live());
    let f = cx.facts;
    c.req(
        a.kind == AppKind::Asylum && a.decision == AppDecision::Pending,
        || format!("asielaanvraag {} in behandeling", a.application_id),
    )
    .req(f.po || heavy.is_some() || f.latest_event.is_some(), || {
        let mut why = Vec::new();
        if f.po {
            why.push("openbare-orde-indicatie".into());
        }
        if let Some(b) = heavy {
            why.push(nl::ban(b));
        }
        if f.latest_event.is_some() {
            why.push(nl::event(f));
        }
        if why.is_empty() {
            why.push(
                "openbare-orde-indicatie, actief zwaar IRV of openbare-ordegebeurtenis".into(),
            );
        }
        why.join("; ")
    });
}
