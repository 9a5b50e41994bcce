//! The one evaluation layer: a person's case and a set of parameters in, the
//! derived facts (SPEC §4) and the actions (§6, in the contract's order) out,
//! and with a trace the rules tried, for `explain`. Every command goes
//! through here: the run, its drafts, `explain`, `impact`, `upcoming` and
//! the comparison with a previous run. Nothing else derives facts.
//!
//! A [`Batch`] holds every person's evaluation of one input under one set of
//! parameters, evaluated in parallel; `ledger` is the run's proof over it
//! that no input row was lost or invented.
//!
//! It knows nothing of files or outputs: it reads cases (`case`) and applies
//! the rule table (`rules`).

pub mod ledger;

use crate::case::{self, Case, Facts, Finding};
use crate::config::Params;
use crate::ingest::Inputs;
use crate::rules::{self, Action, Step};
use rayon::prelude::*;

/// One person evaluated under one set of parameters.
#[derive(Debug, Clone)]
pub struct Evaluation<'a> {
    pub facts: Facts,
    /// In the contract's order: by action code, then subject (SPEC §5).
    pub actions: Vec<Action<'a>>,
}

/// Evaluates one person's (completed) case under `params`.
pub fn person<'a>(case: &Case<'a>, params: &Params) -> Evaluation<'a> {
    let facts = Facts::derive(case, params);
    let mut actions = rules::evaluate(case, &facts, None);
    sort(&mut actions);
    Evaluation { facts, actions }
}

/// As [`person`], recording every rule tried on every subject (`explain`).
pub fn traced<'a>(case: &Case<'a>, params: &Params) -> (Evaluation<'a>, Vec<Step>) {
    let facts = Facts::derive(case, params);
    let mut steps = Vec::new();
    let mut actions = rules::evaluate(case, &facts, Some(&mut steps));
    sort(&mut actions);
    (Evaluation { facts, actions }, steps)
}

/// The contract's order of one person's actions (SPEC §5: by V-number, then
/// action, then subject id, in byte order; one person has one V-number).
fn sort(actions: &mut [Action<'_>]) {
    actions
        .sort_unstable_by(|a, b| (a.rule.action, a.subject_id).cmp(&(b.rule.action, b.subject_id)));
}

/// Every person of an input evaluated under one set of parameters, in
/// V-number order; `cases[i]` is evaluated in `evaluations[i]`.
pub struct Batch<'a> {
    pub params: Params,
    pub cases: Vec<Case<'a>>,
    pub evaluations: Vec<Evaluation<'a>>,
    /// Identity conflicts between exports, sorted.
    pub findings: Vec<Finding>,
}

/// Told how far a [`Batch`] has come (the run's progress bar).
pub trait Progress: Sync {
    /// Grouping is done: `persons` will be evaluated.
    fn start(&self, persons: u64);
    /// `persons` more are evaluated.
    fn advance(&self, persons: u64);
}

/// Progress that nobody watches.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// Persons evaluated between two reports of progress: often enough for a
/// live bar, rarely enough that the bar's lock costs nothing.
const PROGRESS_EVERY: usize = 8192;

impl<'a> Batch<'a> {
    /// Evaluates every person, in parallel on the current rayon pool. A
    /// pure function of (input, parameters).
    pub fn new(inputs: &'a Inputs, params: &Params) -> Self {
        Self::with_progress(inputs, params, &NoProgress)
    }

    /// As [`Batch::new`], telling `progress` how many persons are done.
    pub fn with_progress(inputs: &'a Inputs, params: &Params, progress: &dyn Progress) -> Self {
        // Completing a case (identity, id order) and evaluating it happen in
        // one pass, so at millions of persons each one's records come from
        // memory once (the same result as `case::build` and then evaluating).
        let mut cases = case::group(inputs);
        progress.start(cases.len() as u64);
        let (evaluations, findings): (Vec<_>, Vec<_>) = cases
            .par_iter_mut()
            .enumerate()
            .map(|(index, case)| {
                let findings = case::complete(case);
                // Each index is seen once, so every block of persons is
                // reported once, by whichever thread finishes its last.
                if index % PROGRESS_EVERY == PROGRESS_EVERY - 1 {
                    progress.advance(PROGRESS_EVERY as u64);
                }
                (person(case, params), findings)
            })
            .unzip();
        progress.advance((cases.len() % PROGRESS_EVERY) as u64);
        let mut findings: Vec<Finding> = findings.into_iter().flatten().collect();
        findings.par_sort();
        Batch {
            params: *params,
            cases,
            evaluations,
            findings,
        }
    }

    /// The same persons evaluated under other parameters (`impact`).
    pub fn under(&self, params: &Params) -> Vec<Evaluation<'a>> {
        self.cases.par_iter().map(|c| person(c, params)).collect()
    }

    /// Each person's case with its evaluation.
    pub fn persons(&self) -> impl Iterator<Item = (&Case<'a>, &Evaluation<'a>)> {
        self.cases.iter().zip(&self.evaluations)
    }

    /// As [`Batch::persons`], in parallel.
    pub fn par_persons(&self) -> impl IndexedParallelIterator<Item = (&Case<'a>, &Evaluation<'a>)> {
        self.cases.par_iter().zip(self.evaluations.par_iter())
    }

    /// Every action of every person, in the contract's order.
    pub fn actions(&self) -> impl Iterator<Item = &Action<'a>> {
        self.evaluations.iter().flat_map(|e| &e.actions)
    }
}
