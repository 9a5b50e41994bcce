//! rtb-recon: reconciles entry bans, exclusion orders, return decisions and SIS
//! alerts with temporary protection for displaced persons from Ukraine (RTB),
//! following chapter 3 of the IND work instruction.
//!
//! The pipeline is `ingest` (contract and quarantine) → `case` (one person's
//! records and derived facts) → `rules` (the rule table, evaluated per person in
//! parallel) → `output` (actions, drafts, quarantine, summary).

pub mod app;
pub mod case;
pub mod catalogue;
pub mod cli;
pub mod config;
pub mod drift;
pub mod exit;
pub mod explain;
pub mod generate;
pub mod ingest;
pub mod ledger;
pub mod legal;
pub mod lock;
pub mod logging;
pub mod model;
pub mod output;
pub mod progress;
pub mod prune;
pub mod rules;
pub mod run;
pub mod signals;
pub mod testhooks;
#[cfg(test)]
pub(crate) mod testkit;
pub mod whatif;
