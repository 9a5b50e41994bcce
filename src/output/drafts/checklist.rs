//! The handler's checklist beside each draft (`….controle.txt`): what must be
//! filled in or checked before the letter can be signed, which register
//! data it rests on, which legal sources it cites and how far each was
//! checked, how the deadline moves with the sending date, and which rule
//! produced it. Everything internal lives here, never in the letter.

use super::context::DraftContext;
use super::html::{self, Block};
use crate::case::Case;
use crate::legal::calendar;
use crate::legal::sources::{self, Source, Status};
use crate::model::Date;
use crate::rules::{Action, RULES_VERSION};
use std::fmt::Write;

/// The legal sources the draft of `ctx` cites or leaves to the handler.
pub fn sources_of(ctx: &DraftContext) -> Vec<Source> {
    use sources::*;
    let tp = [
        RL_2001_55,
        UB_2022_382,
        UB_2023_2409,
        UB_2024_1836,
        UB_2025_1460,
    ];
    let remedy = [
        VW_69_1,
        AWB_6_7,
        AWB_6_8,
        AWB_6_5,
        VW_70_1,
        AWB_2_1_2,
        IND_POSTADRES,
    ];
    let burdensome = [AWB_6_16, AWB_8_81];
    let hearing = [AWB_4_8, AWB_4_9, ATW_1_3];
    let lift_target_is_ban = ctx
        .request
        .as_ref()
        .is_some_and(|r| r.target.code == "entry_ban");
    let mut out: Vec<Source> = match ctx.rule_id {
        "R02" => vec![VW_66B_1, VW_66A_6, VW_66A_7B],
        "R03" => [&[VW_66B_1, VW_66A_7B, SR_197][..], &tp].concat(),
        "R04" => vec![VW_66B_1, VV_6_6_1, VW_66A_6],
        "R05" => [&[VW_66B_1, VW_66A_6][..], &tp].concat(),
        "R09" => vec![VW_68_1, VW_67_3],
        "R21" | "R22" if lift_target_is_ban => vec![VW_66B_1, VB_6_5B_2, VC_A4_2_5],
        "R21" | "R22" => vec![VW_68_1, VB_6_6, VC_A4_3_5],
        "R26" => vec![AWB_4_15_1, VB_3_1A_2, AWB_2_1_2, ATW_1_3, IND_POSTADRES],
        "R32" => [
            &[
                VW_62A,
                VW_62_1,
                VW_62_2C,
                VW_66A_1A,
                VW_66A_4,
                VB_6_5A,
                VW_66A_7B,
                SR_197,
                VW_66A_3,
                VO_1861_24_1B,
                VO_1860_3,
                VW_67A,
                VO_1861_24_1A,
                VO_1861_39,
                VC_A4_4,
            ][..],
            &hearing,
        ]
        .concat(),
        "R34" => [
            &[
                VW_67A,
                VO_1861_24_1A,
                VO_1861_39,
                VC_A4_4,
                BTS_DUUR,
                HVJ_C_663_21,
            ][..],
            &hearing,
        ]
        .concat(),
        _ => Vec::new(),
    };
    if ctx.rule_id != "R26" {
        out.extend(remedy);
        if matches!(ctx.rule_id, "R21" | "R32" | "R34") {
            out.extend(burdensome);
        }
    }
    let mut seen = Vec::new();
    out.retain(|s| {
        let new = !seen.contains(&s.short);
        seen.push(s.short);
        new
    });
    out
}

