//! Group PERSON (SPEC §6): independent rules about the person as a whole;
//! each fires at most once per person, alongside any other.

use super::nl;
use super::{Check, Ctx, Group, Rule, RuleFn, SisEffect, no_due};
use crate::case::TCN_TEMPORARY_END;
use crate::model::{
    AppDecision, AppKind, BanStatus, Category, HolderStatus, LiftedReason, OvrStatus, Severity,
};

pub(super) static RULES: [RuleFn<str>; 5] = [
    RuleFn {
        rule: Rule {
            id: "R26",
            group: Group::Person,
            action: "ASSESS_PO_REFUSAL",
            label: "Weigering TB wegens openbare orde beoordelen; termijn plakken RTB-sticker opschorten",
            condition: "claim op TB actief, en een actief zwaar IRV, een actieve OVR, een OVR opgeheven wegens TB, of een openbare-orde-indicatie",
            sis_effect: SisEffect::None,
            draft: true,
            legal_basis: "art. 4:15 lid 1 Awb; art. 3.1a lid 2 Vb; WI hfst. 2 en 3",
            due: "",
        },
        when: r26,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R27",
            group: Group::Person,
            action: "END_TP_TCN_TEMPORARY",
            label: "TB beëindigen: derdelander met tijdelijke Oekraïense verblijfsvergunning (na 4 maart 2024)",
            condition: "categorie derdelander met tijdelijke Oekraïense vergunning, TB verleend, peildatum na 4 maart 2024",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "Kamerstuk 19637 nr. 3200; WI hfst. 1",
            due: "",
        },
        when: r27,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R28",
            group: Group::Person,
            action: "REASSESS_PO_AFTER_TP",
            label: "Zwaar IRV overwegen nu de TB voorbij is",
            condition: "RTB-registratie zonder lopende claim, geen TB of claim actief, geen openbare-ordegebeurtenis, geen asielaanvraag in behandeling, geen reguliere aanvraag verleend, geen EU-burger, geen actief zwaar IRV en geen actieve Bts; en een openbare-orde-indicatie, of een OVR of IRV op grond van openbare orde of nationale veiligheid die wegens TB is opgeheven",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "art. 66a lid 7 Vw; WI hfst. 3",
            due: "",
        },
        when: r28,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R29",
            group: Group::Person,
            action: "ASSESS_RTB_ELIGIBILITY",
            label: "Eerst toetsen of de persoon onder de RTB valt (reguliere aanvraag afgewezen)",
            condition: "geen TB of claim actief, geen openbare-ordegebeurtenis, geen RTB-registratie of TB verleend/beëindigd; en een reguliere aanvraag is afgewezen (na de RTB-status) wegens openbare orde of nationale veiligheid, of terwijl er een actieve onherroepelijke maatregel is",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "WI hfst. 3 (reguliere aanvraag)",
            due: "",
        },
        when: r29,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R30",
            group: Group::Person,
            action: "ASSESS_TP_WITHDRAWAL",
            label: "Intrekken of beëindigen van de TB beoordelen (openbare-orde-uitkomst tijdens TB)",
            condition: "TB verleend en van kracht, en een asielaanvraag afgewezen wegens openbare orde of nationale veiligheid na de RTB-status, of een zwaar IRV, OVR of Bts besloten na de RTB-status",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "WI hfst. 6",
            due: "",
        },
        when: r30,
        due: no_due,
    },
];

fn r26(cx: &Ctx<'_, '_>, _: &str, c: &mut Check) {
    let case = cx.case;
    let heavy = case
        .entry_bans
        .iter()
        .find(|b| b.severity == Severity::Heavy && b.live());
    let ovr = case.exclusion_orders.iter().find(|o| {
        o.status == OvrStatus::Active
            || (o.status == OvrStatus::Lifted
                && o.lifted_reason == Some(LiftedReason::TemporaryProtection))
    });
    c.req(cx.facts.claim_active, || nl::claim(cx.facts)).req(
        heavy.is_some() || ovr.is_some() || cx.facts.po,
        || {
            let mut why = Vec::new();
            if let Some(b) = heavy {
                why.push(nl::ban(b));
            }
            if let Some(o) = ovr {
                why.push(nl::ovr(o));
            }
            if cx.facts.po {
                why.push("openbare-orde-indicatie".into());
            }
            if why.is_empty() {
                why.push("actief zwaar IRV, OVR (actief of opgeheven wegens TB) of openbare-orde-indicatie".into());
            }
            why.join("; ")
        },
    );
}

fn r27(cx: &Ctx<'_, '_>, _: &str, c: &mut Check) {
    let r = cx.case.holder;
    c.req(
        r.is_some_and(|r| r.category == Category::TemporaryResidentUa),
        || "derdelander met tijdelijke Oekraïense verblijfsvergunning".into(),
    )
    .req(r.is_some_and(|r| r.status == HolderStatus::Granted), || {
        "TB verleend".into()
    })
    .req(cx.as_of() > TCN_TEMPORARY_END, || {
        format!("peildatum {} ligt na {}", cx.as_of(), TCN_TEMPORARY_END)
    });
}

