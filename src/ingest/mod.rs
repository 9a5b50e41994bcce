//! The input contract (SPEC §3): finding the seven exports, reading them,
//! validating every row, and quarantining what cannot be used (SPEC §7).
//!
//! Ingestion knows nothing of rules. It hands the engine typed records and a
//! ledger that accounts for every row read; a row is either accepted or in
//! `rejected`, never dropped.
//!
//! This module orchestrates: it locates the exports and stops on a contract
//! error before any row is read, reads the files in parallel, runs the checks
//! across files and assembles [`Inputs`]. The parts: `source` (file formats),
//! `columns` and `row` (the header, checked against the export's table in
//! `model::contract`, and the cells), `cells` (value parsers), `file` (one
//! export end to end), one module per export, `crossrow`, and `manifest`
//! (the exporter's control totals, when it sends them).

mod alert_decisions;
mod applications;
mod cells;
mod columns;
mod crossrow;
mod entry_bans;
mod exclusion_orders;
mod file;
mod manifest;
#[cfg(feature = "parquet")]
mod parquet;
mod return_decisions;
mod row;
mod rtb_holders;
mod sis_hits;
mod source;
#[cfg(test)]
mod table_check;
#[cfg(test)]
mod testing;
pub mod verdicts;

use crate::model::{
    AlertDecision, Application, EntryBan, ExclusionOrder, Export, Line, ReturnDecision, RtbHolder,
    SisHit,
};
use file::Records;
use rayon::prelude::*;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// A row that could not be used, with what a person needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub file: Export,
    pub line: Line,
    /// The row's V-number when it was readable and well-formed.
    pub v_number: Option<String>,
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// The physical format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
}

/// The ledger line of one export: `rows = accepted + rejected`, always.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStats {
    pub export: Export,
    /// The file name within `--input` (`entry_bans.csv`).
    pub file_name: String,
    pub format: Format,
    pub bytes: u64,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    /// Header names that the contract does not know, as written in the file.
    pub unknown_columns: Vec<String>,
}

/// Everything read from `--input`: accepted records per export (in line
/// order), every quarantined row, and the per-file ledger in `Export::ALL` order.
#[derive(Debug, Default)]
pub struct Inputs {
    pub rtb_holders: Vec<RtbHolder>,
    pub entry_bans: Vec<EntryBan>,
    pub exclusion_orders: Vec<ExclusionOrder>,
    pub return_decisions: Vec<ReturnDecision>,
    pub sis_hits: Vec<SisHit>,
    pub applications: Vec<Application>,
    pub alert_decisions: Vec<AlertDecision>,
    pub rejected: Vec<Rejection>,
    pub files: Vec<FileStats>,
    /// The manifest every export matched (`manifest.csv` or
    /// `manifest.json`), when the exporter sent one.
    pub manifest: Option<&'static str>,
}

/// A breach of the input contract: the run stops before anything is written.
#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    #[error("read input directory {}: {source}", dir.display())]
    InputDir {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "required export `{export}` is missing from {}: expected {export}.csv or {export}.parquet (an export with nothing to report is a file with only the header line)",
        dir.display()
    )]
    MissingFile { export: Export, dir: PathBuf },
    #[error(
        "export {} is empty (0 bytes): the export failed; re-run it (an export with nothing to report has a header line)",
        path.display()
    )]
    EmptyFile { path: PathBuf },
    #[error(
        "export `{export}` is present twice, as {export}.csv and {export}.parquet: remove one of them"
    )]
    BothFormats { export: Export },
    #[error(
        "{}: required column `{column}` is missing from the header (columns are matched by name, case-insensitively)",
        path.display()
    )]
    MissingColumn { path: PathBuf, column: String },
    #[error(
        "{}: column `{column}` appears more than once in the header: keep one (columns are matched by name, case-insensitively)",
        path.display()
    )]
    DuplicateColumn { path: PathBuf, column: String },
    #[error("{}: cannot read the file: {detail}", path.display())]
    Unreadable { path: PathBuf, detail: String },
    #[error(
        "{} holds both {} and {}: an exporter writes one manifest; remove the other",
        dir.display(), manifest::CSV_FILE, manifest::JSON_FILE
    )]
    BothManifests { dir: PathBuf },
    #[error("{}: {detail}", path.display())]
    BadManifest { path: PathBuf, detail: String },
    #[error(
        "the delivery does not match its manifest {}, nothing was written: {}; the export is incomplete or was changed after the manifest was written: have it delivered again",
        path.display(), mismatches.join("; ")
    )]
    ManifestMismatch {
        path: PathBuf,
        /// One per export that differs, naming its file and the figures.
        mismatches: Vec<String>,
    },
}

