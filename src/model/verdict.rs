//! The analysts' verdicts on actions (issue 12): which action a verdict is
//! about, what the analyst decided, and, once a run has taken it on, against
//! which data and which action it was recorded, so a later run can tell when
//! it stops applying.
//!
//! Verdicts never change what a rule decides; they change how an action is
//! presented (open work, or work with a verdict). Reading a verdicts file is
//! `ingest::verdicts`, carrying verdicts from run to run `compare::verdicts`.

use super::{Date, VerdictKind};

/// What identifies an action across runs: (V-number, action code, subject
/// id), unique within a run (SPEC §5). Ordered as actions.csv is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActionKey {
    pub v_number: String,
    pub action: String,
    pub subject_id: String,
}

impl ActionKey {
    pub fn new(v_number: &str, action: &str, subject_id: &str) -> Self {
        ActionKey {
            v_number: v_number.to_owned(),
            action: action.to_owned(),
            subject_id: subject_id.to_owned(),
        }
    }

    /// Compares with an action given by its parts, without allocating.
    pub fn cmp_parts(&self, v_number: &str, action: &str, subject_id: &str) -> std::cmp::Ordering {
        (
            self.v_number.as_str(),
            self.action.as_str(),
            self.subject_id.as_str(),
        )
            .cmp(&(v_number, action, subject_id))
    }
}

/// What an analyst decided about one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub kind: VerdictKind,
    /// Only (and always) for `uitgesteld`: the day the action is open again.
    pub until: Option<Date>,
    pub note: String,
    pub by: String,
}

/// One row of a verdicts file (a CSV or an edited actions.xlsx): what an
/// analyst says about one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Where the row is: its line (CSV) or row number (workbook).
    pub line: u64,
    /// The workbook sheet the row is on; `None` for a CSV.
    pub sheet: Option<String>,
    pub key: ActionKey,
    /// `None`: no verdict on this action (any verdict in force is withdrawn).
    pub verdict: Option<Verdict>,
    /// The date the verdict shown on the row was first recorded, when the
    /// row came from a run's own output (the workbook's *Vastgelegd*, the
    /// `recorded` column of verdicts.csv). It tells an unchanged row of an
    /// older workbook from a new decision.
    pub shown: Option<Date>,
    /// The start of the person's fingerprint in the run that wrote the
    /// workbook (its hidden *vingerafdruk* column): the data the analyst
    /// decided on. A new verdict on data that has changed since is not
    /// taken on.
    pub seen: Option<String>,
}

/// A verdict as a run took it on: when, against which fingerprint of the
/// person's input records, and for the action as it was then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub key: ActionKey,
    pub verdict: Verdict,
    /// The peildatum of the run that first took the verdict on.
    pub recorded: Date,
    /// The person's input fingerprint then (64 lower-case hex digits).
    pub fingerprint: String,
    pub rule_id: String,
    pub due_date: Option<Date>,
    pub sis_effect: String,
}

/// Why a verdict does not apply in this run. Each is shown with its reason
/// in Dutch; none hides the action, which is open work again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NotApplied {
    /// The person's input records differ from when the verdict was recorded.
    DataChanged,
    /// The action has another rule, due date or SIS effect than then.
    ActionChanged,
    /// `uitgesteld` reached its date.
    PostponementEnded,
    /// This run has no such action (it may have resolved).
    NoAction,
    /// Actions that keep a person on hold (group HOLD, and R14's hit of such
    /// a person) stay open: what holds the person must be put right, and a
    /// hit's consultation term runs meanwhile.
    OnHold,
    /// A new `uitgesteld` whose date is not after the peildatum.
    UntilNotAhead,
    /// A row of an older workbook (or verdicts file) showing a verdict that
    /// is no longer in force.
    Stale,
    /// The analyst removed the verdict.
    Withdrawn,
}

impl NotApplied {
    pub const ALL: [NotApplied; 8] = [
        NotApplied::DataChanged,
        NotApplied::ActionChanged,
        NotApplied::PostponementEnded,
        NotApplied::NoAction,
        NotApplied::OnHold,
        NotApplied::UntilNotAhead,
        NotApplied::Stale,
        NotApplied::Withdrawn,
    ];

    /// The code in verdicts_not_applied.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            NotApplied::DataChanged => "data_changed",
            NotApplied::ActionChanged => "action_changed",
            NotApplied::PostponementEnded => "postponement_ended",
            NotApplied::NoAction => "no_action",
            NotApplied::OnHold => "on_hold",
            NotApplied::UntilNotAhead => "until_not_ahead",
            NotApplied::Stale => "stale",
            NotApplied::Withdrawn => "withdrawn",
        }
    }

    /// The reason in Dutch, for one verdict: `recorded` is the date the
    /// verdict was first taken on (absent for one that never was), `until`
    /// its date, `change` what changed in the action.
    pub fn nl(self, recorded: Option<Date>, until: Option<Date>, change: &str) -> String {
        let since = |what: &str| match recorded {
            Some(d) => format!("{what} sinds afhandeling op {d}"),
            None => format!(
                "{what} sinds de werkmap waarin deze afhandeling is gekozen; kies haar opnieuw in de werkmap van de laatste run"
            ),
        };
        let day = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        match self {
            NotApplied::DataChanged => since("gegevens gewijzigd"),
            NotApplied::ActionChanged => format!("{}: {change}", since("actie gewijzigd")),
            NotApplied::PostponementEnded => {
                format!("uitgesteld tot {}: die datum is bereikt", day(until))
            }
            NotApplied::NoAction => {
                "deze actie staat niet (meer) in de actielijst van deze run".to_owned()
            }
            NotApplied::OnHold => {
                "wachtacties (persoon in de wacht, hit van een persoon in de wacht) blijven open tot de oorzaak van het wachten is weggenomen (de afgekeurde rij hersteld, de registratie gecorrigeerd)".to_owned()
            }
            NotApplied::UntilNotAhead => format!(
                "uitgesteld tot {}: die datum ligt niet na de peildatum",
                day(until)
            ),
            NotApplied::Stale => format!(
                "deze rij toont de afhandeling van {}, die niet meer geldt; kies de afhandeling opnieuw en laat Vastgelegd leeg",
                day(recorded)
            ),
            NotApplied::Withdrawn => format!(
                "ingetrokken door de analist (afhandeling van {})",
                day(recorded)
            ),
        }
    }
}

/// The columns of a verdicts file, in order: what an analyst fills in.
pub const COLUMNS: [&str; 7] = [
    "v_number",
    "action",
    "subject_id",
    "verdict",
    "until",
    "note",
    "by",
];

/// The column of a run's own verdict files (verdicts.csv) that says when a
/// verdict was first recorded; read back from a verdicts file it means what
/// the workbook's *Vastgelegd* means.
pub const RECORDED: &str = "recorded";

/// The workbook's Dutch headers of the analyst's columns, in `COLUMNS`
/// order from `verdict` on, then *Vastgelegd* (`recorded`).
pub const WORKBOOK_HEADERS: [&str; 5] = ["Afhandeling", "Tot", "Toelichting", "Door", "Vastgelegd"];

/// The workbook's hidden column with the start of each person's fingerprint
/// (`Statement::seen`).
pub const SEEN: &str = "vingerafdruk";
