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
    ReturnDecision, RtbHolder, SisHit,
};

/// One cell: the contract column name and its canonical value.
pub type Column = (&'static str, Option<String>);

/// A record of one of the seven exports.
pub trait Record {
    const EXPORT: Export;
    /// Where the row was (for people, not for fingerprints).
    fn line(&self) -> Line;
    /// Every contract column of the record, in SPEC order.
    fn columns(&self) -> Vec<Column>;
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn opt_s(v: &Option<crate::model::Text>) -> Option<String> {
    v.as_deref().map(str::to_owned)
}

fn date(d: Date) -> Option<String> {
    Some(d.to_string())
}

fn opt_date(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn word<T: ToString>(v: T) -> Option<String> {
    Some(v.to_string())
}

fn opt_word<T: ToString>(v: Option<T>) -> Option<String> {
    v.map(|v| v.to_string())
}

fn boolean(b: bool) -> Option<String> {
    Some(b.to_string())
}

fn identity(i: &Identity, out: &mut Vec<Column>) {
    let Identity {
        surname,
        given_names,
        birth_date,
        nationality,
    } = i;
    out.push(("surname", opt_s(surname)));
    out.push(("given_names", opt_s(given_names)));
    out.push(("birth_date", opt_date(*birth_date)));
    out.push(("nationality", opt_word(*nationality)));
}

impl Record for RtbHolder {
    const EXPORT: Export = Export::RtbHolders;
    fn line(&self) -> Line {
        self.line
    }
    fn columns(&self) -> Vec<Column> {
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
        let mut c = vec![("v_number", s(v_number))];
        identity(id, &mut c);
        c.extend([
            ("second_nationality", opt_word(*second_nationality)),
            ("category", word(category)),
            ("status", word(status)),
            ("status_date", date(*status_date)),
            ("status_ground", opt_word(*status_ground)),
            ("public_order_indication", word(public_order_indication)),
            ("return_obstacle", word(return_obstacle)),
            ("third_country_permit", opt_word(*third_country_permit)),
            ("municipality", opt_s(municipality)),
        ]);
        c
    }
}

impl Record for EntryBan {
    const EXPORT: Export = Export::EntryBans;
    fn line(&self) -> Line {
        self.line
    }
    fn columns(&self) -> Vec<Column> {
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
        let mut c = vec![("ban_id", s(ban_id)), ("v_number", s(v_number))];
        identity(id, &mut c);
        c.extend([
            ("severity", word(severity)),
            ("decision_date", date(*decision_date)),
            ("in_force_date", opt_date(*in_force_date)),
            ("duration_years", opt_word(*duration_years)),
            ("ground", word(ground)),
            ("final", boolean(*is_final)),
            ("status", word(status)),
            ("lifted_reason", opt_word(*lifted_reason)),
            ("lifted_until", opt_date(*lifted_until)),
            ("sis_alert_id", opt_s(sis_alert_id)),
        ]);
        c
    }
}

impl Record for ExclusionOrder {
    const EXPORT: Export = Export::ExclusionOrders;
    fn line(&self) -> Line {
        self.line
    }
    fn columns(&self) -> Vec<Column> {
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
        let mut c = vec![("ovr_id", s(ovr_id)), ("v_number", s(v_number))];
        identity(id, &mut c);
        c.extend([
            ("decision_date", date(*decision_date)),
            ("ground", word(ground)),
            ("final", boolean(*is_final)),
            ("status", word(status)),
            ("lifted_reason", opt_word(*lifted_reason)),
            ("sis_alert_id", opt_s(sis_alert_id)),
        ]);
        c
    }
}

impl Record for ReturnDecision {
    const EXPORT: Export = Export::ReturnDecisions;
    fn line(&self) -> Line {
        self.line
    }
    fn columns(&self) -> Vec<Column> {
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
        let mut c = vec![("tkb_id", s(tkb_id)), ("v_number", s(v_number))];
        identity(id, &mut c);
        c.extend([
            ("decision_date", date(*decision_date)),
            ("final", boolean(*is_final)),
            ("status", word(status)),
            ("suspension_reason", opt_word(*suspension_reason)),
            ("suspended_until", opt_date(*suspended_until)),
            ("sis_alert_id", opt_s(sis_alert_id)),
        ]);
        c
    }
}

impl Record for SisHit {
    const EXPORT: Export = Export::SisHits;
    fn line(&self) -> Line {
        self.line
    }
    fn columns(&self) -> Vec<Column> {
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
        let mut c = vec![("hit_id", s(hit_id)), ("v_number", s(v_number))];
        identity(id, &mut c);
        c.extend([
            ("alert_id", s(alert_id)),
            ("alert_kind", word(alert_kind)),
            ("issuing_state", word(issuing_state)),
            ("reporting_state", word(reporting_state)),
            ("hit_date", date(*hit_date)),
            ("location", opt_word(*location)),
            ("admitted", boolean(*admitted)),
        ]);
        c
    }
}

impl Record for Application {
    const EXPORT: Export = Export::Applications;
    fn line(&self) -> Line {
        self.line
    }
    fn columns(&self) -> Vec<Column> {
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
        let mut c = vec![
            ("application_id", s(application_id)),
            ("v_number", s(v_number)),
        ];
        identity(id, &mut c);
        c.extend([
            ("kind", word(kind)),
            ("filed_date", date(*filed_date)),
            ("filed_from", word(filed_from)),
            ("decision", word(decision)),
            ("decision_date", opt_date(*decision_date)),
            ("rejection_ground", opt_word(*rejection_ground)),
            (
                "lift_conditions_met",
                lift_conditions_met.map(|b| b.to_string()),
            ),
            ("target_kind", target.as_ref().map(|t| t.kind.to_string())),
            ("target_id", target.as_ref().map(|t| t.id.to_string())),
            ("art_6_6_purpose", art_6_6_purpose.map(|b| b.to_string())),
        ]);
        c
    }
}

impl Record for AlertDecision {
    const EXPORT: Export = Export::AlertDecisions;
    fn line(&self) -> Line {
        self.line
    }
    fn columns(&self) -> Vec<Column> {
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
        let mut c = vec![("bts_id", s(bts_id)), ("v_number", s(v_number))];
        identity(id, &mut c);
        c.extend([
            ("decision_date", date(*decision_date)),
            ("ground", word(ground)),
            ("final", boolean(*is_final)),
            ("status", word(status)),
            ("sis_alert_id", opt_s(sis_alert_id)),
        ]);
        c
    }
}

/// Hand-built records and inputs for the unit tests of the analyst outputs
/// (changes, explain, report, workbook).
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::config::Params;
    use crate::ingest::{FileStats, Format, Inputs, Rejection};
    use crate::model::*;

    pub fn d(s: &str) -> Date {
        Date::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub fn params(as_of: &str, until: &str) -> Params {
        Params {
            as_of: d(as_of),
            rtb_valid_until: d(until),
            ukraine_return_possible: false,
        }
    }

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
            line: 2,
            v_number: v.into(),
            identity: identity(surname, "Olena", "UKR"),
            second_nationality: None,
            category: Category::Ukrainian,
            status,
            status_date: d(status_date),
            status_ground: None,
            public_order_indication: PoIndication::None,
            return_obstacle: ReturnObstacle::Unknown,
            third_country_permit: None,
            municipality: Some("Utrecht".into()),
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
            line: 2,
            ban_id: id.into(),
            v_number: v.into(),
            identity: Identity::default(),
            severity,
            decision_date: d(decided),
            in_force_date: Some(d(decided)),
            duration_years: Some(10),
            ground: BanGround::PublicOrder,
            is_final: true,
            status,
            lifted_reason: None,
            lifted_until: None,
            sis_alert_id: Some(format!("SIS-{id}").into()),
        }
    }

    pub fn hit(id: &str, v: &str, issuing: &str, date: &str) -> SisHit {
        SisHit {
            line: 2,
            hit_id: id.into(),
            v_number: v.into(),
            identity: Identity::default(),
            alert_id: format!("ALERT-{id}").into(),
            alert_kind: AlertKind::Refusal,
            issuing_state: State::parse(issuing).unwrap(),
            reporting_state: State::NL,
            hit_date: d(date),
            location: Some(HitLocation::ExternalBorder),
            admitted: false,
        }
    }

    pub fn application(id: &str, v: &str, kind: AppKind, decision: AppDecision) -> Application {
        Application {
            line: 2,
            application_id: id.into(),
            v_number: v.into(),
            identity: Identity::default(),
            kind,
            filed_date: d("2024-01-10"),
            filed_from: State::NL,
            decision,
            decision_date: None,
            rejection_ground: None,
            lift_conditions_met: None,
            target: None,
            art_6_6_purpose: None,
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
