//! `rtb-recon generate`: a deterministic synthetic export set in the
//! contract's format, for demonstrations, tests and benchmarks.
//!
//! The generator (`crate::generate`) is not part of the production build: it
//! is compiled only with the cargo feature `generate`, which also brings its
//! dependencies (`anyhow`, `fastrand`). The subcommand stays in `--help` in
//! every build so nobody has to guess it exists; a build without the feature
//! answers it with a usage error that says how to get one that has it.

use super::Error;
use crate::cli::GenerateArgs;
use crate::exit::Exit;

/// How to get a binary with `generate`, for the error of a build without it.
pub const HOW_TO_GET: &str = "this build of rtb-recon has no `generate` (it is left out of the production build); \
     run it from a checkout with `cargo run --release --features generate -- generate …`, \
     or install a binary that has it with `cargo install --path . --features generate`";

#[cfg(feature = "generate")]
pub fn run(args: &GenerateArgs) -> Result<Exit, Error> {
    use crate::cli::{FileFormat, GenerateProfile};
    use crate::config::today_in_amsterdam;
    use crate::generate::Profile;

    let opts = crate::generate::Options {
        persons: args.persons,
        seed: args.seed,
        bad_rows: args.bad_rows,
        as_of: args.as_of.unwrap_or_else(today_in_amsterdam),
        profile: match args.profile {
            GenerateProfile::Default => Profile::Default,
            GenerateProfile::Enforcement => Profile::Enforcement,
        },
    };
    let written = match args.format {
        FileFormat::Csv => crate::generate::write_csv(&opts, &args.out),
        #[cfg(feature = "parquet")]
        FileFormat::Parquet => crate::generate::write_parquet(&opts, &args.out),
        #[cfg(not(feature = "parquet"))]
        FileFormat::Parquet => {
            return Err(Error::Usage(
                "--format parquet is not supported by this build (built without the `parquet` feature); use --format csv".into(),
            ));
        }
    };
    let stats = written.map_err(|e| Error::Failed(format!("{e:#}")))?;
    eprintln!(
        "rtb-recon: {} personen, {} rijen ({} fout) geschreven naar {}",
        stats.persons,
        stats.rows.values().sum::<u64>(),
        stats.bad_rows,
        args.out.display()
    );
    Ok(Exit::Ok)
}

/// A build without the generator: the arguments parsed, but there is
/// nothing to run them with.
#[cfg(not(feature = "generate"))]
pub fn run(_args: &GenerateArgs) -> Result<Exit, Error> {
    Err(unavailable())
}

/// The error of a build without the generator. Defined in every build so its
/// test runs in the configuration CI tests, too.
pub fn unavailable() -> Error {
    Error::Usage(HOW_TO_GET.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_without_the_generator_says_how_to_get_one() {
        let e = unavailable();
        assert_eq!(e.exit(), Exit::Usage);
        let msg = e.to_string();
        assert!(
            msg.contains("cargo run --release --features generate -- generate"),
            "{msg}"
        );
        assert!(
            msg.contains("cargo install --path . --features generate"),
            "{msg}"
        );
    }
}
