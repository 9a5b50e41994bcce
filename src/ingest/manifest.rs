//! The exporter's control totals (issue 14): an optional `manifest.csv` or
//! `manifest.json` beside the exports that gives, per export, its data rows
//! and the SHA-256 of its bytes. Every row of a cut-short export is valid,
//! so only the exporter's own totals can tell it from a short night.
//!
//! `manifest.csv` has the columns `file,rows,sha256` (found by name, `,` or
//! `;`, BOM ignored, as for the exports); `manifest.json` is
//! `{"files": [{"file": …, "rows": …, "sha256": …}, …]}` (other keys are
//! ignored). `file` is the export's name (`applications`) or its file name
//! (`applications.csv`); `rows` counts data rows, not the header line nor
//! blank lines; `sha256` is the hex digest of the file's bytes.
//!
//! The manifest is read and matched to the located exports before any row
//! is read (a manifest that is itself broken costs no parsing); the totals
//! are compared once the exports are read, with the rows ingest counted
//! (quarantined rows included) and the hash it computed while reading. Any
//! difference is a contract error: nothing of the delivery is used.

use super::columns::{Header, HeaderError};
use super::source::{CsvSource, RowSource, SourceError};
use super::{ContractError, FileStats, Located};
use crate::model::Export;
use csv::ByteRecord;
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

pub const CSV_FILE: &str = "manifest.csv";
pub const JSON_FILE: &str = "manifest.json";

/// The exporter's totals for one export.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Total {
    export: Export,
    rows: u64,
    /// Lower-case hex.
    sha256: String,
}

/// A manifest whose rows name each of the seven exports once.
#[derive(Debug)]
pub(super) struct Manifest {
    path: PathBuf,
    /// In `Export::ALL` order (`Export`'s order).
    totals: Vec<Total>,
}

/// One row of either format, before it is matched to an export; `at` says
/// where it is in the manifest ("line 3", "files entry 2").
struct Entry {
    at: String,
    file: String,
    rows: u64,
    sha256: String,
}

/// Reads the manifest in `dir`, if the exporter sent one, and matches its
/// rows to the `located` exports.
pub(super) fn read(dir: &Path, located: &[Located]) -> Result<Option<Manifest>, ContractError> {
    let csv = dir.join(CSV_FILE);
    let json = dir.join(JSON_FILE);
    let (path, entries) = match (present(&csv)?, present(&json)?) {
        (true, true) => {
            return Err(ContractError::BothManifests {
                dir: dir.to_owned(),
            });
        }
        (false, false) => return Ok(None),
        (true, false) => {
            let entries = read_csv(&csv)?;
            (csv, entries)
        }
        (false, true) => {
            let entries = read_json(&json)?;
            (json, entries)
        }
    };
    let bad = |detail: String| ContractError::BadManifest {
        path: path.clone(),
        detail,
    };
    // Export → its totals and where they are in the manifest.
    let mut found: BTreeMap<Export, (Total, String)> = BTreeMap::new();
    for entry in entries {
        let export = resolve(&entry, located).map_err(bad)?;
        if let Some((_, first)) = found.get(&export) {
            return Err(bad(format!(
                "{}: export `{export}` already has a row ({first}); give each export one row",
                entry.at
            )));
        }
        let sha256 = entry.sha256.to_ascii_lowercase();
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad(format!(
                "{}: sha256 '{}' is not 64 hex digits (the SHA-256 of the file's bytes, as `sha256sum` prints it)",
                entry.at, entry.sha256
            )));
        }
        let total = Total {
            export,
            rows: entry.rows,
            sha256,
        };
        found.insert(export, (total, entry.at));
    }
    let missing: Vec<&str> = Export::ALL
        .iter()
        .filter(|e| !found.contains_key(e))
        .map(|e| e.name())
        .collect();
    if !missing.is_empty() {
        return Err(bad(format!(
            "no row for {}: a manifest gives the rows and SHA-256 of all seven exports; have the exporter write it again",
            missing.join(", ")
        )));
    }
    Ok(Some(Manifest {
        totals: found.into_values().map(|(t, _)| t).collect(),
        path,
    }))
}

