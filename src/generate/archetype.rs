//! The person patterns the generator draws from: one **archetype** per rule
//! (H02, R01–R35), built from the rule's "when" column and the derived facts
//! of SPEC §4 so that exactly that rule fires for its subject, plus the quiet
//! archetypes that make up most of the population and fire nothing.
//!
//! All dates are relative to `as_of` and to the default end of protection
//! (2027-03-04, `--rtb-valid-until`); the archetypes behave as documented for
//! an `as_of` after 2024-03-04 (R27) and up to 2027-03-04, with the default
//! flags (`--ukraine-return-possible` off). H01 has no archetype: it fires for
//! the persons whose rows the `bad` module damages. Nothing here writes rows.
//!
//! Weights are per 100 000 persons. Every archetype's builder may pick one of a
//! few variants (letters below); each variant fires the same rule.
//!
//! | archetype | rule | weight | pattern |
//! |---|---|---|---|
//! | `h02_eu_national` | H02 | 200 | (a) granted Ukrainian with a Hungarian, Romanian, Polish or Slovak second nationality; (b) claim by a Union citizen (family member) |
//! | `r01_lapsed_ban` | R01 | 300 | entry ban `active` whose term ran out years ago: (a) light ban of a protection holder, (b) light or heavy ban of a person outside the RTB |
//! | `r02_ban_not_in_force_regular` | R02 | 100 | outside the RTB; ban never in force (no departure), regular permit granted after it |
//! | `r03_heavy_ban_predates_grant` | R03 | 600 | protection holder; heavy ban `active`, in force, decided before the grant |
//! | `r04_light_ban_regular_6_6` | R04 | 100 | outside the RTB; light ban in force; regular permit granted after it with `art_6_6_purpose = true` |
//! | `r05_light_ban_under_tp` | R05 | 800 | protection holder; light ban `active` (or temporarily lifted), in force or not |
//! | `r06_temp_lift_stale_end` | R06 | 400 | protection holder; heavy ban temporarily lifted for protection until 2025-03-04, 2026-03-04 or no date |
//! | `r07_temp_lift_after_tp` | R07 | 200 | protection ended (absence, other) or withdrawn (fraud); heavy ban still temporarily lifted for protection |
//! | `r08_heavy_ban_regular_granted` | R08 | 100 | outside the RTB; heavy ban in force; regular permit granted after it |
//! | `r09_ovr_lift` | R09 | 150 | (a) protection holder with an `active` OVR from before the grant; (b) outside the RTB, regular permit granted after the OVR |
//! | `r10_ovr_regular_pending` | R10 | 50 | outside the RTB; `active` OVR; regular application pending |
//! | `r11_tkb_active_under_tp` | R11 | 600 | protection holder; return decision `active` |
//! | `r12_suspension_stale_end` | R12 | 400 | protection holder; return decision suspended for protection until an earlier end date or no date |
//! | `r13_suspension_after_tp` | R13 | 200 | protection ended (absence, other) or withdrawn (fraud); return decision still suspended for protection |
//! | `r14_hit_on_hold` | R14 | 50 | an `h02_eu_national` person with a hit on a foreign alert (also fires H02) |
//! | `r15_stale_nl_alert` | R15 | 100 | protection holder; hit on the NL alert of an expired ban, a lifted OVR, an executed return decision or a withdrawn Bts |
//! | `r16_foreign_alert` | R16 | 400 | holder (or claimant) hit on a refusal or return alert of PL, RO, SK, HU or another state |
//! | `r17_admitted_on_nl_alert` | R17 | 100 | outside the RTB or protection ended; heavy ban in force; admitted at a hit on its NL alert |
//! | `r18_nl_alert_covered` | R18 | 200 | protection holder; heavy ban temporarily lifted until 2027-03-04; hit on its NL alert |
//! | `r19_hit_no_action` | R19 | 150 | (a) holder hit on an alert of kind `other`; (b) outside the RTB, not admitted at a hit on an NL alert; (c) outside the RTB, hit on a foreign alert |
//! | `r20_lift_request_from_ua` | R20 | 50 | Ukrainian outside the RTB; lift request filed from UA, conditions not met |
//! | `r21_lift_request_rejected` | R21 | 50 | outside the RTB; lift request filed in NL or by a non-Ukrainian, conditions not met |
//! | `r22_lift_request_granted` | R22 | 50 | outside the RTB; lift request, conditions met |
//! | `r23_lift_request_unassessed` | R23 | 50 | outside the RTB; lift request, conditions not yet assessed |
//! | `r24_regular_po` | R24 | 150 | (a) holder with a public-order indication and a pending regular application; (b) outside the RTB, light public-order ban, pending regular application |
//! | `r25_asylum_po` | R25 | 200 | (a) holder with a public-order indication and a pending asylum application; (b) outside the RTB, heavy ban, pending asylum application |
//! | `r26_claim_po` | R26 | 200 | claimant with (a) a public-order indication, (b) a heavy ban from before the claim, or (c) an OVR lifted for protection |
//! | `r27_tcn_temporary_granted` | R27 | 200 | third-country national with a temporary Ukrainian permit, still `granted` |
//! | `r28_po_after_tp` | R28 | 150 | protection ended (absence, other, conditions) with (a) a public-order indication, (b) a public-order OVR or (c) a light public-order ban lifted for protection |
//! | `r29_regular_rejected_po` | R29 | 50 | (a) outside the RTB, regular application rejected on public order; (b) the same after protection ended; (c) outside the RTB, rejected on another ground while a final ban is live |
//! | `r30_po_during_tp` | R30 | 150 | protection holder with (a) a heavy ban, (b) an OVR, (c) a Bts decided after the grant, or (d) an asylum rejection on public order |
//! | `r31_keep_measures` | R31 | 150 | public-order refusal or withdrawal, not followed up, with a live return decision, light ban or OVR |
//! | `r32_impose_tkb_irv_bts` | R32 | 100 | public-order refusal or withdrawal, no live measure, return possible: (a) non-Ukrainian with `return_obstacle = no`, (b) a permit in a safe third country |
//! | `r33_return_obstacle_unknown` | R33 | 100 | public-order refusal or withdrawal, no live measure: (a) non-Ukrainian with the return obstacle not assessed, (b) Ukrainian with a non-EU second nationality |
//! | `r34_impose_bts` | R34 | 100 | public-order withdrawal or ending, no live measure: (a) Ukrainian, (b) non-Ukrainian with `return_obstacle = yes` |
//! | `r35_assess_bts` | R35 | 100 | no live measure: (a) Ukrainian refused on public order; (b) Ukrainian outside the RTB whose asylum claim was rejected on public order |
//! | `granted` | — | 65150 | protection holder, any category but a temporary Ukrainian permit |
//! | `granted_with_application` | — | 9000 | holder with an asylum or regular application (pending, granted, rejected on another ground, withdrawn) |
//! | `claimed` | — | 7500 | claim undecided |
//! | `ended` | — | 3000 | protection ended (absence, conditions, other), sometimes with a regular permit |
//! | `refused` | — | 1500 | third-country national refused on the conditions, often with a return decision |
//! | `withdrawn` | — | 400 | protection withdrawn for fraud, often with a return decision |
//! | `tcn_temporary_ended` | — | 1200 | temporary Ukrainian permit, protection ended on 2024-03-04 |
//! | `processed_heavy_ban` | — | 1200 | holder; heavy ban temporarily lifted until 2027-03-04 |
//! | `processed_light_ban` | — | 1000 | holder; light ban lifted for protection, or expired |
//! | `processed_tkb` | — | 1500 | holder; return decision suspended until 2027-03-04 |
//! | `processed_ovr` | — | 300 | holder; OVR lifted for protection |
//! | `followed_up` | — | 400 | public-order withdrawal already followed by a Bts (and a heavy ban) |
//! | `lift_request_decided` | — | 200 | outside the RTB; a lift request already granted or rejected |
//! | `old_measures` | — | 600 | holder with an expired light ban and an executed return decision |

