//! Mixed formats on purpose: a few clean rows spell their values in the other
//! ways the contract accepts (SPEC §3.1) — `DD-MM-YYYY` dates, `ja/nee` and
//! other boolean spellings, `zwaar/licht`, lower-case codes, capitalised
//! words — or carry a surname in another transliteration (an identity
//! conflict, reported as a finding, never a quarantine).
//!
//! A varied row means exactly what it meant before; this module never makes a
//! row bad (that is `bad`).

use super::names::other_transliteration;
use super::schema::{code_columns, column_index, enum_columns};
use super::sink::Cell;
use crate::model::Export;
use chrono::Datelike;
use fastrand::Rng;

/// Share of clean rows that get one variation: the exports of the older
/// systems (bans, SIS, applications) are spelled less uniformly than the
/// RTB registration.
pub fn varied_share(export: Export) -> f64 {
    if export == Export::RtbHolders {
        0.02
    } else {
        0.10
    }
}

/// The accepted spellings a row can be varied into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variation {
    DayFirstDates,
    BooleanSpelling,
    DutchSeverity,
    LowerCaseCodes,
    CapitalisedWords,
    OtherTransliteration,
}

impl Variation {
    pub const ALL: [Variation; 6] = [
        Variation::DayFirstDates,
        Variation::BooleanSpelling,
        Variation::DutchSeverity,
        Variation::LowerCaseCodes,
        Variation::CapitalisedWords,
        Variation::OtherTransliteration,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Variation::DayFirstDates => "day_first_dates",
            Variation::BooleanSpelling => "boolean_spelling",
            Variation::DutchSeverity => "dutch_severity",
            Variation::LowerCaseCodes => "lower_case_codes",
            Variation::CapitalisedWords => "capitalised_words",
            Variation::OtherTransliteration => "other_transliteration",
        }
    }

    /// One line for the sample README.
    pub fn describe(self) -> &'static str {
        match self {
            Variation::DayFirstDates => "every date of the row as `DD-MM-YYYY`",
            Variation::BooleanSpelling => {
                "booleans as `ja/nee`, `j/n`, `1/0`, `yes/no` or `TRUE/FALSE`"
            }
            Variation::DutchSeverity => "severity as `zwaar`/`licht`",
            Variation::LowerCaseCodes => "nationality and state codes in lower case (`ukr`, `pl`)",
            Variation::CapitalisedWords => "enum words capitalised (`Granted`, `Public_order`)",
            Variation::OtherTransliteration => {
                "outside `rtb_holders`: the surname in another transliteration (`Schewtschenko`): an identity conflict, a finding"
            }
        }
    }

    fn applies(self, export: Export, row: &[Cell]) -> bool {
        match self {
            Variation::DayFirstDates => row.iter().any(|c| matches!(c, Cell::Date(_))),
            Variation::BooleanSpelling => row.iter().any(|c| matches!(c, Cell::Bool(_))),
            Variation::DutchSeverity => export == Export::EntryBans,
            Variation::LowerCaseCodes => code_columns(export)
                .iter()
                .any(|c| matches!(cell(export, row, c), Some(Cell::Word(_)))),
            Variation::CapitalisedWords => true,
            Variation::OtherTransliteration => {
                export != Export::RtbHolders
                    && matches!(cell(export, row, "surname"), Some(Cell::Word(s)) if other_transliteration(s).is_some())
            }
        }
    }
}

fn cell<'r>(export: Export, row: &'r [Cell], column: &str) -> Option<&'r Cell> {
    column_index(export, column).and_then(|i| row.get(i))
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Varies rows, balancing the variations.
#[derive(Debug, Default)]
pub struct Varier {
    used: [u64; Variation::ALL.len()],
}

impl Varier {
    /// With probability `varied_share(export)`, rewrites `row` in the applicable
    /// variation used least so far (so a few varied rows already show most
    /// of them) and returns it.
    pub fn vary(&mut self, export: Export, row: &mut [Cell], rng: &mut Rng) -> Option<Variation> {
        if rng.f64() >= varied_share(export) {
            return None;
        }
        let variation = Variation::ALL
            .into_iter()
            .filter(|v| v.applies(export, row))
            .min_by_key(|v| self.used[*v as usize])?;
        self.used[variation as usize] += 1;
        apply(variation, export, row, rng);
        Some(variation)
    }
}

