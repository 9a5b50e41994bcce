//! The drafts per type, from real cases: each test builds one person's
//! records, evaluates the rules, prepares the draft the rule asks for, and
//! checks the letter as a jurist would (the dictum, the statutory power and
//! the other references, the actual ground, dates written out, nothing
//! internal), the checklist beside it, and that the Word version holds the
//! same text as the HTML.

use super::*;
use crate::case;
use crate::config::Params;
use crate::ingest::Inputs;
use crate::model::*;
use crate::rules::catalogue;
use crate::testkit::{self, d};

const V: &str = "0123456789";

fn params() -> Params {
    testkit::params("2026-11-28", "2027-03-04")
}

/// A person's records; `draft` evaluates them and prepares the draft of
/// the one action of `rule_id`.
#[derive(Default)]
struct Person {
    inputs: Inputs,
}

impl Person {
    fn holder(mut self, status: HolderStatus, date: &str, f: impl FnOnce(&mut RtbHolder)) -> Self {
        let mut h = testkit::holder(V, status, date);
        h.line = 7;
        f(&mut h);
        self.inputs.rtb_holders.push(h);
        self
    }

    fn ban(
        mut self,
        id: &str,
        severity: Severity,
        decided: &str,
        f: impl FnOnce(&mut EntryBan),
    ) -> Self {
        let mut b = testkit::ban(id, V, severity, BanStatus::Active, decided);
        b.line = 12;
        f(&mut b);
        self.inputs.entry_bans.push(b);
        self
    }

    fn ovr(
        mut self,
        id: &str,
        decided: &str,
        ground: Ground,
        f: impl FnOnce(&mut ExclusionOrder),
    ) -> Self {
        let mut o = ExclusionOrder {
            line: 3,
            ovr_id: id.into(),
            v_number: V.into(),
            identity: Identity::default(),
            decision_date: d(decided),
            ground,
            is_final: true,
            status: OvrStatus::Active,
            lifted_reason: None,
            sis_alert_id: Some("NL-SIS-77".into()),
        };
        f(&mut o);
        self.inputs.exclusion_orders.push(o);
        self
    }

    fn app(
        mut self,
        id: &str,
        kind: AppKind,
        decision: AppDecision,
        decided: Option<&str>,
        f: impl FnOnce(&mut Application),
    ) -> Self {
        let mut a = testkit::application(id, V, kind, decision, decided);
        f(&mut a);
        self.inputs.applications.push(a);
        self
    }

    fn draft(&self, rule_id: &str) -> (Draft, DraftContext) {
        self.draft_with(rule_id, params())
    }

    fn draft_with(&self, rule_id: &str, params: Params) -> (Draft, DraftContext) {
        let (cases, _) = case::build(&self.inputs);
        let case = cases
            .iter()
            .find(|c| c.v_number == V)
            .expect("the person's case");
        let evaluation = crate::evaluate::person(case, &params);
        let (facts, actions) = (&evaluation.facts, &evaluation.actions);
        let action = actions
            .iter()
            .find(|a| a.rule.id == rule_id)
            .unwrap_or_else(|| {
                let fired: Vec<&str> = actions.iter().map(|a| a.rule.id).collect();
                panic!("{rule_id} did not fire; fired: {fired:?}")
            });
        let drafts = Drafts::new(None).expect("embedded templates");
        let draft = drafts.prepare(case, facts, action).expect("draft");
        assert_clean(&draft.html, action);
        assert_same_text(&draft);
        assert_checklist(&draft.checklist, action);
        (draft, DraftContext::new(case, facts, action))
    }
}

/// The letter as a reader sees it: the body's text, one block per line.
fn letter(draft: &Draft) -> String {
    html::text(&html::parse(&draft.html))
}

fn assert_has(text: &str, phrases: &[&str]) {
    for p in phrases {
        assert!(text.contains(p), "missing {p:?} in:\n{text}");
    }
}

fn assert_lacks(text: &str, phrases: &[&str]) {
    for p in phrases {
        assert!(!text.contains(p), "unexpected {p:?} in:\n{text}");
    }
}

/// Nothing internal reaches the letter: no rule ids, action codes, English
/// contract words, ISO dates, SIS ids, explanation strings, abbreviations
/// of the work instruction, or the work instruction as a basis.
fn assert_clean(html: &str, action: &crate::rules::Action<'_>) {
    let text = html::text(&html::parse(html));
    for rule in catalogue() {
        assert!(
            !text.contains(rule.action),
            "action code {} in the letter",
            rule.action
        );
        let id = format!(" {} ", rule.id);
        assert!(!text.contains(&id), "rule id {} in the letter", rule.id);
    }
    let english = [
        "public_order",
        "national_security",
        "article_1f",
        "entry_ban",
        "exclusion_order",
        "temporary_protection",
        "granted",
        "claimed",
        "withdrawn",
        "heavy",
        "light",
        "none",
        "None",
        "(claim)",
    ];
    assert_lacks(&text, &english);
    assert_lacks(
        &text,
        &[
            "WI hfst",
            "Werkinstructie",
            "RTB-sticker",
            "regeltabel",
            "TB verleend",
            "t/m",
            "onbekend",
        ],
    );
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        assert!(
            !matches!(word, "TB" | "IRV" | "OVR" | "TKB" | "Bts" | "WI"),
            "abbreviation {word:?} in the letter:\n{text}"
        );
    }
    let iso = text.as_bytes().windows(10).any(|w| {
        w[4] == b'-'
            && w[7] == b'-'
            && w.iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
    });
    assert!(!iso, "an ISO date in the letter:\n{text}");
    if let Some(alert) = action.sis_alert_id {
        assert!(!text.contains(alert), "SIS id {alert} in the letter");
    }
    assert!(
        !text.contains(&action.explanation),
        "the explanation string in the letter"
    );
}

