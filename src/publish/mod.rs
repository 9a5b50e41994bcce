//! How a run reaches disk safely: a staging directory beside `--out` that is
//! renamed into place only when complete (`staging`), one run per output
//! location (`lock`), SIGINT/SIGTERM removing a half-written run (`signals`),
//! and retention of dated runs (`prune`).
//!
//! It knows nothing of what is written: commands hand it paths and writers.

pub mod lock;
pub mod prune;
pub mod signals;
pub mod staging;
