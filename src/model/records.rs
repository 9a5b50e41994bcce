//! An accepted input record as its contract columns (SPEC §3.2), with each
//! value in its canonical spelling (dates `YYYY-MM-DD`, booleans
//! `true`/`false`, enum words in English, codes upper case; `None` for an
//! empty cell).
//!
//! Two readers need exactly this view: `explain` shows a person's records to a
//! lawyer, and `changes` fingerprints them so the next run can tell changed
//! data from a moved date. The column names and their order are the export's
//! contract table (`model::contract`; a test holds every record type to it),
//! and fingerprints hash the values in that order. Each record is
//! destructured field by field, so adding a field to a record type breaks the
//! build here until it is listed — a fingerprint can never silently ignore a
//! column.
//!
//! The `line` of a record is deliberately left out: it says where the row
//! was, not what it says, and moves when other rows are added.

use super::contract::column::*;
use super::{
    AlertDecision, Application, Date, EntryBan, ExclusionOrder, Export, Identity, Line,
    ReturnDecision, RtbHolder, SisHit, Word,
};

/// One cell as text: the contract column name and its canonical value.
pub type Column = (&'static str, Option<String>);

/// One cell's value, borrowed from the record, so that visiting a record's
/// cells allocates nothing (fingerprints visit every record of every run).
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    /// Free text, an id, a contract word or a code, already canonical.
    Text(&'a str),
    Date(Date),
    Number(u8),
    Bool(bool),
}

impl Cell<'_> {
    /// Appends the canonical text: what `to_text` returns, as bytes.
    pub fn write_to(self, out: &mut Vec<u8>) {
        match self {
            Cell::Text(t) => out.extend_from_slice(t.as_bytes()),
            Cell::Date(d) => write_date(d, out),
            Cell::Number(n) => {
                let mut buf = [0u8; 3];
                let mut at = buf.len();
                let mut n = n;
                loop {
                    at -= 1;
                    buf[at] = b'0' + n % 10;
                    n /= 10;
                    if n == 0 {
                        break;
                    }
                }
                out.extend_from_slice(&buf[at..]);
            }
            Cell::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        }
    }

    pub fn to_text(self) -> String {
        match self {
            Cell::Text(t) => t.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

/// `YYYY-MM-DD` exactly as chrono's `Display` writes it, without the
/// formatting machinery for the years every real date has.
fn write_date(d: Date, out: &mut Vec<u8>) {
    use chrono::Datelike;
    let year = d.year();
    if !(0..=9999).contains(&year) {
        out.extend_from_slice(d.to_string().as_bytes());
        return;
    }
    let (y, m, day) = (year as u32, d.month(), d.day());
    out.extend_from_slice(&[
        b'0' + (y / 1000) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
        b'-',
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b'-',
        b'0' + (day / 10) as u8,
        b'0' + (day % 10) as u8,
    ]);
}

/// Receives a record's cells in SPEC order.
pub type CellSink<'s> = dyn FnMut(&'static str, Option<Cell<'_>>) + 's;

/// A record of one of the seven exports.
pub trait Record {
    const EXPORT: Export;
    /// Where the row was (for people, not for fingerprints).
    fn line(&self) -> Line;
    /// Hands every contract column of the record to `sink`, in SPEC order.
    fn cells(&self, sink: &mut CellSink<'_>);
    /// Every contract column of the record as text, in SPEC order.
    fn columns(&self) -> Vec<Column> {
        let mut out = Vec::new();
        self.cells(&mut |name, value| out.push((name, value.map(Cell::to_text))));
        out
    }
}

fn text(v: &str) -> Option<Cell<'_>> {
    Some(Cell::Text(v))
}

fn opt_text(v: &Option<impl AsRef<str>>) -> Option<Cell<'_>> {
    v.as_ref().map(|v| Cell::Text(v.as_ref()))
}

fn date(d: Date) -> Option<Cell<'static>> {
    Some(Cell::Date(d))
}

fn opt_date(d: Option<Date>) -> Option<Cell<'static>> {
    d.map(Cell::Date)
}

fn boolean(b: bool) -> Option<Cell<'static>> {
    Some(Cell::Bool(b))
}

fn opt_bool(b: Option<bool>) -> Option<Cell<'static>> {
    b.map(Cell::Bool)
}