/// The Word file holds the HTML's text, word for word.
fn assert_same_text(draft: &Draft) {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let from_docx = docx::text(&draft.docx).expect("a readable .docx");
    assert_eq!(words(&from_docx), words(&letter(draft)));
}

/// The checklist names the rule that produced the draft and its sources.
fn assert_checklist(checklist: &str, action: &crate::rules::Action<'_>) {
    assert!(
        checklist.starts_with("CONTROLELIJST bij concept RTB-2026"),
        "{checklist}"
    );
    assert_has(
        checklist,
        &[
            &format!("Regel {} ({})", action.rule.id, action.rule.action),
            "1. Invullen of controleren in de brief",
            "[ ] [straat en huisnummer]",
            "3. Juridische bronnen",
            "4. ",
            &action.explanation,
        ],
    );
    // Every decision (not the R26 letter) has its remedies clause checked.
    if action.rule.id != "R26" {
        assert_has(checklist, &["[gecontroleerd] art. 69 lid 1 Vw"]);
    }
}

fn heavy_ban_for_a_holder() -> Person {
    Person::default()
        .holder(HolderStatus::Granted, "2022-11-26", |_| {})
        .ban("B41", Severity::Heavy, "2016-12-23", |b| {
            b.ground = BanGround::NationalSecurity;
            b.sis_alert_id = Some("NL-SIS-41".into());
        })
}

#[test]
fn r03_lifts_a_heavy_ban_for_the_duration_of_protection() {
    let (draft, ctx) = heavy_ban_for_a_holder().draft("R03");
    let text = letter(&draft);
    assert_has(
        &text,
        &[
            "Besluit tot tijdelijke opheffing van het zware inreisverbod",
            "Op grond van artikel 66b, eerste lid, van de Vreemdelingenwet 2000 (Vw) wordt het zware inreisverbod dat bij besluit van 23 december 2016 aan u is opgelegd (kenmerk B41), tijdelijk opgeheven voor de duur van de tijdelijke bescherming",
            "duurt de tijdelijke bescherming tot en met 4 maart 2027",
            "loopt de tijdelijke opheffing zonder nieuw besluit door",
            "Uitvoeringsbesluit (EU) 2022/382 van de Raad van 4 maart 2022",
            "verlengd bij de Uitvoeringsbesluiten (EU) 2023/2409, (EU) 2024/1836, (EU) 2025/1460 van de Raad; zij geldt tot en met 4 maart 2027",
            "artikel 197 van het Wetboek van Strafrecht",
            "opgelegd wegens gevaar voor de nationale veiligheid",
            "Op 26 november 2022 is aan u tijdelijke bescherming verleend. Het inreisverbod is dus opgelegd vóór de verlening van de tijdelijke bescherming.",
            "wordt opgeschort zolang de tijdelijke opheffing duurt",
        ],
    );
    assert_has(
        &draft.checklist,
        &["4. Verzenddatum\n   De brief noemt maandag 30 november 2026"],
    );
    // A favourable decision: the short remedies clause.
    assert_has(&text, &["binnen vier weken", "artikel 69, eerste lid, Vw"]);
    assert_lacks(&text, &["voorlopige voorziening", "openbare orde"]);
    assert_eq!(
        ctx.ban.as_ref().map(|b| b.timing),
        Some(Some(context::Timing::Before))
    );
}

#[test]
fn r03_names_an_extension_no_decision_sets_as_a_placeholder() {
    let params = testkit::params("2026-11-28", "2028-03-04");
    let (draft, _) = heavy_ban_for_a_holder().draft_with("R03", params);
    assert_has(
        &letter(&draft),
        &[
            "tot en met 4 maart 2028",
            "[uitvoeringsbesluit dat de tijdelijke bescherming verlengt tot en met 4 maart 2028]",
        ],
    );
    assert_has(
        &draft.checklist,
        &[
            "[ ] Geen uitvoeringsbesluit bekend dat de tijdelijke bescherming verlengt tot en met 2028-03-04",
        ],
    );
}

