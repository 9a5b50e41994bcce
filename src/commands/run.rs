//! `rtb-recon run`: read, evaluate every person in parallel, check the
//! ledger, write everything into a staging directory, publish it, and decide
//! the exit status (SPEC §2).

use super::Error;
use crate::case::Case;
use crate::compare::changes;
use crate::compare::drift;
use crate::compare::fingerprint;
use crate::compare::upcoming::{self, Upcoming};
use crate::compare::verdicts::{self, Settled};
use crate::config::RunConfig;
use crate::evaluate::{Batch, Evaluation, ledger};
use crate::exit::Exit;
use crate::ingest::{self, Inputs};
use crate::output::actions;
use crate::output::drafts::{self, Drafts};
use crate::output::report::{self, RunView};
use crate::output::summary::{Counts, Delivery, Summary, VerdictSummary};
use crate::output::tables::{self, RejectedRow};
use crate::output::xlsx;
use crate::progress::Ui;
use crate::publish::lock::OutputLock;
use crate::publish::signals;
use crate::publish::staging::{self, OutputError, Staging, check_target, write_file};
use crate::rules::Group;
use rayon::prelude::*;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// Runs the whole job; the returned exit status is 0 or 3.
pub fn run(config: &RunConfig) -> Result<Exit, Error> {
    // One run per output location, held until this function returns; under
    // it, any staging directory beside --out is a killed run's leftover.
    let _lock = OutputLock::acquire(&config.out)?;
    for stale in staging::remove_stale(&config.out)? {
        tracing::warn!(dir = %stale.display(), "removed a staging directory left by a killed run");
    }
    check_target(&config.out, config.force)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads.unwrap_or(0))
        .build()
        .map_err(|e| {
            Error::Usage(format!(
                "cannot start {:?} worker threads: {e}",
                config.threads
            ))
        })?;
    pool.install(|| run_in_pool(config))
}

