//! The analysts' verdicts carried from night to night (issue 12), through
//! the binary: verdicts recorded in the workbook a run wrote, saved by
//! another program, read back the next night, carried with only
//! `--previous`, and lapsing when the data, the action or the date says so.

use crate::analyst::{file_url, load};
use crate::support::*;
use std::fs;
use std::path::Path;

const HOLDERS: &str = "v_number,surname,given_names,birth_date,nationality,category,status,status_date,municipality\n\
                       0700001,Kovalenko,Olena,1985-03-01,UKR,ukrainian,granted,2022-03-10,Utrecht\n\
                       0700002,Melnyk,Taras,1980-07-07,UKR,ukrainian,granted,2022-03-10,Utrecht\n\
                       0700003,Bondar,Iryna,1990-01-01,UKR,ukrainian,granted,2022-03-10,Utrecht\n\
                       0700005,Shevchenko,Petro,1975-05-05,UKR,ukrainian,granted,2022-03-10,Utrecht\n";
const BANS: &str = "ban_id,v_number,severity,decision_date,in_force_date,duration_years,ground,final,status,lifted_reason,lifted_until\n\
                    B1,0700001,heavy,2020-01-01,2020-01-01,10,public_order,true,active,,\n\
                    B2,0700002,heavy,2020-01-01,2020-01-01,10,public_order,true,active,,\n";
const HITS: &str = "hit_id,v_number,alert_id,alert_kind,issuing_state,reporting_state,hit_date,admitted\n\
                    H3,0700003,PL-3,refusal,PL,NL,2026-11-20,false\n\
                    H5,0700005,PL-5,refusal,PL,NL,2026-11-20,false\n";

fn set() -> Test {
    Test::new()
        .file("rtb_holders.csv", HOLDERS)
        .file("entry_bans.csv", BANS)
        .file("sis_hits.csv", HITS)
}

/// Fills in the analyst's columns of the row for `subject` on `sheet` and
/// saves the workbook with umya-spreadsheet, which rewrites every part of
/// the file as a spreadsheet program does. `None` clears a cell.
struct Edit<'a> {
    sheet: &'a str,
    subject: &'a str,
    afhandeling: Option<&'a str>,
    tot: Option<&'a str>,
    toelichting: Option<&'a str>,
    door: Option<&'a str>,
}

fn edit(from: &Path, to: &Path, edits: &[Edit<'_>]) {
    let mut book = umya_spreadsheet::reader::xlsx::read(from).expect("read the workbook");
    for e in edits {
        let ws = book.sheet_by_name_mut(e.sheet).expect("sheet");
        assert_eq!(ws.value("N1"), "Afhandeling");
        assert_eq!(ws.value("R1"), "Vastgelegd");
        let row = (2..=ws.highest_row())
            .find(|r| ws.value(format!("D{r}")) == e.subject)
            .unwrap_or_else(|| panic!("no row for {} on {}", e.subject, e.sheet));
        for (col, value) in [
            ("N", e.afhandeling),
            ("O", e.tot),
            ("P", e.toelichting),
            ("Q", e.door),
        ] {
            let at = format!("{col}{row}");
            match value {
                Some(v) => {
                    ws.cell_mut(at.as_str()).set_value_string(v);
                }
                None => {
                    ws.remove_cell(at.as_str());
                }
            }
        }
    }
    umya_spreadsheet::writer::xlsx::write(&book, to).expect("save the workbook");
}

/// The verdict columns of actions.csv, by subject.
fn verdicts(o: &Outcome) -> Vec<(String, String, String, String, String)> {
    o.csv("actions.csv")
        .into_iter()
        .map(|r| {
            (
                r["subject_id"].clone(),
                r["verdict"].clone(),
                r["verdict_until"].clone(),
                r["verdict_note"].clone(),
                r["verdict_by"].clone(),
            )
        })
        .collect()
}

fn row(cells: [&str; 5]) -> (String, String, String, String, String) {
    let [a, b, c, d, e] = cells.map(str::to_string);
    (a, b, c, d, e)
}

/// (subject_id, reason, detail) of verdicts_not_applied.csv.
fn not_applied(o: &Outcome) -> Vec<(String, String, String)> {
    o.csv("verdicts_not_applied.csv")
        .into_iter()
        .map(|r| {
            (
                r["subject_id"].clone(),
                r["reason"].clone(),
                r["detail"].clone(),
            )
        })
        .collect()
}

fn in_force(o: &Outcome) -> Vec<(String, String, String)> {
    o.csv("verdicts.csv")
        .into_iter()
        .map(|r| {
            (
                r["subject_id"].clone(),
                r["verdict"].clone(),
                r["recorded"].clone(),
            )
        })
        .collect()
}

fn triple(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.to_string(), b.to_string(), c.to_string())
}