#[test]
fn r02_lifts_a_ban_not_yet_in_force_after_a_regular_permit() {
    let (draft, _) = Person::default()
        .ban("B2", Severity::Heavy, "2024-05-21", |b| {
            b.ground = BanGround::NationalSecurity
        })
        .app(
            "A1",
            AppKind::Regular,
            AppDecision::Granted,
            Some("2026-11-18"),
            |a| {
                a.filed_date = d("2026-03-02");
            },
        )
        .draft("R02");
    let text = letter(&draft);
    assert_has(
        &text,
        &[
            "Besluit tot opheffing van het inreisverbod",
            "Op grond van artikel 66b, eerste lid, van de Vreemdelingenwet 2000 (Vw) wordt het inreisverbod dat bij besluit van 21 mei 2024 aan u is opgelegd (kenmerk B2), opgeheven",
            "een inreisverbod met de rechtsgevolgen van artikel 66a, zevende lid, Vw (zwaar inreisverbod) opgelegd wegens gevaar voor de nationale veiligheid",
            "Het inreisverbod is nog niet in werking getreden.",
            "Bij besluit van 18 november 2026 is uw aanvraag van 2 maart 2026 om een verblijfsvergunning regulier ingewilligd.",
            "ambtshalve wegens gewijzigde omstandigheden",
            "(artikel 66a, zevende lid, Vw)",
        ],
    );
    assert_lacks(&text, &["openbare-orde-aspecten", "op of na de datum"]);
}

#[test]
fn r04_lifts_a_light_ban_in_force_for_a_permit_purpose_of_art_6_6_vv() {
    let (draft, _) = Person::default()
        .ban("B4", Severity::Light, "2025-01-10", |b| {
            b.in_force_date = Some(d("2025-07-21"));
            b.duration_years = Some(2);
            b.ground = BanGround::NoDeparture;
        })
        .app(
            "A2",
            AppKind::Regular,
            AppDecision::Granted,
            Some("2025-09-24"),
            |a| {
                a.art_6_6_purpose = Some(true);
            },
        )
        .draft("R04");
    let text = letter(&draft);
    assert_has(
        &text,
        &[
            "Op grond van artikel 66b, eerste lid, van de Vreemdelingenwet 2000 (Vw) wordt het inreisverbod dat bij besluit van 10 januari 2025",
            "Artikel 6.6, eerste lid, van het Voorschrift Vreemdelingen 2000 (VV)",
            "(licht inreisverbod) opgelegd omdat u Nederland niet binnen de vertrektermijn had verlaten, voor de duur van 2 jaar",
            "Het inreisverbod is in werking getreden op 21 juli 2025.",
            "De vergunning is verleend voor het verblijfsdoel [verblijfsdoel].",
        ],
    );
    // VV 6.6 was named by the work instruction, its text not read: on the checklist.
    assert_has(
        &draft.checklist,
        &["[ ] tekst lezen art. 6.6 lid 1 VV", "[ ] [verblijfsdoel]"],
    );
}

#[test]
fn r05_lifts_a_light_ban_definitively_and_shows_when_it_took_effect() {
    let (draft, _) = Person::default()
        .holder(HolderStatus::Granted, "2023-04-01", |_| {})
        .ban("B5", Severity::Light, "2022-01-15", |b| {
            b.in_force_date = Some(d("2023-06-30"));
        })
        .draft("R05");
    assert_has(
        &letter(&draft),
        &[
            "wordt het inreisverbod dat bij besluit van 15 januari 2022 aan u is opgelegd (kenmerk B5), definitief opgeheven",
            "een inreisverbod met de rechtsgevolgen van artikel 66a, zesde lid, Vw (licht inreisverbod) opgelegd wegens gevaar voor de openbare orde",
            "Het inreisverbod is in werking getreden op 30 juni 2023.",
            "Op 1 april 2023 is aan u tijdelijke bescherming verleend.",
            "herleeft dus niet",
            "Uitvoeringsbesluit (EU) 2022/382",
        ],
    );
}

#[test]
fn r09_treats_the_claim_as_the_application_to_lift_the_exclusion_order() {
    let (draft, ctx) = Person::default()
        .holder(HolderStatus::Granted, "2024-12-09", |_| {})
        .ovr("O1", "2018-01-23", Ground::NationalSecurity, |_| {})
        .draft("R09");
    let text = letter(&draft);
    assert_eq!(ctx.ovr_lifted_because, Some("protection"));
    assert_has(
        &text,
        &[
            "Op grond van artikel 68, eerste lid, van de Vreemdelingenwet 2000 (Vw) wordt de ongewenstverklaring die bij besluit van 23 januari 2018 is uitgevaardigd (kenmerk O1), opgeheven",
            "bent u ongewenst verklaard wegens gevaar voor de nationale veiligheid",
            "Uw beroep op tijdelijke bescherming wordt aangemerkt als een aanvraag om opheffing van de ongewenstverklaring als bedoeld in artikel 68, eerste lid, Vw.",
            "Op 9 december 2024 is aan u tijdelijke bescherming verleend.",
            "(artikel 67, derde lid, Vw)",
        ],
    );
    assert_lacks(&text, &["Verblijft u", "Dan wordt na afloop"]);
}

#[test]
fn r09_after_a_regular_permit_names_the_permit() {
    let (draft, ctx) = Person::default()
        .ovr("O2", "2019-10-02", Ground::PublicOrder, |_| {})
        .app(
            "A9",
            AppKind::Regular,
            AppDecision::Granted,
            Some("2026-05-04"),
            |_| {},
        )
        .draft("R09");
    assert_eq!(ctx.ovr_lifted_because, Some("permit"));
    assert_has(
        &letter(&draft),
        &[
            "Bij besluit van 4 mei 2026 is uw aanvraag van 1 januari 2026 om een verblijfsvergunning regulier ingewilligd.",
            "Uw aanvraag om een verblijfsvergunning regulier is aangemerkt als een aanvraag om opheffing",
        ],
    );
}