use super::builder::{
    Age, Builder, EARLIER_ENDS, RTB_END, TCN_END, TP_START, ban_target, ovr_target, shift, ymd,
};
use super::names;
use super::person::Person;
use crate::model::{
    AlertKind, AppDecision, AppKind, BanGround, BanStatus, BtsStatus, Category, Ground,
    HitLocation, HolderStatus, LiftedReason, OvrStatus, PoIndication, ReturnObstacle, Severity,
    StatusGround, SuspensionReason, TkbStatus,
};

/// One person pattern.
pub struct Archetype {
    pub name: &'static str,
    /// The rule meant to fire for the subject; `None` for the quiet population.
    pub rule: Option<&'static str>,
    /// Other rules that fire for the same person by design.
    pub also: &'static [&'static str],
    /// Persons per 100 000.
    pub weight: u32,
    /// The records the archetype builds (English, for the docs).
    pub pattern: &'static str,
    build: fn(&mut Builder<'_>, &mut Person),
}

impl Archetype {
    /// Fills `person` (whose V-number is set) with this pattern's records.
    pub(super) fn build(&self, b: &mut Builder<'_>, person: &mut Person) {
        (self.build)(b, person);
    }
}

macro_rules! archetypes {
    ($($name:ident, $rule:expr, [$($also:literal),*], $weight:literal, $pattern:literal;)+) => {
        /// The archetype table: rule archetypes in rule order, then the quiet ones.
        pub const ARCHETYPES: &[Archetype] = &[$(Archetype {
            name: stringify!($name),
            rule: $rule,
            also: &[$($also),*],
            weight: $weight,
            pattern: $pattern,
            build: $name,
        }),+];
    };
}

