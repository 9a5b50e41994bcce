//! The one integration-test binary (every test binary links the whole crate,
//! so topics are modules here rather than separate binaries).

mod cli;
mod nightly;
mod samples;
mod scenarios;
mod support;