fn lift_request(conditions_met: bool, target: TargetKind, id: &str) -> Person {
    Person::default().app(
        "A5",
        AppKind::LiftRequest,
        AppDecision::Pending,
        None,
        |a| {
            a.filed_date = d("2026-08-15");
            a.filed_from = State::parse("PL").unwrap_or(State::NL);
            a.lift_conditions_met = Some(conditions_met);
            a.target = Some(LiftTarget {
                kind: target,
                id: id.into(),
            });
        },
    )
}

#[test]
fn r21_rejects_a_ban_lift_request_before_half_the_term_has_passed() {
    let (draft, ctx) = lift_request(false, TargetKind::EntryBan, "B11")
        .ban("B11", Severity::Heavy, "2022-02-01", |b| {
            b.in_force_date = Some(d("2023-03-01"));
            b.duration_years = Some(10);
        })
        .draft("R21");
    let text = letter(&draft);
    assert_eq!(
        ctx.ban.as_ref().and_then(|b| b.half_term_date),
        Some(d("2028-03-01"))
    );
    assert_has(
        &text,
        &[
            "Uw aanvraag van 15 augustus 2026 om opheffing van het inreisverbod dat bij besluit van 1 februari 2022 aan u is opgelegd (kenmerk B11), wordt afgewezen. Dit besluit is genomen op grond van artikel 66b, eerste lid, van de Vreemdelingenwet 2000 (Vw) in samenhang met artikel 6.5b, tweede lid, van het Vreemdelingenbesluit 2000 (Vb).",
            "voor de duur van 10 jaar. Het inreisverbod is in werking getreden op 1 maart 2023.",
            "De helft van de duur van het inreisverbod verstrijkt op 1 maart 2028.",
            "De helft van de duur van het inreisverbod is pas verstreken op 1 maart 2028.",
            "vanuit Polen",
            "Paragraaf A4/2.5 van de Vreemdelingencirculaire 2000 (Vc)",
            // Burdensome: the provisional measure.
            "artikel 8:81 Awb",
            "blijft de signalering in het Schengeninformatiesysteem (SIS) die daarop berust, gehandhaafd",
        ],
    );
    assert_lacks(&text, &["[welke voorwaarde"]);
}

#[test]
fn r21_rejects_an_exclusion_order_lift_request_under_art_68_and_6_6_vb() {
    let (draft, _) = lift_request(false, TargetKind::ExclusionOrder, "O3")
        .ovr("O3", "2020-03-11", Ground::NationalSecurity, |_| {})
        .draft("R21");
    assert_has(
        &letter(&draft),
        &[
            "Besluit op uw aanvraag om opheffing van de ongewenstverklaring",
            "op grond van artikel 68, eerste lid, van de Vreemdelingenwet 2000 (Vw) in samenhang met artikel 6.6 van het Vreemdelingenbesluit 2000 (Vb)",
            "bent u ongewenst verklaard wegens gevaar voor de nationale veiligheid",
            "ten minste tien, vijf of één achtereenvolgende jaren buiten Nederland",
            "[welke voorwaarde niet is vervuld, en waarom, met verwijzing naar de stukken]",
        ],
    );
    assert_has(&draft.checklist, &["[ ] tekst lezen paragraaf A4/3.5 Vc"]);
}

#[test]
fn r22_grants_a_lift_request_with_the_short_remedies_clause() {
    let (draft, _) = lift_request(true, TargetKind::EntryBan, "B12")
        .ban("B12", Severity::Light, "2018-11-23", |b| {
            b.in_force_date = Some(d("2019-01-04"));
            b.duration_years = Some(5);
            b.ground = BanGround::NoDeparture;
        })
        .draft("R22");
    let text = letter(&draft);
    assert_has(
        &text,
        &[
            "Op grond van artikel 66b, eerste lid, van de Vreemdelingenwet 2000 (Vw) in samenhang met artikel 6.5b, tweede lid, van het Vreemdelingenbesluit 2000 (Vb) wordt uw aanvraag van 15 augustus 2026 ingewilligd.",
            "De helft van de duur van het inreisverbod is verstreken op 4 juli 2021.",
            "wordt die verwijderd",
        ],
    );
    assert_lacks(&text, &["voorlopige voorziening"]);
}

#[test]
fn r22_flags_a_grant_before_half_the_term_on_the_checklist() {
    let (draft, _) = lift_request(true, TargetKind::EntryBan, "B12")
        .ban("B12", Severity::Light, "2020-11-23", |b| {
            b.in_force_date = Some(d("2024-06-04"));
            b.duration_years = Some(5);
        })
        .draft("R22");
    assert_has(
        &letter(&draft),
        &["De helft van de duur van het inreisverbod verstrijkt op 4 december 2026."],
    );
    assert_has(
        &draft.checklist,
        &["[ ] De helft van de duur van het inreisverbod verstrijkt pas op 4 december 2026"],
    );
}

