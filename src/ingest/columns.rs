//! Finding the contract's columns in a file's header (SPEC §3.1): by name,
//! trimmed, case-insensitive, in any order.
//!
//! A [`Header`] hands out a [`Col`] per contract column and remembers which
//! header columns were asked for, so the unknown ones fall out without a second
//! list of names. It does not read files (see `source.rs`) or rows (`row.rs`).

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

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Header {
        Header::new(names.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn columns_are_found_by_trimmed_case_insensitive_name() {
        let mut h = header(&[" Severity ", "BAN_ID", "Extra Col", "v_number"]);
        assert_eq!(
            h.required("ban_id"),
            Ok(Col {
                name: "ban_id",
                index: Some(1)
            })
        );
        assert_eq!(
            h.required("severity"),
            Ok(Col {
                name: "severity",
                index: Some(0)
            })
        );
        assert_eq!(
            h.optional("lifted_until"),
            Ok(Col {
                name: "lifted_until",
                index: None
            })
        );
        assert_eq!(h.required("status"), Err(HeaderError::Missing("status")));
        assert_eq!(
            h.unknown(),
            vec!["Extra Col".to_string(), "v_number".to_string()]
        );
        assert_eq!(h.label(0), "severity");
        assert_eq!(h.label(2), "Extra Col");
        assert_eq!(h.width(), 4);
    }

    #[test]
    fn a_contract_column_named_twice_is_an_error() {
        let mut h = header(&["ban_id", "Ban_Id "]);
        assert_eq!(h.required("ban_id"), Err(HeaderError::Duplicate("ban_id")));
        let h = header(&["x", "X"]);
        assert_eq!(h.unknown(), vec!["x".to_string(), "X".to_string()]);
    }
}
