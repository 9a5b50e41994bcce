//! impact.html: the Dutch summary of an impact run — the team's headline
//! questions, counts per rule, and the persons behind each headline.

use crate::compare::impact::{Difference, HEADLINES};
use crate::config::Params;
use crate::rules;
use minijinja::{Environment, context};
use serde::Serialize;

/// The most persons listed per headline in the HTML; impact.csv has all.
const LIST_LIMIT: usize = 2000;

#[derive(Serialize)]
struct RowView {
    v_number: String,
    name: String,
    subject: String,
    before: String,
    after: String,
}

#[derive(Serialize)]
struct HeadlineView {
    label: &'static str,
    count: usize,
    rows: Vec<RowView>,
}

#[derive(Serialize)]
struct RuleView {
    id: &'static str,
    action: &'static str,
    label: &'static str,
    appear: usize,
    disappear: usize,
}

fn describe(r: Option<&'static rules::Rule>) -> String {
    r.map_or_else(|| "—".to_string(), |r| format!("{} {}", r.id, r.label))
}

pub fn render(
    baseline: &Params,
    changed: &Params,
    diffs: &[Difference],
) -> Result<String, minijinja::Error> {
    let headlines: Vec<HeadlineView> = HEADLINES
        .iter()
        .map(|h| {
            let hits: Vec<&Difference> = diffs.iter().filter(|d| (h.test)(d)).collect();
            HeadlineView {
                label: h.label,
                count: hits.len(),
                rows: hits
                    .iter()
                    .take(LIST_LIMIT)
                    .map(|d| RowView {
                        v_number: d.v_number.clone(),
                        name: [d.given_names.as_deref(), d.surname.as_deref()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" "),
                        subject: format!("{} {}", d.subject_type, d.subject_id),
                        before: describe(d.before),
                        after: describe(d.after),
                    })
                    .collect(),
            }
        })
        .collect();
    let rules: Vec<RuleView> = rules::catalogue()
        .map(|r| RuleView {
            id: r.id,
            action: r.action,
            label: r.label,
            appear: diffs
                .iter()
                .filter(|d| d.after.is_some_and(|a| a.id == r.id))
                .count(),
            disappear: diffs
                .iter()
                .filter(|d| d.before.is_some_and(|b| b.id == r.id))
                .count(),
        })
        .filter(|r| r.appear + r.disappear > 0)
        .collect();
    let mut env = Environment::new();
    env.add_template("impact.html", include_str!("../templates/impact.html"))?;
    env.get_template("impact.html")?.render(context! {
        baseline => baseline,
        changed => changed,
        headlines => headlines,
        rules => rules,
        total => diffs.len(),
    })
}
