//! Synthetic AWS snapshots for benchmarks and scale tests.
//!
//! This module owns a deterministic generator of organisation-sized snapshots with a realistic mix
//! of human principals: most people come through IAM Identity Center (SCIM-provisioned directory
//! users, a few created by hand), the rest are IAM users spread over member accounts (AWS caps an
//! account at 5,000 IAM users), with console access, MFA, keys, groups, direct policies and stale
//! accounts in proportions seen in real estates. Same inputs, same bytes.

use crate::model::*;
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;

/// Share of human principals that are Identity Center directory users.
const DIRECTORY_SHARE: f64 = 0.8;
/// IAM users per member account.
const USERS_PER_ACCOUNT: usize = 1_000;

/// splitmix64: tiny, deterministic, good enough to shuffle synthetic attributes.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 10_000) < (p * 10_000.0) as u64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const FIRST: &[&str] = &[
    "alice", "bilal", "chen", "dana", "emeka", "fatima", "george", "hana", "ivan", "jo", "kofi",
    "lena", "mateo", "nia", "omar", "priya", "quinn", "rosa", "sami", "tariq", "uma", "vera",
    "wei", "xena", "yusuf", "zoe",
];
const LAST: &[&str] = &[
    "adams", "baker", "costa", "diaz", "evans", "fischer", "garcia", "hughes", "ito", "jones",
    "khan", "lopez", "moreno", "nowak", "okafor", "patel", "quist", "rossi", "silva", "tanaka",
];
const GROUPS: &[&str] = &[
    "Admins",
    "Developers",
    "Finance",
    "Operations",
    "ReadOnly",
    "Security",
    "Support",
];

fn collected<T>(source: &str, at: DateTime<Utc>, data: T) -> Option<Section<T>> {
    Some(Section::Collected {
        source: source.to_string(),
        collected_at: at,
        data,
    })
}

