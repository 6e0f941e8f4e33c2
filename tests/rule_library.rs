//! The rule library split: `idgauge.lib.common` (provider-neutral) and `idgauge.lib.<provider>`.
//! A provider's helpers are never evaluated for another provider's rules, a rule that uses them
//! applies to that provider alone, the retired bare `idgauge.lib` import is refused rather than
//! read as undefined (which would pass silently), and a rule may name several providers.

mod common;

use common::*;
use idgauge::config::Config;
use idgauge::engine::{evaluate, EvalOptions, RuleSet, Status};
use idgauge::model::parse_snapshot;

const META: &str = r#""title": "t", "scope_kinds": ["project", "account"], "level": 2,
  "severity": "low", "requires": [], "description": "d", "rationale": "r",
  "recommendation": "r", "references": ["NIST SP 800-53 AC-2"]"#;

fn rule(pkg: &str, id: &str, providers: &str, imports: &str, body: &str) -> String {
    format!(
        "package idgauge.rules.{pkg}\n{imports}\nimport rego.v1\nmetadata := {{\"id\": \"{id}\", \"providers\": {providers}, {META}}}\n{body}\n"
    )
}

fn gcp_and_aws_snapshot() -> idgauge::model::Snapshot {
    let text = r#"{"schema_version": "1.0", "generator": {"tool": "t", "version": "1"},
      "collected_at": "2026-11-20T00:00:00Z", "scopes": [
        {"id": "aws:account:111122223333", "provider": "aws", "kind": "account", "sections": {}},
        {"id": "gcp:project:demo", "provider": "gcp", "kind": "project", "sections": {}}]}"#;
    parse_snapshot(text, std::path::Path::new("mem.json")).unwrap()
}

fn eval(set: &RuleSet) -> Result<Vec<idgauge::engine::RuleResult>, String> {
    evaluate(
        &[gcp_and_aws_snapshot()],
        set,
        &EvalOptions {
            config: &Config::default(),
            today: today(),
            jobs: 1,
        },
    )
    .map_err(|e| e.to_string())
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn a_provider_library_is_not_evaluated_for_other_providers_rules() {
    let d = tempfile::tempdir().unwrap();
    // A gcp library whose only rule errors when evaluated (division by zero under strict
    // builtin errors): evaluating it anywhere fails the run.
    write(
        d.path(),
        "gcp_lib.rego",
        "package idgauge.lib.gcp\nimport rego.v1\nboom := x if { x := 1 / 0 }\n",
    );
    // A neutral rule over both providers, reading the common library through its alias.
    write(
        d.path(),
        "both.rego",
        &rule(
            "common.both",
            "IDG-ALL-900",
            r#"["aws", "gcp"]"#,
            "import data.idgauge.lib.common as lib",
            "findings contains f if { some p in lib.principals; f := {\"resource\": p.id, \"message\": \"m\"} }",
        ),
    );
    let mut dirs = vec![root().join("rules")];
    dirs.push(d.path().to_path_buf());
    let set = RuleSet::load_dirs_only(&dirs).unwrap();
    // Every built-in AWS rule (which import lib.common and lib.aws) and the neutral rule run
    // without touching the gcp library.
    let results = eval(&set).unwrap_or_else(|e| panic!("a provider library leaked: {e}"));
    let both: Vec<_> = results
        .iter()
        .filter(|r| r.rule_id == "IDG-ALL-900")
        .map(|r| (r.scope_id.as_str(), r.status))
        .collect();
    assert_eq!(
        both,
        [
            ("aws:account:111122223333", Status::Pass),
            ("gcp:project:demo", Status::Pass)
        ],
        "a rule naming two providers applies to both"
    );
    // The control: a gcp rule that does read its library evaluates it, and the error surfaces.
    write(
        d.path(),
        "g.rego",
        &rule(
            "gcp.g",
            "IDG-GCP-900",
            r#""gcp""#,
            "import data.idgauge.lib.gcp",
            "findings contains f if { gcp.boom; f := {\"resource\": \"x\", \"message\": \"m\"} }",
        ),
    );
    let set = RuleSet::load_dirs_only(&dirs).unwrap();
    let err = eval(&set).unwrap_err();
    assert!(err.contains("divide by zero"), "{err}");
}

#[test]
fn the_bare_library_import_is_refused() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "old.rego",
        &rule(
            "aws.old",
            "ACME-001",
            r#""aws""#,
            "import data.idgauge.lib",
            "findings contains f if { some p in lib.principals; f := {\"resource\": p.id, \"message\": \"m\"} }",
        ),
    );
    let err = RuleSet::load(&[d.path().to_path_buf()])
        .unwrap_err()
        .to_string();
    assert!(err.contains("old.rego"), "{err}");
    assert!(err.contains("line 2"), "{err}");
    assert!(
        err.contains("import data.idgauge.lib.common as lib"),
        "{err}"
    );
}

#[test]
fn a_rule_using_a_provider_library_applies_to_that_provider_only() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "mixed.rego",
        &rule(
            "common.mixed",
            "ACME-002",
            r#"["aws", "azure"]"#,
            "import data.idgauge.lib.common as lib\nimport data.idgauge.lib.aws",
            "findings contains f if { aws.sso_in_use; f := {\"resource\": \"x\", \"message\": \"m\"} }",
        ),
    );
    let err = RuleSet::load(&[d.path().to_path_buf()])
        .unwrap_err()
        .to_string();
    assert!(err.contains("imports the aws library"), "{err}");
    assert!(err.contains("[aws, azure]"), "{err}");
}

#[test]
fn thresholds_come_from_the_config_alone() {
    // The library holds no copy of the defaults: config.rs is the one source.
    let lib = std::fs::read_to_string(root().join("rules/lib/common.rego")).unwrap();
    assert!(
        !lib.contains("default_thresholds"),
        "thresholds repeated in Rego"
    );
    assert!(
        !lib.contains("default_generic_names"),
        "generic names repeated in Rego"
    );
    for name in [
        "access_key_max_age_days",
        "inactive_days",
        "max_local_human_users",
    ] {
        assert!(!lib.contains(name), "{name} repeated in Rego");
    }
}
