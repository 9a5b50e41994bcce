//! `entry_bans` (SPEC §3.2): one row per entry ban (IRV).
//!
//! Owns the row → `EntryBan` mapping (the columns are the export's contract
//! table, `model::contract`), including the rule that a (temporarily) lifted
//! ban says why it was lifted. Whether a ban is live, in force or lapsed is
//! for `case`, not for ingestion.

use super::cells::Years;
use super::columns::{Col, Found};
use super::file::{Records, Schema};
use super::row::{CellError, IdentityColumns, Row};
use crate::model::contract::column::*;
use crate::model::{BanStatus, EntryBan, Export, Line, Text};

pub(super) struct EntryBans;

pub(super) struct Columns {
    ban_id: Col,
    v_number: Col,
    severity: Col,
    decision_date: Col,
    in_force_date: Col,
    duration_years: Col,
    ground: Col,
    is_final: Col,
    status: Col,
    lifted_reason: Col,
    lifted_until: Col,
    sis_alert_id: Col,
    identity: IdentityColumns,
}

impl Schema for EntryBans {
    const EXPORT: Export = Export::EntryBans;
    type Columns = Columns;
    type Record = EntryBan;

    fn columns(found: &Found) -> Columns {
        Columns {
            ban_id: found.col(BAN_ID),
            v_number: found.col(V_NUMBER),
            severity: found.col(SEVERITY),
            decision_date: found.col(DECISION_DATE),
            in_force_date: found.col(IN_FORCE_DATE),
            duration_years: found.col(DURATION_YEARS),
            ground: found.col(GROUND),
            is_final: found.col(FINAL),
            status: found.col(STATUS),
            lifted_reason: found.col(LIFTED_REASON),
            lifted_until: found.col(LIFTED_UNTIL),
            sis_alert_id: found.col(SIS_ALERT_ID),
            identity: IdentityColumns::new(found),
        }
    }

    fn parse(c: &Columns, row: &Row<'_>) -> Result<EntryBan, CellError> {
        let ban_id = row.required_text(c.ban_id)?;
        let v_number = row.v_number(c.v_number)?;
        let severity = row.required(c.severity)?;
        let decision_date = row.required(c.decision_date)?;
        let in_force_date = row.optional(c.in_force_date)?;
        let duration_years = row.optional::<Years>(c.duration_years)?;
        let ground = row.required(c.ground)?;
        let is_final = row.required(c.is_final)?;
        let status: BanStatus = row.required(c.status)?;
        let lifted_reason = row.optional(c.lifted_reason)?;
        if lifted_reason.is_none()
            && matches!(status, BanStatus::TemporarilyLifted | BanStatus::Lifted)
        {
            return Err(CellError::required_when(
                c.lifted_reason,
                STATUS,
                status.as_str(),
            ));
        }
        let lifted_until = row.optional(c.lifted_until)?;
        let sis_alert_id = row.optional_text(c.sis_alert_id).map(Text::from);
        let identity = c.identity.parse(row)?;
        Ok(EntryBan {
            line: row.line,
            ban_id: ban_id.into(),
            v_number: v_number.into(),
            identity,
            severity,
            decision_date,
            in_force_date,
            duration_years: duration_years.map(|Years(n)| n),
            ground,
            is_final,
            status,
            lifted_reason,
            lifted_until,
            sis_alert_id,
        })
    }

    fn key(r: &EntryBan) -> (Line, &str, &str) {
        (r.line, &r.ban_id, &r.v_number)
    }

    fn wrap(records: Vec<EntryBan>) -> Records {
        Records::EntryBans(records)
    }
}

#[cfg(test)]
mod tests {
    use super::super::file::read_str;
    use super::super::testing::{empty, rejection, says, with_row};
    use super::*;
    use crate::model::{BanGround, Date, Identity, LiftedReason, Nationality, Severity};

    const HEADER: &str = "ban_id,v_number,severity,decision_date,in_force_date,duration_years,ground,final,status,lifted_reason,lifted_until,sis_alert_id,surname,given_names,birth_date,nationality";
    const GOOD: &str = "B1,123456,zwaar,2021-05-01,01-06-2021,10,public_order,ja,temporarily_lifted,temporary_protection,2027-03-04,SIS-1,Kovalenko,Olena,1990-03-15,UKR";

