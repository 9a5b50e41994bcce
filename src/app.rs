//! The binary's edge: parse the command line, dispatch, turn errors into a
//! message on stderr and the exit status of SPEC §2.

use crate::cli::{Cli, Command, FileFormat};
use crate::config::{ImpactConfig, RunConfig, today_in_amsterdam};
use crate::exit::Exit;
use clap::Parser;
use std::process::ExitCode;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Ok.into()
            };
        }
    };
    crate::logging::init(&cli.log);
    // SIGINT/SIGTERM remove a half-written output instead of leaving it.
    if let Err(e) = crate::signals::install() {
        return fail(
            Exit::Failed,
            &format!("cannot install the SIGINT/SIGTERM handler: {e}"),
        );
    }
    match cli.command {
        Command::Run(args) => {
            let config = match RunConfig::from_args(args) {
                Ok(c) => c,
                Err(msg) => return fail(Exit::Usage, &msg),
            };
            match crate::run::run(&config) {
                Ok(exit) => exit.into(),
                Err(e) => fail(e.exit(), &error_chain(&e)),
            }
        }
        Command::Prune(args) => match crate::prune::run(&args) {
            Ok(exit) => exit.into(),
            Err(e) => fail(Exit::Failed, &error_chain(&e)),
        },
        Command::Impact(args) => {
            let config = match ImpactConfig::from_args(args) {
                Ok(c) => c,
                Err(msg) => return fail(Exit::Usage, &msg),
            };
            match crate::run::impact(&config) {
                Ok(exit) => exit.into(),
                Err(e) => fail(e.exit(), &error_chain(&e)),
            }
        }
        Command::Generate(args) => {
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
                    return fail(
                        Exit::Usage,
                        "--format parquet is not supported by this build (built without the `parquet` feature); use --format csv",
                    );
                }
            };
            match written {
                Ok(stats) => {
                    eprintln!(
                        "rtb-recon: {} personen, {} rijen ({} fout) geschreven naar {}",
                        stats.persons,
                        stats.rows.values().sum::<u64>(),
                        stats.bad_rows,
                        args.out.display()
                    );
                    Exit::Ok.into()
                }
                Err(e) => fail(Exit::Failed, &format!("{e:#}")),
            }
        }
        Command::Explain(args) => crate::explain::main(&args),
        Command::Rules(args) => crate::catalogue::main(&args),
    }
}

fn fail(exit: Exit, msg: &str) -> ExitCode {
    eprintln!("rtb-recon: error: {msg}");
    exit.into()
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_msg = s.to_string();
        if !msg.contains(&s_msg) {
            msg.push_str(": ");
            msg.push_str(&s_msg);
        }
        source = s.source();
    }
    msg
}