archetypes! {
    h02_eu_national, Some("H02"), [], 200,
        "(a) granted Ukrainian with a Hungarian, Romanian, Polish or Slovak second nationality; (b) claim by a Union citizen (family member)";
    r01_lapsed_ban, Some("R01"), [], 300,
        "entry ban `active` whose term ran out years ago: (a) light ban of a protection holder, (b) light or heavy ban of a person outside the RTB";
    r02_ban_not_in_force_regular, Some("R02"), [], 100,
        "outside the RTB; ban never in force (no departure), regular permit granted after it";
    r03_heavy_ban_predates_grant, Some("R03"), [], 600,
        "protection holder; heavy ban `active`, in force, decided before the grant";
    r04_light_ban_regular_6_6, Some("R04"), [], 100,
        "outside the RTB; light ban in force; regular permit granted after it with `art_6_6_purpose = true`";
    r05_light_ban_under_tp, Some("R05"), [], 800,
        "protection holder; light ban `active` (or temporarily lifted), in force or not";
    r06_temp_lift_stale_end, Some("R06"), [], 400,
        "protection holder; heavy ban temporarily lifted for protection until 2025-03-04, 2026-03-04 or no date";
    r07_temp_lift_after_tp, Some("R07"), [], 200,
        "protection ended (absence, other) or withdrawn (fraud); heavy ban still temporarily lifted for protection";
    r08_heavy_ban_regular_granted, Some("R08"), [], 100,
        "outside the RTB; heavy ban in force; regular permit granted after it";
    r09_ovr_lift, Some("R09"), [], 150,
        "(a) protection holder with an `active` OVR from before the grant; (b) outside the RTB, regular permit granted after the OVR";
    r10_ovr_regular_pending, Some("R10"), [], 50,
        "outside the RTB; `active` OVR; regular application pending";
    r11_tkb_active_under_tp, Some("R11"), [], 600,
        "protection holder; return decision `active`";
    r12_suspension_stale_end, Some("R12"), [], 400,
        "protection holder; return decision suspended for protection until an earlier end date or no date";
    r13_suspension_after_tp, Some("R13"), [], 200,
        "protection ended (absence, other) or withdrawn (fraud); return decision still suspended for protection";
    r14_hit_on_hold, Some("R14"), ["H02"], 50,
        "an `h02_eu_national` person with a hit on a foreign alert (also fires H02)";
    r15_stale_nl_alert, Some("R15"), [], 100,
        "protection holder; hit on the NL alert of an expired ban, a lifted OVR, an executed return decision or a withdrawn Bts";
    r16_foreign_alert, Some("R16"), [], 400,
        "holder (or claimant) hit on a refusal or return alert of PL, RO, SK, HU or another state";
    r17_admitted_on_nl_alert, Some("R17"), [], 100,
        "outside the RTB or protection ended; heavy ban in force; admitted at a hit on its NL alert";
    r18_nl_alert_covered, Some("R18"), [], 200,
        "protection holder; heavy ban temporarily lifted until 2027-03-04; hit on its NL alert";
    r19_hit_no_action, Some("R19"), [], 150,
        "(a) holder hit on an alert of kind `other`; (b) outside the RTB, not admitted at a hit on an NL alert; (c) outside the RTB, hit on a foreign alert";
    r20_lift_request_from_ua, Some("R20"), [], 50,
        "Ukrainian outside the RTB; lift request filed from UA, conditions not met";
    r21_lift_request_rejected, Some("R21"), [], 50,
        "outside the RTB; lift request filed in NL or by a non-Ukrainian, conditions not met";
    r22_lift_request_granted, Some("R22"), [], 50,
        "outside the RTB; lift request, conditions met";
    r23_lift_request_unassessed, Some("R23"), [], 50,
        "outside the RTB; lift request, conditions not yet assessed";
    r24_regular_po, Some("R24"), [], 150,
        "(a) holder with a public-order indication and a pending regular application; (b) outside the RTB, light public-order ban, pending regular application";
    r25_asylum_po, Some("R25"), [], 200,
        "(a) holder with a public-order indication and a pending asylum application; (b) outside the RTB, heavy ban, pending asylum application";
    r26_claim_po, Some("R26"), [], 200,
        "claimant with (a) a public-order indication, (b) a heavy ban from before the claim, or (c) an OVR lifted for protection";
    r27_tcn_temporary_granted, Some("R27"), [], 200,
        "third-country national with a temporary Ukrainian permit, still `granted`";
    r28_po_after_tp, Some("R28"), [], 150,
        "protection ended (absence, other, conditions) with (a) a public-order indication, (b) a public-order OVR or (c) a light public-order ban lifted for protection";
    r29_regular_rejected_po, Some("R29"), [], 50,
        "(a) outside the RTB, regular application rejected on public order; (b) the same after protection ended; (c) outside the RTB, rejected on another ground while a final ban is live";
    r30_po_during_tp, Some("R30"), [], 150,
        "protection holder with (a) a heavy ban, (b) an OVR, (c) a Bts decided after the grant, or (d) an asylum rejection on public order";
    r31_keep_measures, Some("R31"), [], 150,
        "public-order refusal or withdrawal, not followed up, with a live return decision, light ban or OVR";
    r32_impose_tkb_irv_bts, Some("R32"), [], 100,
        "public-order refusal or withdrawal, no live measure, return possible: (a) non-Ukrainian with `return_obstacle = no`, (b) a permit in a safe third country";
    r33_return_obstacle_unknown, Some("R33"), [], 100,
        "public-order refusal or withdrawal, no live measure: (a) non-Ukrainian with the return obstacle not assessed, (b) Ukrainian with a non-EU second nationality";
    r34_impose_bts, Some("R34"), [], 100,
        "public-order withdrawal or ending, no live measure: (a) Ukrainian, (b) non-Ukrainian with `return_obstacle = yes`";
    r35_assess_bts, Some("R35"), [], 100,
        "no live measure: (a) Ukrainian refused on public order; (b) Ukrainian outside the RTB whose asylum claim was rejected on public order";
    granted, None, [], 65150,
        "protection holder, any category but a temporary Ukrainian permit";
    granted_with_application, None, [], 9000,
        "holder with an asylum or regular application (pending, granted, rejected on another ground, withdrawn)";
    claimed, None, [], 7500,
        "claim undecided";
    ended, None, [], 3000,
        "protection ended (absence, conditions, other), sometimes with a regular permit";
    refused, None, [], 1500,
        "third-country national refused on the conditions, often with a return decision";
    withdrawn, None, [], 400,
        "protection withdrawn for fraud, often with a return decision";
    tcn_temporary_ended, None, [], 1200,
        "temporary Ukrainian permit, protection ended on 2024-03-04";
    processed_heavy_ban, None, [], 1200,
        "holder; heavy ban temporarily lifted until 2027-03-04";
    processed_light_ban, None, [], 1000,
        "holder; light ban lifted for protection, or expired";
    processed_tkb, None, [], 1500,
        "holder; return decision suspended until 2027-03-04";
    processed_ovr, None, [], 300,
        "holder; OVR lifted for protection";
    followed_up, None, [], 400,
        "public-order withdrawal already followed by a Bts (and a heavy ban)";
    lift_request_decided, None, [], 200,
        "outside the RTB; a lift request already granted or rejected";
    old_measures, None, [], 600,
        "holder with an expired light ban and an executed return decision";
}

// ---- rule archetypes -------------------------------------------------------

fn h02_eu_national(b: &mut Builder<'_>, p: &mut Person) {
    eu_national(b, p, Age::Any);
}

fn eu_national(b: &mut Builder<'_>, p: &mut Person, age: Age) {
    if b.pct(60) {
        b.granted_ukrainian(p);
        let second = b.pick(names::EU_SECOND_NATIONALITIES);
        if let Some(h) = &mut p.holder {
            h.second_nationality = Some(second);
        }
    } else {
        p.identity = b.union_citizen(age);
        let s = b.claim_date();
        p.holder = Some(b.holder(Category::FamilyMember, HolderStatus::Claimed, s));
    }
}