fn run_in_pool(config: &RunConfig) -> Result<Exit, Error> {
    let started = Instant::now();
    let ui = Ui::new();
    let templates = Drafts::new(config.templates.as_deref())?;
    // The earlier run (a million fingerprints at EU scale) is read while
    // the inputs are; its error, if any, is reported first, as a usage
    // error, whatever the inputs hold.
    let (previous, inputs) = rayon::join(
        || {
            config
                .previous
                .as_deref()
                .map(changes::Previous::load)
                .transpose()
        },
        || ingest::load(&config.input, &ui),
    );
    let previous = previous.map_err(|e| Error::Usage(e.to_string()))?;
    let inputs = inputs?;
    let verdict_file = super::verdict_file(config.verdicts.as_deref())?;
    let rows: u64 = inputs.files.iter().map(|f| f.rows).sum();
    let rejected_rows = inputs.rejected.len() as u64;
    tracing::info!(
        rows,
        rejected = rejected_rows,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "inputs read"
    );
    if let Some(manifest) = inputs.manifest {
        tracing::info!(manifest, "the delivery matches its manifest");
    }
    // Before anything is evaluated or staged: a delivery that differs too
    // much from the previous run's is not acted on unless a person said so.
    let drift = match &previous {
        Some(p) => Some(drift::check(&inputs.files, p, &config.drift)?),
        None => {
            tracing::info!("no --previous: the delivery is not compared with an earlier run");
            None
        }
    };
    let delivery = Delivery::new(inputs.manifest, &config.drift, drift);
    signals::checkpoint("read")?;

    let eval_bar = ui.phase("regels toepassen", 0);
    let batch = Batch::with_progress(&inputs, &config.params, &eval_bar);
    eval_bar.finish_and_clear();
    tracing::info!(
        persons = batch.cases.len(),
        actions = batch.actions().count(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "rules applied"
    );
    signals::checkpoint("rules")?;

    let settled = match &previous {
        Some(p) => verdicts::settle(
            &inputs,
            &batch,
            &p.verdicts,
            p.scheme,
            &verdict_file.statements,
        ),
        None => verdicts::settle(
            &inputs,
            &batch,
            &[],
            fingerprint::Scheme::CURRENT,
            &verdict_file.statements,
        ),
    };
    tracing::info!(
        carried = settled.carried,
        stated = settled.stated,
        rejected = verdict_file.rejected.len() as u64,
        in_force = settled.in_force.len() as u64,
        not_applied = settled.not_applied.len() as u64,
        "verdicts settled"
    );
    let rejected = tables::rejected_rows(&inputs.rejected, &verdict_file.rejected);
    let verdict_summary = VerdictSummary {
        file: config
            .verdicts
            .as_ref()
            .map(|_| verdict_file.file_name.clone()),
        file_rows: verdict_file.rows,
        file_rejected: verdict_file.rejected.len() as u64,
        carried: settled.carried,
        in_force: settled.in_force.len() as u64,
        not_applied: settled.not_applied.len() as u64,
        ..VerdictSummary::default()
    };

    let write_bar = ui.spinner("uitvoer schrijven");
    let staging = Staging::new(&config.out)?;
    let out = staging.path();
    let draft_count = if config.write_drafts {
        timed("drafts", || write_drafts(out, &batch, &templates, &ui))?
    } else {
        0
    };
    // What every writer reads is prepared first: the action rows and the
    // summary beside the fingerprints (the workbook keeps each person's, so a
    // verdict chosen in it is checked against the data it was chosen on) and,
    // with --previous, the changes. Then the workbook, the longest writer,
    // starts at once, and the tables, the report, the self-check and the
    // fingerprint files share the cores with it.
    let written = Written {
        inputs: &inputs,
        batch: &batch,
        verdicts: &settled,
        rejected: &rejected,
        draft_count,
        delivery: &delivery,
        verdict_summary: &verdict_summary,
    };
    let preparing = Instant::now();
    let (tables, (fingerprints, compared)) = rayon::join(
        || prepare_tables(config, &written),
        || {
            let fingerprints =
                fingerprint::fingerprints(&inputs, &batch.cases, fingerprint::Scheme::CURRENT);
            let compared = previous
                .as_ref()
                .map(|p| changes::compare_with_previous(p, &inputs, &batch, &fingerprints));
            (fingerprints, compared)
        },
    );
    tracing::info!(
        elapsed_ms = preparing.elapsed().as_millis() as u64,
        "outputs prepared (rows, summary, fingerprints)"
    );
    let view = RunView {
        params: &config.params,
        summary: &tables.summary,
        rows: &tables.rows,
        findings: &batch.findings,
        rejected: &rejected,
        changes: compared.as_ref(),
        verdicts: &settled,
        fingerprints: Some(&fingerprints),
        upcoming: &tables.upcoming,
        horizon_days: config.horizon_days,
    };
    let workbook = || {
        timed(xlsx::FILE, || {
            write_file(out, xlsx::FILE, |w| xlsx::write(w, &view))
        })
    };
    // The self-check runs beside the writers: it only has to pass before
    // anything is published, and a failure still leaves nothing behind (the
    // staging directory is removed).
    let checked = || {
        let started = Instant::now();
        ledger::check(&inputs, &batch).map_err(Error::Invariant)?;
        tracing::info!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "self-check passed"
        );
        Ok::<_, Error>(())
    };
    let tables_written = || timed("tables", || write_tables(out, config, &written, &tables));
    let report = || {
        timed(report::FILE, || {
            write_file(out, report::FILE, |w| report::write(w, &view))
        })
    };
    let fingerprint_files = || {
        timed("fingerprints", || -> Result<(), Error> {
            // Fingerprints let the next run's --previous tell data changes
            // from date or parameter changes.
            write_file(out, fingerprint::FINGERPRINTS_FILE, |w| {
                fingerprint::write_fingerprints(w, &batch.cases, &fingerprints)
            })?;
            if let Some(c) = &compared {
                write_file(out, changes::CHANGES_FILE, |w| {
                    changes::write_changes(w, c, &settled)
                })?;
            }
            Ok(())
        })
    };
    let (workbook, (checked, (tables_written, (report, fingerprint_files)))) =
        rayon::join(workbook, || {
            rayon::join(checked, || {
                rayon::join(tables_written, || rayon::join(report, fingerprint_files))
            })
        });
    checked?;
    tables_written?;
    fingerprint_files?;
    report?;
    workbook?;
    let summary = tables.summary;

    signals::checkpoint("write")?;
    staging.publish(config.force)?;
    write_bar.finish_and_clear();
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "output published"
    );

    let exit = match config.max_rejected {
        Some(max) if max.exceeded(rejected_rows, rows) => Exit::TooManyRejected,
        _ => Exit::Ok,
    };
    ui.finish();
    if crate::logging::is_json() {
        tracing::info!(
            rows,
            rejected = rejected_rows,
            persons = summary.persons,
            actions = summary.actions_total,
            actions_open = summary.verdicts.actions_open,
            verdicts_in_force = summary.verdicts.in_force,
            verdicts_not_applied = summary.verdicts.not_applied,
            drafts = draft_count,
            exit = exit.code(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "run complete"
        );
        if exit == Exit::TooManyRejected {
            tracing::warn!(
                rejected = rejected_rows,
                rows,
                "more rows quarantined than --max-rejected allows"
            );
        }
    } else {
        let v = &summary.verdicts;
        let verdicts = if v.file.is_some() || v.carried > 0 {
            format!(
                "; afhandelingen: {} geldig, {} niet toegepast, {} afgekeurd",
                v.in_force, v.not_applied, v.file_rejected
            )
        } else {
            String::new()
        };
        eprintln!(
            "rtb-recon: {rows} rijen gelezen, {rejected_rows} afgekeurd; {} personen, {} acties ({}){verdicts}; {draft_count} concepten; {:.1} s -> {}",
            summary.persons,
            summary.actions_total,
            summary
                .actions_by_group
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(g, n)| format!("{g} {n}"))
                .collect::<Vec<_>>()
                .join(", "),
            started.elapsed().as_secs_f64(),
            config.out.display(),
        );
        if exit == Exit::TooManyRejected {
            eprintln!(
                "rtb-recon: {rejected_rows} of {rows} rows were quarantined, more than --max-rejected allows: see rejected.csv"
            );
        }
    }
    Ok(exit)
}

