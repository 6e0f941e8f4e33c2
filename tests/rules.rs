//! Per-rule fixtures: every rule passes its `pass.json`, fails its `fail.json` with exactly the
//! accepted evidence (insta snapshot), and answers `na.json` / `undetermined.json` where present.
//! Also the engine invariant that a rule whose required section is missing is `unknown`.

mod common;

use common::*;
use idgauge::engine::Status;
use idgauge::model::Snapshot;

fn result_for(
    rule: &str,
    snap: &Snapshot,
    cfg: &idgauge::config::Config,
) -> idgauge::engine::RuleResult {
    let results = eval(std::slice::from_ref(snap), cfg);
    let scope = &snap.scopes[0].id;
    results
        .into_iter()
        .find(|r| r.rule_id == rule && &r.scope_id == scope)
        .unwrap_or_else(|| panic!("{rule} was not evaluated on {scope}"))
}

#[test]
fn every_rule_passes_and_fails_its_fixtures() {
    let mut checked = 0;
    for rule in &builtin_rules().rules {
        let id = &rule.meta.id;
        let dir = root().join("fixtures/rules").join(id);
        let cfg = config_beside(&dir.join("pass.json"));

        let pass = load(&dir.join("pass.json"));
        let r = result_for(id, &pass, &cfg);
        assert_eq!(r.status, Status::Pass, "{id} pass.json: {r:#?}");

        let fail = load(&dir.join("fail.json"));
        let r = result_for(id, &fail, &cfg);
        assert_eq!(r.status, Status::Fail, "{id} fail.json: {r:#?}");
        assert!(!r.findings.is_empty());
        let evidence: Vec<String> = r
            .findings
            .iter()
            .map(|f| format!("{} — {}", f.resource, f.message))
            .collect();
        insta::assert_yaml_snapshot!(format!("fail_{id}"), evidence);

        for (file, want) in [
            ("na.json", Status::NotApplicable),
            ("undetermined.json", Status::Unknown),
        ] {
            let p = dir.join(file);
            if p.exists() {
                let r = result_for(id, &load(&p), &cfg);
                assert_eq!(r.status, want, "{id} {file}: {r:#?}");
                assert!(
                    r.reason.as_deref().is_some_and(|s| !s.is_empty()),
                    "{id} {file}: no reason"
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 26, "only {checked} rules checked");
}

#[test]
fn missing_required_section_is_unknown_never_pass() {
    for rule in &builtin_rules().rules {
        let id = &rule.meta.id;
        let path = root().join("fixtures/rules").join(id).join("pass.json");
        let cfg = config_beside(&path);
        for section in &rule.meta.requires {
            let mut snap = load(&path);
            let mut v = serde_json::to_value(&snap.scopes[0].sections).unwrap();
            v.as_object_mut().unwrap().remove(section.as_str());
            snap.scopes[0].sections = serde_json::from_value(v).unwrap();
            let r = result_for(id, &snap, &cfg);
            assert_eq!(r.status, Status::Unknown, "{id} without {section}");
            let reason = r.reason.unwrap();
            assert!(reason.contains(section.as_str()), "{id}: {reason}");
        }
    }
}