    fn reject(column: &str, value: &str) -> (String, String) {
        rejection::<EntryBans>(HEADER, GOOD, column, value)
    }

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_good_row() {
        let (records, rejected) = read_str::<EntryBans>(&format!("{HEADER}\n{GOOD}\n"));
        assert_eq!(rejected, vec![]);
        assert_eq!(
            records,
            vec![EntryBan {
                line: 2,
                ban_id: "B1".into(),
                v_number: "123456".into(),
                identity: Identity {
                    surname: Some("Kovalenko".into()),
                    given_names: Some("Olena".into()),
                    birth_date: Some(day(1990, 3, 15)),
                    nationality: Nationality::parse("UKR"),
                },
                severity: Severity::Heavy,
                decision_date: day(2021, 5, 1),
                in_force_date: Some(day(2021, 6, 1)),
                duration_years: Some(10),
                ground: BanGround::PublicOrder,
                is_final: true,
                status: BanStatus::TemporarilyLifted,
                lifted_reason: Some(LiftedReason::TemporaryProtection),
                lifted_until: Some(day(2027, 3, 4)),
                sis_alert_id: Some("SIS-1".into()),
            }]
        );
    }

    #[test]
    fn optional_columns_may_be_missing_and_values_empty() {
        let text = "ban_id,v_number,severity,decision_date,ground,final,status\nB1,123456,light,2021-05-01,other,0,active\n";
        let (records, rejected) = read_str::<EntryBans>(text);
        assert_eq!(rejected, vec![]);
        assert_eq!(records[0].identity, Identity::default());
        assert_eq!(records[0].in_force_date, None);
        assert_eq!(records[0].duration_years, None);
        assert_eq!(records[0].lifted_reason, None);
        assert_eq!(records[0].sis_alert_id, None);
        assert_eq!(records[0].severity, Severity::Light);
        assert!(!records[0].is_final);
    }

