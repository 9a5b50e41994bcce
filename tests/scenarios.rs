//! Scenario tests: the rules of SPEC §6 written as YAML files that a lawyer can
//! read and extend without knowing Rust (`tests/scenarios/*.yaml`; the format is
//! documented in `tests/scenarios/README.md`).
//!
//! This module owns the harness: loading and checking a scenario file, writing
//! each case's seven exports as CSV into a fresh temporary directory, running the
//! real `rtb-recon run` binary on them, and comparing its `actions.csv` with the
//! case's complete list of expected actions. A failing case is reported with its
//! name, its file, an aligned expected-versus-actual table and the run's stderr;
//! all failing cases of a file are collected before the test fails.
//!
//! It deliberately knows no rule logic: every expectation is written by hand in
//! the YAML, so the scenarios are an oracle independent of `src/rules`. It does
//! not test ingestion edge cases, drafts' content or the other output files
//! (those have their own tests); it only asserts whether a draft exists.

use rtb_recon::model::Export;
use rtb_recon::model::contract::{IDENTITY, Requirement, column};
use serde::{Deserialize, Deserializer};
use serde_norway::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One `#[test]` per scenario file, plus the list `SCENARIO_FILES` that
/// `every_scenario_file_is_listed` checks against the folder.
macro_rules! scenario_files {
    ($($test:ident => $file:literal,)+) => {
        const SCENARIO_FILES: &[&str] = &[$($file),+];
        $(
            #[test]
            fn $test() {
                run_scenario_file($file);
            }
        )+
    };
}

scenario_files! {
    h01_hold_incomplete_data => "h01.yaml",
    h02_review_eu_national => "h02.yaml",
    r01_expire_irv => "r01.yaml",
    r02_lift_irv_not_in_force => "r02.yaml",
    r03_temp_lift_heavy_irv => "r03.yaml",
    r04_lift_light_irv_regular => "r04.yaml",
    r05_lift_light_irv => "r05.yaml",
    r06_update_temp_lift_end => "r06.yaml",
    r07_end_temp_lift_irv => "r07.yaml",
    r08_assess_lift_heavy_irv => "r08.yaml",
    r09_lift_ovr => "r09.yaml",
    r10_assess_ovr_lift_regular => "r10.yaml",
    r11_suspend_tkb => "r11.yaml",
    r12_update_suspension_end => "r12.yaml",
    r13_resume_tkb => "r13.yaml",
    r14_hit_on_hold => "r14.yaml",
    r15_delete_stale_alert => "r15.yaml",
    r16_consult_issuing_state => "r16.yaml",
    r17_maintain_alert => "r17.yaml",
    r18_hit_covered => "r18.yaml",
    r19_hit_no_action => "r19.yaml",
    r20_refer_to_sua => "r20.yaml",
    r21_reject_lift_request => "r21.yaml",
    r22_grant_lift_request => "r22.yaml",
    r23_assess_lift_request => "r23.yaml",
    r24_assess_po_regular => "r24.yaml",
    r25_assess_asylum_po => "r25.yaml",
    r26_assess_po_refusal => "r26.yaml",
    r27_end_tp_tcn_temporary => "r27.yaml",
    r28_reassess_po_after_tp => "r28.yaml",
    r29_assess_rtb_eligibility => "r29.yaml",
    r30_assess_tp_withdrawal => "r30.yaml",
    r31_assess_keep_measures => "r31.yaml",
    r32_impose_tkb_irv_bts => "r32.yaml",
    r33_assess_return_obstacle => "r33.yaml",
    r34_impose_bts => "r34.yaml",
    r35_assess_bts => "r35.yaml",
    hit_policy => "hit_policy.yaml",
    boundaries => "boundaries.yaml",
}

/// The reference date of a case that does not set `as_of`.
const DEFAULT_AS_OF: &str = "2026-11-28";
/// The end of protection of a case that does not set `rtb_valid_until` (SPEC §2).
const DEFAULT_RTB_VALID_UNTIL: &str = "2027-03-04";

/// What the harness writes into an `rtb_holders` identity column the case does
/// not mention (the block is required there). A column the case sets to an
/// empty value stays empty, so a case can still test a missing identity.
const HOLDER_IDENTITY_DEFAULTS: [(&str, &str); 4] = [
    (column::SURNAME, "Testpersoon"),
    (column::GIVEN_NAMES, "Olena"),
    (column::BIRTH_DATE, "1990-01-01"),
    (column::NATIONALITY, "UKR"),
];

/// Rule id → action code (SPEC §6). Used only to catch a typo in a scenario
/// file before anything runs; the binary's own table is what is under test.
const RULE_ACTIONS: [(&str, &str); 37] = [
    ("H01", "HOLD_INCOMPLETE_DATA"),
    ("H02", "REVIEW_EU_NATIONAL"),
    ("R01", "EXPIRE_IRV"),
    ("R02", "LIFT_IRV_NOT_IN_FORCE"),
    ("R03", "TEMP_LIFT_HEAVY_IRV"),
    ("R04", "LIFT_LIGHT_IRV_REGULAR"),
    ("R05", "LIFT_LIGHT_IRV"),
    ("R06", "UPDATE_TEMP_LIFT_END"),
    ("R07", "END_TEMP_LIFT_IRV"),
    ("R08", "ASSESS_LIFT_HEAVY_IRV"),
    ("R09", "LIFT_OVR"),
    ("R10", "ASSESS_OVR_LIFT_REGULAR"),
    ("R11", "SUSPEND_TKB"),
    ("R12", "UPDATE_SUSPENSION_END"),
    ("R13", "RESUME_TKB"),
    ("R14", "HIT_ON_HOLD"),
    ("R15", "DELETE_STALE_ALERT"),
    ("R16", "CONSULT_ISSUING_STATE"),
    ("R17", "MAINTAIN_ALERT"),
    ("R18", "HIT_COVERED"),
    ("R19", "HIT_NO_ACTION"),
    ("R20", "REFER_TO_SUA"),
    ("R21", "REJECT_LIFT_REQUEST"),
    ("R22", "GRANT_LIFT_REQUEST"),
    ("R23", "ASSESS_LIFT_REQUEST"),
    ("R24", "ASSESS_PO_REGULAR"),
    ("R25", "ASSESS_ASYLUM_PO"),
    ("R26", "ASSESS_PO_REFUSAL"),
    ("R27", "END_TP_TCN_TEMPORARY"),
    ("R28", "REASSESS_PO_AFTER_TP"),
    ("R29", "ASSESS_RTB_ELIGIBILITY"),
    ("R30", "ASSESS_TP_WITHDRAWAL"),
    ("R31", "ASSESS_KEEP_MEASURES"),
    ("R32", "IMPOSE_TKB_IRV_BTS"),
    ("R33", "ASSESS_RETURN_OBSTACLE"),
    ("R34", "IMPOSE_BTS"),
    ("R35", "ASSESS_BTS"),
];

