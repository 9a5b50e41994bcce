//! `rtb-recon prune --root DIR --keep N`: retention of nightly runs (the
//! policy is `publish::prune`); prints what was removed and kept.

use super::Error;
use crate::cli::PruneArgs;
use crate::exit::Exit;
use crate::publish::prune::prune;

pub fn run(args: &PruneArgs) -> Result<Exit, Error> {
    let keep = usize::try_from(args.keep).unwrap_or(usize::MAX);
    let p = prune(&args.root, keep, args.dry_run)?;
    let verb = if args.dry_run {
        "would remove"
    } else {
        "removed"
    };
    let at = |name: &String| args.root.join(name).display().to_string();
    for name in &p.removed {
        println!("{verb} {}", at(name));
    }
    for name in &p.busy {
        println!("skipped {}: a run holds its lock", at(name));
    }
    for name in &p.stale {
        println!("removed {} (left by a killed run)", at(name));
    }
    println!("kept {} run(s)", p.kept.len());
    Ok(Exit::Ok)
}
