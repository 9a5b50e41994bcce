//! `exclusion_orders` (SPEC §3.2): one row per exclusion order (OVR).
//!
//! Owns the row → `ExclusionOrder` mapping (the columns are the export's
//! contract table, `model::contract`), including the rule that a lifted order
//! says why it was lifted.

use super::columns::{Col, Found};
use super::file::{Records, Schema};
use super::row::{CellError, IdentityColumns, Row};
use crate::model::contract::column::*;
use crate::model::{ExclusionOrder, Export, Line, OvrStatus, Text};

pub(super) struct ExclusionOrders;

pub(super) struct Columns {
    ovr_id: Col,
    v_number: Col,
    decision_date: Col,
    ground: Col,
    is_final: Col,
    status: Col,
    lifted_reason: Col,
    sis_alert_id: Col,
    identity: IdentityColumns,
}

impl Schema for ExclusionOrders {
    const EXPORT: Export = Export::ExclusionOrders;
    type Columns = Columns;
    type Record = ExclusionOrder;

    fn columns(found: &Found) -> Columns {
        Columns {
            ovr_id: found.col(OVR_ID),
            v_number: found.col(V_NUMBER),
            decision_date: found.col(DECISION_DATE),
            ground: found.col(GROUND),
            is_final: found.col(FINAL),
            status: found.col(STATUS),
            lifted_reason: found.col(LIFTED_REASON),
            sis_alert_id: found.col(SIS_ALERT_ID),
            identity: IdentityColumns::new(found),
        }
    }

    fn parse(c: &Columns, row: &Row<'_>) -> Result<ExclusionOrder, CellError> {
        let ovr_id = row.required_text(c.ovr_id)?;
        let v_number = row.v_number(c.v_number)?;
        let decision_date = row.required(c.decision_date)?;
        let ground = row.required(c.ground)?;
        let is_final = row.required(c.is_final)?;
        let status: OvrStatus = row.required(c.status)?;
        let lifted_reason = row.optional(c.lifted_reason)?;
        if lifted_reason.is_none() && status == OvrStatus::Lifted {
            return Err(CellError::required_when(
                c.lifted_reason,
                STATUS,
                status.as_str(),
            ));
        }
        let sis_alert_id = row.optional_text(c.sis_alert_id).map(Text::from);
        let identity = c.identity.parse(row)?;
        Ok(ExclusionOrder {
            line: row.line,
            ovr_id: ovr_id.into(),
            v_number: v_number.into(),
            identity,
            decision_date,
            ground,
            is_final,
            status,
            lifted_reason,
            sis_alert_id,
        })
    }

    fn key(r: &ExclusionOrder) -> (Line, &str, &str) {
        (r.line, &r.ovr_id, &r.v_number)
    }

    fn wrap(records: Vec<ExclusionOrder>) -> Records {
        Records::ExclusionOrders(records)
    }
}

#[cfg(test)]
mod tests {
    use super::super::file::read_str;
    use super::super::testing::{empty, rejection, says, with_row};
    use super::*;
    use crate::model::{Date, Ground, Identity, LiftedReason};

    const HEADER: &str =
        "ovr_id,v_number,decision_date,ground,final,status,lifted_reason,sis_alert_id,nationality";
    const GOOD: &str =
        "O1,123456,2019-01-31,national_security,true,lifted,temporary_protection,SIS-9,rus";

    fn reject(column: &str, value: &str) -> (String, String) {
        rejection::<ExclusionOrders>(HEADER, GOOD, column, value)
    }

    #[test]
    fn a_good_row() {
        let (records, rejected) = read_str::<ExclusionOrders>(&format!("{HEADER}\n{GOOD}\n"));
        assert_eq!(rejected, vec![]);
        assert_eq!(
            records,
            vec![ExclusionOrder {
                line: 2,
                ovr_id: "O1".into(),
                v_number: "123456".into(),
                identity: Identity {
                    nationality: crate::model::Nationality::parse("RUS"),
                    ..Identity::default()
                },
                decision_date: Date::from_ymd_opt(2019, 1, 31).unwrap_or_default(),
                ground: Ground::NationalSecurity,
                is_final: true,
                status: OvrStatus::Lifted,
                lifted_reason: Some(LiftedReason::TemporaryProtection),
                sis_alert_id: Some("SIS-9".into()),
            }]
        );
    }

    #[test]
    fn each_way_a_cell_can_be_wrong() {
        assert_eq!(reject(OVR_ID, ""), empty());
        assert_eq!(reject(V_NUMBER, ""), empty());
        assert_eq!(
            reject(V_NUMBER, "1234567890123"),
            says(
                "1234567890123",
                "v_number '1234567890123' is not a V-number (expected 6 to 12 digits)"
            )
        );
        assert_eq!(reject(DECISION_DATE, ""), empty());
        assert_eq!(
            reject(DECISION_DATE, "31-01-19"),
            says(
                "31-01-19",
                "decision_date '31-01-19' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            )
        );
        assert_eq!(reject(GROUND, ""), empty());
        assert_eq!(
            reject(GROUND, "no_departure"),
            says(
                "no_departure",
                "ground 'no_departure' is not one of: public_order, national_security, other"
            )
        );
        assert_eq!(reject(FINAL, ""), empty());
        assert_eq!(
            reject(FINAL, "x"),
            says(
                "x",
                "final 'x' is not a yes/no value (expected true/false, yes/no, ja/nee, j/n or 1/0)"
            )
        );
        assert_eq!(reject(STATUS, ""), empty());
        assert_eq!(
            reject(STATUS, "temporarily_lifted"),
            says(
                "temporarily_lifted",
                "status 'temporarily_lifted' is not one of: active, lifted"
            )
        );
        assert_eq!(
            reject(LIFTED_REASON, ""),
            says("", "lifted_reason is required when status is 'lifted'")
        );
        assert_eq!(
            reject(LIFTED_REASON, "expired"),
            says(
                "expired",
                "lifted_reason 'expired' is not one of: temporary_protection, request, ex_officio, other"
            )
        );
        assert_eq!(
            reject(NATIONALITY, "R"),
            says(
                "R",
                "nationality 'R' is not a nationality code (expected three letters as in a passport, e.g. UKR)"
            )
        );
    }

    #[test]
    fn an_active_order_needs_no_lifted_reason() {
        let text = with_row(HEADER, GOOD, STATUS, "active").replace("temporary_protection", "");
        let (records, rejected) = read_str::<ExclusionOrders>(&text);
        assert_eq!((records.len(), rejected), (1, vec![]));
        assert_eq!(records[0].lifted_reason, None);
    }

    #[test]
    fn a_later_duplicate_ovr_id_is_quarantined() {
        let (records, rejected) =
            read_str::<ExclusionOrders>(&format!("{HEADER}\n{GOOD}\n{GOOD}\n"));
        assert_eq!(records.len(), 1);
        assert_eq!(
            (
                rejected[0].line,
                rejected[0].column.as_str(),
                rejected[0].reason.as_str()
            ),
            (3, OVR_ID, "duplicate ovr_id 'O1' (first on line 2)")
        );
    }
}
