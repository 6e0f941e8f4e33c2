//! Microsoft Graph (v1.0) and Azure Resource Manager wire shapes, as `az rest` prints them and as
//! the live collector receives them: camelCase JSON, collections in the envelope
//! `{"@odata.context", "value": [...], "@odata.nextLink"}` (ARM: `{"value", "nextLink"}`), and
//! errors as `{"error": {"code", "message"}}`.
//!
//! Only the fields idgauge reads are declared; unknown fields are ignored (Graph adds properties
//! over time). Optional properties are `Option` or defaulted: a property Graph omits is not the
//! same as `false`, and normalization decides what absence means.

use chrono::{DateTime, Utc};
use serde::Deserialize;

/// A Graph or ARM error body: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ErrorDetail {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// `GET /organization` (one item: the tenant).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub on_premises_sync_enabled: Option<bool>,
    #[serde(default)]
    pub on_premises_last_sync_date_time: Option<DateTime<Utc>>,
}

/// `GET /users?$select=...` (see `endpoints::USERS`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    /// Member or Guest.
    #[serde(default)]
    pub user_type: Option<String>,
    #[serde(default)]
    pub account_enabled: Option<bool>,
    #[serde(default)]
    pub created_date_time: Option<DateTime<Utc>>,
    /// `Invitation` for invited guests, `LocalAccount` for B2C local accounts, null for members.
    #[serde(default)]
    pub creation_type: Option<String>,
    #[serde(default)]
    pub external_user_state: Option<String>,
    /// true when synchronised from an on-premises directory; null otherwise.
    #[serde(default)]
    pub on_premises_sync_enabled: Option<bool>,
    /// The HR employee id (set by Entra Connect from AD `employeeID`, or by HR provisioning).
    #[serde(default)]
    pub employee_id: Option<String>,
    /// The source anchor of a synchronised user: base64 of AD `objectGUID` (or
    /// `ms-DS-ConsistencyGuid`, which Entra Connect sets from it).
    #[serde(default)]
    pub on_premises_immutable_id: Option<String>,
    #[serde(default)]
    pub sign_in_activity: Option<SignInActivity>,
}

/// `signInActivity` (needs Entra ID P1). `0001-01-01T00:00:00Z` means "never".
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SignInActivity {
    #[serde(default)]
    pub last_sign_in_date_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_non_interactive_sign_in_date_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_successful_sign_in_date_time: Option<DateTime<Utc>>,
}

/// `GET /reports/authenticationMethods/userRegistrationDetails`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UserRegistrationDetails {
    /// The user's object id.
    pub id: String,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub is_mfa_registered: Option<bool>,
    #[serde(default)]
    pub is_mfa_capable: Option<bool>,
    #[serde(default)]
    pub is_passwordless_capable: Option<bool>,
    #[serde(default)]
    pub methods_registered: Vec<String>,
    /// When the report row was last refreshed (close to the time of the export).
    #[serde(default)]
    pub last_updated_date_time: Option<DateTime<Utc>>,
}

/// `GET /policies/identitySecurityDefaultsEnforcementPolicy`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SecurityDefaults {
    #[serde(default)]
    pub id: Option<String>,
    pub is_enabled: bool,
}

