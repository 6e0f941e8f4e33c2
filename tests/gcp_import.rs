//! Offline import of gcloud / Google API exports (`idgauge assess DIR`): the weak and the strong
//! organization under fixtures/exports/gcp/ end to end through the CLI (level per scope, one
//! denied project unknown on its own), the snapshot the importer builds (inherited grants, paging,
//! org-policy inheritance by project number), sections left unavailable by refused, missing or
//! incomplete exports, clear errors for bad files, and the committed whole-org snapshots under
//! fixtures/snapshots/gcp/ (regenerate with IDGAUGE_UPDATE_FIXTURES=1).

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::{
    assert_error, assess_json, data, idgauge, result, root, scope, scope_level, unavailable,
};
use idgauge::model::{Snapshot, UnavailableKind};
use idgauge::providers::gcp;
use std::path::{Path, PathBuf};

const WEAK_ORG: &str = "gcp:organization:111122223333";
const WEB: &str = "gcp:project:web-app";
const DATA: &str = "gcp:project:data";
const ORG: &str = "gcp:organization:444455556666";
const HYBRID_ORG: &str = "gcp:organization:777788889999";
const PORTAL: &str = "gcp:project:portal";
const ANALYTICS: &str = "gcp:project:analytics";
const SANDBOX: &str = "gcp:project:sandbox";

fn exports(name: &str) -> PathBuf {
    root().join("fixtures/exports/gcp").join(name)
}

fn fixed_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()
}

/// Copies an export folder, leaving out `skip`, every file's mtime the collection time.
fn copy_exports(name: &str, skip: &[&str]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(exports(name)).unwrap() {
        let p = e.unwrap().path();
        let file = p.file_name().unwrap().to_str().unwrap().to_string();
        if skip.contains(&file.as_str()) || !file.ends_with(".json") {
            continue;
        }
        let to = d.path().join(&file);
        std::fs::copy(&p, &to).unwrap();
        set_mtime(&to);
    }
    d
}

fn set_mtime(p: &Path) {
    let f = std::fs::File::options().write(true).open(p).unwrap();
    f.set_modified(fixed_time().into()).unwrap();
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    set_mtime(&p);
}

