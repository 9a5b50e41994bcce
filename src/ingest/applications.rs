//! `applications` (SPEC §3.2): one row per asylum or regular application, or
//! request to lift a measure.
//!
//! Owns the row → `Application` mapping (the columns are the export's contract
//! table, `model::contract`), including the cross-field rules: a decided
//! application has a decision date, and a lift request names its target. A
//! target on any other kind of application is still validated but not kept
//! (the model sets `target` exactly for lift requests). Whether the target
//! exists is a cross-file check (`crossrow.rs`).

use super::columns::{Col, Found};
use super::file::{Records, Schema};
use super::row::{CellError, IdentityColumns, Row};
use crate::model::contract::column::*;
use crate::model::{
    AppDecision, AppKind, Application, Export, LiftTarget, Line, State, TargetKind,
};

pub(super) struct Applications;

pub(super) struct Columns {
    application_id: Col,
    v_number: Col,
    kind: Col,
    filed_date: Col,
    filed_from: Col,
    decision: Col,
    decision_date: Col,
    rejection_ground: Col,
    lift_conditions_met: Col,
    target_kind: Col,
    target_id: Col,
    art_6_6_purpose: Col,
    identity: IdentityColumns,
}

impl Schema for Applications {
    const EXPORT: Export = Export::Applications;
    type Columns = Columns;
    type Record = Application;

    fn columns(found: &Found) -> Columns {
        Columns {
            application_id: found.col(APPLICATION_ID),
            v_number: found.col(V_NUMBER),
            kind: found.col(KIND),
            filed_date: found.col(FILED_DATE),
            filed_from: found.col(FILED_FROM),
            decision: found.col(DECISION),
            decision_date: found.col(DECISION_DATE),
            rejection_ground: found.col(REJECTION_GROUND),
            lift_conditions_met: found.col(LIFT_CONDITIONS_MET),
            target_kind: found.col(TARGET_KIND),
            target_id: found.col(TARGET_ID),
            art_6_6_purpose: found.col(ART_6_6_PURPOSE),
            identity: IdentityColumns::new(found),
        }
    }

    fn parse(c: &Columns, row: &Row<'_>) -> Result<Application, CellError> {
        let application_id = row.required_text(c.application_id)?;
        let v_number = row.v_number(c.v_number)?;
        let kind: AppKind = row.required(c.kind)?;
        let filed_date = row.required(c.filed_date)?;
        let filed_from = row.optional(c.filed_from)?.unwrap_or(State::NL);
        let decision = row.required(c.decision)?;
        let decision_date = row.optional(c.decision_date)?;
        if decision_date.is_none()
            && matches!(decision, AppDecision::Granted | AppDecision::Rejected)
        {
            return Err(CellError::required_when(
                c.decision_date,
                DECISION,
                decision.as_str(),
            ));
        }
        let rejection_ground = row.optional(c.rejection_ground)?;
        let lift_conditions_met = row.optional(c.lift_conditions_met)?;
        let lift_request = kind == AppKind::LiftRequest;
        let target_kind = row.optional::<TargetKind>(c.target_kind)?;
        if target_kind.is_none() && lift_request {
            return Err(CellError::required_when(c.target_kind, KIND, kind.as_str()));
        }
        let target_id = row.optional_text(c.target_id);
        if target_id.is_none() && lift_request {
            return Err(CellError::required_when(c.target_id, KIND, kind.as_str()));
        }
        let target = match (target_kind, target_id) {
            (Some(kind), Some(id)) if lift_request => Some(LiftTarget {
                kind,
                id: id.into(),
            }),
            _ => None,
        };
        let art_6_6_purpose = row.optional(c.art_6_6_purpose)?;
        let identity = c.identity.parse(row)?;
        Ok(Application {
            line: row.line,
            application_id: application_id.into(),
            v_number: v_number.into(),
            identity,
            kind,
            filed_date,
            filed_from,
            decision,
            decision_date,
            rejection_ground,
            lift_conditions_met,
            target,
            art_6_6_purpose,
        })
    }

    fn key(r: &Application) -> (Line, &str, &str) {
        (r.line, &r.application_id, &r.v_number)
    }

    fn wrap(records: Vec<Application>) -> Records {
        Records::Applications(records)
    }
}

#[cfg(test)]
mod tests {
    use super::super::file::read_str;
    use super::super::testing::{empty, rejection, says, with_row};
    use super::*;
    use crate::model::{Date, Ground, Identity};

    const HEADER: &str = "application_id,v_number,kind,filed_date,filed_from,decision,decision_date,rejection_ground,lift_conditions_met,target_kind,target_id,art_6_6_purpose";
    const GOOD: &str =
        "A1,123456,lift_request,2025-01-02,ua,rejected,2025-03-04,public_order,nee,entry_ban,B1,";
    const REGULAR: &str = "A2,123456,regular,2025-01-02,,pending,,,,,,ja";

