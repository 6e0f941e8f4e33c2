//! AWS responses → snapshot scopes. Shared by the export importer and the live collector: both
//! fill a [`RawAccount`] (each part present, missing or failed, with where it came from) and call
//! [`normalize`].
//!
//! Every AWS section comes out either `collected` — its source names the API operations or
//! export files used, joined by `+` — or `unavailable`, naming the API operations the section
//! needs and why they are missing. A missing input makes exactly the sections that need it
//! unavailable; it never yields an empty, "clean" section. Optional inputs only add precision.
//!
//! | section | needs | also uses |
//! |---|---|---|
//! | principals | authorization details, credential report | virtual MFA devices, MFA devices |
//! | groups, roles | authorization details | |
//! | root | credential report (`<root_account>` row) | account summary, virtual MFA devices |
//! | password_policy | password policy (or its `NoSuchEntity`) | |
//! | identity_providers | SAML and OIDC provider lists | |
//! | sso | Identity Center instances | identity-store users/groups, permission sets, assignments |
//! | directory_users | identity-store users (or an empty instance list) | |
//! | audit_logs | trails | trail status, event selectors |
//! | alerting | metric filters, alarms, EventBridge rules | EventBridge rule targets |
//! | threat_detection | GuardDuty detector list and each detector's status | |
//! | access_analysis | Access Analyzer analyzers | |
//! | guardrails | organization, policy list, content and targets of customer policies | |
//! | organization (org scope) | organization | account list |
//! | directories | Directory Service directories | |
//!
//! Normalization decisions (each unit-tested below):
//! - A principal joins an IAM user (authorization details) with its credential-report row by
//!   user name. A user missing from the report (created after it) makes `principals`
//!   unavailable: its console, MFA and key state would be a guess. Report rows for users that no
//!   longer exist are ignored.
//! - Access keys come from the report's `access_key_1_*`/`access_key_2_*` columns, which carry no
//!   key id: their ids are `AKIA…#1` and `AKIA…#2` (masked form, slot number; never a real id —
//!   a live collector that lists keys uses `model::mask_key_id` on the real one). A key slot is
//!   a key when it is active or has a rotation date.
//! - MFA devices: `list-mfa-devices` entries (`…:u2f/…` FIDO, phishing-resistant; `…:mfa/…`
//!   virtual; a bare serial hardware TOTP) and virtual devices assigned to the user. A user whose
//!   report says `mfa_active` with no known device gets one device of kind `other`, not
//!   phishing-resistant: the conservative reading.
//! - `privileged`: AdministratorAccess or IAMFullAccess, or a customer-managed or inline policy
//!   allowing `*`, `*:*` or `iam:*` on resource `*`, attached directly or through a group.
//! - `kind`: workload when the user has no console password and its path contains `service`, its
//!   tag `idgauge:kind` is `workload`, or its name starts with `svc-`, `ci-`, `bot-` or `app-`;
//!   human otherwise (a tag `idgauge:kind=human` forces human).
//! - Root: the `<root_account>` row (matched on `user`, never on the ARN). `password_enabled`
//!   falls back to the summary's `AccountPasswordPresent` when the report says `not_supported`.
//!   `mfa_hardware`: `Some(false)` when a virtual MFA device is assigned to root, `Some(true)` when
//!   MFA is on and the virtual-device list (collected) shows none, `None` otherwise.
//! - Role trust: a `saml-provider` principal allowed `sts:AssumeRoleWithSAML` ⇒ saml (sso when the
//!   provider is `AWSSSO_*` or the role is `AWSReservedSSO_*`); `oidc-provider` or a web-identity
//!   provider ⇒ oidc; `Service` ⇒ service; `AWS` (account or ARN, or `*`) ⇒ account.
//! - OIDC providers are workload federation when the issuer is a CI or cluster issuer (GitHub
//!   Actions, GitLab, CircleCI, Bitbucket, Terraform Cloud, Buildkite, Azure DevOps, EKS,
//!   Kubernetes), workforce otherwise; SAML providers are workforce.
//! - Identity Center seen from a member account: when it lists no instance of its own, `sso` and
//!   `directory_users` are unavailable with a hint (the organization's instance is administered
//!   from the management account), never "collected, empty".
//! - Identity Center: `identity_source` is external_idp when a user or group of its identity store
//!   carries `ExternalIds`, unknown otherwise. Permission sets count only when exported (zero
//!   otherwise); with an instance present its account assignments are required (not read, the
//!   section is unavailable), and they count only for this account.
//! - Trails: `logging` from the trail's status, `None` without one; `management_events` from its
//!   event selectors (`IncludeManagementEvents`, or an advanced selector on
//!   `eventCategory = Management`; an answer with no selectors at all is CloudTrail's default,
//!   all management events), `None` when the selectors were not read.
//! - Alerts: one per metric filter × alarm on the filter's metric (enabled only when the alarm says
//!   `ActionsEnabled: true`; an unalarmed filter is an alert
//!   without action), one per EventBridge rule with an event pattern (enabled when its state starts
//!   with ENABLED; has an action when its exported targets are non-empty). What they detect:
//!   [`super::alerts`].
//! - GuardDuty: each listed detector needs its `get-detector` status (a suspended detector is
//!   still listed); regions are unknown from exports.
//! - SCPs: `denied_actions` are the `Action`s of `Deny` statements on resource `*` (never
//!   `NotAction`) without `Condition`, or whose condition only exempts named principals
//!   (`ArnNotLike`/`StringNotEquals`… on `aws:PrincipalArn`, `aws:PrincipalTag/*`, …). On a member
//!   account's scope a policy is attached when a target is this account, the root, or an OU on
//!   the account's path (`organizations:ListParents`); without the path, a policy attached only
//!   to OUs makes the section unavailable (whether it applies is unknown). On the management
//!   account never (SCPs do not apply to it); on the organization scope when it has any target.
//!   The organization scope carries every account's path (`account_paths`).
//! - Identity Center assignments: every assignment read is kept on the instance with the accounts
//!   it was read for (`--org`: every account; alone: this one and any account an export names,
//!   including by file name); an instance without permission sets needs none. Identity-store
//!   users carry their group ids when the memberships were read. Which people reach which
//!   account is decided when assessing, by [`super::credit`].
//! - Roles: `MaxSessionDuration` from `iam:ListRoles` when read (the authorization details lack it).
//! - GuardDuty: a live scan names the regions it read; one without any detector is a detector
//!   entry marked `missing`.
//! - Directory Service: a directory is healthy in the `Active` stage only.

use super::raw;
use crate::model::{
    AccessAnalyzer, AlertRule, AuditLog, DirectoryUser, Group, Guardrails, IdentityProvider,
    Organization, PasswordPolicy, Principal, Provider, Role, RootAccount, Scope, ScopeKind,
    Section, Sections, SsoInstance, ThreatDetector, UnavailableKind,
};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// API operation names, as section sources and in "unavailable" sections.
pub mod api {
    pub const GAAD: &str = "iam:GetAccountAuthorizationDetails";
    pub const CREDENTIAL_REPORT: &str = "iam:GetCredentialReport";
    pub const PASSWORD_POLICY: &str = "iam:GetAccountPasswordPolicy";
    pub const ACCOUNT_SUMMARY: &str = "iam:GetAccountSummary";
    pub const SAML_PROVIDERS: &str = "iam:ListSAMLProviders";
    pub const OIDC_PROVIDERS: &str = "iam:ListOpenIDConnectProviders";
    pub const VIRTUAL_MFA: &str = "iam:ListVirtualMFADevices";
    pub const MFA_DEVICES: &str = "iam:ListMFADevices";
    pub const ACCOUNT_ALIASES: &str = "iam:ListAccountAliases";
    pub const LIST_ROLES: &str = "iam:ListRoles";
    pub const CALLER_IDENTITY: &str = "sts:GetCallerIdentity";
    pub const TRAILS: &str = "cloudtrail:DescribeTrails";
    pub const TRAIL_STATUS: &str = "cloudtrail:GetTrailStatus";
    pub const EVENT_SELECTORS: &str = "cloudtrail:GetEventSelectors";
    pub const SSO_INSTANCES: &str = "sso-admin:ListInstances";
    pub const PERMISSION_SETS: &str = "sso-admin:ListPermissionSets";
    pub const ACCOUNT_ASSIGNMENTS: &str = "sso-admin:ListAccountAssignments";
    pub const IDENTITY_STORE_USERS: &str = "identitystore:ListUsers";
    pub const IDENTITY_STORE_GROUPS: &str = "identitystore:ListGroups";
    pub const GROUP_MEMBERSHIPS: &str = "identitystore:ListGroupMemberships";
    pub const PROVISIONED_ACCOUNTS: &str = "sso-admin:ListAccountsForProvisionedPermissionSet";
    pub const ORG_PARENTS: &str = "organizations:ListParents";
    pub const ORGANIZATION: &str = "organizations:DescribeOrganization";
    pub const ORG_ACCOUNTS: &str = "organizations:ListAccounts";
    pub const ORG_POLICIES: &str = "organizations:ListPolicies";
    pub const DESCRIBE_POLICY: &str = "organizations:DescribePolicy";
    pub const POLICY_TARGETS: &str = "organizations:ListTargetsForPolicy";
    pub const METRIC_FILTERS: &str = "logs:DescribeMetricFilters";
    pub const ALARMS: &str = "cloudwatch:DescribeAlarms";
    pub const EVENT_RULES: &str = "events:ListRules";
    pub const EVENT_RULE_TARGETS: &str = "events:ListTargetsByRule";
    pub const GUARDDUTY_DETECTORS: &str = "guardduty:ListDetectors";
    pub const GUARDDUTY_DETECTOR: &str = "guardduty:GetDetector";
    pub const ANALYZERS: &str = "access-analyzer:ListAnalyzers";
    pub const DIRECTORIES: &str = "ds:DescribeDirectories";
}

