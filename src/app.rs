//! The binary's edge: parse the command line, validate it (`config`),
//! dispatch to the command, and turn an error into a message on stderr and
//! the exit status of SPEC §2.

use crate::cli::{Cli, Command};
use crate::commands::{self, Error};
use crate::config::{ExplainConfig, ImpactConfig, RunConfig};
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
    if let Err(e) = crate::publish::signals::install() {
        return fail(
            Exit::Failed,
            &format!("cannot install the SIGINT/SIGTERM handler: {e}"),
        );
    }
    let result = match cli.command {
        Command::Run(args) => RunConfig::from_args(args)
            .map_err(Error::Usage)
            .and_then(|c| commands::run::run(&c)),
        Command::Impact(args) => ImpactConfig::from_args(args)
            .map_err(Error::Usage)
            .and_then(|c| commands::impact::run(&c)),
        Command::Explain(args) => ExplainConfig::from_args(args)
            .map_err(Error::Usage)
            .and_then(|c| commands::explain::run(&c)),
        Command::Rules(args) => commands::rules::run(&args),
        Command::Prune(args) => commands::prune::run(&args),
        Command::Generate(args) => commands::generate::run(&args),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(e) => fail(e.exit(), &error_chain(&e)),
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
