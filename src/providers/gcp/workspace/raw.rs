//! Google Workspace / Cloud Identity wire shapes: Admin SDK Directory users and organisational
//! units, the Reports API accounts usage report (security keys), Cloud Identity inbound SAML SSO
//! profiles and SSO assignments, and the Cloud Identity Policy API's policies (sign-in settings).
//! None has a gcloud command: these are the REST responses (`curl` with a Workspace admin's
//! token).

use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub primary_email: String,
    #[serde(default)]
    pub is_admin: Option<bool>,
    #[serde(default)]
    pub is_delegated_admin: Option<bool>,
    #[serde(default, rename = "isEnrolledIn2Sv")]
    pub is_enrolled_in_2sv: Option<bool>,
    #[serde(default, rename = "isEnforcedIn2Sv")]
    pub is_enforced_in_2sv: Option<bool>,
    /// `1970-01-01T00:00:00.000Z` when the user never signed in.
    #[serde(default)]
    pub last_login_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub creation_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub suspended: Option<bool>,
    #[serde(default)]
    pub archived: Option<bool>,
    #[serde(default)]
    pub external_ids: Vec<ExternalId>,
    /// `/` for the top organisational unit.
    #[serde(default)]
    pub org_unit_path: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExternalId {
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub custom_type: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UsageReport {
    pub entity: UsageEntity,
    #[serde(default)]
    pub parameters: Vec<UsageParameter>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UsageEntity {
    #[serde(default)]
    pub user_email: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UsageParameter {
    pub name: String,
    /// int64 values are JSON strings in Google APIs; accept numbers too.
    #[serde(default)]
    pub int_value: Option<serde_json::Value>,
    #[serde(default)]
    pub bool_value: Option<bool>,
}

impl UsageReport {
    /// `accounts:num_security_keys`, when reported.
    pub fn security_keys(&self) -> Option<u64> {
        let v = self
            .parameters
            .iter()
            .find(|p| p.name == "accounts:num_security_keys")?
            .int_value
            .as_ref()?;
        match v {
            serde_json::Value::String(s) => s.parse().ok(),
            serde_json::Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SsoProfile {
    /// `inboundSamlSsoProfiles/<id>`.
    pub name: String,
    #[serde(default)]
    pub customer: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub idp_config: Option<IdpConfig>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct IdpConfig {
    #[serde(default)]
    pub entity_id: Option<String>,
    #[serde(default)]
    pub single_sign_on_service_uri: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SsoAssignment {
    pub name: String,
    #[serde(default)]
    pub target_group: Option<String>,
    #[serde(default)]
    pub target_org_unit: Option<String>,
    #[serde(default)]
    pub rank: Option<i64>,
    /// SSO_OFF, SAML_SSO, OIDC_SSO, DOMAIN_WIDE_SAML_IF_ENABLED.
    #[serde(default)]
    pub sso_mode: Option<String>,
    #[serde(default)]
    pub saml_sso_info: Option<SamlSsoInfo>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SamlSsoInfo {
    #[serde(default)]
    pub inbound_saml_sso_profile: Option<String>,
}

/// An organisational unit (Admin SDK Directory `orgunits.list`,
/// `?type=all_including_parent`: the top unit `/` included).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrgUnit {
    /// `/` for the top unit, `/Sales/EMEA` below it.
    pub org_unit_path: String,
    /// `id:03ph8a2z1enx4lx`.
    pub org_unit_id: String,
    #[serde(default)]
    pub parent_org_unit_id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

impl OrgUnit {
    /// The id as the Policy API names it (`03ph8a2z1enx4lx`, without `id:`).
    pub fn id(&self) -> &str {
        self.org_unit_id
            .strip_prefix("id:")
            .unwrap_or(&self.org_unit_id)
    }
    pub fn parent_id(&self) -> Option<&str> {
        self.parent_org_unit_id
            .as_deref()
            .map(|p| p.strip_prefix("id:").unwrap_or(p))
    }
}

/// A Cloud Identity Policy API policy (`GET v1/policies`): one setting applied to the entities
/// its query selects (an organisational unit, a group).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CiPolicy {
    /// `policies/<id>`.
    pub name: String,
    #[serde(default)]
    pub customer: Option<String>,
    #[serde(default)]
    pub policy_query: PolicyQuery,
    pub setting: CiSetting,
    /// `ADMIN` (set by an administrator) or `SYSTEM`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PolicyQuery {
    /// The CEL query selecting the entities.
    #[serde(default)]
    pub query: Option<String>,
    /// `orgUnits/<id>`, when the query selects one organisational unit.
    #[serde(default)]
    pub org_unit: Option<String>,
    /// `groups/<id>`, when the query selects one group.
    #[serde(default)]
    pub group: Option<String>,
    /// Precedence among policies of one setting that select the same entity: higher wins.
    #[serde(default)]
    pub sort_order: Option<f64>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CiSetting {
    /// `settings/security.two_step_verification_enforcement`, …
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub value: serde_json::Value,
}

impl CiPolicy {
    /// The setting type without its `settings/` prefix (`security.session_controls`).
    pub fn setting_type(&self) -> &str {
        let k = self.setting.kind.as_str();
        k.strip_prefix("settings/").unwrap_or(k)
    }
    /// The organisational unit id it targets (`03ph8a2z1enx4lx`), when it targets one and no
    /// group.
    pub fn org_unit(&self) -> Option<&str> {
        if self.group().is_some() {
            return None;
        }
        let ou = self.policy_query.org_unit.as_deref()?;
        let id = ou.strip_prefix("orgUnits/").unwrap_or(ou);
        (!id.is_empty()).then_some(id)
    }
    /// The group it targets (`groups/<id>`).
    pub fn group(&self) -> Option<&str> {
        self.policy_query.group.as_deref().filter(|g| !g.is_empty())
    }
    pub fn sort_order(&self) -> f64 {
        self.policy_query.sort_order.unwrap_or(0.0)
    }
    /// A field of the setting's value.
    pub fn value(&self, field: &str) -> Option<&serde_json::Value> {
        self.setting.value.get(field)
    }
}
