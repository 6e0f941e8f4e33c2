//! Google Workspace / Cloud Identity wire shapes: Admin SDK Directory users, the Reports API
//! accounts usage report (security keys), and Cloud Identity inbound SAML SSO profiles and SSO
//! assignments. None has a gcloud command: these are the REST responses (`curl` with a Workspace
//! admin's token).

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