fn r01_lapsed_ban(b: &mut Builder<'_>, p: &mut Person) {
    // For a protection holder: an old light ban nobody closed before the grant.
    let (severity, latest) = if b.pct(50) {
        let s = b.granted_ukrainian(p);
        (Severity::Light, s)
    } else {
        p.identity = b.outsider();
        let severity = b.pick(&[Severity::Light, Severity::Light, Severity::Heavy]);
        (severity, b.as_of)
    };
    let mut ban = match severity {
        Severity::Light => b.light_ban(latest),
        Severity::Heavy => b.heavy_ban(latest),
    };
    b.lapse(&mut ban, latest);
    p.bans.push(ban);
}

fn r02_ban_not_in_force_regular(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.outsider();
    let decided = b.ago(400, 1500);
    let ban = if b.pct(80) {
        b.light_ban(decided)
    } else {
        b.heavy_ban(decided)
    };
    let mut app = b.decided(AppKind::Regular, decided, AppDecision::Granted);
    app.art_6_6_purpose = b.pick(&[None, Some(false), Some(true)]);
    p.bans.push(ban);
    p.apps.push(app);
}

fn r03_heavy_ban_predates_grant(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    let decided = b.before(s, 60, 2500);
    let mut ban = b.heavy_ban(decided);
    b.in_force(&mut ban);
    p.bans.push(ban);
}

fn r04_light_ban_regular_6_6(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.outsider();
    let decided = b.ago(500, 1500);
    let mut ban = b.light_ban(decided);
    b.in_force(&mut ban);
    let mut app = b.decided(AppKind::Regular, decided, AppDecision::Granted);
    app.art_6_6_purpose = Some(true);
    p.bans.push(ban);
    p.apps.push(app);
}

fn r05_light_ban_under_tp(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    let decided = b.before(s, 100, 2000);
    let mut ban = b.light_ban(decided);
    if b.pct(60) {
        b.in_force(&mut ban);
    }
    if b.pct(15) {
        ban.status = BanStatus::TemporarilyLifted;
        ban.lifted_reason = Some(LiftedReason::TemporaryProtection);
        ban.lifted_until = Some(RTB_END);
    }
    p.bans.push(ban);
}

fn r06_temp_lift_stale_end(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    let decided = b.before(s, 60, 2500);
    let mut ban = b.heavy_ban(decided);
    b.in_force(&mut ban);
    ban.status = BanStatus::TemporarilyLifted;
    ban.lifted_reason = Some(LiftedReason::TemporaryProtection);
    ban.lifted_until = b.pick(&[Some(EARLIER_ENDS[0]), Some(EARLIER_ENDS[1]), None]);
    p.bans.push(ban);
}

fn r07_temp_lift_after_tp(b: &mut Builder<'_>, p: &mut Person) {
    b.ended_ukrainian(p);
    let decided = b.before(TP_START, 30, 2000);
    let mut ban = b.heavy_ban(decided);
    b.in_force(&mut ban);
    ban.status = BanStatus::TemporarilyLifted;
    ban.lifted_reason = Some(LiftedReason::TemporaryProtection);
    ban.lifted_until = b.pick(&[Some(RTB_END), Some(RTB_END), None]);
    p.bans.push(ban);
}

fn r08_heavy_ban_regular_granted(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.outsider();
    let decided = b.ago(700, 2500);
    let mut ban = b.heavy_ban(decided);
    b.in_force(&mut ban);
    let mut app = b.decided(AppKind::Regular, decided, AppDecision::Granted);
    app.art_6_6_purpose = b.pick(&[None, Some(false)]);
    p.bans.push(ban);
    p.apps.push(app);
}

fn r09_ovr_lift(b: &mut Builder<'_>, p: &mut Person) {
    if b.pct(70) {
        let s = b.granted_ukrainian(p);
        let decided = b.before(s, 100, 3000);
        let ovr = b.po_ovr(decided);
        p.ovrs.push(ovr);
    } else {
        p.identity = b.third_country(Age::Adult);
        let decided = b.ago(700, 3000);
        let ovr = b.po_ovr(decided);
        let app = b.decided(AppKind::Regular, decided, AppDecision::Granted);
        p.ovrs.push(ovr);
        p.apps.push(app);
    }
}

fn r10_ovr_regular_pending(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.outsider();
    let decided = b.ago(400, 3000);
    let ovr = b.po_ovr(decided);
    let since = b.ago(30, 300).max(decided);
    let app = b.pending(AppKind::Regular, since);
    p.ovrs.push(ovr);
    p.apps.push(app);
}

fn r11_tkb_active_under_tp(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    let decided = b.before(s, 30, 1500);
    let tkb = b.tkb(decided);
    p.tkbs.push(tkb);
}

fn r12_suspension_stale_end(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    let decided = b.before(s, 30, 1500);
    let mut tkb = b.tkb(decided);
    tkb.status = TkbStatus::Suspended;
    tkb.suspension_reason = Some(SuspensionReason::TemporaryProtection);
    tkb.suspended_until = b.pick(&[Some(EARLIER_ENDS[0]), Some(EARLIER_ENDS[1]), None]);
    p.tkbs.push(tkb);
}

fn r13_suspension_after_tp(b: &mut Builder<'_>, p: &mut Person) {
    b.ended_ukrainian(p);
    let decided = b.before(TP_START, 30, 1500);
    let mut tkb = b.tkb(decided);
    tkb.status = TkbStatus::Suspended;
    tkb.suspension_reason = Some(SuspensionReason::TemporaryProtection);
    tkb.suspended_until = b.pick(&[Some(RTB_END), Some(RTB_END), None]);
    p.tkbs.push(tkb);
}

fn r14_hit_on_hold(b: &mut Builder<'_>, p: &mut Person) {
    eu_national(b, p, Age::Adult);
    let hit = b.foreign_hit();
    p.hits.push(hit);
}

