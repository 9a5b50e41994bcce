//! Population profiles: which archetypes a generated set is drawn from, and
//! what every person gets on top.
//!
//! `default` is the RTB population as the team sees it most nights: two in
//! three persons are quiet protection holders, 1.24 rows and 0.07 actions per
//! person. `enforcement` is a population where most persons have an entry ban
//! and an SIS hit (issue 13: 3–4 rows and more than one action per person), to
//! measure the run where the rules and the action outputs do the most work.
//!
//! The enforcement profile reweights the same archetypes (so every rule still
//! has its archetype and the engine test of `archetype` covers it) and adds
//! records chosen not to change what the archetype fires: hits on foreign
//! alerts (each gets its one action of group HIT, R14, R16 or R19, by the
//! person's facts), an entry ban whose term ran out long ago (`expired`: not
//! live, light, so no rule reads it) and an executed return decision (not
//! live). A test holds each archetype to exactly its rules plus one HIT action
//! per hit under this profile.

use super::archetype::{ARCHETYPES, Archetype};
use super::builder::Builder;
use super::person::Person;
use crate::model::{BanStatus, TkbStatus};
use fastrand::Rng;

/// Which population to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// The archetype table's own weights (`archetype.rs`).
    #[default]
    Default,
    /// Most persons with an entry ban and SIS hits (see the module doc).
    Enforcement,
}

/// Archetype weights of the enforcement profile, per 100 000 persons, by
/// archetype name; an archetype not listed here keeps a weight of 100 so
/// that every rule still occurs. A test checks the names and the total.
const ENFORCEMENT_WEIGHTS: &[(&str, u32)] = &[
    ("r01_lapsed_ban", 3_000),
    ("r03_heavy_ban_predates_grant", 12_000),
    ("r05_light_ban_under_tp", 9_000),
    ("r06_temp_lift_stale_end", 5_000),
    ("r07_temp_lift_after_tp", 2_000),
    ("r08_heavy_ban_regular_granted", 1_000),
    ("r11_tkb_active_under_tp", 2_000),
    ("r12_suspension_stale_end", 1_500),
    ("r13_suspension_after_tp", 1_000),
    ("r15_stale_nl_alert", 1_500),
    ("r16_foreign_alert", 1_000),
    ("r17_admitted_on_nl_alert", 2_500),
    ("r18_nl_alert_covered", 5_000),
    ("r19_hit_no_action", 1_000),
    ("r25_asylum_po", 1_000),
    ("r26_claim_po", 1_000),
    ("r30_po_during_tp", 1_000),
    ("r31_keep_measures", 500),
    ("granted", 4_000),
    ("claimed", 1_000),
    ("ended", 1_000),
    ("processed_heavy_ban", 19_600),
    ("processed_light_ban", 11_000),
    ("processed_tkb", 2_000),
    ("followed_up", 1_000),
    ("old_measures", 7_000),
];

/// Weight of an archetype that `ENFORCEMENT_WEIGHTS` does not list.
const ENFORCEMENT_OTHER: u32 = 100;

/// Share (percent) of enforcement persons with a hit on a foreign alert, and
/// of those with a second one.
const FOREIGN_HIT_PCT: u32 = 70;
const SECOND_HIT_PCT: u32 = 15;
/// Share (percent) of enforcement persons with an old expired light ban, and
/// with an executed return decision.
const EXPIRED_BAN_PCT: u32 = 45;
const EXECUTED_TKB_PCT: u32 = 35;

impl Profile {
    /// The weight of `archetype` in this profile (per 100 000 persons).
    pub fn weight(self, archetype: &Archetype) -> u32 {
        match self {
            Profile::Default => archetype.weight,
            Profile::Enforcement => ENFORCEMENT_WEIGHTS
                .iter()
                .find(|(name, _)| *name == archetype.name)
                .map_or(ENFORCEMENT_OTHER, |(_, w)| *w),
        }
    }

    /// The archetypes with their weights, in table order.
    pub(super) fn weights(self) -> Vec<(u32, &'static Archetype)> {
        ARCHETYPES.iter().map(|a| (self.weight(a), a)).collect()
    }

    /// Adds what every person of this profile has beyond their archetype
    /// (nothing for the default profile, which draws nothing here, so its
    /// output does not change).
    pub(super) fn extend(self, b: &mut Builder<'_>, p: &mut Person) {
        if self == Profile::Default {
            return;
        }
        if b.pct(FOREIGN_HIT_PCT) {
            let hit = b.foreign_hit();
            p.hits.push(hit);
            if b.pct(SECOND_HIT_PCT) {
                let hit = b.foreign_hit();
                p.hits.push(hit);
            }
        }
        if b.pct(EXPIRED_BAN_PCT) {
            let decided = b.ago(2500, 5000);
            let mut ban = b.light_ban(decided);
            let latest = b.as_of;
            b.lapse(&mut ban, latest);
            ban.status = BanStatus::Expired;
            p.bans.push(ban);
        }
        if b.pct(EXECUTED_TKB_PCT) {
            let decided = b.ago(1500, 5000);
            let mut tkb = b.tkb(decided);
            tkb.status = TkbStatus::Executed;
            p.tkbs.push(tkb);
        }
    }
}

/// Draws an archetype from `weights` (whose weights sum to `total`).
pub(super) fn pick(
    rng: &mut Rng,
    weights: &[(u32, &'static Archetype)],
    total: u32,
) -> &'static Archetype {
    let mut draw = rng.u32(0..total);
    for (w, a) in weights {
        if draw < *w {
            return a;
        }
        draw -= w;
    }
    weights.last().map_or(&ARCHETYPES[0], |(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enforcement_weights_name_archetypes_and_sum_to_100_000() {
        for (name, _) in ENFORCEMENT_WEIGHTS {
            assert!(
                ARCHETYPES.iter().any(|a| a.name == *name),
                "{name} is no archetype"
            );
        }
        let total: u32 = Profile::Enforcement.weights().iter().map(|(w, _)| w).sum();
        assert_eq!(total, 100_000);
        assert!(
            ARCHETYPES
                .iter()
                .all(|a| Profile::Enforcement.weight(a) > 0)
        );
    }
}
