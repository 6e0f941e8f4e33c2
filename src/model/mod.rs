//! The snapshot: idgauge's one contract between collection and evaluation.
//!
//! This module owns the normalized, versioned data model that every provider fills in (live
//! collectors and native-export importers alike) and that the rules engine reads. It knows no
//! cloud SDK and no rule. Every section of a scope records how it was obtained — `collected`
//! (source API or export file, and when) or `unavailable` (and why) — so that missing data can
//! never be mistaken for a clean result. A section that is absent from the file is treated as
//! unavailable ("not collected").
//!
//! Secrets never enter the model: access-key ids are stored masked (see [`mask_key_id`]) and no
//! field holds credential material.

mod directory;
mod load;

pub use directory::*;

pub(crate) use load::strip_position;
pub use load::{load_snapshot, parse_snapshot, stream_scopes, LoadError, StreamError};

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The snapshot format version this build writes. Readers accept the same major version with a
/// minor version up to this one; anything else is refused with a clear error. A minor version
/// adds optional fields only (1.1: organization crediting; 1.2: the identity repository and
/// reconciliation, authentication methods and strengths, named locations, risky users,
/// Workspace sign-in policies, cloud accounts' external and employee ids), so a reader reads
/// every older 1.x snapshot, and an older reader refuses a newer one by its version rather than
/// by a field it does not know.
pub const SCHEMA_VERSION: &str = "1.2";

/// A whole collection run: one or more scopes (accounts, organizations, tenants, projects).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// `MAJOR.MINOR` of the snapshot format (currently "1.2").
    pub schema_version: String,
    /// What produced the snapshot.
    pub generator: Generator,
    /// When collection finished; the reference time for ages ("unused for N days").
    pub collected_at: DateTime<Utc>,
    /// The scopes collected, sorted by id.
    pub scopes: Vec<Scope>,
    /// Collection metadata: API operations issued and their counts, gaps.
    #[serde(default)]
    pub collection: CollectionMeta,
    /// The organisation's identity repository (LDAP / AD directory, HR export), when the
    /// snapshot carries one (`idgauge collect ldap`, or a directory export).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_repository: Option<Section<IdentityRepository>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Generator {
    /// Tool name, e.g. "idgauge".
    pub tool: String,
    /// Tool version.
    pub version: String,
    /// How the data was obtained: "live", "export" (native CLI files) or "synthetic".
    #[serde(default)]
    pub mode: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CollectionMeta {
    /// Every API operation issued, `service:Operation` → count. Read-only proof for live scans.
    #[serde(default)]
    pub api_calls: BTreeMap<String, u64>,
    /// Input files read (offline import), in the order read.
    #[serde(default)]
    pub inputs: Vec<String>,
    /// Regions whose regional services (CloudTrail, Identity Center, alerting, GuardDuty,
    /// Access Analyzer) a live scan read, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
}

#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Aws,
    Azure,
    Gcp,
    Oci,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Aws => "aws",
            Provider::Azure => "azure",
            Provider::Gcp => "gcp",
            Provider::Oci => "oci",
        }
    }
}

#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// AWS account.
    Account,
    /// AWS Organization, GCP organization.
    Organization,
    /// Microsoft Entra tenant.
    Tenant,
    /// Azure subscription.
    Subscription,
    /// GCP project.
    Project,
    /// OCI tenancy.
    Tenancy,
}

impl ScopeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Account => "account",
            ScopeKind::Organization => "organization",
            ScopeKind::Tenant => "tenant",
            ScopeKind::Subscription => "subscription",
            ScopeKind::Project => "project",
            ScopeKind::Tenancy => "tenancy",
        }
    }
}

/// One assessable boundary: an AWS account, an organization, a tenant, a project.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Stable id, `<provider>:<kind>:<native id>`, e.g. `aws:account:123456789012`.
    pub id: String,
    pub provider: Provider,
    pub kind: ScopeKind,
    /// Human-friendly name (account alias, tenant name).
    #[serde(default)]
    pub name: Option<String>,
    /// Id of the enclosing scope (an account's organization), if known.
    #[serde(default)]
    pub parent: Option<String>,
    pub sections: Sections,
}

/// How a section was obtained. Exactly one of the two shapes.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Section<T> {
    /// The data was read.
    Collected {
        /// API operation(s) or export file the data came from, e.g.
        /// `iam:GetAccountAuthorizationDetails` or `export:gaad.json`.
        source: String,
        /// When it was read.
        collected_at: DateTime<Utc>,
        data: T,
    },
    /// The data could not be read; rules that need it are `unknown`.
    Unavailable {
        /// What was attempted.
        source: String,
        reason: Unavailable,
    },
}

