//! The validated configuration, built once from the command line (`cli`) and
//! handed to the rest of the program. Everything that can be wrong with the
//! flags is caught here, before any input is read.

use crate::cli::{DraftsArg, FileFormat, ParamArgs, RunArgs};
use chrono::NaiveDate;
use std::path::PathBuf;

/// The parameters of SPEC §4 that every rule is evaluated against; the engine
/// is a pure function of (input, `Params`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Params {
    pub as_of: NaiveDate,
    pub rtb_valid_until: NaiveDate,
    pub ukraine_return_possible: bool,
}

impl Params {
    pub fn from_args(args: &ParamArgs) -> Self {
        Params {
            as_of: args.as_of.unwrap_or_else(today_in_amsterdam),
            rtb_valid_until: args.rtb_valid_until,
            ukraine_return_possible: args.ukraine_return_possible,
        }
    }
}

/// Today's date where the team works, so a run just after midnight UTC is
/// still dated correctly.
pub fn today_in_amsterdam() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .date_naive()
}

/// The most quarantined rows a run may have before it exits 3.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MaxRejected {
    Count(u64),
    /// A percentage (0–100) of all input rows.
    Percent(f64),
}

impl MaxRejected {
    pub fn parse(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let bad = || {
            format!("--max-rejected '{s}' is not a count (e.g. 100) or a percentage (e.g. 0.5%)")
        };
        if let Some(p) = t.strip_suffix('%') {
            let v: f64 = p.trim().parse().map_err(|_| bad())?;
            if !(0.0..=100.0).contains(&v) {
                return Err(format!(
                    "--max-rejected '{s}': a percentage must be between 0% and 100%"
                ));
            }
            Ok(MaxRejected::Percent(v))
        } else {
            t.parse().map(MaxRejected::Count).map_err(|_| bad())
        }
    }

    /// Whether `rejected` of `rows` input rows is more than allowed.
    pub fn exceeded(self, rejected: u64, rows: u64) -> bool {
        match self {
            MaxRejected::Count(n) => rejected > n,
            // Compare in integers scaled by 100 to avoid rounding surprises at the boundary.
            MaxRejected::Percent(p) => (rejected as f64) * 100.0 > p * (rows as f64),
        }
    }
}

/// A checked `run` invocation.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub input: PathBuf,
    pub out: PathBuf,
    pub params: Params,
    pub force: bool,
    pub max_rejected: Option<MaxRejected>,
    pub threads: Option<usize>,
    pub templates: Option<PathBuf>,
    /// An earlier run's output to compare with (changes.csv).
    pub previous: Option<PathBuf>,
    pub horizon_days: u64,
    // -- scale (issue 5) --
    /// Also write the tables as Parquet.
    pub parquet_output: bool,
    /// Write the decision drafts (`--drafts all`).
    pub write_drafts: bool,
}

impl RunConfig {
    pub fn from_args(args: RunArgs) -> Result<Self, String> {
        let max_rejected = args
            .max_rejected
            .as_deref()
            .map(MaxRejected::parse)
            .transpose()?;
        check_input(&args.input)?;
        if args.threads == Some(0) {
            return Err("--threads must be at least 1".into());
        }
        if let Some(t) = &args.templates
            && !t.is_dir()
        {
            return Err(format!("--templates {} is not a directory", t.display()));
        }
        if let Some(p) = &args.previous
            && !p.is_dir()
        {
            return Err(format!(
                "--previous {} is not a directory: point it at the output directory of an earlier run",
                p.display()
            ));
        }
        let parquet_output = args.output_format.contains(&FileFormat::Parquet);
        if parquet_output && !cfg!(feature = "parquet") {
            return Err("--output-format parquet is not supported by this build (built without the `parquet` feature); use --output-format csv".into());
        }
        Ok(RunConfig {
            parquet_output,
            write_drafts: args.drafts == DraftsArg::All,
            params: Params::from_args(&args.params),
            input: args.input,
            out: args.out,
            force: args.force,
            max_rejected,
            threads: args.threads,
            templates: args.templates,
            previous: args.previous,
            horizon_days: args.horizon,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_rejected_accepts_counts_and_shares() {
        assert_eq!(MaxRejected::parse("10"), Ok(MaxRejected::Count(10)));
        assert_eq!(MaxRejected::parse("2.5%"), Ok(MaxRejected::Percent(2.5)));
        assert!(MaxRejected::parse("ten").is_err());
        assert!(MaxRejected::parse("150%").is_err());
    }

    #[test]
    fn max_rejected_boundary_is_inclusive() {
        assert!(!MaxRejected::Count(3).exceeded(3, 100));
        assert!(MaxRejected::Count(3).exceeded(4, 100));
        assert!(!MaxRejected::Percent(1.0).exceeded(1, 100));
        assert!(MaxRejected::Percent(1.0).exceeded(2, 100));
    }
}

fn check_input(input: &std::path::Path) -> Result<(), String> {
    if input.is_dir() {
        Ok(())
    } else {
        Err(format!(
            "--input {} is not a directory: point it at the folder holding the seven exports",
            input.display()
        ))
    }
}

/// A checked `impact` invocation: two parameter sets over one input.
#[derive(Debug, Clone)]
pub struct ImpactConfig {
    pub input: PathBuf,
    pub out: PathBuf,
    pub force: bool,
    pub baseline: Params,
    pub changed: Params,
}

impl ImpactConfig {
    pub fn from_args(args: crate::cli::ImpactArgs) -> Result<Self, String> {
        check_input(&args.input)?;
        let baseline = Params {
            as_of: args.baseline_as_of.unwrap_or_else(today_in_amsterdam),
            rtb_valid_until: args.baseline_valid_until,
            ukraine_return_possible: args.baseline_ukraine_return_possible,
        };
        let changed = Params {
            as_of: args.as_of.unwrap_or(baseline.as_of),
            rtb_valid_until: args.rtb_valid_until.unwrap_or(baseline.rtb_valid_until),
            ukraine_return_possible: args.ukraine_return_possible,
        };
        if baseline == changed {
            return Err("the scenario equals the baseline: change --rtb-valid-until, --as-of or --ukraine-return-possible".into());
        }
        Ok(ImpactConfig {
            input: args.input,
            out: args.out,
            force: args.force,
            baseline,
            changed,
        })
    }
}
