//! One Entra tenant's raw Graph/ARM data ([`RawTenant`], each input present, missing or failed)
//! → the `azure:tenant:<tenant id>` scope. The live collector and the export importer both fill a
//! `RawTenant` and call [`normalize`], so the same responses give the same snapshot either way.
//!
//! Sections and the inputs they require (a missing or failed input makes the section
//! unavailable with its reason; see [`crate::providers::section`]):
//!
//! | section | requires | also reads |
//! |---|---|---|
//! | principals | users, their `signInActivity` (Entra ID P1), registration details (P1) | role assignments and eligibility (privileged flag, the sync account) |
//! | auth_policies | security defaults, conditional-access policies | — |
//! | privileged_access | role assignments, PIM eligibility schedules | — |
//! | provisioning | organization (Entra Connect), service principals | each SSO app's synchronization jobs |
//! | applications | service principals | which SSO apps' jobs were read |
//! | audit_logs | Entra diagnostic settings (ARM) | — |
//! | alerting | diagnostic settings, and for each workspace receiving SignInLogs its Sentinel analytics rules and its subscription's Azure Monitor log search alerts (ARM) | — |
//! | privileged_access (each subscription) | its Azure RBAC role assignments (ARM) | PIM for Azure resources: role assignment and eligibility schedule instances |
//! | access_analysis | access review definitions | — |
//! | external_collaboration | users, authorization policy, cross-tenant default | cross-tenant partners |
//! | authentication_methods | authentication methods policy | — |
//! | authentication_strengths | authentication strength policies | — |
//! | named_locations | conditional-access named locations | — |
//! | risky_users | Identity Protection risky users (Entra ID P2) | — |
//!
//! Licences. Data a tenant's licence does not include is `unavailable: not_licensed`, never
//! empty. PIM eligibility on a tenant without Entra ID P2 (`AadPremiumLicenseRequired`) is the
//! one input whose absence still tells something: such a tenant cannot hold an eligible
//! assignment, so its active role assignments are its standing ones. privileged_access is then
//! collected from the role assignments alone (the Global Administrator count, admins cloud-only
//! and standing holders stay judged), and its source ends in `(not licensed: …)`; the PIM rule
//! (IDG-AZ-020) reads that mark and is `unknown`, never `pass`, unless a standing holder already
//! fails it. Making the whole section unavailable would instead have left level 2 (the Global
//! Administrator count) unknown for every tenant without P2.
//!
//! Users: a user is a `workload` principal when it is the directory-synchronisation service
//! account (holds the Directory Synchronization Accounts role, or is named `Sync_…` /
//! "On-Premises Directory Synchronization Service Account"), else `human`. `source` is `guest`
//! (userType Guest), `synced` (onPremisesSyncEnabled) or `local` (cloud-only). A disabled account
//! has no `console_access`. MFA comes from `methodsRegistered` (FIDO2, passkeys, Windows Hello
//! and certificates are phishing-resistant; e-mail, used only for password reset, is not MFA).

