//! The contract's columns as the generator needs them (SPEC §3.2): the column
//! list of each export, and which columns hold dates, booleans, enum words,
//! state or nationality codes, and required values.
//!
//! All of it is read from the contract table (`model::contract`), the one
//! declaration ingestion also checks against, and kept here as plain lists
//! because the generator asks for them row after row. Nothing here draws or
//! writes.

use crate::model::Export;
use crate::model::contract::{Column, Kind, Requirement, column};
use std::sync::LazyLock;

/// The lists of one export, in contract order.
struct Lists {
    columns: Vec<&'static str>,
    dates: Vec<&'static str>,
    bools: Vec<&'static str>,
    enums: Vec<&'static str>,
    codes: Vec<&'static str>,
    required: Vec<&'static str>,
}

static LISTS: LazyLock<[Lists; 7]> = LazyLock::new(|| Export::ALL.map(lists));

fn lists(export: Export) -> Lists {
    let columns = export.table().columns();
    let names = |keep: &dyn Fn(&Column) -> bool| {
        columns
            .iter()
            .filter(|c| keep(c))
            .map(|c| c.name)
            .collect::<Vec<_>>()
    };
    Lists {
        columns: names(&|_| true),
        dates: names(&|c| c.kind == Kind::Date),
        bools: names(&|c| c.kind == Kind::Boolean),
        enums: names(&|c| matches!(c.kind, Kind::Word(_))),
        codes: names(&|c| matches!(c.kind, Kind::State | Kind::Nationality)),
        required: names(&|c| c.requirement == Requirement::Required && c.name != column::V_NUMBER),
    }
}

fn of(export: Export) -> &'static Lists {
    &LISTS[export as usize]
}

/// The columns of each export, exactly as the contract names them (SPEC §3.2),
/// in the order the generator writes them.
pub fn columns(export: Export) -> &'static [&'static str] {
    &of(export).columns
}

/// Position of `column` in `columns(export)`; `None` for a name the export
/// does not have.
pub fn column_index(export: Export, column: &str) -> Option<usize> {
    columns(export).iter().position(|c| *c == column)
}

/// Columns holding a date.
pub fn date_columns(export: Export) -> &'static [&'static str] {
    &of(export).dates
}

/// Columns holding a boolean.
pub fn bool_columns(export: Export) -> &'static [&'static str] {
    &of(export).bools
}

/// Columns holding a contract word (enum value).
pub fn enum_columns(export: Export) -> &'static [&'static str] {
    &of(export).enums
}

/// Columns holding a state (alpha-2) or nationality (three letters) code.
pub fn code_columns(export: Export) -> &'static [&'static str] {
    &of(export).codes
}

/// Columns whose value is required in every row (the V-number aside).
pub fn required_columns(export: Export) -> &'static [&'static str] {
    &of(export).required
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
