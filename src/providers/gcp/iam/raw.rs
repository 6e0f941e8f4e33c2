//! IAM wire shapes: service accounts and their keys (`gcloud iam service-accounts list`,
//! `… keys list --managed-by=user`, or `iam.googleapis.com/v1` REST), and workforce identity
//! pools and their providers.

use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccount {
    /// `projects/<project>/serviceAccounts/<email>`.
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub unique_id: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub disabled: bool,
}

impl ServiceAccount {
    /// The project id, from `projectId` or the resource name.
    pub fn project(&self) -> Option<String> {
        self.project_id.clone().or_else(|| {
            self.name
                .strip_prefix("projects/")
                .and_then(|r| r.split('/').next())
                .map(str::to_string)
        })
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccountKey {
    /// `projects/<project>/serviceAccounts/<email>/keys/<key id>`.
    pub name: String,
    /// USER_MANAGED or SYSTEM_MANAGED.
    #[serde(default)]
    pub key_type: Option<String>,
    #[serde(default)]
    pub key_origin: Option<String>,
    #[serde(default)]
    pub key_algorithm: Option<String>,
    #[serde(default)]
    pub valid_after_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub valid_before_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub disabled: bool,
}

impl ServiceAccountKey {
    /// The service account's email, from the key's resource name.
    pub fn account(&self) -> Option<&str> {
        let rest = self.name.split("/serviceAccounts/").nth(1)?;
        rest.split('/').next()
    }
    pub fn key_id(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }
    pub fn user_managed(&self) -> bool {
        self.key_type.as_deref() != Some("SYSTEM_MANAGED")
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WorkforcePool {
    /// `locations/global/workforcePools/<pool>`.
    pub name: String,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub disabled: bool,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WorkforcePoolProvider {
    /// `locations/global/workforcePools/<pool>/providers/<provider>`.
    pub name: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub saml: Option<serde_json::Value>,
    #[serde(default)]
    pub oidc: Option<Oidc>,
}

impl WorkforcePoolProvider {
    /// `locations/global/workforcePools/<pool>`.
    pub fn pool(&self) -> Option<&str> {
        self.name.split("/providers/").next()
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Oidc {
    #[serde(default)]
    pub issuer_uri: Option<String>,
}
