//! Catalogue invariants: unique ids, complete metadata, pass and fail fixtures for every rule, no
//! orphan fixtures, and the generated `rules/README.md` and `docs/snapshot.schema.json` up to date
//! (`IDGAUGE_UPDATE_CATALOGUE=1` rewrites both).

mod common;

use common::*;
use std::collections::BTreeSet;

fn check_generated(path: &str, fresh: &str) {
    let p = root().join(path);
    if std::env::var_os("IDGAUGE_UPDATE_CATALOGUE").is_some() {
        std::fs::write(&p, fresh).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&p).unwrap_or_default();
    assert!(
        current == fresh,
        "{path} is stale: run `IDGAUGE_UPDATE_CATALOGUE=1 cargo test --test catalogue` and commit it"
    );
}

#[test]
fn ids_unique_and_well_formed() {
    let rules = &builtin_rules().rules;
    assert!(rules.len() >= 26, "catalogue has {} rules", rules.len());
    let mut ids = BTreeSet::new();
    let mut slugs = BTreeSet::new();
    for r in rules {
        let m = &r.meta;
        assert!(ids.insert(m.id.clone()), "duplicate {}", m.id);
        // IDG-<PROVIDER>-NNN for a one-provider rule (Azure's is the short AZ), IDG-ALL-NNN for a
        // rule over several.
        let prefix = match m.providers.as_slice() {
            [idgauge::model::Provider::Azure] => "AZ".to_string(),
            [one] => one.as_str().to_ascii_uppercase(),
            _ => "ALL".to_string(),
        };
        let num = m.id.strip_prefix(&format!("IDG-{prefix}-"));
        assert!(
            num.is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit())),
            "{} is not IDG-{prefix}-NNN",
            m.id
        );
        // Descriptive file names: rules/<provider or common>/<name>.rego, package
        // idgauge.rules.<provider or common>.<name>; the id lives in the metadata.
        let dir = match m.providers.as_slice() {
            [one] => one.as_str(),
            _ => "common",
        };
        let stem = r
            .path
            .strip_prefix(&format!("rules/{dir}/"))
            .and_then(|p| p.strip_suffix(".rego"))
            .unwrap_or_else(|| panic!("{}: {} is not under rules/{dir}/", m.id, r.path));
        assert!(
            !stem.contains("idg_"),
            "{}: name the file after what it checks, not its id",
            m.id
        );
        assert_eq!(r.package, format!("data.idgauge.rules.{dir}.{stem}"));
        let slug = idgauge::results::slug(&r.package);
        assert!(slugs.insert(slug.clone()), "duplicate slug {slug}");
    }
}

#[test]
fn metadata_complete() {
    for r in &builtin_rules().rules {
        let m = &r.meta;
        assert!(
            m.references.iter().any(|x| x.starts_with("NIST SP 800-53")),
            "{}: no NIST reference",
            m.id
        );
        assert!(
            m.recommendation.len() > 80,
            "{}: recommendation too thin",
            m.id
        );
        assert!(!m.requires.is_empty(), "{}: requires nothing", m.id);
    }
}

#[test]
fn catalogue_covers_every_level() {
    let levels: BTreeSet<u8> = builtin_rules().rules.iter().map(|r| r.meta.level).collect();
    assert_eq!(levels, (2..=5).collect());
}

#[test]
fn every_rule_has_fixtures_and_no_orphans() {
    let ids: BTreeSet<String> = builtin_rules()
        .rules
        .iter()
        .map(|r| r.meta.id.clone())
        .collect();
    for id in &ids {
        for f in ["pass.json", "fail.json"] {
            assert!(
                root().join("fixtures/rules").join(id).join(f).exists(),
                "{id}: missing {f}"
            );
        }
    }
    for e in std::fs::read_dir(root().join("fixtures/rules")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().to_string();
        assert!(ids.contains(&name), "fixtures/rules/{name} has no rule");
    }
}

#[test]
fn generated_catalogue_is_current() {
    check_generated(
        "rules/README.md",
        &idgauge::engine::rules::catalogue_markdown(builtin_rules()),
    );
}

#[test]
fn generated_maturity_model_page_is_current() {
    check_generated(
        "docs/maturity-model.md",
        &idgauge::engine::rules::maturity_markdown(builtin_rules()),
    );
}

#[test]
fn every_builtin_rule_is_anchored_in_the_model() {
    // Loading already refuses an anchor that does not allow the declared level or placement;
    // here every built-in rule must have one.
    for r in &builtin_rules().rules {
        let anchor = r
            .meta
            .anchor
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no anchor in the maturity model", r.meta.id));
        idgauge::maturity::check(anchor, r.meta.placement, r.meta.level)
            .unwrap_or_else(|e| panic!("{}: {e}", r.meta.id));
    }
}

#[test]
fn a_misplaced_rule_does_not_load() {
    let d = tempfile::tempdir().unwrap();
    let rule = r#"package idgauge.rules.aws.misplaced
import rego.v1
metadata := {"id": "ACME-009", "title": "t", "provider": "aws", "scope_kinds": ["account"],
  "level": 2, "anchor": {"level": 4, "section": "how_to_do_better", "step": "Adopt Short-Lived Credentials"},
  "severity": "low", "requires": [], "description": "d", "rationale": "r", "recommendation": "r",
  "references": ["NIST SP 800-53 AC-2"]}
findings contains f if { false; f := {} }
"#;
    std::fs::write(d.path().join("m.rego"), rule).unwrap();
    let err = idgauge::engine::RuleSet::load(&[d.path().to_path_buf()])
        .unwrap_err()
        .to_string();
    assert!(err.contains("allows gating level 5, not level 2"), "{err}");
    // Beyond level 5 is never gating: declaring it a gate is refused too.
    let beyond = rule.replace("\"level\": 2", "\"level\": 5").replace(
        r#"{"level": 4, "section": "how_to_do_better", "step": "Adopt Short-Lived Credentials"}"#,
        r#"{"level": 5, "section": "how_to_do_better", "step": "Add Dynamic Risk Scoring"}"#,
    );
    std::fs::write(d.path().join("m.rego"), beyond).unwrap();
    let err = idgauge::engine::RuleSet::load(&[d.path().to_path_buf()])
        .unwrap_err()
        .to_string();
    assert!(err.contains("makes the rule refinement"), "{err}");
}

#[test]
fn generated_schema_is_current() {
    let mut s =
        serde_json::to_string_pretty(&schemars::schema_for!(idgauge::model::Snapshot)).unwrap();
    s.push('\n');
    check_generated("docs/snapshot.schema.json", &s);
}