/// Receives how far the reading of each export has come, in bytes (for a
/// progress bar). Called from the reading threads, hence `Sync`.
pub trait Progress: Sync {
    /// Reading `export` starts; its file has `total_bytes`.
    fn start(&self, export: Export, total_bytes: u64);
    /// `bytes` more of `export` have been read since the previous call; the
    /// calls for one export add up to its file size.
    fn advance(&self, export: Export, bytes: u64);
    /// `export` has been read completely.
    fn finish(&self, export: Export);
}

/// Progress that nobody watches.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: Export, _: u64) {}
    fn advance(&self, _: Export, _: u64) {}
    fn finish(&self, _: Export) {}
}

/// Reads and validates all seven exports in `dir`, and checks them against
/// the exporter's manifest when there is one.
///
/// Every export is located, the manifest read and every header checked
/// before any row is read, so a contract error costs no parsing; when
/// several exports break the contract, the first in `Export::ALL` order is
/// reported.
pub fn load(dir: &Path, progress: &dyn Progress) -> Result<Inputs, ContractError> {
    fs::read_dir(dir).map_err(|source| ContractError::InputDir {
        dir: dir.to_owned(),
        source,
    })?;
    let located = Export::ALL
        .into_iter()
        .map(|export| locate(dir, export))
        .collect::<Result<Vec<_>, _>>()?;
    let manifest = manifest::read(dir, &located)?;
    let jobs = located
        .into_iter()
        .map(file::prepare)
        .collect::<Result<Vec<_>, _>>()?;
    // Collected whole before the first error is taken, so which error is
    // reported does not depend on which thread finished first.
    let finished: Vec<_> = jobs.into_par_iter().map(|job| job.run(progress)).collect();

    let mut inputs = Inputs::default();
    let mut files = Vec::with_capacity(Export::ALL.len());
    for done in finished {
        let done = done?;
        match done.records {
            Records::RtbHolders(r) => inputs.rtb_holders = r,
            Records::EntryBans(r) => inputs.entry_bans = r,
            Records::ExclusionOrders(r) => inputs.exclusion_orders = r,
            Records::ReturnDecisions(r) => inputs.return_decisions = r,
            Records::SisHits(r) => inputs.sis_hits = r,
            Records::Applications(r) => inputs.applications = r,
            Records::AlertDecisions(r) => inputs.alert_decisions = r,
        }
        inputs.rejected.extend(done.rejected);
        files.push(FileStats {
            export: done.file.export,
            file_name: done.file.file_name(),
            format: done.file.format,
            bytes: done.digest.bytes,
            sha256: done.digest.sha256,
            rows: 0,
            accepted: 0,
            rejected: 0,
            unknown_columns: done.unknown_columns,
        });
    }
    crossrow::check_lift_targets(
        &inputs.entry_bans,
        &inputs.exclusion_orders,
        &mut inputs.applications,
        &mut inputs.rejected,
    );
    inputs.rejected.sort_by_key(|r| (r.file, r.line));
    // Each export is already in (V-number, id) order (`file.rs` sorts it as
    // soon as it is read; the cross-row check only removes records).
    // Counted from the final vectors, so `rows = accepted + rejected` holds
    // by construction, whatever the cross-row checks moved.
    for stats in &mut files {
        stats.accepted = inputs.accepted(stats.export);
        stats.rejected = inputs
            .rejected
            .iter()
            .filter(|r| r.file == stats.export)
            .count() as u64;
        stats.rows = stats.accepted + stats.rejected;
    }
    if let Some(m) = &manifest {
        m.check(&files)?;
        inputs.manifest = Some(m.file_name());
    }
    inputs.files = files;
    Ok(inputs)
}