/// The first night, and the workbook of it filled in by an analyst.
fn first_night_and_its_workbook(t: &Test) -> (Outcome, std::path::PathBuf) {
    let run1 = t.run_into("run1", &["--as-of", "2026-11-28"]);
    run1.status(0);
    let filled = t.dir.path().join("afhandeling.xlsx");
    edit(
        &run1.out.join("actions.xlsx"),
        &filled,
        &[
            Edit {
                sheet: "BAN Inreisverboden",
                subject: "B1",
                afhandeling: Some("afgehandeld"),
                tot: None,
                toelichting: Some("opheffing al verstuurd"),
                door: Some("A. de Vries"),
            },
            Edit {
                sheet: "BAN Inreisverboden",
                subject: "B2",
                afhandeling: Some("niet_van_toepassing"),
                tot: None,
                toelichting: None,
                door: Some("A. de Vries"),
            },
            Edit {
                sheet: "HIT SIS-hits",
                subject: "H3",
                afhandeling: Some("uitgesteld"),
                tot: Some("01-12-2026"),
                toelichting: Some("wacht op antwoord PL"),
                door: Some("B. Jansen"),
            },
            Edit {
                sheet: "HIT SIS-hits",
                subject: "H5",
                afhandeling: Some("klaar"),
                tot: None,
                toelichting: None,
                door: None,
            },
        ],
    );
    (run1, filled)
}

/// The night of 2026-11-29, compared with `previous` and given `verdicts`.
fn next_night_with(
    t: &Test,
    name: &str,
    previous: &Outcome,
    verdicts: &Path,
    extra: &[&str],
) -> Outcome {
    let (previous, verdicts) = (path(&previous.out), path(verdicts));
    let mut args = vec![
        "--as-of",
        "2026-11-29",
        "--previous",
        &previous,
        "--verdicts",
        &verdicts,
    ];
    args.extend(extra);
    let o = t.run_into(name, &args);
    o.status(0);
    o
}