use super::raw;
use crate::model::{
    AccessAnalyzer, AlertRule, Application, AuditLog, AuthMethod, AuthPolicy, AuthStrength,
    ExternalCollaboration, IdentitySource, MfaDevice, MfaKind, NamedLocation, Principal,
    PrincipalKind, PrivilegedAssignment, Provider, ProvisioningJob, RiskyUser, Scope, ScopeKind,
    Sections, Unavailable, UnavailableKind,
};
pub use crate::providers::section::Input;
use crate::providers::section::SectionBuilder;
use chrono::{DateTime, Datelike, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// Global Administrator (role template id).
pub const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";
/// Directory Synchronization Accounts: held by the Entra Connect service account.
pub const DIRECTORY_SYNCHRONIZATION_ACCOUNTS: &str = "d29b2b05-8046-44ba-8758-1e26182fcf32";

/// Built-in directory roles idgauge names and treats as privileged (template ids).
pub const PRIVILEGED_ROLES: &[(&str, &str)] = &[
    (GLOBAL_ADMINISTRATOR, "Global Administrator"),
    (
        "e8611ab8-c189-46e8-94e1-60213ab1f814",
        "Privileged Role Administrator",
    ),
    (
        "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
        "Privileged Authentication Administrator",
    ),
    (
        "194ae4cb-b126-40b2-bd5b-6091b380977d",
        "Security Administrator",
    ),
    ("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
    (
        "29232cdf-9323-42fd-ade2-1d097af3e4de",
        "Exchange Administrator",
    ),
    (
        "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
        "SharePoint Administrator",
    ),
    (
        "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
        "Conditional Access Administrator",
    ),
    (
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
        "Application Administrator",
    ),
    (
        "158c047a-c907-4556-b7ef-446551a6b5f7",
        "Cloud Application Administrator",
    ),
    (
        "c4e39bd9-1100-46d3-8c65-fb160da0071f",
        "Authentication Administrator",
    ),
    (
        "729827e3-9c14-49f7-bb1b-9608f156bbb8",
        "Helpdesk Administrator",
    ),
    (
        "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
        "Hybrid Identity Administrator",
    ),
    (
        "3a2c62db-5318-420d-8d74-23affee5d9d5",
        "Intune Administrator",
    ),
];

/// Authentication-method combinations that resist phishing: those of Microsoft's built-in
/// "Phishing-resistant MFA" strength. Passwordless phone sign-in (`deviceBasedPush`) is not one:
/// the approval can be relayed.
pub const PHISHING_RESISTANT_COMBINATIONS: &[&str] = &[
    "windowsHelloForBusiness",
    "fido2",
    "x509CertificateMultiFactor",
];

/// Every combination allowed is phishing-resistant (and at least one is allowed).
pub fn phishing_resistant(combinations: &[String]) -> bool {
    !combinations.is_empty()
        && combinations
            .iter()
            .all(|m| PHISHING_RESISTANT_COMBINATIONS.contains(&m.as_str()))
}

/// Everything read from one tenant.
#[derive(Debug, Clone, Default)]
pub struct RawTenant {
    pub organization: Input<raw::Organization>,
    pub users: Input<Vec<raw::User>>,
    /// Whether the users were read with `signInActivity` (Entra ID P1).
    pub sign_in_activity: Input<()>,
    pub registration: Input<Vec<raw::UserRegistrationDetails>>,
    pub security_defaults: Input<raw::SecurityDefaults>,
    pub ca_policies: Input<Vec<raw::CaPolicy>>,
    pub auth_methods_policy: Input<raw::AuthenticationMethodsPolicy>,
    pub auth_strengths: Input<Vec<raw::AuthenticationStrengthPolicy>>,
    pub named_locations: Input<Vec<raw::NamedLocation>>,
    pub risky_users: Input<Vec<raw::RiskyUser>>,
    pub role_assignments: Input<Vec<raw::RoleAssignment>>,
    pub role_eligibility: Input<Vec<raw::RoleEligibilitySchedule>>,
    pub service_principals: Input<Vec<raw::ServicePrincipal>>,
    /// Synchronization jobs per service principal id (only the SSO apps' are read).
    pub sync_jobs: BTreeMap<String, Input<Vec<raw::SyncJob>>>,
    pub authorization_policy: Input<raw::AuthorizationPolicy>,
    pub cross_tenant_default: Input<raw::CrossTenantDefault>,
    pub cross_tenant_partners: Input<Vec<raw::CrossTenantPartner>>,
    pub access_reviews: Input<Vec<raw::AccessReviewDefinition>>,
    pub diagnostic_settings: Input<Vec<raw::DiagnosticSetting>>,
    /// Azure RBAC role assignments per subscription id (lower case): each becomes an
    /// `azure:subscription:<id>` scope under the tenant.
    pub rbac: BTreeMap<String, Input<Vec<raw::ArmRoleAssignment>>>,
    /// Subscription display names, when the subscriptions were listed.
    pub subscription_names: BTreeMap<String, String>,
    /// Microsoft Sentinel analytics rules per Log Analytics workspace id (lower case), read for
    /// every workspace a diagnostic setting sends SignInLogs to.
    pub sentinel_rules: BTreeMap<String, Input<Vec<raw::SentinelAlertRule>>>,
    /// Azure Monitor scheduled query rules per subscription id (lower case) of those workspaces.
    pub query_rules: BTreeMap<String, Input<Vec<raw::ScheduledQueryRule>>>,
    /// PIM for Azure resources per subscription id (lower case): eligible role assignments.
    pub rbac_eligibility: BTreeMap<String, Input<Vec<raw::ArmScheduleInstance>>>,
    /// PIM for Azure resources per subscription id (lower case): active role assignments, each
    /// Assigned or Activated.
    pub rbac_instances: BTreeMap<String, Input<Vec<raw::ArmScheduleInstance>>>,
}

/// The Log Analytics workspaces (lower-case ARM ids) Entra diagnostic settings send SignInLogs
/// to: where an alert on failed sign-ins can run. Both paths read the alert rules of exactly
/// these workspaces (Sentinel) and of their subscriptions (Azure Monitor).
pub fn sign_in_workspaces(settings: &[raw::DiagnosticSetting]) -> Vec<String> {
    let mut out: Vec<String> = settings
        .iter()
        .filter(|d| {
            d.properties
                .logs
                .iter()
                .any(|l| l.enabled && l.category.eq_ignore_ascii_case("SignInLogs"))
        })
        .filter_map(|d| d.properties.workspace_id.as_deref())
        .filter_map(raw::workspace_of)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A Sentinel alert-rules read that failed with `NotFound`: ARM answers so for a workspace that
/// is not onboarded to Microsoft Sentinel ("Couldn't find workspaceMetadata"). That is an answer
/// — the workspace has no analytics rules — not a gap.
pub fn sentinel_not_onboarded(code: Option<&str>) -> bool {
    code.is_some_and(|c| c.eq_ignore_ascii_case("NotFound"))
}

/// The identity events a KQL alert query catches. Failed sign-ins: a query over the Entra
/// sign-in tables (SigninLogs, AADNonInteractiveUserSignInLogs) that keeps failures — a non-zero
/// `ResultType`/`errorCode`, or the codes of a wrong password (50126), a locked account (50053)
/// or a disabled one (50057).
pub fn alert_signals(query: &str) -> Vec<crate::model::AlertSignal> {
    let q: String = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let sign_ins = q.contains("signinlogs");
    let failures = [
        "resulttype!=0",
        "resulttype!=\"0\"",
        "resulttype!='0'",
        "resulttype!in",
        "resulttype!~\"0\"",
        "resulttype<>",
        "resulttype!=int(0)",
        "tostring(resulttype)!=\"0\"",
        "errorcode!=0",
        "errorcode!=\"0\"",
        "50126",
        "50053",
        "50057",
    ]
    .iter()
    .any(|p| q.contains(p));
    let mut out = Vec::new();
    if sign_ins && failures {
        out.push(crate::model::AlertSignal::SigninFailure);
    }
    out
}

/// Built-in Azure roles idgauge names (role definition GUIDs).
pub const AZURE_ROLES: &[(&str, &str)] = &[
    ("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner"),
    ("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor"),
    (
        "18d7d88d-d35e-4fb3-a5c3-7773c20a72d9",
        "User Access Administrator",
    ),
    (
        "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
        "Role Based Access Control Administrator",
    ),
    ("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader"),
];

/// `principal_type` of an ARM principal type.
fn arm_principal_type(t: &str) -> String {
    match t {
        "User" => "user",
        "Group" | "ForeignGroup" => "group",
        "ServicePrincipal" => "service_principal",
        other => other,
    }
    .to_string()
}

fn azure_role_name(guid: &str) -> Option<String> {
    AZURE_ROLES
        .iter()
        .find(|(g, _)| *g == guid)
        .map(|(_, n)| n.to_string())
}

/// One subscription's scope: its RBAC role assignments as privileged_access.
///
/// With PIM for Azure resources read (both schedule-instance lists), each assignment is
/// `permanent` (Assigned, no end), `time_bound` (Activated from an eligibility, or Assigned with
/// an end) or, matched by no instance, `active`; eligible assignments are added as `eligible`.
/// Without them (refused, not licensed, not exported) every assignment stays `active`: whether
/// it is standing is unknown, and the rule on standing roles says so rather than pass.
fn subscription_scope(
    raw: &RawTenant,
    tenant_scope: &str,
    sub: &str,
    input: &Input<Vec<raw::ArmRoleAssignment>>,
    at: DateTime<Utc>,
) -> Scope {
    let mut s = SectionBuilder::default();
    let list = s.require(endpoint_op(Kind::ArmRoleAssignments), input);
    let none = Input::Missing {
        message: String::new(),
    };
    let instances = s.optional(raw.rbac_instances.get(sub).unwrap_or(&none));
    let eligibility = s.optional(raw.rbac_eligibility.get(sub).unwrap_or(&none));
    // Both or neither: one list alone cannot tell standing from activated.
    let pim = instances.zip(eligibility);
    let own = format!("/subscriptions/{sub}");
    let key = |principal: &str, role: &str, scope: &str| {
        (
            principal.to_ascii_lowercase(),
            role.to_string(),
            scope.trim_end_matches('/').to_ascii_lowercase(),
        )
    };
    let name_of = |id: &str| {
        raw.users
            .data()?
            .iter()
            .find(|u| u.id == id)
            .and_then(|u| u.user_principal_name.clone())
    };
    let section = s.build(at, || {
        let schedules: BTreeMap<(String, String, String), &raw::ArmScheduleInstance> = pim
            .map(|(i, _)| {
                i.iter()
                    .filter_map(|x| {
                        let p = &x.properties;
                        Some((
                            key(
                                p.principal_id.as_deref()?,
                                &x.role_guid(),
                                p.scope.as_deref()?,
                            ),
                            x,
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut out: Vec<PrivilegedAssignment> = list
            .into_iter()
            .flatten()
            .filter_map(|a| {
                let principal = a.principal_id()?.to_string();
                let def = a.role_definition_id().unwrap_or("");
                let guid = def.rsplit('/').next().unwrap_or(def).to_ascii_lowercase();
                let role = a
                    .role_definition_name
                    .clone()
                    .or_else(|| azure_role_name(&guid))
                    .unwrap_or_else(|| guid.clone());
                let scope = a.scope().to_string();
                let (assignment, ends) = match schedules.get(&key(&principal, &guid, &scope)) {
                    Some(x) => {
                        let p = &x.properties;
                        let activated = p
                            .assignment_type
                            .as_deref()
                            .is_some_and(|t| t.eq_ignore_ascii_case("Activated"));
                        if activated || p.end_date_time.is_some() {
                            ("time_bound", p.end_date_time)
                        } else {
                            ("permanent", None)
                        }
                    }
                    // PIM not read, or no instance for this assignment: not told apart.
                    None => ("active", None),
                };
                Some(PrivilegedAssignment {
                    role,
                    assignment: assignment.into(),
                    role_id: Some(guid),
                    principal_type: a.principal_type().map(arm_principal_type),
                    principal_name: a.principal_name.clone().or_else(|| name_of(&principal)),
                    principal,
                    ends,
                    resource: (!scope.eq_ignore_ascii_case(&own)).then_some(scope),
                })
            })
            .collect();
        for e in pim.map(|(_, e)| e.as_slice()).unwrap_or_default() {
            let p = &e.properties;
            if p.status.as_deref().is_some_and(|st| st != "Provisioned") {
                continue;
            }
            let (Some(principal), Some(scope)) = (p.principal_id.clone(), p.scope.clone()) else {
                continue;
            };
            let guid = e.role_guid();
            out.push(PrivilegedAssignment {
                role: azure_role_name(&guid).unwrap_or_else(|| guid.clone()),
                assignment: "eligible".into(),
                role_id: Some(guid),
                principal_type: p.principal_type.as_deref().map(arm_principal_type),
                principal_name: name_of(&principal),
                principal,
                ends: p.end_date_time,
                resource: (!scope.trim_end_matches('/').eq_ignore_ascii_case(&own))
                    .then_some(scope),
            });
        }
        out.sort_by(|a, b| {
            (&a.role, &a.principal, &a.resource, &a.assignment).cmp(&(
                &b.role,
                &b.principal,
                &b.resource,
                &b.assignment,
            ))
        });
        out.dedup();
        out
    });
    Scope {
        id: format!("azure:subscription:{sub}"),
        provider: Provider::Azure,
        kind: ScopeKind::Subscription,
        name: raw.subscription_names.get(sub).cloned(),
        parent: Some(tenant_scope.to_string()),
        sections: Sections {
            privileged_access: Some(section),
            ..Sections::default()
        },
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum NormalizeError {
    #[error("the tenant is unknown: {0} (`az rest --url 'https://graph.microsoft.com/v1.0/organization'` names it)")]
    NoTenant(String),
}

/// The service principals people sign in to: SAML, OIDC or password SSO.
pub fn is_sso_app(sp: &raw::ServicePrincipal) -> bool {
    sso_mode(sp) != "none"
}

fn sso_mode(sp: &raw::ServicePrincipal) -> String {
    match sp.preferred_single_sign_on_mode.as_deref() {
        Some(m) if m.eq_ignore_ascii_case("saml") => "saml".into(),
        Some(m) if m.eq_ignore_ascii_case("oidc") => "oidc".into(),
        Some(m) if m.eq_ignore_ascii_case("password") => "password".into(),
        _ => "none".into(),
    }
}

/// A real timestamp: Graph writes `0001-01-01T00:00:00Z` for "never".
fn real(t: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    t.filter(|t| t.year() > 1900)
}

fn role_name(id: &str) -> String {
    PRIVILEGED_ROLES
        .iter()
        .find(|(r, _)| *r == id)
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|| id.to_string())
}

fn principal_type(p: Option<&raw::DirectoryObject>) -> Option<String> {
    let t = p?.odata_type.as_deref()?;
    Some(
        match t.trim_start_matches("#microsoft.graph.") {
            "user" => "user",
            "group" => "group",
            "servicePrincipal" => "service_principal",
            other => other,
        }
        .to_string(),
    )
}

fn mfa_device(method: &str) -> Option<MfaDevice> {
    let (kind, pr) = match method {
        "fido2"
        | "passKeyDeviceBound"
        | "passKeyDeviceBoundAuthenticator"
        | "passKeyDeviceBoundWindowsHello" => (MfaKind::Fido, true),
        "windowsHelloForBusiness" | "x509Certificate" | "x509CertificateMultiFactor" => {
            (MfaKind::Other, true)
        }
        "microsoftAuthenticatorPush" | "microsoftAuthenticatorPasswordless" => {
            (MfaKind::Push, false)
        }
        "softwareOneTimePasscode" => (MfaKind::Virtual, false),
        "hardwareOneTimePasscode" => (MfaKind::Hardware, false),
        "mobilePhone" | "alternateMobilePhone" | "officePhone" => (MfaKind::Sms, false),
        // E-mail and security questions only reset passwords.
        "email" | "securityQuestion" | "none" | "" => return None,
        _ => (MfaKind::Other, false),
    };
    Some(MfaDevice {
        kind,
        phishing_resistant: pr,
        serial: Some(method.to_string()),
        enabled: None,
    })
}

fn is_sync_account(u: &raw::User, roles: &BTreeSet<&str>) -> bool {
    roles.contains(DIRECTORY_SYNCHRONIZATION_ACCOUNTS)
        || u.user_principal_name
            .as_deref()
            .is_some_and(|n| n.to_ascii_lowercase().starts_with("sync_"))
        || u.display_name
            .as_deref()
            .is_some_and(|n| n == "On-Premises Directory Synchronization Service Account")
}

struct Tenant<'a> {
    raw: &'a RawTenant,
    at: DateTime<Utc>,
}

impl Tenant<'_> {
    fn principals(&self) -> crate::model::Section<Vec<Principal>> {
        let mut s = SectionBuilder::default();
        let users = s.require(endpoint_op(Kind::Users), &self.raw.users);
        s.require("graph:users.signInActivity", &self.raw.sign_in_activity);
        let reg = s.require(endpoint_op(Kind::Registration), &self.raw.registration);
        let active = s.optional(&self.raw.role_assignments);
        let eligible = s.optional(&self.raw.role_eligibility);
        s.build(self.at, || {
            let reg: BTreeMap<&str, &raw::UserRegistrationDetails> = reg
                .map(|r| r.iter().map(|d| (d.id.as_str(), d)).collect())
                .unwrap_or_default();
            let mut roles: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
            for a in active.into_iter().flatten() {
                roles
                    .entry(a.principal_id.as_str())
                    .or_default()
                    .insert(a.role_definition_id.as_str());
            }
            for a in eligible.into_iter().flatten() {
                roles
                    .entry(a.principal_id.as_str())
                    .or_default()
                    .insert(a.role_definition_id.as_str());
            }
            let none = BTreeSet::new();
            let mut out: Vec<Principal> = users
                .into_iter()
                .flatten()
                .map(|u| {
                    let held = roles.get(u.id.as_str()).unwrap_or(&none);
                    let guest = u
                        .user_type
                        .as_deref()
                        .is_some_and(|t| t.eq_ignore_ascii_case("guest"));
                    let r = reg.get(u.id.as_str());
                    let mut devices: Vec<MfaDevice> = r
                        .map(|r| {
                            r.methods_registered
                                .iter()
                                .filter_map(|m| mfa_device(m))
                                .collect()
                        })
                        .unwrap_or_default();
                    devices.sort_by(|a, b| a.serial.cmp(&b.serial));
                    let sia = u.sign_in_activity.as_ref();
                    let last = sia.and_then(|a| {
                        [
                            real(a.last_sign_in_date_time),
                            real(a.last_non_interactive_sign_in_date_time),
                            real(a.last_successful_sign_in_date_time),
                        ]
                        .into_iter()
                        .flatten()
                        .max()
                    });
                    Principal {
                        grants: Vec::new(),
                        id: u.id.clone(),
                        name: u
                            .user_principal_name
                            .clone()
                            .or_else(|| u.display_name.clone())
                            .unwrap_or_else(|| u.id.clone()),
                        kind: if is_sync_account(u, held) {
                            PrincipalKind::Workload
                        } else {
                            PrincipalKind::Human
                        },
                        source: if guest {
                            IdentitySource::Guest
                        } else if u.on_premises_sync_enabled == Some(true) {
                            IdentitySource::Synced
                        } else {
                            IdentitySource::Local
                        },
                        created: u.created_date_time,
                        console_access: u.account_enabled != Some(false),
                        password_last_used: None,
                        password_last_changed: None,
                        last_sign_in: last,
                        mfa_active: r.is_some_and(|r| r.is_mfa_registered == Some(true)),
                        mfa_devices: devices,
                        access_keys: Vec::new(),
                        groups: Vec::new(),
                        direct_policies: held
                            .iter()
                            .filter(|r| PRIVILEGED_ROLES.iter().any(|(p, _)| p == *r))
                            .map(|r| role_name(r))
                            .collect(),
                        privileged: held
                            .iter()
                            .any(|r| PRIVILEGED_ROLES.iter().any(|(p, _)| p == r)),
                        tags: BTreeMap::new(),
                        employee_id: u.employee_id.clone().filter(|e| !e.trim().is_empty()),
                        external_id_values: immutable_ids(u.on_premises_immutable_id.as_deref()),
                    }
                })
                .collect();
            out.sort_by(|a, b| a.id.cmp(&b.id));
            out
        })
    }

    fn auth_policies(&self) -> crate::model::Section<Vec<AuthPolicy>> {
        let mut s = SectionBuilder::default();
        let sd = s.require(
            endpoint_op(Kind::SecurityDefaults),
            &self.raw.security_defaults,
        );
        let ca = s.require(endpoint_op(Kind::CaPolicies), &self.raw.ca_policies);
        s.build(self.at, || {
            let mut out = Vec::new();
            if let Some(sd) = sd {
                // Security defaults are two policies in one switch: MFA for everyone, and
                // legacy authentication blocked.
                let state = if sd.is_enabled { "enabled" } else { "disabled" };
                let base = AuthPolicy {
                    id: "securityDefaults".into(),
                    name: "Security defaults".into(),
                    kind: "security_defaults".into(),
                    state: state.into(),
                    requires_mfa: true,
                    applies_to_all_users: true,
                    applies_to_all_apps: true,
                    client_app_types: vec!["all".into()],
                    ..AuthPolicy::default()
                };
                out.push(AuthPolicy {
                    id: "securityDefaults/legacyAuthentication".into(),
                    name: "Security defaults: block legacy authentication".into(),
                    requires_mfa: false,
                    blocks_access: true,
                    client_app_types: vec!["exchangeActiveSync".into(), "other".into()],
                    ..base.clone()
                });
                out.push(base);
            }
            for p in ca.into_iter().flatten() {
                out.push(ca_policy(p));
            }
            out.sort_by(|a, b| (&a.kind, &a.id).cmp(&(&b.kind, &b.id)));
            out
        })
    }

    fn privileged_access(&self) -> crate::model::Section<Vec<PrivilegedAssignment>> {
        // PIM not licensed is an answer: no eligible assignment can exist (module docs).
        let eligibility = match &self.raw.role_eligibility {
            Input::Failed { source, reason } if reason.kind == UnavailableKind::NotLicensed => {
                Input::present(
                    format!("{source} (not licensed: no PIM, every assignment is standing)"),
                    Vec::new(),
                )
            }
            other => other.clone(),
        };
        let mut s = SectionBuilder::default();
        let active = s.require(
            endpoint_op(Kind::RoleAssignments),
            &self.raw.role_assignments,
        );
        let eligible = s.require(endpoint_op(Kind::RoleEligibility), &eligibility);
        s.build(self.at, || {
            let eligible = eligible.cloned().unwrap_or_default();
            let eligible_pairs: BTreeSet<(&str, &str)> = eligible
                .iter()
                .map(|e| (e.principal_id.as_str(), e.role_definition_id.as_str()))
                .collect();
            let mut out = Vec::new();
            for a in active.into_iter().flatten() {
                // An active assignment of a principal who is also eligible for the role is a PIM
                // activation (time-bound); otherwise it is standing.
                let activated = eligible_pairs
                    .contains(&(a.principal_id.as_str(), a.role_definition_id.as_str()));
                out.push(PrivilegedAssignment {
                    role: role_name(&a.role_definition_id),
                    principal: a.principal_id.clone(),
                    assignment: if activated { "time_bound" } else { "permanent" }.into(),
                    role_id: Some(a.role_definition_id.clone()),
                    principal_type: principal_type(a.principal.as_ref()),
                    principal_name: a
                        .principal
                        .as_ref()
                        .and_then(|p| p.user_principal_name.clone().or(p.display_name.clone())),
                    ends: None,
                    resource: None,
                });
            }
            for e in &eligible {
                if e.status.as_deref().is_some_and(|s| s != "Provisioned") {
                    continue;
                }
                out.push(PrivilegedAssignment {
                    role: role_name(&e.role_definition_id),
                    principal: e.principal_id.clone(),
                    assignment: "eligible".into(),
                    role_id: Some(e.role_definition_id.clone()),
                    principal_type: principal_type(e.principal.as_ref()),
                    principal_name: e
                        .principal
                        .as_ref()
                        .and_then(|p| p.user_principal_name.clone().or(p.display_name.clone())),
                    ends: e
                        .schedule_info
                        .as_ref()
                        .and_then(|i| i.expiration.as_ref())
                        .and_then(|x| x.end_date_time),
                    resource: None,
                });
            }
            out.sort_by(|a, b| {
                (&a.role, &a.principal, &a.assignment).cmp(&(&b.role, &b.principal, &b.assignment))
            });
            out
        })
    }

    fn provisioning(&self) -> crate::model::Section<Vec<ProvisioningJob>> {
        let mut s = SectionBuilder::default();
        let org = s.require(endpoint_op(Kind::Organization), &self.raw.organization);
        s.require(
            endpoint_op(Kind::ServicePrincipals),
            &self.raw.service_principals,
        );
        let jobs: Vec<(&String, &Vec<raw::SyncJob>)> = self
            .raw
            .sync_jobs
            .iter()
            .filter_map(|(sp, i)| s.optional(i).map(|j| (sp, j)))
            .collect();
        s.build(self.at, || {
            let mut out = Vec::new();
            if let Some(o) = org {
                if o.on_premises_sync_enabled.is_some()
                    || o.on_premises_last_sync_date_time.is_some()
                {
                    out.push(ProvisioningJob {
                        id: format!("{}/onPremisesSync", o.id),
                        kind: "entra_connect".into(),
                        enabled: o.on_premises_sync_enabled == Some(true),
                        healthy: None,
                        last_run: real(o.on_premises_last_sync_date_time),
                        app: None,
                        status: None,
                        template: None,
                    });
                }
            }
            for (sp, list) in jobs {
                for j in list {
                    let st = j.status.clone().unwrap_or_default();
                    let code = st.code.clone();
                    let failing = st.count_successive_complete_failures.unwrap_or(0) > 0
                        || st.quarantine.as_ref().is_some_and(|q| !q.is_null())
                        || code.as_deref() == Some("Quarantine")
                        || st
                            .last_execution
                            .as_ref()
                            .and_then(|e| e.state.as_deref())
                            .is_some_and(|s| s.eq_ignore_ascii_case("failed"));
                    let enabled = j
                        .schedule
                        .as_ref()
                        .and_then(|s| s.state.as_deref())
                        .is_some_and(|s| s.eq_ignore_ascii_case("active"));
                    let ran = st.last_successful_execution.is_some();
                    out.push(ProvisioningJob {
                        id: format!("{sp}/{}", j.id),
                        kind: "scim".into(),
                        enabled,
                        healthy: Some(enabled && ran && !failing),
                        last_run: st
                            .last_successful_execution
                            .as_ref()
                            .and_then(|e| e.time_ended)
                            .or(st.last_execution.as_ref().and_then(|e| e.time_ended)),
                        app: Some(sp.clone()),
                        status: code,
                        template: j.template_id.clone(),
                    });
                }
            }
            out.sort_by(|a, b| a.id.cmp(&b.id));
            out
        })
    }

    fn applications(&self) -> crate::model::Section<Vec<Application>> {
        let mut s = SectionBuilder::default();
        let sps = s.require(
            endpoint_op(Kind::ServicePrincipals),
            &self.raw.service_principals,
        );
        s.build(self.at, || {
            let mut out: Vec<Application> = sps
                .into_iter()
                .flatten()
                .filter(|sp| is_sso_app(sp) || self.raw.sync_jobs.contains_key(&sp.id))
                .map(|sp| Application {
                    id: sp.id.clone(),
                    name: sp.display_name.clone().unwrap_or_else(|| sp.id.clone()),
                    app_id: sp.app_id.clone(),
                    sso: sso_mode(sp),
                    enabled: sp.account_enabled != Some(false),
                    assignment_required: sp.app_role_assignment_required,
                    provisioning_read: self
                        .raw
                        .sync_jobs
                        .get(&sp.id)
                        .is_some_and(Input::is_present),
                })
                .collect();
            out.sort_by(|a, b| a.id.cmp(&b.id));
            out
        })
    }

    fn audit_logs(&self) -> crate::model::Section<Vec<AuditLog>> {
        let mut s = SectionBuilder::default();
        let ds = s.require(
            endpoint_op(Kind::DiagnosticSettings),
            &self.raw.diagnostic_settings,
        );
        s.build(self.at, || {
            // One entry per exported log category: Entra logs are exported category by category.
            let mut out = Vec::new();
            for d in ds.into_iter().flatten() {
                let p = &d.properties;
                let nonempty = |x: &Option<String>| x.as_deref().is_some_and(|v| !v.is_empty());
                let workspace = nonempty(&p.workspace_id);
                let destination = workspace
                    || nonempty(&p.storage_account_id)
                    || nonempty(&p.event_hub_authorization_rule_id);
                let setting = d.name.clone().unwrap_or_else(|| d.id.clone());
                for l in &p.logs {
                    out.push(AuditLog {
                        service: None,
                        log_types: Vec::new(),
                        exempted_members: Vec::new(),
                        id: format!("{}/logs/{}", d.id, l.category),
                        name: format!("{setting}: {}", l.category),
                        kind: "entra_diagnostic_setting".into(),
                        home_region: None,
                        multi_region: true,
                        logging: Some(l.enabled && destination),
                        log_file_validation: false,
                        include_global_events: true,
                        management_events: None,
                        organization_trail: false,
                        streams_to_logs: workspace,
                        log_group: p.workspace_id.as_deref().and_then(raw::workspace_of),
                    });
                }
            }
            out.sort_by(|a, b| a.id.cmp(&b.id));
            out
        })
    }

    /// Alert rules on the workspaces that receive SignInLogs: their Sentinel analytics rules and
    /// the Azure Monitor log search alerts of their subscriptions that query them. Every one of
    /// those reads is required: an alert that could not be read may be the one that works.
    fn alerting(&self) -> crate::model::Section<Vec<AlertRule>> {
        let mut s = SectionBuilder::default();
        let ds = s.require(
            endpoint_op(Kind::DiagnosticSettings),
            &self.raw.diagnostic_settings,
        );
        let workspaces = ds.map(|d| sign_in_workspaces(d)).unwrap_or_default();
        let not_read = |kind: Kind, what: &str| format!("no {} read for {what}", endpoint_op(kind));
        let mut sentinel = Vec::new();
        let mut query = Vec::new();
        let mut subs = BTreeSet::new();
        for ws in &workspaces {
            sentinel.push(self.raw.sentinel_rules.get(ws).cloned().unwrap_or_else(|| {
                Input::Missing {
                    message: not_read(Kind::SentinelAlertRules, &format!("workspace {ws}")),
                }
            }));
            if let Some(sub) = raw::subscription_of(ws) {
                subs.insert(sub);
            }
        }
        for sub in &subs {
            query.push(
                self.raw
                    .query_rules
                    .get(sub)
                    .cloned()
                    .unwrap_or_else(|| Input::Missing {
                        message: not_read(
                            Kind::ScheduledQueryRules,
                            &format!("subscription {sub}"),
                        ),
                    }),
            );
        }
        let sentinel: Vec<&Vec<raw::SentinelAlertRule>> = sentinel
            .iter()
            .filter_map(|i| s.require(endpoint_op(Kind::SentinelAlertRules), i))
            .collect();
        let query: Vec<&Vec<raw::ScheduledQueryRule>> = query
            .iter()
            .filter_map(|i| s.require(endpoint_op(Kind::ScheduledQueryRules), i))
            .collect();
        s.build(self.at, || {
            let mut out = Vec::new();
            for r in sentinel.into_iter().flatten() {
                let p = &r.properties;
                let scheduled = r.kind.as_deref().is_some_and(|k| {
                    k.eq_ignore_ascii_case("Scheduled") || k.eq_ignore_ascii_case("NRT")
                });
                out.push(AlertRule {
                    id: r.id.clone(),
                    name: p
                        .display_name
                        .clone()
                        .or_else(|| r.name.clone())
                        .unwrap_or_else(|| r.id.clone()),
                    kind: "sentinel_analytics_rule".into(),
                    pattern: p.query.clone(),
                    enabled: p.enabled == Some(true),
                    // A Sentinel alert lands in the incident queue unless the rule turns incident
                    // creation off (the default is on).
                    has_action: scheduled
                        && p.incident_configuration
                            .as_ref()
                            .and_then(|c| c.create_incident)
                            != Some(false),
                    detects: p.query.as_deref().map(alert_signals).unwrap_or_default(),
                    log_group: raw::workspace_of(&r.id),
                });
            }
            for r in query.into_iter().flatten() {
                let Some(target) = r.targets().into_iter().find(|t| workspaces.contains(t)) else {
                    continue;
                };
                let queries = r.queries();
                let mut detects: Vec<_> = queries.iter().flat_map(|q| alert_signals(q)).collect();
                detects.sort();
                detects.dedup();
                out.push(AlertRule {
                    id: r.id.clone(),
                    name: r
                        .properties
                        .display_name
                        .clone()
                        .or_else(|| r.name.clone())
                        .unwrap_or_else(|| r.id.clone()),
                    kind: "log_search_alert".into(),
                    pattern: (!queries.is_empty()).then(|| queries.join("\n")),
                    enabled: r.enabled(),
                    has_action: r.has_action(),
                    detects,
                    log_group: Some(target),
                });
            }
            out.sort_by_cached_key(|a| a.id.to_ascii_lowercase());
            out
        })
    }

    fn authentication_methods(&self) -> crate::model::Section<Vec<AuthMethod>> {
        let mut s = SectionBuilder::default();
        let policy = s.require(
            endpoint_op(Kind::AuthMethodsPolicy),
            &self.raw.auth_methods_policy,
        );
        s.build(self.at, || {
            let ids = |t: &Option<Vec<raw::MethodTarget>>| {
                let mut v: Vec<String> = t.iter().flatten().map(|t| t.id.clone()).collect();
                v.sort();
                v.dedup();
                v
            };
            let mut out: Vec<AuthMethod> = policy
                .and_then(|p| p.authentication_method_configurations.as_ref())
                .into_iter()
                .flatten()
                .map(|m| {
                    let usable: Vec<bool> = m
                        .include_targets
                        .iter()
                        .flatten()
                        .filter_map(|t| t.is_usable_for_sign_in)
                        .collect();
                    AuthMethod {
                        id: m.id.clone(),
                        enabled: m
                            .state
                            .as_deref()
                            .is_some_and(|s| s.eq_ignore_ascii_case("enabled")),
                        include_targets: ids(&m.include_targets),
                        exclude_targets: ids(&m.exclude_targets),
                        usable_for_sign_in: (!usable.is_empty()).then(|| usable.iter().any(|u| *u)),
                    }
                })
                .collect();
            out.sort_by(|a, b| a.id.cmp(&b.id));
            out
        })
    }

    fn authentication_strengths(&self) -> crate::model::Section<Vec<AuthStrength>> {
        let mut s = SectionBuilder::default();
        let policies = s.require(endpoint_op(Kind::AuthStrengths), &self.raw.auth_strengths);
        s.build(self.at, || {
            let mut out: Vec<AuthStrength> = policies
                .into_iter()
                .flatten()
                .map(|p| AuthStrength {
                    id: p.id.clone(),
                    name: p.display_name.clone().unwrap_or_else(|| p.id.clone()),
                    builtin: p
                        .policy_type
                        .as_deref()
                        .is_some_and(|t| t.eq_ignore_ascii_case("builtIn")),
                    allowed_combinations: list(&p.allowed_combinations),
                })
                .collect();
            out.sort_by(|a, b| a.id.cmp(&b.id));
            out
        })
    }

    fn named_locations(&self) -> crate::model::Section<Vec<NamedLocation>> {
        let mut s = SectionBuilder::default();
        let locations = s.require(endpoint_op(Kind::NamedLocations), &self.raw.named_locations);
        s.build(self.at, || {
            let mut out: Vec<NamedLocation> = locations
                .into_iter()
                .flatten()
                .map(|l| {
                    let t = l
                        .odata_type
                        .as_deref()
                        .unwrap_or("")
                        .trim_start_matches("#microsoft.graph.");
                    let kind = match t {
                        "ipNamedLocation" => "ip".to_string(),
                        "countryNamedLocation" => "country".to_string(),
                        "" if l.ip_ranges.is_some() => "ip".to_string(),
                        "" if l.countries_and_regions.is_some() => "country".to_string(),
                        other => other.to_string(),
                    };
                    let mut ranges: Vec<String> = l
                        .ip_ranges
                        .iter()
                        .flatten()
                        .filter_map(|r| r.cidr_address.clone())
                        .collect();
                    ranges.sort();
                    ranges.dedup();
                    NamedLocation {
                        id: l.id.clone(),
                        name: l.display_name.clone().unwrap_or_else(|| l.id.clone()),
                        kind,
                        trusted: l.is_trusted == Some(true),
                        ip_ranges: ranges,
                        countries: list(&l.countries_and_regions),
                    }
                })
                .collect();
            out.sort_by(|a, b| a.id.cmp(&b.id));
            out
        })
    }

    /// Risky users, deleted ones left out (they can no longer sign in).
    fn risky_users(&self) -> crate::model::Section<Vec<RiskyUser>> {
        let mut s = SectionBuilder::default();
        let users = s.require(endpoint_op(Kind::RiskyUsers), &self.raw.risky_users);
        s.build(self.at, || {
            let word = |v: &Option<String>| {
                let v = v.as_deref().unwrap_or("none");
                // camelCase → snake_case (`atRisk` → `at_risk`).
                let mut out = String::with_capacity(v.len() + 4);
                for c in v.chars() {
                    if c.is_ascii_uppercase() {
                        out.push('_');
                        out.push(c.to_ascii_lowercase());
                    } else {
                        out.push(c);
                    }
                }
                out
            };
            let mut out: Vec<RiskyUser> = users
                .into_iter()
                .flatten()
                .filter(|u| u.is_deleted != Some(true))
                .map(|u| RiskyUser {
                    id: u.id.clone(),
                    name: u
                        .user_principal_name
                        .clone()
                        .or_else(|| u.user_display_name.clone())
                        .unwrap_or_else(|| u.id.clone()),
                    risk_level: word(&u.risk_level),
                    risk_state: word(&u.risk_state),
                    detail: u.risk_detail.clone().filter(|d| d != "none"),
                    updated: real(u.risk_last_updated_date_time),
                })
                .collect();
            out.sort_by(|a, b| a.id.cmp(&b.id));
            out
        })
    }

    fn access_analysis(&self) -> crate::model::Section<Vec<AccessAnalyzer>> {
        let mut s = SectionBuilder::default();
        let defs = s.require(endpoint_op(Kind::AccessReviews), &self.raw.access_reviews);
        s.build(self.at, || {
            let mut out: Vec<AccessAnalyzer> = defs
                .into_iter()
                .flatten()
                .map(|d| {
                    let scope = d.scope.as_ref().map(|v| v.to_string()).unwrap_or_default();
                    let zone = if scope.contains("userType eq 'Guest'") {
                        "guests"
                    } else if scope.contains("roleManagement") || scope.contains("roleDefinition") {
                        "directory_roles"
                    } else {
                        "groups_and_apps"
                    };
                    AccessAnalyzer {
                        id: d.id.clone(),
                        name: d.display_name.clone().unwrap_or_else(|| d.id.clone()),
                        kind: "access_review".into(),
                        zone: Some(zone.into()),
                        active: d.status.as_deref().is_some_and(|s| {
                            matches!(s, "InProgress" | "NotStarted" | "Initializing" | "Starting")
                        }),
                    }
                })
                .collect();
            out.sort_by(|a, b| a.id.cmp(&b.id));
            out
        })
    }

    fn external_collaboration(&self) -> crate::model::Section<ExternalCollaboration> {
        let mut s = SectionBuilder::default();
        let users = s.require(endpoint_op(Kind::Users), &self.raw.users);
        let authz = s.require(
            endpoint_op(Kind::AuthorizationPolicy),
            &self.raw.authorization_policy,
        );
        let ctap = s.require(
            endpoint_op(Kind::CrossTenantDefault),
            &self.raw.cross_tenant_default,
        );
        let partners = s.optional(&self.raw.cross_tenant_partners);
        s.build(self.at, || {
            let guests = users
                .into_iter()
                .flatten()
                .filter(|u| {
                    u.user_type
                        .as_deref()
                        .is_some_and(|t| t.eq_ignore_ascii_case("guest"))
                })
                .count() as u64;
            let invite_policy = authz
                .and_then(|a| a.allow_invites_from.as_deref())
                .map(|v| {
                    match v {
                        "none" => "none",
                        "adminsAndGuestInviters" => "admins",
                        "adminsGuestInvitersAndAllMembers" => "members",
                        "everyone" => "everyone",
                        other => other,
                    }
                    .to_string()
                });
            let inbound_blocked = ctap
                .and_then(|c| c.b2b_collaboration_inbound.as_ref())
                .and_then(|b| b.users_and_groups.as_ref())
                .and_then(|u| u.access_type.as_deref())
                .map(|t| t.eq_ignore_ascii_case("blocked"));
            let mut partners: Vec<String> = partners
                .into_iter()
                .flatten()
                .map(|p| p.tenant_id.clone())
                .collect();
            partners.sort();
            partners.dedup();
            ExternalCollaboration {
                guests,
                invite_policy,
                cross_tenant_default_inbound_blocked: inbound_blocked,
                domain_restricted: None,
                cross_tenant_partners: partners,
            }
        })
    }
}

use super::endpoints::Kind;

fn endpoint_op(kind: Kind) -> &'static str {
    super::endpoints::endpoint(kind).op
}

fn list(v: &Option<Vec<String>>) -> Vec<String> {
    let mut v = v.clone().unwrap_or_default();
    v.sort();
    v.dedup();
    v
}

fn ca_policy(p: &raw::CaPolicy) -> AuthPolicy {
    let c = p.conditions.clone().unwrap_or_default();
    let u = c.users.clone().unwrap_or_default();
    let apps = c.applications.clone().unwrap_or_default();
    let g = p.grant_controls.clone().unwrap_or_default();
    let controls: Vec<String> = list(&g.built_in_controls)
        .into_iter()
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let strength = g.authentication_strength.clone();
    // What the policy itself embeds of its strength; the rules resolve the id against the
    // tenant's strengths (authentication_strengths) rather than trust an id or a name.
    let embedded_pr = strength
        .as_ref()
        .and_then(|s| s.allowed_combinations.as_deref())
        .is_some_and(phishing_resistant);
    let nonempty = |v: &Option<Vec<String>>| {
        v.as_ref()
            .is_some_and(|l| l.iter().any(|x| !x.eq_ignore_ascii_case("none")))
    };
    let present = |v: &Option<serde_json::Value>| v.as_ref().is_some_and(|x| !x.is_null());
    let locations = |key: &str| -> Vec<String> {
        let mut out: Vec<String> = c
            .locations
            .as_ref()
            .and_then(|l| l.get(key))
            .and_then(serde_json::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(serde_json::Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out.dedup();
        out
    };
    AuthPolicy {
        id: p.id.clone(),
        name: p.display_name.clone().unwrap_or_else(|| p.id.clone()),
        kind: "conditional_access".into(),
        state: match p.state.as_str() {
            "enabled" => "enabled",
            "enabledForReportingButNotEnforced" => "report_only",
            _ => "disabled",
        }
        .into(),
        requires_mfa: controls.iter().any(|c| c == "mfa") || strength.is_some(),
        requires_phishing_resistant_mfa: embedded_pr,
        risk_based: nonempty(&c.sign_in_risk_levels) || nonempty(&c.user_risk_levels),
        applies_to_all_users: u
            .include_users
            .as_ref()
            .is_some_and(|v| v.iter().any(|x| x.eq_ignore_ascii_case("all"))),
        excluded_principals: list(&u.exclude_users),
        applies_to_all_apps: apps
            .include_applications
            .as_ref()
            .is_some_and(|v| v.iter().any(|x| x.eq_ignore_ascii_case("all")))
            && list(&apps.exclude_applications).is_empty(),
        blocks_access: controls.iter().any(|c| c == "block"),
        client_app_types: list(&c.client_app_types),
        included_roles: list(&u.include_roles),
        excluded_groups: list(&u.exclude_groups),
        excluded_roles: list(&u.exclude_roles),
        location_or_device_condition: present(&c.locations)
            || present(&c.devices)
            || present(&c.platforms),
        requires_compliant_device: controls
            .iter()
            .any(|c| c == "compliantdevice" || c == "domainjoineddevice"),
        authentication_strength: strength.and_then(|s| s.id),
        included_locations: locations("includeLocations"),
        excluded_locations: locations("excludeLocations"),
        device_condition: present(&c.devices) || present(&c.platforms),
        target: None,
        session_seconds: None,
        allowed_methods: None,
    }
}

/// The tenant scope, `azure:tenant:<tenant id>`, and one `azure:subscription:<id>` scope (its
/// parent the tenant) per subscription whose role assignments were read or attempted, sorted by
/// id. `tenant_hint` names the tenant when the organization could not be read (a live scan knows
/// which tenant it signed in to).
pub fn normalize(
    raw: &RawTenant,
    at: DateTime<Utc>,
    tenant_hint: Option<&str>,
) -> Result<Vec<Scope>, NormalizeError> {
    let (tenant_id, name) = match (&raw.organization, tenant_hint) {
        (Input::Present { data, .. }, _) => (data.id.clone(), data.display_name.clone()),
        (_, Some(t)) => (t.to_string(), None),
        (Input::Missing { message }, None) => {
            return Err(NormalizeError::NoTenant(message.clone()))
        }
        (Input::Failed { reason, .. }, None) => {
            return Err(NormalizeError::NoTenant(reason.message.clone()))
        }
    };
    let t = Tenant { raw, at };
    let tenant_scope = format!("azure:tenant:{tenant_id}");
    let mut scopes: Vec<Scope> = raw
        .rbac
        .iter()
        .map(|(sub, input)| subscription_scope(raw, &tenant_scope, sub, input, at))
        .collect();
    scopes.push(Scope {
        id: tenant_scope.clone(),
        provider: Provider::Azure,
        kind: ScopeKind::Tenant,
        name,
        parent: None,
        sections: Sections {
            principals: Some(t.principals()),
            auth_policies: Some(t.auth_policies()),
            privileged_access: Some(t.privileged_access()),
            provisioning: Some(t.provisioning()),
            applications: Some(t.applications()),
            audit_logs: Some(t.audit_logs()),
            alerting: Some(t.alerting()),
            access_analysis: Some(t.access_analysis()),
            external_collaboration: Some(t.external_collaboration()),
            authentication_methods: Some(t.authentication_methods()),
            authentication_strengths: Some(t.authentication_strengths()),
            named_locations: Some(t.named_locations()),
            risky_users: Some(t.risky_users()),
            ..Sections::default()
        },
    });
    scopes.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(scopes)
}

/// An input that failed with `reason` at `op`.
pub fn failed<T>(op: &str, kind: UnavailableKind, message: String) -> Input<T> {
    Input::Failed {
        source: op.to_string(),
        reason: Unavailable { kind, message },
    }
}

/// An `onPremisesImmutableId` as Graph gives it and, when it is the base64 of 16 bytes (an
/// objectGUID), in the GUID form the directory provider reads AD's `objectGUID` in.
fn immutable_ids(v: Option<&str>) -> Vec<String> {
    use base64::Engine as _;
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Vec::new();
    };
    let mut out = vec![v.to_string()];
    if let Ok(b) = base64::engine::general_purpose::STANDARD.decode(v) {
        if b.len() == 16 {
            out.push(crate::providers::directory::binary_text("objectGUID", &b));
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AlertSignal::SigninFailure;

    #[test]
    fn an_immutable_id_of_16_bytes_is_also_read_as_the_object_guid() {
        // AD writes objectGUID's first three fields little-endian; Entra Connect base64s the
        // raw bytes.
        assert_eq!(
            immutable_ids(Some("AAECAwQFBgcICQoLDA0ODw==")),
            [
                "03020100-0504-0706-0809-0a0b0c0d0e0f",
                "AAECAwQFBgcICQoLDA0ODw=="
            ]
        );
        // Another source anchor (a custom attribute) is kept as Graph gives it.
        assert_eq!(immutable_ids(Some("ann@corp")), ["ann@corp"]);
        assert!(immutable_ids(Some(" ")).is_empty());
        assert!(immutable_ids(None).is_empty());
    }

    #[test]
    fn failed_sign_in_queries_are_recognised() {
        for (q, want) in [
            (
                "SigninLogs | where ResultType != 0 | summarize count() by UserPrincipalName",
                true,
            ),
            ("SigninLogs\n| where ResultType != \"0\"", true),
            (
                "SigninLogs | where ResultType in (\"50126\", \"50053\")",
                true,
            ),
            (
                "AADNonInteractiveUserSignInLogs | where ResultType !in (\"0\", \"50125\")",
                true,
            ),
            ("SigninLogs | where Status.errorCode != 0", true),
            // Successful sign-ins, or failures of something else, are not failed sign-ins.
            (
                "SigninLogs | where ResultType == 0 | where RiskLevelDuringSignIn == \"high\"",
                false,
            ),
            ("AuditLogs | where Result != \"success\"", false),
            ("Heartbeat | where ResultType != 0", false),
        ] {
            assert_eq!(alert_signals(q) == vec![SigninFailure], want, "{q}");
        }
    }

    #[test]
    fn workspaces_and_their_subscriptions() {
        let ws = "/subscriptions/9D0C1A7E-5b3f-4c2d-8e6a-1f2b3c4d5e6f/resourceGroups/sec/providers/Microsoft.OperationalInsights/workspaces/Sec-WS";
        let want = "/subscriptions/9d0c1a7e-5b3f-4c2d-8e6a-1f2b3c4d5e6f/resourcegroups/sec/providers/microsoft.operationalinsights/workspaces/sec-ws";
        assert_eq!(raw::workspace_of(ws).as_deref(), Some(want));
        let rule = format!("{ws}/providers/Microsoft.SecurityInsights/alertRules/abc");
        assert_eq!(raw::workspace_of(&rule).as_deref(), Some(want));
        assert_eq!(raw::workspace_of("/subscriptions/x/resourceGroups/y"), None);
        assert_eq!(
            raw::subscription_of(want).as_deref(),
            Some("9d0c1a7e-5b3f-4c2d-8e6a-1f2b3c4d5e6f")
        );
        // Only settings that send SignInLogs, enabled, count.
        let setting = |cats: &[(&str, bool)]| raw::DiagnosticSetting {
            id: "/providers/microsoft.aadiam/diagnosticSettings/s".into(),
            name: None,
            properties: raw::DiagnosticProperties {
                workspace_id: Some(ws.into()),
                logs: cats
                    .iter()
                    .map(|(c, e)| raw::DiagnosticLog {
                        category: c.to_string(),
                        enabled: *e,
                    })
                    .collect(),
                ..Default::default()
            },
        };
        assert_eq!(
            sign_in_workspaces(&[setting(&[("AuditLogs", true), ("SignInLogs", true)])]),
            vec![want.to_string()]
        );
        assert!(sign_in_workspaces(&[setting(&[("SignInLogs", false)])]).is_empty());
        assert!(sign_in_workspaces(&[setting(&[("AuditLogs", true)])]).is_empty());
    }

    #[test]
    fn legacy_and_current_log_search_alerts_read_alike() {
        let legacy: raw::ScheduledQueryRule = serde_json::from_value(serde_json::json!({
            "id": "/subscriptions/s/resourceGroups/r/providers/microsoft.insights/scheduledqueryrules/old",
            "name": "old",
            "properties": {
                "enabled": "true",
                "source": {"query": "SigninLogs | where ResultType != 0", "dataSourceId": "/subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w"},
                "action": {"odata.type": "Microsoft.WindowsAzure.Management.Monitoring.Alerts.Models.Microsoft.AppInsights.Nexus.DataContracts.Resources.ScheduledQueryRules.AlertingAction",
                           "aznsAction": {"actionGroup": ["/subscriptions/s/resourceGroups/r/providers/microsoft.insights/actionGroups/g"]}}
            }
        }))
        .unwrap();
        assert!(legacy.enabled() && legacy.has_action());
        assert_eq!(legacy.queries(), vec!["SigninLogs | where ResultType != 0"]);
        assert_eq!(
            legacy.targets(),
            vec!["/subscriptions/s/resourcegroups/r/providers/microsoft.operationalinsights/workspaces/w"]
        );
        let current: raw::ScheduledQueryRule = serde_json::from_value(serde_json::json!({
            "id": "x", "properties": {"enabled": false, "scopes": ["/W/"],
            "criteria": {"allOf": [{"query": "a"}, {"query": "b"}]}, "actions": {"actionGroups": []}}
        }))
        .unwrap();
        assert!(!current.enabled() && !current.has_action());
        assert_eq!(current.queries(), vec!["a", "b"]);
        assert_eq!(current.targets(), vec!["/w"]);
    }
}
