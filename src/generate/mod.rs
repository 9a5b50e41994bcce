//! TEMPORARY stub with the agreed API; replaced by the generate branch.
pub struct Options {
    pub persons: u64,
    pub seed: u64,
    pub bad_rows: f64,
    pub as_of: chrono::NaiveDate,
}
pub struct Stats {
    pub persons: u64,
    pub rows: std::collections::BTreeMap<&'static str, u64>,
    pub bad_rows: u64,
}
pub fn write_csv(_opts: &Options, _dir: &std::path::Path) -> anyhow::Result<Stats> {
    anyhow::bail!("not yet")
}
