//! The command line as the user types it (clap derive). Nothing here is
//! validated beyond what clap parses; `config` turns these flags into the
//! checked configuration the rest of the program receives.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Reconciles entry bans, exclusion orders, return decisions and SIS alerts
/// with temporary protection for displaced persons from Ukraine (RTB), per
/// chapter 3 of the IND work instruction.
#[derive(Debug, Parser)]
#[command(name = "rtb-recon", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[command(flatten)]
    pub log: LogArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read the seven exports, apply the rules and write the action list,
    /// decision drafts, quarantine and summary.
    #[command(
        after_help = "Exit status: 0 completed; 1 failed, nothing written (input breaks the contract, \
output not writable, self-check failed); 2 usage error; 3 completed but more rows quarantined than \
--max-rejected allows; 4 another run holds the lock on --out; 5 the delivery differs too much from \
--previous (drift), nothing written; 130/143 stopped by SIGINT/SIGTERM, nothing written."
    )]
    Run(RunArgs),
    /// Evaluate the same input under baseline and changed parameters (a
    /// Council decision, a later reference date) and list what changes.
    Impact(ImpactArgs),
    /// Write a deterministic synthetic export set (for demos, tests and
    /// benchmarks).
    ///
    /// Only in builds with the `generate` feature, which production builds
    /// leave out: `cargo run --release --features generate -- generate …` or
    /// `cargo install --path . --features generate`.
    Generate(GenerateArgs),
    /// Explain for one person, in Dutch, which records were found, what was
    /// derived from them and why each rule did or did not fire.
    Explain(ExplainArgs),
    /// Print the rule catalogue, generated from the rule table the engine
    /// runs.
    Rules(RulesArgs),
    /// Remove old run directories (named YYYY-MM-DD) under --root, keeping
    /// the N newest; nothing else under --root is touched.
    Prune(PruneArgs),
}

/// How the process logs to stderr (any subcommand).
#[derive(Debug, Clone, Args)]
pub struct LogArgs {
    /// Log format on stderr: text for a person, json (one object per line)
    /// for a scheduler's log collector. Logs hold counts, file names and
    /// timings, never names or V-numbers.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Most detailed log level [default: warn for text, info for json].
    #[arg(long, global = true, value_enum)]
    pub log_level: Option<LogLevel>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Directory holding one run directory per night, each named by its
    /// date (e.g. /var/lib/rtb-recon/runs, holding 2026-11-28/).
    #[arg(long, value_name = "DIR")]
    pub root: PathBuf,

    /// How many of the newest runs (by the date in their name) to keep; at
    /// least 1.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub keep: u64,

    /// Only list what would be removed.
    #[arg(long)]
    pub dry_run: bool,
}

/// The reference parameters every rule is evaluated against.
#[derive(Debug, Clone, Args)]
pub struct ParamArgs {
    /// Reference date (peildatum) of every rule, YYYY-MM-DD [default: today in
    /// Europe/Amsterdam].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,

    /// Last day (inclusive, "tot en met") on which temporary protection is
    /// valid; pass the new date after a Council decision.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, default_value = "2027-03-04")]
    pub rtb_valid_until: NaiveDate,

    /// Model the day forced return to Ukraine becomes possible (off: it is
    /// currently impossible).
    #[arg(long)]
    pub ukraine_return_possible: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Directory with the exports: NAME.csv (or NAME.parquet) for rtb_holders,
    /// entry_bans, exclusion_orders, return_decisions, sis_hits, applications,
    /// alert_decisions.
    #[arg(long, value_name = "DIR")]
    pub input: PathBuf,

    /// Output directory; must not exist or be empty unless --force. Written
    /// beside it first and moved into place when complete.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    #[command(flatten)]
    pub params: ParamArgs,

    /// Replace a non-empty --out directory.
    #[arg(long)]
    pub force: bool,

    /// Most quarantined rows allowed before the run exits 3 (after writing its
    /// output): a count (e.g. 100) or a share of all input rows (e.g. 0.5%).
    #[arg(long, value_name = "N|P%")]
    pub max_rejected: Option<String>,

    /// Worker threads for evaluating persons [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Directory with draft templates overriding the embedded ones (same file
    /// names, e.g. R03.html).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Output directory of an earlier run to compare with: writes
    /// changes.csv (new, ongoing and resolved actions, and why), and refuses
    /// to publish a delivery that differs too much from that run's (exit 5).
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,

    /// The analysts' verdicts on actions: the actions.xlsx of a run with
    /// Afhandeling (and Tot, Toelichting, Door) filled in, or a CSV with the
    /// columns v_number,action,subject_id,verdict,until,note,by. Added to the
    /// verdicts carried from --previous (a row replaces or withdraws one).
    #[arg(long, value_name = "FILE")]
    pub verdicts: Option<PathBuf>,

