//! The input contract's columns (SPEC §3.2), declared once: for each of the
//! seven exports, its columns in contract order with their name, whether
//! they are required, the kind of value they hold (with the accepted words
//! of a contract word, from the `word_enum!` types themselves) and a
//! one-line meaning.
//!
//! Everything that names a contract column reads it here: ingestion (CSV and
//! Parquet) finds the columns of a header by these names, in this order; the
//! canonical records (`model::records`) that `explain` shows and fingerprints
//! hash hand over their cells under these names, in this order; the
//! generator writes these headers; the tests and the fuzz target write their
//! files from these tables; and `docs/input-contract.md` is rendered from
//! them ([`markdown`]). Each column name is spelled once, in [`column`].
//!
//! This module only declares. Parsing a value, and the rules that tie one
//! column to another (a lifted ban says why), are ingestion's; a test there
//! holds the parsers to these kinds and requirements.

mod markdown;

pub use markdown::{REGENERATE_DOC, markdown};

use super::{
    AlertKind, AppDecision, AppKind, BanGround, BanStatus, BtsGround, BtsStatus, Category, Export,
    Ground, HitLocation, HolderStatus, LiftedReason, OvrStatus, PoIndication, ReturnObstacle,
    Severity, StatusGround, SuspensionReason, TargetKind, TkbStatus,
};
use std::sync::LazyLock;

/// The names of the contract's columns, as the exports spell them. Code
/// that names a column uses these constants, so a name is written once.
pub mod column {
    pub const V_NUMBER: &str = "v_number";
    // The identity block.
    pub const SURNAME: &str = "surname";
    pub const GIVEN_NAMES: &str = "given_names";
    pub const BIRTH_DATE: &str = "birth_date";
    pub const NATIONALITY: &str = "nationality";
    // Names several exports share.
    pub const DECISION_DATE: &str = "decision_date";
    pub const GROUND: &str = "ground";
    pub const FINAL: &str = "final";
    pub const STATUS: &str = "status";
    pub const LIFTED_REASON: &str = "lifted_reason";
    pub const SIS_ALERT_ID: &str = "sis_alert_id";
    // rtb_holders
    pub const SECOND_NATIONALITY: &str = "second_nationality";
    pub const CATEGORY: &str = "category";
    pub const STATUS_DATE: &str = "status_date";
    pub const STATUS_GROUND: &str = "status_ground";
    pub const PUBLIC_ORDER_INDICATION: &str = "public_order_indication";
    pub const RETURN_OBSTACLE: &str = "return_obstacle";
    pub const THIRD_COUNTRY_PERMIT: &str = "third_country_permit";
    pub const MUNICIPALITY: &str = "municipality";
    // entry_bans
    pub const BAN_ID: &str = "ban_id";
    pub const SEVERITY: &str = "severity";
    pub const IN_FORCE_DATE: &str = "in_force_date";
    pub const DURATION_YEARS: &str = "duration_years";
    pub const LIFTED_UNTIL: &str = "lifted_until";
    // exclusion_orders
    pub const OVR_ID: &str = "ovr_id";
    // return_decisions
    pub const TKB_ID: &str = "tkb_id";
    pub const SUSPENSION_REASON: &str = "suspension_reason";
    pub const SUSPENDED_UNTIL: &str = "suspended_until";
    // sis_hits
    pub const HIT_ID: &str = "hit_id";
    pub const ALERT_ID: &str = "alert_id";
    pub const ALERT_KIND: &str = "alert_kind";
    pub const ISSUING_STATE: &str = "issuing_state";
    pub const REPORTING_STATE: &str = "reporting_state";
    pub const HIT_DATE: &str = "hit_date";
    pub const LOCATION: &str = "location";
    pub const ADMITTED: &str = "admitted";
    // applications
    pub const APPLICATION_ID: &str = "application_id";
    pub const KIND: &str = "kind";
    pub const FILED_DATE: &str = "filed_date";
    pub const FILED_FROM: &str = "filed_from";
    pub const DECISION: &str = "decision";
    pub const REJECTION_GROUND: &str = "rejection_ground";
    pub const LIFT_CONDITIONS_MET: &str = "lift_conditions_met";
    pub const TARGET_KIND: &str = "target_kind";
    pub const TARGET_ID: &str = "target_id";
    pub const ART_6_6_PURPOSE: &str = "art_6_6_purpose";
    // alert_decisions
    pub const BTS_ID: &str = "bts_id";
}