/// `sis_effect` values of `actions.csv` (SPEC §5).
const SIS_EFFECTS: [&str; 5] = ["delete", "suspend", "resume", "keep", "none"];

/// Set to run only the cases whose name contains this text.
const ENV_CASE_FILTER: &str = "SCENARIO_CASE";
/// Set (to anything) to keep the temporary directory of a failing case.
const ENV_KEEP: &str = "SCENARIO_KEEP";

/// The longest a single run may take before the case counts as failed.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------------------
// The file format, as written by hand.
// ---------------------------------------------------------------------------

/// One case as written in a scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: String,
    #[serde(default)]
    as_of: Option<String>,
    #[serde(default)]
    rtb_valid_until: Option<String>,
    #[serde(default)]
    ukraine_return_possible: bool,
    #[serde(default)]
    rtb_holders: Vec<Mapping>,
    #[serde(default)]
    entry_bans: Vec<Mapping>,
    #[serde(default)]
    exclusion_orders: Vec<Mapping>,
    #[serde(default)]
    return_decisions: Vec<Mapping>,
    #[serde(default)]
    sis_hits: Vec<Mapping>,
    #[serde(default)]
    applications: Vec<Mapping>,
    #[serde(default)]
    alert_decisions: Vec<Mapping>,
    /// Required: a case must say what it expects, `[]` included.
    expect: Vec<RawExpected>,
}

impl RawCase {
    /// The records of each export, in `Export::ALL` order.
    fn tables(&self) -> [&[Mapping]; 7] {
        [
            &self.rtb_holders,
            &self.entry_bans,
            &self.exclusion_orders,
            &self.return_decisions,
            &self.sis_hits,
            &self.applications,
            &self.alert_decisions,
        ]
    }
}

/// One expected action as written in a scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpected {
    action: String,
    #[serde(deserialize_with = "scalar_text")]
    subject: String,
    rule: String,
    sis_effect: String,
    #[serde(default)]
    due_date: Option<String>,
    draft: bool,
    #[serde(default, deserialize_with = "optional_scalar_text")]
    v_number: Option<String>,
    #[serde(default)]
    explanation_contains: Option<String>,
}

/// Accepts any YAML scalar as text, so `subject: 100000001` (a YAML number)
/// means the same as `subject: "100000001"`.
fn scalar_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = Value::deserialize(deserializer)?;
    cell_text(&value).map_err(serde::de::Error::custom)
}