    #[test]
    fn each_way_a_cell_can_be_wrong() {
        assert_eq!(reject(BAN_ID, ""), empty());
        assert_eq!(reject(V_NUMBER, ""), empty());
        assert_eq!(
            reject(V_NUMBER, "V123456"),
            says(
                "V123456",
                "v_number 'V123456' is not a V-number (expected 6 to 12 digits)"
            )
        );
        assert_eq!(reject(SEVERITY, ""), empty());
        assert_eq!(
            reject(SEVERITY, "medium"),
            says(
                "medium",
                "severity 'medium' is not one of: light, licht, heavy, zwaar"
            )
        );
        assert_eq!(reject(DECISION_DATE, ""), empty());
        assert_eq!(
            reject(DECISION_DATE, "2021-05-32"),
            says(
                "2021-05-32",
                "decision_date '2021-05-32' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            )
        );
        assert_eq!(
            reject(IN_FORCE_DATE, "31-02-2025"),
            says(
                "31-02-2025",
                "in_force_date '31-02-2025' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            )
        );
        assert_eq!(
            reject(DURATION_YEARS, "0"),
            says(
                "0",
                "duration_years '0' is not a whole number of years from 1 to 20"
            )
        );
        assert_eq!(
            reject(DURATION_YEARS, "21"),
            says(
                "21",
                "duration_years '21' is not a whole number of years from 1 to 20"
            )
        );
        assert_eq!(
            reject(DURATION_YEARS, "2.5"),
            says(
                "2.5",
                "duration_years '2.5' is not a whole number of years from 1 to 20"
            )
        );
        assert_eq!(reject(GROUND, ""), empty());
        assert_eq!(
            reject(GROUND, "article_1f"),
            says(
                "article_1f",
                "ground 'article_1f' is not one of: public_order, national_security, no_departure, other"
            )
        );
        assert_eq!(reject(FINAL, ""), empty());
        assert_eq!(
            reject(FINAL, "onbekend"),
            says(
                "onbekend",
                "final 'onbekend' is not a yes/no value (expected true/false, yes/no, ja/nee, j/n or 1/0)"
            )
        );
        assert_eq!(reject(STATUS, ""), empty());
        assert_eq!(
            reject(STATUS, "suspended"),
            says(
                "suspended",
                "status 'suspended' is not one of: active, temporarily_lifted, lifted, expired"
            )
        );
        assert_eq!(
            reject(LIFTED_REASON, "tp"),
            says(
                "tp",
                "lifted_reason 'tp' is not one of: temporary_protection, request, ex_officio, other"
            )
        );
        assert_eq!(
            reject(LIFTED_REASON, ""),
            says(
                "",
                "lifted_reason is required when status is 'temporarily_lifted'"
            )
        );
        assert_eq!(
            reject(LIFTED_UNTIL, "4-3-2027"),
            says(
                "4-3-2027",
                "lifted_until '4-3-2027' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            )
        );
        assert_eq!(
            reject(BIRTH_DATE, "1990"),
            says(
                "1990",
                "birth_date '1990' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            )
        );
        assert_eq!(
            reject(NATIONALITY, "Oekraïens"),
            says(
                "Oekraïens",
                "nationality 'Oekraïens' is not a nationality code (expected three letters as in a passport, e.g. UKR)"
            )
        );
    }

    #[test]
    fn lifted_reason_is_required_only_when_lifted() {
        let lifted =
            with_row(HEADER, GOOD, STATUS, "LIFTED").replace(",temporary_protection,", ",,");
        let (_, rejected) = read_str::<EntryBans>(&lifted);
        assert_eq!(rejected[0].column, LIFTED_REASON);
        assert_eq!(
            rejected[0].reason,
            "lifted_reason is required when status is 'lifted'"
        );

        for status in ["active", "expired"] {
            let text =
                with_row(HEADER, GOOD, STATUS, status).replace(",temporary_protection,", ",,");
            let (records, rejected) = read_str::<EntryBans>(&text);
            assert_eq!((records.len(), rejected), (1, vec![]), "{status}");
        }
    }

    #[test]
    fn the_identity_block_is_checked_after_the_export_columns() {
        let row = "B1,123456,light,2021-05-01,,,other,0,active,,,,,,1990-99-99,";
        let (_, rejected) = read_str::<EntryBans>(&format!("{HEADER}\n{row}\n"));
        assert_eq!(rejected[0].column, BIRTH_DATE);
        let row = "B1,123456,light,2021-05-01,,,other,maybe,active,,,,,,1990-99-99,";
        let (_, rejected) = read_str::<EntryBans>(&format!("{HEADER}\n{row}\n"));
        assert_eq!(rejected[0].column, FINAL);
    }

    #[test]
    fn a_later_duplicate_ban_id_is_quarantined() {
        let second = GOOD.replace("123456", "654321");
        let third = GOOD.replace("B1,", "B2,");
        let text = format!("{HEADER}\n{GOOD}\n\n{second}\n{third}\n");
        let (records, rejected) = read_str::<EntryBans>(&text);
        assert_eq!(
            records
                .iter()
                .map(|r| (r.line, r.ban_id.as_str()))
                .collect::<Vec<_>>(),
            vec![(2, "B1"), (5, "B2")]
        );
        assert_eq!(
            rejected,
            vec![super::super::Rejection {
                file: Export::EntryBans,
                line: 4,
                v_number: Some("654321".into()),
                column: BAN_ID.into(),
                value: "B1".into(),
                reason: "duplicate ban_id 'B1' (first on line 2)".into(),
            }]
        );
    }

    #[test]
    fn a_duplicate_of_a_quarantined_row_is_still_a_duplicate() {
        let bad = GOOD.replace("zwaar", "medium");
        let text = format!("{HEADER}\n{bad}\n{GOOD}\n");
        let (records, rejected) = read_str::<EntryBans>(&text);
        assert_eq!(records, vec![]);
        assert_eq!(
            rejected
                .iter()
                .map(|r| r.reason.as_str())
                .collect::<Vec<_>>(),
            vec![
                "severity 'medium' is not one of: light, licht, heavy, zwaar",
                "duplicate ban_id 'B1' (first on line 2)"
            ]
        );
    }
}