fn r15_stale_nl_alert(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    let decided = b.before(s, 60, 2000);
    let alert = b.nl_alert();
    let mut kind = AlertKind::Refusal;
    match b.rng.u32(0..4) {
        0 => {
            let mut ban = b.light_ban(decided);
            ban.status = BanStatus::Expired;
            ban.alert = Some(alert);
            p.bans.push(ban);
        }
        1 => {
            let mut ovr = b.po_ovr(decided);
            ovr.status = OvrStatus::Lifted;
            ovr.lifted_reason = Some(LiftedReason::TemporaryProtection);
            ovr.alert = Some(alert);
            p.ovrs.push(ovr);
        }
        2 => {
            let mut tkb = b.tkb(decided);
            tkb.status = TkbStatus::Executed;
            tkb.alert = Some(alert);
            p.tkbs.push(tkb);
            kind = AlertKind::Return;
        }
        _ => {
            let mut bts = b.bts(decided);
            bts.status = BtsStatus::Withdrawn;
            bts.alert = Some(alert);
            p.bts.push(bts);
        }
    }
    let reporting = b.pick(names::REPORTING_ABROAD);
    let hit = b.hit(alert, kind, reporting);
    p.hits.push(hit);
}

fn r16_foreign_alert(b: &mut Builder<'_>, p: &mut Person) {
    if b.pct(80) {
        b.granted_ukrainian(p);
    } else {
        p.identity = b.ukrainian(Age::Adult);
        let s = b.claim_date();
        p.holder = Some(b.holder(Category::Ukrainian, HolderStatus::Claimed, s));
    }
    let hit = b.foreign_hit();
    p.hits.push(hit);
}

fn r17_admitted_on_nl_alert(b: &mut Builder<'_>, p: &mut Person) {
    if b.pct(70) {
        p.identity = b.outsider();
    } else {
        b.ended_ukrainian(p);
    }
    let decided = b.ago(400, 2500).min(shift(TP_START, -30));
    let mut ban = b.heavy_ban(decided);
    b.in_force(&mut ban);
    let alert = b.nl_alert();
    ban.alert = Some(alert);
    p.bans.push(ban);
    let reporting = b.pick(names::REPORTING_ABROAD);
    let mut hit = b.hit(alert, AlertKind::Refusal, reporting);
    hit.admitted = true;
    hit.location = Some(HitLocation::ExternalBorder);
    p.hits.push(hit);
}

fn r18_nl_alert_covered(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    let decided = b.before(s, 60, 2500);
    let mut ban = b.heavy_ban(decided);
    b.in_force(&mut ban);
    ban.status = BanStatus::TemporarilyLifted;
    ban.lifted_reason = Some(LiftedReason::TemporaryProtection);
    ban.lifted_until = Some(RTB_END);
    let alert = b.nl_alert();
    ban.alert = Some(alert);
    p.bans.push(ban);
    let reporting = b.pick(names::REPORTING_ABROAD);
    let hit = b.hit(alert, AlertKind::Refusal, reporting);
    p.hits.push(hit);
}

fn r19_hit_no_action(b: &mut Builder<'_>, p: &mut Person) {
    let hit = match b.rng.u32(0..3) {
        0 => {
            b.granted_ukrainian(p);
            let state = *b.weighted(names::FOREIGN_ISSUERS);
            let alert = b.ids.alert(state);
            b.hit(alert, AlertKind::Other, "NL")
        }
        1 => {
            p.identity = b.outsider();
            let alert = b.nl_alert();
            let kind = b.pick(&[AlertKind::Refusal, AlertKind::Return]);
            let reporting = b.pick(names::REPORTING_ABROAD);
            let mut hit = b.hit(alert, kind, reporting);
            hit.admitted = false;
            hit
        }
        _ => {
            p.identity = b.outsider();
            b.foreign_hit()
        }
    };
    p.hits.push(hit);
}

fn r20_lift_request_from_ua(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.ukrainian(Age::Adult);
    let decided = b.ago(400, 2500);
    let target = if b.pct(60) {
        let mut ban = b.heavy_ban(decided);
        b.in_force(&mut ban);
        let t = ban_target(&ban);
        p.bans.push(ban);
        t
    } else {
        let ovr = b.po_ovr(decided);
        let t = ovr_target(&ovr);
        p.ovrs.push(ovr);
        t
    };
    let mut app = b.lift_request(target, b.as_of.min(shift(decided, 200)), Some(false));
    app.filed_from = Some("UA");
    p.apps.push(app);
}

fn r21_lift_request_rejected(b: &mut Builder<'_>, p: &mut Person) {
    let ukrainian = b.pct(40);
    p.identity = if ukrainian {
        b.ukrainian(Age::Adult)
    } else {
        b.third_country(Age::Adult)
    };
    let decided = b.ago(400, 2500);
    let target = if b.pct(50) {
        let ovr = b.po_ovr(decided);
        let t = ovr_target(&ovr);
        p.ovrs.push(ovr);
        t
    } else {
        let mut ban = b.light_ban(decided);
        b.in_force(&mut ban);
        let t = ban_target(&ban);
        p.bans.push(ban);
        t
    };
    let mut app = b.lift_request(target, shift(decided, 200), Some(false));
    app.filed_from = if ukrainian {
        b.pick(&[None, Some("NL"), Some("PL")])
    } else {
        b.pick(&[None, Some("UA"), Some("MD"), Some("GE")])
    };
    p.apps.push(app);
}

fn r22_lift_request_granted(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.outsider();
    let decided = b.ago(400, 2500);
    let mut ban = if b.pct(60) {
        b.light_ban(decided)
    } else {
        b.heavy_ban(decided)
    };
    b.in_force(&mut ban);
    let mut app = b.lift_request(ban_target(&ban), shift(decided, 200), Some(true));
    app.filed_from = b.pick(&[None, Some("UA"), Some("PL")]);
    p.bans.push(ban);
    p.apps.push(app);
}

