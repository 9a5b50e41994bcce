//! The contract's columns as the generator needs them (SPEC §3.2): the column
//! list of each export, and which columns hold dates, booleans, enum words,
//! state or nationality codes, and required values.
//!
//! The generator's own copy: ingestion keeps the authoritative parser, and the
//! tests read the generated files back against `crate::model`'s words. Nothing
//! here draws or writes.

use crate::model::Export;

/// The columns of each export, exactly as the contract names them (SPEC §3.2),
/// in the order the generator writes them.
pub fn columns(export: Export) -> &'static [&'static str] {
    match export {
        Export::RtbHolders => &[
            "v_number",
            "surname",
            "given_names",
            "birth_date",
            "nationality",
            "second_nationality",
            "category",
            "status",
            "status_date",
            "status_ground",
            "public_order_indication",
            "return_obstacle",
            "third_country_permit",
            "municipality",
        ],
        Export::EntryBans => &[
            "ban_id",
            "v_number",
            "surname",
            "given_names",
            "birth_date",
            "nationality",
            "severity",
            "decision_date",
            "in_force_date",
            "duration_years",
            "ground",
            "final",
            "status",
            "lifted_reason",
            "lifted_until",
            "sis_alert_id",
        ],
        Export::ExclusionOrders => &[
            "ovr_id",
            "v_number",
            "surname",
            "given_names",
            "birth_date",
            "nationality",
            "decision_date",
            "ground",
            "final",
            "status",
            "lifted_reason",
            "sis_alert_id",
        ],
        Export::ReturnDecisions => &[
            "tkb_id",
            "v_number",
            "surname",
            "given_names",
            "birth_date",
            "nationality",
            "decision_date",
            "final",
            "status",
            "suspension_reason",
            "suspended_until",
            "sis_alert_id",
        ],
        Export::SisHits => &[
            "hit_id",
            "v_number",
            "surname",
            "given_names",
            "birth_date",
            "nationality",
            "alert_id",
            "alert_kind",
            "issuing_state",
            "reporting_state",
            "hit_date",
            "location",
            "admitted",
        ],
        Export::Applications => &[
            "application_id",
            "v_number",
            "surname",
            "given_names",
            "birth_date",
            "nationality",
            "kind",
            "filed_date",
            "filed_from",
            "decision",
            "decision_date",
            "rejection_ground",
            "lift_conditions_met",
            "target_kind",
            "target_id",
            "art_6_6_purpose",
        ],
        Export::AlertDecisions => &[
            "bts_id",
            "v_number",
            "surname",
            "given_names",
            "birth_date",
            "nationality",
            "decision_date",
            "ground",
            "final",
            "status",
            "sis_alert_id",
        ],
    }
}

/// Position of `column` in `columns(export)`; `None` for a name the export
/// does not have.
pub fn column_index(export: Export, column: &str) -> Option<usize> {
    columns(export).iter().position(|c| *c == column)
}

/// Columns holding a date.
pub fn date_columns(export: Export) -> &'static [&'static str] {
    match export {
        Export::RtbHolders => &["birth_date", "status_date"],
        Export::EntryBans => &[
            "birth_date",
            "decision_date",
            "in_force_date",
            "lifted_until",
        ],
        Export::ExclusionOrders | Export::AlertDecisions => &["birth_date", "decision_date"],
        Export::ReturnDecisions => &["birth_date", "decision_date", "suspended_until"],
        Export::SisHits => &["birth_date", "hit_date"],
        Export::Applications => &["birth_date", "filed_date", "decision_date"],
    }
}

/// Columns holding a boolean.
pub fn bool_columns(export: Export) -> &'static [&'static str] {
    match export {
        Export::RtbHolders => &[],
        Export::EntryBans
        | Export::ExclusionOrders
        | Export::ReturnDecisions
        | Export::AlertDecisions => &["final"],
        Export::SisHits => &["admitted"],
        Export::Applications => &["lift_conditions_met", "art_6_6_purpose"],
    }
}

/// Columns holding a contract word (enum value).
pub fn enum_columns(export: Export) -> &'static [&'static str] {
    match export {
        Export::RtbHolders => &[
            "category",
            "status",
            "status_ground",
            "public_order_indication",
            "return_obstacle",
        ],
        Export::EntryBans => &["severity", "ground", "status", "lifted_reason"],
        Export::ExclusionOrders => &["ground", "status", "lifted_reason"],
        Export::ReturnDecisions => &["status", "suspension_reason"],
        Export::SisHits => &["alert_kind", "location"],
        Export::Applications => &["kind", "decision", "rejection_ground", "target_kind"],
        Export::AlertDecisions => &["ground", "status"],
    }
}

/// Columns holding a state (alpha-2) or nationality (three letters) code.
pub fn code_columns(export: Export) -> &'static [&'static str] {
    match export {
        Export::RtbHolders => &["nationality", "second_nationality", "third_country_permit"],
        Export::SisHits => &["nationality", "issuing_state", "reporting_state"],
        Export::Applications => &["nationality", "filed_from"],
        _ => &["nationality"],
    }
}

/// Columns whose value is required in every row (the V-number aside).
pub fn required_columns(export: Export) -> &'static [&'static str] {
    match export {
        Export::RtbHolders => &[
            "surname",
            "given_names",
            "birth_date",
            "nationality",
            "category",
            "status",
            "status_date",
        ],
        Export::EntryBans => &[
            "ban_id",
            "severity",
            "decision_date",
            "ground",
            "final",
            "status",
        ],
        Export::ExclusionOrders => &["ovr_id", "decision_date", "ground", "final", "status"],
        Export::ReturnDecisions => &["tkb_id", "decision_date", "final", "status"],
        Export::SisHits => &[
            "hit_id",
            "alert_id",
            "alert_kind",
            "issuing_state",
            "reporting_state",
            "hit_date",
            "admitted",
        ],
        Export::Applications => &["application_id", "kind", "filed_date", "decision"],
        Export::AlertDecisions => &["bts_id", "decision_date", "ground", "final", "status"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_typed_column_is_a_column_of_its_export() {
        for export in Export::ALL {
            let all = columns(export);
            assert_eq!(all.iter().filter(|c| **c == "v_number").count(), 1);
            assert!(all.contains(&export.id_column()));
            for list in [
                date_columns(export),
                bool_columns(export),
                enum_columns(export),
                code_columns(export),
                required_columns(export),
            ] {
                for c in list {
                    assert!(all.contains(c), "{export}: {c}");
                }
            }
        }
        assert_eq!(column_index(Export::EntryBans, "severity"), Some(6));
        assert_eq!(column_index(Export::EntryBans, "category"), None);
    }
}