#[test]
fn r26_suspends_the_term_and_names_the_actual_ground_and_a_working_day_deadline() {
    let (draft, ctx) = Person::default()
        .holder(HolderStatus::Claimed, "2026-10-01", |h| {
            h.public_order_indication = PoIndication::NationalSecurity;
        })
        .ban("B14", Severity::Heavy, "2019-05-06", |b| {
            b.ground = BanGround::NationalSecurity
        })
        .draft("R26");
    let text = letter(&draft);
    assert_has(
        &text,
        &[
            "Uw beroep op tijdelijke bescherming: opschorting van de beslistermijn",
            "uw beroep is op 1 oktober 2026 geregistreerd",
            "Bij besluit van 6 mei 2019 is aan u een zwaar inreisverbod opgelegd wegens gevaar voor de nationale veiligheid.",
            "Er zijn aanwijzingen die betrekking hebben op de nationale veiligheid.",
            "artikel 3.1a, tweede lid, van het Vreemdelingenbesluit 2000",
            "Op grond van artikel 4:15, eerste lid, van de Algemene wet bestuursrecht (Awb)",
            // Sent Monday 30 November: four weeks end Monday 28 December.
            "Stuur de stukken uiterlijk op 28 december 2026 naar: [postadres IND].",
            "(artikel 2:1, tweede lid, Awb)",
            "Met vriendelijke groet,",
        ],
    );
    // A letter, not a decision: no remedies clause; and no end date of protection.
    assert_lacks(
        &text,
        &[
            "binnen vier weken",
            "4 maart 2027",
            "sticker",
            "openbare orde",
        ],
    );
    assert_eq!(ctx.send_date, d("2026-11-30"));
    assert_eq!(ctx.reply_by, d("2026-12-28"));
    assert_has(
        &draft.checklist,
        &[
            "De brief noemt verzending op maandag 30 november 2026 en als termijn maandag 28 december 2026.",
            "verzonden op dinsdag 1 december 2026 -> uiterlijk dinsdag 29 december 2026",
            // Four weeks from Friday 4 December end on Nieuwjaarsdag.
            "verzonden op vrijdag 4 december 2026 -> uiterlijk maandag 4 januari 2027",
        ],
    );
}

#[test]
fn r26_deadline_moves_past_christmas_and_the_weekend() {
    // Run on Thursday 26 November: sent Friday 27 November; four weeks end
    // on Christmas Day, then the weekend: Monday 28 December.
    let (draft, ctx) = Person::default()
        .holder(HolderStatus::Claimed, "2026-10-01", |h| {
            h.public_order_indication = PoIndication::PublicOrder;
        })
        .draft_with("R26", testkit::params("2026-11-26", "2027-03-04"));
    assert_eq!(ctx.send_date, d("2026-11-27"));
    assert_eq!(ctx.reply_by, d("2026-12-28"));
    assert_has(&letter(&draft), &["uiterlijk op 28 december 2026"]);
}

fn refused_and_can_return_to(state: &str) -> Person {
    Person::default().holder(HolderStatus::Refused, "2026-02-03", |h| {
        h.status_ground = Some(StatusGround::NationalSecurity);
        h.third_country_permit = State::parse(state);
    })
}

#[test]
fn r32_is_an_intention_notice_first_and_names_the_country_of_return() {
    let (draft, ctx) = refused_and_can_return_to("GB").draft("R32");
    let text = letter(&draft);
    assert_eq!(ctx.return_to.as_ref().map(|r| r.via), Some("third_country"));
    // Part one: the intention, with a term for a zienswijze.
    assert_has(
        &text,
        &[
            "Voornemen tot het opleggen van een terugkeerbesluit, een zwaar inreisverbod en een besluit tot signalering",
            "uw zienswijze (artikel 4:8 van de Algemene wet bestuursrecht (Awb))",
            "schriftelijk of mondeling geven (artikel 4:9 Awb). Dat moet uiterlijk op 28 december 2026.",
            "Bij besluit van 3 februari 2026 is de tijdelijke bescherming aan u geweigerd wegens gevaar voor de nationale veiligheid.",
            "U heeft een verblijfsvergunning in het Verenigd Koninkrijk.",
            "U kunt terugkeren naar het Verenigd Koninkrijk.",
            "Tegen dit voornemen kunt u geen bezwaar maken",
        ],
    );
    // Part two: the decision, with its full legal basis.
    assert_has(
        &text,
        &[
            "Besluit tot het opleggen van een terugkeerbesluit, een zwaar inreisverbod en een besluit tot signalering",
            "(artikel 62a, eerste en tweede lid, van de Vreemdelingenwet 2000 (Vw))",
            "moet u Nederland onmiddellijk verlaten (artikel 62, tweede lid, aanhef en onder c, Vw)",
            "(artikel 66a, eerste lid, aanhef en onder a, Vw) voor de duur van [aantal] jaar (artikel 66a, vierde lid, Vw en artikel 6.5a van het Vreemdelingenbesluit 2000 (Vb))",
            "de rechtsgevolgen van artikel 66a, zevende lid, aanhef en onder b, Vw",
            "artikel 24, eerste lid, aanhef en onder a, van Verordening (EU) 2018/1861 (artikel 67a Vw)",
            "(artikel 3 van Verordening (EU) 2018/1860)",
            "artikel 24, eerste lid, aanhef en onder b, van Verordening (EU) 2018/1861",
            "(artikel 39, tweede lid, van Verordening (EU) 2018/1861)",
            "[samenvatting van uw zienswijze en de reactie daarop, of: u heeft geen zienswijze gegeven]",
            "artikel 8:81 Awb",
        ],
    );
    assert_lacks(
        &text,
        &[
            "land waarvan u de nationaliteit bezit",
            "openbare orde of nationale veiligheid",
            "geweigerd of beëindigd",
            "zevende lid, Vw, voor de duur",
        ],
    );
    // The decision starts on a new page in Word too.
    assert!(html::parse(&draft.html).iter().any(|b| matches!(
        b,
        html::Block::Paragraph {
            page_break_before: true,
            ..
        }
    )));
}

