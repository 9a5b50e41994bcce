//! The validated configuration, built once from the command line (`cli`) and
//! handed to the rest of the program. Everything that can be wrong with the
//! flags is caught here, before any input is read.

use crate::cli::{DraftsArg, FileFormat, ParamArgs, RunArgs};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

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

/// A share in hundredths of a percent (`--max-shrink`, and how much an
/// export shrank), so comparisons at the boundary are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Share {
    basis_points: u64,
}

impl Share {
    /// The default `--max-shrink`.
    pub const TEN_PERCENT: Share = Share {
        basis_points: 1_000,
    };

    /// `P%`, 0 to 100 with at most two decimals (`10%`, `2.5%`); the
    /// message names the flag.
    pub fn parse_percent(flag: &str, s: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "{flag} '{s}' is not a percentage between 0% and 100% with at most two decimals (e.g. 10% or 2.5%)"
            )
        };
        let p = s.trim().strip_suffix('%').ok_or_else(bad)?.trim();
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let (whole, fraction) = match p.split_once('.') {
            Some((w, f)) if digits(f) && f.len() <= 2 => (w, f),
            Some(_) => return Err(bad()),
            None => (p, ""),
        };
        if !digits(whole) {
            return Err(bad());
        }
        let whole: u64 = whole.parse().map_err(|_| bad())?;
        let fraction: u64 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
        let basis_points = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(fraction))
            .filter(|&bp| bp <= 10_000)
            .ok_or_else(bad)?;
        Ok(Share { basis_points })
    }

    /// How much going from `previous` rows to `now` shrank, rounded up to a
    /// hundredth of a percent; growth is no shrink. Rounding up keeps the
    /// comparison with a limit exact: the shrink is more than a limit
    /// exactly when this share is.
    pub fn shrink(now: u64, previous: u64) -> Share {
        if now >= previous {
            return Share { basis_points: 0 };
        }
        let lost = u128::from(previous - now) * 10_000;
        let previous = u128::from(previous);
        Share {
            // At most 10,000: `lost` is at most `previous` * 10,000.
            basis_points: lost.div_ceil(previous) as u64,
        }
    }
}

impl std::fmt::Display for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, fraction) = (self.basis_points / 100, self.basis_points % 100);
        match fraction {
            0 => write!(f, "{whole}%"),
            n if n % 10 == 0 => write!(f, "{whole}.{}%", n / 10),
            n => write!(f, "{whole}.{n:02}%"),
        }
    }
}

/// What a run does when the delivery differs from the previous run's
/// (issue 14); used only with `--previous`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DriftPolicy {
    /// The most an export's data rows may shrink against the previous run;
    /// at exactly this share the run goes on.
    pub max_shrink: Share,
    /// Every export byte-identical to the previous run's is drift too.
    pub expect_change: bool,
    /// A person checked the delivery: publish despite drift, and record it.
    pub accept: bool,
}

impl Default for DriftPolicy {
    /// The command line's defaults.
    fn default() -> Self {
        DriftPolicy {
            max_shrink: Share::TEN_PERCENT,
            expect_change: false,
            accept: false,
        }
    }
}

fn check_previous(previous: Option<&Path>) -> Result<(), String> {
    match previous {
        Some(p) if !p.is_dir() => Err(format!(
            "--previous {} is not a directory: point it at the output directory of an earlier run",
            p.display()
        )),
        _ => Ok(()),
    }
}