/// `--output-format csv,parquet`: the tables again as Parquet (issue 5).
#[cfg(feature = "parquet")]
fn write_parquet_tables(
    out: &Path,
    rows: &[actions::ActionRow<'_>],
    rejected: &[RejectedRow<'_>],
    batch: &Batch<'_>,
    upcoming: &[Upcoming],
) -> Result<(), Error> {
    use crate::output::parquet;
    parquet::write_actions(&out.join("actions.parquet"), rows)?;
    parquet::write_rejected(&out.join("rejected.parquet"), rejected)?;
    parquet::write_findings(&out.join("findings.parquet"), &batch.findings)?;
    parquet::write_upcoming(&out.join("upcoming.parquet"), upcoming)?;
    Ok(())
}

/// What the report and the workbook need of the tables.
struct Tables<'a> {
    rows: Vec<actions::ActionRow<'a>>,
    upcoming: Vec<Upcoming>,
    summary: Summary,
}

/// What the tables are written from.
struct Written<'a, 'r> {
    inputs: &'a Inputs,
    batch: &'a Batch<'a>,
    verdicts: &'a Settled,
    rejected: &'r [RejectedRow<'r>],
    draft_count: u64,
    delivery: &'r Delivery,
    verdict_summary: &'r VerdictSummary,
}

/// The action rows, the upcoming events and the summary: what the tables,
/// the report and the workbook are written from.
fn prepare_tables<'a>(config: &RunConfig, w: &Written<'a, '_>) -> Tables<'a> {
    let batch = w.batch;
    let rows = actions::rows(batch, w.verdicts, config.write_drafts);
    let upcoming = upcoming::all(batch, config.horizon_days);
    let summary = Summary::new(
        &config.params,
        Counts {
            files: &w.inputs.files,
            persons: batch.cases.len() as u64,
            persons_on_hold: batch
                .evaluations
                .iter()
                .filter(|e| e.actions.iter().any(|a| a.rule.group == Group::Hold))
                .count() as u64,
            fired: &mut rows.iter().map(|r| (r.action.rule, r.verdict.is_some())),
            drafts: w.draft_count,
            rejected_rows: w.inputs.rejected.len() as u64,
            findings: batch.findings.len() as u64,
            delivery: w.delivery.clone(),
            verdicts: w.verdict_summary.clone(),
        },
    );
    Tables {
        rows,
        upcoming,
        summary,
    }
}

