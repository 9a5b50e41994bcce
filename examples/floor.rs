//! The floor of the end-to-end benchmark (BENCHMARKS.md): the least any run
//! must spend on its input, a `csv::ByteRecord` loop over every export file in
//! a directory, counting records and bytes and nothing else.
//!
//! `cargo run --release --example floor -- DIR [--parallel]`: sequential by
//! default (one thread, the files one after another); `--parallel` reads the
//! files on two threads, the most parallelism a per-file reader gets on the
//! benchmark machine. It prints `floor_seconds=S records=N bytes=B`.
//! It deliberately does no UTF-8 check, no validation and no allocation per
//! row: it is the yardstick, not a reader.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn count(path: &Path) -> Result<(u64, u64), String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(64 * 1024)
        .from_path(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| format!("{}: {e}", path.display()))?
    {
        n += 1;
    }
    Ok((n, reader.position().byte()))
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: floor DIR [--parallel]")?);
    let parallel = args.next().is_some_and(|a| a == "--parallel");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    // Largest first, so two threads share the work as evenly as they can.
    files.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)));
    let started = Instant::now();
    let (records, bytes) = if parallel {
        let (a, b): (Vec<_>, Vec<_>) = files.iter().enumerate().partition(|(i, _)| *i == 0);
        let run = |list: Vec<(usize, &PathBuf)>| {
            list.into_iter()
                .map(|(_, p)| count(p))
                .try_fold((0, 0), |acc, r| r.map(|(n, b)| (acc.0 + n, acc.1 + b)))
        };
        let (ra, rb) = std::thread::scope(|s| {
            let ha = s.spawn(|| run(a));
            let rb = run(b);
            (
                ha.join().unwrap_or_else(|_| Err("thread panicked".into())),
                rb,
            )
        });
        let (ra, rb) = (ra?, rb?);
        (ra.0 + rb.0, ra.1 + rb.1)
    } else {
        files
            .iter()
            .map(|p| count(p))
            .try_fold((0, 0), |acc, r| r.map(|(n, b)| (acc.0 + n, acc.1 + b)))?
    };
    println!(
        "floor_seconds={:.3} records={records} bytes={bytes}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