fn r23_lift_request_unassessed(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.outsider();
    let decided = b.ago(400, 2500);
    let target = if b.pct(50) {
        let ovr = b.po_ovr(decided);
        let t = ovr_target(&ovr);
        p.ovrs.push(ovr);
        t
    } else {
        let mut ban = b.heavy_ban(decided);
        b.in_force(&mut ban);
        let t = ban_target(&ban);
        p.bans.push(ban);
        t
    };
    let since = b.ago(20, 120);
    let mut app = b.lift_request(target, since, None);
    app.filed_from = b.pick(&[None, Some("UA")]);
    p.apps.push(app);
}

fn r24_regular_po(b: &mut Builder<'_>, p: &mut Person) {
    if b.pct(50) {
        let s = b.granted_ukrainian(p);
        if let Some(h) = &mut p.holder {
            h.po = Some(b.pick(&[PoIndication::PublicOrder, PoIndication::NationalSecurity]));
        }
        let app = b.pending(AppKind::Regular, s);
        p.apps.push(app);
    } else {
        p.identity = b.outsider();
        let decided = b.ago(200, 1500);
        let mut ban = b.ban(Severity::Light, BanGround::PublicOrder, decided);
        if b.pct(50) {
            b.in_force(&mut ban);
        }
        let since = b.ago(20, 150);
        let app = b.pending(AppKind::Regular, since);
        p.bans.push(ban);
        p.apps.push(app);
    }
}

fn r25_asylum_po(b: &mut Builder<'_>, p: &mut Person) {
    if b.pct(60) {
        let s = b.granted_ukrainian(p);
        if let Some(h) = &mut p.holder {
            h.po = Some(b.pick(&[
                PoIndication::PublicOrder,
                PoIndication::NationalSecurity,
                PoIndication::Article1f,
            ]));
        }
        let app = b.pending(AppKind::Asylum, s);
        p.apps.push(app);
    } else {
        p.identity = b.outsider();
        let decided = b.ago(200, 2000);
        let mut ban = b.heavy_ban(decided);
        if b.pct(50) {
            b.in_force(&mut ban);
        }
        let since = b.ago(20, 150);
        let app = b.pending(AppKind::Asylum, since);
        p.bans.push(ban);
        p.apps.push(app);
    }
}

fn r26_claim_po(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.ukrainian(Age::Adult);
    let s = b.claim_date();
    let mut h = b.holder(Category::Ukrainian, HolderStatus::Claimed, s);
    match b.rng.u32(0..3) {
        0 => h.po = Some(b.pick(&[PoIndication::PublicOrder, PoIndication::NationalSecurity])),
        1 => {
            let decided = b.before(s, 60, 2500);
            let mut ban = b.heavy_ban(decided);
            if b.pct(50) {
                b.in_force(&mut ban);
            }
            p.bans.push(ban);
        }
        _ => {
            let decided = b.before(s, 60, 2500);
            let mut ovr = b.po_ovr(decided);
            ovr.status = OvrStatus::Lifted;
            ovr.lifted_reason = Some(LiftedReason::TemporaryProtection);
            p.ovrs.push(ovr);
        }
    }
    p.holder = Some(h);
}

fn r27_tcn_temporary_granted(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.temporary_resident();
    let s = b.between(TP_START, ymd(2023, 12, 31).min(shift(b.as_of, -30)));
    p.holder = Some(b.holder(Category::TemporaryResidentUa, HolderStatus::Granted, s));
}

fn r28_po_after_tp(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.ukrainian(Age::Adult);
    let s = b.recent_status_date();
    let mut h = b.holder(Category::Ukrainian, HolderStatus::Ended, s);
    h.status_ground = Some(b.pick(&[
        StatusGround::Absence,
        StatusGround::Other,
        StatusGround::Conditions,
    ]));
    match b.rng.u32(0..3) {
        0 => h.po = Some(b.pick(&[PoIndication::PublicOrder, PoIndication::NationalSecurity])),
        1 => {
            let decided = b.before(TP_START, 60, 2500);
            let mut ovr = b.po_ovr(decided);
            ovr.status = OvrStatus::Lifted;
            ovr.lifted_reason = Some(LiftedReason::TemporaryProtection);
            p.ovrs.push(ovr);
        }
        _ => {
            let decided = b.before(TP_START, 60, 2000);
            let mut ban = b.ban(Severity::Light, BanGround::PublicOrder, decided);
            ban.status = BanStatus::Lifted;
            ban.lifted_reason = Some(LiftedReason::TemporaryProtection);
            p.bans.push(ban);
        }
    }
    p.holder = Some(h);
}

fn r29_regular_rejected_po(b: &mut Builder<'_>, p: &mut Person) {
    let po_ground = b.pick(&[Ground::PublicOrder, Ground::NationalSecurity]);
    let app = match b.rng.u32(0..3) {
        0 => {
            p.identity = b.ukrainian(Age::Adult);
            let since = b.ago(200, 600);
            let mut app = b.decided(AppKind::Regular, since, AppDecision::Rejected);
            app.rejection_ground = Some(po_ground);
            app
        }
        1 => {
            let s = b.ended_ukrainian(p);
            if let Some(h) = &mut p.holder {
                // A withdrawal for fraud is no public-order event either, but
                // R29 wants `granted` or `ended`.
                h.status = HolderStatus::Ended;
            }
            let mut app = b.decided(AppKind::Regular, s, AppDecision::Rejected);
            app.rejection_ground = Some(po_ground);
            app
        }
        _ => {
            p.identity = b.outsider();
            let decided = b.ago(300, 1500);
            let mut ban = b.light_ban(decided);
            ban.is_final = true;
            b.in_force(&mut ban);
            p.bans.push(ban);
            let mut app = b.decided(AppKind::Regular, decided, AppDecision::Rejected);
            app.rejection_ground = Some(Ground::Other);
            app
        }
    };
    p.apps.push(app);
}