/// `GET /identity/conditionalAccess/policies`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CaPolicy {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    /// enabled, disabled, enabledForReportingButNotEnforced
    pub state: String,
    #[serde(default)]
    pub conditions: Option<CaConditions>,
    #[serde(default)]
    pub grant_controls: Option<CaGrantControls>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CaConditions {
    #[serde(default)]
    pub users: Option<CaUsers>,
    #[serde(default)]
    pub applications: Option<CaApplications>,
    #[serde(default)]
    pub client_app_types: Option<Vec<String>>,
    #[serde(default)]
    pub sign_in_risk_levels: Option<Vec<String>>,
    #[serde(default)]
    pub user_risk_levels: Option<Vec<String>>,
    #[serde(default)]
    pub locations: Option<serde_json::Value>,
    #[serde(default)]
    pub devices: Option<serde_json::Value>,
    #[serde(default)]
    pub platforms: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CaUsers {
    #[serde(default)]
    pub include_users: Option<Vec<String>>,
    #[serde(default)]
    pub exclude_users: Option<Vec<String>>,
    #[serde(default)]
    pub include_groups: Option<Vec<String>>,
    #[serde(default)]
    pub exclude_groups: Option<Vec<String>>,
    #[serde(default)]
    pub include_roles: Option<Vec<String>>,
    #[serde(default)]
    pub exclude_roles: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CaApplications {
    #[serde(default)]
    pub include_applications: Option<Vec<String>>,
    #[serde(default)]
    pub exclude_applications: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CaGrantControls {
    #[serde(default)]
    pub operator: Option<String>,
    #[serde(default)]
    pub built_in_controls: Option<Vec<String>>,
    #[serde(default)]
    pub authentication_strength: Option<AuthenticationStrength>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationStrength {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub allowed_combinations: Option<Vec<String>>,
}

/// `GET /policies/authenticationMethodsPolicy`: one entity whose
/// `authenticationMethodConfigurations` (expanded on GET) say which methods are enabled for whom.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationMethodsPolicy {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub authentication_method_configurations: Option<Vec<AuthenticationMethodConfiguration>>,
}

/// One method's configuration (`@odata.type` `#microsoft.graph.<method>AuthenticationMethodConfiguration`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationMethodConfiguration {
    /// Fido2, MicrosoftAuthenticator, Sms, Voice, Email, TemporaryAccessPass, SoftwareOath,
    /// X509Certificate, ...
    pub id: String,
    /// enabled, disabled
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub include_targets: Option<Vec<MethodTarget>>,
    #[serde(default)]
    pub exclude_targets: Option<Vec<MethodTarget>>,
}

/// A method's include or exclude target: a group id, or `all_users`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MethodTarget {
    pub id: String,
    /// group (user for some legacy targets)
    #[serde(default)]
    pub target_type: Option<String>,
    /// SMS: usable as a first factor (SMS sign-in).
    #[serde(default)]
    pub is_usable_for_sign_in: Option<bool>,
}

/// `GET /policies/authenticationStrengthPolicies`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationStrengthPolicy {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    /// builtIn, custom
    #[serde(default)]
    pub policy_type: Option<String>,
    #[serde(default)]
    pub allowed_combinations: Option<Vec<String>>,
}

/// `GET /identity/conditionalAccess/namedLocations`: `#microsoft.graph.ipNamedLocation` (with
/// `ipRanges` and `isTrusted`) or `#microsoft.graph.countryNamedLocation`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NamedLocation {
    #[serde(default, rename = "@odata.type")]
    pub odata_type: Option<String>,
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub is_trusted: Option<bool>,
    #[serde(default)]
    pub ip_ranges: Option<Vec<IpRange>>,
    #[serde(default)]
    pub countries_and_regions: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct IpRange {
    #[serde(default)]
    pub cidr_address: Option<String>,
}

/// `GET /identityProtection/riskyUsers` (Entra ID P2): users Identity Protection has scored.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RiskyUser {
    /// The user's object id.
    pub id: String,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub user_display_name: Option<String>,
    /// low, medium, high, hidden, none
    #[serde(default)]
    pub risk_level: Option<String>,
    /// none, confirmedSafe, remediated, dismissed, atRisk, confirmedCompromised
    #[serde(default)]
    pub risk_state: Option<String>,
    #[serde(default)]
    pub risk_detail: Option<String>,
    #[serde(default)]
    pub risk_last_updated_date_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub is_deleted: Option<bool>,
}

/// `GET /roleManagement/directory/roleAssignments?$expand=principal` (active assignments).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    #[serde(default)]
    pub id: Option<String>,
    pub principal_id: String,
    pub role_definition_id: String,
    #[serde(default)]
    pub directory_scope_id: Option<String>,
    #[serde(default)]
    pub principal: Option<DirectoryObject>,
}

