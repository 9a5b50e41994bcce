//! Group HIT (SPEC §6): every accepted SIS hit gets exactly one action; R19
//! always matches, so the group can never stay silent for a hit.
//! R17 and R18 read the BAN and OVR actions of the same person in this run.

use super::nl;
use super::{Check, Ctx, Group, Rule, RuleFn, SisEffect, no_due};
use crate::model::{AlertKind, Date, SisHit, State};
use chrono::Days;

/// Prior consultation term: art. 27 Vo 2018/1861, art. 9 Vo 2018/1860.
pub const PRIOR_CONSULTATION_DAYS: u64 = 10;
/// A-posteriori consultation term: art. 29 Vo 2018/1861.
pub const POSTERIOR_CONSULTATION_DAYS: u64 = 14;

pub(super) static RULES: [RuleFn<SisHit>; 6] = [
    RuleFn {
        rule: Rule {
            id: "R14",
            group: Group::Hit,
            action: "HIT_ON_HOLD",
            label: "Hit in wacht: het dossier is onvolledig of wordt gecontroleerd",
            condition: "er is voor deze persoon een wachtregel (H01/H02) geraakt",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "art. 3:2 Awb",
            due: "bij een buitenlandse signalering: hitdatum + 10 dagen (de kortste consultatietermijn, zodat tijdens het wachten geen termijn verloopt)",
        },
        when: r14,
        due: r14_due,
    },
    RuleFn {
        rule: Rule {
            id: "R15",
            group: Group::Hit,
            action: "DELETE_STALE_ALERT",
            label: "Verouderde Nederlandse signalering verwijderen",
            condition: "Nederland heeft gesignaleerd; de signalering hoort bij één of meer maatregelen van de persoon (IRV, OVR, TKB, Bts) en geen daarvan is nog actief",
            sis_effect: SisEffect::Delete,
            draft: false,
            legal_basis: "A2/12.8 Vc",
            due: "",
        },
        when: r15,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R16",
            group: Group::Hit,
            action: "CONSULT_ISSUING_STATE",
            label: "Signalerende lidstaat consulteren",
            condition: "buitenlandse inreisweigerings- of terugkeersignalering, en TB of claim actief, een reguliere of asielaanvraag in behandeling, of een reguliere aanvraag verleend",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "A2/12.10 Vc; art. 27 (vooraf) of art. 29 (achteraf) Vo (EU) 2018/1861; bij een terugkeersignalering art. 9–11 Vo (EU) 2018/1860",
            due: "hitdatum + 14 dagen als de TB van kracht is of een reguliere aanvraag is verleend (consultatie achteraf), anders + 10 dagen (vooraf)",
        },
        when: r16,
        due: r16_due,
    },
    RuleFn {
        rule: Rule {
            id: "R17",
            group: Group::Hit,
            action: "MAINTAIN_ALERT",
            label: "Signalering handhaven: vreemdeling ondanks signalering doorgelaten",
            condition: "Nederland heeft gesignaleerd (inreisweigering of terugkeer), de persoon is doorgelaten, geen TB of claim actief, en geen IRV- of OVR-actie van deze run verwijdert een signalering",
            sis_effect: SisEffect::Keep,
            draft: false,
            legal_basis: "WI hfst. 3 (hitmelding doorgelaten vreemdeling)",
            due: "",
        },
        when: r17,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R18",
            group: Group::Hit,
            action: "HIT_COVERED",
            label: "Hit gedekt: de maatregelregels behandelen de signalering",
            condition: "Nederland heeft gesignaleerd, en TB of claim actief of een IRV- of OVR-actie van deze run verwijdert een signalering",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "WI hfst. 3",
            due: "",
        },
        when: r18,
        due: no_due,
    },
    RuleFn {
        rule: Rule {
            id: "R19",
            group: Group::Hit,
            action: "HIT_NO_ACTION",
            label: "Hit: geen actie nodig",
            condition: "in alle andere gevallen",
            sis_effect: SisEffect::None,
            draft: false,
            legal_basis: "WI hfst. 3",
            due: "",
        },
        when: r19,
        due: no_due,
    },
];

/// Another state's refusal or return alert.
fn foreign(h: &SisHit) -> bool {
    h.issuing_state != State::NL && matches!(h.alert_kind, AlertKind::Refusal | AlertKind::Return)
}

fn foreign_text(h: &SisHit) -> String {
    format!(
        "hit {} op signalering {} ({}) van {} ({})",
        h.hit_id,
        h.alert_id,
        h.alert_kind.nl(),
        h.issuing_state,
        h.hit_date
    )
}

fn plus_days(d: Date, n: u64) -> Option<Date> {
    d.checked_add_days(Days::new(n))
}

