//! The report's action table as compact columns (issue 13): one array per
//! column, repeated texts as indexes into a list of texts, so a report of a
//! million actions stays small enough for a browser to open quickly.
//!
//! * Names are indexes into `names`; the subject type, the change status and
//!   cause are indexes into the code lists of the data block.
//! * A due date is a number of days from the peildatum.
//! * An explanation is the indexes of its parts (it is the parts joined with
//!   `"; "`) into `parts`. In a part, U+0001 stands for the action's subject
//!   id, U+0002 for its SIS alert id and U+0003 for its V-number, so the
//!   thousands of explanations that differ only in those share their parts.
//!   An explanation that holds one of those characters itself is kept
//!   literally and listed in `literal`.
//! * The subject id is empty when it is the V-number (the person).
//! * Verdicts, on few actions, are listed by action index.
//!
//! report.js reads each column through its name and rebuilds every text, so
//! what the reader sees is exactly the text of actions.csv.

use crate::compare::changes::{Cause, Changes, Status};
use crate::model::{Date, VerdictKind};
use crate::output::actions::ActionRow;
use crate::rules::SubjectType;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::borrow::Cow;

/// What stands in an explanation's part for the action's own ids.
const STAND_INS: [char; 3] = ['\u{1}', '\u{2}', '\u{3}'];

/// A verdict in force on the action at `.0`: kind, until, note, by,
/// recorded.
type VerdictAt<'a> = (usize, VerdictKind, String, &'a str, &'a str, String);

/// The action columns. What can be read off a row is written straight from
/// the rows when the data block is serialised (at a million actions,
/// materialising the columns first held 200 MB); only what needs a pass
/// over all rows is kept: the dictionaries, each row's indexes into them,
/// and the few verdicts.
pub(super) struct ActionColumns<'a> {
    rows: &'a [ActionRow<'a>],
    as_of: Date,
    /// Index of each row's rule in the data's `rules`.
    rule: Vec<u16>,
    surname: Vec<u32>,
    given_names: Vec<u32>,
    /// Each row's explanation as indexes into `parts`: the row's indexes
    /// are `explanation[ends[i-1]..ends[i]]`.
    explanation: Vec<u32>,
    ends: Vec<u32>,
    literal: Vec<usize>,
    /// With `--previous`: indexes into `codes.status` and `codes.cause`
    /// (one lookup of the change per row).
    status: Option<Vec<Option<u8>>>,
    cause: Option<Vec<Option<u8>>>,
    verdict: Vec<VerdictAt<'a>>,
    names: Vec<&'a str>,
    parts: Vec<String>,
}

/// A column written from the rows as it is serialised.
struct Column<'r, 'a, F>(&'r [ActionRow<'a>], F);

impl<'r, 'a, T: Serialize, F: Fn(&'r ActionRow<'a>) -> T> Serialize for Column<'r, 'a, F> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(&self.1))
    }
}

fn column<'r, 'a, T, F>(rows: &'r [ActionRow<'a>], f: F) -> Column<'r, 'a, F>
where
    F: Fn(&'r ActionRow<'a>) -> T,
{
    Column(rows, f)
}

/// A column of per-row values computed before.
struct Slices<'c>(&'c [u32], &'c [u32]);

impl Serialize for Slices<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (values, ends) = (self.0, self.1);
        let mut start = 0usize;
        s.collect_seq(ends.iter().map(|&end| {
            let row = &values[start..end as usize];
            start = end as usize;
            row
        }))
    }
}

