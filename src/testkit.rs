//! Builders for records in unit tests: a valid default for every field, so a
//! test states only what matters to it.

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