fn import(dir: &Path) -> Snapshot {
    let files = idgauge::providers::candidate_files(dir).unwrap();
    gcp::import_files(&files, &dir.display().to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn assess(dir: &Path) -> serde_json::Value {
    let (code, doc, err) = assess_json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    doc
}

#[test]
fn strong_org_reaches_level_five_and_the_denied_project_alone_is_unknown() {
    let d = copy_exports("strong", &[]);
    let doc = assess(d.path());
    assert_eq!(scope_level(&doc, ORG), 5);
    assert_eq!(scope_level(&doc, PORTAL), 5);
    assert_eq!(scope_level(&doc, ANALYTICS), 5);
    for scope in [ORG, PORTAL, ANALYTICS] {
        for r in doc["results"].as_array().unwrap() {
            // The directory rules are not assessed without a directory input.
            let not_assessed = r["reason"]
                .as_str()
                .is_some_and(|s| s.starts_with("not assessed"));
            if r["scope_id"] == scope && !not_assessed {
                assert_eq!(r["status"], "pass", "{r}");
            }
        }
    }
    // `sandbox`: its IAM policy was refused. Every rule reading it is unknown with the reason;
    // nothing is a pass and nothing fails.
    for rule in [
        "IDG-GCP-001",
        "IDG-GCP-004",
        "IDG-GCP-005",
        "IDG-GCP-010",
        "IDG-GCP-012",
        "IDG-GCP-013",
        "IDG-GCP-014",
    ] {
        let r = result(&doc, rule, SANDBOX);
        assert_eq!(r["status"], "unknown", "{rule}");
        let reason = r["reason"].as_str().unwrap();
        assert!(reason.contains("access denied"), "{rule}: {reason}");
        assert!(reason.contains("PERMISSION_DENIED"), "{rule}: {reason}");
    }
    // Its Monitoring API is off: a distinct reason.
    let alert = result(&doc, "IDG-GCP-011", SANDBOX);
    assert_eq!(alert["status"], "unknown");
    let reason = alert["reason"].as_str().unwrap();
    assert!(reason.contains("not in use"), "{reason}");
    assert!(reason.contains("SERVICE_DISABLED"), "{reason}");
    assert_eq!(scope_level(&doc, SANDBOX), 1);
}

#[test]
fn weak_org_levels_and_findings() {
    let d = copy_exports("weak", &[]);
    let doc = assess(d.path());
    assert_eq!(scope_level(&doc, WEAK_ORG), 1);
    assert_eq!(scope_level(&doc, WEB), 1);
    assert_eq!(scope_level(&doc, DATA), 2);
    for (rule, scope) in [
        ("IDG-GCP-002", WEAK_ORG),
        ("IDG-GCP-003", WEAK_ORG),
        ("IDG-GCP-006", WEAK_ORG),
        ("IDG-GCP-007", WEAK_ORG),
        ("IDG-GCP-008", WEAK_ORG),
        ("IDG-GCP-001", WEB),
        ("IDG-GCP-004", WEB),
        ("IDG-GCP-005", DATA),
        ("IDG-GCP-014", WEB),
    ] {
        assert_eq!(
            result(&doc, rule, scope)["status"],
            "fail",
            "{rule} {scope}"
        );
    }
    let consumer = result(&doc, "IDG-GCP-001", WEB);
    assert_eq!(
        consumer["findings"][0]["resource"],
        "user:dev.contractor@gmail.com"
    );
    assert_eq!(consumer["evidence"][0]["section"], "principals");
    // The usage report was not exported: the security-key refinement is unknown, not a pass.
    assert_eq!(result(&doc, "IDG-GCP-015", WEAK_ORG)["status"], "unknown");
}

#[test]
fn hybrid_org_with_synced_users_and_sso_is_level_three() {
    let d = copy_exports("hybrid", &[]);
    let doc = assess(d.path());
    for scope in [HYBRID_ORG, "gcp:project:erp", "gcp:project:intranet"] {
        assert_eq!(scope_level(&doc, scope), 3, "{scope}");
    }
    for rule in ["IDG-GCP-006", "IDG-GCP-007", "IDG-GCP-008", "IDG-GCP-005"] {
        assert_eq!(result(&doc, rule, HYBRID_ORG)["status"], "pass", "{rule}");
    }
    for rule in ["IDG-GCP-009", "IDG-GCP-010", "IDG-GCP-012", "IDG-GCP-013"] {
        assert_eq!(result(&doc, rule, HYBRID_ORG)["status"], "fail", "{rule}");
    }
    assert_eq!(
        result(&doc, "IDG-GCP-011", "gcp:project:erp")["status"],
        "fail"
    );
    let snap = import(d.path());
    let users = data(&scope(&snap, HYBRID_ORG).sections.directory_users);
    assert!(
        users.iter().all(|u| u.external_ids == ["organization"]),
        "synced users carry externalIds"
    );
}

#[test]
fn the_snapshot_resolves_inheritance_paging_and_project_numbers() {
    let d = copy_exports("strong", &[]);
    let snap = import(d.path());
    assert_eq!(snap.collected_at, fixed_time());
    let ids: Vec<&str> = snap.scopes.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [ORG, ANALYTICS, PORTAL, SANDBOX],
        "the deleted project is left out"
    );
    let portal = scope(&snap, PORTAL);
    assert_eq!(portal.parent.as_deref(), Some(ORG));
    assert_eq!(portal.name.as_deref(), Some("Citizen portal"));
    // Groups inherited from the organization and the folder, with where they are granted.
    let groups = data(&portal.sections.groups);
    let auditors = groups
        .iter()
        .find(|g| g.id == "group:gcp-auditors@gov.example")
        .unwrap();
    assert_eq!(auditors.grants[0].resource, "organizations/444455556666");
    assert!(groups.iter().any(|g| g.id.starts_with("principalSet://")));
    // The break-fix grant is time-bound; PAM eligibility comes from the organization.
    let pa = data(&portal.sections.privileged_access);
    let oncall = pa
        .iter()
        .find(|a| a.principal == "group:oncall@gov.example")
        .unwrap();
    assert_eq!(oncall.assignment, "time_bound");
    assert_eq!(oncall.resource.as_deref(), Some("folders/300000000001"));
    assert!(pa
        .iter()
        .any(|a| a.principal == "group:gcp-org-admins@gov.example" && a.assignment == "eligible"));
    // The project's org policy names it by number and inherits the organization's values.
    let guard = data(&portal.sections.guardrails);
    let domains = guard
        .policies
        .iter()
        .find(|p| p.name == "iam.allowedPolicyMemberDomains")
        .unwrap();
    assert_eq!(domains.enforced, Some(true));
    assert_eq!(
        domains.targets,
        ["organizations/444455556666", "projects/portal"]
    );
    let principals = data(&portal.sections.principals);
    let sa = principals
        .iter()
        .find(|p| p.id == "serviceAccount:portal-run@portal.iam.gserviceaccount.com")
        .unwrap();
    assert!(sa.access_keys.is_empty());
    assert_eq!(sa.grants[0].role, "roles/cloudsql.client");
    // Audit configs are inherited from the organization.
    let logs = data(&portal.sections.audit_logs);
    assert_eq!(
        logs[0].id,
        "organizations/444455556666/auditConfigs/allServices"
    );
    assert_eq!(logs[0].log_types, ["ADMIN_READ", "DATA_READ", "DATA_WRITE"]);
    // The organization: two pages of users merged, security keys joined by e-mail.
    let org = scope(&snap, ORG);
    let users = data(&org.sections.directory_users);
    assert_eq!(users.len(), 7);
    let bg = users
        .iter()
        .find(|u| u.name == "breakglass-2@gov.example")
        .unwrap();
    assert_eq!(bg.super_admin, Some(true));
    assert_eq!(bg.last_sign_in, None, "the epoch means never");
    assert_eq!(bg.security_keys, Some(2));
    let sso = data(&org.sections.sso);
    assert_eq!(
        sso[0].account_assignments, 1,
        "the SSO_OFF assignment does not count"
    );
    assert_eq!(data(&org.sections.identity_providers).len(), 1);
    assert_eq!(
        data(&org.sections.organization).accounts,
        ["analytics", "portal", "sandbox"]
    );
    // Per project, distinct reasons.
    let sandbox = scope(&snap, SANDBOX);
    let (source, kind, message) = unavailable(&sandbox.sections.principals);
    assert_eq!(kind, UnavailableKind::AccessDenied);
    assert!(
        source.contains("cloudresourcemanager:projects.getIamPolicy"),
        "{source}"
    );
    assert!(
        message.starts_with("project.sandbox.iam-policy.json: PERMISSION_DENIED"),
        "{message}"
    );
    let (_, kind, _) = unavailable(&sandbox.sections.alerting);
    assert_eq!(kind, UnavailableKind::NotInUse);
    assert!(snap.collection.api_calls.is_empty());
    assert_eq!(snap.generator.mode.as_deref(), Some("export"));
}

#[test]
fn workspace_without_admin_scopes_is_unavailable_not_failed() {
    let d = copy_exports(
        "strong",
        &["users-page1.users.json", "users-page2.users.json"],
    );
    write(
        d.path(),
        "users.json",
        r#"{"error": {"code": 403, "message": "Request had insufficient authentication scopes.", "status": "PERMISSION_DENIED",
            "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT"}]}}"#,
    );
    let doc = assess(d.path());
    for rule in [
        "IDG-GCP-002",
        "IDG-GCP-003",
        "IDG-GCP-007",
        "IDG-GCP-008",
        "IDG-GCP-009",
        "IDG-GCP-015",
    ] {
        let r = result(&doc, rule, ORG);
        assert_eq!(r["status"], "unknown", "{rule}");
        assert!(
            r["reason"].as_str().unwrap().contains("access denied"),
            "{rule}: {r}"
        );
    }
    // Everything read from Google Cloud is still judged.
    assert_eq!(result(&doc, "IDG-GCP-006", ORG)["status"], "pass");
    assert_eq!(scope_level(&doc, PORTAL), 5);
}