impl Inputs {
    /// Orders every export's records by (V-number, id). Each person's
    /// records then lie side by side, in the order every reader of a case
    /// wants them, so a case is one slice of each export (`case::group`)
    /// and the passes over all persons that follow (rules, fingerprints,
    /// upcoming) read memory in order instead of missing the cache on nearly
    /// every record at millions of rows. Identity resolution, which wants
    /// line order, orders a person's few records itself.
    ///
    /// `load` gives each export in this order (each file is sorted as soon
    /// as it is read); a test that builds `Inputs` by hand calls this
    /// before grouping (`testkit::fixtures::with_ledger` does).
    pub fn order_by_person(&mut self) {
        fn by_person<R: Send>(records: &mut [R], key: impl Fn(&R) -> (&str, &str) + Sync) {
            // Ids are unique within a file (a later duplicate is
            // quarantined), so the order is total.
            records.par_sort_unstable_by(|a, b| key(a).cmp(&key(b)));
        }
        by_person(&mut self.rtb_holders, |r| (&r.v_number, ""));
        by_person(&mut self.entry_bans, |r| (&r.v_number, &r.ban_id));
        by_person(&mut self.exclusion_orders, |r| (&r.v_number, &r.ovr_id));
        by_person(&mut self.return_decisions, |r| (&r.v_number, &r.tkb_id));
        by_person(&mut self.sis_hits, |r| (&r.v_number, &r.hit_id));
        by_person(&mut self.applications, |r| (&r.v_number, &r.application_id));
        by_person(&mut self.alert_decisions, |r| (&r.v_number, &r.bts_id));
    }

    /// The number of accepted records of `export`.
    pub fn accepted(&self, export: Export) -> u64 {
        let n = match export {
            Export::RtbHolders => self.rtb_holders.len(),
            Export::EntryBans => self.entry_bans.len(),
            Export::ExclusionOrders => self.exclusion_orders.len(),
            Export::ReturnDecisions => self.return_decisions.len(),
            Export::SisHits => self.sis_hits.len(),
            Export::Applications => self.applications.len(),
            Export::AlertDecisions => self.alert_decisions.len(),
        };
        n as u64
    }
}

/// An export's file, found and not empty.
#[derive(Debug)]
struct Located {
    export: Export,
    path: PathBuf,
    format: Format,
    bytes: u64,
}

