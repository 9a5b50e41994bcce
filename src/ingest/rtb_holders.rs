//! `rtb_holders` (SPEC §3.2): one row per person in the RTB target group.
//!
//! Owns the row → `RtbHolder` mapping (the columns are the export's contract
//! table, `model::contract`), including the rule that a third-country permit
//! is not one of an EU member state. One row per V-number is enforced by the
//! shared duplicate-id check (the V-number is this export's id).

use super::columns::{Col, Found};
use super::file::{Records, Schema};
use super::row::{CellError, IdentityColumns, Row};
use crate::model::contract::column::*;
use crate::model::{Export, Line, PoIndication, ReturnObstacle, RtbHolder, State, Text};

pub(super) struct RtbHolders;

pub(super) struct Columns {
    v_number: Col,
    identity: IdentityColumns,
    second_nationality: Col,
    category: Col,
    status: Col,
    status_date: Col,
    status_ground: Col,
    public_order_indication: Col,
    return_obstacle: Col,
    third_country_permit: Col,
    municipality: Col,
}

impl Schema for RtbHolders {
    const EXPORT: Export = Export::RtbHolders;
    type Columns = Columns;
    type Record = RtbHolder;

    fn columns(found: &Found) -> Columns {
        Columns {
            v_number: found.col(V_NUMBER),
            identity: IdentityColumns::new(found),
            second_nationality: found.col(SECOND_NATIONALITY),
            category: found.col(CATEGORY),
            status: found.col(STATUS),
            status_date: found.col(STATUS_DATE),
            status_ground: found.col(STATUS_GROUND),
            public_order_indication: found.col(PUBLIC_ORDER_INDICATION),
            return_obstacle: found.col(RETURN_OBSTACLE),
            third_country_permit: found.col(THIRD_COUNTRY_PERMIT),
            municipality: found.col(MUNICIPALITY),
        }
    }

    fn parse(c: &Columns, row: &Row<'_>) -> Result<RtbHolder, CellError> {
        let v_number = row.v_number(c.v_number)?;
        let identity = c.identity.parse(row)?;
        let second_nationality = row.optional(c.second_nationality)?;
        let category = row.required(c.category)?;
        let status = row.required(c.status)?;
        let status_date = row.required(c.status_date)?;
        let status_ground = row.optional(c.status_ground)?;
        let public_order_indication = row
            .optional(c.public_order_indication)?
            .unwrap_or(PoIndication::None);
        let return_obstacle = row
            .optional(c.return_obstacle)?
            .unwrap_or(ReturnObstacle::Unknown);
        let third_country_permit = row.optional::<State>(c.third_country_permit)?;
        if third_country_permit.is_some_and(|state| state.is_eu()) {
            let text = row.text(c.third_country_permit);
            return Err(CellError::new(
                c.third_country_permit,
                text,
                format!("third_country_permit '{text}' is an EU member state, not a third country"),
            ));
        }
        Ok(RtbHolder {
            line: row.line,
            v_number: v_number.into(),
            identity,
            second_nationality,
            category,
            status,
            status_date,
            status_ground,
            public_order_indication,
            return_obstacle,
            third_country_permit,
            municipality: row.optional_text(c.municipality).map(Text::from),
        })
    }

    fn key(r: &RtbHolder) -> (Line, &str, &str) {
        (r.line, &r.v_number, &r.v_number)
    }

    fn wrap(records: Vec<RtbHolder>) -> Records {
        Records::RtbHolders(records)
    }
}

#[cfg(test)]
mod tests {
    use super::super::file::read_str;
    use super::super::testing::{empty, rejection, says};
    use super::*;
    use crate::model::{Category, Date, HolderStatus, Identity, Nationality, StatusGround};

    const HEADER: &str = "v_number,surname,given_names,birth_date,nationality,second_nationality,category,status,status_date,status_ground,public_order_indication,return_obstacle,third_country_permit,municipality";
    const GOOD: &str =
        "012345,Kovalenko,Olena,15-03-1990,ukr,,ukrainian,granted,2022-04-01,,,,,Utrecht";

    fn reject(column: &str, value: &str) -> (String, String) {
        rejection::<RtbHolders>(HEADER, GOOD, column, value)
    }

    #[test]
    fn a_good_row_with_defaults_for_empty_cells() {
        let (records, rejected) = read_str::<RtbHolders>(&format!("{HEADER}\n{GOOD}\n"));
        assert_eq!(rejected, vec![]);
        assert_eq!(
            records,
            vec![RtbHolder {
                line: 2,
                v_number: "012345".into(),
                identity: Identity {
                    surname: Some("Kovalenko".into()),
                    given_names: Some("Olena".into()),
                    birth_date: Date::from_ymd_opt(1990, 3, 15),
                    nationality: Nationality::parse("UKR"),
                },
                second_nationality: None,
                category: Category::Ukrainian,
                status: HolderStatus::Granted,
                status_date: Date::from_ymd_opt(2022, 4, 1).unwrap_or_default(),
                status_ground: None,
                public_order_indication: PoIndication::None,
                return_obstacle: ReturnObstacle::Unknown,
                third_country_permit: None,
                municipality: Some("Utrecht".into()),
            }]
        );
    }

