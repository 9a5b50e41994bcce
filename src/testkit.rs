//! Builders for records in unit tests: a valid default for every field, so a
//! test states only what matters to it; and `fixtures`, the hand-built
//! records and inputs the analyst outputs' tests share.

use crate::config::Params;
use crate::ingest::Inputs;
use crate::model::*;

pub fn d(s: &str) -> Date {
    match Date::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => d,
        Err(e) => panic!("test date {s}: {e}"),
    }
}

pub fn params(as_of: &str, valid_until: &str) -> Params {
    Params {
        as_of: d(as_of),
        rtb_valid_until: d(valid_until),
        ukraine_return_possible: false,
    }
}

pub fn ukrainian() -> Identity {
    Identity {
        surname: Some("Kovalenko".into()),
        given_names: Some("Olena".into()),
        birth_date: Some(d("1985-03-01")),
        nationality: Nationality::parse("UKR"),
    }
}

pub fn holder(v: &str, status: HolderStatus, status_date: &str) -> RtbHolder {
    RtbHolder {
        line: 2,
        v_number: v.into(),
        identity: ukrainian(),
        second_nationality: None,
        category: Category::Ukrainian,
        status,
        status_date: d(status_date),
        status_ground: None,
        public_order_indication: PoIndication::None,
        return_obstacle: ReturnObstacle::Unknown,
        third_country_permit: None,
        municipality: None,
    }
}

pub fn ban(id: &str, v: &str, severity: Severity, status: BanStatus, decided: &str) -> EntryBan {
    EntryBan {
        line: 2,
        ban_id: id.into(),
        v_number: v.into(),
        identity: Identity::default(),
        severity,
        decision_date: d(decided),
        in_force_date: None,
        duration_years: None,
        ground: BanGround::PublicOrder,
        is_final: true,
        status,
        lifted_reason: None,
        lifted_until: None,
        sis_alert_id: None,
    }
}

pub fn tkb(id: &str, v: &str, status: TkbStatus, decided: &str) -> ReturnDecision {
    ReturnDecision {
        line: 2,
        tkb_id: id.into(),
        v_number: v.into(),
        identity: Identity::default(),
        decision_date: d(decided),
        is_final: true,
        status,
        suspension_reason: None,
        suspended_until: None,
        sis_alert_id: None,
    }
}

pub fn hit(id: &str, v: &str, alert: &str, issuing: &str, date: &str) -> SisHit {
    SisHit {
        line: 2,
        hit_id: id.into(),
        v_number: v.into(),
        identity: Identity::default(),
        alert_id: alert.into(),
        alert_kind: AlertKind::Refusal,
        issuing_state: State::parse(issuing).unwrap_or(State::NL),
        reporting_state: State::NL,
        hit_date: d(date),
        location: None,
        admitted: false,
    }
}

pub fn application(
    id: &str,
    v: &str,
    kind: AppKind,
    decision: AppDecision,
    decided: Option<&str>,
) -> Application {
    Application {
        line: 2,
        application_id: id.into(),
        v_number: v.into(),
        identity: Identity::default(),
        kind,
        filed_date: d("2026-01-01"),
        filed_from: State::NL,
        decision,
        decision_date: decided.map(d),
        rejection_ground: None,
        lift_conditions_met: None,
        target: None,
        art_6_6_purpose: None,
    }
}

/// Inputs holding just these records (no ledger: the rules do not read it).
pub fn inputs() -> Inputs {
    Inputs::default()
}

/// Hand-built records and inputs for the unit tests of the analyst outputs
/// (changes, explain, report, workbook).
pub mod fixtures {
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

    /// A person with protection since 2022-03-10 and a heavy entry ban from
    /// 2020: R03 suspends it while protection lasts.
    pub fn protected_with_heavy_ban() -> Inputs {
        let mut i = Inputs::default();
        i.rtb_holders.push(holder(
            "100001",
            "Kovalenko",
            HolderStatus::Granted,
            "2022-03-10",
        ));
        i.entry_bans.push(ban(
            "B1",
            "100001",
            Severity::Heavy,
            BanStatus::Active,
            "2020-01-01",
        ));
        i
    }

    /// Fills the ledger from the records (accepted) and rejections, and
    /// orders the records by person as `ingest::load` does.
    pub fn with_ledger(mut i: Inputs) -> Inputs {
        i.order_by_person();
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