fn r30_po_during_tp(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    match b.rng.u32(0..4) {
        0 => {
            let decided = b.after(s, 30);
            let ban = b.heavy_ban(decided);
            p.bans.push(ban);
        }
        1 => {
            let decided = b.after(s, 30);
            let ovr = b.po_ovr(decided);
            p.ovrs.push(ovr);
        }
        2 => {
            let decided = b.after(s, 30);
            let bts = b.bts(decided);
            p.bts.push(bts);
        }
        _ => {
            let mut app = b.decided(AppKind::Asylum, s, AppDecision::Rejected);
            app.rejection_ground = Some(b.pick(&[Ground::PublicOrder, Ground::NationalSecurity]));
            p.apps.push(app);
        }
    }
}

fn r31_keep_measures(b: &mut Builder<'_>, p: &mut Person) {
    let identity = b.ukrainian(Age::Adult);
    match b.rng.u32(0..3) {
        0 => {
            let s = b.po_outcome(p, identity, HolderStatus::Refused);
            let tkb = b.tkb(s);
            p.tkbs.push(tkb);
        }
        1 => {
            b.po_outcome(p, identity, HolderStatus::Withdrawn);
            let decided = b.before(TP_START, 30, 1500);
            let ban = b.light_ban(decided);
            p.bans.push(ban);
        }
        _ => {
            b.po_outcome(p, identity, HolderStatus::Refused);
            let decided = b.before(TP_START, 30, 2500);
            let ovr = b.po_ovr(decided);
            p.ovrs.push(ovr);
        }
    }
}

fn r32_impose_tkb_irv_bts(b: &mut Builder<'_>, p: &mut Person) {
    let status = b.pick(&[HolderStatus::Refused, HolderStatus::Withdrawn]);
    if b.pct(60) {
        let identity = b.third_country(Age::Adult);
        b.po_outcome(p, identity, status);
        if let Some(h) = &mut p.holder {
            h.return_obstacle = Some(ReturnObstacle::No);
        }
    } else {
        let identity = b.ukrainian(Age::Adult);
        b.po_outcome(p, identity, status);
        let permit = b.pick(names::SAFE_THIRD_COUNTRIES);
        if let Some(h) = &mut p.holder {
            h.third_country_permit = Some(permit);
        }
    }
}

fn r33_return_obstacle_unknown(b: &mut Builder<'_>, p: &mut Person) {
    let status = b.pick(&[HolderStatus::Refused, HolderStatus::Withdrawn]);
    let obstacle = b.pick(&[None, None, Some(ReturnObstacle::Unknown)]);
    if b.pct(60) {
        let identity = b.third_country(Age::Adult);
        b.po_outcome(p, identity, status);
    } else {
        let identity = b.ukrainian(Age::Adult);
        b.po_outcome(p, identity, status);
        let second = b.pick(names::NON_EU_SECOND_NATIONALITIES);
        if let Some(h) = &mut p.holder {
            h.second_nationality = Some(second);
        }
    }
    if let Some(h) = &mut p.holder {
        h.return_obstacle = obstacle;
    }
}

fn r34_impose_bts(b: &mut Builder<'_>, p: &mut Person) {
    let status = b.pick(&[
        HolderStatus::Withdrawn,
        HolderStatus::Withdrawn,
        HolderStatus::Ended,
    ]);
    let obstacle = if b.pct(70) {
        let identity = b.ukrainian(Age::Adult);
        b.po_outcome(p, identity, status);
        b.pick(&[None, Some(ReturnObstacle::Yes)])
    } else {
        let identity = b.third_country(Age::Adult);
        b.po_outcome(p, identity, status);
        Some(ReturnObstacle::Yes)
    };
    if let Some(h) = &mut p.holder {
        h.return_obstacle = obstacle;
    }
}

fn r35_assess_bts(b: &mut Builder<'_>, p: &mut Person) {
    let identity = b.ukrainian(Age::Adult);
    if b.pct(60) {
        b.po_outcome(p, identity, HolderStatus::Refused);
        let obstacle = b.pick(&[None, Some(ReturnObstacle::Yes)]);
        if let Some(h) = &mut p.holder {
            h.return_obstacle = obstacle;
        }
    } else {
        p.identity = identity;
        let since = b.ago(200, 700);
        let mut app = b.decided(AppKind::Asylum, since, AppDecision::Rejected);
        app.rejection_ground = Some(b.pick(&[Ground::PublicOrder, Ground::NationalSecurity]));
        p.apps.push(app);
    }
}

// ---- quiet archetypes --------------------------------------------------------

fn granted(b: &mut Builder<'_>, p: &mut Person) {
    let category = *b.weighted(&[
        (880, Category::Ukrainian),
        (60, Category::FamilyMember),
        (30, Category::PermanentResidentUa),
        (15, Category::PreWarResidentNl),
        (15, Category::AsylumBefore2022),
    ]);
    p.identity = match category {
        Category::FamilyMember if b.pct(35) => b.third_country(Age::Any),
        Category::PermanentResidentUa => b.third_country(Age::Any),
        _ => b.ukrainian(Age::Any),
    };
    let s = b.grant_date();
    let mut h = b.holder(category, HolderStatus::Granted, s);
    if b.pct(4) {
        h.return_obstacle = Some(ReturnObstacle::Yes);
    }
    p.holder = Some(h);
}

fn granted_with_application(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    let app = match b.rng.u32(0..10) {
        0..4 => b.pending(AppKind::Asylum, s),
        4..6 => b.pending(AppKind::Regular, s),
        6..8 => {
            let mut app = b.decided(AppKind::Regular, s, AppDecision::Granted);
            app.art_6_6_purpose = b.pick(&[None, Some(false), Some(true)]);
            app
        }
        8 => {
            let mut app = b.decided(AppKind::Regular, s, AppDecision::Rejected);
            app.rejection_ground = b.pick(&[None, Some(Ground::Other)]);
            app
        }
        _ => b.decided(AppKind::Asylum, s, AppDecision::Withdrawn),
    };
    p.apps.push(app);
}

