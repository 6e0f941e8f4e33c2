//! Baselines end to end: `idgauge diff OLD NEW` and `assess --baseline`, each `--fail-on`
//! trigger and its exit code (0 clean, 1 regression, 2 error), bad baseline files, and the
//! comparison's content (levels, new failures under new and already failing rules, fixed, new
//! unknowns, rules added and removed). Result pairs come from the bundled fixtures, assessed in
//! the test, and small edits of those results documents.

mod common;

use common::{assert_error, idgauge, root};
use serde_json::Value;
use std::path::{Path, PathBuf};

const ACCOUNT: &str = "aws:account:111122223333";

fn fixture(p: &str) -> String {
    root()
        .join("fixtures/snapshots/aws")
        .join(p)
        .to_str()
        .unwrap()
        .to_string()
}

/// Assesses `snapshot` into `dir/name` (JSON results) and returns the document.
fn results(dir: &Path, name: &str, snapshot: &str) -> (PathBuf, Value) {
    let p = dir.join(name);
    let out = idgauge()
        .args([
            "assess",
            "--as-of",
            "2026-11-27",
            "--format",
            "json",
            "--output",
        ])
        .arg(&p)
        .arg(snapshot)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    (p, doc)
}

fn save(dir: &Path, name: &str, doc: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    p
}

/// `idgauge diff OLD NEW --format json ARGS`: (exit code, diff document, stderr).
fn diff(old: &Path, new: &Path, args: &[&str]) -> (i32, Value, String) {
    let out = idgauge()
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!err.contains("panicked"), "{err}");
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), doc, err)
}

fn result_mut<'a>(doc: &'a mut Value, rule: &str) -> &'a mut Value {
    doc["results"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["rule_id"] == rule && r["scope_id"] == ACCOUNT)
        .unwrap()
}

#[test]
fn level_drop_between_real_snapshots() {
    let d = tempfile::tempdir().unwrap();
    let (l3, _) = results(d.path(), "l3.json", &fixture("level3.json"));
    let (l2, _) = results(d.path(), "l2.json", &fixture("level2.json"));

    let (code, doc, err) = diff(&l3, &l2, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("level dropped: aws:account:111122223333 3 → 2"),
        "{err}"
    );
    assert_eq!(doc["diff_version"], "1.0");
    assert_eq!(doc["old"]["overall_level"], 3);
    assert_eq!(doc["new"]["overall_level"], 2);
    let scope = &doc["scopes"][0];
    assert_eq!(scope["scope_id"], ACCOUNT);
    assert_eq!(scope["change"], "dropped");
    assert_eq!(
        (scope["old_level"].as_u64(), scope["new_level"].as_u64()),
        (Some(3), Some(2))
    );
    // IDG-AWS-013 passes at level 3 and fails at level 2: every failing user is new.
    let nf = doc["new_failures"].as_array().unwrap();
    let mfa: Vec<_> = nf
        .iter()
        .filter(|f| f["rule_id"] == "IDG-AWS-013")
        .collect();
    assert!(!mfa.is_empty());
    assert!(mfa.iter().all(|f| f["was"] == "pass" && f["now"] == "fail"));
    assert!(mfa
        .iter()
        .any(|f| f["resource"] == "arn:aws:iam::111122223333:user/amara.lindqvist"));
    // Sorted by rule, scope, resource.
    let keys: Vec<(String, String)> = nf
        .iter()
        .map(|f| (f["rule_id"].to_string(), f["resource"].to_string()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);

    // Each trigger on its own.
    assert_eq!(diff(&l3, &l2, &["--fail-on", "level-drop"]).0, 1);
    assert_eq!(diff(&l3, &l2, &["--fail-on", "new-fail"]).0, 1);
    assert_eq!(diff(&l3, &l2, &["--fail-on", "new-unknown"]).0, 0);
    assert_eq!(diff(&l3, &l2, &["--fail-on", "none"]).0, 0);
    // The other way round is an improvement: raised, and IDG-AWS-013 fixed.
    let (_, up, _) = diff(&l2, &l3, &["--fail-on", "level-drop"]);
    assert_eq!(up["scopes"][0]["change"], "raised");
    assert!(up["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule_id"] == "IDG-AWS-013" && f["now"] == "pass"));
    assert_eq!(diff(&l2, &l3, &["--fail-on", "level-drop"]).0, 0);
}

