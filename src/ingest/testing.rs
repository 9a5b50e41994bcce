//! Test helpers shared by the per-export modules: build a one-row file from a
//! known-good row with one cell changed, and read back its single rejection.
//! Test-only; nothing here is part of ingestion.

use super::Rejection;
use super::file::{Schema, read_str};

/// `header` and `good` with the cell under `column` replaced by `value`, as the
/// text of a CSV file (the cells of `good` must not be quoted).
pub(super) fn with_row(header: &str, good: &str, column: &str, value: &str) -> String {
    let index = header
        .split(',')
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("no column {column} in the test header"));
    let mut cells: Vec<&str> = good.split(',').collect();
    cells[index] = value;
    format!("{header}\n{}\n", cells.join(","))
}

/// Reads the one-row file `with_row` builds and returns the (value, reason) of
/// its rejection, asserting there is exactly one, on line 2, for `column`.
pub(super) fn rejection<E: Schema + 'static>(
    header: &str,
    good: &str,
    column: &str,
    value: &str,
) -> (String, String) {
    let (records, rejected) = read_str::<E>(&with_row(header, good, column, value));
    assert_eq!(records.len(), 0, "{column} = '{value}' was accepted");
    let [
        Rejection {
            line,
            column: c,
            value,
            reason,
            ..
        },
    ] = <[Rejection; 1]>::try_from(rejected).unwrap_or_else(|r| panic!("{r:?}"));
    assert_eq!((line, c.as_str()), (2, column), "{reason}");
    (value, reason)
}

/// Shorthand for the expected (value, reason).
pub(super) fn says(value: &str, reason: &str) -> (String, String) {
    (value.to_owned(), reason.to_owned())
}

/// The reason for an empty required cell.
pub(super) fn empty() -> (String, String) {
    says("", "required value is empty")
}
