//! `alert_decisions` (SPEC §3.2): one row per decision to enter an SIS alert
//! (Bts).
//!
//! Owns the row → `AlertDecision` mapping; the columns are the export's
//! contract table (`model::contract`).

use super::columns::{Col, Found};
use super::file::{Records, Schema};
use super::row::{CellError, IdentityColumns, Row};
use crate::model::contract::column::*;
use crate::model::{AlertDecision, Export, Line, Text};

pub(super) struct AlertDecisions;

pub(super) struct Columns {
    bts_id: Col,
    v_number: Col,
    decision_date: Col,
    ground: Col,
    is_final: Col,
    status: Col,
    sis_alert_id: Col,
    identity: IdentityColumns,
}

impl Schema for AlertDecisions {
    const EXPORT: Export = Export::AlertDecisions;
    type Columns = Columns;
    type Record = AlertDecision;

    fn columns(found: &Found) -> Columns {
        Columns {
            bts_id: found.col(BTS_ID),
            v_number: found.col(V_NUMBER),
            decision_date: found.col(DECISION_DATE),
            ground: found.col(GROUND),
            is_final: found.col(FINAL),
            status: found.col(STATUS),
            sis_alert_id: found.col(SIS_ALERT_ID),
            identity: IdentityColumns::new(found),
        }
    }

    fn parse(c: &Columns, row: &Row<'_>) -> Result<AlertDecision, CellError> {
        let bts_id = row.required_text(c.bts_id)?;
        let v_number = row.v_number(c.v_number)?;
        let decision_date = row.required(c.decision_date)?;
        let ground = row.required(c.ground)?;
        let is_final = row.required(c.is_final)?;
        let status = row.required(c.status)?;
        let sis_alert_id = row.optional_text(c.sis_alert_id).map(Text::from);
        let identity = c.identity.parse(row)?;
        Ok(AlertDecision {
            line: row.line,
            bts_id: bts_id.into(),
            v_number: v_number.into(),
            identity,
            decision_date,
            ground,
            is_final,
            status,
            sis_alert_id,
        })
    }

    fn key(r: &AlertDecision) -> (Line, &str, &str) {
        (r.line, &r.bts_id, &r.v_number)
    }

    fn wrap(records: Vec<AlertDecision>) -> Records {
        Records::AlertDecisions(records)
    }
}

#[cfg(test)]
mod tests {
    use super::super::file::read_str;
    use super::super::testing::{empty, rejection, says};
    use super::*;
    use crate::model::{BtsGround, BtsStatus, Date, Identity};

    const HEADER: &str = "bts_id,v_number,decision_date,ground,final,status,sis_alert_id";
    const GOOD: &str = "S1,123456,2020-12-31,public_order,1,active,SIS-7";

    fn reject(column: &str, value: &str) -> (String, String) {
        rejection::<AlertDecisions>(HEADER, GOOD, column, value)
    }

    #[test]
    fn a_good_row() {
        let (records, rejected) = read_str::<AlertDecisions>(&format!("{HEADER}\n{GOOD}\n"));
        assert_eq!(rejected, vec![]);
        assert_eq!(
            records,
            vec![AlertDecision {
                line: 2,
                bts_id: "S1".into(),
                v_number: "123456".into(),
                identity: Identity::default(),
                decision_date: Date::from_ymd_opt(2020, 12, 31).unwrap_or_default(),
                ground: BtsGround::PublicOrder,
                is_final: true,
                status: BtsStatus::Active,
                sis_alert_id: Some("SIS-7".into()),
            }]
        );
    }

    #[test]
    fn each_way_a_cell_can_be_wrong() {
        assert_eq!(reject(BTS_ID, ""), empty());
        assert_eq!(reject(V_NUMBER, ""), empty());
        assert_eq!(
            reject(V_NUMBER, "abcdef"),
            says(
                "abcdef",
                "v_number 'abcdef' is not a V-number (expected 6 to 12 digits)"
            )
        );
        assert_eq!(reject(DECISION_DATE, ""), empty());
        assert_eq!(
            reject(DECISION_DATE, "31-12-20"),
            says(
                "31-12-20",
                "decision_date '31-12-20' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            )
        );
        assert_eq!(reject(GROUND, ""), empty());
        assert_eq!(
            reject(GROUND, "other"),
            says(
                "other",
                "ground 'other' is not one of: public_order, national_security"
            )
        );
        assert_eq!(reject(FINAL, ""), empty());
        assert_eq!(
            reject(FINAL, "2"),
            says(
                "2",
                "final '2' is not a yes/no value (expected true/false, yes/no, ja/nee, j/n or 1/0)"
            )
        );
        assert_eq!(reject(STATUS, ""), empty());
        assert_eq!(
            reject(STATUS, "lifted"),
            says("lifted", "status 'lifted' is not one of: active, withdrawn")
        );
    }

    #[test]
    fn a_later_duplicate_bts_id_is_quarantined() {
        let (records, rejected) =
            read_str::<AlertDecisions>(&format!("{HEADER}\n{GOOD}\n{GOOD}\n"));
        assert_eq!(records.len(), 1);
        assert_eq!(
            (
                rejected[0].line,
                rejected[0].column.as_str(),
                rejected[0].reason.as_str()
            ),
            (3, BTS_ID, "duplicate bts_id 'S1' (first on line 2)")
        );
    }
}
