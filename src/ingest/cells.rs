//! Parsers for one cell of the input contract (SPEC §3.1): dates, booleans,
//! contract words, V-numbers, state and nationality codes, the ban term.
//!
//! Every parser takes the already trimmed text of a non-empty cell and says
//! only whether it is a valid value; the [`Cell`] trait pairs it with the
//! reason a person reads when it is not. This module does not know about
//! columns being required, rows, files or cross-field rules (see `row.rs` and
//! the per-export modules).

use crate::model::{
    AlertKind, AppDecision, AppKind, BanGround, BanStatus, BtsGround, BtsStatus, Category, Date,
    Ground, HitLocation, HolderStatus, LiftedReason, Nationality, OvrStatus, PoIndication,
    ReturnObstacle, Severity, State, StatusGround, SuspensionReason, TargetKind, TkbStatus,
};

/// A value type a cell can hold.
pub(super) trait Cell: Sized {
    /// The value of a trimmed, non-empty cell; `None` when it does not parse.
    fn parse(text: &str) -> Option<Self>;

    /// Why `text` in `column` is not a value of this type, in words a person
    /// can act on.
    fn reason(column: &str, text: &str) -> String;
}

/// A date `YYYY-MM-DD` or `DD-MM-YYYY` that exists in the calendar.
///
/// Year 0000 is refused: it does not exist in the Gregorian calendar and
/// registers use it as a "no date" placeholder.
pub(super) fn date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 {
        return None;
    }
    let (year, month, day) = if b[4] == b'-' && b[7] == b'-' {
        (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?)
    } else if b[2] == b'-' && b[5] == b'-' {
        (digits(&b[6..10])?, digits(&b[3..5])?, digits(&b[0..2])?)
    } else {
        return None;
    };
    if year == 0 {
        return None;
    }
    Date::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// The number written by ASCII digits only (no sign, no spaces).
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// `true/false`, `yes/no`, `ja/nee`, `j/n`, `1/0`, any case.
pub(super) fn boolean(text: &str) -> Option<bool> {
    const TRUE: [&str; 5] = ["true", "yes", "ja", "j", "1"];
    const FALSE: [&str; 5] = ["false", "no", "nee", "n", "0"];
    if TRUE.iter().any(|w| text.eq_ignore_ascii_case(w)) {
        Some(true)
    } else if FALSE.iter().any(|w| text.eq_ignore_ascii_case(w)) {
        Some(false)
    } else {
        None
    }
}