fn word(w: &impl Word) -> Option<Cell<'_>> {
    Some(Cell::Text(w.word()))
}

fn opt_word(w: &Option<impl Word>) -> Option<Cell<'_>> {
    w.as_ref().map(|w| Cell::Text(w.word()))
}

fn identity(i: &Identity, sink: &mut CellSink<'_>) {
    let Identity {
        surname,
        given_names,
        birth_date,
        nationality,
    } = i;
    sink(SURNAME, opt_text(surname));
    sink(GIVEN_NAMES, opt_text(given_names));
    sink(BIRTH_DATE, opt_date(*birth_date));
    sink(NATIONALITY, opt_word(nationality));
}

impl Record for RtbHolder {
    const EXPORT: Export = Export::RtbHolders;
    fn line(&self) -> Line {
        self.line
    }
    fn cells(&self, sink: &mut CellSink<'_>) {
        let RtbHolder {
            line: _,
            v_number,
            identity: id,
            second_nationality,
            category,
            status,
            status_date,
            status_ground,
            public_order_indication,
            return_obstacle,
            third_country_permit,
            municipality,
        } = self;
        sink(V_NUMBER, text(v_number));
        identity(id, sink);
        sink(SECOND_NATIONALITY, opt_word(second_nationality));
        sink(CATEGORY, word(category));
        sink(STATUS, word(status));
        sink(STATUS_DATE, date(*status_date));
        sink(STATUS_GROUND, opt_word(status_ground));
        sink(PUBLIC_ORDER_INDICATION, word(public_order_indication));
        sink(RETURN_OBSTACLE, word(return_obstacle));
        sink(THIRD_COUNTRY_PERMIT, opt_word(third_country_permit));
        sink(MUNICIPALITY, opt_text(municipality));
    }
}

impl Record for EntryBan {
    const EXPORT: Export = Export::EntryBans;
    fn line(&self) -> Line {
        self.line
    }
    fn cells(&self, sink: &mut CellSink<'_>) {
        let EntryBan {
            line: _,
            ban_id,
            v_number,
            identity: id,
            severity,
            decision_date,
            in_force_date,
            duration_years,
            ground,
            is_final,
            status,
            lifted_reason,
            lifted_until,
            sis_alert_id,
        } = self;
        sink(BAN_ID, text(ban_id));
        sink(V_NUMBER, text(v_number));
        identity(id, sink);
        sink(SEVERITY, word(severity));
        sink(DECISION_DATE, date(*decision_date));
        sink(IN_FORCE_DATE, opt_date(*in_force_date));
        sink(DURATION_YEARS, duration_years.map(Cell::Number));
        sink(GROUND, word(ground));
        sink(FINAL, boolean(*is_final));
        sink(STATUS, word(status));
        sink(LIFTED_REASON, opt_word(lifted_reason));
        sink(LIFTED_UNTIL, opt_date(*lifted_until));
        sink(SIS_ALERT_ID, opt_text(sis_alert_id));
    }
}

impl Record for ExclusionOrder {
    const EXPORT: Export = Export::ExclusionOrders;
    fn line(&self) -> Line {
        self.line
    }
    fn cells(&self, sink: &mut CellSink<'_>) {
        let ExclusionOrder {
            line: _,
            ovr_id,
            v_number,
            identity: id,
            decision_date,
            ground,
            is_final,
            status,
            lifted_reason,
            sis_alert_id,
        } = self;
        sink(OVR_ID, text(ovr_id));
        sink(V_NUMBER, text(v_number));
        identity(id, sink);
        sink(DECISION_DATE, date(*decision_date));
        sink(GROUND, word(ground));
        sink(FINAL, boolean(*is_final));
        sink(STATUS, word(status));
        sink(LIFTED_REASON, opt_word(lifted_reason));
        sink(SIS_ALERT_ID, opt_text(sis_alert_id));
    }
}