pub use crate::providers::section::Input;
use crate::providers::section::SectionBuilder as Builder;

// The per-service normalization (public helpers re-exported so `normalize::X` paths keep
// working); this module keeps the orchestration: RawAccount → sections → scopes.
use super::alerting::normalize::*;
pub use super::cloudtrail::normalize::*;
use super::detection::normalize::*;
pub use super::iam::normalize::*;
use super::identity_center::normalize::*;
use super::organizations::normalize::*;

/// `iam:GetAccountPasswordPolicy`: a policy, or `NoSuchEntity` (none set, AWS defaults apply).
#[derive(Debug, Clone, PartialEq)]
pub enum PasswordPolicyState {
    Configured(raw::PasswordPolicy),
    NotConfigured,
}

/// `organizations:DescribeOrganization`: the organization, or
/// `AWSOrganizationsNotInUseException` (a standalone account).
#[derive(Debug, Clone)]
pub enum OrganizationState {
    Member(raw::Organization),
    NotInOrganization,
}

/// Everything read about one AWS account, before normalization. Per-entity maps are keyed by the
/// entity's id: trail ARN, policy id, rule name, detector id.
#[derive(Debug, Clone, Default)]
pub struct RawAccount {
    pub caller_identity: Input<raw::CallerIdentity>,
    pub account_aliases: Input<Vec<String>>,
    /// `iam:ListRoles`: each role's maximum session length.
    pub listed_roles: Input<Vec<raw::ListedRole>>,
    pub authorization_details: Input<raw::AuthorizationDetails>,
    pub credential_report: Input<raw::CredentialReport>,
    pub password_policy: Input<PasswordPolicyState>,
    pub account_summary: Input<raw::AccountSummary>,
    pub saml_providers: Input<Vec<raw::SamlProvider>>,
    pub oidc_providers: Input<Vec<raw::OidcProvider>>,
    pub virtual_mfa_devices: Input<Vec<raw::VirtualMfaDevice>>,
    pub mfa_devices: Input<Vec<raw::MfaDevice>>,
    pub trails: Input<Vec<raw::Trail>>,
    pub trail_status: Input<BTreeMap<String, raw::TrailStatus>>,
    pub event_selectors: Input<BTreeMap<String, raw::EventSelectors>>,
    pub sso_instances: Input<Vec<raw::SsoInstance>>,
    pub permission_sets: Input<Vec<String>>,
    pub account_assignments: Input<Vec<raw::AccountAssignment>>,
    pub identity_store_users: Input<Vec<raw::IdentityStoreUser>>,
    pub identity_store_groups: Input<Vec<raw::IdentityStoreGroup>>,
    pub identity_store_memberships: Input<Vec<raw::GroupMembership>>,
    /// The accounts whose Identity Center assignments were read (`--org` reads every account of
    /// the organization); `None`: this account, and any account the assignments name.
    pub assignment_accounts: Option<Vec<String>>,
    pub organization: Input<OrganizationState>,
    pub organization_accounts: Input<Vec<raw::OrgAccount>>,
    pub org_policies: Input<Vec<raw::OrgPolicySummary>>,
    /// Policy id → policy content (JSON text).
    pub policy_contents: Input<BTreeMap<String, String>>,
    /// Policy id → targets.
    pub policy_targets: Input<BTreeMap<String, Vec<raw::PolicyTarget>>>,
    /// Child id (account or OU) → its parents (`organizations:ListParents`).
    pub org_parents: Input<BTreeMap<String, Vec<raw::Parent>>>,
    pub metric_filters: Input<Vec<raw::MetricFilter>>,
    pub alarms: Input<Vec<raw::MetricAlarm>>,
    pub event_rules: Input<Vec<raw::EventRule>>,
    /// Rule name → targets.
    pub event_rule_targets: Input<BTreeMap<String, Vec<raw::EventTarget>>>,
    pub guardduty_detectors: Input<Vec<String>>,
    /// The regions whose GuardDuty detector list was read (live scans; exports do not say).
    pub guardduty_regions: Input<Vec<String>>,
    /// Detector id → detector.
    pub guardduty_detector_status: Input<BTreeMap<String, raw::GuardDutyDetector>>,
    pub analyzers: Input<Vec<raw::Analyzer>>,
    pub directories: Input<Vec<raw::DirectoryDescription>>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum NormalizeError {
    #[error("cannot tell which AWS account the data belongs to: no ARN or caller identity names an account (add the output of `aws sts get-caller-identity`)")]
    NoAccountId,
    #[error("the data mixes AWS accounts: {first} (from {first_source}) and {second} (from {second_source})")]
    MixedAccounts {
        first: String,
        first_source: String,
        second: String,
        second_source: String,
    },
}

/// Normalizes one account: its `aws:account:<id>` scope, plus an `aws:organization:<id>` scope
/// when the organization was read. Sorted by id.
pub fn normalize(
    raw: &RawAccount,
    collected_at: DateTime<Utc>,
) -> Result<Vec<Scope>, NormalizeError> {
    let account_id = account_id(raw)?;
    let n = Normalizer {
        raw,
        at: collected_at,
        account_id: &account_id,
    };
    let org = match raw.organization.data() {
        Some(OrganizationState::Member(o)) => Some(o),
        _ => None,
    };
    let org_scope_id = org.map(|o| format!("aws:organization:{}", o.id));

    let sections = Sections {
        principals: Some(n.principals()),
        groups: Some(n.groups()),
        roles: Some(n.roles()),
        root: Some(n.root()),
        password_policy: Some(n.password_policy()),
        identity_providers: Some(n.identity_providers()),
        sso: Some(n.sso()),
        directory_users: Some(n.directory_users()),
        audit_logs: Some(n.audit_logs()),
        alerting: Some(n.alerting()),
        threat_detection: Some(n.threat_detection()),
        guardrails: Some(n.guardrails(false)),
        access_analysis: Some(n.access_analysis()),
        directories: Some(n.directories()),
        ..Sections::default()
    };
    let mut scopes = vec![Scope {
        id: format!("aws:account:{account_id}"),
        provider: Provider::Aws,
        kind: ScopeKind::Account,
        name: raw.account_aliases.data().and_then(|a| a.first().cloned()),
        parent: org_scope_id.clone(),
        sections,
    }];
    if let (Some(o), Some(id)) = (org, org_scope_id) {
        scopes.push(Scope {
            id,
            provider: Provider::Aws,
            kind: ScopeKind::Organization,
            name: None,
            parent: None,
            sections: Sections {
                organization: Some(n.organization(o)),
                guardrails: Some(n.guardrails(true)),
                ..Sections::default()
            },
        });
    }
    scopes.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(scopes)
}

/// The account id: from the caller identity, else from the ARNs of IAM users, groups, roles,
/// credential-report rows, identity providers and virtual MFA devices. All must agree.
pub fn account_id(raw: &RawAccount) -> Result<String, NormalizeError> {
    let mut found: Option<(String, String)> = None;
    let mut check = |id: Option<&str>, source: Option<&str>| -> Result<(), NormalizeError> {
        let (Some(id), Some(source)) = (id, source) else {
            return Ok(());
        };
        if !is_account_id(id) {
            return Ok(());
        }
        match &found {
            None => found = Some((id.to_string(), source.to_string())),
            Some((first, first_source)) if first != id => {
                return Err(NormalizeError::MixedAccounts {
                    first: first.clone(),
                    first_source: first_source.clone(),
                    second: id.to_string(),
                    second_source: source.to_string(),
                })
            }
            _ => {}
        }
        Ok(())
    };
    if let Some(c) = raw.caller_identity.data() {
        check(Some(&c.account), raw.caller_identity.source())?;
    }
    if let Some(g) = raw.authorization_details.data() {
        let src = raw.authorization_details.source();
        let arns = g
            .user_detail_list
            .iter()
            .map(|u| &u.arn)
            .chain(g.group_detail_list.iter().map(|x| &x.arn))
            .chain(g.role_detail_list.iter().map(|x| &x.arn));
        for arn in arns {
            check(arn_account(arn), src)?;
        }
    }
    if let Some(r) = raw.credential_report.data() {
        for row in &r.rows {
            check(arn_account(&row.arn), raw.credential_report.source())?;
        }
    }
    if let Some(p) = raw.saml_providers.data() {
        for x in p {
            check(arn_account(&x.arn), raw.saml_providers.source())?;
        }
    }
    if let Some(p) = raw.oidc_providers.data() {
        for x in p {
            check(arn_account(&x.arn), raw.oidc_providers.source())?;
        }
    }
    if let Some(v) = raw.virtual_mfa_devices.data() {
        for d in v {
            check(
                arn_account(&d.serial_number),
                raw.virtual_mfa_devices.source(),
            )?;
        }
    }
    found.map(|(id, _)| id).ok_or(NormalizeError::NoAccountId)
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The account field of an ARN (`arn:aws:iam::123456789012:user/x` → `123456789012`).
pub fn arn_account(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let account = parts.nth(3)?;
    is_account_id(account).then_some(account)
}

struct Normalizer<'a> {
    raw: &'a RawAccount,
    at: DateTime<Utc>,
    account_id: &'a str,
}

impl Normalizer<'_> {
    // ---- IAM users, groups, roles -----------------------------------------------------------

