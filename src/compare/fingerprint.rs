//! The per-person fingerprints every run leaves for the next one
//! (`fingerprints.csv`): the SHA-256 of each person's input records, so a
//! later run tells a change in a person's data from a change of date,
//! parameters or rules (`changes`), and a verdict given on data that has
//! changed since is not taken on (`verdicts`).

use crate::case::Case;
use crate::ingest::{Inputs, Rejection};
use crate::model::Export;
use crate::model::records::{Cell, Record};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;

pub const FINGERPRINTS_FILE: &str = "fingerprints.csv";
pub const FINGERPRINTS_HEADER: [&str; 2] = ["v_number", "sha256"];

/// How the bytes a fingerprint hashes are laid out. summary.json records
/// the scheme, so a run compares its fingerprints with an earlier run's in
/// the earlier run's scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Every value after its column name, lengths and counts as 8 bytes.
    /// Written by runs whose summary.json has no `fingerprint_scheme`.
    V1,
    /// Values only, in SPEC column order, lengths and counts as LEB128 and
    /// each export as one byte: a quarter of V1's bytes, and so of the
    /// SHA-256 work that dominated fingerprinting at 1M persons (issue 5).
    V2,
}

impl Scheme {
    pub const CURRENT: Scheme = Scheme::V2;

    pub fn number(self) -> u64 {
        match self {
            Scheme::V1 => 1,
            Scheme::V2 => 2,
        }
    }

    pub fn from_number(n: u64) -> Option<Self> {
        [Scheme::V1, Scheme::V2]
            .into_iter()
            .find(|s| s.number() == n)
    }
}

/// The bytes a person's fingerprint hashes, built in one reusable buffer so
/// that fingerprinting a million persons allocates nothing per person.
///
/// Every value is written so that no two different sequences read alike:
/// absent is `0`, present is `1`, its length and its bytes.
struct Feed<'b> {
    buf: &'b mut Vec<u8>,
    scheme: Scheme,
}

impl Feed<'_> {
    fn count(&mut self, n: usize) {
        match self.scheme {
            Scheme::V1 => self.buf.extend_from_slice(&(n as u64).to_le_bytes()),
            Scheme::V2 => leb128(self.buf, n),
        }
    }

    fn value(&mut self, value: Option<&[u8]>) {
        match value {
            None => self.buf.push(0),
            Some(v) => {
                self.buf.push(1);
                self.count(v.len());
                self.buf.extend_from_slice(v);
            }
        }
    }

    fn cell(&mut self, cell: Option<Cell<'_>>) {
        let Some(c) = cell else {
            self.buf.push(0);
            return;
        };
        self.buf.push(1);
        // The length goes before the text, which is written in place; room
        // for the length is made first and filled in once it is known.
        let room = match self.scheme {
            Scheme::V1 => 8,
            Scheme::V2 => 1,
        };
        let at = self.buf.len();
        self.buf.resize(at + room, 0);
        c.write_to(self.buf);
        let len = self.buf.len() - at - room;
        match self.scheme {
            Scheme::V1 => self.buf[at..at + 8].copy_from_slice(&(len as u64).to_le_bytes()),
            // Nearly every value is shorter than 128 bytes: one byte, in place.
            Scheme::V2 if len < 0x80 => self.buf[at] = len as u8,
            Scheme::V2 => {
                let mut prefix = Vec::with_capacity(4);
                leb128(&mut prefix, len);
                self.buf.splice(at..at + 1, prefix);
            }
        }
    }

    fn records<'r, R: Record + 'r>(&mut self, records: impl ExactSizeIterator<Item = &'r R>) {
        match self.scheme {
            Scheme::V1 => self.value(Some(R::EXPORT.name().as_bytes())),
            Scheme::V2 => self.buf.push(R::EXPORT as u8),
        }
        self.count(records.len());
        for r in records {
            match self.scheme {
                Scheme::V1 => {
                    // The column count comes first; it is patched in once known.
                    let at = self.buf.len();
                    self.count(0);
                    let mut columns = 0usize;
                    r.cells(&mut |name, value| {
                        columns += 1;
                        self.value(Some(name.as_bytes()));
                        self.cell(value);
                    });
                    self.buf[at..at + 8].copy_from_slice(&(columns as u64).to_le_bytes());
                }
                // The record type fixes its columns and their order.
                Scheme::V2 => r.cells(&mut |_, value| self.cell(value)),
            }
        }
    }
}