/// A snapshot of an organisation with `humans` human principals (plus workload users and roles).
pub fn aws_org(humans: usize, seed: u64) -> Snapshot {
    let now: DateTime<Utc> = "2026-11-20T12:00:00Z".parse().expect("fixed time");
    let mut rng = Rng(seed);
    let directory = (humans as f64 * DIRECTORY_SHARE) as usize;
    let iam_humans = humans - directory;
    let accounts = iam_humans.div_ceil(USERS_PER_ACCOUNT).max(1);
    let org_id = "o-synth00001";
    let mut scopes = Vec::new();

    for a in 0..accounts {
        let acct = format!("{:012}", 100_000_000_000u64 + a as u64);
        let n_users = if a + 1 == accounts {
            iam_humans - USERS_PER_ACCOUNT * (accounts - 1)
        } else {
            USERS_PER_ACCOUNT
        };
        let mut principals = Vec::with_capacity(n_users + n_users / 10);
        for i in 0..n_users {
            let name = format!(
                "{}.{}{}",
                FIRST[rng.below(FIRST.len() as u64) as usize],
                LAST[rng.below(LAST.len() as u64) as usize],
                i
            );
            principals.push(iam_user(&mut rng, &acct, name, PrincipalKind::Human, now));
        }
        for i in 0..n_users / 10 {
            principals.push(iam_user(
                &mut rng,
                &acct,
                format!("svc-batch-{i}"),
                PrincipalKind::Workload,
                now,
            ));
        }
        if a == 0 {
            for name in ["admin", "deploy", "ops-team"] {
                principals.push(iam_user(
                    &mut rng,
                    &acct,
                    name.to_string(),
                    PrincipalKind::Human,
                    now,
                ));
            }
        }
        principals.sort_by(|x, y| x.id.cmp(&y.id));
        let groups = GROUPS
            .iter()
            .map(|g| Group {
                id: format!("arn:aws:iam::{acct}:group/{g}"),
                name: g.to_string(),
                policies: vec![format!("arn:aws:iam::aws:policy/{g}Access")],
                privileged: *g == "Admins",
                member_count: None,
                grants: Vec::new(),
            })
            .collect();
        let mut roles: Vec<Role> = (0..(n_users / 5).max(10))
            .map(|r| Role {
                id: format!("arn:aws:iam::{acct}:role/app-role-{r}"),
                name: format!("app-role-{r}"),
                trust: vec![RoleTrust {
                    kind: TrustKind::Service,
                    principal: "lambda.amazonaws.com".into(),
                }],
                last_used: Some(now - Duration::days(rng.below(200) as i64)),
                max_session_seconds: Some(3600),
                privileged: rng.chance(0.05),
                created: Some(now - Duration::days(400)),
            })
            .collect();
        roles.push(Role {
            id: format!(
                "arn:aws:iam::{acct}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0001"
            ),
            name: "AWSReservedSSO_Admin_0001".into(),
            trust: vec![RoleTrust {
                kind: TrustKind::Saml,
                principal: format!("arn:aws:iam::{acct}:saml-provider/AWSSSO_0001_DO_NOT_DELETE"),
            }],
            last_used: Some(now - Duration::days(1)),
            max_session_seconds: Some(28_800),
            privileged: true,
            created: Some(now - Duration::days(700)),
        });
        roles.sort_by(|x, y| x.id.cmp(&y.id));
        let mut sections = account_sections(&acct, now, principals, groups, roles, &mut rng);
        if a == 0 {
            let dir_users = (0..directory)
                .map(|i| DirectoryUser {
                    employee_id: None,
                    external_id_values: Vec::new(),
                    id: format!("9067{:08}-{:04}", i, i % 9973),
                    name: format!("user{i}@corp.example"),
                    external_ids: if rng.chance(0.96) {
                        vec!["https://scim.idp.example/tenant".into()]
                    } else {
                        vec![]
                    },
                    active: Some(!rng.chance(0.02)),
                    created: Some(now - Duration::days(rng.below(900) as i64)),
                    super_admin: None,
                    mfa_enrolled: None,
                    mfa_enforced: None,
                    last_sign_in: None,
                    security_keys: None,
                    groups: None,
                    org_unit: None,
                    policy_mfa_enforced: None,
                    policy_security_key_only: None,
                })
                .collect();
            sections.directory_users = collected("identitystore:ListUsers", now, dir_users);
            sections.sso = collected(
                "sso-admin:ListInstances",
                now,
                vec![SsoInstance {
                    id: "arn:aws:sso:::instance/ssoins-synth0001".into(),
                    name: Some("org".into()),
                    status: Some("ACTIVE".into()),
                    identity_source: DirectorySource::ExternalIdp,
                    identity_store_id: Some("d-synth00001".into()),
                    permission_sets: 12,
                    account_assignments: (accounts * 8) as u64,
                    group_assignments: (accounts * 7) as u64,
                    assignments: Vec::new(),
                    assignments_read_for: Vec::new(),
                }],
            );
        }
        scopes.push(Scope {
            id: format!("aws:account:{acct}"),
            provider: Provider::Aws,
            kind: ScopeKind::Account,
            name: Some(format!("synthetic-{a}")),
            parent: Some(format!("aws:organization:{org_id}")),
            sections,
        });
    }
    let account_ids: Vec<String> = (0..accounts)
        .map(|a| format!("{:012}", 100_000_000_000u64 + a as u64))
        .collect();
    scopes.push(Scope {
        id: format!("aws:organization:{org_id}"),
        provider: Provider::Aws,
        kind: ScopeKind::Organization,
        name: Some("synthetic".into()),
        parent: None,
        sections: Sections {
            organization: collected(
                "organizations:DescribeOrganization",
                now,
                Organization {
                    id: org_id.into(),
                    management_account: account_ids.first().cloned(),
                    feature_set: Some("ALL".into()),
                    accounts: account_ids,
                    account_paths: Default::default(),
                },
            ),
            guardrails: collected("organizations:ListPolicies", now, guardrails()),
            ..Sections::default()
        },
    });
    scopes.sort_by(|x, y| x.id.cmp(&y.id));
    Snapshot {
        schema_version: SCHEMA_VERSION.to_string(),
        generator: Generator {
            tool: "idgauge".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            mode: Some("synthetic".into()),
        },
        collected_at: now,
        scopes,
        collection: CollectionMeta::default(),
        identity_repository: None,
    }
}

fn guardrails() -> Guardrails {
    Guardrails {
        in_organization: true,
        management_account: false,
        path: Vec::new(),
        policies: vec![
            GuardrailPolicy {
                id: "p-FullAWSAccess".into(),
                name: "FullAWSAccess".into(),
                kind: "scp".into(),
                vendor_managed: true,
                attached: true,
                targets: vec!["r-synth".into()],
                denied_actions: vec![],
                enforced: None,
                allowed_values: Vec::new(),
            },
            GuardrailPolicy {
                id: "p-regionlock".into(),
                name: "RegionLock".into(),
                kind: "scp".into(),
                vendor_managed: false,
                attached: true,
                targets: vec!["r-synth".into()],
                denied_actions: vec!["ec2:*".into()],
                enforced: None,
                allowed_values: Vec::new(),
            },
        ],
    }
}