    #[test]
    fn optional_values_when_given() {
        let row = "123456,K,O,1990-03-15,RUS,ukr,family_member,withdrawn,2023-01-01,public_order,none,yes,md,";
        let (records, rejected) = read_str::<RtbHolders>(&format!("{HEADER}\n{row}\n"));
        assert_eq!(rejected, vec![]);
        let r = &records[0];
        assert_eq!(r.second_nationality, Nationality::parse("UKR"));
        assert_eq!(r.status_ground, Some(StatusGround::PublicOrder));
        assert_eq!(r.public_order_indication, PoIndication::None);
        assert_eq!(r.return_obstacle, ReturnObstacle::Yes);
        assert_eq!(r.third_country_permit, State::parse("MD"));
        assert_eq!(r.municipality, None);
    }

    #[test]
    fn each_way_a_cell_can_be_wrong() {
        assert_eq!(reject(V_NUMBER, ""), empty());
        assert_eq!(
            reject(V_NUMBER, "12345"),
            says(
                "12345",
                "v_number '12345' is not a V-number (expected 6 to 12 digits)"
            )
        );
        assert_eq!(reject(SURNAME, " "), empty());
        assert_eq!(reject(GIVEN_NAMES, ""), empty());
        assert_eq!(reject(BIRTH_DATE, ""), empty());
        assert_eq!(
            reject(BIRTH_DATE, "1990-02-30"),
            says(
                "1990-02-30",
                "birth_date '1990-02-30' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            )
        );
        assert_eq!(reject(NATIONALITY, ""), empty());
        assert_eq!(
            reject(NATIONALITY, "UA"),
            says(
                "UA",
                "nationality 'UA' is not a nationality code (expected three letters as in a passport, e.g. UKR)"
            )
        );
        assert_eq!(
            reject(SECOND_NATIONALITY, "Oekraïne"),
            says(
                "Oekraïne",
                "second_nationality 'Oekraïne' is not a nationality code (expected three letters as in a passport, e.g. UKR)"
            )
        );
        assert_eq!(reject(CATEGORY, ""), empty());
        assert_eq!(
            reject(CATEGORY, "student"),
            says(
                "student",
                "category 'student' is not one of: ukrainian, family_member, permanent_resident_ua, temporary_resident_ua, pre_war_resident_nl, asylum_before_2022"
            )
        );
        assert_eq!(reject(STATUS, ""), empty());
        assert_eq!(
            reject(STATUS, "active"),
            says(
                "active",
                "status 'active' is not one of: claimed, granted, refused, withdrawn, ended"
            )
        );
        assert_eq!(reject(STATUS_DATE, ""), empty());
        assert_eq!(
            reject(STATUS_DATE, "2022-4-1"),
            says(
                "2022-4-1",
                "status_date '2022-4-1' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
            )
        );
        assert_eq!(
            reject(STATUS_GROUND, "crime"),
            says(
                "crime",
                "status_ground 'crime' is not one of: conditions, public_order, national_security, article_1f, fraud, absence, other"
            )
        );
        assert_eq!(
            reject(PUBLIC_ORDER_INDICATION, "yes"),
            says(
                "yes",
                "public_order_indication 'yes' is not one of: none, public_order, national_security, article_1f"
            )
        );
        assert_eq!(
            reject(RETURN_OBSTACLE, "maybe"),
            says(
                "maybe",
                "return_obstacle 'maybe' is not one of: yes, no, unknown"
            )
        );
        assert_eq!(
            reject(THIRD_COUNTRY_PERMIT, "MDA"),
            says(
                "MDA",
                "third_country_permit 'MDA' is not a country code (expected two letters, ISO 3166-1 alpha-2, e.g. NL)"
            )
        );
        assert_eq!(
            reject(THIRD_COUNTRY_PERMIT, "PL"),
            says(
                "PL",
                "third_country_permit 'PL' is an EU member state, not a third country"
            )
        );
        assert_eq!(
            reject(THIRD_COUNTRY_PERMIT, "nl"),
            says(
                "nl",
                "third_country_permit 'nl' is an EU member state, not a third country"
            )
        );
    }

    #[test]
    fn a_second_row_for_a_v_number_is_quarantined() {
        let text = format!("{HEADER}\n{GOOD}\n{GOOD}\n");
        let (records, rejected) = read_str::<RtbHolders>(&text);
        assert_eq!(records.len(), 1);
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].line, 3);
        assert_eq!(rejected[0].column, V_NUMBER);
        assert_eq!(rejected[0].value, "012345");
        assert_eq!(rejected[0].v_number.as_deref(), Some("012345"));
        assert_eq!(
            rejected[0].reason,
            "duplicate v_number '012345' (first on line 2)"
        );
    }

    #[test]
    fn the_first_problem_in_column_order_is_reported() {
        let row = "123456,,O,1990-13-01,XX,,student,granted,2022-04-01,,,,,";
        let (_, rejected) = read_str::<RtbHolders>(&format!("{HEADER}\n{row}\n"));
        assert_eq!(rejected[0].column, SURNAME);
        assert_eq!(rejected[0].v_number.as_deref(), Some("123456"));
    }
}