    fn principals(&self) -> Section<Vec<Principal>> {
        let mut b = Builder::default();
        let gaad = b.require(api::GAAD, &self.raw.authorization_details);
        let report = b.require(api::CREDENTIAL_REPORT, &self.raw.credential_report);
        let vmfa = b.optional(&self.raw.virtual_mfa_devices);
        let mfa = b.optional(&self.raw.mfa_devices);
        let (Some(gaad), Some(report)) = (gaad, report) else {
            return b.build(self.at, Vec::new);
        };
        match principals(gaad, report, vmfa, mfa) {
            Ok(p) => b.build(self.at, || p),
            Err(message) => {
                b.gap(UnavailableKind::Error, message);
                b.build(self.at, Vec::new)
            }
        }
    }

    fn groups(&self) -> Section<Vec<Group>> {
        let mut b = Builder::default();
        let Some(gaad) = b.require(api::GAAD, &self.raw.authorization_details) else {
            return b.build(self.at, Vec::new);
        };
        b.build(self.at, || groups(gaad))
    }

    fn roles(&self) -> Section<Vec<Role>> {
        let mut b = Builder::default();
        let Some(gaad) = b.require(api::GAAD, &self.raw.authorization_details) else {
            return b.build(self.at, Vec::new);
        };
        let listed = b.optional(&self.raw.listed_roles);
        b.build(self.at, || roles(gaad, listed.map(Vec::as_slice)))
    }

    fn root(&self) -> Section<RootAccount> {
        let mut b = Builder::default();
        let report = b.require(api::CREDENTIAL_REPORT, &self.raw.credential_report);
        let summary = b.optional(&self.raw.account_summary);
        let vmfa = b.optional(&self.raw.virtual_mfa_devices);
        let Some(report) = report else {
            return b.build(self.at, placeholder_root);
        };
        match root(report, summary, vmfa, self.account_id) {
            Ok(r) => b.build(self.at, || r),
            Err(message) => {
                b.gap(UnavailableKind::Error, message);
                b.build(self.at, placeholder_root)
            }
        }
    }

    fn password_policy(&self) -> Section<PasswordPolicy> {
        let mut b = Builder::default();
        let p = b.require(api::PASSWORD_POLICY, &self.raw.password_policy);
        let policy = match p {
            Some(PasswordPolicyState::Configured(p)) => PasswordPolicy {
                configured: true,
                minimum_length: p.minimum_password_length,
                require_symbols: p.require_symbols,
                require_numbers: p.require_numbers,
                require_uppercase: p.require_uppercase_characters,
                require_lowercase: p.require_lowercase_characters,
                max_age_days: p.max_password_age.filter(|d| *d > 0),
                reuse_prevention: p.password_reuse_prevention,
            },
            _ => not_configured_policy(),
        };
        b.build(self.at, || policy)
    }

    fn identity_providers(&self) -> Section<Vec<IdentityProvider>> {
        let mut b = Builder::default();
        let saml = b.require(api::SAML_PROVIDERS, &self.raw.saml_providers);
        let oidc = b.require(api::OIDC_PROVIDERS, &self.raw.oidc_providers);
        let (Some(saml), Some(oidc)) = (saml, oidc) else {
            return b.build(self.at, Vec::new);
        };
        b.build(self.at, || identity_providers(saml, oidc))
    }

    // ---- Identity Center ---------------------------------------------------------------------

    /// A member account that lists no Identity Center instance of its own: the organization's
    /// instance lives in the management (or a delegated administrator) account, where this
    /// account cannot see it. What Identity Center provides here is then unknown, not "none".
    fn identity_center_elsewhere(&self, b: &mut Builder) -> bool {
        let Some(OrganizationState::Member(o)) = self.raw.organization.data() else {
            return false;
        };
        let management = o.master_account_id.as_deref().unwrap_or("");
        let none_here = self.raw.sso_instances.data().is_some_and(Vec::is_empty);
        if !none_here || management == self.account_id {
            return false;
        }
        b.needs(api::SSO_INSTANCES);
        b.gap(
            UnavailableKind::NotCollected,
            format!(
                "{} {}: the \
                 organization's instance is administered from its management account {} (or a \
                 delegated administrator); scan with --org from there, or import that \
                 account's sso-admin and identitystore exports beside this one",
                super::credit::IC_ELSEWHERE,
                self.account_id,
                if management.is_empty() {
                    "(unknown)"
                } else {
                    management
                }
            ),
        );
        true
    }

    fn sso(&self) -> Section<Vec<SsoInstance>> {
        let mut b = Builder::default();
        if self.identity_center_elsewhere(&mut b) {
            return b.build(self.at, Vec::new);
        }
        let instances = b.require(api::SSO_INSTANCES, &self.raw.sso_instances);
        let users = b.optional(&self.raw.identity_store_users);
        let groups = b.optional(&self.raw.identity_store_groups);
        let psets = b.optional(&self.raw.permission_sets);
        // With an instance, its assignments to this account decide whether people reach the
        // account through it (010, 018, 034): not read means unknown, never "none".
        // (None are needed when the instance has no permission set: nothing can be assigned.)
        let no_permission_sets = psets.is_some_and(Vec::is_empty);
        let assignments = if instances.is_some_and(|i| !i.is_empty()) && !no_permission_sets {
            b.require(api::ACCOUNT_ASSIGNMENTS, &self.raw.account_assignments)
        } else {
            b.optional(&self.raw.account_assignments)
        };
        let Some(instances) = instances else {
            return b.build(self.at, Vec::new);
        };
        // Whose assignments were read: what `--org` says, else this account and any account an
        // exported assignment names; nobody's when they were not read.
        let read_for: Vec<String> = match (assignments, &self.raw.assignment_accounts) {
            // Without permission sets nothing is assigned anywhere: known for every account.
            (None, Some(accounts)) if no_permission_sets => accounts.clone(),
            (None, None) if no_permission_sets => vec![self.account_id.to_string()],
            (None, _) => Vec::new(),
            (Some(_), Some(accounts)) => accounts
                .iter()
                .cloned()
                .chain(std::iter::once(self.account_id.to_string()))
                .collect(),
            (Some(list), None) => std::iter::once(self.account_id.to_string())
                .chain(list.iter().filter_map(|a| a.account_id.clone()))
                .collect(),
        };
        b.build(self.at, || {
            sso_instances(
                instances,
                users.map(Vec::as_slice).unwrap_or(&[]),
                groups.map(Vec::as_slice).unwrap_or(&[]),
                psets.map(Vec::as_slice).unwrap_or(&[]),
                assignments.map(Vec::as_slice).unwrap_or(&[]),
                self.account_id,
                &read_for,
            )
        })
    }

    fn directory_users(&self) -> Section<Vec<DirectoryUser>> {
        let mut b = Builder::default();
        if self.identity_center_elsewhere(&mut b) {
            return b.build(self.at, Vec::new);
        }
        // No Identity Center instance: there is no identity store, so no users — known, not
        // guessed.
        if let (Input::Missing { .. }, Some(instances)) = (
            &self.raw.identity_store_users,
            self.raw.sso_instances.data(),
        ) {
            if instances.is_empty() {
                let mut b = Builder::default();
                b.require(api::SSO_INSTANCES, &self.raw.sso_instances);
                return b.build(self.at, Vec::new);
            }
        }
        let mut b = Builder::default();
        let Some(users) = b.require(api::IDENTITY_STORE_USERS, &self.raw.identity_store_users)
        else {
            return b.build(self.at, Vec::new);
        };
        // Memberships only add precision (who reaches an account through a group): without
        // them each user's `groups` is unknown, never "none".
        let memberships = b.optional(&self.raw.identity_store_memberships);
        b.build(self.at, || {
            directory_users(users, memberships.map(Vec::as_slice))
        })
    }

    // ---- Logging and alerting ----------------------------------------------------------------

    fn audit_logs(&self) -> Section<Vec<AuditLog>> {
        let mut b = Builder::default();
        let trails = b.require(api::TRAILS, &self.raw.trails);
        let status = b.optional(&self.raw.trail_status);
        let selectors = b.optional(&self.raw.event_selectors);
        let Some(trails) = trails else {
            return b.build(self.at, Vec::new);
        };
        let empty_s = BTreeMap::new();
        let empty_e = BTreeMap::new();
        b.build(self.at, || {
            audit_logs(
                trails,
                status.unwrap_or(&empty_s),
                selectors.unwrap_or(&empty_e),
            )
        })
    }

    fn alerting(&self) -> Section<Vec<AlertRule>> {
        let mut b = Builder::default();
        let filters = b.require(api::METRIC_FILTERS, &self.raw.metric_filters);
        let alarms = b.require(api::ALARMS, &self.raw.alarms);
        let rules = b.require(api::EVENT_RULES, &self.raw.event_rules);
        let targets = b.optional(&self.raw.event_rule_targets);
        let (Some(filters), Some(alarms), Some(rules)) = (filters, alarms, rules) else {
            return b.build(self.at, Vec::new);
        };
        let empty = BTreeMap::new();
        b.build(self.at, || {
            alert_rules(filters, alarms, rules, targets.unwrap_or(&empty))
        })
    }

