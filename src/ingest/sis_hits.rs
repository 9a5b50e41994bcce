//! `sis_hits` (SPEC §3.2): one row per hit on an SIS alert.
//!
//! Owns the row → `SisHit` mapping; the columns are the export's contract
//! table (`model::contract`). Whether an alert is foreign or stale is for
//! `rules`, not for ingestion.

use super::columns::{Col, Found};
use super::file::{Records, Schema};
use super::row::{CellError, IdentityColumns, Row};
use crate::model::contract::column::*;
use crate::model::{Export, Line, SisHit};

pub(super) struct SisHits;

pub(super) struct Columns {
    hit_id: Col,
    v_number: Col,
    alert_id: Col,
    alert_kind: Col,
    issuing_state: Col,
    reporting_state: Col,
    hit_date: Col,
    location: Col,
    admitted: Col,
    identity: IdentityColumns,
}

impl Schema for SisHits {
    const EXPORT: Export = Export::SisHits;
    type Columns = Columns;
    type Record = SisHit;

    fn columns(found: &Found) -> Columns {
        Columns {
            hit_id: found.col(HIT_ID),
            v_number: found.col(V_NUMBER),
            alert_id: found.col(ALERT_ID),
            alert_kind: found.col(ALERT_KIND),
            issuing_state: found.col(ISSUING_STATE),
            reporting_state: found.col(REPORTING_STATE),
            hit_date: found.col(HIT_DATE),
            location: found.col(LOCATION),
            admitted: found.col(ADMITTED),
            identity: IdentityColumns::new(found),
        }
    }

    fn parse(c: &Columns, row: &Row<'_>) -> Result<SisHit, CellError> {
        let hit_id = row.required_text(c.hit_id)?;
        let v_number = row.v_number(c.v_number)?;
        let alert_id = row.required_text(c.alert_id)?;
        let alert_kind = row.required(c.alert_kind)?;
        let issuing_state = row.required(c.issuing_state)?;
        let reporting_state = row.required(c.reporting_state)?;
        let hit_date = row.required(c.hit_date)?;
        let location = row.optional(c.location)?;
        let admitted = row.required(c.admitted)?;
        let identity = c.identity.parse(row)?;
        Ok(SisHit {
            line: row.line,
            hit_id: hit_id.into(),
            v_number: v_number.into(),
            identity,
            alert_id: alert_id.into(),
            alert_kind,
            issuing_state,
            reporting_state,
            hit_date,
            location,
            admitted,
        })
    }

    fn key(r: &SisHit) -> (Line, &str, &str) {
        (r.line, &r.hit_id, &r.v_number)
    }

    fn wrap(records: Vec<SisHit>) -> Records {
        Records::SisHits(records)
    }
}

#[cfg(test)]
mod tests {
    use super::super::file::read_str;
    use super::super::testing::{empty, rejection, says};
    use super::*;
    use crate::model::{AlertKind, Date, HitLocation, Identity, State};

    const HEADER: &str = "hit_id,v_number,alert_id,alert_kind,issuing_state,reporting_state,hit_date,location,admitted,given_names";
    const GOOD: &str = "H1,123456,SIS-1,refusal,pl,NL,2025-06-30,external_border,N,Taras";

    fn reject(column: &str, value: &str) -> (String, String) {
        rejection::<SisHits>(HEADER, GOOD, column, value)
    }

    #[test]
    fn a_good_row() {
        let (records, rejected) = read_str::<SisHits>(&format!("{HEADER}\n{GOOD}\n"));
        assert_eq!(rejected, vec![]);
        assert_eq!(
            records,
            vec![SisHit {
                line: 2,
                hit_id: "H1".into(),
                v_number: "123456".into(),
                identity: Identity {
                    given_names: Some("Taras".into()),
                    ..Identity::default()
                },
                alert_id: "SIS-1".into(),
                alert_kind: AlertKind::Refusal,
                issuing_state: State::parse("PL").unwrap_or(State::NL),
                reporting_state: State::NL,
                hit_date: Date::from_ymd_opt(2025, 6, 30).unwrap_or_default(),
                location: Some(HitLocation::ExternalBorder),
                admitted: false,
            }]
        );
    }

    #[test]
    fn each_way_a_cell_can_be_wrong() {
        assert_eq!(reject(HIT_ID, ""), empty());
        assert_eq!(reject(V_NUMBER, ""), empty());
        assert_eq!(
            reject(V_NUMBER, "12345"),
            says(
                "12345",
                "v_number '12345' is not a V-number (expected 6 to 12 digits)"
            )
        );
        assert_eq!(reject(ALERT_ID, ""), empty());
        assert_eq!(reject(ALERT_KIND, ""), empty());
        assert_eq!(
            reject(ALERT_KIND, "entry_ban"),
            says(
                "entry_ban",
                "alert_kind 'entry_ban' is not one of: refusal, return, other"
            )
        );
        assert_eq!(reject(ISSUING_STATE, ""), empty());
        assert_eq!(
            reject(ISSUING_STATE, "POL"),
            says(
                "POL",
                "issuing_state 'POL' is not a country code (expected two letters, ISO 3166-1 alpha-2, e.g. NL)"
            )
        );
        assert_eq!(reject(REPORTING_STATE, ""), empty());
        assert_eq!(
            reject(REPORTING_STATE, "N"),
            says(
                "N",
                "reporting_state 'N' is not a country code (expected two letters, ISO 3166-1 alpha-2, e.g. NL)"
            )
        );
        assert_eq!(reject(HIT_DATE, ""), empty());
        assert_eq!(
            reject(HIT_DATE, "30-06-25"),
            says(
                "30-06-25",
                "hit_date '30-06-25' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            )
        );
        assert_eq!(
            reject(LOCATION, "airport"),
            says(
                "airport",
                "location 'airport' is not one of: external_border, inland"
            )
        );
        assert_eq!(reject(ADMITTED, ""), empty());
        assert_eq!(
            reject(ADMITTED, "yes please"),
            says(
                "yes please",
                "admitted 'yes please' is not a yes/no value (expected true/false, yes/no, ja/nee, j/n or 1/0)"
            )
        );
    }

    #[test]
    fn many_hits_may_share_an_alert_but_not_a_hit_id() {
        let other = GOOD.replace("H1,", "H2,");
        let (records, rejected) =
            read_str::<SisHits>(&format!("{HEADER}\n{GOOD}\n{other}\n{GOOD}\n"));
        assert_eq!(records.len(), 2);
        assert_eq!(
            (
                rejected[0].line,
                rejected[0].column.as_str(),
                rejected[0].reason.as_str()
            ),
            (4, HIT_ID, "duplicate hit_id 'H1' (first on line 2)")
        );
    }
}
