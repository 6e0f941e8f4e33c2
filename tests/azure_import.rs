//! Offline import of `az rest` Graph/ARM exports (fixtures/exports/azure, written by its
//! generate.py): the level of each tenant, section provenance (licence-gated data, error bodies,
//! missing files, incomplete pages), and refusals with the file and position. The whole-tenant
//! snapshots under fixtures/snapshots/azure are these imports, kept current by
//! `whole_tenant_snapshots_are_the_imports` (`IDGAUGE_UPDATE_FIXTURES=1` rewrites them).

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const STRONG: &str = "azure:tenant:11111111-1111-4111-8111-111111111111";
const HYBRID: &str = "azure:tenant:33333333-3333-4333-8333-333333333333";
const WEAK: &str = "azure:tenant:55555555-5555-4555-8555-555555555555";

fn exports(t: &str) -> PathBuf {
    root().join("fixtures/exports/azure").join(t)
}

fn cfg() -> String {
    root()
        .join("fixtures/exports/azure/idgauge.toml")
        .display()
        .to_string()
}

fn assess(path: &Path) -> Value {
    let (code, doc, err) = assess_json(&[
        "--config",
        &cfg(),
        "--as-of",
        "2026-11-20",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    doc
}

fn status(doc: &Value, rule: &str, scope: &str) -> String {
    result(doc, rule, scope)["status"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A copy of an export directory, changed by `change` (file name → new content, `None` removes).
fn variant(t: &str, change: &[(&str, Option<&str>)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(exports(t)).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, d.path().join(p.file_name().unwrap())).unwrap();
    }
    for (name, content) in change {
        let p = d.path().join(name);
        match content {
            Some(c) => std::fs::write(&p, c).unwrap(),
            None => std::fs::remove_file(&p).unwrap(),
        }
    }
    d
}

fn import(dir: &Path) -> idgauge::model::Snapshot {
    idgauge::providers::azure::import_dir(dir).unwrap()
}

/// A section of the snapshot's tenant scope.
fn section<'a>(snap: &'a Value, name: &str) -> &'a Value {
    let tenant = snap["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "tenant")
        .unwrap();
    &tenant["sections"][name]
}

#[test]
fn each_tenant_gets_its_level() {
    for (t, scope, level) in [
        ("strong", STRONG, 5),
        ("hybrid", HYBRID, 2),
        ("weak", WEAK, 1),
    ] {
        let doc = assess(&exports(t));
        assert_eq!(scope_level(&doc, scope), level, "{t}");
    }
}

#[test]
fn the_strong_tenant_needs_its_break_glass_declarations() {
    // Without idgauge.toml the break-glass accounts' CA exclusions and standing Global
    // Administrator assignments are findings.
    let (code, doc, err) =
        assess_json(&["--as-of", "2026-11-20", exports("strong").to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(status(&doc, "IDG-AZ-012", STRONG), "fail");
    assert_eq!(status(&doc, "IDG-AZ-020", STRONG), "fail");
    assert_eq!(scope_level(&doc, STRONG), 2);
}

#[test]
fn weak_tenant_findings_and_licence_gaps() {
    let doc = assess(&exports("weak"));
    for (rule, want) in [
        ("IDG-AZ-001", "fail"),
        ("IDG-AZ-002", "not_applicable"),
        ("IDG-AZ-003", "fail"),
        ("IDG-AZ-004", "fail"),
        ("IDG-AZ-010", "fail"),
        ("IDG-AZ-011", "fail"),
        ("IDG-AZ-014", "fail"),
        // No PIM licence: every Global Administrator assignment is standing.
        ("IDG-AZ-020", "fail"),
        ("IDG-AZ-023", "fail"),
        // Access reviews need Entra ID P2: not licensed, so unknown — never a pass.
        ("IDG-AZ-032", "unknown"),
        ("IDG-AZ-033", "unknown"),
    ] {
        assert_eq!(status(&doc, rule, WEAK), want, "{rule}");
    }
    let r = result(&doc, "IDG-AZ-033", WEAK);
    let reason = r["reason"].as_str().unwrap();
    assert!(reason.contains("not licensed"), "{reason}");
    assert!(reason.contains("AadPremiumLicenseRequired"), "{reason}");
}

#[test]
fn sections_record_where_they_came_from() {
    let snap = serde_json::to_value(import(&exports("hybrid"))).unwrap();
    assert_eq!(snap["generator"]["mode"], "export");
    // Two users pages merged, registration details from one merged array.
    let p = section(&snap, "principals");
    assert_eq!(p["status"], "collected");
    assert_eq!(p["data"].as_array().unwrap().len(), 11);
    let src = p["source"].as_str().unwrap();
    for f in [
        "export:users-page1.json",
        "export:users-page2.json",
        "export:registration-merged.json",
    ] {
        assert!(src.contains(f), "{src}");
    }
    // The sync account is a workload; a synced member is `synced`.
    let data = p["data"].as_array().unwrap();
    let sync = data
        .iter()
        .find(|u| u["name"].as_str().unwrap().starts_with("Sync_"))
        .unwrap();
    assert_eq!(sync["kind"], "workload");
    assert!(data
        .iter()
        .any(|u| u["name"] == "ann@northwind.example" && u["source"] == "synced"));
    // PIM not licensed is an answer: privileged_access is collected, its source says why.
    let pa = section(&snap, "privileged_access");
    assert_eq!(pa["status"], "collected");
    assert!(pa["source"].as_str().unwrap().contains("not licensed"));
    assert!(pa["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["assignment"] == "permanent"));
    // Access reviews not licensed: unavailable, kind not_licensed (not access_denied, not empty).
    let aa = section(&snap, "access_analysis");
    assert_eq!(aa["status"], "unavailable");
    assert_eq!(aa["reason"]["kind"], "not_licensed");
    // Entra Connect as a provisioning job, and the quarantined SCIM job.
    let jobs = section(&snap, "provisioning")["data"].as_array().unwrap();
    assert!(jobs
        .iter()
        .any(|j| j["kind"] == "entra_connect" && j["enabled"] == true));
    assert!(jobs
        .iter()
        .any(|j| j["kind"] == "scim" && j["status"] == "Quarantine" && j["healthy"] == false));
    // collected_at is the newest timestamp in the data.
    assert_eq!(snap["collected_at"], "2026-11-20T11:30:00Z");
}

#[test]
fn an_error_body_makes_its_sections_unavailable_with_its_class() {
    let denied = r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2026-11-20T11:58:00"}}}"#;
    let d = variant(
        "strong",
        &[("conditionalAccessPolicies.json", Some(denied))],
    );
    let snap = serde_json::to_value(import(d.path())).unwrap();
    let s = section(&snap, "auth_policies");
    assert_eq!(s["status"], "unavailable");
    assert_eq!(s["reason"]["kind"], "access_denied");
    assert!(s["reason"]["message"]
        .as_str()
        .unwrap()
        .contains("conditionalAccessPolicies.json: Authorization_RequestDenied"));
    let doc = assess(d.path());
    for rule in [
        "IDG-AZ-010",
        "IDG-AZ-011",
        "IDG-AZ-012",
        "IDG-AZ-030",
        "IDG-AZ-041",
    ] {
        assert_eq!(status(&doc, rule, STRONG), "unknown", "{rule}");
    }
    // Sign-in activity refused for lack of a licence.
    let unlicensed = r#"{"error":{"code":"Authentication_RequestFromNonPremiumTenantOrB2CTenant","message":"Neither tenant is B2C or tenant doesn't have premium license"}}"#;
    let d = variant("weak", &[("users.json", Some(unlicensed))]);
    let snap = serde_json::to_value(import(d.path())).unwrap();
    let p = section(&snap, "principals");
    assert_eq!(p["reason"]["kind"], "not_licensed");
    // One reason, not a second "no users export" beside it.
    assert_eq!(
        p["reason"]["message"],
        "users.json: Authentication_RequestFromNonPremiumTenantOrB2CTenant: Neither tenant is B2C or tenant doesn't have premium license"
    );
}

#[test]
fn a_missing_file_is_not_collected_and_users_without_sign_in_activity_too() {
    let d = variant("strong", &[("diagnosticSettings.json", None)]);
    let snap = serde_json::to_value(import(d.path())).unwrap();
    let s = section(&snap, "audit_logs");
    assert_eq!(s["reason"]["kind"], "not_collected");
    assert!(s["reason"]["message"]
        .as_str()
        .unwrap()
        .contains("microsoft.aadiam/diagnosticSettings"));
    assert_eq!(status(&assess(d.path()), "IDG-AZ-004", STRONG), "unknown");

    // Users exported without signInActivity: staleness cannot be judged.
    let text = std::fs::read_to_string(exports("weak").join("users.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName,userType,accountEnabled)".into();
    for u in v["value"].as_array_mut().unwrap() {
        u.as_object_mut().unwrap().remove("signInActivity");
    }
    let d = variant("weak", &[("users.json", Some(&v.to_string()))]);
    let snap = serde_json::to_value(import(d.path())).unwrap();
    let p = section(&snap, "principals");
    assert_eq!(p["reason"]["kind"], "not_collected");
    assert!(p["reason"]["message"]
        .as_str()
        .unwrap()
        .contains("signInActivity"));
}

#[test]
fn a_collection_without_its_last_page_is_incomplete() {
    let d = variant("hybrid", &[("users-page2.json", None)]);
    let snap = serde_json::to_value(import(d.path())).unwrap();
    let p = section(&snap, "principals");
    assert_eq!(p["status"], "unavailable");
    assert_eq!(p["reason"]["kind"], "error");
    assert!(p["reason"]["message"]
        .as_str()
        .unwrap()
        .contains("incomplete"));
}

#[test]
fn bad_exports_are_refused_with_file_and_position() {
    let d = variant(
        "weak",
        &[(
            "users.json",
            Some("{\"@odata.context\": \"x\",\n  \"value\": [}"),
        )],
    );
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &["users.json:2:13", "invalid JSON"],
    );
    // An error body whose name links it to no endpoint.
    let d = variant(
        "weak",
        &[(
            "response.json",
            Some(r#"{"error":{"code":"Forbidden","message":"no"}}"#),
        )],
    );
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &["response.json", "names no endpoint"],
    );
    // A second complete copy of one endpoint.
    let users = std::fs::read_to_string(exports("weak").join("users.json")).unwrap();
    let d = variant("weak", &[("users-again.json", Some(&users))]);
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &["users.json", "a second complete graph:users export"],
    );
    // A user whose accountEnabled is not a boolean.
    let bad = users.replacen("\"accountEnabled\": true", "\"accountEnabled\": \"yes\"", 1);
    let d = variant("weak", &[("users.json", Some(&bad))]);
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &["users.json", "value[0].accountEnabled"],
    );
    // A strength whose allowed combinations are not a list, a method whose state is not text.
    let strengths =
        std::fs::read_to_string(exports("strong").join("authenticationStrengthPolicies.json"))
            .unwrap();
    let bad = strengths.replacen(
        "\"allowedCombinations\": [",
        "\"allowedCombinations\": \"fido2\", \"x\": [",
        1,
    );
    let d = variant(
        "strong",
        &[("authenticationStrengthPolicies.json", Some(&bad))],
    );
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &[
            "authenticationStrengthPolicies.json",
            "graph:authenticationStrengthPolicies",
            "value[0].allowedCombinations",
        ],
    );
    let methods =
        std::fs::read_to_string(exports("strong").join("authenticationMethodsPolicy.json"))
            .unwrap();
    let bad = methods.replacen("\"state\": \"enabled\"", "\"state\": 1", 1);
    let d = variant(
        "strong",
        &[("authenticationMethodsPolicy.json", Some(&bad))],
    );
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &[
            "authenticationMethodsPolicy.json",
            "authenticationMethodConfigurations[0].state",
        ],
    );
    // Without /organization the tenant has no id.
    let d = variant("weak", &[("organization.json", None)]);
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &["the tenant is unknown", "/organization"],
    );
}

#[test]
fn whole_tenant_snapshots_are_the_imports() {
    for t in ["strong", "hybrid", "weak"] {
        let snap = import(&exports(t));
        let mut fresh = Vec::new();
        snap.write_json(&mut fresh).unwrap();
        let fresh = String::from_utf8(fresh).unwrap();
        let path = root().join(format!("fixtures/snapshots/azure/{t}.json"));
        if std::env::var_os("IDGAUGE_UPDATE_FIXTURES").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            stored == fresh,
            "{} is stale: run `IDGAUGE_UPDATE_FIXTURES=1 cargo test --test azure_import`",
            path.display()
        );
    }
}

#[test]
fn the_stored_snapshots_assess_like_their_exports() {
    for (t, scope) in [("strong", STRONG), ("hybrid", HYBRID), ("weak", WEAK)] {
        let from_export = assess(&exports(t));
        let from_snapshot = assess(&root().join(format!("fixtures/snapshots/azure/{t}.json")));
        assert_eq!(
            scope_level(&from_export, scope),
            scope_level(&from_snapshot, scope),
            "{t}"
        );
        assert_eq!(from_export["results"], from_snapshot["results"], "{t}");
    }
}

const STRONG_SUB: &str = "azure:subscription:7d1e0c2a-1111-4a2b-9c3d-000000000001";
const WEAK_SUB: &str = "azure:subscription:7d1e0c2a-5555-4a2b-9c3d-000000000005";

#[test]
fn subscriptions_are_scopes_under_their_tenant() {
    let snap = serde_json::to_value(import(&exports("strong"))).unwrap();
    let sub = snap["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == STRONG_SUB)
        .unwrap();
    assert_eq!(sub["kind"], "subscription");
    assert_eq!(sub["parent"], STRONG);
    let pa = sub["sections"]["privileged_access"]["data"]
        .as_array()
        .unwrap();
    // The inherited management-group assignment says where it comes from; names of users come
    // from the tenant's users.
    assert!(pa.iter().any(|a| a["role"] == "User Access Administrator"
        && a["resource"].as_str().unwrap().contains("managementGroups")));
    assert!(pa
        .iter()
        .any(|a| a["role"] == "Reader"
            && a["principal_name"] == "carol.white@contoso.onmicrosoft.com"));
    let doc = assess(&exports("strong"));
    assert_eq!(status(&doc, "IDG-AZ-016", STRONG_SUB), "pass");
    let doc = assess(&exports("weak"));
    assert_eq!(status(&doc, "IDG-AZ-016", WEAK_SUB), "fail");
    assert_eq!(scope_level(&doc, WEAK_SUB), 2);
}

#[test]
fn the_azure_cli_role_assignment_list_is_read_too() {
    // `az role assignment list --all --include-inherited -o json`: the CLI's flattened shape.
    let cli = r#"[
      {"id": "/subscriptions/7d1e0c2a-3333-4a2b-9c3d-000000000003/providers/Microsoft.Authorization/roleAssignments/aaaa0001",
       "name": "aaaa0001", "principalId": "b2000000-0000-4000-8000-000000000002", "principalName": "ann@northwind.example",
       "principalType": "User", "roleDefinitionId": "/subscriptions/7d1e0c2a-3333-4a2b-9c3d-000000000003/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
       "roleDefinitionName": "Owner", "scope": "/subscriptions/7d1e0c2a-3333-4a2b-9c3d-000000000003", "type": "Microsoft.Authorization/roleAssignments"},
      {"id": "/providers/Microsoft.Management/managementGroups/nw/providers/Microsoft.Authorization/roleAssignments/aaaa0002",
       "name": "aaaa0002", "principalId": "0b1c2d3e-0000-4000-8000-0000000000f1", "principalName": "Platform admins",
       "principalType": "Group", "roleDefinitionName": "Contributor",
       "roleDefinitionId": "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
       "scope": "/providers/Microsoft.Management/managementGroups/nw", "type": "Microsoft.Authorization/roleAssignments"}
    ]"#;
    let d = variant("hybrid", &[("az-role-assignment-list.json", Some(cli))]);
    let doc = assess(d.path());
    let sub = "azure:subscription:7d1e0c2a-3333-4a2b-9c3d-000000000003";
    let r = result(&doc, "IDG-AZ-016", sub);
    assert_eq!(r["status"], "fail");
    let msgs: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert!(
        msgs[0].contains("ann@northwind.example holds Owner"),
        "{msgs:?}"
    );
    // An error body for a subscription's role assignments names it in the file name.
    let d = variant(
        "hybrid",
        &[(
            "rbac-7d1e0c2a-4444-4a2b-9c3d-000000000004.json",
            Some(
                r#"{"error":{"code":"AuthorizationFailed","message":"does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read'"}}"#,
            ),
        )],
    );
    let doc = assess(d.path());
    let r = result(
        &doc,
        "IDG-AZ-016",
        "azure:subscription:7d1e0c2a-4444-4a2b-9c3d-000000000004",
    );
    assert_eq!(r["status"], "unknown");
    assert!(
        r["reason"].as_str().unwrap().contains("access denied"),
        "{r}"
    );
}

#[test]
fn failed_sign_in_alerts_are_read_where_sign_in_logs_land() {
    // strong: a Sentinel rule on wrong passwords and lockouts that opens incidents; hybrid: no
    // Sentinel on the workspace (NotFound is an answer) and a log search alert without an action
    // group; weak: SignInLogs not exported at all.
    let doc = assess(&exports("strong"));
    assert_eq!(status(&doc, "IDG-AZ-021", STRONG), "pass");
    let snap = serde_json::to_value(import(&exports("strong"))).unwrap();
    let alerting = section(&snap, "alerting");
    assert_eq!(alerting["status"], "collected");
    let rules = alerting["data"].as_array().unwrap();
    // Three Sentinel rules and the one log search alert on that workspace.
    assert_eq!(rules.len(), 4, "{rules:?}");
    assert!(rules.iter().any(|r| r["kind"] == "sentinel_analytics_rule"
        && r["detects"] == serde_json::json!(["signin_failure"])
        && r["has_action"] == true));
    // Fusion has no query of its own: it detects nothing idgauge can name.
    assert!(rules
        .iter()
        .any(|r| r["name"] == "Advanced Multistage Attack Detection"
            && r["detects"] == serde_json::json!([])));

    let doc = assess(&exports("hybrid"));
    let r = result(&doc, "IDG-AZ-021", HYBRID);
    assert_eq!(r["status"], "fail");
    let msg = r["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("failed-sign-ins (notifies no one)"), "{msg}");
    let snap = serde_json::to_value(import(&exports("hybrid"))).unwrap();
    let alerting = section(&snap, "alerting");
    assert_eq!(alerting["status"], "collected");
    assert!(alerting["source"]
        .as_str()
        .unwrap()
        .contains("not onboarded to Sentinel"));

    let doc = assess(&exports("weak"));
    let r = result(&doc, "IDG-AZ-021", WEAK);
    assert_eq!(r["status"], "fail");
    assert!(r["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("No Entra diagnostic setting exports SignInLogs"));
}

#[test]
fn alert_rules_that_cannot_be_read_make_alerting_unknown_never_a_pass() {
    // Sentinel refused: the rule that would have passed is unknown.
    let denied = r#"{"error":{"code":"AuthorizationFailed","message":"The client does not have authorization to perform action 'Microsoft.SecurityInsights/alertRules/read'"}}"#;
    let d = variant("strong", &[("sentinel-sec-ws.json", Some(denied))]);
    let snap = serde_json::to_value(import(d.path())).unwrap();
    let s = section(&snap, "alerting");
    assert_eq!(s["status"], "unavailable");
    assert_eq!(s["reason"]["kind"], "access_denied");
    assert_eq!(status(&assess(d.path()), "IDG-AZ-021", STRONG), "unknown");
    // The Sentinel export missing: not collected.
    let d = variant("strong", &[("sentinel-sec-ws.json", None)]);
    let snap = serde_json::to_value(import(d.path())).unwrap();
    let s = section(&snap, "alerting");
    assert_eq!(s["reason"]["kind"], "not_collected");
    assert!(s["reason"]["message"]
        .as_str()
        .unwrap()
        .contains("arm:sentinelAlertRules"));
    // The log search alerts of the workspace's subscription refused (file named by subscription).
    let d = variant(
        "strong",
        &[(
            "scheduledQueryRules-9d0c1a7e-5b3f-4c2d-8e6a-1f2b3c4d5e6f.json",
            Some(denied),
        )],
    );
    assert_eq!(status(&assess(d.path()), "IDG-AZ-021", STRONG), "unknown");
    // An empty Sentinel list names its workspace in the file name only; a name that matches no
    // workspace is refused with the names it could have used.
    let d = variant(
        "strong",
        &[
            ("sentinel-sec-ws.json", None),
            ("sentinel-prod.json", Some(r#"{"value": []}"#)),
        ],
    );
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &["sentinel-prod.json", "sec-ws"],
    );
    let d = variant(
        "strong",
        &[
            ("sentinel-sec-ws.json", None),
            ("alertRules-sentinel-sec-ws.json", Some(r#"{"value": []}"#)),
        ],
    );
    let doc = assess(d.path());
    let r = result(&doc, "IDG-AZ-021", STRONG);
    assert_eq!(r["status"], "fail", "{r}");
}

#[test]
fn sign_in_logs_sent_only_to_storage_leave_the_alert_unknown() {
    // A SIEM reading a storage account or event hub may alert; idgauge cannot see it.
    let text = std::fs::read_to_string(exports("strong").join("diagnosticSettings.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["value"][0]["properties"]["workspaceId"] = Value::Null;
    v["value"][0]["properties"]["storageAccountId"] =
        "/subscriptions/9d0c1a7e-5b3f-4c2d-8e6a-1f2b3c4d5e6f/resourceGroups/sec/providers/Microsoft.Storage/storageAccounts/entralogs".into();
    let d = variant(
        "strong",
        &[
            ("diagnosticSettings.json", Some(&v.to_string())),
            ("sentinel-sec-ws.json", None),
            (
                "scheduledQueryRules-9d0c1a7e-5b3f-4c2d-8e6a-1f2b3c4d5e6f.json",
                None,
            ),
        ],
    );
    let doc = assess(d.path());
    let r = result(&doc, "IDG-AZ-021", STRONG);
    assert_eq!(r["status"], "unknown", "{r}");
    assert!(r["reason"]
        .as_str()
        .unwrap()
        .contains("storage account or event hub"));
    assert_eq!(status(&doc, "IDG-AZ-004", STRONG), "pass");
}

#[test]
fn pim_not_licensed_is_never_a_pass() {
    // The strong tenant without Entra ID P2: Alice's activated assignment is now standing.
    let unlicensed = r#"{"error":{"code":"AadPremiumLicenseRequired","message":"The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license."}}"#;
    let d = variant(
        "strong",
        &[("roleEligibilitySchedules.json", Some(unlicensed))],
    );
    let doc = assess(d.path());
    let r = result(&doc, "IDG-AZ-020", STRONG);
    assert_eq!(r["status"], "fail", "{r}");
    assert!(r["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("alice.smith"));
    // Only the declared break-glass accounts hold the role: still not a pass, since no PIM can
    // stand in front of it; the Global Administrator count (level 2) stays judged.
    let text = std::fs::read_to_string(exports("strong").join("roleAssignments.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["value"]
        .as_array_mut()
        .unwrap()
        .retain(|a| a["id"] != "ra-alice-ga");
    let d = variant(
        "strong",
        &[
            ("roleEligibilitySchedules.json", Some(unlicensed)),
            ("roleAssignments.json", Some(&v.to_string())),
        ],
    );
    let doc = assess(d.path());
    let r = result(&doc, "IDG-AZ-020", STRONG);
    assert_eq!(r["status"], "unknown", "{r}");
    assert!(
        r["reason"].as_str().unwrap().contains("not licensed"),
        "{r}"
    );
    assert_eq!(status(&doc, "IDG-AZ-003", STRONG), "pass");
}

#[test]
fn pim_for_azure_resources_tells_standing_from_eligible() {
    let snap = serde_json::to_value(import(&exports("weak"))).unwrap();
    let sub = snap["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == WEAK_SUB)
        .unwrap();
    let pa = sub["sections"]["privileged_access"]["data"]
        .as_array()
        .unwrap();
    let kinds: Vec<(&str, &str)> = pa
        .iter()
        .map(|a| {
            (
                a["role"].as_str().unwrap(),
                a["assignment"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("Contributor", "eligible"),
            ("Contributor", "time_bound"),
            ("Owner", "permanent")
        ]
    );
    let doc = assess(&exports("weak"));
    let r = result(&doc, "IDG-AZ-024", WEAK_SUB);
    assert_eq!(r["status"], "fail");
    let f = r["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0]["message"]
        .as_str()
        .unwrap()
        .contains("admin@fabrikamstartup.onmicrosoft.com holds Owner"));
    assert_eq!(
        status(&assess(&exports("strong")), "IDG-AZ-024", STRONG_SUB),
        "pass"
    );

    // PIM not read (no export, or refused): the user's Owner may be standing or activated.
    let d = variant(
        "weak",
        &[
            (
                "roleAssignmentScheduleInstances-7d1e0c2a-5555-4a2b-9c3d-000000000005.json",
                None,
            ),
            (
                "roleEligibilityScheduleInstances-7d1e0c2a-5555-4a2b-9c3d-000000000005.json",
                None,
            ),
        ],
    );
    let doc = assess(d.path());
    let r = result(&doc, "IDG-AZ-024", WEAK_SUB);
    assert_eq!(r["status"], "unknown", "{r}");
    assert!(r["reason"].as_str().unwrap().contains("not read"), "{r}");
    // IDG-AZ-016 (users directly) is judged from the role assignments alone.
    assert_eq!(status(&doc, "IDG-AZ-016", WEAK_SUB), "fail");
    let denied = r#"{"error":{"code":"AuthorizationFailed","message":"does not have authorization to perform action 'Microsoft.Authorization/roleEligibilityScheduleInstances/read'"}}"#;
    let d = variant(
        "weak",
        &[(
            "roleEligibilityScheduleInstances-7d1e0c2a-5555-4a2b-9c3d-000000000005.json",
            Some(denied),
        )],
    );
    let doc = assess(d.path());
    let r = result(&doc, "IDG-AZ-024", WEAK_SUB);
    assert_eq!(r["status"], "unknown", "{r}");
}

#[test]
fn authentication_methods_strengths_and_named_locations_are_read() {
    let snap = serde_json::to_value(import(&exports("strong"))).unwrap();
    let methods = section(&snap, "authentication_methods");
    assert_eq!(methods["status"], "collected");
    assert_eq!(
        methods["source"], "export:authenticationMethodsPolicy.json",
        "{methods:#}"
    );
    let by_id = |id: &str| {
        methods["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
            .clone()
    };
    assert_eq!(by_id("Fido2")["enabled"], true);
    assert_eq!(
        by_id("Fido2")["include_targets"],
        serde_json::json!(["all_users"])
    );
    assert_eq!(by_id("Sms")["enabled"], false);
    assert_eq!(by_id("Sms")["usable_for_sign_in"], false);
    let strengths = section(&snap, "authentication_strengths")["data"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(strengths.len(), 4);
    let custom = strengths.iter().find(|s| s["builtin"] == false).unwrap();
    assert_eq!(
        custom["allowed_combinations"],
        serde_json::json!(["fido2", "windowsHelloForBusiness"])
    );
    let locations = section(&snap, "named_locations")["data"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(locations.len(), 2);
    assert!(locations.iter().any(|l| l["kind"] == "ip"
        && l["trusted"] == true
        && l["ip_ranges"][0] == "203.0.113.0/24"));
    assert!(locations
        .iter()
        .any(|l| l["kind"] == "country" && l["countries"][0] == "GB"));
    // The CA policy names its strength and its locations by id.
    let policies = section(&snap, "auth_policies")["data"].as_array().unwrap();
    let admins = policies
        .iter()
        .find(|p| p["name"] == "Phishing-resistant MFA for administrators")
        .unwrap();
    assert_eq!(
        admins["authentication_strength"],
        "00000000-0000-0000-0000-000000000004"
    );
    let countries = policies
        .iter()
        .find(|p| p["name"] == "Block sign-ins from outside operating countries")
        .unwrap();
    assert_eq!(countries["included_locations"], serde_json::json!(["All"]));
    assert_eq!(
        countries["excluded_locations"],
        serde_json::json!(["4c000000-0000-4000-8000-000000000002"])
    );

    let doc = assess(&exports("strong"));
    for rule in ["IDG-AZ-030", "IDG-AZ-040", "IDG-AZ-042"] {
        assert_eq!(status(&doc, rule, STRONG), "pass", "{rule}");
    }
    // Hybrid: SMS and voice enabled for everyone.
    let doc = assess(&exports("hybrid"));
    assert_eq!(status(&doc, "IDG-AZ-042", HYBRID), "fail");
    let r = result(&doc, "IDG-AZ-042", HYBRID);
    let resources: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    assert_eq!(
        resources,
        [
            "authenticationMethodsPolicy/Sms",
            "authenticationMethodsPolicy/Voice"
        ]
    );
    // Weak: the methods policy refused — unavailable (access denied), the rule unknown.
    let snap = serde_json::to_value(import(&exports("weak"))).unwrap();
    let m = section(&snap, "authentication_methods");
    assert_eq!(m["status"], "unavailable");
    assert_eq!(m["reason"]["kind"], "access_denied");
    assert!(m["reason"]["message"]
        .as_str()
        .unwrap()
        .contains("authenticationMethodsPolicy.json: Authorization_RequestDenied"));
    assert_eq!(
        status(&assess(&exports("weak")), "IDG-AZ-042", WEAK),
        "unknown"
    );
}

#[test]
fn without_the_strengths_or_the_named_locations_their_rules_are_unknown() {
    let d = variant(
        "strong",
        &[
            ("authenticationStrengthPolicies.json", None),
            ("namedLocations.json", None),
        ],
    );
    let snap = serde_json::to_value(import(d.path())).unwrap();
    for (name, url) in [
        (
            "authentication_strengths",
            "/v1.0/policies/authenticationStrengthPolicies",
        ),
        (
            "named_locations",
            "/v1.0/identity/conditionalAccess/namedLocations",
        ),
    ] {
        let s = section(&snap, name);
        assert_eq!(s["reason"]["kind"], "not_collected", "{name}");
        assert!(
            s["reason"]["message"].as_str().unwrap().contains(url),
            "{s:#}"
        );
    }
    let doc = assess(d.path());
    for rule in ["IDG-AZ-030", "IDG-AZ-040"] {
        assert_eq!(status(&doc, rule, STRONG), "unknown", "{rule}");
    }
}

#[test]
fn strengths_and_locations_are_recognised_by_content() {
    // Pages merged with jq (`[.[].value[]]`): told by their items' keys; and the strengths as
    // listed under the conditional-access root (another @odata.context).
    let strengths: Value = serde_json::from_str(
        &std::fs::read_to_string(exports("strong").join("authenticationStrengthPolicies.json"))
            .unwrap(),
    )
    .unwrap();
    let locations: Value = serde_json::from_str(
        &std::fs::read_to_string(exports("strong").join("namedLocations.json")).unwrap(),
    )
    .unwrap();
    let mut rooted = strengths.clone();
    rooted["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/authenticationStrength/policies".into();
    let full = serde_json::to_value(import(&exports("strong"))).unwrap();
    for (files, what) in [
        (
            vec![
                ("authenticationStrengthPolicies.json", None),
                ("a.json", Some(strengths["value"].to_string())),
                ("namedLocations.json", None),
                ("b.json", Some(locations["value"].to_string())),
            ],
            "merged arrays",
        ),
        (
            vec![
                ("authenticationStrengthPolicies.json", None),
                ("a.json", Some(rooted.to_string())),
            ],
            "the conditional-access root's context",
        ),
    ] {
        let d = tempfile::tempdir().unwrap();
        for e in std::fs::read_dir(exports("strong")).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, d.path().join(p.file_name().unwrap())).unwrap();
        }
        for (name, content) in files {
            let p = d.path().join(name);
            match content {
                Some(c) => std::fs::write(&p, c).unwrap(),
                None => std::fs::remove_file(&p).unwrap(),
            }
        }
        let snap = serde_json::to_value(import(d.path())).unwrap();
        for name in ["authentication_strengths", "named_locations"] {
            assert_eq!(
                section(&snap, name)["data"],
                section(&full, name)["data"],
                "{what}: {name}"
            );
        }
    }
}

#[test]
fn risky_users_need_entra_id_p2_and_are_never_passed_without_it() {
    // Strong: both flagged users were dealt with.
    let snap = serde_json::to_value(import(&exports("strong"))).unwrap();
    let r = section(&snap, "risky_users");
    assert_eq!(r["status"], "collected");
    let states: Vec<(&str, &str)> = r["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["risk_state"].as_str().unwrap(),
                u["risk_level"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(states, [("remediated", "none"), ("dismissed", "none")]);
    assert_eq!(
        status(&assess(&exports("strong")), "IDG-AZ-043", STRONG),
        "pass"
    );
    // Hybrid has no P2: Identity Protection's 403 Forbidden "not licensed for this feature" is
    // not licensed — not access denied, not empty — and the rule is unknown.
    let snap = serde_json::to_value(import(&exports("hybrid"))).unwrap();
    let r = section(&snap, "risky_users");
    assert_eq!(r["status"], "unavailable");
    assert_eq!(r["reason"]["kind"], "not_licensed", "{r:#}");
    let doc = assess(&exports("hybrid"));
    assert_eq!(status(&doc, "IDG-AZ-043", HYBRID), "unknown");
    assert!(result(&doc, "IDG-AZ-043", HYBRID)["reason"]
        .as_str()
        .unwrap()
        .contains("not licensed"));
    // The same with a refusal is access denied.
    let denied = r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}"#;
    let d = variant("strong", &[("riskyUsers.json", Some(denied))]);
    let snap = serde_json::to_value(import(d.path())).unwrap();
    assert_eq!(
        section(&snap, "risky_users")["reason"]["kind"],
        "access_denied"
    );
    // The documented answer has no @odata.context: recognised by its items, a high-risk user
    // still enabled fails.
    let at_risk = serde_json::json!({"value": [{
        "@odata.type": "#microsoft.graph.riskyUser",
        "id": "a1000000-0000-4000-8000-000000000003", "isDeleted": false, "isProcessing": false,
        "riskLastUpdatedDateTime": "2026-11-19T10:00:00Z", "riskLevel": "high",
        "riskState": "atRisk", "riskDetail": "none",
        "userDisplayName": "Carol White", "userPrincipalName": "carol.white@contoso.onmicrosoft.com"
    }]});
    let d = variant(
        "strong",
        &[
            ("riskyUsers.json", None),
            ("identity-protection.json", Some(&at_risk.to_string())),
        ],
    );
    let snap = serde_json::to_value(import(d.path())).unwrap();
    assert_eq!(
        section(&snap, "risky_users")["data"][0]["risk_state"],
        "at_risk"
    );
    let doc = assess(d.path());
    assert_eq!(status(&doc, "IDG-AZ-043", STRONG), "fail");
    // A refinement: the tenant keeps level 5.
    assert_eq!(scope_level(&doc, STRONG), 5);
}
