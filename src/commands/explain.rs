//! `rtb-recon explain`: one person's records, facts and rule-by-rule trace
//! on stdout (the view is `output::explain`). The person's data goes to
//! stdout because that is what was asked for; nothing about the person is
//! logged, and error messages do not repeat the V-number.

use super::Error;
use crate::cli::ExplainFormat;
use crate::compare::changes::Previous;
use crate::compare::fingerprint::Scheme;
use crate::config::ExplainConfig;
use crate::exit::Exit;
use crate::ingest;
use crate::output::explain::{VerdictSources, explain};
use crate::progress::Ui;

pub fn run(config: &ExplainConfig) -> Result<Exit, Error> {
    let ui = Ui::new();
    let inputs = ingest::load(&config.input, &ui);
    ui.finish();
    let inputs = inputs?;
    let previous = config
        .previous
        .as_deref()
        .map(Previous::load)
        .transpose()
        .map_err(|e| Error::Usage(e.to_string()))?;
    let file = super::verdict_file(config.verdicts.as_deref())?;
    let sources = VerdictSources {
        carried: previous.as_ref().map_or(&[][..], |p| p.verdicts.as_slice()),
        scheme: previous.as_ref().map_or(Scheme::CURRENT, |p| p.scheme),
        statements: &file.statements,
        given: previous.is_some() || config.verdicts.is_some(),
    };
    let explanation = explain(&inputs, &config.v_number, &config.params, sources).ok_or_else(|| {
        Error::Failed(
            "the requested V-number is in none of the exports (also not in a quarantined row); check the number and --input".into(),
        )
    })?;
    let text = match config.format {
        ExplainFormat::Text => explanation.to_text(),
        ExplainFormat::Json => {
            let mut s = serde_json::to_string_pretty(&explanation)
                .map_err(|e| Error::Failed(format!("cannot lay out the explanation: {e}")))?;
            s.push('\n');
            s
        }
    };
    super::print(&text, "the explanation")?;
    Ok(Exit::Ok)
}
