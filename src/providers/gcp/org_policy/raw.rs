//! Organization Policy v2 wire shapes (`gcloud org-policies list|describe --format=json`,
//! `orgpolicy.googleapis.com/v2/{parent}/policies`).

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// `projects/<p>/policies/iam.allowedPolicyMemberDomains` (also `organizations/…`,
    /// `folders/…`; a project may be named by number).
    pub name: String,
    #[serde(default)]
    pub spec: Option<Spec>,
}

impl Policy {
    /// (`projects/p`, `iam.allowedPolicyMemberDomains`).
    pub fn split(&self) -> Option<(&str, &str)> {
        let (res, constraint) = self.name.split_once("/policies/")?;
        Some((res, constraint))
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Spec {
    #[serde(default)]
    pub rules: Vec<PolicyRule>,
    #[serde(default)]
    pub inherit_from_parent: bool,
    #[serde(default)]
    pub reset: bool,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PolicyRule {
    #[serde(default)]
    pub values: Option<Values>,
    #[serde(default)]
    pub allow_all: Option<bool>,
    #[serde(default)]
    pub deny_all: Option<bool>,
    #[serde(default)]
    pub enforce: Option<bool>,
    #[serde(default)]
    pub condition: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Values {
    #[serde(default)]
    pub allowed_values: Vec<String>,
    #[serde(default)]
    pub denied_values: Vec<String>,
}
