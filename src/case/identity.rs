//! Identity resolution (SPEC §3.2): each identity field is taken from
//! `rtb_holders` when the person is there, else from the first non-empty value
//! in the order applications, entry_bans, exclusion_orders, return_decisions,
//! sis_hits, alert_decisions (file order, then line order). Conflicting values
//! are findings for the report; they never quarantine a row.

use super::Case;
use crate::model::contract::column;
use crate::model::{Date, Export, Identity, Line, Nationality};

/// The identity of a person as the outputs show it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResolvedIdentity<'a> {
    pub surname: Option<&'a str>,
    pub given_names: Option<&'a str>,
    pub birth_date: Option<Date>,
    pub nationality: Option<Nationality>,
}

/// Something an analyst should look at that did not stop a row (findings.csv).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub v_number: String,
    pub file: Export,
    pub line: Line,
    pub kind: &'static str,
    pub detail: String,
}

/// The identity sources of a case in resolution order: file order, then
/// line order (a case's records are in id order; a person has few, so each
/// export's are put in line order here).
fn sources<'a>(case: &Case<'a>) -> Vec<Source<'a>> {
    let mut v = Vec::new();
    if let Some(r) = case.holder {
        v.push((Export::RtbHolders, r.line, &r.identity));
    }
    fn add<'a, R>(
        v: &mut Vec<Source<'a>>,
        export: Export,
        records: &'a [R],
        source: impl Fn(&'a R) -> (Line, &'a Identity),
    ) {
        let from = v.len();
        v.extend(records.iter().map(|r| {
            let (line, identity) = source(r);
            (export, line, identity)
        }));
        v[from..].sort_unstable_by_key(|s| s.1);
    }
    add(&mut v, Export::Applications, case.applications, |r| {
        (r.line, &r.identity)
    });
    add(&mut v, Export::EntryBans, case.entry_bans, |r| {
        (r.line, &r.identity)
    });
    add(
        &mut v,
        Export::ExclusionOrders,
        case.exclusion_orders,
        |r| (r.line, &r.identity),
    );
    add(
        &mut v,
        Export::ReturnDecisions,
        case.return_decisions,
        |r| (r.line, &r.identity),
    );
    add(&mut v, Export::SisHits, case.sis_hits, |r| {
        (r.line, &r.identity)
    });
    add(&mut v, Export::AlertDecisions, case.alert_decisions, |r| {
        (r.line, &r.identity)
    });
    v
}

type Source<'a> = (Export, Line, &'a Identity);

/// Resolves the identity of a case, and lists every record that disagrees
/// with it.
pub(super) fn resolve<'a>(case: &Case<'a>) -> (ResolvedIdentity<'a>, Vec<Finding>) {
    let src = sources(case);
    let surname = first(&src, |i| i.surname.as_deref());
    let given_names = first(&src, |i| i.given_names.as_deref());
    let birth_date = first(&src, |i| i.birth_date);
    let nationality = first(&src, |i| i.nationality);

    let mut findings = Vec::new();
    for s in &src {
        let id = s.2;
        conflict(
            case,
            &mut findings,
            column::SURNAME,
            surname,
            s,
            id.surname.as_deref(),
            same_name,
        );
        conflict(
            case,
            &mut findings,
            column::GIVEN_NAMES,
            given_names,
            s,
            id.given_names.as_deref(),
            same_name,
        );
        conflict(
            case,
            &mut findings,
            column::BIRTH_DATE,
            birth_date,
            s,
            id.birth_date,
            |a, b| a == b,
        );
        conflict(
            case,
            &mut findings,
            column::NATIONALITY,
            nationality,
            s,
            id.nationality,
            |a, b| a == b,
        );
    }

    let identity = ResolvedIdentity {
        surname: surname.map(|(v, _)| v),
        given_names: given_names.map(|(v, _)| v),
        birth_date: birth_date.map(|(v, _)| v),
        nationality: nationality.map(|(v, _)| v),
    };
    (identity, findings)
}

/// Records a finding when `record` has a value for `field` that differs from
/// the resolved one.
fn conflict<T: std::fmt::Display + Copy>(
    case: &Case<'_>,
    findings: &mut Vec<Finding>,
    field: &str,
    chosen: Option<(T, Source<'_>)>,
    record: &Source<'_>,
    value: Option<T>,
    same: impl Fn(T, T) -> bool,
) {
    let (Some((chosen, from)), Some(value)) = (chosen, value) else {
        return;
    };
    if same(chosen, value) {
        return;
    }
    findings.push(Finding {
        v_number: case.v_number.to_string(),
        file: record.0,
        line: record.1,
        kind: "identity_conflict",
        detail: format!(
            "{field} '{value}' differs from '{chosen}' ({}, line {})",
            from.0, from.1
        ),
    });
}

/// The first non-empty value and where it came from.
fn first<'a, T>(
    src: &[Source<'a>],
    get: impl Fn(&'a Identity) -> Option<T>,
) -> Option<(T, Source<'a>)> {
    src.iter().find_map(|s| get(s.2).map(|v| (v, *s)))
}

/// Names differ only when they differ beyond letter case: exports disagree on
/// capitalisation all the time and that is not worth an analyst's attention.
fn same_name(a: &str, b: &str) -> bool {
    // The value compared with its own source is the common case (a person
    // known only from rtb_holders): decided without reading the text, which
    // at millions of persons is a cache miss each. Equal text needs no
    // allocation either.
    std::ptr::eq(a, b) || a == b || a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use crate::case::build;
    use crate::model::{AppDecision, AppKind, BanStatus, Export, HolderStatus, Severity};
    use crate::testkit::*;

    #[test]
    fn without_holder_applications_come_first_and_conflicts_are_findings() {
        let mut i = inputs();
        let mut b = ban(
            "B1",
            "1000001",
            Severity::Heavy,
            BanStatus::Active,
            "2021-01-01",
        );
        b.line = 2;
        b.identity.surname = Some("Kowalenko".into());
        b.identity.given_names = Some("OLENA".into());
        i.entry_bans.push(b);
        let mut a = application("A1", "1000001", AppKind::Asylum, AppDecision::Pending, None);
        a.line = 7;
        a.identity.surname = Some("Kovalenko".into());
        a.identity.given_names = Some("Olena".into());
        i.applications.push(a);

        let (cases, findings) = build(&i);
        assert_eq!(cases[0].identity.surname, Some("Kovalenko"));
        assert_eq!(
            findings.len(),
            1,
            "letter case alone is no conflict: {findings:?}"
        );
        assert_eq!(findings[0].file, Export::EntryBans);
        assert_eq!(findings[0].line, 2);
        assert_eq!(
            findings[0].detail,
            "surname 'Kowalenko' differs from 'Kovalenko' (applications, line 7)"
        );
    }

    #[test]
    fn the_holder_wins_over_every_other_export() {
        let mut i = inputs();
        i.rtb_holders
            .push(holder("1000001", HolderStatus::Granted, "2022-04-01"));
        let mut a = application("A1", "1000001", AppKind::Asylum, AppDecision::Pending, None);
        a.identity.birth_date = Some(d("1985-03-02"));
        i.applications.push(a);
        let (cases, findings) = build(&i);
        assert_eq!(cases[0].identity.birth_date, Some(d("1985-03-01")));
        assert_eq!(
            findings[0].detail,
            "birth_date '1985-03-02' differs from '1985-03-01' (rtb_holders, line 2)"
        );
    }
}
