//! Dutch wording of facts for explanations and `explain`, shared by the rule
//! groups so one record is always described the same way.

use crate::case::Facts;
use crate::model::{AlertDecision, Date, EntryBan, ExclusionOrder, HolderStatus, ReturnDecision};

pub fn ban(b: &EntryBan) -> String {
    format!("{} IRV {} ({})", b.severity.nl(), b.ban_id, b.status.nl())
}

pub fn ovr(o: &ExclusionOrder) -> String {
    format!("OVR {} ({})", o.ovr_id, o.status.nl())
}

pub fn tkb(t: &ReturnDecision) -> String {
    format!("TKB {} ({})", t.tkb_id, t.status.nl())
}

pub fn bts(s: &AlertDecision) -> String {
    format!("Bts {} van {}", s.bts_id, s.decision_date)
}

/// "TB verleend, geldig t/m 2027-03-04" and its variants: names the end date
/// whenever protection is in force or claimed (SPEC §5 explanation).
pub fn tp(f: &Facts) -> String {
    if f.tp_in_force {
        format!("TB verleend, geldig t/m {}", f.tp_end)
    } else if f.claim_active {
        format!("TB aangevraagd, TB geldig t/m {}", f.tp_end)
    } else {
        format!(
            "geen TB van kracht op {} (einde TB {})",
            f.params.as_of, f.tp_end
        )
    }
}

/// The condition "not rtb_active", worded the same whether it holds or not.
pub fn no_tp_or_claim(f: &Facts) -> String {
    format!(
        "geen TB of claim actief op {} (einde TB {})",
        f.params.as_of, f.tp_end
    )
}

/// The condition "claim_active".
pub fn claim(f: &Facts) -> String {
    format!("TB aangevraagd, TB geldig t/m {}", f.tp_end)
}

pub fn tp_in_force(f: &Facts) -> String {
    format!("TB verleend, geldig t/m {}", f.tp_end)
}

pub fn not_tp_in_force(f: &Facts, status: Option<HolderStatus>) -> String {
    match status {
        Some(s) if s != HolderStatus::Granted => format!(
            "TB niet (meer) van kracht op {}: RTB-status {}",
            f.params.as_of,
            s.nl()
        ),
        _ => format!(
            "TB niet meer van kracht op {}: einde TB {}",
            f.params.as_of, f.tp_end
        ),
    }
}

pub fn event(f: &Facts) -> String {
    match f.latest_event {
        Some(e) => format!("openbare-ordegebeurtenis: {} op {}", e.label(), e.date),
        None => "geen openbare-ordegebeurtenis".to_string(),
    }
}

pub fn opt_date(d: Option<Date>) -> String {
    d.map_or_else(|| "leeg".to_string(), |d| d.to_string())
}