impl Located {
    fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Finds `export` in `dir` as `NAME.csv` or `NAME.parquet`: exactly one of
/// them, a file, not empty.
fn locate(dir: &Path, export: Export) -> Result<Located, ContractError> {
    let probe = |path: &Path| match fs::metadata(path) {
        Ok(meta) => Ok(Some(meta)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ContractError::Unreadable {
            path: path.to_owned(),
            detail: e.to_string(),
        }),
    };
    let csv = dir.join(format!("{export}.csv"));
    let parquet = dir.join(format!("{export}.parquet"));
    let (path, format, meta) = match (probe(&csv)?, probe(&parquet)?) {
        (Some(_), Some(_)) => return Err(ContractError::BothFormats { export }),
        (None, None) => {
            return Err(ContractError::MissingFile {
                export,
                dir: dir.to_owned(),
            });
        }
        (Some(meta), None) => (csv, Format::Csv, meta),
        (None, Some(meta)) => (parquet, Format::Parquet, meta),
    };
    if !meta.is_file() {
        return Err(ContractError::Unreadable {
            path,
            detail: "it is not a regular file".to_owned(),
        });
    }
    if meta.len() == 0 {
        return Err(ContractError::EmptyFile { path });
    }
    Ok(Located {
        export,
        path,
        format,
        bytes: meta.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TargetKind;
    use crate::model::contract::column;
    use std::sync::Mutex;

    /// The required columns only, in contract order.
    fn minimal_header(export: Export) -> String {
        let required = export.table().columns().iter();
        let required = required.filter(|c| c.requirement.column_required());
        required.map(|c| c.name).collect::<Vec<_>>().join(",")
    }

    /// A directory with all seven exports as header-only CSV files, except
    /// those given in `files` (name → content).
    pub(super) fn input_dir(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for export in Export::ALL {
            let header = format!("{}\n", minimal_header(export));
            write(&dir, &format!("{export}.csv"), header.as_bytes());
        }
        for (name, content) in files {
            write(&dir, name, content);
        }
        dir
    }

    fn write(dir: &tempfile::TempDir, name: &str, content: &[u8]) {
        fs::write(dir.path().join(name), content).unwrap_or_else(|e| panic!("{e}"));
    }

    fn remove(dir: &tempfile::TempDir, name: &str) {
        fs::remove_file(dir.path().join(name)).unwrap_or_else(|e| panic!("{e}"));
    }

    pub(super) fn load_ok(dir: &tempfile::TempDir) -> Inputs {
        load(dir.path(), &NoProgress).unwrap_or_else(|e| panic!("{e}"))
    }

    pub(super) fn load_err(dir: &tempfile::TempDir) -> String {
        match load(dir.path(), &NoProgress) {
            Ok(_) => panic!("expected a contract error"),
            Err(e) => e.to_string(),
        }
    }

    fn path(dir: &tempfile::TempDir, name: &str) -> String {
        dir.path().join(name).display().to_string()
    }

    #[test]
    fn header_only_files_are_valid_empty_exports() {
        let dir = input_dir(&[]);
        let inputs = load_ok(&dir);
        assert_eq!(inputs.rejected, vec![]);
        assert_eq!(inputs.files.len(), 7);
        for (stats, export) in inputs.files.iter().zip(Export::ALL) {
            assert_eq!(stats.export, export);
            assert_eq!(stats.file_name, format!("{export}.csv"));
            assert_eq!(stats.format, Format::Csv);
            assert_eq!(stats.bytes, minimal_header(export).len() as u64 + 1);
            assert_eq!((stats.rows, stats.accepted, stats.rejected), (0, 0, 0));
            assert_eq!(stats.unknown_columns, Vec::<String>::new());
        }
        assert_eq!(
            inputs.files[0].sha256,
            "04dd7cfca4f5ade781158d4a4afd8af61f0685d9df43ae5b8592bb1fe07cb607"
        );
    }

    #[test]
    fn a_missing_export_is_a_contract_error() {
        let dir = input_dir(&[]);
        remove(&dir, "sis_hits.csv");
        assert_eq!(
            load_err(&dir),
            format!(
                "required export `sis_hits` is missing from {}: expected sis_hits.csv or sis_hits.parquet (an export with nothing to report is a file with only the header line)",
                dir.path().display()
            )
        );
    }

    #[test]
    fn an_empty_file_is_a_contract_error() {
        let dir = input_dir(&[("return_decisions.csv", b"")]);
        assert_eq!(
            load_err(&dir),
            format!(
                "export {} is empty (0 bytes): the export failed; re-run it (an export with nothing to report has a header line)",
                path(&dir, "return_decisions.csv")
            )
        );
    }

    #[test]
    fn csv_and_parquet_for_one_export_is_a_contract_error() {
        let dir = input_dir(&[("entry_bans.parquet", b"")]);
        assert_eq!(
            load_err(&dir),
            "export `entry_bans` is present twice, as entry_bans.csv and entry_bans.parquet: remove one of them"
        );
    }

    #[cfg(not(feature = "parquet"))]
    #[test]
    fn a_parquet_export_is_not_readable_yet() {
        let dir = input_dir(&[("alert_decisions.parquet", b"PAR1")]);
        remove(&dir, "alert_decisions.csv");
        assert_eq!(
            load_err(&dir),
            format!(
                "{}: cannot read the file: Parquet exports are not supported by this build (built without the `parquet` feature); deliver the export as CSV",
                path(&dir, "alert_decisions.parquet")
            )
        );
    }

    #[test]
    fn a_missing_column_is_named_first_in_contract_order() {
        let dir = input_dir(&[(
            "entry_bans.csv",
            b"ban_id,v_number,decision_date,final,status\n",
        )]);
        assert_eq!(
            load_err(&dir),
            format!(
                "{}: required column `severity` is missing from the header (columns are matched by name, case-insensitively)",
                path(&dir, "entry_bans.csv")
            )
        );
    }

    #[test]
    fn the_identity_block_is_required_only_in_rtb_holders() {
        let dir = input_dir(&[(
            "rtb_holders.csv",
            b"v_number,surname,given_names,nationality,category,status,status_date\n",
        )]);
        assert_eq!(
            load_err(&dir),
            format!(
                "{}: required column `birth_date` is missing from the header (columns are matched by name, case-insensitively)",
                path(&dir, "rtb_holders.csv")
            )
        );
    }

    #[test]
    fn a_column_named_twice_is_a_contract_error() {
        let dir = input_dir(&[(
            "exclusion_orders.csv",
            b"ovr_id,v_number,decision_date,ground,final,status,STATUS\n",
        )]);
        assert_eq!(
            load_err(&dir),
            format!(
                "{}: column `status` appears more than once in the header: keep one (columns are matched by name, case-insensitively)",
                path(&dir, "exclusion_orders.csv")
            )
        );
    }

    #[test]
    fn a_file_without_a_header_line_is_unreadable() {
        let dir = input_dir(&[("applications.csv", b"\r\n  \r\n")]);
        assert_eq!(
            load_err(&dir),
            format!(
                "{}: cannot read the file: the file has no header line (the first line must name the columns)",
                path(&dir, "applications.csv")
            )
        );
    }

    #[test]
    fn a_directory_in_place_of_an_export_is_unreadable() {
        let dir = input_dir(&[]);
        remove(&dir, "sis_hits.csv");
        fs::create_dir(dir.path().join("sis_hits.csv")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            load_err(&dir),
            format!(
                "{}: cannot read the file: it is not a regular file",
                path(&dir, "sis_hits.csv")
            )
        );
    }

    #[test]
    fn a_missing_input_directory_is_a_contract_error() {
        let dir = input_dir(&[]);
        let gone = dir.path().join("nope");
        let err = match load(&gone, &NoProgress) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e,
        };
        assert!(matches!(err, ContractError::InputDir { .. }));
        assert_eq!(
            err.to_string(),
            format!(
                "read input directory {}: No such file or directory (os error 2)",
                gone.display()
            )
        );
    }

    #[test]
    fn files_are_located_before_headers_are_checked() {
        let dir = input_dir(&[("rtb_holders.csv", b"v_number\n")]);
        remove(&dir, "alert_decisions.csv");
        assert!(load_err(&dir).starts_with("required export `alert_decisions` is missing"));
    }

    #[test]
    fn bom_semicolons_shuffled_upper_case_header_and_unknown_columns() {
        let holders = "\u{feff} Status_Date ;NATIONALITY;Extra Info;category; v_number;birth_date;Surname;given_names;status;Municipality\r\n\
                       2022-04-01;ukr;x;ukrainian;123456;01-02-1990;K;O;claimed;Den Haag\r\n";
        let dir = input_dir(&[("rtb_holders.csv", holders.as_bytes())]);
        let inputs = load_ok(&dir);
        assert_eq!(inputs.rejected, vec![]);
        assert_eq!(inputs.rtb_holders.len(), 1);
        let holder = &inputs.rtb_holders[0];
        assert_eq!(holder.v_number, "123456");
        assert_eq!(holder.identity.surname.as_deref(), Some("K"));
        assert_eq!(holder.municipality.as_deref(), Some("Den Haag"));
        assert_eq!(
            holder.status_date,
            crate::model::Date::from_ymd_opt(2022, 4, 1).unwrap_or_default()
        );
        assert_eq!(
            inputs.files[0].unknown_columns,
            vec!["Extra Info".to_string()]
        );
    }

    #[test]
    fn a_row_with_the_wrong_number_of_fields_is_quarantined_whole() {
        let bans = "ban_id,v_number,severity,decision_date,ground,final,status\n\
                    B1,123456,light,2021-01-01,other,1\n\
                    B2,654321,light,2021-01-01,other,1,active,extra\n\
                    B3,1234,light,2021-01-01,other\n";
        let dir = input_dir(&[("entry_bans.csv", bans.as_bytes())]);
        let inputs = load_ok(&dir);
        let ragged = |line, v_number: Option<&str>, value: &str, found| Rejection {
            file: Export::EntryBans,
            line,
            v_number: v_number.map(str::to_owned),
            column: String::new(),
            value: value.to_owned(),
            reason: format!(
                "expected 7 fields as in the header, found {found} (check this row's delimiters and quotes)"
            ),
        };
        assert_eq!(
            inputs.rejected,
            vec![
                ragged(2, Some("123456"), "B1,123456,light,2021-01-01,other,1", 6),
                ragged(
                    3,
                    Some("654321"),
                    "B2,654321,light,2021-01-01,other,1,active,extra",
                    8
                ),
                ragged(4, None, "B3,1234,light,2021-01-01,other", 5),
            ]
        );
    }

    #[test]
    fn a_quote_left_open_swallows_the_following_lines_into_one_rejected_row() {
        let bans = "ban_id,v_number,severity,decision_date,ground,final,status\n\
                    B1,123456,\"light,2021-01-01,other,1,active\n\
                    B2,123456,light,2021-01-01,other,1,active\n";
        let dir = input_dir(&[("entry_bans.csv", bans.as_bytes())]);
        let inputs = load_ok(&dir);
        assert_eq!(inputs.entry_bans, vec![]);
        assert_eq!(
            inputs.rejected,
            vec![Rejection {
                file: Export::EntryBans,
                line: 2,
                v_number: Some("123456".into()),
                column: String::new(),
                value: "B1,123456,light,2021-01-01,other,1,active\nB2,123456,light,2021-01-01,other,1,active".into(),
                reason: "expected 7 fields as in the header, found 3 (the row runs over 2 lines: a quote may not be closed)".into(),
            }]
        );
        assert_eq!(inputs.files[1].rows, 1);
    }

    #[test]
    fn a_row_that_is_not_utf8_is_quarantined_and_still_claims_its_id() {
        let mut bans =
            b"ban_id,v_number,severity,decision_date,ground,final,status,surname\n".to_vec();
        bans.extend_from_slice(b"B1,123456,light,2021-01-01,other,1,active,M\xfcller\n");
        bans.extend_from_slice(b"B1,123456,light,2021-01-01,other,1,active,Muller\n");
        let dir = input_dir(&[("entry_bans.csv", &bans)]);
        let inputs = load_ok(&dir);
        assert_eq!(inputs.entry_bans, vec![]);
        assert_eq!(
            inputs.rejected,
            vec![
                Rejection {
                    file: Export::EntryBans,
                    line: 2,
                    v_number: Some("123456".into()),
                    column: column::SURNAME.into(),
                    value: "M\u{fffd}ller".into(),
                    reason: "value is not valid UTF-8 (the export must be encoded as UTF-8)".into(),
                },
                Rejection {
                    file: Export::EntryBans,
                    line: 3,
                    v_number: Some("123456".into()),
                    column: column::BAN_ID.into(),
                    value: "B1".into(),
                    reason: "duplicate ban_id 'B1' (first on line 2)".into(),
                },
            ]
        );
    }

    #[test]
    fn an_unknown_column_that_is_not_utf8_is_named_as_written() {
        let mut hits =
            b"ban_id,v_number,severity,decision_date,ground,final,status,Opmerking\n".to_vec();
        hits.extend_from_slice(b"B1,123456,light,2021-01-01,other,1,active,\xe9\n");
        let dir = input_dir(&[("entry_bans.csv", &hits)]);
        let inputs = load_ok(&dir);
        assert_eq!(inputs.rejected[0].column, "Opmerking");
        assert_eq!(inputs.rejected[0].value, "\u{fffd}");
    }

    #[test]
    fn lines_are_where_a_person_finds_the_row() {
        let holders = "v_number,surname,given_names,birth_date,nationality,category,status,status_date\r\n\
                       \r\n\
                       123456,\"Kova\r\nlenko\",O,1990-01-01,UKR,ukrainian,granted,2022-04-01\r\n\
                       \r\n\
                       654321,K,O,1990-01-01,UKR,ukrainian,granted,2022-13-01";
        let dir = input_dir(&[("rtb_holders.csv", holders.as_bytes())]);
        let inputs = load_ok(&dir);
        assert_eq!(inputs.rtb_holders[0].line, 3);
        assert_eq!(
            inputs.rtb_holders[0].identity.surname.as_deref(),
            Some("Kova\r\nlenko")
        );
        assert_eq!(inputs.rejected[0].line, 6);
        assert_eq!(inputs.rejected[0].column, column::STATUS_DATE);
    }

    #[test]
    fn the_ledger_accounts_for_every_row_and_rejections_are_in_file_then_line_order() {
        let holders = "v_number,surname,given_names,birth_date,nationality,category,status,status_date\n\
                       123456,K,O,1990-01-01,UKR,ukrainian,granted,2022-04-01\n\
                       123456,K,O,1990-01-01,UKR,ukrainian,granted,2022-04-01\n";
        let bans = "ban_id,v_number,severity,decision_date,ground,final,status\n\
                    B1,123456,heavy,2021-01-01,public_order,1,active\n\
                    B2,654321,heavy,2021-01-01,public_order,1,active\n\
                    B3,123456,heavy,2021-01-01,public_order,1,lifted\n";
        let orders = "ovr_id,v_number,decision_date,ground,final,status\n\
                      O1,123456,2020-01-01,other,0,active\n";
        let apps = "application_id,v_number,kind,filed_date,decision,target_kind,target_id\n\
                    A1,123456,lift_request,2025-01-01,pending,entry_ban,B3\n\
                    A2,123456,lift_request,2025-01-01,pending,entry_ban,B2\n\
                    A3,123456,lift_request,2025-01-01,pending,exclusion_order,O1\n\
                    A4,123456,lift_request,2025-01-01,pending,entry_ban,B1\n\
                    A5,123456,regular,2025-01-01,granted,,\n";
        let dir = input_dir(&[
            ("rtb_holders.csv", holders.as_bytes()),
            ("entry_bans.csv", bans.as_bytes()),
            ("exclusion_orders.csv", orders.as_bytes()),
            ("applications.csv", apps.as_bytes()),
        ]);
        let inputs = load_ok(&dir);
        assert_eq!(
            inputs
                .rejected
                .iter()
                .map(|r| (r.file, r.line, r.column.as_str(), r.reason.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (
                    Export::RtbHolders,
                    3,
                    column::V_NUMBER,
                    "duplicate v_number '123456' (first on line 2)"
                ),
                (
                    Export::EntryBans,
                    4,
                    column::LIFTED_REASON,
                    "lifted_reason is required when status is 'lifted'"
                ),
                (
                    Export::Applications,
                    2,
                    column::TARGET_ID,
                    "target_id 'B3' is not an entry_ban of v_number 123456"
                ),
                (
                    Export::Applications,
                    3,
                    column::TARGET_ID,
                    "target_id 'B2' is not an entry_ban of v_number 123456"
                ),
                (
                    Export::Applications,
                    6,
                    column::DECISION_DATE,
                    "decision_date is required when decision is 'granted'"
                ),
            ]
        );
        assert_eq!(
            inputs
                .applications
                .iter()
                .map(|a| (a.line, a.target.as_ref().map(|t| t.kind)))
                .collect::<Vec<_>>(),
            vec![
                (4, Some(TargetKind::ExclusionOrder)),
                (5, Some(TargetKind::EntryBan))
            ]
        );
        let ledger: Vec<_> = inputs
            .files
            .iter()
            .map(|f| (f.export, f.rows, f.accepted, f.rejected))
            .collect();
        assert_eq!(
            ledger,
            vec![
                (Export::RtbHolders, 2, 1, 1),
                (Export::EntryBans, 3, 2, 1),
                (Export::ExclusionOrders, 1, 1, 0),
                (Export::ReturnDecisions, 0, 0, 0),
                (Export::SisHits, 0, 0, 0),
                (Export::Applications, 5, 2, 3),
                (Export::AlertDecisions, 0, 0, 0),
            ]
        );
        for f in &inputs.files {
            assert_eq!(f.rows, f.accepted + f.rejected);
        }
    }

    /// Records every progress call.
    #[derive(Default)]
    struct Recorder(Mutex<Vec<(Export, &'static str, u64)>>);

    impl Progress for Recorder {
        fn start(&self, export: Export, total_bytes: u64) {
            self.push(export, "start", total_bytes);
        }
        fn advance(&self, export: Export, bytes: u64) {
            self.push(export, "advance", bytes);
        }
        fn finish(&self, export: Export) {
            self.push(export, "finish", 0);
        }
    }

    impl Recorder {
        fn push(&self, export: Export, what: &'static str, n: u64) {
            if let Ok(mut calls) = self.0.lock() {
                calls.push((export, what, n));
            }
        }
    }

    #[test]
    fn progress_adds_up_to_each_file_size() {
        let mut bans = String::from("ban_id,v_number,severity,decision_date,ground,final,status\n");
        // More than one chunk of the chunked reader, so progress moves more than once.
        for i in 0..40_000 {
            bans.push_str(&format!("B{i},123456,light,2021-01-01,other,1,active\n"));
        }
        let dir = input_dir(&[("entry_bans.csv", bans.as_bytes())]);
        let recorder = Recorder::default();
        let inputs = load(dir.path(), &recorder).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(inputs.entry_bans.len(), 40_000);
        let calls = recorder.0.into_inner().unwrap_or_default();
        for stats in &inputs.files {
            let of: Vec<_> = calls.iter().filter(|c| c.0 == stats.export).collect();
            assert_eq!(of.first().map(|c| (c.1, c.2)), Some(("start", stats.bytes)));
            assert_eq!(of.last().map(|c| c.1), Some("finish"));
            let advanced: u64 = of.iter().filter(|c| c.1 == "advance").map(|c| c.2).sum();
            assert_eq!(advanced, stats.bytes, "{}", stats.export);
        }
        let bans_advances = calls
            .iter()
            .filter(|c| c.0 == Export::EntryBans && c.1 == "advance")
            .count();
        assert!(bans_advances > 1, "{bans_advances}");
    }
}