impl Manifest {
    /// The manifest's file name, for summary.json.
    pub fn file_name(&self) -> &'static str {
        if self.path.ends_with(JSON_FILE) {
            JSON_FILE
        } else {
            CSV_FILE
        }
    }

    /// Compares the exporter's totals with what was read: every export must
    /// have as many data rows and the same SHA-256.
    pub fn check(&self, files: &[FileStats]) -> Result<(), ContractError> {
        let mismatches: Vec<String> = self
            .totals
            .iter()
            .filter_map(|t| {
                let f = files.iter().find(|f| f.export == t.export)?;
                let same_rows = f.rows == t.rows;
                let same_hash = f.sha256.eq_ignore_ascii_case(&t.sha256);
                let file = &f.file_name;
                match (same_rows, same_hash) {
                    (true, true) => None,
                    (false, false) => Some(format!(
                        "{file} has {} data rows and SHA-256 {}, the manifest says {} rows and {}",
                        f.rows, f.sha256, t.rows, t.sha256
                    )),
                    (true, false) => Some(format!(
                        "{file} has SHA-256 {}, the manifest says {} (the rows agree: {})",
                        f.sha256, t.sha256, t.rows
                    )),
                    // The bytes are the exporter's; only the counting differs.
                    (false, true) => Some(format!(
                        "{file} has {} data rows, the manifest says {} although the SHA-256 agrees (the exporter must count data rows only, not the header line or blank lines)",
                        f.rows, t.rows
                    )),
                }
            })
            .collect();
        if mismatches.is_empty() {
            Ok(())
        } else {
            Err(ContractError::ManifestMismatch {
                path: self.path.clone(),
                mismatches,
            })
        }
    }
}

fn present(path: &Path) -> Result<bool, ContractError> {
    match fs::metadata(path) {
        Ok(meta) if meta.len() == 0 && meta.is_file() => Err(ContractError::BadManifest {
            path: path.to_owned(),
            detail: "it is empty (0 bytes): the exporter failed to write it; have the delivery sent again".to_owned(),
        }),
        Ok(_) => Ok(true),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
        Err(e) => Err(ContractError::Unreadable {
            path: path.to_owned(),
            detail: e.to_string(),
        }),
    }
}

/// Which located export a manifest row names.
fn resolve(entry: &Entry, located: &[Located]) -> Result<Export, String> {
    let name = entry.file.as_str();
    if let Some(l) = located
        .iter()
        .find(|l| l.export.name() == name || l.file_name() == name)
    {
        return Ok(l.export);
    }
    if let Some(l) = located.iter().find(|l| {
        name.strip_prefix(l.export.name())
            .is_some_and(|ext| ext == ".csv" || ext == ".parquet")
    }) {
        return Err(format!(
            "{}: names `{name}`, but export `{}` was delivered as {}; the manifest must describe the files delivered",
            entry.at,
            l.export,
            l.file_name()
        ));
    }
    let exports: Vec<&str> = Export::ALL.iter().map(|e| e.name()).collect();
    Err(format!(
        "{}: `{name}` is not one of the seven exports ({}); name each by its export (applications) or its file name (applications.csv)",
        entry.at,
        exports.join(", ")
    ))
}

fn read_csv(path: &Path) -> Result<Vec<Entry>, ContractError> {
    let unreadable = |detail: String| ContractError::Unreadable {
        path: path.to_owned(),
        detail,
    };
    let bad = |detail: String| ContractError::BadManifest {
        path: path.to_owned(),
        detail,
    };
    let file = File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let mut source = CsvSource::new(file).map_err(|SourceError(d)| unreadable(d))?;
    let mut header = Header::new(source.header().to_vec());
    let mut column = |name: &'static str| {
        header.required(name).map_err(|e| {
            bad(match e {
                HeaderError::Missing(c) => format!(
                    "required column `{c}` is missing from the header (the columns are file,rows,sha256)"
                ),
                HeaderError::Duplicate(c) => {
                    format!("column `{c}` appears more than once in the header: keep one")
                }
            })
        })
    };
    let columns = [column("file")?, column("rows")?, column("sha256")?];
    let mut entries = Vec::new();
    let mut record = ByteRecord::new();
    while let Some(line) = source
        .next_row(&mut record)
        .map_err(|SourceError(d)| unreadable(d))?
    {
        let at = format!("line {line}");
        let [file, rows, sha256] = columns.map(|c| {
            c.index
                .and_then(|i| record.get(i))
                .map(|cell| String::from_utf8_lossy(cell).trim().to_owned())
                .unwrap_or_default()
        });
        let rows = rows.parse().map_err(|_| {
            bad(format!(
                "{at}: rows '{rows}' is not a count (the number of data rows, without the header line)"
            ))
        })?;
        entries.push(Entry {
            at,
            file,
            rows,
            sha256,
        });
    }
    Ok(entries)
}

