//! `rtb-recon impact`: one input, two parameter sets (a Council decision, a
//! later reference date, return to Ukraine becoming possible), what differs:
//! impact.csv and impact.html, published whole like a run.

use super::Error;
use crate::compare::impact;
use crate::config::ImpactConfig;
use crate::evaluate::Batch;
use crate::exit::Exit;
use crate::ingest;
use crate::output::impact_report;
use crate::progress::Ui;
use crate::publish::lock::OutputLock;
use crate::publish::staging::{Staging, check_target, write_file};
use std::io::Write;

pub fn run(config: &ImpactConfig) -> Result<Exit, Error> {
    let _lock = OutputLock::acquire(&config.out)?;
    check_target(&config.out, config.force)?;
    let ui = Ui::new();
    let inputs = ingest::load(&config.input, &ui)?;
    let baseline = Batch::new(&inputs, &config.baseline);
    let diffs = impact::compare(&baseline, &config.changed);
    let staging = Staging::new(&config.out)?;
    let out = staging.path();
    write_file(out, "impact.csv", |w| impact::write_csv(w, &diffs))?;
    let html = impact_report::render(&config.baseline, &config.changed, &diffs)
        .map_err(|e| Error::Invariant(format!("impact.html could not be rendered: {e}")))?;
    write_file(out, "impact.html", |w| w.write_all(html.as_bytes()))?;
    staging.publish(config.force)?;
    ui.finish();
    eprintln!(
        "rtb-recon impact: {} verschillen tussen basis en scenario -> {}",
        diffs.len(),
        config.out.display()
    );
    Ok(Exit::Ok)
}
