//! Fuzz target: one export's bytes through `ingest::load`, the other six
//! exports present with only their header. Ingestion must never panic, and
//! when it accepts the input its ledger must hold: rows = accepted + rejected
//! per file, accepted = records handed on, rejected = rows in quarantine.
//!
//! Input layout: byte 0 picks the export (mod 7); byte 1 picks the mode —
//! even: the rest follows the export's correct header line (fuzzing rows),
//! odd: the rest is the whole file (fuzzing the header too).
//!
//! Not part of the crate's build or CI; see fuzz/README.md.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rtb_recon::ingest::{self, Inputs, Progress};
use rtb_recon::model::Export;
use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

const HEADERS: [(Export, &str); 7] = [
    (
        Export::RtbHolders,
        "v_number,surname,given_names,birth_date,nationality,second_nationality,category,status,status_date,status_ground,public_order_indication,return_obstacle,third_country_permit,municipality",
    ),
    (
        Export::EntryBans,
        "ban_id,v_number,severity,decision_date,in_force_date,duration_years,ground,final,status,lifted_reason,lifted_until,sis_alert_id",
    ),
    (
        Export::ExclusionOrders,
        "ovr_id,v_number,decision_date,ground,final,status,lifted_reason,sis_alert_id",
    ),
    (
        Export::ReturnDecisions,
        "tkb_id,v_number,decision_date,final,status,suspension_reason,suspended_until,sis_alert_id",
    ),
    (
        Export::SisHits,
        "hit_id,v_number,alert_id,alert_kind,issuing_state,reporting_state,hit_date,location,admitted",
    ),
    (
        Export::Applications,
        "application_id,v_number,kind,filed_date,filed_from,decision,decision_date,rejection_ground,lift_conditions_met,target_kind,target_id,art_6_6_purpose",
    ),
    (
        Export::AlertDecisions,
        "bts_id,v_number,decision_date,ground,final,status,sis_alert_id",
    ),
];

struct Quiet;

impl Progress for Quiet {
    fn start(&self, _: Export, _: u64) {}
    fn advance(&self, _: Export, _: u64) {}
    fn finish(&self, _: Export) {}
}

/// One directory per fuzzing process, reused: each input rewrites the seven
/// files (header-only ones included, as the previous input may have
/// replaced any of them).
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        tempfile::Builder::new()
            .prefix("rtb-recon-fuzz-")
            .tempdir()
            .expect("a temporary directory")
            .keep()
    })
}

fn records(inputs: &Inputs, e: Export) -> usize {
    match e {
        Export::RtbHolders => inputs.rtb_holders.len(),
        Export::EntryBans => inputs.entry_bans.len(),
        Export::ExclusionOrders => inputs.exclusion_orders.len(),
        Export::ReturnDecisions => inputs.return_decisions.len(),
        Export::SisHits => inputs.sis_hits.len(),
        Export::Applications => inputs.applications.len(),
        Export::AlertDecisions => inputs.alert_decisions.len(),
    }
}

fuzz_target!(|data: &[u8]| {
    let [pick, mode, rest @ ..] = data else {
        return;
    };
    let target = usize::from(*pick) % HEADERS.len();
    let dir = dir();
    for (i, (export, header)) in HEADERS.iter().enumerate() {
        let path = dir.join(format!("{}.csv", export.name()));
        let bytes = if i != target {
            format!("{header}\n").into_bytes()
        } else if mode % 2 == 0 {
            let mut b = format!("{header}\n").into_bytes();
            b.extend_from_slice(rest);
            b
        } else {
            rest.to_vec()
        };
        fs::write(&path, bytes).expect("write the export");
    }

    let Ok(inputs) = ingest::load(dir, &Quiet) else {
        // A contract error (e.g. a broken header) is a valid outcome.
        return;
    };
    assert_eq!(inputs.files.len(), 7);
    for f in &inputs.files {
        assert_eq!(f.rows, f.accepted + f.rejected, "{}", f.file_name);
        assert_eq!(
            f.accepted as usize,
            records(&inputs, f.export),
            "{}",
            f.file_name
        );
        let quarantined = inputs
            .rejected
            .iter()
            .filter(|r| r.file == f.export)
            .count();
        assert_eq!(f.rejected as usize, quarantined, "{}", f.file_name);
    }
});
