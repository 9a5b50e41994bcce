//! Bad rows: damaging a clean row in one of the ways an export row can be
//! unusable, so that ingestion must quarantine it (SPEC §3.1, §7) and the
//! person it belongs to is put on hold (H01).
//!
//! Which rows are damaged is drawn by the caller; this module picks the kind
//! (the applicable kind used least so far, so a handful of bad rows already
//! shows every kind) and applies it. It knows no rules; it only knows which
//! rows came before (`History`), for duplicate ids and foreign lift targets.

use super::person::{id_cell, v_number_cell};
use super::schema::{bool_columns, column_index, date_columns, enum_columns, required_columns};
use super::sink::Cell;
use crate::model::Export;
use fastrand::Rng;

/// The ways a row is made bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BadKind {
    /// A date that does not exist or is in no accepted format (`31-02-2025`).
    ImpossibleDate,
    /// An enum column with a word the contract does not know.
    UnknownWord,
    /// A required value left empty.
    EmptyRequired,
    /// A V-number that is not 6 to 12 digits (the person cannot be held).
    BadVNumber,
    /// The id of an earlier row of the same file again (in `rtb_holders`: a
    /// second row for the same V-number).
    DuplicateId,
    /// Too few or too many fields.
    RaggedRow,
    /// The surname in Latin-1 instead of UTF-8.
    NotUtf8,
    /// A boolean that is none of the accepted spellings.
    BadBoolean,
    /// `duration_years` that is not an integer from 1 to 20.
    BadInteger,
    /// A state code that is not two letters (`POL`, `GBR`).
    BadStateCode,
    /// An EU member state as `third_country_permit`.
    EuThirdCountryPermit,
    /// `status = lifted` without `lifted_reason`.
    LiftedWithoutReason,
    /// A lift request whose target is another person's entry ban.
    ForeignLiftTarget,
}

impl BadKind {
    /// The kinds SPEC §3 and §7 single out first, then the others; ties in
    /// the rotation go to the earlier kind.
    pub const ALL: [BadKind; 13] = [
        BadKind::ImpossibleDate,
        BadKind::UnknownWord,
        BadKind::EmptyRequired,
        BadKind::BadVNumber,
        BadKind::DuplicateId,
        BadKind::RaggedRow,
        BadKind::EuThirdCountryPermit,
        BadKind::LiftedWithoutReason,
        BadKind::ForeignLiftTarget,
        BadKind::NotUtf8,
        BadKind::BadBoolean,
        BadKind::BadInteger,
        BadKind::BadStateCode,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BadKind::ImpossibleDate => "impossible_date",
            BadKind::UnknownWord => "unknown_word",
            BadKind::EmptyRequired => "empty_required",
            BadKind::BadVNumber => "bad_v_number",
            BadKind::DuplicateId => "duplicate_id",
            BadKind::RaggedRow => "ragged_row",
            BadKind::NotUtf8 => "not_utf8",
            BadKind::BadBoolean => "bad_boolean",
            BadKind::BadInteger => "bad_integer",
            BadKind::BadStateCode => "bad_state_code",
            BadKind::EuThirdCountryPermit => "eu_third_country_permit",
            BadKind::LiftedWithoutReason => "lifted_without_reason",
            BadKind::ForeignLiftTarget => "foreign_lift_target",
        }
    }

    /// One line for the sample README.
    pub fn describe(self) -> &'static str {
        match self {
            BadKind::ImpossibleDate => {
                "a date that does not exist or is in no accepted format (`31-02-2025`, `15/08/2024`)"
            }
            BadKind::UnknownWord => {
                "an enum column with a word the contract does not know (`toegekend`, `n.v.t.`)"
            }
            BadKind::EmptyRequired => "a required value left empty",
            BadKind::BadVNumber => {
                "a V-number that is not 6 to 12 digits (`V0012345678`, `00123`); nobody can be put on hold for it"
            }
            BadKind::DuplicateId => {
                "the id of an earlier row of the same file again; in `rtb_holders` a second row for the same V-number"
            }
            BadKind::RaggedRow => "a row with too few or too many fields",
            BadKind::NotUtf8 => "the surname encoded in Latin-1 instead of UTF-8",
            BadKind::BadBoolean => {
                "a boolean that is none of the accepted spellings (`misschien`, `2`)"
            }
            BadKind::BadInteger => "`duration_years` that is not an integer from 1 to 20",
            BadKind::BadStateCode => {
                "a state code that is not two letters (`POL`, `GBR`, `Oekraïne`)"
            }
            BadKind::EuThirdCountryPermit => "an EU member state as `third_country_permit`",
            BadKind::LiftedWithoutReason => "`status = lifted` without `lifted_reason`",
            BadKind::ForeignLiftTarget => {
                "a lift request whose target is another person's entry ban"
            }
        }
    }

    fn applies(self, export: Export, history: &History) -> bool {
        match self {
            BadKind::ImpossibleDate
            | BadKind::UnknownWord
            | BadKind::EmptyRequired
            | BadKind::BadVNumber
            | BadKind::RaggedRow
            | BadKind::NotUtf8 => true,
            BadKind::DuplicateId => {
                export == Export::RtbHolders || history.last_clean_id[export as usize].is_some()
            }
            BadKind::BadBoolean => !bool_columns(export).is_empty(),
            BadKind::BadInteger => export == Export::EntryBans,
            BadKind::BadStateCode => matches!(
                export,
                Export::RtbHolders | Export::SisHits | Export::Applications
            ),
            BadKind::EuThirdCountryPermit => export == Export::RtbHolders,
            BadKind::LiftedWithoutReason => {
                matches!(export, Export::EntryBans | Export::ExclusionOrders)
            }
            BadKind::ForeignLiftTarget => {
                export == Export::Applications && history.foreign_ban.is_some()
            }
        }
    }
}