impl Record for ReturnDecision {
    const EXPORT: Export = Export::ReturnDecisions;
    fn line(&self) -> Line {
        self.line
    }
    fn cells(&self, sink: &mut CellSink<'_>) {
        let ReturnDecision {
            line: _,
            tkb_id,
            v_number,
            identity: id,
            decision_date,
            is_final,
            status,
            suspension_reason,
            suspended_until,
            sis_alert_id,
        } = self;
        sink(TKB_ID, text(tkb_id));
        sink(V_NUMBER, text(v_number));
        identity(id, sink);
        sink(DECISION_DATE, date(*decision_date));
        sink(FINAL, boolean(*is_final));
        sink(STATUS, word(status));
        sink(SUSPENSION_REASON, opt_word(suspension_reason));
        sink(SUSPENDED_UNTIL, opt_date(*suspended_until));
        sink(SIS_ALERT_ID, opt_text(sis_alert_id));
    }
}

impl Record for SisHit {
    const EXPORT: Export = Export::SisHits;
    fn line(&self) -> Line {
        self.line
    }
    fn cells(&self, sink: &mut CellSink<'_>) {
        let SisHit {
            line: _,
            hit_id,
            v_number,
            identity: id,
            alert_id,
            alert_kind,
            issuing_state,
            reporting_state,
            hit_date,
            location,
            admitted,
        } = self;
        sink(HIT_ID, text(hit_id));
        sink(V_NUMBER, text(v_number));
        identity(id, sink);
        sink(ALERT_ID, text(alert_id));
        sink(ALERT_KIND, word(alert_kind));
        sink(ISSUING_STATE, word(issuing_state));
        sink(REPORTING_STATE, word(reporting_state));
        sink(HIT_DATE, date(*hit_date));
        sink(LOCATION, opt_word(location));
        sink(ADMITTED, boolean(*admitted));
    }
}

impl Record for Application {
    const EXPORT: Export = Export::Applications;
    fn line(&self) -> Line {
        self.line
    }
    fn cells(&self, sink: &mut CellSink<'_>) {
        let Application {
            line: _,
            application_id,
            v_number,
            identity: id,
            kind,
            filed_date,
            filed_from,
            decision,
            decision_date,
            rejection_ground,
            lift_conditions_met,
            target,
            art_6_6_purpose,
        } = self;
        sink(APPLICATION_ID, text(application_id));
        sink(V_NUMBER, text(v_number));
        identity(id, sink);
        sink(KIND, word(kind));
        sink(FILED_DATE, date(*filed_date));
        sink(FILED_FROM, word(filed_from));
        sink(DECISION, word(decision));
        sink(DECISION_DATE, opt_date(*decision_date));
        sink(REJECTION_GROUND, opt_word(rejection_ground));
        sink(LIFT_CONDITIONS_MET, opt_bool(*lift_conditions_met));
        sink(
            TARGET_KIND,
            target.as_ref().map(|t| Cell::Text(t.kind.word())),
        );
        sink(
            TARGET_ID,
            target.as_ref().map(|t| Cell::Text(t.id.as_str())),
        );
        sink(ART_6_6_PURPOSE, opt_bool(*art_6_6_purpose));
    }
}

