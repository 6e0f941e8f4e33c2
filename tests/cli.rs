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
    // `deploy` is a key-only workload user: a generic name there is not a shared human account.
    assert!(
        !resources.iter().any(|r| r.ends_with("user/deploy")),
        "{resources:?}"
    );
    for name in ["admin", "ops-team", "test1"] {
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
      "scopes": [{"id": "oci:tenancy:demo", "provider": "oci", "kind": "tenancy", "sections": {}}]}"#;
    let p = write(d.path(), "oci.json", snap);
    let (code, doc, err) = assess_json(&[&p]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(scope_level(&doc, "oci:tenancy:demo"), 1);
    let cnv = doc["verdict"]["scopes"][0]["could_not_verify"].to_string();
    assert!(cnv.contains("no rule applies to oci tenancy"), "{cnv}");
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
                || name == "GenerateCredentialReport",
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

// --- Issue 11: version, completions, manual, colour, table width, first-run fixes ---

/// stdout of `idgauge ARGS` (must succeed).
fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The rules digest as src/build_info.rs documents it, computed here from the files.
fn rules_digest() -> String {
    use sha2::{Digest, Sha256};
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rego") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("rules"), &mut files);
    let mut named: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(root()).unwrap().to_str().unwrap();
            (rel.replace('\\', "/"), p)
        })
        .collect();
    named.sort();
    let mut h = Sha256::new();
    for (name, p) in named {
        let content = std::fs::read(p).unwrap();
        h.update(format!("{name}\n{}\n", content.len()).as_bytes());
        h.update(&content);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn version_names_commit_providers_and_rules_digest() {
    let v = stdout_of(idgauge().arg("--version"));
    assert!(
        v.starts_with(&format!("idgauge {}\n", env!("CARGO_PKG_VERSION"))),
        "{v}"
    );
    assert!(
        v.contains(&format!("rules: sha256:{}\n", rules_digest())),
        "{v}"
    );
    let providers = v.lines().find(|l| l.starts_with("providers: ")).unwrap();
    let listed: Vec<&str> = providers["providers: ".len()..].split(", ").collect();
    for (live, built, export) in [
        ("aws-live", cfg!(feature = "aws-live"), "aws-export"),
        ("azure-live", cfg!(feature = "azure-live"), "azure-export"),
        ("gcp-live", cfg!(feature = "gcp-live"), "gcp-export"),
        ("ldap-live", cfg!(feature = "ldap-live"), "directory-export"),
    ] {
        assert!(listed.contains(&export), "{v}");
        assert_eq!(listed.contains(&live), built, "{v}");
    }
    let commit = v.lines().find_map(|l| l.strip_prefix("commit: ")).unwrap();
    let head = std::process::Command::new("git")
        .args([
            "-C",
            root().to_str().unwrap(),
            "rev-parse",
            "--short=12",
            "HEAD",
        ])
        .output()
        .ok()
        .filter(|o| o.status.success() && root().join(".git").exists())
        .map(|o| String::from_utf8(o.stdout).unwrap().trim().to_string());
    match head {
        Some(head) => assert_eq!(commit, head, "{v}"),
        None => assert!(commit.starts_with("unknown"), "{v}"),
    }
    // -V stays the one-line form.
    assert_eq!(
        stdout_of(idgauge().arg("-V")),
        format!("idgauge {}\n", env!("CARGO_PKG_VERSION"))
    );
}

fn have(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `shell ARGS FILE` on `script` written to a file; asserts it exits 0 without output on
/// standard error.
fn shell_accepts(shell: &str, args: &[&str], script: &str, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, script).unwrap();
    let out = std::process::Command::new(shell)
        .args(args)
        .arg(&file)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.is_empty(), "{shell}: {err}");
}