fn optional_scalar_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    match value {
        Value::Null => Ok(None),
        other => cell_text(&other)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// The CSV cell for a YAML value: text as written, numbers in decimal,
/// booleans as `true`/`false`, an empty value (`~`, `null`, nothing) as an
/// empty cell. Lists and maps have no place in a cell.
fn cell_text(value: &Value) -> Result<String, String> {
    match value {
        Value::Null => Ok(String::new()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        Value::String(s) => Ok(s.clone()),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => Err(format!(
            "expected a single value (text, number, date, true/false), found {value:?}"
        )),
    }
}

// ---------------------------------------------------------------------------
// A case checked and made ready to run.
// ---------------------------------------------------------------------------

/// One export of a case, as it will be written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Table {
    export: &'static str,
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

/// An action in the form both sides are compared in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ActionRow {
    v_number: String,
    action: String,
    subject: String,
    rule: String,
    sis_effect: String,
    /// Empty when the action has no due date.
    due_date: String,
    draft: bool,
}

impl ActionRow {
    /// Identifies an action within a run (SPEC §5: the triple is unique).
    fn key(&self) -> (&str, &str, &str) {
        (&self.v_number, &self.action, &self.subject)
    }

    fn cells(&self) -> [String; 7] {
        [
            self.v_number.clone(),
            self.action.clone(),
            self.subject.clone(),
            self.rule.clone(),
            self.sis_effect.clone(),
            self.due_date.clone(),
            if self.draft { "yes" } else { "no" }.to_string(),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ExpectedAction {
    row: ActionRow,
    explanation_contains: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ActualAction {
    row: ActionRow,
    explanation: String,
}

/// A case whose file content has been checked; ready to write and run.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Case {
    /// 1-based position in its file.
    number: usize,
    /// The line where the case starts, when the file lists cases in block
    /// style (`- name: ...` at the start of a line).
    line: Option<usize>,
    name: String,
    as_of: String,
    rtb_valid_until: String,
    ukraine_return_possible: bool,
    tables: Vec<Table>,
    expected: Vec<ExpectedAction>,
}

impl Case {
    /// The command line, as shown in a failure report.
    fn args(&self, input: &Path, out: &Path) -> Vec<String> {
        let mut args = vec![
            "run".to_string(),
            "--input".to_string(),
            input.display().to_string(),
            "--out".to_string(),
            out.display().to_string(),
            "--as-of".to_string(),
            self.as_of.clone(),
            "--rtb-valid-until".to_string(),
            self.rtb_valid_until.clone(),
        ];
        if self.ukraine_return_possible {
            args.push("--ukraine-return-possible".to_string());
        }
        args
    }
}

/// Reads a scenario file and checks every case; the error says which case and
/// what to change.
fn load_file(path: &Path) -> Result<Vec<Case>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read scenario file {}: {e}", path.display()))?;
    parse_cases(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn parse_cases(text: &str) -> Result<Vec<Case>, String> {
    let raw: Vec<RawCase> = serde_norway::from_str(text).map_err(|e| {
        format!("not a valid scenario file: {e} (see tests/scenarios/README.md for the format)")
    })?;
    let starts = case_start_lines(text);
    let starts_known = starts.len() == raw.len();
    let mut names = BTreeSet::new();
    let mut cases = Vec::with_capacity(raw.len());
    for (index, raw_case) in raw.iter().enumerate() {
        let number = index + 1;
        let mut case = prepare(number, raw_case)
            .map_err(|e| format!("case {number} \"{}\": {e}", raw_case.name))?;
        case.line = starts_known.then(|| starts[index]);
        if !names.insert(case.name.clone()) {
            return Err(format!(
                "case {number}: the name \"{}\" is used twice in this file; give each case its own name",
                case.name
            ));
        }
        cases.push(case);
    }
    Ok(cases)
}

/// 1-based lines that start a top-level list item: one per case in a file
/// written as the README shows.
fn case_start_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.starts_with("- ") || *line == "-")
        .map(|(index, _)| index + 1)
        .collect()
}

fn prepare(number: usize, raw: &RawCase) -> Result<Case, String> {
    if raw.name.trim().is_empty() {
        return Err("the case has an empty name".to_string());
    }
    let as_of = date_or_default("as_of", raw.as_of.as_deref(), DEFAULT_AS_OF)?;
    let rtb_valid_until = date_or_default(
        "rtb_valid_until",
        raw.rtb_valid_until.as_deref(),
        DEFAULT_RTB_VALID_UNTIL,
    )?;

    let mut tables = Vec::with_capacity(Export::ALL.len());
    let mut persons = BTreeSet::new();
    for (export, records) in Export::ALL.into_iter().zip(raw.tables()) {
        let table = build_table(export, records)?;
        let v_column = table
            .header
            .iter()
            .position(|c| *c == column::V_NUMBER)
            .ok_or_else(|| format!("harness bug: {export} has no v_number column"))?;
        persons.extend(
            table
                .rows
                .iter()
                .map(|row| row[v_column].clone())
                .filter(|v| !v.is_empty()),
        );
        tables.push(table);
    }

    let only_person = match persons.len() {
        1 => persons.iter().next().cloned(),
        _ => None,
    };
    let mut expected = Vec::with_capacity(raw.expect.len());
    let mut keys = BTreeSet::new();
    for (index, e) in raw.expect.iter().enumerate() {
        let what = format!("expected action {} ({})", index + 1, e.action);
        let action = check_rule_action(&e.rule, &e.action).map_err(|m| format!("{what}: {m}"))?;
        if !SIS_EFFECTS.contains(&e.sis_effect.as_str()) {
            return Err(format!(
                "{what}: sis_effect `{}` is not one of {}",
                e.sis_effect,
                SIS_EFFECTS.join(", ")
            ));
        }
        let due_date = match e.due_date.as_deref() {
            None | Some("") => String::new(),
            Some(d) => check_date("due_date", d).map_err(|m| format!("{what}: {m}"))?,
        };
        let v_number = match (&e.v_number, &only_person) {
            (Some(v), _) => v.clone(),
            (None, Some(v)) => v.clone(),
            (None, None) => {
                return Err(format!(
                    "{what}: this case has {} persons ({}); say whose action it is with `v_number`",
                    persons.len(),
                    persons.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
        };
        let row = ActionRow {
            v_number,
            action,
            subject: e.subject.clone(),
            rule: e.rule.clone(),
            sis_effect: e.sis_effect.clone(),
            due_date,
            draft: e.draft,
        };
        let key = (
            row.v_number.clone(),
            row.action.clone(),
            row.subject.clone(),
        );
        if !keys.insert(key) {
            return Err(format!(
                "{what}: {} on subject {} is expected twice; an action is listed once per subject",
                row.action, row.subject
            ));
        }
        expected.push(ExpectedAction {
            row,
            explanation_contains: e.explanation_contains.clone(),
        });
    }

    Ok(Case {
        number,
        line: None,
        name: raw.name.clone(),
        as_of,
        rtb_valid_until,
        ukraine_return_possible: raw.ukraine_return_possible,
        tables,
        expected,
    })
}

fn date_or_default(field: &str, value: Option<&str>, default: &str) -> Result<String, String> {
    match value {
        None => Ok(default.to_string()),
        Some(d) => check_date(field, d),
    }
}

/// Parameters and due dates are written `YYYY-MM-DD`, as the binary's flags
/// and `actions.csv` use them.
fn check_date(field: &str, value: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| format!("{field} `{value}` is not a date written YYYY-MM-DD"))
}

fn check_rule_action(rule: &str, action: &str) -> Result<String, String> {
    match RULE_ACTIONS.iter().find(|(id, _)| *id == rule) {
        None => Err(format!(
            "rule `{rule}` is not a rule id (H01, H02, R01 … R35)"
        )),
        Some((_, code)) if *code == action => Ok(action.to_string()),
        Some((_, code)) => Err(format!(
            "rule {rule} produces action {code}, not `{action}`; fix the rule or the action"
        )),
    }
}

/// The rows of one export with every contract column (`model::contract`):
/// the export's own columns, then the identity block, with the identity
/// defaults applied to `rtb_holders`.
fn build_table(export: Export, records: &[Mapping]) -> Result<Table, String> {
    let own = export.table().own_columns().iter().map(|c| c.name);
    let header: Vec<&'static str> = own.chain(IDENTITY).collect();
    let mut rows = Vec::with_capacity(records.len());
    for (index, record) in records.iter().enumerate() {
        let what = format!("{export} record {}", index + 1);
        let mut cells: BTreeMap<&str, String> = BTreeMap::new();
        for (key, value) in record.iter() {
            let Some(column) = key.as_str() else {
                return Err(format!("{what}: a column name must be text, found {key:?}"));
            };
            let Some(known) = header.iter().find(|c| **c == column) else {
                return Err(format!(
                    "{what}: `{column}` is not a column of {export}; the columns are: {}",
                    header.join(", ")
                ));
            };
            let text = cell_text(value).map_err(|m| format!("{what}, column {column}: {m}"))?;
            cells.insert(known, text);
        }
        if export.table().identity == Requirement::Required {
            for (column, default) in HOLDER_IDENTITY_DEFAULTS {
                cells.entry(column).or_insert_with(|| default.to_string());
            }
        }
        rows.push(
            header
                .iter()
                .map(|c| cells.remove(c).unwrap_or_default())
                .collect(),
        );
    }
    Ok(Table {
        export: export.name(),
        header,
        rows,
    })
}

/// The CSV text of one export: header first, standard quoting.
fn render_csv(table: &Table) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| format!("cannot write {}.csv: {e}", table.export);
    writer.write_record(&table.header).map_err(fail)?;
    for row in &table.rows {
        writer.write_record(row).map_err(fail)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| format!("cannot write {}.csv: {e}", table.export))?;
    String::from_utf8(bytes).map_err(|e| format!("{}.csv is not UTF-8: {e}", table.export))
}

// ---------------------------------------------------------------------------
// Running a case.
// ---------------------------------------------------------------------------

/// What the binary produced for one case.
#[derive(Debug)]
struct RunResult {
    command: String,
    status: Option<i32>,
    stderr: String,
    /// `Err` when `actions.csv` is missing or unreadable.
    actions: Result<Vec<ActualAction>, String>,
}

fn run_case(case: &Case, work: &Path) -> Result<RunResult, String> {
    let input = work.join("input");
    let out = work.join("out");
    std::fs::create_dir_all(&input)
        .map_err(|e| format!("cannot create {}: {e}", input.display()))?;
    for table in &case.tables {
        let path = input.join(format!("{}.csv", table.export));
        std::fs::write(&path, render_csv(table)?)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let args = case.args(&input, &out);
    let mut command = assert_cmd::Command::cargo_bin("rtb-recon")
        .map_err(|e| format!("cannot find the rtb-recon binary: {e}"))?;
    let output = command
        .args(&args)
        .timeout(RUN_TIMEOUT)
        .output()
        .map_err(|e| format!("cannot run rtb-recon {}: {e}", args.join(" ")))?;
    let actions_path = out.join("actions.csv");
    let actions = std::fs::read_to_string(&actions_path)
        .map_err(|e| format!("cannot read {}: {e}", actions_path.display()))
        .and_then(|text| parse_actions(&text));
    Ok(RunResult {
        command: format!("rtb-recon {}", args.join(" ")),
        status: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        actions,
    })
}

/// Reads `actions.csv` (SPEC §5), finding columns by name.
fn parse_actions(text: &str) -> Result<Vec<ActualAction>, String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("actions.csv: cannot read the header: {e}"))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("actions.csv has no column `{name}` (header: {headers:?})"))
    };
    let v_number = column("v_number")?;
    let action = column("action")?;
    let subject = column("subject_id")?;
    let rule = column("rule_id")?;
    let sis_effect = column("sis_effect")?;
    let due_date = column("due_date")?;
    let draft_file = column("draft_file")?;
    let explanation = column("explanation")?;
    let mut actions = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("actions.csv: {e}"))?;
        let cell = |i: usize| record.get(i).unwrap_or_default().to_string();
        actions.push(ActualAction {
            row: ActionRow {
                v_number: cell(v_number),
                action: cell(action),
                subject: cell(subject),
                rule: cell(rule),
                sis_effect: cell(sis_effect),
                due_date: cell(due_date),
                draft: !cell(draft_file).is_empty(),
            },
            explanation: cell(explanation),
        });
    }
    Ok(actions)
}