/// What the damage pass knows of the rows written before the current one.
#[derive(Debug, Default)]
pub struct History {
    /// Per export, the id number of the last row written undamaged.
    last_clean_id: [Option<u64>; 7],
    /// An undamaged entry ban of an earlier person.
    foreign_ban: Option<u64>,
    /// The last undamaged entry ban of the current person.
    own_ban: Option<u64>,
}

impl History {
    /// Records a row written undamaged.
    pub fn clean(&mut self, export: Export, row: &[Cell]) {
        if export == Export::RtbHolders {
            return;
        }
        if let Some(Cell::Code { number, .. }) = row.first() {
            self.last_clean_id[export as usize] = Some(*number);
            if export == Export::EntryBans {
                self.own_ban = Some(*number);
            }
        }
    }

    /// Closes the current person: their bans become other persons' bans.
    pub fn end_person(&mut self) {
        if let Some(ban) = self.own_ban.take() {
            self.foreign_ban = Some(ban);
        }
    }
}

/// Picks and applies bad-row kinds, balancing them.
#[derive(Debug, Default)]
pub struct Damager {
    used: [u64; BadKind::ALL.len()],
}

/// A damaged row: the kind, and for a duplicate `rtb_holders` row the extra
/// row to write after the (then undamaged) original.
pub struct Damage {
    pub kind: BadKind,
    pub extra: Option<Vec<Cell>>,
}

impl Damager {
    /// Damages `row` of `export` (the person's V-number is `v_number`) in the
    /// applicable way used least so far, among the kinds the file format
    /// `holds` (a Parquet file cannot hold a ragged row or invalid UTF-8).
    pub fn damage(
        &mut self,
        export: Export,
        row: &mut Vec<Cell>,
        v_number: u64,
        rng: &mut Rng,
        history: &History,
        holds: impl Fn(BadKind) -> bool,
    ) -> Damage {
        let kind = BadKind::ALL
            .into_iter()
            .filter(|k| k.applies(export, history) && holds(*k))
            .min_by_key(|k| self.used[*k as usize])
            .unwrap_or(BadKind::RaggedRow);
        self.used[kind as usize] += 1;
        let extra = apply(kind, export, row, v_number, rng, history);
        Damage { kind, extra }
    }
}

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.u32(0..items.len() as u32) as usize]
}