fn r14(cx: &Ctx<'_, '_>, _: &SisHit, c: &mut Check) {
    c.req(cx.held, || "persoon staat in wacht (zie H01/H02)".into());
}

fn r14_due(_: &Ctx<'_, '_>, h: &SisHit) -> Option<Date> {
    foreign(h)
        .then(|| plus_days(h.hit_date, PRIOR_CONSULTATION_DAYS))
        .flatten()
}

fn r15(cx: &Ctx<'_, '_>, h: &SisHit, c: &mut Check) {
    let case = cx.case;
    let id = Some(h.alert_id.as_str());
    let mut measures = 0;
    let mut live = 0;
    let mut count = |is_live: bool| {
        measures += 1;
        live += usize::from(is_live);
    };
    case.entry_bans
        .iter()
        .filter(|m| m.sis_alert_id.as_deref() == id)
        .for_each(|m| count(m.live()));
    case.exclusion_orders
        .iter()
        .filter(|m| m.sis_alert_id.as_deref() == id)
        .for_each(|m| count(m.live()));
    case.return_decisions
        .iter()
        .filter(|m| m.sis_alert_id.as_deref() == id)
        .for_each(|m| count(m.live()));
    case.alert_decisions
        .iter()
        .filter(|m| m.sis_alert_id.as_deref() == id)
        .for_each(|m| count(m.live()));
    c.req(h.issuing_state == State::NL, || {
        format!("NL-signalering {}", h.alert_id)
    })
    .req(measures > 0, || {
        format!("{measures} maatregel(en) met signalering {}", h.alert_id)
    })
    .req(live == 0, || {
        "geen van die maatregelen is nog actief".into()
    });
}

fn r16(cx: &Ctx<'_, '_>, h: &SisHit, c: &mut Check) {
    let f = cx.facts;
    c.req(foreign(h), || foreign_text(h)).req(
        f.rtb_active || f.regular_pending || f.asylum_pending || f.regular_granted,
        || {
            let mut why = Vec::new();
            if f.rtb_active {
                why.push(nl::tp(f));
            }
            if f.regular_pending {
                why.push("reguliere aanvraag in behandeling".into());
            }
            if f.asylum_pending {
                why.push("asielaanvraag in behandeling".into());
            }
            if f.regular_granted {
                why.push("reguliere aanvraag verleend".into());
            }
            if why.is_empty() {
                why.push("TB of claim actief of een aanvraag in behandeling of verleend".into());
            }
            why.join(", ")
        },
    );
}

fn r16_due(cx: &Ctx<'_, '_>, h: &SisHit) -> Option<Date> {
    let afterwards = cx.facts.tp_in_force || cx.facts.regular_granted;
    let days = if afterwards {
        POSTERIOR_CONSULTATION_DAYS
    } else {
        PRIOR_CONSULTATION_DAYS
    };
    plus_days(h.hit_date, days)
}

fn nl_alert(h: &SisHit) -> String {
    format!(
        "hit {} op NL-signalering {} ({}) ({})",
        h.hit_id,
        h.alert_id,
        h.alert_kind.nl(),
        h.hit_date
    )
}

fn r17(cx: &Ctx<'_, '_>, h: &SisHit, c: &mut Check) {
    c.req(
        h.issuing_state == State::NL
            && matches!(h.alert_kind, AlertKind::Refusal | AlertKind::Return),
        || nl_alert(h),
    )
    .req(h.admitted, || {
        "persoon is ondanks de signalering doorgelaten".into()
    })
    .req(!cx.facts.rtb_active, || nl::no_tp_or_claim(cx.facts))
    .req(cx.deleting_measure.is_none(), || {
        match cx.deleting_measure {
            Some(id) => format!("maar de actie op maatregel {id} verwijdert een signalering"),
            None => "geen IRV- of OVR-actie verwijdert een signalering".into(),
        }
    });
}

fn r18(cx: &Ctx<'_, '_>, h: &SisHit, c: &mut Check) {
    c.req(h.issuing_state == State::NL, || nl_alert(h)).req(
        cx.facts.rtb_active || cx.deleting_measure.is_some(),
        || match cx.deleting_measure {
            Some(id) if !cx.facts.rtb_active => {
                format!("de actie op maatregel {id} verwijdert de signalering")
            }
            _ => nl::tp(cx.facts),
        },
    );
}

fn r19(_: &Ctx<'_, '_>, h: &SisHit, c: &mut Check) {
    c.req(true, || {
        format!(
            "hit {} op signalering {} ({}) van {}: geen andere hitregel van toepassing",
            h.hit_id,
            h.alert_id,
            h.alert_kind.nl(),
            h.issuing_state
        )
    });
}