    fn reject(column: &str, value: &str) -> (String, String) {
        rejection::<Applications>(HEADER, GOOD, column, value)
    }

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_lift_request_and_a_regular_application() {
        let (records, rejected) =
            read_str::<Applications>(&format!("{HEADER}\n{GOOD}\n{REGULAR}\n"));
        assert_eq!(rejected, vec![]);
        assert_eq!(
            records,
            vec![
                Application {
                    line: 2,
                    application_id: "A1".into(),
                    v_number: "123456".into(),
                    identity: Identity::default(),
                    kind: AppKind::LiftRequest,
                    filed_date: day(2025, 1, 2),
                    filed_from: State::UA,
                    decision: AppDecision::Rejected,
                    decision_date: Some(day(2025, 3, 4)),
                    rejection_ground: Some(Ground::PublicOrder),
                    lift_conditions_met: Some(false),
                    target: Some(LiftTarget {
                        kind: TargetKind::EntryBan,
                        id: "B1".into()
                    }),
                    art_6_6_purpose: None,
                },
                Application {
                    line: 3,
                    application_id: "A2".into(),
                    v_number: "123456".into(),
                    identity: Identity::default(),
                    kind: AppKind::Regular,
                    filed_date: day(2025, 1, 2),
                    filed_from: State::NL,
                    decision: AppDecision::Pending,
                    decision_date: None,
                    rejection_ground: None,
                    lift_conditions_met: None,
                    target: None,
                    art_6_6_purpose: Some(true),
                },
            ]
        );
    }

    #[test]
    fn each_way_a_cell_can_be_wrong() {
        assert_eq!(reject(APPLICATION_ID, ""), empty());
        assert_eq!(reject(V_NUMBER, ""), empty());
        assert_eq!(
            reject(V_NUMBER, "0012345678901"),
            says(
                "0012345678901",
                "v_number '0012345678901' is not a V-number (expected 6 to 12 digits)"
            )
        );
        assert_eq!(reject(KIND, ""), empty());
        assert_eq!(
            reject(KIND, "family"),
            says(
                "family",
                "kind 'family' is not one of: asylum, regular, lift_request"
            )
        );
        assert_eq!(reject(FILED_DATE, ""), empty());
        assert_eq!(
            reject(FILED_DATE, "2025-02-29"),
            says(
                "2025-02-29",
                "filed_date '2025-02-29' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            )
        );
        assert_eq!(
            reject(FILED_FROM, "Oekraïne"),
            says(
                "Oekraïne",
                "filed_from 'Oekraïne' is not a country code (expected two letters, ISO 3166-1 alpha-2, e.g. NL)"
            )
        );
        assert_eq!(reject(DECISION, ""), empty());
        assert_eq!(
            reject(DECISION, "refused"),
            says(
                "refused",
                "decision 'refused' is not one of: pending, granted, rejected, withdrawn"
            )
        );
        assert_eq!(
            reject(DECISION_DATE, ""),
            says("", "decision_date is required when decision is 'rejected'")
        );
        assert_eq!(
            reject(DECISION_DATE, "04-03-25"),
            says(
                "04-03-25",
                "decision_date '04-03-25' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            )
        );
        assert_eq!(
            reject(REJECTION_GROUND, "fraud"),
            says(
                "fraud",
                "rejection_ground 'fraud' is not one of: public_order, national_security, other"
            )
        );
        assert_eq!(
            reject(LIFT_CONDITIONS_MET, "unknown"),
            says(
                "unknown",
                "lift_conditions_met 'unknown' is not a yes/no value (expected true/false, yes/no, ja/nee, j/n or 1/0)"
            )
        );
        assert_eq!(
            reject(TARGET_KIND, ""),
            says("", "target_kind is required when kind is 'lift_request'")
        );
        assert_eq!(
            reject(TARGET_KIND, "return_decision"),
            says(
                "return_decision",
                "target_kind 'return_decision' is not one of: entry_ban, exclusion_order"
            )
        );
        assert_eq!(
            reject(TARGET_ID, ""),
            says("", "target_id is required when kind is 'lift_request'")
        );
        assert_eq!(
            reject(ART_6_6_PURPOSE, "study"),
            says(
                "study",
                "art_6_6_purpose 'study' is not a yes/no value (expected true/false, yes/no, ja/nee, j/n or 1/0)"
            )
        );
    }

    #[test]
    fn a_granted_application_needs_a_decision_date_and_a_pending_one_does_not() {
        let granted = with_row(HEADER, REGULAR, DECISION, "Granted");
        let (_, rejected) = read_str::<Applications>(&granted);
        assert_eq!(rejected[0].column, DECISION_DATE);
        assert_eq!(
            rejected[0].reason,
            "decision_date is required when decision is 'granted'"
        );
        for decision in ["pending", "withdrawn"] {
            let text = with_row(HEADER, REGULAR, DECISION, decision);
            let (records, rejected) = read_str::<Applications>(&text);
            assert_eq!((records.len(), rejected), (1, vec![]), "{decision}");
        }
    }

    #[test]
    fn a_target_is_kept_only_on_a_lift_request_but_always_validated() {
        let text = with_row(HEADER, REGULAR, TARGET_KIND, "entry_ban");
        let (records, _) = read_str::<Applications>(&text);
        assert_eq!(records[0].target, None);
        let text = with_row(HEADER, REGULAR, TARGET_KIND, "ban");
        let (_, rejected) = read_str::<Applications>(&text);
        assert_eq!(rejected[0].column, TARGET_KIND);
    }

    #[test]
    fn lift_requests_need_the_target_columns_in_the_header() {
        let text = "application_id,v_number,kind,filed_date,decision\nA1,123456,lift_request,2025-01-02,pending\nA2,123456,asylum,2025-01-02,pending\n";
        let (records, rejected) = read_str::<Applications>(text);
        assert_eq!(records.len(), 1);
        assert_eq!(
            (
                rejected[0].line,
                rejected[0].column.as_str(),
                rejected[0].reason.as_str()
            ),
            (
                2,
                TARGET_KIND,
                "target_kind is required when kind is 'lift_request'"
            )
        );
    }
}
