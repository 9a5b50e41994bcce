//! The Council decisions behind temporary protection for displaced persons
//! from Ukraine, and the end date each set (checked on EUR-Lex: CELEX
//! 32022D0382 and its relation table; Council Recommendation C/2025/5129,
//! recital 1, names the chain up to 4 March 2027).
//!
//! A draft that names the end of protection also names the decision that set
//! it. When `--rtb-valid-until` is a date no decision here sets (the Council
//! extended again after this table was written), the draft says so with a
//! placeholder and the checklist asks for the decision to be added here.

use crate::model::Date;
use serde::Serialize;

const fn date(y: i32, m: u32, d: u32) -> Date {
    match Date::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("valid constant date"),
    }
}

/// One extension decision: its number as cited, and the last day of
/// protection it set (inclusive).
const EXTENSIONS: &[(&str, Date)] = &[
    ("(EU) 2023/2409", date(2025, 3, 4)),
    ("(EU) 2024/1836", date(2026, 3, 4)),
    ("(EU) 2025/1460", date(2027, 3, 4)),
];

/// The end of the first year (art. 4 lid 1 Richtlijn 2001/55/EG) and of the
/// automatic extension by twice six months.
const FIRST_YEAR_END: Date = date(2023, 3, 4);
const AUTOMATIC_END: Date = date(2024, 3, 4);

/// What a draft says about the legal basis of protection until `until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProtectionBasis {
    pub until: Date,
    /// The extension decisions up to `until`, in order (`(EU) 2023/2409`).
    pub extended_by: Vec<&'static str>,
    /// Extended automatically by twice six months (art. 4 lid 1 of the
    /// directive) before any Council extension.
    pub automatic: bool,
    /// `until` is a date this table knows a decision for.
    pub known: bool,
}

/// The decisions that make protection last until `until`.
pub fn basis(until: Date) -> ProtectionBasis {
    let extended_by: Vec<&'static str> = EXTENSIONS
        .iter()
        .filter(|(_, end)| *end <= until)
        .map(|(number, _)| *number)
        .collect();
    let known = until == FIRST_YEAR_END
        || until == AUTOMATIC_END
        || EXTENSIONS.iter().any(|(_, end)| *end == until);
    ProtectionBasis {
        until,
        extended_by,
        automatic: until >= AUTOMATIC_END,
        known,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_up_to_each_end_date() {
        let b = basis(date(2027, 3, 4));
        assert_eq!(
            b.extended_by,
            ["(EU) 2023/2409", "(EU) 2024/1836", "(EU) 2025/1460"]
        );
        assert!(b.known && b.automatic);
        let b = basis(date(2026, 3, 4));
        assert_eq!(b.extended_by, ["(EU) 2023/2409", "(EU) 2024/1836"]);
        assert!(b.known);
        let b = basis(date(2024, 3, 4));
        assert!(b.extended_by.is_empty() && b.automatic && b.known);
    }

    #[test]
    fn an_end_date_no_decision_sets_is_flagged() {
        let b = basis(date(2028, 3, 4));
        assert!(!b.known);
        assert_eq!(b.extended_by.len(), 3);
        // A date between two decisions is not one the Council set either.
        assert!(!basis(date(2026, 9, 1)).known);
    }
}