use column::*;

/// Whether a column, and its value, must be there (SPEC §3.2: R and O).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// The column must be in the header and every row must have a value.
    Required,
    /// The column may be absent and the value empty.
    Optional,
    /// Optional, except in the rows where the condition holds; the condition
    /// is in words, as the documentation prints it.
    RequiredWhen(&'static str),
}

impl Requirement {
    /// Whether a header without the column breaks the contract.
    pub fn column_required(self) -> bool {
        self == Requirement::Required
    }
}

/// The kind of value a column holds (SPEC §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text or an id, taken as written (trimmed).
    Text,
    /// 6 to 12 digits, kept as text: leading zeros are significant.
    VNumber,
    /// `YYYY-MM-DD` or `DD-MM-YYYY`.
    Date,
    /// `true/false`, `yes/no`, `ja/nee`, `j/n`, `1/0`.
    Boolean,
    /// A whole number from `min` to `max`.
    Integer { min: u8, max: u8 },
    /// One of these contract words, case-insensitively (a `word_enum!`'s
    /// `WORDS`: canonical spellings with their aliases).
    Word(&'static [&'static str]),
    /// An ISO 3166-1 alpha-2 state code.
    State,
    /// A three-letter nationality code as in a passport.
    Nationality,
}

/// One column of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub requirement: Requirement,
    pub kind: Kind,
    /// What the value says, in one line (may be empty where the name and
    /// kind say it all).
    pub meaning: &'static str,
}

/// The contract of one export: what a row is and its columns.
#[derive(Debug)]
pub struct Table {
    pub export: Export,
    /// What one row of the export is (SPEC §3).
    pub row: &'static str,
    /// The column holding the row's own id, unique within the file.
    pub id: &'static str,
    /// How this export has the identity block: required in `rtb_holders`,
    /// optional elsewhere.
    pub identity: Requirement,
    /// The export's own columns in contract order, the identity block left
    /// out.
    own: &'static [Column],
}

impl Table {
    /// Every column in contract order: the export's own, with the identity
    /// block right after the V-number. This is the order the generator
    /// writes and the order in which records hand over their cells (and so
    /// what fingerprints hash).
    pub fn columns(&self) -> &'static [Column] {
        &EXPANDED[self.export as usize]
    }

    /// The export's own columns in contract order, without the identity block.
    pub fn own_columns(&self) -> &'static [Column] {
        self.own
    }

    /// The column called `name`, if the export has one.
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns().iter().find(|c| c.name == name)
    }

    /// The names of every column, in contract order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.columns().iter().map(|c| c.name)
    }
}

/// The identity block (SPEC §3.2), with the requirement an export gives it.
/// Each person's identity is resolved from these columns across exports
/// (`case::identity`).
pub const fn identity_block(requirement: Requirement) -> [Column; 4] {
    [
        Column {
            name: SURNAME,
            requirement,
            kind: Kind::Text,
            meaning: "the person's surname",
        },
        Column {
            name: GIVEN_NAMES,
            requirement,
            kind: Kind::Text,
            meaning: "the person's given names",
        },
        Column {
            name: BIRTH_DATE,
            requirement,
            kind: Kind::Date,
            meaning: "the person's date of birth",
        },
        Column {
            name: NATIONALITY,
            requirement,
            kind: Kind::Nationality,
            meaning: "the person's nationality",
        },
    ]
}

/// The names of the identity block, in contract order.
pub const IDENTITY: [&str; 4] = [SURNAME, GIVEN_NAMES, BIRTH_DATE, NATIONALITY];

/// Whether `name` is a column of the identity block.
pub fn is_identity(name: &str) -> bool {
    IDENTITY.contains(&name)
}

const fn required(name: &'static str, kind: Kind, meaning: &'static str) -> Column {
    Column {
        name,
        requirement: Requirement::Required,
        kind,
        meaning,
    }
}

const fn optional(name: &'static str, kind: Kind, meaning: &'static str) -> Column {
    Column {
        name,
        requirement: Requirement::Optional,
        kind,
        meaning,
    }
}

