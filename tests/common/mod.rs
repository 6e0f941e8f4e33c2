//! Helpers shared by the integration tests.
#![allow(dead_code)]

use idgauge::config::Config;
use idgauge::engine::{evaluate, EvalOptions, RuleResult, RuleSet};
use idgauge::model::{load_snapshot, Snapshot};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn builtin_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::load(&[]).expect("built-in rules load"))
}

/// The fixed "today" the tests evaluate exceptions against.
pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

pub fn load(path: &Path) -> Snapshot {
    load_snapshot(path).unwrap_or_else(|e| panic!("{e}"))
}

/// Config beside a fixture (`idgauge.toml` in the same directory), or the default.
pub fn config_beside(path: &Path) -> Config {
    let toml = path.parent().unwrap().join("idgauge.toml");
    if toml.exists() {
        Config::load(&toml).unwrap_or_else(|e| panic!("{e}"))
    } else {
        Config::default()
    }
}

pub fn eval(snaps: &[Snapshot], config: &Config) -> Vec<RuleResult> {
    evaluate(
        snaps,
        builtin_rules(),
        &EvalOptions {
            config,
            today: today(),
            jobs: 2,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"))
}