    /// With --previous: the largest share by which an export's data rows may
    /// shrink against the previous run (e.g. 10% or 2.5%); beyond it the run
    /// publishes nothing and exits 5. At exactly the share it goes on
    /// [default: 10%].
    #[arg(long, value_name = "P%")]
    pub max_shrink: Option<String>,

    /// With --previous: an input identical to the previous run's (every
    /// export with the same SHA-256) is drift too (exit 5), for deliveries
    /// that change every night.
    #[arg(long)]
    pub expect_change: bool,

    /// Publish although the delivery differs too much from --previous, after
    /// a person has checked it; summary.json records the drift.
    #[arg(long)]
    pub accept_drift: bool,

    /// Days ahead for upcoming.csv: actions that start or stop in that window
    /// only because time passes.
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    pub horizon: u64,

    // -- scale (issue 5) --
    /// Formats of the tables: csv, or csv,parquet to add actions.parquet,
    /// rejected.parquet, findings.parquet and upcoming.parquet (every column
    /// text) for the data platform. The CSV files are always written.
    #[arg(
        long,
        value_name = "FORMATS",
        value_enum,
        value_delimiter = ',',
        default_value = "csv"
    )]
    pub output_format: Vec<FileFormat>,

    /// Decision drafts to write: all, or none for what-if runs and benchmarks
    /// of the rules alone (draft_file is then empty in actions.csv).
    #[arg(long, value_enum, default_value_t = DraftsArg::All)]
    pub drafts: DraftsArg,
}

/// A file format of exports or tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    Csv,
    Parquet,
}

/// Which decision drafts a run writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DraftsArg {
    All,
    None,
}

#[derive(Debug, Args)]
pub struct ImpactArgs {
    /// Directory with the exports (as for run).
    #[arg(long, value_name = "DIR")]
    pub input: PathBuf,

    /// Output directory for impact.csv and impact.html (as for run).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Replace a non-empty --out directory.
    #[arg(long)]
    pub force: bool,

    /// Reference date of the baseline [default: today in Europe/Amsterdam].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub baseline_as_of: Option<NaiveDate>,

    /// Last day of protection in the baseline.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, default_value = "2027-03-04")]
    pub baseline_valid_until: NaiveDate,

    /// Forced return to Ukraine possible in the baseline.
    #[arg(long)]
    pub baseline_ukraine_return_possible: bool,

    /// Reference date of the scenario, e.g. the day after the end date
    /// [default: the baseline's].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,

    /// Last day of protection in the scenario, e.g. after a Council decision
    /// [default: the baseline's].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub rtb_valid_until: Option<NaiveDate>,

    /// Forced return to Ukraine possible in the scenario.
    #[arg(long)]
    pub ukraine_return_possible: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of persons to generate.
    #[arg(long, value_name = "N")]
    pub persons: u64,

    /// Seed: the same seed and options give byte-identical files.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Directory to write the seven exports into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Share of rows (0 to 1) made bad on purpose, of every kind the
    /// quarantine knows.
    #[arg(long, value_name = "RATE", default_value_t = 0.0)]
    pub bad_rows: f64,

    /// Reference date the data is built around [default: today in
    /// Europe/Amsterdam].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,

    /// File format of the exports: csv, or parquet (typed Date and Boolean
    /// columns for a clean set, text columns with --bad-rows).
    #[arg(long, value_enum, default_value_t = FileFormat::Csv)]
    pub format: FileFormat,

    /// Population: default (mostly quiet protection holders, 1.24 rows per
    /// person), or enforcement (most persons with an entry ban and SIS hits,
    /// 3-4 rows and more than one action per person; for benchmarks).
    #[arg(long, value_enum, default_value_t = GenerateProfile::Default)]
    pub profile: GenerateProfile,
}

/// The populations `generate` draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GenerateProfile {
    Default,
    Enforcement,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Directory with the exports, as for `run`.
    #[arg(long, value_name = "DIR")]
    pub input: PathBuf,

    /// The person's V-number (vreemdelingennummer).
    #[arg(long, value_name = "N")]
    pub v_number: String,

    #[command(flatten)]
    pub params: ParamArgs,

    /// An earlier run's output directory: shows the verdicts it carried for
    /// this person and whether each still applies.
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,

    /// A verdicts file, as for `run --verdicts`: shows this person's rows.
    #[arg(long, value_name = "FILE")]
    pub verdicts: Option<PathBuf>,

    /// Text for a reader, or JSON for tools.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Markdown (as in docs/rules.md) or CSV.
    #[arg(long, value_enum, default_value_t = CatalogueFormat::Markdown)]
    pub format: CatalogueFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogueFormat {
    Markdown,
    Csv,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date; use YYYY-MM-DD, e.g. 2027-03-04"))
}