impl<T> Section<T> {
    pub fn data(&self) -> Option<&T> {
        match self {
            Section::Collected { data, .. } => Some(data),
            Section::Unavailable { .. } => None,
        }
    }
    pub fn source(&self) -> &str {
        match self {
            Section::Collected { source, .. } | Section::Unavailable { source, .. } => source,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Unavailable {
    pub kind: UnavailableKind,
    /// The provider's message or error code, e.g. "AccessDenied: not authorized to perform ...".
    pub message: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum UnavailableKind {
    /// The caller lacks permission.
    AccessDenied,
    /// The feature needs a licence the tenant lacks (Entra P1/P2...).
    NotLicensed,
    /// The service is not in use / not enabled, so nothing can be read.
    NotInUse,
    /// Not collected (no export file, section skipped).
    NotCollected,
    /// The call failed (5xx, timeout, malformed response).
    Error,
}

impl UnavailableKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UnavailableKind::AccessDenied => "access denied",
            UnavailableKind::NotLicensed => "not licensed",
            UnavailableKind::NotInUse => "not in use",
            UnavailableKind::NotCollected => "not collected",
            UnavailableKind::Error => "error",
        }
    }
}

/// All sections a scope may carry. A section absent from the file is unavailable
/// ("not collected"); providers fill in the sections their cloud has.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sections {
    /// Human and workload user accounts (IAM users, Entra users, Workspace users, OCI users).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principals: Option<Section<Vec<Principal>>>,
    /// Groups of principals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Section<Vec<Group>>>,
    /// Assumable roles and their trust.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Section<Vec<Role>>>,
    /// The all-powerful account owner (AWS root user, OCI tenancy admin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<Section<RootAccount>>,
    /// Local password policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_policy: Option<Section<PasswordPolicy>>,
    /// SAML / OIDC identity providers trusted by the scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_providers: Option<Section<Vec<IdentityProvider>>>,
    /// Workforce SSO services (AWS IAM Identity Center instances, Workspace SSO profiles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<Section<Vec<SsoInstance>>>,
    /// Users of the SSO directory (Identity Center identity store, Entra, Cloud Identity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory_users: Option<Section<Vec<DirectoryUser>>>,
    /// Directory synchronisation and SCIM provisioning jobs (Entra Connect, GCDS, SCIM apps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioning: Option<Section<Vec<ProvisioningJob>>>,
    /// Audit logs (CloudTrail trails, Entra diagnostic settings, GCP audit configs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_logs: Option<Section<Vec<AuditLog>>>,
    /// Alerting on identity events (metric filters + alarms, EventBridge rules, log alerts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerting: Option<Section<Vec<AlertRule>>>,
    /// Managed threat detection (GuardDuty, Defender, SCC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threat_detection: Option<Section<Vec<ThreatDetector>>>,
    /// Preventive guardrails as code (SCPs, Azure Policy, GCP org policy, OCI security zones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardrails: Option<Section<Guardrails>>,
    /// Continuous access review (Access Analyzer unused access, Entra access reviews).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_analysis: Option<Section<Vec<AccessAnalyzer>>>,
    /// Authentication policies (conditional access, 2SV enforcement, sign-on policies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_policies: Option<Section<Vec<AuthPolicy>>>,
    /// Privileged access management (PIM eligibility, JIT grants).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privileged_access: Option<Section<Vec<PrivilegedAssignment>>>,
    /// External collaboration settings (B2B, cross-tenant access, domain-restricted sharing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_collaboration: Option<Section<ExternalCollaboration>>,
    /// The organization itself (on organization scopes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Section<Organization>>,
    /// Directories the cloud hosts or connects to (AWS Directory Service: managed Microsoft AD,
    /// AD Connector): evidence of the organisation's identity repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directories: Option<Section<Vec<Directory>>>,
    /// Applications people sign in to through the scope's identity provider (Entra enterprise
    /// apps with SAML/OIDC/password SSO), and whether their provisioning was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applications: Option<Section<Vec<Application>>>,
    /// The scope's human accounts reconciled with the identity repository (derived when
    /// assessing with a directory; absent without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciliation: Option<Section<Reconciliation>>,
    /// The tenant's authentication methods policy: which sign-in / MFA methods are enabled, and
    /// for whom (Entra `authenticationMethodsPolicy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_methods: Option<Section<Vec<AuthMethod>>>,
    /// Authentication strengths a conditional-access policy can require, built-in and custom,
    /// with the method combinations each allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_strengths: Option<Section<Vec<AuthStrength>>>,
    /// Named network locations (IP ranges, countries) conditional access can refer to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_locations: Option<Section<Vec<NamedLocation>>>,
    /// Users the provider's risk scoring flags (Entra ID Protection risky users).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risky_users: Option<Section<Vec<RiskyUser>>>,
}