/// The checklist text for one draft.
pub fn render(
    ctx: &DraftContext,
    case: &Case<'_>,
    action: &Action<'_>,
    draft_file: &str,
    blocks: &[Block],
) -> String {
    let mut s = String::new();
    let mut line = |text: String| {
        s.push_str(&text);
        s.push('\n');
    };
    line(format!("CONTROLELIJST bij concept {}", ctx.reference));
    line(format!(
        "Concept: {draft_file} (dezelfde tekst als .docx voor Word)"
    ));
    line(format!(
        "Betreft: V-nummer {}{}",
        ctx.person.v_number,
        name_suffix(ctx)
    ));
    line(String::new());

    line("1. Invullen of controleren in de brief (geel gemarkeerd)".into());
    for fill_in in html::fill_ins(blocks) {
        line(format!("   [ ] {fill_in}"));
    }
    if let Some(m) = &ctx.person.municipality {
        line(format!(
            "   Let op: de export heeft geen adres; gemeente volgens de registratie: {m}."
        ));
    }
    line("   [ ] Staat een gemachtigde geregistreerd? Adresseer de brief dan aan de gemachtigde en stuur betrokkene een afschrift (art. 2:1 lid 2 Awb).".into());
    line("   [ ] Verwijder de regel 'CONCEPT' en onderteken.".into());

    for note in notes(ctx) {
        line(format!("   [ ] {note}"));
    }
    line(String::new());

    line("2. Gegevens uit de registratie waarop de brief steunt".into());
    for fact in register_facts(case) {
        line(format!("   - {fact}"));
    }
    if let Some(alert) = action.sis_alert_id {
        line(format!(
            "   - SIS-kenmerk van de maatregel: {alert} (niet in de brief opgenomen)"
        ));
    }
    line(String::new());

    line("3. Juridische bronnen".into());
    for source in sources_of(ctx) {
        let mark = match source.status {
            Status::Text => "[gecontroleerd]",
            Status::Named => "[ ] tekst lezen",
            Status::Unverified => "[ ] niet geverifieerd, niet in de brief",
        };
        line(format!("   {mark} {} — {}", source.short, source.about));
        line(format!(
            "       {}; bron: {}",
            source.status.nl(),
            source.checked
        ));
    }
    if !ctx.protection.basis.known {
        line(format!(
            "   [ ] Geen uitvoeringsbesluit bekend dat de tijdelijke bescherming verlengt tot en met {}: vul het in de brief in en laat het toevoegen aan rtb-recon (legal/protection.rs).",
            iso(ctx.protection.basis.until)
        ));
    }
    line(String::new());

    let deadline = super::format_dutch_date(ctx.reply_by);
    if html::fill_ins(blocks).contains(&deadline) {
        line(
            "4. Termijn (vier weken na verzending, doorlopend tot de eerstvolgende werkdag; art. 1 en 3 Algemene termijnenwet)"
                .to_owned(),
        );
        line(format!(
            "   De brief noemt verzending op {} en als termijn {}.",
            long(ctx.send_date),
            long(ctx.reply_by)
        ));
        line("   Wordt de brief later verzonden, pas dan beide data aan:".into());
        let mut day = ctx.send_date;
        for _ in 0..5 {
            day = calendar::next_working_day(day);
            line(format!(
                "   - verzonden op {} -> uiterlijk {}",
                long(day),
                long(calendar::term_end(day, super::context::REPLY_WEEKS))
            ));
        }
    } else {
        line("4. Verzenddatum".to_owned());
        line(format!(
            "   De brief noemt {} (de eerste werkdag na de peildatum). De bezwaartermijn loopt vanaf de dag na de bekendmaking (art. 6:8 Awb); de brief noemt daarom geen einddatum.",
            long(ctx.send_date)
        ));
    }
    line(String::new());

    line("5. Herkomst van dit concept".into());
    line(format!(
        "   rtb-recon {} (regels {RULES_VERSION}), peildatum {}",
        env!("CARGO_PKG_VERSION"),
        iso(ctx.run_date)
    ));
    line(format!(
        "   Regel {} ({}): {}",
        action.rule.id, action.rule.action, action.rule.label
    ));
    line(format!(
        "   Grondslag volgens de regeltabel: {}",
        action.rule.legal_basis
    ));
    line(format!(
        "   Toelichting in actions.csv: {}",
        action.explanation
    ));
    s
}

fn name_suffix(ctx: &DraftContext) -> String {
    let p = &ctx.person;
    match (&p.given_names, &p.surname) {
        (Some(g), Some(s)) => format!(", {g} {s}"),
        (None, Some(s)) => format!(", {s}"),
        _ => String::new(),
    }
}

fn iso(d: Date) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn long(d: Date) -> String {
    format!(
        "{} {}",
        calendar::weekday_nl(d),
        super::format_dutch_date(d)
    )
}

