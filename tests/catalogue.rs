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
    for r in rules {
        assert!(ids.insert(r.meta.id.clone()), "duplicate {}", r.meta.id);
        let re_ok = r.meta.id.starts_with("IDG-AWS-") && r.meta.id.len() == 11;
        assert!(re_ok, "{} is not IDG-AWS-NNN", r.meta.id);
        let expect_pkg = format!(
            "data.idgauge.rules.aws.{}",
            r.meta.id.to_lowercase().replace('-', "_")
        );
        assert_eq!(r.package, expect_pkg);
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
fn generated_schema_is_current() {
    let mut s =
        serde_json::to_string_pretty(&schemars::schema_for!(idgauge::model::Snapshot)).unwrap();
    s.push('\n');
    check_generated("docs/snapshot.schema.json", &s);
}
