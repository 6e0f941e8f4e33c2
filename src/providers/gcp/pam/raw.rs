//! Privileged Access Manager wire shapes (`gcloud pam entitlements list`,
//! `privilegedaccessmanager.googleapis.com/v1/{parent}/locations/global/entitlements`).

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Entitlement {
    /// `projects/<p>/locations/global/entitlements/<id>` (or `organizations/…`, `folders/…`).
    pub name: String,
    #[serde(default)]
    pub eligible_users: Vec<EligibleUsers>,
    #[serde(default)]
    pub privileged_access: Option<PrivilegedAccess>,
    #[serde(default)]
    pub max_request_duration: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
}

impl Entitlement {
    /// `projects/p`, `folders/1`, `organizations/1`.
    pub fn resource(&self) -> Option<&str> {
        self.name.split("/locations/").next()
    }
    pub fn roles(&self) -> Vec<&str> {
        self.privileged_access
            .as_ref()
            .and_then(|p| p.gcp_iam_access.as_ref())
            .map(|a| a.role_bindings.iter().map(|b| b.role.as_str()).collect())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EligibleUsers {
    #[serde(default)]
    pub principals: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PrivilegedAccess {
    #[serde(default)]
    pub gcp_iam_access: Option<GcpIamAccess>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct GcpIamAccess {
    #[serde(default)]
    pub role_bindings: Vec<RoleBinding>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RoleBinding {
    pub role: String,
}
