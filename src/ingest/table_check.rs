//! Holds each export's parser to its contract table (`model::contract`): a
//! row built from the table alone is accepted; a header without a column
//! breaks the contract exactly when the table requires the column; an empty
//! value quarantines the row exactly when the table requires it; and every
//! kind of value is parsed as the table says (each accepted word accepted,
//! anything else quarantined under the column's name).
//!
//! The parsers type their cells themselves (`row.required::<Date>(…)`), so
//! this is what keeps the table, which the generator, the documentation and
//! the tests read, true to what ingestion does. Test-only. The rules that
//! tie one column to another (a lifted ban says why) have their own tests
//! in each export's module.

use super::alert_decisions::AlertDecisions;
use super::applications::Applications;
use super::entry_bans::EntryBans;
use super::exclusion_orders::ExclusionOrders;
use super::file::{Schema, read_bytes};
use super::return_decisions::ReturnDecisions;
use super::rtb_holders::RtbHolders;
use super::sis_hits::SisHits;
use super::{ContractError, Rejection};
use crate::model::contract::{Column, Kind, Requirement};

/// A valid value of the column's kind. The first word of every word column
/// asks for no conditional column (`active`, `asylum`, `pending`), and `UA`
/// is a state that is no EU member (`third_country_permit`).
fn sample(c: &Column) -> String {
    match c.kind {
        Kind::Text => "X1".to_owned(),
        Kind::VNumber => "0123456".to_owned(),
        Kind::Date => "2021-01-31".to_owned(),
        Kind::Boolean => "true".to_owned(),
        Kind::Integer { min, .. } => min.to_string(),
        Kind::Word(words) => words.first().map_or("", |w| w).to_owned(),
        Kind::State => "UA".to_owned(),
        Kind::Nationality => "UKR".to_owned(),
    }
}

/// Values of the column's kind that do not parse.
fn wrong(c: &Column) -> Vec<String> {
    match c.kind {
        Kind::Text => vec![],
        Kind::VNumber => vec!["12345".into(), "V123456".into()],
        Kind::Date => vec!["2021-02-30".into(), "2021".into()],
        Kind::Boolean => vec!["maybe".into()],
        Kind::Integer { min, max } => {
            let mut v = vec![(u32::from(max) + 1).to_string(), "1.5".into()];
            if min > 0 {
                v.push((min - 1).to_string());
            }
            v
        }
        Kind::Word(_) => vec!["no_such_word".into()],
        Kind::State => vec!["NLD".into(), "N1".into()],
        Kind::Nationality => vec!["UA".into(), "U1R".into()],
    }
}

/// Every valid spelling the kind names, beyond the sample.
fn right(c: &Column) -> Vec<String> {
    match c.kind {
        Kind::Word(words) => words.iter().map(|w| w.to_uppercase()).collect(),
        Kind::Integer { max, .. } => vec![max.to_string()],
        _ => vec![],
    }
}

/// Reads a one-row file of `cells` as export `E`: (records, rejections).
fn read<E: Schema + 'static>(
    cells: &[(&str, String)],
) -> Result<(usize, Vec<Rejection>), ContractError> {
    let header: Vec<&str> = cells.iter().map(|(name, _)| *name).collect();
    let row: Vec<&str> = cells.iter().map(|(_, value)| value.as_str()).collect();
    let text = format!("{}\n{}\n", header.join(","), row.join(","));
    read_bytes::<E>(text.as_bytes()).map(|read| (read.records.len(), read.rejected))
}

fn check<E: Schema + 'static>() {
    let export = E::EXPORT;
    let columns = export.table().columns();
    let good: Vec<(&str, String)> = columns.iter().map(|c| (c.name, sample(c))).collect();
    let accepted = |cells: &[(&str, String)], what: &str| match read::<E>(cells) {
        Ok((1, rejected)) if rejected.is_empty() => {}
        other => panic!("{export}, {what}: not accepted: {other:?}"),
    };
    let rejected = |cells: &[(&str, String)], c: &Column, what: &str| match read::<E>(cells) {
        Ok((0, rejected)) => match &rejected[..] {
            [r] if r.column == c.name => r.reason.clone(),
            _ => panic!("{export}, {what}: {rejected:?}"),
        },
        other => panic!("{export}, {what}: not quarantined: {other:?}"),
    };
    accepted(&good, "the sample row");

    for (at, c) in columns.iter().enumerate() {
        let mut without = good.clone();
        without.remove(at);
        match read::<E>(&without) {
            Err(ContractError::MissingColumn { column, .. }) => {
                assert!(c.requirement.column_required(), "{export}: {column}");
                assert_eq!(column, c.name, "{export}");
            }
            _ if c.requirement.column_required() => {
                panic!("{export}: a header without {} is accepted", c.name)
            }
            _ => accepted(&without, &format!("without {}", c.name)),
        }

        let mut empty = good.clone();
        empty[at].1.clear();
        let what = format!("{} empty", c.name);
        match c.requirement {
            Requirement::Required => {
                assert_eq!(rejected(&empty, c, &what), "required value is empty");
            }
            Requirement::Optional | Requirement::RequiredWhen(_) => accepted(&empty, &what),
        }

        for value in wrong(c) {
            let mut bad = good.clone();
            bad[at].1 = value.clone();
            let what = format!("{} = {value}", c.name);
            let reason = rejected(&bad, c, &what);
            assert!(
                reason.starts_with(&format!("{} '{value}' is not ", c.name)),
                "{export}, {what}: {reason}"
            );
            if let Kind::Word(words) = c.kind {
                assert!(reason.ends_with(&words.join(", ")), "{export}: {reason}");
            }
        }
        for value in right(c) {
            let mut fine = good.clone();
            fine[at].1 = value.clone();
            accepted(&fine, &format!("{} = {value}", c.name));
        }
    }
}

#[test]
fn every_parser_reads_what_its_contract_table_declares() {
    check::<RtbHolders>();
    check::<EntryBans>();
    check::<ExclusionOrders>();
    check::<ReturnDecisions>();
    check::<SisHits>();
    check::<Applications>();
    check::<AlertDecisions>();
}