impl Record for AlertDecision {
    const EXPORT: Export = Export::AlertDecisions;
    fn line(&self) -> Line {
        self.line
    }
    fn cells(&self, sink: &mut CellSink<'_>) {
        let AlertDecision {
            line: _,
            bts_id,
            v_number,
            identity: id,
            decision_date,
            ground,
            is_final,
            status,
            sis_alert_id,
        } = self;
        sink(BTS_ID, text(bts_id));
        sink(V_NUMBER, text(v_number));
        identity(id, sink);
        sink(DECISION_DATE, date(*decision_date));
        sink(GROUND, word(ground));
        sink(FINAL, boolean(*is_final));
        sink(STATUS, word(status));
        sink(SIS_ALERT_ID, opt_text(sis_alert_id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BanGround, BanStatus, Nationality, Severity};
    use crate::testkit::{self, d};

    #[test]
    fn cells_write_the_same_text_as_display() {
        let dates = [
            "0000-01-01",
            "0999-12-31",
            "1990-02-03",
            "2028-02-29",
            "9999-12-31",
        ];
        let mut cells: Vec<Cell<'_>> = dates.iter().map(|s| Cell::Date(d(s))).collect();
        for far in [-1, 10_000, 262_000] {
            cells.push(Cell::Date(Date::from_ymd_opt(far, 6, 1).unwrap()));
        }
        cells.extend([0, 7, 10, 99, 100, 255].map(Cell::Number));
        cells.extend([Cell::Bool(true), Cell::Bool(false), Cell::Text("ÉÖ,\"x")]);
        for c in cells {
            let mut out = Vec::new();
            c.write_to(&mut out);
            assert_eq!(String::from_utf8(out).unwrap(), c.to_text(), "{c:?}");
        }
        assert_eq!(Cell::Date(d("2028-02-29")).to_text(), "2028-02-29");
        assert_eq!(Cell::Number(7).to_text(), "7");
    }

    #[test]
    fn entry_ban_columns_are_canonical_and_skip_the_line() {
        let b = EntryBan {
            line: 17,
            ban_id: "B1".into(),
            v_number: "0012345".into(),
            identity: Identity {
                surname: Some("=1+1".into()),
                given_names: None,
                birth_date: Some(d("1990-02-03")),
                nationality: Nationality::parse("ukr"),
            },
            severity: Severity::Heavy,
            decision_date: d("2021-05-06"),
            in_force_date: None,
            duration_years: Some(5),
            ground: BanGround::PublicOrder,
            is_final: true,
            status: BanStatus::Active,
            lifted_reason: None,
            lifted_until: None,
            sis_alert_id: Some("SIS-9".into()),
        };
        let cols = b.columns();
        let text: Vec<String> = cols
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_deref().unwrap_or("∅")))
            .collect();
        assert_eq!(
            text.join(" "),
            "ban_id=B1 v_number=0012345 surname==1+1 given_names=∅ birth_date=1990-02-03 \
             nationality=UKR severity=heavy decision_date=2021-05-06 in_force_date=∅ \
             duration_years=5 ground=public_order final=true status=active lifted_reason=∅ \
             lifted_until=∅ sis_alert_id=SIS-9"
        );
        assert_eq!(b.line(), 17);
        assert_eq!(EntryBan::EXPORT, Export::EntryBans);
    }

    fn names<R: Record>(record: &R) -> Vec<&'static str> {
        record.columns().into_iter().map(|(name, _)| name).collect()
    }

    fn table<R: Record>() -> Vec<&'static str> {
        R::EXPORT.table().names().collect()
    }

    /// Fingerprints hash the cells in this order: it is the contract table's.
    #[test]
    fn every_record_hands_over_its_table_columns_in_contract_order() {
        let order = ExclusionOrder {
            line: 2,
            ovr_id: "O1".into(),
            v_number: "123456".into(),
            identity: Identity::default(),
            decision_date: d("2020-01-01"),
            ground: crate::model::Ground::Other,
            is_final: true,
            status: crate::model::OvrStatus::Active,
            lifted_reason: None,
            sis_alert_id: None,
        };
        let bts = AlertDecision {
            line: 2,
            bts_id: "S1".into(),
            v_number: "123456".into(),
            identity: Identity::default(),
            decision_date: d("2020-01-01"),
            ground: crate::model::BtsGround::PublicOrder,
            is_final: true,
            status: crate::model::BtsStatus::Active,
            sis_alert_id: None,
        };
        let holder = testkit::holder("123456", crate::model::HolderStatus::Granted, "2022-04-01");
        let ban = testkit::ban(
            "B1",
            "123456",
            Severity::Heavy,
            BanStatus::Active,
            "2021-01-01",
        );
        let tkb = testkit::tkb(
            "T1",
            "123456",
            crate::model::TkbStatus::Active,
            "2021-01-01",
        );
        let hit = testkit::hit("H1", "123456", "SIS-1", "NL", "2026-01-01");
        let app = testkit::application(
            "A1",
            "123456",
            crate::model::AppKind::Regular,
            crate::model::AppDecision::Pending,
            None,
        );
        assert_eq!(names(&holder), table::<RtbHolder>());
        assert_eq!(names(&ban), table::<EntryBan>());
        assert_eq!(names(&order), table::<ExclusionOrder>());
        assert_eq!(names(&tkb), table::<ReturnDecision>());
        assert_eq!(names(&hit), table::<SisHit>());
        assert_eq!(names(&app), table::<Application>());
        assert_eq!(names(&bts), table::<AlertDecision>());
    }
}