fn r28(cx: &Ctx<'_, '_>, _: &str, c: &mut Check) {
    let case = cx.case;
    let f = cx.facts;
    let r = case.holder;
    let lifted_for_tp = |status_lifted: bool, reason, po_ground: bool| {
        status_lifted && reason == Some(LiftedReason::TemporaryProtection) && po_ground
    };
    let ban = case.entry_bans.iter().find(|b| {
        lifted_for_tp(
            b.status == BanStatus::Lifted,
            b.lifted_reason,
            b.ground.is_public_order(),
        )
    });
    let ovr = case.exclusion_orders.iter().find(|o| {
        lifted_for_tp(
            o.status == OvrStatus::Lifted,
            o.lifted_reason,
            o.ground.is_public_order(),
        )
    });
    c.req(r.is_some_and(|r| r.status != HolderStatus::Claimed), || {
        format!(
            "RTB-registratie zonder lopende claim (status: {})",
            r.map_or("geen registratie", |r| r.status.nl())
        )
    })
    .req(!f.rtb_active, || nl::no_tp_or_claim(f))
    .req(f.latest_event.is_none(), || nl::event(f))
    .req(!f.asylum_pending, || {
        "geen asielaanvraag in behandeling".into()
    })
    .req(!f.regular_granted, || {
        "geen reguliere aanvraag verleend".into()
    })
    .req(!f.eu_national, || "geen EU-burger".into())
    .req(
        !case
            .entry_bans
            .iter()
            .any(|b| b.severity == Severity::Heavy && b.live()),
        || "geen actief zwaar IRV".into(),
    )
    .req(!case.alert_decisions.iter().any(|s| s.live()), || {
        "geen actieve Bts".into()
    })
    .req(f.po || ban.is_some() || ovr.is_some(), || {
        let mut why = Vec::new();
        if f.po {
            why.push("openbare-orde-indicatie".into());
        }
        if let Some(o) = ovr {
            why.push(format!(
                "{} opgeheven wegens TB, grond {}",
                nl::ovr(o),
                o.ground.nl()
            ));
        }
        if let Some(b) = ban {
            why.push(format!(
                "{} opgeheven wegens TB, grond {}",
                nl::ban(b),
                b.ground.nl()
            ));
        }
        if why.is_empty() {
            why.push(
                "openbare-orde-indicatie of OVR/IRV wegens openbare orde opgeheven wegens TB"
                    .into(),
            );
        }
        why.join("; ")
    });
}

fn r29(cx: &Ctx<'_, '_>, _: &str, c: &mut Check) {
    let case = cx.case;
    let f = cx.facts;
    let r = case.holder;
    let live_final = case.entry_bans.iter().any(|b| b.live() && b.is_final)
        || case.exclusion_orders.iter().any(|o| o.live() && o.is_final)
        || case.return_decisions.iter().any(|t| t.live() && t.is_final)
        || case.alert_decisions.iter().any(|s| s.live() && s.is_final);
    let rejected = case.applications.iter().find(|a| {
        a.kind == AppKind::Regular
            && a.decision == AppDecision::Rejected
            && a.decision_date
                .is_some_and(|d| r.is_none_or(|r| d >= r.status_date))
            && (a.rejection_ground.is_some_and(|g| g.is_public_order()) || live_final)
    });
    c.req(!f.rtb_active, || nl::no_tp_or_claim(f))
        .req(f.latest_event.is_none(), || nl::event(f))
        .req(
            r.is_none_or(|r| matches!(r.status, HolderStatus::Granted | HolderStatus::Ended)),
            || match r {
                Some(r) => format!(
                    "RTB-status verleend of beëindigd (nu: {})",
                    r.status.nl()
                ),
                None => "geen RTB-registratie".into(),
            },
        )
        .req(rejected.is_some(), || match rejected {
            Some(a) => match a.rejection_ground.filter(|g| g.is_public_order()) {
                Some(g) => format!(
                    "reguliere aanvraag {} afgewezen op {} wegens {}",
                    a.application_id,
                    nl::opt_date(a.decision_date),
                    g.nl()
                ),
                None => format!(
                    "reguliere aanvraag {} afgewezen op {} terwijl een onherroepelijke maatregel actief is",
                    a.application_id,
                    nl::opt_date(a.decision_date)
                ),
            },
            None => "reguliere aanvraag afgewezen wegens openbare orde of bij een actieve onherroepelijke maatregel".into(),
        });
}

fn r30(cx: &Ctx<'_, '_>, _: &str, c: &mut Check) {
    let case = cx.case;
    let status_date = case.holder.map(|r| r.status_date);
    let after = |d| status_date.is_some_and(|s| d > s);
    let asylum = case.applications.iter().find(|a| {
        a.kind == AppKind::Asylum
            && a.decision == AppDecision::Rejected
            && a.rejection_ground.is_some_and(|g| g.is_public_order())
            && a.decision_date
                .is_some_and(|d| status_date.is_some_and(|s| d >= s))
    });
    let heavy = case
        .entry_bans
        .iter()
        .find(|b| b.severity == Severity::Heavy && after(b.decision_date));
    let ovr = case
        .exclusion_orders
        .iter()
        .find(|o| after(o.decision_date));
    let bts = case.alert_decisions.iter().find(|s| after(s.decision_date));
    c.req(cx.facts.tp_in_force, || nl::tp_in_force(cx.facts))
        .req(
            asylum.is_some() || heavy.is_some() || ovr.is_some() || bts.is_some(),
            || {
                let mut why = Vec::new();
                if let Some(a) = asylum {
                    why.push(format!(
                        "asielaanvraag {} afgewezen op {} wegens {}",
                        a.application_id,
                        nl::opt_date(a.decision_date),
                        a.rejection_ground.map_or("openbare orde", |g| g.nl())
                    ));
                }
                if let Some(b) = heavy {
                    why.push(format!("{} besloten {}", nl::ban(b), b.decision_date));
                }
                if let Some(o) = ovr {
                    why.push(format!("{} besloten {}", nl::ovr(o), o.decision_date));
                }
                if let Some(s) = bts {
                    why.push(nl::bts(s));
                }
                if why.is_empty() {
                    why.push("openbare-orde-uitkomst na de RTB-status".into());
                }
                format!(
                    "{} (RTB-status van {})",
                    why.join("; "),
                    nl::opt_date(status_date)
                )
            },
        );
}