#[test]
fn r32_to_the_country_of_nationality() {
    let (draft, _) = Person::default()
        .holder(HolderStatus::Ended, "2026-06-01", |h| {
            h.identity.nationality = Nationality::parse("MDA");
            h.status_ground = Some(StatusGround::PublicOrder);
            h.return_obstacle = ReturnObstacle::No;
        })
        .draft("R32");
    assert_has(
        &letter(&draft),
        &[
            "Bij besluit van 1 juni 2026 is uw tijdelijke bescherming beëindigd wegens gevaar voor de openbare orde.",
            "U heeft de nationaliteit van Moldavië. Er is geen beletsel vastgesteld voor uw terugkeer daarheen.",
            "U kunt terugkeren naar Moldavië.",
            "Nationaliteit Moldavische",
        ],
    );
}

#[test]
fn r34_gives_the_actual_ground_the_obstacle_and_the_chosen_remedy() {
    let (draft, ctx) = Person::default()
        .holder(HolderStatus::Withdrawn, "2025-08-18", |h| {
            h.status_ground = Some(StatusGround::Article1f);
        })
        .draft("R34");
    let text = letter(&draft);
    assert_eq!(ctx.obstacle.as_ref().map(|o| o.reason), Some("ukraine"));
    assert_has(
        &text,
        &[
            "Voornemen tot het opleggen van een besluit tot signalering",
            "Bij besluit van 18 augustus 2025 is uw tijdelijke bescherming ingetrokken op grond van artikel 1F van het Vluchtelingenverdrag.",
            "Gedwongen terugkeer naar Oekraïne is op dit moment niet mogelijk.",
            "Een terugkeerbesluit, en daarmee een inreisverbod, kan niet worden opgelegd",
            "artikel 24, eerste lid, aanhef en onder a, van Verordening (EU) 2018/1861 (artikel 67a van de Vreemdelingenwet 2000 (Vw))",
            "Het besluit tot signalering geldt voor de duur van [duur].",
            "binnen drie jaar na de opname",
            "artikel 39, tweede lid, van Verordening (EU) 2018/1861",
            "uiterlijk op 28 december 2026",
            "Besluit tot signalering",
            // The remedy is chosen: an objection within four weeks, with the provisional measure.
            "Dan kunt u bezwaar maken. Dat moet binnen vier weken",
            "artikel 8:81 Awb",
        ],
    );
    assert_has(
        &text,
        &[
            "gevaar voor de openbare orde, gelet op de ernstige redenen om aan te nemen dat u een misdrijf als bedoeld in artikel 1F van het Vluchtelingenverdrag heeft begaan",
        ],
    );
    assert_lacks(
        &text,
        &[
            "ingetrokken of beëindigd",
            "gevaar voor de nationale veiligheid",
            "beroep binnen één week",
            "Behandelaar",
        ],
    );
    assert_has(
        &draft.checklist,
        &[
            "[ ] niet geverifieerd, niet in de brief duur van een besluit tot signalering",
            "[ ] [duur]",
            "[ ] tekst lezen paragraaf A4/4 Vc",
        ],
    );
}

#[test]
fn r34_with_a_registered_obstacle_names_the_country() {
    let (draft, _) = Person::default()
        .holder(HolderStatus::Ended, "2025-08-18", |h| {
            h.identity.nationality = Nationality::parse("RUS");
            h.status_ground = Some(StatusGround::NationalSecurity);
            h.return_obstacle = ReturnObstacle::Yes;
        })
        .draft("R34");
    assert_has(
        &letter(&draft),
        &[
            "is uw tijdelijke bescherming beëindigd wegens gevaar voor de nationale veiligheid",
            "Er is vastgesteld dat er een beletsel is voor uw terugkeer naar Rusland.",
            "gevaar voor de nationale veiligheid:",
        ],
    );
}

#[test]
fn every_draft_type_is_tested_here() {
    let source = include_str!("tests.rs");
    for rule in catalogue().filter(|r| r.draft) {
        let test = format!("fn {}_", rule.id.to_lowercase());
        assert!(
            source.contains(&test),
            "no test for the draft of {}",
            rule.id
        );
    }
}

