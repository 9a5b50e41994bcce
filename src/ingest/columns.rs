//! Finding the contract's columns in a file's header (SPEC §3.1): by name,
//! trimmed, case-insensitive, in any order.
//!
//! A [`Header`] checks a file's header against its export's contract table
//! (`model::contract`) and hands out a [`Col`] per contract column; it
//! remembers which header columns the table names, so the unknown ones fall
//! out without a second list of names. It does not read files (see
//! `source.rs`) or rows (`row.rs`).

use crate::model::contract::{self, Requirement, Table};

/// One contract column: its name, and where it is in this file's header
/// (`None`: an optional column the file does not have, so every value is absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Col {
    pub name: &'static str,
    pub index: Option<usize>,
}

/// Why a header does not meet the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeaderError {
    Missing(&'static str),
    /// Two header columns carry the same contract name: which one holds the
    /// truth cannot be decided, so the run stops rather than guess.
    Duplicate(&'static str),
}

/// A file's header row, matched against the contract's column names.
#[derive(Debug, Clone)]
pub(super) struct Header {
    /// As written, trimmed.
    names: Vec<String>,
    /// Trimmed and lower-cased, for matching.
    keys: Vec<String>,
    known: Vec<bool>,
}

impl Header {
    /// `names` as read from the file, BOM already removed.
    pub fn new(names: Vec<String>) -> Self {
        let names: Vec<String> = names.into_iter().map(|n| n.trim().to_owned()).collect();
        let keys = names.iter().map(|n| n.to_lowercase()).collect();
        let known = vec![false; names.len()];
        Header { names, keys, known }
    }

    /// The number of fields every row must have.
    pub fn width(&self) -> usize {
        self.names.len()
    }

    /// Finds every column of `table`, in contract order, so that a missing
    /// column is reported in that order; the first problem stops the check.
    pub fn resolve(&mut self, table: &Table) -> Result<Found, HeaderError> {
        // An identity block the export merely carries along is looked for
        // after the export's own columns, as a row's cells are (`row.rs`):
        // what is wrong with the export itself is what gets reported.
        let carried =
            |name: &str| table.identity == Requirement::Optional && contract::is_identity(name);
        let columns = table.columns();
        let order = (columns.iter().filter(|c| !carried(c.name)))
            .chain(columns.iter().filter(|c| carried(c.name)));
        let mut cols = Vec::with_capacity(columns.len());
        for column in order {
            cols.push(if column.requirement.column_required() {
                self.required(column.name)?
            } else {
                self.optional(column.name)?
            });
        }
        Ok(Found {
            cols,
            identity: table.identity,
        })
    }

    /// A column that must be in the header.
    pub fn required(&mut self, name: &'static str) -> Result<Col, HeaderError> {
        let col = self.optional(name)?;
        match col.index {
            Some(_) => Ok(col),
            None => Err(HeaderError::Missing(name)),
        }
    }

    /// A column the header may lack.
    pub fn optional(&mut self, name: &'static str) -> Result<Col, HeaderError> {
        let mut found = self.keys.iter().enumerate().filter(|(_, k)| *k == name);
        let index = found.next().map(|(i, _)| i);
        if found.next().is_some() {
            return Err(HeaderError::Duplicate(name));
        }
        if let Some(i) = index {
            self.known[i] = true;
        }
        Ok(Col { name, index })
    }

    /// Header columns no contract column asked for, as written, in header order.
    pub fn unknown(&self) -> Vec<String> {
        self.names
            .iter()
            .zip(&self.known)
            .filter(|(_, known)| !**known)
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// The name to report for field `index` of a row: the contract name when the
    /// column is known, else the header as written.
    pub fn label(&self, index: usize) -> &str {
        match (
            self.known.get(index),
            self.keys.get(index),
            self.names.get(index),
        ) {
            (Some(true), Some(key), _) => key,
            (_, _, Some(name)) => name,
            _ => "",
        }
    }
}

/// Where every column of one export's contract table is in a file's header.
#[derive(Debug, Clone)]
pub(super) struct Found {
    cols: Vec<Col>,
    identity: Requirement,
}

impl Found {
    /// The column called `name` (one of `model::contract::column`).
    pub fn col(&self, name: &'static str) -> Col {
        let col = self.cols.iter().find(|c| c.name == name).copied();
        // Asking an export for a column its table lacks is a bug in that
        // export's module; every test that reads the export trips over it.
        debug_assert!(col.is_some(), "`{name}` is not in the contract table");
        col.unwrap_or(Col { name, index: None })
    }

    /// How the export has the identity block.
    pub fn identity(&self) -> Requirement {
        self.identity
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::contract::column::*;
    use crate::model::contract::{ENTRY_BANS, RTB_HOLDERS};

    fn header(names: &[&str]) -> Header {
        Header::new(names.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn columns_are_found_by_trimmed_case_insensitive_name() {
        let mut h = header(&[" Severity ", "BAN_ID", "Extra Col", V_NUMBER]);
        assert_eq!(
            h.required(BAN_ID),
            Ok(Col {
                name: BAN_ID,
                index: Some(1)
            })
        );
        assert_eq!(
            h.required(SEVERITY),
            Ok(Col {
                name: SEVERITY,
                index: Some(0)
            })
        );
        assert_eq!(
            h.optional(LIFTED_UNTIL),
            Ok(Col {
                name: LIFTED_UNTIL,
                index: None
            })
        );
        assert_eq!(h.required(STATUS), Err(HeaderError::Missing(STATUS)));
        assert_eq!(
            h.unknown(),
            vec!["Extra Col".to_string(), V_NUMBER.to_string()]
        );
        assert_eq!(h.label(0), SEVERITY);
        assert_eq!(h.label(2), "Extra Col");
        assert_eq!(h.width(), 4);
    }

    #[test]
    fn a_contract_column_named_twice_is_an_error() {
        let mut h = header(&[BAN_ID, "Ban_Id "]);
        assert_eq!(h.required(BAN_ID), Err(HeaderError::Duplicate(BAN_ID)));
        let h = header(&["x", "X"]);
        assert_eq!(h.unknown(), vec!["x".to_string(), "X".to_string()]);
    }

    #[test]
    fn a_header_is_checked_against_the_table_in_contract_order() {
        let required: Vec<&str> = ENTRY_BANS
            .columns()
            .iter()
            .filter(|c| c.requirement.column_required())
            .map(|c| c.name)
            .collect();
        let mut shuffled = required.clone();
        shuffled.reverse();
        shuffled.push("Opmerking");
        let mut h = header(&shuffled);
        let found = h.resolve(&ENTRY_BANS).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(found.col(BAN_ID).index, Some(required.len() - 1));
        assert_eq!(found.col(LIFTED_UNTIL).index, None);
        assert_eq!(found.identity(), Requirement::Optional);
        assert_eq!(h.unknown(), vec!["Opmerking".to_string()]);

        // Without its first two required columns: the first in contract
        // order is named.
        let mut h = header(&required[2..]);
        assert_eq!(
            h.resolve(&ENTRY_BANS).err(),
            Some(HeaderError::Missing(required[0]))
        );
        let mut h = header(&[V_NUMBER, SURNAME, GIVEN_NAMES, NATIONALITY]);
        assert_eq!(
            h.resolve(&RTB_HOLDERS).err(),
            Some(HeaderError::Missing(BIRTH_DATE))
        );
    }

    /// A carried identity block is looked at last, as a row's cells are.
    #[test]
    fn an_optional_identity_block_is_checked_after_the_exports_own_columns() {
        let mut h = header(&[SURNAME, SURNAME, BAN_ID, V_NUMBER]);
        assert_eq!(
            h.resolve(&ENTRY_BANS).err(),
            Some(HeaderError::Missing(SEVERITY))
        );
        let mut h = header(&[V_NUMBER, SURNAME, SURNAME]);
        assert_eq!(
            h.resolve(&RTB_HOLDERS).err(),
            Some(HeaderError::Duplicate(SURNAME))
        );
    }
}