fn set(row: &mut [Cell], export: Export, column: &str, cell: Cell) {
    if let Some(cell_ref) = column_index(export, column).and_then(|i| row.get_mut(i)) {
        *cell_ref = cell;
    }
}

/// The surname bytes with one letter in Latin-1 (`ö` as 0xF6, `é` as 0xE9).
fn latin1(surname: &str) -> Vec<u8> {
    let mut bytes = surname.as_bytes().to_vec();
    match bytes.iter().position(|b| *b == b'o' || *b == b'e') {
        Some(i) => bytes[i] = if bytes[i] == b'o' { 0xF6 } else { 0xE9 },
        None => bytes.push(0xEB),
    }
    bytes
}

fn apply(
    kind: BadKind,
    export: Export,
    row: &mut Vec<Cell>,
    v_number: u64,
    rng: &mut Rng,
    history: &History,
) -> Option<Vec<Cell>> {
    match kind {
        BadKind::ImpossibleDate => {
            let column = pick(rng, date_columns(export));
            let value = pick(
                rng,
                &[
                    "31-02-2025",
                    "2025-02-30",
                    "2024-13-01",
                    "15/08/2024",
                    "2023-09-31",
                    "00-00-0000",
                ],
            );
            set(row, export, column, Cell::Word(value));
        }
        BadKind::UnknownWord => {
            let column = pick(rng, enum_columns(export));
            let value = pick(
                rng,
                &[
                    "onbekend",
                    "n.v.t.",
                    "toegekend",
                    "in_behandeling",
                    "actief",
                    "opgeschort",
                ],
            );
            set(row, export, column, Cell::Word(value));
        }
        BadKind::EmptyRequired => {
            let column = pick(rng, required_columns(export));
            set(row, export, column, Cell::Empty);
        }
        BadKind::BadVNumber => {
            let digits = v_number_cell(v_number).text();
            let value = match rng.u32(0..5) {
                0 => format!("V{digits}"),
                1 => digits[..5].to_string(),
                2 => format!("{digits}000"),
                3 => format!("{} {}", &digits[..4], &digits[4..]),
                _ => String::new(),
            };
            set(row, export, "v_number", Cell::Text(value));
        }
        BadKind::DuplicateId => {
            if export == Export::RtbHolders {
                return Some(row.clone());
            }
            if let Some(number) = history.last_clean_id[export as usize] {
                set(row, export, export.id_column(), id_cell(export, number));
            }
        }
        BadKind::RaggedRow => {
            if rng.bool() {
                row.truncate(row.len().saturating_sub(3));
            } else {
                row.push(Cell::Word("extra"));
            }
        }
        BadKind::NotUtf8 => {
            let surname = column_index(export, "surname")
                .and_then(|i| row.get(i))
                .map(Cell::text)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "Kovalenko".to_string());
            set(row, export, "surname", Cell::Raw(latin1(&surname)));
        }
        BadKind::BadBoolean => {
            let column = pick(rng, bool_columns(export));
            let value = pick(rng, &["misschien", "2", "waar", "y/n", "-"]);
            set(row, export, column, Cell::Word(value));
        }
        BadKind::BadInteger => {
            let value = pick(rng, &["25", "0", "vijf", "2.5", "-3"]);
            set(row, export, "duration_years", Cell::Word(value));
        }
        BadKind::BadStateCode => {
            let (column, value) = match export {
                Export::RtbHolders => ("third_country_permit", pick(rng, &["GBR", "U.K."])),
                Export::SisHits => (
                    pick(rng, &["issuing_state", "reporting_state"]),
                    pick(rng, &["POL", "P1"]),
                ),
                _ => ("filed_from", pick(rng, &["UKR", "Oekraïne"])),
            };
            set(row, export, column, Cell::Word(value));
        }
        BadKind::EuThirdCountryPermit => {
            let value = pick(rng, &["PL", "DE", "CZ", "RO", "LT"]);
            set(row, export, "third_country_permit", Cell::Word(value));
        }
        BadKind::LiftedWithoutReason => {
            set(row, export, "status", Cell::Word("lifted"));
            set(row, export, "lifted_reason", Cell::Empty);
        }
        BadKind::ForeignLiftTarget => {
            if let Some(ban) = history.foreign_ban {
                for (column, cell) in [
                    ("kind", Cell::Word("lift_request")),
                    ("decision", Cell::Word("pending")),
                    ("decision_date", Cell::Empty),
                    ("rejection_ground", Cell::Empty),
                    ("lift_conditions_met", Cell::Empty),
                    ("target_kind", Cell::Word("entry_ban")),
                    ("target_id", id_cell(Export::EntryBans, ban)),
                    ("art_6_6_purpose", Cell::Empty),
                ] {
                    set(row, export, column, cell);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::schema::columns;
    use crate::model::contract::column;

    fn row(export: Export) -> Vec<Cell> {
        columns(export)
            .iter()
            .map(|c| match *c {
                column::BAN_ID => id_cell(Export::EntryBans, 7),
                column::APPLICATION_ID => id_cell(Export::Applications, 9),
                column::V_NUMBER => v_number_cell(123),
                column::SURNAME => Cell::Word("Shevchenko"),
                _ => Cell::Word("x"),
            })
            .collect()
    }

    #[test]
    fn kinds_rotate_and_only_where_they_apply() {
        let mut damager = Damager::default();
        let mut rng = Rng::with_seed(1);
        let history = History::default();
        let kinds: Vec<BadKind> = (0..8)
            .map(|_| {
                damager
                    .damage(
                        Export::RtbHolders,
                        &mut row(Export::RtbHolders),
                        123,
                        &mut rng,
                        &history,
                        |_| true,
                    )
                    .kind
            })
            .collect();
        assert_eq!(
            kinds,
            [
                BadKind::ImpossibleDate,
                BadKind::UnknownWord,
                BadKind::EmptyRequired,
                BadKind::BadVNumber,
                BadKind::DuplicateId,
                BadKind::RaggedRow,
                BadKind::EuThirdCountryPermit,
                BadKind::NotUtf8,
            ]
        );
        // No earlier ban and no earlier row of the file: neither applies yet.
        assert!(!BadKind::ForeignLiftTarget.applies(Export::Applications, &history));
        assert!(!BadKind::DuplicateId.applies(Export::Applications, &history));
    }

    #[test]
    fn duplicates_and_foreign_targets_use_earlier_rows() {
        let mut history = History::default();
        history.clean(Export::EntryBans, &row(Export::EntryBans));
        history.end_person();
        history.clean(Export::Applications, &row(Export::Applications));
        let mut rng = Rng::with_seed(2);

        let mut app = row(Export::Applications);
        apply(
            BadKind::ForeignLiftTarget,
            Export::Applications,
            &mut app,
            5,
            &mut rng,
            &history,
        );
        let at = |c: &str| column_index(Export::Applications, c).map(|i| app[i].text());
        assert_eq!(at("target_id").as_deref(), Some("B0000007"));
        assert_eq!(at("kind").as_deref(), Some("lift_request"));

        let mut dup = row(Export::Applications);
        dup[0] = id_cell(Export::Applications, 10);
        apply(
            BadKind::DuplicateId,
            Export::Applications,
            &mut dup,
            5,
            &mut rng,
            &history,
        );
        assert_eq!(dup[0].text(), "A0000009");

        let holder = row(Export::RtbHolders);
        let mut copy = holder.clone();
        let extra = apply(
            BadKind::DuplicateId,
            Export::RtbHolders,
            &mut copy,
            123,
            &mut rng,
            &history,
        );
        assert_eq!(extra, Some(holder));
    }

    #[test]
    fn latin1_surnames_are_not_utf8() {
        assert_eq!(latin1("Shevchenko"), b"Sh\xE9vchenko".to_vec());
        assert_eq!(latin1("Moroz"), b"M\xF6roz".to_vec());
        assert_eq!(latin1("Zhuk"), b"Zhuk\xEB".to_vec());
        assert!(std::str::from_utf8(&latin1("Boiko")).is_err());
    }
}