#[test]
fn verdicts_from_an_edited_workbook_are_carried_three_nights_and_lapse_with_their_reason() {
    let t = set();
    let (run1, filled) = first_night_and_its_workbook(&t);
    assert_eq!(
        verdicts(&run1).iter().filter(|v| !v.1.is_empty()).count(),
        0
    );

    // The next night, same data: the verdicts apply.
    let run2 = next_night_with(&t, "run2", &run1, &filled, &[]);
    assert_eq!(
        verdicts(&run2),
        [
            row([
                "B1",
                "afgehandeld",
                "",
                "opheffing al verstuurd",
                "A. de Vries"
            ]),
            row(["B2", "niet_van_toepassing", "", "", "A. de Vries"]),
            row([
                "H3",
                "uitgesteld",
                "2026-12-01",
                "wacht op antwoord PL",
                "B. Jansen"
            ]),
            row(["H5", "", "", "", ""]),
        ]
    );
    // The bad row is quarantined; the run goes on.
    let rejected = run2.csv("rejected.csv");
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["file"], "verdicts");
    assert_eq!(rejected[0]["line"], "3");
    assert_eq!(rejected[0]["v_number"], "0700005");
    assert_eq!(rejected[0]["column"], "Afhandeling");
    assert_eq!(rejected[0]["value"], "klaar");
    assert_eq!(
        rejected[0]["reason"],
        "sheet 'HIT SIS-hits': Afhandeling 'klaar' is not one of: afgehandeld, niet_van_toepassing, uitgesteld"
    );
    assert_eq!(
        in_force(&run2),
        [
            triple("B1", "afgehandeld", "2026-11-29"),
            triple("B2", "niet_van_toepassing", "2026-11-29"),
            triple("H3", "uitgesteld", "2026-11-29"),
        ]
    );
    let s = run2.summary();
    let v = &s["verdicts"];
    assert_eq!(v["file"], "afhandeling.xlsx");
    assert_eq!(v["file_rows"], 4);
    assert_eq!(v["file_rejected"], 1);
    assert_eq!(v["in_force"], 3);
    assert_eq!(v["actions_open"], 1);
    assert_eq!(v["actions_with_verdict"], 3);
    assert_eq!(v["open_by_group"]["HIT"], 1);
    assert_eq!(v["with_verdict_by_group"]["BAN"], 2);
    assert_eq!(v["with_verdict_by_group"]["HIT"], 1);
    // A verdict never changes a rule's outcome: the same actions as the night before.
    assert_eq!(s["actions_total"], 4);
    assert_eq!(run1.summary()["actions_by_rule"], s["actions_by_rule"]);
    // changes.csv carries the verdict.
    assert!(
        run2.read("changes.csv")
            .lines()
            .any(|l| l == "0700003,CONSULT_ISSUING_STATE,H3,ongoing,,uitgesteld")
    );
    // The report puts open work first and handled work in its own section.
    let html = run2.read("report.html");
    assert!(html.contains("<span class=\"num\">1</span><span>open acties</span>"));
    assert!(html.contains(
        "<span class=\"num\">3</span><span><a href=\"#afgehandeld\">met afhandeling</a></span>"
    ));
    assert!(html.contains("<h2>Afgehandeld</h2>"));
    // In a browser: the open table holds the one open action, the handled
    // table the three with a verdict, in Dutch.
    let page = load(&file_url(&run2.out.join("report.html"), ""));
    assert!(page.dom.contains("data-ready=\"true\""), "the script ran");
    assert_eq!(page.attr("actions-table", "data-total"), "1");
    assert_eq!(
        page.attr("due-table", "data-total"),
        "1",
        "deadlines: open work only"
    );
    assert_eq!(page.attr("handled-table", "data-total"), "3");
    assert_eq!(page.attr("not-applied-table", "data-total"), "0");
    let handled = page.rows("handled-table").join("");
    for word in [
        "afgehandeld",
        "niet van toepassing",
        "uitgesteld",
        "2026-12-01",
        "opheffing al verstuurd",
        "2026-11-29",
    ] {
        assert!(handled.contains(word), "{word} in the handled table");
    }
    // The workbook of run 2 shows the verdicts in force, with when they
    // were recorded.
    let book = umya_spreadsheet::reader::xlsx::read(run2.out.join("actions.xlsx")).expect("read");
    let ws = book.sheet_by_name("BAN Inreisverboden").expect("sheet");
    let b1 = (2..=ws.highest_row())
        .find(|r| ws.value(format!("D{r}")) == "B1")
        .expect("B1");
    assert_eq!(ws.value(format!("N{b1}")), "afgehandeld");
    assert_eq!(ws.value(format!("P{b1}")), "opheffing al verstuurd");
    assert!(
        !ws.value(format!("R{b1}")).is_empty(),
        "Vastgelegd is filled"
    );

    // Night 3, only --previous: carried, the day before `uitgesteld` ends.
    let run3 = t.run_into(
        "run3",
        &["--as-of", "2026-11-30", "--previous", &path(&run2.out)],
    );
    run3.status(0);
    assert_eq!(in_force(&run3), in_force(&run2));
    assert_eq!(run3.summary()["verdicts"]["carried"], 3);
    assert_eq!(not_applied(&run3), []);

    // Night 4: `uitgesteld` reaches its date; the others still hold.
    let run4 = t.run_into(
        "run4",
        &["--as-of", "2026-12-01", "--previous", &path(&run3.out)],
    );
    run4.status(0);
    assert_eq!(
        in_force(&run4),
        [
            triple("B1", "afgehandeld", "2026-11-29"),
            triple("B2", "niet_van_toepassing", "2026-11-29"),
        ]
    );
    assert_eq!(
        not_applied(&run4),
        [triple(
            "H3",
            "postponement_ended",
            "uitgesteld tot 2026-12-01: die datum is bereikt"
        )]
    );
    assert!(
        verdicts(&run4).contains(&row(["H3", "", "", "", ""])),
        "open again"
    );

    // Night 5: Kovalenko moved (her data changed) and B2 left the register
    // (its action resolved): neither verdict applies, and both are listed.
    // (Half of entry_bans gone is drift; a person checked it.)
    let t = t
        .file(
            "rtb_holders.csv",
            &HOLDERS.replace(
                "1985-03-01,UKR,ukrainian,granted,2022-03-10,Utrecht",
                "1985-03-01,UKR,ukrainian,granted,2022-03-10,Zwolle",
            ),
        )
        .file(
            "entry_bans.csv",
            &BANS.replace(
                "B2,0700002,heavy,2020-01-01,2020-01-01,10,public_order,true,active,,\n",
                "",
            ),
        );
    let run5 = t.run_into(
        "run5",
        &[
            "--as-of",
            "2026-12-02",
            "--previous",
            &path(&run4.out),
            "--accept-drift",
        ],
    );
    run5.status(0);
    assert_eq!(in_force(&run5), []);
    assert_eq!(
        not_applied(&run5),
        [
            triple(
                "B1",
                "data_changed",
                "gegevens gewijzigd sinds afhandeling op 2026-11-29"
            ),
            triple(
                "B2",
                "no_action",
                "deze actie staat niet (meer) in de actielijst van deze run"
            ),
        ]
    );
    assert!(
        verdicts(&run5).contains(&row(["B1", "", "", "", ""])),
        "open again"
    );
    assert!(
        run5.read("changes.csv")
            .lines()
            .any(|l| l == "0700002,TEMP_LIFT_HEAVY_IRV,B2,resolved,data,niet_van_toepassing")
    );
    assert!(
        run5.read("report.html")
            .contains("gegevens gewijzigd sinds afhandeling op 2026-11-29")
    );
}