#[derive(serde::Deserialize)]
struct JsonManifest {
    files: Vec<JsonEntry>,
}

#[derive(serde::Deserialize)]
struct JsonEntry {
    file: String,
    rows: u64,
    sha256: String,
}

fn read_json(path: &Path) -> Result<Vec<Entry>, ContractError> {
    let text = fs::read(path).map_err(|e| ContractError::Unreadable {
        path: path.to_owned(),
        detail: e.to_string(),
    })?;
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text);
    let manifest: JsonManifest =
        serde_json::from_slice(text).map_err(|e| ContractError::BadManifest {
            path: path.to_owned(),
            detail: format!(
                "not a manifest ({e}); expected {{\"files\": [{{\"file\": \"applications.csv\", \"rows\": 120, \"sha256\": \"…\"}}, …]}}"
            ),
        })?;
    Ok(manifest
        .files
        .into_iter()
        .enumerate()
        .map(|(i, f)| Entry {
            at: format!("files entry {}", i + 1),
            file: f.file.trim().to_owned(),
            rows: f.rows,
            sha256: f.sha256.trim().to_owned(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{input_dir, load_err, load_ok};
    use super::*;
    use sha2::{Digest, Sha256};

    fn sha256(dir: &tempfile::TempDir, file: &str) -> String {
        let bytes = fs::read(dir.path().join(file)).unwrap();
        format!("{:x}", Sha256::digest(bytes))
    }

    /// manifest.csv describing the exports in `dir` as they are, with
    /// `rows` data rows for each unless `overrides` says otherwise.
    fn manifest_csv(dir: &tempfile::TempDir, overrides: &[(&str, u64)]) -> String {
        let mut text = String::from("file,rows,sha256\n");
        for e in Export::ALL {
            let rows = overrides
                .iter()
                .find(|(n, _)| *n == e.name())
                .map_or(0, |(_, r)| *r);
            let file = format!("{e}.csv");
            text.push_str(&format!("{e},{rows},{}\n", sha256(dir, &file)));
        }
        text
    }

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) {
        fs::write(dir.path().join(name), text).unwrap();
    }

    const BANS: &str = "ban_id,v_number,severity,decision_date,ground,final,status\n\
                        B1,123456,light,2021-01-01,other,1,active\n\
                        \n\
                        B2,123456,light,not-a-date,other,1,active\n";

    #[test]
    fn a_matching_manifest_counts_quarantined_rows_but_not_blank_lines() {
        let dir = input_dir(&[("entry_bans.csv", BANS.as_bytes())]);
        // `;`, a BOM, upper-case columns in another order, file names
        // and export names mixed, upper-case hex.
        let mut text = String::from("\u{feff}SHA256;File;Rows\r\n");
        for e in Export::ALL {
            let rows = if e == Export::EntryBans { 2 } else { 0 };
            let name = if e == Export::SisHits {
                format!("{e}.csv")
            } else {
                e.to_string()
            };
            let hash = sha256(&dir, &format!("{e}.csv")).to_uppercase();
            text.push_str(&format!("{hash};{name};{rows}\r\n"));
        }
        write(&dir, CSV_FILE, &text);
        let inputs = load_ok(&dir);
        assert_eq!(inputs.manifest, Some(CSV_FILE));
        assert_eq!(inputs.rejected.len(), 1);
    }

    #[test]
    fn without_a_manifest_nothing_is_checked() {
        assert_eq!(load_ok(&input_dir(&[])).manifest, None);
    }

    #[test]
    fn a_mismatch_names_every_file_that_differs_and_its_figures() {
        let dir = input_dir(&[("entry_bans.csv", BANS.as_bytes())]);
        let mut text = manifest_csv(&dir, &[("entry_bans", 3), ("sis_hits", 0)]);
        let sis = sha256(&dir, "sis_hits.csv");
        text = text.replace(&sis, &"0".repeat(64));
        write(&dir, CSV_FILE, &text);
        let bans = sha256(&dir, "entry_bans.csv");
        assert_eq!(
            load_err(&dir),
            format!(
                "the delivery does not match its manifest {}, nothing was written: \
                 entry_bans.csv has 2 data rows, the manifest says 3 although the SHA-256 agrees (the exporter must count data rows only, not the header line or blank lines); \
                 sis_hits.csv has SHA-256 {sis}, the manifest says {} (the rows agree: 0); \
                 the export is incomplete or was changed after the manifest was written: have it delivered again",
                dir.path().join(CSV_FILE).display(),
                "0".repeat(64)
            )
        );
        // Both wrong at once: a cut-short file.
        write(&dir, CSV_FILE, &manifest_csv(&dir, &[("entry_bans", 2)]));
        let cut = BANS.rfind("B2").unwrap();
        write(&dir, "entry_bans.csv", &BANS[..cut]);
        let err = load_err(&dir);
        assert!(
            err.contains(&format!(
                "entry_bans.csv has 1 data rows and SHA-256 {}, the manifest says 2 rows and {bans}",
                sha256(&dir, "entry_bans.csv")
            )),
            "{err}"
        );
    }

    #[test]
    fn manifest_json_is_read_the_same_way() {
        let dir = input_dir(&[("entry_bans.csv", BANS.as_bytes())]);
        let files: Vec<String> = Export::ALL
            .iter()
            .map(|e| {
                let rows = if *e == Export::EntryBans { 2 } else { 0 };
                let hash = sha256(&dir, &format!("{e}.csv"));
                format!(r#"{{"file": "{e}.csv", "rows": {rows}, "sha256": "{hash}"}}"#)
            })
            .collect();
        let json = format!(
            r#"{{"exported_at": "2026-11-28T01:00:00Z", "files": [{}]}}"#,
            files.join(", ")
        );
        write(&dir, JSON_FILE, &json);
        assert_eq!(load_ok(&dir).manifest, Some(JSON_FILE));
        write(
            &dir,
            JSON_FILE,
            &json.replace(r#""rows": 2"#, r#""rows": 1"#),
        );
        assert!(load_err(&dir).contains("entry_bans.csv has 2 data rows, the manifest says 1"));
        write(&dir, JSON_FILE, r#"{"files": [{"file": "entry_bans"}]}"#);
        let err = load_err(&dir);
        assert!(
            err.contains("manifest.json: not a manifest (missing field `rows`"),
            "{err}"
        );
    }

    #[test]
    fn a_manifest_that_does_not_describe_the_delivery_is_a_contract_error() {
        let dir = input_dir(&[]);
        let good = manifest_csv(&dir, &[]);
        let path = dir.path().join(CSV_FILE).display().to_string();
        let cases: Vec<(String, String)> = vec![
            (
                good.replace("sis_hits,", "sis_hit,"),
                "line 6: `sis_hit` is not one of the seven exports (rtb_holders, entry_bans, exclusion_orders, return_decisions, sis_hits, applications, alert_decisions); name each by its export (applications) or its file name (applications.csv)".into(),
            ),
            (
                good.replace("sis_hits,", "sis_hits.parquet,"),
                "line 6: names `sis_hits.parquet`, but export `sis_hits` was delivered as sis_hits.csv; the manifest must describe the files delivered".into(),
            ),
            (
                good.replace("sis_hits,", "entry_bans.csv,"),
                "line 6: export `entry_bans` already has a row (line 3); give each export one row".into(),
            ),
            (
                good.lines()
                    .filter(|l| !l.starts_with("applications,") && !l.starts_with("rtb_holders,"))
                    .map(|l| format!("{l}\n"))
                    .collect(),
                "no row for rtb_holders, applications: a manifest gives the rows and SHA-256 of all seven exports; have the exporter write it again".into(),
            ),
            (
                good.replace("sis_hits,0,", "sis_hits,-1,"),
                "line 6: rows '-1' is not a count (the number of data rows, without the header line)".into(),
            ),
            (
                good.replace("sis_hits,0,", "sis_hits,0,x"),
                format!(
                    "line 6: sha256 'x{}' is not 64 hex digits (the SHA-256 of the file's bytes, as `sha256sum` prints it)",
                    sha256(&dir, "sis_hits.csv")
                ),
            ),
            (
                good.replace("file,rows,sha256", "file,count,sha256"),
                "required column `rows` is missing from the header (the columns are file,rows,sha256)".into(),
            ),
        ];
        for (text, detail) in cases {
            write(&dir, CSV_FILE, &text);
            assert_eq!(load_err(&dir), format!("{path}: {detail}"));
        }
        write(&dir, CSV_FILE, "");
        assert_eq!(
            load_err(&dir),
            format!(
                "{path}: it is empty (0 bytes): the exporter failed to write it; have the delivery sent again"
            )
        );
        write(&dir, CSV_FILE, &good);
        write(&dir, JSON_FILE, "{}");
        assert_eq!(
            load_err(&dir),
            format!(
                "{} holds both manifest.csv and manifest.json: an exporter writes one manifest; remove the other",
                dir.path().display()
            )
        );
    }
}
