//! End-to-end tests of the `idgauge` binary: levels of the bundled whole-account fixtures, the
//! JSON results document, exit codes, break-glass / exceptions / attestations, bad input, and
//! determinism.

mod common;

use common::{assert_error, assess_json, idgauge, result, root, scope_level};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(p: &str) -> PathBuf {
    root().join("fixtures/snapshots/aws").join(p)
}

const ACCOUNT: &str = "aws:account:111122223333";

#[test]
fn level_fixtures_reach_their_level() {
    for level in 1..=5u64 {
        let f = fixture(&format!("level{level}.json"));
        let cfg = fixture("idgauge.toml");
        let (code, doc, err) =
            assess_json(&["--config", cfg.to_str().unwrap(), f.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(scope_level(&doc, ACCOUNT), level, "level{level}.json");
        assert_eq!(doc["verdict"]["overall_level"], level);
        let scope = &doc["verdict"]["scopes"][0];
        if level < 5 {
            // Something blocks the next level, and it is named with evidence.
            let blockers = scope["blockers"].as_array().unwrap();
            assert!(
                blockers.iter().any(|b| b["level"] == level + 1),
                "level{level}: {blockers:?}"
            );
            assert!(!doc["verdict"]["recommendations"]
                .as_array()
                .unwrap()
                .is_empty());
            assert_eq!(doc["verdict"]["recommendations"][0]["level"], level + 1);
        } else {
            assert!(scope["blockers"].as_array().unwrap().is_empty());
            assert!(scope.get("next_level").is_none());
        }
    }
}

#[test]
fn level1_evidence_names_shared_accounts_and_root() {
    let (_, doc, _) = assess_json(&[fixture("level1.json").to_str().unwrap()]);
    let shared = result(&doc, "IDG-AWS-001", ACCOUNT);
    assert_eq!(shared["status"], "fail");
    let resources: Vec<&str> = shared["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    for name in ["admin", "deploy", "ops-team", "test1"] {
        assert!(
            resources
                .iter()
                .any(|r| r.ends_with(&format!("user/{name}"))),
            "{name} not in {resources:?}"
        );
    }
    assert!(
        !resources.iter().any(|r| r.contains("alice")),
        "{resources:?}"
    );
    assert_eq!(result(&doc, "IDG-AWS-002", ACCOUNT)["status"], "fail");
    // Evidence says where the data came from and when.
    let ev = &shared["evidence"][0];
    assert_eq!(ev["section"], "principals");
    assert!(ev["source"].as_str().unwrap().starts_with("iam:"));
    assert!(ev["collected_at"].is_string());
}

#[test]
fn cloudtrail_denied_is_unknown_and_named() {
    let (code, doc, _) = assess_json(&[fixture("cloudtrail-denied.json").to_str().unwrap()]);
    assert_eq!(code, 0);
    let r = result(&doc, "IDG-AWS-005", ACCOUNT);
    assert_eq!(r["status"], "unknown");
    assert!(
        r["reason"].as_str().unwrap().contains("AccessDenied"),
        "{r}"
    );
    assert_eq!(scope_level(&doc, ACCOUNT), 1);
    let cnv = doc["verdict"]["scopes"][0]["could_not_verify"]
        .as_array()
        .unwrap();
    assert!(
        cnv.iter().any(|c| {
            let c = c.as_str().unwrap();
            c.starts_with("could not verify level 2")
                && c.contains("audit_logs unavailable")
                && c.contains("AccessDenied")
        }),
        "{cnv:?}"
    );
    // No audit-log rule may pass on missing data.
    for id in ["IDG-AWS-005", "IDG-AWS-016", "IDG-AWS-017"] {
        assert_eq!(result(&doc, id, ACCOUNT)["status"], "unknown", "{id}");
    }
}

#[test]
fn break_glass_declaration_changes_the_level() {
    let snap = fixture("break-glass/snapshot.json");
    let (_, without, _) = assess_json(&[snap.to_str().unwrap()]);
    assert_eq!(result(&without, "IDG-AWS-020", ACCOUNT)["status"], "fail");
    assert_eq!(scope_level(&without, ACCOUNT), 3);
    let cfg = fixture("break-glass/idgauge.toml");
    let (_, with, _) = assess_json(&["--config", cfg.to_str().unwrap(), snap.to_str().unwrap()]);
    assert_eq!(result(&with, "IDG-AWS-020", ACCOUNT)["status"], "pass");
    assert_eq!(scope_level(&with, ACCOUNT), 4);
}

#[test]
fn expired_exception_fails_again_and_says_so() {
    let snap = fixture("expired-exception/snapshot.json");
    let cfg = fixture("expired-exception/idgauge.toml");
    let (_, doc, _) = assess_json(&["--config", cfg.to_str().unwrap(), snap.to_str().unwrap()]);
    let r = result(&doc, "IDG-AWS-013", ACCOUNT);
    assert_eq!(r["status"], "fail");
    let notes = r["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("expired on 2026-06-30")),
        "{notes:?}"
    );
    // Before expiry the same exception applies.
    let (_, before, _) = assess_json(&[
        "--config",
        cfg.to_str().unwrap(),
        "--as-of",
        "2026-06-01",
        snap.to_str().unwrap(),
    ]);
    let r = result(&before, "IDG-AWS-013", ACCOUNT);
    assert!(
        r["status"] == "excepted" || !r["excepted"].as_array().unwrap().is_empty(),
        "{r}"
    );
}

#[test]
fn attestation_turns_unknown_into_attested_but_never_a_fail() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("idgauge.toml");
    std::fs::write(
        &cfg,
        "[[attestations]]\nrule = \"IDG-AWS-005\"\nstatement = \"Org trail run by the security account\"\nattested_by = \"ciso@corp.example\"\n\n\
         [[attestations]]\nrule = \"IDG-AWS-002\"\nstatement = \"root has MFA\"\nattested_by = \"someone\"\n",
    )
    .unwrap();
    let (_, doc, _) = assess_json(&[
        "--config",
        cfg.to_str().unwrap(),
        fixture("cloudtrail-denied.json").to_str().unwrap(),
    ]);
    let r = result(&doc, "IDG-AWS-005", ACCOUNT);
    assert_eq!(r["status"], "attested");
    assert!(
        r["reason"].as_str().unwrap().contains("not verified"),
        "{r}"
    );

    let (_, doc, _) = assess_json(&[
        "--config",
        cfg.to_str().unwrap(),
        fixture("level1.json").to_str().unwrap(),
    ]);
    let r = result(&doc, "IDG-AWS-002", ACCOUNT);
    assert_eq!(r["status"], "fail");
    assert!(r["notes"][0]
        .as_str()
        .unwrap()
        .contains("attestation ignored"));
}

#[test]
fn org_overall_is_the_weakest_scope() {
    let (code, doc, _) = assess_json(&[fixture("org/snapshot.json").to_str().unwrap()]);
    assert_eq!(code, 0);
    let scopes = doc["verdict"]["scopes"].as_array().unwrap();
    assert!(scopes.len() >= 4);
    let min = scopes
        .iter()
        .map(|s| s["level"].as_u64().unwrap())
        .min()
        .unwrap();
    assert_eq!(doc["verdict"]["overall_level"], min);
    assert_eq!(min, 2);
    assert!(scopes.iter().any(|s| s["kind"] == "organization"));
}

#[test]
fn fail_below_exits_one() {
    let f = fixture("level2.json");
    let (code, _, err) = assess_json(&["--fail-below", "3", f.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("below level 3"), "{err}");
    let (code, _, _) = assess_json(&["--fail-below", "2", f.to_str().unwrap()]);
    assert_eq!(code, 0);
}

#[test]
fn table_output_has_banner_levels_and_recommendations() {
    let out = idgauge()
        .args(["assess", "--as-of", "2026-11-27"])
        .arg(fixture("level3.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("Overall maturity: level 3 of 5"), "{s}");
    assert!(s.contains("To reach level 4, fix:"), "{s}");
    assert!(s.contains("Top recommendations"), "{s}");
    assert!(!s.contains("\x1b["), "no colour when not a terminal");
}

#[test]
fn output_is_deterministic() {
    let run = || {
        idgauge()
            .args(["assess", "--format", "json", "--as-of", "2026-11-27"])
            .arg(fixture("org/snapshot.json"))
            .arg(fixture("level4.json"))
            .output()
            .unwrap()
            .stdout
    };
    let a = run();
    assert!(!a.is_empty());
    assert_eq!(a, run());
}

#[test]
fn no_full_access_key_ids_in_output() {
    for f in ["level1.json", "level2.json", "level3.json"] {
        let (_, doc, _) = assess_json(&[fixture(f).to_str().unwrap()]);
        let s = doc.to_string();
        let re_like = s.match_indices("AKIA").any(|(i, _)| {
            let tail: String = s[i + 4..].chars().take(16).collect();
            tail.len() == 16
                && tail
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        });
        assert!(
            !re_like,
            "{f}: an unmasked access key id appears in the output"
        );
    }
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn bad_input_is_a_clear_error_with_position() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let good = std::fs::read_to_string(fixture("level2.json")).unwrap();

    let p = write(dir, "notjson.json", "this is not json\n");
    assert_error(&["assess", &p], &["notjson.json:1:", "invalid JSON"]);

    let p = write(dir, "truncated.json", &good[..good.len() / 2]);
    assert_error(&["assess", &p], &["truncated.json:", "EOF"]);

    // A whole document followed by more text is refused, not read up to the garbage.
    let text = format!("{good}\n{{}}\n");
    let line = text[..text.rfind("{}").unwrap()].matches('\n').count() + 1;
    let p = write(dir, "trailing.json", &text);
    assert_error(
        &["assess", &p],
        &[&format!("trailing.json:{line}:1:"), "trailing characters"],
    );

    let p = write(
        dir,
        "v9.json",
        &good.replacen(
            "\"schema_version\": \"1.0\"",
            "\"schema_version\": \"9.0\"",
            1,
        ),
    );
    assert_error(
        &["assess", &p],
        &["v9.json", "unsupported schema_version \"9.0\""],
    );

    let p = write(
        dir,
        "unknown.json",
        &good.replacen("\"console_access\"", "\"consol_access\"", 1),
    );
    assert_error(&["assess", &p], &["unknown.json:", "consol_access"]);

    let p = write(dir, "export.json", "{\"UserDetailList\": []}");
    assert_error(&["assess", &p], &["export.json"]);

    let p = write(dir, "empty.json", "");
    assert_error(&["assess", &p], &["empty.json: file is empty"]);

    let empty = dir.join("emptydir");
    std::fs::create_dir(&empty).unwrap();
    assert_error(
        &["assess", empty.to_str().unwrap()],
        &["emptydir", "no .json snapshot files"],
    );

    assert_error(
        &["assess", "/nonexistent/snap.json"],
        &["/nonexistent/snap.json"],
    );

    let cfg = write(
        dir,
        "bad.toml",
        "[[exceptions]]\nrule = \"X\"\njustification = \"j\"\nexpire = \"2026-01-01\"\n",
    );
    assert_error(
        &[
            "assess",
            "--config",
            &cfg,
            fixture("level2.json").to_str().unwrap(),
        ],
        &["bad.toml:4:", "expire"],
    );
}

#[test]
fn custom_rules_directory_adds_rules() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "acme.rego",
        r#"package idgauge.rules.aws.acme_001
import rego.v1
metadata := {
  "id": "ACME-001", "title": "No user named bob", "provider": "aws", "scope_kinds": ["account"],
  "level": 2, "severity": "low", "requires": ["principals"],
  "description": "d", "rationale": "r", "recommendation": "rename bob",
  "references": ["NIST SP 800-53 AC-2"],
}
findings contains {"resource": p.id, "message": "bob exists"} if {
  some p in input.scope.sections.principals.data
  p.name == "bob"
}
"#,
    );
    let (code, doc, err) = assess_json(&[
        "--rules",
        d.path().to_str().unwrap(),
        fixture("level2.json").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(result(&doc, "ACME-001", ACCOUNT)["status"], "pass");

    let out = idgauge()
        .args(["rules", "list", "--rules", d.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("ACME-001"));

    // A broken rule is an error naming the file, not a silent skip.
    write(
        d.path(),
        "broken.rego",
        "package idgauge.rules.aws.broken\nthis is not rego\n",
    );
    assert_error(
        &[
            "assess",
            "--rules",
            d.path().to_str().unwrap(),
            fixture("level2.json").to_str().unwrap(),
        ],
        &["broken.rego"],
    );
}

#[test]
fn custom_rule_findings_are_read_and_checked() {
    let d = tempfile::tempdir().unwrap();
    let rule = |body: &str| {
        format!(
            r#"package idgauge.rules.aws.acme_002
import rego.v1
metadata := {{
  "id": "ACME-002", "title": "Every user listed", "provider": "aws", "scope_kinds": ["account"],
  "level": 2, "severity": "low", "requires": ["principals"],
  "description": "d", "rationale": "r", "recommendation": "none",
  "references": ["NIST SP 800-53 AC-2"],
}}
findings contains f if {{
  some p in input.scope.sections.principals.data
  {body}
}}
"#
        )
    };
    let rules = d.path().to_str().unwrap();
    let level2 = fixture("level2.json");

    // Details of any JSON shape come through as written; a null is no details at all.
    write(
        d.path(),
        "acme.rego",
        &rule(
            r#"f := {"resource": p.id, "message": "listed", "details": {"n": [1, 2.5], "b": p.name, "z": null}}"#,
        ),
    );
    let (code, doc, err) = assess_json(&["--rules", rules, level2.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let r = result(&doc, "ACME-002", ACCOUNT);
    assert_eq!(r["status"], "fail");
    let first = &r["findings"][0];
    assert!(first["resource"]
        .as_str()
        .unwrap()
        .starts_with("arn:aws:iam::"));
    assert_eq!(first["details"]["n"], serde_json::json!([1, 2.5]));
    assert_eq!(first["details"]["z"], Value::Null);
    write(
        d.path(),
        "acme.rego",
        &rule(r#"f := {"resource": p.id, "message": "listed", "details": null}"#),
    );
    let (_, doc, _) = assess_json(&["--rules", rules, level2.to_str().unwrap()]);
    assert!(result(&doc, "ACME-002", ACCOUNT)["findings"][0]
        .get("details")
        .is_none());

    // A finding without a message, or with a non-string resource, is an error naming the rule.
    for (body, want) in [
        (r#"f := {"resource": p.id}"#, "missing field `message`"),
        (
            r#"f := {"resource": 7, "message": "m"}"#,
            "`resource` must be a string",
        ),
        (r#"f := p.id"#, "a finding must be an object"),
    ] {
        write(d.path(), "acme.rego", &rule(body));
        assert_error(
            &["assess", "--rules", rules, level2.to_str().unwrap()],
            &["ACME-002", "`findings` has the wrong shape", want],
        );
    }
}

#[test]
fn rules_list_show_and_schema() {
    let out = idgauge()
        .args(["rules", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rules.as_array().unwrap().len() >= 26);

    let out = idgauge()
        .args(["rules", "show", "idg-aws-013"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("IDG-AWS-013") && s.contains("How to fix") && s.contains("NIST SP 800-53"),
        "{s}"
    );
    assert_error(&["rules", "show", "IDG-NOPE-999"], &["no rule with id"]);

    let out = idgauge().arg("schema").output().unwrap();
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["title"], "Snapshot");
    assert!(schema.to_string().contains("schema_version"));
}

#[test]
fn empty_account_is_level_one_with_not_applicable_rules() {
    let (code, doc, _) = assess_json(&[fixture("empty-account.json").to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(scope_level(&doc, ACCOUNT), 1);
    for id in ["IDG-AWS-006", "IDG-AWS-011"] {
        let r = result(&doc, id, ACCOUNT);
        assert_eq!(r["status"], "not_applicable", "{id}: {r}");
        assert!(r["reason"].as_str().is_some_and(|s| !s.is_empty()));
    }
    // No IAM users means nothing to flag, not "unknown".
    assert_eq!(result(&doc, "IDG-AWS-013", ACCOUNT)["status"], "pass");
    assert_eq!(result(&doc, "IDG-AWS-002", ACCOUNT)["status"], "fail");
}

#[test]
fn unmasked_key_ids_in_a_snapshot_are_masked_on_load() {
    let d = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("level1.json")).unwrap();
    let first = text.find("AKIA…").expect("fixture has masked keys");
    let end = first + "AKIA…".len() + 4;
    let unmasked = format!("{}AKIAIOSFODNN7EXAMPLE{}", &text[..first], &text[end..]);
    let p = write(d.path(), "raw.json", &unmasked);
    let (code, doc, err) = assess_json(&[&p]);
    assert_eq!(code, 0, "{err}");
    let out = doc.to_string();
    assert!(!out.contains("AKIAIOSFODNN7EXAMPLE"));
    assert!(out.contains("AKIA…MPLE"), "the masked form is reported");
}

#[test]
fn a_scope_without_rules_is_not_a_vacuous_level_five() {
    let d = tempfile::tempdir().unwrap();
    let snap = r#"{"schema_version": "1.0", "generator": {"tool": "idgauge", "version": "0.1.0"},
      "collected_at": "2026-11-20T12:00:00Z",
      "scopes": [{"id": "gcp:project:demo", "provider": "gcp", "kind": "project", "sections": {}}]}"#;
    let p = write(d.path(), "gcp.json", snap);
    let (code, doc, err) = assess_json(&[&p]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(scope_level(&doc, "gcp:project:demo"), 1);
    let cnv = doc["verdict"]["scopes"][0]["could_not_verify"].to_string();
    assert!(cnv.contains("no rule applies to gcp project"), "{cnv}");
}

#[test]
fn permissions_aws_prints_a_read_only_policy() {
    let out = idgauge().args(["permissions", "aws"]).output().unwrap();
    assert!(out.status.success());
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["Version"], "2012-10-17");
    let actions = p["Statement"][0]["Action"].as_array().unwrap();
    assert!(actions.contains(&Value::from("iam:GetAccountAuthorizationDetails")));
    for a in actions {
        let a = a.as_str().unwrap();
        let name = a.split_once(':').unwrap().1;
        assert!(
            ["Get", "List", "Describe"]
                .iter()
                .any(|p| name.starts_with(p))
                || ["GenerateCredentialReport", "LookupEvents"].contains(&name),
            "{a} is not read-only"
        );
    }
    let out = idgauge()
        .args(["permissions", "aws", "--org", "--assume-role", "Audit"])
        .output()
        .unwrap();
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["Statement"][1]["Action"], "sts:AssumeRole");
    assert_eq!(p["Statement"][1]["Resource"], "arn:aws:iam::*:role/Audit");
}

/// A mistyped region is refused before anything is called (exit 2), rather than producing a
/// scan whose every regional section is unavailable.
#[cfg(feature = "aws-live")]
#[test]
fn malformed_region_names_are_refused() {
    for bad in ["us-east1", "", "US-EAST-1", "east-1", "us-east-1,eu-west"] {
        common::assert_error(
            &[
                "collect",
                "aws",
                "--region",
                bad,
                "--endpoint-url",
                "http://127.0.0.1:9",
            ],
            &["not an AWS region name"],
        );
    }
}