fn claimed(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.ukrainian(Age::Any);
    let s = b.claim_date();
    let category = b.pick(&[
        Category::Ukrainian,
        Category::Ukrainian,
        Category::FamilyMember,
    ]);
    p.holder = Some(b.holder(category, HolderStatus::Claimed, s));
}

fn ended(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.ukrainian(Age::Any);
    let s = b.recent_status_date();
    let mut h = b.holder(Category::Ukrainian, HolderStatus::Ended, s);
    h.status_ground = Some(b.pick(&[
        StatusGround::Absence,
        StatusGround::Absence,
        StatusGround::Conditions,
        StatusGround::Other,
    ]));
    p.holder = Some(h);
    if b.pct(30) {
        let since = b.before(s, 30, 200);
        let app = b.decided(AppKind::Regular, since, AppDecision::Granted);
        p.apps.push(app);
    }
}

fn refused(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.third_country(Age::Adult);
    let s = b.recent_status_date();
    let category = b.pick(&[Category::PermanentResidentUa, Category::TemporaryResidentUa]);
    let mut h = b.holder(category, HolderStatus::Refused, s);
    h.status_ground = Some(StatusGround::Conditions);
    p.holder = Some(h);
    if b.pct(50) {
        let tkb = b.tkb(s);
        p.tkbs.push(tkb);
    }
}

fn withdrawn(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.ukrainian(Age::Adult);
    let s = b.recent_status_date();
    let mut h = b.holder(Category::Ukrainian, HolderStatus::Withdrawn, s);
    h.status_ground = Some(StatusGround::Fraud);
    p.holder = Some(h);
    if b.pct(50) {
        let tkb = b.tkb(s);
        p.tkbs.push(tkb);
    }
}

fn tcn_temporary_ended(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.temporary_resident();
    let s = b.between(TCN_END, shift(TCN_END, 120)).min(b.as_of);
    let mut h = b.holder(Category::TemporaryResidentUa, HolderStatus::Ended, s);
    h.status_ground = Some(StatusGround::Conditions);
    p.holder = Some(h);
    match b.rng.u32(0..10) {
        0..3 => {
            let since = b.before(s, 30, 200);
            let app = b.decided(AppKind::Regular, since, AppDecision::Granted);
            p.apps.push(app);
        }
        3..5 => {
            let tkb = b.tkb(s);
            p.tkbs.push(tkb);
        }
        _ => {}
    }
}

fn processed_heavy_ban(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    let decided = b.before(s, 60, 2500);
    let mut ban = b.heavy_ban(decided);
    b.in_force(&mut ban);
    ban.status = BanStatus::TemporarilyLifted;
    ban.lifted_reason = Some(LiftedReason::TemporaryProtection);
    ban.lifted_until = Some(RTB_END);
    p.bans.push(ban);
}

fn processed_light_ban(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    let decided = b.before(s, 60, 2500);
    let mut ban = b.light_ban(decided);
    if b.pct(70) {
        ban.status = BanStatus::Lifted;
        ban.lifted_reason = Some(LiftedReason::TemporaryProtection);
    } else {
        b.lapse(&mut ban, s);
        ban.status = BanStatus::Expired;
    }
    p.bans.push(ban);
}

fn processed_tkb(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    let decided = b.before(s, 30, 1500);
    let mut tkb = b.tkb(decided);
    tkb.status = TkbStatus::Suspended;
    tkb.suspension_reason = Some(SuspensionReason::TemporaryProtection);
    tkb.suspended_until = Some(RTB_END);
    p.tkbs.push(tkb);
}

fn processed_ovr(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    let decided = b.before(s, 100, 3000);
    let ground = b.pick(&[Ground::PublicOrder, Ground::Other]);
    let mut ovr = b.ovr(ground, decided);
    ovr.status = OvrStatus::Lifted;
    ovr.lifted_reason = Some(LiftedReason::TemporaryProtection);
    p.ovrs.push(ovr);
}

fn followed_up(b: &mut Builder<'_>, p: &mut Person) {
    let identity = b.ukrainian(Age::Adult);
    let s = b.po_outcome(p, identity, HolderStatus::Withdrawn);
    let decided = b.after(s, 10);
    let bts = b.bts(decided);
    p.bts.push(bts);
    if b.pct(50) {
        let ban = b.heavy_ban(decided);
        p.bans.push(ban);
    }
    if b.pct(50) {
        let tkb = b.tkb(s);
        p.tkbs.push(tkb);
    }
}

fn lift_request_decided(b: &mut Builder<'_>, p: &mut Person) {
    p.identity = b.outsider();
    let decided = b.ago(700, 2500);
    if b.pct(50) {
        let mut ban = b.light_ban(decided);
        b.in_force(&mut ban);
        ban.status = BanStatus::Lifted;
        ban.lifted_reason = Some(LiftedReason::Request);
        let mut app = b.decided(AppKind::LiftRequest, decided, AppDecision::Granted);
        app.target = Some(ban_target(&ban));
        app.lift_conditions_met = Some(true);
        p.bans.push(ban);
        p.apps.push(app);
    } else {
        let ovr = b.po_ovr(decided);
        let mut app = b.decided(AppKind::LiftRequest, decided, AppDecision::Rejected);
        app.target = Some(ovr_target(&ovr));
        app.lift_conditions_met = Some(false);
        p.ovrs.push(ovr);
        p.apps.push(app);
    }
}

fn old_measures(b: &mut Builder<'_>, p: &mut Person) {
    let s = b.granted_ukrainian(p);
    let mut ban = b.light_ban(s);
    b.lapse(&mut ban, s);
    ban.status = BanStatus::Expired;
    let decided = b.before(ban.decision_date, 0, 60);
    let mut tkb = b.tkb(decided);
    tkb.status = TkbStatus::Executed;
    p.bans.push(ban);
    p.tkbs.push(tkb);
}
