//! Bad input through the binary, file by file: each way a row can be wrong
//! ends in rejected.csv with the column, value and the reason a user reads,
//! and each contract error stops the run with exit 1 and its message.

use crate::support::{Test, header};
use rtb_recon::model::Export::{self, *};
use rtb_recon::model::contract::column;

/// (export, row under the export's header, column, value, reason)
type Case = (
    Export,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const CASES: &[Case] = &[
    (
        RtbHolders,
        "1000001,Koval,Olena,1985-03-01,UKR,,ukrainian,granted,2023-09-31,,,,,",
        column::STATUS_DATE,
        "2023-09-31",
        "status_date '2023-09-31' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)",
    ),
    (
        RtbHolders,
        "1000001,,Olena,1985-03-01,UKR,,ukrainian,granted,2022-04-01,,,,,",
        column::SURNAME,
        "",
        "required value is empty",
    ),
    (
        RtbHolders,
        "1000001,Koval,Olena,1985-03-01,UKR,,ukrainian,granted,2022-04-01,,,,DE,",
        column::THIRD_COUNTRY_PERMIT,
        "DE",
        "third_country_permit 'DE' is an EU member state, not a third country",
    ),
    (
        RtbHolders,
        "1000001,Koval,Olena,1985-03-01,UKRA,,ukrainian,granted,2022-04-01,,,,,",
        column::NATIONALITY,
        "UKRA",
        "nationality 'UKRA' is not a nationality code (expected three letters as in a passport, e.g. UKR)",
    ),
    (
        RtbHolders,
        "1000001,Koval,Olena,1985-03-01,UKR,,ukrainian,toegekend,2022-04-01,,,,,",
        column::STATUS,
        "toegekend",
        "status 'toegekend' is not one of: claimed, granted, refused, withdrawn, ended",
    ),
    (
        RtbHolders,
        "1000001,Koval,Olena,1985-03-01,UKR,,ukrainian,granted,2022-04-01,,,,",
        "",
        "1000001,Koval,Olena,1985-03-01,UKR,,ukrainian,granted,2022-04-01,,,,",
        "expected 14 fields as in the header, found 13 (check this row's delimiters and quotes)",
    ),
    (
        EntryBans,
        "B1,1000001,medium,2021-05-01,,,public_order,true,active,,,",
        column::SEVERITY,
        "medium",
        "severity 'medium' is not one of: light, licht, heavy, zwaar",
    ),
    (
        EntryBans,
        "B1,1000001,heavy,2021-05-01,,25,public_order,true,active,,,",
        column::DURATION_YEARS,
        "25",
        "duration_years '25' is not a whole number of years from 1 to 20",
    ),
    (
        EntryBans,
        "B1,1000001,heavy,2021-05-01,,,public_order,misschien,active,,,",
        column::FINAL,
        "misschien",
        "final 'misschien' is not a yes/no value (expected true/false, yes/no, ja/nee, j/n or 1/0)",
    ),
    (
        EntryBans,
        "B1,1000001,heavy,2021-05-01,,,public_order,true,lifted,,,",
        column::LIFTED_REASON,
        "",
        "lifted_reason is required when status is 'lifted'",
    ),
    (
        EntryBans,
        "B1,10001,heavy,2021-05-01,,,public_order,true,active,,,",
        column::V_NUMBER,
        "10001",
        "v_number '10001' is not a V-number (expected 6 to 12 digits)",
    ),
    (
        ExclusionOrders,
        "O1,1000001,2021-05-01,public_order,true,lifted,,",
        column::LIFTED_REASON,
        "",
        "lifted_reason is required when status is 'lifted'",
    ),
    (
        ReturnDecisions,
        "T1,1000001,2021-05-01,true,suspended,,,",
        column::SUSPENSION_REASON,
        "",
        "suspension_reason is required when status is 'suspended'",
    ),
    (
        SisHits,
        "H1,1000001,SIS1,refusal,POL,PL,2026-11-01,,false",
        column::ISSUING_STATE,
        "POL",
        "issuing_state 'POL' is not a country code (expected two letters, ISO 3166-1 alpha-2, e.g. NL)",
    ),
    (
        Applications,
        "A1,1000001,asylum,2026-01-01,,rejected,,,,,,",
        column::DECISION_DATE,
        "",
        "decision_date is required when decision is 'rejected'",
    ),
    (
        Applications,
        "A1,1000001,lift_request,2026-01-01,,pending,,,,,,",
        column::TARGET_KIND,
        "",
        "target_kind is required when kind is 'lift_request'",
    ),
    (
        Applications,
        "A1,1000001,lift_request,2026-01-01,,pending,,,,entry_ban,B9,",
        column::TARGET_ID,
        "B9",
        "target_id 'B9' is not an entry_ban of v_number 1000001",
    ),
    (
        AlertDecisions,
        "S1,1000001,2021-05-01,other,true,active,",
        column::GROUND,
        "other",
        "ground 'other' is not one of: public_order, national_security",
    ),
];

#[test]
fn every_kind_of_bad_row_is_quarantined_with_its_reason() {
    let mut failures = Vec::new();
    for (export, row, column, value, reason) in CASES {
        let file = format!("{export}.csv");
        let t = Test::new().file(&file, &format!("{}\n{row}\n", header(*export)));
        let o = t.run(&[]);
        o.status(0);
        let rejected = o.csv("rejected.csv");
        let got: Vec<(String, String, String, String)> = rejected
            .iter()
            .map(|r| {
                (
                    r["file"].clone(),
                    r["column"].clone(),
                    r["value"].clone(),
                    r["reason"].clone(),
                )
            })
            .collect();
        let want = vec![(
            export.name().to_string(),
            column.to_string(),
            value.to_string(),
            reason.to_string(),
        )];
        if got != want || rejected[0]["line"] != "2" {
            failures.push(format!("{file}: {row}\n  want {want:?}\n  got  {got:?}"));
        }
        let s = o.summary();
        let name = export.name();
        assert_eq!(
            (
                s["inputs"][name]["rows"].as_u64(),
                s["inputs"][name]["rejected"].as_u64()
            ),
            (Some(1), Some(1))
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn duplicate_ids_quarantine_the_later_row() {
    let t = Test::new().file(
        "sis_hits.csv",
        &format!("{}\nH1,1000001,SIS1,refusal,PL,PL,2026-11-01,,false\nH1,1000002,SIS2,refusal,PL,PL,2026-11-02,,false\n", header(SisHits)),
    );
    let o = t.run(&[]);
    let r = o.csv("rejected.csv");
    assert_eq!(r.len(), 1);
    assert_eq!(
        (r[0]["line"].as_str(), r[0]["v_number"].as_str()),
        ("3", "1000002")
    );
    assert_eq!(r[0]["reason"], "duplicate hit_id 'H1' (first on line 2)");
    // The first hit still gets its one HIT action; the second person is held.
    let actions = o.csv("actions.csv");
    let got: Vec<(&str, &str)> = actions
        .iter()
        .map(|a| (a["v_number"].as_str(), a["action"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("1000001", "HIT_NO_ACTION"),
            ("1000002", "HOLD_INCOMPLETE_DATA")
        ]
    );
}

#[test]
fn an_export_that_is_a_directory_is_unreadable() {
    let t = Test::new().without("alert_decisions.csv");
    std::fs::create_dir(t.input().join("alert_decisions.csv")).unwrap();
    t.run(&[])
        .status(1)
        .stderr_has("alert_decisions.csv: cannot read the file")
        .wrote_nothing();
}

#[test]
fn a_column_given_twice_is_a_contract_error() {
    let t = Test::new().file(
        "alert_decisions.csv",
        &format!("{},Status\n", header(AlertDecisions)),
    );
    t.run(&[])
        .status(1)
        .stderr_has("column `status` appears more than once")
        .wrote_nothing();
}

#[test]
fn semicolons_bom_and_dutch_words_are_accepted() {
    let t = Test::new().file(
        "entry_bans.csv",
        "\u{feff}BAN_ID;V_Number;Severity;decision_date;in_force_date;duration_years;ground;final;status;extra_col\n\
         B1;1000001;zwaar;01-05-2021;01-06-2021;10;public_order;ja;active;x\n",
    );
    let o = t.run(&[]);
    o.status(0);
    assert_eq!(
        o.read("rejected.csv").lines().count(),
        1,
        "{}",
        o.read("rejected.csv")
    );
    assert_eq!(
        o.summary()["inputs"]["entry_bans"]["unknown_columns"],
        serde_json::json!(["extra_col"])
    );
}