/// `GET /roleManagement/directory/roleEligibilitySchedules?$expand=principal` (PIM, Entra ID P2).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RoleEligibilitySchedule {
    #[serde(default)]
    pub id: Option<String>,
    pub principal_id: String,
    pub role_definition_id: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub schedule_info: Option<ScheduleInfo>,
    #[serde(default)]
    pub principal: Option<DirectoryObject>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleInfo {
    #[serde(default)]
    pub expiration: Option<Expiration>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Expiration {
    /// noExpiration, afterDateTime, afterDuration
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub end_date_time: Option<DateTime<Utc>>,
}

/// An expanded `principal`: its `@odata.type` says user, group or service principal.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryObject {
    #[serde(default, rename = "@odata.type")]
    pub odata_type: Option<String>,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
}

/// `GET /servicePrincipals?$select=...`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServicePrincipal {
    pub id: String,
    #[serde(default)]
    pub app_id: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub account_enabled: Option<bool>,
    #[serde(default)]
    pub app_role_assignment_required: Option<bool>,
    /// saml, oidc, password, notSupported, or null.
    #[serde(default)]
    pub preferred_single_sign_on_mode: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// `GET /servicePrincipals/{id}/synchronization/jobs`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SyncJob {
    pub id: String,
    #[serde(default)]
    pub template_id: Option<String>,
    #[serde(default)]
    pub schedule: Option<SyncSchedule>,
    #[serde(default)]
    pub status: Option<SyncStatus>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SyncSchedule {
    /// Active, Disabled, Paused
    #[serde(default)]
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    /// NotConfigured, NotRun, Active, Paused, Quarantine
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub count_successive_complete_failures: Option<u64>,
    #[serde(default)]
    pub last_execution: Option<SyncExecution>,
    #[serde(default)]
    pub last_successful_execution: Option<SyncExecution>,
    #[serde(default)]
    pub quarantine: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SyncExecution {
    #[serde(default)]
    pub time_ended: Option<DateTime<Utc>>,
    /// Succeeded, Failed, ...
    #[serde(default)]
    pub state: Option<String>,
}

/// `GET /policies/authorizationPolicy`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationPolicy {
    /// none, adminsAndGuestInviters, adminsGuestInvitersAndAllMembers, everyone
    #[serde(default)]
    pub allow_invites_from: Option<String>,
}

/// `GET /policies/crossTenantAccessPolicy/default`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CrossTenantDefault {
    #[serde(default)]
    pub b2b_collaboration_inbound: Option<B2bSetting>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct B2bSetting {
    #[serde(default)]
    pub users_and_groups: Option<AccessTargets>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AccessTargets {
    /// allowed, blocked
    #[serde(default)]
    pub access_type: Option<String>,
    #[serde(default)]
    pub targets: Vec<serde_json::Value>,
}

/// `GET /policies/crossTenantAccessPolicy/partners`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CrossTenantPartner {
    pub tenant_id: String,
}

/// `GET /identityGovernance/accessReviews/definitions` (Entra ID P2 / Governance).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AccessReviewDefinition {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    /// NotStarted, InProgress, Completed, ...
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub scope: Option<serde_json::Value>,
}

/// ARM `GET /providers/microsoft.aadiam/diagnosticSettings?api-version=2017-04-01`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticSetting {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub properties: DiagnosticProperties,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticProperties {
    #[serde(default)]
    pub workspace_id: Option<String>,
    #[serde(default)]
    pub storage_account_id: Option<String>,
    #[serde(default)]
    pub event_hub_authorization_rule_id: Option<String>,
    #[serde(default)]
    pub logs: Vec<DiagnosticLog>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticLog {
    pub category: String,
    #[serde(default)]
    pub enabled: bool,
}