fn check_verdicts(verdicts: Option<&Path>) -> Result<(), String> {
    match verdicts {
        Some(v) if !v.is_file() => Err(format!(
            "--verdicts {} is not a file: give the actions.xlsx the analysts filled in, or a CSV with the columns v_number,action,subject_id,verdict,until,note,by",
            v.display()
        )),
        _ => Ok(()),
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
    /// An earlier run's output to compare with (changes.csv, drift).
    pub previous: Option<PathBuf>,
    /// The analysts' verdicts file (`--verdicts`).
    pub verdicts: Option<PathBuf>,
    pub drift: DriftPolicy,
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
        let max_shrink = args
            .max_shrink
            .as_deref()
            .map_or(Ok(Share::TEN_PERCENT), |s| {
                Share::parse_percent("--max-shrink", s)
            })?;
        check_input(&args.input)?;
        if args.threads == Some(0) {
            return Err("--threads must be at least 1".into());
        }
        if let Some(t) = &args.templates
            && !t.is_dir()
        {
            return Err(format!("--templates {} is not a directory", t.display()));
        }
        check_previous(args.previous.as_deref())?;
        check_verdicts(args.verdicts.as_deref())?;
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
            verdicts: args.verdicts,
            drift: DriftPolicy {
                max_shrink,
                expect_change: args.expect_change,
                accept: args.accept_drift,
            },
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

    #[test]
    fn max_shrink_is_a_percentage_with_at_most_two_decimals() {
        let bp = |s: &str| Share::parse_percent("--max-shrink", s).map(|m| m.basis_points);
        assert_eq!(bp("10%"), Ok(1_000));
        assert_eq!(bp(" 2.5 % "), Ok(250));
        assert_eq!(bp("0.01%"), Ok(1));
        assert_eq!(bp("100%"), Ok(10_000));
        assert_eq!(bp("0%"), Ok(0));
        for bad in [
            "10", "0.1", "10.%", ".5%", "2.555%", "100.01%", "-1%", "ten%", "%", "1e3%",
        ] {
            assert!(bp(bad).is_err(), "{bad}");
        }
        for s in ["10%", "2.5%", "0.05%", "100%", "0%"] {
            let share = Share::parse_percent("--max-shrink", s).map(|m| m.to_string());
            assert_eq!(share, Ok(s.to_string()));
        }
    }

    #[test]
    fn a_shrink_at_the_limit_is_not_more_than_it_and_one_row_beyond_is() {
        let ten = Share::TEN_PERCENT;
        assert_eq!(Share::shrink(90, 100), ten);
        assert!(Share::shrink(89, 100) > ten);
        assert_eq!(Share::shrink(900_000, 1_000_000), ten);
        // 10.0001%: shown rounded up, so never as the limit itself.
        assert!(Share::shrink(899_999, 1_000_000) > ten);
        assert_eq!(Share::shrink(899_999, 1_000_000).to_string(), "10.01%");
        assert_eq!(Share::shrink(0, 7).to_string(), "100%");
        assert_eq!(Share::shrink(2, 3).to_string(), "33.34%");
        // Growth, and nothing then, are no shrink.
        assert_eq!(Share::shrink(150, 100).to_string(), "0%");
        assert_eq!(Share::shrink(0, 0).to_string(), "0%");
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

/// A checked `explain` invocation.
#[derive(Debug, Clone)]
pub struct ExplainConfig {
    pub input: PathBuf,
    /// 6 to 12 digits, trimmed.
    pub v_number: String,
    pub params: Params,
    /// For the person's verdicts: an earlier run, a verdicts file.
    pub previous: Option<PathBuf>,
    pub verdicts: Option<PathBuf>,
    pub format: crate::cli::ExplainFormat,
}

impl ExplainConfig {
    pub fn from_args(args: crate::cli::ExplainArgs) -> Result<Self, String> {
        let v = args.v_number.trim();
        if !(6..=12).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(
                "--v-number must be 6 to 12 digits (leading zeros count), as in the exports".into(),
            );
        }
        check_input(&args.input)?;
        check_previous(args.previous.as_deref())?;
        check_verdicts(args.verdicts.as_deref())?;
        Ok(ExplainConfig {
            v_number: v.to_owned(),
            params: Params::from_args(&args.params),
            input: args.input,
            previous: args.previous,
            verdicts: args.verdicts,
            format: args.format,
        })
    }
}