/// Section names, in the order they appear in [`Sections`]. Rule `requires` lists must use these.
pub const SECTION_NAMES: &[&str] = &[
    "principals",
    "groups",
    "roles",
    "root",
    "password_policy",
    "identity_providers",
    "sso",
    "directory_users",
    "provisioning",
    "audit_logs",
    "alerting",
    "threat_detection",
    "guardrails",
    "access_analysis",
    "auth_policies",
    "privileged_access",
    "external_collaboration",
    "organization",
    "directories",
    "applications",
    "reconciliation",
    "authentication_methods",
    "authentication_strengths",
    "named_locations",
    "risky_users",
];

/// A view of one section's provenance, without its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionStatus<'a> {
    pub name: &'static str,
    pub source: Option<&'a str>,
    pub collected_at: Option<DateTime<Utc>>,
    pub unavailable: Option<&'a Unavailable>,
}

impl Sections {
    /// Provenance of the named section; `None` when the name is not a section.
    pub fn status(&self, name: &str) -> Option<SectionStatus<'_>> {
        fn st<'a, T>(name: &'static str, s: &'a Option<Section<T>>) -> SectionStatus<'a> {
            match s {
                None => SectionStatus {
                    name,
                    source: None,
                    collected_at: None,
                    unavailable: None,
                },
                Some(Section::Collected {
                    source,
                    collected_at,
                    ..
                }) => SectionStatus {
                    name,
                    source: Some(source),
                    collected_at: Some(*collected_at),
                    unavailable: None,
                },
                Some(Section::Unavailable { source, reason }) => SectionStatus {
                    name,
                    source: Some(source),
                    collected_at: None,
                    unavailable: Some(reason),
                },
            }
        }
        Some(match name {
            "principals" => st("principals", &self.principals),
            "groups" => st("groups", &self.groups),
            "roles" => st("roles", &self.roles),
            "root" => st("root", &self.root),
            "password_policy" => st("password_policy", &self.password_policy),
            "identity_providers" => st("identity_providers", &self.identity_providers),
            "sso" => st("sso", &self.sso),
            "directory_users" => st("directory_users", &self.directory_users),
            "provisioning" => st("provisioning", &self.provisioning),
            "audit_logs" => st("audit_logs", &self.audit_logs),
            "alerting" => st("alerting", &self.alerting),
            "threat_detection" => st("threat_detection", &self.threat_detection),
            "guardrails" => st("guardrails", &self.guardrails),
            "access_analysis" => st("access_analysis", &self.access_analysis),
            "auth_policies" => st("auth_policies", &self.auth_policies),
            "privileged_access" => st("privileged_access", &self.privileged_access),
            "external_collaboration" => st("external_collaboration", &self.external_collaboration),
            "organization" => st("organization", &self.organization),
            "directories" => st("directories", &self.directories),
            "applications" => st("applications", &self.applications),
            "reconciliation" => st("reconciliation", &self.reconciliation),
            "authentication_methods" => st("authentication_methods", &self.authentication_methods),
            "authentication_strengths" => {
                st("authentication_strengths", &self.authentication_strengths)
            }
            "named_locations" => st("named_locations", &self.named_locations),
            "risky_users" => st("risky_users", &self.risky_users),
            _ => return None,
        })
    }
}

impl SectionStatus<'_> {
    pub fn is_collected(&self) -> bool {
        self.collected_at.is_some()
    }
    /// "cloudtrail unavailable — access denied: AccessDenied ..." style reason.
    pub fn gap_reason(&self) -> String {
        match (self.unavailable, self.source) {
            (Some(u), Some(src)) => format!("{} ({}): {}", u.kind.as_str(), src, u.message),
            (Some(u), None) => format!("{}: {}", u.kind.as_str(), u.message),
            (None, _) if self.is_collected() => String::new(),
            (None, _) => "not collected: not present in the snapshot".to_string(),
        }
    }
}

/// What kind of person or thing an account stands for.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    /// A person (console access, or no sign of being a workload).
    Human,
    /// A workload / service account (programmatic only, declared or named as such).
    Workload,
}