/// Unsigned LEB128: seven bits a byte, low first, high bit set on all but
/// the last; one byte for anything below 128.
fn leb128(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The SHA-256 of everything the rules can see of one person: every accepted
/// record (all contract columns, records in id order), the identity resolved
/// from them, and the person's quarantined rows (file, column, value, reason
/// — not the line, which moves when other rows do).
///
/// `buf` is scratch space, reused from person to person.
fn fingerprint(
    buf: &mut Vec<u8>,
    scheme: Scheme,
    case: &Case<'_>,
    rejections: &[&Rejection],
) -> Fingerprint {
    buf.clear();
    let mut f = Feed { buf, scheme };
    f.value(Some(case.v_number.as_bytes()));
    f.records(case.holder.into_iter());
    f.records(case.entry_bans.iter());
    f.records(case.exclusion_orders.iter());
    f.records(case.return_decisions.iter());
    f.records(case.sis_hits.iter());
    f.records(case.applications.iter());
    f.records(case.alert_decisions.iter());

    let id = case.identity;
    f.value(Some(b"identity"));
    f.value(id.surname.map(str::as_bytes));
    f.value(id.given_names.map(str::as_bytes));
    f.cell(id.birth_date.map(Cell::Date));
    f.value(id.nationality.as_ref().map(|n| n.as_str().as_bytes()));

    let mut rej: Vec<(Export, &str, &str, &str)> = rejections
        .iter()
        .map(|r| {
            (
                r.file,
                r.column.as_str(),
                r.value.as_str(),
                r.reason.as_str(),
            )
        })
        .collect();
    rej.sort_unstable();
    f.value(Some(b"rejected"));
    f.count(rej.len());
    for (file, column, value, reason) in rej {
        f.value(Some(file.name().as_bytes()));
        f.value(Some(column.as_bytes()));
        f.value(Some(value.as_bytes()));
        f.value(Some(reason.as_bytes()));
    }
    Fingerprint(Sha256::digest(buf.as_slice()).into())
}

/// A person's fingerprint: the SHA-256 of everything the rules can see of
/// them. Kept as its 32 bytes (a million hex strings would be 100 MB of
/// small allocations) and written as 64 lower-case hex digits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    fn hex_digits(&self) -> [u8; 64] {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 64];
        for (i, b) in self.0.iter().enumerate() {
            out[2 * i] = DIGITS[usize::from(b >> 4)];
            out[2 * i + 1] = DIGITS[usize::from(b & 15)];
        }
        out
    }

    /// Reads the 64 hex digits of fingerprints.csv (either case).
    pub fn from_hex(text: &str) -> Option<Self> {
        let digits = text.as_bytes();
        if digits.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
            let high = char::from(pair[0]).to_digit(16)?;
            let low = char::from(pair[1]).to_digit(16)?;
            *byte = (high * 16 + low) as u8;
        }
        Some(Fingerprint(out))
    }

    /// As written in fingerprints.csv.
    pub fn hex(&self) -> String {
        self.hex_digits().iter().map(|&d| char::from(d)).collect()
    }

    /// The first 16 hex digits: what the workbook keeps of each person's
    /// fingerprint, enough to tell that the records changed (a chance
    /// collision is 1 in 2^64) at a quarter of the bytes.
    pub fn short(&self) -> String {
        self.hex_digits()[..SHORT]
            .iter()
            .map(|&d| char::from(d))
            .collect()
    }

    /// Whether `short` (as `short()` wrote it, any case) is this fingerprint's.
    pub fn matches_short(&self, short: &str) -> bool {
        short.len() == SHORT && self.hex().starts_with(&short.to_ascii_lowercase())
    }
}

/// Hex digits of `Fingerprint::short`.
const SHORT: usize = 16;

/// Each person's quarantined rows, by V-number.
fn rejections_by_person(inputs: &Inputs) -> HashMap<&str, Vec<&Rejection>> {
    let mut by_person: HashMap<&str, Vec<&Rejection>> = HashMap::new();
    for r in &inputs.rejected {
        if let Some(v) = &r.v_number {
            by_person.entry(v.as_str()).or_default().push(r);
        }
    }
    by_person
}