const fn required_when(
    name: &'static str,
    condition: &'static str,
    kind: Kind,
    meaning: &'static str,
) -> Column {
    Column {
        name,
        requirement: Requirement::RequiredWhen(condition),
        kind,
        meaning,
    }
}

pub const RTB_HOLDERS: Table = Table {
    export: Export::RtbHolders,
    row: "a person in the RTB target group known to the IND (claimant, holder, refused, ended, withdrawn)",
    id: V_NUMBER,
    identity: Requirement::Required,
    own: &[
        required(V_NUMBER, Kind::VNumber, "the person; one row per V-number"),
        optional(
            SECOND_NATIONALITY,
            Kind::Nationality,
            "a second nationality",
        ),
        required(
            CATEGORY,
            Kind::Word(Category::WORDS),
            "how the person belongs to the RTB target group",
        ),
        required(
            STATUS,
            Kind::Word(HolderStatus::WORDS),
            "the current status; `claimed`: a claim not yet decided, `withdrawn` (ingetrokken): wrongly granted, `ended`: beëindigd",
        ),
        required(STATUS_DATE, Kind::Date, "when the current status began"),
        optional(
            STATUS_GROUND,
            Kind::Word(StatusGround::WORDS),
            "the ground of a refusal, withdrawal or end",
        ),
        optional(
            PUBLIC_ORDER_INDICATION,
            Kind::Word(PoIndication::WORDS),
            "empty = `none`",
        ),
        optional(
            RETURN_OBSTACLE,
            Kind::Word(ReturnObstacle::WORDS),
            "can the person be returned to the country of nationality; empty = `unknown`",
        ),
        optional(
            THIRD_COUNTRY_PERMIT,
            Kind::State,
            "a safe third country where the person holds a residence permit; an EU member state is not a third country (quarantine)",
        ),
        optional(
            MUNICIPALITY,
            Kind::Text,
            "the municipality the person lives in",
        ),
    ],
};

pub const ENTRY_BANS: Table = Table {
    export: Export::EntryBans,
    row: "an entry ban (IRV)",
    id: BAN_ID,
    identity: Requirement::Optional,
    own: &[
        required(BAN_ID, Kind::Text, "the entry ban"),
        required(V_NUMBER, Kind::VNumber, "the person"),
        required(
            SEVERITY,
            Kind::Word(Severity::WORDS),
            "light (art. 66a lid 6 Vw) or heavy (lid 7)",
        ),
        required(DECISION_DATE, Kind::Date, "when it was decided"),
        optional(
            IN_FORCE_DATE,
            Kind::Date,
            "when the ban took effect (departure); empty = not yet in force",
        ),
        optional(
            DURATION_YEARS,
            Kind::Integer { min: 1, max: 20 },
            "the ban's term in years",
        ),
        required(
            GROUND,
            Kind::Word(BanGround::WORDS),
            "the ground of the ban",
        ),
        required(FINAL, Kind::Boolean, "in rechte vaststaand"),
        required(
            STATUS,
            Kind::Word(BanStatus::WORDS),
            "the ban's status in the register",
        ),
        required_when(
            LIFTED_REASON,
            "status is `temporarily_lifted` or `lifted`",
            Kind::Word(LiftedReason::WORDS),
            "why the ban was lifted",
        ),
        optional(LIFTED_UNTIL, Kind::Date, "when a temporary lifting ends"),
        optional(SIS_ALERT_ID, Kind::Text, "the SIS alert that enforces it"),
    ],
};

pub const EXCLUSION_ORDERS: Table = Table {
    export: Export::ExclusionOrders,
    row: "an exclusion order (OVR)",
    id: OVR_ID,
    identity: Requirement::Optional,
    own: &[
        required(OVR_ID, Kind::Text, "the exclusion order"),
        required(V_NUMBER, Kind::VNumber, "the person"),
        required(DECISION_DATE, Kind::Date, "when it was decided"),
        required(GROUND, Kind::Word(Ground::WORDS), "the ground of the order"),
        required(FINAL, Kind::Boolean, "in rechte vaststaand"),
        required(
            STATUS,
            Kind::Word(OvrStatus::WORDS),
            "the order's status in the register",
        ),
        required_when(
            LIFTED_REASON,
            "status is `lifted`",
            Kind::Word(LiftedReason::WORDS),
            "why the order was lifted",
        ),
        optional(SIS_ALERT_ID, Kind::Text, "the SIS alert that enforces it"),
    ],
};

