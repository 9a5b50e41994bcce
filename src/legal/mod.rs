//! The law the decision drafts rest on, as data: which sources they cite and
//! how far each was checked (`sources`), the Council decisions that set the
//! end of temporary protection (`protection`), and the working days of the
//! Algemene termijnenwet that deadlines are counted in (`calendar`).
//!
//! This module knows nothing of cases or rules; the drafts read it, and so
//! do their checklists and tests.

pub mod calendar;
pub mod protection;
pub mod sources;