impl Serialize for ActionColumns<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let rows = self.rows;
        let as_of = self.as_of;
        let mut st = s.serialize_struct("ActionColumns", 17)?;
        st.serialize_field("n", &rows.len())?;
        st.serialize_field("v_number", &column(rows, |r| r.action.v_number))?;
        st.serialize_field("rule", &self.rule)?;
        st.serialize_field(
            "subject_type",
            &column(rows, |r| {
                position(SubjectType::ALL.as_slice(), &r.action.subject_type)
            }),
        )?;
        st.serialize_field(
            "subject_id",
            &column(rows, |r| {
                // Empty when it is the person.
                let a = r.action;
                if a.subject_id == a.v_number {
                    ""
                } else {
                    a.subject_id
                }
            }),
        )?;
        st.serialize_field(
            "sis_alert_id",
            &column(rows, |r| r.action.sis_alert_id.unwrap_or_default()),
        )?;
        st.serialize_field(
            "due",
            &column(rows, |r| r.action.due_date.map(|d| (d - as_of).num_days())),
        )?;
        st.serialize_field("draft_file", &column(rows, |r| r.draft_file()))?;
        st.serialize_field("surname", &self.surname)?;
        st.serialize_field("given_names", &self.given_names)?;
        st.serialize_field("explanation", &Slices(&self.explanation, &self.ends))?;
        st.serialize_field("literal", &self.literal)?;
        st.serialize_field("status", &self.status)?;
        st.serialize_field("cause", &self.cause)?;
        st.serialize_field("verdict", &self.verdict)?;
        st.serialize_field("names", &self.names)?;
        st.serialize_field("parts", &self.parts)?;
        st.end()
    }
}

/// The code lists the columns index into, in this order.
#[derive(Serialize)]
pub(super) struct Codes {
    subject_type: Vec<&'static str>,
    status: Vec<&'static str>,
    cause: Vec<&'static str>,
}

impl Codes {
    pub(super) fn new() -> Self {
        Codes {
            subject_type: SubjectType::ALL.iter().map(|t| t.as_str()).collect(),
            status: Status::ALL.iter().map(|s| s.as_str()).collect(),
            cause: Cause::ALL.iter().map(|c| c.as_str()).collect(),
        }
    }
}

fn position<T: PartialEq>(all: &[T], x: &T) -> u8 {
    all.iter().position(|y| y == x).unwrap_or(0) as u8
}

/// Indexes of distinct texts, in first-seen order.
struct Dictionary<'a, T> {
    // Fx, not SipHash: millions of short texts of our own making, no
    // attacker choosing keys.
    index: FxHashMap<T, u32>,
    texts: Vec<T>,
    _marker: std::marker::PhantomData<&'a ()>,
}

impl<'a, T: std::hash::Hash + Eq + Clone> Dictionary<'a, T> {
    fn new() -> Self {
        Dictionary {
            index: FxHashMap::default(),
            texts: Vec::new(),
            _marker: std::marker::PhantomData,
        }
    }

    fn of(&mut self, text: T) -> u32 {
        if let Some(&i) = self.index.get(&text) {
            return i;
        }
        let i = self.texts.len() as u32;
        self.texts.push(text.clone());
        self.index.insert(text, i);
        i
    }
}

/// The explanation's parts with the action's own ids replaced by their
/// stand-ins; `None` when it holds a stand-in character itself.
fn parts<'e>(explanation: &'e str, ids: [&str; 3]) -> Option<Vec<Cow<'e, str>>> {
    if explanation.contains(STAND_INS) {
        return None;
    }
    Some(
        explanation
            .split("; ")
            .map(|part| {
                let mut part = Cow::Borrowed(part);
                for (id, stand_in) in ids.iter().zip(STAND_INS) {
                    if !id.is_empty() && part.contains(id) {
                        part = Cow::Owned(part.replace(id, stand_in.encode_utf8(&mut [0; 4])));
                    }
                }
                part
            })
            .collect(),
    )
}