pub const RETURN_DECISIONS: Table = Table {
    export: Export::ReturnDecisions,
    row: "a return decision (TKB)",
    id: TKB_ID,
    identity: Requirement::Optional,
    own: &[
        required(TKB_ID, Kind::Text, "the return decision"),
        required(V_NUMBER, Kind::VNumber, "the person"),
        required(DECISION_DATE, Kind::Date, "when it was decided"),
        required(FINAL, Kind::Boolean, "in rechte vaststaand"),
        required(
            STATUS,
            Kind::Word(TkbStatus::WORDS),
            "the decision's status in the register",
        ),
        required_when(
            SUSPENSION_REASON,
            "status is `suspended`",
            Kind::Word(SuspensionReason::WORDS),
            "why the decision is suspended",
        ),
        optional(SUSPENDED_UNTIL, Kind::Date, "when the suspension ends"),
        optional(SIS_ALERT_ID, Kind::Text, "the SIS alert that enforces it"),
    ],
};

pub const SIS_HITS: Table = Table {
    export: Export::SisHits,
    row: "a hit on an SIS alert",
    id: HIT_ID,
    identity: Requirement::Optional,
    own: &[
        required(HIT_ID, Kind::Text, "the hit"),
        required(V_NUMBER, Kind::VNumber, "the person the hit was linked to"),
        required(ALERT_ID, Kind::Text, "the SIS alert that was hit"),
        required(
            ALERT_KIND,
            Kind::Word(AlertKind::WORDS),
            "the kind of alert; `refusal` under art. 24 Vo 2018/1861, `return` under Vo 2018/1860",
        ),
        required(
            ISSUING_STATE,
            Kind::State,
            "the state that entered the alert",
        ),
        required(
            REPORTING_STATE,
            Kind::State,
            "the state where the hit happened",
        ),
        required(HIT_DATE, Kind::Date, "when the hit happened"),
        optional(
            LOCATION,
            Kind::Word(HitLocation::WORDS),
            "where the hit happened",
        ),
        required(
            ADMITTED,
            Kind::Boolean,
            "the person was let through despite the alert",
        ),
    ],
};

pub const APPLICATIONS: Table = Table {
    export: Export::Applications,
    row: "an asylum or regular application, or a request to lift a measure",
    id: APPLICATION_ID,
    identity: Requirement::Optional,
    own: &[
        required(APPLICATION_ID, Kind::Text, "the application"),
        required(V_NUMBER, Kind::VNumber, "the person"),
        required(KIND, Kind::Word(AppKind::WORDS), "what was applied for"),
        required(FILED_DATE, Kind::Date, "when the application was filed"),
        optional(FILED_FROM, Kind::State, "where it was filed; empty = `NL`"),
        required(
            DECISION,
            Kind::Word(AppDecision::WORDS),
            "the decision on it so far",
        ),
        required_when(
            DECISION_DATE,
            "decision is `granted` or `rejected`",
            Kind::Date,
            "when it was decided",
        ),
        optional(
            REJECTION_GROUND,
            Kind::Word(Ground::WORDS),
            "the ground of a rejection",
        ),
        optional(
            LIFT_CONDITIONS_MET,
            Kind::Boolean,
            "outcome of the A4/2.5 Vc (IRV) or A4/3.5 Vc (OVR) test; empty = not yet assessed",
        ),
        required_when(
            TARGET_KIND,
            "kind is `lift_request`",
            Kind::Word(TargetKind::WORDS),
            "the kind of measure a lift request asks to lift",
        ),
        required_when(
            TARGET_ID,
            "kind is `lift_request`",
            Kind::Text,
            "the `ban_id` or `ovr_id` to lift; it must be a measure of that kind of the same V-number, or the row is quarantined",
        ),
        optional(
            ART_6_6_PURPOSE,
            Kind::Boolean,
            "for a regular application, whether the permit's purpose is one for which art. 6.6 lid 1 VV lifts an IRV ex officio",
        ),
    ],
};