fn iam_user(
    rng: &mut Rng,
    acct: &str,
    name: String,
    kind: PrincipalKind,
    now: DateTime<Utc>,
) -> Principal {
    let human = kind == PrincipalKind::Human;
    let console = human && rng.chance(0.7);
    let stale = rng.chance(0.12);
    let last = |rng: &mut Rng| {
        if stale {
            now - Duration::days(120 + rng.below(600) as i64)
        } else {
            now - Duration::days(rng.below(30) as i64)
        }
    };
    let created = now - Duration::days(200 + rng.below(1500) as i64);
    let n_keys = if !human || rng.chance(0.5) {
        if rng.chance(0.1) {
            2
        } else {
            1
        }
    } else {
        0
    };
    let access_keys = (0..n_keys)
        .map(|k| AccessKey {
            id: format!("AKIA…{:04X}", rng.below(0xFFFF)),
            active: k == 0 || rng.chance(0.5),
            created: Some(now - Duration::days(rng.below(700) as i64)),
            last_used: (!rng.chance(0.15)).then(|| last(rng)),
            last_used_service: Some("s3".into()),
        })
        .collect();
    let mfa = console && rng.chance(0.75);
    let mut groups = vec![GROUPS[rng.below(GROUPS.len() as u64) as usize].to_string()];
    if rng.chance(0.3) {
        groups.push("ReadOnly".into());
    }
    groups.sort();
    groups.dedup();
    Principal {
        employee_id: None,
        external_id_values: Vec::new(),
        id: format!("arn:aws:iam::{acct}:user/{name}"),
        name,
        kind,
        source: IdentitySource::Local,
        created: Some(created),
        console_access: console,
        password_last_used: console.then(|| last(rng)),
        password_last_changed: console.then_some(created),
        last_sign_in: None,
        mfa_active: mfa,
        mfa_devices: if mfa {
            vec![MfaDevice {
                kind: MfaKind::Virtual,
                phishing_resistant: false,
                serial: Some(format!("arn:aws:iam::{acct}:mfa/device")),
                enabled: Some(created),
            }]
        } else {
            vec![]
        },
        access_keys,
        groups,
        direct_policies: if rng.chance(0.15) {
            vec!["arn:aws:iam::aws:policy/AmazonS3FullAccess".into()]
        } else {
            vec![]
        },
        privileged: rng.chance(0.08),
        tags: BTreeMap::new(),
        grants: Vec::new(),
    }
}

fn account_sections(
    acct: &str,
    now: DateTime<Utc>,
    principals: Vec<Principal>,
    groups: Vec<Group>,
    roles: Vec<Role>,
    rng: &mut Rng,
) -> Sections {
    let src = "iam:GetAccountAuthorizationDetails+iam:GetCredentialReport";
    Sections {
        principals: collected(src, now, principals),
        groups: collected(src, now, groups),
        roles: collected(src, now, roles),
        root: collected(
            "iam:GetCredentialReport",
            now,
            RootAccount {
                id: format!("arn:aws:iam::{acct}:root"),
                mfa_active: true,
                mfa_hardware: Some(rng.chance(0.5)),
                mfa_devices: vec![],
                password_enabled: Some(true),
                password_last_used: Some(now - Duration::days(300)),
                access_keys: vec![],
                created: Some(now - Duration::days(2000)),
            },
        ),
        password_policy: collected(
            "iam:GetAccountPasswordPolicy",
            now,
            PasswordPolicy {
                configured: true,
                minimum_length: Some(14),
                require_symbols: true,
                require_numbers: true,
                require_uppercase: true,
                require_lowercase: true,
                max_age_days: None,
                reuse_prevention: Some(24),
            },
        ),
        identity_providers: collected(
            "iam:ListSAMLProviders+iam:ListOpenIDConnectProviders",
            now,
            vec![IdentityProvider {
                id: format!("arn:aws:iam::{acct}:saml-provider/AWSSSO_0001_DO_NOT_DELETE"),
                name: "AWSSSO_0001_DO_NOT_DELETE".into(),
                protocol: IdpProtocol::Saml,
                purpose: IdpPurpose::Workforce,
                url: None,
                created: Some(now - Duration::days(700)),
                valid_until: None,
            }],
        ),
        sso: collected("sso-admin:ListInstances", now, vec![]),
        directory_users: collected("identitystore:ListUsers", now, vec![]),
        audit_logs: collected(
            "cloudtrail:DescribeTrails+GetTrailStatus+GetEventSelectors",
            now,
            vec![AuditLog {
                id: format!("arn:aws:cloudtrail:us-east-1:{acct}:trail/org-trail"),
                name: "org-trail".into(),
                kind: "cloudtrail".into(),
                home_region: Some("us-east-1".into()),
                multi_region: true,
                logging: Some(true),
                log_file_validation: true,
                include_global_events: true,
                management_events: Some(true),
                organization_trail: true,
                streams_to_logs: true,
                service: None,
                log_types: Vec::new(),
                exempted_members: Vec::new(),
                log_group: Some("cloudtrail/org".into()),
            }],
        ),
        alerting: collected(
            "logs:DescribeMetricFilters+cloudwatch:DescribeAlarms+events:ListRules",
            now,
            vec![AlertRule {
                id: "console-signin-failures".into(),
                name: "console-signin-failures".into(),
                kind: "metric_filter_alarm".into(),
                pattern: Some("{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }".into()),
                enabled: true,
                has_action: true,
                detects: vec![AlertSignal::SigninFailure],
                log_group: Some("cloudtrail/org".into()),
            }],
        ),
        threat_detection: collected(
            "guardduty:ListDetectors+GetDetector",
            now,
            vec![ThreatDetector {
                id: "synthdetector".into(),
                kind: "guardduty".into(),
                region: Some("us-east-1".into()),
                enabled: true,
                missing: false,
            }],
        ),
        guardrails: collected("organizations:ListPoliciesForTarget", now, guardrails()),
        access_analysis: collected("access-analyzer:ListAnalyzers", now, vec![]),
        ..Sections::default()
    }
}
