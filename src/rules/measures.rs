//! Group MEASURES (SPEC §6): when measures are due (`M(p)`), exactly one of
//! these fires; R35 always matches. WI hfst. 3 and 6.

use super::nl;
use super::{Check, Ctx, Group, Rule, RuleFn, SisEffect, no_due};

/// Why the group was not tried (for `explain`).
pub(super) const NOT_DUE: &str = "geen maatregelen aan de orde: M(p) geldt niet (geen openbare-ordegebeurtenis, of TB/claim actief, al opgevolgd met zwaar IRV of Bts, asielaanvraag in behandeling, reguliere aanvraag verleend, of EU-burger)";

pub(super) static RULES: [RuleFn<str>; 5] = [
    RuleFn {
        rule: Rule {
            id: "R31",
            group: Group::Measures,
            action: "ASSESS_KEEP_MEASURES",
            label: "Beoordelen of bestaande maatregelen blijven en of een Bts wordt toegevoegd",
            condition: "maatregelen aan de orde en de persoon heeft een actieve maatregel (kunnen TKB en IRV blijven, komt er een Bts bij; kan een OVR een zwaar IRV en/of Bts worden)",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "WI hfst. 3; A4/4 Vc",
            due: "",
        },
        when: r31,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R32",
            group: Group::Measures,
            action: "IMPOSE_TKB_IRV_BTS",
            label: "Terugkeerbesluit, zwaar inreisverbod en Bts opleggen",
            condition: "maatregelen aan de orde en terugkeer is mogelijk (alle vier voorwaarden voor een zwaar IRV zijn vervuld; een Bts gaat altijd mee)",
            sis_effect: SisEffect::None,
            draft: true,
            legal_basis: "art. 62 en art. 66a lid 7 Vw; A4/4 Vc; WI hfst. 3",
            due: "",
        },
        when: r32,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R33",
            group: Group::Measures,
            action: "ASSESS_RETURN_OBSTACLE",
            label: "Onderzoeken of terugkeer mogelijk is",
            condition: "maatregelen aan de orde en onbekend of terugkeer mogelijk is (geen Oekraïense nationaliteit of een tweede nationaliteit, geen vastgesteld terugkeerbeletsel)",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "WI hfst. 3",
            due: "",
        },
        when: r33,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R34",
            group: Group::Measures,
            action: "IMPOSE_BTS",
            label: "Besluit tot signalering (Bts) opleggen in plaats van TKB en IRV",
            condition: "maatregelen aan de orde en de laatste openbare-ordegebeurtenis is een intrekking of beëindiging van de TB (hoofdstuk 6: terugkeerbeletsel, dus een Bts in plaats van TKB en IRV)",
            sis_effect: SisEffect::None,
            draft: true,
            legal_basis: "A4/4 Vc; art. 24 lid 1 sub a Vo (EU) 2018/1861; WI hfst. 6",
            due: "",
        },
        when: r34,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R35",
            group: Group::Measures,
            action: "ASSESS_BTS",
            label: "Beoordelen of een Bts kan worden opgelegd",
            condition: "maatregelen aan de orde, in alle andere gevallen (hoofdstuk 3)",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "A4/4 Vc; WI hfst. 3",
            due: "",
        },
        when: r35,
        due: no_due,
    },
];

fn due(cx: &Ctx<'_, '_>, c: &mut Check) {
    c.req(cx.facts.measures_due, || {
        format!(
            "{}; geen TB of claim actief, nog niet opgevolgd",
            nl::event(cx.facts)
        )
    });
}

fn r31(cx: &Ctx<'_, '_>, _: &str, c: &mut Check) {
    due(cx, c);
    c.req(cx.case.has_live_measure(), || {
        "er is een actieve maatregel".into()
    });
}

fn r32(cx: &Ctx<'_, '_>, _: &str, c: &mut Check) {
    due(cx, c);
    c.req(cx.facts.return_possible, || {
        match cx.case.holder.and_then(|r| r.third_country_permit) {
            Some(s) => format!("terugkeer mogelijk: verblijfsvergunning in veilig derde land {s}"),
            None => "terugkeer naar het land van nationaliteit mogelijk".into(),
        }
    });
}

fn r33(cx: &Ctx<'_, '_>, _: &str, c: &mut Check) {
    due(cx, c);
    c.req(cx.facts.return_unknown, || {
        let nat = cx
            .facts
            .nationality
            .map_or("onbekend".into(), |n| n.to_string());
        format!(
            "onbekend of terugkeer mogelijk is (nationaliteit {nat}, geen vastgesteld beletsel)"
        )
    });
}

fn r34(cx: &Ctx<'_, '_>, _: &str, c: &mut Check) {
    due(cx, c);
    let event = cx.facts.latest_event;
    c.req(event.is_some_and(|e| e.kind.ends_protection()), || {
        let what = event.map_or("intrekking of beëindiging TB", |e| e.kind.nl());
        format!("laatste openbare-ordegebeurtenis is {what}: terugkeerbeletsel")
    });
}

fn r35(cx: &Ctx<'_, '_>, _: &str, c: &mut Check) {
    due(cx, c);
    c.req(true, || {
        "terugkeer niet mogelijk; beoordelen of een Bts kan".into()
    });
}