#[test]
fn a_missing_export_is_not_collected_and_a_partial_list_is_incomplete() {
    let d = copy_exports("strong", &["sso-profiles.json", "users-page2.users.json"]);
    let snap = import(d.path());
    let org = scope(&snap, ORG);
    let (_, kind, message) = unavailable(&org.sections.sso);
    assert_eq!(kind, UnavailableKind::NotCollected);
    assert!(
        message.contains("gcloud") || message.contains("inboundSamlSsoProfiles"),
        "{message}"
    );
    let (_, kind, message) = unavailable(&org.sections.directory_users);
    assert_eq!(kind, UnavailableKind::Error);
    assert!(message.contains("nextPageToken"), "{message}");
}

#[test]
fn bad_exports_name_the_file_and_exit_2() {
    let d = copy_exports("weak", &[]);
    write(
        d.path(),
        "project.data.iam-policy.json",
        "{\"bindings\": [\n  {\"role\": ",
    );
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &["project.data.iam-policy.json:2:", "invalid JSON"],
    );
    let d = copy_exports("weak", &[]);
    write(
        d.path(),
        "project.data.iam-policy.json",
        "{\"bindings\": [\n  {\"role\": \"roles/viewer\", \"members\": \"user:ann@startup.example\"}]}",
    );
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &["project.data.iam-policy.json:2:", "bindings[0].members"],
    );
    // An IAM policy does not say whose it is: the file name must.
    let policy =
        std::fs::read_to_string(exports("weak").join("project.data.iam-policy.json")).unwrap();
    for name in ["policy.json", "iam-policy.json"] {
        let d = copy_exports("weak", &["project.data.iam-policy.json"]);
        write(d.path(), name, &policy);
        assert_error(
            &["assess", d.path().to_str().unwrap()],
            &[
                name,
                "cannot tell which resource",
                "project|folder|organization.<id>.iam-policy.json",
            ],
        );
    }
    // `gcloud org-policies list` prints a summary without values: refused, with what to run.
    let d = copy_exports("weak", &[]);
    write(
        d.path(),
        "project.data.org-policies.json",
        r#"[{"booleanPolicy": "SET", "constraint": "iam.disableServiceAccountKeyCreation", "etag": "CJ", "listPolicy": "-"}]"#,
    );
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &[
            "project.data.org-policies.json",
            "gcloud org-policies list",
            "v2/<resource>/policies",
        ],
    );
    // Name and content must agree.
    let d = copy_exports("weak", &[]);
    write(d.path(), "project.data.users.json", &policy);
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &[
            "project.data.users.json",
            "the name says `users` but the content is `iam-policy`",
        ],
    );
}