#[test]
fn the_checklist_lists_every_placeholder_and_every_unverified_source() {
    let (draft, ctx) = refused_and_can_return_to("GB").draft("R32");
    for fill_in in html::fill_ins(&html::parse(&draft.html)) {
        assert!(
            draft.checklist.contains(&format!("[ ] {fill_in}")),
            "{fill_in}"
        );
    }
    let sources = checklist::sources_of(&ctx);
    assert!(sources.contains(&crate::legal::sources::IND_POSTADRES));
    for source in &sources {
        let mark = match source.status {
            crate::legal::sources::Status::Text => "[gecontroleerd]",
            crate::legal::sources::Status::Named => "[ ] tekst lezen",
            crate::legal::sources::Status::Unverified => "[ ] niet geverifieerd, niet in de brief",
        };
        assert!(
            draft
                .checklist
                .contains(&format!("{mark} {}", source.short)),
            "{} not on the checklist as {mark}",
            source.short
        );
    }
}

#[test]
fn values_are_html_escaped_in_the_letter_and_plain_in_word() {
    let (draft, _) = Person::default()
        .holder(HolderStatus::Granted, "2022-11-26", |h| {
            h.identity.surname = Some("<script>alert(1)</script>".into());
            h.identity.given_names = Some("=HYPERLINK(\"x\")".into());
        })
        .ban("B<1>", Severity::Heavy, "2016-12-23", |_| {})
        .draft("R03");
    assert_has(
        &draft.html,
        &[
            "&lt;script&gt;alert(1)&lt;&#x2f;script&gt;",
            "(kenmerk B&lt;1&gt;)",
        ],
    );
    assert_lacks(&draft.html, &["<script>"]);
    let word = docx::text(&draft.docx).expect("docx");
    assert_has(&word, &["<script>alert(1)</script>", "(kenmerk B<1>)"]);
}

#[test]
fn preparing_is_deterministic() {
    let person = heavy_ban_for_a_holder();
    let (a, _) = person.draft("R03");
    let (b, _) = person.draft("R03");
    assert_eq!(a, b);
}

/// The sample context of `rule_id` with every value set.
fn sample(rule_id: &'static str) -> DraftContext {
    context::samples(rule_id).remove(0).1
}

fn override_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, source) in files {
        std::fs::write(dir.path().join(name), source).expect("write override");
    }
    dir
}

#[test]
fn drafts_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Drafts>();
}

#[test]
fn an_override_replaces_its_embedded_template_only() {
    let r03 = r#"{% extends "base.html" %}
{% block titel %}Eigen titel{% endblock %}
{% block besluit %}<p>Opgeheven tot en met {{ protection.end|nl_date }}.</p>{% endblock %}
"#;
    let dir = override_dir(&[("R03.html", r03), ("README.txt", "not a template")]);
    let d = Drafts::new(Some(dir.path())).expect("override accepted");
    let html = d.render(&sample("R03")).expect("render");
    assert_has(
        &html,
        &[
            "<h1>Eigen titel</h1>",
            "<p>Opgeheven tot en met 4 maart 2027.</p>",
            "CONCEPT",
        ],
    );
    assert_lacks(&html, &["Besluit tot tijdelijke opheffing"]);
    // Other rules keep the embedded text.
    let r05 = d.render(&sample("R05")).expect("render");
    assert_has(&r05, &["definitief opgeheven"]);
}

#[test]
fn an_override_of_the_shared_phrases_sets_the_postal_address_everywhere() {
    let parts = Drafts::embedded()
        .iter()
        .find(|(name, _)| *name == "bouwstenen.html")
        .map(|(_, source)| *source)
        .expect("embedded part");
    let with_address = parts.replace(
        "<span class=\"invullen\">[postadres IND]</span>",
        "IND, Postbus 1, 1000 AA Plaats",
    );
    let dir = override_dir(&[("bouwstenen.html", &with_address)]);
    let d = Drafts::new(Some(dir.path())).expect("override accepted");
    for rule in ["R03", "R26", "R32"] {
        let html = d.render(&sample(rule)).expect("render");
        assert_has(&html, &["IND, Postbus 1, 1000 AA Plaats"]);
        assert_lacks(&html, &["[postadres IND]"]);
    }
}

#[test]
fn a_base_override_changes_every_draft() {
    let base = Drafts::embedded()[0].1.replace(
        "Immigratie- en Naturalisatiedienst</p>",
        "IND, directie Uitvoering</p>",
    );
    let dir = override_dir(&[("base.html", &base)]);
    let d = Drafts::new(Some(dir.path())).expect("override accepted");
    for rule in ["R03", "R32"] {
        let html = d.render(&sample(rule)).expect("render");
        assert_has(&html, &["<br>IND, directie Uitvoering</p>"]);
    }
}

#[test]
fn a_syntax_error_in_an_override_names_the_file_and_line() {
    let dir = override_dir(&[(
        "R05.html",
        "{% extends \"base.html\" %}\n\n{% block titel %}{% if %}{% endblock %}\n",
    )]);
    let err = Drafts::new(Some(dir.path())).expect_err("a syntax error");
    let path = dir.path().join("R05.html");
    assert_eq!(
        err.to_string(),
        format!(
            "template {} line 3: syntax error: unexpected end of block; fix the template syntax",
            path.display()
        )
    );
}

