//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod faults;

use assert_cmd::Command;
use idgauge::config::Config;
use idgauge::engine::{evaluate, EvalOptions, RuleResult, RuleSet};
use idgauge::model::{load_snapshot, Scope, Section, Snapshot, UnavailableKind};
use serde_json::Value;
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

/// The binary, run from the repository root with no config from the environment and no colour.
pub fn idgauge() -> Command {
    let mut c = Command::cargo_bin("idgauge").unwrap();
    c.current_dir(root())
        .env_remove("IDGAUGE_CONFIG")
        .env("NO_COLOR", "1");
    c
}

/// Runs `assess --format json` (at the fixed `--as-of` date unless `args` set one) and returns
/// (exit code, parsed document or null, stderr).
pub fn assess_json(args: &[&str]) -> (i32, Value, String) {
    let mut cmd = idgauge();
    cmd.arg("assess").args(["--format", "json"]);
    if !args.contains(&"--as-of") {
        cmd.args(["--as-of", "2026-11-27"]);
    }
    let out = cmd.args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), doc, stderr)
}

/// The level of `scope` in a results document.
pub fn scope_level(doc: &Value, scope: &str) -> u64 {
    doc["verdict"]["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scope_id"] == scope)
        .unwrap_or_else(|| panic!("no scope {scope} in {doc}"))["level"]
        .as_u64()
        .unwrap()
}

/// The result of `rule` on `scope` in a results document.
pub fn result<'a>(doc: &'a Value, rule: &str, scope: &str) -> &'a Value {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_id"] == rule && r["scope_id"] == scope)
        .unwrap_or_else(|| panic!("no result {rule} {scope}"))
}

/// `idgauge ARGS` must fail with exit code 2, a stderr naming each of `want`, and no panic.
pub fn assert_error(args: &[&str], want: &[&str]) {
    let out = idgauge().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    for w in want {
        assert!(err.contains(w), "{args:?}: stderr {err:?} lacks {w:?}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

/// The scope `id` of a snapshot.
pub fn scope<'a>(s: &'a Snapshot, id: &str) -> &'a Scope {
    s.scopes
        .iter()
        .find(|x| x.id == id)
        .unwrap_or_else(|| panic!("no scope {id}"))
}

/// A collected section's data (panics, naming the source, when it is not collected).
pub fn data<T>(s: &Option<Section<T>>) -> &T {
    match s {
        Some(Section::Collected { data, .. }) => data,
        other => panic!("not collected: {:?}", other.as_ref().map(|s| s.source())),
    }
}

/// An unavailable section's source, kind and message.
pub fn unavailable<T>(s: &Option<Section<T>>) -> (&str, UnavailableKind, &str) {
    match s {
        Some(Section::Unavailable { source, reason }) => (source, reason.kind, &reason.message),
        Some(Section::Collected { source, .. }) => panic!("collected from {source}"),
        None => panic!("absent"),
    }
}