// ---------------------------------------------------------------------------
// Comparing and reporting.
// ---------------------------------------------------------------------------

/// How an expected and an actual action relate, as the table's first column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Both sides agree.
    Same,
    /// Same action on the same subject, but another rule, effect, date, draft
    /// or explanation.
    Differs,
    /// Expected, not produced.
    Missing,
    /// Produced, not expected.
    Unexpected,
}

impl Mark {
    fn symbol(self) -> &'static str {
        match self {
            Mark::Same => "=",
            Mark::Differs => "~",
            Mark::Missing => "-",
            Mark::Unexpected => "+",
        }
    }
}

const LEGEND: &str =
    "(= as expected, ~ differs, - expected but not produced, + produced but not expected)";

/// One line of the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pair {
    mark: Mark,
    expected: Option<ActionRow>,
    actual: Option<ActionRow>,
}

/// Pairs expected and actual actions by (V-number, action, subject); order is
/// irrelevant. Returns the pairs, sorted, and one note per explanation that
/// lacks its expected text.
fn compare(expected: &[ExpectedAction], actual: &[ActualAction]) -> (Vec<Pair>, Vec<String>) {
    let mut unmatched: Vec<Option<&ActualAction>> = actual.iter().map(Some).collect();
    let mut pairs = Vec::new();
    let mut notes = Vec::new();
    for e in expected {
        let found = unmatched
            .iter_mut()
            .find(|slot| slot.is_some_and(|a| a.row.key() == e.row.key()))
            .and_then(Option::take);
        let Some(a) = found else {
            pairs.push(Pair {
                mark: Mark::Missing,
                expected: Some(e.row.clone()),
                actual: None,
            });
            continue;
        };
        let mut mark = if a.row == e.row {
            Mark::Same
        } else {
            Mark::Differs
        };
        if let Some(wanted) = &e.explanation_contains
            && !a.explanation.contains(wanted.as_str())
        {
            mark = Mark::Differs;
            notes.push(format!(
                "explanation of {} {} does not contain \"{wanted}\": \"{}\"",
                a.row.action, a.row.subject, a.explanation
            ));
        }
        pairs.push(Pair {
            mark,
            expected: Some(e.row.clone()),
            actual: Some(a.row.clone()),
        });
    }
    pairs.extend(unmatched.into_iter().flatten().map(|a| Pair {
        mark: Mark::Unexpected,
        expected: None,
        actual: Some(a.row.clone()),
    }));
    pairs.sort_by(|x, y| {
        let key = |p: &Pair| {
            p.expected
                .as_ref()
                .or(p.actual.as_ref())
                .map(|r| (r.v_number.clone(), r.action.clone(), r.subject.clone()))
                .unwrap_or_default()
        };
        key(x).cmp(&key(y))
    });
    (pairs, notes)
}