#[test]
fn an_undefined_variable_in_an_override_fails_at_start_up() {
    let r04 = "{% extends \"base.html\" %}\n{% block titel %}Titel{% endblock %}\n{% block besluit %}\n<p>{{ persn.surname }}</p>\n{% endblock %}\n";
    let dir = override_dir(&[("R04.html", r04)]);
    let err = Drafts::new(Some(dir.path())).expect_err("an undefined variable");
    match &err {
        DraftError::Render {
            rule_id,
            template,
            line,
            detail,
            ..
        } => {
            assert_eq!(rule_id, "R04");
            assert_eq!(template, &dir.path().join("R04.html").display().to_string());
            assert_eq!(*line, Some(4));
            assert!(detail.starts_with("undefined value"), "{detail}");
        }
        other => panic!("expected a render error, got {other}"),
    }
}

#[test]
fn an_override_using_a_value_absent_in_a_sparse_case_fails_at_start_up() {
    // `ban` is absent for some persons: an override must guard it.
    let r02 = "{% extends \"base.html\" %}{% block titel %}T{% endblock %}{% block besluit %}{{ ban.id }}{% endblock %}";
    let dir = override_dir(&[("R02.html", r02)]);
    let err = Drafts::new(Some(dir.path())).expect_err("unguarded optional value");
    assert!(
        err.to_string().contains("every optional value absent"),
        "{err}"
    );
}

#[test]
fn an_unknown_filter_in_an_override_fails_at_start_up() {
    let r04 = "{% extends \"base.html\" %}{% block titel %}{{ run_date|dutch_date }}{% endblock %}";
    let dir = override_dir(&[("R04.html", r04)]);
    let err = Drafts::new(Some(dir.path())).expect_err("unknown filter");
    assert!(
        matches!(err, DraftError::Syntax { .. } | DraftError::Render { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("R04.html"), "{err}");
}

#[test]
fn a_misspelt_override_is_an_error() {
    let dir = override_dir(&[("R3.html", "x")]);
    let err = Drafts::new(Some(dir.path())).expect_err("unknown override");
    assert_eq!(
        err.to_string(),
        format!(
            "template {} does not replace any built-in template; rename it to one of: base.html, bouwstenen.html, voornemen.html, R02.html, R03.html, R04.html, R05.html, R09.html, R21.html, R22.html, R26.html, R32.html, R34.html",
            dir.path().join("R3.html").display()
        )
    );
}

#[test]
fn a_missing_override_dir_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nope");
    let err = Drafts::new(Some(&missing)).expect_err("missing dir");
    assert!(matches!(err, DraftError::OverrideDir { .. }));
    assert!(err.to_string().starts_with(&format!(
        "failed to read template directory {}: ",
        missing.display()
    )));
}

#[test]
fn every_embedded_rule_template_is_known() {
    let drafts = Drafts::new(None).expect("embedded templates");
    for rule in catalogue().filter(|r| r.draft) {
        assert!(drafts.has_template(rule.id), "{}", rule.id);
    }
    for not_a_rule in ["R01", "base", "bouwstenen", "voornemen", "", "../R03"] {
        assert!(!drafts.has_template(not_a_rule), "{not_a_rule}");
    }
}

#[test]
fn dutch_dates() {
    assert_eq!(format_dutch_date(d("2026-11-28")), "28 november 2026");
    assert_eq!(format_dutch_date(d("2024-02-29")), "29 februari 2024");
    assert_eq!(nl_date(&Value::from(())).expect("none"), "onbekend");
    assert_eq!(
        nl_date(&Value::from("2025-01-01")).expect("a date"),
        "1 januari 2025"
    );
    assert!(nl_date(&Value::from("01-01-2025")).is_err());
    assert_eq!(
        add_days(&Value::from("2026-12-31"), 1).expect("a date"),
        Value::from("2027-01-01")
    );
}

#[test]
fn draft_file_names() {
    assert_eq!(
        draft_file_name("TEMP_LIFT_HEAVY_IRV", "0123456789", "B123"),
        "drafts/TEMP_LIFT_HEAVY_IRV/0123456789_B123.html"
    );
    assert_eq!(
        docx_file_name("drafts/TEMP_LIFT_HEAVY_IRV/0123456789_B123.html"),
        "drafts/TEMP_LIFT_HEAVY_IRV/0123456789_B123.docx"
    );
    assert_eq!(
        checklist_file_name("drafts/TEMP_LIFT_HEAVY_IRV/0123456789_B123.html"),
        "drafts/TEMP_LIFT_HEAVY_IRV/0123456789_B123.controle.txt"
    );
    assert_eq!(
        draft_file_name("LIFT_OVR", "0123456789", "B/12 3"),
        "drafts/LIFT_OVR/0123456789_B_12_3-193ed7e6.html"
    );
    // Ids that sanitise to the same text still get different files.
    assert_eq!(
        draft_file_name("A", "1", "a/b"),
        "drafts/A/1_a_b-c14cddc0.html"
    );
    assert_eq!(
        draft_file_name("A", "1", "a?b"),
        "drafts/A/1_a_b-c2a7b64a.html"
    );
    assert_eq!(draft_file_name("A", "1", "a_b"), "drafts/A/1_a_b.html");
    // A directory part can never climb out of drafts/.
    assert_eq!(
        draft_file_name("..", "1", "x"),
        "drafts/..-5ec1f7e7/1_x.html"
    );
    assert_eq!(
        draft_file_name("A", "../..", "../x"),
        "drafts/A/.._..-0cfd1c96_.._x-d6b96a97.html"
    );
}
