//! Group BAN (SPEC §6): one action at most per entry ban (IRV), the first
//! rule in table order that matches. WI hfst. 3 "Inreisverboden".

use super::nl;
use super::{Check, Ctx, Group, Rule, RuleFn, SisEffect, no_due};
use crate::model::{AppDecision, AppKind, BanStatus, EntryBan, LiftedReason, Severity};

pub(super) static RULES: [RuleFn<EntryBan>; 8] = [
    RuleFn {
        rule: Rule {
            id: "R01",
            group: Group::Ban,
            action: "EXPIRE_IRV",
            label: "IRV verlopen: register en signalering opschonen",
            condition: "het IRV is actief of tijdelijk opgeheven en de termijn is verstreken (datum inwerkingtreding plus duur in jaren)",
            sis_effect: SisEffect::Delete,
            draft: false,
            legal_basis: "art. 66a lid 4 Vw; A4/2.5 Vc",
            due: "",
        },
        when: r01,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R02",
            group: Group::Ban,
            action: "LIFT_IRV_NOT_IN_FORCE",
            label: "IRV opheffen: nog niet in werking en reguliere aanvraag verleend",
            condition: "een reguliere aanvraag is verleend op of na de datum van het IRV; het IRV is actief of tijdelijk opgeheven en nog niet in werking getreden",
            sis_effect: SisEffect::Delete,
            draft: true,
            legal_basis: "art. 66b lid 1 Vw; WI hfst. 3 (reguliere aanvraag)",
            due: "",
        },
        when: r02,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R03",
            group: Group::Ban,
            action: "TEMP_LIFT_HEAVY_IRV",
            label: "Zwaar IRV tijdelijk opheffen voor de duur van de tijdelijke bescherming",
            condition: "TB verleend en van kracht; zwaar IRV actief, besloten op of vóór de datum van de RTB-status",
            sis_effect: SisEffect::Suspend,
            draft: true,
            legal_basis: "art. 66b lid 1 Vw; WI hfst. 3",
            due: "",
        },
        when: r03,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R04",
            group: Group::Ban,
            action: "LIFT_LIGHT_IRV_REGULAR",
            label: "Licht IRV opheffen: verblijfsdoel van art. 6.6 lid 1 VV",
            condition: "een reguliere aanvraag met een verblijfsdoel van art. 6.6 lid 1 VV is verleend op of na de datum van het IRV; licht IRV, actief of tijdelijk opgeheven, in werking",
            sis_effect: SisEffect::Delete,
            draft: true,
            legal_basis: "art. 6.6 lid 1 VV; WI hfst. 3",
            due: "",
        },
        when: r04,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R05",
            group: Group::Ban,
            action: "LIFT_LIGHT_IRV",
            label: "Licht IRV definitief opheffen wegens tijdelijke bescherming",
            condition: "TB verleend en van kracht; licht IRV actief of tijdelijk opgeheven (hoofdstuk 3 gaat voor de opschortingstekst van hoofdstuk 2)",
            sis_effect: SisEffect::Delete,
            draft: true,
            legal_basis: "art. 66b lid 1 Vw; WI hfst. 3",
            due: "",
        },
        when: r05,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R06",
            group: Group::Ban,
            action: "UPDATE_TEMP_LIFT_END",
            label: "Einddatum tijdelijke opheffing zwaar IRV bijwerken in het register",
            condition: "TB verleend en van kracht; zwaar IRV tijdelijk opgeheven wegens TB, met een lege einddatum of een andere dan het einde van de TB",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "art. 66b lid 1 Vw; WI hfst. 3",
            due: "",
        },
        when: r06,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R07",
            group: Group::Ban,
            action: "END_TEMP_LIFT_IRV",
            label: "Tijdelijke opheffing IRV beëindigen: de TB is voorbij",
            condition: "er is een RTB-registratie, TB is niet (meer) van kracht, en het IRV is tijdelijk opgeheven wegens TB (de opheffing gold voor de duur van de bescherming)",
            sis_effect: SisEffect::Resume,
            draft: false,
            legal_basis: "art. 66b lid 1 Vw; WI hfst. 3",
            due: "",
        },
        when: r07,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R08",
            group: Group::Ban,
            action: "ASSESS_LIFT_HEAVY_IRV",
            label: "Opheffing zwaar IRV beoordelen bij reguliere aanvraag (eerst A4/2.5 Vc)",
            condition: "een reguliere aanvraag is in behandeling, of verleend op of na de datum van het IRV; zwaar IRV actief of tijdelijk opgeheven, in werking",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "A4/2.5 Vc; art. 6.6 lid 2 VV; WI hfst. 3",
            due: "",
        },
        when: r08,
        due: no_due,
    },
];

fn r01(cx: &Ctx<'_, '_>, b: &EntryBan, c: &mut Check) {
    c.req(b.live(), || nl::ban(b))
        .req(b.lapsed(cx.as_of()), || {
            format!(
                "termijn van {} jaar sinds inwerkingtreding {} verstreken op {}",
                b.duration_years.unwrap_or_default(),
                nl::opt_date(b.in_force_date),
                nl::opt_date(b.lapse_date())
            )
        });
}