/// An Azure RBAC role assignment: the ARM shape (`az rest` of
/// `/subscriptions/{id}/providers/Microsoft.Authorization/roleAssignments`, fields under
/// `properties`) or the Azure CLI's flattened one (`az role assignment list --all -o json`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ArmRoleAssignment {
    pub id: String,
    #[serde(default)]
    pub properties: Option<ArmRoleAssignmentProperties>,
    #[serde(default)]
    pub principal_id: Option<String>,
    #[serde(default)]
    pub principal_type: Option<String>,
    #[serde(default)]
    pub principal_name: Option<String>,
    #[serde(default)]
    pub role_definition_id: Option<String>,
    #[serde(default)]
    pub role_definition_name: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ArmRoleAssignmentProperties {
    #[serde(default)]
    pub principal_id: Option<String>,
    /// User, Group, ServicePrincipal, ForeignGroup, Device
    #[serde(default)]
    pub principal_type: Option<String>,
    #[serde(default)]
    pub role_definition_id: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
}

impl ArmRoleAssignment {
    fn pick<'a>(
        &'a self,
        flat: &'a Option<String>,
        nested: impl Fn(&'a ArmRoleAssignmentProperties) -> &'a Option<String>,
    ) -> Option<&'a str> {
        flat.as_deref()
            .or_else(|| self.properties.as_ref().and_then(|p| nested(p).as_deref()))
    }
    pub fn principal_id(&self) -> Option<&str> {
        self.pick(&self.principal_id, |p| &p.principal_id)
    }
    pub fn principal_type(&self) -> Option<&str> {
        self.pick(&self.principal_type, |p| &p.principal_type)
    }
    pub fn role_definition_id(&self) -> Option<&str> {
        self.pick(&self.role_definition_id, |p| &p.role_definition_id)
    }
    /// Where the assignment is made; the id's prefix when no scope is given.
    pub fn scope(&self) -> &str {
        self.pick(&self.scope, |p| &p.scope).unwrap_or_else(|| {
            self.id
                .split("/providers/Microsoft.Authorization/")
                .next()
                .unwrap_or("")
        })
    }
}

/// ARM `GET /subscriptions?api-version=2022-12-01`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    pub subscription_id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    /// Enabled, Disabled, Warned, PastDue, Deleted
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<String>,
}

/// The subscription id in an ARM id or scope (`/subscriptions/<id>/...`), lower case.
pub fn subscription_of(id: &str) -> Option<String> {
    let lower = id.to_ascii_lowercase();
    let rest = lower.split("/subscriptions/").nth(1)?;
    let sub = rest.split('/').next()?;
    (!sub.is_empty()).then(|| sub.to_string())
}

/// ARM `GET {workspace id}/providers/Microsoft.SecurityInsights/alertRules` (Microsoft Sentinel
/// analytics rules). `kind` is Scheduled, NRT, Fusion, MicrosoftSecurityIncidentCreation,
/// MLBehaviorAnalytics or ThreatIntelligence; only Scheduled and NRT rules carry a KQL `query`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SentinelAlertRule {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub properties: SentinelAlertRuleProperties,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SentinelAlertRuleProperties {
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub incident_configuration: Option<IncidentConfiguration>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct IncidentConfiguration {
    #[serde(default)]
    pub create_incident: Option<bool>,
}

