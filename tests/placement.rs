//! Placement in the maturity model decides what a result does to the level: a failing advisory
//! check (a workload key past its rotation age) or an unmet refinement beyond level 5 (virtual
//! a hardware TOTP rather than a FIDO key on root) is reported with its evidence, in its own section, and never
//! lowers a scope's level.

mod common;

use common::*;
use serde_json::Value;

/// level5.json (which reaches level 5 with its idgauge.toml) with one change applied.
fn level5_with(change: impl Fn(&mut Value)) -> (tempfile::TempDir, std::path::PathBuf) {
    let p = root().join("fixtures/snapshots/aws/level5.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    change(&mut doc["scopes"][0]["sections"]);
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("snap.json");
    std::fs::write(&out, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    (d, out)
}

fn cfg() -> String {
    root()
        .join("fixtures/snapshots/aws/idgauge.toml")
        .display()
        .to_string()
}

fn status(doc: &Value, rule: &str) -> String {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_id"] == rule)
        .map(|r| r["status"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

#[test]
fn a_failing_advisory_check_does_not_lower_the_level() {
    let (_d, snap) = level5_with(|s| {
        // A deploy key created two years before the snapshot: past the 90-day rotation age.
        s["principals"]["data"][2]["access_keys"][0]["created"] = "2024-11-01T00:00:00Z".into();
    });
    let (code, doc, err) = assess_json(&["--config", &cfg(), snap.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(status(&doc, "IDG-AWS-008"), "fail");
    let result = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_id"] == "IDG-AWS-008")
        .unwrap();
    assert_eq!(result["placement"], "advisory");
    let scope = &doc["verdict"]["scopes"][0];
    assert_eq!(scope["level"], 5, "an advisory failure gated the level");
    assert!(scope["blockers"].as_array().unwrap().is_empty());
    let adv: Vec<&str> = scope["advisories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(adv, ["IDG-AWS-008"]);
    // The terminal report lists it apart, with its evidence.
    let out = idgauge()
        .args(["assess", "--as-of", "2026-11-27", "--config", &cfg()])
        .arg(&snap)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("level 5 of 5"), "{text}");
    assert!(
        text.contains("Advisory (outside the model, never gating):"),
        "{text}"
    );
    assert!(text.contains("IDG-AWS-008"), "{text}");
}

#[test]
fn an_unmet_refinement_is_reported_beyond_level_5_and_does_not_gate() {
    let (_d, snap) = level5_with(|s| {
        // Known devices, none phishing-resistant: hardware TOTP.
        s["root"]["data"]["mfa_devices"] =
            serde_json::json!([{"kind": "hardware", "phishing_resistant": false}]);
    });
    let (code, doc, err) = assess_json(&["--config", &cfg(), snap.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(status(&doc, "IDG-AWS-033"), "fail");
    let scope = &doc["verdict"]["scopes"][0];
    assert_eq!(scope["level"], 5);
    let refinements: Vec<&str> = scope["refinements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(refinements, ["IDG-AWS-033"]);
    // Reports say it does not gate: SARIF tags and text, JUnit message.
    let sarif = idgauge()
        .args([
            "assess",
            "--as-of",
            "2026-11-27",
            "--format",
            "sarif",
            "--config",
            &cfg(),
        ])
        .arg(&snap)
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let rule = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "IDG-AWS-033")
        .unwrap();
    let tags = rule["properties"]["tags"].as_array().unwrap();
    assert!(tags.contains(&"maturity-refinement".into()), "{tags:?}");
    assert!(
        rule["help"]["text"]
            .as_str()
            .unwrap()
            .contains("A refinement beyond level 5 (does not gate a level)."),
        "{}",
        rule["help"]["text"]
    );
}

#[test]
fn a_gating_failure_still_lowers_the_level() {
    // The control for the two tests above: the same kind of edit on a gating rule does gate.
    let (_d, snap) = level5_with(|s| {
        s["root"]["data"]["mfa_active"] = false.into();
    });
    let (_, doc, err) = assess_json(&["--config", &cfg(), snap.to_str().unwrap()]);
    assert_eq!(status(&doc, "IDG-AWS-002"), "fail", "{err}");
    assert_eq!(doc["verdict"]["scopes"][0]["level"], 1);
}