/// The person's records, with file and line, in the register's words.
fn register_facts(case: &Case<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let opt = |d: Option<Date>| d.map_or_else(|| "leeg".to_owned(), iso);
    if let Some(r) = case.holder {
        let mut f = String::new();
        let _ = write!(
            f,
            "rtb_holders regel {}: status {} op {}, categorie {}",
            r.line,
            r.status.nl(),
            iso(r.status_date),
            r.category.nl()
        );
        if let Some(g) = r.status_ground {
            let _ = write!(f, ", grond {}", g.nl());
        }
        if r.public_order_indication != crate::model::PoIndication::None {
            let _ = write!(
                f,
                ", openbare-orde-indicatie {}",
                r.public_order_indication.nl()
            );
        }
        let _ = write!(f, ", terugkeerbeletsel {}", r.return_obstacle.nl());
        if let Some(s) = r.third_country_permit {
            let _ = write!(f, ", verblijfsvergunning derde land {s}");
        }
        out.push(f);
    } else {
        out.push("geen registratie in rtb_holders".into());
    }
    for b in case.entry_bans {
        out.push(format!(
            "entry_bans regel {}: inreisverbod {} ({}), besloten {}, in werking {}, duur {}, grond {}, status {}{}",
            b.line,
            b.ban_id,
            b.severity.nl(),
            iso(b.decision_date),
            opt(b.in_force_date),
            b.duration_years.map_or_else(|| "leeg".to_owned(), |y| format!("{y} jaar")),
            b.ground.nl(),
            b.status.nl(),
            if b.is_final { ", onherroepelijk" } else { "" }
        ));
    }
    for o in case.exclusion_orders {
        out.push(format!(
            "exclusion_orders regel {}: ongewenstverklaring {}, besloten {}, grond {}, status {}",
            o.line,
            o.ovr_id,
            iso(o.decision_date),
            o.ground.nl(),
            o.status.nl()
        ));
    }
    for a in case.applications {
        out.push(format!(
            "applications regel {}: {} {}, ingediend {}, {}{}",
            a.line,
            a.kind.nl(),
            a.application_id,
            iso(a.filed_date),
            a.decision.nl(),
            a.decision_date
                .map(|d| format!(" op {}", iso(d)))
                .unwrap_or_default()
        ));
    }
    for t in case.return_decisions {
        out.push(format!(
            "return_decisions regel {}: terugkeerbesluit {}, besloten {}, status {}",
            t.line,
            t.tkb_id,
            iso(t.decision_date),
            t.status.nl()
        ));
    }
    for s in case.alert_decisions {
        out.push(format!(
            "alert_decisions regel {}: besluit tot signalering {}, besloten {}, grond {}, status {}",
            s.line,
            s.bts_id,
            iso(s.decision_date),
            s.ground.nl(),
            s.status.nl()
        ));
    }
    out
}

/// What this type of draft asks the handler to decide or check, beyond
/// the placeholders.
fn notes(ctx: &DraftContext) -> Vec<String> {
    let mut out = Vec::new();
    let hearing = "Deel 1 (voornemen) nu versturen; deel 2 (besluit) pas na afloop van de zienswijzetermijn, aangevuld met de zienswijze, en met een eigen datum.";
    match ctx.rule_id {
        "R04" => out.push(
            "Het verblijfsdoel staat niet in de export: neem het over uit de beschikking op de reguliere aanvraag en controleer dat artikel 6.6, eerste lid, VV dat doel noemt.".to_owned(),
        ),
        "R21" | "R22" => {
            if let Some(b) = &ctx.ban
                && let Some(half) = b.half_term_date
                && !b.half_term_passed
                && ctx.rule_id == "R22"
            {
                out.push(format!(
                    "De helft van de duur van het inreisverbod verstrijkt pas op {}, terwijl de registratie meldt dat aan de voorwaarden is voldaan. Controleer op welke grond (artikel 6.5b, eerste of tweede lid, Vb) en pas de brief zo nodig aan.",
                    super::format_dutch_date(half)
                ));
            }
        }
        "R32" => {
            out.push(hearing.to_owned());
            out.push("Vertrektermijn: het concept kiest 'onmiddellijk vertrekken' (art. 62 lid 2 onder c Vw), waardoor het inreisverbod verplicht is (art. 66a lid 1 onder a Vw). Kiest u een verkorte termijn, dan berust het inreisverbod op art. 66a lid 2 Vw: pas dan beide passages aan.".to_owned());
            if let Some(e) = &ctx.event {
                out.push(format!(
                    "Duur van het inreisverbod: ten hoogste vijf jaar (art. 66a lid 4 Vw), bij een ernstige bedreiging ten hoogste {} jaar (art. 6.5a, {} lid, Vb; grond: {}).",
                    e.ban_duration_max_years, e.ban_duration_lid, e.ground.nl
                ));
            }
            out.push("Rechtsmiddel: bezwaar binnen vier weken (art. 69 lid 1 Vw); terugkeerbesluit, inreisverbod en besluit tot signalering worden hier zelfstandig genomen, niet in een beslissing op een asielaanvraag.".to_owned());
        }
        "R34" => {
            out.push(hearing.to_owned());
            out.push("Rechtsmiddel: bezwaar binnen vier weken (art. 69 lid 1 Vw), omdat het besluit tot signalering zelfstandig wordt genomen op grond van art. 67a Vw en niet samen met een beslissing op een asielaanvraag (dan zou beroep openstaan, WI hfst. 6).".to_owned());
            if ctx.obstacle.as_ref().is_some_and(|o| o.reason == "registered") {
                out.push("Berust het terugkeerbeletsel op het verbod van refoulement, dan kan geen terugkeerbesluit worden opgelegd (HvJ EU 6 juli 2023, C-663/21); vermeld dat zo nodig in de overwegingen.".to_owned());
            }
        }
        _ => {}
    }
    if ctx.protection.ends_by_policy {
        out.push("Derdelander met een tijdelijke Oekraïense verblijfsvergunning: de tijdelijke bescherming eindigde op 4 maart 2024 (Kamerstuk 19637, nr. 3200, genoemd in de werkinstructie). Controleer de einddatum in de brief.".to_owned());
    }
    out
}