fn granted_after(cx: &Ctx<'_, '_>, b: &EntryBan, c: &mut Check) {
    let app = cx.case.granted_after(b.decision_date);
    c.req(app.is_some(), || match app {
        Some(a) => format!(
            "reguliere aanvraag {} verleend op {} (IRV besloten {})",
            a.application_id,
            nl::opt_date(a.decision_date),
            b.decision_date
        ),
        None => format!("reguliere aanvraag verleend op of na {}", b.decision_date),
    });
}

fn r02(cx: &Ctx<'_, '_>, b: &EntryBan, c: &mut Check) {
    granted_after(cx, b, c);
    c.req(b.live(), || nl::ban(b))
        .req(!b.in_force(cx.as_of()), || {
            format!(
                "IRV niet in werking (inwerkingtreding: {})",
                nl::opt_date(b.in_force_date)
            )
        });
}

fn predates(cx: &Ctx<'_, '_>, b: &EntryBan, c: &mut Check) {
    c.req(cx.case.predates_protection(b.decision_date), || {
        let status_date = cx.case.holder.map(|r| r.status_date);
        format!(
            "IRV besloten {}, op of vóór de RTB-status van {}",
            b.decision_date,
            nl::opt_date(status_date)
        )
    });
}

fn r03(cx: &Ctx<'_, '_>, b: &EntryBan, c: &mut Check) {
    c.req(cx.facts.tp_in_force, || nl::tp_in_force(cx.facts))
        .req(
            b.severity == Severity::Heavy && b.status == BanStatus::Active,
            || nl::ban(b),
        );
    predates(cx, b, c);
}

fn r04(cx: &Ctx<'_, '_>, b: &EntryBan, c: &mut Check) {
    let app = cx.case.applications.iter().find(|a| {
        a.kind == AppKind::Regular
            && a.decision == AppDecision::Granted
            && a.decision_date.is_some_and(|d| d >= b.decision_date)
            && a.art_6_6_purpose == Some(true)
    });
    c.req(app.is_some(), || match app {
        Some(a) => format!(
            "reguliere aanvraag {} met verblijfsdoel art. 6.6 lid 1 VV verleend op {}",
            a.application_id,
            nl::opt_date(a.decision_date)
        ),
        None => format!(
            "reguliere aanvraag met verblijfsdoel art. 6.6 lid 1 VV verleend op of na {}",
            b.decision_date
        ),
    })
    .req(b.severity == Severity::Light && b.live(), || nl::ban(b))
    .req(b.in_force(cx.as_of()), || {
        format!("IRV in werking sinds {}", nl::opt_date(b.in_force_date))
    });
}

fn r05(cx: &Ctx<'_, '_>, b: &EntryBan, c: &mut Check) {
    c.req(cx.facts.tp_in_force, || nl::tp_in_force(cx.facts))
        .req(b.severity == Severity::Light && b.live(), || nl::ban(b));
}

fn temp_lifted_for_tp(b: &EntryBan) -> bool {
    b.status == BanStatus::TemporarilyLifted
        && b.lifted_reason == Some(LiftedReason::TemporaryProtection)
}

fn r06(cx: &Ctx<'_, '_>, b: &EntryBan, c: &mut Check) {
    let tp_end = cx.facts.tp_end;
    c.req(cx.facts.tp_in_force, || nl::tp_in_force(cx.facts))
        .req(
            b.severity == Severity::Heavy && temp_lifted_for_tp(b),
            || format!("{} wegens TB", nl::ban(b)),
        )
        .req(b.lifted_until != Some(tp_end), || {
            format!(
                "einddatum tijdelijke opheffing {} wordt {} (nieuw einde TB)",
                nl::opt_date(b.lifted_until),
                tp_end
            )
        });
}

fn r07(cx: &Ctx<'_, '_>, b: &EntryBan, c: &mut Check) {
    c.req(cx.case.holder.is_some(), || {
        "RTB-registratie aanwezig".into()
    })
    .req(!cx.facts.tp_in_force, || {
        nl::not_tp_in_force(cx.facts, cx.case.holder.map(|r| r.status))
    })
    .req(temp_lifted_for_tp(b), || {
        format!("{} wegens TB", nl::ban(b))
    });
}

fn r08(cx: &Ctx<'_, '_>, b: &EntryBan, c: &mut Check) {
    let pending = cx
        .case
        .applications
        .iter()
        .find(|a| a.kind == AppKind::Regular && a.decision == AppDecision::Pending);
    let granted = cx.case.granted_after(b.decision_date);
    c.req(pending.is_some() || granted.is_some(), || {
        match (pending, granted) {
            (Some(a), _) => format!("reguliere aanvraag {} in behandeling", a.application_id),
            (None, Some(a)) => format!(
                "reguliere aanvraag {} verleend op {}",
                a.application_id,
                nl::opt_date(a.decision_date)
            ),
            (None, None) => "reguliere aanvraag in behandeling of verleend na het IRV".into(),
        }
    })
    .req(b.severity == Severity::Heavy && b.live(), || nl::ban(b))
    .req(b.in_force(cx.as_of()), || {
        format!("IRV in werking sinds {}", nl::opt_date(b.in_force_date))
    });
}
