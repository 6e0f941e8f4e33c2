//! Cloud Asset Inventory wire shapes: `ListAssetsResponse.assets[]` (REST) or the array `gcloud
//! asset list --format=json` prints.

use super::super::resource_manager::raw::Policy;
use serde::Deserialize;

/// The resource-manager asset types whose IAM and org policies are read.
pub const HIERARCHY_TYPES: &[&str] = &[
    "cloudresourcemanager.googleapis.com/Organization",
    "cloudresourcemanager.googleapis.com/Folder",
    "cloudresourcemanager.googleapis.com/Project",
];

/// A project's Identity-Aware Proxy web resource (`//iap.googleapis.com/projects/<number>/iap_web`),
/// whose IAM policy says who may reach the project's IAP-protected apps.
pub const IAP_WEB: &str = "iap.googleapis.com/Web";

/// The asset types read with `contentType=IAM_POLICY`: the hierarchy, and IAP's web resource
/// (listed by the list and export APIs, not the search APIs).
pub const IAM_POLICY_TYPES: &[&str] = &[
    "cloudresourcemanager.googleapis.com/Organization",
    "cloudresourcemanager.googleapis.com/Folder",
    "cloudresourcemanager.googleapis.com/Project",
    IAP_WEB,
];

pub const SERVICE_ACCOUNT: &str = "iam.googleapis.com/ServiceAccount";
pub const SERVICE_ACCOUNT_KEY: &str = "iam.googleapis.com/ServiceAccountKey";
pub const LOG_METRIC: &str = "logging.googleapis.com/LogMetric";
pub const LOG_SINK: &str = "logging.googleapis.com/LogSink";

/// The asset types read with `contentType=RESOURCE`.
pub const RESOURCE_TYPES: &[&str] = &[SERVICE_ACCOUNT, SERVICE_ACCOUNT_KEY, LOG_METRIC, LOG_SINK];

/// What a list holds: the `contentType` it was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Content {
    IamPolicy,
    OrgPolicy,
    Resource,
}

impl Content {
    /// The REST `contentType`.
    pub fn rest(self) -> &'static str {
        match self {
            Content::IamPolicy => "IAM_POLICY",
            Content::OrgPolicy => "ORG_POLICY",
            Content::Resource => "RESOURCE",
        }
    }
    /// The asset types read for this content.
    pub fn asset_types(self) -> &'static [&'static str] {
        match self {
            Content::IamPolicy => IAM_POLICY_TYPES,
            Content::OrgPolicy => HIERARCHY_TYPES,
            Content::Resource => RESOURCE_TYPES,
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Asset {
    /// `//cloudresourcemanager.googleapis.com/projects/123`.
    pub name: String,
    pub asset_type: String,
    /// Nearest first; a project, folder or organization starts with itself
    /// (`["projects/123", "folders/5", "organizations/1"]`).
    #[serde(default)]
    pub ancestors: Vec<String>,
    #[serde(default)]
    pub iam_policy: Option<Policy>,
    /// Organization Policy v1 shapes; only which constraints are set is used (the v2 policies
    /// of those resources are read from the Organization Policy API).
    #[serde(default)]
    pub org_policy: Vec<OrgPolicyV1>,
    #[serde(default)]
    pub resource: Option<Resource>,
}

impl Asset {
    /// The content this asset carries, by its fields.
    pub fn content(&self) -> Option<Content> {
        if self.iam_policy.is_some() {
            Some(Content::IamPolicy)
        } else if !self.org_policy.is_empty() {
            Some(Content::OrgPolicy)
        } else if self.resource.is_some() {
            Some(Content::Resource)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrgPolicyV1 {
    /// `constraints/iam.allowedPolicyMemberDomains`.
    #[serde(default)]
    pub constraint: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// The resource as its own API represents it.
    #[serde(default)]
    pub data: serde_json::Value,
}
