//! Identity resolution (SPEC §3.2): each identity field is taken from
//! `rtb_holders` when the person is there, else from the first non-empty value
//! in the order applications, entry_bans, exclusion_orders, return_decisions,
//! sis_hits, alert_decisions (file order, then line order). Conflicting values
//! are findings for the report; they never quarantine a row.

use super::Case;
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

/// The identity sources of a case in resolution order.
fn sources<'a>(case: &Case<'a>) -> Vec<(Export, Line, &'a Identity)> {
    let mut v = Vec::new();
    if let Some(r) = case.holder {
        v.push((Export::RtbHolders, r.line, &r.identity));
    }
    v.extend(
        case.applications
            .iter()
            .map(|a| (Export::Applications, a.line, &a.identity)),
    );
    v.extend(
        case.entry_bans
            .iter()
            .map(|b| (Export::EntryBans, b.line, &b.identity)),
    );
    v.extend(
        case.exclusion_orders
            .iter()
            .map(|o| (Export::ExclusionOrders, o.line, &o.identity)),
    );
    v.extend(
        case.return_decisions
            .iter()
            .map(|t| (Export::ReturnDecisions, t.line, &t.identity)),
    );
    v.extend(
        case.sis_hits
            .iter()
            .map(|h| (Export::SisHits, h.line, &h.identity)),
    );
    v.extend(
        case.alert_decisions
            .iter()
            .map(|s| (Export::AlertDecisions, s.line, &s.identity)),
    );
    v
}

/// Resolves the identity of a case whose record vectors are still in input
/// (line) order, and lists every record that disagrees with it.
pub(super) fn resolve<'a>(case: &Case<'a>) -> (ResolvedIdentity<'a>, Vec<Finding>) {
    let src = sources(case);
    let mut findings = Vec::new();
    let mut conflict = |field: &str,
                        chosen: &dyn std::fmt::Display,
                        (file, line, _): &(Export, Line, &Identity),
                        other: &dyn std::fmt::Display,
                        from: &(Export, Line, &Identity)| {
        findings.push(Finding {
            v_number: case.v_number.to_string(),
            file: *file,
            line: *line,
            kind: "identity_conflict",
            detail: format!(
                "{field} '{other}' differs from '{chosen}' ({}, line {})",
                from.0, from.1
            ),
        });
    };

    let surname = first(&src, |i| i.surname.as_deref());
    let given_names = first(&src, |i| i.given_names.as_deref());
    let birth_date = first(&src, |i| i.birth_date);
    let nationality = first(&src, |i| i.nationality);

    for s in &src {
        if let (Some((v, from)), Some(x)) = (&surname, s.2.surname.as_deref())
            && !same_name(v, x)
        {
            conflict("surname", v, s, &x, from);
        }
        if let (Some((v, from)), Some(x)) = (&given_names, s.2.given_names.as_deref())
            && !same_name(v, x)
        {
            conflict("given_names", v, s, &x, from);
        }
        if let (Some((v, from)), Some(x)) = (&birth_date, s.2.birth_date)
            && *v != x
        {
            conflict("birth_date", v, s, &x, from);
        }
        if let (Some((v, from)), Some(x)) = (&nationality, s.2.nationality)
            && *v != x
        {
            conflict("nationality", v, s, &x, from);
        }
    }

    let identity = ResolvedIdentity {
        surname: surname.map(|(v, _)| v),
        given_names: given_names.map(|(v, _)| v),
        birth_date: birth_date.map(|(v, _)| v),
        nationality: nationality.map(|(v, _)| v),
    };
    (identity, findings)
}

/// The first non-empty value and where it came from.
fn first<'a, T>(
    src: &[(Export, Line, &'a Identity)],
    get: impl Fn(&'a Identity) -> Option<T>,
) -> Option<(T, (Export, Line, &'a Identity))> {
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