fn apply(variation: Variation, export: Export, row: &mut [Cell], rng: &mut Rng) {
    match variation {
        Variation::DayFirstDates => {
            for c in row.iter_mut() {
                if let Cell::Date(d) = c {
                    *c = Cell::Text(format!("{:02}-{:02}-{:04}", d.day(), d.month(), d.year()));
                }
            }
        }
        Variation::BooleanSpelling => {
            let spellings = [
                ("ja", "nee"),
                ("j", "n"),
                ("1", "0"),
                ("yes", "no"),
                ("TRUE", "FALSE"),
                ("Ja", "Nee"),
            ];
            let (yes, no) = spellings[rng.u32(0..spellings.len() as u32) as usize];
            for c in row.iter_mut() {
                if let Cell::Bool(b) = c {
                    *c = Cell::Word(if *b { yes } else { no });
                }
            }
        }
        Variation::DutchSeverity => {
            if let Some(i) = column_index(export, "severity") {
                row[i] = match &row[i] {
                    Cell::Word("heavy") => Cell::Word("zwaar"),
                    Cell::Word("light") => Cell::Word("licht"),
                    other => other.clone(),
                };
            }
        }
        Variation::LowerCaseCodes => {
            for column in code_columns(export) {
                if let Some(i) = column_index(export, column)
                    && let Cell::Word(code) = row[i]
                {
                    row[i] = Cell::Text(code.to_ascii_lowercase());
                }
            }
        }
        Variation::CapitalisedWords => {
            for column in enum_columns(export) {
                if let Some(i) = column_index(export, column)
                    && let Cell::Word(word) = row[i]
                {
                    row[i] = Cell::Text(capitalise(word));
                }
            }
        }
        Variation::OtherTransliteration => {
            if let Some(i) = column_index(export, "surname")
                && let Cell::Word(surname) = row[i]
                && let Some(other) = other_transliteration(surname)
            {
                row[i] = Cell::Word(other);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn variations_keep_the_meaning() {
        let d = Date::from_ymd_opt(2024, 3, 4)
            .map(Cell::Date)
            .unwrap_or(Cell::Empty);
        let base = vec![
            Cell::Word("B0000001"),
            Cell::Word("0000000042"),
            Cell::Word("Shevchenko"),
            Cell::Word("Olena"),
            d.clone(),
            Cell::Word("UKR"),
            Cell::Word("heavy"),
            d,
            Cell::Empty,
            Cell::Int(10),
            Cell::Word("public_order"),
            Cell::Bool(true),
            Cell::Word("active"),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ];
        let mut seen = Vec::new();
        let mut rng = Rng::with_seed(7);
        let mut varier = Varier::default();
        for _ in 0..1000 {
            let mut row = base.clone();
            if let Some(v) = varier.vary(Export::EntryBans, &mut row, &mut rng) {
                let texts: Vec<String> = row.iter().map(Cell::text).collect();
                match v {
                    Variation::DayFirstDates => assert_eq!(texts[4], "04-03-2024"),
                    Variation::BooleanSpelling => {
                        assert!(["ja", "j", "1", "yes", "TRUE", "Ja"].contains(&texts[11].as_str()))
                    }
                    Variation::DutchSeverity => assert_eq!(texts[6], "zwaar"),
                    Variation::LowerCaseCodes => assert_eq!(texts[5], "ukr"),
                    Variation::CapitalisedWords => {
                        assert_eq!((texts[6].as_str(), texts[12].as_str()), ("Heavy", "Active"))
                    }
                    Variation::OtherTransliteration => assert_eq!(texts[2], "Schewtschenko"),
                }
                if !seen.contains(&v) {
                    seen.push(v);
                }
            }
        }
        assert_eq!(seen.len(), Variation::ALL.len());
    }
}