#[test]
fn a_verdict_chosen_on_data_that_changed_before_the_next_run_is_not_taken_on() {
    let t = set();
    let (run1, filled) = first_night_and_its_workbook(&t);
    // Between the workbook's night and the next, Kovalenko's record changed.
    let t = t.file(
        "rtb_holders.csv",
        &HOLDERS.replace(
            "1985-03-01,UKR,ukrainian,granted,2022-03-10,Utrecht",
            "1985-03-01,UKR,ukrainian,granted,2022-03-10,Zwolle",
        ),
    );
    let run2 = next_night_with(&t, "run2", &run1, &filled, &[]);
    assert_eq!(
        in_force(&run2),
        [
            triple("B2", "niet_van_toepassing", "2026-11-29"),
            triple("H3", "uitgesteld", "2026-11-29"),
        ]
    );
    assert_eq!(
        not_applied(&run2),
        [triple(
            "B1",
            "data_changed",
            "gegevens gewijzigd sinds de werkmap waarin deze afhandeling is gekozen; kies haar opnieuw in de werkmap van de laatste run"
        )]
    );
}

#[test]
fn a_verdict_cleared_in_the_workbook_is_withdrawn_and_explain_shows_why() {
    let t = set();
    let (run1, filled) = first_night_and_its_workbook(&t);
    let run2 = next_night_with(&t, "run2", &run1, &filled, &[]);

    // explain with --previous: the person's verdicts and whether they hold.
    let o = rtb_recon(&[
        "explain",
        "--input",
        &path(&t.input()),
        "--v-number",
        "0700001",
        "--as-of",
        "2026-11-30",
        "--previous",
        &path(&run2.out),
    ]);
    o.status(0);
    assert!(
        o.stdout.contains(
            "\n5. Afhandelingen\n   TEMP_LIFT_HEAVY_IRV B1: afgehandeld, vastgelegd 2026-11-29 door A. de Vries — opheffing al verstuurd\n      Geldt: de gegevens en de actie zijn sinds de afhandeling gelijk gebleven.\n"
        ),
        "{}",
        o.stdout
    );

    // The analyst empties Afhandeling on B1 in run 2's workbook.
    let cleared = t.dir.path().join("ingetrokken.xlsx");
    edit(
        &run2.out.join("actions.xlsx"),
        &cleared,
        &[Edit {
            sheet: "BAN Inreisverboden",
            subject: "B1",
            afhandeling: None,
            tot: None,
            toelichting: None,
            door: None,
        }],
    );
    let run3 = t.run_into(
        "run3",
        &[
            "--as-of",
            "2026-11-30",
            "--previous",
            &path(&run2.out),
            "--verdicts",
            &path(&cleared),
        ],
    );
    run3.status(0);
    assert_eq!(
        in_force(&run3),
        [
            triple("B2", "niet_van_toepassing", "2026-11-29"),
            triple("H3", "uitgesteld", "2026-11-29"),
        ],
        "the other rows of the workbook, unchanged, keep their first recording"
    );
    assert_eq!(
        not_applied(&run3),
        [triple(
            "B1",
            "withdrawn",
            "ingetrokken door de analist (afhandeling van 2026-11-29)"
        )]
    );
}

