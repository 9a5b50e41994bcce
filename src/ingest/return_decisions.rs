//! `return_decisions` (SPEC §3.2): one row per return decision (TKB).
//!
//! Owns the row → `ReturnDecision` mapping (the columns are the export's
//! contract table, `model::contract`), including the rule that a suspended
//! decision says why it was suspended.

use super::columns::{Col, Found};
use super::file::{Records, Schema};
use super::row::{CellError, IdentityColumns, Row};
use crate::model::contract::column::*;
use crate::model::{Export, Line, ReturnDecision, Text, TkbStatus};

pub(super) struct ReturnDecisions;

pub(super) struct Columns {
    tkb_id: Col,
    v_number: Col,
    decision_date: Col,
    is_final: Col,
    status: Col,
    suspension_reason: Col,
    suspended_until: Col,
    sis_alert_id: Col,
    identity: IdentityColumns,
}

impl Schema for ReturnDecisions {
    const EXPORT: Export = Export::ReturnDecisions;
    type Columns = Columns;
    type Record = ReturnDecision;

    fn columns(found: &Found) -> Columns {
        Columns {
            tkb_id: found.col(TKB_ID),
            v_number: found.col(V_NUMBER),
            decision_date: found.col(DECISION_DATE),
            is_final: found.col(FINAL),
            status: found.col(STATUS),
            suspension_reason: found.col(SUSPENSION_REASON),
            suspended_until: found.col(SUSPENDED_UNTIL),
            sis_alert_id: found.col(SIS_ALERT_ID),
            identity: IdentityColumns::new(found),
        }
    }

    fn parse(c: &Columns, row: &Row<'_>) -> Result<ReturnDecision, CellError> {
        let tkb_id = row.required_text(c.tkb_id)?;
        let v_number = row.v_number(c.v_number)?;
        let decision_date = row.required(c.decision_date)?;
        let is_final = row.required(c.is_final)?;
        let status: TkbStatus = row.required(c.status)?;
        let suspension_reason = row.optional(c.suspension_reason)?;
        if suspension_reason.is_none() && status == TkbStatus::Suspended {
            return Err(CellError::required_when(
                c.suspension_reason,
                STATUS,
                status.as_str(),
            ));
        }
        let suspended_until = row.optional(c.suspended_until)?;
        let sis_alert_id = row.optional_text(c.sis_alert_id).map(Text::from);
        let identity = c.identity.parse(row)?;
        Ok(ReturnDecision {
            line: row.line,
            tkb_id: tkb_id.into(),
            v_number: v_number.into(),
            identity,
            decision_date,
            is_final,
            status,
            suspension_reason,
            suspended_until,
            sis_alert_id,
        })
    }

    fn key(r: &ReturnDecision) -> (Line, &str, &str) {
        (r.line, &r.tkb_id, &r.v_number)
    }

    fn wrap(records: Vec<ReturnDecision>) -> Records {
        Records::ReturnDecisions(records)
    }
}

#[cfg(test)]
mod tests {
    use super::super::file::read_str;
    use super::super::testing::{empty, rejection, says, with_row};
    use super::*;
    use crate::model::{Date, Identity, SuspensionReason};

    const HEADER: &str = "tkb_id,v_number,decision_date,final,status,suspension_reason,suspended_until,sis_alert_id,surname";
    const GOOD: &str =
        "T1,123456789012,2022-02-01,nee,suspended,temporary_protection,04-03-2027,,Shevchenko";

    fn reject(column: &str, value: &str) -> (String, String) {
        rejection::<ReturnDecisions>(HEADER, GOOD, column, value)
    }

    #[test]
    fn a_good_row() {
        let (records, rejected) = read_str::<ReturnDecisions>(&format!("{HEADER}\n{GOOD}\n"));
        assert_eq!(rejected, vec![]);
        assert_eq!(
            records,
            vec![ReturnDecision {
                line: 2,
                tkb_id: "T1".into(),
                v_number: "123456789012".into(),
                identity: Identity {
                    surname: Some("Shevchenko".into()),
                    ..Identity::default()
                },
                decision_date: Date::from_ymd_opt(2022, 2, 1).unwrap_or_default(),
                is_final: false,
                status: TkbStatus::Suspended,
                suspension_reason: Some(SuspensionReason::TemporaryProtection),
                suspended_until: Date::from_ymd_opt(2027, 3, 4),
                sis_alert_id: None,
            }]
        );
    }

    #[test]
    fn each_way_a_cell_can_be_wrong() {
        assert_eq!(reject(TKB_ID, ""), empty());
        assert_eq!(reject(V_NUMBER, ""), empty());
        assert_eq!(
            reject(V_NUMBER, "12 345 678"),
            says(
                "12 345 678",
                "v_number '12 345 678' is not a V-number (expected 6 to 12 digits)"
            )
        );
        assert_eq!(reject(DECISION_DATE, ""), empty());
        assert_eq!(
            reject(DECISION_DATE, "2022-02-29"),
            says(
                "2022-02-29",
                "decision_date '2022-02-29' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            )
        );
        assert_eq!(reject(FINAL, ""), empty());
        assert_eq!(
            reject(FINAL, "waar"),
            says(
                "waar",
                "final 'waar' is not a yes/no value (expected true/false, yes/no, ja/nee, j/n or 1/0)"
            )
        );
        assert_eq!(reject(STATUS, ""), empty());
        assert_eq!(
            reject(STATUS, "lifted"),
            says(
                "lifted",
                "status 'lifted' is not one of: active, suspended, withdrawn, executed"
            )
        );
        assert_eq!(
            reject(SUSPENSION_REASON, ""),
            says(
                "",
                "suspension_reason is required when status is 'suspended'"
            )
        );
        assert_eq!(
            reject(SUSPENSION_REASON, "rtb"),
            says(
                "rtb",
                "suspension_reason 'rtb' is not one of: temporary_protection, appeal, other"
            )
        );
        assert_eq!(
            reject(SUSPENDED_UNTIL, "2027-03-04T00:00"),
            says(
                "2027-03-04T00:00",
                "suspended_until '2027-03-04T00:00' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            )
        );
    }

    #[test]
    fn only_a_suspended_decision_needs_a_suspension_reason() {
        for status in ["active", "withdrawn", "executed"] {
            let text = with_row(HEADER, GOOD, STATUS, status).replace("temporary_protection", "");
            let (records, rejected) = read_str::<ReturnDecisions>(&text);
            assert_eq!((records.len(), rejected), (1, vec![]), "{status}");
        }
    }

    #[test]
    fn a_later_duplicate_tkb_id_is_quarantined() {
        let (records, rejected) =
            read_str::<ReturnDecisions>(&format!("{HEADER}\n{GOOD}\n{GOOD}\n"));
        assert_eq!(records.len(), 1);
        assert_eq!(
            (
                rejected[0].line,
                rejected[0].column.as_str(),
                rejected[0].reason.as_str()
            ),
            (3, TKB_ID, "duplicate tkb_id 'T1' (first on line 2)")
        );
    }
}