#[test]
fn identical_results_are_clean() {
    let d = tempfile::tempdir().unwrap();
    let (a, _) = results(d.path(), "a.json", &fixture("level2.json"));
    let (code, doc, err) = diff(
        &a,
        &a,
        &[
            "--fail-on",
            "level-drop,new-fail",
            "--fail-on",
            "new-unknown",
        ],
    );
    assert_eq!(code, 0, "{err}");
    for k in [
        "new_failures",
        "fixed",
        "new_unknowns",
        "status_changes",
        "rules_added",
        "rules_removed",
    ] {
        assert!(doc[k].as_array().unwrap().is_empty(), "{k}");
    }
    let out = idgauge().arg("diff").arg(&a).arg(&a).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("no change"));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn new_resource_under_an_already_failing_rule_is_a_new_failure() {
    let d = tempfile::tempdir().unwrap();
    let (_, new) = results(d.path(), "new.json", &fixture("level2.json"));
    // The baseline lacks one of IDG-AWS-013's failing users: same level, same failing rules.
    let mut old = new.clone();
    let r = result_mut(&mut old, "IDG-AWS-013");
    let gone = r["findings"].as_array_mut().unwrap().remove(0);
    let old = save(d.path(), "old.json", &old);
    let new = save(d.path(), "new2.json", &new);
    let (code, doc, err) = diff(&old, &new, &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(doc["scopes"][0]["change"], "unchanged");
    let nf = doc["new_failures"].as_array().unwrap();
    assert_eq!(nf.len(), 1, "{nf:?}");
    assert_eq!(nf[0]["resource"], gone["resource"]);
    assert_eq!(nf[0]["was"], "fail");
    assert!(
        err.contains("1 new failing resource(s) under IDG-AWS-013"),
        "{err}"
    );
    assert_eq!(diff(&old, &new, &["--fail-on", "level-drop"]).0, 0);
    // Reversed, it is fixed, not a failure.
    let (code, doc, _) = diff(&new, &old, &[]);
    assert_eq!(code, 0);
    assert_eq!(doc["fixed"][0]["resource"], gone["resource"]);
}

#[test]
fn data_that_can_no_longer_be_read_is_a_new_unknown_not_a_fix() {
    let d = tempfile::tempdir().unwrap();
    let (l2, _) = results(d.path(), "l2.json", &fixture("level2.json"));
    let (denied, _) = results(d.path(), "denied.json", &fixture("cloudtrail-denied.json"));
    let (code, doc, err) = diff(&l2, &denied, &["--fail-on", "new-unknown"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("could not verify any more: IDG-AWS-005"),
        "{err}"
    );
    let nu = doc["new_unknowns"].as_array().unwrap();
    let ct = nu.iter().find(|u| u["rule_id"] == "IDG-AWS-005").unwrap();
    assert_eq!(ct["was"], "pass");
    assert!(ct["reason"].as_str().unwrap().contains("AccessDenied"));

    // A failing rule that becomes unknown is not "fixed".
    let (_, mut old) = results(d.path(), "x.json", &fixture("level2.json"));
    let (_, mut new) = results(d.path(), "y.json", &fixture("level2.json"));
    let r = result_mut(&mut new, "IDG-AWS-013");
    r["status"] = "unknown".into();
    r["reason"] = "principals unavailable — access denied".into();
    r.as_object_mut().unwrap().remove("findings");
    let _ = &mut old;
    let (oldp, newp) = (
        save(d.path(), "o.json", &old),
        save(d.path(), "n.json", &new),
    );
    let (code, doc, _) = diff(&oldp, &newp, &[]);
    assert_eq!(code, 0, "default triggers ignore unknowns");
    assert!(
        doc["fixed"].as_array().unwrap().is_empty(),
        "{}",
        doc["fixed"]
    );
    assert_eq!(doc["new_unknowns"][0]["was"], "fail");
    assert_eq!(diff(&oldp, &newp, &["--fail-on", "new-unknown"]).0, 1);
}

#[test]
fn added_and_removed_rules_and_scopes_are_listed_not_failed() {
    let d = tempfile::tempdir().unwrap();
    let (_, new) = results(d.path(), "new.json", &fixture("level2.json"));
    let mut old = new.clone();
    // The baseline predates IDG-AWS-010 and knew a rule that no longer exists.
    old["rules"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["id"] != "IDG-AWS-010");
    old["results"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["rule_id"] != "IDG-AWS-010");
    let mut gone = old["rules"][0].clone();
    gone["id"] = "IDG-AWS-999".into();
    old["rules"].as_array_mut().unwrap().push(gone);
    // ... and an account that has since been closed.
    let mut closed = old["verdict"]["scopes"][0].clone();
    closed["scope_id"] = "aws:account:999999999999".into();
    old["verdict"]["scopes"]
        .as_array_mut()
        .unwrap()
        .push(closed);
    let (oldp, newp) = (
        save(d.path(), "o.json", &old),
        save(d.path(), "n.json", &new),
    );
    let (code, doc, err) = diff(&oldp, &newp, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc["rules_added"][0]["rule_id"], "IDG-AWS-010");
    assert_eq!(doc["rules_added"][0]["failing_scopes"][0], ACCOUNT);
    assert_eq!(doc["rules_removed"][0]["rule_id"], "IDG-AWS-999");
    assert!(doc["new_failures"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["rule_id"] != "IDG-AWS-010"));
    let closed = doc["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scope_id"] == "aws:account:999999999999")
        .unwrap();
    assert_eq!(closed["change"], "removed");

    // A new account below the others is a drop of the overall level.
    let (_, l1) = results(d.path(), "l1.json", &fixture("level1.json"));
    let mut both = new.clone();
    let mut scope = l1["verdict"]["scopes"][0].clone();
    scope["scope_id"] = "aws:account:444455556666".into();
    both["verdict"]["scopes"]
        .as_array_mut()
        .unwrap()
        .push(scope);
    both["verdict"]["overall_level"] = 1.into();
    let bothp = save(d.path(), "both.json", &both);
    let (code, doc, err) = diff(&newp, &bothp, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("overall 2 → 1"), "{err}");
    assert!(doc["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["change"] == "added"));
}

#[test]
fn markdown_and_table_diffs() {
    let d = tempfile::tempdir().unwrap();
    let (l3, _) = results(d.path(), "l3.json", &fixture("level3.json"));
    let (l2, _) = results(d.path(), "l2.json", &fixture("level2.json"));
    let out = idgauge()
        .arg("diff")
        .arg(&l3)
        .arg(&l2)
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("## idgauge: identity maturity 3 → 2"),
        "{md}"
    );
    assert!(md.contains("🔻 dropped"));
    assert!(md.contains("**❌ New failures ("));
    let out = idgauge().arg("diff").arg(&l3).arg(&l2).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("level DROPPED: aws:account:111122223333 3 → 2"),
        "{text}"
    );
    assert!(text.contains("more (idgauge diff --format json lists them all)"));
}

#[test]
fn assess_with_a_baseline_gates_and_reports() {
    let d = tempfile::tempdir().unwrap();
    let (l3, _) = results(d.path(), "l3.json", &fixture("level3.json"));
    let base = l3.to_str().unwrap();
    let run = |extra: &[&str]| {
        let out = idgauge()
            .args(["assess", "--as-of", "2026-11-27", "--baseline", base])
            .args(extra)
            .arg(fixture("level2.json"))
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, table, err) = run(&[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("regression against the baseline: level dropped"),
        "{err}"
    );
    assert!(table.contains("Changes since the baseline"), "{table}");
    let (code, md, _) = run(&["--format", "markdown"]);
    assert_eq!(code, 1);
    assert!(md.contains("### Changes since the baseline"), "{md}");
    assert!(md.contains("> [!WARNING]"), "{md}");
    assert_eq!(run(&["--fail-on", "new-unknown"]).0, 0);
    assert_eq!(run(&["--fail-on", "none"]).0, 0);
    // --fail-below still works beside it.
    let (code, _, err) = run(&["--fail-on", "none", "--fail-below", "3"]);
    assert_eq!(code, 1);
    assert!(err.contains("below level 3"), "{err}");
    // SARIF marks new results.
    let (_, sarif, _) = run(&["--format", "sarif", "--fail-on", "none"]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["baselineState"].as_str().unwrap())
        .collect();
    assert!(states.contains(&"new") && states.contains(&"unchanged"));
    // An improvement passes.
    let (l2, _) = results(d.path(), "l2.json", &fixture("level2.json"));
    let out = idgauge()
        .args([
            "assess",
            "--as-of",
            "2026-11-27",
            "--fail-on",
            "level-drop",
            "--baseline",
        ])
        .arg(&l2)
        .arg(fixture("level3.json"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bad_baselines_are_errors_with_position() {
    let d = tempfile::tempdir().unwrap();
    let (good, doc) = results(d.path(), "good.json", &fixture("level2.json"));
    let good_s = good.to_str().unwrap();
    let text = std::fs::read_to_string(&good).unwrap();
    let write = |name: &str, s: &str| {
        let p = d.path().join(name);
        std::fs::write(&p, s).unwrap();
        p.to_str().unwrap().to_string()
    };
    let snap = fixture("level2.json");
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            write("notjson.json", "not json\n"),
            vec!["notjson.json:1:", "invalid JSON"],
        ),
        (
            write("trunc.json", &text[..text.len() / 2]),
            vec!["trunc.json:", "EOF"],
        ),
        (write("empty.json", ""), vec!["empty.json: file is empty"]),
        (
            write(
                "v9.json",
                &text.replacen(
                    &format!(
                        "\"results_version\": \"{}\"",
                        idgauge::results::RESULTS_VERSION
                    ),
                    "\"results_version\": \"9.0\"",
                    1,
                ),
            ),
            vec!["v9.json: unsupported results_version \"9.0\""],
        ),
        (
            write(
                "shape.json",
                &text.replacen("\"overall_level\": 2", "\"overall_level\": \"two\"", 1),
            ),
            vec!["shape.json:", "verdict.overall_level"],
        ),
        (
            snap.clone(),
            vec!["level2.json: not an idgauge results document"],
        ),
        (
            "/nonexistent/base.json".to_string(),
            vec!["/nonexistent/base.json: cannot read"],
        ),
    ];
    for (bad, want) in &cases {
        assert_error(&["diff", bad, good_s], want);
        assert_error(&["diff", good_s, bad], want);
        assert_error(&["assess", "--baseline", bad, &snap], want);
    }
    // --fail-on needs something to compare with.
    assert_error(&["assess", "--fail-on", "new-fail", &snap], &["--baseline"]);
    assert_error(
        &["diff", good_s, good_s, "--fail-on", "sometimes"],
        &["sometimes"],
    );
    assert!(doc["results_version"].is_string());
}
