//! Test-only: a compact reading of SPEC §4 (derived facts) and §6 (rules) over
//! the generator's typed records, to check that each archetype makes exactly
//! its rule fire.
//!
//! This is not the engine and is not used outside tests. It reads the SPEC
//! the way the archetype table was designed; where the engine reads it
//! differently, the lead's run over `data-samples/` shows it. H01 (quarantine)
//! is out of scope: it depends on ingestion.

use super::builder::{RTB_END, TCN_END};
use super::person::{Ban, Person};
use crate::model::{
    AlertKind, AppDecision, AppKind, BanStatus, BtsStatus, Category, Date, Ground, HolderStatus,
    LiftedReason, Nationality, OvrStatus, PoIndication, ReturnObstacle, Severity, StatusGround,
    SuspensionReason, TargetKind, TkbStatus,
};
use chrono::Months;

/// `date` plus whole calendar years; 29 February becomes 28 February (SPEC §4).
fn add_years(date: Date, years: u8) -> Date {
    date.checked_add_months(Months::new(12 * u32::from(years)))
        .unwrap_or(date)
}

fn eu3(code: &str) -> bool {
    Nationality::parse(code).is_some_and(|n| n.is_eu())
}

fn po_ground(g: Ground) -> bool {
    g.is_public_order()
}

fn status_po(g: Option<StatusGround>) -> bool {
    matches!(
        g,
        Some(StatusGround::PublicOrder | StatusGround::NationalSecurity | StatusGround::Article1f)
    )
}

#[derive(PartialEq, Clone, Copy)]
enum Event {
    Withdrawal,
    Refusal,
    AsylumRejection,
}

fn ban_live(b: &Ban) -> bool {
    matches!(b.status, BanStatus::Active | BanStatus::TemporarilyLifted)
}

