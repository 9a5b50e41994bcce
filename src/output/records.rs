//! An accepted input record as its contract columns (SPEC §3.2), with each
//! value in its canonical spelling (dates `YYYY-MM-DD`, booleans
//! `true`/`false`, enum words in English, codes upper case; `None` for an
//! empty cell).
//!
//! Two readers need exactly this view: `explain` shows a person's records to a
//! lawyer, and `changes` fingerprints them so the next run can tell changed
//! data from a moved date. Each record is destructured field by field, so
//! adding a field to a record type breaks the build here until it is listed —
//! a fingerprint can never silently ignore a column.
//!
//! The `line` of a record is deliberately left out: it says where the row
//! was, not what it says, and moves when other rows are added.

use crate::model::{
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
    sink("surname", opt_text(surname));
    sink("given_names", opt_text(given_names));
    sink("birth_date", opt_date(*birth_date));
    sink("nationality", opt_word(nationality));
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
        sink("v_number", text(v_number));
        identity(id, sink);
        sink("second_nationality", opt_word(second_nationality));
        sink("category", word(category));
        sink("status", word(status));
        sink("status_date", date(*status_date));
        sink("status_ground", opt_word(status_ground));
        sink("public_order_indication", word(public_order_indication));
        sink("return_obstacle", word(return_obstacle));
        sink("third_country_permit", opt_word(third_country_permit));
        sink("municipality", opt_text(municipality));
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
        sink("ban_id", text(ban_id));
        sink("v_number", text(v_number));
        identity(id, sink);
        sink("severity", word(severity));
        sink("decision_date", date(*decision_date));
        sink("in_force_date", opt_date(*in_force_date));
        sink("duration_years", duration_years.map(Cell::Number));
        sink("ground", word(ground));
        sink("final", boolean(*is_final));
        sink("status", word(status));
        sink("lifted_reason", opt_word(lifted_reason));
        sink("lifted_until", opt_date(*lifted_until));
        sink("sis_alert_id", opt_text(sis_alert_id));
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
        sink("ovr_id", text(ovr_id));
        sink("v_number", text(v_number));
        identity(id, sink);
        sink("decision_date", date(*decision_date));
        sink("ground", word(ground));
        sink("final", boolean(*is_final));
        sink("status", word(status));
        sink("lifted_reason", opt_word(lifted_reason));
        sink("sis_alert_id", opt_text(sis_alert_id));
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
        sink("tkb_id", text(tkb_id));
        sink("v_number", text(v_number));
        identity(id, sink);
        sink("decision_date", date(*decision_date));
        sink("final", boolean(*is_final));
        sink("status", word(status));
        sink("suspension_reason", opt_word(suspension_reason));
        sink("suspended_until", opt_date(*suspended_until));
        sink("sis_alert_id", opt_text(sis_alert_id));
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
        sink("hit_id", text(hit_id));
        sink("v_number", text(v_number));
        identity(id, sink);
        sink("alert_id", text(alert_id));
        sink("alert_kind", word(alert_kind));
        sink("issuing_state", word(issuing_state));
        sink("reporting_state", word(reporting_state));
        sink("hit_date", date(*hit_date));
        sink("location", opt_word(location));
        sink("admitted", boolean(*admitted));
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
        sink("application_id", text(application_id));
        sink("v_number", text(v_number));
        identity(id, sink);
        sink("kind", word(kind));
        sink("filed_date", date(*filed_date));
        sink("filed_from", word(filed_from));
        sink("decision", word(decision));
        sink("decision_date", opt_date(*decision_date));
        sink("rejection_ground", opt_word(rejection_ground));
        sink("lift_conditions_met", opt_bool(*lift_conditions_met));
        sink(
            "target_kind",
            target.as_ref().map(|t| Cell::Text(t.kind.word())),
        );
        sink(
            "target_id",
            target.as_ref().map(|t| Cell::Text(t.id.as_str())),
        );
        sink("art_6_6_purpose", opt_bool(*art_6_6_purpose));
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
        sink("bts_id", text(bts_id));
        sink("v_number", text(v_number));
        identity(id, sink);
        sink("decision_date", date(*decision_date));
        sink("ground", word(ground));
        sink("final", boolean(*is_final));
        sink("status", word(status));
        sink("sis_alert_id", opt_text(sis_alert_id));
    }
}