#[test]
fn a_verdicts_csv_reads_like_the_exports_and_a_wrong_file_stops_the_run() {
    let t = set();
    let file = t.dir.path().join("afhandelingen.csv");
    fs::write(
        &file,
        "\u{feff}v_number;action;subject_id;verdict;until;note;by\n\
         0700003;CONSULT_ISSUING_STATE;H3;uitgesteld;15-12-2026;;\n\
         0700001;TEMP_LIFT_HEAVY_IRV;B1;afgehandeld;;;\n\
         0700009;TEMP_LIFT_HEAVY_IRV;B9;afgehandeld;;bestaat niet;\n\
         0700001;HOLD_INCOMPLETE_DATA;0700001;afgehandeld;;;\n",
    )
    .expect("write");
    let o = t.run(&["--verdicts", &path(&file)]);
    o.status(0);
    assert_eq!(
        in_force(&o),
        [
            triple("B1", "afgehandeld", "2026-11-28"),
            triple("H3", "uitgesteld", "2026-11-28"),
        ]
    );
    assert_eq!(
        not_applied(&o),
        [
            triple(
                "0700001",
                "no_action",
                "deze actie staat niet (meer) in de actielijst van deze run"
            ),
            triple(
                "B9",
                "no_action",
                "deze actie staat niet (meer) in de actielijst van deze run"
            ),
        ]
    );
    for name in ["verdicts.csv", "verdicts_not_applied.csv"] {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(o.out.join(name))
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
        }
        #[cfg(not(unix))]
        assert!(o.out.join(name).is_file());
    }

    // Not a verdicts file: exit 2, nothing written.
    let wrong = t.dir.path().join("lijst.csv");
    fs::write(&wrong, "v_number,opmerking\n0700001,x\n").expect("write");
    let o = t.run_into("wrong", &["--verdicts", &path(&wrong)]);
    o.status(2).stderr_has(
        "lijst.csv: required column `action` is missing from the header (the columns are v_number,action,subject_id,verdict,until,note,by)",
    );
    o.wrote_nothing();
    let o = t.run_into(
        "missing",
        &["--verdicts", &path(&t.dir.path().join("nergens.csv"))],
    );
    o.status(2).stderr_has("nergens.csv is not a file");
}

#[test]
fn the_same_verdicts_give_the_same_bytes_on_one_thread_and_on_four() {
    let t = set();
    let (run1, filled) = first_night_and_its_workbook(&t);
    let run = |name: &str, threads: &str| {
        tree(&next_night_with(&t, name, &run1, &filled, &["--threads", threads]).out)
    };
    assert_eq!(run("one", "1"), run("four", "4"));
}
