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
use rtb_recon::model::contract::Requirement;
use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Each export's header line, from the contract table (`model::contract`):
/// its columns without the identity block where that is optional, as the
/// committed seeds' rows are written.
fn headers() -> &'static [(Export, String); 7] {
    static HEADERS: OnceLock<[(Export, String); 7]> = OnceLock::new();
    HEADERS.get_or_init(|| {
        Export::ALL.map(|export| {
            let table = export.table();
            let columns = match table.identity {
                Requirement::Required => table.columns(),
                _ => table.own_columns(),
            };
            let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
            (export, names.join(","))
        })
    })
}

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
    let headers = headers();
    let target = usize::from(*pick) % headers.len();
    let dir = dir();
    for (i, (export, header)) in headers.iter().enumerate() {
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
