//! The one integration-test binary (every test binary links the whole crate,
//! so topics are modules here rather than separate binaries).

mod analyst;
mod bad_input;
mod cli;
mod delivery;
#[cfg(unix)] // signals, modes, mounts
mod nightly;
mod samples;
mod scenarios;
mod support;
mod verdicts;