#[test]
fn completions_are_valid_scripts_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let s = stdout_of(idgauge().args(["completions", shell]));
        for word in ["assess", "fail-below", "completions", "idgauge"] {
            assert!(s.contains(word), "{shell} completion lacks {word}");
        }
        match shell {
            // bash is always there; zsh and fish when installed (apt: zsh, fish).
            "bash" => {
                shell_accepts("bash", &["-n"], &s, "idgauge.bash");
                // Sourcing it registers the completion function for the command.
                let check = format!("{s}\ncomplete -p idgauge\n");
                shell_accepts("bash", &[], &check, "check.bash");
            }
            "zsh" if have("zsh") => shell_accepts("zsh", &["-n"], &s, "_idgauge"),
            "fish" if have("fish") => shell_accepts("fish", &["--no-execute"], &s, "idgauge.fish"),
            "zsh" => assert!(s.starts_with("#compdef idgauge"), "{s}"),
            "fish" => assert!(s.contains("complete -c idgauge"), "{s}"),
            _ => assert!(
                s.contains("Register-ArgumentCompleter -Native -CommandName 'idgauge'"),
                "{s}"
            ),
        }
    }
    assert_error(&["completions", "tcsh"], &["invalid value 'tcsh'"]);
}

#[test]
fn man_page_renders_and_documents_every_command() {
    let page = stdout_of(idgauge().arg("man"));
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH idgauge 1"),
        "{page}"
    );
    for cmd in ["assess", "diff", "rules", "completions", "man"] {
        assert!(page.contains(&format!("idgauge\\-{cmd}(1)")), "{cmd}");
    }
    if have("groff") {
        // -ww: every warning; -z: no output, only the diagnostics.
        let mut child = std::process::Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(page.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && err.is_empty(), "groff: {err}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = idgauge()
        .args(["man", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    for page in ["idgauge.1", "idgauge-assess.1", "idgauge-rules-show.1"] {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(text.contains(".SH NAME"), "{page}");
    }
}

const ESC: &str = "\x1b[";

#[test]
fn color_follows_the_flag_and_no_color() {
    let level1 = fixture("level1.json");
    let table = |color: Option<&str>, no_color: bool| {
        let mut c = idgauge();
        if !no_color {
            c.env_remove("NO_COLOR");
        }
        c.args(["assess", "--as-of", "2026-11-27"]);
        if let Some(w) = color {
            c.args(["--color", w]);
        }
        stdout_of(c.arg(&level1))
    };
    // Not a terminal: no colour unless asked for; --color always beats NO_COLOR.
    assert!(!table(None, false).contains(ESC));
    assert!(table(Some("always"), true).contains(ESC));
    assert!(table(Some("always"), false).contains(ESC));
    assert!(!table(Some("never"), false).contains(ESC));

    // The diff table is coloured by the same choice.
    let d = tempfile::tempdir().unwrap();
    let old = d.path().join("old.json");
    let new = d.path().join("new.json");
    for (f, out) in [("level2.json", &old), ("level1.json", &new)] {
        let o = idgauge()
            .args(["assess", "--format", "json", "--as-of", "2026-11-27", "-o"])
            .arg(out)
            .arg(fixture(f))
            .output()
            .unwrap();
        assert!(o.status.success());
    }
    let diff = |color: &str| {
        let o = idgauge()
            .args(["diff", "--fail-on", "none", "--color", color])
            .arg(&old)
            .arg(&new)
            .output()
            .unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    let coloured = diff("always");
    assert!(
        coloured.contains(&format!("{ESC}31mlevel DROPPED")),
        "{coloured}"
    );
    assert!(!diff("auto").contains(ESC));
    assert!(!diff("never").contains(ESC));
}

/// Runs `idgauge ARGS` on a pseudo-terminal of `cols` columns (util-linux `script`), without
/// COLUMNS and with or without NO_COLOR; `None` when `script` is not installed.
fn on_a_terminal(args: &str, cols: u16, no_color: bool) -> Option<String> {
    if !have("script") {
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("idgauge");
    let cmd = format!("stty cols {cols} rows 50; {} {args}", bin.display());
    let mut c = std::process::Command::new("script");
    c.args(["-q", "-e", "-c", &cmd, "/dev/null"])
        .current_dir(root())
        .env_remove("COLUMNS")
        .env_remove("IDGAUGE_CONFIG")
        .env("TERM", "xterm");
    if no_color {
        c.env("NO_COLOR", "1");
    } else {
        c.env_remove("NO_COLOR");
    }
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"))
}

#[test]
fn on_a_terminal_the_table_takes_its_width_and_colour() {
    let args = "assess --as-of 2026-11-27 fixtures/snapshots/aws/level1.json";
    let Some(s) = on_a_terminal(args, 80, false) else {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    };
    assert!(s.contains(ESC), "a terminal gets colour");
    let plain = on_a_terminal(args, 80, true).unwrap();
    assert!(!plain.contains(ESC), "NO_COLOR");
    let widest = plain
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(
        widest <= 80,
        "table {widest} columns wide on an 80-column terminal:\n{plain}"
    );
}

/// The table report's rows for one scope: cells of each row, wrapped lines joined.
fn table_rows(report: &str) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut in_body = false;
    for line in report.lines() {
        if line.starts_with('╞') {
            in_body = true;
            continue;
        }
        if line.starts_with('└') {
            break;
        }
        if !in_body || !line.starts_with('│') {
            continue;
        }
        let cells: Vec<String> = line
            .trim_matches('│')
            .split('┆')
            .map(|c| c.trim().to_string())
            .collect();
        // A row starts where its Level cell is filled; wrapped lines leave it empty.
        if !cells[0].is_empty() || rows.is_empty() {
            rows.push(cells);
        } else {
            let last = rows.last_mut().unwrap();
            for (acc, c) in last.iter_mut().zip(cells) {
                if !c.is_empty() {
                    acc.push(' ');
                    acc.push_str(&c);
                }
            }
        }
    }
    rows
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn an_80_column_table_keeps_rule_status_and_first_finding() {
    let f = fixture("level1.json");
    let (_, doc, _) = assess_json(&[f.to_str().unwrap()]);
    let out = stdout_of(
        idgauge()
            .env("COLUMNS", "80")
            .args(["assess", "--as-of", "2026-11-27"])
            .arg(&f),
    );
    for line in out.lines().filter(|l| l.starts_with(['┌', '│', '╞', '└'])) {
        assert!(line.chars().count() <= 80, "{line}");
    }
    let rows = table_rows(&out);
    let results = doc["results"].as_array().unwrap();
    assert_eq!(rows.len(), results.len(), "{out}");
    for (row, r) in rows.iter().zip(results) {
        // Level, rule, status, affected / reason (no title at this width).
        assert_eq!(row.len(), 4, "{row:?}");
        assert_eq!(
            row[1],
            r["rule_id"].as_str().unwrap(),
            "rule id wrapped: {row:?}"
        );
        let status = match r["status"].as_str().unwrap() {
            "fail" => "FAIL",
            "unknown" => "UNKNOWN",
            "not_applicable" => "n/a",
            s => s,
        };
        assert_eq!(row[2], status, "{row:?}");
        if let Some(first) = r["findings"][0]["message"].as_str() {
            // The first finding comes first and whole; a count, if any, after it.
            assert!(
                squash(&row[3]).starts_with(&squash(first)),
                "{row:?} lacks {first:?}"
            );
            let n = r["findings"].as_array().unwrap().len();
            if n > 1 {
                assert!(row[3].ends_with(&format!("(+{} more)", n - 1)), "{row:?}");
            }
        }
    }
    // At 120 columns the title is there too.
    let wide = stdout_of(
        idgauge()
            .env("COLUMNS", "120")
            .args(["assess", "--as-of", "2026-11-27"])
            .arg(&f),
    );
    assert!(table_rows(&wide).iter().all(|r| r.len() == 5));
}

#[test]
fn table_says_when_and_points_to_top() {
    let out = stdout_of(
        idgauge()
            .args(["assess", "--as-of", "2026-11-27"])
            .arg(fixture("level1.json")),
    );
    let (_, doc, _) = assess_json(&[fixture("level1.json").to_str().unwrap()]);
    let collected = doc["inputs"][0]["collected_at"].as_str().unwrap();
    let day = &collected[..10];
    let line = out.lines().nth(1).unwrap();
    assert!(
        line.starts_with("Assessed as of 2026-11-27; data collected ") && line.contains(day),
        "{line}"
    );
    let n = doc["verdict"]["recommendations"].as_array().unwrap().len();
    assert!(
        out.contains(&format!("… {} more: --top {n} shows them all", n - 5)),
        "{out}"
    );
    assert!(!out.contains("more in --format json"));
}

#[test]
fn to_reach_the_next_level_lists_only_that_level() {
    let out = stdout_of(
        idgauge()
            .args(["assess", "--as-of", "2026-11-27"])
            .arg(fixture("cloudtrail-denied.json")),
    );
    let block: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("To reach level 2, fix:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert!(!block.is_empty(), "{out}");
    assert!(block.iter().any(|l| l.contains("IDG-AWS-005")), "{block:?}");
    for l in &block {
        assert!(
            !l.contains("level 3") && !l.contains("IDG-AWS-016"),
            "a level-3 unknown under the level-2 list: {l}"
        );
    }
    // The higher-level unknowns are still reported, apart.
    assert!(
        out.contains("Could not verify at higher levels:\n  ? level 4 IDG-AWS-016"),
        "{out}"
    );
}

#[test]
fn bad_fields_inside_a_section_are_reported_at_the_field() {
    let d = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(fixture("level2.json")).unwrap();
    let line_of =
        |text: &str, needle: &str| text[..text.find(needle).unwrap()].matches('\n').count() + 1;

    // A misspelt field: its own line and path, not the section's closing brace.
    let text = good.replacen("\"console_access\"", "\"consol_access\"", 1);
    let line = line_of(&text, "\"consol_access\"");
    let p = write(d.path(), "misspelt.json", &text);
    assert_error(
        &["assess", &p],
        &[
            &format!("misspelt.json:{line}:"),
            "at `scopes[0].sections.principals.data[0].consol_access`",
            "unknown field `consol_access`",
        ],
    );

    // A mistyped boolean names its field.
    let text = good.replacen("\"mfa_active\": true", "\"mfa_active\": \"yes\"", 1);
    let line = line_of(&text, "\"mfa_active\": \"yes\"");
    let p = write(d.path(), "bool.json", &text);
    assert_error(
        &["assess", &p],
        &[
            &format!("bool.json:{line}:"),
            ".mfa_active`",
            "invalid type: string \"yes\", expected a boolean",
        ],
    );

    // An over-large integer is called what it is.
    let text = good.replacen(
        "\"member_count\": 10",
        "\"member_count\": 99999999999999999999",
        1,
    );
    let line = line_of(&text, "99999999999999999999");
    let p = write(d.path(), "big.json", &text);
    assert_error(
        &["assess", &p],
        &[
            &format!("big.json:{line}:"),
            ".member_count`",
            "integer 99999999999999999999 is out of range",
        ],
    );
    let out = idgauge().args(["assess", &p]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("floating point"));

    // A bad `reason` of an unavailable section is placed too.
    let text = good.replacen(
        "\"sections\": {",
        "\"sections\": {\n\"provisioning\": {\"status\": \"unavailable\", \"source\": \"s\", \"reason\": {\"kind\": \"denied\", \"message\": \"m\"}},",
        1,
    );
    let line = line_of(&text, "\"kind\": \"denied\"");
    let p = write(d.path(), "reason.json", &text);
    assert_error(
        &["assess", &p],
        &[
            &format!("reason.json:{line}:"),
            "at `scopes[0].sections.provisioning.reason.kind`",
            "unknown variant `denied`",
        ],
    );
}

#[test]
fn error_texts_say_their_cause_once() {
    let out = idgauge()
        .args(["assess", "/nonexistent/snap.json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");

    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("binary.json");
    let mut bytes = b"\x7fELF\x02\x01\x01\x00".to_vec();
    bytes.extend((0..=255u8).cycle().take(2000));
    std::fs::write(&p, bytes).unwrap();
    let out = idgauge().arg("assess").arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("binary.json: not a snapshot or a recognised export"),
        "{err}"
    );
    assert!(!err.contains("stream did not contain valid UTF-8"), "{err}");
}

#[test]
fn rules_show_prints_the_rego_source_and_help_names_every_argument() {
    let s = stdout_of(idgauge().args(["rules", "show", "IDG-AWS-013"]));
    let source = std::fs::read_to_string(root().join("rules/aws/console_users_mfa.rego")).unwrap();
    assert!(s.contains(&source), "{s}");
    let help = stdout_of(idgauge().args(["rules", "show", "--help"]));
    for line in help.lines().map(str::trim) {
        if line == "<ID>" || line.starts_with("--rules <DIR>") {
            let next = help
                .lines()
                .map(str::trim)
                .skip_while(|l| *l != line)
                .nth(1)
                .unwrap_or("");
            assert!(
                !next.is_empty() && !next.starts_with('-'),
                "{line} has no help: {help}"
            );
        }
    }
    assert!(help.contains("The rule id"), "{help}");
}

#[test]
fn markdown_keeps_commands_in_code_spans_as_written() {
    let out = stdout_of(
        idgauge()
            .args(["assess", "--format", "markdown", "--as-of", "2026-11-27"])
            .arg(fixture("level1.json")),
    );
    assert!(
        out.contains("`aws iam get-user --user-name <user>`"),
        "{out}"
    );
    assert!(!out.contains("\\`"), "{out}");
    assert!(!out.contains("&lt;user&gt;`"), "{out}");
}

/// Every long option of every command is in the README's usage section.
#[test]
fn readme_documents_every_option() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut commands = vec![
        vec!["assess"],
        vec!["diff"],
        vec!["rules", "list"],
        vec!["rules", "show"],
        vec!["permissions", "aws"],
        vec!["permissions", "azure"],
        vec!["completions"],
        vec!["man"],
    ];
    if cfg!(feature = "aws-live") {
        commands.push(vec!["scan", "aws"]);
        commands.push(vec!["collect", "aws"]);
    }
    if cfg!(feature = "azure-live") {
        commands.push(vec!["scan", "azure"]);
        commands.push(vec!["collect", "azure"]);
    }
    if cfg!(feature = "ldap-live") {
        commands.push(vec!["collect", "ldap"]);
    }
    for cmd in commands {
        let help = stdout_of(idgauge().args(&cmd).arg("--help"));
        for word in help.split_whitespace() {
            let Some(opt) = word.strip_prefix("--") else {
                continue;
            };
            let opt: String = opt
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                .collect();
            if opt.is_empty() || opt == "help" || opt == "version" {
                continue;
            }
            assert!(
                readme.contains(&format!("--{opt}")),
                "README lacks `idgauge {} --{opt}`",
                cmd.join(" ")
            );
        }
    }
}

/// The minimum Rust version stated in Cargo.toml (and CI's image) is the highest that a locked
/// dependency declares.
#[test]
fn rust_version_is_the_locked_dependencies_minimum() {
    let cargo = |args: &[&str]| {
        std::process::Command::new(env!("CARGO"))
            .args(args)
            .current_dir(root())
            .output()
            .unwrap()
    };
    // The packages built on this host (the others' manifests are not downloaded).
    let host = String::from_utf8(cargo(&["-vV"]).stdout).unwrap();
    let host = host
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap()
        .to_string();
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--offline",
            "--all-features",
            "--filter-platform",
            &host,
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
    let in_graph: std::collections::BTreeSet<&str> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    let parse = |v: &str| -> Vec<u32> { v.split('.').map(|p| p.parse().unwrap()).collect() };
    let mut ours = None;
    let mut needed: (Vec<u32>, String) = (vec![0], String::new());
    for p in meta["packages"].as_array().unwrap() {
        let Some(rv) = p["rust_version"].as_str() else {
            continue;
        };
        if p["name"] == "idgauge" {
            ours = Some(rv.to_string());
        } else if in_graph.contains(p["id"].as_str().unwrap()) && parse(rv) > needed.0 {
            needed = (
                parse(rv),
                format!("{} {} needs {rv}", p["name"], p["version"]),
            );
        }
    }
    let ours = ours.expect("rust-version in Cargo.toml");
    let mut want = needed.0.clone();
    want.truncate(2);
    assert_eq!(
        parse(&ours)[..2],
        want[..],
        "rust-version = {ours}, but {}",
        needed.1
    );
    let ci = std::fs::read_to_string(root().join("docs/ci.md")).unwrap();
    for image in ci.match_indices("rust:").map(|(i, _)| &ci[i..]) {
        let tag: String = image[5..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if !tag.is_empty() {
            assert_eq!(tag, ours, "docs/ci.md uses the image rust:{tag}");
        }
    }
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("Rust {ours} or newer")),
        "README states another minimum"
    );
    for line in readme.lines().filter(|l| l.contains("cargo install")) {
        assert!(line.contains("--locked"), "README: {line}");
    }
}

/// Documentation shipped with the repository cites no path of the machine it was written on.
#[test]
fn docs_cite_no_build_machine_paths() {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    let mut files = vec![root().join("README.md")];
    for d in ["docs", "fixtures", "rules"] {
        walk(&root().join(d), &mut files);
    }
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for bad in ["/work/", "/home/", "/root/"] {
            assert!(!text.contains(bad), "{} cites {bad}", f.display());
        }
    }
}

/// `assess` reads snapshot files a scope at a time (src/cli/stream.rs) and directories whole;
/// both give the same document. The organization fixture exercises what is credited from the
/// organization (SCPs by OU path, Identity Center, the organization trail); two files of two
/// providers at once; `--jobs 1`, evaluation in batches of one scope.
#[test]
fn assessing_a_scope_at_a_time_gives_what_assessing_whole_snapshots_gives() {
    let org = fixture("org/snapshot.json");
    let org_dir = fixture("org");
    let both = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("level2.json"), both.path().join("a.json")).unwrap();
    std::fs::copy(
        root().join("fixtures/snapshots/azure/hybrid.json"),
        both.path().join("b.json"),
    )
    .unwrap();
    let pairs: Vec<(Vec<String>, Vec<String>)> = vec![
        (
            vec![org.display().to_string()],
            vec![org_dir.display().to_string()],
        ),
        (
            vec![org.display().to_string(), "--jobs".into(), "1".into()],
            vec![org_dir.display().to_string(), "--jobs".into(), "1".into()],
        ),
        (
            vec![
                both.path().join("a.json").display().to_string(),
                both.path().join("b.json").display().to_string(),
            ],
            vec![both.path().display().to_string()],
        ),
    ];
    for (files, dirs) in pairs {
        let run = |args: &[String]| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (code, mut doc, err) = assess_json(&args);
            assert!(code == 0 || code == 1, "{err}");
            // The inputs are named as given.
            for i in doc["inputs"].as_array_mut().unwrap() {
                let name = Path::new(i["path"].as_str().unwrap())
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned());
                i["path"] = Value::from(name);
            }
            doc
        };
        let (streamed, whole) = (run(&files), run(&dirs));
        assert!(
            streamed["results"].as_array().unwrap().len() > 10,
            "{streamed}"
        );
        assert_eq!(streamed, whole, "{files:?} against {dirs:?}");
    }
}
