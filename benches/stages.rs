//! Criterion benchmarks of the run's stages on a generated set (BENCHMARKS.md):
//! reading each export, case building, the rules, writing the tables, and the
//! whole run with and without drafts.
//!
//! The data is made in the setup with `generate` (20,000 persons, seed 1,
//! `as_of` 2026-11-28), small enough that the bench takes minutes. The
//! generator is not in the default build, so this bench needs its feature
//! (`required-features` in Cargo.toml):
//! `cargo bench --features generate --bench stages`. The
//! scale figures (100k to 4.3M persons) come from `benches/e2e.sh`, which runs
//! the release binary against the floor. Nothing here asserts a time.

use clap::Parser;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rtb_recon::case;
use rtb_recon::cli::{Cli, Command};
use rtb_recon::compare::verdicts::Settled;
use rtb_recon::config::{Params, RunConfig};
use rtb_recon::evaluate::{self, Batch};
use rtb_recon::generate::{self, Options};
use rtb_recon::ingest::{self, NoProgress};
use rtb_recon::model::{Date, Export};
use rtb_recon::output::{actions, tables};
use std::hint::black_box;
use std::path::Path;

const PERSONS: u64 = 20_000;

fn as_of() -> Date {
    Date::from_ymd_opt(2026, 11, 28).unwrap_or_default()
}

fn params() -> Params {
    Params {
        as_of: as_of(),
        rtb_valid_until: Date::from_ymd_opt(2027, 3, 4).unwrap_or_default(),
        ukraine_return_possible: false,
    }
}

fn generated() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let opts = Options {
        persons: PERSONS,
        seed: 1,
        bad_rows: 0.001,
        as_of: as_of(),
        profile: generate::Profile::Default,
    };
    generate::write_csv(&opts, dir.path()).unwrap_or_else(|e| panic!("{e}"));
    dir
}

/// A directory with the generated `export` and header-only files for the
/// other six, so `ingest::load` times that one file.
fn only(full: &Path, export: Export) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for e in Export::ALL {
        let name = format!("{e}.csv");
        if e == export {
            std::fs::copy(full.join(&name), dir.path().join(&name))
                .unwrap_or_else(|err| panic!("{err}"));
        } else {
            std::fs::write(
                dir.path().join(&name),
                generate::columns(e).join(",") + "\n",
            )
            .unwrap_or_else(|err| panic!("{err}"));
        }
    }
    dir
}

fn ingest(c: &mut Criterion) {
    let full = generated();
    let mut group = c.benchmark_group("ingest");
    for export in Export::ALL {
        let dir = only(full.path(), export);
        group.bench_function(export.name(), |b| {
            b.iter(|| black_box(ingest::load(dir.path(), &NoProgress)))
        });
    }
    group.bench_function("all_seven", |b| {
        b.iter(|| black_box(ingest::load(full.path(), &NoProgress)))
    });
    group.finish();
}

fn engine(c: &mut Criterion) {
    let full = generated();
    let inputs = ingest::load(full.path(), &NoProgress).unwrap_or_else(|e| panic!("{e}"));
    let params = params();
    c.bench_function("case_build", |b| b.iter(|| black_box(case::build(&inputs))));
    let (cases, _) = case::build(&inputs);
    c.bench_function("evaluate_person", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(evaluate::person(case, &params));
            }
        })
    });
    c.bench_function("evaluate_batch", |b| {
        b.iter(|| black_box(Batch::new(&inputs, &params).evaluations.len()))
    });
    let batch = Batch::new(&inputs, &params);
    let no_verdicts = Settled::default();
    c.bench_function("write_tables", |b| {
        b.iter(|| {
            let rows = actions::rows(&batch, &no_verdicts, true);
            let mut sink = std::io::sink();
            actions::write(&mut sink, &rows).unwrap_or_else(|e| panic!("{e}"));
            tables::write_rejected(&mut sink, &tables::rejected_rows(&inputs.rejected, &[]))
                .unwrap_or_else(|e| panic!("{e}"));
            tables::write_findings(&mut sink, &batch.findings).unwrap_or_else(|e| panic!("{e}"));
        })
    });
}

fn config(input: &Path, out: &Path, drafts: &str) -> RunConfig {
    let args = [
        "rtb-recon",
        "run",
        "--input",
        &input.display().to_string(),
        "--out",
        &out.display().to_string(),
        "--force",
        "--as-of",
        "2026-11-28",
        "--drafts",
        drafts,
    ]
    .map(String::from);
    match Cli::try_parse_from(args).map(|cli| cli.command) {
        Ok(Command::Run(a)) => RunConfig::from_args(a).unwrap_or_else(|e| panic!("{e}")),
        _ => panic!("run arguments do not parse"),
    }
}

fn whole_run(c: &mut Criterion) {
    let full = generated();
    let mut group = c.benchmark_group("run");
    group.sample_size(10);
    for drafts in ["none", "all"] {
        group.bench_function(format!("drafts_{drafts}"), |b| {
            b.iter_batched(
                || tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")),
                |out| {
                    let target = out.path().join("out");
                    let cfg = config(full.path(), &target, drafts);
                    black_box(
                        rtb_recon::commands::run::run(&cfg).unwrap_or_else(|e| panic!("{e}")),
                    );
                    out
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, ingest, engine, whole_run);
criterion_main!(benches);