    fn threat_detection(&self) -> Section<Vec<ThreatDetector>> {
        let mut b = Builder::default();
        let ids = b.require(api::GUARDDUTY_DETECTORS, &self.raw.guardduty_detectors);
        let Some(ids) = ids else {
            b.needs(api::GUARDDUTY_DETECTOR);
            return b.build(self.at, Vec::new);
        };
        let mut detectors = Vec::new();
        if !ids.is_empty() {
            let status = b.require(api::GUARDDUTY_DETECTOR, &self.raw.guardduty_detector_status);
            if let Some(status) = status {
                let mut ids: Vec<&String> = ids.iter().collect();
                ids.sort();
                ids.dedup();
                for id in ids {
                    match status.get(id) {
                        Some(d) => detectors.push(ThreatDetector {
                            id: id.clone(),
                            kind: "guardduty".into(),
                            region: d.region.clone(),
                            enabled: d.status.eq_ignore_ascii_case("ENABLED"),
                            missing: false,
                        }),
                        None => b.gap(
                            UnavailableKind::NotCollected,
                            format!("no GuardDuty get-detector status for detector {id}: a suspended detector is still listed, so listing alone does not show it is enabled"),
                        ),
                    }
                }
            }
        }
        // Each region read that has no detector at all: nothing watches it there.
        if let Some(regions) = b.optional(&self.raw.guardduty_regions) {
            for r in regions {
                if !detectors.iter().any(|d| d.region.as_deref() == Some(r)) {
                    detectors.push(ThreatDetector {
                        id: format!("guardduty:{r}"),
                        kind: "guardduty".into(),
                        region: Some(r.clone()),
                        enabled: false,
                        missing: true,
                    });
                }
            }
        }
        b.build(self.at, || detectors)
    }

    fn access_analysis(&self) -> Section<Vec<AccessAnalyzer>> {
        let mut b = Builder::default();
        let Some(list) = b.require(api::ANALYZERS, &self.raw.analyzers) else {
            return b.build(self.at, Vec::new);
        };
        b.build(self.at, || analyzers(list))
    }

    fn directories(&self) -> Section<Vec<crate::model::Directory>> {
        let mut b = Builder::default();
        let Some(list) = b.require(api::DIRECTORIES, &self.raw.directories) else {
            return b.build(self.at, Vec::new);
        };
        b.build(self.at, || super::directory::normalize::directories(list))
    }

    // ---- Organizations -----------------------------------------------------------------------

    fn guardrails(&self, org_scope: bool) -> Section<Guardrails> {
        let mut b = Builder::default();
        let state = b.require(api::ORGANIZATION, &self.raw.organization);
        let empty = || Guardrails {
            in_organization: false,
            management_account: false,
            policies: Vec::new(),
            path: Vec::new(),
        };
        match state {
            None => b.build(self.at, empty),
            Some(OrganizationState::NotInOrganization) => b.build(self.at, empty),
            Some(OrganizationState::Member(o)) => {
                let listed = b.require(api::ORG_POLICIES, &self.raw.org_policies);
                b.needs(api::DESCRIBE_POLICY);
                b.needs(api::POLICY_TARGETS);
                let contents = b.optional(&self.raw.policy_contents);
                let targets = b.optional(&self.raw.policy_targets);
                let Some(listed) = listed else {
                    return b.build(self.at, empty);
                };
                let no_contents = BTreeMap::new();
                let no_targets = BTreeMap::new();
                let management_account =
                    !org_scope && o.master_account_id.as_deref() == Some(self.account_id);
                let path = if org_scope || management_account {
                    None
                } else {
                    b.optional(&self.raw.org_parents)
                        .and_then(|p| account_path(p, self.account_id))
                };
                let (policies, gaps) = guardrail_policies(
                    listed,
                    contents.unwrap_or(&no_contents),
                    targets.unwrap_or(&no_targets),
                    if org_scope {
                        Scoped::Organization
                    } else if management_account {
                        Scoped::ManagementAccount
                    } else {
                        Scoped::Account(self.account_id, path.as_deref())
                    },
                );
                // A policy's content or targets missing because the call failed: say why.
                let kind = failure_kind(&self.raw.policy_contents)
                    .or_else(|| failure_kind(&self.raw.policy_targets))
                    .unwrap_or(UnavailableKind::NotCollected);
                for g in gaps {
                    b.gap(kind, g);
                }
                b.build(self.at, || Guardrails {
                    in_organization: true,
                    management_account,
                    policies,
                    path: path.unwrap_or_default(),
                })
            }
        }
    }

    fn organization(&self, o: &raw::Organization) -> Section<Organization> {
        let mut b = Builder::default();
        b.require(api::ORGANIZATION, &self.raw.organization);
        let listed = b.optional(&self.raw.organization_accounts);
        let accounts: BTreeSet<String> = match listed {
            Some(list) => list.iter().map(|a| a.id.clone()).collect(),
            // Without the account list, the members known for certain.
            None => [
                Some(self.account_id.to_string()),
                o.master_account_id.clone(),
            ]
            .into_iter()
            .flatten()
            .collect(),
        };
        let parents = b.optional(&self.raw.org_parents);
        let account_paths: BTreeMap<String, Vec<String>> = parents
            .map(|p| {
                accounts
                    .iter()
                    .filter_map(|a| Some((a.clone(), account_path(p, a)?)))
                    .collect()
            })
            .unwrap_or_default();
        b.build(self.at, || Organization {
            id: o.id.clone(),
            management_account: o.master_account_id.clone(),
            feature_set: o.feature_set.clone(),
            accounts: accounts.into_iter().collect(),
            account_paths,
        })
    }
}

fn placeholder_root() -> RootAccount {
    RootAccount {
        id: String::new(),
        mfa_active: false,
        mfa_hardware: None,
        mfa_devices: Vec::new(),
        password_enabled: None,
        password_last_used: None,
        access_keys: Vec::new(),
        created: None,
    }
}

fn not_configured_policy() -> PasswordPolicy {
    PasswordPolicy {
        configured: false,
        minimum_length: None,
        require_symbols: false,
        require_numbers: false,
        require_uppercase: false,
        require_lowercase: false,
        max_age_days: None,
        reuse_prevention: None,
    }
}

