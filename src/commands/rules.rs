//! `rtb-recon rules`: the rule catalogue on stdout, as Markdown (the
//! committed `docs/rules.md`) or CSV.

use super::Error;
use crate::cli::{CatalogueFormat, RulesArgs};
use crate::exit::Exit;
use crate::output::catalogue;

pub fn run(args: &RulesArgs) -> Result<Exit, Error> {
    let text = match args.format {
        CatalogueFormat::Markdown => catalogue::markdown(),
        CatalogueFormat::Csv => catalogue::csv()
            .map_err(|e| Error::Failed(format!("cannot lay out the rule catalogue: {e}")))?,
    };
    super::print(&text, "the rule catalogue")?;
    Ok(Exit::Ok)
}
