//! rtb-recon: reconciles entry bans, exclusion orders, return decisions and SIS
//! alerts with temporary protection for displaced persons from Ukraine (RTB),
//! following chapter 3 of the IND work instruction.
//!
//! The tree follows the data, and imports point one way, down this list:
//! `commands` (one per subcommand) → `compare` (evaluations against each
//! other) and `output` (writers) and `publish` (safe writing to disk) →
//! `evaluate` (one person, one set of parameters: facts and actions) →
//! `rules` (the rule table) → `case` (a person's records and derived facts)
//! → `ingest` (the input contract and quarantine) → `model` (the records,
//! their words and the contract's columns) and `legal` (the sources the
//! drafts cite).

pub mod app;
pub mod case;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod config;
pub mod evaluate;
pub mod exit;
// The synthetic export generator is a tool for tests, benchmarks and
// `data-samples/`, not part of the production build: it is compiled with the
// `generate` feature (the subcommand, benches and integration tests that
// generate) and always for unit tests, so `cargo test --lib` checks the
// generator and regenerates `data-samples/` in any configuration.
#[cfg(any(test, feature = "generate"))]
pub mod generate;
pub mod ingest;
pub mod legal;
pub mod logging;
pub mod model;
pub mod output;
pub mod progress;
pub mod publish;
pub mod rules;
pub mod testhooks;
#[cfg(test)]
pub(crate) mod testkit;