#[test]
fn permissions_gcp_lists_roles_scopes_and_read_only_methods() {
    let out = idgauge().args(["permissions", "gcp"]).output().unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let roles: Vec<&str> = doc["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["role"].as_str().unwrap())
        .collect();
    assert!(roles.contains(&"roles/iam.securityReviewer"));
    let methods = doc["methods"].as_array().unwrap();
    assert!(methods
        .iter()
        .all(|m| gcp::permissions::is_read_only(m.as_str().unwrap())));
    for scope in [
        "https://www.googleapis.com/auth/admin.directory.user.readonly",
        "https://www.googleapis.com/auth/cloud-identity.policies.readonly",
        "https://www.googleapis.com/auth/admin.directory.orgunit.readonly",
    ] {
        assert!(
            doc["oauth_scopes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["scope"] == scope),
            "{scope}"
        );
    }
    for m in [
        "cloudidentity:policies.list",
        "admin:directory.orgunits.list",
    ] {
        assert!(methods.iter().any(|x| x == m), "{m}");
    }
}

/// Identity-Aware Proxy: a project's IAP policy adds its grants at `projects/<id>/iap_web`; users
/// granted access one by one fail the roles-to-groups rule; `SERVICE_DISABLED` is IAP not in use
/// (no grants), a refusal makes that project's principals and groups unavailable.
#[test]
fn iap_policies_feed_the_project_grants() {
    let d = copy_exports("weak", &[]);
    let doc = assess(d.path());
    let r = result(&doc, "IDG-GCP-005", WEB);
    assert_eq!(r["status"], "fail", "{r}");
    let ann = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["resource"] == "user:bob@startup.example")
        .expect("bob holds only the IAP grant");
    assert!(
        ann["message"]
            .as_str()
            .unwrap()
            .contains("roles/iap.httpsResourceAccessor at projects/web-app/iap_web"),
        "{ann}"
    );
    let snap = import(d.path());
    let data_principals = scope(&snap, DATA).sections.principals.as_ref().unwrap();
    assert!(
        data_principals.source().contains("(IAP not in use)"),
        "{}",
        data_principals.source()
    );
    // The strong portal reaches its app through a group.
    let d = copy_exports("strong", &[]);
    let snap = import(d.path());
    let groups = data(&scope(&snap, PORTAL).sections.groups);
    let users = groups
        .iter()
        .find(|g| g.id == "group:portal-users@gov.example")
        .unwrap();
    assert_eq!(users.grants[0].resource, "projects/portal/iap_web");
    // Refused: that project's principals and groups are unknown, the others untouched.
    write(
        d.path(),
        "project.portal.iap-policy.json",
        r#"{"error": {"code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED"}}"#,
    );
    let snap = import(d.path());
    let (source, kind, _) = unavailable(&scope(&snap, PORTAL).sections.principals);
    assert_eq!(kind, UnavailableKind::AccessDenied);
    assert!(
        source.contains("iap:projects.iap_web.getIamPolicy"),
        "{source}"
    );
    assert!(scope(&snap, ANALYTICS)
        .sections
        .principals
        .as_ref()
        .unwrap()
        .data()
        .is_some());
    // Not exported at all: built from the IAM policies alone, as before IAP was read.
    let d = copy_exports("strong", &["project.portal.iap-policy.json"]);
    let snap = import(d.path());
    assert!(!data(&scope(&snap, PORTAL).sections.groups)
        .iter()
        .any(|g| g.id == "group:portal-users@gov.example"));
}

/// The strong organization's sign-in settings (Cloud Identity Policy API): the auth_policies
/// section per policy, and what they decide for each user's organisational unit.
#[test]
fn sign_in_policies_become_auth_policies_and_a_view_per_user() {
    let d = copy_exports("strong", &[]);
    let snap = import(d.path());
    let org = scope(&snap, ORG);
    let policies = data(&org.sections.auth_policies);
    let kinds: Vec<(&str, Option<&str>)> = policies
        .iter()
        .map(|p| (p.kind.as_str(), p.target.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("session_controls", Some("orgUnit:/")),
            ("session_controls", Some("orgUnit:/Staff")),
            ("two_step_enforcement", Some("orgUnit:/")),
            ("two_step_enrollment", Some("orgUnit:/")),
            ("two_step_methods", Some("orgUnit:/")),
        ],
        "the password policy is not an authentication policy idgauge reads"
    );
    let enforcement = &policies[2];
    assert_eq!(enforcement.state, "enabled");
    assert!(enforcement.requires_mfa && enforcement.requires_phishing_resistant_mfa);
    assert!(enforcement.applies_to_all_users);
    assert_eq!(enforcement.allowed_methods.as_deref(), Some("PASSKEY_ONLY"));
    assert_eq!(policies[0].session_seconds, Some(43200));
    let users = data(&org.sections.directory_users);
    let alice = users
        .iter()
        .find(|u| u.name == "alice.moreno@gov.example")
        .unwrap();
    assert_eq!(alice.org_unit.as_deref(), Some("/Staff"));
    assert_eq!(alice.policy_mfa_enforced, Some(true), "inherited from /");
    assert_eq!(alice.policy_security_key_only, Some(true));
    let source = org.sections.directory_users.as_ref().unwrap().source();
    assert!(source.contains("export:identity-policies.json"), "{source}");
}

/// Where the Directory API does not report a user's enforcement, the policy of the user's unit
/// decides IDG-GCP-007 both ways; without the policies it stays unknown. Security keys only,
/// enforced, credits the security-key refinement for users the usage report does not cover.
#[test]
fn the_sign_in_policy_decides_where_per_user_enforcement_is_missing() {
    let strip = |d: &Path| {
        for f in ["users-page1.users.json", "users-page2.users.json"] {
            let p = d.join(f);
            let text = std::fs::read_to_string(&p).unwrap();
            let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
            for u in v["users"].as_array_mut().unwrap() {
                u.as_object_mut().unwrap().remove("isEnforcedIn2Sv");
            }
            write(d, f, &v.to_string());
        }
    };
    // Enforced at the top unit: a pass decided by the policy.
    let d = copy_exports("strong", &["usage.json"]);
    strip(d.path());
    let doc = assess(d.path());
    assert_eq!(result(&doc, "IDG-GCP-007", ORG)["status"], "pass");
    assert_eq!(result(&doc, "IDG-GCP-015", ORG)["status"], "pass");
    // Enforcement from a later date (how "off" reads): a fail naming the unit.
    let p = d.path().join("identity-policies.json");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("2022-06-01T00:00:00Z", "2200-01-01T00:00:00Z");
    write(d.path(), "identity-policies.json", &text);
    let doc = assess(d.path());
    let r = result(&doc, "IDG-GCP-007", ORG);
    assert_eq!(r["status"], "fail", "{r}");
    let messages: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("alice.moreno@gov.example") && m.contains("/Staff")),
        "{messages:?}"
    );
    assert_eq!(result(&doc, "IDG-GCP-015", ORG)["status"], "unknown");
    // No policies read: nothing decides, unknown (never a pass).
    let d = copy_exports("strong", &["identity-policies.json"]);
    strip(d.path());
    let doc = assess(d.path());
    assert_eq!(result(&doc, "IDG-GCP-007", ORG)["status"], "unknown");
    let snap = import(d.path());
    let (_, kind, _) = unavailable(&scope(&snap, ORG).sections.auth_policies);
    assert_eq!(kind, UnavailableKind::NotCollected);
}