impl<'a> ActionColumns<'a> {
    /// `rule_index` gives the position of a rule id in the data's `rules`.
    pub(super) fn new(
        rows: &'a [ActionRow<'a>],
        as_of: Date,
        changes: Option<&'a Changes>,
        rule_index: &FxHashMap<&str, usize>,
    ) -> Self {
        let n = rows.len();
        let mut c = ActionColumns {
            rows,
            as_of,
            rule: Vec::with_capacity(n),
            surname: Vec::with_capacity(n),
            given_names: Vec::with_capacity(n),
            explanation: Vec::with_capacity(n * 4),
            ends: Vec::with_capacity(n),
            literal: Vec::new(),
            status: changes.map(|_| Vec::with_capacity(n)),
            cause: changes.map(|_| Vec::with_capacity(n)),
            verdict: Vec::new(),
            names: Vec::new(),
            parts: Vec::new(),
        };
        let mut names: Dictionary<'_, &str> = Dictionary::new();
        names.of("");
        let mut parts_of: Dictionary<'_, Cow<'_, str>> = Dictionary::new();
        for (i, r) in rows.iter().enumerate() {
            let a = r.action;
            let alert = a.sis_alert_id.unwrap_or_default();
            c.rule
                .push(rule_index.get(a.rule.id).copied().unwrap_or(0) as u16);
            c.surname.push(names.of(r.surname.unwrap_or_default()));
            c.given_names
                .push(names.of(r.given_names.unwrap_or_default()));
            match parts(&a.explanation, [a.subject_id, alert, a.v_number]) {
                Some(ps) => c.explanation.extend(ps.into_iter().map(|p| parts_of.of(p))),
                None => {
                    c.literal.push(i);
                    c.explanation
                        .push(parts_of.of(Cow::Borrowed(a.explanation.as_str())));
                }
            }
            c.ends.push(c.explanation.len() as u32);
            if let (Some(ch), Some(status), Some(cause)) =
                (changes, c.status.as_mut(), c.cause.as_mut())
            {
                let row = ch.get(a.v_number, a.rule.action, a.subject_id);
                status.push(row.map(|x| position(Status::ALL.as_slice(), &x.status)));
                cause.push(
                    row.and_then(|x| x.cause)
                        .map(|x| position(Cause::ALL.as_slice(), &x)),
                );
            }
            if let Some(v) = r.verdict {
                c.verdict.push((
                    i,
                    v.verdict.kind,
                    v.verdict.until.map(|d| d.to_string()).unwrap_or_default(),
                    &v.verdict.note,
                    &v.verdict.by,
                    v.recorded.to_string(),
                ));
            }
        }
        c.names = names.texts;
        c.parts = parts_of.texts.into_iter().map(Cow::into_owned).collect();
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What report.js does to rebuild an explanation.
    fn rebuild(parts: &[String], indexes: &[u32], ids: [&str; 3]) -> String {
        let joined: Vec<&str> = indexes
            .iter()
            .map(|&i| parts[i as usize].as_str())
            .collect();
        let mut text = joined.join("; ");
        for (id, stand_in) in ids.iter().zip(STAND_INS) {
            text = text.replace(stand_in, id);
        }
        text
    }

    #[test]
    fn an_explanation_comes_back_exactly_from_its_shared_parts() {
        let ids = ["B1", "SIS-B1", "100001"];
        let texts = [
            "TB verleend, geldig t/m 2027-03-04; zwaar IRV B1 (actief)",
            // Its own id inside another id, and the alert containing the
            // subject id: stand-ins are undone in the same way, so the
            // text is the same whatever matched.
            "IRV B10 en B1; signalering SIS-B1 van 100001",
            "",
            "; ;;",
        ];
        let mut dict: Dictionary<'_, Cow<'_, str>> = Dictionary::new();
        for text in texts {
            let ps = parts(text, ids).unwrap_or_default();
            let idx: Vec<u32> = ps.into_iter().map(|p| dict.of(p)).collect();
            let owned: Vec<String> = dict.texts.iter().map(|p| p.to_string()).collect();
            assert_eq!(rebuild(&owned, &idx, ids), text);
        }
        // Two persons' identical sentences share one part.
        let a = parts("licht IRV B7 (actief)", ["B7", "", "100007"]).unwrap_or_default();
        let b = parts("licht IRV B9 (actief)", ["B9", "", "100009"]).unwrap_or_default();
        assert_eq!(a, b);
        // A text with a stand-in character of its own is kept literally.
        assert_eq!(parts("x\u{1}y", ids), None);
    }
}
