//! TEMPORARY stub with the agreed API; replaced by the drafts branch.
use chrono::NaiveDate;
use std::path::Path;

#[derive(Debug, Clone, serde::Serialize)]
pub struct DraftContext {
    pub reference: String,
    pub date: NaiveDate,
    pub rule_id: &'static str,
    pub action: &'static str,
    pub label: &'static str,
    pub legal_basis: &'static str,
    pub sis_effect: &'static str,
    pub sis_alert_id: Option<String>,
    pub explanation: String,
    pub tp_end: NaiveDate,
    pub person: DraftPerson,
    pub subject: DraftSubject,
}
#[derive(Debug, Clone, serde::Serialize)]
pub struct DraftPerson {
    pub v_number: String,
    pub surname: Option<String>,
    pub given_names: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub nationality: Option<String>,
    pub municipality: Option<String>,
}
#[derive(Debug, Clone, serde::Serialize)]
pub struct DraftSubject {
    pub kind: &'static str,
    pub id: String,
    pub decision_date: Option<NaiveDate>,
    pub in_force_date: Option<NaiveDate>,
    pub severity: Option<&'static str>,
    pub ground: Option<&'static str>,
    pub filed_date: Option<NaiveDate>,
    pub target_kind: Option<&'static str>,
    pub target_id: Option<String>,
}
pub struct Drafts;
#[derive(Debug, thiserror::Error)]
#[error("draft error")]
pub struct DraftError;
impl Drafts {
    pub fn new(_override_dir: Option<&Path>) -> Result<Self, DraftError> {
        Ok(Drafts)
    }
    pub fn render(&self, ctx: &DraftContext) -> Result<String, DraftError> {
        Ok(format!("{ctx:?}"))
    }
}
pub fn draft_file_name(action: &str, v_number: &str, subject_id: &str) -> String {
    format!("drafts/{action}/{v_number}_{subject_id}.html")
}