/// The weak organization's token lacks the Policy API scope: auth_policies is unavailable as
/// access denied with Google's reason, the users are read without the policy view and say so.
#[test]
fn a_refused_policy_list_is_access_denied_and_pages_merge() {
    let d = copy_exports("weak", &[]);
    let snap = import(d.path());
    let org = scope(&snap, WEAK_ORG);
    let (source, kind, message) = unavailable(&org.sections.auth_policies);
    assert_eq!(kind, UnavailableKind::AccessDenied);
    assert!(source.contains("cloudidentity:policies.list"), "{source}");
    assert!(
        message.contains("identity-policies.json")
            && message.contains("insufficient authentication scopes"),
        "{message}"
    );
    let users = org.sections.directory_users.as_ref().unwrap();
    assert!(
        users
            .source()
            .contains("without export:identity-policies.json: access_denied"),
        "{}",
        users.source()
    );
    assert!(data(&org.sections.directory_users)
        .iter()
        .all(|u| u.policy_mfa_enforced.is_none()));
    // Two REST pages, any names: merged; a last page still carrying a token is incomplete.
    let d = copy_exports("strong", &["identity-policies.json"]);
    let all: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(exports("strong").join("identity-policies.json")).unwrap(),
    )
    .unwrap();
    let list = all["policies"].as_array().unwrap();
    let first = serde_json::json!({"policies": list[..2], "nextPageToken": "p2"});
    let second = serde_json::json!({"policies": list[2..]});
    write(d.path(), "ci-page-1.json", &first.to_string());
    write(d.path(), "ci-page-2.json", &second.to_string());
    let snap = import(d.path());
    assert_eq!(data(&scope(&snap, ORG).sections.auth_policies).len(), 5);
    std::fs::remove_file(d.path().join("ci-page-2.json")).unwrap();
    let snap = import(d.path());
    let (_, kind, message) = unavailable(&scope(&snap, ORG).sections.auth_policies);
    assert_eq!(kind, UnavailableKind::Error);
    assert!(message.contains("nextPageToken"), "{message}");
}

