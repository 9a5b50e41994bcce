//! The rule catalogue (laid out for `rtb-recon rules`): every rule of the table the engine
//! runs — id, group, action, Dutch label, condition in words, SIS effect,
//! draft, due date and legal basis — as Markdown (the committed
//! `docs/rules.md`) or CSV.
//!
//! Everything printed here is read from `rules::catalogue()`; this module only
//! lays it out and adds the per-group hit policy in words. It never words a
//! rule itself, so the catalogue cannot drift from what the engine does (a
//! test fails when `docs/rules.md` is stale).

use crate::model::ja_nee;
use crate::rules::{self, Group, Rule};
use std::fmt::Write as _;

/// The columns of the CSV catalogue.
pub const CSV_HEADER: [&str; 9] = [
    "rule_id",
    "group",
    "action",
    "label",
    "condition",
    "sis_effect",
    "draft",
    "due",
    "legal_basis",
];

/// A table cell: pipes escaped, line breaks flattened.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// The catalogue as Markdown; `docs/rules.md` is exactly this text.
pub fn markdown() -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Regelcatalogus rtb-recon");
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Regels versie {}. Gegenereerd uit de regeltabel die de batch uitvoert, met `rtb-recon rules --format markdown`; niet met de hand bewerken (een test faalt als dit bestand achterloopt).",
        rules::RULES_VERSION
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Groepen blokkeren elkaar niet, behalve HOLD. Per regel: de actie (code in actions.csv), wat het team moet doen, wanneer de regel afgaat, het effect op de SIS-signalering, of er een conceptbeschikking of -brief wordt gemaakt, hoe een termijn wordt berekend en de grondslag. WI = Werkinstructie Richtlijn Tijdelijke Bescherming."
    );
    for group in Group::ALL {
        let _ = writeln!(s);
        let _ = writeln!(s, "## {} — {}", group.name(), group.label());
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "Onderwerp: {}. {}",
            group.subject_nl(),
            group.policy_nl()
        );
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "| regel | actie | wat te doen | voorwaarde | SIS-effect | concept | termijn | grondslag |"
        );
        let _ = writeln!(s, "|---|---|---|---|---|---|---|---|");
        for r in rules::catalogue().filter(|r| r.group == group) {
            let _ = writeln!(
                s,
                "| {} | `{}` | {} | {} | `{}` ({}) | {} | {} | {} |",
                r.id,
                r.action,
                cell(r.label),
                cell(r.condition),
                r.sis_effect.as_str(),
                r.sis_effect.label(),
                ja_nee(r.draft),
                if r.due.is_empty() {
                    "—".to_string()
                } else {
                    cell(r.due)
                },
                cell(r.legal_basis),
            );
        }
    }
    s
}

fn csv_record(r: &Rule) -> [&str; 9] {
    [
        r.id,
        r.group.name(),
        r.action,
        r.label,
        r.condition,
        r.sis_effect.as_str(),
        if r.draft { "true" } else { "false" },
        r.due,
        r.legal_basis,
    ]
}

/// The catalogue as CSV, one row per rule in table order.
pub fn csv() -> std::io::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    for r in rules::catalogue() {
        w.write_record(csv_record(r))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    String::from_utf8(bytes).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed copy must be exactly what the rule table generates.
    #[test]
    fn docs_rules_md_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == markdown(),
            "docs/rules.md is stale: regenerate it with `cargo run -- rules --format markdown > docs/rules.md` and commit it"
        );
    }

    #[test]
    fn markdown_has_one_row_per_rule_under_its_group() {
        let md = markdown();
        let rows: Vec<&str> = md
            .lines()
            .filter(|l| l.starts_with("| R") || l.starts_with("| H"))
            .collect();
        assert_eq!(rows.len(), rules::catalogue().count());
        assert!(md.contains("## BAN — Inreisverboden"));
        let r03 = rows
            .iter()
            .find(|l| l.starts_with("| R03 |"))
            .copied()
            .unwrap_or_default();
        assert!(r03.starts_with("| R03 | `TEMP_LIFT_HEAVY_IRV` | Zwaar IRV tijdelijk opheffen"));
        assert!(r03.contains(
            "| `suspend` (signalering opschorten) | ja | — | art. 66b lid 1 Vw; WI hfst. 3 |"
        ));
    }

    #[test]
    fn csv_round_trips_every_rule() {
        let text = csv().unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(
            r.headers().unwrap(),
            &csv::StringRecord::from(CSV_HEADER.to_vec())
        );
        let got: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        let want: Vec<csv::StringRecord> = rules::catalogue()
            .map(|r| csv::StringRecord::from(csv_record(r).to_vec()))
            .collect();
        assert_eq!(got, want);
        assert_eq!(&got[0][0], "H01");
        assert_eq!(
            got[18].iter().take(3).collect::<Vec<_>>(),
            ["R17", "HIT", "MAINTAIN_ALERT"]
        );
    }

    #[test]
    fn pipes_in_rule_text_cannot_break_the_table() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }
}
