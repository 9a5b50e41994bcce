//! Bad input through the binary, file by file: each way a row can be wrong
//! ends in rejected.csv with the column, value and the reason a user reads,
//! and each contract error stops the run with exit 1 and its message.

use crate::support::Test;

/// (file, header, row, column, value, reason)
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const HOLDERS: &str = "v_number,surname,given_names,birth_date,nationality,second_nationality,category,status,status_date,status_ground,public_order_indication,return_obstacle,third_country_permit";
const BANS: &str = "ban_id,v_number,severity,decision_date,in_force_date,duration_years,ground,final,status,lifted_reason,lifted_until";
const OVRS: &str = "ovr_id,v_number,decision_date,ground,final,status,lifted_reason";
const TKBS: &str = "tkb_id,v_number,decision_date,final,status,suspension_reason";
const HITS: &str =
    "hit_id,v_number,alert_id,alert_kind,issuing_state,reporting_state,hit_date,location,admitted";
const APPS: &str = "application_id,v_number,kind,filed_date,filed_from,decision,decision_date,lift_conditions_met,target_kind,target_id";
const BTS: &str = "bts_id,v_number,decision_date,ground,final,status";

const CASES: &[Case] = &[
    (
        "rtb_holders.csv",
        HOLDERS,
        "1000001,Koval,Olena,1985-03-01,UKR,,ukrainian,granted,2023-09-31,,,,",
        "status_date",
        "2023-09-31",
        "status_date '2023-09-31' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)",
    ),
    (
        "rtb_holders.csv",
        HOLDERS,
        "1000001,,Olena,1985-03-01,UKR,,ukrainian,granted,2022-04-01,,,,",
        "surname",
        "",
        "required value is empty",
    ),
    (
        "rtb_holders.csv",
        HOLDERS,
        "1000001,Koval,Olena,1985-03-01,UKR,,ukrainian,granted,2022-04-01,,,,DE",
        "third_country_permit",
        "DE",
        "third_country_permit 'DE' is an EU member state, not a third country",
    ),
    (
        "rtb_holders.csv",
        HOLDERS,
        "1000001,Koval,Olena,1985-03-01,UKRA,,ukrainian,granted,2022-04-01,,,,",
        "nationality",
        "UKRA",
        "nationality 'UKRA' is not a nationality code (expected three letters as in a passport, e.g. UKR)",
    ),
    (
        "rtb_holders.csv",
        HOLDERS,
        "1000001,Koval,Olena,1985-03-01,UKR,,ukrainian,toegekend,2022-04-01,,,,",
        "status",
        "toegekend",
        "status 'toegekend' is not one of: claimed, granted, refused, withdrawn, ended",
    ),
    (
        "rtb_holders.csv",
        HOLDERS,
        "1000001,Koval,Olena,1985-03-01,UKR,,ukrainian,granted,2022-04-01,,,",
        "",
        "1000001,Koval,Olena,1985-03-01,UKR,,ukrainian,granted,2022-04-01,,,",
        "expected 13 fields as in the header, found 12 (check this row's delimiters and quotes)",
    ),
    (
        "entry_bans.csv",
        BANS,
        "B1,1000001,medium,2021-05-01,,,public_order,true,active,,",
        "severity",
        "medium",
        "severity 'medium' is not one of: light, licht, heavy, zwaar",
    ),
    (
        "entry_bans.csv",
        BANS,
        "B1,1000001,heavy,2021-05-01,,25,public_order,true,active,,",
        "duration_years",
        "25",
        "duration_years '25' is not a whole number of years from 1 to 20",
    ),
    (
        "entry_bans.csv",
        BANS,
        "B1,1000001,heavy,2021-05-01,,,public_order,misschien,active,,",
        "final",
        "misschien",
        "final 'misschien' is not a yes/no value (expected true/false, yes/no, ja/nee, j/n or 1/0)",
    ),
    (
        "entry_bans.csv",
        BANS,
        "B1,1000001,heavy,2021-05-01,,,public_order,true,lifted,,",
        "lifted_reason",
        "",
        "lifted_reason is required when status is 'lifted'",
    ),
    (
        "entry_bans.csv",
        BANS,
        "B1,10001,heavy,2021-05-01,,,public_order,true,active,,",
        "v_number",
        "10001",
        "v_number '10001' is not a V-number (expected 6 to 12 digits)",
    ),
    (
        "exclusion_orders.csv",
        OVRS,
        "O1,1000001,2021-05-01,public_order,true,lifted,",
        "lifted_reason",
        "",
        "lifted_reason is required when status is 'lifted'",
    ),
    (
        "return_decisions.csv",
        TKBS,
        "T1,1000001,2021-05-01,true,suspended,",
        "suspension_reason",
        "",
        "suspension_reason is required when status is 'suspended'",
    ),
    (
        "sis_hits.csv",
        HITS,
        "H1,1000001,SIS1,refusal,POL,PL,2026-11-01,,false",
        "issuing_state",
        "POL",
        "issuing_state 'POL' is not a country code (expected two letters, ISO 3166-1 alpha-2, e.g. NL)",
    ),
    (
        "applications.csv",
        APPS,
        "A1,1000001,asylum,2026-01-01,,rejected,,,,",
        "decision_date",
        "",
        "decision_date is required when decision is 'rejected'",
    ),
    (
        "applications.csv",
        APPS,
        "A1,1000001,lift_request,2026-01-01,,pending,,,,",
        "target_kind",
        "",
        "target_kind is required when kind is 'lift_request'",
    ),
    (
        "applications.csv",
        APPS,
        "A1,1000001,lift_request,2026-01-01,,pending,,,entry_ban,B9",
        "target_id",
        "B9",
        "target_id 'B9' is not an entry_ban of v_number 1000001",
    ),
    (
        "alert_decisions.csv",
        BTS,
        "S1,1000001,2021-05-01,other,true,active",
        "ground",
        "other",
        "ground 'other' is not one of: public_order, national_security",
    ),
];

#[test]
fn every_kind_of_bad_row_is_quarantined_with_its_reason() {
    let mut failures = Vec::new();
    for (file, header, row, column, value, reason) in CASES {
        let t = Test::new().file(file, &format!("{header}\n{row}\n"));
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
            file.trim_end_matches(".csv").to_string(),
            column.to_string(),
            value.to_string(),
            reason.to_string(),
        )];
        if got != want || rejected[0]["line"] != "2" {
            failures.push(format!("{file}: {row}\n  want {want:?}\n  got  {got:?}"));
        }
        let s = o.summary();
        let name = file.trim_end_matches(".csv");
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
        &format!("{HITS}\nH1,1000001,SIS1,refusal,PL,PL,2026-11-01,,false\nH1,1000002,SIS2,refusal,PL,PL,2026-11-02,,false\n"),
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
    let t = Test::new().file("alert_decisions.csv", &format!("{BTS},Status\n"));
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