/// Hand-built records and inputs for the unit tests of the analyst outputs
/// (changes, explain, report, workbook).
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::ingest::{FileStats, Format, Inputs, Rejection};
    use crate::model::*;
    use crate::testkit;

    pub use crate::testkit::{d, params};

    pub fn identity(surname: &str, given: &str, nationality: &str) -> Identity {
        Identity {
            surname: Some(surname.into()),
            given_names: Some(given.into()),
            birth_date: Some(d("1990-01-01")),
            nationality: Nationality::parse(nationality),
        }
    }

    pub fn holder(v: &str, surname: &str, status: HolderStatus, status_date: &str) -> RtbHolder {
        RtbHolder {
            identity: identity(surname, "Olena", "UKR"),
            municipality: Some("Utrecht".into()),
            ..testkit::holder(v, status, status_date)
        }
    }

    pub fn ban(
        id: &str,
        v: &str,
        severity: Severity,
        status: BanStatus,
        decided: &str,
    ) -> EntryBan {
        EntryBan {
            in_force_date: Some(d(decided)),
            duration_years: Some(10),
            sis_alert_id: Some(format!("SIS-{id}").into()),
            ..testkit::ban(id, v, severity, status, decided)
        }
    }

    pub fn hit(id: &str, v: &str, issuing: &str, date: &str) -> SisHit {
        SisHit {
            location: Some(HitLocation::ExternalBorder),
            ..testkit::hit(id, v, &format!("ALERT-{id}"), issuing, date)
        }
    }

    pub fn application(id: &str, v: &str, kind: AppKind, decision: AppDecision) -> Application {
        Application {
            filed_date: d("2024-01-10"),
            ..testkit::application(id, v, kind, decision, None)
        }
    }

    pub fn rejection(v: &str, file: Export, line: u64) -> Rejection {
        Rejection {
            file,
            line,
            v_number: Some(v.into()),
            column: "in_force_date".into(),
            value: "31-02-2025".into(),
            reason: "in_force_date '31-02-2025' is not a date".into(),
        }
    }

    /// A copy of the records (Inputs is not Clone: it is only ever built once).
    pub trait CloneRecords {
        fn clone_records(&self) -> Inputs;
    }

    impl CloneRecords for Inputs {
        fn clone_records(&self) -> Inputs {
            Inputs {
                rtb_holders: self.rtb_holders.clone(),
                entry_bans: self.entry_bans.clone(),
                exclusion_orders: self.exclusion_orders.clone(),
                return_decisions: self.return_decisions.clone(),
                sis_hits: self.sis_hits.clone(),
                applications: self.applications.clone(),
                alert_decisions: self.alert_decisions.clone(),
                rejected: self.rejected.clone(),
                files: self.files.clone(),
                manifest: self.manifest,
            }
        }
    }

    /// Fills the ledger from the records (accepted) and rejections.
    pub fn with_ledger(mut i: Inputs) -> Inputs {
        let accepted = [
            i.rtb_holders.len(),
            i.entry_bans.len(),
            i.exclusion_orders.len(),
            i.return_decisions.len(),
            i.sis_hits.len(),
            i.applications.len(),
            i.alert_decisions.len(),
        ];
        i.files = Export::ALL
            .iter()
            .zip(accepted)
            .map(|(e, n)| {
                let rejected = i.rejected.iter().filter(|r| r.file == *e).count() as u64;
                FileStats {
                    export: *e,
                    file_name: format!("{}.csv", e.name()),
                    format: Format::Csv,
                    bytes: 100,
                    sha256: format!("{:064x}", n),
                    rows: n as u64 + rejected,
                    accepted: n as u64,
                    rejected,
                    unknown_columns: Vec::new(),
                }
            })
            .collect();
        i
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::d;
    use super::*;
    use crate::model::{BanGround, BanStatus, Nationality, Severity};

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
}