/// 6 to 12 ASCII digits. It stays a string: leading zeros are significant.
pub(super) fn is_v_number(text: &str) -> bool {
    (6..=12).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// The reason for a cell in `v_number` that is not a V-number.
pub(super) fn v_number_reason(column: &str, text: &str) -> String {
    format!("{column} '{text}' is not a V-number (expected 6 to 12 digits)")
}

/// `duration_years`: a whole number of years from 1 to 20.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Years(pub u8);

impl Cell for Years {
    fn parse(text: &str) -> Option<Self> {
        if text.is_empty() || text.len() > 3 {
            return None;
        }
        let n = digits(text.as_bytes())?;
        (1..=20)
            .contains(&n)
            .then(|| Years(u8::try_from(n).unwrap_or(0)))
    }

    fn reason(column: &str, text: &str) -> String {
        format!("{column} '{text}' is not a whole number of years from 1 to 20")
    }
}

impl Cell for Date {
    fn parse(text: &str) -> Option<Self> {
        date(text)
    }

    fn reason(column: &str, text: &str) -> String {
        format!("{column} '{text}' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)")
    }
}

impl Cell for bool {
    fn parse(text: &str) -> Option<Self> {
        boolean(text)
    }

    fn reason(column: &str, text: &str) -> String {
        format!(
            "{column} '{text}' is not a yes/no value (expected true/false, yes/no, ja/nee, j/n or 1/0)"
        )
    }
}

impl Cell for State {
    fn parse(text: &str) -> Option<Self> {
        State::parse(text)
    }

    fn reason(column: &str, text: &str) -> String {
        format!(
            "{column} '{text}' is not a country code (expected two letters, ISO 3166-1 alpha-2, e.g. NL)"
        )
    }
}

impl Cell for Nationality {
    fn parse(text: &str) -> Option<Self> {
        Nationality::parse(text)
    }

    fn reason(column: &str, text: &str) -> String {
        format!(
            "{column} '{text}' is not a nationality code (expected three letters as in a passport, e.g. UKR)"
        )
    }
}

/// The contract words of `model` are cells: the accepted words come from the
/// enum's own declaration, so a message can never list a stale word.
macro_rules! word_cells {
    ($($t:ty),+ $(,)?) => {$(
        impl Cell for $t {
            fn parse(text: &str) -> Option<Self> {
                <$t>::parse(text)
            }

            fn reason(column: &str, text: &str) -> String {
                format!("{column} '{text}' is not one of: {}", <$t>::WORDS.join(", "))
            }
        }
    )+};
}

word_cells!(
    Category,
    HolderStatus,
    StatusGround,
    PoIndication,
    ReturnObstacle,
    Severity,
    BanGround,
    BanStatus,
    LiftedReason,
    Ground,
    OvrStatus,
    TkbStatus,
    SuspensionReason,
    AlertKind,
    HitLocation,
    AppKind,
    AppDecision,
    TargetKind,
    BtsGround,
    BtsStatus,
    crate::model::VerdictKind,
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::contract::column;

    fn ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        Date::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates_in_both_orders() {
        assert_eq!(date("2025-03-01"), ymd(2025, 3, 1));
        assert_eq!(date("01-03-2025"), ymd(2025, 3, 1));
        assert_eq!(date("9999-12-31"), ymd(9999, 12, 31));
        assert_eq!(date("0001-01-01"), ymd(1, 1, 1));
    }

    #[test]
    fn leap_days_follow_the_calendar() {
        assert_eq!(date("2024-02-29"), ymd(2024, 2, 29));
        assert_eq!(date("29-02-2024"), ymd(2024, 2, 29));
        assert_eq!(date("2000-02-29"), ymd(2000, 2, 29));
        assert_eq!(date("2025-02-29"), None);
        assert_eq!(date("29-02-2023"), None);
        assert_eq!(date("1900-02-29"), None);
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused() {
        for text in [
            "31-02-2025",
            "2025-04-31",
            "2025-13-01",
            "2025-00-10",
            "2025-01-00",
            "0000-01-01",
            "2025-1-01",
            "1-1-2025",
            "2025/01/01",
            "01/01/2025",
            "20250101",
            "2025-01-01T00:00",
            "+025-01-01",
            "2025-0a-01",
            "",
            "２０２５-01-01",
        ] {
            assert_eq!(date(text), None, "{text}");
        }
    }

    #[test]
    fn booleans_in_five_spellings_any_case() {
        for text in ["true", "TRUE", "yes", "Yes", "ja", "JA", "j", "J", "1"] {
            assert_eq!(boolean(text), Some(true), "{text}");
        }
        for text in ["false", "False", "no", "NO", "nee", "Nee", "n", "N", "0"] {
            assert_eq!(boolean(text), Some(false), "{text}");
        }
        for text in ["y", "t", "f", "2", "-1", "waar", "", "true "] {
            assert_eq!(boolean(text), None, "{text}");
        }
    }

    #[test]
    fn v_numbers_have_6_to_12_digits() {
        assert!(is_v_number("123456"));
        assert!(is_v_number("000001"));
        assert!(is_v_number("123456789012"));
        assert!(!is_v_number("12345"));
        assert!(!is_v_number("1234567890123"));
        assert!(!is_v_number("12345a"));
        assert!(!is_v_number("123 456"));
        assert!(!is_v_number("-123456"));
        assert!(!is_v_number("１２３４５６"));
        assert!(!is_v_number(""));
    }

    #[test]
    fn years_from_1_to_20() {
        assert_eq!(Years::parse("1"), Some(Years(1)));
        assert_eq!(Years::parse("20"), Some(Years(20)));
        assert_eq!(Years::parse("05"), Some(Years(5)));
        for text in [
            "0", "21", "255", "256", "-1", "+5", "1.0", "5 ", "five", "0005", "",
        ] {
            assert_eq!(Years::parse(text), None, "{text}");
        }
    }

    #[test]
    fn codes_are_normalised_to_upper_case() {
        assert_eq!(
            <State as Cell>::parse("pl").map(|s| s.to_string()),
            Some("PL".into())
        );
        assert_eq!(<State as Cell>::parse("POL"), None);
        assert_eq!(<State as Cell>::parse("P1"), None);
        assert_eq!(
            <Nationality as Cell>::parse("xxa").map(|n| n.to_string()),
            Some("XXA".into())
        );
        assert_eq!(<Nationality as Cell>::parse("UA"), None);
    }

    #[test]
    fn words_parse_case_insensitively() {
        assert_eq!(<Severity as Cell>::parse("Zwaar"), Some(Severity::Heavy));
        assert_eq!(
            <TkbStatus as Cell>::parse("SUSPENDED"),
            Some(TkbStatus::Suspended)
        );
        assert_eq!(
            <PoIndication as Cell>::parse("none"),
            Some(PoIndication::None)
        );
        assert_eq!(<BanStatus as Cell>::parse("temporarily lifted"), None);
    }

    #[test]
    fn reasons_name_the_column_the_value_and_what_is_expected() {
        assert_eq!(
            Severity::reason(column::SEVERITY, "medium"),
            "severity 'medium' is not one of: light, licht, heavy, zwaar"
        );
        assert_eq!(
            Date::reason(column::IN_FORCE_DATE, "31-02-2025"),
            "in_force_date '31-02-2025' is not a date (expected YYYY-MM-DD or DD-MM-YYYY)"
        );
        assert_eq!(
            bool::reason(column::FINAL, "maybe"),
            "final 'maybe' is not a yes/no value (expected true/false, yes/no, ja/nee, j/n or 1/0)"
        );
        assert_eq!(
            State::reason(column::ISSUING_STATE, "POL"),
            "issuing_state 'POL' is not a country code (expected two letters, ISO 3166-1 alpha-2, e.g. NL)"
        );
        assert_eq!(
            Nationality::reason(column::NATIONALITY, "UA"),
            "nationality 'UA' is not a nationality code (expected three letters as in a passport, e.g. UKR)"
        );
        assert_eq!(
            Years::reason(column::DURATION_YEARS, "25"),
            "duration_years '25' is not a whole number of years from 1 to 20"
        );
        assert_eq!(
            v_number_reason(column::V_NUMBER, "12345"),
            "v_number '12345' is not a V-number (expected 6 to 12 digits)"
        );
    }
}
