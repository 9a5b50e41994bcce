//! One data row seen through the contract: typed access to its cells with the
//! rule "empty = absent" and the reasons for required or unparsable values
//! (SPEC §3.1, §7), and the identity block shared by every export (§3.2).
//!
//! A cell problem is a [`CellError`]: column, value and reason. Turning it into
//! a `Rejection` (file, line, V-number) is the file driver's job; cross-row
//! checks live in `crossrow.rs`.

use super::cells::{self, Cell};
use super::columns::{Col, Found};
use crate::model::contract::{Requirement, column};
use crate::model::{Identity, Line, Nationality, Text};
use csv::StringRecord;

/// The first problem found in a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CellError {
    pub column: &'static str,
    pub value: String,
    pub reason: String,
}

impl CellError {
    pub fn new(col: Col, value: &str, reason: String) -> Self {
        CellError {
            column: col.name,
            value: value.to_owned(),
            reason,
        }
    }

    fn empty(col: Col) -> Self {
        CellError::new(col, "", "required value is empty".to_owned())
    }

    /// `col` is empty although `condition` (a column) holds `word`.
    pub fn required_when(col: Col, condition: &str, word: &str) -> Self {
        CellError::new(
            col,
            "",
            format!("{} is required when {condition} is '{word}'", col.name),
        )
    }
}

/// A row whose fields are all valid UTF-8 and as many as the header's.
pub(super) struct Row<'r> {
    record: &'r StringRecord,
    pub line: Line,
}

impl<'r> Row<'r> {
    pub fn new(record: &'r StringRecord, line: Line) -> Self {
        Row { record, line }
    }

    /// The trimmed text of `col`; empty when the column is absent.
    pub fn text(&self, col: Col) -> &'r str {
        col.index
            .and_then(|i| self.record.get(i))
            .map_or("", str::trim)
    }

    pub fn required_text(&self, col: Col) -> Result<&'r str, CellError> {
        match self.text(col) {
            "" => Err(CellError::empty(col)),
            text => Ok(text),
        }
    }

    pub fn optional_text(&self, col: Col) -> Option<&'r str> {
        Some(self.text(col)).filter(|t| !t.is_empty())
    }

    pub fn required<T: Cell>(&self, col: Col) -> Result<T, CellError> {
        let text = self.required_text(col)?;
        parse(col, text)
    }

    pub fn optional<T: Cell>(&self, col: Col) -> Result<Option<T>, CellError> {
        self.optional_text(col)
            .map(|text| parse(col, text))
            .transpose()
    }

    pub fn v_number(&self, col: Col) -> Result<&'r str, CellError> {
        let text = self.required_text(col)?;
        if cells::is_v_number(text) {
            Ok(text)
        } else {
            Err(CellError::new(
                col,
                text,
                cells::v_number_reason(col.name, text),
            ))
        }
    }
}

fn parse<T: Cell>(col: Col, text: &str) -> Result<T, CellError> {
    T::parse(text).ok_or_else(|| CellError::new(col, text, T::reason(col.name, text)))
}

/// The identity block: required in `rtb_holders`, optional elsewhere.
pub(super) struct IdentityColumns {
    required: bool,
    surname: Col,
    given_names: Col,
    birth_date: Col,
    nationality: Col,
}

impl IdentityColumns {
    /// The block as the export's contract table has it: in `rtb_holders`
    /// columns and values required, elsewhere optional.
    pub fn new(found: &Found) -> Self {
        IdentityColumns {
            required: found.identity() == Requirement::Required,
            surname: found.col(column::SURNAME),
            given_names: found.col(column::GIVEN_NAMES),
            birth_date: found.col(column::BIRTH_DATE),
            nationality: found.col(column::NATIONALITY),
        }
    }

    pub fn parse(&self, row: &Row<'_>) -> Result<Identity, CellError> {
        if self.required {
            Ok(Identity {
                surname: Some(row.required_text(self.surname)?.into()),
                given_names: Some(row.required_text(self.given_names)?.into()),
                birth_date: Some(row.required(self.birth_date)?),
                nationality: Some(row.required::<Nationality>(self.nationality)?),
            })
        } else {
            Ok(Identity {
                surname: row.optional_text(self.surname).map(Text::from),
                given_names: row.optional_text(self.given_names).map(Text::from),
                birth_date: row.optional(self.birth_date)?,
                nationality: row.optional(self.nationality)?,
            })
        }
    }
}
