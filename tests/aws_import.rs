//! Offline import of AWS CLI exports (`idgauge assess DIR`): the snapshot built from the
//! fixtures under fixtures/exports/aws/ (principals joined with the credential report, root,
//! trails, Identity Center, SCPs, alerts), sections left unavailable by missing files, levels end
//! to end through the CLI, and clear errors for bad exports.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::{assert_error, assess_json, data, result, root, scope, scope_level, unavailable};
use idgauge::model::{
    parse_snapshot, AlertSignal, DirectorySource, IdpPurpose, MfaKind, PrincipalKind, Section,
    Snapshot, TrustKind, UnavailableKind,
};
use idgauge::providers::aws;
use std::path::{Path, PathBuf};

const SHARED: &str = "aws:account:444455556666";
const FED: &str = "aws:account:123456789012";
const ORG: &str = "aws:organization:o-uh0e8lx5op";

fn exports(name: &str) -> PathBuf {
    root().join("fixtures/exports/aws").join(name)
}

fn fixed_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
}

/// Copies an export folder, leaving out `skip`, with every file's mtime set to `fixed_time()`
/// (the collection time of an export without a credential-report envelope).
fn copy_exports(name: &str, skip: &[&str]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(exports(name)).unwrap() {
        let p = e.unwrap().path();
        let file = p.file_name().unwrap().to_str().unwrap().to_string();
        if skip.contains(&file.as_str()) {
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

fn import(dir: &Path) -> Snapshot {
    aws::import_dir(dir).unwrap_or_else(|e| panic!("{e}"))
}

fn source<T>(s: &Option<Section<T>>) -> &str {
    s.as_ref().unwrap().source()
}

#[test]
fn shared_export_joins_users_with_the_csv_credential_report() {
    let d = copy_exports("shared", &[]);
    let snap = import(d.path());
    assert_eq!(snap.generator.mode.as_deref(), Some("export"));
    // A bare CSV report has no GeneratedTime: the newest file time is the collection time.
    assert_eq!(snap.collected_at, fixed_time());
    assert_eq!(
        snap.collection.inputs,
        [
            "account-summary.json",
            "credential-report.csv",
            "gaad.json",
            "oidc-providers.json",
            "organization.json",
            "password-policy.json",
            "saml-providers.json",
            "sso-instances.json",
            "trails.json",
            "virtual-mfa.json",
            "whoami.json"
        ]
    );
    assert_eq!(snap.scopes.len(), 1);
    let s = &scope(&snap, SHARED).sections;

    assert_eq!(
        source(&s.principals),
        "export:gaad.json+export:credential-report.csv+export:virtual-mfa.json"
    );
    let principals = data(&s.principals);
    let names: Vec<&str> = principals.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 8, "{names:?}");
    assert!(
        !names.contains(&"former-contractor"),
        "report rows of deleted users are ignored"
    );
    let p = |n: &str| principals.iter().find(|p| p.name == n).unwrap();

    let admin = p("admin");
    assert!(admin.console_access && !admin.mfa_active && admin.privileged);
    assert_eq!(admin.kind, PrincipalKind::Human);
    assert!(admin.mfa_devices.is_empty());
    let keys: Vec<(&str, bool)> = admin
        .access_keys
        .iter()
        .map(|k| (k.id.as_str(), k.active))
        .collect();
    assert_eq!(keys, [("AKIA…#1", true), ("AKIA…#2", true)]);
    assert_eq!(
        admin.access_keys[1].last_used_service.as_deref(),
        Some("s3")
    );
    assert_eq!(
        admin.direct_policies,
        ["arn:aws:iam::aws:policy/AdministratorAccess"]
    );

    let ops = p("ops-team");
    assert!(ops.privileged, "inline Allow * on *");
    assert_eq!(ops.direct_policies, ["inline:break-glass-ish"]);
    assert_eq!(ops.access_keys.len(), 1, "an inactive key is still a key");
    assert!(!ops.access_keys[0].active);

    let jenkins = p("jenkins");
    assert!(jenkins.privileged, "customer policy v2 (default) allows *");
    assert_eq!(jenkins.kind, PrincipalKind::Human, "no workload sign");
    assert!(!jenkins.console_access);

    let backup = p("svc-backup");
    assert_eq!(backup.kind, PrincipalKind::Workload);
    assert!(!backup.privileged);
    assert_eq!(
        backup.id,
        "arn:aws:iam::444455556666:user/service/svc-backup"
    );

    let alice = p("alice");
    assert!(alice.mfa_active);
    assert_eq!(alice.mfa_devices.len(), 1);
    assert_eq!(alice.mfa_devices[0].kind, MfaKind::Virtual);
    assert_eq!(
        alice.mfa_devices[0].serial.as_deref(),
        Some("arn:aws:iam::444455556666:mfa/alice-phone")
    );
    assert!(alice.groups == ["developers"] && !alice.privileged);

    let test1 = p("test1");
    assert_eq!(test1.password_last_used, None, "no_information");
    assert!(test1.access_keys.is_empty());

    let root = data(&s.root);
    assert_eq!(root.id, "arn:aws:iam::444455556666:root");
    assert!(!root.mfa_active);
    assert_eq!(root.mfa_hardware, None);
    assert_eq!(root.password_enabled, Some(true));
    assert_eq!(root.access_keys.len(), 1);
    assert!(root.access_keys[0].active);

    let pp = data(&s.password_policy);
    assert!(!pp.configured, "NoSuchEntity error text");
    assert_eq!(source(&s.password_policy), "export:password-policy.json");
    assert!(!data(&s.guardrails).in_organization);
    assert!(data(&s.audit_logs).is_empty());
    assert!(
        data(&s.directory_users).is_empty(),
        "no Identity Center instance"
    );

    let roles = data(&s.roles);
    let vendor = roles.iter().find(|r| r.name == "vendor-access").unwrap();
    assert_eq!(vendor.trust[0].kind, TrustKind::Account);
    assert!(vendor.privileged && vendor.last_used.is_some());
    let ec2 = roles.iter().find(|r| r.name == "ec2-app").unwrap();
    assert_eq!(ec2.trust[0].kind, TrustKind::Service);

    let groups = data(&s.groups);
    let ci = groups.iter().find(|g| g.name == "ci").unwrap();
    assert!(ci.privileged);
    assert_eq!(ci.member_count, Some(1));

    // Files not exported: their sections are unavailable, never empty and collected.
    for (section, cmd) in [
        (unavailable(&s.alerting), "logs describe-metric-filters"),
        (unavailable(&s.threat_detection), "guardduty list-detectors"),
        (
            unavailable(&s.access_analysis),
            "accessanalyzer list-analyzers",
        ),
    ] {
        let (_, kind, message) = section;
        assert_eq!(kind, UnavailableKind::NotCollected);
        assert!(
            message.contains(&format!("no `aws {cmd}` export found in")),
            "{message}"
        );
    }
    assert_eq!(
        unavailable(&s.access_analysis).0,
        "access-analyzer:ListAnalyzers"
    );
}

#[test]
fn federated_export_fills_every_section() {
    let snap = import(&exports("federated"));
    // The envelope's GeneratedTime is the collection time (deterministic).
    assert_eq!(
        snap.collected_at,
        Utc.with_ymd_and_hms(2026, 11, 27, 14, 32, 5).unwrap()
    );
    assert_eq!(
        snap.scopes
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        [FED, ORG]
    );
    let acct = scope(&snap, FED);
    assert_eq!(acct.name.as_deref(), Some("example-prod"));
    assert_eq!(acct.parent.as_deref(), Some(ORG));
    let s = &acct.sections;
    for name in idgauge::model::SECTION_NAMES {
        let st = s.status(name).unwrap();
        let expected = !matches!(
            *name,
            "provisioning"
                | "auth_policies"
                | "privileged_access"
                | "external_collaboration"
                | "applications"
                | "organization"
                // Entra ID's: AWS has no source for them.
                | "authentication_methods"
                | "authentication_strengths"
                | "named_locations"
                | "risky_users"
                // Derived when assessing with a directory, never collected.
                | "reconciliation"
        );
        assert_eq!(st.is_collected(), expected, "{name}: {}", st.gap_reason());
    }

    let principals = data(&s.principals);
    let bg = principals.iter().find(|p| p.name == "break-glass").unwrap();
    assert!(bg.console_access && bg.mfa_active && bg.privileged);
    assert_eq!(bg.groups, ["Admins"]);
    assert_eq!(bg.mfa_devices[0].kind, MfaKind::Virtual);
    assert!(!bg.mfa_devices[0].phishing_resistant);
    let svc = principals
        .iter()
        .find(|p| p.name == "svc-artifacts")
        .unwrap();
    assert_eq!(svc.kind, PrincipalKind::Workload);
    assert_eq!(svc.access_keys[0].id, "AKIA…#1");

    let root = data(&s.root);
    assert!(root.mfa_active);
    assert_eq!(
        root.mfa_hardware,
        Some(true),
        "MFA on, and no virtual device of root's in the collected list"
    );

    // CLI v1 epoch timestamps in trail-status-org-trail.json.
    let trails = data(&s.audit_logs);
    assert_eq!(trails.len(), 1);
    let t = &trails[0];
    assert_eq!(t.name, "org-trail");
    assert_eq!(t.logging, Some(true));
    assert_eq!(t.management_events, Some(true));
    assert!(
        t.multi_region && t.log_file_validation && t.include_global_events && t.streams_to_logs
    );
    assert_eq!(
        source(&s.audit_logs),
        "export:trails.json+export:trail-status-org-trail.json+export:event-selectors-org-trail.json"
    );

    let idps = data(&s.identity_providers);
    let purposes: Vec<(&str, IdpPurpose)> =
        idps.iter().map(|i| (i.name.as_str(), i.purpose)).collect();
    assert_eq!(
        purposes,
        [
            ("token.actions.githubusercontent.com", IdpPurpose::Workload),
            ("CorpIdP", IdpPurpose::Workforce)
        ]
    );
    let roles = data(&s.roles);
    let admin = roles.iter().find(|r| r.name == "SSO-Admin").unwrap();
    assert_eq!(admin.trust[0].kind, TrustKind::Saml);
    assert_eq!(
        admin.trust[0].principal,
        "arn:aws:iam::123456789012:saml-provider/CorpIdP"
    );
    assert!(admin.privileged);
    let gh = roles
        .iter()
        .find(|r| r.name == "github-actions-deploy")
        .unwrap();
    assert_eq!(gh.trust[0].kind, TrustKind::Oidc);

    let sso = data(&s.sso);
    assert_eq!(sso.len(), 1);
    assert_eq!(sso[0].identity_source, DirectorySource::ExternalIdp);
    assert_eq!(
        (
            sso[0].permission_sets,
            sso[0].account_assignments,
            sso[0].group_assignments
        ),
        (3, 3, 3)
    );
    let users = data(&s.directory_users);
    assert_eq!(users.len(), 25);
    assert_eq!(
        users.iter().filter(|u| !u.external_ids.is_empty()).count(),
        24
    );

    let alerts = data(&s.alerting);
    let a = |n: &str| alerts.iter().find(|a| a.name == n).unwrap();
    let fail = a("console-signin-failures");
    assert_eq!(fail.kind, "metric_filter_alarm");
    assert!(fail.enabled && fail.has_action);
    assert_eq!(fail.detects, [AlertSignal::SigninFailure]);
    assert_eq!(
        a("console-signin-without-mfa").detects,
        [AlertSignal::SigninWithoutMfa]
    );
    assert_eq!(a("root-usage").detects, [AlertSignal::RootUsage]);
    let iam = a("iam-policy-changes");
    assert_eq!(iam.kind, "metric_filter");
    assert!(!iam.has_action, "a filter without an alarm cannot notify");
    let realtime = a("console-signin-failures-realtime");
    assert_eq!(realtime.kind, "eventbridge_rule");
    assert!(realtime.enabled && realtime.has_action);
    let iam_rule = a("iam-identity-changes");
    assert!(iam_rule.enabled && iam_rule.has_action);
    assert_eq!(iam_rule.detects, [AlertSignal::IamChange]);
    let root_rule = a("root-signin");
    assert!(!root_rule.enabled && !root_rule.has_action);
    assert!(
        !alerts.iter().any(|a| a.name == "nightly-report"),
        "scheduled rule"
    );

    let gd = data(&s.threat_detection);
    assert_eq!(gd.len(), 1);
    assert!(gd[0].enabled);
    let aa = data(&s.access_analysis);
    assert!(aa.iter().any(|a| a.kind == "unused_access" && a.active));

    // SCPs on the member account.
    let g = data(&s.guardrails);
    assert!(g.in_organization);
    let scp = |n: &str| g.policies.iter().find(|p| p.name == n).unwrap();
    // Its deny exempts the platform role by aws:PrincipalArn: it still stops everyone else,
    // so it counts (the rules' own fix text recommends that shape).
    let conditional = scp("deny-iam-users-except-platform");
    assert!(conditional.attached);
    assert_eq!(
        conditional.denied_actions,
        [
            "iam:CreateAccessKey",
            "iam:CreateLoginProfile",
            "iam:CreateUser"
        ]
    );
    let elsewhere = scp("deny-iam-users");
    assert!(!elsewhere.attached, "attached to another account only");
    assert_eq!(elsewhere.targets, ["027322454661"]);
    assert_eq!(
        scp("deny-leave-org").denied_actions,
        ["organizations:LeaveOrganization"]
    );
    assert!(
        scp("region-allowlist").denied_actions.is_empty(),
        "NotAction"
    );
    let full = scp("FullAWSAccess");
    assert!(full.vendor_managed && full.attached);

    // The organization scope.
    let org = &scope(&snap, ORG).sections;
    let o = data(&org.organization);
    assert_eq!(o.feature_set.as_deref(), Some("ALL"));
    assert_eq!(o.management_account.as_deref(), Some("210987654321"));
    assert!(o.accounts.contains(&"123456789012".to_string()));
    let og = data(&org.guardrails);
    assert!(
        og.policies
            .iter()
            .find(|p| p.name == "deny-iam-users")
            .unwrap()
            .attached
    );
}

#[test]
fn imported_snapshots_round_trip_and_are_deterministic() {
    let a = import(&exports("federated"));
    let b = import(&exports("federated"));
    let text = serde_json::to_string_pretty(&a).unwrap();
    assert_eq!(text, serde_json::to_string_pretty(&b).unwrap());
    let back = parse_snapshot(&text, Path::new("imported.json")).unwrap();
    assert_eq!(back, a);
    assert!(!text.contains("Base32StringSeed"));
    assert!(
        text.match_indices("AKIA")
            .all(|(i, _)| text[i + 4..].starts_with('…')),
        "only masked key ids"
    );
}

#[test]
fn missing_credential_report_makes_exactly_its_sections_unavailable() {
    let d = copy_exports("federated", &["credential-report.json"]);
    let snap = import(d.path());
    let s = &scope(&snap, FED).sections;
    for (src, kind, message) in [unavailable(&s.principals), unavailable(&s.root)] {
        assert!(src.contains("iam:GetCredentialReport"), "{src}");
        assert_eq!(kind, UnavailableKind::NotCollected);
        assert!(
            message.starts_with("no `aws iam get-credential-report` export found in"),
            "{message}"
        );
    }
    assert!(!data(&s.groups).is_empty());
    assert!(!data(&s.roles).is_empty());
    // Without the report, the newest file time is the collection time.
    assert_eq!(snap.collected_at, fixed_time());
}

#[test]
fn missing_authorization_details_leave_root_collected() {
    let d = copy_exports("federated", &["gaad.json"]);
    let snap = import(d.path());
    let s = &scope(&snap, FED).sections;
    for (src, _, message) in [
        unavailable(&s.principals),
        unavailable(&s.groups),
        unavailable(&s.roles),
    ] {
        assert!(src.contains("iam:GetAccountAuthorizationDetails"), "{src}");
        assert!(message.contains("get-account-authorization-details"));
    }
    assert!(data(&s.root).mfa_active);
}

#[test]
fn a_user_missing_from_the_credential_report_is_an_error_not_a_guess() {
    let d = copy_exports("shared", &[]);
    let csv = d.path().join("credential-report.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let without_bob: String = text
        .lines()
        .filter(|l| !l.starts_with("bob,"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&csv, without_bob).unwrap();
    set_mtime(&csv);
    let snap = import(d.path());
    let s = &scope(&snap, SHARED).sections;
    let (_, kind, message) = unavailable(&s.principals);
    assert_eq!(kind, UnavailableKind::Error);
    assert!(message.contains("no row for IAM user(s) bob"), "{message}");
    assert!(data(&s.root).access_keys[0].active, "root still known");
}

#[test]
fn access_denied_error_text_is_access_denied() {
    let d = copy_exports("federated", &[]);
    let p = d.path().join("trails.json");
    std::fs::write(&p, "\nAn error occurred (AccessDeniedException) when calling the DescribeTrails operation: User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: cloudtrail:DescribeTrails\n").unwrap();
    let snap = import(d.path());
    let s = &scope(&snap, FED).sections;
    let (src, kind, message) = unavailable(&s.audit_logs);
    assert_eq!(src, "cloudtrail:DescribeTrails");
    assert_eq!(kind, UnavailableKind::AccessDenied);
    assert!(
        message.starts_with("trails.json: AccessDeniedException: User:"),
        "{message}"
    );
}

// ---------------------------------------------------------------------------------------------
// End to end through the CLI

#[test]
fn shared_export_is_level_one() {
    let d = copy_exports("shared", &[]);
    let (code, doc, err) = assess_json(&[d.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(scope_level(&doc, SHARED), 1);
    for rule in [
        "IDG-AWS-001",
        "IDG-AWS-002",
        "IDG-AWS-003",
        "IDG-AWS-005",
        "IDG-AWS-006",
    ] {
        assert_eq!(result(&doc, rule, SHARED)["status"], "fail", "{rule}");
    }
    // Alerting was not exported: unknown, never a pass.
    for rule in ["IDG-AWS-024", "IDG-AWS-025", "IDG-AWS-026", "IDG-AWS-031"] {
        assert_eq!(result(&doc, rule, SHARED)["status"], "unknown", "{rule}");
    }
    let shared = result(&doc, "IDG-AWS-001", SHARED);
    let ev = &shared["evidence"][0];
    assert_eq!(ev["section"], "principals");
    assert!(ev["source"]
        .as_str()
        .unwrap()
        .starts_with("export:gaad.json"));
}

#[test]
fn federated_export_levels_with_and_without_break_glass_declaration() {
    let dir = exports("federated");
    let cfg = exports("idgauge.toml");
    let (code, doc, err) = assess_json(&["--config", cfg.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // The member's identity SCP exempts only the platform role, so it counts (030 passes);
    // virtual MFA on the break-glass user is a refinement beyond 5 and does not gate. What
    // holds it at 4 is IDG-AWS-034: IAM SAML roles beside Identity Center are two workforce
    // identity sources, not one source of truth.
    assert_eq!(scope_level(&doc, FED), 4);
    assert_eq!(result(&doc, "IDG-AWS-030", FED)["status"], "pass");
    assert_eq!(result(&doc, "IDG-AWS-032", FED)["status"], "fail");
    // The organization reaches 5 too: that SCP is attached at the root.
    assert_eq!(scope_level(&doc, ORG), 5);
    assert_eq!(result(&doc, "IDG-AWS-041", ORG)["status"], "pass");
    // IAM SAML roles beside Identity Center: two workforce identity sources.
    assert_eq!(result(&doc, "IDG-AWS-034", FED)["status"], "fail");
    for rule in [
        "IDG-AWS-018",
        "IDG-AWS-022",
        "IDG-AWS-023",
        "IDG-AWS-024",
        "IDG-AWS-025",
        "IDG-AWS-026",
        "IDG-AWS-027",
        "IDG-AWS-028",
        "IDG-AWS-031",
    ] {
        assert_eq!(result(&doc, rule, FED)["status"], "pass", "{rule}");
    }
    // Root has non-virtual MFA; the IAM API cannot tell hardware TOTP from a FIDO key.
    let root_mfa = result(&doc, "IDG-AWS-033", FED);
    assert_eq!(root_mfa["status"], "unknown");
    assert!(
        root_mfa["reason"]
            .as_str()
            .unwrap()
            .contains("hardware TOTP (not phishing-resistant) or a FIDO security key"),
        "{root_mfa}"
    );

    let (code, doc, err) = assess_json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(scope_level(&doc, FED), 3, "break-glass user not declared");
    assert_eq!(doc["inputs"][0]["path"], dir.to_str().unwrap());
}

#[test]
fn a_single_export_file_is_imported() {
    let gaad = exports("federated").join("gaad.json");
    let (code, doc, err) = assess_json(&[gaad.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        result(&doc, "IDG-AWS-012", FED)["status"],
        "unknown",
        "no credential report"
    );
    assert_eq!(
        result(&doc, "IDG-AWS-010", FED)["status"],
        "unknown",
        "no SAML/OIDC list"
    );
}

#[test]
fn a_malformed_export_names_the_file_and_exits_2() {
    let d = copy_exports("shared", &[]);
    std::fs::write(
        d.path().join("trails.json"),
        "{\n  \"trailList\": [\n    {\"Name\": \"t\",,}\n  ]\n}\n",
    )
    .unwrap();
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &["trails.json:3:", "invalid JSON"],
    );

    let d = copy_exports("shared", &[]);
    std::fs::write(
        d.path().join("notes.json"),
        "{\"Reviewer\": \"jo\", \"Date\": \"2026-11-27\"}",
    )
    .unwrap();
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &["notes.json: not a recognised AWS CLI export (top-level keys: Date, Reviewer)"],
    );

    let d = copy_exports("shared", &[]);
    std::fs::write(
        d.path().join("trails.json"),
        "{\"trailList\": [{\"Name\": \"t\", \"TrailARN\": \"arn:aws:cloudtrail:eu-west-1:444455556666:trail/t\", \"IsMultiRegionTrail\": \"yes\"}]}",
    )
    .unwrap();
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &[
            "trails.json:1:",
            "cloudtrail describe-trails",
            "trailList[0].IsMultiRegionTrail",
        ],
    );

    let d = copy_exports("shared", &[]);
    std::fs::copy(d.path().join("gaad.json"), d.path().join("gaad-again.json")).unwrap();
    assert_error(&["assess", d.path().to_str().unwrap()],
        &["gaad.json: a second `aws iam get-account-authorization-details` export (gaad-again.json is the first)"],
    );
}

#[test]
fn a_trail_status_for_an_unknown_trail_is_an_error() {
    let d = copy_exports("federated", &[]);
    std::fs::rename(
        d.path().join("trail-status-org-trail.json"),
        d.path().join("trail-status-old-trail.json"),
    )
    .unwrap();
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &["trail-status-old-trail.json", "\"old-trail\"", "org-trail"],
    );
}

#[test]
fn exports_and_snapshots_mix_in_one_directory() {
    let d = copy_exports("shared", &[]);
    std::fs::copy(
        root().join("fixtures/snapshots/aws/level2.json"),
        d.path().join("level2.json"),
    )
    .unwrap();
    // The snapshot is read on its own, the exports imported together as one account.
    let (code, doc, stderr) = assess_json(&[d.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(scope_level(&doc, SHARED), 1);
    assert_eq!(scope_level(&doc, "aws:account:111122223333"), 2);
    let alone = assess_json(&[root()
        .join("fixtures/snapshots/aws/level2.json")
        .to_str()
        .unwrap()])
    .1;
    assert_eq!(scope_level(&alone, "aws:account:111122223333"), 2);

    // A file neither a snapshot nor an export is still reported, not skipped.
    std::fs::write(d.path().join("notes.json"), r#"{"Foo": 1}"#).unwrap();
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &["notes.json: not a recognised AWS CLI export (top-level keys: Foo)"],
    );
}

#[test]
fn exports_of_two_accounts_in_one_directory_are_refused() {
    let d = copy_exports("shared", &[]);
    std::fs::copy(
        exports("federated").join("saml-providers.json"),
        d.path().join("saml-providers.json"),
    )
    .unwrap();
    assert_error(
        &["assess", d.path().to_str().unwrap()],
        &["mixes AWS accounts", "444455556666", "123456789012"],
    );
}

/// Issue 10's organization, exported account by account (fixtures/exports/aws/org, from the
/// moto-backed test): the management account, a delegated administrator of Identity Center
/// (`identity`), prod and staging in the `Workloads` OU (identity SCP), sandbox at the root.
/// Assessed together, each member is credited with what the organization provides — the
/// Identity Center assignments to it, the organization trail and the alert on its log group, the
/// SCPs on its OU path — and judged on that: level 3 each, where each alone is level 1.
#[test]
fn org_exports_credit_each_member_with_what_the_organization_provides() {
    let dir = exports("org");
    let paths: Vec<String> = ["management", "identity", "prod", "staging", "sandbox"]
        .iter()
        .map(|n| dir.join(n).display().to_string())
        .collect();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let (code, doc, stderr) = assess_json(&args);
    assert_eq!(code, 0, "{stderr}");
    let (mgmt, identity, prod, staging, sandbox) = (
        "aws:account:123456789012",
        "aws:account:032450801373",
        "aws:account:568781764258",
        "aws:account:443794787419",
        "aws:account:688710324185",
    );
    for s in [mgmt, identity, prod, staging, sandbox] {
        assert_eq!(
            scope_level(&doc, s),
            3,
            "{s}: {:#}",
            doc["verdict"]["scopes"]
        );
    }
    let org = doc["verdict"]["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "organization")
        .unwrap();
    assert_eq!(org["level"], 4, "blocked by IDG-AWS-041 only: {org:#}");
    assert_eq!(doc["verdict"]["overall_level"], 3);
    let status = |rule: &str, scope: &str| result(&doc, rule, scope)["status"].clone();
    for m in [prod, staging, sandbox] {
        // Identity Center assignments to the member, through groups, in the delegated admin.
        assert_eq!(status("IDG-AWS-010", m), "pass", "{m}");
        assert_eq!(status("IDG-AWS-018", m), "pass", "{m}");
        assert_eq!(status("IDG-AWS-011", m), "pass", "{m}");
        // The organization trail, and the sign-in failure alarm on its log group.
        assert_eq!(status("IDG-AWS-016", m), "pass", "{m}");
        assert_eq!(status("IDG-AWS-024", m), "pass", "{m}");
    }
    // The identity SCP sits on the Workloads OU: prod and staging, not sandbox.
    assert_eq!(status("IDG-AWS-030", prod), "pass");
    assert_eq!(status("IDG-AWS-030", staging), "pass");
    assert_eq!(status("IDG-AWS-030", sandbox), "fail");
    assert_eq!(status("IDG-AWS-030", mgmt), "not_applicable");
    // Each member alone sees neither the organization's Identity Center nor its trail (moto,
    // like an export without shadow trails, lists members none): level 1, as issue 10 found.
    for (name, level) in [("prod", 1), ("sandbox", 1)] {
        let (code, alone, stderr) = assess_json(&[&dir.join(name).display().to_string()]);
        assert_eq!(code, 0, "{stderr}");
        let id = if name == "prod" { prod } else { sandbox };
        assert_eq!(
            scope_level(&alone, id),
            level,
            "{name} alone: {:#}",
            alone["verdict"]["scopes"]
        );
    }
}