/// Where an account's identity is managed.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum IdentitySource {
    /// Created and managed by hand in the cloud (an IAM user, a cloud-only Entra user).
    Local,
    /// Synchronised from an on-premises directory (Entra Connect, GCDS).
    Synced,
    /// Signs in through a federated IdP.
    Federated,
    /// Created by SCIM provisioning from an IdP.
    Scim,
    /// An external/guest user (B2B).
    Guest,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Principal {
    /// Stable id (ARN, object id).
    pub id: String,
    pub name: String,
    pub kind: PrincipalKind,
    pub source: IdentitySource,
    #[serde(default)]
    pub created: Option<DateTime<Utc>>,
    /// Can sign in to the console / portal with a password.
    pub console_access: bool,
    #[serde(default)]
    pub password_last_used: Option<DateTime<Utc>>,
    #[serde(default)]
    pub password_last_changed: Option<DateTime<Utc>>,
    /// Last successful sign-in of any kind, if the provider reports it.
    #[serde(default)]
    pub last_sign_in: Option<DateTime<Utc>>,
    /// Whether any MFA is active (AWS credential report `mfa_active`).
    pub mfa_active: bool,
    #[serde(default)]
    pub mfa_devices: Vec<MfaDevice>,
    #[serde(default)]
    pub access_keys: Vec<AccessKey>,
    /// Group names the principal belongs to.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Policies attached directly to the principal (managed ARNs; inline as `inline:<name>`).
    #[serde(default)]
    pub direct_policies: Vec<String>,
    /// Holds administrative privilege (directly or via a group).
    #[serde(default)]
    pub privileged: bool,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Employee id from the provider's own attribute (Entra `employeeId`); IAM users carry it
    /// as an `employeeId` tag instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_id: Option<String>,
    /// Ids tying the account to its entry in the source directory, sorted: Entra
    /// `onPremisesImmutableId` as Graph gives it and, when it encodes 16 bytes, as the
    /// objectGUID it is by default (`xxxxxxxx-xxxx-…`, the form idgauge reads AD's in). The
    /// `external_id` join key compares them with the person's external id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_id_values: Vec<String>,
    /// Role grants naming the principal itself, with where they were made (GCP IAM bindings,
    /// inherited ones included). Empty where the provider models privilege as policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
}