/// Why an input failed, if it did.
fn failure_kind<T>(input: &Input<T>) -> Option<UnavailableKind> {
    match input {
        Input::Failed { reason, .. } => Some(reason.kind),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        DirectorySource, GuardrailPolicy, IdpPurpose, MfaKind, PrincipalKind, RoleTrust, TrustKind,
        Unavailable,
    };
    use crate::providers::aws::raw::PolicyDocument;
    use serde_json::json;

    fn t(s: &str) -> DateTime<Utc> {
        raw::parse_time(s).unwrap()
    }

    fn doc(v: serde_json::Value) -> PolicyDocument {
        PolicyDocument(v)
    }

    const ACCT: &str = "123456789012";

    fn gaad(v: serde_json::Value) -> raw::AuthorizationDetails {
        serde_json::from_value(v).unwrap()
    }

    fn user(name: &str, extra: serde_json::Value) -> serde_json::Value {
        let mut u = json!({
            "Path": "/", "UserName": name, "UserId": format!("AIDA{name}"),
            "Arn": format!("arn:aws:iam::{ACCT}:user/{name}"),
            "CreateDate": "2024-01-01T00:00:00Z",
            "UserPolicyList": [], "GroupList": [], "AttachedManagedPolicies": [], "Tags": []
        });
        for (k, v) in extra.as_object().unwrap() {
            u[k] = v.clone();
        }
        u
    }

    fn row(user: &str, console: bool, mfa: bool, key1: bool) -> raw::CredentialReportRow {
        raw::CredentialReportRow {
            user: user.into(),
            arn: if user == raw::ROOT_ACCOUNT_USER {
                format!("arn:aws:iam::{ACCT}:root")
            } else {
                format!("arn:aws:iam::{ACCT}:user/{user}")
            },
            user_creation_time: Some(t("2024-01-01T00:00:00Z")),
            password_enabled: Some(console),
            password_last_used: None,
            password_last_changed: None,
            mfa_active: mfa,
            access_keys: [
                raw::ReportAccessKey {
                    active: key1,
                    last_rotated: key1.then(|| t("2024-02-01T00:00:00Z")),
                    last_used_date: None,
                    last_used_region: None,
                    last_used_service: None,
                },
                raw::ReportAccessKey::default(),
            ],
        }
    }

    fn report(rows: Vec<raw::CredentialReportRow>) -> raw::CredentialReport {
        raw::CredentialReport {
            generated: None,
            rows,
        }
    }

    #[test]
    fn principals_join_users_and_report_rows() {
        let g = gaad(json!({
            "UserDetailList": [
                user("alice", json!({"GroupList": ["Admins"]})),
                user("svc-backup", json!({"AttachedManagedPolicies": [{"PolicyName": "S3", "PolicyArn": "arn:aws:iam::aws:policy/AmazonS3FullAccess"}],
                                          "UserPolicyList": [{"PolicyName": "extra", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}]})),
                user("jenkins", json!({})),
                user("bob", json!({"Tags": [{"Key": "idgauge:kind", "Value": "workload"}]})),
            ],
            "GroupDetailList": [{"GroupName": "Admins", "Arn": format!("arn:aws:iam::{ACCT}:group/Admins"),
                "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}],
            "RoleDetailList": [], "Policies": []
        }));
        let r = report(vec![
            row(raw::ROOT_ACCOUNT_USER, true, true, false),
            row("alice", true, true, false),
            row("svc-backup", false, false, true),
            row("jenkins", false, false, true),
            row("bob", false, false, false),
            row("deleted-user", true, false, false),
        ]);
        let p = principals(&g, &r, None, None).unwrap();
        let by = |n: &str| p.iter().find(|x| x.name == n).unwrap();
        assert_eq!(p.len(), 4, "deleted users and root are not principals");
        let alice = by("alice");
        assert!(alice.console_access && alice.mfa_active && alice.privileged);
        assert_eq!(alice.kind, PrincipalKind::Human);
        assert_eq!(alice.groups, vec!["Admins"]);
        assert!(alice.direct_policies.is_empty());
        assert_eq!(alice.mfa_devices.len(), 1);
        assert_eq!(alice.mfa_devices[0].kind, MfaKind::Other);
        assert!(!alice.mfa_devices[0].phishing_resistant);
        let svc = by("svc-backup");
        assert_eq!(svc.kind, PrincipalKind::Workload);
        assert!(!svc.privileged, "s3:* is not administrator access");
        assert_eq!(
            svc.direct_policies,
            vec!["arn:aws:iam::aws:policy/AmazonS3FullAccess", "inline:extra"]
        );
        assert_eq!(svc.access_keys.len(), 1);
        assert_eq!(svc.access_keys[0].id, "AKIA…#1");
        assert!(svc.access_keys[0].active);
        assert_eq!(svc.access_keys[0].created, Some(t("2024-02-01T00:00:00Z")));
        assert_eq!(by("jenkins").kind, PrincipalKind::Human, "no workload sign");
        assert_eq!(by("bob").kind, PrincipalKind::Workload, "tagged");
        assert!(by("bob").access_keys.is_empty());
    }

    #[test]
    fn a_user_missing_from_the_report_makes_principals_unknown() {
        let g = gaad(json!({"UserDetailList": [user("alice", json!({})), user("new", json!({}))]}));
        let r = report(vec![row("alice", true, false, false)]);
        let e = principals(&g, &r, None, None).unwrap_err();
        assert!(e.contains("no row for IAM user(s) new"), "{e}");
    }

    #[test]
    fn console_users_are_human_even_when_named_like_workloads() {
        let g = gaad(json!({"UserDetailList": [user("svc-x", json!({"Path": "/service/"}))]}));
        let p = principals(
            &g,
            &report(vec![row("svc-x", true, false, false)]),
            None,
            None,
        )
        .unwrap();
        assert_eq!(p[0].kind, PrincipalKind::Human);
    }

    #[test]
    fn mfa_devices_by_serial_and_virtual_assignment() {
        let g =
            gaad(json!({"UserDetailList": [user("alice", json!({})), user("carol", json!({}))]}));
        let r = report(vec![
            row("alice", true, true, false),
            row("carol", true, true, false),
        ]);
        let vmfa: Vec<raw::VirtualMfaDevice> = serde_json::from_value(json!([
            {"SerialNumber": format!("arn:aws:iam::{ACCT}:mfa/alice"), "User": {"UserName": "alice", "Arn": format!("arn:aws:iam::{ACCT}:user/alice")}, "EnableDate": "2024-03-01T00:00:00Z"},
            {"SerialNumber": format!("arn:aws:iam::{ACCT}:mfa/unassigned")}
        ])).unwrap();
        let mfa: Vec<raw::MfaDevice> = serde_json::from_value(json!([
            {"UserName": "carol", "SerialNumber": format!("arn:aws:iam::{ACCT}:u2f/user/carol/yubikey-ABCDEF"), "EnableDate": "2024-03-01T00:00:00Z"},
            {"UserName": "carol", "SerialNumber": "GAHT12345678"}
        ])).unwrap();
        let p = principals(&g, &r, Some(&vmfa), Some(&mfa)).unwrap();
        let alice = &p[0];
        assert_eq!(alice.mfa_devices.len(), 1);
        assert_eq!(alice.mfa_devices[0].kind, MfaKind::Virtual);
        assert_eq!(
            alice.mfa_devices[0].enabled,
            Some(t("2024-03-01T00:00:00Z"))
        );
        let carol = &p[1];
        let kinds: Vec<(MfaKind, bool)> = carol
            .mfa_devices
            .iter()
            .map(|d| (d.kind, d.phishing_resistant))
            .collect();
        assert_eq!(
            kinds,
            vec![(MfaKind::Fido, true), (MfaKind::Hardware, false)]
        );
    }

    #[test]
    fn privilege_from_customer_and_inline_admin_policies() {
        let g = gaad(json!({
            "UserDetailList": [
                user("a", json!({"AttachedManagedPolicies": [{"PolicyArn": format!("arn:aws:iam::{ACCT}:policy/Everything")}]})),
                user("b", json!({"UserPolicyList": [{"PolicyName": "iam", "PolicyDocument": "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22iam%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"}]})),
                user("c", json!({"AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::aws:policy/IAMFullAccess"}]})),
                user("d", json!({"AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]})),
            ],
            "Policies": [{"PolicyName": "Everything", "Arn": format!("arn:aws:iam::{ACCT}:policy/Everything"), "DefaultVersionId": "v2",
                "PolicyVersionList": [
                    {"VersionId": "v1", "IsDefaultVersion": false, "Document": {"Statement": []}},
                    {"VersionId": "v2", "IsDefaultVersion": true, "Document": {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}}]}]
        }));
        let r = report(
            ["a", "b", "c", "d"]
                .iter()
                .map(|n| row(n, false, false, false))
                .collect(),
        );
        let p = principals(&g, &r, None, None).unwrap();
        let privileged: Vec<bool> = p.iter().map(|x| x.privileged).collect();
        assert_eq!(privileged, vec![true, true, true, false]);
    }

    #[test]
    fn groups_count_members_and_privilege() {
        let g = gaad(json!({
            "UserDetailList": [user("a", json!({"GroupList": ["Ops", "Ops"]})), user("b", json!({"GroupList": ["Ops"]}))],
            "GroupDetailList": [
                {"GroupName": "Ops", "Arn": format!("arn:aws:iam::{ACCT}:group/Ops"), "GroupPolicyList": [{"PolicyName": "all", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": ["*:*"], "Resource": ["*"]}]}}]},
                {"GroupName": "Empty", "Arn": format!("arn:aws:iam::{ACCT}:group/Empty")}
            ]
        }));
        let gs = groups(&g);
        assert_eq!(gs[0].name, "Empty");
        assert_eq!(gs[0].member_count, Some(0));
        assert!(!gs[0].privileged);
        assert_eq!(gs[1].member_count, Some(2));
        assert!(gs[1].privileged);
        assert_eq!(gs[1].policies, vec!["inline:all"]);
    }

    #[test]
    fn role_trust_kinds() {
        let trust = |name: &str, v: serde_json::Value| role_trust(name, Some(&doc(v)));
        let saml = trust(
            "Admin",
            json!({"Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1:saml-provider/Okta"}, "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"]}]}),
        );
        assert_eq!(
            saml,
            vec![RoleTrust {
                kind: TrustKind::Saml,
                principal: "arn:aws:iam::1:saml-provider/Okta".into()
            }]
        );
        let sso = trust(
            "Admin",
            json!({"Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1:saml-provider/AWSSSO_abc_DO_NOT_DELETE"}, "Action": "sts:AssumeRoleWithSAML"}]}),
        );
        assert_eq!(sso[0].kind, TrustKind::Sso);
        let reserved = trust(
            "AWSReservedSSO_Admin_0123",
            json!({"Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1:saml-provider/Other"}, "Action": "sts:AssumeRoleWithSAML"}]}),
        );
        assert_eq!(reserved[0].kind, TrustKind::Sso);
        let oidc = trust(
            "gh",
            json!({"Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}),
        );
        assert_eq!(oidc[0].kind, TrustKind::Oidc);
        let mixed = trust(
            "x",
            json!({"Statement": [
                {"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"], "AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole"},
                {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::888888888888:root"}, "Action": "sts:AssumeRole"},
                {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1:saml-provider/Okta"}, "Action": "sts:TagSession"}
            ]}),
        );
        let kinds: Vec<(TrustKind, &str)> = mixed
            .iter()
            .map(|t| (t.kind, t.principal.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (TrustKind::Service, "ec2.amazonaws.com"),
                (TrustKind::Service, "lambda.amazonaws.com"),
                (TrustKind::Account, "arn:aws:iam::999999999999:root"),
            ],
            "deny statements and SAML principals without AssumeRoleWithSAML do not trust"
        );
        let public = trust(
            "p",
            json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}}),
        );
        assert_eq!(public[0].principal, "*");
    }

    fn vmfa(serial: &str, user_arn: Option<&str>) -> raw::VirtualMfaDevice {
        raw::VirtualMfaDevice {
            serial_number: serial.into(),
            user: user_arn.map(|a| raw::MfaDeviceUser {
                user_name: None,
                arn: Some(a.into()),
            }),
            enable_date: None,
        }
    }

    #[test]
    fn root_mfa_hardware_needs_the_virtual_device_list() {
        let r = report(vec![row(raw::ROOT_ACCOUNT_USER, true, true, true)]);
        let root_virtual = vec![vmfa(
            &format!("arn:aws:iam::{ACCT}:mfa/root-account-mfa-device"),
            Some(&format!("arn:aws:iam::{ACCT}:root")),
        )];
        let others = vec![vmfa(&format!("arn:aws:iam::{ACCT}:mfa/alice"), None)];
        let x = root(&r, None, Some(&root_virtual), ACCT).unwrap();
        assert_eq!(x.mfa_hardware, Some(false));
        assert_eq!(x.id, format!("arn:aws:iam::{ACCT}:root"));
        assert_eq!(x.access_keys.len(), 1);
        assert_eq!(
            root(&r, None, Some(&others), ACCT).unwrap().mfa_hardware,
            Some(true)
        );
        assert_eq!(root(&r, None, None, ACCT).unwrap().mfa_hardware, None);
        let no_mfa = report(vec![row(raw::ROOT_ACCOUNT_USER, true, false, false)]);
        assert_eq!(
            root(&no_mfa, None, Some(&others), ACCT)
                .unwrap()
                .mfa_hardware,
            None
        );
        let e = root(
            &report(vec![row("alice", true, true, false)]),
            None,
            None,
            ACCT,
        )
        .unwrap_err();
        assert!(e.contains("<root_account>"));
    }

    #[test]
    fn root_password_falls_back_to_the_summary() {
        let mut row = row(raw::ROOT_ACCOUNT_USER, true, true, false);
        row.password_enabled = None; // not_supported
        let r = report(vec![row]);
        let summary = raw::AccountSummary {
            summary_map: [("AccountPasswordPresent".to_string(), 0)].into(),
        };
        assert_eq!(
            root(&r, Some(&summary), None, ACCT)
                .unwrap()
                .password_enabled,
            Some(false)
        );
        assert_eq!(root(&r, None, None, ACCT).unwrap().password_enabled, None);
    }

    #[test]
    fn oidc_purpose_by_issuer() {
        for url in [
            "https://token.actions.githubusercontent.com",
            "https://gitlab.com",
            "https://oidc.circleci.com/org/abc",
            "https://api.bitbucket.org/2.0/workspaces/x/pipelines-config/identity/oidc",
            "https://app.terraform.io",
            "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF",
        ] {
            assert_eq!(oidc_purpose(url), IdpPurpose::Workload, "{url}");
        }
        assert_eq!(
            oidc_purpose("https://login.microsoftonline.com/tid/v2.0"),
            IdpPurpose::Workforce
        );
        assert_eq!(
            oidc_purpose("https://example.okta.com"),
            IdpPurpose::Workforce
        );
    }

    #[test]
    fn scp_denied_actions_count_principal_exemptions_only() {
        let d = doc(json!({"Statement": [
            {"Effect": "Deny", "Action": ["iam:CreateUser", "iam:CreateAccessKey"], "Resource": "*"},
            // Exempting named principals still denies everyone else: counted.
            {"Effect": "Deny", "Action": "iam:CreateLoginProfile", "Resource": "*", "Condition": {"StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}}},
            {"Effect": "Deny", "Action": "iam:CreateGroup", "Resource": "*", "Condition": {"ArnNotLikeIfExists": {"aws:PrincipalArn": ["arn:aws:iam::*:role/a"]}, "StringNotEquals": {"aws:PrincipalTag/team": "platform"}}},
            // Any other condition may stop no one: not counted.
            {"Effect": "Deny", "Action": "iam:DeleteRole", "Resource": "*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}},
            {"Effect": "Deny", "Action": "iam:UpdateUser", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}},
            {"Effect": "Deny", "Action": "iam:TagUser", "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalArn": "x", "aws:RequestedRegion": "y"}}},
            {"Effect": "Deny", "NotAction": ["iam:*"], "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::logs"},
            {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": ["*"], "Condition": {}},
            {"Effect": "Allow", "Action": "*", "Resource": "*"}
        ]}));
        assert_eq!(
            denied_actions(&d),
            vec![
                "iam:CreateAccessKey",
                "iam:CreateGroup",
                "iam:CreateLoginProfile",
                "iam:CreateUser",
                "organizations:LeaveOrganization"
            ]
        );
    }

    fn target(id: &str, ty: &str) -> raw::PolicyTarget {
        raw::PolicyTarget {
            target_id: id.into(),
            name: None,
            target_type: Some(ty.into()),
        }
    }

    fn listed(id: &str, name: &str, aws: bool) -> raw::OrgPolicySummary {
        raw::OrgPolicySummary {
            id: id.into(),
            arn: Some(format!(
                "arn:aws:organizations::111111111111:policy/o-x/service_control_policy/{id}"
            )),
            name: name.into(),
            policy_type: Some("SERVICE_CONTROL_POLICY".into()),
            aws_managed: aws,
        }
    }

    #[test]
    fn scp_attachment_on_account_and_organization_scopes() {
        let policies = vec![
            listed("p-FullAWSAccess", "FullAWSAccess", true),
            listed("p-root", "root", false),
            listed("p-other", "other-account", false),
            listed("p-mine", "this-account", false),
            listed("p-ou", "ou", false),
            listed("p-none", "detached", false),
        ];
        let deny = r#"{"Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}"#;
        let contents: BTreeMap<String, String> = policies
            .iter()
            .filter(|p| !p.aws_managed)
            .map(|p| (p.id.clone(), deny.to_string()))
            .collect();
        let targets: BTreeMap<String, Vec<raw::PolicyTarget>> = [
            ("p-root", vec![target("r-abcd", "ROOT")]),
            ("p-other", vec![target("999999999999", "ACCOUNT")]),
            ("p-mine", vec![target(ACCT, "ACCOUNT")]),
            (
                "p-ou",
                vec![target("ou-abcd-11111111", "ORGANIZATIONAL_UNIT")],
            ),
            ("p-none", vec![]),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let path = vec!["r-abcd".to_string(), "ou-abcd-11111111".to_string()];
        let (acct, gaps) = guardrail_policies(
            &policies,
            &contents,
            &targets,
            Scoped::Account(ACCT, Some(&path)),
        );
        assert!(gaps.is_empty(), "{gaps:?}");
        let attached =
            |v: &[GuardrailPolicy], n: &str| v.iter().find(|p| p.name == n).unwrap().attached;
        assert!(attached(&acct, "root"));
        assert!(!attached(&acct, "other-account"));
        assert!(attached(&acct, "this-account"));
        assert!(attached(&acct, "ou"), "the OU is on the account's path");
        assert!(!attached(&acct, "detached"));
        // In another OU: the OU policy does not reach it.
        let elsewhere = vec!["r-abcd".to_string(), "ou-abcd-22222222".to_string()];
        let (other, gaps) = guardrail_policies(
            &policies,
            &contents,
            &targets,
            Scoped::Account(ACCT, Some(&elsewhere)),
        );
        assert!(gaps.is_empty(), "{gaps:?}");
        assert!(!attached(&other, "ou"));
        assert!(attached(&other, "root"));
        // Path unknown: whether the OU policy applies is unknown — a gap, not a guess.
        let (unknown, gaps) =
            guardrail_policies(&policies, &contents, &targets, Scoped::Account(ACCT, None));
        assert!(!attached(&unknown, "ou"));
        assert!(attached(&unknown, "root"));
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert!(gaps[0].contains("p-ou") && gaps[0].contains("list-parents"));
        assert!(!attached(&acct, "FullAWSAccess"), "no targets exported");
        let (org, _) = guardrail_policies(&policies, &contents, &targets, Scoped::Organization);
        assert!(attached(&org, "other-account"));
        assert!(!attached(&org, "detached"));
        let (mgmt, _) =
            guardrail_policies(&policies, &contents, &targets, Scoped::ManagementAccount);
        assert!(
            mgmt.iter().all(|p| !p.attached),
            "SCPs never apply to the management account"
        );
        // A customer policy without content or targets is a gap, not an empty policy.
        let (_, gaps) = guardrail_policies(
            &policies,
            &BTreeMap::new(),
            &targets,
            Scoped::Account(ACCT, Some(&path)),
        );
        assert_eq!(gaps.len(), 5, "{gaps:?}");
        assert!(gaps[0].contains("describe-policy"));
    }

    #[test]
    fn event_selectors_management_events() {
        let sel =
            |v: serde_json::Value| -> raw::EventSelectors { serde_json::from_value(v).unwrap() };
        assert!(management_events(&sel(
            json!({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true}]})
        )));
        assert!(!management_events(&sel(
            json!({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": false}]})
        )));
        assert!(management_events(&sel(
            json!({"AdvancedEventSelectors": [{"Name": "mgmt", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}]})
        )));
        assert!(!management_events(&sel(
            json!({"AdvancedEventSelectors": [{"Name": "s3", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}]}]})
        )));
        // An answer with no selectors at all: CloudTrail's default, all management events. The
        // live SDK answer and the CLI export both look like this for such a trail.
        assert!(management_events(&sel(
            json!({"TrailARN": "arn:aws:cloudtrail:us-east-1:1:trail/t"})
        )));
        assert!(management_events(&sel(
            json!({"EventSelectors": [], "AdvancedEventSelectors": []})
        )));
        // Selectors not read at all: unknown (None), never "on".
        let trail: raw::Trail = serde_json::from_value(
            json!({"Name": "t", "TrailARN": "arn:aws:cloudtrail:us-east-1:1:trail/t"}),
        )
        .unwrap();
        let logs = crate::providers::aws::cloudtrail::normalize::audit_logs(
            &[trail],
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        assert_eq!(logs[0].management_events, None);
    }

    #[test]
    fn an_alarm_without_actions_enabled_is_not_enabled() {
        let alarms: Vec<raw::MetricAlarm> = serde_json::from_value(json!([
            {"AlarmName": "a", "AlarmActions": ["arn:aws:sns:us-east-1:1:t"], "MetricName": "M", "Namespace": "N"}
        ]))
        .unwrap();
        let filters: Vec<raw::MetricFilter> = serde_json::from_value(json!([
            {"filterName": "f", "filterPattern": "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }", "metricTransformations": [{"metricName": "M", "metricNamespace": "N", "metricValue": "1"}]}
        ]))
        .unwrap();
        let rules = crate::providers::aws::alerting::normalize::alert_rules(
            &filters,
            &alarms,
            &[],
            &BTreeMap::new(),
        );
        let alarm = rules
            .iter()
            .find(|r| r.kind == "metric_filter_alarm")
            .unwrap();
        assert!(!alarm.enabled, "{alarm:?}");
    }

    fn present<T>(data: T) -> Input<T> {
        Input::present("test", data)
    }

    /// The caller identity of the account under test.
    fn this_account() -> Input<raw::CallerIdentity> {
        present(raw::CallerIdentity {
            account: ACCT.into(),
            arn: None,
            user_id: None,
        })
    }

    #[test]
    fn missing_inputs_make_exactly_their_sections_unavailable() {
        let raw = RawAccount {
            caller_identity: this_account(),
            authorization_details: present(gaad(json!({"UserDetailList": []}))),
            credential_report: Input::Missing {
                message: "no credential report".into(),
            },
            trails: present(vec![]),
            ..RawAccount::default()
        };
        let scopes = normalize(&raw, t("2026-11-20T12:00:00Z")).unwrap();
        assert_eq!(scopes.len(), 1);
        let s = &scopes[0].sections;
        assert_eq!(scopes[0].id, format!("aws:account:{ACCT}"));
        assert!(matches!(s.groups, Some(Section::Collected { .. })));
        assert!(matches!(s.roles, Some(Section::Collected { .. })));
        assert!(matches!(s.audit_logs, Some(Section::Collected { .. })));
        match &s.principals {
            Some(Section::Unavailable { source, reason }) => {
                assert_eq!(
                    source,
                    "iam:GetAccountAuthorizationDetails+iam:GetCredentialReport"
                );
                assert_eq!(reason.kind, UnavailableKind::NotCollected);
                assert_eq!(reason.message, "no credential report");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(s.root, Some(Section::Unavailable { .. })));
        assert!(matches!(
            s.password_policy,
            Some(Section::Unavailable { .. })
        ));
        assert!(matches!(s.guardrails, Some(Section::Unavailable { .. })));
        assert!(s.organization.is_none());
    }

    #[test]
    fn failed_inputs_keep_their_kind() {
        let raw = RawAccount {
            caller_identity: this_account(),
            trails: Input::Failed {
                source: "export:trails.json".into(),
                reason: Unavailable {
                    kind: UnavailableKind::AccessDenied,
                    message: "trails.json: AccessDeniedException: no".into(),
                },
            },
            password_policy: present(PasswordPolicyState::NotConfigured),
            ..RawAccount::default()
        };
        let scopes = normalize(&raw, t("2026-11-20T12:00:00Z")).unwrap();
        let s = &scopes[0].sections;
        match &s.audit_logs {
            Some(Section::Unavailable { reason, .. }) => {
                assert_eq!(reason.kind, UnavailableKind::AccessDenied)
            }
            other => panic!("{other:?}"),
        }
        assert!(
            !s.password_policy
                .as_ref()
                .unwrap()
                .data()
                .unwrap()
                .configured
        );
    }

    #[test]
    fn account_id_from_arns_and_mixing_is_an_error() {
        let mut raw = RawAccount {
            authorization_details: Input::present(
                "export:gaad.json",
                gaad(json!({"UserDetailList": [user("a", json!({}))]})),
            ),
            ..RawAccount::default()
        };
        assert_eq!(account_id(&raw).unwrap(), ACCT);
        raw.caller_identity = Input::present(
            "export:whoami.json",
            raw::CallerIdentity {
                account: "999999999999".into(),
                arn: None,
                user_id: None,
            },
        );
        let e = account_id(&raw).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the data mixes AWS accounts: 999999999999 (from export:whoami.json) and 123456789012 (from export:gaad.json)"
        );
        assert_eq!(
            account_id(&RawAccount::default()),
            Err(NormalizeError::NoAccountId)
        );
        assert_eq!(
            arn_account("arn:aws:iam::aws:policy/AdministratorAccess"),
            None
        );
    }

    #[test]
    fn organization_scope_and_not_in_organization() {
        let base = RawAccount {
            caller_identity: this_account(),
            ..RawAccount::default()
        };
        let standalone = RawAccount {
            organization: present(OrganizationState::NotInOrganization),
            ..base.clone()
        };
        let scopes = normalize(&standalone, t("2026-11-20T12:00:00Z")).unwrap();
        assert_eq!(scopes.len(), 1);
        let g = scopes[0]
            .sections
            .guardrails
            .as_ref()
            .unwrap()
            .data()
            .unwrap();
        assert!(!g.in_organization);
        let member = RawAccount {
            organization: present(OrganizationState::Member(raw::Organization {
                id: "o-abc".into(),
                arn: None,
                feature_set: Some("ALL".into()),
                master_account_id: Some("111111111111".into()),
            })),
            org_policies: present(vec![listed("p-FullAWSAccess", "FullAWSAccess", true)]),
            ..base
        };
        let scopes = normalize(&member, t("2026-11-20T12:00:00Z")).unwrap();
        assert_eq!(scopes[0].parent.as_deref(), Some("aws:organization:o-abc"));
        assert_eq!(scopes[1].id, "aws:organization:o-abc");
        let o = scopes[1]
            .sections
            .organization
            .as_ref()
            .unwrap()
            .data()
            .unwrap();
        assert_eq!(o.accounts, vec!["111111111111", ACCT]);
        assert!(
            scopes[1]
                .sections
                .guardrails
                .as_ref()
                .unwrap()
                .data()
                .unwrap()
                .in_organization
        );
    }

    #[test]
    fn directory_users_known_empty_without_identity_center() {
        let raw = RawAccount {
            caller_identity: this_account(),
            sso_instances: present(vec![]),
            ..RawAccount::default()
        };
        let scopes = normalize(&raw, t("2026-11-20T12:00:00Z")).unwrap();
        let d = scopes[0].sections.directory_users.as_ref().unwrap();
        assert_eq!(d.data().map(Vec::len), Some(0));
    }

    #[test]
    fn identity_center_is_unknown_from_a_member_account_that_sees_none() {
        let org = |master: &str| {
            present(OrganizationState::Member(
                serde_json::from_value(json!({"Id": "o-1", "MasterAccountId": master})).unwrap(),
            ))
        };
        let raw = |master: &str| RawAccount {
            caller_identity: this_account(),
            sso_instances: present(vec![]),
            organization: org(master),
            ..RawAccount::default()
        };
        let member = normalize(&raw("999999999999"), t("2026-11-20T12:00:00Z")).unwrap();
        let s = &member
            .iter()
            .find(|s| s.kind == ScopeKind::Account)
            .unwrap()
            .sections;
        for (name, status) in [
            ("sso", s.status("sso").unwrap()),
            ("directory_users", s.status("directory_users").unwrap()),
        ] {
            assert!(!status.is_collected(), "{name}");
            let why = status.gap_reason();
            assert!(why.contains("management account 999999999999"), "{why}");
            assert!(why.contains("--org"), "{why}");
        }
        // The management account itself: no instance there is known, not guessed.
        let mgmt = normalize(&raw(ACCT), t("2026-11-20T12:00:00Z")).unwrap();
        let s = &mgmt
            .iter()
            .find(|s| s.kind == ScopeKind::Account)
            .unwrap()
            .sections;
        assert_eq!(s.sso.as_ref().unwrap().data().map(Vec::len), Some(0));
        // Guardrails say which account is the management account (SCPs never restrict it).
        let with_policies = |master: &str| RawAccount {
            org_policies: present(vec![]),
            ..raw(master)
        };
        let guard = |scopes: &[Scope]| {
            scopes
                .iter()
                .find(|s| s.kind == ScopeKind::Account)
                .unwrap()
                .sections
                .guardrails
                .as_ref()
                .unwrap()
                .data()
                .unwrap()
                .management_account
        };
        let at = t("2026-11-20T12:00:00Z");
        assert!(guard(&normalize(&with_policies(ACCT), at).unwrap()));
        assert!(!guard(
            &normalize(&with_policies("999999999999"), at).unwrap()
        ));
    }

    #[test]
    fn identity_center_assignments_not_read_are_unknown_not_none() {
        let instances: Vec<raw::SsoInstance> = serde_json::from_value(json!([
            {"InstanceArn": "arn:aws:sso:::instance/ssoins-1111", "IdentityStoreId": "d-1", "Status": "ACTIVE"}
        ]))
        .unwrap();
        let raw = RawAccount {
            caller_identity: this_account(),
            sso_instances: present(instances),
            ..RawAccount::default()
        };
        let scopes = normalize(&raw, t("2026-11-20T12:00:00Z")).unwrap();
        let status = scopes[0].sections.status("sso").unwrap();
        assert!(!status.is_collected());
        assert!(
            status.gap_reason().contains("ListAccountAssignments"),
            "{}",
            status.gap_reason()
        );
    }

    #[test]
    fn guardduty_needs_each_detector_status() {
        let base = RawAccount {
            caller_identity: this_account(),
            guardduty_detectors: present(vec!["d1".to_string(), "d2".to_string()]),
            ..RawAccount::default()
        };
        let status = |s: &str| raw::GuardDutyDetector {
            status: s.into(),
            created_at: None,
            region: None,
        };
        let one = RawAccount {
            guardduty_detector_status: present([("d1".to_string(), status("ENABLED"))].into()),
            ..base.clone()
        };
        let scopes = normalize(&one, t("2026-11-20T12:00:00Z")).unwrap();
        assert!(matches!(
            scopes[0].sections.threat_detection,
            Some(Section::Unavailable { .. })
        ));
        let both = RawAccount {
            guardduty_detector_status: present(
                [
                    ("d1".to_string(), status("ENABLED")),
                    ("d2".to_string(), status("DISABLED")),
                ]
                .into(),
            ),
            ..base
        };
        let scopes = normalize(&both, t("2026-11-20T12:00:00Z")).unwrap();
        let d = scopes[0]
            .sections
            .threat_detection
            .as_ref()
            .unwrap()
            .data()
            .unwrap();
        assert_eq!(
            d.iter().map(|x| x.enabled).collect::<Vec<_>>(),
            vec![true, false]
        );
        // A live scan says which regions it read: one without any detector is reported.
        let regional = |r: &str| raw::GuardDutyDetector {
            status: "ENABLED".into(),
            created_at: None,
            region: Some(r.into()),
        };
        let live = RawAccount {
            caller_identity: this_account(),
            guardduty_detectors: present(vec!["d1".to_string()]),
            guardduty_detector_status: present([("d1".to_string(), regional("us-east-1"))].into()),
            guardduty_regions: present(vec!["eu-west-1".to_string(), "us-east-1".to_string()]),
            ..RawAccount::default()
        };
        let scopes = normalize(&live, t("2026-11-20T12:00:00Z")).unwrap();
        let d = scopes[0]
            .sections
            .threat_detection
            .as_ref()
            .unwrap()
            .data()
            .unwrap();
        let missing: Vec<_> = d
            .iter()
            .filter(|x| x.missing)
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(missing, vec!["guardduty:eu-west-1"]);
    }

    #[test]
    fn alerts_join_filters_to_alarms() {
        let filters: Vec<raw::MetricFilter> = serde_json::from_value(json!([
            {"filterName": "fail", "filterPattern": "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }",
             "metricTransformations": [{"metricName": "Fail", "metricNamespace": "CIS"}], "logGroupName": "ct"},
            {"filterName": "orphan", "filterPattern": "{ $.userIdentity.type = \"Root\" }",
             "metricTransformations": [{"metricName": "Root", "metricNamespace": "CIS"}], "logGroupName": "ct"}
        ])).unwrap();
        let alarms: Vec<raw::MetricAlarm> = serde_json::from_value(json!([
            {"AlarmName": "fail-alarm", "AlarmArn": "arn:aws:cloudwatch:us-east-1:1:alarm:fail-alarm", "ActionsEnabled": false, "AlarmActions": ["arn:aws:sns:us-east-1:1:t"], "MetricName": "Fail", "Namespace": "CIS"},
            {"AlarmName": "wrong-ns", "MetricName": "Fail", "Namespace": "Other", "AlarmActions": ["x"]}
        ])).unwrap();
        let rules: Vec<raw::EventRule> = serde_json::from_value(json!([
            {"Name": "signin", "Arn": "arn:aws:events:us-east-1:1:rule/signin", "State": "ENABLED", "EventPattern": "{\"detail-type\": [\"AWS Console Sign In via CloudTrail\"]}"},
            {"Name": "nightly", "State": "ENABLED", "ScheduleExpression": "rate(1 day)"}
        ])).unwrap();
        let targets: BTreeMap<String, Vec<raw::EventTarget>> = [(
            "signin".to_string(),
            vec![raw::EventTarget {
                id: "sns".into(),
                arn: "arn:aws:sns:us-east-1:1:t".into(),
            }],
        )]
        .into();
        let a = alert_rules(&filters, &alarms, &rules, &targets);
        assert_eq!(a.len(), 3, "{a:?}");
        let by = |n: &str| a.iter().find(|x| x.name == n).unwrap();
        let fail = by("fail-alarm");
        assert_eq!(fail.kind, "metric_filter_alarm");
        assert!(!fail.enabled && fail.has_action);
        assert_eq!(fail.detects, vec![crate::model::AlertSignal::SigninFailure]);
        let orphan = by("orphan");
        assert_eq!(orphan.kind, "metric_filter");
        assert!(!orphan.has_action);
        let signin = by("signin");
        assert!(signin.enabled && signin.has_action);
        assert_eq!(signin.detects.len(), 2);
        let no_targets = alert_rules(&[], &[], &rules, &BTreeMap::new());
        assert!(!no_targets[0].has_action);
    }

    #[test]
    fn analyzer_kinds() {
        let list: Vec<raw::Analyzer> = serde_json::from_value(json!([
            {"arn": "a1", "name": "unused", "type": "ACCOUNT_UNUSED_ACCESS", "status": "ACTIVE"},
            {"arn": "a2", "name": "org", "type": "ORGANIZATION", "status": "CREATING"}
        ]))
        .unwrap();
        let a = analyzers(&list);
        assert_eq!(
            (a[0].kind.as_str(), a[0].zone.as_deref(), a[0].active),
            ("unused_access", Some("account"), true)
        );
        assert_eq!(
            (a[1].kind.as_str(), a[1].zone.as_deref(), a[1].active),
            ("external_access", Some("organization"), false)
        );
    }

    #[test]
    fn sso_identity_source_and_assignments() {
        let instances: Vec<raw::SsoInstance> = serde_json::from_value(json!([
            {"InstanceArn": "arn:aws:sso:::instance/ssoins-1111", "IdentityStoreId": "d-1", "Status": "ACTIVE"}
        ])).unwrap();
        let users: Vec<raw::IdentityStoreUser> = serde_json::from_value(json!([
            {"UserId": "u1", "UserName": "a@x", "IdentityStoreId": "d-1", "ExternalIds": [{"Issuer": "https://scim.aws.com/abc", "Id": "1"}], "UserStatus": "ENABLED"},
            {"UserId": "u2", "UserName": "b@x", "IdentityStoreId": "d-1"}
        ])).unwrap();
        let psets = vec![
            "arn:aws:sso:::permissionSet/ssoins-1111/ps-1".to_string(),
            "arn:aws:sso:::permissionSet/ssoins-2222/ps-2".to_string(),
        ];
        let assignments: Vec<raw::AccountAssignment> = serde_json::from_value(json!([
            {"AccountId": ACCT, "PermissionSetArn": "arn:aws:sso:::permissionSet/ssoins-1111/ps-1", "PrincipalType": "GROUP", "PrincipalId": "g1"},
            {"AccountId": ACCT, "PermissionSetArn": "arn:aws:sso:::permissionSet/ssoins-1111/ps-1", "PrincipalType": "USER", "PrincipalId": "u2"},
            {"AccountId": "999999999999", "PermissionSetArn": "arn:aws:sso:::permissionSet/ssoins-1111/ps-1", "PrincipalType": "GROUP", "PrincipalId": "g1"}
        ])).unwrap();
        let s = sso_instances(
            &instances,
            &users,
            &[],
            &psets,
            &assignments,
            ACCT,
            &[ACCT.to_string(), "999999999999".to_string()],
        );
        assert_eq!(s[0].identity_source, DirectorySource::ExternalIdp);
        assert_eq!(
            (
                s[0].permission_sets,
                s[0].account_assignments,
                s[0].group_assignments
            ),
            (1, 2, 1)
        );
        // Every assignment read is kept (for crediting other accounts), with whose were read.
        assert_eq!(s[0].assignments.len(), 3);
        assert_eq!(s[0].assignments[0].principal_type, "group");
        assert_eq!(s[0].assignments_read_for, vec![ACCT, "999999999999"]);
        let s = sso_instances(&instances, &users[1..], &[], &[], &[], ACCT, &[]);
        assert_eq!(s[0].identity_source, DirectorySource::Unknown);
        assert_eq!(s[0].account_assignments, 0);
        let d = directory_users(&users, None);
        assert_eq!(d[0].external_ids, vec!["https://scim.aws.com/abc"]);
        assert_eq!(d[0].active, Some(true));
        assert_eq!(d[1].active, None);
        assert_eq!(d[0].groups, None, "memberships not read: unknown");
        let memberships: Vec<raw::GroupMembership> = serde_json::from_value(json!([
            {"MembershipId": "m1", "GroupId": "g1", "MemberId": {"UserId": "u2"}}
        ]))
        .unwrap();
        let d = directory_users(&users, Some(&memberships));
        assert_eq!(d[0].groups, Some(vec![]));
        assert_eq!(d[1].groups, Some(vec!["g1".to_string()]));
    }
}