/// fixtures/snapshots/gcp/<name>.json is the import of fixtures/exports/gcp/<name>/.
#[test]
fn committed_snapshots_are_the_imported_exports() {
    for name in ["weak", "strong"] {
        let d = copy_exports(name, &[]);
        let mut fresh = Vec::new();
        import(d.path()).write_json(&mut fresh).unwrap();
        let fresh = String::from_utf8(fresh).unwrap();
        let path = root().join(format!("fixtures/snapshots/gcp/{name}.json"));
        if std::env::var_os("IDGAUGE_UPDATE_FIXTURES").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is stale: run IDGAUGE_UPDATE_FIXTURES=1 cargo test --test gcp_import",
            path.display()
        );
    }
}

#[test]
fn committed_snapshots_assess_like_the_exports() {
    let strong = root().join("fixtures/snapshots/gcp/strong.json");
    let doc = assess(&strong);
    assert_eq!(scope_level(&doc, ORG), 5);
    assert_eq!(scope_level(&doc, PORTAL), 5);
    assert_eq!(scope_level(&doc, SANDBOX), 1);
    let weak = root().join("fixtures/snapshots/gcp/weak.json");
    let doc = assess(&weak);
    assert_eq!(scope_level(&doc, WEAK_ORG), 1);
    assert_eq!(scope_level(&doc, DATA), 2);
}

