//! Group HOLD (SPEC §6): the person is put on hold; nothing else is decided
//! for them except `HIT_ON_HOLD` per hit.

use super::{Check, Ctx, Group, Rule, RuleFn, SisEffect, no_due};
use crate::model::HolderStatus;

pub(super) static RULES: [RuleFn<str>; 2] = [
    RuleFn {
        rule: Rule {
            id: "H01",
            group: Group::Hold,
            action: "HOLD_INCOMPLETE_DATA",
            label: "Wachten: gegevens onvolledig (afgekeurde rij herstellen)",
            condition: "een rij met dit V-nummer is afgekeurd; de overige gegevens kunnen onvolledig zijn, dus er wordt niets besloten",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "art. 3:2 Awb",
            due: "",
        },
        when: h01,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "H02",
            group: Group::Hold,
            action: "REVIEW_EU_NATIONAL",
            label: "Controleren: EU-burger als RTB-claimant of -houder geregistreerd",
            condition: "status aangevraagd of verleend, en de persoon heeft de nationaliteit van een EU-lidstaat (valt niet onder de RTB)",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "WI hfst. 1",
            due: "",
        },
        when: h02,
        due: no_due,
    },
];

fn h01(cx: &Ctx<'_, '_>, _: &str, c: &mut Check) {
    c.req(cx.case.quarantined, || {
        "een of meer rijen van deze persoon zijn afgekeurd (zie rejected.csv)".into()
    });
}

fn h02(cx: &Ctx<'_, '_>, _: &str, c: &mut Check) {
    let status = cx.case.holder.map(|r| r.status);
    c.req(
        matches!(status, Some(HolderStatus::Claimed | HolderStatus::Granted)),
        || {
            format!(
                "RTB-status aangevraagd of verleend (nu: {})",
                status.map_or("geen registratie", HolderStatus::nl)
            )
        },
    )
    .req(cx.facts.eu_national, || {
        let r = cx.case.holder;
        let nats: Vec<String> = cx
            .facts
            .nationality
            .into_iter()
            .chain(r.and_then(|r| r.second_nationality))
            .filter(|n| n.is_eu())
            .map(|n| n.to_string())
            .collect();
        if nats.is_empty() {
            "nationaliteit van een EU-lidstaat".to_string()
        } else {
            format!("EU-nationaliteit {}", nats.join("/"))
        }
    });
}