/// The fingerprint of every case in `scheme`, in the order of `cases`.
pub fn fingerprints(inputs: &Inputs, cases: &[Case<'_>], scheme: Scheme) -> Vec<Fingerprint> {
    let by_person = rejections_by_person(inputs);
    cases
        .par_iter()
        .map_init(Vec::new, |buf, c| {
            let rejections = by_person.get(c.v_number).map_or(&[][..], Vec::as_slice);
            fingerprint(buf, scheme, c, rejections)
        })
        .collect()
}

/// The fingerprints of a few cases (the persons with a verdict), in the
/// order of `cases`.
pub fn fingerprints_of(inputs: &Inputs, cases: &[&Case<'_>], scheme: Scheme) -> Vec<Fingerprint> {
    let by_person = rejections_by_person(inputs);
    let mut buf = Vec::new();
    cases
        .iter()
        .map(|c| {
            let rejections = by_person.get(c.v_number).map_or(&[][..], Vec::as_slice);
            fingerprint(&mut buf, scheme, c, rejections)
        })
        .collect()
}

/// Writes fingerprints.csv: `v_number,sha256`, one row per person, in
/// V-number order.
pub fn write_fingerprints<W: Write>(
    w: W,
    cases: &[Case<'_>],
    fingerprints: &[Fingerprint],
) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(FINGERPRINTS_HEADER)?;
    for (c, fp) in cases.iter().zip(fingerprints) {
        out.write_record([c.v_number.as_bytes(), &fp.hex_digits()])?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BanStatus, Severity};
    use crate::testkit::fixtures::*;

    #[test]
    fn v1_fingerprints_are_those_earlier_runs_wrote() {
        let mut a = protected_with_heavy_ban();
        a.rejected.push(rejection("100001", Export::EntryBans, 7));
        let (cases, _) = crate::case::build(&a);
        assert_eq!(
            fingerprints(&a, &cases, Scheme::V1)[0].hex(),
            "82d8ae55e4f391a383e917dd59d58906ee00d2e4d64f8512a69e48ea1f214a7a"
        );
        assert_ne!(
            fingerprints(&a, &cases, Scheme::V2),
            fingerprints(&a, &cases, Scheme::V1)
        );
    }

    #[test]
    fn v2_cells_carry_their_length_first_also_when_long() {
        let mut buf = Vec::new();
        let mut f = Feed {
            buf: &mut buf,
            scheme: Scheme::V2,
        };
        let long = "x".repeat(200);
        f.cell(Some(Cell::Text(&long)));
        f.cell(Some(Cell::Text("ab")));
        f.cell(None);
        f.cell(Some(Cell::Date(d("2026-11-28"))));
        assert_eq!(buf[..3], [1, 0xc8, 0x01]);
        assert_eq!(buf[3..203], *long.as_bytes());
        assert_eq!(buf[203..], *b"\x01\x02ab\x00\x01\x0a2026-11-28");
    }

    #[test]
    fn leb128_is_one_byte_below_128() {
        let enc = |n| {
            let mut out = Vec::new();
            leb128(&mut out, n);
            out
        };
        assert_eq!(enc(0), [0]);
        assert_eq!(enc(127), [127]);
        assert_eq!(enc(128), [0x80, 1]);
        assert_eq!(enc(300), [0xac, 2]);
    }

    #[test]
    fn fingerprint_ignores_row_order_and_line_numbers_but_not_values() {
        let mut a = protected_with_heavy_ban();
        a.entry_bans.push(ban(
            "B0",
            "100001",
            Severity::Light,
            BanStatus::Active,
            "2019-01-01",
        ));
        let mut b = Inputs {
            rtb_holders: a.rtb_holders.clone(),
            entry_bans: a.entry_bans.iter().rev().cloned().collect(),
            ..Inputs::default()
        };
        b.entry_bans[0].line = 99;
        // In the order ingestion leaves every input in.
        let fp = |i: &Inputs| {
            let mut i = i.clone_records();
            i.order_by_person();
            let (cases, _) = crate::case::build(&i);
            fingerprints(&i, &cases, Scheme::CURRENT)
        };
        assert_eq!(fp(&a), fp(&b));
        let first = fp(&a)[0];
        assert_eq!(first.hex().len(), 64);
        assert_eq!(Fingerprint::from_hex(&first.hex()), Some(first));
        assert_eq!(
            Fingerprint::from_hex(&first.hex().to_uppercase()),
            Some(first)
        );
        assert_eq!(Fingerprint::from_hex(&first.hex()[1..]), None);
        assert_eq!(Fingerprint::from_hex(&"g".repeat(64)), None);
        assert!(first.matches_short(&first.short()));
        assert!(first.matches_short(&first.short().to_uppercase()));
        assert!(!first.matches_short(&first.hex()[..15]));
        b.entry_bans[0].sis_alert_id = None;
        assert_ne!(fp(&a), fp(&b));
        // A quarantined row is part of the person's data (H01 depends on it).
        let mut c = a.clone_records();
        c.rejected.push(rejection("100001", Export::EntryBans, 7));
        assert_ne!(fp(&a), fp(&c));
        let mut moved = a.clone_records();
        moved
            .rejected
            .push(rejection("100001", Export::EntryBans, 8));
        assert_eq!(fp(&c), fp(&moved));
    }
}