/// One role granted to a member at a resource (a GCP IAM binding as it applies to a scope).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// The role, e.g. `roles/owner`.
    pub role: String,
    /// Where the binding is set (`organizations/1`, `folders/2`, `projects/p`); a resource
    /// other than the scope's own means the grant is inherited.
    pub resource: String,
    /// The binding's IAM condition expression, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// The condition ends the grant at a point in time (`request.time < timestamp(…)`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub time_bound: bool,
    /// The role is privileged (basic owner/editor, IAM, organization or policy administration).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub privileged: bool,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MfaKind {
    /// TOTP app (AWS virtual MFA).
    Virtual,
    /// Hardware TOTP token.
    Hardware,
    /// FIDO2 / WebAuthn security key or passkey (AWS `u2f`).
    Fido,
    Sms,
    Push,
    /// Windows Hello for Business, certificate-based, other.
    Other,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MfaDevice {
    pub kind: MfaKind,
    /// Resists phishing (FIDO2, hardware-bound, certificate).
    pub phishing_resistant: bool,
    /// Device serial or ARN (not secret).
    #[serde(default)]
    pub serial: Option<String>,
    #[serde(default)]
    pub enabled: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AccessKey {
    /// Masked key id (`AKIA…MPLE`); never the full id, never the secret.
    pub id: String,
    pub active: bool,
    #[serde(default)]
    pub created: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_used: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_used_service: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub policies: Vec<String>,
    #[serde(default)]
    pub privileged: bool,
    #[serde(default)]
    pub member_count: Option<u64>,
    /// Role grants naming the group (GCP `group:` and `domain:` members), with where made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TrustKind {
    /// SAML federation (`sts:AssumeRoleWithSAML`).
    Saml,
    /// OIDC / web identity federation.
    Oidc,
    /// An SSO-managed role (AWS Identity Center `AWSReservedSSO_*`).
    Sso,
    /// Another account or principal.
    Account,
    /// A cloud service.
    Service,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RoleTrust {
    pub kind: TrustKind,
    /// Who is trusted (provider ARN, account, service).
    pub principal: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub trust: Vec<RoleTrust>,
    #[serde(default)]
    pub last_used: Option<DateTime<Utc>>,
    #[serde(default)]
    pub max_session_seconds: Option<u64>,
    #[serde(default)]
    pub privileged: bool,
    #[serde(default)]
    pub created: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RootAccount {
    pub id: String,
    pub mfa_active: bool,
    /// `Some(true)` hardware/FIDO MFA, `Some(false)` virtual MFA, `None` not determinable.
    #[serde(default)]
    pub mfa_hardware: Option<bool>,
    /// The root user's MFA devices with their kind, when a source shows them (`iam
    /// list-mfa-devices` run as root). IAM APIs called by anyone else show only root's virtual
    /// devices, so this is usually empty: then a FIDO key cannot be told from hardware TOTP.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mfa_devices: Vec<MfaDevice>,
    /// Whether the root user has a password at all (member accounts may have none).
    #[serde(default)]
    pub password_enabled: Option<bool>,
    #[serde(default)]
    pub password_last_used: Option<DateTime<Utc>>,
    #[serde(default)]
    pub access_keys: Vec<AccessKey>,
    #[serde(default)]
    pub created: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PasswordPolicy {
    /// False when no policy is set (provider defaults apply).
    pub configured: bool,
    #[serde(default)]
    pub minimum_length: Option<u32>,
    #[serde(default)]
    pub require_symbols: bool,
    #[serde(default)]
    pub require_numbers: bool,
    #[serde(default)]
    pub require_uppercase: bool,
    #[serde(default)]
    pub require_lowercase: bool,
    #[serde(default)]
    pub max_age_days: Option<u32>,
    #[serde(default)]
    pub reuse_prevention: Option<u32>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum IdpProtocol {
    Saml,
    Oidc,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum IdpPurpose {
    /// Workforce sign-in (people).
    Workforce,
    /// Workload federation (CI systems such as GitHub Actions, Kubernetes).
    Workload,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IdentityProvider {
    pub id: String,
    pub name: String,
    pub protocol: IdpProtocol,
    pub purpose: IdpPurpose,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub created: Option<DateTime<Utc>>,
    #[serde(default)]
    pub valid_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DirectorySource {
    /// An external IdP (Entra, Okta, Google) over SAML + SCIM.
    ExternalIdp,
    /// Active Directory.
    ActiveDirectory,
    /// The service's own built-in directory.
    Internal,
    /// No API reveals it.
    Unknown,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SsoInstance {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// ACTIVE, CREATE_IN_PROGRESS, ...
    #[serde(default)]
    pub status: Option<String>,
    pub identity_source: DirectorySource,
    #[serde(default)]
    pub identity_store_id: Option<String>,
    #[serde(default)]
    pub permission_sets: u64,
    #[serde(default)]
    pub account_assignments: u64,
    /// Assignments made to groups rather than individual users.
    #[serde(default)]
    pub group_assignments: u64,
    /// Every account assignment read from the instance, for all the accounts in
    /// `assignments_read_for` (under `--org`, every account of the organization): who is given
    /// which permission set where. Organization crediting derives each member account's view
    /// from it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignments: Vec<SsoAssignment>,
    /// The accounts whose assignments were read (sorted). An account not listed is unknown, not
    /// "nobody assigned".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignments_read_for: Vec<String>,
}

/// One Identity Center account assignment: a user or group given a permission set in an account.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct SsoAssignment {
    pub account_id: String,
    pub permission_set: String,
    /// user or group.
    pub principal_type: String,
    pub principal_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DirectoryUser {
    pub id: String,
    pub name: String,
    /// Issuers of external ids (non-empty ⇒ provisioned from an IdP, e.g. by SCIM).
    #[serde(default)]
    pub external_ids: Vec<String>,
    /// The values of those external ids, sorted: Identity Center `ExternalIds[].Id` (the
    /// `externalId` the IdP's SCIM client sent), Workspace `externalIds[].value` other than the
    /// employee id. The `external_id` join key compares them with the person's external id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_id_values: Vec<String>,
    /// Employee id: Workspace `externalIds` of type `organization`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_id: Option<String>,
    /// Enabled / Disabled where known.
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub created: Option<DateTime<Utc>>,
    /// Holds the directory's all-powerful role (Workspace / Cloud Identity super admin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub super_admin: Option<bool>,
    /// Has enrolled a second factor (Workspace 2-step verification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_enrolled: Option<bool>,
    /// A second factor is enforced for the user by policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_enforced: Option<bool>,
    /// Last interactive sign-in; `None` when never or not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sign_in: Option<DateTime<Utc>>,
    /// Security keys (FIDO) registered, when a usage report says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_keys: Option<u64>,
    /// Ids of the directory groups the user is a member of; `None` when memberships were not
    /// read (then who reaches an account through a group assignment is unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    /// The organisational unit the user is in (Workspace `orgUnitPath`, `/` the top).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_unit: Option<String>,
    /// Whether the directory's sign-in policies (Cloud Identity Policy API, for the user's
    /// organisational unit) enforce a second factor; `None` when they were not read or do not
    /// decide it for this user (a group-targeted policy that may or may not reach the user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_mfa_enforced: Option<bool>,
    /// Whether those policies enforce a second factor that can only be a security key (allowed
    /// methods: security key only); `None` as for `policy_mfa_enforced`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_security_key_only: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProvisioningJob {
    pub id: String,
    /// scim, entra_connect, gcds, ...
    pub kind: String,
    pub enabled: bool,
    #[serde(default)]
    pub healthy: Option<bool>,
    #[serde(default)]
    pub last_run: Option<DateTime<Utc>>,
    /// The application the job provisions into (an Entra service principal id), for SCIM jobs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
    /// The provider's own status (Entra: Active, Paused, Quarantine, NotRun, NotConfigured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Provisioning template (Entra `templateId`, e.g. `aws`, `gcp`, `API2AAD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AuditLog {
    pub id: String,
    pub name: String,
    /// cloudtrail, entra_diagnostic_setting, gcp_audit_config, oci_audit
    pub kind: String,
    #[serde(default)]
    pub home_region: Option<String>,
    pub multi_region: bool,
    /// Currently delivering; `None` when the status could not be read.
    #[serde(default)]
    pub logging: Option<bool>,
    #[serde(default)]
    pub log_file_validation: bool,
    #[serde(default)]
    pub include_global_events: bool,
    /// Records management (control-plane) events; `None` when selectors could not be read.
    #[serde(default)]
    pub management_events: Option<bool>,
    #[serde(default)]
    pub organization_trail: bool,
    /// Delivers to a log-analytics destination alerting can use (CloudWatch Logs, workspace).
    #[serde(default)]
    pub streams_to_logs: bool,
    /// The service the configuration covers (GCP audit configs: `allServices`,
    /// `iam.googleapis.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Log types turned on (GCP: `ADMIN_READ`, `DATA_READ`, `DATA_WRITE`), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log_types: Vec<String>,
    /// Members whose access is not logged, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exempted_members: Vec<String>,
    /// That destination's name (a CloudWatch Logs log group), when it delivers to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group: Option<String>,
}

/// Identity events an alert can watch for.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum AlertSignal {
    SigninFailure,
    SigninWithoutMfa,
    RootUsage,
    IamChange,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AlertRule {
    pub id: String,
    pub name: String,
    /// metric_filter_alarm, eventbridge_rule, log_alert, ...
    pub kind: String,
    /// The filter pattern / event pattern as configured.
    #[serde(default)]
    pub pattern: Option<String>,
    pub enabled: bool,
    /// Has somewhere to send the alert (alarm actions, rule targets).
    pub has_action: bool,
    /// Which identity events the pattern catches, as classified by the provider.
    #[serde(default)]
    pub detects: Vec<AlertSignal>,
    /// The log group a log-based alert (metric filter) reads; such an alert sees only what is
    /// delivered there, so it counts only on an audit log's log group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ThreatDetector {
    pub id: String,
    /// guardduty, defender, scc
    pub kind: String,
    #[serde(default)]
    pub region: Option<String>,
    pub enabled: bool,
    /// No detector exists in `region`, a region the scan read: nothing watches it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Guardrails {
    /// Whether the scope belongs to an organization that can apply guardrails.
    pub in_organization: bool,
    /// The scope is the organization's management account, which organization guardrails (AWS
    /// SCPs) never restrict: rules about them do not apply there.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub management_account: bool,
    /// Guardrail policies that apply to this scope.
    #[serde(default)]
    pub policies: Vec<GuardrailPolicy>,
    /// Where the scope sits in its organization, from the root down (`r-…`, `ou-…`), when known:
    /// the targets whose policies it inherits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GuardrailPolicy {
    pub id: String,
    pub name: String,
    /// scp, rcp, azure_policy, org_policy, security_zone
    pub kind: String,
    /// Provided by the cloud vendor (e.g. `FullAWSAccess`), not the organisation.
    #[serde(default)]
    pub vendor_managed: bool,
    /// Attached to (or inherited by) this scope.
    pub attached: bool,
    /// Targets it is attached to (root, OU, account ids).
    #[serde(default)]
    pub targets: Vec<String>,
    /// Actions the policy denies to everyone but principals it names, as written (`iam:Create*`):
    /// only `Deny` statements with `Action` (not `NotAction`) on every resource count, with no
    /// `Condition` or one that only exempts named principals (`ArnNotLike aws:PrincipalArn`); any
    /// other condition (e.g. "only for root") may stop no one.
    #[serde(default)]
    pub denied_actions: Vec<String>,
    /// A boolean constraint is enforced, or a list constraint restricts values (GCP org policy);
    /// `None` where the policy kind has no such notion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforced: Option<bool>,
    /// The values a list constraint allows (GCP `allowedValues`, e.g. Workspace customer ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_values: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AccessAnalyzer {
    pub id: String,
    pub name: String,
    /// unused_access, external_access, access_review
    pub kind: String,
    /// account, organization
    #[serde(default)]
    pub zone: Option<String>,
    pub active: bool,
}

// Default: every condition and control off, so a provider states only what its policy sets.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AuthPolicy {
    pub id: String,
    pub name: String,
    /// conditional_access, two_step_enforcement, sign_on_policy
    pub kind: String,
    /// enabled, report_only, disabled
    pub state: String,
    #[serde(default)]
    pub requires_mfa: bool,
    #[serde(default)]
    pub requires_phishing_resistant_mfa: bool,
    #[serde(default)]
    pub risk_based: bool,
    #[serde(default)]
    pub applies_to_all_users: bool,
    #[serde(default)]
    pub excluded_principals: Vec<String>,
    /// Applies to every cloud application (Entra CA `includeApplications: ["All"]`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub applies_to_all_apps: bool,
    /// Blocks access outright (Entra CA grant control `block`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub blocks_access: bool,
    /// Client app types it applies to (`all`, `exchangeActiveSync`, `other`, `browser`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub client_app_types: Vec<String>,
    /// Directory roles (ids) it applies to, besides users.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub included_roles: Vec<String>,
    /// Groups (ids) excluded from it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_groups: Vec<String>,
    /// Directory roles (ids) excluded from it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_roles: Vec<String>,
    /// Conditions on the sign-in's location (named locations) or device state.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub location_or_device_condition: bool,
    /// Requires a compliant or hybrid-joined device.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub requires_compliant_device: bool,
    /// The authentication strength it requires (an id, resolved against the
    /// `authentication_strengths` section), when it requires one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_strength: Option<String>,
    /// Locations it applies to (named location ids, or `All` / `AllTrusted`), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub included_locations: Vec<String>,
    /// Locations it does not apply to (named location ids, or `AllTrusted`), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_locations: Vec<String>,
    /// Conditions on the device's state or platform (not its location).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub device_condition: bool,
    /// Who the policy targets, when it names one organisational unit or group (Workspace:
    /// `orgUnit:/Sales`, `group:groups/…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Longest web session before signing in again, in seconds (Workspace session control).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_seconds: Option<u64>,
    /// Second factors the policy allows, as the provider names them (Workspace
    /// `allowedSignInFactorSet`: `ALL`, `NO_TELEPHONY`, `PASSKEY_ONLY`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_methods: Option<String>,
}

/// One authentication method of a tenant's authentication methods policy.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AuthMethod {
    /// The method as the policy names it: Fido2, MicrosoftAuthenticator, Sms, Voice, Email,
    /// TemporaryAccessPass, SoftwareOath, X509Certificate, ...
    pub id: String,
    /// Enabled in the policy (users it targets may register and use it).
    pub enabled: bool,
    /// Whom it is enabled for: group ids, or `all_users`; sorted.
    #[serde(default)]
    pub include_targets: Vec<String>,
    /// Groups excluded from it, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_targets: Vec<String>,
    /// Usable as a first factor (SMS sign-in) for some target; `None` when the method has no
    /// such setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usable_for_sign_in: Option<bool>,
}

/// An authentication strength: the method combinations that satisfy it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AuthStrength {
    pub id: String,
    pub name: String,
    /// Built in (Microsoft's "Multifactor authentication", "Passwordless MFA", "Phishing-resistant
    /// MFA"), else custom.
    pub builtin: bool,
    /// The method combinations it allows (`fido2`, `password,sms`, ...), sorted.
    pub allowed_combinations: Vec<String>,
}

/// A user the provider's risk scoring flags.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RiskyUser {
    /// The user's id (an Entra object id): the principal's.
    pub id: String,
    pub name: String,
    /// low, medium, high, hidden, none
    pub risk_level: String,
    /// at_risk, confirmed_compromised, remediated, dismissed, confirmed_safe, none
    pub risk_state: String,
    /// Why the state is what it is (Entra `riskDetail`, e.g. `userPerformedSecuredPasswordReset`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// When the risk was last updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
}

/// A named network location.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NamedLocation {
    pub id: String,
    pub name: String,
    /// ip, country, or the provider's own word.
    pub kind: String,
    /// Marked trusted (IP locations): what conditional access's `AllTrusted` stands for.
    pub trusted: bool,
    /// IP ranges (CIDR), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip_ranges: Vec<String>,
    /// Countries and regions (ISO codes), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PrivilegedAssignment {
    pub role: String,
    pub principal: String,
    /// permanent, eligible, time_bound, or active (assigned; whether standing is not known)
    pub assignment: String,
    /// Where the assignment is made, when narrower or wider than the scope itself (`projects/p`,
    /// `organizations/1`, an Azure resource group or management group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The role's id (Entra role template id), when the role is named by id at the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_id: Option<String>,
    /// user, group, service_principal
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_type: Option<String>,
    /// The principal's sign-in name, when known (a UPN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_name: Option<String>,
    /// When a time-bound or eligible assignment ends (`None`: no end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExternalCollaboration {
    #[serde(default)]
    pub guests: u64,
    /// Who may invite guests: none, admins, members, everyone.
    #[serde(default)]
    pub invite_policy: Option<String>,
    #[serde(default)]
    pub cross_tenant_default_inbound_blocked: Option<bool>,
    #[serde(default)]
    pub domain_restricted: Option<bool>,
    /// Organisations (tenant ids) with their own cross-tenant access settings, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cross_tenant_partners: Vec<String>,
}

/// An application people sign in to through the scope's identity provider.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// Object id (Entra service principal id).
    pub id: String,
    pub name: String,
    /// The application (client) id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// How people sign in: saml, oidc, password (the IdP replays a stored password), or none.
    pub sso: String,
    /// Sign-in enabled.
    pub enabled: bool,
    /// Only assigned users and groups may sign in.
    #[serde(default)]
    pub assignment_required: Option<bool>,
    /// Whether the app's provisioning jobs were read: false means unknown, not "none".
    pub provisioning_read: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub id: String,
    #[serde(default)]
    pub management_account: Option<String>,
    /// ALL or CONSOLIDATED_BILLING.
    #[serde(default)]
    pub feature_set: Option<String>,
    #[serde(default)]
    pub accounts: Vec<String>,
    /// Each account's place in the organization, from the root down (`r-…`, then `ou-…`), as
    /// read with `organizations:ListParents`; empty when not read.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub account_paths: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Directory {
    pub id: String,
    /// The directory's DNS name (`corp.example.com`).
    pub name: String,
    /// microsoft_ad, ad_connector (a proxy to an on-premises Active Directory), simple_ad,
    /// shared_microsoft_ad, or the provider's own word.
    pub kind: String,
    /// The provider's lifecycle stage (`Active`, `Impaired`, `Failed`, …).
    #[serde(default)]
    pub stage: Option<String>,
    /// The directory is up and serving (stage `Active`).
    pub healthy: bool,
    #[serde(default)]
    pub region: Option<String>,
}

impl Snapshot {
    /// The on-disk form idgauge writes: pretty-printed (one field per line, stable order) so that
    /// two snapshots of the same estate diff cleanly, with a trailing newline.
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, self)?;
        w.write_all(b"\n")
    }

    /// Masks any access-key id that arrives unmasked (a hand-made or foreign snapshot), so no
    /// full key id can reach a report whatever the input held.
    pub fn mask_key_ids(&mut self) {
        for scope in &mut self.scopes {
            scope.mask_key_ids();
        }
    }
}

impl Scope {
    /// [`Snapshot::mask_key_ids`] for one scope.
    pub fn mask_key_ids(&mut self) {
        let scope = self;
        let mask = |keys: &mut Vec<AccessKey>| {
            for k in keys.iter_mut().filter(|k| !is_masked(&k.id)) {
                k.id = mask_key_id(&k.id);
            }
        };
        if let Some(Section::Collected { data, .. }) = &mut scope.sections.principals {
            for p in data.iter_mut() {
                mask(&mut p.access_keys);
            }
        }
        if let Some(Section::Collected { data, .. }) = &mut scope.sections.root {
            mask(&mut data.access_keys);
        }
    }
}

/// Masks an access-key id for output: first four and last four characters, the rest elided.
/// `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`. Ids of eight characters or fewer are fully masked.
pub fn mask_key_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return "…".to_string();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// True when a key id is already in masked form (contains the elision mark).
pub fn is_masked(id: &str) -> bool {
    id.contains('…')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_key_ids() {
        assert_eq!(mask_key_id("AKIAIOSFODNN7EXAMPLE"), "AKIA…MPLE");
        assert_eq!(mask_key_id("short"), "…");
        assert!(is_masked(&mask_key_id("AKIAIOSFODNN7EXAMPLE")));
    }

    #[test]
    fn section_names_match_status() {
        let s = Sections::default();
        for n in SECTION_NAMES {
            assert!(s.status(n).is_some(), "{n}");
        }
        assert!(s.status("nope").is_none());
    }
}
