//! `docs/input-contract.md`, rendered from the contract table: the prose
//! comes from `input-contract.template.md` beside this file, the tables of
//! exports and columns from [`super::table`], so the document cannot drift
//! from what ingestion reads.
//!
//! A test (`input_contract_doc_is_rendered_from_the_contract_table` in
//! `tests/analyst.rs`) compares the committed file with this rendering and
//! rewrites it when `RTB_RECON_WRITE_DOCS` is set. This module only renders.

use super::{Column, IDENTITY, Kind, Requirement, identity_block, table};
use crate::model::Export;
use std::fmt::Write as _;

const TEMPLATE: &str = include_str!("input-contract.template.md");

/// How a developer brings the committed document up to date.
pub const REGENERATE_DOC: &str =
    "RTB_RECON_WRITE_DOCS=1 cargo test --no-default-features --test integration input_contract";

/// The whole of `docs/input-contract.md`.
pub fn markdown() -> String {
    let notice = format!(
        "<!-- Generated from the contract table (src/model/contract/mod.rs) and the prose in\n\
         src/model/contract/input-contract.template.md; do not edit by hand. Regenerate with\n\
         {REGENERATE_DOC} -->"
    );
    TEMPLATE
        .replace("{{notice}}", &notice)
        .replace("{{files}}", &files())
        .replace("{{identity}}", &identity())
        .replace("{{columns}}", &columns())
}

/// The file table of SPEC §3: one line per export.
fn files() -> String {
    let mut s = String::from("| file | required | one row is |\n|---|---|---|");
    for export in Export::ALL {
        let _ = write!(s, "\n| `{export}` | yes | {} |", table(export).row);
    }
    s
}

/// The identity block: which exports require it, and its columns.
fn identity() -> String {
    let names = IDENTITY.map(|n| format!("`{n}`")).join(", ");
    let required: Vec<String> = Export::ALL
        .into_iter()
        .filter(|e| table(*e).identity == Requirement::Required)
        .map(|e| format!("`{e}`"))
        .collect();
    let mut s = format!(
        "Identity block — {names}: R in {}, O (the column may be absent, the value empty) in every \
         other file.\n\n| column | values |\n|---|---|",
        required.join(", ")
    );
    for c in identity_block(Requirement::Optional) {
        let _ = write!(s, "\n| {} | {} |", c.name, values(&c));
    }
    s
}

/// One table per export, its columns in contract order; the identity block
/// is one line, where it stands.
fn columns() -> String {
    let mut s = String::new();
    for export in Export::ALL {
        let t = table(export);
        if !s.is_empty() {
            s.push_str("\n\n");
        }
        let _ = write!(
            s,
            "**{export}**: one row is {}\n\n| column | | values |\n|---|---|---|",
            t.row
        );
        let mut identity_shown = false;
        for c in t.columns() {
            if IDENTITY.contains(&c.name) {
                if !identity_shown {
                    let _ = write!(
                        s,
                        "\n| identity block | {} | {} (above) |",
                        requirement(t.identity),
                        IDENTITY.join(", ")
                    );
                    identity_shown = true;
                }
                continue;
            }
            let _ = write!(
                s,
                "\n| {} | {} | {} |",
                c.name,
                requirement(c.requirement),
                values(c)
            );
        }
    }
    s
}

fn requirement(r: Requirement) -> String {
    match r {
        Requirement::Required => "R".to_owned(),
        Requirement::Optional => "O".to_owned(),
        Requirement::RequiredWhen(condition) => format!("O, R when {condition}"),
    }
}

/// The kind of value, then what it means.
fn values(c: &Column) -> String {
    let kind = kind(c.kind);
    if c.meaning.is_empty() {
        kind
    } else {
        format!("{kind}: {}", c.meaning)
    }
}

fn kind(k: Kind) -> String {
    match k {
        Kind::Text => "text".to_owned(),
        Kind::VNumber => "V-number".to_owned(),
        Kind::Date => "date".to_owned(),
        Kind::Boolean => "boolean".to_owned(),
        Kind::Integer { min, max } => format!("integer {min}–{max}"),
        Kind::Word(words) => words
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", "),
        Kind::State => "state, alpha-2".to_owned(),
        Kind::Nationality => "nationality, three letters".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::contract::column;

    #[test]
    fn every_placeholder_is_filled_once() {
        for placeholder in ["{{notice}}", "{{files}}", "{{identity}}", "{{columns}}"] {
            assert_eq!(TEMPLATE.matches(placeholder).count(), 1, "{placeholder}");
        }
        let md = markdown();
        assert!(!md.contains("{{"), "{md}");
        assert!(md.contains(REGENERATE_DOC));
    }

    #[test]
    fn every_export_and_column_is_documented() {
        let md = markdown();
        for export in Export::ALL {
            let t = table(export);
            assert!(md.contains(&format!("**{export}**")), "{export}");
            for c in t.own_columns() {
                assert!(
                    md.contains(&format!("\n| {} | ", c.name)),
                    "{export}: {}",
                    c.name
                );
            }
        }
        assert!(md.contains(
            "\n| lifted_reason | O, R when status is `temporarily_lifted` or `lifted` | \
             `temporary_protection`, `request`, `ex_officio`, `other`: why the ban was lifted |"
        ));
        assert!(md.contains(&format!(
            "\n| {} | O | integer 1–20: the ban's term in years |",
            column::DURATION_YEARS
        )));
    }
}