/// Writes actions.csv, rejected.csv, findings.csv, upcoming.csv (and their
/// Parquet twins when asked), verdicts.csv and verdicts_not_applied.csv,
/// and summary.json, which records the delivery's checks and the verdicts.
fn write_tables(
    out: &Path,
    config: &RunConfig,
    w: &Written<'_, '_>,
    t: &Tables<'_>,
) -> Result<(), Error> {
    write_file(out, "actions.csv", |f| actions::write(f, &t.rows))?;
    write_file(out, "rejected.csv", |f| {
        tables::write_rejected(f, w.rejected)
    })?;
    write_file(out, "findings.csv", |f| {
        tables::write_findings(f, &w.batch.findings)
    })?;
    write_file(out, "upcoming.csv", |f| {
        tables::write_upcoming(f, &t.upcoming)
    })?;
    write_file(out, verdicts::FILE, |f| {
        verdicts::write_in_force(f, w.verdicts)
    })?;
    write_file(out, verdicts::NOT_APPLIED_FILE, |f| {
        verdicts::write_not_applied(f, w.verdicts)
    })?;
    #[cfg(feature = "parquet")]
    if config.parquet_output {
        write_parquet_tables(out, &t.rows, w.rejected, w.batch, &t.upcoming)?;
    }
    #[cfg(not(feature = "parquet"))]
    let _ = config;
    write_file(out, "summary.json", |f| {
        serde_json::to_writer_pretty(&mut *f, &t.summary)?;
        f.write_all(b"\n")
    })?;
    Ok(())
}

/// Runs one step of writing and logs how long it took.
fn timed<T, E>(what: &str, step: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    let started = Instant::now();
    let done = step()?;
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "{what} written"
    );
    Ok(done)
}

/// Prepares and writes every draft (HTML, Word and checklist), persons in
/// parallel; returns how many drafts.
fn write_drafts(out: &Path, batch: &Batch<'_>, templates: &Drafts, ui: &Ui) -> Result<u64, Error> {
    let drafting: Vec<(&Case<'_>, &Evaluation<'_>)> = batch
        .persons()
        .filter(|(_, e)| e.actions.iter().any(|a| a.rule.draft))
        .collect();
    let mut fired: Vec<&str> = drafting
        .iter()
        .flat_map(|(_, e)| {
            e.actions
                .iter()
                .filter(|a| a.rule.draft)
                .map(|a| a.rule.action)
        })
        .collect();
    fired.sort_unstable();
    fired.dedup();
    for action in fired {
        let dir = out.join("drafts").join(action);
        fs::create_dir_all(&dir).map_err(OutputError::io("create", &dir))?;
    }
    let bar = ui.phase("concepten schrijven", drafting.len() as u64);
    let counts = drafting
        .par_iter()
        .map(|(case, evaluation)| {
            signals::check()?;
            let mut n = 0;
            for a in evaluation.actions.iter().filter(|a| a.rule.draft) {
                let draft = templates.prepare(case, &evaluation.facts, a)?;
                let html = drafts::draft_file_name(a.rule.action, a.v_number, a.subject_id);
                for (name, bytes) in [
                    (drafts::docx_file_name(&html), draft.docx.as_slice()),
                    (
                        drafts::checklist_file_name(&html),
                        draft.checklist.as_bytes(),
                    ),
                    (html, draft.html.as_bytes()),
                ] {
                    let path = out.join(name);
                    fs::write(&path, bytes).map_err(OutputError::io("write", &path))?;
                }
                n += 1;
            }
            bar.inc(1);
            Ok(n)
        })
        .collect::<Result<Vec<u64>, Error>>()?;
    bar.finish_and_clear();
    Ok(counts.iter().sum())
}