/// The rules that fire for `p` on `as_of` (default `--rtb-valid-until`,
/// `--ukraine-return-possible` off), one entry per action, sorted.
pub fn fired(p: &Person, as_of: Date) -> Vec<&'static str> {
    let mut out = Vec::new();
    let r = p.holder.as_ref();
    let nat = p.identity.nationality;
    let second = r.and_then(|r| r.second_nationality);
    let tp_end = match r.map(|r| r.category) {
        Some(Category::TemporaryResidentUa) => RTB_END.min(TCN_END),
        _ => RTB_END,
    };
    let status = r.map(|r| r.status);
    let tp_in_force = status == Some(HolderStatus::Granted) && as_of <= tp_end;
    let claim_active = status == Some(HolderStatus::Claimed) && as_of <= tp_end;
    let rtb_active = tp_in_force || claim_active;
    let po = matches!(
        r.and_then(|r| r.po),
        Some(PoIndication::PublicOrder | PoIndication::NationalSecurity | PoIndication::Article1f)
    );
    let eu_national = eu3(nat) || second.is_some_and(eu3);
    let status_date = r.map(|r| r.status_date);

    let in_force = |b: &Ban| b.in_force_date.is_some_and(|d| d <= as_of);
    let lapsed = |b: &Ban| match (b.in_force_date, b.duration_years) {
        (Some(d), Some(y)) => as_of >= add_years(d, y),
        _ => false,
    };
    let regular = |d: AppDecision| {
        p.apps
            .iter()
            .any(|a| a.kind == AppKind::Regular && a.decision == d)
    };
    let granted_after = |m: Date| {
        p.apps.iter().any(|a| {
            a.kind == AppKind::Regular
                && a.decision == AppDecision::Granted
                && a.decision_date.is_some_and(|d| d >= m)
        })
    };
    let regular_granted = regular(AppDecision::Granted);
    let regular_pending = regular(AppDecision::Pending);
    let asylum_pending = p
        .apps
        .iter()
        .any(|a| a.kind == AppKind::Asylum && a.decision == AppDecision::Pending);
    let predates = |m: Date| status_date.is_some_and(|s| m <= s);

    let mut events: Vec<(Date, Event)> = Vec::new();
    if let Some(r) = r {
        if matches!(r.status, HolderStatus::Withdrawn | HolderStatus::Ended)
            && status_po(r.status_ground)
        {
            events.push((r.status_date, Event::Withdrawal));
        }
        if r.status == HolderStatus::Refused && status_po(r.status_ground) {
            events.push((r.status_date, Event::Refusal));
        }
    }
    for a in &p.apps {
        if a.kind == AppKind::Asylum
            && a.decision == AppDecision::Rejected
            && a.rejection_ground.is_some_and(po_ground)
            && let Some(d) = a.decision_date
            && status_date.is_none_or(|s| d >= s)
        {
            events.push((d, Event::AsylumRejection));
        }
    }
    let has_event = !events.is_empty();
    let event_date = events.iter().map(|e| e.0).max();
    let latest = event_date.map(|d| {
        if events.iter().any(|e| e.0 == d && e.1 == Event::Withdrawal) {
            Event::Withdrawal
        } else {
            events
                .iter()
                .find(|e| e.0 == d)
                .map_or(Event::Refusal, |e| e.1)
        }
    });
    let followed_up = event_date.is_some_and(|ed| {
        p.bans
            .iter()
            .any(|b| b.severity == Severity::Heavy && b.decision_date >= ed)
            || p.bts.iter().any(|b| b.decision_date >= ed)
    });
    let measures_due = has_event
        && !rtb_active
        && !followed_up
        && !asylum_pending
        && !regular_granted
        && !eu_national;
    let obstacle = r
        .and_then(|r| r.return_obstacle)
        .unwrap_or(ReturnObstacle::Unknown);
    let return_possible = r.and_then(|r| r.third_country_permit).is_some()
        || (obstacle != ReturnObstacle::Yes && nat != "UKR" && obstacle == ReturnObstacle::No);
    let return_unknown =
        !return_possible && obstacle != ReturnObstacle::Yes && (nat != "UKR" || second.is_some());

    // HOLD
    if matches!(status, Some(HolderStatus::Claimed | HolderStatus::Granted)) && eu_national {
        out.push("H02");
        out.extend(p.hits.iter().map(|_| "R14"));
        out.sort_unstable();
        return out;
    }

    // BAN
    let mut delete_action = false;
    for b in &p.bans {
        let live = ban_live(b);
        let heavy = b.severity == Severity::Heavy;
        let rule = if live && lapsed(b) {
            Some("R01")
        } else if granted_after(b.decision_date) && live && !in_force(b) {
            Some("R02")
        } else if tp_in_force && heavy && b.status == BanStatus::Active && predates(b.decision_date)
        {
            Some("R03")
        } else if !heavy
            && live
            && in_force(b)
            && p.apps.iter().any(|a| {
                a.kind == AppKind::Regular
                    && a.decision == AppDecision::Granted
                    && a.decision_date.is_some_and(|d| d >= b.decision_date)
                    && a.art_6_6_purpose == Some(true)
            })
        {
            Some("R04")
        } else if tp_in_force && !heavy && live {
            Some("R05")
        } else if tp_in_force
            && heavy
            && b.status == BanStatus::TemporarilyLifted
            && b.lifted_reason == Some(LiftedReason::TemporaryProtection)
            && b.lifted_until != Some(tp_end)
        {
            Some("R06")
        } else if r.is_some()
            && !tp_in_force
            && b.status == BanStatus::TemporarilyLifted
            && b.lifted_reason == Some(LiftedReason::TemporaryProtection)
        {
            Some("R07")
        } else if (regular_pending || granted_after(b.decision_date))
            && heavy
            && live
            && in_force(b)
        {
            Some("R08")
        } else {
            None
        };
        delete_action |= matches!(rule, Some("R01" | "R02" | "R04" | "R05"));
        out.extend(rule);
    }
    // OVR
    for o in &p.ovrs {
        let active = o.status == OvrStatus::Active;
        if active && ((rtb_active && predates(o.decision_date)) || granted_after(o.decision_date)) {
            out.push("R09");
            delete_action = true;
        } else if active && regular_pending {
            out.push("R10");
        }
    }
    // TKB
    for t in &p.tkbs {
        let tp_suspended = t.status == TkbStatus::Suspended
            && t.suspension_reason == Some(SuspensionReason::TemporaryProtection);
        if tp_in_force && t.status == TkbStatus::Active {
            out.push("R11");
        } else if tp_in_force && tp_suspended && t.suspended_until != Some(tp_end) {
            out.push("R12");
        } else if r.is_some() && !tp_in_force && tp_suspended && !granted_after(t.decision_date) {
            out.push("R13");
        }
    }
    // HIT
    for h in &p.hits {
        let nl = h.issuing_state == "NL";
        let refusal_or_return = matches!(h.kind, AlertKind::Refusal | AlertKind::Return);
        let mut matching = p
            .bans
            .iter()
            .filter(|b| b.alert == Some(h.alert))
            .map(ban_live)
            .chain(
                p.ovrs
                    .iter()
                    .filter(|o| o.alert == Some(h.alert))
                    .map(|o| o.status == OvrStatus::Active),
            )
            .chain(
                p.tkbs
                    .iter()
                    .filter(|t| t.alert == Some(h.alert))
                    .map(|t| matches!(t.status, TkbStatus::Active | TkbStatus::Suspended)),
            )
            .chain(
                p.bts
                    .iter()
                    .filter(|b| b.alert == Some(h.alert))
                    .map(|b| b.status == BtsStatus::Active),
            )
            .peekable();
        let stale = matching.peek().is_some() && matching.all(|live| !live);
        out.push(if nl && stale {
            "R15"
        } else if !nl
            && refusal_or_return
            && (rtb_active || regular_pending || asylum_pending || regular_granted)
        {
            "R16"
        } else if nl && h.admitted && refusal_or_return && !rtb_active && !delete_action {
            "R17"
        } else if nl && (rtb_active || delete_action) {
            "R18"
        } else {
            "R19"
        });
    }
    // APP
    let live_heavy = p
        .bans
        .iter()
        .any(|b| b.severity == Severity::Heavy && ban_live(b));
    for a in &p.apps {
        if a.kind == AppKind::LiftRequest {
            let target_live = match a.target {
                Some((TargetKind::EntryBan, id)) => {
                    p.bans.iter().any(|b| b.id == id && ban_live(b))
                }
                Some((TargetKind::ExclusionOrder, id)) => p
                    .ovrs
                    .iter()
                    .any(|o| o.id == id && o.status == OvrStatus::Active),
                None => false,
            };
            if a.decision != AppDecision::Pending || !target_live || rtb_active {
                continue;
            }
            let ukrainian = nat == "UKR" || second == Some("UKR") || nat.is_empty();
            out.push(match a.lift_conditions_met {
                Some(false) if a.filed_from == Some("UA") && ukrainian => "R20",
                Some(false) => "R21",
                Some(true) => "R22",
                None => "R23",
            });
        } else if a.kind == AppKind::Regular && a.decision == AppDecision::Pending {
            let light_po = p.bans.iter().any(|b| {
                b.severity == Severity::Light && ban_live(b) && b.ground.is_public_order()
            });
            if live_heavy || light_po || po || has_event {
                out.push("R24");
            }
        } else if a.kind == AppKind::Asylum
            && a.decision == AppDecision::Pending
            && (po || live_heavy || has_event)
        {
            out.push("R25");
        }
    }
    // PERSON
    let ovr_lifted_tp = |po_only: bool| {
        p.ovrs.iter().any(|o| {
            o.status == OvrStatus::Lifted
                && o.lifted_reason == Some(LiftedReason::TemporaryProtection)
                && (!po_only || po_ground(o.ground))
        })
    };
    if claim_active
        && (live_heavy
            || p.ovrs.iter().any(|o| o.status == OvrStatus::Active)
            || ovr_lifted_tp(false)
            || po)
    {
        out.push("R26");
    }
    if let Some(r) = r
        && r.category == Category::TemporaryResidentUa
        && r.status == HolderStatus::Granted
        && as_of > TCN_END
    {
        out.push("R27");
    }
    if r.is_some_and(|r| r.status != HolderStatus::Claimed)
        && !rtb_active
        && !has_event
        && !asylum_pending
        && !regular_granted
        && !eu_national
        && !live_heavy
        && !p.bts.iter().any(|b| b.status == BtsStatus::Active)
        && (po
            || ovr_lifted_tp(true)
            || p.bans.iter().any(|b| {
                b.status == BanStatus::Lifted
                    && b.lifted_reason == Some(LiftedReason::TemporaryProtection)
                    && b.ground.is_public_order()
            }))
    {
        out.push("R28");
    }
    let live_final = p.bans.iter().any(|b| ban_live(b) && b.is_final)
        || p.ovrs
            .iter()
            .any(|o| o.status == OvrStatus::Active && o.is_final)
        || p.tkbs
            .iter()
            .any(|t| matches!(t.status, TkbStatus::Active | TkbStatus::Suspended) && t.is_final)
        || p.bts
            .iter()
            .any(|b| b.status == BtsStatus::Active && b.is_final);
    if !rtb_active
        && !has_event
        && r.is_none_or(|r| matches!(r.status, HolderStatus::Granted | HolderStatus::Ended))
        && p.apps.iter().any(|a| {
            a.kind == AppKind::Regular
                && a.decision == AppDecision::Rejected
                && a.decision_date
                    .is_some_and(|d| status_date.is_none_or(|s| d >= s))
                && (a.rejection_ground.is_some_and(po_ground) || live_final)
        })
    {
        out.push("R29");
    }
    if tp_in_force
        && let Some(s) = status_date
        && (p.apps.iter().any(|a| {
            a.kind == AppKind::Asylum
                && a.decision == AppDecision::Rejected
                && a.rejection_ground.is_some_and(po_ground)
                && a.decision_date.is_some_and(|d| d >= s)
        }) || p
            .bans
            .iter()
            .any(|b| b.severity == Severity::Heavy && b.decision_date > s)
            || p.ovrs.iter().any(|o| o.decision_date > s)
            || p.bts.iter().any(|b| b.decision_date > s))
    {
        out.push("R30");
    }
    // MEASURES
    if measures_due {
        let any_live = p.bans.iter().any(ban_live)
            || p.ovrs.iter().any(|o| o.status == OvrStatus::Active)
            || p.tkbs
                .iter()
                .any(|t| matches!(t.status, TkbStatus::Active | TkbStatus::Suspended))
            || p.bts.iter().any(|b| b.status == BtsStatus::Active);
        out.push(if any_live {
            "R31"
        } else if return_possible {
            "R32"
        } else if return_unknown {
            "R33"
        } else if latest == Some(Event::Withdrawal) {
            "R34"
        } else {
            "R35"
        });
    }
    out.sort_unstable();
    out
}