pub const ALERT_DECISIONS: Table = Table {
    export: Export::AlertDecisions,
    row: "a decision to enter an SIS alert (Bts)",
    id: BTS_ID,
    identity: Requirement::Optional,
    own: &[
        required(BTS_ID, Kind::Text, "the decision"),
        required(V_NUMBER, Kind::VNumber, "the person"),
        required(DECISION_DATE, Kind::Date, "when it was decided"),
        required(
            GROUND,
            Kind::Word(BtsGround::WORDS),
            "the ground of the decision",
        ),
        required(FINAL, Kind::Boolean, "in rechte vaststaand"),
        required(
            STATUS,
            Kind::Word(BtsStatus::WORDS),
            "the decision's status in the register",
        ),
        optional(SIS_ALERT_ID, Kind::Text, "the SIS alert entered on it"),
    ],
};

/// The table of `export`.
pub fn table(export: Export) -> &'static Table {
    match export {
        Export::RtbHolders => &RTB_HOLDERS,
        Export::EntryBans => &ENTRY_BANS,
        Export::ExclusionOrders => &EXCLUSION_ORDERS,
        Export::ReturnDecisions => &RETURN_DECISIONS,
        Export::SisHits => &SIS_HITS,
        Export::Applications => &APPLICATIONS,
        Export::AlertDecisions => &ALERT_DECISIONS,
    }
}

/// Every export's columns with the identity block in place, in
/// `Export::ALL` order; built once, so callers get plain slices.
static EXPANDED: LazyLock<[Vec<Column>; 7]> =
    LazyLock::new(|| Export::ALL.map(|export| with_identity(table(export))));

/// The identity block goes right after the V-number: a person's key, then
/// who the person is, then what the row says.
fn with_identity(table: &Table) -> Vec<Column> {
    let after = table
        .own
        .iter()
        .position(|c| c.name == V_NUMBER)
        .map_or(0, |at| at + 1);
    let mut columns = Vec::with_capacity(table.own.len() + IDENTITY.len());
    columns.extend_from_slice(&table.own[..after]);
    columns.extend(identity_block(table.identity));
    columns.extend_from_slice(&table.own[after..]);
    columns
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn each_table_belongs_to_its_export_and_names_each_column_once() {
        for export in Export::ALL {
            let table = table(export);
            assert_eq!(table.export, export);
            let names: Vec<_> = table.names().collect();
            let unique: HashSet<_> = names.iter().collect();
            assert_eq!(unique.len(), names.len(), "{export}: {names:?}");
            assert_eq!(names.len(), table.own_columns().len() + IDENTITY.len());
        }
    }

    /// The driver of ingestion needs both keys of a row before anything
    /// else, and the identity block follows them.
    #[test]
    fn every_export_starts_with_its_id_and_the_v_number_then_the_identity_block() {
        for export in Export::ALL {
            let t = table(export);
            let names: Vec<_> = t.names().collect();
            let keys: Vec<_> = if t.id == V_NUMBER {
                vec![V_NUMBER]
            } else {
                vec![t.id, V_NUMBER]
            };
            assert_eq!(names[..keys.len()], keys[..], "{export}");
            assert_eq!(names[keys.len()..keys.len() + 4], IDENTITY, "{export}");
            for key in keys {
                assert_eq!(
                    t.column(key).map(|c| c.requirement),
                    Some(Requirement::Required),
                    "{export}: {key}"
                );
            }
        }
    }

    #[test]
    fn the_identity_block_is_required_in_rtb_holders_only() {
        for export in Export::ALL {
            let expected = if export == Export::RtbHolders {
                Requirement::Required
            } else {
                Requirement::Optional
            };
            for name in IDENTITY {
                assert_eq!(
                    table(export).column(name).map(|c| c.requirement),
                    Some(expected),
                    "{export}: {name}"
                );
            }
            assert!(
                table(export)
                    .own_columns()
                    .iter()
                    .all(|c| !is_identity(c.name))
            );
        }
    }

    #[test]
    fn words_come_from_the_model() {
        assert_eq!(
            ENTRY_BANS.column(SEVERITY).map(|c| c.kind),
            Some(Kind::Word(&["light", "licht", "heavy", "zwaar"]))
        );
        assert_eq!(
            ENTRY_BANS.column(DURATION_YEARS).map(|c| c.kind),
            Some(Kind::Integer { min: 1, max: 20 })
        );
        assert!(
            !ENTRY_BANS
                .column(LIFTED_REASON)
                .is_some_and(|c| c.requirement.column_required())
        );
    }
}
