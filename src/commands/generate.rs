//! `rtb-recon generate`: a deterministic synthetic export set in the
//! contract's format, for demonstrations, tests and benchmarks.

use super::Error;
use crate::cli::{FileFormat, GenerateArgs};
use crate::config::today_in_amsterdam;
use crate::exit::Exit;

pub fn run(args: &GenerateArgs) -> Result<Exit, Error> {
    let opts = crate::generate::Options {
        persons: args.persons,
        seed: args.seed,
        bad_rows: args.bad_rows,
        as_of: args.as_of.unwrap_or_else(today_in_amsterdam),
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
