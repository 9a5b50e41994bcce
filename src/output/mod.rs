//! Everything rtb-recon writes into `--out` (SPEC §5). Each output has its own
//! module; this file only declares them.

pub mod drafts;
