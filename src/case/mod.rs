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
use rayon::prelude::*;

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
    let mut cases = group(inputs);
    let mut findings: Vec<Finding> = cases.par_iter_mut().flat_map_iter(complete).collect();
    findings.par_sort();
    (cases, findings)
}

/// The first half of [`build`]: every person's records, cases in V-number
/// order, each export's records still in line order and the identity not yet
/// resolved. Each case must go through [`complete`] before it is used; the
/// run does that in the same parallel pass as the rules, so each person's
/// records are fetched from memory once.
///
/// Grouping is by sorting, not hashing: every record becomes one integer key
/// (its V-number, the export, its index), the keys are sorted in parallel, and
/// each run of equal V-numbers is one case. The keys carry the V-number text,
/// so grouping reads only the keys, in order.
pub fn group<'a>(inputs: &'a Inputs) -> Vec<Case<'a>> {
    let mut keys: Vec<(Key, &'a str)> = Vec::with_capacity(
        inputs.rtb_holders.len()
            + inputs.entry_bans.len()
            + inputs.exclusion_orders.len()
            + inputs.return_decisions.len()
            + inputs.sis_hits.len()
            + inputs.applications.len()
            + inputs.alert_decisions.len()
            + inputs.rejected.len(),
    );
    let mut add = |kind: Kind, v_numbers: &mut dyn Iterator<Item = &'a str>| {
        keys.extend(
            v_numbers
                .enumerate()
                .map(|(index, v)| (Key::new(v, kind, index), v)),
        );
    };
    add(
        Kind::Holder,
        &mut inputs.rtb_holders.iter().map(|r| r.v_number.as_str()),
    );
    add(
        Kind::Ban,
        &mut inputs.entry_bans.iter().map(|r| r.v_number.as_str()),
    );
    add(
        Kind::Ovr,
        &mut inputs.exclusion_orders.iter().map(|r| r.v_number.as_str()),
    );
    add(
        Kind::Tkb,
        &mut inputs.return_decisions.iter().map(|r| r.v_number.as_str()),
    );
    add(
        Kind::Hit,
        &mut inputs.sis_hits.iter().map(|r| r.v_number.as_str()),
    );
    add(
        Kind::App,
        &mut inputs.applications.iter().map(|r| r.v_number.as_str()),
    );
    add(
        Kind::Bts,
        &mut inputs.alert_decisions.iter().map(|r| r.v_number.as_str()),
    );
    add(
        Kind::Quarantined,
        &mut inputs.rejected.iter().filter_map(|r| r.v_number.as_deref()),
    );
    // The keys are unique, so a stable sort gives the same order; it merges
    // the runs that ingestion's ordering by person leaves (one per export)
    // instead of sorting from scratch.
    keys.par_sort_by_key(|(key, _)| *key);

    let mut cases: Vec<Case<'a>> = Vec::with_capacity(inputs.rtb_holders.len());
    let mut current = None;
    for &(key, v_number) in &keys {
        let same =
            current == Some(key.person()) && cases.last().is_some_and(|c| c.v_number == v_number);
        if !same {
            current = Some(key.person());
            cases.push(Case {
                v_number,
                ..Case::default()
            });
        }
        let Some(case) = cases.last_mut() else {
            continue;
        };
        let index = key.index();
        match key.kind() {
            Kind::Holder => case.holder = Some(&inputs.rtb_holders[index]),
            Kind::Ban => case.entry_bans.push(&inputs.entry_bans[index]),
            Kind::Ovr => case.exclusion_orders.push(&inputs.exclusion_orders[index]),
            Kind::Tkb => case.return_decisions.push(&inputs.return_decisions[index]),
            Kind::Hit => case.sis_hits.push(&inputs.sis_hits[index]),
            Kind::App => case.applications.push(&inputs.applications[index]),
            Kind::Bts => case.alert_decisions.push(&inputs.alert_decisions[index]),
            Kind::Quarantined => case.quarantined = true,
        }
    }
    cases
}

/// The second half of [`build`] for one case: resolves its identity (in
/// file-then-line order, which the vectors still have) and then orders each
/// export's records by id, so nothing downstream depends on row order.
/// Returns the identity findings (unsorted).
pub fn complete(case: &mut Case<'_>) -> Vec<Finding> {
    let (identity, conflicts) = identity::resolve(case);
    case.identity = identity;
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
    conflicts
}

/// Where a record comes from; the order is the order of the case's vectors
/// after grouping (any fixed order would do: each export has its own vector).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Holder,
    Ban,
    Ovr,
    Tkb,
    Hit,
    App,
    Bts,
    Quarantined,
}

impl Kind {
    const ALL: [Kind; 8] = [
        Kind::Holder,
        Kind::Ban,
        Kind::Ovr,
        Kind::Tkb,
        Kind::Hit,
        Kind::App,
        Kind::Bts,
        Kind::Quarantined,
    ];
}

/// A record as one sortable integer: its V-number in the top 64 bits, then
/// the kind, then the record's index in its vector.
///
/// A V-number is 6 to 12 ASCII digits (ingestion accepts nothing else), so
/// each digit fits in 4 bits as digit + 1, left-aligned with 0 as padding:
/// comparing the codes compares the strings byte by byte (a shorter string
/// that is a prefix sorts first, as in byte order). Anything that is not a
/// V-number (impossible after ingestion) maps to the largest code; `build`
/// still compares the strings, so it can never join two persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key(u128);

impl Key {
    fn new(v_number: &str, kind: Kind, index: usize) -> Self {
        Key(u128::from(v_code(v_number)) << 64 | (kind as u128) << 56 | index as u128)
    }

    fn person(self) -> u64 {
        (self.0 >> 64) as u64
    }

    fn kind(self) -> Kind {
        Kind::ALL[((self.0 >> 56) as usize) & 7]
    }

    fn index(self) -> usize {
        (self.0 & ((1 << 56) - 1)) as usize
    }
}

/// The order-preserving code of a V-number (see `Key`).
fn v_code(v: &str) -> u64 {
    let bytes = v.as_bytes();
    if bytes.len() > 15 || !bytes.iter().all(u8::is_ascii_digit) {
        return u64::MAX;
    }
    let mut code = 0u64;
    for i in 0..16 {
        let nibble = bytes.get(i).map_or(0, |b| u64::from(b - b'0') + 1);
        code = code << 4 | nibble;
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v_codes_sort_like_the_strings() {
        let mut v = vec![
            "123456",
            "0123456",
            "1234560",
            "999999999999",
            "000000",
            "1234567",
            "12345",
        ];
        let mut by_code = v.clone();
        by_code.sort_by_key(|s| v_code(s));
        v.sort_unstable();
        assert_eq!(by_code, v);
        assert_ne!(v_code("0123456"), v_code("123456"));
    }

    #[test]
    fn keys_keep_kind_and_index() {
        let k = Key::new("0123456", Kind::Hit, 4_300_000);
        assert_eq!((k.kind(), k.index()), (Kind::Hit, 4_300_000));
        assert_eq!(k.person(), v_code("0123456"));
        assert!(Key::new("0123456", Kind::Holder, 9) < Key::new("0123456", Kind::Ban, 0));
        assert!(Key::new("0123456", Kind::Bts, 9) < Key::new("0123457", Kind::Holder, 0));
    }
}