const TABLE_COLUMNS: [&str; 7] = [
    "v_number",
    "action",
    "subject",
    "rule",
    "sis_effect",
    "due_date",
    "draft",
];

/// The comparison as an aligned table: expected on the left, actual on the
/// right, one action per line, `(none)` where a side has no action.
fn side_by_side(pairs: &[Pair]) -> String {
    let left: Vec<Option<[String; 7]>> = pairs
        .iter()
        .map(|p| p.expected.as_ref().map(ActionRow::cells))
        .collect();
    let right: Vec<Option<[String; 7]>> = pairs
        .iter()
        .map(|p| p.actual.as_ref().map(ActionRow::cells))
        .collect();
    let left_widths = column_widths(&left);
    let right_widths = column_widths(&right);
    let left_total = left_widths.iter().sum::<usize>() + 2 * (left_widths.len() - 1);

    let side = |cells: &Option<[String; 7]>, widths: &[usize; 7]| {
        cells
            .as_ref()
            .map_or_else(|| "(none)".to_string(), |c| aligned(c, widths))
    };
    let mut lines = vec![
        format!("  | {:<left_total$} | actual", "expected"),
        format!(
            "  | {:<left_total$} | {}",
            aligned(&TABLE_COLUMNS, &left_widths),
            aligned(&TABLE_COLUMNS, &right_widths)
        ),
    ];
    if pairs.is_empty() {
        lines.push(format!("= | {:<left_total$} | (none)", "(none)"));
    }
    for ((pair, l), r) in pairs.iter().zip(&left).zip(&right) {
        lines.push(format!(
            "{} | {:<left_total$} | {}",
            pair.mark.symbol(),
            side(l, &left_widths),
            side(r, &right_widths)
        ));
    }
    let mut out = String::new();
    for line in lines {
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// The width of each table column: its header or its widest cell.
fn column_widths(rows: &[Option<[String; 7]>]) -> [usize; 7] {
    let mut widths = TABLE_COLUMNS.map(str::len);
    for cells in rows.iter().flatten() {
        for (width, cell) in widths.iter_mut().zip(cells) {
            *width = (*width).max(cell.chars().count());
        }
    }
    widths
}

/// Cells padded to their column width, two spaces apart.
fn aligned<S: AsRef<str>>(cells: &[S], widths: &[usize; 7]) -> String {
    let padded: Vec<String> = cells
        .iter()
        .zip(widths)
        .map(|(cell, width)| format!("{:<width$}", cell.as_ref()))
        .collect();
    padded.join("  ")
}

/// Indents every line of `text` by four spaces (stderr inside a report).
fn indent(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let _ = writeln!(out, "    {line}");
    }
    out
}

/// The report of one case, or `None` when it passed.
fn judge(file: &str, case: &Case, run: &RunResult) -> Option<String> {
    let title = case_title(file, case);
    let mut report = String::new();
    let failed = match (&run.actions, run.status) {
        (Ok(actions), Some(0)) => {
            let (pairs, notes) = compare(&case.expected, actions);
            if pairs.iter().all(|p| p.mark == Mark::Same) && notes.is_empty() {
                return None;
            }
            let _ = writeln!(report, "{title}: actions differ {LEGEND}");
            report.push_str(&side_by_side(&pairs));
            for note in notes {
                let _ = writeln!(report, "  {note}");
            }
            true
        }
        (actions, status) => {
            let outcome = match status {
                Some(0) => "the run exited 0 but left no readable actions.csv".to_string(),
                Some(code) => format!("the run failed with exit status {code}"),
                None => "the run was killed (signal or timeout)".to_string(),
            };
            let _ = writeln!(report, "{title}: {outcome}");
            if let Err(e) = actions {
                let _ = writeln!(report, "  {e}");
            }
            let pairs: Vec<Pair> = case
                .expected
                .iter()
                .map(|e| Pair {
                    mark: Mark::Missing,
                    expected: Some(e.row.clone()),
                    actual: None,
                })
                .collect();
            report.push_str(&side_by_side(&pairs));
            true
        }
    };
    if failed {
        let _ = writeln!(report, "  command: {}", run.command);
        if run.stderr.trim().is_empty() {
            let _ = writeln!(report, "  stderr of the run: (empty)");
        } else {
            let _ = writeln!(report, "  stderr of the run:");
            report.push_str(&indent(&run.stderr));
        }
    }
    Some(report)
}

/// How a report names a case: number, name and where to find it.
fn case_title(file: &str, case: &Case) -> String {
    let place = match case.line {
        Some(line) => format!("tests/scenarios/{file}:{line}"),
        None => format!("tests/scenarios/{file}"),
    };
    format!("case {} \"{}\" ({place})", case.number, case.name)
}

/// Runs every case of one file and fails with all failing cases at once.
fn run_scenario_file(file: &str) {
    let path = scenario_dir().join(file);
    let cases = match load_file(&path) {
        Ok(cases) => cases,
        Err(e) => panic!("{e}"),
    };
    let filter = std::env::var(ENV_CASE_FILTER).ok();
    let keep = std::env::var_os(ENV_KEEP).is_some();
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in &cases {
        if filter.as_deref().is_some_and(|f| !case.name.contains(f)) {
            continue;
        }
        ran += 1;
        let work = match tempfile::Builder::new().prefix("rtb-scenario-").tempdir() {
            Ok(dir) => dir,
            Err(e) => panic!("cannot create a temporary directory: {e}"),
        };
        let report = match run_case(case, work.path()) {
            Ok(run) => judge(file, case, &run),
            Err(e) => Some(format!("{}: {e}\n", case_title(file, case))),
        };
        if let Some(mut report) = report {
            if keep {
                let kept = work.keep();
                let _ = writeln!(report, "  input and output kept in {}", kept.display());
            } else {
                let _ = writeln!(
                    report,
                    "  (set {ENV_KEEP}=1 to keep the input and output of failing cases)"
                );
            }
            failures.push(report);
        }
    }
    if !failures.is_empty() {
        panic!(
            "{} of {ran} case(s) in {file} failed:\n\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

fn scenario_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("scenarios")
}

#[test]
fn every_scenario_file_is_listed() {
    let dir = scenario_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => panic!("cannot list {}: {e}", dir.display()),
    };
    let mut on_disk = BTreeSet::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            !name.ends_with(".yml"),
            "{name}: name scenario files *.yaml, not *.yml"
        );
        if name.ends_with(".yaml") {
            on_disk.insert(name);
        }
    }
    let listed: BTreeSet<String> = SCENARIO_FILES.iter().map(|f| f.to_string()).collect();
    let unlisted: Vec<_> = on_disk.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&on_disk).collect();
    assert!(
        unlisted.is_empty(),
        "scenario files not run by any test: {unlisted:?}; add a line like \
         `r36_new_rule => \"r36.yaml\",` to `scenario_files!` in tests/scenarios.rs"
    );
    assert!(
        missing.is_empty(),
        "scenario files listed in tests/scenarios.rs but not in {}: {missing:?}",
        dir.display()
    );
}