/// Each section's status and data, by scope (sources differ between exports of the same data).
fn sections_of(s: &Snapshot) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for scope in &s.scopes {
        let v = serde_json::to_value(&scope.sections).unwrap();
        for name in idgauge::model::SECTION_NAMES {
            let st = scope.sections.status(name).unwrap();
            let status = match (st.is_collected(), st.unavailable) {
                (true, _) => "collected".to_string(),
                (false, Some(u)) => u.kind.as_str().to_string(),
                (false, None) => "absent".to_string(),
            };
            out.push((
                format!("{} {name}", scope.id),
                status,
                v[name]["data"].to_string(),
            ));
        }
    }
    out
}

/// `gcloud asset list` outputs in place of the per-resource exports: the same snapshot and the
/// same verdict as strong/.
#[test]
fn asset_inventory_exports_import_like_the_per_resource_ones() {
    let per_resource = copy_exports("strong", &[]);
    let assets = copy_exports("strong-assets", &[]);
    let (a, b) = (import(per_resource.path()), import(assets.path()));
    let (sa, sb) = (sections_of(&a), sections_of(&b));
    assert_eq!(sa.len(), sb.len());
    for (x, y) in sa.iter().zip(&sb) {
        assert_eq!(x, y);
    }
    let levels = |d: &Path| {
        let doc = assess(d);
        [ORG, PORTAL, ANALYTICS, SANDBOX].map(|s| scope_level(&doc, s))
    };
    assert_eq!(levels(per_resource.path()), levels(assets.path()));
    // The aggregated sink is read from the asset list, for every project below.
    let doc = assess(assets.path());
    for s in [ORG, PORTAL, ANALYTICS] {
        assert_eq!(result(&doc, "IDG-GCP-016", s)["status"], "pass", "{s}");
    }
}

/// A Google error body in place of an asset list makes exactly what that list covers
/// unavailable with its reason; what per-resource files give stays.
#[test]
fn a_refused_asset_list_makes_what_it_covers_unavailable() {
    let d = copy_exports(
        "strong-assets",
        &["organization.444455556666.assets-resource.json"],
    );
    write(
        d.path(),
        "organization.444455556666.assets-resource.json",
        r#"{"error": {"code": 403, "status": "PERMISSION_DENIED",
            "message": "Cloud Asset API has not been used in project 123 before or it is disabled.",
            "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "SERVICE_DISABLED"}]}}"#,
    );
    let snap = import(d.path());
    for s in [PORTAL, ANALYTICS] {
        let sc = scope(&snap, s);
        for (section, (_, kind, message)) in [
            ("principals", unavailable(&sc.sections.principals)),
            ("audit_logs", unavailable(&sc.sections.audit_logs)),
            // Alerts on log-based metrics need the metrics.
            ("alerting", unavailable(&sc.sections.alerting)),
        ] {
            assert_eq!(kind, UnavailableKind::NotInUse, "{s} {section}");
            assert!(message.contains("assets-resource.json"), "{message}");
        }
        // The IAM policies came from their own list.
        assert!(!data(&sc.sections.groups).is_empty(), "{s}");
    }
    let doc = assess(d.path());
    assert_eq!(result(&doc, "IDG-GCP-016", PORTAL)["status"], "unknown");
    assert_eq!(result(&doc, "IDG-GCP-010", PORTAL)["status"], "unknown");
    assert_eq!(result(&doc, "IDG-GCP-011", PORTAL)["status"], "unknown");
    assert_eq!(result(&doc, "IDG-GCP-005", PORTAL)["status"], "unknown");
    assert_eq!(result(&doc, "IDG-GCP-004", PORTAL)["status"], "unknown");
}
