//! A person's case: every accepted record with one V-number, the identity
//! resolved from them (SPEC §3.2) and whether any of the person's rows was
//! quarantined (H01).
//!
//! Cases borrow from `Inputs`; they are built once and evaluated in parallel.
//! Records inside a case are ordered by their id, so nothing downstream
//! depends on the order rows had in the exports.

mod facts;
mod identity;

pub use facts::{Event, EventKind, Facts, TCN_TEMPORARY_END};
pub use identity::{Finding, ResolvedIdentity};

use crate::ingest::Inputs;
use crate::model::{
    AlertDecision, Application, EntryBan, ExclusionOrder, ReturnDecision, RtbHolder, SisHit,
};
use std::collections::HashMap;

/// All records of one person.
#[derive(Debug, Default)]
pub struct Case<'a> {
    pub v_number: &'a str,
    pub holder: Option<&'a RtbHolder>,
    pub entry_bans: Vec<&'a EntryBan>,
    pub exclusion_orders: Vec<&'a ExclusionOrder>,
    pub return_decisions: Vec<&'a ReturnDecision>,
    pub sis_hits: Vec<&'a SisHit>,
    pub applications: Vec<&'a Application>,
    pub alert_decisions: Vec<&'a AlertDecision>,
    /// A row with this V-number was quarantined (H01).
    pub quarantined: bool,
    pub identity: ResolvedIdentity<'a>,
}

impl<'a> Case<'a> {
    pub fn entry_ban(&self, id: &str) -> Option<&'a EntryBan> {
        self.entry_bans.iter().copied().find(|b| b.ban_id == id)
    }

    pub fn exclusion_order(&self, id: &str) -> Option<&'a ExclusionOrder> {
        self.exclusion_orders
            .iter()
            .copied()
            .find(|o| o.ovr_id == id)
    }
}

/// Groups the inputs per V-number. Returns the cases sorted by V-number and
/// the identity findings (sorted), both independent of input row order.
pub fn build(inputs: &Inputs) -> (Vec<Case<'_>>, Vec<Finding>) {
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(inputs.rtb_holders.len());
    let mut cases: Vec<Case<'_>> = Vec::with_capacity(inputs.rtb_holders.len());

    for r in &inputs.rtb_holders {
        slot(&mut index, &mut cases, &r.v_number).holder = Some(r);
    }
    for b in &inputs.entry_bans {
        slot(&mut index, &mut cases, &b.v_number).entry_bans.push(b);
    }
    for o in &inputs.exclusion_orders {
        slot(&mut index, &mut cases, &o.v_number)
            .exclusion_orders
            .push(o);
    }
    for t in &inputs.return_decisions {
        slot(&mut index, &mut cases, &t.v_number)
            .return_decisions
            .push(t);
    }
    for h in &inputs.sis_hits {
        slot(&mut index, &mut cases, &h.v_number).sis_hits.push(h);
    }
    for a in &inputs.applications {
        slot(&mut index, &mut cases, &a.v_number)
            .applications
            .push(a);
    }
    for s in &inputs.alert_decisions {
        slot(&mut index, &mut cases, &s.v_number)
            .alert_decisions
            .push(s);
    }
    for rej in &inputs.rejected {
        if let Some(v) = &rej.v_number {
            slot(&mut index, &mut cases, v).quarantined = true;
        }
    }
    drop(index);

    let mut findings = Vec::new();
    for case in &mut cases {
        // Identity is resolved in file-then-line order (the vectors still have
        // input order here); everything after works on id order.
        let (identity, mut conflicts) = identity::resolve(case);
        case.identity = identity;
        findings.append(&mut conflicts);
        case.entry_bans
            .sort_unstable_by(|a, b| a.ban_id.cmp(&b.ban_id));
        case.exclusion_orders
            .sort_unstable_by(|a, b| a.ovr_id.cmp(&b.ovr_id));
        case.return_decisions
            .sort_unstable_by(|a, b| a.tkb_id.cmp(&b.tkb_id));
        case.sis_hits
            .sort_unstable_by(|a, b| a.hit_id.cmp(&b.hit_id));
        case.applications
            .sort_unstable_by(|a, b| a.application_id.cmp(&b.application_id));
        case.alert_decisions
            .sort_unstable_by(|a, b| a.bts_id.cmp(&b.bts_id));
    }
    cases.sort_unstable_by(|a, b| a.v_number.cmp(b.v_number));
    findings.sort();
    (cases, findings)
}

fn slot<'c, 'a>(
    index: &mut HashMap<&'a str, usize>,
    cases: &'c mut Vec<Case<'a>>,
    v: &'a str,
) -> &'c mut Case<'a> {
    let i = *index.entry(v).or_insert_with(|| {
        cases.push(Case {
            v_number: v,
            ..Case::default()
        });
        cases.len() - 1
    });
    &mut cases[i]
}