/// ARM `GET /subscriptions/{id}/providers/Microsoft.Insights/scheduledQueryRules` (Azure Monitor
/// log search alerts). The current shape (api-version 2021-08-01 and later) has
/// `scopes`, `criteria.allOf[].query` and `actions.actionGroups`; the legacy one (2018-04-16,
/// still returned for old rules) has `source.query`, `source.dataSourceId`,
/// `action.aznsAction.actionGroup` and `enabled` as the string "true"/"false".
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledQueryRule {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub properties: ScheduledQueryRuleProperties,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledQueryRuleProperties {
    #[serde(default)]
    pub display_name: Option<String>,
    /// `true`/`false`, or `"true"`/`"false"` in the legacy shape.
    #[serde(default)]
    pub enabled: Option<serde_json::Value>,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub criteria: Option<QueryCriteria>,
    #[serde(default)]
    pub actions: Option<QueryActions>,
    #[serde(default)]
    pub source: Option<LegacyQuerySource>,
    #[serde(default)]
    pub action: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct QueryCriteria {
    #[serde(default)]
    pub all_of: Vec<QueryCondition>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct QueryCondition {
    #[serde(default)]
    pub query: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct QueryActions {
    #[serde(default)]
    pub action_groups: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LegacyQuerySource {
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub data_source_id: Option<String>,
}

impl ScheduledQueryRule {
    /// The KQL of every condition (one for the legacy shape).
    pub fn queries(&self) -> Vec<&str> {
        let p = &self.properties;
        let mut q: Vec<&str> = p
            .criteria
            .iter()
            .flat_map(|c| c.all_of.iter())
            .filter_map(|c| c.query.as_deref())
            .collect();
        q.extend(p.source.as_ref().and_then(|s| s.query.as_deref()));
        q
    }

    /// The resources the rule queries (workspace ids), lower case.
    pub fn targets(&self) -> Vec<String> {
        let p = &self.properties;
        p.scopes
            .iter()
            .map(String::as_str)
            .chain(p.source.as_ref().and_then(|s| s.data_source_id.as_deref()))
            .map(|s| s.trim_end_matches('/').to_ascii_lowercase())
            .collect()
    }

    pub fn enabled(&self) -> bool {
        match &self.properties.enabled {
            Some(serde_json::Value::Bool(b)) => *b,
            Some(serde_json::Value::String(s)) => s.eq_ignore_ascii_case("true"),
            _ => false,
        }
    }

    /// Has an action group to notify (current shape) or an Azure Monitor action (legacy).
    pub fn has_action(&self) -> bool {
        let current = self
            .properties
            .actions
            .as_ref()
            .is_some_and(|a| a.action_groups.iter().any(|g| !g.is_empty()));
        let legacy = self
            .properties
            .action
            .as_ref()
            .and_then(|a| a.get("aznsAction"))
            .and_then(|a| a.get("actionGroup"))
            .and_then(serde_json::Value::as_array)
            .is_some_and(|g| !g.is_empty());
        current || legacy
    }
}

/// The Log Analytics workspace an ARM id lies in (`/subscriptions/…/workspaces/<name>`), lower
/// case without a trailing slash.
pub fn workspace_of(id: &str) -> Option<String> {
    let lower = id.to_ascii_lowercase();
    let marker = "/providers/microsoft.operationalinsights/workspaces/";
    let at = lower.find(marker)?;
    let rest = &lower[at + marker.len()..];
    let name = rest.split('/').next()?;
    (!name.is_empty()).then(|| format!("{}{marker}{name}", &lower[..at]))
}

/// ARM `GET /subscriptions/{id}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances`
/// and `…/roleAssignmentScheduleInstances` (PIM for Azure resources, api-version 2020-10-01):
/// the fields under `properties`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ArmScheduleInstance {
    pub id: String,
    #[serde(default)]
    pub properties: ArmScheduleInstanceProperties,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ArmScheduleInstanceProperties {
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub role_definition_id: Option<String>,
    #[serde(default)]
    pub principal_id: Option<String>,
    /// User, Group, ServicePrincipal
    #[serde(default)]
    pub principal_type: Option<String>,
    /// Provisioned, ...
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub end_date_time: Option<DateTime<Utc>>,
    /// Assignment instances: Assigned (made directly) or Activated (from an eligibility).
    #[serde(default)]
    pub assignment_type: Option<String>,
}

impl ArmScheduleInstance {
    /// The role definition GUID, lower case.
    pub fn role_guid(&self) -> String {
        let def = self.properties.role_definition_id.as_deref().unwrap_or("");
        def.rsplit('/').next().unwrap_or(def).to_ascii_lowercase()
    }
}