/// Checks every scenario file without running the binary, so a malformed file
/// is reported even before the rules exist.
#[test]
fn every_scenario_file_is_well_formed() {
    let mut problems = Vec::new();
    let mut total = 0;
    for file in SCENARIO_FILES {
        match load_file(&scenario_dir().join(file)) {
            Ok(cases) if cases.is_empty() => problems.push(format!("{file}: has no cases")),
            Ok(cases) => total += cases.len(),
            Err(e) => problems.push(e),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(total > 0, "no scenario cases found");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        action: &str,
        subject: &str,
        rule: &str,
        effect: &str,
        due: &str,
        draft: bool,
    ) -> ActionRow {
        ActionRow {
            v_number: "100000001".to_string(),
            action: action.to_string(),
            subject: subject.to_string(),
            rule: rule.to_string(),
            sis_effect: effect.to_string(),
            due_date: due.to_string(),
            draft,
        }
    }

    fn expected(row: ActionRow) -> ExpectedAction {
        ExpectedAction {
            row,
            explanation_contains: None,
        }
    }

    fn actual(row: ActionRow) -> ActualAction {
        ActualAction {
            row,
            explanation: String::new(),
        }
    }

    const ONE_CASE: &str = r#"
- name: heavy ban predating the grant
  as_of: 2026-11-28
  rtb_holders:
    - { v_number: "100000001", category: ukrainian, status: granted, status_date: 2022-04-01 }
  entry_bans:
    - { ban_id: B1, v_number: 100000001, severity: heavy, decision_date: 2021-05-01, duration_years: 10, final: true, lifted_until: ~, sis_alert_id: "SIS,1" }
  expect:
    - { action: TEMP_LIFT_HEAVY_IRV, subject: B1, rule: R03, sis_effect: suspend, draft: true }
"#;

    #[test]
    fn yaml_values_become_csv_cells() {
        assert_eq!(cell_text(&Value::Null), Ok(String::new()));
        assert_eq!(cell_text(&Value::Bool(false)), Ok("false".to_string()));
        assert_eq!(cell_text(&Value::Number(10.into())), Ok("10".to_string()));
        assert_eq!(
            cell_text(&Value::String("31-02-2025".into())),
            Ok("31-02-2025".to_string())
        );
        assert!(cell_text(&Value::Sequence(vec![])).is_err());
    }

    #[test]
    fn a_case_is_written_with_all_contract_columns_and_identity_defaults() {
        let cases = parse_cases(ONE_CASE).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cases.len(), 1);
        let case = &cases[0];
        assert_eq!(case.line, Some(2));
        assert_eq!(case.as_of, "2026-11-28");
        assert_eq!(case.rtb_valid_until, DEFAULT_RTB_VALID_UNTIL);
        assert!(!case.ukraine_return_possible);
        let csv: Vec<String> = case
            .tables
            .iter()
            .map(|t| render_csv(t).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        assert_eq!(
            csv[0],
            "v_number,second_nationality,category,status,status_date,status_ground,\
             public_order_indication,return_obstacle,third_country_permit,municipality,\
             surname,given_names,birth_date,nationality\n\
             100000001,,ukrainian,granted,2022-04-01,,,,,,Testpersoon,Olena,1990-01-01,UKR\n"
        );
        assert_eq!(
            csv[1],
            "ban_id,v_number,severity,decision_date,in_force_date,duration_years,ground,final,\
             status,lifted_reason,lifted_until,sis_alert_id,surname,given_names,birth_date,nationality\n\
             B1,100000001,heavy,2021-05-01,,10,,true,,,,\"SIS,1\",,,,\n"
        );
        assert_eq!(
            csv[2],
            "ovr_id,v_number,decision_date,ground,final,status,lifted_reason,sis_alert_id,\
             surname,given_names,birth_date,nationality\n"
        );
        assert_eq!(
            case.expected,
            vec![expected(row(
                "TEMP_LIFT_HEAVY_IRV",
                "B1",
                "R03",
                "suspend",
                "",
                true
            ))]
        );
    }

    #[test]
    fn a_stated_empty_identity_value_is_not_defaulted() {
        let text = r#"
- name: no nationality
  rtb_holders:
    - { v_number: "1234567", category: ukrainian, status: claimed, status_date: 2026-01-01, nationality: "" }
  expect: []
"#;
        let cases = parse_cases(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            cases[0].tables[0].rows[0][10..],
            ["Testpersoon", "Olena", "1990-01-01", ""]
        );
    }

    #[test]
    fn mistakes_in_a_file_are_named() {
        let unknown_column = ONE_CASE.replace("severity:", "severty:");
        let err = parse_cases(&unknown_column).err().unwrap_or_default();
        assert!(
            err.starts_with(
                "case 1 \"heavy ban predating the grant\": entry_bans record 1: `severty` is not a column of entry_bans"
            ),
            "{err}"
        );

        let wrong_action = ONE_CASE.replace("rule: R03", "rule: R05");
        let err = parse_cases(&wrong_action).err().unwrap_or_default();
        assert_eq!(
            err,
            "case 1 \"heavy ban predating the grant\": expected action 1 (TEMP_LIFT_HEAVY_IRV): \
             rule R05 produces action LIFT_LIGHT_IRV, not `TEMP_LIFT_HEAVY_IRV`; fix the rule or the action"
        );

        let two_persons = ONE_CASE.replace("v_number: 100000001", "v_number: 100000002");
        let err = parse_cases(&two_persons).err().unwrap_or_default();
        assert!(
            err.ends_with("this case has 2 persons (100000001, 100000002); say whose action it is with `v_number`"),
            "{err}"
        );

        let bad_date = ONE_CASE.replace("as_of: 2026-11-28", "as_of: 28-11-2026");
        let err = parse_cases(&bad_date).err().unwrap_or_default();
        assert!(
            err.ends_with("as_of `28-11-2026` is not a date written YYYY-MM-DD"),
            "{err}"
        );

        let no_expect = ONE_CASE.replace("  expect:\n", "  expected:\n");
        let err = parse_cases(&no_expect).err().unwrap_or_default();
        assert!(err.contains("unknown field `expected`"), "{err}");
    }

    #[test]
    fn actions_csv_is_read_by_column_name() {
        let text = "v_number,action,subject_type,subject_id,rule_id,legal_basis,sis_alert_id,\
                    sis_effect,due_date,draft_file,surname,given_names,explanation\n\
                    100000001,CONSULT_ISSUING_STATE,sis_hit,HIT1,R16,\"A2/12.10 Vc, art. 29\",SIS-PL-9,\
                    none,2026-12-04,,Testpersoon,Olena,Treffer op buitenlandse signalering\n";
        let actions = parse_actions(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            actions,
            vec![ActualAction {
                row: row(
                    "CONSULT_ISSUING_STATE",
                    "HIT1",
                    "R16",
                    "none",
                    "2026-12-04",
                    false
                ),
                explanation: "Treffer op buitenlandse signalering".to_string(),
            }]
        );
        assert_eq!(
            parse_actions("v_number,action\n").err(),
            Some(
                "actions.csv has no column `subject_id` (header: StringRecord([\"v_number\", \"action\"]))"
                    .to_string()
            )
        );
    }

    #[test]
    fn comparison_classifies_each_action() {
        let same = row("TEMP_LIFT_HEAVY_IRV", "B1", "R03", "suspend", "", true);
        let differs_expected = row("SUSPEND_TKB", "T1", "R11", "suspend", "", false);
        let differs_actual = row("SUSPEND_TKB", "T1", "R11", "none", "", false);
        let missing = row(
            "ASSESS_TP_WITHDRAWAL",
            "100000001",
            "R30",
            "none",
            "",
            false,
        );
        let unexpected = row("HIT_COVERED", "HIT1", "R18", "none", "", false);
        let (pairs, notes) = compare(
            &[
                expected(same.clone()),
                expected(differs_expected.clone()),
                expected(missing.clone()),
            ],
            &[
                actual(unexpected.clone()),
                actual(differs_actual.clone()),
                actual(same.clone()),
            ],
        );
        assert!(notes.is_empty());
        let marks: Vec<(Mark, Option<&str>)> = pairs
            .iter()
            .map(|p| {
                (
                    p.mark,
                    p.expected
                        .as_ref()
                        .or(p.actual.as_ref())
                        .map(|r| r.action.as_str()),
                )
            })
            .collect();
        assert_eq!(
            marks,
            vec![
                (Mark::Missing, Some("ASSESS_TP_WITHDRAWAL")),
                (Mark::Unexpected, Some("HIT_COVERED")),
                (Mark::Differs, Some("SUSPEND_TKB")),
                (Mark::Same, Some("TEMP_LIFT_HEAVY_IRV")),
            ]
        );
    }

    #[test]
    fn a_missing_explanation_text_is_a_difference() {
        let r = row("UPDATE_TEMP_LIFT_END", "B1", "R06", "none", "", false);
        let (pairs, notes) = compare(
            &[ExpectedAction {
                row: r.clone(),
                explanation_contains: Some("2028".to_string()),
            }],
            &[ActualAction {
                row: r,
                explanation: "Opheffing loopt tot 4 maart 2027".to_string(),
            }],
        );
        assert_eq!(pairs[0].mark, Mark::Differs);
        assert_eq!(
            notes,
            vec![
                "explanation of UPDATE_TEMP_LIFT_END B1 does not contain \"2028\": \
                 \"Opheffing loopt tot 4 maart 2027\""
                    .to_string()
            ]
        );
    }

    #[test]
    fn the_table_aligns_expected_and_actual_side_by_side() {
        let pairs = vec![
            Pair {
                mark: Mark::Same,
                expected: Some(row("SUSPEND_TKB", "T1", "R11", "suspend", "", false)),
                actual: Some(row("SUSPEND_TKB", "T1", "R11", "suspend", "", false)),
            },
            Pair {
                mark: Mark::Missing,
                expected: Some(row(
                    "CONSULT_ISSUING_STATE",
                    "HIT1",
                    "R16",
                    "none",
                    "2026-12-04",
                    false,
                )),
                actual: None,
            },
            Pair {
                mark: Mark::Unexpected,
                expected: None,
                actual: Some(row("HIT_NO_ACTION", "HIT1", "R19", "none", "", false)),
            },
        ];
        let table = side_by_side(&pairs);
        let expected_table = [
            "  | expected                                                                       | actual",
            "  | v_number   action                 subject  rule  sis_effect  due_date    draft | v_number   action         subject  rule  sis_effect  due_date  draft",
            "= | 100000001  SUSPEND_TKB            T1       R11   suspend                 no    | 100000001  SUSPEND_TKB    T1       R11   suspend               no",
            "- | 100000001  CONSULT_ISSUING_STATE  HIT1     R16   none        2026-12-04  no    | (none)",
            "+ | (none)                                                                         | 100000001  HIT_NO_ACTION  HIT1     R19   none                  no",
            "",
        ]
        .join("\n");
        assert_eq!(table, expected_table);
    }

    #[test]
    fn a_failing_case_report_names_the_case_and_shows_stderr() {
        let cases = parse_cases(ONE_CASE).unwrap_or_else(|e| panic!("{e}"));
        let run = RunResult {
            command: "rtb-recon run --input IN --out OUT".to_string(),
            status: Some(0),
            stderr: "warning: something\n".to_string(),
            actions: Ok(vec![actual(row(
                "TEMP_LIFT_HEAVY_IRV",
                "B1",
                "R03",
                "suspend",
                "",
                false,
            ))]),
        };
        let report = judge("r03.yaml", &cases[0], &run).unwrap_or_default();
        let expected_report = [
            "case 1 \"heavy ban predating the grant\" (tests/scenarios/r03.yaml:2): actions differ \
             (= as expected, ~ differs, - expected but not produced, + produced but not expected)",
            "  | expected                                                                   | actual",
            "  | v_number   action               subject  rule  sis_effect  due_date  draft | v_number   action               subject  rule  sis_effect  due_date  draft",
            "~ | 100000001  TEMP_LIFT_HEAVY_IRV  B1       R03   suspend               yes   | 100000001  TEMP_LIFT_HEAVY_IRV  B1       R03   suspend               no",
            "  command: rtb-recon run --input IN --out OUT",
            "  stderr of the run:",
            "    warning: something",
            "",
        ]
        .join("\n");
        assert_eq!(report, expected_report);

        let passing = RunResult {
            actions: Ok(vec![actual(row(
                "TEMP_LIFT_HEAVY_IRV",
                "B1",
                "R03",
                "suspend",
                "",
                true,
            ))]),
            ..run
        };
        assert_eq!(judge("r03.yaml", &cases[0], &passing), None);
    }

    #[test]
    fn a_run_without_actions_is_reported_with_its_exit_status() {
        let cases = parse_cases(ONE_CASE).unwrap_or_else(|e| panic!("{e}"));
        let run = RunResult {
            command: "rtb-recon run".to_string(),
            status: Some(1),
            stderr: String::new(),
            actions: Err("cannot read OUT/actions.csv".to_string()),
        };
        let report = judge("r03.yaml", &cases[0], &run).unwrap_or_default();
        assert!(
            report.starts_with(
                "case 1 \"heavy ban predating the grant\" (tests/scenarios/r03.yaml:2): \
                 the run failed with exit status 1\n  cannot read OUT/actions.csv\n"
            ),
            "{report}"
        );
        assert!(
            report.ends_with("  stderr of the run: (empty)\n"),
            "{report}"
        );
    }

    #[test]
    fn an_empty_expectation_shows_as_none() {
        let expected_table = [
            "  | expected                                                     | actual",
            "  | v_number  action  subject  rule  sis_effect  due_date  draft | v_number  action  subject  rule  sis_effect  due_date  draft",
            "= | (none)                                                       | (none)",
            "",
        ]
        .join("\n");
        assert_eq!(side_by_side(&[]), expected_table);
    }
}
